/* test-integration.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "sandbox-server-launcher.h"
#include "test-archive.h"
#include "test-util.h"

/* The library against the real local sandbox-server: every operation for
 * real, the commands run in the server's sandboxes. */

#define MISSING_UUID "00000000-0000-4000-8000-000000000000"

static LaunchedServer *server;

/* A client of the shared server, the mode to call it in, and an empty
 * configuration. */
typedef struct
{
  TestMode       mode;
  SandboxClient *client;
  SandboxConfig *config;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->mode = TEST_MODE (data);
  f->client = test_client_new (launched_server_get_url (server));
  f->config = sandbox_config_new ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->config);
  g_clear_object (&f->client);
}

static void
add_test (const char *path,
          TestMode    mode,
          void      (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, GINT_TO_POINTER (mode), fixture_set_up, func, fixture_tear_down);
}

/* Registers @func as /sync@path and /async@path. */
static void
add_test_both_modes (const char *path,
                     void      (*func) (Fixture *, gconstpointer))
{
  g_autofree char *sync_path = g_strconcat ("/sync", path, NULL);
  g_autofree char *async_path = g_strconcat ("/async", path, NULL);

  add_test (sync_path, TEST_MODE_SYNC, func);
  add_test (async_path, TEST_MODE_ASYNC, func);
}

static GInputStream *
archive_stream (const char * const *entries)
{
  g_autoptr(GBytes) archive = test_archive_new_tgz (entries);

  return g_memory_input_stream_new_from_bytes (archive);
}

/* The result of the command at @position, a new reference. */
static SandboxCommandResult *
command_at (SandboxExecution *execution,
            guint             position)
{
  GListModel *commands = sandbox_execution_get_commands (execution);

  g_assert_cmpuint (position, <, g_list_model_get_n_items (commands));
  return g_list_model_get_item (commands, position);
}

static guint
n_commands (SandboxExecution *execution)
{
  return g_list_model_get_n_items (sandbox_execution_get_commands (execution));
}

static SandboxExecution *
execute_ok (SandboxClient *client,
            SandboxConfig *config,
            GInputStream  *archive,
            TestMode       mode)
{
  g_autoptr(GError) error = NULL;
  SandboxExecution *execution = run_execute (client, config, archive, mode, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (execution);
  return execution;
}

/* The members of a gzip'd tar archive: name -> content. */
static GHashTable *
read_tgz (GBytes *archive)
{
  g_autoptr(GBytes) tar = test_gunzip (archive);
  GHashTable *members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) g_bytes_unref);
  const guint8 *data;
  gsize size, offset = 0;

  data = g_bytes_get_data (tar, &size);

  while (offset + 512 <= size && data[offset] != '\0')
    {
      const char *header = (const char *) data + offset;
      g_autofree char *name = g_strndup (header, 100);
      g_autofree char *prefix = g_strndup (header + 345, 155);
      gsize member_size = g_ascii_strtoull (header + 124, NULL, 8);
      char type = header[156];

      if ((type == '0' || type == '\0') && offset + 512 + member_size <= size)
        {
          char *full_name = *prefix != '\0' ? g_strconcat (prefix, "/", name, NULL)
                                            : g_strdup (name);

          g_hash_table_replace (members, full_name,
                                g_bytes_new_from_bytes (tar, offset + 512, member_size));
        }
      offset += 512 + (member_size + 511) / 512 * 512;
    }

  return members;
}

static void
assert_bytes_text (GBytes     *bytes,
                   const char *text)
{
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   text, strlen (text));
}

static void
test_execute_plain (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(SandboxCommandResult) result = NULL;

  sandbox_config_add_command (f->config, "echo $((2+2))", FALSE);
  execution = execute_ok (f->client, f->config, NULL, f->mode);
  result = command_at (execution, 0);
  g_assert_cmpint (sandbox_execution_get_status (execution), ==, SANDBOX_STATUS_SUCCESS);
  g_assert_cmpuint (n_commands (execution), ==, 1);
  g_assert_cmpstr (sandbox_command_result_get_command (result), ==, "echo $((2+2))");
  g_assert_cmpint (sandbox_command_result_get_exit_code (result), ==, 0);
  g_assert_cmpstr (sandbox_command_result_get_stdout (result), ==, "4");
  g_assert_cmpstr (sandbox_command_result_get_stderr (result), ==, "");
  g_assert_cmpfloat (sandbox_command_result_get_time (result), >, 0);
  g_assert_cmpfloat (sandbox_execution_get_total_time (execution), >=,
                     sandbox_command_result_get_time (result));
  g_assert_null (sandbox_execution_get_result (execution));
  g_assert_null (sandbox_execution_get_environment (execution));
  g_assert_null (sandbox_execution_get_expire (execution));
}

