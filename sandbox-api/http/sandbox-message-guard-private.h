/* sandbox-message-guard-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

void sandbox_message_guard_attach        (SoupMessage   *message,
                                          GCancellable  *cancellable);
void sandbox_message_guard_explain_error (SoupMessage   *message,
                                          GError       **error);

G_END_DECLS
