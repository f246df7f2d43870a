/* run.c: builds a simulated network from the document and runs it. */
#include "core/run.h"

#include <string.h>

#include "core/routing.h"
#include "core/scenario.h"
#include "core/topology-file.h"
#include "core/tcp-options.h"
#include "core/validate.h"
#include "net/stack.h"
#include "net/switch.h"
#include "net/udp.h"
#include "sim/link.h"

/* What stands for one node of the drawing in the run. */
/* A link-down, link-up, node-down or node-up action, waiting for its time. */
typedef struct {
  NsRun              *run;
  const NsTopoAction *action;
} NsRunFailure;

typedef struct {
  NsTopoNode *node;    /* borrowed from the run's copy of the document */
  NsStack    *stack;   /* hosts and routers */
  NsSwitch   *sw;      /* switches */
  guint32     first_ordinal; /* of its first interface, for its MACs */
} NsRunNode;

struct _NsRun {
  NsTopology *topology;
  NsSim      *sim;
  NsTrace    *trace;
  GArray     *nodes;   /* of NsRunNode, indexed like topology->nodes */
  GPtrArray  *links;   /* of NsLink* */
  GPtrArray  *pending;        /* the scenario's actions, owned by the run */
  GPtrArray  *failures;       /* of NsRunFailure*: link-down, node-up, ... */
  char       *stop_note;
  guint       accounted;      /* trace events counted in trace_bytes */
  guint64     steps;
  guint64     trace_bytes;
  guint64     max_recording;  /* 0: no limit */
  /* Streaming (ns_run_stream_events): */
  NsTraceEventFunc sink;
  gpointer    sink_data;
  GPtrArray  *result_lines;   /* of char*: the app events handed on */
  GHashTable *results;        /* "node\naction" -> results given (not steps) */
  GHashTable *acked;          /* "node\nport" -> guint64* bytes_acked */
  /* Set-up indexes, so that building a run is linear in the file: */
  GHashTable *node_index;     /* node id -> index + 1 (the first of repeats) */
  GHashTable *link_at;        /* "node\niface" -> the first NsTopoLink* on it */
  NsRouting  *routing;        /* routing: auto; each stack's routes on first use */
};

/* Events held before a streamed run hands them on: small enough to stay
 * in the cache, large enough to cost nothing per event. */
#define STREAM_BATCH 4096

static void
run_node_clear (gpointer data)
{
  NsRunNode *rn = data;

  g_clear_pointer (&rn->stack, ns_stack_free);
  g_clear_pointer (&rn->sw, ns_switch_free);
}

void
ns_run_free (NsRun *self)
{
  if (self == NULL)
    return;
  /* Stacks before links before the engine: each may cancel events. */
  g_clear_pointer (&self->nodes, g_array_unref);
  g_clear_pointer (&self->links, g_ptr_array_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->failures, g_ptr_array_unref);
  g_clear_pointer (&self->sim, ns_sim_free);
  g_clear_pointer (&self->routing, ns_routing_free);
  g_clear_pointer (&self->trace, ns_trace_free);
  g_clear_pointer (&self->topology, ns_topology_free);
  g_clear_pointer (&self->result_lines, g_ptr_array_unref);
  g_clear_pointer (&self->results, g_hash_table_unref);
  g_clear_pointer (&self->acked, g_hash_table_unref);
  g_clear_pointer (&self->node_index, g_hash_table_unref);
  g_clear_pointer (&self->link_at, g_hash_table_unref);
  g_free (self->stop_note);
  g_free (self);
}

/* Locally administered, unicast, deterministic: 02:4e:53 ("NS"), then the
 * node's index and the interface's, for the first 65,536 nodes and their
 * first 255 interfaces (every file so far, so every capture stays the
 * same). Past those the two bytes would wrap and two interfaces on one
 * LAN answer ARP for each other: such an interface gets 06:4e (another
 * locally administered unicast prefix, so no clash with the first form)
 * and the 32-bit ordinal of the interface in the whole file, which a
 * 64 MiB file cannot exhaust. */
