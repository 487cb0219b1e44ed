/* sandbox-request.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-body-reader-private.h"
#include "sandbox-deadline-private.h"
#include "sandbox-debug-private.h"
#include "sandbox-error.h"
#include "sandbox-message-guard-private.h"
#include "sandbox-request-private.h"
#include "sandbox-response-private.h"
#include "sandbox-sized-input-stream-private.h"
#include "sandbox-timeouts-input-stream-private.h"

/* One HTTP exchange with the server, from sending the request to the value
 * the caller asked for, under the client's deadline. Every operation of
 * SandboxClient goes through here, blocking ones included. An exchange that
 * fails without the server doing anything is sent again (sandbox-retry.c),
 * each attempt under a deadline of its own that ends with the operation's. */

typedef struct
{
  SoupSession         *session;
  SoupMessage         *message;
  SandboxResponseKind  kind;
  guint64              max_response_size;
  guint64              max_json_size;
  SandboxDeadline     *deadline;
  gint64               start_time;

  /* What the operation answers once the body stream is closed. */
  GError              *error;
  gpointer             value;
  GDestroyNotify       value_free;
  goffset              size;
  GBytes              *json_body;   /* read, to be parsed once the stream is closed */

  /* The deadline starts once the client's queue lets the request go. */
  SandboxQueue        *queue;
  SandboxQueueSlot    *slot;
  double               timeout;

  /* Each attempt has a deadline of its own, which ends with the
   * operation's; between attempts, the request waits out of the queue. */
  SandboxRetry         retry;
  gint64               retry_wait;
  double               connect_timeout;
  double               read_timeout;
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
  g_clear_pointer (&request->json_body, g_bytes_unref);
  if (request->value != NULL)
    request->value_free (request->value);
  g_clear_object (&request->session);
  g_clear_object (&request->message);
  g_clear_pointer (&request->deadline, sandbox_deadline_free);
  g_clear_pointer (&request->slot, sandbox_queue_slot_unref);
  g_clear_pointer (&request->queue, sandbox_queue_unref);
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

  if (!sandbox_debug_enabled ())
    return;

  uri = g_uri_to_string_partial (soup_message_get_uri (message), G_URI_HIDE_PASSWORD);
  elapsed = (g_get_monotonic_time () - start_time) / (double) G_USEC_PER_SEC;

  if (error != NULL)
    sandbox_debug_log ("%s %s: %s (%.3f s)", soup_message_get_method (message),
                       uri, error->message, elapsed);
  else
    sandbox_debug_log ("%s %s: %u %s (%.3f s)", soup_message_get_method (message),
                       uri, soup_message_get_status (message),
                       soup_message_get_reason_phrase (message), elapsed);
}

static void
log_exchange (Request      *request,
              const GError *error)
{
  log_message (request->message, request->start_time, error);
}

static void parse_json_body (GTask *task);
static gboolean retry_later (GTask *task);

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

  /* libsoup is done with the message: the next one may go. */
  g_clear_pointer (&request->slot, sandbox_queue_slot_unref);

  if (request->error == NULL && request->json_body != NULL)
    parse_json_body (g_steal_pointer (&task));
  else if (request->error != NULL && retry_later (task))
    return;
  else if (request->error != NULL)
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
  sandbox_message_guard_explain_error (request->message, &error);
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

/* Reads the Content-Length headers: *out_length is -1 when there is none.
 * FALSE when they are not one number: empty, not digits, or several
 * headers that differ (libsoup would take the last, or 0 for an empty one). */
static gboolean
read_content_length (SoupMessageHeaders *headers,
                     goffset            *out_length)
{
  const char *list = soup_message_headers_get_list (headers, "Content-Length");
  g_auto(GStrv) values = NULL;
  goffset length = -1;

  *out_length = -1;
  if (list == NULL)
    return TRUE;

  values = g_strsplit (list, ",", -1);
  for (guint i = 0; values[i] != NULL; i++)
    {
      const char *value = g_strstrip (values[i]);
      guint64 number;

      if (*value == '\0' || !g_ascii_isdigit (*value) ||
          !g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, &number, NULL))
        return FALSE;

      if (length >= 0 && (goffset) number != length)
        return FALSE;
      length = (goffset) number;
    }

  *out_length = length;
  return TRUE;
}

