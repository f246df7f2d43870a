/* udp-apps.c: UDP echo and discard services, and the udp-send action. */
#include "net/apps/udp-apps.h"

#include <string.h>

#include "net/udp.h"
#include "net/wire/icmp-wire.h"

/* How long after the last datagram the result waits for echoes and ICMP
 * errors; every error that came back by then is reported. */
#define ECHO_WAIT (1 * NS_NSEC_PER_SEC)
/* 65535 minus the IPv4 and UDP headers. */
#define MAX_UDP_PAYLOAD (65535 - 20 - 8)

static void
echo_recv (NsUdpSocket *sock, guint32 src, guint16 src_port,
           const guint8 *payload, gsize len, gpointer user_data)
{
  /* RFC 862: send back whatever arrives. */
  ns_udp_sendto (sock, src, src_port, payload, len, 0);
}

static void
discard_recv (NsUdpSocket *sock, guint32 src, guint16 src_port,
              const guint8 *payload, gsize len, gpointer user_data)
{
  /* RFC 863: throw it away. */
}

gboolean
ns_udp_echo_start (NsStack *stack, guint16 port)
{
  return ns_udp_bind (stack, port, echo_recv, NULL) != NULL;
}

gboolean
ns_udp_discard_start (NsStack *stack, guint16 port)
{
  return ns_udp_bind (stack, port, discard_recv, NULL) != NULL;
}

/* One kind of ICMP error that came back for the datagrams, from one
 * router or host. */
typedef struct {
  guint8  type, code;
  guint32 from;
  guint   count;
} NsUdpSendError;

#define MAX_ERROR_KINDS 8

typedef struct {
  NsStack         *stack;
  NsUdpSocket     *sock;
  NsUdpSendError   errors[MAX_ERROR_KINDS];
  guint            n_error_kinds, n_errors;
  NsUdpSendParams  params;
  char            *label;
  guint            sent, echoed;
  guint            unsent;   /* ns_udp_sendto refused: no route, too big */
  gboolean         refused;
  NsEventId        timer;
  gint64           started;
  guint            tag;      /* ns_stack_set_app_tag at the start */
} NsUdpSend;

static void
udp_send_free (gpointer data)
{
  NsUdpSend *us = data;

  ns_sim_clear_event (ns_stack_get_sim (us->stack), &us->timer);
  if (us->sock != NULL)
    ns_udp_close (us->sock);
  g_free (us->label);
  g_free (us);
}

static const char *
icmp_error_name (guint8 type, guint8 code)
{
  static const char *const unreach[] = {
    "net unreachable", "host unreachable", "protocol unreachable", "port unreachable",
    "fragmentation needed",
  };

  if (type == NS_ICMP_TIME_EXCEEDED)
    return code == 0 ? "time exceeded (TTL reached 0)" : "time exceeded (reassembly)";
  if (type == NS_ICMP_DEST_UNREACH)
    return code < G_N_ELEMENTS (unreach) ? unreach[code] : "destination unreachable";
  return "ICMP error";
}

/* "; ICMP errors came back: 2 net unreachable from 10.0.0.1, 1 time
 * exceeded (TTL reached 0) from 10.0.1.1": every error the socket got
 * (RFC 1122 4.1.3.3: UDP passes ICMP errors up to the application). */
static char *
errors_text (NsUdpSend *us)
{
  GString *s;

  if (us->n_errors == 0)
    return g_strdup ("");
  s = g_string_new (NULL);
  g_string_append_printf (s, "; %s came back:", us->n_errors == 1 ? "an ICMP error"
                                                                   : "ICMP errors");
  for (guint i = 0; i < us->n_error_kinds; i++)
    {
      char from[16];

      g_string_append_printf (s, "%s %u %s from %s", i > 0 ? "," : "", us->errors[i].count,
                              icmp_error_name (us->errors[i].type, us->errors[i].code),
                              ns_ipv4_to_string (us->errors[i].from, from));
    }
  if (us->n_errors > 0 && us->n_error_kinds == MAX_ERROR_KINDS)
    g_string_append (s, " (and others)");
  return g_string_free (s, FALSE);
}

