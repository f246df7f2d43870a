/* test-stack.c: a node's stack on small networks built by hand: ARP,
 * forwarding and TTL, ICMP echo and errors, UDP ports, the switch. */
#include <string.h>

#include "net/apps/ping.h"
#include "net/apps/traceroute.h"
#include "net/apps/udp-apps.h"
#include "net/dissect.h"
#include "net/icmp.h"
#include "net/stack.h"
#include "net/stack-private.h"
#include "net/summary.h"
#include "net/switch.h"
#include "net/udp.h"
#include "net/wire/arp-wire.h"
#include "net/wire/checksum.h"
#include "net/wire/ethernet.h"
#include "net/wire/icmp-wire.h"
#include "net/wire/ipv4-wire.h"
#include "net/wire/udp-wire.h"
#include "sim/rng.h"
#include "sim/trace.h"

#define IP(a, b, c, d) ((guint32) (a) << 24 | (guint32) (b) << 16 | (guint32) (c) << 8 | (d))

typedef struct {
  NsSim     *sim;
  NsTrace   *trace;
  GPtrArray *stacks;
  GPtrArray *links;
  NsSwitch  *sw;
} Net;

static void
net_init (Net *net, guint64 seed)
{
  net->sim = ns_sim_new (seed);
  net->trace = ns_trace_new ();
  ns_sim_set_trace (net->sim, net->trace);
  net->stacks = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_stack_free);
  net->links = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_link_free);
  net->sw = NULL;
}

static void
net_clear (Net *net)
{
  g_ptr_array_unref (net->stacks);
  g_clear_pointer (&net->sw, ns_switch_free);
  g_ptr_array_unref (net->links);
  ns_sim_free (net->sim);
  ns_trace_free (net->trace);
}

static NsStack *
net_node (Net *net, const char *id, gboolean router)
{
  NsStack *stack = ns_stack_new (net->sim, id, router);

  g_ptr_array_add (net->stacks, stack);
  ns_udp_attach (stack);
  return stack;
}

static guint
net_iface (NsStack *stack, const char *name, guint32 addr, guint prefix)
{
  guint8 mac[6] = { 0x02, 0, 0, 0, (guint8) g_str_hash (ns_stack_get_node_id (stack)),
                    (guint8) ns_stack_n_ifaces (stack) + 1 };

  return ns_stack_add_iface (stack, name, mac, addr, prefix, 1500);
}

static NsLink *
net_link (Net *net, const char *id, gint64 delay_ms)
{
  NsLinkParams params;
  NsLink *link;

  ns_link_params_init_default (&params);
  params.delay_ns = delay_ms * NS_NSEC_PER_MSEC;
  link = ns_link_new (net->sim, id, &params);
  g_ptr_array_add (net->links, link);
  return link;
}

/* pc (10.0.1.10) -- r1 -- r2 -- r3 -- srv (10.0.4.20), /24 networks. */
static void
build_chain (Net *net, NsStack **pc_out, NsStack **srv_out, NsStack **r_out)
{
  NsStack *pc = net_node (net, "pc", FALSE);
  NsStack *srv = net_node (net, "srv", FALSE);
  NsStack *prev = pc;
  guint prev_iface = net_iface (pc, "eth0", IP (10, 0, 1, 10), 24);

  for (guint i = 0; i < 3; i++)
    {
      char name[8];
      NsStack *r;
      NsLink *link;
      guint in, out;

      g_snprintf (name, sizeof name, "r%u", i + 1);
      r = net_node (net, name, TRUE);
      in = net_iface (r, "eth0", IP (10, 0, i + 1, 1), 24);
      out = net_iface (r, "eth1", IP (10, 0, i + 2, i == 2 ? 1 : 2), 24);
      link = net_link (net, name, 1);
      ns_stack_attach_link (prev, prev_iface, link, 0);
      ns_stack_attach_link (r, in, link, 1);
      ns_stack_add_connected_routes (r);
      prev = r;
      prev_iface = out;
      if (r_out)
        r_out[i] = r;
    }
  {
    guint e = net_iface (srv, "eth0", IP (10, 0, 4, 20), 24);
    NsLink *link = net_link (net, "last", 1);

    ns_stack_attach_link (prev, prev_iface, link, 0);
    ns_stack_attach_link (srv, e, link, 1);
  }
  ns_stack_add_connected_routes (pc);
  ns_stack_add_connected_routes (srv);
  *pc_out = pc;
  *srv_out = srv;
}

