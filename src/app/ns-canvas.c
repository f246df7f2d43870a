/* ns-canvas.c: the drawing area.
 *
 * The view is a translation and a zoom: world = origin + widget / zoom.
 * Everything is drawn in snapshot() through ns-symbols.c; a drag that moves
 * nodes is only previewed (as an offset) and becomes one command when the
 * button is released, so one drag is one undo step. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/activity.h"
#include "ns-canvas.h"
#include "ns-symbols.h"

#define DRAG_THRESHOLD   4.0    /* pixels before a press becomes a drag */
#define LINK_TOLERANCE   6.0    /* pixels from a link that still hit it */
#define FIT_MARGIN       32.0
#define FIT_LEFT         64.0   /* pixels under the tool palette, kept free */
#define FIT_TOP          40.0   /* under the legend */
#define FIT_BOTTOM       56.0   /* beside the zoom box */
#define FIT_MAX_ZOOM     2.0
#define WHEEL_STEP       1.15
#define WHEEL_PAN        48.0

typedef enum {
  DRAG_NONE,
  DRAG_PAN,
  DRAG_PENDING_MOVE,
  DRAG_MOVE,
  DRAG_RUBBER,
  DRAG_PLACE,
  DRAG_CONNECT,
} DragMode;

struct _NsCanvas
{
  GtkWidget       parent_instance;

  NsDocument     *document;
  gulong          changed_id;
  gulong          selection_id;

  NsTool          tool;
  gboolean        snap_to_grid;
  double          zoom;
  double          origin_x, origin_y;     /* world point at the top-left */
  gboolean        fit_pending;
  gboolean        auto_fit;               /* refit on resize until the user zooms or pans */

  /* Pointer state. */
  double          pointer_x, pointer_y;   /* widget coordinates */
  gboolean        pointer_inside;
  gboolean        space_held;
  char           *hover_node;
  char           *hover_link;

  /* The drag in progress. */
  DragMode        drag;
  double          press_x, press_y;       /* widget */
  double          press_origin_x, press_origin_y;
  char           *press_node;
  double          move_dx, move_dy;       /* world, snapped */
  GHashTable     *moving;                 /* node ids being moved */
  char           *connect_from;           /* connect tool: first end */

  double          pinch_zoom;
  NsSymbolsCache *cache;
  GtkWidget      *context_menu;

  NsCanvasDrawnFunc drawn_func;
  gpointer        drawn_data;
  GDestroyNotify  drawn_destroy;
};

G_DEFINE_FINAL_TYPE (NsCanvas, ns_canvas, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_SNAP_TO_GRID,
  PROP_ZOOM,
  N_PROPS
};

enum {
  MESSAGE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ---- coordinates ---- */

void
ns_canvas_widget_to_world (NsCanvas *self, double x, double y, double *wx, double *wy)
{
  *wx = self->origin_x + x / self->zoom;
  *wy = self->origin_y + y / self->zoom;
}

void
ns_canvas_world_to_widget (NsCanvas *self, double wx, double wy, double *x, double *y)
{
  *x = (wx - self->origin_x) * self->zoom;
  *y = (wy - self->origin_y) * self->zoom;
}

static double
snap (NsCanvas *self, double v)
{
  return self->snap_to_grid ? round (v / NS_SYMBOLS_GRID) * NS_SYMBOLS_GRID : round (v);
}

static const NsTopology *
topology (NsCanvas *self)
{
  return self->document != NULL ? ns_document_get_topology (self->document) : NULL;
}

static NsTopoNode *
node_at (NsCanvas *self, double x, double y)
{
  double wx, wy;

  if (topology (self) == NULL)
    return NULL;
  ns_canvas_widget_to_world (self, x, y, &wx, &wy);
  return ns_symbols_node_at (topology (self), wx, wy);
}

static NsTopoLink *
link_at (NsCanvas *self, double x, double y)
{
  double wx, wy;

  if (topology (self) == NULL)
    return NULL;
  ns_canvas_widget_to_world (self, x, y, &wx, &wy);
  return ns_symbols_link_at (topology (self), wx, wy, MAX (LINK_TOLERANCE / self->zoom, 3));
}

/* ---- drawing ---- */

static void
draw_rubber_band (NsCanvas *self, cairo_t *cr)
{
  double x = MIN (self->press_x, self->pointer_x), y = MIN (self->press_y, self->pointer_y);
  double w = fabs (self->pointer_x - self->press_x), h = fabs (self->pointer_y - self->press_y);

  cairo_rectangle (cr, floor (x) + 0.5, floor (y) + 0.5, floor (w), floor (h));
  cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.12);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.8);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

