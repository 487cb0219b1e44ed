/* test-client-timeouts.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "test-fault-server.h"
#include "test-server.h"
#include "test-util.h"

/* The connect-timeout, against a local port whose backlog is full (the
 * kernel drops the connection's SYN: no network needed), and the
 * read-timeout, against servers that go silent before the headers or in
 * the middle of the body, or that send a byte now and then (which must not
 * trip it), and on the stream of download_stream, where only pending reads
 * count. Every case runs blocking and asynchronously. */

static SandboxClient *
timeouts_client_new (const char *url,
                     double      connect_timeout,
                     double      read_timeout,
                     guint       max_retries)
{
  SandboxClient *client = test_retry_client_new (url, max_retries, 0.01);

  sandbox_client_set_connect_timeout (client, connect_timeout);
  sandbox_client_set_read_timeout (client, read_timeout);
  return client;
}

/* A port on 127.0.0.1 that never completes a connection: a listening
 * socket with a backlog of 0, filled by connections nobody accepts. */
typedef struct
{
  GSocket   *listener;
  GPtrArray *fillers;
  char      *url;
} Blackhole;

static void
blackhole_init (Blackhole *hole)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  hole->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_set_listen_backlog (hole->listener, 0);
  g_socket_bind (hole->listener, address, FALSE, &error);
  g_assert_no_error (error);
  g_socket_listen (hole->listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (hole->listener, &error);
  g_assert_no_error (error);

  hole->fillers = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < 4; i++)
    {
      GSocket *filler = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, &error);

      g_assert_no_error (error);
      g_socket_set_blocking (filler, FALSE);
      /* Pending, or done: either way it takes a place. */
      g_socket_connect (filler, bound, NULL, NULL);
      g_ptr_array_add (hole->fillers, filler);
    }
  g_usleep (100 * 1000);

  hole->url = g_strdup_printf ("http://127.0.0.1:%u/",
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
}

static void
blackhole_clear (Blackhole *hole)
{
  g_ptr_array_unref (hole->fillers);
  g_socket_close (hole->listener, NULL);
  g_object_unref (hole->listener);
  g_free (hole->url);
}

static void
assert_timed_out (const GError *error,
                  const char   *property)
{
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, property));
}

/* Connecting takes too long: the attempt fails with the connect-timeout
 * named; a GET is sent again (nothing was sent), an execute is not. */
static void
test_connect_timeout (gconstpointer data)
{
  Blackhole hole;
  g_autoptr(SandboxClient) client = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  double elapsed;

  blackhole_init (&hole);

  client = timeouts_client_new (hole.url, 0.5, 0, 0);
  start = g_get_monotonic_time ();
  g_assert_false (run_op (client, TEST_OP_SPECIFICATIONS, TEST_MODE (data), NULL, &error));
  elapsed = test_elapsed_since (start);
  assert_timed_out (error, "connect-timeout");
  g_assert_cmpfloat (elapsed, >=, 0.5 - 0.01);
  g_assert_cmpfloat (elapsed, <, 0.5 + 2.0);
  g_clear_error (&error);
  g_clear_object (&client);

  /* Retried once: two connect-timeouts. */
  client = timeouts_client_new (hole.url, 0.4, 0, 1);
  start = g_get_monotonic_time ();
  g_assert_false (run_op (client, TEST_OP_CHECK, TEST_MODE (data), NULL, &error));
  elapsed = test_elapsed_since (start);
  assert_timed_out (error, "connect-timeout");
  g_assert_cmpint (test_get_logged_retries (), ==, 1);
  g_assert_cmpfloat (elapsed, >=, 0.8 - 0.01);
  g_assert_cmpfloat (elapsed, <, 0.8 + 2.0);
  g_clear_error (&error);
  g_clear_object (&client);

  /* An execute is never sent again after a connect-timeout. */
  client = timeouts_client_new (hole.url, 0.4, 0, 3);
  g_assert_false (run_op (client, TEST_OP_EXECUTE, TEST_MODE (data), NULL, &error));
  assert_timed_out (error, "connect-timeout");
  g_assert_cmpint (test_get_logged_retries (), ==, 0);
  g_clear_error (&error);
  g_clear_object (&client);

  /* The total timeout still names itself when it passes first. */
  client = timeouts_client_new (hole.url, 5.0, 0, 0);
  sandbox_client_set_timeout (client, 0.3);
  g_assert_false (run_op (client, TEST_OP_USAGE, TEST_MODE (data), NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_null (strstr (error->message, "connect-timeout"));

  blackhole_clear (&hole);
}

/* The connect-timeout covers connecting only: once connected (or on a
 * reused connection), a server slower than it still answers. */
static void
test_connect_timeout_connected (gconstpointer data)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(SandboxClient) client = timeouts_client_new (test_server_get_url (server),
                                                         0.1, 0, 0);
  g_autoptr(GError) error = NULL;

  test_server_set_delay (server, 400);

  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (run_op (client, TEST_OP_LIBRARIES, TEST_MODE (data), NULL, &error));
      g_assert_no_error (error);
    }
}

