/* ns-properties.c: settings of the selection.
 *
 * Fields are ns-field entries bound to a Binding that knows how to check
 * the text and which command applies it. The lists (interfaces, routes,
 * services) are rebuilt only when their shape changes, so the field being
 * edited keeps the focus while other edits, undo and redo go on. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/validate.h"
#include "ns-symbols.h"
#include "ns-field.h"
#include "ns-properties.h"

#define MAX_DELAY_MS   3600000.0
#define MAX_BANDWIDTH  1000000.0
#define MAX_PROBLEMS   50

struct _NsProperties
{
  GtkWidget     parent_instance;

  NsDocument   *document;
  gulong        changed_id;
  gulong        selection_id;
  char         *node_id;        /* shown on the node page */
  char         *link_id;        /* shown on the link page */
  char         *shape;          /* the node page's lists, as last built */
  gboolean      updating;

  /* Fields, built once. */
  GtkWidget    *title_field, *description_field, *seed_field;
  GtkSwitch    *routing_switch;
  GtkWidget    *id_field, *label_field;
  GtkDropDown  *kind_dropdown;
  GtkWidget    *gateway_field, *dns_field;
  GtkWidget    *delay_field, *bandwidth_field, *loss_field, *drop_field;
  GtkWidget    *queue_field, *mtu_field, *jitter_field;
  GtkWidget    *route_to_field, *route_via_field;
  GPtrArray    *row_fields;     /* fields inside list rows: (GtkWidget*, iface or index) */

  /* Template children. */
  GtkWidget    *scroller;
  GtkWidget    *document_page;
  GtkWidget    *node_page;
  GtkWidget    *link_page;
  GtkWidget    *multi_page;
  const char   *page;
  GtkGrid      *document_grid;
  GtkWidget    *problems_heading;
  GtkListBox   *problems_list;
  GtkImage     *node_icon;
  GtkLabel     *node_heading;
  GtkGrid      *node_grid;
  GtkWidget    *ifaces_heading;
  GtkListBox   *iface_list;
  GtkWidget    *add_iface_button;
  GtkLabel     *add_iface_label;
  GtkWidget    *ip_box;
  GtkGrid      *ip_grid;
  GtkLabel     *routes_hint;
  GtkListBox   *route_list;
  GtkListBox   *service_list;
  GtkLabel     *link_heading;
  GtkLabel     *link_ends;
  GtkGrid      *link_grid;
  GtkLabel     *multi_label;
  GMenuModel   *service_menu;
};

G_DEFINE_FINAL_TYPE (NsProperties, ns_properties, GTK_TYPE_WIDGET)

typedef struct _Binding Binding;
typedef gboolean (*CheckFunc) (const Binding *b, const char *text, char **problem);
typedef void     (*ApplyFunc) (const Binding *b, const char *text);

struct _Binding {
  NsProperties *self;
  CheckFunc     check;
  ApplyFunc     apply;
  double        min, max;    /* numbers */
  double        factor;      /* shown = stored * factor (loss in %) */
  char         *key;         /* interface name */
  guint         index;       /* service index */
};

static void refresh (NsProperties *self);

/* ---- parsing and checks ---- */

static gboolean
parse_number (const char *text, double *value_out)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;
  double value;

  if (copy[0] == '\0')
    return FALSE;
  value = g_ascii_strtod (copy, &end);
  if (end == NULL || *end != '\0' || !isfinite (value))
    return FALSE;
  *value_out = value;
  return TRUE;
}

