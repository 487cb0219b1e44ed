/* test-client-queue.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "test-server.h"
#include "test-util.h"

/* The client's own queue: libsoup is never handed more requests than the
 * client has connections, however many operations are started. */

static SandboxClient *
client_new_with_connections (TestServer *server,
                             guint       max_connections)
{
  g_autoptr(GError) error = NULL;
  SandboxClient *client;

  client = g_initable_new (SANDBOX_TYPE_CLIENT, NULL, &error,
                           "base-url", test_server_get_url (server),
                           "max-connections", max_connections,
                           NULL);
  g_assert_no_error (error);
  return client;
}

static void
assert_specifications (JsonNode *node)
{
  test_assert_json_equal (node, TEST_SPECIFICATIONS_JSON);
}

/* What a batch of specifications calls came to, in the order they called
 * back. */
typedef struct
{
  guint n_ok;
  guint n_cancelled;
  guint n_ok_when_cancelled;  /* how many had succeeded by the last cancellation */
} Tally;

static Tally
tally_specifications (SandboxClient  *client,
                      TestAsyncBatch *batch,
                      guint           n_cancelled_expected)
{
  GPtrArray *results = test_async_batch_run (batch);
  Tally tally = { 0, 0, 0 };

  for (guint i = 0; i < results->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = sandbox_client_get_specifications_finish (client,
                                                                           results->pdata[i],
                                                                           &error);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          tally.n_cancelled++;
          if (tally.n_cancelled == n_cancelled_expected)
            tally.n_ok_when_cancelled = tally.n_ok;
        }
      else
        {
          g_assert_no_error (error);
          assert_specifications (node);
          tally.n_ok++;
        }
    }

  return tally;
}

/* Thousands of operations on one client: all complete, none runs out of
 * time waiting behind the others, the cancelled ones call back at once, and
 * the server never sees more requests than the client has connections. */
static void
test_many_async (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(SandboxClient) client = client_new_with_connections (server, 8);
  g_autoptr(GPtrArray) cancellables = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = 2000;
  guint n_cancelled = 200;
  TestAsyncBatch batch;
  Tally tally;

  if (test_running_on_valgrind ())
    {
      g_test_message ("300 operations instead of 2,000: valgrind is slow");
      n = 300;
      n_cancelled = 30;
    }

  /* Each request takes a few milliseconds; all of them take far longer
   * than the deadline of one. */
  test_server_set_delay (server, 5);
  sandbox_client_set_timeout (client, test_running_on_valgrind () ? 10 : 2);

  test_async_batch_init (&batch);
  for (guint i = 0; i < n; i++)
    {
      GCancellable *cancellable = NULL;

      /* The last ones started are surely still waiting when cancelled. */
      if (i >= n - n_cancelled)
        {
          cancellable = g_cancellable_new ();
          g_ptr_array_add (cancellables, cancellable);
        }
      sandbox_client_get_specifications_async (client, cancellable, test_async_batch_cb,
                                               test_async_batch_add (&batch));
    }

  for (guint i = 0; i < cancellables->len; i++)
    g_cancellable_cancel (g_ptr_array_index (cancellables, i));

  tally = tally_specifications (client, &batch, n_cancelled);
  test_async_batch_clear (&batch);

  g_assert_cmpuint (tally.n_ok, ==, n - n_cancelled);
  g_assert_cmpuint (tally.n_cancelled, ==, n_cancelled);
  /* The cancelled ones did not wait for the backlog to drain. */
  g_assert_cmpuint (tally.n_ok_when_cancelled, <, (n - n_cancelled) / 2);
  g_assert_cmpuint (test_server_get_max_in_flight (server), <=, 8);
  g_assert_cmpuint (test_server_get_n_requests (server), ==, n - n_cancelled);
}

/* A queued operation's deadline starts when its request is sent: with one
 * connection, the third of three requests of 0.4 s each still fits a 1 s
 * deadline. */
static void
test_deadline_after_backlog (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(SandboxClient) client = client_new_with_connections (server, 1);
  guint delay = test_running_on_valgrind () ? 1000 : 400;
  TestAsyncBatch batch;

  test_server_set_delay (server, delay);
  sandbox_client_set_timeout (client, 2.5 * delay / 1000.0);

  test_async_batch_init (&batch);
  for (guint i = 0; i < 4; i++)
    sandbox_client_get_specifications_async (client, NULL, test_async_batch_cb,
                                             test_async_batch_add (&batch));
  g_assert_cmpuint (tally_specifications (client, &batch, 0).n_ok, ==, 4);
  test_async_batch_clear (&batch);
  g_assert_cmpuint (test_server_get_max_in_flight (server), ==, 1);
}

