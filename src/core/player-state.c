/* player-state.c: the state of the network at the cursor: each node's ARP
 * cache, counters, routing table and open ports, and each TCP
 * connection's state, variables and retransmission timer. */
#include "core/player-private.h"

#include <string.h>

#include "core/routing.h"
#include "net/stack.h"

/* ---- node state ---- */

GArray *
ns_player_dup_arp_cache (NsPlayer *self, const char *node_id)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (NsPlayerArpEntry));
  NsPlayerNodeIndex *node = ns_player_lookup_node (self, node_id);
  guint cutoff = ns_player_cursor_cutoff (self);

  if (node == NULL)
    return out;
  for (guint i = 0; i < node->arp->len; i++)
    {
      guint event = g_array_index (node->arp, guint, i);
      const NsTraceEvent *ev = ns_trace_get (self->trace, event);
      guint j;

      if (event >= cutoff)
        break;
      for (j = 0; j < out->len; j++)
        {
          NsPlayerArpEntry *e = &g_array_index (out, NsPlayerArpEntry, j);

          if (g_strcmp0 (e->iface, ev->iface) == 0 && g_strcmp0 (e->addr, ev->local) == 0)
            break;
        }
      if (j < out->len)
        g_array_remove_index (out, j);
      if (ev->ok)
        g_array_append_val (out, ((NsPlayerArpEntry) { .iface = ev->iface, .addr = ev->local,
                                                        .mac = ev->remote, .t_learnt = ev->t }));
    }
  return out;
}

void
ns_player_get_counters (NsPlayer *self, const char *node_id, NsPlayerCounters *out)
{
  NsPlayerNodeIndex *node = ns_player_lookup_node (self, node_id);
  guint cutoff = ns_player_cursor_cutoff (self);

  memset (out, 0, sizeof *out);
  if (node == NULL)
    return;
  out->frames_sent = ns_player_count_below (node->counts[NS_PLAYER_COUNT_SENT], cutoff);
  out->frames_received = ns_player_count_below (node->counts[NS_PLAYER_COUNT_RECEIVED], cutoff);
  out->frames_lost = ns_player_count_below (node->counts[NS_PLAYER_COUNT_LOST], cutoff);
  out->queue_drops = ns_player_count_below (node->counts[NS_PLAYER_COUNT_QUEUE], cutoff);
  out->packets_dropped = ns_player_count_below (node->counts[NS_PLAYER_COUNT_DROPPED], cutoff);
  out->retransmissions = ns_player_count_below (node->counts[NS_PLAYER_COUNT_RTX], cutoff);
}

/* ---- routes: the table the run's stack was given, rebuilt the same way
 * (core/run.c: connected, then written by hand, then auto) ---- */

static const char *
route_origin (const NsTopoNode *node, const NsRoute *route)
{
  switch (route->origin)
    {
    case NS_ROUTE_CONNECTED:
      return "connected";
    case NS_ROUTE_AUTO:
      return "auto";
    case NS_ROUTE_STATIC:
    default:
      return node->has_gateway && route->prefix_len == 0 && route->via == node->gateway
        ? "gateway" : "static";
    }
}

static gint
route_compare (gconstpointer a, gconstpointer b)
{
  const NsPlayerRoute *x = a, *y = b;

  if (x->prefix_len != y->prefix_len)
    return x->prefix_len > y->prefix_len ? -1 : 1;
  return x->dest < y->dest ? -1 : x->dest > y->dest;
}

static void
stack_install_routes (NsPlayer *self, NsStack *stack, const NsTopoNode *node, gint n)
{
  for (guint r = 0; r < node->routes->len; r++)
    {
      const NsTopoRoute *route = g_ptr_array_index (node->routes, r);

      ns_stack_add_route (stack, route->dest, route->prefix_len, route->via, -1, NS_ROUTE_STATIC);
    }
  if (node->has_gateway)
    ns_stack_add_route (stack, 0, 0, node->gateway, -1, NS_ROUTE_STATIC);
  if (!self->topology->routing_auto)
    return;
  if (self->auto_routes == NULL)
    self->auto_routes = ns_routing_compute (self->topology);
  {
    GPtrArray *computed = g_ptr_array_index (self->auto_routes, n);

    for (guint r = 0; r < computed->len; r++)
      {
        const NsAutoRoute *route = g_ptr_array_index (computed, r);

        ns_stack_add_route (stack, route->dest, route->prefix_len, route->via, -1, NS_ROUTE_AUTO);
      }
  }
}

