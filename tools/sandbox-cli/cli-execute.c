/* cli-execute.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <math.h>
#include <string.h>

#include "cli-common.h"
#include "cli-files.h"
#include "cli-interrupt.h"
#include "cli-output.h"
#include "cli-progress.h"
#include "cli-progress-stream.h"
#include "cli-report.h"
#include "cli-validate.h"

/* `execute COMMAND…`: builds the configuration from --config and the
 * command line, sends it with the working directory's files (--archive or
 * --dir), or with --fallback's files only if its saved environment is
 * missing, and reports the answer. */

#define EXECUTE_DESCRIPTION \
  N_("Each COMMAND is one bash command line. A command that starts with “-”\n" \
  "may fail without stopping the run: put “--” before the commands so that\n" \
  "it is not read as an option.\n" \
  "\n" \
  "--config FILE.json is a whole configuration, as the server takes it (a\n" \
  "regular file of 16 MiB at most); the commands and options of the command\n" \
  "line are added to it.\n" \
  "--archive sends a gzip'd tar; --dir packs a directory into one on the\n" \
  "fly. Their files are laid in the working directory of the commands.\n" \
  "The upload's progress is shown on stderr when it is a terminal.\n" \
  "\n" \
  "--fallback DIRECTORY names the files a saved environment was made from\n" \
  "(--environment, or the environment of --config): the commands run in\n" \
  "the saved environment, and only when the server answers that it is\n" \
  "missing (expired, or kept by another server of a fleet) are they sent\n" \
  "again with DIRECTORY packed as --dir does. --affinity-key is sent in the\n" \
  "Sandbox-Affinity header, on which a balancer can keep executes with the\n" \
  "same key on one server.\n" \
  "\n" \
  "The exit status is the exit code of the command that stopped the run,\n" \
  "124 when a command timed out, 125 when sandbox-cli, the server or the\n" \
  "sandbox failed, 0 when all went well: see below.")

typedef struct
{
  char     **commands;
  char     **variables;
  char      *environment;
  char      *archive;
  char      *directory;
  char      *fallback;
  char      *affinity_key;
  char      *result_path;
  char      *config_file;
  char      *timeout_each_text;
  double     timeout_each;
  gboolean   save;
  gboolean   json;
  gboolean   progress;
  gboolean   no_progress;
} ExecuteOptions;

