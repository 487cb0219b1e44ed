/* sandbox-config.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sandbox-config-private.h"
#include "sandbox-error.h"
#include "sandbox-json-describe-private.h"
#include "sandbox-json-private.h"
#include "sandbox-json-scan-private.h"
#include "sandbox-i18n-private.h"

/**
 * SandboxConfig:
 *
 * The configuration of one execution: the commands the sandbox runs, the
 * environment variables they see, the file whose text becomes the result,
 * the saved environment to start from, and whether to save the directory
 * afterwards.
 *
 * Build one with [ctor@Sandbox.Config.new] and its setters, or read one
 * from the JSON the server takes with [ctor@Sandbox.Config.new_from_json]
 * or [ctor@Sandbox.Config.new_from_string]. [method@Sandbox.Config.to_json]
 * and [method@Sandbox.Config.to_string] give the JSON back.
 *
 * ```c
 * g_autoptr(SandboxConfig) config = sandbox_config_new ();
 *
 * sandbox_config_add_command (config, "echo $((2+2)) > result.txt", FALSE);
 * sandbox_config_add_command_with_timeout (config, "make test", TRUE, 5);
 * sandbox_config_set_variable (config, "VAR1", "value1");
 * sandbox_config_set_result_path (config, "result.txt");
 * ```
 *
 * [func@Sandbox.Config.validate] checks a JSON configuration the way the
 * server does, so that a mistake is reported before anything is sent.
 *
 * A `SandboxConfig` is not thread-safe: do not change it while another
 * thread uses it.
 *
 * Since: 1.0
 */
struct _SandboxConfig
{
  GObject     parent_instance;

  /* strings, or objects with "command" and maybe "timeout" */
  JsonArray  *commands;
  /* "environ": name -> value, in the order they were set */
  JsonObject *variables;
  char       *result_path;
  char       *environment;
  /* sent as the Sandbox-Affinity header, never in the JSON */
  char       *affinity_key;
  /* the unknown top-level members of the JSON it came from, in order */
  JsonObject *extra;
  guint       save : 1;
  /* "save" was in the JSON it came from */
  guint       save_given : 1;
};

G_DEFINE_FINAL_TYPE (SandboxConfig, sandbox_config, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_N_COMMANDS,
  PROP_RESULT_PATH,
  PROP_ENVIRONMENT,
  PROP_SAVE,
  PROP_AFFINITY_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define PARAM_READABLE (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
#define PARAM_READWRITE (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

/* How the server's refusal of a config that is not JSON begins, which
 * sandbox_config_new_from_string() documents: not translated. */
#define CONFIG_JSON_INVALID "'config' json is invalid - "

/* Fails unless the member @name of @object is absent, holds @type (as
 * _sandbox_json_holds () sees it), or is null and @null_ok. */
static gboolean
check_member (JsonObject  *object,
              const char  *name,
              GType        type,
              gboolean     null_ok,
              const char  *what,
              GError     **error)
{
  JsonNode *member = json_object_get_member (object, name);

  if (member == NULL || _sandbox_json_holds (member, type) ||
      (null_ok && JSON_NODE_HOLDS_NULL (member)))
    return TRUE;

  g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG,
               /* Translators: a member of the configuration (“save”), what it
                * must be (“a boolean”), then what it is (“a string”). */
               _("%s must be %s, not %s"), name, _(what), _sandbox_json_describe_type (member));
  return FALSE;
}

/* A string, or an object with a string "command", an optional number
 * "timeout" (not a boolean) and nothing else: the server fails with 500 on
 * other members, so they are refused here. */
static gboolean
command_is_valid (JsonNode *item)
{
  JsonObject *object;
  JsonNode *timeout;

  if (_sandbox_json_holds (item, G_TYPE_STRING))
    return TRUE;

  if (!_sandbox_json_holds (item, JSON_TYPE_OBJECT))
    return FALSE;

  object = json_node_get_object (item);
  timeout = json_object_get_member (object, "timeout");

  return _sandbox_json_holds (json_object_get_member (object, "command"), G_TYPE_STRING) &&
         (timeout == NULL || _sandbox_json_holds (timeout, G_TYPE_DOUBLE)) &&
         json_object_get_size (object) == (timeout != NULL ? 2u : 1u);
}

/* The server turns a value that is not a string into text of its own
 * making: fine for numbers, booleans and null, not for arrays and objects. */
static gboolean
check_environ_values (JsonObject  *environ,
                      GError     **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init_ordered (&iter, environ);
  while (json_object_iter_next_ordered (&iter, &name, &value))
    {
      if (JSON_NODE_HOLDS_ARRAY (value) || JSON_NODE_HOLDS_OBJECT (value))
        {
          g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG,
                       _("environ values must be strings, numbers, booleans or null; "
                         "'%s' is %s"), name, _sandbox_json_describe_type (value));
          return FALSE;
        }
    }

  return TRUE;
}

