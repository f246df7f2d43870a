/* validate.h: the rules of docs/file-format.md that a model must keep, checked on
 * a whole document. The loader runs the same rules on every file it reads,
 * and the app runs them again after each edit. */
#pragma once

#include <glib.h>

#include "core/topology.h"

G_BEGIN_DECLS

/* Limits of docs/file-format.md, the one place they are written: they keep
 * every value meaningful and every nanosecond conversion inside a gint64
 * (an hour is 3.6e12 ns). The app's fields check against the same. */
#define NS_TOPO_MAX_DELAY_MS        3600000.0
#define NS_TOPO_MAX_BANDWIDTH_MBPS  1000000.0    /* 1 Tbit/s */
#define NS_TOPO_MAX_COORDINATE      1000000.0
#define NS_TOPO_MAX_AT_SECONDS      1000000.0
#define NS_TOPO_MAX_COUNT           1000000
#define NS_TOPO_MAX_QUEUE           1000000
#define NS_TOPO_MAX_BYTES           G_GUINT64_CONSTANT (1000000000)
#define NS_TOPO_MAX_SEED            G_GUINT64_CONSTANT (9007199254740992)
/* RFC 2181 §8: a TTL is an unsigned 31-bit number. */
#define NS_TOPO_MAX_RECORD_TTL      2147483647u
/* RFC 791: 68 octets is the smallest MTU every IPv4 module must pass;
 * 9000 is the usual jumbo frame. */
#define NS_TOPO_MIN_MTU             68
#define NS_TOPO_MAX_MTU             9000

/* One thing wrong with a document. */
typedef struct {
  char *path;     /* JSON path such as "nodes[3].interfaces[0].ip"; "" = the whole file */
  gint  line;     /* 1-based line in the file, 0 when not known (models not read from a file) */
  char *message;  /* what is wrong, one line, no trailing period */
} NsProblem;

NsProblem  *ns_problem_new (const char *path, gint line, const char *message);
NsProblem *ns_problem_new_printf (const char *path, gint line, const char *format, ...)
  G_GNUC_PRINTF (3, 4);
void        ns_problem_free (NsProblem *problem);
/* "DISPLAY_NAME:LINE: PATH: MESSAGE" (parts that are unknown or empty are
 * left out), e.g. 'bad.netsketch.json:12: nodes[3].interfaces[0].ip:
 * "10.0.0.300/24" is not an IPv4 address with a prefix (A.B.C.D/len)'. */
char       *ns_problem_to_string (const NsProblem *problem, const char *display_name);
/* @text made safe to show: C0 and C1 control characters and DEL become
 * "\x1b", bidirectional formatting characters "\u202e", bytes that are
 * not UTF-8 "\xff"; everything else is kept. NULL for NULL. */
char       *ns_text_escape_controls (const char *text);
/* A file name stem made from @text (a document's title) that stays in the
 * folder it is saved to: no '/' or '\\', no control or bidi character, no
 * leading dot or space, at most about 100 bytes; @fallback if nothing is
 * left. */
char       *ns_safe_file_stem (const char *text, const char *fallback);

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

/* Things that are legal but surprising (CONTRACT.md §2b), as problems
 * that do not stop a run: a host address equal to its subnet's network or
 * broadcast address, a gateway outside every subnet of the node, two
 * interfaces on one LAN in different subnets. Never NULL. */
GPtrArray  *ns_topology_warnings (const NsTopology *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NsProblem, ns_problem_free)

G_END_DECLS
