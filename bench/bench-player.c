/* bench-player.c: the player over a large run. PAIRS pairs of hosts, each
 * joined by a 100 ms link; every client streams DATAGRAMS UDP datagrams a
 * millisecond apart to its server, so about 100 frames are in the air on
 * each link at once (1,000 for 10 pairs) and the run records over 100,000
 * events. Measures: building the index, seeking to random moments (goal of
 * issue 6: under 20 ms each), frames_at with ~1,000 frames in flight
 * (goal: well under a 16 ms frame), state queries, a log search and the
 * ladder.
 *
 *   bench-player [PAIRS] [DATAGRAMS]   (default 10 and 5200) */
#include <stdio.h>
#include <stdlib.h>

#include "core/player.h"
#include "core/run.h"

#define DISCARD_PORT 9
#define SEEKS 10000
#define FRAME_QUERIES 1000

static NsTopoNode *
host (const char *id, guint32 addr, double x, double y)
{
  NsTopoNode *node = ns_topo_node_new (id, NS_NODE_HOST);
  NsTopoIface *iface = ns_topo_iface_new ("eth0");

  iface->has_addr = TRUE;
  iface->addr = addr;
  iface->prefix_len = 24;
  g_ptr_array_add (node->ifaces, iface);
  node->x = x;
  node->y = y;
  return node;
}

/* Pair i: c<i> (10.0.i.1) -- s<i> (10.0.i.2). */
static NsTopology *
build_topology (guint pairs, guint datagrams)
{
  NsTopology *topology = ns_topology_new ();

  for (guint i = 0; i < pairs; i++)
    {
      g_autofree char *c = g_strdup_printf ("c%u", i);
      g_autofree char *s = g_strdup_printf ("s%u", i);
      g_autofree char *l = g_strdup_printf ("l%u", i);
      NsTopoNode *server = host (s, (10u << 24) | (i << 8) | 2, 400, 40.0 * i);
      NsTopoLink *link = ns_topo_link_new (l);
      NsTopoAction *action = ns_topo_action_new (c, "udp-send");

      g_ptr_array_add (topology->nodes, host (c, (10u << 24) | (i << 8) | 1, 100, 40.0 * i));
      g_ptr_array_add (server->services, ns_topo_service_new ("udp-discard", DISCARD_PORT));
      g_ptr_array_add (topology->nodes, server);
      link->a_node = g_strdup (c);
      link->a_iface = g_strdup ("eth0");
      link->b_node = g_strdup (s);
      link->b_iface = g_strdup ("eth0");
      link->delay_ms = 100;
      link->queue_packets = 1000;
      g_ptr_array_add (topology->links, link);
      action->target = g_strdup_printf ("10.0.%u.2:%u", i, DISCARD_PORT);
      action->bytes = 100;
      action->count = datagrams;
      action->interval_ms = 1;
      g_ptr_array_add (topology->scenario, action);
    }
  return topology;
}

