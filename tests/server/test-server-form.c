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

/* A body on which libsoup 3.2.3's parser returns a part of (gsize) -2
 * bytes, which would be read out of bounds (found by fuzzing). */
static const char part_outside_body[] =
  "--s~ndbox-api-76016179nds\042: [\042echo $((2+2))\042]}\015\012--sandbo"
  "x-api-0123456789abcdef0123456789abcdef\015\012Content-Disposition: form"
  "-data; name=\042environment\042; Filename=\042ntent-Type: application/g"
  "zip\015\012\015\012--sandbox-api-0123456789abcdef0123456789abcdef\015\012"
  "Content-Disposi\015\012\015\012tion: for\077m-data; name=\042environmen"
  "t\042; filename=\042env.tgz\042\015\012Content-Type: application/gzi[\015"
  "\012\015\012\037\213\010\000\000\000\000\000\002\003\355\3150\261\315\303"
  ".K\031r\351K\216\373X\017\361\005\367[;^\373e\374\247y\252\365\262\350\306"
  "\314%\273\367|\255\261\315\303.K\031r\351K\216\373X\017\361\005\367[\264"
  "\000\000(\000\000\015\012--sandbox-api-0123456789abcdef0123456789abcdef"
  "--\015\012";

static void
test_part_outside_body (void)
{
  ServerForm form;

  server_form_parse_buffer ("multipart/form-data; "
                            "boundary=sandbox-api-0123456789abcdef0123456789abcdef",
                            (const guint8 *) part_outside_body,
                            sizeof part_outside_body - 1, &form);
  if (form.environment != NULL)
    g_assert_cmpuint (g_bytes_get_size (form.environment), <, sizeof part_outside_body);
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
  g_test_add_func ("/server/form/part-outside-body", test_part_outside_body);

  return g_test_run ();
}
