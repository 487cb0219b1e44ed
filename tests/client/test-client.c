/* test-client.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "test-server.h"
#include "test-util.h"

static void
test_new_invalid_urls (void)
{
  static const char * const invalid[] = {
    "", "localhost:7000", "/relative/path", "ftp://host/", "file:///tmp/x",
    "http://", "http://host/?query=1", "http://host/#fragment", "not a url at all",
  };

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SandboxClient) client = sandbox_client_new (invalid[i], &error);

      g_test_message ("base URL '%s'", invalid[i]);
      g_assert_null (client);
      g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_URL);
      g_assert_nonnull (strstr (error->message, invalid[i]));
    }
}

static void
test_properties (void)
{
  g_autoptr(SandboxClient) client = test_client_new ("https://sandbox.example.org/prefix");
  g_autofree char *user_agent = NULL;
  double timeout = 0;
  guint max_connections = 0;
  guint64 max_response_size = 0;

  g_assert_cmpstr (sandbox_client_get_base_url (client), ==, "https://sandbox.example.org/prefix");
  g_assert_cmpfloat (sandbox_client_get_timeout (client), ==, 60.0);
  g_assert_cmpuint (sandbox_client_get_max_connections (client), >=, 16);
  g_assert_cmpuint (sandbox_client_get_max_response_size (client), ==, 64 * 1024 * 1024);
  g_assert_cmpstr (sandbox_client_get_user_agent (client), ==, "sandbox-api/" SANDBOX_VERSION_S);
  g_assert_nonnull (sandbox_client_get_proxy_resolver (client));

  sandbox_client_set_timeout (client, 2.5);
  sandbox_client_set_max_response_size (client, 1024);
  g_object_get (client,
                "timeout", &timeout,
                "max-connections", &max_connections,
                "max-response-size", &max_response_size,
                "user-agent", &user_agent,
                NULL);
  g_assert_cmpfloat (timeout, ==, 2.5);
  g_assert_cmpuint (max_connections, ==, sandbox_client_get_max_connections (client));
  g_assert_cmpuint (max_response_size, ==, 1024);
  g_assert_cmpstr (user_agent, ==, "sandbox-api/" SANDBOX_VERSION_S);

  sandbox_client_set_request_header (client, "Authorization", "Bearer secret");
  {
    g_autofree char *value = sandbox_client_dup_request_header (client, "Authorization");
    g_assert_cmpstr (value, ==, "Bearer secret");
  }
  sandbox_client_set_request_header (client, "Authorization", NULL);
  g_assert_null (sandbox_client_dup_request_header (client, "Authorization"));
}

static void
test_version_macros (void)
{
  g_assert_true (SANDBOX_CHECK_VERSION (1, 0, 0));
  g_assert_true (SANDBOX_CHECK_VERSION (SANDBOX_MAJOR_VERSION, SANDBOX_MINOR_VERSION,
                                        SANDBOX_MICRO_VERSION));
  g_assert_false (SANDBOX_CHECK_VERSION (SANDBOX_MAJOR_VERSION + 1, 0, 0));
  g_assert_false (SANDBOX_CHECK_VERSION (SANDBOX_MAJOR_VERSION, SANDBOX_MINOR_VERSION + 1, 0));
}

/* Runs @which, asserts that it answered @expected_json, and answers the
 * request @server received for it. */
static TestRequest *
info_request (SandboxClient *client,
              TestServer    *server,
              TestInfo       which,
              TestMode       mode,
              const char    *expected_json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = run_get_info (client, which, mode, NULL, &error);

  g_assert_no_error (error);
  test_assert_json_equal (node, expected_json);
  return test_server_dup_last_request (server);
}

static void
test_info (ClientFixture *f,
           gconstpointer  data)
{
  static const struct { TestInfo which; const char *path; const char *json; } cases[] = {
    { TEST_INFO_SPECIFICATIONS, "/specifications/", TEST_SPECIFICATIONS_JSON },
    { TEST_INFO_USAGE, "/usages/", TEST_USAGE_JSON },
    { TEST_INFO_LIBRARIES, "/libraries/", TEST_LIBRARIES_JSON },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TestRequest) request = info_request (f->client, f->server, cases[i].which,
                                                     f->mode, cases[i].json);

      g_assert_cmpstr (request->method, ==, "GET");
      g_assert_cmpstr (request->path, ==, cases[i].path);
      g_assert_cmpstr (soup_message_headers_get_one (request->headers, "User-Agent"), ==,
                       "sandbox-api/" SANDBOX_VERSION_S);
    }
}

