/* test-server-isolation.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <signal.h>

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "server-test-utils.h"

/* Commands run isolated by bubblewrap, unprivileged, without network, with
 * nothing writable but their directory, seeing none of the host's
 * processes, under rlimits, and killed whole when they time out; the slots
 * give 503 when all are busy; the server refuses to start without
 * isolation unless told to. */

static TestServer *server;

static void
test_unprivileged (void)
{
  g_autoptr(TestResponse) response =
    test_run (server, "{\"commands\": [\"id -u; id -g; grep CapEff /proc/self/status | cut -f2;"
              " grep CapBnd /proc/self/status | cut -f2\","
              " \"-touch /usr/bin/x\", \"-unshare -U true\"]}", NULL);

  g_assert_cmpstr (test_entry_string (response, 0, "stdout"), ==,
                   "65534\n65534\n0000000000000000\n0000000000000000");
  g_assert_cmpint (test_exit_code (response, 1), !=, 0);
  /* No nested user namespaces either. */
  g_assert_cmpint (test_exit_code (response, 2), !=, 0);
}

static void
test_network (void)
{
  g_autofree char *config =
    g_strdup_printf ("{\"commands\": [\"-exec 3<>/dev/tcp/127.0.0.1/%u && echo connected\","
                     " \"tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '\","
                     " \"-exec 3<>/dev/tcp/10.0.0.1/80 && echo connected\"]}",
                     server->port);
  g_autoptr(TestResponse) response = test_run (server, config, NULL);

  /* The server's own port on 127.0.0.1 is out of reach. */
  g_assert_cmpint (test_exit_code (response, 0), !=, 0);
  g_assert_cmpstr (test_entry_string (response, 0, "stdout"), ==, "");
  /* Only a loopback of its own. */
  g_assert_cmpstr (test_entry_string (response, 1, "stdout"), ==, "lo");
  g_assert_cmpint (test_exit_code (response, 2), !=, 0);
  g_assert_cmpstr (test_entry_string (response, 2, "stdout"), ==, "");
}

