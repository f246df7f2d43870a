/* bench-dumbbell.c: TCP at scale. N client hosts behind router r1, N
 * servers behind router r2; edge links 100 Mbit/s, 1 ms; the core link
 * r1-r2 1 Gbit/s, 10 ms, 1% random loss in each direction; every queue
 * holds 100 frames. Each client sends 1 MB (tcp-send) to a tcp-discard
 * server. The run ends when every transfer is acknowledged.
 *
 * Each run happens in a child process so that its wall time and peak
 * memory (wait4's rusage) are its own; with --ns3 the same network written
 * for ns-3 (bench/ns3-dumbbell.cc, BulkSend to PacketSink) is run and
 * measured the same way, for comparison (goal, docs/architecture.md: at most 1/5 of
 * ns-3's wall time and 1/2 of its peak memory, N = 20 and N = 200).
 *
 *   bench-dumbbell [--n N]... [--bytes B] [--seed S] [--trace] [--ns3 PATH]
 *                  (default N = 20 and 200, B = 1000000) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "net/apps/tcp-apps.h"
#include "net/stack.h"
#include "net/tcp.h"
#include "sim/link.h"
#include "sim/sim.h"
#include "sim/trace.h"

#define IP(a, b, c, d) ((guint32) (a) << 24 | (guint32) (b) << 16 | (guint32) (c) << 8 | (d))
#define QUEUE_PACKETS 100
#define DISCARD_PORT 9

typedef struct {
  NsSim      *sim;
  NsTrace    *trace;
  GPtrArray  *stacks;
  GPtrArray  *links;
} Net;

static NsLink *
new_link (Net *net, const char *name, guint64 bps, gint64 delay_ns, double loss)
{
  NsLinkParams p;
  NsLink *link;

  ns_link_params_init_default (&p);
  p.bandwidth_bps = bps;
  p.delay_ns = delay_ns;
  p.loss = loss;
  p.queue_packets = QUEUE_PACKETS;
  link = ns_link_new (net->sim, name, &p);
  g_ptr_array_add (net->links, link);
  return link;
}

static NsStack *
new_node (Net *net, const char *id, gboolean router)
{
  NsStack *stack = ns_stack_new (net->sim, id, router);

  g_ptr_array_add (net->stacks, stack);
  return stack;
}

static guint
iface (NsStack *stack, guint32 addr, guint prefix)
{
  guint n = ns_stack_n_ifaces (stack);
  guint8 mac[6] = { 0x02, (guint8) (addr >> 24), (guint8) (addr >> 16), (guint8) (addr >> 8),
                    (guint8) addr, (guint8) n };
  char name[16];

  g_snprintf (name, sizeof name, "eth%u", n);
  return ns_stack_add_iface (stack, name, mac, addr, prefix, 1500);
}

/* Clients live in 10.16.0.0/12 (client i: 10.16.i.2/24, r1 10.16.i.1),
 * servers in 10.32.0.0/12; past 250 the second octet grows. The core is
 * 10.0.0.0/30. */
static guint32
edge_addr (guint side, guint i, guint host)
{
  return IP (10, side * 16 + i / 250, i % 250, host);
}

