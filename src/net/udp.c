/* udp.c: UDP (RFC 768) sockets on a stack. */
#include "net/udp.h"

#include <string.h>

#include "net/stack-private.h"
#include "net/wire/icmp-wire.h"
#include "net/wire/ipv4-wire.h"
#include "net/wire/udp-wire.h"

struct _NsUdpSocket {
  NsStack        *stack;
  guint16         port;
  NsUdpRecvFunc   recv;
  NsUdpErrorFunc  error;
  gpointer        user_data;
};

typedef struct {
  GHashTable *sockets;   /* port -> NsUdpSocket*, NULL until a bind */
} NsUdp;

static NsUdpSocket *
udp_socket_find (NsUdp *udp, guint16 port)
{
  return udp->sockets != NULL ? g_hash_table_lookup (udp->sockets, GUINT_TO_POINTER (port)) : NULL;
}

static void
udp_free (gpointer data)
{
  NsUdp *udp = data;

  g_clear_pointer (&udp->sockets, g_hash_table_unref);
  g_free (udp);
}

static NsUdp *
udp_get (NsStack *stack)
{
  return ns_stack_get_slot (stack, NS_STACK_SLOT_UDP);
}

static void
udp_input (NsStack *stack, const NsIpInfo *ip, NsPacket *payload, gpointer user_data)
{
  NsUdp *udp = user_data;
  g_autoptr (GError) error = NULL;
  NsUdpSocket *sock;
  NsUdpHdr hdr;

  if (!ns_udp_parse (payload->data, payload->len, ip->src, ip->dst, &hdr, &error))
    {
      gboolean bad_sum = g_error_matches (error, NS_WIRE_ERROR, NS_WIRE_ERROR_CHECKSUM);

      ns_stack_drop (stack, bad_sum ? "checksum" : "malformed",
                     "UDP datagram thrown away: %s (RFC 768)", error->message);
      return;
    }
  sock = udp_socket_find (udp, hdr.dst_port);
  if (sock == NULL)
    {
      /* RFC 1122 4.1.3.1: no one listens: port unreachable (not for
       * broadcasts). Quote the IP header and the datagram. */
      g_autofree guint8 *orig = g_malloc (ip->header_len + payload->len);
      char src[16];

      memcpy (orig, ip->header, ip->header_len);
      memcpy (orig + ip->header_len, payload->data, payload->len);
      const char *withheld = ip->dst == 0xffffffffu
                             ? "it was sent to a broadcast address (RFC 1122 3.2.2)"
                             : ns_icmp_error_withheld (stack, orig, ip->header_len + payload->len);

      if (withheld == NULL)
        ns_icmp_send_error (stack, NS_ICMP_DEST_UNREACH, NS_ICMP_UNREACH_PORT, orig,
                            ip->header_len + payload->len);
      ns_stack_drop (stack, "no-port", "no program on %s listens on UDP port %u: the datagram "
                     "from %s is thrown away %s%s", ns_stack_get_node_id (stack), hdr.dst_port,
                     ns_ipv4_to_string (ip->src, src),
                     withheld == NULL ? "and the sender told (port unreachable, RFC 1122 4.1.3.1)"
                                      : "and no ICMP error is sent: ",
                     withheld == NULL ? "" : withheld);
      return;
    }
  sock->recv (sock, ip->src, hdr.src_port, payload->data + NS_UDP_HEADER_LEN,
              hdr.length - NS_UDP_HEADER_LEN, sock->user_data);
}

static void
udp_icmp_error (NsStack *stack, guint32 from, guint8 type, guint8 code,
                const guint8 *quoted, gsize quoted_len, gpointer user_data)
{
  NsUdp *udp = user_data;
  NsIpv4Hdr ip;
  NsUdpSocket *sock;

  if (!ns_ipv4_parse_flags (quoted, quoted_len, NS_WIRE_PARSE_ALLOW_TRUNCATED, &ip, NULL)
      || quoted_len < (gsize) ip.header_len + NS_UDP_HEADER_LEN)
    return;
  sock = udp_socket_find (udp, ns_wire_get_u16 (quoted + ip.header_len));
  if (sock != NULL && sock->error != NULL)
    sock->error (sock, from, type, code, ip.dst, ns_wire_get_u16 (quoted + ip.header_len + 2),
                 sock->user_data);
}

