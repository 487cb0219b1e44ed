/* server-runner.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib-unix.h>

#include "server-cgroup.h"
#include "server-reaper.h"
#include "server-runner.h"
#include "server-sandbox-bwrap.h"
#include "server-spawn.h"

/* Runs one command: spawns it (inside bubblewrap, or under a reaper when
 * isolation is off) in its own session, reads stdout and stderr while it
 * runs (keeping at most output_limit bytes of each), and kills all it
 * started when the timeout expires or the request is cancelled. Blocking:
 * call it from a worker thread. */

#define READ_CHUNK 65536
#define EXIT_GRACE_MS 250
#define REAPER_GRACE_MS 2000

typedef struct
{
  struct rlimit  cpu;
  struct rlimit  as;
  struct rlimit  fsize;
  struct rlimit  nproc;
  struct rlimit  nofile;
  gboolean       set_nproc;
  gboolean       reap;
  gboolean       drop;
  uid_t          uid;
  gid_t          gid;
  const char * const *cgroup_procs;
} ChildSetup;

static const char drop_failed_msg[] =
  "sandbox-server: cannot switch to the unprivileged user\n";
static const char join_failed_msg[] =
  "sandbox-server: cannot join the execution's control group\n";

static void
fail_child (const char *msg,
            gsize       len)
{
  if (write (STDERR_FILENO, msg, len) < 0)
    _exit (126);
  _exit (126);
}

/* Moves the calling process into the execution's control group. */
static void
join_cgroup (const char * const *procs_files)
{
  for (guint i = 0; procs_files != NULL && procs_files[i] != NULL; i++)
    {
      int fd = open (procs_files[i], O_WRONLY | O_CLOEXEC);

      if (fd < 0 || write (fd, "0", 1) != 1)
        fail_child (join_failed_msg, sizeof join_failed_msg - 1);
      close (fd);
    }
}

/* Runs in the child between fork and exec: async-signal-safe calls only. */
static void
child_setup (gpointer user_data)
{
  const ChildSetup *cs = user_data;
  struct rlimit zero = { 0, 0 };
  sigset_t set;

  sigemptyset (&set);
  sigprocmask (SIG_SETMASK, &set, NULL);
  signal (SIGPIPE, SIG_DFL);
  setsid ();

  /* Before the reaper forks and privileges go: all of it runs there. */
  join_cgroup (cs->cgroup_procs);

  /* Without bubblewrap's PID namespace to take them, what the command
   * leaves behind is killed by its reaper. */
  if (cs->reap)
    server_reaper_fork ();

  if (cs->drop)
    {
      if (syscall (SYS_setgroups, 0, NULL) != 0
          || syscall (SYS_setresgid, cs->gid, cs->gid, cs->gid) != 0
          || syscall (SYS_setresuid, cs->uid, cs->uid, cs->uid) != 0)
        fail_child (drop_failed_msg, sizeof drop_failed_msg - 1);
    }

  setrlimit (RLIMIT_CORE, &zero);
  setrlimit (RLIMIT_CPU, &cs->cpu);
  setrlimit (RLIMIT_AS, &cs->as);
  setrlimit (RLIMIT_FSIZE, &cs->fsize);
  setrlimit (RLIMIT_NOFILE, &cs->nofile);
  if (cs->set_nproc)
    setrlimit (RLIMIT_NPROC, &cs->nproc);

  /* After the uid change, which clears it. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
fill_child_setup (const ServerSettings *settings,
                  const ServerCgroup   *cgroup,
                  double                timeout,
                  ChildSetup           *cs)
{
  rlim_t cpu = settings->limit_cpu;

  if (cpu == 0)
    cpu = (rlim_t) ceil (MAX (timeout, settings->timeout)) + 1;

  cs->cpu.rlim_cur = cs->cpu.rlim_max = cpu;
  cs->as.rlim_cur = cs->as.rlim_max =
    settings->limit_memory ? settings->limit_memory : RLIM_INFINITY;
  cs->fsize.rlim_cur = cs->fsize.rlim_max =
    settings->limit_file_size ? settings->limit_file_size : RLIM_INFINITY;
  cs->nproc.rlim_cur = cs->nproc.rlim_max = settings->limit_processes;
  cs->nofile.rlim_cur = cs->nofile.rlim_max = 1024;
  /* RLIMIT_NPROC counts the sandbox user's processes in every execution:
   * only when no control group counts each execution's. */
  cs->set_nproc = settings->limit_processes > 0 && cgroup == NULL
                  && settings->drop_privileges;
  cs->cgroup_procs = cgroup != NULL ? server_cgroup_procs_files (cgroup)
                                    : NULL;
  cs->reap = settings->no_isolation;
  cs->drop = settings->drop_privileges;
  cs->uid = settings->sandbox_uid;
  cs->gid = settings->sandbox_gid;
}

