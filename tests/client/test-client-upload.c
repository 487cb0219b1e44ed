/* test-client-upload.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <sys/socket.h>
#include <string.h>

#include <glib/gstdio.h>

#include "test-archive.h"
#include "test-server.h"
#include "test-util.h"

#define SPOOL_PREFIX "sandbox-api-upload-"

/* The temporary directory of this test alone (TMPDIR is set to it), where
 * spool files of the client must not outlive an execute. */
static char *tmp_dir;

static guint
count_spool_files (void)
{
  g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_prefix (name, SPOOL_PREFIX))
        n++;
    }

  return n;
}

static SandboxConfig *
new_rich_config (void)
{
  SandboxConfig *config = sandbox_config_new ();

  sandbox_config_add_command (config, "echo \"héllo\" > out.txt", FALSE);
  sandbox_config_add_command_with_timeout (config, "make test", TRUE, 5);
  sandbox_config_set_variable (config, "VAR1", "value with \"quotes\"\r\n--and a boundary?");
  sandbox_config_set_result_path (config, "out.txt");
  sandbox_config_set_environment (config, TEST_UUID);
  sandbox_config_set_save (config, TRUE);

  return config;
}

/* A few MiB that do not compress, so that they take many reads. */
static GBytes *
new_big_archive (gsize size)
{
  guint8 *data = g_malloc (size);
  guint32 state = 0x12345678;

  for (gsize i = 0; i < size; i++)
    {
      state = state * 1664525 + 1013904223;
      data[i] = (guint8) (state >> 24);
    }

  return g_bytes_new_take (data, size);
}

/* The small archive of the fake server and a big one that takes many
 * reads. */
static GPtrArray *
new_archives (void)
{
  GPtrArray *archives = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  g_ptr_array_add (archives, test_environment_archive ());
  g_ptr_array_add (archives, new_big_archive (3 * 1024 * 1024));
  return archives;
}

/* Reads the first @skip bytes of @stream, a stream of @archive: what is
 * left to send. */
static GBytes *
skip_start (GInputStream *stream,
            GBytes       *archive,
            gsize         skip)
{
  g_autofree guint8 *skipped = g_malloc (skip);
  g_autoptr(GError) error = NULL;
  gsize n = 0;

  if (skip == 0)
    return g_bytes_ref (archive);
  g_input_stream_read_all (stream, skipped, skip, &n, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, skip);
  return g_bytes_new_from_bytes (archive, skip, g_bytes_get_size (archive) - skip);
}

static GFile *
write_tmp_file (const char *name,
                GBytes     *content)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (content, NULL),
                       (gssize) g_bytes_get_size (content), &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

