/* sandbox-client-transfer.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-archive-read-private.h"
#include "sandbox-client-private.h"
#include "sandbox-deadline-private.h"
#include "sandbox-error.h"
#include "sandbox-progress-private.h"
#include "sandbox-request-private.h"
#include "sandbox-i18n-private.h"

#define CHUNK_SIZE (64 * 1024)
#define MAX_TEMPORARY_NAMES 100

/* Downloads into memory, files and directories, through transfer_start()
 * and transfer_blocking(): the blocking calls read the download stream on
 * the calling thread; the asynchronous ones run the blocking ones on a
 * worker thread, with progress reported in the caller's context. The
 * client's timeout bounds the whole transfer, body included;
 * max-response-size caps a download into memory, max-download-size one
 * into a file or directory. A download into memory without progress is
 * the request engine's, read straight into a buffer sized from the
 * Content-Length, with no thread. */

typedef struct
{
  char            *environment;
  char            *path;         /* NULL: the whole environment's archive */
  GFile           *destination;  /* NULL: into memory, to @bytes */
  gboolean         extract;      /* into the directory @destination */
  SandboxProgress *progress;
  GBytes          *bytes;
  /* What caps it, and the client's property that sets that. */
  guint64          limit;
  const char      *limit_name;
} Transfer;

static Transfer *
transfer_new (SandboxClient   *self,
              const char      *environment_id,
              const char      *path,
              GFile           *destination,
              gboolean         extract,
              SandboxProgress *progress)
{
  Transfer *transfer = g_new0 (Transfer, 1);

  transfer->environment = g_strdup (environment_id);
  transfer->path = g_strdup (path);
  g_set_object (&transfer->destination, destination);
  transfer->extract = extract;
  transfer->progress = progress;
  if (destination != NULL)
    {
      transfer->limit = sandbox_client_get_max_download_size (self);
      transfer->limit_name = "max-download-size";
    }
  else
    {
      transfer->limit = sandbox_client_get_max_response_size (self);
      transfer->limit_name = "max-response-size";
    }
  return transfer;
}

static void
transfer_free (Transfer *transfer)
{
  g_free (transfer->environment);
  g_free (transfer->path);
  g_clear_object (&transfer->destination);
  g_clear_pointer (&transfer->progress, sandbox_progress_unref);
  g_clear_pointer (&transfer->bytes, g_bytes_unref);
  g_free (transfer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Transfer, transfer_free)

/* A new, empty file beside @destination, for the download to be written
 * into before it is renamed over @destination. When @destination is a
 * file already, the new one is private until *out_mode, the permissions of
 * @destination, is given to it: a download never widens them. Otherwise
 * it is made as any new file is (0666 less the umask), and *out_mode is 0. */
static GFileOutputStream *
create_temporary (GFile         *destination,
                  GFile        **out_temporary,
                  guint32       *out_mode,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GFile) parent = g_file_get_parent (destination);
  g_autofree char *basename = g_file_get_basename (destination);
  g_autoptr(GFileInfo) info = NULL;
  GFileCreateFlags flags = G_FILE_CREATE_NONE;

  *out_mode = 0;
  info = g_file_query_info (destination,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_UNIX_MODE,
                            G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, NULL);
  if (info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR &&
      g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_UNIX_MODE))
    {
      *out_mode = g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_UNIX_MODE) & 0777;
      flags = G_FILE_CREATE_PRIVATE;
    }

  if (parent == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("Cannot download into %s: it is a directory"),
                   g_file_peek_path (destination));
      return NULL;
    }

  for (guint i = 0; i < MAX_TEMPORARY_NAMES; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *name = g_strdup_printf (".%s.%08x.part", basename, g_random_int ());
      g_autoptr(GFile) temporary = g_file_get_child (parent, name);
      GFileOutputStream *output = g_file_create (temporary, flags, cancellable, &local_error);

      if (output != NULL)
        {
          *out_temporary = g_steal_pointer (&temporary);
          return output;
        }
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               _("Cannot make a temporary file beside %s"), g_file_peek_path (destination));
  return NULL;
}

