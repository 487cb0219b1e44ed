/* test-client-fleet.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "test-server.h"
#include "test-util.h"

/* What the library does for a fleet of servers (docs/fleet.md): the
 * environment and affinity headers of an execute, the instance that
 * answered, a missing saved environment told apart from other 404s, and
 * the execute that falls back to the archive. The fake server's execute/
 * is replaced by a route that records what each request carried. */

#define INSTANCE "fake-instance:1"

typedef struct
{
  char     *environment_header;  /* Sandbox-Environment */
  char     *affinity_header;     /* Sandbox-Affinity */
  char     *config;              /* the config part */
  gboolean  has_archive;         /* an environment file part */
} Seen;

typedef struct
{
  ClientFixture  base;
  GMutex         mutex;
  GPtrArray     *seen;           /* Seen */
  GHashTable    *missing;        /* the saved environments that are gone */
  TestProgress   progress;       /* of execute_with_fallback */
} Fixture;

static void
seen_free (Seen *seen)
{
  g_free (seen->environment_header);
  g_free (seen->affinity_header);
  g_free (seen->config);
  g_free (seen);
}

static void
answer (SoupServerMessage *msg,
        guint              status,
        const char        *content_type,
        const char        *body)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Sandbox-Instance", INSTANCE);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

/* execute/ of a server that knows every environment but those in
 * f->missing. */
static void
execute_route (TestServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(SoupMultipart) multipart = soup_multipart_new_from_message (headers, body);
  g_autoptr(JsonNode) config = NULL;
  const char *environment = NULL;
  Seen *seen = g_new0 (Seen, 1);
  gboolean missing;

  seen->environment_header = g_strdup (soup_message_headers_get_one (headers, "Sandbox-Environment"));
  seen->affinity_header = g_strdup (soup_message_headers_get_one (headers, "Sandbox-Affinity"));
  g_assert_nonnull (multipart);
  for (int i = 0; i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *part_headers;
      GBytes *part_body;
      g_autofree char *name = NULL;
      g_autoptr(GHashTable) params = NULL;

      g_assert_true (soup_multipart_get_part (multipart, i, &part_headers, &part_body));
      g_assert_true (soup_message_headers_get_content_disposition (part_headers, NULL, &params));
      name = g_strdup (g_hash_table_lookup (params, "name"));
      if (g_strcmp0 (name, "config") == 0)
        seen->config = g_strndup (g_bytes_get_data (part_body, NULL), g_bytes_get_size (part_body));
      else if (g_strcmp0 (name, "environment") == 0)
        seen->has_archive = g_bytes_get_size (part_body) > 0;
    }
  g_assert_nonnull (seen->config);
  config = json_from_string (seen->config, NULL);
  g_assert_nonnull (config);
  if (json_object_has_member (json_node_get_object (config), "environment"))
    environment = json_object_get_string_member (json_node_get_object (config), "environment");

  g_mutex_lock (&f->mutex);
  g_ptr_array_add (f->seen, seen);
  missing = environment != NULL && g_hash_table_contains (f->missing, environment);
  g_mutex_unlock (&f->mutex);

  if (missing)
    {
      g_autofree char *text = g_strdup_printf ("No environment with UUID '%s' found",
                                               environment);
      answer (msg, SOUP_STATUS_NOT_FOUND, "text/html; charset=utf-8", text);
    }
  else
    {
      answer (msg, SOUP_STATUS_OK, "application/json", TEST_EXECUTION_JSON);
    }
}

/* A base URL under which nothing is served: Django's 404 page. */
static void
nowhere_route (TestServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               gpointer           user_data)
{
  Fixture *f = user_data;

  g_mutex_lock (&f->mutex);
  g_ptr_array_add (f->seen, g_new0 (Seen, 1));
  g_mutex_unlock (&f->mutex);
  answer (msg, SOUP_STATUS_NOT_FOUND, "text/html", TEST_DJANGO_404);
}

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  test_client_fixture_set_up (&f->base, data);
  g_mutex_init (&f->mutex);
  f->seen = g_ptr_array_new_with_free_func ((GDestroyNotify) seen_free);
  f->missing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (f->missing, g_strdup (TEST_MISSING_UUID));
  test_server_add_route (f->base.server, "/execute/", execute_route, f);
  test_server_add_route (f->base.server, "/nowhere/", nowhere_route, f);
  test_progress_init (&f->progress);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  test_progress_clear (&f->progress);
  test_client_fixture_tear_down (&f->base, data);
  g_ptr_array_unref (f->seen);
  g_hash_table_unref (f->missing);
  g_mutex_clear (&f->mutex);
}