static char *
sha256_of (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

/* Checks the request the fake server received, field by field: the
 * `config` form field, and the `environment` file part when @archive is
 * given, in a body of announced length. */
static void
assert_upload (TestServer    *server,
               SandboxConfig *config,
               GBytes        *archive,
               const char    *filename)
{
  g_autoptr(TestRequest) request = test_server_dup_last_request (server);
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autoptr(GHashTable) type_params = NULL;
  g_autofree char *config_json = sandbox_config_to_string (config);
  g_autoptr(JsonNode) expected_json = sandbox_config_to_json (config);
  SoupMessageHeaders *part_headers;
  GBytes *part_body;
  g_autofree char *disposition = NULL;
  g_autoptr(GHashTable) params = NULL;

  g_assert_nonnull (request);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, "/execute/");
  g_assert_nonnull (request->body);

  /* The real server reads a chunked body as empty. */
  g_assert_cmpint (soup_message_headers_get_encoding (request->headers), ==,
                   SOUP_ENCODING_CONTENT_LENGTH);
  g_assert_null (soup_message_headers_get_one (request->headers, "Transfer-Encoding"));
  g_assert_cmpint (soup_message_headers_get_content_length (request->headers), ==,
                   (goffset) g_bytes_get_size (request->body));
  g_assert_cmpint (request->body_length, ==, (goffset) g_bytes_get_size (request->body));
  g_assert_cmpstr (soup_message_headers_get_content_type (request->headers, &type_params), ==,
                   "multipart/form-data");
  g_assert_nonnull (g_hash_table_lookup (type_params, "boundary"));

  multipart = soup_multipart_new_from_message (request->headers, request->body);
  g_assert_nonnull (multipart);
  g_assert_cmpint (soup_multipart_get_length (multipart), ==, archive != NULL ? 2 : 1);

  /* A form field, not a file part, holding the configuration's JSON. */
  g_assert_true (soup_multipart_get_part (multipart, 0, &part_headers, &part_body));
  g_assert_true (soup_message_headers_get_content_disposition (part_headers, &disposition,
                                                               &params));
  g_assert_cmpstr (disposition, ==, "form-data");
  g_assert_cmpstr (g_hash_table_lookup (params, "name"), ==, "config");
  g_assert_false (g_hash_table_contains (params, "filename"));
  g_assert_cmpmem (g_bytes_get_data (part_body, NULL), g_bytes_get_size (part_body),
                   config_json, strlen (config_json));
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (part_body, NULL),
                                       g_bytes_get_size (part_body));
    g_autoptr(JsonNode) json = json_from_string (text, NULL);

    g_assert_nonnull (json);
    g_assert_true (json_node_equal (json, expected_json));
  }

  if (archive == NULL)
    {
      g_assert_cmpint (request->file_length, ==, -1);
      return;
    }

  g_clear_pointer (&disposition, g_free);
  g_clear_pointer (&params, g_hash_table_unref);
  g_assert_true (soup_multipart_get_part (multipart, 1, &part_headers, &part_body));
  g_assert_true (soup_message_headers_get_content_disposition (part_headers, &disposition,
                                                               &params));
  g_assert_cmpstr (disposition, ==, "form-data");
  g_assert_cmpstr (g_hash_table_lookup (params, "name"), ==, "environment");
  g_assert_cmpstr (g_hash_table_lookup (params, "filename"), ==, filename);
  g_assert_cmpstr (soup_message_headers_get_content_type (part_headers, NULL), ==,
                   "application/gzip");
  g_assert_cmpmem (g_bytes_get_data (part_body, NULL), g_bytes_get_size (part_body),
                   g_bytes_get_data (archive, NULL), g_bytes_get_size (archive));

  /* The fake server's own reading of the part, as it arrived. */
  {
    g_autofree char *sha256 = sha256_of (archive);

    g_assert_cmpint (request->file_length, ==, (goffset) g_bytes_get_size (archive));
    g_assert_cmpstr (request->file_sha256, ==, sha256);
  }
}

static void
assert_executed (SandboxExecution *execution,
                 const GError     *error)
{
  g_assert_no_error (error);
  g_assert_nonnull (execution);
  g_assert_cmpint (sandbox_execution_get_status (execution), ==, SANDBOX_STATUS_SUCCESS);
}

static void
test_no_archive (ClientFixture *f,
                 gconstpointer  data)
{
  g_autoptr(SandboxConfig) config = new_rich_config ();
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GError) error = NULL;

  execution = run_execute (f->client, config, NULL, f->mode, NULL, &error);
  assert_executed (execution, error);
  assert_upload (f->server, config, NULL, NULL);
  g_clear_object (&execution);

  execution = run_execute_file (f->client, config, NULL, f->mode, NULL, &error);
  assert_executed (execution, error);
  assert_upload (f->server, config, NULL, NULL);
}

static void
test_memory_stream (ClientFixture *f,
                    gconstpointer  data)
{
  g_autoptr(SandboxConfig) config = new_rich_config ();
  g_autoptr(GPtrArray) archives = new_archives ();

  for (guint i = 0; i < archives->len; i++)
    {
      g_autoptr(GInputStream) stream = NULL;
      g_autoptr(SandboxExecution) execution = NULL;
      g_autoptr(GError) error = NULL;

      stream = g_memory_input_stream_new_from_bytes (g_ptr_array_index (archives, i));
      execution = run_execute (f->client, config, stream, f->mode, NULL, &error);
      assert_executed (execution, error);
      assert_upload (f->server, config, g_ptr_array_index (archives, i), "environment.tgz");
    }
}

/* A seekable stream read partway: only the rest is sent. */
static void
test_memory_stream_partway (ClientFixture *f,
                            gconstpointer  data)
{
  g_autoptr(GBytes) archive = test_environment_archive ();
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (archive);
  g_autoptr(GBytes) rest = skip_start (stream, archive, 10);
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GError) error = NULL;

  execution = run_execute (f->client, f->config, stream, f->mode, NULL, &error);
  assert_executed (execution, error);
  assert_upload (f->server, f->config, rest, "environment.tgz");
}

