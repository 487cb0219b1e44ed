/* test-client-retry.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "test-fault-server.h"
#include "test-server.h"
#include "test-util.h"

/* Retries: what is sent again (503 answers; for GET and HEAD, refused
 * connections and connections broken before the answer), what is not
 * (anything once the answer has started, other statuses, retries turned
 * off), the waits between attempts (measured where the server reads the
 * requests), Retry-After, the deadline, and cancelling a wait. Every case
 * runs blocking and asynchronously. */

/* The operations that are GET or HEAD requests, each checked against the
 * fake server's usual answer. */
static const TestOp read_ops[] = {
  TEST_OP_SPECIFICATIONS, TEST_OP_DOWNLOAD, TEST_OP_DOWNLOAD_STREAM, TEST_OP_CHECK,
};

/* The fixture: a fault server and a client of it that retries, made by
 * serve() (again for each case of a loop) at @start, and the error of the
 * call. */
typedef struct
{
  TestMode         mode;
  TestFaultServer *server;
  SandboxClient   *client;
  gint64           start;
  GError          *error;
} Fixture;

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_error (&f->error);
  g_clear_object (&f->client);
  g_clear_pointer (&f->server, test_fault_server_free);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->mode = TEST_MODE (data);
}

/* A server that answers with @script first, then with @fault, and a
 * client of it that retries @max_retries times, @retry_delay s apart. */
static void
serve (Fixture         *f,
       TestFault        fault,
       const TestFault *script,
       guint            n_faults,
       guint            max_retries,
       double           retry_delay)
{
  fixture_tear_down (f, NULL);
  f->server = test_fault_server_new (fault);
  test_fault_server_set_script (f->server, script, n_faults);
  f->client = test_retry_client_new (test_fault_server_get_url (f->server), max_retries,
                                     retry_delay);
  f->start = g_get_monotonic_time ();
}

static void
add_test (const char *path,
          void      (*func) (Fixture *, gconstpointer))
{
  test_add_fixture_both_modes (path, sizeof (Fixture), (GTestFixtureFunc) fixture_set_up,
                               (GTestFixtureFunc) func, (GTestFixtureFunc) fixture_tear_down);
}

static double
request_gap (Fixture *f,
             guint    index)
{
  return (test_fault_server_get_request_time (f->server, index) -
          test_fault_server_get_request_time (f->server, index - 1)) / (double) G_USEC_PER_SEC;
}

/* Runs @op against a server that answers with @script first, then as
 * usual: it succeeds, each fault retried once. */
static void
run_op_retried (Fixture         *f,
                TestOp           op,
                const TestFault *script,
                guint            n_faults,
                double           retry_delay)
{
  g_test_message ("%s", test_op_get_name (op));
  serve (f, TEST_FAULT_NONE, script, n_faults, 3, retry_delay);
  g_assert_true (run_op (f->client, op, f->mode, NULL, &f->error));
  g_assert_no_error (f->error);
  g_assert_cmpuint (test_fault_server_get_n_requests (f->server), ==, n_faults + 1);
  g_assert_cmpint (test_get_logged_retries (), ==, n_faults);
}

/* Runs @op against a server that always answers with @fault: it fails
 * after one request, not retried. */
static void
assert_op_not_retried (Fixture  *f,
                       TestFault fault,
                       TestOp    op)
{
  g_test_message ("%s", test_fault_get_name (fault));
  serve (f, fault, NULL, 0, 3, 0.01);
  g_assert_false (run_op (f->client, op, f->mode, NULL, &f->error));
  g_assert_nonnull (f->error);
  g_assert_cmpuint (test_fault_server_get_n_requests (f->server), ==, 1);
  g_assert_cmpint (test_get_logged_retries (), ==, 0);
}

/* 503, 503, then the answer: three requests, waits in the bands of equal
 * jitter (retry-delay 0.2: [0.1, 0.2], then [0.2, 0.4]), with room for a
 * slow machine above. */
