/* test-client-transfer.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "test-archive.h"
#include "test-server.h"
#include "test-util.h"

/* First 0, last the total, never backwards, the same total throughout. */
static void
assert_progress_complete (TestProgress *progress,
                          goffset       expected_total)
{
  guint n = progress->current->len;

  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpint (g_array_index (progress->current, goffset, 0), ==, 0);
  g_assert_cmpint (g_array_index (progress->current, goffset, n - 1), ==, expected_total);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpint (g_array_index (progress->total, goffset, i), ==, expected_total);
      if (i > 0)
        g_assert_cmpint (g_array_index (progress->current, goffset, i), >=,
                         g_array_index (progress->current, goffset, i - 1));
    }
}

typedef struct
{
  TestServer    *server;
  SandboxClient *client;
  char          *dir;
  TestProgress   progress;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->server = test_server_new ();
  fixture->client = test_client_new (test_server_get_url (fixture->server));
  fixture->dir = g_dir_make_tmp ("test-client-transfer-XXXXXX", &error);
  g_assert_no_error (error);
  test_progress_init (&fixture->progress);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* An asynchronous call always frees its progress data. */
  if (TEST_MODE (data) == TEST_MODE_ASYNC)
    g_assert_cmpuint (fixture->progress.n_notified, ==, 1);
  /* Every report came on the test's thread and, for an asynchronous call,
   * in the context it was made in. */
  g_assert_cmpuint (fixture->progress.n_misplaced, ==, 0);
  test_progress_clear (&fixture->progress);
  test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_clear_object (&fixture->client);
  test_server_free (fixture->server);
}

/* @name in the fixture's directory. */
static GFile *
file_in (Fixture    *fixture,
         const char *name)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

  return g_file_new_for_path (path);
}

static void
assert_file_contents (const char *path,
                      const char *expected,
                      gsize       expected_size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize size = 0;

  g_file_get_contents (path, &contents, &size, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, size, expected, expected_size);
}

/* Downloads dir/file1.txt to @destination, which then holds it. */
static void
assert_downloads_file (Fixture       *fixture,
                       GFile         *destination,
                       gconstpointer  data)
{
  g_autofree char *path = g_file_get_path (destination);
  g_autoptr(GError) error = NULL;

  g_assert_true (run_download_to_file (fixture->client, TEST_UUID, "dir/file1.txt",
                                       destination, TEST_MODE (data), &fixture->progress,
                                       NULL, &error));
  g_assert_no_error (error);
  assert_file_contents (path, TEST_FILE_CONTENT, strlen (TEST_FILE_CONTENT));
}

static void
test_file (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GFile) destination = file_in (fixture, "file1.txt");

  assert_downloads_file (fixture, destination, data);
  assert_progress_complete (&fixture->progress, strlen (TEST_FILE_CONTENT));
  /* No temporary file left beside it. */
  g_assert_cmpuint (test_count_entries (fixture->dir), ==, 1);
}

/* Downloads to @name in the fixture's directory, which then has @mode. */
static void
assert_downloads_with_mode (Fixture       *fixture,
                            const char    *name,
                            gconstpointer  data,
                            guint          mode)
{
  g_autoptr(GFile) destination = file_in (fixture, name);
  GStatBuf st;

  assert_downloads_file (fixture, destination, data);
  g_assert_cmpint (g_stat (g_file_peek_path (destination), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, mode);
}

/* A file replaced keeps its permissions: a private one stays private. A
 * new one gets those of any new file. */
static void
test_file_mode (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "private.txt", NULL);
  g_autoptr(GError) error = NULL;
  mode_t mask = umask (022);

  umask (mask);
  g_assert_true (g_file_set_contents_full (path, "old", -1, G_FILE_SET_CONTENTS_NONE, 0600,
                                           &error));
  g_assert_no_error (error);
  assert_downloads_with_mode (fixture, "private.txt", data, 0600);
  assert_downloads_with_mode (fixture, "new.txt", data, 0666 & ~mask);
  g_assert_cmpuint (test_count_entries (fixture->dir), ==, 2);
}

/* A download announced larger than max-download-size is refused before
 * anything is written. */
