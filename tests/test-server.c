/* test-server.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/socket.h>
#include <json-glib/json-glib.h>

#include "test-archive.h"
#include "test-server.h"

#define GENERATED_CHUNK_SIZE (256 * 1024)
/* How far into a multipart body the `environment` part may start. */
#define FILE_PART_MAX_OFFSET (1024 * 1024)
/* What each command takes in echo mode, and the expiry it answers. */
#define ECHO_COMMAND_TIME    0.25
#define ECHO_SLEEP_MS        1000
#define ECHO_EXPIRE          "2026-11-27T03:31:04.148064+00:00"

struct _TestServer
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  char         *url;

  GMutex        mutex;
  GCond         cond;
  gboolean      ready;
  GHashTable   *answers;          /* "METHOD /path/" -> TestAnswer copy */
  gboolean      count_only;
  guint         n_requests;
  GHashTable   *n_requests_for;   /* "METHOD /raw/path/" -> count */
  TestRequest  *last_request;
  guint         in_flight;
  guint         max_in_flight;
  guint         n_to_hold;
  guint         delay_ms;         /* for every answer */
  GPtrArray    *held;             /* SoupServerMessage, paused */
  GPtrArray    *never;            /* SoupServerMessage, paused for good */
  GPtrArray    *delayed;          /* Delayed, paused until their timer fires */
  GPtrArray    *routes;           /* Route */
  gboolean      echo_commands;
  GBytes       *environment;      /* the archive of TEST_UUID, or NULL for the default */
  GHashTable   *files;            /* its members: path -> GBytes, or NULL */
};

typedef struct
{
  char      *prefix;
  TestRoute  func;
  gpointer   user_data;
} Route;

/* Counts and hashes a request body as it arrives, and picks out the
 * content of its multipart `environment` part on the fly, so that even a
 * body that is not stored can be checked. */
typedef struct
{
  GChecksum  *checksum;
  goffset     length;

  gboolean    file_search_done;
  GByteArray *head;            /* the body until the file part's content starts */
  char       *terminator;      /* "\r\n--BOUNDARY--\r\n", which ends the body */
  GByteArray *held;            /* the last bytes, which may be the terminator */
  GChecksum  *file_checksum;   /* NULL until the file part's content starts */
  goffset     file_length;
} BodyCounter;

typedef struct
{
  TestServer        *server;
  SoupServerMessage *msg;
  TestAnswer        *answer;       /* NULL for the default one */
  char              *path;
  GSource           *source;
} Delayed;

typedef struct
{
  TestServer *server;
  goffset     remaining;
  GBytes     *chunk;
} Generator;

static void
route_free (Route *route)
{
  g_free (route->prefix);
  g_free (route);
}

static void
answer_free (TestAnswer *answer)
{
  g_clear_pointer (&answer->body, g_bytes_unref);
  g_free ((char *) answer->content_type);
  g_free ((char *) answer->location);
  g_free ((char *) answer->extra_header);
  g_free ((char *) answer->reason);
  g_free (answer);
}

static TestAnswer *
answer_copy (const TestAnswer *answer)
{
  TestAnswer *copy = g_new0 (TestAnswer, 1);

  *copy = *answer;
  copy->body = answer->body != NULL ? g_bytes_ref (answer->body) : NULL;
  copy->content_type = g_strdup (answer->content_type != NULL
                                 ? answer->content_type : "text/html; charset=utf-8");
  copy->location = g_strdup (answer->location);
  copy->extra_header = g_strdup (answer->extra_header);
  copy->reason = g_strdup (answer->reason);

  return copy;
}

void
test_request_free (TestRequest *request)
{
  if (request == NULL)
    return;

  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  g_clear_pointer (&request->headers, soup_message_headers_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request->body_sha256);
  g_free (request->file_sha256);
  g_free (request);
}

static void
body_counter_free (BodyCounter *counter)
{
  g_checksum_free (counter->checksum);
  g_clear_pointer (&counter->head, g_byte_array_unref);
  g_free (counter->terminator);
  g_clear_pointer (&counter->held, g_byte_array_unref);
  g_clear_pointer (&counter->file_checksum, g_checksum_free);
  g_free (counter);
}

static const guint8 *
find_bytes (const guint8 *haystack,
            gsize         haystack_len,
            const char   *needle)
{
  gsize needle_len = strlen (needle);

  for (gsize i = 0; i + needle_len <= haystack_len; i++)
    {
      if (memcmp (haystack + i, needle, needle_len) == 0)
        return haystack + i;
    }

  return NULL;
}

/* Hashes the file part's content, holding back what may be the body's
 * final boundary. */
static void
feed_file_content (BodyCounter  *counter,
                   const guint8 *data,
                   gsize         size)
{
  gsize terminator_len = strlen (counter->terminator);

  g_byte_array_append (counter->held, data, (guint) size);
  if (counter->held->len > terminator_len)
    {
      gsize n = counter->held->len - terminator_len;

      g_checksum_update (counter->file_checksum, counter->held->data, (gssize) n);
      counter->file_length += (goffset) n;
      g_byte_array_remove_range (counter->held, 0, (guint) n);
    }
}

