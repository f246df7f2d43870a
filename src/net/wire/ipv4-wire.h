/* ipv4-wire.h: the IPv4 header (RFC 791 §3.1). Options are accepted and skipped
 * on parse and never emitted. */
#pragma once

#include <glib.h>

#include "net/wire/wire.h"

G_BEGIN_DECLS

/* The header without options (IHL 5). */
#define NS_IPV4_HEADER_LEN     20
#define NS_IPV4_MAX_HEADER_LEN 60

typedef struct {
  guint8   header_len;   /* IHL * 4, in bytes (20..60) */
  guint8   dscp;         /* 6 bits (RFC 2474) */
  guint8   ecn;          /* 2 bits (RFC 3168) */
  guint16  total_len;    /* header and payload, in bytes */
  guint16  id;
  gboolean dont_frag;    /* DF */
  gboolean more_frags;   /* MF */
  guint16  frag_offset;  /* in 8-byte units, as on the wire (13 bits) */
  guint8   ttl;
  guint8   proto;        /* NS_IP_PROTO_* of net/stack.h */
  guint16  checksum;     /* as received; computed by emit */
  guint32  src;          /* host byte order */
  guint32  dst;
} NsIpv4Hdr;

/* Checks version 4, IHL >= 5, header_len <= total_len <= @len, and the
 * header checksum (NS_WIRE_ERROR_CHECKSUM when it fails). The payload is
 * data[header_len .. total_len): bytes past total_len (Ethernet padding) are
 * not part of the packet. */
gboolean  ns_ipv4_parse (const guint8 *data, gsize len, NsIpv4Hdr *out, GError **error);
/* The same with NS_WIRE_PARSE_* flags: ALLOW_TRUNCATED accepts total_len >
 * @len (a header quoted in an ICMP error); the header itself must still fit. */
gboolean  ns_ipv4_parse_flags (const guint8 *data, gsize len, NsWireParseFlags flags,
                               NsIpv4Hdr *out, GError **error);
/* Fills @hdr for an unfragmented packet: IHL 5, DSCP/ECN 0, DF clear,
 * total_len = 20 + @payload_len. */
void      ns_ipv4_hdr_init (NsIpv4Hdr *hdr, guint32 src, guint32 dst, guint8 proto, guint8 ttl,
                            guint16 id, gsize payload_len);
/* Writes NS_IPV4_HEADER_LEN bytes (IHL 5 whatever hdr->header_len says),
 * with the header checksum computed. */
void      ns_ipv4_emit (const NsIpv4Hdr *hdr, guint8 *out);
/* Decrements the TTL of the header at @header in place and updates its
 * checksum incrementally (RFC 1624 eqn. 3). Returns the new TTL. The caller
 * checks TTL > 1 first (RFC 1812 §5.3.1). */
guint8    ns_ipv4_decrement_ttl (guint8 *header);

G_END_DECLS
