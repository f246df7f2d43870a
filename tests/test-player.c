/* test-player.c: the player over recorded runs: stepping, seeking, frame
 * positions, losses, node state at a time, the event log and the ladder.
 * Each topology is written here, run with ns_run, and the player's answers
 * are checked against the link parameters and the trace. */
#include <string.h>

#include "core/player.h"
#include "core/run.h"
#include "core/topology-file.h"

#define MS NS_NSEC_PER_MSEC

static NsPlayer *
player_for (const char *json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NsTopology) topology = ns_topology_load_data (json, -1, "test", &error);
  NsRun *run;

  g_assert_no_error (error);
  run = ns_run_new (topology, FALSE, 0, &error);
  g_assert_no_error (error);
  ns_run_execute (run, NS_RUN_DEFAULT_UNTIL);
  return ns_player_new_for_run (run);
}

/* Prints the steps (for debugging a failing test: NS_TEST_DUMP=1). */
static void
dump (NsPlayer *player)
{
  if (g_getenv ("NS_TEST_DUMP") == NULL)
    return;
  for (guint i = 0; i < ns_player_get_n_steps (player); i++)
    {
      const NsPlayerStep *s = ns_player_get_step_info (player, i);
      g_autofree char *t = ns_player_format_time (s->t);

      g_printerr ("%3u %s %-8s %-10s %-5s flight=%d conn=%d %s\n", i, t,
                  ns_trace_kind_name (s->kind), s->node, s->protocol, s->flight, s->conn, s->text);
    }
}

/* pc1 -- pc2 on one link: 10 ms, 1 Mbit/s, so a frame of n bytes takes
 * n * 8 µs to serialise. One ping. */
static const char *const two_hosts =
  "{ \"format\": \"netsketch\", \"version\": 1, \"seed\": 7,"
  "  \"nodes\": ["
  "    { \"id\": \"pc1\", \"kind\": \"host\", \"x\": 100, \"y\": 50,"
  "      \"interfaces\": [ { \"name\": \"eth0\", \"ip\": \"10.0.0.1/24\" } ] },"
  "    { \"id\": \"pc2\", \"kind\": \"host\", \"x\": 300, \"y\": 50,"
  "      \"interfaces\": [ { \"name\": \"eth0\", \"ip\": \"10.0.0.2/24\" } ] } ],"
  "  \"links\": [ { \"id\": \"l1\", \"a\": \"pc1:eth0\", \"b\": \"pc2:eth0\","
  "                 \"delay_ms\": 10, \"bandwidth_mbps\": 1 %s } ],"
  "  \"scenario\": [ { \"at\": 0.0, \"node\": \"pc1\", \"do\": \"ping\", \"target\": \"10.0.0.2\","
  "                    \"count\": %u, \"interval_ms\": 100 } ] }";

static NsPlayer *
two_hosts_player (const char *link_extra, guint count)
{
  g_autofree char *json = g_strdup_printf (two_hosts, link_extra, count);
  NsPlayer *player = player_for (json);

  dump (player);
  return player;
}

/* Stepping forward visits every step in order with its time; stepping
 * back visits them in reverse down to "before the first". */
static void
on_changed (NsPlayer *player, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_step (void)
{
  g_autoptr (NsPlayer) player = two_hosts_player ("", 1);
  guint n = ns_player_get_n_steps (player), changes = 0;
  gint expected = 0;

  /* ARP request, reply, echo request, reply: tx + rx each, and two app results. */
  g_assert_cmpuint (n, ==, 10);
  ns_player_set_changed_func (player, on_changed, &changes, NULL);
  g_assert_cmpint (ns_player_get_step (player), ==, -1);
  g_assert_cmpint (ns_player_get_time (player), ==, 0);
  while (ns_player_step_forward (player))
    {
      const NsPlayerStep *step = ns_player_get_step_info (player, (guint) expected);

      g_assert_cmpint (ns_player_get_step (player), ==, expected);
      g_assert_cmpint (ns_player_get_time (player), ==, step->t);
      g_assert_cmpuint (step->index, ==, (guint) expected);
      g_assert_cmpint (step->t, ==, ns_trace_get (ns_player_get_trace (player), step->event)->t);
      expected++;
    }
  g_assert_cmpint (expected, ==, (gint) n);
  g_assert_cmpint (ns_player_get_step (player), ==, (gint) n - 1);
  /* Step 0 is at time 0: the first forward step changed only the step. */
  g_assert_cmpuint (changes, ==, n);
  while (ns_player_step_back (player))
    {
      expected--;
      g_assert_cmpint (ns_player_get_step (player), ==, expected - 1);
      if (expected > 0)
        g_assert_cmpint (ns_player_get_time (player), ==,
                         ns_player_get_step_info (player, (guint) expected - 1)->t);
    }
  g_assert_cmpint (expected, ==, 0);
  g_assert_cmpint (ns_player_get_step (player), ==, -1);
  g_assert_false (ns_player_step_back (player));
  ns_player_seek_end (player);
  g_assert_true (ns_player_at_end (player));
  g_assert_false (ns_player_step_forward (player));
  ns_player_seek_start (player);
  g_assert_cmpint (ns_player_get_step (player), ==, -1);
  ns_player_set_changed_func (player, NULL, NULL, NULL);
}

static void
test_step_kinds (void)
{
  g_autoptr (NsPlayer) player = two_hosts_player ("", 1);
  static const NsTraceKind kinds[] = { NS_TRACE_TX, NS_TRACE_RX, NS_TRACE_TX, NS_TRACE_RX,
                                       NS_TRACE_TX, NS_TRACE_RX, NS_TRACE_TX, NS_TRACE_RX,
                                       NS_TRACE_APP, NS_TRACE_APP };
  static const char *const nodes[] = { "pc1", "pc2", "pc2", "pc1", "pc1", "pc2", "pc2", "pc1",
                                       "pc1", "pc1" };
  static const char *const protocols[] = { "ARP", "ARP", "ARP", "ARP", "ICMP", "ICMP", "ICMP",
                                           "ICMP", "App", "App" };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      const NsPlayerStep *step = ns_player_get_step_info (player, i);

      g_assert_cmpint (step->kind, ==, kinds[i]);
      g_assert_cmpstr (step->node, ==, nodes[i]);
      g_assert_cmpstr (step->protocol, ==, protocols[i]);
      g_assert_cmpint (step->flight, ==, i < 8 ? (gint) i / 2 : -1);
      g_assert_false (step->notable);
    }
  g_assert_true (strstr (ns_player_get_step_info (player, 4)->text, "echo request") != NULL);
  g_assert_true (strstr (ns_player_get_step_info (player, 7)->text,
                         "received on pc1:eth0") != NULL);
}

