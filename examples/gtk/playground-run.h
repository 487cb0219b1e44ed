/* playground-run.h: one execution, with the files to send packed on the way
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <sandbox-api.h>

G_BEGIN_DECLS

void              playground_run_async  (SandboxClient           *client,
                                         SandboxConfig           *config,
                                         GListModel              *files,
                                         SandboxProgressCallback  progress_callback,
                                         gpointer                 progress_data,
                                         GDestroyNotify           progress_notify,
                                         GCancellable            *cancellable,
                                         GAsyncReadyCallback      callback,
                                         gpointer                 user_data);
SandboxExecution *playground_run_finish (SandboxClient           *client,
                                         GAsyncResult            *result,
                                         GError                 **error);

G_END_DECLS