static void
test_base_urls (gconstpointer data)
{
  TestMode mode = TEST_MODE (data);
  g_autoptr(TestServer) server = test_server_new ();
  const char *url = test_server_get_url (server);
  g_autofree char *no_slash = g_strndup (url, strlen (url) - 1);
  g_autofree char *many_slashes = g_strconcat (url, "//", NULL);
  g_autofree char *prefix = test_server_get_url_with_path (server, "sandbox");
  g_autofree char *prefix_slash = test_server_get_url_with_path (server, "sandbox/");
  const char *bases[] = { url, no_slash, many_slashes, prefix, prefix_slash };
  const char *expected[] = {
    "/specifications/", "/specifications/", "/specifications/",
    "/sandbox/specifications/", "/sandbox/specifications/",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bases); i++)
    {
      g_autoptr(SandboxClient) client = test_client_new (bases[i]);
      g_autoptr(TestRequest) request = NULL;

      g_test_message ("base URL %s", bases[i]);
      request = info_request (client, server, TEST_INFO_SPECIFICATIONS, mode,
                              TEST_SPECIFICATIONS_JSON);
      g_assert_cmpstr (request->path, ==, expected[i]);
    }
}

static void
test_request_headers (ClientFixture *f,
                      gconstpointer  data)
{
  g_autoptr(SandboxClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TestRequest) request = NULL;

  client = g_initable_new (SANDBOX_TYPE_CLIENT, NULL, &error,
                           "base-url", test_server_get_url (f->server),
                           "user-agent", "my-grader/2.0",
                           NULL);
  g_assert_no_error (error);
  sandbox_client_set_request_header (client, "Authorization", "Token abc");

  request = info_request (client, f->server, TEST_INFO_USAGE, f->mode, TEST_USAGE_JSON);
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "User-Agent"), ==,
                   "my-grader/2.0");
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==,
                   "Token abc");
  g_clear_pointer (&request, test_request_free);

  /* Header names are case-insensitive: one header, the last value. */
  {
    g_autofree char *value = sandbox_client_dup_request_header (client, "AUTHORIZATION");

    g_assert_cmpstr (value, ==, "Token abc");
  }
  sandbox_client_set_request_header (client, "authorization", "Token def");
  request = info_request (client, f->server, TEST_INFO_USAGE, f->mode, TEST_USAGE_JSON);
  g_assert_cmpstr (soup_message_headers_get_list (request->headers, "Authorization"), ==,
                   "Token def");
  sandbox_client_set_request_header (client, "AuthoriZation", NULL);
  g_assert_null (sandbox_client_dup_request_header (client, "authorization"));
}

static void
test_download (ClientFixture *f,
               gconstpointer  data)
{
  g_autoptr(GBytes) expected_archive = test_environment_archive ();
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TestRequest) request = NULL;

  archive = run_download (f->client, TEST_UUID, NULL, f->mode, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (archive, expected_archive));
  request = test_server_dup_last_request (f->server);
  g_assert_cmpstr (request->path, ==, "/environments/" TEST_UUID "/");
  g_clear_pointer (&request, test_request_free);

  file = run_download (f->client, TEST_UUID, "dir/file1.txt", f->mode, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (file, NULL), g_bytes_get_size (file),
                   TEST_FILE_CONTENT, strlen (TEST_FILE_CONTENT));
  request = test_server_dup_last_request (f->server);
  g_assert_cmpstr (request->path, ==, "/files/" TEST_UUID "/dir/file1.txt/");
}

static void
test_download_not_found (ClientFixture *f,
                         gconstpointer  data)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = run_download (f->client, TEST_MISSING_UUID, NULL, f->mode, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==,
                   "Sandbox responded with status 404 (Not Found): "
                   "No environment with UUID '" TEST_MISSING_UUID "' found");
  g_clear_error (&error);

  bytes = run_download (f->client, TEST_UUID, "missing.txt", f->mode, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==,
                   "Sandbox responded with status 404 (Not Found): The file 'missing.txt' "
                   "could not be found in environment '" TEST_UUID "'");
}

