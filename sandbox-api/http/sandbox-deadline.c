/* sandbox-deadline.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-deadline-private.h"
#include "sandbox-filter-stream-private.h"
#include "sandbox-i18n-private.h"

/* The library's one timer mechanism (libsoup's timeouts are per I/O, in
 * whole seconds): an attempt runs under an internal cancellable that the
 * caller's cancellable or a timer cancels. A timer is a GSource with a
 * ready time for each phase: the client's timeout, its connect-timeout
 * while a connection is made, its read-timeout while the server is silent.
 *
 * The sources are in the operation's main context or, for a blocking call,
 * in the library's timers context, which one pooled worker iterates while
 * blocking calls hold it (timers_hold()) and a little longer.
 *
 * The internal cancellable is only cancelled in that context: a caller's
 * cancellation is forwarded there, since GLib 2.74 leaks a cancellable's
 * source when one thread cancels while another disposes of it. */

/* What the timers and a forwarded cancellation touch, by reference: they
 * may run while another thread frees the deadline. */
typedef struct
{
  GCancellable *cancellable;
  GMainContext *context;
  gint          expired;        /* the SandboxDeadlinePhase that passed, or 0 */
  gint64        created;
  gint          last_activity;  /* atomic: read timer restarted, ms after created */
  double        seconds[SANDBOX_DEADLINE_N_PHASES];
  gint          armed[SANDBOX_DEADLINE_N_PHASES];  /* atomic */
} DeadlineShared;

struct _SandboxDeadline
{
  DeadlineShared *shared;
  GCancellable   *caller_cancellable;
  gulong          caller_handler;
  gboolean        holds_worker;  /* a blocking call's, until stopped */
  GSource        *timers[SANDBOX_DEADLINE_N_PHASES];
  SoupMessage    *message;       /* whose progress moves the phase timers */
  gboolean        connecting;
  gulong          handlers[4];
};

/* The timers of blocking calls: a pool of one thread of its own, not
 * GTask's, where a job waits 100 ms or more once its threads are busy. */
#define TIMERS_LINGER_MSEC 500

static struct
{
  GMutex        mutex;
  GMainContext *context;
  GThreadPool  *pool;
  guint         n_holds;
  gboolean      running;
} timers;

static gboolean
linger_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_CONTINUE;
}

static void
timers_worker (gpointer data,
               gpointer pool_data)
{
  GSource *linger = g_timeout_source_new (TIMERS_LINGER_MSEC);
  gboolean idle = FALSE;

  g_source_set_callback (linger, linger_cb, &idle, NULL);
  g_source_set_static_name (linger, "[sandbox-api] timers linger");
  g_source_attach (linger, timers.context);

  for (;;)
    {
      g_mutex_lock (&timers.mutex);
      if (timers.n_holds > 0)
        idle = FALSE;
      /* What may be left are cancellations forwarded by calls now over. */
      else if (idle && !g_main_context_pending (timers.context))
        break;
      g_mutex_unlock (&timers.mutex);
      g_main_context_iteration (timers.context, TRUE);
    }
  timers.running = FALSE;
  g_mutex_unlock (&timers.mutex);

  g_source_destroy (linger);
  g_source_unref (linger);
}

static GMainContext *
timers_context (void)
{
  if (g_once_init_enter (&timers.pool))
    {
      timers.context = g_main_context_new ();
      g_once_init_leave (&timers.pool,
                         g_thread_pool_new (timers_worker, NULL, 1, FALSE, NULL));
    }

  return timers.context;
}

/* timers.context is iterated while blocking calls have sources there. */
static void
timers_hold (SandboxDeadline *self)
{
  g_autoptr(GError) error = NULL;
  gboolean start;

  if (self->holds_worker || self->shared->context != timers.context)
    return;

  self->holds_worker = TRUE;
  g_mutex_lock (&timers.mutex);
  timers.n_holds++;
  start = !timers.running;
  timers.running = TRUE;
  g_mutex_unlock (&timers.mutex);

  /* A pool that cannot start a thread keeps the job for the next one. */
  if (start && !g_thread_pool_push (timers.pool, timers.context, &error))
    g_warning ("The timers of blocking calls wait for a thread: %s", error->message);
}

