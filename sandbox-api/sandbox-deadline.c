/* sandbox-deadline.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-deadline-private.h"

/* A whole-operation deadline: libsoup only knows per-I/O timeouts in whole
 * seconds, so an operation runs under an internal cancellable that is
 * cancelled either by the caller's cancellable or by a timer attached to the
 * operation's main context (for a blocking call, which has none, by the
 * deadlines' own thread).
 *
 * The internal cancellable is only ever cancelled from that context (or
 * thread): a caller's cancellation, which may come from any thread, is
 * forwarded there.
 * libsoup watches the cancellable with sources of that context, and GLib
 * 2.74 leaks such a source when the cancellable is cancelled in one thread
 * while another disposes of the source.
 *
 * An attempt also has two phase timers, which end it through the same
 * cancellable: the client's connect-timeout, while the message makes a new
 * connection, and its read-timeout, while the server is silent. They are
 * sources with a ready time, moved at each step (for a blocking call, in a
 * thread of their own that runs a main context). */

/* What the timer and the forwarded cancellations touch. They may run while
 * the operation, woken by the cancellation, ends and frees its deadline
 * (in another thread, for the timer of a blocking call): they hold
 * references of their own on this, and on nothing else. */
typedef struct
{
  GCancellable *cancellable;
  GMainContext *context;    /* NULL for a blocking call's deadline */
  gint          timed_out;
  gint          phase_expired;  /* the SandboxDeadlinePhase that passed, or 0 */
  gint64        created;
  gint          last_activity;  /* atomic: when the read timer last started again,
                                 * in milliseconds after created */
  double        phase_seconds[SANDBOX_DEADLINE_N_PHASES];
  gint          phase_armed[SANDBOX_DEADLINE_N_PHASES];  /* atomic */

  /* A blocking call's timer, under timers.mutex. */
  gint64        expiry;
  GList         link;
  gboolean      queued;
} DeadlineShared;

struct _SandboxDeadline
{
  DeadlineShared *shared;
  GCancellable   *caller_cancellable;
  gulong          caller_handler;
  GSource        *timer;
  double          timeout;

  /* The connect and read timers: sources with a ready time, in the
   * operation's context, or in the phases' thread for a blocking call. */
  GSource        *phases[SANDBOX_DEADLINE_N_PHASES];

  /* The message whose progress moves them, and the handlers. */
  SoupMessage    *message;
  double          connect_timeout;
  double          read_timeout;
  gboolean        connecting;
  gulong          handlers[4];
};

/* The timers of blocking calls: one thread sleeps until the first expires.
 * Adding one that expires later than the first, or removing one, does not
 * wake it: a blocking call costs no system call here. The thread also
 * forwards the callers' cancellations. */
static struct
{
  GMutex  mutex;
  GCond   cond;
  GQueue  timers;       /* of DeadlineShared, by expiry, through their links */
  GQueue  cancelled;    /* of DeadlineShared, each holding a reference */
  gint64  wake_time;    /* when the thread wakes up by itself */
} timers;

static gpointer timer_thread (gpointer user_data);

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
  GSource *source;

  if (shared->context == NULL)
    {
      g_mutex_lock (&timers.mutex);
      g_queue_push_tail (&timers.cancelled, g_atomic_rc_box_acquire (shared));
      g_cond_signal (&timers.cond);
      g_mutex_unlock (&timers.mutex);
      return;
    }

  source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, forward_cancellation_cb,
                         g_atomic_rc_box_acquire (shared), deadline_shared_release);
  g_source_set_static_name (source, "[sandbox-api] cancellation");
  g_source_attach (source, shared->context);
  g_source_unref (source);
}

static gboolean
timer_expired_cb (gpointer user_data)
{
  DeadlineShared *shared = user_data;

  g_atomic_int_set (&shared->timed_out, TRUE);
  g_cancellable_cancel (shared->cancellable);

  return G_SOURCE_REMOVE;
}

static void
ensure_timer_thread (void)
{
  static gsize started;

  if (g_once_init_enter (&started))
    {
      g_thread_unref (g_thread_new ("sandbox-deadlines", timer_thread, NULL));
      g_once_init_leave (&started, 1);
    }
}