/* Waits for the get_specifications that @wait was passed to: its error,
 * or %NULL when it succeeded. */
static GError *
wait_specifications (SandboxClient *client,
                     TestAsyncWait *wait)
{
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;

  node = sandbox_client_get_specifications_finish (client, test_async_wait_run (wait), &error);
  test_async_wait_clear (wait);
  return error;
}

typedef struct
{
  SandboxClient *client;
  GCancellable  *cancellable;
  GError        *error;
  GMutex         mutex;
  GCond          cond;
  gboolean       started;
} QueuedWorker;

/* Starts one operation in a context of its own and runs that context
 * until it calls back. */
static gpointer
queued_worker_thread (gpointer user_data)
{
  QueuedWorker *worker = user_data;
  TestAsyncWait wait;

  test_async_wait_init (&wait);
  sandbox_client_get_specifications_async (worker->client, worker->cancellable,
                                           test_async_wait_cb, &wait);
  g_mutex_lock (&worker->mutex);
  worker->started = TRUE;
  g_cond_signal (&worker->cond);
  g_mutex_unlock (&worker->mutex);

  worker->error = wait_specifications (worker->client, &wait);
  return NULL;
}

/* With the only connection busy, a waiting operation started from another
 * thread is cancelled from this one: it calls back at once, in its own
 * thread and context, and is never sent. Another waits on, then runs. */
static void
test_cancel_queued (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(SandboxClient) client = client_new_with_connections (server, 1);
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  QueuedWorker worker = { client, cancellable, NULL, { 0, }, { 0, }, FALSE };
  TestAnswer slow = { .status = 200, .content_type = "application/json",
                      .body = g_bytes_new_static (TEST_SPECIFICATIONS_JSON,
                                                  strlen (TEST_SPECIFICATIONS_JSON)),
                      .delay_ms = 800 };
  TestAsyncWait first;
  TestAsyncWait last;
  g_autoptr(GError) first_error = NULL;
  g_autoptr(GError) last_error = NULL;
  GThread *thread;

  test_server_set_answer (server, "GET", "/specifications/", &slow);
  g_bytes_unref (slow.body);

  g_main_context_push_thread_default (context);
  test_async_wait_init (&first);
  sandbox_client_get_specifications_async (client, NULL, test_async_wait_cb, &first);

  g_mutex_init (&worker.mutex);
  g_cond_init (&worker.cond);
  thread = g_thread_new ("test-queued", queued_worker_thread, &worker);
  g_mutex_lock (&worker.mutex);
  while (!worker.started)
    g_cond_wait (&worker.cond, &worker.mutex);
  g_mutex_unlock (&worker.mutex);

  test_async_wait_init (&last);
  sandbox_client_get_specifications_async (client, NULL, test_async_wait_cb, &last);
  g_cancellable_cancel (cancellable);
  g_thread_join (thread);

  /* Called back while the first request still holds the connection. */
  g_assert_null (first.result);
  g_assert_error (worker.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&worker.error);
  g_mutex_clear (&worker.mutex);
  g_cond_clear (&worker.cond);

  first_error = wait_specifications (client, &first);
  last_error = wait_specifications (client, &last);
  g_main_context_pop_thread_default (context);

  g_assert_no_error (first_error);
  g_assert_no_error (last_error);
  g_assert_cmpuint (test_server_get_n_requests (server), ==, 2);
  g_assert_cmpuint (test_server_get_max_in_flight (server), ==, 1);
}

/* Cancelled before it is even started: it calls back, in its context, and
 * sends nothing. */
static void
test_cancelled_before (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(SandboxClient) client = client_new_with_connections (server, 1);
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  TestAsyncWait waits[3];

  g_cancellable_cancel (cancellable);
  g_main_context_push_thread_default (context);
  for (guint i = 0; i < G_N_ELEMENTS (waits); i++)
    {
      test_async_wait_init (&waits[i]);
      sandbox_client_get_specifications_async (client, cancellable, test_async_wait_cb,
                                               &waits[i]);
    }
  /* None calls back from inside the call. */
  for (guint i = 0; i < G_N_ELEMENTS (waits); i++)
    g_assert_null (waits[i].result);

  for (guint i = 0; i < G_N_ELEMENTS (waits); i++)
    {
      g_autoptr(GError) error = wait_specifications (client, &waits[i]);

      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    }
  g_main_context_pop_thread_default (context);

  g_assert_cmpuint (test_server_get_n_requests (server), ==, 0);
}

