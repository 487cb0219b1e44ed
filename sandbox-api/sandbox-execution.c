/* sandbox-execution.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "sandbox-command-result-private.h"
#include "sandbox-error.h"
#include "sandbox-execution.h"
#include "sandbox-json-describe-private.h"

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
  double      total_time;
  int         status;
};

G_DEFINE_FINAL_TYPE (SandboxExecution, sandbox_execution, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATUS,
  PROP_TOTAL_TIME,
  PROP_RESULT,
  PROP_ENVIRONMENT,
  PROP_EXPIRE,
  PROP_COMMANDS,
  PROP_JSON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define PARAM_READABLE (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)

#define ANSWER "The sandbox's answer"

/* Finds a member; a missing one sets @error unless @optional. Returns NULL
 * when it is missing (or null, when @optional). */
static JsonNode *
get_member (JsonObject  *object,
            const char  *where,
            const char  *name,
            gboolean     optional,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL && !optional)
    g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
                 "%s has no '%s' member", where, name);

  if (node != NULL && optional && JSON_NODE_HOLDS_NULL (node))
    return NULL;

  return node;
}

/* Sets @error for a member @name of @where that is not a @kind. */
static gboolean
wrong_type (const char  *where,
            const char  *kind,
            const char  *name,
            JsonNode    *node,
            GError     **error)
{
  g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
               "%s has no %s '%s' (it is %s)",
               where, kind, name, _sandbox_json_describe_type (node));
  return FALSE;
}

static gboolean
read_string (JsonObject  *object,
             const char  *where,
             const char  *name,
             gboolean     optional,
             char       **out,
             GError     **error)
{
  JsonNode *node = get_member (object, where, name, optional, error);
  const char *text;

  if (node == NULL)
    return optional;

  if (!JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING ||
      (text = json_node_get_string (node)) == NULL)
    return wrong_type (where, "string", name, node, error);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
                   "%s has a '%s' that is not valid UTF-8", where, name);
      return FALSE;
    }

  *out = g_strdup (text);

  return TRUE;
}

/* A finite number into @out, or with @out_int an integer that fits in an
 * int (a bigger one is an error, not a wrap). */
static gboolean
read_number (JsonObject  *object,
             const char  *where,
             const char  *name,
             double      *out,
             int         *out_int,
             GError     **error)
{
  JsonNode *node = get_member (object, where, name, FALSE, error);
  GType type;
  double value;

  if (node == NULL)
    return FALSE;

  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_INT64 && (out_int != NULL || type != G_TYPE_DOUBLE))
    return wrong_type (where, out_int != NULL ? "integer" : "number", name, node, error);

  if (out_int != NULL && (json_node_get_int (node) < G_MININT ||
                          json_node_get_int (node) > G_MAXINT))
    {
      g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
                   "%s has an out-of-range '%s' (%" G_GINT64_FORMAT ")",
                   where, name, json_node_get_int (node));
      return FALSE;
    }

  value = type == G_TYPE_INT64 ? (double) json_node_get_int (node) : json_node_get_double (node);
  if (!isfinite (value))
    {
      g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
                   "%s has a '%s' that is not a finite number", where, name);
      return FALSE;
    }

  if (out_int != NULL)
    *out_int = (int) value;
  else
    *out = value;
  return TRUE;
}

static SandboxCommandResult *
read_command_result (JsonArray  *array,
                     guint       index,
                     GError    **error)
{
  g_autofree char *where = g_strdup_printf ("'execution' item %u", index);
  g_autofree char *command = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  JsonNode *node = json_array_get_element (array, index);
  JsonObject *object;
  int exit_code;
  double time;

  if (!JSON_NODE_HOLDS_OBJECT (node) ||
      (object = json_node_get_object (node)) == NULL)
    {
      g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
                   "%s is not an object (it is %s)", where, _sandbox_json_describe_type (node));
      return NULL;
    }

  if (!read_string (object, where, "command", FALSE, &command, error) ||
      !read_number (object, where, "exit_code", NULL, &exit_code, error) ||
      !read_string (object, where, "stdout", FALSE, &stdout_text, error) ||
      !read_string (object, where, "stderr", FALSE, &stderr_text, error) ||
      !read_number (object, where, "time", &time, NULL, error))
    return NULL;

  return _sandbox_command_result_new (command, exit_code,
                                      stdout_text, stderr_text, time);
}

