/* sandbox-client-download.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-client-private.h"
#include "sandbox-error.h"

/**
 * sandbox_client_download_async:
 * @self: a client
 * @environment: the UUID of a saved environment
 * @path: (nullable): a path inside the environment, such as `dir/file.txt`,
 *   or %NULL for the whole environment
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): the function called when the download is done
 * @user_data: (closure): data for @callback
 *
 * Downloads a whole environment, as a gzip'd tar archive, or one file of
 * it, into memory.
 *
 * The download may not be larger than
 * [property@Sandbox.Client:max-response-size]; use
 * [method@Sandbox.Client.download_stream] for environments of any size.
 *
 * An @environment that is not a lower-case UUID, or a @path with an empty,
 * `.` or `..` segment, fails with %SANDBOX_ERROR_NOT_FOUND, as the server
 * would answer, without a request being sent.
 *
 * Call [method@Sandbox.Client.download_finish] from @callback to get the
 * bytes.
 *
 * Since: 1.0
 */
void
sandbox_client_download_async (SandboxClient       *self,
                               const char          *environment,
                               const char          *path,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  SANDBOX_CLIENT_CHECK_ASYNC (self, cancellable);
  g_return_if_fail (environment != NULL);
  sandbox_client_request_async (self, SANDBOX_RESPONSE_BYTES, environment, path,
                                sandbox_client_download_async, cancellable, callback, user_data);
}

/**
 * sandbox_client_download_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Sandbox.Client.download_async].
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
  SANDBOX_CLIENT_CHECK_FINISH (self, result, sandbox_client_download_async, error, NULL);
  return sandbox_request_finish_bytes (result, error);
}

/**
 * sandbox_client_download:
 * @self: a client
 * @environment: the UUID of a saved environment
 * @path: (nullable): a path inside the environment, or %NULL for the whole
 *   environment
 * @cancellable: (nullable): a cancellable
 * @error: return location for a #GError
 *
 * Downloads a whole environment or one file of it into memory, blocking
 * until it is done. See [method@Sandbox.Client.download_async].
 *
 * Returns: (transfer full): the environment's archive or the file's
 *   content, or %NULL with @error set
 *
 * Since: 1.0
 */
GBytes *
sandbox_client_download (SandboxClient  *self,
                         const char     *environment,
                         const char     *path,
                         GCancellable   *cancellable,
                         GError        **error)
{
  g_autoptr(SoupMessage) message = NULL;
  SandboxRequestOptions options;

  SANDBOX_CLIENT_CHECK_SYNC (self, cancellable, error, NULL);
  g_return_val_if_fail (environment != NULL, NULL);

  message = sandbox_client_new_request (self, SANDBOX_RESPONSE_BYTES, environment, path,
                                        &options, error);
  return message != NULL ? sandbox_request_send_bytes (&options, cancellable, error) : NULL;
}

/**
 * sandbox_client_download_stream_async:
 * @self: a client
 * @environment: the UUID of a saved environment
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
 *
 * An @environment that is not a lower-case UUID, or a @path with an empty,
 * `.` or `..` segment, fails with %SANDBOX_ERROR_NOT_FOUND without a
 * request being sent.
 *
 * Since: 1.0
 */
