/* test-server-protocol.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "server-test-utils.h"

/* sandbox-server's HTTP surface: routes, 404 and 405 answers, the JSON
 * endpoints' shapes, and execute/'s validation answers (docs/protocol.md). */

#define DJANGO_404 \
  "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Not Found</title>\n" \
  "</head>\n<body>\n  <h1>Not Found</h1><p>The requested resource was not " \
  "found on this server.</p>\n</body>\n</html>\n"
#define DJANGO_400 \
  "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Bad Request (400)" \
  "</title>\n</head>\n<body>\n  <h1>Bad Request (400)</h1><p></p>\n</body>\n" \
  "</html>\n"
#define SOME_UUID "0b5c3c2e-5d6a-4e0f-9a8b-1c2d3e4f5a6b"

static TestServer *server;

static void
assert_json_answer (TestResponse *response)
{
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_content_type (response->headers,
                                                          NULL),
                   ==, "application/json");
  test_assert_closing (response);
  g_assert_nonnull (response->json);
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return json_object_get_object_member (object, name);
}

static void
test_specifications (void)
{
  g_autoptr(TestResponse) response = test_request (server, "GET",
                                                   "specifications/");
  JsonObject *root, *host, *cpu, *memory, *container;

  assert_json_answer (response);
  /* Python's separators, members in the real server's order. */
  g_assert_true (g_str_has_prefix (response->text, "{\"host\": {\"cpu\": {\"core\": "));

  root = json_node_get_object (response->json);
  host = member_object (root, "host");
  cpu = member_object (host, "cpu");
  g_assert_cmpint (json_object_get_int_member (cpu, "logical"), >=, 1);
  g_assert_cmpint (json_object_get_int_member (cpu, "core"), >=, 1);
  g_assert_cmpint (json_object_get_int_member (cpu, "core"), <=,
                   json_object_get_int_member (cpu, "logical"));
  g_assert_true (json_node_get_value_type (json_object_get_member (cpu, "freq_min"))
                 == G_TYPE_DOUBLE);
  g_assert_true (json_node_get_value_type (json_object_get_member (cpu, "freq_max"))
                 == G_TYPE_DOUBLE);
  memory = member_object (host, "memory");
  g_assert_cmpint (json_object_get_int_member (memory, "ram"), >, 0);
  g_assert_cmpint (json_object_get_int_member (memory, "swap"), >=, 0);
  member_object (memory, "storage");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (host, "isolation"),
                                   "bubblewrap"));
  g_assert_cmpstr (json_object_get_string_member (host, "sandbox_version"), ==,
                   PACKAGE_VERSION);

  container = member_object (root, "container");
  g_assert_cmpint (json_object_get_int_member (container, "count"), ==, 2);
  member_object (container, "cpu");
  g_assert_cmpint (json_object_get_int_member (member_object (container, "memory"),
                                               "ram"), ==, 512 * 1024 * 1024);
  g_assert_cmpuint (json_object_get_size (member_object (container, "io")), ==, 4);
  g_assert_cmpint (json_object_get_int_member (container, "process"), ==, 100);
  g_assert_true (json_object_has_member (container, "working_dir_device"));
  g_assert_cmpfloat (json_object_get_double_member (member_object (container,
                                                                   "limits"),
                                                    "execute_timeout"), ==, 3.0);
}

static void
test_usages (void)
{
  g_autoptr(TestResponse) response = test_request (server, "GET", "usages/");
  JsonObject *root, *cpu, *network;

  assert_json_answer (response);
  root = json_node_get_object (response->json);
  cpu = member_object (root, "cpu");
  g_assert_cmpfloat (json_object_get_double_member (cpu, "usage"), >=, 0.0);
  g_assert_cmpfloat (json_object_get_double_member (cpu, "usage"), <=, 1.0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (cpu,
                                                                         "usage_avg")),
                    ==, 3);
  g_assert_cmpint (json_object_get_int_member (member_object (root, "memory"),
                                               "ram"), >, 0);
  g_assert_cmpuint (json_object_get_size (member_object (root, "io")), ==, 4);
  network = member_object (root, "network");
  g_assert_true (json_object_has_member (network, "sent_bytes"));
  g_assert_true (json_object_has_member (network, "received_packets"));
  g_assert_cmpint (json_object_get_int_member (root, "process"), >, 1);
  g_assert_cmpint (json_object_get_int_member (root, "container"), ==, 0);
}

