/* cli-download.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

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

/* Copies the download to stdout, in a main loop, so that the client's
 * timeout bounds the whole of it as it bounds a download to a file: a
 * body that stalls, or a stdout nobody reads, ends with an error. */
typedef struct
{
  SandboxClient *client;
  GMainLoop     *loop;
  GCancellable  *cancellable;   /* cancelled by a signal or the timeout */
  GInputStream  *input;
  GOutputStream *output;
  guint8        *buffer;
  CliProgress   *progress;
  goffset        size;
  goffset        done;
  guint64        limit;
  double         timeout;
  gboolean       timed_out;
  gboolean       local_error;   /* writing to stdout failed */
  GError        *error;
} StdoutCopy;

static void read_next (StdoutCopy *copy);

static void
copy_end (StdoutCopy *copy,
          GError     *error)
{
  if (error != NULL && copy->error == NULL)
    copy->error = error;
  else if (error != NULL)
    g_error_free (error);
  g_main_loop_quit (copy->loop);
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  StdoutCopy *copy = user_data;
  GError *error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      copy->local_error = !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      if (copy->local_error)
        g_prefix_error (&error, _("Could not write to stdout: "));
      copy_end (copy, error);
      return;
    }

  read_next (copy);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  StdoutCopy *copy = user_data;
  GError *error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);

  if (n <= 0)
    {
      copy_end (copy, error);
      return;
    }
  if ((guint64) (copy->done + n) > copy->limit)
    {
      g_autofree char *limit = g_strdup_printf ("%" G_GUINT64_FORMAT, copy->limit);

      copy_end (copy, g_error_new (SANDBOX_ERROR, SANDBOX_ERROR_RESPONSE_TOO_LARGE,
                                   _("The download is larger than %s bytes (the "
                                     "client's max-download-size)"),
                                   limit));
      return;
    }

  copy->done += n;
  cli_progress_update (copy->done, copy->size, copy->progress);
  g_output_stream_write_all_async (copy->output, copy->buffer, n, G_PRIORITY_DEFAULT,
                                   copy->cancellable, written_cb, copy);
}

static void
read_next (StdoutCopy *copy)
{
  g_input_stream_read_async (copy->input, copy->buffer, BUFFER_SIZE, G_PRIORITY_DEFAULT,
                             copy->cancellable, read_cb, copy);
}

static void
stream_opened_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  StdoutCopy *copy = user_data;
  GError *error = NULL;

  copy->input = sandbox_client_download_stream_finish (copy->client, result, &copy->size,
                                                       &error);
  if (copy->input == NULL)
    {
      copy_end (copy, error);
      return;
    }

  cli_progress_update (0, copy->size, copy->progress);
  read_next (copy);
}

static void
closed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  StdoutCopy *copy = user_data;

  g_input_stream_close_finish (G_INPUT_STREAM (object), result, NULL);
  g_main_loop_quit (copy->loop);
}

static gboolean
timed_out_cb (gpointer user_data)
{
  StdoutCopy *copy = user_data;

  copy->timed_out = TRUE;
  g_cancellable_cancel (copy->cancellable);
  return G_SOURCE_REMOVE;
}

static void
interrupted_cb (GCancellable *interrupt,
                gpointer      user_data)
{
  g_cancellable_cancel (user_data);
}

