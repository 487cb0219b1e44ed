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

  /* Archive bytes read ahead in one large read, not yet handed out. */
  guint8       *block;
  gsize         block_offset;
  gsize         block_length;
};

G_DEFINE_FINAL_TYPE (SandboxMultipartStream, sandbox_multipart_stream, G_TYPE_INPUT_STREAM)

/* libsoup splices the body 8 KiB at a time: reading the archive in larger
 * blocks keeps the system calls of a blocking read, and the thread hops of
 * a file stream's asynchronous reads, few. */
#define BLOCK_SIZE (256 * 1024)

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
take_from_block (SandboxMultipartStream *self,
                 void                   *buffer,
                 gsize                   count)
{
  gsize n = MIN (count, self->block_length - self->block_offset);

  memcpy (buffer, self->block + self->block_offset, n);
  self->block_offset += n;
  if (self->block_offset == self->block_length)
    self->block_offset = self->block_length = 0;

  return (gssize) n;
}

/* Where the next large read of the archive goes, and how much it may read. */
static guint8 *
block_space (SandboxMultipartStream *self,
             gsize                  *out_size)
{
  goffset body_end = (goffset) g_bytes_get_size (self->head) + self->body_size;

  g_assert (self->block_length == 0);

  if (self->block == NULL)
    self->block = g_malloc (BLOCK_SIZE);

  *out_size = (gsize) MIN ((goffset) BLOCK_SIZE, body_end - self->position);
  return self->block;
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
  else if (self->position < body_end && self->block_length > 0)
    {
      n = take_from_block (self, buffer, count);
    }
  else if (self->position < body_end)
    {
      gsize wanted;
      guint8 *space = block_space (self, &wanted);

      n = g_input_stream_read (self->body, space, wanted, cancellable, error);
      if (n < 0)
        return -1;

      if (n == 0)
        {
          set_short_archive_error (self, error);
          return -1;
        }

      self->block_length = (gsize) n;
      n = take_from_block (self, buffer, count);
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
block_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SandboxMultipartStream *self = g_task_get_source_object (task);
  ReadRequest *request = g_task_get_task_data (task);
  GError *error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (n < 0)
    {
      g_task_return_error (task, error);
      return;
    }

  if (n == 0)
    {
      set_short_archive_error (self, &error);
      g_task_return_error (task, error);
      return;
    }

  self->block_length = (gsize) n;
  n = take_from_block (self, request->buffer, request->count);
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

  if (self->position >= body_start && self->position < body_end && self->block_length == 0)
    {
      ReadRequest *request = g_new0 (ReadRequest, 1);
      gsize wanted;
      guint8 *space = block_space (self, &wanted);

      request->buffer = buffer;
      request->count = count;
      g_task_set_task_data (task, request, g_free);
      g_input_stream_read_async (self->body, space, wanted, io_priority, cancellable,
                                 block_read_cb, g_steal_pointer (&task));
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
  g_clear_pointer (&self->block, g_free);

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
