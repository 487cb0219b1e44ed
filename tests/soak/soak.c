/* soak.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gstdio.h>
#include <sandbox-api.h>

#include "soak-probe.h"

/* sandbox-soak: many executes, some in flight at once, against the built
 * sandbox-server, with the library's asynchronous API on one main loop.
 * A mix of plain executes, executes that save their directory (then the
 * environment, one of its files and its size are fetched), executes that
 * start from a saved environment, and executes with an uploaded archive.
 * Afterwards every saved environment must still hold what was written,
 * and the server must be back where it was after the warm-up: the same
 * open descriptors (a small margin allowed), no process left, an empty
 * work directory, a resident size that stopped growing. */

#define EXIT_SKIP 77
#define MAX_503_RETRIES 100
#define MAX_REPORTED_FAILURES 20

typedef enum
{
  JOB_PLAIN,
  JOB_SAVE,
  JOB_FROM_SAVED,
  JOB_UPLOAD,
  JOB_VERIFY,
} JobKind;

#define HOG_COMMAND \
  "head -c 32M /dev/zero > /dev/shm/a; head -c 32M /dev/zero > /tmp/a; " \
  "head -c 32M /dev/zero > w; " \
  "for i in 1 2 3 4; do (x=$(head -c 20M /dev/zero | tr '\\0' a); sleep 1) & done; wait"

static const char * const job_names[] = {
  "plain", "save", "from-saved", "upload", "verify",
};

typedef struct
{
  char  *uuid;
  guint  index;
} Saved;

typedef struct
{
  GMainLoop     *loop;
  SandboxClient *client;
  SoakServer    *server;
  GBytes        *archive;
  GRand         *rand;
  char          *marker;
  GPtrArray     *saved;
  guint          concurrency;
  guint          next;
  guint          end;
  guint          in_flight;
  gboolean       verifying;
  guint          executes;
  guint          downloads;
  guint          checks;
  guint          retries;
  guint          failures;
  int            signal;
} Soak;

typedef struct
{
  Soak    *soak;
  JobKind  kind;
  guint    index;
  guint    attempts;
  char    *expected;
  char    *uuid;
  Saved   *source;
  gsize    environment_size;
} Job;

static void launch_jobs (Soak *soak);

static void
saved_free (Saved *saved)
{
  g_free (saved->uuid);
  g_free (saved);
}

static void
job_done (Job        *job,
          const char *format,
          ...) G_GNUC_PRINTF (2, 3);

/* Ends @job, as a failure when @format is not NULL. */
static void
job_done (Job        *job,
          const char *format,
          ...)
{
  Soak *soak = job->soak;

  if (format != NULL)
    {
      g_autofree char *message = NULL;
      va_list args;

      va_start (args, format);
      message = g_strdup_vprintf (format, args);
      va_end (args);
      if (soak->failures++ < MAX_REPORTED_FAILURES)
        printf ("# FAILED job %u (%s): %s\n", job->index, job_names[job->kind], message);
    }

  g_free (job->expected);
  g_free (job->uuid);
  g_free (job);

  soak->in_flight--;
  launch_jobs (soak);
  if (soak->in_flight == 0 && soak->next >= soak->end)
    g_main_loop_quit (soak->loop);
}

static void job_start (Job *job);

static gboolean
retry_cb (gpointer user_data)
{
  job_start (user_data);

  return G_SOURCE_REMOVE;
}

static void
verify_check_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GError) error = NULL;
  gboolean exists = FALSE;
  goffset size = 0;

  job->soak->checks++;
  if (!sandbox_client_query_file_finish (SANDBOX_CLIENT (object), result, &exists, &size,
                                         &error))
    job_done (job, "check of %s: %s", job->uuid, error->message);
  else if (!exists)
    job_done (job, "check of %s: the environment is not there", job->uuid);
  else if (job->environment_size != 0 && (gsize) size != job->environment_size)
    job_done (job, "check of %s gave %" G_GOFFSET_FORMAT " bytes, the download %"
              G_GSIZE_FORMAT, job->uuid, size, job->environment_size);
  else if (size == 0)
    job_done (job, "check of %s gave 0 bytes", job->uuid);
  else
    job_done (job, NULL);
}

/* The downloaded bytes of @job's environment (@path "" for the archive),
 * or NULL when the download failed and the job is done. */
