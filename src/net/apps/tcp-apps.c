/* tcp-apps.c: tcp-echo (RFC 862), tcp-discard (RFC 863) and tcp-send. */
#include "net/apps/tcp-apps.h"

#include <string.h>

#include "net/tcp.h"

/* ---- services ---- */

/* How often a slow reader (read_bytes_per_s, CONTRACT.md §6) reads. */
#define READ_TICK (100 * NS_NSEC_PER_MSEC)

/* An echo connection keeps what the send buffer could not take yet. */
typedef struct {
  GByteArray *pending;
  gboolean    peer_closed;
  /* A slow reader: it reads its share every READ_TICK, none in the pause. */
  gboolean          slow;
  NsTcpReaderParams p;
  NsTcpConn        *conn;
  NsSim            *sim;
  NsEventId         tick;
  double            credit;
} NsTcpEcho;

static gboolean
params_in_pause (const NsTcpReaderParams *p, NsSim *sim)
{
  gint64 now = ns_sim_now (sim);

  return p->pause_to_ns > p->pause_from_ns && now >= p->pause_from_ns && now < p->pause_to_ns;
}

static void
echo_flush (NsTcpConn *conn, NsTcpEcho *echo)
{
  if (echo->pending->len > 0)
    {
      gsize n = ns_tcp_conn_send (conn, echo->pending->data, echo->pending->len);

      g_byte_array_remove_range (echo->pending, 0, (guint) n);
    }
  /* The client closed and everything is echoed: close our side too. */
  if (echo->peer_closed && echo->pending->len == 0)
    ns_tcp_conn_close (conn);
  /* Stop reading while the echo cannot be sent (the client's window
   * then closes: flow control end to end), and while a slow reader is
   * slow. */
  ns_tcp_conn_set_receive_paused (conn, echo->pending->len > 0
                                        || (echo->slow && (echo->p.read_bytes_per_s > 0
                                                           || params_in_pause (&echo->p,
                                                                               echo->sim))));
}

static void
echo_tick (NsSim *sim, gpointer data)
{
  NsTcpEcho *echo = data;

  echo->tick = 0;
  if (!params_in_pause (&echo->p, sim))
    {
      if (echo->p.read_bytes_per_s <= 0)
        {
          /* The pause is over: read freely again. */
          echo->slow = FALSE;
          echo_flush (echo->conn, echo);
          return;
        }
      echo->credit += echo->p.read_bytes_per_s * READ_TICK / NS_NSEC_PER_SEC;
      if (echo->pending->len == 0)
        {
          gsize n = (gsize) echo->credit;

          echo->credit -= (double) ns_tcp_conn_read_held (echo->conn, n);
          echo->credit = MIN (echo->credit, echo->p.read_bytes_per_s);
        }
    }
  else
    echo_flush (echo->conn, echo);
  if (echo->slow)
    echo->tick = ns_sim_schedule (sim, READ_TICK, echo_tick, echo);
}

static void
echo_received (NsTcpConn *conn, const guint8 *data, gsize len, gpointer user_data)
{
  NsTcpEcho *echo = user_data;

  if (len == 0)
    echo->peer_closed = TRUE;
  else
    g_byte_array_append (echo->pending, data, (guint) len);
  echo_flush (conn, echo);
}

static void
echo_sent (NsTcpConn *conn, gsize acked, gpointer user_data)
{
  echo_flush (conn, user_data);
}

static void
echo_closed (NsTcpConn *conn, NsTcpError error, const char *why, gpointer user_data)
{
  NsTcpEcho *echo = user_data;

  if (echo->sim != NULL)
    ns_sim_clear_event (echo->sim, &echo->tick);
  g_byte_array_unref (echo->pending);
  g_free (echo);
}

