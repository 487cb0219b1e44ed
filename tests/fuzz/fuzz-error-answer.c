/* fuzz-error-answer.c: an error answer's status, reason phrase and body
 * made into an error message.
 *
 * Input: two bytes of status (big-endian), the reason phrase up to the
 * first newline, then the body.
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "sandbox-error.h"
#include "sandbox-response-private.h"

FUZZ_DEFINE_INITIALIZE ()

/* One line a user can read: UTF-8, no control characters, bounded. */
static void
check_readable (const char *text,
                glong       max_chars)
{
  fuzz_check (g_utf8_validate (text, -1, NULL));
  fuzz_check (g_utf8_strlen (text, -1) <= max_chars);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    fuzz_check (!g_unichar_iscntrl (g_utf8_get_char (p)));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *text = NULL;
  const uint8_t *newline;
  guint status;

  if (size < 2)
    return 0;
  status = (guint) data[0] << 8 | data[1];
  data += 2;
  size -= 2;

  newline = memchr (data, '\n', size);
  if (newline != NULL)
    {
      reason = g_strndup ((const char *) data, (gsize) (newline - data));
      size -= (gsize) (newline - data) + 1;
      data = newline + 1;
    }
  body = g_bytes_new (data, size);

  text = sandbox_response_body_to_text (body);
  /* The characters shown, maybe a space before the last one, and "…". */
  check_readable (text, SANDBOX_ERROR_BODY_MAX_SHOWN + 2);
  fuzz_check (!g_str_has_prefix (text, " ") && !g_str_has_suffix (text, " "));

  sandbox_response_set_status_error (&error, status, reason, body);
  fuzz_check (error != NULL && error->domain == SANDBOX_ERROR);
  fuzz_check (error->code == (int) status);
  check_readable (error->message, 2 * (SANDBOX_ERROR_BODY_MAX_SHOWN + 2) + 64);
  fuzz_check (strstr (error->message, text) != NULL);

  return 0;
}
