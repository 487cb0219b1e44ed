/* test-config.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <sandbox-api.h>

#include "test-util.h"

#include "sandbox-json-private.h"
#include "sandbox-json-scan-private.h"

#define UUID "e8c5995b-7049-4b04-8440-5d9d914360fc"

/* Validation must fail with exactly @message; new_from_json and
 * new_from_string must fail the same way. */
static void
assert_invalid (const char *text,
                const char *message)
{
  g_autoptr(JsonNode) node = test_parse_json (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(SandboxConfig) config = NULL;

  g_assert_false (sandbox_config_validate (node, &error));
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG);
  g_assert_cmpstr (error->message, ==, message);
  g_clear_error (&error);

  config = sandbox_config_new_from_json (node, &error);
  g_assert_null (config);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG);
  g_assert_cmpstr (error->message, ==, message);
  g_clear_error (&error);

  config = sandbox_config_new_from_string (text, &error);
  g_assert_null (config);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG);
  g_assert_cmpstr (error->message, ==, message);
}

static void
assert_valid (const char *text)
{
  g_autoptr(JsonNode) node = test_parse_json (text);
  g_autoptr(GError) error = NULL;

  g_assert_true (sandbox_config_validate (node, &error));
  g_assert_no_error (error);
}

static void
test_builder_empty (void)
{
  g_autoptr(SandboxConfig) config = sandbox_config_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) names = NULL;

  g_assert_cmpuint (sandbox_config_get_n_commands (config), ==, 0);
  g_assert_null (sandbox_config_get_result_path (config));
  g_assert_null (sandbox_config_get_environment (config));
  g_assert_false (sandbox_config_get_save (config));
  names = sandbox_config_list_variables (config);
  g_assert_nonnull (names);
  g_assert_null (names[0]);

  text = sandbox_config_to_string (config);
  g_assert_cmpstr (text, ==, "{\"commands\":[]}");

  /* What the client does before sending. */
  node = sandbox_config_to_json (config);
  g_assert_false (sandbox_config_validate (node, &error));
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG);
  g_assert_cmpstr (error->message, ==, "commands must be a non-empty array, not an empty one");
}

static void
test_builder_round_trip (void)
{
  const char *expected =
    "{\"commands\":[\"echo $((2+2))\","
    "{\"command\":\"-make test\",\"timeout\":5.0},"
    "{\"command\":\"sleep 1\",\"timeout\":0.2},"
    "\"--version\"],"
    "\"environ\":{\"VAR1\":\"value1\",\"VAR2\":\"a \\\"b\\\"\\n\\\\c\"},"
    "\"result_path\":\"result.txt\","
    "\"environment\":\"" UUID "\","
    "\"save\":true}";
  g_autoptr(SandboxConfig) config = sandbox_config_new ();
  g_autoptr(SandboxConfig) copy = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *copy_text = NULL;
  g_autofree char *value = NULL;
  g_auto(GStrv) names = NULL;
  double timeout = -42.0;

  sandbox_config_add_command (config, "echo $((2+2))", FALSE);
  sandbox_config_add_command_with_timeout (config, "make test", TRUE, 5);
  sandbox_config_add_command_with_timeout (config, "sleep 1", FALSE, 0.2);
  sandbox_config_add_command (config, "-version", TRUE);
  sandbox_config_set_variable (config, "VAR1", "value1");
  sandbox_config_set_variable (config, "VAR2", "a \"b\"\n\\c");
  sandbox_config_set_result_path (config, "result.txt");
  sandbox_config_set_environment (config, UUID);
  sandbox_config_set_save (config, TRUE);

  text = sandbox_config_to_string (config);
  g_assert_cmpstr (text, ==, expected);

  g_assert_cmpuint (sandbox_config_get_n_commands (config), ==, 4);
  g_assert_cmpstr (sandbox_config_get_command (config, 0), ==, "echo $((2+2))");
  g_assert_cmpstr (sandbox_config_get_command (config, 1), ==, "-make test");
  g_assert_cmpstr (sandbox_config_get_command (config, 3), ==, "--version");

  g_assert_false (sandbox_config_get_command_timeout (config, 0, &timeout));
  g_assert_cmpfloat (timeout, ==, -42.0);
  g_assert_true (sandbox_config_get_command_timeout (config, 1, &timeout));
  g_assert_cmpfloat (timeout, ==, 5.0);
  g_assert_true (sandbox_config_get_command_timeout (config, 2, &timeout));
  g_assert_cmpfloat (timeout, ==, 0.2);
  g_assert_true (sandbox_config_get_command_timeout (config, 2, NULL));
  g_assert_false (sandbox_config_get_command_timeout (config, 3, NULL));

  value = sandbox_config_dup_variable (config, "VAR2");
  g_assert_cmpstr (value, ==, "a \"b\"\n\\c");
  names = sandbox_config_list_variables (config);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "VAR1");
  g_assert_cmpstr (names[1], ==, "VAR2");

  /* The JSON is valid, json-glib reads the text back, and the text gives
   * the same configuration. */
  node = sandbox_config_to_json (config);
  g_assert_true (sandbox_config_validate (node, &error));
  g_assert_no_error (error);

  copy = sandbox_config_new_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy);
  copy_text = sandbox_config_to_string (copy);
  g_assert_cmpstr (copy_text, ==, expected);
  g_assert_true (sandbox_config_get_save (copy));
  g_assert_cmpstr (sandbox_config_get_result_path (copy), ==, "result.txt");
  g_assert_cmpstr (sandbox_config_get_environment (copy), ==, UUID);
  g_assert_true (sandbox_config_get_command_timeout (copy, 2, &timeout));
  g_assert_cmpfloat (timeout, ==, 0.2);
}

