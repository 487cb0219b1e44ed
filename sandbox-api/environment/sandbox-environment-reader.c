/* sandbox-environment-reader.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-archive-read-private.h"
#include "sandbox-environment-reader.h"
#include "sandbox-i18n-private.h"

#define DEFAULT_MAX_SIZE (G_GUINT64_CONSTANT (4) * 1024 * 1024 * 1024)
#define DEFAULT_MAX_MEMBERS 100000

/**
 * SandboxEnvironmentReader:
 *
 * Reads an environment, a gzip'd tar archive, from a [class@Gio.InputStream]
 * as it comes, holding only the member being read: member after member
 * with [method@Sandbox.EnvironmentReader.next] and
 * [method@Sandbox.EnvironmentReader.read_bytes], or all of them written
 * into a directory with [method@Sandbox.EnvironmentReader.extract].
 *
 * Paths are normalised; an unsafe member fails with
 * %SANDBOX_ERROR_UNSAFE_ARCHIVE, an archive past its limits with
 * %SANDBOX_ERROR_ARCHIVE_TOO_LARGE, and what is not a whole gzip'd tar with
 * %SANDBOX_ERROR_INVALID_ARCHIVE (see [environments](environments.html)).
 * After a failure, every later call fails the same way.
 *
 * The asynchronous calls read the stream with blocking reads on a worker
 * thread, which the stream must allow (that of
 * [method@Sandbox.Client.download_stream_async] does not: use
 * [method@Sandbox.Client.download_to_directory_async]). An operation
 * started before the last one has finished fails with %G_IO_ERROR_PENDING.
 *
 * Since: 1.1
 */
struct _SandboxEnvironmentReader
{
  GObject             parent_instance;

  GInputStream       *stream;
  SandboxArchiveRead *archive;
  guint64             max_size;
  guint               max_members;
  gint                pending;
};

