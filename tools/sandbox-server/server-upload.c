/* server-upload.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "server-fsutil.h"
#include "server-upload.h"

/* Request bodies go to disk as they arrive, never into memory: each chunk
 * libsoup reads is appended to an unnamed file in the work directory, which
 * vanishes with the message (a client that stops half-way leaves nothing).
 * Once the body is complete it is mapped read-only, so that the form parser
 * and the archive reader see one buffer while the kernel keeps the pages in
 * the page cache, not in the server's own memory. */

#define UPLOAD_KEY "sandbox-server-upload"

typedef struct
{
  int      fd;
  guint64  size;
  int      error;
} Upload;

typedef struct
{
  gpointer  data;
  gsize     length;
} Mapping;

static void
upload_free (Upload *upload)
{
  if (upload->fd >= 0)
    close (upload->fd);
  g_free (upload);
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= n;
    }
  return TRUE;
}

static void
got_chunk (SoupServerMessage *msg,
           GBytes            *chunk,
           Upload            *upload)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (chunk, &len);

  if (upload->error != 0)
    return;
  if (!write_all (upload->fd, data, len))
    upload->error = errno != 0 ? errno : EIO;
  else
    upload->size += len;
}

/* From the early handler: writes @msg's request body to a file in @dirfd
 * instead of keeping it. */
void
server_upload_spool (SoupServerMessage *msg,
                     int                dirfd,
                     const char        *dir_path)
{
  Upload *upload = g_new0 (Upload, 1);

  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg),
                                    FALSE);
  upload->fd = server_fs_open_tmpfile (dirfd, dir_path);
  if (upload->fd < 0)
    upload->error = errno;
  g_object_set_data_full (G_OBJECT (msg), UPLOAD_KEY, upload,
                          (GDestroyNotify) upload_free);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk), upload);
}

static void
mapping_free (gpointer data)
{
  Mapping *mapping = data;

  munmap (mapping->data, mapping->length);
  g_free (mapping);
}

/* The spooled body of @msg, mapped from its file (and followed by a NUL byte,
 * which libsoup's multipart parser relies on). NULL when @msg has no spooled
 * body or an empty one; NULL with @error when it could not be written. */
GBytes *
server_upload_map (SoupServerMessage  *msg,
                   GError            **error)
{
  Upload *upload = g_object_get_data (G_OBJECT (msg), UPLOAD_KEY);
  Mapping *mapping;
  gpointer data;

  if (upload == NULL || (upload->error == 0 && upload->size == 0))
    return NULL;

  if (upload->error == 0 && !write_all (upload->fd, (const guint8 *) "", 1))
    upload->error = errno != 0 ? errno : EIO;
  if (upload->error != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (upload->error),
                   "Cannot write a request body to the work directory: %s",
                   g_strerror (upload->error));
      return NULL;
    }

  data = mmap (NULL, upload->size + 1, PROT_READ, MAP_PRIVATE, upload->fd, 0);
  if (data == MAP_FAILED)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot map a request body: %s", g_strerror (saved_errno));
      return NULL;
    }

  mapping = g_new0 (Mapping, 1);
  mapping->data = data;
  mapping->length = upload->size + 1;
  return g_bytes_new_with_free_func (data, upload->size, mapping_free, mapping);
}

/* Gives back the memory that reading @body took (what is read again later
 * comes back from the page cache). @body is one server_upload_map() made. */
void
server_upload_drop_pages (GBytes *body)
{
  gsize size;
  gconstpointer data = g_bytes_get_data (body, &size);

  madvise ((gpointer) data, size, MADV_DONTNEED);
}
