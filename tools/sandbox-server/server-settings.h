/* server-settings.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

#include "server-storage-clock.h"

G_BEGIN_DECLS

/* What the server was started with, plus what start-up found out. Filled in
 * by main() and never changed afterwards, so worker threads read it freely. */
typedef struct
{
  /* Network */
  guint      port;
  char     **listen;
  char      *instance_id;   /* in the Sandbox-Instance header of answers */

  /* Executions */
  guint      slots;
  double     timeout;
  double     slot_wait;
  guint64    output_limit;
  guint64    result_limit;

  /* Storage */
  char      *storage_dir;
  char      *work_root;
  double     expiry;
  double     sweep_interval;
  /* Ages are measured by the storage's clock (shared by instances) */
  ServerStorageClock *storage_clock;
  double     clock_offset;  /* for tests: this host's clock is off by this */

  /* Requests and archives */
  guint64    max_request;
  guint64    max_spooled;
  guint      connection_timeout;
  guint64    max_unpacked;
  guint      max_members;

  /* Limits of each command */
  guint64    limit_memory;
  guint64    limit_file_size;
  guint      limit_processes;
  guint      limit_cpu;
  guint64    tmp_size;
  guint64    disk_limit;
  gboolean   disk_quota;

  /* Isolation */
  gboolean   no_isolation;
  char      *bwrap_path;
  char      *bash_path;
  guint      sandbox_uid;
  guint      sandbox_gid;
  gboolean   drop_privileges;
  gboolean   bwrap_disable_userns;
  gboolean   bwrap_has_size;
  char      *etc_dir;
  gboolean   etc_mounted;
  char     **bwrap_args;
  char      *isolation;
  char      *isolation_warning;
  gboolean   allow_weaker;

  /* Each execution's control group, below these (NULL without one) */
  char      *cgroup_memory_dir;
  char      *cgroup_pids_dir;
  char      *cgroup_mode;
  gboolean   cgroup_v2;

  /* Host information */
  double     usage_interval;
  gboolean   verbose;
} ServerSettings;

G_END_DECLS
