/* test-client-json-limits.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "test-server.h"
#include "test-util.h"

/* What a JSON answer may cost the client: answers nested too deep, too
 * many values, too large, or not strictly one JSON text are refused with a
 * clean error, never a crash, gigabytes of memory or a stalled main loop. */

#define MIB (1024 * 1024)

static const TestOp json_ops[] = {
  TEST_OP_SPECIFICATIONS, TEST_OP_USAGE, TEST_OP_LIBRARIES, TEST_OP_EXECUTE,
};

/* A server on 127.0.0.1 that writes one canned answer, byte for byte, to
 * every request: what SoupServer would not send (two Content-Length
 * headers), or a body generated as it is sent, held nowhere. */

typedef struct
{
  const char *text;
  gsize       count;
} Segment;

typedef struct
{
  GSocketListener *listener;
  GCancellable    *cancellable;
  GThread         *thread;
  char            *url;
  char            *head;
  Segment          segments[4];
  guint            n_segments;
} RawServer;

static gssize
request_content_length (const char *head)
{
  g_autofree char *lower = g_ascii_strdown (head, -1);
  const char *header = strstr (lower, "\r\ncontent-length:");

  if (header == NULL)
    return 0;

  return (gssize) g_ascii_strtoll (header + strlen ("\r\ncontent-length:"), NULL, 10);
}

/* Reads the request and throws it away. */
static gboolean
read_request (GInputStream *input)
{
  g_autoptr(GString) head = g_string_new (NULL);
  const char *end;
  gssize remaining;
  char buffer[16 * 1024];

  while ((end = strstr (head->str, "\r\n\r\n")) == NULL)
    {
      gssize n = g_input_stream_read (input, buffer, sizeof buffer - 1, NULL, NULL);

      if (n <= 0)
        return FALSE;
      g_string_append_len (head, buffer, n);
    }

  remaining = request_content_length (head->str) -
              (gssize) (head->len - (end + 4 - head->str));
  while (remaining > 0)
    {
      gssize n = g_input_stream_read (input, buffer, MIN ((gsize) remaining, sizeof buffer),
                                      NULL, NULL);

      if (n <= 0)
        return FALSE;
      remaining -= n;
    }

  return TRUE;
}

static void
write_segment (GOutputStream *output,
               const Segment *segment)
{
  gsize unit = strlen (segment->text);
  gsize per_chunk = MAX (1, (64 * 1024) / unit);
  g_autoptr(GString) chunk = g_string_new (NULL);
  gsize left = segment->count;

  for (gsize i = 0; i < MIN (per_chunk, left); i++)
    g_string_append (chunk, segment->text);

  while (left > 0)
    {
      gsize n = MIN (per_chunk, left);

      /* The client may stop reading early: that is its right. */
      if (!g_output_stream_write_all (output, chunk->str, n * unit, NULL, NULL, NULL))
        return;
      left -= n;
    }
}

static gpointer
raw_server_thread (gpointer user_data)
{
  RawServer *self = user_data;

  for (;;)
    {
      g_autoptr(GSocketConnection) connection = NULL;
      GOutputStream *output;

      connection = g_socket_listener_accept (self->listener, NULL, self->cancellable, NULL);
      if (connection == NULL)
        break;

      if (!read_request (g_io_stream_get_input_stream (G_IO_STREAM (connection))))
        continue;

      output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
      g_output_stream_write_all (output, self->head, strlen (self->head), NULL, NULL, NULL);
      for (guint i = 0; i < self->n_segments; i++)
        write_segment (output, &self->segments[i]);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    }

  return NULL;
}