/* Sets *@field, the value of the property @prop, notifying a change. */
static void
set_string (SandboxConfig  *self,
            guint           prop,
            char          **field,
            const char     *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
sandbox_config_finalize (GObject *object)
{
  SandboxConfig *self = (SandboxConfig *)object;

  g_clear_pointer (&self->commands, json_array_unref);
  g_clear_pointer (&self->variables, json_object_unref);
  g_clear_pointer (&self->result_path, g_free);
  g_clear_pointer (&self->environment, g_free);
  g_clear_pointer (&self->affinity_key, g_free);
  g_clear_pointer (&self->extra, json_object_unref);

  G_OBJECT_CLASS (sandbox_config_parent_class)->finalize (object);
}

static void
sandbox_config_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SandboxConfig *self = SANDBOX_CONFIG (object);

  switch (prop_id)
    {
    case PROP_N_COMMANDS:
      g_value_set_uint (value, sandbox_config_get_n_commands (self));
      break;
    case PROP_RESULT_PATH:
      g_value_set_string (value, self->result_path);
      break;
    case PROP_ENVIRONMENT:
      g_value_set_string (value, self->environment);
      break;
    case PROP_SAVE:
      g_value_set_boolean (value, self->save);
      break;
    case PROP_AFFINITY_KEY:
      g_value_set_string (value, self->affinity_key);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sandbox_config_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SandboxConfig *self = SANDBOX_CONFIG (object);

  switch (prop_id)
    {
    case PROP_RESULT_PATH:
      sandbox_config_set_result_path (self, g_value_get_string (value));
      break;
    case PROP_ENVIRONMENT:
      sandbox_config_set_environment (self, g_value_get_string (value));
      break;
    case PROP_SAVE:
      sandbox_config_set_save (self, g_value_get_boolean (value));
      break;
    case PROP_AFFINITY_KEY:
      sandbox_config_set_affinity_key (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sandbox_config_class_init (SandboxConfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sandbox_config_finalize;
  object_class->get_property = sandbox_config_get_property;
  object_class->set_property = sandbox_config_set_property;

  /**
   * SandboxConfig:n-commands: (getter get_n_commands)
   *
   * How many commands the configuration holds.
   *
   * Since: 1.0
   */
  properties[PROP_N_COMMANDS] =
    g_param_spec_uint ("n-commands", NULL, NULL, 0, G_MAXUINT, 0, PARAM_READABLE);

  /**
   * SandboxConfig:result-path: (getter get_result_path) (setter set_result_path)
   *
   * The file, relative to the directory where the commands run, whose text
   * becomes the execution's [property@Sandbox.Execution:result]; %NULL for
   * none. It is the configuration's `result_path` member.
   *
   * Since: 1.0
   */
  properties[PROP_RESULT_PATH] =
    g_param_spec_string ("result-path", NULL, NULL, NULL, PARAM_READWRITE);

  /**
   * SandboxConfig:environment: (getter get_environment) (setter set_environment)
   *
   * The UUID of an environment saved by an earlier execution, whose files
   * the commands start with; %NULL to start from an empty directory (or
   * from the uploaded archive only). The server answers 404 when no
   * environment has this UUID.
   *
   * Since: 1.0
   */
  properties[PROP_ENVIRONMENT] =
    g_param_spec_string ("environment", NULL, NULL, NULL, PARAM_READWRITE);

  /**
   * SandboxConfig:save: (getter get_save) (setter set_save)
   *
   * Whether the server keeps the directory after the run as a new
   * environment (for a day by default), answered in
   * [property@Sandbox.Execution:environment] and
   * [property@Sandbox.Execution:expire].
   *
   * Since: 1.0
   */
  properties[PROP_SAVE] =
    g_param_spec_boolean ("save", NULL, NULL, FALSE, PARAM_READWRITE);

  /**
   * SandboxConfig:affinity-key: (getter get_affinity_key) (setter set_affinity_key)
   *
   * A key of the application's (a user's or a submission's id, say) sent
   * with the execute in the `Sandbox-Affinity` request header, never in
   * the configuration's JSON, so that a balancer in front of several
   * servers sends the executes with the same key to the same server
   * (HAProxy's `balance hdr(Sandbox-Affinity)`: see
   * [A fleet of servers](fleet.html)); %NULL sends no header. Printable
   * ASCII only.
   *
   * Since: 1.1
   */
  properties[PROP_AFFINITY_KEY] =
    g_param_spec_string ("affinity-key", NULL, NULL, NULL, PARAM_READWRITE);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sandbox_config_init (SandboxConfig *self)
{
  self->commands = json_array_new ();
  self->variables = json_object_new ();
  self->extra = json_object_new ();
}

/**
 * sandbox_config_new:
 *
 * Creates an empty configuration. Add at least one command before it is
 * used: the server refuses a configuration without commands.
 *
 * Returns: (transfer full): a new [class@Sandbox.Config]
 *
 * Since: 1.0
 */
SandboxConfig *
sandbox_config_new (void)
{
  return g_object_new (SANDBOX_TYPE_CONFIG, NULL);
}

/**
 * sandbox_config_validate:
 * @node: a JSON configuration, as the server takes it
 *
 * Checks @node the way the server checks a configuration, in the same
 * order, so that what the server would refuse (with a 400 answer) is
 * refused before anything is sent, with a message in JSON terms such as
 * `commands must be a non-empty array, not a string`.
 *
 * Where the server checks too little, the library refuses more: a command
 * object with members other than `command` and `timeout` (the server fails
 * with 500), a boolean `timeout`, and, checked last, an `environment` that
 * is neither a string nor null and `environ` values that are arrays or
 * objects. Unknown members are allowed. First of all, a node built by hand
 * that nests deeper than 64 levels or holds text that is not UTF-8 (or
 * NaN) is refused.
 *
 * Returns: %TRUE if @node is a valid configuration; else %FALSE with
 *   @error set to %SANDBOX_ERROR_INVALID_CONFIG
 *
 * Since: 1.0
 */
gboolean
sandbox_config_validate (JsonNode  *node,
                         GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonNode *environ;
  JsonArray *commands;

  g_return_val_if_fail (node != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_sandbox_json_check_node (node, &local_error))
    {
      g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG,
                   _("config is not usable: %s"), local_error->message);
      return FALSE;
    }

  if (!_sandbox_json_holds (node, JSON_TYPE_OBJECT))
    {
      g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG,
                   _("the configuration must be a JSON object, not %s"),
                   _sandbox_json_describe_type (node));
      return FALSE;
    }

  object = json_node_get_object (node);
  if (!json_object_has_member (object, "commands"))
    {
      g_set_error_literal (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG,
                           _("commands must be a non-empty array; "
                             "the configuration has none"));
      return FALSE;
    }

  if (!check_member (object, "commands", JSON_TYPE_ARRAY, FALSE, N_("a non-empty array"), error) ||
      !check_member (object, "environ", JSON_TYPE_OBJECT, FALSE, N_("an object"), error))
    return FALSE;

  commands = json_object_get_array_member (object, "commands");
  if (json_array_get_length (commands) == 0)
    {
      g_set_error_literal (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG,
                           _("commands must be a non-empty array, not an empty one"));
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (commands); i++)
    {
      JsonNode *item = json_array_get_element (commands, i);

      if (!command_is_valid (item))
        {
          g_autofree char *text = _sandbox_json_describe_value (item);

          g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG,
                       _("commands[%u] must be a string or an object with a string "
                         "'command' and an optional number 'timeout', not %s"), i, text);
          return FALSE;
        }
    }

  if (!check_member (object, "result_path", G_TYPE_STRING, FALSE, N_("a string"), error) ||
      !check_member (object, "save", G_TYPE_BOOLEAN, FALSE, N_("a boolean"), error) ||
      !check_member (object, "environment", G_TYPE_STRING, TRUE, N_("a string or null"), error))
    return FALSE;

  environ = json_object_get_member (object, "environ");
  return environ == NULL || check_environ_values (json_node_get_object (environ), error);
}

/**
 * sandbox_config_new_from_json:
 * @node: a JSON configuration, as the server takes it
 *
 * Reads a configuration from its JSON form, after checking it with
 * [func@Sandbox.Config.validate].
 *
 * Nothing is lost: members the library does not know, and `environ` values
 * that are numbers, booleans or null, are kept as they are and given back by
 * [method@Sandbox.Config.to_json]. @node is copied, not kept.
 *
 * Returns: (transfer full): a new [class@Sandbox.Config], or %NULL with
 *   @error set to %SANDBOX_ERROR_INVALID_CONFIG
 *
 * Since: 1.0
 */
SandboxConfig *
sandbox_config_new_from_json (JsonNode  *node,
                              GError   **error)
{
  g_autoptr(SandboxConfig) self = NULL;
  g_autoptr(JsonNode) copy = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!sandbox_config_validate (node, error))
    return NULL;

  self = sandbox_config_new ();
  copy = _sandbox_json_copy_deep (node);

  json_object_iter_init_ordered (&iter, json_node_get_object (copy));
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      if (g_str_equal (name, "commands"))
        {
          json_array_unref (self->commands);
          self->commands = json_node_dup_array (member);
        }
      else if (g_str_equal (name, "environ"))
        {
          json_object_unref (self->variables);
          self->variables = json_node_dup_object (member);
        }
      else if (g_str_equal (name, "result_path"))
        self->result_path = json_node_dup_string (member);
      else if (g_str_equal (name, "environment"))
        self->environment = json_node_dup_string (member);
      else if (g_str_equal (name, "save"))
        {
          self->save = json_node_get_boolean (member);
          self->save_given = TRUE;
        }
      else
        json_object_set_member (self->extra, name, json_node_ref (member));
    }

  return g_steal_pointer (&self);
}

