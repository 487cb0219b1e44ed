/* cli-json.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "cli-json.h"
#include "sandbox-json-private.h"

/* Returns @node as JSON text as the library writes it (members in their
 * order, UTF-8 as it is, floats in their shortest form): on one line, or
 * indented by two spaces if @pretty. */
char *
cli_json_to_string (JsonNode *node,
                    gboolean  pretty)
{
  return _sandbox_json_write (node, pretty ? &_sandbox_json_pretty
                                           : &_sandbox_json_compact);
}
