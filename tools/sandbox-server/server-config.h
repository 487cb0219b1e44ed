/* server-config.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

#include "server-settings.h"

G_BEGIN_DECLS

typedef struct
{
  char      *command;
  gboolean   ignore_failure;
  gboolean   has_timeout;
  double     timeout;
  char      *timeout_text;
} ServerCommand;

/* A validated `config` of execute/. */
typedef struct
{
  GPtrArray  *commands;
  GPtrArray  *environ;
  char       *result_path;
  char       *saved_path;
  gboolean    save;
} ServerExecConfig;

ServerExecConfig *server_exec_config_parse (const ServerSettings  *settings,
                                            const char            *text,
                                            gsize                  len,
                                            const char            *header_uuid,
                                            guint                 *out_status,
                                            char                 **out_message);
void              server_exec_config_free  (ServerExecConfig      *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerExecConfig, server_exec_config_free)

G_END_DECLS