static void
feed_file_search (BodyCounter       *counter,
                  SoupServerMessage *msg,
                  const guint8      *data,
                  gsize              size)
{
  const guint8 *part;
  const guint8 *content;

  if (counter->file_checksum != NULL)
    {
      feed_file_content (counter, data, size);
      return;
    }

  if (counter->file_search_done)
    return;

  if (counter->head == NULL)
    {
      SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
      g_autoptr(GHashTable) params = NULL;
      const char *type = soup_message_headers_get_content_type (headers, &params);
      const char *boundary = params != NULL ? g_hash_table_lookup (params, "boundary") : NULL;

      if (g_strcmp0 (type, "multipart/form-data") != 0 || boundary == NULL)
        {
          counter->file_search_done = TRUE;
          return;
        }
      counter->terminator = g_strdup_printf ("\r\n--%s--\r\n", boundary);
      counter->head = g_byte_array_new ();
    }

  g_byte_array_append (counter->head, data, (guint) size);
  part = find_bytes (counter->head->data, counter->head->len,
                     "Content-Disposition: form-data; name=\"environment\"");
  content = part != NULL
            ? find_bytes (part, counter->head->len - (gsize) (part - counter->head->data),
                          "\r\n\r\n")
            : NULL;

  if (content != NULL)
    {
      gsize offset = (gsize) (content + 4 - counter->head->data);

      counter->file_checksum = g_checksum_new (G_CHECKSUM_SHA256);
      counter->held = g_byte_array_new ();
      feed_file_content (counter, counter->head->data + offset, counter->head->len - offset);
      g_clear_pointer (&counter->head, g_byte_array_unref);
      counter->file_search_done = TRUE;
    }
  else if (counter->head->len > FILE_PART_MAX_OFFSET)
    {
      g_clear_pointer (&counter->head, g_byte_array_unref);
      counter->file_search_done = TRUE;
    }
}

static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  BodyCounter *counter = g_object_get_data (G_OBJECT (msg), "test-body-counter");
  gsize size;
  const guchar *data = g_bytes_get_data (chunk, &size);

  g_checksum_update (counter->checksum, data, (gssize) size);
  counter->length += (goffset) size;
  feed_file_search (counter, msg, data, size);
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  TestServer *self = user_data;
  BodyCounter *counter = g_new0 (BodyCounter, 1);

  counter->checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_object_set_data_full (G_OBJECT (msg), "test-body-counter", counter,
                          (GDestroyNotify) body_counter_free);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), NULL);

  g_mutex_lock (&self->mutex);
  if (self->count_only)
    soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  g_mutex_unlock (&self->mutex);
}

static void
record_request (TestServer        *self,
                SoupServerMessage *msg)
{
  TestRequest *request = g_new0 (TestRequest, 1);
  BodyCounter *counter = g_object_get_data (G_OBJECT (msg), "test-body-counter");
  GUri *uri = soup_server_message_get_uri (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeadersIter iter;
  const char *name, *value;
  g_autofree char *key = NULL;
  guint n;

  request->method = g_strdup (soup_server_message_get_method (msg));
  request->path = g_strdup (g_uri_get_path (uri));
  request->query = g_strdup (g_uri_get_query (uri));
  request->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    soup_message_headers_append (request->headers, name, value);

  if (!self->count_only)
    request->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  request->body_length = counter != NULL ? counter->length : 0;
  request->body_sha256 = g_strdup (counter != NULL
                                   ? g_checksum_get_string (counter->checksum) : "");

  request->file_length = -1;
  if (counter != NULL && counter->file_checksum != NULL &&
      counter->held->len == strlen (counter->terminator) &&
      memcmp (counter->held->data, counter->terminator, counter->held->len) == 0)
    {
      request->file_length = counter->file_length;
      request->file_sha256 = g_strdup (g_checksum_get_string (counter->file_checksum));
    }

  g_clear_pointer (&self->last_request, test_request_free);
  self->last_request = request;
  self->n_requests++;
  key = g_strdup_printf ("%s %s", request->method, request->path);
  n = GPOINTER_TO_UINT (g_hash_table_lookup (self->n_requests_for, key));
  g_hash_table_replace (self->n_requests_for, g_steal_pointer (&key), GUINT_TO_POINTER (n + 1));
}

static void
set_text_answer (SoupServerMessage *msg,
                 guint              status,
                 const char        *reason,
                 const char        *content_type,
                 const char        *text,
                 gssize             length,
                 TestAnswerMode     mode)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, status, reason);

  switch (mode)
    {
    case TEST_ANSWER_EOF:
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_EOF);
      soup_message_headers_replace (headers, "Connection", "close");
      break;

    case TEST_ANSWER_CHUNKED:
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      break;

    case TEST_ANSWER_NORMAL:
    case TEST_ANSWER_NEVER:
    case TEST_ANSWER_STALL_BODY:
    case TEST_ANSWER_GENERATED:
    case TEST_ANSWER_STALL_SIZED:
    default:
      break;
    }

  if (text != NULL)
    soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, text,
                                      length < 0 ? strlen (text) : (gsize) length);
  /* Bodies not framed by Content-Length end only when said to. */
  if (mode == TEST_ANSWER_EOF || mode == TEST_ANSWER_CHUNKED)
    soup_message_body_complete (soup_server_message_get_response_body (msg));
}

