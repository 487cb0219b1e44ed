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
#include "sandbox-request-private.h"
#include "sandbox-response-private.h"
#include "sandbox-exact-length-stream-private.h"
#include "sandbox-i18n-private.h"

/* One HTTP exchange with the server, from sending the request to the value
 * the caller asked for, under the client's deadline. Every operation of
 * SandboxClient goes through here. An exchange that fails without the
 * server doing anything is sent again (sandbox-retry.c), each attempt under
 * a deadline of its own that ends with the operation's.
 *
 * Blocking and asynchronous operations run the same steps below; only the
 * I/O (a queue slot, the send, reading the body, closing it, the wait
 * before a retry) has two forms, chosen by whether the request has a task.
 * A blocking call uses libsoup's blocking API in the caller's thread: it
 * costs less than the asynchronous one in a private context. */

/* What libsoup does with a hostile answer, said in the library's terms.
 * libsoup's own errors (SOUP_SESSION_ERROR) are not in the library's
 * introspection data, so bindings could not match them: each becomes
 * SANDBOX_ERROR_INVALID_RESPONSE. And libsoup 3.2 reads informational
 * answers (1xx) for as long as they come without returning to the main
 * loop, so that a server sending them without end would stall the caller
 * past its deadline: after a few, the attempt is stopped. */

#define MAX_INFORMATIONAL 16

typedef struct _Request Request;
typedef void (*BodyDoneFunc) (Request *request,
                              GBytes  *body,
                              GError  *error);

struct _Request
{
  SandboxRequestOptions  options;      /* holding references on sessions, message, queue */
  GTask                 *task;         /* NULL for a blocking call; else held until returned */
  GCancellable          *cancellable;  /* the caller's */
  gboolean               again;        /* a blocking call: the next attempt is due */

  /* The attempt: the deadline starts once the client's queue lets the
   * request go; between attempts, the request waits out of the queue. */
  SandboxRetry           retry;
  gint64                 retry_wait;
  SandboxQueueSlot      *slot;
  SoupSession           *session;      /* the slot's, one of options.sessions */
  SandboxDeadline       *deadline;
  gint64                 start_time;
  GInputStream          *response;     /* libsoup's, closed at the attempt's end */
  BodyDoneFunc           body_done;
  gulong                 informational_handler;
  guint                  n_informational;  /* in this attempt */

  /* The answer. */
  GError                *error;
  GBytes                *body;
  JsonNode              *node;
  GInputStream          *stream;
  goffset                size;
};

static void
got_informational_cb (SoupMessage *message,
                      gpointer     user_data)
{
  Request *request = user_data;

  if (++request->n_informational == MAX_INFORMATIONAL + 1)
    g_cancellable_cancel (sandbox_deadline_get_cancellable (request->deadline));
}

static Request *
request_new (const SandboxRequestOptions *options,
             GCancellable                *cancellable)
{
  Request *request = g_new0 (Request, 1);

  request->options = *options;
  g_ptr_array_ref (options->sessions);
  g_object_ref (options->message);
  sandbox_queue_ref (options->queue);
  request->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  request->start_time = g_get_monotonic_time ();
  request->size = -1;
  request->retry = (SandboxRetry) {
    .max_retries = options->max_retries,
    .retry_delay = options->retry_delay,
    .max_retry_time = options->max_retry_time,
    .rewind = options->rewind,
    .rewind_data = options->rewind_data,
  };
  request->informational_handler = g_signal_connect (options->message, "got-informational",
                                                     G_CALLBACK (got_informational_cb),
                                                     request);

  return request;
}

