/* test-server-timing.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "server-test-utils.h"

/* The latency split of execute/ answers: a standard Server-Timing header
 * (receive, wait, unpack, spawn, run, pack, answer, in milliseconds) beside
 * an unchanged JSON body; and what the server mounts and makes for an
 * execution is gone once it is over. */

static const char * const phases[] = {
  "receive", "wait", "unpack", "spawn", "run", "pack", "answer",
};

/* Parses @header strictly: every phase once, in order, `name;dur=MS` with a
 * finite non-negative duration. Returns the durations. */
static GArray *
parse_server_timing (const char *header)
{
  g_auto(GStrv) metrics = NULL;
  GArray *durations = g_array_new (FALSE, FALSE, sizeof (double));

  g_assert_nonnull (header);
  metrics = g_strsplit (header, ", ", -1);
  g_assert_cmpuint (g_strv_length (metrics), ==, G_N_ELEMENTS (phases));

  for (guint i = 0; metrics[i] != NULL; i++)
    {
      g_autofree char *prefix = g_strconcat (phases[i], ";dur=", NULL);
      const char *value = metrics[i] + strlen (prefix);
      char *end = NULL;
      double ms;

      g_assert_true (g_str_has_prefix (metrics[i], prefix));
      g_assert_true (g_ascii_isdigit (*value));
      ms = g_ascii_strtod (value, &end);
      g_assert_cmpstr (end, ==, "");
      g_assert_true (isfinite (ms));
      g_assert_cmpfloat (ms, >=, 0);
      g_array_append_val (durations, ms);
    }
  return durations;
}

static double
phase (GArray     *durations,
       const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (phases); i++)
    if (strcmp (phases[i], name) == 0)
      return g_array_index (durations, double, i);
  g_assert_not_reached ();
}

static void
test_header (void)
{
  TestServer *server = launched_server_start ("--slots=1", NULL);
  g_autoptr(TestResponse) response = NULL;
  g_autoptr(GArray) durations = NULL;
  g_autoptr(GList) members = NULL;
  gint64 start = g_get_monotonic_time ();
  double elapsed_ms;
  double sum = 0;

  response = test_execute (server,
                           "{\"commands\": [\"sleep 0.3\", \"echo done\"]}", NULL);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000.0;

  g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
  durations = parse_server_timing (soup_message_headers_get_one (response->headers,
                                                                 "Server-Timing"));
  for (guint i = 0; i < durations->len; i++)
    sum += g_array_index (durations, double, i);

  /* The phases happen within the request, one after the other. */
  g_assert_cmpfloat (sum, <=, elapsed_ms);
  /* The command's sleep is in run, not elsewhere. */
  g_assert_cmpfloat (phase (durations, "run"), >=, 300);
  g_assert_cmpfloat (sum - phase (durations, "run"), <, 300);

  /* The body is the protocol's, nothing added. */
  members = json_object_get_members (test_response_object (response));
  g_assert_cmpuint (g_list_length (members), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (test_execution_entry (response, 1),
                                                  "stdout"), ==, "done");

  test_server_stop (server);
}

/* Also when the execution fails (a corrupt upload: 400, nothing run), not
 * when the form is refused before any execution. */
static void
test_error_answers (void)
{
  TestServer *server = launched_server_start ("--slots=1", NULL);
  g_autoptr(GBytes) garbage = g_bytes_new_static ("not an archive", 14);
  g_autoptr(TestResponse) corrupt = NULL;
  g_autoptr(TestResponse) no_config = NULL;
  g_autoptr(GArray) durations = NULL;
  g_autofree char *url = test_server_url (server, "execute/");
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);

  corrupt = test_execute (server, "{\"commands\": [\"true\"]}", garbage);
  g_assert_cmpuint (corrupt->status, ==, SOUP_STATUS_BAD_REQUEST);
  durations = parse_server_timing (soup_message_headers_get_one (corrupt->headers,
                                                                 "Server-Timing"));
  g_assert_cmpfloat (phase (durations, "run"), ==, 0);

  no_config = test_send (server, msg);
  test_assert_text_answer (no_config, SOUP_STATUS_BAD_REQUEST,
                           "Missing argument 'config'");
  g_assert_null (soup_message_headers_get_one (no_config->headers, "Server-Timing"));

  test_server_stop (server);
}

/* The server's directory in --work-dir holds its /etc and the executions'
 * directories: the latter go once answered (removed after the answer, so
 * waited for), all of it when the server stops. */
static void
test_cleanup (void)
{
  TestServer *server = launched_server_start ("--slots=1", NULL);
  g_autoptr(TestResponse) response = NULL;
  g_autoptr(GDir) work = g_dir_open (server->work, 0, NULL);
  g_autofree char *root = NULL;
  const char *name;
  guint left = G_MAXUINT;

  g_assert_nonnull (work);
  name = g_dir_read_name (work);
  g_assert_nonnull (name);
  root = g_build_filename (server->work, name, NULL);
  g_assert_null (g_dir_read_name (work));

  response = test_execute (server,
                           "{\"commands\": [\"mkdir -p a/b && touch a/b/c "
                           "&& chmod 0 a/b && echo x > f\"]}", NULL);
  g_assert_cmpint (json_object_get_int_member (test_response_object (response),
                                               "status"), ==, 0);

  for (guint i = 0; i < 500 && left != 1; i++)
    {
      left = test_count_entries (root);
      if (left != 1)
        g_usleep (10 * 1000);
    }
  /* Only etc remains. */
  g_assert_cmpuint (left, ==, 1);
  g_assert_true (g_file_test (root, G_FILE_TEST_IS_DIR));

  /* When it stops, the server removes its directory, which it could not
   * with its /etc still mounted in it. */
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  g_assert_false (g_file_test (root, G_FILE_TEST_EXISTS));
  test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/timing/header", test_header);
  g_test_add_func ("/server/timing/error-answers", test_error_answers);
  g_test_add_func ("/server/timing/cleanup", test_cleanup);

  return g_test_run ();
}
