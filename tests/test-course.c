/* test-course.c: the rest of a first course (CONTRACT.md §1b, §2b, §3b):
 * hubs, failures in time (link-down, link-up, node-down, node-up) and the
 * warnings of `check`, each through its bundled example where it has one. */
#include <string.h>

#include "core/run.h"
#include "core/scenario.h"
#include "core/topology-file.h"
#include "core/trace-file.h"
#include "core/validate.h"
#include "sim/trace.h"

static NsTopology *
load_text (const char *text)
{
  g_autoptr (GError) error = NULL;
  NsTopology *t = ns_topology_load_data (text, -1, "test.netsketch.json", &error);

  g_assert_no_error (error);
  return t;
}

static NsRun *
run_topology (const NsTopology *topology)
{
  g_autoptr (GError) error = NULL;
  NsRun *run = ns_run_new (topology, FALSE, 0, &error);

  g_assert_no_error (error);
  ns_run_execute (run, NS_RUN_DEFAULT_UNTIL);
  return run;
}

static NsRun *
run_example (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("NS_EXAMPLES_DIR"), name, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (NsTopology) topology = ns_topology_load_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (topology->description);
  return run_topology (topology);
}

static const NsTraceEvent *
final_result (NsRun *run, const char *node, const char *action)
{
  NsTrace *trace = ns_run_get_trace (run);
  const NsTraceEvent *found = NULL;

  for (guint i = 0; i < ns_trace_len (trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (trace, i);

      if (ev->kind == NS_TRACE_APP && !ev->partial && g_strcmp0 (ev->action, action) == 0
          && g_strcmp0 (ev->node, node) == 0)
        found = ev;
    }
  g_assert_nonnull (found);
  return found;
}

/* Events of @kind (with @reason if given, at @where if given: the rx
 * interface, or the drop's node or link). */
static guint
count (NsRun *run, NsTraceKind kind, const char *reason, const char *where)
{
  NsTrace *trace = ns_run_get_trace (run);
  guint n = 0;

  for (guint i = 0; i < ns_trace_len (trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (trace, i);

      if (ev->kind != kind || (reason != NULL && g_strcmp0 (ev->reason, reason) != 0))
        continue;
      if (where != NULL && g_strcmp0 (ev->iface, where) != 0 && g_strcmp0 (ev->node, where) != 0
          && g_strcmp0 (ev->link, where) != 0)
        continue;
      n++;
    }
  return n;
}

static gint64
first_time (NsRun *run, NsTraceKind kind, const char *reason)
{
  NsTrace *trace = ns_run_get_trace (run);

  for (guint i = 0; i < ns_trace_len (trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (trace, i);

      if (ev->kind == kind && (reason == NULL || g_strcmp0 (ev->reason, reason) == 0))
        return ev->t;
    }
  return -1;
}

/* ---- hub ---- */

/* The example's promise: the bystander on the hub receives every frame
 * of the ping (ARP both ways, three requests, three replies), the one on
 * the switch only the broadcast ARP request. */
static void
test_hub_vs_switch (void)
{
  g_autoptr (NsRun) run = run_example ("hub-vs-switch.netsketch.json");

  g_assert_true (final_result (run, "ann", "ping")->ok);
  g_assert_true (final_result (run, "ann2", "ping")->ok);
  g_assert_cmpuint (count (run, NS_TRACE_RX, NULL, "carol:eth0"), ==, 8);
  g_assert_cmpuint (count (run, NS_TRACE_RX, NULL, "dave:eth0"), ==, 1);
}

/* A hub passes on frames byte for byte, and a loop made only of hubs is
 * never blocked (it storms until the run's limits end it). */
static void
test_hub_repeats_unchanged (void)
{
  g_autoptr (NsRun) run = run_example ("hub-vs-switch.netsketch.json");
  NsTrace *trace = ns_run_get_trace (run);

  for (guint i = 0; i < ns_trace_len (trace); i++)
    {
      const NsTraceEvent *in = ns_trace_get (trace, i);

      if (in->kind != NS_TRACE_TX || g_strcmp0 (in->iface, "ann:eth0") != 0)
        continue;
      /* The copy the hub sends to Carol carries the same bytes. */
      for (guint j = i + 1; j < ns_trace_len (trace); j++)
        {
          const NsTraceEvent *out = ns_trace_get (trace, j);

          if (out->kind == NS_TRACE_TX && g_strcmp0 (out->iface, "hub1:p3") == 0)
            {
              g_assert_cmpmem (in->packet->data, in->packet->len, out->packet->data,
                               out->packet->len);
              break;
            }
        }
    }
}

/* ---- failures in time ---- */

static void
test_cable_cut (void)
{
  g_autoptr (NsRun) run = run_example ("cable-cut.netsketch.json");
  NsTrace *trace = ns_run_get_trace (run);
  const NsTraceEvent *send = final_result (run, "laptop", "tcp-send");
  guint link_events = 0;
  gint64 down_at = 0, up_at = 0;

  /* Every byte arrives in the end. */
  g_assert_true (send->ok);
  for (guint i = 0; i < ns_trace_len (trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (trace, i);

      if (ev->kind != NS_TRACE_LINK)
        continue;
      link_events++;
      g_assert_cmpstr (ev->link, ==, "cable");
      g_assert_nonnull (ev->why);
      if (ev->ok)
        up_at = ev->t;
      else
        down_at = ev->t;
    }
  g_assert_cmpuint (link_events, ==, 2);
  g_assert_cmpint (down_at, ==, 30 * NS_NSEC_PER_MSEC);
  g_assert_cmpint (up_at, ==, 2500 * NS_NSEC_PER_MSEC);
  /* While the cable is out, frames are lost with reason down, and TCP's
   * timer (not three duplicate ACKs) sends again. */
  g_assert_cmpuint (count (run, NS_TRACE_DROP, "down", "cable"), >, 0);
  g_assert_cmpint (first_time (run, NS_TRACE_DROP, "down"), >=, down_at);
  g_assert_cmpuint (count (run, NS_TRACE_RETRANSMIT, "rto", NULL), >=, 2);
  g_assert_cmpuint (count (run, NS_TRACE_RETRANSMIT, "fast", NULL), ==, 0);
  g_assert_cmpint (send->t, >, up_at);
  g_assert_true (final_result (run, "r1", "link-down")->ok);
  g_assert_true (final_result (run, "r1", "link-up")->ok);
}

static const char *const power_cycle =
  "{\"format\": \"netsketch\", \"version\": 1, \"nodes\": ["
  " {\"id\": \"a\", \"kind\": \"host\", \"interfaces\": [{\"name\": \"eth0\", \"ip\": "
    "\"10.0.0.1/24\"}]},"
  " {\"id\": \"sw\", \"kind\": \"switch\", \"interfaces\": [{\"name\": \"p1\"}, {\"name\": "
    "\"p2\"}]},"
  " {\"id\": \"b\", \"kind\": \"host\", \"interfaces\": [{\"name\": \"eth0\", \"ip\": "
    "\"10.0.0.2/24\"}],"
  "  \"services\": [{\"type\": \"tcp-discard\", \"port\": 9}]}],"
  " \"links\": [{\"id\": \"l1\", \"a\": \"a:eth0\", \"b\": \"sw:p1\", \"bandwidth_mbps\": 10},"
  "             {\"id\": \"l2\", \"a\": \"sw:p2\", \"b\": \"b:eth0\", \"bandwidth_mbps\": 10}],"
  " \"scenario\": ["
  "  {\"at\": 0, \"node\": \"a\", \"do\": \"tcp-send\", \"target\": \"10.0.0.2:9\", \"bytes\": "
    "100000},"
  "  {\"at\": 0.03, \"node\": \"b\", \"do\": \"node-down\"},"
  "  {\"at\": 0.5, \"node\": \"b\", \"do\": \"ping\", \"target\": \"10.0.0.1\", \"count\": 1},"
  "  {\"at\": 1.2, \"node\": \"b\", \"do\": \"node-up\"}]}";

/* A node that comes back has lost its connections: the sender's next
 * retransmission meets a stack that knows nothing of it and answers RST
 * (RFC 9293 3.10.7.1). While it is off, frames reaching it are lost with
 * reason down and its own actions fail. */
static void
test_node_power_cycle (void)
{
  g_autoptr (NsTopology) t = load_text (power_cycle);
  g_autoptr (NsRun) run = run_topology (t);
  const NsTraceEvent *send = final_result (run, "a", "tcp-send");

  g_assert_false (send->ok);
  g_assert_nonnull (strstr (send->detail, "reset"));
  g_assert_cmpuint (count (run, NS_TRACE_DROP, "down", "b"), >, 0);
  g_assert_false (final_result (run, "b", "ping")->ok);
  g_assert_cmpuint (count (run, NS_TRACE_LINK, NULL, "b"), ==, 2);
  g_assert_true (final_result (run, "b", "node-up")->ok);
  g_assert_nonnull (ns_run_get_stack (run, "b"));
}

/* A switch that is switched off loses its address table and drops what
 * reaches it; a link-down with no node still gives a result line. */
static void
test_switch_down_and_link_without_node (void)
{
  g_autoptr (NsTopology) t = load_text (
    "{\"format\": \"netsketch\", \"version\": 1, \"nodes\": ["
    " {\"id\": \"a\", \"kind\": \"host\", \"interfaces\": [{\"name\": \"eth0\", \"ip\": "
      "\"10.0.0.1/24\"}]},"
    " {\"id\": \"sw\", \"kind\": \"switch\", \"interfaces\": [{\"name\": \"p1\"}, {\"name\": "
      "\"p2\"}]},"
    " {\"id\": \"b\", \"kind\": \"host\", \"interfaces\": [{\"name\": \"eth0\", \"ip\": "
      "\"10.0.0.2/24\"}]}],"
    " \"links\": [{\"id\": \"l1\", \"a\": \"a:eth0\", \"b\": \"sw:p1\"},"
    "             {\"id\": \"l2\", \"a\": \"sw:p2\", \"b\": \"b:eth0\"}],"
    " \"scenario\": ["
    "  {\"at\": 0, \"node\": \"a\", \"do\": \"ping\", \"target\": \"10.0.0.2\", \"count\": 6, "
      "\"interval_ms\": 500},"
    "  {\"at\": 0.7, \"node\": \"sw\", \"do\": \"node-down\"},"
    "  {\"at\": 1.2, \"node\": \"sw\", \"do\": \"node-up\"},"
    "  {\"at\": 1.6, \"do\": \"link-down\", \"link\": \"l2\"},"
    "  {\"at\": 2.2, \"do\": \"link-up\", \"link\": \"l2\"}]}");
  g_autoptr (NsRun) run = run_topology (t);
  const NsTraceEvent *ping = final_result (run, "a", "ping");

  /* Replies to seq 1, 2 (before), 4 (between) and 6 (after): seq 3 meets
   * the switch off, seq 5 the cable out. */
  g_assert_nonnull (strstr (ping->detail, "6 sent, 4 received"));
  g_assert_cmpuint (count (run, NS_TRACE_DROP, "down", "sw"), >, 0);
  g_assert_cmpuint (count (run, NS_TRACE_DROP, "down", "l2"), >, 0);
  /* No node given: the result is on the link's first end. */
  g_assert_true (final_result (run, "sw", "link-down")->ok);
  g_assert_true (final_result (run, "sw", "link-up")->ok);
}

/* The trace lines, exactly as CONTRACT.md §3b writes them. */
static void
test_link_event_json (void)
{
  NsTraceEvent ev = { .t = 30 * NS_NSEC_PER_MSEC, .kind = NS_TRACE_LINK, .link = "cable",
                      .ok = FALSE, .why = (char *) "cut" };
  g_autoptr (GString) out = g_string_new (NULL);

  g_assert_true (ns_trace_event_append_json (&ev, NULL, out));
  g_assert_cmpstr (out->str, ==,
                   "{\"t\":0.03,\"event\":\"link\",\"link\":\"cable\","
                   "\"up\":false,\"why\":\"cut\"}");
  g_string_truncate (out, 0);
  ev.link = NULL;
  ev.node = "pc1";
  ev.ok = TRUE;
  g_assert_true (ns_trace_event_append_json (&ev, NULL, out));
  g_assert_cmpstr (out->str, ==,
                   "{\"t\":0.03,\"event\":\"link\",\"node\":\"pc1\",\"up\":true,\"why\":\"cut\"}");
}

/* Bad failure actions are named with their place; a link action may leave
 * out its node, and saving keeps it left out. */
static void
test_failure_validation (void)
{
  static const char *const head =
    "{\"format\": \"netsketch\", \"version\": 1, \"nodes\": ["
    " {\"id\": \"a\", \"kind\": \"host\", \"interfaces\": [{\"name\": \"eth0\", \"ip\": "
      "\"10.0.0.1/24\"}]},"
    " {\"id\": \"b\", \"kind\": \"host\", \"interfaces\": [{\"name\": \"eth0\", \"ip\": "
      "\"10.0.0.2/24\"}]}],"
    " \"links\": [{\"id\": \"l1\", \"a\": \"a:eth0\", \"b\": \"b:eth0\"}], \"scenario\": [";
  static const struct { const char *action; const char *path; const char *message; } bad[] = {
    { "{\"at\": 1, \"do\": \"link-down\", \"link\": \"l9\"}", "scenario[0].link", "link \"l9\" "
      "does not exist" },
    { "{\"at\": 1, \"do\": \"link-up\"}", "scenario[0]", "needs a \"link\"" },
    { "{\"at\": 1, \"do\": \"node-down\", \"node\": \"zz\"}", "scenario[0].node", "does not "
      "exist" },
    { "{\"at\": -1, \"do\": \"node-up\", \"node\": \"a\"}", "scenario[0].at", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *text = g_strconcat (head, bad[i].action, "]}", NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (NsTopology) t = ns_topology_load_data (text, -1, "f.json", &error);

      g_assert_null (t);
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, bad[i].path));
      g_assert_nonnull (strstr (error->message, bad[i].message));
    }
  {
    g_autofree char *text = g_strconcat (head, "{\"at\": 1, \"do\": \"link-down\", \"link\": "
      "\"l1\"}]}", NULL);
    g_autoptr (NsTopology) t = load_text (text);
    g_autofree char *saved = ns_topology_to_data (t, NULL);
    g_autoptr (NsTopology) again = load_text (saved);
    const NsTopoAction *a = g_ptr_array_index (again->scenario, 0);

    g_assert_null (strstr (saved, "\"node\": \"\""));
    g_assert_null (a->node);
    g_assert_cmpstr (ns_scenario_action_string (a, "link"), ==, "l1");
  }
}

/* ---- warnings (CONTRACT.md §2b) ---- */

static void
test_warnings (void)
{
  g_autoptr (NsTopology) t = load_text (
    "{\"format\": \"netsketch\", \"version\": 1, \"nodes\": ["
    " {\"id\": \"a\", \"kind\": \"host\", \"interfaces\": [{\"name\": \"eth0\", \"ip\": "
      "\"10.0.0.255/24\"}],"
    "  \"gateway\": \"10.9.0.1\"},"
    " {\"id\": \"b\", \"kind\": \"host\", \"interfaces\": [{\"name\": \"eth0\", \"ip\": "
      "\"10.0.1.5/24\"}]},"
    " {\"id\": \"c\", \"kind\": \"host\", \"interfaces\": [{\"name\": \"eth0\", \"ip\": "
      "\"10.0.0.0/24\"}]},"
    " {\"id\": \"h\", \"kind\": \"hub\", \"interfaces\": [{\"name\": \"p1\"}, {\"name\": "
      "\"p2\"}, {\"name\": \"p3\"}]}],"
    " \"links\": [{\"id\": \"l1\", \"a\": \"a:eth0\", \"b\": \"h:p1\"}, {\"id\": \"l2\", "
      "\"a\": \"b:eth0\", \"b\": \"h:p2\"},"
    "             {\"id\": \"l3\", \"a\": \"c:eth0\", \"b\": \"h:p3\"}],"
    " \"scenario\": [{\"at\": 0, \"node\": \"c\", \"do\": \"ping\", \"target\": "
      "\"10.0.0.255\", \"count\": 1}]}");
  g_autoptr (GPtrArray) problems = ns_topology_validate (t);
  g_autoptr (GPtrArray) warnings = ns_topology_warnings (t);
  static const struct { const char *path; const char *text; } expected[] = {
    { "nodes[0].interfaces[0].ip", "broadcast address" },
    { "nodes[0].gateway", "not on any network" },
    { "nodes[2].interfaces[0].ip", "address of the network itself" },
    { "nodes[1].interfaces[0].ip", "same LAN as a:eth0" },
  };
  g_autoptr (NsRun) run = NULL;

  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (warnings->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < warnings->len; i++)
    {
      NsProblem *p = g_ptr_array_index (warnings, i);

      g_assert_cmpstr (p->path, ==, expected[i].path);
      g_assert_nonnull (strstr (p->message, expected[i].text));
    }
  /* run takes the file: the address works, as Linux lets it. */
  run = run_topology (t);
  g_assert_true (final_result (run, "c", "ping")->ok);
}

/* A plain file has no warning. */
static void
test_no_warnings (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("NS_EXAMPLES_DIR"),
                                            "hub-vs-switch.netsketch.json", NULL);
  g_autoptr (NsTopology) t = ns_topology_load_file (path, NULL);
  g_autoptr (GPtrArray) warnings = ns_topology_warnings (t);

  g_assert_cmpuint (warnings->len, ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/course/hub/vs-switch", test_hub_vs_switch);
  g_test_add_func ("/course/hub/repeats-unchanged", test_hub_repeats_unchanged);
  g_test_add_func ("/course/failure/cable-cut", test_cable_cut);
  g_test_add_func ("/course/failure/node-power-cycle", test_node_power_cycle);
  g_test_add_func ("/course/failure/switch-and-link", test_switch_down_and_link_without_node);
  g_test_add_func ("/course/failure/json", test_link_event_json);
  g_test_add_func ("/course/failure/validation", test_failure_validation);
  g_test_add_func ("/course/warnings/found", test_warnings);
  g_test_add_func ("/course/warnings/none", test_no_warnings);
  return g_test_run ();
}