static void
wrote_generated_chunk_cb (SoupServerMessage *msg,
                          gpointer           user_data)
{
  Generator *generator = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  if (generator->remaining <= 0)
    return;

  {
    gsize size = (gsize) MIN (generator->remaining,
                              (goffset) g_bytes_get_size (generator->chunk));
    g_autoptr(GBytes) part = g_bytes_new_from_bytes (generator->chunk, 0, size);

    soup_message_body_append_bytes (body, part);
    generator->remaining -= (goffset) size;
    if (generator->remaining == 0)
      soup_message_body_complete (body);
  }
}

static void
generator_free (Generator *generator)
{
  g_bytes_unref (generator->chunk);
  g_free (generator);
}

static void
answer_generated (SoupServerMessage *msg,
                  goffset            size)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  Generator *generator = g_new0 (Generator, 1);
  guint8 *data = g_malloc (GENERATED_CHUNK_SIZE);

  for (gsize i = 0; i < GENERATED_CHUNK_SIZE; i++)
    data[i] = (guint8) (i * 7 + 3);
  generator->chunk = g_bytes_new_take (data, GENERATED_CHUNK_SIZE);
  generator->remaining = size;

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "application/octet-stream", NULL);
  soup_message_headers_set_content_length (headers, size);
  soup_message_body_set_accumulate (body, FALSE);
  g_object_set_data_full (G_OBJECT (msg), "test-generator", generator,
                          (GDestroyNotify) generator_free);
  g_signal_connect (msg, "wrote-headers", G_CALLBACK (wrote_generated_chunk_cb), generator);
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (wrote_generated_chunk_cb), generator);
}

static void
play_answer (TestServer        *self,
             SoupServerMessage *msg,
             const TestAnswer  *answer)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gsize size = 0;
  const char *data = answer->body != NULL ? g_bytes_get_data (answer->body, &size) : NULL;

  if (answer->extra_header != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (answer->extra_header, ": ", 2);
      soup_message_headers_replace (headers, parts[0], parts[1]);
    }

  if (answer->location != NULL)
    soup_message_headers_replace (headers, "Location", answer->location);

  switch (answer->mode)
    {
    case TEST_ANSWER_NEVER:
      soup_server_message_pause (msg);
      g_ptr_array_add (self->never, g_object_ref (msg));
      return;

    case TEST_ANSWER_STALL_BODY:
      soup_server_message_set_status (msg, answer->status, answer->reason);
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_EOF);
      soup_message_headers_set_content_type (headers, answer->content_type, NULL);
      soup_message_body_append (soup_server_message_get_response_body (msg),
                                SOUP_MEMORY_COPY, data, size / 2);
      return;

    case TEST_ANSWER_GENERATED:
      answer_generated (msg, answer->generated_size);
      return;

    case TEST_ANSWER_STALL_SIZED:
      soup_server_message_set_status (msg, answer->status, answer->reason);
      soup_message_headers_set_content_type (headers, answer->content_type, NULL);
      soup_message_headers_set_content_length (headers, answer->generated_size);
      if (size > 0)
        soup_message_body_append (soup_server_message_get_response_body (msg),
                                  SOUP_MEMORY_COPY, data, size / 2);
      return;

    case TEST_ANSWER_NORMAL:
    case TEST_ANSWER_EOF:
    case TEST_ANSWER_CHUNKED:
    default:
      set_text_answer (msg, answer->status, answer->reason, answer->content_type, data,
                       (gssize) size, answer->mode);
      return;
    }
}

static void
answer_error (SoupServerMessage *msg,
              guint              status,
              const char        *text)
{
  set_text_answer (msg, status, NULL, "text/html; charset=utf-8", text, -1, TEST_ANSWER_EOF);
}

static void
answer_method_not_allowed (SoupServerMessage *msg,
                           const char        *allow)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Allow", allow);
  set_text_answer (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL, "text/html; charset=utf-8",
                   "", 0, TEST_ANSWER_EOF);
}

static gboolean
is_uuid (const char *text,
         gsize       length)
{
  if (length != 36)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (text[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isdigit (text[i]) && !(text[i] >= 'a' && text[i] <= 'f'))
        {
          return FALSE;
        }
    }

  return TRUE;
}

