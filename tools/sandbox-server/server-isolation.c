/* server-isolation.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "server-cgroup.h"
#include "server-fsutil.h"
#include "server-isolation.h"
#include "server-runner.h"
#include "server-sandbox-bwrap.h"

/* Decides at start-up how commands run: inside bubblewrap when it works
 * here (probed once by running a trivial command in it), unprivileged (as
 * root, the server switches to the sandbox uid before starting bwrap);
 * without isolation only when asked to. */

#define NO_ISOLATION_WARNING \
  "Commands run without isolation (--no-isolation): they can read and " \
  "write what the server's user can (only their working directory is " \
  "size-limited), see its processes and reach the network. What they " \
  "leave running is killed when their command ends, unless they kill " \
  "the reaper that does it (they can when the server is not root)."
#define ROOT_MAPPED_WARNING \
  "bubblewrap cannot run as the unprivileged user here: commands run as " \
  "host root mapped to an unprivileged user inside a user namespace " \
  "(--allow-weaker-isolation)"

/* Whether uid/gid can search @dir and every directory above it; if not,
 * says which one stops it. */
static gboolean
reachable (const char  *dir,
           guint        uid,
           guint        gid,
           GError     **error)
{
  g_autofree char *path = g_canonicalize_filename (dir, NULL);

  for (;;)
    {
      g_autofree char *parent = NULL;
      struct stat st;

      if (g_stat (path, &st) == 0
          && !(st.st_uid == uid ? (st.st_mode & S_IXUSR)
               : st.st_gid == gid ? (st.st_mode & S_IXGRP)
               : (st.st_mode & S_IXOTH)))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                       "the sandbox user (uid %u) cannot reach the working "
                       "directories in %s: %s has mode %04o (let others "
                       "search it, chmod o+x, or choose another --work-dir)",
                       uid, dir, path, (guint) (st.st_mode & 07777));
          return FALSE;
        }
      parent = g_path_get_dirname (path);
      if (strcmp (parent, path) == 0)
        return TRUE;
      g_free (path);
      path = g_steal_pointer (&parent);
    }
}

static gboolean
probe (ServerSettings  *settings,
       GError         **error)
{
  g_autofree char *dir = g_build_filename (settings->work_root, "probe-XXXXXX",
                                           NULL);
  g_autoptr(GError) local_error = NULL;
  ServerRunResult run = { 0 };
  ServerCgroup *cgroup;
  gboolean ok;
  char *env[] = { (char *) "PATH=/usr/bin:/bin", NULL };

  g_strfreev (settings->bwrap_args);
  settings->bwrap_args = NULL;
  if (!server_bwrap_prepare (settings, error))
    return FALSE;

  if (g_mkdtemp_full (dir, 0700) == NULL)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "Cannot create %s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  if (settings->drop_privileges)
    {
      if (chown (dir, settings->sandbox_uid, settings->sandbox_gid) != 0)
        g_warning ("Cannot give %s to uid %u: %s", dir, settings->sandbox_uid,
                   g_strerror (errno));
    }

  if (settings->drop_privileges
      && !reachable (settings->work_root, settings->sandbox_uid,
                     settings->sandbox_gid, error))
    {
      server_fs_remove_tree (dir);
      return FALSE;
    }

  cgroup = settings->cgroup_memory_dir != NULL
           ? server_cgroup_new (settings, &local_error) : NULL;
  if (settings->cgroup_memory_dir != NULL && cgroup == NULL)
    ok = FALSE;
  else
    ok = server_runner_run (settings, dir, "true", env, 10, cgroup, NULL,
                            &run, &local_error);
  g_clear_pointer (&cgroup, server_cgroup_free);
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (run.timed_out || run.exit_code != 0)
    {
      g_autofree char *text = g_strndup (run.err->len > 0
                                         ? (const char *) run.err->data : "",
                                         run.err->len);

      g_strstrip (text);

      if (run.timed_out)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     "a trivial command did not end within 10 s");
      else if (*text == '\0')
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     "a trivial command failed (exit code %d)", run.exit_code);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", text);
      ok = FALSE;
    }

  server_run_result_clear (&run);
  server_fs_remove_tree (dir);
  return ok;
}

