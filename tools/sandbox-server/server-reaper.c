/* server-reaper.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "server-reaper.h"

/* Without isolation, a command's processes can leave its process group and
 * session (setsid) and, once their parent exits, be adopted by init: they
 * would outlive the request. So each unisolated command runs under a
 * reaper: a process forked between fork and exec, keeping the server's
 * credentials (the command cannot signal it when the server is root), the
 * subreaper of everything the command starts. When the command's shell
 * ends, or on SIGTERM (sent by the server at a timeout, or on the server's
 * death), it kills all that is left, then exits with the shell's status.
 * Async-signal-safe calls only: it runs in a child of a threaded program. */

/* Killing stops when orphans still do not die (in uninterruptible sleep). */
#define KILL_ROUNDS 5000
#define KILL_ROUND_NS (1000 * 1000)

struct linux_dirent64
{
  guint64         d_ino;
  gint64          d_off;
  unsigned short  d_reclen;
  unsigned char   d_type;
  char            d_name[];
};

static volatile pid_t shell_pid;

/* Its children come to us once it is dead, and kill_all() takes them. */
static void
kill_shell (int sig)
{
  kill (shell_pid, SIGKILL);
}

static pid_t
parse_pid (const char *text)
{
  pid_t pid = 0;

  for (; *text >= '0' && *text <= '9'; text++)
    pid = pid * 10 + (*text - '0');
  return pid;
}

/* The parent of process @name (a /proc entry), or -1. */
static pid_t
parent_of (const char *name)
{
  char path[64] = "/proc/";
  char stat[512];
  char *paren;
  gssize n;
  int fd;

  if (strlen (name) > 20)
    return -1;
  strcat (strcat (path, name), "/stat");
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  n = read (fd, stat, sizeof stat - 1);
  close (fd);
  if (n <= 0)
    return -1;
  stat[n] = '\0';
  /* "pid (comm) state ppid ...", where comm may hold anything. */
  paren = strrchr (stat, ')');
  if (paren == NULL || strlen (paren) < 5)
    return -1;
  return parse_pid (paren + 4);
}

/* Without /proc/<pid>/task/<tid>/children (CONFIG_PROC_CHILDREN), looks for
 * the processes whose parent is us. */
static void
kill_children_by_scan (void)
{
  int fd = open ("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  pid_t self = getpid ();
  char buf[4096];
  long n;

  if (fd < 0)
    return;
  while ((n = syscall (SYS_getdents64, fd, buf, sizeof buf)) > 0)
    for (long off = 0; off < n;)
      {
        struct linux_dirent64 *de = (void *) (buf + off);

        if (de->d_name[0] >= '0' && de->d_name[0] <= '9'
            && parent_of (de->d_name) == self)
          kill (parse_pid (de->d_name), SIGKILL);
        off += de->d_reclen;
      }
  close (fd);
}

/* Sends SIGKILL to each child of this (single-threaded) process. */
static void
kill_children (void)
{
  int fd = open ("/proc/thread-self/children", O_RDONLY | O_CLOEXEC);
  gboolean in_number = FALSE;
  pid_t pid = 0;
  char buf[4096];
  gssize n;

  if (fd < 0)
    {
      kill_children_by_scan ();
      return;
    }
  while ((n = read (fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
    for (gssize i = 0; i < n; i++)
      {
        if (buf[i] >= '0' && buf[i] <= '9')
          {
            pid = pid * 10 + (buf[i] - '0');
            in_number = TRUE;
            continue;
          }
        if (in_number)
          kill (pid, SIGKILL);
        pid = 0;
        in_number = FALSE;
      }
  if (in_number)
    kill (pid, SIGKILL);
  close (fd);
}

/* Orphans come to us as their parents die: kill until none is left. */
static void
kill_all (void)
{
  struct timespec pause = { 0, KILL_ROUND_NS };

  for (guint round = 0; round < KILL_ROUNDS; round++)
    {
      pid_t pid;

      kill_children ();
      while ((pid = waitpid (-1, NULL, WNOHANG)) > 0)
        ;
      if (pid < 0 && errno == ECHILD)
        return;
      nanosleep (&pause, NULL);
    }
}

static void
close_all_fds (void)
{
  struct rlimit rl;

#ifdef SYS_close_range
  if (syscall (SYS_close_range, 0, ~0U, 0) == 0)
    return;
#endif
  if (getrlimit (RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
    rl.rlim_cur = 65536;
  for (rlim_t fd = 0; fd < rl.rlim_cur; fd++)
    close ((int) fd);
}

/* Returns in the command's process, never in the reaper. Both stay in the
 * same process group, which the server kills should the reaper be gone. */
void
server_reaper_fork (void)
{
  struct sigaction action = { .sa_handler = kill_shell };
  sigset_t term;
  int status = 0;
  pid_t pid;

  sigemptyset (&term);
  sigaddset (&term, SIGTERM);
  sigprocmask (SIG_BLOCK, &term, NULL);
  prctl (PR_SET_CHILD_SUBREAPER, 1);

  pid = fork ();
  if (pid <= 0)
    {
      /* The command (or, when fork failed, the command with no reaper). */
      if (pid < 0)
        prctl (PR_SET_CHILD_SUBREAPER, 0);
      sigprocmask (SIG_UNBLOCK, &term, NULL);
      return;
    }

  /* Its copies of the pipes would keep the server waiting. */
  close_all_fds ();
  shell_pid = pid;
  sigaction (SIGTERM, &action, NULL);
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  sigprocmask (SIG_UNBLOCK, &term, NULL);

  for (;;)
    {
      pid_t done = waitpid (-1, &status, 0);

      if (done == pid)
        break;
      if (done < 0 && errno != EINTR)
        {
          status = 0;
          break;
        }
    }

  /* Its pid may be reused now: the handler must not kill it any more. */
  sigprocmask (SIG_BLOCK, &term, NULL);
  kill_all ();
  if (WIFSIGNALED (status))
    _exit (128 + WTERMSIG (status));
  _exit (WEXITSTATUS (status));
}
