/* sandbox-body-reader.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-body-reader-private.h"
#include "sandbox-error.h"

/* Reads a response body into memory without ever holding more than a
 * bound: past it, the read stops with SANDBOX_ERROR_RESPONSE_TOO_LARGE, or,
 * with @truncate, ends there quietly (for error pages, of which only the
 * start is shown).
 *
 * The stream reads straight into the buffer that becomes the GBytes: sized
 * once from the Content-Length when there is one, else grown by doubling. */

#define FIRST_SIZE (16 * 1024)

/* Every read asks for at least this much room, which a buffer keeps past
 * what it expects: the read that finds the end of a body sized from its
 * Content-Length, or the one that finds a body larger than the bound, goes
 * there. (libsoup's chunked decoding cannot read into a tiny buffer.) */
#define SLACK 256

typedef struct
{
  guint8     *data;
  gsize       length;
  gsize       allocated;
  gsize       max_size;
  goffset     expected_size;
  const char *limit_name;
  gboolean    truncate;
} BodyBuffer;

static void
body_buffer_init (BodyBuffer *buffer,
                  guint64     max_size,
                  const char *limit_name,
                  gboolean    truncate,
                  goffset     expected_size)
{
  gsize wanted = FIRST_SIZE;

  buffer->max_size = (gsize) MIN (max_size, G_MAXSIZE - 2 * SLACK);
  buffer->limit_name = limit_name;
  buffer->truncate = truncate;
  buffer->expected_size = expected_size;
  buffer->length = 0;
  if (expected_size >= 0 && (guint64) expected_size < G_MAXSIZE)
    wanted = (gsize) expected_size;
  buffer->allocated = MIN (wanted, buffer->max_size) + SLACK;
  buffer->data = g_malloc (buffer->allocated);
}

static void
body_buffer_clear (BodyBuffer *buffer)
{
  g_clear_pointer (&buffer->data, g_free);
}

/* Where the next read goes, and how much it may read. */
static guint8 *
body_buffer_space (BodyBuffer *buffer,
                   gsize      *out_size)
{
  if (buffer->allocated - buffer->length < SLACK)
    {
      /* Longer than announced, or no size announced. The length is at
       * most max_size here, so the last growth leaves SLACK of room. */
      gsize limit = buffer->max_size + SLACK;
      gsize wanted = buffer->allocated <= limit / 2 ? buffer->allocated * 2 : limit;

      buffer->data = g_realloc (buffer->data, wanted);
      buffer->allocated = wanted;
    }

  *out_size = buffer->allocated - buffer->length;
  return buffer->data + buffer->length;
}

static void
set_too_large_error (GError     **error,
                     guint64      max_size,
                     const char  *limit_name)
{
  g_autofree char *limit = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);

  g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_RESPONSE_TOO_LARGE,
               "The sandbox server's answer is larger than the client's "
               "limit of %s (the %s property)", limit, limit_name);
}

/* Takes in @n bytes read into body_buffer_space(). Returns FALSE when
 * the reading is over: *out_done is then TRUE, or @error is set. */
static gboolean
body_buffer_commit (BodyBuffer  *buffer,
                    gsize        n,
                    gboolean    *out_done,
                    GError     **error)
{
  *out_done = FALSE;
  if (n == 0 && !buffer->truncate && buffer->expected_size >= 0 &&
      buffer->length < (guint64) buffer->expected_size)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                   "The sandbox server's answer ended after %" G_GSIZE_FORMAT " of the %"
                   G_GOFFSET_FORMAT " bytes it announced", buffer->length,
                   buffer->expected_size);
      return FALSE;
    }

  *out_done = n == 0;
  if (n == 0)
    return FALSE;

  buffer->length += n;
  if (buffer->length < buffer->max_size)
    return TRUE;

  if (buffer->truncate)
    {
      buffer->length = buffer->max_size;
      *out_done = TRUE;
      return FALSE;
    }

  if (buffer->length == buffer->max_size)
    return TRUE;

  set_too_large_error (error, buffer->max_size, buffer->limit_name);
  return FALSE;
}

