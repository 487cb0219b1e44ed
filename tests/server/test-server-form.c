/* test-server-form.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "server-form.h"

/* server_form_parse_buffer(), the entry point fuzzers call: the form rules
 * on plain buffers, without a server. */

#define TYPE "multipart/form-data; boundary=XX"

static void
parse (const char *content_type,
       const char *body,
       ServerForm *form)
{
  server_form_parse_buffer (content_type, (const guint8 *) body, strlen (body), form);
}

static void
test_fields_and_file (void)
{
  ServerForm form;

  parse (TYPE,
         "--XX\r\nContent-Disposition: form-data; name=\"config\"\r\n\r\n{\"a\": 1}\r\n"
         "--XX\r\nContent-Disposition: form-data; name=\"environment\"; "
         "filename=\"e.tgz\"\r\n\r\nDATA\r\n--XX--\r\n", &form);
  g_assert_cmpstr (form.config, ==, "{\"a\": 1}");
  g_assert_nonnull (form.environment);
  g_assert_cmpmem (g_bytes_get_data (form.environment, NULL),
                   g_bytes_get_size (form.environment), "DATA", 4);
  g_assert_false (form.too_big);
  server_form_clear (&form);
}

static void
test_malformed (void)
{
  static const char *bodies[] = {
    "",
    "--XX",
    "--XX\r\n",
    "--XX\r\nContent-Disposition: form-data; name=\"config\"",
    "--XX\r\nContent-Disposition: form-data; name=\"config\"\r\n\r\nx\r\n--XX",
    "junk --XX\r\nno headers end",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      ServerForm form;

      parse (TYPE, bodies[i], &form);
      g_assert_null (form.config);
      g_assert_null (form.environment);
      server_form_clear (&form);
    }
}

static void
test_too_many_fields (void)
{
  g_autoptr(GString) body = g_string_new (NULL);
  ServerForm form;

  for (guint i = 0; i < 1001; i++)
    g_string_append_printf (body, "--XX\r\nContent-Disposition: form-data; "
                            "name=\"f%u\"\r\n\r\nv\r\n", i);
  g_string_append (body, "--XX--\r\n");
  parse (TYPE, body->str, &form);
  g_assert_true (form.too_big);
  server_form_clear (&form);
}

static void
test_urlencoded (void)
{
  ServerForm form;

  parse ("application/x-www-form-urlencoded", "a=1&config=%7B%7D", &form);
  g_assert_cmpstr (form.config, ==, "{}");
  server_form_clear (&form);

  parse (NULL, "config=%7B%7D", &form);
  g_assert_null (form.config);
  server_form_clear (&form);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/form/fields-and-file", test_fields_and_file);
  g_test_add_func ("/server/form/malformed", test_malformed);
  g_test_add_func ("/server/form/too-many-fields", test_too_many_fields);
  g_test_add_func ("/server/form/urlencoded", test_urlencoded);

  return g_test_run ();
}
