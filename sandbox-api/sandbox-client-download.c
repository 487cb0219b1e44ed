/* sandbox-client-download.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-client-private.h"
#include "sandbox-error.h"
#include "sandbox-filter-stream-private.h"

/* A downloaded body that reports how much of it has been read: the total
 * when it is made, each read, and the end once. */
G_DECLARE_FINAL_TYPE (SandboxProgressStream, sandbox_progress_stream,
                      SANDBOX, PROGRESS_STREAM, SandboxFilterStream)

struct _SandboxProgressStream
{
  SandboxFilterStream  parent_instance;
  SandboxProgress     *progress;
  GDestroyNotify       notify;       /* of a blocking call's progress data */
  gpointer             notify_data;
};

G_DEFINE_FINAL_TYPE (SandboxProgressStream, sandbox_progress_stream,
                     SANDBOX_TYPE_FILTER_STREAM)

static gssize
sandbox_progress_stream_read_end (SandboxFilterStream  *stream,
                                  SandboxFilterRead    *read,
                                  gssize                n_read,
                                  GError              **error)
{
  SandboxProgressStream *self = SANDBOX_PROGRESS_STREAM (stream);

  if (n_read > 0)
    sandbox_progress_add (self->progress, (gsize) n_read);
  if (n_read == 0 && self->progress != NULL)
    {
      sandbox_progress_done (self->progress);
      g_clear_pointer (&self->progress, sandbox_progress_unref);
    }
  return n_read;
}

static void
sandbox_progress_stream_finalize (GObject *object)
{
  SandboxProgressStream *self = SANDBOX_PROGRESS_STREAM (object);

  g_clear_pointer (&self->progress, sandbox_progress_unref);
  if (self->notify != NULL)
    self->notify (self->notify_data);
  G_OBJECT_CLASS (sandbox_progress_stream_parent_class)->finalize (object);
}

static void
sandbox_progress_stream_class_init (SandboxProgressStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sandbox_progress_stream_finalize;
  SANDBOX_FILTER_STREAM_CLASS (klass)->read_end = sandbox_progress_stream_read_end;
}

static void
sandbox_progress_stream_init (SandboxProgressStream *self)
{
}

typedef struct
{
  SandboxProgress *progress;
  goffset          size;
} StreamAnswer;

/* @stream, or with @progress a stream of it that reports its reading;
 * @notify frees @notify_data when that stream is freed, or at once. */
static GInputStream *
progress_stream_new (GInputStream    *stream,
                     goffset          size,
                     SandboxProgress *progress,
                     GDestroyNotify   notify,
                     gpointer         notify_data)
{
  SandboxProgressStream *self;

  if (stream == NULL || progress == NULL)
    {
      if (notify != NULL)
        notify (notify_data);
      return stream;
    }

  self = g_object_new (sandbox_progress_stream_get_type (), "base-stream", stream, NULL);
  g_object_unref (stream);
  self->progress = sandbox_progress_ref (progress);
  self->notify = notify;
  self->notify_data = notify_data;
  sandbox_progress_start (progress, size);
  return G_INPUT_STREAM (self);
}

/**
 * sandbox_client_download_stream_async:
 * @self: a client
 * @environment_id: the UUID of a saved environment
 * @path: (nullable): a path inside the environment, or %NULL for the whole
 *   environment
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): the function called when the answer's headers
 *   are in
 * @user_data: (closure): data for @callback
 *
 * Starts downloading a whole environment or one file of it, and gives a
 * stream of its bytes as soon as the server has answered: the body is read
 * as the stream is, so nothing of any size is held in memory.
 *
 * The client's timeout covers the time until the answer's headers arrive;
 * reading the stream is at the caller's pace, under the cancellable given
 * to each read. Read the stream from the thread that made this call.
 * [method@Sandbox.Client.download_stream_with_progress_async] also reports
 * how much of it has been read.
 *
 * An @environment_id that is not a lower-case UUID, or a @path with an
 * empty, `.` or `..` segment, fails with %SANDBOX_ERROR_NOT_FOUND without
 * a request being sent.
 *
 * Since: 1.0
 */
