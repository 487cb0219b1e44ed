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
 * the page cache, not in the server's own memory.
 *
 * Every spooled body first reserves its announced length in a budget shared
 * by all requests; the reservation is given back once the file is closed
 * (when the message is finished) and its mapping is gone (when the
 * execution is done with it), the two moments its disk space is freed. */

#define UPLOAD_KEY "sandbox-server-upload"

struct _ServerSpoolBudget
{
  GMutex   lock;
  guint64  limit;
  guint64  used;
};

typedef struct
{
  ServerSpoolBudget  *budget;
  guint64             bytes;
} Reservation;

typedef struct
{
  int           fd;
  guint64       size;
  int           error;
  Reservation  *reservation;
} Upload;

typedef struct
{
  gpointer      data;
  gsize         length;
  Reservation  *reservation;
} Mapping;

static void
budget_clear (gpointer data)
{
  ServerSpoolBudget *budget = data;

  g_mutex_clear (&budget->lock);
}

/* A budget of @limit bytes (0: none). */
ServerSpoolBudget *
server_spool_budget_new (guint64 limit)
{
  ServerSpoolBudget *budget = g_atomic_rc_box_new0 (ServerSpoolBudget);

  g_mutex_init (&budget->lock);
  budget->limit = limit;
  return budget;
}

ServerSpoolBudget *
server_spool_budget_ref (ServerSpoolBudget *budget)
{
  return g_atomic_rc_box_acquire (budget);
}

void
server_spool_budget_unref (ServerSpoolBudget *budget)
{
  g_atomic_rc_box_release_full (budget, budget_clear);
}

/* The bytes reserved now (for tests and logs). */
guint64
server_spool_budget_used (ServerSpoolBudget *budget)
{
  guint64 used;

  g_mutex_lock (&budget->lock);
  used = budget->used;
  g_mutex_unlock (&budget->lock);
  return used;
}

static Reservation *
reservation_new (ServerSpoolBudget *budget,
                 guint64            bytes)
{
  Reservation *reservation;

  g_mutex_lock (&budget->lock);
  if (budget->limit != 0
      && (bytes > budget->limit || budget->used > budget->limit - bytes))
    {
      g_mutex_unlock (&budget->lock);
      return NULL;
    }
  budget->used += bytes;
  g_mutex_unlock (&budget->lock);

  reservation = g_atomic_rc_box_new0 (Reservation);
  reservation->budget = server_spool_budget_ref (budget);
  reservation->bytes = bytes;
  return reservation;
}

static void
reservation_clear (gpointer data)
{
  Reservation *reservation = data;
  ServerSpoolBudget *budget = reservation->budget;

  g_mutex_lock (&budget->lock);
  budget->used -= reservation->bytes;
  g_mutex_unlock (&budget->lock);
  server_spool_budget_unref (budget);
}

static void
reservation_unref (Reservation *reservation)
{
  g_atomic_rc_box_release_full (reservation, reservation_clear);
}

/* Closes the file (the mapping, if any, keeps its own reference). */
static void
upload_close (Upload *upload)
{
  if (upload->fd >= 0)
    close (upload->fd);
  upload->fd = -1;
  g_clear_pointer (&upload->reservation, reservation_unref);
}

static void
upload_free (Upload *upload)
{
  upload_close (upload);
  g_free (upload);
}

static void
got_chunk (SoupServerMessage *msg,
           GBytes            *chunk,
           Upload            *upload)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (chunk, &len);

  if (upload->error != 0 || upload->fd < 0)
    return;
  if (!server_fs_write_all (upload->fd, data, len))
    upload->error = errno != 0 ? errno : EIO;
  else
    upload->size += len;
}

static void
upload_finished (SoupServerMessage *msg,
                 Upload            *upload)
{
  upload_close (upload);
}

/* From the early handler: writes @msg's request body, of @length bytes, to
 * a file in @dirfd instead of keeping it. FALSE, and nothing done, when the
 * bodies spooled at once would then take more than @budget allows. */
gboolean
server_upload_spool (SoupServerMessage *msg,
                     ServerSpoolBudget *budget,
                     guint64            length,
                     int                dirfd,
                     const char        *dir_path)
{
  Reservation *reservation = reservation_new (budget, length);
  Upload *upload;

  if (reservation == NULL)
    return FALSE;

  upload = g_new0 (Upload, 1);
  upload->reservation = reservation;
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg),
                                    FALSE);
  upload->fd = server_fs_open_tmpfile (dirfd, dir_path);
  if (upload->fd < 0)
    upload->error = errno;
  g_object_set_data_full (G_OBJECT (msg), UPLOAD_KEY, upload,
                          (GDestroyNotify) upload_free);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk), upload);
  g_signal_connect (msg, "finished", G_CALLBACK (upload_finished), upload);
  return TRUE;
}

static void
mapping_free (gpointer data)
{
  Mapping *mapping = data;

  munmap (mapping->data, mapping->length);
  g_clear_pointer (&mapping->reservation, reservation_unref);
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

  if (upload->error == 0 && upload->fd < 0)
    upload->error = EBADF;
  if (upload->error == 0 && !server_fs_write_all (upload->fd, (const guint8 *) "", 1))
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
  mapping->reservation = g_atomic_rc_box_acquire (upload->reservation);
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
