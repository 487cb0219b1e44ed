/* test-util.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#if defined(__has_include)
# if __has_include(<valgrind/valgrind.h>)
#  include <valgrind/valgrind.h>
#  define TEST_HAVE_VALGRIND_H 1
# endif
#endif

#include "test-server.h"
#include "test-util.h"

/* Waits in the caller's thread-default context when it has pushed one (to
 * read a stream there afterwards, say), in a new one otherwise. */
static GMainContext *
wait_context_enter (gboolean *pushed)
{
  GMainContext *current = g_main_context_get_thread_default ();
  GMainContext *context = current != NULL ? g_main_context_ref (current) : g_main_context_new ();

  *pushed = current == NULL;
  if (*pushed)
    g_main_context_push_thread_default (context);
  return context;
}

/* A callback runs in the caller's thread-default context. */
static void
assert_in_context (GMainContext *context)
{
  g_assert_true (g_main_context_get_thread_default () == context);
  g_assert_true (g_main_context_is_owner (context));
}

static void
wait_context_leave (GMainContext *context,
                    gboolean      pushed)
{
  if (pushed)
    g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
}

void
test_async_wait_init (TestAsyncWait *wait)
{
  wait->result = NULL;
  wait->n_calls = 0;
  wait->context = wait_context_enter (&wait->pushed);
}

void
test_async_wait_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  TestAsyncWait *wait = user_data;

  assert_in_context (wait->context);
  wait->n_calls++;
  g_clear_object (&wait->result);
  wait->result = g_object_ref (result);
}

GAsyncResult *
test_async_wait_run (TestAsyncWait *wait)
{
  while (wait->result == NULL)
    g_main_context_iteration (wait->context, TRUE);

  return wait->result;
}

void
test_async_wait_clear (TestAsyncWait *wait)
{
  /* Whatever is left to run must not call back a second time. */
  while (g_main_context_iteration (wait->context, FALSE))
    ;
  g_assert_cmpuint (wait->n_calls, ==, 1);

  g_clear_object (&wait->result);
  wait_context_leave (wait->context, wait->pushed);
}

void
test_async_batch_init (TestAsyncBatch *batch)
{
  test_async_wait_init (&batch->wait);
  batch->results = g_ptr_array_new_with_free_func (g_object_unref);
  batch->n_started = 0;
}

gpointer
test_async_batch_add (TestAsyncBatch *batch)
{
  batch->n_started++;
  return batch;
}

void
test_async_batch_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  TestAsyncBatch *batch = user_data;

  assert_in_context (batch->wait.context);
  batch->wait.n_calls++;
  g_ptr_array_add (batch->results, g_object_ref (result));
}

GPtrArray *
test_async_batch_run (TestAsyncBatch *batch)
{
  while (batch->wait.n_calls < batch->n_started)
    g_main_context_iteration (batch->wait.context, TRUE);
  /* Whatever is left to run must not call back a second time. */
  while (g_main_context_iteration (batch->wait.context, FALSE))
    ;
  g_assert_cmpuint (batch->wait.n_calls, ==, batch->n_started);

  return batch->results;
}

void
test_async_batch_clear (TestAsyncBatch *batch)
{
  g_clear_pointer (&batch->results, g_ptr_array_unref);
  wait_context_leave (batch->wait.context, batch->wait.pushed);
}

void
test_run_usage_batch (SandboxClient *client,
                      guint          n)
{
  TestAsyncBatch batch;
  GPtrArray *results;

  test_async_batch_init (&batch);
  for (guint i = 0; i < n; i++)
    sandbox_client_get_usage_async (client, NULL, test_async_batch_cb,
                                    test_async_batch_add (&batch));
  results = test_async_batch_run (&batch);
  g_assert_cmpuint (results->len, ==, n);
  for (guint i = 0; i < results->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = sandbox_client_get_usage_finish (client, results->pdata[i],
                                                                  &error);

      g_assert_no_error (error);
      test_assert_json_equal (node, TEST_USAGE_JSON);
    }
  test_async_batch_clear (&batch);
}

void
test_progress_init (TestProgress *progress)
{
  memset (progress, 0, sizeof *progress);
  progress->current = g_array_new (FALSE, FALSE, sizeof (goffset));
  progress->total = g_array_new (FALSE, FALSE, sizeof (goffset));
  progress->thread = g_thread_self ();
}

void
test_progress_clear (TestProgress *progress)
{
  g_clear_pointer (&progress->current, g_array_unref);
  g_clear_pointer (&progress->total, g_array_unref);
}

