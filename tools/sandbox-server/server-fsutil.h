/* server-fsutil.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  server_fs_remove_tree   (const char  *path);
int       server_fs_open_beneath  (int          dirfd,
                                   const char  *path);
int       server_fs_open_tmpfile  (int          dirfd,
                                   const char  *dir_path);
gboolean  server_fs_read_fd       (int          fd,
                                   guint64      limit,
                                   GByteArray **out_data,
                                   gboolean    *out_truncated);
gboolean  server_fs_write_all     (int           fd,
                                   const guint8 *data,
                                   gsize         len);

G_END_DECLS