static void
test_filesystem (void)
{
  g_autofree char *marker = g_strdup_printf ("sandbox-isolation-marker-%d", getpid ());
  g_autofree char *outside = g_build_filename (server->directory, marker, NULL);
  g_autofree char *in_tmp = g_build_filename (g_get_tmp_dir (), marker, NULL);
  g_autofree char *config =
    g_strdup_printf ("{\"commands\": ["
                     "\"-touch /usr/%s\", \"-touch /%s\", \"-touch /etc/%s\","
                     " \"-mkdir -p %s && touch %s\","
                     " \"echo secret > /tmp/%s\","
                     " \"-ls %s\","
                     " \"ls /home; test -e /root || echo no-root\","
                     " \"echo mine > %s && cat %s\"]}",
                     marker, marker, marker, server->directory, outside, marker,
                     server->storage, marker, marker);
  g_autoptr(TestResponse) response = test_run (server, config, NULL);
  g_autofree char *found = NULL;

  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (test_exit_code (response, i), !=, 0);
  /* The host's temporary directory is not the one it sees: writing the
   * same path lands in its own /tmp (checked on the host below). */
  /* Its /tmp is its own. */
  g_assert_cmpint (test_exit_code (response, 4), ==, 0);
  /* The server's storage is not there. */
  g_assert_cmpint (test_exit_code (response, 5), !=, 0);
  g_assert_cmpstr (test_entry_string (response, 6, "stdout"), ==, "student\nno-root");
  g_assert_cmpstr (test_entry_string (response, 7, "stdout"), ==, "mine");

  g_assert_false (g_file_test (outside, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (in_tmp, G_FILE_TEST_EXISTS));
  found = test_find_file_named (server->directory, marker);
  g_assert_null (found);
}

static void
test_processes (void)
{
  const char *server_pid = g_subprocess_get_identifier (server->process);
  g_autofree char *config =
    g_strdup_printf ("{\"commands\": [\"ls /proc | grep -c '^[0-9]'\","
                     " \"-cat /proc/%s/cmdline\", \"-cat /proc/%d/cmdline\","
                     " \"cat /proc/[0-9]*/cmdline | tr '\\\\0' ' '\"]}",
                     server_pid, getpid ());
  g_autoptr(TestResponse) response = test_run (server, config, NULL);

  /* bwrap's init, bash and the commands of the pipeline: nothing else. */
  g_assert_cmpint (g_ascii_strtoll (test_entry_string (response, 0, "stdout"), NULL, 10), <=, 5);
  g_assert_false (strstr (test_entry_string (response, 1, "stdout"), "--storage=") != NULL);
  g_assert_false (strstr (test_entry_string (response, 2, "stdout"), "test-server-isolation") != NULL);
  g_assert_null (strstr (test_entry_string (response, 3, "stdout"), "--storage="));
  g_assert_null (strstr (test_entry_string (response, 3, "stdout"), "test-server-isolation"));
}

/* A command that kills itself ends with 128 + the signal, as in a shell,
 * although it runs in its own pid namespace. */
static void
test_signalled (void)
{
  g_autoptr(TestResponse) response =
    test_run (server, "{\"commands\": [\"-kill -TERM $$\", \"-kill -KILL $$\", \"echo $$\"]}", NULL);

  g_assert_cmpint (test_exit_code (response, 0), ==, 128 + SIGTERM);
  g_assert_cmpint (test_exit_code (response, 1), ==, 128 + SIGKILL);
  g_assert_cmpint (test_exit_code (response, 2), ==, 0);
}

static void
test_limits (void)
{
  g_autoptr(TestResponse) response =
    test_run (server, "{\"commands\": [\"ulimit -c; ulimit -f; ulimit -v\","
              " \"-head -c 9M /dev/zero > big\", \"stat -c %s big\","
              " \"-head -c 5M /dev/zero > /tmp/big\"]}", NULL);

  g_assert_cmpstr (test_entry_string (response, 0, "stdout"), ==, "0\n8192\n1048576");
  /* Killed by SIGXFSZ at the file size limit. */
  g_assert_cmpint (test_exit_code (response, 1), ==, 128 + 25);
  g_assert_cmpstr (test_entry_string (response, 2, "stdout"), ==, "8388608");
  /* /tmp is small. */
  g_assert_cmpint (test_exit_code (response, 3), !=, 0);
}

static void
test_kill_tree (void)
{
  g_autoptr(TestResponse) timed_out =
    test_run (server, "{\"commands\": [{\"command\": \"(sleep 31.4159 &); sleep 31.4159\","
              " \"timeout\": 0.3}]}", NULL);
  g_autoptr(TestResponse) left_behind =
    test_run (server, "{\"commands\": [\"sleep 27.1828 & echo started\"]}", NULL);
  double time = json_object_get_double_member (test_execution_entry (left_behind, 0),
                                               "time");

  g_assert_cmpint (test_exit_code (timed_out, 0), ==, -2);
  g_assert_cmpstr (test_entry_string (left_behind, 0, "stdout"), ==, "started");
  /* The answer did not wait for the background process... */
  g_assert_cmpfloat (time, <, 2.0);

  /* ...which did not survive its command, nor did the timed-out tree. */
  g_usleep (300 * 1000);
  g_assert_false (test_host_has_process ("sleep 31.4159"));
  g_assert_false (test_host_has_process ("sleep 27.1828"));
}

static void
wait_busy (TestServer *s)
{
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(TestResponse) usages = test_request (s, "GET", "usages/");

      if (json_object_get_int_member (json_node_get_object (usages->json),
                                      "container") == 1)
        return;
    }
  g_assert_not_reached ();
}

