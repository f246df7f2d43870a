/* tcp-output.c: what TCP sends and when: segmentation of the send buffer
 * (RFC 9293 §3.8.6), Nagle and silly-window avoidance, the retransmission
 * timer of RFC 6298, RTT estimation, congestion control of RFC 5681 with
 * NewReno recovery (RFC 6582), delayed ACKs (RFC 1122 4.2.3.2), zero-window
 * probing (RFC 9293 §3.8.6.1) and TIME-WAIT (§3.10.8). */
#include "net/tcp-private.h"

#include <string.h>

/* RFC 9293 §3.8.6.2.2 with no window scaling: the largest window field. */
#define MAX_WINDOW 65535u
/* RFC 5681 §3.1 allows an arbitrarily high initial ssthresh. */
#define INITIAL_SSTHRESH (16u * MAX_WINDOW)
#define MAX_CWND (1u << 30)

guint32
ns_tcp_fin_seq (NsTcpConn *conn)
{
  return conn->sndbuf_seq + ns_tcp_conn_send_buffered (conn);
}

guint32
ns_tcp_flight_size (NsTcpConn *conn)
{
  return conn->snd_nxt - conn->snd_una;
}

static guint32
rcv_buffered (NsTcpConn *conn)
{
  return conn->rcvbuf != NULL ? conn->rcvbuf->len : 0;
}

/* The window to offer now. RFC 9293 §3.8.6.2.2: never move the right edge
 * back (the peer may already send into it), and do not advance it by small
 * amounts (receiver silly window syndrome avoidance). */
guint32
ns_tcp_rcv_window (NsTcpConn *conn)
{
  guint32 buf = conn->tcp->config.rcv_buf;
  guint32 held = rcv_buffered (conn);
  guint32 avail = held < buf ? buf - held : 0;
  guint32 cur = ns_seq_gt (conn->rcv_adv, conn->rcv_nxt) ? conn->rcv_adv - conn->rcv_nxt : 0;

  if (held > 0 && avail > cur && avail - cur < MIN (buf / 2, conn->our_mss))
    avail = cur;
  if (avail < cur)
    avail = cur;
  return MIN (avail, MAX_WINDOW);
}

/* Builds and sends one segment; its @len payload bytes come from the send
 * buffer at @offset. */
static void
emit (NsTcpConn *conn, guint32 seq, guint8 flags, guint32 offset, guint32 len,
      gboolean mss_option)
{
  NsTcp *tcp = conn->tcp;
  NsTcpHeader hdr = { 0 };
  NsPacket *pkt;
  gsize hlen;

  hdr.src_port = conn->local_port;
  hdr.dst_port = conn->remote_port;
  hdr.seq = seq;
  hdr.flags = flags;
  hdr.window = (guint16) ns_tcp_rcv_window (conn);
  if (flags & NS_TCP_ACK)
    {
      hdr.ack = conn->rcv_nxt;
      conn->rcv_adv = conn->rcv_nxt + hdr.window;
      /* Any ACK we send covers what was owed: RFC 1122 4.2.3.2. */
      conn->ack_owed_bytes = 0;
      conn->ack_owed_segs = 0;
      ns_sim_clear_event (tcp->sim, &conn->delack_timer);
    }
  if (mss_option)
    {
      /* RFC 9293 §3.7.1: MSS option on SYN only. */
      hdr.has_mss = TRUE;
      hdr.mss = (guint16) MIN (conn->our_mss, 65535u);
    }
  hlen = ns_tcp_header_emit_len (&hdr);
  pkt = ns_packet_new (NS_PACKET_HEADROOM, hlen + len);
  ns_tcp_header_emit (&hdr, pkt->data);
  if (len > 0)
    ns_tcp_sndbuf_copy (conn, offset, len, pkt->data + hlen);
  ns_tcp_checksum_fill (pkt->data, pkt->len, conn->local_addr, conn->remote_addr);
  conn->segments_sent++;
  tcp->stats.segments_out++;
  if (tcp->output != NULL)
    tcp->output (tcp, conn->local_addr, conn->remote_addr, pkt, tcp->output_data);
  else
    ns_packet_unref (pkt);
}