/**
 * sandbox_config_new_from_string:
 * @json: a JSON text
 *
 * Parses @json and reads the configuration with
 * [ctor@Sandbox.Config.new_from_json].
 *
 * @json must be one strict JSON text (RFC 8259), nested no deeper than 64
 * levels of arrays and objects, whose integers fit in 64 bits and whose
 * strings hold neither `\u0000` nor a lone surrogate (`\ud800`): such
 * values would not come back as they were written.
 *
 * Returns: (transfer full): a new [class@Sandbox.Config], or %NULL with
 *   @error set to %SANDBOX_ERROR_INVALID_CONFIG, whose message begins with
 *   `'config' json is invalid - ` when @json is not JSON
 *
 * Since: 1.0
 */
SandboxConfig *
sandbox_config_new_from_string (const char  *json,
                                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (json, -1, NULL))
    {
      /* The documented prefix, the server's own, stays as it is. */
      g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG,
                   CONFIG_JSON_INVALID "%s", _("the text is not UTF-8"));
      return NULL;
    }

  root = _sandbox_json_parse (json, strlen (json), 0, NULL, &local_error);
  if (root == NULL)
    {
      g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG,
                   CONFIG_JSON_INVALID "%s", local_error->message);
      return NULL;
    }

  return sandbox_config_new_from_json (root, error);
}