void
test_progress_cb (goffset  current,
                  goffset  total,
                  gpointer user_data)
{
  TestProgress *progress = user_data;

  if (g_thread_self () != progress->thread
      || (progress->context != NULL
          && (!g_main_context_is_owner (progress->context)
              || g_main_context_get_thread_default () != progress->context)))
    progress->n_misplaced++;
  if (progress->n_notified > 0)
    progress->n_after_notify++;
  g_array_append_val (progress->current, current);
  g_array_append_val (progress->total, total);
}

void
test_progress_notify (gpointer user_data)
{
  TestProgress *progress = user_data;

  g_assert_cmpuint (progress->n_notified, ==, 0);
  progress->n_notified++;
  if (g_thread_self () != progress->thread)
    progress->n_notified_elsewhere++;
}

void
test_add_both_modes (const char    *path,
                     GTestDataFunc  func)
{
  g_autofree char *sync_path = g_strdup_printf ("/sync%s", path);
  g_autofree char *async_path = g_strdup_printf ("/async%s", path);

  g_test_add_data_func (sync_path, GINT_TO_POINTER (TEST_MODE_SYNC), func);
  g_test_add_data_func (async_path, GINT_TO_POINTER (TEST_MODE_ASYNC), func);
}

void
test_client_fixture_set_up (ClientFixture *f,
                            gconstpointer  data)
{
  f->mode = TEST_MODE (data);
  f->server = test_server_new ();
  f->client = test_client_new (test_server_get_url (f->server));
  f->config = test_config_new_echo ();
}

void
test_client_fixture_tear_down (ClientFixture *f,
                               gconstpointer  data)
{
  g_clear_object (&f->config);
  g_clear_object (&f->client);
  g_clear_pointer (&f->server, test_server_free);
}

void
test_add_client (const char     *path,
                 ClientTestFunc  func)
{
  g_test_add_vtable (path, sizeof (ClientFixture), GINT_TO_POINTER (TEST_MODE_SYNC),
                     (GTestFixtureFunc) test_client_fixture_set_up, (GTestFixtureFunc) func,
                     (GTestFixtureFunc) test_client_fixture_tear_down);
}

void
test_add_fixture_both_modes (const char       *path,
                             gsize             size,
                             GTestFixtureFunc  set_up,
                             GTestFixtureFunc  func,
                             GTestFixtureFunc  tear_down)
{
  g_autofree char *sync_path = g_strdup_printf ("/sync%s", path);
  g_autofree char *async_path = g_strdup_printf ("/async%s", path);

  g_test_add_vtable (sync_path, size, GINT_TO_POINTER (TEST_MODE_SYNC), set_up, func,
                     tear_down);
  g_test_add_vtable (async_path, size, GINT_TO_POINTER (TEST_MODE_ASYNC), set_up, func,
                     tear_down);
}

void
test_add_client_both_modes (const char     *path,
                            ClientTestFunc  func)
{
  test_add_fixture_both_modes (path, sizeof (ClientFixture),
                               (GTestFixtureFunc) test_client_fixture_set_up,
                               (GTestFixtureFunc) func,
                               (GTestFixtureFunc) test_client_fixture_tear_down);
}

JsonNode *
run_get_info (SandboxClient  *client,
              TestInfo        which,
              TestMode        mode,
              GCancellable   *cancellable,
              GError        **error)
{
  static const struct
  {
    JsonNode * (*call)   (SandboxClient *, GCancellable *, GError **);
    void       (*start)  (SandboxClient *, GCancellable *, GAsyncReadyCallback, gpointer);
    JsonNode * (*finish) (SandboxClient *, GAsyncResult *, GError **);
  } calls[] = {
    [TEST_INFO_SPECIFICATIONS] = { sandbox_client_get_specifications,
                                   sandbox_client_get_specifications_async,
                                   sandbox_client_get_specifications_finish },
    [TEST_INFO_USAGE] = { sandbox_client_get_usage, sandbox_client_get_usage_async,
                          sandbox_client_get_usage_finish },
    [TEST_INFO_LIBRARIES] = { sandbox_client_get_libraries, sandbox_client_get_libraries_async,
                              sandbox_client_get_libraries_finish },
  };
  TestAsyncWait wait;
  JsonNode *node;

  if (mode == TEST_MODE_SYNC)
    return calls[which].call (client, cancellable, error);

  test_async_wait_init (&wait);
  calls[which].start (client, cancellable, test_async_wait_cb, &wait);
  node = calls[which].finish (client, test_async_wait_run (&wait), error);
  test_async_wait_clear (&wait);
  return node;
}

/* One call of the client's, for the run_*() helpers below: the blocking
 * call, or the asynchronous pair through a TestAsyncWait, with the same
 * arguments. */
