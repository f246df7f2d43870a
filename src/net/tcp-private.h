/* tcp-private.h: the inside of TCP, shared by tcp.c (connections, tables,
 * the socket API), tcp-input.c (segment arrival, RFC 9293 §3.10.7) and
 * tcp-output.c (segments sent), tcp-timer.c (retransmission, persist,
 * delayed-ACK and TIME-WAIT timers, RTT) and tcp-cc.c (congestion control).
 *
 * The core (NsTcp) does not need a stack: it sends through an output hook
 * and takes segments through ns_tcp_core_input, so unit tests drive one
 * connection with crafted segments and the simulation clock, no network. */
#pragma once

#include <glib.h>

#include "net/tcp.h"
#include "net/wire/tcp-wire.h"
#include "sim/sim.h"
#include "sim/trace.h"

G_BEGIN_DECLS

typedef struct _NsTcp NsTcp;

/* Sends one segment (transfer full) from @src to @dst (host byte order);
 * FALSE when it could not be sent (no route). */
typedef gboolean (*NsTcpOutputFunc) (NsTcp *tcp, guint32 src, guint32 dst, NsPacket *segment,
                                     gpointer user_data);

struct _NsTcp {
  NsSim            *sim;
  NsStack          *stack;        /* NULL for a detached core (tests) */
  const char       *node_id;      /* interned */
  NsTcpConfig       config;
  NsTcpOutputFunc   output;
  gpointer          output_data;
  guint             detached_mtu; /* MTU used for the MSS when there is no stack */
  GHashTable       *conns;        /* NsTcpConn* (by 4-tuple) -> same */
  GHashTable       *listeners;    /* port -> NsTcpConn* */
  GHashTable       *detached_ports; /* claimed ports without a stack */
  GQueue            all;          /* of NsTcpConn*, creation order */
  guint32           icmp_rest;    /* the ICMP error being handled: its 4 type bytes */
  NsTcpStats        stats;
};

typedef struct {
  guint32 left, right;
} NsTcpSackBlock;

/* A segment waiting in the out-of-order queue. */
typedef struct {
  guint32  seq;
  guint32  len;
  gboolean fin;
  guint8   data[];
} NsTcpOoo;

struct _NsTcpConn {
  NsTcp        *tcp;
  gint          ref_count;      /* the tables hold one; input and timers hold one meanwhile */
  gboolean      doomed;         /* removed from the tables, freed when the last ref goes */
  NsTcpState    state;
  gboolean      is_listener;
  NsTcpConn    *listener;       /* a child not yet accepted: its listener */
  guint         n_children;     /* listener: children not yet accepted */
  gboolean      app_visible;    /* the application holds the handle */
  gboolean      app_done;       /* `closed` was called, or the app aborted */
  gboolean      port_claimed;
  GList        *all_link;

  guint32       local_addr, remote_addr;
  guint16       local_port, remote_port;
  const char   *local_name, *remote_name;   /* interned "addr:port" */

  NsTcpCallbacks cb;
  gpointer      user_data;
  NsTcpAcceptFunc accept;

  /* Send sequence space (RFC 9293 §3.3.1). snd_max is the highest
   * sequence number sent (after a timeout snd_nxt goes back to snd_una and
   * climbs again: go-back-N). The SYN takes iss, data starts at iss + 1,
   * the FIN takes the number after the last byte. */
  guint32       iss, snd_una, snd_nxt, snd_max, snd_wnd, snd_wl1, snd_wl2, max_sndwnd;
  guint32       smss;           /* sender MSS: min (peer's MSS option, our MTU - 40) */
  guint32       our_mss;        /* what we advertised */
  guint8       *sndbuf;         /* ring of sndbuf_cap bytes (allocated on first send): */
  guint32       sndbuf_cap;
  guint32       sndbuf_head;    /* index of the byte numbered sndbuf_seq */
  guint32       sndbuf_len;     /* bytes held (sent or not, not yet acknowledged) */
  guint32       sndbuf_seq;
  gboolean      close_requested;
  gboolean      nodelay;

