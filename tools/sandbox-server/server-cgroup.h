/* server-cgroup.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

#include "server-settings.h"

G_BEGIN_DECLS

/* The control group of one execution: every process of its commands runs
 * in it, so that their memory (with what they write to tmpfs and shared
 * memory) and their number are bounded together. */
typedef struct _ServerCgroup ServerCgroup;

gboolean       server_cgroup_setup        (ServerSettings        *settings,
                                           GError               **error);
void           server_cgroup_teardown     (ServerSettings        *settings);
guint64        server_cgroup_memory_limit (const ServerSettings  *settings);
guint          server_cgroup_pids_limit   (const ServerSettings  *settings);

ServerCgroup  *server_cgroup_new          (const ServerSettings  *settings,
                                           GError               **error);
const char * const *server_cgroup_procs_files (const ServerCgroup *cgroup);
void           server_cgroup_free         (ServerCgroup          *cgroup);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerCgroup, server_cgroup_free)

G_END_DECLS
