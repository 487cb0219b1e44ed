/* sandbox-execution.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "sandbox-client-private.h"
#include "sandbox-command-result.h"
#include "sandbox-error.h"
#include "sandbox-execution.h"
#include "sandbox-json-describe-private.h"
#include "sandbox-i18n-private.h"

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

/**
 * SandboxExecution:
 *
 * The sandbox's answer to an execute request: the run's
 * [property@Sandbox.Execution:status], what each command did
 * ([property@Sandbox.Execution:commands]), the text of the result file, and
 * the saved environment when the configuration asked for one.
 *
 * The answer is checked when the object is made: every member the protocol
 * promises is there with the right type, so the getters never fail.
 * [method@Sandbox.Execution.get_json] gives the answer as it came, members
 * the library does not know included.
 *
 * A `SandboxExecution` never changes once made, so it may be shared between
 * threads.
 *
 * Since: 1.0
 */
struct _SandboxExecution
{
  GObject     parent_instance;

  JsonNode   *json;
  GListStore *commands;
  char       *result;
  char       *environment;
  GDateTime  *expire;
  char       *instance;
  double      total_time;
  int         status;
};

G_DEFINE_FINAL_TYPE (SandboxExecution, sandbox_execution, G_TYPE_OBJECT)

enum {
  RESULT_PROP_0,
  RESULT_PROP_COMMAND,
  RESULT_PROP_EXIT_CODE,
  RESULT_PROP_STDOUT,
  RESULT_PROP_STDERR,
  RESULT_PROP_TIME,
  RESULT_N_PROPS
};

enum {
  PROP_0,
  PROP_STATUS,
  PROP_TOTAL_TIME,
  PROP_RESULT,
  PROP_ENVIRONMENT,
  PROP_EXPIRE,
  PROP_COMMANDS,
  PROP_JSON,
  PROP_INSTANCE,
  N_PROPS
};

#define PARAM_READABLE (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)

/* Where get_property finds each property's value. */
static const gsize result_fields[RESULT_N_PROPS] = {
  [RESULT_PROP_COMMAND] = G_STRUCT_OFFSET (SandboxCommandResult, command),
  [RESULT_PROP_EXIT_CODE] = G_STRUCT_OFFSET (SandboxCommandResult, exit_code),
  [RESULT_PROP_STDOUT] = G_STRUCT_OFFSET (SandboxCommandResult, stdout_text),
  [RESULT_PROP_STDERR] = G_STRUCT_OFFSET (SandboxCommandResult, stderr_text),
  [RESULT_PROP_TIME] = G_STRUCT_OFFSET (SandboxCommandResult, time),
};

static const gsize execution_fields[N_PROPS] = {
  [PROP_STATUS] = G_STRUCT_OFFSET (SandboxExecution, status),
  [PROP_TOTAL_TIME] = G_STRUCT_OFFSET (SandboxExecution, total_time),
  [PROP_RESULT] = G_STRUCT_OFFSET (SandboxExecution, result),
  [PROP_ENVIRONMENT] = G_STRUCT_OFFSET (SandboxExecution, environment),
  [PROP_EXPIRE] = G_STRUCT_OFFSET (SandboxExecution, expire),
  [PROP_COMMANDS] = G_STRUCT_OFFSET (SandboxExecution, commands),
  [PROP_JSON] = G_STRUCT_OFFSET (SandboxExecution, json),
  [PROP_INSTANCE] = G_STRUCT_OFFSET (SandboxExecution, instance),
};

/* Where a member is, for an error: the answer itself, or an item of its
 * 'execution' array. Only a failure translates it. */
#define ANSWER G_MAXUINT

static char *
describe_where (guint item)
{
  if (item == ANSWER)
    return g_strdup (_("The sandbox's answer"));
  return g_strdup_printf (_("'execution' item %u"), item);
}

static JsonObject *
get_object (JsonNode    *node,
            guint        item,
            GError     **error)
{
  g_autofree char *where = NULL;

  if (_sandbox_json_holds (node, JSON_TYPE_OBJECT))
    return json_node_get_object (node);

  where = describe_where (item);
  g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
               /* Translators: the first %s is “The sandbox's answer” or “'execution'
                * item 1”, the second a JSON type (“an array”). */
               _("%s is not an object (it is %s)"), where, _sandbox_json_describe_type (node));
  return NULL;
}

