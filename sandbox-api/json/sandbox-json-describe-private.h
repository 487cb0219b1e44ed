/* sandbox-json-describe-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* How the library's own messages name a JSON value: in JSON's terms, never
 * in a programming language's. */

const char *_sandbox_json_describe_type  (JsonNode *node);
char       *_sandbox_json_describe_value (JsonNode *node);

G_END_DECLS