static void
answer_download (TestServer        *self,
                 SoupServerMessage *msg,
                 const char        *uuid,
                 const char        *file_path)
{
  const char *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *text = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autofree char *disposition = NULL;

  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD)
    {
      answer_method_not_allowed (msg, "GET, HEAD, OPTIONS");
      return;
    }

  if (strcmp (uuid, TEST_UUID) != 0)
    {
      text = g_strdup_printf ("No environment with UUID '%s' found", uuid);
      answer_error (msg, SOUP_STATUS_NOT_FOUND, text);
      return;
    }

  if (file_path == NULL)
    {
      content = self->environment != NULL ? g_bytes_ref (self->environment)
                                          : test_environment_archive ();
      disposition = g_strdup_printf ("attachment; filename=%s.tgz", uuid);
    }
  else if (self->files != NULL && g_hash_table_contains (self->files, file_path))
    {
      g_autofree char *name = g_path_get_basename (file_path);

      content = g_bytes_ref (g_hash_table_lookup (self->files, file_path));
      disposition = g_strdup_printf ("attachment; filename=%s", name);
    }
  else if (self->files == NULL && strcmp (file_path, "dir/file1.txt") == 0)
    {
      content = g_bytes_new_static (TEST_FILE_CONTENT, strlen (TEST_FILE_CONTENT));
      disposition = g_strdup ("attachment; filename=file1.txt");
    }
  else
    {
      text = g_strdup_printf ("The file '%s' could not be found in environment '%s'",
                              file_path, uuid);
      answer_error (msg, SOUP_STATUS_NOT_FOUND, text);
      return;
    }

  soup_message_headers_replace (headers, "Content-Disposition", disposition);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  if (method == SOUP_METHOD_HEAD)
    {
      soup_message_headers_set_content_type (headers, file_path == NULL
                                             ? "application/gzip"
                                             : "application/octet-stream", NULL);
      soup_message_headers_set_content_length (headers, (goffset) g_bytes_get_size (content));
      return;
    }

  soup_server_message_set_response (msg, file_path == NULL
                                    ? "application/gzip" : "application/octet-stream",
                                    SOUP_MEMORY_COPY,
                                    g_bytes_get_data (content, NULL),
                                    g_bytes_get_size (content));
}

static void delay_answer (TestServer        *self,
                          SoupServerMessage *msg,
                          const char        *path,
                          const TestAnswer  *answer,
                          guint              delay_ms);

/* The answer of the real server if every command of @config ran for
 * ECHO_COMMAND_TIME and printed "4"; NULL with @out_refusal set for a
 * config it refuses. */
static char *
echo_execution (GBytes    *config,
                gboolean  *out_slow,
                char     **out_refusal)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *text = g_bytes_get_data (config, &size);
  JsonObject *object;
  JsonArray *commands;
  guint n;

  if (!json_parser_load_from_data (parser, text, (gssize) size, &error))
    {
      *out_refusal = g_strdup_printf ("'config' json is invalid - %s", error->message);
      return NULL;
    }
  object = JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
           ? json_node_get_object (json_parser_get_root (parser)) : NULL;
  commands = object != NULL && json_object_has_member (object, "commands") &&
             JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "commands"))
             ? json_object_get_array_member (object, "commands") : NULL;
  n = commands != NULL ? json_array_get_length (commands) : 0;
  if (n == 0)
    {
      *out_refusal = g_strdup (object == NULL ? "config must be an object"
                               : commands == NULL ? "Missing field 'commands' in config"
                               : "Command list cannot be empty");
      return NULL;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "execution");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (commands, i);
      const char *command = JSON_NODE_HOLDS_OBJECT (item)
                            ? json_object_get_string_member_with_default (
                                json_node_get_object (item), "command", "")
                            : json_node_get_string (item);

      command = command != NULL ? command : "";
      *out_slow |= g_str_has_prefix (command, "sleep");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "command");
      json_builder_add_string_value (builder, command[0] == '-' ? command + 1 : command);
      json_builder_set_member_name (builder, "exit_code");
      json_builder_add_int_value (builder, 0);
      json_builder_set_member_name (builder, "stdout");
      json_builder_add_string_value (builder, "4");
      json_builder_set_member_name (builder, "stderr");
      json_builder_add_string_value (builder, "");
      json_builder_set_member_name (builder, "time");
      json_builder_add_double_value (builder, ECHO_COMMAND_TIME);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "total_time");
  json_builder_add_double_value (builder, ECHO_COMMAND_TIME * n + 0.01);
  if (json_object_get_boolean_member_with_default (object, "save", FALSE))
    {
      json_builder_set_member_name (builder, "environment");
      json_builder_add_string_value (builder, TEST_UUID);
      json_builder_set_member_name (builder, "expire");
      json_builder_add_string_value (builder, ECHO_EXPIRE);
    }
  if (json_object_has_member (object, "result_path"))
    {
      json_builder_set_member_name (builder, "result");
      json_builder_add_string_value (builder, "4\n");
    }
  json_builder_end_object (builder);

  answer = json_builder_get_root (builder);
  return json_to_string (answer, FALSE);
}

