/* server-pyformat.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

void         server_py_append_float_repr (GString    *out,
                                          double      value);
char        *server_py_float_repr        (double      value);
void         server_py_append_repr       (GString    *out,
                                          JsonNode   *node);
char        *server_py_str               (JsonNode   *node);
const char  *server_py_type_name         (JsonNode   *node);
gboolean     server_py_isspace           (gunichar    c);

G_END_DECLS
