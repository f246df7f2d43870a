/* stack.h: the protocol stack of one node (a host or a router).
 *
 * A stack owns its interfaces (each with a MAC address, an optional IPv4
 * address and a link), an ARP cache, a routing table, and the transport
 * protocols registered on it. Hosts and routers run the same code; a router
 * forwards packets that are not addressed to it, a host drops them.
 *
 * Transports (UDP, TCP) register a handler per IP protocol number and keep
 * their own state in a slot of the stack (ns_stack_set_proto_data). Nothing
 * here uses a clock but the simulation's. */
#pragma once

#include <glib.h>

#include "sim/link.h"
#include "sim/packet.h"
#include "sim/sim.h"

G_BEGIN_DECLS

#define NS_IP_PROTO_ICMP 1
#define NS_IP_PROTO_TCP  6
#define NS_IP_PROTO_UDP  17

#define NS_DEFAULT_TTL 64

typedef struct _NsStack NsStack;

typedef enum {
  NS_ROUTE_CONNECTED,  /* the network of an interface */
  NS_ROUTE_STATIC,     /* written in the topology file */
  NS_ROUTE_AUTO,       /* computed from the drawing (routing: auto) */
} NsRouteOrigin;

typedef struct {
  guint32        dest;        /* network address, host byte order */
  guint          prefix_len;
  guint32        via;         /* next hop, 0 for directly connected */
  guint          iface;
  NsRouteOrigin  origin;
} NsRoute;

/* What the IP layer tells a transport about a packet it delivers. */
typedef struct {
  guint32  src;       /* host byte order */
  guint32  dst;
  guint8   ttl;
  guint8   proto;
  guint    iface;     /* interface it came in on */
  const guint8 *header;  /* the IPv4 header (for ICMP errors quoting it) */
  gsize    header_len;
} NsIpInfo;

/* Handles a transport payload; @payload is borrowed (starts at the transport
 * header, trimmed to the IP total length). */
typedef void (*NsIpProtoHandler) (NsStack *stack, const NsIpInfo *ip, NsPacket *payload,
                                  gpointer user_data);

/* An ICMP error (destination unreachable, time exceeded) about a packet this
 * stack sent: @type/@code from RFC 792, @quoted is the original IP header
 * and at least 8 bytes of its payload, @from who sent the error. */
typedef void (*NsIcmpErrorHandler) (NsStack *stack, guint32 from, guint8 type, guint8 code,
                                    const guint8 *quoted, gsize quoted_len, gpointer user_data);

/* Proto-data slots for the modules that keep per-stack state. */
typedef enum {
  NS_STACK_SLOT_UDP,
  NS_STACK_SLOT_TCP,
  NS_STACK_SLOT_DNS,
  NS_STACK_SLOT_ICMP_APPS,
  NS_STACK_SLOT_APPS,
  NS_STACK_N_SLOTS
} NsStackSlot;

NsStack     *ns_stack_new (NsSim *sim, const char *node_id, gboolean forwarding);
void         ns_stack_free (NsStack *self);

NsSim       *ns_stack_get_sim (NsStack *self);
const char  *ns_stack_get_node_id (NsStack *self);   /* interned */
gboolean     ns_stack_is_router (NsStack *self);

/* Returns the interface index. @addr 0 means no address. */
guint        ns_stack_add_iface (NsStack *self, const char *name, const guint8 mac[6],
                                 guint32 addr, guint prefix_len, guint mtu);
void         ns_stack_attach_link (NsStack *self, guint iface, NsLink *link, guint end);
guint        ns_stack_n_ifaces (NsStack *self);
const char  *ns_stack_iface_name (NsStack *self, guint iface);
guint32      ns_stack_iface_addr (NsStack *self, guint iface);
guint        ns_stack_iface_prefix (NsStack *self, guint iface);
guint        ns_stack_iface_mtu (NsStack *self, guint iface);
const guint8 *ns_stack_iface_mac (NsStack *self, guint iface);