/* The ARP request (60 bytes) leaves at 0 and takes 60 * 8 µs + 10 ms. */
static void
test_seek_time (void)
{
  g_autoptr (NsPlayer) player = two_hosts_player ("", 1);
  gint64 arp_rx = 480 * NS_NSEC_PER_USEC + 10 * MS;

  ns_player_seek_time (player, 0);
  g_assert_cmpint (ns_player_get_step (player), ==, 0);
  ns_player_seek_time (player, arp_rx - 1);
  g_assert_cmpint (ns_player_get_step (player), ==, 0);
  g_assert_cmpint (ns_player_get_time (player), ==, arp_rx - 1);
  /* Two steps at arp_rx (rx, then the reply's tx): the last of them. */
  ns_player_seek_time (player, arp_rx);
  g_assert_cmpint (ns_player_get_step (player), ==, 2);
  ns_player_seek_time (player, 15 * MS);
  g_assert_cmpint (ns_player_get_step (player), ==, 2);
  g_assert_cmpint (ns_player_step_at_time (player, 15 * MS), ==, 2);
  /* From between steps, forward goes to the next, back to the own step. */
  g_assert_true (ns_player_step_forward (player));
  g_assert_cmpint (ns_player_get_step (player), ==, 3);
  ns_player_seek_time (player, 15 * MS);
  g_assert_true (ns_player_step_back (player));
  g_assert_cmpint (ns_player_get_step (player), ==, 2);
  g_assert_cmpint (ns_player_get_time (player), ==, arp_rx);
  /* Clamped to the run. */
  ns_player_seek_time (player, -5);
  g_assert_cmpint (ns_player_get_time (player), ==, 0);
  ns_player_seek_time (player, G_MAXINT64 / 2);
  g_assert_cmpint (ns_player_get_time (player), ==, ns_player_get_end_time (player));
  g_assert_cmpint (ns_player_get_step (player), ==, 9);
  g_assert_cmpint (ns_player_step_for_event (player, ns_player_get_step_info (player, 5)->event),
                   ==, 5);
}

/* A frame's position is (t - t_start) / (t_end - t_start), and its
 * crossing takes serialisation + delay. */
static void
test_progress (void)
{
  g_autoptr (NsPlayer) player = two_hosts_player ("", 1);
  g_autoptr (GArray) frames = g_array_new (FALSE, FALSE, sizeof (NsPlayerFrame));
  const NsPlayerFlight *echo = ns_player_get_flight (player, 2);
  gint64 span = (gint64) echo->packet->len * 8 * NS_NSEC_PER_USEC + 10 * MS;
  const NsPlayerFrame *f;

  g_assert_cmpuint (ns_player_get_n_flights (player), ==, 4);
  g_assert_cmpstr (echo->protocol, ==, "ICMP");
  g_assert_cmpstr (echo->from, ==, "pc1:eth0");
  g_assert_cmpstr (echo->to, ==, "pc2:eth0");
  g_assert_cmpstr (echo->from_node, ==, "pc1");
  g_assert_cmpstr (echo->to_node, ==, "pc2");
  g_assert_cmpstr (echo->link, ==, "l1");
  g_assert_cmpint (echo->link_index, ==, 0);
  g_assert_cmpuint (echo->from_end, ==, 0);
  g_assert_cmpuint (ns_player_get_flight (player, 3)->from_end, ==, 1);
  g_assert_true (echo->arrived);
  g_assert_false (echo->lost);
  g_assert_cmpint (echo->t_end - echo->t_start, ==, span);
  g_assert_true (ns_player_find_flight (player, echo->frame) == echo);
  g_assert_cmpstr (echo->label, ==, "ping seq 1");

  /* At the very moment it starts, the ARP reply arrives: both show (the
   * range is inclusive), the reply at 1, the request at 0. */
  g_assert_cmpuint (ns_player_frames_at (player, echo->t_start, frames), ==, 2);
  f = &g_array_index (frames, NsPlayerFrame, 0);
  g_assert_cmpuint (f->flight->index, ==, 1);
  g_assert_cmpfloat (f->progress, ==, 1.0);
  f = &g_array_index (frames, NsPlayerFrame, 1);
  g_assert_true (f->flight == echo);
  g_assert_cmpfloat (f->progress, ==, 0.0);
  ns_player_frames_at (player, echo->t_start + 1, frames);
  g_assert_cmpuint (frames->len, ==, 1);
  f = &g_array_index (frames, NsPlayerFrame, 0);
  g_assert_true (f->flight == echo);
  g_assert_cmpfloat (f->progress, <, 1e-6);
  ns_player_frames_at (player, echo->t_start + span / 2, frames);
  g_assert_cmpuint (frames->len, ==, 1);
  f = &g_array_index (frames, NsPlayerFrame, 0);
  g_assert_cmpfloat_with_epsilon (f->progress, 0.5, 1e-9);
  g_assert_false (f->broken);
  ns_player_frames_at (player, echo->t_end - 1, frames);
  f = &g_array_index (frames, NsPlayerFrame, 0);
  g_assert_cmpfloat_with_epsilon (f->progress, 1.0, 1e-6);
  /* Between the reply's arrival and the end, nothing is in the air. */
  g_assert_cmpuint (ns_player_frames_at (player, ns_player_get_flight (player, 3)->t_end + 1,
                                         frames), ==, 0);
  /* At the cursor. */
  ns_player_seek_time (player, echo->t_start + span / 4);
  g_assert_cmpuint (ns_player_frames_at_cursor (player, frames), ==, 1);
  g_assert_cmpfloat_with_epsilon (g_array_index (frames, NsPlayerFrame, 0).progress, 0.25, 1e-9);
}

/* drop_nth 3: the echo request is lost half way and breaks up. */
static void
test_loss (void)
{
  g_autoptr (NsPlayer) player = two_hosts_player (", \"drop_nth\": [3]", 1);
  g_autoptr (GArray) frames = g_array_new (FALSE, FALSE, sizeof (NsPlayerFrame));
  const NsPlayerFlight *echo = ns_player_get_flight (player, 2);
  gint64 span = echo->t_end - echo->t_start;
  const NsPlayerStep *drop;
  const NsPlayerFrame *f;
  NsPlayerCounters counters;

  g_assert_true (echo->lost);
  g_assert_false (echo->arrived);
  g_assert_false (echo->queue_drop);
  g_assert_cmpstr (echo->lost_reason, ==, "drop_nth");
  g_assert_cmpfloat (echo->lost_at, ==, NS_PLAYER_LOST_AT);
  g_assert_cmpint (span, ==, (gint64) echo->packet->len * 8 * NS_NSEC_PER_USEC + 10 * MS);
  g_assert_cmpint (echo->t_lost, ==, echo->t_start + span / 2);
  drop = ns_player_get_step_info (player, (guint) echo->end_step);
  g_assert_cmpint (drop->kind, ==, NS_TRACE_DROP);
  g_assert_true (drop->notable);
  g_assert_cmpstr (drop->node, ==, "pc1");
  g_assert_cmpint (drop->flight, ==, 2);
  g_assert_nonnull (drop->why);

  ns_player_frames_at (player, echo->t_start + span / 4, frames);
  f = &g_array_index (frames, NsPlayerFrame, 0);
  g_assert_cmpfloat_with_epsilon (f->progress, 0.25, 1e-9);
  g_assert_false (f->broken);
  ns_player_frames_at (player, echo->t_start + span * 3 / 4, frames);
  f = &g_array_index (frames, NsPlayerFrame, 0);
  g_assert_cmpfloat_with_epsilon (f->progress, 0.5, 1e-9);
  g_assert_true (f->broken);
  g_assert_cmpfloat_with_epsilon (f->breakup, 0.5, 1e-6);

  ns_player_seek_end (player);
  ns_player_get_counters (player, "pc1", &counters);
  g_assert_cmpuint (counters.frames_lost, ==, 1);
  g_assert_cmpuint (counters.frames_sent, ==, 2);
  g_assert_cmpuint (counters.frames_received, ==, 1);
  ns_player_get_counters (player, "pc2", &counters);
  g_assert_cmpuint (counters.frames_sent, ==, 1);
  g_assert_cmpuint (counters.frames_received, ==, 1);
  ns_player_seek_step (player, (gint) echo->end_step - 1);
  ns_player_get_counters (player, "pc1", &counters);
  g_assert_cmpuint (counters.frames_lost, ==, 0);
}