static void
test_overloaded (void)
{
  TestServer *one = launched_server_start ("--slots=1", "--slot-wait=1",
                                           "--usage-interval=0.02", NULL);
  GThread *thread;
  TestResponse *response;
  gint64 start;

  /* All slots busy for longer than the wait: 503. */
  thread = test_execute_in_thread (one, "{\"commands\": [\"sleep 2.5\"]}");
  wait_busy (one);
  start = g_get_monotonic_time ();
  response = test_execute (one, "{\"commands\": [\"echo hi\"]}", NULL);
  test_assert_text_answer (response, SOUP_STATUS_SERVICE_UNAVAILABLE,
                           "Sandbox overloaded, retry after a few seconds.");
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 950 * 1000);
  test_response_free (response);
  response = g_thread_join (thread);
  g_assert_cmpuint (response->status, ==, 200);
  test_response_free (response);

  /* A slot freed within the wait is taken. */
  thread = test_execute_in_thread (one, "{\"commands\": [\"sleep 0.25\"]}");
  wait_busy (one);
  response = test_execute (one, "{\"commands\": [\"echo queued\"]}", NULL);
  g_assert_cmpstr (test_entry_string (response, 0, "stdout"), ==, "queued");
  test_response_free (response);
  response = g_thread_join (thread);
  g_assert_cmpuint (response->status, ==, 200);
  test_response_free (response);

  test_server_stop (one);
}

static void
assert_refuses_to_start (const char *bwrap,
                         const char *expected)
{
  g_autofree char *tmp = g_dir_make_tmp ("sandbox-server-test-XXXXXX", NULL);
  const LaunchedServerSetup setup = { NULL, tmp, G_SUBPROCESS_FLAGS_STDERR_PIPE };
  g_autofree char *option = g_strdup_printf ("--bwrap=%s", bwrap);
  const char * const options[] = { option, NULL };
  g_autofree char *stderr_text = NULL;
  g_autoptr(GError) error = NULL;
  LaunchedServer *launched;

  /* The sandbox user can reach the working directories: only bubblewrap
   * fails. */
  g_chmod (tmp, 0755);
  launched = launched_server_spawn (&setup, options, &error);
  g_assert_no_error (error);
  g_assert_null (launched->url);
  g_assert_cmpint (launched_server_stop_with_log (launched, &stderr_text), ==, 1);

  g_test_message ("stderr: %s", stderr_text);
  g_assert_nonnull (strstr (stderr_text, expected));
  g_assert_nonnull (strstr (stderr_text, "--no-isolation"));
  test_remove_dir (tmp);
}

static void
test_refuses_without_bwrap (void)
{
  assert_refuses_to_start ("/nonexistent/bwrap", "bubblewrap");
  /* As root, it does not try the weaker mode unless told to. */
  assert_refuses_to_start ("/bin/false",
                           geteuid () == 0 ? "cannot run commands as the sandbox user"
                                           : "cannot isolate commands");
}

static void
test_no_isolation (void)
{
  TestServer *unsafe = launched_server_start ("--no-isolation", NULL);
  g_autoptr(TestResponse) specs = test_request (unsafe, "GET", "specifications/");
  g_autoptr(TestResponse) response = test_run (unsafe, "{\"commands\": [\"pwd; echo $HOME\"]}", NULL);
  JsonObject *host = json_object_get_object_member (json_node_get_object (specs->json),
                                                    "host");
  g_auto(GStrv) lines = g_strsplit (test_entry_string (response, 0, "stdout"), "\n", -1);

  g_assert_cmpstr (json_object_get_string_member (host, "isolation"), ==, "none");
  g_assert_nonnull (strstr (json_object_get_string_member (host, "warning"),
                            "without isolation"));
  /* It runs in a directory of its own under the working directories. */
  g_assert_true (g_str_has_prefix (lines[0], unsafe->work));
  g_assert_cmpstr (lines[0], ==, lines[1]);

  test_server_stop (unsafe);
}

typedef struct
{
  const char  *name;
  gboolean     as_root;       /* only when the test runs as root */
  const char  *option;
  gboolean     closed_parent; /* a work dir the sandbox user cannot reach */
  gint64       host_uid;      /* -1: the test's own */
} Mode;

typedef struct
{
  TestServer   *server;
  TestResponse *response;
} Pending;

static gpointer
run_marked (gpointer data)
{
  Pending *pending = data;
  g_autoptr(GBytes) environment = test_hog_environment ();

  pending->response = test_execute (pending->server,
                                    "{\"commands\": [\"./budget-hog fork 1 2 uid-marker-7\"]}",
                                    environment);
  return NULL;
}

/* In each mode the server supports here, a command sees its uid, and is
 * bounded by the process limit and by the memory limit. */
