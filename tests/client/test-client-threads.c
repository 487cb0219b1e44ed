/* test-client-threads.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "test-server.h"
#include "test-util.h"

#define N_THREADS        8
#define CALLS_PER_THREAD 20

/* Blocking calls from many threads at once on one client. */
static void
test_blocking_calls (ClientFixture *f,
                     gconstpointer  data)
{
  /* Long enough for the requests of different threads to overlap. */
  test_server_set_delay (f->server, 20);
  test_run_in_threads (f->client, N_THREADS, CALLS_PER_THREAD);

  g_assert_cmpuint (test_server_get_n_requests (f->server), ==, N_THREADS * CALLS_PER_THREAD);
  /* The calls were not made one after the other. */
  g_assert_cmpuint (test_server_get_max_in_flight (f->server), >=, 2);
}

/* Finishes @result, of an operation on a default route of the fake
 * server, and asserts that it got the route's answer: a stream is read
 * whole, in the thread and context it was asked from. */
static void
assert_answered (SandboxClient *client,
                 GAsyncResult  *result)
{
  g_autoptr(GBytes) archive = test_environment_archive ();
  g_autoptr(GError) error = NULL;
  gpointer tag = g_task_get_source_tag (G_TASK (result));

  if (tag == sandbox_client_get_specifications_async || tag == sandbox_client_get_libraries_async)
    {
      gboolean specifications = tag == sandbox_client_get_specifications_async;
      g_autoptr(JsonNode) node = specifications
                                 ? sandbox_client_get_specifications_finish (client, result, &error)
                                 : sandbox_client_get_libraries_finish (client, result, &error);

      g_assert_no_error (error);
      test_assert_json_equal (node, specifications ? TEST_SPECIFICATIONS_JSON
                                                   : TEST_LIBRARIES_JSON);
    }
  else if (tag == sandbox_client_download_async)
    {
      g_autoptr(GBytes) bytes = sandbox_client_download_finish (client, result, &error);

      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (bytes, archive));
    }
  else if (tag == sandbox_client_download_stream_async)
    {
      g_autoptr(GInputStream) stream = NULL;
      char buffer[256];
      gsize n = 0;

      stream = sandbox_client_download_stream_finish (client, result, NULL, &error);
      g_assert_no_error (error);
      g_input_stream_read_all (stream, buffer, sizeof buffer, &n, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (buffer, n, TEST_FILE_CONTENT, strlen (TEST_FILE_CONTENT));
      g_input_stream_close (stream, NULL, &error);
    }
  else if (tag == sandbox_client_check_async)
    {
      g_assert_cmpint (sandbox_client_check_finish (client, result, &error), ==,
                       (goffset) g_bytes_get_size (archive));
    }
  else
    {
      g_autoptr(SandboxExecution) execution = NULL;

      g_assert_true (tag == sandbox_client_execute_async);
      execution = sandbox_client_execute_finish (client, result, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (sandbox_execution_get_environment (execution), ==, TEST_UUID);
    }
  g_assert_no_error (error);
}

/* Five rounds of five operations at once, in a context of the thread's
 * own, where each must call back. */
static gpointer
async_worker_thread (gpointer user_data)
{
  SandboxClient *client = user_data;
  g_autoptr(SandboxConfig) config = test_config_new_echo ();
  TestAsyncBatch batch;
  GPtrArray *results;

  test_async_batch_init (&batch);
  for (guint round = 0; round < 5; round++)
    {
      sandbox_client_get_specifications_async (client, NULL, test_async_batch_cb,
                                               test_async_batch_add (&batch));
      sandbox_client_download_async (client, TEST_UUID, NULL, NULL, test_async_batch_cb,
                                     test_async_batch_add (&batch));
      sandbox_client_download_stream_async (client, TEST_UUID, "dir/file1.txt", NULL,
                                            test_async_batch_cb, test_async_batch_add (&batch));
      sandbox_client_check_async (client, TEST_UUID, NULL, NULL, test_async_batch_cb,
                                  test_async_batch_add (&batch));
      sandbox_client_execute_async (client, config, NULL, NULL, test_async_batch_cb,
                                    test_async_batch_add (&batch));
    }

  results = test_async_batch_run (&batch);
  g_assert_cmpuint (results->len, ==, 25);
  for (guint i = 0; i < results->len; i++)
    assert_answered (client, results->pdata[i]);
  test_async_batch_clear (&batch);

  return NULL;
}

/* Asynchronous calls from threads with contexts of their own call back
 * there, while the client was made in another thread. */
static void
test_async_workers (ClientFixture *f,
                    gconstpointer  data)
{
  GThread *threads[3];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("test-async", async_worker_thread, f->client);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  g_assert_cmpuint (test_server_get_n_requests (f->server), ==, 3 * 25);
}

/* The server answers none of 8 requests until all 8 have arrived: libsoup's
 * default of 2 connections for each host would never let them. */
static void
test_max_connections (ClientFixture *f,
                      gconstpointer  data)
{
  g_assert_cmpuint (sandbox_client_get_max_connections (f->client), >=, 8);
  /* A regression fails instead of hanging. */
  sandbox_client_set_timeout (f->client, 10);
  test_server_set_hold (f->server, 8);

  test_run_usage_batch (f->client, 8);
  g_assert_cmpuint (test_server_get_max_in_flight (f->server), >=, 8);
}

/* And the limit holds: with 2 connections, 2 requests at most are in
 * flight. */
static void
test_max_connections_limit (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(SandboxClient) client = NULL;
  g_autoptr(GError) error = NULL;

  client = g_initable_new (SANDBOX_TYPE_CLIENT, NULL, &error,
                           "base-url", test_server_get_url (server),
                           "max-connections", 2,
                           NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (sandbox_client_get_max_connections (client), ==, 2);
  test_server_set_delay (server, 100);

  test_run_usage_batch (client, 6);
  g_assert_cmpuint (test_server_get_max_in_flight (server), ==, 2);
  g_assert_cmpuint (test_server_get_n_requests (server), ==, 6);
}

typedef struct
{
  guint   n_callbacks[TEST_N_OPS];
  GQuark  domain;
  int     code;
  guint   n_pending;
} InFlight;

static void
in_flight_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  InFlight *in_flight = user_data;
  SandboxClient *client = SANDBOX_CLIENT (object);
  g_autoptr(GError) error = NULL;
  gpointer tag = g_task_get_source_tag (G_TASK (result));
  TestOp op;

  /* The client is alive for its callbacks. */
  g_assert_true (SANDBOX_IS_CLIENT (client));

  if (tag == sandbox_client_get_specifications_async)
    {
      op = TEST_OP_SPECIFICATIONS;
      g_assert_null (sandbox_client_get_specifications_finish (client, result, &error));
    }
  else if (tag == sandbox_client_download_async)
    {
      op = TEST_OP_DOWNLOAD;
      g_assert_null (sandbox_client_download_finish (client, result, &error));
    }
  else if (tag == sandbox_client_download_stream_async)
    {
      op = TEST_OP_DOWNLOAD_STREAM;
      g_assert_null (sandbox_client_download_stream_finish (client, result, NULL, &error));
    }
  else if (tag == sandbox_client_check_async)
    {
      op = TEST_OP_CHECK;
      g_assert_cmpint (sandbox_client_check_finish (client, result, &error), ==, -1);
    }
  else
    {
      op = TEST_OP_EXECUTE;
      g_assert_true (tag == sandbox_client_execute_async);
      g_assert_null (sandbox_client_execute_finish (client, result, &error));
    }

  g_assert_error (error, in_flight->domain, in_flight->code);
  in_flight->n_callbacks[op]++;
  in_flight->n_pending--;
}

static void
start_in_flight (SandboxClient *client,
                 GCancellable  *cancellable,
                 InFlight      *in_flight)
{
  g_autoptr(SandboxConfig) config = test_config_new_echo ();

  sandbox_client_get_specifications_async (client, cancellable, in_flight_cb, in_flight);
  sandbox_client_download_async (client, TEST_UUID, NULL, cancellable, in_flight_cb, in_flight);
  sandbox_client_download_stream_async (client, TEST_UUID, NULL, cancellable,
                                        in_flight_cb, in_flight);
  sandbox_client_check_async (client, TEST_UUID, NULL, cancellable, in_flight_cb, in_flight);
  sandbox_client_execute_async (client, config, NULL, cancellable, in_flight_cb, in_flight);
  in_flight->n_pending = 5;
}

/* The routes of start_in_flight(). */
static void
set_never (TestServer *server)
{
  static const TestOp ops[] = {
    TEST_OP_SPECIFICATIONS, TEST_OP_DOWNLOAD, TEST_OP_CHECK, TEST_OP_EXECUTE,
  };
  TestAnswer never = { .mode = TEST_ANSWER_NEVER };

  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    test_server_set_answer (server, test_op_get_method (ops[i]), test_op_get_path (ops[i]),
                            &never);
}

static gboolean
set_true_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
iterate_for (GMainContext *context,
             guint         msec)
{
  gboolean done = FALSE;
  GSource *timeout = g_timeout_source_new (msec);

  g_source_set_callback (timeout, set_true_cb, &done, NULL);
  g_source_attach (timeout, context);
  while (!done)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  g_source_unref (timeout);
}

static void
assert_each_called_once (InFlight *in_flight)
{
  g_assert_cmpuint (in_flight->n_callbacks[TEST_OP_SPECIFICATIONS], ==, 1);
  g_assert_cmpuint (in_flight->n_callbacks[TEST_OP_DOWNLOAD], ==, 1);
  g_assert_cmpuint (in_flight->n_callbacks[TEST_OP_DOWNLOAD_STREAM], ==, 1);
  g_assert_cmpuint (in_flight->n_callbacks[TEST_OP_CHECK], ==, 1);
  g_assert_cmpuint (in_flight->n_callbacks[TEST_OP_EXECUTE], ==, 1);
}

/* The last reference to the client goes while its requests wait for an
 * answer: the client lives on until they are over, then goes. The
 * requests end by cancellation, or by the deadline. */
static void
test_unref_in_flight (gconstpointer data)
{
  gboolean by_deadline = GPOINTER_TO_INT (data);
  g_autoptr(TestServer) server = test_server_new ();
  SandboxClient *client = test_client_new (test_server_get_url (server));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainContext) context = g_main_context_new ();
  InFlight in_flight = { { 0, }, G_IO_ERROR,
                         by_deadline ? G_IO_ERROR_TIMED_OUT : G_IO_ERROR_CANCELLED, 0 };

  set_never (server);
  sandbox_client_set_timeout (client, by_deadline ? 0.5 : 0);
  g_object_add_weak_pointer (G_OBJECT (client), (gpointer *) &client);

  g_main_context_push_thread_default (context);
  start_in_flight (client, cancellable, &in_flight);
  iterate_for (context, 100);

  g_object_unref (client);
  g_assert_nonnull (client);

  if (!by_deadline)
    g_cancellable_cancel (cancellable);
  while (in_flight.n_pending > 0)
    g_main_context_iteration (context, TRUE);
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);

  assert_each_called_once (&in_flight);
  g_assert_null (client);
}

