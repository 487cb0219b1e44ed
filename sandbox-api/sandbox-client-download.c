/* sandbox-client-download.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-client-private.h"
#include "sandbox-error.h"

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
 * to each read. Read the stream from the thread that made this call. No
 * progress is reported: the caller reads the stream, and knows how far
 * there is to go from the size that the _finish function gives.
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
 * Finishes [method@Sandbox.Client.download_stream_async].
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
  SANDBOX_CLIENT_CHECK_FINISH (self, result, sandbox_client_download_stream_async, error, NULL);
  return sandbox_request_finish_stream (result, out_size, error);
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
 * Starts downloading a whole environment or one file of it, blocking until
 * the server has answered, and gives a stream of its bytes. See
 * [method@Sandbox.Client.download_stream_async].
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
 * Asks whether a saved environment, or a file of it, is there, and how
 * large it is, blocking until the answer is in. See
 * [method@Sandbox.Client.query_file_async].
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
 * Asks how large an environment, or a file of it, is, blocking until the
 * answer is in. See [method@Sandbox.Client.check_async].
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
