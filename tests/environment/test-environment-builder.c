/* test-environment-builder.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>

#include "test-util.h"

/* The archives of SandboxEnvironmentBuilder, unpacked again by libarchive
 * (what sandbox-server reads with) and by Python's tarfile (what the real
 * server reads with), member by member. */

#define MIB (1024 * 1024)

typedef struct
{
  char      *path;
  GFileType  type;
  guint      mode;
  GBytes    *content;      /* of a regular file */
  char      *link_target;  /* of a symbolic link */
} Member;

static void
member_free (Member *member)
{
  g_free (member->path);
  g_clear_pointer (&member->content, g_bytes_unref);
  g_free (member->link_target);
  g_free (member);
}

/* Reads @stream to its end in chunks of odd sizes. */
static GBytes *
read_odd_chunks (GInputStream  *stream,
                 GError       **error)
{
  static const gsize sizes[] = { 1, 777, 4093, 65537, 3, 200000 };
  g_autoptr(GByteArray) all = g_byte_array_new ();
  g_autofree guint8 *buffer = g_malloc (200000);

  for (guint i = 0; ; i++)
    {
      gssize n = g_input_stream_read (stream, buffer, sizes[i % G_N_ELEMENTS (sizes)],
                                      NULL, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      g_byte_array_append (all, buffer, (guint) n);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&all));
}

/* zlib's gzip reader checks the CRC-32 and the length in the trailer. */
static void
assert_valid_gzip (GBytes *archive)
{
  g_autoptr(GZlibDecompressor) decompressor = NULL;
  g_autoptr(GInputStream) compressed = g_memory_input_stream_new_from_bytes (archive);
  g_autoptr(GInputStream) plain = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  gssize size;

  decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  plain = g_converter_input_stream_new (compressed, G_CONVERTER (decompressor));
  size = g_output_stream_splice (out, plain, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (size % 512, ==, 0);
}

/* The archive of @builder, whose length must be the one announced. */
static GBytes *
pack (SandboxEnvironmentBuilder *builder)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *archive;
  goffset size = -1;

  stream = sandbox_environment_builder_open (builder, &size, NULL, &error);
  g_assert_no_error (error);
  archive = read_odd_chunks (stream, &error);
  g_assert_no_error (error);
  g_assert_cmpint ((goffset) g_bytes_get_size (archive), ==, size);
  assert_valid_gzip (archive);

  return archive;
}

/* The members of a gzip'd tar, as libarchive reads them: path -> Member. */
static GHashTable *
unpack_with_libarchive (GBytes *archive)
{
  GHashTable *members = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                               (GDestroyNotify) member_free);
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;
  gsize size;
  const void *data = g_bytes_get_data (archive, &size);
  int r;

  archive_read_support_filter_gzip (a);
  archive_read_support_format_tar (a);
  g_assert_cmpint (archive_read_open_memory (a, data, size), ==, ARCHIVE_OK);

  while ((r = archive_read_next_header (a, &entry)) == ARCHIVE_OK)
    {
      Member *member = g_new0 (Member, 1);
      g_autoptr(GByteArray) content = g_byte_array_new ();
      char buffer[8192];
      la_ssize_t n;

      member->path = g_strdup (archive_entry_pathname (entry));
      if (g_str_has_suffix (member->path, "/"))
        member->path[strlen (member->path) - 1] = '\0';
      member->mode = archive_entry_perm (entry);
      switch (archive_entry_filetype (entry))
        {
        case AE_IFREG:
          member->type = G_FILE_TYPE_REGULAR;
          break;
        case AE_IFDIR:
          member->type = G_FILE_TYPE_DIRECTORY;
          break;
        case AE_IFLNK:
          member->type = G_FILE_TYPE_SYMBOLIC_LINK;
          member->link_target = g_strdup (archive_entry_symlink (entry));
          break;
        default:
          g_assert_not_reached ();
        }

      while ((n = archive_read_data (a, buffer, sizeof buffer)) > 0)
        g_byte_array_append (content, (guint8 *) buffer, (guint) n);
      g_assert_cmpint (n, ==, 0);
      member->content = g_byte_array_free_to_bytes (g_steal_pointer (&content));

      g_assert_false (g_hash_table_contains (members, member->path));
      g_hash_table_insert (members, member->path, member);
    }
  g_assert_cmpint (r, ==, ARCHIVE_EOF);
  archive_read_free (a);

  return members;
}