/* The body's size when the headers tell it truthfully, or -1. */
static goffset
response_content_length (SoupMessage *message)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  goffset length;

  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH)
    return -1;

  if (soup_message_headers_get_one (headers, "Content-Encoding") != NULL)
    return -1;

  if (!read_content_length (headers, &length))
    return -1;

  return length;
}

/* FALSE with @error set when a successful HEAD does not tell the size. */
static gboolean
check_announced_size (SoupMessage  *message,
                      GError      **error)
{
  goffset announced;

  if (!read_content_length (soup_message_get_response_headers (message), &announced))
    {
      g_set_error_literal (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
                           "The sandbox server's answer does not say the size clearly "
                           "(its Content-Length is not one number)");
      return FALSE;
    }

  if (response_content_length (message) < 0)
    {
      g_set_error_literal (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
                           "The sandbox server's answer does not say the size "
                           "(no Content-Length header)");
      return FALSE;
    }

  return TRUE;
}

/* The smaller of the client's max-json-size and max-response-size, and
 * the name of the property it comes from. */
static guint64
json_size_limit (guint64      max_json_size,
                 guint64      max_response_size,
                 const char **out_name)
{
  if (max_json_size > 0 && max_json_size < max_response_size)
    {
      *out_name = "max-json-size";
      return max_json_size;
    }

  *out_name = "max-response-size";
  return max_response_size;
}

/* Ends the operation with an error once the stream is closed. */
static void
return_parse_error (GTask  *task,
                    GError *error)
{
  Request *request = g_task_get_task_data (task);

  sandbox_deadline_propagate (request->deadline, &error);
  log_exchange (request, error);
  g_task_return_error (task, error);
}

/* The worker thread may outlive the operation when the deadline ends it:
 * it holds only the body. */
static void
json_parsed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  JsonNode *node = sandbox_response_parse_json_finish (result, &error);

  if (node == NULL)
    return_parse_error (task, error);
  else
    g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
}

/* A small body is parsed at once: a worker thread costs more than the
 * parse. A large one is parsed off the caller's context. */
static void
parse_json_body (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) body = g_steal_pointer (&request->json_body);
  GCancellable *cancellable = sandbox_deadline_get_cancellable (request->deadline);
  GError *error = NULL;
  JsonNode *node;

  if (g_bytes_get_size (body) > SANDBOX_REQUEST_INLINE_PARSE_MAX)
    {
      sandbox_response_parse_json_async (body, NULL, cancellable, json_parsed_cb, task);
      return;
    }

  node = sandbox_response_parse_json (body, cancellable, &error);
  if (node == NULL)
    return_parse_error (task, error);
  else
    g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
  g_object_unref (task);
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

  /* The whole answer is in: parsing it is no silence of the server's. */
  sandbox_deadline_disarm (request->deadline, SANDBOX_DEADLINE_READ);
  log_exchange (request, NULL);

  if (request->kind == SANDBOX_RESPONSE_BYTES)
    {
      return_value (task, G_INPUT_STREAM (object), g_steal_pointer (&body),
                    (GDestroyNotify) g_bytes_unref);
    }
  else
    {
      /* Parsed once the stream is closed and the queue's slot given back. */
      request->json_body = g_steal_pointer (&body);
      close_and_return (task, G_INPUT_STREAM (object));
    }
}

/* The stream the library reads a body from: with a read-timeout, each
 * read starts the attempt's read timer again. */