/* Queues a blocking call's timer, by expiry: usually last. */
static void
timers_add (DeadlineShared *shared,
            guint           msec)
{
  GList *after;

  shared->expiry = g_get_monotonic_time () + (gint64) msec * 1000;
  shared->link.data = g_atomic_rc_box_acquire (shared);

  g_mutex_lock (&timers.mutex);
  after = timers.timers.tail;
  while (after != NULL && ((DeadlineShared *) after->data)->expiry > shared->expiry)
    after = after->prev;
  if (after == NULL)
    g_queue_push_head_link (&timers.timers, &shared->link);
  else
    g_queue_insert_after_link (&timers.timers, after, &shared->link);
  /* The thread sleeps until a later time: it must look again. */
  if (shared->expiry < timers.wake_time)
    g_cond_signal (&timers.cond);
  shared->queued = TRUE;
  g_mutex_unlock (&timers.mutex);
}

static void
timers_remove (DeadlineShared *shared)
{
  gboolean was_queued;

  g_mutex_lock (&timers.mutex);
  was_queued = shared->queued;
  if (was_queued)
    {
      g_queue_unlink (&timers.timers, &shared->link);
      shared->queued = FALSE;
    }
  g_mutex_unlock (&timers.mutex);

  /* The queue's reference. */
  if (was_queued)
    deadline_shared_release (shared);
}

static gpointer
timer_thread (gpointer user_data)
{
  g_mutex_lock (&timers.mutex);
  for (;;)
    {
      DeadlineShared *first = g_queue_peek_head (&timers.timers);
      DeadlineShared *due = NULL;

      if (first != NULL && first->expiry <= g_get_monotonic_time ())
        {
          g_queue_unlink (&timers.timers, &first->link);
          first->queued = FALSE;
          g_atomic_int_set (&first->timed_out, TRUE);
          due = first;
        }
      else if (!g_queue_is_empty (&timers.cancelled))
        {
          due = g_queue_pop_head (&timers.cancelled);
        }

      if (due != NULL)
        {
          g_mutex_unlock (&timers.mutex);
          g_cancellable_cancel (due->cancellable);
          deadline_shared_release (due);
          g_mutex_lock (&timers.mutex);
        }
      else if (first != NULL)
        {
          timers.wake_time = first->expiry;
          g_cond_wait_until (&timers.cond, &timers.mutex, timers.wake_time);
        }
      else
        {
          timers.wake_time = G_MAXINT64;
          g_cond_wait (&timers.cond, &timers.mutex);
        }
      /* Awake: whatever is added now is looked at. */
      timers.wake_time = G_MININT64;
    }

  return NULL;
}

/* Past 49 days, a deadline is no deadline. 0 means none. */
static guint
timeout_to_msec (double timeout)
{
  guint msec;

  if (!(timeout > 0 && timeout * 1000 < G_MAXUINT))
    return 0;

  msec = (guint) (timeout * 1000);
  if (msec < timeout * 1000)
    msec++;
  return msec;
}

/* @timeout is in seconds; 0 means no deadline. The timer runs in @context,
 * the context where the operation completes, or, when @context is %NULL,
 * for a blocking call, in the deadlines' own thread. */
SandboxDeadline *
sandbox_deadline_new (double        timeout,
                      GCancellable *cancellable,
                      GMainContext *context)
{
  return sandbox_deadline_new_full (timeout, 0, cancellable, context);
}

/* The same, for one attempt of an operation that may be sent several
 * times: the timer expires at @end_time (monotonic, in microseconds), when
 * it is not 0, and its error still names the whole @timeout. */
SandboxDeadline *
sandbox_deadline_new_full (double        timeout,
                           gint64        end_time,
                           GCancellable *cancellable,
                           GMainContext *context)
{
  SandboxDeadline *self = g_new0 (SandboxDeadline, 1);
  guint msec = timeout_to_msec (timeout);

  if (end_time != 0 && msec > 0)
    msec = MAX (1, (guint) ((MAX (0, end_time - g_get_monotonic_time ()) + 999) / 1000));

  self->shared = g_atomic_rc_box_new0 (DeadlineShared);
  self->shared->cancellable = g_cancellable_new ();
  self->shared->created = g_get_monotonic_time ();
  if (context != NULL)
    self->shared->context = g_main_context_ref (context);
  else
    ensure_timer_thread ();
  self->timeout = timeout;

  /* Cancelled already: stop before anything is sent. This runs where the
   * operation starts, which is where it runs. */
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_cancellable_cancel (self->shared->cancellable);
    }
  else if (cancellable != NULL)
    {
      self->caller_cancellable = g_object_ref (cancellable);
      self->caller_handler = g_cancellable_connect (cancellable,
                                                    G_CALLBACK (caller_cancelled_cb),
                                                    g_atomic_rc_box_acquire (self->shared),
                                                    deadline_shared_release);
    }

  if (msec > 0 && context == NULL)
    {
      timers_add (self->shared, msec);
    }
  else if (msec > 0)
    {
      self->timer = g_timeout_source_new (msec);
      g_source_set_callback (self->timer, timer_expired_cb,
                             g_atomic_rc_box_acquire (self->shared), deadline_shared_release);
      g_source_set_static_name (self->timer, "[sandbox-api] deadline");
      g_source_attach (self->timer, context);
    }

  return self;
}

