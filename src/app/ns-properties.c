/* ns-properties.c: settings of the selection: the widget, its fields'
 * checks and the list actions. Each page is built and filled in its own
 * file: ns-properties-document.c, ns-properties-node.c and
 * ns-properties-link.c.
 *
 * Fields are ns-field entries bound to a Binding that knows how to check
 * the text and which command applies it. The lists (interfaces, routes,
 * services) are rebuilt only when their shape changes, so the field being
 * edited keeps the focus while other edits, undo and redo go on. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/activity.h"
#include "ns-field.h"
#include "ns-properties-private.h"

G_DEFINE_FINAL_TYPE (NsProperties, ns_properties, GTK_TYPE_WIDGET)

static void refresh (NsProperties *self);

/* ---- parsing and checks ---- */

gboolean
ns_properties_parse_number (const char *text, double *value_out)
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

gboolean
ns_properties_check_number (const Binding *b, const char *text, char **problem)
{
  double value;

  if (!ns_properties_parse_number (text, &value))
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

gboolean
ns_properties_check_positive (const Binding *b, const char *text, char **problem)
{
  double value;

  if (!ns_properties_check_number (b, text, problem))
    return FALSE;
  ns_properties_parse_number (text, &value);
  if (value <= 0)
    {
      *problem = g_strdup (_("Must be more than 0"));
      return FALSE;
    }
  return TRUE;
}

gboolean
ns_properties_check_integer (const Binding *b, const char *text, char **problem)
{
  double value;

  if (!ns_properties_check_number (b, text, problem))
    return FALSE;
  ns_properties_parse_number (text, &value);
  if (value != floor (value))
    {
      *problem = g_strdup (_("Enter a whole number"));
      return FALSE;
    }
  return TRUE;
}

gboolean
ns_properties_check_cidr_optional (const Binding *b, const char *text, char **problem)
{
  guint32 addr;
  guint prefix;

  if (text[0] == '\0' || ns_parse_cidr (text, &addr, &prefix))
    return TRUE;
  *problem = g_strdup (_("Write an address with its prefix length, like 192.168.1.10/24"));
  return FALSE;
}

gboolean
ns_properties_check_cidr (const Binding *b, const char *text, char **problem)
{
  if (text[0] == '\0')
    {
      *problem = g_strdup (_("Write a network, like 10.0.2.0/24 (0.0.0.0/0 for any)"));
      return FALSE;
    }
  return ns_properties_check_cidr_optional (b, text, problem);
}

gboolean
ns_properties_check_ipv4_optional (const Binding *b, const char *text, char **problem)
{
  guint32 addr;

  if (text[0] == '\0' || ns_parse_ipv4 (text, &addr))
    return TRUE;
  *problem = g_strdup (_("Write an IPv4 address, like 192.168.1.1"));
  return FALSE;
}

gboolean
ns_properties_check_ipv4 (const Binding *b, const char *text, char **problem)
{
  if (text[0] == '\0')
    {
      *problem = g_strdup (_("Write the next router’s address"));
      return FALSE;
    }
  return ns_properties_check_ipv4_optional (b, text, problem);
}

GStrv
ns_properties_split_list (const char *text)
{
  g_auto (GStrv) parts = g_strsplit_set (text, ", ", -1);
  g_autoptr (GPtrArray) out = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      g_ptr_array_add (out, g_strdup (parts[i]));
  g_ptr_array_add (out, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

gboolean
ns_properties_check_ipv4_list (const Binding *b, const char *text, char **problem)
{
  g_auto (GStrv) parts = ns_properties_split_list (text);
  guint32 addr;

  for (guint i = 0; parts[i] != NULL; i++)
    if (!ns_parse_ipv4 (parts[i], &addr))
      {
        *problem = g_strdup_printf (_("“%s” is not an IPv4 address"), parts[i]);
        return FALSE;
      }
  return TRUE;
}

gboolean
ns_properties_check_index_list (const Binding *b, const char *text, char **problem)
{
  g_auto (GStrv) parts = ns_properties_split_list (text);
  guint64 value;

  for (guint i = 0; parts[i] != NULL; i++)
    if (!g_ascii_string_to_unsigned (parts[i], 10, 1, G_MAXUINT32, &value, NULL))
      {
        *problem = g_strdup_printf (_("“%s” is not a frame number (1, 2, 3, …)"), parts[i]);
        return FALSE;
      }
  return TRUE;
}

gboolean
ns_properties_check_node_id (const Binding *b, const char *text, char **problem)
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
  else if (g_strcmp0 (text, b->self->node_id) != 0
           && ns_activity_uses_node (topology->activity, b->self->node_id))
    *problem = g_strdup (_("The activity's checks use this name: remove them to rename it"));
  return *problem == NULL;
}

/* ---- applying ---- */

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

GtkWidget *
ns_properties_make_field (NsProperties *self, const char *placeholder, CheckFunc check,
                          ApplyFunc apply, double min, double max, const char *key, guint index)
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

void
ns_properties_grid_row (GtkGrid *grid, int row, const char *label, GtkWidget *field)
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

void
ns_properties_set_number (GtkWidget *field, double value)
{
  g_autofree char *text = format_number (value);

  ns_field_set_text (field, text);
}

void
ns_properties_clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
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

/* An object the activity locks is shown read-only (docs/file-format.md). */
static void
show_locked (NsProperties *self, GtkWidget *page, const char *id)
{
  gboolean locked = ns_activity_is_locked (ns_document_get_topology (self->document)->activity,
                                           id);

  gtk_widget_set_sensitive (page, !locked);
  gtk_widget_set_tooltip_text (page, locked ? _("🔒 Locked by the activity: it cannot be "
                                                "changed or deleted") : NULL);
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
      ns_properties_fill_document_page (self);
      show_page (self, "document");
    }
  else if (n_nodes == 1 && n_links == 0)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, nodes);
      g_hash_table_iter_next (&iter, &key, NULL);
      self->node_id = g_strdup (key);
      ns_properties_fill_node_page (self, ns_topology_find_node (topology, key));
      show_page (self, "node");
      show_locked (self, self->node_page, key);
    }
  else if (n_nodes == 0 && n_links == 1)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, links);
      g_hash_table_iter_next (&iter, &key, NULL);
      self->link_id = g_strdup (key);
      ns_properties_fill_link_page (self, ns_topology_find_link (topology, key));
      show_page (self, "link");
      show_locked (self, self->link_page, key);
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
  prefix = ns_node_kind_is_layer2 (node->kind) ? "p" : "eth";
  for (guint n = ns_node_kind_is_layer2 (node->kind) ? 1 : 0;; n++)
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
  const char *via =
    gtk_editable_get_text (GTK_EDITABLE (ns_field_get_entry (self->route_via_field)));
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
  copy = ns_properties_dup_node (self);
  if (copy == NULL)
    return;
  route = g_new0 (NsTopoRoute, 1);
  route->dest = dest & ns_prefix_mask (prefix);
  route->prefix_len = prefix;
  route->via = gw;
  g_ptr_array_add (copy->routes, route);
  ns_field_set_text (self->route_to_field, "");
  ns_field_set_text (self->route_via_field, "");
  ns_properties_push_node (self, copy);
}

