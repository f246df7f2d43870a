/* icmp-wire.c: ICMP messages, RFC 792. */
#include "net/wire/icmp-wire.h"

#include <string.h>

#include "net/wire/checksum.h"

static gboolean
is_echo (guint8 type)
{
  return type == NS_ICMP_ECHO_REQUEST || type == NS_ICMP_ECHO_REPLY;
}

gboolean
ns_icmp_is_error (guint8 type)
{
  switch (type)
    {
    case NS_ICMP_DEST_UNREACH:
    case 4:  /* source quench */
    case 5:  /* redirect */
    case NS_ICMP_TIME_EXCEEDED:
    case 12: /* parameter problem */
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
ns_icmp_parse (const guint8 *data, gsize len, NsIcmpHdr *out, GError **error)
{
  if (len < NS_ICMP_HEADER_LEN)
    {
      g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_TRUNCATED,
                   "ICMP message of %" G_GSIZE_FORMAT " bytes is shorter than its %d-byte header",
                   len, NS_ICMP_HEADER_LEN);
      return FALSE;
    }
  /* RFC 792: the checksum covers the whole ICMP message. */
  if (ns_checksum (data, len) != 0)
    {
      g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_CHECKSUM,
                   "ICMP checksum 0x%04x is wrong", ns_wire_get_u16 (data + 2));
      return FALSE;
    }
  out->type = data[0];
  out->code = data[1];
  out->checksum = ns_wire_get_u16 (data + 2);
  out->rest = ns_wire_get_u32 (data + 4);
  out->echo_id = is_echo (out->type) ? ns_wire_get_u16 (data + 4) : 0;
  out->echo_seq = is_echo (out->type) ? ns_wire_get_u16 (data + 6) : 0;
  out->data = data + NS_ICMP_HEADER_LEN;
  out->data_len = len - NS_ICMP_HEADER_LEN;
  return TRUE;
}

gsize
ns_icmp_buffer_len (const NsIcmpHdr *hdr)
{
  return NS_ICMP_HEADER_LEN + hdr->data_len;
}

void
ns_icmp_emit (const NsIcmpHdr *hdr, guint8 *out)
{
  gsize len = ns_icmp_buffer_len (hdr);

  out[0] = hdr->type;
  out[1] = hdr->code;
  ns_wire_put_u16 (out + 2, 0);
  if (is_echo (hdr->type))
    {
      ns_wire_put_u16 (out + 4, hdr->echo_id);
      ns_wire_put_u16 (out + 6, hdr->echo_seq);
    }
  else
    ns_wire_put_u32 (out + 4, hdr->rest);
  if (hdr->data_len > 0 && hdr->data != out + NS_ICMP_HEADER_LEN)
    memmove (out + NS_ICMP_HEADER_LEN, hdr->data, hdr->data_len);
  ns_wire_put_u16 (out + 2, ns_checksum (out, len));
}

gsize
ns_icmp_quote_len (const guint8 *offending, gsize len)
{
  gsize ihl;

  if (len < NS_IPV4_HEADER_LEN || (offending[0] >> 4) != 4)
    return 0;
  ihl = (gsize) (offending[0] & 0x0f) * 4;
  if (ihl < NS_IPV4_HEADER_LEN || ihl > len)
    return 0;
  /* A TCP segment cut short would read as a bad checksum in Wireshark
   * (it verifies a quoted segment's checksum over the bytes it has), so
   * one that does not fit whole gets the RFC 792 minimum: header and the
   * 8 bytes that hold the ports and sequence number. */
  if (len > NS_ICMP_QUOTE_MAX && offending[9] == 6)
    return MIN (len, ihl + NS_ICMP_QUOTE_DATA_LEN);
  return MIN (len, (gsize) NS_ICMP_QUOTE_MAX);
}

gboolean
ns_icmp_parse_quoted (const NsIcmpHdr *hdr, NsIpv4Hdr *ip_out,
                      const guint8 **transport, gsize *transport_len, GError **error)
{
  gsize rest;

  if (!ns_icmp_is_error (hdr->type))
    {
      g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED,
                   "ICMP type %u is not an error and quotes no datagram", hdr->type);
      return FALSE;
    }
  /* The quoted header is the one the original sender emitted: its checksum
   * still holds, but its total length covers bytes the error left out. */
  if (!ns_ipv4_parse_flags (hdr->data, hdr->data_len, NS_WIRE_PARSE_ALLOW_TRUNCATED,
                            ip_out, error))
    {
      g_prefix_error (error, "ICMP error quotes a bad datagram: ");
      return FALSE;
    }
  rest = MIN (hdr->data_len, (gsize) ip_out->total_len) - ip_out->header_len;
  if (transport)
    *transport = hdr->data + ip_out->header_len;
  if (transport_len)
    *transport_len = MIN (rest, NS_ICMP_QUOTE_DATA_LEN);
  return TRUE;
}