static void
test_libraries (void)
{
  g_autoptr(TestResponse) response = test_request (server, "GET",
                                                   "libraries/");
  JsonObject *root, *libraries;
  JsonArray *bin;
  gboolean has_bash = FALSE;

  assert_json_answer (response);
  root = json_node_get_object (response->json);
  libraries = member_object (root, "libraries");
  member_object (libraries, "system");
  member_object (libraries, "python");
  member_object (libraries, "perl");
  member_object (libraries, "c");
  if (g_file_test ("/var/lib/dpkg/status", G_FILE_TEST_EXISTS))
    g_assert_true (json_object_has_member (member_object (libraries, "system"),
                                           "bash"));

  bin = json_object_get_array_member (root, "bin");
  for (guint i = 0; i < json_array_get_length (bin); i++)
    has_bash |= g_strcmp0 (json_array_get_string_element (bin, i), "bash") == 0;
  g_assert_true (has_bash);
}

static void
test_not_found (void)
{
  const char *paths[] = {
    "specifications",
    "usages",
    "execute",
    "nothing/",
    "environments/" SOME_UUID,
    "environments/0B5C3C2E-5D6A-4E0F-9A8B-1C2D3E4F5A6B/",
    "environments/not-a-uuid/",
    "environments/0b5c3c2e5d6a4e0f9a8b1c2d3e4f5a6b/",
    "files/" SOME_UUID "//",
    "files/" SOME_UUID "/x",
    "files/not-a-uuid/x/",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(TestResponse) response = test_request (server, "GET", paths[i]);

      g_test_message ("GET %s", paths[i]);
      g_assert_cmpuint (response->status, ==, SOUP_STATUS_NOT_FOUND);
      g_assert_cmpstr (soup_message_headers_get_one (response->headers,
                                                     "Content-Type"),
                       ==, "text/html");
      g_assert_cmpstr (response->text, ==, DJANGO_404);
    }
}

static void
test_method_not_allowed (void)
{
  const struct { const char *method, *path, *allow; } cases[] = {
    { "POST", "specifications/", "GET, HEAD, OPTIONS" },
    { "PUT", "usages/", "GET, HEAD, OPTIONS" },
    { "DELETE", "libraries/", "GET, HEAD, OPTIONS" },
    { "POST", "environments/" SOME_UUID "/", "GET, HEAD, OPTIONS" },
    { "PATCH", "files/" SOME_UUID "/a/", "GET, HEAD, OPTIONS" },
    { "GET", "execute/", "POST, OPTIONS" },
    { "HEAD", "execute/", "POST, OPTIONS" },
    { "PUT", "execute/", "POST, OPTIONS" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TestResponse) response = test_request (server, cases[i].method,
                                                       cases[i].path);

      g_test_message ("%s %s", cases[i].method, cases[i].path);
      g_assert_cmpuint (response->status, ==, SOUP_STATUS_METHOD_NOT_ALLOWED);
      g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Allow"),
                       ==, cases[i].allow);
      g_assert_cmpuint (g_bytes_get_size (response->body), ==, 0);
    }
}

static void
test_options (void)
{
  g_autoptr(TestResponse) execute = test_request (server, "OPTIONS", "execute/");
  g_autoptr(TestResponse) specs = test_request (server, "OPTIONS",
                                                "specifications/");

  g_assert_cmpuint (execute->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_one (execute->headers, "Allow"),
                   ==, "POST, OPTIONS");
  g_assert_cmpuint (specs->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_one (specs->headers, "Allow"),
                   ==, "GET, HEAD, OPTIONS");
}

static void
test_unknown_environment (void)
{
  g_autoptr(TestResponse) env = test_request (server, "GET",
                                              "environments/" SOME_UUID "/");
  g_autoptr(TestResponse) head = test_request (server, "HEAD",
                                               "environments/" SOME_UUID "/");
  g_autoptr(TestResponse) file = test_request (server, "GET",
                                               "files/" SOME_UUID "/a/b.txt/");

  test_assert_text_answer (env, SOUP_STATUS_NOT_FOUND,
                           "No environment with UUID '" SOME_UUID "' found");
  g_assert_cmpuint (head->status, ==, SOUP_STATUS_NOT_FOUND);
  test_assert_text_answer (file, SOUP_STATUS_NOT_FOUND,
                           "No environment with UUID '" SOME_UUID "' found");
}