void
ns_run_derive_mac (guint node_index, guint iface_index, guint32 ordinal, guint8 mac[6])
{
  if (node_index <= 0xffff && iface_index < 0xff)
    {
      mac[0] = 0x02;
      mac[1] = 0x4e;
      mac[2] = 0x53;
      mac[3] = (guint8) (node_index >> 8);
      mac[4] = (guint8) node_index;
      mac[5] = (guint8) (iface_index + 1);
      return;
    }
  mac[0] = 0x06;
  mac[1] = 0x4e;
  mac[2] = (guint8) (ordinal >> 24);
  mac[3] = (guint8) (ordinal >> 16);
  mac[4] = (guint8) (ordinal >> 8);
  mac[5] = (guint8) ordinal;
}

/* The indexes ns_topology_node_index and ns_topology_link_at would give,
 * built once: each of those scans the document. */
static void
build_indexes (NsRun *self)
{
  self->node_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->link_at = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint n = 0; n < self->topology->nodes->len; n++)
    {
      NsTopoNode *node = g_ptr_array_index (self->topology->nodes, n);

      if (node->id != NULL && !g_hash_table_contains (self->node_index, node->id))
        g_hash_table_insert (self->node_index, node->id, GUINT_TO_POINTER (n + 1));
    }
  for (guint l = 0; l < self->topology->links->len; l++)
    {
      NsTopoLink *tl = g_ptr_array_index (self->topology->links, l);
      char *a = g_strconcat (tl->a_node ? tl->a_node : "", "\n", tl->a_iface, NULL);
      char *b = g_strconcat (tl->b_node ? tl->b_node : "", "\n", tl->b_iface, NULL);

      if (tl->a_iface != NULL && !g_hash_table_contains (self->link_at, a))
        g_hash_table_insert (self->link_at, g_steal_pointer (&a), tl);
      if (tl->b_iface != NULL && !g_hash_table_contains (self->link_at, b))
        g_hash_table_insert (self->link_at, g_steal_pointer (&b), tl);
      g_free (a);
      g_free (b);
    }
}

static gint
node_index (NsRun *self, const char *id)
{
  return id != NULL ? (gint) GPOINTER_TO_UINT (g_hash_table_lookup (self->node_index, id)) - 1
                    : -1;
}

static guint
iface_mtu (NsRun *self, const NsTopoNode *node, const NsTopoIface *iface)
{
  g_autofree char *key = g_strconcat (node->id ? node->id : "", "\n", iface->name, NULL);
  NsTopoLink *link = iface->name != NULL ? g_hash_table_lookup (self->link_at, key) : NULL;

  return link != NULL ? link->mtu : 1500;
}

/* "down": true (an optional field of ours) switches a host off. */
static gboolean
node_is_down (const NsTopoNode *node)
{
  return node->extra != NULL && json_object_has_member (node->extra, "down")
         && json_object_get_boolean_member_with_default (node->extra, "down", FALSE);
}

/* @first_ordinal: the ordinal (see ns_run_derive_mac) of its first interface. */
static NsStack *
build_stack (NsRun *self, guint n, guint32 first_ordinal)
{
  NsTopoNode *node = g_ptr_array_index (self->topology->nodes, n);
  NsStack *stack = ns_stack_new (self->sim, node->id, node->kind == NS_NODE_ROUTER);

  for (guint i = 0; i < node->ifaces->len; i++)
    {
      NsTopoIface *iface = g_ptr_array_index (node->ifaces, i);
      guint8 mac[6];

      ns_run_derive_mac (n, i, first_ordinal + i, mac);
      ns_stack_add_iface (stack, iface->name, mac, iface->has_addr ? iface->addr : 0,
                          iface->prefix_len, iface_mtu (self, node, iface));
    }
  ns_stack_add_connected_routes (stack);
  ns_udp_attach (stack);
  {
    /* docs/file-format.md: the node's TCP options (checked on load). */
    JsonObject *tcp = ns_tcp_options_find (node->extra);
    const char *bad_key = NULL;
    g_autofree char *message = NULL;
    NsTcpConfig config;

    if (tcp != NULL && ns_tcp_options_read (tcp, &config, &bad_key, &message))
      ns_tcp_set_config (stack, &config);
  }
  return stack;
}

