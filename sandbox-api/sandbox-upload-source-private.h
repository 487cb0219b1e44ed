/* sandbox-upload-source-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sandbox-environment-builder.h"

G_BEGIN_DECLS

/* Where the environment archive of an execute comes from, opened as a
 * stream of exact length each time the request is (re)sent. A source that
 * is replayable can be opened again after a failed attempt and gives the
 * same bytes: a file (opened anew), a seekable stream (sought back to
 * where it was first found), an environment builder (packed anew). Any
 * other stream can be read only once. */
typedef struct _SandboxUploadSource SandboxUploadSource;

SandboxUploadSource *sandbox_upload_source_new_stream      (GInputStream              *stream);
SandboxUploadSource *sandbox_upload_source_new_file        (GFile                     *file);
SandboxUploadSource *sandbox_upload_source_new_environment (SandboxEnvironmentBuilder *builder);
SandboxUploadSource *sandbox_upload_source_ref             (SandboxUploadSource       *self);
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
