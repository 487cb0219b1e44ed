/* sandbox-archive-read.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include "sandbox-archive-read-private.h"
#include "sandbox-error.h"
#include "sandbox-i18n-private.h"

#define BUFFER_SIZE (64 * 1024)

/* What a tar holds beside its members' data, per member (a header, a long
 * name or a pax header), and once (the end blocks and the padding of the
 * last record). Decompressed bytes past that are a bomb. */
#define OVERHEAD_PER_MEMBER (3 * 512)
#define OVERHEAD_SLACK (1024 * 1024)

/* What is read after the tar's end to check the gzip stream's end: the
 * padding of the last record, and some slack. More is refused, so that
 * zeros without end cost nothing. */
#define MAX_AFTER_END (1024 * 1024)

/* The zeros read_bytes() makes of a sparse member's holes. */
#define MAX_HOLES (16 * 1024 * 1024)

struct _SandboxArchiveRead
{
  GInputStream      *stream;
  GCancellable      *cancellable;     /* the current call's */
  SandboxProgress   *progress;
  struct archive    *archive;
  z_stream           zs;              /* inflates input, one buffer */
  guint8            *input;
  gboolean           input_eof;
  gboolean           member_finished; /* the current gzip member is */
  gboolean           started;
  guint8            *output;
  guint64            inflated;
  guint64            compressed;      /* bytes read from the stream */
  guint64            max_compressed;
  GError            *too_much_input;

  guint64            max_size;
  guint              max_members;
  guint64            total_size;
  guint              n_members;

  gboolean           opened;         /* libarchive reads as it opens */
  gboolean           has_current;
  gboolean           at_end;
  gint64             current_size;
  char              *current_path;

  GError            *callback_error;  /* from the last read callback */
  GError            *error;           /* sticky: the reader stops at the first */
};

static gboolean
set_invalid (GError     **error,
             const char  *reason)
{
  g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_ARCHIVE,
               /* Translators: %s says what is wrong (“the compressed data is corrupt”). */
               _("The environment is not a valid gzip'd tar archive: %s"), reason);
  return FALSE;
}

static gboolean
set_too_large (SandboxArchiveRead  *self,
               GError             **error)
{
  g_autofree char *max = g_strdup_printf ("%" G_GUINT64_FORMAT, self->max_size);

  sandbox_i18n_init ();
  g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_ARCHIVE_TOO_LARGE,
               g_dngettext (GETTEXT_PACKAGE,
                            "The environment is larger than %s byte once unpacked",
                            "The environment is larger than %s bytes once unpacked",
                            (gulong) MIN (self->max_size, G_MAXULONG)),
               max);
  return FALSE;
}

static guint64
inflated_limit (SandboxArchiveRead *self)
{
  guint64 overhead = (guint64) self->max_members * OVERHEAD_PER_MEMBER + OVERHEAD_SLACK;

  return self->max_size > G_MAXUINT64 - overhead ? G_MAXUINT64 : self->max_size + overhead;
}

/* Reads more compressed bytes after those not yet consumed. */
static gboolean
fill_input (SandboxArchiveRead  *self,
            GError             **error)
{
  guint8 *end;
  gssize n;

  if (self->zs.avail_in == 0)
    self->zs.next_in = self->input;
  end = self->zs.next_in + self->zs.avail_in;
  n = g_input_stream_read (self->stream, end, self->input + BUFFER_SIZE - end,
                           self->cancellable, error);
  if (n < 0)
    return FALSE;
  self->compressed += n;
  if (self->compressed > self->max_compressed)
    {
      g_propagate_error (error, g_error_copy (self->too_much_input));
      return FALSE;
    }
  if (n == 0)
    self->input_eof = TRUE;
  self->zs.avail_in += n;
  sandbox_progress_add (self->progress, n);
  return TRUE;
}

/* Between gzip members: another member (gzip(1) allows them one after the
 * other), zeros (the padding some tools add), or the end. */
