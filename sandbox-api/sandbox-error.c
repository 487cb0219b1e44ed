/* sandbox-error.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-error.h"

/**
 * sandbox_error_quark:
 *
 * The quark of the %SANDBOX_ERROR domain.
 *
 * Returns: the error domain's quark
 *
 * Since: 1.0
 */
G_DEFINE_QUARK (sandbox-error-quark, sandbox_error)