static guint
count_events (Net *net, NsTraceKind kind, const char *reason)
{
  guint n = 0;

  for (guint i = 0; i < ns_trace_len (net->trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (net->trace, i);

      if (ev->kind == kind && (reason == NULL || g_strcmp0 (ev->reason, reason) == 0))
        n++;
    }
  return n;
}

static const NsTraceEvent *
find_app (Net *net, const char *action, guint nth)
{
  for (guint i = 0; i < ns_trace_len (net->trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (net->trace, i);

      if (ev->kind == NS_TRACE_APP && g_strcmp0 (ev->action, action) == 0 && nth-- == 0)
        return ev;
    }
  return NULL;
}

static void
route_chain (NsStack *pc, NsStack *srv, NsStack **r)
{
  /* r1: eth0 10.0.1.1, eth1 10.0.2.2; r2: eth0 10.0.2.1, eth1 10.0.3.2;
   * r3: eth0 10.0.3.1, eth1 10.0.4.1. */
  g_assert_true (ns_stack_add_route (pc, 0, 0, IP (10, 0, 1, 1), -1, NS_ROUTE_STATIC));
  g_assert_true (ns_stack_add_route (srv, 0, 0, IP (10, 0, 4, 1), -1, NS_ROUTE_STATIC));
  g_assert_true (ns_stack_add_route (r[0], 0, 0, IP (10, 0, 2, 1), -1, NS_ROUTE_STATIC));
  g_assert_true (
    ns_stack_add_route (r[1], IP (10, 0, 1, 0), 24, IP (10, 0, 2, 2), -1, NS_ROUTE_STATIC));
  g_assert_true (
    ns_stack_add_route (r[1], IP (10, 0, 4, 0), 24, IP (10, 0, 3, 1), -1, NS_ROUTE_STATIC));
  g_assert_true (ns_stack_add_route (r[2], 0, 0, IP (10, 0, 3, 2), -1, NS_ROUTE_STATIC));
}

static void
test_ping_across_routers (void)
{
  Net net;
  NsStack *pc, *srv, *r[3];
  NsPingParams params;
  const NsTraceEvent *reply;
  GVariant *v;
  double rtt;

  net_init (&net, 1);
  build_chain (&net, &pc, &srv, r);
  route_chain (pc, srv, r);
  ns_ping_params_init (&params, IP (10, 0, 4, 20));
  params.count = 3;
  ns_ping_start (pc, &params, "srv");
  ns_sim_run_until (net.sim, 10 * NS_NSEC_PER_SEC);

  for (guint i = 0; i < 3; i++)
    {
      reply = find_app (&net, "ping", i);
      g_assert_nonnull (reply);
      g_assert_true (reply->ok);
      /* 64 at the server, less one per router on the way back. */
      v = g_variant_lookup_value (reply->fields, "ttl", G_VARIANT_TYPE_UINT32);
      g_assert_cmpuint (g_variant_get_uint32 (v), ==, 61);
      g_variant_unref (v);
      g_assert_true (g_variant_lookup (reply->fields, "rtt_ms", "d", &rtt));
      /* Four links of 1 ms each way, plus serialisation; the first waits
       * for ARP on every hop. */
      g_assert_cmpfloat (rtt, >=, 8.0);
      if (i > 0)
        g_assert_cmpfloat (rtt, <, 8.5);
    }
  reply = find_app (&net, "ping", 3);
  g_assert_nonnull (reply);
  g_assert_true (reply->ok);
  g_assert_nonnull (strstr (reply->detail, "3 sent, 3 received"));
  /* One ARP request and one reply on each of the four links, no more. */
  g_assert_cmpuint (ns_stack_get_stats (pc)->arp_requests_sent, ==, 1);
  g_assert_cmpuint (ns_stack_get_stats (r[1])->ip_forwarded, ==, 6);
  g_assert_cmpuint (count_events (&net, NS_TRACE_DROP, NULL), ==, 0);
  net_clear (&net);
}

static void
test_ttl_exceeded_and_traceroute (void)
{
  Net net;
  NsStack *pc, *srv, *r[3];
  NsPingParams params;
  const NsTraceEvent *ev;
  GVariant *hops;
  const char **list;
  gsize n;

  net_init (&net, 1);
  build_chain (&net, &pc, &srv, r);
  route_chain (pc, srv, r);
  ns_ping_params_init (&params, IP (10, 0, 4, 20));
  params.count = 1;
  params.ttl = 2;
  ns_ping_start (pc, &params, "srv");
  ns_sim_run_until (net.sim, 5 * NS_NSEC_PER_SEC);
  /* TTL 2 dies at the second router, which says so. */
  g_assert_cmpuint (count_events (&net, NS_TRACE_DROP, "ttl"), ==, 1);
  ev = find_app (&net, "ping", 0);
  g_assert_false (ev->ok);
  g_assert_nonnull (strstr (ev->detail, "time to live exceeded from 10.0.2.1"));

  ns_traceroute_start (pc, IP (10, 0, 4, 20), "srv", 0);
  ns_sim_run_until (net.sim, 60 * NS_NSEC_PER_SEC);
  ev = find_app (&net, "traceroute", 0);
  g_assert_nonnull (ev);
  g_assert_true (ev->ok);
  hops = g_variant_lookup_value (ev->fields, "hops", G_VARIANT_TYPE_STRING_ARRAY);
  list = g_variant_get_strv (hops, &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpstr (list[0], ==, "10.0.1.1");
  g_assert_cmpstr (list[1], ==, "10.0.2.1");
  g_assert_cmpstr (list[2], ==, "10.0.3.1");
  g_assert_cmpstr (list[3], ==, "10.0.4.20");
  g_free (list);
  g_variant_unref (hops);
  net_clear (&net);
}

static void
test_no_route_and_unreachable (void)
{
  Net net;
  NsStack *pc, *srv, *r[3];
  NsPingParams params;
  const NsTraceEvent *ev;

  net_init (&net, 1);
  build_chain (&net, &pc, &srv, r);
  route_chain (pc, srv, r);
  /* r2 knows nothing of 192.168.0.0/16: net unreachable back to pc. */
  ns_ping_params_init (&params, IP (192, 168, 9, 9));
  params.count = 1;
  ns_ping_start (pc, &params, "nowhere");
  ns_sim_run_until (net.sim, 5 * NS_NSEC_PER_SEC);
  g_assert_cmpuint (count_events (&net, NS_TRACE_DROP, "no-route"), ==, 1);
  ev = find_app (&net, "ping", 0);
  g_assert_false (ev->ok);
  g_assert_nonnull (strstr (ev->detail, "network unreachable from 10.0.2.1"));
  net_clear (&net);

  /* A host on the server's LAN that does not exist: ARP gives up after 3
   * tries, the last router says host unreachable. */
  net_init (&net, 1);
  build_chain (&net, &pc, &srv, r);
  route_chain (pc, srv, r);
  ns_ping_params_init (&params, IP (10, 0, 4, 99));
  params.count = 1;
  ns_ping_start (pc, &params, "ghost");
  ns_sim_run_until (net.sim, 10 * NS_NSEC_PER_SEC);
  g_assert_cmpuint (count_events (&net, NS_TRACE_DROP, "no-arp"), ==, 1);
  g_assert_cmpuint (ns_stack_get_stats (r[2])->arp_requests_sent, ==, 3);
  ev = find_app (&net, "ping", 0);
  g_assert_nonnull (strstr (ev->detail, "host unreachable from 10.0.3.1"));
  net_clear (&net);
}

static void
test_udp_echo_and_port_unreachable (void)
{
  Net net;
  NsStack *pc, *srv, *r[3];
  NsUdpSendParams params = { .target = IP (10, 0, 4, 20), .port = 7, .bytes = 200, .count = 5,
                             .interval_ns = 20 * NS_NSEC_PER_MSEC };
  const NsTraceEvent *ev;
  guint32 echoed;

  net_init (&net, 1);
  build_chain (&net, &pc, &srv, r);
  route_chain (pc, srv, r);
  g_assert_true (ns_udp_echo_start (srv, 7));
  g_assert_false (ns_udp_echo_start (srv, 7));   /* taken */
  ns_udp_send_start (pc, &params, "srv:7");
  params.port = 9;
  ns_udp_send_start (pc, &params, "srv:9");
  ns_sim_run_until (net.sim, 10 * NS_NSEC_PER_SEC);
  ev = find_app (&net, "udp-send", 0);
  g_assert_true (ev->ok);
  g_assert_true (g_variant_lookup (ev->fields, "echoed", "u", &echoed));
  g_assert_cmpuint (echoed, ==, 5);
  ev = find_app (&net, "udp-send", 1);
  g_assert_false (ev->ok);
  g_assert_nonnull (strstr (ev->detail, "port unreachable"));
  g_assert_cmpuint (count_events (&net, NS_TRACE_DROP, "no-port"), ==, 5);
  net_clear (&net);
}

static void
test_switch_learns (void)
{
  Net net;
  NsStack *h[3];
  NsUdpSendParams params = { .target = IP (192, 168, 1, 3), .port = 7, .bytes = 10, .count = 3,
                             .interval_ns = NS_NSEC_PER_MSEC };
  const NsTraceEvent *ev;
  guint32 echoed;
  guint rx_at_h2 = 0;

  net_init (&net, 1);
  net.sw = ns_switch_new (net.sim, "sw");
  for (guint i = 0; i < 3; i++)
    {
      char name[8], port[8];
      guint e;
      NsLink *link;

      g_snprintf (name, sizeof name, "h%u", i + 1);
      g_snprintf (port, sizeof port, "p%u", i + 1);
      h[i] = net_node (&net, name, FALSE);
      e = net_iface (h[i], "eth0", IP (192, 168, 1, i + 1), 24);
      ns_stack_add_connected_routes (h[i]);
      link = net_link (&net, name, 1);
      ns_stack_attach_link (h[i], e, link, 0);
      ns_switch_attach_link (net.sw, ns_switch_add_port (net.sw, port), link, 1);
    }
  ns_udp_echo_start (h[2], 7);
  ns_udp_send_start (h[0], &params, "h3:7");
  ns_sim_run_until (net.sim, 5 * NS_NSEC_PER_SEC);
  ev = find_app (&net, "udp-send", 0);
  g_assert_true (g_variant_lookup (ev->fields, "echoed", "u", &echoed));
  g_assert_cmpuint (echoed, ==, 3);
  /* Only the ARP request is flooded; everything after goes to one port. */
  g_assert_cmpuint (ns_switch_frames_flooded (net.sw), ==, 1);
  g_assert_cmpint (ns_switch_lookup (net.sw, ns_stack_iface_mac (h[0], 0)), ==, 0);
  g_assert_cmpint (ns_switch_lookup (net.sw, ns_stack_iface_mac (h[2], 0)), ==, 2);
  for (guint i = 0; i < ns_trace_len (net.trace); i++)
    {
      const NsTraceEvent *e = ns_trace_get (net.trace, i);

      if (e->kind == NS_TRACE_RX && g_strcmp0 (e->iface, "h2:eth0") == 0)
        rx_at_h2++;
    }
  g_assert_cmpuint (rx_at_h2, ==, 1);
  net_clear (&net);
}

static void
test_routing_table (void)
{
  Net net;
  NsStack *r;
  const NsRoute *route;

  net_init (&net, 1);
  r = net_node (&net, "r", TRUE);
  net_iface (r, "eth0", IP (10, 0, 0, 1), 24);
  net_iface (r, "eth1", IP (10, 1, 0, 1), 16);
  ns_stack_add_connected_routes (r);
  g_assert_true (ns_stack_add_route (r, 0, 0, IP (10, 0, 0, 254), -1, NS_ROUTE_STATIC));
  g_assert_true (ns_stack_add_route (r, IP (10, 1, 5, 0), 24, IP (10, 1, 0, 9), -1, NS_ROUTE_AUTO));
  g_assert_false (
    ns_stack_add_route (r, IP (172, 16, 0, 0), 12, IP (8, 8, 8, 8), -1, NS_ROUTE_STATIC));

  route = ns_stack_lookup_route (r, IP (10, 1, 5, 7));
  g_assert_cmpuint (route->prefix_len, ==, 24);
  g_assert_cmphex (route->via, ==, IP (10, 1, 0, 9));
  route = ns_stack_lookup_route (r, IP (10, 1, 6, 7));
  g_assert_cmpuint (route->prefix_len, ==, 16);
  g_assert_cmpuint (route->iface, ==, 1);
  route = ns_stack_lookup_route (r, IP (8, 8, 8, 8));
  g_assert_cmpuint (route->prefix_len, ==, 0);
  g_assert_cmphex (route->via, ==, IP (10, 0, 0, 254));

  /* A static route replaces an auto one to the same network, not the
   * reverse. */
  g_assert_true (
    ns_stack_add_route (r, IP (10, 1, 5, 0), 24, IP (10, 1, 0, 8), -1, NS_ROUTE_STATIC));
  g_assert_true (ns_stack_add_route (r, IP (10, 1, 5, 0), 24, IP (10, 1, 0, 7), -1, NS_ROUTE_AUTO));
  g_assert_cmphex (ns_stack_lookup_route (r, IP (10, 1, 5, 1))->via, ==, IP (10, 1, 0, 8));
  g_assert_true (ns_stack_is_local_addr (r, IP (10, 0, 0, 255)));
  g_assert_true (ns_stack_is_local_addr (r, IP (10, 1, 0, 1)));
  g_assert_false (ns_stack_is_local_addr (r, IP (10, 1, 0, 2)));
  net_clear (&net);
}

/* The reference answers: a scan of the table in its order (longest
 * prefix first) and of the interfaces. */
static const NsRoute *
scan_route (NsStack *stack, guint32 dst)
{
  for (guint i = 0; i < ns_stack_n_routes (stack); i++)
    {
      const NsRoute *r = ns_stack_get_route (stack, i);
      guint32 mask = r->prefix_len == 0 ? 0 : 0xffffffffu << (32 - r->prefix_len);

      if ((dst & mask) == r->dest)
        return r;
    }
  return NULL;
}

static gboolean
scan_local (NsStack *stack, guint32 addr)
{
  if (addr == 0xffffffffu)
    return TRUE;
  for (guint i = 0; i < ns_stack_n_ifaces (stack); i++)
    {
      guint32 a = ns_stack_iface_addr (stack, i);
      guint len = ns_stack_iface_prefix (stack, i);
      guint32 mask = len == 0 ? 0 : 0xffffffffu << (32 - len);

      if (a != 0 && (addr == a || (len < 31 && addr == ((a & mask) | ~mask))))
        return TRUE;
    }
  return FALSE;
}

static void
check_against_scan (NsStack *r, guint32 *lcg)
{
  for (guint k = 0; k < 20000; k++)
    {
      guint32 dst;

      *lcg = *lcg * 1664525u + 1013904223u;
      /* Mostly inside 10.0.0.0/8, where the routes are dense. */
      dst = k % 4 == 0 ? *lcg : IP (10, 0, 0, 0) | (*lcg >> 8 & 0x00ffffffu);
      if (k % 16 == 1)
        dst = (dst & 0xffffff00u) | 255;
      g_assert_true (ns_stack_lookup_route (r, dst) == scan_route (r, dst));
      g_assert_cmpint (ns_stack_is_local_addr (r, dst), ==, scan_local (r, dst));
    }
}

/* A router with many interfaces and routes looks them up through sorted
 * indexes: the answers must be the scan's, also after the table grows. */
static void
test_routing_table_indexed (void)
{
  Net net;
  NsStack *r;
  guint32 lcg = 1;

  net_init (&net, 1);
  r = net_node (&net, "r", TRUE);
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *name = g_strdup_printf ("eth%u", i);

      /* /24s, a /16, /30s, a /31 and a /32, and an unnumbered one. */
      if (i == 0)
        net_iface (r, name, IP (10, 200, 0, 1), 16);
      else if (i < 30)
        net_iface (r, name, IP (10, 0, i, 1), 24);
      else if (i < 37)
        net_iface (r, name, IP (10, 100, 0, 4 * i + 1), 30);
      else if (i == 37)
        net_iface (r, name, IP (10, 101, 0, 0), 31);
      else if (i == 38)
        net_iface (r, name, IP (10, 102, 0, 7), 32);
      else
        net_iface (r, name, 0, 0);
    }
  ns_stack_add_connected_routes (r);
  for (guint i = 0; i < 200; i++)
    {
      guint len = 8 + i % 25;
      guint32 mask = 0xffffffffu << (32 - len);

      lcg = lcg * 1664525u + 1013904223u;
      ns_stack_add_route (r, (IP (10, 0, 0, 0) | (lcg >> 8)) & mask, len,
                          IP (10, 0, 1, 2 + i % 200), -1, i % 3 ? NS_ROUTE_AUTO : NS_ROUTE_STATIC);
    }
  check_against_scan (r, &lcg);
  /* Changes after lookups: a default route, a replaced route, a new
   * interface. */
  g_assert_null (ns_stack_lookup_route (r, IP (8, 8, 8, 8)));
  g_assert_true (ns_stack_add_route (r, 0, 0, IP (10, 0, 2, 9), -1, NS_ROUTE_STATIC));
  g_assert_cmphex (ns_stack_lookup_route (r, IP (8, 8, 8, 8))->via, ==, IP (10, 0, 2, 9));
  g_assert_true (
    ns_stack_add_route (r, IP (10, 150, 7, 0), 24, IP (10, 0, 3, 4), -1, NS_ROUTE_AUTO));
  g_assert_cmphex (ns_stack_lookup_route (r, IP (10, 150, 7, 77))->via, ==, IP (10, 0, 3, 4));
  g_assert_true (
    ns_stack_add_route (r, IP (10, 150, 7, 0), 24, IP (10, 0, 3, 3), -1, NS_ROUTE_STATIC));
  g_assert_cmphex (ns_stack_lookup_route (r, IP (10, 150, 7, 77))->via, ==, IP (10, 0, 3, 3));
  /* A connected network keeps its connected route. */
  g_assert_true (
    ns_stack_add_route (r, IP (10, 0, 5, 0), 24, IP (10, 0, 3, 3), -1, NS_ROUTE_STATIC));
  g_assert_cmphex (ns_stack_lookup_route (r, IP (10, 0, 5, 77))->via, ==, 0);
  g_assert_false (ns_stack_is_local_addr (r, IP (172, 16, 0, 1)));
  net_iface (r, "late", IP (172, 16, 0, 1), 24);
  g_assert_true (ns_stack_is_local_addr (r, IP (172, 16, 0, 1)));
  g_assert_true (ns_stack_is_local_addr (r, IP (172, 16, 0, 255)));
  check_against_scan (r, &lcg);
  net_clear (&net);
}

static void
test_ports (void)
{
  Net net;
  NsStack *h;
  guint16 a, b;

  net_init (&net, 5);
  h = net_node (&net, "h", FALSE);
  a = ns_stack_claim_port (h, NS_IP_PROTO_UDP, 0);
  b = ns_stack_claim_port (h, NS_IP_PROTO_UDP, 0);
  g_assert_cmpuint (a, >=, 49152);
  g_assert_cmpuint (b, >=, 49152);
  g_assert_cmpuint (a, !=, b);
  g_assert_cmpuint (ns_stack_claim_port (h, NS_IP_PROTO_UDP, a), ==, 0);
  /* TCP has its own table. */
  g_assert_cmpuint (ns_stack_claim_port (h, NS_IP_PROTO_TCP, a), ==, a);
  ns_stack_release_port (h, NS_IP_PROTO_UDP, a);
  g_assert_cmpuint (ns_stack_claim_port (h, NS_IP_PROTO_UDP, a), ==, a);
  net_clear (&net);
}

/* Frames a stack sends out of a tapped interface, in order. */
static void
tap_collect (NsStack *stack, guint iface, NsPacket *frame, gpointer user_data)
{
  g_ptr_array_add (user_data, frame);
}

static const guint8 peer_mac[6] = { 0x02, 0, 0, 0, 0, 0x99 };

/* An Ethernet frame from peer_mac to @dst_mac holding an IPv4 packet with
 * @payload_len zero bytes of payload; @frag is the flags+offset word. */
static NsPacket *
ip_frame (const guint8 *dst_mac, guint32 src, guint32 dst, guint8 proto, guint8 ttl,
          guint16 frag, gsize payload_len)
{
  NsPacket *frame = ns_packet_new (0, NS_ETHERNET_HEADER_LEN + NS_IPV4_HEADER_LEN + payload_len);
  NsEthernetHdr eth = { .ethertype = NS_ETHERTYPE_IPV4 };
  NsIpv4Hdr hdr;

  memset (frame->data, 0, frame->len);
  memcpy (eth.dst, dst_mac, 6);
  memcpy (eth.src, peer_mac, 6);
  ns_ethernet_emit (&eth, frame->data);
  ns_ipv4_hdr_init (&hdr, src, dst, proto, ttl, 7, payload_len);
  hdr.dont_frag = (frag & 0x4000) != 0;
  hdr.more_frags = (frag & 0x2000) != 0;
  hdr.frag_offset = frag & 0x1fff;
  ns_ipv4_emit (&hdr, frame->data + NS_ETHERNET_HEADER_LEN);
  return frame;
}

/* The ARP reply peer_mac sends for @addr to the stack's @iface. */
static NsPacket *
arp_reply_frame (NsStack *stack, guint iface, guint32 addr)
{
  NsPacket *frame = ns_packet_new (0, NS_ETHERNET_HEADER_LEN + NS_ARP_HEADER_LEN);
  NsEthernetHdr eth = { .ethertype = NS_ETHERTYPE_ARP };
  NsArpHdr arp = { .op = NS_ARP_OP_REPLY, .spa = addr, .tpa = ns_stack_iface_addr (stack, iface) };

  memcpy (eth.dst, ns_stack_iface_mac (stack, iface), 6);
  memcpy (eth.src, peer_mac, 6);
  memcpy (arp.sha, peer_mac, 6);
  memcpy (arp.tha, ns_stack_iface_mac (stack, iface), 6);
  ns_ethernet_emit (&eth, frame->data);
  ns_arp_emit (&arp, frame->data + NS_ETHERNET_HEADER_LEN);
  return frame;
}

/* The ICMP type and code of @frame, an IPv4 packet carrying ICMP; FALSE if
 * it is anything else. */
static gboolean
frame_icmp (NsPacket *frame, guint8 *type, guint8 *code)
{
  const guint8 *ip = frame->data + NS_ETHERNET_HEADER_LEN;

  if (frame->len < NS_ETHERNET_HEADER_LEN + NS_IPV4_HEADER_LEN + 8
      || ns_wire_get_u16 (frame->data + 12) != NS_ETHERTYPE_IPV4 || ip[9] != NS_IP_PROTO_ICMP)
    return FALSE;
  *type = ip[(ip[0] & 0x0f) * 4];
  *code = ip[(ip[0] & 0x0f) * 4 + 1];
  return TRUE;
}

/* What a host does with IPv4 packets it cannot take (RFC 1122 3.2.2.1,
 * 3.3.4.2): a protocol it does not speak, packets for another address;
 * and what ns_ipv4_output refuses to send. */
static void
test_ipv4_host_input (void)
{
  Net net;
  NsStack *h;
  guint e;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_packet_unref);
  const guint8 *mac;
  guint8 type, code;
  NsPacket *big;

  net_init (&net, 1);
  h = net_node (&net, "h", FALSE);
  e = net_iface (h, "eth0", IP (10, 0, 0, 1), 24);
  ns_stack_add_connected_routes (h);
  ns_stack_set_iface_tap (h, e, tap_collect, out);
  mac = ns_stack_iface_mac (h, e);

  /* Not for this host: silently dropped, no error sent. */
  ns_stack_input_frame (h, e, ip_frame (mac, IP (10, 0, 0, 2), IP (10, 0, 0, 77), NS_IP_PROTO_UDP,
                                        64, 0, 8));
  g_assert_cmpuint (count_events (&net, NS_TRACE_DROP, "not-for-me"), ==, 1);
  g_assert_cmpuint (out->len, ==, 0);

  /* Protocol 99: protocol unreachable back to the sender, after ARP. */
  ns_stack_input_frame (h, e, ip_frame (mac, IP (10, 0, 0, 2), IP (10, 0, 0, 1), 99, 64, 0, 12));
  g_assert_cmpuint (count_events (&net, NS_TRACE_DROP, "no-protocol"), ==, 1);
  g_assert_cmpuint (out->len, ==, 1);   /* the ARP request */
  g_assert_cmpuint (ns_wire_get_u16 (((NsPacket *)out->pdata[0])->data + 12), ==, NS_ETHERTYPE_ARP);
  ns_stack_input_frame (h, e, arp_reply_frame (h, e, IP (10, 0, 0, 2)));
  g_assert_cmpuint (out->len, ==, 2);
  g_assert_true (frame_icmp (out->pdata[1], &type, &code));
  g_assert_cmpuint (type, ==, NS_ICMP_DEST_UNREACH);
  g_assert_cmpuint (code, ==, NS_ICMP_UNREACH_PROTOCOL);
  g_assert_cmpmem (((NsPacket *) out->pdata[1])->data, 6, peer_mac, 6);

  /* ... but never about a packet sent to a broadcast address. */
  ns_stack_input_frame (h, e, ip_frame (ns_ethernet_broadcast, IP (10, 0, 0, 2),
                                        IP (10, 0, 0, 255), 99, 64, 0, 12));
  g_assert_cmpuint (count_events (&net, NS_TRACE_DROP, "no-protocol"), ==, 2);
  g_assert_cmpuint (out->len, ==, 2);

  /* An echo request to the directed broadcast is answered from the host's
   * own address, never from the broadcast one (RFC 1122 3.2.2.6). */
  {
    NsPacket *req = ip_frame (ns_ethernet_broadcast, IP (10, 0, 0, 2), IP (10, 0, 0, 255),
                              NS_IP_PROTO_ICMP, 64, 0, NS_ICMP_HEADER_LEN);
    NsIcmpHdr echo = { .type = NS_ICMP_ECHO_REQUEST, .echo_id = 3, .echo_seq = 4 };
    const guint8 *reply;

    ns_icmp_emit (&echo, req->data + NS_ETHERNET_HEADER_LEN + NS_IPV4_HEADER_LEN);
    ns_stack_input_frame (h, e, req);
    g_assert_cmpuint (out->len, ==, 3);
    g_assert_true (frame_icmp (out->pdata[2], &type, &code));
    g_assert_cmpuint (type, ==, NS_ICMP_ECHO_REPLY);
    reply = ((NsPacket *) out->pdata[2])->data + NS_ETHERNET_HEADER_LEN;
    g_assert_cmphex (ns_wire_get_u32 (reply + 12), ==, IP (10, 0, 0, 1));
    g_assert_cmphex (ns_wire_get_u32 (reply + 16), ==, IP (10, 0, 0, 2));
  }

  /* Output: no route, and too big for the MTU with Don't Fragment set. */
  g_assert_false (ns_ipv4_output (h, 0, IP (192, 168, 0, 1), NS_IP_PROTO_UDP, 0,
                                  ns_packet_new (NS_PACKET_HEADROOM, 8)));
  g_assert_cmpuint (count_events (&net, NS_TRACE_DROP, "no-route"), ==, 1);
  big = ns_packet_new (NS_PACKET_HEADROOM, 1481);
  memset (big->data, 0, big->len);
  g_assert_false (ns_ipv4_output_full (h, 0, IP (10, 0, 0, 2), NS_IP_PROTO_UDP, 0, TRUE, big));
  g_assert_cmpuint (count_events (&net, NS_TRACE_DROP, "mtu"), ==, 1);
  g_assert_cmpuint (out->len, ==, 3);
  net_clear (&net);
}

/* A router forwarding a Don't Fragment packet onto a link with a smaller
 * MTU says "fragmentation needed" (RFC 1191) instead of sending it. */
static void
test_ipv4_router_mtu (void)
{
  Net net;
  NsStack *r;
  guint in, outside;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_packet_unref);
  g_autoptr (GPtrArray) far = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_packet_unref);
  guint8 mac[6] = { 0x02, 0, 0, 0, 1, 2 };
  guint8 type, code;

  net_init (&net, 1);
  r = net_node (&net, "r", TRUE);
  in = net_iface (r, "eth0", IP (10, 0, 0, 1), 24);
  outside = ns_stack_add_iface (r, "eth1", mac, IP (10, 1, 0, 1), 24, 576);
  ns_stack_add_connected_routes (r);
  ns_stack_set_iface_tap (r, in, tap_collect, out);
  ns_stack_set_iface_tap (r, outside, tap_collect, far);
  /* Teach the router the sender's MAC first. */
  ns_stack_input_frame (r, in, arp_reply_frame (r, in, IP (10, 0, 0, 2)));

  ns_stack_input_frame (r, in, ip_frame (ns_stack_iface_mac (r, in), IP (10, 0, 0, 2),
                                         IP (10, 1, 0, 9), NS_IP_PROTO_UDP, 64, 0x4000, 600));
  g_assert_cmpuint (count_events (&net, NS_TRACE_DROP, "mtu"), ==, 1);
  g_assert_cmpuint (far->len, ==, 0);
  g_assert_cmpuint (out->len, ==, 1);
  g_assert_true (frame_icmp (out->pdata[0], &type, &code));
  g_assert_cmpuint (type, ==, NS_ICMP_DEST_UNREACH);
  g_assert_cmpuint (code, ==, NS_ICMP_UNREACH_FRAG_NEEDED);

  /* One that fits goes on (to ARP for its next hop). */
  ns_stack_input_frame (r, in, ip_frame (ns_stack_iface_mac (r, in), IP (10, 0, 0, 2),
                                         IP (10, 1, 0, 9), NS_IP_PROTO_UDP, 64, 0, 100));
  g_assert_cmpuint (ns_stack_get_stats (r)->ip_forwarded, ==, 1);
  g_assert_cmpuint (far->len, ==, 1);
  g_assert_cmpuint (ns_wire_get_u16 (((NsPacket *)far->pdata[0])->data + 12), ==, NS_ETHERTYPE_ARP);
  net_clear (&net);
}

