/* playground-send-files.c: the files to send with the commands, added with
 * the file chooser or dropped on the window
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "playground-send-files.h"

struct _PlaygroundSendFiles
{
  AdwPreferencesGroup parent_instance;

  GListStore         *files;
  GPtrArray          *rows;
  GtkWidget          *placeholder;
};

G_DEFINE_FINAL_TYPE (PlaygroundSendFiles, playground_send_files, ADW_TYPE_PREFERENCES_GROUP)

static void
remove_clicked_cb (GtkButton           *button,
                   PlaygroundSendFiles *self)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "row");
  guint position;

  if (!g_ptr_array_find (self->rows, row, &position))
    return;
  g_list_store_remove (self->files, position);
  g_ptr_array_remove_index (self->rows, position);
  adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), row);
  gtk_widget_set_visible (self->placeholder, self->rows->len == 0);
}

/* Shows a folder's icon for a directory, once the file system has said. */
static void
file_type_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GtkImage) icon = user_data;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (source), result, NULL);

  if (info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    gtk_image_set_from_icon_name (icon, "folder-symbolic");
}

/* Adds @file, a regular file or a directory, unless it is there already. */
void
playground_send_files_add (PlaygroundSendFiles *self,
                           GFile               *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *where = NULL;
  g_autoptr(GFile) parent = g_file_get_parent (file);
  GtkWidget *row;
  GtkWidget *icon;
  GtkWidget *remove;

  g_return_if_fail (PLAYGROUND_IS_SEND_FILES (self));
  g_return_if_fail (G_IS_FILE (file));

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->files)); i++)
    {
      g_autoptr(GFile) other = g_list_model_get_item (G_LIST_MODEL (self->files), i);

      if (g_file_equal (other, file))
        return;
    }

  where = parent != NULL ? g_file_get_parse_name (parent) : NULL;
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (where != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), where);
  icon = gtk_image_new_from_icon_name ("text-x-generic-symbolic");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT, NULL, file_type_cb, g_object_ref (icon));

  remove = gtk_button_new_from_icon_name ("edit-delete-symbolic");
  gtk_widget_set_tooltip_text (remove, "Do not send this file");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  g_object_set_data (G_OBJECT (remove), "row", row);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

  g_list_store_append (self->files, file);
  g_ptr_array_add (self->rows, row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  gtk_widget_set_visible (self->placeholder, FALSE);
}

/* Returns: (transfer none): the files to send, a list of GFile. */
GListModel *
playground_send_files_get_files (PlaygroundSendFiles *self)
{
  g_return_val_if_fail (PLAYGROUND_IS_SEND_FILES (self), NULL);

  return G_LIST_MODEL (self->files);
}

static void
chooser_response_cb (GtkNativeDialog     *dialog,
                     int                  response,
                     PlaygroundSendFiles *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) chosen = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));

      for (guint i = 0; i < g_list_model_get_n_items (chosen); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (chosen, i);

          playground_send_files_add (self, file);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
choose (PlaygroundSendFiles  *self,
        GtkFileChooserAction  action,
        const char           *title)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         action, "_Add", "_Cancel");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
add_files_clicked_cb (PlaygroundSendFiles *self)
{
  choose (self, GTK_FILE_CHOOSER_ACTION_OPEN, "Files to Send");
}

static void
add_folder_clicked_cb (PlaygroundSendFiles *self)
{
  choose (self, GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, "Folders to Send");
}

static GtkWidget *
new_header_button (const char *icon_name,
                   const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static void
playground_send_files_init (PlaygroundSendFiles *self)
{
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *add_files = new_header_button ("document-open-symbolic", "Add files…");
  GtkWidget *add_folder = new_header_button ("folder-new-symbolic", "Add a folder…");

  self->files = g_list_store_new (G_TYPE_FILE);
  self->rows = g_ptr_array_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), "Files to Send");
  g_signal_connect_swapped (add_files, "clicked", G_CALLBACK (add_files_clicked_cb), self);
  g_signal_connect_swapped (add_folder, "clicked", G_CALLBACK (add_folder_clicked_cb), self);
  gtk_box_append (GTK_BOX (buttons), add_files);
  gtk_box_append (GTK_BOX (buttons), add_folder);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self), buttons);

  self->placeholder = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->placeholder),
                                 "Drop files here, or add them with the buttons above");
  gtk_widget_add_css_class (self->placeholder, "dim-label");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->placeholder);
}

static void
playground_send_files_finalize (GObject *object)
{
  PlaygroundSendFiles *self = PLAYGROUND_SEND_FILES (object);

  g_clear_object (&self->files);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (playground_send_files_parent_class)->finalize (object);
}

static void
playground_send_files_class_init (PlaygroundSendFilesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = playground_send_files_finalize;
}

GtkWidget *
playground_send_files_new (void)
{
  return g_object_new (PLAYGROUND_TYPE_SEND_FILES, NULL);
}