  /* Receive sequence space. */
  guint32       irs, rcv_nxt, rcv_adv;  /* rcv_adv: right edge of the window offered */
  gboolean      paused;
  GByteArray   *rcvbuf;         /* in-order data held while paused */
  gboolean      eof_pending;    /* the peer's FIN arrived while paused */
  GQueue        ooo;            /* of NsTcpOoo*, sorted by seq */
  guint32       ack_owed_bytes; /* in-order bytes received and not yet acknowledged */
  guint         ack_owed_segs;

  /* Timers (simulation events; 0 when not running). */
  NsEventId     rtx_timer, delack_timer, persist_timer, timewait_timer;
  gint64        rtx_deadline;   /* when rtx_timer fires (for the trace's state samples) */
  gint64        rtx_fire_at;    /* when the rtx_timer event is scheduled (<= rtx_deadline:
                                 * a restart only moves the deadline, the event re-arms) */
  guint         backoff;        /* consecutive timeouts (RFC 6298 §5.5) */
  guint         persist_backoff;
  char         *rtx_why;        /* what go-back-N retransmissions are recorded with */
  const char   *rtx_cause;      /* and their `cause` (NULL: "rto") */
  gint64        syn_start;      /* when the first SYN (or SYN-ACK) was sent (R2, RFC 1122
                                 * 4.2.3.5) */
  gboolean      persist_override; /* persist_timer is the sender SWS override timer */

  /* RTT estimation (RFC 6298 §2). */
  gint64        srtt, rttvar, rto;
  gboolean      have_rtt;
  gboolean      rtt_active;
  guint32       rtt_seq;        /* a sample is taken when this is acknowledged */
  gint64        rtt_start;
  gboolean      syn_retransmitted;

  /* Congestion control (RFC 5681, RFC 6582). */
  guint32       cwnd, ssthresh;
  guint         dup_acks;
  gboolean      in_recovery;
  guint32       recover;

  NsTcpError    soft_error;     /* last ICMP error seen (RFC 1122 4.2.3.9) */

  /* Options agreed in the handshake: each is on only if both SYNs
   * carried it (RFC 7323 1.3, RFC 2018 2). */
  gboolean      ws_ok, ts_ok, sack_ok;
  gboolean      peer_ws, peer_ts, peer_sack;   /* what the peer's SYN offered */
  guint8        snd_wscale;     /* the peer's shift, for windows it sends (RFC 7323 2.3) */
  guint8        rcv_wscale;     /* ours, for windows we send */
  guint8        peer_wscale;
  guint32       ts_recent;      /* RFC 7323 4.3: TS.Recent */
  guint32       last_ack_sent;  /* RFC 7323 4.3: Last.ACK.sent */
  guint32       ts_offset;      /* our TSval = milliseconds + this */
  guint32       sack_last_seq;  /* start of the last out-of-order segment (RFC 2018 4) */
  /* Sender's SACK scoreboard and RFC 6675 loss recovery. */
  GArray       *scoreboard;     /* of NsTcpSackBlock, sorted, above snd_una */
  guint32       high_rxt;       /* RFC 6675 HighRxt */
  guint32       high_sacked;    /* highest octet SACKed + 1 */
  gboolean      sack_recovery;

  /* CUBIC, RFC 9438 (segments, seconds). */
  double        cubic_wmax, cubic_k, cubic_west;
  gint64        cubic_epoch;    /* start of this congestion-avoidance epoch; -1: none */

  guint64       bytes_sent, bytes_acked, bytes_received;
  guint64       segments_sent, segments_received, retransmissions;

  /* The last NS_TRACE_TCP_VARS record: a new one is made only when a
   * variable differs from it. */
  NsTraceTcpVars vars_last;
  gboolean      vars_recorded;
};