/* A ping to one's own address loops back without touching the link. */
static void
test_ipv4_loopback (void)
{
  Net net;
  NsStack *h;
  guint e;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_packet_unref);
  NsPingParams params;
  const NsTraceEvent *ev;

  net_init (&net, 1);
  h = net_node (&net, "h", FALSE);
  e = net_iface (h, "eth0", IP (10, 0, 0, 1), 24);
  ns_stack_add_connected_routes (h);
  ns_stack_set_iface_tap (h, e, tap_collect, out);
  ns_ping_params_init (&params, IP (10, 0, 0, 1));
  params.count = 1;
  ns_ping_start (h, &params, "self");
  ns_sim_run_until (net.sim, 5 * NS_NSEC_PER_SEC);
  ev = find_app (&net, "ping", 0);
  g_assert_nonnull (ev);
  g_assert_true (ev->ok);
  g_assert_cmpuint (out->len, ==, 0);
  net_clear (&net);
}

/* ARP as RFC 826 "Packet Reception" says: answer requests for us and learn
 * the asker; learn nothing from requests for others; a malformed packet is
 * dropped; broadcasts need no resolution; packets waiting for an address
 * are bounded (the oldest go first) and leave in order once it is known. */
static void
test_arp_edge_cases (void)
{
  Net net;
  NsStack *h;
  guint e;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_packet_unref);
  NsPacket *frame;
  NsArpHdr arp = { .op = NS_ARP_OP_REQUEST };
  NsEthernetHdr eth = { .ethertype = NS_ETHERTYPE_ARP };
  guint8 mac[6];
  guint sent, dropped;

  net_init (&net, 1);
  h = net_node (&net, "h", FALSE);
  e = net_iface (h, "eth0", IP (10, 0, 0, 1), 24);
  ns_stack_add_connected_routes (h);
  ns_stack_set_iface_tap (h, e, tap_collect, out);

  /* A hardware length of 7: not Ethernet's ARP. */
  frame = arp_reply_frame (h, e, IP (10, 0, 0, 2));
  frame->data[NS_ETHERNET_HEADER_LEN + 4] = 7;
  ns_stack_input_frame (h, e, frame);
  g_assert_cmpuint (count_events (&net, NS_TRACE_DROP, "malformed"), ==, 1);
  g_assert_false (ns_stack_arp_lookup (h, e, IP (10, 0, 0, 2), mac));

  /* Who has 10.0.0.9 (not us)? Nothing learnt, nothing said. */
  memcpy (eth.dst, ns_ethernet_broadcast, 6);
  memcpy (eth.src, peer_mac, 6);
  memcpy (arp.sha, peer_mac, 6);
  arp.spa = IP (10, 0, 0, 3);
  arp.tpa = IP (10, 0, 0, 9);
  frame = ns_packet_new (0, NS_ETHERNET_HEADER_LEN + NS_ARP_HEADER_LEN);
  ns_ethernet_emit (&eth, frame->data);
  ns_arp_emit (&arp, frame->data + NS_ETHERNET_HEADER_LEN);
  ns_stack_input_frame (h, e, frame);
  g_assert_false (ns_stack_arp_lookup (h, e, IP (10, 0, 0, 3), mac));
  g_assert_cmpuint (out->len, ==, 0);

  /* Who has 10.0.0.1 (us)? Answered, and the asker learnt. */
  arp.tpa = IP (10, 0, 0, 1);
  frame = ns_packet_new (0, NS_ETHERNET_HEADER_LEN + NS_ARP_HEADER_LEN);
  ns_ethernet_emit (&eth, frame->data);
  ns_arp_emit (&arp, frame->data + NS_ETHERNET_HEADER_LEN);
  ns_stack_input_frame (h, e, frame);
  g_assert_true (ns_stack_arp_lookup (h, e, IP (10, 0, 0, 3), mac));
  g_assert_cmpmem (mac, 6, peer_mac, 6);
  g_assert_cmpuint (out->len, ==, 1);
  g_assert_true (ns_arp_parse (((NsPacket *) out->pdata[0])->data + NS_ETHERNET_HEADER_LEN,
                               NS_ARP_HEADER_LEN, &arp, NULL));
  g_assert_cmpuint (arp.op, ==, NS_ARP_OP_REPLY);
  g_assert_cmphex (arp.spa, ==, IP (10, 0, 0, 1));
  g_assert_cmpmem (arp.tha, 6, peer_mac, 6);

  /* To the directed broadcast: straight out to ff:ff:ff:ff:ff:ff. */
  g_assert_true (ns_ipv4_output (h, 0, IP (10, 0, 0, 255), NS_IP_PROTO_UDP, 0,
                                 ns_packet_new (NS_PACKET_HEADROOM, 8)));
  g_assert_cmpuint (out->len, ==, 2);
  g_assert_cmpmem (((NsPacket *) out->pdata[1])->data, 6, ns_ethernet_broadcast, 6);
  g_ptr_array_set_size (out, 0);

  /* 200 packets of 1400 bytes for an address nobody has answered for
   * yet: more than the queue holds, so the oldest are dropped. */
  for (guint i = 0; i < 200; i++)
    {
      NsPacket *p = ns_packet_new (NS_PACKET_HEADROOM, 1400);

      memset (p->data, 0, p->len);
      p->data[0] = (guint8) i;
      ns_ipv4_output (h, 0, IP (10, 0, 0, 4), NS_IP_PROTO_UDP, 0, p);
    }
  dropped = count_events (&net, NS_TRACE_DROP, "no-arp");
  g_assert_cmpuint (dropped, >, 0);
  g_assert_cmpuint (dropped, <, 200);
  g_assert_cmpuint (out->len, ==, 1);   /* one ARP request */
  ns_stack_input_frame (h, e, arp_reply_frame (h, e, IP (10, 0, 0, 4)));
  sent = out->len - 1;
  g_assert_cmpuint (sent + dropped, ==, 200);
  for (guint i = 0; i < sent; i++)
    {
      NsPacket *p = out->pdata[i + 1];

      /* The survivors are the newest, in the order they were sent. */
      g_assert_cmpuint (p->data[NS_ETHERNET_HEADER_LEN + NS_IPV4_HEADER_LEN], ==,
                        (guint8) (dropped + i));
    }
  net_clear (&net);
}

