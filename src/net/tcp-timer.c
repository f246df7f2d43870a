/* tcp-timer.c: TCP's timers: the retransmission timer of RFC 6298 with RTT
 * estimation, zero-window probing (RFC 9293 §3.8.6.1), delayed ACKs
 * (RFC 1122 4.2.3.2) and TIME-WAIT (§3.10.8). */
#include "net/tcp-private.h"

/* ---- RTT and RTO, RFC 6298 §2 ---- */

static gint64
clamp_rto (NsTcpConn *conn, gint64 rto)
{
  const NsTcpConfig *cfg = &conn->tcp->config;

  return CLAMP (rto, cfg->rto_min_ns, cfg->rto_max_ns);
}

void
ns_tcp_rtt_sample (NsTcpConn *conn, gint64 r)
{
  gint64 g = conn->tcp->config.clock_granularity_ns;

  if (!conn->have_rtt)
    {
      /* §2.2: the first measurement. */
      conn->srtt = r;
      conn->rttvar = r / 2;
      conn->have_rtt = TRUE;
    }
  else
    {
      /* §2.3 with alpha = 1/8, beta = 1/4; RTTVAR first, from the old
       * SRTT. */
      gint64 delta = conn->srtt > r ? conn->srtt - r : r - conn->srtt;

      conn->rttvar = (3 * conn->rttvar + delta) / 4;
      conn->srtt = (7 * conn->srtt + r) / 8;
    }
  conn->rto = clamp_rto (conn, conn->srtt + MAX (g, 4 * conn->rttvar));
}

static void on_rtx_timeout (NsSim *sim, gpointer data);
static void on_persist_timeout (NsSim *sim, gpointer data);

void
ns_tcp_rtx_timer_start (NsTcpConn *conn)
{
  NsSim *sim = conn->tcp->sim;

  conn->rtx_deadline = ns_sim_now (sim) + conn->rto;
  /* RFC 1122 4.2.3.5: the opening gives up R2 after the first SYN, even
   * in the middle of a backed-off interval. */
  if ((conn->state == NS_TCP_SYN_SENT || conn->state == NS_TCP_SYN_RECEIVED)
      && conn->rtx_deadline > conn->syn_start + conn->tcp->config.syn_r2_ns)
    conn->rtx_deadline = MAX (ns_sim_now (sim), conn->syn_start + conn->tcp->config.syn_r2_ns);
  /* Restarting happens on nearly every ACK (RFC 6298 5.3): rather than
   * cancel and schedule an event each time, a pending event that fires no
   * later than the new deadline is kept and re-arms itself then. */
  if (conn->rtx_timer == 0 || conn->rtx_fire_at > conn->rtx_deadline)
    {
      ns_sim_clear_event (sim, &conn->rtx_timer);
      conn->rtx_timer = ns_sim_schedule_at (sim, conn->rtx_deadline, on_rtx_timeout, conn);
      conn->rtx_fire_at = conn->rtx_deadline;
    }
  ns_tcp_conn_trace_vars (conn);
}

void
ns_tcp_rtx_timer_stop (NsTcpConn *conn)
{
  gboolean was_running = conn->rtx_timer != 0;

  ns_sim_clear_event (conn->tcp->sim, &conn->rtx_timer);
  if (was_running)
    ns_tcp_conn_trace_vars (conn);
}

static void
rtx_timeout_handshake (NsTcpConn *conn)
{
  g_autofree char *dur = ns_tcp_format_duration (conn->rto);
  g_autofree char *why = NULL;
  gboolean synack = conn->state == NS_TCP_SYN_RECEIVED;

  gint64 r2 = conn->tcp->config.syn_r2_ns;

  if (ns_sim_now (conn->tcp->sim) - conn->syn_start >= r2)
    {
      g_autofree char *r2_text = r2 % (60 * NS_NSEC_PER_SEC) == 0
                                 ? g_strdup_printf ("%" G_GINT64_FORMAT " min",
                                                    r2 / (60 * NS_NSEC_PER_SEC))
                                 : ns_tcp_format_duration (r2);
      g_autofree char *fail = g_strdup_printf (
        "no answer to our %s for %s (R2, the limit for opening a connection) after %u "
        "retransmissions%s: giving up, RFC 1122 4.2.3.5 and RFC 9293 3.8.3",
        synack ? "SYN-ACK" : "SYN", r2_text, conn->backoff,
        conn->soft_error == NS_TCP_ERR_UNREACHABLE
          ? ", and an ICMP error reported the destination unreachable" : "");

      ns_tcp_conn_fail (conn, conn->soft_error == NS_TCP_ERR_UNREACHABLE
                                ? NS_TCP_ERR_UNREACHABLE : NS_TCP_ERR_TIMEOUT, fail);
      return;
    }
  why = g_strdup_printf ("%s sent again: retransmission timer (%s) expired, RFC 6298 5.4",
                         synack ? "SYN-ACK" : "SYN", dur);
  /* §5.5: back off; §5.7: remember that the handshake needed it. */
  conn->rto = MIN (conn->rto * 2, conn->tcp->config.rto_max_ns);
  conn->backoff++;
  conn->syn_retransmitted = TRUE;
  conn->rtt_active = FALSE;
  ns_tcp_trace_retransmit (conn, conn->iss, "rto", why);
  ns_tcp_send_syn (conn);
  ns_tcp_rtx_timer_start (conn);
}

