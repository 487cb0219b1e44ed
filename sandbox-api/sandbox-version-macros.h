/* sandbox-version-macros.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(SANDBOX_INSIDE) && !defined(SANDBOX_COMPILATION)
# error "Only <sandbox-api.h> can be included directly."
#endif

#include <glib.h>

#include "sandbox-version.h"

#ifndef _SANDBOX_EXTERN
# define _SANDBOX_EXTERN extern
#endif

#define SANDBOX_VERSION_1_0 (G_ENCODE_VERSION (1, 0))
#define SANDBOX_VERSION_1_1 (G_ENCODE_VERSION (1, 1))

#ifndef SANDBOX_VERSION_MIN_REQUIRED
# define SANDBOX_VERSION_MIN_REQUIRED SANDBOX_VERSION_1_0
#endif

#ifndef SANDBOX_VERSION_MAX_ALLOWED
# define SANDBOX_VERSION_MAX_ALLOWED SANDBOX_VERSION_1_1
#endif

/**
 * SANDBOX_DEPRECATED:
 *
 * Marks a symbol as deprecated; defining
 * `SANDBOX_DISABLE_DEPRECATION_WARNINGS` silences the warnings.
 *
 * Since: 1.0
 */

/**
 * SANDBOX_DEPRECATED_FOR:
 * @f: the symbol to use instead
 *
 * Marks a symbol as deprecated in favour of @f.
 *
 * Since: 1.0
 */

/**
 * SANDBOX_UNAVAILABLE:
 * @maj: the major version that introduced the symbol
 * @min: the minor version that introduced the symbol
 *
 * Marks a symbol as newer than `SANDBOX_VERSION_MAX_ALLOWED`.
 *
 * Since: 1.0
 */
#ifdef SANDBOX_DISABLE_DEPRECATION_WARNINGS
# define SANDBOX_DEPRECATED _SANDBOX_EXTERN
# define SANDBOX_DEPRECATED_FOR(f) _SANDBOX_EXTERN
# define SANDBOX_UNAVAILABLE(maj,min) _SANDBOX_EXTERN
#else
# define SANDBOX_DEPRECATED G_DEPRECATED _SANDBOX_EXTERN
# define SANDBOX_DEPRECATED_FOR(f) G_DEPRECATED_FOR (f) _SANDBOX_EXTERN
# define SANDBOX_UNAVAILABLE(maj,min) G_UNAVAILABLE (maj, min) _SANDBOX_EXTERN
#endif

/**
 * SANDBOX_DEPRECATED_IN_1_1_FOR:
 * @f: the symbol to use instead
 *
 * Marks a symbol as deprecated since 1.1 in favour of @f: a warning only
 * when `SANDBOX_VERSION_MIN_REQUIRED` is 1.1 or later.
 *
 * Since: 1.1
 */
#if SANDBOX_VERSION_MIN_REQUIRED >= SANDBOX_VERSION_1_1
# define SANDBOX_DEPRECATED_IN_1_1_FOR(f) SANDBOX_DEPRECATED_FOR (f)
#else
# define SANDBOX_DEPRECATED_IN_1_1_FOR(f) _SANDBOX_EXTERN
#endif

#define SANDBOX_AVAILABLE_IN_ALL _SANDBOX_EXTERN

#if SANDBOX_VERSION_MAX_ALLOWED < SANDBOX_VERSION_1_0
# define SANDBOX_AVAILABLE_IN_1_0 SANDBOX_UNAVAILABLE (1, 0)
#else
# define SANDBOX_AVAILABLE_IN_1_0 _SANDBOX_EXTERN
#endif

#if SANDBOX_VERSION_MAX_ALLOWED < SANDBOX_VERSION_1_1
# define SANDBOX_AVAILABLE_IN_1_1 SANDBOX_UNAVAILABLE (1, 1)
#else
# define SANDBOX_AVAILABLE_IN_1_1 _SANDBOX_EXTERN
#endif
