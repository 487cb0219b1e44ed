/* sandbox-environment-stream.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>
#include <zlib.h>

#include "sandbox-environment-stream-private.h"
#include "sandbox-error.h"
#include "sandbox-tar-private.h"
#include "sandbox-tree-private.h"

/* A tar archive of a list of entries, written as it is read: each header
 * when its member comes, each file's data read from the file then (which
 * sandbox_tree_file_open() refuses when it is not the file listed). The
 * length follows from the headers and the sizes measured when listing; a
 * file of another size fails with SANDBOX_ERROR_FILE_CHANGED, so that the
 * stream never gives more or fewer bytes than announced.
 *
 * With @gzip, the tar is wrapped in a gzip member made of stored (not
 * compressed) deflate blocks, whose length also follows from the tar's. */

#define GZIP_HEADER_SIZE  10
#define GZIP_TRAILER_SIZE 8
#define STORED_BLOCK_MAX  65535
#define STORED_HEADER_SIZE 5

typedef enum
{
  PHASE_HEADER,
  PHASE_DATA,
  PHASE_PADDING,
  PHASE_END,
  PHASE_DONE,
} Phase;

typedef enum
{
  GZIP_START,
  GZIP_BODY,
  GZIP_DONE,
} GzipStage;

struct _SandboxEnvironmentStream
{
  GInputStream  parent_instance;

  GPtrArray    *entries;
  gboolean      gzip;
  goffset       tar_length;

  /* The tar being written. */
  guint         index;
  Phase         phase;
  GByteArray   *header;
  gsize         header_offset;
  goffset       left;          /* of the data, padding or end */
  GInputStream *file_stream;
  GError       *error;         /* sticky: once failed, always failed */

  /* The gzip framing around it. */
  GzipStage     gzip_stage;
  goffset       tar_position;
  guint8        frame[GZIP_HEADER_SIZE];   /* framing bytes not handed out yet */
  gsize         frame_offset;
  gsize         frame_length;
  goffset       block_left;
  uLong         crc;
};

G_DEFINE_FINAL_TYPE (SandboxEnvironmentStream, sandbox_environment_stream,
                     G_TYPE_INPUT_STREAM)

static goffset
n_stored_blocks (goffset tar_length)
{
  return MAX (1, (tar_length + STORED_BLOCK_MAX - 1) / STORED_BLOCK_MAX);
}

static goffset
gzip_length (goffset tar_length)
{
  return GZIP_HEADER_SIZE + n_stored_blocks (tar_length) * STORED_HEADER_SIZE
         + tar_length + GZIP_TRAILER_SIZE;
}

static SandboxTarEntry *
current_entry (SandboxEnvironmentStream *self)
{
  return g_ptr_array_index (self->entries, self->index);
}

static const char *
entry_name (SandboxTarEntry *entry)
{
  return entry->file != NULL ? g_file_peek_path (entry->file) : entry->path;
}

