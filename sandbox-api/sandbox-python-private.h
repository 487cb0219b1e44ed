/* sandbox-python-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* How the sandbox server, written in Python, sees a decoded JSON value: its
 * messages name Python types and print values with repr () or str (). */

const char *_sandbox_python_type_name    (JsonNode   *node);
char       *_sandbox_python_repr         (JsonNode   *node);
char       *_sandbox_python_str          (JsonNode   *node);
void        _sandbox_python_append_float (GString    *out,
                                          double      value);

G_END_DECLS
