/* sandbox-deadline-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _SandboxDeadline SandboxDeadline;

/* The timers of an attempt: timeout, connect-timeout and read-timeout. */
typedef enum
{
  SANDBOX_DEADLINE_NONE,
  SANDBOX_DEADLINE_WHOLE,
  SANDBOX_DEADLINE_CONNECT,
  SANDBOX_DEADLINE_READ,
  SANDBOX_DEADLINE_N_PHASES
} SandboxDeadlinePhase;

SandboxDeadline *sandbox_deadline_new_full          (double                timeout,
                                                     gint64                end_time,
                                                     GCancellable         *cancellable,
                                                     GMainContext         *context);
GCancellable    *sandbox_deadline_get_cancellable   (SandboxDeadline      *self);
void             sandbox_deadline_disarm            (SandboxDeadline      *self,
                                                     SandboxDeadlinePhase  phase);
gboolean         sandbox_deadline_connect_timed_out (SandboxDeadline      *self);
void             sandbox_deadline_watch_message     (SandboxDeadline      *self,
                                                     SoupMessage          *message,
                                                     double                connect_timeout,
                                                     double                read_timeout);
void             sandbox_deadline_stop              (SandboxDeadline      *self);
gboolean         sandbox_deadline_propagate         (SandboxDeadline      *self,
                                                     GError              **error);
void             sandbox_deadline_free              (SandboxDeadline      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SandboxDeadline, sandbox_deadline_free)

/* A body stream under the client's read-timeout. */
GInputStream *sandbox_timeouts_input_stream_new (GInputStream    *base_stream,
                                                 double           read_timeout,
                                                 SandboxDeadline *deadline);

G_END_DECLS
