/* sandbox-sized-input-stream-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SANDBOX_TYPE_SIZED_INPUT_STREAM (sandbox_sized_input_stream_get_type ())

G_DECLARE_FINAL_TYPE (SandboxSizedInputStream, sandbox_sized_input_stream,
                      SANDBOX, SIZED_INPUT_STREAM, GFilterInputStream)

GInputStream *sandbox_sized_input_stream_new (GInputStream *base_stream,
                                              goffset       size);

G_END_DECLS