static void
request_free (Request *request)
{
  g_assert (request->task == NULL && request->response == NULL);

  g_clear_signal_handler (&request->informational_handler, request->options.message);
  g_ptr_array_unref (request->options.sessions);
  g_object_unref (request->options.message);
  sandbox_queue_unref (request->options.queue);
  g_clear_object (&request->cancellable);
  g_clear_pointer (&request->slot, sandbox_queue_slot_unref);
  g_clear_pointer (&request->deadline, sandbox_deadline_free);
  g_clear_error (&request->error);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_pointer (&request->node, json_node_unref);
  g_clear_object (&request->stream);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

/* Replaces what libsoup reported, when it is one of its own errors or the
 * informational guard's doing, by an error of the library's. */
static void
explain_error (Request  *request,
               GError  **error)
{
  g_autofree char *uri = NULL;
  g_autofree char *detail = NULL;
  GError *explained;

  if (request->n_informational > MAX_INFORMATIONAL)
    {
      g_clear_error (error);
      g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
                   _("The sandbox server sent more than %d informational answers (1xx) "
                     "and no final one"), MAX_INFORMATIONAL);
      return;
    }

  if ((*error)->domain != SOUP_SESSION_ERROR)
    return;

  uri = g_uri_to_string_partial (soup_message_get_uri (request->options.message),
                                 G_URI_HIDE_PASSWORD);
  detail = g_utf8_make_valid ((*error)->message, -1);
  if ((*error)->code == SOUP_SESSION_ERROR_TOO_MANY_REDIRECTS)
    explained = g_error_new (SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
                             _("The sandbox server redirected the request too many times "
                               "(a redirect loop?), the last time to %s"), uri);
  else if ((*error)->code == SOUP_SESSION_ERROR_PARSING)
    explained = g_error_new (SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
                             _("The answer from %s is not an HTTP answer (%s)"), uri, detail);
  else
    explained = g_error_new (SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
                             _("The answer from %s cannot be used: %s"), uri, detail);
  g_clear_error (error);
  g_propagate_error (error, explained);
}

static void
log_exchange (Request      *request,
              const GError *error)
{
  SoupMessage *message = request->options.message;
  g_autofree char *uri = NULL;
  double elapsed;

  if (!sandbox_debug_enabled ())
    return;

  uri = g_uri_to_string_partial (soup_message_get_uri (message), G_URI_HIDE_PASSWORD);
  elapsed = (g_get_monotonic_time () - request->start_time) / (double) G_USEC_PER_SEC;

  if (error != NULL)
    sandbox_debug_log ("%s %s: %s (%.3f s)", soup_message_get_method (message),
                       uri, error->message, elapsed);
  else
    sandbox_debug_log ("%s %s: %u %s (%.3f s)", soup_message_get_method (message),
                       uri, soup_message_get_status (message),
                       soup_message_get_reason_phrase (message), elapsed);
}

/* The body's size when the headers tell it truthfully, or -1. *out_clear
 * (nullable) is FALSE when the Content-Length headers are not one number:
 * empty, not digits, or several headers that differ (libsoup would take
 * the last, or 0 for an empty one). */
static goffset
response_content_length (SoupMessage *message,
                         gboolean    *out_clear)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  const char *list = soup_message_headers_get_list (headers, "Content-Length");
  g_auto(GStrv) values = list != NULL ? g_strsplit (list, ",", -1) : NULL;
  goffset length = -1;

  if (out_clear != NULL)
    *out_clear = FALSE;
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      const char *value = g_strstrip (values[i]);
      guint64 number;

      if (*value == '\0' || !g_ascii_isdigit (*value) ||
          !g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, &number, NULL) ||
          (length >= 0 && (goffset) number != length))
        return -1;
      length = (goffset) number;
    }

  if (out_clear != NULL)
    *out_clear = TRUE;
  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH ||
      soup_message_headers_get_one (headers, "Content-Encoding") != NULL)
    return -1;

  return length;
}

static void attempt_start (Request *request);

/* The end of the operation: a blocking call's driver takes the answer from
 * @request; an asynchronous one's task returns, and may free @request. */
