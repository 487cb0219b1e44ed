/* sandbox-queue.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-queue-private.h"
#include "sandbox-i18n-private.h"

/* libsoup 3.2 walks its whole queue of messages at each step of each one:
 * handed thousands, it spends the main loop's time there. So it is handed
 * at most as many as it has connections, and the rest wait here.
 *
 * Operations come from any thread, each with its own thread-default main
 * context. A waiter is only ever started or failed in its context: a
 * release (from any thread) or a cancellation (from any thread) only
 * changes its state under the lock and attaches a source there. */

struct _SandboxQueue
{
  GMutex  mutex;
  guint   n_slots;
  guint   n_free;
  guint  *free;     /* the free slots' indices, a stack */
  GQueue  waiting;  /* of Waiter, through their own links: O(1) either way */
};

struct _SandboxQueueSlot
{
  SandboxQueue *queue;
  guint         index;
  gint          released;
};

typedef enum
{
  WAITER_WAITING,
  WAITER_GRANTED,    /* a slot is set aside for it */
  WAITER_CANCELLED,
} WaiterState;

typedef struct
{
  GList                  link;
  SandboxQueue          *queue;
  GMainContext          *context;
  GCancellable          *cancellable;
  SandboxQueueReadyFunc  func;
  gpointer               user_data;

  gulong                 handler;  /* set before the waiter is queued */
  WaiterState            state;    /* under the queue's lock */
  guint                  index;    /* of the slot it was granted */
} Waiter;

SandboxQueue *
sandbox_queue_new (guint n_slots)
{
  SandboxQueue *self = g_atomic_rc_box_new0 (SandboxQueue);

  g_assert (n_slots > 0);

  g_mutex_init (&self->mutex);
  self->n_slots = self->n_free = n_slots;
  /* Lowest index first. */
  self->free = g_new (guint, n_slots);
  for (guint i = 0; i < n_slots; i++)
    self->free[i] = n_slots - 1 - i;
  g_queue_init (&self->waiting);

  return self;
}

SandboxQueue *
sandbox_queue_ref (SandboxQueue *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
sandbox_queue_clear (SandboxQueue *self)
{
  /* Every waiter holds a reference. */
  g_assert (g_queue_is_empty (&self->waiting));
  g_free (self->free);
  g_mutex_clear (&self->mutex);
}

void
sandbox_queue_unref (SandboxQueue *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) sandbox_queue_clear);
}

static void
waiter_clear (Waiter *waiter)
{
  g_clear_pointer (&waiter->queue, sandbox_queue_unref);
  g_clear_pointer (&waiter->context, g_main_context_unref);
  g_clear_object (&waiter->cancellable);
}

static void
waiter_unref (gpointer waiter)
{
  g_atomic_rc_box_release_full (waiter, (GDestroyNotify) waiter_clear);
}

static SandboxQueueSlot *
slot_new (SandboxQueue *queue,
          guint         index)
{
  SandboxQueueSlot *slot = g_atomic_rc_box_new0 (SandboxQueueSlot);

  slot->queue = sandbox_queue_ref (queue);
  slot->index = index;
  return slot;
}

/* A slot when one is free and nobody waits for one, else NULL. Under the
 * lock. */
static SandboxQueueSlot *
take_free_slot (SandboxQueue *self)
{
  if (self->n_free == 0 || !g_queue_is_empty (&self->waiting))
    return NULL;

  return slot_new (self, self->free[--self->n_free]);
}

static void
waiter_dispatch (Waiter      *waiter,
                 GSourceFunc  func)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, g_atomic_rc_box_acquire (waiter), waiter_unref);
  g_source_set_static_name (source, "[sandbox-api] queue");
  g_source_attach (source, waiter->context);
  g_source_unref (source);
}

/* Stops watching the cancellable of @waiter, which is called back. Runs in
 * its context, once; not under the lock, as it waits for a handler running
 * in another thread. */
static void
waiter_finish (Waiter *waiter)
{
  g_cancellable_disconnect (waiter->cancellable, waiter->handler);
  waiter->handler = 0;
}

static gboolean
waiter_cancelled_cb (gpointer user_data)
{
  Waiter *waiter = user_data;
  SandboxQueue *queue = waiter->queue;
  gboolean removed = FALSE;

  g_mutex_lock (&queue->mutex);
  if (waiter->state == WAITER_WAITING)
    {
      g_queue_unlink (&queue->waiting, &waiter->link);
      waiter->state = WAITER_CANCELLED;
      removed = TRUE;
    }
  g_mutex_unlock (&queue->mutex);

  /* Granted meanwhile: waiter_granted_cb() is on its way. */
  if (!removed)
    return G_SOURCE_REMOVE;

  waiter_finish (waiter);
  waiter->func (NULL, waiter->user_data);
  /* The queue's reference. */
  waiter_unref (waiter);

  return G_SOURCE_REMOVE;
}

/* Any thread, as soon as the caller cancels. */
static void
waiter_cancellable_cb (GCancellable *cancellable,
                       gpointer      user_data)
{
  waiter_dispatch (user_data, waiter_cancelled_cb);
}

static gboolean
waiter_granted_cb (gpointer user_data)
{
  Waiter *waiter = user_data;
  SandboxQueueSlot *slot = slot_new (waiter->queue, waiter->index);

  waiter_finish (waiter);

  /* Cancelled while the slot was on its way: pass it on. */
  if (g_cancellable_is_cancelled (waiter->cancellable))
    {
      sandbox_queue_slot_unref (slot);
      waiter->func (NULL, waiter->user_data);
    }
  else
    {
      waiter->func (slot, waiter->user_data);
    }

  return G_SOURCE_REMOVE;
}

