/* sandbox-tar.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "sandbox-tar-private.h"

/* POSIX ustar headers, with a pax extended header before a member whose
 * name or link target does not fit in 100 bytes or whose size does not fit
 * in 11 octal digits: what GNU tar, libarchive and Python's tarfile read. */

#define USTAR_NAME_MAX 100
#define USTAR_SIZE_MAX G_GINT64_CONSTANT (077777777777)

SandboxTarEntry *
sandbox_tar_entry_new (const char *path,
                       GFileType   type)
{
  SandboxTarEntry *entry = g_new0 (SandboxTarEntry, 1);

  entry->path = g_strdup (path);
  entry->type = type;
  return entry;
}

void
sandbox_tar_entry_free (SandboxTarEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->path);
  g_clear_pointer (&entry->bytes, g_bytes_unref);
  g_clear_object (&entry->file);
  sandbox_tree_file_free (entry->source);
  g_free (entry->link_target);
  g_free (entry);
}

/* The zeros after @size bytes of data, up to the next block. */
goffset
sandbox_tar_padding (goffset size)
{
  return (SANDBOX_TAR_BLOCK - size % SANDBOX_TAR_BLOCK) % SANDBOX_TAR_BLOCK;
}

/* A pax record, "<length> <key>=<value>\n", its length counting itself. */
static void
append_pax_record (GString    *records,
                   const char *key,
                   const char *value)
{
  gsize body = 1 + strlen (key) + 1 + strlen (value) + 1;
  gsize length = body + 1;

  for (;;)
    {
      gsize digits = (gsize) snprintf (NULL, 0, "%" G_GSIZE_FORMAT, length);

      if (body + digits == length)
        break;
      length = body + digits;
    }

  g_string_append_printf (records, "%" G_GSIZE_FORMAT " %s=%s\n", length, key, value);
}

static void
set_octal (guint8  *field,
           gsize    width,
           guint64  value)
{
  /* width - 1 digits and a NUL. */
  g_snprintf ((char *) field, width, "%0*" G_GINT64_MODIFIER "o", (int) (width - 1), value);
}

static void
append_block (GByteArray *out,
              const char *name,
              char        typeflag,
              guint       mode,
              goffset     size,
              gint64      mtime,
              const char *link_target)
{
  guint8 header[SANDBOX_TAR_BLOCK] = { 0 };
  guint checksum = 0;

  memcpy (header, name, MIN (strlen (name), USTAR_NAME_MAX));
  set_octal (header + 100, 8, mode & 07777);
  set_octal (header + 108, 8, 0);
  set_octal (header + 116, 8, 0);
  set_octal (header + 124, 12, (guint64) MIN (size, USTAR_SIZE_MAX));
  set_octal (header + 136, 12, (guint64) CLAMP (mtime, 0, USTAR_SIZE_MAX));
  memset (header + 148, ' ', 8);
  header[156] = (guint8) typeflag;
  if (link_target != NULL)
    memcpy (header + 157, link_target, MIN (strlen (link_target), USTAR_NAME_MAX));
  memcpy (header + 257, "ustar", 6);
  memcpy (header + 263, "00", 2);

  for (guint i = 0; i < SANDBOX_TAR_BLOCK; i++)
    checksum += header[i];
  g_snprintf ((char *) header + 148, 7, "%06o", checksum);
  header[155] = ' ';

  g_byte_array_append (out, header, SANDBOX_TAR_BLOCK);
}

/* Appends the header blocks of @entry to @out: a pax header when one is
 * needed, then the ustar header. */
void
sandbox_tar_append_header (GByteArray            *out,
                           const SandboxTarEntry *entry)
{
  static const guint8 zeros[SANDBOX_TAR_BLOCK] = { 0 };
  g_autofree char *name = g_strconcat (entry->path,
                                       entry->type == G_FILE_TYPE_DIRECTORY ? "/" : "", NULL);
  g_autoptr(GString) records = g_string_new (NULL);
  goffset size = entry->type == G_FILE_TYPE_REGULAR ? entry->size : 0;
  char typeflag;

  if (strlen (name) > USTAR_NAME_MAX)
    append_pax_record (records, "path", name);
  if (entry->link_target != NULL && strlen (entry->link_target) > USTAR_NAME_MAX)
    append_pax_record (records, "linkpath", entry->link_target);
  if (size > USTAR_SIZE_MAX)
    {
      g_autofree char *digits = g_strdup_printf ("%" G_GOFFSET_FORMAT, size);

      append_pax_record (records, "size", digits);
    }

  if (records->len > 0)
    {
      append_block (out, "././@PaxHeader", 'x', 0644, (goffset) records->len, 0, NULL);
      g_byte_array_append (out, (const guint8 *) records->str, (guint) records->len);
      g_byte_array_append (out, zeros, (guint) sandbox_tar_padding ((goffset) records->len));
    }

  if (entry->type == G_FILE_TYPE_DIRECTORY)
    typeflag = '5';
  else if (entry->type == G_FILE_TYPE_SYMBOLIC_LINK)
    typeflag = '2';
  else
    typeflag = '0';

  append_block (out, name, typeflag, entry->mode, size, entry->mtime, entry->link_target);
}

/* The bytes @entry takes in the archive: headers, data and padding. */
goffset
sandbox_tar_entry_archive_size (const SandboxTarEntry *entry)
{
  g_autoptr(GByteArray) header = g_byte_array_new ();
  goffset size = entry->type == G_FILE_TYPE_REGULAR ? entry->size : 0;

  sandbox_tar_append_header (header, entry);
  return (goffset) header->len + size + sandbox_tar_padding (size);
}
