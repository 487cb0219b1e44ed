/* sandbox-response-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* How much of an error answer's body is read, and how much of it is shown. */
#define SANDBOX_ERROR_BODY_MAX_READ  (64 * 1024)
#define SANDBOX_ERROR_BODY_MAX_SHOWN 1024

/* JSON values and members an answer may hold (a libraries answer: a few
 * thousand). */
#define SANDBOX_RESPONSE_MAX_NODES 250000

char     *sandbox_response_body_to_text      (GBytes               *body);
void      sandbox_response_set_status_error  (GError              **error,
                                              guint                 status,
                                              const char           *reason_phrase,
                                              GBytes               *body);
JsonNode *sandbox_response_parse_json        (GBytes               *body,
                                              GCancellable         *cancellable,
                                              GError              **error);

G_END_DECLS
