/* test-archive.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A gzip'd ustar archive of regular files, made in memory: @entries is a
 * NULL-terminated list of name, content, name, content… */
GBytes *test_archive_new_tgz (const char * const *entries);

/* One member of a tar made by test_tar_add(): @type is the ustar type
 * ('0' or 0 a file, '1' a hard link, '2' a symbolic link, '3' a character
 * device, '5' a directory, '6' a FIFO); @mode 0 means 0644; @header_size,
 * when above 0, is the size the header claims instead of the content's;
 * @pax_size, when above 0, is a size given by a pax header before it. */
typedef struct
{
  const char *name;
  char        type;
  guint       mode;
  const char *content;
  const char *link_target;
  gint64      header_size;
  gint64      pax_size;
} TestTarMember;

void    test_tar_add      (GByteArray          *tar,
                           const TestTarMember *member);
void    test_tar_end      (GByteArray          *tar);
GBytes *test_gzip         (const guint8        *data,
                           gsize                size);
GBytes *test_gunzip       (GBytes              *compressed);
GBytes *test_tgz_new      (const TestTarMember *members,
                           gsize                n_members);
/* A gzip'd tar of @n_mebibytes of zeros in about a kilobyte a mebibyte,
 * made of repeated gzip members: one file @name of that size, or, when
 * @after_end, a small file @name followed by the tar's end and then the
 * zeros. */
GBytes *test_tgz_new_bomb (const char          *name,
                           guint                n_mebibytes,
                           gboolean             after_end);

G_END_DECLS
