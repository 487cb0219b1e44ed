/* playground-result-row.c: one command's result in the list of results
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "playground-result-row.h"

/* Longer outputs are cut in the row, so that a command printing megabytes
 * cannot make the list slow to lay out. */
#define SHOWN_OUTPUT_MAX 16384

struct _PlaygroundResultRow
{
  GtkBox     parent_instance;

  GtkLabel  *command;
  GtkLabel  *exit_code;
  GtkLabel  *time;
  GtkLabel  *stdout_text;
  GtkLabel  *stderr_text;
};

G_DEFINE_FINAL_TYPE (PlaygroundResultRow, playground_result_row, GTK_TYPE_BOX)

static GtkLabel *
add_label (GtkBox     *box,
           const char *css_class,
           gboolean    expand)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, expand);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (box, label);
  return GTK_LABEL (label);
}

static GtkLabel *
add_output_label (GtkBox     *box,
                  const char *css_class)
{
  GtkLabel *label = add_label (box, "monospace", TRUE);

  gtk_widget_add_css_class (GTK_WIDGET (label), "output");
  gtk_widget_add_css_class (GTK_WIDGET (label), css_class);
  gtk_label_set_wrap (label, TRUE);
  gtk_label_set_wrap_mode (label, PANGO_WRAP_WORD_CHAR);
  return label;
}

static void
playground_result_row_init (PlaygroundResultRow *self)
{
  GtkBox *header = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
  gtk_widget_add_css_class (GTK_WIDGET (self), "result-row");

  gtk_box_append (GTK_BOX (self), GTK_WIDGET (header));
  self->command = add_label (header, "monospace", TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->command), "heading");
  gtk_label_set_wrap (self->command, TRUE);
  gtk_label_set_wrap_mode (self->command, PANGO_WRAP_WORD_CHAR);
  self->time = add_label (header, "dim-label", FALSE);
  gtk_label_set_selectable (self->time, FALSE);
  self->exit_code = add_label (header, "exit-code", FALSE);
  gtk_label_set_selectable (self->exit_code, FALSE);
  gtk_widget_set_valign (GTK_WIDGET (self->exit_code), GTK_ALIGN_CENTER);

  self->stdout_text = add_output_label (GTK_BOX (self), "stdout");
  self->stderr_text = add_output_label (GTK_BOX (self), "stderr");
}

static void
playground_result_row_class_init (PlaygroundResultRowClass *klass)
{
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "resultrow");
}

GtkWidget *
playground_result_row_new (void)
{
  return g_object_new (PLAYGROUND_TYPE_RESULT_ROW, NULL);
}

/* Shows @text, cut at a character boundary when it is long, and hides the
 * label when there is nothing to show. */
static void
show_output (GtkLabel   *label,
             const char *text)
{
  gsize length = text != NULL ? strlen (text) : 0;

  while (length > 0 && text[length - 1] == '\n')
    length--;
  gtk_widget_set_visible (GTK_WIDGET (label), length > 0);

  if (length > SHOWN_OUTPUT_MAX)
    {
      const char *end = g_utf8_find_prev_char (text, text + SHOWN_OUTPUT_MAX + 1);
      g_autofree char *shown = g_strndup (text, end - text);
      g_autofree char *cut = g_strdup_printf ("%s\n… (%" G_GSIZE_FORMAT " more bytes)",
                                              shown, length - (end - text));

      gtk_label_set_text (label, cut);
    }
  else
    {
      g_autofree char *shown = g_strndup (text != NULL ? text : "", length);

      gtk_label_set_text (label, shown);
    }
}

void
playground_result_row_bind (PlaygroundResultRow  *self,
                            SandboxCommandResult *result)
{
  int exit_code = sandbox_command_result_get_exit_code (result);
  g_autofree char *command = g_strdup_printf ("$ %s", sandbox_command_result_get_command (result));
  g_autofree char *time = g_strdup_printf ("%.3f s", sandbox_command_result_get_time (result));
  g_autofree char *code = NULL;

  if (exit_code >= 0)
    code = g_strdup_printf ("exit %d", exit_code);
  else
    code = g_strdup (sandbox_status_to_string (exit_code));

  gtk_label_set_text (self->command, command);
  gtk_label_set_text (self->time, time);
  gtk_label_set_text (self->exit_code, code);
  if (exit_code == 0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->exit_code), "success");
      gtk_widget_remove_css_class (GTK_WIDGET (self->exit_code), "error");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->exit_code), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->exit_code), "success");
    }
  show_output (self->stdout_text, sandbox_command_result_get_stdout (result));
  show_output (self->stderr_text, sandbox_command_result_get_stderr (result));
}
