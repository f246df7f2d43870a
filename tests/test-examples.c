/* test-examples.c: every bundled example passes the validator, runs to a
 * successful end, and shows in its trace what its description promises. */
#include <string.h>

#include "core/run.h"
#include "core/topology-file.h"
#include "net/wire/wire.h"
#include "sim/trace.h"

#define ETH_IP 14            /* IPv4 header offset in a frame */
#define ETH_L4 (14 + 20)     /* transport header offset (no IP options here) */

static NsRun *
run_example (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("NS_EXAMPLES_DIR"), name, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (NsTopology) topology = ns_topology_load_file_full (path, &problems, &error);
  NsRun *run;

  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_nonnull (topology->title);
  g_assert_nonnull (topology->description);
  run = ns_run_new (topology, FALSE, 0, &error);
  g_assert_no_error (error);
  ns_run_execute (run, NS_RUN_DEFAULT_UNTIL);
  return run;
}

/* The last app event of @action (its final result). */
static const NsTraceEvent *
final_result (NsRun *run, const char *node, const char *action)
{
  NsTrace *trace = ns_run_get_trace (run);
  const NsTraceEvent *found = NULL;

  for (guint i = 0; i < ns_trace_len (trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (trace, i);

      if (ev->kind == NS_TRACE_APP && g_strcmp0 (ev->action, action) == 0
          && g_strcmp0 (ev->node, node) == 0)
        found = ev;
    }
  g_assert_nonnull (found);
  return found;
}

static guint
count (NsRun *run, NsTraceKind kind, const char *reason)
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

/* The frames put on @link from @from, IPv4 protocol @proto, in order. */
static GPtrArray *
frames_on (NsRun *run, const char *link, const char *from, guint8 proto)
{
  NsTrace *trace = ns_run_get_trace (run);
  GPtrArray *frames = g_ptr_array_new ();

  for (guint i = 0; i < ns_trace_len (trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (trace, i);
      const NsPacket *p = ev->packet;

      if (ev->kind != NS_TRACE_TX || p->len < ETH_L4 + 8
          || (link && g_strcmp0 (ev->link, link) != 0) || (from && g_strcmp0 (ev->iface, from) != 0)
          || ns_wire_get_u16 (p->data + 12) != 0x0800 || p->data[ETH_IP + 9] != proto)
        continue;
      g_ptr_array_add (frames, (gpointer) p);
    }
  return frames;
}

static void
test_ip_unreliable (void)
{
  g_autoptr (NsRun) run = run_example ("ip-unreliable.netsketch.json");
  g_autoptr (GPtrArray) arrived = frames_on (run, "wire", "ap:eth0", 17);
  guint out_of_order = 0, last = 0;

  /* Datagrams are lost on the wireless link ... */
  g_assert_cmpuint (count (run, NS_TRACE_DROP, "loss"), >, 0);
  g_assert_cmpuint (arrived->len, <, 20);
  /* ... and the ones that cross arrive out of order ("datagram N ..."). */
  for (guint i = 0; i < arrived->len; i++)
    {
      const NsPacket *p = g_ptr_array_index (arrived, i);
      guint n = (guint)g_ascii_strtoull ((const char *)p->data + ETH_L4 + 8 + strlen ("datagram "),
                                         NULL, 10);
      if (n < last)
        out_of_order++;
      last = MAX (last, n);
    }
  g_assert_cmpuint (out_of_order, >, 0);
  g_assert_true (final_result (run, "laptop", "udp-send")->ok);
}

static void
test_ports (void)
{
  g_autoptr (NsRun) run = run_example ("ports.netsketch.json");
  g_autoptr (GPtrArray) udp = frames_on (run, "l1", "pc:eth0", 17);
  g_autoptr (GPtrArray) tcp = frames_on (run, "l1", "pc:eth0", 6);
  gboolean game = FALSE, video = FALSE, web = FALSE;
  guint32 status;

  for (guint i = 0; i < udp->len; i++)
    {
      const guint8 *l4 = ((const NsPacket *) g_ptr_array_index (udp, i))->data + ETH_L4;

      game |= ns_wire_get_u16 (l4) == 8090 && ns_wire_get_u16 (l4 + 2) == 11220;
      video |= ns_wire_get_u16 (l4) == 21000 && ns_wire_get_u16 (l4 + 2) == 32202;
    }
  for (guint i = 0; i < tcp->len; i++)
    {
      const guint8 *l4 = ((const NsPacket *) g_ptr_array_index (tcp, i))->data + ETH_L4;

      web |= ns_wire_get_u16 (l4) == 10010 && ns_wire_get_u16 (l4 + 2) == 80;
    }
  g_assert_true (game);
  g_assert_true (video);
  g_assert_true (web);
  /* All three programs succeed, at the same time, from one address. */
  g_assert_true (final_result (run, "pc", "http-get")->ok);
  g_assert_true (g_variant_lookup (final_result (run, "pc", "http-get")->fields, "status", "u",
                                   &status));
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (final_result (run, "pc", "udp-send")->ok);
}

static gboolean
has_transition (NsRun *run, const char *node, const char *from, const char *to)
{
  NsTrace *trace = ns_run_get_trace (run);

  for (guint i = 0; i < ns_trace_len (trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (trace, i);

      if (ev->kind == NS_TRACE_TCP && g_strcmp0 (ev->node, node) == 0
          && g_strcmp0 (ev->from_state, from) == 0 && g_strcmp0 (ev->to_state, to) == 0)
        {
          g_assert_nonnull (ev->why);
          return TRUE;
        }
    }
  return FALSE;
}

/* Every router takes one off the TTL and leaves the addresses alone; the
 * routers where a traceroute probe's TTL runs out answer "time exceeded"
 * (RFC 791 §3.2, RFC 792). */
static void
test_ip_hop_by_hop (void)
{
  g_autoptr (NsRun) run = run_example ("ip-hop-by-hop.netsketch.json");
  static const struct { const char *link, *from; } hops[] = {
    { "l1", "laptop:eth0" }, { "l2", "r1:eth1" }, { "l3", "r2:eth1" }, { "l4", "r3:eth1" },
  };
  g_autoptr (GPtrArray) back = frames_on (run, "l1", "r1:eth0", 1);
  gboolean from_r1 = FALSE, from_r2 = FALSE, from_r3 = FALSE;

  for (guint h = 0; h < G_N_ELEMENTS (hops); h++)
    {
      g_autoptr (GPtrArray) frames = frames_on (run, hops[h].link, hops[h].from, 1);
      guint pings = 0;

      for (guint i = 0; i < frames->len; i++)
        {
          const guint8 *ip = ((const NsPacket *) g_ptr_array_index (frames, i))->data + ETH_IP;

          if (ip[20] != 8)  /* echo requests only */
            continue;
          g_assert_cmpuint (ns_wire_get_u32 (ip + 12), ==, 0xc0a8010a);  /* 192.168.1.10 */
          g_assert_cmpuint (ns_wire_get_u32 (ip + 16), ==, 0xcb007150);  /* 203.0.113.80 */
          /* No request ever crosses hop h with more than 64 - h left. */
          g_assert_cmpuint (ip[8], <=, 64 - h);
          pings += ip[8] == 64 - h;
        }
      g_assert_cmpuint (pings, ==, 3);
    }
  for (guint i = 0; i < back->len; i++)
    {
      const guint8 *ip = ((const NsPacket *) g_ptr_array_index (back, i))->data + ETH_IP;

      if (ip[20] != 11)  /* time exceeded */
        continue;
      from_r1 |= ns_wire_get_u32 (ip + 12) == 0xc0a80101;  /* 192.168.1.1 */
      from_r2 |= ns_wire_get_u32 (ip + 12) == 0x0a000102;  /* 10.0.1.2 */
      from_r3 |= ns_wire_get_u32 (ip + 12) == 0x0a000202;  /* 10.0.2.2 */
    }
  g_assert_true (from_r1 && from_r2 && from_r3);
  g_assert_true (final_result (run, "laptop", "ping")->ok);
  g_assert_true (final_result (run, "laptop", "traceroute")->ok);
}

/* Packets to a switched-off host leave with no set-up and are never
 * answered; the router reports "host unreachable" (RFC 792, RFC 1122
 * 3.2.2.1); the running server answers. */
static void
test_ip_no_connection (void)
{
  g_autoptr (NsRun) run = run_example ("ip-no-connection.netsketch.json");
  g_autoptr (GPtrArray) sent = frames_on (run, "l1", "laptop:eth0", 17);
  g_autoptr (GPtrArray) errors = frames_on (run, "l1", "router:eth0", 1);
  g_autoptr (GPtrArray) echoed = frames_on (run, "l3", "on:eth0", 17);
  NsTrace *trace = ns_run_get_trace (run);
  guint to_off = 0, unreachable = 0;

  for (guint i = 0; i < sent->len; i++)
    to_off += ns_wire_get_u32 (((const NsPacket *) g_ptr_array_index (sent, i))->data + ETH_IP + 16)
              == 0x0a000050;  /* 10.0.0.80 */
  g_assert_cmpuint (to_off, ==, 3);
  for (guint i = 0; i < errors->len; i++)
    {
      const guint8 *ip = ((const NsPacket *) g_ptr_array_index (errors, i))->data + ETH_IP;

      unreachable += ip[20] == 3 && ip[21] == 1;
    }
  g_assert_cmpuint (unreachable, >, 0);
  /* The switched-off server sends nothing at all. */
  for (guint i = 0; i < ns_trace_len (trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (trace, i);

      g_assert_false (ev->kind == NS_TRACE_TX && g_strcmp0 (ev->iface, "off:eth0") == 0);
    }
  g_assert_false (final_result (run, "laptop", "ping")->ok);
  g_assert_cmpuint (echoed->len, ==, 3);
}

static void
test_tcp_handshake (void)
{
  g_autoptr (NsRun) run = run_example ("tcp-handshake.netsketch.json");
  const NsTraceEvent *result = final_result (run, "client", "tcp-send");
  guint64 bytes;

  g_assert_true (has_transition (run, "client", "CLOSED", "SYN-SENT"));
  g_assert_true (has_transition (run, "server", "LISTEN", "SYN-RECEIVED"));
  g_assert_true (has_transition (run, "client", "SYN-SENT", "ESTABLISHED"));
  g_assert_true (has_transition (run, "server", "SYN-RECEIVED", "ESTABLISHED"));
  g_assert_true (has_transition (run, "client", "ESTABLISHED", "FIN-WAIT-1"));
  g_assert_true (has_transition (run, "server", "ESTABLISHED", "CLOSE-WAIT"));
  g_assert_true (result->ok);
  g_assert_true (g_variant_lookup (result->fields, "bytes", "t", &bytes));
  g_assert_cmpuint (bytes, ==, 500);
  g_assert_cmpuint (count (run, NS_TRACE_RETRANSMIT, NULL), ==, 0);
}

static void
test_tcp_reliable (void)
{
  g_autoptr (NsRun) run = run_example ("tcp-reliable.netsketch.json");
  const NsTraceEvent *result = final_result (run, "laptop", "tcp-send");
  guint64 bytes;

  g_assert_cmpuint (count (run, NS_TRACE_DROP, "loss"), >, 0);
  g_assert_cmpuint (count (run, NS_TRACE_RETRANSMIT, NULL), >, 0);
  g_assert_true (result->ok);
  g_assert_true (g_variant_lookup (result->fields, "bytes", "t", &bytes));
  g_assert_cmpuint (bytes, ==, 20000);
}

static void
test_tcp_order (void)
{
  g_autoptr (NsRun) run = run_example ("tcp-order.netsketch.json");
  NsTrace *trace = ns_run_get_trace (run);
  g_autoptr (GHashTable) seq_of = g_hash_table_new (g_int64_hash, g_int64_equal);
  GArray *arrival = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint out_of_order = 0;
  guint64 bytes;

  /* Map each data segment's frame to its sequence number, then list them
   * in the order they reach the server. */
  for (guint i = 0; i < ns_trace_len (trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (trace, i);

      if (ev->kind == NS_TRACE_TX && g_strcmp0 (ev->iface, "client:eth0") == 0
          && ev->packet->len > ETH_L4 + 20 && ev->packet->data[ETH_IP + 9] == 6
          && ns_wire_get_u16 (ev->packet->data + ETH_IP + 2) > 40)
        g_hash_table_insert (seq_of, (gpointer) &ev->frame,
                             GUINT_TO_POINTER (ns_wire_get_u32 (ev->packet->data + ETH_L4 + 4)));
      else if (ev->kind == NS_TRACE_RX && g_strcmp0 (ev->iface, "server:eth0") == 0
               && g_hash_table_contains (seq_of, &ev->frame))
        {
          guint32 seq = GPOINTER_TO_UINT (g_hash_table_lookup (seq_of, &ev->frame));
          g_array_append_val (arrival, seq);
        }
    }
  for (guint i = 1; i < arrival->len; i++)
    if ((gint32)(g_array_index (arrival, guint32, i) - g_array_index (arrival, guint32, i - 1)) < 0)
      out_of_order++;
  g_assert_cmpuint (out_of_order, >, 0);
  /* Yet every byte is delivered in order: the echo comes back whole. */
  g_assert_true (final_result (run, "client", "tcp-send")->ok);
  g_assert_true (g_variant_lookup (final_result (run, "client", "tcp-send")->fields, "bytes", "t",
                                   &bytes));
  g_assert_cmpuint (bytes, ==, 8000);
  g_array_unref (arrival);
}

static void
test_udp_vs_tcp (void)
{
  g_autoptr (NsRun) run = run_example ("udp-vs-tcp.netsketch.json");
  const NsTraceEvent *udp = final_result (run, "udp-pc", "udp-send");
  const NsTraceEvent *tcp = final_result (run, "tcp-pc", "tcp-send");
  g_autoptr (GPtrArray) udp_crossed = frames_on (run, "down", "r2:eth1", 17);
  guint64 bytes;

  g_assert_true (udp->ok);
  g_assert_true (tcp->ok);
  /* UDP finishes first and loses datagrams; TCP takes longer, loses none. */
  g_assert_cmpint (udp->t, <, tcp->t);
  g_assert_cmpuint (udp_crossed->len, <, 30);
  g_assert_true (g_variant_lookup (tcp->fields, "bytes", "t", &bytes));
  g_assert_cmpuint (bytes, ==, 30000);
  g_assert_cmpuint (count (run, NS_TRACE_RETRANSMIT, NULL), >, 0);
}

static void
test_dns_and_web (void)
{
  g_autoptr (NsRun) run = run_example ("dns-and-web.netsketch.json");
  NsTrace *trace = ns_run_get_trace (run);
  const NsTraceEvent *first = NULL;
  const char *address = NULL;
  guint32 status;
  guint64 bytes;

  for (guint i = 0; i < ns_trace_len (trace) && first == NULL; i++)
    if (ns_trace_get (trace, i)->kind == NS_TRACE_APP)
      first = ns_trace_get (trace, i);
  g_assert_cmpstr (first->action, ==, "dns-lookup");
  g_assert_true (first->ok);
  g_assert_true (g_variant_lookup (first->fields, "address", "&s", &address));
  g_assert_cmpstr (address, ==, "10.0.1.80");
  g_assert_true (g_variant_lookup (final_result (run, "laptop", "http-get")->fields, "status", "u",
                                   &status));
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (g_variant_lookup (final_result (run, "laptop", "http-get")->fields, "bytes", "t",
                                   &bytes));
  g_assert_cmpuint (bytes, ==, 4000);
  g_assert_false (final_result (run, "laptop", "dns-lookup")->ok);
  g_assert_nonnull (strstr (final_result (run, "laptop", "dns-lookup")->detail, "NXDOMAIN"));
}

static void
test_full_story (void)
{
  g_autoptr (NsRun) run = run_example ("full-story.netsketch.json");
  guint32 status;

  g_assert_true (final_result (run, "alice", "http-get")->ok);
  g_assert_true (g_variant_lookup (final_result (run, "alice", "http-get")->fields, "status", "u",
                                   &status));
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (final_result (run, "bob", "ping")->ok);
  /* The CNAME is followed, ARP runs on both LANs, three routers forward. */
  g_assert_cmpuint (count (run, NS_TRACE_ARP, NULL), >=, 6);
}

/* tcp-window: the slow reader's window closes (win=0 in its ACKs), the
 * sender probes it (RFC 9293 3.8.6.1) and the window opens again when the
 * reader reads; every byte arrives. */
static void
test_tcp_window (void)
{
  g_autoptr (NsRun) run = run_example ("tcp-window.netsketch.json");
  g_autoptr (GPtrArray) from_server = frames_on (run, "l2", "server:eth0", 6);
  g_autoptr (GPtrArray) from_laptop = frames_on (run, "l1", "laptop:eth0", 6);
  const NsTraceEvent *send = final_result (run, "laptop", "tcp-send");
  guint zero = 0, reopened = 0, probes = 0;

  g_assert_true (send->ok);
  for (guint i = 0; i < from_server->len; i++)
    {
      const NsPacket *p = g_ptr_array_index (from_server, i);
      guint16 win = ns_wire_get_u16 (p->data + ETH_L4 + 14);

      if (win == 0)
        zero++;
      else if (zero > 0)
        reopened++;
    }
  for (guint i = 0; i < from_laptop->len; i++)
    {
      const NsPacket *p = g_ptr_array_index (from_laptop, i);
      guint hl = (p->data[ETH_L4 + 12] >> 4) * 4;
      guint total = ns_wire_get_u16 (p->data + ETH_IP + 2);

      if (total - 20 - hl == 1)
        probes++;
    }
  g_assert_cmpuint (zero, >, 0);
  g_assert_cmpuint (reopened, >, 0);
  g_assert_cmpuint (probes, >, 0);
}

static void
test_every_example_runs (void)
{
  const char *dir = g_getenv ("NS_EXAMPLES_DIR");
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autoptr (NsRun) run = NULL;

      if (!g_str_has_suffix (name, ".netsketch.json"))
        continue;
      run = run_example (name);
      /* The scenario finished well before the 60 s limit. */
      g_assert_cmpint (ns_sim_now (ns_run_get_sim (run)), <, 30 * NS_NSEC_PER_SEC);
      g_assert_cmpuint (count (run, NS_TRACE_APP, NULL), >, 0);
      n++;
    }
  g_assert_cmpuint (n, >=, 10);
}

int
main (int argc, char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/examples/all-run", test_every_example_runs);
  g_test_add_func ("/examples/tcp-window", test_tcp_window);
  g_test_add_func ("/examples/ip-hop-by-hop", test_ip_hop_by_hop);
  g_test_add_func ("/examples/ip-no-connection", test_ip_no_connection);
  g_test_add_func ("/examples/ip-unreliable", test_ip_unreliable);
  g_test_add_func ("/examples/ports", test_ports);
  g_test_add_func ("/examples/tcp-handshake", test_tcp_handshake);
  g_test_add_func ("/examples/tcp-reliable", test_tcp_reliable);
  g_test_add_func ("/examples/tcp-order", test_tcp_order);
  g_test_add_func ("/examples/udp-vs-tcp", test_udp_vs_tcp);
  g_test_add_func ("/examples/dns-and-web", test_dns_and_web);
  g_test_add_func ("/examples/full-story", test_full_story);
  ret = g_test_run ();
  ns_packet_pool_trim ();
  return ret;
}