static void
deadline_shared_clear (DeadlineShared *shared)
{
  g_clear_object (&shared->cancellable);
  g_clear_pointer (&shared->context, g_main_context_unref);
}

static void
deadline_shared_release (gpointer shared)
{
  g_atomic_rc_box_release_full (shared, (GDestroyNotify) deadline_shared_clear);
}

static gboolean
forward_cancellation_cb (gpointer user_data)
{
  DeadlineShared *shared = user_data;

  g_cancellable_cancel (shared->cancellable);
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *caller_cancellable,
                     gpointer      user_data)
{
  DeadlineShared *shared = user_data;
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, forward_cancellation_cb,
                         g_atomic_rc_box_acquire (shared), deadline_shared_release);
  g_source_set_static_name (source, "[sandbox-api] cancellation");
  g_source_attach (source, shared->context);
  g_source_unref (source);
}

/* Cancels the attempt once its ready time passes. */
typedef struct
{
  GSource               source;
  DeadlineShared       *shared;
  SandboxDeadlinePhase  phase;
} Timer;

static gint64
seconds_to_usec (double seconds)
{
  return (gint64) MIN (seconds * G_USEC_PER_SEC, (double) G_MAXINT32 * G_USEC_PER_SEC);
}

static gboolean
timer_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     user_data)
{
  Timer *timer = (Timer *) source;
  DeadlineShared *shared = g_atomic_pointer_get (&timer->shared);

  g_source_set_ready_time (source, -1);

  /* Stopped meanwhile, from the thread of a blocking call. */
  if (!g_atomic_int_get (&shared->armed[timer->phase]))
    return G_SOURCE_CONTINUE;

  /* Something arrived meanwhile: the silence is shorter. */
  if (timer->phase == SANDBOX_DEADLINE_READ)
    {
      gint64 next = shared->created + g_atomic_int_get (&shared->last_activity) * 1000 +
                    seconds_to_usec (shared->seconds[SANDBOX_DEADLINE_READ]);

      if (next > g_get_monotonic_time ())
        {
          g_source_set_ready_time (source, next);
          return G_SOURCE_CONTINUE;
        }
    }

  if (g_atomic_int_compare_and_exchange (&shared->expired, SANDBOX_DEADLINE_NONE,
                                         timer->phase))
    g_cancellable_cancel (shared->cancellable);

  return G_SOURCE_CONTINUE;
}

static void
timer_finalize (GSource *source)
{
  deadline_shared_release (((Timer *) source)->shared);
}

static GSourceFuncs timer_funcs = { NULL, NULL, timer_dispatch, timer_finalize, NULL, NULL };

/* Part of the answer arrived: the read timer starts again (any thread). */
static void
deadline_touch (SandboxDeadline *self)
{
  gint64 elapsed = (g_get_monotonic_time () - self->shared->created) / 1000;

  g_atomic_int_set (&self->shared->last_activity, (gint) MIN (elapsed, G_MAXINT));
}

/* (Re)starts the timer of @phase until @ready_time, in the operation's thread. */
static void
timer_start (SandboxDeadline      *self,
             SandboxDeadlinePhase  phase,
             gint64                ready_time)
{
  static const char *const names[] = {
    NULL, "[sandbox-api] deadline", "[sandbox-api] connect-timeout",
    "[sandbox-api] read-timeout",
  };

  if (phase == SANDBOX_DEADLINE_READ)
    deadline_touch (self);
  g_atomic_int_set (&self->shared->armed[phase], TRUE);

  if (self->timers[phase] != NULL)
    {
      g_source_set_ready_time (self->timers[phase], ready_time);
      return;
    }

  self->timers[phase] = g_source_new (&timer_funcs, sizeof (Timer));
  ((Timer *) self->timers[phase])->phase = phase;
  /* Published atomically for the timers' thread (ThreadSanitizer cannot see
   * GLib's own locks). */
  g_atomic_pointer_set (&((Timer *) self->timers[phase])->shared,
                        g_atomic_rc_box_acquire (self->shared));
  g_source_set_static_name (self->timers[phase], names[phase]);
  g_source_set_ready_time (self->timers[phase], ready_time);
  g_source_attach (self->timers[phase], self->shared->context);
  timers_hold (self);
}

