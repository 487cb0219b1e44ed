/* test-server-uploads.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "server-test-utils.h"

/* Bounds on what clients hold on sandbox-server: request bodies spooled at
 * once (--max-spooled), connections that stop making progress or sit idle
 * (--connection-timeout), and what each connection leaves behind. */

#define TIMEOUT "2"
/* How long a test waits for the server to close a connection: far more than
 * TIMEOUT, so that a loaded machine does not fail it. */
#define CLOSE_WAIT_SECONDS 30
#define MIB (1024 * 1024)

static TestServer *timeouts_server;
static TestServer *spool_server;

static GSocketConnection *
connect_to (TestServer *server)
{
  GSocketConnection *connection = test_connect_raw (server);

  /* A read of ours never waits for ever. */
  g_socket_set_timeout (g_socket_connection_get_socket (connection),
                        CLOSE_WAIT_SECONDS);
  return connection;
}

static void
send_bytes (GSocketConnection *connection,
            const char        *data,
            gsize              len)
{
  test_send_raw (connection, data, len);
}

static void
send_text (GSocketConnection *connection,
           const char        *text)
{
  send_bytes (connection, text, strlen (text));
}

/* Reads until the server closes the connection: TRUE when it did (end of
 * stream or reset), FALSE when it was still open after CLOSE_WAIT_SECONDS. */
static gboolean
closed_by_server (GSocketConnection *connection)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  char buf[4096];

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_input_stream_read (in, buf, sizeof buf, NULL, &error);

      if (n == 0)
        return TRUE;
      if (n < 0)
        return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
    }
}

/* Unlinked files the server holds open: its spooled request bodies. */
static guint
spool_files (TestServer *server)
{
  g_autofree char *dir_path = g_strdup_printf ("/proc/%d/fd", test_server_pid (server));
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *link = g_build_filename (dir_path, name, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);

      if (target != NULL && g_str_has_prefix (target, server->work)
          && g_str_has_suffix (target, " (deleted)"))
        n++;
    }
  return n;
}

/* Waits (generously) for the server to hold @n spool files. */
static void
wait_spool_files (TestServer *server,
                  guint       n)
{
  gint64 deadline = g_get_monotonic_time () + CLOSE_WAIT_SECONDS * G_USEC_PER_SEC;

  while (spool_files (server) != n && g_get_monotonic_time () < deadline)
    g_usleep (20 * 1000);
  g_assert_cmpuint (spool_files (server), ==, n);
}

/* Sends the headers of an execute/ whose environment is @size bytes, and
 * the first @send bytes of its body. */