/* pc1 learns pc2's MAC when the ARP reply arrives (step 3); pc2 learns
 * pc1's from the request (RFC 826: the sender's pair is merged). */
static void
test_arp (void)
{
  g_autoptr (NsPlayer) player = two_hosts_player ("", 1);
  g_autoptr (GArray) cache = NULL;
  const NsPlayerArpEntry *e;

  ns_player_seek_step (player, 2);
  cache = ns_player_dup_arp_cache (player, "pc1");
  g_assert_cmpuint (cache->len, ==, 0);
  g_clear_pointer (&cache, g_array_unref);
  cache = ns_player_dup_arp_cache (player, "pc2");
  g_assert_cmpuint (cache->len, ==, 1);
  g_clear_pointer (&cache, g_array_unref);

  ns_player_seek_step (player, 3);
  cache = ns_player_dup_arp_cache (player, "pc1");
  g_assert_cmpuint (cache->len, ==, 1);
  e = &g_array_index (cache, NsPlayerArpEntry, 0);
  g_assert_cmpstr (e->addr, ==, "10.0.0.2");
  g_assert_cmpstr (e->mac, ==, "02:4e:53:00:01:01");
  g_assert_cmpstr (e->iface, ==, "pc1:eth0");
  g_assert_cmpint (e->t_learnt, ==, ns_player_get_step_info (player, 3)->t);
  g_clear_pointer (&cache, g_array_unref);

  /* Back before the reply: forgotten again. */
  ns_player_step_back (player);
  cache = ns_player_dup_arp_cache (player, "pc1");
  g_assert_cmpuint (cache->len, ==, 0);
  g_clear_pointer (&cache, g_array_unref);
  cache = ns_player_dup_arp_cache (player, "nobody");
  g_assert_cmpuint (cache->len, ==, 0);
}

/* Three pings: the log filters by protocol, node and text. */
static void
test_log_filter (void)
{
  g_autoptr (NsPlayer) player = two_hosts_player ("", 3);
  g_autoptr (GArray) icmp = ns_player_filter_steps (player, "icmp", NULL, NULL);
  g_autoptr (GArray) arp = ns_player_filter_steps (player, "ARP", "pc2", "");
  g_autoptr (GArray) replies = ns_player_filter_steps (player, NULL, NULL, "ECHO REPLY");
  g_autoptr (GArray) seq2 = ns_player_filter_steps (player, "ICMP", "pc1", "seq=2");
  g_autoptr (GArray) none = ns_player_filter_steps (player, "DNS", NULL, NULL);
  g_autoptr (GArray) all = ns_player_filter_steps (player, NULL, NULL, NULL);
  g_autoptr (GPtrArray) protocols = ns_player_dup_protocols (player);

  /* 3 requests and 3 replies, each a tx and an rx. */
  g_assert_cmpuint (icmp->len, ==, 12);
  for (guint i = 0; i < icmp->len; i++)
    g_assert_cmpstr (ns_player_get_step_info (player, g_array_index (icmp, guint, i))->protocol,
                     ==, "ICMP");
  /* Both ARP frames cross the link pc2 is on. */
  g_assert_cmpuint (arp->len, ==, 4);
  g_assert_cmpuint (replies->len, ==, 6);
  for (guint i = 0; i < replies->len; i++)
    {
      guint step = g_array_index (replies, guint, i);

      g_assert_true (strstr (ns_player_get_step_info (player, step)->text, "echo reply") != NULL);
    }
  /* seq=2: request and reply, both touch pc1 (tx and rx). */
  g_assert_cmpuint (seq2->len, ==, 4);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (all->len, ==, ns_player_get_n_steps (player));
  g_assert_cmpuint (protocols->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (protocols, 0), ==, "ARP");
  g_assert_cmpstr (g_ptr_array_index (protocols, 1), ==, "ICMP");
  g_assert_cmpstr (g_ptr_array_index (protocols, 2), ==, "App");
}

static void
test_format_time (void)
{
  g_autofree char *a = ns_player_format_time (1234567891);
  g_autofree char *b = ns_player_format_time (0);

  g_assert_cmpstr (a, ==, "1.234567 s");
  g_assert_cmpstr (b, ==, "0.000000 s");
}

/* pc1 -- sw1 -- pc2: one ping across a learning switch. */
static const char *const switched =
  "{ \"format\": \"netsketch\", \"version\": 1, \"seed\": 3,"
  "  \"nodes\": ["
  "    { \"id\": \"pc2\", \"kind\": \"host\", \"x\": 300, \"y\": 50,"
  "      \"interfaces\": [ { \"name\": \"eth0\", \"ip\": \"10.0.0.2/24\" } ] },"
  "    { \"id\": \"sw1\", \"kind\": \"switch\", \"x\": 200, \"y\": 50,"
  "      \"interfaces\": [ { \"name\": \"p1\" }, { \"name\": \"p2\" } ] },"
  "    { \"id\": \"pc1\", \"kind\": \"host\", \"x\": 100, \"y\": 50,"
  "      \"interfaces\": [ { \"name\": \"eth0\", \"ip\": \"10.0.0.1/24\" } ] } ],"
  "  \"links\": [ { \"id\": \"l1\", \"a\": \"pc1:eth0\", \"b\": \"sw1:p1\", \"delay_ms\": 2 },"
  "               { \"id\": \"l2\", \"a\": \"sw1:p2\", \"b\": \"pc2:eth0\", \"delay_ms\": 2 } ],"
  "  \"scenario\": [ { \"at\": 0.0, \"node\": \"pc1\", \"do\": \"ping\", \"target\": \"10.0.0.2\","
  "                    \"count\": 1 } ] }";

