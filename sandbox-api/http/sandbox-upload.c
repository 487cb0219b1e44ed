/* sandbox-upload.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "sandbox-exact-length-stream-private.h"
#include "sandbox-upload-private.h"
#include "sandbox-i18n-private.h"

/* An execute's multipart/form-data body: the `config` field and optionally
 * the `environment` file, streamed with an exact length (the server reads a
 * chunked body as empty): the framing before the archive, exactly
 * @body_size bytes of it (its base stream), and the framing after. */
struct _SandboxMultipartStream
{
  SandboxFilterStream  parent_instance;

  GBytes       *head;
  goffset       body_size;
  GBytes       *tail;

  goffset       position;

  /* Archive bytes read ahead in one large read, not yet handed out. */
  guint8       *block;
  gsize         block_offset;
  gsize         block_length;
};

G_DEFINE_FINAL_TYPE (SandboxMultipartStream, sandbox_multipart_stream,
                     SANDBOX_TYPE_FILTER_STREAM)

/* libsoup splices 8 KiB at a time: larger reads of the archive keep system
 * calls, and a file stream's thread hops, few. */
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

/* The framing and the bytes read ahead need no read of the archive. */
static gboolean
sandbox_multipart_stream_read_begin (SandboxFilterStream *stream,
                                     SandboxFilterRead   *read,
                                     gssize              *n_given)
{
  SandboxMultipartStream *self = SANDBOX_MULTIPART_STREAM (stream);
  goffset head_size = (goffset) g_bytes_get_size (self->head);
  goffset tail_size = (goffset) g_bytes_get_size (self->tail);
  goffset body_end = head_size + self->body_size;

  if (self->position < head_size)
    *n_given = copy_from_bytes (self->head, self->position, read->buffer, read->count);
  else if (self->position < body_end && self->block_length > 0)
    *n_given = take_from_block (self, read->buffer, read->count);
  else if (self->position < body_end)
    {
      if (self->block == NULL)
        self->block = g_malloc (BLOCK_SIZE);
      read->base_buffer = self->block;
      read->base_count = (gsize) MIN ((goffset) BLOCK_SIZE, body_end - self->position);
      return TRUE;
    }
  else if (self->position < body_end + tail_size)
    *n_given = copy_from_bytes (self->tail, self->position - body_end, read->buffer,
                                read->count);
  else
    *n_given = 0;

  self->position += *n_given;
  return FALSE;
}

/* The archive's stream fails a read rather than end early. */
static gssize
sandbox_multipart_stream_read_end (SandboxFilterStream  *stream,
                                   SandboxFilterRead    *read,
                                   gssize                n_read,
                                   GError              **error)
{
  SandboxMultipartStream *self = SANDBOX_MULTIPART_STREAM (stream);

  if (n_read <= 0)
    return n_read;

  self->block_length = (gsize) n_read;
  n_read = take_from_block (self, read->buffer, read->count);
  self->position += n_read;
  return n_read;
}

static void
sandbox_multipart_stream_finalize (GObject *object)
{
  SandboxMultipartStream *self = SANDBOX_MULTIPART_STREAM (object);

  g_clear_pointer (&self->head, g_bytes_unref);
  g_clear_pointer (&self->tail, g_bytes_unref);
  g_clear_pointer (&self->block, g_free);

  G_OBJECT_CLASS (sandbox_multipart_stream_parent_class)->finalize (object);
}

static void
sandbox_multipart_stream_class_init (SandboxMultipartStreamClass *klass)
{
  SandboxFilterStreamClass *filter_class = SANDBOX_FILTER_STREAM_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = sandbox_multipart_stream_finalize;
  filter_class->read_begin = sandbox_multipart_stream_read_begin;
  filter_class->read_end = sandbox_multipart_stream_read_end;
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
  g_autoptr(GInputStream) archive = NULL;

  g_return_val_if_fail (head != NULL, NULL);
  g_return_val_if_fail (tail != NULL, NULL);
  g_return_val_if_fail (body != NULL || body_size == 0, NULL);

  if (body != NULL)
    archive = sandbox_exact_length_stream_new (body, body_size, G_IO_ERROR,
                                               G_IO_ERROR_PARTIAL_INPUT,
                                               _("The environment archive"));
  else
    archive = g_memory_input_stream_new ();

  self = g_object_new (SANDBOX_TYPE_MULTIPART_STREAM, "base-stream", archive, NULL);
  self->head = g_bytes_ref (head);
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

void
sandbox_upload_free (SandboxUpload *self)
{
  if (self == NULL)
    return;

  g_free (self->content_type);
  g_clear_object (&self->body);
  g_free (self);
}

/* A file name fit for a quoted header parameter. */
static char *
sanitize_filename (const char *filename)
{
  char *sanitized = g_strdup (filename != NULL && *filename != '\0'
                              ? filename : "environment.tgz");

  for (char *p = sanitized; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\' || (guchar) *p < 0x20 || *p == 0x7f)
        *p = '_';
    }

  return sanitized;
}

SandboxUpload *
sandbox_upload_new (const char   *config_json,
                    GInputStream *archive,
                    goffset       archive_size,
                    const char   *filename)
{
  g_autofree char *boundary = NULL;
  g_autoptr(GString) head = g_string_new (NULL);
  g_autoptr(GBytes) head_bytes = NULL;
  g_autoptr(GBytes) tail_bytes = NULL;
  SandboxUpload *upload;
  char *tail;

  boundary = g_strdup_printf ("sandbox-api-%08x%08x%08x%08x",
                              g_random_int (), g_random_int (),
                              g_random_int (), g_random_int ());

  g_string_append_printf (head,
                          "--%s\r\n"
                          "Content-Disposition: form-data; name=\"config\"\r\n"
                          "\r\n"
                          "%s\r\n",
                          boundary, config_json);

  if (archive != NULL)
    {
      g_autofree char *sanitized = sanitize_filename (filename);

      g_string_append_printf (head,
                              "--%s\r\n"
                              "Content-Disposition: form-data; name=\"environment\"; "
                              "filename=\"%s\"\r\n"
                              "Content-Type: application/gzip\r\n"
                              "\r\n",
                              boundary, sanitized);
    }

  tail = g_strdup_printf ("%s--%s--\r\n", archive != NULL ? "\r\n" : "", boundary);
  tail_bytes = g_bytes_new_take (tail, strlen (tail));
  head_bytes = g_string_free_to_bytes (g_steal_pointer (&head));

  upload = g_new0 (SandboxUpload, 1);
  upload->content_type = g_strdup_printf ("multipart/form-data; boundary=%s", boundary);
  upload->body = sandbox_multipart_stream_new (head_bytes, archive, archive_size, tail_bytes);
  upload->length = sandbox_multipart_stream_get_length (SANDBOX_MULTIPART_STREAM (upload->body));

  return upload;
}

