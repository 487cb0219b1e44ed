/* sandbox-json-scan-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* json-glib recurses once per level; real documents nest four or five. */
#define SANDBOX_JSON_MAX_DEPTH 64

#define SANDBOX_JSON_SCAN_ERROR (_sandbox_json_scan_error_quark ())

typedef enum
{
  SANDBOX_JSON_SCAN_ERROR_SYNTAX,   /* not one strict JSON text */
  SANDBOX_JSON_SCAN_ERROR_DEPTH,    /* nests deeper than SANDBOX_JSON_MAX_DEPTH */
  SANDBOX_JSON_SCAN_ERROR_NODES,    /* more values than allowed */
  SANDBOX_JSON_SCAN_ERROR_NUMBER,   /* an integer json-glib cannot hold, NaN */
  SANDBOX_JSON_SCAN_ERROR_STRING,   /* a string that does not round-trip */
} SandboxJsonScanError;

GQuark    _sandbox_json_scan_error_quark (void);

/* Checks that @data is one strict JSON text in UTF-8, nested at most
 * SANDBOX_JSON_MAX_DEPTH deep, with at most @max_nodes values and members
 * (0: no limit), 64-bit integers, strings without NUL or lone surrogates;
 * in linear time and no memory. The message says where, in ASCII. */
gboolean  _sandbox_json_scan             (const char    *data,
                                          gsize          size,
                                          guint64        max_nodes,
                                          GCancellable  *cancellable,
                                          GError       **error);
/* _sandbox_json_scan (), then json-glib's parse into immutable nodes. */
JsonNode *_sandbox_json_parse            (const char    *data,
                                          gsize          size,
                                          guint64        max_nodes,
                                          GCancellable  *cancellable,
                                          GError       **error);
/* What a node built by hand can get wrong: too deep a nesting, strings or
 * member names that are not UTF-8, NaN. */
gboolean  _sandbox_json_check_node       (JsonNode      *node,
                                          GError       **error);

G_END_DECLS
