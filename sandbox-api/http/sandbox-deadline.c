/* sandbox-deadline.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-deadline-private.h"

/* A whole-operation deadline: libsoup only knows per-I/O timeouts in whole
 * seconds, so an operation runs under an internal cancellable that is
 * cancelled either by the caller's cancellable or by a timer, a GSource of
 * the operation's main context.
 *
 * A blocking call is blocked in libsoup and runs no main context: its
 * timers are sources of the library's own context, which one worker
 * iterates while any blocking call has a deadline (see timers_hold()).
 *
 * The internal cancellable is only ever cancelled from that context: a
 * caller's cancellation, which may come from any thread, is forwarded
 * there. libsoup watches the cancellable with sources of that context, and
 * GLib 2.74 leaks such a source when the cancellable is cancelled in one
 * thread while another disposes of the source.
 *
 * An attempt also has two phase timers, which end it through the same
 * cancellable: the client's connect-timeout, while the message makes a new
 * connection, and its read-timeout, while the server is silent. They are
 * sources with a ready time, moved at each step. */

/* What the timer and the forwarded cancellations touch. They may run while
 * the operation, woken by the cancellation, ends and frees its deadline
 * (in another thread, for the timer of a blocking call): they hold
 * references of their own on this, and on nothing else. */
typedef struct
{
  GCancellable *cancellable;
  GMainContext *context;
  gint          timed_out;
  gint          phase_expired;  /* the SandboxDeadlinePhase that passed, or 0 */
  gint64        created;
  gint          last_activity;  /* atomic: when the read timer last started again,
                                 * in milliseconds after created */
  double        phase_seconds[SANDBOX_DEADLINE_N_PHASES];
  gint          phase_armed[SANDBOX_DEADLINE_N_PHASES];  /* atomic */
} DeadlineShared;

struct _SandboxDeadline
{
  DeadlineShared *shared;
  GCancellable   *caller_cancellable;
  gulong          caller_handler;
  GSource        *timer;
  double          timeout;
  gboolean        holds_worker;  /* a blocking call's, until stopped */

  /* The connect and read timers: sources with a ready time. */
  GSource        *phases[SANDBOX_DEADLINE_N_PHASES];

  /* The message whose progress moves them, and the handlers. */
  SoupMessage    *message;
  double          connect_timeout;
  double          read_timeout;
  gboolean        connecting;
  gulong          handlers[4];
};

/* The timers of blocking calls. Their context is iterated by a job of a
 * pool of its own, of at most one thread, while any blocking call holds
 * it, and a little longer (so that a loop of calls does not start a job
 * per call); the thread then goes back to GLib's idle threads, which end
 * after a while. Not GTask's pool: once its threads are all busy (with
 * blocking calls, say) a new job waits there 100 ms or more for GLib to
 * grow it, and a timer must not wait for the calls it is to end. */
#define TIMERS_LINGER_MSEC 500

static struct
{
  GMutex        mutex;
  GMainContext *context;
  GThreadPool  *pool;
  guint         n_holds;
  gboolean      running;
  gint64        wake_time;  /* when the worker wakes up by itself */
} timers;

/* One iteration of timers.context, which is not owned while it polls: a
 * source attached meanwhile does not wake the worker (a blocking call costs
 * no system call here), unless it is due before the worker wakes up. */
static void
timers_iterate (void)
{
  GPollFD fds[8];
  gint max_priority;
  gint timeout;
  gint n_fds;

  g_main_context_acquire (timers.context);
  g_main_context_prepare (timers.context, &max_priority);
  n_fds = g_main_context_query (timers.context, max_priority, &timeout,
                                fds, G_N_ELEMENTS (fds));
  g_assert (n_fds <= (gint) G_N_ELEMENTS (fds));
  g_mutex_lock (&timers.mutex);
  timers.wake_time = timeout < 0 ? G_MAXINT64 : g_get_monotonic_time () + timeout * 1000;
  g_mutex_unlock (&timers.mutex);
  g_main_context_release (timers.context);

  g_poll (fds, n_fds, timeout);

  g_mutex_lock (&timers.mutex);
  timers.wake_time = G_MININT64;
  g_mutex_unlock (&timers.mutex);
  g_main_context_acquire (timers.context);
  if (g_main_context_check (timers.context, max_priority, fds, n_fds))
    g_main_context_dispatch (timers.context);
  g_main_context_release (timers.context);
}

/* A source of timers.context that is due at @time (monotonic), or at once. */
static void
timers_wake_before (GMainContext *context,
                    gint64        time)
{
  gboolean wake;

  if (context != timers.context)
    return;

  g_mutex_lock (&timers.mutex);
  wake = time < timers.wake_time;
  g_mutex_unlock (&timers.mutex);
  if (wake)
    g_main_context_wakeup (context);
}

static gboolean
linger_cb (gpointer user_data)
{
  gboolean *idle = user_data;

  *idle = TRUE;
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
      timers_iterate ();
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

/* A blocking call has timers in timers.context: it is iterated until the
 * call lets go. */
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
timers_release (SandboxDeadline *self)
{
  if (!self->holds_worker)
    return;

  self->holds_worker = FALSE;
  g_mutex_lock (&timers.mutex);
  timers.n_holds--;
  g_mutex_unlock (&timers.mutex);
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
  timers_wake_before (shared->context, G_MININT64);
}

static gboolean
timer_expired_cb (gpointer user_data)
{
  DeadlineShared *shared = user_data;

  g_atomic_int_set (&shared->timed_out, TRUE);
  g_cancellable_cancel (shared->cancellable);

  return G_SOURCE_REMOVE;
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
 * for a blocking call, in the library's timers context. */
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
  self->shared->context = g_main_context_ref (context != NULL ? context : timers_context ());
  self->timeout = timeout;

  if (msec > 0)
    {
      self->timer = g_timeout_source_new (msec);
      g_source_set_callback (self->timer, timer_expired_cb,
                             g_atomic_rc_box_acquire (self->shared), deadline_shared_release);
      g_source_set_static_name (self->timer, "[sandbox-api] deadline");
      g_source_attach (self->timer, self->shared->context);
      timers_wake_before (self->shared->context, g_source_get_ready_time (self->timer));
    }

  /* Cancelled already: stop before anything is sent. This runs where the
   * operation starts, which is where it runs. */
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

  if (msec > 0)
    timers_hold (self);

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

  timers_release (self);
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

/* The phase timers: a source's ready time may be changed from any thread. */

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
      g_source_attach (source, self->shared->context);
      self->phases[phase] = source;
      timers_hold (self);
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