static Seen *
seen_at (Fixture *f,
         guint    i)
{
  g_assert_cmpuint (i, <, f->seen->len);
  return g_ptr_array_index (f->seen, i);
}

static SandboxExecution *
execute (Fixture        *f,
         SandboxClient  *client,
         GError        **error)
{
  TestAsyncWait wait;
  SandboxExecution *execution;

  if (f->base.mode == TEST_MODE_SYNC)
    return sandbox_client_execute (client, f->base.config, NULL, NULL, error);

  test_async_wait_init (&wait);
  sandbox_client_execute_async (client, f->base.config, NULL, NULL, test_async_wait_cb, &wait);
  execution = sandbox_client_execute_finish (client, test_async_wait_run (&wait), error);
  test_async_wait_clear (&wait);
  return execution;
}

/* Reports to f->progress. */
static SandboxExecution *
run_with_fallback (Fixture                    *f,
                   SandboxEnvironmentBuilder  *fallback,
                   GError                    **error)
{
  TestProgress *progress = &f->progress;
  TestAsyncWait wait;
  SandboxExecution *execution;

  if (f->base.mode == TEST_MODE_SYNC)
    {
      progress->n_notified++;  /* a blocking call has no notify */
      return sandbox_client_execute_with_fallback (f->base.client, f->base.config, fallback,
                                                   NULL, test_progress_cb, progress, error);
    }

  test_async_wait_init (&wait);
  sandbox_client_execute_with_fallback_async (f->base.client, f->base.config, fallback, NULL,
                                              test_progress_cb, progress, test_progress_notify,
                                              test_async_wait_cb, &wait);
  execution = sandbox_client_execute_with_fallback_finish (f->base.client,
                                                           test_async_wait_run (&wait), error);
  test_async_wait_clear (&wait);
  return execution;
}

static SandboxEnvironmentBuilder *
new_fallback (void)
{
  g_autoptr(SandboxEnvironmentBuilder) builder = sandbox_environment_builder_new ();
  g_autoptr(GBytes) bytes = g_bytes_new_static ("echo fallback\n", 14);
  g_autoptr(GError) error = NULL;

  sandbox_environment_builder_add_bytes (builder, "main.sh", bytes, 0755, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&builder);
}

/* Item 6: the saved environment's id and the application's affinity key
 * in headers a balancer can read; the key never in the config. */
static void
test_headers (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(SandboxExecution) plain = NULL;
  g_autoptr(SandboxExecution) named = NULL;
  g_autoptr(GError) error = NULL;

  plain = execute (f, f->base.client, &error);
  g_assert_no_error (error);
  g_assert_null (seen_at (f, 0)->environment_header);
  g_assert_null (seen_at (f, 0)->affinity_header);

  sandbox_config_set_environment (f->base.config, TEST_UUID);
  sandbox_config_set_affinity_key (f->base.config, "user-42");
  g_assert_cmpstr (sandbox_config_get_affinity_key (f->base.config), ==, "user-42");
  named = execute (f, f->base.client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (seen_at (f, 1)->environment_header, ==, TEST_UUID);
  g_assert_cmpstr (seen_at (f, 1)->affinity_header, ==, "user-42");
  g_assert_null (strstr (seen_at (f, 1)->config, "affinity"));
  g_assert_null (strstr (seen_at (f, 1)->config, "user-42"));

  /* An id that is not a UUID names no environment: no header for it. */
  g_clear_object (&named);
  sandbox_config_set_environment (f->base.config, "not-a-uuid");
  named = execute (f, f->base.client, &error);
  g_assert_no_error (error);
  g_assert_null (seen_at (f, 2)->environment_header);
}

/* Item 7: the instance that answered; none from the JSON alone. */
static void
test_instance (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(SandboxExecution) from_json = NULL;
  g_autoptr(JsonNode) json = json_from_string (TEST_EXECUTION_JSON, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *instance = NULL;

  execution = execute (f, f->base.client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sandbox_execution_get_instance (execution), ==, INSTANCE);
  g_object_get (execution, "instance", &instance, NULL);
  g_assert_cmpstr (instance, ==, INSTANCE);

  from_json = sandbox_execution_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_null (sandbox_execution_get_instance (from_json));
}

/* Item 4: the 1.0 calls keep SANDBOX_ERROR_NOT_FOUND for a missing saved
 * environment, which the predicate tells apart from a URL's 404. */
static void
test_environment_missing (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *nowhere_url = test_server_get_url_with_path (f->base.server, "nowhere/");
  g_autoptr(SandboxClient) nowhere = test_client_new (nowhere_url);
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_assert_false (sandbox_error_is_environment_missing (NULL));

  sandbox_config_set_environment (f->base.config, TEST_MISSING_UUID);
  execution = execute (f, f->base.client, &error);
  g_assert_null (execution);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND);
  g_assert_true (sandbox_error_is_environment_missing (error));
  g_clear_error (&error);

  /* The downloads of a missing environment: the same answer. */
  bytes = run_download (f->base.client, TEST_MISSING_UUID, NULL, f->base.mode, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND);
  g_assert_true (sandbox_error_is_environment_missing (error));
  g_clear_error (&error);

  /* A missing file of an existing environment is not. */
  bytes = run_download (f->base.client, TEST_UUID, "no/such/file", f->base.mode, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND);
  g_assert_false (sandbox_error_is_environment_missing (error));
  g_clear_error (&error);

  /* Nor is a base URL that serves nothing. */
  execution = execute (f, nowhere, &error);
  g_assert_null (execution);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND);
  g_assert_false (sandbox_error_is_environment_missing (error));

  /* Another domain's 404-like code is not either. */
  g_clear_error (&error);
  g_set_error_literal (&error, G_IO_ERROR, SANDBOX_ERROR_NOT_FOUND,
                       "No environment with UUID 'x' found");
  g_assert_false (sandbox_error_is_environment_missing (error));
}

