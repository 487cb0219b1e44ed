/* test-server-fleet.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "server-test-utils.h"

/* Several instances on one --storage (docs/fleet.md): what one saves the
 * others serve at once and whole, what is gone for one is gone for all,
 * and instances whose clocks differ agree on expiry; every answer names
 * its instance (Sandbox-Instance), an execute that saved names the
 * environment (Sandbox-Environment), and the request header of that name
 * must agree with the config. Commands run without isolation: none of
 * this depends on it, and the probe of bubblewrap is slow on a loaded
 * machine. */

#define NO_SUCH_UUID "00000000-0000-4000-8000-000000000000"
#define BIG_SIZE (256 * 1024)

/* Another instance on @first's storage (and work directory). */
static TestServer *
start_sharing (TestServer *first,
               const char *first_option,
               ...)
{
  LaunchedServerSetup setup = { NULL, first->directory, 0 };
  g_autoptr(GPtrArray) options = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  TestServer *server;
  va_list args;

  g_ptr_array_add (options, (gpointer) "--no-isolation");
  va_start (args, first_option);
  for (const char *o = first_option; o != NULL; o = va_arg (args, const char *))
    g_ptr_array_add (options, (gpointer) o);
  va_end (args);
  g_ptr_array_add (options, NULL);

  server = launched_server_try_start (&setup, (const char * const *) options->pdata,
                                      &error);
  g_assert_no_error (error);
  return server;
}

static char *
save (TestServer *server,
      const char *commands)
{
  g_autofree char *config = g_strdup_printf ("{\"commands\": [%s], \"save\": true}",
                                             commands);
  g_autoptr(TestResponse) response = test_run (server, config, NULL);
  JsonObject *object = test_response_object (response);

  g_assert_cmpint (json_object_get_int_member (object, "status"), ==, 0);
  return g_strdup (json_object_get_string_member (object, "environment"));
}

/* GET and HEAD of the environment and of its file f, and an execute naming
 * it, all answer @status. */
static void
assert_environment_status (TestServer *server,
                           const char *uuid,
                           guint       status)
{
  static const char * const methods[] = { "GET", "HEAD" };
  g_autofree char *config =
    g_strdup_printf ("{\"commands\": [\"cat f\"], \"environment\": \"%s\"}", uuid);
  g_autoptr(TestResponse) executed = test_execute (server, config, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_autoptr(TestResponse) env = test_request_saved (server, methods[i], FALSE, uuid);
      g_autoptr(TestResponse) file = test_request_saved (server, methods[i], TRUE, uuid);

      g_assert_cmpuint (env->status, ==, status);
      g_assert_cmpuint (file->status, ==, status);
    }
  g_assert_cmpuint (executed->status, ==, status);
  if (status == SOUP_STATUS_NOT_FOUND)
    {
      g_autofree char *text = g_strdup_printf ("No environment with UUID '%s' found", uuid);

      g_assert_cmpstr (executed->text, ==, text);
    }
  else
    g_assert_cmpstr (test_entry_string (executed, 0, "stdout"), ==, "saved");
}

static char *
storage_path (TestServer *server,
              const char *uuid)
{
  g_autofree char *name = g_strconcat (uuid, ".tgz", NULL);

  return g_build_filename (server->storage, name, NULL);
}

/* Polls (generously bounded) until @server no longer has @uuid. */
static void
wait_gone (TestServer *server,
           const char *uuid)
{
  for (guint i = 0; i < 600; i++)
    {
      g_autoptr(TestResponse) env = test_request_saved (server, "HEAD", FALSE, uuid);

      if (env->status == SOUP_STATUS_NOT_FOUND)
        return;
      g_assert_cmpuint (env->status, ==, SOUP_STATUS_OK);
      g_usleep (100 * 1000);
    }
  g_assert_not_reached ();
}

/* An environment saved on @saver and served by @reader: once @expirer
 * says it has expired, @saver and @reader say so too. */
static void
assert_expiry_shared (TestServer *saver,
                      TestServer *reader,
                      TestServer *expirer)
{
  g_autofree char *uuid = save (saver, "\"echo saved > f\"");

  assert_environment_status (reader, uuid, SOUP_STATUS_OK);
  wait_gone (expirer, uuid);
  assert_environment_status (saver, uuid, SOUP_STATUS_NOT_FOUND);
  assert_environment_status (reader, uuid, SOUP_STATUS_NOT_FOUND);
}

