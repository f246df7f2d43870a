/* test-routing.c: `routing: "auto"`: shortest paths by total link delay,
 * switched LANs, ties, hand-written routes, disconnected parts. */
#include <string.h>

#include "core/routing.h"
#include "core/topology-file.h"

#define HOST(id, ip)                                                                             \
  "{\"id\": \"" id "\", \"kind\": \"host\", \"interfaces\": [{\"name\": \"eth0\", \"ip\": \"" ip \
  "\"}]}"
#define LINK(id, a, b, delay) \
  "{\"id\": \"" id "\", \"a\": \"" a "\", \"b\": \"" b "\", \"delay_ms\": " #delay "}"

static NsTopology *
load (const char *nodes, const char *links)
{
  g_autofree char *data = g_strdup_printf ("{\"format\": \"netsketch\", \"version\": 1, "
                                           "\"nodes\": [%s], \"links\": [%s]}", nodes, links);
  g_autoptr (GError) error = NULL;
  NsTopology *t = ns_topology_load_data (data, -1, "routing", &error);

  g_assert_no_error (error);
  return t;
}

/* The computed routes of node @id as "DEST/LEN via ADDR dev IFACE; ...". */
static char *
routes_of (const NsTopology *t, GPtrArray *all, const char *id)
{
  GPtrArray *routes = g_ptr_array_index (all, ns_topology_node_index (t, id));
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < routes->len; i++)
    {
      NsAutoRoute *r = g_ptr_array_index (routes, i);
      g_autofree char *dest = ns_format_cidr (r->dest, r->prefix_len);
      g_autofree char *via = ns_format_ipv4 (r->via);

      g_string_append_printf (out, "%s%s via %s dev %s", i > 0 ? "; " : "", dest, via, r->iface);
    }
  return g_string_free (out, FALSE);
}

static void
assert_routes (const NsTopology *t, GPtrArray *all, const char *id, const char *expected)
{
  g_autofree char *got = routes_of (t, all, id);

  g_test_message ("%s: %s", id, got);
  g_assert_cmpstr (got, ==, expected);
}

/* h1 - r1 - r2 - r3 - h2 */
static const char chain_nodes[] = HOST (
  "h1",
  "10.0.1.10/24") ","
                  "{\"id\": \"r1\", \"kind\": \"router\", \"interfaces\": [{\"name\": \"eth0\", "
                  "\"ip\": \"10.0.1.1/24\"}, {\"name\": \"eth1\", \"ip\": \"10.0.12.1/24\"}]},"
                  "{\"id\": \"r2\", \"kind\": \"router\", \"interfaces\": [{\"name\": \"eth0\", "
                  "\"ip\": \"10.0.12.2/24\"}, {\"name\": \"eth1\", \"ip\": \"10.0.23.2/24\"}]},"
                  "{\"id\": \"r3\", \"kind\": \"router\", \"interfaces\": [{\"name\": \"eth0\", "
                  "\"ip\": \"10.0.23.3/24\"}, {\"name\": \"eth1\", \"ip\": "
                  "\"10.0.3.1/24\"}]}," HOST ("h2", "10.0.3.10/24");
static const char chain_links[] =
  LINK ("l1", "h1:eth0", "r1:eth0", 1) "," LINK ("l2", "r1:eth1", "r2:eth0", 1) ","
  LINK ("l3", "r2:eth1", "r3:eth0", 1) "," LINK ("l4", "r3:eth1", "h2:eth0", 1);

static void
test_chain (void)
{
  g_autoptr (NsTopology) t = load (chain_nodes, chain_links);
  g_autoptr (GPtrArray) all = ns_routing_compute (t);

  g_assert_cmpuint (all->len, ==, 5);
  assert_routes (t, all, "h1", "0.0.0.0/0 via 10.0.1.1 dev eth0");
  assert_routes (t, all, "h2", "0.0.0.0/0 via 10.0.3.1 dev eth0");
  assert_routes (t, all, "r1",
                 "10.0.3.0/24 via 10.0.12.2 dev eth1; 10.0.23.0/24 via 10.0.12.2 dev eth1");
  assert_routes (t, all, "r2",
                 "10.0.1.0/24 via 10.0.12.1 dev eth0; 10.0.3.0/24 via 10.0.23.3 dev eth1");
  assert_routes (t, all, "r3",
                 "10.0.1.0/24 via 10.0.23.2 dev eth0; 10.0.12.0/24 via 10.0.23.2 dev eth0");
}