static void
execute_options_clear (ExecuteOptions *options)
{
  g_clear_pointer (&options->commands, g_strfreev);
  g_clear_pointer (&options->variables, g_strfreev);
  g_clear_pointer (&options->environment, g_free);
  g_clear_pointer (&options->archive, g_free);
  g_clear_pointer (&options->directory, g_free);
  g_clear_pointer (&options->fallback, g_free);
  g_clear_pointer (&options->affinity_key, g_free);
  g_clear_pointer (&options->result_path, g_free);
  g_clear_pointer (&options->config_file, g_free);
  g_clear_pointer (&options->timeout_each_text, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ExecuteOptions, execute_options_clear)

static SandboxConfig *
load_config (const char  *config_file,
             GError     **error)
{
  g_autofree char *text = NULL;
  SandboxConfig *config;

  if (config_file == NULL)
    return sandbox_config_new ();

  text = cli_read_small_file ("--config", config_file, CLI_MAX_CONFIG_SIZE, error);
  if (text == NULL)
    return NULL;

  config = sandbox_config_new_from_string (text, error);
  if (config == NULL)
    g_prefix_error (error, _("Invalid configuration in “%s”: "), config_file);

  return config;
}

/* Adds the command line's part to @config; FALSE with @exit_code set on a
 * usage error. */
static gboolean
apply_options (const CliCommand *command,
               ExecuteOptions   *options,
               SandboxConfig    *config,
               int              *exit_code)
{
  for (guint i = 0; options->commands != NULL && options->commands[i]; i++)
    {
      const char *line = options->commands[i];

      if (!g_utf8_validate (line, -1, NULL))
        {
          *exit_code = cli_usage_error (command, _("A command is not valid UTF-8"));
          return FALSE;
        }
      if (isnan (options->timeout_each))
        sandbox_config_add_command (config, line, FALSE);
      else
        sandbox_config_add_command_with_timeout (config, line, FALSE,
                                                 options->timeout_each);
    }

  for (guint i = 0; options->variables != NULL && options->variables[i]; i++)
    {
      const char *variable = options->variables[i];
      const char *equal = strchr (variable, '=');
      g_autofree char *name = NULL;

      if (equal == NULL || equal == variable ||
          !g_utf8_validate (variable, -1, NULL))
        {
          *exit_code = cli_usage_error (command,
                                        _("--env needs KEY=VALUE, not “%s”"),
                                        variable);
          return FALSE;
        }
      name = g_strndup (variable, equal - variable);
      sandbox_config_set_variable (config, name, equal + 1);
    }

  if (options->result_path != NULL)
    sandbox_config_set_result_path (config, options->result_path);
  if (options->environment != NULL)
    sandbox_config_set_environment (config, options->environment);
  if (options->save)
    sandbox_config_set_save (config, TRUE);
  if (options->affinity_key != NULL)
    sandbox_config_set_affinity_key (config, options->affinity_key);

  /* The environment may come from --config as well as --environment. */
  if (options->fallback != NULL && sandbox_config_get_environment (config) == NULL)
    {
      *exit_code = cli_usage_error (command,
                                    _("--fallback needs a saved environment to stand in "
                                      "for: give --environment, or a --config that names one"));
      return FALSE;
    }

  return TRUE;
}

/* Checks the values of the options and the files they name, and puts the
 * environment's UUID in the case the server matches. */
static gboolean
check_options (ExecuteOptions  *options,
               GError         **error)
{
  if (!cli_progress_wanted (options->progress, options->no_progress,
                            &options->progress, error))
    return FALSE;

  options->timeout_each = NAN;
  if (options->timeout_each_text != NULL &&
      !cli_parse_seconds ("--timeout-each", options->timeout_each_text,
                          &options->timeout_each, error))
    return FALSE;

  if (options->environment != NULL)
    {
      char *uuid = cli_parse_uuid ("--environment", options->environment, error);

      if (uuid == NULL)
        return FALSE;
      g_free (options->environment);
      options->environment = uuid;
    }

  if (options->result_path != NULL &&
      !cli_check_inside_path ("--result", options->result_path, FALSE, error))
    return FALSE;

  if (options->config_file != NULL &&
      !cli_check_not_empty ("--config", options->config_file, error))
    return FALSE;

  if (options->archive != NULL &&
      (!cli_check_not_empty ("--archive", options->archive, error) ||
       !cli_check_file_kind ("--archive", options->archive, G_FILE_TYPE_REGULAR,
                             FALSE, error)))
    return FALSE;

  if (options->directory != NULL &&
      (!cli_check_not_empty ("--dir", options->directory, error) ||
       !cli_check_file_kind ("--dir", options->directory, G_FILE_TYPE_DIRECTORY,
                             FALSE, error) ||
       !cli_check_tree_is_plain ("--dir", options->directory, error)))
    return FALSE;

  if (options->fallback != NULL &&
      (!cli_check_not_empty ("--fallback", options->fallback, error) ||
       !cli_check_file_kind ("--fallback", options->fallback, G_FILE_TYPE_DIRECTORY,
                             FALSE, error) ||
       !cli_check_tree_is_plain ("--fallback", options->fallback, error)))
    return FALSE;

  if (options->affinity_key != NULL &&
      !cli_check_header_value ("--affinity-key", options->affinity_key, error))
    return FALSE;

  return TRUE;
}

/* The exit code of the command that stopped the run (the server's status),
 * unless sandbox-cli's own codes would take it for something else. */
static int
exit_for_status (int status)
{
  if (status == SANDBOX_STATUS_SUCCESS)
    return CLI_EXIT_OK;
  if (status == SANDBOX_STATUS_TIMEOUT)
    return CLI_EXIT_TIMED_OUT;
  if (status < 0)
    return CLI_EXIT_FAILED;
  if (status > 255 || status == CLI_EXIT_TIMED_OUT || status == CLI_EXIT_FAILED)
    return CLI_EXIT_COMMAND_FAILED;

  return status;
}

/* Sends --archive as it is, counting the bytes the library reads from it
 * for the progress bar. */
static SandboxExecution *
send_archive (SandboxClient   *client,
              SandboxConfig   *config,
              const char      *archive,
              CliProgress     *progress,
              gboolean        *out_local,
              GError         **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (archive);
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GInputStream) stream = NULL;

  input = g_file_read (file, cli_interrupt_get_cancellable (), error);
  if (input != NULL)
    info = g_file_input_stream_query_info (input, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                           cli_interrupt_get_cancellable (), error);
  if (info == NULL)
    {
      g_prefix_error (error, _("--archive: could not read “%s”: "), archive);
      *out_local = TRUE;
      return NULL;
    }

  stream = cli_progress_stream_new (G_INPUT_STREAM (input), g_file_info_get_size (info),
                                    cli_progress_update, progress);

  return sandbox_client_execute (client, config, stream, cli_interrupt_get_cancellable (),
                                 error);
}

