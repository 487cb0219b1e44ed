/* cli-validate.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli-validate.h"

/* Checks of the values the command line gives: numbers, UUIDs, paths
 * inside an environment, URLs. Each failure is a G_OPTION_ERROR (bad
 * usage) whose message names the option or the command. */

/* @text as it can be shown in a message: escaped when it is not UTF-8 or
 * has control characters. */
static char *
shown (const char *text)
{
  if (g_utf8_validate (text, -1, NULL))
    {
      const char *p;

      for (p = text; *p != '\0'; p++)
        {
          if ((guchar) *p < 0x20 || *p == 0x7f)
            break;
        }
      if (*p == '\0')
        return g_strdup (text);
    }

  return g_strescape (text, NULL);
}

static gboolean
bad_value (GError     **error,
           const char  *format,
           ...) G_GNUC_PRINTF (2, 3);

static gboolean
bad_value (GError     **error,
           const char  *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, message);

  return FALSE;
}

/* A plain decimal number of seconds, from 0 to CLI_MAX_SECONDS: no sign
 * but “+”, no hexadecimal, “nan” or “inf”, no white space, nothing after
 * it. */
gboolean
cli_parse_seconds (const char  *option,
                   const char  *text,
                   double      *out_seconds,
                   GError     **error)
{
  g_autofree char *display = shown (text);
  char *end = NULL;
  double value;

  if (text[0] == '\0' || strspn (text, "0123456789.eE+-") != strlen (text) ||
      !(g_ascii_isdigit (text[0]) || text[0] == '.' || text[0] == '+'))
    goto bad;

  errno = 0;
  value = g_ascii_strtod (text, &end);
  if (errno != 0 || end == text || *end != '\0' || !isfinite (value) ||
      value < 0.0 || value > CLI_MAX_SECONDS)
    goto bad;

  *out_seconds = value;
  return TRUE;

bad:
  return bad_value (error, _("%s needs a number of seconds from 0 to %g, not “%s”"),
                    option, CLI_MAX_SECONDS, display);
}

/* Returns @text in lower case, the only case the server's routes match,
 * when it is a UUID. */
char *
cli_parse_uuid (const char  *what,
                const char  *text,
                GError     **error)
{
  if (!g_uuid_string_is_valid (text))
    {
      g_autofree char *display = shown (text);

      bad_value (error, _("%s needs a UUID (8-4-4-4-12 hexadecimal digits), "
                   "not “%s”"), what, display);
      return NULL;
    }

  return g_ascii_strdown (text, -1);
}

/* A path inside an environment or the working directory: UTF-8, relative,
 * never “..”; @strict also refuses empty and “.” segments, which the
 * server's file routes cannot match. */
gboolean
cli_check_inside_path (const char  *what,
                       const char  *path,
                       gboolean     strict,
                       GError     **error)
{
  g_auto(GStrv) segments = NULL;
  g_autofree char *display = shown (path);
  gboolean ok = path[0] != '\0' && path[0] != '/' &&
                g_utf8_validate (path, -1, NULL);

  segments = g_strsplit (path, "/", -1);
  for (guint i = 0; ok && segments[i] != NULL; i++)
    {
      if (strcmp (segments[i], "..") == 0 ||
          (strict && (segments[i][0] == '\0' || strcmp (segments[i], ".") == 0)))
        ok = FALSE;
    }

  if (ok)
    return TRUE;

  if (strict)
    return bad_value (error, _("%s needs a relative PATH without empty, “.” or "
                        "“..” parts, not “%s”"), what, display);

  return bad_value (error, _("%s needs a relative path without “..” parts, "
                      "not “%s”"), what, display);
}

/* What the library's URL parser lets through but no server can be at:
 * white space and control characters. */
gboolean
cli_check_url_text (const char  *what,
                    const char  *url,
                    GError     **error)
{
  g_autofree char *display = shown (url);

  if (url[0] == '\0')
    return bad_value (error, _("%s needs a URL, not an empty text"), what);

  for (const char *p = url; *p != '\0'; p++)
    {
      if ((guchar) *p <= 0x20 || *p == 0x7f)
        return bad_value (error, _("%s needs a URL without spaces or control "
                            "characters, not “%s”"), what, display);
    }

  return TRUE;
}

gboolean
cli_check_not_empty (const char  *option,
                     const char  *value,
                     GError     **error)
{
  if (value[0] != '\0')
    return TRUE;

  return bad_value (error, _("%s needs a value, not an empty text"), option);
}

/* A value sent as it is in an HTTP header: printable ASCII, with no space
 * at either end (which HTTP would drop). */
gboolean
cli_check_header_value (const char  *option,
                        const char  *value,
                        GError     **error)
{
  g_autofree char *display = shown (value);
  gsize length = strlen (value);

  if (!cli_check_not_empty (option, value, error))
    return FALSE;

  for (const char *p = value; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || (guchar) *p > 0x7e)
        return bad_value (error, _("%s needs printable ASCII characters, not “%s”"),
                          option, display);
    }
  if (value[0] == ' ' || value[length - 1] == ' ')
    return bad_value (error, _("%s needs a value without spaces at its ends, not “%s”"),
                      option, display);

  return TRUE;
}
