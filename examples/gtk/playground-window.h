/* playground-window.h: the main window: server, commands, files and results
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <adwaita.h>
#include <sandbox-api.h>

G_BEGIN_DECLS

#define PLAYGROUND_TYPE_WINDOW (playground_window_get_type ())

G_DECLARE_FINAL_TYPE (PlaygroundWindow, playground_window,
                      PLAYGROUND, WINDOW, AdwApplicationWindow)

PlaygroundWindow *playground_window_new             (GtkApplication   *application);
void              playground_window_set_url         (PlaygroundWindow *self,
                                                     const char       *url);
void              playground_window_set_commands    (PlaygroundWindow *self,
                                                     const char       *commands);
void              playground_window_add_file        (PlaygroundWindow *self,
                                                     GFile            *file);
void              playground_window_set_variables   (PlaygroundWindow *self,
                                                     const char       *variables);
void              playground_window_set_timeout     (PlaygroundWindow *self,
                                                     double            timeout);
void              playground_window_set_save        (PlaygroundWindow *self,
                                                     gboolean          save);
gboolean          playground_window_get_busy        (PlaygroundWindow *self);
SandboxExecution *playground_window_get_execution   (PlaygroundWindow *self);
GtkWidget        *playground_window_get_files_panel (PlaygroundWindow *self);

G_END_DECLS