#define N_THREADS        16
#define CALLS_PER_THREAD 12

static void
read_and_maybe_close (GInputStream *stream,
                      gboolean      close)
{
  g_autoptr(GError) error = NULL;
  char buffer[256];
  gsize n = 0;

  g_input_stream_read_all (stream, buffer, sizeof buffer, &n, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (buffer, n, TEST_FILE_CONTENT, strlen (TEST_FILE_CONTENT));
  if (close)
    {
      g_input_stream_close (stream, NULL, &error);
      g_assert_no_error (error);
    }
}

/* Blocking calls from 16 threads on a client of 4 connections. */
static void
test_blocking_threads (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(SandboxClient) client = client_new_with_connections (server, 4);

  test_server_set_delay (server, 10);
  test_run_in_threads (client, N_THREADS, CALLS_PER_THREAD);

  g_assert_cmpuint (test_server_get_n_requests (server), ==, N_THREADS * CALLS_PER_THREAD);
  g_assert_cmpuint (test_server_get_max_in_flight (server), <=, 4);
  g_assert_cmpuint (test_server_get_max_in_flight (server), >=, 2);
}

static gpointer
close_stream_thread (gpointer user_data)
{
  g_autoptr(GInputStream) stream = user_data;
  g_autoptr(GError) error = NULL;

  g_input_stream_close (stream, NULL, &error);
  g_assert_no_error (error);
  return NULL;
}

static void
run_specifications (SandboxClient *client)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  /* A connection that is never given back fails the test instead of
   * hanging it. */
  test_cancel_after (cancellable, 10000);
  node = sandbox_client_get_specifications (client, cancellable, &error);
  g_assert_no_error (error);
  assert_specifications (node);
}

typedef struct
{
  SandboxClient *client;
  GPtrArray     *cancellables;  /* this worker's, cancelled from the main thread */
  guint          n_ops;
  Tally          tally;
  GMutex         mutex;
  GCond          cond;
  gboolean       started;
} RaceWorker;

static gpointer
race_worker_thread (gpointer user_data)
{
  RaceWorker *worker = user_data;
  TestAsyncBatch batch;

  /* In a context of the thread's own, where each must call back. */
  test_async_batch_init (&batch);
  for (guint i = 0; i < worker->n_ops; i++)
    {
      sandbox_client_get_specifications_async (worker->client,
                                               g_ptr_array_index (worker->cancellables, i),
                                               test_async_batch_cb,
                                               test_async_batch_add (&batch));
    }
  g_mutex_lock (&worker->mutex);
  worker->started = TRUE;
  g_cond_signal (&worker->cond);
  g_mutex_unlock (&worker->mutex);

  worker->tally = tally_specifications (worker->client, &batch, G_MAXUINT);
  test_async_batch_clear (&batch);
  return NULL;
}

/* Operations from several threads, each in its own context, on two
 * connections, cancelled from another thread while they wait, are handed
 * their connection, or run: each calls back once, in its thread. */
static void
test_cancel_race (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(SandboxClient) client = client_new_with_connections (server, 2);
  RaceWorker workers[6];
  GThread *threads[G_N_ELEMENTS (workers)];
  guint n_ops = test_running_on_valgrind () ? 20 : 100;
  guint n_ok = 0;

  test_server_set_delay (server, 1);
  for (guint i = 0; i < G_N_ELEMENTS (workers); i++)
    {
      workers[i] = (RaceWorker) { client, g_ptr_array_new_with_free_func (g_object_unref),
                                  n_ops, };
      g_mutex_init (&workers[i].mutex);
      g_cond_init (&workers[i].cond);
      for (guint j = 0; j < n_ops; j++)
        g_ptr_array_add (workers[i].cancellables, g_cancellable_new ());
      threads[i] = g_thread_new ("test-race", race_worker_thread, &workers[i]);
    }

  /* Every other operation, as the others come and go. */
  for (guint i = 0; i < G_N_ELEMENTS (workers); i++)
    {
      g_mutex_lock (&workers[i].mutex);
      while (!workers[i].started)
        g_cond_wait (&workers[i].cond, &workers[i].mutex);
      g_mutex_unlock (&workers[i].mutex);
    }
  for (guint j = 0; j < n_ops; j += 2)
    {
      for (guint i = 0; i < G_N_ELEMENTS (workers); i++)
        g_cancellable_cancel (g_ptr_array_index (workers[i].cancellables, j));
      g_usleep (500);
    }

  for (guint i = 0; i < G_N_ELEMENTS (workers); i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpuint (workers[i].tally.n_ok + workers[i].tally.n_cancelled, ==, n_ops);
      /* Those never cancelled succeeded. */
      g_assert_cmpuint (workers[i].tally.n_ok, >=, n_ops / 2);
      n_ok += workers[i].tally.n_ok;
      g_ptr_array_unref (workers[i].cancellables);
      g_mutex_clear (&workers[i].mutex);
      g_cond_clear (&workers[i].cond);
    }

  /* (The server's count of requests in flight is no measure here: it
   * still counts one that the client cancelled and hung up on.) */
  g_assert_cmpuint (test_server_get_n_requests (server), >=, n_ok);
  /* Nothing is left holding a connection. */
  run_specifications (client);
}

