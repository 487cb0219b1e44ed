/* playground-window.c: the main window: the server, the commands and the
 * files to send on the left, the results on the right. Every request is
 * asynchronous on the GTK main loop, and Cancel stops the one running.
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gi18n.h>

#include <string.h>

#include <gtksourceview/gtksource.h>

#include "playground-files-panel.h"
#include "playground-result-row.h"
#include "playground-run.h"
#include "playground-send-files.h"
#include "playground-specs.h"
#include "playground-window.h"

struct _PlaygroundWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toasts;
  GtkEntry             *url;
  GtkLabel             *specs;
  GtkSourceBuffer      *commands;
  GtkWidget            *editor;
  PlaygroundSendFiles  *send_files;
  GtkTextBuffer        *variables;
  GtkSpinButton        *timeout;
  GtkSwitch            *save;
  GtkLabel             *status;
  GtkProgressBar       *progress;
  GtkStack             *results_stack;
  GtkListView          *results;
  PlaygroundFilesPanel *files_panel;

  SandboxClient        *client;
  char                 *client_url;
  JsonNode             *specifications;
  JsonNode             *libraries;
  GCancellable         *connect_cancellable;
  GCancellable         *run_cancellable;
  SandboxExecution     *execution;
};

G_DEFINE_FINAL_TYPE (PlaygroundWindow, playground_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

enum {
  SIGNAL_RUN_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Shows @message over the window; an urgent one replaces the toast shown. */
static void
show_toast_full (PlaygroundWindow *self,
                 const char       *message,
                 guint             timeout,
                 gboolean          urgent)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, timeout);
  if (urgent)
    adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

static void
show_toast (PlaygroundWindow *self,
            const char       *message,
            guint             timeout)
{
  show_toast_full (self, message, timeout, FALSE);
}

gboolean
playground_window_get_busy (PlaygroundWindow *self)
{
  g_return_val_if_fail (PLAYGROUND_IS_WINDOW (self), FALSE);

  return self->run_cancellable != NULL;
}

/* Returns: (transfer none) (nullable): the last execution's answer. */
SandboxExecution *
playground_window_get_execution (PlaygroundWindow *self)
{
  g_return_val_if_fail (PLAYGROUND_IS_WINDOW (self), NULL);

  return self->execution;
}

/* Returns: (transfer none): the panel of the saved environment's files. */
GtkWidget *
playground_window_get_files_panel (PlaygroundWindow *self)
{
  g_return_val_if_fail (PLAYGROUND_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->files_panel);
}

static void
update_actions (PlaygroundWindow *self)
{
  gboolean busy = playground_window_get_busy (self);
  GAction *run = g_action_map_lookup_action (G_ACTION_MAP (self), "run");
  GAction *cancel = g_action_map_lookup_action (G_ACTION_MAP (self), "cancel");

  g_simple_action_set_enabled (G_SIMPLE_ACTION (run), !busy);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (cancel), busy);
}

/* Connecting: the specifications and the libraries, shown in one line */

static void
show_specifications (PlaygroundWindow *self)
{
  g_autofree char *text = playground_specs_describe (self->specifications, self->libraries);

  gtk_label_set_text (self->specs, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->specs), "error");
}

static void
specifications_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PlaygroundWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = sandbox_client_get_specifications_finish (SANDBOX_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not connect to %s: %s"),
                                                  self->client_url, error->message);

      gtk_label_set_text (self->specs, message);
      gtk_widget_add_css_class (GTK_WIDGET (self->specs), "error");
      show_toast (self, message, 10);
      return;
    }
  g_clear_pointer (&self->specifications, json_node_unref);
  self->specifications = g_steal_pointer (&node);
  show_specifications (self);
}

static void
libraries_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PlaygroundWindow) self = user_data;
  g_autoptr(JsonNode) node = NULL;

  /* The versions are a bonus: the specifications report the errors. */
  node = sandbox_client_get_libraries_finish (SANDBOX_CLIENT (source), result, NULL);
  if (node == NULL)
    return;
  g_clear_pointer (&self->libraries, json_node_unref);
  self->libraries = g_steal_pointer (&node);
  if (self->specifications != NULL)
    show_specifications (self);
}

/* Makes a client of the URL typed, and asks the server what it is. Returns
 * FALSE, with the error shown, when the URL is not one. */
