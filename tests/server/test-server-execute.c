/* test-server-execute.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "server-test-utils.h"

/* How sandbox-server runs commands and answers (docs/protocol.md, "How the
 * commands run" and "The answer"): stripping, `-` commands, environ,
 * timeouts and the request's time budget, undecodable output, result_path,
 * output caps, saved environments and their downloads. */

#define UNKNOWN_ERROR "An unknown error occurred on the sandbox\n"

static TestServer *server;

static gint64
status_of (TestResponse *response)
{
  return json_object_get_int_member (test_response_object (response), "status");
}

/* The run stopped at its @n'th command, whose @code is the answer's
 * status and which wrote @out and @err. */
static void
assert_stopped_by (TestResponse *response,
                   guint         n,
                   gint64        code,
                   const char   *out,
                   const char   *err)
{
  g_assert_cmpint (status_of (response), ==, code);
  g_assert_cmpuint (test_execution_length (response), ==, n);
  g_assert_cmpint (test_exit_code (response, n - 1), ==, code);
  g_assert_cmpstr (test_entry_string (response, n - 1, "stdout"), ==, out);
  g_assert_cmpstr (test_entry_string (response, n - 1, "stderr"), ==, err);
}

static void
test_basic (void)
{
  g_autoptr(TestResponse) response =
    test_execute (server, "{\"commands\": [\"echo $((2+2))\", \"echo two\"]}", NULL);
  JsonObject *object = test_response_object (response);
  g_autoptr(GList) members = json_object_get_members (object);
  JsonObject *entry = test_execution_entry (response, 0);
  g_autoptr(GList) entry_members = json_object_get_members (entry);
  double total = json_object_get_double_member (object, "total_time");
  double times = 0;

  g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL),
                   ==, "application/json");
  test_assert_closing (response);
  g_assert_true (g_str_has_prefix (response->text,
                                   "{\"status\": 0, \"execution\": [{\"command\": "
                                   "\"echo $((2+2))\", \"exit_code\": 0, "
                                   "\"stdout\": \"4\", \"stderr\": \"\", \"time\": "));

  g_assert_cmpuint (g_list_length (members), ==, 3);
  g_assert_cmpstr (members->data, ==, "status");
  g_assert_cmpstr (members->next->data, ==, "execution");
  g_assert_cmpstr (members->next->next->data, ==, "total_time");
  g_assert_cmpuint (g_list_length (entry_members), ==, 5);

  g_assert_cmpint (status_of (response), ==, 0);
  g_assert_cmpuint (test_execution_length (response), ==, 2);
  g_assert_cmpstr (test_entry_string (response, 1, "stdout"), ==, "two");
  for (guint i = 0; i < 2; i++)
    {
      double t = json_object_get_double_member (test_execution_entry (response, i),
                                                "time");

      g_assert_cmpfloat (t, >, 0);
      times += t;
    }
  g_assert_cmpfloat (total, >=, times);
}

static void
test_strip (void)
{
  g_autoptr(TestResponse) response =
    test_execute (server,
                  "{\"commands\": [\"printf '\\\\n  a \\\\t b\\\\n\\\\n'; "
                  "printf ' \\\\r\\\\ne \\\\n' >&2\"]}", NULL);

  g_assert_cmpstr (test_entry_string (response, 0, "stdout"), ==, "a \t b");
  g_assert_cmpstr (test_entry_string (response, 0, "stderr"), ==, "e");
}

static void
test_unicode_and_nul (void)
{
  g_autoptr(TestResponse) response =
    test_execute (server, "{\"commands\": [\"printf 'caf\\\\303\\\\251 "
                  "\\\\360\\\\237\\\\230\\\\200'\", "
                  "\"printf 'a\\\\000b'\"]}", NULL);

  g_assert_cmpstr (test_entry_string (response, 0, "stdout"), ==, "caf\xc3\xa9 \xf0\x9f\x98\x80");
  /* As Python's json.dumps writes them. */
  g_assert_nonnull (strstr (response->text, "\"caf\\u00e9 \\ud83d\\ude00\""));
  g_assert_nonnull (strstr (response->text, "\"stdout\": \"a\\u0000b\""));
}