/* Adds connected routes for every addressed interface (call after the
 * interfaces are added). */
void         ns_stack_add_connected_routes (NsStack *self);
/* @iface < 0: the interface whose network holds @via. Returns FALSE if no
 * interface reaches @via. A route to an existing (dest, prefix) of lower
 * priority (connected < static < auto is the order of who wins: a static
 * route written by hand replaces an auto one) is replaced. */
gboolean     ns_stack_add_route (NsStack *self, guint32 dest, guint prefix_len, guint32 via,
                                 gint iface, NsRouteOrigin origin);
/* The same as ns_stack_add_route for each of @routes in order (dest,
 * prefix_len, via, iface, origin; iface G_MAXUINT: found from via), in O(n) for
 * the whole table instead of O(n) each: for building a run's tables. */
void         ns_stack_add_routes (NsStack *self, const NsRoute *routes, guint n);
/* Routes computed only when the table is first read or changed: @func is
 * called once, then, and adds them (a large network's run computes tables
 * only for the nodes that route something). */
typedef void (*NsStackRoutesFunc) (NsStack *stack, gpointer user_data);
void         ns_stack_set_more_routes (NsStack *self, NsStackRoutesFunc func, gpointer user_data);
/* Longest-prefix match; NULL if no route. */
const NsRoute *ns_stack_lookup_route (NsStack *self, guint32 dst);
guint        ns_stack_n_routes (NsStack *self);
const NsRoute *ns_stack_get_route (NsStack *self, guint index);

/* TRUE if @addr is one of this stack's addresses or a broadcast for it. */
gboolean     ns_stack_is_local_addr (NsStack *self, guint32 addr);
/* The source address for a packet to @dst (the outgoing interface's), or 0. */
guint32      ns_stack_source_for (NsStack *self, guint32 dst);
/* The MTU of the path's first hop to @dst (1500 if no route). */
guint        ns_stack_mtu_for (NsStack *self, guint32 dst);

void         ns_stack_register_proto (NsStack *self, guint8 proto, NsIpProtoHandler handler,
                                      gpointer user_data);
/* Inside an NsIcmpErrorHandler: the error's 4 type-specific bytes (for
 * "fragmentation needed", the next-hop MTU in the low 16, RFC 1191 4). */
guint32      ns_stack_icmp_error_rest (NsStack *self);
void         ns_stack_register_icmp_error (NsStack *self, guint8 proto, NsIcmpErrorHandler handler,
                                           gpointer user_data);
void ns_stack_set_slot (NsStack *self, NsStackSlot slot, gpointer data, GDestroyNotify destroy);
gpointer     ns_stack_get_slot (NsStack *self, NsStackSlot slot);

/* The stack frees @data with @destroy when it is freed: for apps and
 * services that live as long as the node. */
void         ns_stack_adopt (NsStack *self, gpointer data, GDestroyNotify destroy);

/* Sends a transport payload (transfer full) in an IPv4 packet to @dst.
 * @src 0 picks the outgoing interface's address; @ttl 0 means
 * NS_DEFAULT_TTL. Resolves the next hop with ARP (queueing meanwhile).
 * Returns FALSE when there is no route (the packet is dropped and a `drop`
 * event with reason no-route is recorded). */
gboolean     ns_ipv4_output (NsStack *self, guint32 src, guint32 dst, guint8 proto, guint8 ttl,
                             NsPacket *payload);
/* The same with the header's Don't Fragment flag set if @dont_frag. A
 * packet larger than the outgoing interface's MTU is cut into fragments
 * (RFC 791 §2.3) when DF is clear; with DF set it is dropped (reason mtu)
 * and FALSE returned. */
gboolean     ns_ipv4_output_full (NsStack *self, guint32 src, guint32 dst, guint8 proto,
                                  guint8 ttl, gboolean dont_frag, NsPacket *payload);

/* Sends an ICMP error about @offending (an IPv4 packet starting at its
 * header) back to its source, RFC 792 / RFC 1122 3.2.2 rules applied (never
 * about an ICMP error, a broadcast, or a non-first fragment). */
