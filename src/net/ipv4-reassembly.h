/* ipv4-reassembly.h: putting IPv4 fragments back together
 * (ipv4-reassembly.c). Inside src/net/ only. */
#pragma once

#include "net/stack-private.h"
#include "net/wire/ipv4-wire.h"

G_BEGIN_DECLS

/* RFC 1122 3.3.2 recommends 60 s; 30 s keeps a lost fragment's timeout
 * visible in a short run and is still far above any simulated RTT. */
#define NS_IPV4_REASSEMBLY_TIMEOUT (30 * NS_NSEC_PER_SEC)
/* Datagrams reassembled at once per stack; a fragment of one more is
 * dropped (a flood of first fragments cannot eat the memory). */
#define NS_IPV4_MAX_REASSEMBLIES 16
/* Takes a fragment for this stack (transfer full, starting at its IP
 * header, @hdr parsed and the packet trimmed to its total length). Returns
 * the whole datagram once every piece is in (a new packet from its header,
 * parsed into @hdr_out), else NULL. Drops are recorded. */
NsPacket *ns_ipv4_reassemble (NsStack *self, const NsIpv4Hdr *hdr, NsPacket *packet,
                              NsIpv4Hdr *hdr_out);

G_END_DECLS