static GInputStream *
body_stream (Request      *request,
             GInputStream *stream)
{
  if (request->read_timeout > 0)
    return sandbox_timeouts_input_stream_new_touching (stream, request->deadline);

  return g_object_ref (stream);
}

static void
return_success (GTask        *task,
                GInputStream *stream)
{
  Request *request = g_task_get_task_data (task);
  goffset size = response_content_length (request->message);
  const char *limit_name = NULL;
  GError *error = NULL;
  guint64 limit;

  switch (request->kind)
    {
    case SANDBOX_RESPONSE_SIZE:
      if (!check_announced_size (request->message, &error))
        {
          return_error (task, stream, error);
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
        result->stream = size >= 0 ? sandbox_sized_input_stream_new (stream, size)
                                   : g_object_ref (stream);
        if (request->read_timeout > 0)
          {
            GInputStream *sized = g_steal_pointer (&result->stream);

            result->stream = sandbox_timeouts_input_stream_new (sized, request->read_timeout);
            g_object_unref (sized);
          }
        result->size = size;
        g_task_return_pointer (task, result, (GDestroyNotify) stream_result_free);
        return;
      }

    case SANDBOX_RESPONSE_JSON:
      limit = json_size_limit (request->max_json_size, request->max_response_size,
                               &limit_name);
      {
        g_autoptr(GInputStream) body = body_stream (request, stream);
        GCancellable *cancellable = sandbox_deadline_get_cancellable (request->deadline);

        sandbox_body_reader_read_limited_async (body, limit, limit_name, size, cancellable,
                                                body_read_cb, g_object_ref (task));
      }
      return;

    case SANDBOX_RESPONSE_BYTES:
    default:
      {
        g_autoptr(GInputStream) body = body_stream (request, stream);

        sandbox_body_reader_read_async (body, request->max_response_size, FALSE, size,
                                        sandbox_deadline_get_cancellable (request->deadline),
                                        body_read_cb, g_object_ref (task));
      }
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
      /* The caller reads it: libsoup holds the message until it is closed. */
      if (request->kind == SANDBOX_RESPONSE_STREAM)
        sandbox_queue_slot_hold_for_stream (g_steal_pointer (&request->slot), stream,
                                            request->message);
      return_success (task, stream);
      return;
    }

  if (request->kind == SANDBOX_RESPONSE_SIZE && status == SOUP_STATUS_NOT_FOUND)
    {
      log_exchange (request, NULL);
      return_size (task, stream, -1);
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

  {
    g_autoptr(GInputStream) body = body_stream (request, stream);

    sandbox_body_reader_read_async (body, SANDBOX_ERROR_BODY_MAX_READ, TRUE,
                                    response_content_length (request->message),
                                    sandbox_deadline_get_cancellable (request->deadline),
                                    error_body_read_cb, g_steal_pointer (&task));
  }
}

/* In the task's context: the request may go to libsoup, or the caller
 * cancelled it while it waited. */
static void
slot_acquired_cb (SandboxQueueSlot *slot,
                  gpointer          user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);

  if (slot == NULL)
    {
      GError *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                           "The operation was cancelled");

      log_exchange (request, error);
      g_task_return_error (task, error);
      return;
    }

  request->slot = slot;
  request->start_time = g_get_monotonic_time ();
  sandbox_retry_start_attempt (&request->retry, request->message, request->timeout);
  request->deadline = sandbox_deadline_new_full (request->timeout, request->retry.end_time,
                                                 g_task_get_cancellable (task),
                                                 g_task_get_context (task));
  sandbox_deadline_watch_message (request->deadline, request->message,
                                  request->connect_timeout, request->read_timeout);
  sandbox_message_guard_attach (request->message,
                                sandbox_deadline_get_cancellable (request->deadline));
  soup_session_send_async (request->session, request->message, G_PRIORITY_DEFAULT,
                           sandbox_deadline_get_cancellable (request->deadline),
                           send_cb, g_steal_pointer (&task));
}

