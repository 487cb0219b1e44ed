/* server-form.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "server-form.h"

/* Reads execute/'s body as Django does: multipart/form-data (a part is a
 * file when its Content-Disposition has a non-empty filename, a field
 * otherwise) or application/x-www-form-urlencoded; the last value of a name
 * wins; fields over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MiB, names included)
 * or more than DATA_UPLOAD_MAX_NUMBER_FIELDS fields are refused. */

#define DJANGO_MAX_MEMORY_SIZE 2621440
#define DJANGO_MAX_NUMBER_FIELDS 1000

void
server_form_clear (ServerForm *form)
{
  g_clear_pointer (&form->config, g_free);
  g_clear_pointer (&form->environment, g_bytes_unref);
  memset (form, 0, sizeof *form);
}

static void
set_config (ServerForm    *form,
            gconstpointer  data,
            gsize          len)
{
  g_free (form->config);
  /* Django decodes fields as UTF-8, replacing what is not. */
  form->config = g_utf8_make_valid (data, len);
  form->config_len = strlen (form->config);
}

/* libsoup 3.2.3's parser can return a part that does not lie within the
 * body (a size of (gsize) -2 on a crafted body, found by fuzzing): such a
 * part would be read out of bounds. */
static gboolean
part_is_within (GBytes *part,
                GBytes *body)
{
  gsize body_size = 0;
  gsize part_size = 0;
  const guint8 *body_data = g_bytes_get_data (body, &body_size);
  const guint8 *part_data = g_bytes_get_data (part, &part_size);

  if (part_size == 0)
    return TRUE;

  return part_data >= body_data && part_size <= body_size
         && (gsize) (part_data - body_data) <= body_size - part_size;
}

static void
parse_multipart (SoupMessageHeaders *headers,
                 GBytes             *body,
                 ServerForm         *form)
{
  SoupMultipart *multipart = soup_multipart_new_from_message (headers, body);
  guint64 field_bytes = 0;
  guint fields = 0;
  int n;

  if (multipart == NULL)
    return;

  n = soup_multipart_get_length (multipart);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(GHashTable) params = NULL;
      g_autofree char *disposition = NULL;
      g_autofree char *name = NULL;
      SoupMessageHeaders *part_headers;
      const char *filename;
      GBytes *part_body;

      if (!soup_multipart_get_part (multipart, i, &part_headers, &part_body))
        continue;

      if (!part_is_within (part_body, body))
        {
          /* The body is not a form: forget what was read of it. */
          server_form_clear (form);
          break;
        }

      if (!soup_message_headers_get_content_disposition (part_headers,
                                                            &disposition,
                                                            &params)
          || g_hash_table_lookup (params, "name") == NULL)
        continue;

      name = g_strstrip (g_strdup (g_hash_table_lookup (params, "name")));
      filename = g_hash_table_lookup (params, "filename");

      if (filename != NULL && *filename != '\0')
        {
          if (strcmp (name, "environment") == 0)
            {
              g_clear_pointer (&form->environment, g_bytes_unref);
              form->environment = g_bytes_ref (part_body);
            }
          continue;
        }

      field_bytes += g_bytes_get_size (part_body) + strlen (name) + 2;
      if (++fields > DJANGO_MAX_NUMBER_FIELDS
          || field_bytes > DJANGO_MAX_MEMORY_SIZE)
        {
          form->too_big = TRUE;
          break;
        }

      if (strcmp (name, "config") == 0)
        set_config (form, g_bytes_get_data (part_body, NULL),
                    g_bytes_get_size (part_body));
    }

  soup_multipart_free (multipart);
}

static void
parse_urlencoded (GBytes     *body,
                  ServerForm *form)
{
  g_autofree char *text = NULL;
  g_autoptr(GHashTable) fields = NULL;
  gsize len = g_bytes_get_size (body);
  const char *config;
  guint n_fields = 1;

  if (len > DJANGO_MAX_MEMORY_SIZE)
    {
      form->too_big = TRUE;
      return;
    }

  text = g_strndup (g_bytes_get_data (body, NULL), len);
  for (const char *p = text; *p != '\0'; p++)
    if (*p == '&' || *p == ';')
      n_fields++;
  if (n_fields > DJANGO_MAX_NUMBER_FIELDS)
    {
      form->too_big = TRUE;
      return;
    }

  fields = soup_form_decode (text);
  config = fields != NULL ? g_hash_table_lookup (fields, "config") : NULL;
  if (config != NULL)
    set_config (form, config, strlen (config));
}

static void
parse_body (SoupMessageHeaders *headers,
            GBytes             *body,
            ServerForm         *form)
{
  const char *content_type;

  memset (form, 0, sizeof *form);
  if (body == NULL || g_bytes_get_size (body) == 0)
    return;

  content_type = soup_message_headers_get_content_type (headers, NULL);
  if (content_type == NULL)
    return;

  if (g_ascii_strcasecmp (content_type, "multipart/form-data") == 0)
    parse_multipart (headers, body, form);
  else if (g_ascii_strcasecmp (content_type,
                               "application/x-www-form-urlencoded") == 0)
    parse_urlencoded (body, form);
}

/* @body must be followed by a NUL byte (libsoup's multipart parser searches
 * part headers with strstr): soup_message_body_flatten() and
 * server_upload_map() both add one. */
void
server_form_parse (SoupServerMessage *msg,
                   GBytes            *body,
                   ServerForm        *form)
{
  parse_body (soup_server_message_get_request_headers (msg), body, form);
}

/* The same on a plain buffer and the value of a Content-Type header: the
 * entry point for fuzzing. */
void
server_form_parse_buffer (const char   *content_type,
                          const guint8 *data,
                          gsize         len,
                          ServerForm   *form)
{
  g_autoptr(SoupMessageHeaders) headers =
    soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autoptr(GBytes) body = NULL;
  guint8 *copy = g_malloc (len + 1);

  if (len > 0)
    memcpy (copy, data, len);
  copy[len] = '\0';
  body = g_bytes_new_take (copy, len);
  if (content_type != NULL)
    soup_message_headers_replace (headers, "Content-Type", content_type);
  parse_body (headers, body, form);
}