static void
echo_accept (NsTcpConn *listener, NsTcpConn *conn, gpointer user_data)
{
  static const NsTcpCallbacks callbacks = {
    .received = echo_received, .sent = echo_sent, .closed = echo_closed,
  };
  NsTcpEcho *echo = g_new0 (NsTcpEcho, 1);

  echo->pending = g_byte_array_new ();
  echo->conn = conn;
  echo->sim = ns_stack_get_sim (ns_tcp_conn_get_stack (conn));
  ns_tcp_conn_set_callbacks (conn, &callbacks, echo);
  if (user_data != NULL)
    {
      echo->p = *(const NsTcpReaderParams *) user_data;
      echo->slow = TRUE;
      if (echo->p.read_bytes_per_s > 0 || params_in_pause (&echo->p, echo->sim))
        echo->tick = ns_sim_schedule (echo->sim, READ_TICK, echo_tick, echo);
      else
        echo->tick = ns_sim_schedule_at (echo->sim, echo->p.pause_from_ns, echo_tick, echo);
      echo_flush (conn, echo);
    }
}

static void
discard_received (NsTcpConn *conn, const guint8 *data, gsize len, gpointer user_data)
{
  /* RFC 863: throw the data away; close when the client does. */
  if (len == 0)
    ns_tcp_conn_close (conn);
}

static void
discard_accept (NsTcpConn *listener, NsTcpConn *conn, gpointer user_data)
{
  static const NsTcpCallbacks callbacks = { .received = discard_received };

  ns_tcp_conn_set_callbacks (conn, &callbacks, NULL);
}

/* A slow reader: the connection stays paused (data waits in the receive
 * buffer, the window shrinks) and every READ_TICK the application takes
 * its share; during the pause it takes nothing. */

typedef struct {
  NsTcpConn         *conn;
  NsSim             *sim;
  NsTcpReaderParams  p;
  NsEventId          tick;
  double             credit;
} NsTcpSlowReader;

static gboolean
reader_in_pause (NsTcpSlowReader *r)
{
  gint64 now = ns_sim_now (r->sim);

  return r->p.pause_to_ns > r->p.pause_from_ns && now >= r->p.pause_from_ns
         && now < r->p.pause_to_ns;
}

static void
reader_tick (NsSim *sim, gpointer data)
{
  NsTcpSlowReader *r = data;

  r->tick = 0;
  if (reader_in_pause (r))
    ns_tcp_conn_set_receive_paused (r->conn, TRUE);
  else
    {
      if (r->p.read_bytes_per_s > 0)
        {
          gsize n;

          r->credit += r->p.read_bytes_per_s * READ_TICK / NS_NSEC_PER_SEC;
          n = (gsize) r->credit;
          r->credit -= (double) n;
          ns_tcp_conn_read_held (r->conn, n);
        }
      else
        {
          /* The pause is over and the application reads freely again. */
          ns_tcp_conn_set_receive_paused (r->conn, FALSE);
          return;
        }
    }
  if (r->conn != NULL)
    r->tick = ns_sim_schedule (sim, READ_TICK, reader_tick, r);
}

static void
reader_closed (NsTcpConn *conn, NsTcpError error, const char *why, gpointer user_data)
{
  NsTcpSlowReader *r = user_data;

  ns_sim_clear_event (r->sim, &r->tick);
  g_free (r);
}

static void
reader_received (NsTcpConn *conn, const guint8 *data, gsize len, gpointer user_data)
{
  /* RFC 863: the data is thrown away; close when the client does. */
  if (len == 0)
    ns_tcp_conn_close (conn);
}

static void
slow_discard_accept (NsTcpConn *listener, NsTcpConn *conn, gpointer user_data)
{
  static const NsTcpCallbacks callbacks = { .received = reader_received,
                                            .closed = reader_closed };
  NsTcpSlowReader *r = g_new0 (NsTcpSlowReader, 1);

  r->conn = conn;
  r->sim = ns_stack_get_sim (ns_tcp_conn_get_stack (conn));
  r->p = *(const NsTcpReaderParams *) user_data;
  ns_tcp_conn_set_callbacks (conn, &callbacks, r);
  ns_tcp_conn_set_receive_paused (conn, r->p.read_bytes_per_s > 0 || reader_in_pause (r));
  if (r->p.read_bytes_per_s > 0 || reader_in_pause (r))
    r->tick = ns_sim_schedule (r->sim, READ_TICK, reader_tick, r);
  else if (r->p.pause_to_ns > r->p.pause_from_ns && ns_sim_now (r->sim) < r->p.pause_from_ns)
    {
      /* Reading stops at pause_from: pause then, and tick from there. */
      r->tick = ns_sim_schedule_at (r->sim, r->p.pause_from_ns, reader_tick, r);
      ns_tcp_conn_set_receive_paused (conn, FALSE);
    }
}