static gboolean
check_number (const Binding *b, const char *text, char **problem)
{
  double value;

  if (!parse_number (text, &value))
    {
      *problem = g_strdup (_("Enter a number"));
      return FALSE;
    }
  if (value < b->min || value > b->max)
    {
      /* TRANSLATORS: a range such as "Must be from 0 to 100" */
      *problem = g_strdup_printf (_("Must be from %g to %g"), b->min, b->max);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_positive (const Binding *b, const char *text, char **problem)
{
  double value;

  if (!check_number (b, text, problem))
    return FALSE;
  parse_number (text, &value);
  if (value <= 0)
    {
      *problem = g_strdup (_("Must be more than 0"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_integer (const Binding *b, const char *text, char **problem)
{
  double value;

  if (!check_number (b, text, problem))
    return FALSE;
  parse_number (text, &value);
  if (value != floor (value))
    {
      *problem = g_strdup (_("Enter a whole number"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_cidr_optional (const Binding *b, const char *text, char **problem)
{
  guint32 addr;
  guint prefix;

  if (text[0] == '\0' || ns_parse_cidr (text, &addr, &prefix))
    return TRUE;
  *problem = g_strdup (_("Write an address with its prefix length, like 192.168.1.10/24"));
  return FALSE;
}

static gboolean
check_cidr (const Binding *b, const char *text, char **problem)
{
  if (text[0] == '\0')
    {
      *problem = g_strdup (_("Write a network, like 10.0.2.0/24 (0.0.0.0/0 for any)"));
      return FALSE;
    }
  return check_cidr_optional (b, text, problem);
}

static gboolean
check_ipv4_optional (const Binding *b, const char *text, char **problem)
{
  guint32 addr;

  if (text[0] == '\0' || ns_parse_ipv4 (text, &addr))
    return TRUE;
  *problem = g_strdup (_("Write an IPv4 address, like 192.168.1.1"));
  return FALSE;
}

static gboolean
check_ipv4 (const Binding *b, const char *text, char **problem)
{
  if (text[0] == '\0')
    {
      *problem = g_strdup (_("Write the next router’s address"));
      return FALSE;
    }
  return check_ipv4_optional (b, text, problem);
}

static GStrv
split_list (const char *text)
{
  g_auto (GStrv) parts = g_strsplit_set (text, ", ", -1);
  g_autoptr (GPtrArray) out = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      g_ptr_array_add (out, g_strdup (parts[i]));
  g_ptr_array_add (out, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

static gboolean
check_ipv4_list (const Binding *b, const char *text, char **problem)
{
  g_auto (GStrv) parts = split_list (text);
  guint32 addr;

  for (guint i = 0; parts[i] != NULL; i++)
    if (!ns_parse_ipv4 (parts[i], &addr))
      {
        *problem = g_strdup_printf (_("“%s” is not an IPv4 address"), parts[i]);
        return FALSE;
      }
  return TRUE;
}

static gboolean
check_index_list (const Binding *b, const char *text, char **problem)
{
  g_auto (GStrv) parts = split_list (text);
  guint64 value;

  for (guint i = 0; parts[i] != NULL; i++)
    if (!g_ascii_string_to_unsigned (parts[i], 10, 1, G_MAXUINT32, &value, NULL))
      {
        *problem = g_strdup_printf (_("“%s” is not a frame number (1, 2, 3, …)"), parts[i]);
        return FALSE;
      }
  return TRUE;
}

static gboolean
check_node_id (const Binding *b, const char *text, char **problem)
{
  const NsTopology *topology = ns_document_get_topology (b->self->document);

  if (text[0] == '\0')
    *problem = g_strdup (_("A node needs a name"));
  else if (strpbrk (text, ": \t") != NULL)
    *problem = g_strdup (_("A name cannot contain spaces or “:”"));
  else if (g_strcmp0 (text, b->self->node_id) != 0
           && (ns_topology_find_node (topology, text) != NULL
               || ns_topology_find_link (topology, text) != NULL))
    *problem = g_strdup_printf (_("“%s” is already taken"), text);
  return *problem == NULL;
}

/* ---- applying ---- */

static NsTopoNode *
dup_node (NsProperties *self)
{
  const NsTopoNode *node = ns_topology_find_node (ns_document_get_topology (self->document),
                                                  self->node_id);

  return node != NULL ? ns_topo_node_copy (node) : NULL;
}

static void
push_node (NsProperties *self, NsTopoNode *copy)
{
  g_autofree char *id = g_strdup (self->node_id);

  if (copy == NULL)
    return;
  ns_document_push (self->document,
                    ns_command_set_node (ns_document_get_topology (self->document), id, copy));
  ns_topo_node_free (copy);
}

static NsTopoLink *
dup_link (NsProperties *self)
{
  const NsTopoLink *link = ns_topology_find_link (ns_document_get_topology (self->document),
                                                  self->link_id);

  return link != NULL ? ns_topo_link_copy (link) : NULL;
}

static void
push_link (NsProperties *self, NsTopoLink *copy)
{
  g_autofree char *id = g_strdup (self->link_id);

  if (copy == NULL)
    return;
  ns_document_push (self->document,
                    ns_command_set_link (ns_document_get_topology (self->document), id, copy));
  ns_topo_link_free (copy);
}

static void
apply_node_id (const Binding *b, const char *text)
{
  NsProperties *self = b->self;
  g_autofree char *new_id = g_strdup (text);

  if (ns_document_push (self->document,
                        ns_command_rename_node (ns_document_get_topology (self->document),
                                                self->node_id, new_id)))
    ns_document_select_node (self->document, new_id, FALSE, FALSE);
}

static void
apply_label (const Binding *b, const char *text)
{
  NsTopoNode *copy = dup_node (b->self);

  if (copy == NULL)
    return;
  g_free (copy->label);
  copy->label = text[0] != '\0' ? g_strdup (text) : NULL;
  push_node (b->self, copy);
}

static void
apply_iface_addr (const Binding *b, const char *text)
{
  NsTopoNode *copy = dup_node (b->self);
  NsTopoIface *iface = copy != NULL ? ns_topo_node_find_iface (copy, b->key) : NULL;

  if (iface == NULL)
    {
      g_clear_pointer (&copy, ns_topo_node_free);
      return;
    }
  iface->has_addr = ns_parse_cidr (text, &iface->addr, &iface->prefix_len);
  push_node (b->self, copy);
}

static void
apply_gateway (const Binding *b, const char *text)
{
  NsTopoNode *copy = dup_node (b->self);

  if (copy == NULL)
    return;
  copy->has_gateway = ns_parse_ipv4 (text, &copy->gateway);
  push_node (b->self, copy);
}

static void
apply_dns (const Binding *b, const char *text)
{
  NsTopoNode *copy = dup_node (b->self);
  g_auto (GStrv) parts = split_list (text);

  if (copy == NULL)
    return;
  g_array_set_size (copy->dns, 0);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint32 addr;

      if (ns_parse_ipv4 (parts[i], &addr))
        g_array_append_val (copy->dns, addr);
    }
  push_node (b->self, copy);
}

static void
apply_service_port (const Binding *b, const char *text)
{
  NsTopoNode *copy = dup_node (b->self);
  double value;

  if (copy == NULL || b->index >= copy->services->len || !parse_number (text, &value))
    {
      g_clear_pointer (&copy, ns_topo_node_free);
      return;
    }
  ((NsTopoService *) g_ptr_array_index (copy->services, b->index))->port = (guint16) value;
  push_node (b->self, copy);
}

static void
apply_service_body (const Binding *b, const char *text)
{
  NsTopoNode *copy = dup_node (b->self);
  double value;

  if (copy == NULL || b->index >= copy->services->len || !parse_number (text, &value))
    {
      g_clear_pointer (&copy, ns_topo_node_free);
      return;
    }
  ((NsTopoService *) g_ptr_array_index (copy->services, b->index))->body_bytes = (guint64) value;
  push_node (b->self, copy);
}

typedef enum {
  LINK_DELAY, LINK_BANDWIDTH, LINK_LOSS, LINK_QUEUE, LINK_MTU, LINK_JITTER,
} LinkField;

static void
apply_link_number (const Binding *b, const char *text)
{
  NsTopoLink *copy = dup_link (b->self);
  double value;

  if (copy == NULL || !parse_number (text, &value))
    {
      g_clear_pointer (&copy, ns_topo_link_free);
      return;
    }
  value /= b->factor;
  switch ((LinkField) b->index)
    {
    case LINK_DELAY: copy->delay_ms = value; break;
    case LINK_BANDWIDTH: copy->bandwidth_mbps = value; break;
    case LINK_LOSS: copy->loss = value; break;
    case LINK_QUEUE: copy->queue_packets = (guint) value; break;
    case LINK_MTU: copy->mtu = (guint) value; break;
    case LINK_JITTER: copy->jitter_ms = value; break;
    default: break;
    }
  push_link (b->self, copy);
}

static void
apply_drop_nth (const Binding *b, const char *text)
{
  NsTopoLink *copy = dup_link (b->self);
  g_auto (GStrv) parts = split_list (text);

  if (copy == NULL)
    return;
  g_array_set_size (copy->drop_nth, 0);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 value;

      if (g_ascii_string_to_unsigned (parts[i], 10, 1, G_MAXUINT32, &value, NULL))
        {
          guint v = (guint) value;
          g_array_append_val (copy->drop_nth, v);
        }
    }
  push_link (b->self, copy);
}

static void
push_properties (NsProperties *self, const char *title, const char *description,
                 guint64 seed, gboolean routing_auto)
{
  const NsTopology *topology = ns_document_get_topology (self->document);

  ns_document_push (self->document,
                    ns_command_set_properties (topology, title, description, seed, routing_auto));
}

static void
apply_title (const Binding *b, const char *text)
{
  const NsTopology *t = ns_document_get_topology (b->self->document);

  push_properties (b->self, text[0] ? text : NULL, t->description, t->seed, t->routing_auto);
}

static void
apply_description (const Binding *b, const char *text)
{
  const NsTopology *t = ns_document_get_topology (b->self->document);

  push_properties (b->self, t->title, text[0] ? text : NULL, t->seed, t->routing_auto);
}

static void
apply_seed (const Binding *b, const char *text)
{
  const NsTopology *t = ns_document_get_topology (b->self->document);
  double value;

  if (parse_number (text, &value))
    push_properties (b->self, t->title, t->description, (guint64) value, t->routing_auto);
}

/* ---- fields ---- */

static gboolean
binding_check (const char *text, gpointer user_data, char **problem)
{
  const Binding *b = user_data;

  return b->check == NULL || b->check (b, text, problem);
}

static void
binding_apply (const char *text, gpointer user_data)
{
  const Binding *b = user_data;

  if (b->self->document != NULL && !b->self->updating)
    b->apply (b, text);
}

static void
binding_free (gpointer data)
{
  Binding *b = data;

  g_free (b->key);
  g_free (b);
}

static GtkWidget *
make_field (NsProperties *self, const char *placeholder, CheckFunc check, ApplyFunc apply,
            double min, double max, const char *key, guint index)
{
  Binding *b = g_new0 (Binding, 1);
  GtkWidget *field;

  b->self = self;
  b->check = check;
  b->apply = apply;
  b->min = min;
  b->max = max;
  b->factor = 1.0;
  b->key = g_strdup (key);
  b->index = index;
  field = ns_field_new (placeholder, binding_check, binding_apply, b, binding_free);
  g_object_set_data (G_OBJECT (field), "binding", b);
  return field;
}

static void
grid_row (GtkGrid *grid, int row, const char *label, GtkWidget *field)
{
  GtkWidget *title = gtk_label_new (label);

  gtk_label_set_xalign (GTK_LABEL (title), 1);
  gtk_widget_set_valign (title, GTK_ALIGN_START);
  /* Line the label up with the entry's text, not the problem under it. */
  gtk_widget_set_margin_top (title, 8);
  gtk_widget_add_css_class (title, "dim-label");
  gtk_grid_attach (grid, title, 0, row, 1, 1);
  gtk_grid_attach (grid, field, 1, row, 1, 1);
}

static char *
format_number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* %g: 1 and 0.5, never 1.000000. */
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.10g", value));
}

static void
set_number (GtkWidget *field, double value)
{
  g_autofree char *text = format_number (value);

  ns_field_set_text (field, text);
}

/* ---- the document page ---- */

static void
routing_changed_cb (GtkSwitch *sw, GParamSpec *pspec, NsProperties *self)
{
  const NsTopology *t;

  if (self->updating || self->document == NULL)
    return;
  t = ns_document_get_topology (self->document);
  push_properties (self, t->title, t->description, t->seed, gtk_switch_get_active (sw));
}

static void
build_document_page (NsProperties *self)
{
  GtkWidget *sw_box;

  self->title_field = make_field (self, _("A name for this network"), NULL, apply_title, 0, 0,
                                  NULL, 0);
  self->description_field = make_field (self, _("What it shows"), NULL, apply_description,
                                        0, 0, NULL, 0);
  self->seed_field = make_field (self, NULL, check_integer, apply_seed, 0, 9007199254740992.0,
                                 NULL, 0);
  self->routing_switch = GTK_SWITCH (gtk_switch_new ());
  sw_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_halign (GTK_WIDGET (self->routing_switch), GTK_ALIGN_START);
  gtk_widget_set_valign (GTK_WIDGET (self->routing_switch), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->routing_switch),
                               _("Routers learn their routes from the drawing"));
  gtk_box_append (GTK_BOX (sw_box), GTK_WIDGET (self->routing_switch));
  g_signal_connect (self->routing_switch, "notify::active", G_CALLBACK (routing_changed_cb), self);

  grid_row (self->document_grid, 0, _("Title"), self->title_field);
  grid_row (self->document_grid, 1, _("Description"), self->description_field);
  grid_row (self->document_grid, 2, _("Random seed"), self->seed_field);
  grid_row (self->document_grid, 3, _("Automatic routing"), sw_box);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
fill_document_page (NsProperties *self)
{
  const NsTopology *t = ns_document_get_topology (self->document);
  g_autoptr (GPtrArray) problems = ns_topology_validate (t);

  ns_field_set_text (self->title_field, t->title);
  ns_field_set_text (self->description_field, t->description);
  set_number (self->seed_field, (double) t->seed);
  gtk_switch_set_active (self->routing_switch, t->routing_auto);

  clear_list (self->problems_list);
  gtk_widget_set_visible (self->problems_heading, problems->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_list), problems->len > 0);
  for (guint i = 0; i < problems->len && i < MAX_PROBLEMS; i++)
    {
      const NsProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *text = ns_problem_to_string (problem, NULL);
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "problem-row");
      gtk_list_box_append (self->problems_list, label);
    }
}

/* ---- the node page ---- */

static const char *
kind_icon (NsNodeKind kind)
{
  switch (kind)
    {
    case NS_NODE_SWITCH: return "ns-switch-symbolic";
    case NS_NODE_ROUTER: return "ns-router-symbolic";
    case NS_NODE_HOST:
    default: return "ns-host-symbolic";
    }
}

static void
kind_changed_cb (GtkDropDown *dropdown, GParamSpec *pspec, NsProperties *self)
{
  static const NsNodeKind kinds[] = { NS_NODE_HOST, NS_NODE_ROUTER, NS_NODE_SWITCH };
  guint selected = gtk_drop_down_get_selected (dropdown);
  NsTopoNode *copy;

  if (self->updating || self->document == NULL || selected >= G_N_ELEMENTS (kinds))
    return;
  copy = dup_node (self);
  if (copy == NULL || copy->kind == kinds[selected])
    {
      g_clear_pointer (&copy, ns_topo_node_free);
      return;
    }
  copy->kind = kinds[selected];
  /* A switch works at layer 2 only: no addresses, routes or services. */
  if (copy->kind == NS_NODE_SWITCH)
    {
      for (guint i = 0; i < copy->ifaces->len; i++)
        ((NsTopoIface *) g_ptr_array_index (copy->ifaces, i))->has_addr = FALSE;
      copy->has_gateway = FALSE;
      g_array_set_size (copy->dns, 0);
      g_ptr_array_set_size (copy->routes, 0);
      g_ptr_array_set_size (copy->services, 0);
    }
  push_node (self, copy);
}

static void
build_node_page (NsProperties *self)
{
  const char *kinds[] = { _("Host"), _("Router"), _("Switch"), NULL };

  self->id_field = make_field (self, NULL, check_node_id, apply_node_id, 0, 0, NULL, 0);
  self->label_field = make_field (self, _("Shown instead of the name"), NULL, apply_label,
                                  0, 0, NULL, 0);
  self->kind_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (kinds));
  g_signal_connect (self->kind_dropdown, "notify::selected", G_CALLBACK (kind_changed_cb), self);
  grid_row (self->node_grid, 0, _("Name"), self->id_field);
  grid_row (self->node_grid, 1, _("Label"), self->label_field);
  grid_row (self->node_grid, 2, _("Kind"), GTK_WIDGET (self->kind_dropdown));

  self->gateway_field = make_field (self, _("None"), check_ipv4_optional, apply_gateway, 0, 0,
                                    NULL, 0);
  self->dns_field = make_field (self, _("None"), check_ipv4_list, apply_dns, 0, 0, NULL, 0);
  grid_row (self->ip_grid, 0, _("Gateway"), self->gateway_field);
  grid_row (self->ip_grid, 1, _("DNS servers"), self->dns_field);

  self->route_to_field = make_field (self, _("Network, e.g. 10.0.2.0/24"), check_cidr, NULL,
                                     0, 0, NULL, 0);
  self->route_via_field = make_field (self, _("Via, e.g. 10.0.1.1"), check_ipv4, NULL, 0, 0,
                                      NULL, 0);
}

static GtkWidget *
remove_button (const char *tooltip, const char *action, GVariant *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_START);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  return button;
}

static GtkWidget *
list_row (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_widget_add_css_class (box, "list-row-box");
  return box;
}

static GtkWidget *
row_title (const char *title, const char *subtitle, GtkWidget *end)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  if (subtitle != NULL)
    {
      GtkWidget *sub = gtk_label_new (subtitle);

      gtk_label_set_xalign (GTK_LABEL (sub), 0);
      gtk_label_set_ellipsize (GTK_LABEL (sub), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (sub, "dim-label");
      gtk_widget_set_hexpand (sub, TRUE);
      gtk_box_append (GTK_BOX (box), sub);
    }
  else
    gtk_widget_set_hexpand (label, TRUE);
  if (end != NULL)
    gtk_box_append (GTK_BOX (box), end);
  return box;
}

static void
build_iface_rows (NsProperties *self, const NsTopology *topology, const NsTopoNode *node)
{
  clear_list (self->iface_list);
  for (guint i = 0; i < node->ifaces->len; i++)
    {
      const NsTopoIface *iface = g_ptr_array_index (node->ifaces, i);
      const NsTopoLink *link = ns_topology_link_at (topology, node->id, iface->name);
      g_autofree char *peer = NULL;
      GtkWidget *row = list_row ();

      if (link != NULL)
        {
          gboolean a_side = g_strcmp0 (link->a_node, node->id) == 0
                            && g_strcmp0 (link->a_iface, iface->name) == 0;

          /* TRANSLATORS: where an interface's cable goes, e.g. "to sw1:p2" */
          peer = g_strdup_printf (_("to %s:%s"), a_side ? link->b_node : link->a_node,
                                  a_side ? link->b_iface : link->a_iface);
        }
      gtk_box_append (GTK_BOX (row),
                      row_title (iface->name, peer ? peer : _("not connected"),
                                 remove_button (_("Remove this interface and its link"),
                                                "properties.remove-iface",
                                                g_variant_new_string (iface->name))));
      if (node->kind != NS_NODE_SWITCH)
        {
          GtkWidget *field = make_field (self, _("No address"), check_cidr_optional,
                                         apply_iface_addr, 0, 0, iface->name, i);

          g_ptr_array_add (self->row_fields, field);
          gtk_box_append (GTK_BOX (row), field);
        }
      gtk_list_box_append (self->iface_list, row);
    }
}

static void
build_route_rows (NsProperties *self, const NsTopoNode *node)
{
  GtkWidget *row, *add;

  clear_list (self->route_list);
  for (guint i = 0; i < node->routes->len; i++)
    {
      const NsTopoRoute *route = g_ptr_array_index (node->routes, i);
      g_autofree char *to = ns_format_cidr (route->dest, route->prefix_len);
      g_autofree char *via = ns_format_ipv4 (route->via);
      g_autofree char *text = g_strdup_printf (_("via %s"), via);

      row = list_row ();
      gtk_box_append (GTK_BOX (row),
                      row_title (to, text, remove_button (_("Remove this route"),
                                                          "properties.remove-route",
                                                          g_variant_new_uint32 (i))));
      gtk_list_box_append (self->route_list, row);
    }
  /* The last row adds a route once both fields are valid. */
  row = list_row ();
  gtk_box_append (GTK_BOX (row), self->route_to_field);
  add = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (add), self->route_via_field);
  {
    GtkWidget *button = gtk_button_new_from_icon_name ("list-add-symbolic");

    gtk_widget_set_tooltip_text (button, _("Add Route"));
    gtk_widget_set_valign (button, GTK_ALIGN_START);
    gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "properties.add-route");
    gtk_box_append (GTK_BOX (add), button);
  }
  gtk_box_append (GTK_BOX (row), add);
  gtk_list_box_append (self->route_list, row);
}

static const char *
service_title (const char *type)
{
  if (g_strcmp0 (type, "http-server") == 0)
    return _("Web Server (HTTP)");
  if (g_strcmp0 (type, "dns-server") == 0)
    return _("DNS Server");
  if (g_strcmp0 (type, "tcp-echo") == 0)
    return _("TCP Echo");
  if (g_strcmp0 (type, "udp-echo") == 0)
    return _("UDP Echo");
  if (g_strcmp0 (type, "tcp-discard") == 0)
    return _("TCP Discard");
  if (g_strcmp0 (type, "udp-discard") == 0)
    return _("UDP Discard");
  return type;
}

static void
build_service_rows (NsProperties *self, const NsTopoNode *node)
{
  clear_list (self->service_list);
  for (guint i = 0; i < node->services->len; i++)
    {
      const NsTopoService *service = g_ptr_array_index (node->services, i);
      GtkWidget *row = list_row ();
      GtkGrid *grid = GTK_GRID (gtk_grid_new ());
      GtkWidget *field;
      g_autofree char *records = NULL;

      if (g_strcmp0 (service->type, "dns-server") == 0)
        records = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record", "%u records",
                                                service->records ? service->records->len : 0),
                                   service->records ? service->records->len : 0);
      gtk_box_append (GTK_BOX (row),
                      row_title (service_title (service->type), records,
                                 remove_button (_("Remove this service"),
                                                "properties.remove-service",
                                                g_variant_new_uint32 (i))));
      gtk_grid_set_row_spacing (grid, 6);
      gtk_grid_set_column_spacing (grid, 12);
      field = make_field (self, NULL, check_integer, apply_service_port, 1, 65535, NULL, i);
      g_ptr_array_add (self->row_fields, field);
      grid_row (grid, 0, _("Port"), field);
      if (g_strcmp0 (service->type, "http-server") == 0)
        {
          field = make_field (self, NULL, check_integer, apply_service_body, 0, 1e9, NULL, i);
          g_object_set_data (G_OBJECT (field), "body", GINT_TO_POINTER (TRUE));
          g_ptr_array_add (self->row_fields, field);
          grid_row (grid, 1, _("Page size (bytes)"), field);
        }
      gtk_box_append (GTK_BOX (row), GTK_WIDGET (grid));
      gtk_list_box_append (self->service_list, row);
    }
}

/* What the lists look like: rebuild them only when this changes. */
static char *
node_shape (const NsTopology *topology, const NsTopoNode *node)
{
  GString *s = g_string_new (node->id);

  g_string_append_printf (s, "|%d|", node->kind);
  for (guint i = 0; i < node->ifaces->len; i++)
    {
      const NsTopoIface *iface = g_ptr_array_index (node->ifaces, i);
      const NsTopoLink *link = ns_topology_link_at (topology, node->id, iface->name);

      g_string_append_printf (s, "%s>%s,", iface->name, link ? link->id : "");
    }
  g_string_append_printf (s, "|r%u|", node->routes->len);
  for (guint i = 0; i < node->routes->len; i++)
    {
      const NsTopoRoute *route = g_ptr_array_index (node->routes, i);
      g_string_append_printf (s, "%x/%u>%x,", route->dest, route->prefix_len, route->via);
    }
  for (guint i = 0; i < node->services->len; i++)
    {
      const NsTopoService *service = g_ptr_array_index (node->services, i);
      g_string_append_printf (s, "%s:%u,", service->type,
                              service->records ? service->records->len : 0);
    }
  return g_string_free (s, FALSE);
}

static void
fill_row_fields (NsProperties *self, const NsTopoNode *node)
{
  for (guint i = 0; i < self->row_fields->len; i++)
    {
      GtkWidget *field = g_ptr_array_index (self->row_fields, i);
      const Binding *b = NULL;
      g_autofree char *text = NULL;

      /* The binding is the field's user data: find what it shows. */
      b = g_object_get_data (G_OBJECT (field), "binding");
      if (b == NULL)
        continue;
      if (b->apply == apply_iface_addr)
        {
          const NsTopoIface *iface = ns_topo_node_find_iface (node, b->key);

          text = iface && iface->has_addr ? ns_format_cidr (iface->addr, iface->prefix_len)
                                          : g_strdup ("");
        }
      else if (b->index < node->services->len)
        {
          const NsTopoService *service = g_ptr_array_index (node->services, b->index);

          text = b->apply == apply_service_body
                 ? g_strdup_printf ("%" G_GUINT64_FORMAT, service->body_bytes)
                 : g_strdup_printf ("%u", service->port);
        }
      ns_field_set_text (field, text);
    }
}

static char *
format_ipv4_list (GArray *addrs)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; addrs != NULL && i < addrs->len; i++)
    {
      g_autofree char *a = ns_format_ipv4 (g_array_index (addrs, guint32, i));

      g_string_append_printf (s, "%s%s", i ? ", " : "", a);
    }
  return g_string_free (s, FALSE);
}

