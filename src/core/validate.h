/* validate.h: the rules of docs/file-format.md that a model must keep, checked on
 * a whole document. The loader runs the same rules on every file it reads,
 * and the app runs them again after each edit. */
#pragma once

#include <glib.h>

#include "core/topology.h"

G_BEGIN_DECLS

/* One thing wrong with a document. */
typedef struct {
  char *path;     /* JSON path such as "nodes[3].interfaces[0].ip"; "" = the whole file */
  gint  line;     /* 1-based line in the file, 0 when not known (models not read from a file) */
  char *message;  /* what is wrong, one line, no trailing period */
} NsProblem;

NsProblem  *ns_problem_new (const char *path, gint line, const char *message);
NsProblem  *ns_problem_new_printf (const char *path, gint line, const char *format, ...) G_GNUC_PRINTF (3, 4);
void        ns_problem_free (NsProblem *problem);
/* "DISPLAY_NAME:LINE: PATH: MESSAGE" (parts that are unknown or empty are
 * left out), e.g. 'bad.netsketch.json:12: nodes[3].interfaces[0].ip:
 * "10.0.0.300/24" is not an IPv4 address with a prefix (A.B.C.D/len)'. */
char       *ns_problem_to_string (const NsProblem *problem, const char *display_name);

/* Every problem of @self (a GPtrArray of NsProblem*, free function set;
 * empty when the document is valid). Checks identifiers (present, unique,
 * no ':'), link endpoints (existing node:interface, at most one link per
 * interface, no switch-to-itself), value ranges (delay, bandwidth, loss,
 * mtu, queue, jitter, ports, counts), addresses on switches, service and
 * record types, and scenario actions (known action, existing non-switch
 * node, required fields, target:port for udp-send/tcp-send). Never NULL. */
GPtrArray  *ns_topology_validate (const NsTopology *self);

/* The scenario's rules applied to one action that is not in the scenario
 * (an activity's check): problems named under @path are appended to
 * @problems. */
void        ns_topology_validate_action (const NsTopology *self, const NsTopoAction *action,
                                         const char *path, GPtrArray *problems);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NsProblem, ns_problem_free)

G_END_DECLS
