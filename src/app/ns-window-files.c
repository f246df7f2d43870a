/* ns-window-files.c: open, save, save as, export, close with unsaved
 * changes, and the recovery file. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/topology-file.h"
#include "core/validate.h"
#include "ns-export.h"
#include "ns-recovery.h"
#include "ns-window-private.h"

#define SUFFIX ".netsketch.json"

static GSettings *
window_settings (NsWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return NS_IS_APPLICATION (app) ? ns_application_get_settings (NS_APPLICATION (app)) : NULL;
}

static void
remember_folder (NsWindow *self, GFile *file)
{
  GSettings *settings = window_settings (self);
  g_autoptr (GFile) parent = g_file_get_parent (file);
  g_autofree char *uri = NULL;

  if (settings == NULL || parent == NULL)
    return;
  uri = g_file_get_uri (parent);
  g_settings_set_string (settings, "last-folder", uri);
}

static void
set_last_folder (NsWindow *self, GtkFileChooser *chooser)
{
  GSettings *settings = window_settings (self);
  g_autofree char *uri = settings ? g_settings_get_string (settings, "last-folder") : NULL;
  GFile *file = ns_document_get_file (self->document);
  g_autoptr (GFile) folder = NULL;

  if (file != NULL)
    folder = g_file_get_parent (file);
  else if (uri != NULL && uri[0] != '\0')
    folder = g_file_new_for_uri (uri);
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (chooser, folder, NULL);
}

static void
add_filter (GtkFileChooser *chooser, const char *name, const char *pattern)
{
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
show_error (NsWindow *self, const char *primary, const char *secondary)
{
  GtkWidget *dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                              GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                              GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", primary);

  /* The text may quote the file: no control or bidi characters raw. */
  g_autofree char *safe = ns_text_escape_controls (secondary);

  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", safe);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- open ---- */

static void
open_response_cb (GtkNativeDialog *native, int response, NsWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (native));
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr (GFile) file = g_list_model_get_item (files, i);

          remember_folder (self, file);
          ns_application_open_file (NS_APPLICATION (app), file, GTK_WINDOW (self));
        }
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  g_object_unref (self);
}

