/* sandbox-json.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "sandbox-json-private.h"
#include "sandbox-python-private.h"

static void append_node (GString  *out,
                         JsonNode *node);

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

static void
append_string (GString    *out,
               const char *text)
{
  const char *p;

  g_string_append_c (out, '"');

  for (p = text; *p != '\0';)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);
      const char *next;

      /* Not UTF-8 (only a node built by hand can hold this). */
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append (out, "\\ufffd");
          p++;
          continue;
        }

      next = g_utf8_next_char (p);

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c == '\b')
        g_string_append (out, "\\b");
      else if (c == '\f')
        g_string_append (out, "\\f");
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_len (out, p, next - p);

      p = next;
    }

  g_string_append_c (out, '"');
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

static void
append_value (GString  *out,
              JsonNode *node)
{
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_STRING && json_node_get_string (node) != NULL)
    append_string (out, json_node_get_string (node));
  else if (type == G_TYPE_INT64)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
  else if (type == G_TYPE_DOUBLE)
    append_double (out, json_node_get_double (node));
  else if (type == G_TYPE_BOOLEAN)
    g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
  else
    g_string_append (out, "null");
}

static void
append_object (GString    *out,
               JsonObject *object)
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
      append_string (out, name);
      g_string_append_c (out, ':');
      append_node (out, member);
    }
  g_string_append_c (out, '}');
}

static void
append_array (GString   *out,
              JsonArray *array)
{
  guint length = json_array_get_length (array);

  g_string_append_c (out, '[');
  for (guint i = 0; i < length; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_node (out, json_array_get_element (array, i));
    }
  g_string_append_c (out, ']');
}

static void
append_node (GString  *out,
             JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node) && json_node_get_object (node) != NULL)
    append_object (out, json_node_get_object (node));
  else if (JSON_NODE_HOLDS_ARRAY (node) && json_node_get_array (node) != NULL)
    append_array (out, json_node_get_array (node));
  else if (JSON_NODE_HOLDS_VALUE (node))
    append_value (out, node);
  else
    g_string_append (out, "null");
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
  append_node (out, node);

  return g_string_free (out, FALSE);
}
