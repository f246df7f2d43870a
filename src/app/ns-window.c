/* ns-window.c: the document window: layout, title, editing actions and
 * their shortcuts. File work is in ns-window-files.c, the run and its
 * player in ns-window-run.c. */
#include "config.h"

#include <glib/gi18n.h>

#include "ns-window-private.h"

#define TOAST_SECONDS 4

G_DEFINE_FINAL_TYPE (NsWindow, ns_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_TOOL,
  PROP_SNAP_TO_GRID,
  PROP_SHOW_SIDE_PANEL,
  PROP_SIDE_PAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct { const char *name; NsTool tool; } tools[] = {
  { "select", NS_TOOL_SELECT },
  { "host", NS_TOOL_HOST },
  { "switch", NS_TOOL_SWITCH },
  { "router", NS_TOOL_ROUTER },
  { "connect", NS_TOOL_CONNECT },
};

/* ---- state shown ---- */

static char *
dup_location (GFile *file)
{
  g_autoptr (GFile) parent = g_file_get_parent (file);
  g_autoptr (GFile) home = g_file_new_for_path (g_get_home_dir ());
  g_autofree char *rel = NULL;

  if (parent == NULL)
    return NULL;
  if (g_file_equal (parent, home))
    return g_strdup ("~");
  rel = g_file_get_relative_path (home, parent);
  if (rel != NULL)
    return g_strconcat ("~/", rel, NULL);
  return g_file_get_parse_name (parent);
}

static void
update_title (NsWindow *self)
{
  g_autofree char *name = ns_document_dup_display_name (self->document);
  g_autofree char *title = NULL;
  g_autofree char *location = NULL;
  GFile *file = ns_document_get_file (self->document);
  gboolean modified = ns_document_get_modified (self->document);

  /* The dot says "unsaved changes", as in GNOME Text Editor. */
  title = modified ? g_strdup_printf ("%s •", name) : g_strdup (name);
  gtk_label_set_label (self->title_label, title);
  gtk_window_set_title (GTK_WINDOW (self), title);

  if (file != NULL)
    location = dup_location (file);
  else if (self->document != NULL && ns_document_get_topology (self->document)->nodes->len > 0)
    location = g_strdup (_("Not saved yet"));
  gtk_label_set_label (self->subtitle_label, location ? location : "");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), location != NULL);
}

static void
update_actions (NsWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GHashTable *nodes = ns_document_get_selected_nodes (self->document);

  gtk_widget_action_set_enabled (widget, "win.undo", ns_document_can_undo (self->document));
  gtk_widget_action_set_enabled (widget, "win.redo", ns_document_can_redo (self->document));
  gtk_widget_action_set_enabled (widget, "win.delete",
                                 ns_document_get_n_selected (self->document) > 0);
  gtk_widget_action_set_enabled (widget, "win.duplicate", g_hash_table_size (nodes) > 0);
}

static void
update_empty_hint (NsWindow *self)
{
  const NsTopology *topology = ns_document_get_topology (self->document);

  gtk_widget_set_visible (self->empty_hint, topology->nodes->len == 0);
}

/* The Device tab shows the node the learner selected last (a click on a
 * packet or on the empty canvas keeps it). */
static void
selection_changed_cb (NsWindow *self)
{
  GHashTable *nodes = ns_document_get_selected_nodes (self->document);

  update_actions (self);
  if (g_hash_table_size (nodes) == 1)
    {
      GHashTableIter iter;
      gpointer id;

      g_hash_table_iter_init (&iter, nodes);
      if (g_hash_table_iter_next (&iter, &id, NULL))
        ns_device_panel_set_node (ns_run_panel_get_device_panel (self->run_panel), id);
    }
}

/* The lesson card follows the file's title and description as they are
 * edited. */
static void
update_lesson (NsWindow *self)
{
  const NsTopology *topology = ns_document_get_topology (self->document);

  const char *title = NULL, *instructions = NULL;

  /* In the learner's language when the file has it (docs/file-format.md). */
  ns_lesson_card_set_lesson (self->lesson_card,
                             ns_lesson_translated (topology, "title", topology->title),
                             ns_lesson_translated (topology, "description", topology->description));
  /* An activity's words for the student go in the same card. */
  ns_activity_pane_get_texts (self->activity_pane, topology, &title, &instructions);
  ns_lesson_card_set_activity (self->lesson_card, title, instructions);
}

