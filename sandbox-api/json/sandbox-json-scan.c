/* sandbox-json-scan.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sandbox-i18n-private.h"
#include "sandbox-json-scan-private.h"

/* A cheap pass before json-glib 1.6, which recurses once per level, builds
 * a node per value however many, and is lenient (comments, single quotes,
 * 01, .5, two texts, integers wrapped past 64 bits, strings cut at \u0000,
 * lone surrogates): what passes is one strict JSON text (RFC 8259) that
 * json-glib reads as written. Its own depth is bounded, so it may recurse. */

G_DEFINE_QUARK (sandbox-json-scan-error-quark, _sandbox_json_scan_error)

/* How often, in values, a long scan looks at its cancellable. */
#define CANCEL_CHECK_INTERVAL 4096

typedef struct
{
  const char   *start;
  const char   *p;
  const char   *end;
  guint         depth;
  guint64       n_nodes;
  guint64       max_nodes;
  GCancellable *cancellable;
  GError      **error;
} Scanner;

static gboolean G_GNUC_PRINTF (4, 5)
fail_at (Scanner              *scanner,
         const char           *p,
         SandboxJsonScanError  code,
         const char           *format,
         ...)
{
  g_autofree char *what = NULL;
  guint line = 1;
  guint column = 1;
  va_list args;

  for (const char *q = scanner->start; q < p && q < scanner->end; q++)
    {
      if (*q == '\n')
        {
          line++;
          column = 1;
        }
      else if (((guchar) *q & 0xc0) != 0x80)
        {
          column++;
        }
    }

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (scanner->error, SANDBOX_JSON_SCAN_ERROR, code,
               /* Translators: where JSON text goes wrong, then what is wrong there. */
               _("line %u, column %u: %s"), line, column, what);
  return FALSE;
}

/* Names what is at scanner->p in ASCII, whatever the bytes. */
static gboolean
fail_unexpected (Scanner    *scanner,
                 const char *expected)
{
  g_autofree char *found = NULL;
  guchar byte = scanner->p < scanner->end ? (guchar) *scanner->p : 0;

  if (scanner->p >= scanner->end)
    found = g_strdup (_("the end of the text"));
  else if (byte > 0x20 && byte < 0x7f)
    found = g_strdup_printf ("'%c'", byte);
  else
    found = g_strdup_printf (_("byte 0x%02x"), byte);

  return fail_at (scanner, scanner->p, SANDBOX_JSON_SCAN_ERROR_SYNTAX,
                  /* Translators: what was found (“'x'”, “the end of the text”),
                   * then what was expected (“a value”). */
                  _("%s where %s was expected"), found, expected);
}

static void
skip_space (Scanner *scanner)
{
  while (scanner->p < scanner->end &&
         (*scanner->p == ' ' || *scanner->p == '\t' ||
          *scanner->p == '\n' || *scanner->p == '\r'))
    scanner->p++;
}

static gboolean
count_node (Scanner *scanner)
{
  scanner->n_nodes++;

  if (scanner->max_nodes > 0 && scanner->n_nodes > scanner->max_nodes)
    {
      g_autofree char *max = g_strdup_printf ("%" G_GUINT64_FORMAT, scanner->max_nodes);

      sandbox_i18n_init ();
      return fail_at (scanner, scanner->p, SANDBOX_JSON_SCAN_ERROR_NODES,
                      g_dngettext (GETTEXT_PACKAGE, "more than %s value", "more than %s values",
                                   (gulong) MIN (scanner->max_nodes, G_MAXULONG)),
                      max);
    }

  if (scanner->n_nodes % CANCEL_CHECK_INTERVAL == 0 &&
      g_cancellable_set_error_if_cancelled (scanner->cancellable, scanner->error))
    return FALSE;

  return TRUE;
}

/* Reads the four digits after "\u" at scanner->p; -1 when they are not. */
static int
read_hex4 (Scanner *scanner)
{
  int value = 0;

  for (int i = 0; i < 4; i++)
    {
      if (scanner->p + i >= scanner->end || !g_ascii_isxdigit (scanner->p[i]))
        return -1;
      value = value * 16 + g_ascii_xdigit_value (scanner->p[i]);
    }

  scanner->p += 4;
  return value;
}