void
server_run_result_clear (ServerRunResult *result)
{
  g_clear_pointer (&result->out, g_byte_array_unref);
  g_clear_pointer (&result->err, g_byte_array_unref);
  memset (result, 0, sizeof *result);
}

/* Reads what is available on @fd; returns FALSE at end of file. */
static gboolean
drain_fd (int         fd,
          GByteArray *buffer,
          guint64    *total,
          guint64     limit)
{
  guint8 chunk[READ_CHUNK];

  for (;;)
    {
      gssize n = read (fd, chunk, sizeof chunk);

      if (n > 0)
        {
          if (buffer->len < limit)
            g_byte_array_append (buffer, chunk,
                                 (guint) MIN ((guint64) n, limit - buffer->len));
          *total += n;
          continue;
        }
      if (n == 0)
        return FALSE;
      if (errno == EINTR)
        continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK)
        return TRUE;
      return FALSE;
    }
}

static int
open_pidfd (GPid pid)
{
#ifdef SYS_pidfd_open
  return (int) syscall (SYS_pidfd_open, pid, 0);
#else
  errno = ENOSYS;
  return -1;
#endif
}

/* Whether @pid has exited, without reaping it (its pid, and so its process
 * group id, stay reserved until waitpid()). */
static gboolean
has_exited (GPid pid)
{
  siginfo_t info = { 0 };

  if (waitid (P_PID, pid, &info, WEXITED | WNOHANG | WNOWAIT) != 0)
    return TRUE;
  return info.si_pid == pid;
}

static int
reap (GPid pid)
{
  int status = 0;

  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  if (WIFSIGNALED (status))
    return 128 + WTERMSIG (status);
  return -1;
}

static void
kill_group (GPid pid)
{
  kill (-pid, SIGKILL);
  kill (pid, SIGKILL);
}

/* Stops a command that is still running, and all it started. */
static void
stop (const ServerSettings *settings,
      GPid                  pid,
      int                   pidfd)
{
  if (settings->no_isolation)
    {
      /* Its reaper kills the command's processes and exits; should it not
       * (a command running as the server's user can kill it), the group
       * goes as with isolation. */
      kill (pid, SIGTERM);
      if (pidfd >= 0)
        {
          struct pollfd fd = { pidfd, POLLIN, 0 };

          while (poll (&fd, 1, REAPER_GRACE_MS) < 0 && errno == EINTR)
            ;
        }
      else
        for (guint i = 0; i < REAPER_GRACE_MS / 10 && !has_exited (pid); i++)
          g_usleep (10 * 1000);
    }
  kill_group (pid);
}