static void
test_execute_archive (Fixture       *f,
                      gconstpointer  data)
{
  static const char * const entries[] = {
    "hello.txt", "Hello from the archive\n",
    "dir/data.txt", "1 2 3\n",
    NULL,
  };
  g_autoptr(GInputStream) archive = archive_stream (entries);
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(SandboxCommandResult) first = NULL;
  g_autoptr(SandboxCommandResult) second = NULL;

  sandbox_config_add_command (f->config, "cat hello.txt", FALSE);
  sandbox_config_add_command (f->config, "wc -w < dir/data.txt; echo oops >&2", FALSE);
  execution = execute_ok (f->client, f->config, archive, f->mode);

  g_assert_cmpint (sandbox_execution_get_status (execution), ==, 0);
  first = command_at (execution, 0);
  g_assert_cmpstr (sandbox_command_result_get_stdout (first), ==, "Hello from the archive");
  second = command_at (execution, 1);
  g_assert_cmpstr (sandbox_command_result_get_stdout (second), ==, "3");
  g_assert_cmpstr (sandbox_command_result_get_stderr (second), ==, "oops");
}

static void
test_saved_environment (Fixture       *f,
                        gconstpointer  data)
{
  static const char * const first_entries[] = {
    "a.txt", "A\n",
    "b.txt", "B from the first run\n",
    NULL,
  };
  static const char * const second_entries[] = {
    "b.txt", "B from the upload\n",
    "c.txt", "C\n",
    NULL,
  };
  g_autoptr(SandboxConfig) save_config = sandbox_config_new ();
  g_autoptr(SandboxConfig) merge_config = sandbox_config_new ();
  g_autoptr(GInputStream) first_archive = archive_stream (first_entries);
  g_autoptr(GInputStream) second_archive = archive_stream (second_entries);
  g_autoptr(SandboxExecution) saved = NULL;
  g_autoptr(SandboxExecution) merged = NULL;
  g_autoptr(SandboxCommandResult) result = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GBytes) whole = NULL;
  g_autoptr(GHashTable) members = NULL;
  g_autoptr(GError) error = NULL;
  const char *environment;
  goffset size;

  sandbox_config_add_command (save_config, "echo made > made.txt && : > empty.txt", FALSE);
  sandbox_config_set_save (save_config, TRUE);
  saved = execute_ok (f->client, save_config, first_archive, f->mode);
  g_assert_cmpint (sandbox_execution_get_status (saved), ==, 0);
  environment = sandbox_execution_get_environment (saved);
  g_assert_nonnull (environment);
  g_assert_nonnull (sandbox_execution_get_expire (saved));
  g_assert_cmpint (g_date_time_compare (sandbox_execution_get_expire (saved), now), >, 0);

  /* Downloads give back exactly what was uploaded and made. */
  file = run_download (f->client, environment, "a.txt", f->mode, NULL, &error);
  g_assert_no_error (error);
  assert_bytes_text (file, "A\n");
  whole = run_download (f->client, environment, NULL, f->mode, NULL, &error);
  g_assert_no_error (error);
  members = read_tgz (whole);
  assert_bytes_text (g_hash_table_lookup (members, "a.txt"), "A\n");
  assert_bytes_text (g_hash_table_lookup (members, "b.txt"), "B from the first run\n");
  assert_bytes_text (g_hash_table_lookup (members, "made.txt"), "made\n");

  size = run_check (f->client, environment, NULL, f->mode, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (size, ==, (goffset) g_bytes_get_size (whole));
  g_assert_cmpint (run_check (f->client, environment, "b.txt", f->mode, NULL, &error), ==,
                   (goffset) strlen ("B from the first run\n"));
  g_assert_cmpint (run_check (f->client, environment, "empty.txt", f->mode, NULL, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (run_check (f->client, environment, "missing.txt", f->mode, NULL, &error),
                   ==, -1);
  g_assert_no_error (error);
  g_assert_cmpint (run_check (f->client, MISSING_UUID, NULL, f->mode, NULL, &error), ==, -1);
  g_assert_no_error (error);
  g_assert_cmpint (run_check (f->client, "not-a-uuid", "a.txt", f->mode, NULL, &error), ==, -1);
  g_assert_no_error (error);

  /* The saved environment first, the upload laid over it. */
  sandbox_config_add_command (merge_config, "cat a.txt b.txt c.txt made.txt", FALSE);
  sandbox_config_set_environment (merge_config, environment);
  merged = execute_ok (f->client, merge_config, second_archive, f->mode);
  g_assert_cmpint (sandbox_execution_get_status (merged), ==, 0);
  result = command_at (merged, 0);
  g_assert_cmpstr (sandbox_command_result_get_stdout (result), ==,
                   "A\nB from the upload\nC\nmade");
}

static void
test_download_stream (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GBytes) received = NULL;
  g_autoptr(GError) error = NULL;
  goffset size = 0;

  /* 3 MiB of known bytes, made on the server. */
  sandbox_config_add_command (f->config, "head -c 3145728 /dev/zero | tr '\\0' 'x' > big.txt",
                              FALSE);
  sandbox_config_set_save (f->config, TRUE);
  execution = execute_ok (f->client, f->config, NULL, f->mode);
  g_assert_cmpint (sandbox_execution_get_status (execution), ==, 0);

  g_main_context_push_thread_default (context);
  stream = run_download_stream (f->client, sandbox_execution_get_environment (execution),
                                "big.txt", &size, f->mode, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (size, ==, 3145728);
  g_output_stream_splice (out, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                          G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&stream);
  g_main_context_pop_thread_default (context);

  received = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  g_assert_cmpuint (g_bytes_get_size (received), ==, 3145728);
  for (gsize i = 0; i < g_bytes_get_size (received); i += 4096)
    g_assert_cmpint (((const char *) g_bytes_get_data (received, NULL))[i], ==, 'x');
}

static void
test_environ (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(SandboxConfig) config = NULL;
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(SandboxCommandResult) result = NULL;
  g_autoptr(GError) error = NULL;

  config = sandbox_config_new_from_string ("{\"commands\": [\"echo $GREETING $N $T $X $F\"],"
                                           " \"environ\": {\"N\": 1, \"T\": true, \"X\": null,"
                                           " \"F\": 1.5}}", &error);
  g_assert_no_error (error);
  sandbox_config_set_variable (config, "GREETING", "hello world");

  execution = execute_ok (f->client, config, NULL, f->mode);
  result = command_at (execution, 0);
  g_assert_cmpstr (sandbox_command_result_get_stdout (result), ==, "hello world 1 True None 1.5");
}

static void
test_failures (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SandboxConfig) ignored = sandbox_config_new ();
  g_autoptr(SandboxConfig) stopping = sandbox_config_new ();
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(SandboxCommandResult) result = NULL;

  /* A '-' command may fail; the run goes on and succeeds. */
  sandbox_config_add_command (ignored, "exit 3", TRUE);
  sandbox_config_add_command (ignored, "echo after", FALSE);
  execution = execute_ok (f->client, ignored, NULL, f->mode);
  g_assert_cmpint (sandbox_execution_get_status (execution), ==, 0);
  g_assert_cmpuint (n_commands (execution), ==, 2);
  result = command_at (execution, 0);
  g_assert_cmpstr (sandbox_command_result_get_command (result), ==, "exit 3");
  g_assert_cmpint (sandbox_command_result_get_exit_code (result), ==, 3);
  g_clear_object (&result);
  g_clear_object (&execution);

  /* A failing command stops the run; its exit code is the status. */
  sandbox_config_add_command (stopping, "echo before", FALSE);
  sandbox_config_add_command (stopping, "exit 7", FALSE);
  sandbox_config_add_command (stopping, "echo never", FALSE);
  execution = execute_ok (f->client, stopping, NULL, f->mode);
  g_assert_cmpint (sandbox_execution_get_status (execution), ==, 7);
  g_assert_cmpuint (n_commands (execution), ==, 2);
}

static void
test_command_timeout (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(SandboxCommandResult) result = NULL;

  sandbox_config_add_command_with_timeout (f->config, "echo lost; sleep 10", FALSE, 0.3);
  sandbox_config_add_command (f->config, "echo never", FALSE);
  execution = execute_ok (f->client, f->config, NULL, f->mode);

  g_assert_cmpint (sandbox_execution_get_status (execution), ==, SANDBOX_STATUS_TIMEOUT);
  g_assert_cmpuint (n_commands (execution), ==, 1);
  result = command_at (execution, 0);
  g_assert_cmpint (sandbox_command_result_get_exit_code (result), ==, -2);
  g_assert_cmpstr (sandbox_command_result_get_stdout (result), ==, "");
  g_assert_cmpstr (sandbox_command_result_get_stderr (result), ==,
                   "Command timed out after 0.3 seconds\n");
  g_assert_cmpfloat (sandbox_execution_get_total_time (execution), <, 5.0);
}

static void
test_request_budget (void)
{
  g_autoptr(LaunchedServer) short_server = launched_server_start ("--timeout=1", NULL);
  g_autoptr(SandboxClient) client = test_client_new (launched_server_get_url (short_server));
  g_autoptr(SandboxConfig) config = sandbox_config_new ();
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(SandboxCommandResult) result = NULL;

  sandbox_config_add_command (config, "sleep 10", FALSE);
  execution = execute_ok (client, config, NULL, TEST_MODE_SYNC);
  g_assert_cmpint (sandbox_execution_get_status (execution), ==, SANDBOX_STATUS_TIMEOUT);
  result = command_at (execution, 0);
  g_assert_true (g_str_has_prefix (sandbox_command_result_get_stderr (result),
                                   "Command timed out after "));
  g_assert_cmpfloat (sandbox_execution_get_total_time (execution), <, 3.0);
}

static void
test_result_path (Fixture       *f,
                  gconstpointer  data)
{
  static const struct {
    const char *command;
    const char *result_path;
    int status;
    const char *result;
  } cases[] = {
    { "echo 42 > r.txt", "r.txt", SANDBOX_STATUS_SUCCESS, "42\n" },
    { "echo 42 > r.txt; exit 4", "r.txt", 4, "42\n" },
    { "true", "missing.txt", SANDBOX_STATUS_RESULT_NOT_FOUND, NULL },
    { "exit 4", "missing.txt", SANDBOX_STATUS_RESULT_NOT_FOUND, NULL },
    { "printf '\\377\\376' > r.bin", "r.bin", SANDBOX_STATUS_RESULT_NOT_UTF8, NULL },
    { "true", "../../../../etc/hostname", SANDBOX_STATUS_RESULT_NOT_FOUND, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SandboxConfig) config = sandbox_config_new ();
      g_autoptr(SandboxExecution) execution = NULL;

      g_test_message ("%s, result %s", cases[i].command, cases[i].result_path);
      sandbox_config_add_command (config, cases[i].command, FALSE);
      sandbox_config_set_result_path (config, cases[i].result_path);
      execution = execute_ok (f->client, config, NULL, f->mode);
      g_assert_cmpint (sandbox_execution_get_status (execution), ==, cases[i].status);
      g_assert_cmpstr (sandbox_execution_get_result (execution), ==, cases[i].result);
    }
}

static void
test_not_found (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  sandbox_config_add_command (f->config, "echo $((2+2))", FALSE);
  bytes = run_download (f->client, MISSING_UUID, NULL, f->mode, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Sandbox responded with status 404 (Not Found): "
                   "No environment with UUID '" MISSING_UUID "' found");
  g_clear_error (&error);

  sandbox_config_set_environment (f->config, MISSING_UUID);
  execution = run_execute (f->client, f->config, NULL, f->mode, NULL, &error);
  g_assert_null (execution);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "No environment with UUID '" MISSING_UUID "' found"));
}

