/* ns-run-panel.h: everything that shows a recorded run, in one widget for
 * the window to embed under the canvas: the player bar (transport, speed,
 * timeline), the event log, the packet inspector, the sequence diagram and
 * the TCP view, all over one NsPlayer and its one cursor. The frames on
 * the canvas are drawn by its overlay widget (ns_run_panel_get_overlay),
 * which the window puts in the GtkOverlay over its canvas.
 *
 * Actions (group "run", see ns_run_panel_attach_to_window): run.play
 * (Space), run.step-forward (Right), run.step-back (Left), run.start
 * (Home), run.end (End), run.export-pcap, run.open-wireshark (enabled
 * where `wireshark` is in PATH). */
#pragma once

#include <gtk/gtk.h>

#include "core/player.h"
#include "core/run.h"
#include "ns-canvas.h"
#include "ns-device-panel.h"
#include "ns-event-log.h"
#include "ns-inspector.h"
#include "ns-ladder.h"
#include "ns-player-bar.h"
#include "ns-run-overlay.h"
#include "ns-tcp-view.h"

G_BEGIN_DECLS

#define NS_TYPE_RUN_PANEL (ns_run_panel_get_type ())
G_DECLARE_FINAL_TYPE (NsRunPanel, ns_run_panel, NS, RUN_PANEL, GtkWidget)

GtkWidget    *ns_run_panel_new (void);

/* Shows @run (transfer full: the panel owns it from now on; it must have
 * been executed). NULL clears. A new run of the same drawing (after an
 * edit) keeps the cursor at the same time. */
void          ns_run_panel_set_run (NsRunPanel *self,
                                    NsRun      *run);
/* The player of the run shown, or NULL. */
NsPlayer     *ns_run_panel_get_player (NsRunPanel *self);

/* The widget that draws the run over the canvas (owned by the panel; add
 * it with gtk_overlay_add_overlay). */
GtkWidget    *ns_run_panel_get_overlay (NsRunPanel *self);
/* The canvas the overlay lies over (borrowed). */
void          ns_run_panel_set_canvas (NsRunPanel *self,
                                       NsCanvas   *canvas);

/* The "run" action group; ns_run_panel_attach_to_window inserts it into
 * @window and adds the keyboard shortcuts (Space, Left, Right, Home, End)
 * to it, so they work wherever the focus is (except where a child uses the
 * key itself, as a text entry does). */
GActionGroup *ns_run_panel_get_actions (NsRunPanel *self);
void          ns_run_panel_attach_to_window (NsRunPanel *self,
                                             GtkWindow  *window);

/* The frame (flight index) being inspected, or -1. */
void          ns_run_panel_select_flight (NsRunPanel *self,
                                          gint        flight);
gint          ns_run_panel_get_selected_flight (NsRunPanel *self);

/* The parts, for tests. */
NsPlayerBar  *ns_run_panel_get_player_bar (NsRunPanel *self);
NsEventLog   *ns_run_panel_get_event_log (NsRunPanel *self);
NsInspector  *ns_run_panel_get_inspector (NsRunPanel *self);
NsLadder     *ns_run_panel_get_ladder (NsRunPanel *self);
NsTcpView    *ns_run_panel_get_tcp_view (NsRunPanel *self);
/* The Device tab: the selected node's tables at the cursor. */
NsDevicePanel *ns_run_panel_get_device_panel (NsRunPanel *self);

G_END_DECLS
