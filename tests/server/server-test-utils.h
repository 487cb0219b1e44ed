/* server-test-utils.h
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <sys/types.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "sandbox-server-launcher.h"

G_BEGIN_DECLS

/* A sandbox-server started by a test (tests/common's launcher), with its
 * own storage and working directories in a temporary directory removed
 * when it stops. */
typedef LaunchedServer TestServer;

typedef struct
{
  guint                status;
  SoupMessageHeaders  *headers;
  GBytes              *body;
  char                *text;
  JsonNode            *json;
} TestResponse;

void          test_server_stop           (TestServer          *server);
GSocketConnection *test_connect_raw     (TestServer          *server);
/* Writes all @len bytes of @data (-1: a string) to @connection. */
void          test_send_raw              (GSocketConnection   *connection,
                                          const char          *data,
                                          gssize               len);
GPid          test_server_pid            (TestServer          *server);
guint64       test_server_status_kib     (TestServer          *server,
                                          const char          *field);
GThread      *test_execute_in_thread     (TestServer          *server,
                                          const char          *config);
char         *test_server_url            (TestServer          *server,
                                          const char          *path);

TestResponse *test_send                  (TestServer          *server,
                                          SoupMessage         *msg);
TestResponse *test_request               (TestServer          *server,
                                          const char          *method,
                                          const char          *path);
TestResponse *test_request_saved         (TestServer          *server,
                                          const char          *method,
                                          gboolean             file,
                                          const char          *uuid);
TestResponse *test_execute               (TestServer          *server,
                                          const char          *config,
                                          GBytes              *environment);
void          test_response_free         (TestResponse        *response);
TestResponse *test_run                   (TestServer          *server,
                                          const char          *config,
                                          GBytes              *environment);
const char   *test_entry_string          (TestResponse        *response,
                                          guint                index,
                                          const char          *member);
gint64        test_exit_code             (TestResponse        *response,
                                          guint                index);

JsonObject   *test_response_object       (TestResponse        *response);
JsonObject   *test_execution_entry       (TestResponse        *response,
                                          guint                index);
guint         test_execution_length      (TestResponse        *response);
void          test_assert_text_answer    (TestResponse        *response,
                                          guint                status,
                                          const char          *body);
void          test_assert_closing        (TestResponse        *response);

/* A raw execute/ body around an environment of bytes written in between
 * (not an archive: the server answers 400 once it has read it). */
#define TEST_UPLOAD_BOUNDARY "server-test-boundary"
#define TEST_UPLOAD_HEAD \
  "--" TEST_UPLOAD_BOUNDARY "\r\nContent-Disposition: form-data; name=\"config\"\r\n\r\n" \
  "{\"commands\": [\"true\"]}\r\n--" TEST_UPLOAD_BOUNDARY "\r\n" \
  "Content-Disposition: form-data; name=\"environment\"; filename=\"env.tgz\"\r\n" \
  "Content-Type: application/gzip\r\n\r\n"
#define TEST_UPLOAD_TAIL "\r\n--" TEST_UPLOAD_BOUNDARY "--\r\n"

/* gzip'd tar archives made at run time */
typedef struct _TestArchive TestArchive;

TestArchive  *test_archive_new           (void);
void          test_archive_add_file      (TestArchive         *archive,
                                          const char          *name,
                                          const char          *data,
                                          gssize               len,
                                          guint                mode);
void          test_archive_add_dir       (TestArchive         *archive,
                                          const char          *name,
                                          guint                mode);
void          test_archive_add_symlink   (TestArchive         *archive,
                                          const char          *name,
                                          const char          *target);
void          test_archive_add_hardlink  (TestArchive         *archive,
                                          const char          *name,
                                          const char          *target);
void          test_archive_add_special   (TestArchive         *archive,
                                          const char          *name,
                                          guint                type);
GBytes       *test_archive_finish        (TestArchive         *archive,
                                          gboolean             gzip);
GHashTable   *test_archive_read          (GBytes              *data);

void          test_remove_dir            (const char          *path);
guint         test_count_entries         (const char          *dir);
gboolean      test_host_has_process      (const char          *needle);
char         *test_find_file_named       (const char          *root,
                                          const char          *name);

/* The budget tests' helper (budget-hog.c) in an environment archive, and
 * what the host sees of the processes it starts. */
GBytes       *test_hog_environment       (void);
gint64        test_output_number         (const char          *text,
                                          const char          *word);
guint         test_count_uid_processes   (guint                uid);
gint64        test_wait_host_uid         (const char          *marker);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestResponse, test_response_free)

G_END_DECLS
