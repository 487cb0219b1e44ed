/* sandbox-client-execute.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-client-private.h"
#include "sandbox-config-private.h"
#include "sandbox-environment-builder.h"
#include "sandbox-error.h"
#include "sandbox-json-private.h"
#include "sandbox-upload-private.h"
#include "sandbox-upload-source-private.h"
#include "sandbox-url-private.h"

/* Every execute, whatever its archive comes from (a stream, a file, an
 * environment builder), goes through run_execute() or start_execute(): the
 * archive's source is opened, wrapped in the multipart body with the
 * configuration, and the request sent, again for a retry. */

typedef struct
{
  char                *config_json;
  SandboxUploadSource *source;     /* nullable */
  SandboxProgress     *progress;   /* nullable */
  SandboxUpload       *upload;     /* while a pool's thread sends it */
  /* Sent in headers, for a balancer (docs/fleet.md); nullable. */
  char                *environment;
  char                *affinity_key;
  SoupMessage         *message;    /* the asynchronous request, for its answer's headers */
} ExecuteState;

static void
execute_state_free (ExecuteState *state)
{
  g_free (state->config_json);
  g_free (state->environment);
  g_free (state->affinity_key);
  g_clear_object (&state->message);
  g_clear_pointer (&state->source, sandbox_upload_source_unref);
  g_clear_pointer (&state->progress, sandbox_progress_unref);
  g_clear_pointer (&state->upload, sandbox_upload_free);
  g_free (state);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExecuteState, execute_state_free)

/* An execute of @config with @archive, a GInputStream, a GFile or a
 * SandboxEnvironmentBuilder (NULL for none), reported to @progress, which
 * it takes; NULL when the client is not set up or the server would refuse
 * @config. */
static ExecuteState *
execute_state_new (SandboxClient    *self,
                   SandboxConfig    *config,
                   gpointer          archive,
                   SandboxProgress  *progress,
                   GError          **error)
{
  g_autoptr(SandboxProgress) owned_progress = progress;
  g_autofree char *config_json = NULL;
  ExecuteState *state;

  if (!sandbox_client_check_base_url (self, error))
    return NULL;

  config_json = _sandbox_config_to_checked_string (config, error);
  if (config_json == NULL)
    return NULL;

  state = g_new0 (ExecuteState, 1);
  state->config_json = g_steal_pointer (&config_json);
  state->progress = g_steal_pointer (&owned_progress);
  state->environment = g_strdup (sandbox_config_get_environment (config));
  state->affinity_key = g_strdup (sandbox_config_get_affinity_key (config));
  if (G_IS_INPUT_STREAM (archive))
    state->source = sandbox_upload_source_new_stream (archive);
  else if (G_IS_FILE (archive))
    state->source = sandbox_upload_source_new_file (archive);
  else if (archive != NULL)
    state->source = sandbox_upload_source_new_environment (archive);
  return state;
}

static void
wrote_body_data_cb (SoupMessage *message,
                    guint        chunk_size,
                    gpointer     user_data)
{
  sandbox_progress_add (user_data, chunk_size);
}

/* The request body, around the archive of @source opened (again). */
static SandboxUpload *
open_upload (const ExecuteState  *state,
             GCancellable        *cancellable,
             GError             **error)
{
  g_autoptr(GInputStream) archive = NULL;
  goffset size = 0;

  if (state->source == NULL)
    return sandbox_upload_new (state->config_json, NULL, 0, NULL);

  archive = sandbox_upload_source_open (state->source, &size, cancellable, error);
  if (archive == NULL)
    return NULL;

  return sandbox_upload_new (state->config_json, archive, size,
                             sandbox_upload_source_get_filename (state->source));
}

/* Before the request is sent again (see sandbox-retry.c): its body anew,
 * around the archive of the source opened again. */
static gboolean
rewind_execute (SoupMessage *message,
                gpointer     user_data)
{
  const ExecuteState *state = user_data;
  g_autoptr(SandboxUpload) upload = NULL;
  g_autoptr(GError) error = NULL;

  upload = open_upload (state, NULL, &error);
  if (upload == NULL)
    {
      g_debug ("The environment archive cannot be sent again: %s", error->message);
      return FALSE;
    }

  soup_message_set_request_body (message, upload->content_type, upload->body, upload->length);
  sandbox_progress_start (state->progress, upload->length);
  return TRUE;
}

