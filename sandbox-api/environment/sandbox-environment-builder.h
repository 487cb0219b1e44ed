/* sandbox-environment-builder.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(SANDBOX_INSIDE) && !defined(SANDBOX_COMPILATION)
# error "Only <sandbox-api.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sandbox-version-macros.h"

G_BEGIN_DECLS

#define SANDBOX_TYPE_ENVIRONMENT_BUILDER (sandbox_environment_builder_get_type ())

SANDBOX_AVAILABLE_IN_1_1
G_DECLARE_FINAL_TYPE (SandboxEnvironmentBuilder, sandbox_environment_builder,
                      SANDBOX, ENVIRONMENT_BUILDER, GObject)

SANDBOX_AVAILABLE_IN_1_1
SandboxEnvironmentBuilder *sandbox_environment_builder_new         (void);
SANDBOX_AVAILABLE_IN_1_1
gboolean      sandbox_environment_builder_add_bytes   (SandboxEnvironmentBuilder  *self,
                                                       const char                 *path,
                                                       GBytes                     *contents,
                                                       guint                       mode,
                                                       GError                    **error);
SANDBOX_AVAILABLE_IN_1_1
gboolean      sandbox_environment_builder_add_file    (SandboxEnvironmentBuilder  *self,
                                                       const char                 *path,
                                                       GFile                      *file,
                                                       GError                    **error);
SANDBOX_AVAILABLE_IN_1_1
int           sandbox_environment_builder_get_compression_level
                                                      (SandboxEnvironmentBuilder  *self);
SANDBOX_AVAILABLE_IN_1_1
void          sandbox_environment_builder_set_compression_level
                                                      (SandboxEnvironmentBuilder  *self,
                                                       int                         level);
SANDBOX_AVAILABLE_IN_1_1
GInputStream *sandbox_environment_builder_open        (SandboxEnvironmentBuilder  *self,
                                                       goffset                    *out_size,
                                                       GCancellable               *cancellable,
                                                       GError                    **error);
SANDBOX_AVAILABLE_IN_1_1
void          sandbox_environment_builder_open_async  (SandboxEnvironmentBuilder  *self,
                                                       GCancellable               *cancellable,
                                                       GAsyncReadyCallback         callback,
                                                       gpointer                    user_data);
SANDBOX_AVAILABLE_IN_1_1
GInputStream *sandbox_environment_builder_open_finish (SandboxEnvironmentBuilder  *self,
                                                       GAsyncResult               *result,
                                                       goffset                    *out_size,
                                                       GError                    **error);

G_END_DECLS
