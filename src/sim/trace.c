/* trace.c: an append-only array of events. */
#include "sim/trace.h"

/* TCP variable records are kept in blocks that never move, so events can
 * point at them while the event array grows. */
#define VARS_PER_BLOCK 1024

struct _NsTrace {
  GArray    *events;      /* of NsTraceEvent: the held ones, from index `first` */
  guint      first;
  GPtrArray *var_blocks;  /* of NsTraceTcpVars[VARS_PER_BLOCK] */
  guint      n_vars;      /* records used in the last block */
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
  self->var_blocks = g_ptr_array_new_with_free_func (g_free);
  self->n_vars = VARS_PER_BLOCK;
  return self;
}

void
ns_trace_free (NsTrace *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->events);
  g_ptr_array_unref (self->var_blocks);
  g_free (self);
}

NsTraceEvent *
ns_trace_append (NsTrace *self, NsTraceKind kind, gint64 t)
{
  NsTraceEvent ev = { .t = t, .kind = kind };

  g_array_append_val (self->events, ev);
  return &g_array_index (self->events, NsTraceEvent, self->events->len - 1);
}

NsTraceEvent *
ns_trace_append_tcp_vars (NsTrace *self, gint64 t, const NsTraceTcpVars *vars)
{
  NsTraceTcpVars *block;
  NsTraceEvent *ev;

  if (self->n_vars == VARS_PER_BLOCK)
    {
      g_ptr_array_add (self->var_blocks, g_new (NsTraceTcpVars, VARS_PER_BLOCK));
      self->n_vars = 0;
    }
  block = g_ptr_array_index (self->var_blocks, self->var_blocks->len - 1);
  block[self->n_vars] = *vars;
  ev = ns_trace_append (self, NS_TRACE_TCP_VARS, t);
  ev->tcp_vars = &block[self->n_vars++];
  return ev;
}

guint
ns_trace_len (const NsTrace *self)
{
  return self->first + self->events->len;
}

const NsTraceEvent *
ns_trace_get (const NsTrace *self, guint index)
{
  g_return_val_if_fail (index >= self->first && index - self->first < self->events->len, NULL);
  return &g_array_index (self->events, NsTraceEvent, index - self->first);
}

void
ns_trace_drain (NsTrace *self, NsTraceEventFunc func, gpointer user_data)
{
  guint n = self->events->len;

  for (guint i = 0; i < n; i++)
    func (&g_array_index (self->events, NsTraceEvent, i), self->first + i, user_data);
  g_array_set_size (self->events, 0);
  self->first += n;
  /* The records went with their events; the newest block is reused. */
  if (self->var_blocks->len > 1)
    g_ptr_array_remove_range (self->var_blocks, 0, self->var_blocks->len - 1);
  self->n_vars = self->var_blocks->len > 0 ? 0 : VARS_PER_BLOCK;
}

guint
ns_trace_first_held (const NsTrace *self)
{
  return self->first;
}

const char *
ns_trace_kind_name (NsTraceKind kind)
{
  static const char *const names[] = { "tx", "rx", "drop", "tcp", "retransmit", "app",
                                         "arp", "tcp-vars", "socket", "local",
                                         "link" };

  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (names), "unknown");
  return names[kind];
}
