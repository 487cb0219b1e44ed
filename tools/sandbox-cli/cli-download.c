/* cli-download.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>

#include "cli-archive.h"
#include "cli-common.h"
#include "cli-files.h"
#include "cli-interrupt.h"
#include "cli-output.h"
#include "cli-progress.h"
#include "cli-validate.h"

/* `download UUID [PATH]`: streams an environment or one of its files to a
 * file, to stdout, or (a whole environment) unpacks it into a directory.
 * Nothing of the download is held in memory beyond one buffer. */

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

/* Closes @output so that a partial file is not left behind: a file that
 * did not exist is deleted; one that did is kept as it was when GIO could
 * write to a temporary copy. */
static void
discard_output (GOutputStream *output,
                GFile         *file,
                gboolean       existed)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_cancellable_cancel (cancellable);
  g_output_stream_close (output, cancellable, NULL);
  if (file != NULL && !existed)
    g_file_delete (file, NULL, NULL);
}

static int
save_stream (GInputStream *input,
             const char   *output_name,
             goffset       size,
             CliProgress  *progress)
{
  g_autoptr(GOutputStream) output = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *buffer = g_malloc (BUFFER_SIZE);
  gboolean existed = FALSE;
  goffset done = 0;

  if (strcmp (output_name, "-") == 0)
    {
      output = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
    }
  else
    {
      file = g_file_new_for_path (output_name);
      existed = g_file_query_exists (file, NULL);
      output = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE,
                                                G_FILE_CREATE_NONE, NULL,
                                                &error));
      if (output == NULL)
        return cli_fail_local (error);
    }

  for (;;)
    {
      gssize n = g_input_stream_read (input, buffer, BUFFER_SIZE,
                                      cli_interrupt_get_cancellable (), &error);

      if (n < 0)
        {
          cli_progress_finish (progress, FALSE);
          discard_output (output, file, existed);
          return cli_fail (error);
        }
      if (n == 0)
        break;

      if (!g_output_stream_write_all (output, buffer, n, NULL, NULL, &error))
        {
          cli_progress_finish (progress, FALSE);
          g_prefix_error (&error, "Could not write “%s”: ", output_name);
          discard_output (output, file, existed);
          return cli_fail_local (error);
        }
      done += n;
      cli_progress_add (progress, n);
    }

  if (size >= 0 && done != size)
    {
      cli_progress_finish (progress, FALSE);
      discard_output (output, file, existed);
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                   "The download ended after %" G_GOFFSET_FORMAT " of %"
                   G_GOFFSET_FORMAT " bytes", done, size);
      return cli_fail (error);
    }

  if (!g_output_stream_close (output, NULL, &error))
    {
      cli_progress_finish (progress, FALSE);
      g_prefix_error (&error, "Could not write “%s”: ", output_name);
      return cli_fail_local (error);
    }

  cli_progress_finish (progress, TRUE);

  return CLI_EXIT_OK;
}

static int
extract_stream (GInputStream *input,
                const char   *directory,
                CliProgress  *progress)
{
  g_autoptr(GError) error = NULL;
  gboolean read_failed;

  if (!cli_archive_extract (input, directory, progress, &read_failed, &error))
    {
      cli_progress_finish (progress, FALSE);
      return read_failed ? cli_fail (error) : cli_fail_local (error);
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
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(CliProgress) progress = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) arguments = NULL;
  g_autofree char *output = NULL;
  g_autofree char *extract = NULL;
  g_autofree char *uuid = NULL;
  const char *path;
  goffset size = -1;
  guint n_arguments;
  int exit_code;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write to FILE, or to stdout when FILE is “-” (default: the basename "
      "of PATH, or UUID.tgz)", "FILE" },
    { "extract", 'x', 0, G_OPTION_ARG_FILENAME, &extract,
      "Unpack the whole environment into DIRECTORY", "DIRECTORY" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &arguments,
      NULL, NULL },
    G_OPTION_ENTRY_NULL
  };

  if (!cli_command_parse (command, globals, entries,
                          "Downloads the environment saved as UUID (a gzip'd "
                          "tar), or the file PATH of it.\nA progress bar is "
                          "shown on stderr when it is a terminal.\n"
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

  client = cli_client_new (globals, &error);
  if (client == NULL)
    return cli_fail (error);

  stream = sandbox_client_download_stream (client, uuid, path, &size,
                                           cli_interrupt_get_cancellable (), &error);
  if (stream == NULL)
    return cli_fail (error);

  progress = cli_progress_new (size);

  if (extract != NULL)
    return extract_stream (stream, extract, progress);

  if (output == NULL)
    output = default_output (uuid, path);

  return save_stream (stream, output, size, progress);
}