static gboolean
next_gzip_member (SandboxArchiveRead  *self,
                  gboolean            *at_end,
                  GError             **error)
{
  *at_end = FALSE;
  for (;;)
    {
      if (self->zs.avail_in == 0)
        {
          if (self->input_eof)
            {
              *at_end = TRUE;
              return TRUE;
            }
          if (!fill_input (self, error))
            return FALSE;
          continue;
        }

      if (*self->zs.next_in == 0x1f)
        {
          inflateReset (&self->zs);
          self->member_finished = FALSE;
          return TRUE;
        }
      if (*self->zs.next_in != 0)
        return set_invalid (error, _("unexpected data after the compressed stream"));

      /* Padding counts as output, so that no end of zeros is read for ever. */
      self->zs.next_in++;
      self->zs.avail_in--;
      if (++self->inflated > inflated_limit (self))
        return set_too_large (self, error);
    }
}

/* Inflates the next bytes into self->output, *@n_written of them (0 at
 * the end). */
static gboolean
inflate_some (SandboxArchiveRead  *self,
              gsize               *n_written,
              GError             **error)
{
  if (!self->started)
    {
      while (self->zs.avail_in < 2 && !self->input_eof)
        if (!fill_input (self, error))
          return FALSE;
      if (self->zs.avail_in < 2 || self->zs.next_in[0] != 0x1f || self->zs.next_in[1] != 0x8b)
        {
          g_set_error_literal (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_ARCHIVE,
                               _("The environment is not a gzip'd tar archive"));
          return FALSE;
        }
      self->started = TRUE;
    }

  for (;;)
    {
      int z;

      *n_written = 0;
      if (self->member_finished)
        {
          gboolean at_end;

          if (!next_gzip_member (self, &at_end, error))
            return FALSE;
          if (at_end)
            return TRUE;
        }

      if (self->zs.avail_in == 0 && !self->input_eof && !fill_input (self, error))
        return FALSE;

      self->zs.next_out = self->output;
      self->zs.avail_out = BUFFER_SIZE;
      z = inflate (&self->zs, Z_NO_FLUSH);
      if (z == Z_STREAM_END)
        self->member_finished = TRUE;
      else if (z == Z_BUF_ERROR && self->input_eof)
        return set_invalid (error, _("the compressed data is truncated"));
      else if (z != Z_OK && z != Z_BUF_ERROR)
        return set_invalid (error, _("the compressed data is corrupt"));

      *n_written = BUFFER_SIZE - self->zs.avail_out;
      if (*n_written > 0)
        {
          self->inflated += *n_written;
          if (self->inflated > inflated_limit (self))
            return set_too_large (self, error);
          return TRUE;
        }
    }
}

static la_ssize_t
read_callback (struct archive  *archive,
               void            *data,
               const void     **buffer)
{
  SandboxArchiveRead *self = data;
  gsize n;

  g_clear_error (&self->callback_error);
  if (!inflate_some (self, &n, &self->callback_error))
    {
      archive_set_error (archive, EIO, "%s", self->callback_error->message);
      return -1;
    }
  *buffer = self->output;
  return n;
}

SandboxArchiveRead *
sandbox_archive_read_new (GInputStream *stream)
{
  SandboxArchiveRead *self = g_new0 (SandboxArchiveRead, 1);

  self->stream = g_object_ref (stream);
  /* gzip only (16 + window bits), checking each member's CRC and length. */
  if (inflateInit2 (&self->zs, 16 + MAX_WBITS) != Z_OK)
    g_error ("Not enough memory to inflate an environment");
  self->input = g_malloc (BUFFER_SIZE);
  self->output = g_malloc (BUFFER_SIZE);
  self->max_size = G_MAXUINT64;
  self->max_members = G_MAXUINT;
  self->max_compressed = G_MAXUINT64;

  self->archive = archive_read_new ();
  archive_read_support_format_tar (self->archive);
  return self;
}

void
sandbox_archive_read_free (SandboxArchiveRead *self)
{
  if (self == NULL)
    return;

  archive_read_free (self->archive);
  g_clear_object (&self->stream);
  inflateEnd (&self->zs);
  g_clear_pointer (&self->progress, sandbox_progress_unref);
  g_free (self->input);
  g_free (self->output);
  g_free (self->current_path);
  g_clear_error (&self->callback_error);
  g_clear_error (&self->error);
  g_clear_error (&self->too_much_input);
  g_free (self);
}

void
sandbox_archive_read_set_limits (SandboxArchiveRead *self,
                                 guint64             max_size,
                                 guint               max_members)
{
  self->max_size = max_size;
  self->max_members = max_members;
}

