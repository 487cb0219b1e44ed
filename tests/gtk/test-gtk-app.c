/* test-gtk-app.c: sandbox-playground driven through its command line and
 * actions, under Xvfb, against the local sandbox-server. The checks read
 * the widgets on screen (the result rows, the toasts, the saved files),
 * not the models behind them.
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include <glib/gstdio.h>

#include "sandbox-server-launcher.h"
#include "playground-application.h"
#include "playground-files-panel.h"
#include "playground-result-row.h"
#include "playground-send-files.h"
#include "playground-window.h"

/* One run of the application with the given arguments. */
typedef struct
{
  PlaygroundApplication *application;
  PlaygroundWindow      *window;
  gboolean               quit_when_finished;
  double                 cancel_after;
  double                 max_progress;
  const char            *dropped_file;
  gint64                 started;
  gint64                 finished;
} AppRun;

static void
collect_labels (GtkWidget *widget,
                GString   *texts)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_string_append_printf (texts, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  if (ADW_IS_PREFERENCES_ROW (widget) && gtk_widget_get_visible (widget))
    g_string_append_printf (texts, "%s\n",
                            adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, texts);
}

static void
find_all (GtkWidget *widget,
          GType      type,
          GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_all (child, type, found);
}

static GtkWidget *
find_one (GtkWidget  *widget,
          const char *type_name)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  find_all (widget, g_type_from_name (type_name), found);
  g_assert_cmpuint (found->len, ==, 1);
  return found->pdata[0];
}

/* The texts of the result rows the list view shows, one string a row. */
static GPtrArray *
result_row_texts (PlaygroundWindow *window)
{
  GtkWidget *list_view = find_one (GTK_WIDGET (window), "GtkListView");
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  find_all (list_view, PLAYGROUND_TYPE_RESULT_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      GString *text = g_string_new (NULL);

      collect_labels (rows->pdata[i], text);
      g_ptr_array_add (texts, g_string_free (text, FALSE));
    }
  return texts;
}

static char *
widget_text (GtkWidget *widget)
{
  GString *text = g_string_new (NULL);

  collect_labels (widget, text);
  return g_string_free (text, FALSE);
}

static char *
toast_text (PlaygroundWindow *window)
{
  GtkWidget *overlay = find_one (GTK_WIDGET (window), "AdwToastOverlay");
  GString *text = g_string_new (NULL);

  /* The overlay's children are its content, then one widget a toast. */
  for (GtkWidget *child = gtk_widget_get_first_child (overlay); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (child != adw_toast_overlay_get_child (ADW_TOAST_OVERLAY (overlay)))
      collect_labels (child, text);
  return g_string_free (text, FALSE);
}

static gboolean
cancel_cb (gpointer user_data)
{
  AppRun *run = user_data;

  g_action_group_activate_action (G_ACTION_GROUP (run->application), "cancel", NULL);
  return G_SOURCE_REMOVE;
}

static void
busy_cb (PlaygroundWindow *window,
         GParamSpec       *pspec,
         AppRun           *run)
{
  if (playground_window_get_busy (window) && run->cancel_after > 0)
    g_timeout_add ((guint) (run->cancel_after * 1000), cancel_cb, run);
}

static void
run_finished_cb (PlaygroundWindow *window,
                 AppRun           *run)
{
  run->finished = g_get_monotonic_time ();
  if (run->quit_when_finished)
    g_application_quit (G_APPLICATION (run->application));
}

static void
progress_cb (GtkProgressBar *progress_bar,
             GParamSpec     *pspec,
             AppRun         *run)
{
  run->max_progress = MAX (run->max_progress, gtk_progress_bar_get_fraction (progress_bar));
}

/* Drops @path on @window, as a file manager would. */
static void
drop_file (GtkWidget  *window,
           const char *path)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (window);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GSList) files = g_slist_prepend (NULL, file);
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean accepted = FALSE;
  guint n_targets = 0;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        {
          g_signal_emit_by_name (controller, "drop", &value, 10.0, 10.0, &accepted);
          n_targets++;
        }
    }
  g_assert_cmpuint (n_targets, ==, 1);
  g_assert_true (accepted);
}

static void
window_added_cb (GtkApplication *application,
                 GtkWindow      *window,
                 AppRun         *run)
{
  g_assert_null (run->window);
  run->window = g_object_ref (PLAYGROUND_WINDOW (window));
  g_signal_connect (find_one (GTK_WIDGET (window), "GtkProgressBar"), "notify::fraction",
                    G_CALLBACK (progress_cb), run);
  g_signal_connect (window, "notify::busy", G_CALLBACK (busy_cb), run);
  g_signal_connect (window, "run-finished", G_CALLBACK (run_finished_cb), run);
  if (run->dropped_file != NULL)
    drop_file (GTK_WIDGET (window), run->dropped_file);
}

