/* sandbox-client.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-client.h"

struct _SandboxClient
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (SandboxClient, sandbox_client, G_TYPE_OBJECT)

static void
sandbox_client_class_init (SandboxClientClass *klass)
{
}

static void
sandbox_client_init (SandboxClient *self)
{
}
