/* playground-files-panel.c: the files of the saved environment, listed as
 * the environment streams in, each downloadable
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gi18n.h>

#include "playground-file-row.h"
#include "playground-files-panel.h"

struct _PlaygroundFilesPanel
{
  AdwPreferencesGroup       parent_instance;

  SandboxClient            *client;
  char                     *environment;
  GCancellable             *cancellable;
  SandboxEnvironmentReader *reader;
  GPtrArray                *rows;
  GtkWidget                *status_row;
  gboolean                  loading;
};

G_DEFINE_FINAL_TYPE (PlaygroundFilesPanel, playground_files_panel, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

enum {
  SIGNAL_MESSAGE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_loading (PlaygroundFilesPanel *self,
             gboolean              loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_status (PlaygroundFilesPanel *self,
            const char           *status)
{
  gtk_widget_set_visible (self->status_row, status != NULL);
  if (status != NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), status);
}

static void
tell (PlaygroundFilesPanel *self,
      const char           *message)
{
  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, message);
}

gboolean
playground_files_panel_get_loading (PlaygroundFilesPanel *self)
{
  g_return_val_if_fail (PLAYGROUND_IS_FILES_PANEL (self), FALSE);

  return self->loading;
}

/* Forgets the environment shown, stopping its listing. */
void
playground_files_panel_clear (PlaygroundFilesPanel *self)
{
  g_return_if_fail (PLAYGROUND_IS_FILES_PANEL (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->reader);
  g_clear_object (&self->client);
  g_clear_pointer (&self->environment, g_free);
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
  set_status (self, NULL);
  set_loading (self, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/* Saving one file or the whole environment */

static void
save_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!sandbox_client_download_to_file_finish (SANDBOX_CLIENT (source), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Downloads @path of the environment shown (NULL for the whole environment,
 * as a gzip'd tar) to @destination. */
void
playground_files_panel_save_async (PlaygroundFilesPanel *self,
                                   const char           *path,
                                   GFile                *destination,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PLAYGROUND_IS_FILES_PANEL (self));
  g_return_if_fail (G_IS_FILE (destination));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, playground_files_panel_save_async);
  if (self->environment == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("No environment was saved"));
      return;
    }

  sandbox_client_download_to_file_async (self->client, self->environment, path, destination,
                                         cancellable, NULL, NULL, NULL,
                                         save_cb, g_steal_pointer (&task));
}

gboolean
playground_files_panel_save_finish (PlaygroundFilesPanel  *self,
                                    GAsyncResult          *result,
                                    GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  PlaygroundFilesPanel *self = PLAYGROUND_FILES_PANEL (source);
  g_autoptr(GFile) destination = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *name = g_file_get_basename (destination);

  if (playground_files_panel_save_finish (self, result, &error))
    message = g_strdup_printf (_("Saved %s"), name);
  else
    message = g_strdup_printf (_("Could not save %s: %s"), name, error->message);
  tell (self, message);
}

static void
save_chooser_response_cb (GtkNativeDialog      *dialog,
                          int                   response,
                          PlaygroundFilesPanel *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) destination = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      const char *path = g_object_get_data (G_OBJECT (dialog), "path");

      if (destination != NULL)
        playground_files_panel_save_async (self, path, destination, NULL,
                                           saved_cb, g_object_ref (destination));
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

/* Asks where to save @path (NULL: the whole environment), then saves it. */
static void
choose_destination (PlaygroundFilesPanel *self,
                    const char           *path)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (path != NULL)
    name = g_path_get_basename (path);
  else
    name = g_strdup_printf ("%s.tgz", self->environment);

  chooser = gtk_file_chooser_native_new (_("Save"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data_full (G_OBJECT (chooser), "path", g_strdup (path), g_free);
  g_signal_connect (chooser, "response", G_CALLBACK (save_chooser_response_cb),
                    g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* files.save, with the file's path, and files.save-all */
static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PlaygroundFilesPanel *self = PLAYGROUND_FILES_PANEL (widget);

  if (self->environment != NULL)
    choose_destination (self, parameter != NULL ? g_variant_get_string (parameter, NULL) : NULL);
}

/* Listing */

static void
listing_failed (PlaygroundFilesPanel *self,
                const GError         *error)
{
  g_autofree char *message = g_strdup_printf (_("Could not list the saved files: %s"),
                                              error->message);

  set_status (self, _("The files could not be listed"));
  set_loading (self, FALSE);
  tell (self, message);
}

static void
next_member_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PlaygroundFilesPanel) self = user_data;
  g_autoptr(SandboxEnvironmentMember) member = NULL;
  g_autoptr(GError) error = NULL;

  member = sandbox_environment_reader_next_finish (SANDBOX_ENVIRONMENT_READER (source), result,
                                                   &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      listing_failed (self, error);
      return;
    }
  if (member == NULL)
    {
      set_status (self, self->rows->len == 0 ? _("The environment has no files") : NULL);
      set_loading (self, FALSE);
      return;
    }

  if (sandbox_environment_member_get_file_type (member) == G_FILE_TYPE_REGULAR)
    {
      g_autofree char *size = g_format_size (sandbox_environment_member_get_size (member));
      const char *path = sandbox_environment_member_get_path (member);
      GtkWidget *row = playground_file_row_new (path, size, "document-save-symbolic",
                                                _("Download…"), "files.save",
                                                g_variant_new_string (path));

      g_ptr_array_add (self->rows, row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
    }
  sandbox_environment_reader_next_async (self->reader, self->cancellable,
                                         next_member_cb, g_object_ref (self));
}

static void
environment_stream_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(PlaygroundFilesPanel) self = user_data;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = sandbox_client_download_stream_finish (SANDBOX_CLIENT (source), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (stream == NULL)
    {
      listing_failed (self, error);
      return;
    }
  self->reader = sandbox_environment_reader_new (stream);
  sandbox_environment_reader_next_async (self->reader, self->cancellable,
                                         next_member_cb, g_object_ref (self));
}

/* Shows the files of @environment, a saved environment of @client's server
 * that expires at @expire (nullable). */
void
playground_files_panel_show_environment (PlaygroundFilesPanel *self,
                                         SandboxClient        *client,
                                         const char           *environment,
                                         GDateTime            *expire)
{
  g_autofree char *description = NULL;

  g_return_if_fail (PLAYGROUND_IS_FILES_PANEL (self));
  g_return_if_fail (SANDBOX_IS_CLIENT (client));
  g_return_if_fail (environment != NULL);

  playground_files_panel_clear (self);
  self->client = g_object_ref (client);
  self->environment = g_strdup (environment);
  self->cancellable = g_cancellable_new ();

  if (expire != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (expire);
      g_autofree char *when = g_date_time_format (local, "%x %X");

      /* Translators: an environment's UUID, then a date and time. */
      description = g_strdup_printf (_("%s, kept until %s"), environment, when);
    }
  else
    {
      description = g_strdup (environment);
    }
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), description);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);

  set_status (self, _("Listing the files…"));
  set_loading (self, TRUE);
  sandbox_client_download_stream_async (client, environment, NULL, self->cancellable,
                                        environment_stream_cb, g_object_ref (self));
}

