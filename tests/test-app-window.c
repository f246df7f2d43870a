/* test-app-window.c: the window driven through its actions, under Xvfb:
 * title and unsaved marker, undo/redo byte for byte, tools, the canvas
 * rendered offscreen, export, validated fields, recovery files, and
 * opening a broken file. */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "core/topology-file.h"
#include "ns-application.h"
#include "ns-canvas.h"
#include "ns-export.h"
#include "ns-field.h"
#include "ns-properties.h"
#include "ns-scenario-editor.h"
#include "ns-recovery.h"
#include "ns-window.h"

static char *tmp_dir;

static char *
data_path (const char *name)
{
  const char *dir = g_getenv ("NS_TEST_DATA");

  return g_build_filename (dir != NULL ? dir : "tests/data", name, NULL);
}

static NsDocument *
load_document (const char *name)
{
  g_autofree char *path = data_path (name);
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = g_file_new_for_path (path);
  NsTopology *topology = ns_topology_load_file (path, &error);

  g_assert_no_error (error);
  return ns_document_new_for_topology (topology, file);
}

static char *
to_data (NsDocument *document)
{
  return ns_topology_to_data (ns_document_get_topology (document), NULL);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @widget has a size (or 5 s pass). */
static void
wait_for_size (GtkWidget *widget)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (5000, timeout_cb, &timed_out);

  while (!timed_out && (gtk_widget_get_width (widget) <= 0 || !gtk_widget_get_mapped (widget)))
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static NsWindow *
new_window (NsDocument *document)
{
  NsWindow *window = ns_window_new (NULL, document);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  return window;
}

static const char *
title_of (NsWindow *window)
{
  return gtk_window_get_title (GTK_WINDOW (window));
}

static void
test_title_and_marker (void)
{
  g_autoptr (NsDocument) document = load_document ("app-small.netsketch.json");
  NsWindow *window = new_window (document);

  g_assert_cmpstr (title_of (window), ==, "app-small.netsketch.json");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.select-all", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete", NULL));
  g_assert_cmpuint (ns_document_get_topology (document)->nodes->len, ==, 0);
  g_assert_cmpstr (title_of (window), ==, "app-small.netsketch.json •");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  g_assert_cmpstr (title_of (window), ==, "app-small.netsketch.json");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_undo_redo_bytes (void)
{
  g_autoptr (NsDocument) document = load_document ("app-small.netsketch.json");
  NsWindow *window = new_window (document);
  g_autofree char *original = to_data (document);
  g_autofree char *emptied = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *redone = NULL;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.select-all", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete", NULL);
  emptied = to_data (document);
  g_assert_cmpstr (emptied, !=, original);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  undone = to_data (document);
  g_assert_cmpstr (undone, ==, original);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL);
  redone = to_data (document);
  g_assert_cmpstr (redone, ==, emptied);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* From nothing: a few hosts, a switch, two routers, all undone to empty
 * and redone to the same bytes. */
static void
test_draw_from_nothing (void)
{
  g_autoptr (NsDocument) document = ns_document_new ();
  NsWindow *window = new_window (document);
  g_autofree char *empty = to_data (document);
  g_autofree char *built = NULL;
  g_autofree char *again = NULL;
  const char *hosts[] = { "pc1", "pc2", "pc3" };
  g_autofree char *tool = NULL;
  guint steps = 0;

  g_assert_cmpstr (title_of (window), ==, "Untitled");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.tool", "s", "router"));
  g_object_get (window, "tool", &tool, NULL);
  g_assert_cmpstr (tool, ==, "router");
  g_assert_cmpint (ns_canvas_get_tool (ns_window_get_canvas (window)), ==, NS_TOOL_ROUTER);

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    g_free (ns_document_add_node (document, NS_NODE_HOST, 0, i * 100.0));
  g_free (ns_document_add_node (document, NS_NODE_SWITCH, 150, 100));
  g_free (ns_document_add_node (document, NS_NODE_ROUTER, 300, 100));
  g_free (ns_document_add_node (document, NS_NODE_ROUTER, 450, 100));
  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    g_free (ns_document_connect (document, hosts[i], "sw1", NULL));
  g_free (ns_document_connect (document, "r1", "sw1", NULL));
  g_free (ns_document_connect (document, "r1", "r2", NULL));
  built = to_data (document);
  g_assert_cmpstr (title_of (window), ==, "Untitled •");

  /* Saved, opened again: the same document. */
  {
    g_autofree char *path = g_build_filename (tmp_dir, "drawn.netsketch.json", NULL);
    g_autoptr (GFile) file = g_file_new_for_path (path);
    g_autoptr (NsTopology) reopened = NULL;
    g_autofree char *reread = NULL;
    g_autoptr (GError) error = NULL;

    g_assert_true (ns_document_save (document, file, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (title_of (window), ==, "drawn.netsketch.json");
    reopened = ns_topology_load_file (path, &error);
    g_assert_no_error (error);
    reread = ns_topology_to_data (reopened, NULL);
    g_assert_cmpstr (reread, ==, built);
    g_unlink (path);
  }

  while (ns_document_can_undo (document))
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
      steps++;
    }
  g_assert_cmpuint (steps, ==, 11);
  {
    g_autofree char *now = to_data (document);
    g_assert_cmpstr (now, ==, empty);
  }
  /* Behind the saved state: changed again. */
  g_assert_cmpstr (title_of (window), ==, "drawn.netsketch.json •");
  while (ns_document_can_redo (document))
    gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL);
  again = to_data (document);
  g_assert_cmpstr (again, ==, built);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- rendering ---- */

static GdkTexture *
render_canvas (NsCanvas *canvas)
{
  GtkWidget *widget = GTK_WIDGET (canvas);
  g_autoptr (GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GdkTexture *texture;

  g_assert_true (gsk_renderer_realize (renderer, NULL, &error));
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                              gtk_widget_get_height (widget)));
  gsk_renderer_unrealize (renderer);
  return texture;
}