void
sandbox_archive_read_set_max_input (SandboxArchiveRead *self,
                                    guint64             max_input,
                                    const GError       *error)
{
  self->max_compressed = max_input;
  g_clear_error (&self->too_much_input);
  self->too_much_input = g_error_copy (error);
}

void
sandbox_archive_read_set_progress (SandboxArchiveRead *self,
                                   SandboxProgress    *progress)
{
  g_clear_pointer (&self->progress, sandbox_progress_unref);
  self->progress = sandbox_progress_ref (progress);
}

void
sandbox_archive_read_set_failed (SandboxArchiveRead *self,
                                 const GError       *error)
{
  if (self->error == NULL)
    self->error = g_error_copy (error);
  self->has_current = FALSE;
}

/* Remembers the first failure, so that later calls give it again. */
static gboolean
fail (SandboxArchiveRead  *self,
      GError              *error,
      GError             **out_error)
{
  sandbox_archive_read_set_failed (self, error);
  g_propagate_error (out_error, error);
  return FALSE;
}

static gboolean
fail_archive (SandboxArchiveRead  *self,
              GError             **error)
{
  GError *local_error = g_steal_pointer (&self->callback_error);

  if (local_error == NULL)
    set_invalid (&local_error, archive_error_string (self->archive) != NULL
                               ? archive_error_string (self->archive) : _("unexpected data"));
  return fail (self, local_error, error);
}

gboolean
sandbox_archive_read_count_member (SandboxArchiveRead  *self,
                                   GError             **error)
{
  if (++self->n_members <= self->max_members)
    return TRUE;
  sandbox_i18n_init ();
  return fail (self, g_error_new (SANDBOX_ERROR, SANDBOX_ERROR_ARCHIVE_TOO_LARGE,
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "The environment has more than %u member",
                                               "The environment has more than %u members",
                                               self->max_members),
                                  self->max_members), error);
}

static gboolean
check_state (SandboxArchiveRead  *self,
             GCancellable        *cancellable,
             GError             **error)
{
  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* What a member's path or link target must be: UTF-8, since the member
 * API speaks it, and no longer than a path the system takes. */
#define MAX_NAME_LENGTH 4095

static gboolean
check_name (const char  *name,
            GError     **error)
{
  if (!g_utf8_validate (name, -1, NULL))
    {
      g_autofree char *shown = g_utf8_make_valid (name, -1);

      g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_ARCHIVE,
                   _("The environment's member '%s' has a name that is not UTF-8"), shown);
      return FALSE;
    }
  if (strlen (name) > MAX_NAME_LENGTH)
    {
      sandbox_i18n_init ();
      g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_ARCHIVE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The environment has a member whose name is longer than "
                                "%d byte",
                                "The environment has a member whose name is longer than "
                                "%d bytes",
                                MAX_NAME_LENGTH),
                   MAX_NAME_LENGTH);
      return FALSE;
    }
  return TRUE;
}

char **
sandbox_archive_split_path (const char  *path,
                            GError     **error)
{
  g_autoptr(GPtrArray) segments = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = NULL;

  if (path == NULL || *path == '\0')
    {
      set_invalid (error, _("a member has no name"));
      return NULL;
    }
  if (!check_name (path, error))
    return NULL;

  if (path[0] == '/' && path[strspn (path, "/")] != '\0')
    {
      g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_UNSAFE_ARCHIVE,
                   _("The environment's member '%s' has an absolute path"), path);
      return NULL;
    }

  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0' || strcmp (parts[i], ".") == 0)
        continue;
      if (strcmp (parts[i], "..") == 0)
        {
          g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_UNSAFE_ARCHIVE,
                       _("The environment's member '%s' has a '..' in its path"), path);
          return NULL;
        }
      g_ptr_array_add (segments, g_strdup (parts[i]));
    }
  g_ptr_array_add (segments, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&segments), FALSE);
}

static GFileType
file_type_of (struct archive_entry *entry)
{
  if (archive_entry_hardlink (entry) != NULL)
    return G_FILE_TYPE_REGULAR;

  switch (archive_entry_filetype (entry))
    {
    case AE_IFREG:
      return G_FILE_TYPE_REGULAR;
    case AE_IFDIR:
      return G_FILE_TYPE_DIRECTORY;
    case AE_IFLNK:
      return G_FILE_TYPE_SYMBOLIC_LINK;
    default:
      return G_FILE_TYPE_SPECIAL;
    }
}