static void
finish (Request *request)
{
  g_autoptr(GTask) task = g_steal_pointer (&request->task);

  if (task == NULL)
    return;

  if (request->error != NULL)
    g_task_return_error (task, g_steal_pointer (&request->error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
json_parsed (Request  *request,
             JsonNode *node,
             GError   *error)
{
  request->node = node;
  if (node == NULL)
    {
      sandbox_deadline_propagate (request->deadline, &error);
      log_exchange (request, error);
      request->error = error;
    }

  finish (request);
}

static void
json_parsed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GError *error = NULL;
  JsonNode *node = g_task_propagate_pointer (G_TASK (result), &error);

  json_parsed (user_data, node, error);
}

/* The worker thread may outlive the operation when the deadline ends it
 * (the task returns on cancel): it holds only the body. */
static void
parse_thread (GTask        *parse_task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  JsonNode *node = sandbox_response_parse_json (task_data, cancellable, &error);

  if (node == NULL)
    g_task_return_error (parse_task, error);
  else
    g_task_return_pointer (parse_task, node, (GDestroyNotify) json_node_unref);
}

/* A small body is parsed at once: a worker thread costs more than the
 * parse. A large one is parsed off the caller's context, unless the caller
 * is blocked anyway. */
static void
parse_body (Request *request)
{
  g_autoptr(GBytes) body = g_steal_pointer (&request->body);
  GCancellable *cancellable = sandbox_deadline_get_cancellable (request->deadline);
  GError *error = NULL;
  JsonNode *node;

  if (request->task != NULL && g_bytes_get_size (body) > SANDBOX_REQUEST_INLINE_PARSE_MAX)
    {
      g_autoptr(GTask) parse_task = g_task_new (NULL, cancellable, json_parsed_cb, request);

      g_task_set_source_tag (parse_task, parse_body);
      g_task_set_task_data (parse_task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
      g_task_set_return_on_cancel (parse_task, TRUE);
      g_task_run_in_thread (parse_task, parse_thread);
      return;
    }

  node = sandbox_response_parse_json (body, cancellable, &error);
  json_parsed (request, node, error);
}

static void
retry_waited (Request *request,
              GError  *error)
{
  if (error != NULL)
    {
      log_exchange (request, error);
      request->error = error;
      finish (request);
    }
  else if (request->task == NULL)
    request->again = TRUE;
  else
    attempt_start (request);
}

static void
retry_wait_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GError *error = NULL;

  sandbox_retry_wait_finish (result, &error);
  retry_waited (user_data, error);
}

static void
rewound (Request  *request,
         gboolean  rewound)
{
  GError *error = NULL;

  if (!rewound)
    {
      finish (request);
      return;
    }

  g_clear_error (&request->error);
  g_clear_pointer (&request->deadline, sandbox_deadline_free);
  if (request->task != NULL)
    {
      sandbox_retry_wait_async (request->retry_wait, request->cancellable,
                                retry_wait_cb, request);
      return;
    }

  sandbox_retry_wait (request->retry_wait, request->cancellable, &error);
  retry_waited (request, error);
}

static void
rewind_thread (GTask        *rewind_task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Request *request = task_data;

  g_task_return_boolean (rewind_task, sandbox_retry_rewind (&request->retry,
                                                            request->options.message));
}

static void
rewound_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  rewound (user_data, g_task_propagate_boolean (G_TASK (result), NULL));
}

/* After a failed attempt, once libsoup is done with it: TRUE when the
 * request is to be sent again, after a wait out of the queue. For an
 * asynchronous operation, a body is made ready again in a worker thread:
 * opening its source again may read directories, and the caller's main
 * context must not wait for that. */
static gboolean
retry_later (Request *request)
{
  gboolean connect_timed_out = sandbox_deadline_connect_timed_out (request->deadline);
  g_autoptr(GTask) rewind_task = NULL;

  if (!sandbox_retry_next (&request->retry, request->options.message, request->error,
                           connect_timed_out, &request->retry_wait))
    return FALSE;

  if (request->task == NULL || request->retry.rewind == NULL)
    {
      rewound (request, sandbox_retry_rewind (&request->retry, request->options.message));
      return TRUE;
    }

  rewind_task = g_task_new (NULL, NULL, rewound_cb, request);
  g_task_set_source_tag (rewind_task, retry_later);
  g_task_set_task_data (rewind_task, request, NULL);
  g_task_run_in_thread (rewind_task, rewind_thread);
  return TRUE;
}

/* libsoup is done with the message: the next one may go. */
static void
attempt_closed (Request *request)
{
  g_clear_object (&request->response);
  g_clear_pointer (&request->slot, sandbox_queue_slot_unref);

  if (request->error != NULL && retry_later (request))
    return;

  if (request->error == NULL && request->body != NULL &&
      request->options.kind == SANDBOX_RESPONSE_JSON)
    parse_body (request);
  else
    finish (request);
}

static void
response_closed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  /* The answer is complete; a failure to close changes nothing of it. */
  g_input_stream_close_finish (G_INPUT_STREAM (object), result, NULL);
  attempt_closed (user_data);
}

/* libsoup completes a message when its body stream is closed, and it must
 * do so in the context the message was sent from: close it before the
 * attempt ends, whatever the answer. */
