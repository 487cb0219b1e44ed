/* fuzz-archive.c: the local server's unpacking of an uploaded environment
 * (a gzip'd tar) into a fresh directory, after which nothing may have been
 * written outside it.
 *
 * Input: a gzip'd tar, or a tar (anything not starting like gzip), which
 * is compressed first.
 *
 * The directory is box/ in a/b/ of a temporary directory, next to a file
 * "canary" on each level. After each input
 * each level holds what it held before, the canaries are unchanged (and not
 * hard-linked), every symbolic link in box/ resolves inside it, and box/ is
 * removed. (The working directory stays where it is: libFuzzer writes the
 * corpus and the crashes there.)
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "fuzz-common.h"
#include "server-archive.h"

#define CANARY "canary\n"
#define MAX_BYTES (4 * 1024 * 1024)
#define MAX_MEMBERS 512

static char *top_dir;     /* the temporary directory */
static char *level_dirs[3];  /* top, top/a, top/a/b */
static char *box_dir;     /* top/a/b/box */
static char *box_real;    /* its real path, for the symbolic links */

/* Removes @name in @parent (a file or a whole tree) without recursion, so
 * that any depth of directories goes. */
static gboolean
remove_tree (int         parent,
             const char *name)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  int fd = openat (parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  guint retries = 0;

  if (fd < 0)
    return unlinkat (parent, name, 0) == 0 || errno == ENOENT;

  g_ptr_array_add (names, g_strdup (name));
  while (names->len > 0)
    {
      g_autofree char *subdir = NULL;
      struct dirent *entry;
      const char *last;
      DIR *dir;
      int dup_fd;
      int up;

      fchmod (fd, 0700);
      dup_fd = dup (fd);
      dir = dup_fd >= 0 ? fdopendir (dup_fd) : NULL;
      if (dir == NULL)
        break;
      while (subdir == NULL && (entry = readdir (dir)) != NULL)
        {
          if (strcmp (entry->d_name, ".") == 0 || strcmp (entry->d_name, "..") == 0)
            continue;
          if (unlinkat (fd, entry->d_name, 0) != 0 && (errno == EISDIR || errno == EPERM))
            subdir = g_strdup (entry->d_name);
        }
      closedir (dir);

      if (subdir != NULL)
        {
          int next = openat (fd, subdir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

          if (next < 0)
            break;
          close (fd);
          fd = next;
          g_ptr_array_add (names, g_steal_pointer (&subdir));
          continue;
        }

      /* Empty: remove it from its parent, and go on there. */
      last = g_ptr_array_index (names, names->len - 1);
      up = names->len > 1 ? openat (fd, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC) : parent;
      if (up == -1)
        break;
      if (unlinkat (up, last, AT_REMOVEDIR) != 0)
        {
          int saved_errno = errno;

          if (names->len > 1)
            close (up);
          /* readdir () may have missed entries while others went. */
          if (saved_errno == ENOTEMPTY && ++retries < 8)
            continue;
          break;
        }
      retries = 0;
      close (fd);
      fd = up;
      g_ptr_array_remove_index (names, names->len - 1);
    }

  if (names->len > 0)
    close (fd);
  return names->len == 0;
}

static void
remove_top_dir (void)
{
  if (top_dir != NULL)
    remove_tree (AT_FDCWD, top_dir);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;

  fuzz_init ();

  top_dir = g_dir_make_tmp ("sandbox-fuzz-archive-XXXXXX", &error);
  g_assert_no_error (error);
  level_dirs[0] = top_dir;
  level_dirs[1] = g_build_filename (top_dir, "a", NULL);
  level_dirs[2] = g_build_filename (top_dir, "a", "b", NULL);
  box_dir = g_build_filename (level_dirs[2], "box", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (level_dirs); i++)
    {
      g_autofree char *canary = g_build_filename (level_dirs[i], "canary", NULL);

      g_assert_no_errno (g_mkdir_with_parents (level_dirs[i], 0700));
      g_file_set_contents (canary, CANARY, -1, &error);
      g_assert_no_error (error);
    }
  atexit (remove_top_dir);

  return 0;
}

/* Each level holds only its canary and the next level, unchanged. */
static void
check_outside (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (level_dirs); i++)
    {
      const char *next = i + 1 < G_N_ELEMENTS (level_dirs) ? (i == 0 ? "a" : "b") : "box";
      g_autofree char *canary = g_build_filename (level_dirs[i], "canary", NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GDir) dir = g_dir_open (level_dirs[i], 0, NULL);
      const char *name;
      struct stat st;
      guint n = 0;

      fuzz_check (dir != NULL);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          if (strcmp (name, "canary") != 0 && strcmp (name, next) != 0)
            g_error ("The archive wrote %s/%s, outside the directory", level_dirs[i], name);
          n++;
        }
      fuzz_check (n == 2);

      fuzz_check (lstat (canary, &st) == 0);
      fuzz_check (S_ISREG (st.st_mode) && st.st_nlink == 1 && (st.st_mode & 07777) != 0);
      fuzz_check (g_file_get_contents (canary, &contents, NULL, NULL));
      fuzz_check (strcmp (contents, CANARY) == 0);
    }
}

