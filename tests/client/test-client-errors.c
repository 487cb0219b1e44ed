/* test-client-errors.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "test-server.h"
#include "test-util.h"

/* The operations that report an error status with the answer's body; check
 * (a HEAD) has no body to show, and 404 is its answer "missing". */
static const TestOp all_ops[] = {
  TEST_OP_SPECIFICATIONS, TEST_OP_DOWNLOAD, TEST_OP_DOWNLOAD_STREAM, TEST_OP_CHECK,
  TEST_OP_EXECUTE, TEST_OP_EXECUTE_FILE,
};

#define DJANGO_500 \
  "<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Server Error (500)</title>\n" \
  "</head>\n<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n"
#define NGINX_502 \
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n" \
  "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n" \
  "</body>\r\n</html>\r\n"

typedef struct
{
  guint       status;
  const char *reason;        /* sent on the status line; NULL for libsoup's */
  const char *body;
  const char *extra_header;
  const char *phrase;        /* expected in the message; NULL for none */
  const char *text;          /* expected in the message; "" for none */
} StatusCase;

/* A body of plain text, shown whole after the status and its name. */
#define SHOWN(status, phrase, body) { status, NULL, body, NULL, phrase, body }

static const StatusCase status_cases[] = {
  /* The 400 bodies of docs/protocol.md. */
  SHOWN (400, "Bad Request", "Missing argument 'config'"),
  SHOWN (400, "Bad Request", "Command badly formatted : '{'command': 'ls', 'foo': 1}'"),
  SHOWN (400, "Bad Request",
         "'config' json is invalid - Expecting value: line 1 column 1 (char 0)"),
  /* Not HTML although it holds a '<'. */
  SHOWN (400, "Bad Request", "commands must be a list, not <class 'str'>"),
  SHOWN (400, "Bad Request", "Command list cannot be empty"),
  /* The 404 bodies. */
  SHOWN (404, "Not Found", "No environment with UUID '" TEST_MISSING_UUID "' found"),
  SHOWN (404, "Not Found", "The file 'dir/x' could not be found in environment '" TEST_UUID "'"),
  { 404, NULL, TEST_DJANGO_404, NULL,
    "Not Found", "Not Found The requested resource was not found on this server." },
  /* 405 has an empty body and an Allow header. */
  { 405, NULL, "", "Allow: POST, OPTIONS", "Method Not Allowed", "" },
  SHOWN (503, "Service Unavailable", "Sandbox overloaded, retry after a few seconds."),
  SHOWN (401, "Unauthorized", "Authentication credentials were not provided."),
  SHOWN (413, "Request Entity Too Large", "Request body is too large"),
  /* libsoup has no name for 429: the server's reason phrase is shown. */
  { 429, "Too Many Requests", "Slow down", NULL, "Too Many Requests", "Slow down" },
  { 500, NULL, DJANGO_500, NULL, "Internal Server Error", "Server Error (500)" },
  { 502, NULL, NGINX_502, NULL, "Bad Gateway", "502 Bad Gateway nginx/1.18.0" },
  SHOWN (504, "Gateway Timeout", "upstream timed out"),
  { 418, "I'm a teapot", "short and stout", NULL, "I'm a teapot", "short and stout" },
  { 599, "Network Connect Timeout Error", "", NULL, "Network Connect Timeout Error", "" },
  /* No name anywhere: only the number. */
  { 599, "", "gone fishing", NULL, NULL, "gone fishing" },
  /* A reason phrase is text from the peer too: made readable. */
  { 598, "Weird\x01\tPhrase \xff", "x", NULL, "Weird Phrase \xef\xbf\xbd", "x" },
};

