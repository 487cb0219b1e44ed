/* playground-send-files.c: the files to send with the commands, added with
 * the file chooser or dropped on the window
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gi18n.h>

#include "playground-file-row.h"
#include "playground-send-files.h"

struct _PlaygroundSendFiles
{
  AdwPreferencesGroup parent_instance;

  GListStore         *files;
  GPtrArray          *rows;
  GtkWidget          *placeholder;
};

G_DEFINE_FINAL_TYPE (PlaygroundSendFiles, playground_send_files, ADW_TYPE_PREFERENCES_GROUP)

/* Shows a folder's icon for a directory, once the file system has said. */
static void
file_type_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PlaygroundFileRow) row = user_data;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (source), result, NULL);

  if (info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    playground_file_row_set_icon_name (row, "folder-symbolic");
}

static gboolean
find_file (PlaygroundSendFiles *self,
           GFile               *file,
           guint               *position)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->files)); i++)
    {
      g_autoptr(GFile) other = g_list_model_get_item (G_LIST_MODEL (self->files), i);

      if (g_file_equal (other, file))
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Adds @file, a regular file or a directory, unless it is there already. */
void
playground_send_files_add (PlaygroundSendFiles *self,
                           GFile               *file)
{
  g_autofree char *name = NULL;
  g_autofree char *where = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GFile) parent = NULL;
  GtkWidget *row;
  guint position;

  g_return_if_fail (PLAYGROUND_IS_SEND_FILES (self));
  g_return_if_fail (G_IS_FILE (file));

  if (find_file (self, file, &position))
    return;

  name = g_file_get_basename (file);
  parent = g_file_get_parent (file);
  where = parent != NULL ? g_file_get_parse_name (parent) : NULL;
  uri = g_file_get_uri (file);
  row = playground_file_row_new (name, where, "edit-delete-symbolic", _("Do not send this file"),
                                 "send-files.remove", g_variant_new_string (uri));
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT, NULL, file_type_cb, g_object_ref (row));

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

/* send-files.remove, with the file's URI */
static void
remove_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PlaygroundSendFiles *self = PLAYGROUND_SEND_FILES (widget);
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));
  guint position;

  if (!find_file (self, file, &position))
    return;
  g_list_store_remove (self->files, position);
  adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->rows->pdata[position]);
  g_ptr_array_remove_index (self->rows, position);
  gtk_widget_set_visible (self->placeholder, self->rows->len == 0);
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

/* send-files.add-files and send-files.add-folder */
static void
add_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gboolean folders = g_str_equal (action_name, "send-files.add-folder");
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (folders ? _("Folders to Send") : _("Files to Send"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         folders ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                                 : GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Add"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb),
                    g_object_ref (widget));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
playground_send_files_init (PlaygroundSendFiles *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->files = g_list_store_new (G_TYPE_FILE);
  self->rows = g_ptr_array_new ();
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
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = playground_send_files_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sandbox_api/Playground/"
                                               "playground-send-files.ui");
  gtk_widget_class_bind_template_child (widget_class, PlaygroundSendFiles, placeholder);
  gtk_widget_class_install_action (widget_class, "send-files.add-files", NULL, add_activated);
  gtk_widget_class_install_action (widget_class, "send-files.add-folder", NULL, add_activated);
  gtk_widget_class_install_action (widget_class, "send-files.remove", "s", remove_activated);
}

GtkWidget *
playground_send_files_new (void)
{
  return g_object_new (PLAYGROUND_TYPE_SEND_FILES, NULL);
}
