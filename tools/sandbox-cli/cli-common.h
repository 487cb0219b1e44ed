/* cli-common.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <sandbox-api.h>

G_BEGIN_DECLS

/* The exit statuses of sandbox-cli, documented in CLI_EXIT_STATUS_HELP. */
typedef enum
{
  CLI_EXIT_OK = 0,
  CLI_EXIT_FAILURE = 1,
  CLI_EXIT_USAGE = 2,
  CLI_EXIT_SANDBOX = 3,
  CLI_EXIT_SERVER = 4,
  CLI_EXIT_TRANSPORT = 5,
} CliExit;

#define CLI_EXIT_STATUS_HELP \
  "Exit status:\n" \
  "  0   success (execute: every command succeeded)\n" \
  "  1   a local failure (a file could not be read, written or unpacked),\n" \
  "      or check found nothing\n" \
  "  2   bad usage: unknown command or option, missing or invalid argument,\n" \
  "      invalid --config or URL\n" \
  "  3   the sandbox failed (execute status below 0: unknown error,\n" \
  "      timeout, result file missing or not UTF-8)\n" \
  "  4   the server answered with an HTTP error or an invalid answer\n" \
  "  5   the server could not be reached, the connection failed or\n" \
  "      --timeout passed\n" \
  "  N   execute: the exit code of the command that stopped the run\n" \
  "      (execute status above 0, at most 255)\n" \
  "  130 interrupted by Ctrl-C (128 + the signal's number; SIGTERM: 143)\n" \
  "\n" \
  "Environment:\n" \
  "  SANDBOX_URL   the server's base URL when --url is not given\n" \
  "                (default: " CLI_DEFAULT_URL ")\n" \
  "  NO_COLOR      when set, never colour the output"

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
