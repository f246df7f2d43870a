/* tcp-input.c: a segment arrives, RFC 9293 §3.10.7 step by step: closed
 * port (3.10.7.1), LISTEN (3.10.7.2), SYN-SENT (3.10.7.3) and the
 * synchronized states (3.10.7.4: sequence check, RST, SYN, ACK, text,
 * FIN), with the challenge ACKs of RFC 5961 that RFC 9293 recommends. */
#include "net/tcp-private.h"

#include <string.h>

typedef struct {
  guint32       seq;
  guint32       ack;
  guint8        flags;
  guint32       window;         /* scaled (RFC 7323 2.3), except in a SYN */
  const guint8 *data;
  guint32       len;
  const NsTcpHeader *hdr;
} Seg;

/* ---- closed port, RFC 9293 §3.10.7.1 ---- */

static void
answer_closed (NsTcp *tcp, guint32 src, guint32 dst, const NsTcpHeader *hdr, guint32 seglen)
{
  /* An incoming RST is dropped; anything else gets a RST the peer will
   * accept: <SEQ=SEG.ACK> if it had an ACK, else <SEQ=0><ACK=SEG.SEQ+SEG.LEN>. */
  if (hdr->flags & NS_TCP_RST)
    return;
  if (hdr->flags & NS_TCP_ACK)
    ns_tcp_send_control (tcp, dst, hdr->dst_port, src, hdr->src_port, hdr->ack, 0, NS_TCP_RST);
  else
    ns_tcp_send_control (tcp, dst, hdr->dst_port, src, hdr->src_port, 0, hdr->seq + seglen,
                         NS_TCP_RST | NS_TCP_ACK);
}

static void
take_peer_mss (NsTcpConn *conn, const NsTcpHeader *hdr)
{
  /* RFC 9293 §3.7.1: without the option the peer takes 536. */
  guint32 peer = hdr->has_mss && hdr->mss > 0 ? hdr->mss : 536;

  conn->smss = MIN (peer, conn->our_mss);
}

/* The options of the peer's SYN against ours (RFC 7323 1.3, RFC 2018 2):
 * each is used only if both sides offered it. */
static void
negotiate (NsTcpConn *conn, const NsTcpHeader *hdr)
{
  const NsTcpConfig *cfg = &conn->tcp->config;

  conn->peer_ws = hdr->has_wscale;
  conn->peer_ts = hdr->has_timestamps;
  conn->peer_sack = hdr->sack_permitted;
  conn->peer_wscale = hdr->wscale;
  conn->ws_ok = cfg->window_scaling && hdr->has_wscale;
  conn->sack_ok = cfg->sack && hdr->sack_permitted;
  conn->ts_ok = cfg->timestamps && hdr->has_timestamps;
  /* RFC 7323 2.3: a shift above 14 is taken as 14. */
  conn->snd_wscale = conn->ws_ok ? MIN (hdr->wscale, 14) : 0;
  if (!conn->ws_ok)
    conn->rcv_wscale = 0;
  if (conn->ts_ok)
    {
      conn->ts_recent = hdr->ts_val;
      /* The 12 option bytes every segment now carries come out of the
       * data, so a full segment still fits the MTU (RFC 6691 / RFC 7323). */
      if (conn->smss > 12 + 64)
        conn->smss -= 12;
    }
}

static void
take_window (NsTcpConn *conn, const Seg *seg)
{
  conn->snd_wnd = seg->window;
  conn->snd_wl1 = seg->seq;
  conn->snd_wl2 = seg->ack;
  conn->max_sndwnd = MAX (conn->max_sndwnd, conn->snd_wnd);
}

/* ---- LISTEN, RFC 9293 §3.10.7.2 ---- */

