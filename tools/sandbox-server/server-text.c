/* server-text.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "server-pyformat.h"
#include "server-text.h"

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

      if (c == (gunichar) -1 || c == (gunichar) -2 || !server_py_isspace (c))
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
      if (c == (gunichar) -1 || c == (gunichar) -2 || !server_py_isspace (c))
        break;
      end = prev;
    }

  *out_start = start - data;
  *out_len = end - start;
}
