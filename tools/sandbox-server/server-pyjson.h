/* server-pyjson.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonNode *server_pyjson_parse (const char  *text,
                               gsize        len,
                               char       **out_message);

G_END_DECLS