static void
retry_wait_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  if (!sandbox_retry_wait_finish (result, &error))
    {
      log_exchange (request, error);
      g_task_return_error (task, error);
      return;
    }

  sandbox_queue_acquire_async (request->queue, cancellable, slot_acquired_cb,
                               g_steal_pointer (&task));
}

static void
start_retry_wait (GTask  *task,
                  gint64  wait)
{
  Request *request = g_task_get_task_data (task);

  g_clear_error (&request->error);
  g_clear_pointer (&request->deadline, sandbox_deadline_free);
  sandbox_retry_wait_async (wait, g_task_get_cancellable (task), retry_wait_cb,
                            g_object_ref (task));
}

static void
rewind_thread (GTask        *rewind_task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Request *request = task_data;

  g_task_return_boolean (rewind_task, sandbox_retry_rewind (&request->retry, request->message));
}

static void
rewound_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    g_task_return_error (task, g_steal_pointer (&request->error));
  else
    start_retry_wait (task, request->retry_wait);
}

/* After a failed attempt, once libsoup is done with it: TRUE when the
 * request is to be sent again, after a wait out of the queue. A body is
 * made ready again in a worker thread: opening its source again may read
 * directories, and the caller's main context must not wait for that. */
static gboolean
retry_later (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  gboolean connect_timed_out = sandbox_deadline_connect_timed_out (request->deadline);
  g_autoptr(GTask) rewind_task = NULL;
  gint64 wait;

  if (!sandbox_retry_next (&request->retry, request->message, request->error,
                           connect_timed_out, &wait))
    return FALSE;

  if (request->retry.rewind == NULL)
    {
      if (!sandbox_retry_rewind (&request->retry, request->message))
        return FALSE;
      start_retry_wait (task, wait);
      return TRUE;
    }

  rewind_task = g_task_new (NULL, NULL, rewound_cb, g_object_ref (task));
  g_task_set_source_tag (rewind_task, retry_later);
  g_task_set_task_data (rewind_task, request, NULL);
  request->retry_wait = wait;
  g_task_run_in_thread (rewind_task, rewind_thread);
  return TRUE;
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
  request->max_json_size = options->max_json_size;
  request->start_time = g_get_monotonic_time ();
  request->queue = sandbox_queue_ref (options->queue);
  request->timeout = options->timeout;
  request->connect_timeout = options->connect_timeout;
  request->read_timeout = options->read_timeout;
  sandbox_retry_init (&request->retry, options->max_retries, options->retry_delay,
                      options->max_retry_time,
                      options->rewind, options->rewind_data);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  sandbox_queue_acquire_async (request->queue, cancellable, slot_acquired_cb,
                               g_steal_pointer (&task));
}

/* The blocking forms. They use libsoup's blocking API in the caller's
 * thread, with no main context of their own: the deadline's timer and the
 * forwarding of a cancellation run in the deadlines' thread. */

typedef struct
{
  GBytes  *body;
  goffset  size;
  gint64   start_time;
} SyncAnswer;

/* Reads the start of an error answer's body and turns it into the error:
 * a body that breaks off still leaves the status to report, unless the
 * operation was cancelled or timed out meanwhile. */
static GError *
read_status_error_sync (SoupMessage     *message,
                        GInputStream    *stream,
                        SandboxDeadline *deadline)
{
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;

  if (soup_message_get_method (message) != SOUP_METHOD_HEAD)
    {
      body = sandbox_body_reader_read (stream, SANDBOX_ERROR_BODY_MAX_READ,
                                       "max-response-size", TRUE,
                                       response_content_length (message),
                                       sandbox_deadline_get_cancellable (deadline), &error);
      if (body == NULL && !sandbox_deadline_propagate (deadline, &error))
        return error;
      g_clear_error (&error);
    }

  sandbox_response_set_status_error (&error, soup_message_get_status (message),
                                     soup_message_get_reason_phrase (message), body);
  return error;
}