void
ns_udp_attach (NsStack *stack)
{
  NsUdp *udp;

  if (udp_get (stack) != NULL)
    return;
  /* The socket table is made by the first bind: an idle host keeps none. */
  udp = g_new0 (NsUdp, 1);
  ns_stack_set_slot (stack, NS_STACK_SLOT_UDP, udp, udp_free);
  ns_stack_register_proto (stack, NS_IP_PROTO_UDP, udp_input, udp);
  ns_stack_register_icmp_error (stack, NS_IP_PROTO_UDP, udp_icmp_error, udp);
}

/* A state sample for the app's view of open ports (not in the JSON Lines
 * trace). */
static void
udp_record_socket (NsStack *stack, guint16 port, gboolean bound)
{
  NsTraceEvent *ev = ns_stack_record (stack, NS_TRACE_SOCKET);

  if (ev == NULL)
    return;
  ev->ok = bound;
  ev->local = ns_endpoint_intern (0, port);
}

NsUdpSocket *
ns_udp_bind (NsStack *stack, guint16 port, NsUdpRecvFunc recv, gpointer user_data)
{
  NsUdp *udp;
  NsUdpSocket *sock;

  ns_udp_attach (stack);
  udp = udp_get (stack);
  port = ns_stack_claim_port (stack, NS_IP_PROTO_UDP, port);
  if (port == 0)
    return NULL;
  sock = g_new0 (NsUdpSocket, 1);
  *sock = (NsUdpSocket) { stack, port, recv, NULL, user_data };
  if (udp->sockets == NULL)
    udp->sockets = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_hash_table_insert (udp->sockets, GUINT_TO_POINTER (port), sock);
  udp_record_socket (stack, port, TRUE);
  return sock;
}

void
ns_udp_socket_set_error_func (NsUdpSocket *sock, NsUdpErrorFunc func)
{
  sock->error = func;
}

void
ns_udp_close (NsUdpSocket *sock)
{
  NsStack *stack;

  if (sock == NULL)
    return;
  stack = sock->stack;
  udp_record_socket (stack, sock->port, FALSE);
  ns_stack_release_port (stack, NS_IP_PROTO_UDP, sock->port);
  g_hash_table_remove (udp_get (stack)->sockets, GUINT_TO_POINTER (sock->port));
}

guint16
ns_udp_socket_get_port (NsUdpSocket *sock)
{
  return sock->port;
}

NsStack *
ns_udp_socket_get_stack (NsUdpSocket *sock)
{
  return sock->stack;
}

gboolean
ns_udp_sendto (NsUdpSocket *sock, guint32 dst, guint16 dst_port,
               const guint8 *payload, gsize len, guint8 ttl)
{
  NsStack *stack = sock->stack;
  guint32 src = ns_stack_source_for (stack, dst);
  NsPacket *packet;

  if (len > 65535 - NS_UDP_HEADER_LEN - NS_IPV4_HEADER_LEN)
    return FALSE;
  packet = ns_packet_new (NS_PACKET_HEADROOM, NS_UDP_HEADER_LEN + len);
  ns_udp_emit (sock->port, dst_port, len, packet->data);
  if (len > 0)
    memcpy (packet->data + NS_UDP_HEADER_LEN, payload, len);
  if (src == 0 && dst == 0xffffffffu && ns_stack_n_ifaces (stack) > 0)
    src = ns_stack_iface_addr (stack, 0);
  ns_udp_fill_checksum (packet->data, packet->len, src, dst);
  return ns_ipv4_output (stack, src, dst, NS_IP_PROTO_UDP, ttl, packet);
}
