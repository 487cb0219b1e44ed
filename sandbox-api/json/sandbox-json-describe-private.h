/* sandbox-json-describe-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* How messages name a JSON value, in JSON's terms: "an object", "an
 * array", "a string", "an integer", "a number", "a boolean" or "null"; or
 * its compact text, cut after 60 characters with an ellipsis. */
const char *_sandbox_json_describe_type  (JsonNode *node);
char       *_sandbox_json_describe_value (JsonNode *node);

/* Whether @node (nullable) holds a JSON_TYPE_OBJECT, JSON_TYPE_ARRAY or
 * value of @type (G_TYPE_DOUBLE: any number), and not a NULL one. */
gboolean    _sandbox_json_holds          (JsonNode *node,
                                          GType     type);

G_END_DECLS
