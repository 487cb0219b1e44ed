/* sandbox-upload.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "sandbox-multipart-stream-private.h"
#include "sandbox-upload-private.h"

/* The body of an execute request: a multipart/form-data body with the
 * `config` field and, optionally, the `environment` file part, streamed
 * from the caller's archive with an exact length. The server reads a chunked
 * body as empty, so the length must be known before sending: it is asked of
 * the stream when the stream can tell (a file, a seekable stream), and
 * otherwise the archive is first copied to an unlinked temporary file. */

typedef struct
{
  char         *config_json;
  char         *filename;
  GInputStream *archive;
  GFile        *spool_file;
  GFileIOStream *spool_stream;
} UploadState;

static void
upload_state_free (UploadState *state)
{
  g_free (state->config_json);
  g_free (state->filename);
  g_clear_object (&state->archive);
  g_clear_object (&state->spool_file);
  g_clear_object (&state->spool_stream);
  g_free (state);
}

void
sandbox_upload_free (SandboxUpload *self)
{
  if (self == NULL)
    return;

  g_free (self->content_type);
  g_clear_object (&self->body);
  g_free (self);
}

/* A file name fit for a quoted header parameter. */
static char *
sanitize_filename (const char *filename)
{
  char *sanitized = g_strdup (filename != NULL && *filename != '\0'
                              ? filename : "environment.tgz");

  for (char *p = sanitized; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\' || (guchar) *p < 0x20 || *p == 0x7f)
        *p = '_';
    }

  return sanitized;
}

static SandboxUpload *
upload_new (const char   *config_json,
            const char   *filename,
            GInputStream *archive,
            goffset       archive_size)
{
  g_autofree char *boundary = NULL;
  g_autoptr(GString) head = g_string_new (NULL);
  g_autoptr(GBytes) head_bytes = NULL;
  g_autoptr(GBytes) tail_bytes = NULL;
  SandboxUpload *upload;

  boundary = g_strdup_printf ("sandbox-api-%08x%08x%08x%08x",
                              g_random_int (), g_random_int (),
                              g_random_int (), g_random_int ());

  g_string_append_printf (head,
                          "--%s\r\n"
                          "Content-Disposition: form-data; name=\"config\"\r\n"
                          "\r\n"
                          "%s\r\n",
                          boundary, config_json);

  if (archive != NULL)
    {
      g_autofree char *sanitized = sanitize_filename (filename);

      g_string_append_printf (head,
                              "--%s\r\n"
                              "Content-Disposition: form-data; name=\"environment\"; "
                              "filename=\"%s\"\r\n"
                              "Content-Type: application/gzip\r\n"
                              "\r\n",
                              boundary, sanitized);
      tail_bytes = g_bytes_new_take (g_strdup_printf ("\r\n--%s--\r\n", boundary),
                                     strlen (boundary) + 8);
    }
  else
    {
      tail_bytes = g_bytes_new_take (g_strdup_printf ("--%s--\r\n", boundary),
                                     strlen (boundary) + 6);
    }

  head_bytes = g_string_free_to_bytes (g_steal_pointer (&head));

  upload = g_new0 (SandboxUpload, 1);
  upload->content_type = g_strdup_printf ("multipart/form-data; boundary=%s", boundary);
  upload->body = sandbox_multipart_stream_new (head_bytes, archive, archive_size, tail_bytes);
  upload->length = sandbox_multipart_stream_get_length (SANDBOX_MULTIPART_STREAM (upload->body));

  return upload;
}

static void
return_upload (GTask        *task,
               GInputStream *archive,
               goffset       archive_size)
{
  UploadState *state = g_task_get_task_data (task);

  g_task_return_pointer (task,
                         upload_new (state->config_json, state->filename,
                                     archive, archive_size),
                         (GDestroyNotify) sandbox_upload_free);
}

static void
spool_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  UploadState *state = g_task_get_task_data (task);
  g_autoptr(GFileInputStream) spooled = NULL;
  g_autoptr(GFileInfo) info = NULL;
  GError *error = NULL;

  spooled = g_file_read_finish (G_FILE (object), result, &error);
  /* Open or not, the file goes now: the open stream keeps its data. */
  g_file_delete (state->spool_file, NULL, NULL);

  if (spooled == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  info = g_file_input_stream_query_info (spooled, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                         NULL, &error);
  if (info == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  return_upload (task, G_INPUT_STREAM (spooled), g_file_info_get_size (info));
}

static void
spool_splice_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  UploadState *state = g_task_get_task_data (task);
  GCancellable *cancellable;
  GError *error = NULL;

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (object), result, &error) < 0)
    {
      g_file_delete (state->spool_file, NULL, NULL);
      g_task_return_error (task, error);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  g_file_read_async (state->spool_file, G_PRIORITY_DEFAULT, cancellable,
                     spool_read_cb, g_steal_pointer (&task));
}

