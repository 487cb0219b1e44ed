/* test-progress.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <sandbox-api.h>

#include "sandbox-progress-private.h"
#include "test-server.h"
#include "test-util.h"

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
  gboolean notified_elsewhere;
  gboolean reported_after_notify;
  guint    completed;       /* the operation's callbacks */
  guint    n_at_completion; /* the reports before the first one */
  gboolean notified_at_completion;
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
  if (reports->notified)
    reports->reported_after_notify = TRUE;
}

static void
mark_notified (gpointer user_data)
{
  Reports *reports = user_data;

  reports->notified = TRUE;
  if (g_thread_self () != reports->thread)
    reports->notified_elsewhere = TRUE;
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

/* As the asynchronous transfers do: count on a GTask's worker thread, let
 * go of the progress, then return. */
static void
count_in_task (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SandboxProgress *progress = task_data;
  gint64 end;

  sandbox_progress_start (progress, -1);
  end = g_get_monotonic_time () + 300 * G_TIME_SPAN_MILLISECOND;
  while (g_get_monotonic_time () < end)
    {
      sandbox_progress_add (progress, 1);
      g_usleep (2000);
    }
  sandbox_progress_done (progress);
  sandbox_progress_unref (progress);
  g_task_return_boolean (task, TRUE);
}

static void
record_completion (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Reports *reports = user_data;

  if (reports->completed++ == 0)
    {
      reports->n_at_completion = reports->current->len;
      reports->notified_at_completion = reports->notified;
    }
}

/* Iterates the thread-default context now and then, as a thread busy with
 * other work does, until the operation has completed. */
static void
iterate_now_and_then (Reports *reports)
{
  GMainContext *context = g_main_context_ref_thread_default ();
  gint64 give_up = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (reports->completed == 0 && g_get_monotonic_time () < give_up)
    {
      g_usleep (20 * 1000);
      while (g_main_context_iteration (context, FALSE))
        ;
    }
  g_main_context_unref (context);
}

static void
assert_delivered_in_context (Reports *reports)
{
  guint n = reports->current->len;

  g_assert_cmpuint (reports->completed, ==, 1);
  g_assert_cmpuint (n, >=, 2);
  g_assert_false (reports->other_thread);
  g_assert_true (reports->notified);
  g_assert_false (reports->notified_elsewhere);
  g_assert_false (reports->reported_after_notify);
  /* All of them, the last one complete, before the operation's callback. */
  g_assert_cmpuint (reports->n_at_completion, ==, n);
  g_assert_true (reports->notified_at_completion);
  g_assert_cmpint (NTH (reports->current, 0), ==, 0);
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (NTH (reports->current, i), >=, NTH (reports->current, i - 1));
  g_assert_cmpint (NTH (reports->current, n - 1), ==, NTH (reports->total, n - 1));
}

/* The caller's thread owns the default context (as a GTK application's
 * does) but iterates it only every 20 ms: the reports and the release of
 * the caller's data wait for it, they never run on the worker. */
static void
test_async_reports_wait_for_the_caller (void)
{
  g_autoptr(GTask) task = NULL;
  SandboxProgress *progress;
  Reports reports = { 0 };

  reports_init (&reports);
  progress = sandbox_progress_new_async (record_report, &reports, mark_notified);
  task = g_task_new (NULL, NULL, record_completion, &reports);
  /* The worker's reference, let go of by the worker. */
  g_task_set_task_data (task, progress, NULL);
  g_task_run_in_thread (task, count_in_task);
  g_clear_object (&task);

  iterate_now_and_then (&reports);
  assert_delivered_in_context (&reports);
  g_assert_cmpuint (reports.current->len, >=, 3);
  reports_clear (&reports);
}

/* The same through a real transfer, whose worker thread lets go of the
 * progress before it returns. */
static void
test_download_reports_wait_for_the_caller (ClientFixture *f,
                                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-progress-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GFile) destination = NULL;
  g_autoptr(GBytes) expected = test_environment_archive ();
  Reports reports = { 0 };

  g_assert_no_error (error);
  path = g_build_filename (dir, "env.tgz", NULL);
  destination = g_file_new_for_path (path);
  reports_init (&reports);
  sandbox_client_download_to_file_async (f->client, TEST_UUID, NULL, destination,
                                         record_report, &reports, mark_notified,
                                         NULL, record_completion, &reports);
  iterate_now_and_then (&reports);
  assert_delivered_in_context (&reports);
  g_assert_cmpint (NTH (reports.current, reports.current->len - 1), ==,
                   g_bytes_get_size (expected));

  reports_clear (&reports);
  test_remove_tree (dir);
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
  g_test_add_func ("/progress/async-caller-busy", test_async_reports_wait_for_the_caller);
  test_add_client ("/progress/download-caller-busy", test_download_reports_wait_for_the_caller);

  return g_test_run ();
}
