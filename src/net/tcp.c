/* tcp.c: TCP's core (per-stack tables, connection lifecycle, trace
 * records) and the socket API of tcp.h. Segment arrival is in tcp-input.c,
 * what is sent in tcp-output.c, the timers in tcp-timer.c, congestion
 * control in tcp-cc.c. */
#include "net/tcp-private.h"

#include <string.h>

#include "sim/trace.h"

G_DEFINE_QUARK (ns-tcp-error-quark, ns_tcp_error)

typedef struct {
  guint32 local_addr, remote_addr;
  guint16 local_port, remote_port;
} NsTcpKey;

void
ns_tcp_config_init_default (NsTcpConfig *config)
{
  *config = (NsTcpConfig) {
    .msl_ns = NS_NSEC_PER_SEC,
    .rto_initial_ns = NS_NSEC_PER_SEC,
    .rto_min_ns = NS_NSEC_PER_SEC,
    .rto_max_ns = 60 * NS_NSEC_PER_SEC,
    .clock_granularity_ns = NS_NSEC_PER_MSEC,
    .delack_ns = 200 * NS_NSEC_PER_MSEC,
    .syn_retries = 5,
    .syn_r2_ns = 180 * NS_NSEC_PER_SEC,
    .data_retries = 10,
    .rcv_buf = 65535,
    .snd_buf = 65535,
    .backlog = 128,
    .congestion = NS_TCP_CC_NEWRENO,
    .nagle = TRUE,
  };
}

void
ns_tcp_config_apply_linux (NsTcpConfig *config)
{
  config->congestion = NS_TCP_CC_CUBIC;
  config->initial_window = 10;
  config->sack = TRUE;
  config->window_scaling = TRUE;
  config->timestamps = TRUE;
  config->rto_min_ns = 200 * NS_NSEC_PER_MSEC;
  config->pmtu_discovery = TRUE;
  config->nagle = TRUE;
}

const char *
ns_tcp_state_name (NsTcpState state)
{
  static const char *const names[] = {
    "CLOSED", "LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1",
    "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING", "LAST-ACK", "TIME-WAIT",
  };

  return (guint) state < G_N_ELEMENTS (names) ? names[state] : "?";
}

const char *
ns_tcp_error_to_string (NsTcpError error)
{
  switch (error)
    {
    case NS_TCP_ERR_NONE:
      return "closed";
    case NS_TCP_ERR_REFUSED:
      return "connection refused";
    case NS_TCP_ERR_RESET:
      return "connection reset by peer";
    case NS_TCP_ERR_TIMEOUT:
      return "connection timed out";
    case NS_TCP_ERR_UNREACHABLE:
      return "destination unreachable";
    case NS_TCP_ERR_NO_ROUTE:
      return "no route to host";
    case NS_TCP_ERR_SHUTDOWN:
      return "the node was shut down";
    default:
      return "?";
    }
}

char *
ns_tcp_format_duration (gint64 ns)
{
  if (ns % NS_NSEC_PER_SEC == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT " s", ns / NS_NSEC_PER_SEC);
  if (ns >= NS_NSEC_PER_SEC)
    return g_strdup_printf ("%.3g s", (double) ns / NS_NSEC_PER_SEC);
  return g_strdup_printf ("%.3g ms", (double) ns / NS_NSEC_PER_MSEC);
}

/* ---- tables ---- */

static guint
key_hash (gconstpointer p)
{
  const NsTcpKey *k = p;
  guint32 h = k->local_addr * 2654435761u;

  h ^= k->remote_addr * 2246822519u;
  h ^= ((guint32) k->local_port << 16 | k->remote_port) * 3266489917u;
  return h ^ (h >> 15);
}

static gboolean
key_equal (gconstpointer a, gconstpointer b)
{
  const NsTcpKey *x = a, *y = b;

  return x->local_addr == y->local_addr && x->remote_addr == y->remote_addr
         && x->local_port == y->local_port && x->remote_port == y->remote_port;
}

NsTcp *
ns_tcp_core_new (NsSim *sim, NsStack *stack, const char *node_id)
{
  NsTcp *tcp = g_new0 (NsTcp, 1);

  tcp->sim = sim;
  tcp->stack = stack;
  tcp->node_id = g_intern_string (node_id != NULL ? node_id : "");
  ns_tcp_config_init_default (&tcp->config);
  tcp->detached_mtu = 1500;
  tcp->conns = g_hash_table_new_full (key_hash, key_equal, g_free, NULL);
  tcp->listeners = g_hash_table_new (g_direct_hash, g_direct_equal);
  tcp->detached_ports = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_queue_init (&tcp->all);
  return tcp;
}

void
ns_tcp_core_free (NsTcp *tcp)
{
  if (tcp == NULL)
    return;
  /* Tear down without sending anything: the node is going away. */
  while (tcp->all.head != NULL)
    {
      NsTcpConn *conn = tcp->all.head->data;

      ns_tcp_conn_ref (conn);
      tcp->output = NULL;
      if (!conn->is_listener)
        ns_tcp_conn_notify_closed (conn, NS_TCP_ERR_SHUTDOWN, "the node was shut down");
      conn->app_done = TRUE;
      ns_tcp_conn_destroy (conn);
      ns_tcp_conn_unref (conn);
    }
  g_hash_table_destroy (tcp->conns);
  g_hash_table_destroy (tcp->listeners);
  g_hash_table_destroy (tcp->detached_ports);
  g_free (tcp);
}

void
ns_tcp_core_set_output (NsTcp *tcp, NsTcpOutputFunc output, gpointer user_data)
{
  tcp->output = output;
  tcp->output_data = user_data;
}

