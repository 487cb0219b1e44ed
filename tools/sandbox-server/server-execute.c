/* server-execute.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "server-config.h"
#include "server-execute.h"
#include "server-form.h"
#include "server-job.h"
#include "server-respond.h"
#include "server-timing.h"

/* POST execute/: reads the form and validates the config on the main
 * thread, waits for a free slot (503 after slot_wait), runs the job on a
 * worker thread while the message is paused, answers, then frees the slot
 * once the worker has removed the working directory. */

typedef struct
{
  ServerContext      *ctx;
  SoupServerMessage  *msg;
  ServerJob          *job;
  gulong              finished_id;
  gboolean            finished;
} ExecRequest;

/* Lets the message go: no more cancellation when its client leaves. */
static void
exec_request_release_message (ExecRequest *req)
{
  if (!req->finished)
    {
      g_signal_handler_disconnect (req->msg, req->finished_id);
      soup_server_message_unpause (req->msg);
      req->finished = TRUE;
    }
}

static void
exec_request_done (ExecRequest *req)
{
  g_hash_table_remove (req->ctx->running, req);
  exec_request_release_message (req);
  g_object_unref (req->msg);
  server_job_free (req->job);
  g_free (req);
}

static void
message_finished (SoupServerMessage *msg,
                  ExecRequest       *req)
{
  /* The client went away: stop the commands. */
  g_signal_handler_disconnect (msg, req->finished_id);
  req->finished = TRUE;
  g_cancellable_cancel (req->job->cancellable);
}

static gboolean
job_answer (gpointer data)
{
  ExecRequest *req = data;
  ServerJob *job = req->job;
  g_autofree char *timing = NULL;
  SoupMessageHeaders *headers;

  if (req->finished)
    return G_SOURCE_REMOVE;

  if (job->json != NULL)
    server_respond_json (req->msg, job->json);
  else if (job->message != NULL)
    server_respond_text (req->msg, job->status, job->message);
  else
    server_respond_page (req->msg, job->status);

  server_timing_add (&job->timing, SERVER_PHASE_ANSWER, job->phase_start);
  timing = server_timing_header (&job->timing);
  headers = soup_server_message_get_response_headers (req->msg);
  soup_message_headers_replace (headers, "Server-Timing", timing);
  /* Where it lives, for a balancer (HAProxy's stick store-response). */
  if (job->saved != NULL)
    soup_message_headers_replace (headers, SERVER_ENVIRONMENT_HEADER,
                                  job->saved);
  exec_request_release_message (req);
  return G_SOURCE_REMOVE;
}

static gboolean
job_done (gpointer data)
{
  ExecRequest *req = data;
  g_autofree char *timing = server_timing_describe (&req->job->timing);

  if (req->ctx->settings->verbose)
    g_message ("execute: %s", timing);
  else
    g_debug ("execute: %s", timing);

  server_slots_release (req->ctx->slots);
  exec_request_done (req);
  return G_SOURCE_REMOVE;
}

static void
run_job (gpointer data,
         gpointer user_data)
{
  ExecRequest *req = data;
  ServerJob *job = req->job;

  job->phase_start = server_timing_add (&job->timing, SERVER_PHASE_WAIT,
                                        job->phase_start);
  server_job_run (job);
  g_idle_add (job_answer, req);
  server_job_cleanup (job);
  g_idle_add (job_done, req);
}

GThreadPool *
server_execute_pool_new (guint slots)
{
  return g_thread_pool_new (run_job, NULL, (int) slots, FALSE, NULL);
}

static void
slot_ready (gboolean acquired,
            gpointer user_data)
{
  ExecRequest *req = user_data;

  if (!acquired)
    {
      if (!req->finished)
        server_respond_text (req->msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
                             "Sandbox overloaded, retry after a few seconds.");
      exec_request_done (req);
      return;
    }

  if (req->finished)
    {
      server_slots_release (req->ctx->slots);
      exec_request_done (req);
      return;
    }

  g_thread_pool_push (req->ctx->pool, req, NULL);
}

void
server_execute_handle (ServerContext     *ctx,
                       SoupServerMessage *msg,
                       GBytes            *body)
{
  g_autofree char *message = NULL;
  ServerExecConfig *config;
  ServerForm form;
  ExecRequest *req;
  guint status = 0;

  server_form_parse (msg, body, &form);

  if (form.too_big)
    {
      server_respond_page (msg, SOUP_STATUS_BAD_REQUEST);
      server_form_clear (&form);
      return;
    }
  if (form.config == NULL)
    {
      server_respond_text (msg, SOUP_STATUS_BAD_REQUEST,
                           "Missing argument 'config'");
      server_form_clear (&form);
      return;
    }

  config = server_exec_config_parse (ctx->settings, form.config,
                                     form.config_len,
                                     soup_message_headers_get_one (
                                       soup_server_message_get_request_headers (msg),
                                       SERVER_ENVIRONMENT_HEADER),
                                     &status, &message);
  if (config == NULL)
    {
      server_respond_text (msg, status, message);
      server_form_clear (&form);
      return;
    }

  req = g_new0 (ExecRequest, 1);
  req->ctx = ctx;
  req->msg = g_object_ref (msg);
  req->job = server_job_new (ctx->settings, config, form.environment);
  req->job->phase_start =
    server_timing_add (&req->job->timing, SERVER_PHASE_RECEIVE,
                       server_timing_received_at (msg));
  server_form_clear (&form);
  g_hash_table_add (ctx->running, req);

  soup_server_message_pause (msg);
  req->finished_id = g_signal_connect (msg, "finished",
                                       G_CALLBACK (message_finished), req);
  server_slots_acquire (ctx->slots, slot_ready, req);
}

/* Stops the commands still running and waits for their jobs to end. */
void
server_execute_shutdown (ServerContext *ctx)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, ctx->running);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_cancellable_cancel (((ExecRequest *) key)->job->cancellable);

  g_thread_pool_free (g_steal_pointer (&ctx->pool), FALSE, TRUE);
}
