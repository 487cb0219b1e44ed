/* server-test-utils.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/sysmacros.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>

#include "server-test-utils.h"

/* The built sandbox-server (tests/common's launcher), talked to with a
 * plain SoupSession shared by all the servers of a test. */

static SoupSession *
get_session (void)
{
  static gsize once;
  static SoupSession *session;

  if (g_once_init_enter (&once))
    {
      session = soup_session_new_with_options ("timeout", 60, NULL);
      g_once_init_leave (&once, 1);
    }
  return session;
}

/* Removes @path and all it holds (what the sandbox user made too). */
void
test_remove_dir (const char *path)
{
  const char *argv[] = { "rm", "-rf", "--", path, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH,
                NULL, NULL, NULL, NULL, NULL, NULL);
}

/* It exits cleanly on SIGTERM. */
void
test_server_stop (TestServer *server)
{
  g_assert_cmpint (launched_server_stop (server), ==, 0);
}

char *
test_server_url (TestServer *server,
                 const char *path)
{
  return launched_server_dup_url (server, path);
}

void
test_response_free (TestResponse *response)
{
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->json, json_node_unref);
  g_free (response->text);
  g_free (response);
}

TestResponse *
test_send (TestServer  *server,
           SoupMessage *msg)
{
  g_autoptr(GError) error = NULL;
  TestResponse *response = g_new0 (TestResponse, 1);
  const char *type;
  gsize len;

  response->body = soup_session_send_and_read (get_session (), msg, NULL,
                                               &error);
  g_assert_no_error (error);
  response->status = soup_message_get_status (msg);
  response->headers =
    soup_message_headers_ref (soup_message_get_response_headers (msg));
  response->text = g_strndup (g_bytes_get_data (response->body, &len),
                              g_bytes_get_size (response->body));

  type = soup_message_headers_get_content_type (response->headers, NULL);
  if (g_strcmp0 (type, "application/json") == 0)
    {
      response->json = json_from_string (response->text, &error);
      g_assert_no_error (error);
    }

  return response;
}

TestResponse *
test_request (TestServer *server,
              const char *method,
              const char *path)
{
  g_autofree char *url = test_server_url (server, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);

  g_assert_nonnull (msg);
  return test_send (server, msg);
}

/* environments/@uuid/, or files/@uuid/f/ with @file */
TestResponse *
test_request_saved (TestServer *server,
                    const char *method,
                    gboolean    file,
                    const char *uuid)
{
  g_autofree char *path = g_strconcat (file ? "files/" : "environments/", uuid,
                                       file ? "/f/" : "/", NULL);

  return test_request (server, method, path);
}

TestResponse *
test_execute (TestServer *server,
              const char *config,
              GBytes     *environment)
{
  g_autofree char *url = test_server_url (server, "execute/");
  g_autoptr(SoupMultipart) multipart =
    soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  g_autoptr(SoupMessage) msg = NULL;

  soup_multipart_append_form_string (multipart, "config", config);
  if (environment != NULL)
    soup_multipart_append_form_file (multipart, "environment", "env.tgz",
                                     "application/gzip", environment);
  msg = soup_message_new_from_multipart (url, multipart);
  return test_send (server, msg);
}

JsonObject *
test_response_object (TestResponse *response)
{
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));
  return json_node_get_object (response->json);
}

guint
test_execution_length (TestResponse *response)
{
  JsonObject *object = test_response_object (response);

  return json_array_get_length (json_object_get_array_member (object,
                                                              "execution"));
}

JsonObject *
test_execution_entry (TestResponse *response,
                      guint         index)
{
  JsonObject *object = test_response_object (response);
  JsonArray *execution = json_object_get_array_member (object, "execution");

  g_assert_cmpuint (index, <, json_array_get_length (execution));
  return json_array_get_object_element (execution, index);
}

/* Runs @config (with @environment, or none): the answer must be 200. */
TestResponse *
test_run (TestServer *server,
          const char *config,
          GBytes     *environment)
{
  TestResponse *response = test_execute (server, config, environment);

  g_test_message ("%s -> %s", config, response->text);
  g_assert_cmpuint (response->status, ==, 200);
  return response;
}