static void
assert_member (GHashTable *members,
               const char *path,
               GFileType   type,
               guint       mode,
               const char *content_or_target,
               gssize      content_size)
{
  Member *member = g_hash_table_lookup (members, path);

  if (member == NULL)
    g_error ("no member '%s' in the archive", path);
  g_assert_cmpint (member->type, ==, type);
  if (type != G_FILE_TYPE_SYMBOLIC_LINK)
    g_assert_cmpuint (member->mode, ==, mode);

  if (type == G_FILE_TYPE_REGULAR)
    {
      gsize size;
      const char *data = g_bytes_get_data (member->content, &size);
      gsize expected = content_size >= 0 ? (gsize) content_size : strlen (content_or_target);

      g_assert_cmpmem (data, size, content_or_target, expected);
    }
  else if (type == G_FILE_TYPE_SYMBOLIC_LINK)
    {
      g_assert_cmpstr (member->link_target, ==, content_or_target);
    }
}

static void
write_file (const char *dir,
            const char *path,
            const char *content,
            gsize       size,
            guint       mode)
{
  g_autofree char *full = g_build_filename (dir, path, NULL);
  g_autofree char *parent = g_path_get_dirname (full);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_file_set_contents (full, content, (gssize) size, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (full, (int) mode), ==, 0);
}

typedef struct
{
  char                      *dir;
  char                      *long_path;
  GBytes                    *big;
  SandboxEnvironmentBuilder *builder;   /* of new_tree_builder() */
} Tree;

static SandboxEnvironmentBuilder *new_tree_builder (Tree *tree);

/* A directory with files, nested and empty directories, links, a file of
 * several stored blocks and a path of 300 characters. */
static void
tree_init (Tree          *tree,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *link = NULL;
  g_autofree char *up_link = NULL;
  g_autofree guint8 *big = g_malloc (200 * 1024 + 7);
  g_autofree char *long_dir = g_strnfill (150, 'd');
  g_autofree char *long_name = g_strnfill (140, 'f');

  tree->dir = g_dir_make_tmp ("test-environment-builder-XXXXXX", &error);
  g_assert_no_error (error);

  for (gsize i = 0; i < 200 * 1024 + 7; i++)
    big[i] = (guint8) (i * 7 + i / 251);
  tree->big = g_bytes_new (big, 200 * 1024 + 7);

  write_file (tree->dir, "hello.txt", "hello\n", 6, 0644);
  write_file (tree->dir, "bin/run.sh", "#!/bin/sh\necho run\n", 19, 0755);
  write_file (tree->dir, "nested/deep/er/file.txt", "deep\n", 5, 0600);
  write_file (tree->dir, "big.bin", (const char *) big, 200 * 1024 + 7, 0644);
  write_file (tree->dir, "empty-file", "", 0, 0644);

  tree->long_path = g_strdup_printf ("long/%s/%s.txt", long_dir, long_name);
  g_assert_cmpuint (strlen (tree->long_path), ==, 300);
  write_file (tree->dir, tree->long_path, "long\n", 5, 0644);

  empty = g_build_filename (tree->dir, "empty", NULL);
  g_assert_cmpint (g_mkdir (empty, 0750), ==, 0);
  g_assert_cmpint (g_chmod (empty, 0750), ==, 0);

  link = g_build_filename (tree->dir, "link", NULL);
  g_assert_cmpint (symlink ("hello.txt", link), ==, 0);
  up_link = g_build_filename (tree->dir, "nested", "deep", "up", NULL);
  g_assert_cmpint (symlink ("../../bin/run.sh", up_link), ==, 0);
  tree->builder = new_tree_builder (tree);
}

