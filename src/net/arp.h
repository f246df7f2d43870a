/* arp.h: ARP for the stack (arp.c): the cache, resolution and
 * the ARP input of one NsStack. Inside src/net/ only. */
#pragma once

#include "net/stack-private.h"

G_BEGIN_DECLS

void     ns_arp_init (NsStack *self);
void     ns_arp_clear (NsStack *self);
void     ns_arp_input (NsStack *self, guint iface, NsPacket *packet);
/* Sends the IPv4 packet (transfer full, starting at the IP header) to
 * @next_hop on @iface, resolving its MAC first if needed. */
void     ns_arp_resolve_and_send (NsStack *self, guint iface, guint32 next_hop, NsPacket *packet);

G_END_DECLS
