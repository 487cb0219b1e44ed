/* test-client-deadline.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "test-server.h"
#include "test-util.h"

/* How late past its deadline an operation may end: the machine may be
 * loaded, or the test run under valgrind. */
static double
slack (void)
{
  return test_running_on_valgrind () ? 4.0 : 2.0;
}

static void
assert_timed_out (const GError *error,
                  const char   *timeout_text,
                  double        timeout,
                  double        elapsed)
{
  g_autofree char *expected = g_strdup_printf ("The sandbox server did not answer within "
                                               "the client's timeout of %s seconds",
                                               timeout_text);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpfloat (elapsed, >=, timeout);
  g_assert_cmpfloat (elapsed, <, timeout + slack ());
}

/* A server that never answers: the operation ends at its deadline, which
 * honours fractions of a second (libsoup's own timeouts are whole
 * seconds). */
static void
check_never (TestMode      mode,
             double        timeout,
             const char   *timeout_text,
             const TestOp *ops,
             guint         n_ops)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(SandboxClient) client = test_client_new (test_server_get_url (server));
  TestAnswer never = { .mode = TEST_ANSWER_NEVER };

  sandbox_client_set_timeout (client, timeout);

  for (guint i = 0; i < n_ops; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start;

      g_test_message ("%s, timeout %s", test_op_get_name (ops[i]), timeout_text);
      test_set_op_answer (server, ops[i], &never);
      start = g_get_monotonic_time ();
      g_assert_false (run_op (client, ops[i], mode, NULL, &error));
      assert_timed_out (error, timeout_text, timeout, test_elapsed_since (start));
    }

  /* Under valgrind, a request may still be on its way at the deadline. */
  if (!test_running_on_valgrind ())
    g_assert_cmpuint (test_server_get_n_requests (server), ==, n_ops);
}

static void
test_never_half_second (gconstpointer data)
{
  static const TestOp ops[] = {
    TEST_OP_SPECIFICATIONS, TEST_OP_USAGE, TEST_OP_LIBRARIES, TEST_OP_DOWNLOAD,
    TEST_OP_DOWNLOAD_STREAM, TEST_OP_CHECK, TEST_OP_EXECUTE, TEST_OP_EXECUTE_FILE,
  };

  check_never (TEST_MODE (data), 0.5, "0.5", ops, G_N_ELEMENTS (ops));
}

static void
test_never_one_and_a_half_seconds (gconstpointer data)
{
  /* The asynchronous path, and the blocking one of download_stream. */
  static const TestOp ops[] = { TEST_OP_EXECUTE_FILE, TEST_OP_DOWNLOAD_STREAM };

  check_never (TEST_MODE (data), 1.5, "1.5", ops, G_N_ELEMENTS (ops));
}

typedef struct
{
  TestOp         op;
  guint          status;
  TestAnswerMode mode;
} StallCase;

/* Answers whose body stops half-way: the JSON ones, the downloads into
 * memory, and an error status whose message never ends. */
static const StallCase stall_cases[] = {
  { TEST_OP_SPECIFICATIONS, 200, TEST_ANSWER_STALL_BODY },
  { TEST_OP_DOWNLOAD, 200, TEST_ANSWER_STALL_BODY },
  { TEST_OP_DOWNLOAD, 200, TEST_ANSWER_STALL_SIZED },
  { TEST_OP_EXECUTE, 200, TEST_ANSWER_STALL_BODY },
  { TEST_OP_EXECUTE_FILE, 200, TEST_ANSWER_STALL_SIZED },
  { TEST_OP_DOWNLOAD, 404, TEST_ANSWER_STALL_BODY },
  { TEST_OP_DOWNLOAD_STREAM, 503, TEST_ANSWER_STALL_BODY },
};

static void
set_stall_answer (TestServer      *server,
                  const StallCase *c)
{
  g_autoptr(GBytes) body = NULL;
  TestAnswer answer = { .status = c->status, .mode = c->mode };

  if (c->status != 200)
    body = g_bytes_new_static (TEST_DJANGO_404, strlen (TEST_DJANGO_404));
  else if (c->op == TEST_OP_DOWNLOAD)
    body = test_environment_archive ();
  else if (c->op == TEST_OP_SPECIFICATIONS)
    body = g_bytes_new_static (TEST_SPECIFICATIONS_JSON, strlen (TEST_SPECIFICATIONS_JSON));
  else
    body = g_bytes_new_static (TEST_EXECUTION_JSON, strlen (TEST_EXECUTION_JSON));

  answer.body = body;
  answer.content_type = c->status != 200 ? "text/html; charset=utf-8" : "application/json";
  answer.generated_size = (goffset) g_bytes_get_size (body);
  test_set_op_answer (server, c->op, &answer);
}

