/* udp-wire.h: the UDP header (RFC 768). (The UDP socket layer is net/udp.h.) */
#pragma once

#include <glib.h>

#include "net/wire/wire.h"

G_BEGIN_DECLS

#define NS_UDP_HEADER_LEN 8

typedef struct {
  guint16  src_port;
  guint16  dst_port;
  guint16  length;     /* header and payload, in bytes */
  guint16  checksum;   /* as received; 0 means none was sent */
} NsUdpHdr;

/* Checks 8 <= length <= @len and, unless the checksum field is 0 (RFC 768:
 * no checksum), the checksum over the pseudo-header of @src/@dst (host byte
 * order) and the @length bytes. The payload is data[8 .. length). */
gboolean  ns_udp_parse (const guint8 *data, gsize len, guint32 src, guint32 dst,
                        NsUdpHdr *out, GError **error);
/* With NS_WIRE_PARSE_* flags (ALLOW_TRUNCATED for the 8 bytes quoted in an
 * ICMP error: no length or checksum check; @src/@dst unused then). */
gboolean  ns_udp_parse_flags (const guint8 *data, gsize len, guint32 src, guint32 dst,
                              NsWireParseFlags flags, NsUdpHdr *out, GError **error);
/* Writes NS_UDP_HEADER_LEN bytes: the ports, length = 8 + @payload_len and
 * checksum 0. Once the payload is in place behind it, call
 * ns_udp_fill_checksum(). */
void      ns_udp_emit (guint16 src_port, guint16 dst_port, gsize payload_len, guint8 *out);
/* The checksum for the datagram at @datagram (header + payload, @len bytes,
 * its checksum field taken as 0), with 0 sent as 0xffff (RFC 768). */
guint16   ns_udp_checksum (guint32 src, guint32 dst, const guint8 *datagram, gsize len);
/* Computes and stores the checksum field of the datagram at @datagram. */
void      ns_udp_fill_checksum (guint8 *datagram, gsize len, guint32 src, guint32 dst);

G_END_DECLS
