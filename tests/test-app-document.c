/* test-app-document.c: the app's document edits (add, connect with
 * proposed addresses, duplicate, delete), each one undo step. */
#include "config.h"

#include <gtk/gtk.h>

#include "core/topology-file.h"
#include "core/validate.h"
#include "ns-document.h"
#include "ns-symbols.h"

static char *
to_data (NsDocument *document)
{
  return ns_topology_to_data (ns_document_get_topology (document), NULL);
}

static const NsTopoIface *
iface_of (NsDocument *document, const char *node, const char *iface)
{
  const NsTopoNode *n = ns_topology_find_node (ns_document_get_topology (document), node);

  g_assert_nonnull (n);
  return ns_topo_node_find_iface (n, iface);
}

static void
assert_addr (NsDocument *document, const char *node, const char *iface, const char *cidr)
{
  const NsTopoIface *i = iface_of (document, node, iface);
  g_autofree char *text = NULL;

  g_assert_nonnull (i);
  g_assert_true (i->has_addr);
  text = ns_format_cidr (i->addr, i->prefix_len);
  g_assert_cmpstr (text, ==, cidr);
}

static void
test_add_ids (void)
{
  g_autoptr (NsDocument) document = ns_document_new ();
  g_autofree char *a = ns_document_add_node (document, NS_NODE_HOST, 0, 0);
  g_autofree char *b = ns_document_add_node (document, NS_NODE_HOST, 40, 0);
  g_autofree char *c = ns_document_add_node (document, NS_NODE_SWITCH, 80, 0);
  g_autofree char *d = ns_document_add_node (document, NS_NODE_ROUTER, 120, 0);

  g_assert_cmpstr (a, ==, "pc1");
  g_assert_cmpstr (b, ==, "pc2");
  g_assert_cmpstr (c, ==, "sw1");
  g_assert_cmpstr (d, ==, "r1");
  g_assert_true (ns_document_get_modified (document));
  /* Four gestures, four undo steps. */
  for (int i = 0; i < 4; i++)
    g_assert_true (ns_document_undo (document));
  g_assert_false (ns_document_can_undo (document));
  g_assert_cmpuint (ns_document_get_topology (document)->nodes->len, ==, 0);
  g_assert_false (ns_document_get_modified (document));
}

/* Hosts on a new switch get a fresh 10.0.N.0/24, the router joining the
 * LAN gets .1, and a direct link gets a network of its own. */
static void
test_connect_addresses (void)
{
  g_autoptr (NsDocument) document = ns_document_new ();
  g_autofree char *pc1 = ns_document_add_node (document, NS_NODE_HOST, 0, 0);
  g_autofree char *pc2 = ns_document_add_node (document, NS_NODE_HOST, 0, 100);
  g_autofree char *sw1 = ns_document_add_node (document, NS_NODE_SWITCH, 100, 50);
  g_autofree char *r1 = ns_document_add_node (document, NS_NODE_ROUTER, 200, 50);
  g_autofree char *pc3 = ns_document_add_node (document, NS_NODE_HOST, 300, 50);
  g_autofree char *l1 = ns_document_connect (document, pc1, sw1, NULL);
  g_autofree char *l2 = ns_document_connect (document, pc2, sw1, NULL);
  g_autofree char *l3 = ns_document_connect (document, r1, sw1, NULL);
  g_autofree char *l4 = ns_document_connect (document, r1, pc3, NULL);
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *again = NULL;
  const NsTopoLink *link;

  g_assert_cmpstr (l1, ==, "l1");
  g_assert_cmpstr (l4, ==, "l4");
  assert_addr (document, "pc1", "eth0", "10.0.1.10/24");
  assert_addr (document, "pc2", "eth0", "10.0.1.11/24");
  assert_addr (document, "r1", "eth0", "10.0.1.1/24");
  assert_addr (document, "r1", "eth1", "10.0.2.1/24");
  assert_addr (document, "pc3", "eth0", "10.0.2.10/24");
  g_assert_false (iface_of (document, "sw1", "p1")->has_addr);
  g_assert_nonnull (iface_of (document, "sw1", "p3"));

  link = ns_topology_find_link (ns_document_get_topology (document), "l2");
  g_assert_cmpstr (link->a_node, ==, "pc2");
  g_assert_cmpstr (link->b_node, ==, "sw1");
  g_assert_cmpstr (link->b_iface, ==, "p2");

  problems = ns_topology_validate (ns_document_get_topology (document));
  g_assert_cmpuint (problems->len, ==, 0);

  /* Joining the same two nodes again is refused, and changes nothing. */
  again = ns_document_connect (document, sw1, pc1, &error);
  g_assert_null (again);
  g_assert_error (error, NS_DOCUMENT_ERROR, NS_DOCUMENT_ERROR_CONNECT);

  /* One connection is one undo step: interfaces and link go together. */
  g_assert_true (ns_document_undo (document));
  g_assert_null (ns_topology_find_link (ns_document_get_topology (document), "l4"));
  g_assert_null (iface_of (document, "r1", "eth1"));
  g_assert_null (iface_of (document, "pc3", "eth0"));
}

