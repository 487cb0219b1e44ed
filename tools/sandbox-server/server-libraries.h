/* server-libraries.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "server-context.h"

G_BEGIN_DECLS

ServerLibraries *server_libraries_new    (void);
void             server_libraries_free   (ServerLibraries    *libraries);
void             server_libraries_handle (ServerLibraries    *libraries,
                                          SoupServerMessage  *msg);
GString         *server_libraries_scan   (void);

G_END_DECLS