static int
save_to_stdout (SandboxClient *client,
                const char    *uuid,
                const char    *path,
                CliProgress   *progress)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GOutputStream) output = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
  g_autofree guint8 *buffer = g_malloc (BUFFER_SIZE);
  GCancellable *interrupt = cli_interrupt_get_cancellable ();
  StdoutCopy copy = {
    .client = client,
    .loop = loop,
    .cancellable = cancellable,
    .output = output,
    .buffer = buffer,
    .progress = progress,
    .size = -1,
    .limit = sandbox_client_get_max_download_size (client),
    .timeout = sandbox_client_get_timeout (client),
  };
  gulong handler = 0;
  guint timer = 0;
  int exit_code;

  if (interrupt != NULL)
    handler = g_cancellable_connect (interrupt, G_CALLBACK (interrupted_cb),
                                     g_object_ref (cancellable), g_object_unref);
  if (copy.timeout > 0 && copy.timeout * 1000 < G_MAXUINT)
    timer = g_timeout_add ((guint) MAX (1, copy.timeout * 1000), timed_out_cb, &copy);

  sandbox_client_download_stream_async (client, uuid, path, cancellable,
                                        stream_opened_cb, &copy);
  g_main_loop_run (loop);

  if (timer != 0 && !copy.timed_out)
    g_source_remove (timer);
  if (interrupt != NULL)
    g_cancellable_disconnect (interrupt, handler);
  /* Closed where it was read: the connection goes back, or is dropped. */
  if (copy.input != NULL)
    {
      g_input_stream_close_async (copy.input, G_PRIORITY_DEFAULT, NULL, closed_cb, &copy);
      g_main_loop_run (loop);
      g_clear_object (&copy.input);
    }

  cli_progress_finish (progress, copy.error == NULL);
  if (copy.error == NULL)
    return CLI_EXIT_OK;

  if (copy.timed_out)
    {
      g_autofree char *seconds = g_strdup_printf ("%g", copy.timeout);

      g_clear_error (&copy.error);
      g_set_error (&copy.error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   ngettext ("The download did not end within the client's timeout "
                             "of %s second",
                             "The download did not end within the client's timeout "
                             "of %s seconds",
                             copy.timeout == 1.0 ? 1 : 2),
                   seconds);
    }
  else if (g_cancellable_is_cancelled (interrupt))
    {
      g_clear_error (&copy.error);
      g_set_error_literal (&copy.error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The operation was cancelled"));
    }

  exit_code = copy.local_error ? cli_fail_local (copy.error) : cli_fail (copy.error);
  g_clear_error (&copy.error);
  return exit_code;
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
      N_("Write to FILE, or to stdout when FILE is “-” (default: the basename "
         "of PATH, or UUID.tgz)"), N_("FILE") },
    { "extract", 'x', 0, G_OPTION_ARG_FILENAME, &extract,
      N_("Unpack the whole environment into DIRECTORY"), N_("DIRECTORY") },
    { "progress", 0, 0, G_OPTION_ARG_NONE, &show_progress,
      N_("Show a progress bar on stderr, even when it is not a terminal"), NULL },
    { "no-progress", 0, 0, G_OPTION_ARG_NONE, &no_progress,
      N_("Never show a progress bar"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &arguments,
      NULL, NULL },
    G_OPTION_ENTRY_NULL
  };

  if (!cli_command_parse (command, globals, entries,
                          _("Downloads the environment saved as UUID (a gzip'd "
                            "tar), or the file PATH of it.\nA file is written "
                            "whole or not at all. A progress bar is shown on "
                            "stderr when it\nis a terminal.\n"
                            "--extract never writes outside DIRECTORY: it "
                            "refuses absolute paths, “..”,\nlinks pointing "
                            "outside and special files."),
                          &argc, &argv, &exit_code))
    return exit_code;

  n_arguments = arguments != NULL ? g_strv_length (arguments) : 0;
  if (n_arguments == 0)
    return cli_usage_error (command, _("No environment UUID given"));
  if (n_arguments > 2)
    return cli_usage_error (command, _("Unexpected argument “%s”"), arguments[2]);
  path = n_arguments == 2 ? arguments[1] : NULL;

  if (extract != NULL && path != NULL)
    return cli_usage_error (command,
                            _("--extract unpacks a whole environment, not a PATH"));
  if (extract != NULL && output != NULL)
    return cli_usage_error (command, _("--extract and --output exclude each other"));
  if (!check_arguments (arguments[0], path, output, extract, &uuid, &error))
    return cli_fail_input (command, error);
  if (!cli_progress_wanted (show_progress, no_progress, &show_progress, &error))
    return cli_usage_error (command, "%s", error->message);

  client = cli_client_new (globals, &error);
  if (client == NULL)
    return cli_fail (error);

  progress = cli_progress_new (_("Downloading"), show_progress);

  if (output == NULL && extract == NULL)
    output = default_output (uuid, path);
  if (output != NULL && strcmp (output, "-") == 0)
    return save_to_stdout (client, uuid, path, progress);

  if (extract != NULL)
    {
      file = g_file_new_for_path (extract);
      ok = sandbox_client_download_to_directory (client, uuid, file,
                                                 cli_interrupt_get_cancellable (),
                                                 cli_progress_update, progress,
                                                 &error);
    }
  else
    {
      file = g_file_new_for_path (output);
      ok = sandbox_client_download_to_file (client, uuid, path, file,
                                            cli_interrupt_get_cancellable (),
                                            cli_progress_update, progress,
                                            &error);
    }

  cli_progress_finish (progress, ok);
  if (!ok)
    return cli_fail (error);

  return CLI_EXIT_OK;
}