static void
document_changed_cb (NsWindow *self)
{
  update_title (self);
  update_lesson (self);
  update_actions (self);
  update_empty_hint (self);
  _ns_window_update_recovery (self);
  _ns_window_schedule_run (self);
}

static void
zoom_changed_cb (NsWindow *self)
{
  g_autofree char *text = g_strdup_printf ("%.0f %%", ns_canvas_get_zoom (self->canvas) * 100);

  gtk_button_set_label (self->zoom_button, text);
}

static gboolean
hide_toast_cb (gpointer user_data)
{
  NsWindow *self = user_data;

  gtk_revealer_set_reveal_child (self->toast_revealer, FALSE);
  self->toast_source = 0;
  return G_SOURCE_REMOVE;
}

void
ns_window_show_message (NsWindow *self, const char *message)
{
  g_return_if_fail (NS_IS_WINDOW (self));

  gtk_label_set_label (self->toast_label, message);
  gtk_revealer_set_reveal_child (self->toast_revealer, TRUE);
  g_clear_handle_id (&self->toast_source, g_source_remove);
  self->toast_source = g_timeout_add_seconds (TOAST_SECONDS, hide_toast_cb, self);
}

/* ---- document ---- */

static void
disconnect_document (NsWindow *self)
{
  if (self->document == NULL)
    return;
  g_clear_signal_handler (&self->notify_modified_id, self->document);
  g_clear_signal_handler (&self->notify_file_id, self->document);
  g_clear_signal_handler (&self->changed_id, self->document);
  g_clear_signal_handler (&self->selection_id, self->document);
}

void
ns_window_set_document (NsWindow *self, NsDocument *document)
{
  g_return_if_fail (NS_IS_WINDOW (self));
  g_return_if_fail (NS_IS_DOCUMENT (document));

  if (self->document == document)
    return;
  _ns_window_drop_recovery (self);
  disconnect_document (self);
  g_set_object (&self->document, document);
  self->notify_modified_id = g_signal_connect_swapped (document, "notify::modified",
                                                       G_CALLBACK (document_changed_cb), self);
  self->notify_file_id = g_signal_connect_swapped (document, "notify::file",
                                                   G_CALLBACK (update_title), self);
  self->changed_id = g_signal_connect_swapped (document, "changed",
                                               G_CALLBACK (document_changed_cb), self);
  self->selection_id = g_signal_connect_swapped (document, "selection-changed",
                                                 G_CALLBACK (selection_changed_cb), self);
  ns_canvas_set_document (self->canvas, document);
  ns_properties_set_document (self->properties, document);
  ns_scenario_editor_set_document (self->scenario_editor, document);
  /* A file just opened: its lesson is the first thing to read. */
  ns_lesson_card_set_expanded (self->lesson_card, TRUE);
  ns_activity_pane_set_document (self->activity_pane, document);
  /* A lab opens on its checks. */
  if (ns_document_get_topology (document)->activity != NULL)
    g_object_set (self, "show-side-panel", TRUE, "side-page", "activity", NULL);
  document_changed_cb (self);
  _ns_window_reset_run (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

NsActivityPane *
ns_window_get_activity_pane (NsWindow *self)
{
  g_return_val_if_fail (NS_IS_WINDOW (self), NULL);
  return self->activity_pane;
}

NsDocument *
ns_window_get_document (NsWindow *self)
{
  g_return_val_if_fail (NS_IS_WINDOW (self), NULL);
  return self->document;
}

NsCanvas *
ns_window_get_canvas (NsWindow *self)
{
  g_return_val_if_fail (NS_IS_WINDOW (self), NULL);
  return self->canvas;
}

static void
fold_lesson_card (NsWindow *self)
{
  ns_lesson_card_set_expanded (self->lesson_card, FALSE);
}

NsLessonCard *
ns_window_get_lesson_card (NsWindow *self)
{
  g_return_val_if_fail (NS_IS_WINDOW (self), NULL);

  return self->lesson_card;
}

GtkWidget *
ns_window_get_bottom_area (NsWindow *self)
{
  g_return_val_if_fail (NS_IS_WINDOW (self), NULL);
  return self->bottom_area;
}

/* ---- properties ---- */

static void
set_tool (NsWindow *self, const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    if (g_strcmp0 (tools[i].name, name) == 0)
      {
        if (g_strcmp0 (self->tool, name) == 0)
          return;
        g_free (self->tool);
        self->tool = g_strdup (name);
        ns_canvas_set_tool (self->canvas, tools[i].tool);
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOL]);
        return;
      }
}

