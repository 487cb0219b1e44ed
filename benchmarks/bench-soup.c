/* bench-soup.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "bench-common.h"

/* The contender "bare libsoup": what the library does, with nothing around
 * libsoup but a json-glib parse of the JSON answers. It is the floor the
 * library can hope to reach on the same stack. */

#define BOUNDARY "bench-7d1c2f0e9a"

static SoupSession *
make_session (int max_connections)
{
  return soup_session_new_with_options ("max-conns", max_connections,
                                        "max-conns-per-host", max_connections,
                                        "timeout", 0,
                                        NULL);
}

static char *
endpoint (const BenchOptions *options,
          const char         *path)
{
  return g_strconcat (options->url, path, NULL);
}

static void
check_json_answer (SoupMessage *message,
                   GBytes      *body,
                   GError      *error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;
  gsize size;
  const char *data;

  if (body == NULL)
    bench_fail ("%s", error->message);
  if (soup_message_get_status (message) != SOUP_STATUS_OK)
    bench_fail ("status %u", soup_message_get_status (message));
  data = g_bytes_get_data (body, &size);
  if (!json_parser_load_from_data (parser, data, (gssize) size, &parse_error))
    bench_fail ("%s", parse_error->message);
}

static SoupMessage *
make_execute_message (const char *url)
{
  g_autoptr(SoupMultipart) multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);

  soup_multipart_append_form_string (multipart, "config", BENCH_CONFIG_JSON);
  return soup_message_new_from_multipart (url, multipart);
}

static void
run_specifications (const BenchOptions *options)
{
  g_autoptr(SoupSession) session = make_session (1);
  g_autofree char *url = endpoint (options, "specifications/");
  double start = bench_now ();

  for (int i = 0; i < options->count; i++)
    {
      g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) body = soup_session_send_and_read (session, message, NULL, &error);

      check_json_answer (message, body, error);
    }
  bench_report (bench_now () - start, options->count, 0);
}

typedef struct
{
  SoupSession *session;
  GMainLoop   *loop;
  char        *url;
  int          to_start;
  int          pending;
} Window;

static void start_next (Window *window);

static void
executed_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Window *window = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object),
                                                              result, &error);

  check_json_answer (message, body, error);
  g_object_unref (message);
  window->pending--;
  start_next (window);
  if (window->pending == 0)
    g_main_loop_quit (window->loop);
}

static void
start_next (Window *window)
{
  SoupMessage *message;

  if (window->to_start == 0)
    return;
  window->to_start--;
  window->pending++;
  message = make_execute_message (window->url);
  soup_session_send_and_read_async (window->session, message, G_PRIORITY_DEFAULT, NULL,
                                    executed_cb, window);
}

/* A window of --inflight messages: a new one starts when one ends. With
 * --variant queue, all the messages are queued at once and the session's
 * max-conns is the only limit, as the library does today. */
static void
run_execute_async (const BenchOptions *options)
{
  g_autoptr(SoupSession) session = make_session (options->inflight);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *url = endpoint (options, "execute/");
  Window window = { session, loop, url, options->count, 0 };
  int window_size = g_str_equal (options->variant, "queue") ? options->count : options->inflight;
  double start = bench_now ();

  for (int i = 0; i < window_size; i++)
    start_next (&window);
  g_main_loop_run (loop);
  bench_report (bench_now () - start, options->count, 0);
}

typedef struct
{
  SoupSession *session;
  const char  *url;
  int          count;
} Worker;

static gpointer
execute_worker (gpointer data)
{
  Worker *worker = data;

  for (int i = 0; i < worker->count; i++)
    {
      g_autoptr(SoupMessage) message = make_execute_message (worker->url);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) body = soup_session_send_and_read (worker->session, message,
                                                           NULL, &error);

      check_json_answer (message, body, error);
    }
  return NULL;
}

static void
run_execute_threads (const BenchOptions *options)
{
  int threads = options->threads;
  g_autoptr(SoupSession) session = make_session (threads);
  g_autofree char *url = endpoint (options, "execute/");
  g_autofree Worker *workers = g_new0 (Worker, threads);
  g_autofree GThread **running = g_new0 (GThread *, threads);
  double start = bench_now ();

  for (int t = 0; t < threads; t++)
    {
      workers[t] = (Worker) { session, url, options->count / threads +
                              (t < options->count % threads ? 1 : 0) };
      running[t] = g_thread_new ("bench-execute", execute_worker, &workers[t]);
    }
  for (int t = 0; t < threads; t++)
    g_thread_join (running[t]);
  bench_report (bench_now () - start, options->count, 0);
}

/* The multipart body of an upload: a head, the file, a tail, read in turn. */
#define BENCH_TYPE_CONCAT_STREAM (bench_concat_stream_get_type ())
G_DECLARE_FINAL_TYPE (BenchConcatStream, bench_concat_stream, BENCH, CONCAT_STREAM, GInputStream)

