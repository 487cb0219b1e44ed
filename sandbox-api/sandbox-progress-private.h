/* sandbox-progress-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sandbox-progress.h"

G_BEGIN_DECLS

/* A transfer's progress reporter. Counting may happen on any thread; the
 * caller's callback runs on the calling thread for a blocking operation, and
 * in the operation's main context for an asynchronous one (from an idle
 * source, unless the reporting thread is the one iterating that context),
 * where the caller's GDestroyNotify also runs, after the last report.
 * Reports queued in the context go before the callback of an operation
 * that returns after them. NULL is a valid reporter that reports nothing,
 * so that callers need no checks. */
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
