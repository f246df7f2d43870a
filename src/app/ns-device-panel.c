/* ns-device-panel.c: a node's tables at the cursor. The sections are
 * rebuilt as plain labels in a grid at every step the cursor lands on: a
 * node has a few dozen rows at most, and labels are selectable, so a
 * learner can copy an address. */
#include "ns-device-panel.h"

#include <glib/gi18n.h>

#include <stdarg.h>

#include "core/topology.h"

struct _NsDeviceTable
{
  GPtrArray *columns;   /* of char* */
  GPtrArray *rows;      /* of GStrv */
  char      *empty;
};

typedef struct {
  char                *title;
  NsDeviceSectionFunc  func;
  gpointer             user_data;
} NsDeviceSection;

struct _NsDevicePanel
{
  GtkWidget      parent_instance;

  NsPlayer      *player;        /* borrowed */
  char          *node;
  GArray        *sections;      /* of NsDeviceSection */
  gint           shown_step;
  gint64         shown_time;
  gboolean       dirty;
  GString       *text;          /* what is shown, for ns_device_panel_dup_text */

  GtkWidget     *scrolled;
  GtkWidget     *box;
  GtkLabel      *title_label;
  GtkWidget     *content;
  GtkLabel      *empty_label;
};

G_DEFINE_FINAL_TYPE (NsDevicePanel, ns_device_panel, GTK_TYPE_WIDGET)

/* ---- tables ---- */

static GPtrArray *
collect (const char *first,
         va_list     args)
{
  GPtrArray *cells = g_ptr_array_new_with_free_func (g_free);

  for (const char *s = first; s != NULL; s = va_arg (args, const char *))
    g_ptr_array_add (cells, g_strdup (s));
  return cells;
}

void
ns_device_table_set_columns (NsDeviceTable *table,
                             const char    *first,
                             ...)
{
  va_list args;

  va_start (args, first);
  g_ptr_array_unref (table->columns);
  table->columns = collect (first, args);
  va_end (args);
}

void
ns_device_table_add_row (NsDeviceTable *table,
                         const char    *first,
                         ...)
{
  va_list args;

  va_start (args, first);
  g_ptr_array_add (table->rows, collect (first, args));
  va_end (args);
}

void
ns_device_table_set_empty (NsDeviceTable *table,
                           const char    *text)
{
  g_free (table->empty);
  table->empty = g_strdup (text);
}

/* ---- the built-in sections ---- */

static char *
format_time (gint64 t)
{
  return ns_player_format_time (t);
}

/* An interface's MAC address, as its first frame shows it: the panel does
 * not guess how the run derives addresses. */
static char *
iface_mac (NsPlayer   *player,
           const char *node,
           const char *iface)
{
  g_autofree char *from = g_strdup_printf ("%s:%s", node, iface);

  for (guint i = 0; i < ns_player_get_n_flights (player); i++)
    {
      const NsPlayerFlight *f = ns_player_get_flight (player, i);

      if (f->from != NULL && f->packet != NULL && f->packet->len >= 12
          && g_str_equal (f->from, from))
        {
          const guint8 *m = f->packet->data + 6;

          return g_strdup_printf ("%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4],
                                  m[5]);
        }
    }
  return g_strdup ("—");
}

static void
section_interfaces (NsPlayer         *player,
                    const NsTopoNode *node,
                    NsDeviceTable    *table,
                    gpointer          user_data)
{
  const NsTopology *topology = ns_player_get_topology (player);

  ns_device_table_set_columns (table, _ ("Interface"), _ ("IP address"), _ ("MAC address"),
                               _ ("Cable to"), NULL);
  ns_device_table_set_empty (table, _("no interfaces"));
  for (guint i = 0; i < node->ifaces->len; i++)
    {
      const NsTopoIface *iface = g_ptr_array_index (node->ifaces, i);
      g_autofree char *addr =
        iface->has_addr ? ns_format_cidr (iface->addr, iface->prefix_len) : g_strdup ("—");
      /* A switch's ports forward other stations' frames unchanged: they
       * have no address of their own that a frame would show. */
      g_autofree char *mac = node->kind == NS_NODE_SWITCH ? g_strdup ("—")
                             : iface_mac (player, node->id, iface->name);
      NsTopoLink *link =
        topology != NULL ? ns_topology_link_at (topology, node->id, iface->name) : NULL;
      g_autofree char *peer = NULL;

      if (link == NULL)
        peer = g_strdup (_("not connected"));
      else if (g_str_equal (link->a_node, node->id) && g_str_equal (link->a_iface, iface->name))
        peer = g_strdup_printf ("%s:%s", link->b_node, link->b_iface);
      else
        peer = g_strdup_printf ("%s:%s", link->a_node, link->a_iface);
      ns_device_table_add_row (table, iface->name, addr, mac, peer, NULL);
    }
}

