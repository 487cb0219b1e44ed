/* server-libraries.c
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sandbox-json-private.h"
#include "server-libraries.h"
#include "server-respond.h"

/* libraries/: what can be found cheaply on this machine — Debian packages
 * (/var/lib/dpkg/status), Python distributions (*.dist-info, *.egg-info),
 * Perl packages, shared libraries' sonames and the executables on the
 * commands' PATH. Scanned once in a thread, then served from the cache. */

static const char * const bin_dirs[] = {
  "/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin",
};

struct _ServerLibraries
{
  GString  *json;
  GQueue    waiting;
  gboolean  scanning;
};

ServerLibraries *
server_libraries_new (void)
{
  ServerLibraries *libraries = g_new0 (ServerLibraries, 1);

  g_queue_init (&libraries->waiting);
  return libraries;
}

void
server_libraries_free (ServerLibraries *libraries)
{
  g_queue_clear_full (&libraries->waiting, g_object_unref);
  if (libraries->json != NULL)
    g_string_free (libraries->json, TRUE);
  g_free (libraries);
}

static void
read_dpkg (GHashTable *system,
           GHashTable *perl)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *package = NULL;
  g_autofree char *version = NULL;
  gboolean installed = FALSE;

  if (!g_file_get_contents ("/var/lib/dpkg/status", &contents, NULL, NULL))
    return;

  lines = g_strsplit (contents, "\n", -1);
  for (char **line = lines;; line++)
    {
      if (*line == NULL || **line == '\0')
        {
          if (package != NULL && version != NULL && installed)
            {
              if (strcmp (package, "perl") == 0
                  || (g_str_has_prefix (package, "lib")
                      && g_str_has_suffix (package, "-perl")))
                g_hash_table_replace (perl, g_strdup (package),
                                      g_strdup (version));
              g_hash_table_replace (system, g_steal_pointer (&package),
                                    g_steal_pointer (&version));
            }
          g_clear_pointer (&package, g_free);
          g_clear_pointer (&version, g_free);
          installed = FALSE;
          if (*line == NULL)
            break;
        }
      else if (g_str_has_prefix (*line, "Package: "))
        {
          g_free (package);
          package = g_strstrip (g_strdup (*line + 9));
        }
      else if (g_str_has_prefix (*line, "Version: "))
        {
          g_free (version);
          version = g_strstrip (g_strdup (*line + 9));
        }
      else if (g_str_has_prefix (*line, "Status: "))
        installed = g_str_has_suffix (*line, " installed");
    }
}

static void
scan_python_dir (const char *path,
                 GHashTable *python)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *stem = NULL;
      char *dash;
      char *py;

      if (g_str_has_suffix (name, ".dist-info"))
        stem = g_strndup (name, strlen (name) - strlen (".dist-info"));
      else if (g_str_has_suffix (name, ".egg-info"))
        stem = g_strndup (name, strlen (name) - strlen (".egg-info"));
      else
        continue;

      dash = strchr (stem, '-');
      if (dash == NULL)
        continue;
      *dash = '\0';
      py = strstr (dash + 1, "-py");
      if (py != NULL)
        *py = '\0';
      g_hash_table_replace (python, g_strdup (stem), g_strdup (dash + 1));
    }
}

static void
read_python (GHashTable *python)
{
  static const char * const roots[] = { "/usr/lib", "/usr/local/lib" };

  scan_python_dir ("/usr/lib/python3/dist-packages", python);
  for (gsize i = 0; i < G_N_ELEMENTS (roots); i++)
    {
      g_autoptr(GDir) dir = g_dir_open (roots[i], 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *dist = NULL;
          g_autofree char *site = NULL;

          if (!g_str_has_prefix (name, "python3"))
            continue;
          dist = g_build_filename (roots[i], name, "dist-packages", NULL);
          site = g_build_filename (roots[i], name, "site-packages", NULL);
          scan_python_dir (dist, python);
          scan_python_dir (site, python);
        }
    }
}

