/* sandbox-filter-stream.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-filter-stream-private.h"

G_DEFINE_ABSTRACT_TYPE (SandboxFilterStream, sandbox_filter_stream, G_TYPE_FILTER_INPUT_STREAM)

static GInputStream *
base_stream (gpointer self)
{
  return g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (self));
}

/* FALSE when the hook answered the read without the base stream. */
static gboolean
read_begin (SandboxFilterStream *self,
            SandboxFilterRead   *read,
            void                *buffer,
            gsize                count,
            GCancellable        *cancellable,
            gssize              *n_given)
{
  SandboxFilterStreamClass *klass = SANDBOX_FILTER_STREAM_GET_CLASS (self);

  read->buffer = read->base_buffer = buffer;
  read->count = read->base_count = count;
  read->cancellable = cancellable;

  return klass->read_begin == NULL || klass->read_begin (self, read, n_given);
}

static gssize
read_end (SandboxFilterStream  *self,
          SandboxFilterRead    *read,
          gssize                n_read,
          GError              **error)
{
  SandboxFilterStreamClass *klass = SANDBOX_FILTER_STREAM_GET_CLASS (self);

  if (klass->read_end != NULL)
    n_read = klass->read_end (self, read, n_read, error);
  if (read->free_data != NULL)
    g_clear_pointer (&read->data, read->free_data);

  return n_read;
}

static gssize
sandbox_filter_stream_read (GInputStream  *stream,
                            void          *buffer,
                            gsize          count,
                            GCancellable  *cancellable,
                            GError       **error)
{
  SandboxFilterStream *self = SANDBOX_FILTER_STREAM (stream);
  SandboxFilterRead read = { 0 };
  GError *local_error = NULL;
  gssize n_read;

  if (!read_begin (self, &read, buffer, count, cancellable, &n_read))
    return n_read;

  n_read = g_input_stream_read (base_stream (self), read.base_buffer, read.base_count,
                                read.cancellable, &local_error);
  n_read = read_end (self, &read, n_read, &local_error);
  if (n_read < 0)
    g_propagate_error (error, local_error);

  return n_read;
}

/* The end of an asynchronous read (a task with its SandboxFilterRead) or
 * close of the base stream. */
static void
base_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GInputStream *base = G_INPUT_STREAM (object);
  GError *error = NULL;
  gssize n;

  if (g_task_get_task_data (task) == NULL)
    n = g_input_stream_close_finish (base, result, &error) ? 0 : -1;
  else
    n = read_end (g_task_get_source_object (task), g_task_get_task_data (task),
                  g_input_stream_read_finish (base, result, &error), &error);

  if (n < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n);
}

static void
sandbox_filter_stream_read_async (GInputStream        *stream,
                                  void                *buffer,
                                  gsize                count,
                                  int                  io_priority,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task = g_task_new (stream, cancellable, callback, user_data);
  SandboxFilterRead *read = g_new0 (SandboxFilterRead, 1);
  gssize n_given;

  g_task_set_source_tag (task, sandbox_filter_stream_read_async);
  g_task_set_task_data (task, read, g_free);
  read->context = g_task_get_context (task);
  if (!read_begin (SANDBOX_FILTER_STREAM (stream), read, buffer, count, cancellable, &n_given))
    {
      g_task_return_int (task, n_given);
      g_object_unref (task);
      return;
    }

  g_input_stream_read_async (base_stream (stream), read->base_buffer, read->base_count,
                             io_priority, read->cancellable, base_done_cb, task);
}

static gssize
sandbox_filter_stream_read_finish (GInputStream  *stream,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}

static void
sandbox_filter_stream_close_async (GInputStream        *stream,
                                   int                  io_priority,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task = g_task_new (stream, cancellable, callback, user_data);

  g_task_set_source_tag (task, sandbox_filter_stream_close_async);
  if (!g_filter_input_stream_get_close_base_stream (G_FILTER_INPUT_STREAM (stream)))
    {
      g_task_return_int (task, 0);
      g_object_unref (task);
      return;
    }

  g_input_stream_close_async (base_stream (stream), io_priority, cancellable,
                              base_done_cb, task);
}

static gboolean
sandbox_filter_stream_close_finish (GInputStream  *stream,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return g_task_propagate_int (G_TASK (result), error) == 0;
}

static void
sandbox_filter_stream_class_init (SandboxFilterStreamClass *klass)
{
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);
  GInputStreamClass *input_class = g_type_class_peek (G_TYPE_INPUT_STREAM);

  stream_class->read_fn = sandbox_filter_stream_read;
  stream_class->read_async = sandbox_filter_stream_read_async;
  stream_class->read_finish = sandbox_filter_stream_read_finish;
  /* GInputStream's skip, not GFilterInputStream's, which would skip the
   * base stream behind the hooks' back: it reads through read_fn, and its
   * skip_async through read_async. */
  stream_class->skip = input_class->skip;
  stream_class->close_async = sandbox_filter_stream_close_async;
  stream_class->close_finish = sandbox_filter_stream_close_finish;
}

static void
sandbox_filter_stream_init (SandboxFilterStream *self)
{
}
