/* test-integration-fleet.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sandbox-server-launcher.h"
#include "test-util.h"

/* The fleet features of the library against the built sandbox-server
 * (docs/fleet.md): the instance that answered, the Sandbox-Environment
 * request header that the server checks against the config, and an
 * environment that is gone (removed from the storage, as on another
 * instance or after expiry) replaced by the fallback archive. */

#define INSTANCE "fleet-test-instance"

static LaunchedServer *server;

static void
test_fallback (gconstpointer data)
{
  TestMode mode = TEST_MODE (data);
  g_autoptr(SandboxClient) client = test_client_new (launched_server_get_url (server));
  g_autoptr(SandboxEnvironmentBuilder) original = test_builder_new_data ("saved");
  g_autoptr(SandboxEnvironmentBuilder) fallback = test_builder_new_data ("from the fallback");
  g_autoptr(SandboxConfig) save = sandbox_config_new ();
  g_autoptr(SandboxConfig) reuse = sandbox_config_new ();
  g_autoptr(SandboxExecution) saved = NULL;
  g_autoptr(SandboxExecution) reused = NULL;
  g_autoptr(SandboxExecution) missing = NULL;
  g_autoptr(SandboxExecution) recovered = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *archive = NULL;
  char *uuid;

  /* Saved, on the instance that says so. */
  sandbox_config_add_command (save, "cat data.txt", FALSE);
  sandbox_config_set_save (save, TRUE);
  saved = run_execute_builder (client, save, original, FALSE, mode, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sandbox_execution_get_status (saved), ==, SANDBOX_STATUS_SUCCESS);
  g_assert_cmpstr (sandbox_execution_get_instance (saved), ==, INSTANCE);
  uuid = (char *) sandbox_execution_get_environment (saved);
  g_assert_nonnull (uuid);

  /* Reused while it is there: the server took the Sandbox-Environment
   * header (it answers 400 when the header and the config disagree), and
   * the fallback was not needed. */
  sandbox_config_add_command (reuse, "cat data.txt", FALSE);
  sandbox_config_set_environment (reuse, uuid);
  sandbox_config_set_affinity_key (reuse, "chain-1");
  reused = run_execute_builder (client, reuse, fallback, TRUE, mode, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (test_execution_first_stdout (reused), ==, "saved");
  g_assert_cmpstr (sandbox_execution_get_instance (reused), ==, INSTANCE);

  /* Gone from the storage: a plain execute fails as 1.0 said ... */
  archive = g_strdup_printf ("%s/%s.tgz", server->storage, uuid);
  g_assert_cmpint (g_unlink (archive), ==, 0);
  missing = run_execute_builder (client, reuse, NULL, FALSE, mode, &error);
  g_assert_null (missing);
  g_assert_error (error, SANDBOX_ERROR, SANDBOX_ERROR_NOT_FOUND);
  g_assert_true (sandbox_error_is_environment_missing (error));
  g_clear_error (&error);

  /* ... and the one with a fallback runs on the archive instead. */
  recovered = run_execute_builder (client, reuse, fallback, TRUE, mode, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sandbox_execution_get_status (recovered), ==, SANDBOX_STATUS_SUCCESS);
  g_assert_cmpstr (test_execution_first_stdout (recovered), ==, "from the fallback");
  g_assert_cmpstr (sandbox_execution_get_instance (recovered), ==, INSTANCE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  test_add_both_modes ("/integration/fleet/fallback", test_fallback);

  return launched_server_run_tests (&server, "--slots=2", "--instance-id=" INSTANCE, NULL);
}
