/* server-quota.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

#include "server-settings.h"

G_BEGIN_DECLS

gboolean server_quota_setup   (ServerSettings        *settings,
                               GError               **error);
gboolean server_quota_mount   (const ServerSettings  *settings,
                               const char            *dir,
                               GError               **error);
void     server_quota_unmount (const ServerSettings  *settings,
                               const char            *dir);

G_END_DECLS