static void
test_builder_variables (void)
{
  g_autoptr(SandboxConfig) config = sandbox_config_new ();
  g_autofree char *text = NULL;
  g_autofree char *value = NULL;
  g_auto(GStrv) names = NULL;

  sandbox_config_add_command (config, "env", FALSE);
  sandbox_config_set_variable (config, "B", "1");
  sandbox_config_set_variable (config, "A", "2");
  sandbox_config_set_variable (config, "C", "3");
  /* Replacing keeps the place; removing drops it; removing an unknown
   * name does nothing. */
  sandbox_config_set_variable (config, "B", "one");
  sandbox_config_set_variable (config, "A", NULL);
  sandbox_config_set_variable (config, "NOT_SET", NULL);

  names = sandbox_config_list_variables (config);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "B");
  g_assert_cmpstr (names[1], ==, "C");
  g_assert_null (sandbox_config_dup_variable (config, "A"));
  value = sandbox_config_dup_variable (config, "B");
  g_assert_cmpstr (value, ==, "one");

  text = sandbox_config_to_string (config);
  g_assert_cmpstr (text, ==,
                   "{\"commands\":[\"env\"],\"environ\":{\"B\":\"one\",\"C\":\"3\"}}");

  /* No variable left: no "environ" at all. */
  sandbox_config_set_variable (config, "B", NULL);
  sandbox_config_set_variable (config, "C", NULL);
  g_clear_pointer (&text, g_free);
  text = sandbox_config_to_string (config);
  g_assert_cmpstr (text, ==, "{\"commands\":[\"env\"]}");
}

static void
test_builder_timeouts (void)
{
  g_autoptr(SandboxConfig) config = sandbox_config_new ();
  g_autoptr(SandboxConfig) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  double timeout;

  sandbox_config_add_command_with_timeout (config, "a", FALSE, 0.1);
  sandbox_config_add_command_with_timeout (config, "b", FALSE, 1e-5);
  sandbox_config_add_command_with_timeout (config, "c", FALSE, 1e16);
  sandbox_config_add_command_with_timeout (config, "d", FALSE, 1e20);
  sandbox_config_add_command_with_timeout (config, "e", FALSE, -1);
  sandbox_config_add_command_with_timeout (config, "f", FALSE, 0);
  sandbox_config_add_command_with_timeout (config, "g", FALSE, 2.5e-7);

  /* Python's repr (), not json-glib's "%.17g" (which writes
   * 0.10000000000000001, and 1e+20.0 that is not JSON). */
  text = sandbox_config_to_string (config);
  g_assert_cmpstr (text, ==,
                   "{\"commands\":["
                   "{\"command\":\"a\",\"timeout\":0.1},"
                   "{\"command\":\"b\",\"timeout\":1e-05},"
                   "{\"command\":\"c\",\"timeout\":1e+16},"
                   "{\"command\":\"d\",\"timeout\":1e+20},"
                   "{\"command\":\"e\",\"timeout\":-1.0},"
                   "{\"command\":\"f\",\"timeout\":0.0},"
                   "{\"command\":\"g\",\"timeout\":2.5e-07}]}");

  copy = sandbox_config_new_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_true (sandbox_config_get_command_timeout (copy, 0, &timeout));
  g_assert_cmpfloat (timeout, ==, 0.1);
  g_assert_true (sandbox_config_get_command_timeout (copy, 3, &timeout));
  g_assert_cmpfloat (timeout, ==, 1e20);
  g_assert_true (sandbox_config_get_command_timeout (copy, 5, &timeout));
  g_assert_cmpfloat (timeout, ==, 0.0);
  g_assert_true (sandbox_config_get_command_timeout (copy, 6, &timeout));
  g_assert_cmpfloat (timeout, ==, 2.5e-7);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  GHashTable *counts = user_data;
  const char *name = g_param_spec_get_name (pspec);
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, name));

  g_hash_table_insert (counts, (gpointer) name, GUINT_TO_POINTER (count + 1));
}

static guint
get_count (GHashTable *counts,
           const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, name));
}

