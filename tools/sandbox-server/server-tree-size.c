/* server-tree-size.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server-tree-size.h"

/* Measures a working directory as server_archive_pack() would pack it
 * (directories, regular files and symbolic links, not following links,
 * 128 levels deep at most), summing the apparent sizes of files so that
 * sparse ones count for what they unpack to. It stops as soon as a limit is
 * passed, so that measuring a huge tree costs little. */

#define MAX_DEPTH 128

typedef struct
{
  guint64          max_bytes;
  guint64          max_members;
  ServerTreeSize  *size;
} Walk;

static gboolean
over (const Walk *walk)
{
  return walk->size->bytes > walk->max_bytes
         || walk->size->members > walk->max_members;
}

static int
open_subdir (int          dirfd,
             const char  *name,
             mode_t       mode)
{
  int flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
  int fd = openat (dirfd, name, flags);

  /* As packing does. */
  if (fd < 0 && errno == EACCES
      && fchmodat (dirfd, name, (mode & 0777) | 0700, 0) == 0)
    fd = openat (dirfd, name, flags);
  return fd;
}

static void
walk_dir (Walk  *walk,
          int    dirfd,
          guint  depth)
{
  int fd = openat (dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *dir = fd >= 0 ? fdopendir (fd) : NULL;
  struct dirent *de;

  if (dir == NULL)
    {
      if (fd >= 0)
        close (fd);
      return;
    }

  while (!over (walk) && (de = readdir (dir)) != NULL)
    {
      struct stat st;
      int sub;

      if (strcmp (de->d_name, ".") == 0 || strcmp (de->d_name, "..") == 0
          || fstatat (dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        continue;
      if (S_ISDIR (st.st_mode) && depth >= MAX_DEPTH)
        continue;
      if (!S_ISDIR (st.st_mode) && !S_ISREG (st.st_mode)
          && !S_ISLNK (st.st_mode))
        continue;

      walk->size->members++;
      if (S_ISREG (st.st_mode))
        walk->size->bytes += st.st_size;
      if (!S_ISDIR (st.st_mode) || over (walk))
        continue;

      sub = open_subdir (dirfd, de->d_name, st.st_mode);
      if (sub >= 0)
        {
          walk_dir (walk, sub, depth + 1);
          close (sub);
        }
    }

  closedir (dir);
}

/* Whether packing @dirfd would give at most @max_bytes in at most
 * @max_members members; @size holds what was counted (up to the first
 * limit passed). */
gboolean
server_tree_size_within (int             dirfd,
                         guint64         max_bytes,
                         guint64         max_members,
                         ServerTreeSize *size)
{
  Walk walk = { max_bytes, max_members, size };

  memset (size, 0, sizeof *size);
  walk_dir (&walk, dirfd, 0);
  return !over (&walk);
}
