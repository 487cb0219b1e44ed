/* sandbox-upload-source.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-upload-source-private.h"

/* The server reads a chunked body as empty, so an archive must be opened
 * with its exact length: a file and a seekable stream tell theirs, a
 * builder computes its own, and any other stream is first copied to an
 * unlinked temporary file. */

typedef enum
{
  SOURCE_STREAM,
  SOURCE_FILE,
  SOURCE_ENVIRONMENT,
} SourceKind;

struct _SandboxUploadSource
{
  gatomicrefcount            ref_count;
  SourceKind                 kind;
  char                      *filename;

  GInputStream              *stream;       /* SOURCE_STREAM */
  GFile                     *file;         /* SOURCE_FILE */
  SandboxEnvironmentBuilder *environment;  /* SOURCE_ENVIRONMENT */

  /* SOURCE_STREAM, once opened: where the archive starts (-1 when the
   * stream cannot seek) and how long it is. */
  gboolean                   opened;
  goffset                    start;
  goffset                    size;
};

typedef struct
{
  GInputStream *stream;
  goffset       size;
} Opened;

static void
opened_free (Opened *opened)
{
  g_clear_object (&opened->stream);
  g_free (opened);
}

/* Takes @filename; holds @object, the stream, file or builder of @kind. */
static SandboxUploadSource *
source_new (SourceKind  kind,
            char       *filename,
            gpointer    object)
{
  SandboxUploadSource *self = g_new0 (SandboxUploadSource, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->filename = filename;
  self->start = -1;
  if (kind == SOURCE_STREAM)
    self->stream = g_object_ref (object);
  else if (kind == SOURCE_FILE)
    self->file = g_object_ref (object);
  else
    self->environment = g_object_ref (object);
  return self;
}

SandboxUploadSource *
sandbox_upload_source_new_stream (GInputStream *stream)
{
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  return source_new (SOURCE_STREAM, NULL, stream);
}

SandboxUploadSource *
sandbox_upload_source_new_file (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return source_new (SOURCE_FILE, g_file_get_basename (file), file);
}

SandboxUploadSource *
sandbox_upload_source_new_environment (SandboxEnvironmentBuilder *builder)
{
  g_return_val_if_fail (SANDBOX_IS_ENVIRONMENT_BUILDER (builder), NULL);

  return source_new (SOURCE_ENVIRONMENT, g_strdup ("environment.tgz"), builder);
}

SandboxUploadSource *
sandbox_upload_source_ref (SandboxUploadSource *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sandbox_upload_source_unref (SandboxUploadSource *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;

  /* libsoup closes what it sends: a replayable stream was lent through a
   * wrapper that does not close it, and is closed once done with. */
  if (self->stream != NULL && self->start >= 0)
    g_input_stream_close (self->stream, NULL, NULL);

  g_free (self->filename);
  g_clear_object (&self->stream);
  g_clear_object (&self->file);
  g_clear_object (&self->environment);
  g_free (self);
}

gboolean
sandbox_upload_source_is_replayable (SandboxUploadSource *self)
{
  if (self->kind != SOURCE_STREAM)
    return TRUE;

  if (self->opened)
    return self->start >= 0;

  return G_IS_SEEKABLE (self->stream) && g_seekable_can_seek (G_SEEKABLE (self->stream));
}

/* The file name the archive is sent under, or %NULL for the default. */
const char *
sandbox_upload_source_get_filename (SandboxUploadSource *self)
{
  return self->filename;
}

/* The bytes left in a seekable stream, or -1 when it cannot tell. */
static goffset
seekable_remaining (GInputStream *stream)
{
  GSeekable *seekable;
  goffset position;
  goffset end;

  if (!G_IS_SEEKABLE (stream) || !g_seekable_can_seek (G_SEEKABLE (stream)))
    return -1;

  seekable = G_SEEKABLE (stream);
  position = g_seekable_tell (seekable);
  if (!g_seekable_seek (seekable, 0, G_SEEK_END, NULL, NULL))
    return -1;

  end = g_seekable_tell (seekable);
  if (!g_seekable_seek (seekable, position, G_SEEK_SET, NULL, NULL))
    return -1;

  return MAX (0, end - position);
}

static goffset
stream_position (GInputStream *stream)
{
  if (G_IS_SEEKABLE (stream) && g_seekable_can_seek (G_SEEKABLE (stream)))
    return g_seekable_tell (G_SEEKABLE (stream));
  return -1;
}

/* The bytes left in a file stream from @info, or -1 when it cannot tell. */
static goffset
file_stream_remaining (GInputStream *stream,
                       GFileInfo    *info)
{
  if (info == NULL || !g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE))
    return -1;

  return MAX (0, g_file_info_get_size (info) - MAX (0, stream_position (stream)));
}

/* The caller's seekable stream, lent to one attempt: closing the lent
 * stream leaves it open, for the next attempt to seek back. */
static GInputStream *
lend_stream (SandboxUploadSource *self)
{
  if (self->start < 0)
    return g_object_ref (self->stream);

  return g_object_new (G_TYPE_BUFFERED_INPUT_STREAM,
                       "base-stream", self->stream,
                       "close-base-stream", FALSE,
                       NULL);
}

/* The caller's stream, of @size bytes from where it stands, lent to the
 * first attempt. */
static GInputStream *
lend_first (SandboxUploadSource *self,
            goffset              size)
{
  self->opened = TRUE;
  self->start = stream_position (self->stream);
  self->size = size;
  return lend_stream (self);
}

/* A stream opened before: sought back to where the archive starts. */
static GInputStream *
reopen_stream (SandboxUploadSource  *self,
               goffset              *out_size,
               GCancellable         *cancellable,
               GError              **error)
{
  if (self->start < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "The environment archive stream cannot be read a second time");
      return NULL;
    }

  if (!g_seekable_seek (G_SEEKABLE (self->stream), self->start, G_SEEK_SET, cancellable, error))
    return NULL;

  *out_size = self->size;
  return lend_stream (self);
}

