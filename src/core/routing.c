/* routing.c: `routing: "auto"` (docs/file-format.md).
 *
 * Two levels, as in a real network:
 *  - Layer 2. Interfaces joined by links, and the ports of a switch, form
 *    segments. A breadth of Dijkstra from an interface across links and
 *    switches (not through hosts or routers) gives which other L3
 *    interfaces it reaches directly, and at what total link delay.
 *  - Layer 3. Routers are adjacent when they reach each other on a segment
 *    with addresses in one subnet. Dijkstra over that graph from each router
 *    gives, per destination network, the next router on the shortest path.
 * Ties break towards the lower node index and then the lower address, so
 * the tables depend only on the file. */
#include "config.h"

#include "core/routing.h"

#include <string.h>

typedef struct {
  guint  to;
  double cost;
} Edge;

typedef struct {
  double cost;
  guint  vertex;
} HeapItem;

/* A computed route; the interface name is borrowed from the topology. */
typedef struct {
  guint32     dest;
  guint       prefix_len;
  guint32     via;
  const char *iface;
} NsRoutingEntry;

/* The physical graph: one vertex per interface, one per switch. */
typedef struct {
  const NsTopology *t;
  guint      n_ifaces;
  guint     *iface_base;   /* per node: index of its first interface */
  guint     *iface_node;   /* per interface vertex: its node */
  GArray   **edges;        /* per vertex: Edge */
  guint      n_vertices;
} Graph;

/* A router or host interface reached on a segment. */
typedef struct {
  guint  node;
  guint  iface;            /* index within the node */
  double cost;
} Reach;

/* One neighbour of a router at layer 3. */
typedef struct {
  guint        out_iface;  /* own interface */
  guint        node;       /* the neighbour router */
  guint32      via;        /* its address on the shared subnet */
  double       cost;
} Adjacency;

void
ns_auto_route_free (NsAutoRoute *route)
{
  if (route == NULL)
    return;
  g_free (route->iface);
  g_free (route);
}

static NsAutoRoute *
auto_route_new (guint32 dest, guint prefix_len, guint32 via, const char *iface)
{
  NsAutoRoute *route = g_new0 (NsAutoRoute, 1);

  route->dest = dest;
  route->prefix_len = prefix_len;
  route->via = via;
  route->iface = g_strdup (iface);
  return route;
}

/* ---- a small binary heap, ordered by (cost, vertex) ---- */

static gboolean
heap_less (const HeapItem *a, const HeapItem *b)
{
  return a->cost < b->cost || (a->cost == b->cost && a->vertex < b->vertex);
}

static void
heap_push (GArray *heap, double cost, guint vertex)
{
  HeapItem item = { cost, vertex };
  guint i;

  g_array_append_val (heap, item);
  for (i = heap->len - 1; i > 0; i = (i - 1) / 2)
    {
      HeapItem *child = &g_array_index (heap, HeapItem, i);
      HeapItem *parent = &g_array_index (heap, HeapItem, (i - 1) / 2);
      HeapItem tmp;

      if (!heap_less (child, parent))
        break;
      tmp = *child;
      *child = *parent;
      *parent = tmp;
    }
}

static HeapItem
heap_pop (GArray *heap)
{
  HeapItem top = g_array_index (heap, HeapItem, 0);
  guint i = 0;

  g_array_index (heap, HeapItem, 0) = g_array_index (heap, HeapItem, heap->len - 1);
  g_array_set_size (heap, heap->len - 1);
  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, m = i;
      HeapItem tmp;

      if (l < heap->len && heap_less (&g_array_index (heap, HeapItem, l),
                                      &g_array_index (heap, HeapItem, m)))
        m = l;
      if (r < heap->len && heap_less (&g_array_index (heap, HeapItem, r),
                                      &g_array_index (heap, HeapItem, m)))
        m = r;
      if (m == i)
        break;
      tmp = g_array_index (heap, HeapItem, i);
      g_array_index (heap, HeapItem, i) = g_array_index (heap, HeapItem, m);
      g_array_index (heap, HeapItem, m) = tmp;
      i = m;
    }
  return top;
}

/* ---- layer 2 ---- */

static void
add_edge (Graph *g, guint a, guint b, double cost)
{
  Edge ab = { b, cost }, ba = { a, cost };

  g_array_append_val (g->edges[a], ab);
  g_array_append_val (g->edges[b], ba);
}

static gint
find_iface (const NsTopoNode *node, const char *name)
{
  for (guint i = 0; name != NULL && i < node->ifaces->len; i++)
    if (g_strcmp0 (((NsTopoIface *) g_ptr_array_index (node->ifaces, i))->name, name) == 0)
      return (gint) i;
  return -1;
}

