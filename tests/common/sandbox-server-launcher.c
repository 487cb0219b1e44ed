/* sandbox-server-launcher.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "sandbox-server-launcher.h"

/* A test that aborts must not leave its server running: it would hold the
 * test runner's output pipe open. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static gboolean
make_private_directory (LaunchedServer  *self,
                        GError         **error)
{
  self->directory = g_dir_make_tmp ("sandbox-server-test-XXXXXX", error);
  if (self->directory == NULL)
    return FALSE;
  self->owns_directory = TRUE;
  self->work = g_build_filename (self->directory, "work", NULL);
  /* The sandbox user must reach its working directories in there. */
  if (g_chmod (self->directory, 0711) != 0 || g_mkdir (self->work, 0711) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not prepare %s: %s", self->directory, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

LaunchedServer *
launched_server_spawn (const LaunchedServerSetup  *setup,
                       const char * const         *options,
                       GError                    **error)
{
  static const LaunchedServerSetup defaults = { NULL, NULL, 0 };
  g_autoptr(LaunchedServer) self = g_new0 (LaunchedServer, 1);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  const char *program;

  if (setup == NULL)
    setup = &defaults;
  program = setup->program != NULL ? setup->program : g_getenv ("SANDBOX_SERVER");
  if (program == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "Set SANDBOX_SERVER to the sandbox-server to test");
      return NULL;
    }

  if (setup->directory != NULL)
    {
      self->directory = g_strdup (setup->directory);
      self->work = g_build_filename (self->directory, "work", NULL);
    }
  else if (!make_private_directory (self, error))
    return NULL;
  self->storage = g_build_filename (self->directory, "storage", NULL);

  g_ptr_array_add (argv, g_strdup (program));
  g_ptr_array_add (argv, g_strdup ("--port=0"));
  g_ptr_array_add (argv, g_strdup ("--listen=127.0.0.1"));
  g_ptr_array_add (argv, g_strdup_printf ("--storage=%s", self->storage));
  g_ptr_array_add (argv, g_strdup_printf ("--work-dir=%s", self->work));
  for (gsize i = 0; options != NULL && options[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (options[i]));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | setup->flags);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  /* What the server tests check that no command sees. */
  g_subprocess_launcher_setenv (launcher, "SANDBOX_TEST_SECRET", "leaked", TRUE);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                error);
  if (self->process == NULL)
    return NULL;
  self->pid = g_strdup (g_subprocess_get_identifier (self->process));

  /* The first line of its stdout is its URL, once it listens. */
  self->output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  self->url = g_data_input_stream_read_line_utf8 (self->output, NULL, NULL, NULL);
  if (self->url != NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (self->url, G_URI_FLAGS_NONE, NULL);

      self->port = uri != NULL ? (guint) MAX (g_uri_get_port (uri), 0) : 0;
    }

  return g_steal_pointer (&self);
}

LaunchedServer *
launched_server_try_start (const LaunchedServerSetup  *setup,
                           const char * const         *options,
                           GError                    **error)
{
  LaunchedServer *self = launched_server_spawn (setup, options, error);

  if (self == NULL)
    return NULL;
  if (self->url == NULL || !g_str_has_prefix (self->url, "http://127.0.0.1:")
      || !g_str_has_suffix (self->url, "/") || self->port == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "The sandbox-server printed “%s” instead of its URL",
                   self->url != NULL ? self->url : "nothing");
      launched_server_free (self);
      return NULL;
    }

  return self;
}

static LaunchedServer *
start_valist (const char *first_option,
              va_list     args)
{
  g_autoptr(GPtrArray) options = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  LaunchedServer *self;

  for (const char *option = first_option; option != NULL; option = va_arg (args, const char *))
    g_ptr_array_add (options, (gpointer) option);
  g_ptr_array_add (options, NULL);

  self = launched_server_try_start (NULL, (const char * const *) options->pdata, &error);
  g_assert_no_error (error);
  g_assert_nonnull (self);
  return self;
}

LaunchedServer *
launched_server_start (const char *first_option,
                       ...)
{
  LaunchedServer *self;
  va_list args;

  va_start (args, first_option);
  self = start_valist (first_option, args);
  va_end (args);
  return self;
}

/* The fixture that a whole test program shares: *@server is set while
 * g_test_run() runs, and the server must stop cleanly after. */
int
launched_server_run_tests (LaunchedServer **server,
                           const char      *first_option,
                           ...)
{
  va_list args;
  int status;

  va_start (args, first_option);
  *server = start_valist (first_option, args);
  va_end (args);

  status = g_test_run ();
  g_assert_cmpint (launched_server_stop (g_steal_pointer (server)), ==, 0);
  return status;
}

const char *
launched_server_get_url (LaunchedServer *self)
{
  return self->url;
}

char *
launched_server_dup_url (LaunchedServer *self,
                         const char     *path)
{
  return g_strconcat (self->url, path, NULL);
}

/* Links are removed, never followed; what a command left read-only too. */
static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_chmod (path, 0700);
  dir = g_dir_open (path, 0, NULL);

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      GStatBuf buf;

      if (g_lstat (child, &buf) == 0 && S_ISDIR (buf.st_mode))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static int
terminate (LaunchedServer *self)
{
  if (self->process == NULL)
    return -1;

  g_subprocess_send_signal (self->process, SIGTERM);
  for (guint i = 0; i < 300 && g_subprocess_get_identifier (self->process) != NULL; i++)
    g_usleep (100 * 1000);
  if (g_subprocess_get_identifier (self->process) != NULL)
    g_subprocess_force_exit (self->process);
  g_subprocess_wait (self->process, NULL, NULL);

  return g_subprocess_get_if_exited (self->process)
         ? g_subprocess_get_exit_status (self->process) : -1;
}

int
launched_server_stop (LaunchedServer *self)
{
  int status = terminate (self);

  launched_server_free (self);
  return status;
}

int
launched_server_stop_with_log (LaunchedServer  *self,
                               char           **out_log)
{
  GInputStream *log = g_subprocess_get_stderr_pipe (self->process);
  g_autoptr(GOutputStream) text = g_memory_output_stream_new_resizable ();
  int status;

  g_assert_nonnull (log);
  g_subprocess_send_signal (self->process, SIGTERM);
  /* The pipe ends with the server (its commands do not inherit it). */
  g_output_stream_splice (text, log, G_OUTPUT_STREAM_SPLICE_NONE, NULL, NULL);
  g_output_stream_write_all (text, "", 1, NULL, NULL, NULL);
  g_output_stream_close (text, NULL, NULL);
  status = launched_server_stop (self);
  *out_log = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (text));
  return status;
}

/* Frees what is left; a server still running is stopped. */
void
launched_server_free (LaunchedServer *self)
{
  if (self == NULL)
    return;

  if (self->process != NULL && g_subprocess_get_identifier (self->process) != NULL)
    terminate (self);
  if (self->owns_directory)
    remove_tree (self->directory);
  g_clear_object (&self->output);
  g_clear_object (&self->process);
  g_free (self->url);
  g_free (self->pid);
  g_free (self->directory);
  g_free (self->storage);
  g_free (self->work);
  g_free (self);
}