static void
test_ladder (void)
{
  g_autoptr (NsPlayer) player = player_for (switched);
  g_autoptr (NsPlayerLadder) hops = ns_player_ladder_new (player, -1, FALSE);
  g_autoptr (NsPlayerLadder) ends = ns_player_ladder_new (player, -1, TRUE);
  static const char *const labels[] = { "ARP", "ARP", "ping", "ping" };

  dump (player);
  /* Columns left to right by canvas x, whatever the file's order. */
  g_assert_cmpuint (hops->columns->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (hops->columns, 0), ==, "pc1");
  g_assert_cmpstr (g_ptr_array_index (hops->columns, 1), ==, "sw1");
  g_assert_cmpstr (g_ptr_array_index (hops->columns, 2), ==, "pc2");
  g_assert_cmpuint (hops->arrows->len, ==, 8);
  /* Switches hidden: one arrow per frame end to end. */
  g_assert_cmpuint (ends->columns->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (ends->columns, 0), ==, "pc1");
  g_assert_cmpstr (g_ptr_array_index (ends->columns, 1), ==, "pc2");
  g_assert_cmpuint (ends->arrows->len, ==, 4);
  for (guint i = 0; i < ends->arrows->len; i++)
    {
      const NsPlayerArrow *a = &g_array_index (ends->arrows, NsPlayerArrow, i);
      const NsPlayerFlight *first = ns_player_get_flight (player, a->flight);

      g_assert_true (g_str_has_prefix (a->label, labels[i]));
      g_assert_cmpuint (a->from_col, ==, i % 2 == 0 ? 0 : 1);
      g_assert_cmpuint (a->to_col, ==, i % 2 == 0 ? 1 : 0);
      g_assert_cmpstr (a->from_node, ==, i % 2 == 0 ? "pc1" : "pc2");
      g_assert_false (a->lost);
      /* From the first hop's departure to the last hop's arrival. */
      g_assert_cmpint (a->t_start, ==, first->t_start);
      g_assert_cmpint (a->t_end, >, first->t_end);
      g_assert_cmpuint (a->step, ==, first->tx_step);
    }
}

/* A broadcast crossing a switch reaches every other host: one arrow each
 * (a port without a link sends nothing). */
static void
test_ladder_flood (void)
{
  static const char *const json =
    "{ \"format\": \"netsketch\", \"version\": 1,"
    "  \"nodes\": ["
    "    { \"id\": \"pc1\", \"kind\": \"host\", \"x\": 0, \"y\": 0,"
    "      \"interfaces\": [ { \"name\": \"eth0\", \"ip\": \"10.0.0.1/24\" } ] },"
    "    { \"id\": \"pc2\", \"kind\": \"host\", \"x\": 200, \"y\": 0,"
    "      \"interfaces\": [ { \"name\": \"eth0\", \"ip\": \"10.0.0.2/24\" } ] },"
    "    { \"id\": \"pc3\", \"kind\": \"host\", \"x\": 200, \"y\": 100,"
    "      \"interfaces\": [ { \"name\": \"eth0\", \"ip\": \"10.0.0.3/24\" } ] },"
    "    { \"id\": \"sw1\", \"kind\": \"switch\", \"x\": 100, \"y\": 0,"
    "      \"interfaces\": [ { \"name\": \"p1\" }, { \"name\": \"p2\" }, { \"name\": \"p3\" },"
    "                         { \"name\": \"p4\" } ] } ],"
    "  \"links\": [ { \"id\": \"l1\", \"a\": \"pc1:eth0\", \"b\": \"sw1:p1\" },"
    "               { \"id\": \"l2\", \"a\": \"sw1:p2\", \"b\": \"pc2:eth0\" },"
    "               { \"id\": \"l3\", \"a\": \"sw1:p3\", \"b\": \"pc3:eth0\" } ],"
    "  \"scenario\": [ { \"at\": 0.0, \"node\": \"pc1\", \"do\": \"ping\","
    "                    \"target\": \"10.0.0.2\", \"count\": 1 } ] }";
  g_autoptr (NsPlayer) player = player_for (json);
  g_autoptr (NsPlayerLadder) ends = ns_player_ladder_new (player, -1, TRUE);
  const NsPlayerArrow *a, *b;

  dump (player);
  /* pc1, then pc2 and pc3 (same x: by y). */
  g_assert_cmpuint (ends->columns->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (ends->columns, 0), ==, "pc1");
  g_assert_cmpstr (g_ptr_array_index (ends->columns, 1), ==, "pc2");
  g_assert_cmpstr (g_ptr_array_index (ends->columns, 2), ==, "pc3");
  /* ARP request to pc2 and to pc3, reply, echo request, echo reply. */
  g_assert_cmpuint (ends->arrows->len, ==, 5);
  a = &g_array_index (ends->arrows, NsPlayerArrow, 0);
  b = &g_array_index (ends->arrows, NsPlayerArrow, 1);
  g_assert_cmpuint (a->step, ==, b->step);
  g_assert_cmpuint (a->flight, ==, b->flight);
  g_assert_cmpuint (a->from_col, ==, 0);
  g_assert_cmpuint (b->from_col, ==, 0);
  g_assert_cmpuint (MIN (a->to_col, b->to_col), ==, 1);
  g_assert_cmpuint (MAX (a->to_col, b->to_col), ==, 2);
  for (guint i = 2; i < 5; i++)
    {
      a = &g_array_index (ends->arrows, NsPlayerArrow, i);
      g_assert_cmpuint (MAX (a->from_col, a->to_col), ==, 1);
    }
}

/* client -- server directly; the SYN (frame 3 of the link) is lost and
 * sent again when the retransmission timer (1 s) expires. */
static const char *const tcp_lossy =
  "{ \"format\": \"netsketch\", \"version\": 1, \"seed\": 5,"
  "  \"nodes\": ["
  "    { \"id\": \"client\", \"kind\": \"host\", \"x\": 100, \"y\": 50,"
  "      \"interfaces\": [ { \"name\": \"eth0\", \"ip\": \"10.0.0.1/24\" } ] },"
  "    { \"id\": \"server\", \"kind\": \"host\", \"x\": 300, \"y\": 50,"
  "      \"interfaces\": [ { \"name\": \"eth0\", \"ip\": \"10.0.0.2/24\" } ],"
  "      \"services\": [ { \"type\": \"tcp-discard\", \"port\": 9 },"
  "                      { \"type\": \"udp-echo\", \"port\": 7 } ] } ],"
  "  \"links\": [ { \"id\": \"l1\", \"a\": \"client:eth0\", \"b\": \"server:eth0\","
  "                 \"delay_ms\": 5, \"drop_nth\": [3] } ],"
  "  \"scenario\": [ { \"at\": 0.0, \"node\": \"client\", \"do\": \"tcp-send\","
  "                    \"target\": \"10.0.0.2:9\", \"bytes\": 3000 } ] }";

/* The step of the first event of @kind at or after step @from whose
 * text contains @needle. */
static gint
find_step (NsPlayer *player, guint from, NsTraceKind kind, const char *needle)
{
  for (guint i = from; i < ns_player_get_n_steps (player); i++)
    {
      const NsPlayerStep *s = ns_player_get_step_info (player, i);

      if (s->kind == kind && strstr (s->text, needle) != NULL)
        return (gint) i;
    }
  return -1;
}

