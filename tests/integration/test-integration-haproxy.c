/* test-integration-haproxy.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "haproxy-launcher.h"
#include "test-util.h"

/* The library in front of a fleet: sandbox-server instances behind haproxy
 * with the configurations of docs/fleet.md (haproxy-launcher.h), and
 * instances killed with SIGKILL while it works. With a storage each, an
 * environment whose instance died is replaced by the fallback archive;
 * on one shared storage, executes in flight while an instance dies and
 * comes back each end once, in a result or a documented error. Skipped
 * when haproxy is not installed. */

#define N_EXECUTES 300
#define IN_FLIGHT 16
/* Completed executes when the instance is killed, and when it is back. */
#define KILL_AT 100
#define RESTART_AT 200
/* Every SAVE_EVERY-th execute saves its environment. */
#define SAVE_EVERY 5

static const char *const instance_ids[] = { "one", "two", "three" };

/* An instance with --slots as the page's maxconn; @logged: each request
 * logged to its stderr pipe (read when it stops), for a few requests
 * only, since nothing reads the pipe meanwhile. */
static LaunchedServer *
start_instance (const char *directory,
                guint       index,
                guint       port,
                gboolean    logged)
{
  LaunchedServerSetup setup = { NULL, directory,
                                logged ? G_SUBPROCESS_FLAGS_STDERR_PIPE : 0 };
  g_autofree char *id = g_strdup_printf ("--instance-id=%s", instance_ids[index]);
  g_autofree char *fixed_port = g_strdup_printf ("--port=%u", port);
  const char *options[6] = { "--no-isolation", "--slots=4", id, NULL };
  guint n_options = 3;
  g_autoptr(GError) error = NULL;
  LaunchedServer *server;

  if (logged)
    options[n_options++] = "--verbose";
  /* After the launcher's --port=0: the last one counts. */
  if (port != 0)
    options[n_options++] = fixed_port;
  server = launched_server_try_start (&setup, options, &error);
  /* A port given back may be taken for a while by some connection's end. */
  for (guint i = 0; server == NULL && port != 0 && i < 100; i++)
    {
      g_clear_error (&error);
      g_usleep (100 * 1000);
      server = launched_server_try_start (&setup, options, &error);
    }

  g_assert_no_error (error);
  return server;
}

/* SIGKILL, then its private directory (its storage) goes when it owns one. */
static void
kill_instance (LaunchedServer *server)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (server->process, SIGKILL);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (server->process));
  launched_server_free (server);
}

static guint
instance_index (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (instance_ids); i++)
    if (g_strcmp0 (id, instance_ids[i]) == 0)
      return i;
  g_assert_not_reached ();
}

/* Stops a logged instance: the executes it was sent. */
static guint
stop_counting_executes (LaunchedServer *server)
{
  g_autofree char *log = NULL;
  guint count = 0;

  g_assert_cmpint (launched_server_stop_with_log (server, &log), ==, 0);
  for (const char *p = log; (p = strstr (p, "POST /execute/")) != NULL; p++)
    count++;
  return count;
}

/* A storage each and the stick table: the instance that saved the
 * environment dies with its storage, and the next execute naming it,
 * through haproxy, runs on another instance with the fallback archive. */