static void
fill_node_page (NsProperties *self, const NsTopoNode *node)
{
  const NsTopology *topology = ns_document_get_topology (self->document);
  g_autofree char *shape = node_shape (topology, node);
  g_autofree char *gateway = node->has_gateway ? ns_format_ipv4 (node->gateway) : g_strdup ("");
  g_autofree char *dns = format_ipv4_list (node->dns);
  g_autofree char *heading = g_strdup_printf ("%s · %s", ns_symbols_kind_name (node->kind),
                                              node->label ? node->label : node->id);
  gboolean is_switch = node->kind == NS_NODE_SWITCH;

  if (g_strcmp0 (shape, self->shape) != 0)
    {
      g_ptr_array_set_size (self->row_fields, 0);
      /* The add-route fields live in the route list: keep them. */
      if (gtk_widget_get_parent (self->route_to_field) != NULL)
        {
          g_object_ref (self->route_to_field);
          g_object_ref (self->route_via_field);
          gtk_box_remove (GTK_BOX (gtk_widget_get_parent (self->route_to_field)),
                          self->route_to_field);
          gtk_box_remove (GTK_BOX (gtk_widget_get_parent (self->route_via_field)),
                          self->route_via_field);
          g_object_unref (self->route_to_field);
          g_object_unref (self->route_via_field);
        }
      build_iface_rows (self, topology, node);
      build_route_rows (self, node);
      build_service_rows (self, node);
      g_free (self->shape);
      self->shape = g_steal_pointer (&shape);
    }
  gtk_image_set_from_icon_name (self->node_icon, kind_icon (node->kind));
  gtk_label_set_label (self->node_heading, heading);
  ns_field_set_text (self->id_field, node->id);
  ns_field_set_text (self->label_field, node->label);
  gtk_drop_down_set_selected (self->kind_dropdown,
                              node->kind == NS_NODE_HOST ? 0 : node->kind == NS_NODE_ROUTER ? 1 : 2);
  gtk_label_set_label (GTK_LABEL (self->ifaces_heading), is_switch ? _("Ports") : _("Interfaces"));
  gtk_label_set_label (self->add_iface_label, is_switch ? _("Add Port") : _("Add Interface"));
  gtk_widget_set_visible (self->ip_box, !is_switch);
  ns_field_set_text (self->gateway_field, gateway);
  ns_field_set_text (self->dns_field, dns);
  gtk_label_set_label (self->routes_hint,
                       ns_document_get_topology (self->document)->routing_auto
                       ? _("Routing is automatic: the other routes come from the drawing. "
                           "Routes written here win.")
                       : _("Routing is static: only these routes and the gateway are used."));
  fill_row_fields (self, node);
}

