/* bench-engine.c: the event engine alone. Keeps a fixed number of events
 * pending (as a busy network does), each of which schedules its successor
 * at a pseudo-random delay when it runs, and reports scheduled-and-run
 * events per second. Goal (docs/architecture.md): at least 10 million on one core.
 *
 *   bench-engine [EVENTS] [PENDING]     (default 20000000 and 1000) */
#include <stdio.h>
#include <stdlib.h>

#include "sim/sim.h"

typedef struct {
  guint64 remaining;
  guint64 lcg;         /* a cheap generator for the delays, not the run's */
} Load;

static void
tick (NsSim *sim, gpointer data)
{
  Load *load = data;

  if (load->remaining == 0)
    return;
  load->remaining--;
  load->lcg = load->lcg * 6364136223846793005ULL + 1442695040888963407ULL;
  /* Delays from 1 ns to ~1 ms: timers, serialisation, propagation. */
  ns_sim_schedule (sim, 1 + (gint64) ((load->lcg >> 33) % 1000000), tick, load);
}

static guint64
parse_arg (int argc, char **argv, int i, guint64 fallback)
{
  guint64 v;

  if (argc > i && g_ascii_string_to_unsigned (argv[i], 10, 1, G_MAXUINT32 * 16ULL, &v, NULL))
    return v;
  return fallback;
}

int
main (int argc, char **argv)
{
  guint64 total = parse_arg (argc, argv, 1, 20000000);
  guint64 pending = parse_arg (argc, argv, 2, 1000);
  g_autoptr (NsSim) sim = ns_sim_new (1);
  Load load = { .remaining = total, .lcg = 1 };
  gint64 start, elapsed;
  guint64 run;
  double rate;

  pending = MIN (pending, total);
  load.remaining = total - pending;
  start = g_get_monotonic_time ();
  for (guint64 i = 0; i < pending; i++)
    ns_sim_schedule (sim, (gint64) i, tick, &load);
  while (ns_sim_step (sim))
    ;
  elapsed = MAX (g_get_monotonic_time () - start, 1);
  run = ns_sim_events_run (sim);
  rate = (double) run / ((double) elapsed / G_USEC_PER_SEC);
  printf ("bench-engine: %" G_GUINT64_FORMAT " events (%" G_GUINT64_FORMAT " pending) "
          "scheduled and run in %.3f s: %.2f million events/s (goal >= 10)\n",
          run, pending, (double) elapsed / G_USEC_PER_SEC, rate / 1e6);
  return run == total ? EXIT_SUCCESS : EXIT_FAILURE;
}
