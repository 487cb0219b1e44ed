/* cli-extract.c
 *
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
#include <glib/gstdio.h>

#include "cli-archive.h"
#include "cli-interrupt.h"

/* Unpacks a gzip'd tar read from a stream into a directory, with
 * libarchive, and never writes outside it: a member whose path is absolute
 * or has a `..`, a link that points outside, or a special file makes the
 * whole extraction fail. libarchive's secure flags check the same again,
 * and refuse to write through symbolic links. Extraction runs inside the
 * directory (chdir), so that the paths it writes are all relative. */

#define EXTRACT_FLAGS (ARCHIVE_EXTRACT_SECURE_NODOTDOT | \
                       ARCHIVE_EXTRACT_SECURE_SYMLINKS | \
                       ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS | \
                       ARCHIVE_EXTRACT_TIME)

typedef struct
{
  GInputStream *stream;
  CliProgress  *progress;
  GError       *error;
  guint8        buffer[64 * 1024];
} Source;

static la_ssize_t
source_read (struct archive  *archive,
             void            *user_data,
             const void     **buffer)
{
  Source *source = user_data;
  gssize n;

  if (source->error != NULL)
    return -1;

  n = g_input_stream_read (source->stream, source->buffer, sizeof source->buffer,
                           cli_interrupt_get_cancellable (), &source->error);
  if (n < 0)
    {
      archive_set_error (archive, EIO, "%s", source->error->message);
      return -1;
    }

  cli_progress_add (source->progress, n);
  *buffer = source->buffer;

  return n;
}

/* Skips the `./` and `.` segments that start @path. */
static const char *
skip_dot_segments (const char *path)
{
  while (path[0] == '.' && (path[1] == '/' || path[1] == '\0'))
    {
      path++;
      while (*path == '/')
        path++;
    }

  return path;
}

static gboolean
has_dot_dot (const char *path)
{
  g_auto(GStrv) segments = g_strsplit (path, "/", -1);

  for (guint i = 0; segments[i] != NULL; i++)
    {
      if (strcmp (segments[i], "..") == 0)
        return TRUE;
    }

  return FALSE;
}

/* Whether a symbolic link at @member (a safe relative path) to @target
 * resolves inside the directory. `..` may only start @target, and never
 * climb above the root: then, by induction over the other links, which
 * obey the same rule, no path through links leaves the directory. */
static gboolean
link_stays_inside (const char *member,
                   const char *target)
{
  g_auto(GStrv) member_segments = g_strsplit (member, "/", -1);
  g_auto(GStrv) target_segments = NULL;
  gboolean named = FALSE;
  int depth = 0;

  if (target[0] == '/' || target[0] == '\0')
    return FALSE;

  /* The directories above the link; its own name does not count. */
  for (guint i = 0; member_segments[i] != NULL; i++)
    {
      if (member_segments[i + 1] != NULL && member_segments[i][0] != '\0' &&
          strcmp (member_segments[i], ".") != 0)
        depth++;
    }

  target_segments = g_strsplit (target, "/", -1);
  for (guint i = 0; target_segments[i] != NULL; i++)
    {
      const char *segment = target_segments[i];

      if (segment[0] == '\0' || strcmp (segment, ".") == 0)
        continue;

      if (strcmp (segment, "..") != 0)
        named = TRUE;
      else if (named || --depth < 0)
        return FALSE;
    }

  return TRUE;
}

static gboolean
refuse (const char  *member,
        const char  *reason,
        GError     **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
               "Refusing to unpack “%s”: %s", member, reason);
  return FALSE;
}

/* Checks @entry and makes its path (and hard link) relative. Sets @skip
 * for the archive's root directory, which is the target directory. */
static gboolean
check_entry (struct archive_entry  *entry,
             gboolean              *skip,
             GError               **error)
{
  const char *original = archive_entry_pathname (entry);
  const char *path;
  const char *hardlink = archive_entry_hardlink (entry);
  mode_t type = archive_entry_filetype (entry);
  g_autofree char *relative = NULL;

  *skip = FALSE;
  if (original == NULL)
    return refuse ("?", "it has no name", error);

  path = skip_dot_segments (original);
  if (path[0] == '/')
    {
      if (path[strspn (path, "/")] == '\0' && type == AE_IFDIR)
        {
          *skip = TRUE;
          return TRUE;
        }
      return refuse (original, "its path is absolute", error);
    }
  if (path[0] == '\0')
    {
      *skip = TRUE;
      return TRUE;
    }
  if (has_dot_dot (path))
    return refuse (original, "its path leaves the directory", error);

  if (hardlink != NULL)
    {
      const char *link_path = skip_dot_segments (hardlink);

      if (link_path[0] == '/' || link_path[0] == '\0' || has_dot_dot (link_path))
        return refuse (original, "its hard link points outside the directory",
                       error);
      relative = g_strdup (link_path);
      archive_entry_set_hardlink (entry, relative);
      g_clear_pointer (&relative, g_free);
    }
  else if (type == AE_IFLNK)
    {
      const char *target = archive_entry_symlink (entry);

      if (target == NULL || !link_stays_inside (path, target))
        return refuse (original, "its symbolic link points outside the "
                       "directory", error);
    }
  else if (type != AE_IFREG && type != AE_IFDIR)
    {
      return refuse (original, "it is a special file", error);
    }

  if (path != original)
    {
      relative = g_strdup (path);
      archive_entry_set_pathname (entry, relative);
    }

  return TRUE;
}

