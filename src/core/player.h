/* player.h: the player over a recorded run. Every view of the app (canvas
 * animation, timeline, event log, inspector, ladder diagram, TCP view) reads
 * the run through one NsPlayer and its one cursor, so they never disagree
 * (docs/architecture.md: "A run: model, simulation, trace, player").
 *
 * Model:
 * - A *step* is an event a learner steps through: tx, rx, drop, tcp,
 *   retransmit, app, local, link (NOT the state samples NS_TRACE_ARP, NS_TRACE_TCP_VARS,
 *   NS_TRACE_SOCKET).
 *   Steps are numbered 0 .. n_steps-1 in trace order (which is time order).
 * - A *flight* is one frame on one link: from its tx to its rx or drop. A
 *   frame dropped because the sender's queue was full is a flight too
 *   (queue_drop), shown at the sender.
 * - The *cursor* is (time, step): the step is the last step at or before
 *   the time, or -1 before the first step. State queries ("at the cursor")
 *   see every event up to and including the cursor's step, together with
 *   the state samples recorded right after it (same processing), and none
 *   after. Frame positions are a pure function of the cursor's time.
 *
 * Everything is precomputed in ns_player_new (O(n log n)); seeking is a
 * binary search; frames_at scans only the flights that can be in the air.
 * The player is pure and deterministic: the same trace gives the same
 * answers. GLib only; not thread-safe (use it from one thread).
 *
 * Strings returned as `const char *` are interned or owned by the player
 * and valid as long as the player. Structs returned by pointer are owned by
 * the player. `_dup_` functions return new arrays the caller frees with
 * g_array_unref / g_ptr_array_unref. */
#pragma once

#include <glib.h>

#include "core/run.h"
#include "core/topology.h"
#include "sim/packet.h"
#include "sim/trace.h"

G_BEGIN_DECLS

typedef struct _NsPlayer NsPlayer;

/* Where a lost frame (loss, drop_nth) breaks up along the link: the
 * simulator only knows it did not arrive, so the player shows it lost half
 * way, then breaking up until the moment the drop is recorded. */
#define NS_PLAYER_LOST_AT 0.5

/* ---- construction ---- */

/* A player over @trace, whose nodes and links are those of @topology.
 * BORROWS both: they must outlive the player (keep the NsRun alive; use
 * ns_player_new_for_run to tie the lifetimes). @topology may be NULL (then
 * no link/position information: link_index -1, ladder columns by node id,
 * no routes, frames still in the air at the end last 1 ms). The cursor
 * starts at step -1, time 0. */
NsPlayer   *ns_player_new (NsTrace *trace, const NsTopology *topology);
/* A player that OWNS @run (transfer full; freed with the player), over its
 * trace and topology. The run must have been executed. */
NsPlayer   *ns_player_new_for_run (NsRun *run);
void        ns_player_free (NsPlayer *self);

NsTrace          *ns_player_get_trace (NsPlayer *self);
const NsTopology *ns_player_get_topology (NsPlayer *self);   /* may be NULL */
/* The run given to ns_player_new_for_run, or NULL. */
NsRun            *ns_player_get_run (NsPlayer *self);

/* ---- steps ---- */

/* The sign a step wears where a learner reads it (log, timeline). A frame
 * that arrived never wears LOST, even when it carries a retransmission. */
typedef enum {
  NS_PLAYER_MARK_NONE,
  NS_PLAYER_MARK_LOST,     /* a frame lost on a link, or a frame or packet dropped */
  NS_PLAYER_MARK_RESENT,   /* a TCP segment sent again, and the frames carrying it */
  NS_PLAYER_MARK_FAILED,   /* an application action that did not succeed */
} NsPlayerMark;

