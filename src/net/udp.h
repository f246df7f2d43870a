/* udp.h: UDP (RFC 768) on a stack: a port table of sockets with callbacks.
 * A datagram to a port with no socket gets ICMP port unreachable
 * (RFC 1122 4.1.3.1). */
#pragma once

#include <glib.h>

#include "net/stack.h"

G_BEGIN_DECLS

/* The most data one datagram carries over IPv4: 65,535 (RFC 791 total
 * length) less the IPv4 header (20) and the UDP header (8, RFC 768). */
#define NS_UDP_MAX_PAYLOAD 65507u

typedef struct _NsUdpSocket NsUdpSocket;

/* @payload is borrowed: copy what you keep. */
typedef void (*NsUdpRecvFunc) (NsUdpSocket *sock, guint32 src, guint16 src_port,
                               const guint8 *payload, gsize len, gpointer user_data);
/* An ICMP error about a datagram this socket sent (type/code of RFC 792). */
typedef void (*NsUdpErrorFunc) (NsUdpSocket *sock, guint32 from, guint8 type, guint8 code,
                                guint32 orig_dst, guint16 orig_dst_port, gpointer user_data);

/* Registers UDP on @stack (idempotent). */
void          ns_udp_attach (NsStack *stack);

/* @port 0 picks a free ephemeral port (49152..65535, RFC 6335) at random
 * from the run's generator. NULL if the port is taken. */
NsUdpSocket  *ns_udp_bind (NsStack *stack, guint16 port, NsUdpRecvFunc recv, gpointer user_data);
void          ns_udp_socket_set_error_func (NsUdpSocket *sock, NsUdpErrorFunc func);
void          ns_udp_close (NsUdpSocket *sock);
guint16       ns_udp_socket_get_port (NsUdpSocket *sock);
NsStack      *ns_udp_socket_get_stack (NsUdpSocket *sock);
/* Sends a datagram; @ttl 0 is the default. FALSE if there is no route. */
gboolean      ns_udp_sendto (NsUdpSocket *sock, guint32 dst, guint16 dst_port,
                             const guint8 *payload, gsize len, guint8 ttl);

G_END_DECLS
