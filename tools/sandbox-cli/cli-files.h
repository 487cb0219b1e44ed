/* cli-files.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The largest --config file read. */
#define CLI_MAX_CONFIG_SIZE (16 * 1024 * 1024)

gboolean  cli_check_file_kind     (const char  *option,
                                   const char  *path,
                                   GFileType    expected,
                                   gboolean     may_be_missing,
                                   GError     **error);
gboolean  cli_check_tree_is_plain (const char  *option,
                                   const char  *directory,
                                   GError     **error);
char     *cli_read_small_file     (const char  *option,
                                   const char  *path,
                                   gsize        max_size,
                                   GError     **error);

G_END_DECLS