static void
test_builder_properties (void)
{
  g_autoptr(SandboxConfig) config = sandbox_config_new ();
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *result_path = NULL;
  g_autofree char *environment = NULL;
  gboolean save = FALSE;
  guint n_commands = 0;

  g_signal_connect (config, "notify", G_CALLBACK (count_notify), counts);

  sandbox_config_set_result_path (config, "out.txt");
  sandbox_config_set_result_path (config, "out.txt");
  g_assert_cmpuint (get_count (counts, "result-path"), ==, 1);
  sandbox_config_set_result_path (config, NULL);
  sandbox_config_set_result_path (config, NULL);
  g_assert_cmpuint (get_count (counts, "result-path"), ==, 2);
  g_assert_null (sandbox_config_get_result_path (config));

  g_object_set (config, "environment", UUID, "save", TRUE, NULL);
  g_object_set (config, "environment", UUID, "save", TRUE, NULL);
  g_assert_cmpuint (get_count (counts, "environment"), ==, 1);
  g_assert_cmpuint (get_count (counts, "save"), ==, 1);
  g_assert_cmpstr (sandbox_config_get_environment (config), ==, UUID);
  g_assert_true (sandbox_config_get_save (config));

  sandbox_config_set_save (config, FALSE);
  sandbox_config_set_save (config, FALSE);
  g_assert_cmpuint (get_count (counts, "save"), ==, 2);

  sandbox_config_add_command (config, "a", FALSE);
  sandbox_config_add_command_with_timeout (config, "b", FALSE, 1);
  g_assert_cmpuint (get_count (counts, "n-commands"), ==, 2);

  g_object_set (config, "result-path", "r", NULL);
  g_object_get (config,
                "result-path", &result_path,
                "environment", &environment,
                "save", &save,
                "n-commands", &n_commands,
                NULL);
  g_assert_cmpstr (result_path, ==, "r");
  g_assert_cmpstr (environment, ==, UUID);
  g_assert_false (save);
  g_assert_cmpuint (n_commands, ==, 2);
}

static void
test_validate_messages (void)
{
  static const struct {
    const char *json;
    const char *message;
  } cases[] = {
    { "[]", "the configuration must be a JSON object, not an array" },
    { "\"x\"", "the configuration must be a JSON object, not a string" },
    { "1", "the configuration must be a JSON object, not an integer" },
    { "1.5", "the configuration must be a JSON object, not a number" },
    { "true", "the configuration must be a JSON object, not a boolean" },
    { "null", "the configuration must be a JSON object, not null" },
    { "{}", "commands must be a non-empty array; the configuration has none" },
    { "{\"environ\": 1}", "commands must be a non-empty array; the configuration has none" },
    { "{\"commands\": \"ls\"}", "commands must be a non-empty array, not a string" },
    { "{\"commands\": {}}", "commands must be a non-empty array, not an object" },
    { "{\"commands\": null}", "commands must be a non-empty array, not null" },
    { "{\"commands\": 2.0}", "commands must be a non-empty array, not a number" },
    { "{\"commands\": [\"ls\"], \"environ\": []}",
      "environ must be an object, not an array" },
    { "{\"commands\": [\"ls\"], \"environ\": \"A=1\"}",
      "environ must be an object, not a string" },
    { "{\"commands\": [\"ls\"], \"environ\": null}",
      "environ must be an object, not null" },
    { "{\"commands\": []}", "commands must be a non-empty array, not an empty one" },
    { "{\"commands\": [\"ls\"], \"result_path\": 1}",
      "result_path must be a string, not an integer" },
    { "{\"commands\": [\"ls\"], \"result_path\": null}",
      "result_path must be a string, not null" },
    { "{\"commands\": [\"ls\"], \"result_path\": [\"a\"]}",
      "result_path must be a string, not an array" },
    { "{\"commands\": [\"ls\"], \"save\": 1}",
      "save must be a boolean, not an integer" },
    { "{\"commands\": [\"ls\"], \"save\": \"true\"}",
      "save must be a boolean, not a string" },
    { "{\"commands\": [\"ls\"], \"save\": null}",
      "save must be a boolean, not null" },
    { "{\"commands\": [\"ls\"], \"environment\": 1}",
      "environment must be a string or null, not an integer" },
    { "{\"commands\": [\"ls\"], \"environment\": {}}",
      "environment must be a string or null, not an object" },
    { "{\"commands\": [\"ls\"], \"environment\": false}",
      "environment must be a string or null, not a boolean" },
    { "{\"commands\": [\"ls\"], \"environ\": {\"A\": \"a\", \"X\": {}}}",
      "environ values must be strings, numbers, booleans or null; 'X' is an object" },
    { "{\"commands\": [\"ls\"], \"environ\": {\"E\": [1, \"x\"]}}",
      "environ values must be strings, numbers, booleans or null; 'E' is an array" },

    /* The order of the checks: environ before an empty list, items before
     * result_path, result_path before save, save before environment,
     * environment before environ's values. */
    { "{\"commands\": [], \"environ\": 1}",
      "environ must be an object, not an integer" },
    { "{\"commands\": \"x\", \"environ\": 1}",
      "commands must be a non-empty array, not a string" },
    { "{\"commands\": [1], \"result_path\": 1}",
      "commands[0] must be a string or an object with a string 'command' and an optional "
      "number 'timeout', not 1" },
    { "{\"commands\": [\"ls\"], \"result_path\": 1, \"save\": 1}",
      "result_path must be a string, not an integer" },
    { "{\"save\": 1, \"commands\": [\"ls\"], \"environment\": 1}",
      "save must be a boolean, not an integer" },
    { "{\"commands\": [\"ls\"], \"environment\": 1, \"environ\": {\"X\": []}}",
      "environment must be a string or null, not an integer" },
    { "{\"commands\": [\"ls\", 2, 3]}",
      "commands[1] must be a string or an object with a string 'command' and an optional "
      "number 'timeout', not 2" },

    /* Command objects: a string command, an optional number timeout (not a
     * boolean, not null), nothing else; the item as JSON text, cut short. */
    { "{\"commands\": [{\"command\": 1}]}",
      "commands[0] must be a string or an object with a string 'command' and an optional "
      "number 'timeout', not {\"command\":1}" },
    { "{\"commands\": [{\"command\": \"x\", \"timeout\": true}]}",
      "commands[0] must be a string or an object with a string 'command' and an optional "
      "number 'timeout', not {\"command\":\"x\",\"timeout\":true}" },
    { "{\"commands\": [{\"command\": \"x\", \"timeout\": null}]}",
      "commands[0] must be a string or an object with a string 'command' and an optional "
      "number 'timeout', not {\"command\":\"x\",\"timeout\":null}" },
    { "{\"commands\": [{}]}",
      "commands[0] must be a string or an object with a string 'command' and an optional "
      "number 'timeout', not {}" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].json);
      assert_invalid (cases[i].json, cases[i].message);
    }
}

