/* test-command.c: undo and redo. Every command, done, undone and redone,
 * must give back the document byte for byte (as ns_topology_to_data writes
 * it). */
#include <string.h>

#include "core/command.h"
#include "core/topology-file.h"

static const char sample[] =
  "{\"format\": \"netsketch\", \"version\": 1, \"title\": \"Sample\", \"seed\": 7,\n"
  " \"nodes\": [\n"
  "  {\"id\": \"pc1\", \"kind\": \"host\", \"x\": 10, \"y\": 20, \"label\": \"Laptop\",\n"
  "   \"interfaces\": [{\"name\": \"eth0\", \"ip\": \"10.0.0.10/24\"}], \"gateway\": "
  "\"10.0.0.1\"},\n"
  "  {\"id\": \"sw1\", \"kind\": \"switch\", \"x\": 100, \"y\": 20,\n"
  "   \"interfaces\": [{\"name\": \"p1\"}, {\"name\": \"p2\"}, {\"name\": \"p3\"}]},\n"
  "  {\"id\": \"r1\", \"kind\": \"router\", \"x\": 200, \"y\": 20, \"shape\": \"round\",\n"
  "   \"interfaces\": [{\"name\": \"eth0\", \"ip\": \"10.0.0.1/24\"}, {\"name\": \"eth1\", \"ip\": "
  "\"10.0.1.1/24\"}]},\n"
  "  {\"id\": \"web\", \"kind\": \"host\", \"x\": 300, \"y\": 20,\n"
  "   \"interfaces\": [{\"name\": \"eth0\", \"ip\": \"10.0.1.80/24\"}], \"gateway\": "
  "\"10.0.1.1\",\n"
  "   \"services\": [{\"type\": \"http-server\", \"port\": 80}]}],\n"
  " \"links\": [\n"
  "  {\"id\": \"l1\", \"a\": \"pc1:eth0\", \"b\": \"sw1:p1\"},\n"
  "  {\"id\": \"l2\", \"a\": \"sw1:p2\", \"b\": \"r1:eth0\", \"delay_ms\": 5},\n"
  "  {\"id\": \"l3\", \"a\": \"r1:eth1\", \"b\": \"web:eth0\", \"loss\": 0.1}],\n"
  " \"scenario\": [\n"
  "  {\"at\": 0, \"node\": \"pc1\", \"do\": \"ping\", \"target\": \"10.0.1.80\"},\n"
  "  {\"at\": 1, \"node\": \"pc1\", \"do\": \"http-get\", \"url\": \"http://10.0.1.80/\"},\n"
  "  {\"at\": 2, \"node\": \"web\", \"do\": \"ping\", \"target\": \"10.0.0.10\"}]}\n";

typedef struct {
  NsTopology     *topology;
  NsCommandStack *stack;
  guint           changes;
} Fixture;

static void
changed_cb (NsCommandStack *stack, gpointer user_data)
{
  Fixture *f = user_data;

  f->changes++;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->topology = ns_topology_load_data (sample, -1, "sample", &error);
  g_assert_no_error (error);
  f->stack = ns_command_stack_new (f->topology);
  ns_command_stack_set_changed_func (f->stack, changed_cb, f, NULL);
  f->changes = 0;
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  ns_command_stack_free (f->stack);
  ns_topology_free (f->topology);
}

static char *
text (Fixture *f)
{
  return ns_topology_to_data (f->topology, NULL);
}

/* Pushes @command and checks do / undo / redo byte for byte; leaves the
 * command done. Returns the document text after it. */
static char *
check_command (Fixture *f, NsCommand *command, const char *label)
{
  g_autofree char *before = text (f);
  char *after;
  g_autofree char *undone = NULL;
  g_autofree char *redone = NULL;
  g_autofree char *undone2 = NULL;
  g_autofree char *redone2 = NULL;

  g_assert_nonnull (command);
  if (label != NULL)
    g_assert_cmpstr (ns_command_get_label (command), ==, label);
  g_assert_true (ns_command_stack_push (f->stack, command));
  after = text (f);
  g_assert_cmpstr (before, !=, after);
  g_assert_true (ns_command_stack_can_undo (f->stack));
  g_assert_false (ns_command_stack_can_redo (f->stack));
  if (label != NULL)
    g_assert_cmpstr (ns_command_stack_get_undo_label (f->stack), ==, label);
  g_assert_true (ns_command_stack_undo (f->stack));
  undone = text (f);
  g_assert_cmpstr (undone, ==, before);
  g_assert_true (ns_command_stack_can_redo (f->stack));
  g_assert_true (ns_command_stack_redo (f->stack));
  redone = text (f);
  g_assert_cmpstr (redone, ==, after);
  g_assert_true (ns_command_stack_undo (f->stack));
  undone2 = text (f);
  g_assert_cmpstr (undone2, ==, before);
  g_assert_true (ns_command_stack_redo (f->stack));
  redone2 = text (f);
  g_assert_cmpstr (redone2, ==, after);
  return after;
}