typedef enum
{
  CALL_DOWNLOAD,
  CALL_DOWNLOAD_STREAM,
  CALL_QUERY_FILE,
  CALL_CHECK_1_0,
  CALL_EXECUTE,
  CALL_EXECUTE_FILE,
  CALL_EXECUTE_BUILDER,
  CALL_EXECUTE_WITH_FALLBACK,
  CALL_DOWNLOAD_TO_FILE,
  CALL_DOWNLOAD_TO_DIRECTORY,
} CallKind;

typedef struct
{
  CallKind        kind;
  SandboxClient  *client;
  const char     *environment;
  const char     *path;
  SandboxConfig  *config;
  GInputStream   *archive;
  GFile          *file;        /* an archive, a destination or a directory */
  SandboxEnvironmentBuilder *builder;
  goffset        *out_size;
  TestProgress   *progress;    /* reports of a transfer, or NULL */
  GCancellable   *cancellable;
  GError        **error;
  gboolean        exists;      /* what a query answers */
  goffset         size;        /* ...and a query or a check */
} Call;

/* The blocking call; a gboolean result as a pointer. */
static gpointer
call_blocking (Call *c)
{
  SandboxProgressCallback report = c->progress != NULL ? test_progress_cb : NULL;

  switch (c->kind)
    {
    case CALL_DOWNLOAD:
      return sandbox_client_download (c->client, c->environment, c->path, c->cancellable,
                                      c->error);
    case CALL_DOWNLOAD_STREAM:
      return sandbox_client_download_stream (c->client, c->environment, c->path, c->out_size,
                                             c->cancellable, c->error);
    case CALL_QUERY_FILE:
      return GINT_TO_POINTER (sandbox_client_query_file (c->client, c->environment, c->path,
                                                         &c->exists, &c->size,
                                                         c->cancellable, c->error));
    case CALL_CHECK_1_0:
      c->size = sandbox_client_check (c->client, c->environment, c->path, c->cancellable,
                                      c->error);
      return NULL;
    case CALL_EXECUTE:
      return sandbox_client_execute (c->client, c->config, c->archive, c->cancellable,
                                     c->error);
    case CALL_EXECUTE_FILE:
      return sandbox_client_execute_file (c->client, c->config, c->file, c->cancellable,
                                          c->error);
    case CALL_EXECUTE_BUILDER:
      return sandbox_client_execute_builder (c->client, c->config, c->builder, c->cancellable,
                                             report, c->progress, c->error);
    case CALL_EXECUTE_WITH_FALLBACK:
      return sandbox_client_execute_with_fallback (c->client, c->config, c->builder,
                                                   c->cancellable, report, c->progress,
                                                   c->error);
    case CALL_DOWNLOAD_TO_FILE:
      return GINT_TO_POINTER (sandbox_client_download_to_file (c->client, c->environment,
                                                               c->path, c->file,
                                                               c->cancellable, report,
                                                               c->progress, c->error));
    case CALL_DOWNLOAD_TO_DIRECTORY:
      return GINT_TO_POINTER (sandbox_client_download_to_directory (c->client, c->environment,
                                                                    c->file, c->cancellable,
                                                                    report, c->progress,
                                                                    c->error));
    default:
      g_assert_not_reached ();
    }
}

/* Starts the asynchronous call, which calls back to @wait. A transfer's
 * reports must come in @wait's context, its data be let go of once. */
static void
call_start (Call          *c,
            TestAsyncWait *wait)
{
  SandboxProgressCallback report = NULL;
  GDestroyNotify notify = NULL;

  if (c->progress != NULL)
    {
      report = test_progress_cb;
      notify = test_progress_notify;
      c->progress->context = wait->context;
      c->progress->n_notified = 0;
    }
  switch (c->kind)
    {
    case CALL_DOWNLOAD:
      sandbox_client_download_async (c->client, c->environment, c->path, c->cancellable,
                                     test_async_wait_cb, wait);
      break;
    case CALL_DOWNLOAD_STREAM:
      sandbox_client_download_stream_async (c->client, c->environment, c->path,
                                            c->cancellable, test_async_wait_cb, wait);
      break;
    case CALL_QUERY_FILE:
      sandbox_client_query_file_async (c->client, c->environment, c->path, c->cancellable,
                                       test_async_wait_cb, wait);
      break;
    case CALL_CHECK_1_0:
      sandbox_client_check_async (c->client, c->environment, c->path, c->cancellable,
                                  test_async_wait_cb, wait);
      break;
    case CALL_EXECUTE:
      sandbox_client_execute_async (c->client, c->config, c->archive, c->cancellable,
                                    test_async_wait_cb, wait);
      break;
    case CALL_EXECUTE_FILE:
      sandbox_client_execute_file_async (c->client, c->config, c->file, c->cancellable,
                                         test_async_wait_cb, wait);
      break;
    case CALL_EXECUTE_BUILDER:
      sandbox_client_execute_builder_async (c->client, c->config, c->builder, c->cancellable,
                                            report, c->progress, notify,
                                            test_async_wait_cb, wait);
      break;
    case CALL_EXECUTE_WITH_FALLBACK:
      sandbox_client_execute_with_fallback_async (c->client, c->config, c->builder,
                                                  c->cancellable, report, c->progress,
                                                  notify, test_async_wait_cb, wait);
      break;
    case CALL_DOWNLOAD_TO_FILE:
      sandbox_client_download_to_file_async (c->client, c->environment, c->path, c->file,
                                             c->cancellable, report, c->progress, notify,
                                             test_async_wait_cb, wait);
      break;
    case CALL_DOWNLOAD_TO_DIRECTORY:
      sandbox_client_download_to_directory_async (c->client, c->environment, c->file,
                                                  c->cancellable, report, c->progress,
                                                  notify, test_async_wait_cb, wait);
      break;
    default:
      g_assert_not_reached ();
    }
}

