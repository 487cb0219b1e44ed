/* test-streams.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <sandbox-api.h>

#include "sandbox-exact-length-stream-private.h"
#include "sandbox-upload-private.h"
#include "test-util.h"

/* The library's filter streams: exactly the bytes announced or an error,
 * blocking and asynchronous, and reads and closes that reach the base
 * stream in the caller's thread. */

/* A base stream that says in which thread it was read and closed. */
#define TEST_TYPE_BASE_STREAM (test_base_stream_get_type ())
G_DECLARE_FINAL_TYPE (TestBaseStream, test_base_stream, TEST, BASE_STREAM, GInputStream)

struct _TestBaseStream
{
  GInputStream  parent_instance;

  GBytes       *bytes;
  gsize         offset;
  GThread      *read_thread;
  GThread      *close_thread;
};

G_DEFINE_FINAL_TYPE (TestBaseStream, test_base_stream, G_TYPE_INPUT_STREAM)

static gssize
test_base_stream_read (GInputStream  *stream,
                       void          *buffer,
                       gsize          count,
                       GCancellable  *cancellable,
                       GError       **error)
{
  TestBaseStream *self = TEST_BASE_STREAM (stream);
  gsize size;
  const guint8 *data = g_bytes_get_data (self->bytes, &size);
  gsize n = MIN (count, size - self->offset);

  self->read_thread = g_thread_self ();
  memcpy (buffer, data + self->offset, n);
  self->offset += n;
  return (gssize) n;
}

static void
test_base_stream_read_async (GInputStream        *stream,
                             void                *buffer,
                             gsize                count,
                             int                  io_priority,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (stream, cancellable, callback, user_data);

  g_task_return_int (task, test_base_stream_read (stream, buffer, count, NULL, NULL));
}

static gssize
test_base_stream_read_finish (GInputStream  *stream,
                              GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}

static gboolean
test_base_stream_close (GInputStream  *stream,
                        GCancellable  *cancellable,
                        GError       **error)
{
  TEST_BASE_STREAM (stream)->close_thread = g_thread_self ();
  return TRUE;
}

static void
test_base_stream_close_async (GInputStream        *stream,
                              int                  io_priority,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (stream, cancellable, callback, user_data);

  g_task_return_boolean (task, test_base_stream_close (stream, NULL, NULL));
}

static gboolean
test_base_stream_close_finish (GInputStream  *stream,
                               GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
test_base_stream_finalize (GObject *object)
{
  g_bytes_unref (TEST_BASE_STREAM (object)->bytes);
  G_OBJECT_CLASS (test_base_stream_parent_class)->finalize (object);
}

static void
test_base_stream_class_init (TestBaseStreamClass *klass)
{
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = test_base_stream_finalize;
  stream_class->read_fn = test_base_stream_read;
  stream_class->read_async = test_base_stream_read_async;
  stream_class->read_finish = test_base_stream_read_finish;
  stream_class->close_fn = test_base_stream_close;
  stream_class->close_async = test_base_stream_close_async;
  stream_class->close_finish = test_base_stream_close_finish;
}

static void
test_base_stream_init (TestBaseStream *self)
{
}

static TestBaseStream *
test_base_stream_new (gsize size)
{
  TestBaseStream *self = g_object_new (TEST_TYPE_BASE_STREAM, NULL);
  guint8 *data = g_malloc (MAX (size, 1));

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 13 + 7);
  self->bytes = g_bytes_new_take (data, size);
  return self;
}

/* Reads @stream to its end or its first error, 1000 bytes at a time;
 * returns how many bytes it gave. */
static gsize
read_all (GInputStream  *stream,
          gboolean       blocking,
          GError       **error)
{
  guint8 buffer[1000];
  gsize total = 0;

  for (;;)
    {
      gssize n;

      if (blocking)
        {
          n = g_input_stream_read (stream, buffer, sizeof buffer, NULL, error);
        }
      else
        {
          TestAsyncWait wait;

          test_async_wait_init (&wait);
          g_input_stream_read_async (stream, buffer, sizeof buffer, G_PRIORITY_DEFAULT, NULL,
                                     test_async_wait_cb, &wait);
          n = g_input_stream_read_finish (stream, test_async_wait_run (&wait), error);
          test_async_wait_clear (&wait);
        }
      if (n <= 0)
        return n < 0 ? G_MAXSIZE : total;
      total += (gsize) n;
    }
}

typedef struct
{
  const char *name;
  gsize       size;        /* of the base stream */
  goffset     announced;
  int         outcome;
} LengthCase;

enum { WHOLE, SHORT, LONG };

static const LengthCase length_cases[] = {
  { "exact", 2500, 2500, WHOLE },
  { "empty", 0, 0, WHOLE },
  { "short", 2500, 2600, SHORT },
  { "empty-but-announced", 0, 10, SHORT },
  { "long", 2600, 2500, LONG },
  { "long-by-one", 2501, 2500, LONG },
  { "some-announced-none", 5, 0, LONG },
};

/* Exactly the bytes announced, or the caller's error that says how many
 * came. */
static void
test_exact_length (gconstpointer data)
{
  const LengthCase *length_case = data;

  for (int blocking = 0; blocking < 2; blocking++)
    {
      g_autoptr(TestBaseStream) base = test_base_stream_new (length_case->size);
      g_autoptr(GInputStream) stream = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = NULL;
      gsize n;

      stream = sandbox_exact_length_stream_new (G_INPUT_STREAM (base), length_case->announced,
                                                SANDBOX_ERROR, SANDBOX_ERROR_FILE_CHANGED,
                                                "The archive");
      n = read_all (stream, blocking, &error);
      switch (length_case->outcome)
        {
        case WHOLE:
          g_assert_no_error (error);
          g_assert_cmpuint (n, ==, length_case->size);
          break;

        case SHORT:
          g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_FILE_CHANGED);
          expected = g_strdup_printf ("The archive ended after %" G_GSIZE_FORMAT " bytes "
                                      "instead of the %" G_GOFFSET_FORMAT " announced",
                                      length_case->size, length_case->announced);
          g_assert_cmpstr (error->message, ==, expected);
          break;

        case LONG:
        default:
          g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_FILE_CHANGED);
          g_assert_nonnull (strstr (error->message, "past the"));
          break;
        }
    }
}