static void
test_stall_body (ClientFixture *f,
                 gconstpointer  data)
{
  sandbox_client_set_timeout (f->client, 0.3);

  for (guint i = 0; i < G_N_ELEMENTS (stall_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start;

      g_test_message ("%s, status %u, mode %d", test_op_get_name (stall_cases[i].op),
                      stall_cases[i].status, stall_cases[i].mode);
      set_stall_answer (f->server, &stall_cases[i]);
      start = g_get_monotonic_time ();
      g_assert_false (run_op (f->client, stall_cases[i].op, f->mode, NULL, &error));
      assert_timed_out (error, "0.3", 0.3, test_elapsed_since (start));
    }
}

/* For a stream, the deadline covers the wait for the headers only: a body
 * that stalls is the caller's to give up on, with the cancellable of its
 * reads. */
static void
test_download_stream_stall (ClientFixture *f,
                            gconstpointer  data)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  static const TestAnswerMode modes[] = { TEST_ANSWER_STALL_BODY, TEST_ANSWER_STALL_SIZED };
  /* Long enough for the headers to arrive, under valgrind too. */
  double timeout = test_running_on_valgrind () ? 3.0 : 0.3;
  guint cancel_after = (guint) (timeout * 1000) + 500;

  sandbox_client_set_timeout (f->client, timeout);

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(GBytes) body = g_bytes_new_static (TEST_FILE_CONTENT,
                                                   strlen (TEST_FILE_CONTENT));
      g_autoptr(GInputStream) stream = NULL;
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GError) error = NULL;
      TestAnswer answer = { .status = 200, .mode = modes[i], .body = body,
                            .content_type = "application/octet-stream",
                            .generated_size = (goffset) strlen (TEST_FILE_CONTENT) };
      gsize half = strlen (TEST_FILE_CONTENT) / 2;
      char buffer[64];
      gsize n = 0;
      gint64 start;

      g_test_message ("mode %d", modes[i]);
      test_set_op_answer (f->server, TEST_OP_DOWNLOAD_STREAM, &answer);

      g_main_context_push_thread_default (context);
      start = g_get_monotonic_time ();
      stream = run_download_stream (f->client, TEST_UUID, "dir/file1.txt", NULL, f->mode,
                                    NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (stream);

      g_assert_true (g_input_stream_read_all (stream, buffer, half, &n, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (buffer, n, TEST_FILE_CONTENT, half);

      /* Well past the client's timeout, only the caller's cancellable ends
       * the read. */
      test_cancel_after (cancellable, cancel_after);
      g_assert_cmpint (g_input_stream_read (stream, buffer, sizeof buffer, cancellable,
                                            &error), ==, -1);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_cmpfloat (test_elapsed_since (start), >=, cancel_after / 1000.0);

      g_clear_object (&stream);
      while (g_main_context_iteration (context, FALSE))
        ;
      g_main_context_pop_thread_default (context);
    }
}

/* A timeout of 0 is no deadline: an answer that takes longer than a second
 * (libsoup's smallest timeout) still arrives. */
static void
test_no_timeout (ClientFixture *f,
                 gconstpointer  data)
{
  /* The asynchronous path, and the blocking one of download_stream. */
  static const TestOp ops[] = { TEST_OP_EXECUTE, TEST_OP_DOWNLOAD_STREAM };

  sandbox_client_set_timeout (f->client, 0);
  g_assert_cmpfloat (sandbox_client_get_timeout (f->client), ==, 0);
  test_server_set_delay (f->server, 1100);

  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      g_test_message ("%s", test_op_get_name (ops[i]));
      g_assert_true (run_op (f->client, ops[i], f->mode, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat (test_elapsed_since (start), >=, 1.1);
    }
}

/* A deadline that does not pass changes nothing, and a new timeout applies
 * to the operations that follow. */
static void
test_timeout_change (ClientFixture *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 start;

  test_server_set_delay (f->server, 300);
  sandbox_client_set_timeout (f->client, 2.5);
  g_assert_true (run_op (f->client, TEST_OP_DOWNLOAD, f->mode, NULL, &error));
  g_assert_no_error (error);

  sandbox_client_set_timeout (f->client, 0.1);
  start = g_get_monotonic_time ();
  g_assert_false (run_op (f->client, TEST_OP_DOWNLOAD, f->mode, NULL, &error));
  assert_timed_out (error, "0.1", 0.1, test_elapsed_since (start));
}

/* An operation cancelled before it starts sends nothing. */
static void
test_cancel_before (ClientFixture *f,
                    gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_cancellable_cancel (cancellable);

  for (TestOp op = 0; op < TEST_N_OPS; op++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", test_op_get_name (op));
      g_assert_false (run_op (f->client, op, f->mode, cancellable, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_cmpuint (test_server_get_n_requests (f->server), ==, 0);
    }
}

typedef struct
{
  TestServer   *server;
  GCancellable *cancellable;
  guint         n_requests;
} CancelWhen;

static gpointer
cancel_when_thread (gpointer user_data)
{
  CancelWhen *when = user_data;

  g_usleep (200 * 1000);
  while (test_server_get_n_requests (when->server) < when->n_requests)
    g_usleep (10 * 1000);
  g_cancellable_cancel (when->cancellable);

  return NULL;
}

/* Cancelled from another thread while waiting for the answer (once the
 * server has the request, and at least 200 ms after the start); the
 * client has a deadline, which must not be what ends the operation. */
static void
test_cancel_waiting (ClientFixture *f,
                     gconstpointer  data)
{
  TestAnswer never = { .mode = TEST_ANSWER_NEVER };

  sandbox_client_set_timeout (f->client, 10);

  for (TestOp op = 0; op < TEST_N_OPS; op++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      CancelWhen when = { f->server, cancellable, op + 1 };
      GThread *thread;
      double elapsed;

      g_test_message ("%s", test_op_get_name (op));
      test_set_op_answer (f->server, op, &never);
      thread = g_thread_new ("test-cancel-when", cancel_when_thread, &when);
      g_assert_false (run_op (f->client, op, f->mode, cancellable, &error));
      elapsed = test_elapsed_since (start);
      g_thread_join (thread);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_cmpfloat (elapsed, >=, 0.2);
      g_assert_cmpfloat (elapsed, <, 0.2 + slack ());
    }

  g_assert_cmpuint (test_server_get_n_requests (f->server), ==, TEST_N_OPS);
}

/* Cancelled while the body arrives, an error body included: the status
 * already known does not turn the cancellation into a SANDBOX_ERROR. */
static void
test_cancel_mid_body (ClientFixture *f,
                      gconstpointer  data)
{
  sandbox_client_set_timeout (f->client, 10);

  for (guint i = 0; i < G_N_ELEMENTS (stall_cases); i++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GError) error = NULL;
      gint64 start;
      double elapsed;

      g_test_message ("%s, status %u, mode %d", test_op_get_name (stall_cases[i].op),
                      stall_cases[i].status, stall_cases[i].mode);
      set_stall_answer (f->server, &stall_cases[i]);
      start = g_get_monotonic_time ();
      test_cancel_after (cancellable, 200);
      g_assert_false (run_op (f->client, stall_cases[i].op, f->mode, cancellable, &error));
      elapsed = test_elapsed_since (start);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_cmpfloat (elapsed, >=, 0.2);
      g_assert_cmpfloat (elapsed, <, 0.2 + slack ());
    }
}

/* The client stays usable after its operations timed out or were
 * cancelled. */
static void
test_usable_after (ClientFixture *f,
                   gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  TestAnswer never = { .mode = TEST_ANSWER_NEVER };
  g_autoptr(GError) error = NULL;

  sandbox_client_set_timeout (f->client, 0.2);
  test_set_op_answer (f->server, TEST_OP_USAGE, &never);
  g_assert_false (run_op (f->client, TEST_OP_USAGE, f->mode, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_clear_error (&error);

  sandbox_client_set_timeout (f->client, 10);
  test_cancel_after (cancellable, 100);
  g_assert_false (run_op (f->client, TEST_OP_USAGE, f->mode, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  for (TestOp op = 0; op < TEST_N_OPS; op++)
    {
      if (op == TEST_OP_USAGE)
        continue;
      g_assert_true (run_op (f->client, op, f->mode, NULL, &error));
      g_assert_no_error (error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  test_init_classes ();

  test_add_both_modes ("/client-deadline/never/0.5", test_never_half_second);
  test_add_both_modes ("/client-deadline/never/1.5", test_never_one_and_a_half_seconds);
  test_add_client_both_modes ("/client-deadline/stall-body", test_stall_body);
  test_add_client_both_modes ("/client-deadline/download-stream-stall", test_download_stream_stall);
  test_add_client_both_modes ("/client-deadline/no-timeout", test_no_timeout);
  test_add_client_both_modes ("/client-deadline/timeout-change", test_timeout_change);
  test_add_client_both_modes ("/client-cancel/before", test_cancel_before);
  test_add_client_both_modes ("/client-cancel/waiting", test_cancel_waiting);
  test_add_client_both_modes ("/client-cancel/mid-body", test_cancel_mid_body);
  test_add_client_both_modes ("/client-cancel/usable-after", test_usable_after);

  return g_test_run ();
}
