/* server-python.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* How the real server, written in Python, sees a decoded JSON value: its
 * messages name Python types and print values with repr () or str (). */

const char *server_python_type_name    (JsonNode *node);
char       *server_python_repr         (JsonNode *node);
char       *server_python_str          (JsonNode *node);
void        server_python_append_float (GString  *out,
                                        double    value);

G_END_DECLS