static void
set_snap_to_grid (NsWindow *self, gboolean snap)
{
  NsApplication *app = NS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  GSettings *settings = app != NULL ? ns_application_get_settings (app) : NULL;

  if (ns_canvas_get_snap_to_grid (self->canvas) == snap)
    return;
  ns_canvas_set_snap_to_grid (self->canvas, snap);
  if (settings != NULL)
    g_settings_set_boolean (settings, "snap-to-grid", snap);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNAP_TO_GRID]);
}

static void
set_show_side_panel (NsWindow *self, gboolean show)
{
  if (self->show_side_panel == show)
    return;
  self->show_side_panel = show;
  gtk_widget_set_visible (self->side_panel, show);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_SIDE_PANEL]);
}

static void
set_side_page (NsWindow *self, const char *page)
{
  gboolean scenario = g_strcmp0 (page, "scenario") == 0;
  gboolean activity = g_strcmp0 (page, "activity") == 0;
  const char *name = scenario ? "scenario" : activity ? "activity" : "properties";

  if (g_strcmp0 (self->side_page, name) == 0)
    return;
  g_free (self->side_page);
  self->side_page = g_strdup (name);
  gtk_widget_set_visible (GTK_WIDGET (self->properties), !scenario && !activity);
  gtk_widget_set_visible (GTK_WIDGET (self->scenario_editor), scenario);
  gtk_widget_set_visible (GTK_WIDGET (self->activity_pane), activity);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIDE_PAGE]);
}

static void
ns_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  NsWindow *self = NS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_TOOL:
      g_value_set_string (value, self->tool);
      break;
    case PROP_SNAP_TO_GRID:
      g_value_set_boolean (value,
                           self->canvas == NULL || ns_canvas_get_snap_to_grid (self->canvas));
      break;
    case PROP_SHOW_SIDE_PANEL:
      g_value_set_boolean (value, self->show_side_panel);
      break;
    case PROP_SIDE_PAGE:
      g_value_set_string (value, self->side_page);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ns_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  NsWindow *self = NS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      if (g_value_get_object (value) != NULL)
        ns_window_set_document (self, g_value_get_object (value));
      break;
    case PROP_TOOL:
      set_tool (self, g_value_get_string (value));
      break;
    case PROP_SNAP_TO_GRID:
      set_snap_to_grid (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_SIDE_PANEL:
      set_show_side_panel (self, g_value_get_boolean (value));
      break;
    case PROP_SIDE_PAGE:
      set_side_page (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* ---- editing actions ---- */

static void
undo_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ns_document_undo (NS_WINDOW (widget)->document);
}

static void
redo_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ns_document_redo (NS_WINDOW (widget)->document);
}

static void
delete_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ns_document_delete_selection (NS_WINDOW (widget)->document);
}

static void
duplicate_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ns_document_duplicate_selection (NS_WINDOW (widget)->document);
}

static void
select_all_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ns_document_select_all (NS_WINDOW (widget)->document);
}

static void
select_none_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ns_document_select_none (NS_WINDOW (widget)->document);
}

/* Escape: back to the select tool, then clear the selection. */
static void
escape_action (GtkWidget *widget, const char *name, GVariant *param)
{
  NsWindow *self = NS_WINDOW (widget);

  if (g_strcmp0 (self->tool, "select") != 0)
    set_tool (self, "select");
  else
    ns_document_select_none (self->document);
}

static void
zoom_action (GtkWidget *widget, const char *name, GVariant *param)
{
  NsWindow *self = NS_WINDOW (widget);

  if (g_str_equal (name, "win.zoom-in"))
    ns_canvas_zoom_by (self->canvas, 1.25);
  else if (g_str_equal (name, "win.zoom-out"))
    ns_canvas_zoom_by (self->canvas, 1 / 1.25);
  else if (g_str_equal (name, "win.zoom-reset"))
    ns_canvas_set_zoom (self->canvas, 1.0);
  else
    ns_canvas_fit (self->canvas);
}