static void
test_tcp (void)
{
  g_autoptr (NsPlayer) player = player_for (tcp_lossy);
  gint client = ns_player_find_conn (player, "client", "10.0.0.1:49152", "10.0.0.2:9");
  gint listener = ns_player_find_conn (player, "server", "0.0.0.0:9", "0.0.0.0:0");
  gint syn1, syn2, rtx, established, server;
  const NsPlayerFlight *f1, *f2;
  NsPlayerConnState st;
  guint n_samples = 0;

  dump (player);
  if (client < 0)
    {
      /* The ephemeral port is the stack's choice: find it by node. */
      for (guint i = 0; i < ns_player_get_n_conns (player); i++)
        if (g_strcmp0 (ns_player_get_conn (player, i)->node, "client") == 0)
          client = (gint) i;
    }
  g_assert_cmpint (client, >=, 0);
  g_assert_cmpint (listener, >=, 0);
  g_assert_true (ns_player_get_conn (player, (guint) listener)->listener);
  server = ns_player_get_conn (player, (guint) client)->peer;
  g_assert_cmpint (server, >=, 0);
  g_assert_cmpstr (ns_player_get_conn (player, (guint) server)->node, ==, "server");
  g_assert_cmpint (ns_player_get_conn (player, (guint) server)->peer, ==, client);

  syn1 = find_step (player, 0, NS_TRACE_TX, "[SYN]");
  g_assert_cmpint (syn1, >=, 0);
  f1 = ns_player_get_flight (player, (guint) ns_player_get_step_info (player, syn1)->flight);
  g_assert_true (f1->lost);
  g_assert_false (f1->retransmission);
  g_assert_cmpint (f1->conn, ==, client);
  rtx = find_step (player, (guint) syn1, NS_TRACE_RETRANSMIT, "");
  g_assert_cmpint (rtx, >, syn1);
  g_assert_true (ns_player_get_step_info (player, rtx)->notable);
  g_assert_cmpint (ns_player_get_step_info (player, rtx)->conn, ==, client);
  syn2 = find_step (player, (guint) rtx, NS_TRACE_TX, "[SYN]");
  g_assert_cmpint (syn2, >, rtx);
  f2 = ns_player_get_flight (player, (guint) ns_player_get_step_info (player, syn2)->flight);
  g_assert_true (f2->retransmission);
  g_assert_true (f2->arrived);
  /* The inspector explains each: the loss, then the timer that expired. */
  g_assert_nonnull (f1->why);
  g_assert_true (strstr (f1->why, "drop_nth") != NULL);
  g_assert_nonnull (f2->why);
  g_assert_true (f2->why == ns_player_get_step_info (player, rtx)->why);
  g_assert_cmpint (ns_player_get_step_info (player, rtx)->flight, ==, (gint) f2->index);
  g_assert_true (ns_player_get_step_info (player, syn2)->notable);
  /* The resent SYN arrives: it wears ↻, never the lost mark. */
  g_assert_cmpint (ns_player_get_step_info (player, syn2)->mark, ==, NS_PLAYER_MARK_RESENT);
  g_assert_cmpint (ns_player_get_step_info (player, syn1)->mark, ==, NS_PLAYER_MARK_NONE);
  /* The timer ran 1 s from the connect at time 0 (RFC 6298 2.1). */
  g_assert_cmpint (ns_player_get_step_info (player, rtx)->t, ==, NS_NSEC_PER_SEC);

  /* While the SYN is out: SYN-SENT, the peer does not exist yet. */
  ns_player_seek_step (player, syn1);
  ns_player_get_conn_state (player, (guint) client, &st);
  g_assert_cmpstr (st.state, ==, "SYN-SENT");
  ns_player_get_conn_state (player, (guint) server, &st);
  g_assert_cmpstr (st.state, ==, "CLOSED");
  ns_player_get_conn_state (player, (guint) listener, &st);
  g_assert_cmpstr (st.state, ==, "LISTEN");

  ns_player_get_conn_samples (player, (guint) client, &n_samples);
  if (n_samples > 0)
    {
      /* Half way through the timeout, half of it is left. */
      ns_player_seek_time (player, NS_NSEC_PER_SEC / 2);
      ns_player_get_conn_state (player, (guint) client, &st);
      g_assert_true (st.timer_running);
      g_assert_cmpint (st.rto_deadline, ==, NS_NSEC_PER_SEC);
      g_assert_cmpint (st.rto_remaining, ==, NS_NSEC_PER_SEC / 2);
      g_assert_nonnull (st.vars);
      g_assert_cmpuint (st.vars->snd_nxt - st.vars->iss, ==, 1);
      g_assert_cmpuint (st.retransmissions, ==, 0);
    }
  else
    g_test_message ("no NS_TRACE_TCP_VARS samples: timer checks skipped");

  established = find_step (player, (guint) syn2, NS_TRACE_TCP, "SYN-SENT → ESTABLISHED");
  g_assert_cmpint (established, >, syn2);
  ns_player_seek_step (player, established - 1);
  ns_player_get_conn_state (player, (guint) client, &st);
  g_assert_cmpstr (st.state, ==, "SYN-SENT");
  ns_player_get_conn_state (player, (guint) server, &st);
  g_assert_cmpstr (st.state, ==, "SYN-RECEIVED");
  ns_player_step_forward (player);
  ns_player_get_conn_state (player, (guint) client, &st);
  g_assert_cmpstr (st.state, ==, "ESTABLISHED");
  g_assert_cmpuint (st.retransmissions, ==, 1);
  if (n_samples > 0)
    {
      g_assert_nonnull (st.vars);
      g_assert_cmpuint (st.vars->snd_una - st.vars->iss, ==, 1);
    }

  /* At the end the client's side is gone and the counters add up. */
  ns_player_seek_end (player);
  ns_player_get_conn_state (player, (guint) client, &st);
  g_assert_cmpstr (st.state, ==, "CLOSED");
  g_assert_false (st.timer_running);
}