static gpointer
call_finish (Call         *c,
             GAsyncResult *result)
{
  switch (c->kind)
    {
    case CALL_DOWNLOAD:
      return sandbox_client_download_finish (c->client, result, c->error);
    case CALL_DOWNLOAD_STREAM:
      return sandbox_client_download_stream_finish (c->client, result, c->out_size, c->error);
    case CALL_QUERY_FILE:
      return GINT_TO_POINTER (sandbox_client_query_file_finish (c->client, result, &c->exists,
                                                                &c->size, c->error));
    case CALL_CHECK_1_0:
      c->size = sandbox_client_check_finish (c->client, result, c->error);
      return NULL;
    case CALL_EXECUTE:
      return sandbox_client_execute_finish (c->client, result, c->error);
    case CALL_EXECUTE_FILE:
      return sandbox_client_execute_file_finish (c->client, result, c->error);
    case CALL_EXECUTE_BUILDER:
      return sandbox_client_execute_builder_finish (c->client, result, c->error);
    case CALL_EXECUTE_WITH_FALLBACK:
      return sandbox_client_execute_with_fallback_finish (c->client, result, c->error);
    case CALL_DOWNLOAD_TO_FILE:
      return GINT_TO_POINTER (sandbox_client_download_to_file_finish (c->client, result,
                                                                      c->error));
    case CALL_DOWNLOAD_TO_DIRECTORY:
      return GINT_TO_POINTER (sandbox_client_download_to_directory_finish (c->client, result,
                                                                           c->error));
    default:
      g_assert_not_reached ();
    }
}

/* Runs @c in @mode. Nothing more comes after the asynchronous callback. */
static gpointer
run_call (Call     *c,
          TestMode  mode)
{
  TestAsyncWait wait;
  gpointer value;

  c->exists = TRUE;
  c->size = -1;
  if (mode == TEST_MODE_SYNC)
    return call_blocking (c);

  test_async_wait_init (&wait);
  call_start (c, &wait);
  value = call_finish (c, test_async_wait_run (&wait));
  test_async_wait_clear (&wait);
  if (c->progress != NULL)
    c->progress->context = NULL;
  return value;
}

GBytes *
run_download (SandboxClient  *client,
              const char     *environment,
              const char     *path,
              TestMode        mode,
              GCancellable   *cancellable,
              GError        **error)
{
  Call call = { CALL_DOWNLOAD, client, environment, path, .cancellable = cancellable,
                .error = error };

  return run_call (&call, mode);
}

GInputStream *
run_download_stream (SandboxClient  *client,
                     const char     *environment,
                     const char     *path,
                     goffset        *out_size,
                     TestMode        mode,
                     GCancellable   *cancellable,
                     GError        **error)
{
  Call call = { CALL_DOWNLOAD_STREAM, client, environment, path, .out_size = out_size,
                .cancellable = cancellable, .error = error };

  return run_call (&call, mode);
}

/* sandbox_client_query_file() in @mode, shortened for the tests: the
 * size, -1 when not there, -2 with @error set on a failure. */
goffset
run_check (SandboxClient  *client,
           const char     *environment,
           const char     *path,
           TestMode        mode,
           GCancellable   *cancellable,
           GError        **error)
{
  Call call = { CALL_QUERY_FILE, client, environment, path, .cancellable = cancellable,
                .error = error };

  if (!run_call (&call, mode))
    {
      g_assert_false (call.exists);
      return -2;
    }
  if (!call.exists)
    {
      g_assert_cmpint (call.size, ==, 0);
      return -1;
    }
  return call.size;
}