void
sandbox_client_download_stream_async (SandboxClient       *self,
                                      const char          *environment_id,
                                      const char          *path,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  SANDBOX_CLIENT_CHECK_ASYNC (self, cancellable);
  g_return_if_fail (environment_id != NULL);
  sandbox_client_request_async (self, SANDBOX_RESPONSE_STREAM, environment_id, path,
                                sandbox_client_download_stream_async,
                                cancellable, callback, user_data);
}

/**
 * sandbox_client_download_stream_finish:
 * @self: a client
 * @result: the result given to the callback
 * @out_size: (out) (optional): the size of the download in bytes, from
 *   the answer's `Content-Length`, or -1 when the server does not say
 * @error: return location for a #GError
 *
 * Finishes [method@Sandbox.Client.download_stream_async] or
 * [method@Sandbox.Client.download_stream_with_progress_async].
 *
 * Returns: (transfer full): a stream of the environment's archive or of the
 *   file's content, or %NULL with @error set
 *
 * Since: 1.0
 */
GInputStream *
sandbox_client_download_stream_finish (SandboxClient  *self,
                                       GAsyncResult   *result,
                                       goffset        *out_size,
                                       GError        **error)
{
  StreamAnswer *answer;
  GInputStream *stream;

  if (!g_async_result_is_tagged (result, sandbox_client_download_stream_with_progress_async))
    {
      SANDBOX_CLIENT_CHECK_FINISH (self, result, sandbox_client_download_stream_async,
                                   error, NULL);
      return sandbox_request_finish_stream (result, out_size, error);
    }

  SANDBOX_CLIENT_CHECK_FINISH (self, result, sandbox_client_download_stream_with_progress_async,
                               error, NULL);
  answer = g_task_get_task_data (G_TASK (result));
  stream = g_task_propagate_pointer (G_TASK (result), error);
  if (out_size != NULL)
    *out_size = stream != NULL ? answer->size : -1;
  return stream;
}

static void
stream_answer_free (StreamAnswer *answer)
{
  g_clear_pointer (&answer->progress, sandbox_progress_unref);
  g_free (answer);
}

static void
stream_answered (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StreamAnswer *answer = g_task_get_task_data (task);
  GError *error = NULL;
  GInputStream *stream;

  stream = sandbox_client_download_stream_finish (SANDBOX_CLIENT (source), result,
                                                  &answer->size, &error);
  if (stream == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, progress_stream_new (stream, answer->size, answer->progress,
                                                      NULL, NULL),
                           g_object_unref);
}

/**
 * sandbox_client_download_stream_with_progress_async:
 * @self: a client
 * @environment_id: the UUID of a saved environment
 * @path: (nullable): a path inside the environment, or %NULL for the whole
 *   environment
 * @cancellable: (nullable): a cancellable
 * @progress_callback: (nullable) (scope notified) (closure progress_data)
 *   (destroy progress_notify): told how many bytes of the stream are read
 * @progress_data: data for @progress_callback
 * @progress_notify: (nullable): frees @progress_data once the stream is
 *   freed
 * @callback: (scope async): the function called when the answer's headers
 *   are in
 * @user_data: (closure): data for @callback
 *
 * As [method@Sandbox.Client.download_stream_async], and reports the bytes
 * read from the stream against the answer's `Content-Length` (-1 when the
 * server gives none): the total when the answer comes, then as the stream
 * is read, in the thread-default main context of the caller. Finish it
 * with [method@Sandbox.Client.download_stream_finish].
 *
 * Since: 1.1
 */