static void
prefix_open_error (GFile   *file,
                   GError **error)
{
  g_autofree char *name = g_file_get_parse_name (file);

  g_prefix_error (error, "Could not open the environment archive %s: ", name);
}

/* @file opened for reading, with its size in @out_size. */
static GInputStream *
read_file (GFile         *file,
           goffset       *out_size,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, error);
  g_autoptr(GFileInfo) info = NULL;

  if (stream != NULL)
    info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                           cancellable, error);
  if (info == NULL)
    return NULL;

  *out_size = g_file_info_get_size (info);
  return G_INPUT_STREAM (g_steal_pointer (&stream));
}

/* The blocking copy of a stream that cannot tell its length to a
 * temporary file, which goes once it is open again. */
static GInputStream *
spool_stream (GInputStream  *archive,
              goffset       *out_size,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GFileIOStream) spool_stream = NULL;
  g_autoptr(GFile) spool_file = NULL;
  GInputStream *spooled = NULL;
  GOutputStream *output;

  spool_file = g_file_new_tmp ("sandbox-api-upload-XXXXXX.tgz", &spool_stream, error);
  if (spool_file == NULL)
    {
      g_prefix_error (error, "Could not make a temporary copy of the environment archive: ");
      return NULL;
    }

  output = g_io_stream_get_output_stream (G_IO_STREAM (spool_stream));
  if (g_output_stream_splice (output, archive, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                              cancellable, error) >= 0)
    spooled = read_file (spool_file, out_size, cancellable, error);
  g_file_delete (spool_file, NULL, NULL);

  return spooled;
}

static GInputStream *
open_stream (SandboxUploadSource  *self,
             goffset              *out_size,
             GCancellable         *cancellable,
             GError              **error)
{
  goffset size = -1;

  if (self->opened)
    return reopen_stream (self, out_size, cancellable, error);

  if (G_IS_FILE_INPUT_STREAM (self->stream))
    {
      g_autoptr(GFileInfo) info = NULL;

      info = g_file_input_stream_query_info (G_FILE_INPUT_STREAM (self->stream),
                                             G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                             cancellable, NULL);
      size = file_stream_remaining (self->stream, info);
    }
  else
    {
      size = seekable_remaining (self->stream);
    }

  if (size >= 0)
    {
      *out_size = size;
      return lend_first (self, size);
    }

  self->opened = TRUE;
  return spool_stream (self->stream, out_size, cancellable, error);
}

static GInputStream *
open_file (SandboxUploadSource  *self,
           goffset              *out_size,
           GCancellable         *cancellable,
           GError              **error)
{
  GInputStream *stream = read_file (self->file, out_size, cancellable, error);

  if (stream == NULL)
    prefix_open_error (self->file, error);
  return stream;
}

/* Opens the archive (again, for a replay), with its exact length in
 * @out_size. Blocking. */
GInputStream *
sandbox_upload_source_open (SandboxUploadSource  *self,
                            goffset              *out_size,
                            GCancellable         *cancellable,
                            GError              **error)
{
  g_return_val_if_fail (out_size != NULL, NULL);

  switch (self->kind)
    {
    case SOURCE_STREAM:
      return open_stream (self, out_size, cancellable, error);
    case SOURCE_FILE:
      return open_file (self, out_size, cancellable, error);
    case SOURCE_ENVIRONMENT:
    default:
      return sandbox_environment_builder_open (self->environment, out_size, cancellable, error);
    }
}

#define SOURCE_KEY "sandbox-upload-source"

/* The source is no GObject: its tasks hold it in their data instead. */
static SandboxUploadSource *
task_source (GTask *task)
{
  return g_object_get_data (G_OBJECT (task), SOURCE_KEY);
}

/* Returns @stream (not taken) of @size bytes, or @error when it is %NULL. */
static void
return_opened (GTask        *task,
               GInputStream *stream,
               goffset       size,
               GError       *error)
{
  Opened *opened;

  if (stream == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  opened = g_new0 (Opened, 1);
  opened->stream = g_object_ref (stream);
  opened->size = size;
  g_task_return_pointer (task, opened, (GDestroyNotify) opened_free);
}

static void
spool_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GFileInputStream) spooled = NULL;
  g_autoptr(GFileInfo) info = NULL;
  GError *error = NULL;

  spooled = g_file_read_finish (G_FILE (object), result, &error);
  /* Open or not, the file goes now: the open stream keeps its data. */
  g_file_delete (G_FILE (object), NULL, NULL);

  if (spooled != NULL)
    info = g_file_input_stream_query_info (spooled, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                           NULL, &error);
  return_opened (task, info != NULL ? G_INPUT_STREAM (spooled) : NULL,
                 info != NULL ? g_file_info_get_size (info) : 0, error);
}

