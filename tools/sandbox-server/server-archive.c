/* server-archive.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "server-archive.h"

#define MAX_LINK_HOPS 8

G_DEFINE_QUARK (server-archive-error-quark, server_archive_error)

/* Splits a member name into its components: leading `./` and `/` (the root
 * entry of real archives), `.` and empty components vanish. Returns an
 * empty vector for the root itself, NULL (UNSAFE) for a name that leaves the
 * directory (`..`, an absolute path). */
char **
server_archive_split_name (const char  *raw,
                           GError     **error)
{
  g_autoptr(GPtrArray) comps = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = NULL;

  if (raw == NULL)
    raw = "";

  parts = g_strsplit (raw, "/", -1);
  for (char **p = parts; *p != NULL; p++)
    {
      if (**p == '\0' || strcmp (*p, ".") == 0)
        continue;
      if (strcmp (*p, "..") == 0)
        {
          g_set_error (error, SERVER_ARCHIVE_ERROR, SERVER_ARCHIVE_ERROR_UNSAFE,
                       "its path leaves the directory");
          return NULL;
        }
      g_ptr_array_add (comps, g_strdup (*p));
    }

  if (raw[0] == '/' && comps->len > 0)
    {
      g_set_error (error, SERVER_ARCHIVE_ERROR, SERVER_ARCHIVE_ERROR_UNSAFE,
                   "its path is absolute");
      return NULL;
    }

  g_ptr_array_add (comps, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&comps), FALSE);
}

static char *
normalize (const char *raw)
{
  g_auto(GStrv) comps = server_archive_split_name (raw, NULL);

  if (comps == NULL)
    return NULL;
  return g_strjoinv ("/", comps);
}

/* Where the symbolic link @member pointing at @target leads, inside the
 * archive; NULL when it leads out of it. */
static char *
resolve_link (const char *member,
              const char *target)
{
  g_autoptr(GPtrArray) comps = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) base = g_strsplit (member, "/", -1);
  g_auto(GStrv) parts = NULL;

  if (target == NULL || target[0] == '/')
    return NULL;

  for (guint i = 0; base[i] != NULL && base[i + 1] != NULL; i++)
    g_ptr_array_add (comps, g_strdup (base[i]));

  parts = g_strsplit (target, "/", -1);
  for (char **p = parts; *p != NULL; p++)
    {
      if (**p == '\0' || strcmp (*p, ".") == 0)
        continue;
      if (strcmp (*p, "..") == 0)
        {
          if (comps->len == 0)
            return NULL;
          g_ptr_array_remove_index (comps, comps->len - 1);
          continue;
        }
      g_ptr_array_add (comps, g_strdup (*p));
    }

  g_ptr_array_add (comps, NULL);
  return g_strjoinv ("/", (char **) comps->pdata);
}

static struct archive *
open_read (const char  *path,
           GError     **error)
{
  struct archive *a = archive_read_new ();

  archive_read_support_filter_all (a);
  archive_read_support_format_tar (a);
  if (archive_read_open_filename (a, path, 65536) != ARCHIVE_OK)
    {
      g_set_error (error, SERVER_ARCHIVE_ERROR, SERVER_ARCHIVE_ERROR_IO,
                   "Cannot read %s: %s", path, archive_error_string (a));
      archive_read_free (a);
      return NULL;
    }
  return a;
}

static int
open_tmpfile (int dirfd)
{
  g_autofree char *path = NULL;
  int fd;

  fd = openat (dirfd, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
    return fd;

  fd = g_file_open_tmp ("sandbox-server-file-XXXXXX", &path, NULL);
  if (fd >= 0)
    unlink (path);
  return fd;
}

static gboolean
extract_data (struct archive  *a,
              int              fd,
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
      if (r < ARCHIVE_WARN)
        {
          g_set_error (error, SERVER_ARCHIVE_ERROR, SERVER_ARCHIVE_ERROR_IO,
                       "Corrupt archive: %s", archive_error_string (a));
          return FALSE;
        }
      while (size > 0)
        {
          gssize n = pwrite (fd, buf, size, offset);

          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0)
            {
              g_set_error (error, SERVER_ARCHIVE_ERROR, SERVER_ARCHIVE_ERROR_IO,
                           "Cannot write a temporary file: %s",
                           g_strerror (errno));
              return FALSE;
            }
          buf = (const char *) buf + n;
          size -= n;
          offset += n;
        }
    }
}

