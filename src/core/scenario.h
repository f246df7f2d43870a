/* scenario.h: turning the document's services and scenario into apps
 * running on the stacks of a run. */
#pragma once

#include <glib.h>

#include "core/topology.h"
#include "net/stack.h"

G_BEGIN_DECLS

/* Starts @node's services and sets its resolver's DNS servers. */
gboolean ns_scenario_setup_node (NsStack *stack, const NsTopoNode *node, GError **error);

typedef NsStack *(*NsStackLookupFunc) (const char *node_id, gpointer user_data);

/* Schedules every action of @topology's scenario at its time, but the
 * failures (ns_scenario_action_is_failure), which the run carries out.
 * @topology must outlive the run. Each action finds its node's stack with
 * @lookup when its time comes (a node that was power-cycled has a new
 * one). Returns what the scheduled events point to: free it with the run,
 * after the last step. */
GPtrArray *ns_scenario_schedule (NsSim *sim, const NsTopology *topology,
                                 NsStackLookupFunc lookup, gpointer user_data);

/* link-down, link-up, node-down, node-up: actions on the network rather
 * than programs on a node (CONTRACT.md §1b). */
gboolean ns_scenario_action_is_failure (const char *action);
/* A string field of @action the model keeps in `extra` ("link", "iface",
 * "file", "mode"), or NULL. */
const char *ns_scenario_action_string (const NsTopoAction *action, const char *key);

/* Reports every action of @topology's scenario that has no result yet
 * (still running, or not started) as not finished: an `app` event on its
 * node, so that every action has a result line. */
void     ns_scenario_report_unfinished (NsSim *sim, const NsTopology *topology,
                                        NsStackLookupFunc lookup, gpointer user_data);
/* The same for a run whose recording was streamed away (ns_trace_drain):
 * what the trace would have said is given instead. @results: "node\naction"
 * -> results given so far (GUINT_TO_POINTER); @acked: "node\nport" ->
 * guint64* bytes acknowledged on the node's latest connection to that
 * remote port. Events still held in the trace are counted too. */
void     ns_scenario_report_unfinished_with (NsSim *sim, const NsTopology *topology,
                                             NsStackLookupFunc lookup, gpointer user_data,
                                             GHashTable *results, GHashTable *acked);

/* Splits "host", "host:port" into its parts; FALSE if the port is not a
 * number in 1..65535. @port_out is 0 when there is none. */
gboolean ns_scenario_split_target (const char *target, char **host_out, guint16 *port_out);

G_END_DECLS
