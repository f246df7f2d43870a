/* test-sim.c: the event engine, the generator, packet buffers and links. */
#include <string.h>

#include "sim/link.h"
#include "sim/packet.h"
#include "sim/sim.h"
#include "sim/trace.h"

typedef struct {
  GString *log;
  NsSim   *sim;
  guint    tag;
} Recorder;

static Recorder recorders[16];

static void
log_event (NsSim *sim, gpointer data)
{
  Recorder *r = data;

  g_string_append_printf (r->log, "%u@%" G_GINT64_FORMAT " ", r->tag, ns_sim_now (sim));
}

static void
test_order_and_ties (void)
{
  g_autoptr (NsSim) sim = ns_sim_new (1);
  g_autoptr (GString) log = g_string_new ("");

  for (guint i = 0; i < 6; i++)
    recorders[i] = (Recorder) { log, sim, i };
  ns_sim_schedule_at (sim, 30, log_event, &recorders[0]);
  ns_sim_schedule_at (sim, 10, log_event, &recorders[1]);
  ns_sim_schedule_at (sim, 20, log_event, &recorders[2]);
  /* Three at the same instant run in the order they were scheduled. */
  ns_sim_schedule_at (sim, 10, log_event, &recorders[3]);
  ns_sim_schedule_at (sim, 10, log_event, &recorders[4]);
  ns_sim_schedule_at (sim, 0, log_event, &recorders[5]);
  while (ns_sim_step (sim))
    ;
  g_assert_cmpstr (log->str, ==, "5@0 1@10 3@10 4@10 2@20 0@30 ");
  g_assert_cmpuint (ns_sim_events_run (sim), ==, 6);
}

static void
test_cancel (void)
{
  g_autoptr (NsSim) sim = ns_sim_new (1);
  g_autoptr (GString) log = g_string_new ("");
  NsEventId a, b, c;

  for (guint i = 0; i < 3; i++)
    recorders[i] = (Recorder) { log, sim, i };
  a = ns_sim_schedule_at (sim, 5, log_event, &recorders[0]);
  b = ns_sim_schedule_at (sim, 6, log_event, &recorders[1]);
  c = ns_sim_schedule_at (sim, 7, log_event, &recorders[2]);
  g_assert_cmpuint (a, !=, 0);
  ns_sim_cancel (sim, b);
  ns_sim_clear_event (sim, &c);
  g_assert_cmpuint (c, ==, 0);
  ns_sim_cancel (sim, 9999);   /* unknown: no-op */
  g_assert_cmpint (ns_sim_next_time (sim), ==, 5);
  g_assert_cmpuint (ns_sim_run_until (sim, 100), ==, 1);
  g_assert_cmpstr (log->str, ==, "0@5 ");
  g_assert_cmpint (ns_sim_now (sim), ==, 100);
  g_assert_cmpint (ns_sim_next_time (sim), ==, G_MAXINT64);
}

static void
test_run_until_stops_at_cancelled_boundary (void)
{
  g_autoptr (NsSim) sim = ns_sim_new (1);
  g_autoptr (GString) log = g_string_new ("");
  NsEventId early;

  recorders[0] = (Recorder) { log, sim, 0 };
  recorders[1] = (Recorder) { log, sim, 1 };
  early = ns_sim_schedule_at (sim, 10, log_event, &recorders[0]);
  ns_sim_schedule_at (sim, 50, log_event, &recorders[1]);
  ns_sim_cancel (sim, early);
  /* The cancelled event is due, the live one is not: nothing runs. */
  g_assert_cmpuint (ns_sim_run_until (sim, 20), ==, 0);
  g_assert_cmpstr (log->str, ==, "");
  g_assert_cmpint (ns_sim_now (sim), ==, 20);
}

typedef struct {
  GArray *order;
  guint   index;
} Numbered;

static void
record_index (NsSim *sim, gpointer data)
{
  Numbered *n = data;

  (void) sim;
  g_array_append_val (n->order, n->index);
}

/* Many cancels (as TCP re-arming its RTO gives): the queue sheds the dead
 * events, and what is left still runs in (time, insertion) order; stale
 * ids (run, cancelled, shed) cancel nothing. */
