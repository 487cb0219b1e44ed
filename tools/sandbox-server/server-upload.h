/* server-upload.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

void     server_upload_spool       (SoupServerMessage  *msg,
                                    int                 dirfd,
                                    const char         *dir_path);
GBytes  *server_upload_map         (SoupServerMessage  *msg,
                                    GError            **error);
void     server_upload_drop_pages  (GBytes             *body);

G_END_DECLS
