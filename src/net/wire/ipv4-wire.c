/* ipv4-wire.c: the IPv4 header, RFC 791 §3.1. */
#include "net/wire/ipv4-wire.h"

#include "net/wire/checksum.h"

#define FLAG_DF 0x4000
#define FLAG_MF 0x2000
#define FRAG_OFFSET_MASK 0x1fff

static gboolean
check_lengths (const guint8 *data, gsize len, NsWireParseFlags flags, GError **error)
{
  guint version, ihl, total;

  if (len < NS_IPV4_HEADER_LEN)
    {
      g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_TRUNCATED,
                   "IPv4 packet of %" G_GSIZE_FORMAT " bytes is shorter than the minimum "
                   "header of %d bytes", len, NS_IPV4_HEADER_LEN);
      return FALSE;
    }
  version = data[0] >> 4;
  ihl = data[0] & 0x0f;
  total = ns_wire_get_u16 (data + 2);
  if (version != 4)
    {
      g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED,
                   "IP version %u is not 4", version);
      return FALSE;
    }
  if (ihl < 5)
    {
      g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED,
                   "IPv4 header length %u words is below the minimum of 5", ihl);
      return FALSE;
    }
  if (ihl * 4u > len)
    {
      g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_TRUNCATED,
                   "IPv4 header length %u bytes exceeds the %" G_GSIZE_FORMAT " bytes received",
                   ihl * 4, len);
      return FALSE;
    }
  if (total < ihl * 4)
    {
      g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED,
                   "IPv4 total length %u is less than its header length %u", total, ihl * 4);
      return FALSE;
    }
  if (total > len && !(flags & NS_WIRE_PARSE_ALLOW_TRUNCATED))
    {
      g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_TRUNCATED,
                   "IPv4 total length %u exceeds the %" G_GSIZE_FORMAT " bytes received",
                   total, len);
      return FALSE;
    }
  return TRUE;
}

gboolean
ns_ipv4_parse_flags (const guint8 *data, gsize len, NsWireParseFlags flags,
                     NsIpv4Hdr *out, GError **error)
{
  guint16 frag;
  guint ihl;

  if (!check_lengths (data, len, flags, error))
    return FALSE;
  ihl = data[0] & 0x0f;
  /* RFC 791 §3.1: the checksum covers the header only, options included. */
  if (!(flags & NS_WIRE_PARSE_NO_CHECKSUM) && ns_checksum (data, ihl * 4) != 0)
    {
      g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_CHECKSUM,
                   "IPv4 header checksum 0x%04x is wrong", ns_wire_get_u16 (data + 10));
      return FALSE;
    }
  frag = ns_wire_get_u16 (data + 6);
  out->header_len = (guint8) (ihl * 4);
  out->dscp = data[1] >> 2;
  out->ecn = data[1] & 0x03;
  out->total_len = ns_wire_get_u16 (data + 2);
  out->id = ns_wire_get_u16 (data + 4);
  out->dont_frag = (frag & FLAG_DF) != 0;
  out->more_frags = (frag & FLAG_MF) != 0;
  out->frag_offset = frag & FRAG_OFFSET_MASK;
  out->ttl = data[8];
  out->proto = data[9];
  out->checksum = ns_wire_get_u16 (data + 10);
  out->src = ns_wire_get_u32 (data + 12);
  out->dst = ns_wire_get_u32 (data + 16);
  return TRUE;
}

gboolean
ns_ipv4_parse (const guint8 *data, gsize len, NsIpv4Hdr *out, GError **error)
{
  return ns_ipv4_parse_flags (data, len, NS_WIRE_PARSE_DEFAULT, out, error);
}

void
ns_ipv4_hdr_init (NsIpv4Hdr *hdr, guint32 src, guint32 dst, guint8 proto, guint8 ttl,
                  guint16 id, gsize payload_len)
{
  *hdr = (NsIpv4Hdr) {
    .header_len = NS_IPV4_HEADER_LEN,
    .total_len = (guint16) (NS_IPV4_HEADER_LEN + payload_len),
    .id = id,
    .ttl = ttl,
    .proto = proto,
    .src = src,
    .dst = dst,
  };
}

void
ns_ipv4_emit (const NsIpv4Hdr *hdr, guint8 *out)
{
  guint16 frag = hdr->frag_offset & FRAG_OFFSET_MASK;

  if (hdr->dont_frag)
    frag |= FLAG_DF;
  if (hdr->more_frags)
    frag |= FLAG_MF;
  out[0] = 0x45;
  out[1] = (guint8) ((hdr->dscp << 2) | (hdr->ecn & 0x03));
  ns_wire_put_u16 (out + 2, hdr->total_len);
  ns_wire_put_u16 (out + 4, hdr->id);
  ns_wire_put_u16 (out + 6, frag);
  out[8] = hdr->ttl;
  out[9] = hdr->proto;
  ns_wire_put_u16 (out + 10, 0);
  ns_wire_put_u32 (out + 12, hdr->src);
  ns_wire_put_u32 (out + 16, hdr->dst);
  ns_wire_put_u16 (out + 10, ns_checksum (out, NS_IPV4_HEADER_LEN));
}

guint8
ns_ipv4_decrement_ttl (guint8 *header)
{
  /* RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), m the 16-bit word holding the
   * TTL (TTL in the high byte, protocol in the low one). */
  guint16 old_word = ns_wire_get_u16 (header + 8);
  guint16 new_word;
  guint32 sum;

  header[8]--;
  new_word = ns_wire_get_u16 (header + 8);
  sum = (guint16) ~ns_wire_get_u16 (header + 10);
  sum += (guint16) ~old_word;
  sum += new_word;
  ns_wire_put_u16 (header + 10, ns_checksum_finish (sum));
  return header[8];
}
