/* link.c: a full-duplex point-to-point link with a transmitter and a
 * drop-tail queue per direction. */
#include "sim/link.h"

#include "sim/trace.h"

#include <string.h>

/* What is attached at one end. */
typedef struct {
  const char       *name;       /* interned "node:iface" */
  const char       *node;       /* interned "node" */
  NsLinkDeliverFunc deliver;
  gpointer          user_data;
} NsLinkEnd;

/* One direction: frames sent from `end` towards `end ^ 1`. */
typedef struct {
  NsLink           *link;
  guint             end;
  /* Frames waiting for the transmitter, a ring of queue_packets slots. */
  NsPacket        **queue;
  guint             q_head, q_len;
  gboolean          busy;
} NsLinkDir;

/* A frame in flight to the far end. */
typedef struct {
  NsLinkDir *dir;
  NsPacket  *frame;
  guint64    frame_id;
  guint64    index;            /* 1-based over both directions */
  const char *lost;             /* reason if lost, else NULL */
  NsEventId  arrival;
  GList      node;              /* in the link's `flights` */
} NsFlight;

struct _NsLink {
  NsSim        *sim;
  const char   *name;
  NsLinkParams  params;
  guint        *drop_nth;       /* sorted */
  guint64       frames_started; /* over both directions, for drop_nth */
  NsLinkEnd     ends[2];
  NsLinkDir     dir[2];
  NsLinkStats   stats;
  GQueue        flights;        /* of NsFlight, frames on the wire */
  gboolean      down;           /* the cable is pulled out */
};

void
ns_link_params_init_default (NsLinkParams *params)
{
  *params = (NsLinkParams) {
    .delay_ns = NS_NSEC_PER_MSEC,
    .bandwidth_bps = 100 * 1000 * 1000,
    .queue_packets = 64,
    .mtu = 1500,
  };
}

