/* test-client-sessions.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "test-server.h"
#include "test-util.h"

/* Above 64 connections the client spreads its requests over several HTTP
 * sessions: every one of them gets its share of the connections and the
 * client's settings. The server answers none of N requests until all N
 * have arrived, so every slot of the client's queue, and so every session,
 * carries one of them. */

#define N_REQUESTS     200
#define USER_AGENT     "sessions-test/1.0"
#define HEADER_NAME    "X-Sessions-Test"
#define PROXIED_HOST   "sandbox.invalid"

typedef struct
{
  TestServer *server;
  GMutex      mutex;
  GPtrArray  *held;           /* SoupServerMessage, paused */
  guint       n_arrived;
  guint       n_user_agent;   /* with USER_AGENT */
  guint       n_header;       /* with HEADER_NAME: yes */
  guint       n_proxied;      /* whose target is the absolute URL of PROXIED_HOST */
} Fixture;

static void
answer_all (Fixture *f)
{
  for (guint i = 0; i < f->held->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (f->held, i);

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        TEST_USAGE_JSON, strlen (TEST_USAGE_JSON));
      soup_server_message_unpause (msg);
    }
  g_ptr_array_set_size (f->held, 0);
}

/* In the server's thread. */
static void
hold_route (TestServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  g_mutex_lock (&f->mutex);
  f->n_arrived++;
  f->n_user_agent += g_strcmp0 (soup_message_headers_get_one (headers, "User-Agent"),
                                USER_AGENT) == 0;
  f->n_header += g_strcmp0 (soup_message_headers_get_one (headers, HEADER_NAME), "yes") == 0;
  f->n_proxied += g_strcmp0 (g_uri_get_host (soup_server_message_get_uri (msg)),
                             PROXIED_HOST) == 0;
  soup_server_message_pause (msg);
  g_ptr_array_add (f->held, g_object_ref (msg));
  if (f->held->len == N_REQUESTS)
    answer_all (f);
  g_mutex_unlock (&f->mutex);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_mutex_init (&f->mutex);
  f->held = g_ptr_array_new_with_free_func (g_object_unref);
  f->server = test_server_new ();
  test_server_add_route (f->server, "/", hold_route, f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  test_server_free (f->server);
  g_ptr_array_unref (f->held);
  g_mutex_clear (&f->mutex);
}

/* A client of N_REQUESTS connections; a request that does not get to the
 * server fails in time instead of hanging the test. */
static SandboxClient *
client_new (const char *first_property,
            ...)
{
  g_autoptr(GError) error = NULL;
  SandboxClient *client;
  va_list args;

  va_start (args, first_property);
  client = SANDBOX_CLIENT (g_object_new_valist (SANDBOX_TYPE_CLIENT, first_property, args));
  va_end (args);
  g_object_set (client, "timeout", test_running_on_valgrind () ? 90.0 : 30.0,
                "max-retries", 0, NULL);
  g_assert_true (g_initable_init (G_INITABLE (client), NULL, &error));
  g_assert_no_error (error);
  return client;
}

/* Sends N_REQUESTS at once; every one succeeds. */
static void
run_all (Fixture       *f,
         SandboxClient *client)
{
  test_run_usage_batch (client, N_REQUESTS);

  g_mutex_lock (&f->mutex);
  g_assert_cmpuint (f->n_arrived, ==, N_REQUESTS);
  g_mutex_unlock (&f->mutex);
}

/* With max-connections 200, 200 requests are at the server at once: no
 * session has fewer connections than the requests it is handed. */
static void
test_all_in_flight (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(SandboxClient) client = client_new ("base-url", test_server_get_url (f->server),
                                                "max-connections", N_REQUESTS,
                                                NULL);

  g_assert_cmpuint (sandbox_client_get_max_connections (client), ==, N_REQUESTS);
  run_all (f, client);
}

/* The user agent and the request headers of the client are on the requests
 * of every session. */
static void
test_headers (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(SandboxClient) client = client_new ("base-url", test_server_get_url (f->server),
                                                "max-connections", N_REQUESTS,
                                                "user-agent", USER_AGENT,
                                                NULL);

  sandbox_client_set_request_header (client, HEADER_NAME, "yes");
  run_all (f, client);

  g_assert_cmpuint (f->n_user_agent, ==, N_REQUESTS);
  g_assert_cmpuint (f->n_header, ==, N_REQUESTS);
}

/* The proxy resolver and TLS database of the client are those of every
 * session: a base URL that only the proxy can reach works for all the
 * requests, and the getters answer what was set. */
static void
test_proxy_and_tls (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GProxyResolver) resolver = g_simple_proxy_resolver_new (test_server_get_url (f->server),
                                                                    NULL);
  g_autoptr(GTlsDatabase) database = g_tls_backend_get_default_database (g_tls_backend_get_default ());
  g_autoptr(SandboxClient) client = NULL;

  g_assert_nonnull (database);
  client = client_new ("base-url", "http://" PROXIED_HOST "/",
                       "max-connections", N_REQUESTS,
                       "proxy-resolver", resolver,
                       "tls-database", database,
                       NULL);
  g_assert_true (sandbox_client_get_proxy_resolver (client) == resolver);
  g_assert_true (sandbox_client_get_tls_database (client) == database);

  run_all (f, client);
  g_assert_cmpuint (f->n_proxied, ==, N_REQUESTS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  test_init_classes ();

  g_test_add ("/client-sessions/all-in-flight", Fixture, NULL,
              fixture_set_up, test_all_in_flight, fixture_tear_down);
  g_test_add ("/client-sessions/headers", Fixture, NULL,
              fixture_set_up, test_headers, fixture_tear_down);
  g_test_add ("/client-sessions/proxy-and-tls", Fixture, NULL,
              fixture_set_up, test_proxy_and_tls, fixture_tear_down);

  return g_test_run ();
}