static void
input_listen (NsTcpConn *listener, guint32 src, guint32 dst, const NsTcpHeader *hdr,
              guint32 seglen)
{
  NsTcp *tcp = listener->tcp;
  NsTcpConn *conn;

  if (hdr->flags & NS_TCP_RST)
    return;
  if (hdr->flags & NS_TCP_ACK)
    {
      ns_tcp_send_control (tcp, dst, hdr->dst_port, src, hdr->src_port, hdr->ack, 0, NS_TCP_RST);
      return;
    }
  if (!(hdr->flags & NS_TCP_SYN))
    return;
  if (listener->n_children >= tcp->config.backlog)
    return;   /* the backlog is full: the peer will send its SYN again */
  conn = ns_tcp_conn_new_child (listener, dst, hdr->dst_port, src, hdr->src_port);
  conn->irs = hdr->seq;
  conn->rcv_nxt = hdr->seq + 1;
  take_peer_mss (conn, hdr);
  negotiate (conn, hdr);
  ns_tcp_cc_init (conn);
  conn->snd_wnd = hdr->window;
  conn->snd_wl1 = hdr->seq;
  conn->max_sndwnd = hdr->window;
  conn->state = NS_TCP_LISTEN;
  ns_tcp_conn_set_state (conn, NS_TCP_SYN_RECEIVED,
                         "SYN received on listening port %u: reply SYN-ACK (seq=%u, ack=%u), "
                         "RFC 9293 3.10.7.2", conn->local_port, conn->iss, conn->rcv_nxt);
  /* Data in a SYN is not kept: the peer sends it again after the
   * handshake. */
  ns_tcp_send_syn (conn);
  ns_tcp_rtx_timer_start (conn);
}

/* ---- SYN-SENT, RFC 9293 §3.10.7.3 ---- */

static void process_synchronized (NsTcpConn *conn, Seg *seg);

static void
handshake_done (NsTcpConn *conn, const Seg *seg)
{
  take_window (conn, seg);
  conn->backoff = 0;
  /* RFC 6298 §5.7: a SYN that had to be sent again means an RTO of 3 s
   * once data flows (unless a sample says otherwise). */
  if (conn->syn_retransmitted && !conn->have_rtt)
    conn->rto = MIN (3 * NS_NSEC_PER_SEC, conn->tcp->config.rto_max_ns);
  ns_tcp_cc_init (conn);
}

static void
input_syn_sent (NsTcpConn *conn, Seg *seg)
{
  gboolean has_ack = seg->flags & NS_TCP_ACK;

  if (has_ack && (ns_seq_le (seg->ack, conn->iss) || ns_seq_gt (seg->ack, conn->snd_max)))
    {
      if (!(seg->flags & NS_TCP_RST))
        ns_tcp_send_control (conn->tcp, conn->local_addr, conn->local_port, conn->remote_addr,
                             conn->remote_port, seg->ack, 0, NS_TCP_RST);
      return;
    }
  if (seg->flags & NS_TCP_RST)
    {
      g_autofree char *why = NULL;

      if (!has_ack)
        return;
      conn->tcp->stats.resets_received++;
      why = g_strdup_printf ("RST received in answer to our SYN: nobody listens on %s, "
                             "RFC 9293 3.10.7.3", conn->remote_name);
      ns_tcp_conn_fail (conn, NS_TCP_ERR_REFUSED, why);
      return;
    }
  if (!(seg->flags & NS_TCP_SYN))
    return;
  conn->irs = seg->seq;
  conn->rcv_nxt = seg->seq + 1;
  take_peer_mss (conn, seg->hdr);
  negotiate (conn, seg->hdr);
  if (has_ack)
    {
      if (conn->rtt_active && ns_seq_gt (seg->ack, conn->rtt_seq))
        ns_tcp_rtt_sample (conn, ns_sim_now (conn->tcp->sim) - conn->rtt_start);
      conn->rtt_active = FALSE;
      conn->snd_una = seg->ack;
      ns_tcp_rtx_timer_stop (conn);
      handshake_done (conn, seg);
      ns_tcp_conn_set_state (conn, NS_TCP_ESTABLISHED,
                             "SYN-ACK received acknowledging our SYN: reply ACK, the three-way "
                             "handshake is complete, RFC 9293 3.10.7.3");
      ns_tcp_send_ack (conn);
      ns_tcp_conn_notify_established (conn);
      if (conn->doomed)
        return;
      /* Data or FIN carried by the SYN-ACK: go on at step six. */
      seg->seq++;
      seg->flags &= (guint8) ~NS_TCP_SYN;
      if (seg->len > 0 || (seg->flags & NS_TCP_FIN))
        process_synchronized (conn, seg);
      else
        ns_tcp_output (conn);
      return;
    }
  /* Simultaneous open: both sides sent a SYN. */
  conn->snd_wnd = seg->window;
  conn->snd_wl1 = seg->seq;
  conn->max_sndwnd = seg->window;
  ns_tcp_conn_set_state (conn, NS_TCP_SYN_RECEIVED,
                         "SYN received while our own SYN is unanswered (simultaneous open): "
                         "reply SYN-ACK, RFC 9293 3.10.7.3");
  ns_tcp_send_syn (conn);
  ns_tcp_rtx_timer_start (conn);
}

