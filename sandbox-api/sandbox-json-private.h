/* sandbox-json-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonNode *_sandbox_json_copy_deep (JsonNode *node);
char     *_sandbox_json_to_string (JsonNode *node);

G_END_DECLS
