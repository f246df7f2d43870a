/* test-run.c: whole runs of topology files: what each is meant to show,
 * and that the same seed gives the same run. */
#include <string.h>

#include "core/run.h"
#include "core/topology-file.h"
#include "sim/trace.h"

static NsTopology *
load (const char *env, const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv (env), name, NULL);
  g_autoptr (GError) error = NULL;
  NsTopology *topology = ns_topology_load_file (path, &error);

  g_assert_no_error (error);
  return topology;
}

static NsRun *
run_file (const char *env, const char *name, gboolean override_seed, guint64 seed)
{
  g_autoptr (NsTopology) topology = load (env, name);
  g_autoptr (GError) error = NULL;
  NsRun *run = ns_run_new (topology, override_seed, seed, &error);

  g_assert_no_error (error);
  ns_run_execute (run, NS_RUN_DEFAULT_UNTIL);
  return run;
}

/* The app events of @action in order. */
static GPtrArray *
app_events (NsRun *run, const char *action)
{
  NsTrace *trace = ns_run_get_trace (run);
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < ns_trace_len (trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (trace, i);

      if (ev->kind == NS_TRACE_APP && g_strcmp0 (ev->action, action) == 0)
        g_ptr_array_add (found, (gpointer) ev);
    }
  return found;
}

