/* server-job.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "server-cgroup.h"
#include "server-config.h"
#include "server-settings.h"
#include "server-timing.h"

G_BEGIN_DECLS

/* One execution, run by a worker thread: the answer is either `json` (200)
 * or `status` with `message` (a bare text body) or, when `message` is
 * NULL, Django's page for `status`. */
typedef struct
{
  const ServerSettings  *settings;
  ServerExecConfig      *config;
  GBytes                *upload;
  GCancellable          *cancellable;

  guint                  status;
  char                  *message;
  GString               *json;
  char                  *saved;   /* the environment saved, if any */

  ServerTiming           timing;
  gint64                 phase_start;
  char                  *workdir;
  ServerCgroup          *cgroup;
} ServerJob;

ServerJob *server_job_new     (const ServerSettings  *settings,
                               ServerExecConfig      *config,
                               GBytes                *upload);
void       server_job_free    (ServerJob             *job);
void       server_job_run     (ServerJob             *job);
void       server_job_cleanup (ServerJob             *job);

G_END_DECLS
