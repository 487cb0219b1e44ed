/* server-routes.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server-archive.h"
#include "server-connections.h"
#include "server-environments.h"
#include "server-execute.h"
#include "server-host-info.h"
#include "server-libraries.h"
#include "server-respond.h"
#include "server-routes.h"
#include "server-timing.h"
#include "server-upload.h"
#include "server-usages.h"

/* Matches URLs as the real server's Django routes do: every endpoint ends
 * with a slash (no redirect), a UUID is lowercase 8-4-4-4-12 hexadecimal,
 * anything else is Django's 404 page; other methods get 405 with Allow. */

#define ALLOW_GET "GET, HEAD, OPTIONS"
#define ALLOW_POST "POST, OPTIONS"
#define UUID_LEN 36
#define BODY_TOO_LARGE "sandbox-server-body-too-large"
#define SPOOL_FULL "sandbox-server-spool-full"
#define SPOOL_BUDGET "sandbox-server-spool-budget"

/* Whether @msg is a GET or HEAD; answers OPTIONS and 405 itself. */
static gboolean
accept_get (SoupServerMessage *msg)
{
  const char *method = soup_server_message_get_method (msg);

  if (method == SOUP_METHOD_GET || method == SOUP_METHOD_HEAD)
    return TRUE;
  if (method == SOUP_METHOD_OPTIONS)
    server_respond_options (msg, ALLOW_GET);
  else
    server_respond_not_allowed (msg, ALLOW_GET);
  return FALSE;
}

static void
respond_no_environment (SoupServerMessage *msg,
                        const char        *uuid)
{
  g_autofree char *text = g_strdup_printf ("No environment with UUID '%s' found",
                                           uuid);

  server_respond_text (msg, SOUP_STATUS_NOT_FOUND, text);
}

typedef struct
{
  SoupServerMessage  *msg;
  ServerUsageSample  *before;
  ServerContext      *ctx;
} UsageRequest;

static gboolean
usage_sampled (gpointer data)
{
  UsageRequest *req = data;
  g_autoptr(ServerUsageSample) after = server_usage_sample ();
  guint busy = server_slots_busy (req->ctx->slots);
  g_autoptr(GString) json = server_usage_report (req->before, after, busy);

  server_respond_json (req->msg, json);
  soup_server_message_unpause (req->msg);
  g_object_unref (req->msg);
  server_usage_sample_free (req->before);
  g_free (req);
  return G_SOURCE_REMOVE;
}

static void
handle_usages (ServerContext     *ctx,
               SoupServerMessage *msg)
{
  UsageRequest *req = g_new0 (UsageRequest, 1);

  req->msg = g_object_ref (msg);
  req->ctx = ctx;
  req->before = server_usage_sample ();
  soup_server_message_pause (msg);
  g_timeout_add ((guint) (ctx->settings->usage_interval * 1000),
                 usage_sampled, req);
}

static void
handle_environment (ServerContext     *ctx,
                    SoupServerMessage *msg,
                    const char        *uuid)
{
  g_autofree char *path = server_environments_lookup (ctx->settings, uuid);
  g_autofree char *filename = NULL;
  struct stat st;
  int fd;

  fd = path != NULL ? open (path, O_RDONLY | O_CLOEXEC) : -1;
  if (fd < 0)
    {
      respond_no_environment (msg, uuid);
      return;
    }
  if (fstat (fd, &st) != 0)
    {
      close (fd);
      server_respond_page (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR);
      return;
    }

  filename = g_strconcat (uuid, ".tgz", NULL);
  server_respond_download (msg, fd, st.st_size, "application/gzip", filename);
}

typedef struct
{
  SoupServerMessage  *msg;
  char               *archive;
  char               *uuid;
  char               *member;
  int                 tmp_dirfd;
  int                 fd;
  guint64             size;
} FileRequest;

static void
file_request_free (FileRequest *req)
{
  if (req->fd >= 0)
    close (req->fd);
  g_object_unref (req->msg);
  g_free (req->archive);
  g_free (req->uuid);
  g_free (req->member);
  g_free (req);
}