void
ns_tcp_send_control (NsTcp *tcp, guint32 src, guint16 sport, guint32 dst, guint16 dport,
                     guint32 seq, guint32 ack, guint8 flags)
{
  NsTcpHeader hdr = { 0 };
  NsPacket *pkt = ns_packet_new (NS_PACKET_HEADROOM, NS_TCP_HEADER_MIN_LEN);

  hdr.src_port = sport;
  hdr.dst_port = dport;
  hdr.seq = seq;
  hdr.ack = (flags & NS_TCP_ACK) ? ack : 0;
  hdr.flags = flags;
  ns_tcp_header_emit (&hdr, pkt->data);
  ns_tcp_checksum_fill (pkt->data, pkt->len, src, dst);
  tcp->stats.segments_out++;
  if (flags & NS_TCP_RST)
    tcp->stats.resets_sent++;
  if (tcp->output != NULL)
    tcp->output (tcp, src, dst, pkt, tcp->output_data);
  else
    ns_packet_unref (pkt);
}

void
ns_tcp_send_ack (NsTcpConn *conn)
{
  emit (conn, conn->snd_nxt, NS_TCP_ACK, 0, 0, FALSE);
}

void
ns_tcp_send_syn (NsTcpConn *conn)
{
  guint8 flags = NS_TCP_SYN;

  /* SYN-RECEIVED answers with SYN-ACK (RFC 9293 §3.10.7.2/3). */
  if (conn->state == NS_TCP_SYN_RECEIVED)
    flags |= NS_TCP_ACK;
  emit (conn, conn->iss, flags, 0, 0, TRUE);
  if (conn->backoff == 0)
    {
      /* The handshake gives the first RTT sample (RFC 6298 §2.2 allows
       * it; Karn's rule excludes a SYN sent twice). */
      conn->rtt_active = TRUE;
      conn->rtt_seq = conn->iss;
      conn->rtt_start = ns_sim_now (conn->tcp->sim);
    }
  conn->snd_nxt = conn->iss + 1;
  conn->snd_max = ns_seq_max (conn->snd_max, conn->snd_nxt);
}

guint32
ns_tcp_send_segment (NsTcpConn *conn, guint32 seq, guint32 max_len, const char *rtx_cause,
                     const char *rtx_why)
{
  guint32 buffered = ns_tcp_conn_send_buffered (conn);
  guint32 offset = seq - conn->sndbuf_seq;
  guint32 len = 0, used;
  guint8 flags = NS_TCP_ACK;
  gboolean fin;

  if (offset <= buffered)
    len = MIN (max_len, buffered - offset);
  /* The FIN rides on the last data segment, or goes alone. */
  fin = conn->close_requested && seq + len == ns_tcp_fin_seq (conn);
  if (len == 0 && !fin)
    return 0;
  if (fin)
    flags |= NS_TCP_FIN;
  /* PSH when this segment empties the buffer (RFC 9293 §3.9.1.2). */
  if (len > 0 && offset + len == buffered)
    flags |= NS_TCP_PSH;
  used = len + (fin ? 1 : 0);
  if (ns_seq_lt (seq, conn->snd_max))
    {
      /* Karn's algorithm (RFC 6298 §3): no RTT sample from a segment sent
       * twice. */
      conn->rtt_active = FALSE;
      if (rtx_cause != NULL)
        ns_tcp_trace_retransmit (conn, seq, rtx_cause, rtx_why);
    }
  else if (!conn->rtt_active)
    {
      conn->rtt_active = TRUE;
      conn->rtt_seq = seq;
      conn->rtt_start = ns_sim_now (conn->tcp->sim);
    }
  emit (conn, seq, flags, offset, len, FALSE);
  conn->bytes_sent += len;
  if (seq == conn->snd_nxt)
    conn->snd_nxt += used;
  conn->snd_max = ns_seq_max (conn->snd_max, seq + used);
  return used;
}

/* RFC 9293 §3.7.4 (Nagle) and §3.8.6.2.1 (sender SWS avoidance): whether a
 * segment of @len bytes (less than a full one) may go now. */
static gboolean
may_send_small (NsTcpConn *conn, guint32 len, guint32 unsent)
{
  if (len < unsent)
    /* Limited by the window: only if that is half the largest window the
     * peer ever offered. */
    return len >= conn->max_sndwnd / 2;
  /* The tail of the data: if nothing is outstanding, or Nagle is off, or
   * the FIN goes with it. */
  return conn->nodelay || conn->snd_nxt == conn->snd_una || conn->close_requested;
}

