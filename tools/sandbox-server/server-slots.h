/* server-slots.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _ServerSlots ServerSlots;

/* Called once: @acquired is FALSE when no slot freed up in time. */
typedef void (*ServerSlotCallback) (gboolean acquired,
                                    gpointer user_data);

ServerSlots *server_slots_new     (guint               count,
                                   double              wait);
void         server_slots_free    (ServerSlots        *slots);
void         server_slots_acquire (ServerSlots        *slots,
                                   ServerSlotCallback  callback,
                                   gpointer            user_data);
void         server_slots_release (ServerSlots        *slots);
guint        server_slots_busy    (ServerSlots        *slots);

G_END_DECLS
