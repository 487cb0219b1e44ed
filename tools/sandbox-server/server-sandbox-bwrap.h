/* server-sandbox-bwrap.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

#include "server-settings.h"

G_BEGIN_DECLS

#define SERVER_SANDBOX_HOME "/home/student"

char       *server_bwrap_version     (const char            *bwrap_path);
gboolean    server_bwrap_prepare     (ServerSettings        *settings,
                                      GError               **error);
void        server_bwrap_release     (ServerSettings        *settings);
GPtrArray  *server_bwrap_build_argv  (const ServerSettings  *settings,
                                      const char            *workdir,
                                      const char            *command);

G_END_DECLS
