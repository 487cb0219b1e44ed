/* bench-fleet.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <sandbox-api.h>

/* The client of the fleet scenario of benchmarks/run (bench-fleet.py):
 * --count executes of --command through the library's asynchronous API,
 * --inflight at once (the client's max-connections), against --url (an
 * HAProxy in front of sandbox-servers). Prints one JSON line: the seconds
 * taken and how many executes each instance answered (Sandbox-Instance);
 * with --expect-instances, fails unless that many instances answered. */

typedef struct
{
  int         pending;
  GMainLoop  *loop;
  GHashTable *instances;   /* instance id → count (GINT_TO_POINTER) */
} Waiter;

G_NORETURN static void
fail (const char *message)
{
  fprintf (stderr, "bench-fleet: %s\n", message);
  exit (1);
}

static void
executed_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Waiter *waiter = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SandboxExecution) execution =
    sandbox_client_execute_finish (SANDBOX_CLIENT (object), result, &error);
  const char *instance;

  if (execution == NULL)
    fail (error->message);
  if (sandbox_execution_get_status (execution) != 0)
    fail (sandbox_status_to_string (sandbox_execution_get_status (execution)));
  instance = sandbox_execution_get_instance (execution);
  if (instance == NULL)
    instance = "unknown";
  g_hash_table_insert (waiter->instances, g_strdup (instance),
                       GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (waiter->instances,
                                                                              instance)) + 1));
  if (--waiter->pending == 0)
    g_main_loop_quit (waiter->loop);
}

static void
report (double      seconds,
        int         count,
        GHashTable *instances)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  GHashTableIter iter;
  gpointer key, value;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "seconds");
  json_builder_add_double_value (builder, seconds);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, count);
  json_builder_set_member_name (builder, "instances");
  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, instances);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      json_builder_set_member_name (builder, key);
      json_builder_add_int_value (builder, GPOINTER_TO_INT (value));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *url = NULL;
  g_autofree char *command = NULL;
  int count = 0;
  int inflight = 0;
  int expect_instances = 0;
  GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, "The balancer's base URL", "URL" },
    { "command", 0, 0, G_OPTION_ARG_STRING, &command, "What each execute runs", "COMMAND" },
    { "count", 0, 0, G_OPTION_ARG_INT, &count, "Number of executes", "N" },
    { "inflight", 0, 0, G_OPTION_ARG_INT, &inflight, "Executes at once", "N" },
    { "expect-instances", 0, 0, G_OPTION_ARG_INT, &expect_instances,
      "Fail unless exactly N instances answered", "N" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- executes through a fleet");
  g_autoptr(GError) error = NULL;
  g_autoptr(SandboxClient) client = NULL;
  g_autoptr(SandboxConfig) config = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GHashTable) instances = NULL;
  Waiter waiter;
  gint64 start;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    fail (error->message);
  if (url == NULL || command == NULL || count < 1 || inflight < 1)
    fail ("--url, --command, a positive --count and --inflight are required");

  client = g_initable_new (SANDBOX_TYPE_CLIENT, NULL, &error,
                           "base-url", url,
                           "max-connections", inflight,
                           "timeout", 600.0,
                           NULL);
  if (client == NULL)
    fail (error->message);
  config = sandbox_config_new ();
  sandbox_config_add_command (config, command, FALSE);
  loop = g_main_loop_new (NULL, FALSE);
  instances = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  waiter = (Waiter) { .pending = count, .loop = loop, .instances = instances };

  start = g_get_monotonic_time ();
  for (int i = 0; i < count; i++)
    sandbox_client_execute_async (client, config, NULL, NULL, executed_cb, &waiter);
  g_main_loop_run (loop);
  report ((g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC, count, instances);
  if (expect_instances > 0 && g_hash_table_size (instances) != (guint) expect_instances)
    {
      g_autofree char *message =
        g_strdup_printf ("%u instances answered, not %d: the balancer did not spread the "
                         "executes", g_hash_table_size (instances), expect_instances);
      fail (message);
    }
  return 0;
}