static void
find_file_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  FileRequest *req = task_data;
  GError *error = NULL;

  if (server_archive_find (req->archive, req->member, req->tmp_dirfd,
                           &req->fd, &req->size, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
find_file_done (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  FileRequest *req = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *base = g_path_get_basename (req->member);

      server_respond_download (req->msg, req->fd, req->size,
                               "application/octet-stream", base);
      req->fd = -1;
    }
  else if (g_error_matches (error, SERVER_ARCHIVE_ERROR,
                            SERVER_ARCHIVE_ERROR_IO)
           && !g_file_test (req->archive, G_FILE_TEST_EXISTS))
    /* Removed since it was looked up (by another instance's sweep). */
    respond_no_environment (req->msg, req->uuid);
  else if (g_error_matches (error, SERVER_ARCHIVE_ERROR,
                            SERVER_ARCHIVE_ERROR_NOT_FOUND))
    {
      g_autofree char *text =
        g_strdup_printf ("The file '%s' could not be found in environment '%s'",
                         req->member, req->uuid);

      server_respond_text (req->msg, SOUP_STATUS_NOT_FOUND, text);
    }
  else
    {
      g_warning ("Cannot read %s: %s", req->archive, error->message);
      server_respond_page (req->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR);
    }

  soup_server_message_unpause (req->msg);
}

static void
handle_file (ServerContext     *ctx,
             SoupServerMessage *msg,
             const char        *uuid,
             const char        *member)
{
  g_autofree char *path = server_environments_lookup (ctx->settings, uuid);
  g_autoptr(GTask) task = NULL;
  FileRequest *req;

  if (path == NULL)
    {
      respond_no_environment (msg, uuid);
      return;
    }

  req = g_new0 (FileRequest, 1);
  req->msg = g_object_ref (msg);
  req->archive = g_steal_pointer (&path);
  req->uuid = g_strdup (uuid);
  req->member = g_strdup (member);
  req->fd = -1;
  req->tmp_dirfd = soup_server_message_get_method (msg) == SOUP_METHOD_HEAD
                   ? -1 : ctx->work_root_fd;

  soup_server_message_pause (msg);
  task = g_task_new (NULL, NULL, find_file_done, NULL);
  g_task_set_task_data (task, req, (GDestroyNotify) file_request_free);
  g_task_run_in_thread (task, find_file_thread);
}

static void
handle_execute (ServerContext     *ctx,
                SoupServerMessage *msg)
{
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  if (method == SOUP_METHOD_OPTIONS)
    {
      server_respond_options (msg, ALLOW_POST);
      return;
    }
  if (method != SOUP_METHOD_POST)
    {
      server_respond_not_allowed (msg, ALLOW_POST);
      return;
    }

  if (g_object_get_data (G_OBJECT (msg), BODY_TOO_LARGE) != NULL)
    {
      g_autofree char *text =
        g_strdup_printf ("Request body too large (more than %" G_GUINT64_FORMAT
                         " bytes)", ctx->settings->max_request);

      server_respond_text (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, text);
      return;
    }
  /* Other bodies take the room of the work directory (--max-spooled): the
   * protocol's answer to a full server, which clients retry. */
  if (g_object_get_data (G_OBJECT (msg), SPOOL_FULL) != NULL)
    {
      server_respond_text (msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
                           "Sandbox overloaded, retry after a few seconds.");
      return;
    }

  /* Only a body with a length was kept: a chunked one reads as empty, as
   * the real server does. */
  body = server_upload_map (msg, &error);
  if (error != NULL)
    {
      g_warning ("%s", error->message);
      server_respond_page (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR);
      return;
    }

  server_execute_handle (ctx, msg, body);
  if (body != NULL)
    server_upload_drop_pages (body);
}

static gboolean
parse_uuid (const char  *p,
            char       **out_uuid)
{
  g_autofree char *uuid = g_strndup (p, UUID_LEN);

  if (strlen (p) <= UUID_LEN || p[UUID_LEN] != '/'
      || !server_uuid_is_valid (uuid))
    return FALSE;
  *out_uuid = g_steal_pointer (&uuid);
  return TRUE;
}

static void
dispatch (ServerContext     *ctx,
          SoupServerMessage *msg,
          const char        *path)
{
  g_autofree char *uuid = NULL;

  if (strcmp (path, "/specifications/") == 0)
    {
      if (accept_get (msg))
        {
          g_autoptr(GString) json = server_host_specifications (ctx->settings);

          server_respond_json (msg, json);
        }
    }
  else if (strcmp (path, "/usages/") == 0)
    {
      if (accept_get (msg))
        handle_usages (ctx, msg);
    }
  else if (strcmp (path, "/libraries/") == 0)
    {
      if (accept_get (msg))
        server_libraries_handle (ctx->libraries, msg);
    }
  else if (strcmp (path, "/execute/") == 0)
    handle_execute (ctx, msg);
  else if (g_str_has_prefix (path, "/environments/")
           && parse_uuid (path + strlen ("/environments/"), &uuid)
           && strcmp (path + strlen ("/environments/") + UUID_LEN, "/") == 0)
    {
      if (accept_get (msg))
        handle_environment (ctx, msg, uuid);
    }
  else if (g_str_has_prefix (path, "/files/")
           && parse_uuid (path + strlen ("/files/"), &uuid)
           && strlen (path + strlen ("/files/") + UUID_LEN + 1) >= 2
           && g_str_has_suffix (path, "/"))
    {
      const char *rest = path + strlen ("/files/") + UUID_LEN + 1;
      g_autofree char *member = g_strndup (rest, strlen (rest) - 1);

      if (accept_get (msg))
        handle_file (ctx, msg, uuid, member);
    }
  else
    server_respond_page (msg, SOUP_STATUS_NOT_FOUND);
}

/* The request's path, decoded; NULL when it is not valid UTF-8. */
static char *
decoded_path (SoupServerMessage *msg)
{
  const char *raw = g_uri_get_path (soup_server_message_get_uri (msg));
  g_autofree char *decoded = g_uri_unescape_string (raw, NULL);

  if (decoded == NULL || !g_utf8_validate (decoded, -1, NULL))
    return NULL;
  return g_steal_pointer (&decoded);
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  ServerContext *ctx = user_data;
  g_autofree char *decoded = decoded_path (msg);

  if (ctx->settings->verbose)
    g_message ("%s %s", soup_server_message_get_method (msg),
               g_uri_get_path (soup_server_message_get_uri (msg)));

  if (decoded == NULL)
    server_respond_page (msg, SOUP_STATUS_NOT_FOUND);
  else
    dispatch (ctx, msg, decoded);
}

static gboolean
is_execute_post (SoupServerMessage *msg)
{
  g_autofree char *decoded = decoded_path (msg);

  return soup_server_message_get_method (msg) == SOUP_METHOD_POST
         && g_strcmp0 (decoded, "/execute/") == 0;
}

/* Before the body is read: no body is kept in memory. The one execute/ reads
 * (with a length, within --max-request and --max-spooled) goes to disk; the
 * others are dropped as they arrive (a chunked one is read as empty). */
static void
early_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  ServerContext *ctx = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  ServerSpoolBudget *budget = g_object_get_data (G_OBJECT (server), SPOOL_BUDGET);
  gboolean execute = is_execute_post (msg);
  goffset length;

  soup_message_body_set_accumulate (body, FALSE);
  if (execute)
    server_timing_mark_received (msg);
  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH)
    return;

  length = soup_message_headers_get_content_length (headers);
  if ((guint64) length > ctx->settings->max_request)
    g_object_set_data (G_OBJECT (msg), BODY_TOO_LARGE, GINT_TO_POINTER (1));
  else if (length > 0 && execute
           && !server_upload_spool (msg, budget, length, ctx->work_root_fd,
                                    ctx->settings->work_root))
    g_object_set_data (G_OBJECT (msg), SPOOL_FULL, GINT_TO_POINTER (1));
}

/* Every answer says which instance gave it, errors included. */
static void
request_started (SoupServer        *server,
                 SoupServerMessage *msg,
                 ServerContext     *ctx)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                SERVER_INSTANCE_HEADER,
                                ctx->settings->instance_id);
}

void
server_routes_install (ServerContext *ctx)
{
  g_object_set_data_full (G_OBJECT (ctx->server), SPOOL_BUDGET,
                          server_spool_budget_new (ctx->settings->max_spooled),
                          (GDestroyNotify) server_spool_budget_unref);
  server_connections_watch (ctx->server, ctx->settings->connection_timeout);
  g_signal_connect (ctx->server, "request-started",
                    G_CALLBACK (request_started), ctx);
  soup_server_add_early_handler (ctx->server, NULL, early_handler, ctx, NULL);
  soup_server_add_handler (ctx->server, NULL, handler, ctx, NULL);
}
