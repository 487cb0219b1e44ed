/* sandbox-body-reader-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void    sandbox_body_reader_read_async         (GInputStream         *stream,
                                                guint64               max_size,
                                                const char           *limit_name,
                                                gboolean              truncate,
                                                goffset               expected_size,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
GBytes *sandbox_body_reader_read_finish        (GAsyncResult         *result,
                                                GError              **error);
GBytes *sandbox_body_reader_read               (GInputStream         *stream,
                                                guint64               max_size,
                                                const char           *limit_name,
                                                gboolean              truncate,
                                                goffset               expected_size,
                                                GCancellable         *cancellable,
                                                GError              **error);

G_END_DECLS
