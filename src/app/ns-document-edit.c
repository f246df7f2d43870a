/* ns-document-edit.c: the edits the canvas makes (add, move, connect,
 * delete, duplicate), each turned into commands of core/command.h so that
 * one user gesture is one undo step. */
#include "config.h"

#include <glib/gi18n.h>

#include "ns-document.h"

#include "core/activity.h"

#define DUPLICATE_OFFSET 40.0

static gboolean
id_taken (const NsTopology *topology, const char *id)
{
  return ns_topology_find_node (topology, id) != NULL
         || ns_topology_find_link (topology, id) != NULL;
}

char *
ns_document_dup_fresh_id (NsDocument *self, const char *prefix)
{
  const NsTopology *topology = ns_document_get_topology (self);

  for (guint n = 1;; n++)
    {
      g_autofree char *id = g_strdup_printf ("%s%u", prefix, n);

      if (!id_taken (topology, id))
        return g_steal_pointer (&id);
    }
}

static const char *
id_prefix (NsNodeKind kind)
{
  switch (kind)
    {
    case NS_NODE_SWITCH: return "sw";
    case NS_NODE_HUB: return "hub";
    case NS_NODE_ROUTER: return "r";
    case NS_NODE_HOST:
    default: return "pc";
    }
}

static const char *
kind_label (NsNodeKind kind)
{
  switch (kind)
    {
    case NS_NODE_SWITCH: return _("Add switch");
    case NS_NODE_HUB: return _("Add hub");
    case NS_NODE_ROUTER: return _("Add router");
    case NS_NODE_HOST:
    default: return _("Add host");
    }
}

char *
ns_document_add_node (NsDocument *self, NsNodeKind kind, double x, double y)
{
  g_autofree char *id = ns_document_dup_fresh_id (self, id_prefix (kind));
  NsTopoNode *node = ns_topo_node_new (id, kind);

  node->x = x;
  node->y = y;
  ns_document_begin_group (self, kind_label (kind));
  ns_document_push (self, ns_command_add_node (ns_document_get_topology (self), node));
  ns_document_end_group (self);
  ns_topo_node_free (node);
  return g_steal_pointer (&id);
}

void
ns_document_move_nodes (NsDocument *self, const char *const *ids, guint n_ids,
                        double dx, double dy)
{
  const NsTopology *topology = ns_document_get_topology (self);
  g_autofree const char **found = g_new0 (const char *, MAX (n_ids, 1));
  g_autofree double *xs = g_new0 (double, MAX (n_ids, 1));
  g_autofree double *ys = g_new0 (double, MAX (n_ids, 1));
  guint n_found = 0;
  NsCommand *command;

  /* A node may have gone meanwhile (undo during a drag): skip it. */
  for (guint i = 0; i < n_ids; i++)
    {
      const NsTopoNode *node = ns_topology_find_node (topology, ids[i]);

      /* A locked node stays where the teacher put it (docs/file-format.md:
       * locked objects cannot be edited). */
      if (node == NULL || ns_activity_is_locked (topology->activity, ids[i]))
        continue;
      found[n_found] = ids[i];
      xs[n_found] = node->x + dx;
      ys[n_found] = node->y + dy;
      n_found++;
    }
  if (n_found == 0)
    return;
  command = ns_command_move_nodes (topology, found, xs, ys, n_found);
  if (command != NULL)
    {
      /* One drag, one step: never merge two drags. */
      static guint drag_serial;
      g_autofree char *key = g_strdup_printf ("move-%u", ++drag_serial);

      ns_command_set_merge_key (command, key);
    }
  ns_document_push (self, command);
}

/* ---- connecting ---- */

static gboolean
iface_is_free (const NsTopology *topology, const NsTopoNode *node, const NsTopoIface *iface)
{
  return ns_topology_link_at (topology, node->id, iface->name) == NULL;
}

static NsTopoIface *
first_free_iface (const NsTopology *topology, const NsTopoNode *node)
{
  for (guint i = 0; i < node->ifaces->len; i++)
    {
      NsTopoIface *iface = g_ptr_array_index (node->ifaces, i);

      if (iface_is_free (topology, node, iface))
        return iface;
    }
  return NULL;
}

