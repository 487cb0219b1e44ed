/* sandbox-environment-stream-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <sys/stat.h>

#include <gio/gio.h>

G_BEGIN_DECLS

/* A descriptor of the directory a tree is listed from, held while its
 * files are read. */
typedef struct _SandboxTreeRoot SandboxTreeRoot;

/* A regular file as it was listed, to be read again later: the very same
 * file (device and inode), reached from @root without following links. */
typedef struct
{
  SandboxTreeRoot *root;  /* nullable: then @path is opened as given */
  char            *path;  /* relative to @root, or the file's own path */
  char            *name;  /* for messages: its path on the host */
  dev_t            dev;
  ino_t            ino;
  goffset          size;
} SandboxTreeFile;

/* Takes @fd, a directory's. */
SandboxTreeRoot *sandbox_tree_root_new        (int                    fd);
void             sandbox_tree_root_unref      (SandboxTreeRoot       *root);

SandboxTreeFile *sandbox_tree_file_new        (SandboxTreeRoot       *root,
                                               const char            *path,
                                               const char            *name,
                                               const struct stat     *st);
void             sandbox_tree_file_free       (SandboxTreeFile       *file);
/* The file, when it still is the one listed; never blocks on anything but
 * a regular file. */
GInputStream    *sandbox_tree_file_open       (const SandboxTreeFile *file,
                                               GCancellable          *cancellable,
                                               GError               **error);

/* The directory @name in @dir_fd, when it still is the one @listed. */
int              sandbox_tree_open_directory  (int                    dir_fd,
                                               const char            *name,
                                               gboolean               follow,
                                               const struct stat     *listed,
                                               const char            *host_name,
                                               GError               **error);
void             sandbox_tree_set_errno_error (GError               **error,
                                               int                    errsv,
                                               const char            *host_name);
void             sandbox_tree_set_error       (GError               **error,
                                               int                    errsv,
                                               const char            *host_name);

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
