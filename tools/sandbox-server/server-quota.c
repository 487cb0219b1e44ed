/* server-quota.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include <gio/gio.h>

#include "server-quota.h"

/* Bounds each execution's working directory with a tmpfs of --disk-limit
 * bytes mounted on it, so that a command filling it gets "No space left on
 * device" and the filesystem of --work-dir is untouched. The mounts live in
 * a mount namespace of the server's own, made at start-up: the host's mount
 * table never sees them and they vanish with the server. As root the server
 * can mount; otherwise it enters a user namespace of its own first, where
 * its uid and gid are the only ones mapped (to themselves). */

/* Inodes of a tmpfs cost memory that its size does not count. */
#define INODES_PER_MEMBER 2
#define SPARE_INODES 1024

static gboolean
write_proc_file (const char  *path,
                 const char  *text,
                 GError     **error)
{
  gsize len = strlen (text);
  int fd = open (path, O_WRONLY | O_CLOEXEC);

  if (fd < 0 || write (fd, text, len) != (gssize) len)
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "cannot write %s: %s", path, g_strerror (saved_errno));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

static gboolean
enter_user_namespace (GError **error)
{
  g_autofree char *uid_map = g_strdup_printf ("%u %u 1", geteuid (), geteuid ());
  g_autofree char *gid_map = g_strdup_printf ("%u %u 1", getegid (), getegid ());

  if (unshare (CLONE_NEWUSER | CLONE_NEWNS) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "cannot create a user namespace to mount in: %s",
                   g_strerror (errno));
      return FALSE;
    }

  return write_proc_file ("/proc/self/setgroups", "deny", error)
         && write_proc_file ("/proc/self/uid_map", uid_map, error)
         && write_proc_file ("/proc/self/gid_map", gid_map, error);
}

/* Call while the server has a single thread: a namespace entered later
 * would be the calling thread's only. */
gboolean
server_quota_setup (ServerSettings  *settings,
                    GError         **error)
{
  settings->disk_quota = FALSE;
  if (settings->disk_limit == 0)
    return TRUE;

  if (geteuid () != 0)
    {
      if (!enter_user_namespace (error))
        return FALSE;
    }
  else if (unshare (CLONE_NEWNS) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "cannot create a mount namespace: %s", g_strerror (errno));
      return FALSE;
    }

  /* Mounts made here must not propagate back to the host. The source and
   * type are ignored: named, so that checkers see no NULL string. */
  if (mount ("none", "/", "none", MS_REC | MS_SLAVE, NULL) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "cannot make the mount namespace private: %s",
                   g_strerror (errno));
      return FALSE;
    }

  settings->disk_quota = TRUE;
  return TRUE;
}

/* Mounts a tmpfs of --disk-limit bytes on @dir, when quotas work here. */
gboolean
server_quota_mount (const ServerSettings  *settings,
                    const char            *dir,
                    GError               **error)
{
  guint64 inodes = (guint64) settings->max_members * INODES_PER_MEMBER
                   + SPARE_INODES;
  g_autofree char *options = NULL;

  if (!settings->disk_quota)
    return TRUE;

  options = g_strdup_printf ("size=%" G_GUINT64_FORMAT ",nr_inodes=%"
                             G_GUINT64_FORMAT ",mode=0700",
                             settings->disk_limit, inodes);
  if (mount ("sandbox-work", dir, "tmpfs", MS_NOSUID | MS_NODEV, options) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "Cannot mount a tmpfs on %s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

/* Drops the tmpfs of @dir and all it holds. */
void
server_quota_unmount (const ServerSettings *settings,
                      const char           *dir)
{
  if (settings->disk_quota && umount2 (dir, MNT_DETACH) != 0)
    g_warning ("Cannot unmount %s: %s", dir, g_strerror (errno));
}