/* The stream a blocking call reads a body from: with a read-timeout, each
 * read starts the attempt's read timer again. */
static GInputStream *
sync_body_stream (const SandboxRequestOptions *options,
                  GInputStream                *stream,
                  SandboxDeadline             *deadline)
{
  if (options->read_timeout > 0)
    return sandbox_timeouts_input_stream_new_touching (stream, deadline);

  return g_object_ref (stream);
}

/* The deadline of one attempt of a blocking call, watching @message. */
static SandboxDeadline *
sync_deadline_new (const SandboxRequestOptions *options,
                   SandboxRetry                *retry,
                   GCancellable                *cancellable)
{
  SandboxDeadline *deadline;

  sandbox_retry_start_attempt (retry, options->message, options->timeout);
  deadline = sandbox_deadline_new_full (options->timeout, retry->end_time, cancellable, NULL);
  sandbox_deadline_watch_message (deadline, options->message,
                                  options->connect_timeout, options->read_timeout);
  return deadline;
}

/* After a failed attempt of a blocking call: TRUE when @error was taken
 * and the request may be sent again, once the wait is over. */
static gboolean
sync_retry (const SandboxRequestOptions  *options,
            SandboxRetry                 *retry,
            GCancellable                 *cancellable,
            gboolean                      connect_timed_out,
            GError                      **error)
{
  gint64 wait;

  if (!sandbox_retry_next (retry, options->message, *error, connect_timed_out, &wait) ||
      !sandbox_retry_rewind (retry, options->message))
    return FALSE;

  g_clear_error (error);
  return sandbox_retry_wait (wait, cancellable, error);
}

static gboolean send_sync_attempt (const SandboxRequestOptions  *options,
                                   SandboxRetry                 *retry,
                                   GCancellable                 *cancellable,
                                   SandboxDeadline             **out_deadline,
                                   SyncAnswer                   *answer,
                                   gboolean                     *out_connect_timed_out,
                                   GError                      **error);

/* One exchange to its end, blocking, sent again as long as it fails in a
 * way that may be retried: the body of a JSON answer is left to parse,
 * after the queue's slot is given back. */
static gboolean
send_sync (const SandboxRequestOptions  *options,
           GCancellable                 *cancellable,
           SandboxDeadline             **out_deadline,
           SyncAnswer                   *answer,
           GError                      **error)
{
  SandboxRetry retry;

  sandbox_retry_init (&retry, options->max_retries, options->retry_delay,
                      options->max_retry_time,
                      options->rewind, options->rewind_data);
  for (;;)
    {
      GError *local_error = NULL;
      gboolean connect_timed_out = FALSE;

      if (send_sync_attempt (options, &retry, cancellable, out_deadline, answer,
                             &connect_timed_out, &local_error))
        return TRUE;

      if (!sync_retry (options, &retry, cancellable, connect_timed_out, &local_error))
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
    }
}