static void
answer_echo (TestServer        *self,
             SoupServerMessage *msg,
             GBytes            *config)
{
  g_autofree char *refusal = NULL;
  gboolean slow = FALSE;
  g_autofree char *json = echo_execution (config, &slow, &refusal);
  g_autoptr(GBytes) body = NULL;
  TestAnswer answer = {
    .status = SOUP_STATUS_OK, .content_type = "application/json", .mode = TEST_ANSWER_EOF,
  };

  if (json == NULL)
    {
      answer_error (msg, SOUP_STATUS_BAD_REQUEST, refusal);
      return;
    }

  /* Once only: an answer already delayed comes here when its time is up. */
  if (slow && g_object_get_data (G_OBJECT (msg), "test-delayed") == NULL)
    {
      gsize length = strlen (json);

      answer.body = body = g_bytes_new_take (g_steal_pointer (&json), length);
      delay_answer (self, msg, "/execute/", &answer, ECHO_SLEEP_MS);
      return;
    }

  set_text_answer (msg, SOUP_STATUS_OK, NULL, "application/json", json, -1, TEST_ANSWER_EOF);
}

static void
answer_execute (TestServer        *self,
                SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autoptr(GBytes) body = NULL;
  gboolean has_config = FALSE;
  GBytes *config = NULL;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    {
      answer_method_not_allowed (msg, "POST, OPTIONS");
      return;
    }

  /* The real server reads a chunked body as empty. */
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CHUNKED)
    {
      answer_error (msg, SOUP_STATUS_BAD_REQUEST, "Missing argument 'config'");
      return;
    }

  if (self->count_only)
    {
      /* Only counted: trust the framing, the bytes were checked by length. */
      has_config = TRUE;
    }
  else
    {
      body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
      multipart = soup_multipart_new_from_message (headers, body);
      for (int i = 0; multipart != NULL && i < soup_multipart_get_length (multipart); i++)
        {
          SoupMessageHeaders *part_headers;
          GBytes *part_body;
          g_autoptr(GHashTable) params = NULL;
          g_autofree char *disposition = NULL;

          soup_multipart_get_part (multipart, i, &part_headers, &part_body);
          if (soup_message_headers_get_content_disposition (part_headers, &disposition, &params) &&
              g_strcmp0 (g_hash_table_lookup (params, "name"), "config") == 0 &&
              g_hash_table_lookup (params, "filename") == NULL)
            {
              has_config = TRUE;
              config = part_body;
            }
        }
    }

  if (!has_config)
    {
      answer_error (msg, SOUP_STATUS_BAD_REQUEST, "Missing argument 'config'");
      return;
    }

  if (self->echo_commands && config != NULL)
    {
      answer_echo (self, msg, config);
      return;
    }

  set_text_answer (msg, SOUP_STATUS_OK, NULL, "application/json", TEST_EXECUTION_JSON, -1,
                   TEST_ANSWER_EOF);
}

/* The JSON the server answers on @path when it is one of the three info
 * routes, else NULL. */
const char *
test_info_json_for_path (const char *path)
{
  if (strcmp (path, "/specifications/") == 0)
    return TEST_SPECIFICATIONS_JSON;
  if (strcmp (path, "/usages/") == 0)
    return TEST_USAGE_JSON;
  if (strcmp (path, "/libraries/") == 0)
    return TEST_LIBRARIES_JSON;
  return NULL;
}

static void
answer_default (TestServer        *self,
                SoupServerMessage *msg,
                const char        *path)
{
  const char *method = soup_server_message_get_method (msg);
  const char *json = test_info_json_for_path (path);

  if (json != NULL)
    {
      if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD)
        answer_method_not_allowed (msg, "GET, HEAD, OPTIONS");
      else
        set_text_answer (msg, SOUP_STATUS_OK, NULL, "application/json", json, -1,
                         TEST_ANSWER_EOF);
      return;
    }

  if (strcmp (path, "/execute/") == 0)
    {
      answer_execute (self, msg);
      return;
    }

  if (g_str_has_prefix (path, "/environments/") && g_str_has_suffix (path, "/"))
    {
      const char *uuid = path + strlen ("/environments/");
      gsize length = strlen (uuid) - 1;

      if (is_uuid (uuid, length))
        {
          g_autofree char *id = g_strndup (uuid, length);
          answer_download (self, msg, id, NULL);
          return;
        }
    }

  if (g_str_has_prefix (path, "/files/") && g_str_has_suffix (path, "/"))
    {
      const char *uuid = path + strlen ("/files/");

      if (strlen (uuid) > 38 && is_uuid (uuid, 36) && uuid[36] == '/')
        {
          g_autofree char *id = g_strndup (uuid, 36);
          g_autofree char *encoded = g_strndup (uuid + 37, strlen (uuid + 37) - 1);
          g_autofree char *file_path = g_uri_unescape_string (encoded, NULL);

          answer_download (self, msg, id, file_path != NULL ? file_path : encoded);
          return;
        }
    }

  answer_error (msg, SOUP_STATUS_NOT_FOUND, TEST_DJANGO_404);
}