static void
test_validate_valid (void)
{
  assert_valid ("{\"commands\": [\"ls\"]}");
  assert_valid ("{\"commands\": [\"\", \"-\"]}");
  assert_valid ("{\"commands\": [{\"command\": \"ls\"}]}");
  assert_valid ("{\"commands\": [{\"command\": \"ls\", \"timeout\": 1}]}");
  assert_valid ("{\"commands\": [{\"timeout\": -0.5, \"command\": \"ls\"}]}");
  assert_valid ("{\"commands\": [\"ls\"], \"environ\": {}, \"save\": false}");
  assert_valid ("{\"commands\": [\"ls\"], \"environ\": {\"A\": 1, \"B\": null, \"C\": false}}");
  assert_valid ("{\"commands\": [\"ls\"], \"environment\": null}");
  assert_valid ("{\"commands\": [\"ls\"], \"environment\": \"" UUID "\"}");
  assert_valid ("{\"commands\": [\"ls\"], \"result_path\": \"\"}");
  assert_valid ("{\"commands\": [\"ls\"], \"unknown\": null, \"x\": [1]}");
}

/* The bad item as compact JSON text, cut after 60 characters, never
 * inside a character. */
static void
test_validate_item_text (void)
{
  static const struct {
    const char *item;
    const char *text;
  } cases[] = {
    { "[]", "[]" },
    { "[\"a\", 1, 2.5, true, false, null]", "[\"a\",1,2.5,true,false,null]" },
    { "-9223372036854775808", "-9223372036854775808" },
    { "[0.1, 1e16, 100.0, -0.0, 1E2]", "[0.1,1e+16,100.0,-0.0,100.0]" },
    { "{\"command\": [\"it's \\\"q\\\"\\n\"]}", "{\"command\":[\"it's \\\"q\\\"\\n\"]}" },
    { "{\"command\": \"caf\\u00e9\", \"x\": \"\\ud83d\\ude00\"}",
      "{\"command\":\"caf\xc3\xa9\",\"x\":\"\xf0\x9f\x98\x80\"}" },
    /* 60 characters, then 61, then 62 with two-byte ones at the cut. */
    { "[\"01234567890123456789012345678901234567890123456789012345\"]",
      "[\"01234567890123456789012345678901234567890123456789012345\"]" },
    { "[\"012345678901234567890123456789012345678901234567890123456\"]",
      "[\"012345678901234567890123456789012345678901234567890123456\"\xe2\x80\xa6" },
    { "[\"01234567890123456789012345678901234567890123456789012345\\u00e9\\u00e9\"]",
      "[\"01234567890123456789012345678901234567890123456789012345\xc3\xa9\xc3\xa9\xe2\x80\xa6" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"commands\": [\"ok\", %s]}",
                                               cases[i].item);
      g_autofree char *message =
        g_strdup_printf ("commands[1] must be a string or an object with a string 'command' "
                         "and an optional number 'timeout', not %s", cases[i].text);

      g_test_message ("%s", cases[i].item);
      assert_invalid (json, message);
    }
}

