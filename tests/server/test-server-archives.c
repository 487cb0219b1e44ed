/* test-server-archives.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <archive_entry.h>
#include <glib/gstdio.h>

#include "server-test-utils.h"

/* Hostile uploads: members that leave the directory, links pointing out,
 * device nodes, setuid bits, corrupt or non-gzip data, zip bombs. Each is
 * answered as specified (400 with a message, or accepted with the bits
 * dropped) and nothing is written outside the working directory. */

#define UNSAFE_PREFIX "The environment contains an unsafe member '"
#define MARKER "escaped-marker"

static TestServer *server;

static void
assert_nothing_escaped (void)
{
  g_autofree char *found = test_find_file_named (server->directory, MARKER);
  g_autofree char *in_tmp = g_build_filename (g_get_tmp_dir (), MARKER, NULL);
  g_autoptr(TestResponse) alive = test_request (server, "GET", "specifications/");

  g_assert_null (found);
  g_assert_false (g_file_test (in_tmp, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (alive->status, ==, 200);
}

/* Uploads @upload with a command that would leave a trace if it ran. */
static TestResponse *
upload (GBytes *data)
{
  return test_execute (server, "{\"commands\": [\"touch ran\"], \"save\": true}", data);
}

static void
assert_refused (GBytes     *data,
                const char *expected_prefix,
                const char *expected_part)
{
  g_autoptr(TestResponse) response = upload (data);

  g_test_message ("answer: %s", response->text);
  test_assert_text_answer (response, SOUP_STATUS_BAD_REQUEST, NULL);
  g_assert_true (g_str_has_prefix (response->text, expected_prefix));
  if (expected_part != NULL)
    g_assert_nonnull (strstr (response->text, expected_part));
  assert_nothing_escaped ();
}

/* An archive of one member, @name: a hard link to @hardlink, or else a
 * special file of @type; refused as unsafe, the answer naming @part. */
static void
assert_one_member_refused (const char *name,
                           guint       type,
                           const char *hardlink,
                           const char *part)
{
  TestArchive *archive = test_archive_new ();
  g_autofree char *prefix = g_strconcat (UNSAFE_PREFIX, name, "'", NULL);
  g_autoptr(GBytes) data = NULL;

  if (hardlink != NULL)
    test_archive_add_hardlink (archive, name, hardlink);
  else
    test_archive_add_special (archive, name, type);
  data = test_archive_finish (archive, TRUE);
  assert_refused (data, prefix, part);
}

static void
test_dot_dot (void)
{
  const char *names[] = {
    "../" MARKER,
    "../../" MARKER,
    "dir/../../" MARKER,
    "./../" MARKER,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      TestArchive *archive = test_archive_new ();
      g_autoptr(GBytes) data = NULL;
      g_autofree char *expected = g_strconcat (UNSAFE_PREFIX, names[i], "'", NULL);

      test_archive_add_file (archive, "fine.txt", "fine", -1, 0644);
      test_archive_add_file (archive, names[i], "escaped!", -1, 0644);
      data = test_archive_finish (archive, TRUE);
      assert_refused (data, expected, "leaves the directory");
    }
}

static void
test_absolute (void)
{
  g_autofree char *target = g_build_filename (server->directory, MARKER, NULL);
  TestArchive *archive = test_archive_new ();
  g_autoptr(GBytes) data = NULL;

  test_archive_add_file (archive, target, "escaped!", -1, 0644);
  data = test_archive_finish (archive, TRUE);
  assert_refused (data, UNSAFE_PREFIX, "is absolute");
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
}

static void
test_symlink_escape (void)
{
  g_autofree char *abs_dir = g_strdup (server->directory);
  const char *relative_targets[] = { "../../..", "sub/../../x" };
  TestArchive *archive;
  g_autoptr(GBytes) data = NULL;

  /* A link out, then a member written through it. */
  for (gsize i = 0; i < G_N_ELEMENTS (relative_targets); i++)
    {
      g_autoptr(GBytes) bytes = NULL;

      archive = test_archive_new ();
      test_archive_add_symlink (archive, "link", relative_targets[i]);
      test_archive_add_file (archive, "link/" MARKER, "escaped!", -1, 0644);
      bytes = test_archive_finish (archive, TRUE);
      assert_refused (bytes, UNSAFE_PREFIX "link'", "symbolic link");
    }

  archive = test_archive_new ();
  test_archive_add_symlink (archive, "abs", abs_dir);
  test_archive_add_file (archive, "abs/" MARKER, "escaped!", -1, 0644);
  data = test_archive_finish (archive, TRUE);
  assert_refused (data, UNSAFE_PREFIX "abs'", "symbolic link");
}

static void
test_symlink_traversal (void)
{
  TestArchive *archive = test_archive_new ();
  g_autoptr(GBytes) data = NULL;

  /* The link itself points inside, but nothing may be written through a
   * link (it could be replaced by one pointing out). */
  test_archive_add_dir (archive, "real", 0755);
  test_archive_add_symlink (archive, "alias", "real");
  test_archive_add_file (archive, "alias/" MARKER, "through", -1, 0644);
  data = test_archive_finish (archive, TRUE);
  assert_refused (data, UNSAFE_PREFIX "alias/" MARKER "'", "through a symbolic link");
}

static void
test_links_inside (void)
{
  TestArchive *archive = test_archive_new ();
  g_autoptr(GBytes) data = NULL;
  g_autoptr(TestResponse) response = NULL;

  test_archive_add_dir (archive, "dir", 0755);
  test_archive_add_file (archive, "dir/target.txt", "target\n", -1, 0644);
  test_archive_add_symlink (archive, "sym", "dir/target.txt");
  test_archive_add_symlink (archive, "dir/up", "../dir/target.txt");
  test_archive_add_hardlink (archive, "hard", "dir/target.txt");
  data = test_archive_finish (archive, TRUE);

  response = test_execute (server, "{\"commands\": [\"cat sym dir/up hard\","
                           " \"readlink sym; stat -c %h hard\"]}", data);
  g_assert_cmpint (json_object_get_int_member (test_response_object (response),
                                               "status"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (test_execution_entry (response, 0),
                                                  "stdout"),
                   ==, "target\ntarget\ntarget");
  g_assert_cmpstr (json_object_get_string_member (test_execution_entry (response, 1),
                                                  "stdout"),
                   ==, "dir/target.txt\n2");
}

static void
test_hardlink_escape (void)
{
  const char *targets[] = { "../../etc/passwd", "/etc/passwd", "missing.txt" };

  for (gsize i = 0; i < G_N_ELEMENTS (targets); i++)
    assert_one_member_refused ("hl", AE_IFREG, targets[i], "hard link");
}

static void
test_special_files (void)
{
  const guint types[] = { AE_IFCHR, AE_IFBLK, AE_IFIFO };

  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    assert_one_member_refused ("node", types[i], NULL, "device node");
}

static void
test_setuid_dropped (void)
{
  TestArchive *archive = test_archive_new ();
  g_autoptr(GBytes) data = NULL;
  g_autoptr(TestResponse) response = NULL;

  test_archive_add_file (archive, "suid", "#!/bin/sh\n", -1, 04755);
  test_archive_add_file (archive, "sgid", "x", -1, 02644);
  test_archive_add_dir (archive, "sticky", 01777);
  test_archive_add_dir (archive, "gdir", 02775);
  data = test_archive_finish (archive, TRUE);

  response = test_execute (server, "{\"commands\": [\"stat -c %a suid sgid sticky gdir\"]}",
                           data);
  g_assert_cmpstr (json_object_get_string_member (test_execution_entry (response, 0),
                                                  "stdout"),
                   ==, "755\n644\n777\n775");
}

static void
test_not_gzip (void)
{
  TestArchive *archive = test_archive_new ();
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GBytes) random_bytes = g_bytes_new_static ("this is not an archive at all",
                                                       29);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);

  test_archive_add_file (archive, "a.txt", "a", -1, 0644);
  plain = test_archive_finish (archive, FALSE);

  assert_refused (plain, "The environment is not a gzip'd tar archive", NULL);
  assert_refused (random_bytes, "The environment is not a gzip'd tar archive", NULL);
  assert_refused (empty, "The environment is not a gzip'd tar archive", NULL);
}

/* A gzip'd tar of one file holding @content whose header says it holds 10
 * bytes. */
static GBytes *
under_claiming_tgz (const char *content,
                    gsize       len)
{
  TestArchive *archive = test_archive_new ();
  g_autoptr(GBytes) tar = NULL;
  g_autoptr(GConverter) gzip = NULL;
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) compressing = NULL;
  guint8 *header;
  guint checksum = 0;

  test_archive_add_file (archive, "short.txt", content, len, 0644);
  tar = test_archive_finish (archive, FALSE);
  header = g_memdup2 (g_bytes_get_data (tar, NULL), g_bytes_get_size (tar));

  /* The size field, then the checksum over the header with its own field
   * read as spaces. */
  g_snprintf ((char *) header + 124, 12, "%011o", 10);
  memset (header + 148, ' ', 8);
  for (guint i = 0; i < 512; i++)
    checksum += header[i];
  g_snprintf ((char *) header + 148, 8, "%06o", checksum);

  gzip = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1));
  compressing = g_converter_output_stream_new (memory, gzip);
  g_assert_true (g_output_stream_write_all (compressing, header, g_bytes_get_size (tar),
                                            NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (compressing, NULL, NULL));
  g_free (header);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static void
test_corrupt (void)
{
  TestArchive *archive = test_archive_new ();
  g_autoptr(GBytes) good = NULL;
  g_autoptr(GBytes) truncated = NULL;
  g_autoptr(GBytes) garbage = NULL;
  g_autoptr(GBytes) under_claimed = NULL;
  g_autoptr(GByteArray) flipped = g_byte_array_new ();
  g_autoptr(GBytes) flipped_bytes = NULL;
  g_autoptr(GString) big = g_string_new (NULL);
  static const guint8 gzip_garbage[] = {
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03,
    'g', 'a', 'r', 'b', 'a', 'g', 'e', '!', '!', '!', '!', '!',
  };
  gsize size;

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (big, "line %u of some text\n", i * 7919 % 10007);
  test_archive_add_file (archive, "big.txt", big->str, big->len, 0644);
  good = test_archive_finish (archive, TRUE);
  size = g_bytes_get_size (good);

  /* A header that claims less than its member holds: the rest reads as a
   * damaged header, which libarchive reports as ARCHIVE_RETRY. */
  under_claimed = under_claiming_tgz (big->str, big->len);
  assert_refused (under_claimed, "The environment is not a valid gzip'd tar archive: ", NULL);

  truncated = g_bytes_new_from_bytes (good, 0, size / 2);
  assert_refused (truncated, "The environment is not a valid gzip'd tar archive: ", NULL);

  g_byte_array_append (flipped, g_bytes_get_data (good, NULL), size);
  for (gsize i = size / 3; i < size / 3 + 64; i++)
    flipped->data[i] ^= 0x5a;
  flipped_bytes = g_bytes_new (flipped->data, flipped->len);
  assert_refused (flipped_bytes, "The environment is not a valid gzip'd tar archive: ",
                  NULL);

  garbage = g_bytes_new_static (gzip_garbage, sizeof gzip_garbage);
  assert_refused (garbage, "The environment is not a valid gzip'd tar archive: ", NULL);
}

/* The server runs with --max-unpacked=1M --max-members=50. */
static void
test_zip_bomb (void)
{
  TestArchive *archive = test_archive_new ();
  g_autoptr(GBytes) bomb = NULL;
  g_autoptr(GBytes) many = NULL;
  g_autofree char *zeros = g_malloc0 (3 * 1024 * 1024);

  test_archive_add_file (archive, "zeros", zeros, 3 * 1024 * 1024, 0644);
  bomb = test_archive_finish (archive, TRUE);
  g_assert_cmpuint (g_bytes_get_size (bomb), <, 64 * 1024);
  assert_refused (bomb, "The environment is too large once unpacked (more than 1048576 "
                  "bytes)", NULL);

  archive = test_archive_new ();
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *name = g_strdup_printf ("f%u", i);

      test_archive_add_file (archive, name, "x", -1, 0644);
    }
  many = test_archive_finish (archive, TRUE);
  assert_refused (many, "The environment has too many members (more than 50)", NULL);
}