/* ---- synchronized states, RFC 9293 §3.10.7.4 ---- */

/* First check: is any of the segment inside the receive window? */
static gboolean
acceptable (NsTcpConn *conn, const Seg *seg, guint32 seglen, guint32 wnd)
{
  guint32 nxt = conn->rcv_nxt;

  if (seglen == 0)
    return wnd == 0 ? seg->seq == nxt
                    : ns_seq_le (nxt, seg->seq) && ns_seq_lt (seg->seq, nxt + wnd);
  if (wnd == 0)
    return FALSE;
  return (ns_seq_le (nxt, seg->seq) && ns_seq_lt (seg->seq, nxt + wnd))
         || (ns_seq_le (nxt, seg->seq + seglen - 1)
             && ns_seq_lt (seg->seq + seglen - 1, nxt + wnd));
}

/* Cuts what lies before RCV.NXT or beyond the window. */
static void
trim_to_window (NsTcpConn *conn, Seg *seg, guint32 wnd)
{
  if (ns_seq_lt (seg->seq, conn->rcv_nxt))
    {
      guint32 cut = conn->rcv_nxt - seg->seq;

      if (seg->flags & NS_TCP_SYN)
        {
          seg->flags &= (guint8) ~NS_TCP_SYN;
          cut--;
          seg->seq++;
        }
      cut = MIN (cut, seg->len);
      seg->data += cut;
      seg->len -= cut;
      seg->seq += cut;
    }
  if (ns_seq_gt (seg->seq + seg->len, conn->rcv_nxt + wnd))
    {
      seg->len = conn->rcv_nxt + wnd - seg->seq;
      /* The FIN lies beyond the window too: it will come again. */
      seg->flags &= (guint8) ~NS_TCP_FIN;
    }
}

static gboolean
input_rst (NsTcpConn *conn, const Seg *seg)
{
  conn->tcp->stats.resets_received++;
  /* RFC 1337 §3: a RST must not cut TIME-WAIT short ("TIME-WAIT
   * assassination"); it typically answers a late duplicate that reached a
   * peer which has already closed. The 2×MSL wait goes on. */
  if (conn->state == NS_TCP_TIME_WAIT)
    return TRUE;
  if (seg->seq != conn->rcv_nxt)
    {
      /* RFC 5961 §3.2 (RFC 9293 3.10.7.4): a RST inside the window but not
       * exactly at RCV.NXT gets a challenge ACK; a real peer answers it
       * with a RST at the right number, a blind attacker cannot. */
      ns_tcp_send_ack (conn);
      return TRUE;
    }
  if (conn->state == NS_TCP_SYN_RECEIVED && conn->listener != NULL)
    {
      ns_tcp_conn_set_state (conn, NS_TCP_CLOSED,
                             "RST received while the connection was opening: it is dropped "
                             "and the port keeps listening, RFC 9293 3.10.7.4");
      ns_tcp_conn_destroy (conn);
      return TRUE;
    }
  if (conn->state == NS_TCP_CLOSING || conn->state == NS_TCP_LAST_ACK)
    ns_tcp_conn_fail (conn, NS_TCP_ERR_RESET,
                      "RST received while waiting for the ACK of our FIN: the peer has already "
                      "forgotten the connection, so it is closed, RFC 9293 3.10.7.4");
  else if (conn->state == NS_TCP_SYN_RECEIVED)
    ns_tcp_conn_fail (conn, NS_TCP_ERR_REFUSED,
                      "RST received in answer to our SYN-ACK: connection refused, "
                      "RFC 9293 3.10.7.4");
  else
    ns_tcp_conn_fail (conn, NS_TCP_ERR_RESET,
                      "RST received: the peer reset the connection, any data not yet "
                      "delivered is lost, RFC 9293 3.10.7.4");
  return TRUE;
}

static gboolean
fin_acked (NsTcpConn *conn)
{
  return conn->close_requested && ns_seq_gt (conn->snd_una, ns_tcp_fin_seq (conn));
}

