/* test-integration-environment.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sandbox-server-launcher.h"
#include "test-util.h"

/* Environments made by SandboxEnvironmentBuilder, sent to the real local
 * sandbox-server, and read back by the commands that run there. */

static LaunchedServer *server;

static void
write_file (const char *dir,
            const char *path,
            const char *content,
            int         mode)
{
  g_autofree char *full = g_build_filename (dir, path, NULL);
  g_autofree char *parent = g_path_get_dirname (full);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_file_set_contents (full, content, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (full, mode), ==, 0);
}

static void
check_environment (TestMode mode,
                   int      level)
{
  g_autoptr(SandboxClient) client = test_client_new (launched_server_get_url (server));
  g_autoptr(SandboxConfig) config = sandbox_config_new ();
  g_autoptr(SandboxEnvironmentBuilder) builder = sandbox_environment_builder_new ();
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GBytes) input = g_bytes_new_static ("1 2 3\n", 6);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-integration-environment-XXXXXX", &error);
  g_autoptr(GFile) dir_file = g_file_new_for_path (dir);
  g_autofree char *link = g_build_filename (dir, "link", NULL);
  g_autofree char *empty = g_build_filename (dir, "out", NULL);
  g_autofree char *long_dir = g_strnfill (120, 'd');
  g_autofree char *long_path = g_strdup_printf ("%s/%s.txt", long_dir, long_dir);
  g_autofree char *cat_long = g_strdup_printf ("cat %s", long_path);
  g_autofree char *command = NULL;
  static const char * const expected[] = {
    "1 2 3", "some notes", "some notes", "hi from the script", "dir", "long", "copy",
  };
  GListModel *commands;

  g_assert_no_error (error);
  write_file (dir, "notes.txt", "some notes\n", 0644);
  write_file (dir, "src/main.sh", "#!/bin/sh\necho hi from the script\n", 0755);
  write_file (dir, long_path, "long\n", 0644);
  write_file (dir, "copied/x.txt", "copy\n", 0644);
  g_assert_cmpint (symlink ("notes.txt", link), ==, 0);
  g_assert_cmpint (g_mkdir (empty, 0755), ==, 0);

  sandbox_environment_builder_set_compression_level (builder, level);
  g_assert_true (sandbox_environment_builder_add_file (builder, ".", dir_file, &error));
  g_assert_no_error (error);
  g_assert_true (sandbox_environment_builder_add_bytes (builder, "data/input.txt", input, 0644,
                                                        &error));
  g_assert_no_error (error);

  sandbox_config_add_command (config, "cat data/input.txt", FALSE);
  sandbox_config_add_command (config, "cat notes.txt", FALSE);
  sandbox_config_add_command (config, "cat link", FALSE);
  sandbox_config_add_command (config, "./src/main.sh", FALSE);
  sandbox_config_add_command (config, "test -d out && test -L link && echo dir", FALSE);
  sandbox_config_add_command (config, cat_long, FALSE);
  sandbox_config_add_command (config, "cat copied/x.txt", FALSE);

  execution = run_execute_builder (client, config, builder, FALSE, mode, &error);
  g_assert_no_error (error);
  g_assert_nonnull (execution);
  g_assert_cmpint (sandbox_execution_get_status (execution), ==, SANDBOX_STATUS_SUCCESS);

  commands = sandbox_execution_get_commands (execution);
  g_assert_cmpuint (g_list_model_get_n_items (commands), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(SandboxCommandResult) result = g_list_model_get_item (commands, i);

      g_assert_cmpstr (sandbox_command_result_get_stderr (result), ==, "");
      g_assert_cmpint (sandbox_command_result_get_exit_code (result), ==, 0);
      g_assert_cmpstr (sandbox_command_result_get_stdout (result), ==, expected[i]);
    }

  command = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (command), ==, 0);
}

static void
test_stored (gconstpointer data)
{
  check_environment (TEST_MODE (data), 0);
}

static void
test_compressed (gconstpointer data)
{
  check_environment (TEST_MODE (data), 6);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  test_add_both_modes ("/integration/environment/stored", test_stored);
  test_add_both_modes ("/integration/environment/compressed", test_compressed);

  return launched_server_run_tests (&server, "--slots=2", NULL);
}