/* The configuration's JSON, holding references on its own values. */
static JsonNode *
build_json (SandboxConfig *self)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_node_take_object (node, json_object_new ());
  object = json_node_get_object (node);
  json_object_set_array_member (object, "commands", json_array_ref (self->commands));

  if (json_object_get_size (self->variables) > 0)
    json_object_set_object_member (object, "environ", json_object_ref (self->variables));

  if (self->result_path != NULL)
    json_object_set_string_member (object, "result_path", self->result_path);

  if (self->environment != NULL)
    json_object_set_string_member (object, "environment", self->environment);

  if (self->save || self->save_given)
    json_object_set_boolean_member (object, "save", self->save);

  json_object_iter_init_ordered (&iter, self->extra);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    json_object_set_member (object, name, json_node_ref (member));

  return node;
}

/**
 * sandbox_config_to_json:
 * @self: a [class@Sandbox.Config]
 *
 * Gives the configuration as the JSON object the server takes. Its members
 * come in this order: `commands`, `environ` (when a variable is set),
 * `result_path` and `environment` (when set), `save` (when true, or when
 * the JSON the configuration was read from had it), then the members
 * [ctor@Sandbox.Config.new_from_json] did not know.
 *
 * The result is not checked: pass it to [func@Sandbox.Config.validate] to
 * find out whether the server will take it (a configuration without
 * commands, for instance, gives `commands must be a non-empty array, not an
 * empty one`).
 *
 * Returns: (transfer full): a new JSON node holding an object
 *
 * Since: 1.0
 */