/* A string member (stdout, stderr...) of the command at @index. */
const char *
test_entry_string (TestResponse *response,
                   guint         index,
                   const char   *member)
{
  return json_object_get_string_member (test_execution_entry (response, index), member);
}

/* The exit code of the command at @index. */
gint64
test_exit_code (TestResponse *response,
                guint         index)
{
  return json_object_get_int_member (test_execution_entry (response, index), "exit_code");
}

/* JSON and error answers end with the connection, without a length. */
void
test_assert_closing (TestResponse *response)
{
  g_assert_null (soup_message_headers_get_one (response->headers,
                                               "Content-Length"));
  g_assert_cmpstr (soup_message_headers_get_one (response->headers,
                                                 "Connection"), ==, "close");
}

void
test_assert_text_answer (TestResponse *response,
                         guint         status,
                         const char   *body)
{
  g_assert_cmpuint (response->status, ==, status);
  g_assert_cmpstr (soup_message_headers_get_one (response->headers,
                                                 "Content-Type"),
                   ==, "text/html; charset=utf-8");
  test_assert_closing (response);
  if (body != NULL)
    g_assert_cmpstr (response->text, ==, body);
}

struct _TestArchive
{
  struct archive  *archive;
  GByteArray      *data;
};

static la_ssize_t
write_cb (struct archive *a,
          void           *user_data,
          const void     *buffer,
          size_t          length)
{
  g_byte_array_append (user_data, buffer, length);
  return length;
}

static TestArchive *
archive_new (gboolean gzip)
{
  TestArchive *archive = g_new0 (TestArchive, 1);

  archive->data = g_byte_array_new ();
  archive->archive = archive_write_new ();
  if (gzip)
    archive_write_add_filter_gzip (archive->archive);
  archive_write_set_format_pax_restricted (archive->archive);
  archive_write_set_bytes_in_last_block (archive->archive, 1);
  g_assert_cmpint (archive_write_open (archive->archive, archive->data, NULL,
                                       write_cb, NULL), ==, ARCHIVE_OK);
  return archive;
}

TestArchive *
test_archive_new (void)
{
  return archive_new (TRUE);
}

static void
add_entry (TestArchive *archive,
           const char  *name,
           guint        type,
           guint        mode,
           const char  *data,
           gsize        len,
           const char  *symlink,
           const char  *hardlink)
{
  struct archive_entry *entry = archive_entry_new ();

  archive_entry_set_pathname (entry, name);
  archive_entry_set_filetype (entry, type);
  archive_entry_set_perm (entry, mode);
  archive_entry_set_size (entry, data != NULL ? len : 0);
  archive_entry_set_mtime (entry, 1700000000, 0);
  if (symlink != NULL)
    archive_entry_set_symlink (entry, symlink);
  if (hardlink != NULL)
    archive_entry_set_hardlink (entry, hardlink);
  if (type == AE_IFCHR)
    archive_entry_set_rdev (entry, makedev (1, 3));

  g_assert_cmpint (archive_write_header (archive->archive, entry), ==,
                   ARCHIVE_OK);
  if (data != NULL && len > 0)
    g_assert_cmpint (archive_write_data (archive->archive, data, len), ==,
                     (la_ssize_t) len);
  archive_entry_free (entry);
}

void
test_archive_add_file (TestArchive *archive,
                       const char  *name,
                       const char  *data,
                       gssize       len,
                       guint        mode)
{
  add_entry (archive, name, AE_IFREG, mode, data,
             len < 0 ? strlen (data) : (gsize) len, NULL, NULL);
}

void
test_archive_add_dir (TestArchive *archive,
                      const char  *name,
                      guint        mode)
{
  add_entry (archive, name, AE_IFDIR, mode, NULL, 0, NULL, NULL);
}

void
test_archive_add_symlink (TestArchive *archive,
                          const char  *name,
                          const char  *target)
{
  add_entry (archive, name, AE_IFLNK, 0777, NULL, 0, target, NULL);
}

void
test_archive_add_hardlink (TestArchive *archive,
                           const char  *name,
                           const char  *target)
{
  add_entry (archive, name, AE_IFREG, 0644, NULL, 0, NULL, target);
}

