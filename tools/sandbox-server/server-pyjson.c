/* server-pyjson.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "server-pyjson.h"

/* Parses JSON exactly as Python's json.loads() (its C scanner) does — what
 * it accepts (NaN, Infinity; the last of duplicate keys wins) and what it
 * refuses (single quotes, trailing commas, comments, control characters
 * in strings) — with its error messages:
 * "Expecting value: line 1 column 1 (char 0)". */

typedef struct
{
  const char  *text;
  gsize        len;
  gsize        error_pos;
  const char  *error;
  guint        depth;
} Parser;

#define MAX_DEPTH 512

static JsonNode *parse_value (Parser *p, gsize idx, gsize *next);

static gboolean
fail (Parser     *p,
      const char *message,
      gsize       pos)
{
  if (p->error == NULL)
    {
      p->error = message;
      p->error_pos = pos;
    }
  return FALSE;
}

static gboolean
is_ws (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static gsize
skip_ws (Parser *p,
         gsize   idx)
{
  while (idx < p->len && is_ws (p->text[idx]))
    idx++;
  return idx;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Parser   *p,
           gsize     at,
           gunichar *out)
{
  gunichar c = 0;

  for (gsize i = 0; i < 4; i++)
    {
      int v = at + i < p->len ? hex_value (p->text[at + i]) : -1;

      if (v < 0)
        return FALSE;
      c = (c << 4) | v;
    }
  *out = c;
  return TRUE;
}

/* A string whose opening quote is at @begin - 1. */
static char *
parse_string (Parser *p,
              gsize   idx,
              gsize  *next)
{
  GString *out = g_string_new (NULL);
  gsize begin = idx - 1;

  for (;;)
    {
      gsize start = idx;
      char c = 0;

      for (; idx < p->len; idx++)
        {
          c = p->text[idx];
          if (c == '"' || c == '\\')
            break;
          if ((guchar) c <= 0x1f)
            {
              fail (p, "Invalid control character at", idx);
              goto error;
            }
        }
      if (idx >= p->len)
        {
          fail (p, "Unterminated string starting at", begin);
          goto error;
        }
      g_string_append_len (out, p->text + start, idx - start);
      idx++;
      if (c == '"')
        break;

      if (idx >= p->len)
        {
          fail (p, "Unterminated string starting at", begin);
          goto error;
        }
      c = p->text[idx];
      if (c != 'u')
        {
          const char *escapes = "\"\"\\\\//b\bf\fn\nr\rt\t";
          const char *e = NULL;

          for (const char *s = escapes; *s != '\0'; s += 2)
            if (*s == c)
              e = s;
          if (e == NULL)
            {
              fail (p, "Invalid \\escape", idx - 1);
              goto error;
            }
          g_string_append_c (out, e[1]);
          idx++;
        }
      else
        {
          gunichar u;
          gunichar u2;

          idx++;
          if (idx + 4 >= p->len || !read_hex4 (p, idx, &u))
            {
              fail (p, "Invalid \\uXXXX escape", idx - 1);
              goto error;
            }
          idx += 4;
          if (u >= 0xd800 && u <= 0xdbff && idx + 6 < p->len
              && p->text[idx] == '\\' && p->text[idx + 1] == 'u')
            {
              if (!read_hex4 (p, idx + 2, &u2))
                {
                  fail (p, "Invalid \\uXXXX escape", idx + 1);
                  goto error;
                }
              if (u2 >= 0xdc00 && u2 <= 0xdfff)
                {
                  u = 0x10000 + (((u - 0xd800) << 10) | (u2 - 0xdc00));
                  idx += 6;
                }
            }
          /* Lone surrogates and NUL cannot live in GLib strings. */
          if ((u >= 0xd800 && u <= 0xdfff) || u == 0)
            u = 0xfffd;
          g_string_append_unichar (out, u);
        }
    }

  *next = idx;
  return g_string_free (out, FALSE);

error:
  g_string_free (out, TRUE);
  return NULL;
}

static JsonNode *
parse_number (Parser *p,
              gsize   start,
              gsize  *next)
{
  gsize idx = start;
  gboolean is_float = FALSE;
  g_autofree char *text = NULL;
  JsonNode *node;

  if (p->text[idx] == '-')
    {
      idx++;
      if (idx >= p->len)
        {
          fail (p, "Expecting value", start);
          return NULL;
        }
    }

  if (p->text[idx] >= '1' && p->text[idx] <= '9')
    {
      idx++;
      while (idx < p->len && g_ascii_isdigit (p->text[idx]))
        idx++;
    }
  else if (p->text[idx] == '0')
    idx++;
  else
    {
      fail (p, "Expecting value", start);
      return NULL;
    }

  if (idx + 1 < p->len && p->text[idx] == '.'
      && g_ascii_isdigit (p->text[idx + 1]))
    {
      is_float = TRUE;
      idx += 2;
      while (idx < p->len && g_ascii_isdigit (p->text[idx]))
        idx++;
    }

  if (idx + 1 < p->len && (p->text[idx] == 'e' || p->text[idx] == 'E'))
    {
      gsize e_start = idx++;

      if (idx + 1 < p->len && (p->text[idx] == '-' || p->text[idx] == '+'))
        idx++;
      while (idx < p->len && g_ascii_isdigit (p->text[idx]))
        idx++;
      if (g_ascii_isdigit (p->text[idx - 1]))
        is_float = TRUE;
      else
        idx = e_start;
    }

  text = g_strndup (p->text + start, idx - start);
  node = json_node_new (JSON_NODE_VALUE);
  if (!is_float)
    {
      char *end;
      gint64 value;

      errno = 0;
      value = g_ascii_strtoll (text, &end, 10);
      if (errno == 0)
        json_node_set_int (node, value);
      else
        json_node_set_double (node, g_ascii_strtod (text, NULL));
    }
  else
    json_node_set_double (node, g_ascii_strtod (text, NULL));

  *next = idx;
  return node;
}

static gboolean
has_word (Parser     *p,
          gsize       idx,
          const char *word)
{
  gsize n = strlen (word);

  return idx + n <= p->len && memcmp (p->text + idx, word, n) == 0;
}

static JsonNode *
parse_object (Parser *p,
              gsize   idx,
              gsize  *next)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonNode *node;

  idx = skip_ws (p, idx);
  if (idx >= p->len || p->text[idx] != '}')
    {
      for (;;)
        {
          g_autofree char *key = NULL;
          JsonNode *value;

          if (idx >= p->len || p->text[idx] != '"')
            {
              fail (p, "Expecting property name enclosed in double quotes", idx);
              return NULL;
            }
          key = parse_string (p, idx + 1, &idx);
          if (key == NULL)
            return NULL;

          idx = skip_ws (p, idx);
          if (idx >= p->len || p->text[idx] != ':')
            {
              fail (p, "Expecting ':' delimiter", idx);
              return NULL;
            }
          idx = skip_ws (p, idx + 1);

          value = parse_value (p, idx, &idx);
          if (value == NULL)
            return NULL;
          json_object_set_member (object, key, value);

          idx = skip_ws (p, idx);
          if (idx < p->len && p->text[idx] == '}')
            break;
          if (idx >= p->len || p->text[idx] != ',')
            {
              fail (p, "Expecting ',' delimiter", idx);
              return NULL;
            }
          idx = skip_ws (p, idx + 1);
        }
    }

  *next = idx + 1;
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, object);
  return node;
}

