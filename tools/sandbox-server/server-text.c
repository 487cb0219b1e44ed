/* server-text.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "server-text.h"

/* Python's str.isspace () for one character. */
static gboolean
is_python_space (gunichar c)
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

/* Whether @data decodes as UTF-8 the way Python's bytes.decode() does:
 * like g_utf8_validate(), except that NUL is a valid character. */
gboolean
server_text_is_utf8 (const char *data,
                     gsize       len)
{
  gsize pos = 0;

  while (pos < len)
    {
      const char *end;

      if (g_utf8_validate_len (data + pos, len - pos, &end))
        return TRUE;
      if (*end != '\0')
        return FALSE;
      pos = (end - data) + 1;
    }

  return TRUE;
}

/* The length of @data without an incomplete UTF-8 sequence at its end, as
 * left by a cut at a byte count. */
gsize
server_text_utf8_boundary (const char *data,
                           gsize       len)
{
  gsize back;

  for (back = 1; back <= 3 && back <= len; back++)
    {
      guchar byte = (guchar) data[len - back];
      gsize needed;

      if ((byte & 0xc0) == 0x80)
        continue;
      if ((byte & 0xe0) == 0xc0)
        needed = 2;
      else if ((byte & 0xf0) == 0xe0)
        needed = 3;
      else if ((byte & 0xf8) == 0xf0)
        needed = 4;
      else
        return len;

      return needed > back ? len - back : len;
    }

  return len;
}

/* Python's str.strip() on valid UTF-8 text: the range without leading and
 * trailing white space. */
void
server_text_strip (const char *data,
                   gsize       len,
                   gsize      *out_start,
                   gsize      *out_len)
{
  const char *start = data;
  const char *end = data + len;

  while (start < end)
    {
      gunichar c = g_utf8_get_char_validated (start, end - start);

      if (c == (gunichar) -1 || c == (gunichar) -2 || !is_python_space (c))
        break;
      start = g_utf8_next_char (start);
    }

  while (end > start)
    {
      const char *prev = g_utf8_find_prev_char (start, end);
      gunichar c;

      if (prev == NULL)
        prev = start;
      c = g_utf8_get_char_validated (prev, end - prev);
      if (c == (gunichar) -1 || c == (gunichar) -2 || !is_python_space (c))
        break;
      end = prev;
    }

  *out_start = start - data;
  *out_len = end - start;
}
