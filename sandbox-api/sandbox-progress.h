/* sandbox-progress.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(SANDBOX_INSIDE) && !defined(SANDBOX_COMPILATION)
# error "Only <sandbox-api.h> can be included directly."
#endif

#include <glib.h>

#include "sandbox-version-macros.h"

G_BEGIN_DECLS

/**
 * SandboxProgressCallback:
 * @current_num_bytes: the number of bytes sent or received so far
 * @total_num_bytes: the number of bytes to send or receive, or -1 when it is
 *   not known in advance
 * @user_data: (closure): the data given with the callback
 *
 * Reports how far an upload or a download has gone, as
 * [callback@Gio.FileProgressCallback] does for [method@Gio.File.copy].
 *
 * A blocking operation calls it on the calling thread, during the call. An
 * asynchronous operation calls it in the [struct@GLib.MainContext] that was the
 * thread-default one when the operation started, before its
 * [callback@Gio.AsyncReadyCallback].
 *
 * The reports are spaced out in time: the first says how much there is to do
 * (@current_num_bytes 0), the last one of a successful transfer has
 * @current_num_bytes equal to the total, and the ones between come at most
 * about every 50 milliseconds.
 *
 * Since: 1.1
 */
typedef void (*SandboxProgressCallback) (goffset  current_num_bytes,
                                         goffset  total_num_bytes,
                                         gpointer user_data);

G_END_DECLS
