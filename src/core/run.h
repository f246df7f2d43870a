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

/* A run that keeps its whole recording in memory (the app's, to play it)
 * is stopped when the recording grows past a limit (a network that never
 * quiets down would otherwise fill the memory): an estimate of the bytes
 * the trace keeps. The default is NS_RUN_DEFAULT_MAX_RECORDING, or the
 * environment's NETSKETCH_MAX_RECORDING_MB; the stop note says so. A
 * streamed run (ns_run_stream_events) has no limit. */
#define NS_RUN_DEFAULT_MAX_RECORDING ((guint64) 1 << 30)
/* Sets the limit in bytes (0: none). */
void            ns_run_set_max_recording (NsRun *self, guint64 bytes);
guint64         ns_run_get_max_recording (NsRun *self);

/* Streams the recording: while the run executes, every event is handed to
 * @func in order soon after it happened and then forgotten, so memory
 * stays bounded whatever the run's length (the command line writes them to
 * its trace file). Result lines and the reports of unfinished actions are
 * kept. Call before ns_run_execute; the trace then holds only the newest
 * events (ns_trace_first_held). */
void            ns_run_stream_events (NsRun *self, NsTraceEventFunc func, gpointer user_data);

/* Simulates until the scenario is finished and the network quiet, or until
 * @until_ns of simulated time, or until a recording limit is reached.
 * Actions still running at the end are reported as not finished. */
void            ns_run_execute (NsRun *self, gint64 until_ns);
/* Why the run stopped early (the recording limit, and how to raise it), or NULL. */
const char     *ns_run_get_stop_note (NsRun *self);

NsSim          *ns_run_get_sim (NsRun *self);
/* The stack of a host or router, or NULL (switches and unknown ids). */
NsStack        *ns_run_get_stack (NsRun *self, const char *node_id);
NsTrace        *ns_run_get_trace (NsRun *self);
const NsTopology *ns_run_get_topology (NsRun *self);

/* The result lines of the scenario's actions, as the command line prints
 * them ("[0.012 s] pc1 ping 10.0.1.80: reply seq=1 ttl=61 time=12.4 ms"). */
GPtrArray      *ns_run_dup_result_lines (NsRun *self);
/* One such line for an `app` event. */
char           *ns_run_format_result_line (const NsTraceEvent *ev);

/* The MAC of interface @iface_index of node @node_index, the @ordinal-th
 * interface of hosts and routers in the file: unique for any file. */
void            ns_run_derive_mac (guint node_index, guint iface_index, guint32 ordinal,
                                   guint8 mac[6]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NsRun, ns_run_free)

G_END_DECLS
