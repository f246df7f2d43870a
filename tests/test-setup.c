/* test-setup.c: building a run is linear in the file, and the quick ways
 * of building give exactly what the plain ways gave. */
#include "core/routing.h"
#include "core/run.h"
#include "core/topology-file.h"
#include "net/stack.h"
#include "sim/sim.h"

static NsStack *
router_with_ifaces (NsSim *sim)
{
  NsStack *stack = ns_stack_new (sim, "r", TRUE);
  const guint8 mac[6] = { 2, 0, 0, 0, 0, 1 };

  /* 10.0.0.1/8 and 192.168.0.1/16: next hops in either. */
  ns_stack_add_iface (stack, "eth0", mac, 0x0a000001, 8, 1500);
  ns_stack_add_iface (stack, "eth1", mac, 0xc0a80001, 16, 1500);
  ns_stack_add_connected_routes (stack);
  return stack;
}

/* Many routes, with repeats of one (dest, prefix) from different origins
 * and next hops no interface reaches: the bulk insert gives the same table,
 * in the same order, as inserting one by one. */
static void
test_bulk_routes_same_table (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  NsSim *sim = ns_sim_new (1);
  NsStack *one = router_with_ifaces (sim);
  NsStack *bulk = router_with_ifaces (sim);
  g_autoptr (GArray) routes = g_array_new (FALSE, FALSE, sizeof (NsRoute));

  for (guint i = 0; i < 5000; i++)
    {
      NsRoute r = { 0 };
      guint32 vias[] = { 0x0a000002, 0x0a000003, 0xc0a80009, 0x08080808 };

      r.prefix_len = (guint) g_rand_int_range (rand, 8, 33);
      /* Few distinct destinations, so that repeats happen. */
      r.dest =
        (guint32)g_rand_int_range (rand, 0, 64) << 24 | (guint32)g_rand_int_range (rand, 0, 4) << 8;
      r.via = vias[g_rand_int_range (rand, 0, 4)];
      r.iface = g_rand_boolean (rand) ? G_MAXUINT : (guint) g_rand_int_range (rand, 0, 3);
      r.origin = g_rand_boolean (rand) ? NS_ROUTE_AUTO : NS_ROUTE_STATIC;
      g_array_append_val (routes, r);
    }
  for (guint i = 0; i < routes->len; i++)
    {
      const NsRoute *r = &g_array_index (routes, NsRoute, i);

      ns_stack_add_route (one, r->dest, r->prefix_len, r->via,
                          r->iface == G_MAXUINT ? -1 : (gint) r->iface, r->origin);
    }
  ns_stack_add_routes (bulk, (const NsRoute *) routes->data, routes->len);
  g_assert_cmpuint (ns_stack_n_routes (bulk), ==, ns_stack_n_routes (one));
  g_assert_cmpuint (ns_stack_n_routes (one), >, 100);
  for (guint i = 0; i < ns_stack_n_routes (one); i++)
    {
      const NsRoute *a = ns_stack_get_route (one, i);
      const NsRoute *b = ns_stack_get_route (bulk, i);

      g_assert_cmphex (a->dest, ==, b->dest);
      g_assert_cmpuint (a->prefix_len, ==, b->prefix_len);
      g_assert_cmphex (a->via, ==, b->via);
      g_assert_cmpuint (a->iface, ==, b->iface);
      g_assert_cmpint (a->origin, ==, b->origin);
    }
  /* And the lookups agree. */
  for (guint i = 0; i < 20000; i++)
    {
      guint32 dst = g_rand_int (rand) & 0x3f0003ff;

      g_assert_true (ns_stack_lookup_route (one, dst) == NULL
                       ? ns_stack_lookup_route (bulk, dst) == NULL
                       : ns_stack_lookup_route (bulk, dst)->via
                           == ns_stack_lookup_route (one, dst)->via);
    }
  ns_stack_free (one);
  ns_stack_free (bulk);
  ns_sim_free (sim);
}

/* A run computes each node's automatic routes on first use: the tables
 * are those ns_routing_compute gives for the whole network at once. */
static void
test_lazy_routes_same_table (void)
{
  const char *files[] = { "full-story.netsketch.json", "ip-hop-by-hop.netsketch.json" };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *path = g_build_filename (g_getenv ("NS_EXAMPLES_DIR"), files[f], NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (NsTopology) topology = ns_topology_load_file (path, &error);
      g_autoptr (NsRun) run = NULL;
      g_autoptr (GPtrArray) computed = NULL;
      guint checked = 0;

      g_assert_no_error (error);
      g_assert_true (topology->routing_auto);
      run = ns_run_new (topology, FALSE, 0, &error);
      g_assert_no_error (error);
      computed = ns_routing_compute (ns_run_get_topology (run));
      for (guint n = 0; n < topology->nodes->len; n++)
        {
          NsTopoNode *node = g_ptr_array_index (topology->nodes, n);
          NsStack *stack = ns_run_get_stack (run, node->id);
          GPtrArray *routes = g_ptr_array_index (computed, n);

          if (stack == NULL)
            continue;
          /* Every computed route is in the table, as an automatic route
           * (unless a hand-written one has its place). */
          for (guint r = 0; r < routes->len; r++)
            {
              NsAutoRoute *ar = g_ptr_array_index (routes, r);
              gboolean found = FALSE;

              for (guint i = 0; i < ns_stack_n_routes (stack); i++)
                {
                  const NsRoute *sr = ns_stack_get_route (stack, i);

                  if (sr->dest == ar->dest && sr->prefix_len == ar->prefix_len)
                    {
                      found = TRUE;
                      if (sr->origin == NS_ROUTE_AUTO)
                        g_assert_cmphex (sr->via, ==, ar->via);
                    }
                }
              g_assert_true (found);
              checked++;
            }
          /* And nothing else automatic is. */
          for (guint i = 0; i < ns_stack_n_routes (stack); i++)
            if (ns_stack_get_route (stack, i)->origin == NS_ROUTE_AUTO)
              checked--;
        }
      g_assert_cmpuint (checked, ==, 0);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/setup/bulk-routes-same-table", test_bulk_routes_same_table);
  g_test_add_func ("/setup/lazy-routes-same-table", test_lazy_routes_same_table);
  return g_test_run ();
}
