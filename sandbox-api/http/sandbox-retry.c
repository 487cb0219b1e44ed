/* sandbox-retry.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-debug-private.h"
#include "sandbox-error.h"
#include "sandbox-retry-private.h"

/* Only failures certain to have done nothing on the server are sent again:
 * a 503 answer; for GET and HEAD, a failure to connect (refused,
 * unreachable, connect-timeout) or a connection reset or closed before the
 * answer's first byte (libsoup's metrics tell); for an execute whose body
 * can be sent again, a refused connection, or one closed before its whole
 * body was written. The n-th retry waits between half and all of
 * retry-delay × 2^(n-1) ("equal jitter"), never past the operation's
 * deadline or, without one, max-retry-time after it started. */

/* The longest waits, in seconds: computed, and asked by Retry-After. */
#define MAX_BACKOFF     30.0
#define MAX_RETRY_AFTER 60.0

static guint64
response_start (SoupMessage *message)
{
  SoupMessageMetrics *metrics = soup_message_get_metrics (message);

  return metrics != NULL ? soup_message_metrics_get_response_start (metrics) : 0;
}

static guint64
body_bytes_sent (SoupMessage *message)
{
  SoupMessageMetrics *metrics = soup_message_get_metrics (message);

  return metrics != NULL ? soup_message_metrics_get_request_body_bytes_sent (metrics) : 0;
}

/* TRUE when the last attempt wrote less than the request's body: the
 * server cannot have acted on it. */
static gboolean
body_cut_short (SandboxRetry *self,
                SoupMessage  *message)
{
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  goffset length = soup_message_headers_get_content_length (headers);

  return length > 0 && body_bytes_sent (message) - self->body_bytes_sent < (guint64) length;
}

static gint64
time_from_now (double seconds)
{
  if (seconds <= 0 || seconds >= (double) G_MAXINT32)
    return 0;
  return g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
}

/* Before each attempt; the first starts the operation's deadline, @timeout
 * seconds from now (0: none), or else the time allowed for retrying. */
void
sandbox_retry_start_attempt (SandboxRetry *self,
                             SoupMessage  *message,
                             double        timeout)
{
  if (self->n_retries == 0 && self->end_time == 0 && self->retry_end_time == 0)
    {
      self->end_time = time_from_now (timeout);
      if (self->end_time == 0)
        self->retry_end_time = time_from_now (self->max_retry_time);
    }

  /* Tells whether the answer had started when an attempt failed. */
  soup_message_add_flags (message, SOUP_MESSAGE_COLLECT_METRICS);
  self->response_start = response_start (message);
  self->body_bytes_sent = body_bytes_sent (message);
}

/* TRUE when a byte of the answer arrived in the last attempt. */
static gboolean
answer_started (SandboxRetry *self,
                SoupMessage  *message)
{
  guint64 now = response_start (message);

  return now != 0 && now != self->response_start;
}

static gboolean
is_idempotent (SoupMessage *message)
{
  const char *method = soup_message_get_method (message);

  return method == SOUP_METHOD_GET || method == SOUP_METHOD_HEAD;
}

/* Why the failure may be retried, or NULL. */
static const char *
retry_reason (SandboxRetry *self,
              SoupMessage  *message,
              const GError *error,
              gboolean      connect_timed_out)
{
  gboolean idempotent = is_idempotent (message);

  if (error == NULL || (!idempotent && self->rewind == NULL))
    return NULL;

  if (g_error_matches (error, SANDBOX_ERROR, SANDBOX_ERROR_SERVICE_UNAVAILABLE))
    return "the server is overloaded (503)";

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return "the connection was refused";

  if (!idempotent)
    {
      /* A balancer's early answer (HAProxy's 503) is lost this way. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) &&
          !answer_started (self, message) && body_cut_short (self, message))
        return "the connection was closed before the request was sent whole";
      return NULL;
    }

  if (connect_timed_out)
    return "connecting took longer than the connect-timeout";

  if (error->domain == G_RESOLVER_ERROR && error->code == G_RESOLVER_ERROR_TEMPORARY_FAILURE)
    return "the server's name could not be resolved for now";

  if (error->domain != G_IO_ERROR || answer_started (self, message))
    return NULL;

  switch (error->code)
    {
    case G_IO_ERROR_HOST_UNREACHABLE:
    case G_IO_ERROR_NETWORK_UNREACHABLE:
      return "the server could not be reached";

    case G_IO_ERROR_CONNECTION_CLOSED:
      return "the connection was reset before the answer started";

    case G_IO_ERROR_PARTIAL_INPUT:
      return "the connection was closed before the answer started";

    default:
      return NULL;
    }
}

/* The wait before retry @n_retries + 1, in seconds. */
static double
retry_backoff (guint  n_retries,
               double retry_delay)
{
  double backoff = retry_delay * (double) (1u << MIN (n_retries, 20u));

  backoff = MIN (backoff, MAX_BACKOFF);
  return backoff / 2 + g_random_double_range (0, backoff / 2);
}

/* A Retry-After header in seconds, or -1. (An HTTP date is not used.) */
static double
retry_after (SoupMessage *message)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                    "Retry-After");
  g_autofree char *text = NULL;
  guint64 seconds;

  if (value == NULL)
    return -1;

  text = g_strstrip (g_strdup (value));
  if (!g_ascii_isdigit (*text) ||
      !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &seconds, NULL))
    return -1;

  return MIN ((double) seconds, MAX_RETRY_AFTER);
}

