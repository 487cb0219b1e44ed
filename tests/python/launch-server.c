/* launch-server.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Runs a command with SANDBOX_URL set to the URL of the built
 * sandbox-server, started by tests/common's launcher for the time of the
 * command: how the Python tests reach the real server. Exits with 0 when
 * the command succeeded and the server stopped cleanly. */

#include "sandbox-server-launcher.h"

int
main (int    argc,
      char **argv)
{
  static const char * const options[] = { "--slots=4", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(LaunchedServer) server = NULL;
  g_auto(GStrv) environment = NULL;
  int wait_status = 0;
  int server_status;
  gboolean ran;

  if (argc < 2)
    {
      g_printerr ("Usage: %s COMMAND [ARGUMENT…]\n"
                  "Runs COMMAND with SANDBOX_URL naming a sandbox-server started for it.\n",
                  argv[0]);
      return 2;
    }

  server = launched_server_try_start (NULL, options, &error);
  if (server == NULL)
    {
      g_printerr ("sandbox-server did not start: %s\n", error->message);
      return 1;
    }

  environment = g_environ_setenv (g_get_environ (), "SANDBOX_URL",
                                  launched_server_get_url (server), TRUE);
  ran = g_spawn_sync (NULL, argv + 1, environment, G_SPAWN_SEARCH_PATH, NULL, NULL,
                      NULL, NULL, &wait_status, &error);

  server_status = launched_server_stop (g_steal_pointer (&server));
  if (!ran || !g_spawn_check_wait_status (wait_status, &error))
    {
      g_printerr ("%s: %s\n", argv[1], error->message);
      return 1;
    }
  if (server_status != 0)
    {
      g_printerr ("sandbox-server exited with %d\n", server_status);
      return 1;
    }

  return 0;
}
