/* playground-application.c: the application, its actions and its command
 * line, which fills the window's form and can run it and photograph it
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <gtksourceview/gtksource.h>

#include "playground-application.h"
#include "playground-snapshot.h"
#include "playground-window.h"

struct _PlaygroundApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (PlaygroundApplication, playground_application, ADW_TYPE_APPLICATION)

static void
forward_to_window (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (window != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (window),
                                    g_action_get_name (G_ACTION (action)), NULL);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  const char *developers[] = { _("The sandbox-api developers"), NULL };
  GtkWidget *about = adw_about_window_new ();

  adw_about_window_set_application_name (ADW_ABOUT_WINDOW (about), _("Sandbox Playground"));
  adw_about_window_set_application_icon (ADW_ABOUT_WINDOW (about), PLAYGROUND_APPLICATION_ID);
  adw_about_window_set_version (ADW_ABOUT_WINDOW (about), PACKAGE_VERSION);
  adw_about_window_set_comments (ADW_ABOUT_WINDOW (about),
                                 _("Try bash commands on a sandbox server, with files, "
                                   "and download what they wrote"));
  adw_about_window_set_developers (ADW_ABOUT_WINDOW (about), developers);
  adw_about_window_set_license_type (ADW_ABOUT_WINDOW (about), GTK_LICENSE_LGPL_2_1);
  gtk_window_set_transient_for (GTK_WINDOW (about),
                                gtk_application_get_active_window (GTK_APPLICATION (user_data)));
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { .name = "run", .activate = forward_to_window },
  { .name = "cancel", .activate = forward_to_window },
  { .name = "quit", .activate = quit_activated },
  { .name = "about", .activate = about_activated },
};

static void
playground_application_startup (GApplication *application)
{
  static const char *run_accels[] = { "<Primary>Return", NULL };
  static const char *cancel_accels[] = { "Escape", NULL };
  static const char *quit_accels[] = { "<Primary>q", NULL };

  /* AdwApplication's startup loads style.css from the resources. */
  G_APPLICATION_CLASS (playground_application_parent_class)->startup (application);

  gtk_source_init ();

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.run", run_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.cancel",
                                         cancel_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit",
                                         quit_accels);
}

static void
playground_application_activate (GApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    window = GTK_WINDOW (playground_window_new (GTK_APPLICATION (application)));
  gtk_window_present (window);
}

/* --screenshot: the window is written once the run is over and the saved
 * files are listed, then the application quits. */

static void
screenshot_saved_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GApplication) application = user_data;
  g_autoptr(GError) error = NULL;

  if (!playground_snapshot_save_finish (GTK_WIDGET (source), result, &error))
    g_printerr ("sandbox-playground: %s\n", error->message);
  g_application_quit (application);
}

static void
take_screenshot (PlaygroundWindow *window)
{
  const char *path = g_object_get_data (G_OBJECT (window), "screenshot");
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (window));

  playground_snapshot_save_async (GTK_WIDGET (window), path,
                                  screenshot_saved_cb, g_object_ref (application));
}

static void
files_loading_cb (GObject          *files_panel,
                  GParamSpec       *pspec,
                  PlaygroundWindow *window)
{
  gboolean loading;

  g_object_get (files_panel, "loading", &loading, NULL);
  if (!loading)
    {
      g_signal_handlers_disconnect_by_func (files_panel, files_loading_cb, window);
      take_screenshot (window);
    }
}

static void
run_finished_cb (PlaygroundWindow *window)
{
  GtkWidget *files_panel = playground_window_get_files_panel (window);
  gboolean loading;

  g_signal_handlers_disconnect_by_func (window, run_finished_cb, NULL);
  g_object_get (files_panel, "loading", &loading, NULL);
  if (loading)
    g_signal_connect (files_panel, "notify::loading", G_CALLBACK (files_loading_cb), window);
  else
    take_screenshot (window);
}

static int
playground_application_command_line (GApplication            *application,
                                     GApplicationCommandLine *command_line)
{
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  PlaygroundWindow *window = playground_window_new (GTK_APPLICATION (application));
  g_autofree char *url = NULL;
  g_autofree char **commands = NULL;
  g_autofree char **variables = NULL;
  g_auto(GStrv) files = NULL;
  g_autofree char *screenshot = NULL;
  double timeout;

  gtk_window_present (GTK_WINDOW (window));

  if (g_variant_dict_lookup (options, "command", "^a&s", &commands))
    {
      g_autofree char *text = g_strjoinv ("\n", commands);

      playground_window_set_commands (window, text);
    }
  if (g_variant_dict_lookup (options, "file", "^aay", &files))
    for (guint i = 0; files[i] != NULL; i++)
      {
        g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line,
                                                                                files[i]);

        playground_window_add_file (window, file);
      }
  if (g_variant_dict_lookup (options, "variable", "^a&s", &variables))
    {
      g_autofree char *text = g_strjoinv ("\n", variables);

      playground_window_set_variables (window, text);
    }
  if (g_variant_dict_lookup (options, "timeout", "d", &timeout))
    playground_window_set_timeout (window, timeout);
  if (g_variant_dict_contains (options, "save"))
    playground_window_set_save (window, TRUE);

  if (g_variant_dict_lookup (options, "url", "s", &url))
    playground_window_set_url (window, url);
  else
    g_action_group_activate_action (G_ACTION_GROUP (window), "connect", NULL);

  if (g_variant_dict_lookup (options, "screenshot", "^ay", &screenshot))
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line,
                                                                              screenshot);

      g_object_set_data_full (G_OBJECT (window), "screenshot", g_file_get_path (file), g_free);
      g_signal_connect (window, "run-finished", G_CALLBACK (run_finished_cb), NULL);
    }
  if (g_variant_dict_contains (options, "run"))
    g_action_group_activate_action (G_ACTION_GROUP (application), "run", NULL);

  return 0;
}

static void
playground_application_init (PlaygroundApplication *self)
{
  static const GOptionEntry entries[] = {
    { "url", 'u', 0, G_OPTION_ARG_STRING, NULL,
      N_("The sandbox server (default: $SANDBOX_URL, or http://127.0.0.1:7000/)"), N_("URL") },
    { "command", 'c', 0, G_OPTION_ARG_STRING_ARRAY, NULL,
      N_("A command to put in the editor (repeat for more)"), N_("COMMAND") },
    { "file", 'f', 0, G_OPTION_ARG_FILENAME_ARRAY, NULL,
      N_("A file or directory to send (repeat for more)"), N_("FILE") },
    { "variable", 'e', 0, G_OPTION_ARG_STRING_ARRAY, NULL,
      N_("An environment variable of the commands (repeat for more)"), N_("NAME=VALUE") },
    { "timeout", 't', 0, G_OPTION_ARG_DOUBLE, NULL,
      N_("The timeout of each command"), N_("SECONDS") },
    { "save", 's', 0, G_OPTION_ARG_NONE, NULL,
      N_("Keep the working directory, to download its files"), NULL },
    { "run", 'r', 0, G_OPTION_ARG_NONE, NULL, N_("Run the commands at once"), NULL },
    { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("With --run: write the window to a PNG file once the results are shown, then quit"),
      N_("FILE") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Try bash commands on a sandbox server."));
}

static void
playground_application_class_init (PlaygroundApplicationClass *klass)
{
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  application_class->startup = playground_application_startup;
  application_class->activate = playground_application_activate;
  application_class->command_line = playground_application_command_line;
}

PlaygroundApplication *
playground_application_new (void)
{
  return g_object_new (PLAYGROUND_TYPE_APPLICATION,
                       "application-id", PLAYGROUND_APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE,
                       NULL);
}
