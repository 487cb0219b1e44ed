/* sandbox-sized-input-stream-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sandbox-exact-length-stream-private.h"

G_BEGIN_DECLS

GInputStream *sandbox_sized_input_stream_new (GInputStream *base_stream,
                                              goffset       size);

G_END_DECLS
