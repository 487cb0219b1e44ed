/* test-archive.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "test-archive.h"
#include "test-server.h"

#define BLOCK 512

static void
append_raw_header (GByteArray *tar,
                   const char *name,
                   char        type,
                   guint       mode,
                   guint64     size,
                   const char *link_target)
{
  guint8 header[BLOCK] = { 0 };
  guint checksum = 0;

  g_assert_cmpuint (strlen (name), <, 100);
  memcpy (header, name, strlen (name));
  g_snprintf ((char *) header + 100, 8, "%07o", mode);
  g_snprintf ((char *) header + 108, 8, "%07o", 1000);
  g_snprintf ((char *) header + 116, 8, "%07o", 1000);
  g_snprintf ((char *) header + 124, 12, "%011" G_GINT64_MODIFIER "o", size);
  g_snprintf ((char *) header + 136, 12, "%011o", 1700000000);
  memset (header + 148, ' ', 8);
  header[156] = type;
  if (link_target != NULL)
    {
      g_assert_cmpuint (strlen (link_target), <, 100);
      memcpy (header + 157, link_target, strlen (link_target));
    }
  memcpy (header + 257, "ustar", 6);
  memcpy (header + 263, "00", 2);

  for (guint i = 0; i < BLOCK; i++)
    checksum += header[i];
  g_snprintf ((char *) header + 148, 8, "%06o", checksum);
  header[155] = ' ';

  g_byte_array_append (tar, header, BLOCK);
}

static void
append_header (GByteArray *tar,
               const char *name,
               gsize       size)
{
  append_raw_header (tar, name, '0', 0644, size, NULL);
}

static void
append_padded (GByteArray   *tar,
               const guint8 *data,
               gsize         size)
{
  static const guint8 zeros[BLOCK] = { 0 };

  g_byte_array_append (tar, data, (guint) size);
  if (size % BLOCK != 0)
    g_byte_array_append (tar, zeros, (guint) (BLOCK - size % BLOCK));
}

void
test_tar_add (GByteArray          *tar,
              const TestTarMember *member)
{
  gsize length = member->content != NULL ? strlen (member->content) : 0;
  guint64 header_size = member->header_size > 0 ? (guint64) member->header_size : length;

  if (member->pax_size > 0)
    {
      g_autofree char *record = NULL;
      g_autofree char *pax_name = g_strdup_printf ("PaxHeader/%s", member->name);
      gsize record_length;

      /* "%d size=%d\n", where the first number counts itself. */
      for (record_length = 16; ; record_length++)
        {
          g_free (record);
          record = g_strdup_printf ("%" G_GSIZE_FORMAT " size=%" G_GINT64_FORMAT "\n",
                                    record_length, member->pax_size);
          if (strlen (record) == record_length)
            break;
        }
      append_raw_header (tar, pax_name, 'x', 0644, record_length, NULL);
      append_padded (tar, (const guint8 *) record, record_length);
    }

  append_raw_header (tar, member->name, member->type != 0 ? member->type : '0',
                     member->mode != 0 ? member->mode : 0644, header_size,
                     member->link_target);
  if (length > 0)
    append_padded (tar, (const guint8 *) member->content, length);
}

void
test_tar_end (GByteArray *tar)
{
  static const guint8 zeros[BLOCK] = { 0 };

  g_byte_array_append (tar, zeros, BLOCK);
  g_byte_array_append (tar, zeros, BLOCK);
}

/* @input, through @converter, whole. */
static GBytes *
convert (GInputStream *input,
         GConverter   *converter)
{
  g_autoptr(GInputStream) converted = g_converter_input_stream_new (input, converter);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_output_stream_splice (out, converted, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

GBytes *
test_gzip (const guint8 *data,
           gsize         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GInputStream) plain = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GZlibCompressor) gzip = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);

  return convert (plain, G_CONVERTER (gzip));
}

GBytes *
test_gunzip (GBytes *compressed)
{
  g_autoptr(GInputStream) input = g_memory_input_stream_new_from_bytes (compressed);
  g_autoptr(GZlibDecompressor) gunzip = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);

  return convert (input, G_CONVERTER (gunzip));
}

GBytes *
test_tgz_new (const TestTarMember *members,
              gsize                n_members)
{
  g_autoptr(GByteArray) tar = g_byte_array_new ();

  for (gsize i = 0; i < n_members; i++)
    test_tar_add (tar, &members[i]);
  test_tar_end (tar);
  return test_gzip (tar->data, tar->len);
}

GBytes *
test_tgz_new_bomb (const char *name,
                   guint       n_mebibytes,
                   gboolean    after_end)
{
  g_autoptr(GByteArray) head = g_byte_array_new ();
  g_autoptr(GByteArray) tail = g_byte_array_new ();
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autofree guint8 *zeros = g_malloc0 (1024 * 1024);
  g_autoptr(GBytes) head_gz = NULL;
  g_autoptr(GBytes) zeros_gz = NULL;
  g_autoptr(GBytes) tail_gz = NULL;
  gsize size;
  const guint8 *data;

  /* gzip members may follow each other: one mebibyte of zeros compressed
   * once and repeated expands to as much as wanted. */
  if (after_end)
    {
      TestTarMember member = { .name = name, .content = "small\n" };

      test_tar_add (head, &member);
      test_tar_end (head);
    }
  else
    {
      append_raw_header (head, name, '0', 0644, (guint64) n_mebibytes * 1024 * 1024, NULL);
      test_tar_end (tail);
    }

  head_gz = test_gzip (head->data, head->len);
  zeros_gz = test_gzip (zeros, 1024 * 1024);
  data = g_bytes_get_data (head_gz, &size);
  g_byte_array_append (out, data, (guint) size);
  data = g_bytes_get_data (zeros_gz, &size);
  for (guint i = 0; i < n_mebibytes; i++)
    g_byte_array_append (out, data, (guint) size);
  if (tail->len > 0)
    {
      tail_gz = test_gzip (tail->data, tail->len);
      data = g_bytes_get_data (tail_gz, &size);
      g_byte_array_append (out, data, (guint) size);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

GBytes *
test_archive_new_tgz (const char * const *entries)
{
  g_autoptr(GByteArray) tar = g_byte_array_new ();

  for (guint i = 0; entries[i] != NULL; i += 2)
    {
      gsize size = strlen (entries[i + 1]);

      append_header (tar, entries[i], size);
      append_padded (tar, (const guint8 *) entries[i + 1], size);
    }
  test_tar_end (tar);

  return test_gzip (tar->data, tar->len);
}

GBytes *
test_environment_archive (void)
{
  static const char * const entries[] = {
    "dir/file1.txt", TEST_FILE_CONTENT,
    "hello.txt", "hello\n",
    NULL,
  };

  return test_archive_new_tgz (entries);
}