static gboolean
connect_to_server (PlaygroundWindow *self)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->url));
  g_autoptr(SandboxClient) client = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (self->connect_cancellable);
  g_clear_object (&self->connect_cancellable);
  g_clear_pointer (&self->specifications, json_node_unref);
  g_clear_pointer (&self->libraries, json_node_unref);

  client = sandbox_client_new (url, &error);
  if (client == NULL)
    {
      gtk_label_set_text (self->specs, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->specs), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->url), "error");
      show_toast (self, error->message, 10);
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->url), "error");

  g_set_object (&self->client, client);
  g_free (self->client_url);
  self->client_url = g_strdup (url);
  self->connect_cancellable = g_cancellable_new ();
  gtk_label_set_text (self->specs, _("Connecting…"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->specs), "error");

  sandbox_client_get_specifications_async (client, self->connect_cancellable,
                                           specifications_cb, g_object_ref (self));
  sandbox_client_get_libraries_async (client, self->connect_cancellable,
                                      libraries_cb, g_object_ref (self));
  return TRUE;
}

static void
url_activate_cb (PlaygroundWindow *self)
{
  connect_to_server (self);
}

static void
connect_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  connect_to_server (PLAYGROUND_WINDOW (user_data));
}

void
playground_window_set_url (PlaygroundWindow *self,
                           const char       *url)
{
  g_return_if_fail (PLAYGROUND_IS_WINDOW (self));
  g_return_if_fail (url != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->url), url);
  connect_to_server (self);
}

/* The configuration from the form */

/* Adds each command of the editor: one a line, empty lines and comments
 * skipped, a line ending in a backslash continued on the next one, a line
 * beginning with "-" allowed to fail. */
static void
add_commands (PlaygroundWindow *self,
              SandboxConfig    *config)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) command = g_string_new (NULL);
  double timeout = gtk_spin_button_get_value (self->timeout);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->commands), &start, &end);
  text = gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->commands), &start, &end, FALSE);
  lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      gboolean ignore_failure;

      g_strchomp (lines[i]);
      if (command->len == 0)
        {
          line += strspn (line, " \t");
          if (*line == '\0' || *line == '#')
            continue;
        }
      if (g_str_has_suffix (line, "\\") && lines[i + 1] != NULL)
        {
          g_string_append_printf (command, "%s\n", line);
          continue;
        }
      g_string_append (command, line);

      ignore_failure = command->str[0] == '-';
      if (timeout > 0)
        sandbox_config_add_command_with_timeout (config, command->str + ignore_failure,
                                                 ignore_failure, timeout);
      else
        sandbox_config_add_command (config, command->str + ignore_failure, ignore_failure);
      g_string_truncate (command, 0);
    }
}

/* Sets each NAME=value line as a variable; other lines are an error. */
static gboolean
add_variables (PlaygroundWindow  *self,
               SandboxConfig     *config,
               GError           **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (self->variables, &start, &end);
  text = gtk_text_buffer_get_text (self->variables, &start, &end, FALSE);
  lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *equals = strchr (line, '=');

      if (*line == '\0' || *line == '#')
        continue;
      if (equals == NULL || equals == line)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Write each variable as NAME=value, not “%s”"), line);
          return FALSE;
        }
      *equals = '\0';
      sandbox_config_set_variable (config, g_strchomp (line), equals + 1);
    }
  return TRUE;
}

/* Running */

static void
set_status (PlaygroundWindow *self,
            const char       *text,
            const char       *css_class)
{
  gtk_label_set_text (self->status, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status), "warning");
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status), css_class);
}

/* The overall status in words, such as "Success: 2 commands in 0.051 s". */
static char *
describe_execution (SandboxExecution *execution)
{
  int status = sandbox_execution_get_status (execution);
  guint n_commands = g_list_model_get_n_items (sandbox_execution_get_commands (execution));
  double total = sandbox_execution_get_total_time (execution);

  if (status == SANDBOX_STATUS_SUCCESS)
    return g_strdup_printf (ngettext ("Success: %u command in %.3f s",
                                      "Success: %u commands in %.3f s", n_commands),
                            n_commands, total);
  if (status > 0)
    return g_strdup_printf (_("Failed: a command exited with code %d (%.3f s)"), status, total);
  if (status == SANDBOX_STATUS_TIMEOUT)
    return g_strdup_printf (_("Stopped: a command timed out (%.3f s)"), total);
  return g_strdup_printf (_("Failed: %s"), sandbox_status_to_string (status));
}