JsonNode *
sandbox_config_to_json (SandboxConfig *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (SANDBOX_IS_CONFIG (self), NULL);

  /* Built on the configuration's own values, then copied whole. */
  node = build_json (self);
  return _sandbox_json_copy_deep (node);
}

/* The text of the configuration, once checked as the server would. */
char *
_sandbox_config_to_checked_string (SandboxConfig  *self,
                                   GError        **error)
{
  g_autoptr(JsonNode) node = build_json (self);

  if (!sandbox_config_validate (node, error))
    return NULL;
  return _sandbox_json_to_string (node);
}

/**
 * sandbox_config_to_string:
 * @self: a [class@Sandbox.Config]
 *
 * Gives [method@Sandbox.Config.to_json] as compact JSON text, the text to
 * send as the `config` field. Numbers that are not integers are written in
 * their shortest form, as Python writes them (`0.2`, `5.0`).
 *
 * Returns: (transfer full): the JSON text
 *
 * Since: 1.0
 */
char *
sandbox_config_to_string (SandboxConfig *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (SANDBOX_IS_CONFIG (self), NULL);

  node = build_json (self);

  return _sandbox_json_to_string (node);
}

/**
 * sandbox_config_add_command:
 * @self: a [class@Sandbox.Config]
 * @command: a bash command line
 * @ignore_failure: whether the run goes on when the command fails or times out
 *
 * Appends a command, run as `bash -c` @command after the ones added
 * before, with no timeout of its own (the server's budget for the whole
 * request still applies).
 *
 * With @ignore_failure, one `-` is put before @command: the server removes
 * it before running the command, and does not stop the run when the
 * command fails. Without it, a @command that begins with `-` loses that
 * `-` on the server, so `--version` runs `-version`.
 *
 * Since: 1.0
 */