static void
open_action (GtkWidget *widget, const char *name, GVariant *param)
{
  NsWindow *self = NS_WINDOW (widget);
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Open Topology"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);
  add_filter (GTK_FILE_CHOOSER (native), _("Netsketch Topologies"), "*" SUFFIX);
  add_filter (GTK_FILE_CHOOSER (native), _("All Files"), "*");
  set_last_folder (self, GTK_FILE_CHOOSER (native));
  g_signal_connect (native, "response", G_CALLBACK (open_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* ---- save ---- */

static gboolean
save_to (NsWindow *self, GFile *file)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = NULL;

  if (!ns_document_save (self->document, file, &error))
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *primary = g_strdup_printf (_("Could not save “%s”"), name);

      show_error (self, primary, error->message);
      return FALSE;
    }
  uri = g_file_get_uri (file);
  gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
  remember_folder (self, file);
  _ns_window_update_recovery (self);
  return TRUE;
}

/* "name" → "name.netsketch.json", unless it already ends in .json. */
static GFile *
with_suffix (GFile *file)
{
  g_autofree char *base = g_file_get_basename (file);
  g_autoptr (GFile) parent = NULL;
  g_autofree char *fixed = NULL;

  if (g_str_has_suffix (base, ".json"))
    return g_object_ref (file);
  parent = g_file_get_parent (file);
  fixed = g_strconcat (base, SUFFIX, NULL);
  return g_file_get_child (parent, fixed);
}

static void
save_as_response_cb (GtkNativeDialog *native, int response, NsWindow *self)
{
  gboolean close_after = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (native), "close-after"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autoptr (GFile) file = with_suffix (chosen);

      if (save_to (self, file) && close_after)
        {
          self->close_confirmed = TRUE;
          gtk_window_close (GTK_WINDOW (self));
        }
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  g_object_unref (self);
}

static void
save_as (NsWindow *self, gboolean close_after)
{
  GtkFileChooserNative *native;
  g_autofree char *name = ns_document_dup_display_name (self->document);
  g_autofree char *suggested = NULL;

  native = gtk_file_chooser_native_new (_("Save Topology"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  add_filter (GTK_FILE_CHOOSER (native), _("Netsketch Topologies"), "*" SUFFIX);
  set_last_folder (self, GTK_FILE_CHOOSER (native));
  {
    g_autofree char *stem = ns_safe_file_stem (name, "untitled");

    suggested = g_str_has_suffix (stem, SUFFIX) ? g_strdup (stem)
                                                : g_strconcat (stem, SUFFIX, NULL);
  }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), suggested);
  g_object_set_data (G_OBJECT (native), "close-after", GINT_TO_POINTER (close_after));
  g_signal_connect (native, "response", G_CALLBACK (save_as_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
save_action (GtkWidget *widget, const char *name, GVariant *param)
{
  NsWindow *self = NS_WINDOW (widget);
  GFile *file = ns_document_get_file (self->document);

  if (file != NULL)
    save_to (self, file);
  else
    save_as (self, FALSE);
}

static void
save_as_action (GtkWidget *widget, const char *name, GVariant *param)
{
  save_as (NS_WINDOW (widget), FALSE);
}

/* ---- export ---- */

static void
export_response_cb (GtkNativeDialog *native, int response, NsWindow *self)
{
  const char *format = g_object_get_data (G_OBJECT (native), "format");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr (GError) error = NULL;

      if (!ns_export_to_file (ns_document_get_topology (self->document), format, path, &error))
        show_error (self, _("Could not export the drawing"), error->message);
      else
        ns_window_show_message (self, _("Drawing exported"));
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  g_object_unref (self);
}

static void
export_action (GtkWidget *widget, const char *name, GVariant *param)
{
  NsWindow *self = NS_WINDOW (widget);
  const char *format = g_variant_get_string (param, NULL);
  g_autofree char *display = ns_document_dup_display_name (self->document);
  g_autofree char *stem = NULL;
  g_autofree char *suggested = NULL;
  g_autofree char *pattern = NULL;
  GtkFileChooserNative *native;

  if (!ns_export_format_is_known (format))
    return;
  stem = g_str_has_suffix (display, SUFFIX)
         ? g_strndup (display, strlen (display) - strlen (SUFFIX)) : g_strdup (display);
  {
    g_autofree char *safe = ns_safe_file_stem (stem, "drawing");

    suggested = g_strdup_printf ("%s.%s", safe, format);
  }
  pattern = g_strdup_printf ("*.%s", format);
  native = gtk_file_chooser_native_new (_("Export Drawing"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  add_filter (GTK_FILE_CHOOSER (native), ns_export_format_description (format), pattern);
  set_last_folder (self, GTK_FILE_CHOOSER (native));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), suggested);
  g_object_set_data_full (G_OBJECT (native), "format", g_strdup (format), g_free);
  g_signal_connect (native, "response", G_CALLBACK (export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* ---- close ---- */

static void
save_window_state (NsWindow *self)
{
  GSettings *settings = window_settings (self);
  int width, height;

  if (settings == NULL)
    return;
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
    }
}

static void
confirm_close_cb (GtkDialog *dialog, int response, NsWindow *self)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == GTK_RESPONSE_REJECT)
    {
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
  else if (response == GTK_RESPONSE_ACCEPT)
    {
      GFile *file = ns_document_get_file (self->document);

      if (file == NULL)
        save_as (self, TRUE);
      else if (save_to (self, file))
        {
          self->close_confirmed = TRUE;
          gtk_window_close (GTK_WINDOW (self));
        }
    }
}

gboolean
_ns_window_close_request (GtkWindow *window)
{
  NsWindow *self = NS_WINDOW (window);
  g_autofree char *name = NULL;
  GtkWidget *dialog, *button;

  if (self->close_confirmed || !ns_document_get_modified (self->document))
    {
      save_window_state (self);
      _ns_window_drop_recovery (self);
      return FALSE;
    }
  name = ns_document_dup_display_name (self->document);
  dialog = gtk_message_dialog_new (window, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Save changes to “%s” before closing?"), name);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            _("If you don’t save, your changes will be lost."));
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
  button = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Discard"), GTK_RESPONSE_REJECT);
  gtk_widget_add_css_class (button, "destructive-action");
  button = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Save"), GTK_RESPONSE_ACCEPT);
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_close_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
close_action (GtkWidget *widget, const char *name, GVariant *param)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* ---- recovery ---- */

gboolean
ns_window_write_recovery (NsWindow *self)
{
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (NS_IS_WINDOW (self), FALSE);

  if (!ns_document_get_modified (self->document))
    return FALSE;
  if (self->recovery_path == NULL)
    self->recovery_path = ns_recovery_dup_new_path ();
  if (!ns_recovery_write (self->document, self->recovery_path, &error))
    {
      g_warning ("Could not write the recovery file: %s", error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
recovery_tick_cb (gpointer user_data)
{
  ns_window_write_recovery (user_data);
  return G_SOURCE_CONTINUE;
}

void
_ns_window_drop_recovery (NsWindow *self)
{
  g_clear_handle_id (&self->recovery_source, g_source_remove);
  ns_recovery_remove (self->recovery_path);
  g_clear_pointer (&self->recovery_path, g_free);
}

/* Called after every change: keep the timer running exactly while the
 * document has unsaved changes. */
void
_ns_window_update_recovery (NsWindow *self)
{
  if (self->document == NULL)
    return;
  if (!ns_document_get_modified (self->document))
    _ns_window_drop_recovery (self);
  else if (self->recovery_source == 0)
    self->recovery_source = g_timeout_add_seconds (NS_RECOVERY_INTERVAL_SECONDS,
                                                   recovery_tick_cb, self);
}

const char *
ns_window_get_recovery_path (NsWindow *self)
{
  g_return_val_if_fail (NS_IS_WINDOW (self), NULL);
  return self->recovery_path;
}

static void
recovery_response_cb (GtkInfoBar *bar, int response, NsWindow *self)
{
  GStrv paths = g_object_get_data (G_OBJECT (bar), "paths");
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      if (response == GTK_RESPONSE_ACCEPT)
        {
          g_autoptr (GError) error = NULL;
          NsTopology *topology = ns_topology_load_file (paths[i], &error);
          NsDocument *document;

          if (topology == NULL)
            {
              g_warning ("Could not read the recovery file: %s", error->message);
              continue;
            }
          document = ns_document_new_for_topology (topology, NULL);
          ns_document_mark_modified (document);
          ns_application_show_document (NS_APPLICATION (app), document, GTK_WINDOW (self));
        }
      ns_recovery_remove (paths[i]);
    }
  gtk_info_bar_set_revealed (bar, FALSE);
  g_object_set_data (G_OBJECT (bar), "paths", NULL);
}

void
ns_window_offer_recovery (NsWindow *self, const char *const *paths)
{
  guint n = paths != NULL ? g_strv_length ((GStrv) paths) : 0;
  g_autofree char *text = NULL;

  g_return_if_fail (NS_IS_WINDOW (self));
  if (n == 0)
    return;
  text = g_strdup_printf (
    g_dngettext (GETTEXT_PACKAGE, "Unsaved work from a session that ended unexpectedly was found.",
                 "Unsaved work from a session that ended unexpectedly was found (%u documents).",
                 n),
    n);
  gtk_label_set_label (self->recovery_label, text);
  if (g_object_get_data (G_OBJECT (self->recovery_bar), "paths") == NULL)
    {
      GtkWidget *restore;

      gtk_info_bar_add_button (self->recovery_bar, _("_Discard"), GTK_RESPONSE_REJECT);
      restore = gtk_info_bar_add_button (self->recovery_bar, _("_Restore"),
                                                    GTK_RESPONSE_ACCEPT);

      gtk_widget_add_css_class (restore, "suggested-action");
      g_signal_connect (self->recovery_bar, "response", G_CALLBACK (recovery_response_cb), self);
    }
  g_object_set_data_full (G_OBJECT (self->recovery_bar), "paths", g_strdupv ((GStrv) paths),
                          (GDestroyNotify) g_strfreev);
  gtk_info_bar_set_revealed (self->recovery_bar, TRUE);
}

void
_ns_window_class_add_file_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "win.close", NULL, close_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export",
                                       "s", "png");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "win.close",
                                       NULL);
}
