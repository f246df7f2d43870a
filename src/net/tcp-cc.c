/* tcp-cc.c: congestion control of RFC 5681 with NewReno recovery (RFC 6582):
 * slow start, congestion avoidance, fast retransmit and fast recovery; or
 * CUBIC's window growth and decrease (RFC 9438) in their place. */
#include "net/tcp-private.h"

#include <math.h>

/* RFC 9438 4.5 and 4.6: beta_cubic 0.7 and C 0.4 (segments, seconds). */
#define CUBIC_BETA 0.7
#define CUBIC_C 0.4

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
  else if (conn->tcp->config.initial_window > 0)
    conn->cwnd = conn->tcp->config.initial_window * smss;   /* RFC 6928 2 (IW10) */
  else if (smss > 2190)
    conn->cwnd = 2 * smss;
  else if (smss > 1095)
    conn->cwnd = 3 * smss;
  else
    conn->cwnd = 4 * smss;
  /* With window scaling the window may exceed 1 MB: start above it. */
  conn->ssthresh = conn->ws_ok ? (guint32) G_MAXINT32 : INITIAL_SSTHRESH;
  conn->recover = conn->iss;
  conn->cubic_epoch = -1;
  conn->cubic_wmax = 0;
}

/* A congestion event (fast retransmit, SACK loss recovery, a timeout):
 * the new ssthresh. NewReno: RFC 5681 3.1 eq. 4, half the flight; CUBIC:
 * RFC 9438 4.6, cwnd times 0.7, remembering W_max with fast convergence
 * (4.7). */
void
ns_tcp_cc_on_loss (NsTcpConn *conn)
{
  guint32 smss = conn->smss;

  if (conn->tcp->config.congestion == NS_TCP_CC_CUBIC)
    {
      double w = (double) conn->cwnd / smss;

      conn->cubic_wmax = w < conn->cubic_wmax ? w * (1.0 + CUBIC_BETA) / 2.0 : w;
      conn->cubic_epoch = -1;
      conn->ssthresh = MAX ((guint32) (conn->cwnd * CUBIC_BETA), 2 * smss);
      return;
    }
  conn->ssthresh = MAX (ns_tcp_flight_size (conn) / 2, 2 * smss);
}

/* RFC 9438 4.2-4.4: congestion avoidance follows W_cubic(t) = C (t - K)^3
 * + W_max, never below the Reno-friendly estimate W_est. */
static void
cubic_avoid (NsTcpConn *conn, guint32 acked)
{
  gint64 now = ns_sim_now (conn->tcp->sim);
  double smss = conn->smss;
  double w = conn->cwnd / smss;
  double rtt = conn->have_rtt ? (double) conn->srtt / NS_NSEC_PER_SEC : 0.1;
  double t, target, alpha = 3.0 * (1.0 - CUBIC_BETA) / (1.0 + CUBIC_BETA);

  if (conn->cubic_epoch < 0)
    {
      conn->cubic_epoch = now;
      if (w < conn->cubic_wmax)
        conn->cubic_k = cbrt ((conn->cubic_wmax - w) / CUBIC_C);
      else
        {
          conn->cubic_k = 0;
          conn->cubic_wmax = w;
        }
      conn->cubic_west = w;
    }
  t = (double) (now - conn->cubic_epoch) / NS_NSEC_PER_SEC;
  target = CUBIC_C * pow (t + rtt - conn->cubic_k, 3) + conn->cubic_wmax;
  /* 4.4: the target lies between cwnd and 1.5 cwnd. */
  target = CLAMP (target, w, 1.5 * w);
  conn->cubic_west += alpha * (acked / smss) / w;          /* 4.3 */
  w = MAX (w + (target - w) / w * (acked / smss), conn->cubic_west);
  conn->cwnd = (guint32) MIN (w * smss, (double) MAX_CWND);
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
  else if (conn->tcp->config.congestion == NS_TCP_CC_CUBIC)
    cubic_avoid (conn, acked);
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
void
ns_tcp_cc_limited_transmit (NsTcpConn *conn)
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
      ns_tcp_cc_limited_transmit (conn);
      return;
    }
  if (conn->dup_acks > 3)
    return;
  /* RFC 6582 §3.2 step 2: not again for losses of one window. */
  if (!ns_seq_gt (conn->snd_una, conn->recover))
    return;
  why = g_strdup_printf ("segment seq=%u sent again: three duplicate ACKs say it was lost while "
                         "later ones arrived (fast retransmit), RFC 5681 3.2", conn->snd_una);
  ns_tcp_cc_on_loss (conn);   /* RFC 5681 eq. 4, or RFC 9438 4.6 */
  conn->recover = conn->snd_max;
  conn->in_recovery = TRUE;
  ns_tcp_send_segment (conn, conn->snd_una, conn->smss, "fast", why);
  conn->cwnd = conn->ssthresh + 3 * conn->smss;
  ns_tcp_output (conn);
}