NsTcpConn *
ns_tcp_core_lookup (NsTcp *tcp, guint32 local, guint16 lport, guint32 remote, guint16 rport)
{
  NsTcpKey key = { local, remote, lport, rport };

  return g_hash_table_lookup (tcp->conns, &key);
}

static void
table_insert (NsTcpConn *conn)
{
  NsTcpKey *key = g_new (NsTcpKey, 1);

  *key = (NsTcpKey) { conn->local_addr, conn->remote_addr, conn->local_port, conn->remote_port };
  g_hash_table_insert (conn->tcp->conns, key, conn);
}

static guint16
claim_port (NsTcp *tcp, guint16 port)
{
  if (tcp->stack != NULL)
    return ns_stack_claim_port (tcp->stack, NS_IP_PROTO_TCP, port);
  if (port == 0)
    {
      /* Same rule as the stack: RFC 6335 §6 ephemeral range, drawn from the
       * run's generator. */
      for (guint tries = 0; tries < 65536; tries++)
        {
          guint16 p = (guint16) ns_rng_range (ns_sim_rng (tcp->sim), 49152, 65535);

          if (!g_hash_table_contains (tcp->detached_ports, GUINT_TO_POINTER (p)))
            {
              port = p;
              break;
            }
        }
      if (port == 0)
        return 0;
    }
  else if (g_hash_table_contains (tcp->detached_ports, GUINT_TO_POINTER (port)))
    return 0;
  g_hash_table_add (tcp->detached_ports, GUINT_TO_POINTER ((guint) port));
  return port;
}

static void
release_port (NsTcp *tcp, guint16 port)
{
  if (tcp->stack != NULL)
    ns_stack_release_port (tcp->stack, NS_IP_PROTO_TCP, port);
  else
    g_hash_table_remove (tcp->detached_ports, GUINT_TO_POINTER ((guint) port));
}

/* ---- connection lifecycle ---- */

static NsTcpConn *
conn_alloc (NsTcp *tcp)
{
  NsTcpConn *conn = g_new0 (NsTcpConn, 1);

  conn->tcp = tcp;
  conn->ref_count = 1;
  conn->state = NS_TCP_CLOSED;
  g_queue_init (&conn->ooo);
  conn->rto = tcp->config.rto_initial_ns;
  g_queue_push_tail (&tcp->all, conn);
  conn->all_link = tcp->all.tail;
  return conn;
}

static void
conn_set_names (NsTcpConn *conn)
{
  conn->local_name = ns_endpoint_intern (conn->local_addr, conn->local_port);
  conn->remote_name = ns_endpoint_intern (conn->remote_addr, conn->remote_port);
}

void
ns_tcp_conn_ref (NsTcpConn *conn)
{
  conn->ref_count++;
}

void
ns_tcp_conn_unref (NsTcpConn *conn)
{
  if (--conn->ref_count > 0)
    return;
  g_free (conn->sndbuf);
  if (conn->rcvbuf != NULL)
    g_byte_array_unref (conn->rcvbuf);
  g_queue_clear_full (&conn->ooo, g_free);
  g_free (conn->rtx_why);
  if (conn->scoreboard != NULL)
    g_array_unref (conn->scoreboard);
  g_free (conn);
}

static void
conn_stop_timers (NsTcpConn *conn)
{
  NsSim *sim = conn->tcp->sim;

  ns_sim_clear_event (sim, &conn->rtx_timer);
  ns_sim_clear_event (sim, &conn->delack_timer);
  ns_sim_clear_event (sim, &conn->persist_timer);
  ns_sim_clear_event (sim, &conn->timewait_timer);
}

void
ns_tcp_conn_destroy (NsTcpConn *conn)
{
  NsTcp *tcp = conn->tcp;

  if (conn->doomed)
    return;
  conn->doomed = TRUE;
  conn_stop_timers (conn);
  if (conn->is_listener)
    {
      g_hash_table_remove (tcp->listeners, GUINT_TO_POINTER ((guint) conn->local_port));
      /* Children still opening belong to nobody now: reset them. */
      for (GList *l = tcp->all.head; l != NULL;)
        {
          NsTcpConn *child = l->data;

          l = l->next;
          if (child->listener == conn)
            {
              child->listener = NULL;
              ns_tcp_send_control (tcp, child->local_addr, child->local_port, child->remote_addr,
                                   child->remote_port, child->snd_nxt, 0, NS_TCP_RST);
              ns_tcp_conn_set_state (child, NS_TCP_CLOSED,
                                     "the listening socket was closed before this connection "
                                     "was accepted: RST sent, RFC 9293 3.10.4");
              ns_tcp_conn_destroy (child);
            }
        }
    }
  else
    {
      NsTcpKey key = { conn->local_addr, conn->remote_addr, conn->local_port, conn->remote_port };

      if (g_hash_table_lookup (tcp->conns, &key) == conn)
        g_hash_table_remove (tcp->conns, &key);
    }
  if (conn->listener != NULL)
    {
      conn->listener->n_children--;
      conn->listener = NULL;
    }
  if (conn->port_claimed)
    release_port (tcp, conn->local_port);
  conn->port_claimed = FALSE;
  g_queue_delete_link (&tcp->all, conn->all_link);
  conn->all_link = NULL;
  ns_tcp_conn_unref (conn);
}