static gboolean
read_commands (SandboxExecution  *self,
               JsonObject        *object,
               GError           **error)
{
  JsonNode *node = get_member (object, ANSWER, "execution", FALSE, error);
  JsonArray *array;
  guint length;

  if (node == NULL)
    return FALSE;

  if (!JSON_NODE_HOLDS_ARRAY (node) ||
      (array = json_node_get_array (node)) == NULL)
    return wrong_type (ANSWER, "array", "execution", node, error);

  length = json_array_get_length (array);
  for (guint i = 0; i < length; i++)
    {
      g_autoptr(SandboxCommandResult) result = NULL;

      result = read_command_result (array, i, error);
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
  if (self->expire == NULL)
    {
      g_set_error_literal (error, SANDBOX_ERROR,
                           SANDBOX_ERROR_INVALID_RESPONSE,
                           ANSWER " has an 'expire' that is not an ISO 8601 "
                           "date and time with a UTC offset");
      return FALSE;
    }

  return TRUE;
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

  G_OBJECT_CLASS (sandbox_execution_parent_class)->finalize (object);
}

static void
sandbox_execution_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SandboxExecution *self = SANDBOX_EXECUTION (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;

    case PROP_TOTAL_TIME:
      g_value_set_double (value, self->total_time);
      break;

    case PROP_RESULT:
      g_value_set_string (value, self->result);
      break;

    case PROP_ENVIRONMENT:
      g_value_set_string (value, self->environment);
      break;

    case PROP_EXPIRE:
      g_value_set_boxed (value, self->expire);
      break;

    case PROP_COMMANDS:
      g_value_set_object (value, self->commands);
      break;

    case PROP_JSON:
      g_value_set_boxed (value, self->json);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sandbox_execution_class_init (SandboxExecutionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

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

  if (!JSON_NODE_HOLDS_OBJECT (node) ||
      (object = json_node_get_object (node)) == NULL)
    {
      g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE,
                   ANSWER " is not an object (it is %s)", _sandbox_json_describe_type (node));
      return NULL;
    }

  self = g_object_new (SANDBOX_TYPE_EXECUTION, NULL);

  if (!read_number (object, ANSWER, "status", NULL, &self->status, error) ||
      !read_commands (self, object, error) ||
      !read_number (object, ANSWER, "total_time", &self->total_time, NULL, error) ||
      !read_string (object, ANSWER, "result", TRUE, &self->result, error) ||
      !read_string (object, ANSWER, "environment", TRUE,
                    &self->environment, error) ||
      !read_expire (self, object, error))
    return NULL;

  self->json = json_node_ref (node);

  return g_steal_pointer (&self);
}

/**
 * sandbox_execution_get_status: (get-property status)
 * @self: a [class@Sandbox.Execution]
 *
 * Gets how the run ended.
 *
 * Returns: 0 for success, the exit code of the command that stopped the
 *   run, or a negative [enum@Sandbox.Status]
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
 * Gets how long the server took over the whole request.
 *
 * Returns: the time in seconds
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
 * Gets the text of the result file.
 *
 * Returns: (nullable): the text, or %NULL when there is none
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
 * Gets when the server will delete the saved environment.
 *
 * Returns: (transfer none) (nullable): the date and time, or %NULL when no
 *   environment was saved
 *
 * Since: 1.0
 */
GDateTime *
sandbox_execution_get_expire (SandboxExecution *self)
{
  g_return_val_if_fail (SANDBOX_IS_EXECUTION (self), NULL);

  return self->expire;
}

/* No (element-type) below: g-ir-scanner 1.74 refuses it on a GListModel. */
/**
 * sandbox_execution_get_commands: (get-property commands)
 * @self: a [class@Sandbox.Execution]
 *
 * Gets what each command that ran did, in order.
 *
 * Returns: (transfer none): a [iface@Gio.ListModel] of
 *   [class@Sandbox.CommandResult]
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
 * Gets the answer as the server sent it.
 *
 * Returns: (transfer none): the JSON node given to
 *   [ctor@Sandbox.Execution.new_from_json]
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
