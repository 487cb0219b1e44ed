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
 * [callback@Gio.FileProgressCallback] does for [method@Gio.File.copy]: on the
 * calling thread of a blocking operation; for an asynchronous one, in the
 * thread-default [struct@GLib.MainContext] of its start, before its
 * [callback@Gio.AsyncReadyCallback].
 *
 * The first report has @current_num_bytes 0, the last of a success has it
 * equal to the total, and the ones between come about every 50 milliseconds.
 *
 * Since: 1.1
 */
typedef void (*SandboxProgressCallback) (goffset  current_num_bytes,
                                         goffset  total_num_bytes,
                                         gpointer user_data);

G_END_DECLS