static void
test_failure_stops (void)
{
  g_autoptr(TestResponse) response =
    test_execute (server, "{\"commands\": [\"true\", \"echo out; echo err >&2; exit 3\", "
                  "\"echo never\"]}", NULL);

  assert_stopped_by (response, 2, 3, "out", "err");
}

static void
test_ignored_failure (void)
{
  g_autoptr(TestResponse) response =
    test_execute (server, "{\"commands\": [\"-exit 4\", \"--version\", "
                  "{\"command\": \"-echo ok\"}, \"echo last\"]}", NULL);

  g_assert_cmpint (status_of (response), ==, 0);
  g_assert_cmpuint (test_execution_length (response), ==, 4);
  g_assert_cmpstr (test_entry_string (response, 0, "command"), ==, "exit 4");
  g_assert_cmpint (test_exit_code (response, 0), ==, 4);
  /* One `-` only is removed. */
  g_assert_cmpstr (test_entry_string (response, 1, "command"), ==, "-version");
  g_assert_cmpint (test_exit_code (response, 1), !=, 0);
  g_assert_cmpstr (test_entry_string (response, 2, "command"), ==, "echo ok");
  g_assert_cmpstr (test_entry_string (response, 3, "stdout"), ==, "last");
}

static void
test_environ (void)
{
  g_autoptr(TestResponse) response =
    test_execute (server,
                  "{\"commands\": [\"printf '%s|' \\\"$I\\\" \\\"$T\\\" \\\"$F\\\" \\\"$N\\\" "
                  "\\\"$R\\\" \\\"$S\\\" \\\"$L\\\" \\\"$D\\\" \\\"$BIG\\\"\"],"
                  " \"environ\": {\"I\": 1, \"T\": true, \"F\": false, \"N\": null,"
                  " \"R\": 1.5, \"S\": \"text with spaces\", \"L\": [1, \"a\", 2.0],"
                  " \"D\": {\"k\": false, \"it's\": null}, \"BIG\": 1e16}}",
                  NULL);

  g_assert_cmpstr (test_entry_string (response, 0, "stdout"), ==,
                   "1|True|False|None|1.5|text with spaces|[1, 'a', 2.0]|"
                   "{'k': False, \"it's\": None}|1e+16|");
}

