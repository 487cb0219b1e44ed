/* sandbox-upload-source.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-upload-source-private.h"
#include "sandbox-i18n-private.h"

/* The server reads a chunked body as empty: a file and a seekable stream
 * tell their length, a builder computes its own, and any other stream is
 * first copied to an unlinked temporary file. */

typedef enum
{
  SOURCE_STREAM,
  SOURCE_FILE,
  SOURCE_ENVIRONMENT,
} SourceKind;

struct _SandboxUploadSource
{
  SourceKind                 kind;
  char                      *filename;

  GInputStream              *stream;       /* SOURCE_STREAM */
  GFile                     *file;         /* SOURCE_FILE */
  SandboxEnvironmentBuilder *environment;  /* SOURCE_ENVIRONMENT */

  gboolean                   opened;
  goffset                    start;        /* SOURCE_STREAM: -1 if it cannot seek */
  goffset                    size;         /* as last opened */
};

/* Takes @filename; holds @object, the stream, file or builder of @kind. */
static SandboxUploadSource *
source_new (SourceKind  kind,
            char       *filename,
            gpointer    object)
{
  SandboxUploadSource *self = g_atomic_rc_box_new0 (SandboxUploadSource);

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

static void
source_clear (SandboxUploadSource *self)
{
  /* A replayable stream was lent through a wrapper that libsoup closes. */
  if (self->stream != NULL && self->start >= 0)
    g_input_stream_close (self->stream, NULL, NULL);

  g_free (self->filename);
  g_clear_object (&self->stream);
  g_clear_object (&self->file);
  g_clear_object (&self->environment);
}

void
sandbox_upload_source_unref (SandboxUploadSource *self)
{
  if (self != NULL)
    g_atomic_rc_box_release_full (self, (GDestroyNotify) source_clear);
}

/* Where @stream stands, or -1 when it cannot seek. */
static goffset
stream_position (GInputStream *stream)
{
  if (G_IS_SEEKABLE (stream) && g_seekable_can_seek (G_SEEKABLE (stream)))
    return g_seekable_tell (G_SEEKABLE (stream));
  return -1;
}

gboolean
sandbox_upload_source_is_replayable (SandboxUploadSource *self)
{
  if (self->kind != SOURCE_STREAM)
    return TRUE;

  if (self->opened)
    return self->start >= 0;

  return stream_position (self->stream) >= 0;
}

/* The file name the archive is sent under, or %NULL for the default. */
const char *
sandbox_upload_source_get_filename (SandboxUploadSource *self)
{
  return self->filename;
}

/* The bytes left in @stream, or -1 when it cannot tell. */
static goffset
stream_remaining (GInputStream *stream,
                  GCancellable *cancellable)
{
  goffset position = stream_position (stream);
  goffset end;

  if (G_IS_FILE_INPUT_STREAM (stream))
    {
      g_autoptr(GFileInfo) info = NULL;

      info = g_file_input_stream_query_info (G_FILE_INPUT_STREAM (stream),
                                             G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                             cancellable, NULL);
      if (info == NULL || !g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE))
        return -1;
      return MAX (0, g_file_info_get_size (info) - MAX (0, position));
    }

  if (position < 0 || !g_seekable_seek (G_SEEKABLE (stream), 0, G_SEEK_END, NULL, NULL))
    return -1;

  end = g_seekable_tell (G_SEEKABLE (stream));
  if (!g_seekable_seek (G_SEEKABLE (stream), position, G_SEEK_SET, NULL, NULL))
    return -1;

  return MAX (0, end - position);
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

/* @archive copied to a temporary file, deleted once open again. */
static GInputStream *
spool_stream (GInputStream  *archive,
              goffset       *out_size,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GFileIOStream) spool = NULL;
  g_autoptr(GFile) spool_file = NULL;
  GInputStream *spooled = NULL;
  GOutputStream *output;

  spool_file = g_file_new_tmp ("sandbox-api-upload-XXXXXX.tgz", &spool, error);
  if (spool_file == NULL)
    {
      g_prefix_error (error, _("Could not make a temporary copy of the environment archive: "));
      return NULL;
    }

  output = g_io_stream_get_output_stream (G_IO_STREAM (spool));
  if (g_output_stream_splice (output, archive, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                              cancellable, error) >= 0)
    spooled = read_file (spool_file, out_size, cancellable, error);
  g_file_delete (spool_file, NULL, NULL);

  return spooled;
}

