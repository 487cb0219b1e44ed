/* test-server-resources.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "server-test-utils.h"

/* What sandbox-server keeps per connection and per request body: file
 * descriptors, sockets, unlinked temporary files and resident memory stay
 * flat however many downloads and uploads go through, finished or cut off. */

#define N_DOWNLOADS 24
#define BIG_FILE_MIB 16
/* How long the server may take to close what its clients closed: seconds
 * when it runs under AddressSanitizer on a loaded machine. */
#define SETTLE_SECONDS 30

static TestServer *server;
static char *saved_uuid;

/* A raw HTTP/1.1 exchange on a connection of its own, which the client closes
 * as a browser or curl would: the server must close its end too. */
static GSocketConnection *
connect_raw (void)
{
  return test_connect_raw (server);
}

static void
send_text (GSocketConnection *connection,
           const char        *text)
{
  test_send_raw (connection, text, -1);
}

/* Reads the status line and headers; answers the status and Content-Length
 * (-1 without one). */
static guint
read_head (GDataInputStream *in,
           gint64           *out_length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *status_line = NULL;
  guint status = 0;

  *out_length = -1;
  status_line = g_data_input_stream_read_line (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (status_line);
  g_assert_true (g_str_has_prefix (status_line, "HTTP/1.1 "));
  status = (guint) g_ascii_strtoull (status_line + 9, NULL, 10);

  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (in, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      g_strchomp (line);
      if (*line == '\0')
        break;
      if (g_ascii_strncasecmp (line, "Content-Length:", 15) == 0)
        *out_length = g_ascii_strtoll (line + 15, NULL, 10);
    }
  return status;
}

static void
skip_bytes (GInputStream *in,
            guint64       n)
{
  g_autoptr(GError) error = NULL;
  char buf[65536];

  while (n > 0)
    {
      gssize got = g_input_stream_read (in, buf, MIN (n, sizeof buf), NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (got, >, 0);
      n -= got;
    }
}

/* GET or HEAD @path on a fresh connection; reads at most @read_limit bytes
 * of the body, then closes the connection. Answers the Content-Length. */
static gint64
raw_request (const char *method,
             const char *path,
             guint64     read_limit)
{
  g_autoptr(GSocketConnection) connection = connect_raw ();
  g_autoptr(GDataInputStream) in = NULL;
  g_autofree char *request = NULL;
  gint64 length;

  request = g_strdup_printf ("%s /%s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n\r\n",
                             method, path, server->port);
  send_text (connection, request);

  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  g_assert_cmpuint (read_head (in, &length), ==, SOUP_STATUS_OK);
  g_assert_cmpint (length, >=, 0);
  if (strcmp (method, "HEAD") != 0)
    skip_bytes (G_INPUT_STREAM (in), MIN ((guint64) length, read_limit));

  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return length;
}

typedef struct
{
  guint  fds;
  guint  deleted;
  guint  close_wait;
} Resources;

static guint
count_close_wait (const char *table)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/net/%s", test_server_pid (server), table);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  lines = g_strsplit (contents, "\n", -1);
  for (char **l = lines; *l != NULL; l++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (*l), " ", -1);
      g_autoptr(GPtrArray) words = g_ptr_array_new ();
      const char *colon;

      for (char **f = fields; *f != NULL; f++)
        if (**f != '\0')
          g_ptr_array_add (words, *f);
      if (words->len < 4 || (colon = strrchr (words->pdata[1], ':')) == NULL)
        continue;
      /* local_address is ADDR:PORT in hexadecimal; state 08 is CLOSE_WAIT. */
      if (g_ascii_strtoull (colon + 1, NULL, 16) == server->port
          && strcmp (words->pdata[3], "08") == 0)
        n++;
    }
  return n;
}

static Resources
server_resources (void)
{
  g_autofree char *dir_path = g_strdup_printf ("/proc/%d/fd", test_server_pid (server));
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  Resources r = { 0 };
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *link = g_build_filename (dir_path, name, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);

      r.fds++;
      if (target != NULL && g_str_has_suffix (target, " (deleted)"))
        r.deleted++;
    }
  r.close_wait = count_close_wait ("tcp") + count_close_wait ("tcp6");
  return r;
}

