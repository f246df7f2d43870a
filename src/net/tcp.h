/* tcp.h: TCP (RFC 9293) on a stack, with the retransmission timer of
 * RFC 6298 and the congestion control of RFC 5681 (fast recovery with the
 * NewReno partial-ACK rule of RFC 6582).
 *
 * A socket API with callbacks and no threads: everything happens inside
 * simulation events. Callbacks may call any function below on the
 * connection they are given, including close and abort.
 *
 * Lifetime: a connection handle is valid from ns_tcp_connect (or the
 * accept callback) until its `closed` callback has returned, or until the
 * application calls ns_tcp_conn_abort. ns_tcp_conn_close only starts the
 * close: the connection stays valid (and keeps receiving the peer's data)
 * until `closed`. After `closed` the stack may keep the connection in
 * TIME-WAIT internally; the handle must no longer be used. When the stack
 * is freed, `closed` is called with NS_TCP_ERR_SHUTDOWN for connections the
 * application still holds (to free its state; call nothing then). */
#pragma once

#include <glib.h>

#include "net/stack.h"

G_BEGIN_DECLS

/* The eleven states of RFC 9293 §3.3.2. */
typedef enum {
  NS_TCP_CLOSED,
  NS_TCP_LISTEN,
  NS_TCP_SYN_SENT,
  NS_TCP_SYN_RECEIVED,
  NS_TCP_ESTABLISHED,
  NS_TCP_FIN_WAIT_1,
  NS_TCP_FIN_WAIT_2,
  NS_TCP_CLOSE_WAIT,
  NS_TCP_CLOSING,
  NS_TCP_LAST_ACK,
  NS_TCP_TIME_WAIT,
} NsTcpState;

/* Why a connection ended. */
typedef enum {
  NS_TCP_ERR_NONE,          /* closed normally (both FINs exchanged) */
  NS_TCP_ERR_REFUSED,       /* RST in answer to our SYN: nobody listens there */
  NS_TCP_ERR_RESET,         /* the peer reset an open connection */
  NS_TCP_ERR_TIMEOUT,       /* no acknowledgement after the retransmission limit */
  NS_TCP_ERR_UNREACHABLE,   /* an ICMP error said the peer cannot be reached */
  NS_TCP_ERR_NO_ROUTE,      /* no route to the peer */
  NS_TCP_ERR_SHUTDOWN,      /* the stack is being freed: free your state, call nothing */
} NsTcpError;

typedef struct _NsTcpConn NsTcpConn;

typedef struct {
  /* Active open finished: the connection is ESTABLISHED. */
  void (*connected) (NsTcpConn *conn, gpointer user_data);
  /* In-order data from the peer; @len 0 (and @data NULL) means the peer
   * closed its direction (its FIN arrived): no more data will come.
   * @data is borrowed. */
  void (*received) (NsTcpConn *conn, const guint8 *data, gsize len, gpointer user_data);
  /* @acked bytes of our data were newly acknowledged, which frees that
   * much room in the send buffer. */
  void (*sent) (NsTcpConn *conn, gsize acked, gpointer user_data);
  /* The connection is over for the application (see the lifetime rule
   * above). @error says why; @why is a sentence for a learner. */
  void (*closed) (NsTcpConn *conn, NsTcpError error, const char *why, gpointer user_data);
} NsTcpCallbacks;

/* A listener's accept callback: @conn is a new connection in
 * SYN-RECEIVED/ESTABLISHED; the listener's callbacks and user data are
 * installed on it; call ns_tcp_conn_set_callbacks to change them. It is
 * called when the handshake completes (ESTABLISHED). */
typedef void (*NsTcpAcceptFunc) (NsTcpConn *listener, NsTcpConn *conn, gpointer user_data);

typedef enum {
  NS_TCP_CC_NEWRENO,
  NS_TCP_CC_CUBIC,
} NsTcpCongestion;