static void
test_fallback_after_kill (gconstpointer data)
{
  TestMode mode = TEST_MODE (data);
  LaunchedServer *servers[G_N_ELEMENTS (instance_ids)];
  Haproxy *haproxy;
  g_autoptr(SandboxClient) client = NULL;
  g_autoptr(SandboxConfig) config = sandbox_config_new ();
  g_autoptr(SandboxEnvironmentBuilder) original = test_builder_new_data ("saved");
  g_autoptr(SandboxEnvironmentBuilder) fallback = test_builder_new_data ("from the fallback");
  g_autoptr(SandboxExecution) saved = NULL;
  g_autoptr(SandboxExecution) recovered = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *storage = NULL;
  guint killed;
  guint round_trips = 0;

  if (haproxy_skip_if_absent ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    servers[i] = start_instance (NULL, i, 0, TRUE);
  haproxy = haproxy_start ("fleet-separate.cfg", servers, G_N_ELEMENTS (servers));
  /* Until its health check marks the killed instance down, haproxy may
   * redispatch to it again and answer 503: retried, for longer than the
   * check takes. */
  client = test_retry_client_new (haproxy->front.url, 8, 0.5);

  sandbox_config_add_command (config, "cat data.txt", FALSE);
  sandbox_config_set_save (config, TRUE);
  saved = run_execute_builder (client, config, original, FALSE, mode, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (test_execution_first_stdout (saved), ==, "saved");
  killed = instance_index (sandbox_execution_get_instance (saved));

  storage = g_strdup (servers[killed]->storage);
  kill_instance (g_steal_pointer (&servers[killed]));
  g_assert_false (g_file_test (storage, G_FILE_TEST_EXISTS));

  sandbox_config_set_save (config, FALSE);
  sandbox_config_set_environment (config, sandbox_execution_get_environment (saved));
  recovered = run_execute_builder (client, config, fallback, TRUE, mode, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sandbox_execution_get_status (recovered), ==, SANDBOX_STATUS_SUCCESS);
  g_assert_cmpstr (test_execution_first_stdout (recovered), ==, "from the fallback");
  g_assert_cmpuint (instance_index (sandbox_execution_get_instance (recovered)), !=, killed);

  haproxy_stop (haproxy);
  /* The save went to the killed instance: the survivors saw only the
   * executes of the call with a fallback. */
  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    if (i != killed)
      round_trips += stop_counting_executes (servers[i]);
  g_test_message ("execute_with_fallback after the saver was killed: %u executes "
                  "reached the surviving instances; the client sent %d more that "
                  "haproxy answered 503", round_trips, test_get_logged_retries ());
  /* The one naming the environment (404: it is missing there), and the
   * one with the archive. */
  g_assert_cmpuint (round_trips, ==, 2);
}

typedef struct
{
  guint              token;
  gboolean           saves;
  gboolean           done;
  gboolean           before_kill;  /* completed before the kill */
  SandboxExecution  *execution;
  GError            *error;
  guint             *n_done;
} LoadJob;

static void
load_job_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  LoadJob *job = user_data;

  job->execution = sandbox_client_execute_finish (SANDBOX_CLIENT (source), result,
                                                  &job->error);
  g_assert_true ((job->execution != NULL) != (job->error != NULL));
  job->done = TRUE;
  (*job->n_done)++;
}

static void
load_job_send (SandboxClient *client,
               LoadJob       *job,
               const char    *runs)
{
  g_autoptr(SandboxConfig) config = sandbox_config_new ();
  /* Each run appends the token where the test reads it (the instances run
   * commands without isolation), and prints it. */
  g_autofree char *command =
    g_strdup_printf ("echo %u > f && echo %u >> '%s' && echo %u", job->token, job->token,
                     runs, job->token);

  sandbox_config_add_command (config, command, FALSE);
  sandbox_config_set_save (config, job->saves);
  sandbox_client_execute_async (client, config, NULL, NULL, load_job_done, job);
}

/* How often each token was run, from the file that the commands append to. */
static guint *
count_runs (const char *runs)
{
  guint *counts = g_new0 (guint, N_EXECUTES);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (runs, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint64 token;

      if (lines[i][0] == '\0')
        continue;
      g_assert_true (g_ascii_string_to_unsigned (lines[i], 10, 0, N_EXECUTES - 1, &token, NULL));
      counts[token]++;
    }
  return counts;
}

/* The failures of an execute while an instance dies behind haproxy, as
 * docs/retries.md documents them (none is sent again but the 503s):
 * - 502: haproxy's answer when the instance died with the request (the
 *   code of an answer of 300 or more is its status);
 * - 503: haproxy's answer when it could not connect to an instance (it
 *   redispatches on its last retry only, and may pick the dead one again
 *   until its health check marks it down), once the client's retries
 *   are spent;
 * - the connection closed after the whole request was sent, before the
 *   answer ("connection reset or closed after the whole request"); when
 *   haproxy answers its 503 at once and closes while the client is still
 *   sending the body, the client's write fails before it reads the
 *   answer, and the execute is sent again (retried as the 503 is);
 * - an invalid answer: the server's JSON answers carry no length and end
 *   when it closes the connection (as the real server's do), so when an
 *   instance dies in the middle of one, haproxy passes the part it got on
 *   as a whole answer, whose JSON is cut ("an invalid answer"), or, when
 *   the instance's connection was reset, cuts its own answer short
 *   (G_IO_ERROR_PARTIAL_INPUT, "anything once the answer has started"). */
static gboolean
is_documented_failure (const GError *error)
{
  return g_error_matches (error, SANDBOX_ERROR, SANDBOX_ERROR_BAD_GATEWAY)
         || g_error_matches (error, SANDBOX_ERROR, SANDBOX_ERROR_SERVICE_UNAVAILABLE)
         || g_error_matches (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE)
         || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED)
         || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
}