void
sandbox_client_download_stream_async (SandboxClient       *self,
                                      const char          *environment,
                                      const char          *path,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  SANDBOX_CLIENT_CHECK_ASYNC (self, cancellable);
  g_return_if_fail (environment != NULL);
  sandbox_client_request_async (self, SANDBOX_RESPONSE_STREAM, environment, path,
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
 * @environment: the UUID of a saved environment
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
                                const char     *environment,
                                const char     *path,
                                goffset        *out_size,
                                GCancellable   *cancellable,
                                GError        **error)
{
  g_autoptr(SoupMessage) message = NULL;
  SandboxRequestOptions options;

  SANDBOX_CLIENT_CHECK_SYNC (self, cancellable, error, NULL);
  g_return_val_if_fail (environment != NULL, NULL);

  if (out_size != NULL)
    *out_size = -1;
  message = sandbox_client_new_request (self, SANDBOX_RESPONSE_STREAM, environment, path,
                                        &options, error);
  if (message == NULL)
    return NULL;

  /* Not the asynchronous call waited for: the stream is read later, outside
   * of any context of ours (see sandbox_request_send_stream()). */
  return sandbox_request_send_stream (&options, cancellable, out_size, error);
}

/* What a check answers: the size, -1 for not there, or -2 with @error set
 * (the request's own -1 is both a missing file and a failure). An id or
 * path that cannot name anything fails with %SANDBOX_ERROR_NOT_FOUND, as a
 * 404 would: it is not there either. */
static goffset
check_result (goffset   size,
              GError   *local_error,
              GError  **error)
{
  if (g_error_matches (local_error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND))
    g_clear_error (&local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return -2;
    }

  return size < 0 ? -1 : size;
}

/**
 * sandbox_client_check_async:
 * @self: a client
 * @environment: the UUID of a saved environment
 * @path: (nullable): a path inside the environment, or %NULL for the whole
 *   environment
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): the function called when the answer is in
 * @user_data: (closure): data for @callback
 *
 * Asks whether an environment, or a file of it, exists, and how large it
 * is, without downloading it (a `HEAD` request).
 *
 * An @environment that is not a lower-case UUID, or a @path with an empty,
 * `.` or `..` segment, cannot name anything on the server: the check
 * answers -1 (not there) without a request being sent.
 *
 * Since: 1.0
 */
void
sandbox_client_check_async (SandboxClient       *self,
                            const char          *environment,
                            const char          *path,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  SANDBOX_CLIENT_CHECK_ASYNC (self, cancellable);
  g_return_if_fail (environment != NULL);
  sandbox_client_request_async (self, SANDBOX_RESPONSE_SIZE, environment, path,
                                sandbox_client_check_async, cancellable, callback, user_data);
}

/**
 * sandbox_client_check_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Sandbox.Client.check_async].
 *
 * Returns: the size in bytes of the environment's archive or of the file
 *   (0 for an empty file); -1 when the environment or the file is not there
 *   (the server answered 404, or the id or path cannot name anything), with
 *   no error; -2 with @error set on any failure. Before 1.1, a missing file
 *   gave 0 and a failure -1.
 *
 * Since: 1.0
 */
goffset
sandbox_client_check_finish (SandboxClient  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  GError *local_error = NULL;
  goffset size;

  SANDBOX_CLIENT_CHECK_FINISH (self, result, sandbox_client_check_async, error, -2);
  size = sandbox_request_finish_size (result, &local_error);
  return check_result (size, local_error, error);
}

/**
 * sandbox_client_check:
 * @self: a client
 * @environment: the UUID of a saved environment
 * @path: (nullable): a path inside the environment, or %NULL for the whole
 *   environment
 * @cancellable: (nullable): a cancellable
 * @error: return location for a #GError
 *
 * Asks whether an environment, or a file of it, exists, and how large it
 * is, blocking until the answer is in. See
 * [method@Sandbox.Client.check_async].
 *
 * Returns: the size in bytes (0 for an empty file); -1 when the
 *   environment or the file is not there, with no error; -2 with @error set
 *   on any failure. Before 1.1, a missing file gave 0 and a failure -1.
 *
 * Since: 1.0
 */
goffset
sandbox_client_check (SandboxClient  *self,
                      const char     *environment,
                      const char     *path,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_autoptr(SoupMessage) message = NULL;
  GError *local_error = NULL;
  SandboxRequestOptions options;
  goffset size = -1;

  SANDBOX_CLIENT_CHECK_SYNC (self, cancellable, error, -2);
  g_return_val_if_fail (environment != NULL, -2);

  message = sandbox_client_new_request (self, SANDBOX_RESPONSE_SIZE, environment, path,
                                        &options, &local_error);
  if (message != NULL)
    size = sandbox_request_send_size (&options, cancellable, &local_error);
  return check_result (size, local_error, error);
}