static void
test_tcp_ladder_and_sockets (void)
{
  g_autoptr (NsPlayer) player = player_for (tcp_lossy);
  gint client = -1;
  g_autoptr (NsPlayerLadder) ladder = NULL;
  g_autoptr (GArray) sockets = NULL;
  g_autoptr (GArray) conns = NULL;
  gint established;
  const NsPlayerSocket *s;
  guint lost = 0;

  for (guint i = 0; i < ns_player_get_n_conns (player); i++)
    if (g_strcmp0 (ns_player_get_conn (player, i)->node, "client") == 0)
      client = (gint) i;
  g_assert_cmpint (client, >=, 0);
  ladder = ns_player_ladder_new (player, client, TRUE);
  g_assert_cmpuint (ladder->columns->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (ladder->columns, 0), ==, "client");
  for (guint i = 0; i < ladder->arrows->len; i++)
    {
      const NsPlayerArrow *a = &g_array_index (ladder->arrows, NsPlayerArrow, i);

      g_assert_cmpstr (a->protocol, ==, "TCP");
      lost += a->lost;
      if (i > 0)
        g_assert_cmpint (a->t_start, >=,
                         g_array_index (ladder->arrows, NsPlayerArrow, i - 1).t_start);
    }
  g_assert_cmpuint (lost, ==, 1);
  g_assert_true (g_array_index (ladder->arrows, NsPlayerArrow, 0).lost);
  g_assert_true (g_array_index (ladder->arrows, NsPlayerArrow, 1).retransmission);

  /* Once its service started, the server listens on TCP 9 and has UDP 7
   * bound. */
  ns_player_seek_step (player, find_step (player, 0, NS_TRACE_TCP, "port 9: CLOSED → LISTEN"));
  sockets = ns_player_dup_sockets (player, "server");
  g_assert_cmpuint (sockets->len, ==, 2);
  s = &g_array_index (sockets, NsPlayerSocket, 0);
  g_assert_cmpstr (s->protocol, ==, "TCP");
  g_assert_cmpuint (s->port, ==, 9);
  g_assert_cmpstr (s->state, ==, "LISTEN");
  g_assert_null (s->remote);
  s = &g_array_index (sockets, NsPlayerSocket, 1);
  g_assert_cmpstr (s->protocol, ==, "UDP");
  g_assert_cmpuint (s->port, ==, 7);
  g_clear_pointer (&sockets, g_array_unref);

  /* Once connected: the listener and the connection, both on port 9. */
  established = find_step (player, 0, NS_TRACE_TCP, "SYN-RECEIVED → ESTABLISHED");
  g_assert_cmpint (established, >=, 0);
  ns_player_seek_step (player, established);
  sockets = ns_player_dup_sockets (player, "server");
  g_assert_cmpuint (sockets->len, ==, 3);
  s = &g_array_index (sockets, NsPlayerSocket, 1);
  g_assert_cmpuint (s->port, ==, 9);
  g_assert_cmpstr (s->state, ==, "ESTABLISHED");
  g_assert_nonnull (s->remote);
  g_assert_true (g_str_has_prefix (s->remote, "10.0.0.1:"));
  conns = ns_player_dup_node_conns (player, "server");
  g_assert_cmpuint (conns->len, ==, 2);
}

/* 10 datagrams at once onto a 1 Mbit/s link with room for 2 waiting:
 * the rest are dropped at the sender. */
static void
test_queue_drop (void)
{
  g_autofree char *json = g_strdup_printf (two_hosts, ", \"queue_packets\": 2", 1);
  g_autofree char *udp = NULL;
  g_autoptr (NsPlayer) player = NULL;
  g_autoptr (GArray) frames = g_array_new (FALSE, FALSE, sizeof (NsPlayerFrame));
  const NsPlayerFlight *drop = NULL;
  const NsPlayerFrame *f = NULL;
  NsPlayerCounters counters;
  guint n_drops = 0;

  /* Swap the ping for a burst of UDP. */
  {
    char *at = strstr (json, "\"scenario\"");

    g_assert_nonnull (at);
    *at = '\0';
    /* The first datagram resolves ARP; the burst then meets a busy link
     * (packets waiting for ARP would drain at the link's pace instead). */
    udp = g_strconcat (json, "\"scenario\": [ { \"at\": 0.0, \"node\": \"pc1\","
                       " \"do\": \"udp-send\", \"target\": \"10.0.0.2:9\", \"bytes\": 10 },"
                       " { \"at\": 1.5, \"node\": \"pc1\", \"do\": \"udp-send\","
                       " \"target\": \"10.0.0.2:9\", \"bytes\": 1000, \"count\": 10 } ] }", NULL);
  }
  player = player_for (udp);
  dump (player);
  for (guint i = 0; i < ns_player_get_n_flights (player); i++)
    {
      const NsPlayerFlight *fl = ns_player_get_flight (player, i);

      if (!fl->queue_drop)
        continue;
      n_drops++;
      drop = drop != NULL ? drop : fl;
      g_assert_cmpstr (fl->lost_reason, ==, "queue");
      g_assert_cmpstr (fl->from_node, ==, "pc1");
      g_assert_cmpstr (fl->protocol, ==, "UDP");
      g_assert_true (ns_player_get_step_info (player, fl->tx_step)->notable);
      g_assert_cmpint (fl->end_step, ==, (gint) fl->tx_step);
    }
  g_assert_cmpuint (n_drops, >, 0);
  ns_player_frames_at (player, drop->t_start, frames);
  for (guint i = 0; i < frames->len; i++)
    if (g_array_index (frames, NsPlayerFrame, i).flight == drop)
      f = &g_array_index (frames, NsPlayerFrame, i);
  g_assert_nonnull (f);
  g_assert_cmpfloat (f->progress, ==, 0.0);
  g_assert_true (f->broken);
  /* The sender's port is open while it sends (bound at 0, before the
   * first step) and the receiver's discard service is never there. */
  ns_player_seek_step (player, (gint) drop->tx_step);
  {
    g_autoptr (GArray) sockets = ns_player_dup_sockets (player, "pc1");
    const NsPlayerSocket *s;

    g_assert_cmpuint (sockets->len, ==, 1);
    s = &g_array_index (sockets, NsPlayerSocket, 0);
    g_assert_cmpstr (s->protocol, ==, "UDP");
    g_assert_cmpuint (s->port, >=, 49152);
    g_assert_cmpstr (s->state, ==, "bound");
    g_assert_cmpint (s->conn, ==, -1);
  }
  ns_player_seek_end (player);
  {
    g_autoptr (GArray) sockets = ns_player_dup_sockets (player, "pc1");

    g_assert_cmpuint (sockets->len, ==, 0);
  }
  ns_player_get_counters (player, "pc1", &counters);
  g_assert_cmpuint (counters.queue_drops, ==, n_drops);
  /* The ARP request, one datagram, then the burst. */
  g_assert_cmpuint (counters.frames_sent + counters.queue_drops, ==, 1 + 1 + 10);
}

static void
test_routes (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("NS_EXAMPLES_DIR") != NULL
                                            ? g_getenv ("NS_EXAMPLES_DIR") : "data/examples",
                                            "tcp-handshake.netsketch.json", NULL);
  g_autofree char *json = NULL;
  g_autoptr (NsPlayer) player = NULL;
  g_autoptr (GArray) client = NULL;
  g_autoptr (GArray) router = NULL;
  g_autoptr (GArray) none = NULL;
  const NsPlayerRoute *r;

  /* The examples ship with the source: a missing one is a failure. */
  g_assert_true (g_file_get_contents (path, &json, NULL, NULL));
  player = player_for (json);
  client = ns_player_dup_routes (player, "client");
  g_assert_cmpuint (client->len, ==, 2);
  r = &g_array_index (client, NsPlayerRoute, 0);
  g_assert_cmpuint (r->dest, ==, 0x0a000000);
  g_assert_cmpuint (r->prefix_len, ==, 24);
  g_assert_cmpuint (r->via, ==, 0);
  g_assert_cmpstr (r->origin, ==, "connected");
  g_assert_cmpstr (r->iface, ==, "eth0");
  r = &g_array_index (client, NsPlayerRoute, 1);
  g_assert_cmpuint (r->prefix_len, ==, 0);
  g_assert_cmpuint (r->via, ==, 0x0a000001);
  g_assert_cmpstr (r->origin, ==, "auto");
  router = ns_player_dup_routes (player, "router");
  g_assert_cmpuint (router->len, ==, 2);
  none = ns_player_dup_routes (player, "nobody");
  g_assert_cmpuint (none->len, ==, 0);
}

