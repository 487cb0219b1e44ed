/* sandbox-upload.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "sandbox-multipart-stream-private.h"
#include "sandbox-upload-private.h"

/* The body of an execute request: a multipart/form-data body with the
 * `config` field and, optionally, the `environment` file part, streamed
 * from the archive with an exact length (the server reads a chunked body
 * as empty). Where the archive and its length come from is
 * sandbox-upload-source.c's business. */

void
sandbox_upload_free (SandboxUpload *self)
{
  if (self == NULL)
    return;

  g_free (self->content_type);
  g_clear_object (&self->body);
  g_free (self);
}

/* A file name fit for a quoted header parameter. */
static char *
sanitize_filename (const char *filename)
{
  char *sanitized = g_strdup (filename != NULL && *filename != '\0'
                              ? filename : "environment.tgz");

  for (char *p = sanitized; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\' || (guchar) *p < 0x20 || *p == 0x7f)
        *p = '_';
    }

  return sanitized;
}

SandboxUpload *
sandbox_upload_new (const char   *config_json,
                    GInputStream *archive,
                    goffset       archive_size,
                    const char   *filename)
{
  g_autofree char *boundary = NULL;
  g_autoptr(GString) head = g_string_new (NULL);
  g_autoptr(GBytes) head_bytes = NULL;
  g_autoptr(GBytes) tail_bytes = NULL;
  SandboxUpload *upload;

  boundary = g_strdup_printf ("sandbox-api-%08x%08x%08x%08x",
                              g_random_int (), g_random_int (),
                              g_random_int (), g_random_int ());

  g_string_append_printf (head,
                          "--%s\r\n"
                          "Content-Disposition: form-data; name=\"config\"\r\n"
                          "\r\n"
                          "%s\r\n",
                          boundary, config_json);

  if (archive != NULL)
    {
      g_autofree char *sanitized = sanitize_filename (filename);

      g_string_append_printf (head,
                              "--%s\r\n"
                              "Content-Disposition: form-data; name=\"environment\"; "
                              "filename=\"%s\"\r\n"
                              "Content-Type: application/gzip\r\n"
                              "\r\n",
                              boundary, sanitized);
      tail_bytes = g_bytes_new_take (g_strdup_printf ("\r\n--%s--\r\n", boundary),
                                     strlen (boundary) + 8);
    }
  else
    {
      tail_bytes = g_bytes_new_take (g_strdup_printf ("--%s--\r\n", boundary),
                                     strlen (boundary) + 6);
    }

  head_bytes = g_string_free_to_bytes (g_steal_pointer (&head));

  upload = g_new0 (SandboxUpload, 1);
  upload->content_type = g_strdup_printf ("multipart/form-data; boundary=%s", boundary);
  upload->body = sandbox_multipart_stream_new (head_bytes, archive, archive_size, tail_bytes);
  upload->length = sandbox_multipart_stream_get_length (SANDBOX_MULTIPART_STREAM (upload->body));

  return upload;
}