static const TestOp read_ops[] = {
  TEST_OP_SPECIFICATIONS, TEST_OP_DOWNLOAD, TEST_OP_DOWNLOAD_STREAM, TEST_OP_CHECK,
};

/* Runs @op against a server that answers with @fault, with a read-timeout
 * of @read_timeout s: one request, as a read-timeout is never retried.
 * Sets @elapsed to the seconds it took. */
static gboolean
run_op_against (TestFault   fault,
                TestOp      op,
                double      read_timeout,
                TestMode    mode,
                double     *elapsed,
                GError    **error)
{
  g_autoptr(TestFaultServer) server = test_fault_server_new (fault);
  g_autoptr(SandboxClient) client = timeouts_client_new (test_fault_server_get_url (server),
                                                         0, read_timeout, 3);
  gint64 start = g_get_monotonic_time ();
  gboolean ok;

  g_test_message ("%s", test_op_get_name (op));
  ok = run_op (client, op, mode, NULL, error);
  *elapsed = test_elapsed_since (start);
  g_assert_cmpuint (test_fault_server_get_n_requests (server), ==, 1);
  g_assert_cmpint (test_get_logged_retries (), ==, 0);
  return ok;
}

/* No answer at all: the read-timeout, never retried. */
static void
test_read_timeout_before_headers (gconstpointer data)
{
  for (guint i = 0; i < G_N_ELEMENTS (read_ops); i++)
    {
      g_autoptr(GError) error = NULL;
      double elapsed;

      g_assert_false (run_op_against (TEST_FAULT_STALL_HEADERS, read_ops[i], 0.5,
                                      TEST_MODE (data), &elapsed, &error));
      assert_timed_out (error, "read-timeout");
      g_assert_cmpfloat (elapsed, >=, 0.5 - 0.01);
      g_assert_cmpfloat (elapsed, <, 0.5 + 2.0);
    }
}

/* Half the body, then silence: the read-timeout, for the bodies the
 * library reads. */
static void
test_read_timeout_mid_body (gconstpointer data)
{
  static const TestOp ops[] = { TEST_OP_SPECIFICATIONS, TEST_OP_DOWNLOAD };

  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      g_autoptr(GError) error = NULL;
      double elapsed;

      g_assert_false (run_op_against (TEST_FAULT_STALL_BODY, ops[i], 0.5, TEST_MODE (data),
                                      &elapsed, &error));
      assert_timed_out (error, "read-timeout");
      g_assert_cmpfloat (elapsed, <, 0.5 + 2.0);
    }
}

/* A byte every 0.3 s for 3 s, with a read-timeout of 1 s: it never
 * fires, whatever the operation. */
static void
test_read_timeout_trickle (gconstpointer data)
{
  static const TestOp ops[] = { TEST_OP_SPECIFICATIONS, TEST_OP_DOWNLOAD_STREAM };

  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      g_autoptr(GError) error = NULL;
      double elapsed;

      g_assert_true (run_op_against (TEST_FAULT_TRICKLE_BODY, ops[i], 1.0, TEST_MODE (data),
                                     &elapsed, &error));
      g_assert_no_error (error);
      /* It did take longer than the read-timeout. */
      g_assert_cmpfloat (elapsed, >=,
                         TEST_FAULT_TRICKLE_BYTES * TEST_FAULT_TRICKLE_US / 1e6 - 0.05);
    }
}

/* Reads @stream to its end, in @mode; the bytes read, or NULL. */
static GBytes *
read_stream (GInputStream  *stream,
             TestMode       mode,
             GError       **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  guint8 buffer[4096];

  for (;;)
    {
      gssize n;

      if (mode == TEST_MODE_SYNC)
        {
          n = g_input_stream_read (stream, buffer, sizeof buffer, NULL, error);
        }
      else
        {
          TestAsyncWait wait;

          test_async_wait_init (&wait);
          g_input_stream_read_async (stream, buffer, sizeof buffer, G_PRIORITY_DEFAULT,
                                     NULL, test_async_wait_cb, &wait);
          n = g_input_stream_read_finish (stream, test_async_wait_run (&wait), error);
          test_async_wait_clear (&wait);
        }

      if (n < 0)
        return NULL;
      if (n == 0)
        return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
      g_byte_array_append (bytes, buffer, (guint) n);
    }
}

