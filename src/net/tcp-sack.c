/* tcp-sack.c: the sender's side of SACK (RFC 2018): a scoreboard of the
 * blocks the receiver holds, and the conservative SACK-based loss recovery
 * of RFC 6675, which refills several holes in one round trip where
 * NewReno (RFC 6582) repairs one hole per round trip. */
#include "net/tcp-private.h"

/* RFC 6675 2: DupThresh. */
#define DUP_THRESH 3

static GArray *
board (NsTcpConn *conn)
{
  if (conn->scoreboard == NULL)
    conn->scoreboard = g_array_new (FALSE, FALSE, sizeof (NsTcpSackBlock));
  return conn->scoreboard;
}

void
ns_tcp_sack_clear (NsTcpConn *conn)
{
  if (conn->scoreboard != NULL)
    g_array_set_size (conn->scoreboard, 0);
  conn->high_sacked = conn->snd_una;
  if (conn->sack_recovery)
    {
      conn->sack_recovery = FALSE;
      conn->in_recovery = FALSE;
    }
}

void
ns_tcp_sack_trim (NsTcpConn *conn)
{
  GArray *b = board (conn);
  guint keep = 0;

  for (guint i = 0; i < b->len; i++)
    {
      NsTcpSackBlock blk = g_array_index (b, NsTcpSackBlock, i);

      if (ns_seq_le (blk.right, conn->snd_una))
        continue;
      blk.left = ns_seq_max (blk.left, conn->snd_una);
      g_array_index (b, NsTcpSackBlock, keep++) = blk;
    }
  g_array_set_size (b, keep);
  if (keep == 0 || ns_seq_lt (conn->high_sacked, conn->snd_una))
    conn->high_sacked = conn->snd_una;
}

/* Adds [left, right) to the sorted scoreboard, merging what touches. */
static void
board_add (NsTcpConn *conn, guint32 left, guint32 right)
{
  GArray *b = board (conn);
  guint i = 0;

  while (i < b->len && ns_seq_lt (g_array_index (b, NsTcpSackBlock, i).right, left))
    i++;
  /* Merge every block that overlaps or touches [left, right). */
  while (i < b->len && ns_seq_le (g_array_index (b, NsTcpSackBlock, i).left, right))
    {
      NsTcpSackBlock *blk = &g_array_index (b, NsTcpSackBlock, i);

      left = ns_seq_min (left, blk->left);
      right = ns_seq_max (right, blk->right);
      g_array_remove_index (b, i);
    }
  g_array_insert_val (b, i, ((NsTcpSackBlock) { left, right }));
}

void
ns_tcp_sack_update (NsTcpConn *conn, const NsTcpHeader *hdr)
{
  if (board (conn)->len == 0 || ns_seq_lt (conn->high_sacked, conn->snd_una))
    conn->high_sacked = conn->snd_una;
  for (guint i = 0; i < hdr->n_sack; i++)
    {
      guint32 left = hdr->sack_left[i], right = hdr->sack_right[i];

      /* Blocks must lie inside what was sent and above what is
       * acknowledged (a block below SND.UNA is a D-SACK, RFC 2883, not
       * news about holes; nonsense is ignored, RFC 2018 and RFC 5961). */
      if (!ns_seq_lt (left, right) || ns_seq_gt (right, conn->snd_max)
          || ns_seq_le (right, conn->snd_una))
        continue;
      left = ns_seq_max (left, conn->snd_una);
      board_add (conn, left, right);
      if (ns_seq_gt (right, conn->high_sacked))
        conn->high_sacked = right;
    }
}

/* Bytes of [a, b) that no block covers. */
static guint32
unsacked (NsTcpConn *conn, guint32 a, guint32 b)
{
  GArray *bd = board (conn);
  guint32 n;

  if (!ns_seq_lt (a, b))
    return 0;
  n = b - a;
  for (guint i = 0; i < bd->len; i++)
    {
      NsTcpSackBlock blk = g_array_index (bd, NsTcpSackBlock, i);
      guint32 l = ns_seq_max (blk.left, a), r = ns_seq_min (blk.right, b);

      if (ns_seq_lt (l, r))
        n -= r - l;
    }
  return n;
}

/* RFC 6675 4 IsLost: an unSACKed byte is lost once DupThresh
 * discontiguous blocks, or more than (DupThresh - 1) * SMSS bytes, have
 * been SACKed above it. Every unSACKed byte below the returned number is
 * lost (SND.UNA: none). */
static guint32
lost_edge (NsTcpConn *conn)
{
  GArray *b = board (conn);
  guint32 bytes = 0;
  guint count = 0;

  for (guint i = b->len; i-- > 0;)
    {
      NsTcpSackBlock blk = g_array_index (b, NsTcpSackBlock, i);

      count++;
      bytes += blk.right - blk.left;
      if (count >= DUP_THRESH || bytes > (DUP_THRESH - 1) * conn->smss)
        return blk.left;
    }
  return conn->snd_una;
}

/* RFC 6675 4 SetPipe: the bytes thought to be in the network: unSACKed
 * and not lost, plus those sent again. */
static guint32
pipe_size (NsTcpConn *conn)
{
  guint32 lost = ns_seq_max (lost_edge (conn), conn->snd_una);

  return unsacked (conn, lost, conn->snd_max)
         + unsacked (conn, conn->snd_una, ns_seq_min (ns_seq_max (conn->high_rxt, conn->snd_una),
                                                      conn->snd_max));
}

/* The first unSACKed byte at or above @from, and the end of its hole. */
static guint32
first_hole (NsTcpConn *conn, guint32 from, guint32 *end)
{
  GArray *b = board (conn);

  for (guint i = 0; i < b->len; i++)
    {
      NsTcpSackBlock blk = g_array_index (b, NsTcpSackBlock, i);

      if (ns_seq_le (blk.right, from))
        continue;
      if (ns_seq_lt (from, blk.left))
        {
          *end = blk.left;
          return from;
        }
      from = blk.right;
    }
  *end = conn->snd_max;
  return from;
}

