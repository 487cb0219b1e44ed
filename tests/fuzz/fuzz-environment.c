/* fuzz-environment.c: the library's SandboxEnvironmentReader, iterating an
 * environment (a gzip'd tar) member by member, and extracting it into a
 * fresh directory, after which nothing may be outside it.
 *
 * Input: one byte of flags, then the archive.
 *   bit 0: the rest is a tar, gzip'd here first (gzip's CRC makes random
 *          mutations of a compressed stream rarely reach the tar parser);
 *          else it is the gzip'd tar itself
 *   bit 1: the stream gives at most (flags >> 4) + 1 bytes a read
 *   bit 2: the directory exists before extracting (else extract makes it)
 *   bit 3: iterating reads the contents of every other member only
 *   bits 4-7, without bit 1, when not 0: caps of that many KiB and twice
 *          that many members instead of the usual ones
 *
 * Iterating checks every member's properties against the reader's
 * contract. Extracting goes into out/ in a fresh temporary directory: after
 * it, that directory holds out/ alone, and out/ holds only files,
 * directories and links, no setuid, setgid or sticky bit, no symbolic link
 * that resolves to anything but what is in out/, and no hard link to a
 * file outside it. Both are then removed.
 *
 * Seeds: `fuzz-seeds.py fuzz-environment DIR`; dictionary: tar.dict.
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define _GNU_SOURCE  /* O_PATH */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "fuzz-common.h"
#include "sandbox-api.h"

#define MAX_SIZE (4 * 1024 * 1024)
#define MAX_MEMBERS 256

#define FLAG_GZIP_HERE   (1 << 0)
#define FLAG_SHORT_READS (1 << 1)
#define FLAG_DIR_EXISTS  (1 << 2)
#define FLAG_SKIP_SOME   (1 << 3)

/* An input stream over bytes that gives at most a few of them a read. */
#define FUZZ_TYPE_SHORT_STREAM (fuzz_short_stream_get_type ())
G_DECLARE_FINAL_TYPE (FuzzShortStream, fuzz_short_stream, FUZZ, SHORT_STREAM, GInputStream)

struct _FuzzShortStream
{
  GInputStream  parent_instance;
  GBytes       *bytes;
  gsize         offset;
  gsize         chunk;
};

G_DEFINE_FINAL_TYPE (FuzzShortStream, fuzz_short_stream, G_TYPE_INPUT_STREAM)

static gssize
fuzz_short_stream_read (GInputStream  *stream,
                        void          *buffer,
                        gsize          count,
                        GCancellable  *cancellable,
                        GError       **error)
{
  FuzzShortStream *self = FUZZ_SHORT_STREAM (stream);
  gsize size;
  const guint8 *data = g_bytes_get_data (self->bytes, &size);
  gsize n = MIN (MIN (count, self->chunk), size - self->offset);

  if (n == 0)
    return 0;
  memcpy (buffer, data + self->offset, n);
  self->offset += n;
  return n;
}

static void
fuzz_short_stream_finalize (GObject *object)
{
  g_bytes_unref (FUZZ_SHORT_STREAM (object)->bytes);
  G_OBJECT_CLASS (fuzz_short_stream_parent_class)->finalize (object);
}

static void
fuzz_short_stream_class_init (FuzzShortStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fuzz_short_stream_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = fuzz_short_stream_read;
}

static void
fuzz_short_stream_init (FuzzShortStream *self)
{
}

static GInputStream *
open_stream (GBytes *bytes,
             guint8  flags)
{
  FuzzShortStream *stream;

  if ((flags & FLAG_SHORT_READS) == 0)
    return g_memory_input_stream_new_from_bytes (bytes);

  stream = g_object_new (FUZZ_TYPE_SHORT_STREAM, NULL);
  stream->bytes = g_bytes_ref (bytes);
  stream->chunk = (flags >> 4) + 1;
  return G_INPUT_STREAM (stream);
}