void
ns_tcp_conn_set_state (NsTcpConn *conn, NsTcpState to, const char *why_format, ...)
{
  NsTrace *trace = ns_sim_get_trace (conn->tcp->sim);
  NsTcpState from = conn->state;
  NsTraceEvent *ev;
  va_list args;

  conn->state = to;
  if (trace == NULL || from == to)
    return;
  ev = ns_trace_append (trace, NS_TRACE_TCP, ns_sim_now (conn->tcp->sim));
  ev->node = conn->tcp->node_id;
  ev->local = conn->local_name;
  ev->remote = conn->remote_name;
  ev->from_state = ns_tcp_state_name (from);
  ev->to_state = ns_tcp_state_name (to);
  va_start (args, why_format);
  ev->why = g_strdup_vprintf (why_format, args);
  va_end (args);
}

void
ns_tcp_trace_retransmit (NsTcpConn *conn, guint32 seq, const char *cause, const char *why)
{
  NsTrace *trace = ns_sim_get_trace (conn->tcp->sim);
  NsTraceEvent *ev;

  conn->retransmissions++;
  conn->tcp->stats.retransmissions++;
  if (trace == NULL)
    return;
  ev = ns_trace_append (trace, NS_TRACE_RETRANSMIT, ns_sim_now (conn->tcp->sim));
  ev->node = conn->tcp->node_id;
  ev->local = conn->local_name;
  ev->remote = conn->remote_name;
  ev->seq = seq;
  ev->reason = cause;
  /* docs/trace-format.md: a retransmit event always says why. */
  ev->why = g_strdup (why != NULL ? why : "segment sent again: it was not acknowledged in time, "
                                          "RFC 6298 5.4");
}

/* A state sample for the app's TCP view and the `tcp-vars` lines: the
 * variables after a segment was processed or a timer (re)started, recorded
 * only when one of them changed (a fixed record; the sample before it still
 * holds otherwise). */
void
ns_tcp_conn_trace_vars (NsTcpConn *conn)
{
  NsTrace *trace = ns_sim_get_trace (conn->tcp->sim);
  const NsTraceTcpVars *last = &conn->vars_last;
  NsTraceEvent *ev;
  NsTraceTcpVars v;
  guint32 changed = 0;

  if (trace == NULL || conn->is_listener || conn->local_name == NULL)
    return;
  v = (NsTraceTcpVars) {
    .state = ns_tcp_state_name (conn->state),
    .iss = conn->iss, .irs = conn->irs,
    .snd_una = conn->snd_una, .snd_nxt = conn->snd_nxt, .snd_max = conn->snd_max,
    .snd_wnd = conn->snd_wnd,
    .rcv_nxt = conn->rcv_nxt, .rcv_wnd = ns_tcp_rcv_window (conn),
    .cwnd = conn->cwnd, .ssthresh = conn->ssthresh,
    .flight_size = ns_tcp_flight_size (conn),
    .srtt_ns = conn->srtt, .rttvar_ns = conn->rttvar, .rto_ns = conn->rto,
    .rto_deadline = conn->rtx_timer != 0 ? conn->rtx_deadline : (gint64) -1,
    .bytes_acked = conn->bytes_acked,
  };
#define DIFF(field, bit) changed |= v.field != last->field ? (guint32) (bit) : 0u
  DIFF (state, NS_TCP_VAR_STATE);
  DIFF (iss, NS_TCP_VAR_ISS);
  DIFF (irs, NS_TCP_VAR_IRS);
  DIFF (snd_una, NS_TCP_VAR_SND_UNA);
  DIFF (snd_nxt, NS_TCP_VAR_SND_NXT);
  DIFF (snd_max, NS_TCP_VAR_SND_MAX);
  DIFF (snd_wnd, NS_TCP_VAR_SND_WND);
  DIFF (rcv_nxt, NS_TCP_VAR_RCV_NXT);
  DIFF (rcv_wnd, NS_TCP_VAR_RCV_WND);
  DIFF (cwnd, NS_TCP_VAR_CWND);
  DIFF (ssthresh, NS_TCP_VAR_SSTHRESH);
  DIFF (flight_size, NS_TCP_VAR_FLIGHT);
  DIFF (srtt_ns, NS_TCP_VAR_SRTT);
  DIFF (rttvar_ns, NS_TCP_VAR_RTTVAR);
  DIFF (rto_ns, NS_TCP_VAR_RTO);
  DIFF (rto_deadline, NS_TCP_VAR_RTO_DEADLINE);
  DIFF (bytes_acked, NS_TCP_VAR_BYTES_ACKED);
#undef DIFF
  if (!conn->vars_recorded)
    changed = G_MAXUINT32;
  else if (changed == 0)
    return;
  v.changed = changed;
  conn->vars_last = v;
  conn->vars_recorded = TRUE;
  ev = ns_trace_append_tcp_vars (trace, ns_sim_now (conn->tcp->sim), &v);
  ev->node = conn->tcp->node_id;
  ev->local = conn->local_name;
  ev->remote = conn->remote_name;
}

void
ns_tcp_conn_notify_closed (NsTcpConn *conn, NsTcpError error, const char *why)
{
  if (!conn->app_visible || conn->app_done)
    return;
  conn->app_done = TRUE;
  if (conn->cb.closed != NULL)
    conn->cb.closed (conn, error, why, conn->user_data);
}

void
ns_tcp_conn_fail (NsTcpConn *conn, NsTcpError error, const char *why)
{
  ns_tcp_conn_ref (conn);
  ns_tcp_conn_set_state (conn, NS_TCP_CLOSED, "%s", why);
  ns_tcp_conn_destroy (conn);
  ns_tcp_conn_notify_closed (conn, error, why);
  ns_tcp_conn_unref (conn);
}

