/* test-deadline-timers.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <sandbox-api.h>

#include "test-server.h"
#include "test-util.h"

/* The timers of blocking calls run in the library's timers context, which a
 * pooled worker iterates while blocking calls have timers: a short deadline
 * must end its call on time while a long one is pending, a caller's
 * cancellation from another thread must reach a call under a long one,
 * calls made from threads of GTask's pool, all of them busy, must time out
 * too, and once the calls are over no thread of the library's is left. */

static double
slack (void)
{
  return test_running_on_valgrind () ? 10.0 : 2.0;
}

typedef struct
{
  SandboxClient *client;
  GCancellable  *cancellable;
  GError        *error;
  double         elapsed;
} LongCall;

static gpointer
long_call_thread (gpointer user_data)
{
  LongCall *call = user_data;
  g_autoptr(JsonNode) node = NULL;
  gint64 start = g_get_monotonic_time ();

  node = sandbox_client_get_usage (call->client, call->cancellable, &call->error);
  g_assert_null (node);
  call->elapsed = test_elapsed_since (start);

  return NULL;
}

static void
wait_for_requests (TestServer *server,
                   guint       n_requests)
{
  gint64 end = g_get_monotonic_time () + (gint64) (slack () * 5 * G_USEC_PER_SEC);

  while (test_server_get_n_requests (server) < n_requests)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_usleep (10 * 1000);
    }
}

