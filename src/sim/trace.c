/* trace.c: an append-only array of events. */
#include "sim/trace.h"

struct _NsTrace {
  GArray *events;  /* of NsTraceEvent */
};

static void
trace_event_clear (gpointer data)
{
  NsTraceEvent *ev = data;

  g_free (ev->detail);
  g_free (ev->why);
  g_clear_pointer (&ev->packet, ns_packet_unref);
  g_clear_pointer (&ev->fields, g_variant_unref);
}

NsTrace *
ns_trace_new (void)
{
  NsTrace *self = g_new0 (NsTrace, 1);

  self->events = g_array_sized_new (FALSE, FALSE, sizeof (NsTraceEvent), 1024);
  g_array_set_clear_func (self->events, trace_event_clear);
  return self;
}

void
ns_trace_free (NsTrace *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->events);
  g_free (self);
}

NsTraceEvent *
ns_trace_append (NsTrace *self, NsTraceKind kind, gint64 t)
{
  NsTraceEvent ev = { .t = t, .kind = kind };

  g_array_append_val (self->events, ev);
  return &g_array_index (self->events, NsTraceEvent, self->events->len - 1);
}

guint
ns_trace_len (const NsTrace *self)
{
  return self->events->len;
}

const NsTraceEvent *
ns_trace_get (const NsTrace *self, guint index)
{
  g_return_val_if_fail (index < self->events->len, NULL);
  return &g_array_index (self->events, NsTraceEvent, index);
}

const char *
ns_trace_kind_name (NsTraceKind kind)
{
  static const char *const names[] = { "tx", "rx", "drop", "tcp", "retransmit", "app",
                                         "arp", "tcp-vars", "socket" };

  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (names), "unknown");
  return names[kind];
}
