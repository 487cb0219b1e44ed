/* sandbox-environment-stream-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SANDBOX_TYPE_ENVIRONMENT_STREAM (sandbox_environment_stream_get_type ())

G_DECLARE_FINAL_TYPE (SandboxEnvironmentStream, sandbox_environment_stream,
                      SANDBOX, ENVIRONMENT_STREAM, GInputStream)

GInputStream *sandbox_environment_stream_new        (GPtrArray                *entries,
                                                     gboolean                  gzip);
goffset       sandbox_environment_stream_get_length (SandboxEnvironmentStream *self);

G_END_DECLS