static void
section_arp (NsPlayer         *player,
             const NsTopoNode *node,
             NsDeviceTable    *table,
             gpointer          user_data)
{
  g_autoptr (GArray) arp = NULL;

  if (node->kind == NS_NODE_SWITCH)
    return;
  arp = ns_player_dup_arp_cache (player, node->id);
  ns_device_table_set_columns (table, _ ("IP address"), _ ("MAC address"), _ ("Interface"),
                               _ ("Learnt at"), NULL);
  ns_device_table_set_empty (table, _("empty: nothing learnt yet"));
  for (guint i = 0; i < arp->len; i++)
    {
      const NsPlayerArpEntry *e = &g_array_index (arp, NsPlayerArpEntry, i);
      g_autofree char *t = format_time (e->t_learnt);
      const char *colon = e->iface != NULL ? strchr (e->iface, ':') : NULL;

      ns_device_table_add_row (table, e->addr, e->mac, colon != NULL ? colon + 1 : "", t, NULL);
    }
}

static void
section_routes (NsPlayer         *player,
                const NsTopoNode *node,
                NsDeviceTable    *table,
                gpointer          user_data)
{
  g_autoptr (GArray) routes = NULL;

  if (node->kind == NS_NODE_SWITCH)
    return;
  routes = ns_player_dup_routes (player, node->id);
  ns_device_table_set_columns (table, _ ("Destination"), _ ("Next hop"), _ ("Interface"),
                               _ ("From"), NULL);
  ns_device_table_set_empty (table, _("no routes: this node reaches no network"));
  for (guint i = 0; i < routes->len; i++)
    {
      const NsPlayerRoute *r = &g_array_index (routes, NsPlayerRoute, i);
      g_autofree char *dest = ns_format_cidr (r->dest, r->prefix_len);
      g_autofree char *via = r->via != 0 ? ns_format_ipv4 (r->via) : g_strdup (_("direct"));
      const char *origin = g_str_equal (r->origin, "connected") ? _("connected network")
                           : g_str_equal (r->origin, "gateway") ? _("default gateway")
                           : g_str_equal (r->origin, "static") ? _("written in the file")
                           : g_str_equal (r->origin, "auto") ? _("automatic routing") : r->origin;

      ns_device_table_add_row (table, dest, via, r->iface != NULL ? r->iface : "", origin, NULL);
    }
}

/* A switch learns, from each frame it receives, that the sending MAC
 * address is behind that port (IEEE 802.1D §7.8): the table at the
 * cursor is what the frames received so far taught it. */