static NsTopoNode *
node (Fixture *f, const char *id)
{
  return ns_topology_find_node (f->topology, id);
}

static void
test_add_node (Fixture *f, gconstpointer data)
{
  g_autoptr (NsTopology) empty = ns_topology_new ();
  NsTopoNode *n = ns_topo_node_new ("pc2", NS_NODE_HOST);
  g_autofree char *after = NULL;

  n->x = 50;
  g_ptr_array_add (n->ifaces, ns_topo_iface_new ("eth0"));
  after = check_command (f, ns_command_add_node (f->topology, n), "Add host");
  ns_topo_node_free (n);
  g_assert_nonnull (node (f, "pc2"));
  g_assert_cmpint (ns_topology_node_index (f->topology, "pc2"), ==, 4);
  n = ns_topo_node_new ("r9", NS_NODE_ROUTER);
  g_free (check_command (f, ns_command_add_node (f->topology, n), "Add router"));
  ns_topo_node_free (n);
}

static void
test_remove_nodes (Fixture *f, gconstpointer data)
{
  const char *ids[] = { "sw1", "web", "nope", "sw1" };
  g_autofree char *after = check_command (f, ns_command_remove_nodes (f->topology, ids, 4),
                                          "Remove 2 nodes");

  g_assert_null (node (f, "sw1"));
  g_assert_null (node (f, "web"));
  /* l1 (pc1-sw1), l2 (sw1-r1), l3 (r1-web) all touched a removed node. */
  g_assert_cmpuint (f->topology->links->len, ==, 0);
  /* Actions naming removed nodes stay (validation flags them). */
  g_assert_cmpuint (f->topology->scenario->len, ==, 3);
  g_assert_null (ns_command_remove_nodes (f->topology, ids + 2, 1));
}

static void
test_remove_one_keeps_order (Fixture *f, gconstpointer data)
{
  const char *ids[] = { "pc1" };
  g_autofree char *after = check_command (f, ns_command_remove_nodes (f->topology, ids, 1),
                                          "Remove 1 node");

  g_assert_cmpuint (f->topology->links->len, ==, 2);
  g_assert_cmpstr (((NsTopoLink *) f->topology->links->pdata[0])->id, ==, "l2");
  g_assert_cmpstr (((NsTopoNode *) f->topology->nodes->pdata[0])->id, ==, "sw1");
}

static void
test_move_nodes (Fixture *f, gconstpointer data)
{
  const char *ids[] = { "pc1", "sw1", "r1" };
  double xs[] = { 11, 101, 201 }, ys[] = { 21, 21, 21 };
  double xs_same[] = { 10, 100, 200 }, ys_same[] = { 20, 20, 20 };
  NsTopoNode *pc1 = node (f, "pc1");
  g_autofree char *after = NULL;

  g_assert_null (ns_command_move_nodes (f->topology, ids, xs_same, ys_same, 3));
  after = check_command (f, ns_command_move_nodes (f->topology, ids, xs, ys, 3), "Move 3 nodes");
  /* An edited node keeps its address across undo and redo. */
  g_assert_true (node (f, "pc1") == pc1);
  g_assert_cmpfloat (pc1->x, ==, 11);
  g_assert_cmpfloat (node (f, "r1")->y, ==, 21);
}