static guint32
pixel_at (GdkTexture *texture, guchar *pixels, int x, int y)
{
  int width = gdk_texture_get_width (texture);

  return ((guint32 *) pixels)[y * width + x];
}

static guchar *
download (GdkTexture *texture)
{
  guchar *pixels =
    g_malloc (gdk_texture_get_width (texture) * gdk_texture_get_height (texture) * 4);

  gdk_texture_download (texture, pixels, gdk_texture_get_width (texture) * 4);
  return pixels;
}

/* Counts pixels in a 24x24 square around @x,@y that differ between two
 * renderings of the same size. */
static guint
count_changed (GdkTexture *texture, guchar *a, guchar *b, double x, double y)
{
  guint n = 0;

  for (int dy = -12; dy < 12; dy++)
    for (int dx = -12; dx < 12; dx++)
      {
        int px = (int) x + dx, py = (int) y + dy;

        if (px >= 0 && py >= 0 && px < gdk_texture_get_width (texture)
            && py < gdk_texture_get_height (texture)
            && pixel_at (texture, a, px, py) != pixel_at (texture, b, px, py))
          n++;
      }
  return n;
}

static void
test_canvas_render (void)
{
  g_autoptr (NsDocument) document = load_document ("app-small.netsketch.json");
  NsWindow *window = new_window (document);
  NsCanvas *canvas = ns_window_get_canvas (window);
  g_autoptr (GdkTexture) before = NULL;
  g_autoptr (GdkTexture) after = NULL;
  g_autofree guchar *pixels = NULL;
  g_autofree guchar *pixels_after = NULL;
  const NsTopoNode *router;
  double rx, ry, ex, ey;

  gtk_window_present (GTK_WINDOW (window));
  wait_for_size (GTK_WIDGET (canvas));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.fit", NULL);

  router = ns_topology_find_node (ns_document_get_topology (document), "r1");
  ns_canvas_world_to_widget (canvas, router->x, router->y, &rx, &ry);
  /* Well away from the router: between the two hosts on the left. */
  ns_canvas_world_to_widget (canvas, 100, 180, &ex, &ey);
  g_assert_cmpfloat (rx, >, 0);
  g_assert_cmpfloat (rx, <, gtk_widget_get_width (GTK_WIDGET (canvas)));

  before = render_canvas (canvas);
  pixels = download (before);

  /* Delete the router: its square changes, a square far from it does not. */
  ns_document_select_node (document, "r1", FALSE, FALSE);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete", NULL);
  after = render_canvas (canvas);
  pixels_after = download (after);
  if (g_getenv ("NS_TEST_SAVE_RENDER") != NULL)
    {
      gdk_texture_save_to_png (before, "before.png");
      gdk_texture_save_to_png (after, "after.png");
    }
  g_assert_cmpint (gdk_texture_get_width (after), ==, gdk_texture_get_width (before));
  /* The router's orange disc covers most of its 24x24 square. */
  g_assert_cmpuint (count_changed (before, pixels, pixels_after, rx, ry), >, 300);
  g_assert_cmpuint (count_changed (before, pixels, pixels_after, ex, ey), ==, 0);

  /* Undo brings the same pixels back. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  {
    g_autoptr (GdkTexture) again = render_canvas (canvas);
    g_autofree guchar *pixels_again = download (again);

    g_assert_cmpuint (count_changed (before, pixels, pixels_again, rx, ry), ==, 0);
  }

  /* Zoom in around the pointer keeps the point under it in place. */
  {
    double wx0, wy0, wx1, wy1;

    ns_canvas_widget_to_world (canvas, 200, 150, &wx0, &wy0);
    ns_canvas_zoom_at (canvas, 2.0, 200, 150);
    ns_canvas_widget_to_world (canvas, 200, 150, &wx1, &wy1);
    g_assert_cmpfloat_with_epsilon (wx0, wx1, 1e-6);
    g_assert_cmpfloat_with_epsilon (wy0, wy1, 1e-6);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_export (void)
{
  g_autoptr (NsDocument) document = load_document ("app-small.netsketch.json");
  const NsTopology *topology = ns_document_get_topology (document);
  const char *formats[] = { "png", "svg", "pdf" };
  const char *magic[] = { "\x89PNG", "<?xml", "%PDF" };
  double width, height;

  ns_export_get_size (topology, &width, &height);
  /* The drawing's size, not a window's: nodes span 100..580 x 100..260. */
  g_assert_cmpfloat (width, >, 480);
  g_assert_cmpfloat (width, <, 760);
  g_assert_cmpfloat (height, >, 160);
  g_assert_cmpfloat (height, <, 320);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strdup_printf ("drawing.%s", formats[i]);
      g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
      g_autoptr (GError) error = NULL;
      g_autofree char *contents = NULL;
      gsize len;

      g_assert_true (ns_export_to_file (topology, formats[i], path, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_assert_cmpuint (len, >, 1000);
      g_assert_true (g_str_has_prefix (contents, magic[i]));
      if (i == 0)
        {
          g_autoptr (GdkTexture) texture = gdk_texture_new_from_filename (path, &error);

          g_assert_no_error (error);
          g_assert_cmpint (gdk_texture_get_width (texture), ==, (int) (width * 2));
          g_assert_cmpint (gdk_texture_get_height (texture), ==, (int) (height * 2));
        }
      g_unlink (path);
    }
}

/* ---- validated fields ---- */

static gboolean
check_cidr (const char *text, gpointer data, char **problem)
{
  guint32 addr;
  guint prefix;

  if (ns_parse_cidr (text, &addr, &prefix))
    return TRUE;
  *problem = g_strdup ("not an address");
  return FALSE;
}

static void
count_apply (const char *text, gpointer data)
{
  (*(guint *) data)++;
}

static void
test_field_validation (void)
{
  guint applied = 0;
  GtkWidget *field = g_object_ref_sink (ns_field_new (NULL, check_cidr, count_apply, &applied,
                                                      NULL));
  GtkEntry *entry = ns_field_get_entry (field);
  GtkWidget *problem = gtk_widget_get_last_child (field);

  ns_field_set_text (field, "10.0.0.1/24");
  g_assert_true (ns_field_is_valid (field));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));

  /* Typed: checked at once, shown, and never applied. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "10.0.0.300/24");
  g_assert_false (ns_field_is_valid (field));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  g_assert_true (gtk_widget_get_visible (problem));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (problem)), ==, "not an address");
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpuint (applied, ==, 0);

  gtk_editable_set_text (GTK_EDITABLE (entry), "10.0.0.2/24");
  g_assert_true (ns_field_is_valid (field));
  g_assert_false (gtk_widget_get_visible (problem));
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpuint (applied, ==, 1);
  /* The same value again is not a change. */
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpuint (applied, ==, 1);
  g_object_unref (field);
}

/* ---- the side panel ---- */

static GtkWidget *
template_widget (NsWindow *window, const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), NS_TYPE_WINDOW, name));
}

