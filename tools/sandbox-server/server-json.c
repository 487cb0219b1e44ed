/* server-json.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "sandbox-json-private.h"
#include "sandbox-python-private.h"
#include "server-json.h"

/* Writes JSON the way Python's json.dumps() does by default (what Django's
 * JsonResponse sends): ", " and ": " separators, non-ASCII escaped as
 * \uXXXX (_sandbox_json_append_string_ascii()), floats as repr(). */

void
server_json_append_double (GString *out,
                           double   value)
{
  if (isnan (value))
    g_string_append (out, "NaN");
  else if (isinf (value))
    g_string_append (out, value < 0 ? "-Infinity" : "Infinity");
  else
    _sandbox_python_append_float (out, value);
}

static const SandboxJsonSyntax dumps_syntax = {
  .item_separator = ", ",
  .name_separator = ": ",
  .true_text = "true",
  .false_text = "false",
  .null_text = "null",
  .append_string = _sandbox_json_append_string_ascii,
  .append_double = server_json_append_double,
};

void
server_json_append_node (GString  *out,
                         JsonNode *node)
{
  _sandbox_json_append_node (out, node, &dumps_syntax);
}
