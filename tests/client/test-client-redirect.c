/* test-client-redirect.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "test-server.h"
#include "test-util.h"

/* The headers set with sandbox_client_set_request_header() go to the
 * server's origin only: a redirect elsewhere drops them. Three small
 * servers on loopback: the client's, another port of the same address,
 * and another address. */

static const char * const secret_headers[] = { "X-Api-Key", "Cookie", "Authorization" };

typedef struct
{
  SoupServer *server;
  char       *url;          /* "http://127.0.0.x:port" */
  GMutex      mutex;
  guint       n_requests;
  guint       n_with_secrets;
  guint       n_without_secrets;
} Origin;

typedef struct
{
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  Origin        home;       /* 127.0.0.1, the client's base URL */
  Origin        other_port; /* 127.0.0.1, another port */
  Origin        other_host; /* 127.0.0.2 */
  GMutex        mutex;
  GCond         cond;
  gboolean      ready;
} Servers;

static void
redirect (SoupServerMessage *msg,
          const char        *base,
          const char        *prefix,
          const char        *path)
{
  g_autofree char *location = g_strconcat (base, prefix, path, NULL);

  soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, location);
}

static void
answer (SoupServerMessage *msg,
        const char        *content_type,
        const char        *text)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_STATIC, text, strlen (text));
}

static void
server_cb (SoupServer        *soup_server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Servers *servers = user_data;
  Origin *origin = soup_server == servers->home.server ? &servers->home :
                   soup_server == servers->other_port.server ? &servers->other_port :
                   &servers->other_host;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  guint n_secrets = 0;

  for (guint i = 0; i < G_N_ELEMENTS (secret_headers); i++)
    if (soup_message_headers_get_one (headers, secret_headers[i]) != NULL)
      n_secrets++;

  g_mutex_lock (&origin->mutex);
  origin->n_requests++;
  if (n_secrets == G_N_ELEMENTS (secret_headers))
    origin->n_with_secrets++;
  else if (n_secrets == 0)
    origin->n_without_secrets++;
  g_mutex_unlock (&origin->mutex);

  if (g_str_has_prefix (path, "/cross-host/"))
    redirect (msg, servers->other_host.url, "", path + strlen ("/cross-host"));
  else if (g_str_has_prefix (path, "/cross-port/"))
    redirect (msg, servers->other_port.url, "", path + strlen ("/cross-port"));
  else if (g_str_has_prefix (path, "/same/"))
    redirect (msg, servers->home.url, "", path + strlen ("/same"));
  else if (g_str_has_prefix (path, "/there-and-back/"))
    /* To the other host, which sends it home again. */
    redirect (msg, servers->other_host.url, "/back", path + strlen ("/there-and-back"));
  else if (g_str_has_prefix (path, "/back/"))
    redirect (msg, servers->home.url, "", path + strlen ("/back"));
  else if (g_str_has_prefix (path, "/loop/"))
    redirect (msg, servers->home.url, "", path);
  else if (strcmp (path, "/specifications/") == 0)
    answer (msg, "application/json", TEST_SPECIFICATIONS_JSON);
  else if (strcmp (path, "/files/" TEST_UUID "/dir/file1.txt/") == 0)
    answer (msg, "application/octet-stream", TEST_FILE_CONTENT);
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static void
origin_listen (Origin     *origin,
               const char *address,
               Servers    *servers)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (inet, 0);
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GError) error = NULL;
  GSList *listeners;

  origin->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (origin->server, NULL, server_cb, servers, NULL);
  soup_server_listen (origin->server, socket_address, 0, &error);
  g_assert_no_error (error);

  /* Not soup_server_get_uris(), which leaks in libsoup 3.2. */
  listeners = soup_server_get_listeners (origin->server);
  g_assert_nonnull (listeners);
  local = g_socket_get_local_address (listeners->data, &error);
  g_assert_no_error (error);
  g_slist_free (listeners);
  origin->url = g_strdup_printf ("http://%s:%u", address,
                                 g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
}

