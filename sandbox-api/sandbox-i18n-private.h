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

void         sandbox_i18n_init    (void);
const char *sandbox_i18n_gettext (const char *msgid) G_GNUC_FORMAT (1);

/* A function, not a comma expression, so that the compiler checks a
 * translated format against its arguments. For a plural, call
 * sandbox_i18n_init() then g_dngettext (GETTEXT_PACKAGE, …). */
#define _(String) sandbox_i18n_gettext (String)
#define N_(String) (String)

G_END_DECLS