/* ---- the link page ---- */

static void
build_link_page (NsProperties *self)
{
  struct { const char *label; LinkField field; CheckFunc check; double min, max; } rows[] = {
    { N_("Delay (ms)"), LINK_DELAY, check_number, 0, MAX_DELAY_MS },
    { N_("Bandwidth (Mbit/s)"), LINK_BANDWIDTH, check_positive, 0, MAX_BANDWIDTH },
    { N_("Loss (%)"), LINK_LOSS, check_number, 0, 100 },
    { N_("Queue (packets)"), LINK_QUEUE, check_integer, 1, 1000000 },
    { N_("MTU (bytes)"), LINK_MTU, check_integer, 68, 9000 },
    { N_("Jitter (ms)"), LINK_JITTER, check_number, 0, MAX_DELAY_MS },
  };
  GtkWidget **fields[] = { &self->delay_field, &self->bandwidth_field, &self->loss_field,
                           &self->queue_field, &self->mtu_field, &self->jitter_field };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      GtkWidget *field = make_field (self, NULL, rows[i].check, apply_link_number,
                                     rows[i].min, rows[i].max, NULL, rows[i].field);
      Binding *b = g_object_get_data (G_OBJECT (field), "binding");

      if (rows[i].field == LINK_LOSS)
        b->factor = 100.0;
      *fields[i] = field;
      grid_row (self->link_grid, i, _(rows[i].label), field);
    }
  self->drop_field = make_field (self, _("None, or frame numbers: 3, 7"), check_index_list,
                                 apply_drop_nth, 0, 0, NULL, 0);
  gtk_widget_set_tooltip_text (self->drop_field,
                               _("These frames are always lost, counted from 1 over both "
                                 "directions"));
  grid_row (self->link_grid, G_N_ELEMENTS (rows), _("Drop frames"), self->drop_field);
}

