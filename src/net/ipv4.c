/* ipv4.c: IPv4 (RFC 791) input, local delivery, forwarding and output. */
#include "net/stack-private.h"

#include <string.h>

#include "net/tcp.h"
#include "net/wire/icmp.h"
#include "net/wire/ipv4.h"

static const char *
addr_str (guint32 addr, char buf[16])
{
  return ns_ipv4_to_string (addr, buf);
}

gboolean
ns_ipv4_output (NsStack *self, guint32 src, guint32 dst, guint8 proto, guint8 ttl,
                NsPacket *payload)
{
  const NsRoute *route = ns_stack_lookup_route (self, dst);
  NsIface *iface;
  NsIpv4Hdr hdr;
  char a[16];

  if (route == NULL && dst != 0xffffffffu)
    {
      ns_stack_drop (self, "no-route", "%s has no route to %s: the packet is thrown away "
                     "(RFC 1122 3.3.1.1)", self->node_id, addr_str (dst, a));
      ns_packet_unref (payload);
      return FALSE;
    }
  iface = ns_stack_iface (self, route != NULL ? route->iface : 0);
  if (payload->len + NS_IPV4_HEADER_LEN > iface->mtu)
    {
      /* We do not fragment (RFC 791 §2.3 allows it; transports keep their
       * segments under the MTU: TCP by its MSS). */
      ns_stack_drop (self, "mtu", "a %" G_GSIZE_FORMAT "-byte packet does not fit the MTU of "
                     "%s (%u bytes) and is not fragmented", payload->len + NS_IPV4_HEADER_LEN,
                     iface->full_name, iface->mtu);
      ns_packet_unref (payload);
      return FALSE;
    }
  ns_ipv4_hdr_init (&hdr, src != 0 ? src : iface->addr, dst, proto,
                    ttl != 0 ? ttl : NS_DEFAULT_TTL, self->next_ip_id++, payload->len);
  ns_ipv4_emit (&hdr, ns_packet_push (payload, NS_IPV4_HEADER_LEN));
  self->stats.ip_out++;
  /* One of our own addresses, not a broadcast: those go out on the link,
   * where every host of the network, us excepted, gets them. */
  if (ns_stack_is_own_addr (self, dst))
    {
      /* To ourselves: loop back without touching a link. */
      ns_ipv4_input (self, route != NULL ? route->iface : 0, payload);
      return TRUE;
    }
  ns_arp_resolve_and_send (self, route != NULL ? route->iface : 0,
                           route != NULL && route->via != 0 ? route->via : dst, payload);
  return TRUE;
}

static void
deliver_local (NsStack *self, guint iface, const NsIpv4Hdr *hdr, NsPacket *packet)
{
  NsIpInfo info = {
    .src = hdr->src, .dst = hdr->dst, .ttl = hdr->ttl, .proto = hdr->proto, .iface = iface,
  };
  guint8 header[NS_IPV4_MAX_HEADER_LEN];
  NsProtoEntry *entry = ns_stack_proto (self, hdr->proto);

  /* Every host and router speaks TCP (CONTRACT.md §1), even one with no
   * TCP service yet: TCP is attached on first use, so a segment to a
   * closed port gets a RST (RFC 9293 3.10.7.1), not protocol unreachable. */
  if (entry == NULL && hdr->proto == NS_IP_PROTO_TCP)
    {
      ns_tcp_attach (self);
      entry = ns_stack_proto (self, hdr->proto);
    }
  memcpy (header, packet->data, hdr->header_len);
  info.header = header;
  info.header_len = hdr->header_len;
  self->stats.ip_delivered++;
  if (hdr->more_frags || hdr->frag_offset != 0)
    {
      ns_stack_drop (self, "fragment", "fragments are not reassembled by this simulator");
      ns_packet_unref (packet);
      return;
    }
  if (hdr->proto == NS_IP_PROTO_ICMP)
    {
      ns_packet_pull (packet, hdr->header_len);
      ns_icmp_input (self, &info, packet);
    }
  else if (entry != NULL && entry->handler != NULL)
    {
      /* The handler borrows the payload; we drop it after. */
      ns_packet_pull (packet, hdr->header_len);
      entry->handler (self, &info, packet, entry->data);
    }
  else
    {
      /* RFC 1122 3.2.2.1: protocol unreachable. */
      char a[16];
      ns_icmp_send_error (self, NS_ICMP_DEST_UNREACH, NS_ICMP_UNREACH_PROTOCOL,
                          packet->data, packet->len);
      ns_stack_drop (self, "no-protocol", "%s does not speak IP protocol %u: the packet from %s "
                     "is thrown away", self->node_id, hdr->proto, addr_str (hdr->src, a));
    }
  ns_packet_unref (packet);
}