static void
test_request_too_large (void)
{
  TestServer *small = launched_server_start ("--max-request=64K", NULL);
  g_autofree char *filler = g_malloc (100 * 1024);
  g_autoptr(GBytes) data = NULL;
  g_autoptr(TestResponse) response = NULL;

  memset (filler, 'x', 100 * 1024);
  data = g_bytes_new_take (g_steal_pointer (&filler), 100 * 1024);
  response = test_execute (small, "{\"commands\": [\"true\"]}", data);
  test_assert_text_answer (response, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                           "Request body too large (more than 65536 bytes)");
  test_server_stop (small);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/archives/dot-dot", test_dot_dot);
  g_test_add_func ("/server/archives/absolute", test_absolute);
  g_test_add_func ("/server/archives/symlink-escape", test_symlink_escape);
  g_test_add_func ("/server/archives/symlink-traversal", test_symlink_traversal);
  g_test_add_func ("/server/archives/links-inside", test_links_inside);
  g_test_add_func ("/server/archives/hardlink-escape", test_hardlink_escape);
  g_test_add_func ("/server/archives/special-files", test_special_files);
  g_test_add_func ("/server/archives/setuid-dropped", test_setuid_dropped);
  g_test_add_func ("/server/archives/not-gzip", test_not_gzip);
  g_test_add_func ("/server/archives/corrupt", test_corrupt);
  g_test_add_func ("/server/archives/zip-bomb", test_zip_bomb);
  g_test_add_func ("/server/archives/request-too-large", test_request_too_large);

  return launched_server_run_tests (&server, "--max-unpacked=1M", "--max-members=50", NULL);
}
