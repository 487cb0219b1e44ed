/* server-routes.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "server-context.h"

G_BEGIN_DECLS

void server_routes_install (ServerContext *ctx);

G_END_DECLS