typedef struct {
  guint        index;      /* this step's number */
  guint        event;      /* index in the trace (ns_trace_get) */
  gint64       t;          /* ns */
  NsTraceKind  kind;       /* TX, RX, DROP, TCP, RETRANSMIT, APP or LOCAL */
  const char  *node;       /* node it happens at: tx sender, rx receiver, drop
                              where dropped (a link loss: the sender), tcp/
                              retransmit/app node; interned; may be NULL */
  const char  *protocol;   /* static: for frames ns_frame_protocol ("ARP", "ICMP",
                              "UDP", "TCP", "DNS", "HTTP", "Ethernet"); "TCP" for
                              tcp/retransmit; "IPv4" for drops at a node without a
                              frame; "App" for app */
  const char  *text;       /* the event log's one-line summary (owned): tx: the frame
                              summary; rx: "received on pc1:eth0: <summary>"; drop:
                              "lost on link l1 (loss): <summary>", "queue of pc1:eth0
                              full, frame dropped: <summary>", "packet dropped (ttl):
                              <why>"; tcp: "10.0.0.5:49152 → 10.0.1.80:80: SYN-SENT →
                              ESTABLISHED", a listener "port 80: CLOSED → LISTEN";
                              retransmit: "<local> → <remote>: segment
                              seq=N sent again (rto)"; app: "<action>: <detail>";
                              local: "delivered inside pc1, on no wire: <summary>" */
  const char  *why;        /* the event's `why`, or NULL (borrowed from the trace) */
  gint         flight;     /* flight index for tx/rx/drop of a frame (and queue
                              drops); for a retransmit, the frame it sent again;
                              else -1 */
  gint         conn;       /* TCP connection (ns_player_get_conn) for tcp and
                              retransmit events and for frames carrying a segment
                              of a known connection (the sender's side), else -1 */
  gboolean     notable;    /* a loss, drop or retransmission: stands out on the
                              timeline */
  NsPlayerMark mark;       /* which sign it wears in the log and on the timeline:
                              only a drop event is LOST; a retransmit event and
                              each hop's tx of a resent segment are RESENT */
} NsPlayerStep;

guint               ns_player_get_n_steps (NsPlayer *self);
const NsPlayerStep *ns_player_get_step_info (NsPlayer *self, guint index);
/* Last step at or before @t, or -1 if none. Pure lookup (cursor unchanged). */
gint                ns_player_step_at_time (NsPlayer *self, gint64 t);
/* The step of trace event @event if it is a step, else the last step
 * before it, or -1. */
gint                ns_player_step_for_event (NsPlayer *self, guint event);

/* The span of the run: 0, and the latest of the last event's time and
 * the last flight's end. */
gint64              ns_player_get_start_time (NsPlayer *self);
gint64              ns_player_get_end_time (NsPlayer *self);

/* ---- cursor ---- */

gint64      ns_player_get_time (NsPlayer *self);
/* The cursor's step, or -1 before the first step. */
gint        ns_player_get_step (NsPlayer *self);
/* @t is clamped to [start, end]; the step becomes the last at or before it. */
void        ns_player_seek_time (NsPlayer *self, gint64 t);
/* @index in -1 .. n_steps-1 (clamped); the time becomes that step's time
 * (the start time for -1). */
void        ns_player_seek_step (NsPlayer *self, gint index);
/* To the next/previous step; FALSE (and nothing changes) at the end/start.
 * Stepping forward from a time between steps goes to the next step after
 * the time. */
gboolean    ns_player_step_forward (NsPlayer *self);
gboolean    ns_player_step_back (NsPlayer *self);
void        ns_player_seek_start (NsPlayer *self);   /* step -1, time 0 */
void        ns_player_seek_end (NsPlayer *self);     /* last step, end time */
gboolean    ns_player_at_end (NsPlayer *self);

/* Called after every cursor change (seek or step that changed time or
 * step), synchronously. One callback; replacing it calls @destroy on the
 * old data. */
typedef void (*NsPlayerChangedFunc) (NsPlayer *player, gpointer user_data);
void        ns_player_set_changed_func (NsPlayer *self, NsPlayerChangedFunc func,
                                        gpointer user_data, GDestroyNotify destroy);
/* Increases on every cursor change (for views that poll). */
guint64     ns_player_get_serial (NsPlayer *self);

/* ---- flights: frames on links ---- */

