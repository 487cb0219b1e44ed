/* server-execute.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "server-context.h"

G_BEGIN_DECLS

GThreadPool *server_execute_pool_new (guint               slots);
void         server_execute_handle   (ServerContext      *ctx,
                                      SoupServerMessage  *msg,
                                      GBytes             *body);
void         server_execute_shutdown (ServerContext      *ctx);

G_END_DECLS
