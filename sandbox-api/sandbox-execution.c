/* sandbox-execution.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-execution.h"

struct _SandboxExecution
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (SandboxExecution, sandbox_execution, G_TYPE_OBJECT)

static void
sandbox_execution_class_init (SandboxExecutionClass *klass)
{
}

static void
sandbox_execution_init (SandboxExecution *self)
{
}