/* The longest-prefix match done the slow, obvious way, for checking. */
static const NsRoute *
lookup_by_scan (NsStack *stack, guint32 dst)
{
  const NsRoute *best = NULL;

  for (guint i = 0; i < ns_stack_n_routes (stack); i++)
    {
      const NsRoute *r = ns_stack_get_route (stack, i);
      guint32 mask = r->prefix_len == 0 ? 0 : 0xffffffffu << (32 - r->prefix_len);

      if ((dst & mask) == r->dest && (best == NULL || r->prefix_len > best->prefix_len))
        best = r;
    }
  return best;
}

/* A router with many interfaces and routes (indexed lookups) finds the
 * same routes and local addresses as a scan would, also after the table
 * changes. */
static void
test_many_routes (void)
{
  Net net;
  NsStack *r;
  NsRng *rng;

  net_init (&net, 1);
  r = net_node (&net, "r", TRUE);
  for (guint i = 0; i < 12; i++)
    {
      char name[8];

      g_snprintf (name, sizeof name, "eth%u", i);
      net_iface (r, name, IP (10, i, 0, 1), i % 2 ? 24 : 16);
    }
  ns_stack_add_connected_routes (r);
  rng = ns_sim_rng (net.sim);
  for (guint k = 0; k < 60; k++)
    {
      guint len = (guint) ns_rng_range (rng, 8, 30);
      guint32 mask = 0xffffffffu << (32 - len);
      guint32 dest = ((guint32) ns_rng_range (rng, 0, G_MAXUINT32)) & mask;
      guint via_if = (guint) ns_rng_range (rng, 0, 11);

      ns_stack_add_route (r, dest, len, IP (10, via_if, 0, 9), -1, NS_ROUTE_STATIC);
      if (k == 30)
        ns_stack_add_route (r, 0, 0, IP (10, 3, 0, 9), -1, NS_ROUTE_STATIC);
      /* Look up between additions too: the index must follow the table. */
      for (guint j = 0; j < 50; j++)
        {
          guint32 dst = (guint32) ns_rng_range (rng, 0, G_MAXUINT32);

          if (j % 5 == 0)
            dst =
              ns_stack_get_route (r, (guint)ns_rng_range (rng, 0, ns_stack_n_routes (r) - 1))->dest
              | 7;
          g_assert_true (ns_stack_lookup_route (r, dst) == lookup_by_scan (r, dst));
        }
    }
  for (guint i = 0; i < 12; i++)
    {
      guint32 bcast = i % 2 ? IP (10, i, 0, 255) : IP (10, i, 255, 255);

      g_assert_true (ns_stack_is_local_addr (r, IP (10, i, 0, 1)));
      g_assert_true (ns_stack_is_local_addr (r, bcast));
      g_assert_false (ns_stack_is_local_addr (r, IP (10, i, 0, 2)));
      g_assert_cmphex (ns_stack_source_for (r, IP (10, i, 0, 77)), ==,
                       ns_stack_iface_addr (r, lookup_by_scan (r, IP (10, i, 0, 77))->iface));
    }
  g_assert_false (ns_stack_is_local_addr (r, IP (10, 12, 0, 1)));
  g_assert_false (ns_stack_is_local_addr (r, 0));
  net_clear (&net);
}