static void
remove_route_action (GtkWidget *widget, const char *name, GVariant *param)
{
  NsProperties *self = NS_PROPERTIES (widget);
  NsTopoNode *copy = ns_properties_dup_node (self);
  guint index = g_variant_get_uint32 (param);

  if (copy == NULL || index >= copy->routes->len)
    {
      g_clear_pointer (&copy, ns_topo_node_free);
      return;
    }
  g_ptr_array_remove_index (copy->routes, index);
  ns_properties_push_node (self, copy);
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
  NsTopoNode *copy = ns_properties_dup_node (self);

  if (copy == NULL)
    return;
  g_ptr_array_add (copy->services, ns_topo_service_new (type, default_port (type)));
  ns_properties_push_node (self, copy);
}

static void
remove_service_action (GtkWidget *widget, const char *name, GVariant *param)
{
  NsProperties *self = NS_PROPERTIES (widget);
  NsTopoNode *copy = ns_properties_dup_node (self);
  guint index = g_variant_get_uint32 (param);

  if (copy == NULL || index >= copy->services->len)
    {
      g_clear_pointer (&copy, ns_topo_node_free);
      return;
    }
  g_ptr_array_remove_index (copy->services, index);
  ns_properties_push_node (self, copy);
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
  ns_properties_build_document_page (self);
  ns_properties_build_node_page (self);
  ns_properties_build_link_page (self);
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
