/* sandbox-extract-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sandbox-archive-read-private.h"

G_BEGIN_DECLS

/* Writes every remaining member of @archive under @directory (created when
 * missing), blocking. Paths are walked from directory descriptors one
 * segment at a time, never through a symbolic link, so that nothing is
 * ever written outside; what is unsafe is refused (see docs/environments.md). */
gboolean sandbox_extract_all              (SandboxArchiveRead  *archive,
                                           GFile               *directory,
                                           GCancellable        *cancellable,
                                           GError             **error);

/* Whether a symbolic link at @link_path (a normalised member path) with
 * @target resolves inside the directory, whatever the other links are. */
gboolean sandbox_extract_symlink_is_inside (const char          *link_path,
                                           const char          *target);

G_END_DECLS