GCancellable *
sandbox_deadline_get_cancellable (SandboxDeadline *self)
{
  return self->shared->cancellable;
}

/* Stops the timer and forgets the caller's cancellable: what happens after
 * this (reading a returned stream) is the caller's business. The timer may
 * have fired already, or be firing in another thread. */
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
      if (self->phases[i] != NULL)
        {
          g_source_destroy (self->phases[i]);
          g_clear_pointer (&self->phases[i], g_source_unref);
        }
    }

  if (self->shared->context == NULL)
    timers_remove (self->shared);

  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }

  if (self->caller_cancellable != NULL)
    {
      g_cancellable_disconnect (self->caller_cancellable, self->caller_handler);
      self->caller_handler = 0;
      g_clear_object (&self->caller_cancellable);
    }
}

/* Returns FALSE and sets @error when the operation must stop: the caller
 * cancelled it (G_IO_ERROR_CANCELLED) or its time ran out
 * (G_IO_ERROR_TIMED_OUT). An error from libsoup that is only the echo of
 * our own cancellation is replaced by the right one. */
gboolean
sandbox_deadline_propagate (SandboxDeadline  *self,
                            GError          **error)
{
  SandboxDeadlinePhase phase = g_atomic_int_get (&self->shared->phase_expired);

  if (phase != SANDBOX_DEADLINE_NONE)
    {
      double seconds = self->shared->phase_seconds[phase];

      g_clear_error (error);
      if (phase == SANDBOX_DEADLINE_CONNECT)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                     "Could not connect to the sandbox server within %.1f s "
                     "(the client's connect-timeout)", seconds);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                     "No answer from the sandbox server for %.1f s "
                     "(the client's read-timeout)", seconds);
      return FALSE;
    }

  if (g_atomic_int_get (&self->shared->timed_out))
    {
      g_autofree char *seconds = g_strdup_printf ("%g", self->timeout);

      g_clear_error (error);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   "The sandbox server did not answer within the client's timeout "
                   "of %s second%s", seconds, self->timeout == 1.0 ? "" : "s");
      return FALSE;
    }

  if (g_cancellable_is_cancelled (self->shared->cancellable))
    {
      g_clear_error (error);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           "The operation was cancelled");
      return FALSE;
    }

  return error == NULL || *error == NULL;
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

/* The phase timers. A blocking call's run in a thread of their own, with a
 * main context: a source's ready time may be changed from any thread. */

static gpointer
phases_thread (gpointer context)
{
  for (;;)
    g_main_context_iteration (context, TRUE);

  return NULL;
}

static GMainContext *
phases_context (void)
{
  static GMainContext *context;

  if (g_once_init_enter (&context))
    {
      GMainContext *new_context = g_main_context_new ();

      g_thread_unref (g_thread_new ("sandbox-timeouts", phases_thread, new_context));
      g_once_init_leave (&context, new_context);
    }

  return context;
}

static gboolean
phase_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     user_data)
{
  g_source_set_ready_time (source, -1);
  return callback (user_data);
}

static GSourceFuncs phase_source_funcs = {
  NULL, NULL, phase_dispatch, NULL, NULL, NULL,
};

typedef struct
{
  DeadlineShared       *shared;
  SandboxDeadlinePhase  phase;
  GSource              *source;   /* not a reference: the source owns this */
} PhaseTimer;

static void
phase_timer_free (gpointer data)
{
  PhaseTimer *timer = data;

  deadline_shared_release (timer->shared);
  g_free (timer);
}

static gint64
seconds_to_usec (double seconds)
{
  return (gint64) MIN (seconds * G_USEC_PER_SEC, (double) G_MAXINT32 * G_USEC_PER_SEC);
}