/* Waits (a few seconds at most) for the server to be back to @baseline. */
static Resources
settle (const Resources *baseline)
{
  gint64 deadline = g_get_monotonic_time () + SETTLE_SECONDS * G_USEC_PER_SEC;
  Resources now;

  for (;;)
    {
      now = server_resources ();
      if ((now.fds <= baseline->fds && now.deleted == 0 && now.close_wait == 0)
          || g_get_monotonic_time () > deadline)
        return now;
      g_usleep (50 * 1000);
    }
}

static void
assert_back_to (const Resources *baseline)
{
  Resources now = settle (baseline);

  g_assert_cmpuint (now.close_wait, ==, 0);
  g_assert_cmpuint (now.deleted, ==, 0);
  g_assert_cmpuint (now.fds, <=, baseline->fds);
}

static void
test_downloads_release_connections (void)
{
  g_autofree char *file = g_strdup_printf ("files/%s/hello.txt/", saved_uuid);
  g_autofree char *env = g_strdup_printf ("environments/%s/", saved_uuid);
  Resources baseline = server_resources ();

  for (guint i = 0; i < N_DOWNLOADS; i++)
    {
      g_assert_cmpint (raw_request ("GET", file, G_MAXUINT64), ==, 5);
      g_assert_cmpint (raw_request ("HEAD", file, G_MAXUINT64), ==, 5);
      g_assert_cmpint (raw_request ("GET", env, G_MAXUINT64), >, 0);
      g_assert_cmpint (raw_request ("HEAD", env, G_MAXUINT64), >, 0);
    }

  assert_back_to (&baseline);
}

static void
test_download_cut_off (void)
{
  g_autofree char *file = g_strdup_printf ("files/%s/big/", saved_uuid);
  Resources baseline = server_resources ();

  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (raw_request ("GET", file, 65536), ==,
                     BIG_FILE_MIB * 1024 * 1024);

  assert_back_to (&baseline);
}

/* A kept-alive connection still works for the next request. */
static void
test_keep_alive_reused (void)
{
  g_autoptr(GSocketConnection) connection = connect_raw ();
  g_autoptr(GDataInputStream) in = NULL;
  g_autofree char *request = NULL;
  gint64 length;

  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  request = g_strdup_printf ("GET /files/%s/hello.txt/ HTTP/1.1\r\n"
                             "Host: 127.0.0.1:%u\r\n\r\n", saved_uuid, server->port);
  for (guint i = 0; i < 3; i++)
    {
      send_text (connection, request);
      g_assert_cmpuint (read_head (in, &length), ==, SOUP_STATUS_OK);
      g_assert_cmpint (length, ==, 5);
      skip_bytes (G_INPUT_STREAM (in), 5);
      g_usleep (100 * 1000);
    }
}

/* Uploads: an execute/ request whose environment is @mib MiB of bytes made
 * on the fly (not an archive: the answer is 400 once the body is read). */
#define N_UPLOADS 4
#define UPLOAD_MIB 64
/* What the server may gain in resident memory while they all go through:
 * bodies are written to disk as they arrive, and only the one being parsed
 * is mapped in at a time (README), plus some slack. */
#define RSS_BOUND_KIB ((UPLOAD_MIB + 32) * 1024)

typedef struct
{
  guint    mib;
  guint64  stop_after;
  guint    status;
} Upload;

