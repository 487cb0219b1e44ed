/* server-json.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-json-private.h"
#include "server-json.h"

/* Writes @node as Python's json.dumps () does by default (what Django's
 * JsonResponse sends): ", " and ": " separators, non-ASCII as \uXXXX. */
void
server_json_append_node (GString  *out,
                         JsonNode *node)
{
  _sandbox_json_append_node (out, node, &_sandbox_json_dumps);
}
