/* fuzz-form.c: the local server's reading of an execute/ body
 * (multipart/form-data or application/x-www-form-urlencoded).
 *
 * Input: the Content-Type header's value up to the first newline, then the
 * body.
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "server-form.h"

FUZZ_DEFINE_INITIALIZE ()

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const uint8_t *newline = memchr (data, '\n', size);
  g_autofree char *content_type = NULL;
  const guint8 *body;
  gsize body_size;
  ServerForm form;

  if (newline == NULL)
    return 0;

  content_type = g_strndup ((const char *) data, (gsize) (newline - data));
  body = newline + 1;
  body_size = size - (gsize) (newline - data) - 1;

  /* A header value read off the wire cannot hold a line break. */
  server_form_parse_buffer (strchr (content_type, '\r') == NULL ? content_type : NULL,
                            body, body_size, &form);

  if (form.config != NULL)
    {
      fuzz_check (g_utf8_validate (form.config, -1, NULL));
      fuzz_check (form.config_len == strlen (form.config));
      fuzz_check (form.config_len <= 4 * body_size);
    }
  if (form.environment != NULL)
    fuzz_check (g_bytes_get_size (form.environment) <= body_size);

  server_form_clear (&form);
  fuzz_check (form.config == NULL && form.environment == NULL && !form.too_big);

  return 0;
}