void
ns_tcp_conn_notify_established (NsTcpConn *conn)
{
  NsTcpConn *listener = conn->listener;

  if (listener != NULL)
    {
      /* A passive open completed: hand it to the application. */
      listener->n_children--;
      conn->listener = NULL;
      conn->app_visible = TRUE;
      if (listener->accept != NULL)
        listener->accept (listener, conn, listener->user_data);
      return;
    }
  if (conn->cb.connected != NULL && conn->app_visible && !conn->app_done)
    conn->cb.connected (conn, conn->user_data);
}

guint32
ns_tcp_conn_send_buffered (NsTcpConn *conn)
{
  return conn->sndbuf_len;
}

void
ns_tcp_sndbuf_copy (NsTcpConn *conn, guint32 offset, guint32 len, guint8 *out)
{
  guint32 start = (conn->sndbuf_head + offset) % conn->sndbuf_cap;
  guint32 first = MIN (len, conn->sndbuf_cap - start);

  g_assert (offset + len <= conn->sndbuf_len);
  memcpy (out, conn->sndbuf + start, first);
  memcpy (out + first, conn->sndbuf, len - first);
}

void
ns_tcp_sndbuf_drop (NsTcpConn *conn, guint32 n)
{
  g_assert (n <= conn->sndbuf_len);
  conn->sndbuf_len -= n;
  conn->sndbuf_head = conn->sndbuf_len == 0 ? 0 : (conn->sndbuf_head + n) % conn->sndbuf_cap;
  /* An idle connection keeps no buffer: memory goes with data in flight. */
  if (conn->sndbuf_len == 0)
    {
      g_clear_pointer (&conn->sndbuf, g_free);
      conn->sndbuf_cap = 0;
    }
}

/* Makes the ring hold at least @need bytes: it doubles from 4 KiB, so its
 * memory follows the data actually queued (an application that keeps
 * little queued ahead of the window keeps a small ring). */
static void
sndbuf_reserve (NsTcpConn *conn, guint32 need)
{
  guint32 cap = MAX (conn->sndbuf_cap, 4096u);
  guint8 *ring;

  if (conn->sndbuf != NULL && need <= conn->sndbuf_cap)
    return;
  while (cap < need)
    cap *= 2;
  ring = g_malloc (cap);
  if (conn->sndbuf != NULL)
    ns_tcp_sndbuf_copy (conn, 0, conn->sndbuf_len, ring);
  g_free (conn->sndbuf);
  conn->sndbuf = ring;
  conn->sndbuf_cap = cap;
  conn->sndbuf_head = 0;
}

static void
sndbuf_append (NsTcpConn *conn, const guint8 *data, guint32 len)
{
  guint32 tail, first;

  /* A ring: no copy when bytes are acknowledged. */
  sndbuf_reserve (conn, conn->sndbuf_len + len);
  tail = (conn->sndbuf_head + conn->sndbuf_len) % conn->sndbuf_cap;
  first = MIN (len, conn->sndbuf_cap - tail);
  memcpy (conn->sndbuf + tail, data, first);
  memcpy (conn->sndbuf, data + first, len - first);
  conn->sndbuf_len += len;
}

static void
conn_init_send (NsTcpConn *conn, guint32 dst)
{
  NsTcp *tcp = conn->tcp;
  guint mtu = tcp->stack != NULL ? ns_stack_mtu_for (tcp->stack, dst) : tcp->detached_mtu;

  /* RFC 9293 §3.4.1: the ISN comes from the run's generator (the seeded
   * stand-in for the RFC 6528 clock-and-hash). */
  conn->iss = ns_rng_next_u32 (ns_sim_rng (tcp->sim));
  conn->snd_una = conn->snd_nxt = conn->snd_max = conn->iss;
  conn->sndbuf_seq = conn->iss + 1;
  /* RFC 9293 §3.7.1: MSS = MTU - 20 (IPv4) - 20 (TCP). Until the peer's
   * option is seen, assume the default 536. */
  conn->our_mss = mtu > 40 ? mtu - 40 : 536;
  conn->smss = MIN (536u, conn->our_mss);
  conn->rcv_adv = 0;
  /* RFC 7323 2.3: the smallest shift that lets the window field cover
   * the receive buffer (at most 14). */
  conn->rcv_wscale = 0;
  if (tcp->config.window_scaling)
    while (conn->rcv_wscale < 14 && (tcp->config.rcv_buf >> conn->rcv_wscale) > 65535u)
      conn->rcv_wscale++;
  /* RFC 7323 5.4 / RFC 9293 3.4.1: a per-connection offset for the
   * timestamp clock, from the run's generator via the ISN. */
  conn->ts_offset = conn->iss ^ 0x5a5a5a5au;
  conn->nodelay = !tcp->config.nagle;
  conn->cubic_epoch = -1;
  ns_tcp_cc_init (conn);
}

NsTcpConn *
ns_tcp_conn_new_child (NsTcpConn *listener, guint32 local, guint16 lport, guint32 remote,
                       guint16 rport)
{
  NsTcpConn *conn = conn_alloc (listener->tcp);

  conn->local_addr = local;
  conn->local_port = lport;
  conn->remote_addr = remote;
  conn->remote_port = rport;
  conn_set_names (conn);
  conn->listener = listener;
  listener->n_children++;
  conn->cb = listener->cb;
  conn->user_data = listener->user_data;
  table_insert (conn);
  conn_init_send (conn, remote);
  listener->tcp->stats.passive_opens++;
  return conn;
}

/* ---- core API ---- */