static void
test_from_json_keeps_unknown (void)
{
  const char *text =
    "{\"save\": false, \"x-client\": {\"a\": [1, 2.5, null]},"
    " \"commands\": [{\"command\": \"ls\"}, {\"command\": \"-x\", \"timeout\": 3}],"
    " \"environ\": {\"A\": 1, \"B\": true, \"C\": null, \"D\": \"d\","
    " \"E\": false, \"F\": 0.5},"
    " \"environment\": null, \"z\": 1}";
  const char *expected =
    "{\"commands\":[{\"command\":\"ls\"},{\"command\":\"-x\",\"timeout\":3}],"
    "\"environ\":{\"A\":1,\"B\":true,\"C\":null,\"D\":\"d\",\"E\":false,"
    "\"F\":0.5},"
    "\"save\":false,\"x-client\":{\"a\":[1,2.5,null]},\"z\":1}";
  g_autoptr(JsonNode) node = test_parse_json (text);
  g_autoptr(JsonNode) out = NULL;
  g_autoptr(SandboxConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;
  g_autofree char *after = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *e = NULL;
  g_autofree char *f = NULL;
  JsonObject *root;
  JsonObject *member;
  double timeout = 0;

  config = sandbox_config_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_nonnull (config);

  result = sandbox_config_to_string (config);
  g_assert_cmpstr (result, ==, expected);

  g_assert_cmpuint (sandbox_config_get_n_commands (config), ==, 2);
  g_assert_cmpstr (sandbox_config_get_command (config, 0), ==, "ls");
  g_assert_false (sandbox_config_get_command_timeout (config, 0, NULL));
  g_assert_cmpstr (sandbox_config_get_command (config, 1), ==, "-x");
  g_assert_true (sandbox_config_get_command_timeout (config, 1, &timeout));
  g_assert_cmpfloat (timeout, ==, 3.0);
  g_assert_false (sandbox_config_get_save (config));
  g_assert_null (sandbox_config_get_environment (config));

  /* Values that are not strings as their JSON text. */
  a = sandbox_config_dup_variable (config, "A");
  b = sandbox_config_dup_variable (config, "B");
  c = sandbox_config_dup_variable (config, "C");
  e = sandbox_config_dup_variable (config, "E");
  f = sandbox_config_dup_variable (config, "F");
  g_assert_cmpstr (a, ==, "1");
  g_assert_cmpstr (b, ==, "true");
  g_assert_cmpstr (c, ==, "null");
  g_assert_cmpstr (e, ==, "false");
  g_assert_cmpstr (f, ==, "0.5");

  /* Neither the input nor the output is shared with the configuration. */
  root = json_node_get_object (node);
  json_object_set_int_member (root, "z", 2);
  member = json_object_get_object_member (root, "x-client");
  json_array_add_int_element (json_object_get_array_member (member, "a"), 7);
  member = json_object_get_object_member (root, "environ");
  json_object_set_string_member (member, "A", "changed");

  out = sandbox_config_to_json (config);
  root = json_node_get_object (out);
  json_object_remove_member (root, "x-client");
  member = json_object_get_object_member (root, "environ");
  json_object_set_string_member (member, "D", "changed");

  after = sandbox_config_to_string (config);
  g_assert_cmpstr (after, ==, expected);
}

static void
test_from_json_save_true_only (void)
{
  g_autoptr(SandboxConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  /* A "save" given in the JSON is written back, even false; changing it
   * writes the new value. */
  config = sandbox_config_new_from_string ("{\"commands\": [\"ls\"], \"save\": true}",
                                           &error);
  g_assert_no_error (error);
  g_assert_true (sandbox_config_get_save (config));
  sandbox_config_set_save (config, FALSE);
  text = sandbox_config_to_string (config);
  g_assert_cmpstr (text, ==, "{\"commands\":[\"ls\"],\"save\":false}");
}

static void
test_from_string_invalid (void)
{
  g_autoptr(SandboxConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = sandbox_config_new_from_string ("{\"commands\": [", &error);
  g_assert_null (config);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG);
  g_assert_true (g_str_has_prefix (error->message, "'config' json is invalid - "));
  g_assert_cmpuint (strlen (error->message), >, strlen ("'config' json is invalid - "));
  g_clear_error (&error);

  config = sandbox_config_new_from_string ("{\"a\": 1,}", &error);
  g_assert_null (config);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG);
  g_assert_true (g_str_has_prefix (error->message, "'config' json is invalid - "));
  g_clear_error (&error);

  config = sandbox_config_new_from_string ("  ", &error);
  g_assert_null (config);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG);
  g_assert_cmpstr (error->message, ==,
                   "'config' json is invalid - the text holds no value");
  g_clear_error (&error);

  config = sandbox_config_new_from_string ("\"\xff\"", &error);
  g_assert_null (config);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG);
  g_assert_true (g_str_has_prefix (error->message, "'config' json is invalid - "));
  g_clear_error (&error);

  config = sandbox_config_new_from_string ("[1]", &error);
  g_assert_null (config);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG);
  g_assert_cmpstr (error->message, ==,
                   "the configuration must be a JSON object, not an array");
}

static void
assert_clean_message (const GError *error)
{
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  for (const char *p = error->message; *p != '\0'; p++)
    g_assert_cmpint ((guchar) *p, >=, 0x20);
}

