/* stack.c: a node's stack: interfaces, routing table, port reservations,
 * Ethernet in and out, and the trace helpers. ARP is in arp.c, IPv4 in
 * ipv4.c, ICMP in icmp.c. */
#include "net/stack-private.h"

#include <stdio.h>
#include <string.h>

#include "net/arp.h"
#include "net/ipv4.h"
#include "net/wire/ethernet.h"
#include "sim/trace.h"

static void
addr_index_clear (NsStack *self)
{
  g_clear_pointer (&self->own_addrs, g_free);
  g_clear_pointer (&self->bcast_addrs, g_free);
  self->n_own = self->n_bcast = 0;
}

static void
route_index_clear (NsStack *self)
{
  g_clear_pointer (&self->route_levels, g_free);
  g_clear_pointer (&self->route_index, g_free);
  self->n_route_levels = 0;
}

NsStack *
ns_stack_new (NsSim *sim, const char *node_id, gboolean forwarding)
{
  NsStack *self = g_new0 (NsStack, 1);

  self->sim = sim;
  self->node_id = g_intern_string (node_id);
  self->forwarding = forwarding;
  self->ifaces = g_ptr_array_new_with_free_func (g_free);
  self->routes = g_array_new (FALSE, TRUE, sizeof (NsRoute));
  /* The port tables and the ARP cache are made on first use: an idle
   * host of a big network keeps none (docs/architecture.md: under 16 KiB a host). */
  self->next_ip_id = 1;
  ns_arp_init (self);
  return self;
}

void
ns_stack_free (NsStack *self)
{
  if (self == NULL)
    return;
  /* Modules first (they may still hold sockets that reference ports). */
  for (guint i = NS_STACK_N_SLOTS; i-- > 0;)
    if (self->slots[i].destroy != NULL && self->slots[i].data != NULL)
      self->slots[i].destroy (self->slots[i].data);
  ns_ipv4_loopback_clear (self);
  ns_arp_clear (self);
  g_clear_pointer (&self->echo, g_hash_table_unref);
  for (guint i = 0; i < G_N_ELEMENTS (self->ports); i++)
    g_clear_pointer (&self->ports[i], g_hash_table_unref);
  g_ptr_array_unref (self->ifaces);
  g_array_unref (self->routes);
  addr_index_clear (self);
  route_index_clear (self);
  g_free (self);
}

NsSim *
ns_stack_get_sim (NsStack *self)
{
  return self->sim;
}

const char *
ns_stack_get_node_id (NsStack *self)
{
  return self->node_id;
}

gboolean
ns_stack_is_router (NsStack *self)
{
  return self->forwarding;
}

NsIface *
ns_stack_iface (NsStack *self, guint iface)
{
  g_return_val_if_fail (iface < self->ifaces->len, NULL);
  return g_ptr_array_index (self->ifaces, iface);
}

guint
ns_stack_add_iface (NsStack *self, const char *name, const guint8 mac[6],
                    guint32 addr, guint prefix_len, guint mtu)
{
  NsIface *iface = g_new0 (NsIface, 1);
  g_autofree char *full = g_strdup_printf ("%s:%s", self->node_id, name);

  iface->stack = self;
  iface->index = self->ifaces->len;
  iface->name = g_intern_string (name);
  iface->full_name = g_intern_string (full);
  memcpy (iface->mac, mac, 6);
  iface->addr = addr;
  iface->prefix_len = MIN (prefix_len, 32);
  iface->mtu = mtu ? mtu : 1500;
  g_ptr_array_add (self->ifaces, iface);
  addr_index_clear (self);
  return iface->index;
}

static void
link_deliver (NsLink *link, guint end, NsPacket *frame, gpointer user_data)
{
  NsIface *iface = user_data;

  /* A link the interface was moved away from delivers nothing. */
  if (iface->link == link && iface->end == end)
    ns_stack_input_frame (iface->stack, iface->index, frame);
  else
    ns_packet_unref (frame);
}

void
ns_stack_attach_link (NsStack *self, guint iface, NsLink *link, guint end)
{
  NsIface *i = ns_stack_iface (self, iface);

  i->link = link;
  i->end = end;
  /* The interface itself is the callback's data: no search for which
   * interface a frame came in on. */
  ns_link_attach (link, end, i->full_name, link_deliver, i);
}

