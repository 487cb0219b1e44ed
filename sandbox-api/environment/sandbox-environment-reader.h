/* sandbox-environment-reader.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(SANDBOX_INSIDE) && !defined(SANDBOX_COMPILATION)
# error "Only <sandbox-api.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sandbox-environment-member.h"
#include "sandbox-version-macros.h"

G_BEGIN_DECLS

#define SANDBOX_TYPE_ENVIRONMENT_READER (sandbox_environment_reader_get_type ())

SANDBOX_AVAILABLE_IN_1_1
G_DECLARE_FINAL_TYPE (SandboxEnvironmentReader, sandbox_environment_reader,
                      SANDBOX, ENVIRONMENT_READER, GObject)

SANDBOX_AVAILABLE_IN_1_1
SandboxEnvironmentReader *sandbox_environment_reader_new             (GInputStream              *stream);
SANDBOX_AVAILABLE_IN_1_1
GInputStream *sandbox_environment_reader_get_stream        (SandboxEnvironmentReader  *self);
SANDBOX_AVAILABLE_IN_1_1
guint64       sandbox_environment_reader_get_max_size      (SandboxEnvironmentReader  *self);
SANDBOX_AVAILABLE_IN_1_1
void          sandbox_environment_reader_set_max_size      (SandboxEnvironmentReader  *self,
                                                            guint64                    max_size);
SANDBOX_AVAILABLE_IN_1_1
guint         sandbox_environment_reader_get_max_members   (SandboxEnvironmentReader  *self);
SANDBOX_AVAILABLE_IN_1_1
void          sandbox_environment_reader_set_max_members   (SandboxEnvironmentReader  *self,
                                                            guint                      max_members);
SANDBOX_AVAILABLE_IN_1_1
SandboxEnvironmentMember *sandbox_environment_reader_next            (SandboxEnvironmentReader  *self,
                                                                      GCancellable              *cancellable,
                                                                      GError                   **error);
SANDBOX_AVAILABLE_IN_1_1
void          sandbox_environment_reader_next_async        (SandboxEnvironmentReader  *self,
                                                            GCancellable              *cancellable,
                                                            GAsyncReadyCallback        callback,
                                                            gpointer                   user_data);
SANDBOX_AVAILABLE_IN_1_1
SandboxEnvironmentMember *sandbox_environment_reader_next_finish     (SandboxEnvironmentReader  *self,
                                                                      GAsyncResult              *result,
                                                                      GError                   **error);
SANDBOX_AVAILABLE_IN_1_1
GBytes       *sandbox_environment_reader_read_bytes        (SandboxEnvironmentReader  *self,
                                                            GCancellable              *cancellable,
                                                            GError                   **error);
SANDBOX_AVAILABLE_IN_1_1
void          sandbox_environment_reader_read_bytes_async  (SandboxEnvironmentReader  *self,
                                                            GCancellable              *cancellable,
                                                            GAsyncReadyCallback        callback,
                                                            gpointer                   user_data);
SANDBOX_AVAILABLE_IN_1_1
GBytes       *sandbox_environment_reader_read_bytes_finish (SandboxEnvironmentReader  *self,
                                                            GAsyncResult              *result,
                                                            GError                   **error);
SANDBOX_AVAILABLE_IN_1_1
gboolean      sandbox_environment_reader_extract           (SandboxEnvironmentReader  *self,
                                                            GFile                     *directory,
                                                            GCancellable              *cancellable,
                                                            GError                   **error);
SANDBOX_AVAILABLE_IN_1_1
void          sandbox_environment_reader_extract_async     (SandboxEnvironmentReader  *self,
                                                            GFile                     *directory,
                                                            GCancellable              *cancellable,
                                                            GAsyncReadyCallback        callback,
                                                            gpointer                   user_data);
SANDBOX_AVAILABLE_IN_1_1
gboolean      sandbox_environment_reader_extract_finish    (SandboxEnvironmentReader  *self,
                                                            GAsyncResult              *result,
                                                            GError                   **error);

G_END_DECLS
