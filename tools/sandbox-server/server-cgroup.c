/* server-cgroup.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "server-cgroup.h"

/* One control group per execution, below the server's own (so that the
 * limits of the server's group still hold): a memory limit (memory.max in
 * cgroup v2; memory.limit_in_bytes and memory.memsw.limit_in_bytes in v1)
 * and a process limit (pids.max). Each command joins it between fork and
 * exec; when the execution ends, what is left in it is killed and the
 * group removed.
 *
 * cgroup v2 forbids processes in a group that hands controllers down to
 * its children: there the server first moves itself into a leaf of its own
 * group, which must hold no other process. */

#define SERVER_GROUP_PREFIX "sandbox-server-"
#define V2_LEAF "sandbox-server"
#define KILL_ROUNDS 2000
#define KILL_ROUND_US 1000

struct _ServerCgroup
{
  char  *memory_dir;
  char  *pids_dir;
  char  *procs_files[3];
  gboolean verbose;
  guint64 memory_limit;
  guint pids_limit;
};

static gboolean
write_file (const char  *dir,
            const char  *name,
            const char  *text,
            GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  gsize len = strlen (text);
  int fd = open (path, O_WRONLY | O_CLOEXEC);

  if (fd < 0 || write (fd, text, len) != (gssize) len)
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "cannot write “%s” to %s: %s", text, path,
                   g_strerror (saved_errno));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

static guint64
read_number (const char *dir,
             const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  return g_ascii_strtoull (text, NULL, 10);
}

static gboolean
has_file (const char *dir,
          const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static gboolean
make_group (const char  *dir,
            GError     **error)
{
  if (g_mkdir (dir, 0755) != 0 && errno != EEXIST)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "cannot create the control group %s: %s", dir,
                   g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* The server's own group in the hierarchy of @controller ("" for v2), as
 * listed in /proc/self/cgroup. */
static char *
own_group (const char *controller)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/self/cgroup", &text, NULL, NULL))
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ":", 3);

      if (g_strv_length (fields) != 3)
        continue;
      if (*controller == '\0')
        {
          if (strcmp (fields[0], "0") == 0 && *fields[1] == '\0')
            return g_strdup (fields[2]);
          continue;
        }
      {
        g_auto(GStrv) names = g_strsplit (fields[1], ",", -1);

        if (g_strv_contains ((const char * const *) names, controller))
          return g_strdup (fields[2]);
      }
    }
  return NULL;
}

/* Where the hierarchy of @controller ("" for v2) is mounted, joined with
 * @group: the server's own group as a directory. */
static char *
group_dir (const char *controller,
           const char *group)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/self/mountinfo", &text, NULL, NULL))
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      /* id parent dev root mountpoint options [tags] - type source super */
      g_auto(GStrv) halves = g_strsplit (lines[i], " - ", 2);
      g_auto(GStrv) fields = NULL;
      g_auto(GStrv) tail = NULL;
      const char *root;
      gboolean match;

      if (g_strv_length (halves) != 2)
        continue;
      fields = g_strsplit (halves[0], " ", -1);
      tail = g_strsplit (halves[1], " ", -1);
      if (g_strv_length (fields) < 5 || g_strv_length (tail) < 3)
        continue;
      if (*controller == '\0')
        match = strcmp (tail[0], "cgroup2") == 0;
      else
        {
          g_auto(GStrv) options = g_strsplit (tail[2], ",", -1);

          match = strcmp (tail[0], "cgroup") == 0
                  && g_strv_contains ((const char * const *) options,
                                      controller);
        }
      if (!match)
        continue;

      root = fields[3];
      if (strcmp (root, "/") == 0)
        return g_build_filename (fields[4], group, NULL);
      if (g_str_has_prefix (group, root)
          && (group[strlen (root)] == '/' || group[strlen (root)] == '\0'))
        return g_build_filename (fields[4], group + strlen (root), NULL);
    }
  return NULL;
}

static gboolean
setup_v1 (ServerSettings  *settings,
          GError         **error)
{
  g_autofree char *name = g_strdup_printf (SERVER_GROUP_PREFIX "%d",
                                           (int) getpid ());
  const char *controllers[] = { "memory", "pids" };
  char *dirs[2] = { NULL, NULL };

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *group = own_group (controllers[i]);
      g_autofree char *own = group != NULL ? group_dir (controllers[i], group)
                                           : NULL;

      if (own == NULL || !g_file_test (own, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       "no cgroup v1 %s hierarchy is mounted",
                       controllers[i]);
          goto fail;
        }
      dirs[i] = g_build_filename (own, name, NULL);
      if (!make_group (dirs[i], error))
        {
          g_clear_pointer (&dirs[i], g_free);
          goto fail;
        }
    }

  settings->cgroup_memory_dir = dirs[0];
  settings->cgroup_pids_dir = dirs[1];
  settings->cgroup_mode = g_strdup ("cgroup v1");
  return TRUE;

