/* ns-run-style.h: the colours and small drawings the run views share, so a
 * TCP segment is the same green on the canvas, in the log, in the ladder
 * and in the inspector, and the legend explains them all. */
#pragma once

#include <gtk/gtk.h>

#include "core/player.h"

G_BEGIN_DECLS

/* The protocols that colour frames, in legend order (ns_frame_protocol()
 * returns one of them, or "Ethernet"). NULL-terminated. */
extern const char *const ns_run_style_protocols[];

/* TRUE for one of ns_run_style_protocols. */
gboolean ns_run_style_is_frame_protocol (const char *protocol);

/* @protocol: a frame protocol or a dissector layer name ("IPv4",
 * "Payload", ...); unknown ones are grey. */
void   ns_run_style_protocol_rgba (const char *protocol,
                                   GdkRGBA    *rgba_out);
void   ns_run_style_set_source (cairo_t    *cr,
                                const char *protocol,
                                double      alpha);

/* Events that must stand out on the timeline, the log and the ladder. */
void   ns_run_style_loss_rgba (GdkRGBA *rgba_out);        /* red */
void   ns_run_style_retransmit_rgba (GdkRGBA *rgba_out);  /* orange */

/* A step's sign, its colour and its meaning in words, the same in the log,
 * on the timeline and in the legend. The glyph is "" for
 * NS_PLAYER_MARK_NONE; the meaning is translated. */
const char *ns_run_style_mark_glyph (NsPlayerMark mark);
gboolean    ns_run_style_mark_rgba (NsPlayerMark mark,
                                    GdkRGBA     *rgba_out);
const char *ns_run_style_mark_meaning (NsPlayerMark mark);

/* A rounded rectangle path. */
void   ns_run_style_rounded_rect (cairo_t *cr,
                                  double   x,
                                  double   y,
                                  double   width,
                                  double   height,
                                  double   radius);

/* Draws the legend (one chip per protocol, plus "lost" and "resent") with
 * its top-left corner at @x,@y using the widget's font; returns its size. */
void   ns_run_style_draw_legend (cairo_t      *cr,
                                 PangoContext *context,
                                 double        x,
                                 double        y,
                                 gboolean      dark,
                                 double       *width_out,
                                 double       *height_out);

/* The width ns_run_style_draw_legend will take. */
double ns_run_style_legend_width (PangoContext *context);

/* A one-line explanation of what a protocol layer does, for a learner. */
const char *ns_run_style_layer_meaning (const char *protocol);

G_END_DECLS
