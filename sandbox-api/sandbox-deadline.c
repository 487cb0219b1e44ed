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
 * while another disposes of the source. */

/* What the timer and the forwarded cancellations touch. They may run while
 * the operation, woken by the cancellation, ends and frees its deadline
 * (in another thread, for the timer of a blocking call): they hold
 * references of their own on this, and on nothing else. */
typedef struct
{
  GCancellable *cancellable;
  GMainContext *context;    /* NULL for a blocking call's deadline */
  gint          timed_out;

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
  SandboxDeadline *self = g_new0 (SandboxDeadline, 1);
  guint msec = timeout_to_msec (timeout);

  self->shared = g_atomic_rc_box_new0 (DeadlineShared);
  self->shared->cancellable = g_cancellable_new ();
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