static void
test_file_stream (ClientFixture *f,
                  gconstpointer  data)
{
  g_autoptr(SandboxConfig) config = new_rich_config ();
  g_autoptr(GBytes) archive = new_big_archive (2 * 1024 * 1024 + 17);
  g_autoptr(GFile) file = write_tmp_file ("file-stream.tgz", archive);
  gsize skip = 100 * 1024 + 3;

  for (guint partway = 0; partway < 2; partway++)
    {
      g_autoptr(GFileInputStream) stream = NULL;
      g_autoptr(SandboxExecution) execution = NULL;
      g_autoptr(GBytes) expected = NULL;
      g_autoptr(GError) error = NULL;

      stream = g_file_read (file, NULL, &error);
      g_assert_no_error (error);
      expected = skip_start (G_INPUT_STREAM (stream), archive, partway ? skip : 0);

      execution = run_execute (f->client, config, G_INPUT_STREAM (stream), f->mode, NULL, &error);
      assert_executed (execution, error);
      /* A stream has no name: the file part gets a generic one. */
      assert_upload (f->server, config, expected, "environment.tgz");
    }

  g_file_delete (file, NULL, NULL);
}

/* A gzip'd copy of @content, to read back through a decompressor: a
 * stream that can neither seek nor tell its size. */
static GInputStream *
new_converter_stream (GBytes *content)
{
  g_autoptr(GBytes) gzipped = test_gzip (g_bytes_get_data (content, NULL),
                                         g_bytes_get_size (content));
  g_autoptr(GInputStream) gzipped_stream = g_memory_input_stream_new_from_bytes (gzipped);
  g_autoptr(GZlibDecompressor) gunzip = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);

  return g_converter_input_stream_new (gzipped_stream, G_CONVERTER (gunzip));
}

/* A stream that cannot tell its size is copied to a temporary file first,
 * which is gone once the execute is over. */
static void
test_unseekable_stream (ClientFixture *f,
                        gconstpointer  data)
{
  g_autoptr(SandboxConfig) config = new_rich_config ();
  g_autoptr(GPtrArray) archives = new_archives ();

  for (guint i = 0; i < archives->len * 2; i++)
    {
      GBytes *archive = g_ptr_array_index (archives, i / 2);
      gboolean partway = i % 2 == 1;
      g_autoptr(GInputStream) stream = new_converter_stream (archive);
      g_autoptr(SandboxExecution) execution = NULL;
      g_autoptr(GBytes) expected = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_false (G_IS_SEEKABLE (stream));
      expected = skip_start (stream, archive, partway ? g_bytes_get_size (archive) / 3 : 0);

      execution = run_execute (f->client, config, stream, f->mode, NULL, &error);
      assert_executed (execution, error);
      assert_upload (f->server, config, expected, "environment.tgz");
      g_assert_cmpuint (count_spool_files (), ==, 0);
    }
}

typedef struct
{
  GSocket *socket;
  GBytes  *content;
  gboolean saw_spool_file;
} Writer;

/* Writes half the content, waits for the client's spool file to appear,
 * then writes the rest and closes. */
static gpointer
writer_thread (gpointer user_data)
{
  Writer *writer = user_data;
  gsize size;
  const char *data = g_bytes_get_data (writer->content, &size);
  g_autoptr(GError) error = NULL;
  gint64 give_up = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  /* A failure to send is the client's having given up: the test reports
   * the client's error. */
  for (gsize sent = 0; sent < size / 2; )
    {
      gssize n = g_socket_send (writer->socket, data + sent, size / 2 - sent, NULL, &error);

      if (n < 0)
        return NULL;
      sent += (gsize) n;
    }

  while (count_spool_files () == 0 && g_get_monotonic_time () < give_up)
    g_usleep (10000);
  writer->saw_spool_file = count_spool_files () == 1;

  for (gsize sent = size / 2; sent < size; )
    {
      gssize n = g_socket_send (writer->socket, data + sent, size - sent, NULL, &error);

      if (n < 0)
        return NULL;
      sent += (gsize) n;
    }
  g_socket_shutdown (writer->socket, FALSE, TRUE, NULL);

  return NULL;
}

/* A pair of connected sockets: the client reads the first as a stream
 * (of the connection returned, which closes it when it goes), the test
 * writes into the second. */
static GIOStream *
new_socket_connection (GSocket **out_writer)
{
  g_autoptr(GSocket) reader = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  int fds[2];

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM, 0, fds), ==, 0);
  reader = g_socket_new_from_fd (fds[0], &error);
  g_assert_no_error (error);
  *out_writer = g_socket_new_from_fd (fds[1], &error);
  g_assert_no_error (error);
  connection = g_socket_connection_factory_create_connection (reader);

  return G_IO_STREAM (g_steal_pointer (&connection));
}

