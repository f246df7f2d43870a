/* udp-wire.c: the UDP header, RFC 768. */
#include "net/wire/udp-wire.h"

#include "net/wire/checksum.h"

#define IP_PROTO_UDP 17

gboolean
ns_udp_parse_flags (const guint8 *data, gsize len, guint32 src, guint32 dst,
                    NsWireParseFlags flags, NsUdpHdr *out, GError **error)
{
  guint16 length;

  if (len < NS_UDP_HEADER_LEN)
    {
      g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_TRUNCATED,
                   "UDP datagram of %" G_GSIZE_FORMAT " bytes is shorter than its %d-byte header",
                   len, NS_UDP_HEADER_LEN);
      return FALSE;
    }
  length = ns_wire_get_u16 (data + 4);
  if (!(flags & NS_WIRE_PARSE_ALLOW_TRUNCATED))
    {
      if (length < NS_UDP_HEADER_LEN)
        {
          g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED,
                       "UDP length %u is below the header's %d bytes", length, NS_UDP_HEADER_LEN);
          return FALSE;
        }
      if (length > len)
        {
          g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_TRUNCATED,
                       "UDP length %u exceeds the %" G_GSIZE_FORMAT " bytes received", length, len);
          return FALSE;
        }
      /* RFC 768: an all-zero checksum field means the sender computed none. */
      if (!(flags & NS_WIRE_PARSE_NO_CHECKSUM) && ns_wire_get_u16 (data + 6) != 0
          && ns_checksum_pseudo (src, dst, IP_PROTO_UDP, data, length) != 0)
        {
          g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_CHECKSUM,
                       "UDP checksum 0x%04x is wrong", ns_wire_get_u16 (data + 6));
          return FALSE;
        }
    }
  out->src_port = ns_wire_get_u16 (data);
  out->dst_port = ns_wire_get_u16 (data + 2);
  out->length = length;
  out->checksum = ns_wire_get_u16 (data + 6);
  return TRUE;
}

gboolean
ns_udp_parse (const guint8 *data, gsize len, guint32 src, guint32 dst,
              NsUdpHdr *out, GError **error)
{
  return ns_udp_parse_flags (data, len, src, dst, NS_WIRE_PARSE_DEFAULT, out, error);
}

void
ns_udp_emit (guint16 src_port, guint16 dst_port, gsize payload_len, guint8 *out)
{
  ns_wire_put_u16 (out, src_port);
  ns_wire_put_u16 (out + 2, dst_port);
  ns_wire_put_u16 (out + 4, (guint16) (NS_UDP_HEADER_LEN + payload_len));
  ns_wire_put_u16 (out + 6, 0);
}

guint16
ns_udp_checksum (guint32 src, guint32 dst, const guint8 *datagram, gsize len)
{
  guint8 pseudo[12];
  guint32 sum;
  guint16 check;

  /* The pseudo-header of RFC 768, then the datagram with the checksum field
   * skipped (taken as zero). */
  ns_wire_put_u32 (pseudo, src);
  ns_wire_put_u32 (pseudo + 4, dst);
  pseudo[8] = 0;
  pseudo[9] = IP_PROTO_UDP;
  ns_wire_put_u16 (pseudo + 10, (guint16) len);
  sum = ns_checksum_partial (pseudo, sizeof pseudo, 0);
  sum = ns_checksum_partial (datagram, MIN (len, 6), sum);
  if (len > 8)
    sum = ns_checksum_partial (datagram + 8, len - 8, sum);
  check = ns_checksum_finish (sum);
  /* RFC 768: a computed zero is sent as all ones; zero means "none". */
  return check == 0 ? 0xffff : check;
}

void
ns_udp_fill_checksum (guint8 *datagram, gsize len, guint32 src, guint32 dst)
{
  ns_wire_put_u16 (datagram + 6, ns_udp_checksum (src, dst, datagram, len));
}
