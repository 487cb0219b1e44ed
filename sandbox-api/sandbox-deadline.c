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
 * operation's main context.
 *
 * The internal cancellable is only ever cancelled from that context: a
 * caller's cancellation, which may come from any thread, is forwarded there.
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
  GMainContext *context;
  gint          timed_out;
} DeadlineShared;

struct _SandboxDeadline
{
  DeadlineShared *shared;
  GCancellable   *caller_cancellable;
  gulong          caller_handler;
  GSource        *timer;
  double          timeout;
};

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

static gboolean
timer_expired_cb (gpointer user_data)
{
  DeadlineShared *shared = user_data;

  g_atomic_int_set (&shared->timed_out, TRUE);
  g_cancellable_cancel (shared->cancellable);

  return G_SOURCE_REMOVE;
}

/* @timeout is in seconds; 0 means no deadline. The timer runs in @context,
 * the context where the operation completes. */
SandboxDeadline *
sandbox_deadline_new (double        timeout,
                      GCancellable *cancellable,
                      GMainContext *context)
{
  SandboxDeadline *self = g_new0 (SandboxDeadline, 1);

  self->shared = g_atomic_rc_box_new0 (DeadlineShared);
  self->shared->cancellable = g_cancellable_new ();
  self->shared->context = g_main_context_ref (context != NULL ? context
                                                              : g_main_context_default ());
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

  /* Past 49 days, a deadline is no deadline. */
  if (timeout > 0 && timeout * 1000 < G_MAXUINT)
    {
      guint msec = (guint) (timeout * 1000);

      if (msec < timeout * 1000)
        msec++;
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

static gpointer
timer_thread (gpointer user_data)
{
  GMainContext *context = user_data;

  g_main_context_push_thread_default (context);
  for (;;)
    g_main_context_iteration (context, TRUE);

  return NULL;
}

/* The context of a thread that only runs the deadlines of blocking calls
 * that cannot wait on a context of their own. It lives as long as the
 * process. */
GMainContext *
sandbox_deadline_get_timer_context (void)
{
  static GMainContext *context;

  if (g_once_init_enter (&context))
    {
      GMainContext *new_context = g_main_context_new ();

      g_thread_unref (g_thread_new ("sandbox-deadlines", timer_thread, new_context));
      g_once_init_leave (&context, new_context);
    }

  return context;
}