static gboolean
send_sync_attempt (const SandboxRequestOptions  *options,
                   SandboxRetry                 *retry,
                   GCancellable                 *cancellable,
                   SandboxDeadline             **out_deadline,
                   SyncAnswer                   *answer,
                   gboolean                     *out_connect_timed_out,
                   GError                      **error)
{
  g_autoptr(SandboxQueueSlot) slot = NULL;
  g_autoptr(SandboxDeadline) deadline = NULL;
  g_autoptr(GInputStream) stream = NULL;
  SoupMessage *message = options->message;
  const char *limit_name = "max-response-size";
  guint64 limit = options->max_response_size;
  GError *local_error = NULL;
  gint64 start_time = g_get_monotonic_time ();
  guint status;

  answer->body = NULL;
  answer->size = 0;

  slot = sandbox_queue_acquire (options->queue, cancellable, &local_error);
  if (slot == NULL)
    {
      log_message (message, start_time, local_error);
      g_propagate_error (error, local_error);
      return FALSE;
    }

  start_time = answer->start_time = g_get_monotonic_time ();
  deadline = sync_deadline_new (options, retry, cancellable);
  sandbox_message_guard_attach (message, sandbox_deadline_get_cancellable (deadline));
  stream = soup_session_send (options->session, message,
                              sandbox_deadline_get_cancellable (deadline), &local_error);
  if (stream != NULL)
    {
      status = soup_message_get_status (message);
      if (status >= 200 && status < 300 && options->kind == SANDBOX_RESPONSE_SIZE)
        {
          if (check_announced_size (message, &local_error))
            answer->size = response_content_length (message);
        }
      else if (status >= 200 && status < 300)
        {
          g_autoptr(GInputStream) body = sync_body_stream (options, stream, deadline);

          if (options->kind == SANDBOX_RESPONSE_JSON)
            limit = json_size_limit (options->max_json_size, options->max_response_size,
                                     &limit_name);
          answer->body = sandbox_body_reader_read (body, limit, limit_name, FALSE,
                                                   response_content_length (message),
                                                   sandbox_deadline_get_cancellable (deadline),
                                                   &local_error);
          /* The whole answer is in: parsing it is no silence of the server's. */
          sandbox_deadline_disarm (deadline, SANDBOX_DEADLINE_READ);
        }
      else if (status == SOUP_STATUS_NOT_FOUND && options->kind == SANDBOX_RESPONSE_SIZE)
        {
          answer->size = -1;
        }
      else
        {
          g_autoptr(GInputStream) body = sync_body_stream (options, stream, deadline);

          local_error = read_status_error_sync (message, body, deadline);
        }

      /* libsoup is done with the message: the next one may go. */
      g_input_stream_close (stream, NULL, NULL);
      g_clear_pointer (&slot, sandbox_queue_slot_unref);
    }

  if (local_error != NULL)
    {
      sandbox_deadline_propagate (deadline, &local_error);
      sandbox_message_guard_explain_error (message, &local_error);
      log_message (message, start_time, local_error);
      *out_connect_timed_out = sandbox_deadline_connect_timed_out (deadline);
      g_propagate_error (error, local_error);
      return FALSE;
    }

  log_message (message, start_time, NULL);
  if (out_deadline != NULL)
    *out_deadline = g_steal_pointer (&deadline);
  return TRUE;
}

/* A blocking SANDBOX_RESPONSE_JSON exchange, parsed in the calling
 * thread, whatever its size: there is no main loop to keep going. */
JsonNode *
sandbox_request_send_json (const SandboxRequestOptions  *options,
                           GCancellable                 *cancellable,
                           GError                      **error)
{
  g_autoptr(SandboxDeadline) deadline = NULL;
  g_autoptr(GBytes) body = NULL;
  GError *local_error = NULL;
  SyncAnswer answer;
  JsonNode *node;

  g_assert (options->kind == SANDBOX_RESPONSE_JSON);

  if (!send_sync (options, cancellable, &deadline, &answer, error))
    return NULL;

  body = answer.body;
  node = sandbox_response_parse_json (body, sandbox_deadline_get_cancellable (deadline),
                                      &local_error);
  if (node == NULL)
    {
      sandbox_deadline_propagate (deadline, &local_error);
      log_message (options->message, answer.start_time, local_error);
      g_propagate_error (error, local_error);
    }

  return node;
}

GBytes *
sandbox_request_send_bytes (const SandboxRequestOptions  *options,
                            GCancellable                 *cancellable,
                            GError                      **error)
{
  SyncAnswer answer;

  g_assert (options->kind == SANDBOX_RESPONSE_BYTES);

  if (!send_sync (options, cancellable, NULL, &answer, error))
    return NULL;

  return answer.body;
}

goffset
sandbox_request_send_size (const SandboxRequestOptions  *options,
                           GCancellable                 *cancellable,
                           GError                      **error)
{
  SyncAnswer answer;

  g_assert (options->kind == SANDBOX_RESPONSE_SIZE);

  if (!send_sync (options, cancellable, NULL, &answer, error))
    return -1;

  return answer.size;
}

