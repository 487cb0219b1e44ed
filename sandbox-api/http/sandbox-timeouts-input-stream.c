/* sandbox-timeouts-input-stream.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-timeouts-input-stream-private.h"

/* The client's read-timeout on a body stream, in one of two ways:
 *
 * - on a stream handed to the caller (download_stream), each read has its
 *   own timer, which runs only while the read is pending: the time the
 *   caller spends not reading does not count;
 * - on a body the library reads itself under an operation's deadline,
 *   each read that completes starts the deadline's read timer again. */

struct _SandboxTimeoutsInputStream
{
  SandboxFilterStream  parent_instance;

  double               read_timeout;
  SandboxDeadline     *deadline;   /* not owned: it outlives the reads */
};

G_DEFINE_FINAL_TYPE (SandboxTimeoutsInputStream, sandbox_timeouts_input_stream,
                     SANDBOX_TYPE_FILTER_STREAM)

/* A read's own deadline, which the caller's cancellable also ends, unless
 * the stream touches an operation's deadline instead. */
static gboolean
sandbox_timeouts_input_stream_read_begin (SandboxFilterStream *stream,
                                          SandboxFilterRead   *read,
                                          gssize              *n_given)
{
  SandboxTimeoutsInputStream *self = SANDBOX_TIMEOUTS_INPUT_STREAM (stream);
  SandboxDeadline *deadline;

  if (self->deadline != NULL)
    return TRUE;

  deadline = sandbox_deadline_new (0, read->cancellable, read->context);
  sandbox_deadline_arm (deadline, SANDBOX_DEADLINE_READ, self->read_timeout);
  read->data = deadline;
  read->free_data = (GDestroyNotify) sandbox_deadline_free;
  read->cancellable = sandbox_deadline_get_cancellable (deadline);
  return TRUE;
}

static gssize
sandbox_timeouts_input_stream_read_end (SandboxFilterStream  *stream,
                                        SandboxFilterRead    *read,
                                        gssize                n_read,
                                        GError              **error)
{
  SandboxTimeoutsInputStream *self = SANDBOX_TIMEOUTS_INPUT_STREAM (stream);

  if (self->deadline != NULL && n_read >= 0)
    sandbox_deadline_touch (self->deadline);

  if (read->data != NULL && n_read < 0)
    sandbox_deadline_propagate (read->data, error);

  return n_read;
}

static void
sandbox_timeouts_input_stream_class_init (SandboxTimeoutsInputStreamClass *klass)
{
  SandboxFilterStreamClass *filter_class = SANDBOX_FILTER_STREAM_CLASS (klass);

  filter_class->read_begin = sandbox_timeouts_input_stream_read_begin;
  filter_class->read_end = sandbox_timeouts_input_stream_read_end;
}

static void
sandbox_timeouts_input_stream_init (SandboxTimeoutsInputStream *self)
{
}

static GInputStream *
timeouts_stream_new (GInputStream    *base_stream,
                     double           read_timeout,
                     SandboxDeadline *deadline)
{
  SandboxTimeoutsInputStream *self;

  self = g_object_new (SANDBOX_TYPE_TIMEOUTS_INPUT_STREAM, "base-stream", base_stream, NULL);
  self->read_timeout = read_timeout;
  self->deadline = deadline;
  return G_INPUT_STREAM (self);
}

/* Reads @base_stream with @read_timeout seconds for each read. */
GInputStream *
sandbox_timeouts_input_stream_new (GInputStream *base_stream,
                                   double        read_timeout)
{
  g_return_val_if_fail (G_IS_INPUT_STREAM (base_stream), NULL);
  g_return_val_if_fail (read_timeout > 0, NULL);

  return timeouts_stream_new (base_stream, read_timeout, NULL);
}

/* Reads @base_stream, starting @deadline's read timer again after each
 * read. @deadline must outlive the reads. */
GInputStream *
sandbox_timeouts_input_stream_new_touching (GInputStream    *base_stream,
                                            SandboxDeadline *deadline)
{
  g_return_val_if_fail (G_IS_INPUT_STREAM (base_stream), NULL);
  g_return_val_if_fail (deadline != NULL, NULL);

  return timeouts_stream_new (base_stream, 0, deadline);
}
