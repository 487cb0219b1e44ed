/* cli-json.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

char *cli_json_to_string (JsonNode *node,
                          gboolean  pretty);

G_END_DECLS