static void
test_max_download_size (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GFile) destination = file_in (fixture, "file1.txt");
  g_autoptr(GFile) directory = file_in (fixture, "out");
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (sandbox_client_get_max_download_size (fixture->client), ==,
                    G_GUINT64_CONSTANT (4) * 1024 * 1024 * 1024);
  sandbox_client_set_max_download_size (fixture->client, strlen (TEST_FILE_CONTENT) - 1);
  g_assert_false (run_download_to_file (fixture->client, TEST_UUID, "dir/file1.txt",
                                        destination, TEST_MODE (data), &fixture->progress,
                                        NULL, &error));
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_RESPONSE_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "max-download-size"));
  g_clear_error (&error);
  g_assert_false (run_download_to_directory (fixture->client, TEST_UUID, directory,
                                             TEST_MODE (data), &fixture->progress,
                                             NULL, &error));
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_RESPONSE_TOO_LARGE);
  g_assert_cmpuint (test_count_entries (fixture->dir), ==, 0);

  /* Exactly the size is allowed. */
  g_clear_error (&error);
  sandbox_client_set_max_download_size (fixture->client, strlen (TEST_FILE_CONTENT));
  assert_downloads_file (fixture, destination, data);
}

static void
test_file_whole_environment (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GFile) destination = file_in (fixture, "env.tgz");
  const char *path = g_file_peek_path (destination);
  g_autoptr(GBytes) expected = test_environment_archive ();
  g_autoptr(GError) error = NULL;

  /* Replaces what was there. */
  g_assert_true (g_file_set_contents (path, "old contents, longer than nothing", -1, NULL));
  g_assert_true (run_download_to_file (fixture->client, TEST_UUID, NULL, destination,
                                       TEST_MODE (data), &fixture->progress, NULL, &error));
  g_assert_no_error (error);
  assert_file_contents (path, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
  assert_progress_complete (&fixture->progress, g_bytes_get_size (expected));
}

static void
test_file_not_found (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GFile) destination = file_in (fixture, "missing");
  g_autoptr(GError) error = NULL;

  g_assert_false (run_download_to_file (fixture->client, TEST_MISSING_UUID, "dir/file1.txt",
                                        destination, TEST_MODE (data), &fixture->progress,
                                        NULL, &error));
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND);
  g_assert_cmpuint (test_count_entries (fixture->dir), ==, 0);
  g_assert_cmpuint (fixture->progress.current->len, ==, 0);
}

/* Cancelled half-way through the body: no file, or the old one intact. */
static void
test_file_cancelled (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GFile) destination = file_in (fixture, "file1.txt");
  const char *path = g_file_peek_path (destination);
  g_autoptr(GFile) existing = file_in (fixture, "before.txt");
  const char *before = g_file_peek_path (existing);
  g_autofree char *chunk = g_strnfill (64 * 1024, 'x');
  g_autoptr(GBytes) body = g_bytes_new (chunk, 64 * 1024);
  TestAnswer answer = { .status = 200, .content_type = "application/octet-stream",
                        .body = body, .mode = TEST_ANSWER_STALL_SIZED,
                        .generated_size = 1024 * 1024 };
  g_autoptr(GError) error = NULL;

  test_server_set_answer (fixture->server, "GET", "/files/" TEST_UUID "/dir/file1.txt/",
                          &answer);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      GFile *target = i == 0 ? destination : existing;

      if (i == 1)
        g_assert_true (g_file_set_contents (before, "before", -1, NULL));
      test_cancel_after (cancellable, 300);
      g_assert_false (run_download_to_file (fixture->client, TEST_UUID, "dir/file1.txt",
                                            target, TEST_MODE (data), &fixture->progress,
                                            cancellable, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
      /* Some bytes came before the cancellation, but no file. */
      g_assert_cmpuint (fixture->progress.current->len, >=, 1);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      g_assert_cmpuint (test_count_entries (fixture->dir), ==, i);
      if (TEST_MODE (data) == TEST_MODE_ASYNC && i == 0)
        fixture->progress.n_notified = 0;
    }
  assert_file_contents (before, "before", 6);
}