static char *
expected_message (const StatusCase *c,
                  TestOp            op)
{
  GString *message = g_string_new (NULL);

  g_string_append_printf (message, "Sandbox responded with status %u", c->status);
  if (c->phrase != NULL)
    g_string_append_printf (message, " (%s)", c->phrase);
  /* The body of an answer to HEAD is not read. */
  if (op != TEST_OP_CHECK && *c->text != '\0')
    g_string_append_printf (message, ": %s", c->text);

  return g_string_free (message, FALSE);
}

static void
test_statuses (ClientFixture *f,
               gconstpointer  data)
{
  /* The statuses themselves, 503 included, not retries of them. */
  sandbox_client_set_max_retries (f->client, 0);
  for (guint i = 0; i < G_N_ELEMENTS (status_cases); i++)
    {
      const StatusCase *c = &status_cases[i];

      for (guint j = 0; j < G_N_ELEMENTS (all_ops); j++)
        {
          TestOp op = all_ops[j];
          g_autoptr(GBytes) body = g_bytes_new_static (c->body, strlen (c->body));
          g_autoptr(GError) error = NULL;
          g_autofree char *expected = expected_message (c, op);
          TestAnswer answer = {
            .status = c->status, .reason = c->reason, .body = body,
            .mode = TEST_ANSWER_EOF, .extra_header = c->extra_header,
          };

          if (op == TEST_OP_CHECK && c->status == 404)
            continue;

          g_test_message ("status %u, %s", c->status, test_op_get_name (op));
          test_set_op_answer (f->server, op, &answer);
          g_assert_false (run_op (f->client, op, f->mode, NULL, &error));
          g_assert_error (error, SANDBOX_ERROR, (int) c->status);
          g_assert_cmpstr (error->message, ==, expected);
        }
    }
}

/* A HEAD answered 404 means "missing", not an error, even with a body. */
static void
test_check_not_found (ClientFixture *f,
                      gconstpointer  data)
{
  g_autoptr(GBytes) body = g_bytes_new_static (TEST_DJANGO_404, strlen (TEST_DJANGO_404));
  g_autoptr(GError) error = NULL;
  TestAnswer answer = { .status = 404, .body = body, .mode = TEST_ANSWER_EOF };

  test_server_set_answer (f->server, "HEAD", "/environments/" TEST_UUID "/", &answer);
  g_assert_cmpint (run_check (f->client, TEST_UUID, NULL, f->mode, NULL, &error), ==, -1);
  g_assert_no_error (error);
  g_assert_cmpuint (test_server_get_n_requests (f->server), ==, 1);
}

/* The default routes, not overrides: what the fake server does as the
 * real one does. */
static void
test_protocol_errors (ClientFixture *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autofree char *unknown_route = NULL;
  g_autoptr(SandboxClient) prefixed = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_assert_null (run_download (f->client, TEST_UUID, "dir/nope.txt", f->mode, NULL, &error));
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==,
                   "Sandbox responded with status 404 (Not Found): The file 'dir/nope.txt' "
                   "could not be found in environment '" TEST_UUID "'");
  g_clear_error (&error);

  g_main_context_push_thread_default (context);
  stream = run_download_stream (f->client, TEST_MISSING_UUID, NULL, NULL, f->mode, NULL, &error);
  g_main_context_pop_thread_default (context);
  g_assert_null (stream);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==,
                   "Sandbox responded with status 404 (Not Found): "
                   "No environment with UUID '" TEST_MISSING_UUID "' found");
  g_clear_error (&error);

  /* A base URL with a wrong prefix reaches no route: Django's 404 page. */
  unknown_route = test_server_get_url_with_path (f->server, "nowhere/");
  prefixed = test_client_new (unknown_route);
  node = run_get_info (prefixed, TEST_INFO_LIBRARIES, f->mode, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==,
                   "Sandbox responded with status 404 (Not Found): "
                   "Not Found The requested resource was not found on this server.");
}

static void
assert_clean_text (const char *message)
{
  g_assert_true (g_utf8_validate (message, -1, NULL));
  for (const char *p = message; *p != '\0'; p = g_utf8_next_char (p))
    g_assert_false (g_unichar_iscntrl (g_utf8_get_char (p)));
}