static void
test_unavailable_twice (Fixture       *f,
                        gconstpointer  data)
{
  static const TestFault script[] = { TEST_FAULT_UNAVAILABLE, TEST_FAULT_UNAVAILABLE };

  for (guint i = 0; i < G_N_ELEMENTS (read_ops); i++)
    {
      double first, second;

      run_op_retried (f, read_ops[i], script, G_N_ELEMENTS (script), 0.2);
      first = request_gap (f, 1);
      second = request_gap (f, 2);
      g_test_message ("waits: %.3f s, %.3f s", first, second);
      g_assert_cmpfloat (first, >=, 0.1 - 0.005);
      g_assert_cmpfloat (first, <=, 0.2 + 1.0);
      g_assert_cmpfloat (second, >=, 0.2 - 0.005);
      g_assert_cmpfloat (second, <=, 0.4 + 1.0);
    }
}

/* The backoff itself, drawn many times: always within its band. */
static void
test_backoff_bands (Fixture       *f,
                    gconstpointer  data)
{
  double elapsed;

  /* Four retries of 0.01 × 1, 2, 4, 8, each between half and all. */
  serve (f, TEST_FAULT_UNAVAILABLE, NULL, 0, 4, 0.01);
  g_assert_false (run_op (f->client, TEST_OP_USAGE, f->mode, NULL, &f->error));
  g_assert_error (f->error, SANDBOX_ERROR, SANDBOX_ERROR_SERVICE_UNAVAILABLE);
  elapsed = test_elapsed_since (f->start);
  g_assert_cmpuint (test_fault_server_get_n_requests (f->server), ==, 5);
  g_assert_cmpfloat (elapsed, >=, (0.01 + 0.02 + 0.04 + 0.08) / 2 - 0.005);
  for (guint i = 1; i < 5; i++)
    {
      double gap = request_gap (f, i);
      double band = 0.01 * (1 << (i - 1));

      g_assert_cmpfloat (gap, >=, band / 2 - 0.005);
      g_assert_cmpfloat (gap, <=, band + 1.0);
    }
}

/* Retries off: the 503 is the answer, at once. */
static void
test_retries_off (Fixture       *f,
                  gconstpointer  data)
{
  serve (f, TEST_FAULT_UNAVAILABLE, NULL, 0, 0, 5.0);
  g_assert_false (run_op (f->client, TEST_OP_SPECIFICATIONS, f->mode, NULL, &f->error));
  g_assert_error (f->error, SANDBOX_ERROR, SANDBOX_ERROR_SERVICE_UNAVAILABLE);
  g_assert_nonnull (strstr (f->error->message, TEST_FAULT_OVERLOADED_TEXT));
  g_assert_cmpuint (test_fault_server_get_n_requests (f->server), ==, 1);
  g_assert_cmpint (test_get_logged_retries (), ==, 0);
  g_assert_cmpfloat (test_elapsed_since (f->start), <, 2.0);
}

/* Other statuses are never retried. */
static void
test_other_status (Fixture       *f,
                   gconstpointer  data)
{
  assert_op_not_retried (f, TEST_FAULT_STATUS_600, TEST_OP_DOWNLOAD);
}

/* Retry-After: 1 is waited, whatever the retry-delay. */
static void
test_retry_after (Fixture       *f,
                  gconstpointer  data)
{
  static const TestFault script[] = { TEST_FAULT_UNAVAILABLE_RETRY_AFTER };

  run_op_retried (f, TEST_OP_LIBRARIES, script, G_N_ELEMENTS (script), 0.01);
  g_assert_cmpfloat (request_gap (f, 1), >=, 1.0 - 0.005);
  g_assert_cmpfloat (request_gap (f, 1), <, 1.0 + 1.0);
}

/* No wait goes past the deadline: with a timeout of 1.5 s and Retry-After
 * 1 s, the second 503 is the answer, at once, and not a timeout. */
static void
test_deadline_stops_retries (Fixture       *f,
                             gconstpointer  data)
{
  double elapsed;

  serve (f, TEST_FAULT_UNAVAILABLE_RETRY_AFTER, NULL, 0, 10, 0.01);
  sandbox_client_set_timeout (f->client, 1.5);
  g_assert_false (run_op (f->client, TEST_OP_DOWNLOAD, f->mode, NULL, &f->error));
  elapsed = test_elapsed_since (f->start);
  g_test_message ("elapsed: %.3f s", elapsed);
  g_assert_error (f->error, SANDBOX_ERROR, SANDBOX_ERROR_SERVICE_UNAVAILABLE);
  g_assert_cmpuint (test_fault_server_get_n_requests (f->server), ==, 2);
  g_assert_cmpfloat (elapsed, >=, 1.0 - 0.005);
  g_assert_cmpfloat (elapsed, <, 1.5 + 1.0);
}