fail:
  for (guint i = 0; i < 2; i++)
    if (dirs[i] != NULL)
      {
        g_rmdir (dirs[i]);
        g_free (dirs[i]);
      }
  return FALSE;
}

static gboolean
setup_v2 (ServerSettings  *settings,
          GError         **error)
{
  g_autofree char *group = own_group ("");
  g_autofree char *own = NULL;
  g_autofree char *controllers = NULL;
  g_autofree char *controllers_path = NULL;
  g_autofree char *leaf = NULL;
  g_autofree char *executions = NULL;
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
  g_autoptr(GError) local_error = NULL;

  if (group == NULL || (own = group_dir ("", group)) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "no cgroup v2 hierarchy is mounted");
      return FALSE;
    }
  controllers_path = g_build_filename (own, "cgroup.controllers", NULL);
  if (!g_file_get_contents (controllers_path, &controllers, NULL, NULL)
      || strstr (controllers, "memory") == NULL
      || strstr (controllers, "pids") == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "the memory and pids controllers are not available to "
                   "cgroup v2 group %s", own);
      return FALSE;
    }

  /* Out of its own group, which can then hand the controllers down. */
  if (strcmp (group, "/") != 0)
    {
      leaf = g_build_filename (own, V2_LEAF, NULL);
      if (!make_group (leaf, error)
          || !write_file (leaf, "cgroup.procs", pid, error))
        return FALSE;
      if (!write_file (own, "cgroup.subtree_control", "+memory +pids",
                       &local_error))
        {
          write_file (own, "cgroup.procs", pid, NULL);
          g_rmdir (leaf);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "%s (other processes share the server's cgroup: "
                       "give the server a group of its own)",
                       local_error->message);
          return FALSE;
        }
    }

  executions = g_strdup_printf ("%s/" SERVER_GROUP_PREFIX "%s", own, pid);
  if (!make_group (executions, error))
    return FALSE;
  if (!write_file (executions, "cgroup.subtree_control", "+memory +pids",
                   error))
    {
      g_rmdir (executions);
      return FALSE;
    }

  settings->cgroup_memory_dir = g_strdup (executions);
  settings->cgroup_pids_dir = g_steal_pointer (&executions);
  settings->cgroup_mode = g_strdup ("cgroup v2");
  settings->cgroup_v2 = TRUE;
  return TRUE;
}

/* Prepares the server's group for executions, under its own, in cgroup v2
 * where the controllers are there, else in v1. */
gboolean
server_cgroup_setup (ServerSettings  *settings,
                     GError         **error)
{
  g_autoptr(GError) v2_error = NULL;
  g_autoptr(GError) v1_error = NULL;

  if (setup_v2 (settings, &v2_error) || setup_v1 (settings, &v1_error))
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               "no control group can be made for executions (%s; %s)",
               v2_error->message, v1_error->message);
  return FALSE;
}

/* Removes the server's group (its executions' are gone by then). */
void
server_cgroup_teardown (ServerSettings *settings)
{
  if (settings->cgroup_memory_dir != NULL)
    g_rmdir (settings->cgroup_memory_dir);
  if (settings->cgroup_pids_dir != NULL && !settings->cgroup_v2)
    g_rmdir (settings->cgroup_pids_dir);
  g_clear_pointer (&settings->cgroup_memory_dir, g_free);
  g_clear_pointer (&settings->cgroup_pids_dir, g_free);
}

/* An execution's memory: its processes' with its /tmp and /dev/shm, and
 * its working directory when that is a tmpfs. 0 for no limit. */
guint64
server_cgroup_memory_limit (const ServerSettings *settings)
{
  if (settings->limit_memory == 0)
    return 0;
  return settings->limit_memory + settings->tmp_size
         + (settings->disk_quota ? settings->disk_limit : 0);
}

/* Its processes, and bubblewrap's (or the reaper's) outside the sandbox.
 * 0 for no limit. */
guint
server_cgroup_pids_limit (const ServerSettings *settings)
{
  return settings->limit_processes > 0 ? settings->limit_processes + 1 : 0;
}