/* The same with a server that answers: the operations succeed. */
static void
test_unref_answered (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  SandboxClient *client = test_client_new (test_server_get_url (server));
  g_autoptr(SandboxConfig) config = test_config_new_echo ();
  TestAsyncBatch batch;
  GPtrArray *results;

  g_object_add_weak_pointer (G_OBJECT (client), (gpointer *) &client);
  test_async_batch_init (&batch);
  sandbox_client_get_libraries_async (client, NULL, test_async_batch_cb,
                                      test_async_batch_add (&batch));
  sandbox_client_download_async (client, TEST_UUID, NULL, NULL, test_async_batch_cb,
                                 test_async_batch_add (&batch));
  sandbox_client_execute_async (client, config, NULL, NULL, test_async_batch_cb,
                                test_async_batch_add (&batch));
  g_object_unref (client);
  g_assert_nonnull (client);

  results = test_async_batch_run (&batch);
  g_assert_cmpuint (results->len, ==, 3);
  for (guint i = 0; i < results->len; i++)
    assert_answered (client, results->pdata[i]);
  /* The results held the client last. */
  test_async_batch_clear (&batch);
  g_assert_null (client);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  test_init_classes ();

  test_add_client ("/client-threads/blocking-calls", test_blocking_calls);
  test_add_client ("/client-threads/async-workers", test_async_workers);
  test_add_client ("/client-threads/max-connections", test_max_connections);
  g_test_add_func ("/client-threads/max-connections/limit", test_max_connections_limit);
  g_test_add_data_func ("/client-threads/unref-in-flight/cancelled", GINT_TO_POINTER (FALSE),
                        test_unref_in_flight);
  g_test_add_data_func ("/client-threads/unref-in-flight/timed-out", GINT_TO_POINTER (TRUE),
                        test_unref_in_flight);
  g_test_add_func ("/client-threads/unref-answered", test_unref_answered);

  return g_test_run ();
}
