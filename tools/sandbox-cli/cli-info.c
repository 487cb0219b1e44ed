/* cli-info.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <stdio.h>

#include "cli-common.h"
#include "cli-interrupt.h"
#include "cli-output.h"

/* `specs`, `usage` and `libraries`: one GET each, printed as JSON. */

typedef JsonNode *(*InfoGetter) (SandboxClient  *client,
                                 GCancellable   *cancellable,
                                 GError        **error);

static int
run_info (const CliCommand  *command,
          CliGlobals        *globals,
          int                argc,
          char             **argv,
          InfoGetter         getter)
{
  g_autoptr(SandboxClient) client = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  int exit_code;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print compact JSON, even on a terminal"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (!cli_command_parse (command, globals, entries,
                          _("The JSON is pretty-printed on a terminal, compact "
                            "otherwise."),
                          &argc, &argv, &exit_code))
    return exit_code;

  if (argc > 1)
    return cli_usage_error (command, _("Unexpected argument “%s”"), argv[1]);

  client = cli_client_new (globals, &error);
  if (client == NULL)
    return cli_fail (error);

  node = getter (client, cli_interrupt_get_cancellable (), &error);
  if (node == NULL)
    return cli_fail (error);

  cli_output_json (node, !json && cli_output_is_terminal (stdout));

  return CLI_EXIT_OK;
}

int
cli_cmd_specs (const CliCommand  *command,
               CliGlobals        *globals,
               int                argc,
               char             **argv)
{
  return run_info (command, globals, argc, argv,
                   sandbox_client_get_specifications);
}

int
cli_cmd_usage (const CliCommand  *command,
               CliGlobals        *globals,
               int                argc,
               char             **argv)
{
  return run_info (command, globals, argc, argv, sandbox_client_get_usage);
}

int
cli_cmd_libraries (const CliCommand  *command,
                   CliGlobals        *globals,
                   int                argc,
                   char             **argv)
{
  return run_info (command, globals, argc, argv, sandbox_client_get_libraries);
}