/* The deprecated sandbox_client_check() in @mode: 1.0's contract. */
goffset
run_check_1_0 (SandboxClient  *client,
               const char     *environment,
               const char     *path,
               TestMode        mode,
               GCancellable   *cancellable,
               GError        **error)
{
  Call call = { CALL_CHECK_1_0, client, environment, path, .cancellable = cancellable,
                .error = error };

  run_call (&call, mode);
  return call.size;
}

SandboxExecution *
run_execute (SandboxClient  *client,
             SandboxConfig  *config,
             GInputStream   *archive,
             TestMode        mode,
             GCancellable   *cancellable,
             GError        **error)
{
  Call call = { CALL_EXECUTE, client, .config = config, .archive = archive,
                .cancellable = cancellable, .error = error };

  return run_call (&call, mode);
}

SandboxExecution *
run_execute_file (SandboxClient  *client,
                  SandboxConfig  *config,
                  GFile          *archive,
                  TestMode        mode,
                  GCancellable   *cancellable,
                  GError        **error)
{
  Call call = { CALL_EXECUTE_FILE, client, .config = config, .file = archive,
                .cancellable = cancellable, .error = error };

  return run_call (&call, mode);
}

SandboxExecution *
run_execute_builder (SandboxClient              *client,
                     SandboxConfig              *config,
                     SandboxEnvironmentBuilder  *builder,
                     gboolean                    with_fallback,
                     TestMode                    mode,
                     GError                    **error)
{
  Call call = { with_fallback ? CALL_EXECUTE_WITH_FALLBACK : CALL_EXECUTE_BUILDER, client,
                .config = config, .builder = builder, .error = error };

  return run_call (&call, mode);
}

SandboxEnvironmentBuilder *
test_builder_new_data (const char *content)
{
  g_autoptr(SandboxEnvironmentBuilder) builder = sandbox_environment_builder_new ();
  g_autoptr(GBytes) bytes = g_bytes_new (content, strlen (content));
  g_autoptr(GError) error = NULL;

  sandbox_environment_builder_add_bytes (builder, "data.txt", bytes, 0644, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&builder);
}

const char *
test_execution_first_stdout (SandboxExecution *execution)
{
  GListModel *commands = sandbox_execution_get_commands (execution);
  g_autoptr(SandboxCommandResult) result = g_list_model_get_item (commands, 0);

  g_assert_nonnull (result);
  /* Owned by the execution, which holds the result too. */
  return sandbox_command_result_get_stdout (result);
}

gboolean
run_download_to_file (SandboxClient  *client,
                      const char     *environment,
                      const char     *path,
                      GFile          *destination,
                      TestMode        mode,
                      TestProgress   *progress,
                      GCancellable   *cancellable,
                      GError        **error)
{
  Call call = { CALL_DOWNLOAD_TO_FILE, client, environment, path, .file = destination,
                .progress = progress, .cancellable = cancellable, .error = error };

  return GPOINTER_TO_INT (run_call (&call, mode));
}

gboolean
run_download_to_directory (SandboxClient  *client,
                           const char     *environment,
                           GFile          *directory,
                           TestMode        mode,
                           TestProgress   *progress,
                           GCancellable   *cancellable,
                           GError        **error)
{
  Call call = { CALL_DOWNLOAD_TO_DIRECTORY, client, environment, .file = directory,
                .progress = progress, .cancellable = cancellable, .error = error };

  return GPOINTER_TO_INT (run_call (&call, mode));
}

SandboxClient *
test_client_new (const char *url)
{
  g_autoptr(GError) error = NULL;
  SandboxClient *client = sandbox_client_new (url, &error);

  g_assert_no_error (error);
  g_assert_nonnull (client);
  return client;
}

SandboxClient *
test_retry_client_new (const char *url,
                       guint       max_retries,
                       double      retry_delay)
{
  SandboxClient *client = test_client_new (url);

  sandbox_client_set_max_retries (client, max_retries);
  sandbox_client_set_retry_delay (client, retry_delay);
  test_reset_logged_retries ();
  return client;
}

SandboxConfig *
test_config_new_echo (void)
{
  SandboxConfig *config = sandbox_config_new ();

  sandbox_config_add_command (config, "echo $((2+2))", FALSE);
  return config;
}

static gpointer
cancel_thread (gpointer user_data)
{
  GCancellable *cancellable = user_data;
  guint msec = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cancellable), "test-msec"));

  g_usleep (msec * 1000);
  g_cancellable_cancel (cancellable);
  g_object_unref (cancellable);
  return NULL;
}

/* Cancels from another thread, so that blocking calls can be cancelled
 * while they wait. */
void
test_cancel_after (GCancellable *cancellable,
                   guint         msec)
{
  g_object_set_data (G_OBJECT (cancellable), "test-msec", GUINT_TO_POINTER (msec));
  g_thread_unref (g_thread_new ("test-cancel", cancel_thread, g_object_ref (cancellable)));
}