/* Moves pushed one after another while dragging are one undo step. */
static void
test_move_merge (Fixture *f, gconstpointer data)
{
  const char *ids[] = { "pc1", "r1" };
  g_autofree char *start = text (f);
  g_autofree char *end = NULL;
  g_autofree char *back = NULL;
  g_autofree char *again = NULL;

  for (guint i = 1; i <= 10; i++)
    {
      double xs[] = { 10 + i, 200 + i }, ys[] = { 20 - i, 20 };
      NsCommand *c = ns_command_move_nodes (f->topology, ids, xs, ys, 2);

      ns_command_set_merge_key (c, "drag-1");
      g_assert_true (ns_command_stack_push (f->stack, c));
    }
  end = text (f);
  g_assert_cmpfloat (node (f, "pc1")->x, ==, 20);
  g_assert_cmpstr (ns_command_stack_get_undo_label (f->stack), ==, "Move 2 nodes");
  g_assert_true (ns_command_stack_undo (f->stack));
  g_assert_false (ns_command_stack_can_undo (f->stack));
  back = text (f);
  g_assert_cmpstr (back, ==, start);
  g_assert_true (ns_command_stack_redo (f->stack));
  again = text (f);
  g_assert_cmpstr (again, ==, end);
  /* Another drag (another key) is another step. */
  {
    double xs[] = { 0, 0 }, ys[] = { 0, 0 };
    NsCommand *c = ns_command_move_nodes (f->topology, ids, xs, ys, 2);

    ns_command_set_merge_key (c, "drag-2");
    ns_command_stack_push (f->stack, c);
    g_assert_true (ns_command_stack_undo (f->stack));
    g_assert_true (ns_command_stack_can_undo (f->stack));
  }
}

static void
test_set_node (Fixture *f, gconstpointer data)
{
  NsTopoNode *pc1 = node (f, "pc1");
  NsTopoNode *edit = ns_topo_node_copy (pc1);
  NsTopoService *echo = ns_topo_service_new ("udp-echo", 7);
  guint32 dns = 0x0a000035;
  g_autofree char *after = NULL;

  g_assert_null (ns_command_set_node (f->topology, "pc1", edit));
  g_free (edit->label);
  edit->label = g_strdup ("Desk");
  edit->kind = NS_NODE_ROUTER;
  edit->gateway = 0x0a000002;
  g_array_append_val (edit->dns, dns);
  g_ptr_array_add (edit->services, echo);
  g_ptr_array_add (edit->routes, ns_topo_route_new (0x0a010000, 16, 0x0a000001));
  ((NsTopoIface *) edit->ifaces->pdata[0])->prefix_len = 16;
  after = check_command (f, ns_command_set_node (f->topology, "pc1", edit), "Edit pc1");
  g_assert_true (node (f, "pc1") == pc1);
  g_assert_cmpstr (pc1->label, ==, "Desk");
  g_assert_nonnull (strstr (after, "\"dns\": [\"10.0.0.53\"]"));
  ns_topo_node_free (edit);
  g_assert_null (ns_command_set_node (f->topology, "ghost", pc1));
}

static void
test_rename_node (Fixture *f, gconstpointer data)
{
  g_autofree char *after = check_command (f, ns_command_rename_node (f->topology, "pc1", "laptop"),
                                          "Rename pc1 to laptop");
  NsTopoLink *l1 = ns_topology_find_link (f->topology, "l1");

  g_assert_null (node (f, "pc1"));
  g_assert_nonnull (node (f, "laptop"));
  g_assert_cmpstr (l1->a_node, ==, "laptop");
  g_assert_cmpstr (((NsTopoAction *) f->topology->scenario->pdata[0])->node, ==, "laptop");
  g_assert_cmpstr (((NsTopoAction *) f->topology->scenario->pdata[1])->node, ==, "laptop");
  g_assert_cmpstr (((NsTopoAction *) f->topology->scenario->pdata[2])->node, ==, "web");
  g_assert_null (ns_command_rename_node (f->topology, "laptop", "laptop"));
  {
    g_autoptr (GPtrArray) problems = ns_topology_validate (f->topology);

    g_assert_cmpuint (problems->len, ==, 0);
  }
}

static void
test_ifaces (Fixture *f, gconstpointer data)
{
  NsTopoIface *iface = ns_topo_iface_new ("eth2");
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;

  iface->has_addr = TRUE;
  ns_parse_cidr ("10.0.2.1/24", &iface->addr, &iface->prefix_len);
  a =
    check_command (f, ns_command_add_iface (f->topology, "r1", iface), "Add interface eth2 to r1");
  ns_topo_iface_free (iface);
  g_assert_cmpuint (node (f, "r1")->ifaces->len, ==, 3);
  b = check_command (f, ns_command_rename_iface (f->topology, "r1", "eth0", "ge0"),
                     "Rename interface eth0 to ge0");
  g_assert_cmpstr (ns_topology_find_link (f->topology, "l2")->b_iface, ==, "ge0");
  c = check_command (f, ns_command_remove_iface (f->topology, "r1", "ge0"),
                     "Remove interface ge0 of r1");
  g_assert_null (ns_topology_find_link (f->topology, "l2"));
  g_assert_null (ns_topo_node_find_iface (node (f, "r1"), "ge0"));
  g_assert_null (ns_command_remove_iface (f->topology, "r1", "ge0"));
  {
    g_autoptr (GPtrArray) problems = ns_topology_validate (f->topology);

    g_assert_cmpuint (problems->len, ==, 0);
  }
}