/* After the backslash of a \u escape, with scanner->p on the 'u'. */
static gboolean
scan_unicode_escape (Scanner    *scanner,
                     const char *escape)
{
  int unit;

  scanner->p++;
  unit = read_hex4 (scanner);
  if (unit < 0)
    return fail_at (scanner, escape, SANDBOX_JSON_SCAN_ERROR_SYNTAX,
                    _("a \\u escape needs four hexadecimal digits"));

  if (unit == 0)
    return fail_at (scanner, escape, SANDBOX_JSON_SCAN_ERROR_STRING,
                    _("a string holds a NUL character (\\u0000)"));

  if (unit >= 0xdc00 && unit <= 0xdfff)
    return fail_at (scanner, escape, SANDBOX_JSON_SCAN_ERROR_STRING,
                    _("a string holds a lone low surrogate (\\u%04x)"), (guint) unit);

  if (unit >= 0xd800 && unit <= 0xdbff)
    {
      int low = -1;

      if (scanner->end - scanner->p >= 2 &&
          scanner->p[0] == '\\' && scanner->p[1] == 'u')
        {
          scanner->p += 2;
          low = read_hex4 (scanner);
        }

      if (low < 0xdc00 || low > 0xdfff)
        return fail_at (scanner, escape, SANDBOX_JSON_SCAN_ERROR_STRING,
                        _("a string holds a lone high surrogate (\\u%04x)"), (guint) unit);
    }

  return TRUE;
}

static gboolean
scan_string (Scanner *scanner)
{
  const char *open = scanner->p;

  scanner->p++;
  while (scanner->p < scanner->end)
    {
      guchar byte = (guchar) *scanner->p;

      if (byte == '"')
        {
          scanner->p++;
          return TRUE;
        }

      if (byte == '\\')
        {
          const char *escape = scanner->p;

          scanner->p++;
          if (scanner->p >= scanner->end)
            break;

          if (*scanner->p == 'u')
            {
              if (!scan_unicode_escape (scanner, escape))
                return FALSE;
              continue;
            }

          if (*scanner->p == '\0' || strchr ("\"\\/bfnrt", *scanner->p) == NULL)
            return fail_at (scanner, escape, SANDBOX_JSON_SCAN_ERROR_SYNTAX,
                            _("invalid escape in a string"));
          scanner->p++;
          continue;
        }

      if (byte < 0x20)
        return fail_at (scanner, scanner->p, SANDBOX_JSON_SCAN_ERROR_SYNTAX,
                        _("control character 0x%02x in a string"), byte);

      if (byte < 0x80)
        {
          scanner->p++;
          continue;
        }

      if (g_utf8_get_char_validated (scanner->p, scanner->end - scanner->p) >= 0x110000)
        return fail_at (scanner, scanner->p, SANDBOX_JSON_SCAN_ERROR_STRING,
                        _("a string is not valid UTF-8"));
      scanner->p = g_utf8_next_char (scanner->p);
    }

  return fail_at (scanner, open, SANDBOX_JSON_SCAN_ERROR_SYNTAX,
                  _("a string is not closed"));
}

static const char *
skip_digits (const char *p,
             const char *end)
{
  while (p < end && g_ascii_isdigit (*p))
    p++;

  return p;
}

/* Whether the decimal digits from @digits to @end fit in a gint64. */
static gboolean
integer_fits (const char *digits,
              const char *end,
              gboolean    negative)
{
  const char *limit = negative ? "9223372036854775808" : "9223372036854775807";
  gsize length = end - digits;
  gsize limit_length = strlen (limit);

  if (length != limit_length)
    return length < limit_length;

  return memcmp (digits, limit, length) <= 0;
}