static GBytes *
finish_download (Job          *job,
                 GAsyncResult *result,
                 const char   *path)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = sandbox_client_download_finish (job->soak->client, result, &error);

  job->soak->downloads++;
  if (bytes == NULL)
    job_done (job, "download of %s%s: %s", job->uuid, path, error->message);
  return bytes;
}

static void
file_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GBytes) bytes = finish_download (job, result, "/f.txt");
  gsize size;
  const char *data;

  if (bytes == NULL)
    return;
  data = g_bytes_get_data (bytes, &size);
  if (size != strlen (job->expected) || memcmp (data, job->expected, size) != 0)
    {
      job_done (job, "%s/f.txt holds %" G_GSIZE_FORMAT " bytes “%.*s”, not “%s”",
                job->uuid, size, (int) MIN (size, 64), data, job->expected);
      return;
    }

  sandbox_client_query_file_async (job->soak->client, job->uuid, NULL, NULL,
                                   verify_check_cb, job);
}

static void
environment_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GBytes) bytes = finish_download (job, result, "");
  const guint8 *data;
  gsize size;

  if (bytes == NULL)
    return;
  data = g_bytes_get_data (bytes, &size);
  if (size < 2 || data[0] != 0x1f || data[1] != 0x8b)
    {
      job_done (job, "environment %s is not a gzip'd archive (%" G_GSIZE_FORMAT
                " bytes)", job->uuid, size);
      return;
    }
  job->environment_size = size;

  sandbox_client_download_async (job->soak->client, job->uuid, "f.txt", NULL,
                                 file_cb, job);
}

/* The last command's result, owned by @execution, or NULL. */
static SandboxCommandResult *
last_result (SandboxExecution *execution)
{
  GListModel *commands = sandbox_execution_get_commands (execution);
  guint n = g_list_model_get_n_items (commands);
  SandboxCommandResult *last;

  if (n == 0)
    return NULL;
  last = g_list_model_get_item (commands, n - 1);
  /* The model keeps it. */
  g_object_unref (last);

  return last;
}

/* The last command's stdout, which every job's commands end with. */
static const char *
last_stdout (SandboxExecution *execution)
{
  SandboxCommandResult *last = last_result (execution);

  return last != NULL ? sandbox_command_result_get_stdout (last) : NULL;
}

static const char *
last_stderr (SandboxExecution *execution)
{
  SandboxCommandResult *last = last_result (execution);

  return last != NULL ? sandbox_command_result_get_stderr (last) : NULL;
}

static void
execute_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Job *job = user_data;
  Soak *soak = job->soak;
  g_autoptr(GError) error = NULL;
  g_autoptr(SandboxExecution) execution = NULL;
  const char *output;
  int status;

  execution = sandbox_client_execute_finish (SANDBOX_CLIENT (object), result, &error);
  if (execution == NULL &&
      g_error_matches (error, SANDBOX_ERROR, SANDBOX_ERROR_SERVICE_UNAVAILABLE) &&
      job->attempts < MAX_503_RETRIES)
    {
      soak->retries++;
      g_timeout_add (50 + g_rand_int_range (soak->rand, 0, 200), retry_cb, job);
      return;
    }
  if (execution == NULL)
    {
      job_done (job, "execute: %s", error->message);
      return;
    }

  soak->executes++;
  status = sandbox_execution_get_status (execution);
  output = last_stdout (execution);
  if (status != SANDBOX_STATUS_SUCCESS)
    {
      const char *errors = last_stderr (execution);

      job_done (job, "status %d (%s), last stdout “%s”, stderr “%s”", status,
                sandbox_status_to_string (status), output ? output : "",
                errors ? errors : "");
      return;
    }
  if (g_strcmp0 (output, job->expected) != 0)
    {
      job_done (job, "stdout “%s”, not “%s”", output ? output : "(none)", job->expected);
      return;
    }

  if (job->kind != JOB_SAVE)
    {
      job_done (job, NULL);
      return;
    }

  job->uuid = g_strdup (sandbox_execution_get_environment (execution));
  if (job->uuid == NULL)
    {
      job_done (job, "no environment saved");
      return;
    }

  /* The file as the verification at the end will expect it. */
  g_free (job->expected);
  job->expected = g_strdup_printf ("saved-%u\n", job->index);
  {
    Saved *saved = g_new0 (Saved, 1);

    saved->uuid = g_strdup (job->uuid);
    saved->index = job->index;
    g_ptr_array_add (soak->saved, saved);
  }

  sandbox_client_download_async (soak->client, job->uuid, NULL, NULL,
                                 environment_cb, job);
}