static void
log_retry (SandboxRetry *self,
           SoupMessage  *message,
           const GError *error,
           const char   *reason,
           double        wait)
{
  g_autofree char *uri = NULL;

  if (!sandbox_debug_enabled ())
    return;

  uri = g_uri_to_string_partial (soup_message_get_uri (message), G_URI_HIDE_PASSWORD);
  if (wait < 0)
    sandbox_debug_log ("%s %s: not retried, the wait would pass the client's %s: %s (%s)",
                       soup_message_get_method (message), uri,
                       self->end_time != 0 ? "timeout" : "max-retry-time",
                       reason, error->message);
  else
    sandbox_debug_log ("%s %s: retry %u of %u in %.3f s: %s (%s)",
                       soup_message_get_method (message), uri, self->n_retries,
                       self->max_retries, wait, reason, error->message);
}

/* After an attempt failed with @error: TRUE when it is to be sent again
 * after *@out_wait_usec, FALSE when @error is the operation's. */
gboolean
sandbox_retry_next (SandboxRetry *self,
                    SoupMessage  *message,
                    const GError *error,
                    gboolean      connect_timed_out,
                    gint64       *out_wait_usec)
{
  const char *reason;
  double wait = -1;
  gint64 end_time;

  *out_wait_usec = 0;
  if (self->n_retries >= self->max_retries)
    return FALSE;

  reason = retry_reason (self, message, error, connect_timed_out);
  if (reason == NULL)
    return FALSE;

  if (g_error_matches (error, SANDBOX_ERROR, SANDBOX_ERROR_SERVICE_UNAVAILABLE))
    wait = retry_after (message);
  if (wait < 0)
    wait = retry_backoff (self->n_retries, self->retry_delay);

  /* No wait ends past the deadline or max-retry-time: the error stands. */
  end_time = self->end_time != 0 ? self->end_time : self->retry_end_time;
  if (end_time != 0 &&
      g_get_monotonic_time () + (gint64) (wait * G_USEC_PER_SEC) >= end_time)
    {
      log_retry (self, message, error, reason, -1);
      return FALSE;
    }

  self->n_retries++;
  log_retry (self, message, error, reason, wait);
  *out_wait_usec = (gint64) (wait * G_USEC_PER_SEC);
  return TRUE;
}

/* Makes @message ready to be sent again; FALSE when its body cannot be. */
gboolean
sandbox_retry_rewind (SandboxRetry *self,
                      SoupMessage  *message)
{
  if (is_idempotent (message))
    return TRUE;

  return self->rewind != NULL && self->rewind (message, self->rewind_data);
}

static gboolean
wait_over_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  g_task_return_boolean (user_data, TRUE);
  return G_SOURCE_REMOVE;
}

/* Waits @wait_usec in the thread-default main context, unless @cancellable
 * is cancelled first (G_IO_ERROR_CANCELLED): a cancellable's source with a
 * ready time does both. */
void
sandbox_retry_wait_async (gint64               wait_usec,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GSource) source = g_cancellable_source_new (cancellable);

  g_task_set_source_tag (task, sandbox_retry_wait_async);
  g_task_set_check_cancellable (task, TRUE);
  g_source_set_ready_time (source, g_get_monotonic_time () + wait_usec);
  g_task_attach_source (task, source, G_SOURCE_FUNC (wait_over_cb));
}

gboolean
sandbox_retry_wait_finish (GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Polls the cancellable's file descriptor, or sleeps without one. */
gboolean
sandbox_retry_wait (gint64         wait_usec,
                    GCancellable  *cancellable,
                    GError       **error)
{
  gint64 end_time = g_get_monotonic_time () + wait_usec;
  gboolean pollable;
  GPollFD fd;
  gint64 left;

  pollable = g_cancellable_make_pollfd (cancellable, &fd);
  while (!g_cancellable_is_cancelled (cancellable) &&
         (left = end_time - g_get_monotonic_time ()) > 0)
    {
      if (pollable)
        g_poll (&fd, 1, (gint) MIN ((left + 999) / 1000, G_MAXINT));
      else
        g_usleep ((gulong) left);
    }
  if (pollable)
    g_cancellable_release_fd (cancellable);

  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}
