/* sandbox-json-describe.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-json-describe-private.h"
#include "sandbox-i18n-private.h"
#include "sandbox-json-private.h"

/* Enough to recognise a value in a message, not a whole document. */
#define MAX_DESCRIBED_CHARS 60

const char *
_sandbox_json_describe_type (JsonNode *node)
{
  GType type;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");

    case JSON_NODE_ARRAY:
      return _("an array");

    case JSON_NODE_VALUE:
      type = json_node_get_value_type (node);
      if (type == G_TYPE_STRING)
        return _("a string");
      if (type == G_TYPE_INT64)
        return _("an integer");
      if (type == G_TYPE_DOUBLE)
        return _("a number");
      if (type == G_TYPE_BOOLEAN)
        return _("a boolean");
      break;

    case JSON_NODE_NULL:
    default:
      break;
    }

  /* Translators: the type of a JSON value, as in “… is not an object but null”. */
  return _("null");
}

char *
_sandbox_json_describe_value (JsonNode *node)
{
  g_autofree char *text = _sandbox_json_to_string (node);
  const char *cut;

  if (g_utf8_strlen (text, -1) <= MAX_DESCRIBED_CHARS)
    return g_steal_pointer (&text);

  cut = g_utf8_offset_to_pointer (text, MAX_DESCRIBED_CHARS);
  return g_strdup_printf ("%.*s…", (int) (cut - text), text);
}

gboolean
_sandbox_json_holds (JsonNode *node,
                     GType     type)
{
  GType held;

  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_OBJECT (node))
    return type == JSON_TYPE_OBJECT && json_node_get_object (node) != NULL;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return type == JSON_TYPE_ARRAY && json_node_get_array (node) != NULL;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  held = json_node_get_value_type (node);
  if (held == G_TYPE_STRING)
    return type == G_TYPE_STRING && json_node_get_string (node) != NULL;

  return held == type || (type == G_TYPE_DOUBLE && held == G_TYPE_INT64);
}
