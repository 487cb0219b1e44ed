/* test-util.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <sandbox-api.h>

G_BEGIN_DECLS

/* Every client test runs twice: with the blocking call and with the
 * asynchronous pair, which must call back exactly once in the thread-default
 * context of the caller. */
typedef enum
{
  TEST_MODE_SYNC,
  TEST_MODE_ASYNC,
} TestMode;

#define TEST_MODE(data) ((TestMode) GPOINTER_TO_INT (data))

void              test_add_both_modes     (const char        *path,
                                           GTestDataFunc      func);

typedef struct _TestServer TestServer;

/* The fixture of most client tests: the fake server of test-server.c, a
 * client of it and a configuration that runs `echo $((2+2))`, made before
 * the test and freed after it. */
typedef struct
{
  TestMode       mode;
  TestServer    *server;
  SandboxClient *client;
  SandboxConfig *config;
} ClientFixture;

typedef void (*ClientTestFunc) (ClientFixture *f,
                                gconstpointer  data);

/* Make and free the fixture; a fixture that extends it (a ClientFixture
 * first) calls them from its own. */
void              test_client_fixture_set_up    (ClientFixture *f,
                                                 gconstpointer  data);
void              test_client_fixture_tear_down (ClientFixture *f,
                                                 gconstpointer  data);

/* Registers @func on the fixture, once, in the blocking mode. */
void              test_add_client         (const char        *path,
                                           ClientTestFunc     func);
/* Registers @func on the fixture as /sync@path and /async@path. */
void              test_add_client_both_modes (const char     *path,
                                           ClientTestFunc     func);
/* The same for a fixture of @size bytes of the test's own; its set-up reads
 * the mode with TEST_MODE (data). */
void              test_add_fixture_both_modes (const char    *path,
                                           gsize              size,
                                           GTestFixtureFunc   set_up,
                                           GTestFixtureFunc   func,
                                           GTestFixtureFunc   tear_down);

typedef enum
{
  TEST_INFO_SPECIFICATIONS,
  TEST_INFO_USAGE,
  TEST_INFO_LIBRARIES,
} TestInfo;

JsonNode         *run_get_info           (SandboxClient     *client,
                                           TestInfo           which,
                                           TestMode           mode,
                                           GCancellable      *cancellable,
                                           GError           **error);
GBytes           *run_download           (SandboxClient     *client,
                                           const char        *environment,
                                           const char        *path,
                                           TestMode           mode,
                                           GCancellable      *cancellable,
                                           GError           **error);
GInputStream     *run_download_stream    (SandboxClient     *client,
                                           const char        *environment,
                                           const char        *path,
                                           goffset           *out_size,
                                           TestMode           mode,
                                           GCancellable      *cancellable,
                                           GError           **error);
goffset           run_check               (SandboxClient     *client,
                                           const char        *environment,
                                           const char        *path,
                                           TestMode           mode,
                                           GCancellable      *cancellable,
                                           GError           **error);
goffset           run_check_1_0           (SandboxClient     *client,
                                           const char        *environment,
                                           const char        *path,
                                           TestMode           mode,
                                           GCancellable      *cancellable,
                                           GError           **error);
SandboxExecution *run_execute            (SandboxClient     *client,
                                           SandboxConfig     *config,
                                           GInputStream      *archive,
                                           TestMode           mode,
                                           GCancellable      *cancellable,
                                           GError           **error);
SandboxExecution *run_execute_file       (SandboxClient     *client,
                                           SandboxConfig     *config,
                                           GFile             *archive,
                                           TestMode           mode,
                                           GCancellable      *cancellable,
                                           GError           **error);
/* execute_builder, or with @with_fallback execute_with_fallback, of
 * @builder's archive. */
SandboxExecution *run_execute_builder    (SandboxClient     *client,
                                           SandboxConfig     *config,
                                           SandboxEnvironmentBuilder *builder,
                                           gboolean           with_fallback,
                                           TestMode           mode,
                                           GError           **error);
/* A builder of one file, data.txt, holding @content. */
SandboxEnvironmentBuilder *test_builder_new_data (const char *content);
/* The stdout of the first command (owned by @execution). */
const char       *test_execution_first_stdout (SandboxExecution *execution);

/* Every operation of the client, each against one route of the fake
 * server, for the tests that must hold for all of them. */
typedef enum
{
  TEST_OP_SPECIFICATIONS,
  TEST_OP_USAGE,
  TEST_OP_LIBRARIES,
  TEST_OP_DOWNLOAD,
  TEST_OP_DOWNLOAD_STREAM,
  TEST_OP_CHECK,
  TEST_OP_EXECUTE,
  TEST_OP_EXECUTE_FILE,
  TEST_N_OPS
} TestOp;

const char       *test_op_get_name        (TestOp             op);
const char       *test_op_get_method      (TestOp             op);
const char       *test_op_get_path        (TestOp             op);
struct _TestAnswer;

/* What the fake server answers to @op's route from now on. */
void              test_set_op_answer      (TestServer        *server,
                                           TestOp             op,
                                           const struct _TestAnswer *answer);
gboolean          run_op                  (SandboxClient     *client,
                                           TestOp             op,
                                           TestMode           mode,
                                           GCancellable      *cancellable,
                                           GError           **error);

