/* cli-json.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "cli-json.h"
#include "sandbox-json-private.h"
#include "sandbox-python-private.h"

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

/* Python writes floats in the shortest form that reads back; the library
 * and sandbox-server share that writer. */
static void
append_double (GString *out,
               double   value)
{
  if (!isfinite (value))
    {
      /* Not JSON; a parsed answer never holds one. */
      g_string_append (out, "null");
      return;
    }
  _sandbox_python_append_float (out, value);
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
    _sandbox_json_append_string (out, json_node_get_string (node), -1);
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
      _sandbox_json_append_string (out, name, -1);
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
