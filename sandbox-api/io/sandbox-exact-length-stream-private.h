/* sandbox-exact-length-stream-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GInputStream *sandbox_exact_length_stream_new (GInputStream *base_stream,
                                               goffset       length,
                                               GQuark        domain,
                                               int           code,
                                               const char   *name);

G_END_DECLS
