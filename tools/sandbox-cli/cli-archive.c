/* cli-archive.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "cli-archive.h"

/* Packs a directory as a gzip'd tar, streamed: `tar -czf - -C DIR .` runs
 * while its output is read, so the archive is never held in memory. The
 * stream fails at its end when tar did not succeed, so that a partial
 * archive is never taken for a whole one. */

#define CLI_TYPE_PACK_STREAM (cli_pack_stream_get_type ())

G_DECLARE_FINAL_TYPE (CliPackStream, cli_pack_stream, CLI, PACK_STREAM,
                      GFilterInputStream)

struct _CliPackStream
{
  GFilterInputStream  parent_instance;

  GSubprocess        *process;
  char               *directory;
  gboolean            finished;
  gboolean            failed;
};

G_DEFINE_FINAL_TYPE (CliPackStream, cli_pack_stream, G_TYPE_FILTER_INPUT_STREAM)

static gboolean
check_tar (CliPackStream  *self,
           GCancellable   *cancellable,
           GError        **error)
{
  if (!g_subprocess_wait (self->process, cancellable, error))
    return FALSE;
  self->finished = TRUE;

  if (g_subprocess_get_if_exited (self->process))
    {
      int status = g_subprocess_get_exit_status (self->process);

      if (status == 0)
        return TRUE;

      g_set_error (error, G_SPAWN_EXIT_ERROR, status,
                   "Could not pack “%s”: tar exited with status %d",
                   self->directory, status);
    }
  else
    {
      g_set_error (error, G_SPAWN_EXIT_ERROR, 1,
                   "Could not pack “%s”: tar was killed by signal %d",
                   self->directory, g_subprocess_get_term_sig (self->process));
    }

  self->failed = TRUE;

  return FALSE;
}

static gssize
cli_pack_stream_read (GInputStream  *stream,
                      void          *buffer,
                      gsize          count,
                      GCancellable  *cancellable,
                      GError       **error)
{
  CliPackStream *self = CLI_PACK_STREAM (stream);
  GInputStream *base;
  gssize n;

  if (self->failed)
    {
      g_set_error (error, G_SPAWN_EXIT_ERROR, 1, "Could not pack “%s”",
                   self->directory);
      return -1;
    }

  base = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (self));
  n = g_input_stream_read (base, buffer, count, cancellable, error);
  if (n != 0 || self->finished)
    return n;

  return check_tar (self, cancellable, error) ? 0 : -1;
}

static gboolean
cli_pack_stream_close (GInputStream  *stream,
                       GCancellable  *cancellable,
                       GError       **error)
{
  CliPackStream *self = CLI_PACK_STREAM (stream);
  GInputStreamClass *parent_class =
    G_INPUT_STREAM_CLASS (cli_pack_stream_parent_class);

  /* Nobody read it to its end: tar is not needed any more. */
  if (!self->finished)
    g_subprocess_force_exit (self->process);

  return parent_class->close_fn (stream, cancellable, error);
}

static void
cli_pack_stream_finalize (GObject *object)
{
  CliPackStream *self = CLI_PACK_STREAM (object);

  g_clear_object (&self->process);
  g_clear_pointer (&self->directory, g_free);

  G_OBJECT_CLASS (cli_pack_stream_parent_class)->finalize (object);
}

static void
cli_pack_stream_class_init (CliPackStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = cli_pack_stream_finalize;
  stream_class->read_fn = cli_pack_stream_read;
  stream_class->close_fn = cli_pack_stream_close;
}

static void
cli_pack_stream_init (CliPackStream *self)
{
}

/* Returns a stream of the gzip'd tar of @directory's content, its members
 * named `./NAME`, as tar names them. */
GInputStream *
cli_archive_pack (const char  *directory,
                  GError     **error)
{
  g_autoptr(GSubprocess) process = NULL;
  CliPackStream *self;

  if (!g_file_test (directory, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY,
                   "“%s” is not a directory", directory);
      return NULL;
    }

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, error,
                              "tar", "-czf", "-", "-C", directory, ".", NULL);
  if (process == NULL)
    {
      g_prefix_error (error, "Could not pack “%s”: ", directory);
      return NULL;
    }

  self = g_object_new (CLI_TYPE_PACK_STREAM,
                       "base-stream", g_subprocess_get_stdout_pipe (process),
                       NULL);
  self->process = g_steal_pointer (&process);
  self->directory = g_strdup (directory);

  return G_INPUT_STREAM (self);
}
