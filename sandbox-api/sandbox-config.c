/* sandbox-config.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-config.h"

struct _SandboxConfig
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (SandboxConfig, sandbox_config, G_TYPE_OBJECT)

static void
sandbox_config_class_init (SandboxConfigClass *klass)
{
}

static void
sandbox_config_init (SandboxConfig *self)
{
}