static guint64
run_ours (guint n, guint64 bytes, guint64 seed, gboolean trace)
{
  Net net = { 0 };
  NsStack *r1, *r2;
  NsLink *core;
  gint64 deadline = 600 * NS_NSEC_PER_SEC;
  guint64 done = 0, resets = 0;

  net.sim = ns_sim_new (seed);
  if (trace)
    {
      net.trace = ns_trace_new ();
      ns_sim_set_trace (net.sim, net.trace);
    }
  net.stacks = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_stack_free);
  net.links = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_link_free);
  r1 = new_node (&net, "r1", TRUE);
  r2 = new_node (&net, "r2", TRUE);
  core = new_link (&net, "core", 1000000000ull, 10 * NS_NSEC_PER_MSEC, 0.01);
  ns_stack_attach_link (r1, iface (r1, IP (10, 0, 0, 1), 30), core, 0);
  ns_stack_attach_link (r2, iface (r2, IP (10, 0, 0, 2), 30), core, 1);
  for (guint i = 0; i < n; i++)
    {
      char id[32];
      NsStack *c, *s;
      NsLink *l;

      g_snprintf (id, sizeof id, "c%u", i);
      c = new_node (&net, id, FALSE);
      g_snprintf (id, sizeof id, "lc%u", i);
      l = new_link (&net, id, 100000000ull, NS_NSEC_PER_MSEC, 0.0);
      ns_stack_attach_link (c, iface (c, edge_addr (1, i, 2), 24), l, 0);
      ns_stack_attach_link (r1, iface (r1, edge_addr (1, i, 1), 24), l, 1);
      g_snprintf (id, sizeof id, "s%u", i);
      s = new_node (&net, id, FALSE);
      g_snprintf (id, sizeof id, "ls%u", i);
      l = new_link (&net, id, 100000000ull, NS_NSEC_PER_MSEC, 0.0);
      ns_stack_attach_link (s, iface (s, edge_addr (2, i, 2), 24), l, 0);
      ns_stack_attach_link (r2, iface (r2, edge_addr (2, i, 1), 24), l, 1);
      ns_stack_add_connected_routes (c);
      ns_stack_add_connected_routes (s);
      ns_stack_add_route (c, 0, 0, edge_addr (1, i, 1), -1, NS_ROUTE_STATIC);
      ns_stack_add_route (s, 0, 0, edge_addr (2, i, 1), -1, NS_ROUTE_STATIC);
      ns_tcp_discard_start (s, DISCARD_PORT);
    }
  ns_stack_add_connected_routes (r1);
  ns_stack_add_connected_routes (r2);
  ns_stack_add_route (r1, IP (10, 32, 0, 0), 12, IP (10, 0, 0, 2), -1, NS_ROUTE_STATIC);
  ns_stack_add_route (r2, IP (10, 16, 0, 0), 12, IP (10, 0, 0, 1), -1, NS_ROUTE_STATIC);
  for (guint i = 0; i < n; i++)
    {
      NsStack *c = g_ptr_array_index (net.stacks, 2 + 2 * i);
      NsTcpSendParams params = { .target = edge_addr (2, i, 2), .port = DISCARD_PORT,
                                 .bytes = bytes };

      ns_tcp_send_start (c, &params, "server");
    }
  /* Run until the network is quiet (every transfer finished, TIME-WAIT
   * over) or the deadline. */
  while (ns_sim_step (net.sim) && ns_sim_now (net.sim) <= deadline)
    ;
  for (guint i = 0; i < 2 * n; i++)
    {
      const NsTcpStats *st = ns_tcp_get_stats (g_ptr_array_index (net.stacks, 2 + i));

      done += st->retransmissions;
      resets += st->resets_sent;
    }
  printf ("  ours: simulated %.3f s (to the end of TIME-WAIT), %" G_GUINT64_FORMAT " events, %"
          G_GUINT64_FORMAT " retransmissions, %" G_GUINT64_FORMAT " resets\n",
          (double) ns_sim_now (net.sim) / NS_NSEC_PER_SEC, ns_sim_events_run (net.sim), done,
          resets);
  if (net.trace != NULL)
    {
      guint ok = 0;

      for (guint i = 0; i < ns_trace_len (net.trace); i++)
        {
          const NsTraceEvent *ev = ns_trace_get (net.trace, i);

          ok += ev->kind == NS_TRACE_APP && ev->ok;
          if (ev->kind == NS_TRACE_APP && !ev->ok)
            printf ("  failed: %s: %s\n", ev->node, ev->detail);
        }
      printf ("  ours: %u of %u transfers acknowledged, %u trace events\n", ok, n,
              ns_trace_len (net.trace));
    }
  fflush (stdout);
  g_ptr_array_unref (net.stacks);
  g_ptr_array_unref (net.links);
  ns_sim_free (net.sim);
  if (net.trace != NULL)
    ns_trace_free (net.trace);
  return done;
}