void
sandbox_client_download_stream_with_progress_async (SandboxClient           *self,
                                                    const char              *environment_id,
                                                    const char              *path,
                                                    GCancellable            *cancellable,
                                                    SandboxProgressCallback  progress_callback,
                                                    gpointer                 progress_data,
                                                    GDestroyNotify           progress_notify,
                                                    GAsyncReadyCallback      callback,
                                                    gpointer                 user_data)
{
  StreamAnswer *answer;
  GTask *task;

  SANDBOX_CLIENT_CHECK_ASYNC (self, cancellable);
  g_return_if_fail (environment_id != NULL);

  answer = g_new0 (StreamAnswer, 1);
  answer->size = -1;
  answer->progress = sandbox_progress_new_async (progress_callback, progress_data,
                                                 progress_notify);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sandbox_client_download_stream_with_progress_async);
  g_task_set_task_data (task, answer, (GDestroyNotify) stream_answer_free);
  sandbox_client_download_stream_async (self, environment_id, path, cancellable,
                                        stream_answered, task);
}

/**
 * sandbox_client_download_stream_with_progress:
 * @self: a client
 * @environment_id: the UUID of a saved environment
 * @path: (nullable): a path inside the environment, or %NULL for the whole
 *   environment
 * @out_size: (out) (optional): the size of the download in bytes, or -1
 *   when the server does not say
 * @cancellable: (nullable): a cancellable
 * @progress_callback: (nullable) (scope notified) (closure progress_data)
 *   (destroy progress_notify): told how many bytes of the stream are read
 * @progress_data: data for @progress_callback
 * @progress_notify: (nullable): frees @progress_data once the stream is
 *   freed
 * @error: return location for a #GError
 *
 * The blocking form of
 * [method@Sandbox.Client.download_stream_with_progress_async]:
 * @progress_callback is called by the stream's reads, in their thread.
 *
 * Returns: (transfer full): a stream of the environment's archive or of the
 *   file's content, or %NULL with @error set
 *
 * Since: 1.1
 */
GInputStream *
sandbox_client_download_stream_with_progress (SandboxClient            *self,
                                              const char               *environment_id,
                                              const char               *path,
                                              goffset                  *out_size,
                                              GCancellable             *cancellable,
                                              SandboxProgressCallback   progress_callback,
                                              gpointer                  progress_data,
                                              GDestroyNotify            progress_notify,
                                              GError                  **error)
{
  g_autoptr(SandboxProgress) progress = NULL;
  GInputStream *stream;
  goffset size = -1;

  stream = sandbox_client_download_stream (self, environment_id, path, &size, cancellable,
                                           error);
  if (out_size != NULL)
    *out_size = size;
  progress = sandbox_progress_new_blocking (progress_callback, progress_data);
  return progress_stream_new (stream, size, progress, progress_notify, progress_data);
}

/**
 * sandbox_client_download_stream:
 * @self: a client
 * @environment_id: the UUID of a saved environment
 * @path: (nullable): a path inside the environment, or %NULL for the whole
 *   environment
 * @out_size: (out) (optional): the size of the download in bytes, or -1
 *   when the server does not say
 * @cancellable: (nullable): a cancellable
 * @error: return location for a #GError
 *
 * The blocking form of [method@Sandbox.Client.download_stream_async].
 *
 * Returns: (transfer full): a stream of the environment's archive or of the
 *   file's content, or %NULL with @error set
 *
 * Since: 1.0
 */
GInputStream *
sandbox_client_download_stream (SandboxClient  *self,
                                const char     *environment_id,
                                const char     *path,
                                goffset        *out_size,
                                GCancellable   *cancellable,
                                GError        **error)
{
  g_autoptr(SoupMessage) message = NULL;
  SandboxRequestOptions options;

  SANDBOX_CLIENT_CHECK_SYNC (self, cancellable, error, NULL);
  g_return_val_if_fail (environment_id != NULL, NULL);

  if (out_size != NULL)
    *out_size = -1;
  message = sandbox_client_new_request (self, SANDBOX_RESPONSE_STREAM, environment_id, path,
                                        &options, error);
  if (message == NULL)
    return NULL;

  /* Not the asynchronous call waited for: the stream is read later, outside
   * of any context of ours (see sandbox_request_send_stream()). */
  return sandbox_request_send_stream (&options, cancellable, out_size, error);
}