static void
udp_send_finish (NsSim *sim, gpointer data)
{
  NsUdpSend *us = data;
  guint old_tag;

  g_autofree char *unsent = NULL;
  g_autofree char *errors = errors_text (us);

  us->timer = 0;
  old_tag = ns_stack_set_app_tag (us->stack, us->tag);
  /* Datagrams the stack refused (no route, too big with no way to cut
   * them) never left: say so rather than count them as sent. */
  if (us->unsent > 0)
    unsent = g_strdup_printf (" (%u could not be sent: %s)", us->unsent,
                              us->params.bytes > MAX_UDP_PAYLOAD
                              ? "a UDP datagram over IPv4 carries at most 65507 bytes, "
                                "RFC 768 and RFC 791 §3.1"
                              : "see the drop events");
  /* Port unreachable keeps its own words; any other error is listed
   * after, and "nothing came back" is said only when nothing did. */
  ns_stack_report_app (us->stack, "udp-send", us->sent > 0 && !us->refused && us->n_errors == 0,
                       us->n_errors == 0
                       ? g_variant_new_parsed ("{'sent': <%u>, 'unsent': <%u>, 'echoed': <%u>, "
                                               "'bytes': <%t>}", us->sent, us->unsent, us->echoed,
                                               (guint64) us->sent * us->params.bytes)
                       : g_variant_new_parsed ("{'sent': <%u>, 'unsent': <%u>, 'echoed': <%u>, "
                                               "'bytes': <%t>, 'icmp_errors': <%u>}", us->sent,
                                               us->unsent, us->echoed,
                                               (guint64) us->sent * us->params.bytes,
                                               us->n_errors),
                       "udp-send %s: %u datagram%s of %" G_GSIZE_FORMAT " bytes sent%s, %s%.0u%s%s",
                       us->label, us->sent, us->sent == 1 ? "" : "s", us->params.bytes,
                       unsent != NULL ? unsent : "",
                       us->refused ? "answered with port unreachable: nobody listens there"
                       : us->sent == 0 ? "so nothing could come back"
                       : us->echoed == 0 && us->n_errors == 0
                       ? "nothing came back (UDP does not acknowledge)"
                       : us->echoed == 0 ? "no datagram came back" : "",
                       us->refused ? 0 : us->echoed,
                       !us->refused && us->echoed > 0 ? " echoed back" : "",
                       us->refused ? "" : errors);
  ns_stack_set_app_tag (us->stack, old_tag);
  ns_udp_close (us->sock);
  us->sock = NULL;
}

static void
udp_send_tick (NsSim *sim, gpointer data)
{
  NsUdpSend *us = data;
  g_autofree guint8 *payload = g_malloc0 (MAX (us->params.bytes, 1));

  us->timer = 0;
  /* A readable payload: the datagram's number, then a counting pattern. */
  g_snprintf ((char *) payload, us->params.bytes, "datagram %u ", us->sent + 1);
  for (gsize i = strlen ((char *) payload); i < us->params.bytes; i++)
    payload[i] = (guint8) ('a' + i % 26);
  if (ns_udp_sendto (us->sock, us->params.target, us->params.port, payload, us->params.bytes, 0))
    us->sent++;
  else
    us->unsent++;
  us->timer = ns_sim_schedule (sim, us->sent + us->unsent < us->params.count
                                    ? us->params.interval_ns : ECHO_WAIT,
                               us->sent + us->unsent < us->params.count
                               ? udp_send_tick : udp_send_finish, us);
}

static void
udp_send_recv (NsUdpSocket *sock, guint32 src, guint16 src_port,
               const guint8 *payload, gsize len, gpointer user_data)
{
  NsUdpSend *us = user_data;

  if (src == us->params.target && src_port == us->params.port)
    us->echoed++;
}

static void
udp_send_error (NsUdpSocket *sock, guint32 from, guint8 type, guint8 code,
                guint32 orig_dst, guint16 orig_dst_port, gpointer user_data)
{
  NsUdpSend *us = user_data;
  guint i;

  if (type == NS_ICMP_DEST_UNREACH && code == NS_ICMP_UNREACH_PORT)
    {
      us->refused = TRUE;
      return;
    }
  for (i = 0; i < us->n_error_kinds; i++)
    if (us->errors[i].type == type && us->errors[i].code == code && us->errors[i].from == from)
      break;
  if (i == us->n_error_kinds)
    {
      if (i == MAX_ERROR_KINDS)
        i--;
      else
        us->errors[us->n_error_kinds++] = (NsUdpSendError) { type, code, from, 0 };
    }
  us->errors[i].count++;
  us->n_errors++;
}

void
ns_udp_send_start (NsStack *stack, const NsUdpSendParams *params, const char *label)
{
  NsUdpSend *us = g_new0 (NsUdpSend, 1);

  us->stack = stack;
  us->tag = ns_stack_get_app_tag (stack);
  us->params = *params;
  us->params.count = MAX (params->count, 1);
  us->label = g_strdup (label);
  ns_stack_adopt (stack, us, udp_send_free);
  us->sock = ns_udp_bind (stack, params->from_port, udp_send_recv, us);
  if (us->sock == NULL)
    {
      ns_stack_report_app (stack, "udp-send", FALSE, NULL,
                           "udp-send %s: UDP port %u is already in use on %s", label,
                           params->from_port, ns_stack_get_node_id (stack));
      return;
    }
  ns_udp_socket_set_error_func (us->sock, udp_send_error);
  udp_send_tick (ns_stack_get_sim (stack), us);
}
