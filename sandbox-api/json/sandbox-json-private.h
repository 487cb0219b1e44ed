/* sandbox-json-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The JSON writer of the library, sandbox-cli and sandbox-server.
 *
 * What it writes is JSON (RFC 8259) that Python's json.loads (), json-glib
 * and the library's strict scanner read back as the same value: members in
 * their order, strings escaped as Python's json.dumps () escapes them, and
 * each float in the shortest form that reads back as the same double, the
 * text of Python's repr () (`0.1`, `5.0`, `1e+16`), where json-glib's
 * generator writes `0.10000000000000001` and, for some numbers, `1e+20.0`.
 *
 * Non-finite numbers: JSON has none. An infinity is written `1e999` (or
 * `-1e999`), which all three readers read back as that infinity. NaN, which
 * no JSON number denotes, is refused where it could come in (the scanner
 * refuses the text `NaN`, _sandbox_json_check_node () a node built by hand
 * holding one); should one reach the writer anyway, it is written `null`.
 * Python's json.dumps () writes `Infinity` and `NaN` instead: they are not
 * JSON, and the library's scanner refuses them. */

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

void      _sandbox_json_append_node         (GString                 *out,
                                             JsonNode                *node,
                                             const SandboxJsonSyntax *syntax);
void      _sandbox_json_append_string       (GString                 *out,
                                             const char              *text,
                                             gssize                   length);
void      _sandbox_json_append_string_ascii (GString                 *out,
                                             const char              *text,
                                             gssize                   length);
void      _sandbox_json_append_double       (GString                 *out,
                                             double                   value);
JsonNode *_sandbox_json_copy_deep           (JsonNode                *node);
char     *_sandbox_json_write               (JsonNode                *node,
                                             const SandboxJsonSyntax *syntax);
char     *_sandbox_json_to_string           (JsonNode                *node);

G_END_DECLS
