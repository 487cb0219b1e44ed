/* budget-hog.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Run inside a sandbox by the budget tests (uploaded with the execution):
 * tries to hold host memory or processes one way and says how much it
 * held at once. Plain C, no library but libc: the sandbox sees only /usr.
 *
 *   budget-hog file PATH MIB   a file (on a tmpfs: memory)
 *   budget-hog memfd MIB       a memfd_create() file
 *   budget-hog sysv MIB        SysV shared memory segments, left detached
 *   budget-hog procs N MIB     N processes of MIB each, at once
 *   budget-hog fork N SECONDS [MARKER]  up to N processes kept SECONDS
 *
 * It prints "held M" (MiB held at once) or "forked M", and "done". */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#define MIB (1024 * 1024)

static char chunk[MIB];
/* So that the compiler keeps what is touched. */
static char *volatile kept;

/* Unbuffered: a process killed for memory has said what it held. */
static void
say (const char *what,
     long        n)
{
  char line[64];
  int len = snprintf (line, sizeof line, "%s %ld\n", what, n);

  if (write (STDOUT_FILENO, line, len) < 0)
    _exit (3);
}

static int
hold_fd (int  fd,
         long mib)
{
  long held = 0;

  for (long i = 0; i < mib; i++)
    {
      if (write (fd, chunk, MIB) != MIB)
        break;
      say ("held", ++held);
    }
  return 0;
}

static int
hold_sysv (long mib)
{
  long held = 0;

  for (long i = 0; i < mib; i++)
    {
      int id = shmget (IPC_PRIVATE, MIB, IPC_CREAT | 0600);
      void *p;

      if (id < 0)
        break;
      p = shmat (id, NULL, 0);
      if (p == (void *) -1)
        break;
      memset (p, 1, MIB);
      shmdt (p);
      say ("held", ++held);
    }
  return 0;
}

/* N children touch MIB each, then wait; those alive once all are done
 * held their memory at once. */
static int
hold_procs (long n,
            long mib)
{
  pid_t pids[64];
  int ready[2];
  long held = 0;
  char byte;

  if (n > 64 || pipe (ready) != 0)
    return 2;
  for (long i = 0; i < n; i++)
    {
      pids[i] = fork ();
      if (pids[i] == 0)
        {
          char *p = malloc ((size_t) mib * MIB);

          close (ready[0]);
          if (p == NULL)
            _exit (1);
          memset (p, 1, (size_t) mib * MIB);
          kept = p;
          if (write (ready[1], "r", 1) != 1)
            _exit (1);
          pause ();
          _exit (0);
        }
    }
  close (ready[1]);
  fcntl (ready[0], F_SETFL, O_NONBLOCK);
  /* Until each is ready or dead (killed for memory, say). */
  for (long got = 0, dead = 0; got + dead < n;)
    {
      while (read (ready[0], &byte, 1) == 1)
        got++;
      for (long i = 0; i < n; i++)
        if (pids[i] > 0 && waitpid (pids[i], NULL, WNOHANG) == pids[i])
          {
            pids[i] = -1;
            dead++;
          }
      usleep (10000);
    }
  /* The children that still live, all ready, hold their memory now. */
  for (long i = 0; i < n; i++)
    if (pids[i] > 0 && waitpid (pids[i], NULL, WNOHANG) == 0)
      held += mib;
  /* pids[] of the dead are -1 now. */
  say ("held", held);
  for (long i = 0; i < n; i++)
    if (pids[i] > 0)
      {
        kill (pids[i], SIGKILL);
        waitpid (pids[i], NULL, 0);
      }
  return 0;
}

static int
fork_many (long n,
           long seconds)
{
  static pid_t pids[1024];
  long forked = 0;

  for (long i = 0; i < n && i < 1024; i++)
    {
      pid_t pid = fork ();

      if (pid < 0)
        break;
      if (pid == 0)
        {
          alarm ((unsigned) seconds + 1);
          pause ();
          _exit (0);
        }
      pids[forked++] = pid;
    }
  say ("forked", forked);
  if (seconds > 0)
    sleep ((unsigned) seconds);
  for (long i = 0; i < forked; i++)
    {
      kill (pids[i], SIGKILL);
      waitpid (pids[i], NULL, 0);
    }
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  int status = 2;

  memset (chunk, 1, sizeof chunk);
  say ("held", 0);
  if (argc == 4 && strcmp (argv[1], "file") == 0)
    {
      int fd = open (argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0600);

      status = fd < 0 ? 0 : hold_fd (fd, atol (argv[3]));
    }
  else if (argc == 3 && strcmp (argv[1], "memfd") == 0)
    {
      int fd = memfd_create ("hog", 0);

      status = fd < 0 ? 2 : hold_fd (fd, atol (argv[2]));
    }
  else if (argc == 3 && strcmp (argv[1], "sysv") == 0)
    status = hold_sysv (atol (argv[2]));
  else if (argc == 4 && strcmp (argv[1], "procs") == 0)
    status = hold_procs (atol (argv[2]), atol (argv[3]));
  else if ((argc == 4 || argc == 5) && strcmp (argv[1], "fork") == 0)
    status = fork_many (atol (argv[2]), atol (argv[3]));
  say ("done", status);
  return status;
}
