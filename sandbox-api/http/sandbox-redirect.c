/* sandbox-redirect.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-redirect-private.h"

/* libsoup follows a GET's redirects with all its headers: the ones set on
 * the client (tokens, cookies) are dropped once a redirect leaves the
 * server's origin. */

typedef struct
{
  GUri  *origin;
  GStrv  names;
} HeaderGuard;

static void
header_guard_free (gpointer  data,
                   GClosure *closure)
{
  HeaderGuard *guard = data;

  g_uri_unref (guard->origin);
  g_strfreev (guard->names);
  g_free (guard);
}

/* The scheme, host and port of @uri, for soup_uri_equal(). */
static GUri *
origin_of (GUri *uri)
{
  return soup_uri_copy (uri, SOUP_URI_USER, NULL, SOUP_URI_PASSWORD, NULL,
                        SOUP_URI_AUTH_PARAMS, NULL, SOUP_URI_PATH, "/",
                        SOUP_URI_QUERY, NULL, SOUP_URI_FRAGMENT, NULL, SOUP_URI_NONE);
}

/* Emitted once the redirect's URL is set, before it is sent. */
static void
message_restarted_cb (SoupMessage *message,
                      gpointer     user_data)
{
  HeaderGuard *guard = user_data;
  g_autoptr(GUri) origin = origin_of (soup_message_get_uri (message));
  SoupMessageHeaders *headers;

  if (soup_uri_equal (guard->origin, origin))
    return;

  headers = soup_message_get_request_headers (message);
  for (guint i = 0; guard->names[i] != NULL; i++)
    soup_message_headers_remove (headers, guard->names[i]);
}

/* Drops the headers @names from @message when a redirect takes it to
 * another origin than its URL's. */
void
sandbox_redirect_keep_headers_home (SoupMessage        *message,
                                    const char * const *names)
{
  HeaderGuard *guard;

  if (names == NULL || names[0] == NULL)
    return;

  guard = g_new0 (HeaderGuard, 1);
  guard->origin = origin_of (soup_message_get_uri (message));
  guard->names = g_strdupv ((char **) names);
  g_signal_connect_data (message, "restarted", G_CALLBACK (message_restarted_cb),
                         guard, header_guard_free, 0);
}