/* RFC 6675 4 NextSeg, then sends it; FALSE when there is nothing to send. */
static gboolean
send_next (NsTcpConn *conn)
{
  guint32 from = ns_seq_max (conn->high_rxt, conn->snd_una);
  guint32 end, seq = first_hole (conn, from, &end);
  guint32 lost = lost_edge (conn);
  guint32 buf_end = ns_tcp_fin_seq (conn);
  gboolean rule1 = ns_seq_lt (seq, lost) && ns_seq_lt (seq, conn->snd_max);
  gboolean rule3 = ns_seq_lt (seq, conn->high_sacked) && ns_seq_lt (seq, conn->snd_max);

  if (rule1)
    {
      /* (1) the first lost hole not yet sent again. */
      g_autofree char *why = g_strdup_printf (
        "segment seq=%u sent again: SACK blocks show that at least %u later segments arrived, "
        "so it is taken as lost (SACK-based loss recovery), RFC 6675 5", seq, DUP_THRESH);
      guint32 len = MIN (conn->smss, end - seq);

      ns_tcp_send_segment (conn, seq, len, "fast", why);
      conn->high_rxt = seq + len;
      return TRUE;
    }
  /* (2) new data, if the peer's window takes it. */
  if (conn->snd_nxt == conn->snd_max
      && (ns_seq_lt (conn->snd_max, buf_end)
          || (conn->close_requested && conn->snd_max == buf_end)))
    {
      guint32 unsent = buf_end - conn->snd_max;
      guint32 room = conn->snd_wnd > ns_tcp_flight_size (conn)
                     ? conn->snd_wnd - ns_tcp_flight_size (conn) : 0;
      guint32 len = MIN (MIN (unsent, conn->smss), room);

      if ((len > 0 || unsent == 0)
          && ns_tcp_send_segment (conn, conn->snd_max, len, NULL, NULL) > 0)
        return TRUE;
    }
  if (rule3)
    {
      /* (3) a hole below the highest SACKed byte, not yet known lost. */
      g_autofree char *why = g_strdup_printf (
        "segment seq=%u sent again: data above it was SACKed and the congestion window has "
        "room, RFC 6675 5 (NextSeg rule 3)", seq);
      guint32 len = MIN (conn->smss, end - seq);

      ns_tcp_send_segment (conn, seq, len, "fast", why);
      conn->high_rxt = seq + len;
      return TRUE;
    }
  return FALSE;
}

/* RFC 6675 5 step (C): send while cwnd - pipe >= 1 SMSS. */
static void
send_loop (NsTcpConn *conn)
{
  for (guint guard = 0; guard < 4096; guard++)
    {
      guint32 pipe = pipe_size (conn);

      if (conn->cwnd < pipe + conn->smss || !send_next (conn))
        break;
    }
  if (conn->rtx_timer == 0 && conn->snd_una != conn->snd_max)
    ns_tcp_rtx_timer_start (conn);
}

static void
enter_recovery (NsTcpConn *conn)
{
  g_autofree char *why = NULL;
  guint32 end, seq;

  /* RFC 6675 5 step (4): RecoveryPoint = HighData; ssthresh = cwnd =
   * FlightSize / 2 (or CUBIC's decrease). */
  conn->recover = conn->snd_max;
  conn->in_recovery = TRUE;
  conn->sack_recovery = TRUE;
  ns_tcp_cc_on_loss (conn);
  conn->cwnd = conn->ssthresh;
  conn->high_rxt = conn->snd_una;
  /* Step (4.3): the first hole goes again at once. */
  seq = first_hole (conn, conn->snd_una, &end);
  why = g_strdup_printf ("segment seq=%u sent again: %u duplicate ACKs and SACK blocks say it "
                         "was lost while later ones arrived (fast retransmit, SACK-based loss "
                         "recovery), RFC 6675 5", seq, conn->dup_acks);
  ns_tcp_send_segment (conn, seq, MIN (conn->smss, end - seq), "fast", why);
  conn->high_rxt = seq + MIN (conn->smss, end - seq);
  ns_tcp_rtx_timer_start (conn);
  send_loop (conn);
}

gboolean
ns_tcp_sack_on_ack (NsTcpConn *conn, gboolean dup, guint32 acked)
{
  if (conn->sack_recovery)
    {
      if (!dup && ns_seq_ge (conn->snd_una, conn->recover))
        {
          /* RFC 6675 5 step (A)/(B): everything up to RecoveryPoint is
           * acknowledged: recovery ends, cwnd stays at ssthresh. */
          conn->sack_recovery = FALSE;
          conn->in_recovery = FALSE;
          conn->dup_acks = 0;
          conn->cwnd = conn->ssthresh;
          return TRUE;
        }
      conn->high_rxt = ns_seq_max (conn->high_rxt, conn->snd_una);
      send_loop (conn);
      return TRUE;
    }
  if (!dup)
    return FALSE;
  conn->dup_acks++;
  /* RFC 6675 5: DupThresh duplicate ACKs, or SACK blocks that already
   * make the first byte lost; not again for the same window (RFC 6582 4). */
  if ((conn->dup_acks >= DUP_THRESH || ns_seq_gt (lost_edge (conn), conn->snd_una))
      && ns_seq_gt (conn->snd_una, conn->recover))
    {
      enter_recovery (conn);
      return TRUE;
    }
  if (conn->dup_acks < DUP_THRESH)
    ns_tcp_cc_limited_transmit (conn);
  return TRUE;
}
