/* ethernet.h: Ethernet II framing (IEEE 802.3 with an EtherType, RFC 894
 * for IPv4 over it). Frames are handled without the FCS, as captures show
 * them. */
#pragma once

#include <glib.h>

#include "net/wire/wire.h"

G_BEGIN_DECLS

#define NS_ETHERNET_HEADER_LEN    14
/* The 64-byte minimum frame of IEEE 802.3 less the 4-byte FCS. */
#define NS_ETHERNET_MIN_FRAME_LEN 60
#define NS_ETHERNET_ADDR_LEN      6

#define NS_ETHERTYPE_IPV4 0x0800
#define NS_ETHERTYPE_ARP  0x0806

typedef struct {
  guint8   dst[NS_ETHERNET_ADDR_LEN];
  guint8   src[NS_ETHERNET_ADDR_LEN];
  guint16  ethertype;
} NsEthernetHdr;

extern const guint8 ns_ethernet_broadcast[NS_ETHERNET_ADDR_LEN];

/* Fails if @len < NS_ETHERNET_HEADER_LEN, or if the type field is a length
 * (< 0x0600: an 802.3 frame, not Ethernet II). The payload is
 * data + NS_ETHERNET_HEADER_LEN (and may hold trailing padding). */
gboolean     ns_ethernet_parse (const guint8 *data, gsize len, NsEthernetHdr *out, GError **error);
/* Writes NS_ETHERNET_HEADER_LEN bytes. */
void         ns_ethernet_emit (const NsEthernetHdr *hdr, guint8 *out);
/* Zero bytes to append to a frame of @frame_len bytes (header included) to
 * reach the minimum frame length; 0 if it is long enough. */
gsize        ns_ethernet_padding_len (gsize frame_len);

gboolean     ns_ethernet_addr_is_broadcast (const guint8 addr[NS_ETHERNET_ADDR_LEN]);
/* Group bit (I/G, the low bit of the first byte): broadcast or multicast. */
gboolean     ns_ethernet_addr_is_multicast (const guint8 addr[NS_ETHERNET_ADDR_LEN]);
/* "02:00:00:00:00:03" into @buf (18 bytes); returns @buf. */
const char  *ns_ethernet_addr_to_string (const guint8 addr[NS_ETHERNET_ADDR_LEN], char buf[18]);

G_END_DECLS
