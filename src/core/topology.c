/* topology.c: the document model: constructors with the defaults of
 * docs/file-format.md, deep copies, look-ups, and IPv4/CIDR text. */
#include "config.h"

#include "core/topology.h"

#include "core/activity.h"
#include "core/json-scan.h"
#include "net/stack.h"

#include <string.h>

static JsonObject *
extra_copy (JsonObject *extra)
{
  JsonNode *node;
  JsonNode *copy;
  JsonObject *result;

  if (extra == NULL)
    return NULL;
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, extra);
  copy = ns_json_node_deep_copy (node);
  result = json_object_ref (json_node_get_object (copy));
  json_node_unref (copy);
  json_node_unref (node);
  return result;
}

static GPtrArray *
ptr_array_copy (GPtrArray *array, GCopyFunc copy, GDestroyNotify destroy)
{
  GPtrArray *result = g_ptr_array_new_full (array ? array->len : 0, destroy);

  for (guint i = 0; array != NULL && i < array->len; i++)
    g_ptr_array_add (result, copy (g_ptr_array_index (array, i), NULL));
  return result;
}

static GArray *
array_copy (GArray *array, guint element_size)
{
  GArray *result = g_array_sized_new (FALSE, TRUE, element_size, array ? array->len : 0);

  if (array != NULL && array->len > 0)
    g_array_append_vals (result, array->data, array->len);
  return result;
}

/* ---- topology ---- */

NsTopology *
ns_topology_new (void)
{
  NsTopology *self = g_new0 (NsTopology, 1);

  self->seed = 1;
  self->routing_auto = TRUE;
  self->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_topo_node_free);
  self->links = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_topo_link_free);
  self->scenario = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_topo_action_free);
  return self;
}

void
ns_topology_free (NsTopology *self)
{
  if (self == NULL)
    return;
  g_free (self->title);
  g_free (self->description);
  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_clear_pointer (&self->links, g_ptr_array_unref);
  g_clear_pointer (&self->scenario, g_ptr_array_unref);
  g_clear_pointer (&self->extra, json_object_unref);
  g_clear_pointer (&self->activity, ns_activity_free);
  g_free (self);
}

static gpointer
copy_node_cb (gconstpointer src, gpointer data)
{
  return ns_topo_node_copy (src);
}

static gpointer
copy_link_cb (gconstpointer src, gpointer data)
{
  return ns_topo_link_copy (src);
}

static gpointer
copy_action_cb (gconstpointer src, gpointer data)
{
  return ns_topo_action_copy (src);
}

static gpointer
copy_iface_cb (gconstpointer src, gpointer data)
{
  return ns_topo_iface_copy (src);
}

static gpointer
copy_route_cb (gconstpointer src, gpointer data)
{
  return ns_topo_route_copy (src);
}

static gpointer
copy_service_cb (gconstpointer src, gpointer data)
{
  return ns_topo_service_copy (src);
}

static gpointer
copy_record_cb (gconstpointer src, gpointer data)
{
  return ns_topo_record_copy (src);
}

NsTopology *
ns_topology_copy (const NsTopology *self)
{
  NsTopology *copy;

  g_return_val_if_fail (self != NULL, NULL);
  copy = g_new0 (NsTopology, 1);
  copy->title = g_strdup (self->title);
  copy->description = g_strdup (self->description);
  copy->seed = self->seed;
  copy->routing_auto = self->routing_auto;
  copy->nodes = ptr_array_copy (self->nodes, copy_node_cb, (GDestroyNotify) ns_topo_node_free);
  copy->links = ptr_array_copy (self->links, copy_link_cb, (GDestroyNotify) ns_topo_link_free);
  copy->scenario = ptr_array_copy (self->scenario, copy_action_cb,
                                   (GDestroyNotify) ns_topo_action_free);
  copy->extra = extra_copy (self->extra);
  copy->activity = self->activity != NULL ? ns_activity_copy (self->activity) : NULL;
  return copy;
}

/* ---- nodes ---- */

NsTopoNode *
ns_topo_node_new (const char *id, NsNodeKind kind)
{
  NsTopoNode *node = g_new0 (NsTopoNode, 1);

  node->id = g_strdup (id);
  node->kind = kind;
  node->ifaces = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_topo_iface_free);
  node->dns = g_array_new (FALSE, TRUE, sizeof (guint32));
  node->routes = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_topo_route_free);
  node->services = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_topo_service_free);
  return node;
}

