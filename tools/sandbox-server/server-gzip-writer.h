/* server-gzip-writer.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <archive.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct _ServerGzipWriter ServerGzipWriter;

ServerGzipWriter *server_gzip_writer_open        (struct archive    *a,
                                                  int                out_fd);
void              server_gzip_writer_next_file   (ServerGzipWriter  *writer);

G_END_DECLS