static void
test_modes (void)
{
  static const Mode modes[] = {
    { "sandbox user", TRUE, NULL, FALSE, 65534 },
    { "root mapped", TRUE, "--allow-weaker-isolation", TRUE, 0 },
    { "user namespace", FALSE, NULL, FALSE, -1 },
    { "none", FALSE, "--no-isolation", FALSE, -1 },
  };
  gboolean root = geteuid () == 0;

  for (gsize i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      const Mode *mode = &modes[i];
      g_autoptr(GBytes) environment = NULL;
      g_autoptr(TestResponse) response = NULL;
      TestServer *s;
      Pending pending = { 0 };
      GThread *thread;
      gint64 host_uid;
      gint64 expected_uid = mode->host_uid;
      g_autofree char *closed = NULL;
      g_autofree char *work_option = NULL;

      if (mode->as_root != root && strcmp (mode->name, "none") != 0)
        continue;
      if (strcmp (mode->name, "none") == 0 && root)
        expected_uid = 65534;
      if (expected_uid < 0)
        expected_uid = geteuid ();
      g_test_message ("mode: %s", mode->name);

      /* A work directory the sandbox user cannot reach (0700): the
       * weaker mode is the only one left. */
      if (mode->closed_parent)
        {
          closed = g_dir_make_tmp ("sandbox-server-test-XXXXXX", NULL);
          work_option = g_strdup_printf ("--work-dir=%s/work", closed);
        }
      s = launched_server_start ("--slots=2", "--timeout=20", "--processes=16",
                                 "--memory-limit=64M", "--tmp-size=8M",
                                 "--disk-limit=8M",
                                 mode->option != NULL ? mode->option : "--verbose",
                                 work_option, NULL);

      environment = test_hog_environment ();
      response = test_execute (s, "{\"commands\": [\"id -u; ulimit -v\","
                               " \"./budget-hog fork 40 0\","
                               " \"-./budget-hog procs 4 32\"]}", environment);
      g_test_message ("%s", response->text);
      g_assert_cmpuint (response->status, ==, 200);
      if (strcmp (mode->name, "none") != 0 || root)
        g_assert_cmpstr (test_entry_string (response, 0, "stdout"), ==, "65534\n65536");
      g_assert_cmpint (test_output_number (test_entry_string (response, 1, "stdout"), "forked"), <=, 16);
      g_assert_cmpint (test_output_number (test_entry_string (response, 1, "stdout"), "forked"), >=, 8);
      g_assert_cmpint (test_output_number (test_entry_string (response, 2, "stdout"), "held"), >=, 0);
      g_assert_cmpint (test_output_number (test_entry_string (response, 2, "stdout"), "held"), <=, 80);

      /* The uid its processes have on the host. */
      pending.server = s;
      thread = g_thread_new ("marked", run_marked, &pending);
      host_uid = test_wait_host_uid ("uid-marker-7");
      g_thread_join (thread);
      g_assert_cmpuint (pending.response->status, ==, 200);
      test_response_free (pending.response);
      g_assert_cmpint (host_uid, ==, expected_uid);

      test_server_stop (s);
      if (closed != NULL)
        test_remove_dir (closed);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/isolation/unprivileged", test_unprivileged);
  g_test_add_func ("/server/isolation/network", test_network);
  g_test_add_func ("/server/isolation/filesystem", test_filesystem);
  g_test_add_func ("/server/isolation/processes", test_processes);
  g_test_add_func ("/server/isolation/limits", test_limits);
  g_test_add_func ("/server/isolation/signalled", test_signalled);
  g_test_add_func ("/server/isolation/kill-tree", test_kill_tree);
  g_test_add_func ("/server/isolation/overloaded", test_overloaded);
  g_test_add_func ("/server/isolation/refuses-without-bwrap", test_refuses_without_bwrap);
  g_test_add_func ("/server/isolation/no-isolation", test_no_isolation);
  g_test_add_func ("/server/isolation/modes", test_modes);

  return launched_server_run_tests (&server, "--slots=2", "--timeout=5", "--file-size-limit=8M",
                                    "--processes=64", "--memory-limit=1G", "--tmp-size=4M",
                                    NULL);
}