/* End to end, a connection across a router is two columns, one arrow per
 * segment, from the first hop's departure to the last hop's arrival. */
static void
test_ladder_end_to_end (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("NS_EXAMPLES_DIR") != NULL
                                            ? g_getenv ("NS_EXAMPLES_DIR") : "data/examples",
                                            "tcp-handshake.netsketch.json", NULL);
  g_autofree char *json = NULL;
  g_autoptr (NsPlayer) player = NULL;
  g_autoptr (NsPlayerLadder) ladder = NULL;
  g_autoptr (NsPlayerLadder) all = NULL;
  gint client = -1;
  guint segments = 0;

  /* The examples ship with the source: a missing one is a failure. */
  g_assert_true (g_file_get_contents (path, &json, NULL, NULL));
  player = player_for (json);
  for (guint i = 0; i < ns_player_get_n_conns (player); i++)
    if (g_strcmp0 (ns_player_get_conn (player, i)->node, "client") == 0)
      client = (gint) i;
  g_assert_cmpint (client, >=, 0);
  for (guint i = 0; i < ns_player_get_n_flights (player); i++)
    {
      const NsPlayerFlight *f = ns_player_get_flight (player, i);

      segments += g_strcmp0 (f->protocol, "TCP") == 0
                  && (g_strcmp0 (f->from_node, "client") == 0
                      || g_strcmp0 (f->from_node, "server") == 0);
    }
  ladder = ns_player_ladder_new_full (player, client, NS_PLAYER_LADDER_END_TO_END);
  g_assert_cmpuint (ladder->columns->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (ladder->columns, 0), ==, "client");
  g_assert_cmpstr (g_ptr_array_index (ladder->columns, 1), ==, "server");
  g_assert_cmpuint (ladder->arrows->len, ==, segments);
  for (guint i = 0; i < ladder->arrows->len; i++)
    {
      const NsPlayerArrow *a = &g_array_index (ladder->arrows, NsPlayerArrow, i);
      const NsPlayerFlight *first = ns_player_get_flight (player, a->flight);

      g_assert_cmpuint (a->from_col, !=, a->to_col);
      g_assert_cmpint (a->t_start, ==, first->t_start);
      /* Two links of 10 ms each. */
      g_assert_cmpint (a->t_end - a->t_start, >=, 20 * MS);
      g_assert_false (a->lost);
    }
  g_assert_true (g_str_has_prefix (g_array_index (ladder->arrows, NsPlayerArrow, 0).label, "SYN"));
  /* The whole run: ARP stays hop by hop (client-router, router-server). */
  all = ns_player_ladder_new_full (player, -1, NS_PLAYER_LADDER_END_TO_END);
  g_assert_cmpuint (all->columns->len, ==, 3);
  g_assert_cmpuint (all->arrows->len, ==, segments + 4);
}

/* Same file, same seed: the same steps, times and texts. */
static void
test_deterministic (void)
{
  g_autoptr (NsPlayer) a = player_for (tcp_lossy);
  g_autoptr (NsPlayer) b = player_for (tcp_lossy);

  g_assert_cmpuint (ns_player_get_n_steps (a), ==, ns_player_get_n_steps (b));
  for (guint i = 0; i < ns_player_get_n_steps (a); i++)
    {
      const NsPlayerStep *x = ns_player_get_step_info (a, i), *y = ns_player_get_step_info (b, i);

      g_assert_cmpint (x->t, ==, y->t);
      g_assert_cmpstr (x->text, ==, y->text);
      g_assert_cmpint (x->conn, ==, y->conn);
      g_assert_cmpint (x->flight, ==, y->flight);
    }
}

/* Every bundled example: the index is consistent with itself and with the
 * trace, and every view can be built at every step. */
static void
check_consistent (NsPlayer *player)
{
  g_autoptr (GArray) frames = g_array_new (FALSE, FALSE, sizeof (NsPlayerFrame));
  NsTrace *trace = ns_player_get_trace (player);
  guint n_rtx_events = 0, n_rtx_frames = 0;

  /* Only a drop wears the lost mark: a frame that arrived (a
   * retransmission too) never does, and each hop's frame carrying a
   * retransmission wears the resent one. */
  for (guint i = 0; i < ns_player_get_n_steps (player); i++)
    {
      const NsPlayerStep *step = ns_player_get_step_info (player, i);
      const NsPlayerFlight *f =
        step->flight >= 0 ? ns_player_get_flight (player, (guint)step->flight) : NULL;

      g_assert_cmpint (step->mark == NS_PLAYER_MARK_LOST, ==, step->kind == NS_TRACE_DROP);
      if (f != NULL && f->arrived)
        g_assert_cmpint (step->mark, !=, NS_PLAYER_MARK_LOST);
      if (f != NULL && f->retransmission && step->kind == NS_TRACE_TX)
        g_assert_cmpint (step->mark, ==, NS_PLAYER_MARK_RESENT);
      if (step->kind == NS_TRACE_RETRANSMIT)
        g_assert_cmpint (step->mark, ==, NS_PLAYER_MARK_RESENT);
      /* One numbering where a learner reads: the resent segment's number
       * counts from the SYN, like the frames' summaries, in the text and
       * the why (the raw one is only in the inspector). */
      if (step->kind == NS_TRACE_RETRANSMIT && step->conn >= 0)
        {
          const NsTraceEvent *ev = ns_trace_get (trace, step->event);
          g_autofree char *raw = g_strdup_printf ("seq=%u", ev->seq);
          const char *at = strstr (step->text, "seq=");

          g_assert_nonnull (at);
          g_assert_cmpuint (g_ascii_strtoull (at + 4, NULL, 10), <, 10000000);
          if (ev->seq >= 10000000)
            {
              g_assert_null (strstr (step->text, raw));
              g_assert_true (step->why == NULL || strstr (step->why, raw) == NULL);
            }
        }
    }

  for (guint i = 0; i < ns_player_get_n_flights (player); i++)
    {
      const NsPlayerFlight *f = ns_player_get_flight (player, i);

      g_assert_cmpuint (f->index, ==, i);
      g_assert_cmpint (f->t_end, >=, f->t_start);
      g_assert_false (f->arrived && f->lost);
      g_assert_nonnull (f->label);
      g_assert_nonnull (f->summary);
      g_assert_nonnull (f->protocol);
      g_assert_cmpint (ns_player_get_step_info (player, f->tx_step)->flight, ==, (gint) i);
      if (f->end_step >= 0)
        g_assert_cmpint (ns_player_get_step_info (player, (guint) f->end_step)->flight, ==,
                         (gint) i);
      if (f->frame != 0)
        g_assert_true (ns_player_find_flight (player, f->frame) == f);
      if (i > 0)
        g_assert_cmpint (f->t_start, >=, ns_player_get_flight (player, i - 1)->t_start);
      n_rtx_frames += f->retransmission;
    }
  for (guint i = 0; i < ns_player_get_n_steps (player); i++)
    {
      const NsPlayerStep *step = ns_player_get_step_info (player, i);
      const NsTraceEvent *ev = ns_trace_get (trace, step->event);

      g_assert_cmpint (step->kind, ==, ev->kind);
      g_assert_true (step->kind <= NS_TRACE_APP || step->kind == NS_TRACE_LOCAL
                     || step->kind == NS_TRACE_LINK);
      g_assert_nonnull (step->text);
      g_assert_nonnull (step->protocol);
      n_rtx_events += step->kind == NS_TRACE_RETRANSMIT;
      ns_player_seek_step (player, (gint) i);
      ns_player_frames_at_cursor (player, frames);
      for (guint j = 0; j < frames->len; j++)
        {
          const NsPlayerFrame *f = &g_array_index (frames, NsPlayerFrame, j);

          g_assert_cmpfloat (f->progress, >=, 0.0);
          g_assert_cmpfloat (f->progress, <=, 1.0);
          g_assert_cmpint (f->flight->t_start, <=, step->t);
          g_assert_cmpint (f->flight->t_end, >=, step->t);
        }
      for (guint c = 0; c < ns_player_get_n_conns (player); c++)
        {
          NsPlayerConnState st;

          ns_player_get_conn_state (player, c, &st);
          g_assert_nonnull (st.state);
          g_assert_true (st.rto_remaining >= -1);
        }
    }
  /* Each segment sent again is marked, on every hop it crosses. */
  g_test_message ("%u retransmit events, %u frames marked", n_rtx_events, n_rtx_frames);
  g_assert_cmpuint (n_rtx_frames, >=, n_rtx_events);
}