/* Hand-written routes and gateways win: nothing computed duplicates them. */
static void
test_manual_wins (void)
{
  const char *nodes =
    "{\"id\": \"h1\", \"kind\": \"host\", \"gateway\": \"10.0.1.1\", \"interfaces\": [{\"name\": "
    "\"eth0\", \"ip\": \"10.0.1.10/24\"}]},"
    "{\"id\": \"r1\", \"kind\": \"router\", \"routes\": [{\"to\": \"10.0.3.0/24\", \"via\": "
    "\"10.0.12.9\"}],"
    " \"interfaces\": [{\"name\": \"eth0\", \"ip\": \"10.0.1.1/24\"}, {\"name\": \"eth1\", \"ip\": "
    "\"10.0.12.1/24\"}]},"
    "{\"id\": \"r2\", \"kind\": \"router\", \"interfaces\": [{\"name\": \"eth0\", \"ip\": "
    "\"10.0.12.2/24\"}, {\"name\": \"eth1\", \"ip\": \"10.0.23.2/24\"}]},"
    "{\"id\": \"r3\", \"kind\": \"router\", \"interfaces\": [{\"name\": \"eth0\", \"ip\": "
    "\"10.0.23.3/24\"}, {\"name\": \"eth1\", \"ip\": \"10.0.3.1/24\"}]},"
    "{\"id\": \"h2\", \"kind\": \"host\", \"routes\": [{\"to\": \"0.0.0.0/0\", \"via\": "
    "\"10.0.3.1\"}], \"interfaces\": [{\"name\": \"eth0\", \"ip\": \"10.0.3.10/24\"}]}";
  g_autoptr (NsTopology) t = load (nodes, chain_links);
  g_autoptr (GPtrArray) all = ns_routing_compute (t);

  assert_routes (t, all, "h1", "");
  assert_routes (t, all, "h2", "");
  assert_routes (t, all, "r1", "10.0.23.0/24 via 10.0.12.2 dev eth1");
}

/* r1, r2, r3 in a triangle, each with a LAN. */
static NsTopology *
triangle (double d12, double d13, double d32)
{
  g_autofree char *links = g_strdup_printf (
    "{\"id\": \"a\", \"a\": \"r1:eth1\", \"b\": \"r2:eth1\", \"delay_ms\": %g},"
    "{\"id\": \"b\", \"a\": \"r1:eth2\", \"b\": \"r3:eth1\", \"delay_ms\": %g},"
    "{\"id\": \"c\", \"a\": \"r3:eth2\", \"b\": \"r2:eth2\", \"delay_ms\": %g},"
    LINK ("h1l", "h1:eth0", "r1:eth0", 1) "," LINK ("h2l", "h2:eth0", "r2:eth0", 1) ","
    LINK ("h3l", "h3:eth0", "r3:eth0", 1), d12, d13, d32);
  const char *nodes = "{\"id\": \"r1\", \"kind\": \"router\", \"interfaces\": [{\"name\": "
                      "\"eth0\", \"ip\": \"10.1.0.1/24\"},"
                      " {\"name\": \"eth1\", \"ip\": \"10.12.0.1/24\"}, {\"name\": \"eth2\", "
                      "\"ip\": \"10.13.0.1/24\"}]},"
                      "{\"id\": \"r2\", \"kind\": \"router\", \"interfaces\": [{\"name\": "
                      "\"eth0\", \"ip\": \"10.2.0.1/24\"},"
                      " {\"name\": \"eth1\", \"ip\": \"10.12.0.2/24\"}, {\"name\": \"eth2\", "
                      "\"ip\": \"10.23.0.2/24\"}]},"
                      "{\"id\": \"r3\", \"kind\": \"router\", \"interfaces\": [{\"name\": "
                      "\"eth0\", \"ip\": \"10.3.0.1/24\"},"
                      " {\"name\": \"eth1\", \"ip\": \"10.13.0.3/24\"}, {\"name\": \"eth2\", "
                      "\"ip\": \"10.23.0.3/24\"}]}," HOST ("h1", "10.1.0.10/24") "," HOST (
                        "h2", "10.2.0.10/24") "," HOST ("h3", "10.3.0.10/24");

  return load (nodes, links);
}

