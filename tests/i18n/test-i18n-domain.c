/* test-i18n-domain.c: the library binds its gettext domain, and nothing of
 * the application's
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <libintl.h>
#include <locale.h>
#include <string.h>

#include "sandbox-config.h"
#include "sandbox-error.h"
#include "sandbox-i18n-private.h"
#include "sandbox-json-scan-private.h"
#include "sandbox-response-private.h"
#include "sandbox-url-private.h"

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

#define MISSING "No environment with UUID '0b9e6f3a-8d0c-4c43-9b7e-2f1d4a6c5e81' found"

/* The library's errors in French, from the build's catalogue: bound where
 * an application that relocates its catalogues binds it, after the
 * library's own binding. */
static void
test_library_errors_in_french (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = NULL;

  if (setlocale (LC_ALL, "fr_FR.UTF-8") == NULL)
    {
      g_test_skip ("no fr_FR.UTF-8 locale (locales-all)");
      return;
    }
  g_setenv ("LANGUAGE", "fr", TRUE);
  sandbox_i18n_init ();
  bindtextdomain (GETTEXT_PACKAGE, BUILD_LOCALEDIR);

  url = sandbox_url_normalize_base ("ftp://127.0.0.1/", &error);
  g_assert_null (url);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_URL);
  g_assert_cmpstr (error->message, ==,
                   "«\u00a0ftp://127.0.0.1/\u00a0» n’est pas une URL http ou https");
  g_clear_error (&error);

  /* The server's text that the library puts in its own 404 stays as the
   * server sends it, so a missing environment is told apart in any
   * language. */
  body = g_bytes_new_static (MISSING, strlen (MISSING));
  sandbox_response_set_status_error (&error, 404, "Not Found", body);
  g_assert_true (sandbox_error_is_environment_missing (error));
  g_assert_cmpstr (error->message, ==,
                   "Le bac à sable a répondu avec le statut 404 (Not Found)\u00a0: " MISSING);
  g_clear_error (&error);

  g_assert_false (sandbox_url_check_environment ("NOT-A-UUID", NULL, &error));
  g_assert_true (sandbox_error_is_environment_missing (error));
  g_assert_cmpstr (error->message, ==,
                   "No environment with UUID 'NOT-A-UUID' found\u00a0: l’identifiant d’un "
                   "environnement est un UUID en minuscules (aucune requête n’a été envoyée)");
  g_clear_error (&error);

  /* The front's messages; a config that is not JSON keeps the prefix that
   * sandbox_config_new_from_string() documents. */
  g_assert_null (sandbox_config_new_from_string ("{\"commands\": []}", &error));
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG);
  g_assert_cmpstr (error->message, ==,
                   "commands doit être un tableau non vide, pas un tableau vide");
  g_clear_error (&error);
  g_assert_null (sandbox_config_new_from_string ("{", &error));
  g_assert_cmpstr (error->message, ==,
                   "'config' json is invalid - ligne 1, colonne 2\u00a0: la fin du texte là "
                   "où on attendait un nom de membre entre guillemets doubles");
  g_clear_error (&error);

  /* A plural, and a message built of translated pieces. */
  g_assert_false (_sandbox_json_scan ("[1, 2, 3]", 9, 2, NULL, &error));
  g_assert_error (error, SANDBOX_JSON_SCAN_ERROR, SANDBOX_JSON_SCAN_ERROR_NODES);
  g_assert_cmpstr (error->message, ==, "ligne 1, colonne 5\u00a0: plus de 2 valeurs");
  g_clear_error (&error);

  g_assert_false (_sandbox_json_scan ("[1", 2, 0, NULL, &error));
  g_assert_cmpstr (error->message, ==,
                   "ligne 1, colonne 3\u00a0: la fin du texte là où on attendait "
                   "',' ou ']'");
  g_clear_error (&error);

  /* The C locale: the messages as written. */
  setlocale (LC_ALL, "C");
  g_unsetenv ("LANGUAGE");
  g_assert_false (_sandbox_json_scan ("[1", 2, 0, NULL, &error));
  g_assert_cmpstr (error->message, ==,
                   "line 1, column 3: the end of the text where ',' or ']' was expected");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/i18n/binds-own-domain-only", test_binds_own_domain_only);
  g_test_add_func ("/i18n/application-binding-kept", test_application_binding_kept);
  g_test_add_func ("/i18n/library-errors-in-french", test_library_errors_in_french);

  return g_test_run ();
}