/* A builder that packs @directory (of @option) on the fly; NULL with
 * @out_local set when it cannot be read. */
static SandboxEnvironmentBuilder *
new_builder (const char  *option,
             const char  *directory,
             gboolean    *out_local,
             GError     **error)
{
  g_autoptr(SandboxEnvironmentBuilder) builder = sandbox_environment_builder_new ();
  g_autoptr(GFile) file = g_file_new_for_path (directory);

  if (!sandbox_environment_builder_add_file (builder, ".", file, error))
    {
      g_prefix_error (error, "%s: ", option);
      *out_local = TRUE;
      return NULL;
    }

  return g_steal_pointer (&builder);
}

/* Packs --dir on the fly with the library, which reports the progress. */
static SandboxExecution *
send_directory (SandboxClient   *client,
                SandboxConfig   *config,
                const char      *directory,
                CliProgress     *progress,
                gboolean        *out_local,
                GError         **error)
{
  g_autoptr(SandboxEnvironmentBuilder) builder = NULL;

  builder = new_builder ("--dir", directory, out_local, error);
  if (builder == NULL)
    return NULL;

  return sandbox_client_execute_builder (client, config, builder,
                                         cli_interrupt_get_cancellable (),
                                         cli_progress_update, progress, error);
}

/* Sends no archive, then --fallback's files packed on the fly if the saved
 * environment is missing; the progress is that second upload's. */
static SandboxExecution *
send_with_fallback (SandboxClient   *client,
                    SandboxConfig   *config,
                    const char      *fallback,
                    CliProgress     *progress,
                    gboolean        *out_local,
                    GError         **error)
{
  g_autoptr(SandboxEnvironmentBuilder) builder = NULL;

  builder = new_builder ("--fallback", fallback, out_local, error);
  if (builder == NULL)
    return NULL;

  return sandbox_client_execute_with_fallback (client, config, builder,
                                               cli_interrupt_get_cancellable (),
                                               cli_progress_update, progress, error);
}

static SandboxExecution *
send (SandboxClient   *client,
      SandboxConfig   *config,
      ExecuteOptions  *options,
      gboolean        *out_local,
      GError         **error)
{
  g_autoptr(CliProgress) progress = cli_progress_new (_("Uploading"), options->progress);
  SandboxExecution *execution;

  *out_local = FALSE;

  if (options->archive != NULL)
    execution = send_archive (client, config, options->archive, progress, out_local, error);
  else if (options->directory != NULL)
    execution = send_directory (client, config, options->directory, progress, out_local,
                                error);
  else if (options->fallback != NULL)
    execution = send_with_fallback (client, config, options->fallback, progress, out_local,
                                    error);
  else
    execution = sandbox_client_execute (client, config, NULL,
                                        cli_interrupt_get_cancellable (), error);

  cli_progress_finish (progress, execution != NULL);

  return execution;
}

