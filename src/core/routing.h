/* routing.h: `routing: "auto"` of docs/file-format.md: shortest paths by total
 * link delay, computed from the drawing. Switches are layer 2: every node
 * joined through switches (and direct links) shares one network segment. */
#pragma once

#include <glib.h>

#include "core/topology.h"

G_BEGIN_DECLS

typedef struct {
  guint32  dest;          /* network, host byte order */
  guint    prefix_len;
  guint32  via;           /* next hop's address on a shared segment */
  char    *iface;         /* the node's interface that reaches @via */
} NsAutoRoute;

void         ns_auto_route_free (NsAutoRoute *route);

/* One GPtrArray of NsAutoRoute* per node, indexed like topology->nodes
 * (the outer array frees the inner ones). Hosts without a gateway get a
 * default route 0.0.0.0/0 via the nearest router on their segment (if
 * any); routers get one route per interface network of the topology that is
 * not directly connected, via the next router on the shortest path (by
 * total link delay; ties break towards the lower node index, then lower
 * address). Routes whose dest/prefix a hand-written route already has are
 * left out; switches get none. Works on any model (invalid parts such as
 * dangling links are skipped). */
GPtrArray   *ns_routing_compute (const NsTopology *topology);

/* The same, one node at a time, for runs that compute a node's routes
 * only when it first needs them (a large network where a few nodes send):
 * the segments, router adjacencies and networks are found once by
 * ns_routing_new (linear in the file, plus each router's segments), and
 * ns_routing_routes_for gives what ns_routing_compute()[@node] would
 * (one shortest-path search). @topology must outlive the NsRouting. */
typedef struct _NsRouting NsRouting;

NsRouting   *ns_routing_new (const NsTopology *topology);
GPtrArray   *ns_routing_routes_for (NsRouting *self, guint node);
/* The same routes appended to @out (a GArray of NsRoutingRoute), with no
 * allocation per route. */
typedef struct {
  guint32  dest;
  guint    prefix_len;
  guint32  via;
} NsRoutingRoute;
void         ns_routing_add_to (NsRouting *self, guint node, GArray *out);
void         ns_routing_free (NsRouting *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NsRouting, ns_routing_free)

G_END_DECLS