static void
release_held (TestServer *self)
{
  for (guint i = 0; i < self->held->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (self->held, i);

      set_text_answer (msg, SOUP_STATUS_OK, NULL, "application/json", TEST_USAGE_JSON, -1,
                       TEST_ANSWER_EOF);
      soup_server_message_unpause (msg);
    }
  g_ptr_array_set_size (self->held, 0);
}

static void
delayed_free (Delayed *delayed)
{
  g_object_unref (delayed->msg);
  g_clear_pointer (&delayed->answer, answer_free);
  g_free (delayed->path);
  g_source_unref (delayed->source);
  g_free (delayed);
}

static gboolean
delayed_answer_cb (gpointer user_data)
{
  Delayed *delayed = user_data;
  TestServer *self = delayed->server;

  g_mutex_lock (&self->mutex);
  if (delayed->answer == NULL)
    answer_default (self, delayed->msg, delayed->path);
  else
    play_answer (self, delayed->msg, delayed->answer);
  if (delayed->answer == NULL || delayed->answer->mode != TEST_ANSWER_NEVER)
    soup_server_message_unpause (delayed->msg);
  /* Frees @delayed. */
  g_ptr_array_remove_fast (self->delayed, delayed);
  g_mutex_unlock (&self->mutex);

  return G_SOURCE_REMOVE;
}

static void
delay_answer (TestServer        *self,
              SoupServerMessage *msg,
              const char        *path,
              const TestAnswer  *answer,
              guint              delay_ms)
{
  Delayed *delayed = g_new0 (Delayed, 1);

  delayed->server = self;
  delayed->msg = g_object_ref (msg);
  delayed->answer = answer != NULL ? answer_copy (answer) : NULL;
  delayed->path = g_strdup (path);
  delayed->source = g_timeout_source_new (delay_ms);
  g_source_set_callback (delayed->source, delayed_answer_cb, delayed, NULL);
  g_source_attach (delayed->source, self->context);
  g_ptr_array_add (self->delayed, delayed);
  g_object_set_data (G_OBJECT (msg), "test-delayed", GINT_TO_POINTER (TRUE));
  soup_server_message_pause (msg);
}

static void
finished_cb (SoupServerMessage *msg,
             gpointer           user_data)
{
  TestServer *self = user_data;

  g_mutex_lock (&self->mutex);
  self->in_flight--;
  g_mutex_unlock (&self->mutex);
}

/* If @path starts with the segment "/NAME-N/" or "/NAME-N-TAG/", stores N
 * and returns what follows the segment (from its '/'); NULL otherwise. */
static const char *
parse_scenario (const char *path,
                const char *name,
                guint      *out_n)
{
  const char *digits;
  char *end;
  guint64 n;

  if (path[0] != '/' || !g_str_has_prefix (path + 1, name) || path[1 + strlen (name)] != '-')
    return NULL;

  digits = path + 1 + strlen (name) + 1;
  if (!g_ascii_isdigit (digits[0]))
    return NULL;
  n = g_ascii_strtoull (digits, &end, 10);
  if (n > G_MAXUINT || (*end != '/' && *end != '-'))
    return NULL;

  *out_n = (guint) n;
  return strchr (end, '/');
}

static Route *
find_route (TestServer *self,
            const char *path)
{
  Route *found = NULL;

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->routes->len && found == NULL; i++)
    {
      Route *route = g_ptr_array_index (self->routes, i);

      if (g_str_has_prefix (path, route->prefix))
        found = route;
    }
  g_mutex_unlock (&self->mutex);

  return found;
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *unused_path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  TestServer *self = user_data;
  const char *raw_path = g_uri_get_path (soup_server_message_get_uri (msg));
  const char *path = raw_path;
  const char *rest;
  g_autofree char *key = NULL;
  g_autofree char *raw_key = NULL;
  TestAnswer *answer;
  Route *route;
  guint n_unavailable = 0;
  guint scenario_delay_ms = 0;

  route = find_route (self, raw_path);
  if (route != NULL)
    {
      route->func (self, msg, raw_path, route->user_data);
      return;
    }

  /* The scenarios of test-server.h. */
  if (g_str_has_prefix (path, "/sandbox/"))
    path += strlen ("/sandbox");
  else if ((rest = parse_scenario (path, "unavailable", &n_unavailable)) != NULL)
    path = rest;
  else if ((rest = parse_scenario (path, "delay", &scenario_delay_ms)) != NULL)
    path = rest;

  g_mutex_lock (&self->mutex);
  record_request (self, msg);
  self->in_flight++;
  self->max_in_flight = MAX (self->max_in_flight, self->in_flight);
  g_signal_connect (msg, "finished", G_CALLBACK (finished_cb), self);

  key = g_strdup_printf ("%s %s", soup_server_message_get_method (msg), path);
  raw_key = g_strdup_printf ("%s %s", soup_server_message_get_method (msg), raw_path);
  answer = g_hash_table_lookup (self->answers, key);

  if (n_unavailable > 0 &&
      GPOINTER_TO_UINT (g_hash_table_lookup (self->n_requests_for, raw_key)) <= n_unavailable)
    {
      answer_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
                    "Sandbox overloaded, retry after a few seconds.");
    }
  else if (self->n_to_hold > 0)
    {
      soup_server_message_pause (msg);
      g_ptr_array_add (self->held, g_object_ref (msg));
      if (self->held->len >= self->n_to_hold)
        {
          self->n_to_hold = 0;
          release_held (self);
        }
    }
  else if (answer != NULL && answer->delay_ms > 0)
    {
      delay_answer (self, msg, path, answer, answer->delay_ms);
    }
  else if (scenario_delay_ms > 0 || self->delay_ms > 0)
    {
      delay_answer (self, msg, path, answer, MAX (scenario_delay_ms, self->delay_ms));
    }
  else if (answer != NULL)
    {
      play_answer (self, msg, answer);
    }
  else
    {
      answer_default (self, msg, path);
    }
  g_mutex_unlock (&self->mutex);
}