static void
test_clean_environment (void)
{
  g_autoptr(TestResponse) response =
    test_execute (server,
                  "{\"commands\": [\"echo \\\"$HOME|$LANG|$PWD|${SANDBOX_TEST_SECRET:-unset}\\\"\","
                  " \"echo $PATH\", \"read -t 1 line; echo \\\"stdin:$?\\\"\"],"
                  " \"environ\": {\"LANG\": \"C\"}}", NULL);

  g_assert_cmpstr (test_entry_string (response, 0, "stdout"), ==,
                   "/home/student|C|/home/student|unset");
  g_assert_cmpstr (test_entry_string (response, 1, "stdout"), ==,
                   "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  /* stdin is /dev/null: read ends at once with end of file. */
  g_assert_cmpstr (test_entry_string (response, 2, "stdout"), ==, "stdin:1");
}

static void
test_state_between_commands (void)
{
  g_autoptr(TestResponse) response =
    test_execute (server, "{\"commands\": [\"X=1; echo data > f; cd /tmp; echo t > t\", "
                  "\"echo ${X:-none} $(pwd) $(cat f) $(cat /tmp/t || echo no-tmp)\"]}",
                  NULL);

  /* Files stay, shell state does not; /tmp is fresh for each command. */
  g_assert_cmpstr (test_entry_string (response, 1, "stdout"), ==,
                   "none /home/student data no-tmp");
}

static void
test_command_timeout (void)
{
  g_autoptr(TestResponse) response =
    test_execute (server, "{\"commands\": [{\"command\": \"echo early; sleep 5\", "
                  "\"timeout\": 0.2}, \"echo never\"]}", NULL);
  JsonObject *entry = test_execution_entry (response, 0);

  assert_stopped_by (response, 1, -2, "", "Command timed out after 0.2 seconds\n");
  g_assert_cmpfloat (json_object_get_double_member (entry, "time"), >=, 0.2);
  g_assert_cmpfloat (json_object_get_double_member (entry, "time"), <, 1.0);
}

static void
test_integer_and_negative_timeouts (void)
{
  g_autoptr(TestResponse) integer =
    test_execute (server, "{\"commands\": [{\"command\": \"sleep 5\", \"timeout\": 1}]}",
                  NULL);
  g_autoptr(TestResponse) negative =
    test_execute (server, "{\"commands\": [{\"command\": \"echo x\", \"timeout\": -1}]}",
                  NULL);
  g_autoptr(TestResponse) ignored =
    test_execute (server, "{\"commands\": [{\"command\": \"-sleep 5\", \"timeout\": 0.1}, "
                  "\"echo after\"]}", NULL);

  g_assert_cmpstr (test_entry_string (integer, 0, "stderr"), ==,
                   "Command timed out after 1 seconds\n");
  g_assert_cmpstr (test_entry_string (negative, 0, "stderr"), ==,
                   "Command timed out after -1 seconds\n");
  g_assert_cmpint (status_of (negative), ==, -2);
  g_assert_cmpfloat (json_object_get_double_member (test_execution_entry (negative, 0),
                                                    "time"), <, 0.1);

  /* A `-` command may time out without stopping the run. */
  g_assert_cmpint (status_of (ignored), ==, 0);
  g_assert_cmpint (test_exit_code (ignored, 0), ==, -2);
  g_assert_cmpstr (test_entry_string (ignored, 1, "stdout"), ==, "after");
}

/* The server runs with a 1.5 s budget for the whole request. */
static void
test_budget (void)
{
  /* No timeout, 0 (none), and one longer than the budget. */
  static const char * const whole_budget[] = {
    "{\"commands\": [\"sleep 5\"]}",
    "{\"commands\": [{\"command\": \"sleep 5\", \"timeout\": 0}]}",
    "{\"commands\": [{\"command\": \"sleep 5\", \"timeout\": 3}]}",
  };
  g_autoptr(TestResponse) second = NULL;
  const char *text;
  const char *prefix = "Command timed out after ";
  double left;

  for (gsize i = 0; i < G_N_ELEMENTS (whole_budget); i++)
    {
      g_autoptr(TestResponse) response = test_execute (server, whole_budget[i], NULL);

      g_assert_cmpstr (test_entry_string (response, 0, "stderr"), ==,
                       "Command timed out after 1.5 seconds\n");
    }

  second = test_execute (server, "{\"commands\": [\"sleep 0.5\", \"sleep 5\"]}", NULL);
  text = test_entry_string (second, 1, "stderr");

  /* What was left after the first command, printed as Python prints it. */
  g_assert_true (g_str_has_prefix (text, prefix));
  g_assert_true (g_str_has_suffix (text, " seconds\n"));
  left = g_ascii_strtod (text + strlen (prefix), NULL);
  g_assert_cmpfloat (left, >, 0.5);
  g_assert_cmpfloat (left, <, 1.0);
  g_assert_cmpuint (strlen (text), >, strlen ("Command timed out after 0.95 seconds\n"));
  g_assert_cmpfloat (json_object_get_double_member (test_response_object (second),
                                                    "total_time"), <, 2.5);
}

static void
test_not_utf8 (void)
{
  g_autoptr(TestResponse) response =
    test_execute (server, "{\"commands\": [\"printf 'ok\\\\377'\", \"echo never\"]}", NULL);
  g_autoptr(TestResponse) ignored =
    test_execute (server, "{\"commands\": [\"-printf '\\\\377' >&2\", \"echo never\"]}",
                  NULL);

  assert_stopped_by (response, 1, -1, "", UNKNOWN_ERROR);

  /* Even a `-` command stops the run. */
  g_assert_cmpint (status_of (ignored), ==, -1);
  g_assert_cmpuint (test_execution_length (ignored), ==, 1);
  g_assert_cmpstr (test_entry_string (ignored, 0, "command"), ==, "printf '\\377' >&2");
}

static void
test_result_path (void)
{
  g_autoptr(TestResponse) found =
    test_execute (server, "{\"commands\": [\"printf 'r\\\\xc3\\\\xa9sultat\\\\n\\\\n' > out.txt\"],"
                  " \"result_path\": \"out.txt\"}", NULL);
  g_autoptr(TestResponse) after_failure =
    test_execute (server, "{\"commands\": [\"mkdir d; echo partial > d/r\", \"exit 2\","
                  " \"echo never > d/r\"], \"result_path\": \"d/r\"}", NULL);
  JsonObject *object = test_response_object (found);
  g_autoptr(GList) members = json_object_get_members (object);

  g_assert_cmpint (status_of (found), ==, 0);
  /* Not stripped. */
  g_assert_cmpstr (json_object_get_string_member (object, "result"), ==,
                   "r\xc3\xa9sultat\n\n");
  g_assert_cmpstr (g_list_last (members)->data, ==, "result");

  g_assert_cmpint (status_of (after_failure), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (test_response_object (after_failure),
                                                  "result"), ==, "partial\n");
}

static void
assert_result_status (const char *config,
                      gint64      status)
{
  g_autoptr(TestResponse) response = test_execute (server, config, NULL);

  g_test_message ("%s", config);
  g_assert_cmpint (status_of (response), ==, status);
  g_assert_false (json_object_has_member (test_response_object (response), "result"));
}

static void
test_result_missing (void)
{
  assert_result_status ("{\"commands\": [\"true\"], \"result_path\": \"none.txt\"}", -3);
  /* It replaces the failing command's code. */
  assert_result_status ("{\"commands\": [\"exit 5\"], \"result_path\": \"none.txt\"}", -3);
  assert_result_status ("{\"commands\": [\"mkdir dir\"], \"result_path\": \"dir\"}", -3);
  assert_result_status ("{\"commands\": [\"mkfifo fifo\"], \"result_path\": \"fifo\"}", -3);
  assert_result_status ("{\"commands\": [\"printf '\\\\377' > bin\"],"
                        " \"result_path\": \"bin\"}", -4);
}

static void
test_result_escaping (void)
{
  g_autofree char *outside = g_build_filename (server->directory, "outside.txt", NULL);
  g_autofree char *config = NULL;

  g_assert_true (g_file_set_contents (outside, "host secret", -1, NULL));
  g_chmod (outside, 0644);

  assert_result_status ("{\"commands\": [\"true\"], \"result_path\": \"/etc/hostname\"}", -3);
  assert_result_status ("{\"commands\": [\"true\"], \"result_path\": \"../../../../etc/passwd\"}",
                        -3);
  assert_result_status ("{\"commands\": [\"ln -s /etc/passwd link\"], \"result_path\": \"link\"}",
                        -3);
  assert_result_status ("{\"commands\": [\"ln -s ../../../.. up\"],"
                        " \"result_path\": \"up/etc/passwd\"}", -3);
  config = g_strdup_printf ("{\"commands\": [\"true\"], \"result_path\": \"%s\"}", outside);
  assert_result_status (config, -3);
  g_free (config);
  config = g_strdup_printf ("{\"commands\": [\"ln -s %s l\"], \"result_path\": \"l\"}",
                            outside);
  assert_result_status (config, -3);
}

/* A command printing 5 MiB neither deadlocks nor floods the answer. */
static void
test_output_cap (void)
{
  g_autoptr(TestResponse) response =
    test_execute (server, "{\"commands\": [\"head -c 5242880 /dev/zero | tr '\\\\0' a; "
                  "head -c 3145728 /dev/zero | tr '\\\\0' b >&2; echo done >&2\"]}", NULL);
  const char *out = test_entry_string (response, 0, "stdout");
  const char *err = test_entry_string (response, 0, "stderr");

  g_assert_cmpint (status_of (response), ==, 0);
  g_assert_cmpuint (strlen (out), ==, 1048576);
  g_assert_cmpint (strspn (out, "a"), ==, 1048576);
  g_assert_cmpint (strspn (err, "b"), ==, 1048576);
  g_assert_nonnull (strstr (err + 1048576,
                            "stdout truncated to its first 1048576 bytes, the command "
                            "wrote 5242880"));
  g_assert_nonnull (strstr (err + 1048576,
                            "stderr truncated to its first 1048576 bytes, the command "
                            "wrote 3145733"));
}

static GBytes *
make_upload (const char *a_content)
{
  TestArchive *archive = test_archive_new ();

  test_archive_add_file (archive, "a.txt", a_content, -1, 0644);
  test_archive_add_dir (archive, "dir", 0755);
  test_archive_add_file (archive, "dir/b.txt", "bee\n", -1, 0644);
  test_archive_add_file (archive, "run.sh", "#!/bin/sh\necho script ran\n", -1, 0755);
  return test_archive_finish (archive, TRUE);
}

static void
test_upload (void)
{
  g_autoptr(GBytes) upload = make_upload ("from upload\n");
  g_autoptr(TestResponse) response =
    test_execute (server, "{\"commands\": [\"cat a.txt dir/b.txt\", \"./run.sh\","
                  " \"stat -c %U:%a a.txt\"]}", upload);

  g_assert_cmpint (status_of (response), ==, 0);
  g_assert_cmpstr (test_entry_string (response, 0, "stdout"), ==, "from upload\nbee");
  g_assert_cmpstr (test_entry_string (response, 1, "stdout"), ==, "script ran");
  g_assert_cmpstr (test_entry_string (response, 2, "stdout"), ==, "student:644");
}

static void
test_wild_archive (void)
{
  TestArchive *archive = test_archive_new ();
  g_autoptr(GBytes) upload = NULL;
  g_autoptr(TestResponse) response = NULL;

  /* What users' own tools produce. */
  test_archive_add_dir (archive, "/", 0755);
  test_archive_add_dir (archive, "./", 0755);
  test_archive_add_file (archive, "./x.txt", "x", -1, 0644);
  test_archive_add_dir (archive, "./sub/", 0755);
  test_archive_add_file (archive, "./sub/y.txt", "y", -1, 0644);
  test_archive_add_dir (archive, "plain/", 0700);
  test_archive_add_file (archive, "plain/z.txt", "z", -1, 0600);
  upload = test_archive_finish (archive, TRUE);

  response = test_execute (server, "{\"commands\": [\"cat x.txt sub/y.txt plain/z.txt\","
                           " \"ls -A | sort | tr '\\\\n' ' '\"]}", upload);
  g_assert_cmpstr (test_entry_string (response, 0, "stdout"), ==, "xyz");
  g_assert_cmpstr (test_entry_string (response, 1, "stdout"), ==, "plain sub x.txt");
}

static char *
save_environment (const char *config,
                  GBytes     *upload)
{
  g_autoptr(TestResponse) response = test_execute (server, config, upload);
  JsonObject *object = test_response_object (response);
  g_autoptr(GList) members = json_object_get_members (object);
  const char *uuid = json_object_get_string_member (object, "environment");
  const char *expire = json_object_get_string_member (object, "expire");
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GRegex) uuid_re =
    g_regex_new ("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
                 0, 0, NULL);
  g_autoptr(GRegex) expire_re =
    g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00$",
                 0, 0, NULL);
  GTimeSpan ahead;

  g_assert_cmpint (status_of (response), ==, 0);
  g_assert_true (g_regex_match (uuid_re, uuid, 0, NULL));
  g_assert_true (g_regex_match (expire_re, expire, 0, NULL));
  when = g_date_time_new_from_iso8601 (expire, NULL);
  g_assert_nonnull (when);
  ahead = g_date_time_difference (when, now);
  g_assert_cmpint (ahead, >, 3600 * G_TIME_SPAN_SECOND - 10 * G_TIME_SPAN_SECOND);
  g_assert_cmpint (ahead, <=, 3600 * G_TIME_SPAN_SECOND + G_TIME_SPAN_SECOND);

  g_assert_cmpstr (g_list_nth_data (members, 3), ==, "environment");
  g_assert_cmpstr (g_list_nth_data (members, 4), ==, "expire");
  return g_strdup (uuid);
}