/* A blocking stream holds its connection until it is closed, from any
 * thread: an operation started meanwhile waits for it. */
static void
test_stream_holds_connection (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(SandboxClient) client = client_new_with_connections (server, 1);
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  TestAsyncWait wait;
  GThread *thread;

  stream = sandbox_client_download_stream (client, TEST_UUID, "dir/file1.txt", NULL,
                                           NULL, &error);
  g_assert_no_error (error);

  g_main_context_push_thread_default (context);
  test_async_wait_init (&wait);
  sandbox_client_get_specifications_async (client, NULL, test_async_wait_cb, &wait);
  for (guint i = 0; i < 20; i++)
    {
      g_usleep (10000);
      while (g_main_context_iteration (context, FALSE))
        ;
    }
  g_assert_null (wait.result);
  g_assert_cmpuint (test_server_get_n_requests (server), ==, 1);

  /* Blocking calls that wait behind it can be cancelled. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GInputStream) waiting = NULL;
    g_autoptr(JsonNode) node = NULL;

    test_cancel_after (cancellable, 100);
    waiting = sandbox_client_download_stream (client, TEST_UUID, "dir/file1.txt", NULL,
                                              cancellable, &error);
    g_assert_null (waiting);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);

    node = sandbox_client_get_specifications (client, cancellable, &error);
    g_assert_null (node);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }
  g_assert_cmpuint (test_server_get_n_requests (server), ==, 1);

  thread = g_thread_new ("test-close", close_stream_thread, g_steal_pointer (&stream));
  error = wait_specifications (client, &wait);
  g_thread_join (thread);
  g_main_context_pop_thread_default (context);
  g_assert_no_error (error);

  /* A stream only dropped gives its connection back too. */
  stream = sandbox_client_download_stream (client, TEST_UUID, "dir/file1.txt", NULL,
                                           NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&stream);
  run_specifications (client);

  g_assert_cmpuint (test_server_get_max_in_flight (server), ==, 1);
}

/* One connection, and every way an operation can end: after each, the
 * connection is free for the next. (A slot given back twice trips an
 * assertion in the queue.) */