static gpointer
server_thread (gpointer user_data)
{
  TestServer *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  GSList *listeners;

  g_main_context_push_thread_default (self->context);

  self->server = soup_server_new ("server-header", "WSGIServer/0.2 CPython/3.8", NULL);
  soup_server_add_handler (self->server, NULL, server_callback, self, NULL);
  g_signal_connect (self->server, "request-started", G_CALLBACK (request_started_cb), self);
  soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  /* GIO's backlog of 10 drops the connections of a client that opens
   * dozens at once, which retries them a second later. */
  listeners = soup_server_get_listeners (self->server);
  for (GSList *l = listeners; l != NULL; l = l->next)
    g_assert_cmpint (listen (g_socket_get_fd (l->data), 256), ==, 0);
  g_slist_free (listeners);

  uris = soup_server_get_uris (self->server);
  g_assert_nonnull (uris);

  g_mutex_lock (&self->mutex);
  self->url = g_uri_to_string (uris->data);
  self->ready = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  g_main_loop_run (self->loop);

  g_ptr_array_set_size (self->held, 0);
  for (guint i = 0; i < self->delayed->len; i++)
    {
      Delayed *delayed = g_ptr_array_index (self->delayed, i);

      g_source_destroy (delayed->source);
      g_ptr_array_add (self->never, g_object_ref (delayed->msg));
    }
  g_ptr_array_set_size (self->delayed, 0);
  for (guint i = 0; i < self->never->len; i++)
    soup_server_message_unpause (g_ptr_array_index (self->never, i));
  g_ptr_array_set_size (self->never, 0);
  soup_server_disconnect (self->server);
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_assert_finalize_object (g_steal_pointer (&self->server));
  while (g_main_context_iteration (self->context, FALSE))
    ;

  g_main_context_pop_thread_default (self->context);
  return NULL;
}

TestServer *
test_server_new (void)
{
  TestServer *self = g_new0 (TestServer, 1);

  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) answer_free);
  self->held = g_ptr_array_new_with_free_func (g_object_unref);
  self->never = g_ptr_array_new_with_free_func (g_object_unref);
  self->delayed = g_ptr_array_new_with_free_func ((GDestroyNotify) delayed_free);
  self->n_requests_for = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->routes = g_ptr_array_new_with_free_func ((GDestroyNotify) route_free);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("test-server", server_thread, self);

  g_mutex_lock (&self->mutex);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);

  return self;
}

static gboolean
quit_cb (gpointer user_data)
{
  TestServer *self = user_data;

  g_main_loop_quit (self->loop);
  return G_SOURCE_REMOVE;
}

void
test_server_free (TestServer *self)
{
  if (self == NULL)
    return;

  g_main_context_invoke (self->context, quit_cb, self);
  g_thread_join (self->thread);

  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_hash_table_unref (self->answers);
  g_ptr_array_unref (self->held);
  g_ptr_array_unref (self->never);
  g_ptr_array_unref (self->delayed);
  g_hash_table_unref (self->n_requests_for);
  g_ptr_array_unref (self->routes);
  g_clear_pointer (&self->environment, g_bytes_unref);
  g_clear_pointer (&self->files, g_hash_table_unref);
  g_clear_pointer (&self->last_request, test_request_free);
  g_free (self->url);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self);
}

const char *
test_server_get_url (TestServer *self)
{
  return self->url;
}

/* The server's URL with a path @prefix such as "sandbox" or "sandbox/". */
char *
test_server_get_url_with_path (TestServer *self,
                               const char *prefix)
{
  return g_strconcat (self->url, prefix, NULL);
}

void
test_server_set_answer (TestServer       *self,
                        const char       *method,
                        const char       *path,
                        const TestAnswer *answer)
{
  TestAnswer *copy = answer_copy (answer);

  g_mutex_lock (&self->mutex);
  g_hash_table_replace (self->answers, g_strdup_printf ("%s %s", method, path), copy);
  g_mutex_unlock (&self->mutex);
}

