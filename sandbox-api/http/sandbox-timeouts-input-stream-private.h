/* sandbox-timeouts-input-stream-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sandbox-deadline-private.h"
#include "sandbox-filter-stream-private.h"

G_BEGIN_DECLS

#define SANDBOX_TYPE_TIMEOUTS_INPUT_STREAM (sandbox_timeouts_input_stream_get_type ())

G_DECLARE_FINAL_TYPE (SandboxTimeoutsInputStream, sandbox_timeouts_input_stream,
                      SANDBOX, TIMEOUTS_INPUT_STREAM, SandboxFilterStream)

GInputStream *sandbox_timeouts_input_stream_new          (GInputStream    *base_stream,
                                                          double           read_timeout);
GInputStream *sandbox_timeouts_input_stream_new_touching (GInputStream    *base_stream,
                                                          SandboxDeadline *deadline);

G_END_DECLS
