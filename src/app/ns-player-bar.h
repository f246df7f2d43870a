/* ns-player-bar.h: the transport controls of a run (start, step back,
 * play/pause, step forward, end, speed) and the timeline under the canvas:
 * a marker per event, losses in red and retransmissions in orange, and a
 * handle to drag to any moment. Playback advances the player from one tick
 * callback. */
#pragma once

#include <gtk/gtk.h>

#include "core/player.h"

G_BEGIN_DECLS

/* Screen time each event gets at the "event by event" pace. */
#define NS_PLAYER_BAR_EVENT_USEC (700 * G_TIME_SPAN_MILLISECOND)

#define NS_TYPE_PLAYER_BAR (ns_player_bar_get_type ())
G_DECLARE_FINAL_TYPE (NsPlayerBar, ns_player_bar, NS, PLAYER_BAR, GtkWidget)

GtkWidget *ns_player_bar_new (void);
/* @player is borrowed (the run panel owns it); NULL stops and clears. */
void       ns_player_bar_set_player (NsPlayerBar *self,
                                     NsPlayer    *player);
/* Shows the player's cursor (call after every cursor change). */
void       ns_player_bar_sync (NsPlayerBar *self);

gboolean   ns_player_bar_get_playing (NsPlayerBar *self);
/* Playing from the end starts again from the start. */
void       ns_player_bar_set_playing (NsPlayerBar *self,
                                      gboolean     playing);
/* 0 is the "event by event" pace; otherwise simulated seconds per second
 * of screen time, 0.01 to 100. */
double     ns_player_bar_get_speed (NsPlayerBar *self);
void       ns_player_bar_set_speed (NsPlayerBar *self,
                                    double       speed);
/* Plays @elapsed_usec of screen time at once: the tick callback's work,
 * public so tests and benchmarks can drive it without a frame clock.
 * Stops at the end. */
void       ns_player_bar_advance (NsPlayerBar *self,
                                  gint64       elapsed_usec);

G_END_DECLS
