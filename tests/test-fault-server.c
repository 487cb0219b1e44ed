/* test-fault-server.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "test-archive.h"
#include "test-fault-server.h"
#include "test-server.h"

#define MAX_REQUEST_HEAD  (1024 * 1024)
#define BLOCK_SIZE        (64 * 1024)
#define HUGE_HEADER_SIZE  (8 * 1024 * 1024)
#define N_MANY_HEADERS     1500
#define N_TOO_MANY_HEADERS 10000
#define DRIP_INTERVAL_US  G_USEC_PER_SEC
/* Long enough for what was sent before a reset to reach the client. */
#define RESET_DELAY_US    (100 * 1000)

struct _TestFaultServer
{
  TestFault     fault;
  GSocket      *listener;
  char         *url;
  GThread      *accept_thread;
  GCancellable *cancellable;    /* cancelled when the server is freed */

  GMutex        mutex;
  GCond         cond;
  GPtrArray    *connections;    /* GThread, joined when the server is freed */
  guint         n_requests;     /* atomic; changed under the mutex */
  GArray       *script;         /* TestFault: the first requests' faults, in order */
  GArray       *request_times;  /* gint64, monotonic: when each request was read */
  GPtrArray    *request_bodies; /* GBytes: each request's body */
};

typedef struct
{
  TestFaultServer *server;
  GSocket         *socket;
  char            *method;
  char            *path;
  GByteArray      *body;
  TestFault        fault;
} Connection;

static const char *fault_names[TEST_N_FAULTS] = {
  [TEST_FAULT_NONE] = "none",
  [TEST_FAULT_RESET_BEFORE_HEADERS] = "reset-before-headers",
  [TEST_FAULT_CLOSE_BEFORE_HEADERS] = "close-before-headers",
  [TEST_FAULT_RESET_AFTER_HEADERS] = "reset-after-headers",
  [TEST_FAULT_RESET_MID_BODY] = "reset-mid-body",
  [TEST_FAULT_TRUNCATED_LENGTH] = "truncated-length",
  [TEST_FAULT_TRUNCATED_EOF] = "truncated-eof",
  [TEST_FAULT_DRIP_HEADERS] = "drip-headers",
  [TEST_FAULT_DRIP_BODY] = "drip-body",
  [TEST_FAULT_INFINITE_LENGTH] = "infinite-length",
  [TEST_FAULT_INFINITE_EOF] = "infinite-eof",
  [TEST_FAULT_INFINITE_CHUNKED] = "infinite-chunked",
  [TEST_FAULT_HUGE_HEADER] = "huge-header",
  [TEST_FAULT_ENDLESS_HEADER] = "endless-header",
  [TEST_FAULT_MANY_HEADERS] = "many-headers",
  [TEST_FAULT_TOO_MANY_HEADERS] = "too-many-headers",
  [TEST_FAULT_ENDLESS_HEADERS] = "endless-headers",
  [TEST_FAULT_CONTINUE_100] = "continue-100",
  [TEST_FAULT_PROCESSING_102] = "processing-102",
  [TEST_FAULT_ENDLESS_102] = "endless-102",
  [TEST_FAULT_FLOOD_102] = "flood-102",
  [TEST_FAULT_GARBAGE_STATUS] = "garbage-status",
  [TEST_FAULT_HTTP_09] = "http-0.9",
  [TEST_FAULT_STATUS_0] = "status-0",
  [TEST_FAULT_STATUS_99] = "status-99",
  [TEST_FAULT_STATUS_600] = "status-600",
  [TEST_FAULT_STATUS_999] = "status-999",
  [TEST_FAULT_UNAVAILABLE] = "unavailable",
  [TEST_FAULT_UNAVAILABLE_RETRY_AFTER] = "unavailable-retry-after",
  [TEST_FAULT_UNAVAILABLE_UNREAD] = "unavailable-unread",
  [TEST_FAULT_STALL_HEADERS] = "stall-headers",
  [TEST_FAULT_STALL_BODY] = "stall-body",
  [TEST_FAULT_TRICKLE_BODY] = "trickle-body",
  [TEST_FAULT_ENDLESS_ARCHIVE] = "endless-archive",
};

