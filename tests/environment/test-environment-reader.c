/* test-environment-reader.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "test-archive.h"
#include "test-util.h"

#define MTIME 1700000000

/* A temporary directory holding `out`, where archives are extracted, and
 * `sibling`, which must stay empty whatever an archive holds. */
typedef struct
{
  char *root;
  char *out;
  char *sibling;
} Dirs;

static void
dirs_init (Dirs *dirs)
{
  g_autoptr(GError) error = NULL;

  dirs->root = g_dir_make_tmp ("test-environment-reader-XXXXXX", &error);
  g_assert_no_error (error);
  dirs->out = g_build_filename (dirs->root, "out", NULL);
  dirs->sibling = g_build_filename (dirs->root, "sibling", NULL);
  g_assert_cmpint (g_mkdir (dirs->out, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (dirs->sibling, 0755), ==, 0);
}

static void
dirs_clear (Dirs *dirs)
{
  test_remove_tree (dirs->root);
  g_clear_pointer (&dirs->root, g_free);
  g_clear_pointer (&dirs->out, g_free);
  g_clear_pointer (&dirs->sibling, g_free);
}

/* Every symbolic link under @path that resolves, resolves under @top. */
static void
assert_links_inside (const char *path,
                     const char *top)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *resolved = NULL;
      struct stat st;

      g_assert_cmpint (lstat (child, &st), ==, 0);
      if (S_ISDIR (st.st_mode))
        {
          assert_links_inside (child, top);
          continue;
        }
      if (!S_ISLNK (st.st_mode))
        continue;
      resolved = realpath (child, NULL);
      if (resolved != NULL && strcmp (resolved, top) != 0)
        {
          g_autofree char *top_slash = g_strconcat (top, "/", NULL);
          if (!g_str_has_prefix (resolved, top_slash))
            g_error ("%s resolves to %s, outside %s", child, resolved, top);
        }
    }
}

/* Nothing but `out` and `sibling` (and what the test put there) in the
 * root, nothing in `sibling`, no link leading out of `out`. */
static void
assert_nothing_outside (Dirs  *dirs,
                        guint  n_planted_in_root)
{
  g_autofree char *top = realpath (dirs->out, NULL);

  g_assert_cmpuint (test_count_entries (dirs->sibling), ==, 0);
  g_assert_cmpuint (test_count_entries (dirs->root), ==, 2 + n_planted_in_root);
  assert_links_inside (dirs->out, top);
}

static SandboxEnvironmentReader *
reader_new (GBytes *archive)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (archive);

  return sandbox_environment_reader_new (stream);
}

static SandboxEnvironmentMember *
run_next (SandboxEnvironmentReader  *reader,
          TestMode                   mode,
          GCancellable              *cancellable,
          GError                   **error)
{
  TestAsyncWait wait;
  SandboxEnvironmentMember *value;

  if (mode == TEST_MODE_SYNC)
    return sandbox_environment_reader_next (reader, cancellable, error);

  test_async_wait_init (&wait);
  sandbox_environment_reader_next_async (reader, cancellable, test_async_wait_cb, &wait);
  value = sandbox_environment_reader_next_finish (reader, test_async_wait_run (&wait), error);
  test_async_wait_clear (&wait);
  return value;
}

static GBytes *
run_read_bytes (SandboxEnvironmentReader  *reader,
                TestMode                   mode,
                GError                   **error)
{
  TestAsyncWait wait;
  GBytes *value;

  if (mode == TEST_MODE_SYNC)
    return sandbox_environment_reader_read_bytes (reader, NULL, error);

  test_async_wait_init (&wait);
  sandbox_environment_reader_read_bytes_async (reader, NULL, test_async_wait_cb, &wait);
  value = sandbox_environment_reader_read_bytes_finish (reader, test_async_wait_run (&wait),
                                                        error);
  test_async_wait_clear (&wait);
  return value;
}

static gboolean
run_extract (SandboxEnvironmentReader  *reader,
             const char                *path,
             TestMode                   mode,
             GError                   **error)
{
  g_autoptr(GFile) directory = g_file_new_for_path (path);
  TestAsyncWait wait;
  gboolean value;

  if (mode == TEST_MODE_SYNC)
    return sandbox_environment_reader_extract (reader, directory, NULL, error);

  test_async_wait_init (&wait);
  sandbox_environment_reader_extract_async (reader, directory, NULL, test_async_wait_cb, &wait);
  value = sandbox_environment_reader_extract_finish (reader, test_async_wait_run (&wait), error);
  test_async_wait_clear (&wait);
  return value;
}

/* What real archives hold: the root as `/` and `./`, `./` prefixes,
 * directories, files, links. */
