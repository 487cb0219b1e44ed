/* cli-progress.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CliProgress CliProgress;

gboolean     cli_progress_wanted   (gboolean     progress,
                                    gboolean     no_progress,
                                    gboolean    *out_wanted,
                                    GError     **error);

CliProgress *cli_progress_new      (const char  *label,
                                    gboolean     enabled);
void         cli_progress_update   (goffset      current,
                                    goffset      total,
                                    gpointer     user_data);
void         cli_progress_finish   (CliProgress *self,
                                    gboolean     success);
void         cli_progress_free     (CliProgress *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliProgress, cli_progress_free)

G_END_DECLS