const char *
test_fault_get_name (TestFault fault)
{
  g_assert (fault < TEST_N_FAULTS);
  return fault_names[fault];
}

/* What the fake server of test-server.c answers to @method on @path when
 * nothing is wrong, or NULL for a route it does not know. */
GBytes *
test_fault_dup_content (const char *method,
                        const char *path)
{
  const char *json = test_info_json_for_path (path);

  if (strcmp (path, "/execute/") == 0 && strcmp (method, "POST") == 0)
    json = TEST_EXECUTION_JSON;

  if (json != NULL)
    return g_bytes_new_static (json, strlen (json));

  if (strcmp (path, "/environments/" TEST_UUID "/") == 0)
    return test_environment_archive ();

  if (strcmp (path, "/files/" TEST_UUID "/dir/file1.txt/") == 0)
    return g_bytes_new_static (TEST_FILE_CONTENT, strlen (TEST_FILE_CONTENT));

  return NULL;
}

static const char *
content_type_for (const char *path)
{
  if (g_str_has_prefix (path, "/environments/"))
    return "application/gzip";
  if (g_str_has_prefix (path, "/files/"))
    return "application/octet-stream";
  return "application/json";
}

/* Waits @usec, or less when the server is being freed; FALSE then. */
static gboolean
connection_pause (Connection *connection,
                  gint64      usec)
{
  TestFaultServer *self = connection->server;
  gint64 end = g_get_monotonic_time () + usec;
  gboolean stopping;

  g_mutex_lock (&self->mutex);
  while (!(stopping = g_cancellable_is_cancelled (self->cancellable)) &&
         g_cond_wait_until (&self->cond, &self->mutex, end))
    ;
  g_mutex_unlock (&self->mutex);

  return !stopping;
}

/* FALSE once the client has gone or the server is being freed. */
static gboolean
connection_send (Connection *connection,
                 const void *data,
                 gsize       size)
{
  const char *p = data;

  while (size > 0)
    {
      gssize n = g_socket_send (connection->socket, p, size,
                                connection->server->cancellable, NULL);

      if (n <= 0)
        return FALSE;
      p += n;
      size -= (gsize) n;
    }

  return TRUE;
}

static gboolean
connection_send_text (Connection *connection,
                      const char *text)
{
  return connection_send (connection, text, strlen (text));
}

static gboolean
connection_drip (Connection *connection,
                 const void *data,
                 gsize       size)
{
  const char *p = data;

  for (gsize i = 0; i < size; i++)
    {
      if (!connection_send (connection, p + i, 1) ||
          !connection_pause (connection, DRIP_INTERVAL_US))
        return FALSE;
    }

  return TRUE;
}

static void
connection_reset (Connection *connection)
{
  struct linger linger = { .l_onoff = 1, .l_linger = 0 };

  connection_pause (connection, RESET_DELAY_US);
  setsockopt (g_socket_get_fd (connection->socket), SOL_SOCKET, SO_LINGER,
              &linger, sizeof linger);
  g_socket_close (connection->socket, NULL);
}

static gsize
find_head_end (const char *data,
               gsize       size)
{
  for (gsize i = 0; i + 4 <= size; i++)
    {
      if (memcmp (data + i, "\r\n\r\n", 4) == 0)
        return i + 4;
    }

  return 0;
}

/* Reads the request line and the headers, and what came of the body with
 * them; @body_left is what is still to come of its Content-Length. */