static const TestTarMember good_members[] = {
  { .name = "/", .type = '5', .mode = 0755 },
  { .name = "./", .type = '5', .mode = 0755 },
  { .name = "./dir/", .type = '5', .mode = 0750 },
  { .name = "./dir/file.txt", .mode = 0640, .content = "contents\n" },
  { .name = "./run.sh", .mode = 0755, .content = "#!/bin/sh\necho hi\n" },
  { .name = "./link", .type = '2', .mode = 0777, .link_target = "dir/file.txt" },
  { .name = "./dir/up", .type = '2', .mode = 0777, .link_target = "../run.sh" },
  { .name = "./hard", .type = '1', .mode = 0640, .link_target = "./dir/file.txt" },
  { .name = "empty", .mode = 0600, .content = "" },
};

static const struct
{
  const char *path;
  GFileType   file_type;
  gint64      size;
  guint       mode;
  const char *link_target;
  const char *content;
} good_expected[] = {
  { "dir", G_FILE_TYPE_DIRECTORY, 0, 0750, NULL, "" },
  { "dir/file.txt", G_FILE_TYPE_REGULAR, 9, 0640, NULL, "contents\n" },
  { "run.sh", G_FILE_TYPE_REGULAR, 18, 0755, NULL, "#!/bin/sh\necho hi\n" },
  { "link", G_FILE_TYPE_SYMBOLIC_LINK, 0, 0777, "dir/file.txt", "" },
  { "dir/up", G_FILE_TYPE_SYMBOLIC_LINK, 0, 0777, "../run.sh", "" },
  { "hard", G_FILE_TYPE_REGULAR, 0, 0640, "dir/file.txt", "" },
  { "empty", G_FILE_TYPE_REGULAR, 0, 0600, NULL, "" },
};

static GBytes *
good_archive (void)
{
  return test_tgz_new (good_members, G_N_ELEMENTS (good_members));
}