/* The POST to execute/ carrying @upload as its body, its bytes counted
 * by @progress as they are written to the network, and the @options to
 * send it with: it may be sent again (after a 503 or a refused connection)
 * when its archive can be. */
static SoupMessage *
new_execute_message (SandboxClient         *self,
                     SandboxUpload         *upload,
                     const ExecuteState    *state,
                     SandboxRequestOptions *options)
{
  SandboxProgress *progress = state->progress;
  g_autofree char *url = NULL;
  SoupMessageHeaders *headers;
  SoupMessage *message;

  url = sandbox_url_for_endpoint (sandbox_client_get_normalized_base_url (self), "execute/");
  message = sandbox_client_new_message (self, SOUP_METHOD_POST, url);
  /* What a balancer cannot read in the multipart body; an id that is not
   * a UUID names nothing, and is no header value. */
  headers = soup_message_get_request_headers (message);
  if (state->environment != NULL && g_uuid_string_is_valid (state->environment))
    soup_message_headers_replace (headers, "Sandbox-Environment", state->environment);
  if (state->affinity_key != NULL)
    soup_message_headers_replace (headers, "Sandbox-Affinity", state->affinity_key);
  /* A redirect would turn the POST into a GET or need the body again. */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_set_request_body (message, upload->content_type, upload->body, upload->length);

  if (progress != NULL)
    g_signal_connect_data (message, "wrote-body-data", G_CALLBACK (wrote_body_data_cb),
                           sandbox_progress_ref (progress),
                           (GClosureNotify) (void (*) (void)) sandbox_progress_unref, 0);
  sandbox_progress_start (progress, upload->length);

  sandbox_client_get_request_options (self, message, SANDBOX_RESPONSE_JSON, options);
  if (state->source == NULL || sandbox_upload_source_is_replayable (state->source))
    {
      options->rewind = rewind_execute;
      options->rewind_data = (gpointer) state;
    }
  return message;
}

/* The execution the server answered with, or NULL with @error set; the
 * last progress report once it is in. */
static SandboxExecution *
answered (const ExecuteState  *state,
          SoupMessage         *message,
          JsonNode            *answer,
          GError             **error)
{
  SandboxExecution *execution = NULL;
  const char *instance;

  if (answer != NULL)
    execution = sandbox_execution_new_from_json (answer, error);
  if (execution == NULL)
    return NULL;

  /* A header's bytes are not always text: such a name is left out. */
  instance = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                           "Sandbox-Instance");
  if (instance != NULL && g_utf8_validate (instance, -1, NULL))
    _sandbox_execution_set_instance (execution, instance);
  sandbox_progress_done (state->progress);
  return execution;
}

static void
return_execution (GTask            *task,
                  SandboxExecution *execution,
                  GError           *error)
{
  if (execution != NULL)
    g_task_return_pointer (task, execution, g_object_unref);
  else
    g_task_return_error (task, error);
}

static void
executed_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExecuteState *state = g_task_get_task_data (task);
  g_autoptr(JsonNode) answer = NULL;
  SandboxExecution *execution;
  GError *error = NULL;

  answer = sandbox_request_finish_json (result, &error);
  execution = answered (state, state->message, answer, &error);
  return_execution (task, execution, error);
}

/* libsoup's blocking API, where the body goes in one blocking splice: its
 * asynchronous one needs two main-context iterations per 8 KiB. */
static SandboxExecution *
send_upload_blocking (SandboxClient       *self,
                      SandboxUpload       *upload,
                      const ExecuteState  *state,
                      GCancellable        *cancellable,
                      GError             **error)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(JsonNode) answer = NULL;
  SandboxRequestOptions options;

  message = new_execute_message (self, upload, state, &options);
  answer = sandbox_request_send_json (&options, cancellable, error);
  return answered (state, message, answer, error);
}

/* An asynchronous execute with a body this large is sent from a thread of
 * GTask's pool, on libsoup's blocking API, to go as fast as a blocking one.
 * That thread reads the archive; the progress reports reach the task's
 * context before the result. */
#define THREADED_UPLOAD_MIN (4 * 1024 * 1024)

/* Sends the upload of the execute task in @task_data, which the callback
 * holds. */