void         ns_icmp_send_error (NsStack *self, guint8 type, guint8 code,
                                 const guint8 *offending, gsize offending_len);

/* Port reservations shared by the transports, one table per protocol.
 * @port 0 picks a free ephemeral port (49152..65535, RFC 6335 §6) drawn from
 * the run's generator. Returns the port claimed, 0 if it is taken or none is
 * free. Connections accepted on a listening port claim nothing. */
guint16      ns_stack_claim_port (NsStack *self, guint8 proto, guint16 port);
void         ns_stack_release_port (NsStack *self, guint8 proto, guint16 port);
gboolean     ns_stack_port_claimed (NsStack *self, guint8 proto, guint16 port);

/* A switched-off node: every frame that reaches it is lost there, and it
 * sends nothing. */
void         ns_stack_set_down (NsStack *self, gboolean down);
gboolean     ns_stack_is_down (NsStack *self);

/* Frames arriving at @iface (transfer full), as if from its link. */
void         ns_stack_input_frame (NsStack *self, guint iface, NsPacket *frame);
/* Frames the stack sends out of @iface go to @func instead of the link
 * (transfer full). Joins a simulated node to a real TAP device. */
typedef void (*NsStackFrameTap) (NsStack *stack, guint iface, NsPacket *frame, gpointer user_data);
void         ns_stack_set_iface_tap (NsStack *self, guint iface, NsStackFrameTap func,
                                     gpointer user_data);

/* IPv4 datagrams whose fragments are being put back together (RFC 791
 * §3.2), for the inspector and tests. */
guint        ns_ipv4_n_reassemblies (NsStack *self);

/* ARP cache, for the inspector and tests. */
gboolean     ns_stack_arp_lookup (NsStack *self, guint iface, guint32 addr, guint8 mac_out[6]);

typedef struct {
  guint64 ip_in, ip_out, ip_forwarded, ip_delivered, ip_dropped, malformed;
  guint64 arp_requests_sent, arp_replies_sent;
  guint64 icmp_in, icmp_out;
} NsStackStats;
const NsStackStats *ns_stack_get_stats (NsStack *self);
/* Counts a malformed packet and records a drop with @reason and @why. */
void         ns_stack_drop (NsStack *self, const char *reason, const char *why_format, ...)
                            G_GNUC_PRINTF (3, 4);

/* Records that a scenario action (or a step of it, like one ping reply)
 * finished: an `app` trace event. @fields is a floating or owned a{sv}
 * GVariant of result fields, or NULL. */
void         ns_stack_report_app (NsStack *self, const char *action, gboolean ok,
                                  GVariant *fields, const char *detail_format, ...)
                                  G_GNUC_PRINTF (5, 6);

/* The same for one step of an action that goes on (a ping reply, a
 * traceroute hop): the action's own result comes later. */
void         ns_stack_report_app_step (NsStack *self, const char *action, gboolean ok,
                                       GVariant *fields, const char *detail_format, ...)
                                       G_GNUC_PRINTF (5, 6);

/* The tag stamped on the app events reported from now on (NsTraceEvent
 * `tag`: which scenario action they belong to, so a console can print the
 * output of its own command). An app reads it when it starts and sets it
 * again around its later reports. Returns the previous tag. */
guint        ns_stack_set_app_tag (NsStack *self, guint tag);
guint        ns_stack_get_app_tag (NsStack *self);

/* Formats a host-order address as dotted quad into @buf (16 bytes). */
const char  *ns_ipv4_to_string (guint32 addr, char buf[16]);
/* Reads a dotted quad, the one IPv4 text parser of the project: exactly
 * four decimal octets, no leading zeros, nothing after. */
gboolean     ns_ipv4_from_string (const char *text, guint32 *addr_out);
/* "a.b.c.d:port", interned. */
const char  *ns_endpoint_intern (guint32 addr, guint16 port);

G_END_DECLS
