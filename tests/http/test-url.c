/* test-url.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <sandbox-api.h>

#include "sandbox-url-private.h"

#define UUID "e8c5995b-7049-4b04-8440-5d9d914360fc"

static void
test_normalize_base (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "http://host", "http://host/" },
    { "http://host/", "http://host/" },
    { "http://host:7000//", "http://host:7000/" },
    { "https://host/sandbox", "https://host/sandbox/" },
    { "https://host/sandbox/", "https://host/sandbox/" },
    { "HTTP://host/a/b", "http://host/a/b/" },
    { "http://[::1]:8000", "http://[::1]:8000/" },
    { "http://host/with%20space", "http://host/with%20space/" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = sandbox_url_normalize_base (cases[i].in, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, cases[i].out);
    }
}

/* GLib decodes the host: these would come back as another host, or none,
 * once written again (found by fuzzing). */
static void
test_normalize_base_refuses (void)
{
  static const char *cases[] = {
    "http://good%40evil/",
    "https://%2ft/x/",
    "http://host%3a99/",
    "http://a%23b/",
    "http://exa mple/",
    "http://host/a b/",
    "http://host/\t",
    "http:///path",
    "ftp://host/",
    "http://host/?q",
    "http://\xff\xfe/",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = sandbox_url_normalize_base (cases[i], &error);
      g_autofree char *shown = g_strescape (cases[i], NULL);

      g_test_message ("%s", shown);
      g_assert_null (normalized);
      g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_URL);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

static void
test_is_uuid (void)
{
  g_assert_true (sandbox_url_is_uuid (UUID));
  g_assert_false (sandbox_url_is_uuid ("E8C5995B-7049-4B04-8440-5D9D914360FC"));
  g_assert_false (sandbox_url_is_uuid (UUID "0"));
  g_assert_false (sandbox_url_is_uuid ("e8c5995b-7049-4b04-8440-5d9d914360f"));
  g_assert_false (sandbox_url_is_uuid ("e8c5995b57049-4b04-8440-5d9d914360fc"));
  g_assert_false (sandbox_url_is_uuid ("g8c5995b-7049-4b04-8440-5d9d914360fc"));
  g_assert_false (sandbox_url_is_uuid (""));
  g_assert_false (sandbox_url_is_uuid (NULL));
}

static void
test_path_is_valid (void)
{
  g_assert_true (sandbox_url_path_is_valid ("file"));
  g_assert_true (sandbox_url_path_is_valid ("dir/file1.txt"));
  g_assert_true (sandbox_url_path_is_valid ("..a/b.."));
  g_assert_true (sandbox_url_path_is_valid ("..."));
  g_assert_false (sandbox_url_path_is_valid (""));
  g_assert_false (sandbox_url_path_is_valid ("/abs"));
  g_assert_false (sandbox_url_path_is_valid ("dir/"));
  g_assert_false (sandbox_url_path_is_valid ("a//b"));
  g_assert_false (sandbox_url_path_is_valid ("."));
  g_assert_false (sandbox_url_path_is_valid (".."));
  g_assert_false (sandbox_url_path_is_valid ("a/../../b"));
  g_assert_false (sandbox_url_path_is_valid ("a/./b"));
}

static void
test_for_environment (void)
{
  static const struct { const char *path; const char *url; } cases[] = {
    { NULL, "http://h/p/environments/" UUID "/" },
    { "dir/file1.txt", "http://h/p/files/" UUID "/dir/file1.txt/" },
    { "a b", "http://h/p/files/" UUID "/a%20b/" },
    { "100%", "http://h/p/files/" UUID "/100%25/" },
    { "q?x=1", "http://h/p/files/" UUID "/q%3Fx%3D1/" },
    { "f#frag", "http://h/p/files/" UUID "/f%23frag/" },
    { "crlf\r\nX: 1", "http://h/p/files/" UUID "/crlf%0D%0AX%3A%201/" },
    { "é/ü", "http://h/p/files/" UUID "/%C3%A9/%C3%BC/" },
    { "a;b,c&d=e+f", "http://h/p/files/" UUID "/a%3Bb%2Cc%26d%3De%2Bf/" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = sandbox_url_for_environment ("http://h/p/", UUID, cases[i].path);

      g_assert_cmpstr (url, ==, cases[i].url);
    }
}

static void
test_check_environment (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sandbox_url_check_environment (UUID, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sandbox_url_check_environment (UUID, "a/b", &error));
  g_assert_no_error (error);

  g_assert_false (sandbox_url_check_environment ("x\r\ny", NULL, &error));
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "No environment with UUID 'x\\r\\ny' found"));
  g_clear_error (&error);

  g_assert_false (sandbox_url_check_environment (UUID, "../etc/passwd", &error));
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "The file '../etc/passwd' could not be found"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/url/normalize-base", test_normalize_base);
  g_test_add_func ("/url/normalize-base-refuses", test_normalize_base_refuses);
  g_test_add_func ("/url/is-uuid", test_is_uuid);
  g_test_add_func ("/url/path-is-valid", test_path_is_valid);
  g_test_add_func ("/url/for-environment", test_for_environment);
  g_test_add_func ("/url/check-environment", test_check_environment);

  return g_test_run ();
}