/* The vertex of node:iface, or -1 when the link end names nothing. */
static gint
end_vertex (Graph *g, GHashTable *ids, const char *node_id, const char *iface)
{
  gpointer value;
  guint node;
  gint index;

  if (node_id == NULL || !g_hash_table_lookup_extended (ids, node_id, NULL, &value))
    return -1;
  node = GPOINTER_TO_UINT (value);
  index = find_iface (g_ptr_array_index (g->t->nodes, node), iface);
  return index < 0 ? -1 : (gint) (g->iface_base[node] + (guint) index);
}

static void
graph_init (Graph *g, const NsTopology *t)
{
  g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_nodes = t->nodes->len;

  memset (g, 0, sizeof *g);
  g->t = t;
  g->iface_base = g_new0 (guint, n_nodes + 1);
  for (guint i = 0; i < n_nodes; i++)
    {
      NsTopoNode *node = g_ptr_array_index (t->nodes, i);

      g->iface_base[i] = g->n_ifaces;
      g->n_ifaces += node->ifaces->len;
      /* The first of duplicate ids wins, as ns_topology_find_node does. */
      if (node->id != NULL && !g_hash_table_contains (ids, node->id))
        g_hash_table_insert (ids, node->id, GUINT_TO_POINTER (i));
    }
  g->iface_base[n_nodes] = g->n_ifaces;
  g->n_vertices = g->n_ifaces + n_nodes;
  g->iface_node = g_new0 (guint, g->n_ifaces + 1);
  g->edges = g_new0 (GArray *, g->n_vertices);
  for (guint v = 0; v < g->n_vertices; v++)
    g->edges[v] = g_array_new (FALSE, FALSE, sizeof (Edge));
  for (guint i = 0; i < n_nodes; i++)
    {
      NsTopoNode *node = g_ptr_array_index (t->nodes, i);

      for (guint j = g->iface_base[i]; j < g->iface_base[i + 1]; j++)
        {
          g->iface_node[j] = i;
          /* A switch forwards between all of its ports. */
          if (ns_node_kind_is_layer2 (node->kind))
            add_edge (g, j, g->n_ifaces + i, 0);
        }
    }
  for (guint i = 0; i < t->links->len; i++)
    {
      NsTopoLink *link = g_ptr_array_index (t->links, i);
      gint a = end_vertex (g, ids, link->a_node, link->a_iface);
      gint b = end_vertex (g, ids, link->b_node, link->b_iface);

      if (a >= 0 && b >= 0 && a != b)
        add_edge (g, (guint) a, (guint) b, MAX (link->delay_ms, 0));
    }
}

static void
graph_clear (Graph *g)
{
  for (guint v = 0; v < g->n_vertices; v++)
    g_array_unref (g->edges[v]);
  g_free (g->edges);
  g_free (g->iface_base);
  g_free (g->iface_node);
}

static gboolean
is_switch_vertex (Graph *g, guint v)
{
  if (v >= g->n_ifaces)
    return TRUE;
  return ns_node_kind_is_layer2 (
    ((NsTopoNode *) g_ptr_array_index (g->t->nodes, g->iface_node[v]))->kind);
}

/* The host and router interfaces that @start (an interface vertex) reaches
 * at layer 2, nearest first, as a GArray of Reach. */
static GArray *
reach_from (Graph *g, guint start)
{
  GArray *result = g_array_new (FALSE, FALSE, sizeof (Reach));
  g_autoptr (GArray) heap = g_array_new (FALSE, FALSE, sizeof (HeapItem));
  g_autoptr (GHashTable) best = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                                       g_free);
  g_autoptr (GHashTable) done = g_hash_table_new (g_direct_hash, g_direct_equal);

  heap_push (heap, 0, start);
  while (heap->len > 0)
    {
      HeapItem item = heap_pop (heap);

      if (g_hash_table_contains (done, GUINT_TO_POINTER (item.vertex)))
        continue;
      g_hash_table_add (done, GUINT_TO_POINTER (item.vertex));
      if (item.vertex != start && !is_switch_vertex (g, item.vertex))
        {
          guint node = g->iface_node[item.vertex];
          Reach reach = { node, item.vertex - g->iface_base[node], item.cost };

          /* A host or router ends the segment: it does not bridge. */
          g_array_append_val (result, reach);
          continue;
        }
      for (guint i = 0; i < g->edges[item.vertex]->len; i++)
        {
          Edge *e = &g_array_index (g->edges[item.vertex], Edge, i);
          double cost = item.cost + e->cost;
          double *known = g_hash_table_lookup (best, GUINT_TO_POINTER (e->to));

          if (known != NULL && *known <= cost)
            continue;
          if (known == NULL)
            {
              known = g_new (double, 1);
              g_hash_table_insert (best, GUINT_TO_POINTER (e->to), known);
            }
          *known = cost;
          heap_push (heap, cost, e->to);
        }
    }
  return result;
}