static void
set_too_large (GError     **error,
               guint64      limit,
               const char  *limit_name)
{
  g_autofree char *shown = g_strdup_printf ("%" G_GUINT64_FORMAT, limit);

  sandbox_i18n_init ();
  g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_RESPONSE_TOO_LARGE,
               /* Translators: a size, then the name of the client's property. */
               g_dngettext (GETTEXT_PACKAGE,
                            "The download is larger than %s byte (the client's %s)",
                            "The download is larger than %s bytes (the client's %s)",
                            (gulong) MIN (limit, G_MAXULONG)),
               shown, limit_name);
}

static void
starting_cb (SoupMessage *message,
             gpointer     user_data)
{
  gint64 *start_time = user_data;

  if (*start_time == 0)
    *start_time = g_get_monotonic_time ();
}

/* Sends the GET of a download and gives the stream of its body, with the
 * deadline that reading it must meet: the client's timeout from when the
 * request was first sent, as for the wait for the headers (the wait for a
 * free connection does not count). Its cancellable follows @cancellable. */
static GInputStream *
open_download (SandboxClient     *self,
               Transfer          *transfer,
               goffset           *out_size,
               SandboxDeadline  **out_deadline,
               GCancellable      *cancellable,
               GError           **error)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GInputStream) stream = NULL;
  SandboxRequestOptions options;
  gint64 start_time = 0;
  gulong handler;

  message = sandbox_client_new_request (self, SANDBOX_RESPONSE_STREAM, transfer->environment,
                                        transfer->path, &options, error);
  if (message == NULL)
    return NULL;

  handler = g_signal_connect (message, "starting", G_CALLBACK (starting_cb), &start_time);
  stream = sandbox_request_send_stream (&options, cancellable, out_size, error);
  g_signal_handler_disconnect (message, handler);
  if (stream == NULL)
    return NULL;

  if (*out_size >= 0 && (guint64) *out_size > transfer->limit)
    {
      g_input_stream_close (stream, NULL, NULL);
      set_too_large (error, transfer->limit, transfer->limit_name);
      return NULL;
    }

  if (start_time == 0)
    start_time = g_get_monotonic_time ();
  *out_deadline = sandbox_deadline_new_full (options.timeout,
                                             start_time + (gint64) MIN (options.timeout * G_USEC_PER_SEC,
                                                                        (double) G_MAXINT32 * G_USEC_PER_SEC),
                                             cancellable, NULL);
  return g_steal_pointer (&stream);
}

static gboolean
copy_stream (Transfer       *transfer,
             GInputStream   *input,
             GOutputStream  *output,
             GCancellable   *cancellable,
             GError        **error)
{
  g_autofree guint8 *buffer = g_malloc (CHUNK_SIZE);
  guint64 total = 0;

  for (;;)
    {
      gssize n = g_input_stream_read (input, buffer, CHUNK_SIZE, cancellable, error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        return TRUE;
      total += n;
      if (total > transfer->limit)
        {
          set_too_large (error, transfer->limit, transfer->limit_name);
          return FALSE;
        }
      if (!g_output_stream_write_all (output, buffer, n, NULL, cancellable, error))
        return FALSE;
      sandbox_progress_add (transfer->progress, n);
    }
}

/* Reads the body into memory, to @transfer's bytes. */
static gboolean
read_to_memory (Transfer       *transfer,
                GInputStream   *input,
                GCancellable   *cancellable,
                GError        **error)
{
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();

  if (!copy_stream (transfer, input, output, cancellable, error) ||
      !g_output_stream_close (output, cancellable, error))
    return FALSE;

  transfer->bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (output));
  return TRUE;
}

/* Writes the body into a temporary file beside @destination, and renames
 * it over @destination once whole: the temporary file never survives a
 * failure, a cancellation or the deadline. */