static void
playground_files_panel_init (PlaygroundFilesPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}

static void
playground_files_panel_dispose (GObject *object)
{
  PlaygroundFilesPanel *self = PLAYGROUND_FILES_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->reader);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (playground_files_panel_parent_class)->dispose (object);
}

static void
playground_files_panel_finalize (GObject *object)
{
  PlaygroundFilesPanel *self = PLAYGROUND_FILES_PANEL (object);

  g_free (self->environment);
  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (playground_files_panel_parent_class)->finalize (object);
}

static void
playground_files_panel_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  PlaygroundFilesPanel *self = PLAYGROUND_FILES_PANEL (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
playground_files_panel_class_init (PlaygroundFilesPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = playground_files_panel_dispose;
  object_class->finalize = playground_files_panel_finalize;
  object_class->get_property = playground_files_panel_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A sentence for the user: a file saved, or an error. */
  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sandbox_api/Playground/"
                                               "playground-files-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, PlaygroundFilesPanel, status_row);
  gtk_widget_class_install_action (widget_class, "files.save", "s", save_activated);
  gtk_widget_class_install_action (widget_class, "files.save-all", NULL, save_activated);
}

GtkWidget *
playground_files_panel_new (void)
{
  return g_object_new (PLAYGROUND_TYPE_FILES_PANEL, NULL);
}