NsTcpConn *
ns_tcp_core_listen (NsTcp *tcp, guint16 port, NsTcpAcceptFunc accept,
                    const NsTcpCallbacks *callbacks, gpointer user_data, GError **error)
{
  NsTcpConn *conn;

  if (port == 0 || claim_port (tcp, port) == 0)
    {
      g_set_error (error, NS_TCP_ERROR, NS_TCP_ERROR_PORT_IN_USE,
                   "TCP port %u on %s is already in use", port, tcp->node_id);
      return NULL;
    }
  conn = conn_alloc (tcp);
  conn->is_listener = TRUE;
  conn->port_claimed = TRUE;
  conn->app_visible = TRUE;
  conn->local_port = port;
  conn_set_names (conn);
  conn->accept = accept;
  if (callbacks != NULL)
    conn->cb = *callbacks;
  conn->user_data = user_data;
  g_hash_table_insert (tcp->listeners, GUINT_TO_POINTER ((guint) port), conn);
  ns_tcp_conn_set_state (conn, NS_TCP_LISTEN,
                         "an application listens on port %u (passive open): it waits for a "
                         "SYN, RFC 9293 3.10.1", port);
  return conn;
}

NsTcpConn *
ns_tcp_core_connect (NsTcp *tcp, guint32 src, guint32 dst, guint16 dst_port, guint16 src_port,
                     const NsTcpCallbacks *callbacks, gpointer user_data, GError **error)
{
  NsTcpConn *conn;
  guint16 port;
  char buf[16];

  if (src == 0 && tcp->stack != NULL)
    src = ns_stack_source_for (tcp->stack, dst);
  if (src == 0 || (tcp->stack != NULL && ns_stack_lookup_route (tcp->stack, dst) == NULL))
    {
      g_set_error (error, NS_TCP_ERROR, NS_TCP_ERROR_NO_ROUTE, "no route from %s to %s",
                   tcp->node_id, ns_ipv4_to_string (dst, buf));
      return NULL;
    }
  port = claim_port (tcp, src_port);
  if (port == 0)
    {
      if (src_port != 0)
        g_set_error (error, NS_TCP_ERROR, NS_TCP_ERROR_PORT_IN_USE,
                     "TCP port %u on %s is already in use", src_port, tcp->node_id);
      else
        g_set_error (error, NS_TCP_ERROR, NS_TCP_ERROR_PORT_IN_USE,
                     "no free ephemeral TCP port on %s", tcp->node_id);
      return NULL;
    }
  conn = conn_alloc (tcp);
  conn->port_claimed = TRUE;
  conn->app_visible = TRUE;
  conn->local_addr = src;
  conn->local_port = port;
  conn->remote_addr = dst;
  conn->remote_port = dst_port;
  conn_set_names (conn);
  if (callbacks != NULL)
    conn->cb = *callbacks;
  conn->user_data = user_data;
  table_insert (conn);
  conn_init_send (conn, dst);
  tcp->stats.active_opens++;
  ns_tcp_conn_set_state (conn, NS_TCP_SYN_SENT,
                         "the application connects to %s (active open): SYN sent with "
                         "seq=%u and MSS %u, RFC 9293 3.10.1",
                         conn->remote_name, conn->iss, conn->our_mss);
  ns_tcp_send_syn (conn);
  ns_tcp_rtx_timer_start (conn);
  return conn;
}

void
ns_tcp_core_input (NsTcp *tcp, guint32 src, guint32 dst, const guint8 *segment, gsize len)
{
  g_autoptr (GError) error = NULL;
  NsTcpHeader hdr;

  tcp->stats.segments_in++;
  if (!ns_tcp_header_parse (segment, len, &hdr, &error))
    {
      tcp->stats.malformed++;
      if (tcp->stack != NULL)
        ns_stack_drop (tcp->stack, "malformed", "malformed TCP segment thrown away: %s",
                       error->message);
      return;
    }
  if (!ns_tcp_checksum_valid (segment, len, src, dst))
    {
      tcp->stats.bad_checksum++;
      if (tcp->stack != NULL)
        ns_stack_drop (tcp->stack, "checksum",
                       "TCP segment with a wrong checksum thrown away, RFC 9293 3.1");
      return;
    }
  ns_tcp_input_segment (tcp, src, dst, &hdr, segment + hdr.header_len, len - hdr.header_len);
  {
    NsTcpConn *conn = ns_tcp_core_lookup (tcp, dst, hdr.dst_port, src, hdr.src_port);

    if (conn != NULL)
      ns_tcp_conn_trace_vars (conn);
  }
}

/* RFC 1191 7: the plateaus to try when a router does not say the MTU. */
static guint
pmtu_plateau_below (guint size)
{
  static const guint plateaus[] = { 65535, 32000, 17914, 8166, 4352, 2002, 1492, 1006, 508,
                                    296, 68 };

  for (guint i = 0; i < G_N_ELEMENTS (plateaus); i++)
    if (plateaus[i] < size)
      return plateaus[i];
  return 68;
}

/* RFC 1191 6.4 / RFC 1122 4.2.3.9: "fragmentation needed" for a segment
 * sent with DF: the path's MTU is smaller than our segments; send smaller
 * ones from now on, and the lost ones again at once, smaller. */
static void
pmtu_lower (NsTcpConn *conn, guint mtu, guint quoted_total_len, guint32 seq)
{
  guint32 opts = conn->ts_ok ? 12 : 0;
  guint32 mss;
  g_autofree char *why = NULL;

  if (!conn->tcp->config.pmtu_discovery)
    return;
  if (mtu < 68 || mtu >= quoted_total_len)
    mtu = pmtu_plateau_below (quoted_total_len);   /* RFC 1191 5: an old router */
  mss = mtu > 40 + opts + 8 ? mtu - 40 - opts : 8;
  if (mss >= conn->smss)
    return;
  conn->smss = mss;
  conn->cwnd = MAX (conn->cwnd, conn->smss);
  if (conn->state < NS_TCP_ESTABLISHED || conn->snd_una == conn->snd_max)
    return;
  why = g_strdup_printf ("segment seq=%u sent again, smaller: a router answered \"fragmentation "
                         "needed\" (next-hop MTU %u) for a segment sent with Don't Fragment, so "
                         "segments now carry at most %u bytes (path MTU discovery), RFC 1191 6.4",
                         seq, mtu, mss);
  g_free (conn->rtx_why);
  conn->rtx_why = g_steal_pointer (&why);
  conn->rtx_cause = "pmtu";
  conn->snd_nxt = conn->snd_una;
  conn->rtt_active = FALSE;
  ns_tcp_output (conn);
}