/* The member for @entry; NULL with no error for the root directory. */
static SandboxEnvironmentMember *
new_member (SandboxArchiveRead    *self,
            struct archive_entry  *entry,
            GError               **error)
{
  const char *raw_path = archive_entry_pathname (entry);
  const char *hard_link = archive_entry_hardlink (entry);
  GFileType file_type = file_type_of (entry);
  g_auto(GStrv) segments = sandbox_archive_split_path (raw_path, error);
  g_auto(GStrv) link_segments = NULL;
  g_autofree char *path = NULL;
  g_autofree char *link_target = NULL;
  g_autoptr(GDateTime) mtime = NULL;
  gint64 size;

  if (segments == NULL)
    return NULL;

  if (segments[0] == NULL)
    {
      if (file_type == G_FILE_TYPE_DIRECTORY && hard_link == NULL)
        return NULL;
      g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_UNSAFE_ARCHIVE,
                   _("The environment's member '%s' names the directory itself "
                     "but is not a directory"), raw_path);
      return NULL;
    }
  path = g_strjoinv ("/", segments);

  if (hard_link != NULL)
    {
      link_segments = sandbox_archive_split_path (hard_link, NULL);
      if (link_segments == NULL || link_segments[0] == NULL)
        {
          g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_UNSAFE_ARCHIVE,
                       _("The environment's member '%s' is a hard link pointing outside "
                         "the directory"), path);
          return NULL;
        }
      link_target = g_strjoinv ("/", link_segments);
    }
  else if (file_type == G_FILE_TYPE_SYMBOLIC_LINK)
    {
      link_target = g_strdup (archive_entry_symlink (entry));
      if (link_target == NULL)
        link_target = g_strdup ("");
      if (!check_name (link_target, error))
        return NULL;
    }

  size = archive_entry_size_is_set (entry) ? archive_entry_size (entry) : 0;
  if (size < 0)
    {
      set_invalid (error, _("a member has a negative size"));
      return NULL;
    }
  if (file_type != G_FILE_TYPE_REGULAR)
    size = 0;

  if ((guint64) size > self->max_size - MIN (self->total_size, self->max_size))
    {
      set_too_large (self, error);
      return NULL;
    }
  self->total_size += size;

  if (archive_entry_mtime_is_set (entry))
    {
      g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (archive_entry_mtime (entry));

      if (seconds != NULL)
        mtime = g_date_time_add (seconds, archive_entry_mtime_nsec (entry) / 1000);
    }

  return sandbox_environment_member_new (path, file_type, size,
                                         archive_entry_perm (entry) & 07777,
                                         link_target, mtime);
}

/* Reads what follows the tar's end, so that a damaged or truncated gzip
 * stream is not taken for a whole one; up to MAX_AFTER_END bytes of it. */
static gboolean
check_rest (SandboxArchiveRead  *self,
            GError             **error)
{
  guint64 after = 0;
  gsize n;

  do
    {
      if (!inflate_some (self, &n, error))
        return FALSE;
      after += n;
      if (after > MAX_AFTER_END)
        {
          g_set_error_literal (error, SANDBOX_ERROR, SANDBOX_ERROR_ARCHIVE_TOO_LARGE,
                               _("The environment has more than 1 MiB of data after "
                                 "the end of its archive"));
          return FALSE;
        }
    }
  while (n > 0);
  return TRUE;
}

