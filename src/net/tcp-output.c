/* tcp-output.c: what TCP sends and when: segmentation of the send buffer
 * (RFC 9293 §3.8.6), Nagle and silly-window avoidance. The timers that make
 * it send again are in tcp-timer.c, congestion control in tcp-cc.c. */
#include "net/tcp-private.h"

#include <string.h>

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
  return MIN (avail, NS_TCP_MAX_WINDOW << conn->rcv_wscale);
}

guint32
ns_tcp_ts_now (NsTcpConn *conn)
{
  /* A 1 ms clock (RFC 7323 5.4 asks for 1 ms to 1 s per tick). */
  return (guint32) (ns_sim_now (conn->tcp->sim) / NS_NSEC_PER_MSEC) + conn->ts_offset;
}

/* RFC 2018 4: the first block holds the segment that arrived last, the
 * others follow; blocks are the runs of data held out of order. */
void
ns_tcp_sack_fill (NsTcpConn *conn, NsTcpHeader *hdr)
{
  guint max = conn->ts_ok ? 3 : 4;
  NsTcpSackBlock blocks[64];
  guint n = 0, first = 0;

  for (GList *l = conn->ooo.head; l != NULL && n < G_N_ELEMENTS (blocks); l = l->next)
    {
      NsTcpOoo *item = l->data;
      guint32 end = item->seq + item->len + (item->fin ? 1 : 0);

      if (n > 0 && ns_seq_le (item->seq, blocks[n - 1].right))
        blocks[n - 1].right = ns_seq_max (blocks[n - 1].right, end);
      else
        blocks[n++] = (NsTcpSackBlock) { item->seq, end };
    }
  if (n == 0)
    return;
  for (guint i = 0; i < n; i++)
    if (ns_seq_le (blocks[i].left, conn->sack_last_seq)
        && ns_seq_lt (conn->sack_last_seq, blocks[i].right))
      first = i;
  hdr->n_sack = 0;
  hdr->sack_left[hdr->n_sack] = blocks[first].left;
  hdr->sack_right[hdr->n_sack++] = blocks[first].right;
  for (guint i = 0; i < n && hdr->n_sack < max; i++)
    if (i != first)
      {
        hdr->sack_left[hdr->n_sack] = blocks[i].left;
        hdr->sack_right[hdr->n_sack++] = blocks[i].right;
      }
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
  {
    guint32 wnd = ns_tcp_rcv_window (conn);

    /* RFC 7323 2.2: the window of a SYN is never scaled. Otherwise it is
     * sent shifted right, rounded up so that the right edge offered never
     * moves back (RFC 7323 2.4). */
    if (flags & NS_TCP_SYN)
      hdr.window = (guint16) MIN (wnd, NS_TCP_MAX_WINDOW);
    else
      hdr.window = (guint16) MIN ((wnd + (1u << conn->rcv_wscale) - 1) >> conn->rcv_wscale,
                                  NS_TCP_MAX_WINDOW);
  }
  if (flags & NS_TCP_ACK)
    {
      hdr.ack = conn->rcv_nxt;
      conn->last_ack_sent = conn->rcv_nxt;
      conn->rcv_adv = conn->rcv_nxt + ((flags & NS_TCP_SYN) ? hdr.window
                                       : (guint32) hdr.window << conn->rcv_wscale);
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
      /* RFC 7323 2.2 and 3.2, RFC 2018 2: offered in our SYN when
       * enabled; in a SYN-ACK only when the peer's SYN offered it too. */
      if (conn->state == NS_TCP_SYN_SENT ? tcp->config.window_scaling : conn->ws_ok)
        {
          hdr.has_wscale = TRUE;
          hdr.wscale = conn->rcv_wscale;
        }
      hdr.sack_permitted = conn->state == NS_TCP_SYN_SENT ? tcp->config.sack : conn->sack_ok;
      if (conn->state == NS_TCP_SYN_SENT && tcp->config.timestamps)
        hdr.has_timestamps = TRUE;
    }
  if (conn->ts_ok || hdr.has_timestamps)
    {
      /* RFC 7323 3.2 and 4.3: our clock, and the peer's latest value. */
      hdr.has_timestamps = TRUE;
      hdr.ts_val = ns_tcp_ts_now (conn);
      hdr.ts_ecr = (flags & NS_TCP_ACK) ? conn->ts_recent : 0;
    }
  if (conn->sack_ok && (flags & NS_TCP_ACK) && !(flags & NS_TCP_SYN) && len == 0
      && conn->ooo.length > 0)
    ns_tcp_sack_fill (conn, &hdr);
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
  if (conn->snd_max == conn->iss)
    conn->syn_start = ns_sim_now (conn->tcp->sim);   /* R2 counts from here */
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

gboolean
ns_tcp_can_send_data (NsTcpConn *conn)
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

  if (!ns_tcp_can_send_data (conn))
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
      if (ns_tcp_send_segment (conn, conn->snd_nxt, len,
                               rtx ? (conn->rtx_cause != NULL ? conn->rtx_cause : "rto") : NULL,
                               conn->rtx_why)
          == 0)
        break;
    }
  if (conn->snd_nxt != conn->snd_una && conn->snd_wnd > 0 && conn->rtx_timer == 0)
    ns_tcp_rtx_timer_start (conn);
  ns_tcp_persist_check (conn);
}