static GSocketConnection *
start_upload (TestServer *server,
              gsize       size,
              gsize       send)
{
  GSocketConnection *connection = connect_to (server);
  gsize length = strlen (TEST_UPLOAD_HEAD) + size + strlen (TEST_UPLOAD_TAIL);
  g_autofree char *body = g_malloc (length);
  g_autofree char *head = NULL;

  memcpy (body, TEST_UPLOAD_HEAD, strlen (TEST_UPLOAD_HEAD));
  memset (body + strlen (TEST_UPLOAD_HEAD), 'x', size);
  memcpy (body + strlen (TEST_UPLOAD_HEAD) + size, TEST_UPLOAD_TAIL, strlen (TEST_UPLOAD_TAIL));
  head = g_strdup_printf ("POST /execute/ HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
                          "Content-Type: multipart/form-data; boundary=" TEST_UPLOAD_BOUNDARY "\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                          server->port, length);
  send_text (connection, head);
  send_bytes (connection, body, MIN (send, length));
  return connection;
}

/* Sends the rest of an upload started with @sent bytes and reads the
 * status of its answer. */
static guint
finish_upload (GSocketConnection *connection,
               gsize              size,
               gsize              sent)
{
  gsize length = strlen (TEST_UPLOAD_HEAD) + size + strlen (TEST_UPLOAD_TAIL);
  g_autofree char *rest = g_malloc (length - sent);
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status_line = NULL;

  memset (rest, 'x', length - sent);
  memcpy (rest + length - sent - strlen (TEST_UPLOAD_TAIL), TEST_UPLOAD_TAIL,
          strlen (TEST_UPLOAD_TAIL));
  send_bytes (connection, rest, length - sent);

  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  status_line = g_data_input_stream_read_line (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (status_line);
  g_assert_true (g_str_has_prefix (status_line, "HTTP/1.1 "));
  return (guint) g_ascii_strtoull (status_line + 9, NULL, 10);
}

/* Headers and half a body, then nothing: the connection is closed and the
 * half body's spool file removed. */
static void
test_stalled_body (void)
{
  g_autoptr(GSocketConnection) connection = NULL;

  connection = start_upload (timeouts_server, 2 * MIB, MIB);
  wait_spool_files (timeouts_server, 1);
  g_assert_true (closed_by_server (connection));
  wait_spool_files (timeouts_server, 0);
}

/* Half the headers, then nothing. */
static void
test_stalled_headers (void)
{
  g_autoptr(GSocketConnection) connection = connect_to (timeouts_server);

  send_text (connection, "POST /execute/ HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  g_assert_true (closed_by_server (connection));
}

/* A connection on which nothing is ever sent. */
static void
test_idle_new_connection (void)
{
  g_autoptr(GSocketConnection) connection = connect_to (timeouts_server);

  g_assert_true (closed_by_server (connection));
}

/* A connection kept alive after an answer, then idle. */
static void
test_idle_kept_alive (void)
{
  g_autoptr(GSocketConnection) connection = connect_to (timeouts_server);
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;
  gboolean kept_alive = FALSE;

  request = g_strdup_printf ("OPTIONS /execute/ HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n\r\n",
                             timeouts_server->port);
  send_text (connection, request);
  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (in, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      if (g_ascii_strcasecmp (line, "Content-Length: 0") == 0)
        kept_alive = TRUE;
      if (*line == '\0')
        break;
    }
  /* An empty body with a length: the connection stays for the next one. */
  g_assert_true (kept_alive);
  g_assert_true (closed_by_server (connection));
}

/* Two uploads held before their last bytes take the whole room of
 * --max-spooled: a third is refused with the protocol's 503; once they are
 * done, their room is free again. */
static void
test_spooled_total (void)
{
  gsize size = 3 * MIB;
  gsize held = size;
  g_autoptr(GSocketConnection) first = start_upload (spool_server, size, held);
  g_autoptr(GSocketConnection) second = start_upload (spool_server, size, held);
  g_autoptr(GSocketConnection) third = NULL;
  g_autoptr(GSocketConnection) after = NULL;

  wait_spool_files (spool_server, 2);

  third = start_upload (spool_server, size, 0);
  g_assert_cmpuint (finish_upload (third, size, 0), ==,
                    SOUP_STATUS_SERVICE_UNAVAILABLE);

  /* Not archives: read, then refused as such. */
  g_assert_cmpuint (finish_upload (first, size, held), ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpuint (finish_upload (second, size, held), ==, SOUP_STATUS_BAD_REQUEST);
  wait_spool_files (spool_server, 0);

  after = start_upload (spool_server, size, 0);
  g_assert_cmpuint (finish_upload (after, size, 0), ==, SOUP_STATUS_BAD_REQUEST);
}

/* One request on a connection of its own, which the server closes. */
static void
one_connection (TestServer *server)
{
  g_autoptr(GSocketConnection) connection = connect_to (server);
  g_autofree char *request =
    g_strdup_printf ("OPTIONS /execute/ HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
                     "Connection: close\r\n\r\n", server->port);

  send_text (connection, request);
  g_assert_true (closed_by_server (connection));
}

#define WARM_UP_CONNECTIONS 2000
#define COUNTED_CONNECTIONS 12000
/* libsoup 3.2 alone kept about 350 bytes a connection: 4 MiB here. */
#define RSS_GROWTH_BOUND_KIB 1536

/* What a connection leaves behind once closed. */
static void
test_connections_released (void)
{
  guint64 before;
  guint64 after;

  for (guint i = 0; i < WARM_UP_CONNECTIONS; i++)
    one_connection (spool_server);
  before = test_server_status_kib (spool_server, "VmRSS");
  for (guint i = 0; i < COUNTED_CONNECTIONS; i++)
    one_connection (spool_server);
  after = test_server_status_kib (spool_server, "VmRSS");

  g_test_message ("VmRSS %" G_GUINT64_FORMAT " KiB -> %" G_GUINT64_FORMAT
                  " KiB after %u connections", before, after, COUNTED_CONNECTIONS);
#if defined(__SANITIZE_ADDRESS__)
  g_test_message ("built with AddressSanitizer: the growth is not checked");
#else
  g_assert_cmpuint (after, <, before + RSS_GROWTH_BOUND_KIB);
#endif
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/uploads/stalled-body", test_stalled_body);
  g_test_add_func ("/server/uploads/stalled-headers", test_stalled_headers);
  g_test_add_func ("/server/uploads/idle-new-connection", test_idle_new_connection);
  g_test_add_func ("/server/uploads/idle-kept-alive", test_idle_kept_alive);
  g_test_add_func ("/server/uploads/spooled-total", test_spooled_total);
  g_test_add_func ("/server/uploads/connections-released", test_connections_released);

  timeouts_server = launched_server_start ("--slots=1", "--connection-timeout=" TIMEOUT,
                                           NULL);
  spool_server = launched_server_start ("--slots=1", "--max-request=4M",
                                        "--max-spooled=8M", NULL);
  ret = g_test_run ();
  test_server_stop (timeouts_server);
  test_server_stop (spool_server);
  return ret;
}
