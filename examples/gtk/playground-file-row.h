/* playground-file-row.h: a file in a list, with a button for it
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PLAYGROUND_TYPE_FILE_ROW (playground_file_row_get_type ())

G_DECLARE_FINAL_TYPE (PlaygroundFileRow, playground_file_row,
                      PLAYGROUND, FILE_ROW, AdwActionRow)

GtkWidget *playground_file_row_new           (const char        *title,
                                              const char        *subtitle,
                                              const char        *button_icon_name,
                                              const char        *button_tooltip,
                                              const char        *action_name,
                                              GVariant          *action_target);
void       playground_file_row_set_icon_name (PlaygroundFileRow *self,
                                              const char        *icon_name);

G_END_DECLS