void
test_server_set_count_only (TestServer *self,
                            gboolean    count_only)
{
  g_mutex_lock (&self->mutex);
  self->count_only = count_only;
  g_mutex_unlock (&self->mutex);
}

guint
test_server_get_n_requests (TestServer *self)
{
  guint n;

  g_mutex_lock (&self->mutex);
  n = self->n_requests;
  g_mutex_unlock (&self->mutex);

  return n;
}

/* How many requests came for @method and @path (as received, with any
 * prefix of the base URL). */
guint
test_server_get_n_requests_for (TestServer *self,
                                const char *method,
                                const char *path)
{
  g_autofree char *key = g_strdup_printf ("%s %s", method, path);
  guint n;

  g_mutex_lock (&self->mutex);
  n = GPOINTER_TO_UINT (g_hash_table_lookup (self->n_requests_for, key));
  g_mutex_unlock (&self->mutex);

  return n;
}

TestRequest *
test_server_dup_last_request (TestServer *self)
{
  TestRequest *copy = NULL;

  g_mutex_lock (&self->mutex);
  if (self->last_request != NULL)
    {
      TestRequest *last = self->last_request;
      SoupMessageHeadersIter iter;
      const char *name, *value;

      copy = g_new0 (TestRequest, 1);
      copy->method = g_strdup (last->method);
      copy->path = g_strdup (last->path);
      copy->query = g_strdup (last->query);
      copy->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
      soup_message_headers_iter_init (&iter, last->headers);
      while (soup_message_headers_iter_next (&iter, &name, &value))
        soup_message_headers_append (copy->headers, name, value);
      copy->body = last->body != NULL ? g_bytes_ref (last->body) : NULL;
      copy->body_length = last->body_length;
      copy->body_sha256 = g_strdup (last->body_sha256);
      copy->file_length = last->file_length;
      copy->file_sha256 = g_strdup (last->file_sha256);
    }
  g_mutex_unlock (&self->mutex);

  return copy;
}

guint
test_server_get_max_in_flight (TestServer *self)
{
  guint n;

  g_mutex_lock (&self->mutex);
  n = self->max_in_flight;
  g_mutex_unlock (&self->mutex);

  return n;
}

/* The next @n_to_hold requests get no answer until all of them have
 * arrived: requests the client would serialise never complete. */
void
test_server_set_hold (TestServer *self,
                      guint       n_to_hold)
{
  g_mutex_lock (&self->mutex);
  self->n_to_hold = n_to_hold;
  g_mutex_unlock (&self->mutex);
}

/* Every answer from now on comes @delay_ms late, unless it has a delay of
 * its own. */
void
test_server_set_delay (TestServer *self,
                       guint       delay_ms)
{
  g_mutex_lock (&self->mutex);
  self->delay_ms = delay_ms;
  g_mutex_unlock (&self->mutex);
}

/* Requests whose raw path starts with @prefix go to @route. */
void
test_server_add_route (TestServer *self,
                       const char *prefix,
                       TestRoute   route,
                       gpointer    user_data)
{
  Route *entry = g_new0 (Route, 1);

  entry->prefix = g_strdup (prefix);
  entry->func = route;
  entry->user_data = user_data;

  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->routes, entry);
  g_mutex_unlock (&self->mutex);
}

/* With @echo, an execute answers each command of its config, without its
 * '-', as if it printed "4" in ECHO_COMMAND_TIME (a command starting with
 * "sleep" makes the answer ECHO_SLEEP_MS late), with `environment` TEST_UUID
 * and `expire` ECHO_EXPIRE when the config saves, and `result` "4\n" when it
 * has a `result_path`. */
void
test_server_set_echo_commands (TestServer *self,
                               gboolean    echo)
{
  g_mutex_lock (&self->mutex);
  self->echo_commands = echo;
  g_mutex_unlock (&self->mutex);
}

/* From now on, TEST_UUID is the archive of @entries (as
 * test_archive_new_tgz() takes them), and its `files/` route serves
 * exactly these members. */
void
test_server_set_environment (TestServer         *self,
                             const char * const *entries)
{
  GHashTable *files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_bytes_unref);

  for (guint i = 0; entries[i] != NULL; i += 2)
    g_hash_table_replace (files, g_strdup (entries[i]),
                          g_bytes_new (entries[i + 1], strlen (entries[i + 1])));

  g_mutex_lock (&self->mutex);
  g_clear_pointer (&self->environment, g_bytes_unref);
  self->environment = test_archive_new_tgz (entries);
  g_clear_pointer (&self->files, g_hash_table_unref);
  self->files = files;
  g_mutex_unlock (&self->mutex);
}

/* "METHOD /raw/path/" -> how many requests came for it (as a
 * GUINT_TO_POINTER), for every path seen. */
GHashTable *
test_server_dup_request_counts (TestServer *self)
{
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key, value;

  g_mutex_lock (&self->mutex);
  g_hash_table_iter_init (&iter, self->n_requests_for);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (counts, g_strdup (key), value);
  g_mutex_unlock (&self->mutex);

  return counts;
}
