/* trace-file.h: a run's trace as JSON Lines (docs/trace-format.md, --trace).
 *
 * One object a line, in trace order. Every object starts with `t`
 * (simulated seconds: the exact decimal of the nanosecond clock, such as
 * 0.012000417) and `event`, then the fields the contract gives that kind of
 * event, in the contract's order, then `why` when the event has one:
 *
 *   tx          link, from, frame, bytes, summary
 *   rx          link, to, frame
 *   drop        frame (a frame) and/or node (a packet at a node), link when
 *               known, reason
 *   tcp         node, local, remote, from, to
 *   retransmit  node, local, remote, seq, cause
 *   app         node, do, ok, detail, then every result field of the event
 *               (rtt_ms, address, status, bytes, hops, ...) at the top level
 *
 * Events of other kinds (the app's state samples) are left out.
 *
 * The output is UTF-8 (invalid bytes in a text are replaced), numbers are
 * JSON numbers, and the same trace always gives the same bytes. */
#pragma once

#include <gio/gio.h>
#include <glib.h>

#include "net/summary.h"
#include "sim/sim.h"
#include "sim/trace.h"

G_BEGIN_DECLS

/* Whether @event is one of the contract's kinds (tx, rx, drop, tcp,
 * retransmit, app) and so has a line in the file; the app's state samples
 * (arp, tcp-vars) have none. */
gboolean  ns_trace_event_in_jsonl (const NsTraceEvent *event);

/* Appends @event as one JSON object (no newline) to @out and returns TRUE,
 * or appends nothing and returns FALSE for an event that has no line (see
 * ns_trace_event_in_jsonl()). @summarizer gives tx events their
 * `summary`; it must be fed every tx of the run in order (it tracks TCP
 * connections), so use one per trace. */
gboolean  ns_trace_event_append_json (const NsTraceEvent *event, NsSummarizer *summarizer,
                                      GString *out);

/* docs/trace-format.md (--tcp-vars): appends a `tcp-vars` object (no newline)
 * for @event and returns TRUE when it is a tcp-vars record in which cwnd,
 * ssthresh, flight, rwnd (the peer's window), SRTT or RTO changed; else
 * appends nothing and returns FALSE. */
gboolean  ns_trace_tcp_vars_append_json (const NsTraceEvent *event, GString *out);

/* Writes the whole @trace, one line an event, each ending with '\n'. */
gboolean  ns_trace_write_jsonl (const NsTrace *trace, GOutputStream *stream,
                                GCancellable *cancellable, GError **error);

/* As ns_trace_write_jsonl() into a new file at @path (replaced if there). */
gboolean  ns_trace_write_jsonl_file (const NsTrace *trace, const char *path, GError **error);
/* The same, with the tcp-vars lines too when @tcp_vars (--tcp-vars). */
gboolean  ns_trace_write_jsonl_file_full (const NsTrace *trace, const char *path,
                                          gboolean tcp_vars, GError **error);

/* The whole trace as one string (for tests and small traces). */
char     *ns_trace_to_jsonl (const NsTrace *trace, gsize *len_out);

/* Simulated nanoseconds as the trace's decimal seconds ("0.0", "1.5",
 * "0.000000001"), appended to @out. */
void      ns_trace_append_seconds (GString *out, gint64 t_ns);

G_END_DECLS