static void
spool_splice_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GFile *spool_file = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (object), result, &error) < 0)
    {
      g_file_delete (spool_file, NULL, NULL);
      g_task_return_error (task, error);
      return;
    }

  g_file_read_async (spool_file, G_PRIORITY_DEFAULT, cancellable,
                     spool_read_cb, g_steal_pointer (&task));
}

/* Lends the caller's stream of @size bytes, or copies it to a temporary
 * file first when @size is unknown (< 0). */
static void
lend_or_spool (GTask   *owned_task,
               goffset  size)
{
  g_autoptr(GTask) task = owned_task;
  SandboxUploadSource *self = task_source (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GFileIOStream) spool_stream = NULL;
  g_autoptr(GInputStream) lent = NULL;
  GFile *spool_file;
  GOutputStream *output;
  GError *error = NULL;

  if (size >= 0)
    {
      lent = lend_first (self, size);
      return_opened (task, lent, size, NULL);
      return;
    }

  self->opened = TRUE;
  spool_file = g_file_new_tmp ("sandbox-api-upload-XXXXXX.tgz", &spool_stream, &error);
  if (spool_file == NULL)
    {
      g_prefix_error (&error, "Could not make a temporary copy of the environment archive: ");
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, spool_file, g_object_unref);
  /* Open until the task goes: the splice writes to it. */
  g_object_set_data_full (G_OBJECT (task), "sandbox-spool-stream",
                          g_object_ref (spool_stream), g_object_unref);

  output = g_io_stream_get_output_stream (G_IO_STREAM (spool_stream));
  g_output_stream_splice_async (output, self->stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, cancellable,
                                spool_splice_cb, g_steal_pointer (&task));
}

static void
stream_info_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GFileInfo) info = NULL;

  info = g_file_input_stream_query_info_finish (G_FILE_INPUT_STREAM (object), result, NULL);
  lend_or_spool (task, file_stream_remaining (task_source (task)->stream, info));
}

static void
open_stream_async (GTask *owned_task)
{
  g_autoptr(GTask) task = owned_task;
  SandboxUploadSource *self = task_source (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GInputStream) stream = NULL;
  GError *error = NULL;
  goffset size = 0;

  if (self->opened)
    {
      stream = reopen_stream (self, &size, cancellable, &error);
      return_opened (task, stream, size, error);
    }
  else if (G_IS_FILE_INPUT_STREAM (self->stream))
    g_file_input_stream_query_info_async (G_FILE_INPUT_STREAM (self->stream),
                                          G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                          G_PRIORITY_DEFAULT, cancellable,
                                          stream_info_cb, g_steal_pointer (&task));
  else
    lend_or_spool (g_steal_pointer (&task), seekable_remaining (self->stream));
}

/* A file is opened in a thread of GTask's pool, as GIO's own asynchronous
 * calls on local files do. */
static void
open_file_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  g_autoptr(GInputStream) stream = NULL;
  GError *error = NULL;
  goffset size = 0;

  stream = open_file (task_source (task), &size, cancellable, &error);
  return_opened (task, stream, size, error);
}

static void
environment_opened_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GInputStream) stream = NULL;
  GError *error = NULL;
  goffset size = 0;

  stream = sandbox_environment_builder_open_finish (SANDBOX_ENVIRONMENT_BUILDER (object),
                                                    result, &size, &error);
  return_opened (task, stream, size, error);
}

/* The asynchronous form of sandbox_upload_source_open(): nothing blocks
 * the caller's main context. */
void
sandbox_upload_source_open_async (SandboxUploadSource *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sandbox_upload_source_open_async);
  g_object_set_data_full (G_OBJECT (task), SOURCE_KEY, sandbox_upload_source_ref (self),
                          (GDestroyNotify) sandbox_upload_source_unref);

  switch (self->kind)
    {
    case SOURCE_STREAM:
      open_stream_async (g_steal_pointer (&task));
      break;
    case SOURCE_FILE:
      g_task_run_in_thread (task, open_file_thread);
      break;
    case SOURCE_ENVIRONMENT:
    default:
      sandbox_environment_builder_open_async (self->environment, cancellable,
                                              environment_opened_cb, g_steal_pointer (&task));
      break;
    }
}

GInputStream *
sandbox_upload_source_open_finish (SandboxUploadSource  *self,
                                   GAsyncResult         *result,
                                   goffset              *out_size,
                                   GError              **error)
{
  g_autofree Opened *opened = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (out_size != NULL, NULL);

  opened = g_task_propagate_pointer (G_TASK (result), error);
  if (opened == NULL)
    return NULL;

  *out_size = opened->size;
  return g_steal_pointer (&opened->stream);
}