static double
ms_since (gint64 start)
{
  return (double) (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int argc, char **argv)
{
  guint pairs = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 10;
  guint datagrams = argc > 2 ? (guint) strtoul (argv[2], NULL, 10) : 5200;
  g_autoptr (NsTopology) topology = build_topology (pairs, datagrams);
  g_autoptr (GError) error = NULL;
  g_autoptr (NsPlayer) player = NULL;
  g_autoptr (GArray) frames = g_array_new (FALSE, FALSE, sizeof (NsPlayerFrame));
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  NsRun *run;
  gint64 start, end_time;
  double t, worst = 0, total = 0;
  guint64 in_flight = 0;
  guint max_in_flight = 0;

  start = g_get_monotonic_time ();
  run = ns_run_new (topology, FALSE, 0, &error);
  if (run == NULL)
    {
      g_printerr ("bench-player: %s\n", error->message);
      return 1;
    }
  ns_run_execute (run, NS_RUN_DEFAULT_UNTIL);
  printf ("run: %u pairs x %u datagrams: %u trace events in %.1f ms\n", pairs, datagrams,
          ns_trace_len (ns_run_get_trace (run)), ms_since (start));

  start = g_get_monotonic_time ();
  player = ns_player_new_for_run (run);
  printf ("index: %u steps, %u flights built in %.1f ms\n", ns_player_get_n_steps (player),
          ns_player_get_n_flights (player), ms_since (start));
  end_time = ns_player_get_end_time (player);

  /* Seek to random moments, and read what a view reads after a seek. */
  for (guint i = 0; i < SEEKS; i++)
    {
      gint64 at = (gint64) g_rand_double_range (rand, 0, (double) end_time);
      NsPlayerCounters counters;

      start = g_get_monotonic_time ();
      ns_player_seek_time (player, at);
      ns_player_get_counters (player, "c0", &counters);
      t = ms_since (start);
      worst = MAX (worst, t);
      total += t;
    }
  printf ("seek_time + counters: %d random seeks, mean %.4f ms, worst %.4f ms (goal < 20 ms)\n",
          SEEKS, total / SEEKS, worst);

  worst = total = 0;
  for (guint i = 0; i < SEEKS; i++)
    {
      gint at = g_rand_int_range (rand, -1, (gint32) ns_player_get_n_steps (player));

      start = g_get_monotonic_time ();
      ns_player_seek_step (player, at);
      ns_player_step_forward (player);
      ns_player_step_back (player);
      t = ms_since (start);
      worst = MAX (worst, t);
      total += t;
    }
  printf ("seek_step + step forward/back: mean %.4f ms, worst %.4f ms\n", total / SEEKS, worst);

  /* frames_at in the steady state (after the first 100 ms). */
  worst = total = 0;
  for (guint i = 0; i < FRAME_QUERIES; i++)
    {
      gint64 at = (gint64) g_rand_double_range (rand, 0.1 * NS_NSEC_PER_SEC,
                                               (double) datagrams * NS_NSEC_PER_MSEC);

      start = g_get_monotonic_time ();
      ns_player_frames_at (player, at, frames);
      t = ms_since (start);
      worst = MAX (worst, t);
      total += t;
      in_flight += frames->len;
      max_in_flight = MAX (max_in_flight, frames->len);
    }
  printf ("frames_at: mean %.0f frames in flight (max %u), mean %.4f ms, worst %.4f ms "
          "(goal: well under 16 ms)\n", (double) in_flight / FRAME_QUERIES, max_in_flight,
          total / FRAME_QUERIES, worst);

  {
    g_autoptr (GArray) arp = NULL;
    g_autoptr (GArray) sockets = NULL;

    start = g_get_monotonic_time ();
    ns_player_seek_time (player, end_time / 2);
    arp = ns_player_dup_arp_cache (player, "c0");
    sockets = ns_player_dup_sockets (player, "s0");
    printf ("node state (ARP cache, sockets) at the middle: %.4f ms\n", ms_since (start));
  }
  {
    g_autoptr (GArray) hits = NULL;
    g_autoptr (GArray) again = NULL;

    start = g_get_monotonic_time ();
    hits = ns_player_filter_steps (player, "UDP", "c3", "10.0.3.2");
    printf ("log filter (first search builds the text index): %u rows in %.1f ms\n", hits->len,
            ms_since (start));
    start = g_get_monotonic_time ();
    again = ns_player_filter_steps (player, NULL, NULL, "ARP");
    printf ("log search: %u rows in %.1f ms\n", again->len, ms_since (start));
  }
  {
    g_autoptr (NsPlayerLadder) ladder = NULL;

    start = g_get_monotonic_time ();
    ladder = ns_player_ladder_new (player, -1, TRUE);
    printf ("ladder: %u columns, %u arrows in %.1f ms\n", ladder->columns->len,
            ladder->arrows->len, ms_since (start));
  }
  return 0;
}