static void
end_attempt (Request *request)
{
  if (request->response == NULL || g_input_stream_is_closed (request->response))
    attempt_closed (request);
  else if (request->task != NULL)
    g_input_stream_close_async (request->response, G_PRIORITY_DEFAULT, NULL,
                                response_closed_cb, request);
  else
    {
      g_input_stream_close (request->response, NULL, NULL);
      attempt_closed (request);
    }
}

static void
fail_attempt (Request *request,
              GError  *error)
{
  sandbox_deadline_propagate (request->deadline, &error);
  explain_error (request, &error);
  log_exchange (request, error);
  g_clear_error (&request->error);
  request->error = error;
  end_attempt (request);
}

static void
body_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Request *request = user_data;
  GError *error = NULL;
  GBytes *body = sandbox_body_reader_read_finish (result, &error);

  request->body_done (request, body, error);
}

/* Reads the answer's body, of @size bytes (-1: unknown), then calls @done.
 * With a read-timeout, each read starts the attempt's read timer again. */
static void
read_body (Request      *request,
           goffset       size,
           guint64       limit,
           const char   *limit_name,
           gboolean      truncate,
           BodyDoneFunc  done)
{
  g_autoptr(GInputStream) stream = NULL;
  GCancellable *cancellable = sandbox_deadline_get_cancellable (request->deadline);
  GError *error = NULL;
  GBytes *body;

  if (request->options.read_timeout > 0)
    stream = sandbox_timeouts_input_stream_new (request->response, 0, request->deadline);
  else
    stream = g_object_ref (request->response);

  request->body_done = done;
  if (request->task != NULL)
    {
      sandbox_body_reader_read_async (stream, limit, limit_name, truncate, size, cancellable,
                                      body_read_cb, request);
      return;
    }

  body = sandbox_body_reader_read (stream, limit, limit_name, truncate, size, cancellable,
                                   &error);
  done (request, body, error);
}

static void
error_body_read (Request *request,
                 GBytes  *owned_body,
                 GError  *error)
{
  g_autoptr(GBytes) body = owned_body;
  SoupMessage *message = request->options.message;

  if (body == NULL && !sandbox_deadline_propagate (request->deadline, &error))
    {
      fail_attempt (request, error);
      return;
    }

  /* A body that breaks off still leaves the status to report. */
  g_clear_error (&error);
  sandbox_response_set_status_error (&error, soup_message_get_status (message),
                                     soup_message_get_reason_phrase (message), body);
  fail_attempt (request, error);
}

static void
body_read (Request *request,
           GBytes  *body,
           GError  *error)
{
  if (body == NULL)
    {
      fail_attempt (request, error);
      return;
    }

  /* The whole answer is in: parsing it is no silence of the server's. */
  sandbox_deadline_disarm (request->deadline, SANDBOX_DEADLINE_READ);
  log_exchange (request, NULL);
  /* JSON is parsed once the stream is closed and the queue's slot given back. */
  request->body = body;
  end_attempt (request);
}

/* The stream a caller reads a body from, at its own pace: it holds the
 * session it reads from, and the queue's slot until it is closed. */
static GInputStream *
wrap_stream (Request *request,
             goffset  size)
{
  GInputStream *stream = g_steal_pointer (&request->response);

  g_object_set_data_full (G_OBJECT (stream), "sandbox-session",
                          g_object_ref (request->session), g_object_unref);
  sandbox_queue_slot_hold_for_stream (g_steal_pointer (&request->slot), stream,
                                      request->options.message);
  if (size >= 0)
    {
      GInputStream *sized = sandbox_exact_length_stream_new (stream, size, G_IO_ERROR,
                                                             G_IO_ERROR_PARTIAL_INPUT,
                                                             _("The sandbox server's answer"));

      g_object_unref (stream);
      stream = sized;
    }

  if (request->options.read_timeout > 0)
    {
      GInputStream *timed = sandbox_timeouts_input_stream_new (stream,
                                                               request->options.read_timeout,
                                                               NULL);

      g_object_unref (stream);
      stream = timed;
    }

  return stream;
}

