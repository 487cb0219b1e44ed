/* sandbox-tar-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sandbox-tree-private.h"

G_BEGIN_DECLS

#define SANDBOX_TAR_BLOCK 512

/* One member of a tar archive to be written: a regular file (its data in
 * @bytes or read from @source), a directory or a symbolic link. */
typedef struct
{
  char      *path;         /* relative, validated, no trailing slash */
  GFileType  type;         /* REGULAR, DIRECTORY or SYMBOLIC_LINK */
  guint      mode;         /* permission bits */
  gint64     mtime;
  goffset    size;         /* of a regular file, as measured */
  GBytes    *bytes;        /* nullable */
  GFile     *file;         /* nullable: the file on the host, for messages */
  SandboxTreeFile *source; /* nullable */
  char      *link_target;  /* of a symbolic link */
} SandboxTarEntry;

SandboxTarEntry *sandbox_tar_entry_new          (const char            *path,
                                                 GFileType              type);
void             sandbox_tar_entry_free         (SandboxTarEntry       *entry);

void             sandbox_tar_append_header      (GByteArray            *out,
                                                 const SandboxTarEntry *entry);
goffset          sandbox_tar_entry_archive_size (const SandboxTarEntry *entry);
goffset          sandbox_tar_padding            (goffset                size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SandboxTarEntry, sandbox_tar_entry_free)

G_END_DECLS
