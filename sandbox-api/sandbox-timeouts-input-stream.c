/* sandbox-timeouts-input-stream.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-filter-close-private.h"
#include "sandbox-timeouts-input-stream-private.h"

/* The client's read-timeout on a body stream, in one of two ways:
 *
 * - on a stream handed to the caller (download_stream), each read has its
 *   own timer, which runs only while the read is pending: the time the
 *   caller spends not reading does not count;
 * - on a body the library reads itself under an operation's deadline,
 *   each read that completes starts the deadline's read timer again.
 *
 * Reads and closes go to the base stream in the caller's context, never
 * through a thread, as libsoup needs. */

struct _SandboxTimeoutsInputStream
{
  GFilterInputStream  parent_instance;

  double              read_timeout;
  SandboxDeadline    *deadline;   /* not owned: it outlives the reads */
};

G_DEFINE_FINAL_TYPE (SandboxTimeoutsInputStream, sandbox_timeouts_input_stream,
                     G_TYPE_FILTER_INPUT_STREAM)

static GInputStream *
base_stream (SandboxTimeoutsInputStream *self)
{
  return g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (self));
}

/* A deadline of one read, which the caller's @cancellable also ends; NULL
 * for a stream that touches an operation's deadline instead. */
static SandboxDeadline *
read_deadline_new (SandboxTimeoutsInputStream *self,
                   GCancellable               *cancellable,
                   GMainContext               *context)
{
  SandboxDeadline *deadline;

  if (self->deadline != NULL)
    return NULL;

  deadline = sandbox_deadline_new (0, cancellable, context);
  sandbox_deadline_arm (deadline, SANDBOX_DEADLINE_READ, self->read_timeout);
  return deadline;
}

static gssize
read_done (SandboxTimeoutsInputStream  *self,
           SandboxDeadline             *deadline,
           gssize                       n_read,
           GError                     **error)
{
  if (self->deadline != NULL && n_read >= 0)
    sandbox_deadline_touch (self->deadline);

  if (deadline != NULL && n_read < 0)
    sandbox_deadline_propagate (deadline, error);

  return n_read;
}

static gssize
sandbox_timeouts_input_stream_read (GInputStream  *stream,
                                    void          *buffer,
                                    gsize          count,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  SandboxTimeoutsInputStream *self = SANDBOX_TIMEOUTS_INPUT_STREAM (stream);
  g_autoptr(SandboxDeadline) deadline = read_deadline_new (self, cancellable, NULL);
  GError *local_error = NULL;
  gssize n_read;

  if (deadline != NULL)
    cancellable = sandbox_deadline_get_cancellable (deadline);

  n_read = g_input_stream_read (base_stream (self), buffer, count, cancellable, &local_error);
  n_read = read_done (self, deadline, n_read, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);

  return n_read;
}

static void
base_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SandboxTimeoutsInputStream *self = g_task_get_source_object (task);
  GError *error = NULL;
  gssize n_read;

  n_read = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  n_read = read_done (self, g_task_get_task_data (task), n_read, &error);
  if (n_read < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n_read);
}

static void
sandbox_timeouts_input_stream_read_async (GInputStream        *stream,
                                          void                *buffer,
                                          gsize                count,
                                          int                  io_priority,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  SandboxTimeoutsInputStream *self = SANDBOX_TIMEOUTS_INPUT_STREAM (stream);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  SandboxDeadline *deadline;

  g_task_set_source_tag (task, sandbox_timeouts_input_stream_read_async);
  deadline = read_deadline_new (self, cancellable, g_task_get_context (task));
  if (deadline != NULL)
    {
      g_task_set_task_data (task, deadline, (GDestroyNotify) sandbox_deadline_free);
      cancellable = sandbox_deadline_get_cancellable (deadline);
    }

  g_input_stream_read_async (base_stream (self), buffer, count, io_priority, cancellable,
                             base_read_cb, task);
}

static gssize
sandbox_timeouts_input_stream_read_finish (GInputStream  *stream,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}

static void
sandbox_timeouts_input_stream_class_init (SandboxTimeoutsInputStreamClass *klass)
{
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  stream_class->read_fn = sandbox_timeouts_input_stream_read;
  stream_class->read_async = sandbox_timeouts_input_stream_read_async;
  stream_class->read_finish = sandbox_timeouts_input_stream_read_finish;
  stream_class->close_async = sandbox_filter_close_async;
  stream_class->close_finish = sandbox_filter_close_finish;
}

static void
sandbox_timeouts_input_stream_init (SandboxTimeoutsInputStream *self)
{
}

/* Reads @base_stream with @read_timeout seconds for each read. */
GInputStream *
sandbox_timeouts_input_stream_new (GInputStream *base_stream,
                                   double        read_timeout)
{
  SandboxTimeoutsInputStream *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (base_stream), NULL);
  g_return_val_if_fail (read_timeout > 0, NULL);

  self = g_object_new (SANDBOX_TYPE_TIMEOUTS_INPUT_STREAM,
                       "base-stream", base_stream,
                       NULL);
  self->read_timeout = read_timeout;

  return G_INPUT_STREAM (self);
}

/* Reads @base_stream, starting @deadline's read timer again after each
 * read. @deadline must outlive the reads. */
GInputStream *
sandbox_timeouts_input_stream_new_touching (GInputStream    *base_stream,
                                            SandboxDeadline *deadline)
{
  SandboxTimeoutsInputStream *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (base_stream), NULL);
  g_return_val_if_fail (deadline != NULL, NULL);

  self = g_object_new (SANDBOX_TYPE_TIMEOUTS_INPUT_STREAM,
                       "base-stream", base_stream,
                       NULL);
  self->deadline = deadline;

  return G_INPUT_STREAM (self);
}