static NsTopoIface *
iface_at (const NsTopology *t, guint node, guint iface)
{
  return g_ptr_array_index (((NsTopoNode *) g_ptr_array_index (t->nodes, node))->ifaces, iface);
}

static gboolean
same_subnet (const NsTopoIface *a, const NsTopoIface *b)
{
  guint32 mask;

  if (!a->has_addr || !b->has_addr || a->prefix_len > 32)
    return FALSE;
  mask = ns_prefix_mask (a->prefix_len);
  return (a->addr & mask) == (b->addr & mask) && a->addr != b->addr;
}

static NsNodeKind
kind_of (const NsTopology *t, guint node)
{
  return ((NsTopoNode *) g_ptr_array_index (t->nodes, node))->kind;
}

/* ---- layer 3 ---- */

static GArray *
router_adjacency (Graph *g, guint node)
{
  const NsTopology *t = g->t;
  GArray *adj = g_array_new (FALSE, FALSE, sizeof (Adjacency));
  NsTopoNode *self = g_ptr_array_index (t->nodes, node);

  for (guint i = 0; i < self->ifaces->len; i++)
    {
      NsTopoIface *own = g_ptr_array_index (self->ifaces, i);
      g_autoptr (GArray) reach = NULL;

      if (!own->has_addr)
        continue;
      reach = reach_from (g, g->iface_base[node] + i);
      for (guint k = 0; k < reach->len; k++)
        {
          Reach *r = &g_array_index (reach, Reach, k);
          NsTopoIface *other = iface_at (t, r->node, r->iface);
          Adjacency a = { i, r->node, other->addr, r->cost };

          if (r->node == node || kind_of (t, r->node) != NS_NODE_ROUTER ||
              !same_subnet (own, other))
            continue;
          g_array_append_val (adj, a);
        }
    }
  return adj;
}

typedef struct {
  double  cost;
  gint    first;       /* index into the source's adjacency, -1 = none */
} Best;

/* Whether first hop @a is preferred to @b at equal cost. */
static gboolean
hop_before (GArray *adj, gint a, gint b)
{
  Adjacency *x, *y;

  if (b < 0)
    return TRUE;
  x = &g_array_index (adj, Adjacency, a);
  y = &g_array_index (adj, Adjacency, b);
  return x->node < y->node || (x->node == y->node && x->via < y->via);
}

static Best *
shortest_paths (const NsTopology *t, GArray **adjacency, guint source)
{
  guint n = t->nodes->len;
  Best *best = g_new (Best, n);
  g_autoptr (GArray) heap = g_array_new (FALSE, FALSE, sizeof (HeapItem));
  g_autofree gboolean *done = g_new0 (gboolean, n);

  for (guint i = 0; i < n; i++)
    best[i] = (Best) { G_MAXDOUBLE, -1 };
  best[source].cost = 0;
  heap_push (heap, 0, source);
  while (heap->len > 0)
    {
      HeapItem item = heap_pop (heap);
      GArray *adj = adjacency[item.vertex];

      if (done[item.vertex])
        continue;
      done[item.vertex] = TRUE;
      for (guint k = 0; adj != NULL && k < adj->len; k++)
        {
          Adjacency *a = &g_array_index (adj, Adjacency, k);
          double cost = item.cost + a->cost;
          gint first = item.vertex == source ? (gint) k : best[item.vertex].first;

          if (done[a->node])
            continue;
          if (cost < best[a->node].cost ||
              (cost == best[a->node].cost &&
               hop_before (adjacency[source], first, best[a->node].first)))
            {
              best[a->node].cost = cost;
              best[a->node].first = first;
              heap_push (heap, cost, a->node);
            }
        }
    }
  return best;
}

typedef struct {
  guint32 net;
  guint   prefix_len;
} Network;

static gint
network_compare (gconstpointer a, gconstpointer b)
{
  const Network *x = a, *y = b;

  if (x->net != y->net)
    return x->net < y->net ? -1 : 1;
  return (gint) x->prefix_len - (gint) y->prefix_len;
}

