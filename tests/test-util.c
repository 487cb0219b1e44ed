/* test-util.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "test-util.h"

typedef struct
{
  GMainContext *context;
  GAsyncResult *result;
  guint         n_calls;
  gboolean      pushed;
} AsyncWait;

/* Waits in the caller's thread-default context when it has pushed one (to
 * read a stream there afterwards, say), in a new one otherwise. */
static void
async_wait_init (AsyncWait *wait)
{
  GMainContext *current = g_main_context_get_thread_default ();

  wait->result = NULL;
  wait->n_calls = 0;
  wait->pushed = current == NULL;
  wait->context = current != NULL ? g_main_context_ref (current) : g_main_context_new ();
  if (wait->pushed)
    g_main_context_push_thread_default (wait->context);
}

static void
async_wait_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncWait *wait = user_data;

  /* The callback runs in the caller's thread-default context. */
  g_assert_true (g_main_context_get_thread_default () == wait->context);
  g_assert_true (g_main_context_is_owner (wait->context));
  wait->n_calls++;
  g_clear_object (&wait->result);
  wait->result = g_object_ref (result);
}

static GAsyncResult *
async_wait_run (AsyncWait *wait)
{
  while (wait->result == NULL)
    g_main_context_iteration (wait->context, TRUE);

  return wait->result;
}

static void
async_wait_clear (AsyncWait *wait)
{
  /* Whatever is left to run must not call back a second time. */
  while (g_main_context_iteration (wait->context, FALSE))
    ;
  g_assert_cmpuint (wait->n_calls, ==, 1);

  if (wait->pushed)
    g_main_context_pop_thread_default (wait->context);
  g_clear_object (&wait->result);
  g_main_context_unref (wait->context);
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

JsonNode *
run_get_info (SandboxClient  *client,
               TestInfo        which,
               TestMode        mode,
               GCancellable   *cancellable,
               GError        **error)
{
  AsyncWait wait;
  JsonNode *node = NULL;

  if (mode == TEST_MODE_SYNC)
    {
      switch (which)
        {
        case TEST_INFO_SPECIFICATIONS:
          return sandbox_client_get_specifications (client, cancellable, error);
        case TEST_INFO_USAGE:
          return sandbox_client_get_usage (client, cancellable, error);
        case TEST_INFO_LIBRARIES:
        default:
          return sandbox_client_get_libraries (client, cancellable, error);
        }
    }

  async_wait_init (&wait);
  switch (which)
    {
    case TEST_INFO_SPECIFICATIONS:
      sandbox_client_get_specifications_async (client, cancellable, async_wait_cb, &wait);
      node = sandbox_client_get_specifications_finish (client, async_wait_run (&wait), error);
      break;
    case TEST_INFO_USAGE:
      sandbox_client_get_usage_async (client, cancellable, async_wait_cb, &wait);
      node = sandbox_client_get_usage_finish (client, async_wait_run (&wait), error);
      break;
    case TEST_INFO_LIBRARIES:
    default:
      sandbox_client_get_libraries_async (client, cancellable, async_wait_cb, &wait);
      node = sandbox_client_get_libraries_finish (client, async_wait_run (&wait), error);
      break;
    }
  async_wait_clear (&wait);

  return node;
}

GBytes *
run_download (SandboxClient  *client,
               const char     *environment,
               const char     *path,
               TestMode        mode,
               GCancellable   *cancellable,
               GError        **error)
{
  AsyncWait wait;
  GBytes *bytes;

  if (mode == TEST_MODE_SYNC)
    return sandbox_client_download (client, environment, path, cancellable, error);

  async_wait_init (&wait);
  sandbox_client_download_async (client, environment, path, cancellable, async_wait_cb, &wait);
  bytes = sandbox_client_download_finish (client, async_wait_run (&wait), error);
  async_wait_clear (&wait);

  return bytes;
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
  AsyncWait wait;
  GInputStream *stream;

  if (mode == TEST_MODE_SYNC)
    return sandbox_client_download_stream (client, environment, path, out_size,
                                           cancellable, error);

  async_wait_init (&wait);
  sandbox_client_download_stream_async (client, environment, path, cancellable,
                                        async_wait_cb, &wait);
  stream = sandbox_client_download_stream_finish (client, async_wait_run (&wait),
                                                  out_size, error);
  async_wait_clear (&wait);

  return stream;
}

goffset
run_check (SandboxClient  *client,
            const char     *environment,
            const char     *path,
            TestMode        mode,
            GCancellable   *cancellable,
            GError        **error)
{
  AsyncWait wait;
  goffset size;

  if (mode == TEST_MODE_SYNC)
    return sandbox_client_check (client, environment, path, cancellable, error);

  async_wait_init (&wait);
  sandbox_client_check_async (client, environment, path, cancellable, async_wait_cb, &wait);
  size = sandbox_client_check_finish (client, async_wait_run (&wait), error);
  async_wait_clear (&wait);

  return size;
}

SandboxExecution *
run_execute (SandboxClient  *client,
              SandboxConfig  *config,
              GInputStream   *archive,
              TestMode        mode,
              GCancellable   *cancellable,
              GError        **error)
{
  AsyncWait wait;
  SandboxExecution *execution;

  if (mode == TEST_MODE_SYNC)
    return sandbox_client_execute (client, config, archive, cancellable, error);

  async_wait_init (&wait);
  sandbox_client_execute_async (client, config, archive, cancellable, async_wait_cb, &wait);
  execution = sandbox_client_execute_finish (client, async_wait_run (&wait), error);
  async_wait_clear (&wait);

  return execution;
}

SandboxExecution *
run_execute_file (SandboxClient  *client,
                   SandboxConfig  *config,
                   GFile          *archive,
                   TestMode        mode,
                   GCancellable   *cancellable,
                   GError        **error)
{
  AsyncWait wait;
  SandboxExecution *execution;

  if (mode == TEST_MODE_SYNC)
    return sandbox_client_execute_file (client, config, archive, cancellable, error);

  async_wait_init (&wait);
  sandbox_client_execute_file_async (client, config, archive, cancellable,
                                     async_wait_cb, &wait);
  execution = sandbox_client_execute_file_finish (client, async_wait_run (&wait), error);
  async_wait_clear (&wait);

  return execution;
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