void
ns_stack_set_iface_tap (NsStack *self, guint iface, NsStackFrameTap func, gpointer user_data)
{
  NsIface *i = ns_stack_iface (self, iface);

  i->tap = func;
  i->tap_data = user_data;
}

guint
ns_stack_n_ifaces (NsStack *self)
{
  return self->ifaces->len;
}

const char *
ns_stack_iface_name (NsStack *self, guint iface)
{
  return ns_stack_iface (self, iface)->name;
}

guint32
ns_stack_iface_addr (NsStack *self, guint iface)
{
  return ns_stack_iface (self, iface)->addr;
}

guint
ns_stack_iface_prefix (NsStack *self, guint iface)
{
  return ns_stack_iface (self, iface)->prefix_len;
}

guint
ns_stack_iface_mtu (NsStack *self, guint iface)
{
  return ns_stack_iface (self, iface)->mtu;
}

const guint8 *
ns_stack_iface_mac (NsStack *self, guint iface)
{
  return ns_stack_iface (self, iface)->mac;
}

/* ---- routing table ---- */

static guint32
prefix_mask (guint len)
{
  return len == 0 ? 0 : 0xffffffffu << (32 - len);
}

void
ns_stack_add_connected_routes (NsStack *self)
{
  for (guint i = 0; i < self->ifaces->len; i++)
    {
      NsIface *iface = ns_stack_iface (self, i);

      if (iface->addr != 0)
        ns_stack_add_route (self, iface->addr & prefix_mask (iface->prefix_len),
                            iface->prefix_len, 0, (gint) i, NS_ROUTE_CONNECTED);
    }
}

static gint
iface_reaching (NsStack *self, guint32 addr)
{
  for (guint i = 0; i < self->ifaces->len; i++)
    {
      NsIface *iface = ns_stack_iface (self, i);
      guint32 mask = prefix_mask (iface->prefix_len);

      if (iface->addr != 0 && (iface->addr & mask) == (addr & mask))
        return (gint) i;
    }
  return -1;
}

/* Which of two routes to the same network wins: a route written by hand
 * beats a computed one (docs/file-format.md), a connected route beats both. */
static int
origin_rank (NsRouteOrigin origin)
{
  switch (origin)
    {
    case NS_ROUTE_CONNECTED: return 3;
    case NS_ROUTE_STATIC: return 2;
    case NS_ROUTE_AUTO: return 1;
    default: return 0;
    }
}

void
ns_stack_set_more_routes (NsStack *self, NsStackRoutesFunc func, gpointer user_data)
{
  self->more_routes = func;
  self->more_routes_data = user_data;
}

/* The table as it would be had every route been added up front. */
static inline void
complete_routes (NsStack *self)
{
  NsStackRoutesFunc func = self->more_routes;

  if (G_LIKELY (func == NULL))
    return;
  self->more_routes = NULL;
  func (self, self->more_routes_data);
}

gboolean
ns_stack_add_route (NsStack *self, guint32 dest, guint prefix_len, guint32 via,
                    gint iface, NsRouteOrigin origin)
{
  NsRoute route;
  guint pos;

  complete_routes (self);
  if (iface < 0)
    iface = iface_reaching (self, via);
  if (iface < 0 || (guint) iface >= self->ifaces->len || prefix_len > 32)
    return FALSE;
  route = (NsRoute) { dest & prefix_mask (prefix_len), prefix_len, via, (guint) iface, origin };
  for (pos = 0; pos < self->routes->len; pos++)
    {
      NsRoute *r = &g_array_index (self->routes, NsRoute, pos);

      if (r->dest == route.dest && r->prefix_len == route.prefix_len)
        {
          if (origin_rank (origin) >= origin_rank (r->origin))
            *r = route;
          return TRUE;
        }
    }
  /* Keep the table sorted longest prefix first, then by insertion: the first
   * match is the longest-prefix match (RFC 1812 5.2.4.3). */
  for (pos = 0; pos < self->routes->len; pos++)
    if (g_array_index (self->routes, NsRoute, pos).prefix_len < prefix_len)
      break;
  g_array_insert_val (self->routes, pos, route);
  route_index_clear (self);
  return TRUE;
}

