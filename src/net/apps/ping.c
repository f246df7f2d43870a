/* ping.c: the ping action. */
#include "net/apps/ping.h"

#include "net/icmp.h"
#include "net/wire/icmp-wire.h"

typedef struct {
  NsStack      *stack;
  NsPingParams  params;
  char         *label;
  guint16       id;
  guint         sent, received;
  gint64       *sent_at;      /* per seq (1-based) */
  gboolean     *answered;
  NsEventId     timer;
  gboolean      done;
  guint         tag;          /* ns_stack_set_app_tag at the start */
} NsPing;

static void
ping_free (gpointer data)
{
  NsPing *ping = data;

  ns_sim_clear_event (ns_stack_get_sim (ping->stack), &ping->timer);
  g_free (ping->sent_at);
  g_free (ping->answered);
  g_free (ping->label);
  g_free (ping);
}

void
ns_ping_params_init (NsPingParams *params, guint32 target)
{
  *params = (NsPingParams) {
    .target = target,
    .count = 4,
    .interval_ns = NS_NSEC_PER_SEC,
    .data_len = 56,
    .timeout_ns = 5 * NS_NSEC_PER_SEC,   /* longer than ARP takes to give up */
  };
}

static void
ping_finish (NsPing *ping)
{
  char addr[16];
  guint lost = ping->sent - ping->received;
  guint old_tag;

  if (ping->done)
    return;
  ping->done = TRUE;
  ns_icmp_echo_unbind (ping->stack, ping->id);
  old_tag = ns_stack_set_app_tag (ping->stack, ping->tag);
  ns_stack_report_app (ping->stack, "ping", ping->received > 0,
                       g_variant_new_parsed ("{'sent': <%u>, 'received': <%u>}",
                                             ping->sent, ping->received),
                       "ping %s (%s): %u sent, %u received, %u%% lost", ping->label,
                       ns_ipv4_to_string (ping->params.target, addr), ping->sent,
                       ping->received, ping->sent ? lost * 100 / ping->sent : 0);
  ns_stack_set_app_tag (ping->stack, old_tag);
}

static void ping_tick (NsSim *sim, gpointer data);

static void
ping_timeout (NsSim *sim, gpointer data)
{
  NsPing *ping = data;

  ping->timer = 0;
  ping_finish (ping);
}

static void
ping_tick (NsSim *sim, gpointer data)
{
  NsPing *ping = data;
  guint16 seq = (guint16) (ping->sent + 1);

  ping->timer = 0;
  ping->sent_at[seq] = ns_sim_now (sim);
  ping->sent++;
  ns_icmp_echo_send (ping->stack, ping->params.target, ping->id, seq, ping->params.ttl,
                     ping->params.data_len);
  if (ping->sent < ping->params.count)
    ping->timer = ns_sim_schedule (sim, ping->params.interval_ns, ping_tick, ping);
  else
    ping->timer = ns_sim_schedule (sim, ping->params.timeout_ns, ping_timeout, ping);
}

static void
ping_reply (NsStack *stack, guint32 from, guint16 seq, guint8 ttl,
            const guint8 *data, gsize len, gpointer user_data)
{
  NsPing *ping = user_data;
  char addr[16];
  double rtt_ms;
  guint old_tag;

  if (seq == 0 || seq > ping->sent || ping->answered[seq])
    return;
  ping->answered[seq] = TRUE;
  ping->received++;
  rtt_ms = (double) (ns_sim_now (ns_stack_get_sim (stack)) - ping->sent_at[seq]) / 1e6;
  old_tag = ns_stack_set_app_tag (stack, ping->tag);
  ns_stack_report_app_step (stack, "ping", TRUE,
                            g_variant_new_parsed ("{'rtt_ms': <%d>, 'seq': <%u>, 'ttl': <%u>, "
                                                  "'from': <%s>}", rtt_ms, (guint) seq,
                                                  (guint) ttl, ns_ipv4_to_string (from, addr)),
                            "reply from %s: seq=%u ttl=%u time=%.3f ms", addr, seq, ttl, rtt_ms);
  ns_stack_set_app_tag (stack, old_tag);
  if (ping->received == ping->params.count)
    {
      ns_sim_clear_event (ns_stack_get_sim (stack), &ping->timer);
      ping_finish (ping);
    }
}

static void
ping_error (NsStack *stack, guint32 from, guint8 type, guint8 code, guint16 seq,
            gpointer user_data)
{
  NsPing *ping = user_data;
  char addr[16];
  guint old_tag = ns_stack_set_app_tag (stack, ping->tag);

  ns_stack_report_app_step (stack, "ping", FALSE,
                            g_variant_new_parsed ("{'seq': <%u>, 'from': <%s>}", (guint) seq,
                                                  ns_ipv4_to_string (from, addr)),
                            "seq=%u: %s from %s", seq,
                            type == NS_ICMP_TIME_EXCEEDED ? "time to live exceeded"
                            : code == NS_ICMP_UNREACH_HOST ? "destination host unreachable"
                            : code == NS_ICMP_UNREACH_NET ? "destination network unreachable"
                            : "destination unreachable", addr);
  ns_stack_set_app_tag (stack, old_tag);
}

void
ns_ping_start (NsStack *stack, const NsPingParams *params, const char *label)
{
  NsPing *ping = g_new0 (NsPing, 1);

  ping->stack = stack;
  ping->tag = ns_stack_get_app_tag (stack);
  ping->params = *params;
  ping->params.count = CLAMP (params->count, 1, G_MAXUINT16);   /* seq is 16 bits */
  ping->label = g_strdup (label);
  ping->sent_at = g_new0 (gint64, ping->params.count + 1);
  ping->answered = g_new0 (gboolean, ping->params.count + 1);
  ping->id = ns_icmp_echo_bind (stack, 0, ping_reply, ping_error, ping);
  ns_stack_adopt (stack, ping, ping_free);
  ping_tick (ns_stack_get_sim (stack), ping);
}
