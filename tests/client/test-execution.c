/* test-execution.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include <sandbox-api.h>

#include "test-util.h"

#include "sandbox-error.h"
#include "sandbox-response-private.h"

#define UUID "e8c5995b-7049-4b04-8440-5d9d914360fc"

/* The answer of docs/protocol.md, with an unknown member added. */
#define EXAMPLE \
  "{\"status\": 0," \
  " \"execution\": [{\"command\": \"echo $((2+2))\", \"exit_code\": 0," \
  "                  \"stdout\": \"4\", \"stderr\": \"\", \"time\": 0.2858}]," \
  " \"total_time\": 0.2871," \
  " \"result\": \"4\\n\"," \
  " \"environment\": \"" UUID "\"," \
  " \"expire\": \"2019-07-06T13:05:35.123456+00:00\"," \
  " \"x-unknown\": [1, 2]}"

static SandboxExecution *
parse_execution (const char *text)
{
  g_autoptr(JsonNode) node = test_parse_json (text);
  g_autoptr(GError) error = NULL;
  SandboxExecution *execution;

  execution = sandbox_execution_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_true (SANDBOX_IS_EXECUTION (execution));

  return execution;
}

static void
test_example (void)
{
  g_autoptr(JsonNode) node = test_parse_json (EXAMPLE);
  GListModel *commands;
  GDateTime *expire;
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(SandboxCommandResult) item = NULL;
  g_autoptr(GError) error = NULL;

  execution = sandbox_execution_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_nonnull (execution);

  g_assert_cmpint (sandbox_execution_get_status (execution), ==, 0);
  g_assert_cmpfloat (sandbox_execution_get_total_time (execution), ==, 0.2871);
  g_assert_cmpstr (sandbox_execution_get_result (execution), ==, "4\n");
  g_assert_cmpstr (sandbox_execution_get_environment (execution), ==, UUID);
  g_assert_true (sandbox_execution_get_json (execution) == node);

  expire = sandbox_execution_get_expire (execution);
  g_assert_nonnull (expire);
  g_assert_cmpint (g_date_time_get_year (expire), ==, 2019);
  g_assert_cmpint (g_date_time_get_month (expire), ==, 7);
  g_assert_cmpint (g_date_time_get_day_of_month (expire), ==, 6);
  g_assert_cmpint (g_date_time_get_hour (expire), ==, 13);
  g_assert_cmpint (g_date_time_get_minute (expire), ==, 5);
  g_assert_cmpint (g_date_time_get_second (expire), ==, 35);
  g_assert_cmpint (g_date_time_get_microsecond (expire), ==, 123456);
  g_assert_cmpint (g_date_time_get_utc_offset (expire), ==, 0);
  g_assert_cmpint (g_date_time_to_unix (expire), ==, 1562418335);

  commands = sandbox_execution_get_commands (execution);
  g_assert_true (G_IS_LIST_MODEL (commands));
  g_assert_true (g_list_model_get_item_type (commands) == SANDBOX_TYPE_COMMAND_RESULT);
  g_assert_cmpuint (g_list_model_get_n_items (commands), ==, 1);
  g_assert_null (g_list_model_get_item (commands, 1));

  item = g_list_model_get_item (commands, 0);
  g_assert_true (SANDBOX_IS_COMMAND_RESULT (item));
  g_assert_cmpstr (sandbox_command_result_get_command (item), ==, "echo $((2+2))");
  g_assert_cmpint (sandbox_command_result_get_exit_code (item), ==, 0);
  g_assert_cmpstr (sandbox_command_result_get_stdout (item), ==, "4");
  g_assert_cmpstr (sandbox_command_result_get_stderr (item), ==, "");
  g_assert_cmpfloat (sandbox_command_result_get_time (item), ==, 0.2858);

  /* The execution keeps what it needs: the node may go. */
  g_clear_pointer (&node, json_node_unref);
  g_assert_cmpstr (sandbox_execution_get_environment (execution), ==, UUID);
  g_assert_true (json_object_has_member (
    json_node_get_object (sandbox_execution_get_json (execution)),
    "x-unknown"));
}