/* With no timeout, max-retry-time bounds the retries: against a server that
 * answers 503 for ever, 100 retries (whose waits alone would add up to about
 * 45 minutes here) end with the 503 once the next wait would pass it, for a
 * GET and for an execute. */
static void
test_retry_time_without_timeout (Fixture       *f,
                                 gconstpointer  data)
{
  static const TestOp ops[] = { TEST_OP_DOWNLOAD, TEST_OP_EXECUTE };

  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      gint64 start;
      double elapsed;

      g_test_message ("%s", test_op_get_name (ops[i]));
      serve (f, TEST_FAULT_UNAVAILABLE, NULL, 0, 100, 0.2);
      g_assert_cmpfloat (sandbox_client_get_max_retry_time (f->client), ==, 300.0);
      sandbox_client_set_timeout (f->client, 0);
      sandbox_client_set_max_retry_time (f->client, 1.5);
      start = g_get_monotonic_time ();
      g_assert_false (run_op (f->client, ops[i], f->mode, NULL, &f->error));
      elapsed = test_elapsed_since (start);
      g_test_message ("elapsed: %.3f s, %u requests", elapsed,
                      test_fault_server_get_n_requests (f->server));
      g_assert_error (f->error, SANDBOX_ERROR, SANDBOX_ERROR_SERVICE_UNAVAILABLE);
      /* Waits of [0.1, 0.2], [0.2, 0.4], [0.4, 0.8]… : 2 to 4 requests. */
      g_assert_cmpuint (test_fault_server_get_n_requests (f->server), >=, 2);
      g_assert_cmpuint (test_fault_server_get_n_requests (f->server), <=, 4);
      g_assert_cmpfloat (elapsed, <, 1.5 + 10.0);
    }
}

/* With a timeout, the timeout alone bounds the retries: max-retry-time does
 * not cut them short (as in test_deadline_stops_retries, 2 requests). */
static void
test_retry_time_ignored_with_timeout (Fixture       *f,
                                      gconstpointer  data)
{
  serve (f, TEST_FAULT_UNAVAILABLE_RETRY_AFTER, NULL, 0, 10, 0.01);
  sandbox_client_set_timeout (f->client, 1.5);
  g_object_set (f->client, "max-retry-time", 0.1, NULL);
  g_assert_false (run_op (f->client, TEST_OP_DOWNLOAD, f->mode, NULL, &f->error));
  g_assert_error (f->error, SANDBOX_ERROR, SANDBOX_ERROR_SERVICE_UNAVAILABLE);
  g_assert_cmpuint (test_fault_server_get_n_requests (f->server), ==, 2);
}

/* A connection reset or closed before any byte of the answer: a GET or a
 * HEAD goes again. */
static void
test_broken_before_answer (Fixture       *f,
                           gconstpointer  data)
{
  static const TestFault script[] = {
    TEST_FAULT_RESET_BEFORE_HEADERS, TEST_FAULT_CLOSE_BEFORE_HEADERS,
  };

  for (guint i = 0; i < G_N_ELEMENTS (read_ops); i++)
    run_op_retried (f, read_ops[i], script, G_N_ELEMENTS (script), 0.01);
}

/* Once the answer has started, nothing is sent again. */
static void
test_broken_after_answer (Fixture       *f,
                          gconstpointer  data)
{
  static const TestFault faults[] = {
    TEST_FAULT_RESET_AFTER_HEADERS, TEST_FAULT_RESET_MID_BODY, TEST_FAULT_TRUNCATED_LENGTH,
    TEST_FAULT_GARBAGE_STATUS,
  };

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    assert_op_not_retried (f, faults[i], TEST_OP_DOWNLOAD);
}

