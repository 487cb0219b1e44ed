/* sandbox-i18n.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <libintl.h>

#include "sandbox-i18n-private.h"

static gpointer
bind_domain (gpointer data)
{
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  /* GError messages are UTF-8, whatever the locale's charset. */
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  return NULL;
}

/* Binds the library's domain to the install prefix's locale directory,
 * once, from whichever thread translates first. */
void
sandbox_i18n_init (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, bind_domain, NULL);
}

/* The translation of @msgid in the library's domain. */
const char *
sandbox_i18n_gettext (const char *msgid)
{
  sandbox_i18n_init ();

  return g_dgettext (GETTEXT_PACKAGE, msgid);
}