/* A stream that gives its data slowly, as a pipe or a socket does: the
 * client copies it to a temporary file as it comes. */
static void
test_socket_stream (ClientFixture *f,
                    gconstpointer  data)
{
  g_autoptr(GBytes) archive = new_big_archive (1024 * 1024);
  g_autoptr(GIOStream) connection = NULL;
  GInputStream *stream;
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GError) error = NULL;
  Writer writer = { .content = archive };
  GThread *thread;

  connection = new_socket_connection (&writer.socket);
  stream = g_io_stream_get_input_stream (connection);
  g_assert_false (G_IS_SEEKABLE (stream));
  thread = g_thread_new ("test-writer", writer_thread, &writer);

  execution = run_execute (f->client, f->config, stream, f->mode, NULL, &error);
  /* On failure, unblock the writer. */
  g_socket_shutdown (writer.socket, TRUE, TRUE, NULL);
  g_thread_join (thread);
  g_object_unref (writer.socket);

  assert_executed (execution, error);
  assert_upload (f->server, f->config, archive, "environment.tgz");
  g_assert_true (writer.saw_spool_file);
  g_assert_cmpuint (count_spool_files (), ==, 0);
}

/* Cancelled while it waits for the archive to copy: nothing is sent and
 * nothing is left behind. */
static void
test_spool_cancelled (ClientFixture *f,
                      gconstpointer  data)
{
  g_autoptr(GIOStream) connection = NULL;
  GInputStream *stream;
  g_autoptr(GSocket) writer = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GError) error = NULL;

  connection = new_socket_connection (&writer);
  stream = g_io_stream_get_input_stream (connection);
  g_socket_send (writer, "partial", 7, NULL, &error);
  g_assert_no_error (error);

  test_cancel_after (cancellable, 200);
  execution = run_execute (f->client, f->config, stream, f->mode, cancellable, &error);
  g_assert_null (execution);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (test_server_get_n_requests (f->server), ==, 0);
  g_assert_cmpuint (count_spool_files (), ==, 0);
}

/* An archive stream that fails while it is copied: its error, no request,
 * no file left. */
static void
test_spool_read_error (ClientFixture *f,
                       gconstpointer  data)
{
  g_autoptr(GInputStream) garbage = NULL;
  g_autoptr(GConverter) decompressor = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GError) error = NULL;

  garbage = g_memory_input_stream_new_from_data ("this is not gzip data at all", 28, NULL);
  decompressor = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
  stream = g_converter_input_stream_new (garbage, decompressor);

  execution = run_execute (f->client, f->config, stream, f->mode, NULL, &error);
  g_assert_null (execution);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpuint (test_server_get_n_requests (f->server), ==, 0);
  g_assert_cmpuint (count_spool_files (), ==, 0);
}

/* A seekable stream whose end, when asked, is further than the data it
 * gives: an archive that shrinks while it is sent. */
#define TEST_TYPE_SHORT_STREAM (test_short_stream_get_type ())
G_DECLARE_FINAL_TYPE (TestShortStream, test_short_stream, TEST, SHORT_STREAM,
                      GFilterInputStream)

struct _TestShortStream
{
  GFilterInputStream parent_instance;

  goffset            claimed_size;
  goffset            position;
};

static goffset
test_short_stream_tell (GSeekable *seekable)
{
  return TEST_SHORT_STREAM (seekable)->position;
}

static gboolean
test_short_stream_can_seek (GSeekable *seekable)
{
  return TRUE;
}

/* Only the moves that ask the size: to the end, and back to the start. */
static gboolean
test_short_stream_seek (GSeekable     *seekable,
                        goffset        offset,
                        GSeekType      type,
                        GCancellable  *cancellable,
                        GError       **error)
{
  TestShortStream *self = TEST_SHORT_STREAM (seekable);

  g_assert_cmpint (type, !=, G_SEEK_CUR);
  self->position = type == G_SEEK_END ? self->claimed_size + offset : offset;
  g_assert_cmpint (self->position, ==, type == G_SEEK_END ? self->claimed_size : 0);

  return TRUE;
}

static gboolean
test_short_stream_cannot (GSeekable *seekable)
{
  return FALSE;
}