/* Frees the acknowledged bytes of the send buffer; returns how many. */
static guint32
drop_acked_data (NsTcpConn *conn, guint32 ack)
{
  guint32 end = ns_seq_min (ack, ns_tcp_fin_seq (conn));
  guint32 n;

  if (!ns_seq_gt (end, conn->sndbuf_seq))
    return 0;
  n = end - conn->sndbuf_seq;
  ns_tcp_sndbuf_drop (conn, n);
  conn->sndbuf_seq += n;
  conn->bytes_acked += n;
  return n;
}

static void
update_window (NsTcpConn *conn, const Seg *seg)
{
  /* RFC 9293 3.10.7.4: only a segment newer than the last one that set the
   * window may change it (SND.WL1/SND.WL2). */
  if (ns_seq_lt (conn->snd_wl1, seg->seq)
      || (conn->snd_wl1 == seg->seq && ns_seq_le (conn->snd_wl2, seg->ack)))
    {
      gboolean opened = conn->snd_wnd == 0 && seg->window > 0;

      take_window (conn, seg);
      if (opened && conn->snd_nxt != conn->snd_una)
        {
          /* The window opened while a zero-window probe byte is
           * unacknowledged: send on from it. */
          g_free (conn->rtx_why);
          conn->rtx_why = g_strdup ("byte sent again: the window-probe that carried it was "
                                    "refused and the window has opened, RFC 9293 3.8.6.1");
          /* A probe's byte again, not a timeout: its own cause. */
          conn->rtx_cause = "probe";
          conn->snd_nxt = conn->snd_una;
        }
    }
}

/* Fifth check, the ACK field. FALSE when the segment is to be dropped. */
static gboolean
process_ack (NsTcpConn *conn, const Seg *seg)
{
  guint32 old_wnd = conn->snd_wnd;
  guint32 acked, data_acked;

  if (ns_seq_gt (seg->ack, conn->snd_max))
    {
      /* Acknowledges something never sent: ACK and drop. */
      ns_tcp_send_ack (conn);
      return FALSE;
    }
  if (conn->sack_ok && seg->hdr != NULL && seg->hdr->n_sack > 0)
    ns_tcp_sack_update (conn, seg->hdr);
  if (ns_seq_lt (seg->ack, conn->snd_una))
    return TRUE;   /* an old duplicate: ignored */
  if (seg->ack == conn->snd_una)
    {
      /* RFC 5681 §2: a duplicate ACK acknowledges nothing new, carries no
       * data, SYN or FIN, does not change the window, while data is
       * outstanding. Answers to zero-window probes are not losses. */
      gboolean dup = conn->snd_max != conn->snd_una && seg->len == 0
                     && !(seg->flags & (NS_TCP_SYN | NS_TCP_FIN)) && seg->window == old_wnd
                     && seg->window > 0 && conn->state != NS_TCP_TIME_WAIT;

      update_window (conn, seg);
      if (dup && !(conn->sack_ok && ns_tcp_sack_on_ack (conn, TRUE, 0)))
        ns_tcp_cc_on_dup_ack (conn);
      else if (conn->snd_wnd != old_wnd)
        conn->dup_acks = 0;
      return !conn->doomed;
    }
  /* New data acknowledged. */
  acked = seg->ack - conn->snd_una;
  if (conn->ts_ok && seg->hdr != NULL && seg->hdr->has_timestamps && seg->hdr->ts_ecr != 0)
    {
      /* RFC 7323 4.1 (RTTM): the echoed timestamp times this ACK, even
       * for a segment sent twice (no ambiguity, unlike Karn's case). */
      gint64 rtt = (gint64) (gint32) (ns_tcp_ts_now (conn) - seg->hdr->ts_ecr);

      if (rtt >= 0)
        ns_tcp_rtt_sample (conn, rtt * NS_NSEC_PER_MSEC);
      conn->rtt_active = FALSE;
    }
  else if (conn->rtt_active && ns_seq_gt (seg->ack, conn->rtt_seq))
    {
      ns_tcp_rtt_sample (conn, ns_sim_now (conn->tcp->sim) - conn->rtt_start);
      conn->rtt_active = FALSE;
    }
  data_acked = drop_acked_data (conn, seg->ack);
  conn->snd_una = seg->ack;
  if (ns_seq_lt (conn->snd_nxt, conn->snd_una))
    conn->snd_nxt = conn->snd_una;
  conn->backoff = 0;
  conn->persist_backoff = 0;
  update_window (conn, seg);
  if (conn->scoreboard != NULL)
    ns_tcp_sack_trim (conn);
  if (!(conn->sack_ok && ns_tcp_sack_on_ack (conn, FALSE, acked)))
    ns_tcp_cc_on_ack (conn, acked, seg->ack);
  /* RFC 6298 §5.2/5.3: stop the timer when everything is acknowledged,
   * otherwise restart it. */
  if (conn->snd_una == conn->snd_max)
    {
      ns_tcp_rtx_timer_stop (conn);
      g_clear_pointer (&conn->rtx_why, g_free);
      conn->rtx_cause = NULL;
    }
  else if (conn->snd_wnd > 0)
    ns_tcp_rtx_timer_start (conn);
  if (data_acked > 0 && conn->cb.sent != NULL && conn->app_visible && !conn->app_done)
    conn->cb.sent (conn, data_acked, conn->user_data);
  return !conn->doomed;
}

