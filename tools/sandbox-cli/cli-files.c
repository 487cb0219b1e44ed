/* cli-files.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cli-files.h"

/* The local files that options name. A file of the wrong kind (a FIFO
 * where a regular file is expected, a file where a directory is) is bad
 * usage, a G_OPTION_ERROR; a file that cannot be read is a G_IO_ERROR.
 * Nothing here opens a FIFO in a way that blocks, or reads without bound. */

static const char *
kind_name (mode_t mode)
{
  if (S_ISREG (mode))
    return _("a regular file");
  if (S_ISDIR (mode))
    return _("a directory");
  if (S_ISFIFO (mode))
    return _("a FIFO");
  if (S_ISSOCK (mode))
    return _("a socket");
  if (S_ISCHR (mode))
    return _("a character device");
  if (S_ISBLK (mode))
    return _("a block device");

  return _("a special file");
}

static gboolean
set_io_error (GError     **error,
              int          saved_errno,
              const char  *option,
              const char  *path)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               /* Translators: an option, a file, why it could not be read. */
               _("%s: could not read “%s”: %s"), option, path,
               g_strerror (saved_errno));
  return FALSE;
}

static gboolean
set_kind_error (GError     **error,
                const char  *option,
                const char  *path,
                GFileType    expected,
                mode_t       mode)
{
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               /* Translators: an option, what it needs, a file, what the file is
                * (“a directory”, “a regular file”, “a FIFO”…). */
               _("%s needs %s, and “%s” is %s"), option,
               expected == G_FILE_TYPE_DIRECTORY ? _("a directory") : _("a regular file"),
               path, kind_name (mode));
  return FALSE;
}

static void
set_size_error (GError     **error,
                const char  *option,
                const char  *path,
                gsize        max_size)
{
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("%s: “%s” is larger than %u MiB, the most it may be"), option, path,
               (guint) (max_size / (1024 * 1024)));
}

/* Checks that @path, its symbolic links followed, is a regular file or a
 * directory as @expected says; a missing one is fine when
 * @may_be_missing, which outputs are. */
gboolean
cli_check_file_kind (const char  *option,
                     const char  *path,
                     GFileType    expected,
                     gboolean     may_be_missing,
                     GError     **error)
{
  GStatBuf buf;

  g_assert (expected == G_FILE_TYPE_REGULAR || expected == G_FILE_TYPE_DIRECTORY);

  if (g_stat (path, &buf) != 0)
    {
      if (errno == ENOENT && may_be_missing)
        return TRUE;
      return set_io_error (error, errno, option, path);
    }

  if (expected == G_FILE_TYPE_DIRECTORY ? !S_ISDIR (buf.st_mode) : !S_ISREG (buf.st_mode))
    return set_kind_error (error, option, path, expected, buf.st_mode);

  return TRUE;
}

/* Checks that @directory holds only regular files, directories and
 * symbolic links (not followed), which is all that a server unpacks. */
gboolean
cli_check_tree_is_plain (const char  *option,
                         const char  *directory,
                         GError     **error)
{
  g_autoptr(GQueue) pending = g_queue_new ();
  gboolean ok = TRUE;

  g_queue_push_tail (pending, g_strdup (directory));
  while (ok && !g_queue_is_empty (pending))
    {
      g_autofree char *path = g_queue_pop_head (pending);
      g_autoptr(GDir) dir = NULL;
      const char *name;

      dir = g_dir_open (path, 0, error);
      if (dir == NULL)
        {
          g_prefix_error (error, "%s: ", option);
          ok = FALSE;
          break;
        }

      while (ok && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          GStatBuf buf;

          if (g_lstat (child, &buf) != 0)
            ok = set_io_error (error, errno, option, child);
          else if (S_ISDIR (buf.st_mode))
            g_queue_push_tail (pending, g_steal_pointer (&child));
          else if (!S_ISREG (buf.st_mode) && !S_ISLNK (buf.st_mode))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                           _("%s: “%s” is %s; only regular files, directories "
                             "and symbolic links can be sent"), option, child,
                           kind_name (buf.st_mode));
              ok = FALSE;
            }
        }
    }

  g_queue_foreach (pending, (GFunc) g_free, NULL);

  return ok;
}

/* Reads the whole of @path, a regular file of at most @max_size bytes,
 * into a NUL-terminated string. The file is opened without blocking, so
 * that a FIFO is refused instead of waited on. */
char *
cli_read_small_file (const char  *option,
                     const char  *path,
                     gsize        max_size,
                     GError     **error)
{
  g_autoptr(GByteArray) data = NULL;
  struct stat buf;
  int fd;

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      set_io_error (error, errno, option, path);
      return NULL;
    }

  if (fstat (fd, &buf) != 0)
    {
      set_io_error (error, errno, option, path);
      g_close (fd, NULL);
      return NULL;
    }
  if (!S_ISREG (buf.st_mode))
    {
      set_kind_error (error, option, path, G_FILE_TYPE_REGULAR, buf.st_mode);
      g_close (fd, NULL);
      return NULL;
    }
  if (buf.st_size > 0 && (guint64) buf.st_size > max_size)
    {
      set_size_error (error, option, path, max_size);
      g_close (fd, NULL);
      return NULL;
    }

  data = g_byte_array_sized_new (MIN ((gsize) MAX (buf.st_size, 0), max_size) + 1);
  while (data->len <= max_size)
    {
      guint8 chunk[64 * 1024];
      gssize n = read (fd, chunk, MIN (sizeof chunk, max_size + 1 - data->len));

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_io_error (error, errno, option, path);
          g_close (fd, NULL);
          return NULL;
        }
      if (n == 0)
        break;
      g_byte_array_append (data, chunk, n);
    }
  g_close (fd, NULL);

  /* It grew while it was read. */
  if (data->len > max_size)
    {
      set_size_error (error, option, path, max_size);
      return NULL;
    }

  g_byte_array_append (data, (const guint8 *) "", 1);

  return (char *) g_byte_array_free (g_steal_pointer (&data), FALSE);
}