static void
section_mac_table (NsPlayer         *player,
                   const NsTopoNode *node,
                   NsDeviceTable    *table,
                   gpointer          user_data)
{
  NsTrace *trace = ns_player_get_trace (player);
  gint cursor = ns_player_get_step (player);
  g_autoptr (GPtrArray) macs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) ports = g_ptr_array_new ();
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (node->kind != NS_NODE_SWITCH)
    return;
  ns_device_table_set_columns (table, _("MAC address"), _("Port"), _("Last seen"), NULL);
  ns_device_table_set_empty (table, _("empty: no frame received yet"));
  for (gint s = 0; s <= cursor; s++)
    {
      const NsPlayerStep *step = ns_player_get_step_info (player, (guint) s);
      const NsTraceEvent *ev;
      const NsPlayerFlight *f;
      const guint8 *m;
      g_autofree char *mac = NULL;
      const char *port;
      guint k;

      if (step->kind != NS_TRACE_RX || step->flight < 0 || g_strcmp0 (step->node, node->id) != 0)
        continue;
      f = ns_player_get_flight (player, (guint) step->flight);
      ev = ns_trace_get (trace, step->event);
      if (f->packet == NULL || f->packet->len < 12 || ev->iface == NULL)
        continue;
      m = f->packet->data + 6;
      mac = g_strdup_printf ("%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
      port = strchr (ev->iface, ':') != NULL ? strchr (ev->iface, ':') + 1 : ev->iface;
      for (k = 0; k < macs->len && !g_str_equal (g_ptr_array_index (macs, k), mac); k++)
        ;
      if (k == macs->len)
        {
          g_ptr_array_add (macs, g_steal_pointer (&mac));
          g_ptr_array_add (ports, (gpointer) port);
          g_array_append_val (times, step->t);
        }
      else
        {
          /* A station that moved: the newest port wins. */
          g_ptr_array_index (ports, k) = (gpointer) port;
          g_array_index (times, gint64, k) = step->t;
        }
    }
  for (guint k = 0; k < macs->len; k++)
    {
      g_autofree char *t = format_time (g_array_index (times, gint64, k));

      ns_device_table_add_row (table, g_ptr_array_index (macs, k), g_ptr_array_index (ports, k), t,
                               NULL);
    }
}

static void
section_sockets (NsPlayer         *player,
                 const NsTopoNode *node,
                 NsDeviceTable    *table,
                 gpointer          user_data)
{
  g_autoptr (GArray) sockets = NULL;

  if (node->kind == NS_NODE_SWITCH)
    return;
  sockets = ns_player_dup_sockets (player, node->id);
  ns_device_table_set_columns (table, _("Protocol"), _("Port"), _("State"), _("Other end"), NULL);
  ns_device_table_set_empty (table, _("no open port"));
  for (guint i = 0; i < sockets->len; i++)
    {
      const NsPlayerSocket *s = &g_array_index (sockets, NsPlayerSocket, i);
      g_autofree char *port = g_strdup_printf ("%u", s->port);
      const char *state = g_str_equal (s->state, "bound") ? _("bound") : s->state;

      ns_device_table_add_row (table, s->protocol, port, state, s->remote != NULL ? s->remote : "",
                               NULL);
    }
}

/* ---- building ---- */

static GtkWidget *
cell (const char *text,
      gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  /* One line each: the panel scrolls sideways rather than wrap a MAC
   * address across lines. */
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (heading)
    gtk_widget_add_css_class (label, "dim-label");
  else
    {
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "monospace");
    }
  return label;
}

static void
clear_content (NsDevicePanel *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->content)) != NULL)
    gtk_box_remove (GTK_BOX (self->content), child);
}

