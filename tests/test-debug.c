/* test-debug.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "test-server.h"
#include "test-util.h"

/* SANDBOX_DEBUG, read once when the client class is first used: a program
 * of its own, so that the variable is set before that. */

static GPtrArray *messages;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0)
        domain = fields[i].value;
      else if (g_strcmp0 (fields[i].key, "MESSAGE") == 0)
        message = fields[i].value;
    }

  /* What the default writer would print: G_MESSAGES_DEBUG decides. */
  if (g_strcmp0 (domain, "Sandbox") == 0 &&
      !g_log_writer_default_would_drop (log_level, domain))
    g_ptr_array_add (messages, g_strdup (message));

  return G_LOG_WRITER_HANDLED;
}

static gboolean
logged (const char *fragment)
{
  for (guint i = 0; i < messages->len; i++)
    {
      if (strstr (g_ptr_array_index (messages, i), fragment) != NULL)
        return TRUE;
    }

  return FALSE;
}

static void
test_request_lines (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(SandboxClient) client = test_client_new (test_server_get_url (server));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *ok_line = NULL;
  g_autofree char *missing_line = NULL;

  g_ptr_array_set_size (messages, 0);
  node = sandbox_client_get_specifications (client, NULL, &error);
  g_assert_no_error (error);
  bytes = sandbox_client_download (client, TEST_MISSING_UUID, NULL, NULL, &error);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND);

  ok_line = g_strdup_printf ("GET %sspecifications/: 200 OK (", test_server_get_url (server));
  missing_line = g_strdup_printf ("GET %senvironments/%s/: Sandbox responded with status 404",
                                  test_server_get_url (server), TEST_MISSING_UUID);
  g_assert_true (logged (ok_line));
  g_assert_true (logged (missing_line));
  /* Level 1: no headers. */
  g_assert_false (logged ("User-Agent"));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("SANDBOX_DEBUG", "1", TRUE);
  g_unsetenv ("G_MESSAGES_DEBUG");

  g_test_init (&argc, &argv, NULL);
  messages = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  g_test_add_func ("/debug/request-lines", test_request_lines);

  return g_test_run ();
}