static gpointer
servers_thread (gpointer user_data)
{
  Servers *servers = user_data;

  g_main_context_push_thread_default (servers->context);
  origin_listen (&servers->home, "127.0.0.1", servers);
  origin_listen (&servers->other_port, "127.0.0.1", servers);
  origin_listen (&servers->other_host, "127.0.0.2", servers);

  g_mutex_lock (&servers->mutex);
  servers->ready = TRUE;
  g_cond_signal (&servers->cond);
  g_mutex_unlock (&servers->mutex);

  g_main_loop_run (servers->loop);

  g_clear_object (&servers->home.server);
  g_clear_object (&servers->other_port.server);
  g_clear_object (&servers->other_host.server);
  g_main_context_pop_thread_default (servers->context);
  return NULL;
}

static Servers *
servers_new (void)
{
  Servers *servers = g_new0 (Servers, 1);

  servers->context = g_main_context_new ();
  servers->loop = g_main_loop_new (servers->context, FALSE);
  g_mutex_init (&servers->mutex);
  g_cond_init (&servers->cond);
  g_mutex_init (&servers->home.mutex);
  g_mutex_init (&servers->other_port.mutex);
  g_mutex_init (&servers->other_host.mutex);
  servers->thread = g_thread_new ("test-servers", servers_thread, servers);

  g_mutex_lock (&servers->mutex);
  while (!servers->ready)
    g_cond_wait (&servers->cond, &servers->mutex);
  g_mutex_unlock (&servers->mutex);

  return servers;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
servers_free (Servers *servers)
{
  Origin *origins[] = { &servers->home, &servers->other_port, &servers->other_host };

  g_main_context_invoke (servers->context, quit_cb, servers->loop);
  g_thread_join (servers->thread);
  for (guint i = 0; i < G_N_ELEMENTS (origins); i++)
    {
      g_free (origins[i]->url);
      g_mutex_clear (&origins[i]->mutex);
    }
  g_main_loop_unref (servers->loop);
  g_main_context_unref (servers->context);
  g_mutex_clear (&servers->mutex);
  g_cond_clear (&servers->cond);
  g_free (servers);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Servers, servers_free)

/* A client of the home server, under @prefix, with the secrets set. */
static SandboxClient *
client_new (Servers    *servers,
            const char *prefix)
{
  g_autofree char *url = g_strconcat (servers->home.url, prefix, NULL);
  SandboxClient *client = test_client_new (url);

  sandbox_client_set_request_header (client, "X-Api-Key", "secret-key");
  sandbox_client_set_request_header (client, "Cookie", "session=secret");
  sandbox_client_set_request_header (client, "Authorization", "Bearer secret-token");
  return client;
}

static void
run_ok (SandboxClient *client,
        TestMode       mode,
        gboolean       stream)
{
  g_autoptr(GError) error = NULL;

  if (stream)
    {
      g_autoptr(GMainContext) context = g_main_context_new ();
      g_autoptr(GInputStream) input = NULL;
      char buffer[256];
      gsize n = 0;

      g_main_context_push_thread_default (context);
      input = run_download_stream (client, TEST_UUID, "dir/file1.txt", NULL, mode, NULL,
                                   &error);
      g_assert_no_error (error);
      g_input_stream_read_all (input, buffer, sizeof buffer, &n, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (buffer, n, TEST_FILE_CONTENT, strlen (TEST_FILE_CONTENT));
      g_input_stream_close (input, NULL, NULL);
      g_clear_object (&input);
      while (g_main_context_iteration (context, FALSE))
        ;
      g_main_context_pop_thread_default (context);
    }
  else
    {
      g_autoptr(JsonNode) node = run_get_info (client, TEST_INFO_SPECIFICATIONS, mode, NULL,
                                               &error);
      g_autoptr(JsonNode) expected = json_from_string (TEST_SPECIFICATIONS_JSON, NULL);

      g_assert_no_error (error);
      g_assert_true (json_node_equal (node, expected));
    }
}

static void
assert_counts (Origin *origin,
               guint   n_with_secrets,
               guint   n_without_secrets)
{
  g_mutex_lock (&origin->mutex);
  g_assert_cmpuint (origin->n_with_secrets, ==, n_with_secrets);
  g_assert_cmpuint (origin->n_without_secrets, ==, n_without_secrets);
  g_assert_cmpuint (origin->n_requests, ==, n_with_secrets + n_without_secrets);
  g_mutex_unlock (&origin->mutex);
}

/* One run of a test: fresh servers and two clients of the home server. */
typedef struct
{
  Servers        *servers;
  SandboxClient  *first;
  SandboxClient  *second;
  TestMode        mode;
  gboolean        stream;
} Run;

/* @check for a GET answered with JSON, then for one answered with a
 * stream, the clients under @first_prefix and @second_prefix. */
static void
run_each_answer (gconstpointer  data,
                 const char    *first_prefix,
                 const char    *second_prefix,
                 void         (*check) (Run *run))
{
  for (guint stream = FALSE; stream <= TRUE; stream++)
    {
      g_autoptr(Servers) servers = servers_new ();
      g_autoptr(SandboxClient) first = client_new (servers, first_prefix);
      g_autoptr(SandboxClient) second = client_new (servers, second_prefix);
      Run run = { servers, first, second, TEST_MODE (data), stream };

      check (&run);
    }
}

/* Redirected to another host (first), or another port of the same host
 * (second): the secrets stay home. */
static void
check_cross_origin (Run *run)
{
  g_autofree char *key = NULL;

  run_ok (run->first, run->mode, run->stream);
  assert_counts (&run->servers->home, 1, 0);
  assert_counts (&run->servers->other_host, 0, 1);

  run_ok (run->second, run->mode, run->stream);
  assert_counts (&run->servers->home, 2, 0);
  assert_counts (&run->servers->other_port, 0, 1);

  /* The client's own settings are untouched. */
  key = sandbox_client_dup_request_header (run->first, "X-Api-Key");
  g_assert_cmpstr (key, ==, "secret-key");
}

static void
test_cross_origin (gconstpointer data)
{
  run_each_answer (data, "/cross-host/", "/cross-port/", check_cross_origin);
}

/* Redirected within the origin (first): the secrets follow. Sent
 * elsewhere and back home (second): they are gone for the rest of that
 * request. */
static void
check_same_origin (Run *run)
{
  run_ok (run->first, run->mode, run->stream);
  assert_counts (&run->servers->home, 2, 0);

  run_ok (run->second, run->mode, run->stream);
  assert_counts (&run->servers->home, 3, 1);
  assert_counts (&run->servers->other_host, 0, 1);

  /* And the next request carries them again. */
  run_ok (run->first, run->mode, run->stream);
  assert_counts (&run->servers->home, 5, 1);
}

static void
test_same_origin (gconstpointer data)
{
  run_each_answer (data, "/same/", "/there-and-back/", check_same_origin);
}

/* A redirect loop ends with an error that says so. */
static void
test_loop (gconstpointer data)
{
  TestMode mode = TEST_MODE (data);
  g_autoptr(Servers) servers = servers_new ();
  g_autoptr(SandboxClient) client = client_new (servers, "/loop/");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = run_get_info (client, TEST_INFO_SPECIFICATIONS, mode, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "redirect"));
  g_mutex_lock (&servers->home.mutex);
  g_assert_cmpuint (servers->home.n_requests, <=, 21);
  g_mutex_unlock (&servers->home.mutex);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  test_add_both_modes ("/client-redirect/cross-origin", test_cross_origin);
  test_add_both_modes ("/client-redirect/same-origin", test_same_origin);
  test_add_both_modes ("/client-redirect/loop", test_loop);

  return g_test_run ();
}
