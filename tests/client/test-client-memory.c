/* test-client-memory.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "test-server.h"
#include "test-util.h"

/* Large transfers go through the client without being held in memory:
 * the peak resident size of the process (fake server included) grows by
 * far less than what is transferred. */

#define MIB            (1024 * 1024)
#define MAX_GROWTH     (32 * MIB)
#define READ_SIZE      (64 * 1024)
#define GENERATED_SIZE (256 * 1024)   /* the period of the fake server's bytes */

/* Under valgrind, whose own bookkeeping distorts the resident size, only
 * the transfer is checked, and a smaller one keeps the run short. */
static goffset
transfer_size (void)
{
  return test_running_on_valgrind () ? 16 * MIB : 100 * MIB;
}

static void
assert_growth (goffset     baseline,
               const char *what)
{
  goffset growth = test_read_peak_rss () - baseline;

  g_test_message ("%s: peak resident size grew by %" G_GOFFSET_FORMAT " KiB",
                  what, growth / 1024);
  if (test_memory_is_checked ())
    g_assert_cmpint (growth, <, MAX_GROWTH);
}

typedef struct
{
  char  *dir;
  GFile *file;
  char  *sha256;
} BigFile;

/* Not compressible, and different at every offset, so that a byte out of
 * place changes the hash. */
static void
big_file_init (BigFile *big,
               goffset  size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint32 *block = g_malloc (MIB);
  guint32 state = 0x9e3779b9;

  big->dir = g_dir_make_tmp ("test-client-memory-XXXXXX", &error);
  g_assert_no_error (error);
  big->file = g_file_new_build_filename (big->dir, "environment.tgz", NULL);
  out = g_file_create (big->file, G_FILE_CREATE_PRIVATE, NULL, &error);
  g_assert_no_error (error);

  for (goffset written = 0; written < size; written += MIB)
    {
      for (gsize i = 0; i < MIB / sizeof (guint32); i++)
        {
          state ^= state << 13;
          state ^= state >> 17;
          state ^= state << 5;
          block[i] = state;
        }
      g_checksum_update (checksum, (const guchar *) block, MIB);
      g_output_stream_write_all (G_OUTPUT_STREAM (out), block, MIB, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error);
  g_assert_no_error (error);

  big->sha256 = g_strdup (g_checksum_get_string (checksum));
}

static void
big_file_clear (BigFile *big)
{
  g_file_delete (big->file, NULL, NULL);
  g_rmdir (big->dir);
  g_clear_object (&big->file);
  g_clear_pointer (&big->dir, g_free);
  g_clear_pointer (&big->sha256, g_free);
}

/* execute_file streams the archive from the disk as the request is sent. */
static void
test_upload (ClientFixture *f,
             gconstpointer  data)
{
  goffset size = transfer_size ();
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(TestRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  BigFile big = { NULL, };
  goffset baseline;

  big_file_init (&big, size);
  test_server_set_count_only (f->server, TRUE);
  sandbox_client_set_timeout (f->client, 300);

  baseline = test_reset_peak_rss ();
  execution = run_execute_file (f->client, f->config, big.file, f->mode, NULL, &error);
  assert_growth (baseline, "upload");

  g_assert_no_error (error);
  g_assert_nonnull (execution);
  g_assert_cmpint (sandbox_execution_get_status (execution), ==, SANDBOX_STATUS_SUCCESS);

  request = test_server_dup_last_request (f->server);
  g_assert_null (request->body);
  g_assert_cmpint (request->file_length, ==, size);
  g_assert_cmpstr (request->file_sha256, ==, big.sha256);
  g_assert_cmpint (soup_message_headers_get_encoding (request->headers), ==,
                   SOUP_ENCODING_CONTENT_LENGTH);
  g_assert_cmpint (soup_message_headers_get_content_length (request->headers), ==,
                   request->body_length);
  g_assert_cmpint (request->body_length, >, size);

  big_file_clear (&big);
}

/* download_stream reads the body as the stream is read. */
static void
test_download_stream (ClientFixture *f,
                      gconstpointer  data)
{
  goffset size = transfer_size ();
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *buffer = g_malloc (READ_SIZE);
  TestAnswer answer = { .status = 200, .mode = TEST_ANSWER_GENERATED,
                        .generated_size = size };
  goffset announced = 0;
  goffset received = 0;
  goffset baseline;

  test_server_set_answer (f->server, "GET", "/environments/" TEST_UUID "/", &answer);

  g_main_context_push_thread_default (context);
  baseline = test_reset_peak_rss ();

  stream = run_download_stream (f->client, TEST_UUID, NULL, &announced, f->mode, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stream);
  g_assert_cmpint (announced, ==, size);

  for (;;)
    {
      gssize n = g_input_stream_read (stream, buffer, READ_SIZE, NULL, &error);

      g_assert_no_error (error);
      if (n == 0)
        break;

      /* The fake server's bytes: (offset in its block * 7 + 3) mod 256. */
      for (gssize i = 0; i < n; i++)
        {
          goffset in_block = (received + i) % GENERATED_SIZE;

          if (buffer[i] != (guint8) (in_block * 7 + 3))
            g_error ("byte %" G_GOFFSET_FORMAT " is %u", received + i, buffer[i]);
        }
      received += n;
    }
  g_input_stream_close (stream, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&stream);
  while (g_main_context_iteration (context, FALSE))
    ;

  assert_growth (baseline, "download");
  g_main_context_pop_thread_default (context);

  g_assert_cmpint (received, ==, size);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  test_add_client_both_modes ("/client-memory/upload", test_upload);
  test_add_client_both_modes ("/client-memory/download-stream", test_download_stream);

  return g_test_run ();
}