/* Only files, directories and links stay in the box, without setuid,
 * setgid or sticky bits, and every link that resolves leads inside. */
static int
check_member (const char        *path,
              const struct stat *st,
              int                type,
              struct FTW        *ftw)
{
  fuzz_check (S_ISREG (st->st_mode) || S_ISDIR (st->st_mode) || S_ISLNK (st->st_mode));
  fuzz_check ((st->st_mode & (S_ISUID | S_ISGID | S_ISVTX)) == 0);

  if (S_ISLNK (st->st_mode))
    {
      int fd = open (path, O_PATH | O_CLOEXEC);
      char proc[64], target[8192];
      ssize_t len;

      if (fd < 0)
        return 0;  /* Dangling. */
      g_snprintf (proc, sizeof proc, "/proc/self/fd/%d", fd);
      len = readlink (proc, target, sizeof target - 1);
      close (fd);
      fuzz_check (len > 0);
      target[len] = '\0';
      if (!g_str_has_prefix (target, box_real) ||
          (target[strlen (box_real)] != '/' && target[strlen (box_real)] != '\0'))
        g_error ("The link %s leads outside the directory, to %s", path, target);
    }

  return 0;
}

/* The input as it is when it starts like gzip, else gzip'd here: a tar
 * stream mutates far better before it is compressed. */
static GBytes *
make_upload (const uint8_t *data,
             size_t         size)
{
  g_autoptr(GZlibCompressor) compressor = NULL;
  g_autoptr(GByteArray) out = NULL;
  gsize in_size = size;

  if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b)
    return g_bytes_new (data, size);

  compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 1);
  out = g_byte_array_sized_new (size / 2 + 64);
  for (;;)
    {
      guint8 buffer[16384];
      gsize read = 0, written = 0;
      GConverterResult result = g_converter_convert (G_CONVERTER (compressor),
                                                     data, in_size, buffer, sizeof buffer,
                                                     G_CONVERTER_INPUT_AT_END,
                                                     &read, &written, NULL);

      fuzz_check (result != G_CONVERTER_ERROR);
      g_byte_array_append (out, buffer, written);
      data += read;
      in_size -= read;
      if (result == G_CONVERTER_FINISHED)
        break;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = make_upload (data, size);
  g_autoptr(GError) error = NULL;
  ServerUnpack unpack = { .max_bytes = MAX_BYTES, .max_members = MAX_MEMBERS };
  gboolean ok;
  int fd;

  fuzz_check (g_mkdir (box_dir, 0700) == 0);
  if (box_real == NULL)
    box_real = realpath (box_dir, NULL);
  fd = open (box_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  fuzz_check (fd >= 0);

  ok = server_archive_unpack_bytes (&unpack, fd, bytes, &error);
  close (fd);

  fuzz_check (ok == (error == NULL));
  fuzz_check (ok || error->domain == SERVER_ARCHIVE_ERROR);
  fuzz_check (unpack.bytes <= MAX_BYTES && unpack.members <= MAX_MEMBERS + 1);

  check_outside ();
  /* Paths longer than PATH_MAX end the walk early: not a failure. */
  nftw (box_dir, check_member, 16, FTW_PHYS);

  fuzz_check (remove_tree (AT_FDCWD, box_dir));
  return 0;
}
