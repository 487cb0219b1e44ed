/* sandbox-sync-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Runs an asynchronous operation to its end on a private main context made
 * the calling thread's default for the while: the blocking calls are the
 * asynchronous ones waited for, without ever iterating a context that
 * belongs to the application. */
typedef struct
{
  GMainContext *context;
  GAsyncResult *result;
} SandboxSync;

void          sandbox_sync_init    (SandboxSync  *sync);
void          sandbox_sync_done_cb (GObject      *object,
                                    GAsyncResult *result,
                                    gpointer      user_data);
GAsyncResult *sandbox_sync_wait    (SandboxSync  *sync);
void          sandbox_sync_clear   (SandboxSync  *sync);

G_END_DECLS