static void
tree_clear (Tree          *tree,
            gconstpointer  data)
{
  g_clear_object (&tree->builder);
  test_remove_tree (tree->dir);
  g_clear_pointer (&tree->dir, g_free);
  g_clear_pointer (&tree->long_path, g_free);
  g_clear_pointer (&tree->big, g_bytes_unref);
}

/* The tree at the root, a copy of it under "copy", and bytes. */
static SandboxEnvironmentBuilder *
new_tree_builder (Tree *tree)
{
  g_autoptr(SandboxEnvironmentBuilder) builder = sandbox_environment_builder_new ();
  g_autoptr(GFile) dir = g_file_new_for_path (tree->dir);
  g_autoptr(GBytes) extra = g_bytes_new_static ("extra\n", 6);
  g_autoptr(GError) error = NULL;

  g_assert_true (sandbox_environment_builder_add_file (builder, ".", dir, &error));
  g_assert_no_error (error);
  g_assert_true (sandbox_environment_builder_add_file (builder, "copy", dir, &error));
  g_assert_no_error (error);
  g_assert_true (sandbox_environment_builder_add_bytes (builder, "./data/extra.txt", extra,
                                                        0640, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&builder);
}

static void
assert_tree_members (GHashTable *members,
                     Tree       *tree,
                     const char *prefix)
{
  const char *big = g_bytes_get_data (tree->big, NULL);
  gssize big_size = (gssize) g_bytes_get_size (tree->big);
  struct { GFileType type; guint mode; const char *content; gssize size; } expected[] = {
    { G_FILE_TYPE_REGULAR, 0644, "hello\n", -1 },
    { G_FILE_TYPE_DIRECTORY, 0755, NULL, 0 },
    { G_FILE_TYPE_REGULAR, 0755, "#!/bin/sh\necho run\n", -1 },
    { G_FILE_TYPE_REGULAR, 0600, "deep\n", -1 },
    { G_FILE_TYPE_REGULAR, 0644, big, big_size },
    { G_FILE_TYPE_REGULAR, 0644, "", 0 },
    { G_FILE_TYPE_REGULAR, 0644, "long\n", -1 },
    { G_FILE_TYPE_DIRECTORY, 0750, NULL, 0 },
    { G_FILE_TYPE_SYMBOLIC_LINK, 0, "hello.txt", -1 },
    { G_FILE_TYPE_SYMBOLIC_LINK, 0, "../../bin/run.sh", -1 },
    { G_FILE_TYPE_DIRECTORY, 0755, NULL, 0 },
  };
  const char *paths[] = {
    "hello.txt", "bin", "bin/run.sh", "nested/deep/er/file.txt", "big.bin", "empty-file",
    tree->long_path, "empty", "link", "nested/deep/up", "nested/deep",
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *path = *prefix != '\0'
                              ? g_strconcat (prefix, "/", paths[i], NULL)
                              : g_strdup (paths[i]);

      assert_member (members, path, expected[i].type, expected[i].mode,
                     expected[i].content, expected[i].size);
    }
}

/* Everything in place, with its type, mode and content, read by libarchive. */
static void
test_members (Tree          *tree,
              gconstpointer  data)
{
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GHashTable) members = NULL;

  archive = pack (tree->builder);
  members = unpack_with_libarchive (archive);

  assert_tree_members (members, tree, "");
  assert_tree_members (members, tree, "copy");
  assert_member (members, "copy", G_FILE_TYPE_DIRECTORY, 0700, NULL, 0);
  assert_member (members, "data/extra.txt", G_FILE_TYPE_REGULAR, 0640, "extra\n", -1);
  /* 2 x (6 files + the long one + 3 dirs + nested, nested/deep/er, long, long/ddd
   * + 2 links) + copy + extra.txt */
  g_assert_cmpuint (g_hash_table_size (members), ==, 2 * 15 + 2);
}

