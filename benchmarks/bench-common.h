/* bench-common.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What one run of a contender does, from its command line (the same for
 * every C contender, see benchmarks/README.md):
 *
 *   --op specifications --count N            N blocking calls, one after another
 *   --op execute --count N --inflight C      N executes, C at once (async)
 *   --op execute --count N --threads T       N executes by T threads (blocking)
 *   --op upload --file PATH                  one execute sending PATH
 *   --op download --size BYTES               one download of BYTES
 *
 * --variant picks among a contender's ways of doing it (sync, async, file,
 * stream, bytes…). */
typedef struct
{
  char  *url;
  char  *op;
  char  *variant;
  char  *file;
  int    count;
  int    inflight;
  int    threads;
  gint64 size;
} BenchOptions;

#define BENCH_ENVIRONMENT   "7ee5d2d4-66fe-4a48-8e7b-2ab2e41f5b6a"
#define BENCH_CONFIG_JSON   "{\"commands\": [\"true\"]}"

void    bench_options_parse (BenchOptions  *options,
                             int           *argc,
                             char        ***argv);
void    bench_options_clear (BenchOptions  *options);
double  bench_now           (void);
void    bench_report        (double         seconds,
                             int            count,
                             gint64         bytes);
G_NORETURN
void    bench_fail          (const char    *format,
                             ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