static gboolean
phase_expired_cb (gpointer user_data)
{
  PhaseTimer *timer = user_data;
  DeadlineShared *shared = timer->shared;
  gint64 interval = seconds_to_usec (shared->phase_seconds[timer->phase]);

  /* Stopped meanwhile, from the thread of a blocking call. */
  if (!g_atomic_int_get (&shared->phase_armed[timer->phase]))
    return G_SOURCE_CONTINUE;

  /* Something arrived meanwhile: the silence is shorter. */
  if (timer->phase == SANDBOX_DEADLINE_READ)
    {
      gint64 last = shared->created + g_atomic_int_get (&shared->last_activity) * 1000;

      if (last + interval > g_get_monotonic_time ())
        {
          g_source_set_ready_time (timer->source, last + interval);
          return G_SOURCE_CONTINUE;
        }
    }

  if (g_atomic_int_compare_and_exchange (&shared->phase_expired, SANDBOX_DEADLINE_NONE,
                                         timer->phase))
    g_cancellable_cancel (shared->cancellable);

  return G_SOURCE_CONTINUE;
}

/* Starts the timer of @phase, or starts it again: past @seconds from now
 * (0: none), the operation fails with an error that names the phase's
 * property. In the thread that runs the operation. */
void
sandbox_deadline_arm (SandboxDeadline      *self,
                      SandboxDeadlinePhase  phase,
                      double                seconds)
{
  g_assert (phase > SANDBOX_DEADLINE_NONE && phase < SANDBOX_DEADLINE_N_PHASES);

  if (!(seconds > 0))
    return;

  if (self->phases[phase] == NULL)
    {
      PhaseTimer *timer = g_new0 (PhaseTimer, 1);
      GSource *source = g_source_new (&phase_source_funcs, sizeof (GSource));

      timer->shared = g_atomic_rc_box_acquire (self->shared);
      timer->phase = phase;
      timer->source = source;
      self->shared->phase_seconds[phase] = seconds;
      g_source_set_callback (source, phase_expired_cb, timer, phase_timer_free);
      g_source_set_static_name (source, phase == SANDBOX_DEADLINE_CONNECT
                                        ? "[sandbox-api] connect-timeout"
                                        : "[sandbox-api] read-timeout");
      g_source_set_ready_time (source, -1);
      g_source_attach (source, self->shared->context != NULL ? self->shared->context
                                                             : phases_context ());
      self->phases[phase] = source;
    }

  if (phase == SANDBOX_DEADLINE_READ)
    sandbox_deadline_touch (self);
  g_atomic_int_set (&self->shared->phase_armed[phase], TRUE);
  g_source_set_ready_time (self->phases[phase],
                           g_get_monotonic_time () + seconds_to_usec (seconds));
}

/* Stops the timer of @phase, if it runs. */
void
sandbox_deadline_disarm (SandboxDeadline      *self,
                         SandboxDeadlinePhase  phase)
{
  if (self->phases[phase] != NULL)
    {
      g_atomic_int_set (&self->shared->phase_armed[phase], FALSE);
      g_source_set_ready_time (self->phases[phase], -1);
    }
}

/* Part of the answer arrived: the read timer starts again. Cheap, and safe
 * from any thread. */
void
sandbox_deadline_touch (SandboxDeadline *self)
{
  gint64 elapsed = (g_get_monotonic_time () - self->shared->created) / 1000;

  g_atomic_int_set (&self->shared->last_activity, (gint) MIN (elapsed, G_MAXINT));
}

/* TRUE when the connect timer ended the operation. */
gboolean
sandbox_deadline_connect_timed_out (SandboxDeadline *self)
{
  return g_atomic_int_get (&self->shared->phase_expired) == SANDBOX_DEADLINE_CONNECT;
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
      sandbox_deadline_arm (self, SANDBOX_DEADLINE_CONNECT, self->connect_timeout);
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
  sandbox_deadline_arm (self, SANDBOX_DEADLINE_READ, self->read_timeout);
}

static void
got_part_cb (SoupMessage *message,
             gpointer     user_data)
{
  sandbox_deadline_touch (user_data);
}

/* Runs the connect timer while @message makes a new connection (a reused
 * one makes none), and the read timer from when the request is sent: each
 * part of the answer that arrives (informational answers, the headers, and
 * what sandbox_deadline_touch() is told of) starts it again. Until
 * sandbox_deadline_stop(). */
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
  self->connect_timeout = connect_timeout;
  self->read_timeout = read_timeout;
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
