/* sandbox-debug.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdlib.h>

#include "sandbox-debug-private.h"

/* SANDBOX_DEBUG: 1 logs a line for each request, 2 adds the headers, 3 the
 * start of the bodies, at the debug level in the "Sandbox" domain, through
 * the application's log writer. Where 1.0 set G_MESSAGES_DEBUG (setenv ()
 * is not thread-safe), lines GLib's default filter would drop are also
 * printed where the default writer prints debug messages. */

#define MAX_LOGGED_BODY 4096

static int debug_level;

void
sandbox_debug_init (void)
{
  const char *value = g_getenv ("SANDBOX_DEBUG");

  if (value == NULL || *value == '\0')
    return;

  g_atomic_int_set (&debug_level, CLAMP (atoi (value), 1, 3));
}

/* Whether sandbox_debug_log() writes anything. */
gboolean
sandbox_debug_enabled (void)
{
  return g_atomic_int_get (&debug_level) > 0 ||
         !g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN);
}

void
sandbox_debug_log (const char *format,
                   ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (!sandbox_debug_enabled ())
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_log_structured_standard (G_LOG_DOMAIN, G_LOG_LEVEL_DEBUG, __FILE__,
                             G_STRINGIFY (__LINE__), G_STRFUNC, "%s", message);

  if (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN))
    {
      const GLogField fields[] = {
        { "GLIB_DOMAIN", G_LOG_DOMAIN, -1 },
        { "PRIORITY", "7", -1 },
        { "MESSAGE", message, -1 },
      };

      g_log_writer_standard_streams (G_LOG_LEVEL_DEBUG, fields, G_N_ELEMENTS (fields), NULL);
    }
}

static void
logger_printer (SoupLogger         *logger,
                SoupLoggerLogLevel  level,
                char                direction,
                const char         *data,
                gpointer            user_data)
{
  sandbox_debug_log ("%c %s", direction, data);
}

void
sandbox_debug_attach_logger (SoupSession *session)
{
  g_autoptr(SoupLogger) logger = NULL;
  int level = g_atomic_int_get (&debug_level);

  if (level < 2)
    return;

  logger = soup_logger_new (level >= 3 ? SOUP_LOGGER_LOG_BODY : SOUP_LOGGER_LOG_HEADERS);
  soup_logger_set_max_body_size (logger, MAX_LOGGED_BODY);
  soup_logger_set_printer (logger, logger_printer, NULL, NULL);
  soup_session_add_feature (session, SOUP_SESSION_FEATURE (logger));
}