static void
test_delete_duplicate_undo (void)
{
  g_autoptr (NsDocument) document = ns_document_new ();
  g_autofree char *pc1 = ns_document_add_node (document, NS_NODE_HOST, 0, 0);
  g_autofree char *sw1 = ns_document_add_node (document, NS_NODE_SWITCH, 100, 0);
  g_autofree char *l1 = ns_document_connect (document, pc1, sw1, NULL);
  g_autofree char *before = to_data (document);
  g_autofree char *after_dup = NULL;
  const NsTopology *t = ns_document_get_topology (document);
  const NsTopoNode *copy;
  const NsTopoLink *link;

  ns_document_select_all (document);
  g_assert_cmpuint (ns_document_get_n_selected (document), ==, 3);
  ns_document_duplicate_selection (document);
  g_assert_cmpuint (t->nodes->len, ==, 4);
  g_assert_cmpuint (t->links->len, ==, 2);
  copy = ns_topology_find_node (t, "pc2");
  g_assert_nonnull (copy);
  g_assert_cmpfloat (copy->x, ==, 40);
  g_assert_false (((NsTopoIface *) g_ptr_array_index (copy->ifaces, 0))->has_addr);
  link = ns_topology_find_link (t, "l2");
  g_assert_cmpstr (link->a_node, ==, "pc2");
  g_assert_cmpstr (link->b_node, ==, "sw2");
  /* The copies are selected, the originals are not. */
  g_assert_true (g_hash_table_contains (ns_document_get_selected_nodes (document), "pc2"));
  g_assert_false (g_hash_table_contains (ns_document_get_selected_nodes (document), "pc1"));
  after_dup = to_data (document);

  ns_document_select_all (document);
  ns_document_delete_selection (document);
  g_assert_cmpuint (t->nodes->len, ==, 0);
  g_assert_cmpuint (t->links->len, ==, 0);
  g_assert_cmpuint (ns_document_get_n_selected (document), ==, 0);

  /* Undo restores byte for byte, step by step. */
  g_assert_true (ns_document_undo (document));
  {
    g_autofree char *now = to_data (document);
    g_assert_cmpstr (now, ==, after_dup);
  }
  g_assert_true (ns_document_undo (document));
  {
    g_autofree char *now = to_data (document);
    g_assert_cmpstr (now, ==, before);
  }
  g_assert_true (ns_document_redo (document));
  {
    g_autofree char *now = to_data (document);
    g_assert_cmpstr (now, ==, after_dup);
  }
}

static void
test_move_one_step (void)
{
  g_autoptr (NsDocument) document = ns_document_new ();
  g_autofree char *pc1 = ns_document_add_node (document, NS_NODE_HOST, 20, 20);
  const char *ids[] = { "pc1" };
  const NsTopoNode *node;

  ns_document_move_nodes (document, ids, 1, 40, -20);
  ns_document_move_nodes (document, ids, 1, 20, 0);
  node = ns_topology_find_node (ns_document_get_topology (document), "pc1");
  g_assert_cmpfloat (node->x, ==, 80);
  g_assert_cmpfloat (node->y, ==, 0);
  /* Two drags stay two steps. */
  g_assert_true (ns_document_undo (document));
  node = ns_topology_find_node (ns_document_get_topology (document), "pc1");
  g_assert_cmpfloat (node->x, ==, 60);
  g_assert_true (ns_document_undo (document));
  node = ns_topology_find_node (ns_document_get_topology (document), "pc1");
  g_assert_cmpfloat (node->x, ==, 20);
  g_assert_cmpfloat (node->y, ==, 20);
}