/* (Re)starts the timer of a phase with seconds (0: none) from now. */
static void
deadline_arm (SandboxDeadline      *self,
              SandboxDeadlinePhase  phase)
{
  double seconds = self->shared->seconds[phase];

  if (seconds > 0)
    timer_start (self, phase, g_get_monotonic_time () + seconds_to_usec (seconds));
}

/* A deadline of @timeout seconds (0, or past 49 days: none) for one attempt:
 * it expires at @end_time (monotonic) unless that is 0, and its error names
 * @timeout. The timers run in @context, or for a blocking call (%NULL) in
 * the library's timers context. */
SandboxDeadline *
sandbox_deadline_new_full (double        timeout,
                           gint64        end_time,
                           GCancellable *cancellable,
                           GMainContext *context)
{
  SandboxDeadline *self = g_new0 (SandboxDeadline, 1);

  self->shared = g_atomic_rc_box_new0 (DeadlineShared);
  self->shared->cancellable = g_cancellable_new ();
  self->shared->created = g_get_monotonic_time ();
  self->shared->context = g_main_context_ref (context != NULL ? context : timers_context ());
  self->shared->seconds[SANDBOX_DEADLINE_WHOLE] = timeout;

  if (timeout > 0 && timeout * 1000 < G_MAXUINT)
    timer_start (self, SANDBOX_DEADLINE_WHOLE,
                 end_time != 0 ? end_time
                               : self->shared->created + seconds_to_usec (timeout));

  /* Cancelled already: stop before anything is sent. */
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_cancellable_cancel (self->shared->cancellable);
    }
  else if (cancellable != NULL)
    {
      timers_hold (self);
      self->caller_cancellable = g_object_ref (cancellable);
      self->caller_handler = g_cancellable_connect (cancellable,
                                                    G_CALLBACK (caller_cancelled_cb),
                                                    g_atomic_rc_box_acquire (self->shared),
                                                    deadline_shared_release);
    }

  return self;
}

GCancellable *
sandbox_deadline_get_cancellable (SandboxDeadline *self)
{
  return self->shared->cancellable;
}

/* Stops the timer of @phase, if it runs. */
void
sandbox_deadline_disarm (SandboxDeadline      *self,
                         SandboxDeadlinePhase  phase)
{
  if (self->timers[phase] != NULL)
    {
      g_atomic_int_set (&self->shared->armed[phase], FALSE);
      g_source_set_ready_time (self->timers[phase], -1);
    }
}

/* Stops the timers (one may be firing in another thread) and forgets the
 * caller's cancellable: what follows, such as reading a returned stream, is
 * the caller's business. */
void
sandbox_deadline_stop (SandboxDeadline *self)
{
  if (self->message != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (self->handlers); i++)
        g_clear_signal_handler (&self->handlers[i], self->message);
      g_clear_object (&self->message);
    }

  for (guint i = 0; i < SANDBOX_DEADLINE_N_PHASES; i++)
    {
      if (self->timers[i] != NULL)
        g_source_destroy (self->timers[i]);
      g_clear_pointer (&self->timers[i], g_source_unref);
    }

  if (self->caller_cancellable != NULL)
    {
      g_cancellable_disconnect (self->caller_cancellable, self->caller_handler);
      self->caller_handler = 0;
      g_clear_object (&self->caller_cancellable);
    }

  if (self->holds_worker)
    {
      self->holds_worker = FALSE;
      g_mutex_lock (&timers.mutex);
      timers.n_holds--;
      g_mutex_unlock (&timers.mutex);
    }
}