/* Any failure but a cancellation (after which retrying is fine) sticks. */
static gssize
fail (SandboxEnvironmentStream  *self,
      GError                    *owned_error,
      GError                   **error)
{
  if (!g_error_matches (owned_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    self->error = g_error_copy (owned_error);
  g_propagate_error (error, owned_error);
  return -1;
}

static gssize
fail_changed (SandboxEnvironmentStream  *self,
              GError                   **error)
{
  SandboxTarEntry *entry = self->index < self->entries->len ? current_entry (self) : NULL;

  return fail (self, g_error_new (SANDBOX_ERROR, SANDBOX_ERROR_FILE_CHANGED,
                                  "'%s' changed while it was being sent",
                                  entry != NULL ? entry_name (entry) : "The environment"),
               error);
}

/* Moves to the next member's header, or to the end blocks. */
static void
next_entry (SandboxEnvironmentStream *self,
            gboolean                  first)
{
  if (!first)
    self->index++;

  if (self->index >= self->entries->len)
    {
      self->phase = PHASE_END;
      self->left = 2 * SANDBOX_TAR_BLOCK;
      return;
    }

  g_byte_array_set_size (self->header, 0);
  sandbox_tar_append_header (self->header, current_entry (self));
  self->header_offset = 0;
  self->phase = PHASE_HEADER;
}

static void
start_padding (SandboxEnvironmentStream *self)
{
  SandboxTarEntry *entry = current_entry (self);

  self->phase = PHASE_PADDING;
  self->left = entry->type == G_FILE_TYPE_REGULAR ? sandbox_tar_padding (entry->size) : 0;
}

/* A file's data: exactly the measured size, and then its end. */
static gssize
read_file_data (SandboxEnvironmentStream  *self,
                guint8                    *buffer,
                gsize                      count,
                GCancellable              *cancellable,
                GError                   **error)
{
  SandboxTarEntry *entry = current_entry (self);
  GError *local_error = NULL;
  guint8 extra;
  gssize more;
  gssize n;

  if (self->file_stream == NULL)
    {
      self->file_stream = sandbox_tree_file_open (entry->source, cancellable, &local_error);
      if (self->file_stream == NULL)
        return fail (self, local_error, error);
    }

  n = 0;
  if (self->left > 0)
    {
      n = g_input_stream_read (self->file_stream, buffer,
                               (gsize) MIN ((goffset) count, self->left),
                               cancellable, &local_error);
      if (n < 0)
        {
          if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_prefix_error (&local_error, "Could not read '%s': ", entry_name (entry));
          return fail (self, local_error, error);
        }
      if (n == 0)
        return fail_changed (self, error);

      self->left -= n;
      if (self->left > 0)
        return n;
    }

  /* All of it read: the file must end there. */
  more = g_input_stream_read (self->file_stream, &extra, 1, cancellable, &local_error);
  if (more < 0)
    return fail (self, local_error, error);
  if (more > 0)
    return fail_changed (self, error);

  g_input_stream_close (self->file_stream, NULL, NULL);
  g_clear_object (&self->file_stream);
  start_padding (self);
  return n;
}

/* The next bytes of the tar archive, at most @count (> 0). */
static gssize
read_tar (SandboxEnvironmentStream  *self,
          guint8                    *buffer,
          gsize                      count,
          GCancellable              *cancellable,
          GError                   **error)
{
  for (;;)
    {
      SandboxTarEntry *entry;
      gsize n;

      switch (self->phase)
        {
        case PHASE_HEADER:
          n = MIN (count, self->header->len - self->header_offset);
          memcpy (buffer, self->header->data + self->header_offset, n);
          self->header_offset += n;
          if (self->header_offset == self->header->len)
            {
              entry = current_entry (self);
              self->phase = PHASE_DATA;
              self->left = entry->type == G_FILE_TYPE_REGULAR ? entry->size : 0;
            }
          return (gssize) n;

        case PHASE_DATA:
          entry = current_entry (self);
          if (entry->type != G_FILE_TYPE_REGULAR)
            {
              start_padding (self);
              continue;
            }
          if (entry->bytes == NULL)
            {
              gssize got = read_file_data (self, buffer, count, cancellable, error);

              if (got != 0)
                return got;
              continue;
            }
          if (self->left == 0)
            {
              start_padding (self);
              continue;
            }
          n = (gsize) MIN ((goffset) count, self->left);
          memcpy (buffer, (const guint8 *) g_bytes_get_data (entry->bytes, NULL)
                          + (g_bytes_get_size (entry->bytes) - (gsize) self->left), n);
          self->left -= (goffset) n;
          return (gssize) n;

        case PHASE_PADDING:
        case PHASE_END:
          if (self->left == 0)
            {
              if (self->phase == PHASE_END)
                {
                  self->phase = PHASE_DONE;
                  return 0;
                }
              next_entry (self, FALSE);
              continue;
            }
          n = (gsize) MIN ((goffset) MIN (count, SANDBOX_TAR_BLOCK), self->left);
          memset (buffer, 0, n);
          self->left -= (goffset) n;
          return (gssize) n;

        case PHASE_DONE:
        default:
          return 0;
        }
    }
}

static void
set_frame (SandboxEnvironmentStream *self,
           const guint8             *bytes,
           gsize                     length)
{
  g_assert (length <= sizeof self->frame);
  memcpy (self->frame, bytes, length);
  self->frame_offset = 0;
  self->frame_length = length;
}

/* The gzip framing: the header, each stored block's 5-byte header before
 * its data, and the CRC-32 and length of the tar after it. */
static gssize
read_gzip (SandboxEnvironmentStream  *self,
           guint8                    *buffer,
           gsize                      count,
           GCancellable              *cancellable,
           GError                   **error)
{
  static const guint8 gzip_header[GZIP_HEADER_SIZE] = {
    0x1f, 0x8b, 8 /* deflate */, 0 /* no flags */, 0, 0, 0, 0 /* no time */, 0, 3 /* Unix */
  };

  for (;;)
    {
      gssize n;

      if (self->frame_offset < self->frame_length)
        {
          gsize k = MIN (count, self->frame_length - self->frame_offset);

          memcpy (buffer, self->frame + self->frame_offset, k);
          self->frame_offset += k;
          return (gssize) k;
        }

      switch (self->gzip_stage)
        {
        case GZIP_START:
          set_frame (self, gzip_header, GZIP_HEADER_SIZE);
          self->gzip_stage = GZIP_BODY;
          continue;

        case GZIP_BODY:
          if (self->tar_position == self->tar_length)
            {
              guint32 trailer[2] = { GUINT32_TO_LE ((guint32) self->crc),
                                     GUINT32_TO_LE ((guint32) self->tar_length) };

              set_frame (self, (const guint8 *) trailer, GZIP_TRAILER_SIZE);
              self->gzip_stage = GZIP_DONE;
              continue;
            }

          if (self->block_left == 0)
            {
              guint size = (guint) MIN (self->tar_length - self->tar_position, STORED_BLOCK_MAX);
              gboolean last = self->tar_position + size == self->tar_length;
              guint8 block[STORED_HEADER_SIZE] = {
                last ? 1 : 0, size & 0xff, (size >> 8) & 0xff, ~size & 0xff, (~size >> 8) & 0xff
              };

              set_frame (self, block, STORED_HEADER_SIZE);
              self->block_left = size;
              continue;
            }

          n = read_tar (self, buffer, (gsize) MIN ((goffset) count, self->block_left),
                        cancellable, error);
          if (n < 0)
            return -1;
          if (n == 0)
            return fail_changed (self, error);

          self->crc = crc32 (self->crc, buffer, (uInt) n);
          self->block_left -= n;
          self->tar_position += n;
          return n;

        case GZIP_DONE:
        default:
          return 0;
        }
    }
}

static gssize
sandbox_environment_stream_read (GInputStream  *stream,
                                 void          *buffer,
                                 gsize          count,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  SandboxEnvironmentStream *self = SANDBOX_ENVIRONMENT_STREAM (stream);

  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return -1;
    }

  if (count == 0)
    return 0;

  if (self->gzip)
    return read_gzip (self, buffer, count, cancellable, error);
  return read_tar (self, buffer, count, cancellable, error);
}

static gboolean
sandbox_environment_stream_close (GInputStream  *stream,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  SandboxEnvironmentStream *self = SANDBOX_ENVIRONMENT_STREAM (stream);

  if (self->file_stream != NULL)
    g_input_stream_close (self->file_stream, NULL, NULL);
  g_clear_object (&self->file_stream);
  return TRUE;
}

static void
sandbox_environment_stream_finalize (GObject *object)
{
  SandboxEnvironmentStream *self = SANDBOX_ENVIRONMENT_STREAM (object);

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->header, g_byte_array_unref);
  g_clear_object (&self->file_stream);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (sandbox_environment_stream_parent_class)->finalize (object);
}

