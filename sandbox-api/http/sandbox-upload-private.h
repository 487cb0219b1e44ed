/* sandbox-upload-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sandbox-filter-stream-private.h"

G_BEGIN_DECLS

typedef struct
{
  char         *content_type;
  GInputStream *body;
  goffset       length;
} SandboxUpload;

/* @archive may be %NULL (with an @archive_size of 0) for no environment. */
SandboxUpload *sandbox_upload_new        (const char           *config_json,
                                          GInputStream         *archive,
                                          goffset               archive_size,
                                          const char           *filename);
void           sandbox_upload_free       (SandboxUpload        *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SandboxUpload, sandbox_upload_free)

/* The body's stream: the framing around exactly @body_size archive bytes. */
#define SANDBOX_TYPE_MULTIPART_STREAM (sandbox_multipart_stream_get_type ())

G_DECLARE_FINAL_TYPE (SandboxMultipartStream, sandbox_multipart_stream,
                      SANDBOX, MULTIPART_STREAM, SandboxFilterStream)

GInputStream *sandbox_multipart_stream_new        (GBytes                 *head,
                                                   GInputStream           *body,
                                                   goffset                 body_size,
                                                   GBytes                 *tail);
goffset       sandbox_multipart_stream_get_length (SandboxMultipartStream *self);

G_END_DECLS