static JsonNode *
parse_array (Parser *p,
             gsize   idx,
             gsize  *next)
{
  g_autoptr(JsonArray) array = json_array_new ();
  JsonNode *node;

  idx = skip_ws (p, idx);
  if (idx >= p->len || p->text[idx] != ']')
    {
      for (;;)
        {
          JsonNode *value = parse_value (p, idx, &idx);

          if (value == NULL)
            return NULL;
          json_array_add_element (array, value);

          idx = skip_ws (p, idx);
          if (idx < p->len && p->text[idx] == ']')
            break;
          if (idx >= p->len || p->text[idx] != ',')
            {
              fail (p, "Expecting ',' delimiter", idx);
              return NULL;
            }
          idx = skip_ws (p, idx + 1);
        }
    }

  *next = idx + 1;
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, array);
  return node;
}

static JsonNode *
parse_value (Parser *p,
             gsize   idx,
             gsize  *next)
{
  JsonNode *node = NULL;

  if (idx >= p->len)
    {
      fail (p, "Expecting value", idx);
      return NULL;
    }
  if (p->depth >= MAX_DEPTH)
    {
      fail (p, "Expecting value", idx);
      return NULL;
    }

  switch (p->text[idx])
    {
    case '"':
      {
        char *str = parse_string (p, idx + 1, next);

        if (str == NULL)
          return NULL;
        node = json_node_new (JSON_NODE_VALUE);
        json_node_set_string (node, str);
        g_free (str);
        return node;
      }
    case '{':
      p->depth++;
      node = parse_object (p, idx + 1, next);
      p->depth--;
      return node;
    case '[':
      p->depth++;
      node = parse_array (p, idx + 1, next);
      p->depth--;
      return node;
    default:
      break;
    }

  if (has_word (p, idx, "null"))
    {
      *next = idx + 4;
      return json_node_new (JSON_NODE_NULL);
    }
  if (has_word (p, idx, "true") || has_word (p, idx, "false"))
    {
      gboolean value = p->text[idx] == 't';

      *next = idx + (value ? 4 : 5);
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, value);
      return node;
    }
  if (has_word (p, idx, "NaN") || has_word (p, idx, "Infinity")
      || has_word (p, idx, "-Infinity"))
    {
      node = json_node_new (JSON_NODE_VALUE);
      if (p->text[idx] == 'N')
        {
          json_node_set_double (node, NAN);
          *next = idx + 3;
        }
      else if (p->text[idx] == 'I')
        {
          json_node_set_double (node, INFINITY);
          *next = idx + 8;
        }
      else
        {
          json_node_set_double (node, -INFINITY);
          *next = idx + 9;
        }
      return node;
    }

  return parse_number (p, idx, next);
}

