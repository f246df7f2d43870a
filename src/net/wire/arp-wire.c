/* arp-wire.c: ARP packets for Ethernet/IPv4 (RFC 826). */
#include "net/wire/arp-wire.h"

#include <string.h>

#define ARP_PTYPE_IPV4 0x0800

gboolean
ns_arp_parse (const guint8 *data, gsize len, NsArpHdr *out, GError **error)
{
  guint16 htype, ptype, op;

  if (len < NS_ARP_HEADER_LEN)
    {
      g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_TRUNCATED,
                   "ARP packet of %" G_GSIZE_FORMAT " bytes is shorter than the %d bytes of "
                   "an Ethernet/IPv4 ARP packet", len, NS_ARP_HEADER_LEN);
      return FALSE;
    }
  htype = ns_wire_get_u16 (data);
  ptype = ns_wire_get_u16 (data + 2);
  if (htype != NS_ARP_HTYPE_ETHERNET || ptype != ARP_PTYPE_IPV4)
    {
      g_set_error (
        error, NS_WIRE_ERROR, NS_WIRE_ERROR_UNSUPPORTED,
        "ARP hardware type %u / protocol type 0x%04x is not Ethernet (1) / IPv4 (0x0800)", htype,
        ptype);
      return FALSE;
    }
  if (data[4] != 6 || data[5] != 4)
    {
      g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED,
                   "ARP address lengths %u/%u are not 6/4 for Ethernet/IPv4", data[4], data[5]);
      return FALSE;
    }
  op = ns_wire_get_u16 (data + 6);
  if (op != NS_ARP_OP_REQUEST && op != NS_ARP_OP_REPLY)
    {
      g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED,
                   "ARP opcode %u is neither request (1) nor reply (2)", op);
      return FALSE;
    }
  out->op = op;
  memcpy (out->sha, data + 8, 6);
  out->spa = ns_wire_get_u32 (data + 14);
  memcpy (out->tha, data + 18, 6);
  out->tpa = ns_wire_get_u32 (data + 24);
  return TRUE;
}

void
ns_arp_emit (const NsArpHdr *hdr, guint8 *out)
{
  ns_wire_put_u16 (out, NS_ARP_HTYPE_ETHERNET);
  ns_wire_put_u16 (out + 2, ARP_PTYPE_IPV4);
  out[4] = 6;
  out[5] = 4;
  ns_wire_put_u16 (out + 6, hdr->op);
  memcpy (out + 8, hdr->sha, 6);
  ns_wire_put_u32 (out + 14, hdr->spa);
  memcpy (out + 18, hdr->tha, 6);
  ns_wire_put_u32 (out + 24, hdr->tpa);
}
