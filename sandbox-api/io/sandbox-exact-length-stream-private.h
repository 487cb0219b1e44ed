/* sandbox-exact-length-stream-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sandbox-filter-stream-private.h"

G_BEGIN_DECLS

#define SANDBOX_TYPE_EXACT_LENGTH_STREAM (sandbox_exact_length_stream_get_type ())

G_DECLARE_FINAL_TYPE (SandboxExactLengthStream, sandbox_exact_length_stream,
                      SANDBOX, EXACT_LENGTH_STREAM, SandboxFilterStream)

GInputStream *sandbox_exact_length_stream_new (GInputStream *base_stream,
                                               goffset       length,
                                               GQuark        domain,
                                               int           code,
                                               const char   *name);

G_END_DECLS