static GArray *
compute_routes (NsPlayer *self, const NsTopoNode *node, gint n)
{
  GArray *routes = g_array_new (FALSE, FALSE, sizeof (NsPlayerRoute));
  g_autoptr (NsSim) sim = NULL;
  NsStack *stack;

  if (ns_node_kind_is_layer2 (node->kind))
    return routes;
  sim = ns_sim_new (0);
  stack = ns_stack_new (sim, node->id, node->kind == NS_NODE_ROUTER);
  for (guint i = 0; i < node->ifaces->len; i++)
    {
      const NsTopoIface *iface = g_ptr_array_index (node->ifaces, i);
      guint8 mac[6] = { 0x02, 0, 0, 0, 0, (guint8) (i + 1) };

      ns_stack_add_iface (stack, iface->name, mac, iface->has_addr ? iface->addr : 0,
                          iface->prefix_len, 1500);
    }
  ns_stack_add_connected_routes (stack);
  stack_install_routes (self, stack, node, n);
  for (guint r = 0; r < ns_stack_n_routes (stack); r++)
    {
      const NsRoute *route = ns_stack_get_route (stack, r);
      NsPlayerRoute out = {
        .dest = route->dest,
        .prefix_len = route->prefix_len,
        .via = route->via,
        .iface = ns_player_intern_text (self, ns_stack_iface_name (stack, route->iface)),
        .origin = route_origin (node, route),
      };

      g_array_append_val (routes, out);
    }
  ns_stack_free (stack);
  g_array_sort (routes, route_compare);
  return routes;
}

GArray *
ns_player_dup_routes (NsPlayer *self, const char *node_id)
{
  NsPlayerNodeIndex *node = ns_player_lookup_node (self, node_id);

  if (node == NULL || node->topo == NULL)
    return g_array_new (FALSE, FALSE, sizeof (NsPlayerRoute));
  if (node->routes == NULL)
    node->routes = compute_routes (self, node->topo, node->topo_index);
  return g_array_copy (node->routes);
}

/* ---- TCP connections ---- */

guint
ns_player_get_n_conns (NsPlayer *self)
{
  return self->conns->len;
}

const NsPlayerConn *
ns_player_get_conn (NsPlayer *self, guint index)
{
  g_return_val_if_fail (index < self->conns->len, NULL);
  return &((NsPlayerConnIndex *) g_ptr_array_index (self->conns, index))->pub;
}

gint
ns_player_find_conn (NsPlayer *self, const char *node, const char *local, const char *remote)
{
  if (node == NULL || local == NULL || remote == NULL)
    return -1;
  return ns_player_conn_lookup (self, node, local, remote);
}

const NsPlayerConnVars *
ns_player_get_conn_samples (NsPlayer *self, guint index, guint *n_out)
{
  NsPlayerConnIndex *conn;

  g_return_val_if_fail (index < self->conns->len, NULL);
  conn = g_ptr_array_index (self->conns, index);
  if (n_out != NULL)
    *n_out = conn->samples->len;
  return conn->samples->len > 0 ? &g_array_index (conn->samples, NsPlayerConnVars, 0) : NULL;
}

/* The last sample of @conn before trace index @cutoff, or NULL. */
static const NsPlayerConnVars *
sample_before (NsPlayerConnIndex *conn, guint cutoff)
{
  guint lo = 0, hi = conn->samples->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (conn->samples, NsPlayerConnVars, mid).event < cutoff)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo > 0 ? &g_array_index (conn->samples, NsPlayerConnVars, lo - 1) : NULL;
}

static const char *
conn_state_at (NsPlayer *self, NsPlayerConnIndex *conn, guint cutoff)
{
  guint n = ns_player_count_below (conn->states, cutoff);

  if (n == 0)
    return "CLOSED";
  return ns_trace_get (self->trace, g_array_index (conn->states, guint, n - 1))->to_state;
}

void
ns_player_get_conn_state (NsPlayer *self, guint index, NsPlayerConnState *out)
{
  NsPlayerConnIndex *conn;
  guint cutoff = ns_player_cursor_cutoff (self);

  memset (out, 0, sizeof *out);
  out->rto_deadline = -1;
  out->rto_remaining = -1;
  out->state = "CLOSED";
  g_return_if_fail (index < self->conns->len);
  conn = g_ptr_array_index (self->conns, index);
  out->state = conn_state_at (self, conn, cutoff);
  out->vars = sample_before (conn, cutoff);
  out->retransmissions = ns_player_count_below (conn->rtx, cutoff);
  if (out->vars != NULL && out->vars->rto_deadline >= 0 && g_strcmp0 (out->state, "CLOSED") != 0)
    {
      out->timer_running = TRUE;
      out->rto_deadline = out->vars->rto_deadline;
      out->rto_remaining = MAX (0, out->rto_deadline - self->time);
    }
}