/* Wrap-safe sequence comparisons (RFC 9293 §3.4: arithmetic modulo 2^32). */
static inline gboolean ns_seq_lt (guint32 a, guint32 b) { return (gint32) (a - b) < 0; }
static inline gboolean ns_seq_le (guint32 a, guint32 b) { return (gint32) (a - b) <= 0; }
static inline gboolean ns_seq_gt (guint32 a, guint32 b) { return (gint32) (a - b) > 0; }
static inline gboolean ns_seq_ge (guint32 a, guint32 b) { return (gint32) (a - b) >= 0; }
static inline guint32  ns_seq_max (guint32 a, guint32 b) { return ns_seq_gt (a, b) ? a : b; }
static inline guint32  ns_seq_min (guint32 a, guint32 b) { return ns_seq_lt (a, b) ? a : b; }

/* tcp.c: the core, its tables and the connection lifecycle. */
NsTcp       *ns_tcp_core_new (NsSim *sim, NsStack *stack, const char *node_id);
void         ns_tcp_core_free (NsTcp *tcp);
void         ns_tcp_core_set_output (NsTcp *tcp, NsTcpOutputFunc output, gpointer user_data);
/* The core of a stack (attaching TCP if needed). */
NsTcp       *ns_tcp_core_get (NsStack *stack);
/* A segment addressed to us; checks the checksum. */
void         ns_tcp_core_input (NsTcp *tcp, guint32 src, guint32 dst, const guint8 *segment,
                                gsize len);
NsTcpConn   *ns_tcp_core_listen (NsTcp *tcp, guint16 port, NsTcpAcceptFunc accept,
                                 const NsTcpCallbacks *callbacks, gpointer user_data,
                                 GError **error);
NsTcpConn   *ns_tcp_core_connect (NsTcp *tcp, guint32 src, guint32 dst, guint16 dst_port,
                                  guint16 src_port, const NsTcpCallbacks *callbacks,
                                  gpointer user_data, GError **error);
void         ns_tcp_core_icmp_error (NsTcp *tcp, guint32 from, guint8 type, guint8 code,
                                     const guint8 *quoted, gsize quoted_len);
NsTcpConn   *ns_tcp_core_lookup (NsTcp *tcp, guint32 local, guint16 lport, guint32 remote,
                                 guint16 rport);

NsTcpConn   *ns_tcp_conn_new_child (NsTcpConn *listener, guint32 local, guint16 lport,
                                    guint32 remote, guint16 rport);
void         ns_tcp_conn_ref (NsTcpConn *conn);
void         ns_tcp_conn_unref (NsTcpConn *conn);
/* Removes the connection from the tables, stops its timers and drops the
 * tables' reference. */
void         ns_tcp_conn_destroy (NsTcpConn *conn);
/* Changes state and records a `tcp` trace event with @why. */
void         ns_tcp_conn_set_state (NsTcpConn *conn, NsTcpState to, const char *why_format, ...)
                                    G_GNUC_PRINTF (3, 4);
/* The connection ends with @error: state CLOSED, `closed` called if the
 * application holds it, then destroyed. */
void         ns_tcp_conn_fail (NsTcpConn *conn, NsTcpError error, const char *why);
/* Tells the application the connection is over (once). */
void         ns_tcp_conn_notify_closed (NsTcpConn *conn, NsTcpError error, const char *why);
/* The handshake completed: `connected` or the listener's accept. */
void         ns_tcp_conn_notify_established (NsTcpConn *conn);
/* Bytes held in the send buffer (sent or not, not yet acknowledged). */
guint32      ns_tcp_conn_send_buffered (NsTcpConn *conn);
/* Copies @len bytes of the send buffer from @offset (past sndbuf_seq). */
void         ns_tcp_sndbuf_copy (NsTcpConn *conn, guint32 offset, guint32 len, guint8 *out);
/* Forgets the first @n bytes (acknowledged). */
void         ns_tcp_sndbuf_drop (NsTcpConn *conn, guint32 n);
/* Records a `retransmit` trace event. */
void         ns_tcp_trace_retransmit (NsTcpConn *conn, guint32 seq, const char *cause,
                                      const char *why);
/* Records a NS_TRACE_TCP_VARS state sample of the connection's variables
 * for the app's TCP view (added by the player), if one of them changed
 * since the connection's previous sample. */
