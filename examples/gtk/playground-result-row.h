/* playground-result-row.h: one command's result in the list of results
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <sandbox-api.h>

G_BEGIN_DECLS

#define PLAYGROUND_TYPE_RESULT_ROW (playground_result_row_get_type ())

G_DECLARE_FINAL_TYPE (PlaygroundResultRow, playground_result_row,
                      PLAYGROUND, RESULT_ROW, GtkBox)

GtkWidget *playground_result_row_new  (void);
void       playground_result_row_bind (PlaygroundResultRow  *self,
                                       SandboxCommandResult *result);

G_END_DECLS
