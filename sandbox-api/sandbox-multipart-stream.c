/* sandbox-multipart-stream.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "sandbox-multipart-stream-private.h"

/* A stream made of three parts read one after the other: the multipart
 * framing before the archive, exactly @body_size bytes of the archive
 * stream, and the framing after it. It lets libsoup send an upload of
 * known length without the archive ever being copied into memory. */
struct _SandboxMultipartStream
{
  GInputStream  parent_instance;

  GBytes       *head;
  GInputStream *body;
  goffset       body_size;
  GBytes       *tail;

  goffset       position;

  /* Archive bytes read ahead by read_async, not yet handed out. */
  GBytes       *prefetched;
  gsize         prefetched_offset;
};

G_DEFINE_FINAL_TYPE (SandboxMultipartStream, sandbox_multipart_stream, G_TYPE_INPUT_STREAM)

/* libsoup splices the body 8 KiB at a time: reading the archive in larger
 * blocks keeps the thread hops of a file stream's asynchronous reads few. */
#define PREFETCH_SIZE (256 * 1024)

static gssize
copy_from_bytes (GBytes *bytes,
                 goffset offset,
                 void   *buffer,
                 gsize   count)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  gsize n = MIN (count, size - (gsize) offset);

  memcpy (buffer, data + offset, n);
  return (gssize) n;
}

static gssize
take_prefetched (SandboxMultipartStream *self,
                 void                   *buffer,
                 gsize                   count)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (self->prefetched, &size);
  gsize n = MIN (count, size - self->prefetched_offset);

  memcpy (buffer, data + self->prefetched_offset, n);
  self->prefetched_offset += n;
  if (self->prefetched_offset == size)
    {
      g_clear_pointer (&self->prefetched, g_bytes_unref);
      self->prefetched_offset = 0;
    }

  return (gssize) n;
}

static gboolean
set_short_archive_error (SandboxMultipartStream  *self,
                         GError                 **error)
{
  goffset head_size = (goffset) g_bytes_get_size (self->head);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
               "The environment archive ended after %" G_GOFFSET_FORMAT
               " bytes instead of the %" G_GOFFSET_FORMAT " announced",
               self->position - head_size, self->body_size);
  return FALSE;
}

static gssize
sandbox_multipart_stream_read (GInputStream  *stream,
                               void          *buffer,
                               gsize          count,
                               GCancellable  *cancellable,
                               GError       **error)
{
  SandboxMultipartStream *self = SANDBOX_MULTIPART_STREAM (stream);
  goffset head_size = (goffset) g_bytes_get_size (self->head);
  goffset tail_size = (goffset) g_bytes_get_size (self->tail);
  goffset body_end = head_size + self->body_size;
  gssize n;

  if (count == 0)
    return 0;

  if (self->position < head_size)
    {
      n = copy_from_bytes (self->head, self->position, buffer, count);
    }
  else if (self->position < body_end && self->prefetched != NULL)
    {
      n = take_prefetched (self, buffer, count);
    }
  else if (self->position < body_end)
    {
      gsize wanted = (gsize) MIN ((goffset) count, body_end - self->position);

      n = g_input_stream_read (self->body, buffer, wanted, cancellable, error);
      if (n < 0)
        return -1;

      if (n == 0)
        {
          set_short_archive_error (self, error);
          return -1;
        }
    }
  else if (self->position < body_end + tail_size)
    {
      n = copy_from_bytes (self->tail, self->position - body_end, buffer, count);
    }
  else
    {
      n = 0;
    }

  self->position += n;
  return n;
}

typedef struct
{
  void  *buffer;
  gsize  count;
} ReadRequest;

static void
prefetch_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SandboxMultipartStream *self = g_task_get_source_object (task);
  ReadRequest *request = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  gssize n;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      set_short_archive_error (self, &error);
      g_task_return_error (task, error);
      return;
    }

  self->prefetched = g_steal_pointer (&bytes);
  self->prefetched_offset = 0;
  n = take_prefetched (self, request->buffer, request->count);
  self->position += n;
  g_task_return_int (task, n);
}