/* Bodies are shown as one readable line, whatever the server sends. */
static void
test_body_cleanup (ClientFixture *f,
                   gconstpointer  data)
{
  static const struct { const char *body; gsize length; const char *text; } cases[] = {
    { "line1\nline2\r\n\tcol\x01\x1b[31mred\x7f end\n", 0, "line1 line2 col [31mred end" },
    { "  \n leading and trailing \n\n", 0, "leading and trailing" },
    { "bad \xff\xfe bytes", 0, "bad \xef\xbf\xbd\xef\xbf\xbd bytes" },
    { "nul\0byte", 8, "nul\xef\xbf\xbd" "byte" },
    { "<p>only <b>markup</b></p><script>alert(1)</script><style>p{}</style>", 0,
      "only markup" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize length = cases[i].length != 0 ? cases[i].length : strlen (cases[i].body);
      g_autoptr(GBytes) body = g_bytes_new_static (cases[i].body, length);
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = g_strdup_printf ("Sandbox responded with status 500 "
                                                   "(Internal Server Error): %s",
                                                   cases[i].text);
      TestAnswer answer = { .status = 500, .body = body, .mode = TEST_ANSWER_EOF };

      test_server_set_answer (f->server, "POST", "/execute/", &answer);
      g_assert_false (run_op (f->client, TEST_OP_EXECUTE, f->mode, NULL, &error));
      g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INTERNAL_SERVER_ERROR);
      assert_clean_text (error->message);
      g_assert_cmpstr (error->message, ==, expected);
    }
}

/* At most 1024 characters of the body are shown, followed by an ellipsis,
 * however long the body: even one far over max-response-size, whose end is
 * never read. */
static void
test_body_cut (ClientFixture *f,
               gconstpointer  data)
{
  const char *prefix = "Sandbox responded with status 502 (Bad Gateway): ";
  static const TestAnswerMode modes[] = { TEST_ANSWER_EOF, TEST_ANSWER_NORMAL,
                                          TEST_ANSWER_CHUNKED };

  sandbox_client_set_max_response_size (f->client, 1024);

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      for (guint j = 0; j < G_N_ELEMENTS (all_ops); j++)
        {
          TestOp op = all_ops[j];
          g_autoptr(GString) text = g_string_new (NULL);
          g_autoptr(GBytes) body = NULL;
          g_autoptr(GError) error = NULL;
          TestAnswer answer = { .status = 502, .mode = modes[i] };
          const char *shown;

          if (op == TEST_OP_CHECK)
            continue;

          /* 2 MiB of two-byte characters, with newlines and tabs. */
          for (guint k = 0; text->len < 2 * 1024 * 1024; k++)
            g_string_append (text, k % 50 == 49 ? "é\n\t" : "é");
          body = g_bytes_new (text->str, text->len);
          answer.body = body;
          test_set_op_answer (f->server, op, &answer);

          g_test_message ("mode %d, %s", modes[i], test_op_get_name (op));
          g_assert_false (run_op (f->client, op, f->mode, NULL, &error));
          g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_BAD_GATEWAY);
          assert_clean_text (error->message);
          g_assert_true (g_str_has_prefix (error->message, prefix));
          g_assert_true (g_str_has_suffix (error->message, "…"));
          g_assert_cmpuint (g_utf8_strlen (error->message, -1), ==,
                            strlen (prefix) + 1024 + 1);
          shown = error->message + strlen (prefix);
          g_assert_true (g_str_has_prefix (shown, "éééé"));
          g_assert_nonnull (strstr (shown, "é é"));
        }
    }
}