/* Item 5: the environment is gone; the same config goes again, without
 * it and with the archive, in one call. */
static void
test_fallback_sent (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(SandboxEnvironmentBuilder) fallback = new_fallback ();
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) second = NULL;

  sandbox_config_set_environment (f->base.config, TEST_MISSING_UUID);
  sandbox_config_set_affinity_key (f->base.config, "chain-7");
  sandbox_config_set_save (f->base.config, TRUE);
  execution = run_with_fallback (f, fallback, &error);
  g_assert_no_error (error);
  g_assert_nonnull (execution);
  g_assert_cmpstr (sandbox_execution_get_instance (execution), ==, INSTANCE);

  g_assert_cmpuint (f->seen->len, ==, 2);
  g_assert_cmpstr (seen_at (f, 0)->environment_header, ==, TEST_MISSING_UUID);
  g_assert_false (seen_at (f, 0)->has_archive);
  g_assert_null (seen_at (f, 1)->environment_header);
  g_assert_true (seen_at (f, 1)->has_archive);
  /* The affinity stays; the config is the same but for the environment. */
  g_assert_cmpstr (seen_at (f, 0)->affinity_header, ==, "chain-7");
  g_assert_cmpstr (seen_at (f, 1)->affinity_header, ==, "chain-7");
  second = json_from_string (seen_at (f, 1)->config, NULL);
  g_assert_false (json_object_has_member (json_node_get_object (second), "environment"));
  g_assert_true (json_object_get_boolean_member (json_node_get_object (second), "save"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (second),
                                                                         "commands")),
                    ==, sandbox_config_get_n_commands (f->base.config));
  /* The caller's config is left alone. */
  g_assert_cmpstr (sandbox_config_get_environment (f->base.config), ==, TEST_MISSING_UUID);

  /* The fallback's request is reported, to its end. */
  g_assert_cmpuint (f->progress.current->len, >, 0);
  g_assert_cmpint (g_array_index (f->progress.current, goffset, f->progress.current->len - 1),
                   ==, g_array_index (f->progress.total, goffset, f->progress.total->len - 1));
  g_assert_cmpuint (f->progress.n_notified, ==, 1);
}

/* The environment is there: one request, no archive, no progress. */
static void
test_fallback_unused (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SandboxEnvironmentBuilder) fallback = new_fallback ();
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GError) error = NULL;

  sandbox_config_set_environment (f->base.config, TEST_UUID);
  execution = run_with_fallback (f, fallback, &error);
  g_assert_no_error (error);
  g_assert_nonnull (execution);
  g_assert_cmpuint (f->seen->len, ==, 1);
  g_assert_cmpstr (seen_at (f, 0)->environment_header, ==, TEST_UUID);
  g_assert_false (seen_at (f, 0)->has_archive);
  g_assert_cmpuint (f->progress.current->len, ==, 0);
  g_assert_cmpuint (f->progress.n_notified, ==, 1);
}