/* A refused connection is retried, then reported as it is. */
static void
test_refused (gconstpointer data)
{
  g_autofree char *url = test_unused_port_url ();
  g_autoptr(SandboxClient) client = test_retry_client_new (url, 2, 0.01);
  g_autoptr(GError) error = NULL;

  g_assert_false (run_op (client, TEST_OP_CHECK, TEST_MODE (data), NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_cmpint (test_get_logged_retries (), ==, 2);
}

/* Cancelling during a wait ends the operation at once. */
static void
test_cancel_during_wait (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  serve (f, TEST_FAULT_UNAVAILABLE_RETRY_AFTER, NULL, 0, 3, 0.01);
  test_cancel_after (cancellable, 300);
  g_assert_false (run_op (f->client, TEST_OP_SPECIFICATIONS, f->mode, cancellable,
                          &f->error));
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (test_fault_server_get_n_requests (f->server), ==, 1);
  /* The wait was 1 s. */
  g_assert_cmpfloat (test_elapsed_since (f->start), <, 0.9);
}


/* The archives of execute: where they come from decides whether the
 * request can be sent again. */
typedef enum
{
  ARCHIVE_NONE,
  ARCHIVE_FILE,
  ARCHIVE_SEEKABLE,
  ARCHIVE_BUILDER,
  ARCHIVE_PIPE,
  N_ARCHIVES
} ArchiveKind;

static const char *archive_names[N_ARCHIVES] = {
  "none", "file", "seekable-stream", "builder", "pipe",
};

static SandboxExecution *
run_execute_environment (SandboxClient              *client,
                         SandboxConfig              *config,
                         SandboxEnvironmentBuilder  *builder,
                         TestMode                    mode,
                         GError                    **error)
{
  SandboxExecution *execution;
  TestAsyncWait wait;

  if (mode == TEST_MODE_SYNC)
    return sandbox_client_execute_builder (client, config, builder, NULL, NULL, NULL,
                                           error);

  test_async_wait_init (&wait);
  sandbox_client_execute_builder_async (client, config, builder, NULL, NULL, NULL, NULL,
                                        test_async_wait_cb, &wait);
  execution = sandbox_client_execute_builder_finish (client, test_async_wait_run (&wait),
                                                     error);
  test_async_wait_clear (&wait);

  return execution;
}

/* A stream that cannot be read twice, like a pipe: @content decompressed
 * as it is read. */
static GInputStream *
pipe_stream_new (GBytes *content)
{
  g_autoptr(GConverter) compressor =
    G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 1));
  g_autoptr(GConverter) decompressor =
    G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
  g_autoptr(GInputStream) plain = g_memory_input_stream_new_from_bytes (content);
  g_autoptr(GInputStream) compressing = g_converter_input_stream_new (plain, compressor);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) gzipped = NULL;
  g_autoptr(GInputStream) gzipped_stream = NULL;
  GInputStream *stream;

  g_assert_cmpint (g_output_stream_splice (out, compressing,
                                           G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, NULL),
                   >=, 0);
  gzipped = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  gzipped_stream = g_memory_input_stream_new_from_bytes (gzipped);
  stream = g_converter_input_stream_new (gzipped_stream, decompressor);
  g_assert_false (G_IS_SEEKABLE (stream));
  return stream;
}

static gboolean
bytes_contain (const char *data,
               gsize       size,
               const void *needle,
               gsize       needle_size)
{
  for (gsize i = 0; i + needle_size <= size; i++)
    {
      if (memcmp (data + i, needle, needle_size) == 0)
        return TRUE;
    }

  return FALSE;
}

/* @body with its multipart boundary, which each attempt draws anew,
 * replaced by a fixed one. */
static GBytes *
normalize_body (GBytes *body)
{
  gsize size;
  const char *data = g_bytes_get_data (body, &size);
  const char *end = g_strstr_len (data, size, "\r\n");
  g_autoptr(GByteArray) normalized = g_byte_array_new ();
  gsize boundary_size;

  g_assert_nonnull (end);
  boundary_size = (gsize) (end - data);
  g_assert_cmpuint (boundary_size, >, 2);
  for (gsize i = 0; i < size;)
    {
      if (i + boundary_size <= size && memcmp (data + i, data, boundary_size) == 0)
        {
          g_byte_array_append (normalized, (const guint8 *) "--boundary", 10);
          i += boundary_size;
        }
      else
        {
          g_byte_array_append (normalized, (const guint8 *) data + i, 1);
          i++;
        }
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&normalized));
}

/* Runs an execute with an archive of @kind holding @archive (for the
 * builder, a file of that content). */