static void
canvas_message_cb (NsWindow *self, const char *message)
{
  ns_window_show_message (self, message);
}

/* ---- GObject ---- */

/* The canvas, the log and the inspector all want room: open large, but
 * never larger than the screen (less a margin for panels and docks). */
static void
fit_default_size (NsWindow *self,
                  int       width,
                  int       height,
                  gboolean  chosen)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));
  g_autoptr (GdkMonitor) monitor = NULL;
  GdkRectangle area;

  if (display != NULL)
    monitor = g_list_model_get_item (gdk_display_get_monitors (display), 0);
  if (monitor != NULL)
    {
      gdk_monitor_get_geometry (monitor, &area);
      if (area.width > 0 && area.height > 0)
        {
          /* Until the user sizes a window, the first one takes most of the
           * screen: a 1920x1080 classroom screen shows a large canvas. */
          if (!chosen)
            {
              width = MAX (width, area.width * 92 / 100);
              height = MAX (height, area.height * 92 / 100);
            }
          width = MIN (width, area.width - 48);
          height = MIN (height, area.height - 48);
        }
    }
  gtk_window_set_default_size (GTK_WINDOW (self), MAX (width, 640), MAX (height, 480));
}

/* Menus and settings come from the application, which is set after
 * construction. */
static void
setup_from_application (NsWindow *self, NsApplication *app)
{
  GSettings *settings = ns_application_get_settings (app);
  GMenuModel *primary = gtk_menu_button_get_menu_model (self->menu_button);
  g_autoptr (GMenuModel) files = g_menu_model_get_item_link (primary, 0, G_MENU_LINK_SECTION);

  /* The application's menus, shared by every window, under "Open…". */
  if (G_IS_MENU (files))
    {
      g_menu_append_submenu (G_MENU (files), _("Open _Recent"),
                             ns_application_get_recent_menu (app));
      g_menu_append_submenu (G_MENU (files), _("_Examples"),
                             ns_application_get_examples_menu (app));
    }
  if (settings == NULL)
    {
      int width = 0, height = 0;

      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      fit_default_size (self, width, height, FALSE);
      return;
    }
  {
    g_autoptr (GVariant) user = g_settings_get_user_value (settings, "window-width");

    fit_default_size (self, g_settings_get_int (settings, "window-width"),
                      g_settings_get_int (settings, "window-height"), user != NULL);
  }
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  set_snap_to_grid (self, g_settings_get_boolean (settings, "snap-to-grid"));
}

static void
ns_window_constructed (GObject *object)
{
  NsWindow *self = NS_WINDOW (object);

  G_OBJECT_CLASS (ns_window_parent_class)->constructed (object);

  if (self->document == NULL)
    {
      g_autoptr (NsDocument) document = ns_document_new ();
      ns_window_set_document (self, document);
    }
}

static void
ns_window_dispose (GObject *object)
{
  NsWindow *self = NS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->toast_source, g_source_remove);
  g_clear_handle_id (&self->recovery_source, g_source_remove);
  _ns_window_dispose_run (self);
  disconnect_document (self);
  g_clear_object (&self->document);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), NS_TYPE_WINDOW);
  G_OBJECT_CLASS (ns_window_parent_class)->dispose (object);
}

static void
ns_window_finalize (GObject *object)
{
  NsWindow *self = NS_WINDOW (object);

  g_free (self->tool);
  g_free (self->side_page);
  g_free (self->recovery_path);
  G_OBJECT_CLASS (ns_window_parent_class)->finalize (object);
}

static void
add_shortcuts (GtkWidgetClass *widget_class)
{
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "win.duplicate",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK, "win.select-all",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.select-none", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.escape", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK,
                                       "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK,
                                       "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK,
                                       "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "win.zoom-reset",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK,
                                       "win.snap-to-grid", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.show-side-panel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, 0, "win.tool", "s", "select");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, 0, "win.tool", "s", "host");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, 0, "win.tool", "s", "switch");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, 0, "win.tool", "s", "router");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, 0, "win.tool", "s", "connect");
}