static void
test_malformed_frames_counted (void)
{
  Net net;
  NsStack *h;
  guint e;
  static const guint8 junk[] = { 0xff, 0xff };
  NsPacket *frame;
  guint8 *p;

  net_init (&net, 1);
  h = net_node (&net, "h", FALSE);
  e = net_iface (h, "eth0", IP (10, 0, 0, 1), 24);
  /* Too short for Ethernet. */
  ns_stack_input_frame (h, e, ns_packet_new_from_data (junk, sizeof junk));
  /* An IPv4 header whose checksum is wrong. */
  frame = ns_packet_new (0, 60);
  memset (frame->data, 0, 60);
  memcpy (frame->data, ns_ethernet_broadcast, 6);
  frame->data[12] = 0x08;
  p = frame->data + 14;
  p[0] = 0x45; p[3] = 28; p[8] = 64; p[9] = 17;
  p[12] = 10; p[15] = 2; p[16] = 10; p[19] = 1;
  p[10] = 0x12; p[11] = 0x34;
  ns_stack_input_frame (h, e, frame);
  g_assert_cmpuint (ns_stack_get_stats (h)->malformed, ==, 2);
  g_assert_cmpuint (count_events (&net, NS_TRACE_DROP, "checksum"), ==, 1);
  g_assert_cmpuint (count_events (&net, NS_TRACE_DROP, "malformed"), ==, 1);
  net_clear (&net);
}

/* ---- IPv4 fragmentation and reassembly (RFC 791 §2.3, §3.2) ---- */

/* Checks @frame is an IPv4 fragment of datagram @id with @flags_word
 * (MF bit and offset in 8-byte units), carrying @data_len bytes equal to
 * @expect, a correct header checksum. */
static void
assert_fragment (NsPacket *frame, guint16 id, guint16 flags_word, guint8 ttl,
                 const guint8 *expect, gsize data_len)
{
  const guint8 *ip = frame->data + NS_ETHERNET_HEADER_LEN;

  g_assert_cmpuint (frame->len, >=, NS_ETHERNET_HEADER_LEN + NS_IPV4_HEADER_LEN + data_len);
  g_assert_cmpuint (ns_wire_get_u16 (frame->data + 12), ==, NS_ETHERTYPE_IPV4);
  g_assert_cmphex (ip[0], ==, 0x45);
  g_assert_cmpuint (ns_wire_get_u16 (ip + 2), ==, NS_IPV4_HEADER_LEN + data_len);
  g_assert_cmpuint (ns_wire_get_u16 (ip + 4), ==, id);
  g_assert_cmphex (ns_wire_get_u16 (ip + 6), ==, flags_word);
  g_assert_cmpuint (ip[8], ==, ttl);
  g_assert_cmpuint (ip[9], ==, NS_IP_PROTO_UDP);
  g_assert_cmphex (ns_checksum (ip, NS_IPV4_HEADER_LEN), ==, 0);
  g_assert_cmpmem (ip + NS_IPV4_HEADER_LEN, data_len, expect, data_len);
}

static guint8 *
pattern (gsize len, guint8 seed)
{
  guint8 *data = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    data[i] = (guint8) (seed + i * 7 + i / 251);
  return data;
}

/* A host cuts a datagram larger than its MTU into pieces of a multiple of
 * 8 bytes, same id, MF on all but the last; with DF it refuses. */