/* In-order data is taken: RCV.NXT moves past it. */
static void
take_in_order (NsTcpConn *conn, guint32 len)
{
  if (len == 0)
    return;
  conn->rcv_nxt += len;
  conn->bytes_received += len;
  conn->ack_owed_bytes += len;
  conn->ack_owed_segs++;
}

/* Hands in-order data to the application, or keeps it while paused. */
static void
deliver (NsTcpConn *conn, const guint8 *data, guint32 len)
{
  if (len == 0)
    return;
  if (conn->paused)
    {
      if (conn->rcvbuf == NULL)
        conn->rcvbuf = g_byte_array_new ();
      g_byte_array_append (conn->rcvbuf, data, len);
      return;
    }
  if (conn->cb.received != NULL && conn->app_visible && !conn->app_done)
    conn->cb.received (conn, data, len, conn->user_data);
}

static void
ooo_insert (NsTcpConn *conn, const Seg *seg)
{
  NsTcpOoo *item = g_malloc (sizeof (NsTcpOoo) + seg->len);
  GList *l;

  item->seq = seg->seq;
  item->len = seg->len;
  item->fin = (seg->flags & NS_TCP_FIN) != 0;
  memcpy (item->data, seg->data, seg->len);
  /* Sorted by sequence number; overlaps are trimmed when taken out. */
  for (l = conn->ooo.tail; l != NULL; l = l->prev)
    if (ns_seq_le (((NsTcpOoo *) l->data)->seq, item->seq))
      break;
  if (l == NULL)
    g_queue_push_head (&conn->ooo, item);
  else
    g_queue_insert_after (&conn->ooo, l, item);
}

typedef struct {
  NsTcpOoo *item;
  guint32   skip;   /* bytes of it already received */
} Filled;

/* Takes out of the queue what now follows RCV.NXT, moving RCV.NXT past
 * it, into @filled (of Filled) for delivery; TRUE if a FIN came with it. */
static gboolean
ooo_take (NsTcpConn *conn, GArray *filled)
{
  gboolean fin = FALSE;

  while (!fin && conn->ooo.head != NULL)
    {
      NsTcpOoo *item = conn->ooo.head->data;
      guint32 end = item->seq + item->len;
      Filled f = { item, item->len };

      if (ns_seq_gt (item->seq, conn->rcv_nxt))
        break;
      g_queue_pop_head (&conn->ooo);
      if (ns_seq_gt (end, conn->rcv_nxt))
        {
          f.skip = conn->rcv_nxt - item->seq;
          take_in_order (conn, item->len - f.skip);
        }
      if (item->fin && end == conn->rcv_nxt)
        fin = TRUE;
      g_array_append_val (filled, f);
    }
  return fin;
}