static void
test_links (Fixture *f, gconstpointer data)
{
  NsTopoLink *link = ns_topo_link_new ("l4");
  NsTopoLink *edit;
  const char *ids[] = { "l1", "l3" };
  guint nth = 2;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;

  link->a_node = g_strdup ("sw1");
  link->a_iface = g_strdup ("p3");
  link->b_node = g_strdup ("web");
  link->b_iface = g_strdup ("eth0");
  a = check_command (f, ns_command_add_link (f->topology, link), "Add link");
  ns_topo_link_free (link);
  edit = ns_topo_link_copy (ns_topology_find_link (f->topology, "l2"));
  edit->delay_ms = 7.5;
  edit->loss = 0.25;
  g_array_append_val (edit->drop_nth, nth);
  b = check_command (f, ns_command_set_link (f->topology, "l2", edit), "Edit link l2");
  g_assert_cmpfloat (ns_topology_find_link (f->topology, "l2")->delay_ms, ==, 7.5);
  g_assert_null (ns_command_set_link (f->topology, "l2", edit));
  ns_topo_link_free (edit);
  c = check_command (f, ns_command_remove_links (f->topology, ids, 2), "Remove 2 links");
  g_assert_cmpuint (f->topology->links->len, ==, 2);
}

static void
test_properties (Fixture *f, gconstpointer data)
{
  g_autofree char *after = NULL;

  g_assert_null (ns_command_set_properties (f->topology, "Sample", NULL, 7, TRUE));
  after = check_command (f, ns_command_set_properties (f->topology, "New", "Words", 99, FALSE),
                         "Change document properties");
  g_assert_nonnull (strstr (after, "\"routing\": \"static\""));
  g_assert_nonnull (strstr (after, "\"seed\": 99"));
  g_free (check_command (f, ns_command_set_properties (f->topology, NULL, NULL, 99, FALSE), NULL));
  g_assert_null (f->topology->title);
}

static void
test_scenario (Fixture *f, gconstpointer data)
{
  NsTopoAction *action = ns_topo_action_new ("pc1", "dns-lookup");
  NsTopoAction *edit;
  g_autofree char *a = NULL;

  action->name = g_strdup ("www.example.com");
  a = check_command (f, ns_command_add_action (f->topology, 1, action), "Add scenario action");
  g_assert_cmpstr (((NsTopoAction *) f->topology->scenario->pdata[1])->action, ==, "dns-lookup");
  g_free (check_command (f, ns_command_add_action (f->topology, -1, action), NULL));
  g_assert_cmpuint (f->topology->scenario->len, ==, 5);
  ns_topo_action_free (action);
  g_free (check_command (f, ns_command_move_action (f->topology, 0, 3), "Move scenario action"));
  g_assert_cmpstr (((NsTopoAction *) f->topology->scenario->pdata[3])->action, ==, "ping");
  g_assert_cmpstr (((NsTopoAction *) f->topology->scenario->pdata[0])->action, ==, "dns-lookup");
  g_free (check_command (f, ns_command_move_action (f->topology, 4, 0), NULL));
  g_assert_null (ns_command_move_action (f->topology, 2, 2));
  g_assert_null (ns_command_move_action (f->topology, 9, 0));
  edit = ns_topo_action_copy (f->topology->scenario->pdata[2]);
  edit->at = 3.25;
  g_free (check_command (f, ns_command_set_action (f->topology, 2, edit), "Edit scenario action"));
  g_assert_null (ns_command_set_action (f->topology, 2, edit));
  ns_topo_action_free (edit);
  g_free (check_command (f, ns_command_remove_action (f->topology, 0), "Remove scenario action"));
  g_assert_null (ns_command_remove_action (f->topology, 99));
}

static void
test_replace_all (Fixture *f, gconstpointer data)
{
  g_autoptr (NsTopology) other = ns_topology_new ();
  NsTopology *before = f->topology;
  g_autofree char *after = NULL;

  other->title = g_strdup ("Other");
  after = check_command (f, ns_command_replace_all (f->topology, other, "Paste"), "Paste");
  g_assert_true (ns_command_stack_get_topology (f->stack) == before);
  g_assert_cmpuint (f->topology->nodes->len, ==, 0);
}