/* The blocking form of a SANDBOX_RESPONSE_STREAM exchange. It cannot be the
 * asynchronous one waited for: libsoup completes a message where the body
 * stream is closed, and the caller reads and closes this one later, in a
 * context of its own. The deadline's timer runs in a thread of its own. */
static GInputStream *send_stream_attempt (const SandboxRequestOptions  *options,
                                          SandboxRetry                 *retry,
                                          GCancellable                 *cancellable,
                                          goffset                      *out_size,
                                          gboolean                     *out_connect_timed_out,
                                          GError                      **error);

GInputStream *
sandbox_request_send_stream (const SandboxRequestOptions  *options,
                             GCancellable                 *cancellable,
                             goffset                      *out_size,
                             GError                      **error)
{
  SandboxRetry retry;

  sandbox_retry_init (&retry, options->max_retries, options->retry_delay,
                      options->max_retry_time,
                      options->rewind, options->rewind_data);
  for (;;)
    {
      GError *local_error = NULL;
      gboolean connect_timed_out = FALSE;
      GInputStream *stream;

      stream = send_stream_attempt (options, &retry, cancellable, out_size,
                                    &connect_timed_out, &local_error);
      if (stream != NULL)
        return stream;

      if (!sync_retry (options, &retry, cancellable, connect_timed_out, &local_error))
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
    }
}

static GInputStream *
send_stream_attempt (const SandboxRequestOptions  *options,
                     SandboxRetry                 *retry,
                     GCancellable                 *cancellable,
                     goffset                      *out_size,
                     gboolean                     *out_connect_timed_out,
                     GError                      **error)
{
  g_autoptr(SandboxQueueSlot) slot = NULL;
  g_autoptr(SandboxDeadline) deadline = NULL;
  g_autoptr(GInputStream) stream = NULL;
  GError *local_error = NULL;
  gint64 start_time = g_get_monotonic_time ();
  goffset size;
  guint status;

  g_assert (options->kind == SANDBOX_RESPONSE_STREAM);

  if (out_size != NULL)
    *out_size = -1;

  /* The stream holds its slot until it is closed or finalized. */
  slot = sandbox_queue_acquire (options->queue, cancellable, &local_error);
  if (slot == NULL)
    {
      log_message (options->message, start_time, local_error);
      g_propagate_error (error, local_error);
      return NULL;
    }

  start_time = g_get_monotonic_time ();
  deadline = sync_deadline_new (options, retry, cancellable);
  sandbox_message_guard_attach (options->message, sandbox_deadline_get_cancellable (deadline));
  stream = soup_session_send (options->session, options->message,
                              sandbox_deadline_get_cancellable (deadline), &local_error);
  if (stream == NULL)
    {
      sandbox_deadline_propagate (deadline, &local_error);
      sandbox_message_guard_explain_error (options->message, &local_error);
      log_message (options->message, start_time, local_error);
      *out_connect_timed_out = sandbox_deadline_connect_timed_out (deadline);
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
      sandbox_queue_slot_hold_for_stream (g_steal_pointer (&slot), stream, options->message);
      size = response_content_length (options->message);
      if (out_size != NULL)
        *out_size = size;
      if (size >= 0)
        {
          GInputStream *sized = sandbox_sized_input_stream_new (stream, size);

          g_object_unref (stream);
          stream = sized;
        }
      if (options->read_timeout > 0)
        return sandbox_timeouts_input_stream_new (stream, options->read_timeout);
      return g_steal_pointer (&stream);
    }

  {
    g_autoptr(GInputStream) body = sync_body_stream (options, stream, deadline);

    local_error = read_status_error_sync (options->message, body, deadline);
  }
  g_input_stream_close (stream, NULL, NULL);
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