static SandboxConfig *
job_config (Job *job)
{
  Soak *soak = job->soak;
  g_autoptr(SandboxConfig) config = sandbox_config_new ();
  g_autofree char *command = NULL;
  const char *equal = strchr (soak->marker, '=');
  g_autofree char *name = g_strndup (soak->marker, equal - soak->marker);

  sandbox_config_set_variable (config, name, equal + 1);

  switch (job->kind)
    {
    case JOB_PLAIN:
      /* Now and then a process that outlives its command: the server must
       * end it with the sandbox. */
      if (job->index % 8 == 0)
        sandbox_config_add_command (config, "sleep 300 >/dev/null 2>&1 &", FALSE);
      /* Now and then one that tries to hold more than its budget, in
       * tmpfs, shared memory and processes: it is stopped at it. */
      if (job->index % 8 == 4)
        sandbox_config_add_command (config, HOG_COMMAND, TRUE);
      command = g_strdup_printf ("echo plain-%u", job->index);
      job->expected = g_strdup_printf ("plain-%u", job->index);
      break;

    case JOB_SAVE:
      command = g_strdup_printf ("echo saved-%u > f.txt && mkdir -p d && "
                                 "head -c 4096 /dev/urandom > d/noise && echo ok-%u",
                                 job->index, job->index);
      job->expected = g_strdup_printf ("ok-%u", job->index);
      sandbox_config_set_save (config, TRUE);
      break;

    case JOB_FROM_SAVED:
      sandbox_config_set_environment (config, job->source->uuid);
      command = g_strdup ("cat f.txt");
      job->expected = g_strdup_printf ("saved-%u", job->source->index);
      break;

    case JOB_UPLOAD:
      command = g_strdup_printf ("cat in/data.txt && echo %u", job->index);
      job->expected = g_strdup_printf ("uploaded data\n%u", job->index);
      break;

    case JOB_VERIFY:
    default:
      g_assert_not_reached ();
    }

  sandbox_config_add_command (config, command, FALSE);

  return g_steal_pointer (&config);
}

static void
job_start (Job *job)
{
  Soak *soak = job->soak;
  g_autoptr(SandboxConfig) config = NULL;
  g_autoptr(GInputStream) archive = NULL;

  job->attempts++;
  if (job->kind == JOB_VERIFY)
    {
      sandbox_client_download_async (soak->client, job->uuid, "f.txt", NULL,
                                     file_cb, job);
      return;
    }

  g_clear_pointer (&job->expected, g_free);
  config = job_config (job);
  if (job->kind == JOB_UPLOAD)
    archive = g_memory_input_stream_new_from_bytes (soak->archive);

  sandbox_client_execute_async (soak->client, config, archive, NULL, execute_cb, job);
}

static Job *
job_new (Soak  *soak,
         guint  index)
{
  Job *job = g_new0 (Job, 1);

  job->soak = soak;
  job->index = index;

  if (soak->verifying)
    {
      Saved *saved = g_ptr_array_index (soak->saved, index);

      job->kind = JOB_VERIFY;
      job->uuid = g_strdup (saved->uuid);
      job->expected = g_strdup_printf ("saved-%u\n", saved->index);
      return job;
    }

  job->kind = (JobKind) (index % 4);
  if (job->kind == JOB_FROM_SAVED)
    {
      if (soak->saved->len == 0)
        job->kind = JOB_PLAIN;
      else
        job->source = g_ptr_array_index (soak->saved,
                                         g_rand_int_range (soak->rand, 0, soak->saved->len));
    }

  return job;
}

static void
launch_jobs (Soak *soak)
{
  while (soak->in_flight < soak->concurrency && soak->next < soak->end)
    {
      soak->in_flight++;
      job_start (job_new (soak, soak->next++));
    }
}

/* Runs jobs up to @end, all of them done when it returns TRUE; FALSE
 * when a signal stopped the soak. */
static gboolean
run_jobs (Soak  *soak,
          guint  end)
{
  if (soak->signal != 0)
    return FALSE;
  soak->end = end;
  launch_jobs (soak);
  if (soak->in_flight > 0 && soak->signal == 0)
    g_main_loop_run (soak->loop);

  return soak->signal == 0;
}