/* A config that names no environment goes with the archive at once. */
static void
test_fallback_no_environment (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(SandboxEnvironmentBuilder) fallback = new_fallback ();
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GError) error = NULL;

  execution = run_with_fallback (f, fallback, &error);
  g_assert_no_error (error);
  g_assert_nonnull (execution);
  g_assert_cmpuint (f->seen->len, ==, 1);
  g_assert_true (seen_at (f, 0)->has_archive);
  g_assert_cmpuint (f->progress.current->len, >, 0);
  g_assert_cmpuint (f->progress.n_notified, ==, 1);
}

/* Any other failure is the call's: a URL's 404 is not retried. */
static void
test_fallback_other_error (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *nowhere_url = test_server_get_url_with_path (f->base.server, "nowhere/");
  g_autoptr(SandboxEnvironmentBuilder) fallback = new_fallback ();
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->base.client);
  f->base.client = test_client_new (nowhere_url);
  sandbox_config_set_environment (f->base.config, TEST_UUID);
  execution = run_with_fallback (f, fallback, &error);
  g_assert_null (execution);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND);
  g_assert_cmpuint (f->seen->len, ==, 1);
  g_assert_cmpuint (f->progress.n_notified, ==, 1);
}

/* A config the server would refuse fails before anything is sent. */
static void
test_fallback_invalid_config (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(SandboxEnvironmentBuilder) fallback = new_fallback ();
  g_autoptr(SandboxConfig) empty = sandbox_config_new ();
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GError) error = NULL;

  g_set_object (&f->base.config, empty);
  sandbox_config_set_environment (f->base.config, TEST_MISSING_UUID);
  execution = run_with_fallback (f, fallback, &error);
  g_assert_null (execution);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG);
  g_assert_cmpuint (f->seen->len, ==, 0);
  g_assert_cmpuint (f->progress.n_notified, ==, 1);
}

/* Cancelled before it starts: nothing is sent. */
static void
test_fallback_cancelled (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(SandboxEnvironmentBuilder) fallback = new_fallback ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GError) error = NULL;

  sandbox_config_set_environment (f->base.config, TEST_MISSING_UUID);
  g_cancellable_cancel (cancellable);
  if (f->base.mode == TEST_MODE_SYNC)
    {
      execution = sandbox_client_execute_with_fallback (f->base.client, f->base.config,
                                                        fallback, cancellable, NULL, NULL,
                                                        &error);
    }
  else
    {
      TestAsyncWait wait;

      test_async_wait_init (&wait);
      sandbox_client_execute_with_fallback_async (f->base.client, f->base.config, fallback,
                                                  cancellable, NULL, NULL, NULL,
                                                  test_async_wait_cb, &wait);
      execution = sandbox_client_execute_with_fallback_finish (f->base.client,
                                                               test_async_wait_run (&wait),
                                                               &error);
      test_async_wait_clear (&wait);
    }
  g_assert_null (execution);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (f->seen->len, ==, 0);
}

static void
add (const char       *path,
     GTestFixtureFunc  func)
{
  test_add_fixture_both_modes (path, sizeof (Fixture), (GTestFixtureFunc) set_up, func,
                               (GTestFixtureFunc) tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add ("/client/fleet/headers", (GTestFixtureFunc) test_headers);
  add ("/client/fleet/instance", (GTestFixtureFunc) test_instance);
  add ("/client/fleet/environment-missing", (GTestFixtureFunc) test_environment_missing);
  add ("/client/fleet/fallback/sent", (GTestFixtureFunc) test_fallback_sent);
  add ("/client/fleet/fallback/unused", (GTestFixtureFunc) test_fallback_unused);
  add ("/client/fleet/fallback/no-environment", (GTestFixtureFunc) test_fallback_no_environment);
  add ("/client/fleet/fallback/other-error", (GTestFixtureFunc) test_fallback_other_error);
  add ("/client/fleet/fallback/invalid-config", (GTestFixtureFunc) test_fallback_invalid_config);
  add ("/client/fleet/fallback/cancelled", (GTestFixtureFunc) test_fallback_cancelled);

  return g_test_run ();
}