/* @head is the status line and headers, without the blank line. */
static RawServer *
raw_server_new (const char    *head,
                const Segment *segments,
                guint          n_segments)
{
  RawServer *self = g_new0 (RawServer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (n_segments, <=, G_N_ELEMENTS (self->segments));

  self->listener = g_socket_listener_new ();
  self->cancellable = g_cancellable_new ();
  g_socket_listener_add_address (self->listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  self->url = g_strdup_printf ("http://127.0.0.1:%u/",
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  self->head = g_strconcat (head, "\r\nConnection: close\r\n\r\n", NULL);
  if (n_segments > 0)
    memcpy (self->segments, segments, n_segments * sizeof (Segment));
  self->n_segments = n_segments;
  self->thread = g_thread_new ("raw-server", raw_server_thread, self);

  return self;
}

static void
raw_server_free (RawServer *self)
{
  g_cancellable_cancel (self->cancellable);
  g_thread_join (self->thread);
  g_socket_listener_close (self->listener);
  g_object_unref (self->listener);
  g_object_unref (self->cancellable);
  g_free (self->url);
  g_free (self->head);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RawServer, raw_server_free)

#define JSON_HEAD "HTTP/1.1 200 OK\r\nContent-Type: application/json"

static void
assert_valid_text (const char *message)
{
  g_assert_true (g_utf8_validate (message, -1, NULL));
  for (const char *p = message; *p != '\0'; p++)
    g_assert_cmpint ((guchar) *p, >=, 0x20);
}

static void
set_json_answer (TestServer *server,
                 TestOp      op,
                 const char *json)
{
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  TestAnswer answer = { .status = 200, .content_type = "application/json",
                        .body = body, .mode = TEST_ANSWER_EOF };

  test_server_set_answer (server, test_op_get_method (op), test_op_get_path (op), &answer);
}

/* 100,000 '[' then as many ']': json-glib recursed once per level and
 * overflowed the stack. */
static void
test_deep_nesting (gconstpointer data)
{
  TestMode mode = TEST_MODE (data);
  static const Segment segments[] = { { "[", 100000 }, { "]", 100000 } };
  g_autoptr(RawServer) server = raw_server_new (JSON_HEAD, segments, G_N_ELEMENTS (segments));
  g_autoptr(SandboxClient) client = test_client_new (server->url);

  for (guint i = 0; i < G_N_ELEMENTS (json_ops); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", test_op_get_name (json_ops[i]));
      g_assert_false (run_op (client, json_ops[i], mode, NULL, &error));
      g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE);
      g_assert_nonnull (strstr (error->message, "deeper than 64 levels"));
      assert_valid_text (error->message);
    }
}

static char *
nested_json (guint levels)
{
  GString *json = g_string_new ("{\"a\": ");

  /* The object is a level of its own. */
  for (guint i = 1; i < levels; i++)
    g_string_append_c (json, '[');
  for (guint i = 1; i < levels; i++)
    g_string_append_c (json, ']');
  g_string_append_c (json, '}');

  return g_string_free (json, FALSE);
}

/* 64 levels are fine, 65 are not. */
static void
test_depth_limit (ClientFixture *f,
                  gconstpointer  data)
{
  g_autofree char *deepest = nested_json (64);
  g_autofree char *too_deep = nested_json (65);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  set_json_answer (f->server, TEST_OP_USAGE, deepest);
  node = run_get_info (f->client, TEST_INFO_USAGE, f->mode, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);

  set_json_answer (f->server, TEST_OP_USAGE, too_deep);
  g_clear_pointer (&node, json_node_unref);
  node = run_get_info (f->client, TEST_INFO_USAGE, f->mode, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE);
}

/* What json-glib takes but is not one strict JSON text, or what it reads
 * as something else than what was written. */
static void
test_lenient (ClientFixture *f,
              gconstpointer  data)
{
  static const char *const answers[] = {
    "{\"status\": 9999999999999999999999, \"execution\": [], \"total_time\": 0.1}",
    "{\"status\": 9223372036854775808, \"execution\": [], \"total_time\": 0.1}",
    "{\"status\": -9223372036854775809, \"execution\": [], \"total_time\": 0.1}",
    "{\"status\": 0, \"execution\": [{\"command\": \"ls\", \"exit_code\": "
    "18446744073709551615, \"stdout\": \"\", \"stderr\": \"\", \"time\": 0.1}], "
    "\"total_time\": 0.1}",
    "{\"status\": 0, \"execution\": [], \"total_time\": 0.1} {\"status\": 1}",
    "{\"status\": 0, \"execution\": [], \"total_time\": 0.1}{}",
    "{\"status\": 01, \"execution\": [], \"total_time\": 0.1}",
    "{\"status\": 0x10, \"execution\": [], \"total_time\": 0.1}",
    "{\"status\": 0, \"execution\": [], \"total_time\": .5}",
    "{\"status\": 0, \"execution\": [], \"total_time\": 1.}",
    "{\"status\": 0, \"execution\": [], \"total_time\": 0.1, \"result\": 'x'}",
    "/* */ {\"status\": 0, \"execution\": [], \"total_time\": 0.1}",
    "{\"status\": 0, \"execution\": [], \"total_time\": 0.1, \"result\": \"\\x\"}",
    "{\"status\": 0, \"execution\": [], \"total_time\": 0.1, \"result\": \"\t\"}",
    "{\"status\": 0, \"execution\": [], \"total_time\": 0.1,}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("answer %s", answers[i]);
      set_json_answer (f->server, TEST_OP_EXECUTE, answers[i]);
      g_assert_false (run_op (f->client, TEST_OP_EXECUTE, f->mode, NULL, &error));
      g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE);
      assert_valid_text (error->message);
    }

  /* The largest integers that fit, a float that does not: all fine. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = NULL;
    JsonObject *object;

    set_json_answer (f->server, TEST_OP_USAGE,
                     "{\"max\": 9223372036854775807, \"min\": -9223372036854775808, "
                     "\"big\": 1e30, \"neg\": -0, \"exp\": 1E+2}");
    node = run_get_info (f->client, TEST_INFO_USAGE, f->mode, NULL, &error);
    g_assert_no_error (error);
    object = json_node_get_object (node);
    g_assert_cmpint (json_object_get_int_member (object, "max"), ==, G_MAXINT64);
    g_assert_cmpint (json_object_get_int_member (object, "min"), ==, G_MININT64);
    g_assert_cmpfloat (json_object_get_double_member (object, "big"), ==, 1e30);
  }
}

/* Strings that json-glib would cut (\u0000) or turn into invalid UTF-8 (a
 * lone surrogate) are refused; a surrogate pair is the character it
 * stands for. */
static void
test_strings (ClientFixture *f,
              gconstpointer  data)
{
  static const char *const strings[] = {
    "a\\u0000b", "\\ud800", "x\\ud800y", "\\udc00", "\\ud800\\u0041", "\\ud800\\ud800",
    "\\ud83d",
  };

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      g_autofree char *json = NULL;
      g_autoptr(GError) error = NULL;

      json = g_strdup_printf ("{\"status\": 0, \"execution\": [{\"command\": \"ls\", "
                              "\"exit_code\": 0, \"stdout\": \"%s\", \"stderr\": \"\", "
                              "\"time\": 0.1}], \"total_time\": 0.1}", strings[i]);
      g_test_message ("stdout %s", strings[i]);
      set_json_answer (f->server, TEST_OP_EXECUTE, json);
      g_assert_false (run_op (f->client, TEST_OP_EXECUTE, f->mode, NULL, &error));
      g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE);
      assert_valid_text (error->message);

      /* Also where json-glib fails on its own. */
      g_clear_error (&error);
      g_free (json);
      json = g_strdup_printf ("{\"a\": \"%s\", \"b\": 'c'}", strings[i]);
      set_json_answer (f->server, TEST_OP_USAGE, json);
      g_assert_false (run_op (f->client, TEST_OP_USAGE, f->mode, NULL, &error));
      g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE);
      assert_valid_text (error->message);
    }

  {
    g_autoptr(SandboxConfig) config = test_config_new_echo ();
    g_autoptr(SandboxExecution) execution = NULL;
    g_autoptr(GError) error = NULL;
    SandboxCommandResult *result;

    set_json_answer (f->server, TEST_OP_EXECUTE,
                     "{\"status\": 0, \"execution\": [{\"command\": \"ls\", "
                     "\"exit_code\": 0, \"stdout\": \"\\ud83d\\ude00\\u00e9\", "
                     "\"stderr\": \"\", \"time\": 0.1}], \"total_time\": 0.1}");
    execution = run_execute (f->client, config, NULL, f->mode, NULL, &error);
    g_assert_no_error (error);
    result = g_list_model_get_item (sandbox_execution_get_commands (execution), 0);
    g_assert_cmpstr (sandbox_command_result_get_stdout (result), ==, "\U0001F600é");
    g_object_unref (result);
  }
}

