/* server-storage-clock.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _ServerStorageClock ServerStorageClock;

ServerStorageClock *server_storage_clock_new  (const char          *storage_dir,
                                               double               host_offset);
void                server_storage_clock_free (ServerStorageClock  *self);
gint64              server_storage_clock_now  (ServerStorageClock  *self,
                                               gboolean             fresh);

G_END_DECLS
