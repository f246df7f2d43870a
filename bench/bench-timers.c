/* bench-timers.c: the event engine under TCP-style timer churn. Each of C
 * connections has a retransmission timer (RTO, 200 ms to 1 s ahead) and a
 * stream of segment arrivals a few microseconds apart; every arrival
 * cancels the connection's RTO and arms a new one (as an ACK does,
 * RFC 6298 §5.3) and schedules the next arrival. The RTO almost never
 * fires, so the queue is full of cancelled timers: this is what
 * ns_sim_cancel must be fast at. Reports arrivals (events run) per second
 * of CPU time; each is one run, two schedules and one cancel. No goal of
 * its own (the 10 M events/s goal is bench-engine's): it shows that
 * cancelling costs about what scheduling does.
 *
 *   bench-timers [ARRIVALS] [CONNECTIONS]   (default 10000000 and 1000) */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "sim/sim.h"

typedef struct {
  guint64  *remaining;
  guint64   lcg;      /* a cheap generator for the delays, not the run's */
  NsEventId rto;
  guint64   timeouts;
} Conn;

static guint64
next_rand (Conn *c)
{
  c->lcg = c->lcg * 6364136223846793005ULL + 1442695040888963407ULL;
  return c->lcg >> 33;
}

static void
rto_fired (NsSim *sim, gpointer data)
{
  Conn *c = data;

  (void) sim;
  c->rto = 0;
  c->timeouts++;
}

static void
arrival (NsSim *sim, gpointer data)
{
  Conn *c = data;

  if (*c->remaining == 0)
    {
      ns_sim_clear_event (sim, &c->rto);
      return;
    }
  (*c->remaining)--;
  ns_sim_cancel (sim, c->rto);
  c->rto = ns_sim_schedule (sim, 200 * NS_NSEC_PER_MSEC + (gint64) (next_rand (c) % 800000000),
                            rto_fired, c);
  /* 1 to 100 us to the next segment of this connection. */
  ns_sim_schedule (sim, 1000 + (gint64) (next_rand (c) % 99000), arrival, c);
}

static double
cpu_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
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
  guint64 total = parse_arg (argc, argv, 1, 10000000);
  guint64 n_conns = parse_arg (argc, argv, 2, 1000);
  g_autoptr (NsSim) sim = ns_sim_new (1);
  g_autofree Conn *conns = g_new0 (Conn, n_conns);
  guint64 remaining = total, timeouts = 0, run;
  gint64 start, wall;
  double cpu_start, cpu;

  start = g_get_monotonic_time ();
  cpu_start = cpu_s ();
  for (guint64 i = 0; i < n_conns; i++)
    {
      conns[i] = (Conn) { .remaining = &remaining, .lcg = i + 1 };
      ns_sim_schedule (sim, (gint64) i, arrival, &conns[i]);
    }
  while (ns_sim_step (sim))
    ;
  cpu = MAX (cpu_s () - cpu_start, 1e-9);
  wall = MAX (g_get_monotonic_time () - start, 1);
  run = ns_sim_events_run (sim);
  for (guint64 i = 0; i < n_conns; i++)
    timeouts += conns[i].timeouts;
  /* Each arrival: run, schedule the RTO, schedule the next arrival, cancel
   * the old RTO. */
  printf ("bench-timers: %" G_GUINT64_FORMAT " connections, %" G_GUINT64_FORMAT " events run "
          "(%" G_GUINT64_FORMAT " RTOs fired), %" G_GUINT64_FORMAT " cancels: %.3f s CPU "
          "(%.3f s wall): %.2f million events/s, %.1f million engine operations/s of CPU\n",
          n_conns, run, timeouts, total, cpu, (double) wall / G_USEC_PER_SEC, run / cpu / 1e6,
          (run + 3.0 * total) / cpu / 1e6);
  return ns_sim_pending (sim) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
