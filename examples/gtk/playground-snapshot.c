/* playground-snapshot.c: a widget written to a PNG file, as it is on screen
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gi18n.h>

#include "playground-snapshot.h"

static gboolean
save (GtkWidget   *widget,
      const char  *png_path,
      GError     **error)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GtkNative *native = gtk_widget_get_native (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  if (native == NULL || width <= 0 || height <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The window is not shown"));
      return FALSE;
    }

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The window drew nothing"));
      return FALSE;
    }
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (native), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, png_path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write %s"), png_path);
      return FALSE;
    }
  return TRUE;
}

static void
after_paint_cb (GdkFrameClock *frame_clock,
                GTask         *task)
{
  GtkWidget *widget = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  g_signal_handlers_disconnect_by_func (frame_clock, after_paint_cb, task);
  if (save (widget, g_task_get_task_data (task), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
  g_object_unref (task);
}

/* Writes @widget to @png_path once it has been drawn again, so that what
 * changed just before the call is in the picture. */
void
playground_snapshot_save_async (GtkWidget           *widget,
                                const char          *png_path,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  GdkFrameClock *frame_clock;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (png_path != NULL);

  task = g_task_new (widget, NULL, callback, user_data);
  g_task_set_source_tag (task, playground_snapshot_save_async);
  g_task_set_task_data (task, g_strdup (png_path), g_free);

  frame_clock = gtk_widget_get_frame_clock (widget);
  if (frame_clock == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, _("The window is not shown"));
      g_object_unref (task);
      return;
    }
  g_signal_connect (frame_clock, "after-paint", G_CALLBACK (after_paint_cb), task);
  gtk_widget_queue_draw (widget);
}

gboolean
playground_snapshot_save_finish (GtkWidget     *widget,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, widget), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