/* A response body cut short fails with G_IO_ERROR_PARTIAL_INPUT. */
static void
test_sized_short (void)
{
  for (int blocking = 0; blocking < 2; blocking++)
    {
      g_autoptr(TestBaseStream) base = test_base_stream_new (100);
      g_autoptr(GInputStream) stream = sandbox_exact_length_stream_new (G_INPUT_STREAM (base), 200,
                                                                        G_IO_ERROR,
                                                                        G_IO_ERROR_PARTIAL_INPUT,
                                                                        "The answer");
      g_autoptr(GError) error = NULL;

      g_assert_cmpuint (read_all (stream, blocking, &error), ==, G_MAXSIZE);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
    }
}

/* Skipped bytes count: a whole body skipped, then read to its end, is
 * whole; one cut short still fails. */
static void
test_sized_skip (void)
{
  for (int blocking = 0; blocking < 2; blocking++)
    for (gsize size = 3000; size <= 3001; size++)
      {
        g_autoptr(TestBaseStream) base = test_base_stream_new (size);
        g_autoptr(GInputStream) stream = sandbox_exact_length_stream_new (G_INPUT_STREAM (base), 3001,
                                                                          G_IO_ERROR,
                                                                          G_IO_ERROR_PARTIAL_INPUT,
                                                                          "The answer");
        g_autoptr(GError) error = NULL;
        gssize skipped;

        if (blocking)
          {
            skipped = g_input_stream_skip (stream, size, NULL, &error);
          }
        else
          {
            TestAsyncWait wait;

            test_async_wait_init (&wait);
            g_input_stream_skip_async (stream, size, G_PRIORITY_DEFAULT, NULL,
                                       test_async_wait_cb, &wait);
            skipped = g_input_stream_skip_finish (stream, test_async_wait_run (&wait), &error);
            test_async_wait_clear (&wait);
          }
        g_assert_no_error (error);
        g_assert_cmpint (skipped, >, 0);
        if ((gsize) skipped < size)
          g_assert_cmpint (g_input_stream_skip (stream, size - (gsize) skipped, NULL, &error),
                           ==, (gssize) size - skipped);
        g_assert_no_error (error);

        if (size == 3001)
          {
            g_assert_cmpuint (read_all (stream, blocking, &error), ==, 0);
            g_assert_no_error (error);
          }
        else
          {
            g_assert_cmpuint (read_all (stream, blocking, &error), ==, G_MAXSIZE);
            g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
          }
      }
}

/* The multipart body: the framing around exactly the archive announced,
 * whose stream is read and closed in the caller's thread, never in a
 * worker thread. */
static void
test_multipart_thread (void)
{
  g_autoptr(GBytes) head = g_bytes_new_static ("head-", 5);
  g_autoptr(GBytes) tail = g_bytes_new_static ("-tail", 5);
  g_autoptr(TestBaseStream) base = test_base_stream_new (300000);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  TestAsyncWait wait;

  stream = sandbox_multipart_stream_new (head, G_INPUT_STREAM (base), 300000, tail);
  g_assert_cmpint (sandbox_multipart_stream_get_length (SANDBOX_MULTIPART_STREAM (stream)),
                   ==, 300010);
  g_assert_cmpuint (read_all (stream, FALSE, &error), ==, 300010);
  g_assert_no_error (error);
  g_assert_true (base->read_thread == g_thread_self ());

  test_async_wait_init (&wait);
  g_input_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, test_async_wait_cb, &wait);
  g_assert_true (g_input_stream_close_finish (stream, test_async_wait_run (&wait), &error));
  test_async_wait_clear (&wait);
  g_assert_no_error (error);
  g_assert_true (g_input_stream_is_closed (G_INPUT_STREAM (base)));
  g_assert_true (base->close_thread == g_thread_self ());
}

/* An archive shorter than announced fails the upload's body. */
static void
test_multipart_short (void)
{
  g_autoptr(GBytes) head = g_bytes_new_static ("head-", 5);
  g_autoptr(GBytes) tail = g_bytes_new_static ("-tail", 5);

  for (int blocking = 0; blocking < 2; blocking++)
    {
      g_autoptr(TestBaseStream) base = test_base_stream_new (1000);
      g_autoptr(GInputStream) stream = NULL;
      g_autoptr(GError) error = NULL;

      stream = sandbox_multipart_stream_new (head, G_INPUT_STREAM (base), 5000, tail);
      g_assert_cmpuint (read_all (stream, blocking, &error), ==, G_MAXSIZE);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
      g_assert_nonnull (strstr (error->message, "ended after 1000 bytes instead of the 5000"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (length_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/streams/exact-length/%s", length_cases[i].name);

      g_test_add_data_func (path, &length_cases[i], test_exact_length);
    }
  g_test_add_func ("/streams/sized/short", test_sized_short);
  g_test_add_func ("/streams/sized/skip", test_sized_skip);
  g_test_add_func ("/streams/multipart/thread", test_multipart_thread);
  g_test_add_func ("/streams/multipart/short", test_multipart_short);

  return g_test_run ();
}
