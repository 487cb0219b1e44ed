/* server-slots.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "server-slots.h"

/* Execution slots (the real server's containers): at most `count` executions
 * at once; a request waits up to `wait` seconds, first come first served,
 * for a free one. Main thread only. */

typedef struct
{
  ServerSlots        *slots;
  ServerSlotCallback  callback;
  gpointer            user_data;
  guint               timeout_id;
} Waiter;

struct _ServerSlots
{
  guint   count;
  guint   busy;
  double  wait;
  GQueue  waiters;
};

ServerSlots *
server_slots_new (guint  count,
                  double wait)
{
  ServerSlots *slots = g_new0 (ServerSlots, 1);

  slots->count = MAX (count, 1);
  slots->wait = wait;
  g_queue_init (&slots->waiters);
  return slots;
}

void
server_slots_free (ServerSlots *slots)
{
  Waiter *waiter;

  while ((waiter = g_queue_pop_head (&slots->waiters)) != NULL)
    {
      g_source_remove (waiter->timeout_id);
      waiter->callback (FALSE, waiter->user_data);
      g_free (waiter);
    }
  g_free (slots);
}

static gboolean
waiter_timed_out (gpointer data)
{
  Waiter *waiter = data;

  g_queue_remove (&waiter->slots->waiters, waiter);
  waiter->callback (FALSE, waiter->user_data);
  g_free (waiter);
  return G_SOURCE_REMOVE;
}

void
server_slots_acquire (ServerSlots        *slots,
                      ServerSlotCallback  callback,
                      gpointer            user_data)
{
  Waiter *waiter;

  if (slots->busy < slots->count && g_queue_is_empty (&slots->waiters))
    {
      slots->busy++;
      callback (TRUE, user_data);
      return;
    }

  waiter = g_new0 (Waiter, 1);
  waiter->slots = slots;
  waiter->callback = callback;
  waiter->user_data = user_data;
  waiter->timeout_id = g_timeout_add ((guint) (MAX (slots->wait, 0) * 1000),
                                      waiter_timed_out, waiter);
  g_queue_push_tail (&slots->waiters, waiter);
}

void
server_slots_release (ServerSlots *slots)
{
  Waiter *waiter = g_queue_pop_head (&slots->waiters);

  g_return_if_fail (slots->busy > 0);

  if (waiter == NULL)
    {
      slots->busy--;
      return;
    }

  /* The slot goes straight to the first waiter. */
  g_source_remove (waiter->timeout_id);
  waiter->callback (TRUE, waiter->user_data);
  g_free (waiter);
}

guint
server_slots_busy (ServerSlots *slots)
{
  return slots->busy;
}
