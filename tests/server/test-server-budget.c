/* test-server-budget.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "server-test-utils.h"

/* One execution has one memory and process budget, whatever way its
 * command tries to hold more: files in /dev, memfd files, SysV shared
 * memory, many processes; one execution's processes do not starve the
 * next; and a server that cannot isolate as configured does not start
 * (a missing parent of its directories is made so that it can). */

/* --memory-limit + --tmp-size + --disk-limit */
#define BUDGET_MIB 80
#define HOG_MIB "128"

static TestServer *server;

static TestResponse *
run_hog (TestServer *s,
         const char *config)
{
  g_autoptr(GBytes) environment = test_hog_environment ();

  return test_run (s, config, environment);
}

/* The command tried to hold HOG_MIB: it held no more than the budget, and
 * the next execution runs. */
static void
assert_held_within (const char *command,
                    gint64      most)
{
  g_autofree char *config = g_strdup_printf ("{\"commands\": [\"-%s\"]}", command);
  g_autoptr(TestResponse) response = run_hog (server, config);
  g_autoptr(TestResponse) after = run_hog (server, "{\"commands\": [\"echo ok\"]}");
  gint64 held = test_output_number (test_entry_string (response, 0, "stdout"), "held");

  g_assert_cmpint (held, >=, 0);
  g_assert_cmpint (held, <=, most);
  g_assert_cmpstr (test_entry_string (after, 0, "stdout"), ==, "ok");
}

static void
test_dev_files (void)
{
  assert_held_within ("./budget-hog file /dev/hog " HOG_MIB, BUDGET_MIB);
  /* /dev/shm is a tmpfs of --tmp-size. */
  assert_held_within ("./budget-hog file /dev/shm/hog " HOG_MIB, 8);
}

static void
test_memfd (void)
{
  assert_held_within ("./budget-hog memfd " HOG_MIB, BUDGET_MIB);
}

static void
test_sysv_shm (void)
{
  assert_held_within ("./budget-hog sysv " HOG_MIB, BUDGET_MIB);
}

static void
test_processes_memory (void)
{
  /* Each under the address-space limit, all together over the budget. */
  assert_held_within ("./budget-hog procs 4 32", BUDGET_MIB);
}

typedef struct
{
  TestServer   *server;
  TestResponse *response;
} Holder;

static gpointer
hold_processes (gpointer data)
{
  Holder *holder = data;

  holder->response = run_hog (holder->server,
                              "{\"commands\": [\"./budget-hog fork 40 8\"]}");
  return NULL;
}

/* One execution holding all the processes it may leaves the next its own. */
static void
test_processes_per_execution (void)
{
  TestServer *s;
  Holder holder = { 0 };
  g_autoptr(TestResponse) next = NULL;
  GThread *thread;
  guint held = 0;

  if (geteuid () != 0)
    {
      g_test_skip ("needs root: the process limit counts the sandbox uid");
      return;
    }

  s = launched_server_start ("--slots=2", "--timeout=20", "--processes=16",
                             "--uid=64123", "--gid=64123", NULL);
  holder.server = s;
  thread = g_thread_new ("holder", hold_processes, &holder);
  for (guint round = 0; round < 3000 && held < 12; round++)
    {
      g_usleep (10 * 1000);
      held = test_count_uid_processes (64123);
    }
  g_test_message ("processes of uid 64123: %u", held);
  g_assert_cmpuint (held, >=, 12);

  next = run_hog (s, "{\"commands\": [\"echo ok\"]}");
  g_assert_cmpstr (test_entry_string (next, 0, "stdout"), ==, "ok");

  g_thread_join (thread);
  g_assert_cmpint (test_output_number (test_entry_string (holder.response, 0, "stdout"), "forked"), <=, 16);
  test_response_free (holder.response);
  test_server_stop (s);
}

/* Starts the server on @parent/storage and @parent/work; answers its exit
 * status (0: it started, and was stopped) and its stderr. */
static int
start_in (const char  *parent,
          const char  *extra,
          char       **out_stderr,
          JsonObject **out_host)
{
  const LaunchedServerSetup setup = { NULL, parent, G_SUBPROCESS_FLAGS_STDERR_PIPE };
  const char * const options[] = { extra, NULL };
  g_autoptr(GError) error = NULL;
  LaunchedServer *launched = launched_server_spawn (&setup, options, &error);
  int status;

  g_assert_no_error (error);
  *out_host = NULL;
  if (launched->url != NULL)
    {
      g_autoptr(TestResponse) specs = test_request (launched, "GET", "specifications/");

      *out_host = json_object_ref (json_object_get_object_member (test_response_object (specs),
                                                                  "host"));
    }

  status = launched_server_stop_with_log (launched, out_stderr);
  g_test_message ("stderr: %s", *out_stderr);
  return status;
}

static void
test_missing_parent (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("sandbox-server-test-XXXXXX", NULL);
  g_autofree char *parent = g_build_filename (tmp, "missing", "P", NULL);
  g_autofree char *closed = g_build_filename (tmp, "closed", NULL);
  g_autofree char *err = NULL;
  g_autoptr(JsonObject) host = NULL;
  struct stat st;

  if (geteuid () != 0)
    {
      g_test_skip ("needs root: only root drops to the sandbox user");
      test_remove_dir (tmp);
      return;
    }
  g_chmod (tmp, 0755);

  /* Missing parents are made so that the sandbox user can go through:
   * commands run as that user, with no weaker mode and no warning. */
  g_assert_cmpint (start_in (parent, "--slots=1", &err, &host), ==, 0);
  g_assert_nonnull (host);
  g_assert_false (json_object_has_member (host, "warning")
                  && !json_object_get_null_member (host, "warning"));
  g_assert_cmpint (g_stat (parent, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0755);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&host, json_object_unref);

  /* A parent it cannot go through: it refuses to start, saying why... */
  g_assert_cmpint (g_mkdir (closed, 0700), ==, 0);
  g_assert_cmpint (start_in (closed, "--slots=1", &err, &host), ==, 1);
  g_assert_null (host);
  g_assert_nonnull (strstr (err, "cannot reach"));
  g_assert_nonnull (strstr (err, "--allow-weaker-isolation"));
  g_clear_pointer (&err, g_free);

  /* ...unless told to run in the weaker mode, which it says. */
  g_assert_cmpint (start_in (closed, "--allow-weaker-isolation", &err, &host), ==, 0);
  g_assert_nonnull (host);
  g_assert_nonnull (strstr (json_object_get_string_member (host, "warning"),
                            "root mapped"));
  g_assert_nonnull (strstr (err, "warning"));

  test_remove_dir (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/budget/dev-files", test_dev_files);
  g_test_add_func ("/server/budget/memfd", test_memfd);
  g_test_add_func ("/server/budget/sysv-shm", test_sysv_shm);
  g_test_add_func ("/server/budget/processes-memory", test_processes_memory);
  g_test_add_func ("/server/budget/processes-per-execution",
                   test_processes_per_execution);
  g_test_add_func ("/server/budget/missing-parent", test_missing_parent);

  return launched_server_run_tests (&server, "--slots=1", "--timeout=20", "--memory-limit=64M",
                                    "--tmp-size=8M", "--disk-limit=8M", NULL);
}
