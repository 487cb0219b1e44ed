/* sandbox-filter-close-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* close_async and close_finish for the library's GFilterInputStreams: the
 * base stream is closed in the caller's context, not through a thread as
 * GInputStream's default does, since libsoup's streams need that. */
void     sandbox_filter_close_async  (GInputStream         *stream,
                                      int                   io_priority,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean sandbox_filter_close_finish (GInputStream         *stream,
                                      GAsyncResult         *result,
                                      GError              **error);

G_END_DECLS
