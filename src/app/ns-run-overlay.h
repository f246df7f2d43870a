/* ns-run-overlay.h: a recorded run drawn over the canvas: every frame in
 * the air at the cursor's time at its true place on its link, coloured by
 * protocol and labelled ("SYN", "ACK 1461", "DNS A? www.example.com"); lost
 * frames break up where they were lost, queue drops show at the sender,
 * retransmitted segments are marked. Hosts show their open ports and TCP
 * states; the node under the pointer shows its ARP cache, routing table and
 * counters. A legend explains the colours.
 *
 * It is a widget for a GtkOverlay over the canvas, the same size as the
 * canvas, and reads the canvas's view transform. It takes no pointer
 * events itself (the canvas keeps its own); it listens on the canvas for a
 * click on a frame and for the pointer resting on a node. */
#pragma once

#include <gtk/gtk.h>

#include "core/player.h"
#include "ns-canvas.h"

G_BEGIN_DECLS

#define NS_TYPE_RUN_OVERLAY (ns_run_overlay_get_type ())
G_DECLARE_FINAL_TYPE (NsRunOverlay, ns_run_overlay, NS, RUN_OVERLAY, GtkWidget)

GtkWidget  *ns_run_overlay_new (void);
/* The canvas it lies over (borrowed; NULL: it fits the topology into
 * itself, as the benchmark does). */
void        ns_run_overlay_set_canvas (NsRunOverlay *self,
                                       NsCanvas     *canvas);
/* Borrowed; NULL hides everything. */
void        ns_run_overlay_set_player (NsRunOverlay *self,
                                       NsPlayer     *player);
/* Redraws for the player's cursor (call after every cursor change). */
void        ns_run_overlay_sync (NsRunOverlay *self);

/* The frame (flight index) drawn as selected, or -1. */
void        ns_run_overlay_set_selected_flight (NsRunOverlay *self,
                                                gint          flight);
gint        ns_run_overlay_get_selected_flight (NsRunOverlay *self);
/* The node whose tables are shown, or NULL. */
void        ns_run_overlay_set_hover_node (NsRunOverlay *self,
                                           const char   *node);
const char *ns_run_overlay_get_hover_node (NsRunOverlay *self);
void        ns_run_overlay_set_show_legend (NsRunOverlay *self,
                                            gboolean      show);

/* The frames in the air at the cursor (as drawn), and the flight of the
 * i-th; for tests. */
guint       ns_run_overlay_get_n_frames (NsRunOverlay *self);
gint        ns_run_overlay_get_frame_flight (NsRunOverlay *self,
                                             guint         index);
/* The flight drawn at widget point @x,@y, or -1. */
gint        ns_run_overlay_flight_at (NsRunOverlay *self,
                                      double        x,
                                      double        y);
/* Draws what the widget shows at @width x @height into @cr (snapshot and
 * the benchmark both draw through it). */
void        ns_run_overlay_render (NsRunOverlay *self,
                                   cairo_t      *cr,
                                   double        width,
                                   double        height);

G_END_DECLS
