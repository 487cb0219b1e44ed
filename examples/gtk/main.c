/* main.c: sandbox-playground, a window to try bash commands on a sandbox server
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "playground-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PlaygroundApplication) app = playground_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