/* The buffer itself becomes the bytes: trimmed in place, never copied. */
static GBytes *
body_buffer_steal_bytes (BodyBuffer *buffer)
{
  guint8 *data = g_steal_pointer (&buffer->data);

  if (buffer->length == 0)
    {
      g_free (data);
      return g_bytes_new (NULL, 0);
    }

  if (buffer->length < buffer->allocated)
    data = g_realloc (data, buffer->length);

  return g_bytes_new_take (data, buffer->length);
}

typedef struct
{
  GInputStream *stream;
  BodyBuffer    buffer;
} ReadState;

static void
read_state_free (ReadState *state)
{
  g_clear_object (&state->stream);
  body_buffer_clear (&state->buffer);
  g_free (state);
}

static void read_next (GTask *task);

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadState *state = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean done;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (n < 0)
    {
      g_task_return_error (task, error);
      return;
    }

  if (body_buffer_commit (&state->buffer, (gsize) n, &done, &error))
    read_next (g_steal_pointer (&task));
  else if (done)
    g_task_return_pointer (task, body_buffer_steal_bytes (&state->buffer),
                           (GDestroyNotify) g_bytes_unref);
  else
    g_task_return_error (task, error);
}

static void
read_next (GTask *task)
{
  ReadState *state = g_task_get_task_data (task);
  gsize size;
  guint8 *space = body_buffer_space (&state->buffer, &size);

  g_input_stream_read_async (state->stream, space, size,
                             g_task_get_priority (task),
                             g_task_get_cancellable (task),
                             read_cb, task);
}

static gboolean
check_announced_size (guint64      max_size,
                      const char  *limit_name,
                      gboolean     truncate,
                      goffset      expected_size,
                      GError     **error)
{
  if (expected_size > 0 && (guint64) expected_size > max_size && !truncate)
    {
      set_too_large_error (error, max_size, limit_name);
      return FALSE;
    }

  return TRUE;
}

/* @expected_size is the Content-Length, or -1: a body announced larger than
 * the bound is refused before a byte of it is read. The error names
 * @limit_name, the client property that set @max_size (a static string). */
void
sandbox_body_reader_read_async (GInputStream        *stream,
                                guint64              max_size,
                                const char          *limit_name,
                                gboolean             truncate,
                                goffset              expected_size,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  ReadState *state;

  task = g_task_new (stream, cancellable, callback, user_data);
  g_task_set_source_tag (task, sandbox_body_reader_read_async);

  if (!check_announced_size (max_size, limit_name, truncate, expected_size, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  state = g_new0 (ReadState, 1);
  state->stream = g_object_ref (stream);
  body_buffer_init (&state->buffer, max_size, limit_name, truncate, expected_size);
  g_task_set_task_data (task, state, (GDestroyNotify) read_state_free);

  read_next (g_steal_pointer (&task));
}

GBytes *
sandbox_body_reader_read_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The blocking form, for a stream that libsoup made in a blocking send. */
GBytes *
sandbox_body_reader_read (GInputStream  *stream,
                          guint64        max_size,
                          const char    *limit_name,
                          gboolean       truncate,
                          goffset        expected_size,
                          GCancellable  *cancellable,
                          GError       **error)
{
  BodyBuffer buffer;
  gboolean done = FALSE;
  GBytes *bytes = NULL;

  if (!check_announced_size (max_size, limit_name, truncate, expected_size, error))
    return NULL;

  body_buffer_init (&buffer, max_size, limit_name, truncate, expected_size);
  for (;;)
    {
      gsize size;
      guint8 *space = body_buffer_space (&buffer, &size);
      gssize n = g_input_stream_read (stream, space, size, cancellable, error);

      if (n < 0 || !body_buffer_commit (&buffer, (gsize) n, &done, error))
        break;
    }

  if (done)
    bytes = body_buffer_steal_bytes (&buffer);
  body_buffer_clear (&buffer);

  return bytes;
}
