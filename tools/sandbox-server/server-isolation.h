/* server-isolation.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

#include "server-settings.h"

G_BEGIN_DECLS

gboolean server_isolation_setup (ServerSettings  *settings,
                                 GError         **error);

G_END_DECLS