/* What a HEAD answered: TRUE with *out_exists and *out_size, or FALSE with
 * @error set. A 404, or an id or path that cannot name anything (which
 * fails with %SANDBOX_ERROR_NOT_FOUND before any request, as a 404 would),
 * means "not there". */
static gboolean
query_result (goffset    size,
              GError    *local_error,
              gboolean  *out_exists,
              goffset   *out_size,
              GError   **error)
{
  gboolean exists = FALSE;

  if (g_error_matches (local_error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND))
    g_clear_error (&local_error);
  else if (local_error != NULL)
    size = -1;
  else
    exists = size >= 0;

  if (out_exists != NULL)
    *out_exists = exists;
  if (out_size != NULL)
    *out_size = exists ? size : 0;

  if (local_error == NULL)
    return TRUE;
  g_propagate_error (error, local_error);
  return FALSE;
}

/* The HEAD of query_file and check, tagged @source_tag. */
static void
query_start (SandboxClient       *self,
             const char          *environment_id,
             const char          *path,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  SANDBOX_CLIENT_CHECK_ASYNC (self, cancellable);
  g_return_if_fail (environment_id != NULL);
  sandbox_client_request_async (self, SANDBOX_RESPONSE_SIZE, environment_id, path,
                                source_tag, cancellable, callback, user_data);
}

static gboolean
query_finish (SandboxClient  *self,
              GAsyncResult   *result,
              gpointer        source_tag,
              gboolean       *out_exists,
              goffset        *out_size,
              GError        **error)
{
  GError *local_error = NULL;
  goffset size;

  SANDBOX_CLIENT_CHECK_FINISH (self, result, source_tag, error, FALSE);
  size = sandbox_request_finish_size (result, &local_error);
  return query_result (size, local_error, out_exists, out_size, error);
}

/**
 * sandbox_client_query_file_async:
 * @self: a client
 * @environment_id: the UUID of a saved environment
 * @path: (nullable): a path inside the environment, or %NULL for the
 *   environment's archive
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): the function called when the answer is in
 * @user_data: (closure): data for @callback
 *
 * Asks whether a saved environment, or a file of it, is there, and how
 * large it is, without downloading it (a `HEAD` request).
 *
 * An @environment_id that is not a lower-case UUID, or a @path with an
 * empty, `.` or `..` segment, cannot name anything on the server: it is
 * not there, and no request is sent.
 *
 * Since: 1.1
 */
void
sandbox_client_query_file_async (SandboxClient       *self,
                                 const char          *environment_id,
                                 const char          *path,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  query_start (self, environment_id, path, sandbox_client_query_file_async, cancellable,
               callback, user_data);
}

/**
 * sandbox_client_query_file_finish:
 * @self: a client
 * @result: the result given to the callback
 * @out_exists: (out) (optional): set to whether the environment or the file
 *   is there
 * @out_size: (out) (optional): set to its size in bytes, or 0 when it is
 *   not there
 * @error: return location for a #GError
 *
 * Finishes [method@Sandbox.Client.query_file_async].
 *
 * Returns: (skip): %TRUE when the server answered, %FALSE with @error set
 *   on a failure
 *
 * Since: 1.1
 */
gboolean
sandbox_client_query_file_finish (SandboxClient  *self,
                                  GAsyncResult   *result,
                                  gboolean       *out_exists,
                                  goffset        *out_size,
                                  GError        **error)
{
  return query_finish (self, result, sandbox_client_query_file_async, out_exists, out_size,
                       error);
}

