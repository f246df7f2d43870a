/* sim.h: the discrete-event engine.
 *
 * Time is an integer count of nanoseconds. Events are ordered by
 * (time, insertion sequence), so two events at the same instant run in the
 * order they were scheduled: the engine is deterministic (as ns-3's
 * scheduler). Cancelling an event only marks it; it is skipped when due
 * (the queue sheds cancelled events when they are half of it).
 */
#pragma once

#include <glib.h>

#include "rng.h"

G_BEGIN_DECLS

#define NS_NSEC_PER_USEC ((gint64) 1000)
#define NS_NSEC_PER_MSEC ((gint64) 1000000)
#define NS_NSEC_PER_SEC ((gint64) 1000000000)

typedef struct _NsSim NsSim;
typedef struct _NsTrace NsTrace;

/* An event handle: 0 is never a valid id. */
typedef guint64 NsEventId;

typedef void (*NsEventFunc) (NsSim *sim, gpointer data);

NsSim     *ns_sim_new (guint64 seed);
void       ns_sim_free (NsSim *self);

gint64     ns_sim_now (const NsSim *self);
NsRng     *ns_sim_rng (NsSim *self);

/* The trace the run records into, or NULL when nothing is recorded. */
NsTrace   *ns_sim_get_trace (NsSim *self);
void       ns_sim_set_trace (NsSim *self, NsTrace *trace);

/* A number unique in the run for each frame put onto a link (1, 2, ...). */
guint64    ns_sim_next_frame_id (NsSim *self);

NsEventId  ns_sim_schedule (NsSim *self, gint64 delay_ns, NsEventFunc func, gpointer data);
NsEventId  ns_sim_schedule_at (NsSim *self, gint64 time_ns, NsEventFunc func, gpointer data);
/* Cancelling an id that already ran or was cancelled is a no-op. */
void       ns_sim_cancel (NsSim *self, NsEventId id);
/* Cancels *id if set and sets it to 0 (like g_clear_handle_id). */
void       ns_sim_clear_event (NsSim *self, NsEventId *id);

/* Runs one event; FALSE when the queue is empty. */
gboolean   ns_sim_step (NsSim *self);
/* Runs every event due at or before @until_ns, then sets the clock to
 * @until_ns if the queue ran dry earlier than that (the clock never goes
 * back). Returns the number of events run. */
guint64    ns_sim_run_until (NsSim *self, gint64 until_ns);
/* Time of the next pending event, or G_MAXINT64 if none. */
gint64     ns_sim_next_time (NsSim *self);
gsize      ns_sim_pending (const NsSim *self);
guint64    ns_sim_events_run (const NsSim *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NsSim, ns_sim_free)

G_END_DECLS
