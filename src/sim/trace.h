/* trace.h: the recording of a run. The engine runs ahead of any display and
 * appends every event here; the command line writes it as JSON Lines
 * (docs/trace-format.md) and the app plays it back. Strings that name things
 * (links, nodes, interfaces, endpoints) are interned; `why`, `detail` and
 * `fields` are owned by the event. */
#pragma once

#include <glib.h>

#include "packet.h"

G_BEGIN_DECLS

typedef enum {
  NS_TRACE_TX,          /* a frame starts onto a link */
  NS_TRACE_RX,          /* a frame arrives at an interface */
  NS_TRACE_DROP,        /* a frame or packet is thrown away */
  NS_TRACE_TCP,         /* a TCP connection changes state */
  NS_TRACE_RETRANSMIT,  /* TCP sends a segment again */
  NS_TRACE_APP,         /* a scenario action finished (or one of its steps) */
  /* State samples for the app's views; not part of the JSON Lines trace. */
  NS_TRACE_ARP,         /* node's ARP cache learnt (ok) or forgot (!ok) `local` = address,
                           `remote` = MAC, `iface` = "node:iface" */
  NS_TRACE_TCP_VARS,    /* a connection's variables after one of them changed: node, local,
                           remote, tcp_vars (an NsTraceTcpVars record) */
  NS_TRACE_SOCKET,      /* a node's UDP port was bound (ok) or closed (!ok): node,
                           `local` = "0.0.0.0:port" (added by the player) */
  NS_TRACE_LOCAL,       /* a datagram to one of the node's own addresses, delivered inside
                           it (RFC 1122 3.3.4.2): node, `iface` = "node:iface" of the
                           address, `packet` = the datagram behind a zero Ethernet header,
                           why. A step of the app; not in the JSON Lines trace, whose event
                           kinds docs/trace-format.md fixes */
  NS_TRACE_LINK,        /* a link (`link`) or a node (`node`) went up (ok) or down (!ok) */
} NsTraceKind;

/* Bits of NsTraceTcpVars.changed: which variables differ from the
 * connection's previous record (all of them in its first). */
typedef enum {
  NS_TCP_VAR_STATE        = 1 << 0,
  NS_TCP_VAR_ISS          = 1 << 1,
  NS_TCP_VAR_IRS          = 1 << 2,
  NS_TCP_VAR_SND_UNA      = 1 << 3,
  NS_TCP_VAR_SND_NXT      = 1 << 4,
  NS_TCP_VAR_SND_MAX      = 1 << 5,
  NS_TCP_VAR_SND_WND      = 1 << 6,
  NS_TCP_VAR_RCV_NXT      = 1 << 7,
  NS_TCP_VAR_RCV_WND      = 1 << 8,
  NS_TCP_VAR_CWND         = 1 << 9,
  NS_TCP_VAR_SSTHRESH     = 1 << 10,
  NS_TCP_VAR_FLIGHT       = 1 << 11,
  NS_TCP_VAR_SRTT         = 1 << 12,
  NS_TCP_VAR_RTTVAR       = 1 << 13,
  NS_TCP_VAR_RTO          = 1 << 14,
  NS_TCP_VAR_RTO_DEADLINE = 1 << 15,
  NS_TCP_VAR_BYTES_ACKED  = 1 << 16,
} NsTcpVarBits;

/* The variables of a `tcp-vars` line (docs/trace-format.md): cwnd, ssthresh,
 * flight, rwnd (the peer's offered window, snd_wnd), srtt, rto. */
#define NS_TCP_VARS_CONGESTION                                                    \
  (NS_TCP_VAR_CWND | NS_TCP_VAR_SSTHRESH | NS_TCP_VAR_FLIGHT | NS_TCP_VAR_SND_WND \
   | NS_TCP_VAR_SRTT | NS_TCP_VAR_RTO)

/* A connection's variables (RFC 9293 §3.3.1, RFC 5681, RFC 6298), recorded
 * by the stack only when one of them changed: a fixed record of 96 bytes
 * rather than a dictionary, since a bulk transfer makes one per segment. */
typedef struct {
  const char  *state;        /* RFC 9293 state name, static */
  guint32      iss, irs;
  guint32      snd_una, snd_nxt, snd_max, snd_wnd;
  guint32      rcv_nxt, rcv_wnd;
  guint32      cwnd, ssthresh, flight_size;  /* bytes */
  guint32      changed;      /* NsTcpVarBits against the previous record */
  gint64       srtt_ns, rttvar_ns, rto_ns;   /* srtt, rttvar 0 until the first sample */
  gint64       rto_deadline; /* absolute ns the retransmission timer fires, -1 if off */
  guint64      bytes_acked;
} NsTraceTcpVars;

typedef struct {
  gint64       t;          /* ns */
  NsTraceKind  kind;
  guint64      frame;      /* tx, rx, drop of a frame; 0 otherwise */
  const char  *link;       /* tx, rx, drop of a frame */
  const char  *iface;      /* tx: from "node:iface"; rx: to "node:iface" */
  const char  *node;       /* drop at a node, tcp, retransmit, app */
  const char  *reason;     /* drop: loss, drop_nth, queue, ttl, no-route, no-arp, checksum, ...;
                              retransmit: cause (rto, fast) */
  const char  *local;      /* tcp, retransmit: "addr:port" */
  const char  *remote;
  const char  *from_state; /* tcp */
  const char  *to_state;
  guint32      seq;        /* retransmit */
  const char  *action;     /* app: the scenario action ("ping", ...) */
  gboolean     ok;         /* app */
  gboolean     partial;    /* app: one step of an action (a ping reply), not its result */
  char        *detail;     /* app: human text (owned) */
  char        *why;        /* cause in words a learner understands (owned) */
  NsPacket    *packet;     /* tx: the frame's bytes (a reference) */
  GVariant    *fields;     /* app: a{sv} of result fields (owned), or NULL */
  const NsTraceTcpVars *tcp_vars;  /* tcp-vars: the record (owned by the trace) */
  guint        tag;        /* app: which scenario action reported it (its index + 1),
                              0 when unknown; not written to the JSON Lines trace */
} NsTraceEvent;

typedef struct _NsTrace NsTrace;

NsTrace            *ns_trace_new (void);
void                ns_trace_free (NsTrace *self);
/* A zeroed event at time @t, to fill in; the pointer is valid until the
 * next append. */
NsTraceEvent       *ns_trace_append (NsTrace *self, NsTraceKind kind, gint64 t);
/* A NS_TRACE_TCP_VARS event at @t whose tcp_vars is a copy of @vars. */
NsTraceEvent       *ns_trace_append_tcp_vars (NsTrace *self, gint64 t, const NsTraceTcpVars *vars);
/* Events appended so far (held or drained). */
guint               ns_trace_len (const NsTrace *self);
/* Event @index; it must be held (ns_trace_first_held <= index < len). */
const NsTraceEvent *ns_trace_get (const NsTrace *self, guint index);

/* Streaming: a long run's recording need not stay in memory. */
typedef void (*NsTraceEventFunc) (const NsTraceEvent *event, guint index, gpointer user_data);
/* Hands every held event to @func in order, then forgets them (their
 * frames, texts and records are freed); indexes keep counting. */
void                ns_trace_drain (NsTrace *self, NsTraceEventFunc func, gpointer user_data);
/* The index of the oldest event still held (0 until the first drain). */
guint               ns_trace_first_held (const NsTrace *self);
const char         *ns_trace_kind_name (NsTraceKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NsTrace, ns_trace_free)

G_END_DECLS