/* Answers that are not what the protocol promises. */
static void
test_invalid_json (ClientFixture *f,
                   gconstpointer  data)
{
  static const TestOp json_ops[] = {
    TEST_OP_SPECIFICATIONS, TEST_OP_USAGE, TEST_OP_LIBRARIES, TEST_OP_EXECUTE,
    TEST_OP_EXECUTE_FILE,
  };
  static const struct { const char *body; gssize length; const char *message; } cases[] = {
    { "{\"host\": {\"cpu\": ", -1, "The sandbox server's answer is not valid JSON: " },
    { "not json at all", -1, "The sandbox server's answer is not valid JSON: " },
    { "[1, 2, 3]", -1, "The sandbox server's answer is not a JSON object but an array" },
    { "\"a string\"", -1, "The sandbox server's answer is not a JSON object but a string" },
    { "", -1, "The sandbox server's answer is " },
    { "   \n", -1, "The sandbox server's answer is " },
    { "{\"a\": \"\xff\xfe\"}", -1, "The sandbox server's answer is not UTF-8 text" },
    { "{\"a\": \"x\0y\"}", 11, "The sandbox server's answer is " },
    /* Cut in the middle, by a server that closes the connection early. */
    { TEST_SPECIFICATIONS_JSON, 120, "The sandbox server's answer is not valid JSON: " },
    { TEST_EXECUTION_JSON, 60, "The sandbox server's answer is not valid JSON: " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      for (guint j = 0; j < G_N_ELEMENTS (json_ops); j++)
        {
          gsize length = cases[i].length >= 0 ? (gsize) cases[i].length
                                              : strlen (cases[i].body);
          g_autoptr(GBytes) body = g_bytes_new_static (cases[i].body, length);
          g_autoptr(GError) error = NULL;
          TestAnswer answer = { .status = 200, .content_type = "application/json",
                                .body = body, .mode = TEST_ANSWER_EOF };

          g_test_message ("answer %u, %s", i, test_op_get_name (json_ops[j]));
          test_set_op_answer (f->server, json_ops[j], &answer);
          g_assert_false (run_op (f->client, json_ops[j], f->mode, NULL, &error));
          g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE);
          g_assert_true (g_str_has_prefix (error->message, cases[i].message));
          assert_clean_text (error->message);
        }
    }
}

/* Execute answers that are JSON objects but not what the protocol says. */
static void
test_invalid_execution (ClientFixture *f,
                        gconstpointer  data)
{
  static const struct { const char *body; const char *needle; } cases[] = {
    { "{}", "'status'" },
    { "{\"status\": 0, \"total_time\": 0.1}", "'execution'" },
    { "{\"status\": 0, \"execution\": []}", "'total_time'" },
    { "{\"status\": \"0\", \"execution\": [], \"total_time\": 0.1}", "'status'" },
    { "{\"status\": 0.5, \"execution\": [], \"total_time\": 0.1}", "'status'" },
    { "{\"status\": 0, \"execution\": {}, \"total_time\": 0.1}", "'execution'" },
    { "{\"status\": 0, \"execution\": [], \"total_time\": \"fast\"}", "'total_time'" },
    { "{\"status\": 0, \"execution\": [42], \"total_time\": 0.1}", "'execution' item 0" },
    { "{\"status\": 0, \"execution\": [{\"command\": \"ls\", \"exit_code\": 0, "
      "\"stdout\": 1, \"stderr\": \"\", \"time\": 0.1}], \"total_time\": 0.1}", "'stdout'" },
    { "{\"status\": 0, \"execution\": [{\"command\": \"ls\", \"exit_code\": 0, "
      "\"stdout\": \"\", \"stderr\": \"\"}], \"total_time\": 0.1}", "'time'" },
    { "{\"status\": 99999999999, \"execution\": [], \"total_time\": 0.1}", "'status'" },
    { "{\"status\": 0, \"execution\": [], \"total_time\": 0.1, \"result\": 4}", "'result'" },
    { "{\"status\": 0, \"execution\": [], \"total_time\": 0.1, \"expire\": \"tomorrow\"}",
      "'expire'" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) body = g_bytes_new_static (cases[i].body, strlen (cases[i].body));
      g_autoptr(GError) error = NULL;
      TestAnswer answer = { .status = 200, .content_type = "application/json",
                            .body = body, .mode = TEST_ANSWER_EOF };

      g_test_message ("answer %s", cases[i].body);
      test_server_set_answer (f->server, "POST", "/execute/", &answer);
      g_assert_false (run_op (f->client, TEST_OP_EXECUTE, f->mode, NULL, &error));
      g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE);
      g_assert_nonnull (strstr (error->message, cases[i].needle));
    }
}

