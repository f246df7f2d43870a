/* ipv4.c: IPv4 (RFC 791) input, local delivery, forwarding and output. */
#include "net/ipv4.h"

#include <string.h>

#include "net/arp.h"
#include "net/ipv4-reassembly.h"
#include "net/tcp.h"
#include "net/wire/ethernet.h"
#include "net/wire/icmp-wire.h"
#include "net/wire/ipv4-wire.h"

static const char *
addr_str (guint32 addr, char buf[16])
{
  return ns_ipv4_to_string (addr, buf);
}

/* Where a packet goes next: back into our own input, or out of @iface to
 * @next_hop. */
typedef struct {
  guint    iface;
  guint32  next_hop;
  gboolean loopback;
} NsHop;

/* RFC 1122 3.3.4.2: a datagram to one of the host's own addresses is
 * delivered internally, never put on a wire. Like Linux's loopback device
 * (netif_rx queues it for a later softirq), delivery is not a call from
 * inside the sender: the sending layer finishes its own work first, so a
 * TCP connection talking to itself (a self-connect, RFC 9293 3.5's
 * simultaneous open) sees its own SYN only after it has sent it. The trip
 * through the stack takes a little time, as on a real host (tens of
 * microseconds for Linux's ping to itself), so a program answering itself
 * for ever still lets the clock move. */
#define NS_LOOPBACK_DELAY_NS (10 * G_GINT64_CONSTANT (1000))

typedef struct {
  guint     iface;
  NsPacket *packet;
} NsLoopback;

static void
loopback_free (gpointer data)
{
  NsLoopback *item = data;

  ns_packet_unref (item->packet);
  g_free (item);
}

void
ns_ipv4_loopback_clear (NsStack *self)
{
  ns_sim_clear_event (self->sim, &self->loopback_event);
  g_queue_clear_full (&self->loopback, loopback_free);
}

static void
on_loopback (NsSim *sim, gpointer data)
{
  NsStack *self = data;
  NsLoopback *item = g_queue_pop_head (&self->loopback);

  self->loopback_event = 0;
  if (!g_queue_is_empty (&self->loopback))
    self->loopback_event = ns_sim_schedule (sim, NS_LOOPBACK_DELAY_NS, on_loopback, self);
  if (self->down)
    ns_stack_drop (self, "down", "%s is switched off: the datagram it sent to itself is lost",
                   self->node_id);
  else
    ns_ipv4_input (self, item->iface, g_steal_pointer (&item->packet));
  g_clear_pointer (&item->packet, ns_packet_unref);
  g_free (item);
}

/* Records the datagram (transfer none, starting at its IP header) as a
 * local delivery: the trace keeps it behind an Ethernet header of zero
 * addresses, the header Linux's loopback device gives what it captures,
 * so the summary, the inspector and a capture read it as any frame. */
static void
record_loopback (NsStack *self, guint iface, const NsPacket *packet)
{
  NsTraceEvent *ev = ns_stack_record (self, NS_TRACE_LOCAL);
  const guint8 *d = packet->data;
  NsPacket *frame;
  char dst[16];

  if (ev == NULL)
    return;
  frame = ns_packet_new (0, NS_ETHERNET_HEADER_LEN + packet->len);
  memset (frame->data, 0, 12);
  frame->data[12] = NS_ETHERTYPE_IPV4 >> 8;
  frame->data[13] = NS_ETHERTYPE_IPV4 & 0xff;
  memcpy (frame->data + NS_ETHERNET_HEADER_LEN, packet->data, packet->len);
  ev->packet = frame;
  ev->iface = ns_stack_iface (self, iface)->full_name;
  ev->why = g_strdup_printf ("%s is %s's own address: the datagram is delivered inside the "
                             "node and never put on a wire (RFC 1122 3.3.4.2)",
                             addr_str ((guint32) d[16] << 24 | (guint32) d[17] << 16
                                       | (guint32) d[18] << 8 | d[19], dst),
                             self->node_id);
}

static void
send_packet (NsStack *self, const NsHop *hop, NsPacket *packet)
{
  if (hop->loopback)
    {
      NsLoopback *item = g_new (NsLoopback, 1);

      record_loopback (self, hop->iface, packet);
      item->iface = hop->iface;
      item->packet = packet;
      g_queue_push_tail (&self->loopback, item);
      if (self->loopback_event == 0)
        self->loopback_event = ns_sim_schedule (self->sim, NS_LOOPBACK_DELAY_NS, on_loopback,
                                                self);
    }
  else
    ns_arp_resolve_and_send (self, hop->iface, hop->next_hop, packet);
}

