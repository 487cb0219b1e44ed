/* sandbox-request.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-body-reader-private.h"
#include "sandbox-deadline-private.h"
#include "sandbox-error.h"
#include "sandbox-request-private.h"
#include "sandbox-response-private.h"

/* One HTTP exchange with the server, from sending the request to the value
 * the caller asked for, under the client's deadline. Every operation of
 * SandboxClient goes through here, blocking ones included. */

typedef struct
{
  SoupSession         *session;
  SoupMessage         *message;
  SandboxResponseKind  kind;
  guint64              max_response_size;
  SandboxDeadline     *deadline;
  gint64               start_time;

  /* What the operation answers once the body stream is closed. */
  GError              *error;
  gpointer             value;
  GDestroyNotify       value_free;
  goffset              size;
} Request;

typedef struct
{
  GInputStream *stream;
  goffset       size;
} StreamResult;

static void
request_free (Request *request)
{
  g_clear_error (&request->error);
  if (request->value != NULL)
    request->value_free (request->value);
  g_clear_object (&request->session);
  g_clear_object (&request->message);
  g_clear_pointer (&request->deadline, sandbox_deadline_free);
  g_free (request);
}

static void
stream_result_free (StreamResult *result)
{
  g_clear_object (&result->stream);
  g_free (result);
}

static void
log_message (SoupMessage  *message,
             gint64        start_time,
             const GError *error)
{
  g_autofree char *uri = NULL;
  double elapsed;

  if (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN))
    return;

  uri = g_uri_to_string_partial (soup_message_get_uri (message), G_URI_HIDE_PASSWORD);
  elapsed = (g_get_monotonic_time () - start_time) / (double) G_USEC_PER_SEC;

  if (error != NULL)
    g_debug ("%s %s: %s (%.3f s)", soup_message_get_method (message),
             uri, error->message, elapsed);
  else
    g_debug ("%s %s: %u %s (%.3f s)", soup_message_get_method (message),
             uri, soup_message_get_status (message),
             soup_message_get_reason_phrase (message), elapsed);
}

static void
log_exchange (Request      *request,
              const GError *error)
{
  log_message (request->message, request->start_time, error);
}

static void
stream_closed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);

  /* The answer is complete; a failure to close changes nothing of it. */
  if (object != NULL)
    g_input_stream_close_finish (G_INPUT_STREAM (object), result, NULL);

  if (request->error != NULL)
    g_task_return_error (task, g_steal_pointer (&request->error));
  else if (request->kind == SANDBOX_RESPONSE_SIZE)
    g_task_return_int (task, request->size);
  else
    g_task_return_pointer (task, g_steal_pointer (&request->value), request->value_free);
}

/* libsoup completes a message when its body stream is closed, and it must
 * do so in the context the message was sent from: close it before the
 * operation ends, whatever the answer. */
static void
close_and_return (GTask        *task,
                  GInputStream *stream)
{
  if (stream == NULL || g_input_stream_is_closed (stream))
    {
      /* stream_closed_cb() owns the reference it is given. */
      stream_closed_cb (NULL, NULL, g_object_ref (task));
      return;
    }

  g_input_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL,
                              stream_closed_cb, g_object_ref (task));
}

static void
return_error (GTask        *task,
              GInputStream *stream,
              GError       *error)
{
  Request *request = g_task_get_task_data (task);

  sandbox_deadline_propagate (request->deadline, &error);
  log_exchange (request, error);
  g_clear_error (&request->error);
  request->error = error;
  close_and_return (task, stream);
}

static void
return_value (GTask          *task,
              GInputStream   *stream,
              gpointer        value,
              GDestroyNotify  value_free)
{
  Request *request = g_task_get_task_data (task);

  request->value = value;
  request->value_free = value_free;
  close_and_return (task, stream);
}

static void
return_size (GTask        *task,
             GInputStream *stream,
             goffset       size)
{
  Request *request = g_task_get_task_data (task);

  request->size = size;
  close_and_return (task, stream);
}

/* The body's size when the headers tell it truthfully, or -1. */
static goffset
response_content_length (SoupMessage *message)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);

  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH)
    return -1;

  if (soup_message_headers_get_one (headers, "Content-Encoding") != NULL)
    return -1;

  return soup_message_headers_get_content_length (headers);
}