ServerCgroup *
server_cgroup_new (const ServerSettings  *settings,
                   GError               **error)
{
  static gint counter;
  g_autoptr(ServerCgroup) cgroup = g_new0 (ServerCgroup, 1);
  g_autofree char *name = g_strdup_printf ("run-%d",
                                           g_atomic_int_add (&counter, 1));
  guint64 memory = server_cgroup_memory_limit (settings);
  guint pids = server_cgroup_pids_limit (settings);
  g_autofree char *memory_text = g_strdup_printf ("%" G_GUINT64_FORMAT, memory);
  g_autofree char *pids_text = g_strdup_printf ("%u", pids);
  guint n = 0;

  cgroup->verbose = settings->verbose;
  cgroup->memory_limit = memory;
  cgroup->pids_limit = pids;
  cgroup->memory_dir = g_build_filename (settings->cgroup_memory_dir, name,
                                         NULL);
  if (!make_group (cgroup->memory_dir, error))
    {
      g_clear_pointer (&cgroup->memory_dir, g_free);
      return NULL;
    }
  cgroup->procs_files[n++] = g_build_filename (cgroup->memory_dir,
                                               "cgroup.procs", NULL);
  if (!settings->cgroup_v2)
    {
      cgroup->pids_dir = g_build_filename (settings->cgroup_pids_dir, name,
                                           NULL);
      if (!make_group (cgroup->pids_dir, error))
        {
          g_clear_pointer (&cgroup->pids_dir, g_free);
          return NULL;
        }
      cgroup->procs_files[n++] = g_build_filename (cgroup->pids_dir,
                                                   "cgroup.procs", NULL);
    }

  if (settings->cgroup_v2)
    {
      if (memory > 0
          && (!write_file (cgroup->memory_dir, "memory.max", memory_text, error)
              || (has_file (cgroup->memory_dir, "memory.swap.max")
                  && !write_file (cgroup->memory_dir, "memory.swap.max", "0",
                                  error))))
        return NULL;
    }
  else if (memory > 0
           && (!write_file (cgroup->memory_dir, "memory.limit_in_bytes",
                            memory_text, error)
               || (has_file (cgroup->memory_dir, "memory.memsw.limit_in_bytes")
                   && !write_file (cgroup->memory_dir,
                                   "memory.memsw.limit_in_bytes", memory_text,
                                   error))))
    return NULL;

  if (pids > 0
      && !write_file (cgroup->pids_dir != NULL ? cgroup->pids_dir
                                               : cgroup->memory_dir,
                      "pids.max", pids_text, error))
    return NULL;

  return g_steal_pointer (&cgroup);
}

/* The files a command's process writes "0" to, to join the group. */
const char * const *
server_cgroup_procs_files (const ServerCgroup *cgroup)
{
  return (const char * const *) cgroup->procs_files;
}

/* Kills what is left in @dir; TRUE once it is empty. */
static gboolean
kill_all (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "cgroup.procs", NULL);

  /* cgroup v2 (Linux 5.14): all at once. */
  write_file (dir, "cgroup.kill", "1", NULL);
  for (guint round = 0; round < KILL_ROUNDS; round++)
    {
      g_autofree char *text = NULL;
      g_auto(GStrv) pids = NULL;
      gboolean empty = TRUE;

      if (!g_file_get_contents (path, &text, NULL, NULL))
        return TRUE;
      pids = g_strsplit (text, "\n", -1);
      for (guint i = 0; pids[i] != NULL; i++)
        if (*pids[i] != '\0')
          {
            kill ((pid_t) g_ascii_strtoll (pids[i], NULL, 10), SIGKILL);
            empty = FALSE;
          }
      if (empty)
        return TRUE;
      g_usleep (KILL_ROUND_US);
    }
  return FALSE;
}

static void
remove_group (const char *dir)
{
  for (guint round = 0; round < KILL_ROUNDS; round++)
    {
      if (g_rmdir (dir) == 0 || errno == ENOENT)
        return;
      if (errno != EBUSY)
        break;
      g_usleep (KILL_ROUND_US);
    }
  g_warning ("Cannot remove the control group %s: %s", dir,
             g_strerror (errno));
}

static void
log_usage (const ServerCgroup *cgroup)
{
  const char *memory_peak = has_file (cgroup->memory_dir, "memory.peak")
                            ? "memory.peak" : "memory.max_usage_in_bytes";
  const char *pids_dir = cgroup->pids_dir != NULL ? cgroup->pids_dir
                                                  : cgroup->memory_dir;

  if (!has_file (cgroup->memory_dir, memory_peak))
    return;
  g_message ("Execution used at most %" G_GUINT64_FORMAT " bytes of memory "
             "(limit %" G_GUINT64_FORMAT ") and %" G_GUINT64_FORMAT
             " processes (limit %u)",
             read_number (cgroup->memory_dir, memory_peak),
             cgroup->memory_limit,
             read_number (pids_dir, "pids.peak"), cgroup->pids_limit);
}

/* Kills what the execution left, then removes its group. */
void
server_cgroup_free (ServerCgroup *cgroup)
{
  if (cgroup == NULL)
    return;

  if (cgroup->pids_dir != NULL)
    {
      if (!kill_all (cgroup->pids_dir))
        g_warning ("Processes of %s do not die", cgroup->pids_dir);
    }
  else if (cgroup->memory_dir != NULL && !kill_all (cgroup->memory_dir))
    g_warning ("Processes of %s do not die", cgroup->memory_dir);

  if (cgroup->verbose && cgroup->memory_dir != NULL)
    log_usage (cgroup);

  if (cgroup->memory_dir != NULL)
    remove_group (cgroup->memory_dir);
  if (cgroup->pids_dir != NULL)
    remove_group (cgroup->pids_dir);

  for (guint i = 0; i < G_N_ELEMENTS (cgroup->procs_files); i++)
    g_free (cgroup->procs_files[i]);
  g_free (cgroup->memory_dir);
  g_free (cgroup->pids_dir);
  g_free (cgroup);
}