/* A Content-Length over the limit is refused before the body is read: a
 * 10 GiB answer fails at once, and so does one whose body never comes
 * (reading it would wait for the client's timeout). */
static void
test_too_large_announced (ClientFixture *f,
                          gconstpointer  data)
{
  static const TestOp ops[] = {
    TEST_OP_SPECIFICATIONS, TEST_OP_DOWNLOAD, TEST_OP_EXECUTE,
  };
  static const TestAnswerMode modes[] = { TEST_ANSWER_GENERATED, TEST_ANSWER_STALL_SIZED };

  sandbox_client_set_max_response_size (f->client, 1024);
  sandbox_client_set_timeout (f->client, 10);

  for (guint i = 0; i < G_N_ELEMENTS (ops) * G_N_ELEMENTS (modes); i++)
    {
      TestOp op = ops[i / G_N_ELEMENTS (modes)];
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      TestAnswer answer = { .status = 200, .mode = modes[i % G_N_ELEMENTS (modes)],
                            .content_type = "application/json",
                            .generated_size = G_GOFFSET_CONSTANT (10) * 1024 * 1024 * 1024 };

      g_test_message ("%s, mode %d", test_op_get_name (op), answer.mode);
      test_set_op_answer (f->server, op, &answer);
      g_assert_false (run_op (f->client, op, f->mode, NULL, &error));
      g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_RESPONSE_TOO_LARGE);
      /* g_format_size() puts a no-break space before the unit. */
      g_assert_cmpstr (error->message, ==,
                       "The sandbox server's answer is larger than the client's limit "
                       "of 1.0\u00a0KiB (the max-response-size property)");
      g_assert_cmpfloat (test_elapsed_since (start), <, 2.0);
    }

  /* The client is still usable: the refused body did not clog it. */
  sandbox_client_set_max_response_size (f->client, 64 * 1024);
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (run_op (f->client, TEST_OP_USAGE, f->mode, NULL, &error));
    g_assert_no_error (error);
  }
}

/* Without a length, the read stops as soon as the body passes the limit;
 * a body of exactly the limit is fine. */