/* 100,000 levels of nesting used to overflow json-glib's stack. */
static void
test_from_string_deep (void)
{
  GString *json = g_string_new ("{\"commands\": [\"ls\"], \"x\": ");
  g_autoptr(SandboxConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (json, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (json, ']');
  g_string_append_c (json, '}');

  config = sandbox_config_new_from_string (json->str, &error);
  g_assert_null (config);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG);
  g_assert_true (g_str_has_prefix (error->message, "'config' json is invalid - "));
  g_assert_nonnull (strstr (error->message, "deeper than 64 levels"));
  g_string_free (json, TRUE);
}

/* What json-glib took but would not give back as written. */
static void
test_from_string_lenient (void)
{
  static const char *const texts[] = {
    "{\"commands\": [\"a\\u0000b\"]}",
    "{\"commands\": [\"ls\"], \"environ\": {\"A\": \"x\\u0000\"}}",
    "{\"commands\": [\"\\ud800\"]}",
    "{\"commands\": [\"\\udc00x\"]}",
    "{\"commands\": [\"ls\"], \"environ\": {\"\\ud83d\": \"x\"}}",
    "{\"commands\": [\"ls\"], \"environ\": {\"A\": 9999999999999999999999}}",
    "{\"commands\": [\"ls\"]} {\"commands\": [\"rm\"]}",
    "{\"commands\": [\"ls\"]}]",
    "{\"commands\": ['ls']}",
    "{\"commands\": [\"ls\"], \"environ\": {\"A\": 01}}",
    "/* c */ {\"commands\": [\"ls\"]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(SandboxConfig) config = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", texts[i]);
      config = sandbox_config_new_from_string (texts[i], &error);
      g_assert_null (config);
      g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG);
      g_assert_true (g_str_has_prefix (error->message, "'config' json is invalid - "));
      assert_clean_message (error);
    }
}

/* A surrogate pair is the character it stands for, and comes back. */
static void
test_from_string_round_trip (void)
{
  g_autoptr(SandboxConfig) config = NULL;
  g_autoptr(SandboxConfig) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *value = NULL;

  config = sandbox_config_new_from_string ("{\"commands\": [\"echo \\ud83d\\ude00\"], "
                                           "\"environ\": {\"A\": -9223372036854775808}}",
                                           &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sandbox_config_get_command (config, 0), ==, "echo \U0001F600");
  value = sandbox_config_dup_variable (config, "A");
  g_assert_cmpstr (value, ==, "-9223372036854775808");

  text = sandbox_config_to_string (config);
  again = sandbox_config_new_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sandbox_config_get_command (again, 0), ==, "echo \U0001F600");
}

/* A node built by hand may nest deeper than any text is allowed to, or
 * hold text that is not UTF-8: both are refused, not walked or sent. */
static void
test_from_json_unusable (void)
{
  g_autoptr(JsonNode) node = test_parse_json ("{\"commands\": [\"ls\"]}");
  g_autoptr(JsonNode) deep = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(SandboxConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object = json_node_get_object (node);
  JsonArray *innermost;

  json_node_take_array (deep, json_array_new ());
  innermost = json_node_get_array (deep);
  for (guint i = 0; i < 100000; i++)
    {
      JsonArray *next = json_array_new ();

      json_array_add_array_element (innermost, next);
      innermost = next;
    }
  json_object_set_member (object, "x", g_steal_pointer (&deep));

  g_assert_false (sandbox_config_validate (node, &error));
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG);
  g_assert_nonnull (strstr (error->message, "deeper than 64 levels"));
  g_clear_error (&error);
  config = sandbox_config_new_from_json (node, &error);
  g_assert_null (config);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG);
  g_clear_error (&error);

  /* A deep command would have gone through Python's repr (). */
  json_object_remove_member (object, "x");
  {
    JsonArray *commands = json_object_get_array_member (object, "commands");
    JsonArray *nested = json_array_new ();

    json_array_add_array_element (commands, nested);
    for (guint i = 0; i < 100000; i++)
      {
        JsonArray *next = json_array_new ();

        json_array_add_array_element (nested, next);
        nested = next;
      }
    g_assert_false (sandbox_config_validate (node, &error));
    g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG);
    g_clear_error (&error);
    json_array_remove_element (commands, 1);
  }

  /* "\ud800" as json-glib 1.6 decoded it. */
  json_object_set_string_member (object, "result_path", "x\xed\xa0\x80");
  config = sandbox_config_new_from_json (node, &error);
  g_assert_null (config);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG);
  assert_clean_message (error);
  g_clear_error (&error);

  json_object_remove_member (object, "result_path");
  {
    JsonObject *environ = json_object_new ();

    json_object_set_string_member (environ, "B\xff", "x");
    json_object_set_object_member (object, "environ", environ);
  }
  config = sandbox_config_new_from_json (node, &error);
  g_assert_null (config);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG);
  assert_clean_message (error);
}

