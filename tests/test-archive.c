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
append_header (GByteArray *tar,
               const char *name,
               gsize       size)
{
  guint8 header[BLOCK] = { 0 };
  guint checksum = 0;

  g_assert_cmpuint (strlen (name), <, 100);
  memcpy (header, name, strlen (name));
  g_snprintf ((char *) header + 100, 8, "%07o", 0644);
  g_snprintf ((char *) header + 108, 8, "%07o", 1000);
  g_snprintf ((char *) header + 116, 8, "%07o", 1000);
  g_snprintf ((char *) header + 124, 12, "%011o", (guint) size);
  g_snprintf ((char *) header + 136, 12, "%011o", 1700000000);
  memset (header + 148, ' ', 8);
  header[156] = '0';
  memcpy (header + 257, "ustar", 6);
  memcpy (header + 263, "00", 2);

  for (guint i = 0; i < BLOCK; i++)
    checksum += header[i];
  g_snprintf ((char *) header + 148, 8, "%06o", checksum);
  header[155] = ' ';

  g_byte_array_append (tar, header, BLOCK);
}

GBytes *
test_archive_new_tgz (const char * const *entries)
{
  g_autoptr(GByteArray) tar = g_byte_array_new ();
  g_autoptr(GConverter) compressor = NULL;
  g_autoptr(GInputStream) plain = NULL;
  g_autoptr(GInputStream) compressed = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  static const guint8 zeros[BLOCK] = { 0 };

  for (guint i = 0; entries[i] != NULL; i += 2)
    {
      gsize size = strlen (entries[i + 1]);

      append_header (tar, entries[i], size);
      g_byte_array_append (tar, (const guint8 *) entries[i + 1], (guint) size);
      if (size % BLOCK != 0)
        g_byte_array_append (tar, zeros, (guint) (BLOCK - size % BLOCK));
    }
  g_byte_array_append (tar, zeros, BLOCK);
  g_byte_array_append (tar, zeros, BLOCK);

  compressor = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1));
  plain = g_memory_input_stream_new_from_data (g_memdup2 (tar->data, tar->len), tar->len, g_free);
  compressed = g_converter_input_stream_new (plain, compressor);
  out = g_memory_output_stream_new_resizable ();
  g_output_stream_splice (out, compressed, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
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