static void
test_select_area (void)
{
  g_autoptr (NsDocument) document = ns_document_new ();
  g_autofree char *a = ns_document_add_node (document, NS_NODE_HOST, 0, 0);
  g_autofree char *b = ns_document_add_node (document, NS_NODE_HOST, 100, 0);
  g_autofree char *c = ns_document_add_node (document, NS_NODE_HOST, 400, 400);
  g_autofree char *l = ns_document_connect (document, a, b, NULL);

  ns_document_select_area (document, -50, -50, 150, 50, FALSE);
  g_assert_cmpuint (g_hash_table_size (ns_document_get_selected_nodes (document)), ==, 2);
  g_assert_true (g_hash_table_contains (ns_document_get_selected_links (document), "l1"));
  ns_document_select_node (document, c, TRUE, TRUE);
  g_assert_cmpuint (ns_document_get_n_selected (document), ==, 4);
  ns_document_select_node (document, c, TRUE, TRUE);
  g_assert_cmpuint (ns_document_get_n_selected (document), ==, 3);
  ns_document_select_none (document);
  g_assert_cmpuint (ns_document_get_n_selected (document), ==, 0);
}

/* Hit tests and the picture itself, on a cairo image surface. */
static void
test_drawing (void)
{
  g_autoptr (NsDocument) document = ns_document_new ();
  g_autofree char *a = ns_document_add_node (document, NS_NODE_ROUTER, 100, 100);
  g_autofree char *b = ns_document_add_node (document, NS_NODE_HOST, 300, 100);
  g_autofree char *l = ns_document_connect (document, a, b, NULL);
  const NsTopology *t = ns_document_get_topology (document);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 200);
  cairo_t *cr = cairo_create (surface);
  NsSymbolsOptions options;
  graphene_rect_t bounds;
  guint32 *pixels;
  int stride;

  g_assert_true (ns_symbols_node_at (t, 110, 95) == ns_topology_find_node (t, "r1"));
  g_assert_null (ns_symbols_node_at (t, 200, 100));
  g_assert_true (ns_symbols_link_at (t, 200, 103, 5) == ns_topology_find_link (t, "l1"));
  g_assert_null (ns_symbols_link_at (t, 200, 120, 5));
  g_assert_true (ns_symbols_get_bounds (t, &bounds));
  /* Symbols and the labels under them. */
  g_assert_cmpfloat (bounds.origin.y, <=, 100 - NS_SYMBOLS_NODE_HALF_HEIGHT);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, >, 100 + NS_SYMBOLS_NODE_HALF_HEIGHT);

  ns_symbols_options_init (&options);
  ns_symbols_render (cr, t, &options);
  cairo_surface_flush (surface);
  pixels = (guint32 *) cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface) / 4;
  /* The router is orange at its centre's edge, the link grey between the
   * two, and nothing is drawn far from both. */
  g_assert_cmpuint (pixels[100 * stride + 88] & 0x00ffffff, ==, 0xe66100);
  g_assert_cmpuint (pixels[100 * stride + 200] >> 24, ==, 0xff);
  g_assert_cmpuint (pixels[20 * stride + 200], ==, 0);

  {
    g_autofree char *tip = ns_symbols_link_tooltip (ns_topology_find_link (t, "l1"));

    g_assert_nonnull (strstr (tip, "r1:eth0"));
    g_assert_nonnull (strstr (tip, "pc1:eth0"));
  }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/document/add-ids", test_add_ids);
  g_test_add_func ("/app/document/connect-addresses", test_connect_addresses);
  g_test_add_func ("/app/document/delete-duplicate-undo", test_delete_duplicate_undo);
  g_test_add_func ("/app/document/move-one-step", test_move_one_step);
  g_test_add_func ("/app/document/select-area", test_select_area);
  g_test_add_func ("/app/drawing/render", test_drawing);
  return g_test_run ();
}
