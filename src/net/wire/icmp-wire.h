/* icmp-wire.h: ICMP messages (RFC 792): echo request/reply, destination
 * unreachable and time exceeded. */
#pragma once

#include <glib.h>

#include "net/wire/ipv4-wire.h"
#include "net/wire/wire.h"

G_BEGIN_DECLS

/* type, code, checksum and the 4 type-specific bytes. */
#define NS_ICMP_HEADER_LEN 8
/* RFC 792: an error quotes the IP header and the first 64 bits of data. */
#define NS_ICMP_QUOTE_DATA_LEN 8
/* RFC 1812 4.3.2.3: an error quotes as much of the datagram as fits
 * without the ICMP datagram (20-byte IP header, 8-byte ICMP header)
 * exceeding 576 bytes; Linux hosts do the same. */
#define NS_ICMP_ERROR_MAX_DATAGRAM 576
#define NS_ICMP_QUOTE_MAX (NS_ICMP_ERROR_MAX_DATAGRAM - 20 - 8)

#define NS_ICMP_ECHO_REPLY     0
#define NS_ICMP_DEST_UNREACH   3
#define NS_ICMP_ECHO_REQUEST   8
#define NS_ICMP_TIME_EXCEEDED  11

/* Codes of destination unreachable (RFC 792, RFC 1122 §3.2.2.1). */
#define NS_ICMP_UNREACH_NET        0
#define NS_ICMP_UNREACH_HOST       1
#define NS_ICMP_UNREACH_PROTOCOL   2
#define NS_ICMP_UNREACH_PORT       3
#define NS_ICMP_UNREACH_FRAG_NEEDED 4
/* Codes of time exceeded. */
#define NS_ICMP_EXCEEDED_TTL        0
#define NS_ICMP_EXCEEDED_REASSEMBLY 1

typedef struct {
  guint8   type;
  guint8   code;
  guint16  checksum;   /* as received; computed by emit */
  /* Echo request/reply: identifier and sequence number. */
  guint16  echo_id;
  guint16  echo_seq;
  /* The 4 type-specific bytes as one number (for errors: unused, or the
   * next-hop MTU in the low 16 bits for frag-needed, RFC 1191). Emit
   * writes echo_id/echo_seq for echo types and this for the others. */
  guint32  rest;
  /* Echo data, or for errors the quoted datagram (IP header + 8 bytes).
   * Parse points it into the parsed buffer (borrowed). */
  const guint8 *data;
  gsize    data_len;
} NsIcmpHdr;

/* Checks @len >= 8 and the checksum over all @len bytes (the whole ICMP
 * message, RFC 792). data/data_len cover the bytes after the header. */
gboolean  ns_icmp_parse (const guint8 *data, gsize len, NsIcmpHdr *out, GError **error);
/* NS_ICMP_HEADER_LEN + data_len. */
gsize     ns_icmp_buffer_len (const NsIcmpHdr *hdr);
/* Writes ns_icmp_buffer_len() bytes: the header, then hdr->data (copied
 * unless it already sits at out + 8), and the checksum over all of it. */
void      ns_icmp_emit (const NsIcmpHdr *hdr, guint8 *out);
/* How many bytes of an offending datagram an error quotes: as much as
 * fits in a 576-byte ICMP datagram (RFC 1812 4.3.2.3; at least the IP
 * header plus 8 bytes that RFC 792 asks for), bounded by @len. 0 if
 * @offending has no valid IPv4 header length. */
gsize     ns_icmp_quote_len (const guint8 *offending, gsize len);
/* TRUE for destination unreachable and time exceeded (and the other error
 * types of RFC 792: source quench 4, redirect 5, parameter problem 12). */
gboolean  ns_icmp_is_error (guint8 type);
/* For an error message: parses the quoted IP header (length and checksum
 * not required to match, the datagram is cut) and returns in @transport the
 * quoted transport bytes that follow it (at most 8). */
gboolean  ns_icmp_parse_quoted (const NsIcmpHdr *hdr, NsIpv4Hdr *ip_out,
                                const guint8 **transport, gsize *transport_len,
                                GError **error);

G_END_DECLS