static void
fill_link_page (NsProperties *self, const NsTopoLink *link)
{
  g_autofree char *ends = g_strdup_printf ("%s:%s ↔ %s:%s", link->a_node, link->a_iface,
                                           link->b_node, link->b_iface);
  g_autofree char *heading = g_strdup_printf (_("Link %s"), link->id);
  GString *drops = g_string_new (NULL);

  gtk_label_set_label (self->link_heading, heading);
  gtk_label_set_label (self->link_ends, ends);
  set_number (self->delay_field, link->delay_ms);
  set_number (self->bandwidth_field, link->bandwidth_mbps);
  set_number (self->loss_field, link->loss * 100.0);
  set_number (self->queue_field, link->queue_packets);
  set_number (self->mtu_field, link->mtu);
  set_number (self->jitter_field, link->jitter_ms);
  for (guint i = 0; link->drop_nth != NULL && i < link->drop_nth->len; i++)
    g_string_append_printf (drops, "%s%u", i ? ", " : "", g_array_index (link->drop_nth, guint, i));
  ns_field_set_text (self->drop_field, drops->str);
  g_string_free (drops, TRUE);
}

/* ---- refresh ---- */

/* One page shown at a time (a box, not a GtkStack: the side panel keeps
 * its own width whatever page is shown). */