static void
close_stream (GInputStream *stream)
{
  GMainContext *context = g_main_context_get_thread_default ();

  g_input_stream_close (stream, NULL, NULL);
  while (g_main_context_iteration (context, FALSE))
    ;
}

/* download_stream: a read that waits too long fails with the
 * read-timeout; the time the caller spends between reads does not count. */
static void
test_read_timeout_stream (gconstpointer data)
{
  TestMode mode = TEST_MODE (data);
  g_autoptr(GMainContext) context = g_main_context_new ();

  g_main_context_push_thread_default (context);

  {
    g_autoptr(TestFaultServer) server = test_fault_server_new (TEST_FAULT_STALL_BODY);
    g_autoptr(SandboxClient) client = timeouts_client_new (test_fault_server_get_url (server),
                                                           0, 0.5, 0);
    g_autoptr(GInputStream) stream = NULL;
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(GError) error = NULL;
    gint64 start;

    stream = run_download_stream (client, TEST_UUID, "dir/file1.txt", NULL, mode,
                                  NULL, &error);
    g_assert_no_error (error);
    start = g_get_monotonic_time ();
    bytes = read_stream (stream, mode, &error);
    g_assert_null (bytes);
    assert_timed_out (error, "read-timeout");
    g_assert_cmpfloat (test_elapsed_since (start), >=, 0.5 - 0.01);
    g_assert_cmpfloat (test_elapsed_since (start), <, 0.5 + 2.0);
    close_stream (stream);
  }

  {
    g_autoptr(TestServer) server = test_server_new ();
    g_autoptr(SandboxClient) client = timeouts_client_new (test_server_get_url (server),
                                                           0, 0.3, 0);
    g_autoptr(GInputStream) stream = NULL;
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(GError) error = NULL;

    stream = run_download_stream (client, TEST_UUID, "dir/file1.txt", NULL, mode,
                                  NULL, &error);
    g_assert_no_error (error);
    /* The caller takes its time: three read-timeouts. */
    g_usleep (900 * 1000);
    bytes = read_stream (stream, mode, &error);
    g_assert_no_error (error);
    g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                     TEST_FILE_CONTENT, strlen (TEST_FILE_CONTENT));
    close_stream (stream);
  }

  g_main_context_pop_thread_default (context);
}

/* Cancelling a read of the stream still says so, read-timeout or not. */
static void
test_read_timeout_stream_cancel (gconstpointer data)
{
  TestMode mode = TEST_MODE (data);
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(TestFaultServer) server = test_fault_server_new (TEST_FAULT_STALL_BODY);
  g_autoptr(SandboxClient) client = timeouts_client_new (test_fault_server_get_url (server),
                                                         0, 5.0, 0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  guint8 buffer[4096];
  gssize n;

  g_main_context_push_thread_default (context);
  stream = run_download_stream (client, TEST_UUID, "dir/file1.txt", NULL, mode, NULL, &error);
  g_assert_no_error (error);
  n = g_input_stream_read (stream, buffer, sizeof buffer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, >, 0);
  test_cancel_after (cancellable, 200);
  n = g_input_stream_read (stream, buffer, sizeof buffer, cancellable, &error);
  g_assert_cmpint (n, ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  close_stream (stream);
  g_main_context_pop_thread_default (context);
}

int
main (int   argc,
      char *argv[])
{
  test_count_logged_retries ();
  g_test_init (&argc, &argv, NULL);

  test_add_both_modes ("/client-timeouts/connect", test_connect_timeout);
  test_add_both_modes ("/client-timeouts/connect-reused", test_connect_timeout_connected);
  test_add_both_modes ("/client-timeouts/read/before-headers",
                       test_read_timeout_before_headers);
  test_add_both_modes ("/client-timeouts/read/mid-body", test_read_timeout_mid_body);
  test_add_both_modes ("/client-timeouts/read/trickle", test_read_timeout_trickle);
  test_add_both_modes ("/client-timeouts/read/stream", test_read_timeout_stream);
  test_add_both_modes ("/client-timeouts/read/stream-cancel", test_read_timeout_stream_cancel);

  return g_test_run ();
}