static void
test_iterate (gconstpointer data)
{
  TestMode mode = TEST_MODE (data);
  g_autoptr(GBytes) archive = good_archive ();
  g_autoptr(SandboxEnvironmentReader) reader = reader_new (archive);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good_expected); i++)
    {
      g_autoptr(SandboxEnvironmentMember) member = run_next (reader, mode, NULL, &error);
      g_autoptr(GBytes) content = NULL;
      GDateTime *mtime;

      g_assert_no_error (error);
      g_assert_nonnull (member);
      g_assert_cmpstr (sandbox_environment_member_get_path (member), ==, good_expected[i].path);
      g_assert_cmpint (sandbox_environment_member_get_file_type (member), ==,
                       good_expected[i].file_type);
      g_assert_cmpint (sandbox_environment_member_get_size (member), ==, good_expected[i].size);
      g_assert_cmpuint (sandbox_environment_member_get_mode (member), ==, good_expected[i].mode);
      g_assert_cmpstr (sandbox_environment_member_get_link_target (member), ==,
                       good_expected[i].link_target);
      mtime = sandbox_environment_member_get_modification_time (member);
      g_assert_nonnull (mtime);
      g_assert_cmpint (g_date_time_to_unix (mtime), ==, MTIME);

      content = run_read_bytes (reader, mode, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (content, NULL), g_bytes_get_size (content),
                       good_expected[i].content, strlen (good_expected[i].content));
    }

  g_assert_null (run_next (reader, mode, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (run_next (reader, mode, NULL, &error));
  g_assert_no_error (error);
}

/* Skipping a member's contents without reading them. */
static void
test_iterate_skipping (void)
{
  g_autoptr(GBytes) archive = good_archive ();
  g_autoptr(SandboxEnvironmentReader) reader = reader_new (archive);
  g_autoptr(GError) error = NULL;
  guint n = 0;

  for (;;)
    {
      g_autoptr(SandboxEnvironmentMember) member = NULL;

      member = sandbox_environment_reader_next (reader, NULL, &error);
      g_assert_no_error (error);
      if (member == NULL)
        break;
      g_assert_cmpstr (sandbox_environment_member_get_path (member), ==, good_expected[n].path);
      n++;
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (good_expected));
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_extract (gconstpointer data)
{
  TestMode mode = TEST_MODE (data);
  g_autoptr(GBytes) archive = good_archive ();
  g_autoptr(SandboxEnvironmentReader) reader = reader_new (archive);
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  g_autofree char *file = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *run = NULL;
  g_autofree char *up = NULL;
  g_autofree char *hard = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *link = NULL;
  g_autofree char *empty = NULL;
  struct stat st, st_hard;
  Dirs dirs;

  dirs_init (&dirs);
  /* Created when missing. */
  target = g_build_filename (dirs.out, "new", "place", NULL);
  g_assert_true (run_extract (reader, target, mode, &error));
  g_assert_no_error (error);

  dir = g_build_filename (target, "dir", NULL);
  g_assert_cmpint (lstat (dir, &st), ==, 0);
  g_assert_true (S_ISDIR (st.st_mode));
  g_assert_cmpuint (st.st_mode & 07777, ==, 0750);

  file = g_build_filename (target, "dir", "file.txt", NULL);
  contents = read_file (file);
  g_assert_cmpstr (contents, ==, "contents\n");
  g_assert_cmpint (lstat (file, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0640);
  g_assert_cmpint (st.st_mtime, ==, MTIME);

  run = g_build_filename (target, "run.sh", NULL);
  g_assert_cmpint (lstat (run, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0755);
  g_assert_cmpint (st.st_size, ==, 18);

  link = g_build_filename (target, "link", NULL);
  g_free (contents);
  contents = g_file_read_link (link, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "dir/file.txt");

  up = g_build_filename (target, "dir", "up", NULL);
  g_free (contents);
  contents = g_file_read_link (up, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "../run.sh");

  hard = g_build_filename (target, "hard", NULL);
  g_assert_cmpint (lstat (file, &st), ==, 0);
  g_assert_cmpint (lstat (hard, &st_hard), ==, 0);
  g_assert_cmpuint (st.st_ino, ==, st_hard.st_ino);

  empty = g_build_filename (target, "empty", NULL);
  g_assert_cmpint (lstat (empty, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0600);

  assert_nothing_outside (&dirs, 0);
  dirs_clear (&dirs);
}

/* Hostile archives: `@S` in a name or link target stands for the absolute
 * path of `sibling`. */
/* Past one tar block, so that what the header leaves out is read as a header. */
#define LONG_CONTENT \
  "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" \
  "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" \
  "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" \
  "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" \
  "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" \
  "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" \
  "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" \
  "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

typedef struct
{
  const char    *name;
  TestTarMember  members[3];
  int            code;
  gboolean       plant_link;    /* out/a -> sibling, before extracting */
  gboolean       plant_file;    /* out/pre */
  gboolean       plant_victim;  /* root/victim, which must keep one link */
} Hostile;

static const Hostile hostile_cases[] = {
  { "dot-dot", { { .name = "../x", .content = "evil" } }, SANDBOX_ERROR_UNSAFE_ARCHIVE },
  { "absolute", { { .name = "@S/x", .content = "evil" } }, SANDBOX_ERROR_UNSAFE_ARCHIVE },
  { "climb", { { .name = "a/../../x", .content = "evil" } }, SANDBOX_ERROR_UNSAFE_ARCHIVE },
  { "symlink-absolute", {
      { .name = "a", .type = '2', .mode = 0777, .link_target = "@S" },
      { .name = "a/x", .content = "evil" } }, SANDBOX_ERROR_UNSAFE_ARCHIVE },
  { "symlink-up", {
      { .name = "a", .type = '2', .mode = 0777, .link_target = "../sibling" },
      { .name = "a/x", .content = "evil" } }, SANDBOX_ERROR_UNSAFE_ARCHIVE },
  { "symlink-deep-up", {
      { .name = "d/a", .type = '2', .mode = 0777, .link_target = "../../sibling" },
      { .name = "d/a/x", .content = "evil" } }, SANDBOX_ERROR_UNSAFE_ARCHIVE },
  { "symlink-through-symlink", {
      { .name = "d", .type = '2', .mode = 0777, .link_target = "." },
      { .name = "e", .type = '2', .mode = 0777, .link_target = "d/../sibling" },
      { .name = "e/x", .content = "evil" } }, SANDBOX_ERROR_UNSAFE_ARCHIVE },
  { "write-through-existing-symlink", {
      { .name = "a/x", .content = "evil" } }, SANDBOX_ERROR_UNSAFE_ARCHIVE, .plant_link = TRUE },
  { "write-through-inner-symlink", {
      { .name = "in", .type = '5', .mode = 0755 },
      { .name = "a", .type = '2', .mode = 0777, .link_target = "in" },
      { .name = "a/x", .content = "evil" } }, SANDBOX_ERROR_UNSAFE_ARCHIVE },
  { "hard-link-up", {
      { .name = "h", .type = '1', .link_target = "../victim" } },
    SANDBOX_ERROR_UNSAFE_ARCHIVE, .plant_victim = TRUE },
  { "hard-link-absolute", {
      { .name = "h", .type = '1', .link_target = "@S/../victim" } },
    SANDBOX_ERROR_UNSAFE_ARCHIVE, .plant_victim = TRUE },
  { "hard-link-to-existing", {
      { .name = "h", .type = '1', .link_target = "pre" } },
    SANDBOX_ERROR_UNSAFE_ARCHIVE, .plant_file = TRUE },
  { "hard-link-forward", {
      { .name = "h", .type = '1', .link_target = "later" },
      { .name = "later", .content = "x" } }, SANDBOX_ERROR_UNSAFE_ARCHIVE },
  { "character-device", { { .name = "null", .type = '3', .mode = 0666 } },
    SANDBOX_ERROR_UNSAFE_ARCHIVE },
  { "fifo", { { .name = "fifo", .type = '6', .mode = 0644 } }, SANDBOX_ERROR_UNSAFE_ARCHIVE },
  { "setuid", { { .name = "suid", .mode = 04755, .content = "#!/bin/sh\n" } },
    SANDBOX_ERROR_UNSAFE_ARCHIVE },
  { "setgid-directory", { { .name = "sgid/", .type = '5', .mode = 02755 } },
    SANDBOX_ERROR_UNSAFE_ARCHIVE },
  { "sticky", { { .name = "tmp/", .type = '5', .mode = 01777 } },
    SANDBOX_ERROR_UNSAFE_ARCHIVE },
  /* Headers that lie about the size. */
  { "size-over-claimed", { { .name = "big", .content = "tiny", .header_size = 1024 * 1024 } },
    SANDBOX_ERROR_INVALID_ARCHIVE },
  { "size-under-claimed", {
      { .name = "small", .header_size = 10, .content = LONG_CONTENT } },
    SANDBOX_ERROR_INVALID_ARCHIVE },
  { "pax-size-over-max", {
      { .name = "f", .content = "", .pax_size = G_GINT64_CONSTANT (5) << 30 } },
    SANDBOX_ERROR_ARCHIVE_TOO_LARGE },
};

static char *
substitute (const char *text,
            const Dirs *dirs)
{
  if (text == NULL)
    return NULL;
  if (g_str_has_prefix (text, "@S"))
    return g_strconcat (dirs->sibling, text + 2, NULL);
  return g_strdup (text);
}

static GBytes *
hostile_archive (const Hostile *hostile,
                 const Dirs    *dirs)
{
  g_autoptr(GByteArray) tar = g_byte_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (hostile->members) && hostile->members[i].name; i++)
    {
      g_autofree char *name = substitute (hostile->members[i].name, dirs);
      g_autofree char *link_target = substitute (hostile->members[i].link_target, dirs);
      TestTarMember member = hostile->members[i];

      member.name = name;
      member.link_target = link_target;
      test_tar_add (tar, &member);
    }
  test_tar_end (tar);
  return test_gzip (tar->data, tar->len);
}

typedef struct
{
  const Hostile *hostile;
  TestMode       mode;
} HostileTest;

static void
test_hostile (gconstpointer data)
{
  const HostileTest *test = data;
  const Hostile *hostile = test->hostile;
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(SandboxEnvironmentReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *victim = NULL;
  guint n_planted = 0;
  Dirs dirs;

  dirs_init (&dirs);
  archive = hostile_archive (hostile, &dirs);
  reader = reader_new (archive);

  if (hostile->plant_link)
    {
      g_autofree char *link = g_build_filename (dirs.out, "a", NULL);
      g_assert_cmpint (symlink (dirs.sibling, link), ==, 0);
    }
  if (hostile->plant_file)
    {
      g_autofree char *pre = g_build_filename (dirs.out, "pre", NULL);
      g_assert_true (g_file_set_contents (pre, "before", -1, NULL));
    }
  if (hostile->plant_victim)
    {
      victim = g_build_filename (dirs.root, "victim", NULL);
      g_assert_true (g_file_set_contents (victim, "secret", -1, NULL));
      n_planted++;
    }

  g_assert_false (run_extract (reader, dirs.out, test->mode, &error));
  g_assert_error (error, SANDBOX_ERROR, hostile->code);
  g_test_message ("%s: %s", hostile->name, error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));

  if (hostile->plant_link)
    {
      /* The test's own link, which does lead out. */
      g_autofree char *link = g_build_filename (dirs.out, "a", NULL);
      g_assert_cmpint (g_unlink (link), ==, 0);
    }
  assert_nothing_outside (&dirs, n_planted);
  if (victim != NULL)
    {
      struct stat st;

      g_assert_cmpint (stat (victim, &st), ==, 0);
      g_assert_cmpuint (st.st_nlink, ==, 1);
    }

  /* The reader stays failed. */
  g_clear_error (&error);
  g_assert_null (run_next (reader, test->mode, NULL, &error));
  g_assert_error (error, SANDBOX_ERROR, hostile->code);

  dirs_clear (&dirs);
}

/* A member refused while iterating names the path it came with. */
static void
test_iterate_unsafe (void)
{
  static const TestTarMember members[] = {
    { .name = "ok.txt", .content = "fine" },
    { .name = "a/../../x", .content = "evil" },
  };
  g_autoptr(GBytes) archive = test_tgz_new (members, G_N_ELEMENTS (members));
  g_autoptr(SandboxEnvironmentReader) reader = reader_new (archive);
  g_autoptr(SandboxEnvironmentMember) first = NULL;
  g_autoptr(GError) error = NULL;

  first = sandbox_environment_reader_next (reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sandbox_environment_member_get_path (first), ==, "ok.txt");
  g_assert_null (sandbox_environment_reader_next (reader, NULL, &error));
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_UNSAFE_ARCHIVE);
  g_assert_nonnull (strstr (error->message, "a/../../x"));
}

static void
test_too_many_members (gconstpointer data)
{
  TestMode mode = TEST_MODE (data);
  g_autoptr(GByteArray) tar = g_byte_array_new ();
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(SandboxEnvironmentReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  Dirs dirs;

  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *name = g_strdup_printf ("f%05u", i);
      TestTarMember member = { .name = name, .content = "" };

      test_tar_add (tar, &member);
    }
  test_tar_end (tar);
  archive = test_gzip (tar->data, tar->len);

  dirs_init (&dirs);
  reader = reader_new (archive);
  sandbox_environment_reader_set_max_members (reader, 1000);
  g_assert_cmpuint (sandbox_environment_reader_get_max_members (reader), ==, 1000);
  g_assert_false (run_extract (reader, dirs.out, mode, &error));
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_ARCHIVE_TOO_LARGE);
  /* What came before the cap stays. */
  g_assert_cmpuint (test_count_entries (dirs.out), ==, 1000);
  assert_nothing_outside (&dirs, 0);
  dirs_clear (&dirs);
}

static void
set_octal (guint8     *field,
           gsize       width,
           guint64     value)
{
  g_autofree char *text = g_strdup_printf ("%0*" G_GINT64_MODIFIER "o", (int) width - 1, value);

  memcpy (field, text, width - 1);
  field[width - 1] = '\0';
}

/* A gzip'd tar of one old GNU sparse member "sparse" of @real_size bytes,
 * whose one piece of data, 512 'B's, is at @piece_offset. */
static GBytes *
sparse_archive (guint64 piece_offset,
                guint64 real_size)
{
  g_autofree char *block = g_strnfill (512, 'B');
  TestTarMember member = { .name = "sparse", .type = 'S', .content = block };
  g_autoptr(GByteArray) tar = g_byte_array_new ();
  guint checksum = 0;
  guint8 *header;

  test_tar_add (tar, &member);
  test_tar_end (tar);
  header = tar->data;
  memcpy (header + 257, "ustar  ", 8);         /* GNU's magic, for GNU's member types */
  set_octal (header + 386, 12, piece_offset);  /* the first piece's offset */
  set_octal (header + 398, 12, 512);           /* and its size */
  set_octal (header + 483, 12, real_size);     /* the size of the whole file */
  memset (header + 148, ' ', 8);
  for (guint i = 0; i < 512; i++)
    checksum += header[i];
  g_snprintf ((char *) header + 148, 8, "%06o", checksum);
  header[155] = ' ';
  return test_gzip (tar->data, tar->len);
}

/* Directories that a member's path implies count against max-members
 * when extracting, as the ones with members of their own do: one member
 * cannot make thousands of directories. Iterating makes none. */
/* Names the member API cannot carry (it speaks UTF-8), and paths longer
 * than a system takes, are refused with a message that is valid UTF-8. */
static void
test_bad_names (gconstpointer data)
{
  TestMode mode = TEST_MODE (data);
  g_autoptr(GString) long_name = g_string_new (NULL);
  const char *latin1 = "caf\xe9.txt";

  while (long_name->len < 5000)
    g_string_append (long_name, "abcdefghij/");
  g_string_append (long_name, "file");

  for (guint i = 0; i < 3; i++)
    {
      TestTarMember member = { .content = "x" };
      g_autoptr(GBytes) archive = NULL;
      g_autoptr(SandboxEnvironmentReader) reader = NULL;
      g_autoptr(SandboxEnvironmentMember) next = NULL;
      g_autoptr(GError) error = NULL;

      if (i == 1)
        {
          /* A GNU long name, then the member it names. */
          const TestTarMember members[] = {
            { .name = "././@LongLink", .type = 'L', .content = long_name->str },
            { .name = "short", .content = "x" },
          };

          archive = test_tgz_new (members, G_N_ELEMENTS (members));
        }
      else
        {
          if (i == 0)
            member.name = latin1;
          else
            {
              member.name = "link";
              member.type = '2';
              member.link_target = latin1;
            }
          archive = test_tgz_new (&member, 1);
        }
      reader = reader_new (archive);
      next = run_next (reader, mode, NULL, &error);
      g_assert_null (next);
      g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_ARCHIVE);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

static void
test_too_many_implied_directories (gconstpointer data)
{
  TestMode mode = TEST_MODE (data);
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(SandboxEnvironmentReader) reader = NULL;
  g_autoptr(SandboxEnvironmentMember) member = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  TestTarMember deep = { .content = "deep" };
  guint depth = 0;
  Dirs dirs;

  for (guint i = 0; i < 40; i++)
    g_string_append (name, "d/");
  g_string_append (name, "file");
  deep.name = name->str;
  archive = test_tgz_new (&deep, 1);

  reader = reader_new (archive);
  sandbox_environment_reader_set_max_members (reader, 10);
  member = run_next (reader, mode, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sandbox_environment_member_get_path (member), ==, name->str);
  g_clear_object (&reader);

  dirs_init (&dirs);
  reader = reader_new (archive);
  sandbox_environment_reader_set_max_members (reader, 10);
  g_assert_false (run_extract (reader, dirs.out, mode, &error));
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_ARCHIVE_TOO_LARGE);
  path = g_strdup (dirs.out);
  for (;;)
    {
      char *next = g_build_filename (path, "d", NULL);

      if (!g_file_test (next, G_FILE_TEST_IS_DIR))
        {
          g_free (next);
          break;
        }
      g_free (path);
      path = next;
      depth++;
    }
  /* The member itself counts as one. */
  g_assert_cmpuint (depth, <=, 9);
  assert_nothing_outside (&dirs, 0);
  dirs_clear (&dirs);
}

/* An old GNU sparse member whose header says it holds 10 bytes, and whose
 * sparse map puts 512 of them a megabyte further: more comes out than the
 * header said, and more than was counted against the cap. */
static void
test_size_lie_sparse (gconstpointer data)
{
  TestMode mode = TEST_MODE (data);
  g_autoptr(GBytes) archive = sparse_archive (1024 * 1024, 10);
  g_autoptr(SandboxEnvironmentReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  Dirs dirs;

  dirs_init (&dirs);
  reader = reader_new (archive);
  g_assert_false (run_extract (reader, dirs.out, mode, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_ARCHIVE_TOO_LARGE);
  assert_nothing_outside (&dirs, 0);
  dirs_clear (&dirs);
}

/* A sparse file that ends with a hole reads as all of its size, the hole
 * as zeros, as it is extracted. */
static void
test_sparse_trailing_hole (gconstpointer data)
{
  TestMode mode = TEST_MODE (data);
  g_autoptr(GBytes) archive = sparse_archive (1024, 4096);
  g_autoptr(SandboxEnvironmentReader) reader = reader_new (archive);
  g_autoptr(SandboxEnvironmentMember) member = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_malloc0 (4096);
  g_autofree char *extracted = NULL;
  g_autofree char *path = NULL;
  gsize length = 0;
  Dirs dirs;

  memset (expected + 1024, 'B', 512);

  member = run_next (reader, mode, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sandbox_environment_member_get_path (member), ==, "sparse");
  g_assert_cmpint (sandbox_environment_member_get_size (member), ==, 4096);
  contents = run_read_bytes (reader, mode, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (contents, NULL), g_bytes_get_size (contents),
                   expected, 4096);
  g_clear_object (&reader);

  dirs_init (&dirs);
  reader = reader_new (archive);
  g_assert_true (run_extract (reader, dirs.out, mode, &error));
  g_assert_no_error (error);
  path = g_build_filename (dirs.out, "sparse", NULL);
  g_file_get_contents (path, &extracted, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (extracted, length, expected, 4096);
  dirs_clear (&dirs);
}

/* A few hundred bytes of archive announcing a 64 MiB sparse file: reading
 * it into memory is refused before its holes are made, extracting it
 * writes them as holes. */
static void
test_sparse_read_bytes_bounded (gconstpointer data)
{
  TestMode mode = TEST_MODE (data);
  guint64 real_size = 64 * 1024 * 1024;
  g_autoptr(GBytes) archive = sparse_archive (real_size - 512, real_size);
  g_autoptr(SandboxEnvironmentReader) reader = reader_new (archive);
  g_autoptr(SandboxEnvironmentMember) member = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GStatBuf st;
  Dirs dirs;

  g_assert_cmpuint (g_bytes_get_size (archive), <, 1024);
  member = run_next (reader, mode, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sandbox_environment_member_get_size (member), ==, real_size);
  contents = run_read_bytes (reader, mode, &error);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_ARCHIVE_TOO_LARGE);
  g_assert_null (contents);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_clear_object (&reader);
  g_clear_error (&error);

  dirs_init (&dirs);
  reader = reader_new (archive);
  g_assert_true (run_extract (reader, dirs.out, mode, &error));
  g_assert_no_error (error);
  path = g_build_filename (dirs.out, "sparse", NULL);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, real_size);
  dirs_clear (&dirs);
}

/* Extracts the 1 GiB bomb of test_tgz_new_bomb() whose file is @name
 * (with its zeros after the tar's end when @after_end), with @max_size and
 * @max_members unless 0: it fails as too large, @name written (or not)
 * before. Returns how far the stream of the @out_size bytes was read. */
static goffset
assert_bomb_refused (TestMode    mode,
                     const char *name,
                     gboolean    after_end,
                     guint64     max_size,
                     guint       max_members,
                     gboolean    written,
                     gsize      *out_size)
{
  g_autoptr(GBytes) archive = test_tgz_new_bomb (name, 1024, after_end);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (archive);
  g_autoptr(SandboxEnvironmentReader) reader = sandbox_environment_reader_new (stream);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  Dirs dirs;

  dirs_init (&dirs);
  if (max_size > 0)
    g_object_set (reader, "max-size", max_size, NULL);
  if (max_members > 0)
    sandbox_environment_reader_set_max_members (reader, max_members);
  g_assert_false (run_extract (reader, dirs.out, mode, &error));
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_ARCHIVE_TOO_LARGE);
  path = g_build_filename (dirs.out, name, NULL);
  g_assert_cmpint (g_file_test (path, G_FILE_TEST_IS_REGULAR), ==, written);
  dirs_clear (&dirs);
  *out_size = g_bytes_get_size (archive);
  return g_seekable_tell (G_SEEKABLE (stream));
}

/* 1 GiB of zeros in about 1 MiB, refused from its header. */
static void
test_bomb (gconstpointer data)
{
  gsize size;

  assert_bomb_refused (TEST_MODE (data), "zeros", FALSE, (guint64) 512 * 1024 * 1024, 0,
                       FALSE, &size);
  g_assert_cmpuint (size, <, 2 * 1024 * 1024);
}

/* Zeros after the tar's end: no header claims them, the decompressed
 * stream is held to the cap all the same. */
static void
test_bomb_after_end (gconstpointer data)
{
  gsize size;

  assert_bomb_refused (TEST_MODE (data), "small", TRUE, 8 * 1024 * 1024, 16, TRUE, &size);
}

/* Zeros after the tar's end, at the default caps: reading stops a little
 * past the end, instead of inflating a gibibyte of them: about a kilobyte
 * a mebibyte, far less than the whole. */
static void
test_zeros_after_end_bounded (gconstpointer data)
{
  gsize size;
  goffset read = assert_bomb_refused (TEST_MODE (data), "small", TRUE, 0, 0, TRUE, &size);

  g_assert_cmpint (read, <, (goffset) size / 16);
}

static void
assert_invalid (GBytes     *archive,
                TestMode    mode,
                const char *message_part)
{
  g_autoptr(SandboxEnvironmentReader) reader = reader_new (archive);
  g_autoptr(GError) error = NULL;
  Dirs dirs;

  dirs_init (&dirs);
  g_assert_false (run_extract (reader, dirs.out, mode, &error));
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_ARCHIVE);
  g_test_message ("%s", error->message);
  if (message_part != NULL)
    g_assert_nonnull (strstr (error->message, message_part));
  assert_nothing_outside (&dirs, 0);
  dirs_clear (&dirs);
}

static void
test_invalid (gconstpointer data)
{
  TestMode mode = TEST_MODE (data);
  g_autoptr(GBytes) good = good_archive ();
  gsize size;
  const guint8 *bytes = g_bytes_get_data (good, &size);
  g_autoptr(GBytes) truncated = g_bytes_new (bytes, size / 2);
  g_autoptr(GBytes) truncated_end = g_bytes_new (bytes, size - 4);
  g_autoptr(GBytes) text = g_bytes_new_static ("hello, world\n", 13);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GByteArray) tar = g_byte_array_new ();
  g_autoptr(GBytes) plain_tar = NULL;
  g_autoptr(GBytes) not_tar = NULL;
  g_autofree guint8 *bad_crc = g_memdup2 (bytes, size);
  g_autoptr(GBytes) bad_crc_bytes = NULL;
  g_autoptr(GBytes) trailing = NULL;
  g_autofree guint8 *with_garbage = g_malloc (size + 3);

  assert_invalid (truncated, mode, "truncated");
  assert_invalid (truncated_end, mode, "truncated");
  assert_invalid (text, mode, "not a gzip'd tar");
  assert_invalid (empty, mode, "not a gzip'd tar");

  for (guint i = 0; i < G_N_ELEMENTS (good_members); i++)
    test_tar_add (tar, &good_members[i]);
  test_tar_end (tar);
  plain_tar = g_bytes_new (tar->data, tar->len);
  assert_invalid (plain_tar, mode, "not a gzip'd tar");

  not_tar = test_gzip ((const guint8 *) "just some text, not a tar\n", 26);
  assert_invalid (not_tar, mode, NULL);

  /* gzip's CRC, which libarchive alone does not check. */
  bad_crc[size - 8] ^= 0xff;
  bad_crc_bytes = g_bytes_new_take (g_steal_pointer (&bad_crc), size);
  assert_invalid (bad_crc_bytes, mode, "corrupt");

  memcpy (with_garbage, bytes, size);
  memcpy (with_garbage + size, "xyz", 3);
  trailing = g_bytes_new_take (g_steal_pointer (&with_garbage), size + 3);
  assert_invalid (trailing, mode, "after the compressed stream");
}