/* Finds the member @name of @item, holding @type (as _sandbox_json_holds ()
 * sees it). *@out is NULL, without an error, when the member is missing or
 * null and @optional. */
static gboolean
get_member (JsonObject  *object,
            guint        item,
            const char  *name,
            GType        type,
            gboolean     optional,
            JsonNode   **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autofree char *where = NULL;
  const char *found;

  *out = NULL;
  if (node == NULL || (optional && JSON_NODE_HOLDS_NULL (node)))
    {
      if (optional)
        return TRUE;
      where = describe_where (item);
      g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
                   _("%s has no '%s' member"), where, name);
      return FALSE;
    }

  if (_sandbox_json_holds (node, type))
    {
      *out = node;
      return TRUE;
    }

  where = describe_where (item);
  found = _sandbox_json_describe_type (node);
  if (type == G_TYPE_STRING)
    g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
                 _("%s has no string '%s' (it is %s)"), where, name, found);
  else if (type == G_TYPE_INT64)
    g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
                 _("%s has no integer '%s' (it is %s)"), where, name, found);
  else if (type == G_TYPE_DOUBLE)
    g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
                 _("%s has no number '%s' (it is %s)"), where, name, found);
  else
    g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
                 _("%s has no array '%s' (it is %s)"), where, name, found);
  return FALSE;
}

/* Replaces *@out with a copy of the string: NULL when it is optional and
 * missing or null. */
static gboolean
read_string (JsonObject  *object,
             guint        item,
             const char  *name,
             gboolean     optional,
             char       **out,
             GError     **error)
{
  g_autofree char *where = NULL;
  JsonNode *node;

  if (!get_member (object, item, name, G_TYPE_STRING, optional, &node, error))
    return FALSE;

  if (node == NULL || g_utf8_validate (json_node_get_string (node), -1, NULL))
    {
      g_free (*out);
      *out = node != NULL ? json_node_dup_string (node) : NULL;
      return TRUE;
    }

  where = describe_where (item);
  g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
               _("%s has a '%s' that is not valid UTF-8"), where, name);
  return FALSE;
}

/* An integer that fits in an int: a bigger one is an error, not a wrap. */
static gboolean
read_int (JsonObject  *object,
          guint        item,
          const char  *name,
          int         *out,
          GError     **error)
{
  JsonNode *node;
  gint64 value;
  g_autofree char *where = NULL;
  g_autofree char *shown = NULL;

  if (!get_member (object, item, name, G_TYPE_INT64, FALSE, &node, error))
    return FALSE;

  value = json_node_get_int (node);
  if (value >= G_MININT && value <= G_MAXINT)
    {
      *out = (int) value;
      return TRUE;
    }

  where = describe_where (item);
  shown = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
               _("%s has an out-of-range '%s' (%s)"), where, name, shown);
  return FALSE;
}

static gboolean
read_double (JsonObject  *object,
             guint        item,
             const char  *name,
             double      *out,
             GError     **error)
{
  g_autofree char *where = NULL;
  JsonNode *node;

  if (!get_member (object, item, name, G_TYPE_DOUBLE, FALSE, &node, error))
    return FALSE;

  *out = json_node_get_double (node);
  if (isfinite (*out))
    return TRUE;

  where = describe_where (item);
  g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
               _("%s has a '%s' that is not a finite number"), where, name);
  return FALSE;
}

static SandboxCommandResult *
read_command_result (JsonNode  *node,
                     guint      index,
                     GError   **error)
{
  g_autoptr(SandboxCommandResult) result = NULL;
  JsonObject *object = get_object (node, index, error);

  if (object == NULL)
    return NULL;

  result = g_object_new (SANDBOX_TYPE_COMMAND_RESULT, NULL);
  if (!read_string (object, index, "command", FALSE, &result->command, error) ||
      !read_int (object, index, "exit_code", &result->exit_code, error) ||
      !read_string (object, index, "stdout", FALSE, &result->stdout_text, error) ||
      !read_string (object, index, "stderr", FALSE, &result->stderr_text, error) ||
      !read_double (object, index, "time", &result->time, error))
    return NULL;

  return g_steal_pointer (&result);
}