static GBytes *
gzip_bytes (const uint8_t *data,
            size_t         size)
{
  g_autoptr(GZlibCompressor) compressor = NULL;
  g_autoptr(GByteArray) out = g_byte_array_sized_new (size / 2 + 64);

  compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 1);
  for (;;)
    {
      guint8 buffer[16384];
      gsize n_read = 0, n_written = 0;
      GConverterResult result = g_converter_convert (G_CONVERTER (compressor), data, size,
                                                     buffer, sizeof buffer,
                                                     G_CONVERTER_INPUT_AT_END,
                                                     &n_read, &n_written, NULL);

      fuzz_check (result != G_CONVERTER_ERROR);
      g_byte_array_append (out, buffer, n_written);
      data += n_read;
      size -= n_read;
      if (result == G_CONVERTER_FINISHED)
        break;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static guint64
max_size_for (guint8 flags)
{
  if ((flags & FLAG_SHORT_READS) || (flags >> 4) == 0)
    return MAX_SIZE;
  return (flags >> 4) * 1024;
}

static guint
max_members_for (guint8 flags)
{
  if ((flags & FLAG_SHORT_READS) || (flags >> 4) == 0)
    return MAX_MEMBERS;
  return (flags >> 4) * 2;
}

static SandboxEnvironmentReader *
new_reader (GBytes *archive,
            guint8  flags)
{
  g_autoptr(GInputStream) stream = open_stream (archive, flags);
  SandboxEnvironmentReader *reader = sandbox_environment_reader_new (stream);

  sandbox_environment_reader_set_max_size (reader, max_size_for (flags));
  sandbox_environment_reader_set_max_members (reader, max_members_for (flags));
  return reader;
}

/* Relative, normalised: no empty, `.` or `..` segment. */
static gboolean
is_normalised (const char *path)
{
  g_auto(GStrv) segments = NULL;

  if (path == NULL || *path == '\0')
    return FALSE;
  segments = g_strsplit (path, "/", -1);
  for (guint i = 0; segments[i] != NULL; i++)
    if (*segments[i] == '\0' || strcmp (segments[i], ".") == 0
        || strcmp (segments[i], "..") == 0)
      return FALSE;
  return TRUE;
}

static void
check_reader_error (const GError *error)
{
  fuzz_check (error != NULL && error->message != NULL && *error->message != '\0');
  fuzz_check (g_error_matches (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_ARCHIVE)
              || g_error_matches (error, SANDBOX_ERROR, SANDBOX_ERROR_UNSAFE_ARCHIVE)
              || g_error_matches (error, SANDBOX_ERROR, SANDBOX_ERROR_ARCHIVE_TOO_LARGE));
}

static void
check_member (SandboxEnvironmentMember *member,
              guint64                   max_size)
{
  const char *target = sandbox_environment_member_get_link_target (member);
  gint64 size = sandbox_environment_member_get_size (member);

  fuzz_check (is_normalised (sandbox_environment_member_get_path (member)));
  fuzz_check (sandbox_environment_member_get_mode (member) <= 07777);
  fuzz_check (size >= 0 && (guint64) size <= max_size);

  switch (sandbox_environment_member_get_file_type (member))
    {
    case G_FILE_TYPE_REGULAR:
      /* A hard link's target is the normalised path of another member. */
      fuzz_check (target == NULL || is_normalised (target));
      break;
    case G_FILE_TYPE_SYMBOLIC_LINK:
      fuzz_check (target != NULL && size == 0);
      break;
    case G_FILE_TYPE_DIRECTORY:
    case G_FILE_TYPE_SPECIAL:
      fuzz_check (target == NULL && size == 0);
      break;
    case G_FILE_TYPE_UNKNOWN:
    case G_FILE_TYPE_SHORTCUT:
    case G_FILE_TYPE_MOUNTABLE:
    default:
      fuzz_check (!"a member of an unknown type");
    }
}

/* Every member, with its contents; then the end or an error that stays. */
static void
iterate (SandboxEnvironmentReader *reader,
         guint8                    flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) again = NULL;
  g_autoptr(SandboxEnvironmentMember) after = NULL;
  guint64 total = 0;
  guint n = 0;

  for (;;)
    {
      g_autoptr(SandboxEnvironmentMember) member = NULL;
      g_autoptr(GBytes) contents = NULL;
      gint64 size;

      member = sandbox_environment_reader_next (reader, NULL, &error);
      if (member == NULL)
        break;
      check_member (member, max_size_for (flags));
      size = sandbox_environment_member_get_size (member);
      total += size;
      fuzz_check (++n <= max_members_for (flags) && total <= max_size_for (flags));

      if ((flags & FLAG_SKIP_SOME) && n % 2 == 0)
        continue;
      contents = sandbox_environment_reader_read_bytes (reader, NULL, &error);
      if (contents == NULL)
        break;
      if (sandbox_environment_member_get_file_type (member) != G_FILE_TYPE_REGULAR)
        fuzz_check (g_bytes_get_size (contents) == 0);
      else if (sandbox_environment_member_get_link_target (member) == NULL)
        fuzz_check ((gint64) g_bytes_get_size (contents) == size);
      else
        fuzz_check ((gint64) g_bytes_get_size (contents) <= size);
    }

  after = sandbox_environment_reader_next (reader, NULL, &again);
  fuzz_check (after == NULL);
  if (error == NULL)
    {
      fuzz_check (again == NULL);
      return;
    }
  check_reader_error (error);
  fuzz_check (again != NULL && again->domain == error->domain && again->code == error->code);
}

