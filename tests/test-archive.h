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

G_END_DECLS