static void
threaded_send (GTask        *send_task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *unused)
{
  GTask *task = task_data;
  ExecuteState *state = g_task_get_task_data (task);
  GError *error = NULL;
  SandboxExecution *execution;

  execution = send_upload_blocking (g_task_get_source_object (task), state->upload, state,
                                    g_task_get_cancellable (task), &error);
  g_clear_pointer (&state->upload, sandbox_upload_free);
  return_execution (send_task, execution, error);
}

/* Returns the execution of the inner task @result as that of the task
 * @user_data, in the latter's context, so that it and the client it holds
 * are released there, not in a pool's thread. */
static void
forward_execution_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  SandboxExecution *execution = g_task_propagate_pointer (G_TASK (result), &error);

  return_execution (task, execution, error);
}

static void
send_upload_async (GTask         *owned_task,
                   SandboxUpload *owned_upload)
{
  g_autoptr(GTask) task = owned_task;
  g_autoptr(SandboxUpload) upload = owned_upload;
  SandboxClient *self = g_task_get_source_object (task);
  ExecuteState *state = g_task_get_task_data (task);
  /* Read before the task is handed on. */
  GCancellable *cancellable = g_task_get_cancellable (task);
  gpointer source_tag = g_task_get_source_tag (task);
  g_autoptr(SoupMessage) message = NULL;
  SandboxRequestOptions options;

  if (upload->length >= THREADED_UPLOAD_MIN)
    {
      g_autoptr(GTask) send_task = g_task_new (NULL, NULL, forward_execution_cb, task);

      state->upload = g_steal_pointer (&upload);
      g_task_set_source_tag (send_task, threaded_send);
      g_task_set_task_data (send_task, g_steal_pointer (&task), NULL);
      g_task_run_in_thread (send_task, threaded_send);
      return;
    }

  message = new_execute_message (self, upload, state, &options);
  g_set_object (&state->message, message);
  sandbox_request_send_async (&options, self, source_tag, cancellable,
                              executed_cb, g_steal_pointer (&task));
}

static void
source_opened_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExecuteState *state = g_task_get_task_data (task);
  g_autoptr(GInputStream) archive = NULL;
  GError *error = NULL;
  goffset size = 0;

  archive = sandbox_upload_source_open_finish (state->source, result, &size, &error);
  if (archive == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  send_upload_async (g_steal_pointer (&task),
                     sandbox_upload_new (state->config_json, archive, size,
                                         sandbox_upload_source_get_filename (state->source)));
}

/* Every asynchronous execute: sends @config with @archive (see
 * execute_state_new()) reporting to @progress, which it takes, or fails at
 * once when the server would refuse @config. The task has @source_tag, for
 * the public _finish functions. */
static void
start_execute (SandboxClient       *self,
               SandboxConfig       *config,
               gpointer             archive,
               GCancellable        *cancellable,
               SandboxProgress     *progress,
               gpointer             source_tag,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(SandboxProgress) owned_progress = progress;
  g_autoptr(GTask) task = NULL;
  ExecuteState *state;
  GError *error = NULL;

  SANDBOX_CLIENT_CHECK_ASYNC (self, cancellable);
  g_return_if_fail (SANDBOX_IS_CONFIG (config));

  state = execute_state_new (self, config, archive, g_steal_pointer (&owned_progress), &error);
  if (state == NULL)
    {
      g_task_report_error (self, callback, user_data, source_tag, error);
      return;
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, state, (GDestroyNotify) execute_state_free);
  /* The archive is opened first; a retry opens it again (rewind_execute). */
  if (state->source == NULL)
    send_upload_async (g_steal_pointer (&task),
                       sandbox_upload_new (state->config_json, NULL, 0, NULL));
  else
    sandbox_upload_source_open_async (state->source, cancellable, source_opened_cb,
                                      g_steal_pointer (&task));
}

/* Every blocking execute, all of it in the calling thread. */
static SandboxExecution *
run_execute (SandboxClient            *self,
             SandboxConfig            *config,
             gpointer                  archive,
             GCancellable             *cancellable,
             SandboxProgressCallback   progress_callback,
             gpointer                  progress_data,
             GError                  **error)
{
  /* Released last, when the call returns. */
  g_autoptr(ExecuteState) state = NULL;
  g_autoptr(SandboxUpload) upload = NULL;

  SANDBOX_CLIENT_CHECK_SYNC (self, cancellable, error, NULL);
  g_return_val_if_fail (SANDBOX_IS_CONFIG (config), NULL);

  state = execute_state_new (self, config, archive,
                             sandbox_progress_new_blocking (progress_callback, progress_data),
                             error);
  if (state == NULL)
    return NULL;

  upload = open_upload (state, cancellable, error);
  if (upload == NULL)
    return NULL;

  return send_upload_blocking (self, upload, state, cancellable, error);
}

