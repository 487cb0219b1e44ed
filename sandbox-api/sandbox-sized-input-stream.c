/* sandbox-sized-input-stream.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-filter-close-private.h"
#include "sandbox-sized-input-stream-private.h"

/* A body whose Content-Length was announced: libsoup 3.2 ends it quietly
 * when the connection closes early, so that a download cut in the middle
 * would look complete. This stream turns that early end into
 * G_IO_ERROR_PARTIAL_INPUT. Reads and closes go to the base stream in the
 * caller's context, never through a thread, as libsoup needs. */

struct _SandboxSizedInputStream
{
  GFilterInputStream parent_instance;

  goffset size;
  goffset n_read;
};

G_DEFINE_FINAL_TYPE (SandboxSizedInputStream, sandbox_sized_input_stream,
                     G_TYPE_FILTER_INPUT_STREAM)

static GInputStream *
base_stream (SandboxSizedInputStream *self)
{
  return g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (self));
}

/* Counts what was read; an end before the announced size is an error. */
static gssize
account (SandboxSizedInputStream  *self,
         gssize                    n_read,
         GError                  **error)
{
  if (n_read > 0)
    self->n_read += n_read;
  else if (n_read == 0 && self->n_read < self->size)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                   "The sandbox server closed the connection after %" G_GOFFSET_FORMAT
                   " of the %" G_GOFFSET_FORMAT " bytes it announced",
                   self->n_read, self->size);
      return -1;
    }

  return n_read;
}

static gssize
sandbox_sized_input_stream_read (GInputStream  *stream,
                                 void          *buffer,
                                 gsize          count,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  SandboxSizedInputStream *self = SANDBOX_SIZED_INPUT_STREAM (stream);
  gssize n_read = g_input_stream_read (base_stream (self), buffer, count, cancellable, error);

  return account (self, n_read, error);
}

static void
base_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SandboxSizedInputStream *self = g_task_get_source_object (task);
  GError *error = NULL;
  gssize n_read;

  n_read = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  n_read = account (self, n_read, error != NULL ? NULL : &error);
  if (n_read < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n_read);
}

static void
sandbox_sized_input_stream_read_async (GInputStream        *stream,
                                       void                *buffer,
                                       gsize                count,
                                       int                  io_priority,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  SandboxSizedInputStream *self = SANDBOX_SIZED_INPUT_STREAM (stream);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, sandbox_sized_input_stream_read_async);
  g_input_stream_read_async (base_stream (self), buffer, count, io_priority, cancellable,
                             base_read_cb, task);
}

static gssize
sandbox_sized_input_stream_read_finish (GInputStream  *stream,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}

static void
sandbox_sized_input_stream_class_init (SandboxSizedInputStreamClass *klass)
{
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  stream_class->read_fn = sandbox_sized_input_stream_read;
  stream_class->read_async = sandbox_sized_input_stream_read_async;
  stream_class->read_finish = sandbox_sized_input_stream_read_finish;
  stream_class->close_async = sandbox_filter_close_async;
  stream_class->close_finish = sandbox_filter_close_finish;
}

static void
sandbox_sized_input_stream_init (SandboxSizedInputStream *self)
{
}

/* Reads @base_stream, which must hold @size bytes. */
GInputStream *
sandbox_sized_input_stream_new (GInputStream *base_stream,
                                goffset       size)
{
  SandboxSizedInputStream *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (base_stream), NULL);
  g_return_val_if_fail (size >= 0, NULL);

  self = g_object_new (SANDBOX_TYPE_SIZED_INPUT_STREAM,
                       "base-stream", base_stream,
                       NULL);
  self->size = size;

  return G_INPUT_STREAM (self);
}