void
test_archive_add_special (TestArchive *archive,
                          const char  *name,
                          guint        type)
{
  add_entry (archive, name, type, 0666, NULL, 0, NULL, NULL);
}

/* The archive's bytes; without @gzip, the same members as a plain tar
 * (rebuilt from the gzip'd one). */
GBytes *
test_archive_finish (TestArchive *archive,
                     gboolean     gzip)
{
  GBytes *bytes;

  g_assert_cmpint (archive_write_close (archive->archive), ==, ARCHIVE_OK);
  archive_write_free (archive->archive);
  bytes = g_byte_array_free_to_bytes (archive->data);
  g_free (archive);

  if (!gzip)
    {
      struct archive *in = archive_read_new ();
      TestArchive *plain = archive_new (FALSE);
      struct archive_entry *entry;

      archive_read_support_filter_all (in);
      archive_read_support_format_tar (in);
      g_assert_cmpint (archive_read_open_memory (in, g_bytes_get_data (bytes, NULL),
                                                 g_bytes_get_size (bytes)),
                       ==, ARCHIVE_OK);
      while (archive_read_next_header (in, &entry) == ARCHIVE_OK)
        {
          char buf[8192];
          la_ssize_t n;

          g_assert_cmpint (archive_write_header (plain->archive, entry), ==,
                           ARCHIVE_OK);
          while ((n = archive_read_data (in, buf, sizeof buf)) > 0)
            archive_write_data (plain->archive, buf, n);
        }
      archive_read_free (in);
      g_bytes_unref (bytes);
      return test_archive_finish (plain, TRUE);
    }

  return bytes;
}

/* The members of a gzip'd tar: name -> content (GBytes) for files, NULL
 * for directories, "symlink:<target>" for symbolic links. */
GHashTable *
test_archive_read (GBytes *data)
{
  GHashTable *members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) g_bytes_unref);
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;

  archive_read_support_filter_gzip (a);
  archive_read_support_format_tar (a);
  g_assert_cmpint (archive_read_open_memory (a, g_bytes_get_data (data, NULL),
                                             g_bytes_get_size (data)),
                   ==, ARCHIVE_OK);
  g_assert_cmpint (archive_filter_code (a, 0), ==, ARCHIVE_FILTER_GZIP);

  while (archive_read_next_header (a, &entry) == ARCHIVE_OK)
    {
      const char *name = archive_entry_pathname (entry);
      GByteArray *content = g_byte_array_new ();
      char buf[8192];
      la_ssize_t n;

      switch (archive_entry_filetype (entry))
        {
        case AE_IFDIR:
          g_byte_array_unref (content);
          g_hash_table_replace (members, g_strdup (name), NULL);
          continue;
        case AE_IFLNK:
          g_byte_array_append (content, (const guint8 *) "symlink:", 8);
          g_byte_array_append (content,
                               (const guint8 *) archive_entry_symlink (entry),
                               strlen (archive_entry_symlink (entry)));
          break;
        default:
          while ((n = archive_read_data (a, buf, sizeof buf)) > 0)
            g_byte_array_append (content, (const guint8 *) buf, n);
          break;
        }
      g_hash_table_replace (members, g_strdup (name),
                            g_byte_array_free_to_bytes (content));
    }

  archive_read_free (a);
  return members;
}

typedef struct
{
  TestServer *server;
  char       *config;
} Background;

static gpointer
background_execute (gpointer data)
{
  Background *bg = data;
  TestResponse *response = test_execute (bg->server, bg->config, NULL);

  g_free (bg->config);
  g_free (bg);
  return response;
}

/* Sends test_execute (@server, @config, NULL) from a new thread; joining
 * it answers the TestResponse. */
GThread *
test_execute_in_thread (TestServer *server,
                        const char *config)
{
  Background *bg = g_new (Background, 1);

  bg->server = server;
  bg->config = g_strdup (config);
  return g_thread_new ("execute", background_execute, bg);
}

/* A connection of its own to @server, for raw HTTP exchanges. */
GSocketConnection *
test_connect_raw (TestServer *server)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", server->port,
                                                NULL, &error);
  g_assert_no_error (error);
  return connection;
}

