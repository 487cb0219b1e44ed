/* playground-send-files.h: the files to send with the commands
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PLAYGROUND_TYPE_SEND_FILES (playground_send_files_get_type ())

G_DECLARE_FINAL_TYPE (PlaygroundSendFiles, playground_send_files,
                      PLAYGROUND, SEND_FILES, AdwPreferencesGroup)

GtkWidget  *playground_send_files_new       (void);
void        playground_send_files_add       (PlaygroundSendFiles *self,
                                             GFile               *file);
GListModel *playground_send_files_get_files (PlaygroundSendFiles *self);

G_END_DECLS
