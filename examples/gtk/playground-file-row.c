/* playground-file-row.c: a file in a list, with a button that activates an
 * action on it
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "playground-file-row.h"

struct _PlaygroundFileRow
{
  AdwActionRow  parent_instance;

  GtkImage     *icon;
  GtkButton    *button;
};

G_DEFINE_FINAL_TYPE (PlaygroundFileRow, playground_file_row, ADW_TYPE_ACTION_ROW)

static void
playground_file_row_init (PlaygroundFileRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
playground_file_row_class_init (PlaygroundFileRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sandbox_api/Playground/"
                                               "playground-file-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PlaygroundFileRow, icon);
  gtk_widget_class_bind_template_child (widget_class, PlaygroundFileRow, button);
}

/* A row titled @title (plain text), whose button activates @action_name
 * with @action_target (floating, nullable). */
GtkWidget *
playground_file_row_new (const char *title,
                         const char *subtitle,
                         const char *button_icon_name,
                         const char *button_tooltip,
                         const char *action_name,
                         GVariant   *action_target)
{
  PlaygroundFileRow *self = g_object_new (PLAYGROUND_TYPE_FILE_ROW, "title", title, NULL);

  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_button_set_icon_name (self->button, button_icon_name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), button_tooltip);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->button), action_target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button), action_name);
  return GTK_WIDGET (self);
}

void
playground_file_row_set_icon_name (PlaygroundFileRow *self,
                                   const char        *icon_name)
{
  g_return_if_fail (PLAYGROUND_IS_FILE_ROW (self));

  gtk_image_set_from_icon_name (self->icon, icon_name);
}