typedef struct
{
  const char *config;
  guint       status;
  const char *body;
} ValidationCase;

static const ValidationCase validation_cases[] = {
  { "[]", 400, "config must be an object, not <class 'list'>" },
  { "1", 400, "config must be an object, not <class 'int'>" },
  { "1.5", 400, "config must be an object, not <class 'float'>" },
  { "\"text\"", 400, "config must be an object, not <class 'str'>" },
  { "true", 400, "config must be an object, not <class 'bool'>" },
  { "null", 400, "config must be an object, not <class 'NoneType'>" },
  { "{}", 400, "Missing field 'commands' in config" },
  { "{\"commands\": \"ls\"}", 400, "commands must be a list, not <class 'str'>" },
  { "{\"commands\": {}}", 400, "commands must be a list, not <class 'dict'>" },
  { "{\"commands\": null}", 400, "commands must be a list, not <class 'NoneType'>" },
  { "{\"commands\": [], \"environ\": 1}", 400,
    "environ must be an object, not <class 'int'>" },
  { "{\"commands\": [\"ls\"], \"environ\": [\"A=1\"]}", 400,
    "environ must be an object, not <class 'list'>" },
  { "{\"commands\": []}", 400, "Command list cannot be empty" },
  { "{\"commands\": [1]}", 400, "Command badly formatted : '1'" },
  { "{\"commands\": [null]}", 400, "Command badly formatted : 'None'" },
  { "{\"commands\": [\"ls\", [\"a\", true, 2.5]]}", 400,
    "Command badly formatted : '['a', True, 2.5]'" },
  { "{\"commands\": [{\"command\": \"ls\", \"timeout\": \"1\"}]}", 400,
    "Command badly formatted : '{'command': 'ls', 'timeout': '1'}'" },
  { "{\"commands\": [{\"command\": 1}]}", 400,
    "Command badly formatted : '{'command': 1}'" },
  { "{\"commands\": [{\"timeout\": 1}]}", 400,
    "Command badly formatted : '{'timeout': 1}'" },
  { "{\"commands\": [{\"command\": \"ls\", \"timeout\": null}]}", 400,
    "Command badly formatted : '{'command': 'ls', 'timeout': None}'" },
  { "{\"commands\": [{\"command\": \"it's\", \"other\": 1}]}", 400,
    "Command badly formatted : '{'command': \"it's\", 'other': 1}'" },
  { "{\"commands\": [1], \"save\": \"no\"}", 400,
    "Command badly formatted : '1'" },
  { "{\"commands\": [\"ls\"], \"result_path\": 1}", 400,
    "result_path must be a string, not <class 'int'>" },
  { "{\"commands\": [\"ls\"], \"result_path\": null}", 400,
    "result_path must be a string, not <class 'NoneType'>" },
  { "{\"commands\": [\"ls\"], \"result_path\": \"r\", \"save\": \"yes\"}", 400,
    "save must be a boolean, not <class 'str'>" },
  { "{\"commands\": [\"ls\"], \"save\": 1}", 400,
    "save must be a boolean, not <class 'int'>" },
  { "{\"commands\": [\"ls\"], \"save\": null}", 400,
    "save must be a boolean, not <class 'NoneType'>" },
  { "{\"commands\": [\"ls\"], \"environment\": \"" SOME_UUID "\"}", 404,
    "No environment with UUID '" SOME_UUID "' found" },
  /* The saved environment is looked up before the commands. */
  { "{\"environment\": \"" SOME_UUID "\"}", 404,
    "No environment with UUID '" SOME_UUID "' found" },
  { "{\"commands\": 1, \"environment\": \"0B5C3C2E-5D6A-4E0F-9A8B-1C2D3E4F5A6B\"}",
    404, "No environment with UUID '0B5C3C2E-5D6A-4E0F-9A8B-1C2D3E4F5A6B' found" },
  { "{\"commands\": [\"ls\"], \"environment\": 12}", 404,
    "No environment with UUID '12' found" },
  { "{\"commands\": [\"ls\"], \"environment\": \"../../etc/passwd\"}", 404,
    "No environment with UUID '../../etc/passwd' found" },
};

