/* server-respond.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* For balancers and logs (docs/fleet.md): which instance answered (every
 * answer), and the environment an execute saved (its answer) or names (its
 * request, optional). */
#define SERVER_INSTANCE_HEADER "Sandbox-Instance"
#define SERVER_ENVIRONMENT_HEADER "Sandbox-Environment"

void  server_respond_text         (SoupServerMessage  *msg,
                                   guint               status,
                                   const char         *text);
void  server_respond_json         (SoupServerMessage  *msg,
                                   GString            *json);
void  server_respond_page         (SoupServerMessage  *msg,
                                   guint               status);
void  server_respond_not_allowed  (SoupServerMessage  *msg,
                                   const char         *allow);
void  server_respond_options      (SoupServerMessage  *msg,
                                   const char         *allow);
void  server_respond_download     (SoupServerMessage  *msg,
                                   int                 fd,
                                   guint64             size,
                                   const char         *content_type,
                                   const char         *filename);

G_END_DECLS
