/* playground-result-row.c: one command's result in the list of results
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gi18n.h>

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

static void
playground_result_row_init (PlaygroundResultRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
playground_result_row_class_init (PlaygroundResultRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sandbox_api/Playground/"
                                               "playground-result-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PlaygroundResultRow, command);
  gtk_widget_class_bind_template_child (widget_class, PlaygroundResultRow, exit_code);
  gtk_widget_class_bind_template_child (widget_class, PlaygroundResultRow, time);
  gtk_widget_class_bind_template_child (widget_class, PlaygroundResultRow, stdout_text);
  gtk_widget_class_bind_template_child (widget_class, PlaygroundResultRow, stderr_text);
  gtk_widget_class_set_css_name (widget_class, "resultrow");
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
      g_autofree char *more = g_strdup_printf ("%" G_GSIZE_FORMAT, length - (end - text));
      g_autofree char *cut = g_strdup_printf (_("%s\n… (%s more bytes)"), shown, more);

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
    code = g_strdup_printf (_("exit %d"), exit_code);
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
