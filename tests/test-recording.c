/* test-recording.c: what a run keeps for the player, and what it costs:
 * TCP variables as fixed records made only when a variable changes. */
#include <string.h>

#include "core/player.h"
#include "core/run.h"
#include "core/topology-file.h"
#include "core/trace-file.h"
#include "sim/trace.h"

static NsRun *
run_example (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("NS_EXAMPLES_DIR"), name, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (NsTopology) topology = ns_topology_load_file (path, &error);
  NsRun *run;

  g_assert_no_error (error);
  run = ns_run_new (topology, FALSE, 0, &error);
  g_assert_no_error (error);
  ns_run_execute (run, NS_RUN_DEFAULT_UNTIL);
  return run;
}

/* The bits of the variables that differ between @a and @b. */
static guint32
differences (const NsTraceTcpVars *a, const NsTraceTcpVars *b)
{
  guint32 bits = 0;

#define BIT(field, bit) bits |= a->field != b->field ? (guint32) (bit) : 0u
  BIT (state, NS_TCP_VAR_STATE);
  BIT (iss, NS_TCP_VAR_ISS);
  BIT (irs, NS_TCP_VAR_IRS);
  BIT (snd_una, NS_TCP_VAR_SND_UNA);
  BIT (snd_nxt, NS_TCP_VAR_SND_NXT);
  BIT (snd_max, NS_TCP_VAR_SND_MAX);
  BIT (snd_wnd, NS_TCP_VAR_SND_WND);
  BIT (rcv_nxt, NS_TCP_VAR_RCV_NXT);
  BIT (rcv_wnd, NS_TCP_VAR_RCV_WND);
  BIT (cwnd, NS_TCP_VAR_CWND);
  BIT (ssthresh, NS_TCP_VAR_SSTHRESH);
  BIT (flight_size, NS_TCP_VAR_FLIGHT);
  BIT (srtt_ns, NS_TCP_VAR_SRTT);
  BIT (rttvar_ns, NS_TCP_VAR_RTTVAR);
  BIT (rto_ns, NS_TCP_VAR_RTO);
  BIT (rto_deadline, NS_TCP_VAR_RTO_DEADLINE);
  BIT (bytes_acked, NS_TCP_VAR_BYTES_ACKED);
#undef BIT
  return bits;
}

/* Every record differs from its connection's previous one, says exactly
 * which variables changed, and the player's samples are the records. */
