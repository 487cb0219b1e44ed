/* playground-snapshot.h: a widget written to a PNG file, as it is on screen
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void     playground_snapshot_save_async  (GtkWidget            *widget,
                                          const char           *png_path,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean playground_snapshot_save_finish (GtkWidget            *widget,
                                          GAsyncResult         *result,
                                          GError              **error);

G_END_DECLS
