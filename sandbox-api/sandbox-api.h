/* sandbox-api.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#define SANDBOX_INSIDE
# include "sandbox-version.h"
# include "sandbox-version-macros.h"
# include "sandbox-enums.h"
# include "sandbox-error.h"
# include "sandbox-progress.h"
# include "sandbox-command-result.h"
# include "sandbox-config.h"
# include "sandbox-execution.h"
# include "sandbox-client.h"
# include "sandbox-environment-builder.h"
# include "sandbox-environment-member.h"
# include "sandbox-environment-reader.h"
#undef SANDBOX_INSIDE