static guint
route_key_hash (gconstpointer p)
{
  const NsRoute *r = p;

  return r->dest * 2654435761u ^ r->prefix_len;
}

static gboolean
route_key_equal (gconstpointer a, gconstpointer b)
{
  const NsRoute *x = a, *y = b;

  return x->dest == y->dest && x->prefix_len == y->prefix_len;
}

void
ns_stack_add_routes (NsStack *self, const NsRoute *routes, guint n)
{
  g_autoptr (GHashTable) known = NULL;
  g_autoptr (GArray) all = NULL;
  guint count[33] = { 0 }, start[33];

  complete_routes (self);
  if (n == 0)
    return;
  /* Small tables: the plain insert is as quick and obviously the same. */
  if (self->routes->len + n <= 16)
    {
      for (guint i = 0; i < n; i++)
        ns_stack_add_route (self, routes[i].dest, routes[i].prefix_len, routes[i].via,
                            routes[i].iface == G_MAXUINT ? -1 : (gint) routes[i].iface,
                            routes[i].origin);
      return;
    }
  /* (dest, prefix_len) -> its route in `all`, which holds the table then
   * the new routes in order; a repeat replaces in place as
   * ns_stack_add_route does. */
  all = g_array_sized_new (FALSE, FALSE, sizeof (NsRoute), self->routes->len + n);
  g_array_append_vals (all, self->routes->data, self->routes->len);
  known = g_hash_table_new (route_key_hash, route_key_equal);
  for (guint i = 0; i < all->len; i++)
    g_hash_table_add (known, &g_array_index (all, NsRoute, i));
  for (guint at = 0; at < n; at++)
    {
      gint iface = routes[at].iface == G_MAXUINT ? iface_reaching (self, routes[at].via)
                                                 : (gint) routes[at].iface;
      NsRoute route;
      NsRoute *old = NULL;

      if (iface < 0 || (guint) iface >= self->ifaces->len || routes[at].prefix_len > 32)
        continue;
      route = (NsRoute) { routes[at].dest & prefix_mask (routes[at].prefix_len),
                          routes[at].prefix_len, routes[at].via, (guint) iface,
                          routes[at].origin };
      if (g_hash_table_lookup_extended (known, &route, (gpointer *) &old, NULL))
        {
          if (origin_rank (route.origin) >= origin_rank (old->origin))
            *old = route;
          continue;
        }
      /* `all` was sized for every route: appending never moves it, so the
       * keys (pointers into it) stay valid. */
      g_array_append_val (all, route);
      g_hash_table_add (known, &g_array_index (all, NsRoute, all->len - 1));
    }
  /* Longest prefix first, then in insertion order (a stable counting sort):
   * the order repeated inserts give. */
  for (guint i = 0; i < all->len; i++)
    count[g_array_index (all, NsRoute, i).prefix_len]++;
  for (gint len = 32, at = 0; len >= 0; len--)
    {
      start[len] = (guint) at;
      at += (gint) count[len];
    }
  g_array_set_size (self->routes, all->len);
  for (guint i = 0; i < all->len; i++)
    {
      const NsRoute *r = &g_array_index (all, NsRoute, i);

      g_array_index (self->routes, NsRoute, start[r->prefix_len]++) = *r;
    }
  route_index_clear (self);
}

static int
compare_route_keys (gconstpointer a, gconstpointer b)
{
  const NsRouteKey *x = a, *y = b;

  return x->dest < y->dest ? -1 : x->dest > y->dest;
}

/* One level per prefix length, longest first (the table's order), each a
 * run of (dest, position) sorted by dest. (dest, prefix_len) is unique in
 * the table (ns_stack_add_route replaces), so a level has at most one
 * match and the first level that matches gives the longest-prefix match,
 * the same route the scan of the sorted table finds. */
