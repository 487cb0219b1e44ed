/* sandbox-redirect.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-redirect-private.h"

/* libsoup follows the redirects of a GET, and sends the request again with
 * all its headers, wherever the redirect points. The headers the caller
 * set on the client (tokens, cookies) are for the server's origin only:
 * they are dropped once a redirect leaves it, for the rest of the request. */

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

static int
uri_port (GUri *uri)
{
  int port = g_uri_get_port (uri);

  if (port > 0)
    return port;
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0)
    return 443;
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") == 0)
    return 80;
  return -1;
}

/* Same scheme, host and port. */
static gboolean
same_origin (GUri *a,
             GUri *b)
{
  const char *host_a = g_uri_get_host (a);
  const char *host_b = g_uri_get_host (b);

  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         host_a != NULL && host_b != NULL && g_ascii_strcasecmp (host_a, host_b) == 0 &&
         uri_port (a) == uri_port (b);
}

/* libsoup emits this once the redirect's URL is set, before sending it. */
static void
message_restarted_cb (SoupMessage *message,
                      gpointer     user_data)
{
  HeaderGuard *guard = user_data;
  SoupMessageHeaders *headers;

  if (same_origin (guard->origin, soup_message_get_uri (message)))
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
  guard->origin = g_uri_ref (soup_message_get_uri (message));
  guard->names = g_strdupv ((char **) names);
  g_signal_connect_data (message, "restarted", G_CALLBACK (message_restarted_cb),
                         guard, header_guard_free, 0);
}
