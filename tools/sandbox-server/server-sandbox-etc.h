/* server-sandbox-etc.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean server_sandbox_etc_mount    (const char         *etc_dir);
gboolean server_sandbox_etc_assemble (const char         *etc_dir,
                                      const char * const *host_paths);
void     server_sandbox_etc_release  (const char         *etc_dir);

G_END_DECLS
