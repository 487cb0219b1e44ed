/* test-client-environment.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sandbox-upload-source-private.h"
#include "test-server.h"
#include "test-util.h"

/* execute_builder against the in-process server: the archive the
 * builder makes arrives whole, the progress reports follow the rules of
 * SandboxProgressCallback, and cancelling or a file changing mid-upload
 * stops it. */

#define MIB (1024 * 1024)

/* Long enough to be sending after the first 50 ms, when the first report
 * past 0 comes; the tests stop it well before its end. */
#define LONG_UPLOAD (512 * (goffset) MIB)

typedef struct
{
  TestProgress  recorder;
  gboolean      returned;
  guint         n_late;
  GCancellable *cancel_on_data; /* cancelled at the first report past 0 */
  char         *truncate_on_data;
} Progress;

static void
progress_init (Progress *progress)
{
  memset (progress, 0, sizeof *progress);
  test_progress_init (&progress->recorder);
}

static void
progress_clear (Progress *progress)
{
  test_progress_clear (&progress->recorder);
  g_free (progress->truncate_on_data);
}

static void
progress_cb (goffset  current,
             goffset  total,
             gpointer user_data)
{
  Progress *progress = user_data;

  test_progress_cb (current, total, &progress->recorder);
  if (progress->returned)
    progress->n_late++;

  if (current > 0 && progress->cancel_on_data != NULL)
    g_cancellable_cancel (progress->cancel_on_data);
  if (current > 0 && progress->truncate_on_data != NULL)
    {
      g_assert_cmpint (truncate (progress->truncate_on_data, 1000), ==, 0);
      g_clear_pointer (&progress->truncate_on_data, g_free);
    }
}

static void
progress_notify (gpointer user_data)
{
  test_progress_notify (&((Progress *) user_data)->recorder);
}

static SandboxExecution *
run_builder_with_progress (SandboxClient              *client,
                         SandboxConfig              *config,
                         SandboxEnvironmentBuilder  *builder,
                         TestMode                    mode,
                         Progress                   *progress,
                         GCancellable               *cancellable,
                         GError                    **error)
{
  TestAsyncWait wait;
  SandboxExecution *execution;

  if (mode == TEST_MODE_SYNC)
    {
      execution = sandbox_client_execute_builder (client, config, builder, cancellable,
                                                  progress_cb, progress, error);
      progress->returned = TRUE;
      return execution;
    }

  test_async_wait_init (&wait);
  progress->recorder.context = wait.context;
  sandbox_client_execute_builder_async (client, config, builder, cancellable,
                                        progress_cb, progress, progress_notify,
                                        test_async_wait_cb, &wait);
  execution = sandbox_client_execute_builder_finish (client, test_async_wait_run (&wait),
                                                     error);
  progress->returned = TRUE;
  test_async_wait_clear (&wait);
  g_assert_cmpuint (progress->recorder.n_notified, ==, 1);

  return execution;
}

/* The first report says 0 of the total, the last all of it, and the count
 * never goes back, all in the caller's thread (and context). */
static void
assert_reports (Progress *progress,
                goffset   total,
                gboolean  complete)
{
  goffset *current = (goffset *) (void *) progress->recorder.current->data;
  goffset *totals = (goffset *) (void *) progress->recorder.total->data;
  guint n = progress->recorder.current->len;

  g_test_message ("%u progress reports", n);
  g_assert_cmpuint (n, >=, (complete ? 2u : 1u));
  g_assert_cmpint (current[0], ==, 0);
  g_assert_cmpint (totals[0], ==, total);
  for (guint i = 1; i < n; i++)
    {
      g_assert_cmpint (current[i], >=, current[i - 1]);
      g_assert_cmpint (current[i], <=, total);
      g_assert_cmpint (totals[i], ==, total);
    }
  if (complete)
    g_assert_cmpint (current[n - 1], ==, total);
  else
    g_assert_cmpint (current[n - 1], <, total);

  g_assert_cmpuint (progress->recorder.n_misplaced, ==, 0);
  g_assert_cmpuint (progress->n_late, ==, 0);
}

/* The SHA-256 of the builder's archive, and its length. */
static char *
archive_sha256 (SandboxEnvironmentBuilder *builder,
                goffset                   *out_size)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *buffer = g_malloc (64 * 1024);

  stream = sandbox_environment_builder_open (builder, out_size, NULL, &error);
  g_assert_no_error (error);
  for (;;)
    {
      gssize n = g_input_stream_read (stream, buffer, 64 * 1024, NULL, &error);

      g_assert_no_error (error);
      if (n == 0)
        break;
      g_checksum_update (checksum, buffer, n);
    }

  return g_strdup (g_checksum_get_string (checksum));
}

/* A directory with a file of @size bytes that do not compress, followed
 * by @sparse_size bytes of a hole. */