static void
rebuild (NsDevicePanel *self)
{
  const NsTopology *topology = self->player != NULL ? ns_player_get_topology (self->player) : NULL;
  NsTopoNode *node =
    topology != NULL && self->node != NULL ? ns_topology_find_node (topology, self->node) : NULL;
  g_autofree char *now = NULL;
  g_autofree char *title = NULL;

  clear_content (self);
  g_string_truncate (self->text, 0);
  gtk_widget_set_visible (self->box, node != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), node == NULL);
  if (node == NULL)
    return;
  now = ns_player_format_time (ns_player_get_time (self->player));
  /* TRANSLATORS: a node's name and the cursor's moment ("router1 at 0.25 s") */
  title = g_strdup_printf (_("%s at %s"), node->label != NULL ? node->label : node->id, now);
  gtk_label_set_text (self->title_label, title);
  g_string_append_printf (self->text, "%s\n", title);
  for (guint i = 0; i < self->sections->len; i++)
    {
      const NsDeviceSection *section = &g_array_index (self->sections, NsDeviceSection, i);
      NsDeviceTable table = { g_ptr_array_new_with_free_func (g_free),
                              g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref),
                              NULL };
      GtkWidget *heading, *grid;

      section->func (self->player, node, &table, section->user_data);
      if (table.rows->len > 0 || table.empty != NULL)
        {
          heading = gtk_label_new (_(section->title));
          gtk_label_set_xalign (GTK_LABEL (heading), 0);
          gtk_widget_add_css_class (heading, "heading");
          gtk_widget_set_margin_top (heading, 8);
          gtk_box_append (GTK_BOX (self->content), heading);
          g_string_append_printf (self->text, "\n%s\n", _(section->title));
          if (table.rows->len == 0)
            {
              GtkWidget *none = cell (table.empty, TRUE);

              gtk_widget_set_margin_start (none, 12);
              gtk_box_append (GTK_BOX (self->content), none);
              g_string_append_printf (self->text, "  %s\n", table.empty);
            }
          else
            {
              grid = gtk_grid_new ();
              gtk_grid_set_column_spacing (GTK_GRID (grid), 16);
              gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
              gtk_widget_set_margin_start (grid, 12);
              for (guint c = 0; c < table.columns->len; c++)
                gtk_grid_attach (GTK_GRID (grid), cell (g_ptr_array_index (table.columns, c), TRUE),
                                 (int)c, 0, 1, 1);
              for (guint r = 0; r < table.rows->len; r++)
                {
                  GPtrArray *row = g_ptr_array_index (table.rows, r);

                  g_string_append (self->text, " ");
                  for (guint c = 0; c < row->len; c++)
                    {
                      gtk_grid_attach (GTK_GRID (grid), cell (g_ptr_array_index (row, c), FALSE),
                                       (int) c, (int) r + 1, 1, 1);
                      g_string_append_printf (self->text, "\t%s",
                                              (const char *)g_ptr_array_index (row, c));
                    }
                  g_string_append_c (self->text, '\n');
                }
              gtk_box_append (GTK_BOX (self->content), grid);
            }
        }
      g_ptr_array_unref (table.columns);
      g_ptr_array_unref (table.rows);
      g_free (table.empty);
    }
}

void
ns_device_panel_sync (NsDevicePanel *self)
{
  gint step;
  gint64 t;

  g_return_if_fail (NS_IS_DEVICE_PANEL (self));

  step = self->player != NULL ? ns_player_get_step (self->player) : -1;
  t = self->player != NULL ? ns_player_get_time (self->player) : 0;
  /* During playback the cursor moves every frame; the tables change only
   * at steps, the heading's time is enough to follow between them. */
  if (!self->dirty && step == self->shown_step)
    {
      if (t != self->shown_time && self->node != NULL && self->player != NULL)
        {
          g_autofree char *now = ns_player_format_time (t);
          const NsTopology *topology = ns_player_get_topology (self->player);
          NsTopoNode *node = topology != NULL ? ns_topology_find_node (topology, self->node) : NULL;
          g_autofree char *title =
            node != NULL
              ? g_strdup_printf (_ ("%s at %s"), node->label != NULL ? node->label : node->id, now)
              : NULL;

          if (title != NULL)
            gtk_label_set_text (self->title_label, title);
          self->shown_time = t;
        }
      return;
    }
  self->dirty = FALSE;
  self->shown_step = step;
  self->shown_time = t;
  rebuild (self);
}

void
ns_device_panel_set_player (NsDevicePanel *self,
                            NsPlayer      *player)
{
  g_return_if_fail (NS_IS_DEVICE_PANEL (self));

  self->player = player;
  self->dirty = TRUE;
  ns_device_panel_sync (self);
}

void
ns_device_panel_set_node (NsDevicePanel *self,
                          const char    *node_id)
{
  g_return_if_fail (NS_IS_DEVICE_PANEL (self));

  if (g_strcmp0 (self->node, node_id) == 0)
    return;
  g_free (self->node);
  self->node = g_strdup (node_id);
  self->dirty = TRUE;
  ns_device_panel_sync (self);
}

