/* server-sandbox-etc.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "server-sandbox-etc.h"

/* The sandbox's /etc assembled once, at start-up, in the server's own mount
 * namespace: a small tmpfs holding the generated files and, bound
 * read-only, the host's entries that commands need. Bubblewrap then binds
 * this one tree (read-only, with all its mounts) instead of each entry, which
 * is most of its set-up work. Commands see the same /etc either way. */

#define ETC_TMPFS_OPTIONS "size=1m,nr_inodes=256,mode=0755"

/* Mounts the tmpfs on @etc_dir; FALSE where the server cannot mount. */
gboolean
server_sandbox_etc_mount (const char *etc_dir)
{
  return mount ("sandbox-etc", etc_dir, "tmpfs", MS_NOSUID | MS_NODEV,
                ETC_TMPFS_OPTIONS) == 0;
}

/* The flags a read-only remount of @path must keep: in a user namespace
 * of its own, the server may not clear those the host set. */
static unsigned long
kept_flags (const char *path)
{
  struct statvfs st;
  unsigned long flags = 0;

  if (statvfs (path, &st) != 0)
    return 0;
  if (st.f_flag & ST_NOSUID)
    flags |= MS_NOSUID;
  if (st.f_flag & ST_NODEV)
    flags |= MS_NODEV;
  if (st.f_flag & ST_NOEXEC)
    flags |= MS_NOEXEC;
  if (st.f_flag & ST_NOATIME)
    flags |= MS_NOATIME;
  if (st.f_flag & ST_NODIRATIME)
    flags |= MS_NODIRATIME;
  if (st.f_flag & ST_RELATIME)
    flags |= MS_RELATIME;
  return flags;
}

static gboolean
bind_read_only (const char *source,
                const char *target)
{
  return mount (source, target, NULL, MS_BIND | MS_REC, NULL) == 0
         && mount ("none", target, NULL,
                   MS_REMOUNT | MS_BIND | MS_RDONLY | kept_flags (target),
                   NULL) == 0;
}

static gboolean
bind_entry (const char *etc_dir,
            const char *host_path)
{
  g_autofree char *base = g_path_get_basename (host_path);
  g_autofree char *target = g_build_filename (etc_dir, base, NULL);
  struct stat st;
  int fd;

  if (stat (host_path, &st) != 0)
    return FALSE;
  if (S_ISDIR (st.st_mode))
    {
      if (g_mkdir (target, 0755) != 0)
        return FALSE;
    }
  else
    {
      fd = open (target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
      if (fd < 0)
        return FALSE;
      close (fd);
    }
  return bind_read_only (host_path, target);
}

/* Binds each of @host_paths read-only into the tmpfs on @etc_dir (whose
 * generated files are written), then makes the tmpfs read-only too. */
gboolean
server_sandbox_etc_assemble (const char         *etc_dir,
                             const char * const *host_paths)
{
  for (gsize i = 0; host_paths[i] != NULL; i++)
    if (!bind_entry (etc_dir, host_paths[i]))
      {
        g_debug ("Cannot bind %s into %s: %s", host_paths[i], etc_dir,
                 g_strerror (errno));
        return FALSE;
      }

  return mount ("none", etc_dir, NULL,
                MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV,
                NULL) == 0;
}

/* Unmounts the tmpfs and all bound in it, so that removing the work
 * directory never reaches the host's files. */
void
server_sandbox_etc_release (const char *etc_dir)
{
  if (umount2 (etc_dir, MNT_DETACH) != 0 && errno != EINVAL && errno != ENOENT)
    g_warning ("Cannot unmount %s: %s", etc_dir, g_strerror (errno));
}