static void
scan_c_dir (const char *path,
            GHashTable *c)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      const char *so = strstr (name, ".so.");
      g_autofree char *key = NULL;
      const char *end;

      if (!g_str_has_prefix (name, "lib") || so == NULL || !g_ascii_isdigit (so[4]))
        continue;
      key = g_strndup (name, so - name);
      if (g_hash_table_contains (c, key))
        continue;
      end = strchr (so + 4, '.');
      g_hash_table_replace (c, g_steal_pointer (&key),
                            end != NULL ? g_strndup (so + 4, end - (so + 4))
                                        : g_strdup (so + 4));
    }
}

static void
read_c (GHashTable *c)
{
  g_autoptr(GDir) dir = g_dir_open ("/usr/lib", 0, NULL);
  const char *name;

  scan_c_dir ("/usr/lib", c);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (strstr (name, "-linux-") != NULL)
      {
        g_autofree char *path = g_build_filename ("/usr/lib", name, NULL);

        scan_c_dir (path, c);
      }
}

static GPtrArray *
read_bin (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                      g_free, NULL);
  GPtrArray *bin = g_ptr_array_new_with_free_func (g_free);

  for (gsize i = 0; i < G_N_ELEMENTS (bin_dirs); i++)
    {
      g_autoptr(GDir) dir = g_dir_open (bin_dirs[i], 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (bin_dirs[i], name, NULL);

          if (g_hash_table_contains (seen, name)
              || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE)
              || g_file_test (path, G_FILE_TEST_IS_DIR))
            continue;
          g_hash_table_add (seen, g_strdup (name));
          g_ptr_array_add (bin, g_strdup (name));
        }
    }

  g_ptr_array_sort (bin, (GCompareFunc) g_strcmp0);
  return bin;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
append_map (GString    *out,
            const char *name,
            GHashTable *map)
{
  g_autofree const char **keys =
    (const char **) g_hash_table_get_keys_as_array (map, NULL);
  guint n = g_hash_table_size (map);

  qsort (keys, n, sizeof (char *), compare_keys);
  _sandbox_json_append_string_ascii (out, name, -1);
  g_string_append (out, ": {");
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      _sandbox_json_append_string_ascii (out, keys[i], -1);
      g_string_append (out, ": ");
      _sandbox_json_append_string_ascii (out,
                                         g_hash_table_lookup (map, keys[i]),
                                         -1);
    }
  g_string_append_c (out, '}');
}

static GHashTable *
new_map (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

GString *
server_libraries_scan (void)
{
  g_autoptr(GHashTable) system = new_map ();
  g_autoptr(GHashTable) python = new_map ();
  g_autoptr(GHashTable) perl = new_map ();
  g_autoptr(GHashTable) c = new_map ();
  g_autoptr(GPtrArray) bin = NULL;
  GString *out = g_string_new ("{\"libraries\": {");

  read_dpkg (system, perl);
  read_python (python);
  read_c (c);
  bin = read_bin ();

  append_map (out, "system", system);
  g_string_append (out, ", ");
  append_map (out, "python", python);
  g_string_append (out, ", ");
  append_map (out, "perl", perl);
  g_string_append (out, ", ");
  append_map (out, "c", c);
  g_string_append (out, "}, \"bin\": [");
  for (guint i = 0; i < bin->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      _sandbox_json_append_string_ascii (out, bin->pdata[i], -1);
    }
  g_string_append (out, "]}");
  return out;
}

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_task_return_pointer (task, server_libraries_scan (), NULL);
}

static void
scan_done (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  ServerLibraries *libraries = user_data;
  SoupServerMessage *msg;

  libraries->scanning = FALSE;
  libraries->json = g_task_propagate_pointer (G_TASK (result), NULL);

  while ((msg = g_queue_pop_head (&libraries->waiting)) != NULL)
    {
      server_respond_json (msg, libraries->json);
      soup_server_message_unpause (msg);
      g_object_unref (msg);
    }
}

void
server_libraries_handle (ServerLibraries   *libraries,
                         SoupServerMessage *msg)
{
  g_autoptr(GTask) task = NULL;

  if (libraries->json != NULL)
    {
      server_respond_json (msg, libraries->json);
      return;
    }

  soup_server_message_pause (msg);
  g_queue_push_tail (&libraries->waiting, g_object_ref (msg));
  if (libraries->scanning)
    return;

  libraries->scanning = TRUE;
  task = g_task_new (NULL, NULL, scan_done, libraries);
  g_task_run_in_thread (task, scan_thread);
}