void         ns_tcp_conn_trace_vars (NsTcpConn *conn);
/* "1 s", "200 ms": a duration for why texts. */
char        *ns_tcp_format_duration (gint64 ns);

/* RFC 9293 §3.8.6.2.2 with no window scaling: the largest window field. */
#define NS_TCP_MAX_WINDOW 65535u

/* tcp-output.c */
void         ns_tcp_output (NsTcpConn *conn);
void         ns_tcp_send_ack (NsTcpConn *conn);
void         ns_tcp_send_syn (NsTcpConn *conn);
/* Sends a RST or a segment built from nothing but numbers (for closed
 * ports and answers to bad segments). */
void         ns_tcp_send_control (NsTcp *tcp, guint32 src, guint16 sport, guint32 dst,
                                  guint16 dport, guint32 seq, guint32 ack, guint8 flags);
/* Sends data/SYN/FIN starting at @seq, up to @max_len payload bytes; the
 * number of sequence numbers it used. */
guint32      ns_tcp_send_segment (NsTcpConn *conn, guint32 seq, guint32 max_len,
                                  const char *rtx_cause, const char *rtx_why);
guint32      ns_tcp_rcv_window (NsTcpConn *conn);
/* Our timestamp clock now (RFC 7323 5.4). */
guint32      ns_tcp_ts_now (NsTcpConn *conn);
/* Fills @hdr's SACK blocks from the out-of-order queue (RFC 2018 4). */
void         ns_tcp_sack_fill (NsTcpConn *conn, NsTcpHeader *hdr);
guint32      ns_tcp_flight_size (NsTcpConn *conn);
/* Sequence number of our FIN (valid once close was requested). */
guint32      ns_tcp_fin_seq (NsTcpConn *conn);
/* Whether the state lets data go out (RFC 9293 §3.10.2). */
gboolean     ns_tcp_can_send_data (NsTcpConn *conn);

/* tcp-timer.c */
void         ns_tcp_rtx_timer_start (NsTcpConn *conn);
void         ns_tcp_rtx_timer_stop (NsTcpConn *conn);
void         ns_tcp_delack_schedule (NsTcpConn *conn);
void         ns_tcp_persist_check (NsTcpConn *conn);
void         ns_tcp_timewait_start (NsTcpConn *conn);
void         ns_tcp_rtt_sample (NsTcpConn *conn, gint64 rtt_ns);

/* tcp-cc.c */
/* Congestion control on an ACK of new data / a duplicate ACK. */
void         ns_tcp_cc_on_ack (NsTcpConn *conn, guint32 acked, guint32 ack);
void         ns_tcp_cc_on_dup_ack (NsTcpConn *conn);
void         ns_tcp_cc_init (NsTcpConn *conn);
/* A congestion event: sets ssthresh (RFC 5681 eq. 4 or RFC 9438 4.6). */
void         ns_tcp_cc_on_loss (NsTcpConn *conn);
/* RFC 3042: one new segment on each of the first two duplicate ACKs. */
void         ns_tcp_cc_limited_transmit (NsTcpConn *conn);

/* tcp-sack.c: the sender's scoreboard and RFC 6675 loss recovery. */
/* Takes the SACK blocks of an arriving ACK into the scoreboard. */
void         ns_tcp_sack_update (NsTcpConn *conn, const NsTcpHeader *hdr);
/* Forgets what lies below snd_una (after a cumulative ACK). */
void         ns_tcp_sack_trim (NsTcpConn *conn);
void         ns_tcp_sack_clear (NsTcpConn *conn);
/* RFC 6675 5: on an ACK during or into loss recovery; TRUE if it handled
 * the ACK (SACK recovery in charge), FALSE to let NewReno do it. */
gboolean     ns_tcp_sack_on_ack (NsTcpConn *conn, gboolean dup, guint32 acked);

/* tcp-input.c */
void         ns_tcp_input_segment (NsTcp *tcp, guint32 src, guint32 dst, const NsTcpHeader *hdr,
                                   const guint8 *payload, gsize payload_len);

G_END_DECLS
