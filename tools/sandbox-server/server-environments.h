/* server-environments.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "server-settings.h"

G_BEGIN_DECLS

gboolean  server_uuid_is_valid        (const char            *str);
char     *server_environments_lookup  (const ServerSettings  *settings,
                                       const char            *uuid);
gboolean  server_environments_save    (const ServerSettings  *settings,
                                       int                    dirfd,
                                       char                 **out_uuid,
                                       char                 **out_expire,
                                       GError               **error);
guint     server_environments_sweep   (const ServerSettings  *settings);

G_END_DECLS
