/* fuzz-url.c: base URL normalisation, environment ids and file paths, and
 * the URLs built from them.
 *
 * Input: the base URL, an environment id and a file path, separated by
 * newlines (the path is left out when there is no second newline).
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "sandbox-error.h"
#include "sandbox-url-private.h"

FUZZ_DEFINE_INITIALIZE ()

/* A normalised base: http(s), a host, no query or fragment, a path ending
 * in exactly one slash, and normalising it again changes nothing. */
static void
check_base (const char *base)
{
  g_autoptr(GUri) uri = g_uri_parse (base, G_URI_FLAGS_ENCODED, NULL);
  g_autofree char *again = sandbox_url_normalize_base (base, NULL);
  const char *path;

  fuzz_check (uri != NULL);
  fuzz_check (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") == 0 ||
              g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0);
  fuzz_check (g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0');
  fuzz_check (g_uri_get_query (uri) == NULL && g_uri_get_fragment (uri) == NULL);
  path = g_uri_get_path (uri);
  fuzz_check (g_str_has_suffix (path, "/") && !g_str_has_suffix (path, "//"));
  fuzz_check (g_strcmp0 (again, base) == 0);
}

/* The URL of a file is the base, files/, the id and each segment of the
 * path escaped on its own: nothing may add a query, a fragment or a
 * segment. */
static void
check_file_url (const char *base,
                const char *environment,
                const char *path)
{
  g_autofree char *url = sandbox_url_for_environment (base, environment, path);
  g_autofree char *prefix = g_strconcat (base, path != NULL ? "files/" : "environments/",
                                         environment, "/", NULL);
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  g_auto(GStrv) segments = NULL;
  g_auto(GStrv) expected = NULL;

  fuzz_check (g_str_has_prefix (url, prefix));
  fuzz_check (uri != NULL);
  fuzz_check (g_uri_get_query (uri) == NULL && g_uri_get_fragment (uri) == NULL);
  if (path == NULL)
    {
      fuzz_check (strcmp (url, prefix) == 0);
      return;
    }

  fuzz_check (g_str_has_suffix (url, "/"));
  segments = g_strsplit (url + strlen (prefix), "/", -1);
  expected = g_strsplit (path, "/", -1);
  fuzz_check (g_strv_length (segments) == g_strv_length (expected) + 1);
  for (guint i = 0; expected[i] != NULL; i++)
    {
      g_autofree char *unescaped = g_uri_unescape_string (segments[i], NULL);

      fuzz_check (g_strcmp0 (unescaped, expected[i]) == 0);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_auto(GStrv) fields = g_strsplit (text, "\n", 3);
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  const char *environment;
  const char *path;

  if (fields[0] == NULL || fields[1] == NULL)
    return 0;
  environment = fields[1];
  path = fields[2];

  if (sandbox_url_is_uuid (environment))
    fuzz_check (strlen (environment) == 36);

  if (!sandbox_url_check_environment (environment, path, &error))
    {
      fuzz_check (g_error_matches (error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND));
      fuzz_check (g_utf8_validate (error->message, -1, NULL));
      g_clear_error (&error);
      environment = NULL;
    }

  base = sandbox_url_normalize_base (fields[0], &error);
  if (base == NULL)
    {
      fuzz_check (g_error_matches (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_URL));
      return 0;
    }
  check_base (base);

  {
    g_autofree char *endpoint = sandbox_url_for_endpoint (base, "specifications/");

    fuzz_check (g_str_has_prefix (endpoint, base));
  }

  if (environment != NULL)
    {
      check_file_url (base, environment, NULL);
      check_file_url (base, environment, path);
    }

  return 0;
}
