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
  TestResponse *response = test_execute (s, config, environment);

  g_test_message ("%s -> %s", config, response->text);
  g_assert_cmpuint (response->status, ==, 200);
  return response;
}

static const char *
out (TestResponse *response,
     guint         index)
{
  return json_object_get_string_member (test_execution_entry (response, index),
                                        "stdout");
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
  gint64 held = test_output_number (out (response, 0), "held");

  g_assert_cmpint (held, >=, 0);
  g_assert_cmpint (held, <=, most);
  g_assert_cmpstr (out (after, 0), ==, "ok");
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

  s = test_server_start ("--slots=2", "--timeout=20", "--processes=16",
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
  g_assert_cmpstr (out (next, 0), ==, "ok");

  g_thread_join (thread);
  g_assert_cmpint (test_output_number (out (holder.response, 0), "forked"), <=, 16);
  test_response_free (holder.response);
  test_server_stop (s);
}

static void
remove_tree (const char *path)
{
  const char *argv[] = { "rm", "-rf", "--", path, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH,
                NULL, NULL, NULL, NULL, NULL, NULL);
}

/* Starts the server on @parent/storage and @parent/work; answers its exit
 * status (0: it started, and was stopped) and its stderr. */
static int
start_in (const char  *parent,
          const char  *extra,
          char       **out_stderr,
          JsonObject **out_host)
{
  const char *binary = g_getenv ("SANDBOX_SERVER");
  g_autofree char *storage = g_strdup_printf ("--storage=%s/storage", parent);
  g_autofree char *work = g_strdup_printf ("--work-dir=%s/work", parent);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) stdout_lines = NULL;
  g_autofree char *url = NULL;
  GInputStream *err;
  char buffer[8192];
  gssize n;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                              | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              binary, "--port=0", "--listen=127.0.0.1",
                              storage, work, extra, NULL);
  g_assert_no_error (error);
  stdout_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  url = g_data_input_stream_read_line (stdout_lines, NULL, NULL, NULL);
  if (url != NULL)
    {
      g_autoptr(SoupSession) session = soup_session_new ();
      g_autofree char *specs_url = g_strconcat (url, "specifications/", NULL);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", specs_url);
      g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, &error);
      g_autoptr(JsonParser) parser = json_parser_new ();

      g_assert_no_error (error);
      json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                  g_bytes_get_size (body), &error);
      g_assert_no_error (error);
      *out_host = json_object_ref (json_object_get_object_member (
                    json_node_get_object (json_parser_get_root (parser)), "host"));
      g_subprocess_send_signal (process, SIGTERM);
    }
  else
    *out_host = NULL;

  err = g_subprocess_get_stderr_pipe (process);
  n = g_input_stream_read (err, buffer, sizeof buffer - 1, NULL, NULL);
  buffer[MAX (n, 0)] = '\0';
  *out_stderr = g_strdup (buffer);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("stderr: %s", *out_stderr);
  return g_subprocess_get_exit_status (process);
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
      remove_tree (tmp);
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

  remove_tree (tmp);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/budget/dev-files", test_dev_files);
  g_test_add_func ("/server/budget/memfd", test_memfd);
  g_test_add_func ("/server/budget/sysv-shm", test_sysv_shm);
  g_test_add_func ("/server/budget/processes-memory", test_processes_memory);
  g_test_add_func ("/server/budget/processes-per-execution",
                   test_processes_per_execution);
  g_test_add_func ("/server/budget/missing-parent", test_missing_parent);

  server = test_server_start ("--slots=1", "--timeout=20", "--memory-limit=64M",
                              "--tmp-size=8M", "--disk-limit=8M", NULL);
  ret = g_test_run ();
  test_server_stop (server);
  return ret;
}
