/* server-text.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  server_text_is_utf8        (const char *data,
                                      gsize       len);
gsize     server_text_utf8_boundary  (const char *data,
                                      gsize       len);
void      server_text_strip          (const char *data,
                                      gsize       len,
                                      gsize      *out_start,
                                      gsize      *out_len);

G_END_DECLS