void
ns_topo_node_free (NsTopoNode *node)
{
  if (node == NULL)
    return;
  g_free (node->id);
  g_free (node->label);
  g_clear_pointer (&node->ifaces, g_ptr_array_unref);
  g_clear_pointer (&node->dns, g_array_unref);
  g_clear_pointer (&node->routes, g_ptr_array_unref);
  g_clear_pointer (&node->services, g_ptr_array_unref);
  g_clear_pointer (&node->extra, json_object_unref);
  g_free (node);
}

NsTopoNode *
ns_topo_node_copy (const NsTopoNode *node)
{
  NsTopoNode *copy;

  g_return_val_if_fail (node != NULL, NULL);
  copy = g_new0 (NsTopoNode, 1);
  copy->id = g_strdup (node->id);
  copy->kind = node->kind;
  copy->label = g_strdup (node->label);
  copy->x = node->x;
  copy->y = node->y;
  copy->ifaces = ptr_array_copy (node->ifaces, copy_iface_cb, (GDestroyNotify) ns_topo_iface_free);
  copy->has_gateway = node->has_gateway;
  copy->gateway = node->gateway;
  copy->dns = array_copy (node->dns, sizeof (guint32));
  copy->routes = ptr_array_copy (node->routes, copy_route_cb, (GDestroyNotify) ns_topo_route_free);
  copy->services = ptr_array_copy (node->services, copy_service_cb,
                                   (GDestroyNotify) ns_topo_service_free);
  copy->extra = extra_copy (node->extra);
  return copy;
}

/* ---- interfaces ---- */

NsTopoIface *
ns_topo_iface_new (const char *name)
{
  NsTopoIface *iface = g_new0 (NsTopoIface, 1);

  iface->name = g_strdup (name);
  return iface;
}

void
ns_topo_iface_free (NsTopoIface *iface)
{
  if (iface == NULL)
    return;
  g_free (iface->name);
  g_clear_pointer (&iface->extra, json_object_unref);
  g_free (iface);
}

NsTopoIface *
ns_topo_iface_copy (const NsTopoIface *iface)
{
  NsTopoIface *copy;

  g_return_val_if_fail (iface != NULL, NULL);
  copy = g_new0 (NsTopoIface, 1);
  *copy = *iface;
  copy->name = g_strdup (iface->name);
  copy->extra = extra_copy (iface->extra);
  return copy;
}

/* ---- routes ---- */

NsTopoRoute *
ns_topo_route_new (guint32 dest, guint prefix_len, guint32 via)
{
  NsTopoRoute *route = g_new0 (NsTopoRoute, 1);

  route->dest = dest;
  route->prefix_len = prefix_len;
  route->via = via;
  return route;
}

void
ns_topo_route_free (NsTopoRoute *route)
{
  if (route == NULL)
    return;
  g_clear_pointer (&route->extra, json_object_unref);
  g_free (route);
}

NsTopoRoute *
ns_topo_route_copy (const NsTopoRoute *route)
{
  NsTopoRoute *copy;

  g_return_val_if_fail (route != NULL, NULL);
  copy = g_new0 (NsTopoRoute, 1);
  *copy = *route;
  copy->extra = extra_copy (route->extra);
  return copy;
}

/* ---- services and records ---- */

NsTopoService *
ns_topo_service_new (const char *type, guint16 port)
{
  NsTopoService *service = g_new0 (NsTopoService, 1);

  service->type = g_strdup (type);
  service->port = port;
  service->body_bytes = 1000;
  service->records = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_topo_record_free);
  return service;
}

void
ns_topo_service_free (NsTopoService *service)
{
  if (service == NULL)
    return;
  g_free (service->type);
  g_clear_pointer (&service->records, g_ptr_array_unref);
  g_free (service->root);
  g_clear_pointer (&service->extra, json_object_unref);
  g_free (service);
}

NsTopoService *
ns_topo_service_copy (const NsTopoService *service)
{
  NsTopoService *copy;

  g_return_val_if_fail (service != NULL, NULL);
  copy = g_new0 (NsTopoService, 1);
  *copy = *service;
  copy->type = g_strdup (service->type);
  copy->records = ptr_array_copy (service->records, copy_record_cb,
                                  (GDestroyNotify) ns_topo_record_free);
  copy->root = g_strdup (service->root);
  copy->extra = extra_copy (service->extra);
  return copy;
}

NsTopoRecord *
ns_topo_record_new (const char *name, const char *type, const char *value)
{
  NsTopoRecord *record = g_new0 (NsTopoRecord, 1);

  record->name = g_strdup (name);
  record->type = g_strdup (type);
  record->value = g_strdup (value);
  record->ttl = 300;
  return record;
}