static void
set_timeout_error (GError **error,
                   double   seconds)
{
  g_autofree char *shown = g_strdup_printf ("%g", seconds);
  /* The plural form of the whole seconds rounded up; less than one second
   * counts as 0 (“0.5 seconds”, in French “0,5 seconde”). */
  gulong n = seconds < 1.0 ? 0 : seconds >= (double) G_MAXULONG ? G_MAXULONG : (gulong) seconds;

  if (n >= 1 && (double) n < seconds)
    n++;

  sandbox_i18n_init ();
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
               g_dngettext (GETTEXT_PACKAGE,
                            "The sandbox server did not answer within the client's timeout "
                            "of %s second",
                            "The sandbox server did not answer within the client's timeout "
                            "of %s seconds",
                            n),
               shown);
}

/* FALSE with @error when the caller cancelled (G_IO_ERROR_CANCELLED) or a
 * timer expired (G_IO_ERROR_TIMED_OUT), replacing libsoup's echo of it. */
gboolean
sandbox_deadline_propagate (SandboxDeadline  *self,
                            GError          **error)
{
  SandboxDeadlinePhase phase = g_atomic_int_get (&self->shared->expired);
  double seconds = self->shared->seconds[phase];

  if (phase == SANDBOX_DEADLINE_NONE && !g_cancellable_is_cancelled (self->shared->cancellable))
    return error == NULL || *error == NULL;

  g_clear_error (error);
  if (phase == SANDBOX_DEADLINE_CONNECT)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                 _("Could not connect to the sandbox server within %.1f s "
                   "(the client's connect-timeout)"), seconds);
  else if (phase == SANDBOX_DEADLINE_READ)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                 _("No answer from the sandbox server for %.1f s "
                   "(the client's read-timeout)"), seconds);
  else if (phase == SANDBOX_DEADLINE_WHOLE)
    set_timeout_error (error, seconds);
  else
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                         _("The operation was cancelled"));
  return FALSE;
}

void
sandbox_deadline_free (SandboxDeadline *self)
{
  if (self == NULL)
    return;

  sandbox_deadline_stop (self);
  g_clear_pointer (&self->shared, deadline_shared_release);
  g_free (self);
}

/* TRUE when the connect timer ended the operation. */
gboolean
sandbox_deadline_connect_timed_out (SandboxDeadline *self)
{
  return g_atomic_int_get (&self->shared->expired) == SANDBOX_DEADLINE_CONNECT;
}

static void
network_event_cb (SoupMessage        *message,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  gpointer            user_data)
{
  SandboxDeadline *self = user_data;

  /* Once for each connection made: resolving, connecting, TLS. */
  if ((event == G_SOCKET_CLIENT_RESOLVING || event == G_SOCKET_CLIENT_CONNECTING) &&
      !self->connecting)
    {
      self->connecting = TRUE;
      deadline_arm (self, SANDBOX_DEADLINE_CONNECT);
    }
  else if (event == G_SOCKET_CLIENT_COMPLETE)
    {
      self->connecting = FALSE;
      sandbox_deadline_disarm (self, SANDBOX_DEADLINE_CONNECT);
    }
}

static void
wrote_body_cb (SoupMessage *message,
               gpointer     user_data)
{
  SandboxDeadline *self = user_data;

  sandbox_deadline_disarm (self, SANDBOX_DEADLINE_CONNECT);
  deadline_arm (self, SANDBOX_DEADLINE_READ);
}

static void
got_part_cb (SoupMessage *message,
             gpointer     user_data)
{
  deadline_touch (user_data);
}

/* Until sandbox_deadline_stop(): the connect timer while @message makes a
 * new connection, the read timer from when the request is sent, started
 * again by each part of the answer (informational answers, headers, reads
 * of a SandboxTimeoutsInputStream on it). */
