/* playground-application.h: the application, its actions and its command line
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PLAYGROUND_APPLICATION_ID "io.github.sandbox_api.Playground"

#define PLAYGROUND_TYPE_APPLICATION (playground_application_get_type ())

G_DECLARE_FINAL_TYPE (PlaygroundApplication, playground_application,
                      PLAYGROUND, APPLICATION, AdwApplication)

PlaygroundApplication *playground_application_new (void);

G_END_DECLS