/* Per-stack settings; ns_tcp_config_init_default gives the defaults. */
typedef struct {
  gint64  msl_ns;            /* maximum segment lifetime; TIME-WAIT is 2 x MSL. Default 1 s
                              * (short so runs end quickly; RFC 9293 §3.4.2 suggests 2 min) */
  gint64  rto_initial_ns;    /* RFC 6298 §2.1: 1 s */
  gint64  rto_min_ns;        /* RFC 6298 §2.4: 1 s */
  gint64  rto_max_ns;        /* RFC 6298 §2.5: at least 60 s; 60 s */
  gint64  clock_granularity_ns; /* G of RFC 6298 §2; 1 ms */
  gint64  delack_ns;         /* delayed ACK timeout, RFC 1122 4.2.3.2: 200 ms */
  guint   syn_retries;       /* unused since the SYN gives up by time (syn_r2_ns); kept so
                              * callers that set it still build */
  gint64  syn_r2_ns;         /* R2 for a SYN, RFC 1122 4.2.3.5: give up opening after this
                              * long (at least 3 minutes): 180 s */
  guint   data_retries;      /* data retransmissions before giving up (R2 of
                              * RFC 9293 §3.8.3): 10 */
  guint32 rcv_buf;           /* receive buffer, the largest window offered: 65535 */
  guint32 snd_buf;           /* send buffer: 131072 */
  guint   backlog;           /* connections being opened per listener: 128 */
  /* The per-node options of docs/file-format.md (defaults: the RFCs'
   * conservative choices, which are also the behaviour without them). */
  NsTcpCongestion congestion; /* NEWRENO (RFC 5681/6582) or CUBIC (RFC 9438) */
  guint   initial_window;    /* segments; 0: RFC 5681 3.1's rule (2 to 4 by SMSS) */
  gboolean sack;             /* offer SACK-permitted, RFC 2018 (loss recovery RFC 6675) */
  gboolean window_scaling;   /* offer window scale, RFC 7323 2 */
  gboolean timestamps;       /* offer timestamps, RFC 7323 3 (RTTM, PAWS) */
  gboolean nagle;            /* Nagle's algorithm, RFC 9293 3.7.4: TRUE */
  gboolean pmtu_discovery;   /* set DF, lower the MSS on frag needed, RFC 1191 */
} NsTcpConfig;

void         ns_tcp_config_init_default (NsTcpConfig *config);
/* Linux's choices (docs/file-format.md "profile": "linux"): CUBIC, initial
 * window 10 (RFC 6928), SACK, window scaling and timestamps, a 200 ms RTO
 * minimum, path-MTU discovery, larger buffers. */
void         ns_tcp_config_apply_linux (NsTcpConfig *config);
/* The buffer sizes window scaling is for, when the config still has the
 * unscaled defaults. */
#define NS_TCP_SCALED_RCV_BUF (4u << 20)
#define NS_TCP_SCALED_SND_BUF (1u << 20)

/* Registers TCP on @stack (idempotent). The other functions attach it too. */
void         ns_tcp_attach (NsStack *stack);
void         ns_tcp_set_config (NsStack *stack, const NsTcpConfig *config);
const NsTcpConfig *ns_tcp_get_config (NsStack *stack);

/* Passive open on @port (any local address). NULL with @error if the port
 * is taken. */
NsTcpConn   *ns_tcp_listen (NsStack *stack, guint16 port, NsTcpAcceptFunc accept,
                            const NsTcpCallbacks *callbacks, gpointer user_data,
                            GError **error);
/* Active open to @dst:@dst_port from @src_port (0: an ephemeral port).
 * Sends the SYN now. NULL with @error if @src_port is taken or there is no
 * route. */
NsTcpConn   *ns_tcp_connect (NsStack *stack, guint32 dst, guint16 dst_port, guint16 src_port,
                             const NsTcpCallbacks *callbacks, gpointer user_data,
                             GError **error);

void         ns_tcp_conn_set_callbacks (NsTcpConn *conn, const NsTcpCallbacks *callbacks,
                                        gpointer user_data);
/* Queues data to send; returns the bytes taken (less than @len when the
 * send buffer is full: wait for `sent`). Nothing is taken after close. */
