/* sandbox-config-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sandbox-config.h"

G_BEGIN_DECLS

char *_sandbox_config_to_checked_string (SandboxConfig  *self,
                                         GError        **error);

G_END_DECLS