static void
succeeded (Request *request)
{
  SoupMessage *message = request->options.message;
  const SandboxRequestOptions *options = &request->options;
  gboolean clear;
  goffset size = response_content_length (message, &clear);

  switch (request->options.kind)
    {
    case SANDBOX_RESPONSE_SIZE:
      /* A successful HEAD must tell the size. */
      if (size < 0)
        {
          const char *text = clear
            ? _("The sandbox server's answer does not say the size (no Content-Length header)")
            : _("The sandbox server's answer does not say the size clearly "
                "(its Content-Length is not one number)");

          fail_attempt (request, g_error_new_literal (SANDBOX_ERROR,
                                                      SANDBOX_ERROR_INVALID_RESPONSE, text));
          return;
        }
      log_exchange (request, NULL);
      request->size = size;
      end_attempt (request);
      return;

    case SANDBOX_RESPONSE_STREAM:
      log_exchange (request, NULL);
      /* From here on, reading is at the caller's pace. */
      sandbox_deadline_stop (request->deadline);
      request->stream = wrap_stream (request, size);
      request->size = size;
      finish (request);
      return;

    case SANDBOX_RESPONSE_JSON:
      /* The smaller of max-json-size and max-response-size. */
      if (options->max_json_size > 0 && options->max_json_size < options->max_response_size)
        {
          read_body (request, size, options->max_json_size, "max-json-size", FALSE,
                     body_read);
          return;
        }
      G_GNUC_FALLTHROUGH;

    case SANDBOX_RESPONSE_BYTES:
    default:
      read_body (request, size, options->max_response_size, "max-response-size", FALSE,
                 body_read);
      return;
    }
}

/* What the status says: the value asked for, or an error to explain. */
static void
sent (Request      *request,
      GInputStream *response,
      GError       *error)
{
  SoupMessage *message = request->options.message;
  guint status;

  if (response == NULL)
    {
      fail_attempt (request, error);
      return;
    }

  request->response = response;
  status = soup_message_get_status (message);

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      succeeded (request);
    }
  else if (request->options.kind == SANDBOX_RESPONSE_SIZE && status == SOUP_STATUS_NOT_FOUND)
    {
      log_exchange (request, NULL);
      request->size = -1;
      end_attempt (request);
    }
  else if (soup_message_get_method (message) == SOUP_METHOD_HEAD)
    {
      sandbox_response_set_status_error (&error, status,
                                         soup_message_get_reason_phrase (message), NULL);
      fail_attempt (request, error);
    }
  else
    {
      read_body (request, response_content_length (message, NULL),
                 SANDBOX_ERROR_BODY_MAX_READ, "max-response-size", TRUE, error_body_read);
    }
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GError *error = NULL;
  GInputStream *response = soup_session_send_finish (SOUP_SESSION (object), result, &error);

  sent (user_data, response, error);
}

/* The request may go to libsoup, or the caller cancelled it while it
 * waited. */
static void
slot_acquired (Request          *request,
               SandboxQueueSlot *slot,
               GError           *error)
{
  const SandboxRequestOptions *options = &request->options;
  GCancellable *cancellable;
  GInputStream *response;

  if (slot == NULL)
    {
      log_exchange (request, error);
      request->error = error;
      finish (request);
      return;
    }

  request->slot = slot;
  request->session = g_ptr_array_index (options->sessions,
                                        sandbox_queue_slot_get_index (slot) / options->session_share);
  request->start_time = g_get_monotonic_time ();
  sandbox_retry_start_attempt (&request->retry, options->message, options->timeout);
  request->deadline = sandbox_deadline_new_full (options->timeout, request->retry.end_time,
                                                 request->cancellable,
                                                 request->task != NULL
                                                 ? g_task_get_context (request->task)
                                                 : NULL);
  sandbox_deadline_watch_message (request->deadline, options->message,
                                  options->connect_timeout, options->read_timeout);
  cancellable = sandbox_deadline_get_cancellable (request->deadline);
  request->n_informational = 0;

  if (request->task != NULL)
    {
      soup_session_send_async (request->session, options->message, G_PRIORITY_DEFAULT,
                               cancellable, send_cb, request);
      return;
    }

  response = soup_session_send (request->session, options->message, cancellable, &error);
  sent (request, response, error);
}

/* In the task's context. */
static void
slot_acquired_cb (SandboxQueueSlot *slot,
                  gpointer          user_data)
{
  GError *error = NULL;

  if (slot == NULL)
    error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 _("The operation was cancelled"));
  slot_acquired (user_data, slot, error);
}