static gboolean
connection_read_head (Connection *connection,
                      guint64    *body_left)
{
  g_autoptr(GByteArray) head = g_byte_array_new ();
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) words = NULL;
  g_autofree char *text = NULL;
  gsize head_size = 0;
  char buffer[BLOCK_SIZE];

  *body_left = 0;
  while ((head_size = find_head_end ((const char *) head->data, head->len)) == 0)
    {
      gssize n;

      if (head->len > MAX_REQUEST_HEAD)
        return FALSE;
      n = g_socket_receive (connection->socket, buffer, sizeof buffer,
                            connection->server->cancellable, NULL);
      if (n <= 0)
        return FALSE;
      g_byte_array_append (head, (const guint8 *) buffer, (guint) n);
    }

  text = g_strndup ((const char *) head->data, head_size);
  lines = g_strsplit (text, "\r\n", -1);
  words = g_strsplit (lines[0], " ", 3);
  if (g_strv_length (words) != 3)
    return FALSE;
  connection->method = g_strdup (words[0]);
  connection->path = g_strdup (words[1]);

  for (guint i = 1; lines[i] != NULL; i++)
    {
      if (g_ascii_strncasecmp (lines[i], "Content-Length:", strlen ("Content-Length:")) == 0)
        *body_left = g_ascii_strtoull (lines[i] + strlen ("Content-Length:"), NULL, 10);
    }

  connection->body = g_byte_array_new ();
  g_byte_array_append (connection->body, head->data + head_size,
                       (guint) MIN (*body_left, head->len - head_size));
  *body_left -= MIN (*body_left, head->len - head_size);
  return TRUE;
}

static gboolean
connection_read_body (Connection *connection,
                      guint64     body_left)
{
  char buffer[BLOCK_SIZE];

  while (body_left > 0)
    {
      gssize n = g_socket_receive (connection->socket, buffer,
                                   MIN (sizeof buffer, body_left),
                                   connection->server->cancellable, NULL);

      if (n <= 0)
        return FALSE;
      body_left -= (guint64) n;
      /* Kept to compare the bodies of retries: small in these tests. */
      if (connection->body->len < 64 * 1024 * 1024)
        g_byte_array_append (connection->body, (const guint8 *) buffer, (guint) n);
    }

  return TRUE;
}

static char *
build_head (const char *status_line,
            const char *content_type,
            goffset     content_length,
            const char *extra)
{
  GString *head = g_string_new (status_line);

  g_string_append (head, "\r\n");
  g_string_append_printf (head, "Content-Type: %s\r\n", content_type);
  if (content_length >= 0)
    g_string_append_printf (head, "Content-Length: %" G_GOFFSET_FORMAT "\r\n", content_length);
  if (extra != NULL)
    g_string_append (head, extra);
  g_string_append (head, "Connection: close\r\n\r\n");

  return g_string_free (head, FALSE);
}

static void
send_endless (Connection *connection,
              gboolean    chunked)
{
  g_autofree char *block = g_malloc (BLOCK_SIZE);
  g_autofree char *chunk_head = g_strdup_printf ("%x\r\n", BLOCK_SIZE);

  memset (block, 'x', BLOCK_SIZE);
  for (;;)
    {
      if (chunked && !connection_send_text (connection, chunk_head))
        return;
      if (!connection_send (connection, block, BLOCK_SIZE))
        return;
      if (chunked && !connection_send_text (connection, "\r\n"))
        return;
    }
}

/* A gzip'd tar, stored rather than compressed, so that each byte sent is
 * a byte of the archive: one member of a gibibyte, whose zeros never end. */
static void
send_endless_archive (Connection *connection)
{
  g_autoptr(GConverter) gzip = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP,
                                                                   0));
  g_autoptr(GByteArray) tar = g_byte_array_new ();
  g_autofree guint8 *zeros = g_malloc0 (BLOCK_SIZE);
  g_autofree guint8 *output = g_malloc (2 * BLOCK_SIZE);
  TestTarMember member = { .name = "endless", .header_size = 1024 * 1024 * 1024 };
  const guint8 *input;
  gsize input_size;

  test_tar_add (tar, &member);
  input = tar->data;
  input_size = tar->len;
  for (;;)
    {
      gsize n_read = 0, n_written = 0;

      if (g_converter_convert (gzip, input, input_size, output, 2 * BLOCK_SIZE,
                               G_CONVERTER_FLUSH, &n_read, &n_written, NULL) == G_CONVERTER_ERROR ||
          (n_written > 0 && !connection_send (connection, output, n_written)))
        return;
      input += n_read;
      input_size -= n_read;
      if (input_size == 0)
        {
          input = zeros;
          input_size = BLOCK_SIZE;
        }
    }
}

