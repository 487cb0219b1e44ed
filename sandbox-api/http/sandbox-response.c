/* sandbox-response.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "sandbox-error.h"
#include "sandbox-json-describe-private.h"
#include "sandbox-json-scan-private.h"
#include "sandbox-response-private.h"
#include "sandbox-i18n-private.h"

/* The text between tags, without <head>, <style> and <script>: an HTML
 * error page read as its message. */
static void
append_html_text (GString    *out,
                  const char *html)
{
  const char *p = html;
  const char *skip_until = NULL;

  while (*p != '\0')
    {
      if (*p == '<')
        {
          const char *end = strchr (p, '>');

          if (end == NULL)
            break;

          if (skip_until == NULL)
            {
              if (g_ascii_strncasecmp (p, "<head", 5) == 0)
                skip_until = "</head";
              else if (g_ascii_strncasecmp (p, "<style", 6) == 0)
                skip_until = "</style";
              else if (g_ascii_strncasecmp (p, "<script", 7) == 0)
                skip_until = "</script";
            }
          else if (g_ascii_strncasecmp (p, skip_until, strlen (skip_until)) == 0)
            {
              skip_until = NULL;
            }

          g_string_append_c (out, ' ');
          p = end + 1;
        }
      else
        {
          if (skip_until == NULL)
            g_string_append_c (out, *p);
          p++;
        }
    }
}

/* An error answer's body as one line of text for a message: valid UTF-8,
 * no control characters, white space folded, HTML tags dropped, cut. */
char *
sandbox_response_body_to_text (GBytes *body)
{
  g_autofree char *valid = NULL;
  g_autoptr(GString) raw = g_string_new (NULL);
  GString *out;
  gsize size = 0;
  const char *data;
  gboolean in_space = FALSE;
  guint n_chars = 0;

  if (body == NULL)
    return g_strdup ("");

  data = g_bytes_get_data (body, &size);
  valid = g_utf8_make_valid (data != NULL ? data : "",
                             MIN (size, SANDBOX_ERROR_BODY_MAX_READ));

  if (valid[strspn (valid, " \t\n\v\f\r")] == '<')
    append_html_text (raw, valid);
  else
    g_string_append (raw, valid);

  out = g_string_new (NULL);
  for (const char *p = raw->str; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          in_space = out->len > 0;
          continue;
        }

      if (n_chars >= SANDBOX_ERROR_BODY_MAX_SHOWN)
        {
          g_string_append (out, "…");
          break;
        }

      if (in_space)
        {
          g_string_append_c (out, ' ');
          n_chars++;
          in_space = FALSE;
        }

      g_string_append_unichar (out, c);
      n_chars++;
    }

  return g_string_free (out, FALSE);
}

/* libsoup's name of @status, else the server's reason phrase made readable,
 * else NULL. (libsoup's "Unknown Error", for 429, 418, 599…, is no name.) */
static char *
status_phrase (guint       status,
               const char *reason_phrase)
{
  const char *known = soup_status_get_phrase (status);
  g_autoptr(GBytes) reason = NULL;

  if (known != NULL && g_strcmp0 (known, soup_status_get_phrase (SOUP_STATUS_NONE)) != 0)
    return g_strdup (known);

  if (reason_phrase == NULL)
    return NULL;

  reason = g_bytes_new_static (reason_phrase, strlen (reason_phrase));
  return sandbox_response_body_to_text (reason);
}

/* An answer of status 300 or more as an error of that code, with the status,
 * its reason phrase and what the server said. */
void
sandbox_response_set_status_error (GError     **error,
                                   guint        status,
                                   const char  *reason_phrase,
                                   GBytes      *body)
{
  g_autofree char *text = sandbox_response_body_to_text (body);
  g_autofree char *phrase = status_phrase (status, reason_phrase);
  g_autoptr(GString) message = g_string_new (NULL);

  g_string_printf (message, _("Sandbox responded with status %u"), status);
  if (phrase != NULL && *phrase != '\0')
    g_string_append_printf (message, " (%s)", phrase);
  if (*text != '\0')
    /* Translators: what the server said, after “Sandbox responded with
     * status %u (its reason phrase)”. */
    g_string_append_printf (message, _(": %s"), text);
  g_set_error_literal (error, SANDBOX_ERROR, (int) status, message->str);
}

/* Parses a JSON object answer (in any thread), refusing one that nests too
 * deep or holds too many values before json-glib builds nodes. */
JsonNode *
sandbox_response_parse_json (GBytes        *body,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *data;
  gsize size = 0;

  data = g_bytes_get_data (body, &size);
  if (data == NULL)
    data = "";

  /* The scan accepts UTF-8 only: checked again to say why it refused. */
  root = _sandbox_json_parse (data, size, SANDBOX_RESPONSE_MAX_NODES, cancellable,
                              &local_error);
  if (root == NULL)
    {
      if (local_error->domain == SANDBOX_JSON_SCAN_ERROR &&
          !g_utf8_validate_len (data, size, NULL))
        g_set_error_literal (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
                             _("The sandbox server's answer is not UTF-8 text"));
      else if (local_error->domain != SANDBOX_JSON_SCAN_ERROR)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (local_error->code == SANDBOX_JSON_SCAN_ERROR_NODES)
        g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_RESPONSE_TOO_LARGE,
                     _("The sandbox server's answer holds more JSON values than the "
                       "client reads: %s"), local_error->message);
      else if (local_error->code == SANDBOX_JSON_SCAN_ERROR_DEPTH)
        g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
                     _("The sandbox server's answer nests too deep: %s"),
                     local_error->message);
      else
        g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
                     _("The sandbox server's answer is not valid JSON: %s"),
                     local_error->message);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
                   /* Translators: %s is a JSON type: “an array”, “a string”, … */
                   _("The sandbox server's answer is not a JSON object but %s"),
                   _sandbox_json_describe_type (root));
      return NULL;
    }

  return g_steal_pointer (&root);
}