static void
input_fin (NsTcpConn *conn)
{
  g_autofree char *dur = ns_tcp_format_duration (2 * conn->tcp->config.msl_ns);

  conn->rcv_nxt++;
  switch (conn->state)
    {
    case NS_TCP_SYN_RECEIVED:
    case NS_TCP_ESTABLISHED:
      ns_tcp_conn_set_state (conn, NS_TCP_CLOSE_WAIT,
                             "FIN received: the peer has no more data to send; ACK it and wait "
                             "for our application to close, RFC 9293 3.10.7.4");
      break;
    case NS_TCP_FIN_WAIT_1:
      /* Our FIN is not acknowledged yet (else we would be in FIN-WAIT-2). */
      ns_tcp_conn_set_state (conn, NS_TCP_CLOSING,
                             "FIN received before our own FIN was acknowledged (simultaneous "
                             "close): ACK it and wait for the ACK of ours, RFC 9293 3.10.7.4");
      break;
    case NS_TCP_FIN_WAIT_2:
      ns_tcp_conn_set_state (conn, NS_TCP_TIME_WAIT,
                             "FIN received after our FIN was acknowledged: ACK it and wait "
                             "2×MSL (%s) so that late segments die out, RFC 9293 3.10.7.4", dur);
      ns_tcp_timewait_start (conn);
      break;
    default:
      return;
    }
  ns_tcp_send_ack (conn);
  /* Tell the application the stream ended. */
  if (conn->paused)
    conn->eof_pending = TRUE;
  else if (conn->cb.received != NULL && conn->app_visible && !conn->app_done)
    conn->cb.received (conn, NULL, 0, conn->user_data);
  if (!conn->doomed && conn->state == NS_TCP_TIME_WAIT)
    ns_tcp_conn_notify_closed (conn, NS_TCP_ERR_NONE, "both directions closed");
}

static gboolean
accepts_text (NsTcpConn *conn)
{
  return conn->state == NS_TCP_ESTABLISHED || conn->state == NS_TCP_FIN_WAIT_1
         || conn->state == NS_TCP_FIN_WAIT_2;
}

/* Seventh and eighth steps: the text and the FIN. */
static void
process_text (NsTcpConn *conn, const Seg *seg)
{
  gboolean fin = (seg->flags & NS_TCP_FIN) != 0;
  gboolean ack_now = FALSE;

  if (seg->len == 0 && !fin)
    return;
  if (!accepts_text (conn))
    {
      /* CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT: the peer's FIN came
       * already, so this is a retransmission: ACK it again (and in
       * TIME-WAIT restart the 2×MSL wait). */
      if (conn->state == NS_TCP_TIME_WAIT)
        ns_tcp_timewait_start (conn);
      ns_tcp_send_ack (conn);
      return;
    }
  if (seg->seq != conn->rcv_nxt)
    {
      /* Out of order: keep it, and send a duplicate ACK at once so the
       * sender learns of the hole (RFC 5681 §4.2, RFC 9293 3.10.7.4). */
      ooo_insert (conn, seg);
      conn->sack_last_seq = seg->seq;
      ns_tcp_send_ack (conn);
      return;
    }
  ack_now = conn->ooo.length > 0;   /* fills (part of) a hole: ACK at once, RFC 5681 §4.2 */
  take_in_order (conn, seg->len);
  if (ack_now)
    {
      /* RCV.NXT moves past everything now in order before the application
       * sees any of it, so whatever it sends at once carries the full
       * cumulative ACK (RFC 9293 3.10.7.4: RCV.NXT advances over the data
       * accepted; RFC 5681 4.2). */
      g_autoptr (GArray) filled = g_array_new (FALSE, FALSE, sizeof (Filled));

      if (!fin)
        fin = ooo_take (conn, filled);
      deliver (conn, seg->data, seg->len);
      for (guint i = 0; i < filled->len; i++)
        {
          Filled *f = &g_array_index (filled, Filled, i);

          if (!conn->doomed && f->skip < f->item->len)
            deliver (conn, f->item->data + f->skip, f->item->len - f->skip);
          g_free (f->item);
        }
    }
  else
    deliver (conn, seg->data, seg->len);
  if (conn->doomed)
    return;
  if (fin)
    {
      input_fin (conn);
      return;
    }
  /* RFC 1122 4.2.3.2: ACK at least every second full segment, and no
   * later than the delayed-ACK timeout otherwise. */
  if (ack_now || conn->ack_owed_segs >= 2)
    ns_tcp_send_ack (conn);
  else if (conn->ack_owed_bytes > 0)
    ns_tcp_delack_schedule (conn);
}

static void
syn_received_ack (NsTcpConn *conn, const Seg *seg)
{
  if (conn->rtt_active && ns_seq_gt (seg->ack, conn->rtt_seq))
    ns_tcp_rtt_sample (conn, ns_sim_now (conn->tcp->sim) - conn->rtt_start);
  conn->rtt_active = FALSE;
  ns_tcp_rtx_timer_stop (conn);
  handshake_done (conn, seg);
  ns_tcp_conn_set_state (conn, NS_TCP_ESTABLISHED,
                         "ACK of our SYN-ACK received: the three-way handshake is complete, "
                         "RFC 9293 3.10.7.4");
  conn->snd_una = seg->ack;
  ns_tcp_conn_notify_established (conn);
  if (!conn->doomed && conn->close_requested && conn->state == NS_TCP_ESTABLISHED)
    ns_tcp_conn_set_state (conn, NS_TCP_FIN_WAIT_1,
                           "the application had closed while the connection was opening: a "
                           "FIN follows, RFC 9293 3.10.4");
}