/* SIGINT or SIGTERM (from `timeout`) stops the soak, which then stops the
 * server and removes its directory. */
static gboolean
signal_cb (gpointer user_data)
{
  Soak *soak = user_data;

  soak->signal = SIGTERM;
  g_main_loop_quit (soak->loop);

  return G_SOURCE_CONTINUE;
}

/* An archive with in/data.txt, made by tar as users make theirs. */
static GBytes *
make_archive (GError **error)
{
  g_autofree char *directory = g_dir_make_tmp ("sandbox-soak-upload-XXXXXX", error);
  g_autofree char *in = NULL;
  g_autofree char *file = NULL;
  g_autofree char *archive = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  int status;
  const char *argv[] = { "tar", "-czf", "upload.tgz", "in", NULL };

  if (directory == NULL)
    return NULL;
  in = g_build_filename (directory, "in", NULL);
  file = g_build_filename (in, "data.txt", NULL);
  archive = g_build_filename (directory, "upload.tgz", NULL);
  if (g_mkdir (in, 0755) != 0 ||
      !g_file_set_contents (file, "uploaded data\n", -1, error) ||
      !g_spawn_sync (directory, (char **) argv, NULL, G_SPAWN_SEARCH_PATH,
                     NULL, NULL, NULL, NULL, &status, error) ||
      !g_spawn_check_wait_status (status, error) ||
      !g_file_get_contents (archive, &contents, &length, error))
    contents = NULL;

  g_unlink (archive);
  g_unlink (file);
  g_rmdir (in);
  g_rmdir (directory);

  if (contents == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not make the archive");
      return NULL;
    }

  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

static SandboxClient *
client_new (Soak    *soak,
            GError **error)
{
  return g_initable_new (SANDBOX_TYPE_CLIENT, NULL, error,
                         "base-url", soak_server_get_url (soak->server),
                         "max-connections", soak->concurrency,
                         NULL);
}

typedef struct
{
  guint   fds;
  guint64 rss_kib;
  guint   processes;
  guint   work_entries;
} Sample;

/* Closes the client's connections and waits until the server is idle: its
 * descriptor count holding still, no process, nothing new in the work
 * directory; 10 s at most. */
static Sample
settle (Soak *soak)
{
  Sample sample = { 0 };
  guint previous_fds = 0;
  guint still = 0;

  g_clear_object (&soak->client);
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(GPtrArray) processes = NULL;
      g_autoptr(GPtrArray) entries = NULL;

      while (g_main_context_iteration (NULL, FALSE))
        ;
      sample.fds = soak_server_count_fds (soak->server);
      processes = soak_server_find_processes (soak->server, soak->marker);
      sample.processes = processes->len;
      entries = soak_server_find_work_entries (soak->server);
      sample.work_entries = entries->len;
      still = sample.fds == previous_fds ? still + 1 : 0;
      previous_fds = sample.fds;
      if ((sample.processes == 0 && sample.work_entries == 0 && still >= 5) ||
          soak->signal != 0)
        break;
      g_usleep (100 * 1000);
    }
  sample.rss_kib = soak_server_get_rss_kib (soak->server);

  return sample;
}

static void
print_sample (Soak       *soak,
              const char *when,
              Sample     *sample,
              double      seconds,
              guint       jobs)
{
  g_autofree char *fds = soak_server_describe_fds (soak->server);

  printf ("# %-12s %5u jobs in %6.1f s (%5.1f jobs/s); server: %u fds (%s), "
          "VmRSS %" G_GUINT64_FORMAT " KiB, %u processes, %u work entries\n",
          when, jobs, seconds, seconds > 0 ? jobs / seconds : 0.0, sample->fds,
          fds, sample->rss_kib, sample->processes, sample->work_entries);
}

static gboolean
check (gboolean    ok,
       const char *format,
       ...) G_GNUC_PRINTF (2, 3);

static gboolean
check (gboolean    ok,
       const char *format,
       ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  printf ("%s %s\n", ok ? "# ok:" : "# FAILED:", message);

  return ok;
}

static void
list_processes (Soak *soak)
{
  g_autoptr(GPtrArray) processes = soak_server_find_processes (soak->server, soak->marker);

  for (guint i = 0; i < processes->len && i < 10; i++)
    printf ("#   left: %s\n", (char *) processes->pdata[i]);
}

