/* sandbox-command-result.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(SANDBOX_INSIDE) && !defined(SANDBOX_COMPILATION)
# error "Only <sandbox-api.h> can be included directly."
#endif

#include <glib-object.h>

#include "sandbox-version-macros.h"

G_BEGIN_DECLS

#define SANDBOX_TYPE_COMMAND_RESULT (sandbox_command_result_get_type ())

SANDBOX_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (SandboxCommandResult, sandbox_command_result,
                      SANDBOX, COMMAND_RESULT, GObject)

SANDBOX_AVAILABLE_IN_1_0
const char *sandbox_command_result_get_command   (SandboxCommandResult *self);
SANDBOX_AVAILABLE_IN_1_0
int         sandbox_command_result_get_exit_code (SandboxCommandResult *self);
SANDBOX_AVAILABLE_IN_1_0
const char *sandbox_command_result_get_stdout    (SandboxCommandResult *self);
SANDBOX_AVAILABLE_IN_1_0
const char *sandbox_command_result_get_stderr    (SandboxCommandResult *self);
SANDBOX_AVAILABLE_IN_1_0
double      sandbox_command_result_get_time      (SandboxCommandResult *self);

G_END_DECLS