static void
send_huge_header (Connection *connection,
                  gboolean    endless)
{
  g_autofree char *block = g_malloc (BLOCK_SIZE);

  memset (block, 'h', BLOCK_SIZE);
  if (!connection_send_text (connection, "HTTP/1.1 200 OK\r\nX-Huge: "))
    return;
  for (gsize sent = 0; endless || sent < HUGE_HEADER_SIZE; sent += BLOCK_SIZE)
    {
      if (!connection_send (connection, block, BLOCK_SIZE))
        return;
    }
  connection_send_text (connection, "\r\n");
}

/* @n headers, or headers without end when @n is 0. */
static gboolean
send_many_headers (Connection *connection,
                   guint       n)
{
  g_autoptr(GString) headers = g_string_new ("HTTP/1.1 200 OK\r\n");

  for (guint i = 0; n == 0 || i < n; i++)
    {
      g_string_append_printf (headers, "X-Header-%05u: value %u\r\n", i, i);
      if (headers->len >= BLOCK_SIZE)
        {
          if (!connection_send (connection, headers->str, headers->len))
            return FALSE;
          g_string_truncate (headers, 0);
        }
    }

  return connection_send (connection, headers->str, headers->len);
}

static void
send_endless_102 (Connection *connection,
                  gboolean    flood)
{
  g_autoptr(GString) batch = g_string_new (NULL);

  for (guint i = 0; i < (flood ? 100 : 1); i++)
    g_string_append (batch, "HTTP/1.1 102 Processing\r\n\r\n");

  while (connection_send (connection, batch->str, batch->len) &&
         (flood || connection_pause (connection, G_USEC_PER_SEC / 10)))
    ;
}

static void
send_with_status (Connection *connection,
                  const char *status_line)
{
  g_autofree char *head = build_head (status_line, "text/plain; charset=utf-8",
                                      strlen (TEST_FAULT_STATUS_TEXT), NULL);

  if (connection_send_text (connection, head) && strcmp (connection->method, "HEAD") != 0)
    connection_send_text (connection, TEST_FAULT_STATUS_TEXT);
}

static const char garbage[] = "\x16\x03\x01\x02\x00\xff\xfe garbage \x80\r\n\r\n";

/* Waits until the server is freed. */
static void
connection_stall (Connection *connection)
{
  while (connection_pause (connection, G_USEC_PER_SEC))
    ;
}