static char *
fresh_iface_name (const NsTopoNode *node)
{
  const char *prefix = ns_node_kind_is_layer2 (node->kind) ? "p" : "eth";

  for (guint n = ns_node_kind_is_layer2 (node->kind) ? 1 : 0;; n++)
    {
      g_autofree char *name = g_strdup_printf ("%s%u", prefix, n);

      if (ns_topo_node_find_iface (node, name) == NULL)
        return g_steal_pointer (&name);
    }
}

static gboolean
address_in_use (const NsTopology *topology, guint32 addr)
{
  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const NsTopoNode *node = g_ptr_array_index (topology->nodes, i);

      for (guint j = 0; j < node->ifaces->len; j++)
        {
          const NsTopoIface *iface = g_ptr_array_index (node->ifaces, j);

          if (iface->has_addr && iface->addr == addr)
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
network_in_use (const NsTopology *topology, guint32 net, guint prefix_len)
{
  guint32 mask = ns_prefix_mask (prefix_len);

  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const NsTopoNode *node = g_ptr_array_index (topology->nodes, i);

      for (guint j = 0; j < node->ifaces->len; j++)
        {
          const NsTopoIface *iface = g_ptr_array_index (node->ifaces, j);
          guint32 common = mask & ns_prefix_mask (iface->prefix_len);

          if (iface->has_addr && (iface->addr & common) == (net & common))
            return TRUE;
        }
    }
  return FALSE;
}

/* The network of the LAN a switch belongs to: the first address found on
 * a host or router interface reachable through switches from @sw. */
static gboolean
switch_lan (const NsTopology *topology, const NsTopoNode *sw, guint32 *net_out, guint *prefix_out)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GQueue) queue = g_queue_new ();

  g_queue_push_tail (queue, (gpointer) sw);
  g_hash_table_add (seen, sw->id);
  while (!g_queue_is_empty (queue))
    {
      const NsTopoNode *at = g_queue_pop_head (queue);

      for (guint i = 0; i < topology->links->len; i++)
        {
          const NsTopoLink *link = g_ptr_array_index (topology->links, i);
          gboolean a_side = g_strcmp0 (link->a_node, at->id) == 0;
          const char *other_id = a_side ? link->b_node : link->a_node;
          const char *other_if = a_side ? link->b_iface : link->a_iface;
          const NsTopoNode *other;
          const NsTopoIface *iface;

          if (!a_side && g_strcmp0 (link->b_node, at->id) != 0)
            continue;
          other = ns_topology_find_node (topology, other_id);
          if (other == NULL || g_hash_table_contains (seen, other->id))
            continue;
          g_hash_table_add (seen, other->id);
          if (ns_node_kind_is_layer2 (other->kind))
            {
              g_queue_push_tail (queue, (gpointer) other);
              continue;
            }
          iface = ns_topo_node_find_iface (other, other_if);
          if (iface != NULL && iface->has_addr)
            {
              *net_out = iface->addr & ns_prefix_mask (iface->prefix_len);
              *prefix_out = iface->prefix_len;
              return TRUE;
            }
        }
    }
  return FALSE;
}

/* A free address in @net/@prefix: routers from .1 up, hosts from .10 up,
 * as networks are usually numbered by hand. */
