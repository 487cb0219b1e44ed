/* sandbox-client-environment.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-client-private.h"
#include "sandbox-environment-builder.h"

/**
 * sandbox_client_execute_builder_async:
 * @self: a client
 * @config: what to run
 * @builder: (nullable): the files laid in the working directory before the
 *   commands run, or %NULL
 * @cancellable: (nullable): a cancellable
 * @progress_callback: (nullable) (scope notified) (closure progress_data)
 *   (destroy progress_notify): a function told how much of the request has
 *   been sent, or %NULL
 * @progress_data: data for @progress_callback
 * @progress_notify: (nullable): frees @progress_data once no more progress
 *   will be reported
 * @callback: (scope async): the function called when the execution is over
 * @user_data: (closure): data for @callback
 *
 * Runs the commands of @config on the server with the archive that
 * @builder packs as the request is sent (see
 * [method@Sandbox.EnvironmentBuilder.open]): its directories are walked in
 * a worker thread, and its files read as they are sent, never copied into
 * memory nor to a temporary file. A file that changes size while it is
 * sent fails the call with %SANDBOX_ERROR_FILE_CHANGED.
 *
 * Otherwise as [method@Sandbox.Client.execute_with_progress_async].
 *
 * Since: 1.1
 */
void
sandbox_client_execute_builder_async (SandboxClient             *self,
                                      SandboxConfig             *config,
                                      SandboxEnvironmentBuilder *builder,
                                      GCancellable              *cancellable,
                                      SandboxProgressCallback    progress_callback,
                                      gpointer                   progress_data,
                                      GDestroyNotify             progress_notify,
                                      GAsyncReadyCallback        callback,
                                      gpointer                   user_data)
{
  g_autoptr(SandboxProgress) progress = NULL;

  SANDBOX_CLIENT_CHECK_ASYNC (self, cancellable);
  g_return_if_fail (SANDBOX_IS_CONFIG (config));
  g_return_if_fail (builder == NULL || SANDBOX_IS_ENVIRONMENT_BUILDER (builder));

  progress = sandbox_progress_new_async (progress_callback, progress_data, progress_notify);
  sandbox_client_start_execute (self, config,
                                builder != NULL ? sandbox_upload_source_new_environment (builder)
                                                : NULL,
                                progress, sandbox_client_execute_builder_async,
                                cancellable, callback, user_data);
}

/**
 * sandbox_client_execute_builder_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Sandbox.Client.execute_builder_async].
 *
 * Returns: (transfer full): the server's answer, or %NULL with @error set
 *
 * Since: 1.1
 */
SandboxExecution *
sandbox_client_execute_builder_finish (SandboxClient  *self,
                                       GAsyncResult   *result,
                                       GError        **error)
{
  SANDBOX_CLIENT_CHECK_FINISH (self, result, sandbox_client_execute_builder_async, error, NULL);
  return sandbox_client_execute_source_finish (self, result, error);
}

/**
 * sandbox_client_execute_builder:
 * @self: a client
 * @config: what to run
 * @builder: (nullable): the files laid in the working directory before the
 *   commands run, or %NULL
 * @cancellable: (nullable): a cancellable
 * @progress_callback: (nullable) (scope call) (closure progress_data): a
 *   function told how much of the request has been sent, or %NULL
 * @progress_data: data for @progress_callback
 * @error: return location for a #GError
 *
 * Runs the commands of @config on the server with the archive that
 * @builder packs, blocking until the execution is over; the directories
 * are walked and the files read in the calling thread, and
 * @progress_callback is called there. See
 * [method@Sandbox.Client.execute_builder_async].
 *
 * Returns: (transfer full): the server's answer, or %NULL with @error set
 *
 * Since: 1.1
 */
SandboxExecution *
sandbox_client_execute_builder (SandboxClient              *self,
                                SandboxConfig              *config,
                                SandboxEnvironmentBuilder  *builder,
                                GCancellable               *cancellable,
                                SandboxProgressCallback     progress_callback,
                                gpointer                    progress_data,
                                GError                    **error)
{
  g_autoptr(SandboxProgress) progress = NULL;

  SANDBOX_CLIENT_CHECK_SYNC (self, cancellable, error, NULL);
  g_return_val_if_fail (SANDBOX_IS_CONFIG (config), NULL);
  g_return_val_if_fail (builder == NULL || SANDBOX_IS_ENVIRONMENT_BUILDER (builder), NULL);

  progress = sandbox_progress_new_blocking (progress_callback, progress_data);
  return sandbox_client_run_execute (self, config,
                                     builder != NULL
                                     ? sandbox_upload_source_new_environment (builder) : NULL,
                                     progress, cancellable, error);
}
