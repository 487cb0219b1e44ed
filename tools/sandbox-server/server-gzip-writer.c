/* server-gzip-writer.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <unistd.h>
#include <zlib.h>

#include "server-fsutil.h"
#include "server-gzip-writer.h"

/* The gzip stream of a saved environment, as libarchive's own filter would
 * write it (one member, level 6), except that data which does not compress
 * is stored: deflate at any level costs about 40 MB/s on random bytes
 * (a 1 GiB save took 25 to 32 s), storing costs a copy and a CRC.
 *
 * Every PROBE bytes at level 6 are measured: when they shrank by less than
 * a tenth, the next STORED_RUN bytes are stored (level 0, switched with
 * deflateParams() in the same stream), then level 6 is tried again, and at
 * the next file. */

#define LEVEL Z_DEFAULT_COMPRESSION
#define PROBE (128 * 1024)
#define STORED_RUN (4 * 1024 * 1024)
#define OUT_SIZE 65536

struct _ServerGzipWriter
{
  int       fd;
  z_stream  zs;
  int       level;
  gboolean  next_file;
  guint64   in_mark;
  guint64   out_mark;
  guint8    out[OUT_SIZE];
};

typedef struct _ServerGzipWriter GzipWriter;

/* Writes what deflate put in the output buffer, and empties it. */
static gboolean
drain (struct archive *a,
       GzipWriter     *w)
{
  gsize len = OUT_SIZE - w->zs.avail_out;

  if (len > 0 && !server_fs_write_all (w->fd, w->out, len))
    {
      archive_set_error (a, errno, "Cannot write the environment");
      return FALSE;
    }
  w->zs.next_out = w->out;
  w->zs.avail_out = OUT_SIZE;
  return TRUE;
}

static gboolean
set_level (struct archive *a,
           GzipWriter     *w,
           int             level)
{
  int ret;

  do
    {
      ret = deflateParams (&w->zs, level, Z_DEFAULT_STRATEGY);
      if (!drain (a, w))
        return FALSE;
    }
  while (ret == Z_BUF_ERROR);

  if (ret != Z_OK)
    {
      archive_set_error (a, EIO, "Cannot compress the environment");
      return FALSE;
    }
  w->level = level;
  w->in_mark = w->zs.total_in;
  w->out_mark = w->zs.total_out;
  return TRUE;
}

/* Stores or compresses what comes next, from what the last bytes gave. */
static gboolean
adapt (struct archive *a,
       GzipWriter     *w)
{
  guint64 in = w->zs.total_in - w->in_mark;
  guint64 out = w->zs.total_out - w->out_mark;

  if (w->level != 0 && in >= PROBE)
    {
      if (out * 10 > in * 9)
        return set_level (a, w, 0);
      w->in_mark = w->zs.total_in;
      w->out_mark = w->zs.total_out;
    }
  else if (w->level == 0 && (in >= STORED_RUN || w->next_file))
    return set_level (a, w, LEVEL);
  w->next_file = FALSE;
  return TRUE;
}

static la_ssize_t
gzip_write (struct archive *a,
            void           *data,
            const void     *buffer,
            size_t          length)
{
  GzipWriter *w = data;

  if (w->next_file && !adapt (a, w))
    return -1;
  w->zs.next_in = (Bytef *) buffer;
  w->zs.avail_in = length;
  while (w->zs.avail_in > 0)
    {
      if (deflate (&w->zs, Z_NO_FLUSH) == Z_STREAM_ERROR)
        {
          archive_set_error (a, EIO, "Cannot compress the environment");
          return -1;
        }
      if (w->zs.avail_out == 0 && !drain (a, w))
        return -1;
    }
  if (!adapt (a, w))
    return -1;
  return length;
}

static int
gzip_close (struct archive *a,
            void           *data)
{
  GzipWriter *w = data;
  int ret;

  do
    {
      ret = deflate (&w->zs, Z_FINISH);
      if (!drain (a, w))
        return ARCHIVE_FATAL;
    }
  while (ret == Z_OK || ret == Z_BUF_ERROR);

  if (ret != Z_STREAM_END)
    {
      archive_set_error (a, EIO, "Cannot compress the environment");
      return ARCHIVE_FATAL;
    }
  return ARCHIVE_OK;
}

static int
gzip_free (struct archive *a,
           void           *data)
{
  GzipWriter *w = data;

  deflateEnd (&w->zs);
  g_free (w);
  return ARCHIVE_OK;
}

/* Opens @a (with no filter of its own) to write a gzip stream to @out_fd.
 * The writer, owned by @a, lives until archive_write_free(); NULL when @a
 * could not be opened (its error says why). */
ServerGzipWriter *
server_gzip_writer_open (struct archive *a,
                         int             out_fd)
{
  GzipWriter *w = g_new0 (GzipWriter, 1);

  w->fd = out_fd;
  w->level = LEVEL;
  /* 16 + 15: a gzip header and trailer around a 32 KiB window. */
  if (deflateInit2 (&w->zs, LEVEL, Z_DEFLATED, 16 + 15, 8,
                    Z_DEFAULT_STRATEGY) != Z_OK)
    {
      g_free (w);
      archive_set_error (a, ENOMEM, "Cannot start compressing");
      return NULL;
    }
  w->zs.next_out = w->out;
  w->zs.avail_out = OUT_SIZE;
  if (archive_write_open2 (a, w, NULL, gzip_write, gzip_close, gzip_free)
      != ARCHIVE_OK)
    return NULL;
  return w;
}

/* Says that the data of another file comes next: stored data (a compressed
 * file) says nothing of it. */
void
server_gzip_writer_next_file (ServerGzipWriter *writer)
{
  writer->next_file = TRUE;
}
