/* cli-interrupt.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void          cli_interrupt_init            (void);
GCancellable *cli_interrupt_get_cancellable (void);
int           cli_interrupt_get_signal      (void);

G_END_DECLS