static gboolean
write_to_file (Transfer      *transfer,
               GInputStream  *input,
               GCancellable  *cancellable,
               GError       **error)
{
  GFile *destination = transfer->destination;
  g_autoptr(GFileOutputStream) output = NULL;
  g_autoptr(GFile) temporary = NULL;
  guint32 mode;
  gboolean ok;

  output = create_temporary (destination, &temporary, &mode, cancellable, error);
  if (output == NULL)
    return FALSE;

  ok = copy_stream (transfer, input, G_OUTPUT_STREAM (output), cancellable, error);
  if (ok)
    ok = g_output_stream_close (G_OUTPUT_STREAM (output), cancellable, error);
  else
    g_output_stream_close (G_OUTPUT_STREAM (output), NULL, NULL);

  if (ok && mode != 0)
    ok = g_file_set_attribute_uint32 (temporary, G_FILE_ATTRIBUTE_UNIX_MODE, mode,
                                      G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, error);
  /* A rename: the destination appears whole, or not at all. */
  if (ok)
    ok = g_file_move (temporary, destination,
                      G_FILE_COPY_OVERWRITE | G_FILE_COPY_NOFOLLOW_SYMLINKS,
                      cancellable, NULL, NULL, error);
  if (!ok)
    g_file_delete (temporary, NULL, NULL);
  return ok;
}

/* Extracts the archive into @directory as it arrives, reading the body no
 * further than max-download-size. */
static gboolean
extract_to_directory (Transfer      *transfer,
                      GInputStream  *input,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(SandboxArchiveRead) archive = sandbox_archive_read_new (input);
  g_autoptr(GError) too_large = NULL;

  sandbox_archive_read_set_limits (archive, G_GUINT64_CONSTANT (4) * 1024 * 1024 * 1024,
                                   100000);
  set_too_large (&too_large, transfer->limit, transfer->limit_name);
  sandbox_archive_read_set_max_input (archive, transfer->limit, too_large);
  sandbox_archive_read_set_progress (archive, transfer->progress);
  return sandbox_extract_all (archive, transfer->destination, cancellable, error);
}

/* Runs @transfer on the calling thread, within the client's timeout. */
static gboolean
transfer_run (SandboxClient  *self,
              Transfer       *transfer,
              GCancellable   *cancellable,
              GError        **error)
{
  g_autoptr(SandboxDeadline) deadline = NULL;
  g_autoptr(GInputStream) input = NULL;
  GError *local_error = NULL;
  goffset size = -1;
  gboolean ok;

  input = open_download (self, transfer, &size, &deadline, cancellable, error);
  if (input == NULL)
    return FALSE;

  cancellable = sandbox_deadline_get_cancellable (deadline);
  sandbox_progress_start (transfer->progress, size);
  if (transfer->extract)
    ok = extract_to_directory (transfer, input, cancellable, &local_error);
  else if (transfer->destination != NULL)
    ok = write_to_file (transfer, input, cancellable, &local_error);
  else
    ok = read_to_memory (transfer, input, cancellable, &local_error);
  g_input_stream_close (input, NULL, NULL);
  if (!ok)
    {
      sandbox_deadline_propagate (deadline, &local_error);
      g_propagate_error (error, local_error);
      return FALSE;
    }

  sandbox_progress_done (transfer->progress);
  return TRUE;
}

static void
transfer_in_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  Transfer *transfer = task_data;
  GError *error = NULL;
  gboolean ok = transfer_run (source_object, transfer, cancellable, &error);

  /* Let go of the progress before returning: its data is freed in the
   * caller's context, before the callback (see sandbox-progress.c). */
  g_clear_pointer (&transfer->progress, sandbox_progress_unref);

  if (!ok)
    g_task_return_error (task, error);
  else if (transfer->destination == NULL)
    g_task_return_pointer (task, g_steal_pointer (&transfer->bytes),
                           (GDestroyNotify) g_bytes_unref);
  else
    g_task_return_boolean (task, TRUE);
}

/* Every asynchronous download: of @path of @environment_id (the archive
 * when NULL) into @destination, extracted there when @extract, or into
 * memory when @destination is NULL. One into memory without progress is
 * tagged sandbox_client_download_async. */
