/* sandbox-debug-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

void     sandbox_debug_init           (void);
gboolean sandbox_debug_enabled        (void);
void     sandbox_debug_log            (const char  *format,
                                       ...) G_GNUC_PRINTF (1, 2);
void     sandbox_debug_attach_logger  (SoupSession *session);

G_END_DECLS
