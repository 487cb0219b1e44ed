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
 * start is shown). */

#define CHUNK_SIZE (64 * 1024)

typedef struct
{
  GInputStream *stream;
  GByteArray   *buffer;
  guint64       max_size;
  const char   *limit_name;
  gboolean      truncate;
} ReadState;

static void
read_state_free (ReadState *state)
{
  g_clear_object (&state->stream);
  g_clear_pointer (&state->buffer, g_byte_array_unref);
  g_free (state);
}

static void
set_too_large_error (GTask      *task,
                     guint64     max_size,
                     const char *limit_name)
{
  g_autofree char *limit = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);

  g_task_return_new_error (task, SANDBOX_ERROR, SANDBOX_ERROR_RESPONSE_TOO_LARGE,
                           "The sandbox server's answer is larger than the client's "
                           "limit of %s (the %s property)", limit, limit_name);
}

static void read_next_chunk (GTask *task);

static void
read_chunk_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadState *state = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;
  gsize size;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  size = g_bytes_get_size (chunk);
  if (size == 0)
    {
      g_task_return_pointer (task,
                             g_byte_array_free_to_bytes (g_steal_pointer (&state->buffer)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }

  if ((guint64) state->buffer->len + size > state->max_size)
    {
      if (state->truncate)
        {
          g_byte_array_append (state->buffer, g_bytes_get_data (chunk, NULL),
                               (guint) (state->max_size - state->buffer->len));
          g_task_return_pointer (task,
                                 g_byte_array_free_to_bytes (g_steal_pointer (&state->buffer)),
                                 (GDestroyNotify) g_bytes_unref);
        }
      else
        {
          set_too_large_error (task, state->max_size, state->limit_name);
        }
      return;
    }

  g_byte_array_append (state->buffer, g_bytes_get_data (chunk, NULL), (guint) size);
  read_next_chunk (g_steal_pointer (&task));
}

static void
read_next_chunk (GTask *task)
{
  ReadState *state = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (state->stream, CHUNK_SIZE,
                                   g_task_get_priority (task),
                                   g_task_get_cancellable (task),
                                   read_chunk_cb, task);
}

static void
start_read (GInputStream        *stream,
            guint64              max_size,
            const char          *limit_name,
            gboolean             truncate,
            goffset              expected_size,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadState *state;

  task = g_task_new (stream, cancellable, callback, user_data);
  g_task_set_source_tag (task, sandbox_body_reader_read_async);

  if (expected_size > 0 && (guint64) expected_size > max_size && !truncate)
    {
      set_too_large_error (task, max_size, limit_name);
      return;
    }

  state = g_new0 (ReadState, 1);
  state->stream = g_object_ref (stream);
  state->max_size = MIN (max_size, G_MAXUINT);
  state->limit_name = limit_name;
  state->truncate = truncate;
  state->buffer = g_byte_array_sized_new (expected_size > 0
                                          ? (guint) MIN ((guint64) expected_size, max_size)
                                          : 0);
  g_task_set_task_data (task, state, (GDestroyNotify) read_state_free);

  read_next_chunk (g_steal_pointer (&task));
}

/* @expected_size is the Content-Length, or -1: a body announced larger than
 * the bound is refused before a byte of it is read. */
void
sandbox_body_reader_read_async (GInputStream        *stream,
                                guint64              max_size,
                                gboolean             truncate,
                                goffset              expected_size,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  start_read (stream, max_size, "max-response-size", truncate, expected_size,
              cancellable, callback, user_data);
}

/* The same, never truncating, where the error names @limit_name, the
 * client property that set @max_size (a static string). */
void
sandbox_body_reader_read_limited_async (GInputStream        *stream,
                                        guint64              max_size,
                                        const char          *limit_name,
                                        goffset              expected_size,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  start_read (stream, max_size, limit_name, FALSE, expected_size,
              cancellable, callback, user_data);
}

GBytes *
sandbox_body_reader_read_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