static void
connection_answer (Connection *connection)
{
  TestFault fault = connection->fault;
  g_autoptr(GBytes) content = test_fault_dup_content (connection->method, connection->path);
  gboolean head_only = strcmp (connection->method, "HEAD") == 0;
  const char *content_type = content_type_for (connection->path);
  g_autofree char *head = NULL;
  g_autofree char *answer = NULL;
  const char *data;
  gsize size;
  gsize half;

  if (content == NULL)
    {
      head = build_head ("HTTP/1.1 404 Not Found", "text/html; charset=utf-8",
                         strlen ("Not Found"), NULL);
      connection_send_text (connection, head);
      if (!head_only)
        connection_send_text (connection, "Not Found");
      return;
    }

  data = g_bytes_get_data (content, &size);
  half = size / 2;
  if (head_only)
    size = half = 0;

  switch (fault)
    {
    case TEST_FAULT_RESET_BEFORE_HEADERS:
      connection_reset (connection);
      return;

    case TEST_FAULT_CLOSE_BEFORE_HEADERS:
      return;

    case TEST_FAULT_RESET_AFTER_HEADERS:
    case TEST_FAULT_RESET_MID_BODY:
    case TEST_FAULT_TRUNCATED_LENGTH:
      head = build_head ("HTTP/1.1 200 OK", content_type,
                         (goffset) g_bytes_get_size (content), NULL);
      if (!connection_send_text (connection, head))
        return;
      if (fault != TEST_FAULT_RESET_AFTER_HEADERS && !connection_send (connection, data, half))
        return;
      if (fault != TEST_FAULT_TRUNCATED_LENGTH)
        connection_reset (connection);
      return;

    case TEST_FAULT_TRUNCATED_EOF:
      head = build_head ("HTTP/1.1 200 OK", content_type, -1, NULL);
      if (connection_send_text (connection, head))
        connection_send (connection, data, half);
      return;

    case TEST_FAULT_DRIP_HEADERS:
    case TEST_FAULT_DRIP_BODY:
      head = build_head ("HTTP/1.1 200 OK", content_type,
                         (goffset) g_bytes_get_size (content), NULL);
      if (fault == TEST_FAULT_DRIP_HEADERS)
        connection_drip (connection, head, strlen (head));
      else if (connection_send_text (connection, head))
        connection_drip (connection, data, size);
      return;

    case TEST_FAULT_INFINITE_LENGTH:
    case TEST_FAULT_INFINITE_EOF:
    case TEST_FAULT_INFINITE_CHUNKED:
      /* A HEAD answer followed by a body is a fault too. */
      head = build_head ("HTTP/1.1 200 OK", content_type,
                         fault == TEST_FAULT_INFINITE_LENGTH ? TEST_FAULT_INFINITE_SIZE : -1,
                         fault == TEST_FAULT_INFINITE_CHUNKED
                         ? "Transfer-Encoding: chunked\r\n" : NULL);
      if (connection_send_text (connection, head))
        send_endless (connection, fault == TEST_FAULT_INFINITE_CHUNKED);
      return;

    case TEST_FAULT_HUGE_HEADER:
    case TEST_FAULT_ENDLESS_HEADER:
      send_huge_header (connection, fault == TEST_FAULT_ENDLESS_HEADER);
      break;

    case TEST_FAULT_MANY_HEADERS:
    case TEST_FAULT_TOO_MANY_HEADERS:
    case TEST_FAULT_ENDLESS_HEADERS:
      if (!send_many_headers (connection,
                              fault == TEST_FAULT_MANY_HEADERS ? N_MANY_HEADERS
                              : fault == TEST_FAULT_TOO_MANY_HEADERS ? N_TOO_MANY_HEADERS : 0))
        return;
      break;

    case TEST_FAULT_CONTINUE_100:
      connection_send_text (connection, "HTTP/1.1 100 Continue\r\n\r\n");
      break;

    case TEST_FAULT_PROCESSING_102:
      connection_send_text (connection, "HTTP/1.1 102 Processing\r\n\r\n");
      break;

    case TEST_FAULT_ENDLESS_102:
    case TEST_FAULT_FLOOD_102:
      send_endless_102 (connection, fault == TEST_FAULT_FLOOD_102);
      return;

    case TEST_FAULT_GARBAGE_STATUS:
      connection_send (connection, garbage, sizeof garbage - 1);
      return;

    case TEST_FAULT_HTTP_09:
      /* HTTP/0.9 knows no HEAD: the body comes whatever the method. */
      connection_send (connection, data, g_bytes_get_size (content));
      return;

    case TEST_FAULT_STATUS_0:
      send_with_status (connection, "HTTP/1.1 000 Nothing");
      return;

    case TEST_FAULT_STATUS_99:
      send_with_status (connection, "HTTP/1.1 099 Too Low");
      return;

    case TEST_FAULT_STATUS_600:
      send_with_status (connection, "HTTP/1.1 600 Too High");
      return;

    case TEST_FAULT_STATUS_999:
      send_with_status (connection, "HTTP/1.1 999 Far Too High");
      return;

    case TEST_FAULT_UNAVAILABLE:
    case TEST_FAULT_UNAVAILABLE_RETRY_AFTER:
    case TEST_FAULT_UNAVAILABLE_UNREAD:
      head = build_head ("HTTP/1.1 503 Service Unavailable", "text/plain; charset=utf-8",
                         strlen (TEST_FAULT_OVERLOADED_TEXT),
                         fault == TEST_FAULT_UNAVAILABLE_RETRY_AFTER ? "Retry-After: 1\r\n" : NULL);
      if (connection_send_text (connection, head) && !head_only)
        connection_send_text (connection, TEST_FAULT_OVERLOADED_TEXT);
      return;

    case TEST_FAULT_STALL_HEADERS:
      connection_stall (connection);
      return;

    case TEST_FAULT_STALL_BODY:
    case TEST_FAULT_TRICKLE_BODY:
      head = build_head ("HTTP/1.1 200 OK", content_type,
                         (goffset) g_bytes_get_size (content), NULL);
      if (!connection_send_text (connection, head))
        return;
      if (fault == TEST_FAULT_STALL_BODY)
        {
          if (connection_send (connection, data, half))
            connection_stall (connection);
          return;
        }
      for (gsize i = 0; i < MIN (size, TEST_FAULT_TRICKLE_BYTES); i++)
        {
          if (!connection_pause (connection, TEST_FAULT_TRICKLE_US) ||
              !connection_send (connection, data + i, 1))
            return;
        }
      if (size > TEST_FAULT_TRICKLE_BYTES)
        connection_send (connection, data + TEST_FAULT_TRICKLE_BYTES,
                         size - TEST_FAULT_TRICKLE_BYTES);
      return;

    case TEST_FAULT_ENDLESS_ARCHIVE:
      head = build_head ("HTTP/1.1 200 OK", content_type, -1, NULL);
      if (connection_send_text (connection, head) && !head_only)
        send_endless_archive (connection);
      return;

    case TEST_FAULT_NONE:
    case TEST_N_FAULTS:
    default:
      break;
    }

  /* The rest of the answer, after any header or 1xx answer of a fault. */
  if (fault == TEST_FAULT_HUGE_HEADER || fault == TEST_FAULT_MANY_HEADERS ||
      fault == TEST_FAULT_TOO_MANY_HEADERS)
    {
      answer = g_strdup_printf ("Content-Type: %s\r\nContent-Length: %" G_GSIZE_FORMAT "\r\n"
                                "Connection: close\r\n\r\n",
                                content_type, g_bytes_get_size (content));
    }
  else
    {
      answer = build_head ("HTTP/1.1 200 OK", content_type,
                           (goffset) g_bytes_get_size (content), NULL);
    }
  if (connection_send_text (connection, answer))
    connection_send (connection, data, size);
}

