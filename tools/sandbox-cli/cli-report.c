/* cli-report.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <stdio.h>

#include "cli-output.h"
#include "cli-report.h"

/* The human-readable report of an execution, on stdout: each command with
 * its exit code, time, stdout and stderr, then the status, the result and
 * the saved environment. */

static void
report_command (SandboxCommandResult *result)
{
  int exit_code = sandbox_command_result_get_exit_code (result);
  const char *out = sandbox_command_result_get_stdout (result);
  const char *err = sandbox_command_result_get_stderr (result);

  cli_output_block (stdout, CLI_STYLE_BOLD, "$ ",
                    sandbox_command_result_get_command (result));
  fputs (_("  Exit code: "), stdout);
  cli_output_styled (stdout, exit_code == 0 ? CLI_STYLE_NONE : CLI_STYLE_RED,
                     "%d", exit_code);
  printf (_("\n  Time: %.3f s\n"), sandbox_command_result_get_time (result));

  if (out != NULL && *out != '\0')
    {
      fputs (_("  Stdout:\n"), stdout);
      cli_output_block (stdout, CLI_STYLE_NONE, "    ", out);
    }
  if (err != NULL && *err != '\0')
    {
      fputs (_("  Stderr:\n"), stdout);
      cli_output_block (stdout, CLI_STYLE_RED, "    ", err);
    }
  fputc ('\n', stdout);
}

void
cli_report_execution (SandboxExecution *execution)
{
  GListModel *commands = sandbox_execution_get_commands (execution);
  int status = sandbox_execution_get_status (execution);
  const char *result = sandbox_execution_get_result (execution);
  const char *environment = sandbox_execution_get_environment (execution);
  GDateTime *expire = sandbox_execution_get_expire (execution);

  for (guint i = 0; i < g_list_model_get_n_items (commands); i++)
    {
      g_autoptr(SandboxCommandResult) command = NULL;

      command = g_list_model_get_item (commands, i);
      report_command (command);
    }

  fputs (_("Status: "), stdout);
  cli_output_styled (stdout, status == 0 ? CLI_STYLE_GREEN : CLI_STYLE_RED,
                     "%d (%s)", status, sandbox_status_to_string (status));
  printf (_("\nTotal time: %.3f s\n"),
          sandbox_execution_get_total_time (execution));

  if (result != NULL && *result != '\0')
    {
      fputs (_("Result:\n"), stdout);
      cli_output_block (stdout, CLI_STYLE_NONE, "    ", result);
    }
  else if (result != NULL)
    {
      fputs (_("Result: (empty)\n"), stdout);
    }

  if (environment != NULL)
    printf (_("Environment: %s\n"), environment);
  if (expire != NULL)
    {
      g_autofree char *text = g_date_time_format_iso8601 (expire);

      printf (_("Expires: %s\n"), text);
    }
}