/* Every subnet of a host or router interface, sorted, without repeats. */
static GArray *
all_networks (const NsTopology *t)
{
  GArray *nets = g_array_new (FALSE, FALSE, sizeof (Network));
  guint out = 0;

  for (guint i = 0; i < t->nodes->len; i++)
    {
      NsTopoNode *node = g_ptr_array_index (t->nodes, i);

      for (guint j = 0; !ns_node_kind_is_layer2 (node->kind) && j < node->ifaces->len; j++)
        {
          NsTopoIface *iface = g_ptr_array_index (node->ifaces, j);
          Network net;

          if (!iface->has_addr || iface->prefix_len > 32)
            continue;
          net.prefix_len = iface->prefix_len;
          net.net = iface->addr & ns_prefix_mask (iface->prefix_len);
          g_array_append_val (nets, net);
        }
    }
  g_array_sort (nets, network_compare);
  for (guint i = 0; i < nets->len; i++)
    if (out == 0 || network_compare (&g_array_index (nets, Network, i),
                                     &g_array_index (nets, Network, out - 1)) != 0)
      g_array_index (nets, Network, out++) = g_array_index (nets, Network, i);
  g_array_set_size (nets, out);
  return nets;
}

static gboolean
connected_to (const NsTopoNode *node, const Network *net)
{
  for (guint j = 0; j < node->ifaces->len; j++)
    {
      NsTopoIface *iface = g_ptr_array_index (node->ifaces, j);

      if (iface->has_addr && iface->prefix_len == net->prefix_len &&
          (iface->addr & ns_prefix_mask (net->prefix_len)) == net->net)
        return TRUE;
    }
  return FALSE;
}

/* Per network of @nets, the routers with an interface on it, in index
 * order. */
static GArray **
attached_routers (const NsTopology *t, GArray *nets)
{
  GArray **attached = g_new0 (GArray *, nets->len + 1);

  for (guint n = 0; n < nets->len; n++)
    attached[n] = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < t->nodes->len; i++)
    {
      NsTopoNode *node = g_ptr_array_index (t->nodes, i);

      for (guint j = 0; node->kind == NS_NODE_ROUTER && j < node->ifaces->len; j++)
        {
          NsTopoIface *iface = g_ptr_array_index (node->ifaces, j);
          Network key;
          guint index;
          GArray *list;

          if (!iface->has_addr || iface->prefix_len > 32)
            continue;
          key.prefix_len = iface->prefix_len;
          key.net = iface->addr & ns_prefix_mask (iface->prefix_len);
          if (!g_array_binary_search (nets, &key, network_compare, &index))
            continue;
          list = attached[index];
          if (list->len == 0 || g_array_index (list, guint, list->len - 1) != i)
            g_array_append_val (list, i);
        }
    }
  return attached;
}

static gboolean
has_manual_route (const NsTopoNode *node, guint32 dest, guint prefix_len)
{
  for (guint i = 0; i < node->routes->len; i++)
    {
      NsTopoRoute *route = g_ptr_array_index (node->routes, i);

      if (route->prefix_len == prefix_len &&
          (route->dest & ns_prefix_mask (prefix_len)) == (dest & ns_prefix_mask (prefix_len)))
        return TRUE;
    }
  return FALSE;
}

static void
router_routes (const NsTopology *t, GArray **adjacency, GArray *nets, GArray **attached,
               guint source, GArray *out)
{
  NsTopoNode *self = g_ptr_array_index (t->nodes, source);
  g_autofree Best *best = shortest_paths (t, adjacency, source);

  for (guint n = 0; n < nets->len; n++)
    {
      Network *net = &g_array_index (nets, Network, n);
      gint target = -1;
      Adjacency *hop;
      NsRoutingEntry entry;

      if (connected_to (self, net) || has_manual_route (self, net->net, net->prefix_len))
        continue;
      /* The nearest other router attached to the network delivers on it
       * (the lowest index among equals: the list is in index order). */
      for (guint k = 0; k < attached[n]->len; k++)
        {
          guint i = g_array_index (attached[n], guint, k);

          if (i == source || best[i].first < 0)
            continue;
          if (target < 0 || best[i].cost < best[target].cost)
            target = (gint) i;
        }
      if (target < 0)
        continue;
      hop = &g_array_index (adjacency[source], Adjacency, best[target].first);
      entry = (NsRoutingEntry) { net->net, net->prefix_len, hop->via,
                                 ((NsTopoIface *) g_ptr_array_index (self->ifaces,
                                                                     hop->out_iface))->name };
      g_array_append_val (out, entry);
    }
}

/* A host with no gateway: default route via the nearest router on one of
 * its segments, in the same subnet. */
