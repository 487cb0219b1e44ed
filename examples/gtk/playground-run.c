/* playground-run.c: one execution, with the files to send packed on the way
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "playground-run.h"

/* Sends @config with @files (a list of GFile: regular files or directories,
 * each put at the environment's root under its own name), reporting the
 * upload's progress. */
void
playground_run_async (SandboxClient           *client,
                      SandboxConfig           *config,
                      GListModel              *files,
                      SandboxProgressCallback  progress_callback,
                      gpointer                 progress_data,
                      GDestroyNotify           progress_notify,
                      GCancellable            *cancellable,
                      GAsyncReadyCallback      callback,
                      gpointer                 user_data)
{
  g_autoptr(SandboxEnvironmentBuilder) builder = NULL;
  guint n_files = g_list_model_get_n_items (files);

  if (n_files > 0)
    builder = sandbox_environment_builder_new ();

  for (guint i = 0; i < n_files; i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);
      g_autoptr(GError) error = NULL;

      if (!sandbox_environment_builder_add_file (builder, NULL, file, &error))
        {
          if (progress_notify != NULL)
            progress_notify (progress_data);
          g_task_report_error (client, callback, user_data, playground_run_async,
                               g_steal_pointer (&error));
          return;
        }
    }

  sandbox_client_execute_builder_async (client, config, builder, cancellable,
                                        progress_callback, progress_data, progress_notify,
                                        callback, user_data);
}

SandboxExecution *
playground_run_finish (SandboxClient  *client,
                       GAsyncResult   *result,
                       GError        **error)
{
  if (g_async_result_is_tagged (result, playground_run_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  return sandbox_client_execute_builder_finish (client, result, error);
}
