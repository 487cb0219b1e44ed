/* sandbox-json.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sandbox-json-private.h"
#include "sandbox-python-private.h"

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

/**
 * _sandbox_json_copy_deep:
 * @node: a JSON node
 *
 * Copies @node and everything it holds into new mutable nodes, where
 * json_node_copy () shares the original's arrays, objects and values.
 *
 * Returns: (transfer full): the copy
 */
JsonNode *
_sandbox_json_copy_deep (JsonNode *node)
{
  JsonNode *copy;

  g_return_val_if_fail (node != NULL, NULL);

  if (JSON_NODE_HOLDS_OBJECT (node) && json_node_get_object (node) != NULL)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &name, &member))
        json_object_set_member (object, name, _sandbox_json_copy_deep (member));

      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (copy, object);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node) && json_node_get_array (node) != NULL)
    {
      JsonArray *original = json_node_get_array (node);
      guint length = json_array_get_length (original);
      g_autoptr(JsonArray) array = json_array_sized_new (length);

      for (guint i = 0; i < length; i++)
        {
          JsonNode *element = json_array_get_element (original, i);

          json_array_add_element (array, _sandbox_json_copy_deep (element));
        }

      copy = json_node_new (JSON_NODE_ARRAY);
      json_node_set_array (copy, array);
    }
  else if (JSON_NODE_HOLDS_VALUE (node))
    copy = copy_value (node);
  else
    copy = json_node_new (JSON_NODE_NULL);

  return copy;
}

/* Appends @text as a JSON string the way Python's json.dumps () escapes it:
 * with @ensure_ascii, everything past printable ASCII as \uXXXX (a surrogate
 * pair above U+FFFF); without it, only what JSON requires. @length may be -1
 * for text that ends at its NUL; within @length, NUL is a character. */
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
          switch (byte)
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
              if (byte < 0x20 || (ensure_ascii && byte == 0x7f))
                g_string_append_printf (out, "\\u%04x", byte);
              else
                g_string_append_c (out, (char) byte);
              break;
            }
          p++;
          continue;
        }

      c = g_utf8_get_char_validated (p, end - p);

      /* Not UTF-8 (only a node built by hand, or unchecked text, holds
       * this): never write invalid JSON. */
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

/**
 * _sandbox_json_append_string:
 * @out: where to append
 * @text: UTF-8 text
 * @length: the length of @text in bytes, or -1 if it ends at its NUL
 *
 * Appends @text as a JSON string, as Python's
 * `json.dumps (text, ensure_ascii=False)` writes it.
 */
void
_sandbox_json_append_string (GString    *out,
                             const char *text,
                             gssize      length)
{
  append_string_escaped (out, text, length, FALSE);
}

/**
 * _sandbox_json_append_string_ascii:
 * @out: where to append
 * @text: UTF-8 text
 * @length: the length of @text in bytes, or -1 if it ends at its NUL
 *
 * Appends @text as a JSON string in ASCII, as Python's `json.dumps (text)`
 * writes it.
 */
void
_sandbox_json_append_string_ascii (GString    *out,
                                   const char *text,
                                   gssize      length)
{
  append_string_escaped (out, text, length, TRUE);
}

static void
append_double (GString *out,
               double   value)
{
  /* JSON has no infinity; 1e999 reads back as one, in Python too. */
  if (isinf (value))
    g_string_append (out, value > 0 ? "1e999" : "-1e999");
  else if (isnan (value))
    g_string_append (out, "NaN");
  else
    _sandbox_python_append_float (out, value);
}

static const SandboxJsonSyntax compact_syntax = {
  .item_separator = ",",
  .name_separator = ":",
  .true_text = "true",
  .false_text = "false",
  .null_text = "null",
  .append_string = _sandbox_json_append_string,
  .append_double = append_double,
};

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

static void
append_object (GString                 *out,
               JsonObject              *object,
               const SandboxJsonSyntax *syntax)
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
        g_string_append (out, syntax->item_separator);
      first = FALSE;
      syntax->append_string (out, name, -1);
      g_string_append (out, syntax->name_separator);
      _sandbox_json_append_node (out, member, syntax);
    }
  g_string_append_c (out, '}');
}

static void
append_array (GString                 *out,
              JsonArray               *array,
              const SandboxJsonSyntax *syntax)
{
  guint length = json_array_get_length (array);

  g_string_append_c (out, '[');
  for (guint i = 0; i < length; i++)
    {
      if (i > 0)
        g_string_append (out, syntax->item_separator);
      _sandbox_json_append_node (out, json_array_get_element (array, i),
                                 syntax);
    }
  g_string_append_c (out, ']');
}

/**
 * _sandbox_json_append_node:
 * @out: where to append
 * @node: (nullable): a JSON node
 * @syntax: how to write each kind of value
 *
 * Appends @node, with the members of objects in their order, in the
 * notation @syntax gives: JSON text, or Python's `repr ()` of the value.
 * A missing node, or one that holds nothing, is written as null.
 */
void
_sandbox_json_append_node (GString                 *out,
                           JsonNode                *node,
                           const SandboxJsonSyntax *syntax)
{
  if (node == NULL)
    g_string_append (out, syntax->null_text);
  else if (JSON_NODE_HOLDS_OBJECT (node) && json_node_get_object (node) != NULL)
    append_object (out, json_node_get_object (node), syntax);
  else if (JSON_NODE_HOLDS_ARRAY (node) && json_node_get_array (node) != NULL)
    append_array (out, json_node_get_array (node), syntax);
  else if (JSON_NODE_HOLDS_VALUE (node))
    append_value (out, node, syntax);
  else
    g_string_append (out, syntax->null_text);
}

/**
 * _sandbox_json_to_string:
 * @node: a JSON node
 *
 * Writes @node as compact JSON text, the way Python's
 * `json.dumps (value, separators=(",", ":"), ensure_ascii=False)` would:
 * floats are their shortest form (`0.2`, `5.0`, `1e+20`), which json-glib's
 * generator does not give (it writes `0.20000000000000001` and, for some
 * large numbers, `1e+20.0`, which is not JSON).
 *
 * Returns: (transfer full): the text
 */
char *
_sandbox_json_to_string (JsonNode *node)
{
  GString *out;

  g_return_val_if_fail (node != NULL, NULL);

  out = g_string_new (NULL);
  _sandbox_json_append_node (out, node, &compact_syntax);

  return g_string_free (out, FALSE);
}
