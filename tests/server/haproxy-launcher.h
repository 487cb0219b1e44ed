/* haproxy-launcher.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sandbox-server-launcher.h"

G_BEGIN_DECLS

/* haproxy on 127.0.0.1 with one of the configurations of docs/fleet.md,
 * taken from the page as it is written (only the listening address, the
 * servers and, for a spread that a test can predict, roundrobin for
 * leastconn are changed), in front of sandbox-server instances. */
typedef struct
{
  GSubprocess    *process;
  LaunchedServer  front;      /* only its url and port, for the tests' helpers */
  char           *config_path;
} Haproxy;

/* Skips the test (and answers TRUE) when haproxy is not installed. */
gboolean  haproxy_skip_if_absent (void);
/* Starts haproxy with the block of the page whose first line is
 * "# @name…", in front of @servers; asserts that it listens. */
Haproxy  *haproxy_start          (const char      *name,
                                  LaunchedServer **servers,
                                  guint            n_servers);
void      haproxy_stop           (Haproxy         *self);

G_END_DECLS