static void
draw_connect_preview (NsCanvas *self, cairo_t *cr)
{
  static const double dashes[] = { 6.0, 4.0 };
  const NsTopoNode *from;
  double x, y;

  from = ns_topology_find_node (topology (self), self->connect_from);
  if (from == NULL)
    return;
  ns_canvas_world_to_widget (self, from->x, from->y, &x, &y);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, self->pointer_x, self->pointer_y);
  cairo_set_dash (cr, dashes, 2, 0);
  cairo_set_line_width (cr, 2);
  cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.9);
  cairo_stroke (cr);
}

static void
ns_canvas_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  NsCanvas *self = NS_CANVAS (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  NsSymbolsOptions options;
  graphene_rect_t visible;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  graphene_rect_init (&visible, self->origin_x, self->origin_y,
                      width / self->zoom, height / self->zoom);

  cairo_save (cr);
  cairo_scale (cr, self->zoom, self->zoom);
  cairo_translate (cr, -self->origin_x, -self->origin_y);
  ns_symbols_render_grid (cr, &visible, self->zoom);
  if (topology (self) != NULL)
    {
      ns_symbols_options_init (&options);
      options.selected_nodes = ns_document_get_selected_nodes (self->document);
      options.selected_links = ns_document_get_selected_links (self->document);
      options.hover_node = self->hover_node;
      options.hover_link = self->hover_link;
      if (self->drag == DRAG_MOVE)
        {
          options.moving_nodes = self->moving;
          options.move_dx = self->move_dx;
          options.move_dy = self->move_dy;
        }
      options.scale = self->zoom;
      options.visible = &visible;
      options.cache = self->cache;
      ns_symbols_render (cr, topology (self), &options);
    }
  if (self->drawn_func != NULL)
    self->drawn_func (self, cr, self->drawn_data);
  cairo_restore (cr);

  if (self->drag == DRAG_RUBBER)
    draw_rubber_band (self, cr);
  if (self->connect_from != NULL && topology (self) != NULL)
    draw_connect_preview (self, cr);
  cairo_destroy (cr);
}

/* ---- view ---- */

