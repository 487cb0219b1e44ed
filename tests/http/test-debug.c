/* test-debug.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "test-server.h"
#include "test-util.h"

/* SANDBOX_DEBUG is read once, when the client class is first used: each
 * case runs in a subprocess of its own, started with the environment the
 * case sets. */

static GPtrArray *messages;

/* The application's writer: keeps what GLib's default writer would print
 * of the library's domain. */
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

  if (g_strcmp0 (domain, "Sandbox") == 0 &&
      !g_log_writer_default_would_drop (log_level, domain))
    g_ptr_array_add (messages, g_strdup (message));

  return G_LOG_WRITER_HANDLED;
}

static gboolean
captured (const char *fragment)
{
  for (guint i = 0; i < messages->len; i++)
    {
      if (strstr (g_ptr_array_index (messages, i), fragment) != NULL)
        return TRUE;
    }

  return FALSE;
}

/* A request that succeeds and one that fails, as the log should show. */
static void
make_requests (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(SandboxClient) client = test_client_new (test_server_get_url (server));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GBytes) bytes = NULL;

  node = sandbox_client_get_specifications (client, NULL, &error);
  g_assert_no_error (error);
  bytes = sandbox_client_download (client, TEST_MISSING_UUID, NULL, NULL, &error);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND);
}

#define OK_LINE "*GET http://127.0.0.1:*/specifications/: 200 OK (*"
#define MISSING_LINE \
  "*GET http://127.0.0.1:*/environments/" TEST_MISSING_UUID \
  "/: Sandbox responded with status 404*"

/* SANDBOX_DEBUG=1: the request lines where GLib's default writer prints
 * debug messages (standard output), and nothing of the process changed: no
 * G_MESSAGES_DEBUG, no other domain's debug output. */
static void
child_sandbox_debug (void)
{
  make_requests ();
  g_assert_null (g_getenv ("G_MESSAGES_DEBUG"));
  g_assert_true (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, "Sandbox"));
  g_assert_true (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, "Other"));
}

static void
test_sandbox_debug (void)
{
  g_setenv ("SANDBOX_DEBUG", "1", TRUE);
  g_unsetenv ("G_MESSAGES_DEBUG");
  g_test_trap_subprocess ("/debug/sandbox-debug/subprocess", 0, G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv ("SANDBOX_DEBUG");

  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout (OK_LINE);
  g_test_trap_assert_stdout (MISSING_LINE);
  /* Level 1: no headers. */
  g_test_trap_assert_stdout_unmatched ("*User-Agent*");
}

/* SANDBOX_DEBUG=1 with a log writer of the application's own: the lines
 * reach it at the debug level, as in 1.0, whatever G_MESSAGES_DEBUG says. */
static GLogWriterOutput
capture_all_writer (GLogLevelFlags   log_level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && log_level == G_LOG_LEVEL_DEBUG)
        g_ptr_array_add (messages, g_strdup (fields[i].value));
    }

  return G_LOG_WRITER_HANDLED;
}

static void
child_sandbox_debug_app_writer (void)
{
  messages = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (capture_all_writer, NULL, NULL);

  make_requests ();
  g_assert_true (captured ("/specifications/: 200 OK ("));
  g_assert_true (captured ("/: Sandbox responded with status 404"));

  g_ptr_array_unref (messages);
}

static void
test_sandbox_debug_app_writer (void)
{
  g_setenv ("SANDBOX_DEBUG", "1", TRUE);
  g_unsetenv ("G_MESSAGES_DEBUG");
  g_test_trap_subprocess ("/debug/sandbox-debug-app-writer/subprocess", 0,
                          G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv ("SANDBOX_DEBUG");

  g_test_trap_assert_passed ();
}

/* SANDBOX_DEBUG=2 adds the headers, still without G_MESSAGES_DEBUG. */
static void
child_sandbox_debug_headers (void)
{
  make_requests ();
  g_assert_null (g_getenv ("G_MESSAGES_DEBUG"));
}

static void
test_sandbox_debug_headers (void)
{
  g_setenv ("SANDBOX_DEBUG", "2", TRUE);
  g_unsetenv ("G_MESSAGES_DEBUG");
  g_test_trap_subprocess ("/debug/sandbox-debug-headers/subprocess", 0,
                          G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv ("SANDBOX_DEBUG");

  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout (OK_LINE);
  g_test_trap_assert_stdout ("*User-Agent*");
}

/* G_MESSAGES_DEBUG=Sandbox without SANDBOX_DEBUG: the same lines, through
 * the application's log writer, left as it was. */
static void
child_messages_debug (void)
{
  messages = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  make_requests ();
  g_assert_true (captured ("/specifications/: 200 OK ("));
  g_assert_true (captured ("/: Sandbox responded with status 404"));
  g_assert_false (captured ("User-Agent"));
  g_assert_cmpstr (g_getenv ("G_MESSAGES_DEBUG"), ==, "Sandbox");

  g_ptr_array_unref (messages);
}

static void
test_messages_debug (void)
{
  g_unsetenv ("SANDBOX_DEBUG");
  g_setenv ("G_MESSAGES_DEBUG", "Sandbox", TRUE);
  g_test_trap_subprocess ("/debug/messages-debug/subprocess", 0, G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv ("G_MESSAGES_DEBUG");

  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout_unmatched (OK_LINE);
}

/* Neither: not a line. */
static void
child_quiet (void)
{
  make_requests ();
}

static void
test_quiet (void)
{
  g_unsetenv ("SANDBOX_DEBUG");
  g_unsetenv ("G_MESSAGES_DEBUG");
  g_test_trap_subprocess ("/debug/quiet/subprocess", 0, G_TEST_SUBPROCESS_DEFAULT);

  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout_unmatched ("*specifications/*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/debug/sandbox-debug", test_sandbox_debug);
  g_test_add_func ("/debug/sandbox-debug/subprocess", child_sandbox_debug);
  g_test_add_func ("/debug/sandbox-debug-app-writer", test_sandbox_debug_app_writer);
  g_test_add_func ("/debug/sandbox-debug-app-writer/subprocess",
                   child_sandbox_debug_app_writer);
  g_test_add_func ("/debug/sandbox-debug-headers", test_sandbox_debug_headers);
  g_test_add_func ("/debug/sandbox-debug-headers/subprocess", child_sandbox_debug_headers);
  g_test_add_func ("/debug/messages-debug", test_messages_debug);
  g_test_add_func ("/debug/messages-debug/subprocess", child_messages_debug);
  g_test_add_func ("/debug/quiet", test_quiet);
  g_test_add_func ("/debug/quiet/subprocess", child_quiet);

  return g_test_run ();
}