/* The environment's file from @url, as the execute that saved it wrote it,
 * and its whole archive. */
static void
assert_downloadable (const char *url,
                     LoadJob    *job)
{
  g_autoptr(SandboxClient) client = test_client_new (url);
  const char *uuid = sandbox_execution_get_environment (job->execution);
  g_autofree char *expected = g_strdup_printf ("%u\n", job->token);
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (uuid);
  file = sandbox_client_download (client, uuid, "f", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (file, NULL), g_bytes_get_size (file),
                   expected, strlen (expected));
  archive = sandbox_client_download (client, uuid, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (archive), >, 0);
}

/* An empty file that the sandbox user may append to (commands run as
 * that user when the server is root), in a new directory. */
static char *
make_runs_file (char **out_dir)
{
  g_autoptr(GError) error = NULL;
  char *runs;

  *out_dir = g_dir_make_tmp ("sandbox-haproxy-runs-XXXXXX", &error);
  g_assert_no_error (error);
  runs = g_build_filename (*out_dir, "runs", NULL);
  g_file_set_contents (runs, "", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (*out_dir, 0711), ==, 0);
  g_assert_cmpint (g_chmod (runs, 0666), ==, 0);
  return runs;
}

/* Sends every job at once (the client keeps IN_FLIGHT of them in flight)
 * and waits for all, killing servers[@victim] once KILL_AT are done and
 * starting it again, on its port and storage, once RESTART_AT are. */
