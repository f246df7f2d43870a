/* bench-player.c: the player over a large run. PAIRS pairs of hosts, each
 * joined by a 100 ms link; every client streams DATAGRAMS UDP datagrams a
 * millisecond apart to its server, so about 100 frames are in the air on
 * each link at once (1,000 for 10 pairs) and the run records over 100,000
 * events. Measures: building the index, seeking to random moments (goal,
 * docs/architecture.md: under 20 ms each), frames_at with ~1,000 frames in flight
 * (goal: well under a 16 ms frame), state queries, a log search and the
 * ladder.
 *
 *   bench-player [PAIRS] [DATAGRAMS]   (default 10 and 5200) */
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "core/player.h"
#include "core/run.h"
#include "core/topology-file.h"

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

static gint
double_compare (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* "mean 0.0004 ms, p99 0.0010 ms, worst 0.0360 ms": the worst of a
 * busy machine is the scheduler's; p99 is the player's. */
static char *
describe_times (GArray *times)
{
  double total = 0;

  g_array_sort (times, double_compare);
  for (guint i = 0; i < times->len; i++)
    total += g_array_index (times, double, i);
  return g_strdup_printf ("mean %.4f ms, p99 %.4f ms, worst %.4f ms", total / times->len,
                          g_array_index (times, double, times->len * 99 / 100),
                          g_array_index (times, double, times->len - 1));
}

/* Every bundled example: simulate it and build its player, as the app
 * does after each edit (goal, docs/architecture.md: under 50 ms). */
static void
bench_examples (void)
{
  g_autoptr (GDir) dir = g_dir_open (NS_SOURCE_EXAMPLES_DIR, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (NS_SOURCE_EXAMPLES_DIR, name, NULL);
      g_autoptr (NsTopology) topology = NULL;
      g_autoptr (NsPlayer) player = NULL;
      NsRun *run;
      gint64 start;
      double run_ms;

      if (!g_str_has_suffix (name, ".netsketch.json")
          || (topology = ns_topology_load_file (path, NULL)) == NULL)
        continue;
      start = g_get_monotonic_time ();
      run = ns_run_new (topology, FALSE, 0, NULL);
      if (run == NULL)
        continue;
      ns_run_execute (run, NS_RUN_DEFAULT_UNTIL);
      run_ms = ms_since (start);
      start = g_get_monotonic_time ();
      player = ns_player_new_for_run (run);
      printf ("  %-36s %5u steps: run %.2f ms + player %.2f ms\n", name,
              ns_player_get_n_steps (player), run_ms, ms_since (start));
    }
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
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *text = NULL;
  gint64 start, end_time;
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
      NsPlayerConnState state;
      double t;

      start = g_get_monotonic_time ();
      ns_player_seek_time (player, at);
      ns_player_get_counters (player, "c0", &counters);
      if (ns_player_get_n_conns (player) > 0)
        ns_player_get_conn_state (player, 0, &state);
      t = ms_since (start);
      g_array_append_val (times, t);
    }
  text = describe_times (times);
  printf ("seek_time + counters: %d random seeks: %s (goal < 20 ms)\n", SEEKS, text);
  g_clear_pointer (&text, g_free);

  g_array_set_size (times, 0);
  for (guint i = 0; i < SEEKS; i++)
    {
      gint at = g_rand_int_range (rand, -1, (gint32) ns_player_get_n_steps (player));
      double t;

      start = g_get_monotonic_time ();
      ns_player_seek_step (player, at);
      ns_player_step_forward (player);
      ns_player_step_back (player);
      t = ms_since (start);
      g_array_append_val (times, t);
    }
  text = describe_times (times);
  printf ("seek_step + step forward + back: %s\n", text);
  g_clear_pointer (&text, g_free);

  /* frames_at in the steady state (after the first 100 ms). */
  g_array_set_size (times, 0);
  for (guint i = 0; i < FRAME_QUERIES; i++)
    {
      gint64 at = (gint64) g_rand_double_range (rand, 0.1 * NS_NSEC_PER_SEC,
                                               (double) datagrams * NS_NSEC_PER_MSEC);
      double t;

      start = g_get_monotonic_time ();
      ns_player_frames_at (player, at, frames);
      t = ms_since (start);
      g_array_append_val (times, t);
      in_flight += frames->len;
      max_in_flight = MAX (max_in_flight, frames->len);
    }
  text = describe_times (times);
  printf ("frames_at: %.0f frames in flight on average (max %u): %s (goal: well under 16 ms)\n",
          (double) in_flight / FRAME_QUERIES, max_in_flight, text);
  g_clear_pointer (&text, g_free);

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
    g_clear_pointer (&ladder, ns_player_ladder_free);
    start = g_get_monotonic_time ();
    ladder = ns_player_ladder_new_full (player, -1, NS_PLAYER_LADDER_END_TO_END);
    printf ("ladder end to end: %u columns, %u arrows in %.1f ms\n", ladder->columns->len,
            ladder->arrows->len, ms_since (start));
  }
  printf ("bundled examples, simulated and indexed (goal < 50 ms):\n");
  bench_examples ();
  return 0;
}
