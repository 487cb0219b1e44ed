/* bench-client.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "test-server.h"
#include "test-util.h"

/* Prints the client's figures against the in-process fake server: upload
 * and download throughput with the process's peak memory growth, and the
 * rate of small requests, one at a time and many at once. Figures only:
 * nothing here passes or fails. */

#define MIB (1024 * 1024)

static goffset
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line != NULL ? g_ascii_strtoll (line + 6, NULL, 10) : -1;
}

static void
reset_peak_rss (void)
{
  g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
}

static void
print_figure (const char *what,
              double      seconds,
              double      amount,
              const char *unit,
              goffset     peak_growth_kib)
{
  g_print ("%-44s %9.3f s  %10.1f %s", what, seconds, amount / seconds, unit);
  if (peak_growth_kib >= 0)
    g_print ("  peak memory +%.1f MiB", peak_growth_kib / 1024.0);
  g_print ("\n");
}

static void
bench_upload (SandboxClient *client,
              TestServer    *server,
              goffset        size)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileIOStream) io = NULL;
  g_autoptr(SandboxConfig) config = test_config_new_echo ();
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *what = NULL;
  GOutputStream *out;
  guint8 block[64 * 1024];
  goffset before;
  gint64 start;

  for (gsize i = 0; i < sizeof block; i++)
    block[i] = (guint8) (i * 31 + 7);

  file = g_file_new_tmp ("sandbox-bench-XXXXXX.tgz", &io, &error);
  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (io));
  for (goffset written = 0; written < size; written += sizeof block)
    g_output_stream_write_all (out, block, sizeof block, NULL, NULL, &error);
  g_assert_no_error (error);
  g_io_stream_close (G_IO_STREAM (io), NULL, &error);
  g_assert_no_error (error);

  test_server_set_count_only (server, TRUE);
  reset_peak_rss ();
  before = peak_rss_kib ();
  start = g_get_monotonic_time ();
  execution = sandbox_client_execute_file (client, config, file, NULL, &error);
  g_assert_no_error (error);
  what = g_strdup_printf ("execute_file, %" G_GOFFSET_FORMAT " MiB archive", size / MIB);
  print_figure (what, test_elapsed_since (start), (double) size / MIB, "MiB/s",
                peak_rss_kib () - before);
  test_server_set_count_only (server, FALSE);

  g_file_delete (file, NULL, NULL);
}

static void
bench_download (SandboxClient *client,
                TestServer    *server,
                goffset        size)
{
  TestAnswer answer = { .status = 200, .mode = TEST_ANSWER_GENERATED, .generated_size = size };
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *what = NULL;
  g_autofree guint8 *buffer = g_malloc (64 * 1024);
  goffset received = 0;
  goffset before;
  gint64 start;
  gssize n;

  test_server_set_answer (server, "GET", "/files/" TEST_UUID "/big/", &answer);
  reset_peak_rss ();
  before = peak_rss_kib ();
  start = g_get_monotonic_time ();
  stream = sandbox_client_download_stream (client, TEST_UUID, "big", NULL, NULL, &error);
  g_assert_no_error (error);
  while ((n = g_input_stream_read (stream, buffer, 64 * 1024, NULL, &error)) > 0)
    received += n;
  g_assert_no_error (error);
  g_assert_cmpint (received, ==, size);
  what = g_strdup_printf ("download_stream, %" G_GOFFSET_FORMAT " MiB", size / MIB);
  print_figure (what, test_elapsed_since (start), (double) size / MIB, "MiB/s",
                peak_rss_kib () - before);
}

static void
bench_sequential_requests (SandboxClient *client,
                           guint          n)
{
  g_autofree char *what = g_strdup_printf ("get_specifications, %u one after another", n);
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = sandbox_client_get_specifications (client, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (node);
    }
  print_figure (what, test_elapsed_since (start), n, "requests/s", -1);
}

typedef struct
{
  guint pending;
} Concurrent;

static void
executed_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Concurrent *concurrent = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SandboxExecution) execution =
    sandbox_client_execute_finish (SANDBOX_CLIENT (object), result, &error);

  g_assert_no_error (error);
  g_assert_nonnull (execution);
  concurrent->pending--;
}

static void
bench_concurrent_executes (SandboxClient *client,
                           guint          n)
{
  g_autoptr(SandboxConfig) config = test_config_new_echo ();
  g_autofree char *what = g_strdup_printf ("execute_async, %u at once", n);
  Concurrent concurrent = { .pending = n };
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < n; i++)
    sandbox_client_execute_async (client, config, NULL, NULL, executed_cb, &concurrent);
  while (concurrent.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  print_figure (what, test_elapsed_since (start), n, "requests/s", -1);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TestServer) server = NULL;
  g_autoptr(SandboxClient) client = NULL;
  goffset size = 256 * (goffset) MIB;

  if (argc > 1)
    size = g_ascii_strtoll (argv[1], NULL, 10) * MIB;

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  server = test_server_new ();
  client = test_client_new (test_server_get_url (server));

  g_print ("sandbox-api %s, against an in-process server on 127.0.0.1\n", SANDBOX_VERSION_S);
  bench_upload (client, server, size);
  bench_download (client, server, size);
  bench_sequential_requests (client, 500);
  bench_concurrent_executes (client, 200);

  return 0;
}
