/* arp.c: address resolution (RFC 826) with a cache, a queue of packets
 * waiting for each resolution, and a retry limit. */
#include "net/arp.h"

#include <string.h>

#include "net/wire/arp-wire.h"
#include "net/wire/ethernet.h"
#include "net/wire/icmp-wire.h"

/* How long an answer is trusted, how often and how many times a request
 * is sent (RFC 1122 2.3.2.1: at most once a second), and how many bytes of
 * packets wait for one (RFC 1122 2.3.2.2 asks to keep at least the last;
 * Linux keeps unres_qlen_bytes = 212992). */
#define ARP_ENTRY_LIFETIME    (60 * NS_NSEC_PER_SEC)
#define ARP_RETRY_INTERVAL    (1 * NS_NSEC_PER_SEC)
#define ARP_MAX_TRIES         3
#define ARP_MAX_PENDING_BYTES 212992

typedef struct {
  NsStack   *stack;
  guint      iface;
  guint32    addr;
  gboolean   resolved;
  guint8     mac[6];
  gint64     expires;
  guint      tries;
  NsEventId  timer;
  GQueue     pending;   /* of NsPacket*, IPv4 packets */
  gsize      pending_bytes;
  NsEventId  flush_timer;
} NsArpEntry;

static guint64
arp_key (guint iface, guint32 addr)
{
  return (guint64) iface << 32 | addr;
}

static void
arp_entry_free (gpointer data)
{
  NsArpEntry *entry = data;

  ns_sim_clear_event (entry->stack->sim, &entry->timer);
  ns_sim_clear_event (entry->stack->sim, &entry->flush_timer);
  g_queue_clear_full (&entry->pending, (GDestroyNotify) ns_packet_unref);
  g_free (entry);
}

void
ns_arp_init (NsStack *self)
{
  /* The cache is made when the first entry is: an idle host keeps none. */
  self->arp = NULL;
}

void
ns_arp_clear (NsStack *self)
{
  g_clear_pointer (&self->arp, g_hash_table_unref);
}

static NsArpEntry *
arp_find (NsStack *self, guint iface, guint32 addr)
{
  guint64 key = arp_key (iface, addr);

  return self->arp != NULL ? g_hash_table_lookup (self->arp, &key) : NULL;
}

static NsArpEntry *
arp_insert (NsStack *self, guint iface, guint32 addr)
{
  NsArpEntry *entry = g_new0 (NsArpEntry, 1);
  guint64 *key = g_new (guint64, 1);

  *key = arp_key (iface, addr);
  entry->stack = self;
  entry->iface = iface;
  entry->addr = addr;
  g_queue_init (&entry->pending);
  if (self->arp == NULL)
    self->arp = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, arp_entry_free);
  g_hash_table_insert (self->arp, key, entry);
  return entry;
}

gboolean
ns_stack_arp_lookup (NsStack *self, guint iface, guint32 addr, guint8 mac_out[6])
{
  NsArpEntry *entry = arp_find (self, iface, addr);

  if (entry == NULL || !entry->resolved || entry->expires <= ns_sim_now (self->sim))
    return FALSE;
  memcpy (mac_out, entry->mac, 6);
  return TRUE;
}

static void
arp_send (NsStack *self, guint iface, guint16 op, const guint8 dst_mac[6],
          const guint8 tha[6], guint32 tpa)
{
  NsIface *i = ns_stack_iface (self, iface);
  NsPacket *packet = ns_packet_new (NS_PACKET_HEADROOM, NS_ARP_HEADER_LEN);
  NsArpHdr arp = { .op = op, .spa = i->addr, .tpa = tpa };

  memcpy (arp.sha, i->mac, 6);
  memcpy (arp.tha, tha, 6);
  ns_arp_emit (&arp, packet->data);
  if (op == NS_ARP_OP_REQUEST)
    self->stats.arp_requests_sent++;
  else
    self->stats.arp_replies_sent++;
  ns_stack_send_frame (self, iface, dst_mac, NS_ETHERTYPE_ARP, packet);
}