gboolean
ns_tcp_echo_start (NsStack *stack, guint16 port)
{
  return ns_tcp_listen (stack, port, echo_accept, NULL, NULL, NULL) != NULL;
}

gboolean
ns_tcp_discard_start (NsStack *stack, guint16 port)
{
  return ns_tcp_listen (stack, port, discard_accept, NULL, NULL, NULL) != NULL;
}

gboolean
ns_tcp_echo_start_full (NsStack *stack, guint16 port, const NsTcpReaderParams *reader)
{
  NsTcpReaderParams *p;

  if (reader == NULL || (reader->read_bytes_per_s <= 0
                         && reader->pause_to_ns <= reader->pause_from_ns))
    return ns_tcp_echo_start (stack, port);
  p = g_memdup2 (reader, sizeof *reader);
  ns_stack_adopt (stack, p, g_free);
  return ns_tcp_listen (stack, port, echo_accept, NULL, p, NULL) != NULL;
}

gboolean
ns_tcp_discard_start_full (NsStack *stack, guint16 port, const NsTcpReaderParams *reader)
{
  NsTcpReaderParams *p;

  if (reader == NULL || (reader->read_bytes_per_s <= 0
                         && reader->pause_to_ns <= reader->pause_from_ns))
    return ns_tcp_discard_start (stack, port);
  p = g_memdup2 (reader, sizeof *reader);
  ns_stack_adopt (stack, p, g_free);
  return ns_tcp_listen (stack, port, slow_discard_accept, NULL, p, NULL) != NULL;
}

/* ---- tcp-send ---- */

typedef struct {
  NsStack         *stack;
  NsTcpConn       *conn;       /* NULL once closed */
  NsTcpSendParams  params;
  char            *label;
  guint64          queued, acked;
  gint64           started;
  gboolean         reported;
  guint            tag;      /* ns_stack_set_app_tag at the start */
} NsTcpSend;

static void
tcp_send_free (gpointer data)
{
  NsTcpSend *ts = data;

  /* The stack is going away: leave the connection to TCP's teardown. */
  if (ts->conn != NULL)
    ns_tcp_conn_set_callbacks (ts->conn, NULL, NULL);
  g_free (ts->label);
  g_free (ts);
}

#define PATTERN_CHUNK 8192

/* A readable pattern, so a learner sees text in the inspector: byte i of
 * the stream is 'a' + i mod 26. */
static const guint8 *
pattern (void)
{
  static guint8 bytes[PATTERN_CHUNK + 26];

  if (bytes[0] == 0)
    for (gsize i = 0; i < sizeof bytes; i++)
      bytes[i] = (guint8) ('a' + i % 26);
  return bytes;
}

/* How much more to queue now. Like Linux's TCP_NOTSENT_LOWAT, only a little
 * beyond what the windows let TCP send is queued: the send buffer then
 * holds about one window per connection, not the whole buffer, which keeps
 * memory low with many connections. The `sent` callback (every ACK of new
 * data) tops it up before TCP looks for data to send. */
static gsize
fill_budget (NsTcpSend *ts)
{
  NsTcpInfo info;
  guint64 unsent, usable, target;

  ns_tcp_conn_get_info (ts->conn, &info);
  unsent = info.send_buffered - MIN (info.send_buffered, info.flight_size);
  usable = MIN (info.snd_wnd, info.cwnd);
  usable = usable > info.flight_size ? usable - info.flight_size : 0;
  /* Half a window more covers what fast recovery sends on duplicate ACKs
   * (which bring no `sent` callback). */
  target = usable + MAX (info.cwnd / 2, 4 * (guint64) info.mss);
  return unsent >= target ? 0 : (gsize) (target - unsent);
}

static void
tcp_send_fill (NsTcpSend *ts)
{
  const guint8 *pat = pattern ();

  while (ts->queued < ts->params.bytes)
    {
      gsize want = (gsize) MIN ((guint64) PATTERN_CHUNK, ts->params.bytes - ts->queued);
      gsize space = MIN (ns_tcp_conn_send_space (ts->conn), fill_budget (ts));
      gsize n;

      want = MIN (want, space);
      if (want == 0)
        return;
      n = ns_tcp_conn_send (ts->conn, pat + ts->queued % 26, want);
      ts->queued += n;
      if (n < want)
        return;
    }
  /* Everything is queued: the FIN follows it. Not before the handshake,
   * where a close would abandon the connection (RFC 9293 3.10.4). */
  if (ns_tcp_conn_get_state (ts->conn) != NS_TCP_SYN_SENT)
    ns_tcp_conn_close (ts->conn);
}