/* The pre-scan takes strict JSON (RFC 8259) and nothing else. */
static void
test_json_scan (void)
{
  static const char *const valid[] = {
    "0", "-0", "1.5e-3", "1E+2", "-12.25", "\"\"", "\"\\/\\b\\f\\n\\r\\t\\\"\\\\\"",
    "\"\\u00e9\\uD83D\\uDE00\"", "\"é\"", "true", "false", "null", "[]", "{}",
    " \t\r\n[ 1 , {\"a\" : [ ] } ] \n", "{\"a\":1,\"a\":2}",
    "9223372036854775807", "-9223372036854775808", "1e999", "123456789012345678901234.5",
  };
  static const struct { const char *text; SandboxJsonScanError code; } invalid[] = {
    { "", SANDBOX_JSON_SCAN_ERROR_SYNTAX },
    { " ", SANDBOX_JSON_SCAN_ERROR_SYNTAX },
    { "-", SANDBOX_JSON_SCAN_ERROR_SYNTAX },
    { "1.", SANDBOX_JSON_SCAN_ERROR_SYNTAX },
    { "1e", SANDBOX_JSON_SCAN_ERROR_SYNTAX },
    { "1e+", SANDBOX_JSON_SCAN_ERROR_SYNTAX },
    { "+1", SANDBOX_JSON_SCAN_ERROR_SYNTAX },
    { "00", SANDBOX_JSON_SCAN_ERROR_SYNTAX },
    { "NaN", SANDBOX_JSON_SCAN_ERROR_SYNTAX },
    { "-Infinity", SANDBOX_JSON_SCAN_ERROR_SYNTAX },
    { "tru", SANDBOX_JSON_SCAN_ERROR_SYNTAX },
    { "nul", SANDBOX_JSON_SCAN_ERROR_SYNTAX },
    { "[,]", SANDBOX_JSON_SCAN_ERROR_SYNTAX },
    { "[1,]", SANDBOX_JSON_SCAN_ERROR_SYNTAX },
    { "[1 2]", SANDBOX_JSON_SCAN_ERROR_SYNTAX },
    { "[", SANDBOX_JSON_SCAN_ERROR_SYNTAX },
    { "{\"a\"}", SANDBOX_JSON_SCAN_ERROR_SYNTAX },
    { "{\"a\":}", SANDBOX_JSON_SCAN_ERROR_SYNTAX },
    { "{a:1}", SANDBOX_JSON_SCAN_ERROR_SYNTAX },
    { "{\"a\":1,}", SANDBOX_JSON_SCAN_ERROR_SYNTAX },
    { "\"abc", SANDBOX_JSON_SCAN_ERROR_SYNTAX },
    { "\"\\", SANDBOX_JSON_SCAN_ERROR_SYNTAX },
    { "\"\\u12\"", SANDBOX_JSON_SCAN_ERROR_SYNTAX },
    { "\"\\u12g4\"", SANDBOX_JSON_SCAN_ERROR_SYNTAX },
    { "\"\\a\"", SANDBOX_JSON_SCAN_ERROR_SYNTAX },
    { "\"\x01\"", SANDBOX_JSON_SCAN_ERROR_SYNTAX },
    { "1 2", SANDBOX_JSON_SCAN_ERROR_SYNTAX },
    { "{}x", SANDBOX_JSON_SCAN_ERROR_SYNTAX },
    { "\"\\u0000\"", SANDBOX_JSON_SCAN_ERROR_STRING },
    { "\"\\udfff\"", SANDBOX_JSON_SCAN_ERROR_STRING },
    { "\"\\ud800\\n\"", SANDBOX_JSON_SCAN_ERROR_STRING },
    { "\"\xc0\x80\"", SANDBOX_JSON_SCAN_ERROR_STRING },
    { "\"\xed\xa0\x80\"", SANDBOX_JSON_SCAN_ERROR_STRING },
    { "\"\xe2\x82\"", SANDBOX_JSON_SCAN_ERROR_STRING },
    { "9223372036854775808", SANDBOX_JSON_SCAN_ERROR_NUMBER },
    { "-9223372036854775809", SANDBOX_JSON_SCAN_ERROR_NUMBER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("valid: %s", valid[i]);
      g_assert_true (_sandbox_json_scan (valid[i], strlen (valid[i]), 0, NULL, &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *escaped = g_strescape (invalid[i].text, NULL);

      g_test_message ("invalid: %s", escaped);
      g_assert_false (_sandbox_json_scan (invalid[i].text, strlen (invalid[i].text), 0,
                                          NULL, &error));
      g_assert_error (error, SANDBOX_JSON_SCAN_ERROR, (int) invalid[i].code);
      assert_clean_message (error);
    }

  /* The budget counts values and members: {"a":[0]} is 4. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (_sandbox_json_scan ("{\"a\":[0]}", 9, 4, NULL, &error));
    g_assert_false (_sandbox_json_scan ("{\"a\":[0]}", 9, 3, NULL, &error));
    g_assert_error (error, SANDBOX_JSON_SCAN_ERROR, SANDBOX_JSON_SCAN_ERROR_NODES);
  }

  /* A NUL byte is not the end of the text. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (_sandbox_json_scan ("{}\0", 3, 0, NULL, &error));
    g_assert_error (error, SANDBOX_JSON_SCAN_ERROR, SANDBOX_JSON_SCAN_ERROR_SYNTAX);
  }
}

/* The JSON text writer escapes what JSON needs and nothing else. */
static void
test_to_string_escapes (void)
{
  g_autoptr(SandboxConfig) config = sandbox_config_new ();
  g_autoptr(SandboxConfig) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *command = "printf '%s\\n' \"\x01\x1f\b\f\t\r\n\x7f caf\xc3\xa9 \xe2\x80\xa8\"";

  sandbox_config_add_command (config, command, FALSE);
  text = sandbox_config_to_string (config);
  g_assert_cmpstr (text, ==,
                   "{\"commands\":[\"printf '%s\\\\n' \\\"\\u0001\\u001f\\b\\f\\t\\r\\n"
                   "\x7f caf\xc3\xa9 \xe2\x80\xa8\\\"\"]}");

  copy = sandbox_config_new_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sandbox_config_get_command (copy, 0), ==, command);
}

static void
test_json_copy_deep (void)
{
  g_autoptr(JsonNode) node = test_parse_json ("{\"a\": [1, 2.5, \"s\", true, null, {\"b\": {}}]}");
  g_autoptr(JsonNode) copy = _sandbox_json_copy_deep (node);
  g_autofree char *before = _sandbox_json_to_string (copy);
  g_autofree char *after = NULL;

  g_assert_cmpstr (before, ==, "{\"a\":[1,2.5,\"s\",true,null,{\"b\":{}}]}");
  g_assert_true (json_node_equal (node, copy));

  json_array_add_null_element (json_object_get_array_member (json_node_get_object (node), "a"));
  after = _sandbox_json_to_string (copy);
  g_assert_cmpstr (after, ==, before);
}

/* The writer's one policy for what JSON has not: an infinity is 1e999,
 * which reads back as one; NaN is null, and a configuration holding one is
 * refused. */
static void
test_json_non_finite (void)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonNode) back = NULL;
  g_autoptr(JsonNode) config_node = NULL;
  g_autoptr(SandboxConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  json_array_add_double_element (array, INFINITY);
  json_array_add_double_element (array, -INFINITY);
  json_array_add_double_element (array, NAN);
  json_array_add_double_element (array, -0.0);
  json_array_add_double_element (array, 0.1);
  json_node_set_array (node, array);

  text = _sandbox_json_to_string (node);
  g_assert_cmpstr (text, ==, "[1e999,-1e999,null,-0.0,0.1]");

  back = _sandbox_json_parse (text, strlen (text), 100, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (isinf (json_array_get_double_element (json_node_get_array (back), 0)));
  g_assert_cmpfloat (json_array_get_double_element (json_node_get_array (back), 1), <, 0);

  config_node = test_parse_json ("{\"commands\": [{\"command\": \"ls\", \"timeout\": 1}]}");
  json_object_set_double_member (json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (config_node), "commands"), 0),
    "timeout", NAN);
  config = sandbox_config_new_from_json (config_node, &error);
  g_assert_null (config);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG);
  g_assert_nonnull (strstr (error->message, "NaN"));
}

