/* sandbox-json-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The JSON writer of the library, sandbox-cli and sandbox-server. What it
 * writes, Python's json.loads (), json-glib and the strict scanner read back
 * as the same value: members in their order, strings escaped as Python's
 * json.dumps () escapes them, each float in the shortest form that reads
 * back as the same double, the text of Python's repr () (`0.1`, `5.0`,
 * `1e+16`), where json-glib writes `0.10000000000000001` or `1e+20.0`.
 *
 * Non-finite numbers, which JSON has not: an infinity is written `1e999`
 * (or `-1e999`), which all three readers read back as that infinity. NaN,
 * which no JSON number denotes, is refused where it could come in (the
 * scanner refuses the text `NaN`, _sandbox_json_check_node () a node built
 * by hand holding one), and written `null` should it reach the writer.
 * Python writes `Infinity` and `NaN`: not JSON, and the scanner refuses
 * them. */

/* How one notation writes each kind of value: the JSON styles below, or
 * another one built on the same walk (sandbox-server's Python repr ()). */
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

/* @node (nullable: null) in the notation @syntax gives, to @out or as new
 * text; _sandbox_json_to_string () in the compact one. */
void      _sandbox_json_append_node         (GString                 *out,
                                             JsonNode                *node,
                                             const SandboxJsonSyntax *syntax);
char     *_sandbox_json_write               (JsonNode                *node,
                                             const SandboxJsonSyntax *syntax);
char     *_sandbox_json_to_string           (JsonNode                *node);
/* UTF-8 text as a JSON string, as json.dumps (text, ensure_ascii=False) and
 * json.dumps (text) write it; @length -1 when it ends at its NUL. */
void      _sandbox_json_append_string       (GString                 *out,
                                             const char              *text,
                                             gssize                   length);
void      _sandbox_json_append_string_ascii (GString                 *out,
                                             const char              *text,
                                             gssize                   length);
/* A number as Python's repr () writes it (`0.1`, `-0.0`, `1e-05`), an
 * infinity as `1e999` or `-1e999`, NaN as `null`. */
void      _sandbox_json_append_double       (GString                 *out,
                                             double                   value);
/* Copies @node and all it holds into new mutable nodes, where
 * json_node_copy () shares the original's arrays, objects and values. */
JsonNode *_sandbox_json_copy_deep           (JsonNode                *node);

G_END_DECLS
