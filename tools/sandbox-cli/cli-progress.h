/* cli-progress.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CliProgress CliProgress;

CliProgress *cli_progress_new    (goffset      total);
void         cli_progress_add    (CliProgress *self,
                                  gsize        bytes);
void         cli_progress_finish (CliProgress *self,
                                  gboolean     success);
void         cli_progress_free   (CliProgress *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliProgress, cli_progress_free)

G_END_DECLS
