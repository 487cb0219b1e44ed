/* server-archive-pack.c
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
#include "server-gzip-writer.h"

/* Packs a working directory into a gzip'd tar: its top-level entries with no
 * `./` prefix, recursively, without following symbolic links. Special files
 * are left out. */

#define MAX_DEPTH 128

static gboolean
write_failed (struct archive  *a,
              GError         **error)
{
  g_set_error (error, SERVER_ARCHIVE_ERROR, SERVER_ARCHIVE_ERROR_IO,
               "Cannot write the environment: %s", archive_error_string (a));
  return FALSE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
list_dir (int dirfd)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  struct dirent *de;
  int fd = openat (dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *dir = fd >= 0 ? fdopendir (fd) : NULL;

  if (dir == NULL)
    {
      if (fd >= 0)
        close (fd);
      return names;
    }
  while ((de = readdir (dir)) != NULL)
    if (strcmp (de->d_name, ".") != 0 && strcmp (de->d_name, "..") != 0)
      g_ptr_array_add (names, g_strdup (de->d_name));
  closedir (dir);

  g_ptr_array_sort (names, compare_names);
  return names;
}

static int
open_file (int         dirfd,
           const char *name,
           mode_t      mode)
{
  int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK;
  int fd = openat (dirfd, name, flags);

  if (fd < 0 && errno == EACCES && fchmodat (dirfd, name, mode | 0400, 0) == 0)
    fd = openat (dirfd, name, flags);
  return fd;
}

static gboolean
copy_data (struct archive  *a,
           int              fd,
           GError         **error)
{
  char buf[65536];

  for (;;)
    {
      gssize n = read (fd, buf, sizeof buf);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return TRUE;  /* A short file is padded by libarchive. */
      if (archive_write_data (a, buf, n) < 0)
        return write_failed (a, error);
    }
}

static gboolean pack_dir (struct archive    *a,
                          ServerGzipWriter  *gz,
                          int              dirfd,
                          const char      *prefix,
                          guint            depth,
                          GError         **error);

static gboolean
pack_entry (struct archive    *a,
            ServerGzipWriter  *gz,
            int              dirfd,
            const char      *name,
            const char      *path,
            guint            depth,
            GError         **error)
{
  struct archive_entry *entry;
  struct stat st;
  gboolean ok = TRUE;
  int fd = -1;

  if (fstatat (dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
    return TRUE;
  if (!S_ISDIR (st.st_mode) && !S_ISREG (st.st_mode) && !S_ISLNK (st.st_mode))
    return TRUE;
  if (S_ISDIR (st.st_mode) && depth >= MAX_DEPTH)
    return TRUE;

  if (S_ISREG (st.st_mode))
    {
      fd = open_file (dirfd, name, st.st_mode);
      if (fd < 0 || fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
        {
          if (fd >= 0)
            close (fd);
          return TRUE;
        }
    }

  entry = archive_entry_new ();
  archive_entry_copy_stat (entry, &st);
  archive_entry_set_pathname (entry, path);
  archive_entry_set_perm (entry, st.st_mode & 0777);
  archive_entry_set_uid (entry, 0);
  archive_entry_set_gid (entry, 0);
  archive_entry_set_nlink (entry, 1);

  if (S_ISLNK (st.st_mode))
    {
      char target[4096];
      gssize len = readlinkat (dirfd, name, target, sizeof target - 1);

      if (len < 0)
        {
          archive_entry_free (entry);
          return TRUE;
        }
      target[len] = '\0';
      archive_entry_set_symlink (entry, target);
      archive_entry_set_size (entry, 0);
    }
  else if (S_ISDIR (st.st_mode))
    archive_entry_set_size (entry, 0);

  if (archive_write_header (a, entry) < ARCHIVE_WARN)
    ok = write_failed (a, error);
  else if (fd >= 0)
    {
      server_gzip_writer_next_file (gz);
      ok = copy_data (a, fd, error);
    }
  archive_entry_free (entry);
  if (fd >= 0)
    close (fd);

  if (ok && S_ISDIR (st.st_mode))
    {
      int sub = openat (dirfd, name,
                        O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

      if (sub < 0 && errno == EACCES
          && fchmodat (dirfd, name, (st.st_mode & 0777) | 0700, 0) == 0)
        sub = openat (dirfd, name,
                      O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub >= 0)
        {
          ok = pack_dir (a, gz, sub, path, depth + 1, error);
          close (sub);
        }
    }

  return ok;
}

static gboolean
pack_dir (struct archive    *a,
          ServerGzipWriter  *gz,
          int              dirfd,
          const char      *prefix,
          guint            depth,
          GError         **error)
{
  g_autoptr(GPtrArray) names = list_dir (dirfd);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *path = prefix != NULL
                              ? g_strconcat (prefix, "/", name, NULL)
                              : g_strdup (name);

      if (!pack_entry (a, gz, dirfd, name, path, depth, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
server_archive_pack (int      dirfd,
                     int      out_fd,
                     GError **error)
{
  struct archive *a = archive_write_new ();
  ServerGzipWriter *gz;
  gboolean ok;

  archive_write_set_format_pax_restricted (a);
  if ((gz = server_gzip_writer_open (a, out_fd)) == NULL)
    ok = write_failed (a, error);
  else
    {
      ok = pack_dir (a, gz, dirfd, NULL, 0, error);
      if (archive_write_close (a) != ARCHIVE_OK && ok)
        ok = write_failed (a, error);
    }

  archive_write_free (a);
  return ok;
}
