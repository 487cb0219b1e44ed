/* server-storage-clock.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server-storage-clock.h"

/* The storage's clock. Instances that share --storage judge the age of an
 * environment by the modification times the storage gives its files, never
 * by their own clocks, which may differ by seconds: "now" is the mtime of
 * <storage>/.clock just after this instance touched it (on NFS, the
 * server's time). Between two touches (at each sweep, and at most every
 * REFRESH seconds otherwise) the host's clock only measures how much time
 * went by. */

#define CLOCK_FILE ".clock"
#define REFRESH (10 * G_USEC_PER_SEC)

struct _ServerStorageClock
{
  GMutex   lock;
  char    *path;
  gint64   host_offset;   /* for tests: what this host's clock is off by */
  gint64   offset;        /* storage's clock minus this host's */
  gint64   measured_at;   /* monotonic; 0: never */
  gboolean warned;
};

static gint64
host_now (ServerStorageClock *self)
{
  return g_get_real_time () + self->host_offset;
}

/* Touches the clock file and reads its mtime back. */
static gboolean
measure (ServerStorageClock *self,
         gint64             *out_offset)
{
  gint64 before = host_now (self);
  struct stat st;
  int fd;
  int saved_errno;

  fd = open (self->path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd >= 0 && futimens (fd, NULL) == 0 && fstat (fd, &st) == 0)
    {
      close (fd);
      *out_offset = (gint64) st.st_mtim.tv_sec * G_USEC_PER_SEC
                    + st.st_mtim.tv_nsec / 1000 - before;
      return TRUE;
    }

  saved_errno = errno;
  if (fd >= 0)
    close (fd);
  if (!self->warned)
    g_warning ("Cannot read the storage's clock from %s (%s): using this "
               "host's", self->path, g_strerror (saved_errno));
  self->warned = TRUE;
  return FALSE;
}

ServerStorageClock *
server_storage_clock_new (const char *storage_dir,
                          double      host_offset)
{
  ServerStorageClock *self = g_new0 (ServerStorageClock, 1);

  g_mutex_init (&self->lock);
  self->path = g_build_filename (storage_dir, CLOCK_FILE, NULL);
  self->host_offset = (gint64) (host_offset * G_USEC_PER_SEC);
  return self;
}

void
server_storage_clock_free (ServerStorageClock *self)
{
  if (self == NULL)
    return;
  g_mutex_clear (&self->lock);
  g_free (self->path);
  g_free (self);
}

/* The storage's time now, in microseconds since the epoch: read from the
 * storage when @fresh or when the last reading is old. */
gint64
server_storage_clock_now (ServerStorageClock *self,
                          gboolean            fresh)
{
  gint64 monotonic = g_get_monotonic_time ();
  gint64 offset;

  g_mutex_lock (&self->lock);
  if (fresh || self->measured_at == 0
      || monotonic - self->measured_at >= REFRESH)
    {
      if (measure (self, &offset))
        self->offset = offset;
      self->measured_at = monotonic;
    }
  offset = self->offset;
  g_mutex_unlock (&self->lock);

  return host_now (self) + offset;
}
