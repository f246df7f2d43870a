/* trace.h: the recording of a run. The engine runs ahead of any display and
 * appends every event here; the command line writes it as JSON Lines
 * (CONTRACT.md §3) and the app plays it back. Strings that name things
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
  NS_TRACE_TCP_VARS,    /* a connection's variables after a change: node, local, remote,
                           fields a{sv}: snd_una, snd_nxt, snd_wnd, rcv_nxt, rcv_wnd, cwnd,
                           ssthresh, srtt_ms, rto_ms, state, ... */
  NS_TRACE_SOCKET,      /* a node's UDP port was bound (ok) or closed (!ok): node,
                           `local` = "0.0.0.0:port" (added by the player) */
} NsTraceKind;

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
} NsTraceEvent;

typedef struct _NsTrace NsTrace;

NsTrace            *ns_trace_new (void);
void                ns_trace_free (NsTrace *self);
/* A zeroed event at time @t, to fill in; the pointer is valid until the
 * next append. */
NsTraceEvent       *ns_trace_append (NsTrace *self, NsTraceKind kind, gint64 t);
guint               ns_trace_len (const NsTrace *self);
const NsTraceEvent *ns_trace_get (const NsTrace *self, guint index);
const char         *ns_trace_kind_name (NsTraceKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NsTrace, ns_trace_free)

G_END_DECLS