void
sandbox_config_add_command (SandboxConfig *self,
                            const char    *command,
                            gboolean       ignore_failure)
{
  g_autofree char *text = NULL;

  g_return_if_fail (SANDBOX_IS_CONFIG (self));
  g_return_if_fail (command != NULL);
  g_return_if_fail (g_utf8_validate (command, -1, NULL));

  text = g_strconcat (ignore_failure ? "-" : "", command, NULL);
  json_array_add_string_element (self->commands, text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_COMMANDS]);
}

/**
 * sandbox_config_add_command_with_timeout:
 * @self: a [class@Sandbox.Config]
 * @command: a bash command line
 * @ignore_failure: whether the run goes on when the command fails or times out
 * @timeout: the longest the command may run, in seconds: 0 for no timeout
 *   of its own, a negative one times out at once
 *
 * Appends a command as [method@Sandbox.Config.add_command] does, with a
 * timeout of its own. The server never lets a command run longer than what
 * is left of its budget for the whole request, whatever @timeout says.
 *
 * Since: 1.0
 */
void
sandbox_config_add_command_with_timeout (SandboxConfig *self,
                                         const char    *command,
                                         gboolean       ignore_failure,
                                         double         timeout)
{
  g_autofree char *text = NULL;
  JsonObject *object;

  g_return_if_fail (SANDBOX_IS_CONFIG (self));
  g_return_if_fail (command != NULL);
  g_return_if_fail (g_utf8_validate (command, -1, NULL));
  g_return_if_fail (isfinite (timeout));

  text = g_strconcat (ignore_failure ? "-" : "", command, NULL);
  object = json_object_new ();
  json_object_set_string_member (object, "command", text);
  json_object_set_double_member (object, "timeout", timeout);
  json_array_add_object_element (self->commands, object);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_COMMANDS]);
}

/**
 * sandbox_config_get_n_commands: (get-property n-commands)
 * @self: a [class@Sandbox.Config]
 *
 * Gets [property@Sandbox.Config:n-commands].
 *
 * Returns: how many commands the configuration holds
 *
 * Since: 1.0
 */
guint
sandbox_config_get_n_commands (SandboxConfig *self)
{
  g_return_val_if_fail (SANDBOX_IS_CONFIG (self), 0);
  return json_array_get_length (self->commands);
}

/**
 * sandbox_config_get_command:
 * @self: a [class@Sandbox.Config]
 * @position: the index of a command, from 0
 *
 * Gets a command's text as it is sent, with the `-` that lets it fail.
 *
 * Returns: (transfer none): the command line
 *
 * Since: 1.0
 */
const char *
sandbox_config_get_command (SandboxConfig *self,
                            guint          position)
{
  JsonNode *node;

  g_return_val_if_fail (SANDBOX_IS_CONFIG (self), NULL);
  g_return_val_if_fail (position < json_array_get_length (self->commands), NULL);

  node = json_array_get_element (self->commands, position);
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_object_get_string_member (json_node_get_object (node), "command");

  return json_node_get_string (node);
}

/**
 * sandbox_config_get_command_timeout:
 * @self: a [class@Sandbox.Config]
 * @position: the index of a command, from 0
 * @out_timeout: (out) (optional): where to store the timeout, in seconds
 *
 * Gets the timeout of a command, if it has one. A timeout of 0 is
 * reported as it is: the server reads it as no timeout of its own.
 *
 * Returns: %TRUE if the command has a timeout, %FALSE (and @out_timeout
 *   left alone) if not
 *
 * Since: 1.0
 */