#define BINARY_COMMAND \
  "printf '\\\\000\\\\001\\\\377\\\\n\\\\r\\\\200end' > dir/bin.dat"
static const char binary_content[] = "\000\001\377\n\r\200end";

static void
test_save_and_download (void)
{
  g_autofree char *uuid =
    save_environment ("{\"commands\": [\"mkdir -p dir/empty && echo one > top.txt && "
                      BINARY_COMMAND " && ln -s top.txt link\"], \"save\": true}", NULL);
  g_autofree char *env_path = g_strdup_printf ("environments/%s/", uuid);
  g_autofree char *file_path = g_strdup_printf ("files/%s/dir/bin.dat/", uuid);
  g_autofree char *link_path = g_strdup_printf ("files/%s/link/", uuid);
  g_autofree char *dir_path = g_strdup_printf ("files/%s/dir/", uuid);
  g_autofree char *missing_path = g_strdup_printf ("files/%s/nothing.txt/", uuid);
  g_autofree char *disposition = g_strdup_printf ("attachment; filename=%s.tgz", uuid);
  g_autofree char *not_found = NULL;
  g_autoptr(TestResponse) env = test_request (server, "GET", env_path);
  g_autoptr(TestResponse) env_head = test_request (server, "HEAD", env_path);
  g_autoptr(TestResponse) file = test_request (server, "GET", file_path);
  g_autoptr(TestResponse) file_head = test_request (server, "HEAD", file_path);
  g_autoptr(TestResponse) link = test_request (server, "GET", link_path);
  g_autoptr(TestResponse) dir = test_request (server, "GET", dir_path);
  g_autoptr(TestResponse) missing = test_request (server, "GET", missing_path);
  g_autoptr(GHashTable) members = NULL;
  GBytes *content;
  GHashTableIter iter;
  gpointer name;

  g_assert_cmpuint (env->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (env->headers, NULL), ==,
                   "application/gzip");
  g_assert_cmpint (soup_message_headers_get_content_length (env->headers), ==,
                   g_bytes_get_size (env->body));
  g_assert_cmpstr (soup_message_headers_get_one (env->headers, "Content-Disposition"),
                   ==, disposition);
  /* The stored archive, byte for byte. */
  {
    g_autofree char *base = g_strconcat (uuid, ".tgz", NULL);
    g_autofree char *stored = g_build_filename (server->storage, base, NULL);
    g_autofree char *contents = NULL;
    gsize len;

    g_assert_true (g_file_get_contents (stored, &contents, &len, NULL));
    g_assert_cmpmem (g_bytes_get_data (env->body, NULL),
                     g_bytes_get_size (env->body), contents, len);
  }
  g_assert_cmpuint (env_head->status, ==, 200);
  g_assert_cmpuint (g_bytes_get_size (env_head->body), ==, 0);
  g_assert_cmpint (soup_message_headers_get_content_length (env_head->headers), ==,
                   g_bytes_get_size (env->body));

  /* Top-level entries, no ./ prefix, contents byte for byte. */
  members = test_archive_read (env->body);
  g_hash_table_iter_init (&iter, members);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_assert_false (g_str_has_prefix (name, "./") || g_str_has_prefix (name, "/"));
  content = g_hash_table_lookup (members, "top.txt");
  g_assert_nonnull (content);
  g_assert_cmpmem (g_bytes_get_data (content, NULL), g_bytes_get_size (content),
                   "one\n", 4);
  content = g_hash_table_lookup (members, "dir/bin.dat");
  g_assert_nonnull (content);
  g_assert_cmpmem (g_bytes_get_data (content, NULL), g_bytes_get_size (content),
                   binary_content, sizeof binary_content - 1);
  content = g_hash_table_lookup (members, "link");
  g_assert_cmpmem (g_bytes_get_data (content, NULL), g_bytes_get_size (content),
                   "symlink:top.txt", 15);
  g_assert_true (g_hash_table_contains (members, "dir/empty")
                 || g_hash_table_contains (members, "dir/empty/"));

  g_assert_cmpuint (file->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (file->headers, NULL), ==,
                   "application/octet-stream");
  g_assert_cmpstr (soup_message_headers_get_one (file->headers, "Content-Disposition"),
                   ==, "attachment; filename=bin.dat");
  g_assert_cmpmem (g_bytes_get_data (file->body, NULL), g_bytes_get_size (file->body),
                   binary_content, sizeof binary_content - 1);
  g_assert_cmpint (soup_message_headers_get_content_length (file->headers), ==,
                   sizeof binary_content - 1);
  g_assert_cmpuint (file_head->status, ==, 200);
  g_assert_cmpuint (g_bytes_get_size (file_head->body), ==, 0);
  g_assert_cmpint (soup_message_headers_get_content_length (file_head->headers), ==,
                   sizeof binary_content - 1);

  g_assert_cmpuint (link->status, ==, 200);
  g_assert_cmpstr (link->text, ==, "one\n");

  not_found = g_strdup_printf ("The file 'dir' could not be found in environment '%s'",
                               uuid);
  test_assert_text_answer (dir, 404, not_found);
  g_free (not_found);
  not_found = g_strdup_printf ("The file 'nothing.txt' could not be found in "
                               "environment '%s'", uuid);
  test_assert_text_answer (missing, 404, not_found);
}

