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

G_BEGIN_DECLS

const char  *sandbox_client_get_normalized_base_url (SandboxClient        *self);
SoupMessage *sandbox_client_new_message             (SandboxClient        *self,
                                                     const char           *method,
                                                     const char           *url);
void         sandbox_client_get_request_options     (SandboxClient        *self,
                                                     SoupMessage          *message,
                                                     SandboxResponseKind   kind,
                                                     SandboxRequestOptions *options);
/* A GET (a HEAD for a size) of the server's endpoint @path or of the file
 * @path of @environment, with the options to send it as @kind; NULL with
 * @error set when the client is not set up or the id or path names nothing
 * (%SANDBOX_ERROR_NOT_FOUND). sandbox_client_request_async() sends it. */
SoupMessage *sandbox_client_new_request             (SandboxClient        *self,
                                                     SandboxResponseKind   kind,
                                                     const char           *environment,
                                                     const char           *path,
                                                     SandboxRequestOptions *options,
                                                     GError              **error);
void         sandbox_client_request_async           (SandboxClient        *self,
                                                     SandboxResponseKind   kind,
                                                     const char           *environment,
                                                     const char           *path,
                                                     gpointer              source_tag,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
/* FALSE, with @error set, when the client could not be set up. */
gboolean     sandbox_client_check_base_url          (SandboxClient        *self,
                                                     GError              **error);

/* Sets the instance that answered, before @execution is handed on. */
void         _sandbox_execution_set_instance        (SandboxExecution     *execution,
                                                     const char           *instance);

/* The preconditions of the public calls: an asynchronous call, a blocking
 * one (answering @val when they fail) and a finish function. */
#define SANDBOX_CLIENT_CHECK_ASYNC(self, cancellable) G_STMT_START {            \
    g_return_if_fail (SANDBOX_IS_CLIENT (self));                                \
    g_return_if_fail ((cancellable) == NULL || G_IS_CANCELLABLE (cancellable)); \
  } G_STMT_END
#define SANDBOX_CLIENT_CHECK_SYNC(self, cancellable, error, val) G_STMT_START {            \
    g_return_val_if_fail (SANDBOX_IS_CLIENT (self), (val));                                \
    g_return_val_if_fail ((cancellable) == NULL || G_IS_CANCELLABLE (cancellable), (val)); \
    g_return_val_if_fail ((error) == NULL || *(error) == NULL, (val));                     \
  } G_STMT_END
#define SANDBOX_CLIENT_CHECK_FINISH(self, result, tag, error, val) G_STMT_START {   \
    g_return_val_if_fail (SANDBOX_IS_CLIENT (self), (val));                         \
    g_return_val_if_fail (g_task_is_valid (result, self), (val));                   \
    g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == (tag), (val)); \
    g_return_val_if_fail ((error) == NULL || *(error) == NULL, (val));              \
  } G_STMT_END

G_END_DECLS