static void
test_ipv4_fragment_output (void)
{
  Net net;
  NsStack *h;
  guint e;
  guint8 mac[6] = { 0x02, 0, 0, 0, 3, 1 };
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_packet_unref);
  g_autofree guint8 *data = pattern (1200, 1);
  NsPacket *payload;
  guint16 id;

  net_init (&net, 1);
  h = net_node (&net, "h", FALSE);
  e = ns_stack_add_iface (h, "eth0", mac, IP (10, 0, 0, 1), 24, 576);
  ns_stack_add_connected_routes (h);
  ns_stack_set_iface_tap (h, e, tap_collect, out);
  ns_stack_input_frame (h, e, arp_reply_frame (h, e, IP (10, 0, 0, 2)));

  payload = ns_packet_new_from_data (data, 1200);
  g_assert_true (ns_ipv4_output (h, 0, IP (10, 0, 0, 2), NS_IP_PROTO_UDP, 0, payload));
  /* 576 - 20 = 556, rounded down to 552: 552 + 552 + 96. */
  g_assert_cmpuint (out->len, ==, 3);
  id = ns_wire_get_u16 (((NsPacket *) out->pdata[0])->data + NS_ETHERNET_HEADER_LEN + 4);
  assert_fragment (out->pdata[0], id, 0x2000 | 0, 64, data, 552);
  assert_fragment (out->pdata[1], id, 0x2000 | 69, 64, data + 552, 552);
  assert_fragment (out->pdata[2], id, 138, 64, data + 1104, 96);
  g_assert_cmpmem (((NsPacket *) out->pdata[2])->data, 6, peer_mac, 6);
  /* The summary and the dissector read no UDP header out of a fragment:
   * a later one has none, the first only part of the datagram. */
  {
    g_autoptr (NsSummarizer) sum = ns_summarizer_new ();
    NsPacket *second = out->pdata[1];
    g_autofree char *text = ns_summarizer_summarize (sum, second->data, second->len);
    g_autofree char *label = ns_summarizer_label (sum, second->data, second->len);
    g_autoptr (NsDissection) first = ns_dissect_frame (((NsPacket *) out->pdata[0])->data,
                                                       ((NsPacket *) out->pdata[0])->len);
    g_autoptr (NsDissection) dis = ns_dissect_frame (second->data, second->len);
    const NsDissectLayer *payload_layer = ns_dissection_find_layer (dis, "Payload");

    g_assert_nonnull (strstr (text, "IPv4 fragment offset=552 MF"));
    g_assert_cmpstr (label, ==, "IP fragment @552 MF");
    g_assert_null (ns_dissection_find_layer (dis, "UDP"));
    g_assert_null (ns_dissection_find_layer (first, "UDP"));
    g_assert_false (ns_dissection_is_malformed (dis));
    g_assert_nonnull (payload_layer);
    g_assert_cmpstr (payload_layer->title, ==, "IPv4 fragment offset=552 MF (552 bytes)");
  }

  /* Exactly the MTU: one packet, no fragment fields. */
  payload = ns_packet_new_from_data (data, 556);
  g_assert_true (ns_ipv4_output (h, 0, IP (10, 0, 0, 2), NS_IP_PROTO_UDP, 0, payload));
  g_assert_cmpuint (out->len, ==, 4);
  assert_fragment (out->pdata[3], (guint16) (id + 1), 0, 64, data, 556);

  /* Don't Fragment: the host drops it (RFC 791 §2.3) and says so. */
  payload = ns_packet_new_from_data (data, 557);
  g_assert_false (ns_ipv4_output_full (h, 0, IP (10, 0, 0, 2), NS_IP_PROTO_UDP, 0, TRUE, payload));
  g_assert_cmpuint (out->len, ==, 4);
  g_assert_cmpuint (count_events (&net, NS_TRACE_DROP, "mtu"), ==, 1);
  net_clear (&net);
}

typedef struct {
  guint       n;
  GByteArray *last;
} Received;

static void
received_recv (NsUdpSocket *sock, guint32 src, guint16 src_port, const guint8 *payload,
               gsize len, gpointer user_data)
{
  Received *rx = user_data;

  rx->n++;
  g_byte_array_set_size (rx->last, 0);
  g_byte_array_append (rx->last, payload, (guint) len);
}

/* A UDP datagram 10.0.0.2:5000 -> 10.0.0.1:9 with @len payload bytes of
 * pattern @seed (header included in the returned @total bytes). */
static guint8 *
udp_datagram (gsize len, guint8 seed, gsize *total)
{
  g_autofree guint8 *data = pattern (len, seed);
  guint8 *dgram = g_malloc (NS_UDP_HEADER_LEN + len);

  ns_udp_emit (5000, 9, len, dgram);
  memcpy (dgram + NS_UDP_HEADER_LEN, data, len);
  ns_udp_fill_checksum (dgram, NS_UDP_HEADER_LEN + len, IP (10, 0, 0, 2), IP (10, 0, 0, 1));
  *total = NS_UDP_HEADER_LEN + len;
  return dgram;
}

/* One fragment of datagram @id to 10.0.0.1: bytes [@off, @off + @len) of
 * @dgram, MF if @mf. */
static NsPacket *
frag_frame (NsStack *h, guint16 id, const guint8 *dgram, gsize off, gsize len, gboolean mf)
{
  NsPacket *frame = ip_frame (ns_stack_iface_mac (h, 0), IP (10, 0, 0, 2), IP (10, 0, 0, 1),
                              NS_IP_PROTO_UDP, 64, (guint16) ((mf ? 0x2000 : 0) | (off / 8)), len);
  guint8 *ip = frame->data + NS_ETHERNET_HEADER_LEN;

  ns_wire_put_u16 (ip + 4, id);
  ns_wire_put_u16 (ip + 10, 0);
  ns_wire_put_u16 (ip + 10, ns_checksum (ip, NS_IPV4_HEADER_LEN));
  memcpy (ip + NS_IPV4_HEADER_LEN, dgram + off, len);
  return frame;
}

static NsStack *
reasm_host (Net *net, Received *rx, GPtrArray *out)
{
  NsStack *h = net_node (net, "h", FALSE);
  guint e = net_iface (h, "eth0", IP (10, 0, 0, 1), 24);

  ns_stack_add_connected_routes (h);
  ns_stack_set_iface_tap (h, e, tap_collect, out);
  ns_stack_input_frame (h, e, arp_reply_frame (h, e, IP (10, 0, 0, 2)));
  g_assert_nonnull (ns_udp_bind (h, 9, received_recv, rx));
  return h;
}

/* Fragments put back together in any order, duplicates and overlaps
 * changing nothing (RFC 791 §3.2, RFC 815). */
static void
test_ipv4_reassembly (void)
{
  Net net;
  NsStack *h;
  Received rx = { 0, g_byte_array_new () };
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_packet_unref);
  gsize total;
  g_autofree guint8 *dgram = udp_datagram (1000, 5, &total);   /* 1008 bytes */

  net_init (&net, 1);
  h = reasm_host (&net, &rx, out);

  /* In order: 0..400, 400..800, 800..1008. */
  ns_stack_input_frame (h, 0, frag_frame (h, 1, dgram, 0, 400, TRUE));
  ns_stack_input_frame (h, 0, frag_frame (h, 1, dgram, 400, 400, TRUE));
  g_assert_cmpuint (rx.n, ==, 0);
  g_assert_cmpuint (ns_ipv4_n_reassemblies (h), ==, 1);
  ns_stack_input_frame (h, 0, frag_frame (h, 1, dgram, 800, 208, FALSE));
  g_assert_cmpuint (rx.n, ==, 1);
  g_assert_cmpmem (rx.last->data, rx.last->len, dgram + 8, 1000);
  g_assert_cmpuint (ns_ipv4_n_reassemblies (h), ==, 0);

  /* Out of order, with a duplicate and an overlapping piece: the bytes
   * that came first are kept. */
  ns_stack_input_frame (h, 0, frag_frame (h, 2, dgram, 800, 208, FALSE));
  ns_stack_input_frame (h, 0, frag_frame (h, 2, dgram, 400, 400, TRUE));
  ns_stack_input_frame (h, 0, frag_frame (h, 2, dgram, 400, 400, TRUE));
  {
    NsPacket *bogus = frag_frame (h, 2, dgram, 496, 16, TRUE);

    memset (bogus->data + NS_ETHERNET_HEADER_LEN + NS_IPV4_HEADER_LEN, 0xee, 16);
    ns_stack_input_frame (h, 0, bogus);
  }
  g_assert_cmpuint (rx.n, ==, 1);
  ns_stack_input_frame (h, 0, frag_frame (h, 2, dgram, 0, 400, TRUE));
  g_assert_cmpuint (rx.n, ==, 2);
  g_assert_cmpmem (rx.last->data, rx.last->len, dgram + 8, 1000);

  /* Two datagrams interleaved, told apart by id. */
  ns_stack_input_frame (h, 0, frag_frame (h, 3, dgram, 0, 504, TRUE));
  ns_stack_input_frame (h, 0, frag_frame (h, 4, dgram, 504, 504, FALSE));
  ns_stack_input_frame (h, 0, frag_frame (h, 4, dgram, 0, 504, TRUE));
  ns_stack_input_frame (h, 0, frag_frame (h, 3, dgram, 504, 504, FALSE));
  g_assert_cmpuint (rx.n, ==, 4);
  g_assert_cmpuint (ns_ipv4_n_reassemblies (h), ==, 0);
  g_assert_cmpuint (count_events (&net, NS_TRACE_DROP, NULL), ==, 0);
  g_assert_cmpuint (out->len, ==, 0);
  g_byte_array_unref (rx.last);
  net_clear (&net);
}

/* Hostile fragments: past 65535 bytes, a non-last piece not a multiple of
 * 8, two different ends, a flood of first fragments. Dropped, never read
 * or written out of bounds. */
