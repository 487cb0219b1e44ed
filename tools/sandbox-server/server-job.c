/* server-job.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libsoup/soup.h>

#include "sandbox-json-private.h"
#include "server-archive.h"
#include "server-environments.h"
#include "server-fsutil.h"
#include "server-job.h"
#include "server-python.h"
#include "server-quota.h"
#include "server-runner.h"
#include "server-sandbox-bwrap.h"
#include "server-text.h"
#include "server-tree-size.h"

/* An execution: a fresh working directory (a tmpfs of --disk-limit bytes
 * where quotas work); the saved environment unpacked in it, then the upload
 * on top; each command run in turn (stopping at the first failure unless it
 * began with `-`) under what remains of the time budget; the result file
 * read; the directory saved if asked and no larger than what can be
 * unpacked; the answer written as the real server writes it. */

#define SANDBOX_PATH \
  "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#define UNKNOWN_ERROR "An unknown error occurred on the sandbox\n"

enum
{
  STATUS_UNKNOWN = -1,
  STATUS_TIMEOUT = -2,
  STATUS_RESULT_NOT_FOUND = -3,
  STATUS_RESULT_NOT_UTF8 = -4,
};

ServerJob *
server_job_new (const ServerSettings *settings,
                ServerExecConfig     *config,
                GBytes               *upload)
{
  ServerJob *job = g_new0 (ServerJob, 1);

  job->settings = settings;
  job->config = config;
  job->upload = upload != NULL ? g_bytes_ref (upload) : NULL;
  job->cancellable = g_cancellable_new ();
  return job;
}

void
server_job_free (ServerJob *job)
{
  server_exec_config_free (job->config);
  g_clear_pointer (&job->upload, g_bytes_unref);
  g_clear_object (&job->cancellable);
  g_free (job->message);
  g_free (job->saved);
  g_free (job->workdir);
  g_clear_pointer (&job->cgroup, server_cgroup_free);
  if (job->json != NULL)
    g_string_free (job->json, TRUE);
  g_free (job);
}

static void
fail (ServerJob  *job,
      guint       status,
      const char *message)
{
  job->status = status;
  g_free (job->message);
  job->message = g_strdup (message);
}

static char **
build_env (const ServerSettings *settings,
           const char           *workdir,
           GPtrArray            *variables)
{
  char **env = NULL;

  env = g_environ_setenv (env, "PATH", SANDBOX_PATH, TRUE);
  env = g_environ_setenv (env, "HOME", settings->no_isolation
                                       ? workdir : SERVER_SANDBOX_HOME, TRUE);
  env = g_environ_setenv (env, "LANG", "C.UTF-8", TRUE);

  for (guint i = 0; i < variables->len; i++)
    {
      const char *pair = variables->pdata[i];
      const char *eq = strchr (pair, '=');
      g_autofree char *key = g_strndup (pair, eq - pair);

      env = g_environ_setenv (env, key, eq + 1, TRUE);
    }

  return env;
}

/* Decodes one captured stream: FALSE when it is not UTF-8. */
static gboolean
decode_stream (GByteArray  *data,
               guint64      total,
               const char  *label,
               guint64      limit,
               GString     *text,
               GString     *notes)
{
  gsize len = data->len;
  gsize start, stripped;

  if (total > data->len)
    {
      len = server_text_utf8_boundary ((const char *) data->data, len);
      g_string_append_printf (notes, "%s[sandbox-server: %s truncated to its "
                              "first %" G_GUINT64_FORMAT " bytes, the command "
                              "wrote %" G_GUINT64_FORMAT "]",
                              notes->len > 0 ? "\n" : "", label, limit, total);
    }

  if (!server_text_is_utf8 ((const char *) data->data, len))
    return FALSE;

  server_text_strip ((const char *) data->data, len, &start, &stripped);
  g_string_append_len (text, (const char *) data->data + start, stripped);
  return TRUE;
}

/* One entry of the answer's `execution` list. */
typedef struct
{
  const char  *command;
  int          exit_code;
  GString     *out;
  GString     *err;
  double       elapsed;
} ExecEntry;

static void
exec_entry_clear (gpointer data)
{
  ExecEntry *entry = data;

  g_string_free (entry->out, TRUE);
  g_string_free (entry->err, TRUE);
}

static void
append_note (GString    *err,
             const char *note)
{
  if (err->len > 0)
    g_string_append_c (err, '\n');
  g_string_append (err, note);
}

