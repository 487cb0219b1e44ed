/* server-runner.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "server-cgroup.h"
#include "server-settings.h"

G_BEGIN_DECLS

typedef struct
{
  int          exit_code;
  gboolean     timed_out;
  gboolean     cancelled;
  GByteArray  *out;
  GByteArray  *err;
  guint64      out_total;
  guint64      err_total;
  double       elapsed;
  gint64       spawn_us;
  gint64       run_us;
} ServerRunResult;

void      server_run_result_clear (ServerRunResult       *result);
gboolean  server_runner_run       (const ServerSettings  *settings,
                                   const char            *workdir,
                                   const char            *command,
                                   char                 **envp,
                                   double                 timeout,
                                   const ServerCgroup    *cgroup,
                                   GCancellable          *cancellable,
                                   ServerRunResult       *result,
                                   GError               **error);

G_END_DECLS
