/* sandbox-extract.c
 *
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

#include "sandbox-error.h"
#include "sandbox-archive-read-private.h"
#include "sandbox-i18n-private.h"

typedef struct
{
  SandboxArchiveRead *archive;
  GCancellable       *cancellable;
  int                 root_fd;
  GHashTable         *files;    /* paths of the regular files written so far */
} Extract;

static gboolean
fail_errno (GError     **error,
            const char  *path,
            int          saved_errno)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Cannot extract the environment's member '%s': %s"),
               path, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
fail_unsafe (GError     **error,
             const char  *path,
             const char  *reason)
{
  g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_UNSAFE_ARCHIVE,
               /* Translators: %s says why (“its path goes through a symbolic link”). */
               _("The environment's member '%s' is unsafe: %s"), path, reason);
  return FALSE;
}

/* Whether a symbolic link at @link_path (a normalised member path) with
 * @target resolves inside the directory, whatever the other links are. */
static gboolean
symlink_is_inside (const char *link_path,
                   const char *target)
{
  g_auto(GStrv) parts = NULL;
  int depth = 0;
  gboolean descended = FALSE;

  if (target == NULL || *target == '\0' || *target == '/')
    return FALSE;

  for (const char *p = link_path; *p != '\0'; p++)
    if (*p == '/')
      depth++;

  /* `..` only at the start: after a name, which may itself be a link, it
   * would climb from wherever that link points. */
  parts = g_strsplit (target, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0' || strcmp (parts[i], ".") == 0)
        continue;
      if (strcmp (parts[i], "..") == 0)
        {
          if (descended || --depth < 0)
            return FALSE;
        }
      else
        {
          descended = TRUE;
        }
    }
  return TRUE;
}

/* Opens the directory holding the last of @segments, creating the missing
 * ones when @create, never following a link. -1 with @error set. */