SandboxEnvironmentMember *
sandbox_archive_read_next (SandboxArchiveRead  *self,
                           GCancellable        *cancellable,
                           GError             **error)
{
  SandboxEnvironmentMember *member = NULL;
  GError *local_error = NULL;

  if (!check_state (self, cancellable, error))
    return NULL;
  if (self->at_end)
    return NULL;

  self->cancellable = cancellable;
  self->has_current = FALSE;
  if (!self->opened)
    {
      self->opened = TRUE;
      if (archive_read_open (self->archive, self, NULL, read_callback, NULL) != ARCHIVE_OK)
        {
          fail_archive (self, error);
          self->cancellable = NULL;
          return NULL;
        }
    }
  while (member == NULL)
    {
      struct archive_entry *entry;
      int r = archive_read_next_header (self->archive, &entry);

      if (r == ARCHIVE_EOF)
        {
          if (!check_rest (self, &local_error))
            fail (self, local_error, error);
          else
            self->at_end = TRUE;
          break;
        }
      if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
        {
          fail_archive (self, error);
          break;
        }

      if (!sandbox_archive_read_count_member (self, error))
        break;

      member = new_member (self, entry, &local_error);
      if (local_error != NULL)
        {
          fail (self, local_error, error);
          break;
        }
    }
  self->cancellable = NULL;

  if (member != NULL)
    {
      self->has_current = TRUE;
      self->current_size = sandbox_environment_member_get_size (member);
      g_free (self->current_path);
      self->current_path = g_strdup (sandbox_environment_member_get_path (member));
    }
  return member;
}

gboolean
sandbox_archive_read_data (SandboxArchiveRead  *self,
                           const void         **buffer,
                           gsize               *size,
                           gint64              *offset,
                           GCancellable        *cancellable,
                           GError             **error)
{
  la_int64_t block_offset = 0;
  size_t block_size = 0;
  int r;

  *buffer = NULL;
  *size = 0;
  *offset = 0;
  if (!check_state (self, cancellable, error))
    return FALSE;
  if (!self->has_current)
    return TRUE;

  self->cancellable = cancellable;
  r = archive_read_data_block (self->archive, buffer, &block_size, &block_offset);
  self->cancellable = NULL;

  if (r == ARCHIVE_EOF)
    {
      /* libarchive gives the end of the file, after any trailing hole. */
      self->has_current = FALSE;
      *buffer = NULL;
      *offset = CLAMP (block_offset, 0, self->current_size);
      return TRUE;
    }
  if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
    return fail_archive (self, error);

  /* The header's size was counted against the cap: no more may come. */
  if (block_offset < 0 || (guint64) block_offset + block_size > (guint64) self->current_size)
    return fail (self, g_error_new (SANDBOX_ERROR, SANDBOX_ERROR_ARCHIVE_TOO_LARGE,
                                    _("The environment's member '%s' holds more data than "
                                      "its header says"), self->current_path), error);

  *size = block_size;
  *offset = block_offset;
  return TRUE;
}

GBytes *
sandbox_archive_read_bytes (SandboxArchiveRead  *self,
                            GCancellable        *cancellable,
                            GError             **error)
{
  g_autoptr(GByteArray) contents = NULL;
  guint64 holes = 0;

  if (!check_state (self, cancellable, error))
    return NULL;
  if (self->has_current && (guint64) self->current_size > G_MAXUINT)
    {
      g_set_error (error, SANDBOX_ERROR, SANDBOX_ERROR_ARCHIVE_TOO_LARGE,
                   _("The environment's member '%s' is too large to be read into memory"),
                   self->current_path);
      return NULL;
    }

  contents = g_byte_array_sized_new (self->has_current ? (guint) MIN (self->current_size,
                                                                      BUFFER_SIZE) : 0);
  for (;;)
    {
      const void *buffer;
      gsize size;
      gint64 offset;

      if (!sandbox_archive_read_data (self, &buffer, &size, &offset, cancellable, error))
        return NULL;
      /* Holes of a sparse file read as zeros, at its end too. */
      if ((guint64) offset > contents->len)
        {
          guint end = contents->len;

          /* A few bytes of header may announce gigabytes of holes. */
          holes += (guint64) offset - end;
          if (holes > MAX_HOLES)
            {
              fail (self, g_error_new (SANDBOX_ERROR, SANDBOX_ERROR_ARCHIVE_TOO_LARGE,
                                       _("The environment's member '%s' is a sparse file "
                                         "with more than %d MiB of holes: extract it "
                                         "instead of reading it into memory"),
                                       self->current_path, MAX_HOLES / (1024 * 1024)),
                    error);
              return NULL;
            }
          g_byte_array_set_size (contents, (guint) offset);
          memset (contents->data + end, 0, contents->len - end);
        }
      if (size == 0)
        break;
      g_byte_array_append (contents, buffer, (guint) size);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&contents));
}