G_DEFINE_FINAL_TYPE (SandboxEnvironmentReader, sandbox_environment_reader, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STREAM,
  PROP_MAX_SIZE,
  PROP_MAX_MEMBERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sandbox_environment_reader_constructed (GObject *object)
{
  SandboxEnvironmentReader *self = SANDBOX_ENVIRONMENT_READER (object);

  G_OBJECT_CLASS (sandbox_environment_reader_parent_class)->constructed (object);

  if (self->stream == NULL)
    self->stream = g_memory_input_stream_new ();
  self->archive = sandbox_archive_read_new (self->stream);
}

static void
sandbox_environment_reader_finalize (GObject *object)
{
  SandboxEnvironmentReader *self = SANDBOX_ENVIRONMENT_READER (object);

  g_clear_pointer (&self->archive, sandbox_archive_read_free);
  g_clear_object (&self->stream);

  G_OBJECT_CLASS (sandbox_environment_reader_parent_class)->finalize (object);
}

static void
sandbox_environment_reader_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  SandboxEnvironmentReader *self = SANDBOX_ENVIRONMENT_READER (object);

  switch (prop_id)
    {
    case PROP_STREAM:
      g_value_set_object (value, self->stream);
      break;
    case PROP_MAX_SIZE:
      g_value_set_uint64 (value, self->max_size);
      break;
    case PROP_MAX_MEMBERS:
      g_value_set_uint (value, self->max_members);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sandbox_environment_reader_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  SandboxEnvironmentReader *self = SANDBOX_ENVIRONMENT_READER (object);

  switch (prop_id)
    {
    case PROP_STREAM:
      self->stream = g_value_dup_object (value);
      break;
    case PROP_MAX_SIZE:
      sandbox_environment_reader_set_max_size (self, g_value_get_uint64 (value));
      break;
    case PROP_MAX_MEMBERS:
      sandbox_environment_reader_set_max_members (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sandbox_environment_reader_class_init (SandboxEnvironmentReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sandbox_environment_reader_constructed;
  object_class->finalize = sandbox_environment_reader_finalize;
  object_class->get_property = sandbox_environment_reader_get_property;
  object_class->set_property = sandbox_environment_reader_set_property;

  /**
   * SandboxEnvironmentReader:stream: (getter get_stream)
   *
   * The stream the gzip'd tar archive is read from.
   *
   * Since: 1.1
   */
  properties[PROP_STREAM] =
    g_param_spec_object ("stream", NULL, NULL, G_TYPE_INPUT_STREAM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * SandboxEnvironmentReader:max-size: (getter get_max_size) (setter set_max_size)
   *
   * The most bytes the members may hold together once unpacked, 4 GiB by
   * default: in their headers, in their data, and decompressed (beside a
   * little room for the tar's headers). Change it before reading.
   *
   * Since: 1.1
   */
  properties[PROP_MAX_SIZE] =
    g_param_spec_uint64 ("max-size", NULL, NULL, 0, G_MAXUINT64, DEFAULT_MAX_SIZE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SandboxEnvironmentReader:max-members: (getter get_max_members) (setter set_max_members)
   *
   * The most members the archive may hold, 100,000 by default; extracting
   * counts the directories it makes for paths beside the members. Change
   * it before reading.
   *
   * Since: 1.1
   */
  properties[PROP_MAX_MEMBERS] =
    g_param_spec_uint ("max-members", NULL, NULL, 0, G_MAXUINT, DEFAULT_MAX_MEMBERS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sandbox_environment_reader_init (SandboxEnvironmentReader *self)
{
  self->max_size = DEFAULT_MAX_SIZE;
  self->max_members = DEFAULT_MAX_MEMBERS;
}

/**
 * sandbox_environment_reader_new:
 * @stream: the stream of a gzip'd tar archive
 *
 * Makes a reader of the environment @stream gives, such as a file's or
 * that of [method@Sandbox.Client.download_stream].
 *
 * Returns: (transfer full): a new reader
 *
 * Since: 1.1
 */
SandboxEnvironmentReader *
sandbox_environment_reader_new (GInputStream *stream)
{
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  return g_object_new (SANDBOX_TYPE_ENVIRONMENT_READER, "stream", stream, NULL);
}

/**
 * sandbox_environment_reader_get_stream: (get-property stream)
 * @self: a reader
 *
 * Gets the stream the archive is read from.
 *
 * Returns: (transfer none): the stream the archive is read from
 *
 * Since: 1.1
 */
GInputStream *
sandbox_environment_reader_get_stream (SandboxEnvironmentReader *self)
{
  g_return_val_if_fail (SANDBOX_IS_ENVIRONMENT_READER (self), NULL);

  return self->stream;
}

/**
 * sandbox_environment_reader_get_max_size: (get-property max-size)
 * @self: a reader
 *
 * Gets the most bytes the members may hold together.
 *
 * Returns: the most bytes the members may hold together
 *
 * Since: 1.1
 */
guint64
sandbox_environment_reader_get_max_size (SandboxEnvironmentReader *self)
{
  g_return_val_if_fail (SANDBOX_IS_ENVIRONMENT_READER (self), 0);

  return self->max_size;
}

/**
 * sandbox_environment_reader_set_max_size: (set-property max-size)
 * @self: a reader
 * @max_size: the most bytes the members may hold together
 *
 * Sets the most bytes the members may hold together.
 *
 * Since: 1.1
 */
void
sandbox_environment_reader_set_max_size (SandboxEnvironmentReader *self,
                                         guint64                   max_size)
{
  g_return_if_fail (SANDBOX_IS_ENVIRONMENT_READER (self));

  if (self->max_size == max_size)
    return;
  self->max_size = max_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_SIZE]);
}

/**
 * sandbox_environment_reader_get_max_members: (get-property max-members)
 * @self: a reader
 *
 * Gets the most members the archive may hold.
 *
 * Returns: the most members the archive may hold
 *
 * Since: 1.1
 */
guint
sandbox_environment_reader_get_max_members (SandboxEnvironmentReader *self)
{
  g_return_val_if_fail (SANDBOX_IS_ENVIRONMENT_READER (self), 0);

  return self->max_members;
}

/**
 * sandbox_environment_reader_set_max_members: (set-property max-members)
 * @self: a reader
 * @max_members: the most members the archive may hold
 *
 * Sets the most members the archive may hold.
 *
 * Since: 1.1
 */
void
sandbox_environment_reader_set_max_members (SandboxEnvironmentReader *self,
                                            guint                     max_members)
{
  g_return_if_fail (SANDBOX_IS_ENVIRONMENT_READER (self));

  if (self->max_members == max_members)
    return;
  self->max_members = max_members;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_MEMBERS]);
}

typedef enum
{
  OPERATION_NEXT,
  OPERATION_READ_BYTES,
  OPERATION_EXTRACT,
} Operation;

/* Runs one operation on the claimed reader: a member (NULL at the end), the
 * contents, or @directory once extracted; NULL with @error set. */
static gpointer
run (SandboxEnvironmentReader  *self,
     Operation                  operation,
     GFile                     *directory,
     GCancellable              *cancellable,
     GError                   **error)
{
  switch (operation)
    {
    case OPERATION_NEXT:
      return sandbox_archive_read_next (self->archive, cancellable, error);
    case OPERATION_READ_BYTES:
      return sandbox_archive_read_bytes (self->archive, cancellable, error);
    case OPERATION_EXTRACT:
    default:
      return sandbox_extract_all (self->archive, directory, cancellable, error) ? directory : NULL;
    }
}

/* Claims the reader for one operation. */
static gboolean
begin (SandboxEnvironmentReader  *self,
       GError                   **error)
{
  if (!g_atomic_int_compare_and_exchange (&self->pending, FALSE, TRUE))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                           _("The environment reader has an operation in progress"));
      return FALSE;
    }
  sandbox_archive_read_set_limits (self->archive, self->max_size, self->max_members);
  return TRUE;
}

static gpointer
run_blocking (SandboxEnvironmentReader  *self,
              Operation                  operation,
              GFile                     *directory,
              GCancellable              *cancellable,
              GError                   **error)
{
  gpointer result;

  g_return_val_if_fail (SANDBOX_IS_ENVIRONMENT_READER (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!begin (self, error))
    return NULL;
  result = run (self, operation, directory, cancellable, error);
  g_atomic_int_set (&self->pending, FALSE);
  return result;
}

typedef struct
{
  Operation            operation;
  GFile               *directory;
  GAsyncReadyCallback  callback;
  gpointer             user_data;
} Async;

static void
async_free (Async *async)
{
  g_clear_object (&async->directory);
  g_free (async);
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  static const GDestroyNotify free_result[] = {
    [OPERATION_NEXT] = g_object_unref,
    [OPERATION_READ_BYTES] = (GDestroyNotify) g_bytes_unref,
    [OPERATION_EXTRACT] = NULL,   /* the directory, which the task holds */
  };
  Async *async = task_data;
  GError *error = NULL;
  gpointer result = run (source_object, async->operation, async->directory, cancellable,
                         &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, free_result[async->operation]);
}

/* The operation ends for the reader as the caller hears of it, not
 * before, so that another one started in between fails as pending. */
static void
ready_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Async *async = g_task_get_task_data (G_TASK (result));

  g_atomic_int_set (&SANDBOX_ENVIRONMENT_READER (source)->pending, FALSE);
  if (async->callback != NULL)
    async->callback (source, result, async->user_data);
}

static void
start_async (SandboxEnvironmentReader *self,
             Operation                 operation,
             GFile                    *directory,
             gpointer                  source_tag,
             GCancellable             *cancellable,
             GAsyncReadyCallback       callback,
             gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Async *async;

  g_return_if_fail (SANDBOX_IS_ENVIRONMENT_READER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (!begin (self, &error))
    {
      g_task_report_error (self, callback, user_data, source_tag, error);
      return;
    }

  async = g_new0 (Async, 1);
  *async = (Async) { operation, directory != NULL ? g_object_ref (directory) : NULL,
                     callback, user_data };
  task = g_task_new (self, cancellable, ready_cb, NULL);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, async, (GDestroyNotify) async_free);
  g_task_run_in_thread (task, run_in_thread);
}

static gpointer
finish (SandboxEnvironmentReader  *self,
        GAsyncResult              *result,
        gpointer                   source_tag,
        GError                   **error)
{
  g_return_val_if_fail (SANDBOX_IS_ENVIRONMENT_READER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sandbox_environment_reader_next:
 * @self: a reader
 * @cancellable: (nullable): a cancellable
 * @error: return location for a #GError
 *
 * Reads the header of the next member, skipping the rest of the current
 * one's contents. At the end, the rest of the stream is checked too: more
 * than 1 MiB after the archive fails with %SANDBOX_ERROR_ARCHIVE_TOO_LARGE.
 *
 * Returns: (transfer full) (nullable): the next member, or %NULL with no
 *   error at the end, or %NULL with @error set
 *
 * Since: 1.1
 */
SandboxEnvironmentMember *
sandbox_environment_reader_next (SandboxEnvironmentReader  *self,
                                 GCancellable              *cancellable,
                                 GError                   **error)
{
  return run_blocking (self, OPERATION_NEXT, NULL, cancellable, error);
}

/**
 * sandbox_environment_reader_next_async:
 * @self: a reader
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): the function called when the member is read
 * @user_data: (closure): data for @callback
 *
 * Reads the header of the next member on a worker thread. See
 * [method@Sandbox.EnvironmentReader.next].
 *
 * Since: 1.1
 */
void
sandbox_environment_reader_next_async (SandboxEnvironmentReader *self,
                                       GCancellable             *cancellable,
                                       GAsyncReadyCallback       callback,
                                       gpointer                  user_data)
{
  start_async (self, OPERATION_NEXT, NULL, sandbox_environment_reader_next_async,
               cancellable, callback, user_data);
}

/**
 * sandbox_environment_reader_next_finish:
 * @self: a reader
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Sandbox.EnvironmentReader.next_async].
 *
 * Returns: (transfer full) (nullable): the next member, or %NULL with no
 *   error at the end, or %NULL with @error set
 *
 * Since: 1.1
 */
SandboxEnvironmentMember *
sandbox_environment_reader_next_finish (SandboxEnvironmentReader  *self,
                                        GAsyncResult              *result,
                                        GError                   **error)
{
  return finish (self, result, sandbox_environment_reader_next_async, error);
}

/**
 * sandbox_environment_reader_read_bytes:
 * @self: a reader
 * @cancellable: (nullable): a cancellable
 * @error: return location for a #GError
 *
 * Reads what is left of the current member's contents into memory (holes
 * of a sparse file as zeros; nothing for another member). A member of more
 * than 4 GiB, or with more than 16 MiB of holes, fails with
 * %SANDBOX_ERROR_ARCHIVE_TOO_LARGE: extract it instead.
 *
 * Returns: (transfer full): the contents, or %NULL with @error set
 *
 * Since: 1.1
 */
GBytes *
sandbox_environment_reader_read_bytes (SandboxEnvironmentReader  *self,
                                       GCancellable              *cancellable,
                                       GError                   **error)
{
  return run_blocking (self, OPERATION_READ_BYTES, NULL, cancellable, error);
}

/**
 * sandbox_environment_reader_read_bytes_async:
 * @self: a reader
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): the function called when the contents are read
 * @user_data: (closure): data for @callback
 *
 * Reads the current member's contents on a worker thread. See
 * [method@Sandbox.EnvironmentReader.read_bytes].
 *
 * Since: 1.1
 */
void
sandbox_environment_reader_read_bytes_async (SandboxEnvironmentReader *self,
                                             GCancellable             *cancellable,
                                             GAsyncReadyCallback       callback,
                                             gpointer                  user_data)
{
  start_async (self, OPERATION_READ_BYTES, NULL, sandbox_environment_reader_read_bytes_async,
               cancellable, callback, user_data);
}

/**
 * sandbox_environment_reader_read_bytes_finish:
 * @self: a reader
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Sandbox.EnvironmentReader.read_bytes_async].
 *
 * Returns: (transfer full): the contents, or %NULL with @error set
 *
 * Since: 1.1
 */
GBytes *
sandbox_environment_reader_read_bytes_finish (SandboxEnvironmentReader  *self,
                                              GAsyncResult              *result,
                                              GError                   **error)
{
  return finish (self, result, sandbox_environment_reader_read_bytes_async, error);
}

/**
 * sandbox_environment_reader_extract:
 * @self: a reader
 * @directory: a local directory, created when it does not exist
 * @cancellable: (nullable): a cancellable
 * @error: return location for a #GError
 *
 * Writes every remaining member under @directory as it is read, refusing
 * anything unsafe (see [environments](environments.html)) with
 * %SANDBOX_ERROR_UNSAFE_ARCHIVE: nothing is written outside @directory,
 * even through a link that was there before. Files keep their permission
 * bits (masked with `0777`) and modification times; directories get theirs
 * with the owner's `rwx` added. Existing files are replaced, directories
 * kept. On an error, what was written stays.
 *
 * Returns: %TRUE once every member is written, %FALSE with @error set
 *
 * Since: 1.1
 */
gboolean
sandbox_environment_reader_extract (SandboxEnvironmentReader  *self,
                                    GFile                     *directory,
                                    GCancellable              *cancellable,
                                    GError                   **error)
{
  g_return_val_if_fail (G_IS_FILE (directory), FALSE);

  return run_blocking (self, OPERATION_EXTRACT, directory, cancellable, error) != NULL;
}

/**
 * sandbox_environment_reader_extract_async:
 * @self: a reader
 * @directory: a local directory, created when it does not exist
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): the function called when every member is written
 * @user_data: (closure): data for @callback
 *
 * Writes every remaining member under @directory on a worker thread. See
 * [method@Sandbox.EnvironmentReader.extract].
 *
 * Since: 1.1
 */
void
sandbox_environment_reader_extract_async (SandboxEnvironmentReader *self,
                                          GFile                    *directory,
                                          GCancellable             *cancellable,
                                          GAsyncReadyCallback       callback,
                                          gpointer                  user_data)
{
  g_return_if_fail (G_IS_FILE (directory));

  start_async (self, OPERATION_EXTRACT, directory, sandbox_environment_reader_extract_async,
               cancellable, callback, user_data);
}

/**
 * sandbox_environment_reader_extract_finish:
 * @self: a reader
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Sandbox.EnvironmentReader.extract_async].
 *
 * Returns: %TRUE once every member is written, %FALSE with @error set
 *
 * Since: 1.1
 */
gboolean
sandbox_environment_reader_extract_finish (SandboxEnvironmentReader  *self,
                                           GAsyncResult              *result,
                                           GError                   **error)
{
  return finish (self, result, sandbox_environment_reader_extract_async, error) != NULL;
}
