/* ns-symbols.h: the node symbols, labels and links of a topology, drawn
 * with cairo (packets in flight are drawn by ns-run-overlay.c). The canvas
 * draws through it on screen and the export code draws through it into
 * PNG, SVG and PDF surfaces, so the two never differ. Coordinates are the
 * file's canvas coordinates ("world" units); the caller sets up the
 * transformation to device space. */
#pragma once

#include <cairo.h>
#include <graphene.h>

#include "core/topology.h"

G_BEGIN_DECLS

/* Half extents of the area a node's symbol takes, around its (x, y). */
#define NS_SYMBOLS_NODE_HALF_WIDTH  28.0
#define NS_SYMBOLS_NODE_HALF_HEIGHT 24.0
#define NS_SYMBOLS_GRID             20.0

/* Symbols rendered once per zoom level, then copied: for screens, not for
 * vector output. */
typedef struct _NsSymbolsCache NsSymbolsCache;

NsSymbolsCache *ns_symbols_cache_new (void);
void            ns_symbols_cache_free (NsSymbolsCache *cache);

typedef struct {
  GHashTable      *selected_nodes;  /* set of node ids, or NULL */
  GHashTable      *selected_links;  /* set of link ids, or NULL */
  const char      *hover_node;      /* or NULL */
  const char      *hover_link;      /* or NULL */
  /* Nodes moved by this much while they are dragged (not yet applied). */
  GHashTable      *moving_nodes;    /* set of node ids, or NULL */
  double           move_dx, move_dy;
  gboolean         draw_grid;
  /* Device pixels per world unit: below a threshold, labels are left out
   * (they would be unreadable) and symbols are simplified. */
  double           scale;
  /* Only what meets this world rectangle is drawn; NULL draws everything. */
  const graphene_rect_t *visible;
  NsSymbolsCache  *cache;           /* or NULL: draw every symbol */
} NsSymbolsOptions;

void         ns_symbols_options_init (NsSymbolsOptions *options);

/* Draws links, then nodes with their labels, in world coordinates. */
void         ns_symbols_render (cairo_t                *cr,
                                const NsTopology       *topology,
                                const NsSymbolsOptions *options);

/* The grid over @area (world coordinates). */
void         ns_symbols_render_grid (cairo_t               *cr,
                                     const graphene_rect_t *area,
                                     double                 scale);

/* The smallest rectangle holding every symbol and label; FALSE when the
 * topology has no node. */
gboolean     ns_symbols_get_bounds (const NsTopology *topology,
                                    graphene_rect_t  *bounds_out);

/* Hit tests, in world coordinates. @tolerance is in world units. */
NsTopoNode  *ns_symbols_node_at (const NsTopology *topology,
                                 double            x,
                                 double            y);
NsTopoLink  *ns_symbols_link_at (const NsTopology *topology,
                                 double            x,
                                 double            y,
                                 double            tolerance);

/* The rectangle of a node's symbol (no label). */
void         ns_symbols_node_rect (const NsTopoNode *node,
                                   graphene_rect_t  *rect_out);

/* "Host", "Router", "Switch", translated. */
const char  *ns_symbols_kind_name (NsNodeKind kind);

/* The text shown when the pointer rests on a link, e.g.
 * "l1 · 2 ms · 100 Mbit/s · loss 1 %". */
char        *ns_symbols_link_tooltip (const NsTopoLink *link);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NsSymbolsCache, ns_symbols_cache_free)

G_END_DECLS