static void
test_too_large_unannounced (ClientFixture *f,
                            gconstpointer  data)
{
  static const TestAnswerMode modes[] = { TEST_ANSWER_EOF, TEST_ANSWER_CHUNKED,
                                          TEST_ANSWER_NORMAL };
  g_autofree char *data_1024 = g_malloc (1025);
  g_autofree char *json_4096 = NULL;

  memset (data_1024, 'x', 1025);
  json_4096 = g_strdup_printf ("{\"pad\": \"%0*d\"}", 4096, 0);
  sandbox_client_set_max_response_size (f->client, 1024);

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(GBytes) exact = g_bytes_new_static (data_1024, 1024);
      g_autoptr(GBytes) over = g_bytes_new_static (data_1024, 1025);
      g_autoptr(GBytes) json = g_bytes_new_static (json_4096, strlen (json_4096));
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GInputStream) stream = NULL;
      g_autoptr(GMainContext) context = g_main_context_new ();
      TestAnswer answer = { .status = 200, .mode = modes[i],
                            .content_type = "application/octet-stream" };

      g_test_message ("mode %d", modes[i]);

      answer.body = exact;
      test_server_set_answer (f->server, "GET", "/files/" TEST_UUID "/f/", &answer);
      bytes = run_download (f->client, TEST_UUID, "f", f->mode, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_bytes_get_size (bytes), ==, 1024);
      g_clear_pointer (&bytes, g_bytes_unref);

      answer.body = over;
      test_server_set_answer (f->server, "GET", "/files/" TEST_UUID "/f/", &answer);
      bytes = run_download (f->client, TEST_UUID, "f", f->mode, NULL, &error);
      g_assert_null (bytes);
      g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_RESPONSE_TOO_LARGE);
      g_clear_error (&error);

      /* A stream is not bound by the limit. */
      g_main_context_push_thread_default (context);
      stream = run_download_stream (f->client, TEST_UUID, "f", NULL, f->mode, NULL, &error);
      g_assert_no_error (error);
      {
        guint8 buffer[2048];
        gsize n = 0;

        g_input_stream_read_all (stream, buffer, sizeof buffer, &n, NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (n, ==, 1025);
      }
      g_clear_object (&stream);
      while (g_main_context_iteration (context, FALSE))
        ;
      g_main_context_pop_thread_default (context);

      answer.body = json;
      answer.content_type = "application/json";
      test_server_set_answer (f->server, "GET", "/usages/", &answer);
      node = run_get_info (f->client, TEST_INFO_USAGE, f->mode, NULL, &error);
      g_assert_null (node);
      g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_RESPONSE_TOO_LARGE);
      g_clear_error (&error);

      test_server_set_answer (f->server, "POST", "/execute/", &answer);
      g_assert_false (run_op (f->client, TEST_OP_EXECUTE, f->mode, NULL, &error));
      g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_RESPONSE_TOO_LARGE);
    }
}

/* An execute is never redirected: its body is a stream that cannot be
 * sent twice, and a redirected POST may turn into a GET. */
static void
test_execute_redirect (gconstpointer data)
{
  TestMode mode = TEST_MODE (data);
  static const struct { guint status; const char *phrase; } cases[] = {
    { 301, "Moved Permanently" }, { 302, "Found" }, { 303, "See Other" },
    { 307, "Temporary Redirect" }, { 308, "Permanent Redirect" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TestServer) server = test_server_new ();
      g_autoptr(SandboxClient) client = test_client_new (test_server_get_url (server));
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = g_strdup_printf ("Sandbox responded with status %u (%s)",
                                                   cases[i].status, cases[i].phrase);
      TestAnswer answer = { .status = cases[i].status, .mode = TEST_ANSWER_EOF,
                            .location = "/elsewhere/execute/" };
      TestOp op = i % 2 == 0 ? TEST_OP_EXECUTE : TEST_OP_EXECUTE_FILE;

      g_test_message ("status %u", cases[i].status);
      test_server_set_answer (server, "POST", "/execute/", &answer);
      g_assert_false (run_op (client, op, mode, NULL, &error));
      g_assert_error (error, SANDBOX_ERROR, (int) cases[i].status);
      g_assert_cmpstr (error->message, ==, expected);
      g_assert_cmpuint (test_server_get_n_requests (server), ==, 1);
      g_assert_cmpuint (test_server_get_n_requests_for (server, "POST", "/execute/"), ==, 1);
    }
}