static void
route_index_build (NsStack *self)
{
  guint n = self->routes->len;

  self->route_index = g_new (NsRouteKey, n);
  self->route_levels = g_new (NsRouteLevel, 33);
  for (guint i = 0; i < n;)
    {
      guint len = g_array_index (self->routes, NsRoute, i).prefix_len;
      NsRouteLevel *level = &self->route_levels[self->n_route_levels++];

      *level = (NsRouteLevel) { prefix_mask (len), i, i };
      for (; i < n && g_array_index (self->routes, NsRoute, i).prefix_len == len; i++)
        self->route_index[i] = (NsRouteKey) { g_array_index (self->routes, NsRoute, i).dest, i };
      level->end = i;
      qsort (self->route_index + level->start, level->end - level->start, sizeof (NsRouteKey),
             compare_route_keys);
    }
}

static const NsRoute *
lookup_indexed (NsStack *self, guint32 dst)
{
  if (self->route_levels == NULL)
    route_index_build (self);
  for (guint l = 0; l < self->n_route_levels; l++)
    {
      const NsRouteLevel *level = &self->route_levels[l];
      guint32 key = dst & level->mask;
      guint lo = level->start, hi = level->end;

      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;
          guint32 dest = self->route_index[mid].dest;

          if (dest == key)
            return &g_array_index (self->routes, NsRoute, self->route_index[mid].pos);
          if (dest < key)
            lo = mid + 1;
          else
            hi = mid;
        }
    }
  return NULL;
}

const NsRoute *
ns_stack_lookup_route (NsStack *self, guint32 dst)
{
  complete_routes (self);
  if (self->routes->len > NS_STACK_SCAN_ROUTES)
    return lookup_indexed (self, dst);
  for (guint i = 0; i < self->routes->len; i++)
    {
      const NsRoute *r = &g_array_index (self->routes, NsRoute, i);

      if ((dst & prefix_mask (r->prefix_len)) == r->dest)
        return r;
    }
  return NULL;
}

guint
ns_stack_n_routes (NsStack *self)
{
  complete_routes (self);
  return self->routes->len;
}

const NsRoute *
ns_stack_get_route (NsStack *self, guint index)
{
  complete_routes (self);
  g_return_val_if_fail (index < self->routes->len, NULL);
  return &g_array_index (self->routes, NsRoute, index);
}

/* The directed broadcast of the interface's network (RFC 919), or 0 when
 * it has none (no address, or a /31 or /32: RFC 3021). */
static guint32
iface_broadcast (const NsIface *iface)
{
  guint32 mask = prefix_mask (iface->prefix_len);

  if (iface->addr == 0 || iface->prefix_len >= 31)
    return 0;
  return (iface->addr & mask) | ~mask;
}

static int
compare_addrs (gconstpointer a, gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

static void
addr_index_build (NsStack *self)
{
  self->own_addrs = g_new (guint32, self->ifaces->len);
  self->bcast_addrs = g_new (guint32, self->ifaces->len);
  for (guint i = 0; i < self->ifaces->len; i++)
    {
      const NsIface *iface = g_ptr_array_index (self->ifaces, i);

      if (iface->addr != 0)
        self->own_addrs[self->n_own++] = iface->addr;
      if (iface_broadcast (iface) != 0)
        self->bcast_addrs[self->n_bcast++] = iface_broadcast (iface);
    }
  qsort (self->own_addrs, self->n_own, sizeof (guint32), compare_addrs);
  qsort (self->bcast_addrs, self->n_bcast, sizeof (guint32), compare_addrs);
}

static gboolean
addr_in (const guint32 *sorted, guint n, guint32 addr)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (sorted[mid] == addr)
        return TRUE;
      if (sorted[mid] < addr)
        lo = mid + 1;
      else
        hi = mid;
    }
  return FALSE;
}

/* Looks @addr up among the own addresses and, if @broadcasts, among the
 * directed broadcasts: a scan for a few interfaces, else binary search. */
static gboolean
addr_is_ours (NsStack *self, guint32 addr, gboolean broadcasts)
{
  if (addr == 0)
    return FALSE;
  if (self->ifaces->len > NS_STACK_SCAN_IFACES)
    {
      if (self->own_addrs == NULL)
        addr_index_build (self);
      return addr_in (self->own_addrs, self->n_own, addr)
             || (broadcasts && addr_in (self->bcast_addrs, self->n_bcast, addr));
    }
  for (guint i = 0; i < self->ifaces->len; i++)
    {
      const NsIface *iface = g_ptr_array_index (self->ifaces, i);

      if (addr == iface->addr || (broadcasts && addr == iface_broadcast (iface)))
        return TRUE;
    }
  return FALSE;
}

