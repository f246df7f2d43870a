/* traceroute.c: the traceroute action. */
#include "net/apps/traceroute.h"

#include "net/icmp.h"
#include "net/wire/icmp-wire.h"

#define PROBE_TIMEOUT (2 * NS_NSEC_PER_SEC)

typedef struct {
  NsStack   *stack;
  guint32    target;
  char      *label;
  guint      max_hops;
  guint16    id;
  guint      ttl;         /* of the probe in flight */
  gint64     sent_at;
  NsEventId  timer;
  GPtrArray *hops;        /* of char*: address or "*" */
  gboolean   done;
  guint      tag;         /* ns_stack_set_app_tag at the start */
  guint      probes;      /* probes per hop (traceroute(8) sends 3) */
  guint      probe;       /* 1-based, of the probe in flight */
  double    *rtts;        /* this hop's probes: ms, or -1 for no answer */
  guint32    hop_addr;    /* the first address that answered for this hop */
  gboolean   hop_reached, hop_dead_end;
} NsTraceroute;

static void
traceroute_free (gpointer data)
{
  NsTraceroute *tr = data;

  ns_sim_clear_event (ns_stack_get_sim (tr->stack), &tr->timer);
  g_ptr_array_unref (tr->hops);
  g_free (tr->rtts);
  g_free (tr->label);
  g_free (tr);
}

static void
traceroute_finish (NsTraceroute *tr, gboolean reached)
{
  g_autofree char *path = NULL;
  GVariantBuilder hops;
  char addr[16];
  guint old_tag = ns_stack_set_app_tag (tr->stack, tr->tag);

  tr->done = TRUE;
  ns_icmp_echo_unbind (tr->stack, tr->id);
  g_variant_builder_init (&hops, G_VARIANT_TYPE ("as"));
  for (guint i = 0; i < tr->hops->len; i++)
    g_variant_builder_add (&hops, "s", (const char *) g_ptr_array_index (tr->hops, i));
  g_ptr_array_add (tr->hops, NULL);
  path = g_strjoinv (" → ", (char **) tr->hops->pdata);
  g_ptr_array_remove_index (tr->hops, tr->hops->len - 1);
  ns_stack_report_app (tr->stack, "traceroute", reached,
                       g_variant_new_parsed ("{'hops': %v}", g_variant_builder_end (&hops)),
                       reached ? "traceroute %s (%s): reached in %u hops: %s"
                               : "traceroute %s (%s): not reached after %u hops: %s",
                       tr->label, ns_ipv4_to_string (tr->target, addr), tr->hops->len, path);
  ns_stack_set_app_tag (tr->stack, old_tag);
}

/* The probe's sequence number: the TTL when there is one probe per hop. */
static guint16
probe_seq (NsTraceroute *tr)
{
  return (guint16) ((tr->ttl - 1) * tr->probes + tr->probe);
}

static void probe_timeout (NsSim *sim, gpointer data);

static void
send_probe (NsTraceroute *tr)
{
  NsSim *sim = ns_stack_get_sim (tr->stack);

  if (tr->probe == 0 || tr->probe >= tr->probes)
    {
      tr->ttl++;
      tr->probe = 1;
      tr->hop_addr = 0;
      tr->hop_reached = tr->hop_dead_end = FALSE;
    }
  else
    tr->probe++;
  tr->sent_at = ns_sim_now (sim);
  if (!ns_icmp_echo_send (tr->stack, tr->target, tr->id, probe_seq (tr), (guint8) tr->ttl, 32))
    {
      traceroute_finish (tr, FALSE);
      return;
    }
  /* A probe to one of our own addresses is answered at once, inside the
   * send: the traceroute may be over already. */
  if (tr->done)
    return;
  tr->timer = ns_sim_schedule (sim, PROBE_TIMEOUT, probe_timeout, tr);
}

/* One hop answered (or not: @from 0): record it, then go on or stop
 * (@reached: the target answered; @dead_end: an unreachable error). */
static void
hop_done (NsTraceroute *tr, guint32 from, gboolean reached, gboolean dead_end)
{
  NsSim *sim = ns_stack_get_sim (tr->stack);
  char addr[16];
  guint old_tag;

  ns_sim_clear_event (sim, &tr->timer);
  old_tag = ns_stack_set_app_tag (tr->stack, tr->tag);
  if (from != 0)
    {
      double rtt_ms = (double) (ns_sim_now (sim) - tr->sent_at) / 1e6;

      g_ptr_array_add (tr->hops, g_strdup (ns_ipv4_to_string (from, addr)));
      ns_stack_report_app_step (tr->stack, "traceroute-hop", TRUE,
                                g_variant_new_parsed ("{'hop': <%u>, 'address': <%s>, "
                                                      "'rtt_ms': <%d>}", tr->ttl, addr, rtt_ms),
                                "hop %u: %s %.3f ms", tr->ttl, addr, rtt_ms);
    }
  else
    {
      g_ptr_array_add (tr->hops, g_strdup ("*"));
      ns_stack_report_app_step (tr->stack, "traceroute-hop", FALSE,
                                g_variant_new_parsed ("{'hop': <%u>}", tr->ttl),
                                "hop %u: * (no answer within 2 s)", tr->ttl);
    }
  ns_stack_set_app_tag (tr->stack, old_tag);
  if (reached || dead_end || tr->ttl >= tr->max_hops)
    traceroute_finish (tr, reached);
  else
    send_probe (tr);
}