static void
test_tcp_vars_only_on_change (void)
{
  g_autoptr (NsRun) run = run_example ("tcp-reliable.netsketch.json");
  NsTrace *trace = ns_run_get_trace (run);
  g_autoptr (GHashTable) last = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (NsPlayer) player = ns_player_new (trace, ns_run_get_topology (run));
  guint records = 0, cwnd_changes = 0, timer_changes = 0, samples = 0;
  guint64 acked = 0;

  for (guint i = 0; i < ns_trace_len (trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (trace, i);
      g_autofree char *key = NULL;
      const NsTraceTcpVars *prev;

      if (ev->kind != NS_TRACE_TCP_VARS)
        continue;
      g_assert_nonnull (ev->tcp_vars);
      g_assert_null (ev->fields);
      records++;
      key = g_strdup_printf ("%s|%s|%s", ev->node, ev->local, ev->remote);
      prev = g_hash_table_lookup (last, key);
      if (prev == NULL)
        g_assert_cmphex (ev->tcp_vars->changed, ==, G_MAXUINT32);
      else
        {
          g_assert_cmphex (ev->tcp_vars->changed, !=, 0);
          g_assert_cmphex (ev->tcp_vars->changed, ==, differences (prev, ev->tcp_vars));
          cwnd_changes += (ev->tcp_vars->changed & NS_TCP_VAR_CWND) != 0;
          timer_changes += (ev->tcp_vars->changed & NS_TCP_VAR_RTO_DEADLINE) != 0;
        }
      if (g_str_equal (ev->node, "laptop"))
        acked = ev->tcp_vars->bytes_acked;
      g_hash_table_insert (last, g_steal_pointer (&key), (gpointer) ev->tcp_vars);
    }
  g_assert_cmpuint (records, >, 10);
  g_assert_cmpuint (cwnd_changes, >, 0);
  g_assert_cmpuint (timer_changes, >, 0);
  /* The sender's last record has every byte acknowledged. */
  g_assert_cmpuint (acked, ==, 20000);

  for (guint c = 0; c < ns_player_get_n_conns (player); c++)
    {
      guint n = 0;
      const NsPlayerConnVars *v = ns_player_get_conn_samples (player, c, &n);

      samples += n;
      for (guint i = 0; i < n; i++)
        {
          const NsTraceEvent *ev = ns_trace_get (trace, v[i].event);

          g_assert_cmpint (ev->kind, ==, NS_TRACE_TCP_VARS);
          g_assert_cmpuint (v[i].cwnd, ==, ev->tcp_vars->cwnd);
          g_assert_cmpuint (v[i].snd_una, ==, ev->tcp_vars->snd_una);
          g_assert_cmpint (v[i].rto_deadline, ==, ev->tcp_vars->rto_deadline);
          g_assert_cmpstr (v[i].state, ==, ev->tcp_vars->state);
        }
    }
  g_assert_cmpuint (samples, ==, records);
}

typedef struct {
  GString      *text;
  NsSummarizer *summarizer;
  guint         next;   /* the index the next event must have */
} Lines;

static void
append_line (const NsTraceEvent *ev, guint index, gpointer user_data)
{
  Lines *out = user_data;

  g_assert_cmpuint (index, ==, out->next);
  out->next++;
  if (ns_trace_event_append_json (ev, out->summarizer, out->text))
    g_string_append_c (out->text, '\n');
}

static char *
joined_lines (NsRun *run)
{
  g_autoptr (GPtrArray) lines = ns_run_dup_result_lines (run);

  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

/* A run streamed (each event handed on, then forgotten) says exactly what
 * the same run kept in memory says: the JSON Lines, the result lines, and
 * the report of a transfer still running at the end, with the bytes
 * acknowledged so far. */
static void
check_streamed_equals_kept (NsTopology *topology, gint64 until, guint min_events)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NsRun) kept = ns_run_new (topology, FALSE, 0, &error);
  g_autoptr (NsRun) streamed = ns_run_new (topology, FALSE, 0, &error);
  g_autoptr (GString) text = g_string_new ("");
  g_autoptr (NsSummarizer) summarizer = ns_summarizer_new ();
  Lines out = { text, summarizer, 0 };
  g_autofree char *kept_text = NULL;
  g_autofree char *kept_lines = NULL;
  g_autofree char *streamed_lines = NULL;

  g_assert_no_error (error);
  ns_run_execute (kept, until);
  kept_text = ns_trace_to_jsonl (ns_run_get_trace (kept), NULL);
  kept_lines = joined_lines (kept);

  ns_run_stream_events (streamed, append_line, &out);
  ns_run_execute (streamed, until);
  streamed_lines = joined_lines (streamed);
  g_assert_cmpstr (streamed_lines, ==, kept_lines);
  /* (Not cmpstr: a difference would print two whole traces.) */
  g_assert_true (g_str_equal (text->str, kept_text));
  g_assert_cmpuint (out.next, ==, ns_trace_len (ns_run_get_trace (streamed)));
  g_assert_cmpuint (out.next, >=, min_events);
  g_assert_null (ns_run_get_stop_note (streamed));
  /* Nothing is left held: the trace was handed on whole. */
  g_assert_cmpuint (ns_trace_first_held (ns_run_get_trace (streamed)), ==,
                    ns_trace_len (ns_run_get_trace (streamed)));
}

static void
test_streamed_equals_kept (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("NS_EXAMPLES_DIR"),
                                            "tcp-reliable.netsketch.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (NsTopology) topology = ns_topology_load_file (path, &error);
  NsTopoAction *send;
  g_autofree char *unfinished = NULL;

  g_assert_no_error (error);
  check_streamed_equals_kept (topology, NS_RUN_DEFAULT_UNTIL, 1);
  /* A transfer long enough for the run to hand its events on many times
   * on the way, stopped before it ends. */
  send = g_ptr_array_index (topology->scenario, 0);
  g_assert_cmpstr (send->action, ==, "tcp-send");
  send->bytes = 10000000;
  ((NsTopoLink *) g_ptr_array_index (topology->links, 0))->loss = 0.01;
  check_streamed_equals_kept (topology, 2 * NS_NSEC_PER_SEC, 12000);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/recording/tcp-vars-only-on-change", test_tcp_vars_only_on_change);
  g_test_add_func ("/recording/streamed-equals-kept", test_streamed_equals_kept);
  return g_test_run ();
}