static SandboxExecution *
run_execute_kind (SandboxClient  *client,
                  ArchiveKind     kind,
                  GBytes         *archive,
                  TestMode        mode,
                  GCancellable   *cancellable,
                  GError        **error)
{
  g_autoptr(SandboxConfig) config = test_config_new_echo ();

  switch (kind)
    {
    case ARCHIVE_NONE:
      return run_execute (client, config, NULL, mode, cancellable, error);

    case ARCHIVE_FILE:
      {
        g_autoptr(GFileIOStream) io = NULL;
        g_autoptr(GFile) file = g_file_new_tmp ("test-retry-XXXXXX.tgz", &io, NULL);
        SandboxExecution *execution;

        g_assert_nonnull (file);
        g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (io)),
                                                  g_bytes_get_data (archive, NULL),
                                                  g_bytes_get_size (archive), NULL, NULL, NULL));
        g_assert_true (g_io_stream_close (G_IO_STREAM (io), NULL, NULL));
        execution = run_execute_file (client, config, file, mode, cancellable, error);
        g_file_delete (file, NULL, NULL);
        return execution;
      }

    case ARCHIVE_SEEKABLE:
      {
        g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (archive);

        return run_execute (client, config, stream, mode, cancellable, error);
      }

    case ARCHIVE_BUILDER:
      {
        g_autoptr(SandboxEnvironmentBuilder) builder = sandbox_environment_builder_new ();

        g_assert_true (sandbox_environment_builder_add_bytes (builder, "dir/file.bin", archive,
                                                              0644, NULL));
        return run_execute_environment (client, config, builder, mode, error);
      }

    case ARCHIVE_PIPE:
      {
        g_autoptr(GInputStream) stream = pipe_stream_new (archive);

        return run_execute (client, config, stream, mode, cancellable, error);
      }

    case N_ARCHIVES:
    default:
      g_assert_not_reached ();
    }
}

/* 503, 503, then the answer: an execute whose archive can be sent again
 * goes three times, with the same archive each time. */
static void
test_execute_unavailable (Fixture       *f,
                          gconstpointer  data)
{
  static const TestFault script[] = { TEST_FAULT_UNAVAILABLE, TEST_FAULT_UNAVAILABLE };
  g_autoptr(GBytes) archive = test_environment_archive ();

  for (ArchiveKind kind = ARCHIVE_NONE; kind < ARCHIVE_PIPE; kind++)
    {
      g_autoptr(SandboxExecution) execution = NULL;
      g_autoptr(GBytes) first = NULL;

      g_test_message ("%s", archive_names[kind]);
      serve (f, TEST_FAULT_NONE, script, G_N_ELEMENTS (script), 3, 0.01);
      execution = run_execute_kind (f->client, kind, archive, f->mode, NULL, &f->error);
      g_assert_no_error (f->error);
      g_assert_cmpint (sandbox_execution_get_status (execution), ==, SANDBOX_STATUS_SUCCESS);
      g_assert_cmpuint (test_fault_server_get_n_requests (f->server), ==, 3);

      first = test_fault_server_dup_request_body (f->server, 0);
      g_assert_cmpuint (g_bytes_get_size (first), >, 0);
      for (guint i = 0; i < 3; i++)
        {
          g_autoptr(GBytes) body = test_fault_server_dup_request_body (f->server, i);
          gsize size;
          const char *text = g_bytes_get_data (body, &size);

          /* The boundary may change; the size and the archive do not. */
          g_assert_cmpuint (size, ==, g_bytes_get_size (first));
          g_assert_nonnull (g_strstr_len (text, size, "\"commands\""));
          if (kind == ARCHIVE_FILE || kind == ARCHIVE_SEEKABLE || kind == ARCHIVE_BUILDER)
            g_assert_true (bytes_contain (text, size, "filename=", strlen ("filename=")));
          if (kind == ARCHIVE_FILE || kind == ARCHIVE_SEEKABLE)
            g_assert_true (bytes_contain (text, size, g_bytes_get_data (archive, NULL),
                                      g_bytes_get_size (archive)));
          if (i > 0)
            {
              g_autoptr(GBytes) normalized_first = normalize_body (first);
              g_autoptr(GBytes) normalized = normalize_body (body);

              g_assert_true (g_bytes_equal (normalized, normalized_first));
            }
        }
    }
}