double
test_elapsed_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

/* Checked once, by the fake server's answers to each route. */
static const struct
{
  const char *name;
  const char *method;
  const char *path;
} operations[TEST_N_OPS] = {
  [TEST_OP_SPECIFICATIONS] = { "specifications", "GET", "/specifications/" },
  [TEST_OP_USAGE] = { "usage", "GET", "/usages/" },
  [TEST_OP_LIBRARIES] = { "libraries", "GET", "/libraries/" },
  [TEST_OP_DOWNLOAD] = { "download", "GET", "/environments/" TEST_UUID "/" },
  [TEST_OP_DOWNLOAD_STREAM] = { "download-stream", "GET", "/files/" TEST_UUID "/dir/file1.txt/" },
  [TEST_OP_CHECK] = { "check", "HEAD", "/environments/" TEST_UUID "/" },
  [TEST_OP_EXECUTE] = { "execute", "POST", "/execute/" },
  [TEST_OP_EXECUTE_FILE] = { "execute-file", "POST", "/execute/" },
};

const char *
test_op_get_name (TestOp op)
{
  return operations[op].name;
}

const char *
test_op_get_method (TestOp op)
{
  return operations[op].method;
}

/* The route the operation's request goes to. */
const char *
test_op_get_path (TestOp op)
{
  return operations[op].path;
}

/* What the fake server answers to @op's route from now on. */
void
test_set_op_answer (TestServer       *server,
                    TestOp            op,
                    const TestAnswer *answer)
{
  test_server_set_answer (server, test_op_get_method (op), test_op_get_path (op), answer);
}

void
test_assert_json_equal (JsonNode   *node,
                        const char *expected_text)
{
  g_autoptr(JsonNode) expected = json_from_string (expected_text, NULL);

  g_assert_nonnull (node);
  g_assert_nonnull (expected);
  g_assert_true (json_node_equal (node, expected));
}

JsonNode *
test_parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_parser_get_root (parser));

  return json_parser_steal_root (parser);
}

static gboolean
run_json_op (SandboxClient  *client,
             TestInfo        which,
             const char     *expected,
             TestMode        mode,
             GCancellable   *cancellable,
             GError        **error)
{
  g_autoptr(JsonNode) node = run_get_info (client, which, mode, cancellable, error);

  if (node == NULL)
    return FALSE;

  test_assert_json_equal (node, expected);
  return TRUE;
}

/* The stream is read and closed in a context of the test's own, as the
 * context the asynchronous call was made in must be. */
static gboolean
run_download_stream_op (SandboxClient  *client,
                        TestMode        mode,
                        GCancellable   *cancellable,
                        GError        **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GBytes) received = NULL;
  gboolean ok = FALSE;

  g_main_context_push_thread_default (context);
  stream = run_download_stream (client, TEST_UUID, "dir/file1.txt", NULL, mode,
                                cancellable, error);
  if (stream != NULL)
    {
      out = g_memory_output_stream_new_resizable ();
      if (g_output_stream_splice (out, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                                  G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                  cancellable, error) >= 0)
        {
          received = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
          g_assert_cmpmem (g_bytes_get_data (received, NULL), g_bytes_get_size (received),
                           TEST_FILE_CONTENT, strlen (TEST_FILE_CONTENT));
          ok = TRUE;
        }
      g_clear_object (&stream);
    }
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);

  return ok;
}

static void
assert_execution (SandboxExecution *execution)
{
  g_assert_cmpint (sandbox_execution_get_status (execution), ==, SANDBOX_STATUS_SUCCESS);
  g_assert_cmpstr (sandbox_execution_get_environment (execution), ==, TEST_UUID);
}

static gboolean
run_execute_file_op (SandboxClient  *client,
                     TestMode        mode,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_autoptr(SandboxConfig) config = test_config_new_echo ();
  g_autoptr(GBytes) archive = test_environment_archive ();
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "test-archive-XXXXXX.tgz", NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(SandboxExecution) execution = NULL;
  int fd = g_mkstemp (path);

  g_assert_cmpint (fd, >=, 0);
  g_close (fd, NULL);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (archive, NULL),
                                      g_bytes_get_size (archive), NULL));
  file = g_file_new_for_path (path);
  execution = run_execute_file (client, config, file, mode, cancellable, error);
  g_unlink (path);
  if (execution == NULL)
    return FALSE;

  assert_execution (execution);
  return TRUE;
}

/* Runs @op; on success, asserts that the result is the one the fake
 * server's default route answers. */