/* Calls @func with a slot at once when one is free and nobody waits for
 * one, else later, from the caller's thread-default main context. It never
 * calls back from inside the call with %NULL. */
void
sandbox_queue_acquire_async (SandboxQueue          *self,
                             GCancellable          *cancellable,
                             SandboxQueueReadyFunc  func,
                             gpointer               user_data)
{
  SandboxQueueSlot *slot;
  Waiter *waiter;

  g_mutex_lock (&self->mutex);
  slot = take_free_slot (self);
  if (slot != NULL)
    {
      g_mutex_unlock (&self->mutex);
      func (slot, user_data);
      return;
    }

  waiter = g_atomic_rc_box_new0 (Waiter);
  waiter->link.data = waiter;
  waiter->queue = sandbox_queue_ref (self);
  waiter->context = g_main_context_ref_thread_default ();
  waiter->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  waiter->func = func;
  waiter->user_data = user_data;
  waiter->state = WAITER_WAITING;
  /* Cancelled already, this attaches waiter_cancelled_cb() at once and
   * answers 0. The handler takes no lock of the queue's. */
  if (cancellable != NULL)
    waiter->handler = g_cancellable_connect (cancellable, G_CALLBACK (waiter_cancellable_cb),
                                             g_atomic_rc_box_acquire (waiter), waiter_unref);
  /* The queue's reference is the first one. */
  g_queue_push_tail_link (&self->waiting, &waiter->link);
  g_mutex_unlock (&self->mutex);
}

typedef struct
{
  SandboxQueueSlot *slot;
  gboolean          done;
} SyncAcquire;

static void
sync_acquired_cb (SandboxQueueSlot *slot,
                  gpointer          user_data)
{
  SyncAcquire *acquire = user_data;

  acquire->slot = slot;
  acquire->done = TRUE;
}

/* The blocking form: waits on a private main context, never on one of the
 * application's. */
SandboxQueueSlot *
sandbox_queue_acquire (SandboxQueue  *self,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GMainContext) context = NULL;
  SyncAcquire acquire = { NULL, FALSE };

  g_mutex_lock (&self->mutex);
  acquire.slot = take_free_slot (self);
  g_mutex_unlock (&self->mutex);
  if (acquire.slot != NULL)
    return acquire.slot;

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  sandbox_queue_acquire_async (self, cancellable, sync_acquired_cb, &acquire);
  while (!acquire.done)
    g_main_context_iteration (context, TRUE);
  while (g_main_context_pending (context))
    g_main_context_iteration (context, FALSE);
  g_main_context_pop_thread_default (context);

  if (acquire.slot == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                         _("The operation was cancelled"));

  return acquire.slot;
}

/* Gives the slot back, or hands it to the first waiter; only the first
 * call of all does. Any thread. */
static void
slot_release (SandboxQueueSlot *slot)
{
  SandboxQueue *self = slot->queue;
  Waiter *waiter = NULL;
  GList *link;

  if (!g_atomic_int_compare_and_exchange (&slot->released, FALSE, TRUE))
    return;

  g_mutex_lock (&self->mutex);
  link = g_queue_pop_head_link (&self->waiting);
  if (link != NULL)
    {
      waiter = link->data;
      waiter->state = WAITER_GRANTED;
      waiter->index = slot->index;
    }
  else
    {
      g_assert (self->n_free < self->n_slots);
      self->free[self->n_free++] = slot->index;
    }
  g_mutex_unlock (&self->mutex);

  if (waiter != NULL)
    {
      waiter_dispatch (waiter, waiter_granted_cb);
      /* The queue's reference; the source holds one. */
      waiter_unref (waiter);
    }
}

static void
slot_clear (SandboxQueueSlot *slot)
{
  slot_release (slot);
  g_clear_pointer (&slot->queue, sandbox_queue_unref);
}

/* The last reference gives the slot back, if nothing did before. */
void
sandbox_queue_slot_unref (SandboxQueueSlot *slot)
{
  g_atomic_rc_box_release_full (slot, (GDestroyNotify) slot_clear);
}

static void
message_finished_cb (SoupMessage *message,
                     gpointer     user_data)
{
  slot_release (user_data);
}

static void
slot_closure_notify (gpointer  data,
                     GClosure *closure)
{
  sandbox_queue_slot_unref (data);
}

static void
slot_release_and_unref (SandboxQueueSlot *slot)
{
  slot_release (slot);
  sandbox_queue_slot_unref (slot);
}

/* Which of the queue's slots, from 0 to its n_slots - 1: no two slots held
 * at once have the same. */
guint
sandbox_queue_slot_get_index (SandboxQueueSlot *slot)
{
  return slot->index;
}

/* Keeps @slot (transfer full) while libsoup reads @message's body into
 * @stream: libsoup is done with the message when the stream is closed,
 * from whatever thread, or finalized. */
void
sandbox_queue_slot_hold_for_stream (SandboxQueueSlot *slot,
                                    GInputStream     *stream,
                                    SoupMessage      *message)
{
  g_signal_connect_data (message, "finished", G_CALLBACK (message_finished_cb),
                         g_atomic_rc_box_acquire (slot), slot_closure_notify, 0);
  g_object_set_data_full (G_OBJECT (stream), "sandbox-queue-slot", slot,
                          (GDestroyNotify) slot_release_and_unref);
}