static void
transfer_start (SandboxClient           *self,
                const char              *environment_id,
                const char              *path,
                GFile                   *destination,
                gboolean                 extract,
                GCancellable            *cancellable,
                SandboxProgressCallback  progress_callback,
                gpointer                 progress_data,
                GDestroyNotify           progress_notify,
                gpointer                 source_tag,
                GAsyncReadyCallback      callback,
                gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  SandboxProgress *progress;

  SANDBOX_CLIENT_CHECK_ASYNC (self, cancellable);
  g_return_if_fail (environment_id != NULL);

  progress = sandbox_progress_new_async (progress_callback, progress_data, progress_notify);
  if (progress == NULL && destination == NULL)
    {
      sandbox_client_request_async (self, SANDBOX_RESPONSE_BYTES, environment_id, path,
                                    sandbox_client_download_async, cancellable, callback,
                                    user_data);
      return;
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task,
                        transfer_new (self, environment_id, path, destination, extract, progress),
                        (GDestroyNotify) transfer_free);
  g_task_run_in_thread (task, transfer_in_thread);
}

/* The blocking form of transfer_start(), on the calling thread: a download
 * into memory gives its bytes in *out_bytes. */
static gboolean
transfer_blocking (SandboxClient            *self,
                   const char               *environment_id,
                   const char               *path,
                   GFile                    *destination,
                   gboolean                  extract,
                   GCancellable             *cancellable,
                   SandboxProgressCallback   progress_callback,
                   gpointer                  progress_data,
                   GBytes                  **out_bytes,
                   GError                  **error)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(Transfer) transfer = NULL;
  SandboxRequestOptions options;

  SANDBOX_CLIENT_CHECK_SYNC (self, cancellable, error, FALSE);
  g_return_val_if_fail (environment_id != NULL, FALSE);

  if (progress_callback == NULL && destination == NULL)
    {
      message = sandbox_client_new_request (self, SANDBOX_RESPONSE_BYTES, environment_id, path,
                                            &options, error);
      if (message != NULL)
        *out_bytes = sandbox_request_send_bytes (&options, cancellable, error);
      return message != NULL && *out_bytes != NULL;
    }

  transfer = transfer_new (self, environment_id, path, destination, extract,
                           sandbox_progress_new_blocking (progress_callback, progress_data));
  if (!transfer_run (self, transfer, cancellable, error))
    return FALSE;
  if (out_bytes != NULL)
    *out_bytes = g_steal_pointer (&transfer->bytes);
  return TRUE;
}

/**
 * sandbox_client_download_with_progress_async:
 * @self: a client
 * @environment_id: the UUID of a saved environment
 * @path: (nullable): a path inside the environment, such as `dir/file.txt`,
 *   or %NULL for the whole environment's archive
 * @cancellable: (nullable): a cancellable
 * @progress_callback: (nullable) (scope notified) (closure progress_data)
 *   (destroy progress_notify): told how many bytes have been received
 * @progress_data: data for @progress_callback
 * @progress_notify: (nullable): frees @progress_data after the last report
 * @callback: (scope async): the function called when the download is done
 * @user_data: (closure): data for @callback
 *
 * Downloads a saved environment, as a gzip'd tar archive, or one file of
 * it, into memory, reporting the bytes received against the answer's
 * `Content-Length` (-1 when the server gives none). Finish it with
 * [method@Sandbox.Client.download_finish].
 *
 * A download larger than [property@Sandbox.Client:max-response-size] fails
 * with %SANDBOX_ERROR_RESPONSE_TOO_LARGE: use
 * [method@Sandbox.Client.download_to_file_async] for any size. The client's
 * timeout bounds the whole download. With a @progress_callback, the body
 * is read on a worker thread; @progress_callback and @callback run in the
 * thread-default main context of the caller. An @environment_id that is
 * not a lower-case UUID, or a @path with an empty, `.` or `..` segment,
 * fails with %SANDBOX_ERROR_NOT_FOUND without a request being sent.
 *
 * Since: 1.1
 */
