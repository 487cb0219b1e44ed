/* bench-common.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "bench-common.h"

void
bench_options_parse (BenchOptions  *options,
                     int           *argc,
                     char        ***argv)
{
  GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &options->url, "Server base URL", "URL" },
    { "op", 0, 0, G_OPTION_ARG_STRING, &options->op, "What to measure", "OP" },
    { "variant", 0, 0, G_OPTION_ARG_STRING, &options->variant, "How to do it", "NAME" },
    { "file", 0, 0, G_OPTION_ARG_FILENAME, &options->file, "File to upload", "PATH" },
    { "count", 0, 0, G_OPTION_ARG_INT, &options->count, "Number of calls", "N" },
    { "inflight", 0, 0, G_OPTION_ARG_INT, &options->inflight, "Calls at once", "N" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &options->threads, "Blocking threads", "N" },
    { "size", 0, 0, G_OPTION_ARG_INT64, &options->size, "Download size", "BYTES" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- one benchmark run");
  g_autoptr(GError) error = NULL;

  *options = (BenchOptions) { .count = 1, .inflight = 1, .threads = 0 };
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    bench_fail ("%s", error->message);
  if (options->url == NULL || options->op == NULL)
    bench_fail ("--url and --op are required");
  if (options->variant == NULL)
    options->variant = g_strdup ("");
  if (options->count < 1 || options->inflight < 1 || options->threads < 0)
    bench_fail ("--count and --inflight must be positive");
}

void
bench_options_clear (BenchOptions *options)
{
  g_free (options->url);
  g_free (options->op);
  g_free (options->variant);
  g_free (options->file);
}

double
bench_now (void)
{
  return g_get_monotonic_time () / (double) G_USEC_PER_SEC;
}

/* One JSON line on stdout, which benchmarks/run reads. */
void
bench_report (double seconds,
              int    count,
              gint64 bytes)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  printf ("{\"seconds\": %s, \"count\": %d, \"bytes\": %" G_GINT64_FORMAT "}\n",
          g_ascii_dtostr (text, sizeof text, seconds), count, bytes);
  fflush (stdout);
}

void
bench_fail (const char *format,
            ...)
{
  va_list args;

  va_start (args, format);
  fprintf (stderr, "%s: ", g_get_prgname () != NULL ? g_get_prgname () : "bench");
  vfprintf (stderr, format, args);
  fprintf (stderr, "\n");
  va_end (args);
  exit (1);
}
