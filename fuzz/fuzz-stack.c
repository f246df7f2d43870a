/* fuzz-stack.c: arbitrary frames fed into a running network. A host and a
 * router with every service are built once per input; the input is split
 * into frames (a 2-byte length before each) delivered to the router's and
 * the host's interfaces at successive instants, while the host pings and
 * talks TCP through the router. The run must go on, and running the same
 * input twice must give the same trace. */
#include <string.h>

#include <glib.h>

#include "core/run.h"
#include "core/topology-file.h"
#include "net/stack.h"

int LLVMFuzzerTestOneInput (const guint8 *data, gsize len);

static const char topology_text[] =
  "{\"format\":\"netsketch\",\"version\":1,\"seed\":1,\"nodes\":["
  "{\"id\":\"h\",\"kind\":\"host\",\"interfaces\":[{\"name\":\"eth0\",\"ip\":\"10.0.0.10/24\"}],"
  " \"dns\":[\"10.0.1.53\"]},"
  "{\"id\":\"r\",\"kind\":\"router\",\"interfaces\":[{\"name\":\"eth0\",\"ip\":\"10.0.0.1/24\"},"
  "  {\"name\":\"eth1\",\"ip\":\"10.0.1.1/24\"}]},"
  "{\"id\":\"s\",\"kind\":\"host\",\"interfaces\":[{\"name\":\"eth0\",\"ip\":\"10.0.1.53/24\"}],"
  " \"services\":[{\"type\":\"udp-echo\",\"port\":7},{\"type\":\"tcp-echo\",\"port\":7},"
  "  {\"type\":\"http-server\",\"port\":80,\"body_bytes\":500},"
  "  "
  "{\"type\":\"dns-server\",\"port\":53,\"records\":[{\"name\":\"a.test\",\"type\":\"A\",\"value\":"
  "\"10.0.1.53\"}]}]}],"
  "\"links\":[{\"id\":\"l1\",\"a\":\"h:eth0\",\"b\":\"r:eth0\"},{\"id\":\"l2\",\"a\":\"r:eth1\","
  "\"b\":\"s:eth0\"}],"
  "\"scenario\":[{\"at\":0,\"node\":\"h\",\"do\":\"ping\",\"target\":\"10.0.1.53\",\"count\":2},"
  " {\"at\":0,\"node\":\"h\",\"do\":\"http-get\",\"url\":\"http://a.test/\"},"
  " {\"at\":0.1,\"node\":\"h\",\"do\":\"udp-send\",\"target\":\"10.0.1.53:7\",\"bytes\":20}]}";

typedef struct {
  NsRun        *run;
  const guint8 *data;
  gsize         len;
  gsize         pos;
} Feeder;

/* Delivers the next frame of the input to one of the nodes, then schedules
 * the following one a millisecond later. */
static void
feed_next (NsSim *sim, gpointer user_data)
{
  Feeder *f = user_data;
  NsStack *stack;
  gsize n;

  if (f->pos + 3 > f->len)
    return;
  n = MIN ((gsize) (f->data[f->pos] << 8 | f->data[f->pos + 1]), f->len - f->pos - 3);
  stack = ns_run_get_stack (f->run, (f->data[f->pos + 2] & 1) ? "r" : "h");
  f->pos += 3;
  ns_stack_input_frame (stack, 0, ns_packet_new_from_data (f->data + f->pos, n));
  f->pos += n;
  ns_sim_schedule (sim, NS_NSEC_PER_MSEC, feed_next, f);
}

static guint
run_once (const NsTopology *topology, const guint8 *data, gsize len, GString *digest)
{
  g_autoptr (NsRun) run = ns_run_new (topology, FALSE, 0, NULL);
  Feeder feeder = { run, data, len, 0 };
  NsTrace *trace;

  g_assert_nonnull (run);
  ns_sim_schedule (ns_run_get_sim (run), 0, feed_next, &feeder);
  ns_run_execute (run, 20 * NS_NSEC_PER_SEC);
  trace = ns_run_get_trace (run);
  for (guint i = 0; i < ns_trace_len (trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (trace, i);

      g_string_append_printf (digest, "%" G_GINT64_FORMAT " %d %" G_GUINT64_FORMAT " %s\n",
                              ev->t, ev->kind, ev->frame, ev->why ? ev->why : "");
    }
  return ns_trace_len (trace);
}

int
LLVMFuzzerTestOneInput (const guint8 *data, gsize len)
{
  static NsTopology *topology;
  g_autoptr (GString) first = g_string_new (NULL);
  g_autoptr (GString) second = g_string_new (NULL);

  if (topology == NULL)
    topology = ns_topology_load_data (topology_text, -1, "fuzz", NULL);
  g_assert_nonnull (topology);
  run_once (topology, data, len, first);
  run_once (topology, data, len, second);
  g_assert_cmpstr (first->str, ==, second->str);
  return 0;
}
