/* sandbox-progress-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sandbox-progress.h"

G_BEGIN_DECLS

/* A transfer's progress reporter, counting on any thread. The callback runs
 * on the calling thread of a blocking operation, or in an asynchronous one's
 * main context (from an idle source unless already there, before the
 * operation's own callback), where the GDestroyNotify runs last. NULL
 * reports nothing. */
typedef struct _SandboxProgress SandboxProgress;

SandboxProgress *sandbox_progress_new_blocking (SandboxProgressCallback  callback,
                                                gpointer                 user_data);
SandboxProgress *sandbox_progress_new_async    (SandboxProgressCallback  callback,
                                                gpointer                 user_data,
                                                GDestroyNotify           notify);
SandboxProgress *sandbox_progress_ref          (SandboxProgress         *self);
void             sandbox_progress_unref        (SandboxProgress         *self);

void             sandbox_progress_start        (SandboxProgress         *self,
                                                goffset                  total);
void             sandbox_progress_add          (SandboxProgress         *self,
                                                gsize                    count);
void             sandbox_progress_done         (SandboxProgress         *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SandboxProgress, sandbox_progress_unref)

G_END_DECLS
