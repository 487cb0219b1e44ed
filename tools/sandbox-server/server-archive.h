/* server-archive.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <sys/types.h>

#include <gio/gio.h>

G_BEGIN_DECLS

#define SERVER_ARCHIVE_ERROR (server_archive_error_quark ())

typedef enum
{
  SERVER_ARCHIVE_ERROR_INVALID,
  SERVER_ARCHIVE_ERROR_UNSAFE,
  SERVER_ARCHIVE_ERROR_TOO_LARGE,
  SERVER_ARCHIVE_ERROR_NOT_FOUND,
  SERVER_ARCHIVE_ERROR_IO,
} ServerArchiveError;

/* Limits and running totals of what is unpacked into one directory. */
typedef struct
{
  guint64   max_bytes;
  guint     max_members;
  gboolean  chown;
  uid_t     uid;
  gid_t     gid;
  guint64   bytes;
  guint     members;
} ServerUnpack;

GQuark    server_archive_error_quark  (void);
char    **server_archive_split_name   (const char    *raw,
                                       GError       **error);
gboolean  server_archive_unpack_bytes (ServerUnpack  *unpack,
                                       int            dirfd,
                                       GBytes        *data,
                                       GError       **error);
gboolean  server_archive_unpack_file  (ServerUnpack  *unpack,
                                       int            dirfd,
                                       const char    *path,
                                       GError       **error);
gboolean  server_archive_pack         (int            dirfd,
                                       int            out_fd,
                                       GError       **error);
gboolean  server_archive_find         (const char    *path,
                                       const char    *member,
                                       int            tmp_dirfd,
                                       int           *out_fd,
                                       guint64       *out_size,
                                       GError       **error);

G_END_DECLS
