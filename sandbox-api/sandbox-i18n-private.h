/* sandbox-i18n-private.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The library's messages are in its own gettext domain, GETTEXT_PACKAGE,
 * which it binds itself on the first translation; it never calls
 * textdomain() or setlocale(), which are the application's. Mark a message
 * with _() where it is used, N_() where it is only stored. */

void sandbox_i18n_init (void);

#define _(String) (sandbox_i18n_init (), g_dgettext (GETTEXT_PACKAGE, (String)))
#define N_(String) (String)

G_END_DECLS
