/* sandbox-json.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sandbox-json-private.h"

static JsonNode *
copy_value (JsonNode *node)
{
  JsonNode *copy = json_node_new (JSON_NODE_VALUE);
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_STRING && json_node_get_string (node) != NULL)
    json_node_set_string (copy, json_node_get_string (node));
  else if (type == G_TYPE_INT64)
    json_node_set_int (copy, json_node_get_int (node));
  else if (type == G_TYPE_DOUBLE)
    json_node_set_double (copy, json_node_get_double (node));
  else if (type == G_TYPE_BOOLEAN)
    json_node_set_boolean (copy, json_node_get_boolean (node));
  else
    json_node_init_null (copy);

  return copy;
}

JsonNode *
_sandbox_json_copy_deep (JsonNode *node)
{
  JsonNode *copy;

  g_return_val_if_fail (node != NULL, NULL);

  if (JSON_NODE_HOLDS_OBJECT (node) && json_node_get_object (node) != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, json_object_new ());
      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &name, &member))
        json_object_set_member (json_node_get_object (copy), name,
                                _sandbox_json_copy_deep (member));
    }
  else if (JSON_NODE_HOLDS_ARRAY (node) && json_node_get_array (node) != NULL)
    {
      JsonArray *array = json_node_get_array (node);
      guint length = json_array_get_length (array);

      copy = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (copy, json_array_sized_new (length));
      for (guint i = 0; i < length; i++)
        json_array_add_element (json_node_get_array (copy),
                                _sandbox_json_copy_deep (json_array_get_element (array, i)));
    }
  else if (JSON_NODE_HOLDS_VALUE (node))
    copy = copy_value (node);
  else
    copy = json_node_new (JSON_NODE_NULL);

  return copy;
}

static const char *const short_escapes[0x80] = {
  ['"'] = "\\\"", ['\\'] = "\\\\", ['\b'] = "\\b", ['\f'] = "\\f",
  ['\n'] = "\\n", ['\r'] = "\\r", ['\t'] = "\\t",
};

/* As json.dumps () escapes: with @ensure_ascii, all past printable ASCII as
 * \uXXXX (surrogate pairs above U+FFFF); without, what JSON requires. */
static void
append_string_escaped (GString    *out,
                       const char *text,
                       gssize      length,
                       gboolean    ensure_ascii)
{
  const char *p = text;
  const char *end;

  if (length < 0)
    length = strlen (text);
  end = text + length;

  g_string_append_c (out, '"');
  while (p < end)
    {
      guchar byte = (guchar) *p;
      gunichar c;

      if (byte < 0x80)
        {
          if (short_escapes[byte] != NULL)
            g_string_append (out, short_escapes[byte]);
          else if (byte < 0x20 || (ensure_ascii && byte == 0x7f))
            g_string_append_printf (out, "\\u%04x", byte);
          else
            g_string_append_c (out, (char) byte);
          p++;
          continue;
        }

      c = g_utf8_get_char_validated (p, end - p);

      /* Not UTF-8 (a node built by hand): never write invalid JSON. */
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append (out, "\\ufffd");
          p++;
          continue;
        }

      if (!ensure_ascii)
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      else if (c >= 0x10000)
        g_string_append_printf (out, "\\u%04x\\u%04x",
                                0xd800 | ((c - 0x10000) >> 10),
                                0xdc00 | ((c - 0x10000) & 0x3ff));
      else
        g_string_append_printf (out, "\\u%04x", c);

      p = g_utf8_next_char (p);
    }
  g_string_append_c (out, '"');
}

static void
append_string (GString    *out,
               const char *text,
               gssize      length)
{
  append_string_escaped (out, text, length, FALSE);
}

void
_sandbox_json_append_string_ascii (GString    *out,
                                   const char *text,
                                   gssize      length)
{
  append_string_escaped (out, text, length, TRUE);
}

/* The shortest decimal that reads back as @value (finite, positive), as
 * Python's repr (): fixed from 1e-4 to 1e16 (`.0` when whole), else
 * exponent notation (`1e-05`, `1.5e+300`). */