static void
test_validation (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (validation_cases); i++)
    {
      const ValidationCase *c = &validation_cases[i];
      g_autoptr(TestResponse) response = test_execute (server, c->config, NULL);

      g_test_message ("config: %s", c->config);
      test_assert_text_answer (response, c->status, c->body);
    }
}

static void
test_invalid_json (void)
{
  const char *configs[] = { "", "{", "{\"commands\": [\"ls\"]", "nope", "{'a': 1}" };

  for (gsize i = 0; i < G_N_ELEMENTS (configs); i++)
    {
      g_autoptr(TestResponse) response = test_execute (server, configs[i], NULL);

      g_test_message ("config: %s", configs[i]);
      test_assert_text_answer (response, SOUP_STATUS_BAD_REQUEST, NULL);
      g_assert_true (g_str_has_prefix (response->text,
                                       "'config' json is invalid - "));
      g_assert_cmpuint (strlen (response->text), >,
                        strlen ("'config' json is invalid - "));
    }
}

static TestResponse *
post_raw (const char *content_type,
          GBytes     *body,
          gboolean    chunked)
{
  g_autofree char *url = test_server_url (server, "execute/");
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);

  if (chunked)
    {
      g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (body);

      soup_message_set_request_body (msg, content_type, stream, -1);
    }
  else if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);

  return test_send (server, msg);
}

static void
test_missing_config (void)
{
  g_autoptr(SoupMultipart) multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  g_autoptr(SoupMultipart) as_file = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  g_autoptr(GBytes) config = g_bytes_new_static ("{\"commands\": [\"ls\"]}", 20);
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) json = g_bytes_new_static ("{\"commands\": [\"ls\"]}", 20);
  TestResponse *response;

  /* No body at all. */
  response = post_raw (NULL, NULL, FALSE);
  test_assert_text_answer (response, 400, "Missing argument 'config'");
  test_response_free (response);

  /* Another field only. */
  soup_multipart_append_form_string (multipart, "conf", "{\"commands\": [\"ls\"]}");
  soup_multipart_to_message (multipart, headers, &body);
  response = post_raw (soup_message_headers_get_one (headers, "Content-Type"),
                       body, FALSE);
  test_assert_text_answer (response, 400, "Missing argument 'config'");
  test_response_free (response);

  /* The right body, sent chunked: read as empty. */
  soup_multipart_free (multipart);
  multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  soup_multipart_append_form_string (multipart, "config", "{\"commands\": [\"ls\"]}");
  g_clear_pointer (&body, g_bytes_unref);
  soup_multipart_to_message (multipart, headers, &body);
  response = post_raw (soup_message_headers_get_one (headers, "Content-Type"),
                       body, TRUE);
  test_assert_text_answer (response, 400, "Missing argument 'config'");
  test_response_free (response);

  /* And with a length: accepted. */
  response = post_raw (soup_message_headers_get_one (headers, "Content-Type"),
                       body, FALSE);
  g_assert_cmpuint (response->status, ==, 200);
  test_response_free (response);

  /* config as a file part is not a field. */
  soup_multipart_append_form_file (as_file, "config", "config.json",
                                   "application/json", config);
  g_clear_pointer (&body, g_bytes_unref);
  soup_multipart_to_message (as_file, headers, &body);
  response = post_raw (soup_message_headers_get_one (headers, "Content-Type"),
                       body, FALSE);
  test_assert_text_answer (response, 400, "Missing argument 'config'");
  test_response_free (response);

  /* A JSON body is not a form. */
  response = post_raw ("application/json", json, FALSE);
  test_assert_text_answer (response, 400, "Missing argument 'config'");
  test_response_free (response);
}

static void
test_urlencoded (void)
{
  g_autofree char *url = test_server_url (server, "execute/");
  g_autofree char *form = soup_form_encode ("config",
                                            "{\"commands\": [\"echo a+b=$((1+2))\"]}",
                                            NULL);
  g_autoptr(SoupMessage) msg = soup_message_new_from_encoded_form ("POST", url,
                                                                   g_steal_pointer (&form));
  g_autoptr(TestResponse) response = test_send (server, msg);
  JsonObject *entry = test_execution_entry (response, 0);

  g_assert_cmpstr (json_object_get_string_member (entry, "stdout"), ==, "a+b=3");
}