/* The same archive when packed again, and from open_async. */
static void
test_async (Tree          *tree,
            gconstpointer  data)
{
  g_autoptr(GBytes) archive = pack (tree->builder);
  g_autoptr(GBytes) again = pack (tree->builder);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) async_archive = NULL;
  g_autoptr(GError) error = NULL;
  goffset size = -1;
  TestAsyncWait wait;

  g_assert_true (g_bytes_equal (archive, again));

  test_async_wait_init (&wait);
  sandbox_environment_builder_open_async (tree->builder, NULL, test_async_wait_cb, &wait);
  stream = sandbox_environment_builder_open_finish (tree->builder, test_async_wait_run (&wait),
                                                    &size, &error);
  test_async_wait_clear (&wait);
  g_assert_no_error (error);
  g_assert_cmpint (size, ==, (goffset) g_bytes_get_size (archive));

  g_output_stream_splice (out, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  async_archive = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  g_assert_true (g_bytes_equal (archive, async_archive));
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* Python's tarfile and gzip (which check the CRC-32 and length), as the
 * real server reads the archive. */
static void
test_python (Tree          *tree,
             gconstpointer  data)
{
  g_autofree char *python = g_find_program_in_path ("python3");
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GHashTable) members = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *archive_path = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  Member *member;
  int status;
  const char *script =
    "import sys, tarfile, hashlib, gzip\n"
    "gzip.decompress(open(sys.argv[1], 'rb').read())\n"
    "out = []\n"
    "with tarfile.open(sys.argv[1], 'r:gz') as t:\n"
    "    for m in t.getmembers():\n"
    "        kind = 'f' if m.isfile() else 'd' if m.isdir() else 'l' if m.issym() else '?'\n"
    "        data = t.extractfile(m).read() if m.isfile() else b''\n"
    "        out.append('%s %s %o %s %s' % (m.name.rstrip('/'), kind, m.mode, "
    "hashlib.sha256(data).hexdigest(), m.linkname))\n"
    "print('\\n'.join(sorted(out)))\n";
  const char *argv[] = { python, "-c", script, NULL, NULL };

  if (python == NULL)
    {
      g_test_skip ("python3 is not installed: the archive is not checked with tarfile");
      return;
    }

  archive = pack (tree->builder);
  members = unpack_with_libarchive (archive);

  archive_path = g_build_filename (tree->dir, "archive.tgz", NULL);
  g_file_set_contents (archive_path, g_bytes_get_data (archive, NULL),
                       (gssize) g_bytes_get_size (archive), &error);
  g_assert_no_error (error);
  argv[3] = archive_path;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);

  g_hash_table_iter_init (&iter, members);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &member))
    {
      g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256,
                                                          member->content);
      char kind = member->type == G_FILE_TYPE_REGULAR ? 'f'
                  : member->type == G_FILE_TYPE_DIRECTORY ? 'd' : 'l';
      guint mode = member->type == G_FILE_TYPE_SYMBOLIC_LINK ? 0777 : member->mode;

      g_ptr_array_add (lines, g_strdup_printf ("%s %c %o %s %s", member->path, kind, mode,
                                               sha, member->link_target != NULL
                                               ? member->link_target : ""));
    }
  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (expected, "%s\n", (char *) g_ptr_array_index (lines, i));

  g_assert_cmpstr (out, ==, expected->str);
}

