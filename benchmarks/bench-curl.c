/* bench-curl.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <curl/curl.h>
#include <json-glib/json-glib.h>

#include "bench-common.h"

/* The contender "libcurl": a loop reusing one easy handle, a multi handle
 * for concurrency, the JSON answers parsed with json-glib like the other C
 * contenders do. */

static size_t
collect_cb (char  *data,
            size_t size,
            size_t count,
            void  *user_data)
{
  g_string_append_len (user_data, data, (gssize) (size * count));
  return size * count;
}

static size_t
count_cb (char  *data,
          size_t size,
          size_t count,
          void  *user_data)
{
  *(gint64 *) user_data += (gint64) (size * count);
  return size * count;
}

static void
check (CURLcode    code,
       const char *what)
{
  if (code != CURLE_OK)
    bench_fail ("%s: %s", what, curl_easy_strerror (code));
}

static void
check_json_answer (CURL    *easy,
                   GString *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  long status = 0;

  curl_easy_getinfo (easy, CURLINFO_RESPONSE_CODE, &status);
  if (status != 200)
    bench_fail ("status %ld", status);
  if (!json_parser_load_from_data (parser, body->str, (gssize) body->len, &error))
    bench_fail ("%s", error->message);
}

static CURL *
make_easy (const char *url,
           GString    *body)
{
  CURL *easy = curl_easy_init ();

  curl_easy_setopt (easy, CURLOPT_URL, url);
  curl_easy_setopt (easy, CURLOPT_WRITEFUNCTION, collect_cb);
  curl_easy_setopt (easy, CURLOPT_WRITEDATA, body);
  curl_easy_setopt (easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (easy, CURLOPT_PROXY, "");
  return easy;
}

static curl_mime *
add_config_part (CURL *easy)
{
  curl_mime *mime = curl_mime_init (easy);
  curl_mimepart *part = curl_mime_addpart (mime);

  curl_mime_name (part, "config");
  curl_mime_data (part, BENCH_CONFIG_JSON, CURL_ZERO_TERMINATED);
  return mime;
}

static void
run_specifications (const BenchOptions *options)
{
  g_autofree char *url = g_strconcat (options->url, "specifications/", NULL);
  g_autoptr(GString) body = g_string_new (NULL);
  CURL *easy = make_easy (url, body);
  double start = bench_now ();

  for (int i = 0; i < options->count; i++)
    {
      g_string_truncate (body, 0);
      check (curl_easy_perform (easy), "specifications");
      check_json_answer (easy, body);
    }
  bench_report (bench_now () - start, options->count, 0);
  curl_easy_cleanup (easy);
}

typedef struct
{
  CURL      *easy;
  curl_mime *mime;
  GString   *body;
} Transfer;

static void
transfer_start (Transfer   *transfer,
                const char *url)
{
  transfer->body = g_string_new (NULL);
  transfer->easy = make_easy (url, transfer->body);
  transfer->mime = add_config_part (transfer->easy);
  curl_easy_setopt (transfer->easy, CURLOPT_MIMEPOST, transfer->mime);
  curl_easy_setopt (transfer->easy, CURLOPT_PRIVATE, transfer);
}

static void
transfer_clear (Transfer *transfer)
{
  curl_easy_cleanup (transfer->easy);
  curl_mime_free (transfer->mime);
  g_string_free (transfer->body, TRUE);
}

/* A window of --inflight transfers on one multi handle. */
static void
run_execute_multi (const BenchOptions *options)
{
  g_autofree char *url = g_strconcat (options->url, "execute/", NULL);
  g_autofree Transfer *transfers = g_new0 (Transfer, options->count);
  CURLM *multi = curl_multi_init ();
  int started = 0, done = 0, running = 0;
  double start = bench_now ();

  curl_multi_setopt (multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long) options->inflight);
  for (; started < MIN (options->inflight, options->count); started++)
    {
      transfer_start (&transfers[started], url);
      curl_multi_add_handle (multi, transfers[started].easy);
    }
  while (done < options->count)
    {
      CURLMsg *message;
      int left;

      if (curl_multi_perform (multi, &running) != CURLM_OK ||
          curl_multi_poll (multi, NULL, 0, 10, NULL) != CURLM_OK)
        bench_fail ("curl_multi failed");
      while ((message = curl_multi_info_read (multi, &left)) != NULL)
        {
          Transfer *transfer = NULL;

          if (message->msg != CURLMSG_DONE)
            continue;
          check (message->data.result, "execute");
          curl_easy_getinfo (message->easy_handle, CURLINFO_PRIVATE, (char **) &transfer);
          check_json_answer (transfer->easy, transfer->body);
          curl_multi_remove_handle (multi, transfer->easy);
          transfer_clear (transfer);
          done++;
          if (started < options->count)
            {
              transfer_start (&transfers[started], url);
              curl_multi_add_handle (multi, transfers[started].easy);
              started++;
            }
        }
    }
  bench_report (bench_now () - start, options->count, 0);
  curl_multi_cleanup (multi);
}