static void
after_ack (NsTcpConn *conn)
{
  g_autofree char *dur = NULL;

  if (!fin_acked (conn))
    return;
  switch (conn->state)
    {
    case NS_TCP_FIN_WAIT_1:
      ns_tcp_conn_set_state (conn, NS_TCP_FIN_WAIT_2,
                             "our FIN was acknowledged: we wait for the peer's FIN, RFC 9293 "
                             "3.10.7.4");
      break;
    case NS_TCP_CLOSING:
      dur = ns_tcp_format_duration (2 * conn->tcp->config.msl_ns);
      ns_tcp_conn_set_state (conn, NS_TCP_TIME_WAIT,
                             "our FIN was acknowledged after the peer's FIN: wait 2×MSL (%s) so "
                             "that late segments die out, RFC 9293 3.10.7.4", dur);
      ns_tcp_timewait_start (conn);
      ns_tcp_conn_notify_closed (conn, NS_TCP_ERR_NONE, "both directions closed");
      break;
    case NS_TCP_LAST_ACK:
      ns_tcp_conn_ref (conn);
      ns_tcp_conn_set_state (conn, NS_TCP_CLOSED,
                             "our FIN was acknowledged: both directions are closed, the "
                             "connection is gone, RFC 9293 3.10.7.4");
      ns_tcp_conn_destroy (conn);
      ns_tcp_conn_notify_closed (conn, NS_TCP_ERR_NONE, "both directions closed");
      ns_tcp_conn_unref (conn);
      break;
    default:
      break;
    }
}