static gboolean
copy_data (struct archive  *reader,
           struct archive  *writer,
           GError         **error)
{
  for (;;)
    {
      const void *block;
      size_t size;
      la_int64_t offset;
      int r = archive_read_data_block (reader, &block, &size, &offset);

      if (r == ARCHIVE_EOF)
        return TRUE;
      if (r < ARCHIVE_WARN)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Could not unpack the archive: %s",
                       archive_error_string (reader));
          return FALSE;
        }
      if (archive_write_data_block (writer, block, size, offset) < ARCHIVE_WARN)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "Could not write: %s", archive_error_string (writer));
          return FALSE;
        }
    }
}

static gboolean
extract_all (struct archive  *reader,
             struct archive  *writer,
             GError         **error)
{
  for (;;)
    {
      struct archive_entry *entry;
      gboolean skip;
      int r = archive_read_next_header (reader, &entry);

      if (r == ARCHIVE_EOF)
        break;
      if (r < ARCHIVE_WARN)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Could not unpack the archive: %s",
                       archive_error_string (reader));
          return FALSE;
        }

      if (!check_entry (entry, &skip, error))
        return FALSE;
      if (skip)
        continue;

      if (archive_write_header (writer, entry) < ARCHIVE_WARN)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "Could not unpack “%s”: %s",
                       archive_entry_pathname (entry),
                       archive_error_string (writer));
          return FALSE;
        }

      if (archive_entry_size (entry) > 0 && !copy_data (reader, writer, error))
        return FALSE;

      if (archive_write_finish_entry (writer) < ARCHIVE_WARN)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "Could not unpack “%s”: %s",
                       archive_entry_pathname (entry),
                       archive_error_string (writer));
          return FALSE;
        }
    }

  /* Sets the times of the directories, still from inside the directory. */
  if (archive_write_close (writer) < ARCHIVE_WARN)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Could not unpack the archive: %s",
                   archive_error_string (writer));
      return FALSE;
    }

  return TRUE;
}

static gboolean
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *what,
                 const char  *directory)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "Could not %s “%s”: %s", what, directory,
               g_strerror (saved_errno));
  return FALSE;
}

/* Unpacks the gzip'd tar read from @stream into @directory, made if
 * needed. @out_read_failed tells whether a failure came from reading
 * @stream rather than from the archive or the disk. */
gboolean
cli_archive_extract (GInputStream  *stream,
                     const char    *directory,
                     CliProgress   *progress,
                     gboolean      *out_read_failed,
                     GError       **error)
{
  g_autofree Source *source = g_new0 (Source, 1);
  struct archive *reader = NULL;
  struct archive *writer = NULL;
  gboolean ok = FALSE;
  int saved_cwd;

  *out_read_failed = FALSE;

  if (g_mkdir_with_parents (directory, 0777) != 0)
    return set_errno_error (error, errno, "create", directory);

  saved_cwd = open (".", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (saved_cwd < 0)
    return set_errno_error (error, errno, "open", ".");
  if (chdir (directory) != 0)
    {
      int saved_errno = errno;

      close (saved_cwd);
      return set_errno_error (error, saved_errno, "enter", directory);
    }

  source->stream = stream;
  source->progress = progress;

  reader = archive_read_new ();
  archive_read_support_filter_gzip (reader);
  archive_read_support_format_tar (reader);
  writer = archive_write_disk_new ();
  archive_write_disk_set_options (writer, EXTRACT_FLAGS);

  if (archive_read_open (reader, source, NULL, source_read, NULL) < ARCHIVE_WARN)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 "Could not unpack the archive: %s",
                 archive_error_string (reader));
  else
    ok = extract_all (reader, writer, error);

  archive_write_free (writer);
  archive_read_free (reader);

  if (fchdir (saved_cwd) != 0 && ok)
    ok = set_errno_error (error, errno, "return to", "the working directory");
  close (saved_cwd);

  if (!ok && source->error != NULL)
    {
      /* The archive's error only repeats the stream's. */
      g_clear_error (error);
      g_propagate_error (error, g_steal_pointer (&source->error));
      *out_read_failed = TRUE;
    }
  g_clear_error (&source->error);

  return ok;
}