static gboolean
scan_number (Scanner *scanner)
{
  const char *start = scanner->p;
  const char *digits;
  const char *digits_end;
  const char *p = scanner->p;
  const char *end = scanner->end;
  gboolean is_integer = TRUE;

  if (*p == '-')
    p++;

  digits = p;
  if (p < end && *p == '0')
    p++;
  else if (p < end && *p >= '1' && *p <= '9')
    p = skip_digits (p, end);
  else
    return fail_at (scanner, start, SANDBOX_JSON_SCAN_ERROR_SYNTAX,
                    _("a number needs a digit after its sign"));

  if (p < end && g_ascii_isdigit (*p))
    return fail_at (scanner, start, SANDBOX_JSON_SCAN_ERROR_SYNTAX,
                    _("a number starts with 0 followed by digits"));
  digits_end = p;

  if (p < end && *p == '.')
    {
      const char *fraction = ++p;

      is_integer = FALSE;
      p = skip_digits (p, end);
      if (p == fraction)
        return fail_at (scanner, start, SANDBOX_JSON_SCAN_ERROR_SYNTAX,
                        _("a number needs a digit after its decimal point"));
    }

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      const char *exponent;

      is_integer = FALSE;
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      exponent = p;
      p = skip_digits (p, end);
      if (p == exponent)
        return fail_at (scanner, start, SANDBOX_JSON_SCAN_ERROR_SYNTAX,
                        _("a number needs a digit in its exponent"));
    }

  /* json-glib wraps it (9999999999999999999999 reads as -1); a float
   * such as 1e30 or 1e999 (infinity) is read as it is. */
  if (is_integer && !integer_fits (digits, digits_end, start != digits))
    return fail_at (scanner, start, SANDBOX_JSON_SCAN_ERROR_NUMBER,
                    _("an integer does not fit in 64 bits"));

  scanner->p = p;
  return TRUE;
}

static gboolean
scan_literal (Scanner    *scanner,
              const char *word)
{
  gsize length = strlen (word);

  if ((gsize) (scanner->end - scanner->p) < length ||
      memcmp (scanner->p, word, length) != 0)
    return fail_unexpected (scanner, _("a value"));

  scanner->p += length;
  return TRUE;
}

static gboolean scan_value (Scanner *scanner);

/* An array, or with @close '}' an object, from its opening bracket. */
static gboolean
scan_container (Scanner *scanner,
                char     close)
{
  if (scanner->depth >= SANDBOX_JSON_MAX_DEPTH)
    return fail_at (scanner, scanner->p, SANDBOX_JSON_SCAN_ERROR_DEPTH,
                    _("arrays and objects nest deeper than %u levels"),
                    SANDBOX_JSON_MAX_DEPTH);

  scanner->depth++;
  scanner->p++;
  skip_space (scanner);
  if (scanner->p < scanner->end && *scanner->p == close)
    {
      scanner->p++;
      scanner->depth--;
      return TRUE;
    }

  for (;;)
    {
      if (close == '}')
        {
          if (scanner->p >= scanner->end || *scanner->p != '"')
            return fail_unexpected (scanner, _("a member name in double quotes"));
          if (!count_node (scanner) || !scan_string (scanner))
            return FALSE;

          skip_space (scanner);
          if (scanner->p >= scanner->end || *scanner->p != ':')
            return fail_unexpected (scanner, _("':'"));
          scanner->p++;
        }

      if (!scan_value (scanner))
        return FALSE;

      skip_space (scanner);
      if (scanner->p < scanner->end && *scanner->p == close)
        break;
      if (scanner->p >= scanner->end || *scanner->p != ',')
        return fail_unexpected (scanner, close == '}' ? _("',' or '}'") : _("',' or ']'"));
      scanner->p++;
      skip_space (scanner);
    }

  scanner->p++;
  scanner->depth--;
  return TRUE;
}

