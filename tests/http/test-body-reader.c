/* test-body-reader.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <sandbox-api.h>

#include "sandbox-body-reader-private.h"
#include "test-util.h"

/* The reader that turns a response body into GBytes, blocking and
 * asynchronous, at the edges of its buffer and of its bounds. */

typedef struct
{
  const char *name;
  gsize       body_size;
  goffset     expected_size;   /* the Content-Length, or -1 */
  guint64     max_size;
  gboolean    truncate;
  gsize       result_size;     /* G_MAXSIZE: an error */
  int         error;
} ReadCase;

enum { NO_ERROR, PARTIAL, TOO_LARGE };

static GBytes *
make_body (gsize size)
{
  guint8 *data = g_malloc (MAX (size, 1));

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 7 + i / 251);

  return g_bytes_new_take (data, size);
}

static GBytes *
read_body (const ReadCase  *read_case,
           GBytes          *body,
           gboolean         blocking,
           GError         **error)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (body);
  TestAsyncWait wait;
  GBytes *bytes;

  if (blocking)
    return sandbox_body_reader_read (stream, read_case->max_size, "max-response-size",
                                     read_case->truncate, read_case->expected_size,
                                     NULL, error);

  test_async_wait_init (&wait);
  sandbox_body_reader_read_async (stream, read_case->max_size, "max-response-size",
                                  read_case->truncate, read_case->expected_size, NULL,
                                  test_async_wait_cb, &wait);
  bytes = sandbox_body_reader_read_finish (test_async_wait_run (&wait), error);
  test_async_wait_clear (&wait);

  return bytes;
}

static void
check_case (gconstpointer data)
{
  const ReadCase *read_case = data;
  g_autoptr(GBytes) body = make_body (read_case->body_size);

  for (int blocking = 0; blocking < 2; blocking++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = read_body (read_case, body, blocking, &error);

      g_test_message ("%s, %s", read_case->name, blocking ? "blocking" : "asynchronous");
      if (read_case->result_size == G_MAXSIZE)
        {
          g_assert_null (bytes);
          if (read_case->error == PARTIAL)
            g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
          else
            g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_RESPONSE_TOO_LARGE);
          continue;
        }

      g_assert_no_error (error);
      g_assert_nonnull (bytes);
      g_assert_cmpuint (g_bytes_get_size (bytes), ==, read_case->result_size);
      if (read_case->result_size > 0)
        {
          gsize size;
          const guint8 *got = g_bytes_get_data (bytes, &size);

          g_assert_cmpmem (got, size, g_bytes_get_data (body, NULL), read_case->result_size);
        }
    }
}

static void
test_too_large_message (void)
{
  static const ReadCase read_case = { "", 10001, -1, 10000, FALSE, 0, NO_ERROR };
  g_autoptr(GBytes) body = make_body (read_case.body_size);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (body);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = sandbox_body_reader_read (stream, read_case.max_size, "max-json-size", FALSE, -1,
                                    NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_RESPONSE_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "max-json-size"));
}

#define MAX_SIZE (1024 * 1024)

static const ReadCase cases[] = {
  { "announced-exact", 300000, 300000, MAX_SIZE, FALSE, 300000, NO_ERROR },
  { "unknown-size", 300000, -1, MAX_SIZE, FALSE, 300000, NO_ERROR },
  { "unknown-small", 10, -1, MAX_SIZE, FALSE, 10, NO_ERROR },
  { "longer-than-announced", 50000, 1000, MAX_SIZE, FALSE, 50000, NO_ERROR },
  { "announced-zero-but-some", 3000, 0, MAX_SIZE, FALSE, 3000, NO_ERROR },
  { "shorter-than-announced", 1000, 2000, MAX_SIZE, FALSE, G_MAXSIZE, PARTIAL },
  { "empty-announced", 0, 0, MAX_SIZE, FALSE, 0, NO_ERROR },
  { "empty-unknown", 0, -1, MAX_SIZE, FALSE, 0, NO_ERROR },
  { "at-limit-unknown", 40000, -1, 40000, FALSE, 40000, NO_ERROR },
  { "at-limit-announced", 40000, 40000, 40000, FALSE, 40000, NO_ERROR },
  { "over-limit-unknown", 40001, -1, 40000, FALSE, G_MAXSIZE, TOO_LARGE },
  { "over-limit-announced", 40001, 40001, 40000, FALSE, G_MAXSIZE, TOO_LARGE },
  { "over-limit-unannounced", 40001, 100, 40000, FALSE, G_MAXSIZE, TOO_LARGE },
  { "over-limit-tiny", 2, -1, 1, FALSE, G_MAXSIZE, TOO_LARGE },
  { "truncated-unknown", 80000, -1, 40000, TRUE, 40000, NO_ERROR },
  { "truncated-announced", 80000, 80000, 40000, TRUE, 40000, NO_ERROR },
  { "truncated-short", 1000, 2000, 40000, TRUE, 1000, NO_ERROR },
};

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/body-reader/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], check_case);
    }
  g_test_add_func ("/body-reader/too-large-message", test_too_large_message);

  return g_test_run ();
}
