/* cli-archive.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cli-progress.h"

G_BEGIN_DECLS

GInputStream *cli_archive_pack    (const char     *directory,
                                   GError        **error);
gboolean      cli_archive_extract (GInputStream   *stream,
                                   const char     *directory,
                                   CliProgress    *progress,
                                   gboolean       *out_read_failed,
                                   GError        **error);

G_END_DECLS
