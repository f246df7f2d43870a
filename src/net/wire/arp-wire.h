/* arp-wire.h: ARP packets (RFC 826) for Ethernet hardware and IPv4 protocol
 * addresses only: htype 1, ptype 0x0800, hlen 6, plen 4. */
#pragma once

#include <glib.h>

#include "net/wire/wire.h"

G_BEGIN_DECLS

#define NS_ARP_HEADER_LEN 28

#define NS_ARP_HTYPE_ETHERNET 1
#define NS_ARP_OP_REQUEST     1
#define NS_ARP_OP_REPLY       2

typedef struct {
  guint16  op;       /* NS_ARP_OP_REQUEST or NS_ARP_OP_REPLY */
  guint8   sha[6];   /* sender hardware address */
  guint32  spa;      /* sender protocol address, host byte order */
  guint8   tha[6];   /* target hardware address (zero in a request) */
  guint32  tpa;      /* target protocol address */
} NsArpHdr;

/* Fails (NS_WIRE_ERROR_UNSUPPORTED) on any other hardware/protocol type or
 * address length, (NS_WIRE_ERROR_MALFORMED) on an op other than request or
 * reply, (NS_WIRE_ERROR_TRUNCATED) if @len < NS_ARP_HEADER_LEN. */
gboolean  ns_arp_parse (const guint8 *data, gsize len, NsArpHdr *out, GError **error);
/* Writes NS_ARP_HEADER_LEN bytes. */
void      ns_arp_emit (const NsArpHdr *hdr, guint8 *out);

G_END_DECLS