static gpointer
connection_thread (gpointer user_data)
{
  Connection *connection = user_data;
  TestFaultServer *self = connection->server;

  guint64 body_left;

  if (connection_read_head (connection, &body_left))
    {
      gint64 now = g_get_monotonic_time ();

      g_mutex_lock (&self->mutex);
      connection->fault = self->n_requests < self->script->len
                          ? g_array_index (self->script, TestFault, self->n_requests)
                          : self->fault;
      g_mutex_unlock (&self->mutex);
      if (connection->fault == TEST_FAULT_UNAVAILABLE_UNREAD ||
          connection_read_body (connection, body_left))
        {
          g_mutex_lock (&self->mutex);
          g_atomic_int_inc (&self->n_requests);
          g_array_append_val (self->request_times, now);
          g_ptr_array_add (self->request_bodies,
                           g_byte_array_free_to_bytes (g_steal_pointer (&connection->body)));
          g_mutex_unlock (&self->mutex);
          connection_answer (connection);
        }
    }

  if (!g_socket_is_closed (connection->socket))
    g_socket_close (connection->socket, NULL);
  g_object_unref (connection->socket);
  if (connection->body != NULL)
    g_byte_array_unref (connection->body);
  g_free (connection->method);
  g_free (connection->path);
  g_free (connection);

  return NULL;
}