typedef struct {
  guint        index;          /* this flight's number (in tx order) */
  guint64      frame;          /* the trace's frame id; 0 for a queue drop */
  const char  *link;           /* link id (interned) */
  gint         link_index;     /* index in topology->links, or -1 */
  guint        from_end;       /* 0: from the link's `a` end towards `b`; 1: b → a */
  const char  *from;           /* "node:iface" that sends (interned) */
  const char  *to;             /* "node:iface" it goes to (the link's other end;
                                  NULL if unknown) */
  const char  *from_node;      /* interned node ids */
  const char  *to_node;        /* NULL if unknown */
  gint64       t_start;        /* tx (or queue drop) time */
  gint64       t_end;          /* rx or drop time; a queue drop lingers for the
                                  time the frame would have taken to cross; a frame
                                  still in the air when the run ended: t_start +
                                  serialisation + delay */
  gboolean     arrived;        /* an rx was recorded */
  gboolean     lost;           /* lost on the link or dropped from the queue */
  const char  *lost_reason;    /* "loss", "drop_nth", "queue", or NULL */
  double       lost_at;        /* fraction of the way where it breaks up:
                                  NS_PLAYER_LOST_AT, 0 for a queue drop, 1 if not lost */
  gint64       t_lost;         /* when it reaches lost_at (t_start for a queue drop) */
  gboolean     queue_drop;     /* never left the sender: its queue was full */
  gboolean     retransmission; /* carries a TCP segment sent again (matched with a
                                  retransmit event or repeating sequence space already
                                  sent on the connection), on every hop */
  const char  *protocol;       /* static, ns_frame_protocol */
  const char  *label;          /* canvas label, "SYN", "ACK 1461", ... (owned) */
  const char  *summary;        /* one-line summary (owned) */
  guint        tx_step;        /* step of the tx (or the queue drop) */
  gint         end_step;       /* step of the rx or drop, -1 if none */
  gint         conn;           /* TCP connection of the sender's side, or -1 */
  NsPacket    *packet;         /* the frame's bytes (borrowed from the trace;
                                  packet->data, packet->len) */
  const char  *why;            /* what explains it, for the inspector: the drop's `why`
                                  when lost, else the retransmit event's when it is a
                                  retransmission (on every hop), else the tx's; or NULL */
} NsPlayerFlight;

guint                 ns_player_get_n_flights (NsPlayer *self);
const NsPlayerFlight *ns_player_get_flight (NsPlayer *self, guint index);
/* The flight of trace frame id @frame, or NULL. */
const NsPlayerFlight *ns_player_find_flight (NsPlayer *self, guint64 frame);

/* A frame in the air at some time. */
typedef struct {
  const NsPlayerFlight *flight;
  double       progress;   /* 0..1 along the link from flight->from to flight->to:
                              (t - t_start) / (t_end - t_start) for a frame that
                              arrives; stops at lost_at for a lost one; 0 for a
                              queue drop. 1 for a zero-length flight. */
  gboolean     broken;     /* lost and past its t_lost: draw it breaking up */
  double       breakup;    /* 0..1 from t_lost to t_end when broken, else 0 */
} NsPlayerFrame;

/* Replaces the contents of @out (a GArray of NsPlayerFrame) with the frames
 * in the air at @t: t_start <= t <= t_end (both ends inclusive, so a frame
 * shows at 0 at its tx step and at 1 at its rx step), in flight order.
 * Returns the count. */
guint       ns_player_frames_at (NsPlayer *self, gint64 t, GArray *out);
/* ns_player_frames_at at the cursor's time. */
guint       ns_player_frames_at_cursor (NsPlayer *self, GArray *out);

/* ---- node state at the cursor ---- */

typedef struct {
  const char  *iface;      /* "node:iface" (interned) */
  const char  *addr;       /* "10.0.0.1" */
  const char  *mac;        /* "02:00:00:00:00:01" */
  gint64       t_learnt;
} NsPlayerArpEntry;

/* @node's ARP cache at the cursor: GArray of NsPlayerArpEntry in the order
 * learnt. Never NULL (empty for an unknown node). */
GArray     *ns_player_dup_arp_cache (NsPlayer *self, const char *node);