void
ns_tcp_core_icmp_error (NsTcp *tcp, guint32 from, guint8 type, guint8 code,
                        const guint8 *quoted, gsize quoted_len)
{
  NsTcpConn *conn;
  guint32 src, dst, seq;
  guint16 sport, dport;
  gsize ihl;
  gboolean hard;

  if (quoted == NULL || quoted_len < 20)
    return;
  ihl = (gsize) (quoted[0] & 0x0f) * 4;
  if (ihl < 20 || quoted_len < ihl + 8)
    return;
  src = (guint32) quoted[12] << 24 | (guint32) quoted[13] << 16 | (guint32) quoted[14] << 8
        | quoted[15];
  dst = (guint32) quoted[16] << 24 | (guint32) quoted[17] << 16 | (guint32) quoted[18] << 8
        | quoted[19];
  sport = (guint16) (quoted[ihl] << 8 | quoted[ihl + 1]);
  dport = (guint16) (quoted[ihl + 2] << 8 | quoted[ihl + 3]);
  seq = (guint32) quoted[ihl + 4] << 24 | (guint32) quoted[ihl + 5] << 16
        | (guint32) quoted[ihl + 6] << 8 | quoted[ihl + 7];
  conn = ns_tcp_core_lookup (tcp, src, sport, dst, dport);
  if (conn == NULL || ns_seq_lt (seq, conn->snd_una) || ns_seq_gt (seq, conn->snd_max))
    return;
  if (type == 3 && code == 4)
    {
      pmtu_lower (conn, tcp->icmp_rest & 0xffff,
                  (guint) ((quoted[2] << 8) | quoted[3]), seq);
      return;
    }
  /* RFC 1122 4.2.3.9 / RFC 5461: destination unreachable for protocol or
   * port is a hard error that aborts; the others (net, host, time
   * exceeded) are soft: remembered and reported if the connection later
   * times out. */
  hard = type == 3 && (code == 2 || code == 3);
  if (!hard || conn->state != NS_TCP_SYN_SENT)
    {
      conn->soft_error = NS_TCP_ERR_UNREACHABLE;
      return;
    }
  ns_tcp_conn_fail (conn, NS_TCP_ERR_UNREACHABLE,
                    "ICMP destination unreachable received for our SYN: the connection "
                    "cannot be made, RFC 1122 4.2.3.9");
}

/* ---- stack binding ---- */

static gboolean
stack_output (NsTcp *tcp, guint32 src, guint32 dst, NsPacket *segment, gpointer user_data)
{
  /* RFC 1191 3: with path-MTU discovery every segment carries DF. */
  return ns_ipv4_output_full (tcp->stack, src, dst, NS_IP_PROTO_TCP, 0, tcp->config.pmtu_discovery,
                              segment);
}

static void
stack_input (NsStack *stack, const NsIpInfo *ip, NsPacket *payload, gpointer user_data)
{
  ns_tcp_core_input (user_data, ip->src, ip->dst, payload->data, payload->len);
}

static void
stack_icmp_error (NsStack *stack, guint32 from, guint8 type, guint8 code, const guint8 *quoted,
                  gsize quoted_len, gpointer user_data)
{
  ((NsTcp *) user_data)->icmp_rest = ns_stack_icmp_error_rest (stack);
  ns_tcp_core_icmp_error (user_data, from, type, code, quoted, quoted_len);
}

void
ns_tcp_attach (NsStack *stack)
{
  NsTcp *tcp;

  if (ns_stack_get_slot (stack, NS_STACK_SLOT_TCP) != NULL)
    return;
  tcp = ns_tcp_core_new (ns_stack_get_sim (stack), stack, ns_stack_get_node_id (stack));
  ns_tcp_core_set_output (tcp, stack_output, NULL);
  ns_stack_set_slot (stack, NS_STACK_SLOT_TCP, tcp, (GDestroyNotify) ns_tcp_core_free);
  ns_stack_register_proto (stack, NS_IP_PROTO_TCP, stack_input, tcp);
  ns_stack_register_icmp_error (stack, NS_IP_PROTO_TCP, stack_icmp_error, tcp);
}

NsTcp *
ns_tcp_core_get (NsStack *stack)
{
  ns_tcp_attach (stack);
  return ns_stack_get_slot (stack, NS_STACK_SLOT_TCP);
}

void
ns_tcp_set_config (NsStack *stack, const NsTcpConfig *config)
{
  ns_tcp_core_get (stack)->config = *config;
}

const NsTcpConfig *
ns_tcp_get_config (NsStack *stack)
{
  return &ns_tcp_core_get (stack)->config;
}

NsTcpConn *
ns_tcp_listen (NsStack *stack, guint16 port, NsTcpAcceptFunc accept,
               const NsTcpCallbacks *callbacks, gpointer user_data, GError **error)
{
  return ns_tcp_core_listen (ns_tcp_core_get (stack), port, accept, callbacks, user_data, error);
}