static void
set_busy (PlaygroundWindow *self,
          GCancellable     *cancellable)
{
  g_set_object (&self->run_cancellable, cancellable);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
progress_cb (goffset  current_num_bytes,
             goffset  total_num_bytes,
             gpointer user_data)
{
  PlaygroundWindow *self = user_data;
  g_autofree char *current = g_format_size (current_num_bytes);
  g_autofree char *text = NULL;

  if (total_num_bytes > 0)
    {
      g_autofree char *total = g_format_size (total_num_bytes);

      gtk_progress_bar_set_fraction (self->progress,
                                     (double) current_num_bytes / total_num_bytes);
      text = g_strdup_printf (_("Sent %s of %s"), current, total);
    }
  else
    {
      gtk_progress_bar_pulse (self->progress);
      text = g_strdup_printf (_("Sent %s"), current);
    }
  if (total_num_bytes > 0 && current_num_bytes == total_num_bytes)
    set_status (self, _("Running the commands…"), NULL);
  else
    set_status (self, text, NULL);
}

static void
show_execution (PlaygroundWindow *self,
                SandboxExecution *execution)
{
  g_autoptr(GtkNoSelection) selection = NULL;
  g_autofree char *words = describe_execution (execution);
  int status = sandbox_execution_get_status (execution);
  const char *environment = sandbox_execution_get_environment (execution);

  g_set_object (&self->execution, execution);
  selection = gtk_no_selection_new (g_object_ref (sandbox_execution_get_commands (execution)));
  gtk_list_view_set_model (self->results, GTK_SELECTION_MODEL (selection));
  gtk_stack_set_visible_child_name (self->results_stack, "results");
  set_status (self, words, status == SANDBOX_STATUS_SUCCESS ? "success"
                           : status > 0 ? "error" : "warning");

  if (environment != NULL)
    playground_files_panel_show_environment (self->files_panel, self->client, environment,
                                             sandbox_execution_get_expire (execution));
}

static void
run_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(PlaygroundWindow) self = user_data;
  g_autoptr(SandboxExecution) execution = NULL;
  g_autoptr(GError) error = NULL;

  execution = playground_run_finish (SANDBOX_CLIENT (source), result, &error);
  set_busy (self, NULL);

  if (execution != NULL)
    {
      show_execution (self, execution);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      set_status (self, _("Cancelled"), "warning");
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("The commands could not run: %s"),
                                                  error->message);

      set_status (self, message, "error");
      show_toast_full (self, message, 10, TRUE);
    }
  g_signal_emit (self, signals[SIGNAL_RUN_FINISHED], 0);
}

static void
run_activated (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  PlaygroundWindow *self = PLAYGROUND_WINDOW (user_data);
  g_autoptr(SandboxConfig) config = sandbox_config_new ();
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GError) error = NULL;

  if (playground_window_get_busy (self))
    return;

  add_commands (self, config);
  if (sandbox_config_get_n_commands (config) == 0)
    {
      show_toast (self, _("Type a command to run first"), 5);
      return;
    }
  if (!add_variables (self, config, &error))
    {
      show_toast (self, error->message, 10);
      return;
    }
  sandbox_config_set_save (config, gtk_switch_get_active (self->save));

  if ((self->client == NULL ||
       g_strcmp0 (self->client_url, gtk_editable_get_text (GTK_EDITABLE (self->url))) != 0) &&
      !connect_to_server (self))
    return;

  cancellable = g_cancellable_new ();
  set_busy (self, cancellable);
  playground_files_panel_clear (self->files_panel);
  gtk_progress_bar_set_fraction (self->progress, 0);
  set_status (self, _("Sending…"), NULL);

  playground_run_async (self->client, config,
                        playground_send_files_get_files (self->send_files),
                        progress_cb, g_object_ref (self), g_object_unref,
                        cancellable, run_cb, g_object_ref (self));
}

static void
cancel_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  PlaygroundWindow *self = PLAYGROUND_WINDOW (user_data);

  g_cancellable_cancel (self->run_cancellable);
}

/* The form, for the command line and the tests */

void
playground_window_set_commands (PlaygroundWindow *self,
                                const char       *commands)
{
  g_return_if_fail (PLAYGROUND_IS_WINDOW (self));

  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->commands), commands, -1);
}

void
playground_window_add_file (PlaygroundWindow *self,
                            GFile            *file)
{
  g_return_if_fail (PLAYGROUND_IS_WINDOW (self));

  playground_send_files_add (self->send_files, file);
}

void
playground_window_set_variables (PlaygroundWindow *self,
                                 const char       *variables)
{
  g_return_if_fail (PLAYGROUND_IS_WINDOW (self));

  gtk_text_buffer_set_text (self->variables, variables, -1);
}

void
playground_window_set_timeout (PlaygroundWindow *self,
                               double            timeout)
{
  g_return_if_fail (PLAYGROUND_IS_WINDOW (self));

  gtk_spin_button_set_value (self->timeout, timeout);
}

void
playground_window_set_save (PlaygroundWindow *self,
                            gboolean          save)
{
  g_return_if_fail (PLAYGROUND_IS_WINDOW (self));

  gtk_switch_set_active (self->save, save);
}

/* Building the window */

static gboolean
drop_cb (GtkDropTarget    *target,
         const GValue     *value,
         double            x,
         double            y,
         PlaygroundWindow *self)
{
  GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));
  gboolean dropped = files != NULL;

  for (GSList *l = files; l != NULL; l = l->next)
    playground_send_files_add (self->send_files, l->data);
  g_slist_free (files);
  return dropped;
}