void
sandbox_deadline_watch_message (SandboxDeadline *self,
                                SoupMessage     *message,
                                double           connect_timeout,
                                double           read_timeout)
{
  g_assert (self->message == NULL);

  if (!(connect_timeout > 0) && !(read_timeout > 0))
    return;

  self->message = g_object_ref (message);
  self->shared->seconds[SANDBOX_DEADLINE_CONNECT] = connect_timeout;
  self->shared->seconds[SANDBOX_DEADLINE_READ] = read_timeout;
  if (connect_timeout > 0)
    self->handlers[0] = g_signal_connect (message, "network-event",
                                          G_CALLBACK (network_event_cb), self);
  if (read_timeout > 0)
    {
      self->handlers[1] = g_signal_connect (message, "wrote-body",
                                            G_CALLBACK (wrote_body_cb), self);
      self->handlers[2] = g_signal_connect (message, "got-informational",
                                            G_CALLBACK (got_part_cb), self);
      self->handlers[3] = g_signal_connect (message, "got-headers",
                                            G_CALLBACK (got_part_cb), self);
    }
}

/* The client's read-timeout on a body stream: on a stream handed to the
 * caller, each read has its own timer, which runs only while it is pending;
 * on a body read under an operation's deadline, each read restarts the
 * deadline's read timer. */
G_DECLARE_FINAL_TYPE (SandboxTimeoutsInputStream, sandbox_timeouts_input_stream,
                      SANDBOX, TIMEOUTS_INPUT_STREAM, SandboxFilterStream)

struct _SandboxTimeoutsInputStream
{
  SandboxFilterStream  parent_instance;

  double               read_timeout;
  SandboxDeadline     *deadline;   /* not owned: it outlives the reads */
};

G_DEFINE_FINAL_TYPE (SandboxTimeoutsInputStream, sandbox_timeouts_input_stream,
                     SANDBOX_TYPE_FILTER_STREAM)

static gboolean
sandbox_timeouts_input_stream_read_begin (SandboxFilterStream *stream,
                                          SandboxFilterRead   *read,
                                          gssize              *n_given)
{
  SandboxTimeoutsInputStream *self = SANDBOX_TIMEOUTS_INPUT_STREAM (stream);
  SandboxDeadline *deadline;

  if (self->deadline != NULL)
    return TRUE;

  /* The read's own deadline, which the caller's cancellable ends too. */
  deadline = sandbox_deadline_new_full (0, 0, read->cancellable, read->context);
  deadline->shared->seconds[SANDBOX_DEADLINE_READ] = self->read_timeout;
  deadline_arm (deadline, SANDBOX_DEADLINE_READ);
  read->data = deadline;
  read->free_data = (GDestroyNotify) sandbox_deadline_free;
  read->cancellable = sandbox_deadline_get_cancellable (deadline);
  return TRUE;
}

static gssize
sandbox_timeouts_input_stream_read_end (SandboxFilterStream  *stream,
                                        SandboxFilterRead    *read,
                                        gssize                n_read,
                                        GError              **error)
{
  SandboxTimeoutsInputStream *self = SANDBOX_TIMEOUTS_INPUT_STREAM (stream);

  if (self->deadline != NULL && n_read >= 0)
    deadline_touch (self->deadline);

  if (read->data != NULL && n_read < 0)
    sandbox_deadline_propagate (read->data, error);

  return n_read;
}

static void
sandbox_timeouts_input_stream_class_init (SandboxTimeoutsInputStreamClass *klass)
{
  SandboxFilterStreamClass *filter_class = SANDBOX_FILTER_STREAM_CLASS (klass);

  filter_class->read_begin = sandbox_timeouts_input_stream_read_begin;
  filter_class->read_end = sandbox_timeouts_input_stream_read_end;
}

static void
sandbox_timeouts_input_stream_init (SandboxTimeoutsInputStream *self)
{
}

/* @read_timeout seconds for each read or, with @deadline (which must
 * outlive the reads), its read timer restarted by each read. */
GInputStream *
sandbox_timeouts_input_stream_new (GInputStream    *base_stream,
                                   double           read_timeout,
                                   SandboxDeadline *deadline)
{
  SandboxTimeoutsInputStream *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (base_stream), NULL);
  g_return_val_if_fail (read_timeout > 0 || deadline != NULL, NULL);

  self = g_object_new (sandbox_timeouts_input_stream_get_type (), "base-stream",
                       base_stream, NULL);
  self->read_timeout = read_timeout;
  self->deadline = deadline;
  return G_INPUT_STREAM (self);
}
