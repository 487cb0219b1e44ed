/* sandbox-debug.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sandbox-debug-private.h"

/* SANDBOX_DEBUG: 1 logs a line for each request, 2 adds the headers, 3 the
 * start of the bodies. Everything goes through g_debug() in the "Sandbox"
 * log domain. */

#define MAX_LOGGED_BODY 4096

static int debug_level;

static gboolean
domain_is_enabled (const char *domains)
{
  g_auto(GStrv) names = NULL;

  if (domains == NULL)
    return FALSE;

  names = g_strsplit_set (domains, " ,", -1);
  return g_strv_contains ((const char * const *) names, G_LOG_DOMAIN) ||
         g_strv_contains ((const char * const *) names, "all");
}

void
sandbox_debug_init (void)
{
  const char *value = g_getenv ("SANDBOX_DEBUG");
  const char *domains;

  if (value == NULL || *value == '\0')
    return;

  debug_level = CLAMP (atoi (value), 1, 3);

  /* g_debug() prints only for the domains named in G_MESSAGES_DEBUG: asking
   * for SANDBOX_DEBUG is asking for ours. This runs once, when the client
   * class is first used. */
  domains = g_getenv ("G_MESSAGES_DEBUG");
  if (!domain_is_enabled (domains))
    {
      g_autofree char *extended = NULL;

      if (domains != NULL && *domains != '\0')
        extended = g_strconcat (domains, " " G_LOG_DOMAIN, NULL);
      else
        extended = g_strdup (G_LOG_DOMAIN);
      g_setenv ("G_MESSAGES_DEBUG", extended, TRUE);
    }
}

static void
logger_printer (SoupLogger         *logger,
                SoupLoggerLogLevel  level,
                char                direction,
                const char         *data,
                gpointer            user_data)
{
  g_debug ("%c %s", direction, data);
}

void
sandbox_debug_attach_logger (SoupSession *session)
{
  g_autoptr(SoupLogger) logger = NULL;

  if (debug_level < 2)
    return;

  logger = soup_logger_new (debug_level >= 3 ? SOUP_LOGGER_LOG_BODY : SOUP_LOGGER_LOG_HEADERS);
  soup_logger_set_max_body_size (logger, MAX_LOGGED_BODY);
  soup_logger_set_printer (logger, logger_printer, NULL, NULL);
  soup_session_add_feature (session, SOUP_SESSION_FEATURE (logger));
}
