/* sandbox-environment-member-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sandbox-environment-member.h"

G_BEGIN_DECLS

/* @link_target is a symbolic link's target, or for a hard link the path
 * of the member it links to; @modification_time may be NULL. */
SandboxEnvironmentMember *sandbox_environment_member_new         (const char *path,
                                                                  GFileType   file_type,
                                                                  gint64      size,
                                                                  guint       mode,
                                                                  const char *link_target,
                                                                  gboolean    is_hard_link,
                                                                  GDateTime  *modification_time);
gboolean                  sandbox_environment_member_is_hard_link (SandboxEnvironmentMember *self);

G_END_DECLS