void
test_send_raw (GSocketConnection *connection,
               const char        *data,
               gssize             len)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (out, data, len < 0 ? strlen (data) : (gsize) len,
                             NULL, NULL, &error);
  g_assert_no_error (error);
}

/* The server's process id. */
GPid
test_server_pid (TestServer *server)
{
  const char *id = g_subprocess_get_identifier (server->process);

  g_assert_nonnull (id);
  return (GPid) g_ascii_strtoll (id, NULL, 10);
}

/* A size in /proc/PID/status of the server (@field: "VmRSS", "VmHWM"…),
 * in KiB. */
guint64
test_server_status_kib (TestServer *server,
                        const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", test_server_pid (server));
  g_autofree char *key = g_strdup_printf ("\n%s:", field);
  g_autofree char *contents = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  line = strstr (contents, key);
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen (key), NULL, 10);
}

/* How many entries @dir holds (0 when it is not there). */
guint
test_count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* Whether a process of the host has @needle in its command line. */
gboolean
test_host_has_process (const char *needle)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *cmdline = NULL;
      gsize len;

      if (!g_ascii_isdigit (name[0]))
        continue;
      path = g_build_filename ("/proc", name, "cmdline", NULL);
      if (!g_file_get_contents (path, &cmdline, &len, NULL))
        continue;
      for (gsize i = 0; i + 1 < len; i++)
        if (cmdline[i] == '\0')
          cmdline[i] = ' ';
      if (strstr (cmdline, needle) != NULL)
        return TRUE;
    }

  return FALSE;
}

/* The path of a file named @name anywhere under @root, or NULL. */
char *
test_find_file_named (const char *root,
                      const char *name)
{
  g_autoptr(GDir) dir = g_dir_open (root, 0, NULL);
  const char *entry;

  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (root, entry, NULL);
      char *found;

      if (strcmp (entry, name) == 0)
        return g_steal_pointer (&path);
      if (g_file_test (path, G_FILE_TEST_IS_DIR)
          && !g_file_test (path, G_FILE_TEST_IS_SYMLINK)
          && (found = test_find_file_named (path, name)) != NULL)
        return found;
    }

  return NULL;
}

GBytes *
test_hog_environment (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "budget-hog", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  TestArchive *archive = test_archive_new ();
  gsize len = 0;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  test_archive_add_file (archive, "budget-hog", data, len, 0755);
  return test_archive_finish (archive, TRUE);
}

/* The number after the last "@word " in @text, or -1. */
gint64
test_output_number (const char *text,
                    const char *word)
{
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);
  g_autofree char *prefix = g_strconcat (word, " ", NULL);
  gint64 value = -1;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      value = g_ascii_strtoll (lines[i] + strlen (prefix), NULL, 10);
  return value;
}

static gint64
uid_of (const char *pid)
{
  g_autofree char *path = g_build_filename ("/proc", pid, "status", NULL);
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL)
      || (line = strstr (text, "\nUid:")) == NULL)
    return -1;
  return g_ascii_strtoll (line + 5, NULL, 10);
}

guint
test_count_uid_processes (guint uid)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint count = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_ascii_isdigit (*name) && uid_of (name) == (gint64) uid)
      count++;
  return count;
}

/* The host uid of the first process whose command line holds @marker, once
 * one shows up (bounded: 60 s), or -1. */
gint64
test_wait_host_uid (const char *marker)
{
  for (guint round = 0; round < 6000; round++)
    {
      g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = NULL;
          g_autofree char *cmdline = NULL;
          gsize len = 0;

          if (!g_ascii_isdigit (*name))
            continue;
          path = g_build_filename ("/proc", name, "cmdline", NULL);
          if (!g_file_get_contents (path, &cmdline, &len, NULL) || len == 0)
            continue;
          for (gsize i = 0; i + 1 < len; i++)
            if (cmdline[i] == '\0')
              cmdline[i] = ' ';
          if (strstr (cmdline, marker) != NULL && strstr (cmdline, "bwrap") == NULL
              && strstr (cmdline, "-c") == NULL)
            return uid_of (name);
        }
      g_usleep (10 * 1000);
    }
  return -1;
}