static void
assert_invalid_path (const char *path)
{
  g_autoptr(SandboxEnvironmentBuilder) builder = sandbox_environment_builder_new ();
  g_autoptr(GBytes) content = g_bytes_new_static ("x", 1);
  g_autoptr(GFile) file = g_file_new_for_path ("/tmp");
  g_autoptr(GError) error = NULL;

  g_assert_false (sandbox_environment_builder_add_bytes (builder, path, content, 0644, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  if (strcmp (path, ".") == 0 || strcmp (path, "./") == 0)
    return;
  g_assert_false (sandbox_environment_builder_add_file (builder, path, file, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
test_invalid_paths (void)
{
  static const char * const invalid[] = {
    "", "/etc/passwd", "../x", "a/../b", "a/..", "a//b", "a/", ".", "./", "a/./b", "\xff.txt",
  };
  g_autoptr(SandboxEnvironmentBuilder) builder = sandbox_environment_builder_new ();
  g_autoptr(GBytes) content = g_bytes_new_static ("x", 1);
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GHashTable) members = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    assert_invalid_path (invalid[i]);

  /* The message names the path. */
  g_assert_false (sandbox_environment_builder_add_bytes (builder, "a/../b", content, 0644,
                                                         &error));
  g_assert_nonnull (strstr (error->message, "'a/../b'"));
  g_clear_error (&error);

  g_assert_true (sandbox_environment_builder_add_bytes (builder, "././x", content, 0644,
                                                        &error));
  g_assert_no_error (error);
  archive = pack (builder);
  members = unpack_with_libarchive (archive);
  g_assert_cmpuint (g_hash_table_size (members), ==, 1);
  assert_member (members, "x", G_FILE_TYPE_REGULAR, 0644, "x", -1);
}

static void
assert_open_fails (SandboxEnvironmentBuilder *builder,
                   const char                *named)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  goffset size = -1;

  stream = sandbox_environment_builder_open (builder, &size, NULL, &error);
  g_assert_null (stream);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, named));
}

/* FIFOs, and links pointing outside the environment, are refused. */
static void
test_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-environment-builder-XXXXXX", &error);
  g_autofree char *fifo_dir = g_build_filename (dir, "fifo", NULL);
  g_autofree char *fifo = g_build_filename (fifo_dir, "queue", NULL);
  g_autofree char *links_dir = g_build_filename (dir, "links", NULL);
  g_autofree char *out_link = g_build_filename (links_dir, "sub", "passwd", NULL);
  g_autofree char *sub = g_build_filename (links_dir, "sub", NULL);
  g_autoptr(GFile) fifo_file = g_file_new_for_path (fifo_dir);
  g_autoptr(GFile) links_file = g_file_new_for_path (links_dir);
  g_autoptr(SandboxEnvironmentBuilder) builder = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (fifo_dir, 0755), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (sub, 0755), ==, 0);

  builder = sandbox_environment_builder_new ();
  g_assert_true (sandbox_environment_builder_add_file (builder, NULL, fifo_file, NULL));
  assert_open_fails (builder, fifo);
  g_clear_object (&builder);

  /* sub/passwd -> ../../x leaves "links" as a root, but not as "." */
  g_assert_cmpint (symlink ("../../x", out_link), ==, 0);
  builder = sandbox_environment_builder_new ();
  g_assert_true (sandbox_environment_builder_add_file (builder, ".", links_file, NULL));
  assert_open_fails (builder, out_link);
  g_clear_object (&builder);

  builder = sandbox_environment_builder_new ();
  g_assert_true (sandbox_environment_builder_add_file (builder, "links", links_file, NULL));
  {
    g_autoptr(GBytes) archive = pack (builder);
    g_autoptr(GHashTable) members = unpack_with_libarchive (archive);

    assert_member (members, "links/sub/passwd", G_FILE_TYPE_SYMBOLIC_LINK, 0, "../../x", -1);
  }
  g_clear_object (&builder);

  g_assert_cmpint (g_unlink (out_link), ==, 0);
  g_assert_cmpint (symlink ("/etc/passwd", out_link), ==, 0);
  builder = sandbox_environment_builder_new ();
  g_assert_true (sandbox_environment_builder_add_file (builder, "links", links_file, NULL));
  assert_open_fails (builder, out_link);

  test_remove_tree (dir);
}

/* A link in @dir named @name, to @target. */
static char *
make_link (const char *dir,
           const char *name,
           const char *target)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (symlink (target, path), ==, 0);
  return path;
}

/* A builder with @dir at @path. */
static SandboxEnvironmentBuilder *
new_dir_builder (const char *path,
                 const char *dir)
{
  SandboxEnvironmentBuilder *builder = sandbox_environment_builder_new ();
  g_autoptr(GFile) file = g_file_new_for_path (dir);

  g_assert_true (sandbox_environment_builder_add_file (builder, path, file, NULL));
  return builder;
}

