/* playground-files-panel.h: the files of the saved environment, to download
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <adwaita.h>
#include <sandbox-api.h>

G_BEGIN_DECLS

#define PLAYGROUND_TYPE_FILES_PANEL (playground_files_panel_get_type ())

G_DECLARE_FINAL_TYPE (PlaygroundFilesPanel, playground_files_panel,
                      PLAYGROUND, FILES_PANEL, AdwPreferencesGroup)

GtkWidget *playground_files_panel_new              (void);
void       playground_files_panel_show_environment (PlaygroundFilesPanel  *self,
                                                    SandboxClient         *client,
                                                    const char            *environment,
                                                    GDateTime             *expire);
void       playground_files_panel_clear            (PlaygroundFilesPanel  *self);
gboolean   playground_files_panel_get_loading      (PlaygroundFilesPanel  *self);
void       playground_files_panel_save_async       (PlaygroundFilesPanel  *self,
                                                    const char            *path,
                                                    GFile                 *destination,
                                                    GCancellable          *cancellable,
                                                    GAsyncReadyCallback    callback,
                                                    gpointer               user_data);
gboolean   playground_files_panel_save_finish      (PlaygroundFilesPanel  *self,
                                                    GAsyncResult          *result,
                                                    GError               **error);

G_END_DECLS
