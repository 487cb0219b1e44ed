/* consumer-lib.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <sandbox-api.h>

G_BEGIN_DECLS

char *consumer_describe (SandboxClient *client);

G_END_DECLS