static void
test_directory (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GFile) directory = file_in (fixture, "env");
  const char *path = g_file_peek_path (directory);
  g_autofree char *file1 = g_build_filename (path, "dir", "file1.txt", NULL);
  g_autofree char *hello = g_build_filename (path, "hello.txt", NULL);
  g_autoptr(GBytes) archive = test_environment_archive ();
  g_autoptr(GError) error = NULL;

  g_assert_true (run_download_to_directory (fixture->client, TEST_UUID, directory,
                                            TEST_MODE (data), &fixture->progress,
                                            NULL, &error));
  g_assert_no_error (error);
  assert_file_contents (file1, TEST_FILE_CONTENT, strlen (TEST_FILE_CONTENT));
  assert_file_contents (hello, "hello\n", 6);
  g_assert_cmpuint (test_count_entries (path), ==, 2);
  assert_progress_complete (&fixture->progress, g_bytes_get_size (archive));
}

static void
test_directory_not_found (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GFile) directory = file_in (fixture, "env");
  const char *path = g_file_peek_path (directory);
  g_autoptr(GError) error = NULL;

  g_assert_false (run_download_to_directory (fixture->client, TEST_MISSING_UUID, directory,
                                             TEST_MODE (data), &fixture->progress,
                                             NULL, &error));
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_directory_unsafe (Fixture       *fixture,
                       gconstpointer  data)
{
  static const TestTarMember members[] = {
    { .name = "./fine.txt", .content = "fine" },
    { .name = "../escaped.txt", .content = "evil" },
  };
  g_autoptr(GBytes) body = test_tgz_new (members, G_N_ELEMENTS (members));
  TestAnswer answer = { .status = 200, .content_type = "application/gzip", .body = body };
  g_autoptr(GFile) directory = file_in (fixture, "env");
  g_autofree char *fine = g_build_filename (g_file_peek_path (directory), "fine.txt", NULL);
  g_autoptr(GError) error = NULL;

  test_server_set_answer (fixture->server, "GET", "/environments/" TEST_UUID "/", &answer);
  g_assert_false (run_download_to_directory (fixture->client, TEST_UUID, directory,
                                             TEST_MODE (data), &fixture->progress,
                                             NULL, &error));
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_UNSAFE_ARCHIVE);
  g_assert_nonnull (strstr (error->message, "../escaped.txt"));
  /* What came before stays; nothing lands beside the directory. */
  assert_file_contents (fine, "fine", 4);
  g_assert_cmpuint (test_count_entries (fixture->dir), ==, 1);
}

