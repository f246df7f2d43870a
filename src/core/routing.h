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

G_END_DECLS
