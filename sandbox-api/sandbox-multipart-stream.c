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
};

G_DEFINE_FINAL_TYPE (SandboxMultipartStream, sandbox_multipart_stream, G_TYPE_INPUT_STREAM)

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
  else if (self->position < body_end)
    {
      gsize wanted = (gsize) MIN ((goffset) count, body_end - self->position);

      n = g_input_stream_read (self->body, buffer, wanted, cancellable, error);
      if (n < 0)
        return -1;

      if (n == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                       "The environment archive ended after %" G_GOFFSET_FORMAT
                       " bytes instead of the %" G_GOFFSET_FORMAT " announced",
                       self->position - head_size, self->body_size);
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

  G_OBJECT_CLASS (sandbox_multipart_stream_parent_class)->finalize (object);
}

static void
sandbox_multipart_stream_class_init (SandboxMultipartStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = sandbox_multipart_stream_finalize;

  stream_class->read_fn = sandbox_multipart_stream_read;
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