gboolean
ns_stack_is_local_addr (NsStack *self, guint32 addr)
{
  return addr == 0xffffffffu || addr_is_ours (self, addr, TRUE);
}

gboolean
ns_stack_is_own_addr (NsStack *self, guint32 addr)
{
  return addr_is_ours (self, addr, FALSE);
}

guint32
ns_stack_source_for (NsStack *self, guint32 dst)
{
  const NsRoute *route = ns_stack_lookup_route (self, dst);

  if (route == NULL)
    return 0;
  return ns_stack_iface (self, route->iface)->addr;
}

guint
ns_stack_mtu_for (NsStack *self, guint32 dst)
{
  const NsRoute *route = ns_stack_lookup_route (self, dst);

  return route != NULL ? ns_stack_iface (self, route->iface)->mtu : 1500;
}

/* ---- transports ---- */

NsProtoEntry *
ns_stack_proto (NsStack *self, guint8 proto)
{
  for (guint i = 0; i < self->n_protos; i++)
    if (self->protos[i].proto == proto)
      return &self->protos[i];
  return NULL;
}

static NsProtoEntry *
proto_entry_ensure (NsStack *self, guint8 proto)
{
  NsProtoEntry *entry = ns_stack_proto (self, proto);

  if (entry == NULL)
    {
      g_return_val_if_fail (self->n_protos < NS_STACK_MAX_PROTOS, NULL);
      entry = &self->protos[self->n_protos++];
      *entry = (NsProtoEntry) { .proto = proto };
    }
  return entry;
}

void
ns_stack_register_proto (NsStack *self, guint8 proto, NsIpProtoHandler handler, gpointer user_data)
{
  NsProtoEntry *entry = proto_entry_ensure (self, proto);

  entry->handler = handler;
  entry->data = user_data;
}

guint32
ns_stack_icmp_error_rest (NsStack *self)
{
  return self->icmp_error_rest;
}

void
ns_stack_register_icmp_error (NsStack *self, guint8 proto, NsIcmpErrorHandler handler,
                              gpointer user_data)
{
  NsProtoEntry *entry = proto_entry_ensure (self, proto);

  entry->error_handler = handler;
  entry->error_data = user_data;
}

void
ns_stack_set_slot (NsStack *self, NsStackSlot slot, gpointer data, GDestroyNotify destroy)
{
  g_return_if_fail (slot < NS_STACK_N_SLOTS);
  self->slots[slot] = (NsSlot) { data, destroy };
}

gpointer
ns_stack_get_slot (NsStack *self, NsStackSlot slot)
{
  g_return_val_if_fail (slot < NS_STACK_N_SLOTS, NULL);
  return self->slots[slot].data;
}

typedef struct {
  gpointer       data;
  GDestroyNotify destroy;
} NsAdopted;

static void
adopted_free (gpointer data)
{
  NsAdopted *a = data;

  a->destroy (a->data);
  g_free (a);
}

void
ns_stack_adopt (NsStack *self, gpointer data, GDestroyNotify destroy)
{
  GPtrArray *owned = ns_stack_get_slot (self, NS_STACK_SLOT_APPS);
  NsAdopted *a = g_new (NsAdopted, 1);

  if (owned == NULL)
    {
      owned = g_ptr_array_new_with_free_func (adopted_free);
      ns_stack_set_slot (self, NS_STACK_SLOT_APPS, owned, (GDestroyNotify) g_ptr_array_unref);
    }
  *a = (NsAdopted) { data, destroy };
  g_ptr_array_add (owned, a);
}

/* The port table of @proto, made on first use if @create, else maybe NULL. */
static GHashTable *
port_table (NsStack *self, guint8 proto, gboolean create)
{
  GHashTable **table = &self->ports[proto == NS_IP_PROTO_TCP ? 1 : 0];

  if (*table == NULL && create)
    *table = g_hash_table_new (NULL, NULL);
  return *table;
}