static void
notify_zoom (NsCanvas *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ns_canvas_zoom_at (NsCanvas *self, double factor, double x, double y)
{
  double wx, wy, zoom;

  g_return_if_fail (NS_IS_CANVAS (self));

  zoom = CLAMP (self->zoom * factor, NS_CANVAS_MIN_ZOOM, NS_CANVAS_MAX_ZOOM);
  self->auto_fit = FALSE;
  if (zoom == self->zoom)
    return;
  /* Keep the world point under the pointer where it is. */
  ns_canvas_widget_to_world (self, x, y, &wx, &wy);
  self->zoom = zoom;
  self->origin_x = wx - x / zoom;
  self->origin_y = wy - y / zoom;
  notify_zoom (self);
}

void
ns_canvas_zoom_by (NsCanvas *self, double factor)
{
  ns_canvas_zoom_at (self, factor, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                     gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
ns_canvas_set_zoom (NsCanvas *self, double zoom)
{
  g_return_if_fail (NS_IS_CANVAS (self));
  ns_canvas_zoom_by (self, zoom / self->zoom);
}

double
ns_canvas_get_zoom (NsCanvas *self)
{
  g_return_val_if_fail (NS_IS_CANVAS (self), 1.0);
  return self->zoom;
}

void
ns_canvas_set_origin (NsCanvas *self, double wx, double wy)
{
  self->auto_fit = FALSE;
  self->origin_x = wx;
  self->origin_y = wy;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ns_canvas_fit (NsCanvas *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  graphene_rect_t bounds;
  double zoom, left, top, bottom;

  g_return_if_fail (NS_IS_CANVAS (self));

  if (width <= 0 || height <= 0)
    {
      self->fit_pending = TRUE;
      return;
    }
  self->fit_pending = FALSE;
  if (topology (self) == NULL || !ns_symbols_get_bounds (topology (self), &bounds))
    graphene_rect_init (&bounds, 0, 0, 1, 1);
  graphene_rect_inset (&bounds, -FIT_MARGIN, -FIT_MARGIN);
  left = width > 3 * FIT_LEFT ? FIT_LEFT : 0;
  /* The legend lies along the top and the zoom box in the bottom corner:
   * nodes and their chips are fitted between them, not under them. */
  top = height > 3 * (FIT_TOP + FIT_BOTTOM) ? FIT_TOP : 0;
  bottom = height > 3 * (FIT_TOP + FIT_BOTTOM) ? FIT_BOTTOM : 0;
  zoom = MIN ((width - left) / bounds.size.width, (height - top - bottom) / bounds.size.height);
  /* On a large screen a small network grows to use it (up to twice its
   * size: beyond that the symbols look blown up). */
  self->zoom = CLAMP (zoom, NS_CANVAS_MIN_ZOOM, FIT_MAX_ZOOM);
  self->origin_x = bounds.origin.x + bounds.size.width / 2
                   - (left + (width - left) / 2.0) / self->zoom;
  self->origin_y = bounds.origin.y + bounds.size.height / 2
                   - (top + (height - top - bottom) / 2.0) / self->zoom;
  self->auto_fit = TRUE;
  notify_zoom (self);
}

static void
ns_canvas_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  NsCanvas *self = NS_CANVAS (widget);

  if ((self->fit_pending || self->auto_fit) && width > 0 && height > 0)
    ns_canvas_fit (self);
  if (self->context_menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->context_menu));
}

/* ---- hover and tooltips ---- */

static void
set_hover (NsCanvas *self, const char *node, const char *link)
{
  if (g_strcmp0 (node, self->hover_node) == 0 && g_strcmp0 (link, self->hover_link) == 0)
    return;
  g_free (self->hover_node);
  self->hover_node = g_strdup (node);
  g_free (self->hover_link);
  self->hover_link = g_strdup (link);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_hover (NsCanvas *self)
{
  NsTopoNode *node = NULL;
  NsTopoLink *link = NULL;

  if (self->pointer_inside && self->drag == DRAG_NONE)
    {
      node = node_at (self, self->pointer_x, self->pointer_y);
      if (node == NULL)
        link = link_at (self, self->pointer_x, self->pointer_y);
    }
  set_hover (self, node ? node->id : NULL, link ? link->id : NULL);
}

static void
update_cursor (NsCanvas *self)
{
  const char *name = "default";

  if (self->drag == DRAG_PAN || self->space_held)
    name = self->drag == DRAG_PAN ? "grabbing" : "grab";
  else if (self->drag == DRAG_MOVE)
    name = "move";
  else if (self->tool == NS_TOOL_CONNECT)
    name = "crosshair";
  else if (self->tool != NS_TOOL_SELECT)
    name = "copy";
  else if (self->hover_node != NULL)
    name = "pointer";
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), name);
}

static char *
node_tooltip (const NsTopoNode *node)
{
  GString *s = g_string_new (NULL);
  g_autofree char *escaped = g_markup_escape_text (node->label ? node->label : node->id, -1);

  g_string_append_printf (s, "<b>%s</b>  %s", escaped, ns_symbols_kind_name (node->kind));
  for (guint i = 0; i < node->ifaces->len; i++)
    {
      const NsTopoIface *iface = g_ptr_array_index (node->ifaces, i);
      g_autofree char *cidr = iface->has_addr ? ns_format_cidr (iface->addr, iface->prefix_len)
                                              : g_strdup ("—");

      g_autofree char *line = g_markup_printf_escaped ("\n%s  %s", iface->name, cidr);

      g_string_append (s, line);
    }
  return g_string_free (s, FALSE);
}

static gboolean
query_tooltip_cb (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip,
                  gpointer user_data)
{
  NsCanvas *self = NS_CANVAS (widget);
  NsTopoNode *node;
  NsTopoLink *link;
  g_autofree char *text = NULL;

  if (keyboard || self->drag != DRAG_NONE)
    return FALSE;
  node = node_at (self, x, y);
  if (node != NULL)
    text = node_tooltip (node);
  else if ((link = link_at (self, x, y)) != NULL)
    text = ns_symbols_link_tooltip (link);
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_markup (tooltip, text);
  return TRUE;
}

static void
motion_cb (GtkEventControllerMotion *controller, double x, double y, NsCanvas *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = TRUE;
  update_hover (self);
  update_cursor (self);
  if (self->connect_from != NULL)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (GtkEventControllerMotion *controller, NsCanvas *self)
{
  self->pointer_inside = FALSE;
  update_hover (self);
}

/* ---- the drag gesture ---- */

static GdkModifierType
current_state (GtkGesture *gesture)
{
  return gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
}

static void
begin_select (NsCanvas *self, double x, double y, gboolean shift)
{
  NsTopoNode *node = node_at (self, x, y);
  NsTopoLink *link;

  if (node != NULL)
    {
      GHashTable *selected = ns_document_get_selected_nodes (self->document);

      if (shift)
        ns_document_select_node (self->document, node->id, TRUE, TRUE);
      else if (!g_hash_table_contains (selected, node->id))
        ns_document_select_node (self->document, node->id, FALSE, FALSE);
      if (g_hash_table_contains (selected, node->id))
        {
          self->press_node = g_strdup (node->id);
          self->drag = DRAG_PENDING_MOVE;
        }
      return;
    }
  link = link_at (self, x, y);
  if (link != NULL)
    {
      ns_document_select_link (self->document, link->id, shift, shift);
      return;
    }
  if (!shift)
    ns_document_select_none (self->document);
  self->drag = DRAG_RUBBER;
}

static void
drag_begin_cb (GtkGestureDrag *gesture, double x, double y, NsCanvas *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  gboolean shift = (current_state (GTK_GESTURE (gesture)) & GDK_SHIFT_MASK) != 0;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->press_x = self->pointer_x = x;
  self->press_y = self->pointer_y = y;
  self->press_origin_x = self->origin_x;
  self->press_origin_y = self->origin_y;
  g_clear_pointer (&self->press_node, g_free);
  self->drag = DRAG_NONE;

  if (self->document == NULL)
    return;
  if (button == GDK_BUTTON_MIDDLE || (button == GDK_BUTTON_PRIMARY && self->space_held))
    self->drag = DRAG_PAN;
  else if (button != GDK_BUTTON_PRIMARY)
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
  else if (self->tool == NS_TOOL_SELECT)
    begin_select (self, x, y, shift);
  else if (self->tool == NS_TOOL_CONNECT)
    {
      NsTopoNode *node = node_at (self, x, y);

      if (node != NULL && self->connect_from == NULL)
        self->connect_from = g_strdup (node->id);
      self->drag = DRAG_CONNECT;
    }
  else
    self->drag = DRAG_PLACE;
  if (self->drag != DRAG_NONE)
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  update_hover (self);
  update_cursor (self);
}

/* Says that locked node @id cannot be moved (docs/file-format.md). */
static void
say_locked (NsCanvas *self, const char *id)
{
  g_autofree char *text = g_strdup_printf (_("%s is locked by the activity: it cannot be moved"),
                                           id);

  g_signal_emit (self, signals[MESSAGE], 0, text);
}

static void
start_move (NsCanvas *self)
{
  GHashTableIter iter;
  gpointer key;
  const char *locked = NULL;

  g_hash_table_remove_all (self->moving);
  g_hash_table_iter_init (&iter, ns_document_get_selected_nodes (self->document));
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!ns_activity_is_locked (topology (self)->activity, key))
      g_hash_table_add (self->moving, g_strdup (key));
    else if (locked == NULL || g_strcmp0 (key, locked) < 0)
      locked = key;
  if (locked != NULL)
    say_locked (self, locked);
  self->drag = DRAG_MOVE;
}

static void
update_move (NsCanvas *self, double dx, double dy)
{
  const NsTopoNode *anchor = ns_topology_find_node (topology (self), self->press_node);

  if (anchor == NULL)
    return;
  /* The node under the pointer snaps; the others keep their distance. */
  self->move_dx = snap (self, anchor->x + dx / self->zoom) - anchor->x;
  self->move_dy = snap (self, anchor->y + dy / self->zoom) - anchor->y;
}

static void
drag_update_cb (GtkGestureDrag *gesture, double dx, double dy, NsCanvas *self)
{
  self->pointer_x = self->press_x + dx;
  self->pointer_y = self->press_y + dy;

  switch (self->drag)
    {
    case DRAG_PAN:
      self->auto_fit = FALSE;
      self->origin_x = self->press_origin_x - dx / self->zoom;
      self->origin_y = self->press_origin_y - dy / self->zoom;
      break;
    case DRAG_PENDING_MOVE:
      if (hypot (dx, dy) < DRAG_THRESHOLD)
        return;
      start_move (self);
      update_move (self, dx, dy);
      break;
    case DRAG_MOVE:
      update_move (self, dx, dy);
      break;
    case DRAG_NONE:
    case DRAG_RUBBER:
    case DRAG_PLACE:
    case DRAG_CONNECT:
    default:
      break;
    }
  update_cursor (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
finish_move (NsCanvas *self)
{
  g_autofree const char **ids = NULL;
  guint n_ids;

  if (self->move_dx == 0 && self->move_dy == 0)
    return;
  ids = (const char **) g_hash_table_get_keys_as_array (self->moving, &n_ids);
  ns_document_move_nodes (self->document, ids, n_ids, self->move_dx, self->move_dy);
}

static void
finish_place (NsCanvas *self, double x, double y)
{
  NsNodeKind kind = self->tool == NS_TOOL_ROUTER ? NS_NODE_ROUTER
                    : self->tool == NS_TOOL_SWITCH ? NS_NODE_SWITCH : NS_NODE_HOST;
  double wx, wy;
  g_autofree char *id = NULL;

  ns_canvas_widget_to_world (self, x, y, &wx, &wy);
  /* The node lands where it was clicked and stays there on screen: a
   * refit on the next resize (the hint bar a first node brings) would
   * move the view under the user's pointer. */
  self->auto_fit = FALSE;
  id = ns_document_add_node (self->document, kind, snap (self, wx), snap (self, wy));
  ns_document_select_node (self->document, id, FALSE, FALSE);
}

static void
finish_connect (NsCanvas *self, double x, double y)
{
  NsTopoNode *node = node_at (self, x, y);
  g_autoptr (GError) error = NULL;
  g_autofree char *link_id = NULL;

  if (self->connect_from == NULL)
    return;
  if (node == NULL)
    {
      g_clear_pointer (&self->connect_from, g_free);
      return;
    }
  /* Released on the first node: wait for a click on the second. */
  if (g_strcmp0 (node->id, self->connect_from) == 0)
    return;
  link_id = ns_document_connect (self->document, self->connect_from, node->id, &error);
  g_clear_pointer (&self->connect_from, g_free);
  if (link_id == NULL)
    g_signal_emit (self, signals[MESSAGE], 0, error->message);
  else
    ns_document_select_link (self->document, link_id, FALSE, FALSE);
}

static void
drag_end_cb (GtkGestureDrag *gesture, double dx, double dy, NsCanvas *self)
{
  double x = self->press_x + dx, y = self->press_y + dy;
  gboolean shift = (current_state (GTK_GESTURE (gesture)) & GDK_SHIFT_MASK) != 0;
  DragMode mode = self->drag;

  self->drag = DRAG_NONE;
  switch (mode)
    {
    case DRAG_MOVE:
      finish_move (self);
      break;
    case DRAG_RUBBER:
      if (hypot (dx, dy) >= DRAG_THRESHOLD)
        {
          double x0, y0, x1, y1;

          ns_canvas_widget_to_world (self, self->press_x, self->press_y, &x0, &y0);
          ns_canvas_widget_to_world (self, x, y, &x1, &y1);
          ns_document_select_area (self->document, x0, y0, x1, y1, shift);
        }
      break;
    case DRAG_PLACE:
      finish_place (self, x, y);
      break;
    case DRAG_CONNECT:
      finish_connect (self, x, y);
      break;
    case DRAG_NONE:
    case DRAG_PAN:
    case DRAG_PENDING_MOVE:
    default:
      break;
    }
  g_hash_table_remove_all (self->moving);
  self->move_dx = self->move_dy = 0;
  update_hover (self);
  update_cursor (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_cancel_cb (GtkGesture *gesture, GdkEventSequence *sequence, NsCanvas *self)
{
  self->drag = DRAG_NONE;
  g_hash_table_remove_all (self->moving);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- context menu ---- */

static GMenuModel *
context_menu_model (void)
{
  GMenu *menu = g_menu_new ();
  GMenu *section = g_menu_new ();

  g_menu_append (section, _("_Duplicate"), "win.duplicate");
  g_menu_append (section, _("_Delete"), "win.delete");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  g_object_unref (section);
  section = g_menu_new ();
  g_menu_append (section, _("Select _All"), "win.select-all");
  g_menu_append (section, _("_Fit to Window"), "win.fit");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  g_object_unref (section);
  return G_MENU_MODEL (menu);
}

/* Right click: act on what is under the pointer, selecting it first. */
static void
secondary_pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y, NsCanvas *self)
{
  NsTopoNode *node;
  NsTopoLink *link;

  if (self->document == NULL)
    return;
  node = node_at (self, x, y);
  link = node == NULL ? link_at (self, x, y) : NULL;
  if (node != NULL && !g_hash_table_contains (ns_document_get_selected_nodes (self->document),
                                              node->id))
    ns_document_select_node (self->document, node->id, FALSE, FALSE);
  else if (link != NULL && !g_hash_table_contains (ns_document_get_selected_links (self->document),
                                                   link->id))
    ns_document_select_link (self->document, link->id, FALSE, FALSE);

  if (self->context_menu == NULL)
    {
      g_autoptr (GMenuModel) model = context_menu_model ();

      self->context_menu = gtk_popover_menu_new_from_model (model);
      gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));
      gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
      gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
    }
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu),
                               &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

/* ---- scroll, pinch, keys ---- */

static gboolean
scroll_cb (GtkEventControllerScroll *controller, double dx, double dy, NsCanvas *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (
    GTK_EVENT_CONTROLLER (controller));
  gboolean wheel = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL;

  if (state & GDK_CONTROL_MASK)
    {
      double factor = wheel ? pow (WHEEL_STEP, -dy) : exp (-dy * 0.01);

      ns_canvas_zoom_at (self, factor, self->pointer_x, self->pointer_y);
      return TRUE;
    }
  if (state & GDK_SHIFT_MASK && dx == 0)
    {
      dx = dy;
      dy = 0;
    }
  if (wheel)
    {
      dx *= WHEEL_PAN;
      dy *= WHEEL_PAN;
    }
  ns_canvas_set_origin (self, self->origin_x + dx / self->zoom, self->origin_y + dy / self->zoom);
  return TRUE;
}

static void
pinch_begin_cb (GtkGesture *gesture, GdkEventSequence *sequence, NsCanvas *self)
{
  self->pinch_zoom = self->zoom;
}

static void
pinch_scale_cb (GtkGestureZoom *gesture, double scale, NsCanvas *self)
{
  double cx, cy;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &cx, &cy))
    {
      cx = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      cy = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
  ns_canvas_zoom_at (self, self->pinch_zoom * scale / self->zoom, cx, cy);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller, guint keyval, guint keycode,
                GdkModifierType state, NsCanvas *self)
{
  if (keyval == GDK_KEY_space)
    {
      self->space_held = TRUE;
      update_cursor (self);
      return TRUE;
    }
  if ((keyval == GDK_KEY_Left || keyval == GDK_KEY_Right || keyval == GDK_KEY_Up
       || keyval == GDK_KEY_Down) && self->document != NULL && self->drag == DRAG_NONE
      && g_hash_table_size (ns_document_get_selected_nodes (self->document)) > 0)
    {
      /* Arrows nudge the selection a grid step (a unit with Alt). */
      double step = (state & GDK_ALT_MASK) ? 1 : NS_SYMBOLS_GRID;
      double dx = keyval == GDK_KEY_Left ? -step : keyval == GDK_KEY_Right ? step : 0;
      double dy = keyval == GDK_KEY_Up ? -step : keyval == GDK_KEY_Down ? step : 0;
      g_autofree const char **ids = NULL;
      guint n_ids;

      ids = (const char **) g_hash_table_get_keys_as_array (
        ns_document_get_selected_nodes (self->document), &n_ids);
      for (guint i = 0; i < n_ids; i++)
        if (ns_activity_is_locked (topology (self)->activity, ids[i]))
          {
            say_locked (self, ids[i]);
            break;
          }
      ns_document_move_nodes (self->document, ids, n_ids, dx, dy);
      return TRUE;
    }
  if (keyval == GDK_KEY_Escape && (self->connect_from != NULL || self->drag != DRAG_NONE))
    {
      g_clear_pointer (&self->connect_from, g_free);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return TRUE;
    }
  return FALSE;
}

static void
key_released_cb (GtkEventControllerKey *controller, guint keyval, guint keycode,
                 GdkModifierType state, NsCanvas *self)
{
  if (keyval == GDK_KEY_space)
    {
      self->space_held = FALSE;
      update_cursor (self);
    }
}

/* ---- document ---- */

static void
document_changed_cb (NsCanvas *self)
{
  if (self->press_node != NULL && ns_topology_find_node (topology (self), self->press_node) == NULL)
    self->drag = DRAG_NONE;
  update_hover (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ns_canvas_set_document (NsCanvas *self, NsDocument *document)
{
  g_return_if_fail (NS_IS_CANVAS (self));

  if (self->document == document)
    return;
  if (self->document != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->document);
      g_clear_signal_handler (&self->selection_id, self->document);
    }
  g_set_object (&self->document, document);
  if (document != NULL)
    {
      self->changed_id = g_signal_connect_swapped (document, "changed",
                                                   G_CALLBACK (document_changed_cb), self);
      self->selection_id = g_signal_connect_swapped (document, "selection-changed",
                                                     G_CALLBACK (gtk_widget_queue_draw), self);
    }
  g_clear_pointer (&self->connect_from, g_free);
  self->drag = DRAG_NONE;
  ns_canvas_fit (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

NsDocument *
ns_canvas_get_document (NsCanvas *self)
{
  g_return_val_if_fail (NS_IS_CANVAS (self), NULL);
  return self->document;
}

NsTool
ns_canvas_get_tool (NsCanvas *self)
{
  return self->tool;
}

void
ns_canvas_set_tool (NsCanvas *self, NsTool tool)
{
  g_return_if_fail (NS_IS_CANVAS (self));
  self->tool = tool;
  g_clear_pointer (&self->connect_from, g_free);
  update_cursor (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
ns_canvas_get_snap_to_grid (NsCanvas *self)
{
  return self->snap_to_grid;
}

void
ns_canvas_set_snap_to_grid (NsCanvas *self, gboolean snap_to_grid)
{
  g_return_if_fail (NS_IS_CANVAS (self));
  snap_to_grid = !!snap_to_grid;
  if (self->snap_to_grid == snap_to_grid)
    return;
  self->snap_to_grid = snap_to_grid;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNAP_TO_GRID]);
}

void
ns_canvas_set_drawn_func (NsCanvas *self, NsCanvasDrawnFunc func, gpointer user_data,
                          GDestroyNotify destroy)
{
  if (self->drawn_destroy != NULL)
    self->drawn_destroy (self->drawn_data);
  self->drawn_func = func;
  self->drawn_data = user_data;
  self->drawn_destroy = destroy;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- GObject ---- */

static void
ns_canvas_dispose (GObject *object)
{
  NsCanvas *self = NS_CANVAS (object);

  ns_canvas_set_drawn_func (self, NULL, NULL, NULL);
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  if (self->document != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->document);
      g_clear_signal_handler (&self->selection_id, self->document);
    }
  g_clear_object (&self->document);
  G_OBJECT_CLASS (ns_canvas_parent_class)->dispose (object);
}

static void
ns_canvas_finalize (GObject *object)
{
  NsCanvas *self = NS_CANVAS (object);

  g_free (self->hover_node);
  g_free (self->hover_link);
  g_free (self->press_node);
  g_free (self->connect_from);
  g_hash_table_unref (self->moving);
  ns_symbols_cache_free (self->cache);
  G_OBJECT_CLASS (ns_canvas_parent_class)->finalize (object);
}

static void
ns_canvas_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  NsCanvas *self = NS_CANVAS (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_SNAP_TO_GRID:
      g_value_set_boolean (value, self->snap_to_grid);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ns_canvas_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  NsCanvas *self = NS_CANVAS (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      ns_canvas_set_document (self, g_value_get_object (value));
      break;
    case PROP_SNAP_TO_GRID:
      ns_canvas_set_snap_to_grid (self, g_value_get_boolean (value));
      break;
    case PROP_ZOOM:
      ns_canvas_set_zoom (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ns_canvas_class_init (NsCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ns_canvas_dispose;
  object_class->finalize = ns_canvas_finalize;
  object_class->get_property = ns_canvas_get_property;
  object_class->set_property = ns_canvas_set_property;
  widget_class->snapshot = ns_canvas_snapshot;
  widget_class->size_allocate = ns_canvas_size_allocate;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, NS_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SNAP_TO_GRID] =
    g_param_spec_boolean ("snap-to-grid", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, NS_CANVAS_MIN_ZOOM, NS_CANVAS_MAX_ZOOM, 1.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Something the user should read (a refused connection, ...). */
  signals[MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_css_name (widget_class, "nscanvas");
}

static void
ns_canvas_init (NsCanvas *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;
  GtkGesture *gesture;

  self->zoom = 1.0;
  self->snap_to_grid = TRUE;
  self->moving = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cache = ns_symbols_cache_new ();

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_focus_on_click (widget, TRUE);
  gtk_widget_set_has_tooltip (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  gtk_widget_add_css_class (widget, "view");
  g_signal_connect (widget, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), 0);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  g_signal_connect (gesture, "cancel", G_CALLBACK (drag_cancel_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (secondary_pressed_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (pinch_begin_cb), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (pinch_scale_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  g_signal_connect (controller, "key-released", G_CALLBACK (key_released_cb), self);
  gtk_widget_add_controller (widget, controller);
}

GtkWidget *
ns_canvas_new (void)
{
  return g_object_new (NS_TYPE_CANVAS, NULL);
}