static void
test_every_ending (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(SandboxClient) client = client_new_with_connections (server, 1);
  g_autoptr(GMainContext) context = g_main_context_new ();
  TestAnswer never = { .mode = TEST_ANSWER_NEVER };
  TestAnswer missing = { .status = 404, .content_type = "text/html",
                         .body = g_bytes_new_static (TEST_DJANGO_404,
                                                     strlen (TEST_DJANGO_404)) };
  g_autofree char *missing_path = g_strconcat ("/environments/", TEST_MISSING_UUID, "/", NULL);

  test_server_set_answer (server, "GET", missing_path, &missing);
  test_server_set_answer (server, "GET", "/usages/", &never);
  g_bytes_unref (missing.body);

  /* Asynchronous streams are read in the context that asked for them. */
  g_main_context_push_thread_default (context);
  for (guint mode = TEST_MODE_SYNC; mode <= TEST_MODE_ASYNC; mode++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GInputStream) stream = NULL;

      /* An error status. */
      g_assert_null (run_download (client, TEST_MISSING_UUID, NULL, mode, NULL, &error));
      g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND);
      g_clear_error (&error);
      run_specifications (client);

      /* The deadline. */
      sandbox_client_set_timeout (client, 0.3);
      g_assert_null (run_get_info (client, TEST_INFO_USAGE, mode, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
      g_clear_error (&error);
      sandbox_client_set_timeout (client, 60);
      run_specifications (client);

      /* Cancellation while in flight. */
      test_cancel_after (cancellable, 200);
      g_assert_null (run_get_info (client, TEST_INFO_USAGE, mode, cancellable, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
      run_specifications (client);

      /* A stream read to its end and closed, and one dropped half read. */
      stream = run_download_stream (client, TEST_UUID, "dir/file1.txt", NULL, mode, NULL,
                                    &error);
      g_assert_no_error (error);
      read_and_maybe_close (stream, TRUE);
      g_clear_object (&stream);
      /* libsoup ends an asynchronous message in its context. */
      while (g_main_context_iteration (context, FALSE))
        ;
      run_specifications (client);

      stream = run_download_stream (client, TEST_UUID, NULL, NULL, mode, NULL, &error);
      g_assert_no_error (error);
      g_clear_object (&stream);
      while (g_main_context_iteration (context, FALSE))
        ;
      run_specifications (client);
    }

  /* A stream asked for asynchronously, with an operation waiting behind it. */
  {
    g_autoptr(GInputStream) stream = NULL;
    g_autoptr(GError) error = NULL;
    TestAsyncWait wait;

    stream = run_download_stream (client, TEST_UUID, "dir/file1.txt", NULL, TEST_MODE_ASYNC,
                                  NULL, &error);
    g_assert_no_error (error);
    test_async_wait_init (&wait);
    sandbox_client_download_async (client, TEST_MISSING_UUID, NULL, NULL, test_async_wait_cb,
                                   &wait);
    g_input_stream_close (stream, NULL, &error);
    g_assert_no_error (error);
    g_clear_object (&stream);
    g_assert_null (sandbox_client_download_finish (client, test_async_wait_run (&wait), &error));
    g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND);
    test_async_wait_clear (&wait);
  }

  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
  run_specifications (client);
}

/* The client goes while operations wait for its only connection: they
 * still end, each once, and the client goes after them. */
static void
test_unref_queued (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  SandboxClient *client = client_new_with_connections (server, 1);
  TestAsyncBatch batch;

  test_server_set_delay (server, 20);
  g_object_add_weak_pointer (G_OBJECT (client), (gpointer *) &client);
  test_async_batch_init (&batch);
  for (guint i = 0; i < 10; i++)
    sandbox_client_get_specifications_async (client, NULL, test_async_batch_cb,
                                             test_async_batch_add (&batch));
  g_object_unref (client);
  g_assert_nonnull (client);

  g_assert_cmpuint (tally_specifications (client, &batch, 0).n_ok, ==, 10);
  /* The results held the client last. */
  test_async_batch_clear (&batch);
  g_assert_null (client);
  g_assert_cmpuint (test_server_get_max_in_flight (server), ==, 1);
}

/* 256 executes that the server holds 100 ms each, on 64 connections: four
 * rounds, 0.4 s at best. The time is reported, not asserted. */
static void
test_throughput (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(SandboxClient) client = client_new_with_connections (server, 64);
  g_autoptr(SandboxConfig) config = test_config_new_echo ();
  guint n = test_running_on_valgrind () ? 64 : 256;
  TestAsyncBatch batch;
  GPtrArray *results;
  gint64 start;
  double elapsed;

  test_server_set_delay (server, 100);
  test_async_batch_init (&batch);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    sandbox_client_execute_async (client, config, NULL, NULL, test_async_batch_cb,
                                  test_async_batch_add (&batch));
  results = test_async_batch_run (&batch);
  elapsed = test_elapsed_since (start);

  g_test_message ("%u executes held 100 ms each on 64 connections: %.3f s (ideal %.1f s)",
                  n, elapsed, 0.1 * ((n + 63) / 64));
  g_assert_cmpuint (results->len, ==, n);
  for (guint i = 0; i < results->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SandboxExecution) execution = sandbox_client_execute_finish (client,
                                                                             results->pdata[i],
                                                                             &error);

      g_assert_no_error (error);
      g_assert_cmpstr (sandbox_execution_get_environment (execution), ==, TEST_UUID);
    }
  test_async_batch_clear (&batch);
  g_assert_cmpuint (test_server_get_max_in_flight (server), <=, 64);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  test_init_classes ();

  g_test_add_func ("/client-queue/many-async", test_many_async);
  g_test_add_func ("/client-queue/deadline-after-backlog", test_deadline_after_backlog);
  g_test_add_func ("/client-queue/cancel-queued", test_cancel_queued);
  g_test_add_func ("/client-queue/cancelled-before", test_cancelled_before);
  g_test_add_func ("/client-queue/cancel-race", test_cancel_race);
  g_test_add_func ("/client-queue/blocking-threads", test_blocking_threads);
  g_test_add_func ("/client-queue/stream-holds-connection", test_stream_holds_connection);
  g_test_add_func ("/client-queue/every-ending", test_every_ending);
  g_test_add_func ("/client-queue/unref-queued", test_unref_queued);
  g_test_add_func ("/client-queue/throughput", test_throughput);

  return g_test_run ();
}
