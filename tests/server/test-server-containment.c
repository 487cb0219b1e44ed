/* test-server-containment.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "server-test-utils.h"

/* One execution stays within its request: its working directory cannot
 * fill the host's disk (--disk-limit), what it saves is bounded like what
 * can be unpacked (--max-unpacked, --max-members), and no process it
 * started outlives the answer, with or without isolation. */

#define MIB (1024 * 1024)
#define FILL_COMMAND "-for i in 1 2 3 4; do head -c 2M /dev/zero > fill$i || exit 1; done"

static gint64
status_of (TestResponse *response)
{
  return json_object_get_int_member (test_response_object (response), "status");
}

static void
assert_serves (TestServer *s)
{
  g_autoptr(TestResponse) next = test_run (s, "{\"commands\": [\"echo next\"]}", NULL);

  g_assert_cmpstr (test_entry_string (next, 0, "stdout"), ==, "next");
}

/* Writing past the disk limit fails with ENOSPC in the command; the
 * filesystem it sees is no larger than the limit. */
static void
assert_disk_full (TestServer *s)
{
  g_autoptr(TestResponse) full =
    test_run (s, "{\"commands\": [\"" FILL_COMMAND "\", \"stat -f -c '%b %S' .\","
              " \"rm fill*; echo room > again && cat again\"]}", NULL);
  g_auto(GStrv) fields = g_strsplit (test_entry_string (full, 1, "stdout"), " ", -1);

  g_assert_cmpint (test_exit_code (full, 0), ==, 1);
  g_assert_nonnull (strstr (test_entry_string (full, 0, "stderr"),
                            "No space left on device"));
  g_assert_cmpuint (g_strv_length (fields), ==, 2);
  g_assert_cmpuint (g_ascii_strtoull (fields[0], NULL, 10)
                    * g_ascii_strtoull (fields[1], NULL, 10), <=, 6 * MIB);
  /* The space comes back once freed. */
  g_assert_cmpstr (test_entry_string (full, 2, "stdout"), ==, "room");

  assert_serves (s);
}

static void
test_disk_limit (void)
{
  TestServer *s = launched_server_start ("--disk-limit=6M", "--file-size-limit=4M",
                                         NULL);

  assert_disk_full (s);
  test_server_stop (s);
}