static char *
make_tree (gsize   size,
           goffset sparse_size)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-client-environment-XXXXXX", &error);
  g_autofree char *sub = g_build_filename (dir, "src", NULL);
  g_autofree char *main_c = g_build_filename (sub, "main.c", NULL);
  g_autofree char *data = g_build_filename (dir, "data.bin", NULL);
  g_autofree guint32 *bytes = g_malloc (size + 4);
  guint32 state = 0x12345678;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  g_file_set_contents (main_c, "int main (void) { return 0; }\n", -1, &error);
  g_assert_no_error (error);

  for (gsize i = 0; i < size / 4 + 1; i++)
    {
      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      bytes[i] = state;
    }
  g_file_set_contents (data, (const char *) bytes, (gssize) size, &error);
  g_assert_no_error (error);
  g_assert_cmpint (truncate (data, (off_t) (size + (gsize) sparse_size)), ==, 0);

  return dir;
}

static SandboxEnvironmentBuilder *
new_builder (const char *dir)
{
  g_autoptr(SandboxEnvironmentBuilder) builder = sandbox_environment_builder_new ();
  g_autoptr(GFile) file = g_file_new_for_path (dir);
  g_autoptr(GBytes) input = g_bytes_new_static ("1 2 3\n", 6);

  g_assert_true (sandbox_environment_builder_add_file (builder, ".", file, NULL));
  g_assert_true (sandbox_environment_builder_add_bytes (builder, "input.txt", input, 0644,
                                                        NULL));
  return g_steal_pointer (&builder);
}

/* The archive arrives as the builder makes it, with its Content-Length,
 * below and above the size sent from a thread of its own. */
static void
check_upload (TestMode mode,
              gsize    data_size)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(SandboxClient) client = test_client_new (test_server_get_url (server));
  g_autoptr(SandboxConfig) config = test_config_new_echo ();
  g_autofree char *dir = make_tree (data_size, 0);
  g_autoptr(SandboxEnvironmentBuilder) builder = new_builder (dir);
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(TestRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  goffset archive_size = 0;
  Progress progress;

  progress_init (&progress);
  sha256 = archive_sha256 (builder, &archive_size);
  test_server_set_count_only (server, TRUE);

  execution = run_builder_with_progress (client, config, builder, mode, &progress, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sandbox_execution_get_status (execution), ==, SANDBOX_STATUS_SUCCESS);

  request = test_server_dup_last_request (server);
  g_assert_cmpint (request->file_length, ==, archive_size);
  g_assert_cmpstr (request->file_sha256, ==, sha256);
  g_assert_cmpint (soup_message_headers_get_encoding (request->headers), ==,
                   SOUP_ENCODING_CONTENT_LENGTH);
  g_assert_cmpint (soup_message_headers_get_content_length (request->headers), ==,
                   request->body_length);
  assert_reports (&progress, request->body_length, TRUE);

  progress_clear (&progress);
  test_remove_tree (dir);
}

static void
test_upload_small (gconstpointer data)
{
  check_upload (TEST_MODE (data), 100 * 1024);
}

/* Sent from a thread when asynchronous: its reports must still come in
 * the caller's context. */
static void
test_upload_large (gconstpointer data)
{
  check_upload (TEST_MODE (data), test_running_on_valgrind () ? 6 * MIB : 48 * MIB);
}

/* No environment: no file part. */
static void
test_no_environment (ClientFixture *f,
                     gconstpointer  data)
{
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(TestRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress;

  progress_init (&progress);
  execution = run_builder_with_progress (f->client, f->config, NULL, TEST_MODE (data), &progress,
                                       NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (execution);

  request = test_server_dup_last_request (f->server);
  g_assert_cmpint (request->file_length, ==, -1);
  assert_reports (&progress, request->body_length, TRUE);
  progress_clear (&progress);
}

/* Cancelled once the body has started to go. */
static void
test_cancel (ClientFixture *f,
             gconstpointer  data)
{
  g_autofree char *dir = make_tree (MIB, LONG_UPLOAD);
  g_autoptr(SandboxEnvironmentBuilder) builder = new_builder (dir);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress;

  progress_init (&progress);
  progress.cancel_on_data = cancellable;
  test_server_set_count_only (f->server, TRUE);

  execution = run_builder_with_progress (f->client, f->config, builder, TEST_MODE (data), &progress,
                                       cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (execution);
  g_assert_true (g_cancellable_is_cancelled (cancellable));
  g_assert_cmpuint (progress.recorder.n_misplaced, ==, 0);
  g_assert_cmpuint (progress.n_late, ==, 0);

  progress_clear (&progress);
  test_remove_tree (dir);
}

/* A file cut short while it is sent fails the call with FILE_CHANGED. */
static void
test_file_changed (ClientFixture *f,
                   gconstpointer  data)
{
  g_autofree char *dir = make_tree (MIB, LONG_UPLOAD);
  g_autoptr(SandboxEnvironmentBuilder) builder = new_builder (dir);
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress;

  progress_init (&progress);
  progress.truncate_on_data = g_build_filename (dir, "data.bin", NULL);
  test_server_set_count_only (f->server, TRUE);

  execution = run_builder_with_progress (f->client, f->config, builder, TEST_MODE (data), &progress,
                                       NULL, &error);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_FILE_CHANGED);
  g_assert_nonnull (strstr (error->message, "data.bin"));
  g_assert_null (execution);

  progress_clear (&progress);
  test_remove_tree (dir);
}

/* The whole of one opening of @source, closed at the end as libsoup does. */
static GBytes *
read_source (SandboxUploadSource *source,
             gboolean             async)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  goffset size = -1;

  if (async)
    {
      TestAsyncWait wait;

      test_async_wait_init (&wait);
      sandbox_upload_source_open_async (source, NULL, test_async_wait_cb, &wait);
      stream = sandbox_upload_source_open_finish (source, test_async_wait_run (&wait), &size,
                                                  &error);
      test_async_wait_clear (&wait);
    }
  else
    {
      stream = sandbox_upload_source_open (source, &size, NULL, &error);
    }
  g_assert_no_error (error);

  g_output_stream_splice (out, stream,
                          G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                          NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)), ==,
                   size);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static void
