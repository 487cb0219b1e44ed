/* cli-json.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "cli-json.h"

/* JSON text as the library writes it, and as Python's json.dumps () does
 * with ensure_ascii=False: members in their order, UTF-8 left as it is, and
 * each float in the shortest form that reads back as the same number
 * (`0.0489`, where json-glib's generator writes `0.048899999999999999`).
 * Pretty-printed, it is indented by two spaces. */

#define INDENT_WIDTH 2

static void append_node (GString  *out,
                         JsonNode *node,
                         gboolean  pretty,
                         guint     depth);

static void
append_string (GString    *out,
               const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
          break;
        }
    }
  g_string_append_c (out, '"');
}

/* The shortest decimal that reads back as @value, written as Python's
 * repr () writes it: fixed notation from 1e-4 up to 1e16, with `.0` when
 * it has no fraction; exponent notation otherwise (`1e-05`, `1.5e+300`). */
static void
append_double (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char digits[20];
  gsize n_digits = 0;
  const char *e;
  int precision;
  int decpt;

  if (!isfinite (value))
    {
      /* Not JSON; a parsed answer never holds one. */
      g_string_append (out, "null");
      return;
    }

  if (signbit (value))
    {
      g_string_append_c (out, '-');
      value = -value;
    }

  if (value == 0.0)
    {
      g_string_append (out, "0.0");
      return;
    }

  /* 17 significant digits always read back. */
  for (precision = 0; precision < 16; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%de", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }

  /* buffer is "d.ddde[+-]xx" or "de[+-]xx" */
  e = strchr (buffer, 'e');
  g_assert (e != NULL);
  for (const char *p = buffer; p < e; p++)
    {
      if (g_ascii_isdigit (*p) && n_digits < sizeof digits - 1)
        digits[n_digits++] = *p;
    }
  while (n_digits > 1 && digits[n_digits - 1] == '0')
    n_digits--;
  digits[n_digits] = '\0';
  decpt = (int) g_ascii_strtoll (e + 1, NULL, 10) + 1;

  if (decpt <= -4 || decpt > 16)
    {
      int exponent = decpt - 1;

      g_string_append_c (out, digits[0]);
      if (n_digits > 1)
        g_string_append_printf (out, ".%s", digits + 1);
      g_string_append_printf (out, "e%c%02d", exponent < 0 ? '-' : '+',
                              ABS (exponent));
    }
  else if (decpt <= 0)
    {
      g_string_append (out, "0.");
      for (int i = decpt; i < 0; i++)
        g_string_append_c (out, '0');
      g_string_append (out, digits);
    }
  else if ((gsize) decpt >= n_digits)
    {
      g_string_append (out, digits);
      for (gsize i = n_digits; i < (gsize) decpt; i++)
        g_string_append_c (out, '0');
      g_string_append (out, ".0");
    }
  else
    {
      g_string_append_len (out, digits, decpt);
      g_string_append_printf (out, ".%s", digits + decpt);
    }
}

static void
append_value (GString  *out,
              JsonNode *node)
{
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_INT64)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
  else if (type == G_TYPE_DOUBLE)
    append_double (out, json_node_get_double (node));
  else if (type == G_TYPE_BOOLEAN)
    g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
  else if (type == G_TYPE_STRING && json_node_get_string (node) != NULL)
    append_string (out, json_node_get_string (node));
  else
    g_string_append (out, "null");
}

/* Before an element or member: a new line and the indent when pretty. */
static void
append_break (GString  *out,
              gboolean  pretty,
              guint     depth)
{
  if (!pretty)
    return;

  g_string_append_c (out, '\n');
  for (guint i = 0; i < depth * INDENT_WIDTH; i++)
    g_string_append_c (out, ' ');
}

static void
append_object (GString    *out,
               JsonObject *object,
               gboolean    pretty,
               guint       depth)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      append_break (out, pretty, depth + 1);
      append_string (out, name);
      g_string_append (out, pretty ? ": " : ":");
      append_node (out, member, pretty, depth + 1);
    }
  if (!first)
    append_break (out, pretty, depth);
  g_string_append_c (out, '}');
}

static void
append_array (GString   *out,
              JsonArray *array,
              gboolean   pretty,
              guint      depth)
{
  guint length = json_array_get_length (array);

  g_string_append_c (out, '[');
  for (guint i = 0; i < length; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_break (out, pretty, depth + 1);
      append_node (out, json_array_get_element (array, i), pretty, depth + 1);
    }
  if (length > 0)
    append_break (out, pretty, depth);
  g_string_append_c (out, ']');
}

static void
append_node (GString  *out,
             JsonNode *node,
             gboolean  pretty,
             guint     depth)
{
  if (JSON_NODE_HOLDS_OBJECT (node) && json_node_get_object (node) != NULL)
    append_object (out, json_node_get_object (node), pretty, depth);
  else if (JSON_NODE_HOLDS_ARRAY (node) && json_node_get_array (node) != NULL)
    append_array (out, json_node_get_array (node), pretty, depth);
  else if (JSON_NODE_HOLDS_VALUE (node))
    append_value (out, node);
  else
    g_string_append (out, "null");
}

/* Returns @node as JSON text, on one line unless @pretty. */
char *
cli_json_to_string (JsonNode *node,
                    gboolean  pretty)
{
  GString *out = g_string_new (NULL);

  append_node (out, node, pretty, 0);

  return g_string_free (out, FALSE);
}
