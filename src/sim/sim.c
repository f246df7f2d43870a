/* sim.c: the event queue is a binary min-heap of small structs ordered by
 * (time, seq). No allocation per event once the heap has grown. */
#include "sim/sim.h"

#include "sim/trace.h"

typedef struct {
  gint64      time;
  guint64     seq;    /* insertion order, also the event id */
  NsEventFunc func;
  gpointer    data;
} NsEvent;

struct _NsSim {
  gint64      now;
  guint64     next_seq;
  guint64     next_frame;
  guint64     events_run;
  NsEvent    *heap;
  gsize       len, cap;
  GHashTable *cancelled;  /* seq -> seq, only consulted when non-empty */
  NsRng       rng;
  NsTrace    *trace;
};

NsSim *
ns_sim_new (guint64 seed)
{
  NsSim *self = g_new0 (NsSim, 1);

  self->next_seq = 1;
  self->next_frame = 1;
  self->cap = 256;
  self->heap = g_new (NsEvent, self->cap);
  self->cancelled = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  ns_rng_init (&self->rng, seed);
  return self;
}

void
ns_sim_free (NsSim *self)
{
  if (self == NULL)
    return;
  g_free (self->heap);
  g_hash_table_unref (self->cancelled);
  g_free (self);
}

gint64
ns_sim_now (const NsSim *self)
{
  return self->now;
}

NsRng *
ns_sim_rng (NsSim *self)
{
  return &self->rng;
}

NsTrace *
ns_sim_get_trace (NsSim *self)
{
  return self->trace;
}

void
ns_sim_set_trace (NsSim *self, NsTrace *trace)
{
  self->trace = trace;
}

guint64
ns_sim_next_frame_id (NsSim *self)
{
  return self->next_frame++;
}

static inline gboolean
event_before (const NsEvent *a, const NsEvent *b)
{
  return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

static void
heap_push (NsSim *self, NsEvent ev)
{
  gsize i;

  if (self->len == self->cap)
    {
      self->cap *= 2;
      self->heap = g_renew (NsEvent, self->heap, self->cap);
    }
  i = self->len++;
  while (i > 0)
    {
      gsize parent = (i - 1) / 2;

      if (!event_before (&ev, &self->heap[parent]))
        break;
      self->heap[i] = self->heap[parent];
      i = parent;
    }
  self->heap[i] = ev;
}

static NsEvent
heap_pop (NsSim *self)
{
  NsEvent top = self->heap[0];
  NsEvent last = self->heap[--self->len];
  gsize i = 0;

  for (;;)
    {
      gsize child = 2 * i + 1;

      if (child >= self->len)
        break;
      if (child + 1 < self->len && event_before (&self->heap[child + 1], &self->heap[child]))
        child++;
      if (!event_before (&self->heap[child], &last))
        break;
      self->heap[i] = self->heap[child];
      i = child;
    }
  if (self->len > 0)
    self->heap[i] = last;
  return top;
}

NsEventId
ns_sim_schedule_at (NsSim *self, gint64 time_ns, NsEventFunc func, gpointer data)
{
  NsEvent ev = { MAX (time_ns, self->now), self->next_seq++, func, data };

  heap_push (self, ev);
  return ev.seq;
}

NsEventId
ns_sim_schedule (NsSim *self, gint64 delay_ns, NsEventFunc func, gpointer data)
{
  g_return_val_if_fail (delay_ns >= 0, 0);
  return ns_sim_schedule_at (self, self->now + delay_ns, func, data);
}

void
ns_sim_cancel (NsSim *self, NsEventId id)
{
  if (id == 0 || id >= self->next_seq)
    return;
  /* Marking is enough: the event is skipped when it comes up. An id that
   * already ran stays in the set until the set is next emptied; ids are
   * never reused, so that is harmless, and pop removes what it meets. */
  g_hash_table_add (self->cancelled, g_memdup2 (&id, sizeof id));
}

void
ns_sim_clear_event (NsSim *self, NsEventId *id)
{
  if (*id != 0)
    ns_sim_cancel (self, *id);
  *id = 0;
}

/* The earliest event that was not cancelled, or NULL; cancelled events met
 * on the way are thrown away. */
static const NsEvent *
peek_live (NsSim *self)
{
  while (self->len > 0 && g_hash_table_size (self->cancelled) > 0
         && g_hash_table_remove (self->cancelled, &self->heap[0].seq))
    heap_pop (self);
  return self->len > 0 ? &self->heap[0] : NULL;
}

gboolean
ns_sim_step (NsSim *self)
{
  NsEvent ev;

  if (peek_live (self) == NULL)
    return FALSE;
  ev = heap_pop (self);
  self->now = ev.time;
  self->events_run++;
  ev.func (self, ev.data);
  return TRUE;
}

guint64
ns_sim_run_until (NsSim *self, gint64 until_ns)
{
  guint64 before = self->events_run;
  const NsEvent *next;

  while ((next = peek_live (self)) != NULL && next->time <= until_ns)
    ns_sim_step (self);
  if (self->now < until_ns)
    self->now = until_ns;
  return self->events_run - before;
}

gint64
ns_sim_next_time (NsSim *self)
{
  const NsEvent *next = peek_live (self);

  return next != NULL ? next->time : G_MAXINT64;
}

gsize
ns_sim_pending (const NsSim *self)
{
  return self->len - MIN (self->len, g_hash_table_size (self->cancelled));
}

guint64
ns_sim_events_run (const NsSim *self)
{
  return self->events_run;
}
