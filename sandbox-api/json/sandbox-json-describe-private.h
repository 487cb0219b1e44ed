/* sandbox-json-describe-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* How the library's messages name a JSON value: in JSON's terms, never in
 * a programming language's. describe_type () says "an object", "an array",
 * "a string", "an integer", "a number" (with a fraction or an exponent),
 * "a boolean" or "null"; describe_value () gives the compact JSON text, cut
 * after 60 characters with an ellipsis. */
const char *_sandbox_json_describe_type  (JsonNode *node);
char       *_sandbox_json_describe_value (JsonNode *node);

/* Whether @node (nullable) holds an object (JSON_TYPE_OBJECT), an array
 * (JSON_TYPE_ARRAY) or a value of @type, G_TYPE_DOUBLE meaning any number;
 * never when it holds a NULL, as a node built by hand may. */
gboolean    _sandbox_json_holds          (JsonNode *node,
                                          GType     type);

G_END_DECLS
