/* sandbox-command-result.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-command-result-private.h"

/**
 * SandboxCommandResult:
 *
 * What one command of an execution did: one entry of the answer's
 * `execution` list, found in [property@Sandbox.Execution:commands].
 *
 * A `SandboxCommandResult` never changes once made, so it may be shared
 * between threads.
 *
 * Since: 1.0
 */
struct _SandboxCommandResult
{
  GObject  parent_instance;

  char    *command;
  char    *stdout_text;
  char    *stderr_text;
  double   time;
  int      exit_code;
};

G_DEFINE_FINAL_TYPE (SandboxCommandResult, sandbox_command_result, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_COMMAND,
  PROP_EXIT_CODE,
  PROP_STDOUT,
  PROP_STDERR,
  PROP_TIME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define PARAM_READABLE (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)

static void
sandbox_command_result_finalize (GObject *object)
{
  SandboxCommandResult *self = (SandboxCommandResult *)object;

  g_clear_pointer (&self->command, g_free);
  g_clear_pointer (&self->stdout_text, g_free);
  g_clear_pointer (&self->stderr_text, g_free);

  G_OBJECT_CLASS (sandbox_command_result_parent_class)->finalize (object);
}

static void
sandbox_command_result_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  SandboxCommandResult *self = SANDBOX_COMMAND_RESULT (object);

  switch (prop_id)
    {
    case PROP_COMMAND:
      g_value_set_string (value, self->command);
      break;

    case PROP_EXIT_CODE:
      g_value_set_int (value, self->exit_code);
      break;

    case PROP_STDOUT:
      g_value_set_string (value, self->stdout_text);
      break;

    case PROP_STDERR:
      g_value_set_string (value, self->stderr_text);
      break;

    case PROP_TIME:
      g_value_set_double (value, self->time);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sandbox_command_result_class_init (SandboxCommandResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sandbox_command_result_finalize;
  object_class->get_property = sandbox_command_result_get_property;

  /**
   * SandboxCommandResult:command: (getter get_command)
   *
   * The command line that ran, without the `-` that let it fail.
   *
   * Since: 1.0
   */
  properties[PROP_COMMAND] =
    g_param_spec_string ("command", NULL, NULL, "", PARAM_READABLE);

  /**
   * SandboxCommandResult:exit-code: (getter get_exit_code)
   *
   * The command's exit code: 0 for success, -2 when it timed out, -1 when
   * its output was not UTF-8 (then [property@Sandbox.CommandResult:stdout]
   * is empty).
   *
   * Since: 1.0
   */
  properties[PROP_EXIT_CODE] =
    g_param_spec_int ("exit-code", NULL, NULL, G_MININT, G_MAXINT, 0, PARAM_READABLE);

  /**
   * SandboxCommandResult:stdout: (getter get_stdout)
   *
   * What the command printed on its standard output, stripped of leading
   * and trailing white space by the server. Output printed before a
   * timeout is lost.
   *
   * Since: 1.0
   */
  properties[PROP_STDOUT] =
    g_param_spec_string ("stdout", NULL, NULL, "", PARAM_READABLE);

  /**
   * SandboxCommandResult:stderr: (getter get_stderr)
   *
   * What the command printed on its standard error, stripped of leading and
   * trailing white space by the server; for a command that timed out, the
   * server's message `Command timed out after <timeout> seconds`.
   *
   * Since: 1.0
   */
  properties[PROP_STDERR] =
    g_param_spec_string ("stderr", NULL, NULL, "", PARAM_READABLE);

  /**
   * SandboxCommandResult:time: (getter get_time)
   *
   * How long the command took, in seconds, process start included.
   *
   * Since: 1.0
   */
  properties[PROP_TIME] =
    g_param_spec_double ("time", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0, PARAM_READABLE);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sandbox_command_result_init (SandboxCommandResult *self)
{
  self->command = g_strdup ("");
  self->stdout_text = g_strdup ("");
  self->stderr_text = g_strdup ("");
}

/* The answer's parser has checked the values already. */
SandboxCommandResult *
_sandbox_command_result_new (const char *command,
                             int         exit_code,
                             const char *stdout_text,
                             const char *stderr_text,
                             double      time)
{
  SandboxCommandResult *self;

  g_return_val_if_fail (command != NULL, NULL);
  g_return_val_if_fail (stdout_text != NULL, NULL);
  g_return_val_if_fail (stderr_text != NULL, NULL);

  self = g_object_new (SANDBOX_TYPE_COMMAND_RESULT, NULL);
  g_free (self->command);
  self->command = g_strdup (command);
  self->exit_code = exit_code;
  g_free (self->stdout_text);
  self->stdout_text = g_strdup (stdout_text);
  g_free (self->stderr_text);
  self->stderr_text = g_strdup (stderr_text);
  self->time = time;

  return self;
}

/**
 * sandbox_command_result_get_command: (get-property command)
 * @self: a [class@Sandbox.CommandResult]
 *
 * Gets the command line that ran, without the `-` that let it fail.
 *
 * Returns: (transfer none): the command line
 *
 * Since: 1.0
 */
const char *
sandbox_command_result_get_command (SandboxCommandResult *self)
{
  g_return_val_if_fail (SANDBOX_IS_COMMAND_RESULT (self), NULL);

  return self->command;
}

/**
 * sandbox_command_result_get_exit_code: (get-property exit-code)
 * @self: a [class@Sandbox.CommandResult]
 *
 * Gets the command's exit code.
 *
 * Returns: the exit code: 0 for success, -2 when the command timed out, -1
 *   when its output was not UTF-8
 *
 * Since: 1.0
 */
int
sandbox_command_result_get_exit_code (SandboxCommandResult *self)
{
  g_return_val_if_fail (SANDBOX_IS_COMMAND_RESULT (self), 0);

  return self->exit_code;
}

/**
 * sandbox_command_result_get_stdout: (get-property stdout)
 * @self: a [class@Sandbox.CommandResult]
 *
 * Gets what the command printed on its standard output.
 *
 * Returns: (transfer none): the output, stripped of leading and trailing
 *   white space
 *
 * Since: 1.0
 */
const char *
sandbox_command_result_get_stdout (SandboxCommandResult *self)
{
  g_return_val_if_fail (SANDBOX_IS_COMMAND_RESULT (self), NULL);

  return self->stdout_text;
}

/**
 * sandbox_command_result_get_stderr: (get-property stderr)
 * @self: a [class@Sandbox.CommandResult]
 *
 * Gets what the command printed on its standard error.
 *
 * Returns: (transfer none): the output, stripped of leading and trailing
 *   white space
 *
 * Since: 1.0
 */
const char *
sandbox_command_result_get_stderr (SandboxCommandResult *self)
{
  g_return_val_if_fail (SANDBOX_IS_COMMAND_RESULT (self), NULL);

  return self->stderr_text;
}

/**
 * sandbox_command_result_get_time: (get-property time)
 * @self: a [class@Sandbox.CommandResult]
 *
 * Gets how long the command took.
 *
 * Returns: the time in seconds
 *
 * Since: 1.0
 */
double
sandbox_command_result_get_time (SandboxCommandResult *self)
{
  g_return_val_if_fail (SANDBOX_IS_COMMAND_RESULT (self), 0.0);

  return self->time;
}