/* Past 250,000 values and members, an answer is refused, however small. */
static void
test_node_budget (ClientFixture *f,
                  gconstpointer  data)
{
  GString *json = g_string_new ("{\"a\": [");
  g_autofree char *allowed = NULL;
  g_autofree char *refused = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  /* The object, its member and the array are 3; then 249,997 zeros. */
  for (guint i = 0; i < 249997; i++)
    g_string_append (json, i == 0 ? "0" : ",0");
  allowed = g_strconcat (json->str, "]}", NULL);
  refused = g_strconcat (json->str, ",0]}", NULL);
  g_string_free (json, TRUE);

  set_json_answer (f->server, TEST_OP_USAGE, allowed);
  node = run_get_info (f->client, TEST_INFO_USAGE, f->mode, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (node), "a")), ==, 249997);

  set_json_answer (f->server, TEST_OP_USAGE, refused);
  g_clear_pointer (&node, json_node_unref);
  node = run_get_info (f->client, TEST_INFO_USAGE, f->mode, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_RESPONSE_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "250000"));
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_max_json_size_property (void)
{
  g_autoptr(SandboxClient) client = test_client_new ("http://127.0.0.1:1/");
  guint64 value = 0;
  guint n_notify = 0;

  g_assert_cmpuint (sandbox_client_get_max_json_size (client), ==, 8 * MIB);
  g_signal_connect (client, "notify::max-json-size", G_CALLBACK (notify_cb), &n_notify);

  sandbox_client_set_max_json_size (client, 1000);
  sandbox_client_set_max_json_size (client, 1000);
  g_assert_cmpuint (n_notify, ==, 1);
  g_object_get (client, "max-json-size", &value, NULL);
  g_assert_cmpuint (value, ==, 1000);

  g_object_set (client, "max-json-size", (guint64) 2000, NULL);
  g_assert_cmpuint (sandbox_client_get_max_json_size (client), ==, 2000);
  g_assert_cmpuint (n_notify, ==, 2);
  /* max-response-size is its own. */
  g_assert_cmpuint (sandbox_client_get_max_response_size (client), ==, 64 * MIB);
}