static gpointer
accept_thread (gpointer user_data)
{
  TestFaultServer *self = user_data;

  for (;;)
    {
      GSocket *socket = g_socket_accept (self->listener, self->cancellable, NULL);
      Connection *connection;

      if (socket == NULL)
        break;

      g_socket_set_blocking (socket, TRUE);
      g_socket_set_timeout (socket, 60);
      connection = g_new0 (Connection, 1);
      connection->server = self;
      connection->socket = socket;

      g_mutex_lock (&self->mutex);
      g_ptr_array_add (self->connections,
                       g_thread_new ("test-fault-connection", connection_thread, connection));
      g_mutex_unlock (&self->mutex);
    }

  return NULL;
}

TestFaultServer *
test_fault_server_new (TestFault fault)
{
  TestFaultServer *self = g_new0 (TestFaultServer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (fault < TEST_N_FAULTS);

  self->fault = fault;
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->connections = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  self->script = g_array_new (FALSE, FALSE, sizeof (TestFault));
  self->request_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->request_bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  self->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (self->listener, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (self->listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (self->listener, &error);
  g_assert_no_error (error);
  self->url = g_strdup_printf ("http://127.0.0.1:%u/",
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  self->accept_thread = g_thread_new ("test-fault-server", accept_thread, self);

  return self;
}

void
test_fault_server_free (TestFaultServer *self)
{
  if (self == NULL)
    return;

  g_mutex_lock (&self->mutex);
  g_cancellable_cancel (self->cancellable);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);

  g_thread_join (self->accept_thread);
  /* No connection is added once the accepting thread has ended. */
  for (guint i = 0; i < self->connections->len; i++)
    g_thread_join (g_ptr_array_index (self->connections, i));

  g_socket_close (self->listener, NULL);
  g_object_unref (self->listener);
  g_object_unref (self->cancellable);
  g_ptr_array_unref (self->connections);
  g_array_unref (self->script);
  g_array_unref (self->request_times);
  g_ptr_array_unref (self->request_bodies);
  g_free (self->url);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self);
}

const char *
test_fault_server_get_url (TestFaultServer *self)
{
  return self->url;
}

guint
test_fault_server_get_n_requests (TestFaultServer *self)
{
  return (guint) g_atomic_int_get (&self->n_requests);
}

/* The first @n_faults requests get @faults, in order; the later ones the
 * fault the server was made with. */
void
test_fault_server_set_script (TestFaultServer *self,
                              const TestFault *faults,
                              guint            n_faults)
{
  g_mutex_lock (&self->mutex);
  g_array_set_size (self->script, 0);
  g_array_append_vals (self->script, faults, n_faults);
  g_mutex_unlock (&self->mutex);
}

/* When request @index (from 0) was read whole, in g_get_monotonic_time(). */
gint64
test_fault_server_get_request_time (TestFaultServer *self,
                                    guint            index)
{
  gint64 time;

  g_mutex_lock (&self->mutex);
  g_assert_cmpuint (index, <, self->request_times->len);
  time = g_array_index (self->request_times, gint64, index);
  g_mutex_unlock (&self->mutex);

  return time;
}

/* The body of request @index (from 0). */
GBytes *
test_fault_server_dup_request_body (TestFaultServer *self,
                                    guint            index)
{
  GBytes *body;

  g_mutex_lock (&self->mutex);
  g_assert_cmpuint (index, <, self->request_bodies->len);
  body = g_bytes_ref (g_ptr_array_index (self->request_bodies, index));
  g_mutex_unlock (&self->mutex);

  return body;
}