static void
test_instance_header (void)
{
  TestServer *named = launched_server_start ("--no-isolation", "--instance-id=alpha 1", NULL);
  TestServer *plain = launched_server_start ("--no-isolation", NULL);
  const char *paths[] = { "specifications/", "nothing/", "environments/" NO_SUCH_UUID "/",
                          "files/" NO_SUCH_UUID "/f/" };
  const char *methods[] = { "GET", "DELETE" };
  g_autofree char *expected = g_strdup_printf ("%s:%u", g_get_host_name (), plain->port);
  g_autofree char *uuid = save (named, "\"echo saved > f\"");
  g_autoptr(TestResponse) executed = test_execute (named, "{\"commands\": [\"true\"]}", NULL);
  g_autoptr(TestResponse) refused = test_execute (named, "{\"commands\": []}", NULL);
  g_autoptr(TestResponse) download = test_request_saved (named, "GET", FALSE, uuid);
  g_autoptr(TestResponse) file = test_request_saved (named, "GET", TRUE, uuid);
  g_autoptr(TestResponse) head = test_request_saved (named, "HEAD", FALSE, uuid);
  g_autoptr(TestResponse) head_missing = test_request_saved (named, "HEAD", TRUE, NO_SUCH_UUID);
  const char *bad_ids[] = { "--instance-id=", "--instance-id=tab\there", "--instance-id=é" };

  /* Every answer: successes, downloads, refusals, 404 pages, 405. */
  for (gsize p = 0; p < G_N_ELEMENTS (paths); p++)
    for (gsize m = 0; m < G_N_ELEMENTS (methods); m++)
      {
        g_autoptr(TestResponse) a = test_request (named, methods[m], paths[p]);
        g_autoptr(TestResponse) b = test_request (plain, methods[m], paths[p]);

        g_assert_cmpstr (soup_message_headers_get_one (a->headers, "Sandbox-Instance"),
                         ==, "alpha 1");
        g_assert_cmpstr (soup_message_headers_get_one (b->headers, "Sandbox-Instance"),
                         ==, expected);
      }
  g_assert_cmpuint (executed->status, ==, SOUP_STATUS_OK);
  g_assert_cmpuint (refused->status, ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpuint (download->status, ==, SOUP_STATUS_OK);
  g_assert_cmpuint (file->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (file->text, ==, "saved\n");
  g_assert_cmpstr (soup_message_headers_get_one (executed->headers, "Sandbox-Instance"), ==, "alpha 1");
  g_assert_cmpstr (soup_message_headers_get_one (refused->headers, "Sandbox-Instance"), ==, "alpha 1");
  g_assert_cmpstr (soup_message_headers_get_one (download->headers, "Sandbox-Instance"), ==, "alpha 1");
  g_assert_cmpstr (soup_message_headers_get_one (file->headers, "Sandbox-Instance"), ==, "alpha 1");
  g_assert_cmpuint (head->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_one (head->headers, "Sandbox-Instance"), ==, "alpha 1");
  g_assert_cmpuint (head_missing->status, ==, SOUP_STATUS_NOT_FOUND);
  g_assert_cmpstr (soup_message_headers_get_one (head_missing->headers, "Sandbox-Instance"),
                   ==, "alpha 1");

  /* A name that cannot go into a header is bad usage. */
  for (gsize i = 0; i < G_N_ELEMENTS (bad_ids); i++)
    {
      const char *options[] = { "--no-isolation", bad_ids[i], NULL };
      g_autoptr(GError) error = NULL;
      LaunchedServer *bad = launched_server_spawn (NULL, options, &error);

      g_assert_no_error (error);
      g_assert_null (bad->url);
      g_assert_cmpint (launched_server_stop (bad), ==, 2);
    }

  test_server_stop (named);
  test_server_stop (plain);
}

static TestResponse *
execute_with_header (TestServer *server,
                     const char *config,
                     const char *header)
{
  g_autofree char *url = test_server_url (server, "execute/");
  g_autoptr(SoupMultipart) multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  g_autoptr(SoupMessage) msg = NULL;

  soup_multipart_append_form_string (multipart, "config", config);
  msg = soup_message_new_from_multipart (url, multipart);
  if (header != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg),
                                  "Sandbox-Environment", header);
  return test_send (server, msg);
}

static void
test_environment_header (void)
{
  TestServer *server = launched_server_start ("--no-isolation", NULL);
  g_autoptr(TestResponse) saved =
    test_run (server, "{\"commands\": [\"echo saved > f\"], \"save\": true}", NULL);
  const char *uuid = json_object_get_string_member (test_response_object (saved),
                                                    "environment");
  g_autofree char *config =
    g_strdup_printf ("{\"commands\": [\"cat f\"], \"environment\": \"%s\"}", uuid);
  g_autofree char *saving =
    g_strdup_printf ("{\"commands\": [\"cat f\"], \"environment\": \"%s\", \"save\": true}",
                     uuid);
  g_autofree char *unknown =
    g_strdup_printf ("{\"commands\": [\"true\"], \"environment\": \"%s\"}", NO_SUCH_UUID);
  g_autoptr(TestResponse) plain = test_run (server, "{\"commands\": [\"true\"]}", NULL);
  g_autoptr(TestResponse) reused = execute_with_header (server, config, NULL);
  g_autoptr(TestResponse) agreed = execute_with_header (server, config, uuid);
  g_autoptr(TestResponse) resaved = execute_with_header (server, saving, uuid);
  g_autoptr(TestResponse) differ = execute_with_header (server, config, NO_SUCH_UUID);
  g_autoptr(TestResponse) alone = execute_with_header (server, "{\"commands\": [\"true\"]}", uuid);
  g_autoptr(TestResponse) missing = execute_with_header (server, unknown, NO_SUCH_UUID);
  g_autofree char *differ_text =
    g_strdup_printf ("The Sandbox-Environment header names environment '%s' but the "
                     "config names '%s'", NO_SUCH_UUID, uuid);
  g_autofree char *alone_text =
    g_strdup_printf ("The Sandbox-Environment header names environment '%s' but the "
                     "config names none", uuid);
  g_autofree char *missing_text =
    g_strdup_printf ("No environment with UUID '%s' found", NO_SUCH_UUID);

  /* The answer of an execute that saved names the environment, and only
   * that one. */
  g_assert_cmpstr (soup_message_headers_get_one (saved->headers, "Sandbox-Environment"),
                   ==, uuid);
  g_assert_null (soup_message_headers_get_one (plain->headers, "Sandbox-Environment"));
  g_assert_null (soup_message_headers_get_one (reused->headers, "Sandbox-Environment"));
  g_assert_cmpstr (soup_message_headers_get_one (resaved->headers, "Sandbox-Environment"),
                   ==, json_object_get_string_member (test_response_object (resaved),
                                                      "environment"));
  g_assert_cmpstr (soup_message_headers_get_one (resaved->headers, "Sandbox-Environment"),
                   !=, uuid);

  /* The request header is optional and must agree with the config. */
  g_assert_cmpstr (test_entry_string (reused, 0, "stdout"), ==, "saved");
  g_assert_cmpstr (test_entry_string (agreed, 0, "stdout"), ==, "saved");
  test_assert_text_answer (differ, SOUP_STATUS_BAD_REQUEST, differ_text);
  test_assert_text_answer (alone, SOUP_STATUS_BAD_REQUEST, alone_text);
  test_assert_text_answer (missing, SOUP_STATUS_NOT_FOUND, missing_text);

  test_server_stop (server);
}

/* A saves, B serves it at once; removed behind both, both answer 404; an
 * environment that expires is gone for both. */
static void
test_shared_storage (void)
{
  TestServer *a = launched_server_start ("--no-isolation", "--instance-id=a", "--expiry=4",
                                         NULL);
  TestServer *b = start_sharing (a, "--instance-id=b", "--expiry=4", NULL);
  g_autofree char *uuid = save (a, "\"echo saved > f\"");
  g_autofree char *path = storage_path (a, uuid);
  g_autoptr(TestResponse) from_a = test_request_saved (a, "GET", FALSE, uuid);
  g_autoptr(TestResponse) from_b = test_request_saved (b, "GET", FALSE, uuid);

  g_assert_cmpuint (from_b->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_one (from_b->headers, "Sandbox-Instance"), ==, "b");
  g_assert_true (g_bytes_equal (from_a->body, from_b->body));
  assert_environment_status (b, uuid, SOUP_STATUS_OK);

  /* Removed (as another instance's sweep would): nothing of it is left in
   * either instance. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  assert_environment_status (b, uuid, SOUP_STATUS_NOT_FOUND);
  assert_environment_status (a, uuid, SOUP_STATUS_NOT_FOUND);

  /* Expired: once one instance says so, so does the other. */
  assert_expiry_shared (b, a, a);

  test_server_stop (b);
  test_server_stop (a);
}

/* The file f of the environment @uuid as @server serves it, BIG_SIZE
 * bytes long. */
static GBytes *
download_big_file (TestServer *server,
                   const char *uuid)
{
  g_autoptr(TestResponse) env = test_request_saved (server, "GET", FALSE, uuid);
  g_autoptr(GHashTable) members = NULL;
  GBytes *f;

  g_assert_cmpuint (env->status, ==, SOUP_STATUS_OK);
  members = test_archive_read (env->body);
  f = g_hash_table_lookup (members, "f");
  g_assert_nonnull (f);
  g_assert_cmpuint (g_bytes_get_size (f), ==, BIG_SIZE);
  return g_bytes_ref (f);
}

typedef struct
{
  TestServer  *writer;
  TestServer  *reader;
  guint        id;
} Saver;

/* Saves environments with a large file on one instance and checks each
 * whole from the other, while other threads do the same. */
static gpointer
saver_thread (gpointer data)
{
  Saver *saver = data;

  for (guint round = 0; round < 4; round++)
    {
      g_autofree char *commands =
        g_strdup_printf ("\"head -c %u /dev/zero | tr '\\\\0' %c > f\"", BIG_SIZE,
                         'a' + saver->id);
      g_autofree char *uuid = save (saver->writer, commands);
      g_autoptr(GBytes) f = download_big_file (saver->reader, uuid);

      for (gsize i = 0; i < BIG_SIZE; i += 4096)
        g_assert_cmpint (((const char *) g_bytes_get_data (f, NULL))[i], ==, 'a' + saver->id);
    }
  return NULL;
}

typedef struct
{
  TestServer  *servers[2];
  gint         stop;
  guint        seen;
} Watcher;

/* Every environment visible in the storage while saves go on is served
 * whole by both instances. */
static gpointer
watcher_thread (gpointer data)
{
  Watcher *watcher = data;
  g_autoptr(GHashTable) checked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  while (!g_atomic_int_get (&watcher->stop))
    {
      g_autoptr(GDir) dir = g_dir_open (watcher->servers[0]->storage, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *uuid = NULL;

          if (!g_str_has_suffix (name, ".tgz") || g_hash_table_contains (checked, name))
            continue;
          uuid = g_strndup (name, strlen (name) - strlen (".tgz"));
          for (guint s = 0; s < 2; s++)
            g_bytes_unref (download_big_file (watcher->servers[s], uuid));
          g_hash_table_add (checked, g_strdup (name));
          watcher->seen++;
        }
      g_usleep (5 * 1000);
    }
  return NULL;
}

static void
test_concurrent_saves (void)
{
  TestServer *a = launched_server_start ("--no-isolation", "--slots=2", NULL);
  TestServer *b = start_sharing (a, "--slots=2", NULL);
  Saver savers[4];
  GThread *threads[G_N_ELEMENTS (savers)];
  Watcher watcher = { { a, b }, 0, 0 };
  GThread *watching = g_thread_new ("watcher", watcher_thread, &watcher);

  for (guint i = 0; i < G_N_ELEMENTS (savers); i++)
    {
      savers[i] = (Saver) { i % 2 ? a : b, i % 2 ? b : a, i };
      threads[i] = g_thread_new ("saver", saver_thread, &savers[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (savers); i++)
    g_thread_join (threads[i]);
  g_atomic_int_set (&watcher.stop, 1);
  g_thread_join (watching);

  g_test_message ("%u environments seen in the storage while saving", watcher.seen);
  g_assert_cmpuint (watcher.seen, >, 0);
  g_assert_cmpuint (test_count_entries (a->storage), >=, 4 * G_N_ELEMENTS (savers));

  test_server_stop (b);
  test_server_stop (a);
}

/* B's clock is two minutes ahead and its expiry one minute: it still
 * serves (and does not sweep away) what A just saved. C's clock is an hour
 * behind: once A sees an environment expire, C does too. */
static void
test_clock_skew (void)
{
  TestServer *a = launched_server_start ("--no-isolation", "--instance-id=a", "--expiry=60",
                                         "--sweep-interval=3600", NULL);
  TestServer *b = start_sharing (a, "--instance-id=ahead", "--expiry=60",
                                 "--sweep-interval=0.2", "--clock-offset=120", NULL);
  g_autofree char *uuid = save (a, "\"echo saved > f\"");
  TestServer *c = NULL;
  TestServer *d = NULL;

  assert_environment_status (b, uuid, SOUP_STATUS_OK);
  /* Let B sweep a few times. */
  g_usleep (G_USEC_PER_SEC);
  assert_environment_status (a, uuid, SOUP_STATUS_OK);
  assert_environment_status (b, uuid, SOUP_STATUS_OK);
  test_server_stop (b);

  /* Sweeping is left to nobody: each judges on its own. */
  c = start_sharing (a, "--instance-id=short", "--expiry=3", "--sweep-interval=3600", NULL);
  d = start_sharing (a, "--instance-id=behind", "--expiry=3", "--sweep-interval=3600",
                     "--clock-offset=-3600", NULL);
  assert_expiry_shared (c, d, c);

  test_server_stop (d);
  test_server_stop (c);
  test_server_stop (a);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/fleet/instance-header", test_instance_header);
  g_test_add_func ("/server/fleet/environment-header", test_environment_header);
  g_test_add_func ("/server/fleet/shared-storage", test_shared_storage);
  g_test_add_func ("/server/fleet/concurrent-saves", test_concurrent_saves);
  g_test_add_func ("/server/fleet/clock-skew", test_clock_skew);

  return g_test_run ();
}
