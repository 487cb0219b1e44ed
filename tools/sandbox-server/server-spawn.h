/* server-spawn.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean server_spawn_vfork (const char            *workdir,
                             char * const          *argv,
                             char * const          *envp,
                             GSpawnChildSetupFunc   child_setup,
                             gpointer               user_data,
                             GPid                  *out_pid,
                             int                   *out_stdout,
                             int                   *out_stderr,
                             GError               **error);

G_END_DECLS
