/* icmp.c: ICMP (RFC 792): answering echo requests, sending errors, and
 * handing echo replies and errors to the apps and transports. */
#include "net/icmp.h"

#include <string.h>

#include "net/stack-private.h"
#include "net/wire/icmp-wire.h"
#include "net/wire/ipv4-wire.h"

typedef struct {
  NsEchoReplyFunc reply;
  NsEchoErrorFunc error;
  gpointer        data;
} NsEchoBinding;

static void
send_icmp (NsStack *self, guint32 src, guint32 dst, guint8 ttl, const NsIcmpHdr *msg)
{
  gsize len = ns_icmp_buffer_len (msg);
  NsPacket *packet = ns_packet_new (NS_PACKET_HEADROOM, len);

  ns_icmp_emit (msg, packet->data);
  self->stats.icmp_out++;
  ns_ipv4_output (self, src, dst, NS_IP_PROTO_ICMP, ttl, packet);
}

/* TRUE for the limited broadcast 255.255.255.255 and for the directed
 * broadcast (RFC 919) of a network this stack is connected to. */
static gboolean
is_broadcast (NsStack *self, guint32 addr)
{
  if (addr == 0xffffffffu)
    return TRUE;
  for (guint i = 0; i < ns_stack_n_ifaces (self); i++)
    {
      NsIface *iface = ns_stack_iface (self, i);
      guint32 mask = iface->prefix_len == 0 ? 0 : 0xffffffffu << (32 - iface->prefix_len);

      if (iface->addr != 0 && iface->prefix_len < 31 && addr == ((iface->addr & mask) | ~mask))
        return TRUE;
    }
  return FALSE;
}

void
ns_icmp_send_error (NsStack *self, guint8 type, guint8 code,
                    const guint8 *offending, gsize offending_len)
{
  ns_icmp_send_error_full (self, type, code, 0, offending, offending_len);
}

const char *
ns_icmp_error_withheld (NsStack *self, const guint8 *offending, gsize offending_len)
{
  g_autoptr (GError) error = NULL;
  NsIpv4Hdr ip;

  if (!ns_ipv4_parse_flags (offending, offending_len, NS_WIRE_PARSE_ALLOW_TRUNCATED, &ip, &error))
    return "its IP header cannot be read";
  /* RFC 1122 3.2.2: never about an ICMP error, a broadcast or multicast
   * destination, a non-first fragment, or a source that is no host. */
  if (ip.proto == NS_IP_PROTO_ICMP && offending_len > ip.header_len
      && ns_icmp_is_error (offending[ip.header_len]))
    return "it is itself an ICMP error message, and an error is never sent about an error "
           "(RFC 1122 3.2.2)";
  if (ip.frag_offset != 0)
    return "it is a fragment other than the first, and only the first may cause an error "
           "(RFC 1122 3.2.2)";
  if (is_broadcast (self, ip.dst) || (ip.dst >> 28) == 0xe)
    return "it was sent to a broadcast or multicast address (RFC 1122 3.2.2)";
  if (ip.src == 0 || is_broadcast (self, ip.src) || (ip.src >> 28) == 0xe)
    return "its source address is not a single host (RFC 1122 3.2.2)";
  return NULL;
}

void
ns_icmp_send_error_full (NsStack *self, guint8 type, guint8 code, guint32 rest,
                         const guint8 *offending, gsize offending_len)
{
  NsIcmpHdr msg = { .type = type, .code = code, .rest = rest };
  guint32 src, dst;

  if (ns_icmp_error_withheld (self, offending, offending_len) != NULL)
    return;
  dst = ns_wire_get_u32 (offending + 12);   /* the offending datagram's source */
  msg.data = offending;
  msg.data_len = ns_icmp_quote_len (offending, offending_len);
  /* RFC 1812 4.3.2.4: the source is the address of the interface the error
   * leaves by. */
  src = ns_stack_source_for (self, dst);
  send_icmp (self, src, dst, 0, &msg);
}

static void
echo_reply_to (NsStack *self, const NsIpInfo *ip, const NsIcmpHdr *req)
{
  NsIcmpHdr reply = *req;

  /* RFC 792: the reply swaps the addresses, changes the type to 0 and
   * returns the data unchanged. */
  reply.type = NS_ICMP_ECHO_REPLY;
  reply.code = 0;
  /* RFC 1122 3.2.2.6: a request to a broadcast address is answered from
   * one of our own addresses (0: the outgoing interface's). */
  send_icmp (self, ns_stack_is_local_addr (self, ip->dst) && !is_broadcast (self, ip->dst)
                   ? ip->dst : 0,
             ip->src, 0, &reply);
}

