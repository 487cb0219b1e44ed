/* soak-probe.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "soak-probe.h"

/* Starts the built sandbox-server (tests/common's launcher) with a small
 * budget per execution and its log, and reads its file descriptors,
 * resident size, processes and work directory from /proc and the disk. */

#define SANDBOX_UID "65534"

struct _SoakServer
{
  LaunchedServer   *launched;
  GHashTable       *initial_work_entries;
  SoakBudget       *budget;
};

/* What the server's log (--verbose) says of each execution's control
 * group: its peak memory, against its limit. Shared with the reading of
 * the log, which may outlive the server's structure. */
static void
read_log_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GDataInputStream *stream = G_DATA_INPUT_STREAM (object);
  SoakBudget *budget = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish (stream, result, NULL, NULL);
  const char *used;

  if (line == NULL)
    {
      g_rc_box_release (budget);
      g_object_unref (stream);
      return;
    }
  used = strstr (line, "Execution used at most ");
  if (used != NULL)
    {
      guint64 peak = 0, limit = 0;

      if (sscanf (used, "Execution used at most %" G_GUINT64_FORMAT
                  " bytes of memory (limit %" G_GUINT64_FORMAT ")", &peak, &limit) == 2)
        {
          budget->executions++;
          budget->peak_max = MAX (budget->peak_max, peak);
          budget->limit = limit;
          if (limit > 0 && peak > limit + SOAK_PEAK_SLACK)
            budget->over++;
        }
    }
  else if (strstr (line, "sandbox-server-Message") == NULL)
    g_printerr ("%s\n", line);
  g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, NULL, read_log_cb, budget);
}

const SoakBudget *
soak_server_get_budget (SoakServer *self)
{
  return self->budget;
}

/* Whatever the server prints after its URL is read and dropped, so that
 * it never blocks on a full pipe. */
static void
skip_output_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GInputStream *stream = G_INPUT_STREAM (object);
  gssize n = g_input_stream_skip_finish (stream, result, NULL);

  if (n > 0)
    g_input_stream_skip_async (stream, 65536, G_PRIORITY_DEFAULT, NULL,
                               skip_output_cb, NULL);
  g_object_unref (stream);
}

/* The paths in the work directory, two levels deep. */
static GHashTable *
list_work_entries (SoakServer *self)
{
  GHashTable *entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDir) dir = g_dir_open (self->launched->work, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (self->launched->work, name, NULL);
      g_autoptr(GDir) subdir = g_dir_open (path, 0, NULL);
      const char *child;

      g_hash_table_add (entries, g_strdup (name));
      while (subdir != NULL && (child = g_dir_read_name (subdir)) != NULL)
        g_hash_table_add (entries, g_build_filename (name, child, NULL));
    }

  return entries;
}

SoakServer *
soak_server_start (const char  *program,
                   guint        slots,
                   gboolean     no_isolation,
                   GError     **error)
{
  const LaunchedServerSetup setup = { program, NULL, G_SUBPROCESS_FLAGS_STDERR_PIPE };
  g_autoptr(SoakServer) self = g_new0 (SoakServer, 1);
  g_autofree char *slots_option = g_strdup_printf ("--slots=%u", slots);
  /* A small budget per execution, which some jobs try to exceed; the log
   * gives each execution's peak. */
  const char * const options[] = {
    slots_option, "--slot-wait=30", "--memory-limit=" SOAK_MEMORY_LIMIT,
    "--tmp-size=" SOAK_TMP_SIZE, "--disk-limit=" SOAK_DISK_LIMIT, "--verbose",
    no_isolation ? "--no-isolation" : NULL, NULL
  };

  self->launched = launched_server_try_start (&setup, options, error);
  if (self->launched == NULL)
    return NULL;
  self->budget = g_rc_box_new0 (SoakBudget);
  g_data_input_stream_read_line_async (
    g_data_input_stream_new (g_subprocess_get_stderr_pipe (self->launched->process)),
    G_PRIORITY_DEFAULT, NULL, read_log_cb, g_rc_box_acquire (self->budget));
  g_input_stream_skip_async (G_INPUT_STREAM (g_object_ref (self->launched->output)), 65536,
                             G_PRIORITY_DEFAULT, NULL, skip_output_cb, NULL);
  self->initial_work_entries = list_work_entries (self);

  return g_steal_pointer (&self);
}

const char *
soak_server_get_url (SoakServer *self)
{
  return launched_server_get_url (self->launched);
}

static char *
proc_path (SoakServer *self,
           const char *name)
{
  return g_build_filename ("/proc", self->launched->pid, name, NULL);
}

guint
soak_server_count_fds (SoakServer *self)
{
  g_autofree char *path = proc_path (self, "fd");
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint count = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    count++;

  return count;
}

/* The inodes of the TCP sockets in state CLOSE_WAIT: the peer closed, the
 * server did not. */
static GHashTable *
close_wait_inodes (SoakServer *self)
{
  static const char * const tables[] = { "net/tcp", "net/tcp6" };
  GHashTable *inodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (gsize t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *path = proc_path (self, tables[t]);
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;

      if (!g_file_get_contents (path, &text, NULL, NULL))
        continue;
      lines = g_strsplit (text, "\n", -1);
      for (guint i = 1; lines[i] != NULL; i++)
        {
          g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
          GPtrArray *kept = g_ptr_array_new ();

          for (guint j = 0; fields[j] != NULL; j++)
            {
              if (fields[j][0] != '\0')
                g_ptr_array_add (kept, fields[j]);
            }
          if (kept->len > 9 && strcmp (kept->pdata[3], "08") == 0)
            g_hash_table_add (inodes, g_strdup (kept->pdata[9]));
          g_ptr_array_free (kept, TRUE);
        }
    }

  return inodes;
}

