/* server-context.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "server-settings.h"
#include "server-slots.h"

G_BEGIN_DECLS

typedef struct _ServerLibraries ServerLibraries;

/* The running server's state, owned by the main thread. */
typedef struct
{
  ServerSettings   *settings;
  SoupServer       *server;
  ServerSlots      *slots;
  GThreadPool      *pool;
  ServerLibraries  *libraries;
  GHashTable       *running;
  int               work_root_fd;
} ServerContext;

G_END_DECLS