static void
append_execution (GString    *json,
                  GArray     *entries)
{
  g_string_append (json, "\"execution\": [");
  for (guint i = 0; i < entries->len; i++)
    {
      const ExecEntry *entry = &g_array_index (entries, ExecEntry, i);

      if (i > 0)
        g_string_append (json, ", ");
      g_string_append (json, "{\"command\": ");
      _sandbox_json_append_string_ascii (json, entry->command, -1);
      g_string_append_printf (json, ", \"exit_code\": %d, \"stdout\": ",
                              entry->exit_code);
      _sandbox_json_append_string_ascii (json, entry->out->str, entry->out->len);
      g_string_append (json, ", \"stderr\": ");
      _sandbox_json_append_string_ascii (json, entry->err->str, entry->err->len);
      g_string_append (json, ", \"time\": ");
      _sandbox_json_append_double (json, entry->elapsed);
      g_string_append_c (json, '}');
    }
  g_string_append_c (json, ']');
}

/* The effective timeout of @command when @remaining seconds of the budget
 * are left, and its text as Python prints it. */
static double
effective_timeout (const ServerCommand  *command,
                   double                remaining,
                   char                **out_text)
{
  GString *text;

  if (command->has_timeout && command->timeout != 0
      && command->timeout <= remaining)
    {
      *out_text = g_strdup (command->timeout_text);
      return command->timeout;
    }

  text = g_string_new (NULL);
  server_python_append_float (text, remaining);
  *out_text = g_string_free (text, FALSE);
  return remaining;
}

/* Runs the commands; returns the status and fills @entries. */
static int
run_commands (ServerJob   *job,
              const char  *workdir,
              GArray      *entries)
{
  const ServerSettings *settings = job->settings;
  g_auto(GStrv) envp = build_env (settings, workdir, job->config->environ);
  gint64 budget_start = 0;
  gint64 started = g_get_monotonic_time ();
  gint64 spawn_us = 0;
  int status = 0;

  for (guint i = 0; i < job->config->commands->len; i++)
    {
      const ServerCommand *command = job->config->commands->pdata[i];
      GString *out = g_string_new (NULL);
      GString *err = g_string_new (NULL);
      g_autoptr(GString) notes = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *timeout_text = NULL;
      ServerRunResult run = { 0 };
      double remaining;
      double timeout;
      int exit_code;
      gboolean ok;

      /* The budget starts with the first command, which has all of it. */
      if (i == 0)
        budget_start = g_get_monotonic_time ();
      remaining = settings->timeout
                  - (g_get_monotonic_time () - budget_start)
                    / (double) G_USEC_PER_SEC;
      if (i == 0)
        remaining = settings->timeout;
      timeout = effective_timeout (command, MAX (remaining, 0.0),
                                   &timeout_text);

      if (timeout <= 0)
        {
          exit_code = STATUS_TIMEOUT;
          g_string_printf (err, "Command timed out after %s seconds\n",
                           timeout_text);
        }
      else if (!server_runner_run (settings, workdir, command->command, envp,
                                   timeout, job->cgroup, job->cancellable,
                                   &run, &error))
        {
          g_warning ("Cannot run a command: %s", error->message);
          exit_code = STATUS_UNKNOWN;
          g_string_assign (err, UNKNOWN_ERROR);
        }
      else if (run.cancelled)
        {
          server_run_result_clear (&run);
          g_string_free (out, TRUE);
          g_string_free (err, TRUE);
          return STATUS_UNKNOWN;
        }
      else if (run.timed_out)
        {
          exit_code = STATUS_TIMEOUT;
          g_string_printf (err, "Command timed out after %s seconds\n",
                           timeout_text);
        }
      else if (!decode_stream (run.out, run.out_total, "stdout",
                               settings->output_limit, out, notes)
               || !decode_stream (run.err, run.err_total, "stderr",
                                  settings->output_limit, err, notes))
        {
          exit_code = STATUS_UNKNOWN;
          g_string_truncate (out, 0);
          g_string_assign (err, UNKNOWN_ERROR);
        }
      else
        {
          exit_code = run.exit_code;
          if (notes->len > 0)
            append_note (err, notes->str);
        }

      g_array_append_vals (entries, &(ExecEntry) { command->command, exit_code,
                                                   out, err, run.elapsed }, 1);
      spawn_us += run.spawn_us;
      server_run_result_clear (&run);

      if (exit_code < 0 && exit_code != STATUS_TIMEOUT)
        ok = FALSE;
      else if (command->ignore_failure)
        ok = TRUE;
      else
        ok = exit_code == 0;

      if (!ok)
        {
          status = exit_code;
          break;
        }
    }

  /* Bubblewrap's own set-up counts in run: it happens after it started. */
  job->timing.us[SERVER_PHASE_SPAWN] += spawn_us;
  server_timing_add (&job->timing, SERVER_PHASE_RUN, started + spawn_us);
  return status;
}