/* RFC 791 §3.2 "Fragmentation" (and RFC 1122 3.3.3): cuts @data, the
 * payload of the datagram described by @base (which may itself be a
 * fragment: offset and MF are kept), into packets that fit @mtu. Each
 * piece but the last carries a multiple of 8 bytes, since the offset
 * counts in 8-byte units; all share the identification; MF is set on all
 * but the last (and on the last too if @base had it). Options are not
 * copied (this simulator never sends any). FALSE if @mtu cannot hold a
 * header and 8 bytes. */
static gboolean
send_fragments (NsStack *self, const NsHop *hop, const NsIpv4Hdr *base, const guint8 *data,
                gsize len, guint mtu)
{
  gsize max_piece = mtu > NS_IPV4_HEADER_LEN ? ((mtu - NS_IPV4_HEADER_LEN) / 8) * 8 : 0;
  gsize base_off = (gsize) base->frag_offset * 8;

  if (max_piece == 0)
    return FALSE;
  for (gsize pos = 0; pos < len; pos += max_piece)
    {
      gsize n = MIN (max_piece, len - pos);
      NsPacket *piece = ns_packet_new (NS_PACKET_HEADROOM, NS_IPV4_HEADER_LEN + n);
      NsIpv4Hdr hdr = *base;

      hdr.header_len = NS_IPV4_HEADER_LEN;
      hdr.total_len = (guint16) (NS_IPV4_HEADER_LEN + n);
      hdr.dont_frag = FALSE;
      hdr.frag_offset = (guint16) ((base_off + pos) / 8);
      hdr.more_frags = pos + n < len || base->more_frags;
      ns_ipv4_emit (&hdr, piece->data);
      memcpy (piece->data + NS_IPV4_HEADER_LEN, data + pos, n);
      self->stats.ip_out++;
      send_packet (self, hop, piece);
    }
  return TRUE;
}

gboolean
ns_ipv4_output (NsStack *self, guint32 src, guint32 dst, guint8 proto, guint8 ttl,
                NsPacket *payload)
{
  return ns_ipv4_output_full (self, src, dst, proto, ttl, FALSE, payload);
}

gboolean
ns_ipv4_output_full (NsStack *self, guint32 src, guint32 dst, guint8 proto, guint8 ttl,
                     gboolean dont_frag, NsPacket *payload)
{
  const NsRoute *route = ns_stack_lookup_route (self, dst);
  NsIface *iface;
  NsIpv4Hdr hdr;
  NsHop hop;
  char a[16];

  if (route == NULL && dst != 0xffffffffu)
    {
      ns_stack_drop (self, "no-route", "%s has no route to %s: the packet is thrown away "
                     "(RFC 1122 3.3.1.1)", self->node_id, addr_str (dst, a));
      ns_packet_unref (payload);
      return FALSE;
    }
  iface = ns_stack_iface (self, route != NULL ? route->iface : 0);
  /* One of our own addresses, not a broadcast: those go out on the link,
   * where every host of the network, us excepted, gets them. */
  hop = (NsHop) { route != NULL ? route->iface : 0,
                  route != NULL && route->via != 0 ? route->via : dst,
                  ns_stack_is_own_addr (self, dst) };
  ns_ipv4_hdr_init (&hdr, src != 0 ? src : iface->addr, dst, proto,
                    ttl != 0 ? ttl : NS_DEFAULT_TTL, self->next_ip_id++, payload->len);
  hdr.dont_frag = dont_frag;
  if (payload->len + NS_IPV4_HEADER_LEN > iface->mtu)
    {
      gboolean sent = !dont_frag && payload->len + NS_IPV4_HEADER_LEN <= 65535
                      && send_fragments (self, &hop, &hdr, payload->data, payload->len, iface->mtu);

      if (!sent)
        ns_stack_drop (self, "mtu", "a %" G_GSIZE_FORMAT "-byte packet does not fit the MTU of "
                       "%s (%u bytes) and %s (RFC 791 §2.3)", payload->len + NS_IPV4_HEADER_LEN,
                       iface->full_name, iface->mtu,
                       dont_frag ? "its Don't Fragment flag forbids cutting it into fragments"
                       : payload->len + NS_IPV4_HEADER_LEN > 65535
                       ? "is longer than the 65535 bytes an IPv4 datagram can be"
                       : "the MTU is too small to carry a fragment");
      ns_packet_unref (payload);
      return sent;
    }
  ns_ipv4_emit (&hdr, ns_packet_push (payload, NS_IPV4_HEADER_LEN));
  self->stats.ip_out++;
  send_packet (self, &hop, payload);
  return TRUE;
}

