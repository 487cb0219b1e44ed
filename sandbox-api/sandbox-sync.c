/* sandbox-sync.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-sync-private.h"

void
sandbox_sync_init (SandboxSync *sync)
{
  sync->context = g_main_context_new ();
  sync->result = NULL;
  g_main_context_push_thread_default (sync->context);
}

void
sandbox_sync_done_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  SandboxSync *sync = user_data;

  sync->result = g_object_ref (result);
}

GAsyncResult *
sandbox_sync_wait (SandboxSync *sync)
{
  while (sync->result == NULL)
    g_main_context_iteration (sync->context, TRUE);

  return sync->result;
}

void
sandbox_sync_clear (SandboxSync *sync)
{
  g_clear_object (&sync->result);
  /* Let what the operation left behind (closing streams, idle callbacks)
   * run before the context goes. */
  while (g_main_context_pending (sync->context))
    g_main_context_iteration (sync->context, FALSE);
  g_main_context_pop_thread_default (sync->context);
  g_clear_pointer (&sync->context, g_main_context_unref);
}