/* gzip(1) may write several members one after the other, and pad with
 * zeros. */
static void
test_multiple_gzip_members (void)
{
  g_autoptr(GByteArray) first = g_byte_array_new ();
  g_autoptr(GByteArray) second = g_byte_array_new ();
  g_autoptr(GByteArray) joined = g_byte_array_new ();
  g_autoptr(GBytes) first_gz = NULL;
  g_autoptr(GBytes) second_gz = NULL;
  g_autoptr(SandboxEnvironmentReader) reader = NULL;
  g_autoptr(SandboxEnvironmentMember) a = NULL;
  g_autoptr(SandboxEnvironmentMember) b = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GError) error = NULL;
  static const guint8 padding[16] = { 0 };
  TestTarMember member_a = { .name = "a", .content = "first" };
  TestTarMember member_b = { .name = "b", .content = "second" };
  gsize size;
  const guint8 *data;

  test_tar_add (first, &member_a);
  test_tar_add (second, &member_b);
  test_tar_end (second);
  first_gz = test_gzip (first->data, first->len);
  second_gz = test_gzip (second->data, second->len);
  data = g_bytes_get_data (first_gz, &size);
  g_byte_array_append (joined, data, (guint) size);
  data = g_bytes_get_data (second_gz, &size);
  g_byte_array_append (joined, data, (guint) size);
  g_byte_array_append (joined, padding, sizeof padding);

  {
    g_autoptr(GBytes) bytes = g_bytes_new (joined->data, joined->len);
    reader = reader_new (bytes);
  }
  a = sandbox_environment_reader_next (reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sandbox_environment_member_get_path (a), ==, "a");
  b = sandbox_environment_reader_next (reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sandbox_environment_member_get_path (b), ==, "b");
  content = sandbox_environment_reader_read_bytes (reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (content, NULL), g_bytes_get_size (content), "second", 6);
  g_assert_null (sandbox_environment_reader_next (reader, NULL, &error));
  g_assert_no_error (error);
}