static void
build_nodes (NsRun *self)
{
  guint32 ordinal = 0;

  for (guint n = 0; n < self->topology->nodes->len; n++)
    {
      NsTopoNode *node = g_ptr_array_index (self->topology->nodes, n);
      NsRunNode rn = { .node = node };

      if (ns_node_kind_is_layer2 (node->kind))
        {
          rn.sw = node->kind == NS_NODE_HUB ? ns_hub_new (self->sim, node->id)
                                            : ns_switch_new (self->sim, node->id);
          for (guint i = 0; i < node->ifaces->len; i++)
            ns_switch_add_port (rn.sw, ((NsTopoIface *) g_ptr_array_index (node->ifaces, i))->name);
          if (node_is_down (node))
            ns_switch_set_down (rn.sw, TRUE);
        }
      else
        {
          rn.first_ordinal = ordinal;
          ordinal += node->ifaces->len;
          rn.stack = build_stack (self, n, rn.first_ordinal);
          ns_stack_set_down (rn.stack, node_is_down (node));
        }
      g_array_append_val (self->nodes, rn);
    }
}

static void
attach_end (NsRun *self, NsLink *link, guint end, const char *node_id, const char *iface_name)
{
  gint n = node_index (self, node_id);
  NsRunNode *rn = &g_array_index (self->nodes, NsRunNode, n);

  gint i = ns_topo_node_iface_index (rn->node, iface_name);

  if (i < 0)
    return;
  if (rn->sw != NULL)
    ns_switch_attach_link (rn->sw, (guint) i, link, end);
  else
    ns_stack_attach_link (rn->stack, (guint) i, link, end);
}

static void
build_links (NsRun *self)
{
  for (guint l = 0; l < self->topology->links->len; l++)
    {
      NsTopoLink *tl = g_ptr_array_index (self->topology->links, l);
      NsLinkParams params;
      NsLink *link;

      ns_link_params_init_default (&params);
      params.delay_ns = (gint64) (tl->delay_ms * NS_NSEC_PER_MSEC);
      params.jitter_ns = (gint64) (tl->jitter_ms * NS_NSEC_PER_MSEC);
      /* At least 1 bit/s: 0 means "no limit" to the link, and a file may
       * ask for a bandwidth as tiny as it likes (it must be > 0). */
      params.bandwidth_bps = MAX ((guint64) (tl->bandwidth_mbps * 1e6), 1);
      params.loss = tl->loss;
      params.drop_nth = (const guint *) tl->drop_nth->data;
      params.n_drop_nth = tl->drop_nth->len;
      params.queue_packets = tl->queue_packets;
      params.mtu = tl->mtu;
      link = ns_link_new (self->sim, tl->id, &params);
      g_ptr_array_add (self->links, link);
      attach_end (self, link, 0, tl->a_node, tl->a_iface);
      attach_end (self, link, 1, tl->b_node, tl->b_iface);
    }
}

/* Ethernet has no TTL: a loop of switches would carry a broadcast round
 * for ever. Real switches run the spanning tree protocol (IEEE 802.1D)
 * and block redundant links; we start with it converged. Links between
 * switches are taken in file order, and one that joins two switches
 * already connected closes a loop: both its ends are blocked. */
static guint
find_root (GArray *parent, guint i)
{
  while (g_array_index (parent, guint, i) != i)
    i = g_array_index (parent, guint, i) = g_array_index (parent, guint,
                                                          g_array_index (parent, guint, i));
  return i;
}