/* Runs the application with @first_arg... until it quits: by itself after
 * --screenshot, or when the run is over with @quit_when_finished. */
static void
app_run (AppRun     *run,
         const char *first_arg,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  va_list args;
  int status;

  g_ptr_array_add (argv, (char *) "sandbox-playground");
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  run->application = playground_application_new ();
  g_signal_connect (run->application, "window-added", G_CALLBACK (window_added_cb), run);
  run->started = g_get_monotonic_time ();
  status = g_application_run (G_APPLICATION (run->application), argv->len - 1,
                              (char **) argv->pdata);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (run->window);
  g_assert_cmpint (run->finished, >, 0);
}

static void
app_run_clear (AppRun *run)
{
  gtk_window_destroy (GTK_WINDOW (run->window));
  g_clear_object (&run->window);
  g_clear_object (&run->application);
}

static char *
make_temporary_directory (void)
{
  g_autoptr(GError) error = NULL;
  char *directory = g_dir_make_tmp ("test-gtk-app-XXXXXX", &error);

  g_assert_no_error (error);
  return directory;
}

static void
remove_directory (const char *directory)
{
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (directory, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (directory), ==, 0);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out_result = user_data;

  *out_result = g_object_ref (result);
}

/* The rows of test_run(): each command's output, and the overall status,
 * in words, above the list. */
static void
assert_results (AppRun *run)
{
  g_autoptr(GPtrArray) rows = result_row_texts (run->window);
  g_autofree char *status = widget_text (GTK_WIDGET (run->window));

  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_nonnull (strstr (rows->pdata[0], "$ echo $((6*7))\n"));
  g_assert_nonnull (strstr (rows->pdata[0], "\n42\n"));
  g_assert_nonnull (strstr (rows->pdata[0], "exit 0"));
  g_assert_nonnull (strstr (rows->pdata[1], "\na line from a file\n"));
  g_assert_nonnull (strstr (rows->pdata[1], "\nhello from the environment\n"));
  g_assert_nonnull (strstr (rows->pdata[2], "exit 3"));
  g_assert_nonnull (strstr (rows->pdata[3], "$ echo kept > out.txt\n"));

  g_assert_nonnull (strstr (status, "Success: 4 commands in "));
  /* The server's specifications, under the URL. */
  g_assert_nonnull (strstr (status, " containers · "));
}

/* The panel of test_run()'s saved environment lists its files and
 * downloads one to @downloaded. */
static void
assert_saved_files (AppRun     *run,
                    const char *downloaded)
{
  GtkWidget *panel = find_one (GTK_WIDGET (run->window), "PlaygroundFilesPanel");
  g_autofree char *files = widget_text (panel);
  g_autoptr(GFile) destination = g_file_new_for_path (downloaded);
  g_autoptr(GAsyncResult) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_nonnull (strstr (files, "\ndata.txt\n"));
  g_assert_nonnull (strstr (files, "\nout.txt\n"));

  playground_files_panel_save_async (PLAYGROUND_FILES_PANEL (panel), "out.txt", destination,
                                     NULL, saved_cb, &saved);
  while (saved == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (playground_files_panel_save_finish (PLAYGROUND_FILES_PANEL (panel), saved,
                                                     &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (downloaded, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, "kept\n");
}

/* The remove button of the file sent takes it off the list. */
static void
assert_file_removed (AppRun *run)
{
  GtkWidget *send_files = find_one (GTK_WIDGET (run->window), "PlaygroundSendFiles");
  g_autofree char *sent = NULL;

  g_signal_emit_by_name (find_one (find_one (send_files, "PlaygroundFileRow"), "GtkButton"),
                         "clicked");
  sent = widget_text (send_files);
  g_assert_null (strstr (sent, "\ndata.txt\n"));
  g_assert_nonnull (strstr (sent, "\nDrop files here"));
  g_assert_cmpuint (g_list_model_get_n_items (
    playground_send_files_get_files (PLAYGROUND_SEND_FILES (send_files))), ==, 0);
}

/* --screenshot wrote the window; copied for the documentation's picture
 * when PLAYGROUND_SCREENSHOT names where. */
static void
assert_screenshot (AppRun     *run,
                   const char *screenshot)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (screenshot, &error);

  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==,
                   gtk_widget_get_width (GTK_WIDGET (run->window)));
  g_assert_cmpint (gdk_texture_get_height (texture), >, 400);

  if (g_getenv ("PLAYGROUND_SCREENSHOT") != NULL)
    {
      g_autofree char *png = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (screenshot, &png, &length, &error));
      g_assert_true (g_file_set_contents (g_getenv ("PLAYGROUND_SCREENSHOT"), png, length,
                                          &error));
    }
}