/* A JSON answer is bound by the smaller of max-json-size and
 * max-response-size, and the error names the one that bound it; downloads
 * are not bound by max-json-size. */
static void
test_max_json_size (ClientFixture *f,
                    gconstpointer  data)
{
  g_autofree char *exact = g_strdup_printf ("{\"pad\": \"%0*d\"}", 4096 - 11, 0);
  g_autofree char *over = g_strdup_printf ("{\"pad\": \"%0*d\"}", 4096 - 10, 0);
  static const TestAnswerMode modes[] = { TEST_ANSWER_EOF, TEST_ANSWER_NORMAL };

  g_assert_cmpuint (strlen (exact), ==, 4096);
  sandbox_client_set_max_json_size (f->client, 4096);

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(GBytes) exact_body = g_bytes_new_static (exact, strlen (exact));
      g_autoptr(GBytes) over_body = g_bytes_new_static (over, strlen (over));
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      TestAnswer answer = { .status = 200, .content_type = "application/json",
                            .mode = modes[i] };

      answer.body = exact_body;
      test_server_set_answer (f->server, "GET", "/usages/", &answer);
      node = run_get_info (f->client, TEST_INFO_USAGE, f->mode, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (node);
      g_clear_pointer (&node, json_node_unref);

      answer.body = over_body;
      test_server_set_answer (f->server, "GET", "/usages/", &answer);
      node = run_get_info (f->client, TEST_INFO_USAGE, f->mode, NULL, &error);
      g_assert_null (node);
      g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_RESPONSE_TOO_LARGE);
      g_assert_cmpstr (error->message, ==,
                       "The sandbox server's answer is larger than the client's limit "
                       "of 4.0\u00a0KiB (the max-json-size property)");
      g_clear_error (&error);

      test_server_set_answer (f->server, "POST", "/execute/", &answer);
      g_assert_false (run_op (f->client, TEST_OP_EXECUTE, f->mode, NULL, &error));
      g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_RESPONSE_TOO_LARGE);
      g_clear_error (&error);

      /* A download is not JSON. */
      answer.content_type = "application/octet-stream";
      test_server_set_answer (f->server, "GET", "/files/" TEST_UUID "/f/", &answer);
      bytes = run_download (f->client, TEST_UUID, "f", f->mode, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_bytes_get_size (bytes), ==, strlen (over));
    }
}