NsTcpConn *
ns_tcp_connect (NsStack *stack, guint32 dst, guint16 dst_port, guint16 src_port,
                const NsTcpCallbacks *callbacks, gpointer user_data, GError **error)
{
  return ns_tcp_core_connect (ns_tcp_core_get (stack), 0, dst, dst_port, src_port, callbacks,
                              user_data, error);
}

GPtrArray *
ns_tcp_dup_connections (NsStack *stack)
{
  NsTcp *tcp = ns_tcp_core_get (stack);
  GPtrArray *out = g_ptr_array_new ();

  for (GList *l = tcp->all.head; l != NULL; l = l->next)
    if (!((NsTcpConn *) l->data)->is_listener)
      g_ptr_array_add (out, l->data);
  return out;
}

const NsTcpStats *
ns_tcp_get_stats (NsStack *stack)
{
  return &ns_tcp_core_get (stack)->stats;
}

/* ---- per-connection API ---- */

void
ns_tcp_conn_set_callbacks (NsTcpConn *conn, const NsTcpCallbacks *callbacks, gpointer user_data)
{
  g_return_if_fail (conn != NULL);
  if (callbacks != NULL)
    conn->cb = *callbacks;
  else
    memset (&conn->cb, 0, sizeof conn->cb);
  conn->user_data = user_data;
}

gsize
ns_tcp_conn_send_space (NsTcpConn *conn)
{
  guint32 used;

  g_return_val_if_fail (conn != NULL, 0);
  if (conn->is_listener || conn->close_requested)
    return 0;
  used = ns_tcp_conn_send_buffered (conn);
  return used >= conn->tcp->config.snd_buf ? 0 : conn->tcp->config.snd_buf - used;
}

gsize
ns_tcp_conn_send (NsTcpConn *conn, const guint8 *data, gsize len)
{
  gsize take;

  g_return_val_if_fail (conn != NULL, 0);
  switch (conn->state)
    {
    case NS_TCP_SYN_SENT:
    case NS_TCP_SYN_RECEIVED:
    case NS_TCP_ESTABLISHED:
    case NS_TCP_CLOSE_WAIT:
      break;
    default:
      return 0;
    }
  take = MIN (len, ns_tcp_conn_send_space (conn));
  if (take == 0)
    return 0;
  sndbuf_append (conn, data, (guint32) take);
  if (conn->state != NS_TCP_SYN_SENT && conn->state != NS_TCP_SYN_RECEIVED)
    {
      ns_tcp_output (conn);
      ns_tcp_conn_trace_vars (conn);
    }
  return take;
}

void
ns_tcp_conn_close (NsTcpConn *conn)
{
  g_return_if_fail (conn != NULL);
  if (conn->is_listener)
    {
      conn->app_done = TRUE;
      ns_tcp_conn_set_state (conn, NS_TCP_CLOSED,
                             "the application stopped listening on port %u, RFC 9293 3.10.4",
                             conn->local_port);
      ns_tcp_conn_destroy (conn);
      return;
    }
  if (conn->close_requested)
    return;
  switch (conn->state)
    {
    case NS_TCP_SYN_SENT:
      /* RFC 9293 3.10.4: closing before the handshake deletes the TCB. */
      ns_tcp_conn_fail (conn, NS_TCP_ERR_NONE,
                        "the application closed before the connection was established, "
                        "RFC 9293 3.10.4");
      return;
    case NS_TCP_SYN_RECEIVED:
      /* RFC 9293 3.10.4: the FIN waits until the connection is
       * ESTABLISHED (tcp-input.c moves on to FIN-WAIT-1 then). */
      conn->close_requested = TRUE;
      return;
    case NS_TCP_ESTABLISHED:
      conn->close_requested = TRUE;
      ns_tcp_conn_set_state (conn, NS_TCP_FIN_WAIT_1,
                             "the application closed the connection: a FIN follows the data "
                             "already queued, RFC 9293 3.10.4");
      break;
    case NS_TCP_CLOSE_WAIT:
      conn->close_requested = TRUE;
      ns_tcp_conn_set_state (conn, NS_TCP_LAST_ACK,
                             "the application closed too, after the peer did: our FIN is sent "
                             "and we wait for its ACK, RFC 9293 3.10.4");
      break;
    default:
      return;
    }
  ns_tcp_conn_ref (conn);
  ns_tcp_output (conn);
  ns_tcp_conn_unref (conn);
}

void
ns_tcp_conn_abort (NsTcpConn *conn)
{
  g_return_if_fail (conn != NULL);
  conn->app_done = TRUE;
  if (conn->is_listener)
    {
      ns_tcp_conn_close (conn);
      return;
    }
  switch (conn->state)
    {
    case NS_TCP_SYN_RECEIVED:
    case NS_TCP_ESTABLISHED:
    case NS_TCP_FIN_WAIT_1:
    case NS_TCP_FIN_WAIT_2:
    case NS_TCP_CLOSE_WAIT:
      /* RFC 9293 3.10.5: send <SEQ=SND.NXT><CTL=RST>. */
      ns_tcp_send_control (conn->tcp, conn->local_addr, conn->local_port, conn->remote_addr,
                           conn->remote_port, conn->snd_nxt, 0, NS_TCP_RST);
      conn->tcp->stats.resets_sent++;
      ns_tcp_conn_set_state (conn, NS_TCP_CLOSED,
                             "the application aborted the connection: RST sent, RFC 9293 "
                             "3.10.5");
      break;
    default:
      ns_tcp_conn_set_state (conn, NS_TCP_CLOSED,
                             "the application aborted the connection, RFC 9293 3.10.5");
      break;
    }
  ns_tcp_conn_destroy (conn);
}