static void
process_synchronized (NsTcpConn *conn, Seg *seg)
{
  guint32 wnd = ns_tcp_rcv_window (conn);
  guint32 seglen;

  /* A SYN-ACK sent again (our ACK of it was lost, or a simultaneous open)
   * in SYN-RECEIVED: its SYN is old, its ACK is news. */
  if (conn->state == NS_TCP_SYN_RECEIVED && (seg->flags & NS_TCP_SYN) && seg->seq == conn->irs
      && !(seg->flags & (NS_TCP_ACK | NS_TCP_RST)))
    {
      /* The peer's SYN again: our SYN-ACK was lost; answer it again. It
       * is a segment sent twice (Wireshark calls it a retransmission), so
       * it is recorded as one, and Karn's rule (RFC 6298 3) takes no RTT
       * sample from it. */
      ns_tcp_trace_retransmit (conn, conn->iss, "dup-syn",
                               "SYN-ACK sent again: the peer's SYN arrived again, so it did "
                               "not get our SYN-ACK; a segment outside the window is answered, "
                               "RFC 9293 3.10.7.4");
      ns_tcp_send_syn (conn);
      conn->rtt_active = FALSE;
      return;
    }
  if (conn->state == NS_TCP_SYN_RECEIVED && (seg->flags & NS_TCP_SYN) && seg->seq == conn->irs)
    {
      seg->flags &= (guint8) ~NS_TCP_SYN;
      seg->seq++;
    }
  if (conn->ts_ok && seg->hdr != NULL && seg->hdr->has_timestamps
      && !(seg->flags & NS_TCP_RST) && ns_seq_lt (seg->hdr->ts_val, conn->ts_recent))
    {
      /* RFC 7323 5.3 R1 (PAWS): an older timestamp than the latest one
       * means an old duplicate, perhaps from a wrapped sequence space:
       * it is thrown away and acknowledged. */
      if (conn->tcp->stack != NULL)
        ns_stack_drop (conn->tcp->stack, "paws",
                       "segment seq=%u thrown away: its timestamp %u is older than the last "
                       "one seen (%u), so it is an old duplicate (PAWS), RFC 7323 5.3",
                       seg->seq, seg->hdr->ts_val, conn->ts_recent);
      ns_tcp_send_ack (conn);
      return;
    }
  if (conn->ts_ok && seg->hdr != NULL && seg->hdr->has_timestamps
      && ns_seq_ge (seg->hdr->ts_val, conn->ts_recent) && ns_seq_le (seg->seq, conn->last_ack_sent))
    conn->ts_recent = seg->hdr->ts_val;   /* RFC 7323 4.3 (2) */
  seglen = seg->len + ((seg->flags & NS_TCP_SYN) ? 1 : 0) + ((seg->flags & NS_TCP_FIN) ? 1 : 0);
  if (!acceptable (conn, seg, seglen, wnd))
    {
      if (wnd == 0 && seg->seq == conn->rcv_nxt && !(seg->flags & (NS_TCP_RST | NS_TCP_SYN)))
        {
          /* RFC 9293 3.10.7.4: with a zero window, still take its ACK; the
           * data is refused (and the sender will probe again). */
          seg->len = 0;
          seg->flags &= (guint8) ~NS_TCP_FIN;
          ns_tcp_send_ack (conn);
        }
      else
        {
          if (!(seg->flags & NS_TCP_RST))
            {
              if (conn->state == NS_TCP_TIME_WAIT && (seg->flags & NS_TCP_FIN))
                ns_tcp_timewait_start (conn);
              ns_tcp_send_ack (conn);
            }
          return;
        }
    }
  trim_to_window (conn, seg, wnd);
  if (seg->flags & NS_TCP_RST)
    {
      input_rst (conn, seg);
      return;
    }
  if (seg->flags & NS_TCP_SYN)
    {
      if (conn->state == NS_TCP_SYN_RECEIVED && conn->listener != NULL)
        {
          ns_tcp_conn_set_state (conn, NS_TCP_CLOSED,
                                 "a new SYN arrived while this connection was opening: it is "
                                 "dropped and the port keeps listening, RFC 9293 3.10.7.4");
          ns_tcp_conn_destroy (conn);
          return;
        }
      /* RFC 5961 §4 (RFC 9293 3.10.7.4): a SYN on an open connection
       * gets a challenge ACK. */
      ns_tcp_send_ack (conn);
      return;
    }
  if (!(seg->flags & NS_TCP_ACK))
    return;
  if (conn->state == NS_TCP_SYN_RECEIVED)
    {
      if (!(ns_seq_lt (conn->snd_una, seg->ack) && ns_seq_le (seg->ack, conn->snd_max)))
        {
          ns_tcp_send_control (conn->tcp, conn->local_addr, conn->local_port, conn->remote_addr,
                               conn->remote_port, seg->ack, 0, NS_TCP_RST);
          return;
        }
      syn_received_ack (conn, seg);
      if (conn->doomed)
        return;
    }
  if (!process_ack (conn, seg))
    return;
  after_ack (conn);
  if (conn->doomed)
    return;
  process_text (conn, seg);
  if (conn->doomed)
    return;
  ns_tcp_output (conn);
}

void
ns_tcp_input_segment (NsTcp *tcp, guint32 src, guint32 dst, const NsTcpHeader *hdr,
                      const guint8 *payload, gsize payload_len)
{
  NsTcpConn *conn = ns_tcp_core_lookup (tcp, dst, hdr->dst_port, src, hdr->src_port);
  guint32 seglen = (guint32) payload_len + ((hdr->flags & NS_TCP_SYN) ? 1 : 0)
                   + ((hdr->flags & NS_TCP_FIN) ? 1 : 0);
  Seg seg = {
    .seq = hdr->seq, .ack = hdr->ack, .flags = hdr->flags, .window = hdr->window,
    .data = payload, .len = (guint32) payload_len, .hdr = hdr,
  };

  if (conn == NULL)
    {
      NsTcpConn *listener = g_hash_table_lookup (tcp->listeners,
                                                 GUINT_TO_POINTER ((guint) hdr->dst_port));

      if (listener != NULL)
        input_listen (listener, src, dst, hdr, seglen);
      else
        answer_closed (tcp, src, dst, hdr, seglen);
      return;
    }
  ns_tcp_conn_ref (conn);
  conn->segments_received++;
  if (!(hdr->flags & NS_TCP_SYN))
    seg.window = (guint32) hdr->window << conn->snd_wscale;
  if (conn->state == NS_TCP_SYN_SENT)
    input_syn_sent (conn, &seg);
  else
    process_synchronized (conn, &seg);
  ns_tcp_conn_unref (conn);
}