gsize        ns_tcp_conn_send (NsTcpConn *conn, const guint8 *data, gsize len);
/* Room left in the send buffer. */
gsize        ns_tcp_conn_send_space (NsTcpConn *conn);
/* Closes our direction: a FIN follows the queued data (RFC 9293 §3.10.4).
 * On a listener, stops listening and frees it (no `closed` callback). */
void         ns_tcp_conn_close (NsTcpConn *conn);
/* Sends RST and frees the connection at once (RFC 9293 §3.10.5); no
 * callback is called. */
void         ns_tcp_conn_abort (NsTcpConn *conn);
/* While paused, received data is kept in the receive buffer and the
 * window we offer shrinks (to zero once the buffer is full); resuming
 * delivers it and sends a window update. */
void         ns_tcp_conn_set_receive_paused (NsTcpConn *conn, gboolean paused);
/* While paused: the application reads up to @max of the bytes held (the
 * `received` callback gets them), which frees that much receive buffer;
 * a window update is sent once the window has opened by enough (RFC 9293
 * 3.8.6.2.2). The peer's FIN is delivered after the last byte. Returns
 * the bytes read. */
gsize        ns_tcp_conn_read_held (NsTcpConn *conn, gsize max);
/* Disables Nagle's algorithm (RFC 9293 §3.7.4). */
void         ns_tcp_conn_set_nodelay (NsTcpConn *conn, gboolean nodelay);

NsTcpState   ns_tcp_conn_get_state (NsTcpConn *conn);
NsStack     *ns_tcp_conn_get_stack (NsTcpConn *conn);
guint32      ns_tcp_conn_get_local_addr (NsTcpConn *conn);
guint16      ns_tcp_conn_get_local_port (NsTcpConn *conn);
guint32      ns_tcp_conn_get_remote_addr (NsTcpConn *conn);
guint16      ns_tcp_conn_get_remote_port (NsTcpConn *conn);

/* Everything the inspector shows about a connection. */
typedef struct {
  NsTcpState state;
  guint32  local_addr, remote_addr;
  guint16  local_port, remote_port;
  guint32  iss, irs;
  guint32  snd_una, snd_nxt, snd_max, snd_wnd;  /* snd_max: highest sequence sent */
  guint32  rcv_nxt, rcv_wnd;
  guint32  mss;               /* the sender MSS (SMSS of RFC 5681) */
  guint32  cwnd, ssthresh;    /* bytes */
  guint32  flight_size;       /* bytes sent and not yet acknowledged */
  gint64   srtt_ns, rttvar_ns, rto_ns;  /* srtt/rttvar 0 until the first sample */
  guint    dup_acks;
  gboolean in_fast_recovery;
  guint    backoff;           /* consecutive retransmission timeouts */
  guint64  bytes_sent, bytes_acked, bytes_received;
  guint64  segments_sent, segments_received, retransmissions;
  gsize    send_buffered, recv_buffered, ooo_segments;
} NsTcpInfo;

void         ns_tcp_conn_get_info (NsTcpConn *conn, NsTcpInfo *info);

/* RFC 9293 name of @state ("SYN-SENT", "ESTABLISHED", ...). */
const char  *ns_tcp_state_name (NsTcpState state);
const char  *ns_tcp_error_to_string (NsTcpError error);

/* Connections (not listeners) of @stack, in TIME-WAIT too, for the inspector
 * and tests; the array is new, the connections borrowed. In the order they
 * were created. */
GPtrArray   *ns_tcp_dup_connections (NsStack *stack);

typedef struct {
  guint64 segments_in, segments_out, retransmissions, resets_sent, resets_received;
  guint64 bad_checksum, malformed, active_opens, passive_opens;
} NsTcpStats;
const NsTcpStats *ns_tcp_get_stats (NsStack *stack);

#define NS_TCP_ERROR (ns_tcp_error_quark ())
GQuark       ns_tcp_error_quark (void);

typedef enum {
  NS_TCP_ERROR_PORT_IN_USE,
  NS_TCP_ERROR_NO_ROUTE,
} NsTcpErrorCode;

G_END_DECLS