/* An execute of @kind against a server that answers with @fault fails
 * with @domain and @code after one request: it is not sent again. */
static void
assert_execute_not_retried (Fixture    *f,
                            TestFault   fault,
                            ArchiveKind kind,
                            GQuark      domain,
                            int         code)
{
  g_autoptr(GBytes) archive = test_environment_archive ();
  g_autoptr(SandboxExecution) execution = NULL;

  g_test_message ("%s", archive_names[kind]);
  serve (f, fault, NULL, 0, 3, 0.01);
  execution = run_execute_kind (f->client, kind, archive, f->mode, NULL, &f->error);
  g_assert_null (execution);
  g_assert_error (f->error, domain, code);
  g_assert_cmpuint (test_fault_server_get_n_requests (f->server), ==, 1);
  g_assert_cmpint (test_get_logged_retries (), ==, 0);
}

/* An archive read from a pipe cannot be sent again: the 503 is the
 * answer, after one request. */
static void
test_execute_not_replayable (Fixture       *f,
                             gconstpointer  data)
{
  assert_execute_not_retried (f, TEST_FAULT_UNAVAILABLE, ARCHIVE_PIPE,
                              SANDBOX_ERROR, SANDBOX_ERROR_SERVICE_UNAVAILABLE);
}

/* The connection breaks once the whole request was sent: the server may
 * be running it, so it is not sent again, whatever its archive. */
static void
test_execute_reset_after_body (Fixture       *f,
                               gconstpointer  data)
{
  for (ArchiveKind kind = ARCHIVE_NONE; kind < ARCHIVE_PIPE; kind++)
    assert_execute_not_retried (f, TEST_FAULT_RESET_BEFORE_HEADERS, kind,
                                G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
}

/* A balancer's 503 as soon as the headers came (HAProxy with no server
 * up): the body cannot be written whole, and the answer is lost with the
 * connection. The server had no whole request, so ran nothing: an
 * execute goes again when its archive can be sent again, and only then. */
static void
test_execute_unavailable_unread (Fixture       *f,
                                 gconstpointer  data)
{
  static const TestFault script[] = { TEST_FAULT_UNAVAILABLE_UNREAD };
  static const ArchiveKind kinds[] = { ARCHIVE_FILE, ARCHIVE_SEEKABLE };
  /* Past what the sockets' buffers take, and incompressible. */
  gsize size = 32 * 1024 * 1024;
  g_autofree guint32 *noise = g_new (guint32, size / sizeof (guint32));
  g_autoptr(GBytes) archive = NULL;

  for (gsize i = 0; i < size / sizeof (guint32); i++)
    noise[i] = g_random_int ();
  archive = g_bytes_new_take (g_steal_pointer (&noise), size);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(SandboxExecution) execution = NULL;
      g_autoptr(GBytes) body = NULL;

      g_test_message ("%s", archive_names[kinds[i]]);
      serve (f, TEST_FAULT_NONE, script, G_N_ELEMENTS (script), 3, 0.01);
      execution = run_execute_kind (f->client, kinds[i], archive, f->mode, NULL, &f->error);
      g_assert_no_error (f->error);
      g_assert_cmpint (sandbox_execution_get_status (execution), ==, SANDBOX_STATUS_SUCCESS);
      g_assert_cmpuint (test_fault_server_get_n_requests (f->server), ==, 2);
      g_assert_cmpint (test_get_logged_retries (), ==, 1);
      /* The second time, whole. */
      body = test_fault_server_dup_request_body (f->server, 1);
      g_assert_cmpuint (g_bytes_get_size (body), >, size);
    }

  serve (f, TEST_FAULT_UNAVAILABLE_UNREAD, NULL, 0, 3, 0.01);
  g_assert_null (run_execute_kind (f->client, ARCHIVE_PIPE, archive, f->mode, NULL, &f->error));
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  g_assert_cmpuint (test_fault_server_get_n_requests (f->server), ==, 1);
  g_assert_cmpint (test_get_logged_retries (), ==, 0);
}