static void
test_download_stream (ClientFixture *f,
                      gconstpointer  data)
{
  g_autoptr(GBytes) expected_archive = test_environment_archive ();
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) received = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  goffset size = 0;

  /* A stream is read in the context it was asked for in. */
  g_main_context_push_thread_default (context);
  stream = run_download_stream (f->client, TEST_UUID, NULL, &size, f->mode, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stream);
  g_assert_cmpint (size, ==, (goffset) g_bytes_get_size (expected_archive));

  g_output_stream_splice (out, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                          G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  received = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  g_assert_true (g_bytes_equal (received, expected_archive));

  g_clear_object (&stream);
  stream = run_download_stream (f->client, TEST_MISSING_UUID, NULL, &size, f->mode, NULL, &error);
  g_assert_null (stream);
  g_assert_cmpint (size, ==, -1);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND);
  g_main_context_pop_thread_default (context);
}

static void
test_download_stream_unknown_size (ClientFixture *f,
                                   gconstpointer  data)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) received = NULL;
  TestAnswer answer = {
    .status = 200, .content_type = "application/octet-stream", .mode = TEST_ANSWER_CHUNKED,
    .body = g_bytes_new_static ("chunked bytes", 13),
  };
  g_autoptr(GMainContext) context = g_main_context_new ();
  goffset size = 0;

  test_server_set_answer (f->server, "GET", "/files/" TEST_UUID "/a/", &answer);
  g_bytes_unref (answer.body);

  g_main_context_push_thread_default (context);
  stream = run_download_stream (f->client, TEST_UUID, "a", &size, f->mode, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (size, ==, -1);
  received = g_input_stream_read_bytes (stream, 1024, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (received, NULL), g_bytes_get_size (received),
                   "chunked bytes", 13);
  g_clear_object (&stream);
  g_main_context_pop_thread_default (context);
}

static void
test_check (ClientFixture *f,
            gconstpointer  data)
{
  g_autoptr(GBytes) archive = test_environment_archive ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TestRequest) request = NULL;

  g_assert_cmpint (run_check (f->client, TEST_UUID, NULL, f->mode, NULL, &error), ==,
                   (goffset) g_bytes_get_size (archive));
  g_assert_no_error (error);
  request = test_server_dup_last_request (f->server);
  g_assert_cmpstr (request->method, ==, "HEAD");
  g_assert_cmpstr (request->path, ==, "/environments/" TEST_UUID "/");

  g_assert_cmpint (run_check (f->client, TEST_UUID, "dir/file1.txt", f->mode, NULL, &error), ==,
                   (goffset) strlen (TEST_FILE_CONTENT));
  g_assert_no_error (error);

  /* 404, with the body the real server sends even to HEAD: not there, no error. */
  g_assert_cmpint (run_check (f->client, TEST_MISSING_UUID, NULL, f->mode, NULL, &error), ==, -1);
  g_assert_no_error (error);
  g_assert_cmpint (run_check (f->client, TEST_UUID, "nope.txt", f->mode, NULL, &error), ==, -1);
  g_assert_no_error (error);
}

/* From now on, empty.txt is an empty file of TEST_UUID. */
static void
add_empty_file (TestServer *server)
{
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  TestAnswer answer = { .status = 200, .mode = TEST_ANSWER_NORMAL, .body = empty,
                        .content_type = "application/octet-stream" };

  test_server_set_answer (server, "HEAD", "/files/" TEST_UUID "/empty.txt/", &answer);
}

/* From now on, a check of TEST_UUID is answered 503, and not retried. */
static void
make_check_busy (TestServer    *server,
                 SandboxClient *client)
{
  g_autoptr(GBytes) busy = g_bytes_new_static ("busy", 4);
  TestAnswer answer = { .status = 503, .mode = TEST_ANSWER_EOF, .body = busy };

  sandbox_client_set_max_retries (client, 0);
  test_server_set_answer (server, "HEAD", "/environments/" TEST_UUID "/", &answer);
}