static void
error_body_read_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;

  body = sandbox_body_reader_read_finish (result, &error);
  if (body == NULL && !sandbox_deadline_propagate (request->deadline, &error))
    {
      return_error (task, G_INPUT_STREAM (object), error);
      return;
    }

  /* A body that breaks off still leaves the status to report. */
  g_clear_error (&error);
  sandbox_response_set_status_error (&error,
                                     soup_message_get_status (request->message),
                                     soup_message_get_reason_phrase (request->message),
                                     body);
  return_error (task, G_INPUT_STREAM (object), error);
}

static void
body_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;

  body = sandbox_body_reader_read_finish (result, &error);
  if (body == NULL)
    {
      return_error (task, G_INPUT_STREAM (object), error);
      return;
    }

  log_exchange (request, NULL);

  if (request->kind == SANDBOX_RESPONSE_BYTES)
    {
      return_value (task, G_INPUT_STREAM (object), g_steal_pointer (&body),
                    (GDestroyNotify) g_bytes_unref);
    }
  else
    {
      JsonNode *node = sandbox_response_parse_json (body, &error);

      if (node == NULL)
        return_error (task, G_INPUT_STREAM (object), error);
      else
        return_value (task, G_INPUT_STREAM (object), node, (GDestroyNotify) json_node_unref);
    }
}

static void
return_success (GTask        *task,
                GInputStream *stream)
{
  Request *request = g_task_get_task_data (task);
  goffset size = response_content_length (request->message);

  switch (request->kind)
    {
    case SANDBOX_RESPONSE_SIZE:
      if (size < 0)
        {
          return_error (task, stream,
                        g_error_new_literal (SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
                                             "The sandbox server's answer does not say "
                                             "the size (no Content-Length header)"));
          return;
        }
      log_exchange (request, NULL);
      return_size (task, stream, size);
      return;

    case SANDBOX_RESPONSE_STREAM:
      {
        StreamResult *result = g_new0 (StreamResult, 1);

        log_exchange (request, NULL);
        /* From here on, reading is at the caller's pace. */
        sandbox_deadline_stop (request->deadline);
        /* The stream must not outlive the session it reads from. */
        g_object_set_data_full (G_OBJECT (stream), "sandbox-session",
                                g_object_ref (request->session), g_object_unref);
        result->stream = g_object_ref (stream);
        result->size = size;
        g_task_return_pointer (task, result, (GDestroyNotify) stream_result_free);
        return;
      }

    case SANDBOX_RESPONSE_JSON:
    case SANDBOX_RESPONSE_BYTES:
    default:
      sandbox_body_reader_read_async (stream, request->max_response_size, FALSE, size,
                                      sandbox_deadline_get_cancellable (request->deadline),
                                      body_read_cb, g_object_ref (task));
      return;
    }
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GInputStream) stream = NULL;
  GError *error = NULL;
  guint status;

  stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (stream == NULL)
    {
      return_error (task, NULL, error);
      return;
    }

  status = soup_message_get_status (request->message);

  if (status >= 200 && status < 300)
    {
      return_success (task, stream);
      return;
    }

  if (request->kind == SANDBOX_RESPONSE_SIZE && status == SOUP_STATUS_NOT_FOUND)
    {
      log_exchange (request, NULL);
      return_size (task, stream, 0);
      return;
    }

  if (SOUP_METHOD_HEAD == soup_message_get_method (request->message))
    {
      sandbox_response_set_status_error (&error, status,
                                         soup_message_get_reason_phrase (request->message),
                                         NULL);
      return_error (task, stream, error);
      return;
    }

  sandbox_body_reader_read_async (stream, SANDBOX_ERROR_BODY_MAX_READ, TRUE,
                                  response_content_length (request->message),
                                  sandbox_deadline_get_cancellable (request->deadline),
                                  error_body_read_cb, g_steal_pointer (&task));
}