static void
setup_result_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  gtk_list_item_set_child (item, playground_result_row_new ());
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_result_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  playground_result_row_bind (PLAYGROUND_RESULT_ROW (gtk_list_item_get_child (item)),
                              gtk_list_item_get_item (item));
}

static void
dark_changed_cb (AdwStyleManager  *style_manager,
                 GParamSpec       *pspec,
                 PlaygroundWindow *self)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  const char *name = adw_style_manager_get_dark (style_manager) ? "Adwaita-dark" : "Adwaita";

  gtk_source_buffer_set_style_scheme (self->commands,
                                      gtk_source_style_scheme_manager_get_scheme (schemes, name));
}

static void
files_panel_message_cb (PlaygroundFilesPanel *panel,
                        const char           *message,
                        PlaygroundWindow     *self)
{
  show_toast (self, message, 5);
}

static const GActionEntry window_actions[] = {
  { .name = "run", .activate = run_activated },
  { .name = "cancel", .activate = cancel_activated },
  { .name = "connect", .activate = connect_activated },
};

static void
playground_window_init (PlaygroundWindow *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  const char *url = g_getenv ("SANDBOX_URL");

  gtk_widget_init_template (GTK_WIDGET (self));
  g_action_map_add_action_entries (G_ACTION_MAP (self), window_actions,
                                   G_N_ELEMENTS (window_actions), self);

  gtk_source_buffer_set_language (self->commands,
                                  gtk_source_language_manager_get_language (languages, "sh"));
  g_signal_connect_object (style_manager, "notify::dark", G_CALLBACK (dark_changed_cb),
                           self, 0);
  dark_changed_cb (style_manager, NULL, self);

  gtk_editable_set_text (GTK_EDITABLE (self->url),
                         url != NULL && *url != '\0' ? url : "http://127.0.0.1:7000/");
  update_actions (self);
  gtk_window_set_focus (GTK_WINDOW (self), self->editor);
}

static void
playground_window_dispose (GObject *object)
{
  PlaygroundWindow *self = PLAYGROUND_WINDOW (object);

  g_cancellable_cancel (self->connect_cancellable);
  g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->connect_cancellable);
  g_clear_object (&self->run_cancellable);
  g_clear_object (&self->execution);
  g_clear_object (&self->client);
  g_clear_pointer (&self->client_url, g_free);
  g_clear_pointer (&self->specifications, json_node_unref);
  g_clear_pointer (&self->libraries, json_node_unref);

  G_OBJECT_CLASS (playground_window_parent_class)->dispose (object);
}

static void
playground_window_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PlaygroundWindow *self = PLAYGROUND_WINDOW (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, playground_window_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
playground_window_class_init (PlaygroundWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = playground_window_dispose;
  object_class->get_property = playground_window_get_property;

  /* Whether an execution is on its way. */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted once an execution's answer, error or cancellation is shown. */
  signals[SIGNAL_RUN_FINISHED] =
    g_signal_new ("run-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  g_type_ensure (PLAYGROUND_TYPE_FILES_PANEL);
  g_type_ensure (PLAYGROUND_TYPE_SEND_FILES);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sandbox_api/Playground/"
                                               "playground-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PlaygroundWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, PlaygroundWindow, url);
  gtk_widget_class_bind_template_child (widget_class, PlaygroundWindow, specs);
  gtk_widget_class_bind_template_child (widget_class, PlaygroundWindow, commands);
  gtk_widget_class_bind_template_child (widget_class, PlaygroundWindow, editor);
  gtk_widget_class_bind_template_child (widget_class, PlaygroundWindow, send_files);
  gtk_widget_class_bind_template_child (widget_class, PlaygroundWindow, variables);
  gtk_widget_class_bind_template_child (widget_class, PlaygroundWindow, timeout);
  gtk_widget_class_bind_template_child (widget_class, PlaygroundWindow, save);
  gtk_widget_class_bind_template_child (widget_class, PlaygroundWindow, status);
  gtk_widget_class_bind_template_child (widget_class, PlaygroundWindow, progress);
  gtk_widget_class_bind_template_child (widget_class, PlaygroundWindow, results_stack);
  gtk_widget_class_bind_template_child (widget_class, PlaygroundWindow, results);
  gtk_widget_class_bind_template_child (widget_class, PlaygroundWindow, files_panel);
  gtk_widget_class_bind_template_callback (widget_class, url_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, drop_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_result_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_result_cb);
  gtk_widget_class_bind_template_callback (widget_class, files_panel_message_cb);
}

PlaygroundWindow *
playground_window_new (GtkApplication *application)
{
  return g_object_new (PLAYGROUND_TYPE_WINDOW, "application", application, NULL);
}
