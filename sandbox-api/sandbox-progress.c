/* sandbox-progress.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-progress-private.h"

#define REPORT_INTERVAL_USEC (50 * G_TIME_SPAN_MILLISECOND)

struct _SandboxProgress
{
  gatomicrefcount          ref_count;
  SandboxProgressCallback  callback;
  gpointer                 user_data;
  GDestroyNotify           notify;
  GMainContext            *context;   /* NULL when blocking */

  GMutex                   mutex;
  goffset                  current;
  goffset                  total;
  gint64                   last_report_usec;
};

typedef struct
{
  SandboxProgress *progress;
  goffset          current;
  goffset          total;
} Report;

static SandboxProgress *
progress_new (SandboxProgressCallback callback,
              gpointer                user_data,
              GDestroyNotify          notify)
{
  SandboxProgress *self = g_new0 (SandboxProgress, 1);

  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->mutex);
  self->callback = callback;
  self->user_data = user_data;
  self->notify = notify;
  self->total = -1;
  return self;
}

SandboxProgress *
sandbox_progress_new_blocking (SandboxProgressCallback callback,
                               gpointer                user_data)
{
  if (callback == NULL)
    return NULL;
  return progress_new (callback, user_data, NULL);
}

SandboxProgress *
sandbox_progress_new_async (SandboxProgressCallback callback,
                            gpointer                user_data,
                            GDestroyNotify          notify)
{
  SandboxProgress *self;

  if (callback == NULL)
    {
      if (notify != NULL)
        notify (user_data);
      return NULL;
    }

  self = progress_new (callback, user_data, notify);
  self->context = g_main_context_ref_thread_default ();
  return self;
}

SandboxProgress *
sandbox_progress_ref (SandboxProgress *self)
{
  if (self != NULL)
    g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sandbox_progress_unref (SandboxProgress *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;

  if (self->notify != NULL)
    self->notify (self->user_data);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

static gboolean
deliver_report (gpointer data)
{
  Report *report = data;

  report->progress->callback (report->current, report->total,
                              report->progress->user_data);
  return G_SOURCE_REMOVE;
}

static void
free_report (gpointer data)
{
  Report *report = data;

  sandbox_progress_unref (report->progress);
  g_free (report);
}

static void
report (SandboxProgress *self,
        goffset          current,
        goffset          total)
{
  Report *report;

  if (self->context == NULL)
    {
      self->callback (current, total, self->user_data);
      return;
    }

  report = g_new (Report, 1);
  report->progress = sandbox_progress_ref (self);
  report->current = current;
  report->total = total;
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT,
                              deliver_report, report, free_report);
}

/* Starts (or, for a replayed upload, restarts) the count; @total is -1 when
 * it is not known. */
void
sandbox_progress_start (SandboxProgress *self,
                        goffset          total)
{
  if (self == NULL)
    return;

  g_mutex_lock (&self->mutex);
  self->current = 0;
  self->total = total;
  self->last_report_usec = g_get_monotonic_time ();
  g_mutex_unlock (&self->mutex);

  report (self, 0, total);
}

void
sandbox_progress_add (SandboxProgress *self,
                      gsize            count)
{
  gint64 now;
  gboolean due;
  goffset current, total;

  if (self == NULL || count == 0)
    return;

  now = g_get_monotonic_time ();
  g_mutex_lock (&self->mutex);
  self->current += count;
  current = self->current;
  total = self->total;
  due = now - self->last_report_usec >= REPORT_INTERVAL_USEC;
  if (due)
    self->last_report_usec = now;
  g_mutex_unlock (&self->mutex);

  if (due)
    report (self, current, total);
}

/* The final report of a successful transfer: an unknown total becomes the
 * count, so that the last report always reads as complete. */
void
sandbox_progress_done (SandboxProgress *self)
{
  goffset current;

  if (self == NULL)
    return;

  g_mutex_lock (&self->mutex);
  current = self->current;
  g_mutex_unlock (&self->mutex);

  report (self, current, current);
}
