/* cli-check.c
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
#include "cli-validate.h"

/* `check UUID [PATH]`: prints the size in bytes, or fails with 1 when
 * there is no such environment or file. One request (a HEAD). */

int
cli_cmd_check (const CliCommand  *command,
               CliGlobals        *globals,
               int                argc,
               char             **argv)
{
  g_autoptr(SandboxClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) arguments = NULL;
  g_autofree char *uuid = NULL;
  const char *path;
  guint n_arguments;
  gboolean exists;
  goffset size;
  int exit_code;
  const GOptionEntry entries[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &arguments,
      NULL, NULL },
    G_OPTION_ENTRY_NULL
  };

  if (!cli_command_parse (command, globals, entries,
                          _("Prints the size in bytes of the environment saved "
                            "as UUID (its gzip'd tar),\nor of its file PATH. "
                            "Exits with 1 when it does not exist."),
                          &argc, &argv, &exit_code))
    return exit_code;

  n_arguments = arguments != NULL ? g_strv_length (arguments) : 0;
  if (n_arguments == 0)
    return cli_usage_error (command, _("No environment UUID given"));
  if (n_arguments > 2)
    return cli_usage_error (command, _("Unexpected argument “%s”"), arguments[2]);
  path = n_arguments == 2 ? arguments[1] : NULL;

  uuid = cli_parse_uuid ("check", arguments[0], &error);
  if (uuid == NULL ||
      (path != NULL && !cli_check_inside_path ("check", path, TRUE, &error)))
    return cli_usage_error (command, "%s", error->message);

  client = cli_client_new (globals, &error);
  if (client == NULL)
    return cli_fail (error);

  if (!sandbox_client_query_file (client, uuid, path, &exists, &size,
                                  cli_interrupt_get_cancellable (), &error))
    return cli_fail (error);
  if (!exists)
    {
      if (path != NULL)
        cli_output_error (_("There is no file “%s” in the environment %s"), path, uuid);
      else
        cli_output_error (_("There is no environment %s"), uuid);
      return CLI_EXIT_MISSING;
    }

  if (cli_output_is_terminal (stdout))
    {
      g_autofree char *human = g_format_size (size);
      g_autofree char *bytes = g_strdup_printf ("%" G_GOFFSET_FORMAT, size);

      /* Translators: a size in bytes, then the same size for humans. */
      printf (_("%s bytes (%s)\n"), bytes, human);
    }
  else
    {
      printf ("%" G_GOFFSET_FORMAT "\n", size);
    }

  return CLI_EXIT_OK;
}