void
sandbox_client_download_with_progress_async (SandboxClient           *self,
                                             const char              *environment_id,
                                             const char              *path,
                                             GCancellable            *cancellable,
                                             SandboxProgressCallback  progress_callback,
                                             gpointer                 progress_data,
                                             GDestroyNotify           progress_notify,
                                             GAsyncReadyCallback      callback,
                                             gpointer                 user_data)
{
  transfer_start (self, environment_id, path, NULL, FALSE, cancellable,
                  progress_callback, progress_data, progress_notify,
                  sandbox_client_download_with_progress_async, callback, user_data);
}

/**
 * sandbox_client_download_with_progress:
 * @self: a client
 * @environment_id: the UUID of a saved environment
 * @path: (nullable): a path inside the environment, or %NULL for the whole
 *   environment's archive
 * @cancellable: (nullable): a cancellable
 * @progress_callback: (nullable) (scope call) (closure progress_data): a
 *   function told how many bytes have been received, or %NULL
 * @progress_data: data for @progress_callback
 * @error: return location for a #GError
 *
 * The blocking form of [method@Sandbox.Client.download_with_progress_async]:
 * @progress_callback is called in the calling thread.
 *
 * Returns: (transfer full): the environment's archive or the file's
 *   content, or %NULL with @error set
 *
 * Since: 1.1
 */
GBytes *
sandbox_client_download_with_progress (SandboxClient            *self,
                                       const char               *environment_id,
                                       const char               *path,
                                       GCancellable             *cancellable,
                                       SandboxProgressCallback   progress_callback,
                                       gpointer                  progress_data,
                                       GError                  **error)
{
  GBytes *bytes = NULL;

  transfer_blocking (self, environment_id, path, NULL, FALSE, cancellable,
                     progress_callback, progress_data, &bytes, error);
  return bytes;
}

/**
 * sandbox_client_download_async:
 * @self: a client
 * @environment_id: the UUID of a saved environment
 * @path: (nullable): a path inside the environment, such as `dir/file.txt`,
 *   or %NULL for the whole environment
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): the function called when the download is done
 * @user_data: (closure): data for @callback
 *
 * As [method@Sandbox.Client.download_with_progress_async], without
 * progress.
 *
 * Since: 1.0
 */
void
sandbox_client_download_async (SandboxClient       *self,
                               const char          *environment_id,
                               const char          *path,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  sandbox_client_download_with_progress_async (self, environment_id, path, cancellable,
                                               NULL, NULL, NULL, callback, user_data);
}

/**
 * sandbox_client_download_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Sandbox.Client.download_async] or
 * [method@Sandbox.Client.download_with_progress_async].
 *
 * Returns: (transfer full): the environment's archive or the file's
 *   content, or %NULL with @error set
 *
 * Since: 1.0
 */
GBytes *
sandbox_client_download_finish (SandboxClient  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  /* With progress, the transfer's; without, the request engine's. */
  if (g_async_result_is_tagged (result, sandbox_client_download_with_progress_async))
    {
      SANDBOX_CLIENT_CHECK_FINISH (self, result, sandbox_client_download_with_progress_async,
                                   error, NULL);
      return g_task_propagate_pointer (G_TASK (result), error);
    }

  SANDBOX_CLIENT_CHECK_FINISH (self, result, sandbox_client_download_async, error, NULL);
  return sandbox_request_finish_bytes (result, error);
}

/**
 * sandbox_client_download:
 * @self: a client
 * @environment_id: the UUID of a saved environment
 * @path: (nullable): a path inside the environment, or %NULL for the whole
 *   environment
 * @cancellable: (nullable): a cancellable
 * @error: return location for a #GError
 *
 * The blocking form of [method@Sandbox.Client.download_async].
 *
 * Returns: (transfer full): the environment's archive or the file's
 *   content, or %NULL with @error set
 *
 * Since: 1.0
 */
