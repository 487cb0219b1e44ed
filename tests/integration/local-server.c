/* local-server.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

#include "local-server.h"

struct _LocalServer
{
  GSubprocess *process;
  char        *url;
  char        *directory;
};

/* A test that aborts must not leave its server running: it would hold the
 * test runner's output pipe open. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Starts the server named by $SANDBOX_SERVER with the options given, a
 * NULL-terminated list, and waits for the URL it prints first. */
LocalServer *
local_server_start (const char *first_option,
                    ...)
{
  LocalServer *self = g_new0 (LocalServer, 1);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *storage = NULL;
  const char *server = g_getenv ("SANDBOX_SERVER");
  va_list args;

  g_assert_nonnull (server);
  self->directory = g_dir_make_tmp ("sandbox-integration-XXXXXX", &error);
  g_assert_no_error (error);
  storage = g_build_filename (self->directory, "storage", NULL);

  g_ptr_array_add (argv, g_strdup (server));
  g_ptr_array_add (argv, g_strdup ("--port=0"));
  g_ptr_array_add (argv, g_strdup_printf ("--storage=%s", storage));
  va_start (args, first_option);
  for (const char *option = first_option; option != NULL; option = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (option));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                &error);
  g_assert_no_error (error);

  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  self->url = g_data_input_stream_read_line_utf8 (output, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (self->url);
  g_assert_true (g_str_has_prefix (self->url, "http://127.0.0.1:"));

  return self;
}

const char *
local_server_get_url (LocalServer *self)
{
  return self->url;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
local_server_stop (LocalServer *self)
{
  if (self == NULL)
    return;

  g_subprocess_send_signal (self->process, SIGTERM);
  g_subprocess_wait (self->process, NULL, NULL);
  g_object_unref (self->process);
  remove_tree (self->directory);
  g_free (self->directory);
  g_free (self->url);
  g_free (self);
}