static void
test_ipv4_reassembly_hostile (void)
{
  Net net;
  NsStack *h;
  Received rx = { 0, g_byte_array_new () };
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_packet_unref);
  gsize total;
  g_autofree guint8 *dgram = udp_datagram (1400, 9, &total);
  g_autofree guint8 *zeros = g_malloc0 (1480);

  net_init (&net, 1);
  h = reasm_host (&net, &rx, out);

  /* Ping of death: offset 8191 * 8 = 65528 with 400 bytes. */
  ns_stack_input_frame (h, 0, ip_frame (ns_stack_iface_mac (h, 0), IP (10, 0, 0, 2),
                                        IP (10, 0, 0, 1), NS_IP_PROTO_UDP, 64, 0x1fff, 400));
  /* Ends at 65512 + 8 = 65520 > 65515 with MF clear. */
  ns_stack_input_frame (h, 0, ip_frame (ns_stack_iface_mac (h, 0), IP (10, 0, 0, 2),
                                        IP (10, 0, 0, 1), NS_IP_PROTO_UDP, 64, 8189, 8));
  /* MF set but 12 bytes. */
  ns_stack_input_frame (h, 0, frag_frame (h, 5, dgram, 0, 12, TRUE));
  g_assert_cmpuint (count_events (&net, NS_TRACE_DROP, "malformed"), ==, 3);
  g_assert_cmpuint (ns_ipv4_n_reassemblies (h), ==, 0);

  /* The last piece says the datagram ends at 808, then a piece with MF
   * reaches 1008: they disagree, everything goes. */
  ns_stack_input_frame (h, 0, frag_frame (h, 6, dgram, 400, 408, FALSE));
  ns_stack_input_frame (h, 0, frag_frame (h, 6, dgram, 800, 208, TRUE));
  g_assert_cmpuint (count_events (&net, NS_TRACE_DROP, "reassembly"), ==, 1);
  g_assert_cmpuint (ns_ipv4_n_reassemblies (h), ==, 0);
  /* And the other way round: data up to 1008 seen, then an end at 800. */
  ns_stack_input_frame (h, 0, frag_frame (h, 7, dgram, 800, 208, TRUE));
  ns_stack_input_frame (h, 0, frag_frame (h, 7, dgram, 8, 792, FALSE));
  g_assert_cmpuint (count_events (&net, NS_TRACE_DROP, "reassembly"), ==, 2);

  /* A largest legal datagram, 65515 data bytes, arrives whole. */
  {
    gsize len = 65535 - NS_IPV4_HEADER_LEN - NS_UDP_HEADER_LEN, dlen;
    g_autofree guint8 *big = udp_datagram (len, 3, &dlen);

    for (gsize off = 0; off < dlen; off += 1480)
      ns_stack_input_frame (h, 0, frag_frame (h, 8, big, off, MIN (1480, dlen - off),
                                              off + 1480 < dlen));
    g_assert_cmpuint (rx.n, ==, 1);
    g_assert_cmpuint (rx.last->len, ==, len);
    g_assert_cmpmem (rx.last->data, rx.last->len, big + 8, len);
  }

  /* At most NS_IPV4_MAX_REASSEMBLIES (16) at once. */
  for (guint i = 0; i < 17; i++)
    ns_stack_input_frame (h, 0, frag_frame (h, (guint16) (100 + i), dgram, 0, 400, TRUE));
  g_assert_cmpuint (ns_ipv4_n_reassemblies (h), ==, 16);
  g_assert_cmpuint (count_events (&net, NS_TRACE_DROP, "reassembly"), ==, 3);
  g_assert_cmpuint (rx.n, ==, 1);

  /* Random junk (a fixed linear congruential sequence): offsets, lengths,
   * MF and ids all over the place. Nothing may crash (ASan watches the
   * bounds) and the table stays bounded. */
  {
    guint32 x = 12345;

    for (guint i = 0; i < 3000; i++)
      {
        guint16 word, len;

        x = x * 1103515245u + 12345u;
        word = (guint16) ((x >> 8) & 0x3fff);
        x = x * 1103515245u + 12345u;
        len = (guint16) ((x >> 8) % 1480);
        NsPacket *junk = ip_frame (ns_stack_iface_mac (h, 0), IP (10, 0, 0, 2),
                                   IP (10, 0, 0, 1), NS_IP_PROTO_UDP, 64, word | 0x0001, len);
        guint8 *ip = junk->data + NS_ETHERNET_HEADER_LEN;

        ns_wire_put_u16 (ip + 4, (guint16) (x % 24));
        ns_wire_put_u16 (ip + 10, 0);
        ns_wire_put_u16 (ip + 10, ns_checksum (ip, NS_IPV4_HEADER_LEN));
        ns_stack_input_frame (h, 0, junk);
        g_assert_cmpuint (ns_ipv4_n_reassemblies (h), <=, 16);
      }
  }
  g_byte_array_unref (rx.last);
  net_clear (&net);
}

/* RFC 1122 3.3.2: pieces that never complete are dropped after the
 * timeout, with time exceeded code 1 when fragment zero had come. */
static void
test_ipv4_reassembly_timeout (void)
{
  Net net;
  NsStack *h;
  Received rx = { 0, g_byte_array_new () };
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_packet_unref);
  gsize total;
  g_autofree guint8 *dgram = udp_datagram (1000, 5, &total);
  const guint8 *ip, *icmp;
  guint8 type, code;

  net_init (&net, 1);
  h = reasm_host (&net, &rx, out);
  ns_stack_input_frame (h, 0, frag_frame (h, 11, dgram, 0, 400, TRUE));
  ns_stack_input_frame (h, 0, frag_frame (h, 12, dgram, 400, 400, TRUE));
  ns_sim_run_until (net.sim, 29 * NS_NSEC_PER_SEC);
  g_assert_cmpuint (ns_ipv4_n_reassemblies (h), ==, 2);
  g_assert_cmpuint (out->len, ==, 0);
  ns_sim_run_until (net.sim, 31 * NS_NSEC_PER_SEC);
  g_assert_cmpuint (ns_ipv4_n_reassemblies (h), ==, 0);
  g_assert_cmpuint (count_events (&net, NS_TRACE_DROP, "reassembly"), ==, 2);
  g_assert_cmpuint (rx.n, ==, 0);
  /* Only id 11 had fragment zero: one error, quoting its header and the
   * first 8 bytes (the UDP header). */
  g_assert_cmpuint (out->len, ==, 1);
  g_assert_true (frame_icmp (out->pdata[0], &type, &code));
  g_assert_cmpuint (type, ==, NS_ICMP_TIME_EXCEEDED);
  g_assert_cmpuint (code, ==, NS_ICMP_EXCEEDED_REASSEMBLY);
  ip = ((NsPacket *) out->pdata[0])->data + NS_ETHERNET_HEADER_LEN;
  g_assert_cmphex (ns_wire_get_u32 (ip + 16), ==, IP (10, 0, 0, 2));
  icmp = ip + NS_IPV4_HEADER_LEN;
  g_assert_cmpuint (ns_wire_get_u16 (ip + 2), ==, NS_IPV4_HEADER_LEN + 8 + 28);
  g_assert_cmpuint (ns_wire_get_u16 (icmp + 8 + 4), ==, 11);       /* quoted id */
  g_assert_cmpmem (icmp + 8 + 20, 8, dgram, 8);
  g_byte_array_unref (rx.last);
  net_clear (&net);
}

/* A router cuts a packet for a smaller-MTU link (RFC 791 §2.3, RFC 1812
 * 5.2.6), a fragment again into smaller ones, and answers DF with
 * "fragmentation needed" carrying the next-hop MTU (RFC 1191 §4). */
static void
test_ipv4_router_fragments (void)
{
  Net net;
  NsStack *r;
  guint in, outside;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_packet_unref);
  g_autoptr (GPtrArray) far = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_packet_unref);
  guint8 mac[6] = { 0x02, 0, 0, 0, 1, 2 };
  g_autofree guint8 *data = pattern (1000, 4);
  NsPacket *frame;
  guint8 type, code;
  const guint8 *icmp;

  net_init (&net, 1);
  r = net_node (&net, "r", TRUE);
  in = net_iface (r, "eth0", IP (10, 0, 0, 1), 24);
  outside = ns_stack_add_iface (r, "eth1", mac, IP (10, 1, 0, 1), 24, 576);
  ns_stack_add_connected_routes (r);
  ns_stack_set_iface_tap (r, in, tap_collect, out);
  ns_stack_set_iface_tap (r, outside, tap_collect, far);
  ns_stack_input_frame (r, in, arp_reply_frame (r, in, IP (10, 0, 0, 2)));
  ns_stack_input_frame (r, outside, arp_reply_frame (r, outside, IP (10, 1, 0, 9)));

  frame = ip_frame (ns_stack_iface_mac (r, in), IP (10, 0, 0, 2), IP (10, 1, 0, 9),
                    NS_IP_PROTO_UDP, 64, 0, 1000);
  memcpy (frame->data + NS_ETHERNET_HEADER_LEN + NS_IPV4_HEADER_LEN, data, 1000);
  ns_stack_input_frame (r, in, frame);
  g_assert_cmpuint (far->len, ==, 2);
  assert_fragment (far->pdata[0], 7, 0x2000, 63, data, 552);
  assert_fragment (far->pdata[1], 7, 69, 63, data + 552, 448);

  /* A fragment (offset 1600, MF) is cut again: offsets count from the
   * original datagram and the last piece keeps MF. */
  frame = ip_frame (ns_stack_iface_mac (r, in), IP (10, 0, 0, 2), IP (10, 1, 0, 9),
                    NS_IP_PROTO_UDP, 64, 0x2000 | 200, 1000);
  memcpy (frame->data + NS_ETHERNET_HEADER_LEN + NS_IPV4_HEADER_LEN, data, 1000);
  ns_stack_input_frame (r, in, frame);
  g_assert_cmpuint (far->len, ==, 4);
  assert_fragment (far->pdata[2], 7, 0x2000 | 200, 63, data, 552);
  assert_fragment (far->pdata[3], 7, 0x2000 | 269, 63, data + 552, 448);
  g_assert_cmpuint (ns_stack_get_stats (r)->ip_forwarded, ==, 2);

  /* DF: dropped, and the error carries MTU 576 in its low 16 bits. */
  ns_stack_input_frame (r, in, ip_frame (ns_stack_iface_mac (r, in), IP (10, 0, 0, 2),
                                         IP (10, 1, 0, 9), NS_IP_PROTO_UDP, 64, 0x4000, 600));
  g_assert_cmpuint (far->len, ==, 4);
  g_assert_cmpuint (count_events (&net, NS_TRACE_DROP, "mtu"), ==, 1);
  g_assert_cmpuint (out->len, ==, 1);
  g_assert_true (frame_icmp (out->pdata[0], &type, &code));
  g_assert_cmpuint (type, ==, NS_ICMP_DEST_UNREACH);
  g_assert_cmpuint (code, ==, NS_ICMP_UNREACH_FRAG_NEEDED);
  icmp = ((NsPacket *) out->pdata[0])->data + NS_ETHERNET_HEADER_LEN + NS_IPV4_HEADER_LEN;
  g_assert_cmpuint (ns_wire_get_u16 (icmp + 4), ==, 0);
  g_assert_cmpuint (ns_wire_get_u16 (icmp + 6), ==, 576);
  net_clear (&net);
}

