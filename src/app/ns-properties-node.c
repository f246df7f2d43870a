/* ns-properties-node.c: the node page of the properties panel:
 * id, label, kind, gateway, DNS and the lists of interfaces, routes and
 * services. */
#include "config.h"

#include <glib/gi18n.h>

#include "ns-symbols.h"
#include "core/validate.h"
#include "ns-field.h"
#include "ns-properties-private.h"

NsTopoNode *
ns_properties_dup_node (NsProperties *self)
{
  const NsTopoNode *node = ns_topology_find_node (ns_document_get_topology (self->document),
                                                  self->node_id);

  return node != NULL ? ns_topo_node_copy (node) : NULL;
}


void
ns_properties_push_node (NsProperties *self, NsTopoNode *copy)
{
  g_autofree char *id = g_strdup (self->node_id);

  if (copy == NULL)
    return;
  ns_document_push (self->document,
                    ns_command_set_node (ns_document_get_topology (self->document), id, copy));
  ns_topo_node_free (copy);
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
  NsTopoNode *copy = ns_properties_dup_node (b->self);

  if (copy == NULL)
    return;
  g_free (copy->label);
  copy->label = text[0] != '\0' ? g_strdup (text) : NULL;
  ns_properties_push_node (b->self, copy);
}

static void
apply_iface_addr (const Binding *b, const char *text)
{
  NsTopoNode *copy = ns_properties_dup_node (b->self);
  NsTopoIface *iface = copy != NULL ? ns_topo_node_find_iface (copy, b->key) : NULL;

  if (iface == NULL)
    {
      g_clear_pointer (&copy, ns_topo_node_free);
      return;
    }
  iface->has_addr = ns_parse_cidr (text, &iface->addr, &iface->prefix_len);
  ns_properties_push_node (b->self, copy);
}

static void
apply_gateway (const Binding *b, const char *text)
{
  NsTopoNode *copy = ns_properties_dup_node (b->self);

  if (copy == NULL)
    return;
  copy->has_gateway = ns_parse_ipv4 (text, &copy->gateway);
  ns_properties_push_node (b->self, copy);
}

static void
apply_dns (const Binding *b, const char *text)
{
  NsTopoNode *copy = ns_properties_dup_node (b->self);
  g_auto (GStrv) parts = ns_properties_split_list (text);

  if (copy == NULL)
    return;
  g_array_set_size (copy->dns, 0);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint32 addr;

      if (ns_parse_ipv4 (parts[i], &addr))
        g_array_append_val (copy->dns, addr);
    }
  ns_properties_push_node (b->self, copy);
}

static void
apply_service_port (const Binding *b, const char *text)
{
  NsTopoNode *copy = ns_properties_dup_node (b->self);
  double value;

  if (copy == NULL || b->index >= copy->services->len || !ns_properties_parse_number (text, &value))
    {
      g_clear_pointer (&copy, ns_topo_node_free);
      return;
    }
  ((NsTopoService *) g_ptr_array_index (copy->services, b->index))->port = (guint16) value;
  ns_properties_push_node (b->self, copy);
}

static void
apply_service_body (const Binding *b, const char *text)
{
  NsTopoNode *copy = ns_properties_dup_node (b->self);
  double value;

  if (copy == NULL || b->index >= copy->services->len || !ns_properties_parse_number (text, &value))
    {
      g_clear_pointer (&copy, ns_topo_node_free);
      return;
    }
  ((NsTopoService *) g_ptr_array_index (copy->services, b->index))->body_bytes = (guint64) value;
  ns_properties_push_node (b->self, copy);
}

/* ---- the node page ---- */

static const char *
kind_icon (NsNodeKind kind)
{
  switch (kind)
    {
    case NS_NODE_SWITCH:
    case NS_NODE_HUB: return "ns-switch-symbolic";
    case NS_NODE_ROUTER: return "ns-router-symbolic";
    case NS_NODE_HOST:
    default: return "ns-host-symbolic";
    }
}