static void
rtx_timeout_data (NsTcpConn *conn)
{
  g_autofree char *dur = ns_tcp_format_duration (conn->rto);
  guint32 flight = conn->snd_max - conn->snd_una;

  if (conn->backoff >= conn->tcp->config.data_retries)
    {
      g_autofree char *fail = g_strdup_printf (
        "no acknowledgement after %u retransmissions: giving up, RFC 9293 3.8.3",
        conn->backoff);

      ns_tcp_conn_fail (conn, conn->soft_error != NS_TCP_ERR_NONE ? conn->soft_error
                                                                  : NS_TCP_ERR_TIMEOUT, fail);
      return;
    }
  g_free (conn->rtx_why);
  conn->rtx_cause = NULL;
  conn->rtx_why = g_strdup_printf ("%s sent again: retransmission timer (%s) expired "
                                   "before it was acknowledged, RFC 6298 5.4",
                                   conn->close_requested && conn->snd_una == ns_tcp_fin_seq (conn)
                                     ? "FIN" : "segment", dur);
  /* RFC 5681 §3.1 eq. 4, only for the first timeout of this segment;
   * then a loss window of one segment (slow start again). */
  if (conn->backoff == 0)
    {
      if (conn->tcp->config.congestion == NS_TCP_CC_CUBIC)
        ns_tcp_cc_on_loss (conn);
      else
        conn->ssthresh = MAX (flight / 2, 2 * conn->smss);
    }
  /* RFC 2018 8 / RFC 6675 5.1: after a timeout the SACK information is
   * not relied upon; everything unacknowledged is sent again. */
  if (conn->scoreboard != NULL)
    ns_tcp_sack_clear (conn);
  conn->cwnd = conn->smss;
  conn->in_recovery = FALSE;
  conn->dup_acks = 0;
  /* RFC 6582 §3.2 step 4 analogue: no fast retransmit for what was sent
   * before the timeout. */
  conn->recover = conn->snd_max;
  /* RFC 6298 §5.5: double the RTO (at most the maximum). */
  conn->rto = MIN (conn->rto * 2, conn->tcp->config.rto_max_ns);
  conn->backoff++;
  /* Go back N: resend from the first unacknowledged byte (§5.4). */
  conn->snd_nxt = conn->snd_una;
  ns_tcp_send_segment (conn, conn->snd_una, conn->smss, "rto", conn->rtx_why);
  /* §5.6: restart the timer with the new RTO. */
  ns_tcp_rtx_timer_start (conn);
}

static void
on_rtx_timeout (NsSim *sim, gpointer data)
{
  NsTcpConn *conn = data;

  conn->rtx_timer = 0;
  if (ns_sim_now (sim) < conn->rtx_deadline)
    {
      /* Restarted since this event was scheduled: wait on. */
      conn->rtx_timer = ns_sim_schedule_at (sim, conn->rtx_deadline, on_rtx_timeout, conn);
      conn->rtx_fire_at = conn->rtx_deadline;
      return;
    }
  ns_tcp_conn_ref (conn);
  if (conn->state == NS_TCP_SYN_SENT || conn->state == NS_TCP_SYN_RECEIVED)
    rtx_timeout_handshake (conn);
  else if (conn->snd_una != conn->snd_max)
    rtx_timeout_data (conn);
  ns_tcp_conn_unref (conn);
}

/* ---- zero-window probes, RFC 9293 §3.8.6.1 ---- */

/* RFC 9293 3.8.6.2.1 / RFC 1122 4.2.3.4: a window above zero but smaller
 * than a segment and than the data waiting, with nothing in flight, would
 * stop the sender for ever under its silly-window rule (no ACK is coming
 * to wake it, and a lost window update is never sent again): an override
 * timeout of 0.1 to 1 s sends what the window allows anyway. */
static gboolean
needs_override (NsTcpConn *conn)
{
  guint32 buf_end = ns_tcp_fin_seq (conn);
  guint32 unsent = ns_seq_lt (conn->snd_nxt, buf_end) ? buf_end - conn->snd_nxt : 0;

  return conn->snd_wnd > 0 && conn->snd_una == conn->snd_max && unsent > 0
         && conn->snd_wnd < MIN (unsent, conn->smss) && ns_tcp_can_send_data (conn);
}

