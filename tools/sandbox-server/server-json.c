/* server-json.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "server-json.h"
#include "server-pyformat.h"

/* Writes JSON the way Python's json.dumps() does by default (what Django's
 * JsonResponse sends): ", " and ": " separators, non-ASCII escaped as
 * \uXXXX, floats as repr(). Strings carry a length so that NUL survives. */

void
server_json_append_string (GString    *out,
                           const char *str,
                           gssize      len)
{
  const char *p = str;
  const char *end;

  if (len < 0)
    len = strlen (str);
  end = str + len;

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
            case '\n':
              g_string_append (out, "\\n");
              break;
            case '\r':
              g_string_append (out, "\\r");
              break;
            case '\t':
              g_string_append (out, "\\t");
              break;
            case '\b':
              g_string_append (out, "\\b");
              break;
            case '\f':
              g_string_append (out, "\\f");
              break;
            default:
              if (byte < 0x20)
                g_string_append_printf (out, "\\u%04x", byte);
              else
                g_string_append_c (out, (char) byte);
              break;
            }
          p++;
          continue;
        }

      c = g_utf8_get_char_validated (p, end - p);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* Callers validate first; never emit invalid JSON anyway. */
          g_string_append (out, "\\ufffd");
          p++;
          continue;
        }

      if (c >= 0x10000)
        {
          gunichar v = c - 0x10000;

          g_string_append_printf (out, "\\u%04x\\u%04x",
                                  0xd800 | (v >> 10), 0xdc00 | (v & 0x3ff));
        }
      else
        g_string_append_printf (out, "\\u%04x", c);
      p = g_utf8_next_char (p);
    }
  g_string_append_c (out, '"');
}

void
server_json_append_double (GString *out,
                           double   value)
{
  if (isnan (value))
    g_string_append (out, "NaN");
  else if (isinf (value))
    g_string_append (out, value < 0 ? "-Infinity" : "Infinity");
  else
    server_py_append_float_repr (out, value);
}

void
server_json_append_node (GString  *out,
                         JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      g_string_append (out, "null");
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      g_string_append_c (out, '{');
      for (GList *l = members; l != NULL; l = l->next)
        {
          if (l != members)
            g_string_append (out, ", ");
          server_json_append_string (out, l->data, -1);
          g_string_append (out, ": ");
          server_json_append_node (out, json_object_get_member (object, l->data));
        }
      g_string_append_c (out, '}');
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);

      g_string_append_c (out, '[');
      for (guint i = 0; i < n; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          server_json_append_node (out, json_array_get_element (array, i));
        }
      g_string_append_c (out, ']');
    }
  else
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_INT64)
        g_string_append_printf (out, "%" G_GINT64_FORMAT,
                                json_node_get_int (node));
      else if (type == G_TYPE_DOUBLE)
        server_json_append_double (out, json_node_get_double (node));
      else if (type == G_TYPE_BOOLEAN)
        g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      else if (type == G_TYPE_STRING)
        server_json_append_string (out, json_node_get_string (node), -1);
      else
        g_string_append (out, "null");
    }
}

char *
server_json_to_string (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  server_json_append_node (out, node);
  return g_string_free (out, FALSE);
}
