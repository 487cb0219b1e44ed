/* sandbox-execution.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(SANDBOX_INSIDE) && !defined(SANDBOX_COMPILATION)
# error "Only <sandbox-api.h> can be included directly."
#endif

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sandbox-version-macros.h"

G_BEGIN_DECLS

/**
 * SandboxStatus:
 * @SANDBOX_STATUS_SUCCESS: every command succeeded, or the one that failed
 *   was allowed to fail
 * @SANDBOX_STATUS_UNKNOWN: an unknown error of the sandbox (for instance a
 *   command whose output is not UTF-8)
 * @SANDBOX_STATUS_TIMEOUT: a command timed out
 * @SANDBOX_STATUS_RESULT_NOT_FOUND: the file named by the configuration's
 *   `result_path` does not exist
 * @SANDBOX_STATUS_RESULT_NOT_UTF8: the result file is not UTF-8 text
 *
 * The special values of [property@Sandbox.Execution:status]. A status
 * greater than zero is not one of these: it is the exit code of the command
 * that stopped the run.
 *
 * Since: 1.0
 */
typedef enum
{
  SANDBOX_STATUS_SUCCESS = 0,
  SANDBOX_STATUS_UNKNOWN = -1,
  SANDBOX_STATUS_TIMEOUT = -2,
  SANDBOX_STATUS_RESULT_NOT_FOUND = -3,
  SANDBOX_STATUS_RESULT_NOT_UTF8 = -4,
} SandboxStatus;

#define SANDBOX_TYPE_EXECUTION (sandbox_execution_get_type ())

SANDBOX_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (SandboxExecution, sandbox_execution, SANDBOX, EXECUTION, GObject)

SANDBOX_AVAILABLE_IN_1_0
SandboxExecution *sandbox_execution_new_from_json    (JsonNode          *node,
                                                      GError           **error);
SANDBOX_AVAILABLE_IN_1_0
int               sandbox_execution_get_status       (SandboxExecution  *self);
SANDBOX_AVAILABLE_IN_1_0
double            sandbox_execution_get_total_time   (SandboxExecution  *self);
SANDBOX_AVAILABLE_IN_1_0
const char       *sandbox_execution_get_result       (SandboxExecution  *self);
SANDBOX_AVAILABLE_IN_1_0
const char       *sandbox_execution_get_environment  (SandboxExecution  *self);
SANDBOX_AVAILABLE_IN_1_0
GDateTime        *sandbox_execution_get_expire       (SandboxExecution  *self);
SANDBOX_AVAILABLE_IN_1_0
GListModel       *sandbox_execution_get_commands     (SandboxExecution  *self);
SANDBOX_AVAILABLE_IN_1_0
JsonNode         *sandbox_execution_get_json         (SandboxExecution  *self);
SANDBOX_AVAILABLE_IN_1_1
const char       *sandbox_execution_get_instance     (SandboxExecution  *self);
SANDBOX_AVAILABLE_IN_1_0
const char       *sandbox_status_to_string           (int                status);

G_END_DECLS