static void
test_bad_archive (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GBytes) garbage = g_bytes_new_static ("this is not a gzip'd tar", 24);
  g_autoptr(GInputStream) archive = g_memory_input_stream_new_from_bytes (garbage);
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GError) error = NULL;

  sandbox_config_add_command (f->config, "echo $((2+2))", FALSE);
  execution = run_execute (f->client, f->config, archive, f->mode, NULL, &error);
  g_assert_null (execution);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_BAD_REQUEST);
  g_assert_true (g_str_has_prefix (error->message,
                                   "Sandbox responded with status 400 (Bad Request): "));
}

/* The number of busy containers the server's usages/ reports. */
static gint64
busy_containers (SandboxClient *client)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) usage = sandbox_client_get_usage (client, NULL, &error);

  g_assert_no_error (error);
  return json_object_get_int_member (json_node_get_object (usage), "container");
}

static gpointer
execute_slowly (gpointer user_data)
{
  SandboxClient *client = user_data;
  g_autoptr(SandboxConfig) config = sandbox_config_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SandboxExecution) execution = NULL;

  sandbox_config_add_command (config, "sleep 3", FALSE);
  execution = sandbox_client_execute (client, config, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sandbox_execution_get_status (execution), ==, 0);

  return NULL;
}

static void
test_overloaded (void)
{
  g_autoptr(LaunchedServer) busy_server = launched_server_start ("--slots=1", "--slot-wait=0.3", NULL);
  g_autoptr(SandboxClient) client = test_client_new (launched_server_get_url (busy_server));
  g_autoptr(SandboxConfig) quick = test_config_new_echo ();
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GError) error = NULL;
  GThread *slow;

  /* The 503 itself, not a retry of it. */
  sandbox_client_set_max_retries (client, 0);
  /* The slow execute takes the only slot, however slow this machine. */
  slow = g_thread_new ("slow-execute", execute_slowly, client);
  while (busy_containers (client) == 0)
    g_usleep (50 * 1000);

  execution = sandbox_client_execute (client, quick, NULL, NULL, &error);
  g_assert_null (execution);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_SERVICE_UNAVAILABLE);
  g_assert_cmpstr (error->message, ==, "Sandbox responded with status 503 (Service Unavailable): "
                   "Sandbox overloaded, retry after a few seconds.");

  g_thread_join (slow);
}

