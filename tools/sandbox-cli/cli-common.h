/* cli-common.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib/gi18n.h>
#include <sandbox-api.h>

G_BEGIN_DECLS

/* The exit statuses of sandbox-cli, documented in CLI_EXIT_STATUS_HELP and
 * in the man page. `execute` passes the code of the command that stopped
 * the run through; sandbox-cli's own outcomes use codes no command's code
 * is taken for, as `docker run` and `timeout` do. */
typedef enum
{
  CLI_EXIT_OK = 0,
  CLI_EXIT_MISSING = 1,
  CLI_EXIT_COMMAND_FAILED = 1,
  CLI_EXIT_TIMED_OUT = 124,
  CLI_EXIT_FAILED = 125,
} CliExit;

/* The exit statuses and environment, for the end of every --help: a
 * translated text, to free. */
char          *cli_exit_status_help (void);

#define CLI_EXIT_STATUS_HELP_TEXT \
  N_("Exit status:\n" \
  "  0       success (execute: no command stopped the run)\n" \
  "  1       check: there is no such environment or file\n" \
  "  1-255   execute: the exit code of the command that stopped the run,\n" \
  "          the first one that failed without a leading “-”; 126 and 127\n" \
  "          mean, as in bash, that it could not be run or was not found,\n" \
  "          128+N that signal N killed it; its own 124 and 125 become 1\n" \
  "  124     execute: a command timed out (status -2)\n" \
  "  125     sandbox-cli, the server or the sandbox failed: bad usage, a\n" \
  "          local file that could not be read or written, the server\n" \
  "          unreachable or answering an error or an invalid answer, or\n" \
  "          another error of the sandbox (status -1, -3 or -4)\n" \
  "  128+N   sandbox-cli was interrupted by signal N (Ctrl-C: 130)\n" \
  "\n" \
  "Environment:\n" \
  "  SANDBOX_URL   the server's base URL when --url is not given\n" \
  "                (default: %s)\n" \
  "  NO_COLOR      when set, never colour the output")

#define CLI_DEFAULT_URL "http://127.0.0.1:7000/"

/* The options every command takes, before or after its name. */
typedef struct
{
  char   *url;
  char   *timeout_text;
  double  timeout;   /* NAN when not given */
} CliGlobals;

typedef struct _CliCommand CliCommand;

typedef int (*CliCommandFunc) (const CliCommand  *command,
                               CliGlobals        *globals,
                               int                argc,
                               char             **argv);

struct _CliCommand
{
  const char     *name;
  const char     *parameters;
  const char     *summary;
  CliCommandFunc  func;
};

int            cli_cmd_specs        (const CliCommand   *command,
                                     CliGlobals         *globals,
                                     int                 argc,
                                     char              **argv);
int            cli_cmd_usage        (const CliCommand   *command,
                                     CliGlobals         *globals,
                                     int                 argc,
                                     char              **argv);
int            cli_cmd_libraries    (const CliCommand   *command,
                                     CliGlobals         *globals,
                                     int                 argc,
                                     char              **argv);
int            cli_cmd_execute      (const CliCommand   *command,
                                     CliGlobals         *globals,
                                     int                 argc,
                                     char              **argv);
int            cli_cmd_download     (const CliCommand   *command,
                                     CliGlobals         *globals,
                                     int                 argc,
                                     char              **argv);
int            cli_cmd_check        (const CliCommand   *command,
                                     CliGlobals         *globals,
                                     int                 argc,
                                     char              **argv);

void           cli_globals_clear    (CliGlobals         *globals);
void           cli_globals_add_entries (GOptionContext  *context,
                                     CliGlobals         *globals);
gboolean       cli_globals_check    (CliGlobals         *globals,
                                     gboolean            complete,
                                     GError            **error);

gboolean       cli_command_parse    (const CliCommand   *command,
                                     CliGlobals         *globals,
                                     const GOptionEntry *entries,
                                     const char         *description,
                                     int                *argc,
                                     char             ***argv,
                                     int                *exit_code);

SandboxClient *cli_client_new       (CliGlobals         *globals,
                                     GError            **error);

int            cli_exit_for_error   (const GError       *error);
int            cli_fail             (const GError       *error);
int            cli_fail_local       (const GError       *error);
int            cli_fail_input       (const CliCommand   *command,
                                     const GError       *error);
int            cli_usage_error      (const CliCommand   *command,
                                     const char         *format,
                                     ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