gboolean
server_runner_run (const ServerSettings  *settings,
                   const char            *workdir,
                   const char            *command,
                   char                 **envp,
                   double                 timeout,
                   const ServerCgroup    *cgroup,
                   GCancellable          *cancellable,
                   ServerRunResult       *result,
                   GError               **error)
{
  g_autoptr(GPtrArray) argv = NULL;
  ChildSetup cs = { 0 };
  GPollFD cancel_pollfd = { -1, 0, 0 };
  gboolean have_cancel_fd = FALSE;
  gboolean out_open = TRUE;
  gboolean err_open = TRUE;
  gboolean exited = FALSE;
  gint64 start;
  gint64 deadline;
  gint64 exit_time = 0;
  int out_fd = -1;
  int err_fd = -1;
  int pidfd;
  GPid pid;

  memset (result, 0, sizeof *result);
  result->out = g_byte_array_new ();
  result->err = g_byte_array_new ();

  if (settings->no_isolation)
    {
      argv = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (argv, g_strdup (settings->bash_path));
      g_ptr_array_add (argv, g_strdup ("-c"));
      g_ptr_array_add (argv, g_strdup (command));
      g_ptr_array_add (argv, NULL);
    }
  else
    argv = server_bwrap_build_argv (settings, workdir, command);

  fill_child_setup (settings, cgroup, timeout, &cs);

  start = g_get_monotonic_time ();
  deadline = start + (gint64) (timeout * G_USEC_PER_SEC);

  /* The reaper forks in the child: only a real fork() can do that. */
  if (!cs.reap && g_path_is_absolute (argv->pdata[0]))
    {
      if (!server_spawn_vfork (workdir, (char * const *) argv->pdata, envp,
                               child_setup, &cs, &pid, &out_fd, &err_fd, error))
        return FALSE;
    }
  else if (!g_spawn_async_with_pipes_and_fds (workdir,
                                              (const char * const *) argv->pdata,
                                              (const char * const *) envp,
                                              G_SPAWN_DO_NOT_REAP_CHILD
                                              | G_SPAWN_STDIN_FROM_DEV_NULL
                                              | G_SPAWN_CLOEXEC_PIPES,
                                              child_setup, &cs,
                                              -1, -1, -1, NULL, NULL, 0,
                                              &pid, NULL, &out_fd, &err_fd,
                                              error))
    return FALSE;
  result->spawn_us = g_get_monotonic_time () - start;

  g_unix_set_fd_nonblocking (out_fd, TRUE, NULL);
  g_unix_set_fd_nonblocking (err_fd, TRUE, NULL);
  pidfd = open_pidfd (pid);
  if (cancellable != NULL)
    have_cancel_fd = g_cancellable_make_pollfd (cancellable, &cancel_pollfd);

  for (;;)
    {
      struct pollfd fds[4];
      nfds_t n = 0;
      int out_idx = -1, err_idx = -1, pid_idx = -1, cancel_idx = -1;
      gint64 now = g_get_monotonic_time ();
      gint64 wait_us;
      int wait_ms;

      if (g_cancellable_is_cancelled (cancellable))
        {
          result->cancelled = TRUE;
          break;
        }
      if (exited)
        {
          if ((!out_open && !err_open) || now >= deadline
              || now - exit_time >= EXIT_GRACE_MS * 1000)
            break;
        }
      else if (now >= deadline)
        {
          result->timed_out = TRUE;
          break;
        }

      wait_us = deadline - now;
      if (exited)
        wait_us = MIN (wait_us, EXIT_GRACE_MS * 1000 - (now - exit_time));
      else if (pidfd < 0)
        wait_us = MIN (wait_us, 10000);
      wait_ms = (int) MAX (1, (wait_us + 999) / 1000);

      if (out_open)
        {
          out_idx = n;
          fds[n++] = (struct pollfd) { out_fd, POLLIN, 0 };
        }
      if (err_open)
        {
          err_idx = n;
          fds[n++] = (struct pollfd) { err_fd, POLLIN, 0 };
        }
      if (!exited && pidfd >= 0)
        {
          pid_idx = n;
          fds[n++] = (struct pollfd) { pidfd, POLLIN, 0 };
        }
      if (have_cancel_fd)
        {
          cancel_idx = n;
          fds[n++] = (struct pollfd) { cancel_pollfd.fd, POLLIN, 0 };
        }

      if (poll (fds, n, wait_ms) < 0 && errno != EINTR)
        break;

      if (out_idx >= 0 && fds[out_idx].revents != 0)
        out_open = drain_fd (out_fd, result->out, &result->out_total,
                             settings->output_limit);
      if (err_idx >= 0 && fds[err_idx].revents != 0)
        err_open = drain_fd (err_fd, result->err, &result->err_total,
                             settings->output_limit);
      (void) cancel_idx;

      if (!exited && (pid_idx < 0 || fds[pid_idx].revents != 0)
          && has_exited (pid))
        {
          /* Leftovers in its process group go with it (bubblewrap's PID
           * namespace, or the reaper without isolation, took the others). */
          kill (-pid, SIGKILL);
          result->exit_code = reap (pid);
          exited = TRUE;
          exit_time = g_get_monotonic_time ();
        }
    }

  if (!exited)
    {
      stop (settings, pid, pidfd);
      result->exit_code = reap (pid);
    }

  result->elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  result->run_us = g_get_monotonic_time () - start - result->spawn_us;

  if (have_cancel_fd)
    g_cancellable_release_fd (cancellable);
  if (pidfd >= 0)
    close (pidfd);
  close (out_fd);
  close (err_fd);

  return TRUE;
}
