/* sandbox-upload-source-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sandbox-environment-builder.h"

G_BEGIN_DECLS

/* An execute's environment archive, opened with its exact length each time
 * the request is sent. A file (opened anew), a seekable stream (sought back)
 * and a builder (packed anew) can be replayed; other streams are read once. */
typedef struct _SandboxUploadSource SandboxUploadSource;

SandboxUploadSource *sandbox_upload_source_new_stream      (GInputStream              *stream);
SandboxUploadSource *sandbox_upload_source_new_file        (GFile                     *file);
SandboxUploadSource *sandbox_upload_source_new_environment (SandboxEnvironmentBuilder *builder);
void                 sandbox_upload_source_unref           (SandboxUploadSource       *self);

gboolean             sandbox_upload_source_is_replayable   (SandboxUploadSource       *self);
const char          *sandbox_upload_source_get_filename    (SandboxUploadSource       *self);

GInputStream        *sandbox_upload_source_open            (SandboxUploadSource       *self,
                                                            goffset                   *out_size,
                                                            GCancellable              *cancellable,
                                                            GError                   **error);
void                 sandbox_upload_source_open_async      (SandboxUploadSource       *self,
                                                            GCancellable              *cancellable,
                                                            GAsyncReadyCallback        callback,
                                                            gpointer                   user_data);
GInputStream        *sandbox_upload_source_open_finish     (SandboxUploadSource       *self,
                                                            GAsyncResult              *result,
                                                            goffset                   *out_size,
                                                            GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SandboxUploadSource, sandbox_upload_source_unref)

G_END_DECLS
