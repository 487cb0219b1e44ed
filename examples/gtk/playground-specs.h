/* playground-specs.h: the server's specifications in a sentence
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

char *playground_specs_describe (JsonNode *specifications,
                                 JsonNode *libraries);

G_END_DECLS