static void
test_environment_as_field (void)
{
  g_autofree char *url = test_server_url (server, "execute/");
  g_autoptr(SoupMultipart) multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(TestResponse) response = NULL;

  soup_multipart_append_form_string (multipart, "config",
                                     "{\"commands\": [\"ls -A | wc -l\"]}");
  soup_multipart_append_form_string (multipart, "environment", "not an archive");
  msg = soup_message_new_from_multipart (url, multipart);
  response = test_send (server, msg);

  g_assert_cmpstr (json_object_get_string_member (test_execution_entry (response, 0),
                                                  "stdout"), ==, "0");
}

static void
test_config_too_large (void)
{
  GString *config = g_string_new ("{\"commands\": [\"true\"], \"environ\": {\"A\": \"");
  g_autoptr(TestResponse) response = NULL;

  while (config->len < 2621440)
    g_string_append (config, "0123456789abcdef");
  g_string_append (config, "\"}");
  response = test_execute (server, config->str, NULL);
  g_string_free (config, TRUE);

  g_assert_cmpuint (response->status, ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpstr (response->text, ==, DJANGO_400);
  g_assert_nonnull (strstr (response->text, "<h1>Bad Request (400)</h1>"));
}

static void
test_config_not_utf8 (void)
{
  g_autoptr(TestResponse) response =
    test_execute (server, "{\"commands\": [\"echo \xff\"]}", NULL);

  /* Decoded with replacement, as Django does. */
  g_assert_cmpstr (json_object_get_string_member (test_execution_entry (response, 0),
                                                  "stdout"), ==, "\xef\xbf\xbd");
}

static gint slow_done;

static gpointer
slow_execute (gpointer data)
{
  TestServer *s = data;
  TestResponse *response = test_execute (s, "{\"commands\": [\"sleep 2\"]}", NULL);

  g_atomic_int_set (&slow_done, TRUE);
  return response;
}

/* An execution runs off the main loop: other requests proceed. */
static void
test_not_blocking (void)
{
  g_autoptr(TestResponse) slow = NULL;
  GThread *thread = g_thread_new ("slow", slow_execute, server);

  g_usleep (300 * 1000);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(TestResponse) specs = test_request (server, "GET", "specifications/");
      g_autoptr(TestResponse) quick = test_execute (server,
                                                    "{\"commands\": [\"echo quick\"]}",
                                                    NULL);

      g_assert_cmpuint (specs->status, ==, 200);
      g_assert_cmpstr (json_object_get_string_member (test_execution_entry (quick, 0),
                                                      "stdout"), ==, "quick");
    }
  /* All answered while the slow command was still running. */
  g_assert_false (g_atomic_int_get (&slow_done));

  slow = g_thread_join (thread);
  g_assert_cmpint (json_object_get_int_member (test_response_object (slow),
                                               "status"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/protocol/specifications", test_specifications);
  g_test_add_func ("/server/protocol/usages", test_usages);
  g_test_add_func ("/server/protocol/libraries", test_libraries);
  g_test_add_func ("/server/protocol/not-found", test_not_found);
  g_test_add_func ("/server/protocol/method-not-allowed", test_method_not_allowed);
  g_test_add_func ("/server/protocol/options", test_options);
  g_test_add_func ("/server/protocol/unknown-environment", test_unknown_environment);
  g_test_add_func ("/server/protocol/validation", test_validation);
  g_test_add_func ("/server/protocol/invalid-json", test_invalid_json);
  g_test_add_func ("/server/protocol/missing-config", test_missing_config);
  g_test_add_func ("/server/protocol/urlencoded", test_urlencoded);
  g_test_add_func ("/server/protocol/environment-as-field", test_environment_as_field);
  g_test_add_func ("/server/protocol/config-too-large", test_config_too_large);
  g_test_add_func ("/server/protocol/config-not-utf8", test_config_not_utf8);
  g_test_add_func ("/server/protocol/not-blocking", test_not_blocking);

  return launched_server_run_tests (&server, "--slots=2", "--timeout=3", "--usage-interval=0.05",
                                    "--memory-limit=512M", "--processes=100", NULL);
}