gboolean
run_op (SandboxClient  *client,
        TestOp          op,
        TestMode        mode,
        GCancellable   *cancellable,
        GError        **error)
{
  switch (op)
    {
    case TEST_OP_SPECIFICATIONS:
      return run_json_op (client, TEST_INFO_SPECIFICATIONS, TEST_SPECIFICATIONS_JSON,
                          mode, cancellable, error);

    case TEST_OP_USAGE:
      return run_json_op (client, TEST_INFO_USAGE, TEST_USAGE_JSON, mode, cancellable, error);

    case TEST_OP_LIBRARIES:
      return run_json_op (client, TEST_INFO_LIBRARIES, TEST_LIBRARIES_JSON,
                          mode, cancellable, error);

    case TEST_OP_DOWNLOAD:
      {
        g_autoptr(GBytes) expected = test_environment_archive ();
        g_autoptr(GBytes) bytes = run_download (client, TEST_UUID, NULL, mode,
                                                cancellable, error);

        if (bytes == NULL)
          return FALSE;
        g_assert_true (g_bytes_equal (bytes, expected));
        return TRUE;
      }

    case TEST_OP_DOWNLOAD_STREAM:
      return run_download_stream_op (client, mode, cancellable, error);

    case TEST_OP_CHECK:
      {
        g_autoptr(GBytes) expected = test_environment_archive ();
        goffset size = run_check (client, TEST_UUID, NULL, mode, cancellable, error);

        if (size < 0)
          return FALSE;
        g_assert_cmpint (size, ==, (goffset) g_bytes_get_size (expected));
        return TRUE;
      }

    case TEST_OP_EXECUTE:
      {
        g_autoptr(SandboxConfig) config = test_config_new_echo ();
        g_autoptr(GBytes) archive = test_environment_archive ();
        g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (archive);
        g_autoptr(SandboxExecution) execution = NULL;

        execution = run_execute (client, config, stream, mode, cancellable, error);
        if (execution == NULL)
          return FALSE;
        assert_execution (execution);
        return TRUE;
      }

    case TEST_OP_EXECUTE_FILE:
      return run_execute_file_op (client, mode, cancellable, error);

    case TEST_N_OPS:
    default:
      g_assert_not_reached ();
    }
}

/* Blocking call @k of a mix of every kind, streams read whole then closed
 * or only dropped, and the deprecated check of 1.0: each one request. */
static void
blocking_call (SandboxClient *client,
               guint          k)
{
  g_autoptr(GError) error = NULL;

  switch (k % 8)
    {
    case 0:
      g_assert_true (run_op (client, TEST_OP_SPECIFICATIONS, TEST_MODE_SYNC, NULL, &error));
      break;
    case 1:
      g_assert_true (run_op (client, TEST_OP_DOWNLOAD, TEST_MODE_SYNC, NULL, &error));
      break;
    case 2:
      g_assert_true (run_op (client, TEST_OP_DOWNLOAD_STREAM, TEST_MODE_SYNC, NULL, &error));
      break;
    case 3:
      {
        g_autoptr(GInputStream) stream = NULL;
        char buffer[256];
        gsize n = 0;

        /* Dropped unclosed: the connection is given back all the same. */
        stream = sandbox_client_download_stream (client, TEST_UUID, "dir/file1.txt", NULL,
                                                 NULL, &error);
        g_assert_no_error (error);
        g_input_stream_read_all (stream, buffer, sizeof buffer, &n, NULL, &error);
        g_assert_cmpmem (buffer, n, TEST_FILE_CONTENT, strlen (TEST_FILE_CONTENT));
      }
      break;
    case 4:
      /* With an archive, read from a stream. */
      g_assert_true (run_op (client, TEST_OP_EXECUTE, TEST_MODE_SYNC, NULL, &error));
      break;
    case 5:
      {
        g_autoptr(SandboxConfig) config = test_config_new_echo ();
        g_autoptr(SandboxExecution) execution = NULL;

        execution = sandbox_client_execute (client, config, NULL, NULL, &error);
        g_assert_no_error (error);
        assert_execution (execution);
      }
      break;
    case 6:
      g_assert_cmpint (sandbox_client_check (client, TEST_UUID, "dir/file1.txt", NULL, &error),
                       ==, (goffset) strlen (TEST_FILE_CONTENT));
      break;
    default:
      g_assert_cmpint (run_check (client, TEST_UUID, "dir/file1.txt", TEST_MODE_SYNC, NULL,
                                  &error), ==, (goffset) strlen (TEST_FILE_CONTENT));
      break;
    }
  g_assert_no_error (error);
}

typedef struct
{
  SandboxClient *client;
  guint          index;
  guint          n_calls;
  guint          n_done;
} BlockingWorker;

static gpointer
blocking_worker_thread (gpointer user_data)
{
  BlockingWorker *worker = user_data;

  for (guint i = 0; i < worker->n_calls; i++)
    {
      blocking_call (worker->client, worker->index + i);
      worker->n_done++;
    }
  return NULL;
}

