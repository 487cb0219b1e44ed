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
  GQueue                   pending;   /* Reports not yet delivered in @context */
  gboolean                 flushing;  /* a source will deliver @pending */
};

typedef struct
{
  goffset current;
  goffset total;
} Report;

static SandboxProgress *
progress_new (SandboxProgressCallback callback,
              gpointer                user_data,
              GDestroyNotify          notify)
{
  SandboxProgress *self = g_new0 (SandboxProgress, 1);

  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->mutex);
  g_queue_init (&self->pending);
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

static void
progress_free (gpointer data)
{
  SandboxProgress *self = data;

  if (self->notify != NULL)
    self->notify (self->user_data);
  g_queue_clear_full (&self->pending, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

/* Runs @func, then @destroy, in @self's context from an idle source, in
 * order with the operation's GTask callback (g_main_context_invoke() would
 * run it at once here when no thread iterates the context). */
static void
attach_to_context (SandboxProgress *self,
                   GSourceFunc      func,
                   GDestroyNotify   destroy,
                   const char      *name)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, self, destroy);
  g_source_set_static_name (source, name);
  g_source_attach (source, self->context);
  g_source_unref (source);
}

static void
deliver (SandboxProgress *self,
         GQueue          *reports)
{
  Report *report;

  while ((report = g_queue_pop_head (reports)) != NULL)
    {
      self->callback (report->current, report->total, self->user_data);
      g_free (report);
    }
}

static gboolean
flush_in_context (gpointer data)
{
  SandboxProgress *self = data;
  GQueue reports;

  g_mutex_lock (&self->mutex);
  reports = self->pending;
  g_queue_init (&self->pending);
  self->flushing = FALSE;
  g_mutex_unlock (&self->mutex);

  deliver (self, &reports);
  return G_SOURCE_REMOVE;
}

/* The caller's data is released in its context, after every report (a
 * flush holds a reference: nothing is pending then). */
void
sandbox_progress_unref (SandboxProgress *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;

  if (self->context != NULL && self->notify != NULL &&
      !g_main_context_is_owner (self->context))
    attach_to_context (self, flush_in_context, progress_free,
                       "[sandbox-api] progress notify");
  else
    progress_free (self);
}

static void
report (SandboxProgress *self,
        goffset          current,
        goffset          total)
{
  Report *report;
  GQueue reports = G_QUEUE_INIT;
  gboolean attach = FALSE;

  if (self->context == NULL)
    {
      self->callback (current, total, self->user_data);
      return;
    }

  report = g_new (Report, 1);
  report->current = current;
  report->total = total;

  /* In the context's own thread, the reports still queued go first. */
  g_mutex_lock (&self->mutex);
  g_queue_push_tail (&self->pending, report);
  if (g_main_context_is_owner (self->context))
    {
      reports = self->pending;
      g_queue_init (&self->pending);
    }
  else if (!self->flushing)
    {
      self->flushing = TRUE;
      attach = TRUE;
    }
  g_mutex_unlock (&self->mutex);

  if (attach)
    attach_to_context (sandbox_progress_ref (self), flush_in_context,
                       (GDestroyNotify) sandbox_progress_unref,
                       "[sandbox-api] progress");
  deliver (self, &reports);
}

/* (Re)starts the count; @total is -1 when unknown. */
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

/* The last report of a success, complete even when the total was unknown. */
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