typedef struct {
  guint64      frames_sent;       /* tx from the node's interfaces */
  guint64      frames_received;   /* rx at the node's interfaces */
  guint64      frames_lost;       /* its frames lost on a link (loss, drop_nth) */
  guint64      queue_drops;       /* its frames dropped from a full queue */
  guint64      packets_dropped;   /* drops at the node (ttl, no-route, no-arp, ...) */
  guint64      retransmissions;   /* TCP retransmit events of the node */
} NsPlayerCounters;

/* @node's counters up to the cursor (zeros for an unknown node). */
void        ns_player_get_counters (NsPlayer *self, const char *node, NsPlayerCounters *out);

typedef struct {
  guint32      dest;              /* network, host byte order */
  guint        prefix_len;
  guint32      via;               /* next hop, 0 for a connected network */
  const char  *iface;             /* interface name ("eth0"), or NULL if unknown */
  const char  *origin;            /* "connected", "gateway", "static" or "auto" */
} NsPlayerRoute;

/* @node's routing table (it does not change during a run), most specific
 * prefix first: connected networks, hand-written routes and gateway,
 * and the `routing: auto` routes of ns_routing_compute. GArray of
 * NsPlayerRoute; empty without a topology or for a switch. */
GArray     *ns_player_dup_routes (NsPlayer *self, const char *node);

/* ---- TCP connections ---- */

/* One end of a connection, as seen on one node: (node, local, remote). A
 * listener is a connection too (remote "0.0.0.0:0"). */
typedef struct {
  guint        index;
  const char  *node;             /* interned */
  const char  *local;            /* "10.0.0.5:49152" (interned) */
  const char  *remote;
  gint         peer;             /* the other end's connection (on the peer node), or -1 */
  gboolean     listener;         /* reached LISTEN */
  gint64       t_first, t_last;  /* its first and last event */
  guint        first_step;       /* its first step */
} NsPlayerConn;

guint               ns_player_get_n_conns (NsPlayer *self);
const NsPlayerConn *ns_player_get_conn (NsPlayer *self, guint index);
/* -1 if none. */
gint                ns_player_find_conn (NsPlayer *self, const char *node, const char *local,
                                         const char *remote);

/* A NS_TRACE_TCP_VARS sample of a connection. Fields missing from the
 * sample are 0 (rto_deadline -1). */
typedef struct {
  gint64       t;
  guint        event;            /* trace index */
  const char  *state;            /* RFC 9293 state name, static */
  guint32      iss, irs;         /* initial sequence numbers (for relative numbers) */
  guint32      snd_una, snd_nxt, snd_wnd;
  guint32      rcv_nxt, rcv_wnd;
  guint32      cwnd, ssthresh, flight_size;
  gint64       srtt_ns, rto_ns;
  gint64       rto_deadline;     /* absolute ns when the retransmission timer fires,
                                    -1 when it is not running */
} NsPlayerConnVars;

/* All samples of @conn in time order (the TCP view's plot); @n_out gets
 * the count. NULL when there are none. */
const NsPlayerConnVars *ns_player_get_conn_samples (NsPlayer *self, guint conn, guint *n_out);

typedef struct {
  const char  *state;            /* at the cursor: "CLOSED" before its first event */
  const NsPlayerConnVars *vars;  /* the last sample at the cursor, or NULL */
  guint        retransmissions;  /* retransmit events up to the cursor */
  gboolean     timer_running;    /* the retransmission timer runs at the cursor's time */
  gint64       rto_deadline;     /* when it fires (ns), or -1 */
  gint64       rto_remaining;    /* rto_deadline - cursor time (>= 0), or -1 */
} NsPlayerConnState;

/* @conn's state at the cursor. */
void        ns_player_get_conn_state (NsPlayer *self, guint conn, NsPlayerConnState *out);
/* The connections of @node that exist at the cursor (first event at or
 * before it, not back to CLOSED): GArray of guint connection indexes. */
GArray     *ns_player_dup_node_conns (NsPlayer *self, const char *node);

/* ---- open ports ---- */

