/* server-respond.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "server-respond.h"

/* Answers shaped like the real server's (Django behind a WSGI server): JSON
 * and error answers carry no Content-Length and close the connection;
 * error bodies are the bare text; downloads carry Content-Length and are
 * streamed from disk. */

#define DOWNLOAD_CHUNK 65536

/* Django's default error pages (django/views/defaults.py). */
#define DJANGO_ERROR_PAGE \
  "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>%s</title>\n" \
  "</head>\n<body>\n  <h1>%s</h1><p>%s</p>\n</body>\n</html>\n"

static void
respond_closing (SoupServerMessage *msg,
                 guint              status,
                 const char        *content_type,
                 const char        *body,
                 gsize              len)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_EOF);
  soup_message_headers_replace (headers, "Connection", "close");
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY,
                                    body, len);
  /* With no length, the end of the body must be said (a paused message is
   * not completed by libsoup itself). */
  soup_message_body_complete (soup_server_message_get_response_body (msg));
}

void
server_respond_text (SoupServerMessage *msg,
                     guint              status,
                     const char        *text)
{
  respond_closing (msg, status, "text/html; charset=utf-8", text, strlen (text));
}

void
server_respond_json (SoupServerMessage *msg,
                     GString           *json)
{
  respond_closing (msg, SOUP_STATUS_OK, "application/json", json->str,
                   json->len);
}

void
server_respond_page (SoupServerMessage *msg,
                     guint              status)
{
  g_autofree char *page = NULL;

  switch (status)
    {
    case SOUP_STATUS_NOT_FOUND:
      page = g_strdup_printf (DJANGO_ERROR_PAGE, "Not Found", "Not Found",
                              "The requested resource was not found on this "
                              "server.");
      break;
    case SOUP_STATUS_BAD_REQUEST:
      page = g_strdup_printf (DJANGO_ERROR_PAGE, "Bad Request (400)",
                              "Bad Request (400)", "");
      break;
    default:
      status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
      page = g_strdup_printf (DJANGO_ERROR_PAGE, "Server Error (500)",
                              "Server Error (500)", "");
      break;
    }

  respond_closing (msg, status, "text/html", page, strlen (page));
}

void
server_respond_not_allowed (SoupServerMessage *msg,
                            const char        *allow)
{
  respond_closing (msg, SOUP_STATUS_METHOD_NOT_ALLOWED,
                   "text/html; charset=utf-8", "", 0);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Allow", allow);
}

void
server_respond_options (SoupServerMessage *msg,
                        const char        *allow)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8",
                                    SOUP_MEMORY_STATIC, "", 0);
  soup_message_headers_set_content_length (headers, 0);
  soup_message_headers_replace (headers, "Allow", allow);
}

#define DOWNLOAD_KEY "sandbox-server-download"

typedef struct
{
  int      fd;
  guint64  remaining;
} Download;

static void
download_free (Download *download)
{
  if (download->fd >= 0)
    close (download->fd);
  g_free (download);
}

static void
download_next_chunk (SoupServerMessage *msg,
                     Download          *download)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  gsize want = (gsize) MIN (download->remaining, DOWNLOAD_CHUNK);
  guint8 *buf;
  gssize n;

  if (download->remaining == 0 || download->fd < 0)
    {
      soup_message_body_complete (body);
      return;
    }

  buf = g_malloc (want);
  do
    n = read (download->fd, buf, want);
  while (n < 0 && errno == EINTR);

  if (n <= 0)
    {
      /* The file shrank under us: end the body short. */
      g_free (buf);
      download->remaining = 0;
      soup_message_body_complete (body);
      return;
    }

  download->remaining -= n;
  soup_message_body_append_take (body, buf, n);
}

/* Written or cut off: the file (maybe an unlinked copy) is closed at once,
 * whoever still holds the message. */
static void
download_finished (SoupServerMessage *msg,
                   Download          *download)
{
  if (download->fd >= 0)
    close (download->fd);
  download->fd = -1;
}

/* Answers 200 with the @size bytes of @fd (which it takes over), streamed
 * chunk after chunk as the previous one is written; HEAD gets the headers
 * only. */
void
server_respond_download (SoupServerMessage *msg,
                         int                fd,
                         guint64            size,
                         const char        *content_type,
                         const char        *filename)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autofree char *disposition = g_strdup_printf ("attachment; filename=%s",
                                                  filename);
  Download *download;

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, content_type, NULL);
  soup_message_headers_set_content_length (headers, size);
  soup_message_headers_replace (headers, "Content-Disposition", disposition);

  if (soup_server_message_get_method (msg) == SOUP_METHOD_HEAD)
    {
      close (fd);
      return;
    }

  soup_message_body_set_accumulate (body, FALSE);
  download = g_new0 (Download, 1);
  download->fd = fd;
  download->remaining = size;
  g_object_set_data_full (G_OBJECT (msg), DOWNLOAD_KEY, download,
                          (GDestroyNotify) download_free);
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (download_next_chunk),
                    download);
  g_signal_connect (msg, "finished", G_CALLBACK (download_finished), download);
  download_next_chunk (msg, download);
}
