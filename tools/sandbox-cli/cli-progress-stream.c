/* cli-progress-stream.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cli-progress-stream.h"

/* A stream that reports how far a seekable stream (an archive file) has
 * been read, for the upload progress of `execute --archive`: the library
 * reads the archive as it sends it. Seeking is passed through, so that the
 * library can measure the stream and read it again for a retry. */

#define CLI_TYPE_PROGRESS_STREAM (cli_progress_stream_get_type ())

G_DECLARE_FINAL_TYPE (CliProgressStream, cli_progress_stream, CLI, PROGRESS_STREAM,
                      GFilterInputStream)

struct _CliProgressStream
{
  GFilterInputStream       parent_instance;

  goffset                  total;
  SandboxProgressCallback  callback;
  gpointer                 user_data;
};

static void cli_progress_stream_seekable_init (GSeekableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CliProgressStream, cli_progress_stream,
                               G_TYPE_FILTER_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_SEEKABLE,
                                                      cli_progress_stream_seekable_init))

static GSeekable *
get_base (gpointer self)
{
  return G_SEEKABLE (g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (self)));
}

static gssize
cli_progress_stream_read (GInputStream  *stream,
                          void          *buffer,
                          gsize          count,
                          GCancellable  *cancellable,
                          GError       **error)
{
  CliProgressStream *self = CLI_PROGRESS_STREAM (stream);
  gssize n;

  n = g_input_stream_read (G_INPUT_STREAM (get_base (self)), buffer, count,
                           cancellable, error);
  if (n > 0)
    self->callback (g_seekable_tell (get_base (self)), self->total, self->user_data);

  return n;
}

static goffset
cli_progress_stream_tell (GSeekable *seekable)
{
  return g_seekable_tell (get_base (seekable));
}

static gboolean
cli_progress_stream_can_seek (GSeekable *seekable)
{
  return g_seekable_can_seek (get_base (seekable));
}

static gboolean
cli_progress_stream_seek (GSeekable     *seekable,
                          goffset        offset,
                          GSeekType      type,
                          GCancellable  *cancellable,
                          GError       **error)
{
  return g_seekable_seek (get_base (seekable), offset, type, cancellable, error);
}

static gboolean
cli_progress_stream_can_truncate (GSeekable *seekable)
{
  return FALSE;
}

static gboolean
cli_progress_stream_truncate (GSeekable     *seekable,
                              goffset        offset,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("Cannot truncate an input stream"));
  return FALSE;
}

static void
cli_progress_stream_seekable_init (GSeekableIface *iface)
{
  iface->tell = cli_progress_stream_tell;
  iface->can_seek = cli_progress_stream_can_seek;
  iface->seek = cli_progress_stream_seek;
  iface->can_truncate = cli_progress_stream_can_truncate;
  iface->truncate_fn = cli_progress_stream_truncate;
}

static void
cli_progress_stream_class_init (CliProgressStreamClass *klass)
{
  G_INPUT_STREAM_CLASS (klass)->read_fn = cli_progress_stream_read;
}

static void
cli_progress_stream_init (CliProgressStream *self)
{
}

/* @base_stream must be seekable; @total is its size. @callback is called
 * after each read with the position reached. */
GInputStream *
cli_progress_stream_new (GInputStream            *base_stream,
                         goffset                  total,
                         SandboxProgressCallback  callback,
                         gpointer                 user_data)
{
  CliProgressStream *self;

  g_return_val_if_fail (G_IS_SEEKABLE (base_stream), NULL);
  g_return_val_if_fail (callback != NULL, NULL);

  self = g_object_new (CLI_TYPE_PROGRESS_STREAM, "base-stream", base_stream, NULL);
  self->total = total;
  self->callback = callback;
  self->user_data = user_data;

  return G_INPUT_STREAM (self);
}