static gboolean
conn_alive (NsPlayer *self, NsPlayerConnIndex *conn, guint cutoff)
{
  if (conn->states->len == 0 || g_array_index (conn->states, guint, 0) >= cutoff)
    return FALSE;
  return g_strcmp0 (conn_state_at (self, conn, cutoff), "CLOSED") != 0;
}

GArray *
ns_player_dup_node_conns (NsPlayer *self, const char *node_id)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint));
  NsPlayerNodeIndex *node = ns_player_lookup_node (self, node_id);
  guint cutoff = ns_player_cursor_cutoff (self);

  if (node == NULL)
    return out;
  for (guint i = 0; i < node->conns->len; i++)
    {
      guint c = g_array_index (node->conns, guint, i);

      if (conn_alive (self, g_ptr_array_index (self->conns, c), cutoff))
        g_array_append_val (out, c);
    }
  return out;
}

/* ---- open ports ---- */

static guint16
endpoint_port (const char *endpoint)
{
  const char *colon = endpoint != NULL ? strrchr (endpoint, ':') : NULL;

  return colon != NULL ? (guint16) g_ascii_strtoull (colon + 1, NULL, 10) : 0;
}

static gint
socket_compare (gconstpointer a, gconstpointer b)
{
  const NsPlayerSocket *x = a, *y = b;
  gint c = strcmp (x->protocol, y->protocol);

  if (c != 0)
    return c;
  if (x->port != y->port)
    return x->port < y->port ? -1 : 1;
  return g_strcmp0 (x->remote, y->remote);
}

static void
add_udp_socket (GArray *out, guint16 port)
{
  NsPlayerSocket s = { .protocol = "UDP", .port = port, .state = "bound", .conn = -1 };

  g_array_append_val (out, s);
}

/* The UDP ports bound at the cursor, from the stack's own record. */
static void
add_udp_sockets (NsPlayer *self, NsPlayerNodeIndex *node, guint cutoff, GArray *out)
{
  g_autoptr (GArray) ports = g_array_new (FALSE, FALSE, sizeof (guint16));

  for (guint i = 0; i < node->sockets->len; i++)
    {
      guint event = g_array_index (node->sockets, guint, i);
      const NsTraceEvent *ev = ns_trace_get (self->trace, event);
      guint16 port = endpoint_port (ev->local);
      guint j;

      if (event >= cutoff)
        break;
      for (j = 0; j < ports->len && g_array_index (ports, guint16, j) != port; j++)
        ;
      if (j < ports->len && !ev->ok)
        g_array_remove_index (ports, j);
      else if (j == ports->len && ev->ok)
        g_array_append_val (ports, port);
    }
  for (guint i = 0; i < ports->len; i++)
    add_udp_socket (out, g_array_index (ports, guint16, i));
}

/* Without the stack's record: the services' ports from the start, and
 * each port the node sent from, from its first datagram on. */
static void
add_udp_guesses (NsPlayerNodeIndex *node, guint cutoff, GArray *out)
{
  for (guint i = 0; i < node->udp->len; i++)
    {
      const NsPlayerUdpPort *u = &g_array_index (node->udp, NsPlayerUdpPort, i);

      if (u->event < cutoff || u->event == 0)
        add_udp_socket (out, u->port);
    }
}

GArray *
ns_player_dup_sockets (NsPlayer *self, const char *node_id)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (NsPlayerSocket));
  NsPlayerNodeIndex *node = ns_player_lookup_node (self, node_id);
  guint cutoff = ns_player_cursor_cutoff (self);

  if (node == NULL)
    return out;
  for (guint i = 0; i < node->conns->len; i++)
    {
      guint c = g_array_index (node->conns, guint, i);
      NsPlayerConnIndex *conn = g_ptr_array_index (self->conns, c);
      NsPlayerSocket s;

      if (!conn_alive (self, conn, cutoff))
        continue;
      s = (NsPlayerSocket) {
        .protocol = "TCP",
        .port = endpoint_port (conn->pub.local),
        .state = conn_state_at (self, conn, cutoff),
        .conn = (gint) c,
        .remote = conn->pub.listener ? NULL : conn->pub.remote,
      };
      g_array_append_val (out, s);
    }
  if (self->have_sockets)
    add_udp_sockets (self, node, cutoff, out);
  else
    add_udp_guesses (node, cutoff, out);
  g_array_sort (out, socket_compare);
  return out;
}
