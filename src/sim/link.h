/* link.h: a point-to-point link joining two interfaces (ends 0 and 1).
 *
 * Each direction has its own drop-tail queue and transmitter. A frame starts
 * onto the link when the transmitter is free; it takes len*8/bandwidth to
 * serialise, then delay (+ jitter drawn from the run's generator) to cross.
 * A frame may be lost at random (loss probability) or for certain
 * (drop_nth: 1-based index over both directions); a lost frame still uses
 * the transmitter, and its loss is recorded when it would have arrived. */
#pragma once

#include <glib.h>

#include "packet.h"
#include "sim.h"

G_BEGIN_DECLS

typedef struct _NsLink NsLink;

typedef struct {
  gint64   delay_ns;
  gint64   jitter_ns;
  guint64  bandwidth_bps;   /* 0 means infinitely fast */
  double   loss;            /* 0..1 */
  const guint *drop_nth;    /* copied; 1-based frame indexes, any order */
  guint    n_drop_nth;
  guint    queue_packets;   /* frames waiting behind the one on the wire */
  guint    mtu;             /* largest IP packet; frames carry mtu + 14 */
} NsLinkParams;

void ns_link_params_init_default (NsLinkParams *params);

/* Called when a frame arrives at @end; @packet is given (transfer full). */
typedef void (*NsLinkDeliverFunc) (NsLink *link, guint end, NsPacket *packet, gpointer user_data);

/* @name is the link id used in the trace. */
NsLink      *ns_link_new (NsSim *sim, const char *name, const NsLinkParams *params);
void         ns_link_free (NsLink *self);

/* @end_name is "node:iface", used in the trace. */
void         ns_link_attach (NsLink *self, guint end, const char *end_name,
                             NsLinkDeliverFunc deliver, gpointer user_data);

/* Puts an Ethernet frame (transfer full) on the link from @end. Returns
 * FALSE when the queue was full and the frame was dropped. */
gboolean     ns_link_send (NsLink *self, guint end, NsPacket *frame);

const char  *ns_link_get_name (const NsLink *self);
const char  *ns_link_get_end_name (const NsLink *self, guint end);
const NsLinkParams *ns_link_get_params (const NsLink *self);
guint        ns_link_queue_length (const NsLink *self, guint end);
/* TRUE if a frame sent from @end now would be taken (not dropped). */
gboolean     ns_link_can_accept (const NsLink *self, guint end);
/* The time the transmitter at @end needs to put a frame of @len bytes on
 * the wire. */
gint64       ns_link_serialisation_ns (const NsLink *self, gsize len);

typedef struct {
  guint64 sent, delivered, lost, queue_dropped;
} NsLinkStats;
const NsLinkStats *ns_link_get_stats (const NsLink *self);

/* A cable pulled out (@up FALSE) or plugged back in. While a link is down
 * every frame offered to it is lost (`drop` reason `down`), those waiting
 * in its queues are thrown away and those on the wire never arrive: a cut
 * cable carries nothing. */
void         ns_link_set_up (NsLink *self, gboolean up);
gboolean     ns_link_is_up (const NsLink *self);

G_END_DECLS
