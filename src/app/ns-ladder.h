/* ns-ladder.h: the sequence (ladder) diagram of a run: hosts and routers
 * as columns, time downwards, an arrow per frame labelled like the canvas,
 * lost ones ending in a cross. A line marks the cursor's time and the view
 * scrolls to keep it in sight; clicking an arrow emits "arrow-activated"
 * (step, flight). */
#pragma once

#include <gtk/gtk.h>

#include "core/player.h"

G_BEGIN_DECLS

#define NS_TYPE_LADDER (ns_ladder_get_type ())
G_DECLARE_FINAL_TYPE (NsLadder, ns_ladder, NS, LADDER, GtkWidget)

GtkWidget *ns_ladder_new (void);
/* Borrowed; NULL empties it. */
void       ns_ladder_set_player (NsLadder *self,
                                 NsPlayer *player);
/* Moves the cursor line (and scrolls to it); call after every cursor change. */
void       ns_ladder_sync (NsLadder *self);
void       ns_ladder_set_selected_flight (NsLadder *self,
                                          gint      flight);
/* The TCP connection the learner looks at (-1: none): the "only this
 * connection" switch shows only its segments. */
void       ns_ladder_set_focus_conn (NsLadder *self,
                                     gint      conn);
/* Only the segments of the focus connection, or every frame. */
void       ns_ladder_set_only_conn (NsLadder *self,
                                    gboolean  only);
void       ns_ladder_set_show_switches (NsLadder *self,
                                        gboolean  show);
guint      ns_ladder_get_n_arrows (NsLadder *self);
/* Where the moment @t is in the diagram (px from its top). */
double     ns_ladder_y_for_time (NsLadder *self,
                                 gint64    t);
guint      ns_ladder_get_n_columns (NsLadder *self);
/* The arrow (index) at point @x,@y of the diagram area, or -1. */
gint       ns_ladder_arrow_at (NsLadder *self,
                               double    x,
                               double    y);
/* Draws the rows visible between @top and @top+@height of the diagram
 * (width @width) into @cr: what the widget shows (and the benchmark). */
void       ns_ladder_render (NsLadder *self,
                             cairo_t  *cr,
                             double    width,
                             double    top,
                             double    height);

G_END_DECLS
