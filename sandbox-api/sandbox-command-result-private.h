/* sandbox-command-result-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sandbox-command-result.h"

G_BEGIN_DECLS

SandboxCommandResult *_sandbox_command_result_new (const char *command,
                                                   int         exit_code,
                                                   const char *stdout_text,
                                                   const char *stderr_text,
                                                   double      time);

G_END_DECLS
