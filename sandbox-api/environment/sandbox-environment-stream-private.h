/* sandbox-environment-stream-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sandbox-tree-private.h"

G_BEGIN_DECLS

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
  char      *name;         /* nullable: its path on the host, for messages */
  SandboxTreeFile *source; /* nullable */
  char      *link_target;  /* of a symbolic link */
  guint      order;        /* for the builder's listing */
} SandboxTarEntry;

SandboxTarEntry *sandbox_tar_entry_new          (const char       *path,
                                                 GFileType         type);
void             sandbox_tar_entry_free         (SandboxTarEntry  *entry);

/* The tar of @entries (measured, in their order; kept, never changed),
 * wrapped when @gzip in a gzip member of stored blocks; *@out_length is
 * the exact number of bytes it gives. */
GInputStream    *sandbox_environment_stream_new (GPtrArray        *entries,
                                                 gboolean          gzip,
                                                 goffset          *out_length);

G_END_DECLS
