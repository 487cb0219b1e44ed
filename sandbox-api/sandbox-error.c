/* sandbox-error.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

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

/**
 * sandbox_error_is_environment_missing:
 * @error: (nullable): an error of any domain, or %NULL
 *
 * Whether @error is the server's answer that the saved environment named
 * by a request does not exist (anymore, or not on the server of a fleet
 * that answered): status 404 with the protocol's body
 * `No environment with UUID '<uuid>' found`, which an execute naming that
 * environment in [property@Sandbox.Config:environment] gets, and so do the
 * downloads of the environment and of its files.
 *
 * Such an error keeps the code %SANDBOX_ERROR_NOT_FOUND that 1.0
 * documents for every 404 (the code of an answer is its status); this
 * function tells it apart from the 404 of a URL that names no endpoint (a
 * wrong base URL) or of a missing file in an existing environment. The
 * usual cure is to send the files again:
 * [method@Sandbox.Client.execute_with_fallback] does that in one call.
 *
 * Returns: %TRUE if @error says that the environment is missing
 *
 * Since: 1.1
 */
gboolean
sandbox_error_is_environment_missing (const GError *error)
{
  /* The library puts the server's text, untranslated, after its own. */
  return error != NULL &&
         g_error_matches (error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND) &&
         strstr (error->message, "No environment with UUID '") != NULL;
}
