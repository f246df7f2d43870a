/* bench-load.c: loading a generated 2,000-node / 2,500-link topology
 * (goal, docs/architecture.md: under 50 ms), and, for scale, writing it back, validating it
 * and computing its routes.
 *
 *   ./build/bench/bench-load [RUNS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/routing.h"
#include "core/topology-file.h"

#define N_NODES 2000
#define N_LINKS 2500

/* Deterministic pseudo-random numbers (no wall clock, no g_random). */
static guint32
next (guint32 *state)
{
  *state = *state * 1664525u + 1013904223u;
  return *state >> 8;
}

static NsNodeKind
kind_of (guint i)
{
  if (i % 10 == 0)
    return NS_NODE_ROUTER;
  if (i % 10 == 1)
    return NS_NODE_SWITCH;
  return NS_NODE_HOST;
}

/* The topology as JSON text: a tree over all nodes plus random extra
 * links, every host and router interface with its own address in
 * 10.0.0.0/8, some services and a scenario. */
static char *
generate (gsize *len_out)
{
  GString *s = g_string_sized_new (1 << 20);
  guint *pairs = g_new (guint, 2 * N_LINKS);
  guint *degree = g_new0 (guint, N_NODES);
  guint *used = g_new0 (guint, N_NODES);
  guint32 state = 42;
  guint addr = 1;

  for (guint l = 0; l < N_LINKS; l++)
    {
      guint a, b;

      if (l < N_NODES - 1)
        {
          a = l + 1;
          b = next (&state) % a;
        }
      else
        do
          {
            a = next (&state) % N_NODES;
            b = next (&state) % N_NODES;
          }
        while (a == b);
      pairs[2 * l] = a;
      pairs[2 * l + 1] = b;
      degree[a]++;
      degree[b]++;
    }
  g_string_append (s, "{\n  \"format\": \"netsketch\",\n  \"version\": 1,\n"
                      "  \"title\": \"Generated\",\n  \"seed\": 7,\n  \"nodes\": [\n");
  for (guint i = 0; i < N_NODES; i++)
    {
      NsNodeKind kind = kind_of (i);

      g_string_append_printf (s, "    {\"id\": \"n%u\", \"kind\": \"%s\", \"x\": %u, \"y\": %u, "
                              "\"interfaces\": [", i, ns_node_kind_to_string (kind),
                              (i % 50) * 40, (i / 50) * 40);
      for (guint j = 0; j < degree[i]; j++)
        {
          if (kind == NS_NODE_SWITCH)
            g_string_append_printf (s, "%s{\"name\": \"p%u\"}", j ? ", " : "", j);
          else
            {
              g_string_append_printf (s, "%s{\"name\": \"eth%u\", \"ip\": \"10.%u.%u.%u/8\"}",
                                      j ? ", " : "", j, addr >> 16, (addr >> 8) & 255,
                                      addr & 255);
              addr++;
            }
        }
      g_string_append (s, "]");
      if (kind == NS_NODE_HOST && i % 7 == 0)
        g_string_append (s, ", \"services\": [{\"type\": \"udp-echo\", \"port\": 7}, "
                            "{\"type\": \"http-server\", \"port\": 80, \"body_bytes\": 5000}]");
      g_string_append (s, i + 1 < N_NODES ? "},\n" : "}\n");
    }
  g_string_append (s, "  ],\n  \"links\": [\n");
  for (guint l = 0; l < N_LINKS; l++)
    {
      guint a = pairs[2 * l], b = pairs[2 * l + 1];
      const char *pa = kind_of (a) == NS_NODE_SWITCH ? "p" : "eth";
      const char *pb = kind_of (b) == NS_NODE_SWITCH ? "p" : "eth";

      g_string_append_printf (s, "    {\"id\": \"l%u\", \"a\": \"n%u:%s%u\", \"b\": \"n%u:%s%u\", "
                              "\"delay_ms\": %u, \"loss\": 0.01}%s\n", l, a, pa, used[a]++, b, pb,
                              used[b]++, 1 + l % 5, l + 1 < N_LINKS ? "," : "");
    }
  g_string_append (
    s, "  ],\n  \"scenario\": [\n"
       "    {\"at\": 0, \"node\": \"n2\", \"do\": \"ping\", \"target\": \"n3\"},\n"
       "    {\"at\": 1, \"node\": \"n4\", \"do\": \"udp-send\", \"target\": \"10.0.0.9:7\"}\n"
       "  ]\n}\n");
  g_free (pairs);
  g_free (degree);
  g_free (used);
  *len_out = s->len;
  return g_string_free (s, FALSE);
}

/* CPU time of this thread in ms: on a busy machine wall time measures the
 * other processes too. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double) ts.tv_sec * 1000.0 + (double) ts.tv_nsec / 1e6;
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *v, guint n)
{
  qsort (v, n, sizeof *v, compare_doubles);
  return v[n / 2];
}

int
main (int argc, char **argv)
{
  guint runs = argc > 1 ? (guint) atoi (argv[1]) : 21;
  gsize len;
  g_autofree char *data = generate (&len);
  g_autofree double *load = NULL;
  g_autofree double *load_cpu = NULL;
  g_autofree double *save = NULL;
  g_autofree double *save_cpu = NULL;
  g_autoptr (GError) error = NULL;
  NsTopology *t = NULL;
  gint64 start;
  double cpu_start, validate_ms, routing_ms;

  runs = MAX (runs, 1);
  load = g_new (double, runs);
  load_cpu = g_new (double, runs);
  save = g_new (double, runs);
  save_cpu = g_new (double, runs);
  for (guint i = 0; i < runs; i++)
    {
      g_autofree char *out = NULL;

      g_clear_pointer (&t, ns_topology_free);
      start = g_get_monotonic_time ();
      cpu_start = cpu_ms ();
      t = ns_topology_load_data (data, (gssize) len, "generated", &error);
      load_cpu[i] = cpu_ms () - cpu_start;
      load[i] = (double) (g_get_monotonic_time () - start) / 1000.0;
      if (t == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      start = g_get_monotonic_time ();
      cpu_start = cpu_ms ();
      out = ns_topology_to_data (t, NULL);
      save_cpu[i] = cpu_ms () - cpu_start;
      save[i] = (double) (g_get_monotonic_time () - start) / 1000.0;
    }
  cpu_start = cpu_ms ();
  g_ptr_array_unref (ns_topology_validate (t));
  validate_ms = cpu_ms () - cpu_start;
  cpu_start = cpu_ms ();
  g_ptr_array_unref (ns_routing_compute (t));
  routing_ms = cpu_ms () - cpu_start;
  printf ("topology: %u nodes, %u links, %" G_GSIZE_FORMAT " bytes of JSON\n",
          t->nodes->len, t->links->len, len);
  printf (
    "load (parse + check + build): %.2f ms wall, %.2f ms CPU  (medians of %u; goal < 50 ms)\n",
    median (load, runs), median (load_cpu, runs), runs);
  printf ("save (to_data):               %.2f ms wall, %.2f ms CPU\n", median (save, runs),
          median (save_cpu, runs));
  printf ("validate alone:               %.2f ms CPU\n", validate_ms);
  printf ("auto routing:                 %.2f ms CPU\n", routing_ms);
  ns_topology_free (t);
  return 0;
}
