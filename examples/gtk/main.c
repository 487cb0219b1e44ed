/* main.c: sandbox-playground, a window to try bash commands on a sandbox server
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "playground-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PlaygroundApplication) app = NULL;

  /* Before the command line is parsed: --help is translated too. */
  setlocale (LC_ALL, "");
  bindtextdomain (PLAYGROUND_GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (PLAYGROUND_GETTEXT_PACKAGE, "UTF-8");
  textdomain (PLAYGROUND_GETTEXT_PACKAGE);

  app = playground_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
