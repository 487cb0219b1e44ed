/* server-host-info.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

#include "server-settings.h"

G_BEGIN_DECLS

typedef struct
{
  char *device;
  char *mount_point;
} ServerMount;

GPtrArray   *server_host_block_mounts     (void);
GHashTable  *server_host_meminfo          (void);
guint64      server_host_meminfo_get      (GHashTable            *meminfo,
                                           const char            *key);
double       server_host_cpu_mhz          (gboolean               current,
                                           gboolean               maximum);
guint        server_host_logical_cpus     (void);
GString     *server_host_specifications   (const ServerSettings  *settings);

G_END_DECLS
