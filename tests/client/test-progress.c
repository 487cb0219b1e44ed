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
  TestProgress recorder;
  guint        completed;       /* the operation's callbacks */
  guint        n_at_completion; /* the reports before the first one */
  gboolean     notified_at_completion;
} Reports;

#define NTH(array, i) g_array_index ((array), goffset, (i))

static void
test_blocking_reports_in_order (void)
{
  g_autoptr(SandboxProgress) progress = NULL;
  Reports reports = { 0 };

  test_progress_init (&reports.recorder);
  progress = sandbox_progress_new_blocking (test_progress_cb, &reports.recorder);
  sandbox_progress_start (progress, 1000);
  for (int i = 0; i < 10; i++)
    sandbox_progress_add (progress, 100);
  sandbox_progress_done (progress);

  /* Start and end at once; the adds come faster than the interval. */
  g_assert_cmpuint (reports.recorder.current->len, >=, 2);
  g_assert_cmpuint (reports.recorder.current->len, <=, 4);
  g_assert_cmpint (NTH (reports.recorder.current, 0), ==, 0);
  g_assert_cmpint (NTH (reports.recorder.total, 0), ==, 1000);
  g_assert_cmpint (NTH (reports.recorder.current, reports.recorder.current->len - 1), ==, 1000);
  g_assert_cmpint (NTH (reports.recorder.total, reports.recorder.total->len - 1), ==, 1000);
  g_assert_cmpuint (reports.recorder.n_misplaced, ==, 0);
  test_progress_clear (&reports.recorder);
}

static void
test_reports_are_spaced (void)
{
  g_autoptr(SandboxProgress) progress = NULL;
  Reports reports = { 0 };
  gint64 end;
  guint adds = 0;

  test_progress_init (&reports.recorder);
  progress = sandbox_progress_new_blocking (test_progress_cb, &reports.recorder);
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
  g_assert_cmpuint (reports.recorder.current->len, >=, 3);
  g_assert_cmpuint (reports.recorder.current->len, <=, 2 + 300 / 50 + 1);
  for (guint i = 1; i < reports.recorder.current->len; i++)
    g_assert_cmpint (NTH (reports.recorder.current, i), >=, NTH (reports.recorder.current, i - 1));

  /* An unknown total stays -1 until the end, which reads as complete. */
  g_assert_cmpint (NTH (reports.recorder.total, 1), ==, -1);
  g_assert_cmpint (NTH (reports.recorder.current, reports.recorder.current->len - 1), ==, adds);
  g_assert_cmpint (NTH (reports.recorder.total, reports.recorder.total->len - 1), ==, adds);
  test_progress_clear (&reports.recorder);
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

  test_progress_init (&reports.recorder);
  g_main_context_push_thread_default (context);
  progress = sandbox_progress_new_async (test_progress_cb, &reports.recorder, test_progress_notify);
  g_main_context_pop_thread_default (context);

  thread = g_thread_new ("progress", count_in_thread, progress);
  g_thread_join (thread);

  /* Nothing runs until the context does, and then on this thread. */
  g_assert_cmpuint (reports.recorder.current->len, ==, 0);
  g_assert_cmpuint (reports.recorder.n_notified, ==, 0);
  while (g_main_context_iteration (context, FALSE))
    ;

  g_assert_cmpuint (reports.recorder.current->len, >=, 3);
  g_assert_cmpint (NTH (reports.recorder.current, 0), ==, 0);
  g_assert_cmpint (NTH (reports.recorder.current, reports.recorder.current->len - 1), ==, 4);
  g_assert_cmpuint (reports.recorder.n_misplaced, ==, 0);
  g_assert_cmpuint (reports.recorder.n_notified, ==, 1);
  test_progress_clear (&reports.recorder);
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
      reports->n_at_completion = reports->recorder.current->len;
      reports->notified_at_completion = reports->recorder.n_notified > 0;
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
  guint n = reports->recorder.current->len;

  g_assert_cmpuint (reports->completed, ==, 1);
  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpuint (reports->recorder.n_misplaced, ==, 0);
  g_assert_cmpuint (reports->recorder.n_notified, ==, 1);
  g_assert_cmpuint (reports->recorder.n_notified_elsewhere, ==, 0);
  g_assert_cmpuint (reports->recorder.n_after_notify, ==, 0);
  /* All of them, the last one complete, before the operation's callback. */
  g_assert_cmpuint (reports->n_at_completion, ==, n);
  g_assert_true (reports->notified_at_completion);
  g_assert_cmpint (NTH (reports->recorder.current, 0), ==, 0);
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (NTH (reports->recorder.current, i), >=, NTH (reports->recorder.current, i - 1));
  g_assert_cmpint (NTH (reports->recorder.current, n - 1), ==, NTH (reports->recorder.total, n - 1));
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

  test_progress_init (&reports.recorder);
  progress = sandbox_progress_new_async (test_progress_cb, &reports.recorder, test_progress_notify);
  task = g_task_new (NULL, NULL, record_completion, &reports);
  /* The worker's reference, let go of by the worker. */
  g_task_set_task_data (task, progress, NULL);
  g_task_run_in_thread (task, count_in_task);
  g_clear_object (&task);

  iterate_now_and_then (&reports);
  assert_delivered_in_context (&reports);
  g_assert_cmpuint (reports.recorder.current->len, >=, 3);
  test_progress_clear (&reports.recorder);
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
  test_progress_init (&reports.recorder);
  sandbox_client_download_to_file_async (f->client, TEST_UUID, NULL, destination, NULL,
                                         test_progress_cb, &reports.recorder, test_progress_notify,
                                         record_completion, &reports);
  iterate_now_and_then (&reports);
  assert_delivered_in_context (&reports);
  g_assert_cmpint (NTH (reports.recorder.current, reports.recorder.current->len - 1), ==,
                   g_bytes_get_size (expected));

  test_progress_clear (&reports.recorder);
  test_remove_tree (dir);
}

static void
test_no_callback (void)
{
  Reports reports = { 0 };

  g_assert_null (sandbox_progress_new_blocking (NULL, NULL));

  /* The caller's data is released even when nothing will be reported. */
  g_assert_null (sandbox_progress_new_async (NULL, &reports.recorder, test_progress_notify));
  g_assert_cmpuint (reports.recorder.n_notified, ==, 1);

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
