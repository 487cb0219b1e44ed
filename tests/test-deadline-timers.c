/* test-deadline-timers.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <sandbox-api.h>

#include "test-server.h"
#include "test-util.h"

/* The deadlines of blocking calls share one timer thread: a short deadline
 * must end its call on time while a long one is pending, and a caller's
 * cancellation from another thread must reach a call under a long one. */

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/deadline-timers/short-under-long", test_short_under_long);
  g_test_add_func ("/deadline-timers/many-in-order", test_many_in_order);

  return g_test_run ();
}