static void
test_triangle_unequal (void)
{
  /* r1-r2 is slow (10 ms); r1-r3-r2 takes 2 ms. */
  g_autoptr (NsTopology) t = triangle (10, 1, 1);
  g_autoptr (GPtrArray) all = ns_routing_compute (t);

  assert_routes (t, all, "r1",
                 "10.2.0.0/24 via 10.13.0.3 dev eth2; 10.3.0.0/24 via 10.13.0.3 dev eth2; "
                 "10.23.0.0/24 via 10.13.0.3 dev eth2");
  assert_routes (t, all, "r2",
                 "10.1.0.0/24 via 10.23.0.3 dev eth2; 10.3.0.0/24 via 10.23.0.3 dev eth2; "
                 "10.13.0.0/24 via 10.23.0.3 dev eth2");
  assert_routes (t, all, "h2", "0.0.0.0/0 via 10.2.0.1 dev eth0");
}

static void
test_triangle_tie (void)
{
  /* r1 to r2's LAN: direct 2 ms, or via r3 1 + 1 ms. Equal: the first hop
   * with the lower node index (r2) wins, every time. */
  g_autoptr (NsTopology) t = triangle (2, 1, 1);
  g_autoptr (GPtrArray) all = ns_routing_compute (t);
  g_autoptr (GPtrArray) again = ns_routing_compute (t);
  g_autofree char *first = routes_of (t, all, "r1");
  g_autofree char *second = routes_of (t, again, "r1");

  assert_routes (t, all, "r1",
                 "10.2.0.0/24 via 10.12.0.2 dev eth1; 10.3.0.0/24 via 10.13.0.3 dev eth2; "
                 "10.23.0.0/24 via 10.13.0.3 dev eth2");
  g_assert_cmpstr (first, ==, second);
}

/* Hosts behind a switch find the nearest router on their LAN; a router
 * reaches a network behind a switch. */
static void
test_switched_lan (void)
{
  const char *nodes = HOST ("h1", "192.168.1.10/24") "," HOST (
    "h2",
    "192.168.1.11/24") ","
                       "{\"id\": \"sw\", \"kind\": \"switch\", \"interfaces\": [{\"name\": "
                       "\"p1\"}, {\"name\": \"p2\"}, {\"name\": \"p3\"}, {\"name\": \"p4\"}]},"
                       "{\"id\": \"sw2\", \"kind\": \"switch\", \"interfaces\": [{\"name\": "
                       "\"p1\"}, {\"name\": \"p2\"}]},"
                       "{\"id\": \"ra\", \"kind\": \"router\", \"interfaces\": [{\"name\": "
                       "\"eth0\", \"ip\": \"192.168.1.1/24\"}, {\"name\": \"eth1\", \"ip\": "
                       "\"10.0.0.1/24\"}]},"
                       "{\"id\": \"rb\", \"kind\": \"router\", \"interfaces\": [{\"name\": "
                       "\"eth0\", \"ip\": \"192.168.1.2/24\"}]},"
                       "{\"id\": \"rc\", \"kind\": \"router\", \"interfaces\": [{\"name\": "
                       "\"eth0\", \"ip\": \"10.0.0.3/24\"}, {\"name\": \"eth1\", \"ip\": "
                       "\"172.16.0.1/16\"}]}," HOST ("srv", "172.16.0.80/16");
  /* ra is 5 ms from the LAN switch, rb 1 ms, so hosts pick rb; only ra
   * reaches the 10.0.0.0/24 segment (switch sw2) where rc is. */
  const char *links =
    LINK ("l1", "h1:eth0", "sw:p1", 1) "," LINK ("l2", "h2:eth0", "sw:p2", 1) ","
    LINK ("l3", "ra:eth0", "sw:p3", 5) "," LINK ("l4", "rb:eth0", "sw:p4", 1) ","
    LINK ("l5", "ra:eth1", "sw2:p1", 1) "," LINK ("l6", "rc:eth0", "sw2:p2", 1) ","
    LINK ("l7", "rc:eth1", "srv:eth0", 1);
  g_autoptr (NsTopology) t = load (nodes, links);
  g_autoptr (GPtrArray) all = ns_routing_compute (t);

  assert_routes (t, all, "h1", "0.0.0.0/0 via 192.168.1.2 dev eth0");
  assert_routes (t, all, "h2", "0.0.0.0/0 via 192.168.1.2 dev eth0");
  assert_routes (t, all, "sw", "");
  /* rb reaches 10.0.0.0/24 and beyond only through ra, across the LAN. */
  assert_routes (t, all, "rb", "10.0.0.0/24 via 192.168.1.1 dev eth0; "
                               "172.16.0.0/16 via 192.168.1.1 dev eth0");
  assert_routes (t, all, "rc", "192.168.1.0/24 via 10.0.0.1 dev eth0");
  assert_routes (t, all, "ra", "172.16.0.0/16 via 10.0.0.3 dev eth1");
  assert_routes (t, all, "srv", "0.0.0.0/0 via 172.16.0.1 dev eth0");
}