static GtkWidget *
grid_field (GtkWidget *properties, const char *grid_name, int row)
{
  GtkGrid *grid = GTK_GRID (gtk_widget_get_template_child (properties, NS_TYPE_PROPERTIES,
                                                           grid_name));

  return gtk_grid_get_child_at (grid, 1, row);
}

static void
type_and_enter (GtkWidget *field, const char *text)
{
  GtkEntry *entry = ns_field_get_entry (field);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "activate");
}

static void
test_properties_link (void)
{
  g_autoptr (NsDocument) document = load_document ("app-small.netsketch.json");
  NsWindow *window = new_window (document);
  GtkWidget *properties = template_widget (window, "properties");
  const NsTopoLink *link = ns_topology_find_link (ns_document_get_topology (document), "l3");
  GtkWidget *delay, *loss, *mtu;

  g_assert_cmpstr (ns_properties_get_page (NS_PROPERTIES (properties)), ==, "document");
  ns_document_select_link (document, "l3", FALSE, FALSE);
  g_assert_cmpstr (ns_properties_get_page (NS_PROPERTIES (properties)), ==, "link");
  delay = grid_field (properties, "link_grid", 0);
  loss = grid_field (properties, "link_grid", 2);
  mtu = grid_field (properties, "link_grid", 4);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ns_field_get_entry (delay))), ==, "2");

  type_and_enter (delay, "12.5");
  g_assert_cmpfloat (link->delay_ms, ==, 12.5);
  type_and_enter (loss, "5");                 /* percent in the panel, probability in the file */
  g_assert_cmpfloat_with_epsilon (link->loss, 0.05, 1e-12);

  /* Not valid: shown, never applied. */
  type_and_enter (delay, "-3");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (ns_field_get_entry (delay)), "error"));
  g_assert_cmpfloat (link->delay_ms, ==, 12.5);
  type_and_enter (mtu, "20");
  g_assert_cmpuint (link->mtu, ==, 1500);
  type_and_enter (loss, "lots");
  g_assert_cmpfloat_with_epsilon (link->loss, 0.05, 1e-12);

  /* Each applied edit is one undo step, and the panel follows. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  g_assert_cmpfloat (link->loss, ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  g_assert_cmpfloat (link->delay_ms, ==, 2);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ns_field_get_entry (delay))), ==, "2");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_properties_node (void)
{
  g_autoptr (NsDocument) document = load_document ("app-small.netsketch.json");
  NsWindow *window = new_window (document);
  GtkWidget *properties = template_widget (window, "properties");
  const NsTopology *topology = ns_document_get_topology (document);
  GtkWidget *name, *label, *gateway;

  ns_document_select_node (document, "pc2", FALSE, FALSE);
  g_assert_cmpstr (ns_properties_get_page (NS_PROPERTIES (properties)), ==, "node");
  name = grid_field (properties, "node_grid", 0);
  label = grid_field (properties, "node_grid", 1);
  gateway = grid_field (properties, "ip_grid", 0);

  type_and_enter (label, "Desk");
  g_assert_cmpstr (ns_topology_find_node (topology, "pc2")->label, ==, "Desk");

  /* A name already taken is refused; a free one renames, links follow. */
  type_and_enter (name, "pc1");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (ns_field_get_entry (name)), "error"));
  g_assert_nonnull (ns_topology_find_node (topology, "pc2"));
  type_and_enter (name, "desk");
  g_assert_null (ns_topology_find_node (topology, "pc2"));
  g_assert_nonnull (ns_topology_find_node (topology, "desk"));
  g_assert_cmpstr (ns_topology_find_link (topology, "l2")->a_node, ==, "desk");
  g_assert_true (g_hash_table_contains (ns_document_get_selected_nodes (document), "desk"));

  type_and_enter (gateway, "192.168.1.300");
  g_assert_cmpuint (ns_topology_find_node (topology, "desk")->gateway, ==, 0xc0a80101);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  g_assert_nonnull (ns_topology_find_node (topology, "pc2"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_scenario_editor (void)
{
  g_autoptr (NsDocument) document = load_document ("app-small.netsketch.json");
  NsWindow *window = new_window (document);
  GtkWidget *editor = template_widget (window, "scenario_editor");
  const NsTopology *topology = ns_document_get_topology (document);
  g_autofree char *before = to_data (document);
  const NsTopoAction *action;

  g_assert_cmpuint (topology->scenario->len, ==, 2);
  g_assert_true (gtk_widget_activate_action (editor, "scenario.add", NULL));
  g_assert_cmpuint (topology->scenario->len, ==, 3);
  action = g_ptr_array_index (topology->scenario, 2);
  g_assert_cmpstr (action->action, ==, "ping");
  g_assert_cmpstr (action->node, ==, "pc1");
  g_assert_cmpfloat (action->at, ==, 2.0);

  /* Up to the top, then removed. */
  gtk_widget_activate_action (editor, "scenario.move-up", "u", 2);
  gtk_widget_activate_action (editor, "scenario.move-up", "u", 1);
  action = g_ptr_array_index (topology->scenario, 0);   /* moved: look it up again */
  g_assert_cmpfloat (action->at, ==, 2.0);
  g_assert_cmpstr (action->action, ==, "ping");
  gtk_widget_activate_action (editor, "scenario.remove", "u", 0);
  g_assert_cmpuint (topology->scenario->len, ==, 2);

  /* Four steps back: the file as it was. */
  for (int i = 0; i < 4; i++)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  {
    g_autofree char *now = to_data (document);
    g_assert_cmpstr (now, ==, before);
  }
  g_assert_false (ns_document_can_undo (document));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- recovery ---- */

static void
test_recovery (void)
{
  g_autoptr (NsDocument) document = ns_document_new ();
  NsWindow *window = new_window (document);
  g_autofree char *saved = g_build_filename (tmp_dir, "saved.netsketch.json", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (saved);
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *recovery = NULL;
  g_auto (GStrv) found = NULL;

  g_assert_false (ns_window_write_recovery (window));   /* nothing to recover */
  g_free (ns_document_add_node (document, NS_NODE_HOST, 10, 10));
  g_assert_true (ns_window_write_recovery (window));
  recovery = g_strdup (ns_window_get_recovery_path (window));
  g_assert_true (g_file_get_contents (recovery, &contents, NULL, NULL));
  expected = to_data (document);
  g_assert_cmpstr (contents, ==, expected);
  found = ns_recovery_list ();
  g_assert_nonnull (found);
  g_assert_true (g_strv_contains ((const char *const *) found, recovery));

  /* Saved: nothing left to recover. */
  g_assert_true (ns_document_save (document, file, NULL));
  g_assert_false (g_file_test (recovery, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (title_of (window), ==, "saved.netsketch.json");
  g_unlink (saved);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- the application ---- */

static gboolean
has_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return TRUE;
    }
  return FALSE;
}

static guint
count_ns_windows (NsApplication *app)
{
  guint n = 0;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    n += NS_IS_WINDOW (l->data);
  return n;
}

static void
test_open_broken (void)
{
  g_autoptr (NsApplication) app = ns_application_new ();
  g_autofree char *good = data_path ("app-small.netsketch.json");
  g_autofree char *broken = data_path ("app-broken.netsketch.json");
  g_autoptr (GFile) good_file = g_file_new_for_path (good);
  g_autoptr (GFile) broken_file = g_file_new_for_path (broken);
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GtkWindow *window;
  NsDocument *document;

  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_assert_true (ns_application_open_file (app, good_file, NULL));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = gtk_application_get_windows (GTK_APPLICATION (app))->data;
  g_assert_true (NS_IS_WINDOW (window));
  document = ns_window_get_document (NS_WINDOW (window));
  before = to_data (document);

  g_assert_false (has_message_dialog ());
  g_assert_false (ns_application_open_file (app, broken_file, window));
  g_assert_true (has_message_dialog ());
  /* Nothing else changed: same window, same document, same bytes. */
  g_assert_cmpuint (count_ns_windows (app), ==, 1);
  g_assert_true (ns_window_get_document (NS_WINDOW (window)) == document);
  after = to_data (document);
  g_assert_cmpstr (after, ==, before);

  /* Opening the same file again presents its window. */
  g_assert_true (ns_application_open_file (app, good_file, NULL));
  g_assert_cmpuint (count_ns_windows (app), ==, 1);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL;
       l = gtk_application_get_windows (GTK_APPLICATION (app)))
    gtk_window_destroy (l->data);
}

/* The directory holds only what these tests wrote. */
static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int argc, char *argv[])
{
  g_autofree char *cache = NULL;
  int status;

  /* Keep recovery and recent files out of the user's home. */
  tmp_dir = g_dir_make_tmp ("test-app-XXXXXX", NULL);
  cache = g_build_filename (tmp_dir, "cache", NULL);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("XDG_DATA_HOME", tmp_dir, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  /* No GL: the drivers Mesa loads while the display opens keep memory
   * that LeakSanitizer cannot trace back to a suppression (and the tests
   * draw with cairo anyway). */
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();

  g_test_add_func ("/app/window/title-and-marker", test_title_and_marker);
  g_test_add_func ("/app/window/undo-redo-bytes", test_undo_redo_bytes);
  g_test_add_func ("/app/window/draw-from-nothing", test_draw_from_nothing);
  g_test_add_func ("/app/canvas/render", test_canvas_render);
  g_test_add_func ("/app/export/formats", test_export);
  g_test_add_func ("/app/field/validation", test_field_validation);
  g_test_add_func ("/app/properties/link", test_properties_link);
  g_test_add_func ("/app/properties/node", test_properties_node);
  g_test_add_func ("/app/scenario/edit", test_scenario_editor);
  g_test_add_func ("/app/window/recovery", test_recovery);
  g_test_add_func ("/app/application/open-broken", test_open_broken);
  status = g_test_run ();

  remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
