/* server-tree-size.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What packing a directory would hold: members and their apparent bytes. */
typedef struct
{
  guint64  bytes;
  guint64  members;
} ServerTreeSize;

gboolean server_tree_size_within (int              dirfd,
                                  guint64          max_bytes,
                                  guint64          max_members,
                                  ServerTreeSize  *size);

G_END_DECLS