/* Makes @n_calls blocking calls, of every operation in turn (one request
 * each, each result checked), in each of @n_threads threads at once, and
 * waits for them all. */
void              test_run_in_threads     (SandboxClient     *client,
                                           guint              n_threads,
                                           guint              n_calls);

SandboxClient    *test_client_new         (const char        *url);
/* A client of @url that retries @max_retries times, @retry_delay s
 * apart; the count of logged retries starts again from 0. */
SandboxClient    *test_retry_client_new   (const char        *url,
                                           guint              max_retries,
                                           double             retry_delay);
SandboxConfig    *test_config_new_echo    (void);
void              test_cancel_after       (GCancellable      *cancellable,
                                           guint              msec);
double            test_elapsed_since      (gint64             start);
gboolean          test_running_on_valgrind (void);
gboolean          test_memory_is_checked  (void);
void              test_init_classes       (void);
goffset           test_read_peak_rss      (void);
goffset           test_reset_peak_rss     (void);
char             *test_unused_port_url    (void);

/* Waits for an async call's result: in the caller's thread-default
 * context when it has pushed one, else in a new one, pushed until
 * test_async_wait_clear(). Pass test_async_wait_cb and the wait as the
 * call's callback and data; the callback must run once, in that context. */
typedef struct
{
  GMainContext *context;
  GAsyncResult *result;
  guint         n_calls;
  gboolean      pushed;
} TestAsyncWait;

void              test_async_wait_init    (TestAsyncWait     *wait);
void              test_async_wait_cb      (GObject           *object,
                                           GAsyncResult      *result,
                                           gpointer           user_data);
/* The result, owned by @wait until test_async_wait_clear(). */
GAsyncResult     *test_async_wait_run     (TestAsyncWait     *wait);
/* Runs what is left in the context, checks that the callback ran once,
 * and pops the context if test_async_wait_init() pushed it. */
void              test_async_wait_clear   (TestAsyncWait     *wait);

/* The same for many async calls at once: their results, in the order they
 * call back. Pass test_async_batch_cb and test_async_batch_add (&batch) as
 * each call's callback and data. */
typedef struct
{
  TestAsyncWait  wait;  /* its context; n_calls counts the callbacks */
  GPtrArray     *results;
  guint          n_started;
} TestAsyncBatch;

void              test_async_batch_cb     (GObject           *object,
                                           GAsyncResult      *result,
                                           gpointer           user_data);
void              test_async_batch_init   (TestAsyncBatch    *batch);
/* Counts one more call; returns @batch, the call's data. */
gpointer          test_async_batch_add    (TestAsyncBatch    *batch);
/* Runs the context until every call has called back, each once; the
 * results (GAsyncResult) are owned by @batch. */
GPtrArray        *test_async_batch_run    (TestAsyncBatch    *batch);
/* Frees the results, and so the references they hold to their sources. */
void              test_async_batch_clear  (TestAsyncBatch    *batch);
/* Starts @n get_usage calls at once and waits for them: each must
 * succeed with the fake server's usage. */
void              test_run_usage_batch    (SandboxClient     *client,
                                           guint              n);

/* Records a transfer's progress reports, and where they came from: pass
 * test_progress_cb, test_progress_notify and the recorder. */
typedef struct
{
  GArray       *current;              /* goffset, one a report */
  GArray       *total;                /* goffset, one a report */
  GThread      *thread;               /* where the reports must run */
  GMainContext *context;              /* and, when set, in which context */
  guint         n_misplaced;          /* reports elsewhere */
  guint         n_notified;
  guint         n_notified_elsewhere; /* on another thread */
  guint         n_after_notify;       /* reports after the notify */
} TestProgress;

void              test_progress_init      (TestProgress      *progress);
void              test_progress_clear     (TestProgress      *progress);
void              test_progress_cb        (goffset            current,
                                           goffset            total,
                                           gpointer           user_data);
/* Asserts that the caller's data is released once. */
void              test_progress_notify    (gpointer           user_data);
/* sandbox_client_download_to_file() and _to_directory() in @mode,
 * reporting to @progress (or to nothing, when %NULL). */
gboolean          run_download_to_file    (SandboxClient     *client,
                                           const char        *environment,
                                           const char        *path,
                                           GFile             *destination,
                                           TestMode           mode,
                                           TestProgress      *progress,
                                           GCancellable      *cancellable, GError **error);
gboolean          run_download_to_directory (SandboxClient *client, const char *environment,
                                           GFile *directory, TestMode mode,
                                           TestProgress *progress, GCancellable *cancellable,
                                           GError **error);

/* Asserts that @node is the JSON that @expected_text spells. */
void              test_assert_json_equal  (JsonNode          *node,
                                           const char        *expected_text);
/* Parses @text, which must be valid JSON. */
JsonNode         *test_parse_json         (const char        *text);
guint             test_count_entries      (const char        *path);

/* Removes @path and, for a directory, all it holds; links are removed,
 * never followed. */
void              test_remove_tree        (const char        *path);

/* Counts the retries the library logs (its debug lines, which it turns
 * on) from now on; call before g_test_init(). */
void              test_count_logged_retries (void);
void              test_reset_logged_retries (void);
int               test_get_logged_retries   (void);

G_END_DECLS
