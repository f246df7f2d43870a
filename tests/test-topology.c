/* test-topology.c: the document model: address text, defaults, copies,
 * look-ups. */
#include <string.h>

#include "core/topology.h"
#include "core/topology-file.h"
#include "net/stack.h"

static void
test_parse_cidr (void)
{
  static const struct {
    const char *text;
    gboolean    ok;
    guint32     addr;
    guint       prefix;
  } cases[] = {
    { "10.0.0.1/24", TRUE, 0x0a000001, 24 },
    { "0.0.0.0/0", TRUE, 0, 0 },
    { "255.255.255.255/32", TRUE, 0xffffffff, 32 },
    { "192.168.1.10/8", TRUE, 0xc0a8010a, 8 },
    { "10.0.0.300/24", FALSE },
    { "10.0.0.256/24", FALSE },
    { "10.0.0.1/33", FALSE },
    { "10.0.0.1/", FALSE },
    { "10.0.0.1", FALSE },
    { " 10.0.0.1/24", FALSE },
    { "10.0.0.1/24 ", FALSE },
    { "10.0.0.1/24x", FALSE },
    { "x10.0.0.1/24", FALSE },
    { "10.0.0/24", FALSE },
    { "10.0.0.1.1/24", FALSE },
    { "010.0.0.1/24", FALSE },     /* leading zero: octal to some parsers */
    { "10.0.0.1/08", FALSE },
    { "10..0.1/24", FALSE },
    { "-1.0.0.1/24", FALSE },
    { "+1.0.0.1/24", FALSE },
    { "1000.0.0.1/24", FALSE },
    { "10.0.0.1/-1", FALSE },
    { "", FALSE },
    { "/24", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint32 addr = 0xdeadbeef;
      guint prefix = 99;
      gboolean ok = ns_parse_cidr (cases[i].text, &addr, &prefix);

      g_test_message ("cidr \"%s\"", cases[i].text);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (ok)
        {
          g_autofree char *back = ns_format_cidr (addr, prefix);

          g_assert_cmphex (addr, ==, cases[i].addr);
          g_assert_cmpuint (prefix, ==, cases[i].prefix);
          g_assert_cmpstr (back, ==, cases[i].text);
        }
    }
  g_assert_false (ns_parse_cidr (NULL, NULL, NULL));
}

static void
test_parse_ipv4 (void)
{
  guint32 addr = 0;
  g_autofree char *text = NULL;

  g_assert_true (ns_parse_ipv4 ("1.2.3.4", &addr));
  g_assert_cmphex (addr, ==, 0x01020304);
  text = ns_format_ipv4 (addr);
  g_assert_cmpstr (text, ==, "1.2.3.4");
  g_assert_false (ns_parse_ipv4 ("1.2.3.4/8", NULL));
  g_assert_false (ns_parse_ipv4 ("1.2.3", NULL));
  g_assert_false (ns_parse_ipv4 ("1.2.3.4.", NULL));
  g_assert_false (ns_parse_ipv4 ("01.2.3.4", NULL));
  g_assert_false (ns_parse_ipv4 ("1.2.3.256", NULL));
  g_assert_false (ns_parse_ipv4 ("a.b.c.d", NULL));
  g_assert_false (ns_parse_ipv4 (NULL, NULL));
  g_assert_true (ns_parse_ipv4 ("0.0.0.0", &addr));
  g_assert_cmphex (addr, ==, 0);
  /* The stack reads addresses (targets, URLs, records) by the same rule
   * as the loader: a file's "010.0.0.1" is refused by both. */
  g_assert_false (ns_ipv4_from_string ("010.0.0.1", NULL));
  g_assert_false (ns_ipv4_from_string ("10.0.0.01", NULL));
  g_assert_true (ns_ipv4_from_string ("10.0.0.1", &addr));
  g_assert_cmphex (addr, ==, 0x0a000001);
}

static void
test_prefix_mask (void)
{
  g_assert_cmphex (ns_prefix_mask (0), ==, 0);
  g_assert_cmphex (ns_prefix_mask (1), ==, 0x80000000);
  g_assert_cmphex (ns_prefix_mask (24), ==, 0xffffff00);
  g_assert_cmphex (ns_prefix_mask (31), ==, 0xfffffffe);
  g_assert_cmphex (ns_prefix_mask (32), ==, 0xffffffff);
}

static void
test_defaults (void)
{
  g_autoptr (NsTopology) t = ns_topology_new ();
  NsTopoLink *link = ns_topo_link_new ("l1");
  NsTopoAction *ping = ns_topo_action_new ("pc1", "ping");
  NsTopoAction *udp = ns_topo_action_new ("pc1", "udp-send");
  NsTopoService *http = ns_topo_service_new ("http-server", 80);
  NsTopoRecord *record = ns_topo_record_new ("www.example.com", "A", "10.0.0.1");

  g_assert_cmpuint (t->seed, ==, 1);
  g_assert_true (t->routing_auto);
  g_assert_cmpuint (t->nodes->len, ==, 0);
  g_assert_cmpfloat (link->delay_ms, ==, 1);
  g_assert_cmpfloat (link->bandwidth_mbps, ==, 100);
  g_assert_cmpfloat (link->loss, ==, 0);
  g_assert_cmpuint (link->drop_nth->len, ==, 0);
  g_assert_cmpuint (link->queue_packets, ==, 64);
  g_assert_cmpuint (link->mtu, ==, 1500);
  g_assert_cmpfloat (link->jitter_ms, ==, 0);
  g_assert_cmpuint (ping->count, ==, 4);
  g_assert_cmpfloat (ping->interval_ms, ==, 1000);
  g_assert_cmpint (ping->from_port, ==, -1);
  g_assert_cmpuint (udp->count, ==, 1);
  g_assert_cmpfloat (udp->interval_ms, ==, 0);
  g_assert_cmpuint (http->body_bytes, ==, 1000);
  g_assert_cmpuint (record->ttl, ==, 300);
  ns_topo_link_free (link);
  ns_topo_action_free (ping);
  ns_topo_action_free (udp);
  ns_topo_service_free (http);
  ns_topo_record_free (record);
}

static void
test_kind_strings (void)
{
  NsNodeKind kind = NS_NODE_HOST;

  for (guint k = NS_NODE_HOST; k <= NS_NODE_HUB; k++)
    {
      g_assert_true (ns_node_kind_from_string (ns_node_kind_to_string (k), &kind));
      g_assert_cmpint (kind, ==, k);
    }
  g_assert_false (ns_node_kind_from_string ("bridge", &kind));
  g_assert_false (ns_node_kind_from_string ("Host", &kind));
  g_assert_false (ns_node_kind_from_string (NULL, &kind));
}

static NsTopology *
build_sample (void)
{
  NsTopology *t = ns_topology_new ();
  NsTopoNode *pc = ns_topo_node_new ("pc1", NS_NODE_HOST);
  NsTopoNode *r = ns_topo_node_new ("r1", NS_NODE_ROUTER);
  NsTopoIface *iface = ns_topo_iface_new ("eth0");
  NsTopoLink *link = ns_topo_link_new ("l1");
  NsTopoService *dns = ns_topo_service_new ("dns-server", 53);
  guint32 server = 0x0a000035;
  guint nth = 3;

  iface->has_addr = TRUE;
  ns_parse_cidr ("10.0.0.10/24", &iface->addr, &iface->prefix_len);
  iface->extra = json_object_new ();
  json_object_set_string_member (iface->extra, "colour", "blue");
  g_ptr_array_add (pc->ifaces, iface);
  pc->has_gateway = TRUE;
  pc->gateway = 0x0a000001;
  g_array_append_val (pc->dns, server);
  g_ptr_array_add (dns->records, ns_topo_record_new ("a.example", "A", "10.0.0.10"));
  g_ptr_array_add (pc->services, dns);
  iface = ns_topo_iface_new ("eth0");
  iface->has_addr = TRUE;
  ns_parse_cidr ("10.0.0.1/24", &iface->addr, &iface->prefix_len);
  g_ptr_array_add (r->ifaces, iface);
  g_ptr_array_add (r->routes, ns_topo_route_new (0, 0, 0x0a000002));
  g_ptr_array_add (t->nodes, pc);
  g_ptr_array_add (t->nodes, r);
  link->a_node = g_strdup ("pc1");
  link->a_iface = g_strdup ("eth0");
  link->b_node = g_strdup ("r1");
  link->b_iface = g_strdup ("eth0");
  g_array_append_val (link->drop_nth, nth);
  g_ptr_array_add (t->links, link);
  g_ptr_array_add (t->scenario, ns_topo_action_new ("pc1", "ping"));
  t->title = g_strdup ("Sample");
  return t;
}

/* A copy is deep: it writes the same bytes, and changing it leaves the
 * original as it was. */
static void
test_copy (void)
{
  g_autoptr (NsTopology) t = build_sample ();
  g_autoptr (NsTopology) copy = ns_topology_copy (t);
  g_autofree char *a = ns_topology_to_data (t, NULL);
  g_autofree char *b = ns_topology_to_data (copy, NULL);
  g_autofree char *c = NULL;
  NsTopoNode *node;

  g_assert_cmpstr (a, ==, b);
  node = g_ptr_array_index (copy->nodes, 0);
  g_assert_true (node != g_ptr_array_index (t->nodes, 0));
  g_assert_true (node->ifaces->pdata[0] != ((NsTopoNode *) t->nodes->pdata[0])->ifaces->pdata[0]);
  json_object_set_string_member (((NsTopoIface *) node->ifaces->pdata[0])->extra, "colour", "red");
  g_array_index (((NsTopoLink *) copy->links->pdata[0])->drop_nth, guint, 0) = 9;
  c = ns_topology_to_data (t, NULL);
  g_assert_cmpstr (a, ==, c);
  g_assert_nonnull (strstr (a, "\"colour\": \"blue\""));
}

static void
test_find (void)
{
  g_autoptr (NsTopology) t = build_sample ();
  NsTopoNode *r = g_ptr_array_index (t->nodes, 1);

  g_assert_true (ns_topology_find_node (t, "r1") == r);
  g_assert_cmpint (ns_topology_node_index (t, "r1"), ==, 1);
  g_assert_cmpint (ns_topology_node_index (t, "nope"), ==, -1);
  g_assert_null (ns_topology_find_node (t, NULL));
  g_assert_true (ns_topology_find_link (t, "l1") == t->links->pdata[0]);
  g_assert_cmpint (ns_topology_link_index (t, "l1"), ==, 0);
  g_assert_null (ns_topology_find_link (t, "l2"));
  g_assert_true (ns_topo_node_find_iface (r, "eth0") == r->ifaces->pdata[0]);
  g_assert_null (ns_topo_node_find_iface (r, "eth1"));
  g_assert_true (ns_topology_link_at (t, "r1", "eth0") == t->links->pdata[0]);
  g_assert_true (ns_topology_link_at (t, "pc1", "eth0") == t->links->pdata[0]);
  g_assert_null (ns_topology_link_at (t, "pc1", "eth1"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/topology/parse-cidr", test_parse_cidr);
  g_test_add_func ("/core/topology/parse-ipv4", test_parse_ipv4);
  g_test_add_func ("/core/topology/prefix-mask", test_prefix_mask);
  g_test_add_func ("/core/topology/defaults", test_defaults);
  g_test_add_func ("/core/topology/kind-strings", test_kind_strings);
  g_test_add_func ("/core/topology/copy", test_copy);
  g_test_add_func ("/core/topology/find", test_find);
  return g_test_run ();
}