static void
show_page (NsProperties *self, const char *page)
{
  self->page = page;
  gtk_widget_set_visible (self->document_page, g_str_equal (page, "document"));
  gtk_widget_set_visible (self->node_page, g_str_equal (page, "node"));
  gtk_widget_set_visible (self->link_page, g_str_equal (page, "link"));
  gtk_widget_set_visible (self->multi_page, g_str_equal (page, "multi"));
}

static void
refresh (NsProperties *self)
{
  GHashTable *nodes, *links;
  const NsTopology *topology;
  guint n_nodes, n_links;

  if (self->document == NULL)
    return;
  self->updating = TRUE;
  topology = ns_document_get_topology (self->document);
  nodes = ns_document_get_selected_nodes (self->document);
  links = ns_document_get_selected_links (self->document);
  n_nodes = g_hash_table_size (nodes);
  n_links = g_hash_table_size (links);

  g_clear_pointer (&self->node_id, g_free);
  g_clear_pointer (&self->link_id, g_free);
  if (n_nodes == 0 && n_links == 0)
    {
      fill_document_page (self);
      show_page (self, "document");
    }
  else if (n_nodes == 1 && n_links == 0)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, nodes);
      g_hash_table_iter_next (&iter, &key, NULL);
      self->node_id = g_strdup (key);
      fill_node_page (self, ns_topology_find_node (topology, key));
      show_page (self, "node");
    }
  else if (n_nodes == 0 && n_links == 1)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, links);
      g_hash_table_iter_next (&iter, &key, NULL);
      self->link_id = g_strdup (key);
      fill_link_page (self, ns_topology_find_link (topology, key));
      show_page (self, "link");
    }
  else
    {
      g_autofree char *n = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u node", "%u nodes",
                                                         n_nodes), n_nodes);
      g_autofree char *l = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u link", "%u links",
                                                         n_links), n_links);
      /* TRANSLATORS: "3 nodes and 2 links selected" */
      g_autofree char *text = g_strdup_printf (_("%s and %s selected"), n, l);

      gtk_label_set_label (self->multi_label, text);
      show_page (self, "multi");
    }
  self->updating = FALSE;
}

