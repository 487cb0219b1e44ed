/* execute-async.c: three requests at once on one GMainLoop — the
 * specifications, the libraries and an execute with an uploaded archive —
 * and the download of a file of the saved environment once the execute is
 * over.
 *
 *   execute-async URL ARCHIVE.tgz
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <sandbox-api.h>

typedef struct
{
  GMainLoop *loop;
  guint      pending;
  int        status;
} Example;

static void
done (Example *example)
{
  if (--example->pending == 0)
    g_main_loop_quit (example->loop);
}

static void
fail (Example      *example,
      const GError *error)
{
  g_printerr ("%s\n", error->message);
  example->status = 1;
  done (example);
}

static void
specifications_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Example *example = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *host;

  node = sandbox_client_get_specifications_finish (SANDBOX_CLIENT (source), result, &error);
  if (node == NULL)
    {
      fail (example, error);
      return;
    }

  host = json_object_get_object_member (json_node_get_object (node), "host");
  g_print ("server: sandbox %s\n", json_object_get_string_member (host, "sandbox_version"));
  done (example);
}

static void
libraries_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Example *example = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *programs;

  node = sandbox_client_get_libraries_finish (SANDBOX_CLIENT (source), result, &error);
  if (node == NULL)
    {
      fail (example, error);
      return;
    }

  programs = json_object_get_array_member (json_node_get_object (node), "bin");
  g_print ("programs on the server's PATH: %u\n", json_array_get_length (programs));
  done (example);
}

static void
downloaded_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Example *example = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = NULL;

  file = sandbox_client_download_finish (SANDBOX_CLIENT (source), result, &error);
  if (file == NULL)
    {
      fail (example, error);
      return;
    }

  g_print ("hello.txt: %.*s", (int) g_bytes_get_size (file),
           (const char *) g_bytes_get_data (file, NULL));
  done (example);
}

static void
executed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Example *example = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SandboxExecution) execution = NULL;
  GListModel *commands;

  execution = sandbox_client_execute_file_finish (SANDBOX_CLIENT (source), result, &error);
  if (execution == NULL)
    {
      fail (example, error);
      return;
    }

  commands = sandbox_execution_get_commands (execution);
  for (guint i = 0; i < g_list_model_get_n_items (commands); i++)
    {
      g_autoptr(SandboxCommandResult) command = g_list_model_get_item (commands, i);

      g_print ("$ %s\n  exit code %d, stdout: %s\n",
               sandbox_command_result_get_command (command),
               sandbox_command_result_get_exit_code (command),
               sandbox_command_result_get_stdout (command));
    }
  g_print ("status: %d (%s)\n", sandbox_execution_get_status (execution),
           sandbox_status_to_string (sandbox_execution_get_status (execution)));
  if (sandbox_execution_get_status (execution) != SANDBOX_STATUS_SUCCESS)
    example->status = 1;

  /* The execute's turn is handed to the download. */
  sandbox_client_download_async (SANDBOX_CLIENT (source),
                                 sandbox_execution_get_environment (execution),
                                 "hello.txt", NULL, downloaded_cb, example);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SandboxClient) client = NULL;
  g_autoptr(SandboxConfig) config = NULL;
  g_autoptr(GFile) archive = NULL;
  Example example = { 0 };

  if (argc != 3)
    {
      g_printerr ("Usage: %s URL ARCHIVE.tgz\n", argv[0]);
      return 2;
    }

  client = sandbox_client_new (argv[1], &error);
  if (client == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  config = sandbox_config_new ();
  sandbox_config_add_command (config, "echo $((2+2))", FALSE);
  sandbox_config_add_command (config, "cat hello.txt", FALSE);
  sandbox_config_set_save (config, TRUE);
  archive = g_file_new_for_commandline_arg (argv[2]);

  example.loop = g_main_loop_new (NULL, FALSE);
  example.pending = 3;
  sandbox_client_get_specifications_async (client, NULL, specifications_cb, &example);
  sandbox_client_get_libraries_async (client, NULL, libraries_cb, &example);
  sandbox_client_execute_file_async (client, config, archive, NULL, executed_cb, &example);
  g_main_loop_run (example.loop);
  g_main_loop_unref (example.loop);

  return example.status;
}
