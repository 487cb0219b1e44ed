/* server-timing.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "server-timing.h"

/* Where the time of an execute request goes: receive (from its headers to
 * a validated form), wait (for a slot and a worker thread), unpack (the
 * working directory and the environments in it), spawn (starting
 * bubblewrap), run (bubblewrap's set-up and the commands), pack (result,
 * saved environment, JSON), answer (back to the main thread), cleanup
 * (after the answer). Answers carry all but cleanup in a standard
 * Server-Timing header, in milliseconds. */

#define RECEIVED_AT "sandbox-server-received-at"

static const char * const phase_names[SERVER_N_PHASES] = {
  "receive", "wait", "unpack", "spawn", "run", "pack", "answer", "cleanup",
};

/* From the early handler: when the request's headers were read. */
void
server_timing_mark_received (SoupServerMessage *msg)
{
  gint64 *at = g_new (gint64, 1);

  *at = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), RECEIVED_AT, at, g_free);
}

/* When the request's headers were read; now when that was not marked. */
gint64
server_timing_received_at (SoupServerMessage *msg)
{
  gint64 *at = g_object_get_data (G_OBJECT (msg), RECEIVED_AT);

  return at != NULL ? *at : g_get_monotonic_time ();
}

/* Adds the time since @since to @phase; returns now, the start of the next
 * phase. */
gint64
server_timing_add (ServerTiming *timing,
                   ServerPhase   phase,
                   gint64        since)
{
  gint64 now = g_get_monotonic_time ();

  g_assert (phase < SERVER_N_PHASES);
  timing->us[phase] += MAX (now - since, 0);
  return now;
}

static char *
format (const ServerTiming *timing,
        guint               n_phases)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n_phases; i++)
    {
      char ms[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (ms, sizeof ms, "%.3f", timing->us[i] / 1000.0);
      g_string_append_printf (text, "%s%s;dur=%s", i > 0 ? ", " : "",
                              phase_names[i], ms);
    }
  return g_string_free (text, FALSE);
}

/* The value of the Server-Timing header: every phase up to the answer. */
char *
server_timing_header (const ServerTiming *timing)
{
  return format (timing, SERVER_PHASE_CLEANUP);
}

/* Every phase, for the log. */
char *
server_timing_describe (const ServerTiming *timing)
{
  return format (timing, SERVER_N_PHASES);
}
