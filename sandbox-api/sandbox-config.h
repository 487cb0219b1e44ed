/* sandbox-config.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(SANDBOX_INSIDE) && !defined(SANDBOX_COMPILATION)
# error "Only <sandbox-api.h> can be included directly."
#endif

#include <json-glib/json-glib.h>

#include "sandbox-version-macros.h"

G_BEGIN_DECLS

#define SANDBOX_TYPE_CONFIG (sandbox_config_get_type ())

SANDBOX_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (SandboxConfig, sandbox_config, SANDBOX, CONFIG, GObject)

SANDBOX_AVAILABLE_IN_1_0
SandboxConfig *sandbox_config_new                      (void);
SANDBOX_AVAILABLE_IN_1_0
SandboxConfig *sandbox_config_new_from_json            (JsonNode       *node,
                                                        GError        **error);
SANDBOX_AVAILABLE_IN_1_0
SandboxConfig *sandbox_config_new_from_string          (const char     *json,
                                                        GError        **error);
SANDBOX_AVAILABLE_IN_1_0
gboolean       sandbox_config_validate                 (JsonNode       *node,
                                                        GError        **error);
SANDBOX_AVAILABLE_IN_1_0
JsonNode      *sandbox_config_to_json                  (SandboxConfig  *self);
SANDBOX_AVAILABLE_IN_1_0
char          *sandbox_config_to_string                (SandboxConfig  *self);

SANDBOX_AVAILABLE_IN_1_0
void           sandbox_config_add_command              (SandboxConfig  *self,
                                                        const char     *command,
                                                        gboolean        ignore_failure);
SANDBOX_AVAILABLE_IN_1_0
void           sandbox_config_add_command_with_timeout (SandboxConfig  *self,
                                                        const char     *command,
                                                        gboolean        ignore_failure,
                                                        double          timeout);
SANDBOX_AVAILABLE_IN_1_0
guint          sandbox_config_get_n_commands           (SandboxConfig  *self);
SANDBOX_AVAILABLE_IN_1_0
const char    *sandbox_config_get_command              (SandboxConfig  *self,
                                                        guint           position);
SANDBOX_AVAILABLE_IN_1_0
gboolean       sandbox_config_get_command_timeout      (SandboxConfig  *self,
                                                        guint           position,
                                                        double         *out_timeout);

SANDBOX_AVAILABLE_IN_1_0
void           sandbox_config_set_variable             (SandboxConfig  *self,
                                                        const char     *name,
                                                        const char     *value);
SANDBOX_AVAILABLE_IN_1_0
char          *sandbox_config_dup_variable             (SandboxConfig  *self,
                                                        const char     *name);
SANDBOX_AVAILABLE_IN_1_0
char         **sandbox_config_list_variables           (SandboxConfig  *self);

SANDBOX_AVAILABLE_IN_1_0
const char    *sandbox_config_get_result_path          (SandboxConfig  *self);
SANDBOX_AVAILABLE_IN_1_0
void           sandbox_config_set_result_path          (SandboxConfig  *self,
                                                        const char     *result_path);
SANDBOX_AVAILABLE_IN_1_0
const char    *sandbox_config_get_environment          (SandboxConfig  *self);
SANDBOX_AVAILABLE_IN_1_0
void           sandbox_config_set_environment          (SandboxConfig  *self,
                                                        const char     *environment);
SANDBOX_AVAILABLE_IN_1_0
gboolean       sandbox_config_get_save                 (SandboxConfig  *self);
SANDBOX_AVAILABLE_IN_1_0
void           sandbox_config_set_save                 (SandboxConfig  *self,
                                                        gboolean        save);
SANDBOX_AVAILABLE_IN_1_1
const char    *sandbox_config_get_affinity_key         (SandboxConfig  *self);
SANDBOX_AVAILABLE_IN_1_1
void           sandbox_config_set_affinity_key         (SandboxConfig  *self,
                                                        const char     *affinity_key);

G_END_DECLS