void
ns_tcp_conn_set_receive_paused (NsTcpConn *conn, gboolean paused)
{
  guint32 before;

  g_return_if_fail (conn != NULL);
  if (conn->paused == paused)
    return;
  conn->paused = paused;
  if (paused)
    return;
  ns_tcp_conn_ref (conn);
  before = conn->rcv_adv - conn->rcv_nxt;
  if (conn->rcvbuf != NULL && conn->rcvbuf->len > 0)
    {
      g_autoptr (GByteArray) held = g_steal_pointer (&conn->rcvbuf);

      if (conn->cb.received != NULL && !conn->app_done)
        conn->cb.received (conn, held->data, held->len, conn->user_data);
    }
  if (!conn->doomed && !conn->paused && conn->eof_pending)
    {
      conn->eof_pending = FALSE;
      if (conn->cb.received != NULL && !conn->app_done)
        conn->cb.received (conn, NULL, 0, conn->user_data);
    }
  /* RFC 9293 3.8.6.2.2: tell the sender the window opened, if by enough. */
  if (!conn->doomed && conn->state >= NS_TCP_ESTABLISHED
      && ns_tcp_rcv_window (conn) >= before + MIN (conn->tcp->config.rcv_buf / 2, conn->our_mss))
    ns_tcp_send_ack (conn);
  ns_tcp_conn_unref (conn);
}

gsize
ns_tcp_conn_read_held (NsTcpConn *conn, gsize max)
{
  guint32 before;
  gsize n;

  g_return_val_if_fail (conn != NULL, 0);
  if (conn->doomed || conn->app_done)
    return 0;
  n = conn->rcvbuf != NULL ? MIN (max, conn->rcvbuf->len) : 0;
  ns_tcp_conn_ref (conn);
  before = ns_seq_gt (conn->rcv_adv, conn->rcv_nxt) ? conn->rcv_adv - conn->rcv_nxt : 0;
  if (n > 0)
    {
      g_autofree guint8 *data = g_memdup2 (conn->rcvbuf->data, n);

      g_byte_array_remove_range (conn->rcvbuf, 0, (guint) n);
      if (conn->cb.received != NULL)
        conn->cb.received (conn, data, n, conn->user_data);
    }
  if (!conn->doomed && !conn->app_done && conn->eof_pending
      && (conn->rcvbuf == NULL || conn->rcvbuf->len == 0))
    {
      conn->eof_pending = FALSE;
      if (conn->cb.received != NULL)
        conn->cb.received (conn, NULL, 0, conn->user_data);
    }
  /* RFC 9293 3.8.6.2.2 (receiver SWS avoidance): tell the sender once the
   * window grew by min (half the buffer, one MSS). */
  if (n > 0 && !conn->doomed && conn->state >= NS_TCP_ESTABLISHED
      && conn->state != NS_TCP_TIME_WAIT
      && ns_tcp_rcv_window (conn) >= before + MIN (conn->tcp->config.rcv_buf / 2, conn->our_mss))
    ns_tcp_send_ack (conn);
  ns_tcp_conn_unref (conn);
  return n;
}

void
ns_tcp_conn_set_nodelay (NsTcpConn *conn, gboolean nodelay)
{
  g_return_if_fail (conn != NULL);
  conn->nodelay = nodelay;
}

NsTcpState
ns_tcp_conn_get_state (NsTcpConn *conn)
{
  return conn->state;
}

NsStack *
ns_tcp_conn_get_stack (NsTcpConn *conn)
{
  return conn->tcp->stack;
}

guint32
ns_tcp_conn_get_local_addr (NsTcpConn *conn)
{
  return conn->local_addr;
}

guint16
ns_tcp_conn_get_local_port (NsTcpConn *conn)
{
  return conn->local_port;
}

guint32
ns_tcp_conn_get_remote_addr (NsTcpConn *conn)
{
  return conn->remote_addr;
}

guint16
ns_tcp_conn_get_remote_port (NsTcpConn *conn)
{
  return conn->remote_port;
}

void
ns_tcp_conn_get_info (NsTcpConn *conn, NsTcpInfo *info)
{
  *info = (NsTcpInfo) {
    .state = conn->state,
    .local_addr = conn->local_addr, .remote_addr = conn->remote_addr,
    .local_port = conn->local_port, .remote_port = conn->remote_port,
    .iss = conn->iss, .irs = conn->irs,
    .snd_una = conn->snd_una, .snd_nxt = conn->snd_nxt, .snd_max = conn->snd_max,
    .snd_wnd = conn->snd_wnd,
    .rcv_nxt = conn->rcv_nxt, .rcv_wnd = conn->is_listener ? 0 : ns_tcp_rcv_window (conn),
    .mss = conn->smss, .cwnd = conn->cwnd, .ssthresh = conn->ssthresh,
    .flight_size = conn->is_listener ? 0 : ns_tcp_flight_size (conn),
    .srtt_ns = conn->srtt, .rttvar_ns = conn->rttvar, .rto_ns = conn->rto,
    .dup_acks = conn->dup_acks, .in_fast_recovery = conn->in_recovery,
    .backoff = conn->backoff,
    .bytes_sent = conn->bytes_sent, .bytes_acked = conn->bytes_acked,
    .bytes_received = conn->bytes_received,
    .segments_sent = conn->segments_sent, .segments_received = conn->segments_received,
    .retransmissions = conn->retransmissions,
    .send_buffered = ns_tcp_conn_send_buffered (conn),
    .recv_buffered = conn->rcvbuf != NULL ? conn->rcvbuf->len : 0,
    .ooo_segments = conn->ooo.length,
  };
}