typedef struct {
  const char  *protocol;         /* "TCP" or "UDP" */
  guint16      port;
  const char  *state;            /* TCP: the connection's state ("LISTEN", ...);
                                    UDP: "bound" */
  gint         conn;             /* TCP connection, or -1 */
  const char  *remote;           /* TCP: the peer "addr:port" (NULL for a listener
                                    and for UDP) */
} NsPlayerSocket;

/* @node's open sockets at the cursor: its TCP listeners and connections
 * not CLOSED, and its bound UDP ports (from the stack's NS_TRACE_SOCKET
 * samples; for a trace without them, guessed: UDP services from the start
 * and each port the node sent from, from its first datagram on). Sorted by
 * protocol, port, remote. */
GArray     *ns_player_dup_sockets (NsPlayer *self, const char *node);

/* ---- event log ---- */

/* The step indexes (GArray of guint) matching all given filters:
 * @protocol (a step's protocol, e.g. "DNS", compared ignoring case; NULL
 * or "" for any), @node (the step's node, or for frames either end of the
 * link; NULL or "" for any), @text (substring of the step's text, why,
 * frame label or node, ignoring ASCII case; NULL or "" for any). In step
 * order. The first search builds a text index (~50 ms for 100,000 steps);
 * later ones take about a millisecond. */
GArray     *ns_player_filter_steps (NsPlayer *self, const char *protocol, const char *node,
                                    const char *text);
/* The protocols that occur among the steps, in a fixed order ("ARP",
 * "ICMP", "UDP", "TCP", "DNS", "HTTP", "Ethernet", "IPv4", "App"): for the
 * filter menu. */
GPtrArray  *ns_player_dup_protocols (NsPlayer *self);
/* The step's time as the log shows it: "1.234567 s". */
char       *ns_player_format_time (gint64 t);

/* ---- sequence (ladder) diagram ---- */

typedef struct {
  const char  *from_node, *to_node;  /* interned */
  guint        from_col, to_col;     /* indexes in NsPlayerLadder.columns */
  gint64       t_start, t_end;       /* departure and arrival (or loss) times */
  gboolean     lost;                 /* ends in a cross at t_end (queue drops: at the sender) */
  gboolean     retransmission;
  const char  *label;
  const char  *protocol;
  guint        step;                 /* the step that moves the cursor there (tx) */
  guint        flight;               /* the first hop's flight (what the inspector shows) */
} NsPlayerArrow;

typedef struct {
  GPtrArray   *columns;   /* of const char * node ids (interned), left to right by canvas x
                             (then y, then id) */
  GArray      *arrows;    /* of NsPlayerArrow, by t_start */
} NsPlayerLadder;

/* The ladder of the run: one column per host and router that sends or
 * receives a frame (and per switch unless @hide_switches: then a frame
 * crossing switches is one arrow from its sender to its receiver, e.g.
 * pc1 → r1; a broadcast, one arrow per receiver). With @conn >= 0, only the
 * segments of that connection (both directions) and only the columns they
 * touch. Same as ns_player_ladder_new_full with
 * NS_PLAYER_LADDER_HIDE_SWITCHES or 0. */
NsPlayerLadder *ns_player_ladder_new (NsPlayer *self, gint conn, gboolean hide_switches);
void            ns_player_ladder_free (NsPlayerLadder *ladder);

typedef enum {
  NS_PLAYER_LADDER_HIDE_SWITCHES = 1 << 0,  /* as above */
  /* One arrow per IP packet from the host that sent it to the host it is
   * addressed to, across routers too (the textbook picture of a
   * connection: two columns). A packet that dies on the way (lost, TTL)
   * ends where it died; one lost on a link points at its destination,
   * ending in a cross. Packets routers send themselves (ICMP errors) start
   * at the router. Implies HIDE_SWITCHES. */
  NS_PLAYER_LADDER_END_TO_END = 1 << 1,
} NsPlayerLadderFlags;

NsPlayerLadder *ns_player_ladder_new_full (NsPlayer *self, gint conn, NsPlayerLadderFlags flags);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NsPlayer, ns_player_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NsPlayerLadder, ns_player_ladder_free)

G_END_DECLS
