/* sandbox-environment-member.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(SANDBOX_INSIDE) && !defined(SANDBOX_COMPILATION)
# error "Only <sandbox-api.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sandbox-version-macros.h"

G_BEGIN_DECLS

#define SANDBOX_TYPE_ENVIRONMENT_MEMBER (sandbox_environment_member_get_type ())

SANDBOX_AVAILABLE_IN_1_1
G_DECLARE_FINAL_TYPE (SandboxEnvironmentMember, sandbox_environment_member,
                      SANDBOX, ENVIRONMENT_MEMBER, GObject)

SANDBOX_AVAILABLE_IN_1_1
const char *sandbox_environment_member_get_path              (SandboxEnvironmentMember *self);
SANDBOX_AVAILABLE_IN_1_1
GFileType   sandbox_environment_member_get_file_type         (SandboxEnvironmentMember *self);
SANDBOX_AVAILABLE_IN_1_1
gint64      sandbox_environment_member_get_size              (SandboxEnvironmentMember *self);
SANDBOX_AVAILABLE_IN_1_1
guint       sandbox_environment_member_get_mode              (SandboxEnvironmentMember *self);
SANDBOX_AVAILABLE_IN_1_1
const char *sandbox_environment_member_get_link_target       (SandboxEnvironmentMember *self);
SANDBOX_AVAILABLE_IN_1_1
GDateTime  *sandbox_environment_member_get_modification_time (SandboxEnvironmentMember *self);

G_END_DECLS
