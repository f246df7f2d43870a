/* stack-private.h: the inside of NsStack, shared by stack.c, arp.c,
 * ipv4.c, ipv4-reassembly.c and icmp.c (whose own entry points are in
 * arp.h, ipv4.h and ipv4-reassembly.h). Nothing outside src/net/ includes
 * this. */
#pragma once

#include "net/stack.h"
#include "net/wire/ipv4-wire.h"
#include "sim/trace.h"

G_BEGIN_DECLS

typedef struct {
  NsStack        *stack;      /* the owner, for the link's callback */
  guint           index;
  const char     *name;       /* interned */
  const char     *full_name;  /* interned "node:iface" */
  guint8          mac[6];
  guint32         addr;
  guint           prefix_len;
  guint           mtu;
  NsLink         *link;
  guint           end;
  NsStackFrameTap tap;        /* see ns_stack_set_iface_tap */
  gpointer        tap_data;
} NsIface;

typedef struct {
  guint8             proto;
  NsIpProtoHandler   handler;
  gpointer           data;
  NsIcmpErrorHandler error_handler;
  gpointer           error_data;
} NsProtoEntry;

typedef struct {
  gpointer       data;
  GDestroyNotify destroy;
} NsSlot;

#define NS_STACK_MAX_PROTOS 4

/* Above this many interfaces (routes), the local addresses (the routing
 * table) get a sorted index for binary search; below, a scan is faster
 * and an idle host keeps no index. */
#define NS_STACK_SCAN_IFACES 4
#define NS_STACK_SCAN_ROUTES 8

/* The routes of one prefix length: positions in `routes`, sorted by dest. */
typedef struct {
  guint32 mask;
  guint   start, end;     /* in NsStack.route_index */
} NsRouteLevel;

typedef struct {
  guint32 dest;
  guint   pos;            /* in NsStack.routes */
} NsRouteKey;

struct _NsStack {
  guint32       icmp_error_rest;  /* the 4 type-specific bytes of the ICMP error being
                                   * handed to a transport (RFC 1191 4: the MTU) */
  NsSim        *sim;
  const char   *node_id;
  gboolean      forwarding;
  gboolean      down;
  GPtrArray    *ifaces;      /* of NsIface*, each at a fixed address */
  GArray       *routes;      /* of NsRoute, sorted by prefix_len descending */
  NsStackRoutesFunc more_routes;  /* adds the routes still to come, on first use */
  gpointer      more_routes_data;
  /* Indexes for stacks with many interfaces and routes (a router on a
   * dumbbell of 200 hosts a side): NULL until needed, dropped when the
   * table changes, rebuilt on the next lookup. */
  guint32      *own_addrs;   /* sorted: the interfaces' addresses */
  guint32      *bcast_addrs; /* sorted: their directed broadcasts */
  guint         n_own, n_bcast;
  NsRouteLevel *route_levels; /* one per prefix length, longest first */
  NsRouteKey   *route_index;
  guint         n_route_levels;
  GHashTable   *arp;         /* (iface << 32 | addr) -> NsArpEntry*, NULL when empty */
  /* The transports registered: a handful, so a short array (a table of all
   * 256 protocol numbers would be most of an idle host's memory). */
  NsProtoEntry  protos[NS_STACK_MAX_PROTOS];
  guint         n_protos;
  NsSlot        slots[NS_STACK_N_SLOTS];
  GHashTable   *ports[2];    /* [0] UDP, [1] TCP: port -> port, NULL until one is claimed */
  guint16       next_ip_id;
  NsStackStats  stats;
  GHashTable   *echo;        /* ICMP echo id -> NsEchoBinding* */
  gpointer      reassembly;  /* ipv4-reassembly.c's table, NULL until a fragment */
  /* Datagrams to one of our own addresses, waiting for their internal
   * delivery (ipv4.c): of NsLoopback*, oldest first. */
  GQueue        loopback;
  NsEventId     loopback_event;
  guint         app_tag;     /* stamped on the app events reported (ns_stack_set_app_tag) */
};

/* icmp.c */
void     ns_icmp_input (NsStack *self, const NsIpInfo *ip, NsPacket *payload);
/* ns_icmp_send_error with the 4 type-specific bytes: for frag needed, the
 * next-hop MTU in the low 16 bits (RFC 1191 §4). */
void     ns_icmp_send_error_full (NsStack *self, guint8 type, guint8 code, guint32 rest,
                                  const guint8 *offending, gsize offending_len);
/* NULL when an ICMP error may be sent about @offending; otherwise why not,
 * in words for a `why` ("it is itself an ICMP error message, RFC 1122
 * 3.2.2"), so a drop's explanation says what really happened. */
const char *ns_icmp_error_withheld (NsStack *self, const guint8 *offending, gsize offending_len);

/* stack.c */
/* The entry of @proto, or NULL when nothing is registered for it. */
NsProtoEntry *ns_stack_proto (NsStack *self, guint8 proto);
NsIface *ns_stack_iface (NsStack *self, guint iface);
/* One of the interfaces' own addresses (not a broadcast). */
gboolean ns_stack_is_own_addr (NsStack *self, guint32 addr);
/* Prepends the Ethernet header (and pads) and sends the frame out. */
void ns_stack_send_frame (NsStack *self, guint iface, const guint8 dst_mac[6], guint16 ethertype,
                          NsPacket *packet);
NsTraceEvent *ns_stack_record (NsStack *self, NsTraceKind kind);

G_END_DECLS
