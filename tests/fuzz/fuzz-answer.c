/* fuzz-answer.c: the JSON answers of every endpoint, then the typed
 * execute answer read from them.
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "fuzz-common.h"
#include "sandbox-command-result.h"
#include "sandbox-error.h"
#include "sandbox-execution.h"
#include "sandbox-response-private.h"

FUZZ_DEFINE_INITIALIZE ()

static void
check_execution (SandboxExecution *execution,
                 JsonNode         *root)
{
  GListModel *commands = sandbox_execution_get_commands (execution);
  guint n = g_list_model_get_n_items (commands);
  const char *text;

  fuzz_check (sandbox_execution_get_json (execution) == root);
  fuzz_check (isfinite (sandbox_execution_get_total_time (execution)));
  fuzz_check (sandbox_status_to_string (sandbox_execution_get_status (execution)) != NULL);

  text = sandbox_execution_get_result (execution);
  fuzz_check (text == NULL || g_utf8_validate (text, -1, NULL));
  text = sandbox_execution_get_environment (execution);
  fuzz_check (text == NULL || g_utf8_validate (text, -1, NULL));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SandboxCommandResult) result = g_list_model_get_item (commands, i);

      fuzz_check (result != NULL);
      fuzz_check (g_utf8_validate (sandbox_command_result_get_command (result), -1, NULL));
      fuzz_check (g_utf8_validate (sandbox_command_result_get_stdout (result), -1, NULL));
      fuzz_check (g_utf8_validate (sandbox_command_result_get_stderr (result), -1, NULL));
      fuzz_check (isfinite (sandbox_command_result_get_time (result)));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(SandboxExecution) execution = NULL;

  /* specifications/, usages/, libraries/ and execute/ all go through here. */
  root = sandbox_response_parse_json (body, NULL, &error);
  if (root == NULL)
    {
      fuzz_check (g_error_matches (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE));
      fuzz_check (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  fuzz_check (JSON_NODE_HOLDS_OBJECT (root));

  execution = sandbox_execution_new_from_json (root, &error);
  if (execution == NULL)
    {
      fuzz_check (g_error_matches (error, SANDBOX_ERROR, SANDBOX_ERROR_INVALID_RESPONSE));
      fuzz_check (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }

  check_execution (execution, root);
  return 0;
}