GBytes *
sandbox_client_download (SandboxClient  *self,
                         const char     *environment_id,
                         const char     *path,
                         GCancellable   *cancellable,
                         GError        **error)
{
  return sandbox_client_download_with_progress (self, environment_id, path, cancellable,
                                                NULL, NULL, error);
}

/**
 * sandbox_client_download_to_file_async:
 * @self: a client
 * @environment_id: the UUID of a saved environment
 * @path: (nullable): a path inside the environment, or %NULL for the whole
 *   environment's archive
 * @destination: the file to write
 * @cancellable: (nullable): a cancellable
 * @progress_callback: (nullable) (scope notified) (closure progress_data)
 *   (destroy progress_notify): told how many bytes have been received
 * @progress_data: data for @progress_callback
 * @progress_notify: (nullable): frees @progress_data after the last report
 * @callback: (scope async): the function called when the file is written
 * @user_data: (closure): data for @callback
 *
 * Downloads a file of a saved environment, or its whole archive, into
 * @destination as it arrives, through a temporary file beside it renamed
 * over it at the end: @destination appears whole or not at all, and stays
 * as it was on a failure, a cancellation or a timeout. A @destination that
 * is a file already keeps its permissions (the download is written
 * privately until then); a new one gets 0666 less the process's umask.
 *
 * The client's [property@Sandbox.Client:timeout] bounds the whole
 * download from when the request is sent (%G_IO_ERROR_TIMED_OUT). The
 * body is read no further than its announced `Content-Length` and
 * [property@Sandbox.Client:max-download-size] (past it,
 * %SANDBOX_ERROR_RESPONSE_TOO_LARGE). A missing environment or file fails
 * with %SANDBOX_ERROR_NOT_FOUND. Progress counts the bytes received, of
 * the `Content-Length` (-1 when the server gives none); the work runs on a
 * worker thread, @progress_callback and @callback in the thread-default
 * main context of the caller.
 *
 * Since: 1.1
 */
void
sandbox_client_download_to_file_async (SandboxClient           *self,
                                       const char              *environment_id,
                                       const char              *path,
                                       GFile                   *destination,
                                       GCancellable            *cancellable,
                                       SandboxProgressCallback  progress_callback,
                                       gpointer                 progress_data,
                                       GDestroyNotify           progress_notify,
                                       GAsyncReadyCallback      callback,
                                       gpointer                 user_data)
{
  g_return_if_fail (G_IS_FILE (destination));
  transfer_start (self, environment_id, path, destination, FALSE, cancellable,
                  progress_callback, progress_data, progress_notify,
                  sandbox_client_download_to_file_async, callback, user_data);
}

/**
 * sandbox_client_download_to_file_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Sandbox.Client.download_to_file_async].
 *
 * Returns: %TRUE once the destination holds the download, %FALSE with
 *   @error set
 *
 * Since: 1.1
 */