/* A summary of the open descriptors by kind, for the report. */
char *
soak_server_describe_fds (SoakServer *self)
{
  g_autofree char *path = proc_path (self, "fd");
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GHashTable) close_wait = close_wait_inodes (self);
  guint sockets = 0, waiting = 0, pipes = 0, files = 0, others = 0;
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *link = g_build_filename (path, name, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);

      if (target == NULL)
        continue;
      if (g_str_has_prefix (target, "socket:["))
        {
          g_autofree char *inode = g_strndup (target + 8, strlen (target) - 9);

          sockets++;
          if (g_hash_table_contains (close_wait, inode))
            waiting++;
        }
      else if (g_str_has_prefix (target, "pipe:"))
        pipes++;
      else if (target[0] == '/')
        files++;
      else
        others++;
    }

  return g_strdup_printf ("%u sockets (%u in CLOSE_WAIT), %u pipes, %u files, "
                          "%u others", sockets, waiting, pipes, files, others);
}

guint64
soak_server_get_rss_kib (SoakServer *self)
{
  g_autofree char *path = proc_path (self, "status");
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  line = strstr (text, "\nVmRSS:");
  if (line == NULL)
    return 0;

  return g_ascii_strtoull (line + strlen ("\nVmRSS:"), NULL, 10);
}

/* The entries the work directory holds after those it had once the server
 * had started (the server's own directory, and what is in it). */
GPtrArray *
soak_server_find_work_entries (SoakServer *self)
{
  g_autoptr(GHashTable) entries = list_work_entries (self);
  GPtrArray *added = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, entries);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (!g_hash_table_contains (self->initial_work_entries, key))
        g_ptr_array_add (added, g_strdup (key));
    }

  return added;
}

/* The parent pid in /proc/PID/stat, after the command name, which may
 * hold spaces and parentheses. */
static char *
read_ppid (const char *pid)
{
  g_autofree char *path = g_build_filename ("/proc", pid, "stat", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *end;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  end = strrchr (text, ')');
  if (end == NULL)
    return NULL;
  fields = g_strsplit (end + 2, " ", 3);
  if (g_strv_length (fields) < 2)
    return NULL;

  return g_strdup (fields[1]);
}

static gboolean
has_uid (const char *pid,
         const char *uid)
{
  g_autofree char *path = g_build_filename ("/proc", pid, "status", NULL);
  g_autofree char *text = NULL;
  g_autofree char *needle = g_strdup_printf ("\nUid:\t%s\t", uid);

  return g_file_get_contents (path, &text, NULL, NULL) && strstr (text, needle) != NULL;
}

static gboolean
has_variable (const char *pid,
              const char *variable)
{
  g_autofree char *path = g_build_filename ("/proc", pid, "environ", NULL);
  g_autofree char *text = NULL;
  gsize length;

  if (!g_file_get_contents (path, &text, &length, NULL))
    return FALSE;
  for (gsize i = 0; i < length; i += strlen (text + i) + 1)
    {
      if (strcmp (text + i, variable) == 0)
        return TRUE;
    }

  return FALSE;
}

static char *
describe_process (const char *pid)
{
  g_autofree char *path = g_build_filename ("/proc", pid, "cmdline", NULL);
  g_autofree char *text = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &text, &length, NULL))
    return g_strdup_printf ("%s (gone)", pid);
  for (gsize i = 0; i + 1 < length; i++)
    {
      if (text[i] == '\0')
        text[i] = ' ';
    }

  return g_strdup_printf ("%s: %s", pid, length > 0 ? text : "(no command line)");
}

/* The processes the server started that still run: its descendants, and
 * any process of the sandbox user whose environment holds @marker
 * (`NAME=VALUE`), which finds those that left its process tree. */
GPtrArray *
soak_server_find_processes (SoakServer *self,
                            const char *marker)
{
  g_autoptr(GHashTable) parents = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                          g_free, g_free);
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      char *ppid;

      if (!g_ascii_isdigit (name[0]) || strcmp (name, self->launched->pid) == 0)
        continue;
      ppid = read_ppid (name);
      if (ppid != NULL)
        g_hash_table_insert (parents, g_strdup (name), ppid);
    }

  g_hash_table_iter_init (&iter, parents);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gboolean descends = FALSE;
      const char *ancestor = value;

      for (guint depth = 0; ancestor != NULL && depth < 64 && !descends; depth++)
        {
          descends = strcmp (ancestor, self->launched->pid) == 0;
          ancestor = g_hash_table_lookup (parents, ancestor);
        }

      if (descends || (has_uid (key, SANDBOX_UID) && has_variable (key, marker)))
        g_ptr_array_add (found, describe_process (key));
    }

  return found;
}

/* Stops the server and removes its directory. */
void
soak_server_stop (SoakServer *self)
{
  g_clear_pointer (&self->launched, launched_server_stop);
  g_clear_pointer (&self->initial_work_entries, g_hash_table_unref);
  g_clear_pointer (&self->budget, g_rc_box_release);
  g_free (self);
}
