/* bench-forward.c: forwarding speed. A host sends UDP datagrams across a
 * chain of routers to a host that counts them; every frame crossing one
 * link and being processed by the next node's stack is one frame-hop.
 * Built directly from the engine, links and stacks (no document, no
 * trace), so it measures the data path. Goal (docs/architecture.md): at least 2
 * million frame-hops per second on one core.
 *
 *   bench-forward [DATAGRAMS] [ROUTERS] [--trace]
 *                 (default 500000 and 8; --trace also records the run) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/stack.h"
#include "net/udp.h"
#include "sim/link.h"
#include "sim/sim.h"
#include "sim/trace.h"

#define PAYLOAD_LEN 64
#define SEND_INTERVAL_NS 1000   /* one datagram a microsecond */
#define DISCARD_PORT 9

typedef struct {
  NsSim       *sim;
  NsUdpSocket *sock;
  guint32      dst;
  guint64      remaining;
  guint64      received;
} Flow;

/* Link i joins node i (its eth1, 10.i.0.1) and node i + 1 (its eth0,
 * 10.i.0.2); node 0 is the sender, the last node the receiver. */
static guint32
link_addr (guint link, guint host)
{
  return (10u << 24) | ((link & 0xff) << 16) | ((link >> 8) << 8) | host;
}

static void
count_datagram (NsUdpSocket *sock, guint32 src, guint16 src_port, const guint8 *payload,
                gsize len, gpointer user_data)
{
  ((Flow *) user_data)->received++;
}

static void
send_one (NsSim *sim, gpointer data)
{
  Flow *flow = data;
  guint8 payload[PAYLOAD_LEN] = { 0 };

  if (flow->remaining == 0)
    return;
  flow->remaining--;
  ns_udp_sendto (flow->sock, flow->dst, DISCARD_PORT, payload, sizeof payload, 0);
  ns_sim_schedule (sim, SEND_INTERVAL_NS, send_one, flow);
}

int
main (int argc, char **argv)
{
  guint64 datagrams = 500000;
  guint64 routers = 8;
  gboolean record = FALSE;
  g_autoptr (NsSim) sim = ns_sim_new (1);
  g_autoptr (NsTrace) trace = NULL;
  g_autoptr (GPtrArray) stacks = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_stack_free);
  g_autoptr (GPtrArray) links = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_link_free);
  NsLinkParams params;
  NsStack *src, *dst;
  NsUdpSocket *sink;
  Flow flow = { .sim = sim };
  guint64 hops = 0, hops_before = 0;
  gint64 start, elapsed;
  guint n_nodes;

  for (int i = 1; i < argc; i++)
    {
      guint64 v;

      if (strcmp (argv[i], "--trace") == 0)
        record = TRUE;
      else if (g_ascii_string_to_unsigned (argv[i], 10, 1, 100000000, &v, NULL))
        {
          if (i == 1)
            datagrams = v;
          else
            routers = MIN (v, 250);
        }
    }
  if (record)
    {
      trace = ns_trace_new ();
      ns_sim_set_trace (sim, trace);
    }

  n_nodes = (guint) routers + 2;
  ns_link_params_init_default (&params);
  params.delay_ns = 10 * NS_NSEC_PER_USEC;
  params.bandwidth_bps = 10000000000ULL;   /* 10 Gb/s: a 106-byte frame takes 85 ns */
  params.queue_packets = 1024;
  for (guint n = 0; n < n_nodes; n++)
    {
      g_autofree char *id = g_strdup_printf ("n%u", n);
      NsStack *stack = ns_stack_new (sim, id, n > 0 && n + 1 < n_nodes);
      guint8 mac[6] = { 0x02, 0x00, 0x00, (guint8) n, 0x00, 0x00 };

      mac[5] = 1;
      ns_stack_add_iface (stack, "eth0", mac, n > 0 ? link_addr (n - 1, 2) : 0,
                          n > 0 ? 24 : 0, 1500);
      mac[5] = 2;
      ns_stack_add_iface (stack, "eth1", mac, n + 1 < n_nodes ? link_addr (n, 1) : 0,
                          n + 1 < n_nodes ? 24 : 0, 1500);
      ns_stack_add_connected_routes (stack);
      if (n + 1 < n_nodes)
        ns_stack_add_route (stack, 0, 0, link_addr (n, 2), -1, NS_ROUTE_STATIC);
      else
        ns_stack_add_route (stack, 0, 0, link_addr (n - 1, 1), -1, NS_ROUTE_STATIC);
      ns_udp_attach (stack);
      g_ptr_array_add (stacks, stack);
    }
  for (guint l = 0; l + 1 < n_nodes; l++)
    {
      g_autofree char *id = g_strdup_printf ("l%u", l);
      NsLink *link = ns_link_new (sim, id, &params);

      ns_stack_attach_link (g_ptr_array_index (stacks, l), 1, link, 0);
      ns_stack_attach_link (g_ptr_array_index (stacks, l + 1), 0, link, 1);
      g_ptr_array_add (links, link);
    }

  src = g_ptr_array_index (stacks, 0);
  dst = g_ptr_array_index (stacks, n_nodes - 1);
  flow.dst = link_addr (n_nodes - 2, 2);
  flow.sock = ns_udp_bind (src, 0, NULL, NULL);
  sink = ns_udp_bind (dst, DISCARD_PORT, count_datagram, &flow);

  /* Warm up: one datagram resolves ARP along the whole chain. */
  flow.remaining = 1;
  send_one (sim, &flow);
  ns_sim_run_until (sim, ns_sim_now (sim) + NS_NSEC_PER_SEC);
  g_assert (flow.received == 1);
  for (guint l = 0; l < links->len; l++)
    hops_before += ns_link_get_stats (g_ptr_array_index (links, l))->delivered;

  flow.remaining = datagrams;
  start = g_get_monotonic_time ();
  send_one (sim, &flow);
  while (ns_sim_step (sim))
    ;
  elapsed = MAX (g_get_monotonic_time () - start, 1);

  for (guint l = 0; l < links->len; l++)
    hops += ns_link_get_stats (g_ptr_array_index (links, l))->delivered;
  hops -= hops_before;
  printf ("bench-forward: %" G_GUINT64_FORMAT " UDP datagrams across %" G_GUINT64_FORMAT
          " routers%s: %" G_GUINT64_FORMAT " received, %" G_GUINT64_FORMAT " frame-hops in "
          "%.3f s: %.2f million frame-hops/s (goal >= 2)\n",
          datagrams, routers, record ? " (recording the trace)" : "", flow.received - 1, hops,
          (double) elapsed / G_USEC_PER_SEC,
          (double) hops / ((double) elapsed / G_USEC_PER_SEC) / 1e6);

  ns_udp_close (sink);
  ns_udp_close (flow.sock);
  g_clear_pointer (&stacks, g_ptr_array_unref);
  g_clear_pointer (&links, g_ptr_array_unref);
  ns_packet_pool_trim ();
  return flow.received == datagrams + 1 ? EXIT_SUCCESS : EXIT_FAILURE;
}
