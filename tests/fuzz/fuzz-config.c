/* fuzz-config.c: a configuration read from JSON text, validated, written
 * back and read again: it must come back equal.
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "sandbox-config.h"
#include "sandbox-error.h"

FUZZ_DEFINE_INITIALIZE ()

static gboolean
same_timeout (SandboxConfig *a,
              SandboxConfig *b,
              guint          i)
{
  double ta = 0, tb = 0;
  gboolean has_a = sandbox_config_get_command_timeout (a, i, &ta);
  gboolean has_b = sandbox_config_get_command_timeout (b, i, &tb);

  return has_a == has_b && memcmp (&ta, &tb, sizeof ta) == 0;
}

static void
check_equal (SandboxConfig *a,
             SandboxConfig *b)
{
  g_auto(GStrv) names_a = sandbox_config_list_variables (a);
  g_auto(GStrv) names_b = sandbox_config_list_variables (b);
  g_autoptr(JsonNode) json_a = sandbox_config_to_json (a);
  g_autoptr(JsonNode) json_b = sandbox_config_to_json (b);
  guint n = sandbox_config_get_n_commands (a);

  fuzz_check (sandbox_config_get_n_commands (b) == n);
  for (guint i = 0; i < n; i++)
    {
      fuzz_check (g_strcmp0 (sandbox_config_get_command (a, i),
                             sandbox_config_get_command (b, i)) == 0);
      fuzz_check (same_timeout (a, b, i));
    }

  fuzz_check (g_strv_equal ((const char * const *) names_a, (const char * const *) names_b));
  for (guint i = 0; names_a[i] != NULL; i++)
    {
      g_autofree char *value_a = sandbox_config_dup_variable (a, names_a[i]);
      g_autofree char *value_b = sandbox_config_dup_variable (b, names_a[i]);

      fuzz_check (value_a != NULL && g_strcmp0 (value_a, value_b) == 0);
    }

  fuzz_check (g_strcmp0 (sandbox_config_get_result_path (a),
                         sandbox_config_get_result_path (b)) == 0);
  fuzz_check (g_strcmp0 (sandbox_config_get_environment (a),
                         sandbox_config_get_environment (b)) == 0);
  fuzz_check (sandbox_config_get_save (a) == sandbox_config_get_save (b));
  fuzz_check (json_node_equal (json_a, json_b));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(SandboxConfig) config = NULL;
  g_autoptr(SandboxConfig) again = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *written = NULL;
  g_autofree char *rewritten = NULL;

  config = sandbox_config_new_from_string (text, &error);
  if (config == NULL)
    {
      fuzz_check (g_error_matches (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_CONFIG));
      return 0;
    }

  json = sandbox_config_to_json (config);
  fuzz_check (sandbox_config_validate (json, NULL));

  written = sandbox_config_to_string (config);
  fuzz_check (g_utf8_validate (written, -1, NULL));

  again = sandbox_config_new_from_string (written, &error);
  if (again == NULL)
    g_error ("The configuration written as %s does not read back: %s",
             written, error->message);

  check_equal (config, again);
  rewritten = sandbox_config_to_string (again);
  fuzz_check (g_strcmp0 (written, rewritten) == 0);

  return 0;
}