void
ns_tcp_persist_check (NsTcpConn *conn)
{
  gboolean waiting = ns_seq_lt (conn->snd_una, ns_tcp_fin_seq (conn))
                     || (conn->close_requested && ns_seq_le (conn->snd_nxt, ns_tcp_fin_seq (conn)));
  gboolean override = needs_override (conn);
  gint64 delay;

  if (!override && (conn->snd_wnd > 0 || !waiting || !ns_tcp_can_send_data (conn)))
    {
      ns_sim_clear_event (conn->tcp->sim, &conn->persist_timer);
      conn->persist_backoff = 0;
      conn->persist_override = FALSE;
      return;
    }
  if (conn->persist_timer != 0 && conn->persist_override == override)
    return;
  ns_sim_clear_event (conn->tcp->sim, &conn->persist_timer);
  conn->persist_override = override;
  if (override)
    {
      delay = CLAMP (conn->rto, 100 * NS_NSEC_PER_MSEC, NS_NSEC_PER_SEC);
      conn->persist_timer = ns_sim_schedule (conn->tcp->sim, delay, on_persist_timeout, conn);
      return;
    }
  /* While the window is zero the retransmission timer gives way to the
   * persist timer: probes go on as long as the peer answers. */
  ns_tcp_rtx_timer_stop (conn);
  delay = conn->rto << MIN (conn->persist_backoff, 16u);
  delay = MIN (delay, conn->tcp->config.rto_max_ns);
  conn->persist_timer = ns_sim_schedule (conn->tcp->sim, delay, on_persist_timeout, conn);
}

static void
on_persist_timeout (NsSim *sim, gpointer data)
{
  NsTcpConn *conn = data;

  conn->persist_timer = 0;
  if (conn->persist_override)
    {
      guint32 buf_end = ns_tcp_fin_seq (conn);

      conn->persist_override = FALSE;
      if (needs_override (conn))
        {
          /* The override timeout expired: send what the window takes. */
          ns_tcp_send_segment (conn, conn->snd_nxt,
                               MIN (MIN (buf_end - conn->snd_nxt, conn->smss), conn->snd_wnd),
                               NULL, NULL);
          if (conn->rtx_timer == 0)
            ns_tcp_rtx_timer_start (conn);
        }
      ns_tcp_persist_check (conn);
      return;
    }
  if (conn->snd_wnd > 0)
    return;
  /* One byte: the first unacknowledged one again (a probe sent again,
   * with its own cause: no retransmission timer expired), or a new one. */
  if (conn->snd_nxt != conn->snd_una)
    {
      g_autofree char *dur = ns_tcp_format_duration (
        MIN (conn->rto << MIN (conn->persist_backoff, 16u), conn->tcp->config.rto_max_ns));
      g_autofree char *why = g_strdup_printf (
        "zero-window probe: byte seq=%u sent again after the persist timer (%s) expired, to "
        "learn whether the peer's window has opened, RFC 9293 3.8.6.1", conn->snd_una, dur);

      ns_tcp_send_segment (conn, conn->snd_una, 1, "probe", why);
    }
  else
    ns_tcp_send_segment (conn, conn->snd_nxt, 1, NULL, NULL);
  conn->persist_backoff++;
  ns_tcp_persist_check (conn);
}

/* ---- delayed ACK, RFC 1122 4.2.3.2 / RFC 9293 §3.8.6.3 ---- */

static void
on_delack_timeout (NsSim *sim, gpointer data)
{
  NsTcpConn *conn = data;

  conn->delack_timer = 0;
  ns_tcp_send_ack (conn);
}

void
ns_tcp_delack_schedule (NsTcpConn *conn)
{
  if (conn->delack_timer == 0)
    conn->delack_timer = ns_sim_schedule (conn->tcp->sim, conn->tcp->config.delack_ns,
                                          on_delack_timeout, conn);
}

/* ---- TIME-WAIT, RFC 9293 §3.10.8 ---- */

static void
on_timewait_timeout (NsSim *sim, gpointer data)
{
  NsTcpConn *conn = data;
  g_autofree char *dur = ns_tcp_format_duration (2 * conn->tcp->config.msl_ns);

  conn->timewait_timer = 0;
  ns_tcp_conn_set_state (conn, NS_TCP_CLOSED,
                         "2×MSL (%s) passed in TIME-WAIT: no old segment of this connection "
                         "can still be in the network, the connection is closed, RFC 9293 "
                         "3.10.8", dur);
  ns_tcp_conn_destroy (conn);
}

void
ns_tcp_timewait_start (NsTcpConn *conn)
{
  ns_tcp_rtx_timer_stop (conn);
  ns_sim_clear_event (conn->tcp->sim, &conn->persist_timer);
  ns_sim_clear_event (conn->tcp->sim, &conn->timewait_timer);
  conn->timewait_timer = ns_sim_schedule (conn->tcp->sim, 2 * conn->tcp->config.msl_ns,
                                          on_timewait_timeout, conn);
}
