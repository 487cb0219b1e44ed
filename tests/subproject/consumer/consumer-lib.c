/* consumer-lib.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "consumer-lib.h"

/**
 * consumer_describe:
 * @client: a client
 *
 * Describes @client.
 *
 * Returns: (transfer full): its user agent
 */
char *
consumer_describe (SandboxClient *client)
{
  return g_strdup (sandbox_client_get_user_agent (client));
}