static gboolean
read_commands (SandboxExecution  *self,
               JsonObject        *object,
               GError           **error)
{
  JsonNode *node;
  JsonArray *array;

  if (!get_member (object, ANSWER, "execution", JSON_TYPE_ARRAY, FALSE, &node, error))
    return FALSE;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(SandboxCommandResult) result = NULL;

      result = read_command_result (json_array_get_element (array, i), i, error);
      if (result == NULL)
        return FALSE;

      g_list_store_append (self->commands, result);
    }

  return TRUE;
}

static gboolean
read_expire (SandboxExecution  *self,
             JsonObject        *object,
             GError           **error)
{
  g_autofree char *text = NULL;

  if (!read_string (object, ANSWER, "expire", TRUE, &text, error))
    return FALSE;

  if (text == NULL)
    return TRUE;

  self->expire = g_date_time_new_from_iso8601 (text, NULL);
  if (self->expire != NULL)
    return TRUE;

  g_set_error_literal (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
                       _("The sandbox's answer has an 'expire' that is not an ISO 8601 "
                         "date and time with a UTC offset"));
  return FALSE;
}

static void
sandbox_command_result_finalize (GObject *object)
{
  SandboxCommandResult *self = (SandboxCommandResult *)object;

  g_clear_pointer (&self->command, g_free);
  g_clear_pointer (&self->stdout_text, g_free);
  g_clear_pointer (&self->stderr_text, g_free);

  G_OBJECT_CLASS (sandbox_command_result_parent_class)->finalize (object);
}

/* Gives @value the field @offset bytes into @object, of @value's type. */
static void
get_field (GObject *object,
           gsize    offset,
           GValue  *value)
{
  gpointer field = G_STRUCT_MEMBER_P (object, offset);

  if (G_VALUE_HOLDS_STRING (value))
    g_value_set_string (value, *(const char **) field);
  else if (G_VALUE_HOLDS_INT (value))
    g_value_set_int (value, *(int *) field);
  else if (G_VALUE_HOLDS_DOUBLE (value))
    g_value_set_double (value, *(double *) field);
  else if (G_VALUE_HOLDS_OBJECT (value))
    g_value_set_object (value, *(gpointer *) field);
  else
    g_value_set_boxed (value, *(gpointer *) field);
}

static void
sandbox_command_result_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  get_field (object, result_fields[prop_id], value);
}

static void
sandbox_command_result_class_init (SandboxCommandResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamSpec *properties[RESULT_N_PROPS] = { NULL, };

  object_class->finalize = sandbox_command_result_finalize;
  object_class->get_property = sandbox_command_result_get_property;

  /**
   * SandboxCommandResult:command: (getter get_command)
   *
   * The command line that ran, without the `-` that let it fail.
   *
   * Since: 1.0
   */
  properties[RESULT_PROP_COMMAND] =
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
  properties[RESULT_PROP_EXIT_CODE] =
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
  properties[RESULT_PROP_STDOUT] =
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
  properties[RESULT_PROP_STDERR] =
    g_param_spec_string ("stderr", NULL, NULL, "", PARAM_READABLE);

  /**
   * SandboxCommandResult:time: (getter get_time)
   *
   * How long the command took, in seconds, process start included.
   *
   * Since: 1.0
   */
  properties[RESULT_PROP_TIME] =
    g_param_spec_double ("time", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0, PARAM_READABLE);

  g_object_class_install_properties (object_class, RESULT_N_PROPS, properties);
}

static void
sandbox_command_result_init (SandboxCommandResult *self)
{
  self->command = g_strdup ("");
  self->stdout_text = g_strdup ("");
  self->stderr_text = g_strdup ("");
}

