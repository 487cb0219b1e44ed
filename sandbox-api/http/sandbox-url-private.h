/* sandbox-url-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *sandbox_url_normalize_base      (const char  *base_url,
                                           GError     **error);
gboolean  sandbox_url_is_uuid             (const char  *text);
gboolean  sandbox_url_path_is_valid       (const char  *path);
char     *sandbox_url_for_endpoint        (const char  *base_url,
                                           const char  *endpoint);
char     *sandbox_url_for_environment     (const char  *base_url,
                                           const char  *environment,
                                           const char  *path);
gboolean  sandbox_url_check_environment   (const char  *environment,
                                           const char  *path,
                                           GError     **error);

G_END_DECLS
