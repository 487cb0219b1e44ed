/* sandbox-environment-stream.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "sandbox-environment-stream-private.h"
#include "sandbox-error.h"
#include "sandbox-exact-length-stream-private.h"
#include "sandbox-i18n-private.h"

/* A tar archive of a list of entries, written as it is read: each header
 * (ustar, after a pax header for a long name or link target or a large
 * size) when its member comes, each file's data only then, opened by
 * sandbox_tree_file_open() and read through an exact-length stream, so that
 * the stream never gives more or fewer bytes than announced. With @gzip,
 * the tar is wrapped in a gzip member of stored (not compressed) deflate
 * blocks, whose length also follows from the tar's. */

#define TAR_BLOCK          512
#define USTAR_NAME_MAX     100
#define USTAR_SIZE_MAX     G_GINT64_CONSTANT (077777777777)
#define GZIP_HEADER_SIZE   10
#define GZIP_TRAILER_SIZE  8
#define STORED_BLOCK_MAX   65535
#define STORED_HEADER_SIZE 5

G_DECLARE_FINAL_TYPE (SandboxEnvironmentStream, sandbox_environment_stream,
                      SANDBOX, ENVIRONMENT_STREAM, GInputStream)

struct _SandboxEnvironmentStream
{
  GInputStream  parent_instance;

  GPtrArray    *entries;
  guint         index;         /* of the entry whose header comes next */
  gboolean      data_next;     /* before that, the data of the one before */
  gboolean      ended;         /* the end blocks have come */
  GInputStream *piece;         /* headers and padding, or data */
  char         *piece_name;    /* a file's, for its exact-length stream */
  GError       *error;         /* sticky: once failed, always failed */

  /* The gzip framing around the tar. */
  gboolean      gzip;
  goffset       tar_length;
  goffset       tar_position;
  goffset       block_left;
  guint8        frame[GZIP_HEADER_SIZE + STORED_HEADER_SIZE];
  gsize         frame_offset;
  gsize         frame_length;
  uLong         crc;
};

G_DEFINE_FINAL_TYPE (SandboxEnvironmentStream, sandbox_environment_stream,
                     G_TYPE_INPUT_STREAM)

SandboxTarEntry *
sandbox_tar_entry_new (const char *path,
                       GFileType   type)
{
  SandboxTarEntry *entry = g_new0 (SandboxTarEntry, 1);

  entry->path = g_strdup (path);
  entry->type = type;
  return entry;
}

void
sandbox_tar_entry_free (SandboxTarEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->path);
  g_clear_pointer (&entry->bytes, g_bytes_unref);
  g_free (entry->name);
  g_clear_pointer (&entry->source, sandbox_tree_file_free);
  g_free (entry->link_target);
  g_free (entry);
}

static goffset
data_size (const SandboxTarEntry *entry)
{
  return entry->type == G_FILE_TYPE_REGULAR ? entry->size : 0;
}

/* The zeros after @size bytes of data, up to the next block. */
static goffset
padding (goffset size)
{
  return (TAR_BLOCK - size % TAR_BLOCK) % TAR_BLOCK;
}

/* A pax record, "<length> <key>=<value>\n", its length counting itself. */
static void
append_pax_record (GString    *records,
                   const char *key,
                   const char *value)
{
  gsize body = 1 + strlen (key) + 1 + strlen (value) + 1;
  gsize length = body + 1;

  while (body + (gsize) snprintf (NULL, 0, "%" G_GSIZE_FORMAT, length) != length)
    length = body + (gsize) snprintf (NULL, 0, "%" G_GSIZE_FORMAT, length);

  g_string_append_printf (records, "%" G_GSIZE_FORMAT " %s=%s\n", length, key, value);
}

/* width - 1 octal digits and a NUL. */
static void
set_octal (guint8  *field,
           gsize    width,
           guint64  value)
{
  g_snprintf ((char *) field, width, "%0*" G_GINT64_MODIFIER "o", (int) (width - 1), value);
}

static void
append_block (GByteArray *out,
              const char *name,
              char        typeflag,
              guint       mode,
              goffset     size,
              gint64      mtime,
              const char *link_target)
{
  guint8 header[TAR_BLOCK] = { 0 };
  guint checksum = 0;

  memcpy (header, name, MIN (strlen (name), USTAR_NAME_MAX));
  set_octal (header + 100, 8, mode & 07777);
  set_octal (header + 108, 8, 0);
  set_octal (header + 116, 8, 0);
  set_octal (header + 124, 12, (guint64) MIN (size, USTAR_SIZE_MAX));
  set_octal (header + 136, 12, (guint64) CLAMP (mtime, 0, USTAR_SIZE_MAX));
  memset (header + 148, ' ', 8);
  header[156] = (guint8) typeflag;
  if (link_target != NULL)
    memcpy (header + 157, link_target, MIN (strlen (link_target), USTAR_NAME_MAX));
  memcpy (header + 257, "ustar", 6);
  memcpy (header + 263, "00", 2);

  for (guint i = 0; i < TAR_BLOCK; i++)
    checksum += header[i];
  g_snprintf ((char *) header + 148, 7, "%06o", checksum);
  header[155] = ' ';

  g_byte_array_append (out, header, TAR_BLOCK);
}

