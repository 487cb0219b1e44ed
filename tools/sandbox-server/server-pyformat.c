/* server-pyformat.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "server-pyformat.h"

/* The real server is written in Python: the texts it derives from JSON
 * values (type names, str() of environ values, repr() of a badly formatted
 * command, timeouts) follow Python's rules, reproduced here. */

void
server_py_append_float_repr (GString *out,
                             double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char fmt[16];
  char digits[32];
  const char *p;
  gsize n_digits = 0;
  int exponent;
  int decpt;
  int prec;

  if (isnan (value))
    {
      g_string_append (out, "nan");
      return;
    }
  if (isinf (value))
    {
      g_string_append (out, value < 0 ? "-inf" : "inf");
      return;
    }

  /* Shortest representation that reads back as the same double. */
  for (prec = 1; prec <= 17; prec++)
    {
      g_snprintf (fmt, sizeof fmt, "%%.%de", prec - 1);
      g_ascii_formatd (buf, sizeof buf, fmt, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }

  p = buf;
  if (*p == '-')
    {
      g_string_append_c (out, '-');
      p++;
    }
  for (; *p != '\0' && *p != 'e'; p++)
    if (g_ascii_isdigit (*p) && n_digits < sizeof digits - 1)
      digits[n_digits++] = *p;
  digits[n_digits] = '\0';
  exponent = *p == 'e' ? atoi (p + 1) : 0;

  /* Drop trailing zeros of the mantissa (keep one digit). */
  while (n_digits > 1 && digits[n_digits - 1] == '0')
    digits[--n_digits] = '\0';

  decpt = exponent + 1;
  if (decpt > -4 && decpt <= 16)
    {
      if (decpt <= 0)
        {
          g_string_append (out, "0.");
          for (int i = 0; i < -decpt; i++)
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
  else
    {
      g_string_append_c (out, digits[0]);
      if (n_digits > 1)
        {
          g_string_append_c (out, '.');
          g_string_append (out, digits + 1);
        }
      g_string_append_printf (out, "e%c%02d",
                              exponent < 0 ? '-' : '+', ABS (exponent));
    }
}

char *
server_py_float_repr (double value)
{
  GString *out = g_string_new (NULL);

  server_py_append_float_repr (out, value);
  return g_string_free (out, FALSE);
}

gboolean
server_py_isspace (gunichar c)
{
  switch (c)
    {
    case 0x09: case 0x0a: case 0x0b: case 0x0c: case 0x0d:
    case 0x1c: case 0x1d: case 0x1e: case 0x1f: case 0x20:
    case 0x85: case 0xa0: case 0x1680:
    case 0x2028: case 0x2029: case 0x202f: case 0x205f: case 0x3000:
      return TRUE;
    default:
      return c >= 0x2000 && c <= 0x200a;
    }
}

static gboolean
py_isprintable (gunichar c)
{
  if (c == ' ')
    return TRUE;

  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_UNASSIGNED:
    case G_UNICODE_PRIVATE_USE:
    case G_UNICODE_SURROGATE:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
    case G_UNICODE_SPACE_SEPARATOR:
      return FALSE;
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
    case G_UNICODE_CONNECT_PUNCTUATION:
    case G_UNICODE_DASH_PUNCTUATION:
    case G_UNICODE_CLOSE_PUNCTUATION:
    case G_UNICODE_FINAL_PUNCTUATION:
    case G_UNICODE_INITIAL_PUNCTUATION:
    case G_UNICODE_OTHER_PUNCTUATION:
    case G_UNICODE_OPEN_PUNCTUATION:
    case G_UNICODE_CURRENCY_SYMBOL:
    case G_UNICODE_MODIFIER_SYMBOL:
    case G_UNICODE_MATH_SYMBOL:
    case G_UNICODE_OTHER_SYMBOL:
    default:
      return TRUE;
    }
}

static void
append_string_repr (GString    *out,
                    const char *str)
{
  const char *p = str;
  char quote = '\'';

  if (strchr (str, '\'') != NULL && strchr (str, '"') == NULL)
    quote = '"';

  g_string_append_c (out, quote);
  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          p++;
          continue;
        }

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
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else if (c < 0x7f)
        g_string_append_c (out, (char) c);
      else if (!py_isprintable (c))
        {
          if (c <= 0xff)
            g_string_append_printf (out, "\\x%02x", c);
          else if (c <= 0xffff)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_printf (out, "\\U%08x", c);
        }
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);

      p = g_utf8_next_char (p);
    }
  g_string_append_c (out, quote);
}

static void
append_value_repr (GString  *out,
                   JsonNode *node)
{
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_INT64)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
  else if (type == G_TYPE_DOUBLE)
    server_py_append_float_repr (out, json_node_get_double (node));
  else if (type == G_TYPE_BOOLEAN)
    g_string_append (out, json_node_get_boolean (node) ? "True" : "False");
  else if (type == G_TYPE_STRING)
    append_string_repr (out, json_node_get_string (node));
  else
    g_string_append (out, "None");
}

void
server_py_append_repr (GString  *out,
                       JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (object);
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        for (GList *l = members; l != NULL; l = l->next)
          {
            if (!first)
              g_string_append (out, ", ");
            first = FALSE;
            append_string_repr (out, l->data);
            g_string_append (out, ": ");
            server_py_append_repr (out, json_object_get_member (object, l->data));
          }
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append (out, ", ");
            server_py_append_repr (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_VALUE:
      append_value_repr (out, node);
      break;

    case JSON_NODE_NULL:
    default:
      g_string_append (out, "None");
      break;
    }
}

/* str(): like repr() except that a string is its own text. */
char *
server_py_str (JsonNode *node)
{
  GString *out;

  if (JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));

  out = g_string_new (NULL);
  server_py_append_repr (out, node);
  return g_string_free (out, FALSE);
}

const char *
server_py_type_name (JsonNode *node)
{
  GType type;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return "<class 'dict'>";
    case JSON_NODE_ARRAY:
      return "<class 'list'>";
    case JSON_NODE_NULL:
      return "<class 'NoneType'>";
    case JSON_NODE_VALUE:
    default:
      break;
    }

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    return "<class 'int'>";
  if (type == G_TYPE_DOUBLE)
    return "<class 'float'>";
  if (type == G_TYPE_BOOLEAN)
    return "<class 'bool'>";
  if (type == G_TYPE_STRING)
    return "<class 'str'>";
  return "<class 'NoneType'>";
}