static void
test_directory_cancelled (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *noise = g_malloc (512 * 1024);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GBytes) body = NULL;
  TestAnswer answer = { .status = 200, .content_type = "application/gzip",
                        .mode = TEST_ANSWER_STALL_BODY };
  g_autoptr(GFile) directory = file_in (fixture, "env");
  g_autoptr(GError) error = NULL;
  TestTarMember member = { .name = "noise" };

  /* Incompressible, so that half of the body is half of the file. */
  for (guint i = 0; i < 512 * 1024; i++)
    noise[i] = 'a' + g_rand_int_range (rand, 0, 26);
  noise[512 * 1024 - 1] = '\0';
  member.content = noise;
  body = test_tgz_new (&member, 1);
  answer.body = body;

  test_server_set_answer (fixture->server, "GET", "/environments/" TEST_UUID "/", &answer);
  test_cancel_after (cancellable, 300);
  g_assert_false (run_download_to_directory (fixture->client, TEST_UUID, directory,
                                             TEST_MODE (data), &fixture->progress,
                                             cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (test_count_entries (fixture->dir), ==, 1);
}

/* The 1.0 transfers with progress (1.1): download into memory, and
 * execute with a stream's or a file's archive. An asynchronous call
 * finishes with the 1.0 _finish. */
static GBytes *
run_download_with_progress (Fixture     *fixture,
                            const char  *path,
                            TestMode     mode,
                            GError     **error)
{
  TestProgress *progress = &fixture->progress;
  TestAsyncWait wait;
  GBytes *bytes;

  if (mode == TEST_MODE_SYNC)
    return sandbox_client_download_with_progress (fixture->client, TEST_UUID, path, NULL,
                                                  test_progress_cb, progress, error);
  test_async_wait_init (&wait);
  progress->context = wait.context;
  progress->n_notified = 0;
  sandbox_client_download_with_progress_async (fixture->client, TEST_UUID, path, NULL,
                                               test_progress_cb, progress, test_progress_notify,
                                               test_async_wait_cb, &wait);
  bytes = sandbox_client_download_finish (fixture->client, test_async_wait_run (&wait), error);
  test_async_wait_clear (&wait);
  progress->context = NULL;
  return bytes;
}

static void
test_download_with_progress (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GBytes) expected = test_environment_archive ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = run_download_with_progress (fixture, "dir/file1.txt", TEST_MODE (data), &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   TEST_FILE_CONTENT, strlen (TEST_FILE_CONTENT));
  assert_progress_complete (&fixture->progress, strlen (TEST_FILE_CONTENT));
  g_clear_pointer (&bytes, g_bytes_unref);

  /* The whole archive, and then one over max-response-size. */
  test_progress_clear (&fixture->progress);
  test_progress_init (&fixture->progress);
  bytes = run_download_with_progress (fixture, NULL, TEST_MODE (data), &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (bytes, expected));
  assert_progress_complete (&fixture->progress, g_bytes_get_size (expected));
  g_clear_pointer (&bytes, g_bytes_unref);

  sandbox_client_set_max_response_size (fixture->client, strlen (TEST_FILE_CONTENT) - 1);
  bytes = run_download_with_progress (fixture, "dir/file1.txt", TEST_MODE (data), &error);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_RESPONSE_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "max-response-size"));
  g_assert_null (bytes);
}

/* download_stream with progress: the reads of the stream report. */
static void
test_download_stream_with_progress (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GBytes) expected = test_environment_archive ();
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  TestProgress *progress = &fixture->progress;
  guint8 buffer[4096];
  GByteArray *read = g_byte_array_new ();
  TestAsyncWait wait;
  goffset size = -2;
  gsize n;

  if (TEST_MODE (data) == TEST_MODE_SYNC)
    {
      stream = sandbox_client_download_stream_with_progress (fixture->client, TEST_UUID, NULL,
                                                             &size, NULL, test_progress_cb,
                                                             progress, test_progress_notify,
                                                             &error);
    }
  else
    {
      /* Its stream is read in the caller's context, the wait's. */
      test_async_wait_init (&wait);
      progress->context = wait.context;
      sandbox_client_download_stream_with_progress_async (fixture->client, TEST_UUID, NULL,
                                                          NULL, test_progress_cb, progress,
                                                          test_progress_notify,
                                                          test_async_wait_cb, &wait);
      stream = sandbox_client_download_stream_finish (fixture->client,
                                                      test_async_wait_run (&wait), &size,
                                                      &error);
    }
  g_assert_no_error (error);
  g_assert_cmpint (size, ==, g_bytes_get_size (expected));
  g_assert_cmpuint (progress->n_notified, ==, 0);

  do
    {
      g_assert_true (g_input_stream_read_all (stream, buffer, sizeof buffer, &n, NULL, &error));
      g_assert_no_error (error);
      g_byte_array_append (read, buffer, n);
    }
  while (n > 0);
  g_clear_object (&stream);
  if (TEST_MODE (data) == TEST_MODE_ASYNC)
    {
      test_async_wait_clear (&wait);
      progress->context = NULL;
    }

  g_assert_cmpmem (read->data, read->len,
                   g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
  g_byte_array_unref (read);
  assert_progress_complete (progress, g_bytes_get_size (expected));
  g_assert_cmpuint (progress->n_notified, ==, 1);
}