gboolean
sandbox_config_get_command_timeout (SandboxConfig *self,
                                    guint          position,
                                    double        *out_timeout)
{
  JsonNode *node;
  JsonNode *timeout;

  g_return_val_if_fail (SANDBOX_IS_CONFIG (self), FALSE);
  g_return_val_if_fail (position < json_array_get_length (self->commands), FALSE);

  node = json_array_get_element (self->commands, position);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;

  timeout = json_object_get_member (json_node_get_object (node), "timeout");
  if (timeout == NULL)
    return FALSE;

  if (out_timeout != NULL)
    *out_timeout = json_node_get_double (timeout);

  return TRUE;
}

/**
 * sandbox_config_set_variable:
 * @self: a [class@Sandbox.Config]
 * @name: the name of an environment variable
 * @value: (nullable): its value, or %NULL to remove the variable
 *
 * Sets an environment variable of every command. Variables are sent in
 * the order they were first set.
 *
 * Since: 1.0
 */
void
sandbox_config_set_variable (SandboxConfig *self,
                             const char    *name,
                             const char    *value)
{
  g_return_if_fail (SANDBOX_IS_CONFIG (self));
  g_return_if_fail (name != NULL && *name != '\0');
  g_return_if_fail (g_utf8_validate (name, -1, NULL));
  g_return_if_fail (value == NULL || g_utf8_validate (value, -1, NULL));

  if (value == NULL)
    json_object_remove_member (self->variables, name);
  else
    json_object_set_string_member (self->variables, name, value);
}

/**
 * sandbox_config_dup_variable:
 * @self: a [class@Sandbox.Config]
 * @name: the name of an environment variable
 *
 * Gets the value of an environment variable. A configuration read from
 * JSON may give a variable a number, a boolean or null rather than a
 * string: such a value is given as its JSON text (`1`, `0.5`, `true`,
 * `null`). The server turns it into text its own way (the real server
 * writes `True` and `None`): set strings when the exact text matters.
 *
 * Returns: (transfer full) (nullable): the value, or %NULL if not set
 *
 * Since: 1.0
 */
