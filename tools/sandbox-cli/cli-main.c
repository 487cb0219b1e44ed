/* cli-main.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli-common.h"
#include "cli-interrupt.h"
#include "cli-output.h"

/* sandbox-cli: the global options, then one command and its arguments. */

static const CliCommand commands[] = {
  { "specs", NULL,
    N_("Show the server's specifications: host, containers and limits."),
    cli_cmd_specs },
  { "usage", NULL,
    N_("Show the server's current use of CPU, memory, disk and network."),
    cli_cmd_usage },
  { "libraries", NULL,
    N_("List the libraries and programs that commands can use."),
    cli_cmd_libraries },
  { "execute", N_("COMMAND…"),
    N_("Run commands in a sandbox, each argument a bash command line."),
    cli_cmd_execute },
  { "download", N_("UUID [PATH]"),
    N_("Download a saved environment, or one file of it."),
    cli_cmd_download },
  { "check", N_("UUID [PATH]"),
    N_("Tell whether a saved environment, or one file of it, exists, and its "
       "size."),
    cli_cmd_check },
};

static const CliCommand *
find_command (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (strcmp (commands[i].name, name) == 0)
        return &commands[i];
    }

  return NULL;
}

static GOptionContext *
main_context_new (CliGlobals *globals,
                  gboolean   *help,
                  gboolean   *version)
{
  GOptionContext *context;
  g_autoptr(GString) summary = g_string_new (_("Commands:"));
  g_autofree char *exit_status_help = cli_exit_status_help ();
  g_autofree char *description = NULL;
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, version, N_("Show the version"), NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, help, N_("Show this help"), NULL },
    G_OPTION_ENTRY_NULL
  };

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (summary, "\n  %-11s %s", commands[i].name,
                            _(commands[i].summary));
  g_string_append_printf (summary, "\n  %-11s %s", "help",
                          _("Show the help of sandbox-cli or of a command."));
  description = g_strconcat (_("Use “sandbox-cli COMMAND --help” for the options of a "
                               "command."),
                             "\n\n", exit_status_help, NULL);

  context = g_option_context_new (_("COMMAND [ARGS…]"));
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_strict_posix (context, TRUE);
  g_option_context_set_summary (context, summary->str);
  g_option_context_set_description (context, description);
  cli_globals_add_entries (context, globals);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  return context;
}

static int
run_command (const CliCommand  *command,
             CliGlobals        *globals,
             int                argc,
             char             **argv)
{
  g_autofree char *prgname = g_strdup_printf ("sandbox-cli %s", command->name);

  g_set_prgname (prgname);

  return command->func (command, globals, argc, argv);
}

/* `sandbox-cli help [COMMAND]` */
static int
run_help (GOptionContext  *context,
          CliGlobals      *globals,
          int              argc,
          char           **argv)
{
  const CliCommand *command;
  char *help_argv[] = { NULL, (char *) "--help", NULL };

  if (argc < 2)
    {
      g_autofree char *text = g_option_context_get_help (context, FALSE, NULL);

      fputs (text, stdout);
      return CLI_EXIT_OK;
    }

  if (argc > 2)
    return cli_usage_error (NULL, _("help takes one command name at most"));

  command = find_command (argv[1]);
  if (command == NULL)
    return cli_usage_error (NULL, _("Unknown command “%s”"), argv[1]);

  help_argv[0] = (char *) command->name;

  return run_command (command, globals, 2, help_argv);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  CliGlobals globals = { .timeout = NAN };
  const CliCommand *command;
  gboolean help = FALSE;
  gboolean version = FALSE;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("sandbox-cli");
  cli_interrupt_init ();

  context = main_context_new (&globals, &help, &version);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      status = cli_usage_error (NULL, "%s", error->message);
      goto out;
    }

  if (!cli_globals_check (&globals, FALSE, &error))
    {
      status = cli_usage_error (NULL, "%s", error->message);
      goto out;
    }

  if (version)
    {
      printf ("sandbox-cli %s (sandbox-api %s)\n", PACKAGE_VERSION,
              SANDBOX_VERSION_S);
      status = CLI_EXIT_OK;
      goto out;
    }

  if (help)
    {
      status = run_help (context, &globals, 1, argv);
      goto out;
    }

  if (argc < 2)
    {
      status = cli_usage_error (NULL, _("No command given"));
      goto out;
    }

  if (strcmp (argv[1], "help") == 0)
    {
      status = run_help (context, &globals, argc - 1, argv + 1);
      goto out;
    }

  command = find_command (argv[1]);
  if (command == NULL)
    {
      status = cli_usage_error (NULL, _("Unknown command “%s”"), argv[1]);
      goto out;
    }

  status = run_command (command, &globals, argc - 1, argv + 1);

out:
  fflush (stdout);
  cli_globals_clear (&globals);

  return status;
}