static void
spool_archive (GTask *owned_task)
{
  g_autoptr(GTask) task = owned_task;
  UploadState *state = g_task_get_task_data (task);
  GCancellable *cancellable;
  GOutputStream *output;
  GError *error = NULL;

  state->spool_file = g_file_new_tmp ("sandbox-api-upload-XXXXXX.tgz",
                                      &state->spool_stream, &error);
  if (state->spool_file == NULL)
    {
      g_prefix_error (&error, "Could not make a temporary copy of the environment archive: ");
      g_task_return_error (task, error);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  output = g_io_stream_get_output_stream (G_IO_STREAM (state->spool_stream));
  g_output_stream_splice_async (output, state->archive,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, cancellable,
                                spool_splice_cb, g_steal_pointer (&task));
}

static void
query_size_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  UploadState *state = g_task_get_task_data (task);
  g_autoptr(GFileInfo) info = NULL;
  goffset position = 0;

  info = g_file_input_stream_query_info_finish (G_FILE_INPUT_STREAM (object), result, NULL);
  if (info == NULL || !g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE))
    {
      spool_archive (g_steal_pointer (&task));
      return;
    }

  if (g_seekable_can_seek (G_SEEKABLE (object)))
    position = g_seekable_tell (G_SEEKABLE (object));

  return_upload (task, state->archive, MAX (0, g_file_info_get_size (info) - position));
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

void
sandbox_upload_new_async (const char          *config_json,
                          GInputStream        *archive,
                          const char          *filename,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  UploadState *state;
  goffset remaining;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sandbox_upload_new_async);

  state = g_new0 (UploadState, 1);
  state->config_json = g_strdup (config_json);
  state->filename = g_strdup (filename);
  state->archive = archive != NULL ? g_object_ref (archive) : NULL;
  g_task_set_task_data (task, state, (GDestroyNotify) upload_state_free);

  if (archive == NULL)
    {
      return_upload (task, NULL, 0);
      return;
    }

  if (G_IS_FILE_INPUT_STREAM (archive))
    {
      g_file_input_stream_query_info_async (G_FILE_INPUT_STREAM (archive),
                                            G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                            G_PRIORITY_DEFAULT, cancellable,
                                            query_size_cb, g_steal_pointer (&task));
      return;
    }

  remaining = seekable_remaining (archive);
  if (remaining >= 0)
    return_upload (task, archive, remaining);
  else
    spool_archive (g_steal_pointer (&task));
}

SandboxUpload *
sandbox_upload_new_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The blocking form of spool_archive(): the archive copied to a temporary
 * file, which goes once it is open again. */
static GInputStream *
spool_archive_sync (GInputStream  *archive,
                    GCancellable  *cancellable,
                    goffset       *out_size,
                    GError       **error)
{
  g_autoptr(GFileIOStream) spool_stream = NULL;
  g_autoptr(GFile) spool_file = NULL;
  g_autoptr(GFileInputStream) spooled = NULL;
  g_autoptr(GFileInfo) info = NULL;
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
    spooled = g_file_read (spool_file, cancellable, error);
  g_file_delete (spool_file, NULL, NULL);

  if (spooled == NULL)
    return NULL;

  info = g_file_input_stream_query_info (spooled, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                         cancellable, error);
  if (info == NULL)
    return NULL;

  *out_size = g_file_info_get_size (info);
  return G_INPUT_STREAM (g_steal_pointer (&spooled));
}

/* The bytes left in a file stream, or -1 when it cannot tell. */
static goffset
file_stream_remaining (GFileInputStream *stream,
                       GCancellable     *cancellable)
{
  g_autoptr(GFileInfo) info = NULL;
  goffset position = 0;

  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                         cancellable, NULL);
  if (info == NULL || !g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE))
    return -1;

  if (g_seekable_can_seek (G_SEEKABLE (stream)))
    position = g_seekable_tell (G_SEEKABLE (stream));

  return MAX (0, g_file_info_get_size (info) - position);
}

/* The blocking form of sandbox_upload_new_async(), for the blocking
 * execute: the archive's length is found (or the archive spooled) on the
 * calling thread. */
SandboxUpload *
sandbox_upload_new (const char    *config_json,
                    GInputStream  *archive,
                    const char    *filename,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GInputStream) spooled = NULL;
  goffset remaining = -1;

  if (archive == NULL)
    return upload_new (config_json, filename, NULL, 0);

  if (G_IS_FILE_INPUT_STREAM (archive))
    remaining = file_stream_remaining (G_FILE_INPUT_STREAM (archive), cancellable);
  else
    remaining = seekable_remaining (archive);

  if (remaining >= 0)
    return upload_new (config_json, filename, archive, remaining);

  spooled = spool_archive_sync (archive, cancellable, &remaining, error);
  if (spooled == NULL)
    return NULL;

  return upload_new (config_json, filename, spooled, remaining);
}