typedef enum
{
  LOOKUP_FILE,
  LOOKUP_LINK,
  LOOKUP_MISSING,
} Lookup;

/* Looks @want up in the archive: a regular file (extracted to a temporary
 * file when @tmp_dirfd is valid), a link to follow (its target in
 * @out_next), or missing (also: a directory or a special file). */
static Lookup
lookup_once (const char  *path,
             const char  *want,
             int          tmp_dirfd,
             int         *out_fd,
             guint64     *out_size,
             char       **out_next,
             GError     **error)
{
  struct archive *a = open_read (path, error);
  struct archive_entry *entry;
  Lookup result = LOOKUP_MISSING;

  if (a == NULL)
    return LOOKUP_MISSING;

  while (archive_read_next_header (a, &entry) == ARCHIVE_OK)
    {
      g_autofree char *name = normalize (archive_entry_pathname (entry));
      const char *hardlink = archive_entry_hardlink (entry);

      if (name == NULL || strcmp (name, want) != 0)
        continue;

      if (hardlink != NULL)
        {
          *out_next = normalize (hardlink);
          result = *out_next != NULL ? LOOKUP_LINK : LOOKUP_MISSING;
        }
      else if (archive_entry_filetype (entry) == AE_IFLNK)
        {
          *out_next = resolve_link (name, archive_entry_symlink (entry));
          result = *out_next != NULL ? LOOKUP_LINK : LOOKUP_MISSING;
        }
      else if (archive_entry_filetype (entry) == AE_IFREG)
        {
          *out_size = archive_entry_size (entry);
          result = LOOKUP_FILE;
          if (tmp_dirfd >= 0)
            {
              int fd = open_tmpfile (tmp_dirfd);

              if (fd < 0)
                {
                  g_set_error (error, SERVER_ARCHIVE_ERROR,
                               SERVER_ARCHIVE_ERROR_IO,
                               "Cannot create a temporary file: %s",
                               g_strerror (errno));
                  result = LOOKUP_MISSING;
                }
              else if (!extract_data (a, fd, error))
                {
                  close (fd);
                  result = LOOKUP_MISSING;
                }
              else
                *out_fd = fd;
            }
        }
      break;
    }

  archive_read_free (a);
  return result;
}

/* Finds the regular file @member of the archive at @path, following links
 * inside the archive. Its size goes to @out_size; with a valid @tmp_dirfd
 * its content is extracted to an unlinked temporary file (@out_fd).
 * A directory, a special file or a link leading out of the archive count as
 * missing: SERVER_ARCHIVE_ERROR_NOT_FOUND. */
gboolean
server_archive_find (const char  *path,
                     const char  *member,
                     int          tmp_dirfd,
                     int         *out_fd,
                     guint64     *out_size,
                     GError     **error)
{
  g_autofree char *want = normalize (member);

  *out_fd = -1;
  *out_size = 0;

  for (guint hop = 0; want != NULL && *want != '\0' && hop <= MAX_LINK_HOPS;
       hop++)
    {
      g_autoptr(GError) local_error = NULL;
      char *next = NULL;

      switch (lookup_once (path, want, tmp_dirfd, out_fd, out_size, &next,
                           &local_error))
        {
        case LOOKUP_FILE:
          return TRUE;
        case LOOKUP_LINK:
          g_free (want);
          want = next;
          continue;
        case LOOKUP_MISSING:
        default:
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          hop = MAX_LINK_HOPS;
          break;
        }
    }

  g_set_error (error, SERVER_ARCHIVE_ERROR, SERVER_ARCHIVE_ERROR_NOT_FOUND,
               "No such file in the archive");
  return FALSE;
}
