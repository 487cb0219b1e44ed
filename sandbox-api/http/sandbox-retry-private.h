/* sandbox-retry-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Makes @message ready to be sent again with its body from the start, or
 * returns FALSE; in the sending thread, before each attempt but the first. */
typedef gboolean (*SandboxRetryRewindFunc) (SoupMessage *message,
                                            gpointer     user_data);

/* When an operation may be sent again, and after how long. */
typedef struct
{
  guint                   max_retries;
  double                  retry_delay;
  double                  max_retry_time; /* seconds; bounds the retries without a timeout */
  SandboxRetryRewindFunc  rewind;       /* NULL: the body cannot be sent again */
  gpointer                rewind_data;

  guint                   n_retries;    /* attempts so far, past the first */
  gint64                  end_time;     /* the operation's deadline (monotonic), or 0 */
  gint64                  retry_end_time; /* without a deadline: max_retry_time's end, or 0 */
  /* The message's metrics before this attempt. */
  guint64                 response_start;
  guint64                 body_bytes_sent;
} SandboxRetry;

void        sandbox_retry_start_attempt (SandboxRetry        *self,
                                         SoupMessage         *message,
                                         double               timeout);
gboolean    sandbox_retry_next          (SandboxRetry        *self,
                                         SoupMessage         *message,
                                         const GError        *error,
                                         gboolean             connect_timed_out,
                                         gint64              *out_wait_usec);
gboolean    sandbox_retry_rewind        (SandboxRetry        *self,
                                         SoupMessage         *message);
void        sandbox_retry_wait_async    (gint64               wait_usec,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean    sandbox_retry_wait_finish   (GAsyncResult        *result,
                                         GError             **error);
gboolean    sandbox_retry_wait          (gint64               wait_usec,
                                         GCancellable        *cancellable,
                                         GError             **error);

G_END_DECLS