/* RFC 1812 5.2: a router decrements the TTL, drops the packet and sends
 * time exceeded when it reaches 0, otherwise looks up the next hop. */
static void
forward (NsStack *self, guint in_iface, const NsIpv4Hdr *hdr, NsPacket *packet)
{
  const NsRoute *route;
  char src[16], dst[16];

  if (hdr->ttl <= 1)
    {
      ns_icmp_send_error (self, NS_ICMP_TIME_EXCEEDED, NS_ICMP_EXCEEDED_TTL, packet->data,
                          packet->len);
      ns_stack_drop (self, "ttl", "TTL of the packet from %s to %s reached 0 at router %s: it is "
                     "thrown away and the sender told (time exceeded, RFC 792; RFC 1812 5.3.1)",
                     addr_str (hdr->src, src), addr_str (hdr->dst, dst), self->node_id);
      ns_packet_unref (packet);
      return;
    }
  route = ns_stack_lookup_route (self, hdr->dst);
  if (route == NULL)
    {
      ns_icmp_send_error (self, NS_ICMP_DEST_UNREACH, NS_ICMP_UNREACH_NET, packet->data,
                          packet->len);
      ns_stack_drop (self, "no-route", "router %s has no route to %s: the packet from %s is "
                     "thrown away and the sender told (net unreachable, RFC 792)",
                     self->node_id, addr_str (hdr->dst, dst), addr_str (hdr->src, src));
      ns_packet_unref (packet);
      return;
    }
  if (packet->len > ns_stack_iface (self, route->iface)->mtu)
    {
      ns_icmp_send_error (self, NS_ICMP_DEST_UNREACH, NS_ICMP_UNREACH_FRAG_NEEDED, packet->data,
                          packet->len);
      ns_stack_drop (self, "mtu", "the packet from %s is larger than the MTU of the next link "
                     "and is not fragmented here", addr_str (hdr->src, src));
      ns_packet_unref (packet);
      return;
    }
  ns_ipv4_decrement_ttl (packet->data);
  self->stats.ip_forwarded++;
  ns_arp_resolve_and_send (self, route->iface, route->via != 0 ? route->via : hdr->dst, packet);
}

void
ns_ipv4_input (NsStack *self, guint iface, NsPacket *packet)
{
  g_autoptr (GError) error = NULL;
  NsIpv4Hdr hdr;

  self->stats.ip_in++;
  if (!ns_ipv4_parse (packet->data, packet->len, &hdr, &error))
    {
      gboolean bad_sum = g_error_matches (error, NS_WIRE_ERROR, NS_WIRE_ERROR_CHECKSUM);

      ns_stack_drop (self, bad_sum ? "checksum" : "malformed",
                     "%s: IPv4 packet thrown away: %s (RFC 791 §3.1)",
                     ns_stack_iface (self, iface)->full_name, error->message);
      ns_packet_unref (packet);
      return;
    }
  /* Ethernet may have padded the packet: keep total_len bytes. */
  ns_packet_trim (packet, hdr.total_len);
  if (ns_stack_is_local_addr (self, hdr.dst))
    deliver_local (self, iface, &hdr, packet);
  else if (self->forwarding)
    forward (self, iface, &hdr, packet);
  else
    {
      /* RFC 1122 3.3.4.2: a host silently discards what is not for it. */
      char dst[16];
      ns_stack_drop (self, "not-for-me", "host %s is not %s and does not forward packets",
                     self->node_id, addr_str (hdr.dst, dst));
      ns_packet_unref (packet);
    }
}