char *
sandbox_config_dup_variable (SandboxConfig *self,
                             const char    *name)
{
  JsonNode *node;

  g_return_val_if_fail (SANDBOX_IS_CONFIG (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  node = json_object_get_member (self->variables, name);
  if (node == NULL)
    return NULL;

  if (_sandbox_json_holds (node, G_TYPE_STRING))
    return json_node_dup_string (node);

  return _sandbox_json_to_string (node);
}

/**
 * sandbox_config_list_variables:
 * @self: a [class@Sandbox.Config]
 *
 * Gets the names of the environment variables that are set, in the order
 * they were first set.
 *
 * Returns: (transfer full) (array zero-terminated=1): the names, an empty
 *   array when there are none
 *
 * Since: 1.0
 */
char **
sandbox_config_list_variables (SandboxConfig *self)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  g_return_val_if_fail (SANDBOX_IS_CONFIG (self), NULL);

  json_object_iter_init_ordered (&iter, self->variables);
  while (json_object_iter_next_ordered (&iter, &name, &value))
    g_strv_builder_add (names, name);

  return g_strv_builder_end (names);
}

/**
 * sandbox_config_get_result_path: (get-property result-path)
 * @self: a [class@Sandbox.Config]
 *
 * Gets [property@Sandbox.Config:result-path].
 *
 * Returns: (nullable): the result file, or %NULL for none
 *
 * Since: 1.0
 */
const char *
sandbox_config_get_result_path (SandboxConfig *self)
{
  g_return_val_if_fail (SANDBOX_IS_CONFIG (self), NULL);
  return self->result_path;
}

/**
 * sandbox_config_set_result_path: (set-property result-path)
 * @self: a [class@Sandbox.Config]
 * @result_path: (nullable): the file whose text becomes the execution's
 *   result, relative to the directory where the commands run, or %NULL
 *
 * Sets [property@Sandbox.Config:result-path].
 *
 * Since: 1.0
 */
void
sandbox_config_set_result_path (SandboxConfig *self,
                                const char    *result_path)
{
  g_return_if_fail (SANDBOX_IS_CONFIG (self));
  g_return_if_fail (result_path == NULL ||
                    g_utf8_validate (result_path, -1, NULL));

  set_string (self, PROP_RESULT_PATH, &self->result_path, result_path);
}

/**
 * sandbox_config_get_environment: (get-property environment)
 * @self: a [class@Sandbox.Config]
 *
 * Gets [property@Sandbox.Config:environment].
 *
 * Returns: (nullable): the saved environment's UUID, or %NULL for none
 *
 * Since: 1.0
 */
const char *
sandbox_config_get_environment (SandboxConfig *self)
{
  g_return_val_if_fail (SANDBOX_IS_CONFIG (self), NULL);
  return self->environment;
}

/**
 * sandbox_config_set_environment: (set-property environment)
 * @self: a [class@Sandbox.Config]
 * @environment: (nullable): a saved environment's UUID, or %NULL for none
 *
 * Sets [property@Sandbox.Config:environment].
 *
 * Since: 1.0
 */
void
sandbox_config_set_environment (SandboxConfig *self,
                                const char    *environment)
{
  g_return_if_fail (SANDBOX_IS_CONFIG (self));
  g_return_if_fail (environment == NULL ||
                    g_utf8_validate (environment, -1, NULL));

  set_string (self, PROP_ENVIRONMENT, &self->environment, environment);
}

/**
 * sandbox_config_get_save: (get-property save)
 * @self: a [class@Sandbox.Config]
 *
 * Gets [property@Sandbox.Config:save].
 *
 * Returns: %TRUE if the server keeps the directory as a new environment
 *
 * Since: 1.0
 */
gboolean
sandbox_config_get_save (SandboxConfig *self)
{
  g_return_val_if_fail (SANDBOX_IS_CONFIG (self), FALSE);
  return self->save;
}

/**
 * sandbox_config_set_save: (set-property save)
 * @self: a [class@Sandbox.Config]
 * @save: whether the server keeps the directory as a new environment
 *
 * Sets [property@Sandbox.Config:save].
 *
 * Since: 1.0
 */
void
sandbox_config_set_save (SandboxConfig *self,
                         gboolean       save)
{
  g_return_if_fail (SANDBOX_IS_CONFIG (self));

  save = !!save;
  if (self->save == (guint) save)
    return;

  self->save = save;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVE]);
}

/**
 * sandbox_config_get_affinity_key: (get-property affinity-key)
 * @self: a [class@Sandbox.Config]
 *
 * Gets [property@Sandbox.Config:affinity-key].
 *
 * Returns: (nullable): the `Sandbox-Affinity` key, or %NULL for none
 *
 * Since: 1.1
 */
const char *
sandbox_config_get_affinity_key (SandboxConfig *self)
{
  g_return_val_if_fail (SANDBOX_IS_CONFIG (self), NULL);
  return self->affinity_key;
}

/* Printable ASCII, which any HTTP header value may hold. */
static gboolean
is_header_value (const char *value)
{
  for (; *value != '\0'; value++)
    if (*value < 0x20 || *value > 0x7e)
      return FALSE;
  return TRUE;
}

/**
 * sandbox_config_set_affinity_key: (set-property affinity-key)
 * @self: a [class@Sandbox.Config]
 * @affinity_key: (nullable): the key sent in the `Sandbox-Affinity`
 *   header (printable ASCII), or %NULL for none
 *
 * Sets [property@Sandbox.Config:affinity-key].
 *
 * Since: 1.1
 */
void
sandbox_config_set_affinity_key (SandboxConfig *self,
                                 const char    *affinity_key)
{
  g_return_if_fail (SANDBOX_IS_CONFIG (self));
  g_return_if_fail (affinity_key == NULL || is_header_value (affinity_key));

  set_string (self, PROP_AFFINITY_KEY, &self->affinity_key, affinity_key);
}