const char *
ns_device_panel_get_node (NsDevicePanel *self)
{
  g_return_val_if_fail (NS_IS_DEVICE_PANEL (self), NULL);

  return self->node;
}

void
ns_device_panel_add_section (NsDevicePanel       *self,
                             const char          *title,
                             NsDeviceSectionFunc  func,
                             gpointer             user_data)
{
  NsDeviceSection section = { g_strdup (title), func, user_data };

  g_return_if_fail (NS_IS_DEVICE_PANEL (self));
  g_return_if_fail (func != NULL);

  g_array_append_val (self->sections, section);
  self->dirty = TRUE;
}

char *
ns_device_panel_dup_text (NsDevicePanel *self)
{
  g_return_val_if_fail (NS_IS_DEVICE_PANEL (self), NULL);

  return g_strdup (self->text->str);
}

GtkWidget *
ns_device_panel_new (void)
{
  return g_object_new (NS_TYPE_DEVICE_PANEL, NULL);
}

static void
clear_section (gpointer data)
{
  g_free (((NsDeviceSection *) data)->title);
}

static void
ns_device_panel_dispose (GObject *object)
{
  NsDevicePanel *self = NS_DEVICE_PANEL (object);
  GtkWidget *child;

  self->player = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (ns_device_panel_parent_class)->dispose (object);
}

static void
ns_device_panel_finalize (GObject *object)
{
  NsDevicePanel *self = NS_DEVICE_PANEL (object);

  g_free (self->node);
  g_array_unref (self->sections);
  g_string_free (self->text, TRUE);
  G_OBJECT_CLASS (ns_device_panel_parent_class)->finalize (object);
}

static void
ns_device_panel_class_init (NsDevicePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ns_device_panel_dispose;
  object_class->finalize = ns_device_panel_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "devicepanel");
}

static void
ns_device_panel_init (NsDevicePanel *self)
{
  self->sections = g_array_new (FALSE, TRUE, sizeof (NsDeviceSection));
  g_array_set_clear_func (self->sections, clear_section);
  self->text = g_string_new (NULL);
  self->shown_step = G_MININT;
  self->dirty = TRUE;
  gtk_orientable_set_orientation (
    GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))), GTK_ORIENTATION_VERTICAL);

  self->empty_label =
    GTK_LABEL (gtk_label_new (_ ("Select a node on the canvas to see its interfaces, "
                                 "ARP cache, routing table, MAC address table and open "
                                 "ports at the cursor's moment.")));
  gtk_label_set_wrap (self->empty_label, TRUE);
  gtk_label_set_justify (self->empty_label, GTK_JUSTIFY_CENTER);
  gtk_widget_set_margin_start (GTK_WIDGET (self->empty_label), 24);
  gtk_widget_set_margin_end (GTK_WIDGET (self->empty_label), 24);
  gtk_widget_add_css_class (GTK_WIDGET (self->empty_label), "dim-label");
  gtk_widget_set_vexpand (GTK_WIDGET (self->empty_label), TRUE);
  gtk_widget_set_parent (GTK_WIDGET (self->empty_label), GTK_WIDGET (self));

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (self->scrolled, TRUE);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_margin_start (self->box, 8);
  gtk_widget_set_margin_end (self->box, 8);
  gtk_widget_set_margin_top (self->box, 6);
  gtk_widget_set_margin_bottom (self->box, 6);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), self->box);
  self->title_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "title-4");
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->title_label));
  self->content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_box_append (GTK_BOX (self->box), self->content);
  gtk_widget_set_visible (self->box, FALSE);

  ns_device_panel_add_section (self, N_("Interfaces"), section_interfaces, NULL);
  ns_device_panel_add_section (self, N_("ARP cache (IP address → MAC address)"), section_arp, NULL);
  ns_device_panel_add_section (self, N_("Routing table"), section_routes, NULL);
  ns_device_panel_add_section (self, N_("MAC address table (which port leads to which station)"),
                               section_mac_table, NULL);
  ns_device_panel_add_section (self, N_("Sockets and TCP states"), section_sockets, NULL);
}
