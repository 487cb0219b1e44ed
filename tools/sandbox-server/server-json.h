/* server-json.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

void server_json_append_node (GString  *out,
                              JsonNode *node);

G_END_DECLS