/* Whether the directory may be saved: no more than can be unpacked, in
 * apparent bytes (sparse files count in full) and in members. When not,
 * @note says why. Measured before packing, so that a directory too large
 * holds the slot no longer. */
static gboolean
fits_saving (ServerJob  *job,
             int         dirfd,
             char      **note)
{
  const ServerSettings *settings = job->settings;
  ServerTreeSize size;

  if (server_tree_size_within (dirfd, settings->max_unpacked,
                               settings->max_members, &size))
    return TRUE;

  if (size.bytes > settings->max_unpacked)
    *note = g_strdup_printf ("[sandbox-server: the environment was not saved: "
                             "it is larger than %" G_GUINT64_FORMAT " bytes "
                             "once unpacked]", settings->max_unpacked);
  else
    *note = g_strdup_printf ("[sandbox-server: the environment was not saved: "
                             "it has more than %u members]",
                             settings->max_members);
  return FALSE;
}

/* Reads `result_path` inside the working directory only; NULL with
 * *status set when it is missing or not UTF-8. */
static GByteArray *
read_result (ServerJob *job,
             int        dirfd,
             int       *status)
{
  g_autoptr(GByteArray) data = NULL;
  gboolean truncated = FALSE;
  struct stat st;
  gsize len;
  int fd;

  fd = server_fs_open_beneath (dirfd, job->config->result_path);
  if (fd < 0)
    {
      *status = STATUS_RESULT_NOT_FOUND;
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode)
      || !server_fs_read_fd (fd, job->settings->result_limit, &data,
                             &truncated))
    {
      close (fd);
      *status = STATUS_RESULT_NOT_FOUND;
      return NULL;
    }
  close (fd);

  if (truncated)
    {
      g_warning ("The result file %s is larger than %" G_GUINT64_FORMAT
                 " bytes: it is truncated", job->config->result_path,
                 job->settings->result_limit);
      len = server_text_utf8_boundary ((const char *) data->data, data->len);
      g_byte_array_set_size (data, len);
    }

  if (!server_text_is_utf8 ((const char *) data->data, data->len))
    {
      *status = STATUS_RESULT_NOT_UTF8;
      return NULL;
    }

  return g_steal_pointer (&data);
}