int
cli_cmd_execute (const CliCommand  *command,
                 CliGlobals        *globals,
                 int                argc,
                 char             **argv)
{
  g_auto(ExecuteOptions) options = { .timeout_each = NAN };
  g_autoptr(SandboxClient) client = NULL;
  g_autoptr(SandboxConfig) config = NULL;
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GError) error = NULL;
  gboolean local;
  int exit_code;
  const GOptionEntry entries[] = {
    { "timeout-each", 0, 0, G_OPTION_ARG_STRING, &options.timeout_each_text,
      N_("Stop each command of the command line after SECONDS"), N_("SECONDS") },
    { "env", 'e', 0, G_OPTION_ARG_STRING_ARRAY, &options.variables,
      N_("Set an environment variable of every command (repeatable)"),
      N_("KEY=VALUE") },
    { "environment", 0, 0, G_OPTION_ARG_STRING, &options.environment,
      N_("Start from the saved environment UUID"), N_("UUID") },
    { "archive", 'a', 0, G_OPTION_ARG_FILENAME, &options.archive,
      N_("Lay the files of a gzip'd tar in the working directory"), N_("FILE.tgz") },
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &options.directory,
      N_("Lay the files of DIRECTORY in the working directory"), N_("DIRECTORY") },
    { "fallback", 0, 0, G_OPTION_ARG_FILENAME, &options.fallback,
      N_("Send the files of DIRECTORY if the saved environment is missing"),
      N_("DIRECTORY") },
    { "affinity-key", 0, 0, G_OPTION_ARG_STRING, &options.affinity_key,
      N_("Send KEY in the Sandbox-Affinity header, for a balancer"), N_("KEY") },
    { "result", 'r', 0, G_OPTION_ARG_STRING, &options.result_path,
      N_("Give the text of the file PATH as the result"), N_("PATH") },
    { "save", 's', 0, G_OPTION_ARG_NONE, &options.save,
      N_("Save the working directory as a new environment"), NULL },
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &options.config_file,
      N_("Start from the configuration in FILE.json"), N_("FILE.json") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json,
      N_("Print the server's answer as JSON"), NULL },
    { "progress", 0, 0, G_OPTION_ARG_NONE, &options.progress,
      N_("Show the upload's progress on stderr, even when it is not a terminal"), NULL },
    { "no-progress", 0, 0, G_OPTION_ARG_NONE, &options.no_progress,
      N_("Never show the upload's progress"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.commands,
      NULL, NULL },
    G_OPTION_ENTRY_NULL
  };

  if (!cli_command_parse (command, globals, entries, _(EXECUTE_DESCRIPTION),
                          &argc, &argv, &exit_code))
    return exit_code;

  if (options.archive != NULL && options.directory != NULL)
    return cli_usage_error (command, _("--archive and --dir exclude each other"));
  if (options.fallback != NULL && (options.archive != NULL || options.directory != NULL))
    return cli_usage_error (command,
                            _("--fallback excludes --archive and --dir: its files are "
                              "sent only if the saved environment is missing"));
  if (options.config_file == NULL && options.commands == NULL)
    return cli_usage_error (command, _("No command given"));
  if (!check_options (&options, &error))
    return cli_fail_input (command, error);

  config = load_config (options.config_file, &error);
  if (config == NULL && g_error_matches (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG))
    return cli_fail (error);
  if (config == NULL)
    return cli_fail_input (command, error);
  if (!apply_options (command, &options, config, &exit_code))
    return exit_code;

  client = cli_client_new (globals, &error);
  if (client == NULL)
    return cli_fail (error);

  execution = send (client, config, &options, &local, &error);
  if (execution == NULL)
    return local ? cli_fail_local (error) : cli_fail (error);

  if (options.json)
    cli_output_json (sandbox_execution_get_json (execution), FALSE);
  else
    cli_report_execution (execution);

  return exit_for_status (sandbox_execution_get_status (execution));
}
