/* sandbox-url.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "sandbox-error.h"
#include "sandbox-url-private.h"
#include "sandbox-i18n-private.h"

/* A name, an IPv4 address or an IPv6 literal: GLib decodes the host, so a
 * "%2f" or "%40" in it would move the request elsewhere. */
static gboolean
host_is_plain (const char *host)
{
  if (strchr (host, ':') != NULL)
    return strspn (host, "0123456789abcdefABCDEF:.") == strlen (host);

  for (const char *p = host; *p != '\0'; p++)
    {
      if ((guchar) *p <= 0x20 || *p == 0x7f || strchr ("%/?#@[]\\", *p) != NULL)
        return FALSE;
    }

  return TRUE;
}

static gboolean
has_space_or_control (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if ((guchar) *p <= 0x20 || *p == 0x7f)
        return TRUE;
    }

  return FALSE;
}

/* Checks @base_url and returns it with exactly one trailing slash, so that
 * endpoints can be appended to it. */
char *
sandbox_url_normalize_base (const char  *base_url,
                            GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) normalized = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *path = NULL;
  gboolean problem = TRUE;
  const char *scheme;
  const char *host;
  gsize len;

  g_return_val_if_fail (base_url != NULL, NULL);

  /* Messages are UTF-8, whatever the caller gave. */
  shown = g_utf8_make_valid (base_url, -1);

  if (has_space_or_control (base_url))
    {
      g_autofree char *escaped = g_strescape (shown, NULL);

      g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_URL,
                   _("'%s' is not a valid URL: it contains white space or control characters"),
                   escaped);
      return NULL;
    }

  uri = g_uri_parse (base_url, G_URI_FLAGS_ENCODED, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_URL,
                   _("'%s' is not a valid URL: %s"), shown, local_error->message);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_URL,
                 _("'%s' is not an http or https URL"), shown);
  else if (host == NULL || *host == '\0')
    g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_URL,
                 _("'%s' has no host"), shown);
  else if (!host_is_plain (host))
    g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_URL,
                 _("'%s' is not a valid URL: its host is not a plain host name or address"),
                 shown);
  else if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_URL,
                 _("'%s' has a query or a fragment; a base URL cannot have either"), shown);
  else
    problem = FALSE;

  if (problem)
    return NULL;

  len = strlen (g_uri_get_path (uri));
  while (len > 0 && g_uri_get_path (uri)[len - 1] == '/')
    len--;
  path = g_strdup_printf ("%.*s/", (int) len, g_uri_get_path (uri));
  normalized = g_uri_build (G_URI_FLAGS_ENCODED, scheme, g_uri_get_userinfo (uri), host,
                            g_uri_get_port (uri), path, NULL, NULL);

  return g_uri_to_string (normalized);
}

/* The server's route only matches lower-case 8-4-4-4-12 hexadecimal. */
gboolean
sandbox_url_is_uuid (const char *text)
{
  return text != NULL && g_uuid_string_is_valid (text) && strpbrk (text, "ABCDEF") == NULL;
}

gboolean
sandbox_url_path_is_valid (const char *path)
{
  g_auto(GStrv) segments = NULL;

  if (path == NULL || *path == '\0')
    return FALSE;

  segments = g_strsplit (path, "/", -1);
  for (guint i = 0; segments[i] != NULL; i++)
    {
      if (*segments[i] == '\0' ||
          strcmp (segments[i], ".") == 0 ||
          strcmp (segments[i], "..") == 0)
        return FALSE;
    }

  return TRUE;
}

char *
sandbox_url_for_endpoint (const char *base_url,
                          const char *endpoint)
{
  return g_strconcat (base_url, endpoint, NULL);
}

/* Every segment is percent-encoded on its own, so nothing in @environment
 * or @path can add a query, a fragment or a segment of its own. */
char *
sandbox_url_for_environment (const char *base_url,
                             const char *environment,
                             const char *path)
{
  GString *url = g_string_new (base_url);
  g_autofree char *escaped_environment = g_uri_escape_string (environment, NULL, FALSE);

  g_assert (sandbox_url_is_uuid (environment));

  if (path == NULL)
    {
      g_string_append_printf (url, "environments/%s/", escaped_environment);
    }
  else
    {
      g_auto(GStrv) segments = g_strsplit (path, "/", -1);

      g_assert (sandbox_url_path_is_valid (path));

      g_string_append_printf (url, "files/%s/", escaped_environment);
      for (guint i = 0; segments[i] != NULL; i++)
        {
          g_autofree char *escaped = g_uri_escape_string (segments[i], NULL, FALSE);

          g_string_append (url, escaped);
          g_string_append_c (url, '/');
        }
    }

  return g_string_free (url, FALSE);
}

/* What the server would answer for an id or path its routes cannot match. */
gboolean
sandbox_url_check_environment (const char  *environment,
                               const char  *path,
                               GError     **error)
{
  if (!sandbox_url_is_uuid (environment))
    {
      g_autofree char *shown = g_strescape (environment, NULL);
      /* The server's 404 text, untranslated: sandbox_error_is_environment_missing()
       * looks for it. */
      g_autofree char *answer = g_strdup_printf ("No environment with UUID '%s' found", shown);

      g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND,
                   /* Translators: %s is the server's English text “No environment
                    * with UUID '…' found”, which stays as it is. */
                   _("%s: an environment id is a lower-case UUID (no request was sent)"),
                   answer);
      return FALSE;
    }

  if (path != NULL && !sandbox_url_path_is_valid (path))
    {
      g_autofree char *shown = g_strescape (path, NULL);

      g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND,
                   _("The file '%s' could not be found in environment '%s': a path "
                     "cannot have empty, '.' or '..' segments (no request was sent)"),
                   shown, environment);
      return FALSE;
    }

  return TRUE;
}