/**
 * sandbox_client_query_file:
 * @self: a client
 * @environment_id: the UUID of a saved environment
 * @path: (nullable): a path inside the environment, or %NULL for the
 *   environment's archive
 * @out_exists: (out) (optional): set to whether the environment or the file
 *   is there
 * @out_size: (out) (optional): set to its size in bytes, or 0 when it is
 *   not there
 * @cancellable: (nullable): a cancellable
 * @error: return location for a #GError
 *
 * The blocking form of [method@Sandbox.Client.query_file_async].
 *
 * Returns: (skip): %TRUE when the server answered, %FALSE with @error set
 *   on a failure
 *
 * Since: 1.1
 */
gboolean
sandbox_client_query_file (SandboxClient  *self,
                           const char     *environment_id,
                           const char     *path,
                           gboolean       *out_exists,
                           goffset        *out_size,
                           GCancellable   *cancellable,
                           GError        **error)
{
  g_autoptr(SoupMessage) message = NULL;
  GError *local_error = NULL;
  SandboxRequestOptions options;
  goffset size = -1;

  SANDBOX_CLIENT_CHECK_SYNC (self, cancellable, error, FALSE);
  g_return_val_if_fail (environment_id != NULL, FALSE);

  message = sandbox_client_new_request (self, SANDBOX_RESPONSE_SIZE, environment_id, path,
                                        &options, &local_error);
  if (message != NULL)
    size = sandbox_request_send_size (&options, cancellable, &local_error);
  return query_result (size, local_error, out_exists, out_size, error);
}

/**
 * sandbox_client_check_async:
 * @self: a client
 * @environment_id: the UUID of a saved environment
 * @path: (nullable): a path inside the environment, or %NULL for the whole
 *   environment
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): the function called when the answer is in
 * @user_data: (closure): data for @callback
 *
 * Asks how large an environment, or a file of it, is, without downloading
 * it (a `HEAD` request). An empty file and one that is not there both
 * answer 0: [method@Sandbox.Client.query_file_async] tells them apart.
 *
 * Since: 1.0
 * Deprecated: 1.1: Use [method@Sandbox.Client.query_file_async], which
 *   tells a file that is not there from an empty one.
 */
void
sandbox_client_check_async (SandboxClient       *self,
                            const char          *environment_id,
                            const char          *path,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  query_start (self, environment_id, path, sandbox_client_check_async, cancellable,
               callback, user_data);
}

/**
 * sandbox_client_check_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Sandbox.Client.check_async].
 *
 * Returns: the size in bytes of the environment's archive or of the file,
 *   0 when it is empty or not there, or -1 with @error set on a failure
 *
 * Since: 1.0
 * Deprecated: 1.1: Use [method@Sandbox.Client.query_file_finish].
 */
goffset
sandbox_client_check_finish (SandboxClient  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  goffset size;

  /* As in 1.0: the size, 0 when not there, -1 on a failure. */
  return query_finish (self, result, sandbox_client_check_async, NULL, &size, error) ? size : -1;
}

/**
 * sandbox_client_check:
 * @self: a client
 * @environment_id: the UUID of a saved environment
 * @path: (nullable): a path inside the environment, or %NULL for the whole
 *   environment
 * @cancellable: (nullable): a cancellable
 * @error: return location for a #GError
 *
 * The blocking form of [method@Sandbox.Client.check_async].
 *
 * Returns: the size in bytes, 0 when it is empty or not there, or -1 with
 *   @error set on a failure
 *
 * Since: 1.0
 * Deprecated: 1.1: Use [method@Sandbox.Client.query_file], which tells a
 *   file that is not there from an empty one.
 */
goffset
sandbox_client_check (SandboxClient  *self,
                      const char     *environment_id,
                      const char     *path,
                      GCancellable   *cancellable,
                      GError        **error)
{
  goffset size;

  return sandbox_client_query_file (self, environment_id, path, NULL, &size,
                                    cancellable, error) ? size : -1;
}