/**
 * sandbox_command_result_get_command: (get-property command)
 * @self: a [class@Sandbox.CommandResult]
 *
 * Gets [property@Sandbox.CommandResult:command].
 *
 * Returns: (transfer none): the command line that ran
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
 * Gets [property@Sandbox.CommandResult:exit-code].
 *
 * Returns: the exit code: 0 for success, -2 when the command timed out,
 *   -1 when its output was not UTF-8
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
 * Gets [property@Sandbox.CommandResult:stdout].
 *
 * Returns: (transfer none): what the command printed on its standard output
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
 * Gets [property@Sandbox.CommandResult:stderr].
 *
 * Returns: (transfer none): what the command printed on its standard error
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
 * Gets [property@Sandbox.CommandResult:time].
 *
 * Returns: how long the command took, in seconds
 *
 * Since: 1.0
 */
double
sandbox_command_result_get_time (SandboxCommandResult *self)
{
  g_return_val_if_fail (SANDBOX_IS_COMMAND_RESULT (self), 0.0);
  return self->time;
}

static void
sandbox_execution_finalize (GObject *object)
{
  SandboxExecution *self = (SandboxExecution *)object;

  g_clear_pointer (&self->json, json_node_unref);
  g_clear_object (&self->commands);
  g_clear_pointer (&self->result, g_free);
  g_clear_pointer (&self->environment, g_free);
  g_clear_pointer (&self->expire, g_date_time_unref);
  g_clear_pointer (&self->instance, g_free);

  G_OBJECT_CLASS (sandbox_execution_parent_class)->finalize (object);
}

static void
sandbox_execution_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  get_field (object, execution_fields[prop_id], value);
}

static void
sandbox_execution_class_init (SandboxExecutionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamSpec *properties[N_PROPS] = { NULL, };

  object_class->finalize = sandbox_execution_finalize;
  object_class->get_property = sandbox_execution_get_property;

  /**
   * SandboxExecution:status: (getter get_status)
   *
   * How the run ended: 0 (%SANDBOX_STATUS_SUCCESS) when every
   * command succeeded or the one that failed was allowed to; greater than
   * 0, the exit code of the command that stopped the run; less than 0, an
   * error of the sandbox, one of [enum@Sandbox.Status].
   * [func@Sandbox.Status.to_string] describes it.
   *
   * Since: 1.0
   */
  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL, G_MININT, G_MAXINT, 0, PARAM_READABLE);

  /**
   * SandboxExecution:total-time: (getter get_total_time)
   *
   * How long the server took over the whole request, in seconds.
   *
   * Since: 1.0
   */
  properties[PROP_TOTAL_TIME] =
    g_param_spec_double ("total-time", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0, PARAM_READABLE);

  /**
   * SandboxExecution:result: (getter get_result)
   *
   * The text of the file named by the configuration's
   * [property@Sandbox.Config:result-path], read after the last command
   * that ran; %NULL when no result file was asked for or it was not found.
   *
   * Since: 1.0
   */
  properties[PROP_RESULT] =
    g_param_spec_string ("result", NULL, NULL, NULL, PARAM_READABLE);

  /**
   * SandboxExecution:environment: (getter get_environment)
   *
   * The UUID of the environment saved after the run, when the
   * configuration's [property@Sandbox.Config:save] asked for it; else %NULL.
   *
   * Since: 1.0
   */
  properties[PROP_ENVIRONMENT] =
    g_param_spec_string ("environment", NULL, NULL, NULL, PARAM_READABLE);

  /**
   * SandboxExecution:expire: (getter get_expire)
   *
   * When the server will delete the saved
   * [property@Sandbox.Execution:environment]; %NULL when none was saved.
   *
   * Since: 1.0
   */
  properties[PROP_EXPIRE] =
    g_param_spec_boxed ("expire", NULL, NULL, G_TYPE_DATE_TIME, PARAM_READABLE);

  /**
   * SandboxExecution:commands: (getter get_commands)
   *
   * A [iface@Gio.ListModel] of [class@Sandbox.CommandResult], one for each
   * command that ran, in order. Commands after the one that stopped the run
   * did not run and are not in it.
   *
   * Since: 1.0
   */
  properties[PROP_COMMANDS] =
    g_param_spec_object ("commands", NULL, NULL, G_TYPE_LIST_MODEL, PARAM_READABLE);

  /**
   * SandboxExecution:json: (getter get_json)
   *
   * The answer as the server sent it, members the library does not know
   * included.
   *
   * Since: 1.0
   */
  properties[PROP_JSON] =
    g_param_spec_boxed ("json", NULL, NULL, JSON_TYPE_NODE, PARAM_READABLE);

  /**
   * SandboxExecution:instance: (getter get_instance)
   *
   * The server instance that answered, as its `Sandbox-Instance` answer
   * header names it (a server of a fleet sends it: see
   * [A fleet of servers](fleet.html)); %NULL when the answer had none, and
   * for an execution made by [ctor@Sandbox.Execution.new_from_json].
   *
   * Since: 1.1
   */
  properties[PROP_INSTANCE] =
    g_param_spec_string ("instance", NULL, NULL, NULL, PARAM_READABLE);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sandbox_execution_init (SandboxExecution *self)
{
  self->commands = g_list_store_new (SANDBOX_TYPE_COMMAND_RESULT);
}