const char *
ns_properties_get_page (NsProperties *self)
{
  return self->page;
}

void
ns_properties_set_document (NsProperties *self, NsDocument *document)
{
  g_return_if_fail (NS_IS_PROPERTIES (self));

  if (self->document != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->document);
      g_clear_signal_handler (&self->selection_id, self->document);
    }
  g_set_object (&self->document, document);
  g_clear_pointer (&self->shape, g_free);
  if (document != NULL)
    {
      self->changed_id = g_signal_connect_swapped (document, "changed", G_CALLBACK (refresh), self);
      self->selection_id = g_signal_connect_swapped (document, "selection-changed",
                                                     G_CALLBACK (refresh), self);
    }
  refresh (self);
}

/* ---- list actions ---- */

static void
remove_iface_action (GtkWidget *widget, const char *name, GVariant *param)
{
  NsProperties *self = NS_PROPERTIES (widget);

  ns_document_push (self->document,
                    ns_command_remove_iface (ns_document_get_topology (self->document),
                                             self->node_id, g_variant_get_string (param, NULL)));
}

static void
add_iface_action (GtkWidget *widget, const char *name, GVariant *param)
{
  NsProperties *self = NS_PROPERTIES (widget);
  const NsTopoNode *node = ns_topology_find_node (ns_document_get_topology (self->document),
                                                  self->node_id);
  const char *prefix;
  NsTopoIface *iface;

  if (node == NULL)
    return;
  prefix = node->kind == NS_NODE_SWITCH ? "p" : "eth";
  for (guint n = node->kind == NS_NODE_SWITCH ? 1 : 0;; n++)
    {
      g_autofree char *iface_name = g_strdup_printf ("%s%u", prefix, n);

      if (ns_topo_node_find_iface (node, iface_name) != NULL)
        continue;
      iface = ns_topo_iface_new (iface_name);
      ns_document_push (self->document,
                        ns_command_add_iface (ns_document_get_topology (self->document),
                                              self->node_id, iface));
      ns_topo_iface_free (iface);
      return;
    }
}

static void
add_route_action (GtkWidget *widget, const char *name, GVariant *param)
{
  NsProperties *self = NS_PROPERTIES (widget);
  const char *to = gtk_editable_get_text (GTK_EDITABLE (ns_field_get_entry (self->route_to_field)));
  const char *via = gtk_editable_get_text (GTK_EDITABLE (ns_field_get_entry (self->route_via_field)));
  NsTopoNode *copy;
  NsTopoRoute *route;
  guint32 dest, gw;
  guint prefix;

  if (!ns_parse_cidr (to, &dest, &prefix) || !ns_parse_ipv4 (via, &gw))
    {
      /* Show why nothing happened. */
      ns_field_set_text (self->route_to_field, to);
      ns_field_set_text (self->route_via_field, via);
      return;
    }
  copy = dup_node (self);
  if (copy == NULL)
    return;
  route = g_new0 (NsTopoRoute, 1);
  route->dest = dest & ns_prefix_mask (prefix);
  route->prefix_len = prefix;
  route->via = gw;
  g_ptr_array_add (copy->routes, route);
  ns_field_set_text (self->route_to_field, "");
  ns_field_set_text (self->route_via_field, "");
  push_node (self, copy);
}