static double
elapsed_ms (NsTcpSend *ts)
{
  return (double) (ns_sim_now (ns_stack_get_sim (ts->stack)) - ts->started) / NS_NSEC_PER_MSEC;
}

static void
tcp_send_report (NsTcpSend *ts, gboolean ok, const char *reason)
{
  double ms = elapsed_ms (ts);
  GVariant *fields;
  guint old_tag;

  if (ts->reported)
    return;
  ts->reported = TRUE;
  fields = g_variant_new_parsed ("{'bytes': <%t>, 'time_ms': <%d>}", ts->acked, ms);
  old_tag = ns_stack_set_app_tag (ts->stack, ts->tag);
  if (ok)
    ns_stack_report_app (ts->stack, "tcp-send", TRUE, fields,
                         "tcp-send %s: %" G_GUINT64_FORMAT " bytes sent and acknowledged in "
                         "%.1f ms (%.2f Mbit/s)", ts->label, ts->acked, ms,
                         ms > 0 ? (double) ts->acked * 8 / (ms * 1000) : 0.0);
  else
    ns_stack_report_app (ts->stack, "tcp-send", FALSE, fields,
                         "tcp-send %s failed: %s; %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                         " bytes acknowledged", ts->label, reason, ts->acked, ts->params.bytes);
  ns_stack_set_app_tag (ts->stack, old_tag);
}

static void
tcp_send_connected (NsTcpConn *conn, gpointer user_data)
{
  NsTcpSend *ts = user_data;

  if (ts->params.bytes == 0)
    tcp_send_report (ts, TRUE, NULL);
  tcp_send_fill (ts);
}

static void
tcp_send_sent (NsTcpConn *conn, gsize acked, gpointer user_data)
{
  NsTcpSend *ts = user_data;

  ts->acked += acked;
  if (ts->acked >= ts->params.bytes)
    tcp_send_report (ts, TRUE, NULL);
  else
    tcp_send_fill (ts);
}

static void
tcp_send_received (NsTcpConn *conn, const guint8 *data, gsize len, gpointer user_data)
{
  /* Echoed bytes are read and dropped; the peer's FIN needs nothing: our
   * own close follows the data. */
}

static void
tcp_send_closed (NsTcpConn *conn, NsTcpError error, const char *why, gpointer user_data)
{
  NsTcpSend *ts = user_data;
  g_autofree char *reason = NULL;

  ts->conn = NULL;
  if (error == NS_TCP_ERR_NONE && ts->acked >= ts->params.bytes)
    {
      tcp_send_report (ts, TRUE, NULL);
      return;
    }
  reason = g_strdup_printf ("%s: %s", ns_tcp_error_to_string (error), why);
  tcp_send_report (ts, FALSE, reason);
}

void
ns_tcp_send_start (NsStack *stack, const NsTcpSendParams *params, const char *label)
{
  static const NsTcpCallbacks callbacks = {
    .connected = tcp_send_connected, .received = tcp_send_received,
    .sent = tcp_send_sent, .closed = tcp_send_closed,
  };
  g_autoptr (GError) error = NULL;
  NsTcpSend *ts = g_new0 (NsTcpSend, 1);

  ts->stack = stack;
  ts->tag = ns_stack_get_app_tag (stack);
  ts->params = *params;
  ts->label = g_strdup (label);
  ts->started = ns_sim_now (ns_stack_get_sim (stack));
  ns_stack_adopt (stack, ts, tcp_send_free);
  ts->conn = ns_tcp_connect (stack, params->target, params->port, params->from_port,
                             &callbacks, ts, &error);
  if (ts->conn == NULL)
    {
      tcp_send_report (ts, FALSE, error->message);
      return;
    }
  /* Queue what fits now; it leaves after the handshake. */
  tcp_send_fill (ts);
}