static void
sandbox_environment_stream_class_init (SandboxEnvironmentStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = sandbox_environment_stream_finalize;

  /* Asynchronous reads run this one in a thread: GInputStream's default. */
  stream_class->read_fn = sandbox_environment_stream_read;
  stream_class->close_fn = sandbox_environment_stream_close;
}

static void
sandbox_environment_stream_init (SandboxEnvironmentStream *self)
{
  self->header = g_byte_array_new ();
  self->crc = crc32 (0L, Z_NULL, 0);
}

/* @entries holds SandboxTarEntry, measured, in the order they are written;
 * the stream keeps a reference and never changes them. */
GInputStream *
sandbox_environment_stream_new (GPtrArray *entries,
                                gboolean   gzip)
{
  SandboxEnvironmentStream *self = g_object_new (SANDBOX_TYPE_ENVIRONMENT_STREAM, NULL);

  self->entries = g_ptr_array_ref (entries);
  self->gzip = gzip;

  self->tar_length = 2 * SANDBOX_TAR_BLOCK;
  for (guint i = 0; i < entries->len; i++)
    self->tar_length += sandbox_tar_entry_archive_size (g_ptr_array_index (entries, i));

  next_entry (self, TRUE);
  return G_INPUT_STREAM (self);
}

/* The exact number of bytes the stream gives. */
goffset
sandbox_environment_stream_get_length (SandboxEnvironmentStream *self)
{
  return self->gzip ? gzip_length (self->tar_length) : self->tar_length;
}