/* A digest of everything the trace says, for comparing runs. */
static char *
trace_digest (NsRun *run)
{
  NsTrace *trace = ns_run_get_trace (run);
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  for (guint i = 0; i < ns_trace_len (trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (trace, i);
      g_autofree char *line = g_strdup_printf ("%" G_GINT64_FORMAT " %d %" G_GUINT64_FORMAT
                                               " %s %s %s %s", ev->t, ev->kind, ev->frame,
                                               ev->iface, ev->node, ev->reason, ev->detail);

      g_checksum_update (sum, (const guchar *) line, -1);
      if (ev->packet != NULL)
        g_checksum_update (sum, ev->packet->data, (gssize) ev->packet->len);
    }
  return g_strdup (g_checksum_get_string (sum));
}

static void
test_hop_by_hop (void)
{
  g_autoptr (NsRun) run = run_file ("NS_EXAMPLES_DIR", "ip-hop-by-hop.netsketch.json", FALSE, 0);
  g_autoptr (GPtrArray) pings = app_events (run, "ping");
  g_autoptr (GPtrArray) traces = app_events (run, "traceroute");
  const NsTraceEvent *ev;
  g_autofree const char **hops = NULL;
  g_autoptr (GVariant) v = NULL;
  guint32 ttl;
  gsize n;

  /* Three replies and the summary; routing is auto, nothing written by hand. */
  g_assert_cmpuint (pings->len, ==, 4);
  for (guint i = 0; i < 3; i++)
    {
      ev = g_ptr_array_index (pings, i);
      g_assert_true (ev->ok);
      g_assert_true (g_variant_lookup (ev->fields, "ttl", "u", &ttl));
      g_assert_cmpuint (ttl, ==, 61);
    }
  g_assert_cmpuint (traces->len, ==, 1);
  ev = g_ptr_array_index (traces, 0);
  g_assert_true (ev->ok);
  v = g_variant_lookup_value (ev->fields, "hops", G_VARIANT_TYPE_STRING_ARRAY);
  hops = g_variant_get_strv (v, &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpstr (hops[0], ==, "192.168.1.1");
  g_assert_cmpstr (hops[1], ==, "10.0.1.2");
  g_assert_cmpstr (hops[2], ==, "10.0.2.2");
  g_assert_cmpstr (hops[3], ==, "203.0.113.80");
}

static guint
count_kind (NsRun *run, NsTraceKind kind, const char *reason)
{
  NsTrace *trace = ns_run_get_trace (run);
  guint n = 0;

  for (guint i = 0; i < ns_trace_len (trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (trace, i);

      if (ev->kind == kind && (reason == NULL || g_strcmp0 (ev->reason, reason) == 0))
        n++;
    }
  return n;
}

static void
test_lossy_udp_and_determinism (void)
{
  g_autoptr (NsRun) a = run_file ("NS_TEST_DATA", "run-lossy-udp.netsketch.json", FALSE, 0);
  g_autoptr (NsRun) b = run_file ("NS_TEST_DATA", "run-lossy-udp.netsketch.json", FALSE, 0);
  g_autoptr (NsRun) c = run_file ("NS_TEST_DATA", "run-lossy-udp.netsketch.json", TRUE, 43);
  g_autofree char *da = trace_digest (a), *db = trace_digest (b), *dc = trace_digest (c);
  guint lost = count_kind (a, NS_TRACE_DROP, "loss");
  guint sent = count_kind (a, NS_TRACE_TX, NULL);

  g_assert_cmpstr (da, ==, db);
  g_assert_cmpstr (da, !=, dc);
  /* About 30% of the frames, ARP included. */
  g_assert_cmpuint (sent, >=, 1000);
  g_assert_cmpfloat ((double) lost / sent, >, 0.26);
  g_assert_cmpfloat ((double) lost / sent, <, 0.34);
}

static void
test_switched_lan (void)
{
  g_autoptr (NsRun) run = run_file ("NS_TEST_DATA", "run-switched-lan.netsketch.json", FALSE, 0);
  g_autoptr (GPtrArray) sends = app_events (run, "udp-send");
  const NsTraceEvent *ev;
  guint32 echoed;

  g_assert_cmpuint (sends->len, ==, 1);
  ev = g_ptr_array_index (sends, 0);
  g_assert_true (ev->ok);
  g_assert_true (g_variant_lookup (ev->fields, "echoed", "u", &echoed));
  g_assert_cmpuint (echoed, ==, 4);
}

static void
test_host_down (void)
{
  g_autoptr (NsRun) run = run_file ("NS_EXAMPLES_DIR", "ip-no-connection.netsketch.json", FALSE, 0);
  g_autoptr (GPtrArray) sends = app_events (run, "udp-send");
  g_autoptr (GPtrArray) pings = app_events (run, "ping");
  const NsTraceEvent *ev;
  guint32 echoed;

  /* To the switched-off server: the datagrams go, nothing comes back. */
  g_assert_cmpuint (sends->len, ==, 2);
  ev = g_ptr_array_index (sends, 0);
  g_assert_true (g_variant_lookup (ev->fields, "echoed", "u", &echoed));
  g_assert_cmpuint (echoed, ==, 0);
  ev = g_ptr_array_index (sends, 1);
  g_assert_true (g_variant_lookup (ev->fields, "echoed", "u", &echoed));
  g_assert_cmpuint (echoed, ==, 3);
  ev = g_ptr_array_index (pings, pings->len - 1);
  g_assert_false (ev->ok);
  g_assert_cmpuint (count_kind (run, NS_TRACE_DROP, "no-arp"), >, 0);
}

/* The scenario's actions that cannot start say why, in the trace: a
 * switched-off node, a name with no DNS server to ask, a DNS server that
 * never answers. */
static void
test_scenario_failures (void)
{
  static const char text[] =
    "{\"format\": \"netsketch\", \"version\": 1, \"seed\": 3, \"nodes\": ["
    " {\"id\": \"a\", \"kind\": \"host\", \"interfaces\": [{\"name\": \"eth0\", \"ip\": "
    "\"10.0.0.1/24\"}]},"
    " {\"id\": \"b\", \"kind\": \"host\", \"down\": true,"
    "  \"interfaces\": [{\"name\": \"eth0\", \"ip\": \"10.0.0.2/24\"}]},"
    " {\"id\": \"c\", \"kind\": \"host\", \"interfaces\": [{\"name\": \"eth0\", \"ip\": "
    "\"10.0.0.3/24\"}],"
    "  \"dns\": [\"10.0.0.9\"]}],"
    " \"links\": [{\"id\": \"l1\", \"a\": \"a:eth0\", \"b\": \"b:eth0\"}],"
    " \"scenario\": [{\"at\": 0, \"node\": \"b\", \"do\": \"ping\", \"target\": \"10.0.0.1\"},"
    "  {\"at\": 0, \"node\": \"a\", \"do\": \"traceroute\", \"target\": \"nosuch.test\"},"
    "  {\"at\": 0, \"node\": \"c\", \"do\": \"ping\", \"target\": \"nosuch.test\"}]}";
  g_autoptr (GError) error = NULL;
  g_autoptr (NsTopology) topology = ns_topology_load_data (text, -1, "failures", &error);
  g_autoptr (NsRun) run = NULL;
  g_autoptr (GPtrArray) pings = NULL, traces = NULL;
  const NsTraceEvent *ev;

  g_assert_no_error (error);
  run = ns_run_new (topology, FALSE, 0, &error);
  g_assert_no_error (error);
  ns_run_execute (run, NS_RUN_DEFAULT_UNTIL);
  pings = app_events (run, "ping");
  traces = app_events (run, "traceroute");
  g_assert_cmpuint (pings->len, ==, 2);
  g_assert_cmpuint (traces->len, ==, 1);
  ev = g_ptr_array_index (pings, 0);
  g_assert_false (ev->ok);
  g_assert_cmpstr (ev->node, ==, "b");
  g_assert_nonnull (strstr (ev->detail, "b is switched off"));
  ev = g_ptr_array_index (traces, 0);
  g_assert_false (ev->ok);
  g_assert_nonnull (strstr (ev->detail, "cannot resolve the name nosuch.test"));
  g_assert_nonnull (strstr (ev->detail, "no DNS server"));
  ev = g_ptr_array_index (pings, 1);
  g_assert_false (ev->ok);
  g_assert_cmpstr (ev->node, ==, "c");
  g_assert_nonnull (strstr (ev->detail, "no answer from 10.0.0.9"));
  g_assert_cmpint (ev->t, >, 0);
}

/* A model that breaks the format's rules (as an unfinished edit may) is
 * refused with the problems, never half-built: a link to a node that is
 * gone, two services on one port, a DNS server with a bad root. */
static void
test_invalid_model_refused (void)
{
  static const char text[] =
    "{\"format\": \"netsketch\", \"version\": 1, \"nodes\": ["
    " {\"id\": \"a\", \"kind\": \"host\", \"interfaces\": [{\"name\": \"eth0\", \"ip\": "
    "\"10.0.0.1/24\"}],"
    "  \"services\": [{\"type\": \"udp-echo\", \"port\": 7},"
    "   {\"type\": \"dns-server\", \"port\": 53, \"records\": []}]},"
    " {\"id\": \"b\", \"kind\": \"host\", \"interfaces\": [{\"name\": \"eth0\", \"ip\": "
    "\"10.0.0.2/24\"}]}],"
    " \"links\": [{\"id\": \"l1\", \"a\": \"a:eth0\", \"b\": \"b:eth0\"}]}";

  for (guint c = 0; c < 3; c++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (NsTopology) topology = ns_topology_load_data (text, -1, "model", &error);
      NsTopoNode *a;
      NsRun *run;

      g_assert_no_error (error);
      a = g_ptr_array_index (topology->nodes, 0);
      if (c == 0)
        {
          NsTopoLink *link = g_ptr_array_index (topology->links, 0);

          g_free (link->b_node);
          link->b_node = g_strdup ("gone");
        }
      else if (c == 1)
        g_ptr_array_add (a->services, ns_topo_service_new ("udp-echo", 7));
      else
        {
          NsTopoService *dns = g_ptr_array_index (a->services, 1);

          dns->recursive = TRUE;
          dns->root = g_strdup ("not an address");
        }
      run = ns_run_new (topology, FALSE, 0, &error);
      g_assert_null (run);
      g_assert_error (error, NS_TOPOLOGY_ERROR, NS_TOPOLOGY_ERROR_INVALID);
      g_test_message ("case %u: %s", c, error->message);
    }
}

/* A bandwidth too small to be a whole bit per second is slow, not
 * unlimited: the ping's frames take longer than the run. */
static void
test_tiny_bandwidth (void)
{
  static const char text[] = "{\"format\": \"netsketch\", \"version\": 1, \"nodes\": ["
                             " {\"id\": \"a\", \"kind\": \"host\", \"interfaces\": [{\"name\": "
                             "\"eth0\", \"ip\": \"10.0.0.1/24\"}]},"
                             " {\"id\": \"b\", \"kind\": \"host\", \"interfaces\": [{\"name\": "
                             "\"eth0\", \"ip\": \"10.0.0.2/24\"}]}],"
                             " \"links\": [{\"id\": \"l1\", \"a\": \"a:eth0\", \"b\": \"b:eth0\", "
                             "\"bandwidth_mbps\": 1e-300}],"
                             " \"scenario\": [{\"at\": 0, \"node\": \"a\", \"do\": \"ping\", "
                             "\"target\": \"10.0.0.2\", \"count\": 1}]}";
  g_autoptr (GError) error = NULL;
  g_autoptr (NsTopology) topology = ns_topology_load_data (text, -1, "tiny", &error);
  g_autoptr (NsRun) run = NULL;
  g_autoptr (GPtrArray) pings = NULL;

  g_assert_no_error (error);
  run = ns_run_new (topology, FALSE, 0, &error);
  g_assert_no_error (error);
  ns_run_execute (run, 30 * NS_NSEC_PER_SEC);
  pings = app_events (run, "ping");
  g_assert_cmpuint (pings->len, ==, 1);
  g_assert_false (((const NsTraceEvent *) g_ptr_array_index (pings, 0))->ok);
}

/* Two switches joined by two links: without the spanning tree the first
 * broadcast (the ARP request) would circle for ever. */
static void
test_switch_loop (void)
{
  g_autoptr (NsRun) run = run_file ("NS_TEST_DATA", "run-switch-loop.netsketch.json", FALSE, 0);
  g_autoptr (GPtrArray) pings = app_events (run, "ping");
  const NsTraceEvent *last;

  g_assert_null (ns_run_get_stop_note (run));
  g_assert_cmpuint (pings->len, ==, 2);
  last = g_ptr_array_index (pings, 1);
  g_assert_true (last->ok);
  /* ARP request and reply, echo request and reply, over three links each:
   * nothing crosses the blocked link t2. */
  g_assert_cmpuint (count_kind (run, NS_TRACE_TX, NULL), ==, 12);
  for (guint i = 0; i < ns_trace_len (ns_run_get_trace (run)); i++)
    g_assert_cmpstr (ns_trace_get (ns_run_get_trace (run), i)->link, !=, "t2");
}

/* RFC 1191: a host with path-MTU discovery sends with DF; the router
 * before the 1000-byte link answers "fragmentation needed" with that MTU
 * (on the wire), the host sends smaller segments (retransmit cause pmtu)
 * and no fragment is ever made. */
static void
test_pmtu_discovery (void)
{
  g_autoptr (NsRun) run = run_file ("NS_TEST_DATA", "run-pmtu.netsketch.json", FALSE, 0);
  g_autoptr (GPtrArray) sends = app_events (run, "tcp-send");
  NsTrace *trace = ns_run_get_trace (run);
  guint frag_needed = 0;

  g_assert_cmpuint (sends->len, ==, 1);
  g_assert_true (((const NsTraceEvent *) g_ptr_array_index (sends, 0))->ok);
  g_assert_cmpuint (count_kind (run, NS_TRACE_DROP, "mtu"), >, 0);
  g_assert_cmpuint (count_kind (run, NS_TRACE_RETRANSMIT, "pmtu"), >, 0);
  for (guint i = 0; i < ns_trace_len (trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (trace, i);
      const guint8 *ip;

      if (ev->kind != NS_TRACE_TX || ev->packet == NULL || ev->packet->len < 14 + 20
          || ev->packet->data[12] != 0x08 || ev->packet->data[13] != 0x00)
        continue;
      ip = ev->packet->data + 14;
      /* No fragment: MF clear and offset 0 in every IPv4 packet. */
      g_assert_cmpuint (((ip[6] << 8) | ip[7]) & 0x3fff, ==, 0);
      if (ip[9] == 1 && ip[20] == 3 && ip[21] == 4)
        {
          frag_needed++;
          g_assert_cmpuint ((ip[26] << 8) | ip[27], ==, 1000);   /* next-hop MTU */
        }
    }
  g_assert_cmpuint (frag_needed, >, 0);
}

/* CONTRACT.md §6: a tcp-echo whose application reads 50,000 bytes a
 * second and pauses from 0.5 s to 2.5 s closes its window (win=0 in its
 * ACKs, RFC 9293 3.8.6) and still echoes everything. */
static void
test_slow_echo (void)
{
  g_autoptr (NsRun) run = run_file ("NS_TEST_DATA", "run-echo-slow.netsketch.json", FALSE, 0);
  g_autoptr (GPtrArray) sends = app_events (run, "tcp-send");
  NsTrace *trace = ns_run_get_trace (run);
  guint zero = 0;

  g_assert_cmpuint (sends->len, ==, 1);
  g_assert_true (((const NsTraceEvent *) g_ptr_array_index (sends, 0))->ok);
  for (guint i = 0; i < ns_trace_len (trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (trace, i);
      const guint8 *p;

      if (ev->kind != NS_TRACE_TX || ev->packet == NULL || ev->packet->len < 14 + 40
          || ev->packet->data[14 + 9] != 6 || g_strcmp0 (ev->iface, "server:eth0") != 0)
        continue;
      p = ev->packet->data + 14 + 20;
      if (p[14] == 0 && p[15] == 0)
        zero++;
    }
  g_assert_cmpuint (zero, >, 0);
  /* Reading 150,000 bytes at 50,000 a second, with a 2 s pause, takes
   * more than 3 s. */
  g_assert_cmpint (((const NsTraceEvent *) g_ptr_array_index (sends, 0))->t, >,
                   3 * NS_NSEC_PER_SEC);
}

int
main (int argc, char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/run/hop-by-hop", test_hop_by_hop);
  g_test_add_func ("/core/run/pmtu-discovery-rfc1191", test_pmtu_discovery);
  g_test_add_func ("/core/run/slow-echo", test_slow_echo);
  g_test_add_func ("/core/run/lossy-udp-and-determinism", test_lossy_udp_and_determinism);
  g_test_add_func ("/core/run/switched-lan", test_switched_lan);
  g_test_add_func ("/core/run/host-down", test_host_down);
  g_test_add_func ("/core/run/switch-loop", test_switch_loop);
  g_test_add_func ("/core/run/scenario-failures", test_scenario_failures);
  g_test_add_func ("/core/run/invalid-model-refused", test_invalid_model_refused);
  g_test_add_func ("/core/run/tiny-bandwidth", test_tiny_bandwidth);
  ret = g_test_run ();
  ns_packet_pool_trim ();
  return ret;
}