static gboolean
free_address (const NsTopology *topology, guint32 net, guint prefix_len, NsNodeKind kind,
              guint32 avoid, guint32 *addr_out)
{
  guint32 size = prefix_len >= 31 ? 0 : (1u << (32 - prefix_len));
  guint32 start = kind == NS_NODE_ROUTER ? 1 : 10;

  if (size < 4)
    return FALSE;
  if (start >= size - 1)
    start = 1;
  for (guint32 host = start; host < size - 1; host++)
    {
      guint32 addr = net + host;

      if (addr != avoid && !address_in_use (topology, addr))
        {
          *addr_out = addr;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
fresh_network (const NsTopology *topology, guint32 *net_out)
{
  for (guint n = 1; n < 256; n++)
    {
      guint32 net = (10u << 24) | (n << 8);

      if (!network_in_use (topology, net, 24))
        {
          *net_out = net;
          return TRUE;
        }
    }
  return FALSE;
}

typedef struct {
  const NsTopoNode *node;
  char             *iface_name;  /* chosen interface (existing or new) */
  gboolean          is_new;
  gboolean          has_addr;    /* keep the existing address */
  guint32           addr;
  guint             prefix_len;
} Endpoint;

static void
endpoint_pick_iface (const NsTopology *topology, Endpoint *end)
{
  NsTopoIface *iface = first_free_iface (topology, end->node);

  if (iface != NULL)
    {
      end->iface_name = g_strdup (iface->name);
      end->has_addr = iface->has_addr;
      end->addr = iface->addr;
      end->prefix_len = iface->prefix_len;
    }
  else
    {
      end->iface_name = fresh_iface_name (end->node);
      end->is_new = TRUE;
    }
}

static gboolean
endpoint_in (const Endpoint *end, guint32 net, guint prefix_len)
{
  return end->has_addr && end->prefix_len == prefix_len
         && (end->addr & ns_prefix_mask (prefix_len)) == net;
}

/* Decides the addresses of both ends: the LAN of a switch side, else the
 * subnet both ends already share, else a fresh 10.0.N.0/24. */
static void
propose_addresses (const NsTopology *topology, Endpoint *a, Endpoint *b)
{
  Endpoint *ends[2] = { a, b };
  guint32 net = 0;
  guint prefix_len = 24;
  gboolean have_net = FALSE;

  for (int i = 0; i < 2 && !have_net; i++)
    if (ns_node_kind_is_layer2 (ends[i]->node->kind))
      have_net = switch_lan (topology, ends[i]->node, &net, &prefix_len);
  if (!have_net && a->has_addr && b->has_addr
      && endpoint_in (b, a->addr & ns_prefix_mask (a->prefix_len), a->prefix_len))
    return;
  if (!have_net)
    {
      gboolean any_switch = ns_node_kind_is_layer2 (a->node->kind)
                            || ns_node_kind_is_layer2 (b->node->kind);

      /* A lone end on a new LAN that already has an address keeps it. */
      for (int i = 0; i < 2 && any_switch && !have_net; i++)
        if (!ns_node_kind_is_layer2 (ends[i]->node->kind) && ends[i]->has_addr)
          return;
      have_net = fresh_network (topology, &net);
    }
  if (!have_net)
    return;

  for (int i = 0; i < 2; i++)
    {
      Endpoint *end = ends[i];
      guint32 addr;

      if (ns_node_kind_is_layer2 (end->node->kind) || endpoint_in (end, net, prefix_len))
        continue;
      if (free_address (topology, net, prefix_len, end->node->kind,
                        i == 1 && a->has_addr ? a->addr : 0, &addr))
        {
          end->has_addr = TRUE;
          end->addr = addr;
          end->prefix_len = prefix_len;
        }
    }
}

static NsCommand *
endpoint_command (const NsTopology *topology, const Endpoint *end)
{
  NsTopoNode *copy;
  NsTopoIface *existing;
  NsCommand *command;

  if (end->is_new)
    {
      NsTopoIface *iface = ns_topo_iface_new (end->iface_name);

      iface->has_addr = end->has_addr && !ns_node_kind_is_layer2 (end->node->kind);
      iface->addr = end->addr;
      iface->prefix_len = end->prefix_len;
      command = ns_command_add_iface (topology, end->node->id, iface);
      ns_topo_iface_free (iface);
      return command;
    }
  copy = ns_topo_node_copy (end->node);
  existing = ns_topo_node_find_iface (copy, end->iface_name);
  existing->has_addr = end->has_addr && !ns_node_kind_is_layer2 (end->node->kind);
  existing->addr = end->addr;
  existing->prefix_len = end->prefix_len;
  command = ns_command_set_node (topology, end->node->id, copy);
  ns_topo_node_free (copy);
  return command;
}

static gboolean
already_joined (const NsTopology *topology, const char *a, const char *b)
{
  for (guint i = 0; i < topology->links->len; i++)
    {
      const NsTopoLink *link = g_ptr_array_index (topology->links, i);

      if ((g_strcmp0 (link->a_node, a) == 0 && g_strcmp0 (link->b_node, b) == 0)
          || (g_strcmp0 (link->a_node, b) == 0 && g_strcmp0 (link->b_node, a) == 0))
        return TRUE;
    }
  return FALSE;
}

char *
ns_document_connect (NsDocument *self, const char *a_id, const char *b_id, GError **error)
{
  const NsTopology *topology = ns_document_get_topology (self);
  Endpoint a = { 0 }, b = { 0 };
  g_autofree char *label = NULL;
  g_autofree char *link_id = NULL;
  NsTopoLink *link;

  a.node = ns_topology_find_node (topology, a_id);
  b.node = ns_topology_find_node (topology, b_id);
  if (a.node == NULL || b.node == NULL || a.node == b.node)
    {
      g_set_error (error, NS_DOCUMENT_ERROR, NS_DOCUMENT_ERROR_CONNECT,
                   _("A link joins two different nodes"));
      return NULL;
    }
  /* A new link adds an interface to both nodes: a locked node cannot
   * take one (docs/file-format.md: locked objects cannot be edited). */
  if (ns_activity_is_locked (topology->activity, a_id)
      || ns_activity_is_locked (topology->activity, b_id))
    {
      g_set_error (error, NS_DOCUMENT_ERROR, NS_DOCUMENT_ERROR_CONNECT,
                   _("%s is locked by the activity: it cannot get a new link"),
                   ns_activity_is_locked (topology->activity, a_id) ? a_id : b_id);
      return NULL;
    }
  if (already_joined (topology, a_id, b_id))
    {
      g_set_error (error, NS_DOCUMENT_ERROR, NS_DOCUMENT_ERROR_CONNECT,
                   _("%s and %s are already connected"), a_id, b_id);
      return NULL;
    }
  endpoint_pick_iface (topology, &a);
  endpoint_pick_iface (topology, &b);
  propose_addresses (topology, &a, &b);

  link_id = ns_document_dup_fresh_id (self, "l");
  link = ns_topo_link_new (link_id);
  link->a_node = g_strdup (a_id);
  link->a_iface = g_strdup (a.iface_name);
  link->b_node = g_strdup (b_id);
  link->b_iface = g_strdup (b.iface_name);

  /* TRANSLATORS: an undo step, e.g. "Connect pc1 and sw1" */
  label = g_strdup_printf (_("Connect %s and %s"), a_id, b_id);
  ns_document_begin_group (self, label);
  ns_document_push (self, endpoint_command (ns_document_get_topology (self), &a));
  /* The first push may have moved node pointers: look b up again. */
  b.node = ns_topology_find_node (ns_document_get_topology (self), b_id);
  ns_document_push (self, endpoint_command (ns_document_get_topology (self), &b));
  ns_document_push (self, ns_command_add_link (ns_document_get_topology (self), link));
  ns_document_end_group (self);

  ns_topo_link_free (link);
  g_free (a.iface_name);
  g_free (b.iface_name);
  return g_steal_pointer (&link_id);
}

/* ---- delete and duplicate ---- */

static gint
compare_strings (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static const char **
set_to_sorted_strv (GHashTable *set, guint *n_out)
{
  const char **ids = (const char **) g_hash_table_get_keys_as_array (set, n_out);

  /* Sorted, so that the order of the commands is the same on every run. */
  g_qsort_with_data (ids, *n_out, sizeof (char *), compare_strings, NULL);
  return ids;
}

/* Whether deleting node @id would take a locked object with it: the node
 * itself or a link attached to it (docs/file-format.md: locked objects cannot
 * be removed). */
static gboolean
takes_locked (const NsTopology *topology, const char *id)
{
  /* A node a check runs on goes with the check, not alone: the file would
   * name a node it no longer has. */
  if (ns_activity_is_locked (topology->activity, id)
      || ns_activity_uses_node (topology->activity, id))
    return TRUE;
  for (guint i = 0; topology->activity != NULL && i < topology->links->len; i++)
    {
      const NsTopoLink *link = g_ptr_array_index (topology->links, i);

      if ((g_strcmp0 (link->a_node, id) == 0 || g_strcmp0 (link->b_node, id) == 0)
          && ns_activity_is_locked (topology->activity, link->id))
        return TRUE;
    }
  return FALSE;
}

/* Drops from @ids (in place) what may not be deleted; the count left. */
static guint
drop_locked (const NsTopology *topology, const char **ids, guint n, gboolean nodes)
{
  guint kept = 0;

  for (guint i = 0; i < n; i++)
    if (nodes ? !takes_locked (topology, ids[i])
              : !ns_activity_is_locked (topology->activity, ids[i]))
      ids[kept++] = ids[i];
  return kept;
}

void
ns_document_delete_selection (NsDocument *self)
{
  GHashTable *nodes = ns_document_get_selected_nodes (self);
  GHashTable *links = ns_document_get_selected_links (self);
  g_autofree const char **node_ids = NULL;
  g_autofree const char **link_ids = NULL;
  guint n_nodes, n_links;

  if (ns_document_get_n_selected (self) == 0)
    return;
  node_ids = set_to_sorted_strv (nodes, &n_nodes);
  link_ids = set_to_sorted_strv (links, &n_links);
  n_nodes = drop_locked (ns_document_get_topology (self), node_ids, n_nodes, TRUE);
  n_links = drop_locked (ns_document_get_topology (self), link_ids, n_links, FALSE);
  if (n_nodes == 0 && n_links == 0)
    return;

  ns_document_begin_group (self, _("Delete"));
  if (n_links > 0)
    ns_document_push (self, ns_command_remove_links (ns_document_get_topology (self),
                                                     link_ids, n_links));
  if (n_nodes > 0)
    ns_document_push (self, ns_command_remove_nodes (ns_document_get_topology (self),
                                                     node_ids, n_nodes));
  ns_document_end_group (self);
}

static NsTopoNode *
duplicate_node (NsDocument *self, const NsTopoNode *node, const char *id)
{
  NsTopoNode *copy = ns_topo_node_copy (node);

  g_free (copy->id);
  copy->id = g_strdup (id);
  copy->x += DUPLICATE_OFFSET;
  copy->y += DUPLICATE_OFFSET;
  /* Two interfaces with one address would break the network. */
  for (guint i = 0; i < copy->ifaces->len; i++)
    ((NsTopoIface *) g_ptr_array_index (copy->ifaces, i))->has_addr = FALSE;
  return copy;
}

void
ns_document_duplicate_selection (NsDocument *self)
{
  g_autoptr (GHashTable) renamed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GPtrArray) new_nodes = g_ptr_array_new_with_free_func (g_free);
  g_autofree const char **node_ids = NULL;
  guint n_nodes;

  node_ids = set_to_sorted_strv (ns_document_get_selected_nodes (self), &n_nodes);
  if (n_nodes == 0)
    return;

  ns_document_begin_group (self, _("Duplicate"));
  for (guint i = 0; i < n_nodes; i++)
    {
      const NsTopology *topology = ns_document_get_topology (self);
      const NsTopoNode *node = ns_topology_find_node (topology, node_ids[i]);
      g_autofree char *id = ns_document_dup_fresh_id (self, id_prefix (node->kind));
      NsTopoNode *copy = duplicate_node (self, node, id);

      ns_document_push (self, ns_command_add_node (topology, copy));
      ns_topo_node_free (copy);
      g_hash_table_insert (renamed, g_strdup (node_ids[i]), g_strdup (id));
      g_ptr_array_add (new_nodes, g_strdup (id));
    }
  for (guint i = 0; i < ns_document_get_topology (self)->links->len; i++)
    {
      const NsTopology *topology = ns_document_get_topology (self);
      const NsTopoLink *link = g_ptr_array_index (topology->links, i);
      const char *a = g_hash_table_lookup (renamed, link->a_node);
      const char *b = g_hash_table_lookup (renamed, link->b_node);
      g_autofree char *id = NULL;
      NsTopoLink *copy;

      if (a == NULL || b == NULL)
        continue;
      id = ns_document_dup_fresh_id (self, "l");
      copy = ns_topo_link_copy (link);
      g_free (copy->id);
      copy->id = g_strdup (id);
      g_free (copy->a_node);
      copy->a_node = g_strdup (a);
      g_free (copy->b_node);
      copy->b_node = g_strdup (b);
      ns_document_push (self, ns_command_add_link (topology, copy));
      ns_topo_link_free (copy);
    }
  ns_document_end_group (self);

  ns_document_select_none (self);
  for (guint i = 0; i < new_nodes->len; i++)
    ns_document_select_node (self, g_ptr_array_index (new_nodes, i), TRUE, FALSE);
}