static gpointer
upload_thread (gpointer data)
{
  Upload *upload = data;
  g_autoptr(GSocketConnection) connection = connect_raw ();
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  g_autofree char *chunk = g_malloc (65536);
  guint64 size = (guint64) upload->mib * 1024 * 1024;
  guint64 sent = 0;
  gint64 length;

  memset (chunk, 'x', 65536);
  head = g_strdup_printf ("POST /execute/ HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
                          "Content-Type: multipart/form-data; boundary=" TEST_UPLOAD_BOUNDARY "\r\n"
                          "Content-Length: %" G_GUINT64_FORMAT "\r\n\r\n" TEST_UPLOAD_HEAD,
                          server->port,
                          strlen (TEST_UPLOAD_HEAD) + size + strlen (TEST_UPLOAD_TAIL));
  send_text (connection, head);
  while (sent < size && sent < upload->stop_after)
    {
      gsize n = MIN (65536, size - sent);

      g_output_stream_write_all (out, chunk, n, NULL, NULL, &error);
      g_assert_no_error (error);
      sent += n;
    }
  if (sent < size)
    {
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return NULL;
    }
  send_text (connection, TEST_UPLOAD_TAIL);

  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  upload->status = read_head (in, &length);
  return NULL;
}

static void
run_uploads (Upload *uploads,
             guint   n)
{
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (threads, g_thread_new ("upload", upload_thread, &uploads[i]));
  for (guint i = 0; i < n; i++)
    g_thread_join (threads->pdata[i]);
}

static void
test_uploads_at_once (void)
{
  Upload uploads[N_UPLOADS];
  Resources baseline = server_resources ();
  guint64 peak_before = test_server_status_kib (server, "VmHWM");
  guint64 peak_after;

  for (guint i = 0; i < N_UPLOADS; i++)
    uploads[i] = (Upload) { UPLOAD_MIB, G_MAXUINT64, 0 };
  run_uploads (uploads, N_UPLOADS);

  for (guint i = 0; i < N_UPLOADS; i++)
    g_assert_cmpuint (uploads[i].status, ==, SOUP_STATUS_BAD_REQUEST);
  peak_after = test_server_status_kib (server, "VmHWM");
  g_test_message ("VmHWM %" G_GUINT64_FORMAT " KiB -> %" G_GUINT64_FORMAT " KiB",
                  peak_before, peak_after);
#if defined(__SANITIZE_ADDRESS__)
  /* The server is built the same way: AddressSanitizer's quarantine holds
   * up to 256 MiB of freed chunks, so its peak says nothing of the bound. */
  g_test_message ("built with AddressSanitizer: the peak is not checked");
#else
  g_assert_cmpuint (peak_after, <, peak_before + RSS_BOUND_KIB);
#endif
  assert_back_to (&baseline);
}

/* Files (not directories) under @root. */
static guint
count_files (const char *root)
{
  g_autoptr(GDir) dir = g_dir_open (root, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (root, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR)
          && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        n += count_files (path);
      else
        n++;
    }
  return n;
}

static void
test_uploads_cut_off (void)
{
  Upload uploads[N_UPLOADS];
  Resources baseline = server_resources ();
  guint files = count_files (server->work);

  for (guint i = 0; i < N_UPLOADS; i++)
    uploads[i] = (Upload) { 16, (guint64) (i + 1) * 1024 * 1024, 0 };
  run_uploads (uploads, N_UPLOADS);

  assert_back_to (&baseline);
  g_assert_cmpuint (count_files (server->work), ==, files);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TestResponse) saved = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/resources/downloads", test_downloads_release_connections);
  g_test_add_func ("/server/resources/download-cut-off", test_download_cut_off);
  g_test_add_func ("/server/resources/keep-alive", test_keep_alive_reused);
  g_test_add_func ("/server/resources/uploads", test_uploads_at_once);
  g_test_add_func ("/server/resources/uploads-cut-off", test_uploads_cut_off);

  server = launched_server_start ("--slots=2", NULL);
  saved = test_execute (server,
                        "{\"commands\": [\"printf hello > hello.txt\", "
                        "\"head -c " G_STRINGIFY (BIG_FILE_MIB) "M /dev/zero > big\"], "
                        "\"save\": true}", NULL);
  saved_uuid = g_strdup (json_object_get_string_member (test_response_object (saved),
                                                        "environment"));
  ret = g_test_run ();
  test_server_stop (server);
  g_free (saved_uuid);
  return ret;
}