static void
dispatch_error (NsStack *self, const NsIpInfo *ip, const NsIcmpHdr *msg)
{
  g_autoptr (GError) error = NULL;
  NsIpv4Hdr quoted;
  const guint8 *transport;
  gsize transport_len;
  NsProtoEntry *entry;

  if (!ns_icmp_parse_quoted (msg, &quoted, &transport, &transport_len, &error))
    return;
  if (quoted.proto == NS_IP_PROTO_ICMP)
    {
      NsEchoBinding *binding;

      /* An error about one of our echo requests (traceroute). */
      if (transport_len < 8 || self->echo == NULL || transport[0] != NS_ICMP_ECHO_REQUEST)
        return;
      binding = g_hash_table_lookup (self->echo,
                                     GUINT_TO_POINTER (ns_wire_get_u16 (transport + 4)));
      if (binding != NULL && binding->error != NULL)
        binding->error (self, ip->src, msg->type, msg->code, ns_wire_get_u16 (transport + 6),
                        binding->data);
      return;
    }
  entry = ns_stack_proto (self, quoted.proto);
  self->icmp_error_rest = msg->rest;
  if (entry != NULL && entry->error_handler != NULL)
    entry->error_handler (self, ip->src, msg->type, msg->code, msg->data, msg->data_len,
                          entry->error_data);
}

void
ns_icmp_input (NsStack *self, const NsIpInfo *ip, NsPacket *payload)
{
  g_autoptr (GError) error = NULL;
  NsIcmpHdr msg;
  NsEchoBinding *binding;

  self->stats.icmp_in++;
  if (!ns_icmp_parse (payload->data, payload->len, &msg, &error))
    {
      gboolean bad_sum = g_error_matches (error, NS_WIRE_ERROR, NS_WIRE_ERROR_CHECKSUM);

      ns_stack_drop (self, bad_sum ? "checksum" : "malformed",
                     "ICMP message thrown away: %s (RFC 792)", error->message);
      return;
    }
  switch (msg.type)
    {
    case NS_ICMP_ECHO_REQUEST:
      echo_reply_to (self, ip, &msg);
      break;
    case NS_ICMP_ECHO_REPLY:
      binding = self->echo ? g_hash_table_lookup (self->echo, GUINT_TO_POINTER (msg.echo_id))
                           : NULL;
      if (binding != NULL && binding->reply != NULL)
        binding->reply (self, ip->src, msg.echo_seq, ip->ttl, msg.data, msg.data_len,
                        binding->data);
      break;
    default:
      if (ns_icmp_is_error (msg.type))
        dispatch_error (self, ip, &msg);
      break;
    }
}

guint16
ns_icmp_echo_bind (NsStack *self, guint16 id, NsEchoReplyFunc reply, NsEchoErrorFunc error,
                   gpointer user_data)
{
  NsEchoBinding *binding;

  if (self->echo == NULL)
    self->echo = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  if (id == 0)
    {
      /* Like ping's process id: any free number, drawn from the run's
       * generator so runs stay reproducible. */
      do
        id = (guint16) ns_rng_range (ns_sim_rng (self->sim), 1, 65535);
      while (g_hash_table_contains (self->echo, GUINT_TO_POINTER (id)));
    }
  else if (g_hash_table_contains (self->echo, GUINT_TO_POINTER (id)))
    return 0;
  binding = g_new0 (NsEchoBinding, 1);
  *binding = (NsEchoBinding) { reply, error, user_data };
  g_hash_table_insert (self->echo, GUINT_TO_POINTER (id), binding);
  return id;
}

void
ns_icmp_echo_unbind (NsStack *self, guint16 id)
{
  if (self->echo != NULL)
    g_hash_table_remove (self->echo, GUINT_TO_POINTER (id));
}

gboolean
ns_icmp_echo_send (NsStack *self, guint32 dst, guint16 id, guint16 seq, guint8 ttl, gsize data_len)
{
  g_autofree guint8 *data = g_malloc (MAX (data_len, 1));
  NsIcmpHdr msg = { .type = NS_ICMP_ECHO_REQUEST, .echo_id = id, .echo_seq = seq };

  /* The pattern of BSD ping's payload: bytes counting up. */
  for (gsize i = 0; i < data_len; i++)
    data[i] = (guint8) i;
  msg.data = data;
  msg.data_len = data_len;
  if (ns_stack_lookup_route (self, dst) == NULL)
    {
      char a[16];
      ns_stack_drop (self, "no-route", "%s has no route to %s: the ping is not sent",
                     self->node_id, ns_ipv4_to_string (dst, a));
      return FALSE;
    }
  send_icmp (self, 0, dst, ttl, &msg);
  return TRUE;
}