static void
test_disconnected (void)
{
  const char *nodes = HOST (
    "h1",
    "10.0.1.10/24") ","
                    "{\"id\": \"r1\", \"kind\": \"router\", \"interfaces\": [{\"name\": \"eth0\", "
                    "\"ip\": \"10.0.1.1/24\"}, {\"name\": \"eth1\", \"ip\": \"10.0.12.1/24\"}]},"
                    "{\"id\": \"r2\", \"kind\": \"router\", \"interfaces\": [{\"name\": \"eth0\", "
                    "\"ip\": \"10.0.12.2/24\"}, {\"name\": \"eth1\", \"ip\": "
                    "\"10.0.2.1/24\"}]}," HOST ("h2", "10.0.2.10/24") "," HOST (
                      "lonely",
                      "10.9.0.10/24") ","
                                      "{\"id\": \"r9\", \"kind\": \"router\", \"interfaces\": "
                                      "[{\"name\": \"eth0\", \"ip\": \"10.9.9.1/24\"}]}," HOST (
                                        "h9", "10.9.9.10/24");
  /* r1-r2 not linked: two islands; lonely has no link at all. */
  const char *links = LINK ("l1", "h1:eth0", "r1:eth0", 1) "," LINK (
    "l2", "r2:eth1", "h2:eth0", 1) "," LINK ("l3", "h9:eth0", "r9:eth0", 1);
  g_autoptr (NsTopology) t = load (nodes, links);
  g_autoptr (GPtrArray) all = ns_routing_compute (t);

  assert_routes (t, all, "r1", "");
  assert_routes (t, all, "r2", "");
  assert_routes (t, all, "h1", "0.0.0.0/0 via 10.0.1.1 dev eth0");
  assert_routes (t, all, "lonely", "");
  assert_routes (t, all, "h9", "0.0.0.0/0 via 10.9.9.1 dev eth0");
}

/* A model with broken parts (as the app may hold mid-edit) still gives
 * tables for the parts that make sense. */
static void
test_invalid_model (void)
{
  g_autoptr (NsTopology) t = load (chain_nodes, chain_links);
  NsTopoLink *dangling = ns_topo_link_new ("x");
  g_autoptr (GPtrArray) all = NULL;

  dangling->a_node = g_strdup ("ghost");
  dangling->a_iface = g_strdup ("eth0");
  g_ptr_array_add (t->links, dangling);
  g_ptr_array_add (t->nodes, ns_topo_node_new (NULL, NS_NODE_ROUTER));
  all = ns_routing_compute (t);
  g_assert_cmpuint (all->len, ==, 6);
  assert_routes (t, all, "r1",
                 "10.0.3.0/24 via 10.0.12.2 dev eth1; 10.0.23.0/24 via 10.0.12.2 dev eth1");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/routing/chain", test_chain);
  g_test_add_func ("/core/routing/manual-wins", test_manual_wins);
  g_test_add_func ("/core/routing/triangle-unequal", test_triangle_unequal);
  g_test_add_func ("/core/routing/triangle-tie", test_triangle_tie);
  g_test_add_func ("/core/routing/switched-lan", test_switched_lan);
  g_test_add_func ("/core/routing/disconnected", test_disconnected);
  g_test_add_func ("/core/routing/invalid-model", test_invalid_model);
  return g_test_run ();
}