static void
append_shortest (GString *out,
                 double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char digits[20];
  const char *e;
  gsize n_digits = 0;
  int decpt;
  int precision;

  /* 17 significant digits always read back. */
  for (precision = 0; precision < 16; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%de", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  if (precision == 16)
    g_ascii_formatd (buffer, sizeof buffer, "%.16e", value);

  /* buffer is "d.ddde[+-]xx" or "de[+-]xx" */
  e = strchr (buffer, 'e');
  g_assert (e != NULL);
  for (const char *p = buffer; p < e; p++)
    if (g_ascii_isdigit (*p) && n_digits < sizeof digits - 1)
      digits[n_digits++] = *p;
  while (n_digits > 1 && digits[n_digits - 1] == '0')
    n_digits--;
  digits[n_digits] = '\0';
  decpt = (int) g_ascii_strtoll (e + 1, NULL, 10) + 1;

  if (decpt <= -4 || decpt > 16)
    {
      int exponent = decpt - 1;

      g_string_append_c (out, digits[0]);
      if (n_digits > 1)
        {
          g_string_append_c (out, '.');
          g_string_append (out, digits + 1);
        }
      g_string_append_printf (out, "e%c%02d",
                              exponent < 0 ? '-' : '+', ABS (exponent));
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
      g_string_append_c (out, '.');
      g_string_append (out, digits + decpt);
    }
}

void
_sandbox_json_append_double (GString *out,
                             double   value)
{
  if (isnan (value))
    {
      g_string_append (out, "null");
      return;
    }

  if (signbit (value))
    {
      g_string_append_c (out, '-');
      value = -value;
    }

  if (isinf (value))
    g_string_append (out, "1e999");
  else if (value == 0.0)
    g_string_append (out, "0.0");
  else
    append_shortest (out, value);
}

/* JSON words, the one number writer, and what the styles differ in. */
#define JSON_SYNTAX(items, names, indent_spaces, string_writer) \
  { items, names, "true", "false", "null", indent_spaces, string_writer, \
    _sandbox_json_append_double }

const SandboxJsonSyntax _sandbox_json_compact =
  JSON_SYNTAX (",", ":", 0, append_string);
const SandboxJsonSyntax _sandbox_json_pretty =
  JSON_SYNTAX (",", ": ", 2, append_string);
const SandboxJsonSyntax _sandbox_json_dumps =
  JSON_SYNTAX (", ", ": ", 0, _sandbox_json_append_string_ascii);

static void
append_value (GString                 *out,
              JsonNode                *node,
              const SandboxJsonSyntax *syntax)
{
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_STRING && json_node_get_string (node) != NULL)
    syntax->append_string (out, json_node_get_string (node), -1);
  else if (type == G_TYPE_INT64)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
  else if (type == G_TYPE_DOUBLE)
    syntax->append_double (out, json_node_get_double (node));
  else if (type == G_TYPE_BOOLEAN)
    g_string_append (out, json_node_get_boolean (node) ? syntax->true_text
                                                       : syntax->false_text);
  else
    g_string_append (out, syntax->null_text);
}

/* Before an item (at @depth) or a closing bracket. */
static void
append_break (GString                 *out,
              const SandboxJsonSyntax *syntax,
              gboolean                 separate,
              guint                    depth)
{
  if (separate)
    g_string_append (out, syntax->item_separator);
  if (syntax->indent > 0)
    {
      g_string_append_c (out, '\n');
      for (guint i = 0; i < depth * syntax->indent; i++)
        g_string_append_c (out, ' ');
    }
}

static void append_node (GString                 *out,
                         JsonNode                *node,
                         const SandboxJsonSyntax *syntax,
                         guint                    depth);

/* An object's members in their order, or an array's elements. */
static void
append_container (GString                 *out,
                  JsonObject              *object,
                  JsonArray               *array,
                  const SandboxJsonSyntax *syntax,
                  guint                    depth)
{
  guint length = object != NULL ? json_object_get_size (object) : json_array_get_length (array);
  JsonObjectIter iter;
  const char *name;
  JsonNode *item;

  g_string_append_c (out, object != NULL ? '{' : '[');
  if (object != NULL)
    json_object_iter_init_ordered (&iter, object);
  for (guint i = 0; i < length; i++)
    {
      append_break (out, syntax, i > 0, depth + 1);
      if (object != NULL)
        {
          json_object_iter_next_ordered (&iter, &name, &item);
          syntax->append_string (out, name, -1);
          g_string_append (out, syntax->name_separator);
        }
      else
        item = json_array_get_element (array, i);
      append_node (out, item, syntax, depth + 1);
    }
  if (length > 0)
    append_break (out, syntax, FALSE, depth);
  g_string_append_c (out, object != NULL ? '}' : ']');
}

static void
append_node (GString                 *out,
             JsonNode                *node,
             const SandboxJsonSyntax *syntax,
             guint                    depth)
{
  if (node == NULL)
    g_string_append (out, syntax->null_text);
  else if (JSON_NODE_HOLDS_OBJECT (node) && json_node_get_object (node) != NULL)
    append_container (out, json_node_get_object (node), NULL, syntax, depth);
  else if (JSON_NODE_HOLDS_ARRAY (node) && json_node_get_array (node) != NULL)
    append_container (out, NULL, json_node_get_array (node), syntax, depth);
  else if (JSON_NODE_HOLDS_VALUE (node))
    append_value (out, node, syntax);
  else
    g_string_append (out, syntax->null_text);
}

void
_sandbox_json_append_node (GString                 *out,
                           JsonNode                *node,
                           const SandboxJsonSyntax *syntax)
{
  append_node (out, node, syntax, 0);
}

char *
_sandbox_json_write (JsonNode                *node,
                     const SandboxJsonSyntax *syntax)
{
  GString *out;

  g_return_val_if_fail (node != NULL, NULL);

  out = g_string_new (NULL);
  _sandbox_json_append_node (out, node, syntax);

  return g_string_free (out, FALSE);
}

char *
_sandbox_json_to_string (JsonNode *node)
{
  return _sandbox_json_write (node, &_sandbox_json_compact);
}
