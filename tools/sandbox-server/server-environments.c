/* server-environments.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "server-archive.h"
#include "server-environments.h"

/* Saved environments: <storage>/<uuid>.tgz, kept for `expiry` seconds after
 * their last modification, then removed by the periodic sweep (and treated
 * as absent as soon as they expire). Several instances may share the
 * storage: an environment appears whole (written under a temporary name,
 * then renamed) or not at all, nothing about it is cached (each request
 * looks it up again), and its age is measured by the storage's clock (its
 * mtime against the storage's now), so that instances whose clocks differ
 * agree on when it expires. */

#define STALE_TMP_SECONDS 3600

gboolean
server_uuid_is_valid (const char *str)
{
  static const int groups[] = { 8, 4, 4, 4, 12 };
  const char *p = str;

  if (str == NULL)
    return FALSE;

  for (gsize g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      if (g > 0 && *p++ != '-')
        return FALSE;
      for (int i = 0; i < groups[g]; i++, p++)
        if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
          return FALSE;
    }

  return *p == '\0';
}

static gint64
mtime_usec (const struct stat *st)
{
  return (gint64) st->st_mtim.tv_sec * G_USEC_PER_SEC
         + st->st_mtim.tv_nsec / 1000;
}

static gboolean
is_expired (const ServerSettings *settings,
            const struct stat    *st,
            gint64                storage_now)
{
  return mtime_usec (st) + (gint64) (settings->expiry * G_USEC_PER_SEC)
         <= storage_now;
}

/* The path of the saved environment @uuid, or NULL when there is none (or
 * it has expired). */
char *
server_environments_lookup (const ServerSettings *settings,
                            const char           *uuid)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  struct stat st;

  if (!server_uuid_is_valid (uuid))
    return NULL;

  name = g_strconcat (uuid, ".tgz", NULL);
  path = g_build_filename (settings->storage_dir, name, NULL);
  if (stat (path, &st) != 0 || !S_ISREG (st.st_mode)
      || is_expired (settings, &st,
                     server_storage_clock_now (settings->storage_clock, FALSE)))
    return NULL;

  return g_steal_pointer (&path);
}

static char *
format_expire (gint64 usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) precise = NULL;

  if (dt == NULL)
    return g_strdup ("");
  precise = g_date_time_add (dt, usec % G_USEC_PER_SEC);
  return g_date_time_format (precise, "%Y-%m-%dT%H:%M:%S.%f+00:00");
}

/* Packs @dirfd into a new environment; answers its UUID and expiry date
 * (ISO 8601 with microseconds and offset). */
gboolean
server_environments_save (const ServerSettings  *settings,
                          int                    dirfd,
                          char                 **out_uuid,
                          char                 **out_expire,
                          GError               **error)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *name = g_strconcat (uuid, ".tgz", NULL);
  g_autofree char *path = g_build_filename (settings->storage_dir, name, NULL);
  g_autofree char *tmp = g_strconcat (path, ".tmp", NULL);
  struct stat st;
  int fd;

  fd = open (tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "Cannot create %s: %s", tmp, g_strerror (errno));
      return FALSE;
    }

  if (!server_archive_pack (dirfd, fd, error))
    {
      close (fd);
      g_unlink (tmp);
      return FALSE;
    }

  if (fsync (fd) != 0 || fstat (fd, &st) != 0 || close (fd) != 0
      || g_rename (tmp, path) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "Cannot save %s: %s", path, g_strerror (errno));
      g_unlink (tmp);
      return FALSE;
    }

  *out_expire = format_expire (mtime_usec (&st)
                               + (gint64) (settings->expiry * G_USEC_PER_SEC));
  *out_uuid = g_steal_pointer (&uuid);
  return TRUE;
}

/* Removes expired environments (and temporary files left by a crash);
 * returns how many it removed. */
guint
server_environments_sweep (const ServerSettings *settings)
{
  g_autoptr(GDir) dir = g_dir_open (settings->storage_dir, 0, NULL);
  const char *name;
  guint removed = 0;
  gint64 now = server_storage_clock_now (settings->storage_clock, TRUE);

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (settings->storage_dir, name,
                                                NULL);
      struct stat st;
      gboolean stale;

      if (lstat (path, &st) != 0 || !S_ISREG (st.st_mode))
        continue;

      if (g_str_has_suffix (name, ".tgz.tmp"))
        stale = mtime_usec (&st) + (gint64) STALE_TMP_SECONDS * G_USEC_PER_SEC
                <= now;
      else if (g_str_has_suffix (name, ".tgz") && strlen (name) == 40)
        stale = is_expired (settings, &st, now);
      else
        continue;

      if (stale && g_unlink (path) == 0)
        removed++;
    }

  return removed;
}
