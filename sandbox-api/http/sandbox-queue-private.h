/* sandbox-queue-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The client's own queue of requests: libsoup is handed no more requests
 * than the client has connections, and the others wait here, first come
 * first served. A slot is one request in libsoup's hands. */
typedef struct _SandboxQueue     SandboxQueue;
typedef struct _SandboxQueueSlot SandboxQueueSlot;

/* Runs in the thread-default main context of the thread that asked, with a
 * slot (transfer full), or with %NULL when the wait was cancelled. */
typedef void (*SandboxQueueReadyFunc) (SandboxQueueSlot *slot,
                                       gpointer          user_data);

SandboxQueue     *sandbox_queue_new                  (guint                  n_slots);
SandboxQueue     *sandbox_queue_ref                  (SandboxQueue          *self);
void              sandbox_queue_unref                (SandboxQueue          *self);
void              sandbox_queue_acquire_async        (SandboxQueue          *self,
                                                      GCancellable          *cancellable,
                                                      SandboxQueueReadyFunc  func,
                                                      gpointer               user_data);
SandboxQueueSlot *sandbox_queue_acquire              (SandboxQueue          *self,
                                                      GCancellable          *cancellable,
                                                      GError               **error);

void              sandbox_queue_slot_unref           (SandboxQueueSlot      *slot);
guint             sandbox_queue_slot_get_index       (SandboxQueueSlot      *slot);
void              sandbox_queue_slot_hold_for_stream (SandboxQueueSlot      *slot,
                                                      GInputStream          *stream,
                                                      SoupMessage           *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SandboxQueue, sandbox_queue_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SandboxQueueSlot, sandbox_queue_slot_unref)

G_END_DECLS
