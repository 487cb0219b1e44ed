/* test-server-haproxy.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "haproxy-launcher.h"
#include "server-test-utils.h"

/* The HAProxy configurations of docs/fleet.md (haproxy-launcher.h) in
 * front of sandbox-server instances on 127.0.0.1: on one shared storage a
 * chain of requests lands on different instances and every byte matches;
 * with a storage each, every step of a chain lands on the instance that
 * saved its environment. Skipped when haproxy is not installed. */

static const char *
instance (TestResponse *response)
{
  const char *id = soup_message_headers_get_one (response->headers, "Sandbox-Instance");

  g_assert_nonnull (id);
  return id;
}

/* test_request_saved() through the front, answered 200 */
static TestResponse *
request (Haproxy    *haproxy,
         const char *method,
         gboolean    file,
         const char *uuid)
{
  TestResponse *response = test_request_saved (&haproxy->front, method, file, uuid);

  g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
  return response;
}

static TestResponse *
execute_naming (Haproxy    *haproxy,
                const char *uuid)
{
  g_autofree char *url = test_server_url (&haproxy->front, "execute/");
  g_autofree char *config =
    g_strdup_printf ("{\"commands\": [\"cat f\"], \"environment\": \"%s\"}", uuid);
  g_autoptr(SoupMultipart) multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  g_autoptr(SoupMessage) msg = NULL;
  TestResponse *response;

  soup_multipart_append_form_string (multipart, "config", config);
  msg = soup_message_new_from_multipart (url, multipart);
  soup_message_headers_replace (soup_message_get_request_headers (msg),
                                "Sandbox-Environment", uuid);
  response = test_send (&haproxy->front, msg);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
  return response;
}

/* A chain through @haproxy: save, execute naming it, GET and HEAD of the
 * environment and of its file. Answers the instance of each step. */
static GPtrArray *
run_chain (Haproxy    *haproxy,
           guint       round,
           GBytes    **out_archive,
           char      **out_uuid)
{
  GPtrArray *instances = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *saving =
    g_strdup_printf ("{\"commands\": [\"echo chain %u > f\"], \"save\": true}", round);
  g_autofree char *expected = g_strdup_printf ("chain %u\n", round);
  g_autofree char *stripped = g_strdup (expected);
  g_autoptr(TestResponse) saved = test_run (&haproxy->front, saving, NULL);
  const char *uuid = json_object_get_string_member (test_response_object (saved),
                                                    "environment");
  g_autoptr(TestResponse) reused = execute_naming (haproxy, uuid);
  g_autoptr(TestResponse) env = request (haproxy, "GET", FALSE, uuid);
  g_autoptr(TestResponse) env_head = request (haproxy, "HEAD", FALSE, uuid);
  g_autoptr(TestResponse) file = request (haproxy, "GET", TRUE, uuid);
  g_autoptr(TestResponse) file_head = request (haproxy, "HEAD", TRUE, uuid);
  g_autoptr(GHashTable) members = test_archive_read (env->body);
  TestResponse *steps[] = { saved, reused, env, env_head, file, file_head };

  g_assert_cmpstr (soup_message_headers_get_one (saved->headers, "Sandbox-Environment"),
                   ==, uuid);
  g_assert_cmpstr (test_entry_string (reused, 0, "stdout"), ==, g_strstrip (stripped));
  g_assert_cmpstr (file->text, ==, expected);
  g_assert_true (g_bytes_equal (g_hash_table_lookup (members, "f"), file->body));
  g_assert_cmpint (soup_message_headers_get_content_length (env_head->headers),
                   ==, g_bytes_get_size (env->body));
  g_assert_cmpint (soup_message_headers_get_content_length (file_head->headers),
                   ==, g_bytes_get_size (file->body));

  for (gsize i = 0; i < G_N_ELEMENTS (steps); i++)
    g_ptr_array_add (instances, g_strdup (instance (steps[i])));
  *out_archive = g_bytes_ref (env->body);
  *out_uuid = g_strdup (uuid);
  return instances;
}

static void
test_shared_storage (void)
{
  TestServer *servers[3];
  Haproxy *haproxy;

  if (haproxy_skip_if_absent ())
    return;

  servers[0] = launched_server_start ("--no-isolation", "--instance-id=one", NULL);
  for (guint i = 1; i < G_N_ELEMENTS (servers); i++)
    {
      LaunchedServerSetup setup = { NULL, servers[0]->directory, 0 };
      g_autofree char *id = g_strdup_printf ("--instance-id=%s", i == 1 ? "two" : "three");
      const char *options[] = { "--no-isolation", id, NULL };
      g_autoptr(GError) error = NULL;

      servers[i] = launched_server_try_start (&setup, options, &error);
      g_assert_no_error (error);
    }
  haproxy = haproxy_start ("fleet-shared.cfg", servers, G_N_ELEMENTS (servers));

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GBytes) archive = NULL;
      g_autofree char *uuid = NULL;
      g_autoptr(GPtrArray) instances = run_chain (haproxy, round, &archive, &uuid);
      g_autoptr(GHashTable) distinct = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < instances->len; i++)
        g_hash_table_add (distinct, instances->pdata[i]);
      /* Round robin: the save, the execute and the download each on
       * another instance. */
      g_assert_cmpstr (instances->pdata[0], !=, instances->pdata[1]);
      g_assert_cmpstr (instances->pdata[1], !=, instances->pdata[2]);
      g_assert_cmpstr (instances->pdata[0], !=, instances->pdata[2]);
      g_assert_cmpuint (g_hash_table_size (distinct), ==, 3);

      /* Every instance serves the same bytes. */
      for (guint s = 0; s < G_N_ELEMENTS (servers); s++)
        {
          g_autofree char *path = g_strconcat ("environments/", uuid, "/", NULL);
          g_autoptr(TestResponse) direct = test_request (servers[s], "GET", path);

          g_assert_cmpuint (direct->status, ==, SOUP_STATUS_OK);
          g_assert_true (g_bytes_equal (direct->body, archive));
        }
    }

  haproxy_stop (haproxy);
  for (guint i = G_N_ELEMENTS (servers); i > 0; i--)
    test_server_stop (servers[i - 1]);
}

static void
test_separate_storage (void)
{
  TestServer *servers[2];
  g_autoptr(GHashTable) savers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Haproxy *haproxy;

  if (haproxy_skip_if_absent ())
    return;

  servers[0] = launched_server_start ("--no-isolation", "--instance-id=one", NULL);
  servers[1] = launched_server_start ("--no-isolation", "--instance-id=two", NULL);
  haproxy = haproxy_start ("fleet-separate.cfg", servers, G_N_ELEMENTS (servers));

  for (guint round = 0; round < 4; round++)
    {
      g_autoptr(GBytes) archive = NULL;
      g_autofree char *uuid = NULL;
      g_autoptr(GPtrArray) instances = run_chain (haproxy, round, &archive, &uuid);

      /* Every step where the environment lives. */
      for (guint i = 1; i < instances->len; i++)
        g_assert_cmpstr (instances->pdata[i], ==, instances->pdata[0]);
      g_hash_table_add (savers, g_strdup (instances->pdata[0]));
    }
  /* And saves went to both. */
  g_assert_cmpuint (g_hash_table_size (savers), ==, 2);

  haproxy_stop (haproxy);
  test_server_stop (servers[1]);
  test_server_stop (servers[0]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/haproxy/shared-storage", test_shared_storage);
  g_test_add_func ("/server/haproxy/separate-storage", test_separate_storage);

  return g_test_run ();
}