assert_replays (SandboxUploadSource *source,
                GBytes              *expected)
{
  g_autoptr(GBytes) first = read_source (source, FALSE);
  g_autoptr(GBytes) second = read_source (source, TRUE);
  g_autoptr(GBytes) third = read_source (source, FALSE);

  g_assert_true (sandbox_upload_source_is_replayable (source));
  g_assert_true (g_bytes_equal (first, expected));
  g_assert_true (g_bytes_equal (second, expected));
  g_assert_true (g_bytes_equal (third, expected));
}

/* A file, a seekable stream (from where it was) and a builder open again
 * with the same bytes after a first opening was read and closed; any
 * other stream cannot. */
static void
test_source_replay (void)
{
  g_autoptr(GBytes) content = g_bytes_new_static ("0123456789 the archive", 22);
  g_autoptr(GBytes) rest = g_bytes_new_from_bytes (content, 10, 12);
  g_autoptr(GInputStream) memory = g_memory_input_stream_new_from_bytes (content);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tree (1000, 0);
  g_autofree char *path = g_build_filename (dir, "archive.tgz", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SandboxEnvironmentBuilder) builder = new_builder (dir);
  g_autoptr(GBytes) built = NULL;
  SandboxUploadSource *source;
  guint8 skipped[10];

  /* A seekable stream, partway. */
  g_input_stream_read_all (memory, skipped, 10, NULL, NULL, &error);
  g_assert_no_error (error);
  source = sandbox_upload_source_new_stream (memory);
  assert_replays (source, rest);
  g_assert_false (g_input_stream_is_closed (memory));
  sandbox_upload_source_unref (source);
  g_assert_true (g_input_stream_is_closed (memory));

  /* A file. */
  g_file_set_contents (path, g_bytes_get_data (content, NULL), 22, &error);
  g_assert_no_error (error);
  source = sandbox_upload_source_new_file (file);
  g_assert_cmpstr (sandbox_upload_source_get_filename (source), ==, "archive.tgz");
  assert_replays (source, content);
  sandbox_upload_source_unref (source);
  g_assert_cmpint (g_unlink (path), ==, 0);

  /* A builder. */
  source = sandbox_upload_source_new_environment (builder);
  built = read_source (source, FALSE);
  assert_replays (source, built);
  sandbox_upload_source_unref (source);

  /* A stream that cannot seek: copied once, not replayable. */
  {
    g_autoptr(GConverter) converter = G_CONVERTER (g_charset_converter_new ("UTF-8", "UTF-8",
                                                                            NULL));
    g_autoptr(GInputStream) base = g_memory_input_stream_new_from_bytes (content);
    g_autoptr(GInputStream) pipe = g_converter_input_stream_new (base, converter);
    g_autoptr(GBytes) once = NULL;
    g_autoptr(GInputStream) again = NULL;
    goffset size = -1;

    source = sandbox_upload_source_new_stream (pipe);
    g_assert_false (sandbox_upload_source_is_replayable (source));
    once = read_source (source, FALSE);
    g_assert_true (g_bytes_equal (once, content));
    g_assert_false (sandbox_upload_source_is_replayable (source));
    again = sandbox_upload_source_open (source, &size, NULL, &error);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
    g_assert_null (again);
    sandbox_upload_source_unref (source);
  }

  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  test_add_both_modes ("/client-environment/upload-small", test_upload_small);
  test_add_both_modes ("/client-environment/upload-large", test_upload_large);
  test_add_client_both_modes ("/client-environment/no-environment", test_no_environment);
  test_add_client_both_modes ("/client-environment/cancel", test_cancel);
  test_add_client_both_modes ("/client-environment/file-changed", test_file_changed);
  g_test_add_func ("/upload-source/replay", test_source_replay);

  return g_test_run ();
}