static void
list_work_entries (Soak *soak)
{
  g_autoptr(GPtrArray) entries = soak_server_find_work_entries (soak->server);

  for (guint i = 0; i < entries->len && i < 10; i++)
    printf ("#   left: %s\n", (char *) entries->pdata[i]);
}

/* The warm-up, two halves and the verification, then the checks. FALSE
 * when a check failed or a signal stopped the soak. */
static gboolean
run_soak (Soak  *soak,
          guint  count,
          guint  fd_margin,
          guint  rss_margin_mib)
{
  guint warm_end = MAX (count / 10, 1);
  guint half_end = count / 2;
  Sample warm, first, second, last;
  gint64 start, warm_end_time, after_warm, first_end, after_first, after_second;
  gint64 running;
  gboolean ok = TRUE;

  start = g_get_monotonic_time ();
  if (!run_jobs (soak, warm_end))
    return FALSE;
  warm_end_time = g_get_monotonic_time ();
  warm = settle (soak);
  print_sample (soak, "warm-up:", &warm, (warm_end_time - start) / 1e6, warm_end);

  soak->client = client_new (soak, NULL);
  after_warm = g_get_monotonic_time ();
  if (!run_jobs (soak, half_end))
    return FALSE;
  first_end = g_get_monotonic_time ();
  first = settle (soak);
  print_sample (soak, "first half:", &first, (first_end - after_warm) / 1e6,
                half_end - warm_end);

  soak->client = client_new (soak, NULL);
  after_first = g_get_monotonic_time ();
  if (!run_jobs (soak, count))
    return FALSE;
  after_second = g_get_monotonic_time ();
  second = settle (soak);
  print_sample (soak, "second half:", &second, (after_second - after_first) / 1e6,
                count - half_end);

  running = (after_second - after_first) + (first_end - after_warm) + (warm_end_time - start);
  printf ("# %u executes (%u retried after 503), %u downloads, %u checks in %.1f s "
          "of running jobs: %.1f executes/s\n", soak->executes, soak->retries,
          soak->downloads, soak->checks, running / 1e6, soak->executes / (running / 1e6));

  /* Every environment saved, fetched again. */
  soak->client = client_new (soak, NULL);
  soak->verifying = TRUE;
  soak->next = 0;
  after_second = g_get_monotonic_time ();
  if (!run_jobs (soak, soak->saved->len))
    return FALSE;
  running = g_get_monotonic_time () - after_second;
  last = settle (soak);
  print_sample (soak, "verified:", &last, running / 1e6, soak->saved->len);

  ok &= check (soak->failures == 0, "%u of %u jobs and %u verifications failed",
               soak->failures, count, soak->saved->len);
  ok &= check (soak->saved->len > 0, "%u environments saved and verified",
               soak->saved->len);
  ok &= check (last.fds <= warm.fds + fd_margin,
               "server fds at the end %u, after warm-up %u (margin %u)",
               last.fds, warm.fds, fd_margin);
  ok &= check (last.processes == 0, "%u processes left by the server", last.processes);
  if (last.processes > 0)
    list_processes (soak);
  ok &= check (last.work_entries == 0, "%u entries left in the work directory",
               last.work_entries);
  if (last.work_entries > 0)
    list_work_entries (soak);
  ok &= check (second.rss_kib <= first.rss_kib + rss_margin_mib * 1024,
               "VmRSS after the second half %" G_GUINT64_FORMAT " KiB, after the "
               "first %" G_GUINT64_FORMAT " KiB (margin %u MiB)",
               second.rss_kib, first.rss_kib, rss_margin_mib);

  /* Each execution's host memory (its processes, tmpfs and shared memory
   * together, as its control group counts them) stayed within its budget
   * (to the few pages the kernel may charge past it: SOAK_PEAK_SLACK),
   * and the jobs that tried to pass it came near it. */
  {
    const SoakBudget *budget = soak_server_get_budget (soak->server);

    ok &= check (budget->executions > 0 && budget->over == 0,
                 "%u of %u executions passed their memory budget by more than "
                 "%u bytes (peak %" G_GUINT64_FORMAT ", limit %" G_GUINT64_FORMAT ")",
                 budget->over, budget->executions, SOAK_PEAK_SLACK, budget->peak_max,
                 budget->limit);
    ok &= check (count < 8 || budget->peak_max >= budget->limit / 2,
                 "the greediest execution held %" G_GUINT64_FORMAT " bytes (limit %"
                 G_GUINT64_FORMAT ")", budget->peak_max, budget->limit);
  }

  return ok;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoakServer) server = NULL;
  g_autofree char *program = NULL;
  Soak soak = { 0 };
  int count = 1000;
  int concurrency = 16;
  int slots = 0;
  int fd_margin = 4;
  int rss_margin_mib = 8;
  gboolean no_isolation = FALSE;
  gboolean ok;
  const GOptionEntry entries[] = {
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, "Jobs to run (default: 1000)", "N" },
    { "concurrency", 'c', 0, G_OPTION_ARG_INT, &concurrency,
      "Jobs in flight at once (default: 16)", "N" },
    { "slots", 0, 0, G_OPTION_ARG_INT, &slots,
      "The server's --slots (default: the concurrency)", "N" },
    { "server", 0, 0, G_OPTION_ARG_FILENAME, &program,
      "The sandbox-server to run (default: $SANDBOX_SERVER)", "PATH" },
    { "fd-margin", 0, 0, G_OPTION_ARG_INT, &fd_margin,
      "Descriptors the server may hold above the count after warm-up (default: 4)", "N" },
    { "rss-margin", 0, 0, G_OPTION_ARG_INT, &rss_margin_mib,
      "MiB the server's VmRSS may grow in the second half (default: 8)", "MIB" },
    { "no-isolation", 0, 0, G_OPTION_ARG_NONE, &no_isolation,
      "Pass --no-isolation to the server", NULL },
    G_OPTION_ENTRY_NULL
  };

  setvbuf (stdout, NULL, _IOLBF, 0);
  context = g_option_context_new ("— soak a sandbox-server");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      count < 4 || concurrency < 1 || slots < 0 || fd_margin < 0 || rss_margin_mib < 0)
    {
      fprintf (stderr, "sandbox-soak: %s\n",
               error != NULL ? error->message : "--count needs 4 or more, the others 0 or more");
      return 2;
    }

  if (g_strcmp0 (g_getenv ("SANDBOX_TEST_UNDER_VALGRIND"), "1") == 0)
    {
      printf ("# SKIP: a soak of %d executes is too slow under valgrind\n", count);
      return EXIT_SKIP;
    }

  if (program == NULL)
    program = g_strdup (g_getenv ("SANDBOX_SERVER"));
  if (program == NULL)
    {
      fprintf (stderr, "sandbox-soak: give --server or set SANDBOX_SERVER\n");
      return 2;
    }

  soak.archive = make_archive (&error);
  if (soak.archive == NULL)
    {
      fprintf (stderr, "sandbox-soak: %s\n", error->message);
      return 1;
    }

  server = soak_server_start (program, slots > 0 ? slots : concurrency, no_isolation, &error);
  if (server == NULL)
    {
      fprintf (stderr, "sandbox-soak: could not start %s: %s\n", program, error->message);
      g_bytes_unref (soak.archive);
      return 1;
    }

  soak.server = server;
  soak.loop = g_main_loop_new (NULL, FALSE);
  soak.rand = g_rand_new_with_seed (7);
  soak.marker = g_strdup_printf ("SANDBOX_SOAK_RUN=%d-%" G_GINT64_FORMAT,
                                 (int) getpid (), g_get_real_time ());
  soak.saved = g_ptr_array_new_with_free_func ((GDestroyNotify) saved_free);
  soak.concurrency = concurrency;
  soak.client = client_new (&soak, &error);
  g_assert_no_error (error);

  printf ("# sandbox-soak: %d jobs, %d in flight, against %s (%s)\n", count,
          concurrency, soak_server_get_url (server), program);

  g_unix_signal_add (SIGINT, signal_cb, &soak);
  g_unix_signal_add (SIGTERM, signal_cb, &soak);

  ok = run_soak (&soak, count, fd_margin, rss_margin_mib);
  if (soak.signal != 0)
    printf ("# stopped by a signal after %u executes\n", soak.executes);

  g_clear_object (&soak.client);
  g_main_loop_unref (soak.loop);
  g_rand_free (soak.rand);
  g_free (soak.marker);
  g_ptr_array_unref (soak.saved);
  g_bytes_unref (soak.archive);

  printf ("# %s\n", ok ? "PASS" : "FAIL");

  return ok ? 0 : 1;
}
