/* server-config.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "server-config.h"
#include "server-environments.h"
#include "server-pyjson.h"
#include "server-python.h"

/* Validates execute/'s `config` in the real server's order, with its
 * messages: JSON valid, an object, the Sandbox-Environment request header
 * (when sent) names the config's environment (400), the saved environment
 * exists (404),
 * `commands` present and a list, `environ` an object, `commands` not empty,
 * each command, `result_path`, `save`. */

static void
server_command_free (ServerCommand *command)
{
  g_free (command->command);
  g_free (command->timeout_text);
  g_free (command);
}

void
server_exec_config_free (ServerExecConfig *config)
{
  if (config == NULL)
    return;
  g_clear_pointer (&config->commands, g_ptr_array_unref);
  g_clear_pointer (&config->environ, g_ptr_array_unref);
  g_free (config->result_path);
  g_free (config->saved_path);
  g_free (config);
}

static ServerExecConfig *
reject (guint       *out_status,
        char       **out_message,
        guint        status,
        char        *message)
{
  *out_status = status;
  *out_message = message;
  return NULL;
}

static gboolean
is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  /* Python's bool is an int. */
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE || type == G_TYPE_BOOLEAN;
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_STRING;
}

static ServerCommand *
parse_command (JsonNode *item)
{
  ServerCommand *command;
  const char *text;

  if (is_string (item))
    text = json_node_get_string (item);
  else if (JSON_NODE_HOLDS_OBJECT (item))
    {
      JsonObject *object = json_node_get_object (item);
      JsonNode *cmd = json_object_get_member (object, "command");
      JsonNode *timeout = json_object_get_member (object, "timeout");
      guint expected = timeout != NULL ? 2 : 1;

      /* Other members crash the real server (500); refuse them clearly. */
      if (cmd == NULL || !is_string (cmd)
          || (timeout != NULL && !is_number (timeout))
          || json_object_get_size (object) != expected)
        return NULL;

      command = g_new0 (ServerCommand, 1);
      text = json_node_get_string (cmd);
      if (timeout != NULL)
        {
          command->has_timeout = TRUE;
          if (json_node_get_value_type (timeout) == G_TYPE_BOOLEAN)
            command->timeout = json_node_get_boolean (timeout) ? 1 : 0;
          else
            command->timeout = json_node_get_double (timeout);
          command->timeout_text = server_python_str (timeout);
        }
      goto done;
    }
  else
    return NULL;

  command = g_new0 (ServerCommand, 1);

done:
  if (text[0] == '-')
    {
      command->ignore_failure = TRUE;
      text++;
    }
  command->command = g_strdup (text);
  return command;
}

static void
parse_environ (JsonObject *object,
               GPtrArray  *variables)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      g_autofree char *value = NULL;

      /* A name the environment cannot hold. */
      if (*key == '\0' || strchr (key, '=') != NULL)
        continue;
      value = server_python_str (json_object_get_member (object, key));
      g_ptr_array_add (variables, g_strconcat (key, "=", value, NULL));
    }
}

ServerExecConfig *
server_exec_config_parse (const ServerSettings  *settings,
                          const char            *text,
                          gsize                  len,
                          const char            *header_uuid,
                          guint                 *out_status,
                          char                 **out_message)
{
  g_autoptr(ServerExecConfig) config = g_new0 (ServerExecConfig, 1);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *parse_error = NULL;
  JsonObject *object;
  JsonNode *node;
  JsonArray *commands;

  root = server_pyjson_parse (text, len, &parse_error);
  if (root == NULL)
    return reject (out_status, out_message, SOUP_STATUS_BAD_REQUEST,
                   g_strdup_printf ("'config' json is invalid - %s",
                                    parse_error));

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return reject (out_status, out_message, SOUP_STATUS_BAD_REQUEST,
                   g_strdup_printf ("config must be an object, not %s",
                                    server_python_type_name (root)));
  object = json_node_get_object (root);

  node = json_object_get_member (object, "environment");
  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    node = NULL;
  if (header_uuid != NULL)
    {
      g_autofree char *uuid = node != NULL ? server_python_str (node) : NULL;

      if (uuid == NULL)
        return reject (out_status, out_message, SOUP_STATUS_BAD_REQUEST,
                       g_strdup_printf ("The Sandbox-Environment header names "
                                        "environment '%s' but the config "
                                        "names none", header_uuid));
      if (strcmp (uuid, header_uuid) != 0)
        return reject (out_status, out_message, SOUP_STATUS_BAD_REQUEST,
                       g_strdup_printf ("The Sandbox-Environment header names "
                                        "environment '%s' but the config "
                                        "names '%s'", header_uuid, uuid));
    }
  if (node != NULL)
    {
      g_autofree char *uuid = server_python_str (node);

      config->saved_path = is_string (node)
                           ? server_environments_lookup (settings, uuid)
                           : NULL;
      if (config->saved_path == NULL)
        return reject (out_status, out_message, SOUP_STATUS_NOT_FOUND,
                       g_strdup_printf ("No environment with UUID '%s' found",
                                        uuid));
    }

  node = json_object_get_member (object, "commands");
  if (node == NULL)
    return reject (out_status, out_message, SOUP_STATUS_BAD_REQUEST,
                   g_strdup ("Missing field 'commands' in config"));
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return reject (out_status, out_message, SOUP_STATUS_BAD_REQUEST,
                   g_strdup_printf ("commands must be a list, not %s",
                                    server_python_type_name (node)));
  commands = json_node_get_array (node);

  config->environ = g_ptr_array_new_with_free_func (g_free);
  node = json_object_get_member (object, "environ");
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return reject (out_status, out_message, SOUP_STATUS_BAD_REQUEST,
                       g_strdup_printf ("environ must be an object, not %s",
                                        server_python_type_name (node)));
      parse_environ (json_node_get_object (node), config->environ);
    }

  if (json_array_get_length (commands) == 0)
    return reject (out_status, out_message, SOUP_STATUS_BAD_REQUEST,
                   g_strdup ("Command list cannot be empty"));

  config->commands =
    g_ptr_array_new_with_free_func ((GDestroyNotify) server_command_free);
  for (guint i = 0; i < json_array_get_length (commands); i++)
    {
      JsonNode *item = json_array_get_element (commands, i);
      ServerCommand *command = parse_command (item);

      if (command == NULL)
        {
          g_autofree char *repr = server_python_str (item);

          return reject (out_status, out_message, SOUP_STATUS_BAD_REQUEST,
                         g_strdup_printf ("Command badly formatted : '%s'",
                                          repr));
        }
      g_ptr_array_add (config->commands, command);
    }

  node = json_object_get_member (object, "result_path");
  if (node != NULL)
    {
      if (!is_string (node))
        return reject (out_status, out_message, SOUP_STATUS_BAD_REQUEST,
                       g_strdup_printf ("result_path must be a string, not %s",
                                        server_python_type_name (node)));
      config->result_path = g_strdup (json_node_get_string (node));
    }

  node = json_object_get_member (object, "save");
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (node)
          || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return reject (out_status, out_message, SOUP_STATUS_BAD_REQUEST,
                       g_strdup_printf ("save must be a boolean, not %s",
                                        server_python_type_name (node)));
      config->save = json_node_get_boolean (node);
    }

  return g_steal_pointer (&config);
}
