/* test-integration-transfer.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "sandbox-server-launcher.h"
#include "test-archive.h"
#include "test-util.h"

/* Environments saved by the real local sandbox-server, downloaded into
 * files and directories. */

static LaunchedServer *server;

static char *
stdout_of (SandboxExecution *execution,
           guint             position)
{
  GListModel *commands = sandbox_execution_get_commands (execution);
  g_autoptr(SandboxCommandResult) result = g_list_model_get_item (commands, position);

  g_assert_nonnull (result);
  g_assert_cmpint (sandbox_command_result_get_exit_code (result), ==, 0);
  return g_strdup (sandbox_command_result_get_stdout (result));
}

static char *
sha256_of_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize size = 0;

  g_file_get_contents (path, &contents, &size, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guint8 *) contents, size);
}

/* Every member of the archive the server gives is in @directory, the same. */
static guint
compare_with_archive (SandboxClient *client,
                      const char    *environment,
                      const char    *directory)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) archive = sandbox_client_download (client, environment, NULL, NULL, &error);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(SandboxEnvironmentReader) reader = NULL;
  guint n = 0;

  g_assert_no_error (error);
  stream = g_memory_input_stream_new_from_bytes (archive);
  reader = sandbox_environment_reader_new (stream);
  for (;;)
    {
      g_autoptr(SandboxEnvironmentMember) member = NULL;
      g_autofree char *path = NULL;
      struct stat st;

      member = sandbox_environment_reader_next (reader, NULL, &error);
      g_assert_no_error (error);
      if (member == NULL)
        break;
      n++;
      path = g_build_filename (directory, sandbox_environment_member_get_path (member), NULL);
      g_assert_cmpint (lstat (path, &st), ==, 0);

      switch (sandbox_environment_member_get_file_type (member))
        {
        case G_FILE_TYPE_REGULAR:
          {
            g_autoptr(GBytes) expected = sandbox_environment_reader_read_bytes (reader, NULL,
                                                                                 &error);
            g_autofree char *contents = NULL;
            gsize size = 0;

            g_assert_no_error (error);
            g_assert_true (S_ISREG (st.st_mode));
            g_assert_cmpuint (st.st_mode & 0777, ==, sandbox_environment_member_get_mode (member));
            g_file_get_contents (path, &contents, &size, &error);
            g_assert_no_error (error);
            if (sandbox_environment_member_get_link_target (member) == NULL)
              g_assert_cmpmem (contents, size, g_bytes_get_data (expected, NULL),
                               g_bytes_get_size (expected));
          }
          break;

        case G_FILE_TYPE_DIRECTORY:
          g_assert_true (S_ISDIR (st.st_mode));
          break;

        case G_FILE_TYPE_SYMBOLIC_LINK:
          {
            g_autofree char *target = g_file_read_link (path, &error);

            g_assert_no_error (error);
            g_assert_cmpstr (target, ==, sandbox_environment_member_get_link_target (member));
          }
          break;

        case G_FILE_TYPE_UNKNOWN:
        case G_FILE_TYPE_SPECIAL:
        case G_FILE_TYPE_SHORTCUT:
        case G_FILE_TYPE_MOUNTABLE:
        default:
          g_assert_not_reached ();
        }
    }
  return n;
}

static void
test_download_saved (gconstpointer data)
{
  TestMode mode = TEST_MODE (data);
  static const char * const uploaded[] = { "in.txt", "uploaded\n", NULL };
  g_autoptr(GBytes) upload = test_archive_new_tgz (uploaded);
  g_autoptr(GInputStream) upload_stream = g_memory_input_stream_new_from_bytes (upload);
  g_autoptr(SandboxClient) client = test_client_new (launched_server_get_url (server));
  g_autoptr(SandboxConfig) config = sandbox_config_new ();
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("test-integration-transfer-XXXXXX", &error);
  g_autofree char *out = g_build_filename (root, "env", NULL);
  g_autofree char *file_path = g_build_filename (root, "big.bin", NULL);
  g_autofree char *big = g_build_filename (out, "big.bin", NULL);
  g_autofree char *deep = g_build_filename (out, "sub", "deep", "f.txt", NULL);
  g_autofree char *in = g_build_filename (out, "in.txt", NULL);
  g_autofree char *link = g_build_filename (out, "link", NULL);
  g_autofree char *run = g_build_filename (out, "run.sh", NULL);
  g_autofree char *big_sha = NULL;
  g_autofree char *big_sha_here = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GFile) directory = g_file_new_for_path (out);
  g_autoptr(GFile) file = g_file_new_for_path (file_path);
  const char *environment;
  TestProgress progress;
  goffset n;
  struct stat st;

  g_assert_no_error (error);
  sandbox_config_add_command (config,
                              "mkdir -p sub/deep && printf 'deep\\n' > sub/deep/f.txt && "
                              "head -c 300000 /dev/urandom > big.bin && "
                              "printf '#!/bin/sh\\n' > run.sh && chmod 750 run.sh && "
                              "ln -s sub/deep/f.txt link", FALSE);
  sandbox_config_add_command (config, "sha256sum big.bin | cut -d' ' -f1", FALSE);
  sandbox_config_set_save (config, TRUE);
  execution = run_execute (client, config, upload_stream, mode, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sandbox_execution_get_status (execution), ==, 0);
  environment = sandbox_execution_get_environment (execution);
  g_assert_nonnull (environment);
  big_sha = stdout_of (execution, 1);

  test_progress_init (&progress);
  g_assert_true (run_download_to_directory (client, environment, directory, mode, &progress,
                                            NULL, &error));
  g_assert_no_error (error);

  big_sha_here = sha256_of_file (big);
  g_assert_cmpstr (big_sha_here, ==, big_sha);
  g_file_get_contents (deep, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "deep\n");
  g_clear_pointer (&contents, g_free);
  g_file_get_contents (in, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "uploaded\n");
  g_clear_pointer (&contents, g_free);
  contents = g_file_read_link (link, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "sub/deep/f.txt");
  g_assert_cmpint (stat (run, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0750);

  /* The progress ends at the archive's size. */
  n = progress.current->len;
  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpint (g_array_index (progress.current, goffset, n - 1), ==,
                   g_array_index (progress.total, goffset, n - 1));
  g_assert_cmpint (g_array_index (progress.total, goffset, n - 1), ==,
                   sandbox_client_check (client, environment, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (progress.n_misplaced, ==, 0);
  test_progress_clear (&progress);

  g_assert_cmpuint (compare_with_archive (client, environment, out), >=, 7);

  /* One file of it. */
  g_assert_true (run_download_to_file (client, environment, "big.bin", file, mode, NULL, NULL,
                                       &error));
  g_assert_no_error (error);
  g_clear_pointer (&big_sha_here, g_free);
  big_sha_here = sha256_of_file (file_path);
  g_assert_cmpstr (big_sha_here, ==, big_sha);

  test_remove_tree (root);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  test_add_both_modes ("/integration/transfer/download-saved", test_download_saved);

  return launched_server_run_tests (&server, "--slots=2", NULL);
}