static void
test_examples (void)
{
  const char *dir = g_getenv ("NS_EXAMPLES_DIR");
  g_autoptr (GDir) examples = NULL;
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  examples = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (examples);
  while ((name = g_dir_read_name (examples)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *json = NULL;
      g_autoptr (NsPlayer) player = NULL;

      if (!g_str_has_suffix (name, ".netsketch.json"))
        continue;
      g_assert_true (g_file_get_contents (path, &json, NULL, NULL));
      player = player_for (json);
      g_test_message ("%s: %u steps, %u flights, %u connections", name,
                      ns_player_get_n_steps (player), ns_player_get_n_flights (player),
                      ns_player_get_n_conns (player));
      check_consistent (player);
      for (gint c = -1; c < (gint) ns_player_get_n_conns (player); c++)
        {
          g_autoptr (NsPlayerLadder) hops = ns_player_ladder_new (player, c, FALSE);
          g_autoptr (NsPlayerLadder) ends = ns_player_ladder_new (player, c, TRUE);
          g_autoptr (NsPlayerLadder) e2e = ns_player_ladder_new_full (player, c,
                                                                     NS_PLAYER_LADDER_END_TO_END);

          g_assert_cmpuint (ends->arrows->len, <=, hops->arrows->len);
          g_assert_cmpuint (e2e->arrows->len, <=, ends->arrows->len);
          g_assert_cmpuint (e2e->columns->len, <=, ends->columns->len);
          for (guint k = 0; k < e2e->arrows->len; k++)
            {
              const NsPlayerArrow *a = &g_array_index (e2e->arrows, NsPlayerArrow, k);

              g_assert_cmpuint (a->from_col, <, e2e->columns->len);
              g_assert_cmpuint (a->to_col, <, e2e->columns->len);
              g_assert_cmpint (a->t_end, >=, a->t_start);
            }
          if (c < 0)
            g_assert_cmpuint (hops->arrows->len, ==, ns_player_get_n_flights (player));
        }
      n++;
    }
  g_assert_cmpuint (n, >, 0);
}

/* Without the document: the trace alone still gives steps, flights with
 * both ends (from the rx) and the same positions. */
static void
test_no_topology (void)
{
  g_autoptr (NsPlayer) full = two_hosts_player ("", 1);
  g_autoptr (NsPlayer) bare = ns_player_new (ns_player_get_trace (full), NULL);
  const NsPlayerFlight *a = ns_player_get_flight (full, 2), *b = ns_player_get_flight (bare, 2);
  g_autoptr (GArray) routes = ns_player_dup_routes (bare, "pc1");

  g_assert_null (ns_player_get_topology (bare));
  g_assert_null (ns_player_get_run (bare));
  g_assert_cmpuint (ns_player_get_n_steps (bare), ==, ns_player_get_n_steps (full));
  g_assert_cmpint (b->link_index, ==, -1);
  g_assert_cmpstr (b->to, ==, a->to);
  g_assert_cmpstr (b->to_node, ==, "pc2");
  g_assert_cmpint (b->t_end, ==, a->t_end);
  g_assert_cmpuint (routes->len, ==, 0);
}

/* A player over an empty trace and no topology answers sensibly. */
static void
test_empty (void)
{
  g_autoptr (NsTrace) trace = ns_trace_new ();
  g_autoptr (NsPlayer) player = ns_player_new (trace, NULL);
  g_autoptr (GArray) frames = g_array_new (FALSE, FALSE, sizeof (NsPlayerFrame));
  g_autoptr (GArray) routes = ns_player_dup_routes (player, "x");
  g_autoptr (NsPlayerLadder) ladder = ns_player_ladder_new (player, -1, TRUE);

  g_assert_cmpuint (ns_player_get_n_steps (player), ==, 0);
  g_assert_false (ns_player_step_forward (player));
  g_assert_false (ns_player_step_back (player));
  ns_player_seek_time (player, 1000);
  g_assert_cmpint (ns_player_get_time (player), ==, 0);
  g_assert_cmpint (ns_player_get_step (player), ==, -1);
  g_assert_cmpuint (ns_player_frames_at (player, 0, frames), ==, 0);
  g_assert_cmpuint (routes->len, ==, 0);
  g_assert_cmpuint (ladder->arrows->len, ==, 0);
  g_assert_null (ns_player_find_flight (player, 1));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/player/step", test_step);
  g_test_add_func ("/core/player/step-kinds", test_step_kinds);
  g_test_add_func ("/core/player/seek-time", test_seek_time);
  g_test_add_func ("/core/player/progress", test_progress);
  g_test_add_func ("/core/player/loss", test_loss);
  g_test_add_func ("/core/player/queue-drop", test_queue_drop);
  g_test_add_func ("/core/player/arp", test_arp);
  g_test_add_func ("/core/player/log-filter", test_log_filter);
  g_test_add_func ("/core/player/format-time", test_format_time);
  g_test_add_func ("/core/player/ladder", test_ladder);
  g_test_add_func ("/core/player/ladder-flood", test_ladder_flood);
  g_test_add_func ("/core/player/ladder-end-to-end", test_ladder_end_to_end);
  g_test_add_func ("/core/player/tcp", test_tcp);
  g_test_add_func ("/core/player/tcp-ladder-sockets", test_tcp_ladder_and_sockets);
  g_test_add_func ("/core/player/routes", test_routes);
  g_test_add_func ("/core/player/deterministic", test_deterministic);
  g_test_add_func ("/core/player/examples", test_examples);
  g_test_add_func ("/core/player/no-topology", test_no_topology);
  g_test_add_func ("/core/player/empty", test_empty);
  return g_test_run ();
}