struct _BenchConcatStream
{
  GInputStream  parent_instance;
  GInputStream *parts[3];
  guint         current;
};

G_DEFINE_FINAL_TYPE (BenchConcatStream, bench_concat_stream, G_TYPE_INPUT_STREAM)

static gssize
bench_concat_stream_read (GInputStream  *stream,
                          void          *buffer,
                          gsize          count,
                          GCancellable  *cancellable,
                          GError       **error)
{
  BenchConcatStream *self = BENCH_CONCAT_STREAM (stream);

  while (self->current < G_N_ELEMENTS (self->parts))
    {
      gssize n = g_input_stream_read (self->parts[self->current], buffer, count,
                                      cancellable, error);

      if (n != 0)
        return n;
      self->current++;
    }
  return 0;
}

static void
bench_concat_stream_finalize (GObject *object)
{
  BenchConcatStream *self = BENCH_CONCAT_STREAM (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->parts); i++)
    g_clear_object (&self->parts[i]);
  G_OBJECT_CLASS (bench_concat_stream_parent_class)->finalize (object);
}

static void
bench_concat_stream_class_init (BenchConcatStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bench_concat_stream_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = bench_concat_stream_read;
}

static void
bench_concat_stream_init (BenchConcatStream *self)
{
}

static GInputStream *
bytes_stream (const char *text)
{
  return g_memory_input_stream_new_from_data (g_strdup (text), (gssize) strlen (text), g_free);
}

static void
run_upload (const BenchOptions *options)
{
  static const char head[] =
    "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"config\"\r\n\r\n"
    BENCH_CONFIG_JSON "\r\n"
    "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"environment\"; "
    "filename=\"environment.tgz\"\r\nContent-Type: application/gzip\r\n\r\n";
  static const char tail[] = "\r\n--" BOUNDARY "--\r\n";
  g_autoptr(SoupSession) session = make_session (1);
  g_autofree char *url = endpoint (options, "execute/");
  g_autoptr(GFile) file = g_file_new_for_path (options->file);
  g_autoptr(SoupMessage) message = soup_message_new ("POST", url);
  g_autoptr(BenchConcatStream) body = g_object_new (BENCH_TYPE_CONCAT_STREAM, NULL);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) file_stream = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  goffset size;
  double start;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, &error);
  if (info == NULL)
    bench_fail ("%s", error->message);
  size = g_file_info_get_size (info);

  start = bench_now ();
  file_stream = g_file_read (file, NULL, &error);
  if (file_stream == NULL)
    bench_fail ("%s", error->message);
  body->parts[0] = bytes_stream (head);
  body->parts[1] = G_INPUT_STREAM (g_steal_pointer (&file_stream));
  body->parts[2] = bytes_stream (tail);
  soup_message_set_request_body (message, "multipart/form-data; boundary=" BOUNDARY,
                                 G_INPUT_STREAM (body),
                                 (gssize) (strlen (head) + (gsize) size + strlen (tail)));
  answer = soup_session_send_and_read (session, message, NULL, &error);
  check_json_answer (message, answer, error);
  bench_report (bench_now () - start, 1, size);
}

static void
run_download (const BenchOptions *options)
{
  g_autoptr(SoupSession) session = make_session (1);
  g_autofree char *url = endpoint (options, "environments/" BENCH_ENVIRONMENT "/");
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autofree guint8 *buffer = g_malloc (256 * 1024);
  gint64 received = 0;
  double start = bench_now ();
  gssize n;

  stream = soup_session_send (session, message, NULL, &error);
  if (stream == NULL)
    bench_fail ("%s", error->message);
  if (soup_message_get_status (message) != SOUP_STATUS_OK)
    bench_fail ("status %u", soup_message_get_status (message));
  while ((n = g_input_stream_read (stream, buffer, 256 * 1024, NULL, &error)) > 0)
    received += n;
  if (n < 0)
    bench_fail ("%s", error->message);
  if (received != options->size)
    bench_fail ("%" G_GINT64_FORMAT " bytes instead of %" G_GINT64_FORMAT,
                received, options->size);
  bench_report (bench_now () - start, 1, received);
}

int
main (int   argc,
      char *argv[])
{
  BenchOptions options;

  g_set_prgname ("bench-soup");
  bench_options_parse (&options, &argc, &argv);
  if (g_str_equal (options.op, "specifications"))
    run_specifications (&options);
  else if (g_str_equal (options.op, "execute") && options.threads > 0)
    run_execute_threads (&options);
  else if (g_str_equal (options.op, "execute"))
    run_execute_async (&options);
  else if (g_str_equal (options.op, "upload"))
    run_upload (&options);
  else if (g_str_equal (options.op, "download"))
    run_download (&options);
  else
    bench_fail ("unknown --op %s", options.op);
  bench_options_clear (&options);
  return 0;
}