static void
test_info (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) specifications = NULL;
  g_autoptr(JsonNode) libraries = NULL;
  JsonObject *host;

  specifications = run_get_info (f->client, TEST_INFO_SPECIFICATIONS, f->mode, NULL, &error);
  g_assert_no_error (error);
  host = json_object_get_object_member (json_node_get_object (specifications), "host");
  g_assert_nonnull (host);
  g_assert_true (json_object_has_member (host, "cpu"));
  g_assert_true (json_object_has_member (host, "memory"));
  g_assert_true (json_object_has_member (json_node_get_object (specifications), "container"));

  libraries = run_get_info (f->client, TEST_INFO_LIBRARIES, f->mode, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (json_node_get_object (libraries), "libraries"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (libraries), "bin")), >, 0);
}

static void
test_usage (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) usage = sandbox_client_get_usage (f->client, NULL, &error);
  JsonObject *object;

  g_assert_no_error (error);
  object = json_node_get_object (usage);
  for (guint i = 0; i < 6; i++)
    {
      static const char * const members[] = { "cpu", "memory", "io", "network", "process",
                                              "container" };
      g_assert_true (json_object_has_member (object, members[i]));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_test_both_modes ("/integration/info", test_info);
  add_test ("/integration/usage", TEST_MODE_SYNC, test_usage);
  add_test_both_modes ("/integration/execute", test_execute_plain);
  add_test_both_modes ("/integration/execute/archive", test_execute_archive);
  add_test_both_modes ("/integration/execute/saved-environment", test_saved_environment);
  add_test_both_modes ("/integration/execute/environ", test_environ);
  add_test_both_modes ("/integration/execute/failures", test_failures);
  add_test_both_modes ("/integration/execute/command-timeout", test_command_timeout);
  g_test_add_func ("/integration/execute/request-budget", test_request_budget);
  add_test_both_modes ("/integration/execute/result-path", test_result_path);
  add_test_both_modes ("/integration/execute/bad-archive", test_bad_archive);
  add_test_both_modes ("/integration/not-found", test_not_found);
  add_test_both_modes ("/integration/download-stream", test_download_stream);
  g_test_add_func ("/integration/overloaded", test_overloaded);

  return launched_server_run_tests (&server, "--slots=4", NULL);
}
