/* server-form.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* What Django would find in request.POST['config'] and
 * request.FILES['environment']. */
typedef struct
{
  char      *config;
  gsize      config_len;
  GBytes    *environment;
  gboolean   too_big;
} ServerForm;

void  server_form_parse        (SoupServerMessage  *msg,
                                GBytes             *body,
                                ServerForm         *form);
void  server_form_parse_buffer (const char         *content_type,
                                const guint8       *data,
                                gsize               len,
                                ServerForm         *form);
void  server_form_clear        (ServerForm         *form);

G_END_DECLS