/* {"a":[0,0,0,…]} of 60 MiB, under the 64 MiB of max-response-size: it
 * used to cost gigabytes and seconds of the caller's main loop. By default
 * max-json-size refuses it; raised past it, the value budget does. */
static void
test_amplification (gconstpointer data)
{
  TestMode mode = TEST_MODE (data);
  gsize n_zeros = (test_running_on_valgrind () ? 4 : 30) * MIB;
  Segment segments[] = { { "{\"a\":[", 1 }, { "0,", n_zeros - 1 }, { "0]}", 1 } };
  g_autoptr(RawServer) server = raw_server_new (JSON_HEAD, segments, G_N_ELEMENTS (segments));
  g_autoptr(SandboxClient) client = test_client_new (server->url);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  goffset baseline;
  goffset growth;
  gint64 start;

  baseline = test_reset_peak_rss ();
  start = g_get_monotonic_time ();
  node = run_get_info (client, TEST_INFO_USAGE, mode, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_RESPONSE_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "max-json-size"));
  g_clear_error (&error);
  growth = test_read_peak_rss () - baseline;
  g_test_message ("default limits: %.2f s, peak RSS growth %.1f MiB",
                  test_elapsed_since (start), growth / (double) MIB);
  if (test_memory_is_checked ())
    g_assert_cmpint (growth, <, 32 * MIB);

  sandbox_client_set_max_json_size (client, 64 * MIB);
  baseline = test_reset_peak_rss ();
  start = g_get_monotonic_time ();
  node = run_get_info (client, TEST_INFO_USAGE, mode, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_RESPONSE_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "250000"));
  growth = test_read_peak_rss () - baseline;
  g_test_message ("max-json-size 64 MiB: %.2f s, peak RSS growth %.1f MiB",
                  test_elapsed_since (start), growth / (double) MIB);
  /* The body itself, in a buffer that grows by doubling; nothing more. */
  if (test_memory_is_checked ())
    g_assert_cmpint (growth, <, 160 * MIB);
}

typedef struct
{
  gint64 last_tick;
  gint64 max_gap;
  guint  n_ticks;
} TickState;

static gboolean
tick_cb (gpointer user_data)
{
  TickState *state = user_data;
  gint64 now = g_get_monotonic_time ();

  state->max_gap = MAX (state->max_gap, now - state->last_tick);
  state->last_tick = now;
  state->n_ticks++;
  return G_SOURCE_CONTINUE;
}

/* While a large answer that is allowed is parsed, the caller's main loop
 * keeps turning: the parse runs in a worker thread. */