/* The header blocks of @entry: a pax header when one is needed, then the
 * ustar header. */
static void
append_header (GByteArray            *out,
               const SandboxTarEntry *entry)
{
  static const guint8 zeros[TAR_BLOCK] = { 0 };
  gboolean directory = entry->type == G_FILE_TYPE_DIRECTORY;
  g_autofree char *name = g_strconcat (entry->path, directory ? "/" : "", NULL);
  g_autoptr(GString) records = g_string_new (NULL);
  goffset size = data_size (entry);

  if (strlen (name) > USTAR_NAME_MAX)
    append_pax_record (records, "path", name);
  if (entry->link_target != NULL && strlen (entry->link_target) > USTAR_NAME_MAX)
    append_pax_record (records, "linkpath", entry->link_target);
  if (size > USTAR_SIZE_MAX)
    {
      g_autofree char *digits = g_strdup_printf ("%" G_GOFFSET_FORMAT, size);

      append_pax_record (records, "size", digits);
    }

  if (records->len > 0)
    {
      append_block (out, "././@PaxHeader", 'x', 0644, (goffset) records->len, 0, NULL);
      g_byte_array_append (out, (const guint8 *) records->str, (guint) records->len);
      g_byte_array_append (out, zeros, (guint) padding ((goffset) records->len));
    }

  append_block (out, name,
                directory ? '5' : entry->type == G_FILE_TYPE_SYMBOLIC_LINK ? '2' : '0',
                entry->mode, size, entry->mtime, entry->link_target);
}

/* The next piece of the tar: the data of the member whose header came
 * last, or else the padding after it with the next header (or the end
 * blocks). NULL at the end, or with @error set. */
static GInputStream *
next_piece (SandboxEnvironmentStream  *self,
            GCancellable              *cancellable,
            GError                   **error)
{
  static const guint8 zeros[2 * TAR_BLOCK] = { 0 };
  SandboxTarEntry *entry = NULL;
  g_autoptr(GBytes) piece = NULL;
  GByteArray *bytes;

  if (self->index > 0)
    entry = g_ptr_array_index (self->entries, self->index - 1);

  if (self->data_next)
    {
      g_autoptr(GInputStream) file = NULL;

      if (entry->bytes != NULL)
        {
          self->data_next = FALSE;
          return g_memory_input_stream_new_from_bytes (entry->bytes);
        }
      file = sandbox_tree_file_open (entry->source, cancellable, error);
      if (file == NULL)
        return NULL;
      self->data_next = FALSE;
      /* Translators: the subject of “%s ended after %s bytes instead of the
       * %s announced”; %s is a file's name. */
      self->piece_name = g_strdup_printf (_("'%s', changed while it was being sent,"),
                                          entry->source->name);
      return sandbox_exact_length_stream_new (file, entry->size, SANDBOX_ERROR,
                                              SANDBOX_ERROR_FILE_CHANGED, self->piece_name);
    }
  if (self->ended)
    return NULL;

  bytes = g_byte_array_new ();
  if (entry != NULL)
    g_byte_array_append (bytes, zeros, (guint) padding (data_size (entry)));
  if (self->index < self->entries->len)
    {
      entry = g_ptr_array_index (self->entries, self->index++);
      append_header (bytes, entry);
      /* Even an empty file is opened, to check that it still is. */
      self->data_next = entry->type == G_FILE_TYPE_REGULAR;
    }
  else
    {
      g_byte_array_append (bytes, zeros, 2 * TAR_BLOCK);
      self->ended = TRUE;
    }
  piece = g_byte_array_free_to_bytes (bytes);
  return g_memory_input_stream_new_from_bytes (piece);
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
      GError *local_error = NULL;
      gssize n;

      if (self->piece == NULL)
        self->piece = next_piece (self, cancellable, &local_error);
      if (self->piece == NULL)
        {
          if (local_error == NULL)
            return 0;
          g_propagate_error (error, local_error);
          return -1;
        }

      n = g_input_stream_read (self->piece, buffer, count, cancellable, &local_error);
      if (n < 0 && self->piece_name != NULL && local_error->domain == G_IO_ERROR
          && local_error->code != G_IO_ERROR_CANCELLED)
        {
          SandboxTarEntry *entry = g_ptr_array_index (self->entries, self->index - 1);

          g_prefix_error (&local_error, _("Could not read '%s': "), entry->source->name);
        }
      if (n < 0)
        g_propagate_error (error, local_error);
      if (n != 0)
        return n;

      g_input_stream_close (self->piece, NULL, NULL);
      g_clear_object (&self->piece);
      g_clear_pointer (&self->piece_name, g_free);
    }
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
  gssize n;

  if (self->frame_offset == self->frame_length && self->block_left == 0)
    {
      goffset rest = self->tar_length - self->tar_position;
      guint size = (guint) MIN (rest, STORED_BLOCK_MAX);
      guint8 block[STORED_HEADER_SIZE] = {
        rest == size ? 1 : 0, size & 0xff, (size >> 8) & 0xff, ~size & 0xff, (~size >> 8) & 0xff
      };
      guint32 trailer[2] = { GUINT32_TO_LE ((guint32) self->crc),
                             GUINT32_TO_LE ((guint32) self->tar_length) };
      gsize start = self->frame_length == 0 ? GZIP_HEADER_SIZE : 0;

      if (self->frame_length == GZIP_TRAILER_SIZE && rest == 0)
        return 0;
      memcpy (self->frame, gzip_header, start);
      memcpy (self->frame + start, rest > 0 ? block : (guint8 *) trailer,
              rest > 0 ? STORED_HEADER_SIZE : GZIP_TRAILER_SIZE);
      self->frame_offset = 0;
      self->frame_length = start + (rest > 0 ? STORED_HEADER_SIZE : GZIP_TRAILER_SIZE);
      self->block_left = size;
    }

  if (self->frame_offset < self->frame_length)
    {
      n = (gssize) MIN (count, self->frame_length - self->frame_offset);
      memcpy (buffer, self->frame + self->frame_offset, n);
      self->frame_offset += n;
      return n;
    }

  n = read_tar (self, buffer, (gsize) MIN ((goffset) count, self->block_left), cancellable,
                error);
  if (n == 0)
    g_set_error_literal (error, SANDBOX_ERROR, SANDBOX_ERROR_FILE_CHANGED,
                         _("The environment changed while it was being sent"));
  if (n <= 0)
    return -1;

  self->crc = crc32 (self->crc, buffer, (uInt) n);
  self->block_left -= n;
  self->tar_position += n;
  return n;
}