/**
 * sandbox_client_execute_with_progress_async:
 * @self: a client
 * @config: what to run
 * @archive: (nullable): a gzip'd tar archive whose files are laid in the
 *   working directory before the commands run, or %NULL
 * @cancellable: (nullable): a cancellable
 * @progress_callback: (nullable) (scope notified) (closure progress_data)
 *   (destroy progress_notify): told how much of the request has been sent
 * @progress_data: data for @progress_callback
 * @progress_notify: (nullable): frees @progress_data after the last report
 * @callback: (scope async): the function called when the execution is over
 * @user_data: (closure): data for @callback
 *
 * Runs the commands of @config on the server with @archive, reporting how
 * much of the request (the archive and a few hundred bytes of framing) has
 * been sent. Finish it with [method@Sandbox.Client.execute_finish].
 *
 * A @config the server would refuse fails with
 * %SANDBOX_ERROR_INVALID_CONFIG before anything is sent.
 *
 * The archive is streamed into the request, never copied into memory. The
 * server needs the request's length first: a [class@Gio.FileInputStream], a
 * [class@Gio.MemoryInputStream] or any [iface@Gio.Seekable] stream tells
 * it (from its current position to its end); any other stream (a pipe, a
 * converter) is first copied to a temporary file, deleted once opened
 * again. The client's timeout starts once the length is known. A request
 * of 4 MiB or more is sent from a thread of GTask's pool, which then reads
 * the archive; @progress_callback and @callback still run in the
 * thread-default main context of the caller (see
 * [Threads and main contexts](overview.html)).
 *
 * A redirect is not followed: a 3xx answer fails with its status as the
 * error code. Cancelling may come too late to stop the server running the
 * commands.
 *
 * Since: 1.1
 */
void
sandbox_client_execute_with_progress_async (SandboxClient           *self,
                                            SandboxConfig           *config,
                                            GInputStream            *archive,
                                            GCancellable            *cancellable,
                                            SandboxProgressCallback  progress_callback,
                                            gpointer                 progress_data,
                                            GDestroyNotify           progress_notify,
                                            GAsyncReadyCallback      callback,
                                            gpointer                 user_data)
{
  g_return_if_fail (archive == NULL || G_IS_INPUT_STREAM (archive));
  start_execute (self, config, archive, cancellable,
                 sandbox_progress_new_async (progress_callback, progress_data, progress_notify),
                 sandbox_client_execute_async, callback, user_data);
}

/**
 * sandbox_client_execute_with_progress:
 * @self: a client
 * @config: what to run
 * @archive: (nullable): a gzip'd tar archive, or %NULL
 * @cancellable: (nullable): a cancellable
 * @progress_callback: (nullable) (scope call) (closure progress_data): a
 *   function told how much of the request has been sent, or %NULL
 * @progress_data: data for @progress_callback
 * @error: return location for a #GError
 *
 * The blocking form of [method@Sandbox.Client.execute_with_progress_async]:
 * @progress_callback is called in the calling thread.
 *
 * Returns: (transfer full): the server's answer, or %NULL with @error set
 *
 * Since: 1.1
 */
SandboxExecution *
sandbox_client_execute_with_progress (SandboxClient            *self,
                                      SandboxConfig            *config,
                                      GInputStream             *archive,
                                      GCancellable             *cancellable,
                                      SandboxProgressCallback   progress_callback,
                                      gpointer                  progress_data,
                                      GError                  **error)
{
  g_return_val_if_fail (archive == NULL || G_IS_INPUT_STREAM (archive), NULL);
  return run_execute (self, config, archive, cancellable, progress_callback, progress_data,
                      error);
}

/**
 * sandbox_client_execute_async:
 * @self: a client
 * @config: what to run
 * @archive: (nullable): a gzip'd tar archive whose files are laid in the
 *   working directory before the commands run, or %NULL
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): the function called when the execution is over
 * @user_data: (closure): data for @callback
 *
 * As [method@Sandbox.Client.execute_with_progress_async], without progress.
 *
 * Since: 1.0
 */
