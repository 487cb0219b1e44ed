/* sandbox-upload-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char         *content_type;
  GInputStream *body;
  goffset       length;
} SandboxUpload;

SandboxUpload *sandbox_upload_new        (const char           *config_json,
                                          GInputStream         *archive,
                                          const char           *filename,
                                          GCancellable         *cancellable,
                                          GError              **error);
void           sandbox_upload_new_async  (const char           *config_json,
                                          GInputStream         *archive,
                                          const char           *filename,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
SandboxUpload *sandbox_upload_new_finish (GAsyncResult         *result,
                                          GError              **error);
void           sandbox_upload_free       (SandboxUpload        *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SandboxUpload, sandbox_upload_free)

G_END_DECLS