static void
host_default_route (Graph *g, guint node, GArray *out)
{
  const NsTopology *t = g->t;
  NsTopoNode *self = g_ptr_array_index (t->nodes, node);
  double best_cost = G_MAXDOUBLE;
  guint best_node = G_MAXUINT;
  guint32 best_via = 0;
  const char *best_iface = NULL;

  if (self->has_gateway || has_manual_route (self, 0, 0))
    return;
  for (guint i = 0; i < self->ifaces->len; i++)
    {
      NsTopoIface *own = g_ptr_array_index (self->ifaces, i);
      g_autoptr (GArray) reach = NULL;

      if (!own->has_addr)
        continue;
      reach = reach_from (g, g->iface_base[node] + i);
      for (guint k = 0; k < reach->len; k++)
        {
          Reach *r = &g_array_index (reach, Reach, k);
          NsTopoIface *other = iface_at (t, r->node, r->iface);

          if (kind_of (t, r->node) != NS_NODE_ROUTER || !same_subnet (own, other))
            continue;
          if (r->cost < best_cost ||
              (r->cost == best_cost && (r->node < best_node ||
                                        (r->node == best_node && other->addr < best_via))))
            {
              best_cost = r->cost;
              best_node = r->node;
              best_via = other->addr;
              best_iface = own->name;
            }
        }
    }
  if (best_iface != NULL)
    {
      NsRoutingEntry entry = { 0, 0, best_via, best_iface };

      g_array_append_val (out, entry);
    }
}

struct _NsRouting {
  const NsTopology *t;
  Graph      g;
  GArray   **adjacency;  /* per node: Adjacency, routers only */
  GArray    *nets;
  GArray   **attached;   /* per network: routers on it */
};

NsRouting *
ns_routing_new (const NsTopology *topology)
{
  NsRouting *self;
  guint n;

  g_return_val_if_fail (topology != NULL, NULL);
  self = g_new0 (NsRouting, 1);
  self->t = topology;
  n = topology->nodes->len;
  graph_init (&self->g, topology);
  self->adjacency = g_new0 (GArray *, n + 1);
  for (guint i = 0; i < n; i++)
    if (kind_of (topology, i) == NS_NODE_ROUTER)
      self->adjacency[i] = router_adjacency (&self->g, i);
  self->nets = all_networks (topology);
  self->attached = attached_routers (topology, self->nets);
  return self;
}

static GArray *
entries_for (NsRouting *self, guint node)
{
  GArray *entries = g_array_new (FALSE, FALSE, sizeof (NsRoutingEntry));

  if (kind_of (self->t, node) == NS_NODE_ROUTER)
    router_routes (self->t, self->adjacency, self->nets, self->attached, node, entries);
  else if (kind_of (self->t, node) == NS_NODE_HOST)
    host_default_route (&self->g, node, entries);
  return entries;
}

GPtrArray *
ns_routing_routes_for (NsRouting *self, guint node)
{
  GPtrArray *routes = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_auto_route_free);
  g_autoptr (GArray) entries = NULL;

  g_return_val_if_fail (node < self->t->nodes->len, routes);
  entries = entries_for (self, node);
  for (guint i = 0; i < entries->len; i++)
    {
      const NsRoutingEntry *e = &g_array_index (entries, NsRoutingEntry, i);

      g_ptr_array_add (routes, auto_route_new (e->dest, e->prefix_len, e->via, e->iface));
    }
  return routes;
}

void
ns_routing_add_to (NsRouting *self, guint node, GArray *out)
{
  g_autoptr (GArray) entries = NULL;

  g_return_if_fail (node < self->t->nodes->len);
  entries = entries_for (self, node);
  for (guint i = 0; i < entries->len; i++)
    {
      const NsRoutingEntry *e = &g_array_index (entries, NsRoutingEntry, i);
      NsRoutingRoute route = { e->dest, e->prefix_len, e->via };

      g_array_append_val (out, route);
    }
}

void
ns_routing_free (NsRouting *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->t->nodes->len; i++)
    if (self->adjacency[i] != NULL)
      g_array_unref (self->adjacency[i]);
  g_free (self->adjacency);
  for (guint i = 0; i < self->nets->len; i++)
    g_array_unref (self->attached[i]);
  g_free (self->attached);
  g_array_unref (self->nets);
  graph_clear (&self->g);
  g_free (self);
}

GPtrArray *
ns_routing_compute (const NsTopology *topology)
{
  g_autoptr (NsRouting) routing = NULL;
  GPtrArray *result;

  g_return_val_if_fail (topology != NULL, NULL);
  routing = ns_routing_new (topology);
  result = g_ptr_array_new_full (topology->nodes->len, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < topology->nodes->len; i++)
    g_ptr_array_add (result, ns_routing_routes_for (routing, i));
  return result;
}