static void
remove_route_action (GtkWidget *widget, const char *name, GVariant *param)
{
  NsProperties *self = NS_PROPERTIES (widget);
  NsTopoNode *copy = dup_node (self);
  guint index = g_variant_get_uint32 (param);

  if (copy == NULL || index >= copy->routes->len)
    {
      g_clear_pointer (&copy, ns_topo_node_free);
      return;
    }
  g_ptr_array_remove_index (copy->routes, index);
  push_node (self, copy);
}

static guint16
default_port (const char *type)
{
  if (g_str_equal (type, "http-server"))
    return 80;
  if (g_str_equal (type, "dns-server"))
    return 53;
  if (g_str_has_suffix (type, "-echo"))
    return 7;     /* RFC 862 */
  return 9;       /* discard, RFC 863 */
}

static void
add_service_action (GtkWidget *widget, const char *name, GVariant *param)
{
  NsProperties *self = NS_PROPERTIES (widget);
  const char *type = g_variant_get_string (param, NULL);
  NsTopoNode *copy = dup_node (self);

  if (copy == NULL)
    return;
  g_ptr_array_add (copy->services, ns_topo_service_new (type, default_port (type)));
  push_node (self, copy);
}

static void
remove_service_action (GtkWidget *widget, const char *name, GVariant *param)
{
  NsProperties *self = NS_PROPERTIES (widget);
  NsTopoNode *copy = dup_node (self);
  guint index = g_variant_get_uint32 (param);

  if (copy == NULL || index >= copy->services->len)
    {
      g_clear_pointer (&copy, ns_topo_node_free);
      return;
    }
  g_ptr_array_remove_index (copy->services, index);
  push_node (self, copy);
}

/* ---- GObject ---- */

static void
ns_properties_dispose (GObject *object)
{
  NsProperties *self = NS_PROPERTIES (object);

  if (self->document != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->document);
      g_clear_signal_handler (&self->selection_id, self->document);
    }
  g_clear_object (&self->document);
  g_clear_pointer (&self->row_fields, g_ptr_array_unref);
  g_clear_object (&self->route_to_field);
  g_clear_object (&self->route_via_field);
  gtk_widget_dispose_template (GTK_WIDGET (self), NS_TYPE_PROPERTIES);
  /* The template's root box is not bound to a field: unparent it too. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (ns_properties_parent_class)->dispose (object);
}

static void
ns_properties_finalize (GObject *object)
{
  NsProperties *self = NS_PROPERTIES (object);

  g_free (self->node_id);
  g_free (self->link_id);
  g_free (self->shape);
  G_OBJECT_CLASS (ns_properties_parent_class)->finalize (object);
}

static void
ns_properties_class_init (NsPropertiesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ns_properties_dispose;
  object_class->finalize = ns_properties_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/netsketch/Netsketch/ns-properties.ui");
  gtk_widget_class_bind_template_child (widget_class, NsProperties, scroller);
  gtk_widget_class_bind_template_child (widget_class, NsProperties, document_page);
  gtk_widget_class_bind_template_child (widget_class, NsProperties, node_page);
  gtk_widget_class_bind_template_child (widget_class, NsProperties, link_page);
  gtk_widget_class_bind_template_child (widget_class, NsProperties, multi_page);
  gtk_widget_class_bind_template_child (widget_class, NsProperties, document_grid);
  gtk_widget_class_bind_template_child (widget_class, NsProperties, problems_heading);
  gtk_widget_class_bind_template_child (widget_class, NsProperties, problems_list);
  gtk_widget_class_bind_template_child (widget_class, NsProperties, node_icon);
  gtk_widget_class_bind_template_child (widget_class, NsProperties, node_heading);
  gtk_widget_class_bind_template_child (widget_class, NsProperties, node_grid);
  gtk_widget_class_bind_template_child (widget_class, NsProperties, ifaces_heading);
  gtk_widget_class_bind_template_child (widget_class, NsProperties, iface_list);
  gtk_widget_class_bind_template_child (widget_class, NsProperties, add_iface_button);
  gtk_widget_class_bind_template_child (widget_class, NsProperties, add_iface_label);
  gtk_widget_class_bind_template_child (widget_class, NsProperties, ip_box);
  gtk_widget_class_bind_template_child (widget_class, NsProperties, ip_grid);
  gtk_widget_class_bind_template_child (widget_class, NsProperties, routes_hint);
  gtk_widget_class_bind_template_child (widget_class, NsProperties, route_list);
  gtk_widget_class_bind_template_child (widget_class, NsProperties, service_list);
  gtk_widget_class_bind_template_child (widget_class, NsProperties, link_heading);
  gtk_widget_class_bind_template_child (widget_class, NsProperties, link_ends);
  gtk_widget_class_bind_template_child (widget_class, NsProperties, link_grid);
  gtk_widget_class_bind_template_child (widget_class, NsProperties, multi_label);
  gtk_widget_class_bind_template_child (widget_class, NsProperties, service_menu);

  gtk_widget_class_install_action (widget_class, "properties.add-iface", NULL, add_iface_action);
  gtk_widget_class_install_action (widget_class, "properties.remove-iface", "s",
                                   remove_iface_action);
  gtk_widget_class_install_action (widget_class, "properties.add-route", NULL, add_route_action);
  gtk_widget_class_install_action (widget_class, "properties.remove-route", "u",
                                   remove_route_action);
  gtk_widget_class_install_action (widget_class, "properties.add-service", "s",
                                   add_service_action);
  gtk_widget_class_install_action (widget_class, "properties.remove-service", "u",
                                   remove_service_action);
}

static void
ns_properties_init (NsProperties *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->row_fields = g_ptr_array_new ();
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->add_iface_button),
                                  "properties.add-iface");
  build_document_page (self);
  build_node_page (self);
  build_link_page (self);
  show_page (self, "document");
  /* Kept across rebuilds of the route list. */
  g_object_ref_sink (self->route_to_field);
  g_object_ref_sink (self->route_via_field);
}

GtkWidget *
ns_properties_new (void)
{
  return g_object_new (NS_TYPE_PROPERTIES, NULL);
}