static void
block_switch_loops (NsRun *self)
{
  g_autoptr (GArray) parent = g_array_sized_new (FALSE, FALSE, sizeof (guint), self->nodes->len);

  for (guint n = 0; n < self->nodes->len; n++)
    {
      NsRunNode *rn = &g_array_index (self->nodes, NsRunNode, n);

      g_array_append_val (parent, n);
      /* Recomputed from scratch after a link or a switch fails. */
      for (guint i = 0; rn->sw != NULL && i < ns_switch_n_ports (rn->sw); i++)
        ns_switch_set_port_blocked (rn->sw, i, FALSE);
    }
  for (guint l = 0; l < self->topology->links->len; l++)
    {
      NsTopoLink *tl = g_ptr_array_index (self->topology->links, l);
      gint a = node_index (self, tl->a_node);
      gint b = node_index (self, tl->b_node);
      NsRunNode *ra = &g_array_index (self->nodes, NsRunNode, a);
      NsRunNode *rb = &g_array_index (self->nodes, NsRunNode, b);
      guint root_a, root_b;

      if (ra->sw == NULL || rb->sw == NULL
          || !ns_link_is_up (g_ptr_array_index (self->links, l))
          || ns_switch_is_down (ra->sw) || ns_switch_is_down (rb->sw))
        continue;
      root_a = find_root (parent, (guint) a);
      root_b = find_root (parent, (guint) b);
      if (root_a != root_b)
        {
          g_array_index (parent, guint, root_a) = root_b;
          continue;
        }
      /* A hub has no spanning tree: only a switch's end is blocked (a
       * loop of hubs alone storms, as it would in a real network). */
      if (!ns_switch_is_hub (ra->sw))
        ns_switch_set_port_blocked (ra->sw,
                                    (guint) ns_topo_node_iface_index (ra->node, tl->a_iface),
                                    TRUE);
      if (!ns_switch_is_hub (rb->sw))
        ns_switch_set_port_blocked (rb->sw,
                                    (guint) ns_topo_node_iface_index (rb->node, tl->b_iface),
                                    TRUE);
    }
}

/* A stack's automatic routes, computed the first time its table is read or
 * changed: in a large network only the nodes that route something need a
 * shortest-path search. They come after the hand-written ones, as if all
 * had been added at once. */
static void
add_auto_routes (NsStack *stack, gpointer user_data)
{
  NsRun *self = user_data;
  gint n = node_index (self, ns_stack_get_node_id (stack));
  g_autoptr (GArray) computed = NULL;
  g_autoptr (GArray) table = NULL;

  if (n < 0)
    return;
  computed = g_array_new (FALSE, FALSE, sizeof (NsRoutingRoute));
  ns_routing_add_to (self->routing, (guint) n, computed);
  table = g_array_sized_new (FALSE, FALSE, sizeof (NsRoute), computed->len);
  for (guint r = 0; r < computed->len; r++)
    {
      const NsRoutingRoute *ar = &g_array_index (computed, NsRoutingRoute, r);
      NsRoute route = { ar->dest, ar->prefix_len, ar->via, G_MAXUINT, NS_ROUTE_AUTO };

      g_array_append_val (table, route);
    }
  ns_stack_add_routes (stack, (const NsRoute *) table->data, table->len);
}

/* The routes of host or router @n; @table is scratch space. */
static void
install_node_routes (NsRun *self, guint n, GArray *table)
{
  NsRunNode *rn = &g_array_index (self->nodes, NsRunNode, n);
  NsRoute route = { 0 };

  if (rn->stack == NULL)
    return;
  g_array_set_size (table, 0);
  /* Written by hand: they win over computed ones (docs/file-format.md).
   * The interface is the one that reaches `via` (G_MAXUINT). */
  for (guint r = 0; r < rn->node->routes->len; r++)
    {
      NsTopoRoute *tr = g_ptr_array_index (rn->node->routes, r);

      route = (NsRoute) { tr->dest, tr->prefix_len, tr->via, G_MAXUINT, NS_ROUTE_STATIC };
      g_array_append_val (table, route);
    }
  if (rn->node->has_gateway)
    {
      route = (NsRoute) { 0, 0, rn->node->gateway, G_MAXUINT, NS_ROUTE_STATIC };
      g_array_append_val (table, route);
    }
  ns_stack_add_routes (rn->stack, (const NsRoute *) table->data, table->len);
  if (self->routing != NULL)
    ns_stack_set_more_routes (rn->stack, add_auto_routes, self);
}

static void
install_routes (NsRun *self)
{
  g_autoptr (GArray) table = g_array_new (FALSE, FALSE, sizeof (NsRoute));

  if (self->topology->routing_auto)
    self->routing = ns_routing_new (self->topology);
  for (guint n = 0; n < self->nodes->len; n++)
    install_node_routes (self, n, table);
}

