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
gboolean sandbox_extract_all (SandboxArchiveRead  *archive,
                              GFile               *directory,
                              GCancellable        *cancellable,
                              GError             **error);

G_END_DECLS
