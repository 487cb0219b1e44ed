/* sandbox-tree.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <glib/gstdio.h>

#include "sandbox-error.h"
#include "sandbox-environment-stream-private.h"
#include "sandbox-i18n-private.h"

/* The files the builder listed are read later, when any may have been
 * replaced with a link, a FIFO or a device. So a file is reached again from
 * a descriptor of the tree's root with O_NOFOLLOW, looked at before it is
 * opened, opened with O_NONBLOCK (a FIFO's open() waits for a writer), and
 * read only while it is the regular file listed (device, inode and size).
 * Anything else is SANDBOX_ERROR_FILE_CHANGED. */

struct _SandboxTreeRoot
{
  int fd;
};

static void
root_clear (SandboxTreeRoot *root)
{
  g_close (root->fd, NULL);
}

SandboxTreeRoot *
sandbox_tree_root_new (int fd)
{
  SandboxTreeRoot *root = g_atomic_rc_box_new (SandboxTreeRoot);

  root->fd = fd;
  return root;
}

void
sandbox_tree_root_unref (SandboxTreeRoot *root)
{
  g_atomic_rc_box_release_full (root, (GDestroyNotify) root_clear);
}

SandboxTreeFile *
sandbox_tree_file_new (SandboxTreeRoot   *root,
                       const char        *path,
                       const char        *name,
                       const struct stat *st)
{
  SandboxTreeFile *file = g_new0 (SandboxTreeFile, 1);

  file->root = root != NULL ? g_atomic_rc_box_acquire (root) : NULL;
  file->path = g_strdup (path);
  file->name = g_strdup (name);
  file->dev = st->st_dev;
  file->ino = st->st_ino;
  file->size = st->st_size;
  return file;
}

void
sandbox_tree_file_free (SandboxTreeFile *file)
{
  if (file == NULL)
    return;

  g_clear_pointer (&file->root, sandbox_tree_root_unref);
  g_free (file->path);
  g_free (file->name);
  g_free (file);
}

void
sandbox_tree_set_errno_error (GError     **error,
                              int          errsv,
                              const char  *host_name)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
               _("Could not read '%s': %s"), host_name, g_strerror (errsv));
}

static void
set_changed (GError     **error,
             const char  *host_name)
{
  g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_FILE_CHANGED,
               _("'%s' changed while it was being sent: it is no longer the file that "
                 "was listed (replaced, moved, or its size changed)"), host_name);
}

/* An error from reaching what was listed: its disappearance, or a link, a
 * file or (EINVAL from readlinkat()) no link in its place, is a change;
 * anything else is the system's error. */
void
sandbox_tree_set_error (GError     **error,
                        int          errsv,
                        const char  *host_name)
{
  if (errsv == ENOENT || errsv == ELOOP || errsv == ENOTDIR || errsv == EMLINK
      || errsv == EINVAL)
    set_changed (error, host_name);
  else
    sandbox_tree_set_errno_error (error, errsv, host_name);
}

static gboolean
is_listed (const struct stat     *st,
           mode_t                 type,
           const SandboxTreeFile *listed)
{
  return (st->st_mode & S_IFMT) == type && st->st_dev == listed->dev
         && st->st_ino == listed->ino && (listed->size < 0 || st->st_size == listed->size);
}

/* @name in @dir_fd (followed only when @follow), opened when it is still
 * the @type of file @listed (its size too, unless -1): looked at before it
 * is opened, and again once open; -1 with @error set otherwise. */
static int
open_listed (int                    dir_fd,
             const char            *name,
             gboolean               follow,
             mode_t                 type,
             const SandboxTreeFile *listed,
             GError               **error)
{
  struct stat st;
  int flags;
  int fd;

  if (fstatat (dir_fd, name, &st, follow ? 0 : AT_SYMLINK_NOFOLLOW) != 0)
    {
      sandbox_tree_set_error (error, errno, listed->name);
      return -1;
    }
  if (!is_listed (&st, type, listed))
    {
      set_changed (error, listed->name);
      return -1;
    }

  do
    fd = openat (dir_fd, name, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC
                               | (S_ISDIR (type) ? O_DIRECTORY : 0) | (follow ? 0 : O_NOFOLLOW));
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    {
      sandbox_tree_set_error (error, errno, listed->name);
      return -1;
    }

  if (fstat (fd, &st) != 0 || !is_listed (&st, type, listed))
    {
      g_close (fd, NULL);
      set_changed (error, listed->name);
      return -1;
    }

  /* O_NONBLOCK was only for the open() of a FIFO. */
  flags = fcntl (fd, F_GETFL);
  if (flags < 0 || fcntl (fd, F_SETFL, flags & ~O_NONBLOCK) != 0)
    {
      int errsv = errno;

      g_close (fd, NULL);
      sandbox_tree_set_errno_error (error, errsv, listed->name);
      return -1;
    }

  return fd;
}

int
sandbox_tree_open_directory (int                dir_fd,
                             const char        *name,
                             gboolean           follow,
                             const struct stat *listed,
                             const char        *host_name,
                             GError           **error)
{
  SandboxTreeFile directory = { NULL, NULL, (char *) host_name, listed->st_dev,
                                listed->st_ino, -1 };

  return open_listed (dir_fd, name, follow, S_IFDIR, &directory, error);
}

GInputStream *
sandbox_tree_file_open (const SandboxTreeFile  *file,
                        GCancellable           *cancellable,
                        GError                **error)
{
  g_auto(GStrv) components = NULL;
  int root_fd = file->root != NULL ? file->root->fd : AT_FDCWD;
  int dir_fd = root_fd;
  const char *base = file->path;
  int fd;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* Walked down from the root without following links; without a root,
   * the file is an item of its own, its path followed. */
  if (file->root != NULL)
    {
      components = g_strsplit (file->path, "/", -1);
      for (guint i = 0; components[i + 1] != NULL; i++)
        {
          int next = openat (dir_fd, components[i],
                             O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
          int errsv = errno;

          if (dir_fd != root_fd)
            g_close (dir_fd, NULL);
          if (next < 0)
            {
              sandbox_tree_set_error (error, errsv, file->name);
              return NULL;
            }
          dir_fd = next;
        }
      base = components[g_strv_length (components) - 1];
    }

  fd = open_listed (dir_fd, base, file->root == NULL, S_IFREG, file, error);
  if (dir_fd != root_fd)
    g_close (dir_fd, NULL);
  return fd >= 0 ? g_unix_input_stream_new (fd, TRUE) : NULL;
}