static void
test_large_download (void)
{
  g_autofree char *uuid =
    save_environment ("{\"commands\": [\"head -c 3000000 /dev/urandom > big\","
                      " \"sha256sum big | cut -c1-64\"], \"save\": true}", NULL);
  g_autofree char *path = g_strdup_printf ("files/%s/big/", uuid);
  g_autoptr(TestResponse) file = test_request (server, "GET", path);

  g_assert_cmpuint (file->status, ==, 200);
  g_assert_cmpuint (g_bytes_get_size (file->body), ==, 3000000);
  g_assert_cmpint (soup_message_headers_get_content_length (file->headers), ==, 3000000);
}

static void
test_saved_and_merged (void)
{
  g_autoptr(GBytes) first_upload = make_upload ("saved version\n");
  g_autofree char *uuid =
    save_environment ("{\"commands\": [\"echo kept > keep.txt\"], \"save\": true}",
                      first_upload);
  g_autoptr(GBytes) second_upload = NULL;
  g_autofree char *config = NULL;
  g_autoptr(TestResponse) response = NULL;
  g_autoptr(TestResponse) saved_only = NULL;
  TestArchive *archive = test_archive_new ();

  test_archive_add_file (archive, "a.txt", "uploaded version\n", -1, 0644);
  test_archive_add_file (archive, "new.txt", "new\n", -1, 0644);
  second_upload = test_archive_finish (archive, TRUE);

  config = g_strdup_printf ("{\"commands\": [\"cat a.txt keep.txt new.txt dir/b.txt\"],"
                            " \"environment\": \"%s\"}", uuid);
  response = test_execute (server, config, second_upload);
  g_assert_cmpint (status_of (response), ==, 0);
  g_assert_cmpstr (test_entry_string (response, 0, "stdout"), ==,
                   "uploaded version\nkept\nnew\nbee");

  /* The saved environment itself is unchanged. */
  g_free (config);
  config = g_strdup_printf ("{\"commands\": [\"cat a.txt; ls new.txt\"],"
                            " \"environment\": \"%s\", \"save\": false}", uuid);
  saved_only = test_execute (server, config, NULL);
  g_assert_cmpint (status_of (saved_only), ==, 2);
  g_assert_cmpstr (test_entry_string (saved_only, 0, "stdout"), ==, "saved version");
}