static void
kind_changed_cb (GtkDropDown *dropdown, GParamSpec *pspec, NsProperties *self)
{
  static const NsNodeKind kinds[] = { NS_NODE_HOST, NS_NODE_ROUTER, NS_NODE_SWITCH, NS_NODE_HUB };
  guint selected = gtk_drop_down_get_selected (dropdown);
  NsTopoNode *copy;

  if (self->updating || self->document == NULL || selected >= G_N_ELEMENTS (kinds))
    return;
  copy = ns_properties_dup_node (self);
  if (copy == NULL || copy->kind == kinds[selected])
    {
      g_clear_pointer (&copy, ns_topo_node_free);
      return;
    }
  copy->kind = kinds[selected];
  /* A switch works at layer 2 only: no addresses, routes or services. */
  if (ns_node_kind_is_layer2 (copy->kind))
    {
      for (guint i = 0; i < copy->ifaces->len; i++)
        ((NsTopoIface *) g_ptr_array_index (copy->ifaces, i))->has_addr = FALSE;
      copy->has_gateway = FALSE;
      g_array_set_size (copy->dns, 0);
      g_ptr_array_set_size (copy->routes, 0);
      g_ptr_array_set_size (copy->services, 0);
    }
  ns_properties_push_node (self, copy);
}

void
ns_properties_build_node_page (NsProperties *self)
{
  const char *kinds[] = { _("Host"), _("Router"), _("Switch"), _("Hub"), NULL };

  self->id_field = ns_properties_make_field (self, NULL, ns_properties_check_node_id, apply_node_id,
                                             0, 0, NULL, 0);
  self->label_field = ns_properties_make_field (self, _("Shown instead of the name"), NULL,
                                                apply_label, 0, 0, NULL, 0);
  self->kind_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (kinds));
  g_signal_connect (self->kind_dropdown, "notify::selected", G_CALLBACK (kind_changed_cb), self);
  ns_properties_grid_row (self->node_grid, 0, _("Name"), self->id_field);
  ns_properties_grid_row (self->node_grid, 1, _("Label"), self->label_field);
  ns_properties_grid_row (self->node_grid, 2, _("Kind"), GTK_WIDGET (self->kind_dropdown));

  self->gateway_field = ns_properties_make_field (self, _("None"),
                                                  ns_properties_check_ipv4_optional,
                                                  apply_gateway, 0, 0, NULL, 0);
  self->dns_field = ns_properties_make_field (self, _("None"), ns_properties_check_ipv4_list,
                                              apply_dns, 0, 0, NULL, 0);
  ns_properties_grid_row (self->ip_grid, 0, _("Gateway"), self->gateway_field);
  ns_properties_grid_row (self->ip_grid, 1, _("DNS servers"), self->dns_field);

  self->route_to_field = ns_properties_make_field (self, _("Network, e.g. 10.0.2.0/24"),
                                                   ns_properties_check_cidr, NULL, 0, 0, NULL, 0);
  self->route_via_field = ns_properties_make_field (self, _("Via, e.g. 10.0.1.1"),
                                                    ns_properties_check_ipv4, NULL, 0, 0, NULL, 0);
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
  ns_properties_clear_list (self->iface_list);
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
      if (!ns_node_kind_is_layer2 (node->kind))
        {
          GtkWidget *field = ns_properties_make_field (self, _("No address"),
                                                       ns_properties_check_cidr_optional,
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

  ns_properties_clear_list (self->route_list);
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
  ns_properties_clear_list (self->service_list);
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
      field = ns_properties_make_field (self, NULL, ns_properties_check_integer, apply_service_port,
                                        1, 65535, NULL, i);
      g_ptr_array_add (self->row_fields, field);
      ns_properties_grid_row (grid, 0, _("Port"), field);
      if (g_strcmp0 (service->type, "http-server") == 0)
        {
          field =
            ns_properties_make_field (self, NULL, ns_properties_check_integer, apply_service_body,
                                      0, (double)NS_TOPO_MAX_BYTES, NULL, i);
          g_object_set_data (G_OBJECT (field), "body", GINT_TO_POINTER (TRUE));
          g_ptr_array_add (self->row_fields, field);
          ns_properties_grid_row (grid, 1, _("Page size (bytes)"), field);
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

void
ns_properties_fill_node_page (NsProperties *self, const NsTopoNode *node)
{
  const NsTopology *topology = ns_document_get_topology (self->document);
  g_autofree char *shape = node_shape (topology, node);
  g_autofree char *gateway = node->has_gateway ? ns_format_ipv4 (node->gateway) : g_strdup ("");
  g_autofree char *dns = format_ipv4_list (node->dns);
  g_autofree char *heading = g_strdup_printf ("%s · %s", ns_symbols_kind_name (node->kind),
                                              node->label ? node->label : node->id);
  gboolean is_switch = ns_node_kind_is_layer2 (node->kind);

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
                              node->kind == NS_NODE_HOST ? 0 : node->kind == NS_NODE_ROUTER ? 1
                              : node->kind == NS_NODE_SWITCH ? 2 : 3);
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
