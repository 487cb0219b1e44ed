/* cli-output.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <stdio.h>

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  CLI_STYLE_NONE,
  CLI_STYLE_BOLD,
  CLI_STYLE_DIM,
  CLI_STYLE_RED,
  CLI_STYLE_GREEN,
} CliStyle;

gboolean cli_output_is_terminal (FILE        *stream);
gboolean cli_output_use_color   (FILE        *stream);
void     cli_output_styled      (FILE        *stream,
                                 CliStyle     style,
                                 const char  *format,
                                 ...) G_GNUC_PRINTF (3, 4);
void     cli_output_block       (FILE        *stream,
                                 CliStyle     style,
                                 const char  *indent,
                                 const char  *text);
void     cli_output_json        (JsonNode    *node,
                                 gboolean     pretty);
void     cli_output_error       (const char  *format,
                                 ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