gboolean
sandbox_client_download_to_file_finish (SandboxClient  *self,
                                        GAsyncResult   *result,
                                        GError        **error)
{
  SANDBOX_CLIENT_CHECK_FINISH (self, result, sandbox_client_download_to_file_async, error, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sandbox_client_download_to_file:
 * @self: a client
 * @environment_id: the UUID of a saved environment
 * @path: (nullable): a path inside the environment, or %NULL for the whole
 *   environment's archive
 * @destination: the file to write
 * @cancellable: (nullable): a cancellable
 * @progress_callback: (nullable) (scope call) (closure progress_data): a
 *   function told how many bytes have been received, or %NULL
 * @progress_data: data for @progress_callback
 * @error: return location for a #GError
 *
 * The blocking form of [method@Sandbox.Client.download_to_file_async]:
 * @progress_callback is called in the calling thread.
 *
 * Returns: %TRUE once @destination holds the download, %FALSE with @error
 *   set
 *
 * Since: 1.1
 */
gboolean
sandbox_client_download_to_file (SandboxClient            *self,
                                 const char               *environment_id,
                                 const char               *path,
                                 GFile                    *destination,
                                 GCancellable             *cancellable,
                                 SandboxProgressCallback   progress_callback,
                                 gpointer                  progress_data,
                                 GError                  **error)
{
  g_return_val_if_fail (G_IS_FILE (destination), FALSE);
  return transfer_blocking (self, environment_id, path, destination, FALSE, cancellable,
                            progress_callback, progress_data, NULL, error);
}

/**
 * sandbox_client_download_to_directory_async:
 * @self: a client
 * @environment_id: the UUID of a saved environment
 * @directory: a local directory, created when it does not exist
 * @cancellable: (nullable): a cancellable
 * @progress_callback: (nullable) (scope notified) (closure progress_data)
 *   (destroy progress_notify): told how many bytes have been received
 * @progress_data: data for @progress_callback
 * @progress_notify: (nullable): frees @progress_data after the last report
 * @callback: (scope async): the function called when the environment is
 *   extracted
 * @user_data: (closure): data for @callback
 *
 * Downloads a saved environment and extracts it into @directory as it
 * arrives, with the checks and caps of [class@Sandbox.EnvironmentReader] at
 * their defaults (see [method@Sandbox.EnvironmentReader.extract]). On an
 * error, a cancellation or a timeout, the members extracted before it stay
 * in @directory; the one being written is removed. A missing environment
 * fails with %SANDBOX_ERROR_NOT_FOUND, before @directory is created.
 *
 * The timeout, the limit and the progress (of the compressed bytes) are
 * those of [method@Sandbox.Client.download_to_file_async]; the body is
 * also read no further than 1 MiB past the archive's end.
 *
 * Since: 1.1
 */
void
sandbox_client_download_to_directory_async (SandboxClient           *self,
                                            const char              *environment_id,
                                            GFile                   *directory,
                                            GCancellable            *cancellable,
                                            SandboxProgressCallback  progress_callback,
                                            gpointer                 progress_data,
                                            GDestroyNotify           progress_notify,
                                            GAsyncReadyCallback      callback,
                                            gpointer                 user_data)
{
  g_return_if_fail (G_IS_FILE (directory));
  transfer_start (self, environment_id, NULL, directory, TRUE, cancellable,
                  progress_callback, progress_data, progress_notify,
                  sandbox_client_download_to_directory_async, callback, user_data);
}

/**
 * sandbox_client_download_to_directory_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Sandbox.Client.download_to_directory_async].
 *
 * Returns: %TRUE once every member is written, %FALSE with @error set
 *
 * Since: 1.1
 */
gboolean
sandbox_client_download_to_directory_finish (SandboxClient  *self,
                                             GAsyncResult   *result,
                                             GError        **error)
{
  SANDBOX_CLIENT_CHECK_FINISH (self, result, sandbox_client_download_to_directory_async,
                               error, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sandbox_client_download_to_directory:
 * @self: a client
 * @environment_id: the UUID of a saved environment
 * @directory: a local directory, created when it does not exist
 * @cancellable: (nullable): a cancellable
 * @progress_callback: (nullable) (scope call) (closure progress_data): a
 *   function told how many bytes have been received, or %NULL
 * @progress_data: data for @progress_callback
 * @error: return location for a #GError
 *
 * The blocking form of [method@Sandbox.Client.download_to_directory_async]:
 * @progress_callback is called in the calling thread.
 *
 * Returns: %TRUE once every member is written, %FALSE with @error set
 *
 * Since: 1.1
 */
gboolean
sandbox_client_download_to_directory (SandboxClient            *self,
                                      const char               *environment_id,
                                      GFile                    *directory,
                                      GCancellable             *cancellable,
                                      SandboxProgressCallback   progress_callback,
                                      gpointer                  progress_data,
                                      GError                  **error)
{
  g_return_val_if_fail (G_IS_FILE (directory), FALSE);
  return transfer_blocking (self, environment_id, NULL, directory, TRUE, cancellable,
                            progress_callback, progress_data, NULL, error);
}