/* The caller's stream from where the archive starts: lent through a
 * wrapper that leaves it open when it can seek, copied once when it cannot
 * tell its length. */
static GInputStream *
open_stream (SandboxUploadSource  *self,
             goffset              *out_size,
             GCancellable         *cancellable,
             GError              **error)
{
  if (!self->opened)
    {
      self->opened = TRUE;
      self->size = stream_remaining (self->stream, cancellable);
      if (self->size < 0)
        return spool_stream (self->stream, out_size, cancellable, error);
      self->start = stream_position (self->stream);
    }
  else if (self->start < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("The environment archive stream cannot be read a second time"));
      return NULL;
    }
  else if (!g_seekable_seek (G_SEEKABLE (self->stream), self->start, G_SEEK_SET,
                             cancellable, error))
    {
      return NULL;
    }

  *out_size = self->size;
  if (self->start < 0)
    return g_object_ref (self->stream);

  return g_object_new (G_TYPE_BUFFERED_INPUT_STREAM,
                       "base-stream", self->stream,
                       "close-base-stream", FALSE,
                       NULL);
}

/* Opens the archive (again, for a replay) with its exact length. Blocking. */
GInputStream *
sandbox_upload_source_open (SandboxUploadSource  *self,
                            goffset              *out_size,
                            GCancellable         *cancellable,
                            GError              **error)
{
  GInputStream *stream;

  g_return_val_if_fail (out_size != NULL, NULL);

  switch (self->kind)
    {
    case SOURCE_STREAM:
      return open_stream (self, out_size, cancellable, error);
    case SOURCE_FILE:
      stream = read_file (self->file, out_size, cancellable, error);
      if (stream == NULL)
        {
          g_autofree char *name = g_file_get_parse_name (self->file);

          g_prefix_error (error, _("Could not open the environment archive %s: "), name);
        }
      return stream;
    case SOURCE_ENVIRONMENT:
    default:
      return sandbox_environment_builder_open (self->environment, out_size, cancellable, error);
    }
}

/* Returns @stream (taken), or @error when it is %NULL. */
static void
return_opened (GTask        *task,
               GInputStream *stream,
               GError       *error)
{
  if (stream != NULL)
    g_task_return_pointer (task, stream, g_object_unref);
  else
    g_task_return_error (task, error);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SandboxUploadSource *self = task_data;
  GError *error = NULL;
  GInputStream *stream;

  stream = sandbox_upload_source_open (self, &self->size, cancellable, &error);
  return_opened (task, stream, error);
}

static void
environment_opened_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SandboxUploadSource *self = g_task_get_task_data (task);
  GError *error = NULL;
  GInputStream *stream;

  stream = sandbox_environment_builder_open_finish (self->environment, result,
                                                    &self->size, &error);
  return_opened (task, stream, error);
}

/* A builder packs the archive its own way; a stream sought back or measured
 * by seeking opens at once; files, file streams and streams to copy open in
 * GTask's pool, as GIO's asynchronous calls on local files do. */
void
sandbox_upload_source_open_async (SandboxUploadSource *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sandbox_upload_source_open_async);
  g_task_set_task_data (task, g_atomic_rc_box_acquire (self),
                        (GDestroyNotify) sandbox_upload_source_unref);

  if (self->kind == SOURCE_ENVIRONMENT)
    sandbox_environment_builder_open_async (self->environment, cancellable,
                                            environment_opened_cb, g_steal_pointer (&task));
  else if (self->kind == SOURCE_STREAM && !G_IS_FILE_INPUT_STREAM (self->stream) &&
           (self->opened || stream_remaining (self->stream, NULL) >= 0))
    open_thread (task, NULL, self, cancellable);
  else
    g_task_run_in_thread (task, open_thread);
}

GInputStream *
sandbox_upload_source_open_finish (SandboxUploadSource  *self,
                                   GAsyncResult         *result,
                                   goffset              *out_size,
                                   GError              **error)
{
  GInputStream *stream;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (out_size != NULL, NULL);

  stream = g_task_propagate_pointer (G_TASK (result), error);
  if (stream != NULL)
    *out_size = self->size;
  return stream;
}