static gssize
sandbox_environment_stream_read (GInputStream  *stream,
                                 void          *buffer,
                                 gsize          count,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  SandboxEnvironmentStream *self = SANDBOX_ENVIRONMENT_STREAM (stream);
  GError *local_error = NULL;
  gssize n;

  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return -1;
    }
  if (count == 0)
    return 0;

  if (self->gzip)
    n = read_gzip (self, buffer, count, cancellable, &local_error);
  else
    n = read_tar (self, buffer, count, cancellable, &local_error);

  /* Any failure but a cancellation (after which retrying is fine) sticks. */
  if (n < 0 && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    self->error = g_error_copy (local_error);
  if (n < 0)
    g_propagate_error (error, local_error);
  return n;
}

static gboolean
sandbox_environment_stream_close (GInputStream  *stream,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  SandboxEnvironmentStream *self = SANDBOX_ENVIRONMENT_STREAM (stream);

  if (self->piece != NULL)
    g_input_stream_close (self->piece, NULL, NULL);
  g_clear_object (&self->piece);
  g_clear_pointer (&self->piece_name, g_free);
  return TRUE;
}

/* The piece went with close_fn, which GInputStream's dispose calls. */
static void
sandbox_environment_stream_finalize (GObject *object)
{
  SandboxEnvironmentStream *self = SANDBOX_ENVIRONMENT_STREAM (object);

  g_ptr_array_unref (self->entries);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (sandbox_environment_stream_parent_class)->finalize (object);
}

static void
sandbox_environment_stream_class_init (SandboxEnvironmentStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sandbox_environment_stream_finalize;
  /* Asynchronous reads run this one in a thread: GInputStream's default. */
  G_INPUT_STREAM_CLASS (klass)->read_fn = sandbox_environment_stream_read;
  G_INPUT_STREAM_CLASS (klass)->close_fn = sandbox_environment_stream_close;
}

static void
sandbox_environment_stream_init (SandboxEnvironmentStream *self)
{
  self->crc = crc32 (0L, Z_NULL, 0);
}

GInputStream *
sandbox_environment_stream_new (GPtrArray *entries,
                                gboolean   gzip,
                                goffset   *out_length)
{
  SandboxEnvironmentStream *self = g_object_new (sandbox_environment_stream_get_type (), NULL);
  goffset n_blocks;

  self->entries = g_ptr_array_ref (entries);
  self->gzip = gzip;
  self->tar_length = 2 * TAR_BLOCK;
  for (guint i = 0; i < entries->len; i++)
    {
      SandboxTarEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GByteArray) header = g_byte_array_new ();

      append_header (header, entry);
      self->tar_length += (goffset) header->len + data_size (entry)
                          + padding (data_size (entry));
    }

  n_blocks = (self->tar_length + STORED_BLOCK_MAX - 1) / STORED_BLOCK_MAX;
  *out_length = self->tar_length;
  if (gzip)
    *out_length += GZIP_HEADER_SIZE + n_blocks * STORED_HEADER_SIZE + GZIP_TRAILER_SIZE;
  return G_INPUT_STREAM (self);
}
