/* test-server-python.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "server-json.h"
#include "server-pyjson.h"
#include "server-python.h"

/* How sandbox-server writes values as the real server's Python does, on
 * plain values, without a server. */

static JsonNode *
parse (const char *text)
{
  g_autofree char *message = NULL;
  JsonNode *node = server_pyjson_parse (text, strlen (text), &message);

  g_assert_null (message);
  g_assert_nonnull (node);
  return node;
}

/* Python's repr (), which the server's messages show as the real
 * server's do. */
static void
test_repr (void)
{
  static const struct {
    const char *item;
    const char *repr;
  } cases[] = {
    { "[]", "[]" },
    { "[\"a\", 1, 2.5, true, false, null]",
      "['a', 1, 2.5, True, False, None]" },
    { "1", "1" },
    { "-7", "-7" },
    { "9223372036854775807", "9223372036854775807" },
    { "-9223372036854775808", "-9223372036854775808" },
    { "2.5", "2.5" },
    { "true", "True" },
    { "false", "False" },
    { "null", "None" },
    { "{\"command\": [\"nested\", {\"a\": [1, {\"b\": null}]}]}",
      "{'command': ['nested', {'a': [1, {'b': None}]}]}" },
    /* Quotes: single, unless the text has a ' and no ". */
    { "{\"command\": [\"it's\"]}", "{'command': [\"it's\"]}" },
    { "{\"command\": [\"say \\\"hi\\\"\"]}", "{'command': ['say \"hi\"']}" },
    { "{\"command\": [\"both ' and \\\"\"]}",
      "{'command': ['both \\' and \"']}" },
    { "{\"command\": [\"back\\\\slash\\ttab\\nnl\\rcr\\u0001\\u007f\"]}",
      "{'command': ['back\\\\slash\\ttab\\nnl\\rcr\\x01\\x7f']}" },
    /* Printable non-ASCII stays, the rest is escaped. */
    { "{\"command\": [\"caf\\u00e9 \\u00a0 \\u200b \\u2028 \\ud83d\\ude00 \\ue000\"]}",
      "{'command': ['caf\xc3\xa9 \\xa0 \\u200b \\u2028 \xf0\x9f\x98\x80 \\ue000']}" },
    /* Floats as Python prints them. */
    { "[0.1, 1e-05, 0.0001, 1e16, 1e15, 1.5e300, 100.0, -0.0, 1E2, "
      "123456789.123, 5e-324, 1.7976931348623157e308, "
      "0.30000000000000004, 2e-7]",
      "[0.1, 1e-05, 0.0001, 1e+16, 1000000000000000.0, 1.5e+300, 100.0, "
      "-0.0, 100.0, 123456789.123, 5e-324, 1.7976931348623157e+308, "
      "0.30000000000000004, 2e-07]" },
    /* What json.loads () takes and JSON has not. */
    { "[NaN, Infinity, -Infinity]", "[nan, inf, -inf]" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = parse (cases[i].item);
      g_autofree char *repr = server_python_repr (node);

      g_test_message ("%s", cases[i].item);
      g_assert_cmpstr (repr, ==, cases[i].repr);
    }
}


/* str () is the text itself for a string, repr () for the rest; type ()
 * names the class json.loads () makes. */
static void
test_str_and_type_name (void)
{
  static const struct {
    const char *item;
    const char *str;
    const char *type_name;
  } cases[] = {
    { "\"it's\"", "it's", "<class 'str'>" },
    { "{\"a\": [1]}", "{'a': [1]}", "<class 'dict'>" },
    { "[]", "[]", "<class 'list'>" },
    { "7", "7", "<class 'int'>" },
    { "1e2", "100.0", "<class 'float'>" },
    { "Infinity", "inf", "<class 'float'>" },
    { "true", "True", "<class 'bool'>" },
    { "null", "None", "<class 'NoneType'>" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = parse (cases[i].item);
      g_autofree char *str = server_python_str (node);

      g_test_message ("%s", cases[i].item);
      g_assert_cmpstr (str, ==, cases[i].str);
      g_assert_cmpstr (server_python_type_name (node), ==, cases[i].type_name);
    }
}

/* The answers are json.dumps () text, except for what JSON has not: an
 * infinity is 1e999 (which the library's scanner and json.loads () read
 * back), NaN is null, never Python's Infinity and NaN. */
static void
test_dumps (void)
{
  g_autoptr(JsonNode) node = parse ("{\"caf\u00e9\": [0.1, 5.0, 1e16, -0.0, true, null],"
                                    " \"x\": [Infinity, -Infinity, NaN]}");
  g_autoptr(GString) out = g_string_new (NULL);

  server_json_append_node (out, node);
  g_assert_cmpstr (out->str, ==,
                   "{\"caf\\u00e9\": [0.1, 5.0, 1e+16, -0.0, true, null], "
                   "\"x\": [1e999, -1e999, null]}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/python/repr", test_repr);
  g_test_add_func ("/server/python/str-and-type-name", test_str_and_type_name);
  g_test_add_func ("/server/python/dumps", test_dumps);

  return g_test_run ();
}
