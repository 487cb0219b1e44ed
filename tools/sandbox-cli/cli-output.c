/* cli-output.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "cli-json.h"
#include "cli-output.h"

/* Terminal, colour and JSON printing. Everything meant for stdout is
 * written as UTF-8 bytes, unconverted, so that pipes get the server's text
 * as it was sent; on a terminal, control characters of that text are shown
 * escaped so that a command's output cannot drive the terminal. */

#define STYLE_RESET "\033[0m"

gboolean
cli_output_is_terminal (FILE *stream)
{
  return isatty (fileno (stream));
}

gboolean
cli_output_use_color (FILE *stream)
{
  const char *no_color = g_getenv ("NO_COLOR");
  const char *term = g_getenv ("TERM");

  if (!cli_output_is_terminal (stream))
    return FALSE;
  if (no_color != NULL && *no_color != '\0')
    return FALSE;

  return term != NULL && g_strcmp0 (term, "dumb") != 0;
}

static const char *
style_start (CliStyle style)
{
  switch (style)
    {
    case CLI_STYLE_BOLD:
      return "\033[1m";
    case CLI_STYLE_DIM:
      return "\033[2m";
    case CLI_STYLE_RED:
      return "\033[31m";
    case CLI_STYLE_GREEN:
      return "\033[32m";
    case CLI_STYLE_NONE:
    default:
      return "";
    }
}

static void
write_styled (FILE       *stream,
              CliStyle    style,
              const char *text)
{
  gboolean color = style != CLI_STYLE_NONE && cli_output_use_color (stream);

  if (color)
    fputs (style_start (style), stream);
  fputs (text, stream);
  if (color)
    fputs (STYLE_RESET, stream);
}

void
cli_output_styled (FILE       *stream,
                   CliStyle    style,
                   const char *format,
                   ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  write_styled (stream, style, text);
}

static gboolean
is_control (gunichar c)
{
  return (c < 0x20 && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0);
}

/* Escapes the control characters of @line, which the server sent as UTF-8
 * (anything else is escaped byte by byte). */
static char *
escape_controls (const char *line,
                 gsize       length)
{
  GString *escaped = g_string_sized_new (length);
  const char *p = line;
  const char *end = line + length;

  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (escaped, "\\x%02X", (guint) (guchar) *p);
          p++;
          continue;
        }

      if (is_control (c))
        g_string_append_printf (escaped, c < 0x80 ? "\\x%02X" : "\\u%04X", c);
      else
        g_string_append_len (escaped, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }

  return g_string_free (escaped, FALSE);
}

/* Prints @text line by line, each line after @indent, with one newline at
 * the end whether or not @text has one. */
void
cli_output_block (FILE       *stream,
                  CliStyle    style,
                  const char *indent,
                  const char *text)
{
  gboolean terminal = cli_output_is_terminal (stream);
  const char *line = text;
  gsize length = strlen (text);

  if (length == 0)
    return;
  if (text[length - 1] == '\n')
    length--;

  while (line <= text + length)
    {
      const char *newline = memchr (line, '\n', text + length - line);
      gsize line_length = (newline != NULL ? newline : text + length) - line;

      fputs (indent, stream);
      if (terminal)
        {
          g_autofree char *shown = escape_controls (line, line_length);

          write_styled (stream, style, shown);
        }
      else
        {
          fwrite (line, 1, line_length, stream);
        }
      fputc ('\n', stream);

      if (newline == NULL)
        break;
      line = newline + 1;
    }
}

void
cli_output_json (JsonNode *node,
                 gboolean  pretty)
{
  g_autofree char *text = cli_json_to_string (node, pretty);

  fputs (text, stdout);
  fputc ('\n', stdout);
}

void
cli_output_error (const char *format,
                  ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fflush (stdout);
  g_printerr ("sandbox-cli: %s\n", message);
}