typedef struct
{
  const char *url;
  int         count;
} Worker;

static gpointer
execute_worker (gpointer data)
{
  Worker *worker = data;
  g_autoptr(GString) body = g_string_new (NULL);
  CURL *easy = make_easy (worker->url, body);
  curl_mime *mime = add_config_part (easy);

  curl_easy_setopt (easy, CURLOPT_MIMEPOST, mime);
  for (int i = 0; i < worker->count; i++)
    {
      g_string_truncate (body, 0);
      check (curl_easy_perform (easy), "execute");
      check_json_answer (easy, body);
    }
  curl_mime_free (mime);
  curl_easy_cleanup (easy);
  return NULL;
}

static void
run_execute_threads (const BenchOptions *options)
{
  int threads = options->threads;
  g_autofree char *url = g_strconcat (options->url, "execute/", NULL);
  g_autofree Worker *workers = g_new0 (Worker, threads);
  g_autofree GThread **running = g_new0 (GThread *, threads);
  double start = bench_now ();

  for (int t = 0; t < threads; t++)
    {
      workers[t] = (Worker) { url, options->count / threads +
                              (t < options->count % threads ? 1 : 0) };
      running[t] = g_thread_new ("bench-execute", execute_worker, &workers[t]);
    }
  for (int t = 0; t < threads; t++)
    g_thread_join (running[t]);
  bench_report (bench_now () - start, options->count, 0);
}

static void
run_upload (const BenchOptions *options)
{
  g_autofree char *url = g_strconcat (options->url, "execute/", NULL);
  g_autoptr(GString) body = g_string_new (NULL);
  CURL *easy = make_easy (url, body);
  curl_mime *mime = add_config_part (easy);
  curl_mimepart *part = curl_mime_addpart (mime);
  g_autoptr(GFile) file = g_file_new_for_path (options->file);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  double start;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, &error);
  if (info == NULL)
    bench_fail ("%s", error->message);
  curl_mime_name (part, "environment");
  check (curl_mime_filedata (part, options->file), "upload");
  curl_mime_type (part, "application/gzip");
  curl_easy_setopt (easy, CURLOPT_MIMEPOST, mime);

  start = bench_now ();
  check (curl_easy_perform (easy), "upload");
  check_json_answer (easy, body);
  bench_report (bench_now () - start, 1, g_file_info_get_size (info));
  curl_mime_free (mime);
  curl_easy_cleanup (easy);
}

static void
run_download (const BenchOptions *options)
{
  g_autofree char *url = g_strconcat (options->url, "environments/", BENCH_ENVIRONMENT, "/",
                                      NULL);
  CURL *easy = make_easy (url, NULL);
  gint64 received = 0;
  double start;

  curl_easy_setopt (easy, CURLOPT_WRITEFUNCTION, count_cb);
  curl_easy_setopt (easy, CURLOPT_WRITEDATA, &received);
  start = bench_now ();
  check (curl_easy_perform (easy), "download");
  if (received != options->size)
    bench_fail ("%" G_GINT64_FORMAT " bytes instead of %" G_GINT64_FORMAT,
                received, options->size);
  bench_report (bench_now () - start, 1, received);
  curl_easy_cleanup (easy);
}

int
main (int   argc,
      char *argv[])
{
  BenchOptions options;

  g_set_prgname ("bench-curl");
  bench_options_parse (&options, &argc, &argv);
  curl_global_init (CURL_GLOBAL_DEFAULT);
  if (g_str_equal (options.op, "specifications"))
    run_specifications (&options);
  else if (g_str_equal (options.op, "execute") && options.threads > 0)
    run_execute_threads (&options);
  else if (g_str_equal (options.op, "execute"))
    run_execute_multi (&options);
  else if (g_str_equal (options.op, "upload"))
    run_upload (&options);
  else if (g_str_equal (options.op, "download"))
    run_download (&options);
  else
    bench_fail ("unknown --op %s", options.op);
  curl_global_cleanup ();
  bench_options_clear (&options);
  return 0;
}
