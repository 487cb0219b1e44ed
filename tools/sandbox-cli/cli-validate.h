/* cli-validate.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest --timeout or --timeout-each: a week. */
#define CLI_MAX_SECONDS 604800.0

gboolean  cli_parse_seconds      (const char  *option,
                                  const char  *text,
                                  double      *out_seconds,
                                  GError     **error);
char     *cli_parse_uuid         (const char  *what,
                                  const char  *text,
                                  GError     **error);
gboolean  cli_check_inside_path  (const char  *what,
                                  const char  *path,
                                  gboolean     strict,
                                  GError     **error);
gboolean  cli_check_url_text     (const char  *what,
                                  const char  *url,
                                  GError     **error);
gboolean  cli_check_not_empty    (const char  *option,
                                  const char  *value,
                                  GError     **error);
gboolean  cli_check_header_value (const char  *option,
                                  const char  *value,
                                  GError     **error);

G_END_DECLS
