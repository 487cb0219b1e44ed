/* execute.c: connect, print the server's specifications, run a command
 * with an uploaded archive, show each command's output and download a file
 * of the saved environment, with the blocking API.
 *
 *   execute URL ARCHIVE.tgz
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <sandbox-api.h>

static void
print_execution (SandboxExecution *execution)
{
  GListModel *commands = sandbox_execution_get_commands (execution);

  for (guint i = 0; i < g_list_model_get_n_items (commands); i++)
    {
      g_autoptr(SandboxCommandResult) result = g_list_model_get_item (commands, i);

      g_print ("$ %s\n", sandbox_command_result_get_command (result));
      g_print ("  exit code %d, stdout: %s\n",
               sandbox_command_result_get_exit_code (result),
               sandbox_command_result_get_stdout (result));
    }

  g_print ("status: %d (%s)\n", sandbox_execution_get_status (execution),
           sandbox_status_to_string (sandbox_execution_get_status (execution)));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SandboxClient) client = NULL;
  g_autoptr(JsonNode) specifications = NULL;
  g_autoptr(SandboxConfig) config = NULL;
  g_autoptr(GFile) archive = NULL;
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autofree char *text = NULL;
  JsonObject *host;

  if (argc != 3)
    {
      g_printerr ("Usage: %s URL ARCHIVE.tgz\n", argv[0]);
      return 2;
    }

  client = sandbox_client_new (argv[1], &error);
  if (client == NULL)
    goto fail;

  specifications = sandbox_client_get_specifications (client, NULL, &error);
  if (specifications == NULL)
    goto fail;
  host = json_object_get_object_member (json_node_get_object (specifications), "host");
  g_print ("server: sandbox %s, %" G_GINT64_FORMAT " logical CPUs\n",
           json_object_get_string_member (host, "sandbox_version"),
           json_object_get_int_member (json_object_get_object_member (host, "cpu"), "logical"));

  config = sandbox_config_new ();
  sandbox_config_add_command (config, "echo $((2+2))", FALSE);
  sandbox_config_add_command (config, "cat hello.txt", FALSE);
  sandbox_config_set_save (config, TRUE);

  archive = g_file_new_for_commandline_arg (argv[2]);
  execution = sandbox_client_execute_file (client, config, archive, NULL, &error);
  if (execution == NULL)
    goto fail;
  print_execution (execution);

  file = sandbox_client_download (client, sandbox_execution_get_environment (execution),
                                  "hello.txt", NULL, &error);
  if (file == NULL)
    goto fail;
  text = g_strndup (g_bytes_get_data (file, NULL), g_bytes_get_size (file));
  g_print ("hello.txt in environment %s: %s", sandbox_execution_get_environment (execution), text);

  return sandbox_execution_get_status (execution) == SANDBOX_STATUS_SUCCESS ? 0 : 1;

fail:
  g_printerr ("%s\n", error->message);
  return 1;
}
