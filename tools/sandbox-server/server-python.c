/* server-python.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sandbox-json-private.h"
#include "server-python.h"

/* Python's str.isprintable () for one character. */
static gboolean
is_printable (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  if (type == G_UNICODE_SPACE_SEPARATOR)
    return c == ' ';

  return type != G_UNICODE_CONTROL &&
         type != G_UNICODE_FORMAT &&
         type != G_UNICODE_SURROGATE &&
         type != G_UNICODE_PRIVATE_USE &&
         type != G_UNICODE_UNASSIGNED &&
         type != G_UNICODE_LINE_SEPARATOR &&
         type != G_UNICODE_PARAGRAPH_SEPARATOR;
}

/* repr () of a str, as CPython's unicode_repr () writes it. @length may be
 * -1 for text that ends at its NUL. */
static void
append_string_repr (GString    *out,
                    const char *text,
                    gssize      length)
{
  const char *end;
  const char *p;
  char quote = '\'';

  if (length < 0)
    length = strlen (text);
  end = text + length;

  if (memchr (text, '\'', length) != NULL && memchr (text, '"', length) == NULL)
    quote = '"';

  g_string_append_c (out, quote);

  for (p = text; p < end;)
    {
      gunichar c;
      const char *next;

      if ((guchar) *p < 0x80)
        c = (guchar) *p;
      else
        c = g_utf8_get_char_validated (p, end - p);

      /* Not UTF-8 (only a node built by hand can hold this): show the byte. */
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          p++;
          continue;
        }

      next = g_utf8_next_char (p);

      if (c == (gunichar) quote || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c < ' ' || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else if (c < 0x7f || is_printable (c))
        g_string_append_len (out, p, next - p);
      else if (c <= 0xff)
        g_string_append_printf (out, "\\x%02x", c);
      else if (c <= 0xffff)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_printf (out, "\\U%08x", c);

      p = next;
    }

  g_string_append_c (out, quote);
}

/**
 * server_python_append_float:
 * @out: where to append
 * @value: a number
 *
 * Appends what Python's `repr ()` and `str ()` give for a float: the JSON
 * writer's shortest form, and `nan`, `inf`, `-inf` for what JSON has not.
 */
void
server_python_append_float (GString *out,
                            double   value)
{
  if (isnan (value))
    g_string_append (out, "nan");
  else if (isinf (value))
    g_string_append (out, value < 0 ? "-inf" : "inf");
  else
    _sandbox_json_append_double (out, value);
}

static const SandboxJsonSyntax python_syntax = {
  .item_separator = ", ",
  .name_separator = ": ",
  .true_text = "True",
  .false_text = "False",
  .null_text = "None",
  .append_string = append_string_repr,
  .append_double = server_python_append_float,
};

/**
 * server_python_type_name:
 * @node: a JSON node
 *
 * Returns: (transfer none): what Python's `type ()` prints for the value
 *   `json.loads ()` makes of @node, such as `<class 'str'>`
 */
const char *
server_python_type_name (JsonNode *node)
{
  GType type;

  g_return_val_if_fail (node != NULL, NULL);

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      if (json_node_get_object (node) != NULL)
        return "<class 'dict'>";
      break;

    case JSON_NODE_ARRAY:
      if (json_node_get_array (node) != NULL)
        return "<class 'list'>";
      break;

    case JSON_NODE_VALUE:
      type = json_node_get_value_type (node);
      if (type == G_TYPE_STRING && json_node_get_string (node) != NULL)
        return "<class 'str'>";
      if (type == G_TYPE_INT64)
        return "<class 'int'>";
      if (type == G_TYPE_DOUBLE)
        return "<class 'float'>";
      if (type == G_TYPE_BOOLEAN)
        return "<class 'bool'>";
      break;

    case JSON_NODE_NULL:
    default:
      break;
    }

  return "<class 'NoneType'>";
}

/**
 * server_python_repr:
 * @node: a JSON node
 *
 * Returns: (transfer full): what Python's `repr ()` gives for the value
 *   `json.loads ()` makes of @node: `{'command': 1}`, `[True, None]`,
 *   `"it's"`, `1.5`
 */
char *
server_python_repr (JsonNode *node)
{
  return _sandbox_json_write (node, &python_syntax);
}

/**
 * server_python_str:
 * @node: a JSON node
 *
 * Returns: (transfer full): what Python's `str ()` gives for the value
 *   `json.loads ()` makes of @node: the text itself for a string, else the
 *   same as server_python_repr ()
 */
char *
server_python_str (JsonNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);

  if (JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING &&
      json_node_get_string (node) != NULL)
    return g_strdup (json_node_get_string (node));

  return server_python_repr (node);
}