void
sandbox_request_send_async (const SandboxRequestOptions *options,
                            gpointer                     source_object,
                            gpointer                     source_tag,
                            GCancellable                *cancellable,
                            GAsyncReadyCallback          callback,
                            gpointer                     user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  request = g_new0 (Request, 1);
  request->session = g_object_ref (options->session);
  request->message = g_object_ref (options->message);
  request->kind = options->kind;
  request->max_response_size = options->max_response_size;
  request->start_time = g_get_monotonic_time ();
  request->deadline = sandbox_deadline_new (options->timeout, cancellable,
                                            g_task_get_context (task));
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  soup_session_send_async (request->session, request->message, G_PRIORITY_DEFAULT,
                           sandbox_deadline_get_cancellable (request->deadline),
                           send_cb, g_steal_pointer (&task));
}

/* Reads the start of an error answer's body, blocking. */
static GBytes *
read_error_body_sync (GInputStream  *stream,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();

  while (buffer->len < SANDBOX_ERROR_BODY_MAX_READ)
    {
      guint8 chunk[4096];
      gssize n = g_input_stream_read (stream, chunk,
                                      MIN (sizeof chunk, SANDBOX_ERROR_BODY_MAX_READ - buffer->len),
                                      cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      g_byte_array_append (buffer, chunk, (guint) n);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

/* The blocking form of a SANDBOX_RESPONSE_STREAM exchange. It cannot be the
 * asynchronous one waited for: libsoup completes a message where the body
 * stream is closed, and the caller reads and closes this one later, in a
 * context of its own. The deadline's timer runs in a thread of its own. */
GInputStream *
sandbox_request_send_stream (const SandboxRequestOptions  *options,
                             GCancellable                 *cancellable,
                             goffset                      *out_size,
                             GError                      **error)
{
  g_autoptr(SandboxDeadline) deadline = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GBytes) body = NULL;
  GError *local_error = NULL;
  gint64 start_time = g_get_monotonic_time ();
  guint status;

  g_assert (options->kind == SANDBOX_RESPONSE_STREAM);

  if (out_size != NULL)
    *out_size = -1;

  deadline = sandbox_deadline_new (options->timeout, cancellable,
                                   sandbox_deadline_get_timer_context ());
  stream = soup_session_send (options->session, options->message,
                              sandbox_deadline_get_cancellable (deadline), &local_error);
  if (stream == NULL)
    {
      sandbox_deadline_propagate (deadline, &local_error);
      log_message (options->message, start_time, local_error);
      g_propagate_error (error, local_error);
      return NULL;
    }

  status = soup_message_get_status (options->message);
  if (status >= 200 && status < 300)
    {
      sandbox_deadline_stop (deadline);
      log_message (options->message, start_time, NULL);
      g_object_set_data_full (G_OBJECT (stream), "sandbox-session",
                              g_object_ref (options->session), g_object_unref);
      if (out_size != NULL)
        *out_size = response_content_length (options->message);
      return g_steal_pointer (&stream);
    }

  body = read_error_body_sync (stream, sandbox_deadline_get_cancellable (deadline),
                               &local_error);
  g_input_stream_close (stream, NULL, NULL);
  if (body == NULL && !sandbox_deadline_propagate (deadline, &local_error))
    {
      log_message (options->message, start_time, local_error);
      g_propagate_error (error, local_error);
      return NULL;
    }

  g_clear_error (&local_error);
  sandbox_response_set_status_error (&local_error, status,
                                     soup_message_get_reason_phrase (options->message),
                                     body);
  log_message (options->message, start_time, local_error);
  g_propagate_error (error, local_error);
  return NULL;
}

JsonNode *
sandbox_request_finish_json (GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

GBytes *
sandbox_request_finish_bytes (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

GInputStream *
sandbox_request_finish_stream (GAsyncResult  *result,
                               goffset       *out_size,
                               GError       **error)
{
  StreamResult *stream_result = g_task_propagate_pointer (G_TASK (result), error);
  GInputStream *stream;

  if (stream_result == NULL)
    {
      if (out_size != NULL)
        *out_size = -1;
      return NULL;
    }

  if (out_size != NULL)
    *out_size = stream_result->size;

  stream = g_steal_pointer (&stream_result->stream);
  stream_result_free (stream_result);
  return stream;
}

goffset
sandbox_request_finish_size (GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}
