/* bench-memory.c: memory per idle host (goal, docs/architecture.md: under 16 KiB).
 *
 * A generated network: a core router joined to R edge routers by /30
 * links; each edge router has S switches, each switch H hosts on a /24
 * with a gateway; "routing": "auto", no scenario. The run (src/core/run.h)
 * is built from it and simulated (nothing happens: the hosts are idle).
 *
 * Method: the heap in use is read with glibc's mallinfo2() (uordblks, the
 * bytes of the chunks in use including malloc's own header per chunk, plus
 * hblkhd, the mmap'ed blocks) just before ns_run_new() and after
 * ns_run_execute(); the topology is loaded before, so its own size is
 * reported apart. GLib 2.74's slice allocator would hide its allocations
 * from malloc, so the program re-executes itself with G_SLICE=always-malloc.
 * Two figures:
 *   - the whole run divided by the number of hosts (routers, switches,
 *     links, engine and trace included), for H = 50;
 *   - the marginal cost of one more host: (run with H = 50 minus run with
 *     H = 25, same routers and switches) / (hosts added). Each added host
 *     brings its stack, its link, its switch port and its share of the
 *     copied topology. This is the "per idle host" figure of the goal.
 *
 *   bench-memory [R S]     (default 10 edge routers, 4 switches each)
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/run.h"
#include "core/topology-file.h"

static char *
generate (guint n_routers, guint n_switches, guint n_hosts)
{
  GString *s = g_string_sized_new (1 << 20);
  GString *links = g_string_new ("");
  guint n_links = 0;

  g_string_append (s, "{\"format\": \"netsketch\", \"version\": 1, \"title\": \"Idle hosts\",\n"
                      " \"seed\": 1, \"routing\": \"auto\", \"nodes\": [\n");
  g_string_append (s, "  {\"id\": \"core\", \"kind\": \"router\", \"interfaces\": [");
  for (guint r = 0; r < n_routers; r++)
    g_string_append_printf (s, "%s{\"name\": \"eth%u\", \"ip\": \"172.16.%u.1/30\"}",
                            r ? ", " : "", r, r);
  g_string_append (s, "]}");
  for (guint r = 0; r < n_routers; r++)
    {
      g_string_append_printf (s, ",\n  {\"id\": \"r%u\", \"kind\": \"router\", \"interfaces\": "
                              "[{\"name\": \"up\", \"ip\": \"172.16.%u.2/30\"}", r, r);
      for (guint w = 0; w < n_switches; w++)
        g_string_append_printf (s, ", {\"name\": \"eth%u\", \"ip\": \"10.%u.%u.1/24\"}", w, r, w);
      g_string_append (s, "]}");
      g_string_append_printf (links,
                              "%s{\"id\": \"l%u\", \"a\": \"core:eth%u\", \"b\": \"r%u:up\"}",
                              n_links ? ",\n  " : "", n_links, r, r);
      n_links++;
      for (guint w = 0; w < n_switches; w++)
        {
          g_string_append_printf (s, ",\n  {\"id\": \"s%u-%u\", \"kind\": \"switch\", "
                                  "\"interfaces\": [{\"name\": \"up\"}", r, w);
          for (guint h = 0; h < n_hosts; h++)
            g_string_append_printf (s, ", {\"name\": \"p%u\"}", h);
          g_string_append (s, "]}");
          g_string_append_printf (links, ",\n  {\"id\": \"l%u\", \"a\": \"r%u:eth%u\", "
                                  "\"b\": \"s%u-%u:up\"}", n_links++, r, w, r, w);
          for (guint h = 0; h < n_hosts; h++)
            {
              g_string_append_printf (s, ",\n  {\"id\": \"h%u-%u-%u\", \"kind\": \"host\", "
                                      "\"interfaces\": [{\"name\": \"eth0\", "
                                      "\"ip\": \"10.%u.%u.%u/24\"}], \"gateway\": \"10.%u.%u.1\"}",
                                      r, w, h, r, w, h + 2, r, w);
              g_string_append_printf (links, ",\n  {\"id\": \"l%u\", \"a\": \"h%u-%u-%u:eth0\", "
                                      "\"b\": \"s%u-%u:p%u\"}", n_links++, r, w, h, r, w, h);
            }
        }
    }
  g_string_append_printf (s, "\n ],\n \"links\": [\n  %s\n ]\n}\n", links->str);
  g_string_free (links, TRUE);
  return g_string_free (s, FALSE);
}

static gsize
heap_in_use (void)
{
  struct mallinfo2 mi = mallinfo2 ();

  return mi.uordblks + mi.hblkhd;
}

typedef struct {
  guint hosts;
  gsize topology;  /* the loaded document */
  gsize built;     /* after ns_run_new */
  gsize executed;  /* after ns_run_execute */
} Measure;

