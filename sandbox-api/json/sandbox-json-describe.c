/* sandbox-json-describe.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-json-describe-private.h"
#include "sandbox-json-private.h"

/* Enough to recognise a value in a message, not a whole document. */
#define MAX_DESCRIBED_CHARS 60

/**
 * _sandbox_json_describe_type:
 * @node: a JSON node
 *
 * Names the type of @node for a message: "an object", "an array",
 * "a string", "an integer", "a number" (one with a fraction or an
 * exponent), "a boolean" or "null".
 *
 * Returns: (transfer none): the name, a static string
 */
const char *
_sandbox_json_describe_type (JsonNode *node)
{
  GType type;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return "an object";

    case JSON_NODE_ARRAY:
      return "an array";

    case JSON_NODE_VALUE:
      type = json_node_get_value_type (node);
      if (type == G_TYPE_STRING)
        return "a string";
      if (type == G_TYPE_INT64)
        return "an integer";
      if (type == G_TYPE_DOUBLE)
        return "a number";
      if (type == G_TYPE_BOOLEAN)
        return "a boolean";
      break;

    case JSON_NODE_NULL:
    default:
      break;
    }

  return "null";
}

/**
 * _sandbox_json_describe_value:
 * @node: a JSON node
 *
 * Writes @node as compact JSON text for a message, cut after
 * %MAX_DESCRIBED_CHARS characters with an ellipsis.
 *
 * Returns: (transfer full): the text
 */
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