/* Connecting two nodes is one step: interfaces added, link added. */
static void
test_group (Fixture *f, gconstpointer data)
{
  g_autofree char *start = text (f);
  g_autofree char *end = NULL;
  g_autofree char *back = NULL;
  NsTopoIface *iface = ns_topo_iface_new ("eth9");
  NsTopoLink *link = ns_topo_link_new ("l9");

  ns_command_stack_begin_group (f->stack, "Connect pc1 and r1");
  ns_command_stack_push (f->stack, ns_command_add_iface (f->topology, "pc1", iface));
  ns_command_stack_begin_group (f->stack, "nested");
  ns_command_stack_push (f->stack, ns_command_add_iface (f->topology, "r1", iface));
  ns_command_stack_end_group (f->stack);
  g_assert_false (ns_command_stack_can_undo (f->stack));
  link->a_node = g_strdup ("pc1");
  link->a_iface = g_strdup ("eth9");
  link->b_node = g_strdup ("r1");
  link->b_iface = g_strdup ("eth9");
  ns_command_stack_push (f->stack, ns_command_add_link (f->topology, link));
  ns_command_stack_end_group (f->stack);
  ns_topo_iface_free (iface);
  ns_topo_link_free (link);
  end = text (f);
  g_assert_cmpstr (ns_command_stack_get_undo_label (f->stack), ==, "Connect pc1 and r1");
  g_assert_true (ns_command_stack_undo (f->stack));
  g_assert_false (ns_command_stack_can_undo (f->stack));
  back = text (f);
  g_assert_cmpstr (back, ==, start);
  g_assert_true (ns_command_stack_redo (f->stack));
  g_free (back);
  back = text (f);
  g_assert_cmpstr (back, ==, end);
  /* An empty group records nothing. */
  ns_command_stack_begin_group (f->stack, "nothing");
  ns_command_stack_end_group (f->stack);
  g_assert_cmpstr (ns_command_stack_get_undo_label (f->stack), ==, "Connect pc1 and r1");
}

static void
test_clean (Fixture *f, gconstpointer data)
{
  const char *ids[] = { "pc1" };
  double x1[] = { 1 }, x2[] = { 2 }, y[] = { 0 };

  g_assert_false (ns_command_stack_is_dirty (f->stack));
  ns_command_stack_push (f->stack, ns_command_move_nodes (f->topology, ids, x1, y, 1));
  g_assert_true (ns_command_stack_is_dirty (f->stack));
  ns_command_stack_set_clean (f->stack);
  g_assert_false (ns_command_stack_is_dirty (f->stack));
  /* A move after saving is not merged into the saved step. */
  ns_command_stack_push (f->stack, ns_command_move_nodes (f->topology, ids, x2, y, 1));
  g_assert_true (ns_command_stack_is_dirty (f->stack));
  ns_command_stack_undo (f->stack);
  g_assert_false (ns_command_stack_is_dirty (f->stack));
  g_assert_cmpfloat (node (f, "pc1")->x, ==, 1);
  ns_command_stack_undo (f->stack);
  g_assert_true (ns_command_stack_is_dirty (f->stack));
  ns_command_stack_redo (f->stack);
  g_assert_false (ns_command_stack_is_dirty (f->stack));
  /* Undo behind the clean point and branch off: it can't be reached again. */
  ns_command_stack_undo (f->stack);
  ns_command_stack_push (f->stack, ns_command_rename_node (f->topology, "pc1", "x"));
  g_assert_true (ns_command_stack_is_dirty (f->stack));
  ns_command_stack_undo (f->stack);
  g_assert_true (ns_command_stack_is_dirty (f->stack));
  ns_command_stack_clear (f->stack);
  g_assert_false (ns_command_stack_is_dirty (f->stack));
  g_assert_false (ns_command_stack_can_undo (f->stack));
  g_assert_false (ns_command_stack_can_redo (f->stack));
  g_assert_null (ns_command_stack_get_undo_label (f->stack));
  g_assert_null (ns_command_stack_get_redo_label (f->stack));
}

static void
test_changed (Fixture *f, gconstpointer data)
{
  g_assert_false (ns_command_stack_push (f->stack, NULL));
  g_assert_cmpuint (f->changes, ==, 0);
  ns_command_stack_push (f->stack, ns_command_rename_node (f->topology, "pc1", "x"));
  g_assert_cmpuint (f->changes, ==, 1);
  ns_command_stack_undo (f->stack);
  ns_command_stack_redo (f->stack);
  g_assert_cmpuint (f->changes, ==, 3);
  g_assert_false (ns_command_stack_redo (f->stack));
  g_assert_cmpuint (f->changes, ==, 3);
  ns_command_stack_set_clean (f->stack);
  g_assert_cmpuint (f->changes, ==, 4);
}