/* The string property @name of @object is @expected. */
static void
assert_string_property (gpointer    object,
                        const char *name,
                        const char *expected)
{
  g_autofree char *value = NULL;

  g_object_get (object, name, &value, NULL);
  g_assert_cmpstr (value, ==, expected);
}

static void
test_properties (void)
{
  g_autoptr(SandboxExecution) execution = parse_execution (EXAMPLE);
  g_autoptr(SandboxCommandResult) item = NULL;
  g_autoptr(GDateTime) expire = NULL;
  g_autoptr(GListModel) commands = NULL;
  g_autoptr(JsonNode) json = NULL;
  double total_time = 0;
  double time = 0;
  int status = -1;
  int exit_code = -1;

  g_object_get (execution,
                "status", &status,
                "total-time", &total_time,
                "expire", &expire,
                "commands", &commands,
                "json", &json,
                NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpfloat (total_time, ==, 0.2871);
  assert_string_property (execution, "result", "4\n");
  assert_string_property (execution, "environment", UUID);
  g_assert_true (expire == sandbox_execution_get_expire (execution));
  g_assert_true (commands == sandbox_execution_get_commands (execution));
  /* JsonNode's boxed copy is json_node_copy (): an equal node. */
  g_assert_true (json_node_equal (json, sandbox_execution_get_json (execution)));

  item = g_list_model_get_item (commands, 0);
  g_object_get (item,
                "exit-code", &exit_code,
                "time", &time,
                NULL);
  assert_string_property (item, "command", "echo $((2+2))");
  g_assert_cmpint (exit_code, ==, 0);
  assert_string_property (item, "stdout", "4");
  assert_string_property (item, "stderr", "");
  g_assert_cmpfloat (time, ==, 0.2858);
}

static void
test_minimal (void)
{
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(SandboxCommandResult) first = NULL;
  g_autoptr(SandboxCommandResult) second = NULL;
  GListModel *commands;

  /* Integers where floats are expected, nulls for the optional members, a
   * timed-out command and a big (but in range) status. */
  execution = parse_execution (
    "{\"status\": -2,"
    " \"execution\": [{\"command\": \"true\", \"exit_code\": 0, \"stdout\": \"\","
    "                  \"stderr\": \"\", \"time\": 0},"
    "                 {\"command\": \"sleep 5\", \"exit_code\": -2, \"stdout\": \"\","
    "                  \"stderr\": \"Command timed out after 1 seconds\\n\","
    "                  \"time\": 1.0012, \"extra\": true}],"
    " \"total_time\": 2, \"result\": null, \"environment\": null, \"expire\": null}");

  g_assert_cmpint (sandbox_execution_get_status (execution), ==, SANDBOX_STATUS_TIMEOUT);
  g_assert_cmpfloat (sandbox_execution_get_total_time (execution), ==, 2.0);
  g_assert_null (sandbox_execution_get_result (execution));
  g_assert_null (sandbox_execution_get_environment (execution));
  g_assert_null (sandbox_execution_get_expire (execution));

  commands = sandbox_execution_get_commands (execution);
  g_assert_cmpuint (g_list_model_get_n_items (commands), ==, 2);
  first = g_list_model_get_item (commands, 0);
  second = g_list_model_get_item (commands, 1);
  g_assert_cmpstr (sandbox_command_result_get_command (first), ==, "true");
  g_assert_cmpfloat (sandbox_command_result_get_time (first), ==, 0.0);
  g_assert_cmpstr (sandbox_command_result_get_command (second), ==, "sleep 5");
  g_assert_cmpint (sandbox_command_result_get_exit_code (second), ==, -2);
  g_assert_cmpstr (sandbox_command_result_get_stderr (second), ==,
                   "Command timed out after 1 seconds\n");
  g_assert_cmpfloat (sandbox_command_result_get_time (second), ==, 1.0012);
  g_clear_object (&execution);

  /* Members missing altogether, no command ran, extreme int values. */
  execution = parse_execution ("{\"status\": 2147483647, \"execution\": [],"
                               " \"total_time\": 0.5}");
  g_assert_cmpint (sandbox_execution_get_status (execution), ==, G_MAXINT);
  g_assert_cmpuint (g_list_model_get_n_items (sandbox_execution_get_commands (execution)), ==, 0);
  g_assert_null (sandbox_execution_get_result (execution));
  g_assert_null (sandbox_execution_get_expire (execution));
  g_clear_object (&execution);

  execution = parse_execution ("{\"status\": -2147483648, \"execution\": [],"
                               " \"total_time\": 0.5}");
  g_assert_cmpint (sandbox_execution_get_status (execution), ==, G_MININT);
}

static void
test_expire_offset (void)
{
  g_autoptr(SandboxExecution) execution = NULL;
  GDateTime *expire;

  execution = parse_execution ("{\"status\": 0, \"execution\": [], \"total_time\": 0.1,"
                               " \"environment\": \"" UUID "\","
                               " \"expire\": \"2026-11-27T03:31:04.148064+02:30\"}");
  expire = sandbox_execution_get_expire (execution);
  g_assert_nonnull (expire);
  g_assert_cmpint (g_date_time_get_utc_offset (expire), ==,
                   (2 * G_TIME_SPAN_HOUR) + (30 * G_TIME_SPAN_MINUTE));
  g_assert_cmpint (g_date_time_get_hour (expire), ==, 3);
  g_assert_cmpint (g_date_time_get_microsecond (expire), ==, 148064);
  g_assert_cmpint (g_date_time_to_unix (expire), ==, 1795741264);
}

static void
test_invalid (void)
{
  static const struct {
    const char *json;
    const char *message;
  } cases[] = {
    { "[]", "The sandbox's answer is not an object (it is an array)" },
    { "null", "The sandbox's answer is not an object (it is null)" },
    { "\"ok\"", "The sandbox's answer is not an object (it is a string)" },

    /* status */
    { "{}", "The sandbox's answer has no 'status' member" },
    { "{\"execution\": [], \"total_time\": 1}",
      "The sandbox's answer has no 'status' member" },
    { "{\"status\": \"0\", \"execution\": [], \"total_time\": 1}",
      "The sandbox's answer has no integer 'status' (it is a string)" },
    { "{\"status\": 0.0, \"execution\": [], \"total_time\": 1}",
      "The sandbox's answer has no integer 'status' (it is a number)" },
    { "{\"status\": false, \"execution\": [], \"total_time\": 1}",
      "The sandbox's answer has no integer 'status' (it is a boolean)" },
    { "{\"status\": null, \"execution\": [], \"total_time\": 1}",
      "The sandbox's answer has no integer 'status' (it is null)" },
    { "{\"status\": 2147483648, \"execution\": [], \"total_time\": 1}",
      "The sandbox's answer has an out-of-range 'status' (2147483648)" },
    { "{\"status\": -2147483649, \"execution\": [], \"total_time\": 1}",
      "The sandbox's answer has an out-of-range 'status' (-2147483649)" },
    { "{\"status\": 9223372036854775807, \"execution\": [], \"total_time\": 1}",
      "The sandbox's answer has an out-of-range 'status' (9223372036854775807)" },

    /* execution */
    { "{\"status\": 0, \"total_time\": 1}",
      "The sandbox's answer has no 'execution' member" },
    { "{\"status\": 0, \"execution\": {}, \"total_time\": 1}",
      "The sandbox's answer has no array 'execution' (it is an object)" },
    { "{\"status\": 0, \"execution\": null, \"total_time\": 1}",
      "The sandbox's answer has no array 'execution' (it is null)" },
    { "{\"status\": 0, \"execution\": [1], \"total_time\": 1}",
      "'execution' item 0 is not an object (it is an integer)" },
    { "{\"status\": 0, \"execution\": [{\"command\": \"a\", \"exit_code\": 0,"
      " \"stdout\": \"\", \"stderr\": \"\", \"time\": 0}, []], \"total_time\": 1}",
      "'execution' item 1 is not an object (it is an array)" },
    { "{\"status\": 0, \"execution\": [{\"exit_code\": 0, \"stdout\": \"\","
      " \"stderr\": \"\", \"time\": 0}], \"total_time\": 1}",
      "'execution' item 0 has no 'command' member" },
    { "{\"status\": 0, \"execution\": [{\"command\": 1, \"exit_code\": 0,"
      " \"stdout\": \"\", \"stderr\": \"\", \"time\": 0}], \"total_time\": 1}",
      "'execution' item 0 has no string 'command' (it is an integer)" },
    { "{\"status\": 0, \"execution\": [{\"command\": \"a\","
      " \"stdout\": \"\", \"stderr\": \"\", \"time\": 0}], \"total_time\": 1}",
      "'execution' item 0 has no 'exit_code' member" },
    { "{\"status\": 0, \"execution\": [{\"command\": \"a\", \"exit_code\": \"0\","
      " \"stdout\": \"\", \"stderr\": \"\", \"time\": 0}], \"total_time\": 1}",
      "'execution' item 0 has no integer 'exit_code' (it is a string)" },
    { "{\"status\": 0, \"execution\": [{\"command\": \"a\", \"exit_code\": 1.0,"
      " \"stdout\": \"\", \"stderr\": \"\", \"time\": 0}], \"total_time\": 1}",
      "'execution' item 0 has no integer 'exit_code' (it is a number)" },
    { "{\"status\": 0, \"execution\": [{\"command\": \"a\", \"exit_code\": 10000000000,"
      " \"stdout\": \"\", \"stderr\": \"\", \"time\": 0}], \"total_time\": 1}",
      "'execution' item 0 has an out-of-range 'exit_code' (10000000000)" },
    { "{\"status\": 0, \"execution\": [{\"command\": \"a\", \"exit_code\": -4294967296,"
      " \"stdout\": \"\", \"stderr\": \"\", \"time\": 0}], \"total_time\": 1}",
      "'execution' item 0 has an out-of-range 'exit_code' (-4294967296)" },
    { "{\"status\": 0, \"execution\": [{\"command\": \"a\", \"exit_code\": 0,"
      " \"stderr\": \"\", \"time\": 0}], \"total_time\": 1}",
      "'execution' item 0 has no 'stdout' member" },
    { "{\"status\": 0, \"execution\": [{\"command\": \"a\", \"exit_code\": 0,"
      " \"stdout\": null, \"stderr\": \"\", \"time\": 0}], \"total_time\": 1}",
      "'execution' item 0 has no string 'stdout' (it is null)" },
    { "{\"status\": 0, \"execution\": [{\"command\": \"a\", \"exit_code\": 0,"
      " \"stdout\": \"\", \"time\": 0}], \"total_time\": 1}",
      "'execution' item 0 has no 'stderr' member" },
    { "{\"status\": 0, \"execution\": [{\"command\": \"a\", \"exit_code\": 0,"
      " \"stdout\": \"\", \"stderr\": [], \"time\": 0}], \"total_time\": 1}",
      "'execution' item 0 has no string 'stderr' (it is an array)" },
    { "{\"status\": 0, \"execution\": [{\"command\": \"a\", \"exit_code\": 0,"
      " \"stdout\": \"\", \"stderr\": \"\"}], \"total_time\": 1}",
      "'execution' item 0 has no 'time' member" },
    { "{\"status\": 0, \"execution\": [{\"command\": \"a\", \"exit_code\": 0,"
      " \"stdout\": \"\", \"stderr\": \"\", \"time\": \"0.1\"}], \"total_time\": 1}",
      "'execution' item 0 has no number 'time' (it is a string)" },
    { "{\"status\": 0, \"execution\": [{\"command\": \"a\", \"exit_code\": 0,"
      " \"stdout\": \"\", \"stderr\": \"\", \"time\": true}], \"total_time\": 1}",
      "'execution' item 0 has no number 'time' (it is a boolean)" },
    { "{\"status\": 0, \"execution\": [{\"command\": \"a\", \"exit_code\": 0,"
      " \"stdout\": \"\", \"stderr\": \"\", \"time\": 1e400}], \"total_time\": 1}",
      "'execution' item 0 has a 'time' that is not a finite number" },

    { "{\"status\": 0, \"execution\": [{\"command\": \"a\", \"exit_code\": true,"
      " \"stdout\": \"\", \"stderr\": \"\", \"time\": 0}], \"total_time\": 1}",
      "'execution' item 0 has no integer 'exit_code' (it is a boolean)" },
    { "{\"status\": 0, \"execution\": [{\"command\": \"a\", \"exit_code\": null,"
      " \"stdout\": \"\", \"stderr\": \"\", \"time\": 0}], \"total_time\": 1}",
      "'execution' item 0 has no integer 'exit_code' (it is null)" },
    { "{\"status\": 0, \"execution\": [{\"command\": \"a\", \"exit_code\": 0,"
      " \"stdout\": \"\", \"stderr\": \"\", \"time\": -1e400}], \"total_time\": 1}",
      "'execution' item 0 has a 'time' that is not a finite number" },

    /* total_time */
    { "{\"status\": 0, \"execution\": []}",
      "The sandbox's answer has no 'total_time' member" },
    { "{\"status\": 0, \"execution\": [], \"total_time\": \"1\"}",
      "The sandbox's answer has no number 'total_time' (it is a string)" },
    { "{\"status\": 0, \"execution\": [], \"total_time\": false}",
      "The sandbox's answer has no number 'total_time' (it is a boolean)" },
    { "{\"status\": 0, \"execution\": [], \"total_time\": 1e400}",
      "The sandbox's answer has a 'total_time' that is not a finite number" },
    { "{\"status\": 0, \"execution\": [], \"total_time\": null}",
      "The sandbox's answer has no number 'total_time' (it is null)" },
    { "{\"status\": 0, \"execution\": [], \"total_time\": {}}",
      "The sandbox's answer has no number 'total_time' (it is an object)" },

    /* optional members */
    { "{\"status\": 0, \"execution\": [], \"total_time\": 1, \"result\": 4}",
      "The sandbox's answer has no string 'result' (it is an integer)" },
    { "{\"status\": 0, \"execution\": [], \"total_time\": 1, \"environment\": []}",
      "The sandbox's answer has no string 'environment' (it is an array)" },
    { "{\"status\": 0, \"execution\": [], \"total_time\": 1, \"expire\": 86400}",
      "The sandbox's answer has no string 'expire' (it is an integer)" },
    { "{\"status\": 0, \"execution\": [], \"total_time\": 1, \"expire\": \"tomorrow\"}",
      "The sandbox's answer has an 'expire' that is not an ISO 8601 date and "
      "time with a UTC offset" },
    { "{\"status\": 0, \"execution\": [], \"total_time\": 1,"
      " \"expire\": \"2019-07-06T13:05:35.123456\"}",
      "The sandbox's answer has an 'expire' that is not an ISO 8601 date and "
      "time with a UTC offset" },
    { "{\"status\": 0, \"execution\": [], \"total_time\": 1,"
      " \"expire\": \"2019-13-06T13:05:35+00:00\"}",
      "The sandbox's answer has an 'expire' that is not an ISO 8601 date and "
      "time with a UTC offset" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = test_parse_json (cases[i].json);
      g_autoptr(SandboxExecution) execution = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", cases[i].json);
      execution = sandbox_execution_new_from_json (node, &error);
      g_assert_null (execution);
      g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* Nodes built by hand can hold what a parser never gives. */
static void
test_invalid_built (void)
{
  g_autoptr(JsonNode) node = test_parse_json ("{\"status\": 0, \"execution\": [],"
                                    " \"total_time\": 1}");
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (json_node_get_object (node), "result", "\xff");
  execution = sandbox_execution_new_from_json (node, &error);
  g_assert_null (execution);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE);
  g_assert_cmpstr (error->message, ==,
                   "The sandbox's answer has a 'result' that is not valid UTF-8");
  g_clear_error (&error);

  json_object_set_double_member (json_node_get_object (node), "result", 1);
  json_object_set_double_member (json_node_get_object (node), "total_time", NAN);
  execution = sandbox_execution_new_from_json (node, &error);
  g_assert_null (execution);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE);
  g_assert_cmpstr (error->message, ==,
                   "The sandbox's answer has a 'total_time' that is not a finite number");
}

static void
test_status_to_string (void)
{
  g_assert_cmpstr (sandbox_status_to_string (0), ==, "success");
  g_assert_cmpstr (sandbox_status_to_string (SANDBOX_STATUS_SUCCESS), ==, "success");
  g_assert_cmpstr (sandbox_status_to_string (-1), ==, "unknown error");
  g_assert_cmpstr (sandbox_status_to_string (-2), ==, "timed out");
  g_assert_cmpstr (sandbox_status_to_string (-3), ==, "result not found");
  g_assert_cmpstr (sandbox_status_to_string (-4), ==, "result is not UTF-8");
  g_assert_cmpstr (sandbox_status_to_string (1), ==, "command failed");
  g_assert_cmpstr (sandbox_status_to_string (127), ==, "command failed");
  g_assert_cmpstr (sandbox_status_to_string (G_MAXINT), ==, "command failed");
  g_assert_cmpstr (sandbox_status_to_string (-5), ==, "unknown status");
  g_assert_cmpstr (sandbox_status_to_string (G_MININT), ==, "unknown status");
}

static void
test_status_enum_type (void)
{
  GEnumClass *klass = g_type_class_ref (SANDBOX_TYPE_STATUS);
  GEnumValue *value = g_enum_get_value (klass, SANDBOX_STATUS_RESULT_NOT_UTF8);

  g_assert_nonnull (value);
  g_assert_cmpstr (value->value_name, ==, "SANDBOX_STATUS_RESULT_NOT_UTF8");
  g_type_class_unref (klass);
}

/* An answer as the client reads it from the wire: integers that json-glib
 * would wrap (9999999999999999999999 read as -1) are refused in every
 * integer field, before the typed answer sees them. */
static void
test_integers_from_text (void)
{
  static const char *const values[] = {
    "9999999999999999999999", "-9999999999999999999999", "9223372036854775808",
    "-9223372036854775809", "18446744073709551615", "18446744073709551616",
  };
  /* Each integer field, as the text before and after its value. */
  static const struct { const char *before; const char *after; } fields[] = {
    { "{\"status\": ", ", \"execution\": [], \"total_time\": 1}" },
    { "{\"status\": 0, \"execution\": [{\"command\": \"a\", \"exit_code\": ",
      ", \"stdout\": \"\", \"stderr\": \"\", \"time\": 0}], \"total_time\": 1}" },
    { "{\"status\": 0, \"execution\": [{\"command\": \"a\", \"exit_code\": 0,"
      " \"stdout\": \"\", \"stderr\": \"\", \"time\": ", "}], \"total_time\": 1}" },
    { "{\"status\": 0, \"execution\": [], \"total_time\": ", "}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    for (guint j = 0; j < G_N_ELEMENTS (values); j++)
      {
        g_autofree char *text = g_strconcat (fields[i].before, values[j], fields[i].after,
                                             NULL);
        g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));
        g_autoptr(GError) error = NULL;
        g_autoptr(JsonNode) node = NULL;

        g_test_message ("%s", text);
        node = sandbox_response_parse_json (body, NULL, &error);
        g_assert_null (node);
        g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE);
        g_assert_nonnull (strstr (error->message, "does not fit in 64 bits"));
      }

  /* The limits themselves are integers json-glib holds: the typed answer
   * then says they are out of range for an int. */
  {
    const char *text = "{\"status\": -9223372036854775808, \"execution\": [], "
                       "\"total_time\": 1}";
    g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = sandbox_response_parse_json (body, NULL, &error);
    g_autoptr(SandboxExecution) execution = NULL;

    g_assert_no_error (error);
    execution = sandbox_execution_new_from_json (node, &error);
    g_assert_null (execution);
    g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE);
    g_assert_cmpstr (error->message, ==, "The sandbox's answer has an out-of-range "
                     "'status' (-9223372036854775808)");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/execution/example", test_example);
  g_test_add_func ("/execution/properties", test_properties);
  g_test_add_func ("/execution/minimal", test_minimal);
  g_test_add_func ("/execution/expire-offset", test_expire_offset);
  g_test_add_func ("/execution/invalid", test_invalid);
  g_test_add_func ("/execution/integers-from-text", test_integers_from_text);
  g_test_add_func ("/execution/invalid-built", test_invalid_built);
  g_test_add_func ("/execution/status-to-string", test_status_to_string);
  g_test_add_func ("/execution/status-enum-type", test_status_enum_type);

  return g_test_run ();
}