static NsStack *
stack_of (const char *node_id, gpointer user_data)
{
  NsRun *self = user_data;
  gint n = node_index (self, node_id);

  return n >= 0 ? g_array_index (self->nodes, NsRunNode, n).stack : NULL;
}

static guint64
default_max_recording (void)
{
  const char *mb = g_getenv ("NETSKETCH_MAX_RECORDING_MB");
  guint64 n;

  if (mb != NULL && g_ascii_string_to_unsigned (mb, 10, 0, G_MAXUINT64 >> 20, &n, NULL))
    return n << 20;
  return NS_RUN_DEFAULT_MAX_RECORDING;
}

void
ns_run_set_max_recording (NsRun *self, guint64 bytes)
{
  self->max_recording = bytes;
}

guint64
ns_run_get_max_recording (NsRun *self)
{
  return self->max_recording;
}

/* ---- failures in time: link-down, link-up, node-down, node-up (CONTRACT.md §1b) ---- */

static void
record_link_event (NsRun *self, const char *link, const char *node, gboolean up, char *why)
{
  NsTraceEvent *ev = ns_trace_append (self->trace, NS_TRACE_LINK, ns_sim_now (self->sim));

  ev->link = link != NULL ? g_intern_string (link) : NULL;
  ev->node = node != NULL ? g_intern_string (node) : NULL;
  ev->ok = up;
  ev->why = why;
}

static void G_GNUC_PRINTF (5, 6)
record_result (NsRun *self, const char *node, const char *action, gboolean ok,
               const char *format, ...)
{
  NsTraceEvent *ev = ns_trace_append (self->trace, NS_TRACE_APP, ns_sim_now (self->sim));
  va_list args;

  ev->node = g_intern_string (node);
  ev->action = g_intern_string (action);
  ev->ok = ok;
  va_start (args, format);
  ev->detail = g_strdup_vprintf (format, args);
  va_end (args);
}

/* Tells the node at one end of @tl that its carrier went or came back. */
static void
carrier_changed (NsRun *self, const char *node_id, const char *iface, gboolean up)
{
  gint n = ns_topology_node_index (self->topology, node_id);
  NsRunNode *rn = &g_array_index (self->nodes, NsRunNode, n);
  gint i = ns_topo_node_iface_index (rn->node, iface);

  if (rn->sw != NULL && i >= 0)
    ns_switch_port_carrier (rn->sw, (guint) i, up);
}

static void
set_link (NsRun *self, const NsTopoAction *a, gboolean up)
{
  const char *id = ns_scenario_action_string (a, "link");
  gint l = id != NULL ? ns_topology_link_index (self->topology, id) : -1;
  NsTopoLink *tl;
  NsLink *link;
  const char *who = a->node != NULL ? a->node : NULL;

  if (l < 0)
    {
      record_result (self, a->node ? a->node : "", a->action, FALSE,
                     "%s: there is no link \"%s\"", a->action, id ? id : "");
      return;
    }
  tl = g_ptr_array_index (self->topology->links, l);
  link = g_ptr_array_index (self->links, l);
  if (ns_link_is_up (link) != up)
    {
      ns_link_set_up (link, up);
      record_link_event (self, tl->id, NULL, up,
                         up ? g_strdup_printf ("the cable of link %s is plugged back in%s%s: "
                                               "%s:%s and "
                                               "%s:%s see the carrier again", tl->id,
                                               who ? " by " : "", who ? who : "", tl->a_node,
                                               tl->a_iface, tl->b_node, tl->b_iface)
                            : g_strdup_printf ("the cable of link %s is pulled out%s%s: %s:%s and "
                                               "%s:%s lose the carrier, and every frame "
                                               "offered to the link is lost", tl->id,
                                               who ? " by " : "", who ? who : "", tl->a_node,
                                               tl->a_iface, tl->b_node, tl->b_iface));
      carrier_changed (self, tl->a_node, tl->a_iface, up);
      carrier_changed (self, tl->b_node, tl->b_iface, up);
      /* The spanning tree (already converged) routes round the break. */
      block_switch_loops (self);
    }
  record_result (self, a->node != NULL ? a->node : tl->a_node, a->action, TRUE,
                 "%s %s: the link is %s", a->action, tl->id, up ? "up" : "down");
}

