/* server-upload.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The bytes that request bodies may take in the work directory at once. */
typedef struct _ServerSpoolBudget ServerSpoolBudget;

ServerSpoolBudget *server_spool_budget_new    (guint64             limit);
ServerSpoolBudget *server_spool_budget_ref    (ServerSpoolBudget  *budget);
void               server_spool_budget_unref  (ServerSpoolBudget  *budget);
guint64            server_spool_budget_used   (ServerSpoolBudget  *budget);

gboolean server_upload_spool       (SoupServerMessage  *msg,
                                    ServerSpoolBudget  *budget,
                                    guint64             length,
                                    int                 dirfd,
                                    const char         *dir_path);
GBytes  *server_upload_map         (SoupServerMessage  *msg,
                                    GError            **error);
void     server_upload_drop_pages  (GBytes             *body);

G_END_DECLS