/* The indented and the Python-default styles, as json.dumps () writes
 * them with indent=2 and with no options. */
static void
test_json_styles (void)
{
  g_autoptr(JsonNode) node = test_parse_json ("{\"a\": [1, {}], \"b\": [], \"caf\u00e9\": 2.5}");
  g_autoptr(GString) pretty = g_string_new (NULL);
  g_autoptr(GString) dumps = g_string_new (NULL);

  _sandbox_json_append_node (pretty, node, &_sandbox_json_pretty);
  g_assert_cmpstr (pretty->str, ==,
                   "{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": [],\n"
                   "  \"caf\xc3\xa9\": 2.5\n}");

  _sandbox_json_append_node (dumps, node, &_sandbox_json_dumps);
  g_assert_cmpstr (dumps->str, ==,
                   "{\"a\": [1, {}], \"b\": [], \"caf\\u00e9\": 2.5}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/config/builder/empty", test_builder_empty);
  g_test_add_func ("/config/builder/round-trip", test_builder_round_trip);
  g_test_add_func ("/config/builder/variables", test_builder_variables);
  g_test_add_func ("/config/builder/timeouts", test_builder_timeouts);
  g_test_add_func ("/config/builder/properties", test_builder_properties);
  g_test_add_func ("/config/validate/messages", test_validate_messages);
  g_test_add_func ("/config/validate/valid", test_validate_valid);
  g_test_add_func ("/config/validate/item-text", test_validate_item_text);
  g_test_add_func ("/config/from-json/keeps-unknown", test_from_json_keeps_unknown);
  g_test_add_func ("/config/from-json/save", test_from_json_save_true_only);
  g_test_add_func ("/config/from-string/invalid", test_from_string_invalid);
  g_test_add_func ("/config/from-string/deep", test_from_string_deep);
  g_test_add_func ("/config/from-string/lenient", test_from_string_lenient);
  g_test_add_func ("/config/from-string/round-trip", test_from_string_round_trip);
  g_test_add_func ("/config/from-json/unusable", test_from_json_unusable);
  g_test_add_func ("/config/to-string/escapes", test_to_string_escapes);
  g_test_add_func ("/config/json/copy-deep", test_json_copy_deep);
  g_test_add_func ("/config/json/non-finite", test_json_non_finite);
  g_test_add_func ("/config/json/styles", test_json_styles);
  g_test_add_func ("/config/json/scan", test_json_scan);

  return g_test_run ();
}