static void
test_cancelled (gconstpointer data)
{
  TestMode mode = TEST_MODE (data);
  g_autoptr(GBytes) archive = good_archive ();
  g_autoptr(SandboxEnvironmentReader) reader = reader_new (archive);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SandboxEnvironmentMember) member = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_null (run_next (reader, mode, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* Cancelled before it began: the reader goes on. */
  g_clear_error (&error);
  member = run_next (reader, mode, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sandbox_environment_member_get_path (member), ==, "dir");
}

static void
test_pending (void)
{
  g_autoptr(GBytes) archive = good_archive ();
  g_autoptr(SandboxEnvironmentReader) reader = reader_new (archive);
  g_autoptr(GError) error = NULL;
  TestAsyncWait wait;
  Dirs dirs;

  dirs_init (&dirs);
  test_async_wait_init (&wait);
  {
    g_autoptr(GFile) out = g_file_new_for_path (dirs.out);
    sandbox_environment_reader_extract_async (reader, out, NULL, test_async_wait_cb, &wait);
  }
  g_assert_null (sandbox_environment_reader_next (reader, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);
  g_assert_true (sandbox_environment_reader_extract_finish (reader, test_async_wait_run (&wait),
                                                            &error));
  g_assert_no_error (error);
  test_async_wait_clear (&wait);
  dirs_clear (&dirs);
}

static void
test_properties (void)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new ();
  g_autoptr(SandboxEnvironmentReader) reader = sandbox_environment_reader_new (stream);
  guint64 max_size = 0;
  guint max_members = 0;

  g_assert_true (sandbox_environment_reader_get_stream (reader) == stream);
  g_object_get (reader, "max-size", &max_size, "max-members", &max_members, NULL);
  g_assert_cmpuint (max_size, ==, G_GUINT64_CONSTANT (4) << 30);
  g_assert_cmpuint (max_members, ==, 100000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  test_add_both_modes ("/environment-reader/iterate", test_iterate);
  g_test_add_func ("/environment-reader/iterate-skipping", test_iterate_skipping);
  g_test_add_func ("/environment-reader/iterate-unsafe", test_iterate_unsafe);
  test_add_both_modes ("/environment-reader/extract", test_extract);
  for (guint i = 0; i < G_N_ELEMENTS (hostile_cases); i++)
    for (TestMode mode = TEST_MODE_SYNC; mode <= TEST_MODE_ASYNC; mode++)
      {
        HostileTest *test = g_new (HostileTest, 1);
        g_autofree char *path = g_strdup_printf ("/%s/environment-reader/hostile/%s",
                                                 mode == TEST_MODE_SYNC ? "sync" : "async",
                                                 hostile_cases[i].name);

        test->hostile = &hostile_cases[i];
        test->mode = mode;
        g_test_add_data_func_full (path, test, test_hostile, g_free);
      }
  test_add_both_modes ("/environment-reader/too-many-members", test_too_many_members);
  test_add_both_modes ("/environment-reader/too-many-implied-directories",
                       test_too_many_implied_directories);
  test_add_both_modes ("/environment-reader/size-lie-sparse", test_size_lie_sparse);
  test_add_both_modes ("/environment-reader/sparse-trailing-hole", test_sparse_trailing_hole);
  test_add_both_modes ("/environment-reader/bad-names", test_bad_names);
  test_add_both_modes ("/environment-reader/bomb", test_bomb);
  test_add_both_modes ("/environment-reader/bomb-after-end", test_bomb_after_end);
  test_add_both_modes ("/environment-reader/sparse-read-bytes-bounded",
                       test_sparse_read_bytes_bounded);
  test_add_both_modes ("/environment-reader/zeros-after-end-bounded",
                       test_zeros_after_end_bounded);
  test_add_both_modes ("/environment-reader/invalid", test_invalid);
  g_test_add_func ("/environment-reader/multiple-gzip-members", test_multiple_gzip_members);
  test_add_both_modes ("/environment-reader/cancelled", test_cancelled);
  g_test_add_func ("/environment-reader/pending", test_pending);
  g_test_add_func ("/environment-reader/properties", test_properties);

  return g_test_run ();
}