void
sandbox_client_execute_async (SandboxClient       *self,
                              SandboxConfig       *config,
                              GInputStream        *archive,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  sandbox_client_execute_with_progress_async (self, config, archive, cancellable,
                                              NULL, NULL, NULL, callback, user_data);
}

/**
 * sandbox_client_execute_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Sandbox.Client.execute_async] or
 * [method@Sandbox.Client.execute_with_progress_async]. A run whose commands
 * failed or timed out is not an error: see
 * [property@Sandbox.Execution:status].
 *
 * Returns: (transfer full): the server's answer, or %NULL with @error set
 *
 * Since: 1.0
 */
SandboxExecution *
sandbox_client_execute_finish (SandboxClient  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  SANDBOX_CLIENT_CHECK_FINISH (self, result, sandbox_client_execute_async, error, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sandbox_client_execute:
 * @self: a client
 * @config: what to run
 * @archive: (nullable): a gzip'd tar archive, or %NULL
 * @cancellable: (nullable): a cancellable
 * @error: return location for a #GError
 *
 * The blocking form of [method@Sandbox.Client.execute_async].
 *
 * Returns: (transfer full): the server's answer, or %NULL with @error set
 *
 * Since: 1.0
 */
SandboxExecution *
sandbox_client_execute (SandboxClient  *self,
                        SandboxConfig  *config,
                        GInputStream   *archive,
                        GCancellable   *cancellable,
                        GError        **error)
{
  return sandbox_client_execute_with_progress (self, config, archive, cancellable,
                                               NULL, NULL, error);
}

/**
 * sandbox_client_execute_file_with_progress_async:
 * @self: a client
 * @config: what to run
 * @archive: (nullable): a gzip'd tar archive, or %NULL
 * @cancellable: (nullable): a cancellable
 * @progress_callback: (nullable) (scope notified) (closure progress_data)
 *   (destroy progress_notify): told how much of the request has been sent
 * @progress_data: data for @progress_callback
 * @progress_notify: (nullable): frees @progress_data after the last report
 * @callback: (scope async): the function called when the execution is over
 * @user_data: (closure): data for @callback
 *
 * As [method@Sandbox.Client.execute_with_progress_async], with the archive
 * in a file, read as it is sent and sent again whole on a retry. Finish it
 * with [method@Sandbox.Client.execute_file_finish].
 *
 * Since: 1.1
 */
void
sandbox_client_execute_file_with_progress_async (SandboxClient           *self,
                                                 SandboxConfig           *config,
                                                 GFile                   *archive,
                                                 GCancellable            *cancellable,
                                                 SandboxProgressCallback  progress_callback,
                                                 gpointer                 progress_data,
                                                 GDestroyNotify           progress_notify,
                                                 GAsyncReadyCallback      callback,
                                                 gpointer                 user_data)
{
  g_return_if_fail (archive == NULL || G_IS_FILE (archive));
  start_execute (self, config, archive, cancellable,
                 sandbox_progress_new_async (progress_callback, progress_data, progress_notify),
                 sandbox_client_execute_file_async, callback, user_data);
}

/**
 * sandbox_client_execute_file_with_progress:
 * @self: a client
 * @config: what to run
 * @archive: (nullable): a gzip'd tar archive, or %NULL
 * @cancellable: (nullable): a cancellable
 * @progress_callback: (nullable) (scope call) (closure progress_data): a
 *   function told how much of the request has been sent, or %NULL
 * @progress_data: data for @progress_callback
 * @error: return location for a #GError
 *
 * The blocking form of
 * [method@Sandbox.Client.execute_file_with_progress_async]:
 * @progress_callback is called in the calling thread.
 *
 * Returns: (transfer full): the server's answer, or %NULL with @error set
 *
 * Since: 1.1
 */
SandboxExecution *
sandbox_client_execute_file_with_progress (SandboxClient            *self,
                                           SandboxConfig            *config,
                                           GFile                    *archive,
                                           GCancellable             *cancellable,
                                           SandboxProgressCallback   progress_callback,
                                           gpointer                  progress_data,
                                           GError                  **error)
{
  g_return_val_if_fail (archive == NULL || G_IS_FILE (archive), NULL);
  return run_execute (self, config, archive, cancellable, progress_callback, progress_data,
                      error);
}

/**
 * sandbox_client_execute_file_async:
 * @self: a client
 * @config: what to run
 * @archive: (nullable): a gzip'd tar archive, or %NULL
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): the function called when the execution is over
 * @user_data: (closure): data for @callback
 *
 * As [method@Sandbox.Client.execute_file_with_progress_async], without
 * progress.
 *
 * Since: 1.0
 */
void
sandbox_client_execute_file_async (SandboxClient       *self,
                                   SandboxConfig       *config,
                                   GFile               *archive,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  sandbox_client_execute_file_with_progress_async (self, config, archive, cancellable,
                                                   NULL, NULL, NULL, callback, user_data);
}

/**
 * sandbox_client_execute_file_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Sandbox.Client.execute_file_async] or
 * [method@Sandbox.Client.execute_file_with_progress_async].
 *
 * Returns: (transfer full): the server's answer, or %NULL with @error set
 *
 * Since: 1.0
 */
SandboxExecution *
sandbox_client_execute_file_finish (SandboxClient  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  SANDBOX_CLIENT_CHECK_FINISH (self, result, sandbox_client_execute_file_async, error, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sandbox_client_execute_file:
 * @self: a client
 * @config: what to run
 * @archive: (nullable): a gzip'd tar archive, or %NULL
 * @cancellable: (nullable): a cancellable
 * @error: return location for a #GError
 *
 * The blocking form of [method@Sandbox.Client.execute_file_async].
 *
 * Returns: (transfer full): the server's answer, or %NULL with @error set
 *
 * Since: 1.0
 */
SandboxExecution *
sandbox_client_execute_file (SandboxClient  *self,
                             SandboxConfig  *config,
                             GFile          *archive,
                             GCancellable   *cancellable,
                             GError        **error)
{
  return sandbox_client_execute_file_with_progress (self, config, archive, cancellable,
                                                    NULL, NULL, error);
}

/**
 * sandbox_client_execute_builder_async:
 * @self: a client
 * @config: what to run
 * @builder: (nullable): the files laid in the working directory before the
 *   commands run, or %NULL
 * @cancellable: (nullable): a cancellable
 * @progress_callback: (nullable) (scope notified) (closure progress_data)
 *   (destroy progress_notify): told how much of the request has been sent
 * @progress_data: data for @progress_callback
 * @progress_notify: (nullable): frees @progress_data after the last report
 * @callback: (scope async): the function called when the execution is over
 * @user_data: (closure): data for @callback
 *
 * As [method@Sandbox.Client.execute_with_progress_async], with the archive
 * that @builder packs as the request is sent (see
 * [method@Sandbox.EnvironmentBuilder.open]): its directories are walked in
 * a worker thread, and its files read as they are sent, never copied into
 * memory nor to a temporary file. A file that changes size while it is
 * sent fails the call with %SANDBOX_ERROR_FILE_CHANGED.
 *
 * Since: 1.1
 */
void
sandbox_client_execute_builder_async (SandboxClient             *self,
                                      SandboxConfig             *config,
                                      SandboxEnvironmentBuilder *builder,
                                      GCancellable              *cancellable,
                                      SandboxProgressCallback    progress_callback,
                                      gpointer                   progress_data,
                                      GDestroyNotify             progress_notify,
                                      GAsyncReadyCallback        callback,
                                      gpointer                   user_data)
{
  g_return_if_fail (builder == NULL || SANDBOX_IS_ENVIRONMENT_BUILDER (builder));
  start_execute (self, config, builder, cancellable,
                 sandbox_progress_new_async (progress_callback, progress_data, progress_notify),
                 sandbox_client_execute_builder_async, callback, user_data);
}

/**
 * sandbox_client_execute_builder_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Sandbox.Client.execute_builder_async].
 *
 * Returns: (transfer full): the server's answer, or %NULL with @error set
 *
 * Since: 1.1
 */
SandboxExecution *
sandbox_client_execute_builder_finish (SandboxClient  *self,
                                       GAsyncResult   *result,
                                       GError        **error)
{
  SANDBOX_CLIENT_CHECK_FINISH (self, result, sandbox_client_execute_builder_async, error, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sandbox_client_execute_builder:
 * @self: a client
 * @config: what to run
 * @builder: (nullable): the files laid in the working directory before the
 *   commands run, or %NULL
 * @cancellable: (nullable): a cancellable
 * @progress_callback: (nullable) (scope call) (closure progress_data): a
 *   function told how much of the request has been sent, or %NULL
 * @progress_data: data for @progress_callback
 * @error: return location for a #GError
 *
 * The blocking form of [method@Sandbox.Client.execute_builder_async]: the
 * directories are walked, the files read and @progress_callback called in
 * the calling thread.
 *
 * Returns: (transfer full): the server's answer, or %NULL with @error set
 *
 * Since: 1.1
 */
SandboxExecution *
sandbox_client_execute_builder (SandboxClient              *self,
                                SandboxConfig              *config,
                                SandboxEnvironmentBuilder  *builder,
                                GCancellable               *cancellable,
                                SandboxProgressCallback     progress_callback,
                                gpointer                    progress_data,
                                GError                    **error)
{
  g_return_val_if_fail (builder == NULL || SANDBOX_IS_ENVIRONMENT_BUILDER (builder), NULL);
  return run_execute (self, config, builder, cancellable, progress_callback, progress_data,
                      error);
}

/* An execute with a fallback: @config as it is, then, when its saved
 * environment is missing, @config without it and with the fallback's
 * archive. The progress callback is handed to the second request only. */
typedef struct
{
  SandboxConfig              *config;    /* without the environment */
  SandboxEnvironmentBuilder  *fallback;
  SandboxProgress            *progress;  /* until handed on */
} FallbackState;

static void
fallback_state_free (FallbackState *state)
{
  g_clear_object (&state->config);
  g_clear_object (&state->fallback);
  g_clear_pointer (&state->progress, sandbox_progress_unref);
  g_free (state);
}

/* @config without its environment, for the fallback's request. */
static SandboxConfig *
config_without_environment (SandboxConfig *config)
{
  g_autoptr(JsonNode) json = sandbox_config_to_json (config);
  SandboxConfig *copy = sandbox_config_new_from_json (json, NULL);

  /* Never NULL: @config was validated first. */
  g_assert (copy != NULL);
  sandbox_config_set_environment (copy, NULL);
  sandbox_config_set_affinity_key (copy, sandbox_config_get_affinity_key (config));
  return copy;
}

static void
first_sent_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FallbackState *state = g_task_get_task_data (task);
  GError *error = NULL;
  SandboxExecution *execution = g_task_propagate_pointer (G_TASK (result), &error);
  SandboxClient *self;
  GCancellable *cancellable;

  if (execution != NULL || !sandbox_error_is_environment_missing (error))
    {
      /* Before any progress was reported, so it may be released now. */
      g_clear_pointer (&state->progress, sandbox_progress_unref);
      return_execution (task, execution, error);
      return;
    }

  g_debug ("%s; sending the fallback archive", error->message);
  g_clear_error (&error);
  /* Read before the task is handed on. */
  self = g_task_get_source_object (task);
  cancellable = g_task_get_cancellable (task);
  start_execute (self, state->config, state->fallback, cancellable,
                 g_steal_pointer (&state->progress), forward_execution_cb, forward_execution_cb,
                 g_steal_pointer (&task));
}

/**
 * sandbox_client_execute_with_fallback_async:
 * @self: a client
 * @config: what to run, naming a saved environment in
 *   [property@Sandbox.Config:environment]
 * @fallback: the files the saved environment was made from
 * @cancellable: (nullable): a cancellable
 * @progress_callback: (nullable) (scope notified) (closure progress_data)
 *   (destroy progress_notify): a function told how much of the fallback's
 *   request has been sent, or %NULL
 * @progress_data: data for @progress_callback
 * @progress_notify: (nullable): frees @progress_data after the last report
 * @callback: (scope async): the function called when the execution is over
 * @user_data: (closure): data for @callback
 *
 * Runs the commands of @config on the server in the saved environment it
 * names and, when the server answers that this environment does not exist
 * (it expired, or it is on another server of a fleet: see
 * [func@Sandbox.Error.is_environment_missing]), runs them once more with
 * the archive that @fallback packs instead, @config otherwise unchanged.
 * Finish it with [method@Sandbox.Client.execute_with_fallback_finish].
 *
 * The first request carries no archive; @progress_callback reports the
 * second one only, as [method@Sandbox.Client.execute_builder_async] does,
 * and is not called when the saved environment was there. A @config that
 * names no environment is sent with @fallback at once. Each request has
 * the client's [property@Sandbox.Client:timeout] and is retried as any
 * execute is; @cancellable stops either. Any other failure of the first
 * request is the call's.
 *
 * Since: 1.1
 */
void
sandbox_client_execute_with_fallback_async (SandboxClient             *self,
                                            SandboxConfig             *config,
                                            SandboxEnvironmentBuilder *fallback,
                                            GCancellable              *cancellable,
                                            SandboxProgressCallback    progress_callback,
                                            gpointer                   progress_data,
                                            GDestroyNotify             progress_notify,
                                            GAsyncReadyCallback        callback,
                                            gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) json = NULL;
  SandboxProgress *progress;
  FallbackState *state;

  SANDBOX_CLIENT_CHECK_ASYNC (self, cancellable);
  g_return_if_fail (SANDBOX_IS_CONFIG (config));
  g_return_if_fail (SANDBOX_IS_ENVIRONMENT_BUILDER (fallback));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sandbox_client_execute_with_fallback_async);

  progress = sandbox_progress_new_async (progress_callback, progress_data, progress_notify);
  if (sandbox_config_get_environment (config) == NULL)
    {
      start_execute (self, config, fallback, cancellable, progress, forward_execution_cb,
                     forward_execution_cb, g_steal_pointer (&task));
      return;
    }

  state = g_new0 (FallbackState, 1);
  state->fallback = g_object_ref (fallback);
  state->progress = progress;
  g_task_set_task_data (task, state, (GDestroyNotify) fallback_state_free);

  /* A config the server would refuse fails the first request. */
  json = sandbox_config_to_json (config);
  if (sandbox_config_validate (json, NULL))
    state->config = config_without_environment (config);
  start_execute (self, config, NULL, cancellable, NULL, first_sent_cb, first_sent_cb,
                 g_steal_pointer (&task));
}

/**
 * sandbox_client_execute_with_fallback_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Sandbox.Client.execute_with_fallback_async].
 *
 * Returns: (transfer full): the server's answer, to the first request or to
 *   the fallback's, or %NULL with @error set
 *
 * Since: 1.1
 */
SandboxExecution *
sandbox_client_execute_with_fallback_finish (SandboxClient  *self,
                                             GAsyncResult   *result,
                                             GError        **error)
{
  SANDBOX_CLIENT_CHECK_FINISH (self, result, sandbox_client_execute_with_fallback_async,
                               error, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sandbox_client_execute_with_fallback:
 * @self: a client
 * @config: what to run, naming a saved environment in
 *   [property@Sandbox.Config:environment]
 * @fallback: the files the saved environment was made from
 * @cancellable: (nullable): a cancellable
 * @progress_callback: (nullable) (scope call) (closure progress_data): a
 *   function told how much of the fallback's request has been sent
 * @progress_data: data for @progress_callback
 * @error: return location for a #GError
 *
 * The blocking form of [method@Sandbox.Client.execute_with_fallback_async]:
 * @fallback is packed and @progress_callback called in the calling thread.
 *
 * Returns: (transfer full): the server's answer, or %NULL with @error set
 *
 * Since: 1.1
 */
SandboxExecution *
sandbox_client_execute_with_fallback (SandboxClient              *self,
                                      SandboxConfig              *config,
                                      SandboxEnvironmentBuilder  *fallback,
                                      GCancellable               *cancellable,
                                      SandboxProgressCallback     progress_callback,
                                      gpointer                    progress_data,
                                      GError                    **error)
{
  g_autoptr(SandboxConfig) copy = NULL;
  GError *local_error = NULL;
  SandboxExecution *execution;

  SANDBOX_CLIENT_CHECK_SYNC (self, cancellable, error, NULL);
  g_return_val_if_fail (SANDBOX_IS_CONFIG (config), NULL);
  g_return_val_if_fail (SANDBOX_IS_ENVIRONMENT_BUILDER (fallback), NULL);

  if (sandbox_config_get_environment (config) == NULL)
    return run_execute (self, config, fallback, cancellable, progress_callback,
                        progress_data, error);

  execution = run_execute (self, config, NULL, cancellable, NULL, NULL, &local_error);
  if (execution != NULL || !sandbox_error_is_environment_missing (local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      return execution;
    }

  g_debug ("%s; sending the fallback archive", local_error->message);
  g_clear_error (&local_error);
  copy = config_without_environment (config);
  return run_execute (self, copy, fallback, cancellable, progress_callback, progress_data,
                      error);
}
