/* sandbox-json-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The JSON writer of the library, sandbox-cli and sandbox-server: members
 * in their order, strings escaped as Python's json.dumps () does, floats in
 * the shortest form that reads back as the same double, as Python's repr ()
 * (`0.1`, `5.0`, `1e+16`), where json-glib writes `0.10000000000000001`.
 * An infinity is written `1e999` (or `-1e999`), which Python, json-glib and
 * the scanner read back as such; NaN is refused where it could come in (the
 * scanner, _sandbox_json_check_node ()) and written `null`. */

/* How one notation writes each kind of value: the JSON styles below, or
 * sandbox-server's Python repr () on the same walk. */
typedef struct
{
  const char *item_separator;
  const char *name_separator;
  const char *true_text;
  const char *false_text;
  const char *null_text;
  guint       indent;           /* spaces per level, each item on its line */
  void      (*append_string) (GString    *out,
                              const char *text,
                              gssize      length);
  void      (*append_double) (GString    *out,
                              double      value);
} SandboxJsonSyntax;

/* json.dumps (value, separators=(",", ":"), ensure_ascii=False) */
extern const SandboxJsonSyntax _sandbox_json_compact;
/* json.dumps (value, indent=2, ensure_ascii=False) */
extern const SandboxJsonSyntax _sandbox_json_pretty;
/* json.dumps (value): what the real server (Django's JsonResponse) sends */
extern const SandboxJsonSyntax _sandbox_json_dumps;

/* @node (nullable: null) in @syntax, appended or as new text (compact for
 * _sandbox_json_to_string ()). */
void      _sandbox_json_append_node         (GString                 *out,
                                             JsonNode                *node,
                                             const SandboxJsonSyntax *syntax);
char     *_sandbox_json_write               (JsonNode                *node,
                                             const SandboxJsonSyntax *syntax);
char     *_sandbox_json_to_string           (JsonNode                *node);
/* UTF-8 text as json.dumps (text) writes it; @length -1 when it ends at
 * its NUL. */
void      _sandbox_json_append_string_ascii (GString                 *out,
                                             const char              *text,
                                             gssize                   length);
/* As Python's repr () (`0.1`, `-0.0`, `1e-05`), infinities as `1e999`. */
void      _sandbox_json_append_double       (GString                 *out,
                                             double                   value);
/* A copy in new mutable nodes (json_node_copy () shares what @node holds). */
JsonNode *_sandbox_json_copy_deep           (JsonNode                *node);

G_END_DECLS
