/* sandbox-deadline-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _SandboxDeadline SandboxDeadline;

SandboxDeadline *sandbox_deadline_new             (double            timeout,
                                                   GCancellable     *cancellable,
                                                   GMainContext     *context);
GCancellable    *sandbox_deadline_get_cancellable (SandboxDeadline  *self);
void             sandbox_deadline_stop            (SandboxDeadline  *self);
gboolean         sandbox_deadline_propagate       (SandboxDeadline  *self,
                                                   GError          **error);
void             sandbox_deadline_free            (SandboxDeadline  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SandboxDeadline, sandbox_deadline_free)

G_END_DECLS
