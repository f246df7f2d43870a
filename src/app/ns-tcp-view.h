/* ns-tcp-view.h: one TCP connection over time: its state, send and
 * receive sequence numbers, window, cwnd, ssthresh, SRTT and RTO as small
 * plots with the cursor, and the retransmission timer counting down while
 * a segment waits for its acknowledgement (RFC 6298). */
#pragma once

#include <gtk/gtk.h>

#include "core/player.h"

G_BEGIN_DECLS

#define NS_TYPE_TCP_VIEW (ns_tcp_view_get_type ())
G_DECLARE_FINAL_TYPE (NsTcpView, ns_tcp_view, NS, TCP_VIEW, GtkWidget)

GtkWidget *ns_tcp_view_new (void);
/* Borrowed; NULL empties it. */
void       ns_tcp_view_set_player (NsTcpView *self,
                                   NsPlayer  *player);
/* Shows the cursor's moment; call after every cursor change. */
void       ns_tcp_view_sync (NsTcpView *self);
/* The connection shown (ns_player_get_conn), or -1 for none. */
void       ns_tcp_view_set_conn (NsTcpView *self,
                                 gint       conn);
gint       ns_tcp_view_get_conn (NsTcpView *self);
/* The state text shown ("ESTABLISHED"), for tests. */
const char *ns_tcp_view_get_state_text (NsTcpView *self);

G_END_DECLS
