/* sandbox-redirect-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

void sandbox_redirect_keep_headers_home (SoupMessage        *message,
                                         const char * const *names);

G_END_DECLS
