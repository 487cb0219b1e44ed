/* sandbox-archive-read-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sandbox-environment-member.h"
#include "sandbox-progress-private.h"

G_BEGIN_DECLS

/* @link_target is a symbolic link's target, or for a hard link (a
 * regular file with a target) the path of the member it links to;
 * @modification_time may be NULL. */
SandboxEnvironmentMember *sandbox_environment_member_new    (const char          *path,
                                                             GFileType            file_type,
                                                             gint64               size,
                                                             guint                mode,
                                                             const char          *link_target,
                                                             GDateTime           *modification_time);

/* A gzip'd tar read from a GInputStream with blocking reads, one member at
 * a time, with libarchive. Paths are normalised and checked, and sizes and
 * member counts capped, as members come; the gzip layer is zlib's own (which
 * checks the CRC, where libarchive's does not). Not thread-safe: one call
 * at a time. */
typedef struct _SandboxArchiveRead SandboxArchiveRead;

SandboxArchiveRead       *sandbox_archive_read_new          (GInputStream        *stream);
void                      sandbox_archive_read_free         (SandboxArchiveRead  *self);
void                      sandbox_archive_read_set_limits   (SandboxArchiveRead  *self,
                                                             guint64              max_size,
                                                             guint                max_members);
/* Past @max_input bytes read from the stream, reading fails with @error. */
void                      sandbox_archive_read_set_max_input (SandboxArchiveRead *self,
                                                              guint64             max_input,
                                                              const GError       *error);
/* Counts the compressed bytes read from the stream. */
void                      sandbox_archive_read_set_progress (SandboxArchiveRead  *self,
                                                             SandboxProgress     *progress);
/* NULL with no error at the end, once the rest of the stream is checked. */
SandboxEnvironmentMember *sandbox_archive_read_next         (SandboxArchiveRead  *self,
                                                             GCancellable        *cancellable,
                                                             GError             **error);
/* The current member's next block of data at @offset (sparse files skip
 * ahead); FALSE with @error set on failure, TRUE with *size 0 at its end,
 * where @offset is the file's size (after any hole at its end). */
gboolean                  sandbox_archive_read_data         (SandboxArchiveRead  *self,
                                                             const void         **buffer,
                                                             gsize               *size,
                                                             gint64              *offset,
                                                             GCancellable        *cancellable,
                                                             GError             **error);
GBytes                   *sandbox_archive_read_bytes        (SandboxArchiveRead  *self,
                                                             GCancellable        *cancellable,
                                                             GError             **error);
/* Counts one more member against max-members (extracting counts the
 * directories it makes for paths beside the archive's members); FALSE with
 * @error set, and every later call failing, past it. */
gboolean                  sandbox_archive_read_count_member (SandboxArchiveRead  *self,
                                                             GError             **error);
/* Makes every later call fail with @error, as after a failure of its own. */
void                      sandbox_archive_read_set_failed   (SandboxArchiveRead  *self,
                                                             const GError        *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SandboxArchiveRead, sandbox_archive_read_free)

/* Splits a member's path into its segments: NULL with @error set when it
 * is absolute (other than `/`) or has a `..` segment; an empty vector for
 * the root itself. */
char                    **sandbox_archive_split_path        (const char          *path,
                                                             GError             **error);

/* Writes every remaining member of @archive under @directory (created when
 * missing), blocking. Paths are walked from directory descriptors one
 * segment at a time, never through a symbolic link, so that nothing is
 * ever written outside; what is unsafe is refused (see docs/environments.md). */
gboolean                  sandbox_extract_all               (SandboxArchiveRead  *archive,
                                                             GFile               *directory,
                                                             GCancellable        *cancellable,
                                                             GError             **error);

G_END_DECLS
