/* bench-lib.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <sandbox-api.h>

#include "bench-common.h"

/* The contender "this library", from C: each operation through the public
 * API, blocking or asynchronous as --variant says. */

static SandboxClient *
make_client (const BenchOptions *options,
             guint               max_connections)
{
  g_autoptr(GError) error = NULL;
  SandboxClient *client = g_initable_new (SANDBOX_TYPE_CLIENT, NULL, &error,
                                          "base-url", options->url,
                                          "max-connections", MAX (max_connections, 1),
                                          "timeout", 600.0,
                                          NULL);

  if (client == NULL)
    bench_fail ("%s", error->message);
  sandbox_client_set_max_response_size (client, G_MAXUINT32);
  return client;
}

static SandboxConfig *
make_config (void)
{
  SandboxConfig *config = sandbox_config_new ();

  sandbox_config_add_command (config, "true", FALSE);
  return config;
}

static void
check_execution (SandboxExecution *execution,
                 GError           *error)
{
  if (execution == NULL)
    bench_fail ("execute: %s", error->message);
  if (sandbox_execution_get_status (execution) != 0)
    bench_fail ("execute: status %d", sandbox_execution_get_status (execution));
}

typedef struct
{
  int        pending;
  GMainLoop *loop;
} Waiter;

static void
specifications_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Waiter *waiter = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node =
    sandbox_client_get_specifications_finish (SANDBOX_CLIENT (object), result, &error);

  if (node == NULL)
    bench_fail ("get_specifications: %s", error->message);
  g_main_loop_quit (waiter->loop);
}

static void
run_specifications (const BenchOptions *options)
{
  g_autoptr(SandboxClient) client = make_client (options, 1);
  gboolean async = g_str_equal (options->variant, "async");
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Waiter waiter = { .loop = loop };
  double start = bench_now ();

  for (int i = 0; i < options->count; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;

      if (async)
        {
          sandbox_client_get_specifications_async (client, NULL, specifications_cb, &waiter);
          g_main_loop_run (loop);
          continue;
        }
      node = sandbox_client_get_specifications (client, NULL, &error);
      if (node == NULL)
        bench_fail ("get_specifications: %s", error->message);
    }
  bench_report (bench_now () - start, options->count, 0);
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

  check_execution (execution, error);
  if (--waiter->pending == 0)
    g_main_loop_quit (waiter->loop);
}

typedef struct
{
  SandboxClient *client;
  SandboxConfig *config;
  int            count;
} Worker;

static gpointer
execute_worker (gpointer data)
{
  Worker *worker = data;

  for (int i = 0; i < worker->count; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SandboxExecution) execution =
        sandbox_client_execute (worker->client, worker->config, NULL, NULL, &error);

      check_execution (execution, error);
    }
  return NULL;
}

/* All the executes at once, as a user would start them: the client's
 * max-connections is the only limit. */
static void
run_execute_async (const BenchOptions *options)
{
  g_autoptr(SandboxClient) client = make_client (options, options->inflight);
  g_autoptr(SandboxConfig) config = make_config ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Waiter waiter = { .pending = options->count, .loop = loop };
  double start = bench_now ();

  for (int i = 0; i < options->count; i++)
    sandbox_client_execute_async (client, config, NULL, NULL, executed_cb, &waiter);
  g_main_loop_run (loop);
  bench_report (bench_now () - start, options->count, 0);
}

static void
run_execute_threads (const BenchOptions *options)
{
  int threads = MAX (options->threads, 1);
  g_autoptr(SandboxClient) client = make_client (options, threads);
  g_autoptr(SandboxConfig) config = make_config ();
  g_autofree Worker *workers = g_new0 (Worker, threads);
  g_autofree GThread **running = g_new0 (GThread *, threads);
  double start = bench_now ();

  for (int t = 0; t < threads; t++)
    {
      workers[t] = (Worker) { client, config, options->count / threads +
                              (t < options->count % threads ? 1 : 0) };
      running[t] = g_thread_new ("bench-execute", execute_worker, &workers[t]);
    }
  for (int t = 0; t < threads; t++)
    g_thread_join (running[t]);
  bench_report (bench_now () - start, options->count, 0);
}

static void
run_upload (const BenchOptions *options)
{
  g_autoptr(SandboxClient) client = make_client (options, 1);
  g_autoptr(SandboxConfig) config = make_config ();
  g_autoptr(GFile) file = g_file_new_for_path (options->file);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GError) error = NULL;
  double start;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, &error);
  if (info == NULL)
    bench_fail ("%s", error->message);
  start = bench_now ();
  if (g_str_equal (options->variant, "stream"))
    {
      g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, &error);

      if (stream == NULL)
        bench_fail ("%s", error->message);
      execution = sandbox_client_execute (client, config, G_INPUT_STREAM (stream),
                                          NULL, &error);
    }
  else
    execution = sandbox_client_execute_file (client, config, file, NULL, &error);
  check_execution (execution, error);
  bench_report (bench_now () - start, 1, g_file_info_get_size (info));
}

static void
run_download (const BenchOptions *options)
{
  g_autoptr(SandboxClient) client = make_client (options, 1);
  g_autoptr(GError) error = NULL;
  gint64 received = 0;
  double start = bench_now ();

  if (g_str_equal (options->variant, "stream"))
    {
      g_autofree guint8 *buffer = g_malloc (256 * 1024);
      g_autoptr(GInputStream) stream =
        sandbox_client_download_stream (client, BENCH_ENVIRONMENT, NULL, NULL, NULL, &error);
      gssize n;

      if (stream == NULL)
        bench_fail ("download_stream: %s", error->message);
      while ((n = g_input_stream_read (stream, buffer, 256 * 1024, NULL, &error)) > 0)
        received += n;
      if (n < 0)
        bench_fail ("download_stream: %s", error->message);
    }
  else
    {
      g_autoptr(GBytes) bytes =
        sandbox_client_download (client, BENCH_ENVIRONMENT, NULL, NULL, &error);

      if (bytes == NULL)
        bench_fail ("download: %s", error->message);
      received = (gint64) g_bytes_get_size (bytes);
    }
  if (received != options->size)
    bench_fail ("download: %" G_GINT64_FORMAT " bytes instead of %" G_GINT64_FORMAT,
                received, options->size);
  bench_report (bench_now () - start, 1, received);
}

int
main (int   argc,
      char *argv[])
{
  BenchOptions options;

  g_set_prgname ("bench-lib");
  bench_options_parse (&options, &argc, &argv);
  if (g_str_equal (options.op, "specifications"))
    run_specifications (&options);
  else if (g_str_equal (options.op, "execute") && options.threads > 0)
    run_execute_threads (&options);
  else if (g_str_equal (options.op, "execute"))
    run_execute_async (&options);
  else if (g_str_equal (options.op, "upload"))
    run_upload (&options);
  else if (g_str_equal (options.op, "download"))
    run_download (&options);
  else
    bench_fail ("unknown --op %s", options.op);
  bench_options_clear (&options);
  return 0;
}