static void
run_load (SandboxClient   *client,
          LoadJob         *jobs,
          const char      *runs,
          LaunchedServer **servers,
          guint            victim)
{
  guint port = servers[victim]->port;
  guint n_done = 0;

  for (guint i = 0; i < N_EXECUTES; i++)
    {
      jobs[i].token = i;
      jobs[i].saves = i % SAVE_EVERY == 0;
      jobs[i].n_done = &n_done;
      load_job_send (client, &jobs[i], runs);
    }

  for (;;)
    {
      if (servers[victim] != NULL && n_done >= KILL_AT && n_done < RESTART_AT)
        {
          for (guint i = 0; i < N_EXECUTES; i++)
            jobs[i].before_kill = jobs[i].done;
          kill_instance (g_steal_pointer (&servers[victim]));
        }
      if (servers[victim] == NULL && n_done >= RESTART_AT)
        servers[victim] = start_instance (servers[0]->directory, victim, port, FALSE);
      if (n_done == N_EXECUTES)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
}

typedef struct
{
  guint results;
  guint bad_gateway;
  guint unavailable;
  guint invalid;
  guint closed;
  guint failed_but_ran;
  guint closed_but_ran;
} LoadOutcome;

/* Each job ended once, in a result of its own run or a documented error;
 * nothing ran twice; nothing failed before the kill. */
static void
check_outcomes (LoadJob     *jobs,
                const char  *runs,
                LoadOutcome *outcome)
{
  g_autofree guint *counts = count_runs (runs);

  for (guint i = 0; i < N_EXECUTES; i++)
    {
      LoadJob *job = &jobs[i];

      g_assert_cmpuint (counts[i], <=, 1);
      if (job->execution != NULL)
        {
          g_autofree char *token = g_strdup_printf ("%u", job->token);

          g_assert_cmpint (sandbox_execution_get_status (job->execution), ==,
                           SANDBOX_STATUS_SUCCESS);
          g_assert_cmpstr (test_execution_first_stdout (job->execution), ==, token);
          g_assert_cmpuint (counts[i], ==, 1);
          outcome->results++;
          continue;
        }

      g_assert_false (job->before_kill);
      if (!is_documented_failure (job->error))
        g_error ("execute %u: %s (%s %d)", i, job->error->message,
                 g_quark_to_string (job->error->domain), job->error->code);
      outcome->bad_gateway += g_error_matches (job->error, SANDBOX_ERROR,
                                               SANDBOX_ERROR_BAD_GATEWAY);
      outcome->unavailable += g_error_matches (job->error, SANDBOX_ERROR,
                                               SANDBOX_ERROR_SERVICE_UNAVAILABLE);
      outcome->invalid += g_error_matches (job->error, SANDBOX_ERROR,
                                           SANDBOX_ERROR_INVALID_RESPONSE);
      outcome->failed_but_ran += counts[i];
      if (job->error->domain == G_IO_ERROR)
        {
          outcome->closed++;
          outcome->closed_but_ran += counts[i];
        }
    }
}

/* One shared storage, round robin: N_EXECUTES executes, IN_FLIGHT at once
 * from one client, while an instance is killed and then restarted. */
static void
test_faults_under_load (void)
{
  LaunchedServer *servers[G_N_ELEMENTS (instance_ids)];
  const guint victim = G_N_ELEMENTS (servers) - 1;
  g_autofree LoadJob *jobs = g_new0 (LoadJob, N_EXECUTES);
  g_autoptr(SandboxClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *runs_dir = NULL;
  g_autofree char *runs = NULL;
  LoadOutcome outcome = { 0 };
  guint n_saved = 0;
  Haproxy *haproxy;

  if (haproxy_skip_if_absent ())
    return;

  runs = make_runs_file (&runs_dir);
  servers[0] = start_instance (NULL, 0, 0, FALSE);
  for (guint i = 1; i < G_N_ELEMENTS (servers); i++)
    servers[i] = start_instance (servers[0]->directory, i, 0, FALSE);
  haproxy = haproxy_start ("fleet-shared.cfg", servers, G_N_ELEMENTS (servers));
  client = g_initable_new (SANDBOX_TYPE_CLIENT, NULL, &error,
                           "base-url", haproxy->front.url,
                           "max-connections", IN_FLIGHT,
                           NULL);
  g_assert_no_error (error);
  test_reset_logged_retries ();

  run_load (client, jobs, runs, servers, victim);
  check_outcomes (jobs, runs, &outcome);

  /* Saved before the kill: still there, on the other instances and on
   * the restarted one. */
  for (guint i = 0; i < N_EXECUTES; i++)
    if (jobs[i].before_kill && jobs[i].saves)
      {
        for (guint s = 0; s < G_N_ELEMENTS (servers); s++)
          assert_downloadable (servers[s]->url, &jobs[i]);
        assert_downloadable (haproxy->front.url, &jobs[i]);
        n_saved++;
      }
  g_assert_cmpuint (n_saved, >, 0);
  g_test_message ("%u executes: %u results; failed: %u with 502, %u with 503, %u with "
                  "an invalid answer, %u with the connection closed (%u of the failed "
                  "had run, %u of those with the connection closed); %d retries of a "
                  "503; %u environments saved before the kill downloaded from every instance",
                  N_EXECUTES, outcome.results, outcome.bad_gateway, outcome.unavailable,
                  outcome.invalid, outcome.closed, outcome.failed_but_ran,
                  outcome.closed_but_ran, test_get_logged_retries (), n_saved);

  for (guint i = 0; i < N_EXECUTES; i++)
    {
      g_clear_object (&jobs[i].execution);
      g_clear_error (&jobs[i].error);
    }
  haproxy_stop (haproxy);
  for (guint i = G_N_ELEMENTS (servers); i > 0; i--)
    g_assert_cmpint (launched_server_stop (servers[i - 1]), ==, 0);
  g_unlink (runs);
  g_rmdir (runs_dir);
}

int
main (int   argc,
      char *argv[])
{
  test_count_logged_retries ();
  g_test_init (&argc, &argv, NULL);

  test_add_both_modes ("/integration/haproxy/fallback-after-kill", test_fallback_after_kill);
  g_test_add_func ("/integration/haproxy/faults-under-load", test_faults_under_load);

  return g_test_run ();
}
