/* cli-interrupt.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include <glib-unix.h>

#include "cli-interrupt.h"

/* Ctrl-C (SIGINT), SIGTERM and SIGHUP cancel what the command is doing
 * instead of killing it, so that it can clean up after itself (a download
 * removes its partial file) and exit with 128 plus the signal's number, as
 * a shell reports a killed command. A second signal kills at once.
 *
 * The handler only writes a byte to a pipe; a thread reading it cancels
 * the cancellable that every operation of the command is given. */

static GCancellable *cancellable;
static int pipe_fds[2] = { -1, -1 };
static volatile sig_atomic_t received_signal;

static void
signal_handler (int signum)
{
  int saved_errno = errno;
  char byte = 0;

  if (received_signal != 0)
    {
      signal (signum, SIG_DFL);
      raise (signum);
      return;
    }

  received_signal = signum;
  if (write (pipe_fds[1], &byte, 1) < 0)
    {
      /* Nothing to do in a signal handler: the command goes on. */
    }
  errno = saved_errno;
}

static gpointer
watch_thread (gpointer user_data)
{
  char byte;

  while (read (pipe_fds[0], &byte, 1) < 0 && errno == EINTR)
    ;
  g_cancellable_cancel (cancellable);

  return NULL;
}

void
cli_interrupt_init (void)
{
  static const int signals[] = { SIGINT, SIGTERM, SIGHUP };
  struct sigaction action = { 0 };
  g_autoptr(GError) error = NULL;

  cancellable = g_cancellable_new ();
  if (!g_unix_open_pipe (pipe_fds, FD_CLOEXEC, &error))
    return;

  action.sa_handler = signal_handler;
  action.sa_flags = SA_RESTART;
  sigemptyset (&action.sa_mask);
  for (gsize i = 0; i < G_N_ELEMENTS (signals); i++)
    sigaction (signals[i], &action, NULL);

  g_thread_unref (g_thread_new ("sandbox-cli-signals", watch_thread, NULL));
}

/* Give this to every operation: it is cancelled by the signals above. */
GCancellable *
cli_interrupt_get_cancellable (void)
{
  return cancellable;
}

/* The signal that interrupted the command, or 0. */
int
cli_interrupt_get_signal (void)
{
  return received_signal;
}
