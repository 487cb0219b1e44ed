/* sandbox-client-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "sandbox-client.h"
#include "sandbox-progress-private.h"
#include "sandbox-request-private.h"
#include "sandbox-upload-source-private.h"

G_BEGIN_DECLS

const char  *sandbox_client_get_normalized_base_url (SandboxClient        *self);
SoupMessage *sandbox_client_new_message             (SandboxClient        *self,
                                                     const char           *method,
                                                     const char           *url);
void         sandbox_client_get_request_options     (SandboxClient        *self,
                                                     SoupMessage          *message,
                                                     SandboxResponseKind   kind,
                                                     SandboxRequestOptions *options);
void         sandbox_client_send                    (SandboxClient        *self,
                                                     SoupMessage          *message,
                                                     SandboxResponseKind   kind,
                                                     gpointer              source_tag,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean     sandbox_client_check_ready             (SandboxClient        *self,
                                                     gpointer              source_tag,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
void         sandbox_client_get_json_async          (SandboxClient        *self,
                                                     const char           *endpoint,
                                                     gpointer              source_tag,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
JsonNode    *sandbox_client_get_json                (SandboxClient        *self,
                                                     const char           *endpoint,
                                                     gpointer              source_tag,
                                                     GCancellable         *cancellable,
                                                     GError              **error);
gboolean     sandbox_client_check_base_url          (SandboxClient        *self,
                                                     GError              **error);
gboolean     sandbox_client_result_is_valid         (SandboxClient        *self,
                                                     GAsyncResult         *result,
                                                     gpointer              source_tag);


/* Every execute goes through these (sandbox-client-execute.c). */
char        *sandbox_client_check_execute           (SandboxClient        *self,
                                                     SandboxConfig        *config,
                                                     GError              **error);
void         sandbox_client_execute_source_async    (SandboxClient        *self,
                                                     const char           *config_json,
                                                     SandboxUploadSource  *source,
                                                     SandboxProgress      *progress,
                                                     gpointer              source_tag,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
SandboxExecution *sandbox_client_execute_source_finish (SandboxClient     *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
SandboxExecution *sandbox_client_execute_source     (SandboxClient        *self,
                                                     const char           *config_json,
                                                     SandboxUploadSource  *source,
                                                     SandboxProgress      *progress,
                                                     GCancellable         *cancellable,
                                                     GError              **error);
void         sandbox_client_start_execute           (SandboxClient        *self,
                                                     SandboxConfig        *config,
                                                     SandboxUploadSource  *source,
                                                     SandboxProgress      *progress,
                                                     gpointer              source_tag,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
SandboxExecution *sandbox_client_run_execute        (SandboxClient        *self,
                                                     SandboxConfig        *config,
                                                     SandboxUploadSource  *source,
                                                     SandboxProgress      *progress,
                                                     GCancellable         *cancellable,
                                                     GError              **error);

G_END_DECLS
