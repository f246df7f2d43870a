/* udp-apps.h: the UDP services `udp-echo` (RFC 862) and `udp-discard`
 * (RFC 863), and the `udp-send` action. */
#pragma once

#include "net/stack.h"

G_BEGIN_DECLS

gboolean ns_udp_echo_start (NsStack *stack, guint16 port);
gboolean ns_udp_discard_start (NsStack *stack, guint16 port);

typedef struct {
  guint32  target;
  guint16  port;
  guint16  from_port;    /* 0: ephemeral */
  gsize    bytes;        /* payload of each datagram */
  guint    count;        /* default 1 */
  gint64   interval_ns;
} NsUdpSendParams;

/* Sends the datagrams, then waits 1 s for echoes and reports how many were
 * sent and how many came back (when the target echoes). */
void     ns_udp_send_start (NsStack *stack, const NsUdpSendParams *params, const char *label);

G_END_DECLS