/* An empty file is there: 0, not the -1 of a missing one. */
static void
test_check_empty (ClientFixture *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  add_empty_file (f->server);
  g_assert_cmpint (run_check (f->client, TEST_UUID, "empty.txt", f->mode, NULL, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (test_server_get_n_requests (f->server), ==, 1);
}

/* The deprecated check keeps 1.0's contract: the size, 0 for an empty
 * file and for one that is not there, -1 with the error set on a failure. */
static void
test_check_1_0 (ClientFixture *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (run_check_1_0 (f->client, TEST_UUID, "dir/file1.txt", f->mode, NULL, &error),
                   ==, (goffset) strlen (TEST_FILE_CONTENT));
  g_assert_no_error (error);

  add_empty_file (f->server);
  g_assert_cmpint (run_check_1_0 (f->client, TEST_UUID, "empty.txt", f->mode, NULL, &error),
                   ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (run_check_1_0 (f->client, TEST_MISSING_UUID, NULL, f->mode, NULL, &error),
                   ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (run_check_1_0 (f->client, "not-a-uuid", NULL, f->mode, NULL, &error), ==, 0);
  g_assert_no_error (error);

  make_check_busy (f->server, f->client);
  g_assert_cmpint (run_check_1_0 (f->client, TEST_UUID, NULL, f->mode, NULL, &error), ==, -1);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_SERVICE_UNAVAILABLE);
}

static void
test_check_errors (ClientFixture *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  /* The 503 itself, not a retry of it. */
  make_check_busy (f->server, f->client);

  g_assert_cmpint (run_check (f->client, TEST_UUID, NULL, f->mode, NULL, &error), ==, -2);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_SERVICE_UNAVAILABLE);
  g_assert_true (g_str_has_prefix (error->message,
                                   "Sandbox responded with status 503 (Service Unavailable)"));
  g_clear_error (&error);

  /* A cancelled check is a failure too, not an answer about the file. */
  g_cancellable_cancel (cancellable);
  g_assert_cmpint (run_check (f->client, TEST_UUID, "dir/file1.txt", f->mode, cancellable, &error),
                   ==, -2);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_execute_basic (ClientFixture *f,
                    gconstpointer  data)
{
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(TestRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) expected_expire = NULL;
  g_autoptr(SandboxCommandResult) result = NULL;
  GListModel *commands;

  execution = run_execute (f->client, f->config, NULL, f->mode, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (execution);

  g_assert_cmpint (sandbox_execution_get_status (execution), ==, SANDBOX_STATUS_SUCCESS);
  g_assert_cmpfloat_with_epsilon (sandbox_execution_get_total_time (execution), 0.2871, 1e-9);
  g_assert_cmpstr (sandbox_execution_get_result (execution), ==, "4\n");
  g_assert_cmpstr (sandbox_execution_get_environment (execution), ==, TEST_UUID);
  expected_expire = g_date_time_new_from_iso8601 ("2019-07-06T13:05:35.123456+00:00", NULL);
  g_assert_true (g_date_time_equal (sandbox_execution_get_expire (execution), expected_expire));

  commands = sandbox_execution_get_commands (execution);
  g_assert_cmpuint (g_list_model_get_n_items (commands), ==, 1);
  g_assert_true (g_list_model_get_item_type (commands) == SANDBOX_TYPE_COMMAND_RESULT);
  result = g_list_model_get_item (commands, 0);
  g_assert_cmpstr (sandbox_command_result_get_command (result), ==, "echo $((2+2))");
  g_assert_cmpint (sandbox_command_result_get_exit_code (result), ==, 0);
  g_assert_cmpstr (sandbox_command_result_get_stdout (result), ==, "4");
  g_assert_cmpstr (sandbox_command_result_get_stderr (result), ==, "");
  g_assert_cmpfloat_with_epsilon (sandbox_command_result_get_time (result), 0.2858, 1e-9);

  request = test_server_dup_last_request (f->server);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, "/execute/");
  g_assert_cmpint (soup_message_headers_get_encoding (request->headers), ==,
                   SOUP_ENCODING_CONTENT_LENGTH);
}

static void
test_execute_invalid_config (ClientFixture *f,
                             gconstpointer  data)
{
  g_autoptr(SandboxConfig) config = sandbox_config_new ();
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GError) error = NULL;

  execution = run_execute (f->client, config, NULL, f->mode, NULL, &error);
  g_assert_null (execution);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG);
  g_assert_cmpstr (error->message, ==, "commands must be a non-empty array, not an empty one");
  g_assert_cmpuint (test_server_get_n_requests (f->server), ==, 0);
}

/* Ids and paths that the server's routes cannot match are answered
 * without a request; those that can are percent-encoded segment by
 * segment, so that nothing can add a query, a fragment, a header or a
 * segment. */
static void
test_hostile_ids_and_paths (ClientFixture *f,
                            gconstpointer  data)
{
  static const char * const bad_ids[] = {
    "..", "../specifications", "E8C5995B-7049-4B04-8440-5D9D914360FC", TEST_UUID "/..",
    TEST_UUID "?x=1", TEST_UUID "#top", TEST_UUID "\r\nX-Injected: 1", "", "not-a-uuid",
    "e8c5995b-7049-4b04-8440-5d9d914360f%",
  };
  static const char * const bad_paths[] = {
    "..", "../x", "dir/../../x", "./x", "dir/./x", "", "/abs", "dir//x", "dir/",
  };
  /* The server decodes the path it receives: a character the client did
   * not escape would have cut the path (?, #), broken the request (CR LF)
   * or failed to decode (%). sandbox_url_for_environment()'s exact output is
   * checked in test-url. */
  static const struct { const char *path; const char *received; } good_paths[] = {
    { "a b.txt", "/files/" TEST_UUID "/a b.txt/" },
    { "100%.txt", "/files/" TEST_UUID "/100%.txt/" },
    { "what?.txt", "/files/" TEST_UUID "/what?.txt/" },
    { "hash#tag", "/files/" TEST_UUID "/hash#tag/" },
    { "line\r\nX-Injected: 1", "/files/" TEST_UUID "/line\r\nX-Injected: 1/" },
    { "..x/x..", "/files/" TEST_UUID "/..x/x../" },
    { "dir/sub dir/f", "/files/" TEST_UUID "/dir/sub dir/f/" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_ids); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;

      g_test_message ("environment id '%s'", bad_ids[i]);
      bytes = run_download (f->client, bad_ids[i], NULL, f->mode, NULL, &error);
      g_assert_null (bytes);
      g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND);
      g_assert_null (strchr (error->message, '\n'));
      g_clear_error (&error);
      g_assert_cmpint (run_check (f->client, bad_ids[i], "x", f->mode, NULL, &error), ==, -1);
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_paths); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GInputStream) stream = NULL;

      g_test_message ("path '%s'", bad_paths[i]);
      stream = run_download_stream (f->client, TEST_UUID, bad_paths[i], NULL, f->mode, NULL, &error);
      g_assert_null (stream);
      g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND);
      g_clear_error (&error);
      g_assert_cmpint (run_check (f->client, TEST_UUID, bad_paths[i], f->mode, NULL, &error), ==, -1);
      g_assert_no_error (error);
    }

  g_assert_cmpuint (test_server_get_n_requests (f->server), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (good_paths); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TestRequest) request = NULL;

      g_assert_cmpint (run_check (f->client, TEST_UUID, good_paths[i].path, f->mode, NULL, &error),
                       ==, -1);
      g_assert_no_error (error);
      request = test_server_dup_last_request (f->server);
      g_assert_cmpstr (request->path, ==, good_paths[i].received);
      g_assert_null (request->query);
      g_assert_null (soup_message_headers_get_one (request->headers, "X-Injected"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/new/invalid-urls", test_new_invalid_urls);
  g_test_add_func ("/client/properties", test_properties);
  g_test_add_func ("/client/version-macros", test_version_macros);
  test_add_client_both_modes ("/client/info", test_info);
  test_add_both_modes ("/client/base-urls", test_base_urls);
  test_add_client_both_modes ("/client/request-headers", test_request_headers);
  test_add_client_both_modes ("/client/download", test_download);
  test_add_client_both_modes ("/client/download/not-found", test_download_not_found);
  test_add_client_both_modes ("/client/download-stream", test_download_stream);
  test_add_client_both_modes ("/client/download-stream/unknown-size", test_download_stream_unknown_size);
  test_add_client_both_modes ("/client/check", test_check);
  test_add_client_both_modes ("/client/check/empty", test_check_empty);
  test_add_client_both_modes ("/client/check/errors", test_check_errors);
  test_add_client_both_modes ("/client/check/1.0", test_check_1_0);
  test_add_client_both_modes ("/client/execute", test_execute_basic);
  test_add_client_both_modes ("/client/execute/invalid-config", test_execute_invalid_config);
  test_add_client_both_modes ("/client/hostile-ids-and-paths", test_hostile_ids_and_paths);

  return g_test_run ();
}
