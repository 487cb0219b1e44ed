/* sandbox-json-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What tells apart the texts written for a JSON value: JSON in its
 * flavours, or what Python's repr () gives for the decoded value. */
typedef struct
{
  const char *item_separator;
  const char *name_separator;
  const char *true_text;
  const char *false_text;
  const char *null_text;
  void      (*append_string) (GString    *out,
                              const char *text,
                              gssize      length);
  void      (*append_double) (GString    *out,
                              double      value);
} SandboxJsonSyntax;

void      _sandbox_json_append_node         (GString                 *out,
                                             JsonNode                *node,
                                             const SandboxJsonSyntax *syntax);
void      _sandbox_json_append_string       (GString                 *out,
                                             const char              *text,
                                             gssize                   length);
void      _sandbox_json_append_string_ascii (GString                 *out,
                                             const char              *text,
                                             gssize                   length);
JsonNode *_sandbox_json_copy_deep           (JsonNode                *node);
char     *_sandbox_json_to_string           (JsonNode                *node);

G_END_DECLS
