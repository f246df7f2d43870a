/* ipv4.h: IPv4 input of one NsStack (ipv4.c). Inside src/net/ only. */
#pragma once

#include "net/stack-private.h"

G_BEGIN_DECLS

void     ns_ipv4_input (NsStack *self, guint iface, NsPacket *packet);
/* Drops the datagrams still waiting for internal delivery. */
void     ns_ipv4_loopback_clear (NsStack *self);

G_END_DECLS