void
ns_topo_record_free (NsTopoRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->name);
  g_free (record->type);
  g_free (record->value);
  g_clear_pointer (&record->extra, json_object_unref);
  g_free (record);
}

NsTopoRecord *
ns_topo_record_copy (const NsTopoRecord *record)
{
  NsTopoRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);
  copy = ns_topo_record_new (record->name, record->type, record->value);
  copy->ttl = record->ttl;
  copy->extra = extra_copy (record->extra);
  return copy;
}

/* ---- links ---- */

NsTopoLink *
ns_topo_link_new (const char *id)
{
  NsTopoLink *link = g_new0 (NsTopoLink, 1);

  link->id = g_strdup (id);
  link->delay_ms = 1;
  link->bandwidth_mbps = 100;
  link->loss = 0;
  link->drop_nth = g_array_new (FALSE, TRUE, sizeof (guint));
  link->queue_packets = 64;
  link->mtu = 1500;
  link->jitter_ms = 0;
  return link;
}

void
ns_topo_link_free (NsTopoLink *link)
{
  if (link == NULL)
    return;
  g_free (link->id);
  g_free (link->a_node);
  g_free (link->a_iface);
  g_free (link->b_node);
  g_free (link->b_iface);
  g_clear_pointer (&link->drop_nth, g_array_unref);
  g_clear_pointer (&link->extra, json_object_unref);
  g_free (link);
}

NsTopoLink *
ns_topo_link_copy (const NsTopoLink *link)
{
  NsTopoLink *copy;

  g_return_val_if_fail (link != NULL, NULL);
  copy = g_new0 (NsTopoLink, 1);
  *copy = *link;
  copy->id = g_strdup (link->id);
  copy->a_node = g_strdup (link->a_node);
  copy->a_iface = g_strdup (link->a_iface);
  copy->b_node = g_strdup (link->b_node);
  copy->b_iface = g_strdup (link->b_iface);
  copy->drop_nth = array_copy (link->drop_nth, sizeof (guint));
  copy->extra = extra_copy (link->extra);
  return copy;
}

/* ---- scenario actions ---- */

NsTopoAction *
ns_topo_action_new (const char *node, const char *action)
{
  NsTopoAction *self = g_new0 (NsTopoAction, 1);

  self->node = g_strdup (node);
  self->action = g_strdup (action);
  /* Per-action defaults of docs/file-format.md: ping sends 4 echoes a second
   * apart; udp-send sends one datagram. */
  if (g_strcmp0 (action, "ping") == 0)
    {
      self->count = 4;
      self->interval_ms = 1000;
    }
  else
    {
      self->count = 1;
      self->interval_ms = 0;
    }
  self->from_port = -1;
  return self;
}

void
ns_topo_action_free (NsTopoAction *action)
{
  if (action == NULL)
    return;
  g_free (action->node);
  g_free (action->action);
  g_free (action->target);
  g_free (action->name);
  g_free (action->url);
  g_clear_pointer (&action->extra, json_object_unref);
  g_free (action);
}

NsTopoAction *
ns_topo_action_copy (const NsTopoAction *action)
{
  NsTopoAction *copy;

  g_return_val_if_fail (action != NULL, NULL);
  copy = g_new0 (NsTopoAction, 1);
  *copy = *action;
  copy->node = g_strdup (action->node);
  copy->action = g_strdup (action->action);
  copy->target = g_strdup (action->target);
  copy->name = g_strdup (action->name);
  copy->url = g_strdup (action->url);
  copy->extra = extra_copy (action->extra);
  return copy;
}

/* ---- look-ups ---- */

gint
ns_topology_node_index (const NsTopology *self, const char *id)
{
  g_return_val_if_fail (self != NULL, -1);
  for (guint i = 0; id != NULL && i < self->nodes->len; i++)
    {
      NsTopoNode *node = g_ptr_array_index (self->nodes, i);

      if (g_strcmp0 (node->id, id) == 0)
        return (gint) i;
    }
  return -1;
}

NsTopoNode *
ns_topology_find_node (const NsTopology *self, const char *id)
{
  gint index = ns_topology_node_index (self, id);

  return index < 0 ? NULL : g_ptr_array_index (self->nodes, index);
}

gint
ns_topology_link_index (const NsTopology *self, const char *id)
{
  g_return_val_if_fail (self != NULL, -1);
  for (guint i = 0; id != NULL && i < self->links->len; i++)
    {
      NsTopoLink *link = g_ptr_array_index (self->links, i);

      if (g_strcmp0 (link->id, id) == 0)
        return (gint) i;
    }
  return -1;
}

