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
} NsTraceroute;

static void
traceroute_free (gpointer data)
{
  NsTraceroute *tr = data;

  ns_sim_clear_event (ns_stack_get_sim (tr->stack), &tr->timer);
  g_ptr_array_unref (tr->hops);
  g_free (tr->label);
  g_free (tr);
}

static void
traceroute_finish (NsTraceroute *tr, gboolean reached)
{
  g_autofree char *path = NULL;
  GVariantBuilder hops;
  char addr[16];

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
}

static void probe_timeout (NsSim *sim, gpointer data);

static void
send_probe (NsTraceroute *tr)
{
  NsSim *sim = ns_stack_get_sim (tr->stack);

  tr->ttl++;
  tr->sent_at = ns_sim_now (sim);
  if (!ns_icmp_echo_send (tr->stack, tr->target, tr->id, (guint16) tr->ttl, (guint8) tr->ttl, 32))
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

  ns_sim_clear_event (sim, &tr->timer);
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
  if (reached || dead_end || tr->ttl >= tr->max_hops)
    traceroute_finish (tr, reached);
  else
    send_probe (tr);
}

static void
probe_timeout (NsSim *sim, gpointer data)
{
  NsTraceroute *tr = data;

  tr->timer = 0;
  hop_done (tr, 0, FALSE, FALSE);
}

static void
on_reply (NsStack *stack, guint32 from, guint16 seq, guint8 ttl,
          const guint8 *data, gsize len, gpointer user_data)
{
  NsTraceroute *tr = user_data;

  if (!tr->done && seq == tr->ttl)
    hop_done (tr, from, TRUE, FALSE);
}

static void
on_error (NsStack *stack, guint32 from, guint8 type, guint8 code, guint16 seq, gpointer user_data)
{
  NsTraceroute *tr = user_data;

  if (tr->done || seq != tr->ttl)
    return;
  /* Time exceeded: a router on the way. Unreachable: the end of the road. */
  hop_done (tr, from, FALSE, type == NS_ICMP_DEST_UNREACH);
}

void
ns_traceroute_start (NsStack *stack, guint32 target, const char *label, guint max_hops)
{
  NsTraceroute *tr = g_new0 (NsTraceroute, 1);

  tr->stack = stack;
  tr->target = target;
  tr->label = g_strdup (label);
  tr->max_hops = max_hops ? MIN (max_hops, 255) : NS_TRACEROUTE_MAX_HOPS;
  tr->hops = g_ptr_array_new_with_free_func (g_free);
  tr->id = ns_icmp_echo_bind (stack, 0, on_reply, on_error, tr);
  ns_stack_adopt (stack, tr, traceroute_free);
  send_probe (tr);
}