guint16
ns_stack_claim_port (NsStack *self, guint8 proto, guint16 port)
{
  GHashTable *table = port_table (self, proto, TRUE);

  if (port == 0)
    {
      /* RFC 6056 §3.3.1-like: a random start in the dynamic range (RFC
       * 6335 §6), then the next free one. */
      guint32 start = ns_rng_range (ns_sim_rng (self->sim), 49152, 65535);

      for (guint32 i = 0; i < 16384; i++)
        {
          guint16 p = (guint16) (49152 + (start - 49152 + i) % 16384);

          if (!g_hash_table_contains (table, GUINT_TO_POINTER (p)))
            {
              port = p;
              break;
            }
        }
      if (port == 0)
        return 0;
    }
  else if (g_hash_table_contains (table, GUINT_TO_POINTER (port)))
    return 0;
  g_hash_table_add (table, GUINT_TO_POINTER (port));
  return port;
}

void
ns_stack_release_port (NsStack *self, guint8 proto, guint16 port)
{
  GHashTable *table = port_table (self, proto, FALSE);

  if (table != NULL)
    g_hash_table_remove (table, GUINT_TO_POINTER (port));
}

gboolean
ns_stack_port_claimed (NsStack *self, guint8 proto, guint16 port)
{
  GHashTable *table = port_table (self, proto, FALSE);

  return table != NULL && g_hash_table_contains (table, GUINT_TO_POINTER (port));
}

/* ---- Ethernet ---- */

void
ns_stack_send_frame (NsStack *self, guint iface, const guint8 dst_mac[6], guint16 ethertype,
                     NsPacket *packet)
{
  NsIface *i = ns_stack_iface (self, iface);
  NsEthernetHdr eth;
  gsize pad;

  memcpy (eth.dst, dst_mac, 6);
  memcpy (eth.src, i->mac, 6);
  eth.ethertype = ethertype;
  ns_ethernet_emit (&eth, ns_packet_push (packet, NS_ETHERNET_HEADER_LEN));
  /* IEEE 802.3: frames shorter than 60 bytes (without FCS) are padded. */
  pad = ns_ethernet_padding_len (packet->len);
  if (pad > 0)
    {
      NsPacket *padded = ns_packet_new (NS_PACKET_HEADROOM, packet->len + pad);

      memcpy (padded->data, packet->data, packet->len);
      memset (padded->data + packet->len, 0, pad);
      ns_packet_unref (packet);
      packet = padded;
    }
  if (self->down)
    ns_packet_unref (packet);
  else if (i->tap != NULL)
    i->tap (self, iface, packet, i->tap_data);
  else if (i->link != NULL)
    ns_link_send (i->link, i->end, packet);
  else
    ns_packet_unref (packet);
}

void
ns_stack_set_down (NsStack *self, gboolean down)
{
  self->down = down;
}

gboolean
ns_stack_is_down (NsStack *self)
{
  return self->down;
}

void
ns_stack_input_frame (NsStack *self, guint iface, NsPacket *frame)
{
  NsIface *i = ns_stack_iface (self, iface);
  NsEthernetHdr eth;
  g_autoptr (GError) error = NULL;

  if (self->down)
    {
      ns_stack_drop (self, "down", "%s is switched off: the frame reaches a dead interface and "
                     "nothing answers", self->node_id);
      ns_packet_unref (frame);
      return;
    }
  if (!ns_ethernet_parse (frame->data, frame->len, &eth, &error))
    {
      ns_stack_drop (self, "malformed", "%s: frame thrown away: %s", i->full_name, error->message);
      ns_packet_unref (frame);
      return;
    }
  /* The NIC's filter: frames for another station are not ours (a switch
   * floods those it has not learned yet). */
  if (!ns_ethernet_addr_is_multicast (eth.dst) && memcmp (eth.dst, i->mac, 6) != 0)
    {
      ns_packet_unref (frame);
      return;
    }
  /* The stack changes bytes in place (TTL): the trace holds this buffer. */
  frame = ns_packet_make_writable (frame);
  ns_packet_pull (frame, NS_ETHERNET_HEADER_LEN);
  switch (eth.ethertype)
    {
    case NS_ETHERTYPE_ARP:
      ns_arp_input (self, iface, frame);
      break;
    case NS_ETHERTYPE_IPV4:
      ns_ipv4_input (self, iface, frame);
      break;
    default:
      ns_packet_unref (frame);
      break;
    }
}