/* Commands with files, variables and a saved environment: the rows show each
 * command's output, the panel lists the saved files and downloads one, and
 * --screenshot writes the window. */
static void
test_run (void)
{
  g_autoptr(LaunchedServer) server = launched_server_start ("--slots=2", NULL);
  g_autofree char *directory = make_temporary_directory ();
  g_autofree char *data = g_build_filename (directory, "data.txt", NULL);
  g_autofree char *screenshot = g_build_filename (directory, "window.png", NULL);
  g_autofree char *downloaded = g_build_filename (directory, "downloaded.txt", NULL);
  g_autoptr(GError) error = NULL;
  AppRun run = { 0 };

  g_assert_true (g_file_set_contents (data, "a line from a file\n", -1, &error));
  app_run (&run,
           "--url", launched_server_get_url (server),
           "--command", "echo $((6*7))",
           "--command", "cat data.txt; echo \"$GREETING\" >&2",
           "--command", "-exit 3",
           "--command", "echo kept > out.txt",
           "--file", data,
           "--variable", "GREETING=hello from the environment",
           "--timeout", "5",
           "--save", "--run",
           "--screenshot", screenshot,
           NULL);

  /* The upload's progress reached the progress bar, up to the end. */
  g_assert_cmpfloat (run.max_progress, ==, 1.0);
  assert_results (&run);
  assert_saved_files (&run, downloaded);
  assert_file_removed (&run);
  assert_screenshot (&run, screenshot);

  app_run_clear (&run);
  remove_directory (directory);
}

/* A server that is not there: the run fails with a toast, and the window
 * says so. */
static void
test_unreachable (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) bound = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *toasts = NULL;
  g_autofree char *text = NULL;
  AppRun run = { .quit_when_finished = TRUE };

  /* A port that was free a moment ago, and that nothing listens on. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, bound, FALSE, &error));
  address = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u/",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));

  app_run (&run, "--url", url, "--command", "echo never", "--run", NULL);

  toasts = toast_text (run.window);
  g_assert_nonnull (strstr (toasts, "The commands could not run: "));
  text = widget_text (GTK_WIDGET (run.window));
  g_assert_nonnull (strstr (text, "The commands could not run: "));
  g_assert_null (strstr (text, "never\n"));

  app_run_clear (&run);
}

/* An error answered by the server: a request larger than it takes, with a
 * file dropped on the window. */
static void
test_server_error (void)
{
  g_autoptr(LaunchedServer) server = launched_server_start ("--max-request=8K", NULL);
  g_autofree char *directory = make_temporary_directory ();
  g_autofree char *big = g_build_filename (directory, "big.bin", NULL);
  g_autofree char *contents = g_malloc0 (64 * 1024);
  g_autofree char *toasts = NULL;
  g_autoptr(GError) error = NULL;
  AppRun run = { .quit_when_finished = TRUE, .dropped_file = big };

  /* The file is dropped on the window, before --run. */
  g_assert_true (g_file_set_contents (big, contents, 64 * 1024, &error));
  app_run (&run, "--url", launched_server_get_url (server), "--command", "wc -c big.bin",
           "--run", NULL);

  toasts = toast_text (run.window);
  g_test_message ("toast: %s", toasts);
  g_assert_nonnull (strstr (toasts, "The commands could not run: "));
  g_assert_null (strstr (toasts, "No builder"));

  app_run_clear (&run);
  remove_directory (directory);
}

/* Cancel while a command runs: the window is not frozen, the run stops long
 * before the command would end, and the status says it was cancelled. */
static void
test_cancel (void)
{
  g_autoptr(LaunchedServer) server = launched_server_start ("--slots=2", NULL);
  g_autofree char *text = NULL;
  AppRun run = { .quit_when_finished = TRUE, .cancel_after = 0.5 };

  app_run (&run, "--url", launched_server_get_url (server), "--command", "sleep 8", "--run", NULL);

  text = widget_text (GTK_WIDGET (run.window));
  g_assert_nonnull (strstr (text, "\nCancelled\n"));
  g_assert_false (playground_window_get_busy (run.window));
  g_assert_cmpint (run.finished - run.started, <, 6 * G_USEC_PER_SEC);

  app_run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *runtime_dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("No display: run under xvfb-run");
      return 0;
    }
  runtime_dir = make_temporary_directory ();
  g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);

  g_test_add_func ("/gtk-app/run", test_run);
  g_test_add_func ("/gtk-app/unreachable", test_unreachable);
  g_test_add_func ("/gtk-app/server-error", test_server_error);
  g_test_add_func ("/gtk-app/cancel", test_cancel);

  status = g_test_run ();
  g_rmdir (runtime_dir);
  return status;
}