static void
deliver_local (NsStack *self, guint iface, const NsIpv4Hdr *hdr, NsPacket *packet)
{
  NsIpInfo info;
  guint8 header[NS_IPV4_MAX_HEADER_LEN];
  NsProtoEntry *entry;
  NsIpv4Hdr whole;

  /* RFC 791 §3.2: a fragment waits for the rest of its datagram; the
   * transport only ever sees whole datagrams. */
  if (hdr->more_frags || hdr->frag_offset != 0)
    {
      packet = ns_ipv4_reassemble (self, hdr, packet, &whole);
      if (packet == NULL)
        return;
      hdr = &whole;
    }
  info = (NsIpInfo) {
    .src = hdr->src, .dst = hdr->dst, .ttl = hdr->ttl, .proto = hdr->proto, .iface = iface,
  };
  entry = ns_stack_proto (self, hdr->proto);

  /* Every host and router speaks TCP (docs/file-format.md), even one with no
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

/* A packet larger than the next link's MTU: cut into fragments (RFC 791
 * §2.3, RFC 1812 5.2.6), unless its Don't Fragment flag is set; then it is
 * dropped and the sender told "fragmentation needed" with the MTU that
 * would pass (RFC 792, RFC 1191 §4: Path MTU Discovery relies on it). */
static void
forward_too_big (NsStack *self, const NsRoute *route, const NsIpv4Hdr *hdr, NsPacket *packet,
                 guint mtu)
{
  NsHop hop = { route->iface, route->via != 0 ? route->via : hdr->dst, FALSE };
  NsIpv4Hdr base = *hdr;
  const char *withheld;
  char src[16], dst[16];

  base.ttl = hdr->ttl - 1;
  if (!hdr->dont_frag
      && send_fragments (self, &hop, &base, packet->data + hdr->header_len,
                         packet->len - hdr->header_len, mtu))
    {
      self->stats.ip_forwarded++;
      ns_packet_unref (packet);
      return;
    }
  withheld = ns_icmp_error_withheld (self, packet->data, packet->len);
  ns_icmp_send_error_full (self, NS_ICMP_DEST_UNREACH, NS_ICMP_UNREACH_FRAG_NEEDED,
                           (guint16) mtu, packet->data, packet->len);
  ns_stack_drop (self, "mtu", "the %u-byte packet from %s to %s does not fit the %u-byte MTU "
                 "of the next link and %s: router %s throws it away %s%s", hdr->total_len,
                 addr_str (hdr->src, src), addr_str (hdr->dst, dst), mtu,
                 hdr->dont_frag ? "its Don't Fragment flag is set" : "cannot be fragmented",
                 self->node_id,
                 withheld == NULL ? "and tells the sender (fragmentation needed, RFC 792; RFC 1191)"
                                  : "and sends no ICMP error: ",
                 withheld == NULL ? "" : withheld);
  ns_packet_unref (packet);
}

/* RFC 1812 5.2: a router decrements the TTL, drops the packet and sends
 * time exceeded when it reaches 0, otherwise looks up the next hop. */
static void
forward (NsStack *self, guint in_iface, const NsIpv4Hdr *hdr, NsPacket *packet)
{
  const NsRoute *route;
  const char *withheld;
  char src[16], dst[16];
  guint mtu;

  if (hdr->ttl <= 1)
    {
      withheld = ns_icmp_error_withheld (self, packet->data, packet->len);
      ns_icmp_send_error (self, NS_ICMP_TIME_EXCEEDED, NS_ICMP_EXCEEDED_TTL, packet->data,
                          packet->len);
      ns_stack_drop (self, "ttl", "TTL of the packet from %s to %s reached 0 at router %s: it is "
                     "thrown away %s%s",
                     addr_str (hdr->src, src), addr_str (hdr->dst, dst), self->node_id,
                     withheld == NULL ? "and the sender told (time exceeded, RFC 792; RFC 1812 "
                                        "5.3.1)"
                                      : "and no ICMP error is sent: ",
                     withheld == NULL ? "" : withheld);
      ns_packet_unref (packet);
      return;
    }
  route = ns_stack_lookup_route (self, hdr->dst);
  if (route == NULL)
    {
      withheld = ns_icmp_error_withheld (self, packet->data, packet->len);
      ns_icmp_send_error (self, NS_ICMP_DEST_UNREACH, NS_ICMP_UNREACH_NET, packet->data,
                          packet->len);
      ns_stack_drop (self, "no-route", "router %s has no route to %s: the packet from %s is "
                     "thrown away %s%s",
                     self->node_id, addr_str (hdr->dst, dst), addr_str (hdr->src, src),
                     withheld == NULL ? "and the sender told (net unreachable, RFC 792)"
                                      : "and no ICMP error is sent: ",
                     withheld == NULL ? "" : withheld);
      ns_packet_unref (packet);
      return;
    }
  mtu = ns_stack_iface (self, route->iface)->mtu;
  if (packet->len > mtu)
    {
      forward_too_big (self, route, hdr, packet, mtu);
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