void
test_run_in_threads (SandboxClient *client,
                     guint          n_threads,
                     guint          n_calls)
{
  g_autofree BlockingWorker *workers = g_new0 (BlockingWorker, n_threads);
  g_autofree GThread **threads = g_new0 (GThread *, n_threads);

  for (guint i = 0; i < n_threads; i++)
    {
      workers[i] = (BlockingWorker) { client, i, n_calls, 0 };
      threads[i] = g_thread_new ("test-blocking", blocking_worker_thread, &workers[i]);
    }
  for (guint i = 0; i < n_threads; i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpuint (workers[i].n_done, ==, n_calls);
    }
}

/* Initialises the library's classes before a test starts threads. GObject
 * does that safely on first use from any thread, but ThreadSanitizer cannot
 * see the atomics of Debian's GLib that make it so, and would report a
 * race on the class's static data (google/sanitizers#490). */
void
test_init_classes (void)
{
  GType types[] = {
    SANDBOX_TYPE_CLIENT, SANDBOX_TYPE_CONFIG, SANDBOX_TYPE_EXECUTION,
    SANDBOX_TYPE_COMMAND_RESULT,
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    g_type_class_unref (g_type_class_ref (types[i]));
}

/* AddressSanitizer keeps freed memory in quarantine, valgrind has its own:
 * the resident size then says nothing of the library's. */
gboolean
test_memory_is_checked (void)
{
#if defined(__SANITIZE_ADDRESS__)
  return FALSE;
#else
  return !test_running_on_valgrind ();
#endif
}

/* VmHWM, the peak resident size, in bytes. */
goffset
test_read_peak_rss (void)
{
  g_autofree char *status = NULL;
  g_autoptr(GError) error = NULL;
  const char *line;

  g_file_get_contents ("/proc/self/status", &status, NULL, &error);
  g_assert_no_error (error);
  line = strstr (status, "\nVmHWM:");
  g_assert_nonnull (line);

  return g_ascii_strtoll (line + strlen ("\nVmHWM:"), NULL, 10) * 1024;
}

/* Starts a new peak from the current resident size when the kernel
 * allows it; the peak so far is the baseline otherwise. */
goffset
test_reset_peak_rss (void)
{
  /* Written in place: g_file_set_contents() would replace the file. */
  int fd = g_open ("/proc/self/clear_refs", O_WRONLY, 0);

  if (fd < 0 || write (fd, "5", 1) != 1)
    g_test_message ("cannot reset VmHWM: the baseline is the peak so far");
  if (fd >= 0)
    g_close (fd, NULL);

  return test_read_peak_rss ();
}

gboolean
test_running_on_valgrind (void)
{
  const char *preload = g_getenv ("LD_PRELOAD");

#ifdef TEST_HAVE_VALGRIND_H
  if (RUNNING_ON_VALGRIND)
    return TRUE;
#endif

  return preload != NULL && strstr (preload, "vgpreload") != NULL;
}

/* The URL of a port on 127.0.0.1 that nothing listens on: connecting to it
 * is refused. */
char *
test_unused_port_url (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, &error);
  g_assert_no_error (error);

  return g_strdup_printf ("http://127.0.0.1:%u/", port);
}

static int n_logged_retries;

static GLogWriterOutput
count_retries_writer (GLogLevelFlags   level,
                      const GLogField *fields,
                      gsize            n_fields,
                      gpointer         user_data)
{
  if ((level & G_LOG_LEVEL_DEBUG) == 0)
    return g_log_writer_default (level, fields, n_fields, user_data);

  for (gsize i = 0; i < n_fields; i++)
    {
      if (strcmp (fields[i].key, "MESSAGE") == 0 &&
          strstr (fields[i].value, ": retry ") != NULL)
        g_atomic_int_inc (&n_logged_retries);
    }

  return G_LOG_WRITER_HANDLED;
}

void
test_count_logged_retries (void)
{
  /* The library logs each retry with g_debug(). */
  g_setenv ("G_MESSAGES_DEBUG", "Sandbox", TRUE);
  g_log_set_writer_func (count_retries_writer, NULL, NULL);
}

void
test_reset_logged_retries (void)
{
  g_atomic_int_set (&n_logged_retries, 0);
}

int
test_get_logged_retries (void)
{
  return g_atomic_int_get (&n_logged_retries);
}

/* How many entries the directory @path holds; it must be there. */
guint
test_count_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

void
test_remove_tree (const char *path)
{
  struct stat st;

  g_assert_cmpint (lstat (path, &st), ==, 0);
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          test_remove_tree (child);
        }
      g_assert_cmpint (g_rmdir (path), ==, 0);
    }
  else
    {
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
}