static SandboxExecution *
run_execute_with_progress (Fixture        *fixture,
                           SandboxConfig  *config,
                           GInputStream   *stream,
                           GFile          *file,
                           TestMode        mode,
                           GError        **error)
{
  TestProgress *progress = &fixture->progress;
  SandboxExecution *execution;
  TestAsyncWait wait;

  if (mode == TEST_MODE_SYNC && file != NULL)
    return sandbox_client_execute_file_with_progress (fixture->client, config, file, NULL,
                                                      test_progress_cb, progress, error);
  if (mode == TEST_MODE_SYNC)
    return sandbox_client_execute_with_progress (fixture->client, config, stream, NULL,
                                                 test_progress_cb, progress, error);
  test_async_wait_init (&wait);
  progress->context = wait.context;
  if (file != NULL)
    {
      sandbox_client_execute_file_with_progress_async (fixture->client, config, file, NULL,
                                                       test_progress_cb, progress,
                                                       test_progress_notify,
                                                       test_async_wait_cb, &wait);
      execution = sandbox_client_execute_file_finish (fixture->client,
                                                      test_async_wait_run (&wait), error);
    }
  else
    {
      sandbox_client_execute_with_progress_async (fixture->client, config, stream, NULL,
                                                  test_progress_cb, progress,
                                                  test_progress_notify,
                                                  test_async_wait_cb, &wait);
      execution = sandbox_client_execute_finish (fixture->client, test_async_wait_run (&wait),
                                                 error);
    }
  test_async_wait_clear (&wait);
  progress->context = NULL;
  return execution;
}

/* The progress counts the whole request, out of its length. */
static void
assert_executes_with_progress (Fixture       *fixture,
                               GInputStream  *stream,
                               GFile         *file,
                               GBytes        *archive,
                               gconstpointer  data)
{
  g_autoptr(SandboxConfig) config = test_config_new_echo ();
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GError) error = NULL;
  TestRequest *request;

  execution = run_execute_with_progress (fixture, config, stream, file, TEST_MODE (data),
                                         &error);
  g_assert_no_error (error);
  g_assert_cmpint (sandbox_execution_get_status (execution), ==, SANDBOX_STATUS_SUCCESS);
  request = test_server_dup_last_request (fixture->server);
  g_assert_cmpint (request->file_length, ==, g_bytes_get_size (archive));
  assert_progress_complete (&fixture->progress, request->body_length);
  test_request_free (request);
}

static void
test_execute_with_progress (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GBytes) archive = test_environment_archive ();
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (archive);

  assert_executes_with_progress (fixture, stream, NULL, archive, data);
}

static void
test_execute_file_with_progress (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GBytes) archive = test_environment_archive ();
  g_autoptr(GFile) file = file_in (fixture, "archive.tar.gz");
  g_autoptr(GError) error = NULL;

  g_file_replace_contents (file, g_bytes_get_data (archive, NULL), g_bytes_get_size (archive),
                           NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_executes_with_progress (fixture, NULL, file, archive, data);
}

static void
add_both_modes (const char *name,
                void      (*func) (Fixture *, gconstpointer))
{
  for (TestMode mode = TEST_MODE_SYNC; mode <= TEST_MODE_ASYNC; mode++)
    {
      g_autofree char *path = g_strdup_printf ("/%s/transfer/%s",
                                               mode == TEST_MODE_SYNC ? "sync" : "async", name);

      g_test_add (path, Fixture, GINT_TO_POINTER (mode),
                  fixture_set_up, func, fixture_tear_down);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_both_modes ("file", test_file);
  add_both_modes ("file-mode", test_file_mode);
  add_both_modes ("max-download-size", test_max_download_size);
  add_both_modes ("file-whole-environment", test_file_whole_environment);
  add_both_modes ("file-not-found", test_file_not_found);
  add_both_modes ("file-cancelled", test_file_cancelled);
  add_both_modes ("directory", test_directory);
  add_both_modes ("directory-not-found", test_directory_not_found);
  add_both_modes ("directory-unsafe", test_directory_unsafe);
  add_both_modes ("directory-cancelled", test_directory_cancelled);
  add_both_modes ("download-with-progress", test_download_with_progress);
  add_both_modes ("download-stream-with-progress", test_download_stream_with_progress);
  add_both_modes ("execute-with-progress", test_execute_with_progress);
  add_both_modes ("execute-file-with-progress", test_execute_file_with_progress);

  return g_test_run ();
}