/* Python counts characters, not bytes. */
static char *
format_error (Parser *p)
{
  gsize pos = 0, line = 1, last_nl = 0;
  gboolean seen_nl = FALSE;

  for (gsize i = 0; i < p->error_pos && i < p->len; i++)
    {
      if (((guchar) p->text[i] & 0xc0) == 0x80)
        continue;
      if (p->text[i] == '\n')
        {
          line++;
          last_nl = pos;
          seen_nl = TRUE;
        }
      pos++;
    }

  return g_strdup_printf ("%s: line %" G_GSIZE_FORMAT " column %" G_GSIZE_FORMAT
                          " (char %" G_GSIZE_FORMAT ")", p->error, line,
                          seen_nl ? pos - last_nl : pos + 1, pos);
}

/* Parses @text (valid UTF-8); NULL with Python's message on error. */
JsonNode *
server_pyjson_parse (const char  *text,
                     gsize        len,
                     char       **out_message)
{
  Parser p = { text, len, 0, NULL, 0 };
  JsonNode *root;
  gsize end = 0;

  root = parse_value (&p, skip_ws (&p, 0), &end);
  if (root != NULL)
    {
      end = skip_ws (&p, end);
      if (end != len)
        {
          json_node_unref (root);
          root = NULL;
          fail (&p, "Extra data", end);
        }
    }

  if (root == NULL)
    *out_message = format_error (&p);
  return root;
}