static void
test_expiry (void)
{
  TestServer *short_lived = launched_server_start ("--expiry=1", "--sweep-interval=0.3",
                                                   NULL);
  g_autoptr(TestResponse) saved =
    test_execute (short_lived, "{\"commands\": [\"echo x > x\"], \"save\": true}", NULL);
  const char *uuid = json_object_get_string_member (test_response_object (saved),
                                                    "environment");
  g_autofree char *path = g_strdup_printf ("environments/%s/", uuid);
  g_autofree char *file = g_strdup_printf ("%s.tgz", uuid);
  g_autofree char *stored = g_build_filename (short_lived->storage, file, NULL);
  g_autofree char *config = g_strdup_printf ("{\"commands\": [\"ls\"], \"environment\":"
                                    " \"%s\"}", uuid);
  g_autofree char *message = g_strdup_printf ("No environment with UUID '%s' found",
                                              uuid);
  TestResponse *response;

  response = test_request (short_lived, "GET", path);
  g_assert_cmpuint (response->status, ==, 200);
  test_response_free (response);
  g_assert_true (g_file_test (stored, G_FILE_TEST_EXISTS));

  g_usleep (1700 * 1000);
  response = test_request (short_lived, "GET", path);
  test_assert_text_answer (response, 404, message);
  test_response_free (response);
  response = test_execute (short_lived, config, NULL);
  test_assert_text_answer (response, 404, message);
  test_response_free (response);
  /* The sweep removed it from the disk. */
  g_assert_false (g_file_test (stored, G_FILE_TEST_EXISTS));

  test_server_stop (short_lived);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/execute/basic", test_basic);
  g_test_add_func ("/server/execute/strip", test_strip);
  g_test_add_func ("/server/execute/unicode-and-nul", test_unicode_and_nul);
  g_test_add_func ("/server/execute/failure-stops", test_failure_stops);
  g_test_add_func ("/server/execute/ignored-failure", test_ignored_failure);
  g_test_add_func ("/server/execute/environ", test_environ);
  g_test_add_func ("/server/execute/clean-environment", test_clean_environment);
  g_test_add_func ("/server/execute/state-between-commands", test_state_between_commands);
  g_test_add_func ("/server/execute/command-timeout", test_command_timeout);
  g_test_add_func ("/server/execute/integer-and-negative-timeouts",
                   test_integer_and_negative_timeouts);
  g_test_add_func ("/server/execute/budget", test_budget);
  g_test_add_func ("/server/execute/not-utf8", test_not_utf8);
  g_test_add_func ("/server/execute/result-path", test_result_path);
  g_test_add_func ("/server/execute/result-missing", test_result_missing);
  g_test_add_func ("/server/execute/result-escaping", test_result_escaping);
  g_test_add_func ("/server/execute/output-cap", test_output_cap);
  g_test_add_func ("/server/execute/upload", test_upload);
  g_test_add_func ("/server/execute/wild-archive", test_wild_archive);
  g_test_add_func ("/server/execute/save-and-download", test_save_and_download);
  g_test_add_func ("/server/execute/large-download", test_large_download);
  g_test_add_func ("/server/execute/saved-and-merged", test_saved_and_merged);
  g_test_add_func ("/server/execute/expiry", test_expiry);

  return launched_server_run_tests (&server, "--timeout=1.5", "--expiry=3600", NULL);
}