/* Links are resolved through the other links of the environment, as they
 * will be once unpacked: a chain that leaves it, or loops, is refused,
 * though each link alone looks inside. */
static void
test_link_chains (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-environment-builder-XXXXXX", &error);
  g_autofree char *sub = g_build_filename (dir, "sub", NULL);
  g_autofree char *up = NULL;
  g_autofree char *inside = NULL;
  g_autofree char *escape = NULL;
  g_autofree char *escape3 = NULL;
  g_autofree char *via = NULL;
  g_autofree char *loop = NULL;
  g_autofree char *loop2 = NULL;
  g_autofree char *dir_link = NULL;
  g_autoptr(SandboxEnvironmentBuilder) builder = NULL;

  g_assert_no_error (error);
  write_file (dir, "hello.txt", "hello\n", 6, 0644);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  up = make_link (sub, "up", "..");                    /* the root */
  inside = make_link (dir, "inside", "sub/up/hello.txt");

  /* Two links: esc, then sub/up, then ".." above the root. */
  escape = make_link (dir, "esc", "sub/up/..");
  builder = new_dir_builder (".", dir);
  assert_open_fails (builder, escape);
  g_clear_object (&builder);

  /* Under "dest", the same chain lands at the root: inside. */
  builder = new_dir_builder ("dest", dir);
  {
    g_autoptr(GBytes) archive = pack (builder);
    g_autoptr(GHashTable) members = unpack_with_libarchive (archive);

    assert_member (members, "dest/esc", G_FILE_TYPE_SYMBOLIC_LINK, 0, "sub/up/..", -1);
  }
  g_clear_object (&builder);
  g_assert_cmpint (g_unlink (escape), ==, 0);

  /* Three links: esc3, via, sub/up. */
  via = make_link (dir, "via", "sub/up");
  escape3 = make_link (dir, "esc3", "via/../secret");
  builder = new_dir_builder (".", dir);
  assert_open_fails (builder, escape3);
  g_clear_object (&builder);
  g_assert_cmpint (g_unlink (escape3), ==, 0);

  /* A loop. */
  loop = make_link (dir, "loop", "loop2/x");
  loop2 = make_link (dir, "loop2", "loop");
  builder = new_dir_builder (".", dir);
  assert_open_fails (builder, "loop");
  g_clear_object (&builder);
  g_assert_cmpint (g_unlink (loop), ==, 0);
  g_assert_cmpint (g_unlink (loop2), ==, 0);

  /* What is left resolves inside; the directory given is followed. */
  dir_link = g_strconcat (dir, "-link", NULL);
  g_assert_cmpint (symlink (dir, dir_link), ==, 0);
  builder = new_dir_builder (".", dir_link);
  {
    g_autoptr(GBytes) archive = pack (builder);
    g_autoptr(GHashTable) members = unpack_with_libarchive (archive);

    assert_member (members, "inside", G_FILE_TYPE_SYMBOLIC_LINK, 0, "sub/up/hello.txt", -1);
    assert_member (members, "via", G_FILE_TYPE_SYMBOLIC_LINK, 0, "sub/up", -1);
    assert_member (members, "sub/up", G_FILE_TYPE_SYMBOLIC_LINK, 0, "..", -1);
    assert_member (members, "hello.txt", G_FILE_TYPE_REGULAR, 0644, "hello\n", -1);
  }

  g_assert_cmpint (g_unlink (dir_link), ==, 0);
  test_remove_tree (dir);
}

