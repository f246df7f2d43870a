/* test-recording.c: what a run keeps for the player, and what it costs:
 * TCP variables as fixed records made only when a variable changes. */
#include <string.h>

#include "core/player.h"
#include "core/run.h"
#include "core/topology-file.h"
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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/recording/tcp-vars-only-on-change", test_tcp_vars_only_on_change);
  return g_test_run ();
}