/* Power-cycles host or router @n: the old stack goes with all its state
 * (ARP cache, connections, sockets, apps, leases) and a new one takes its
 * place, switched off (@down) or booting with the file's configuration. */
static void
replace_stack (NsRun *self, guint n, gboolean down)
{
  NsRunNode *rn = &g_array_index (self->nodes, NsRunNode, n);
  g_autoptr (GError) error = NULL;

  g_clear_pointer (&rn->stack, ns_stack_free);
  rn->stack = build_stack (self, n, rn->first_ordinal);
  for (guint i = 0; i < rn->node->ifaces->len; i++)
    {
      NsTopoIface *iface = g_ptr_array_index (rn->node->ifaces, i);
      NsTopoLink *tl = ns_topology_link_at (self->topology, rn->node->id, iface->name);
      gint l = tl != NULL ? ns_topology_link_index (self->topology, tl->id) : -1;

      if (l >= 0)
        ns_stack_attach_link (rn->stack, i, g_ptr_array_index (self->links, l),
                              g_strcmp0 (tl->a_node, rn->node->id) == 0
                              && g_strcmp0 (tl->a_iface, iface->name) == 0 ? 0 : 1);
    }
  {
    g_autoptr (GArray) table = g_array_new (FALSE, FALSE, sizeof (NsRoute));

    install_node_routes (self, n, table);
  }
  ns_stack_set_down (rn->stack, down);
  /* The services started at t = 0 without a problem: they start again. */
  if (!down && !ns_scenario_setup_node (rn->stack, rn->node, &error))
    g_warning ("%s", error->message);
}

static void
set_node (NsRun *self, const NsTopoAction *a, gboolean up)
{
  gint n = a->node != NULL ? ns_topology_node_index (self->topology, a->node) : -1;
  NsRunNode *rn;
  gboolean was_up;

  if (n < 0)
    return;
  rn = &g_array_index (self->nodes, NsRunNode, n);
  was_up = rn->sw != NULL ? !ns_switch_is_down (rn->sw) : !ns_stack_is_down (rn->stack);
  if (was_up != up)
    {
      if (rn->sw != NULL)
        {
          ns_switch_set_down (rn->sw, !up);
          block_switch_loops (self);
        }
      else
        replace_stack (self, (guint) n, !up);
      record_link_event (self, NULL, a->node, up,
                         up ? g_strdup_printf ("%s is switched on again: it starts from "
                                               "nothing, as after a power cycle (empty %s)",
                                               a->node, rn->sw != NULL ? "address table"
                                               : "ARP cache, no connections")
                            : g_strdup_printf ("%s is switched off: it loses all its state "
                                               "and every frame that reaches it is lost",
                                               a->node));
    }
  record_result (self, a->node, a->action, TRUE, "%s %s: the node is %s", a->action, a->node,
                 up ? "up" : "down");
}

static void
run_failure (NsSim *sim, gpointer data)
{
  NsRunFailure *f = data;
  const char *what = f->action->action;

  if (g_str_has_prefix (what, "link-"))
    set_link (f->run, f->action, strcmp (what, "link-up") == 0);
  else
    set_node (f->run, f->action, strcmp (what, "node-up") == 0);
}

static void
schedule_failures (NsRun *self)
{
  for (guint i = 0; i < self->topology->scenario->len; i++)
    {
      const NsTopoAction *a = g_ptr_array_index (self->topology->scenario, i);
      NsRunFailure *f;

      if (!ns_scenario_action_is_failure (a->action))
        continue;
      f = g_new0 (NsRunFailure, 1);
      f->run = self;
      f->action = a;
      g_ptr_array_add (self->failures, f);
      ns_sim_schedule_at (self->sim, (gint64) (a->at * NS_NSEC_PER_SEC), run_failure, f);
    }
}