/* The later of two entries at one path wins. */
static void
test_duplicates (void)
{
  g_autoptr(SandboxEnvironmentBuilder) builder = sandbox_environment_builder_new ();
  g_autoptr(GBytes) one = g_bytes_new_static ("one", 3);
  g_autoptr(GBytes) two = g_bytes_new_static ("two", 3);
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GHashTable) members = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-environment-builder-XXXXXX", &error);
  g_autoptr(GFile) dir_file = g_file_new_for_path (dir);

  g_assert_no_error (error);
  write_file (dir, "x", "from the directory", 18, 0644);
  write_file (dir, "d/inside", "inside", 6, 0644);

  g_assert_true (sandbox_environment_builder_add_bytes (builder, "x", one, 0644, NULL));
  g_assert_true (sandbox_environment_builder_add_file (builder, ".", dir_file, NULL));
  g_assert_true (sandbox_environment_builder_add_bytes (builder, "d", two, 0600, NULL));
  g_assert_true (sandbox_environment_builder_add_bytes (builder, "y", one, 0644, NULL));
  g_assert_true (sandbox_environment_builder_add_bytes (builder, "./y", two, 0644, NULL));

  archive = pack (builder);
  members = unpack_with_libarchive (archive);
  g_assert_cmpuint (g_hash_table_size (members), ==, 3);
  assert_member (members, "x", G_FILE_TYPE_REGULAR, 0644, "from the directory", -1);
  assert_member (members, "d", G_FILE_TYPE_REGULAR, 0600, "two", -1);
  assert_member (members, "y", G_FILE_TYPE_REGULAR, 0644, "two", -1);

  test_remove_tree (dir);
}

typedef enum
{
  CHANGE_GROW,
  CHANGE_SHRINK,
} Change;

/* A builder for one file, @name in a new temporary directory that goes
 * with it. */
typedef struct
{
  char                       *dir;
  char                       *path;
  SandboxEnvironmentBuilder  *builder;
} OneFile;

static OneFile
one_file_new (const char *name)
{
  g_autoptr(GError) error = NULL;
  OneFile one = { g_dir_make_tmp ("test-environment-builder-XXXXXX", &error) };

  g_assert_no_error (error);
  one.path = g_build_filename (one.dir, name, NULL);
  one.builder = sandbox_environment_builder_new ();
  return one;
}

/* Adds the file, written by now, and opens the archive (its size in
 * *@size). */
static GInputStream *
one_file_open (OneFile *one,
               goffset *size)
{
  g_autoptr(GFile) file = g_file_new_for_path (one->path);
  g_autoptr(GError) error = NULL;
  GInputStream *stream;

  g_assert_true (sandbox_environment_builder_add_file (one->builder, NULL, file, NULL));
  stream = sandbox_environment_builder_open (one->builder, size, NULL, &error);
  g_assert_no_error (error);
  return stream;
}

static void
one_file_clear (OneFile *one)
{
  test_remove_tree (one->dir);
  g_free (one->dir);
  g_free (one->path);
  g_clear_object (&one->builder);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OneFile, one_file_clear)

/* A file whose size changes between the opening and the read fails the
 * read, and nothing past the announced length comes out. */
static void
check_file_changed (int    level,
                    Change change)
{
  g_auto(OneFile) one = one_file_new ("data.bin");
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autofree char *content = g_strnfill (100000, 'a');
  g_autofree guint8 *buffer = g_malloc (4096);
  goffset size = -1;
  goffset total = 0;

  write_file (one.dir, "data.bin", content, 100000, 0644);
  sandbox_environment_builder_set_compression_level (one.builder, level);
  stream = one_file_open (&one, &size);

  if (change == CHANGE_GROW)
    g_assert_cmpint (truncate (one.path, 100001), ==, 0);
  else
    g_assert_cmpint (truncate (one.path, 99999), ==, 0);

  for (;;)
    {
      gssize n = g_input_stream_read (stream, buffer, 4096, NULL, &error);

      if (n <= 0)
        break;
      total += n;
    }
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_FILE_CHANGED);
  g_assert_nonnull (strstr (error->message, level == 0 ? one.path : "changed"));
  g_assert_cmpint (total, <, size);

  /* And it stays failed. */
  g_clear_error (&error);
  g_assert_cmpint (g_input_stream_read (stream, buffer, 4096, NULL, &error), ==, -1);
  g_assert_nonnull (error);
}

