/* cli-progress.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "cli-progress.h"

/* A one-line progress bar on stderr, drawn only when stderr is a terminal:
 * bytes so far, the total when known, and the rate. */

#define REDRAW_INTERVAL (G_USEC_PER_SEC / 10)
#define BAR_WIDTH       24

struct _CliProgress
{
  gboolean enabled;
  goffset  total;
  goffset  done;
  gint64   start_time;
  gint64   last_draw;
};

/* @total is the expected size in bytes, or -1 when unknown. */
CliProgress *
cli_progress_new (goffset total)
{
  CliProgress *self = g_new0 (CliProgress, 1);

  self->enabled = isatty (STDERR_FILENO);
  self->total = total;
  self->start_time = g_get_monotonic_time ();

  return self;
}

static void
draw (CliProgress *self)
{
  g_autoptr(GString) line = g_string_new ("\r");
  g_autofree char *done = g_format_size (self->done);
  gint64 elapsed = g_get_monotonic_time () - self->start_time;
  g_autofree char *rate = NULL;

  if (elapsed > 0)
    rate = g_format_size ((guint64) (self->done * (double) G_USEC_PER_SEC /
                                     elapsed));

  if (self->total > 0)
    {
      g_autofree char *total = g_format_size (self->total);
      double fraction = CLAMP ((double) self->done / self->total, 0.0, 1.0);
      int filled = (int) (fraction * BAR_WIDTH);

      g_string_append_c (line, '[');
      for (int i = 0; i < BAR_WIDTH; i++)
        g_string_append_c (line, i < filled ? '#' : ' ');
      g_string_append_printf (line, "] %3d%%  %s / %s",
                              (int) (fraction * 100), done, total);
    }
  else
    {
      g_string_append (line, done);
    }

  if (rate != NULL)
    g_string_append_printf (line, "  %s/s", rate);
  g_string_append (line, "\033[K");

  fputs (line->str, stderr);
  fflush (stderr);
  self->last_draw = g_get_monotonic_time ();
}

void
cli_progress_add (CliProgress *self,
                  gsize        bytes)
{
  if (self == NULL)
    return;

  self->done += bytes;
  if (self->enabled &&
      g_get_monotonic_time () - self->last_draw >= REDRAW_INTERVAL)
    draw (self);
}

/* Leaves the final state on its own line after a success; clears the line
 * after a failure, for the error message. */
void
cli_progress_finish (CliProgress *self,
                     gboolean     success)
{
  if (self == NULL || !self->enabled)
    return;

  if (success)
    {
      draw (self);
      fputc ('\n', stderr);
    }
  else
    {
      fputs ("\r\033[K", stderr);
    }
  fflush (stderr);
  self->enabled = FALSE;
}

void
cli_progress_free (CliProgress *self)
{
  g_free (self);
}