static void arp_retry (NsSim *sim, gpointer data);

static void
arp_request (NsArpEntry *entry)
{
  static const guint8 zero[6] = { 0 };

  entry->tries++;
  arp_send (entry->stack, entry->iface, NS_ARP_OP_REQUEST, ns_ethernet_broadcast, zero,
            entry->addr);
  entry->timer = ns_sim_schedule (entry->stack->sim, ARP_RETRY_INTERVAL, arp_retry, entry);
}

/* Gives up on a resolution: every waiting packet is dropped, and a router
 * tells each packet's source that the host is unreachable (RFC 1812
 * 4.3.3.1 lets it; it is what a learner wants to see). */
static void
arp_give_up (NsArpEntry *entry)
{
  NsStack *self = entry->stack;
  char addr[16];
  NsPacket *packet;
  guint64 key = arp_key (entry->iface, entry->addr);

  ns_ipv4_to_string (entry->addr, addr);
  entry->pending_bytes = 0;
  while ((packet = g_queue_pop_head (&entry->pending)) != NULL)
    {
      ns_stack_drop (self, "no-arp",
                     "nobody answered %u ARP requests for %s on %s: the packet cannot be "
                     "delivered (RFC 826; RFC 1122 2.3.2.2)",
                     entry->tries, addr, ns_stack_iface (self, entry->iface)->full_name);
      if (self->forwarding && !ns_stack_is_local_addr (self, ns_wire_get_u32 (packet->data + 12)))
        ns_icmp_send_error (self, NS_ICMP_DEST_UNREACH, NS_ICMP_UNREACH_HOST, packet->data,
                            packet->len);
      ns_packet_unref (packet);
    }
  g_hash_table_remove (self->arp, &key);
}

static void
arp_retry (NsSim *sim, gpointer data)
{
  NsArpEntry *entry = data;

  entry->timer = 0;
  if (entry->tries >= ARP_MAX_TRIES)
    arp_give_up (entry);
  else
    arp_request (entry);
}

static void arp_flush (NsStack *self, NsArpEntry *entry);

static void
arp_flush_later (NsSim *sim, gpointer data)
{
  NsArpEntry *entry = data;

  entry->flush_timer = 0;
  arp_flush (entry->stack, entry);
}

/* Sends the packets that waited for the answer. They leave as fast as the
 * link takes them, like a device's transmit queue draining, rather than
 * all at once into the link's queue, which would throw most of a burst
 * away. */
static void
arp_flush (NsStack *self, NsArpEntry *entry)
{
  NsIface *i = ns_stack_iface (self, entry->iface);
  NsPacket *packet;

  while ((packet = g_queue_peek_head (&entry->pending)) != NULL)
    {
      if (i->link != NULL && i->tap == NULL && !ns_link_can_accept (i->link, i->end))
        {
          if (entry->flush_timer == 0)
            entry->flush_timer = ns_sim_schedule (
              self->sim, MAX (1, ns_link_serialisation_ns (i->link, packet->len + 14)),
              arp_flush_later, entry);
          return;
        }
      g_queue_pop_head (&entry->pending);
      entry->pending_bytes -= packet->len;
      ns_stack_send_frame (self, entry->iface, entry->mac, NS_ETHERTYPE_IPV4, packet);
    }
}

/* A state sample for the app's views (not in the JSON Lines trace). */
static void
arp_record (NsStack *self, NsArpEntry *entry, gboolean learnt)
{
  NsTraceEvent *ev = ns_stack_record (self, NS_TRACE_ARP);
  char addr[16], mac[18];

  if (ev == NULL)
    return;
  ev->ok = learnt;
  ev->iface = ns_stack_iface (self, entry->iface)->full_name;
  ev->local = g_intern_string (ns_ipv4_to_string (entry->addr, addr));
  ev->remote = g_intern_string (ns_ethernet_addr_to_string (entry->mac, mac));
}