static void
test_main_loop_turns (void)
{
  gsize length = 96 * MIB;
  Segment segments[] = { { "{\"a\":\"", 1 }, { "\\u00e9", length / 6 }, { "\"}", 1 } };
  g_autoptr(RawServer) server = NULL;
  g_autoptr(SandboxClient) client = NULL;
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GSource) ticker = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  TickState state = { 0 };
  TestAsyncWait wait;
  gint64 start, elapsed;

  if (test_running_on_valgrind ())
    {
      g_test_skip ("parsing 96 MiB under valgrind takes minutes");
      return;
    }

  server = raw_server_new (JSON_HEAD, segments, G_N_ELEMENTS (segments));
  client = test_client_new (server->url);
  sandbox_client_set_max_response_size (client, 128 * MIB);
  sandbox_client_set_max_json_size (client, 128 * MIB);
  context = g_main_context_new ();
  g_main_context_push_thread_default (context);

  ticker = g_timeout_source_new (10);
  g_source_set_callback (ticker, tick_cb, &state, NULL);
  g_source_attach (ticker, context);
  start = state.last_tick = g_get_monotonic_time ();

  test_async_wait_init (&wait);
  sandbox_client_get_usage_async (client, NULL, test_async_wait_cb, &wait);
  node = sandbox_client_get_usage_finish (client, test_async_wait_run (&wait), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (json_object_get_string_member (json_node_get_object (node), "a")),
                    ==, length / 6 * 2);
  elapsed = g_get_monotonic_time () - start;
  g_test_message ("%u ticks in %.3f s, longest gap between two %.3f s", state.n_ticks,
                  elapsed / (double) G_USEC_PER_SEC, state.max_gap / (double) G_USEC_PER_SEC);
  /* Parsing takes most of the operation (receiving 96 MiB on loopback
   * takes a tenth of it): parsed in the loop's thread, it would leave one
   * gap that long. The bound is relative, so that a loaded machine or a
   * sanitizer, which slow both alike, do not change the outcome. */
  g_assert_cmpint (state.max_gap, <, elapsed / 3);

  g_source_destroy (ticker);
  test_async_wait_clear (&wait);
  g_clear_pointer (&node, json_node_unref);
  g_clear_object (&client);
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
}

/* check answers the Content-Length of a HEAD: two that differ, or one
 * that is not a number, are not a size. */
static void
test_check_content_length (gconstpointer data)
{
  TestMode mode = TEST_MODE (data);
  static const char *const heads[] = {
    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 7",
    "HTTP/1.1 200 OK\r\nContent-Length: 7\r\nContent-Length: 5",
    "HTTP/1.1 200 OK\r\nContent-Length: 5, 7",
    "HTTP/1.1 200 OK\r\nContent-Length: ",
    "HTTP/1.1 200 OK\r\nContent-Length: abc",
    "HTTP/1.1 200 OK\r\nContent-Length: -3",
    "HTTP/1.1 200 OK\r\nContent-Length: 5x",
  };

  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    {
      g_autoptr(RawServer) server = raw_server_new (heads[i], NULL, 0);
      g_autoptr(SandboxClient) client = test_client_new (server->url);
      g_autoptr(GError) error = NULL;
      goffset size;

      g_test_message ("%s", heads[i]);
      size = run_check (client, TEST_UUID, NULL, mode, NULL, &error);
      g_assert_cmpint (size, ==, -2);
      g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE);
      assert_valid_text (error->message);
    }

  /* The same size twice is one size. */
  {
    g_autoptr(RawServer) server =
      raw_server_new ("HTTP/1.1 200 OK\r\nContent-Length: 12\r\nContent-Length: 12", NULL, 0);
    g_autoptr(SandboxClient) client = test_client_new (server->url);
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (run_check (client, TEST_UUID, NULL, mode, NULL, &error), ==, 12);
    g_assert_no_error (error);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  test_init_classes ();

  test_add_both_modes ("/client-json-limits/deep-nesting", test_deep_nesting);
  test_add_client_both_modes ("/client-json-limits/depth-limit", test_depth_limit);
  test_add_client_both_modes ("/client-json-limits/lenient", test_lenient);
  test_add_client_both_modes ("/client-json-limits/strings", test_strings);
  test_add_client_both_modes ("/client-json-limits/node-budget", test_node_budget);
  g_test_add_func ("/client-json-limits/max-json-size/property", test_max_json_size_property);
  test_add_client_both_modes ("/client-json-limits/max-json-size", test_max_json_size);
  test_add_both_modes ("/client-json-limits/amplification", test_amplification);
  g_test_add_func ("/client-json-limits/main-loop-turns", test_main_loop_turns);
  test_add_both_modes ("/client-json-limits/check-content-length", test_check_content_length);

  return g_test_run ();
}
