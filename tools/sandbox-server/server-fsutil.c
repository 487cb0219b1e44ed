/* server-fsutil.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifdef __has_include
# if __has_include(<linux/openat2.h>)
#  include <linux/openat2.h>
#  define HAVE_OPENAT2_H 1
# endif
#endif

#include "server-fsutil.h"

/* Removes a working directory whatever its commands left in it (modes
 * without write permission, deep trees): `rm -rf` handles all of it, after
 * giving the owner its permissions back when we are not root. An empty
 * directory (what unmounting a working directory's tmpfs leaves) costs no
 * process. */
gboolean
server_fs_remove_tree (const char *path)
{
  const char *chmod_argv[] = { "chmod", "-R", "u+rwX", "--", path, NULL };
  const char *rm_argv[] = { "rm", "-rf", "--one-file-system", "--", path, NULL };
  int status = 0;

  if (rmdir (path) == 0 || errno == ENOENT)
    return TRUE;

  if (geteuid () != 0)
    g_spawn_sync (NULL, (char **) chmod_argv, NULL,
                  G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL
                  | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, NULL, NULL);

  if (!g_spawn_sync (NULL, (char **) rm_argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, NULL))
    return FALSE;

  return g_spawn_check_wait_status (status, NULL);
}

static gboolean
is_beneath (const char *root,
            const char *path)
{
  gsize len = strlen (root);

  return strncmp (root, path, len) == 0
         && (path[len] == '/' || path[len] == '\0');
}

/* Opens @path for reading inside the directory @dirfd only: an absolute
 * path, `..` or a symbolic link that leads out of it fail as if the file did
 * not exist (ENOENT). */
int
server_fs_open_beneath (int         dirfd,
                        const char *path)
{
  g_autofree char *proc = NULL;
  g_autofree char *joined = NULL;
  char root[PATH_MAX];
  char real[PATH_MAX];
  ssize_t len;
  int fd;

#if defined(HAVE_OPENAT2_H) && defined(SYS_openat2)
  {
    struct open_how how = { 0 };

    how.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    fd = (int) syscall (SYS_openat2, dirfd, path, &how, sizeof how);
    if (fd >= 0)
      return fd;
    if (errno == EXDEV || errno == ELOOP)
      {
        errno = ENOENT;
        return -1;
      }
    if (errno != ENOSYS && errno != EINVAL && errno != EPERM)
      return -1;
  }
#endif

  /* No openat2(): resolve then check. The commands are over, nothing
   * changes the directory under us any more. */
  if (path[0] == '/')
    {
      errno = ENOENT;
      return -1;
    }
  proc = g_strdup_printf ("/proc/self/fd/%d", dirfd);
  len = readlink (proc, root, sizeof root - 1);
  if (len < 0)
    return -1;
  root[len] = '\0';
  joined = g_build_filename (root, path, NULL);
  if (realpath (joined, real) == NULL)
    return -1;
  if (!is_beneath (root, real))
    {
      errno = ENOENT;
      return -1;
    }
  return open (real, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
}

/* A new, unnamed file for reading and writing in the directory @dirfd
 * (@dir_path when O_TMPFILE is not supported there): it vanishes with its
 * last descriptor or mapping, even after a crash. */
int
server_fs_open_tmpfile (int         dirfd,
                        const char *dir_path)
{
  g_autofree char *path = NULL;
  int fd;

  fd = openat (dirfd, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
    return fd;

  path = g_build_filename (dir_path, "upload-XXXXXX", NULL);
  fd = g_mkstemp_full (path, O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0)
    unlink (path);
  return fd;
}

/* Writes all of @data to @fd, again after EINTR; FALSE with errno set. */
gboolean
server_fs_write_all (int           fd,
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

/* Reads @fd to its end, keeping at most @limit bytes. */
gboolean
server_fs_read_fd (int          fd,
                   guint64      limit,
                   GByteArray **out_data,
                   gboolean    *out_truncated)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  guint8 chunk[65536];

  *out_truncated = FALSE;
  for (;;)
    {
      gssize n = read (fd, chunk, sizeof chunk);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
      if (data->len + (guint64) n > limit)
        {
          g_byte_array_append (data, chunk, (guint) (limit - data->len));
          *out_truncated = TRUE;
          break;
        }
      g_byte_array_append (data, chunk, (guint) n);
    }

  *out_data = g_steal_pointer (&data);
  return TRUE;
}
