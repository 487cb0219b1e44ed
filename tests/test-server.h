/* test-server.h
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* An in-process stand-in for the sandbox server, on 127.0.0.1 with an
 * ephemeral port, running in a thread of its own so that blocking client
 * calls can be tested. By default it plays back the answers of
 * docs/protocol.md with the real server's transport habits; a test can replace
 * the answer of any route.
 *
 * The first segment of a request's path can choose a scenario; it is then
 * removed before the route is looked up (the counts keep the raw path):
 *   /sandbox/...               the same endpoints under a base URL with a path
 *   /unavailable-N[-TAG]/...   the first N requests for each method and raw path
 *                              answer 503, the later ones the usual answer
 *   /delay-MS[-TAG]/...        every answer comes MS milliseconds late
 * (TAG is any text without '/', to start the counts afresh.) */

typedef enum
{
  TEST_ANSWER_NORMAL,      /* Content-Length, keep-alive */
  TEST_ANSWER_EOF,         /* no Content-Length, Connection: close (JSON and errors) */
  TEST_ANSWER_CHUNKED,     /* Transfer-Encoding: chunked */
  TEST_ANSWER_NEVER,       /* never answers */
  TEST_ANSWER_STALL_BODY,  /* headers and the first half of the body, then nothing */
  TEST_ANSWER_GENERATED,   /* a generated body of `generated_size` bytes, streamed */
  TEST_ANSWER_STALL_SIZED, /* Content-Length: `generated_size`, the first half of the
                            * body, then nothing */
} TestAnswerMode;

typedef struct _TestAnswer
{
  guint           status;
  const char     *content_type;
  GBytes         *body;
  TestAnswerMode  mode;
  const char     *location;        /* for 3xx */
  goffset         generated_size;  /* for TEST_ANSWER_GENERATED */
  const char     *extra_header;    /* "Name: value", or NULL */
  const char     *reason;          /* the status line's reason phrase, or NULL for libsoup's */
  guint           delay_ms;        /* answer only after this long */
} TestAnswer;

typedef struct
{
  char               *method;
  char               *path;         /* as received, percent-decoded by libsoup */
  char               *query;
  SoupMessageHeaders *headers;
  GBytes             *body;         /* NULL when only counted */
  goffset             body_length;
  char               *body_sha256;
  /* The content of the multipart `environment` file part, hashed as it
   * arrives (also when only counted); -1 and NULL when there is none. */
  goffset             file_length;
  char               *file_sha256;
} TestRequest;

typedef struct _TestServer TestServer;

TestServer  *test_server_new                (void);
void         test_server_free               (TestServer       *self);
const char  *test_server_get_url            (TestServer       *self);
char        *test_server_get_url_with_path  (TestServer       *self,
                                             const char       *prefix);
void         test_server_set_answer         (TestServer       *self,
                                             const char       *method,
                                             const char       *path,
                                             const TestAnswer *answer);
void         test_server_set_count_only     (TestServer       *self,
                                             gboolean          count_only);
guint        test_server_get_n_requests     (TestServer       *self);
guint        test_server_get_n_requests_for (TestServer       *self,
                                             const char       *method,
                                             const char       *path);
TestRequest *test_server_dup_last_request   (TestServer       *self);
guint        test_server_get_max_in_flight  (TestServer       *self);
void         test_server_set_hold           (TestServer       *self,
                                             guint            n_to_hold);
void         test_server_set_delay          (TestServer       *self,
                                             guint            delay_ms);
void         test_request_free              (TestRequest      *request);

/* Answers the requests whose path starts with its prefix in place of the
 * fake server, in the server's thread, without recording them. */
typedef void (*TestRoute) (TestServer        *server,
                           SoupServerMessage *msg,
                           const char        *path,
                           gpointer           user_data);

void         test_server_add_route          (TestServer       *self,
                                             const char       *prefix,
                                             TestRoute         route,
                                             gpointer          user_data);
void         test_server_set_echo_commands  (TestServer       *self,
                                             gboolean          echo);
void         test_server_set_environment    (TestServer       *self,
                                             const char * const *entries);
GHashTable  *test_server_dup_request_counts (TestServer       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestServer, test_server_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestRequest, test_request_free)

/* Fixtures of docs/protocol.md. */
#define TEST_UUID          "e8c5995b-7049-4b04-8440-5d9d914360fc"
#define TEST_MISSING_UUID  "00000000-0000-4000-8000-000000000000"
#define TEST_SPECIFICATIONS_JSON \
  "{\"host\": {\"cpu\": {\"core\": 6, \"logical\": 12, \"freq_min\": 800.0, " \
  "\"freq_max\": 4700.0}, " \
  "\"memory\": {\"ram\": 16723701760, \"swap\": 9448923136, " \
  "\"storage\": {\"/dev/sda2\": 225603444736}}, " \
  "\"docker_version\": \"19.03.8-ce\", \"sandbox_version\": \"3.0.0\"}, " \
  "\"container\": {\"count\": 20, \"cpu\": {\"count\": 1, \"period\": 1000, " \
  "\"shares\": 1024, \"quota\": 0}, " \
  "\"memory\": {\"ram\": 100000000, \"swap\": 100000000, \"storage\": -1}, " \
  "\"io\": {\"read_iops\": {}, \"read_bps\": {}, \"write_iops\": {}, \"write_bps\": {}}, " \
  "\"process\": -1, \"working_dir_device\": \"/dev/sda2\"}}"
#define TEST_USAGE_JSON \
  "{\"cpu\": {\"frequency\": 800.05, \"usage\": 0.085, \"usage_avg\": [0.104, 0.09, 0.0775]}, " \
  "\"memory\": {\"ram\": 5376819200, \"swap\": 0, \"storage\": {\"/dev/sda2\": 60275105792}}, " \
  "\"io\": {\"read_iops\": {\"/dev/sda2\": 0}, \"read_bps\": {\"/dev/sda2\": 0}, " \
  "\"write_iops\": {\"/dev/sda2\": 0}, \"write_bps\": {\"/dev/sda2\": 2048}}, " \
  "\"network\": {\"sent_bytes\": 514, \"received_bytes\": 526, \"sent_packets\": 6, " \
  "\"received_packets\": 6}, " \
  "\"process\": 326, \"container\": 0}"
#define TEST_LIBRARIES_JSON \
  "{\"libraries\": {\"system\": {\"bash\": \"5.0-4\"}, \"python\": {\"numpy\": \"1.18.4\"}, " \
  "\"perl\": {}, \"c\": {\"libc\": \"6\"}}, \"bin\": [\"bash\", \"cat\"]}"
#define TEST_EXECUTION_JSON \
  "{\"status\": 0, \"execution\": [{\"command\": \"echo $((2+2))\", \"exit_code\": 0, " \
  "\"stdout\": \"4\", \"stderr\": \"\", \"time\": 0.2858}], \"total_time\": 0.2871, " \
  "\"environment\": \"" TEST_UUID "\", \"expire\": \"2019-07-06T13:05:35.123456+00:00\", " \
  "\"result\": \"4\\n\"}"
#define TEST_FILE_CONTENT  "content of dir/file1.txt\n"
#define TEST_DJANGO_404 \
  "<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Not Found</title>\n" \
  "</head>\n<body>\n  <h1>Not Found</h1>" \
  "<p>The requested resource was not found on this server.</p>\n</body>\n</html>\n"

GBytes     *test_environment_archive (void);
const char *test_info_json_for_path  (const char *path);

G_END_DECLS