/* A GET is redirected as a browser would. */
static void
test_get_redirect (gconstpointer data)
{
  TestMode mode = TEST_MODE (data);
  static const TestOp ops[] = {
    TEST_OP_SPECIFICATIONS, TEST_OP_DOWNLOAD, TEST_OP_DOWNLOAD_STREAM,
  };
  static const guint statuses[] = { 301, 302, 307, 308 };

  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      for (guint j = 0; j < G_N_ELEMENTS (statuses); j++)
        {
          g_autoptr(TestServer) server = test_server_new ();
          g_autoptr(SandboxClient) client = test_client_new (test_server_get_url (server));
          g_autoptr(GError) error = NULL;
          g_autofree char *moved = g_strconcat ("/moved", test_op_get_path (ops[i]), NULL);
          g_autoptr(GBytes) archive = test_environment_archive ();
          TestAnswer redirect = { .status = statuses[j], .mode = TEST_ANSWER_EOF,
                                  .location = moved };
          TestAnswer target = { .status = 200, .mode = TEST_ANSWER_NORMAL };

          switch (ops[i])
            {
            case TEST_OP_SPECIFICATIONS:
              target.content_type = "application/json";
              target.body = g_bytes_new_static (TEST_SPECIFICATIONS_JSON,
                                                strlen (TEST_SPECIFICATIONS_JSON));
              break;
            case TEST_OP_DOWNLOAD:
              target.content_type = "application/gzip";
              target.body = g_bytes_ref (archive);
              break;
            case TEST_OP_DOWNLOAD_STREAM:
              target.content_type = "application/octet-stream";
              target.body = g_bytes_new_static (TEST_FILE_CONTENT, strlen (TEST_FILE_CONTENT));
              break;
            case TEST_OP_USAGE:
            case TEST_OP_LIBRARIES:
            case TEST_OP_CHECK:
            case TEST_OP_EXECUTE:
            case TEST_OP_EXECUTE_FILE:
            case TEST_N_OPS:
            default:
              g_assert_not_reached ();
            }

          g_test_message ("status %u, %s", statuses[j], test_op_get_name (ops[i]));
          test_server_set_answer (server, "GET", test_op_get_path (ops[i]), &redirect);
          test_server_set_answer (server, "GET", moved, &target);
          g_bytes_unref (target.body);

          g_assert_true (run_op (client, ops[i], mode, NULL, &error));
          g_assert_no_error (error);
          g_assert_cmpuint (test_server_get_n_requests (server), ==, 2);
          g_assert_cmpuint (test_server_get_n_requests_for (server, "GET",
                                                            test_op_get_path (ops[i])), ==, 1);
          g_assert_cmpuint (test_server_get_n_requests_for (server, "GET", moved), ==, 1);
        }
    }
}

/* Transport failures are GIO's errors, not the sandbox's. */
static void
test_connection_refused (gconstpointer data)
{
  TestMode mode = TEST_MODE (data);
  g_autofree char *url = test_unused_port_url ();
  g_autoptr(SandboxClient) client = test_client_new (url);

  /* The error itself, at once: its retries are test-client-retry's. */
  sandbox_client_set_max_retries (client, 0);
  for (TestOp op = 0; op < TEST_N_OPS; op++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", test_op_get_name (op));
      g_assert_false (run_op (client, op, mode, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
    }

  g_assert_cmpint (run_check (client, TEST_UUID, NULL, mode, NULL, NULL), ==, -2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  test_add_client_both_modes ("/client-errors/statuses", test_statuses);
  test_add_client_both_modes ("/client-errors/check-not-found", test_check_not_found);
  test_add_client_both_modes ("/client-errors/protocol-errors", test_protocol_errors);
  test_add_client_both_modes ("/client-errors/body-cleanup", test_body_cleanup);
  test_add_client_both_modes ("/client-errors/body-cut", test_body_cut);
  test_add_client_both_modes ("/client-errors/invalid-json", test_invalid_json);
  test_add_client_both_modes ("/client-errors/invalid-execution", test_invalid_execution);
  test_add_client_both_modes ("/client-errors/too-large/announced", test_too_large_announced);
  test_add_client_both_modes ("/client-errors/too-large/unannounced", test_too_large_unannounced);
  test_add_both_modes ("/client-errors/redirect/execute", test_execute_redirect);
  test_add_both_modes ("/client-errors/redirect/get", test_get_redirect);
  test_add_both_modes ("/client-errors/connection-refused", test_connection_refused);

  return g_test_run ();
}