static void
test_short_stream_seekable_init (GSeekableIface *iface)
{
  iface->tell = test_short_stream_tell;
  iface->can_seek = test_short_stream_can_seek;
  iface->seek = test_short_stream_seek;
  iface->can_truncate = test_short_stream_cannot;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestShortStream, test_short_stream, G_TYPE_FILTER_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_SEEKABLE,
                                                      test_short_stream_seekable_init))

static void
test_short_stream_class_init (TestShortStreamClass *klass)
{
}

static void
test_short_stream_init (TestShortStream *self)
{
}

static GInputStream *
test_short_stream_new (GBytes  *content,
                       goffset  claimed_size)
{
  g_autoptr(GInputStream) base = g_memory_input_stream_new_from_bytes (content);
  TestShortStream *self = g_object_new (TEST_TYPE_SHORT_STREAM, "base-stream", base, NULL);

  self->claimed_size = claimed_size;
  return G_INPUT_STREAM (self);
}

/* An archive that ends before the length announced: the execute fails
 * with an error that says so, whatever the size of the reads. */
static void
test_short_archive (ClientFixture *f,
                    gconstpointer  data)
{
  /* Less than one read of the archive, then more than several. */
  static const gsize sizes[] = { 1000, 3 * 1024 * 1024 + 5 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GBytes) archive = new_big_archive (sizes[i]);
      g_autoptr(GInputStream) stream = test_short_stream_new (archive, sizes[i] + 4096);
      g_autoptr(SandboxExecution) execution = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = NULL;

      execution = run_execute (f->client, f->config, stream, f->mode, NULL, &error);
      g_assert_null (execution);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
      expected = g_strdup_printf ("ended after %" G_GSIZE_FORMAT " bytes instead of the %"
                                  G_GSIZE_FORMAT " announced", sizes[i], sizes[i] + 4096);
      g_assert_nonnull (strstr (error->message, expected));
    }
}

static gboolean
count_tick (gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

/* An asynchronous execute of a large archive (sent from a thread of the
 * library's own): answered once, in the caller's context, which keeps
 * running meanwhile; cancelled, and timed out, like any other; and the
 * caller may drop the client at once. */
static void
test_large_async (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(SandboxConfig) config = test_config_new_echo ();
  g_autoptr(GBytes) archive = new_big_archive (5 * 1024 * 1024 + 3);
  TestAnswer never = { .mode = TEST_ANSWER_NEVER };
  g_autoptr(GMainContext) context = g_main_context_new ();

  g_main_context_push_thread_default (context);

  for (guint round = 0; round < 3; round++)
    {
      SandboxClient *client = test_client_new (test_server_get_url (server));
      g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (archive);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GSource) ticker = g_timeout_source_new (20);
      g_autoptr(SandboxExecution) execution = NULL;
      g_autoptr(GError) error = NULL;
      TestAsyncWait wait;
      GAsyncResult *result;
      GObject *source;
      guint ticks = 0;
      gint64 start = g_get_monotonic_time ();

      if (round > 0)
        test_server_set_answer (server, "POST", "/execute/", &never);
      if (round == 1)
        test_cancel_after (cancellable, 300);
      if (round == 2)
        sandbox_client_set_timeout (client, 0.5);

      g_source_set_callback (ticker, count_tick, &ticks, NULL);
      g_source_attach (ticker, context);
      test_async_wait_init (&wait);
      sandbox_client_execute_async (client, config, stream, cancellable,
                                    test_async_wait_cb, &wait);
      g_object_unref (client);
      result = test_async_wait_run (&wait);
      g_source_destroy (ticker);
      /* The result holds the client. */
      source = g_async_result_get_source_object (result);
      execution = sandbox_client_execute_finish (SANDBOX_CLIENT (source), result, &error);
      g_object_unref (source);

      if (round == 0)
        {
          assert_executed (execution, error);
          assert_upload (server, config, archive, "environment.tgz");
        }
      else
        {
          int code = round == 1 ? G_IO_ERROR_CANCELLED : G_IO_ERROR_TIMED_OUT;

          g_assert_null (execution);
          g_assert_error (error, G_IO_ERROR, code);
          g_assert_cmpfloat (test_elapsed_since (start), <, 2.5);
          g_assert_cmpuint (ticks, >, 0);
        }

      /* Nothing comes after the answer. */
      test_async_wait_clear (&wait);
    }

  g_main_context_pop_thread_default (context);
}