/* From an empty document: build a network, undo everything back to empty,
 * redo everything, as the check does by hand. */
static void
test_build_from_nothing (void)
{
  g_autoptr (NsTopology) t = ns_topology_new ();
  NsCommandStack *stack = ns_command_stack_new (t);
  g_autofree char *empty = ns_topology_to_data (t, NULL);
  g_autofree char *full = NULL;
  g_autoptr (GPtrArray) states = g_ptr_array_new_with_free_func (g_free);
  static const char *const names[] = { "h1", "h2", "sw", "r1", "r2" };
  static const NsNodeKind kinds[] = { NS_NODE_HOST, NS_NODE_HOST, NS_NODE_SWITCH,
                                      NS_NODE_ROUTER, NS_NODE_ROUTER };
  guint steps;

  g_ptr_array_add (states, g_strdup (empty));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      NsTopoNode *n = ns_topo_node_new (names[i], kinds[i]);

      n->x = 40.0 * i;
      ns_command_stack_push (stack, ns_command_add_node (t, n));
      ns_topo_node_free (n);
      g_ptr_array_add (states, ns_topology_to_data (t, NULL));
    }
  for (guint i = 0; i < 4; i++)
    {
      NsTopoIface *iface = ns_topo_iface_new ("eth0");
      NsTopoIface *port = ns_topo_iface_new (NULL);
      NsTopoLink *link = ns_topo_link_new (NULL);

      port->name = g_strdup_printf ("p%u", i);
      iface->has_addr = kinds[i] != NS_NODE_SWITCH;
      iface->addr = 0x0a000001 + i;
      iface->prefix_len = 24;
      link->id = g_strdup_printf ("l%u", i);
      link->a_node = g_strdup (names[i == 2 ? 4 : i]);
      link->a_iface = g_strdup ("eth0");
      link->b_node = g_strdup ("sw");
      link->b_iface = g_strdup (port->name);
      ns_command_stack_begin_group (stack, "Connect");
      ns_command_stack_push (stack, ns_command_add_iface (t, link->a_node, iface));
      ns_command_stack_push (stack, ns_command_add_iface (t, "sw", port));
      ns_command_stack_push (stack, ns_command_add_link (t, link));
      ns_command_stack_end_group (stack);
      g_ptr_array_add (states, ns_topology_to_data (t, NULL));
      ns_topo_iface_free (iface);
      ns_topo_iface_free (port);
      ns_topo_link_free (link);
    }
  full = ns_topology_to_data (t, NULL);
  steps = states->len - 1;
  for (guint i = steps; i > 0; i--)
    {
      g_autofree char *now = NULL;

      g_assert_true (ns_command_stack_undo (stack));
      now = ns_topology_to_data (t, NULL);
      g_assert_cmpstr (now, ==, g_ptr_array_index (states, i - 1));
    }
  g_assert_false (ns_command_stack_can_undo (stack));
  for (guint i = 1; i <= steps; i++)
    {
      g_autofree char *now = NULL;

      g_assert_true (ns_command_stack_redo (stack));
      now = ns_topology_to_data (t, NULL);
      g_assert_cmpstr (now, ==, g_ptr_array_index (states, i));
    }
  g_assert_cmpstr (g_ptr_array_index (states, steps), ==, full);
  ns_command_stack_free (stack);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add ("/core/command/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("add-node", test_add_node);
  ADD ("remove-nodes", test_remove_nodes);
  ADD ("remove-one-keeps-order", test_remove_one_keeps_order);
  ADD ("move-nodes", test_move_nodes);
  ADD ("move-merge", test_move_merge);
  ADD ("set-node", test_set_node);
  ADD ("rename-node", test_rename_node);
  ADD ("interfaces", test_ifaces);
  ADD ("links", test_links);
  ADD ("properties", test_properties);
  ADD ("scenario", test_scenario);
  ADD ("replace-all", test_replace_all);
  ADD ("group", test_group);
  ADD ("clean", test_clean);
  ADD ("changed", test_changed);
#undef ADD
  g_test_add_func ("/core/command/build-from-nothing", test_build_from_nothing);
  return g_test_run ();
}