static void
arp_learn (NsStack *self, NsArpEntry *entry, const guint8 mac[6])
{
  gboolean changed = !entry->resolved || memcmp (entry->mac, mac, 6) != 0;

  memcpy (entry->mac, mac, 6);
  entry->resolved = TRUE;
  entry->expires = ns_sim_now (self->sim) + ARP_ENTRY_LIFETIME;
  entry->tries = 0;
  ns_sim_clear_event (self->sim, &entry->timer);
  if (changed)
    arp_record (self, entry, TRUE);
  arp_flush (self, entry);
}

void
ns_arp_input (NsStack *self, guint iface, NsPacket *packet)
{
  NsIface *i = ns_stack_iface (self, iface);
  g_autoptr (GError) error = NULL;
  NsArpEntry *entry;
  NsArpHdr arp;
  gboolean merged = FALSE;

  if (!ns_arp_parse (packet->data, packet->len, &arp, &error))
    {
      ns_stack_drop (self, "malformed", "%s: ARP packet thrown away: %s", i->full_name,
                     error->message);
      ns_packet_unref (packet);
      return;
    }
  ns_packet_unref (packet);
  /* RFC 826, "Packet Reception": update the sender's entry if we have one
   * (merge_flag), then, if we are the target, add it and answer requests. */
  entry = arp_find (self, iface, arp.spa);
  if (entry != NULL && arp.spa != 0)
    {
      arp_learn (self, entry, arp.sha);
      merged = TRUE;
    }
  if (i->addr == 0 || arp.tpa != i->addr)
    return;
  if (!merged && arp.spa != 0)
    arp_learn (self, arp_insert (self, iface, arp.spa), arp.sha);
  if (arp.op == NS_ARP_OP_REQUEST)
    arp_send (self, iface, NS_ARP_OP_REPLY, arp.sha, arp.sha, arp.spa);
}

void
ns_arp_resolve_and_send (NsStack *self, guint iface, guint32 next_hop, NsPacket *packet)
{
  NsIface *i = ns_stack_iface (self, iface);
  guint32 mask = i->prefix_len == 0 ? 0 : 0xffffffffu << (32 - i->prefix_len);
  NsArpEntry *entry;

  /* Broadcasts need no resolution. */
  if (next_hop == 0xffffffffu || (i->prefix_len < 31 && next_hop == ((i->addr & mask) | ~mask)))
    {
      ns_stack_send_frame (self, iface, ns_ethernet_broadcast, NS_ETHERTYPE_IPV4, packet);
      return;
    }
  entry = arp_find (self, iface, next_hop);
  if (entry != NULL && entry->resolved && !g_queue_is_empty (&entry->pending))
    {
      /* Resolved, but earlier packets still drain: keep the order. */
      entry->pending_bytes += packet->len;
      g_queue_push_tail (&entry->pending, packet);
      return;
    }
  if (entry != NULL && entry->resolved && entry->expires > ns_sim_now (self->sim))
    {
      ns_stack_send_frame (self, iface, entry->mac, NS_ETHERTYPE_IPV4, packet);
      return;
    }
  if (entry == NULL)
    entry = arp_insert (self, iface, next_hop);
  else if (entry->resolved)
    entry->resolved = FALSE;   /* expired: ask again */
  while (entry->pending_bytes + packet->len > ARP_MAX_PENDING_BYTES
         && !g_queue_is_empty (&entry->pending))
    {
      NsPacket *oldest = g_queue_pop_head (&entry->pending);
      char addr[16];

      entry->pending_bytes -= oldest->len;
      ns_stack_drop (self, "no-arp", "too many packets wait for the address of %s to be "
                     "resolved: the oldest is thrown away", ns_ipv4_to_string (next_hop, addr));
      ns_packet_unref (oldest);
    }
  entry->pending_bytes += packet->len;
  g_queue_push_tail (&entry->pending, packet);
  if (entry->timer == 0)
    arp_request (entry);
}
