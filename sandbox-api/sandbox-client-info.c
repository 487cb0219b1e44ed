/* sandbox-client-info.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-client-private.h"

/* The three endpoints that answer a JSON object about the server. */

/**
 * sandbox_client_get_specifications_async:
 * @self: a client
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): the function called when the answer is in
 * @user_data: (closure): data for @callback
 *
 * Asks for the server's specifications: its host (CPU, memory,
 * storage, versions) and the limits of its containers, as the
 * `specifications/` endpoint answers them.
 *
 * Call [method@Sandbox.Client.get_specifications_finish] from @callback to
 * get it.
 *
 * Since: 1.0
 */
void
sandbox_client_get_specifications_async (SandboxClient       *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (SANDBOX_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  sandbox_client_get_json_async (self, "specifications/",
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
  g_return_val_if_fail (SANDBOX_IS_CLIENT (self), NULL);
  g_return_val_if_fail (sandbox_client_result_is_valid (self, result,
                                                        sandbox_client_get_specifications_async),
                        NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return sandbox_request_finish_json (result, error);
}

/**
 * sandbox_client_get_specifications:
 * @self: a client
 * @cancellable: (nullable): a cancellable
 * @error: return location for a #GError
 *
 * Asks for the server's specifications: its host (CPU, memory,
 * storage, versions) and the limits of its containers, as the
 * `specifications/` endpoint answers them.
 *
 * Blocks until the answer is in; see [method@Sandbox.Client.get_specifications_async]
 * for the asynchronous form.
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
  g_return_val_if_fail (SANDBOX_IS_CLIENT (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return sandbox_client_get_json (self, "specifications/", sandbox_client_get_specifications_async,
                                  cancellable, error);
}

/**
 * sandbox_client_get_usage_async:
 * @self: a client
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): the function called when the answer is in
 * @user_data: (closure): data for @callback
 *
 * Asks for the server's current usage: CPU, memory, storage, I/O and
 * network counters and the number of busy containers, as the `usages/`
 * endpoint answers them. The real server samples its counters for about
 * two seconds before it answers.
 *
 * Call [method@Sandbox.Client.get_usage_finish] from @callback to get it.
 *
 * Since: 1.0
 */
void
sandbox_client_get_usage_async (SandboxClient       *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (SANDBOX_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  sandbox_client_get_json_async (self, "usages/", sandbox_client_get_usage_async,
                                 cancellable, callback, user_data);
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
  g_return_val_if_fail (SANDBOX_IS_CLIENT (self), NULL);
  g_return_val_if_fail (sandbox_client_result_is_valid (self, result,
                                                        sandbox_client_get_usage_async),
                        NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return sandbox_request_finish_json (result, error);
}

/**
 * sandbox_client_get_usage:
 * @self: a client
 * @cancellable: (nullable): a cancellable
 * @error: return location for a #GError
 *
 * Asks for the server's current usage: CPU, memory, storage, I/O and
 * network counters and the number of busy containers, as the `usages/`
 * endpoint answers them. The real server samples its counters for about
 * two seconds before it answers.
 *
 * Blocks until the answer is in; see [method@Sandbox.Client.get_usage_async]
 * for the asynchronous form.
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
  g_return_val_if_fail (SANDBOX_IS_CLIENT (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return sandbox_client_get_json (self, "usages/", sandbox_client_get_usage_async,
                                  cancellable, error);
}

/**
 * sandbox_client_get_libraries_async:
 * @self: a client
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): the function called when the answer is in
 * @user_data: (closure): data for @callback
 *
 * Asks for what is installed in the server's containers, as the
 * `libraries/` endpoint answers it: `libraries` maps `system`, `python`,
 * `perl` and `c` to objects of names and versions, and `bin` lists the
 * executables on the containers' `PATH`.
 *
 * Call [method@Sandbox.Client.get_libraries_finish] from @callback to get it.
 *
 * Since: 1.0
 */
void
sandbox_client_get_libraries_async (SandboxClient       *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (SANDBOX_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  sandbox_client_get_json_async (self, "libraries/", sandbox_client_get_libraries_async,
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
  g_return_val_if_fail (SANDBOX_IS_CLIENT (self), NULL);
  g_return_val_if_fail (sandbox_client_result_is_valid (self, result,
                                                        sandbox_client_get_libraries_async),
                        NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return sandbox_request_finish_json (result, error);
}

/**
 * sandbox_client_get_libraries:
 * @self: a client
 * @cancellable: (nullable): a cancellable
 * @error: return location for a #GError
 *
 * Asks for what is installed in the server's containers, as the
 * `libraries/` endpoint answers it: `libraries` maps `system`, `python`,
 * `perl` and `c` to objects of names and versions, and `bin` lists the
 * executables on the containers' `PATH`.
 *
 * Blocks until the answer is in; see [method@Sandbox.Client.get_libraries_async]
 * for the asynchronous form.
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
  g_return_val_if_fail (SANDBOX_IS_CLIENT (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return sandbox_client_get_json (self, "libraries/", sandbox_client_get_libraries_async,
                                  cancellable, error);
}
