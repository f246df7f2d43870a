/* ns-canvas.h: the drawing of a document, and the mouse work on it: place,
 * select, move, connect, pan and zoom. */
#pragma once

#include <gtk/gtk.h>

#include "ns-document.h"

G_BEGIN_DECLS

typedef enum {
  NS_TOOL_SELECT,
  NS_TOOL_HOST,
  NS_TOOL_SWITCH,
  NS_TOOL_ROUTER,
  NS_TOOL_CONNECT,
} NsTool;

#define NS_CANVAS_MIN_ZOOM 0.05
#define NS_CANVAS_MAX_ZOOM 4.0

#define NS_TYPE_CANVAS (ns_canvas_get_type ())
G_DECLARE_FINAL_TYPE (NsCanvas, ns_canvas, NS, CANVAS, GtkWidget)

/* Called at the end of each canvas draw, with @cr in world coordinates.
 * The run overlay (ns-run-overlay.c, which draws the packets in its own
 * widget above the canvas) uses it to notice that the view moved or
 * zoomed and redraw itself. */
typedef void (*NsCanvasDrawnFunc) (NsCanvas *canvas,
                                   cairo_t  *cr,
                                   gpointer  user_data);

GtkWidget  *ns_canvas_new (void);
NsDocument *ns_canvas_get_document (NsCanvas *self);
void        ns_canvas_set_document (NsCanvas   *self,
                                    NsDocument *document);
NsTool      ns_canvas_get_tool (NsCanvas *self);
void        ns_canvas_set_tool (NsCanvas *self,
                                NsTool    tool);
gboolean    ns_canvas_get_snap_to_grid (NsCanvas *self);
void        ns_canvas_set_snap_to_grid (NsCanvas *self,
                                        gboolean  snap);
double      ns_canvas_get_zoom (NsCanvas *self);
/* Zooms by @factor keeping the world point under widget point @x,@y. */
void        ns_canvas_zoom_at (NsCanvas *self,
                               double    factor,
                               double    x,
                               double    y);
/* Zooms around the middle of the view. */
void        ns_canvas_zoom_by (NsCanvas *self,
                               double    factor);
void        ns_canvas_set_zoom (NsCanvas *self,
                                double    zoom);
/* Shows the whole drawing, never above 100 %. Before the canvas has a
 * size, this happens once it gets one. */
void        ns_canvas_fit (NsCanvas *self);
/* Places the world point @wx,@wy at the widget's top-left corner. */
void        ns_canvas_set_origin (NsCanvas *self,
                                  double    wx,
                                  double    wy);

void        ns_canvas_widget_to_world (NsCanvas *self,
                                       double    x,
                                       double    y,
                                       double   *wx,
                                       double   *wy);
void        ns_canvas_world_to_widget (NsCanvas *self,
                                       double    wx,
                                       double    wy,
                                       double   *x,
                                       double   *y);

void        ns_canvas_set_drawn_func (NsCanvas          *self,
                                      NsCanvasDrawnFunc  func,
                                      gpointer           user_data,
                                      GDestroyNotify     destroy);

G_END_DECLS