/* Failures whose time the run never reached still get a result line. */
static void
report_unrun_failures (NsRun *self)
{
  double end = (double) ns_sim_now (self->sim) / NS_NSEC_PER_SEC;

  for (guint i = 0; i < self->topology->scenario->len; i++)
    {
      const NsTopoAction *a = g_ptr_array_index (self->topology->scenario, i);
      const char *id = ns_scenario_action_string (a, "link");
      NsTopoLink *tl = id != NULL ? ns_topology_find_link (self->topology, id) : NULL;
      const char *node = a->node != NULL ? a->node : tl != NULL ? tl->a_node : "";

      if (ns_scenario_action_is_failure (a->action)
          && (gint64) (a->at * NS_NSEC_PER_SEC) > ns_sim_now (self->sim))
        record_result (self, node, a->action, FALSE, "%s %s: not started: the run ended at "
                       "%.3f s, before its time (%.3f s)", a->action, id ? id : node, end, a->at);
    }
}

NsRun *
ns_run_new (const NsTopology *topology, gboolean override_seed, guint64 seed, GError **error)
{
  g_autoptr (GPtrArray) problems = ns_topology_validate (topology);
  g_autoptr (NsRun) self = NULL;

  /* The app runs the model as it is being edited: one that breaks a rule
   * (a link to a node just deleted) would build a broken network, so it
   * is refused with the problems, as a file with them would be. */
  if (problems->len > 0)
    {
      g_autofree char *text = ns_problems_to_string (problems, NULL);

      g_set_error (error, NS_TOPOLOGY_ERROR, NS_TOPOLOGY_ERROR_INVALID, "%s", text);
      return NULL;
    }
  self = g_new0 (NsRun, 1);
  self->max_recording = default_max_recording ();
  self->topology = ns_topology_copy (topology);
  self->sim = ns_sim_new (override_seed ? seed : topology->seed);
  self->trace = ns_trace_new ();
  ns_sim_set_trace (self->sim, self->trace);
  self->nodes = g_array_new (FALSE, TRUE, sizeof (NsRunNode));
  g_array_set_clear_func (self->nodes, run_node_clear);
  self->links = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_link_free);
  build_indexes (self);
  build_nodes (self);
  build_links (self);
  block_switch_loops (self);
  install_routes (self);
  self->failures = g_ptr_array_new_with_free_func (g_free);
  for (guint n = 0; n < self->nodes->len; n++)
    {
      NsRunNode *rn = &g_array_index (self->nodes, NsRunNode, n);

      if (rn->stack != NULL && !ns_stack_is_down (rn->stack)
          && !ns_scenario_setup_node (rn->stack, rn->node, error))
        return NULL;
    }
  self->pending = ns_scenario_schedule (self->sim, self->topology, stack_of, self);
  schedule_failures (self);
  return g_steal_pointer (&self);
}

/* Adds the events recorded since the last call to the estimate of what
 * the trace keeps: the event, its frame's bytes (with the packet's own
 * header and malloc's), its TCP record, its texts. */
static guint64
account_trace (NsRun *self)
{
  guint n = ns_trace_len (self->trace);

  for (; self->accounted < n; self->accounted++)
    {
      const NsTraceEvent *ev = ns_trace_get (self->trace, self->accounted);

      self->trace_bytes += sizeof *ev + (ev->packet != NULL ? ev->packet->len + 64 : 0)
                           + (ev->tcp_vars != NULL ? sizeof *ev->tcp_vars : 0)
                           + (ev->why != NULL ? strlen (ev->why) + 16 : 0);
      if (ev->fields != NULL)
        self->trace_bytes += g_variant_get_size (ev->fields)
                             + 300 * g_variant_n_children (ev->fields);
    }
  return self->trace_bytes;
}

static gboolean
over_limits (NsRun *self)
{
  /* The bytes are added up every 1024 events run: cheap, and soon enough. */
  if (self->max_recording == 0 || ++self->steps % 1024 != 0
      || account_trace (self) <= self->max_recording)
    return FALSE;
  g_free (self->stop_note);
  self->stop_note = g_strdup_printf ("the run was stopped at %.3f s after %u events: its "
                                     "recording reached the limit of %" G_GUINT64_FORMAT " MiB "
                                     "(the network never went quiet, or the transfer is very "
                                     "big); raise it with NETSKETCH_MAX_RECORDING_MB",
                                     (double) ns_sim_now (self->sim) / NS_NSEC_PER_SEC,
                                     ns_trace_len (self->trace), self->max_recording >> 20);
  return TRUE;
}

