/* server-spawn.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>

#include "server-spawn.h"

/* Starts a program the way posix_spawn() does: the child shares the
 * server's memory until it calls exec (CLONE_VM | CLONE_VFORK), so nothing
 * of the server is copied for a process that replaces itself at once. The
 * child runs @child_setup (async-signal-safe calls only, and no fork),
 * gets /dev/null as stdin and pipes as stdout and stderr, no other file
 * descriptor, and @argv[0] (an absolute path) with @envp. */

#define CHILD_STACK_SIZE (64 * 1024)

typedef struct
{
  const char            *workdir;
  char * const          *argv;
  char * const          *envp;
  GSpawnChildSetupFunc   child_setup;
  gpointer               user_data;
  int                    null_fd;
  int                    out_fd;
  int                    err_fd;
  int                    exec_errno;
} SpawnArgs;

static void
close_from_3 (void)
{
  struct rlimit rl;

#ifdef SYS_close_range
  if (syscall (SYS_close_range, 3, ~0U, 0) == 0)
    return;
#endif
  if (getrlimit (RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
    rl.rlim_cur = 65536;
  for (rlim_t fd = 3; fd < rl.rlim_cur; fd++)
    close ((int) fd);
}

/* In the child, on its own stack, in the server's memory. */
static int
child_main (void *data)
{
  SpawnArgs *args = data;
  struct sigaction dfl = { 0 };

  /* No handler of the server may run here: back to the defaults (the mask,
   * all blocked by the parent, is the child setup's to restore). */
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; sig++)
    {
      struct sigaction old;

      if (sigaction (sig, NULL, &old) == 0 && old.sa_handler != SIG_DFL
          && old.sa_handler != SIG_IGN)
        sigaction (sig, &dfl, NULL);
    }

  if (dup2 (args->null_fd, STDIN_FILENO) < 0
      || dup2 (args->out_fd, STDOUT_FILENO) < 0
      || dup2 (args->err_fd, STDERR_FILENO) < 0
      || chdir (args->workdir) != 0)
    {
      args->exec_errno = errno;
      _exit (127);
    }
  close_from_3 ();

  args->child_setup (args->user_data);
  execve (args->argv[0], args->argv, args->envp);
  args->exec_errno = errno;
  _exit (127);
}

gboolean
server_spawn_vfork (const char            *workdir,
                    char * const          *argv,
                    char * const          *envp,
                    GSpawnChildSetupFunc   child_setup,
                    gpointer               user_data,
                    GPid                  *out_pid,
                    int                   *out_stdout,
                    int                   *out_stderr,
                    GError               **error)
{
  SpawnArgs args = { workdir, argv, envp, child_setup, user_data, -1, -1, -1, 0 };
  g_autofree guint8 *stack = NULL;
  int out_pipe[2] = { -1, -1 };
  int err_pipe[2] = { -1, -1 };
  sigset_t all, old;
  int saved_errno;
  pid_t pid;

  g_return_val_if_fail (g_path_is_absolute (argv[0]), FALSE);

  args.null_fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  if (args.null_fd < 0 || pipe2 (out_pipe, O_CLOEXEC) != 0
      || pipe2 (err_pipe, O_CLOEXEC) != 0)
    {
      saved_errno = errno;
      goto fail;
    }
  args.out_fd = out_pipe[1];
  args.err_fd = err_pipe[1];

  stack = g_malloc (CHILD_STACK_SIZE);
  sigfillset (&all);
  pthread_sigmask (SIG_SETMASK, &all, &old);
  pid = clone (child_main, stack + CHILD_STACK_SIZE,
               CLONE_VM | CLONE_VFORK | SIGCHLD, &args);
  saved_errno = errno;
  pthread_sigmask (SIG_SETMASK, &old, NULL);

  if (pid < 0)
    goto fail;
  if (args.exec_errno != 0)
    {
      saved_errno = args.exec_errno;
      while (waitpid (pid, NULL, 0) < 0 && errno == EINTR)
        ;
      goto fail;
    }

  close (args.null_fd);
  close (out_pipe[1]);
  close (err_pipe[1]);
  *out_pid = pid;
  *out_stdout = out_pipe[0];
  *out_stderr = err_pipe[0];
  return TRUE;

fail:
  for (guint i = 0; i < 2; i++)
    {
      if (out_pipe[i] >= 0)
        close (out_pipe[i]);
      if (err_pipe[i] >= 0)
        close (err_pipe[i]);
    }
  if (args.null_fd >= 0)
    close (args.null_fd);
  g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
               "Failed to execute child process “%s” (%s)", argv[0],
               g_strerror (saved_errno));
  return FALSE;
}
