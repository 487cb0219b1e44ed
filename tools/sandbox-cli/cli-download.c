/* cli-download.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>

#include "cli-common.h"
#include "cli-files.h"
#include "cli-interrupt.h"
#include "cli-output.h"
#include "cli-progress.h"
#include "cli-validate.h"

/* `download UUID [PATH]`: an environment or one of its files to a file (the
 * library writes a temporary file and renames it at the end), to stdout
 * (streamed here), or, a whole environment, unpacked into a directory by
 * the library. Nothing of the download is held in memory beyond a buffer. */

#define BUFFER_SIZE (64 * 1024)

static char *
default_output (const char *uuid,
                const char *path)
{
  g_autofree char *basename = NULL;

  if (path == NULL)
    return g_strconcat (uuid, ".tgz", NULL);

  basename = g_path_get_basename (path);
  if (strcmp (basename, ".") == 0 || strcmp (basename, "..") == 0 ||
      strchr (basename, '/') != NULL)
    return g_strdup ("download");

  return g_steal_pointer (&basename);
}

/* Copies the download to stdout. */
static int
save_to_stdout (SandboxClient *client,
                const char    *uuid,
                const char    *path,
                CliProgress   *progress)
{
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GOutputStream) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *buffer = g_malloc (BUFFER_SIZE);
  goffset size = -1;
  goffset done = 0;

  input = sandbox_client_download_stream (client, uuid, path, &size,
                                          cli_interrupt_get_cancellable (), &error);
  if (input == NULL)
    return cli_fail (error);

  output = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
  cli_progress_update (0, size, progress);
  for (;;)
    {
      gssize n = g_input_stream_read (input, buffer, BUFFER_SIZE,
                                      cli_interrupt_get_cancellable (), &error);

      if (n < 0)
        {
          cli_progress_finish (progress, FALSE);
          return cli_fail (error);
        }
      if (n == 0)
        break;

      if (!g_output_stream_write_all (output, buffer, n, NULL, NULL, &error))
        {
          cli_progress_finish (progress, FALSE);
          g_prefix_error (&error, "Could not write to stdout: ");
          return cli_fail_local (error);
        }
      done += n;
      cli_progress_update (done, size, progress);
    }

  cli_progress_finish (progress, TRUE);

  return CLI_EXIT_OK;
}

/* Checks the arguments, and the kind of the files the output would replace,
 * before anything is asked of the server. */
static gboolean
check_arguments (const char  *uuid_text,
                 const char  *path,
                 const char  *output,
                 const char  *extract,
                 char       **out_uuid,
                 GError     **error)
{
  *out_uuid = cli_parse_uuid ("download", uuid_text, error);
  if (*out_uuid == NULL)
    return FALSE;

  if (path != NULL && !cli_check_inside_path ("download", path, TRUE, error))
    return FALSE;

  if (output != NULL && strcmp (output, "-") != 0 &&
      (!cli_check_not_empty ("--output", output, error) ||
       !cli_check_file_kind ("--output", output, G_FILE_TYPE_REGULAR, TRUE, error)))
    return FALSE;

  if (extract != NULL &&
      (!cli_check_not_empty ("--extract", extract, error) ||
       !cli_check_file_kind ("--extract", extract, G_FILE_TYPE_DIRECTORY, TRUE,
                             error)))
    return FALSE;

  return TRUE;
}

int
cli_cmd_download (const CliCommand  *command,
                  CliGlobals        *globals,
                  int                argc,
                  char             **argv)
{
  g_autoptr(SandboxClient) client = NULL;
  g_autoptr(CliProgress) progress = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_auto(GStrv) arguments = NULL;
  g_autofree char *output = NULL;
  g_autofree char *extract = NULL;
  g_autofree char *uuid = NULL;
  gboolean show_progress = FALSE;
  gboolean no_progress = FALSE;
  const char *path;
  guint n_arguments;
  gboolean ok;
  int exit_code;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write to FILE, or to stdout when FILE is “-” (default: the basename "
      "of PATH, or UUID.tgz)", "FILE" },
    { "extract", 'x', 0, G_OPTION_ARG_FILENAME, &extract,
      "Unpack the whole environment into DIRECTORY", "DIRECTORY" },
    { "progress", 0, 0, G_OPTION_ARG_NONE, &show_progress,
      "Show a progress bar on stderr, even when it is not a terminal", NULL },
    { "no-progress", 0, 0, G_OPTION_ARG_NONE, &no_progress,
      "Never show a progress bar", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &arguments,
      NULL, NULL },
    G_OPTION_ENTRY_NULL
  };

  if (!cli_command_parse (command, globals, entries,
                          "Downloads the environment saved as UUID (a gzip'd "
                          "tar), or the file PATH of it.\nA file is written "
                          "whole or not at all. A progress bar is shown on "
                          "stderr when it\nis a terminal.\n"
                          "--extract never writes outside DIRECTORY: it "
                          "refuses absolute paths, “..”,\nlinks pointing "
                          "outside and special files.",
                          &argc, &argv, &exit_code))
    return exit_code;

  n_arguments = arguments != NULL ? g_strv_length (arguments) : 0;
  if (n_arguments == 0)
    return cli_usage_error (command, "No environment UUID given");
  if (n_arguments > 2)
    return cli_usage_error (command, "Unexpected argument “%s”", arguments[2]);
  path = n_arguments == 2 ? arguments[1] : NULL;

  if (extract != NULL && path != NULL)
    return cli_usage_error (command,
                            "--extract unpacks a whole environment, not a PATH");
  if (extract != NULL && output != NULL)
    return cli_usage_error (command, "--extract and --output exclude each other");
  if (!check_arguments (arguments[0], path, output, extract, &uuid, &error))
    return cli_fail_input (command, error);
  if (!cli_progress_wanted (show_progress, no_progress, &show_progress, &error))
    return cli_usage_error (command, "%s", error->message);

  client = cli_client_new (globals, &error);
  if (client == NULL)
    return cli_fail (error);

  progress = cli_progress_new ("Downloading", show_progress);

  if (output == NULL && extract == NULL)
    output = default_output (uuid, path);
  if (output != NULL && strcmp (output, "-") == 0)
    return save_to_stdout (client, uuid, path, progress);

  if (extract != NULL)
    {
      file = g_file_new_for_path (extract);
      ok = sandbox_client_download_to_directory (client, uuid, file,
                                                 cli_progress_update, progress,
                                                 cli_interrupt_get_cancellable (),
                                                 &error);
    }
  else
    {
      file = g_file_new_for_path (output);
      ok = sandbox_client_download_to_file (client, uuid, path, file,
                                            cli_progress_update, progress,
                                            cli_interrupt_get_cancellable (),
                                            &error);
    }

  cli_progress_finish (progress, ok);
  if (!ok)
    return cli_fail (error);

  return CLI_EXIT_OK;
}