/* With several probes per hop: one probe answered (or not: @from 0); the
 * hop is reported once all its probes are done, with every probe's time. */
static void
probe_done (NsTraceroute *tr, guint32 from, gboolean reached, gboolean dead_end)
{
  NsSim *sim = ns_stack_get_sim (tr->stack);
  GVariantBuilder rtts;
  char addr[16];
  guint old_tag;
  gboolean any;

  if (tr->probes <= 1)
    {
      hop_done (tr, from, reached, dead_end);
      return;
    }
  ns_sim_clear_event (sim, &tr->timer);
  tr->rtts[tr->probe - 1] = from != 0 ? (double) (ns_sim_now (sim) - tr->sent_at) / 1e6 : -1;
  if (from != 0 && tr->hop_addr == 0)
    tr->hop_addr = from;
  tr->hop_reached |= reached;
  tr->hop_dead_end |= dead_end;
  if (tr->probe < tr->probes)
    {
      send_probe (tr);
      return;
    }
  any = tr->hop_addr != 0;
  g_ptr_array_add (tr->hops, g_strdup (any ? ns_ipv4_to_string (tr->hop_addr, addr) : "*"));
  g_variant_builder_init (&rtts, G_VARIANT_TYPE ("ad"));
  for (guint i = 0; i < tr->probes; i++)
    g_variant_builder_add (&rtts, "d", tr->rtts[i]);
  old_tag = ns_stack_set_app_tag (tr->stack, tr->tag);
  if (any)
    ns_stack_report_app_step (tr->stack, "traceroute-hop", TRUE,
                              g_variant_new_parsed ("{'hop': <%u>, 'address': <%s>, "
                                                    "'rtts': <%@ad>}",
                                                    tr->ttl, addr, g_variant_builder_end (&rtts)),
                              "hop %u: %s", tr->ttl, addr);
  else
    ns_stack_report_app_step (tr->stack, "traceroute-hop", FALSE,
                              g_variant_new_parsed ("{'hop': <%u>, 'rtts': <%@ad>}", tr->ttl,
                                                    g_variant_builder_end (&rtts)),
                              "hop %u: * (no answer within 2 s)", tr->ttl);
  ns_stack_set_app_tag (tr->stack, old_tag);
  if (tr->hop_reached || tr->hop_dead_end || tr->ttl >= tr->max_hops)
    traceroute_finish (tr, tr->hop_reached);
  else
    send_probe (tr);
}

static void
probe_timeout (NsSim *sim, gpointer data)
{
  NsTraceroute *tr = data;

  tr->timer = 0;
  probe_done (tr, 0, FALSE, FALSE);
}

static void
on_reply (NsStack *stack, guint32 from, guint16 seq, guint8 ttl,
          const guint8 *data, gsize len, gpointer user_data)
{
  NsTraceroute *tr = user_data;

  if (!tr->done && seq == probe_seq (tr))
    probe_done (tr, from, TRUE, FALSE);
}

static void
on_error (NsStack *stack, guint32 from, guint8 type, guint8 code, guint16 seq, gpointer user_data)
{
  NsTraceroute *tr = user_data;

  if (tr->done || seq != probe_seq (tr))
    return;
  /* Time exceeded: a router on the way. Unreachable: the end of the road. */
  probe_done (tr, from, FALSE, type == NS_ICMP_DEST_UNREACH);
}

void
ns_traceroute_start (NsStack *stack, guint32 target, const char *label, guint max_hops)
{
  ns_traceroute_start_full (stack, target, label, max_hops, 1);
}

void
ns_traceroute_start_full (NsStack *stack, guint32 target, const char *label, guint max_hops,
                          guint probes)
{
  NsTraceroute *tr = g_new0 (NsTraceroute, 1);

  tr->stack = stack;
  tr->tag = ns_stack_get_app_tag (stack);
  tr->probes = CLAMP (probes, 1, 10);
  tr->rtts = g_new0 (double, tr->probes);
  tr->target = target;
  tr->label = g_strdup (label);
  tr->max_hops = max_hops ? MIN (max_hops, 255) : NS_TRACEROUTE_MAX_HOPS;
  tr->hops = g_ptr_array_new_with_free_func (g_free);
  tr->id = ns_icmp_echo_bind (stack, 0, on_reply, on_error, tr);
  ns_stack_adopt (stack, tr, traceroute_free);
  send_probe (tr);
}
