/* sandbox-request-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "sandbox-queue-private.h"
#include "sandbox-retry-private.h"

G_BEGIN_DECLS

/* What an exchange answers with once the status is a success. */
typedef enum
{
  SANDBOX_RESPONSE_JSON,   /* a JsonNode holding an object */
  SANDBOX_RESPONSE_BYTES,  /* the whole body as GBytes */
  SANDBOX_RESPONSE_STREAM, /* the body as a GInputStream, once the headers are in */
  SANDBOX_RESPONSE_SIZE,   /* the Content-Length, with 404 meaning -1 */
} SandboxResponseKind;

typedef struct
{
  /* Of SoupSession: slot i of @queue sends with session i / @session_share. */
  GPtrArray           *sessions;
  guint                session_share;
  SoupMessage         *message;
  SandboxResponseKind  kind;
  double               timeout;
  guint64              max_response_size;
  guint64              max_json_size;      /* 0: only max_response_size */
  SandboxQueue        *queue;
  guint                max_retries;
  double               retry_delay;
  double               max_retry_time;     /* 0: none */
  double               connect_timeout;    /* 0: none */
  double               read_timeout;       /* 0: none */
  /* For a request with a body (an execute): how to send it again, or NULL
   * when it cannot be; @rewind_data must outlive the request. */
  SandboxRetryRewindFunc rewind;
  gpointer             rewind_data;
} SandboxRequestOptions;

/* JSON bodies up to this size are parsed where they are read; larger ones
 * in a worker thread, so that the caller's main loop does not stall. */
#define SANDBOX_REQUEST_INLINE_PARSE_MAX (128 * 1024)

void          sandbox_request_send_async    (const SandboxRequestOptions  *options,
                                             gpointer                      source_object,
                                             gpointer                      source_tag,
                                             GCancellable                 *cancellable,
                                             GAsyncReadyCallback           callback,
                                             gpointer                      user_data);
JsonNode     *sandbox_request_send_json     (const SandboxRequestOptions  *options,
                                             GCancellable                 *cancellable,
                                             GError                      **error);
GBytes       *sandbox_request_send_bytes    (const SandboxRequestOptions  *options,
                                             GCancellable                 *cancellable,
                                             GError                      **error);
goffset       sandbox_request_send_size     (const SandboxRequestOptions  *options,
                                             GCancellable                 *cancellable,
                                             GError                      **error);
GInputStream *sandbox_request_send_stream   (const SandboxRequestOptions  *options,
                                             GCancellable                 *cancellable,
                                             goffset                      *out_size,
                                             GError                      **error);
JsonNode     *sandbox_request_finish_json   (GAsyncResult                 *result,
                                             GError                      **error);
GBytes       *sandbox_request_finish_bytes  (GAsyncResult                 *result,
                                             GError                      **error);
GInputStream *sandbox_request_finish_stream (GAsyncResult                 *result,
                                             goffset                      *out_size,
                                             GError                      **error);
goffset       sandbox_request_finish_size   (GAsyncResult                 *result,
                                             GError                      **error);

G_END_DECLS