typedef struct
{
  GHashTable *names;    /* (dev, ino) of everything in out/ -> how many names it has */
  GHashTable *links;    /* (dev, ino) of the files in out/ -> their st_nlink */
  GArray     *targets;  /* (dev, ino) of what each symbolic link resolves to */
  gboolean    remove;
} Walk;

static gpointer
inode_key (dev_t dev,
           ino_t ino)
{
  return g_strdup_printf ("%ju:%ju", (uintmax_t) dev, (uintmax_t) ino);
}

static void
count_inode (Walk              *walk,
             const struct stat *st)
{
  char *key = inode_key (st->st_dev, st->st_ino);
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (walk->names, key));

  g_hash_table_replace (walk->names, key, GUINT_TO_POINTER (count + 1));
}

static void
visit (Walk              *walk,
       int                dir_fd,
       const char        *name,
       const struct stat *st)
{
  fuzz_check (S_ISREG (st->st_mode) || S_ISDIR (st->st_mode) || S_ISLNK (st->st_mode));
  fuzz_check ((st->st_mode & (S_ISUID | S_ISGID | S_ISVTX)) == 0);
  count_inode (walk, st);
  if (S_ISREG (st->st_mode))
    g_hash_table_replace (walk->links, inode_key (st->st_dev, st->st_ino),
                          GUINT_TO_POINTER ((guint) st->st_nlink));

  if (S_ISLNK (st->st_mode))
    {
      int fd = openat (dir_fd, name, O_PATH | O_CLOEXEC);
      struct stat target;

      if (fd < 0)
        {
          /* Dangling, or a loop. */
          fuzz_check (errno == ENOENT || errno == ELOOP || errno == ENOTDIR
                      || errno == ENAMETOOLONG);
          return;
        }
      fuzz_check (fstat (fd, &target) == 0);
      close (fd);
      g_array_append_val (walk->targets, target);
    }
}

typedef struct
{
  char      *name;     /* in the level above; NULL for out/ itself */
  GPtrArray *subdirs;  /* still to walk */
} Level;

/* Lists @fd: visits or removes what is not a directory, and gives the
 * directories' names. */