/* ---- trace ---- */

NsTraceEvent *
ns_stack_record (NsStack *self, NsTraceKind kind)
{
  NsTrace *trace = ns_sim_get_trace (self->sim);
  NsTraceEvent *ev;

  if (trace == NULL)
    return NULL;
  ev = ns_trace_append (trace, kind, ns_sim_now (self->sim));
  ev->node = self->node_id;
  return ev;
}

void
ns_stack_drop (NsStack *self, const char *reason, const char *why_format, ...)
{
  NsTraceEvent *ev;
  va_list args;

  self->stats.ip_dropped++;
  if (g_strcmp0 (reason, "malformed") == 0 || g_strcmp0 (reason, "checksum") == 0)
    self->stats.malformed++;
  if ((ev = ns_stack_record (self, NS_TRACE_DROP)) == NULL)
    return;
  ev->reason = g_intern_string (reason);
  va_start (args, why_format);
  ev->why = g_strdup_vprintf (why_format, args);
  va_end (args);
}

static void
report_app_va (NsStack *self, const char *action, gboolean ok, gboolean partial,
               GVariant *fields, const char *detail_format, va_list args)
{
  NsTraceEvent *ev = ns_stack_record (self, NS_TRACE_APP);

  if (ev == NULL)
    {
      if (fields != NULL)
        g_variant_unref (g_variant_ref_sink (fields));
      return;
    }
  ev->action = g_intern_string (action);
  ev->ok = ok;
  ev->partial = partial;
  ev->tag = self->app_tag;
  ev->fields = fields != NULL ? g_variant_ref_sink (fields) : NULL;
  ev->detail = g_strdup_vprintf (detail_format, args);
}

guint
ns_stack_set_app_tag (NsStack *self, guint tag)
{
  guint old = self->app_tag;

  self->app_tag = tag;
  return old;
}

guint
ns_stack_get_app_tag (NsStack *self)
{
  return self->app_tag;
}

void
ns_stack_report_app (NsStack *self, const char *action, gboolean ok,
                     GVariant *fields, const char *detail_format, ...)
{
  va_list args;

  va_start (args, detail_format);
  report_app_va (self, action, ok, FALSE, fields, detail_format, args);
  va_end (args);
}

void
ns_stack_report_app_step (NsStack *self, const char *action, gboolean ok,
                          GVariant *fields, const char *detail_format, ...)
{
  va_list args;

  va_start (args, detail_format);
  report_app_va (self, action, ok, TRUE, fields, detail_format, args);
  va_end (args);
}

const NsStackStats *
ns_stack_get_stats (NsStack *self)
{
  return &self->stats;
}

/* ---- addresses ---- */

const char *
ns_ipv4_to_string (guint32 addr, char buf[16])
{
  g_snprintf (buf, 16, "%u.%u.%u.%u", addr >> 24, (addr >> 16) & 0xff, (addr >> 8) & 0xff,
              addr & 0xff);
  return buf;
}

gboolean
ns_ipv4_from_string (const char *text, guint32 *addr_out)
{
  guint32 addr = 0;
  const char *p = text;

  if (text == NULL)
    return FALSE;
  for (guint octet = 0; octet < 4; octet++)
    {
      guint value = 0, digits = 0;

      while (g_ascii_isdigit (p[digits]) && digits < 4)
        {
          value = value * 10 + (guint) (p[digits] - '0');
          digits++;
        }
      /* Leading zeros are refused ("010" could mean octal to inet_aton,
       * RFC 6943 §3.1.1), except "0" itself. */
      if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && p[0] == '0'))
        return FALSE;
      p += digits;
      addr = addr << 8 | value;
      if (octet < 3 && *p++ != '.')
        return FALSE;
    }
  if (*p != '\0')
    return FALSE;
  if (addr_out != NULL)
    *addr_out = addr;
  return TRUE;
}

const char *
ns_endpoint_intern (guint32 addr, guint16 port)
{
  char buf[24], ip[16];

  g_snprintf (buf, sizeof buf, "%s:%u", ns_ipv4_to_string (addr, ip), port);
  return g_intern_string (buf);
}