/* What a streamed run keeps of each event before handing it on: the
 * result lines, and what the reports of unfinished actions need. */
static void
stream_one (const NsTraceEvent *ev, guint index, gpointer user_data)
{
  NsRun *self = user_data;

  if (ev->kind == NS_TRACE_APP)
    {
      g_ptr_array_add (self->result_lines, ns_run_format_result_line (ev));
      if (!ev->partial)
        {
          char *key = g_strconcat (ev->node, "\n", ev->action, NULL);

          g_hash_table_insert (self->results, key, GUINT_TO_POINTER (
                                 GPOINTER_TO_UINT (g_hash_table_lookup (self->results, key)) + 1));
        }
    }
  else if (ev->kind == NS_TRACE_TCP_VARS && ev->tcp_vars != NULL && ev->remote != NULL)
    {
      const char *colon = strrchr (ev->remote, ':');
      char *key = g_strconcat (ev->node, "\n", colon != NULL ? colon + 1 : "", NULL);

      g_hash_table_insert (self->acked, key, g_memdup2 (&ev->tcp_vars->bytes_acked,
                                                         sizeof (guint64)));
    }
  self->sink (ev, index, self->sink_data);
}

void
ns_run_stream_events (NsRun *self, NsTraceEventFunc func, gpointer user_data)
{
  self->sink = func;
  self->sink_data = user_data;
  self->max_recording = 0;
  if (self->result_lines == NULL)
    {
      self->result_lines = g_ptr_array_new_with_free_func (g_free);
      self->results = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      self->acked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    }
}

void
ns_run_execute (NsRun *self, gint64 until_ns)
{
  /* The scenario is finished and the network quiet when no event is
   * left: apps stop their timers when done. */
  while (ns_sim_next_time (self->sim) <= until_ns)
    {
      ns_sim_step (self->sim);
      if (self->sink != NULL)
        {
          if (ns_trace_len (self->trace) - ns_trace_first_held (self->trace) >= STREAM_BATCH)
            ns_trace_drain (self->trace, stream_one, self);
        }
      else if (over_limits (self))
        break;
    }
  if (self->sink != NULL)
    {
      ns_trace_drain (self->trace, stream_one, self);
      ns_scenario_report_unfinished_with (self->sim, self->topology, stack_of, self,
                                          self->results, self->acked);
      report_unrun_failures (self);
      ns_trace_drain (self->trace, stream_one, self);
    }
  else
    {
      ns_scenario_report_unfinished (self->sim, self->topology, stack_of, self);
      report_unrun_failures (self);
    }
}

const char *
ns_run_get_stop_note (NsRun *self)
{
  return self->stop_note;
}

NsStack *
ns_run_get_stack (NsRun *self, const char *node_id)
{
  return stack_of (node_id, self);
}

NsSim *
ns_run_get_sim (NsRun *self)
{
  return self->sim;
}

NsTrace *
ns_run_get_trace (NsRun *self)
{
  return self->trace;
}

const NsTopology *
ns_run_get_topology (NsRun *self)
{
  return self->topology;
}

char *
ns_run_format_result_line (const NsTraceEvent *ev)
{
  return g_strdup_printf ("[%8.3f s] %-8s %-10s %s %s", (double) ev->t / NS_NSEC_PER_SEC,
                          ev->node, ev->action, ev->ok ? "ok  " : "FAIL",
                          ev->detail ? ev->detail : "");
}

GPtrArray *
ns_run_dup_result_lines (NsRun *self)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; self->result_lines != NULL && i < self->result_lines->len; i++)
    g_ptr_array_add (lines, g_strdup (g_ptr_array_index (self->result_lines, i)));
  for (guint i = ns_trace_first_held (self->trace); i < ns_trace_len (self->trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (self->trace, i);

      if (ev->kind == NS_TRACE_APP)
        g_ptr_array_add (lines, ns_run_format_result_line (ev));
    }
  return lines;
}