static int
open_parent (Extract      *extract,
             char        **segments,
             gboolean      create,
             const char   *path,
             GError      **error)
{
  int fd = fcntl (extract->root_fd, F_DUPFD_CLOEXEC, 0);

  if (fd < 0)
    {
      fail_errno (error, path, errno);
      return -1;
    }

  for (guint i = 0; segments[i] != NULL && segments[i + 1] != NULL; i++)
    {
      int next = openat (fd, segments[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      int saved_errno;

      if (next < 0 && errno == ENOENT && create)
        {
          if (!sandbox_archive_read_count_member (extract->archive, error))
            {
              close (fd);
              return -1;
            }
          /* A failure leaves errno to the failure below. */
          if (mkdirat (fd, segments[i], 0755) == 0 || errno == EEXIST)
            next = openat (fd, segments[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        }

      if (next < 0)
        {
          struct stat st;

          saved_errno = errno;
          if ((saved_errno == ELOOP || saved_errno == ENOTDIR)
              && fstatat (fd, segments[i], &st, AT_SYMLINK_NOFOLLOW) == 0
              && S_ISLNK (st.st_mode))
            fail_unsafe (error, path, _("its path goes through a symbolic link"));
          else
            fail_errno (error, path, saved_errno);
          close (fd);
          return -1;
        }
      close (fd);
      fd = next;
    }
  return fd;
}

/* Makes room for a new entry named @name: whatever is there goes, unless it
 * is a directory. */
static gboolean
remove_existing (int          parent,
                 const char  *name,
                 const char  *path,
                 GError     **error)
{
  if (unlinkat (parent, name, 0) == 0 || errno == ENOENT)
    return TRUE;
  return fail_errno (error, path, errno);
}

static gboolean
make_directory (int                        parent,
                const char                *name,
                SandboxEnvironmentMember  *member,
                GError                   **error)
{
  const char *path = sandbox_environment_member_get_path (member);
  /* Owner rwx, so that the members under it can be written. */
  mode_t mode = (sandbox_environment_member_get_mode (member) & 0777) | 0700;
  struct stat st;

  if (mkdirat (parent, name, mode) != 0)
    {
      if (errno != EEXIST)
        return fail_errno (error, path, errno);
      if (fstatat (parent, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return fail_errno (error, path, errno);
      if (!S_ISDIR (st.st_mode))
        return fail_errno (error, path, EEXIST);
    }
  if (fchmodat (parent, name, mode, AT_SYMLINK_NOFOLLOW) != 0 && errno != ENOTSUP)
    return fail_errno (error, path, errno);
  return TRUE;
}

static gboolean
write_contents (Extract     *extract,
                int          fd,
                const char  *path,
                GError     **error)
{
  for (;;)
    {
      const void *buffer;
      gsize size;
      gint64 offset;

      if (!sandbox_archive_read_data (extract->archive, &buffer, &size, &offset,
                                      extract->cancellable, error))
        return FALSE;
      if (size == 0)
        return TRUE;

      while (size > 0)
        {
          gssize n = pwrite (fd, buffer, size, offset);

          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0)
            return fail_errno (error, path, errno);
          buffer = (const char *) buffer + n;
          size -= n;
          offset += n;
        }
    }
}

static gboolean
make_file (Extract                   *extract,
           int                        parent,
           const char                *name,
           SandboxEnvironmentMember  *member,
           GError                   **error)
{
  const char *path = sandbox_environment_member_get_path (member);
  GDateTime *mtime = sandbox_environment_member_get_modification_time (member);
  gboolean ok;
  int fd;

  if (!remove_existing (parent, name, path, error))
    return FALSE;
  fd = openat (parent, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    return fail_errno (error, path, errno);

  ok = write_contents (extract, fd, path, error);
  if (ok && ftruncate (fd, sandbox_environment_member_get_size (member)) != 0)
    ok = fail_errno (error, path, errno);
  if (ok && fchmod (fd, sandbox_environment_member_get_mode (member) & 0777) != 0)
    ok = fail_errno (error, path, errno);
  if (ok && mtime != NULL)
    {
      struct timespec times[2];

      times[0].tv_sec = times[1].tv_sec = g_date_time_to_unix (mtime);
      times[0].tv_nsec = times[1].tv_nsec = g_date_time_get_microsecond (mtime) * 1000;
      futimens (fd, times);
    }
  if (close (fd) != 0 && ok)
    ok = fail_errno (error, path, errno);

  /* A member cut short by a failure, a cancellation or the deadline is
   * not left behind as if it were whole. */
  if (!ok)
    unlinkat (parent, name, 0);
  if (ok)
    g_hash_table_add (extract->files, g_strdup (path));
  return ok;
}

static gboolean
make_symlink (int                        parent,
              const char                *name,
              SandboxEnvironmentMember  *member,
              GError                   **error)
{
  const char *path = sandbox_environment_member_get_path (member);
  const char *target = sandbox_environment_member_get_link_target (member);

  if (!symlink_is_inside (path, target))
    return fail_unsafe (error, path, _("it is a symbolic link pointing outside the directory"));

  if (!remove_existing (parent, name, path, error))
    return FALSE;
  if (symlinkat (target, parent, name) != 0)
    return fail_errno (error, path, errno);
  return TRUE;
}

static gboolean
make_hard_link (Extract                   *extract,
                int                        parent,
                const char                *name,
                SandboxEnvironmentMember  *member,
                GError                   **error)
{
  const char *path = sandbox_environment_member_get_path (member);
  const char *target = sandbox_environment_member_get_link_target (member);
  g_auto(GStrv) target_segments = NULL;
  const char *target_name;
  struct stat st;
  int target_parent;
  gboolean ok;

  /* Only to a file of this archive, written already: never to one that was
   * there before, which may be anything. */
  if (!g_hash_table_contains (extract->files, target))
    return fail_unsafe (error, path, _("it is a hard link to a file outside the archive"));

  target_segments = sandbox_archive_split_path (target, error);
  if (target_segments == NULL)
    return FALSE;
  target_parent = open_parent (extract, target_segments, FALSE, path, error);
  if (target_parent < 0)
    return FALSE;

  target_name = target_segments[g_strv_length (target_segments) - 1];
  if (fstatat (target_parent, target_name, &st, AT_SYMLINK_NOFOLLOW) != 0
      || !S_ISREG (st.st_mode))
    {
      close (target_parent);
      return fail_unsafe (error, path, _("it is a hard link to something that is not a file"));
    }

  ok = remove_existing (parent, name, path, error);
  if (ok && linkat (target_parent, target_name, parent, name, 0) != 0)
    ok = fail_errno (error, path, errno);
  close (target_parent);

  if (ok)
    g_hash_table_add (extract->files, g_strdup (path));
  return ok;
}

static gboolean
extract_member (Extract                   *extract,
                SandboxEnvironmentMember  *member,
                GError                   **error)
{
  const char *path = sandbox_environment_member_get_path (member);
  GFileType file_type = sandbox_environment_member_get_file_type (member);
  g_auto(GStrv) segments = NULL;
  const char *name;
  gboolean ok;
  int parent;

  if (file_type == G_FILE_TYPE_SPECIAL)
    return fail_unsafe (error, path, _("it is a device node, a FIFO or a socket"));
  if (file_type != G_FILE_TYPE_SYMBOLIC_LINK
      && (sandbox_environment_member_get_mode (member) & 07000) != 0)
    return fail_unsafe (error, path, _("it has the setuid, setgid or sticky bit"));

  segments = sandbox_archive_split_path (path, error);
  if (segments == NULL)
    return FALSE;
  g_assert (segments[0] != NULL);
  name = segments[g_strv_length (segments) - 1];

  parent = open_parent (extract, segments, TRUE, path, error);
  if (parent < 0)
    return FALSE;

  if (sandbox_environment_member_get_link_target (member) != NULL
      && file_type == G_FILE_TYPE_REGULAR)
    ok = make_hard_link (extract, parent, name, member, error);
  else if (file_type == G_FILE_TYPE_DIRECTORY)
    ok = make_directory (parent, name, member, error);
  else if (file_type == G_FILE_TYPE_SYMBOLIC_LINK)
    ok = make_symlink (parent, name, member, error);
  else
    ok = make_file (extract, parent, name, member, error);

  close (parent);
  return ok;
}

static int
open_root (GFile         *directory,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = g_file_get_path (directory);
  int fd;

  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Cannot extract an environment into %s: not a local directory"),
                   _("a remote location"));
      return -1;
    }

  if (!g_file_make_directory_with_parents (directory, cancellable, &local_error)
      && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return -1;
    }

  fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot extract an environment into %s: %s"), path,
                   g_strerror (saved_errno));
    }
  return fd;
}

gboolean
sandbox_extract_all (SandboxArchiveRead  *archive,
                     GFile               *directory,
                     GCancellable        *cancellable,
                     GError             **error)
{
  g_autoptr(GHashTable) files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Extract extract = { archive, cancellable, -1, files };
  gboolean ok = TRUE;

  extract.root_fd = open_root (directory, cancellable, error);
  if (extract.root_fd < 0)
    return FALSE;

  while (ok)
    {
      g_autoptr(SandboxEnvironmentMember) member = NULL;
      g_autoptr(GError) local_error = NULL;

      member = sandbox_archive_read_next (archive, cancellable, &local_error);
      if (member == NULL)
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              ok = FALSE;
            }
          break;
        }
      ok = extract_member (&extract, member, &local_error);
      if (!ok)
        {
          if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            sandbox_archive_read_set_failed (archive, local_error);
          g_propagate_error (error, g_steal_pointer (&local_error));
        }
    }

  close (extract.root_fd);
  return ok;
}