/* What an execution's bounds lack without a control group, said at
 * start-up. */
static char *
unbounded_text (const ServerSettings *settings)
{
  GString *text = g_string_new ("executions have no memory and process "
                                "budget of their own: the memory of all "
                                "their processes together, of memfd files "
                                "and of shared memory is not bounded (only "
                                "each process's address space, "
                                "--memory-limit, and each mount's size, "
                                "--tmp-size and --disk-limit)");

  if (settings->limit_processes > 0 && settings->drop_privileges)
    g_string_append_printf (text, "; --processes (%u) counts the processes "
                            "of uid %u in all executions at once, so that "
                            "one execution can use them all",
                            settings->limit_processes, settings->sandbox_uid);
  else if (settings->limit_processes > 0)
    g_string_append_printf (text, "; --processes (%u) counts all the "
                            "processes of the server's user", settings->limit_processes);
  else
    g_string_append (text, "; their processes are not bounded in number");
  return g_string_free (text, FALSE);
}

static gboolean
setup_cgroups (ServerSettings  *settings,
               GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;

  if (server_cgroup_setup (settings, &local_error))
    return TRUE;

  text = unbounded_text (settings);
  if (geteuid () == 0 && !settings->allow_weaker)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s. Without one, %s.\nUse --allow-weaker-isolation to "
                   "run so.", local_error->message, text);
      return FALSE;
    }
  g_printerr ("sandbox-server: warning: %s: %s\n", local_error->message,
              text);
  settings->cgroup_mode = g_strdup ("none");
  return TRUE;
}

gboolean
server_isolation_setup (ServerSettings  *settings,
                        GError         **error)
{
  g_autoptr(GError) first_error = NULL;
  g_autofree char *version = NULL;

  settings->bash_path = g_find_program_in_path ("bash");
  if (settings->bash_path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "bash is not installed (not found on PATH)");
      return FALSE;
    }

  settings->drop_privileges = geteuid () == 0;
  if (!setup_cgroups (settings, error))
    return FALSE;

  if (settings->no_isolation)
    {
      settings->isolation = g_strdup ("none");
      settings->isolation_warning = g_strdup (NO_ISOLATION_WARNING);
      return TRUE;
    }

  if (settings->bwrap_path == NULL)
    settings->bwrap_path = g_find_program_in_path ("bwrap");
  if (settings->bwrap_path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "bubblewrap (bwrap) is not installed: it is needed to "
                   "isolate commands");
      return FALSE;
    }

  if (!g_file_test (settings->bwrap_path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "bubblewrap was not found at %s", settings->bwrap_path);
      return FALSE;
    }

  version = server_bwrap_version (settings->bwrap_path);

  if (probe (settings, &first_error))
    {
      settings->isolation = g_steal_pointer (&version);
      return TRUE;
    }

  /* The weaker mode only when asked for: never silently. */
  if (settings->drop_privileges && !settings->allow_weaker)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "bubblewrap (%s) cannot run commands as the sandbox user "
                   "(uid %u): %s.\nUse --allow-weaker-isolation to run them "
                   "as host root mapped into a user namespace instead "
                   "(weaker)", settings->bwrap_path, settings->sandbox_uid,
                   first_error->message);
      return FALSE;
    }

  if (settings->drop_privileges)
    {
      settings->drop_privileges = FALSE;
      if (probe (settings, NULL))
        {
          settings->isolation = g_steal_pointer (&version);
          settings->isolation_warning = g_strdup (ROOT_MAPPED_WARNING);
          g_printerr ("sandbox-server: warning: %s (as uid %u: %s)\n",
                      ROOT_MAPPED_WARNING, settings->sandbox_uid,
                      first_error->message);
          return TRUE;
        }
      settings->drop_privileges = TRUE;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               "bubblewrap (%s) cannot isolate commands on this machine: %s",
               settings->bwrap_path, first_error->message);
  return FALSE;
}