NsTopoLink *
ns_topology_find_link (const NsTopology *self, const char *id)
{
  gint index = ns_topology_link_index (self, id);

  return index < 0 ? NULL : g_ptr_array_index (self->links, index);
}

gint
ns_topo_node_iface_index (const NsTopoNode *node, const char *name)
{
  g_return_val_if_fail (node != NULL, -1);
  for (guint i = 0; name != NULL && i < node->ifaces->len; i++)
    {
      NsTopoIface *iface = g_ptr_array_index (node->ifaces, i);

      if (g_strcmp0 (iface->name, name) == 0)
        return (gint) i;
    }
  return -1;
}

NsTopoIface *
ns_topo_node_find_iface (const NsTopoNode *node, const char *name)
{
  gint i = ns_topo_node_iface_index (node, name);

  return i >= 0 ? g_ptr_array_index (node->ifaces, i) : NULL;
}

NsTopoLink *
ns_topology_link_at (const NsTopology *self, const char *node, const char *iface)
{
  g_return_val_if_fail (self != NULL, NULL);
  for (guint i = 0; i < self->links->len; i++)
    {
      NsTopoLink *link = g_ptr_array_index (self->links, i);

      if ((g_strcmp0 (link->a_node, node) == 0 && g_strcmp0 (link->a_iface, iface) == 0) ||
          (g_strcmp0 (link->b_node, node) == 0 && g_strcmp0 (link->b_iface, iface) == 0))
        return link;
    }
  return NULL;
}

/* ---- kinds ---- */

static const char *const kind_names[] = { "host", "router", "switch", "hub" };

const char *
ns_node_kind_to_string (NsNodeKind kind)
{
  if ((guint) kind < G_N_ELEMENTS (kind_names))
    return kind_names[kind];
  return "unknown";
}

gboolean
ns_node_kind_from_string (const char *text, NsNodeKind *kind_out)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (strcmp (text, kind_names[i]) == 0)
      {
        if (kind_out != NULL)
          *kind_out = (NsNodeKind) i;
        return TRUE;
      }
  return FALSE;
}

/* ---- addresses ---- */

/* Reads a decimal number of 1..@max_digits digits no greater than @max at
 * *@p, advancing *@p. Leading zeros are refused, except "0" itself, as in
 * an address (ns_ipv4_from_string). */
static gboolean
parse_decimal (const char **p, guint max_digits, guint max, guint *out)
{
  const char *s = *p;
  guint value = 0;
  guint digits = 0;

  while (s[digits] >= '0' && s[digits] <= '9')
    {
      if (digits == max_digits)
        return FALSE;
      value = value * 10 + (guint) (s[digits] - '0');
      digits++;
    }
  if (digits == 0 || value > max || (digits > 1 && s[0] == '0'))
    return FALSE;
  *p = s + digits;
  *out = value;
  return TRUE;
}

gboolean
ns_parse_ipv4 (const char *text, guint32 *addr_out)
{
  return ns_ipv4_from_string (text, addr_out);
}

gboolean
ns_parse_cidr (const char *text, guint32 *addr_out, guint *prefix_out)
{
  const char *slash = text != NULL ? strchr (text, '/') : NULL;
  char quad[16];
  const char *p;
  guint32 addr;
  guint prefix;

  if (slash == NULL || slash - text >= (gssize) sizeof quad)
    return FALSE;
  memcpy (quad, text, (gsize) (slash - text));
  quad[slash - text] = '\0';
  if (!ns_ipv4_from_string (quad, &addr))
    return FALSE;
  p = slash + 1;
  if (!parse_decimal (&p, 2, 32, &prefix) || *p != '\0')
    return FALSE;
  if (addr_out != NULL)
    *addr_out = addr;
  if (prefix_out != NULL)
    *prefix_out = prefix;
  return TRUE;
}

char *
ns_format_ipv4 (guint32 addr)
{
  return g_strdup_printf ("%u.%u.%u.%u", addr >> 24, (addr >> 16) & 0xff,
                          (addr >> 8) & 0xff, addr & 0xff);
}

char *
ns_format_cidr (guint32 addr, guint prefix_len)
{
  return g_strdup_printf ("%u.%u.%u.%u/%u", addr >> 24, (addr >> 16) & 0xff,
                          (addr >> 8) & 0xff, addr & 0xff, prefix_len);
}

guint32
ns_prefix_mask (guint prefix_len)
{
  if (prefix_len == 0)
    return 0;
  if (prefix_len >= 32)
    return 0xffffffffu;
  return 0xffffffffu << (32 - prefix_len);
}
