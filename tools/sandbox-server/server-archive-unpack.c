/* server-archive-unpack.c
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

#include <archive.h>
#include <archive_entry.h>

#include "server-archive.h"

/* Unpacks a gzip'd tar into a directory, safely: every path is resolved
 * from the directory's descriptor one component at a time without following
 * symbolic links, so nothing is written outside it. Members that would leave
 * it (`..`, absolute paths, links pointing outside), device nodes, fifos and
 * sockets make the whole archive refused; setuid, setgid and sticky bits are
 * dropped; sizes and member counts are capped (zip bombs). */

#define MAX_REMOVE_DEPTH 256

static gboolean
fail (GError            **error,
      ServerArchiveError  code,
      const char         *member,
      const char         *reason)
{
  g_set_error (error, SERVER_ARCHIVE_ERROR, code,
               "The environment contains an unsafe member '%s': %s",
               member, reason);
  return FALSE;
}

static gboolean
fail_errno (GError     **error,
            const char  *member,
            int          saved_errno)
{
  g_set_error (error, SERVER_ARCHIVE_ERROR, SERVER_ARCHIVE_ERROR_INVALID,
               "The environment's member '%s' cannot be unpacked: %s",
               member, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
is_gzip (struct archive *a)
{
  return archive_filter_count (a) >= 2
         && archive_filter_code (a, 0) == ARCHIVE_FILTER_GZIP;
}

static gboolean
fail_not_gzip (GError **error)
{
  g_set_error (error, SERVER_ARCHIVE_ERROR, SERVER_ARCHIVE_ERROR_INVALID,
               "The environment is not a gzip'd tar archive");
  return FALSE;
}

static gboolean
fail_corrupt (struct archive  *a,
              GError         **error)
{
  g_set_error (error, SERVER_ARCHIVE_ERROR, SERVER_ARCHIVE_ERROR_INVALID,
               "The environment is not a valid gzip'd tar archive: %s",
               archive_error_string (a) ? archive_error_string (a)
                                        : "unexpected data");
  return FALSE;
}

static void
set_owner (const ServerUnpack *u,
           int                 parent,
           const char         *name)
{
  if (u->chown)
    fchownat (parent, name, u->uid, u->gid, AT_SYMLINK_NOFOLLOW);
}

/* Removes @name (a file, or a directory tree) from @parent. */
static gboolean
remove_at (int         parent,
           const char *name,
           int         depth)
{
  struct dirent *de;
  DIR *dir;
  int fd;

  if (unlinkat (parent, name, 0) == 0 || errno == ENOENT)
    return TRUE;
  if ((errno != EISDIR && errno != EPERM) || depth > MAX_REMOVE_DEPTH)
    return FALSE;

  fd = openat (parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return FALSE;
  fchmod (fd, 0700);
  dir = fdopendir (fd);
  if (dir == NULL)
    {
      close (fd);
      return FALSE;
    }
  while ((de = readdir (dir)) != NULL)
    if (strcmp (de->d_name, ".") != 0 && strcmp (de->d_name, "..") != 0)
      remove_at (dirfd (dir), de->d_name, depth + 1);
  closedir (dir);

  return unlinkat (parent, name, AT_REMOVEDIR) == 0;
}

static int
open_dir (int parent, const char *name)
{
  return openat (parent, name,
                 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

/* Opens the directory that holds the member @comps (all but its last
 * component), creating missing directories when @create. */
static int
open_parent (const ServerUnpack  *u,
             int                  rootfd,
             char               **comps,
             gboolean             create,
             const char          *member,
             GError             **error)
{
  int fd = dup (rootfd);

  if (fd < 0)
    {
      fail_errno (error, member, errno);
      return -1;
    }

  for (guint i = 0; comps[i] != NULL && comps[i + 1] != NULL; i++)
    {
      int next = open_dir (fd, comps[i]);

      if (next < 0 && create && errno == ENOENT)
        {
          if (mkdirat (fd, comps[i], 0755) == 0)
            set_owner (u, fd, comps[i]);
          next = open_dir (fd, comps[i]);
        }
      else if (next < 0 && create && (errno == ENOTDIR || errno == ELOOP))
        {
          struct stat st;

          if (fstatat (fd, comps[i], &st, AT_SYMLINK_NOFOLLOW) == 0
              && S_ISLNK (st.st_mode))
            {
              close (fd);
              fail (error, SERVER_ARCHIVE_ERROR_UNSAFE, member,
                    "its path goes through a symbolic link");
              return -1;
            }
          if (remove_at (fd, comps[i], 0) && mkdirat (fd, comps[i], 0755) == 0)
            set_owner (u, fd, comps[i]);
          next = open_dir (fd, comps[i]);
        }

      if (next < 0)
        {
          int saved_errno = errno;

          close (fd);
          if (!create && (saved_errno == ENOENT || saved_errno == ENOTDIR
                          || saved_errno == ELOOP))
            fail (error, SERVER_ARCHIVE_ERROR_UNSAFE, member,
                  "it is a hard link to a file outside the archive");
          else
            fail_errno (error, member, saved_errno);
          return -1;
        }
      close (fd);
      fd = next;
    }

  return fd;
}

static const char *
last_comp (char **comps)
{
  guint n = g_strv_length (comps);

  return comps[n - 1];
}

static gboolean
make_dir (const ServerUnpack    *u,
          int                    parent,
          const char            *name,
          struct archive_entry  *entry,
          const char            *member,
          GError               **error)
{
  mode_t mode = (archive_entry_perm (entry) & 0777) | 0700;
  struct stat st;

  if (mkdirat (parent, name, mode) != 0)
    {
      if (errno != EEXIST)
        return fail_errno (error, member, errno);
      if (fstatat (parent, name, &st, AT_SYMLINK_NOFOLLOW) == 0
          && S_ISDIR (st.st_mode))
        {
          fchmodat (parent, name, mode, 0);
          return TRUE;
        }
      if (!remove_at (parent, name, 0) || mkdirat (parent, name, mode) != 0)
        return fail_errno (error, member, errno);
    }

  fchmodat (parent, name, mode, 0);  /* Not narrowed by the umask. */
  set_owner (u, parent, name);
  return TRUE;
}

static gboolean
write_data (struct archive  *a,
            int              fd,
            const char      *member,
            GError         **error)
{
  for (;;)
    {
      const void *buf;
      size_t size;
      la_int64_t offset;
      int r = archive_read_data_block (a, &buf, &size, &offset);

      if (r == ARCHIVE_EOF)
        return TRUE;
      if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
        return fail_corrupt (a, error);
      while (size > 0)
        {
          gssize n = pwrite (fd, buf, size, offset);

          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0)
            return fail_errno (error, member, errno);
          buf = (const char *) buf + n;
          size -= n;
          offset += n;
        }
    }
}

static gboolean
make_file (ServerUnpack          *u,
           struct archive        *a,
           int                    parent,
           const char            *name,
           struct archive_entry  *entry,
           const char            *member,
           GError               **error)
{
  la_int64_t size = archive_entry_size (entry);
  struct timespec times[2];
  int fd;

  if (size < 0)
    size = 0;
  if ((guint64) size > u->max_bytes - MIN (u->bytes, u->max_bytes))
    {
      g_set_error (error, SERVER_ARCHIVE_ERROR, SERVER_ARCHIVE_ERROR_TOO_LARGE,
                   "The environment is too large once unpacked "
                   "(more than %" G_GUINT64_FORMAT " bytes)", u->max_bytes);
      return FALSE;
    }
  u->bytes += size;

  fd = openat (parent, name,
               O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0 && errno == EEXIST && remove_at (parent, name, 0))
    fd = openat (parent, name,
                 O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    return fail_errno (error, member, errno);

  if (!write_data (a, fd, member, error))
    {
      close (fd);
      return FALSE;
    }

  if (ftruncate (fd, size) != 0)
    {
      int saved_errno = errno;

      close (fd);
      return fail_errno (error, member, saved_errno);
    }
  fchmod (fd, (archive_entry_perm (entry) & 0777) | 0600);
  if (u->chown)
    fchown (fd, u->uid, u->gid);
  times[0].tv_sec = times[1].tv_sec = archive_entry_mtime (entry);
  times[0].tv_nsec = times[1].tv_nsec = archive_entry_mtime_nsec (entry);
  futimens (fd, times);
  close (fd);

  return TRUE;
}

/* Whether the link @comps -> @target stays inside the directory. */
static gboolean
symlink_is_inside (char       **comps,
                   const char  *target)
{
  g_auto(GStrv) parts = NULL;
  int depth = (int) g_strv_length (comps) - 1;

  if (target == NULL || *target == '\0' || *target == '/')
    return FALSE;

  parts = g_strsplit (target, "/", -1);
  for (char **p = parts; *p != NULL; p++)
    {
      if (**p == '\0' || strcmp (*p, ".") == 0)
        continue;
      if (strcmp (*p, "..") == 0)
        {
          if (--depth < 0)
            return FALSE;
        }
      else
        depth++;
    }
  return TRUE;
}

static gboolean
make_symlink (const ServerUnpack    *u,
              int                    parent,
              char                 **comps,
              struct archive_entry  *entry,
              const char            *member,
              GError               **error)
{
  const char *target = archive_entry_symlink (entry);
  const char *name = last_comp (comps);

  if (!symlink_is_inside (comps, target))
    return fail (error, SERVER_ARCHIVE_ERROR_UNSAFE, member,
                 "it is a symbolic link pointing outside the directory");

  if (!remove_at (parent, name, 0) || symlinkat (target, parent, name) != 0)
    return fail_errno (error, member, errno);
  set_owner (u, parent, name);
  return TRUE;
}

static gboolean
make_hardlink (const ServerUnpack  *u,
               int                  rootfd,
               int                  parent,
               const char          *name,
               const char          *target,
               const char          *member,
               GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) tcomps = server_archive_split_name (target, &local_error);
  struct stat st;
  gboolean ok;
  int tparent;

  if (tcomps == NULL || tcomps[0] == NULL)
    return fail (error, SERVER_ARCHIVE_ERROR_UNSAFE, member,
                 "it is a hard link pointing outside the directory");

  tparent = open_parent (u, rootfd, tcomps, FALSE, member, error);
  if (tparent < 0)
    return FALSE;

  if (fstatat (tparent, last_comp (tcomps), &st, AT_SYMLINK_NOFOLLOW) != 0
      || !S_ISREG (st.st_mode))
    {
      close (tparent);
      return fail (error, SERVER_ARCHIVE_ERROR_UNSAFE, member,
                   "it is a hard link to a file outside the archive");
    }

  ok = (remove_at (parent, name, 0)
        && linkat (tparent, last_comp (tcomps), parent, name, 0) == 0);
  if (!ok)
    fail_errno (error, member, errno);
  close (tparent);
  return ok;
}

static gboolean
unpack_entry (ServerUnpack          *u,
              struct archive        *a,
              struct archive_entry  *entry,
              int                    rootfd,
              GError               **error)
{
  const char *raw = archive_entry_pathname (entry);
  const char *hardlink = archive_entry_hardlink (entry);
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) comps = server_archive_split_name (raw, &local_error);
  const char *member = raw != NULL ? raw : "";
  gboolean ok;
  int parent;

  if (comps == NULL)
    return fail (error, SERVER_ARCHIVE_ERROR_UNSAFE, member,
                 local_error->message);
  if (comps[0] == NULL)
    return TRUE;  /* The root directory itself. */

  if (hardlink == NULL)
    {
      switch (archive_entry_filetype (entry))
        {
        case AE_IFREG:
        case AE_IFDIR:
        case AE_IFLNK:
          break;
        default:
          return fail (error, SERVER_ARCHIVE_ERROR_UNSAFE, member,
                       "it is a device node, a fifo or a socket");
        }
    }

  parent = open_parent (u, rootfd, comps, TRUE, member, error);
  if (parent < 0)
    return FALSE;

  if (hardlink != NULL)
    ok = make_hardlink (u, rootfd, parent, last_comp (comps), hardlink,
                        member, error);
  else if (archive_entry_filetype (entry) == AE_IFDIR)
    ok = make_dir (u, parent, last_comp (comps), entry, member, error);
  else if (archive_entry_filetype (entry) == AE_IFLNK)
    ok = make_symlink (u, parent, comps, entry, member, error);
  else
    ok = make_file (u, a, parent, last_comp (comps), entry, member, error);

  close (parent);
  return ok;
}

static gboolean
unpack (ServerUnpack    *u,
        struct archive  *a,
        int              rootfd,
        GError         **error)
{
  for (gboolean first = TRUE;; first = FALSE)
    {
      struct archive_entry *entry;
      int r = archive_read_next_header (a, &entry);

      if (first && !is_gzip (a))
        return fail_not_gzip (error);
      if (r == ARCHIVE_EOF)
        return TRUE;
      /* ARCHIVE_RETRY, a damaged header, is above ARCHIVE_WARN. */
      if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
        return fail_corrupt (a, error);

      if (++u->members > u->max_members)
        {
          g_set_error (error, SERVER_ARCHIVE_ERROR,
                       SERVER_ARCHIVE_ERROR_TOO_LARGE,
                       "The environment has too many members (more than %u)",
                       u->max_members);
          return FALSE;
        }

      if (!unpack_entry (u, a, entry, rootfd, error))
        return FALSE;
    }
}

/* libarchive does not check gzip's CRC: a damaged stream could unpack as
 * damaged files. Inflate it once with zlib (which does), discarding the
 * output and bounding its size, before unpacking. */
static gboolean
check_gzip_stream (ServerUnpack  *u,
                   GBytes        *data,
                   GError       **error)
{
  g_autofree guint8 *out = g_malloc (65536);
  const guint8 *in = g_bytes_get_data (data, NULL);
  gsize left = g_bytes_get_size (data);
  guint64 limit = u->max_bytes + (guint64) u->max_members * 3072 + 1024 * 1024;
  guint64 total = 0;

  if (left < 2 || in[0] != 0x1f || in[1] != 0x8b)
    return fail_not_gzip (error);

  /* One gzip member after the other, as gzip(1) allows. */
  while (left > 0 && in[0] == 0x1f)
    {
      g_autoptr(GZlibDecompressor) z =
        g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
      GConverterResult r;

      do
        {
          g_autoptr(GError) local_error = NULL;
          gsize read = 0, written = 0;

          r = g_converter_convert (G_CONVERTER (z), in, left, out, 65536,
                                   G_CONVERTER_INPUT_AT_END, &read, &written,
                                   &local_error);
          if (r == G_CONVERTER_ERROR)
            {
              g_set_error (error, SERVER_ARCHIVE_ERROR,
                           SERVER_ARCHIVE_ERROR_INVALID,
                           "The environment is not a valid gzip'd tar archive: %s",
                           g_error_matches (local_error, G_IO_ERROR,
                                            G_IO_ERROR_PARTIAL_INPUT)
                           ? "the compressed data is truncated"
                           : local_error->message);
              return FALSE;
            }
          in += read;
          left -= read;
          total += written;
          if (total > limit)
            {
              g_set_error (error, SERVER_ARCHIVE_ERROR,
                           SERVER_ARCHIVE_ERROR_TOO_LARGE,
                           "The environment is too large once unpacked "
                           "(more than %" G_GUINT64_FORMAT " bytes)", u->max_bytes);
              return FALSE;
            }
        }
      while (r != G_CONVERTER_FINISHED);
    }

  /* Only padding may follow. */
  for (gsize i = 0; i < left; i++)
    if (in[i] != 0)
      {
        g_set_error (error, SERVER_ARCHIVE_ERROR, SERVER_ARCHIVE_ERROR_INVALID,
                     "The environment is not a valid gzip'd tar archive: "
                     "unexpected data after the compressed stream");
        return FALSE;
      }

  return TRUE;
}

static struct archive *
new_reader (void)
{
  struct archive *a = archive_read_new ();

  archive_read_support_filter_all (a);
  archive_read_support_format_tar (a);
  return a;
}

gboolean
server_archive_unpack_bytes (ServerUnpack  *unpack_state,
                             int            dirfd,
                             GBytes        *data,
                             GError       **error)
{
  struct archive *a;
  gsize size;
  gconstpointer bytes = g_bytes_get_data (data, &size);
  gboolean ok;

  if (!check_gzip_stream (unpack_state, data, error))
    return FALSE;

  a = new_reader ();
  if (archive_read_open_memory (a, bytes, size) != ARCHIVE_OK)
    ok = is_gzip (a) ? fail_corrupt (a, error) : fail_not_gzip (error);
  else
    ok = unpack (unpack_state, a, dirfd, error);

  archive_read_free (a);
  return ok;
}

gboolean
server_archive_unpack_file (ServerUnpack  *unpack_state,
                            int            dirfd,
                            const char    *path,
                            GError       **error)
{
  struct archive *a = new_reader ();
  gboolean ok;

  if (archive_read_open_filename (a, path, 65536) != ARCHIVE_OK)
    {
      g_set_error (error, SERVER_ARCHIVE_ERROR, SERVER_ARCHIVE_ERROR_IO,
                   "Cannot read %s: %s", path, archive_error_string (a));
      ok = FALSE;
    }
  else
    ok = unpack (unpack_state, a, dirfd, error);

  archive_read_free (a);
  return ok;
}