static GPtrArray *
read_level (Walk *walk,
            int   fd)
{
  GPtrArray *subdirs = g_ptr_array_new_with_free_func (g_free);
  struct dirent *entry;
  DIR *dir;
  int dup_fd = dup (fd);

  fuzz_check (dup_fd >= 0);
  dir = fdopendir (dup_fd);
  fuzz_check (dir != NULL);
  while ((entry = readdir (dir)) != NULL)
    {
      struct stat st;

      if (strcmp (entry->d_name, ".") == 0 || strcmp (entry->d_name, "..") == 0)
        continue;
      fuzz_check (fstatat (fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0);
      if (S_ISDIR (st.st_mode))
        g_ptr_array_add (subdirs, g_strdup (entry->d_name));
      if (walk->remove && !S_ISDIR (st.st_mode))
        fuzz_check (unlinkat (fd, entry->d_name, 0) == 0);
      else if (!walk->remove)
        visit (walk, fd, entry->d_name, &st);
    }
  closedir (dir);
  return subdirs;
}

/* Walks the tree under @path without recursion or a descriptor a level,
 * so that any depth of directories goes; with @walk->remove, removes it. */
static void
walk_tree (Walk       *walk,
           const char *path)
{
  g_autoptr(GArray) levels = g_array_new (FALSE, FALSE, sizeof (Level));
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  Level level = { NULL, NULL };
  struct stat st;

  fuzz_check (fd >= 0);
  if (!walk->remove)
    {
      fuzz_check (fstat (fd, &st) == 0);
      count_inode (walk, &st);
    }
  else
    {
      fchmod (fd, 0700);
    }
  level.subdirs = read_level (walk, fd);
  g_array_append_val (levels, level);

  while (levels->len > 0)
    {
      Level *top = &g_array_index (levels, Level, levels->len - 1);

      if (top->subdirs->len > 0)
        {
          Level next = { g_ptr_array_steal_index_fast (top->subdirs, top->subdirs->len - 1),
                         NULL };
          int next_fd = openat (fd, next.name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

          fuzz_check (next_fd >= 0);
          close (fd);
          fd = next_fd;
          if (walk->remove)
            fchmod (fd, 0700);
          next.subdirs = read_level (walk, fd);
          g_array_append_val (levels, next);
          continue;
        }

      /* Done with this level: up to its parent. */
      if (top->name != NULL)
        {
          int up = openat (fd, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

          fuzz_check (up >= 0);
          close (fd);
          fd = up;
          if (walk->remove)
            fuzz_check (unlinkat (fd, top->name, AT_REMOVEDIR) == 0);
        }
      g_free (top->name);
      g_ptr_array_unref (top->subdirs);
      g_array_set_size (levels, levels->len - 1);
    }
  close (fd);

  if (walk->remove)
    fuzz_check (g_rmdir (path) == 0);
}

static void
check_extracted (const char *parent,
                 const char *out)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) targets = g_array_new (FALSE, FALSE, sizeof (struct stat));
  Walk walk = { names, links, targets, FALSE };
  g_autoptr(GDir) dir = g_dir_open (parent, 0, NULL);
  const char *name;
  GHashTableIter iter;
  gpointer key, value;

  /* Nothing beside out/. */
  fuzz_check (dir != NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (strcmp (name, "out") != 0)
      g_error ("The archive wrote %s/%s, outside the directory", parent, name);

  walk_tree (&walk, out);

  for (guint i = 0; i < targets->len; i++)
    {
      const struct stat *target = &g_array_index (targets, struct stat, i);
      g_autofree char *target_key = inode_key (target->st_dev, target->st_ino);

      if (!g_hash_table_contains (names, target_key))
        g_error ("A symbolic link in %s leads outside it", out);
    }

  /* A file with more names than out/ has for it is hard-linked outside. */
  g_hash_table_iter_init (&iter, links);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_UINT (g_hash_table_lookup (names, key)) != GPOINTER_TO_UINT (value))
      g_error ("A file in %s is hard-linked outside it", out);
}

static void
extract (SandboxEnvironmentReader *reader,
         gboolean                  into_existing)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) directory = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *out = NULL;
  Walk removal = { NULL, NULL, NULL, TRUE };
  gboolean ok;

  parent = g_dir_make_tmp ("fuzz-environment-XXXXXX", &error);
  g_assert_no_error (error);
  out = g_build_filename (parent, "out", NULL);
  if (into_existing)
    fuzz_check (g_mkdir (out, 0700) == 0);
  directory = g_file_new_for_path (out);

  ok = sandbox_environment_reader_extract (reader, directory, NULL, &error);
  fuzz_check (ok == (error == NULL));
  if (!ok)
    fuzz_check (error->domain == SANDBOX_ERROR
                || (error->domain == G_IO_ERROR && error->code != G_IO_ERROR_CANCELLED));

  check_extracted (parent, out);
  walk_tree (&removal, out);
  fuzz_check (g_rmdir (parent) == 0);
}

FUZZ_DEFINE_INITIALIZE ()

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(SandboxEnvironmentReader) iterated = NULL;
  g_autoptr(SandboxEnvironmentReader) extracted = NULL;
  guint8 flags;

  if (size < 1)
    return 0;
  flags = data[0];
  if (flags & FLAG_GZIP_HERE)
    archive = gzip_bytes (data + 1, size - 1);
  else
    archive = g_bytes_new (data + 1, size - 1);

  /* Each on a reader of its own, from the start of the archive. */
  iterated = new_reader (archive, flags);
  iterate (iterated, flags);
  extracted = new_reader (archive, flags);
  extract (extracted, (flags & FLAG_DIR_EXISTS) != 0);
  return 0;
}