static void
test_short_under_long (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(SandboxClient) long_client = test_client_new (test_server_get_url (server));
  g_autoptr(SandboxClient) short_client = test_client_new (test_server_get_url (server));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  TestAnswer never = { .mode = TEST_ANSWER_NEVER };
  LongCall call = { long_client, cancellable, NULL, 0 };
  GThread *thread;
  gint64 start;
  double elapsed;

  test_server_set_answer (server, "GET", "/usages/", &never);
  test_server_set_answer (server, "GET", "/specifications/", &never);
  sandbox_client_set_timeout (long_client, 600);
  sandbox_client_set_timeout (short_client, 0.5);

  thread = g_thread_new ("long-call", long_call_thread, &call);
  wait_for_requests (server, 1);

  /* Expires before the pending one: the timer thread must wake sooner. */
  start = g_get_monotonic_time ();
  node = sandbox_client_get_specifications (short_client, NULL, &error);
  elapsed = test_elapsed_since (start);
  g_assert_null (node);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpfloat (elapsed, >=, 0.5);
  g_assert_cmpfloat (elapsed, <, 0.5 + slack ());

  /* Cancelled from this thread, the long one ends at once. */
  g_cancellable_cancel (cancellable);
  g_thread_join (thread);
  g_assert_error (call.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (call.elapsed, <, 0.5 + 2 * slack ());
  g_clear_error (&call.error);
}

static void
test_many_in_order (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  TestAnswer never = { .mode = TEST_ANSWER_NEVER };
  static const double timeouts[] = { 1.5, 0.3, 0.9 };

  test_server_set_answer (server, "GET", "/specifications/", &never);

  /* One after another, each shorter or longer than the one before. */
  for (guint i = 0; i < G_N_ELEMENTS (timeouts); i++)
    {
      g_autoptr(SandboxClient) client = test_client_new (test_server_get_url (server));
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;
      gint64 start = g_get_monotonic_time ();
      double elapsed;

      sandbox_client_set_timeout (client, timeouts[i]);
      node = sandbox_client_get_specifications (client, NULL, &error);
      elapsed = test_elapsed_since (start);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
      g_assert_cmpfloat (elapsed, >=, timeouts[i]);
      g_assert_cmpfloat (elapsed, <, timeouts[i] + slack ());
    }
}

/* Blocking calls from more threads of GTask's pool than it has at first
 * (ten): each must end at its timeout, whatever the pool's other threads
 * are blocked in. */
#define N_POOL_CALLS 12

static void
pool_call_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gint64 start = g_get_monotonic_time ();

  node = sandbox_client_get_specifications (source_object, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_task_return_int (task, (gssize) (test_elapsed_since (start) * 1000));
}

static void
test_from_busy_pool (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(SandboxClient) client = test_client_new (test_server_get_url (server));
  g_autoptr(GMainContext) context = g_main_context_new ();
  TestAnswer never = { .mode = TEST_ANSWER_NEVER };
  TestAsyncWait waits[N_POOL_CALLS];

  test_server_set_answer (server, "GET", "/specifications/", &never);
  sandbox_client_set_timeout (client, 0.5);

  g_main_context_push_thread_default (context);
  for (guint i = 0; i < N_POOL_CALLS; i++)
    {
      g_autoptr(GTask) task = NULL;

      test_async_wait_init (&waits[i]);
      task = g_task_new (client, NULL, test_async_wait_cb, &waits[i]);
      g_task_run_in_thread (task, pool_call_thread);
    }

  for (guint i = 0; i < N_POOL_CALLS; i++)
    {
      double elapsed;

      GAsyncResult *result = test_async_wait_run (&waits[i]);

      elapsed = g_task_propagate_int (G_TASK (result), NULL) / 1000.0;
      g_assert_cmpfloat (elapsed, >=, 0.5);
      g_assert_cmpfloat (elapsed, <, 0.5 + slack ());
      test_async_wait_clear (&waits[i]);
    }
  g_main_context_pop_thread_default (context);
}

static guint
count_threads (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

/* Waits until the process has at most @n threads (0: until their number
 * stays the same a while), ending GLib's idle pool threads as it goes; the
 * number it has at the end. */
static guint
wait_for_threads (guint n)
{
  gint64 end = g_get_monotonic_time () + (gint64) (slack () * 5 * G_USEC_PER_SEC);
  guint n_threads = 0;
  guint n_same = 0;

  for (;;)
    {
      guint last = n_threads;

      g_thread_pool_stop_unused_threads ();
      n_threads = count_threads ();
      n_same = n_threads == last ? n_same + 1 : 0;
      if ((n > 0 && n_threads <= n) || (n == 0 && n_same == 5) ||
          g_get_monotonic_time () > end)
        return n_threads;
      g_usleep (50 * 1000);
    }
}

static void
no_op_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_task_return_boolean (task, TRUE);
}

static void
test_no_thread_left (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(SandboxClient) client = test_client_new (test_server_get_url (server));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);
  TestAnswer never = { .mode = TEST_ANSWER_NEVER };
  TestAsyncWait wait;
  JsonNode *node;
  guint before;

  /* The threads that live for the process: GLib's worker, which GTask's
   * pool starts, and those of a first connection (dconf's, for the proxy
   * settings), made by an asynchronous call that needs no thread of ours. */
  g_task_run_in_thread_sync (task, no_op_thread);
  test_async_wait_init (&wait);
  sandbox_client_get_specifications_async (client, NULL, test_async_wait_cb, &wait);
  node = sandbox_client_get_specifications_finish (client, test_async_wait_run (&wait), &error);
  g_assert_no_error (error);
  json_node_unref (node);
  test_async_wait_clear (&wait);
  before = wait_for_threads (0);

  test_server_set_answer (server, "GET", "/specifications/", &never);
  test_server_set_answer (server, "GET", "/usages/", &never);

  /* The deadline. */
  sandbox_client_set_timeout (client, 0.3);
  node = sandbox_client_get_specifications (client, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_clear_error (&error);

  /* The read timer. */
  sandbox_client_set_timeout (client, 600);
  sandbox_client_set_read_timeout (client, 0.3);
  node = sandbox_client_get_specifications (client, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (error->message, "read-timeout"));
  g_clear_error (&error);

  /* A caller's cancellation, from another thread. */
  sandbox_client_set_read_timeout (client, 0);
  test_cancel_after (cancellable, 200);
  node = sandbox_client_get_usage (client, cancellable, &error);
  g_assert_null (node);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* Only the test's cancelling thread may still be ending. */
  g_assert_cmpuint (wait_for_threads (before), ==, before);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/deadline-timers/no-thread-left", test_no_thread_left);
  g_test_add_func ("/deadline-timers/short-under-long", test_short_under_long);
  g_test_add_func ("/deadline-timers/many-in-order", test_many_in_order);
  g_test_add_func ("/deadline-timers/from-busy-pool", test_from_busy_pool);

  return g_test_run ();
}
