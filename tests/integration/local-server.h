/* local-server.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The built sandbox-server, started on 127.0.0.1 with an ephemeral port and
 * a storage directory of its own, for tests of the library against it. */
typedef struct _LocalServer LocalServer;

LocalServer *local_server_start   (const char  *first_option,
                                   ...) G_GNUC_NULL_TERMINATED;
const char  *local_server_get_url (LocalServer *self);
void         local_server_stop    (LocalServer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LocalServer, local_server_stop)

G_END_DECLS
