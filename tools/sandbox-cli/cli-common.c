/* cli-common.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <math.h>
#include <stdio.h>

#include "cli-common.h"
#include "cli-interrupt.h"
#include "cli-output.h"
#include "cli-validate.h"

/* What every command shares: the global options, parsing a command's
 * options, making the client, and turning errors into messages and exit
 * statuses. */

char *
cli_exit_status_help (void)
{
  return g_strdup_printf (_(CLI_EXIT_STATUS_HELP_TEXT), CLI_DEFAULT_URL);
}

void
cli_globals_clear (CliGlobals *globals)
{
  g_clear_pointer (&globals->url, g_free);
  g_clear_pointer (&globals->timeout_text, g_free);
}

void
cli_globals_add_entries (GOptionContext *context,
                         CliGlobals     *globals)
{
  const GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &globals->url,
      N_("The server's base URL (default: $SANDBOX_URL, or http://127.0.0.1:7000/)"),
      N_("URL") },
    { "timeout", 0, 0, G_OPTION_ARG_STRING, &globals->timeout_text,
      N_("Give up on the server after SECONDS (default: 60, 0 for never)"),
      N_("SECONDS") },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

/* The base URL to use, and where it comes from. */
static const char *
globals_get_url (CliGlobals  *globals,
                 const char **out_source)
{
  const char *url = g_getenv ("SANDBOX_URL");

  if (globals->url != NULL)
    {
      *out_source = "--url";
      return globals->url;
    }

  if (url != NULL && *url != '\0')
    {
      *out_source = "SANDBOX_URL";
      return url;
    }

  *out_source = _("The default URL");
  return CLI_DEFAULT_URL;
}

/* Checks the global options and sets globals->timeout. Before the
 * command's own options are parsed (!@complete), a URL not given on the
 * command line is not checked yet, since the command's --url may replace
 * it. */
gboolean
cli_globals_check (CliGlobals  *globals,
                   gboolean     complete,
                   GError     **error)
{
  g_autoptr(SandboxClient) client = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *source;
  const char *url;

  globals->timeout = NAN;
  if (globals->timeout_text != NULL &&
      !cli_parse_seconds ("--timeout", globals->timeout_text,
                          &globals->timeout, error))
    return FALSE;

  url = globals_get_url (globals, &source);
  if (!complete && globals->url == NULL)
    return TRUE;
  if (!cli_check_url_text (source, url, error))
    return FALSE;

  client = sandbox_client_new (url, &local_error);
  if (client == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s: %s",
                   source, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* Parses the options of @command in @argc and @argv, the global ones
 * included, leaving the other arguments. Returns FALSE with @exit_code set
 * when the command is over: help was asked for, or the usage is wrong. */
gboolean
cli_command_parse (const CliCommand    *command,
                   CliGlobals          *globals,
                   const GOptionEntry  *entries,
                   const char          *description,
                   int                 *argc,
                   char              ***argv,
                   int                 *exit_code)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *full_description = NULL;
  g_autofree char *exit_status_help = cli_exit_status_help ();
  char *old_url = globals->url;
  char *old_timeout_text = globals->timeout_text;
  gboolean help = FALSE;
  const GOptionEntry help_entries[] = {
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, N_("Show this help"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = g_option_context_new (command->parameters != NULL ?
                                  _(command->parameters) : NULL);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_summary (context, _(command->summary));
  if (description != NULL)
    full_description = g_strconcat (description, "\n\n", exit_status_help, NULL);
  else
    full_description = g_strdup (exit_status_help);
  g_option_context_set_description (context, full_description);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  cli_globals_add_entries (context, globals);
  g_option_context_add_main_entries (context, help_entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *exit_code = cli_usage_error (command, "%s", error->message);
      return FALSE;
    }

  /* An option given again replaced the value the top level parsed. */
  if (globals->url != old_url)
    g_free (old_url);
  if (globals->timeout_text != old_timeout_text)
    g_free (old_timeout_text);

  if (help)
    {
      g_autofree char *text = g_option_context_get_help (context, FALSE, NULL);

      fputs (text, stdout);
      *exit_code = CLI_EXIT_OK;
      return FALSE;
    }

  if (!cli_globals_check (globals, TRUE, &error))
    {
      *exit_code = cli_usage_error (command, "%s", error->message);
      return FALSE;
    }

  return TRUE;
}

SandboxClient *
cli_client_new (CliGlobals  *globals,
                GError     **error)
{
  SandboxClient *client;
  const char *source;
  const char *url = globals_get_url (globals, &source);

  client = sandbox_client_new (url, error);
  if (client != NULL && !isnan (globals->timeout))
    sandbox_client_set_timeout (client, globals->timeout);

  return client;
}

int
cli_exit_for_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      cli_interrupt_get_signal () != 0)
    return 128 + cli_interrupt_get_signal ();

  return CLI_EXIT_FAILED;
}

/* Reports an error of the server or of the way to it. */
int
cli_fail (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      cli_interrupt_get_signal () != 0)
    cli_output_error (_("Interrupted"));
  else
    cli_output_error ("%s", error->message);

  return cli_exit_for_error (error);
}

/* Reports an error of this machine: a file, a directory, an archive. */
int
cli_fail_local (const GError *error)
{
  cli_output_error ("%s", error->message);

  return CLI_EXIT_FAILED;
}

/* Reports a problem with a local file or value an option names: bad
 * usage when it is a G_OPTION_ERROR, a local failure otherwise. */
int
cli_fail_input (const CliCommand *command,
                const GError     *error)
{
  if (error->domain == G_OPTION_ERROR)
    return cli_usage_error (command, "%s", error->message);

  return cli_fail_local (error);
}

int
cli_usage_error (const CliCommand *command,
                 const char       *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  cli_output_error ("%s", message);
  if (command != NULL)
    g_printerr (_("Try “sandbox-cli %s --help” for more information.\n"),
                command->name);
  else
    g_printerr (_("Try “sandbox-cli --help” for more information.\n"));

  return CLI_EXIT_FAILED;
}