static void
test_execute_file (ClientFixture *f,
                   gconstpointer  data)
{
  g_autoptr(SandboxConfig) config = new_rich_config ();
  g_autoptr(GBytes) small = test_environment_archive ();
  g_autoptr(GBytes) big = new_big_archive (4 * 1024 * 1024 + 1);
  static const struct { const char *name; const char *sent_name; gboolean big; } cases[] = {
    { "my-env.tgz", "my-env.tgz", FALSE },
    { "big archive.tar.gz", "big archive.tar.gz", TRUE },
    /* Not fit for a quoted header parameter. */
    { "we\"ird\\name\t.tgz", "we_ird_name_.tgz", FALSE },
    { "ünï cödé.tgz", "ünï cödé.tgz", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GBytes *archive = cases[i].big ? big : small;
      g_autoptr(GFile) file = write_tmp_file (cases[i].name, archive);
      g_autoptr(SandboxExecution) execution = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("file '%s'", cases[i].name);
      execution = run_execute_file (f->client, config, file, f->mode, NULL, &error);
      assert_executed (execution, error);
      assert_upload (f->server, config, archive, cases[i].sent_name);
      /* The caller's file is the caller's: still there. */
      g_assert_true (g_file_query_exists (file, NULL));
      g_file_delete (file, NULL, NULL);
    }

  g_assert_cmpuint (count_spool_files (), ==, 0);
}

static void
test_execute_file_missing (ClientFixture *f,
                           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmp_dir, "no-such-dir", "missing.tgz", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GError) error = NULL;

  execution = run_execute_file (f->client, f->config, file, f->mode, NULL, &error);
  g_assert_null (execution);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_cmpuint (test_server_get_n_requests (f->server), ==, 0);
}

/* The server's answer to a body without the config is reported, and the
 * archive is still sent once only. */
static void
test_archive_sent_once (ClientFixture *f,
                        gconstpointer  data)
{
  g_autoptr(GBytes) archive = test_environment_archive ();
  g_autoptr(GInputStream) stream = new_converter_stream (archive);
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GError) error = NULL;
  TestAnswer answer = { .status = 503, .mode = TEST_ANSWER_EOF,
                        .body = g_bytes_new_static ("Sandbox overloaded, retry after a few "
                                                    "seconds.", 47) };

  /* The 503 itself, not a retry of it. */
  sandbox_client_set_max_retries (f->client, 0);
  test_server_set_answer (f->server, "POST", "/execute/", &answer);
  g_bytes_unref (answer.body);

  execution = run_execute (f->client, f->config, stream, f->mode, NULL, &error);
  g_assert_null (execution);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_SERVICE_UNAVAILABLE);
  g_assert_cmpuint (test_server_get_n_requests (f->server), ==, 1);
  assert_upload (f->server, f->config, archive, "environment.tgz");
  g_assert_cmpuint (count_spool_files (), ==, 0);
}

static void
remove_tmp_dir (void)
{
  g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (tmp_dir);
}

int
main (int   argc,
      char *argv[])
{
  const char *base = g_getenv ("TMPDIR");
  int status;

  /* Before anything asks GLib for the temporary directory. */
  tmp_dir = g_build_filename (base != NULL && *base != '\0' ? base : "/tmp",
                              "test-client-upload-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (tmp_dir));
  g_setenv ("TMPDIR", tmp_dir, TRUE);

  g_test_init (&argc, &argv, NULL);
  g_assert_cmpstr (g_get_tmp_dir (), ==, tmp_dir);

  test_add_client_both_modes ("/client-upload/no-archive", test_no_archive);
  test_add_client_both_modes ("/client-upload/memory-stream", test_memory_stream);
  test_add_client_both_modes ("/client-upload/memory-stream-partway", test_memory_stream_partway);
  test_add_client_both_modes ("/client-upload/file-stream", test_file_stream);
  test_add_client_both_modes ("/client-upload/unseekable-stream", test_unseekable_stream);
  test_add_client_both_modes ("/client-upload/socket-stream", test_socket_stream);
  test_add_client_both_modes ("/client-upload/spool-cancelled", test_spool_cancelled);
  test_add_client_both_modes ("/client-upload/spool-read-error", test_spool_read_error);
  test_add_client_both_modes ("/client-upload/short-archive", test_short_archive);
  g_test_add_func ("/async/client-upload/large", test_large_async);
  test_add_client_both_modes ("/client-upload/execute-file", test_execute_file);
  test_add_client_both_modes ("/client-upload/execute-file-missing", test_execute_file_missing);
  test_add_client_both_modes ("/client-upload/archive-sent-once", test_archive_sent_once);

  status = g_test_run ();

  remove_tmp_dir ();
  g_free (tmp_dir);

  return status;
}