static int
compare_guint (gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

NsLink *
ns_link_new (NsSim *sim, const char *name, const NsLinkParams *params)
{
  NsLink *self = g_new0 (NsLink, 1);

  self->sim = sim;
  self->name = g_intern_string (name);
  self->params = *params;
  self->params.queue_packets = MAX (params->queue_packets, 1);
  if (params->n_drop_nth > 0)
    {
      self->drop_nth = g_memdup2 (params->drop_nth, params->n_drop_nth * sizeof (guint));
      qsort (self->drop_nth, params->n_drop_nth, sizeof (guint), compare_guint);
    }
  self->params.drop_nth = self->drop_nth;
  for (guint end = 0; end < 2; end++)
    {
      self->dir[end].link = self;
      self->dir[end].end = end;
      /* The queue ring is allocated when a frame first has to wait: most
       * links of a big network never queue (64 slots are 512 bytes a
       * direction, a quarter of an idle host's memory). */
    }
  return self;
}

void
ns_link_free (NsLink *self)
{
  if (self == NULL)
    return;
  for (guint end = 0; end < 2; end++)
    {
      NsLinkDir *dir = &self->dir[end];

      for (guint i = 0; i < dir->q_len; i++)
        ns_packet_unref (dir->queue[(dir->q_head + i) % self->params.queue_packets]);
      g_free (dir->queue);
    }
  /* Frames still on the wire when the run stops (--until): their arrival
   * events would outlive the link. */
  for (GList *l; (l = g_queue_pop_head_link (&self->flights)) != NULL;)
    {
      NsFlight *flight = l->data;

      ns_sim_cancel (self->sim, flight->arrival);
      ns_packet_unref (flight->frame);
      g_free (flight);
    }
  g_free (self->drop_nth);
  g_free (self);
}

void
ns_link_attach (NsLink *self, guint end, const char *end_name,
                NsLinkDeliverFunc deliver, gpointer user_data)
{
  const char *colon = strchr (end_name, ':');
  g_autofree char *node =
    g_strndup (end_name, colon ? (gsize)(colon - end_name) : strlen (end_name));

  g_return_if_fail (end < 2);
  self->ends[end] = (NsLinkEnd) {
    .name = g_intern_string (end_name),
    .node = g_intern_string (node),
    .deliver = deliver,
    .user_data = user_data,
  };
}

static gboolean
is_drop_nth (NsLink *self, guint64 index)
{
  for (guint i = 0; i < self->params.n_drop_nth; i++)
    if (self->drop_nth[i] == index)
      return TRUE;
  return FALSE;
}

static NsTraceEvent *
record (NsLink *self, NsTraceKind kind)
{
  NsTrace *trace = ns_sim_get_trace (self->sim);

  return trace ? ns_trace_append (trace, kind, ns_sim_now (self->sim)) : NULL;
}

static void start_next (NsLinkDir *dir);

static void
transmit_done (NsSim *sim, gpointer data)
{
  NsLinkDir *dir = data;

  dir->busy = FALSE;
  start_next (dir);
}

static void
arrive (NsSim *sim, gpointer data)
{
  NsFlight *flight = data;
  NsLinkDir *dir = flight->dir;
  NsLink *self = dir->link;
  NsLinkEnd *to = &self->ends[dir->end ^ 1];
  NsTraceEvent *ev;

  g_queue_unlink (&self->flights, &flight->node);
  if (flight->lost != NULL)
    {
      self->stats.lost++;
      if ((ev = record (self, NS_TRACE_DROP)) != NULL)
        {
          ev->frame = flight->frame_id;
          ev->link = self->name;
          ev->reason = flight->lost;
          ev->why = g_strcmp0 (flight->lost, "loss") == 0
            ? g_strdup_printf ("frame lost on link %s: the link loses %g%% of frames at random",
                               self->name, self->params.loss * 100.0)
            : g_strcmp0 (flight->lost, "down") == 0
            ? g_strdup_printf ("frame lost on link %s: the cable was cut while the frame was on "
                               "it", self->name)
            : g_strdup_printf ("frame lost on link %s: drop_nth says frame %" G_GUINT64_FORMAT
                               " of this link is lost", self->name, flight->index);
        }
      ns_packet_unref (flight->frame);
    }
  else
    {
      self->stats.delivered++;
      if ((ev = record (self, NS_TRACE_RX)) != NULL)
        {
          ev->frame = flight->frame_id;
          ev->link = self->name;
          ev->iface = to->name;
        }
      if (to->deliver != NULL)
        to->deliver (self, dir->end ^ 1, flight->frame, to->user_data);
      else
        ns_packet_unref (flight->frame);
    }
  g_free (flight);
}

/* Puts @frame on the wire now: the transmitter is busy for its
 * serialisation time, and it reaches the far end after the delay. */
static void
start_frame (NsLinkDir *dir, NsPacket *frame)
{
  NsLink *self = dir->link;
  NsSim *sim = self->sim;
  NsFlight *flight = g_new0 (NsFlight, 1);
  gint64 tx_ns, arrive_ns;
  guint64 index = ++self->frames_started;
  NsTraceEvent *ev;

  tx_ns = ns_link_serialisation_ns (self, frame->len);
  arrive_ns = tx_ns + self->params.delay_ns;
  if (self->params.jitter_ns > 0)
    arrive_ns += (gint64) (ns_rng_next_double (ns_sim_rng (sim)) * (double) self->params.jitter_ns);

  flight->dir = dir;
  flight->frame = frame;
  flight->frame_id = ns_sim_next_frame_id (sim);
  flight->index = index;
  if (is_drop_nth (self, index))
    flight->lost = "drop_nth";
  else if (self->params.loss > 0 && ns_rng_next_double (ns_sim_rng (sim)) < self->params.loss)
    flight->lost = "loss";

  self->stats.sent++;
  if ((ev = record (self, NS_TRACE_TX)) != NULL)
    {
      ev->frame = flight->frame_id;
      ev->link = self->name;
      ev->iface = self->ends[dir->end].name;
      ev->packet = ns_packet_copy_compact (frame);
    }
  dir->busy = TRUE;
  ns_sim_schedule (sim, tx_ns, transmit_done, dir);
  flight->node.data = flight;
  g_queue_push_tail_link (&self->flights, &flight->node);
  flight->arrival = ns_sim_schedule (sim, arrive_ns, arrive, flight);
}

static void
start_next (NsLinkDir *dir)
{
  NsLink *self = dir->link;
  NsPacket *frame;

  if (dir->busy || dir->q_len == 0)
    return;
  frame = dir->queue[dir->q_head];
  dir->queue[dir->q_head] = NULL;
  dir->q_head = (dir->q_head + 1) % self->params.queue_packets;
  dir->q_len--;
  start_frame (dir, frame);
}

/* A frame offered to (or waiting on) a link whose cable is out. */
static void
drop_down (NsLink *self, guint end, NsPacket *frame)
{
  NsTraceEvent *ev;

  if ((ev = record (self, NS_TRACE_DROP)) != NULL)
    {
      ev->link = self->name;
      ev->iface = self->ends[end].name;
      ev->node = self->ends[end].node;
      ev->reason = "down";
      ev->packet = ns_packet_copy_compact (frame);
      ev->why = g_strdup_printf ("the link %s is down (its cable is cut): %s has no carrier "
                                 "and the frame goes nowhere", self->name,
                                 self->ends[end].name);
    }
  ns_packet_unref (frame);
}

gboolean
ns_link_send (NsLink *self, guint end, NsPacket *frame)
{
  NsLinkDir *dir = &self->dir[end];
  NsTraceEvent *ev;

  g_return_val_if_fail (end < 2, FALSE);
  if (self->down)
    {
      drop_down (self, end, frame);
      return FALSE;
    }
  if (!dir->busy)
    {
      start_frame (dir, frame);
      return TRUE;
    }
  if (dir->q_len >= self->params.queue_packets)
    {
      /* Drop-tail: the queue is full, the newcomer is thrown away. */
      self->stats.queue_dropped++;
      if ((ev = record (self, NS_TRACE_DROP)) != NULL)
        {
          ev->link = self->name;
          ev->iface = self->ends[end].name;
          ev->node = self->ends[end].node;
          ev->reason = "queue";
          ev->packet = ns_packet_copy_compact (frame);
          ev->why = g_strdup_printf ("the queue of %s towards the link %s is full (%u frames "
                                     "waiting): drop-tail throws the newest away",
                                     self->ends[end].name, self->name, self->params.queue_packets);
        }
      ns_packet_unref (frame);
      return FALSE;
    }
  if (dir->queue == NULL)
    dir->queue = g_new0 (NsPacket *, self->params.queue_packets);
  dir->queue[(dir->q_head + dir->q_len) % self->params.queue_packets] = frame;
  dir->q_len++;
  return TRUE;
}

const char *
ns_link_get_name (const NsLink *self)
{
  return self->name;
}

const char *
ns_link_get_end_name (const NsLink *self, guint end)
{
  return self->ends[end].name;
}

const NsLinkParams *
ns_link_get_params (const NsLink *self)
{
  return &self->params;
}

guint
ns_link_queue_length (const NsLink *self, guint end)
{
  return self->dir[end].q_len;
}

gboolean
ns_link_can_accept (const NsLink *self, guint end)
{
  return !self->dir[end].busy || self->dir[end].q_len < self->params.queue_packets;
}

gint64
ns_link_serialisation_ns (const NsLink *self, gsize len)
{
  if (self->params.bandwidth_bps == 0)
    return 0;
  return (gint64) ((len * 8 * (guint64) NS_NSEC_PER_SEC + self->params.bandwidth_bps - 1)
                   / self->params.bandwidth_bps);
}

const NsLinkStats *
ns_link_get_stats (const NsLink *self)
{
  return &self->stats;
}

void
ns_link_set_up (NsLink *self, gboolean up)
{
  if (self->down == !up)
    return;
  self->down = !up;
  if (up)
    return;
  /* The frames waiting for the transmitter have no wire any more. */
  for (guint end = 0; end < 2; end++)
    {
      NsLinkDir *dir = &self->dir[end];

      while (dir->q_len > 0)
        {
          NsPacket *frame = dir->queue[dir->q_head];

          dir->queue[dir->q_head] = NULL;
          dir->q_head = (dir->q_head + 1) % self->params.queue_packets;
          dir->q_len--;
          drop_down (self, end, frame);
        }
    }
  /* Those on the wire are lost: their loss is recorded when they would
   * have arrived, as for any lost frame. */
  for (GList *l = self->flights.head; l != NULL; l = l->next)
    {
      NsFlight *flight = l->data;

      if (flight->lost == NULL)
        flight->lost = "down";
    }
}

gboolean
ns_link_is_up (const NsLink *self)
{
  return !self->down;
}