typedef struct {
  double wall_s;
  double peak_mib;
  int    status;
} Measure;

/* Runs @child_main in a child process (or execs @argv) and measures it. */
static Measure
measure (guint n, guint64 bytes, guint64 seed, gboolean trace, char **argv)
{
  Measure m = { 0 };
  struct rusage ru;
  gint64 t0 = g_get_monotonic_time ();
  pid_t pid;
  int status = 0;

  fflush (stdout);
  pid = fork ();
  if (pid < 0)
    {
      m.status = -1;
      return m;
    }
  if (pid == 0)
    {
      if (argv != NULL)
        {
          execv (argv[0], argv);
          fprintf (stderr, "cannot run %s: %s\n", argv[0], g_strerror (errno));
          _exit (127);
        }
      run_ours (n, bytes, seed, trace);
      _exit (0);
    }
  wait4 (pid, &status, 0, &ru);
  m.wall_s = (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;
  m.peak_mib = (double) ru.ru_maxrss / 1024.0;   /* ru_maxrss is in KiB on Linux */
  m.status = status;
  return m;
}

int
main (int argc, char **argv)
{
  g_autoptr (GArray) ns = g_array_new (FALSE, FALSE, sizeof (guint));
  guint64 bytes = 1000000, seed = 1;
  gboolean trace = FALSE;
  const char *ns3 = NULL;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--n") && i + 1 < argc)
        {
          guint v = (guint) strtoul (argv[++i], NULL, 10);
          g_array_append_val (ns, v);
        }
      else if (g_str_equal (argv[i], "--bytes") && i + 1 < argc)
        bytes = g_ascii_strtoull (argv[++i], NULL, 10);
      else if (g_str_equal (argv[i], "--seed") && i + 1 < argc)
        seed = g_ascii_strtoull (argv[++i], NULL, 10);
      else if (g_str_equal (argv[i], "--trace"))
        trace = TRUE;
      else if (g_str_equal (argv[i], "--ns3") && i + 1 < argc)
        ns3 = argv[++i];
      else
        {
          fprintf (stderr, "usage: %s [--n N]... [--bytes B] [--seed S] [--trace] [--ns3 PATH]\n",
                   argv[0]);
          return 2;
        }
    }
  if (ns->len == 0)
    {
      guint defaults[] = { 20, 200 };
      g_array_append_vals (ns, defaults, G_N_ELEMENTS (defaults));
    }
  for (guint k = 0; k < ns->len; k++)
    {
      guint n = g_array_index (ns, guint, k);
      Measure ours, theirs;

      printf ("dumbbell N=%u, %" G_GUINT64_FORMAT " bytes per client%s\n", n, bytes,
              trace ? ", trace recorded" : "");
      ours = measure (n, bytes, seed, trace, NULL);
      printf ("  ours: wall %.3f s, peak memory %.1f MiB\n", ours.wall_s, ours.peak_mib);
      if (ns3 != NULL)
        {
          g_autofree char *arg_n = g_strdup_printf ("--n=%u", n);
          g_autofree char *arg_b = g_strdup_printf ("--bytes=%" G_GUINT64_FORMAT, bytes);
          g_autofree char *arg_s = g_strdup_printf ("--seed=%" G_GUINT64_FORMAT, seed);
          char *args[] = { (char *) ns3, arg_n, arg_b, arg_s, NULL };

          theirs = measure (n, bytes, seed, FALSE, args);
          printf ("  ns-3: wall %.3f s, peak memory %.1f MiB%s\n", theirs.wall_s,
                  theirs.peak_mib, theirs.status == 0 ? "" : " (FAILED)");
          if (theirs.wall_s > 0 && theirs.peak_mib > 0)
            printf ("  ratio: wall %.3f (goal <= 0.2), memory %.3f (goal <= 0.5)\n",
                    ours.wall_s / theirs.wall_s, ours.peak_mib / theirs.peak_mib);
        }
      fflush (stdout);
    }
  return 0;
}
