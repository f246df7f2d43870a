/* run.h: one simulated run of a topology: builds the engine, the links and a
 * stack per node from the document, schedules the scenario, and records
 * everything into a trace. */
#pragma once

#include <glib.h>

#include "core/topology.h"
#include "net/stack.h"
#include "sim/sim.h"
#include "sim/trace.h"

G_BEGIN_DECLS

typedef struct _NsRun NsRun;

#define NS_RUN_DEFAULT_UNTIL (60 * NS_NSEC_PER_SEC)

/* Builds the run for @topology; @seed overrides the file's seed when
 * @override_seed. The topology is copied. A topology that breaks a rule
 * of the format (ns_topology_validate) gives NULL and an
 * NS_TOPOLOGY_ERROR_INVALID error listing the problems. */
NsRun          *ns_run_new (const NsTopology *topology, gboolean override_seed, guint64 seed,
                            GError **error);
void            ns_run_free (NsRun *self);

/* A run whose recording grows past either limit is stopped (a network
 * that never quiets down, or a huge transfer, would otherwise fill the
 * memory): events, and an estimate of the bytes the trace keeps. */
#define NS_RUN_MAX_EVENTS 4000000
#define NS_RUN_MAX_TRACE_BYTES ((gsize) 1 << 30)

/* Simulates until the scenario is finished and the network quiet, or until
 * @until_ns of simulated time, or until a recording limit is reached.
 * Actions still running at the end are reported as not finished. */
void            ns_run_execute (NsRun *self, gint64 until_ns);
/* Why the run stopped early (the event limit), or NULL. */
const char     *ns_run_get_stop_note (NsRun *self);

NsSim          *ns_run_get_sim (NsRun *self);
/* The stack of a host or router, or NULL (switches and unknown ids). */
NsStack        *ns_run_get_stack (NsRun *self, const char *node_id);
NsTrace        *ns_run_get_trace (NsRun *self);
const NsTopology *ns_run_get_topology (NsRun *self);

/* The result lines of the scenario's actions, as the command line prints
 * them ("[0.012 s] pc1 ping 10.0.1.80: reply seq=1 ttl=61 time=12.4 ms"). */
GPtrArray      *ns_run_dup_result_lines (NsRun *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NsRun, ns_run_free)

G_END_DECLS