static void
ns_window_class_init (NsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = ns_window_constructed;
  object_class->dispose = ns_window_dispose;
  object_class->finalize = ns_window_finalize;
  object_class->get_property = ns_window_get_property;
  object_class->set_property = ns_window_set_property;
  window_class->close_request = _ns_window_close_request;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, NS_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TOOL] =
    g_param_spec_string ("tool", NULL, NULL, "select",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SNAP_TO_GRID] =
    g_param_spec_boolean ("snap-to-grid", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SHOW_SIDE_PANEL] =
    g_param_spec_boolean ("show-side-panel", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SIDE_PAGE] =
    g_param_spec_string ("side-page", NULL, NULL, "properties",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (NS_TYPE_CANVAS);
  g_type_ensure (NS_TYPE_PROPERTIES);
  g_type_ensure (NS_TYPE_SCENARIO_EDITOR);
  g_type_ensure (NS_TYPE_ACTIVITY_PANE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/netsketch/Netsketch/ns-window.ui");
  gtk_widget_class_bind_template_child (widget_class, NsWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, NsWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, NsWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, NsWindow, recovery_bar);
  gtk_widget_class_bind_template_child (widget_class, NsWindow, recovery_label);
  gtk_widget_class_bind_template_child (widget_class, NsWindow, run_bar);
  gtk_widget_class_bind_template_child (widget_class, NsWindow, run_label);
  gtk_widget_class_bind_template_child (widget_class, NsWindow, run_bar_button);
  gtk_widget_class_bind_template_child (widget_class, NsWindow, play_image);
  gtk_widget_class_bind_template_child (widget_class, NsWindow, play_label);
  gtk_widget_class_bind_template_child (widget_class, NsWindow, canvas_overlay);
  gtk_widget_class_bind_template_child (widget_class, NsWindow, outer_paned);
  gtk_widget_class_bind_template_child (widget_class, NsWindow, main_box);
  gtk_widget_class_bind_template_child (widget_class, NsWindow, canvas);
  gtk_widget_class_bind_template_child (widget_class, NsWindow, empty_hint);
  gtk_widget_class_bind_template_child (widget_class, NsWindow, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, NsWindow, toast_revealer);
  gtk_widget_class_bind_template_child (widget_class, NsWindow, toast_label);
  gtk_widget_class_bind_template_child (widget_class, NsWindow, side_panel);
  gtk_widget_class_bind_template_child (widget_class, NsWindow, properties);
  gtk_widget_class_bind_template_child (widget_class, NsWindow, scenario_editor);
  gtk_widget_class_bind_template_child (widget_class, NsWindow, activity_pane);
  gtk_widget_class_bind_template_child (widget_class, NsWindow, bottom_area);

  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "win.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "win.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "win.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "win.select-none", NULL, select_none_action);
  gtk_widget_class_install_action (widget_class, "win.escape", NULL, escape_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.fit", NULL, zoom_action);
  gtk_widget_class_install_property_action (widget_class, "win.tool", "tool");
  gtk_widget_class_install_property_action (widget_class, "win.snap-to-grid", "snap-to-grid");
  gtk_widget_class_install_property_action (widget_class, "win.show-side-panel", "show-side-panel");
  gtk_widget_class_install_property_action (widget_class, "win.side-page", "side-page");
  _ns_window_class_add_file_actions (widget_class);
  _ns_window_class_add_console_actions (widget_class);
  add_shortcuts (widget_class);
}

static void
ns_window_init (NsWindow *self)
{
  self->tool = g_strdup ("select");
  self->side_page = g_strdup ("properties");
  self->show_side_panel = TRUE;
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  self->lesson_card = NS_LESSON_CARD (ns_lesson_card_new ());
  gtk_widget_insert_after (GTK_WIDGET (self->lesson_card), self->side_panel, NULL);
  /* The checks' results need the room the instructions took; a click on
   * the card's heading brings them back. */
  g_signal_connect_swapped (self->activity_pane, "checked", G_CALLBACK (fold_lesson_card), self);

  g_signal_connect_swapped (self->canvas, "notify::zoom", G_CALLBACK (zoom_changed_cb), self);
  g_signal_connect_swapped (self->canvas, "message", G_CALLBACK (canvas_message_cb), self);
  zoom_changed_cb (self);
  _ns_window_setup_run (self);
}

NsWindow *
ns_window_new (NsApplication *application, NsDocument *document)
{
  NsWindow *self = g_object_new (NS_TYPE_WINDOW,
                                 "application", application,
                                 "document", document,
                                 NULL);

  if (application != NULL)
    setup_from_application (self, application);
  return self;
}
