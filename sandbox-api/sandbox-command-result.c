/* sandbox-command-result.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-command-result.h"

struct _SandboxCommandResult
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (SandboxCommandResult, sandbox_command_result, G_TYPE_OBJECT)

static void
sandbox_command_result_class_init (SandboxCommandResultClass *klass)
{
}

static void
sandbox_command_result_init (SandboxCommandResult *self)
{
}
