/* test-i18n-domain.c: the library binds its gettext domain, and nothing of
 * the application's
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <libintl.h>
#include <locale.h>

#include "sandbox-i18n-private.h"

#define N_THREADS 8

static gpointer
translate_in_thread (gpointer data)
{
  return (gpointer) _("No such message in any catalogue");
}

static void
test_binds_own_domain_only (void)
{
  g_autofree char *domain_before = g_strdup (textdomain (NULL));
  g_autofree char *locale_before = g_strdup (setlocale (LC_ALL, NULL));
  GThread *threads[N_THREADS];

  g_assert_cmpstr (domain_before, ==, "messages");

  /* The first translations race from several threads: one binding. */
  for (guint i = 0; i < N_THREADS; i++)
    threads[i] = g_thread_new ("translate", translate_in_thread, NULL);
  for (guint i = 0; i < N_THREADS; i++)
    g_assert_cmpstr (g_thread_join (threads[i]), ==, "No such message in any catalogue");

  g_assert_cmpstr (bindtextdomain (GETTEXT_PACKAGE, NULL), ==, LOCALEDIR);
  g_assert_cmpstr (bind_textdomain_codeset (GETTEXT_PACKAGE, NULL), ==, "UTF-8");
  g_assert_cmpstr (textdomain (NULL), ==, domain_before);
  g_assert_cmpstr (setlocale (LC_ALL, NULL), ==, locale_before);
}

static void
test_application_binding_kept (void)
{
  /* An application that binds the library's domain elsewhere after the
   * library did keeps its binding: the library binds once. */
  sandbox_i18n_init ();
  bindtextdomain (GETTEXT_PACKAGE, "/nonexistent/locale");
  g_assert_cmpstr (_("Another message"), ==, "Another message");
  g_assert_cmpstr (bindtextdomain (GETTEXT_PACKAGE, NULL), ==, "/nonexistent/locale");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/i18n/binds-own-domain-only", test_binds_own_domain_only);
  g_test_add_func ("/i18n/application-binding-kept", test_application_binding_kept);

  return g_test_run ();
}
