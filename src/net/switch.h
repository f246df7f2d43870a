/* switch.h: a learning Ethernet switch (IEEE 802.1D transparent bridging,
 * without spanning tree): it learns which port each source address is on,
 * forwards to that port, and floods broadcasts and unknown destinations to
 * every other port. It has no IP. */
#pragma once

#include <glib.h>

#include "sim/link.h"
#include "sim/sim.h"

G_BEGIN_DECLS

typedef struct _NsSwitch NsSwitch;

NsSwitch   *ns_switch_new (NsSim *sim, const char *node_id);
void        ns_switch_free (NsSwitch *self);
guint       ns_switch_add_port (NsSwitch *self, const char *name);
void        ns_switch_attach_link (NsSwitch *self, guint port, NsLink *link, guint end);
/* A blocked port (a redundant link the spanning tree switched off, IEEE
 * 802.1D) neither forwards nor learns: frames arriving there are dropped,
 * nothing is sent there. */
void        ns_switch_set_port_blocked (NsSwitch *self, guint port, gboolean blocked);
gboolean    ns_switch_port_blocked (NsSwitch *self, guint port);
/* The port @mac was learnt on, or -1. */
gint        ns_switch_lookup (NsSwitch *self, const guint8 mac[6]);
guint       ns_switch_n_ports (NsSwitch *self);
guint64     ns_switch_frames_flooded (NsSwitch *self);

/* A hub (a layer-1 repeater): every frame that arrives on a port leaves on
 * every other port, unchanged; it learns nothing and blocks nothing. */
NsSwitch   *ns_hub_new (NsSim *sim, const char *node_id);
gboolean    ns_switch_is_hub (NsSwitch *self);
/* Switched off (@down) or on again: while off every frame that reaches it
 * is lost (`drop` reason `down`); switching on starts with an empty
 * address table, as after a power cycle. */
void        ns_switch_set_down (NsSwitch *self, gboolean down);
gboolean    ns_switch_is_down (NsSwitch *self);
/* The carrier of @port's link went away or came back: the addresses
 * learnt on that port are forgotten (IEEE 802.1D 8.8.12: a port that is
 * disabled has no entries). */
void        ns_switch_port_carrier (NsSwitch *self, guint port, gboolean up);

G_END_DECLS
