/* server-connections.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

void  server_connections_watch (SoupServer  *server,
                                guint        timeout);

G_END_DECLS
