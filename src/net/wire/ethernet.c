/* ethernet.c: Ethernet II framing. */
#include "net/wire/ethernet.h"

#include <string.h>

G_DEFINE_QUARK (ns-wire-error-quark, ns_wire_error)

/* IEEE 802.3 §3.2.6: type values from 0x0600 up are EtherTypes; below that
 * the field is an 802.3 length. */
#define ETHERTYPE_MIN 0x0600

const guint8 ns_ethernet_broadcast[NS_ETHERNET_ADDR_LEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

gboolean
ns_ethernet_parse (const guint8 *data, gsize len, NsEthernetHdr *out, GError **error)
{
  guint16 type;

  if (len < NS_ETHERNET_HEADER_LEN)
    {
      g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_TRUNCATED,
                   "Ethernet frame of %" G_GSIZE_FORMAT " bytes is shorter than its %d-byte header",
                   len, NS_ETHERNET_HEADER_LEN);
      return FALSE;
    }
  type = ns_wire_get_u16 (data + 12);
  if (type < ETHERTYPE_MIN)
    {
      g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_UNSUPPORTED,
                   "Ethernet type field 0x%04x is an 802.3 length, not an Ethernet II type",
                   type);
      return FALSE;
    }
  memcpy (out->dst, data, NS_ETHERNET_ADDR_LEN);
  memcpy (out->src, data + 6, NS_ETHERNET_ADDR_LEN);
  out->ethertype = type;
  return TRUE;
}

void
ns_ethernet_emit (const NsEthernetHdr *hdr, guint8 *out)
{
  memcpy (out, hdr->dst, NS_ETHERNET_ADDR_LEN);
  memcpy (out + 6, hdr->src, NS_ETHERNET_ADDR_LEN);
  ns_wire_put_u16 (out + 12, hdr->ethertype);
}

gsize
ns_ethernet_padding_len (gsize frame_len)
{
  return frame_len < NS_ETHERNET_MIN_FRAME_LEN ? NS_ETHERNET_MIN_FRAME_LEN - frame_len : 0;
}

gboolean
ns_ethernet_addr_is_broadcast (const guint8 addr[NS_ETHERNET_ADDR_LEN])
{
  return memcmp (addr, ns_ethernet_broadcast, NS_ETHERNET_ADDR_LEN) == 0;
}

gboolean
ns_ethernet_addr_is_multicast (const guint8 addr[NS_ETHERNET_ADDR_LEN])
{
  return (addr[0] & 0x01) != 0;
}

const char *
ns_ethernet_addr_to_string (const guint8 addr[NS_ETHERNET_ADDR_LEN], char buf[18])
{
  g_snprintf (buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
              addr[0], addr[1], addr[2], addr[3], addr[4], addr[5]);
  return buf;
}
