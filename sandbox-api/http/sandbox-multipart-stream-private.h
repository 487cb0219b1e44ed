/* sandbox-multipart-stream-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sandbox-filter-stream-private.h"

G_BEGIN_DECLS

#define SANDBOX_TYPE_MULTIPART_STREAM (sandbox_multipart_stream_get_type ())

G_DECLARE_FINAL_TYPE (SandboxMultipartStream, sandbox_multipart_stream,
                      SANDBOX, MULTIPART_STREAM, SandboxFilterStream)

GInputStream *sandbox_multipart_stream_new        (GBytes                 *head,
                                                   GInputStream           *body,
                                                   goffset                 body_size,
                                                   GBytes                 *tail);
goffset       sandbox_multipart_stream_get_length (SandboxMultipartStream *self);

G_END_DECLS