/* udp-send of 3000 bytes over a link of MTU 576 to an echo server: both
 * ways fragmented, both ways reassembled. And a datagram too big for UDP
 * is counted as not sent. */
static void
test_udp_send_fragmented_echo (void)
{
  Net net;
  NsStack *pc = NULL, *r = NULL, *srv = NULL;
  guint8 mac[6] = { 0x02, 0, 0, 0, 5, 1 };
  guint pe, ri, ro, se;
  NsLinkParams params;
  NsLink *small;
  NsUdpSendParams send = { .target = IP (10, 0, 2, 20), .port = 7, .bytes = 3000, .count = 2,
                           .interval_ns = NS_NSEC_PER_SEC / 10 };
  const NsTraceEvent *ev;
  g_autoptr (GPtrArray) wire = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_packet_unref);

  net_init (&net, 1);
  pc = net_node (&net, "pc", FALSE);
  r = net_node (&net, "r", TRUE);
  srv = net_node (&net, "srv", FALSE);
  pe = net_iface (pc, "eth0", IP (10, 0, 1, 10), 24);
  ri = net_iface (r, "eth0", IP (10, 0, 1, 1), 24);
  ro = ns_stack_add_iface (r, "eth1", mac, IP (10, 0, 2, 1), 24, 576);
  mac[5] = 2;
  se = ns_stack_add_iface (srv, "eth0", mac, IP (10, 0, 2, 20), 24, 576);
  ns_stack_attach_link (pc, pe, net_link (&net, "big", 1), 0);
  ns_stack_attach_link (r, ri, g_ptr_array_index (net.links, 0), 1);
  ns_link_params_init_default (&params);
  params.delay_ns = NS_NSEC_PER_MSEC;
  params.mtu = 576;
  small = ns_link_new (net.sim, "small", &params);
  g_ptr_array_add (net.links, small);
  ns_stack_attach_link (r, ro, small, 0);
  ns_stack_attach_link (srv, se, small, 1);
  for (guint i = 0; i < 3; i++)
    ns_stack_add_connected_routes (net.stacks->pdata[i]);
  g_assert_true (ns_stack_add_route (pc, 0, 0, IP (10, 0, 1, 1), -1, NS_ROUTE_STATIC));
  g_assert_true (ns_stack_add_route (srv, 0, 0, IP (10, 0, 2, 1), -1, NS_ROUTE_STATIC));
  g_assert_true (ns_udp_echo_start (srv, 7));

  ns_udp_send_start (pc, &send, "big");
  ns_sim_run_until (net.sim, 5 * NS_NSEC_PER_SEC);
  ev = find_app (&net, "udp-send", 0);
  g_assert_nonnull (ev);
  g_assert_true (ev->ok);
  g_assert_nonnull (strstr (ev->detail, "2 datagrams of 3000 bytes sent"));
  g_assert_nonnull (strstr (ev->detail, "2 echoed back"));
  g_assert_cmpuint (count_events (&net, NS_TRACE_DROP, NULL), ==, 0);
  /* 3028 bytes of IP payload: 1480 + 1480 + 68 on the first link, then
   * each 1480 in 552 + 552 + 376, 68 whole: 7 fragments a datagram. */
  g_assert_cmpuint (ns_stack_get_stats (srv)->ip_in, ==, 2 * 7);
  g_assert_cmpuint (ns_stack_get_stats (pc)->ip_in, >=, 2 * 3);

  /* 65508 bytes do not fit a UDP datagram over IPv4: not sent. */
  send.bytes = 65508;
  send.count = 1;
  send.from_port = 4000;
  ns_udp_send_start (pc, &send, "huge");
  ns_sim_run_until (net.sim, 10 * NS_NSEC_PER_SEC);
  ev = find_app (&net, "udp-send", 1);
  g_assert_nonnull (ev);
  g_assert_false (ev->ok);
  g_assert_nonnull (strstr (ev->detail, "1 could not be sent"));
  net_clear (&net);
}

/* udp-send reports every ICMP error its socket received (RFC 1122 4.1.3.3:
 * UDP passes them up), not "nothing came back": net unreachable from r1
 * for a network it has no route to, host unreachable from r1 when ARP
 * for a neighbour fails (RFC 1812 5.2.7.1). */
static void
test_udp_send_reports_icmp_errors (void)
{
  NsUdpSendParams params = { .target = IP (10, 0, 3, 99), .port = 9, .bytes = 100, .count = 2,
                             .interval_ns = 10 * NS_NSEC_PER_MSEC };
  NsStack *pc, *srv, *r[3];
  const NsTraceEvent *ev;
  guint errors = 0;
  Net net;

  net_init (&net, 1);
  build_chain (&net, &pc, &srv, r);
  g_assert_true (ns_stack_add_route (pc, 0, 0, IP (10, 0, 1, 1), -1, NS_ROUTE_STATIC));
  ns_udp_send_start (pc, &params, "10.0.3.99:9");
  params.target = IP (10, 0, 2, 99);
  params.count = 4;
  params.interval_ns = NS_NSEC_PER_SEC;
  ns_udp_send_start (pc, &params, "10.0.2.99:9");
  ns_sim_run_until (net.sim, 20 * NS_NSEC_PER_SEC);
  ev = find_app (&net, "udp-send", 0);
  g_assert_nonnull (ev);
  g_assert_false (ev->ok);
  g_assert_nonnull (strstr (ev->detail, "2 net unreachable from 10.0.1.1"));
  g_assert_null (strstr (ev->detail, "nothing came back"));
  g_assert_true (g_variant_lookup (ev->fields, "icmp_errors", "u", &errors));
  g_assert_cmpuint (errors, ==, 2);
  ev = find_app (&net, "udp-send", 1);
  g_assert_nonnull (ev);
  g_assert_false (ev->ok);
  g_assert_nonnull (strstr (ev->detail, "host unreachable from 10.0.1.1"));
  net_clear (&net);
}

/* RFC 1122 3.2.2: no ICMP error about an ICMP error or a non-first
 * fragment; the reason is what a drop's why then says, instead of "the
 * sender told". */
static void
test_icmp_error_withheld (void)
{
  NsStack *h;
  NsIpv4Hdr ip;
  guint8 pkt[48] = { 0 };
  Net net;

  net_init (&net, 1);
  h = net_node (&net, "h", FALSE);
  net_iface (h, "eth0", IP (10, 0, 0, 1), 24);
  ns_ipv4_hdr_init (&ip, IP (10, 0, 9, 9), IP (10, 0, 0, 1), NS_IP_PROTO_UDP, 64, 1, 8);
  ns_ipv4_emit (&ip, pkt);
  g_assert_null (ns_icmp_error_withheld (h, pkt, 28));
  ip.frag_offset = 10;
  ns_ipv4_emit (&ip, pkt);
  g_assert_nonnull (strstr (ns_icmp_error_withheld (h, pkt, 28), "fragment other than the first"));
  ns_ipv4_hdr_init (&ip, IP (10, 0, 9, 9), IP (10, 0, 0, 1), NS_IP_PROTO_ICMP, 64, 2, 28);
  ns_ipv4_emit (&ip, pkt);
  pkt[20] = NS_ICMP_TIME_EXCEEDED;
  g_assert_nonnull (strstr (ns_icmp_error_withheld (h, pkt, 48), "itself an ICMP error"));
  pkt[20] = NS_ICMP_ECHO_REQUEST;
  g_assert_null (ns_icmp_error_withheld (h, pkt, 48));
  net_clear (&net);
}

int
main (int argc, char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/net/stack/ping-across-routers", test_ping_across_routers);
  g_test_add_func ("/net/stack/ttl-exceeded-and-traceroute", test_ttl_exceeded_and_traceroute);
  g_test_add_func ("/net/stack/no-route-and-unreachable", test_no_route_and_unreachable);
  g_test_add_func ("/net/stack/udp-echo-and-port-unreachable", test_udp_echo_and_port_unreachable);
  g_test_add_func ("/net/stack/switch-learns", test_switch_learns);
  g_test_add_func ("/net/stack/routing-table", test_routing_table);
  g_test_add_func ("/net/stack/routing-table-indexed", test_routing_table_indexed);
  g_test_add_func ("/net/stack/ports", test_ports);
  g_test_add_func ("/net/stack/malformed-frames", test_malformed_frames_counted);
  g_test_add_func ("/net/stack/ipv4-host-input", test_ipv4_host_input);
  g_test_add_func ("/net/stack/ipv4-router-mtu", test_ipv4_router_mtu);
  g_test_add_func ("/net/stack/ipv4-loopback", test_ipv4_loopback);
  g_test_add_func ("/net/stack/arp-edge-cases", test_arp_edge_cases);
  g_test_add_func ("/net/stack/many-routes", test_many_routes);
  g_test_add_func ("/net/stack/ipv4-fragment-output", test_ipv4_fragment_output);
  g_test_add_func ("/net/stack/ipv4-reassembly", test_ipv4_reassembly);
  g_test_add_func ("/net/stack/ipv4-reassembly-hostile", test_ipv4_reassembly_hostile);
  g_test_add_func ("/net/stack/ipv4-reassembly-timeout", test_ipv4_reassembly_timeout);
  g_test_add_func ("/net/stack/ipv4-router-fragments", test_ipv4_router_fragments);
  g_test_add_func ("/net/stack/udp-send-fragmented-echo", test_udp_send_fragmented_echo);
  g_test_add_func ("/net/stack/udp-send-reports-icmp-errors-rfc1122-4.1.3.3",
                   test_udp_send_reports_icmp_errors);
  g_test_add_func ("/net/stack/icmp-error-withheld-rfc1122-3.2.2", test_icmp_error_withheld);
  ret = g_test_run ();
  ns_packet_pool_trim ();
  return ret;
}