static void
test_cancel_many (void)
{
  enum { N = 3000 };
  g_autoptr (NsSim) sim = ns_sim_new (1);
  g_autoptr (GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree Numbered *args = g_new (Numbered, N);
  g_autofree NsEventId *ids = g_new (NsEventId, N);
  g_autofree gint64 *times = g_new (gint64, N);
  guint32 lcg = 7;

  for (guint i = 0; i < N; i++)
    {
      lcg = lcg * 1664525u + 1013904223u;
      times[i] = (gint64) ((lcg >> 8) % 50);   /* 50 distinct times: many ties */
      args[i] = (Numbered) { order, i };
      ids[i] = ns_sim_schedule_at (sim, times[i], record_index, &args[i]);
    }
  for (guint i = 0; i < N; i++)
    if (i % 3 != 0)
      ns_sim_cancel (sim, ids[i]);
  for (guint i = 0; i < N; i++)
    if (i % 3 == 1)
      ns_sim_cancel (sim, ids[i]);   /* twice: no-op */
  g_assert_cmpuint (ns_sim_pending (sim), ==, N / 3);
  while (ns_sim_step (sim))
    ;
  g_assert_cmpuint (order->len, ==, N / 3);
  for (guint k = 0; k < order->len; k++)
    {
      guint b = g_array_index (order, guint, k);

      g_assert_cmpuint (b % 3, ==, 0);
      if (k > 0)
        {
          guint a = g_array_index (order, guint, k - 1);

          g_assert_true (times[a] < times[b] || (times[a] == times[b] && a < b));
        }
    }
  /* Ids that ran or were cancelled do nothing now, nor do they touch the
   * event that reuses one of their slots. */
  ns_sim_schedule_at (sim, 100, record_index, &args[0]);
  for (guint i = 0; i < N; i++)
    ns_sim_cancel (sim, ids[i]);
  g_assert_cmpuint (ns_sim_pending (sim), ==, 1);
  g_assert_cmpint (ns_sim_next_time (sim), ==, 100);
}

static void
reschedule (NsSim *sim, gpointer data)
{
  guint *left = data;

  if (--*left > 0)
    ns_sim_schedule (sim, 3, reschedule, left);
}

static void
test_schedule_from_event (void)
{
  g_autoptr (NsSim) sim = ns_sim_new (1);
  guint left = 1000;

  ns_sim_schedule (sim, 0, reschedule, &left);
  ns_sim_run_until (sim, G_MAXINT64 / 2);
  g_assert_cmpuint (left, ==, 0);
  g_assert_cmpuint (ns_sim_events_run (sim), ==, 1000);
}

static void
test_rng (void)
{
  NsRng a, b, c;
  guint64 first;
  double sum = 0;

  ns_rng_init (&a, 42);
  ns_rng_init (&b, 42);
  ns_rng_init (&c, 43);
  first = ns_rng_next_u64 (&a);
  g_assert_cmpuint (first, ==, ns_rng_next_u64 (&b));
  g_assert_cmpuint (first, !=, ns_rng_next_u64 (&c));
  for (guint i = 0; i < 100000; i++)
    {
      double d = ns_rng_next_double (&a);
      guint32 r = ns_rng_range (&b, 10, 20);

      g_assert_cmpfloat (d, >=, 0.0);
      g_assert_cmpfloat (d, <, 1.0);
      g_assert_cmpuint (r, >=, 10);
      g_assert_cmpuint (r, <=, 20);
      sum += d;
    }
  g_assert_cmpfloat_with_epsilon (sum / 100000, 0.5, 0.01);
}

static void
test_packet_headroom (void)
{
  NsPacket *p = ns_packet_new_from_data ("payload", 7);
  NsPacket *shared;
  guint8 *h;

  g_assert_cmpuint (ns_packet_headroom (p), ==, NS_PACKET_HEADROOM);
  h = ns_packet_push (p, 4);
  memcpy (h, "HDR:", 4);
  g_assert_cmpuint (p->len, ==, 11);
  g_assert_cmpmem (p->data, p->len, "HDR:payload", 11);
  g_assert_true (ns_packet_pull (p, 4));
  g_assert_false (ns_packet_pull (p, 100));
  g_assert_cmpmem (p->data, p->len, "payload", 7);

  /* A shared buffer is copied before it is changed. */
  shared = ns_packet_ref (p);
  p = ns_packet_make_writable (p);
  g_assert_true (p != shared);
  p->data[0] = 'P';
  g_assert_cmpmem (shared->data, shared->len, "payload", 7);
  ns_packet_unref (shared);
  /* Now the only reference: no copy. */
  g_assert_true (ns_packet_make_writable (p) == p);

  /* Pushing beyond the headroom still works. */
  h = ns_packet_push (p, NS_PACKET_HEADROOM + 100);
  memset (h, 0, NS_PACKET_HEADROOM + 100);
  g_assert_cmpmem (p->data + NS_PACKET_HEADROOM + 100, 7, "Payload", 7);
  ns_packet_unref (p);
}

/* A link test bench: frames received at each end are logged. */
typedef struct {
  GArray *arrivals;   /* of gint64, arrival times at end 1 */
  GArray *sizes;
} Sink;

static void
sink_deliver (NsLink *link, guint end, NsPacket *packet, gpointer user_data)
{
  Sink *sink = user_data;

  g_array_append_val (sink->sizes, packet->len);
  ns_packet_unref (packet);
}

static gint64 sink_now;

static void
timed_deliver (NsLink *link, guint end, NsPacket *packet, gpointer user_data)
{
  Sink *sink = user_data;

  g_array_append_val (sink->arrivals, sink_now);
  sink_deliver (link, end, packet, user_data);
}

static NsSim *bench_sim;

static void
clocked_deliver (NsLink *link, guint end, NsPacket *packet, gpointer user_data)
{
  sink_now = ns_sim_now (bench_sim);
  timed_deliver (link, end, packet, user_data);
}

static void
test_link_timing_and_queue (void)
{
  g_autoptr (NsSim) sim = ns_sim_new (1);
  g_autoptr (NsTrace) trace = ns_trace_new ();
  NsLinkParams params;
  NsLink *link;
  Sink sink = { g_array_new (FALSE, FALSE, sizeof (gint64)),
                g_array_new (FALSE, FALSE, sizeof (gsize)) };
  guint drops = 0;

  bench_sim = sim;
  ns_sim_set_trace (sim, trace);
  ns_link_params_init_default (&params);
  params.delay_ns = 2 * NS_NSEC_PER_MSEC;
  params.bandwidth_bps = 8 * 1000 * 1000;   /* 1 byte per microsecond */
  params.queue_packets = 2;
  link = ns_link_new (sim, "l1", &params);
  ns_link_attach (link, 0, "a:eth0", clocked_deliver, NULL);
  ns_link_attach (link, 1, "b:eth0", clocked_deliver, &sink);

  /* Four 1000-byte frames at once: one on the wire, two queued, one dropped. */
  for (guint i = 0; i < 4; i++)
    {
      NsPacket *p = ns_packet_new (0, 1000);
      memset (p->data, (int) i, 1000);
      if (!ns_link_send (link, 0, p))
        drops++;
    }
  g_assert_cmpuint (drops, ==, 1);
  g_assert_cmpuint (ns_link_queue_length (link, 0), ==, 2);
  ns_sim_run_until (sim, NS_NSEC_PER_SEC);
  g_assert_cmpuint (sink.arrivals->len, ==, 3);
  /* Serialisation 1 ms each, back to back, then 2 ms of propagation. */
  g_assert_cmpint (g_array_index (sink.arrivals, gint64, 0), ==, 3 * NS_NSEC_PER_MSEC);
  g_assert_cmpint (g_array_index (sink.arrivals, gint64, 1), ==, 4 * NS_NSEC_PER_MSEC);
  g_assert_cmpint (g_array_index (sink.arrivals, gint64, 2), ==, 5 * NS_NSEC_PER_MSEC);
  g_assert_cmpuint (ns_link_get_stats (link)->queue_dropped, ==, 1);

  /* Trace: tx, tx? no: tx0, drop(queue), then tx1 at 1 ms, ... */
  g_assert_cmpint (ns_trace_get (trace, 0)->kind, ==, NS_TRACE_TX);
  g_assert_cmpuint (ns_trace_get (trace, 0)->frame, ==, 1);
  g_assert_cmpstr (ns_trace_get (trace, 0)->iface, ==, "a:eth0");
  g_assert_cmpint (ns_trace_get (trace, 1)->kind, ==, NS_TRACE_DROP);
  g_assert_cmpstr (ns_trace_get (trace, 1)->reason, ==, "queue");
  g_assert_cmpstr (ns_trace_get (trace, 1)->node, ==, "a");
  g_assert_nonnull (ns_trace_get (trace, 1)->why);
  ns_link_free (link);
  g_array_unref (sink.arrivals);
  g_array_unref (sink.sizes);
}

static guint
count_delivered (guint64 seed, double loss, const guint *drop_nth, guint n_drop, guint frames,
                 NsTrace *trace)
{
  g_autoptr (NsSim) sim = ns_sim_new (seed);
  NsLinkParams params;
  NsLink *link;
  Sink sink = { g_array_new (FALSE, FALSE, sizeof (gint64)),
                g_array_new (FALSE, FALSE, sizeof (gsize)) };
  guint delivered;

  bench_sim = sim;
  ns_sim_set_trace (sim, trace);
  ns_link_params_init_default (&params);
  params.loss = loss;
  params.drop_nth = drop_nth;
  params.n_drop_nth = n_drop;
  params.bandwidth_bps = 0;
  params.queue_packets = frames;
  link = ns_link_new (sim, "lossy", &params);
  ns_link_attach (link, 0, "a:eth0", clocked_deliver, &sink);
  ns_link_attach (link, 1, "b:eth0", clocked_deliver, &sink);
  for (guint i = 0; i < frames; i++)
    {
      NsPacket *p = ns_packet_new (0, 60);
      p->data[0] = (guint8) i;
      ns_link_send (link, i % 2, p);
    }
  ns_sim_run_until (sim, NS_NSEC_PER_SEC);
  delivered = sink.sizes->len;
  ns_link_free (link);
  g_array_unref (sink.arrivals);
  g_array_unref (sink.sizes);
  return delivered;
}

static void
test_link_loss (void)
{
  guint a = count_delivered (7, 0.3, NULL, 0, 10000, NULL);
  guint b = count_delivered (7, 0.3, NULL, 0, 10000, NULL);
  guint c = count_delivered (8, 0.3, NULL, 0, 10000, NULL);

  g_assert_cmpuint (a, ==, b);
  g_assert_cmpuint (a, !=, c);
  g_assert_cmpuint (a, >, 6700);
  g_assert_cmpuint (a, <, 7300);
}

static void
test_link_drop_nth (void)
{
  g_autoptr (NsTrace) trace = ns_trace_new ();
  const guint nth[] = { 5, 2 };
  guint drops = 0;

  /* Counted over both directions: frames 2 and 5 are lost, whatever their way. */
  g_assert_cmpuint (count_delivered (1, 0, nth, 2, 6, trace), ==, 4);
  for (guint i = 0; i < ns_trace_len (trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (trace, i);

      if (ev->kind == NS_TRACE_DROP)
        {
          g_assert_cmpstr (ev->reason, ==, "drop_nth");
          g_assert_true (ev->frame == 2 || ev->frame == 5);
          drops++;
        }
    }
  g_assert_cmpuint (drops, ==, 2);
}

int
main (int argc, char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/engine/order-and-ties", test_order_and_ties);
  g_test_add_func ("/sim/engine/cancel", test_cancel);
  g_test_add_func ("/sim/engine/cancel-many", test_cancel_many);
  g_test_add_func ("/sim/engine/run-until-cancelled-boundary",
                   test_run_until_stops_at_cancelled_boundary);
  g_test_add_func ("/sim/engine/schedule-from-event", test_schedule_from_event);
  g_test_add_func ("/sim/rng", test_rng);
  g_test_add_func ("/sim/packet/headroom", test_packet_headroom);
  g_test_add_func ("/sim/link/timing-and-queue", test_link_timing_and_queue);
  g_test_add_func ("/sim/link/loss", test_link_loss);
  g_test_add_func ("/sim/link/drop-nth", test_link_drop_nth);
  ret = g_test_run ();
  ns_packet_pool_trim ();
  return ret;
}
