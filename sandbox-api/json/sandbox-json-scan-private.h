/* sandbox-json-scan-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* How deep arrays and objects may nest: json-glib recurses once per
 * level, real answers and configurations nest four or five. */
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

/* Checks that @data is exactly one strict JSON text in UTF-8, nested no
 * deeper than SANDBOX_JSON_MAX_DEPTH, holding no more than @max_nodes
 * values and members (0: no limit), whose integers fit in 64 bits and
 * whose strings hold neither NUL nor a lone surrogate; in time linear in
 * @size, with no memory. The message says where, in ASCII. */
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
/* What a node built by hand can get wrong that a scanned text cannot: a
 * depth past SANDBOX_JSON_MAX_DEPTH (so that walking it recursively is
 * safe), strings or member names that are not UTF-8, NaN. */
gboolean  _sandbox_json_check_node       (JsonNode      *node,
                                          GError       **error);

G_END_DECLS