/**
 * sandbox_execution_new_from_json:
 * @node: the JSON answer of the server's `execute/` endpoint
 *
 * Reads an execute answer, checking that it is what the protocol promises:
 * an object with an integer `status`, an `execution` array whose items
 * have a string `command`, an integer `exit_code`, a string `stdout` and
 * `stderr` and a number `time`, and a number `total_time`; `result`,
 * `environment` and `expire` (ISO 8601 with a UTC offset) may be missing
 * or null. An integer where a number is expected is fine; other members are
 * ignored.
 *
 * The execution keeps a reference to @node: do not change it afterwards.
 *
 * Returns: (transfer full): a new [class@Sandbox.Execution], or %NULL with
 *   @error set to %SANDBOX_ERROR_INVALID_RESPONSE, whose message names the
 *   member at fault
 *
 * Since: 1.0
 */
SandboxExecution *
sandbox_execution_new_from_json (JsonNode  *node,
                                 GError   **error)
{
  g_autoptr(SandboxExecution) self = NULL;
  JsonObject *object;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  object = get_object (node, ANSWER, error);
  if (object == NULL)
    return NULL;

  self = g_object_new (SANDBOX_TYPE_EXECUTION, NULL);
  if (!read_int (object, ANSWER, "status", &self->status, error) ||
      !read_commands (self, object, error) ||
      !read_double (object, ANSWER, "total_time", &self->total_time, error) ||
      !read_string (object, ANSWER, "result", TRUE, &self->result, error) ||
      !read_string (object, ANSWER, "environment", TRUE, &self->environment, error) ||
      !read_expire (self, object, error))
    return NULL;

  self->json = json_node_ref (node);

  return g_steal_pointer (&self);
}

/**
 * sandbox_execution_get_status: (get-property status)
 * @self: a [class@Sandbox.Execution]
 *
 * Gets [property@Sandbox.Execution:status].
 *
 * Returns: how the run ended: 0 for success, the exit code of the command
 *   that stopped the run, or a negative [enum@Sandbox.Status]
 *
 * Since: 1.0
 */
int
sandbox_execution_get_status (SandboxExecution *self)
{
  g_return_val_if_fail (SANDBOX_IS_EXECUTION (self), SANDBOX_STATUS_UNKNOWN);
  return self->status;
}

/**
 * sandbox_execution_get_total_time: (get-property total-time)
 * @self: a [class@Sandbox.Execution]
 *
 * Gets [property@Sandbox.Execution:total-time].
 *
 * Returns: how long the server took over the whole request, in seconds
 *
 * Since: 1.0
 */
double
sandbox_execution_get_total_time (SandboxExecution *self)
{
  g_return_val_if_fail (SANDBOX_IS_EXECUTION (self), 0.0);
  return self->total_time;
}

/**
 * sandbox_execution_get_result: (get-property result)
 * @self: a [class@Sandbox.Execution]
 *
 * Gets [property@Sandbox.Execution:result].
 *
 * Returns: (nullable): the text of the result file, or %NULL
 *
 * Since: 1.0
 */
const char *
sandbox_execution_get_result (SandboxExecution *self)
{
  g_return_val_if_fail (SANDBOX_IS_EXECUTION (self), NULL);
  return self->result;
}

