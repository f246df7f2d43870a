/* icmp.h: ICMP (RFC 792) on a stack: echo for the ping and traceroute apps.
 * (The message codec is net/wire/icmp-wire.h.) */
#pragma once

#include <glib.h>

#include "net/stack.h"

G_BEGIN_DECLS

/* An echo reply to a request sent with this binding's id. @ttl is the
 * reply's TTL as received; @data its payload (borrowed). */
typedef void (*NsEchoReplyFunc) (NsStack *stack, guint32 from, guint16 seq, guint8 ttl,
                                 const guint8 *data, gsize len, gpointer user_data);
/* An ICMP error about an echo request with this id (time exceeded,
 * unreachable): @from is who sent it. */
typedef void (*NsEchoErrorFunc) (NsStack *stack, guint32 from, guint8 type, guint8 code,
                                 guint16 seq, gpointer user_data);

/* Binds an echo identifier; 0 picks a free one. Returns the id. */
guint16   ns_icmp_echo_bind (NsStack *stack, guint16 id, NsEchoReplyFunc reply,
                             NsEchoErrorFunc error, gpointer user_data);
void      ns_icmp_echo_unbind (NsStack *stack, guint16 id);
/* Sends an echo request of @data_len bytes of payload. FALSE if no route. */
gboolean  ns_icmp_echo_send (NsStack *stack, guint32 dst, guint16 id, guint16 seq, guint8 ttl,
                             gsize data_len);

G_END_DECLS