static gboolean
can_send_data (NsTcpConn *conn)
{
  switch (conn->state)
    {
    case NS_TCP_ESTABLISHED:
    case NS_TCP_CLOSE_WAIT:
    case NS_TCP_FIN_WAIT_1:
    case NS_TCP_CLOSING:
    case NS_TCP_LAST_ACK:
      return TRUE;
    default:
      return FALSE;
    }
}

void
ns_tcp_output (NsTcpConn *conn)
{
  guint32 win, buf_end;

  if (!can_send_data (conn))
    return;
  win = MIN (conn->snd_wnd, conn->cwnd);
  buf_end = ns_tcp_fin_seq (conn);
  for (;;)
    {
      guint32 flight = ns_tcp_flight_size (conn);
      guint32 usable = win > flight ? win - flight : 0;
      guint32 unsent = ns_seq_lt (conn->snd_nxt, buf_end) ? buf_end - conn->snd_nxt : 0;
      gboolean fin_unsent = conn->close_requested && conn->snd_nxt == buf_end;
      guint32 len = MIN (MIN (unsent, conn->smss), usable);
      gboolean rtx = ns_seq_lt (conn->snd_nxt, conn->snd_max);

      if (unsent == 0 && !fin_unsent)
        break;
      if (unsent > 0 && len == 0)
        break;
      if (unsent > 0 && len < conn->smss && !may_send_small (conn, len, unsent) && !rtx)
        break;
      if (ns_tcp_send_segment (conn, conn->snd_nxt, len, rtx ? "rto" : NULL, conn->rtx_why)
          == 0)
        break;
    }
  if (conn->snd_nxt != conn->snd_una && conn->snd_wnd > 0 && conn->rtx_timer == 0)
    ns_tcp_rtx_timer_start (conn);
  ns_tcp_persist_check (conn);
}

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

  if (conn->backoff >= conn->tcp->config.syn_retries)
    {
      g_autofree char *fail = g_strdup_printf (
        "no answer to our %s after %u retransmissions%s: giving up, RFC 9293 3.8.3",
        synack ? "SYN-ACK" : "SYN", conn->backoff,
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
  conn->rtx_why = g_strdup_printf ("%s sent again: retransmission timer (%s) expired "
                                   "before it was acknowledged, RFC 6298 5.4",
                                   conn->close_requested && conn->snd_una == ns_tcp_fin_seq (conn)
                                     ? "FIN" : "segment", dur);
  /* RFC 5681 §3.1 eq. 4, only for the first timeout of this segment;
   * then a loss window of one segment (slow start again). */
  if (conn->backoff == 0)
    conn->ssthresh = MAX (flight / 2, 2 * conn->smss);
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

void
ns_tcp_persist_check (NsTcpConn *conn)
{
  gboolean waiting = ns_seq_lt (conn->snd_una, ns_tcp_fin_seq (conn))
                     || (conn->close_requested && ns_seq_le (conn->snd_nxt, ns_tcp_fin_seq (conn)));
  gint64 delay;

  if (conn->snd_wnd > 0 || !waiting || !can_send_data (conn))
    {
      ns_sim_clear_event (conn->tcp->sim, &conn->persist_timer);
      conn->persist_backoff = 0;
      return;
    }
  if (conn->persist_timer != 0)
    return;
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
  if (conn->snd_wnd > 0)
    return;
  /* One byte: the first unacknowledged one again, or a new one. */
  if (conn->snd_nxt != conn->snd_una)
    ns_tcp_send_segment (conn, conn->snd_una, 1, NULL, NULL);
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

/* ---- congestion control, RFC 5681 and RFC 6582 ---- */

void
ns_tcp_cc_init (NsTcpConn *conn)
{
  guint32 smss = conn->smss;

  /* RFC 5681 §3.1 eq. 1: IW from SMSS; one segment if the SYN or SYN-ACK
   * had to be sent again. */
  if (conn->syn_retransmitted)
    conn->cwnd = smss;
  else if (smss > 2190)
    conn->cwnd = 2 * smss;
  else if (smss > 1095)
    conn->cwnd = 3 * smss;
  else
    conn->cwnd = 4 * smss;
  conn->ssthresh = INITIAL_SSTHRESH;
  conn->recover = conn->iss;
}

static void
partial_ack (NsTcpConn *conn, guint32 acked)
{
  g_autofree char *why = g_strdup_printf (
    "segment seq=%u sent again: an ACK covered only part of the data sent before the loss "
    "(partial ACK), so the next hole is filled at once (NewReno fast recovery), RFC 6582 3.2",
    conn->snd_una);
  ns_tcp_send_segment (conn, conn->snd_una, conn->smss, "fast", why);
  /* Deflate by the amount acknowledged, add back one SMSS (RFC 6582 3.2
   * step 5). */
  conn->cwnd = conn->cwnd > acked ? conn->cwnd - acked : 0;
  if (acked >= conn->smss)
    conn->cwnd += conn->smss;
  conn->cwnd = MAX (conn->cwnd, conn->smss);
  /* The caller restarts the retransmission timer on every partial ACK
   * (the "Slow-but-Steady" variant of RFC 6582 3.2 step 5). */
}

void
ns_tcp_cc_on_ack (NsTcpConn *conn, guint32 acked, guint32 ack)
{
  guint32 smss = conn->smss;

  if (conn->in_recovery)
    {
      if (ns_seq_ge (ack, conn->recover))
        {
          /* Full acknowledgement: leave fast recovery with cwnd =
           * min (ssthresh, FlightSize + SMSS) (RFC 6582 3.2 step 3). */
          conn->cwnd = MIN (conn->ssthresh, MAX (ns_tcp_flight_size (conn), smss) + smss);
          conn->in_recovery = FALSE;
          conn->dup_acks = 0;
        }
      else
        partial_ack (conn, acked);
      return;
    }
  conn->dup_acks = 0;
  if (conn->cwnd < conn->ssthresh)
    conn->cwnd += MIN (acked, smss);                       /* slow start, eq. 2 */
  else
    conn->cwnd += MAX (1u, (guint32) ((guint64) smss * smss / conn->cwnd));  /* eq. 3 */
  conn->cwnd = MIN (conn->cwnd, MAX_CWND);
}

/* RFC 3042 (Limited Transmit, RFC 5681 §3.2): on the first two duplicate
 * ACKs, send one new segment if the peer's window allows and no more than
 * cwnd + 2 SMSS would be outstanding. With a small window this brings the
 * third duplicate ACK that starts fast retransmit, instead of a timeout. */
static void
limited_transmit (NsTcpConn *conn)
{
  guint32 buf_end = ns_tcp_fin_seq (conn);
  guint32 unsent, len, flight;

  if (conn->snd_nxt != conn->snd_max || !ns_seq_lt (conn->snd_nxt, buf_end))
    return;
  unsent = buf_end - conn->snd_nxt;
  len = MIN (unsent, conn->smss);
  flight = ns_tcp_flight_size (conn);
  if (flight + len > conn->cwnd + 2 * conn->smss || flight + len > conn->snd_wnd)
    return;
  if (len < conn->smss && !conn->nodelay && !conn->close_requested)
    return;   /* Nagle: no small segment while data is outstanding */
  ns_tcp_send_segment (conn, conn->snd_nxt, len, NULL, NULL);
}

void
ns_tcp_cc_on_dup_ack (NsTcpConn *conn)
{
  g_autofree char *why = NULL;

  if (conn->in_recovery)
    {
      /* RFC 5681 §3.2 step 4: each further duplicate means a segment left
       * the network: inflate the window by one SMSS. */
      conn->cwnd = MIN (conn->cwnd + conn->smss, MAX_CWND);
      ns_tcp_output (conn);
      return;
    }
  conn->dup_acks++;
  if (conn->dup_acks < 3)
    {
      limited_transmit (conn);
      return;
    }
  if (conn->dup_acks > 3)
    return;
  /* RFC 6582 §3.2 step 2: not again for losses of one window. */
  if (!ns_seq_gt (conn->snd_una, conn->recover))
    return;
  why = g_strdup_printf ("segment seq=%u sent again: three duplicate ACKs say it was lost while "
                         "later ones arrived (fast retransmit), RFC 5681 3.2", conn->snd_una);
  conn->ssthresh = MAX (ns_tcp_flight_size (conn) / 2, 2 * conn->smss);   /* eq. 4 */
  conn->recover = conn->snd_max;
  conn->in_recovery = TRUE;
  ns_tcp_send_segment (conn, conn->snd_una, conn->smss, "fast", why);
  conn->cwnd = conn->ssthresh + 3 * conn->smss;
  ns_tcp_output (conn);
}
