/* sandbox-client-info.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-client-private.h"

/* The three endpoints that answer a JSON object about the server. */
static JsonNode *
get_json (SandboxClient  *self,
          const char     *endpoint,
          GCancellable   *cancellable,
          GError        **error)
{
  g_autoptr(SoupMessage) message = NULL;
  SandboxRequestOptions options;

  message = sandbox_client_new_request (self, SANDBOX_RESPONSE_JSON, NULL, endpoint,
                                        &options, error);
  if (message == NULL)
    return NULL;

  return sandbox_request_send_json (&options, cancellable, error);
}

/**
 * sandbox_client_get_specifications_async:
 * @self: a client
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): the function called when the answer is in
 * @user_data: (closure): data for @callback
 *
 * Asks for the server's specifications (`specifications/`): its host (CPU,
 * memory, storage, versions) and the limits of its containers.
 *
 * Since: 1.0
 */
void
sandbox_client_get_specifications_async (SandboxClient       *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  SANDBOX_CLIENT_CHECK_ASYNC (self, cancellable);
  sandbox_client_request_async (self, SANDBOX_RESPONSE_JSON, NULL, "specifications/",
                                sandbox_client_get_specifications_async,
                                cancellable, callback, user_data);
}

/**
 * sandbox_client_get_specifications_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Sandbox.Client.get_specifications_async].
 *
 * Returns: (transfer full): the answer, a JSON object, or %NULL with @error set
 *
 * Since: 1.0
 */
JsonNode *
sandbox_client_get_specifications_finish (SandboxClient  *self,
                                          GAsyncResult   *result,
                                          GError        **error)
{
  SANDBOX_CLIENT_CHECK_FINISH (self, result, sandbox_client_get_specifications_async,
                               error, NULL);
  return sandbox_request_finish_json (result, error);
}

/**
 * sandbox_client_get_specifications:
 * @self: a client
 * @cancellable: (nullable): a cancellable
 * @error: return location for a #GError
 *
 * The blocking form of [method@Sandbox.Client.get_specifications_async].
 *
 * Returns: (transfer full): the answer, a JSON object, or %NULL with @error set
 *
 * Since: 1.0
 */
JsonNode *
sandbox_client_get_specifications (SandboxClient  *self,
                                   GCancellable   *cancellable,
                                   GError        **error)
{
  SANDBOX_CLIENT_CHECK_SYNC (self, cancellable, error, NULL);
  return get_json (self, "specifications/", cancellable, error);
}

/**
 * sandbox_client_get_usage_async:
 * @self: a client
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): the function called when the answer is in
 * @user_data: (closure): data for @callback
 *
 * Asks for the server's current usage (`usages/`): CPU, memory, storage,
 * I/O and network counters and the number of busy containers.
 *
 * Since: 1.0
 */
void
sandbox_client_get_usage_async (SandboxClient       *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  SANDBOX_CLIENT_CHECK_ASYNC (self, cancellable);
  sandbox_client_request_async (self, SANDBOX_RESPONSE_JSON, NULL, "usages/",
                                sandbox_client_get_usage_async, cancellable, callback, user_data);
}

/**
 * sandbox_client_get_usage_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Sandbox.Client.get_usage_async].
 *
 * Returns: (transfer full): the answer, a JSON object, or %NULL with @error set
 *
 * Since: 1.0
 */
JsonNode *
sandbox_client_get_usage_finish (SandboxClient  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  SANDBOX_CLIENT_CHECK_FINISH (self, result, sandbox_client_get_usage_async, error, NULL);
  return sandbox_request_finish_json (result, error);
}

/**
 * sandbox_client_get_usage:
 * @self: a client
 * @cancellable: (nullable): a cancellable
 * @error: return location for a #GError
 *
 * The blocking form of [method@Sandbox.Client.get_usage_async].
 *
 * Returns: (transfer full): the answer, a JSON object, or %NULL with @error set
 *
 * Since: 1.0
 */
JsonNode *
sandbox_client_get_usage (SandboxClient  *self,
                          GCancellable   *cancellable,
                          GError        **error)
{
  SANDBOX_CLIENT_CHECK_SYNC (self, cancellable, error, NULL);
  return get_json (self, "usages/", cancellable, error);
}

/**
 * sandbox_client_get_libraries_async:
 * @self: a client
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): the function called when the answer is in
 * @user_data: (closure): data for @callback
 *
 * Asks what is installed in the server's containers (`libraries/`):
 * `libraries` maps `system`, `python`, `perl` and `c` to objects of names
 * and versions, and `bin` lists the executables on the containers' `PATH`.
 *
 * Since: 1.0
 */
void
sandbox_client_get_libraries_async (SandboxClient       *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  SANDBOX_CLIENT_CHECK_ASYNC (self, cancellable);
  sandbox_client_request_async (self, SANDBOX_RESPONSE_JSON, NULL, "libraries/",
                                sandbox_client_get_libraries_async,
                                cancellable, callback, user_data);
}

/**
 * sandbox_client_get_libraries_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Sandbox.Client.get_libraries_async].
 *
 * Returns: (transfer full): the answer, a JSON object, or %NULL with @error set
 *
 * Since: 1.0
 */
JsonNode *
sandbox_client_get_libraries_finish (SandboxClient  *self,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  SANDBOX_CLIENT_CHECK_FINISH (self, result, sandbox_client_get_libraries_async, error, NULL);
  return sandbox_request_finish_json (result, error);
}

/**
 * sandbox_client_get_libraries:
 * @self: a client
 * @cancellable: (nullable): a cancellable
 * @error: return location for a #GError
 *
 * The blocking form of [method@Sandbox.Client.get_libraries_async].
 *
 * Returns: (transfer full): the answer, a JSON object, or %NULL with @error set
 *
 * Since: 1.0
 */
JsonNode *
sandbox_client_get_libraries (SandboxClient  *self,
                              GCancellable   *cancellable,
                              GError        **error)
{
  SANDBOX_CLIENT_CHECK_SYNC (self, cancellable, error, NULL);
  return get_json (self, "libraries/", cancellable, error);
}
