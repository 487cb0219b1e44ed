/* test-integration-retry.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-server-launcher.h"
#include "test-util.h"

/* Retries against the built sandbox-server with one slot: eight executes
 * at once are more than it takes in its slot wait, so it refuses some
 * with 503. With retries on, all eight complete; with them off, the 503s
 * come back, and they are counted. */

#define N_EXECUTES 8

typedef struct
{
  guint n_succeeded;
  guint n_unavailable;
  guint n_other;
} Batch;

/* Runs N_EXECUTES executes of `sleep 0.3` at once on @client, and counts
 * how they ended. */
static void
run_batch (SandboxClient *client,
           Batch         *batch)
{
  g_autoptr(SandboxConfig) config = sandbox_config_new ();
  TestAsyncBatch calls;
  GPtrArray *results;

  sandbox_config_add_command (config, "sleep 0.3", FALSE);
  test_async_batch_init (&calls);
  for (guint i = 0; i < N_EXECUTES; i++)
    sandbox_client_execute_async (client, config, NULL, NULL, test_async_batch_cb,
                                  test_async_batch_add (&calls));
  results = test_async_batch_run (&calls);
  for (guint i = 0; i < results->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SandboxExecution) execution = sandbox_client_execute_finish (client,
                                                                             results->pdata[i],
                                                                             &error);

      if (execution != NULL &&
          sandbox_execution_get_status (execution) == SANDBOX_STATUS_SUCCESS)
        batch->n_succeeded++;
      else if (g_error_matches (error, SANDBOX_ERROR, SANDBOX_ERROR_SERVICE_UNAVAILABLE))
        batch->n_unavailable++;
      else
        {
          g_test_message ("unexpected: %s", error != NULL ? error->message : "a failed run");
          batch->n_other++;
        }
    }
  test_async_batch_clear (&calls);
}

static void
test_overloaded_batch (void)
{
  g_autoptr(LaunchedServer) server = launched_server_start ("--slots=1", "--slot-wait=0.3", NULL);
  const char *url = launched_server_get_url (server);

  {
    g_autoptr(SandboxClient) client = test_client_new (url);
    Batch batch = { 0 };
    gint64 start = g_get_monotonic_time ();

    sandbox_client_set_max_retries (client, 0);
    run_batch (client, &batch);
    g_test_message ("retries off: %u succeeded, %u refused with 503 in %.2f s",
                    batch.n_succeeded, batch.n_unavailable, test_elapsed_since (start));
    g_assert_cmpuint (batch.n_other, ==, 0);
    g_assert_cmpuint (batch.n_unavailable, >=, 1);
    g_assert_cmpuint (batch.n_succeeded + batch.n_unavailable, ==, N_EXECUTES);
  }

  {
    g_autoptr(SandboxClient) client = test_client_new (url);
    Batch batch = { 0 };
    gint64 start = g_get_monotonic_time ();

    /* Enough attempts for the last of eight, whatever the jitter. */
    sandbox_client_set_max_retries (client, 12);
    sandbox_client_set_retry_delay (client, 0.2);
    run_batch (client, &batch);
    g_test_message ("retries on: %u of %u succeeded in %.2f s", batch.n_succeeded,
                    N_EXECUTES, test_elapsed_since (start));
    g_assert_cmpuint (batch.n_other, ==, 0);
    g_assert_cmpuint (batch.n_unavailable, ==, 0);
    g_assert_cmpuint (batch.n_succeeded, ==, N_EXECUTES);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/integration-retry/overloaded-batch", test_overloaded_batch);

  return g_test_run ();
}