static void
sandbox_multipart_stream_read_async (GInputStream        *stream,
                                     void                *buffer,
                                     gsize                count,
                                     int                  io_priority,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  SandboxMultipartStream *self = SANDBOX_MULTIPART_STREAM (stream);
  goffset body_start = (goffset) g_bytes_get_size (self->head);
  goffset body_end = body_start + self->body_size;
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  gssize n;

  task = g_task_new (stream, cancellable, callback, user_data);
  g_task_set_source_tag (task, sandbox_multipart_stream_read_async);

  if (self->position >= body_start && self->position < body_end && self->prefetched == NULL)
    {
      ReadRequest *request = g_new0 (ReadRequest, 1);
      gsize wanted = (gsize) MIN ((goffset) PREFETCH_SIZE, body_end - self->position);

      request->buffer = buffer;
      request->count = MIN (count, wanted);
      g_task_set_task_data (task, request, g_free);
      g_input_stream_read_bytes_async (self->body, wanted, io_priority, cancellable,
                                       prefetch_cb, g_steal_pointer (&task));
      return;
    }

  /* The framing, or archive bytes already read ahead: no I/O to wait for. */
  n = sandbox_multipart_stream_read (stream, buffer, count, cancellable, &error);
  if (n < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n);
}

static gssize
sandbox_multipart_stream_read_finish (GInputStream  *stream,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}

static gboolean
sandbox_multipart_stream_close (GInputStream  *stream,
                                GCancellable  *cancellable,
                                GError       **error)
{
  SandboxMultipartStream *self = SANDBOX_MULTIPART_STREAM (stream);

  if (self->body == NULL)
    return TRUE;

  return g_input_stream_close (self->body, cancellable, error);
}

static void
sandbox_multipart_stream_finalize (GObject *object)
{
  SandboxMultipartStream *self = SANDBOX_MULTIPART_STREAM (object);

  g_clear_pointer (&self->head, g_bytes_unref);
  g_clear_object (&self->body);
  g_clear_pointer (&self->tail, g_bytes_unref);
  g_clear_pointer (&self->prefetched, g_bytes_unref);

  G_OBJECT_CLASS (sandbox_multipart_stream_parent_class)->finalize (object);
}

static void
sandbox_multipart_stream_class_init (SandboxMultipartStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = sandbox_multipart_stream_finalize;

  stream_class->read_fn = sandbox_multipart_stream_read;
  stream_class->read_async = sandbox_multipart_stream_read_async;
  stream_class->read_finish = sandbox_multipart_stream_read_finish;
  stream_class->close_fn = sandbox_multipart_stream_close;
}

static void
sandbox_multipart_stream_init (SandboxMultipartStream *self)
{
}

/* @body may be %NULL (with a @body_size of 0) for a body with no archive. */
GInputStream *
sandbox_multipart_stream_new (GBytes       *head,
                              GInputStream *body,
                              goffset       body_size,
                              GBytes       *tail)
{
  SandboxMultipartStream *self;

  g_return_val_if_fail (head != NULL, NULL);
  g_return_val_if_fail (tail != NULL, NULL);
  g_return_val_if_fail (body != NULL || body_size == 0, NULL);

  self = g_object_new (SANDBOX_TYPE_MULTIPART_STREAM, NULL);
  self->head = g_bytes_ref (head);
  self->body = body != NULL ? g_object_ref (body) : NULL;
  self->body_size = body_size;
  self->tail = g_bytes_ref (tail);

  return G_INPUT_STREAM (self);
}

goffset
sandbox_multipart_stream_get_length (SandboxMultipartStream *self)
{
  return (goffset) g_bytes_get_size (self->head) + self->body_size
         + (goffset) g_bytes_get_size (self->tail);
}