/**
 * sandbox_execution_get_environment: (get-property environment)
 * @self: a [class@Sandbox.Execution]
 *
 * Gets the UUID of the environment saved after the run. Download it with
 * [method@Sandbox.Client.download], or start another execution from it
 * with [method@Sandbox.Config.set_environment].
 *
 * Returns: (nullable): the UUID, or %NULL when none was saved
 *
 * Since: 1.0
 */
const char *
sandbox_execution_get_environment (SandboxExecution *self)
{
  g_return_val_if_fail (SANDBOX_IS_EXECUTION (self), NULL);
  return self->environment;
}

/**
 * sandbox_execution_get_expire: (get-property expire)
 * @self: a [class@Sandbox.Execution]
 *
 * Gets [property@Sandbox.Execution:expire].
 *
 * Returns: (transfer none) (nullable): when the server will delete the
 *   saved environment, or %NULL when none was saved
 *
 * Since: 1.0
 */
GDateTime *
sandbox_execution_get_expire (SandboxExecution *self)
{
  g_return_val_if_fail (SANDBOX_IS_EXECUTION (self), NULL);
  return self->expire;
}

/**
 * sandbox_execution_get_instance: (get-property instance)
 * @self: a [class@Sandbox.Execution]
 *
 * Gets [property@Sandbox.Execution:instance].
 *
 * Returns: (transfer none) (nullable): the instance that answered, or %NULL
 *
 * Since: 1.1
 */
const char *
sandbox_execution_get_instance (SandboxExecution *self)
{
  g_return_val_if_fail (SANDBOX_IS_EXECUTION (self), NULL);
  return self->instance;
}

/* Before the execution is handed to anyone: it never changes afterwards. */
void
_sandbox_execution_set_instance (SandboxExecution *self,
                                 const char       *instance)
{
  g_free (self->instance);
  self->instance = g_strdup (instance);
}

/* No (element-type) below: g-ir-scanner 1.74 refuses it on a GListModel. */
/**
 * sandbox_execution_get_commands: (get-property commands)
 * @self: a [class@Sandbox.Execution]
 *
 * Gets [property@Sandbox.Execution:commands].
 *
 * Returns: (transfer none): what each command that ran did, in order
 *
 * Since: 1.0
 */
GListModel *
sandbox_execution_get_commands (SandboxExecution *self)
{
  g_return_val_if_fail (SANDBOX_IS_EXECUTION (self), NULL);
  return G_LIST_MODEL (self->commands);
}

/**
 * sandbox_execution_get_json: (get-property json)
 * @self: a [class@Sandbox.Execution]
 *
 * Gets [property@Sandbox.Execution:json].
 *
 * Returns: (transfer none): the answer as the server sent it, the JSON
 *   node given to [ctor@Sandbox.Execution.new_from_json]
 *
 * Since: 1.0
 */
JsonNode *
sandbox_execution_get_json (SandboxExecution *self)
{
  g_return_val_if_fail (SANDBOX_IS_EXECUTION (self), NULL);
  return self->json;
}

/**
 * sandbox_status_to_string:
 * @status: a [property@Sandbox.Execution:status]
 *
 * Describes a status in a few English words (not translated): "success",
 * "command failed" for a status greater than 0, "unknown error",
 * "timed out", "result not found", "result is not UTF-8", or
 * "unknown status" for a negative status the protocol does not define.
 *
 * Returns: (transfer none): a static string
 *
 * Since: 1.0
 */
const char *
sandbox_status_to_string (int status)
{
  if (status > 0)
    return "command failed";

  switch (status)
    {
    case SANDBOX_STATUS_SUCCESS:
      return "success";
    case SANDBOX_STATUS_UNKNOWN:
      return "unknown error";
    case SANDBOX_STATUS_TIMEOUT:
      return "timed out";
    case SANDBOX_STATUS_RESULT_NOT_FOUND:
      return "result not found";
    case SANDBOX_STATUS_RESULT_NOT_UTF8:
      return "result is not UTF-8";
    default:
      return "unknown status";
    }
}