static gboolean
prepare (ServerJob  *job,
         int         dirfd)
{
  const ServerSettings *settings = job->settings;
  g_autoptr(GError) error = NULL;
  ServerUnpack unpack = { 0 };

  unpack.max_bytes = settings->max_unpacked;
  unpack.max_members = settings->max_members;
  unpack.chown = settings->drop_privileges;
  unpack.uid = settings->sandbox_uid;
  unpack.gid = settings->sandbox_gid;

  if (job->config->saved_path != NULL
      && !server_archive_unpack_file (&unpack, dirfd, job->config->saved_path,
                                      &error))
    {
      if (g_error_matches (error, SERVER_ARCHIVE_ERROR,
                           SERVER_ARCHIVE_ERROR_IO)
          && !g_file_test (job->config->saved_path, G_FILE_TEST_EXISTS))
        {
          g_autofree char *base = g_path_get_basename (job->config->saved_path);
          g_autofree char *msg = NULL;

          base[strlen (base) - strlen (".tgz")] = '\0';
          msg = g_strdup_printf ("No environment with UUID '%s' found", base);
          fail (job, SOUP_STATUS_NOT_FOUND, msg);
        }
      else if (error->domain == SERVER_ARCHIVE_ERROR
               && error->code != SERVER_ARCHIVE_ERROR_IO)
        fail (job, SOUP_STATUS_BAD_REQUEST, error->message);
      else
        {
          g_warning ("Cannot unpack %s: %s", job->config->saved_path,
                     error->message);
          fail (job, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
        }
      return FALSE;
    }

  if (job->upload != NULL
      && !server_archive_unpack_bytes (&unpack, dirfd, job->upload, &error))
    {
      if (error->domain == SERVER_ARCHIVE_ERROR
          && error->code != SERVER_ARCHIVE_ERROR_IO)
        fail (job, SOUP_STATUS_BAD_REQUEST, error->message);
      else
        {
          g_warning ("Cannot unpack an environment: %s", error->message);
          fail (job, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
        }
      return FALSE;
    }

  return TRUE;
}

static void
execute_in (ServerJob  *job,
            const char *workdir,
            int         dirfd,
            gint64      start)
{
  g_autoptr(GString) json = g_string_new ("{");
  g_autoptr(GByteArray) result = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *expire = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (ExecEntry));
  g_autofree char *not_saved = NULL;
  gint64 packing;
  int status;

  g_array_set_clear_func (entries, exec_entry_clear);

  if (!prepare (job, dirfd))
    return;
  server_timing_add (&job->timing, SERVER_PHASE_UNPACK, job->phase_start);

  status = run_commands (job, workdir, entries);
  packing = g_get_monotonic_time ();
  if (g_cancellable_is_cancelled (job->cancellable))
    {
      fail (job, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      return;
    }

  if (job->config->save && !fits_saving (job, dirfd, &not_saved))
    {
      status = STATUS_UNKNOWN;
      if (entries->len > 0)
        append_note (g_array_index (entries, ExecEntry, entries->len - 1).err,
                     not_saved);
    }

  if (job->config->result_path != NULL)
    {
      int result_status = 0;

      result = read_result (job, dirfd, &result_status);
      if (result == NULL)
        status = result_status;
    }

  if (job->config->save && not_saved == NULL
      && !server_environments_save (job->settings, dirfd, &uuid, &expire,
                                    &error))
    {
      g_warning ("Cannot save an environment: %s", error->message);
      fail (job, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      return;
    }

  g_string_append_printf (json, "\"status\": %d, ", status);
  append_execution (json, entries);
  g_string_append (json, ", \"total_time\": ");
  _sandbox_json_append_double (json, (g_get_monotonic_time () - start)
                                     / (double) G_USEC_PER_SEC);
  if (uuid != NULL)
    {
      g_string_append (json, ", \"environment\": ");
      _sandbox_json_append_string_ascii (json, uuid, -1);
      g_string_append (json, ", \"expire\": ");
      _sandbox_json_append_string_ascii (json, expire, -1);
    }
  if (result != NULL)
    {
      g_string_append (json, ", \"result\": ");
      _sandbox_json_append_string_ascii (json, (const char *) result->data,
                                         result->len);
    }
  g_string_append_c (json, '}');

  job->status = SOUP_STATUS_OK;
  job->json = g_steal_pointer (&json);
  job->saved = g_steal_pointer (&uuid);
  server_timing_add (&job->timing, SERVER_PHASE_PACK, packing);
}

void
server_job_run (ServerJob *job)
{
  const ServerSettings *settings = job->settings;
  g_autofree char *workdir = g_build_filename (settings->work_root,
                                               "run-XXXXXX", NULL);
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;
  int dirfd;

  if (g_mkdtemp_full (workdir, 0700) == NULL)
    {
      g_warning ("Cannot create a working directory in %s: %s",
                 settings->work_root, g_strerror (errno));
      fail (job, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      job->phase_start = g_get_monotonic_time ();
      return;
    }

  if (!server_quota_mount (settings, workdir, &error))
    {
      g_warning ("%s", error->message);
      fail (job, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      server_fs_remove_tree (workdir);
      job->phase_start = g_get_monotonic_time ();
      return;
    }

  if (settings->drop_privileges
      && chown (workdir, settings->sandbox_uid, settings->sandbox_gid) != 0)
    g_warning ("Cannot give %s to uid %u: %s", workdir, settings->sandbox_uid,
               g_strerror (errno));

  job->workdir = g_steal_pointer (&workdir);
  if (settings->cgroup_memory_dir != NULL
      && (job->cgroup = server_cgroup_new (settings, &error)) == NULL)
    {
      /* Never run an execution without the budget start-up promised. */
      g_warning ("%s", error->message);
      fail (job, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      job->phase_start = g_get_monotonic_time ();
      return;
    }

  dirfd = open (job->workdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirfd < 0)
    fail (job, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
  else
    {
      execute_in (job, job->workdir, dirfd, start);
      close (dirfd);
    }
  job->phase_start = g_get_monotonic_time ();
}

/* Removes the working directory: once the answer is on its way, but
 * before the slot is free again, so that slots bound the disk in use. */
void
server_job_cleanup (ServerJob *job)
{
  gint64 start = g_get_monotonic_time ();

  /* What is left of its processes first: they may hold its files. */
  g_clear_pointer (&job->cgroup, server_cgroup_free);
  if (job->workdir == NULL)
    return;

  server_quota_unmount (job->settings, job->workdir);
  if (!server_fs_remove_tree (job->workdir))
    g_warning ("Cannot remove %s", job->workdir);
  g_clear_pointer (&job->workdir, g_free);
  server_timing_add (&job->timing, SERVER_PHASE_CLEANUP, start);
}