/* A refused connection ran nothing: an execute goes again. */
static void
test_execute_refused (gconstpointer data)
{
  g_autoptr(GBytes) archive = test_environment_archive ();
  g_autofree char *url = test_unused_port_url ();
  g_autoptr(SandboxClient) client = test_retry_client_new (url, 2, 0.01);
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GError) error = NULL;

  execution = run_execute_kind (client, ARCHIVE_SEEKABLE, archive, TEST_MODE (data), NULL,
                                &error);
  g_assert_null (execution);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_cmpint (test_get_logged_retries (), ==, 2);
}

typedef struct
{
  GAsyncResult *result;
  gint64        time;
} Done;

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Done *done = user_data;

  done->result = g_object_ref (result);
  done->time = g_get_monotonic_time ();
}

/* While an operation waits, it is out of the client's queue: with one
 * connection, another operation goes meanwhile. */
static void
test_wait_leaves_queue (void)
{
  static const TestFault script[] = { TEST_FAULT_UNAVAILABLE_RETRY_AFTER };
  g_autoptr(TestFaultServer) server = test_fault_server_new (TEST_FAULT_NONE);
  g_autoptr(SandboxClient) client = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(JsonNode) waiting = NULL;
  g_autoptr(JsonNode) other = NULL;
  g_autoptr(GError) error = NULL;
  Done first = { NULL, 0 };
  Done second = { NULL, 0 };

  test_fault_server_set_script (server, script, G_N_ELEMENTS (script));
  client = g_object_new (SANDBOX_TYPE_CLIENT, "base-url", test_fault_server_get_url (server),
                         "max-connections", 1, "max-retries", 1, NULL);
  g_main_context_push_thread_default (context);

  sandbox_client_get_usage_async (client, NULL, done_cb, &first);
  while (test_fault_server_get_n_requests (server) < 1)
    g_main_context_iteration (context, FALSE);
  /* Let the 503 in, and the wait start. */
  g_usleep (200 * 1000);
  while (g_main_context_iteration (context, FALSE))
    ;
  sandbox_client_get_libraries_async (client, NULL, done_cb, &second);
  while (first.result == NULL || second.result == NULL)
    g_main_context_iteration (context, TRUE);

  waiting = sandbox_client_get_usage_finish (client, first.result, &error);
  g_assert_no_error (error);
  other = sandbox_client_get_libraries_finish (client, second.result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second.time, <, first.time);
  g_assert_cmpuint (test_fault_server_get_n_requests (server), ==, 3);
  g_assert_cmpint (test_fault_server_get_request_time (server, 1), <,
                   test_fault_server_get_request_time (server, 2));

  g_clear_object (&first.result);
  g_clear_object (&second.result);
  g_main_context_pop_thread_default (context);
}

int
main (int   argc,
      char *argv[])
{
  /* Each retry the library logs is counted. */
  test_count_logged_retries ();
  g_test_init (&argc, &argv, NULL);

  add_test ("/client-retry/unavailable-twice", test_unavailable_twice);
  g_test_add ("/client-retry/backoff-bands", Fixture, GINT_TO_POINTER (TEST_MODE_SYNC),
              fixture_set_up, test_backoff_bands, fixture_tear_down);
  add_test ("/client-retry/off", test_retries_off);
  add_test ("/client-retry/other-status", test_other_status);
  add_test ("/client-retry/retry-after", test_retry_after);
  add_test ("/client-retry/deadline", test_deadline_stops_retries);
  add_test ("/client-retry/retry-time", test_retry_time_without_timeout);
  add_test ("/client-retry/retry-time-with-timeout", test_retry_time_ignored_with_timeout);
  add_test ("/client-retry/broken-before-answer", test_broken_before_answer);
  add_test ("/client-retry/broken-after-answer", test_broken_after_answer);
  test_add_both_modes ("/client-retry/refused", test_refused);
  add_test ("/client-retry/cancel-during-wait", test_cancel_during_wait);
  g_test_add_func ("/client-retry/wait-leaves-queue", test_wait_leaves_queue);
  add_test ("/client-retry/execute/unavailable", test_execute_unavailable);
  add_test ("/client-retry/execute/not-replayable", test_execute_not_replayable);
  add_test ("/client-retry/execute/reset-after-body", test_execute_reset_after_body);
  add_test ("/client-retry/execute/unavailable-unread", test_execute_unavailable_unread);
  test_add_both_modes ("/client-retry/execute/refused", test_execute_refused);

  return g_test_run ();
}