static gboolean
measure (guint n_routers, guint n_switches, guint n_hosts, Measure *m)
{
  g_autofree char *json = generate (n_routers, n_switches, n_hosts);
  g_autoptr (GError) error = NULL;
  NsTopology *t;
  NsRun *run;
  gsize before;

  malloc_trim (0);
  before = heap_in_use ();
  t = ns_topology_load_data (json, -1, "generated", &error);
  if (t == NULL)
    {
      g_printerr ("bench-memory: %s\n", error->message);
      return FALSE;
    }
  m->topology = heap_in_use () - before;
  before = heap_in_use ();
  run = ns_run_new (t, FALSE, 0, &error);
  if (run == NULL)
    {
      g_printerr ("bench-memory: %s\n", error->message);
      ns_topology_free (t);
      return FALSE;
    }
  m->built = heap_in_use () - before;
  ns_run_execute (run, NS_RUN_DEFAULT_UNTIL);
  m->executed = heap_in_use () - before;
  m->hosts = n_routers * n_switches * n_hosts;
  if (ns_sim_events_run (ns_run_get_sim (run)) != 0)
    g_printerr ("bench-memory: %" G_GUINT64_FORMAT " events ran on an idle network\n",
                ns_sim_events_run (ns_run_get_sim (run)));
  ns_run_free (run);
  ns_topology_free (t);
  return TRUE;
}

int
main (int argc, char **argv)
{
  guint n_routers = argc > 2 ? (guint) atoi (argv[1]) : 10;
  guint n_switches = argc > 2 ? (guint) atoi (argv[2]) : 4;
  Measure half, full;
  double marginal_built, marginal_exec;

  if (g_strcmp0 (g_getenv ("G_SLICE"), "always-malloc") != 0)
    {
      g_setenv ("G_SLICE", "always-malloc", TRUE);
      execv ("/proc/self/exe", argv);
      g_printerr ("bench-memory: cannot re-execute with G_SLICE=always-malloc\n");
      return EXIT_FAILURE;
    }
  n_routers = CLAMP (n_routers, 1, 200);
  n_switches = CLAMP (n_switches, 1, 200);
  /* A first build warms up GLib's own caches (quarks, interned strings of
   * the interface names) so that neither measured build pays for them. */
  if (!measure (n_routers, n_switches, 25, &half) || !measure (n_routers, n_switches, 25, &half)
      || !measure (n_routers, n_switches, 50, &full))
    return EXIT_FAILURE;
  if (full.built == 0)
    {
      /* AddressSanitizer's allocator, for one, does not report to mallinfo2. */
      g_printerr ("bench-memory: mallinfo2() sees no heap in use: not glibc's malloc?\n");
      return EXIT_FAILURE;
    }
  marginal_built = (double) ((gssize) full.built - (gssize) half.built) / (full.hosts - half.hosts);
  marginal_exec = (double) ((gssize) full.executed - (gssize) half.executed)
                  / (full.hosts - half.hosts);
  printf ("bench-memory: %u routers + 1, %u switches, %u idle hosts (heap by mallinfo2)\n",
          n_routers, n_routers * n_switches, full.hosts);
  printf ("  topology document:        %8.1f KiB (%.0f B a host)\n", full.topology / 1024.0,
          (double) full.topology / full.hosts);
  printf ("  run built (ns_run_new):   %8.1f KiB (%.0f B a host, everything included)\n",
          full.built / 1024.0, (double) full.built / full.hosts);
  printf ("  run after execute:        %8.1f KiB (%.0f B a host, everything included)\n",
          full.executed / 1024.0, (double) full.executed / full.hosts);
  printf ("  one more idle host:       %8.0f B built, %.0f B after execute (goal < 16384 B)\n",
          marginal_built, marginal_exec);
  return marginal_exec < 16384 ? EXIT_SUCCESS : EXIT_FAILURE;
}
