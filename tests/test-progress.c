/* test-progress.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <sandbox-api.h>

#include "sandbox-progress-private.h"

/* The private progress reporter behind every transfer's
 * SandboxProgressCallback: where the reports run, how often, and when the
 * caller's data is released. */

typedef struct
{
  GArray  *current;
  GArray  *total;
  GThread *thread;
  gboolean other_thread;
  gboolean notified;
} Reports;

static void
reports_init (Reports *reports)
{
  reports->current = g_array_new (FALSE, FALSE, sizeof (goffset));
  reports->total = g_array_new (FALSE, FALSE, sizeof (goffset));
  reports->thread = g_thread_self ();
}

static void
reports_clear (Reports *reports)
{
  g_array_unref (reports->current);
  g_array_unref (reports->total);
}

static void
record_report (goffset  current,
               goffset  total,
               gpointer user_data)
{
  Reports *reports = user_data;

  g_array_append_val (reports->current, current);
  g_array_append_val (reports->total, total);
  if (g_thread_self () != reports->thread)
    reports->other_thread = TRUE;
}

static void
mark_notified (gpointer user_data)
{
  Reports *reports = user_data;

  reports->notified = TRUE;
}

#define NTH(array, i) g_array_index ((array), goffset, (i))

static void
test_blocking_reports_in_order (void)
{
  g_autoptr(SandboxProgress) progress = NULL;
  Reports reports = { 0 };

  reports_init (&reports);
  progress = sandbox_progress_new_blocking (record_report, &reports);
  sandbox_progress_start (progress, 1000);
  for (int i = 0; i < 10; i++)
    sandbox_progress_add (progress, 100);
  sandbox_progress_done (progress);

  /* Start and end at once; the adds come faster than the interval. */
  g_assert_cmpuint (reports.current->len, >=, 2);
  g_assert_cmpuint (reports.current->len, <=, 4);
  g_assert_cmpint (NTH (reports.current, 0), ==, 0);
  g_assert_cmpint (NTH (reports.total, 0), ==, 1000);
  g_assert_cmpint (NTH (reports.current, reports.current->len - 1), ==, 1000);
  g_assert_cmpint (NTH (reports.total, reports.total->len - 1), ==, 1000);
  g_assert_false (reports.other_thread);
  reports_clear (&reports);
}

static void
test_reports_are_spaced (void)
{
  g_autoptr(SandboxProgress) progress = NULL;
  Reports reports = { 0 };
  gint64 end;
  guint adds = 0;

  reports_init (&reports);
  progress = sandbox_progress_new_blocking (record_report, &reports);
  sandbox_progress_start (progress, -1);
  end = g_get_monotonic_time () + 300 * G_TIME_SPAN_MILLISECOND;
  while (g_get_monotonic_time () < end)
    {
      sandbox_progress_add (progress, 1);
      adds++;
      g_usleep (1000);
    }
  sandbox_progress_done (progress);

  /* About one report per 50 ms of the 300, not one per add. */
  g_assert_cmpuint (adds, >, 50);
  g_assert_cmpuint (reports.current->len, >=, 3);
  g_assert_cmpuint (reports.current->len, <=, 2 + 300 / 50 + 1);
  for (guint i = 1; i < reports.current->len; i++)
    g_assert_cmpint (NTH (reports.current, i), >=, NTH (reports.current, i - 1));

  /* An unknown total stays -1 until the end, which reads as complete. */
  g_assert_cmpint (NTH (reports.total, 1), ==, -1);
  g_assert_cmpint (NTH (reports.current, reports.current->len - 1), ==, adds);
  g_assert_cmpint (NTH (reports.total, reports.total->len - 1), ==, adds);
  reports_clear (&reports);
}

static gpointer
count_in_thread (gpointer data)
{
  SandboxProgress *progress = data;

  sandbox_progress_start (progress, 4);
  for (int i = 0; i < 4; i++)
    {
      g_usleep (60 * 1000);
      sandbox_progress_add (progress, 1);
    }
  sandbox_progress_done (progress);
  sandbox_progress_unref (progress);
  return NULL;
}

static void
test_async_reports_reach_the_context (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  SandboxProgress *progress;
  GThread *thread;
  Reports reports = { 0 };

  reports_init (&reports);
  g_main_context_push_thread_default (context);
  progress = sandbox_progress_new_async (record_report, &reports, mark_notified);
  g_main_context_pop_thread_default (context);

  thread = g_thread_new ("progress", count_in_thread, progress);
  g_thread_join (thread);

  /* Nothing runs until the context does, and then on this thread. */
  g_assert_cmpuint (reports.current->len, ==, 0);
  g_assert_false (reports.notified);
  while (g_main_context_iteration (context, FALSE))
    ;

  g_assert_cmpuint (reports.current->len, >=, 3);
  g_assert_cmpint (NTH (reports.current, 0), ==, 0);
  g_assert_cmpint (NTH (reports.current, reports.current->len - 1), ==, 4);
  g_assert_false (reports.other_thread);
  g_assert_true (reports.notified);
  reports_clear (&reports);
}

static void
test_no_callback (void)
{
  Reports reports = { 0 };

  g_assert_null (sandbox_progress_new_blocking (NULL, NULL));

  /* The caller's data is released even when nothing will be reported. */
  reports.notified = FALSE;
  g_assert_null (sandbox_progress_new_async (NULL, &reports, mark_notified));
  g_assert_true (reports.notified);

  sandbox_progress_start (NULL, 10);
  sandbox_progress_add (NULL, 10);
  sandbox_progress_done (NULL);
  sandbox_progress_unref (NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/progress/blocking", test_blocking_reports_in_order);
  g_test_add_func ("/progress/spaced", test_reports_are_spaced);
  g_test_add_func ("/progress/async-context", test_async_reports_reach_the_context);
  g_test_add_func ("/progress/no-callback", test_no_callback);

  return g_test_run ();
}
