/* soak-probe.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sandbox-server-launcher.h"

G_BEGIN_DECLS

/* The sandbox-server a soak runs against (tests/common's launcher), and
 * what /proc and its log tell of it. */
typedef struct _SoakServer SoakServer;

/* Each execution's budget: --memory-limit + --tmp-size + --disk-limit. */
#define SOAK_MEMORY_LIMIT "64M"
#define SOAK_TMP_SIZE "16M"
#define SOAK_DISK_LIMIT "16M"

/* How far a control group's peak (memory.peak, memory.max_usage_in_bytes)
 * may pass its limit without the execution having escaped it: the kernel's
 * cgroup v2 documentation says of memory.max that "under certain
 * circumstances, the usage may go over the limit temporarily" (a charge that
 * cannot fail, or one made by a task already killed so that it can exit, is
 * forced past the limit), by a few pages. Sixteen pages of 4 KiB, well
 * under one per cent of the budget: a real escape still counts. */
#define SOAK_PEAK_SLACK (16 * 4096u)

typedef struct
{
  guint    executions;  /* executions whose peak the server logged */
  guint    over;        /* ...whose peak passed their limit + SOAK_PEAK_SLACK */
  guint64  peak_max;
  guint64  limit;
} SoakBudget;

const SoakBudget *soak_server_get_budget  (SoakServer  *self);

SoakServer *soak_server_start             (const char  *program,
                                           guint        slots,
                                           gboolean     no_isolation,
                                           GError     **error);
const char *soak_server_get_url           (SoakServer  *self);
guint       soak_server_count_fds         (SoakServer  *self);
char       *soak_server_describe_fds      (SoakServer  *self);
guint64     soak_server_get_rss_kib       (SoakServer  *self);
GPtrArray  *soak_server_find_work_entries (SoakServer *self);
GPtrArray  *soak_server_find_processes    (SoakServer  *self,
                                           const char  *marker);
void        soak_server_stop              (SoakServer  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SoakServer, soak_server_stop)

G_END_DECLS