static gboolean
wait_for_file (const char *path)
{
  for (guint i = 0; i < 600 && !g_file_test (path, G_FILE_TEST_EXISTS); i++)
    g_usleep (50 * 1000);
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* Without isolation too; and what the command writes never reaches the
 * host's filesystem (the one of --work-dir): seen from here while the
 * command still runs, its directory there is empty. */
static void
test_disk_limit_unisolated (void)
{
  TestServer *s = launched_server_start ("--no-isolation", "--disk-limit=6M",
                                         "--file-size-limit=4M", NULL);
  g_autofree char *signals = g_build_filename (s->directory, "signals", NULL);
  g_autofree char *ready = g_build_filename (signals, "ready", NULL);
  g_autofree char *go = g_build_filename (signals, "go", NULL);
  g_autofree char *found = NULL;
  g_autofree char *config = NULL;
  TestResponse *response;
  GThread *thread;

  assert_disk_full (s);

  /* The commands run as the sandbox user when the server is root. */
  g_assert_cmpint (g_mkdir (signals, 0777), ==, 0);
  g_assert_cmpint (g_chmod (signals, 0777), ==, 0);
  config = g_strdup_printf ("{\"commands\": [\"head -c 3M /dev/zero > fill1\","
                            " \"touch %s; until test -e %s; do sleep 0.05; done\"]}",
                            ready, go);
  thread = test_execute_in_thread (s, config);
  g_assert_true (wait_for_file (ready));
  found = test_find_file_named (s->work, "fill1");
  g_assert_null (found);
  g_assert_true (g_file_set_contents (go, "", 0, NULL));
  response = g_thread_join (thread);
  g_assert_cmpint (status_of (response), ==, 0);
  test_response_free (response);

  test_server_stop (s);
}

static void
assert_not_saved (TestServer *s,
                  const char *config,
                  const char *reason)
{
  guint stored = test_count_entries (s->storage);
  g_autoptr(TestResponse) response = test_run (s, config, NULL);
  JsonObject *object = test_response_object (response);
  guint last = test_execution_length (response) - 1;
  const char *err = test_entry_string (response, last, "stderr");

  g_assert_cmpint (status_of (response), ==, -1);
  g_assert_false (json_object_has_member (object, "environment"));
  g_assert_false (json_object_has_member (object, "expire"));
  g_assert_nonnull (strstr (err, "the environment was not saved"));
  g_assert_nonnull (strstr (err, reason));
  /* The slot was not held long. */
  g_assert_cmpfloat (json_object_get_double_member (object, "total_time"), <, 10.0 + 2);
  g_assert_cmpuint (test_count_entries (s->storage), ==, stored);
}

static void
test_save_bounded (void)
{
  TestServer *s = launched_server_start ("--max-unpacked=64M", "--max-members=50",
                                         NULL);
  g_autoptr(TestResponse) fits = NULL;

  /* Twenty sparse files of 250 MiB: 5 GiB once unpacked, made at once. */
  assert_not_saved (s, "{\"commands\": [\"for i in $(seq 20); do truncate -s 250M "
                    "sparse$i; done\", \"echo made\"], \"save\": true}",
                    "larger than 67108864 bytes");
  assert_not_saved (s, "{\"commands\": [\"mkdir d && touch d/f{1..60}\"],"
                    " \"save\": true}", "more than 50 members");

  /* Within both limits, it is saved. */
  fits = test_run (s, "{\"commands\": [\"truncate -s 60M sparse && mkdir d && touch d/f{1..47}\"],"
                   " \"save\": true}", NULL);
  g_assert_cmpint (status_of (fits), ==, 0);
  g_assert_true (json_object_has_member (test_response_object (fits), "environment"));

  test_server_stop (s);
}

/* Whether a process whose command line holds @needle is still there after
 * a few seconds (a killed process can take a moment to vanish). */
static gboolean
survives (const char *needle)
{
  for (guint i = 0; i < 100 && test_host_has_process (needle); i++)
    g_usleep (50 * 1000);
  return test_host_has_process (needle);
}

/* Processes started in a new session, and double-forked ones, die with
 * their command: when it ends and when it times out. */
static void
assert_no_leftovers (TestServer *s)
{
  guint tag = 100000 + (guint) getpid ();
  g_autofree char *escaped = g_strdup_printf ("sleep %u.1", tag);
  g_autofree char *double_forked = g_strdup_printf ("sleep %u.2", tag);
  g_autofree char *timed_out = g_strdup_printf ("sleep %u.3", tag);
  g_autofree char *config =
    g_strdup_printf ("{\"commands\": ["
                     "\"setsid %s > /dev/null 2>&1 &"
                     " (setsid sh -c '%s > /dev/null 2>&1 &' > /dev/null 2>&1 &);"
                     " sleep 0.5; echo started\","
                     " {\"command\": \"setsid %s > /dev/null 2>&1 & sleep 30\","
                     " \"timeout\": 1}]}", escaped, double_forked, timed_out);
  g_autoptr(TestResponse) response = test_execute (s, config, NULL);

  g_test_message ("%s -> %s", config, response->text);
  g_assert_cmpstr (test_entry_string (response, 0, "stdout"), ==, "started");
  g_assert_cmpint (test_exit_code (response, 1), ==, -2);

  g_assert_false (survives (escaped));
  g_assert_false (survives (double_forked));
  g_assert_false (survives (timed_out));

  assert_serves (s);
}

static void
test_no_leftovers_unisolated (void)
{
  TestServer *s = launched_server_start ("--no-isolation", NULL);

  assert_no_leftovers (s);
  test_server_stop (s);
}

static void
test_no_leftovers_isolated (void)
{
  TestServer *s = launched_server_start (NULL, NULL);

  assert_no_leftovers (s);
  test_server_stop (s);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/containment/disk-limit", test_disk_limit);
  g_test_add_func ("/server/containment/disk-limit-unisolated",
                   test_disk_limit_unisolated);
  g_test_add_func ("/server/containment/save-bounded", test_save_bounded);
  g_test_add_func ("/server/containment/no-leftovers-unisolated",
                   test_no_leftovers_unisolated);
  g_test_add_func ("/server/containment/no-leftovers-isolated",
                   test_no_leftovers_isolated);

  return g_test_run ();
}