static void
test_file_changed (void)
{
  check_file_changed (0, CHANGE_GROW);
  check_file_changed (0, CHANGE_SHRINK);
  check_file_changed (6, CHANGE_GROW);
  check_file_changed (6, CHANGE_SHRINK);
}

/* Level 6 compresses: a smaller archive, with the same members. */
static void
test_compressed (Tree          *tree,
                 gconstpointer  data)
{
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(GBytes) compressed = NULL;
  g_autoptr(GHashTable) members = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autofree char *repeated = g_strnfill (300000, 'z');

  text = g_bytes_new (repeated, 300000);
  g_assert_true (sandbox_environment_builder_add_bytes (tree->builder, "z.txt", text, 0644, NULL));
  g_assert_cmpint (sandbox_environment_builder_get_compression_level (tree->builder), ==, 0);
  stored = pack (tree->builder);

  g_object_set (tree->builder, "compression-level", 6, NULL);
  compressed = pack (tree->builder);
  g_test_message ("stored: %" G_GSIZE_FORMAT " bytes, level 6: %" G_GSIZE_FORMAT " bytes",
                  g_bytes_get_size (stored), g_bytes_get_size (compressed));
  g_assert_cmpuint (g_bytes_get_size (compressed), <, g_bytes_get_size (stored) / 2);

  members = unpack_with_libarchive (compressed);
  assert_tree_members (members, tree, "");
  assert_tree_members (members, tree, "copy");
  assert_member (members, "z.txt", G_FILE_TYPE_REGULAR, 0644, repeated, 300000);
}

/* A large file goes through without the archive being held in memory. */
static void
test_memory (void)
{
  goffset file_size = test_running_on_valgrind () ? 256 * MIB : 1024 * MIB;
  g_auto(OneFile) one = one_file_new ("sparse.bin");
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autofree guint8 *buffer = g_malloc (64 * 1024);
  goffset size = -1;
  goffset total = 0;
  goffset baseline, growth;
  int fd;

  if (test_running_on_valgrind ())
    g_test_message ("under valgrind: a file of 256 MiB, and the memory is not measured");

  fd = g_open (one.path, O_CREAT | O_WRONLY, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, file_size), ==, 0);
  g_assert_cmpint (pwrite (fd, "end", 3, file_size - 3), ==, 3);
  g_close (fd, NULL);

  baseline = test_reset_peak_rss ();
  stream = one_file_open (&one, &size);
  g_assert_cmpint (size, >, file_size);

  for (;;)
    {
      gssize n = g_input_stream_read (stream, buffer, 64 * 1024, NULL, &error);

      g_assert_no_error (error);
      if (n == 0)
        break;
      total += n;
    }
  growth = test_read_peak_rss () - baseline;
  g_test_message ("packing %" G_GOFFSET_FORMAT " MiB: peak resident size grew by %"
                  G_GOFFSET_FORMAT " KiB", file_size / MIB, growth / 1024);
  g_assert_cmpint (total, ==, size);
  if (test_memory_is_checked ())
    g_assert_cmpint (growth, <, 32 * MIB);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/environment-builder/members", Tree, NULL, tree_init, test_members, tree_clear);
  g_test_add ("/environment-builder/async", Tree, NULL, tree_init, test_async, tree_clear);
  g_test_add ("/environment-builder/python", Tree, NULL, tree_init, test_python, tree_clear);
  g_test_add_func ("/environment-builder/invalid-paths", test_invalid_paths);
  g_test_add_func ("/environment-builder/refused", test_refused);
  g_test_add_func ("/environment-builder/link-chains", test_link_chains);
  g_test_add_func ("/environment-builder/duplicates", test_duplicates);
  g_test_add_func ("/environment-builder/file-changed", test_file_changed);
  g_test_add ("/environment-builder/compressed", Tree, NULL, tree_init, test_compressed, tree_clear);
  g_test_add_func ("/environment-builder/memory", test_memory);

  return g_test_run ();
}