static void
attempt_start (Request *request)
{
  GError *error = NULL;
  SandboxQueueSlot *slot;

  if (request->task != NULL)
    {
      sandbox_queue_acquire_async (request->options.queue, request->cancellable,
                                   slot_acquired_cb, request);
      return;
    }

  slot = sandbox_queue_acquire (request->options.queue, request->cancellable, &error);
  slot_acquired (request, slot, error);
}

void
sandbox_request_send_async (const SandboxRequestOptions *options,
                            gpointer                     source_object,
                            gpointer                     source_tag,
                            GCancellable                *cancellable,
                            GAsyncReadyCallback          callback,
                            gpointer                     user_data)
{
  Request *request = request_new (options, cancellable);

  request->task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (request->task, source_tag);
  g_task_set_task_data (request->task, request, (GDestroyNotify) request_free);
  attempt_start (request);
}

/* The answer of a finished operation (NULL: it failed), in the caller's
 * terms: the value asked for, in full, and the size (-1: none). */
static gpointer
take_answer (Request *request,
             goffset *out_size)
{
  if (out_size != NULL)
    *out_size = request != NULL ? request->size : -1;
  if (request == NULL)
    return NULL;

  switch (request->options.kind)
    {
    case SANDBOX_RESPONSE_JSON:
      return g_steal_pointer (&request->node);
    case SANDBOX_RESPONSE_BYTES:
      return g_steal_pointer (&request->body);
    case SANDBOX_RESPONSE_STREAM:
      return g_steal_pointer (&request->stream);
    case SANDBOX_RESPONSE_SIZE:
    default:
      return NULL;
    }
}

/* The blocking form, all in the calling thread: the attempts are made one
 * after another here rather than each from the end of the one before. JSON
 * is parsed here too, whatever its size: there is no main loop to keep
 * going. A stream is read and closed later, in a context of the caller's:
 * libsoup completes the message there. */
static gpointer
send_blocking (const SandboxRequestOptions  *options,
               SandboxResponseKind           kind,
               GCancellable                 *cancellable,
               goffset                      *out_size,
               GError                      **error)
{
  g_autoptr(Request) request = request_new (options, cancellable);

  g_assert (options->kind == kind);

  do
    {
      request->again = FALSE;
      attempt_start (request);
    }
  while (request->again);

  if (request->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&request->error));
      g_clear_pointer (&request, request_free);
    }

  return take_answer (request, out_size);
}

JsonNode *
sandbox_request_send_json (const SandboxRequestOptions  *options,
                           GCancellable                 *cancellable,
                           GError                      **error)
{
  return send_blocking (options, SANDBOX_RESPONSE_JSON, cancellable, NULL, error);
}

GBytes *
sandbox_request_send_bytes (const SandboxRequestOptions  *options,
                            GCancellable                 *cancellable,
                            GError                      **error)
{
  return send_blocking (options, SANDBOX_RESPONSE_BYTES, cancellable, NULL, error);
}

goffset
sandbox_request_send_size (const SandboxRequestOptions  *options,
                           GCancellable                 *cancellable,
                           GError                      **error)
{
  goffset size;

  send_blocking (options, SANDBOX_RESPONSE_SIZE, cancellable, &size, error);
  return size;
}

GInputStream *
sandbox_request_send_stream (const SandboxRequestOptions  *options,
                             GCancellable                 *cancellable,
                             goffset                      *out_size,
                             GError                      **error)
{
  return send_blocking (options, SANDBOX_RESPONSE_STREAM, cancellable, out_size, error);
}

/* The answer of a finished asynchronous operation, or NULL with @error. */
static gpointer
request_finish (GAsyncResult  *result,
                goffset       *out_size,
                GError       **error)
{
  Request *request = NULL;

  if (g_task_propagate_boolean (G_TASK (result), error))
    request = g_task_get_task_data (G_TASK (result));

  return take_answer (request, out_size);
}

JsonNode *
sandbox_request_finish_json (GAsyncResult  *result,
                             GError       **error)
{
  return request_finish (result, NULL, error);
}

GBytes *
sandbox_request_finish_bytes (GAsyncResult  *result,
                              GError       **error)
{
  return request_finish (result, NULL, error);
}

GInputStream *
sandbox_request_finish_stream (GAsyncResult  *result,
                               goffset       *out_size,
                               GError       **error)
{
  return request_finish (result, out_size, error);
}

goffset
sandbox_request_finish_size (GAsyncResult  *result,
                             GError       **error)
{
  goffset size;

  request_finish (result, &size, error);
  return size;
}