static gboolean
scan_value (Scanner *scanner)
{
  skip_space (scanner);
  if (scanner->p >= scanner->end)
    return fail_unexpected (scanner, _("a value"));

  if (!count_node (scanner))
    return FALSE;

  switch (*scanner->p)
    {
    case '{':
      return scan_container (scanner, '}');
    case '[':
      return scan_container (scanner, ']');
    case '"':
      return scan_string (scanner);
    case 't':
      return scan_literal (scanner, "true");
    case 'f':
      return scan_literal (scanner, "false");
    case 'n':
      return scan_literal (scanner, "null");
    default:
      if (*scanner->p == '-' || g_ascii_isdigit (*scanner->p))
        return scan_number (scanner);
      return fail_unexpected (scanner, _("a value"));
    }
}

gboolean
_sandbox_json_scan (const char    *data,
                    gsize          size,
                    guint64        max_nodes,
                    GCancellable  *cancellable,
                    GError       **error)
{
  Scanner scanner = {
    .start = data,
    .p = data,
    .end = data + size,
    .max_nodes = max_nodes,
    .cancellable = cancellable,
    .error = error,
  };

  g_return_val_if_fail (data != NULL || size == 0, FALSE);

  skip_space (&scanner);
  if (scanner.p == scanner.end)
    {
      g_set_error_literal (error, SANDBOX_JSON_SCAN_ERROR, SANDBOX_JSON_SCAN_ERROR_SYNTAX,
                           _("the text holds no value"));
      return FALSE;
    }

  if (!scan_value (&scanner))
    return FALSE;

  skip_space (&scanner);
  if (scanner.p < scanner.end)
    return fail_unexpected (&scanner, _("the end of the text (after the first value)"));

  return TRUE;
}

JsonNode *
_sandbox_json_parse (const char    *data,
                     gsize          size,
                     guint64        max_nodes,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *message = NULL;

  if (!_sandbox_json_scan (data, size, max_nodes, cancellable, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (json_parser_load_from_data (parser, data, (gssize) size, &local_error))
    return json_parser_steal_root (parser);

  /* Not expected after the scan; json-glib may quote bytes as they are. */
  message = g_utf8_make_valid (local_error->message, -1);
  g_set_error_literal (error, SANDBOX_JSON_SCAN_ERROR, SANDBOX_JSON_SCAN_ERROR_SYNTAX, message);
  return NULL;
}

static gboolean
check_text (const char  *text,
            const char  *what,
            GError     **error)
{
  if (text == NULL || g_utf8_validate (text, -1, NULL))
    return TRUE;

  g_set_error_literal (error, SANDBOX_JSON_SCAN_ERROR, SANDBOX_JSON_SCAN_ERROR_STRING, _(what));
  return FALSE;
}

static gboolean
check_node (JsonNode  *node,
            guint      depth,
            GError   **error)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_DOUBLE && isnan (json_node_get_double (node)))
        {
          g_set_error_literal (error, SANDBOX_JSON_SCAN_ERROR, SANDBOX_JSON_SCAN_ERROR_NUMBER,
                               _("a number is NaN, which JSON cannot hold"));
          return FALSE;
        }

      return type != G_TYPE_STRING ||
             check_text (json_node_get_string (node), N_("a string is not valid UTF-8"), error);
    }

  if (depth >= SANDBOX_JSON_MAX_DEPTH)
    {
      g_set_error (error, SANDBOX_JSON_SCAN_ERROR, SANDBOX_JSON_SCAN_ERROR_DEPTH,
                   _("arrays and objects nest deeper than %u levels"),
                   SANDBOX_JSON_MAX_DEPTH);
      return FALSE;
    }

  if (JSON_NODE_HOLDS_OBJECT (node) && json_node_get_object (node) != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &name, &member))
        if (!check_text (name, N_("a member name is not valid UTF-8"), error) ||
            !check_node (member, depth + 1, error))
          return FALSE;
    }
  else if (JSON_NODE_HOLDS_ARRAY (node) && json_node_get_array (node) != NULL)
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!check_node (json_array_get_element (array, i), depth + 1, error))
          return FALSE;
    }

  return TRUE;
}

gboolean
_sandbox_json_check_node (JsonNode  *node,
                          GError   **error)
{
  return check_node (node, 0, error);
}
