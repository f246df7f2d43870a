/* tcp-cc.c: congestion control of RFC 5681 with NewReno recovery (RFC 6582):
 * slow start, congestion avoidance, fast retransmit and fast recovery. */
#include "net/tcp-private.h"

/* RFC 5681 §3.1 allows an arbitrarily high initial ssthresh. */
#define INITIAL_SSTHRESH (16u * NS_TCP_MAX_WINDOW)
#define MAX_CWND (1u << 30)

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
  guint32 old;

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
  old = conn->cwnd;
  if (conn->cwnd < conn->ssthresh)
    conn->cwnd += MIN (acked, smss);                       /* slow start, eq. 2 */
  else
    conn->cwnd += MAX (1u, (guint32) ((guint64) smss * smss / conn->cwnd));  /* eq. 3 */
  /* While the receiver's window is the limit, a larger cwnd is never used
   * and so never tested against the network: following the idea of RFC
   * 7661 (cwnd is validated only by use), cwnd grows no further than the
   * largest window the peer has offered. What is sent does not change
   * (it is min (cwnd, rwnd) either way); cwnd stays a meaningful number. */
  conn->cwnd = MIN (conn->cwnd, MAX (old, conn->max_sndwnd));
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
