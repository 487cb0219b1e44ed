/* cli-progress.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <stdio.h>
#include <unistd.h>

#include "cli-progress.h"

/* A one-line progress bar on stderr for an upload or a download: what it
 * is, bytes so far, the total when known, and the rate. It is drawn when
 * stderr is a terminal, unless --no-progress; --progress draws it anyway.
 * cli_progress_update() is a SandboxProgressCallback. */

#define REDRAW_INTERVAL (G_USEC_PER_SEC / 10)
#define BAR_WIDTH       24

struct _CliProgress
{
  char     *label;
  gboolean  enabled;
  goffset   total;
  goffset   current;
  gint64    start_time;
  gint64    last_draw;
  gsize     last_width;
  gboolean  drawn;
};

/* Sets @out_wanted to whether to draw progress, from --progress and
 * --no-progress: by default when stderr is a terminal. */
gboolean
cli_progress_wanted (gboolean   progress,
                     gboolean   no_progress,
                     gboolean  *out_wanted,
                     GError   **error)
{
  if (progress && no_progress)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--progress and --no-progress exclude each other"));
      return FALSE;
    }

  if (progress || no_progress)
    *out_wanted = progress;
  else
    *out_wanted = isatty (STDERR_FILENO);

  return TRUE;
}

/* @label says what is transferred ("Uploading"); nothing is drawn unless
 * @enabled. */
CliProgress *
cli_progress_new (const char *label,
                  gboolean    enabled)
{
  CliProgress *self = g_new0 (CliProgress, 1);

  self->label = g_strdup (label);
  self->enabled = enabled;
  self->total = -1;
  self->start_time = g_get_monotonic_time ();

  return self;
}

static void
draw (CliProgress *self)
{
  g_autoptr(GString) line = g_string_new (self->label);
  g_autofree char *current = g_format_size (self->current);
  gint64 elapsed = g_get_monotonic_time () - self->start_time;
  gsize width;

  if (self->total > 0)
    {
      g_autofree char *total = g_format_size (self->total);
      double fraction = CLAMP ((double) self->current / self->total, 0.0, 1.0);
      int filled = (int) (fraction * BAR_WIDTH);

      g_string_append (line, " [");
      for (int i = 0; i < BAR_WIDTH; i++)
        g_string_append_c (line, i < filled ? '#' : ' ');
      g_string_append_printf (line, "] %3d%%  %s / %s",
                              (int) (fraction * 100), current, total);
    }
  else
    {
      g_string_append_printf (line, " %s", current);
    }

  if (elapsed > 0)
    {
      g_autofree char *rate = NULL;

      rate = g_format_size ((guint64) (self->current * (double) G_USEC_PER_SEC /
                                       elapsed));
      g_string_append_printf (line, "  %s/s", rate);
    }

  /* Blanks over what is left of a longer line drawn before. */
  width = g_utf8_strlen (line->str, -1);
  for (gsize i = width; i < self->last_width; i++)
    g_string_append_c (line, ' ');
  self->last_width = width;

  fputc ('\r', stderr);
  fputs (line->str, stderr);
  fflush (stderr);
  self->last_draw = g_get_monotonic_time ();
  self->drawn = TRUE;
}

/* A SandboxProgressCallback, @user_data the CliProgress. */
void
cli_progress_update (goffset  current,
                     goffset  total,
                     gpointer user_data)
{
  CliProgress *self = user_data;

  if (self == NULL || !self->enabled)
    return;

  /* Sent again from the start (a retried request). */
  if (current < self->current)
    self->start_time = g_get_monotonic_time ();

  self->current = current;
  self->total = total;
  if (!self->drawn ||
      g_get_monotonic_time () - self->last_draw >= REDRAW_INTERVAL ||
      (total >= 0 && current == total))
    draw (self);
}

/* Leaves the final state on its own line after a success; clears the line
 * after a failure, for the error message. */
void
cli_progress_finish (CliProgress *self,
                     gboolean     success)
{
  if (self == NULL || !self->enabled || !self->drawn)
    return;

  if (success)
    {
      draw (self);
      fputc ('\n', stderr);
    }
  else
    {
      fputc ('\r', stderr);
      for (gsize i = 0; i < self->last_width; i++)
        fputc (' ', stderr);
      fputc ('\r', stderr);
    }
  fflush (stderr);
  self->enabled = FALSE;
}

void
cli_progress_free (CliProgress *self)
{
  if (self == NULL)
    return;

  g_free (self->label);
  g_free (self);
}
