/* sim.c: the event queue is a binary min-heap of small structs ordered by
 * (time, seq). No allocation per event once the arrays have grown.
 *
 * Cancelling marks the event dead (as ns-3 does) and it is skipped when it
 * comes up; but TCP re-arms its retransmission timer on every ACK, so dead
 * timers (each ~RTO ahead) would fill the heap and every operation would
 * pay for them. When the dead are more than half the heap, it is rebuilt
 * without them (O(n), so O(1) a cancel, amortised). The order of events
 * depends only on (time, seq), never on the heap's shape.
 *
 * An event id is (generation << 32 | slot): the slot holds the callback,
 * the generation (bumped whenever the slot is freed) tells a pending id
 * from one that already ran or was cancelled. */
#include "sim/sim.h"

#include "sim/trace.h"

/* A heap entry: only the key and the slot, so sifting moves 24 bytes. */
typedef struct {
  gint64      time;
  guint64     seq;    /* insertion order: breaks ties in time */
  guint32     slot;
} NsEvent;

typedef struct {
  NsEventFunc func;   /* NULL once cancelled, and while free */
  gpointer    data;
  guint32     gen;    /* 1, 2, ...: bumped when the slot is freed */
} NsEventSlot;

struct _NsSim {
  gint64       now;
  guint64      next_seq;
  guint64      next_frame;
  guint64      events_run;
  NsEvent     *heap;
  gsize        len, cap;
  NsEventSlot *slots;
  guint32     *free_slots;  /* a stack of unused slot numbers */
  guint32      n_slots, n_free;
  gsize        n_dead;      /* cancelled events still in the heap */
  NsRng        rng;
  NsTrace     *trace;
};

NsSim *
ns_sim_new (guint64 seed)
{
  NsSim *self = g_new0 (NsSim, 1);

  self->next_seq = 1;
  self->next_frame = 1;
  self->cap = 256;
  self->heap = g_new (NsEvent, self->cap);
  self->slots = g_new (NsEventSlot, self->cap);
  self->free_slots = g_new (guint32, self->cap);
  ns_rng_init (&self->rng, seed);
  return self;
}

void
ns_sim_free (NsSim *self)
{
  if (self == NULL)
    return;
  g_free (self->heap);
  g_free (self->slots);
  g_free (self->free_slots);
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
sift_up (NsSim *self, gsize i, NsEvent ev)
{
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

static void
sift_down (NsSim *self, gsize i, NsEvent ev)
{
  for (;;)
    {
      gsize child = 2 * i + 1;

      if (child >= self->len)
        break;
      if (child + 1 < self->len && event_before (&self->heap[child + 1], &self->heap[child]))
        child++;
      if (!event_before (&self->heap[child], &ev))
        break;
      self->heap[i] = self->heap[child];
      i = child;
    }
  self->heap[i] = ev;
}

static guint32
slot_alloc (NsSim *self)
{
  if (self->n_free > 0)
    return self->free_slots[--self->n_free];
  /* Slots in use never outnumber heap entries, so cap is enough room. */
  self->slots[self->n_slots].gen = 1;
  return self->n_slots++;
}

static void
slot_release (NsSim *self, guint32 slot)
{
  /* Generation 0 is skipped so that no id is below 2^32 (0 stays invalid). */
  if (++self->slots[slot].gen == 0)
    self->slots[slot].gen = 1;
  /* A free slot looks cancelled: an id made up to match its next
   * generation cancels nothing. */
  self->slots[slot].func = NULL;
  self->free_slots[self->n_free++] = slot;
}

/* Takes the earliest event out of the heap and frees its slot. */
static NsEvent
heap_pop (NsSim *self)
{
  NsEvent top = self->heap[0];

  if (--self->len > 0)
    sift_down (self, 0, self->heap[self->len]);
  slot_release (self, top.slot);
  return top;
}

static inline gboolean
is_dead (NsSim *self, const NsEvent *ev)
{
  return self->slots[ev->slot].func == NULL;
}

/* Drops every cancelled event and restores the heap order bottom-up
 * (Floyd's heap construction, O(n)). */
static void
heap_compact (NsSim *self)
{
  gsize kept = 0;

  for (gsize i = 0; i < self->len; i++)
    {
      if (is_dead (self, &self->heap[i]))
        slot_release (self, self->heap[i].slot);
      else
        self->heap[kept++] = self->heap[i];
    }
  self->len = kept;
  self->n_dead = 0;
  for (gsize i = kept / 2; i-- > 0;)
    sift_down (self, i, self->heap[i]);
}

/* The earliest event that was not cancelled, or NULL; cancelled events met
 * on the way are thrown away. */
static inline const NsEvent *
peek_live (NsSim *self)
{
  while (self->n_dead > 0 && self->len > 0 && is_dead (self, &self->heap[0]))
    {
      heap_pop (self);
      self->n_dead--;
    }
  return self->len > 0 ? &self->heap[0] : NULL;
}

NsEventId
ns_sim_schedule_at (NsSim *self, gint64 time_ns, NsEventFunc func, gpointer data)
{
  NsEvent ev = { MAX (time_ns, self->now), self->next_seq++, 0 };

  g_return_val_if_fail (func != NULL, 0);   /* NULL marks a cancelled slot */
  if (self->len == self->cap)
    {
      self->cap *= 2;
      self->heap = g_renew (NsEvent, self->heap, self->cap);
      self->slots = g_renew (NsEventSlot, self->slots, self->cap);
      self->free_slots = g_renew (guint32, self->free_slots, self->cap);
    }
  ev.slot = slot_alloc (self);
  self->slots[ev.slot].func = func;
  self->slots[ev.slot].data = data;
  self->len++;
  sift_up (self, self->len - 1, ev);
  return (guint64) self->slots[ev.slot].gen << 32 | ev.slot;
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
  guint32 slot = (guint32) id;

  /* An id whose generation moved on already ran; func is NULL once
   * cancelled (or free). */
  if (slot >= self->n_slots || self->slots[slot].gen != (guint32) (id >> 32)
      || self->slots[slot].func == NULL)
    return;
  self->slots[slot].func = NULL;
  self->n_dead++;
  if (self->n_dead > 64 && self->n_dead > self->len / 2)
    heap_compact (self);
}

void
ns_sim_clear_event (NsSim *self, NsEventId *id)
{
  if (*id != 0)
    ns_sim_cancel (self, *id);
  *id = 0;
}

gboolean
ns_sim_step (NsSim *self)
{
  NsEventFunc func;
  gpointer data;

  if (peek_live (self) == NULL)
    return FALSE;
  func = self->slots[self->heap[0].slot].func;
  data = self->slots[self->heap[0].slot].data;
  self->now = heap_pop (self).time;
  self->events_run++;
  func (self, data);
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
  return self->len - self->n_dead;
}

guint64
ns_sim_events_run (const NsSim *self)
{
  return self->events_run;
}
