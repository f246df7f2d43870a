/* ns-window.h: the window of one document: header bar (with Play),
 * canvas, side panel (properties, scenario) and the player of the
 * document's run below (ns-window-run.c). */
#pragma once

#include <gtk/gtk.h>

#include "ns-activity-pane.h"
#include "ns-application.h"
#include "ns-canvas.h"
#include "ns-document.h"
#include "ns-lesson-card.h"
#include "ns-run-panel.h"

G_BEGIN_DECLS

#define NS_TYPE_WINDOW (ns_window_get_type ())
G_DECLARE_FINAL_TYPE (NsWindow, ns_window, NS, WINDOW, GtkApplicationWindow)

NsWindow   *ns_window_new (NsApplication *application,
                           NsDocument    *document);
NsDocument *ns_window_get_document (NsWindow *self);
/* Replaces the document shown (the caller has asked about unsaved work). */
void        ns_window_set_document (NsWindow   *self,
                                    NsDocument *document);
NsCanvas   *ns_window_get_canvas (NsWindow *self);
/* The Activity page of the side panel. */
NsActivityPane *ns_window_get_activity_pane (NsWindow *self);
/* A short note at the bottom of the canvas that goes away by itself. */
void        ns_window_show_message (NsWindow   *self,
                                    const char *message);
/* Offers the recovery files @paths (a strv) back in a bar. */
void        ns_window_offer_recovery (NsWindow           *self,
                                      const char * const *paths);
/* The box under the canvas that holds the run panel (hidden while the
 * drawing is empty or has no scenario). */
GtkWidget  *ns_window_get_bottom_area (NsWindow *self);
/* The player of the document's run, in the bottom area (its overlay lies
 * on the canvas). The document is simulated when shown and again a moment
 * after each edit, keeping the cursor's time. */
NsRunPanel *ns_window_get_run_panel (NsWindow *self);
/* The card over the side panel with the file's lesson (and an activity's
 * instructions: ns_lesson_card_set_activity). */
NsLessonCard *ns_window_get_lesson_card (NsWindow *self);
/* Simulates the document now if it changed since the run shown (instead
 * of after the pause edits wait for). */
void        ns_window_simulate (NsWindow *self);
/* Opens (or shows) the console of host @node (NULL or "": the selected
 * host, else the first); NULL if there is no such host. */
struct _NsConsole *ns_window_open_console (NsWindow *self, const char *node);
/* The consoles open, in order (free the list, not the widgets). */
GList      *ns_window_get_consoles (NsWindow *self);
/* Writes the recovery file now if the document has unsaved changes (the
 * window does it every NS_RECOVERY_INTERVAL_SECONDS). */
gboolean    ns_window_write_recovery (NsWindow *self);
/* Where this window writes its recovery file. */
const char *ns_window_get_recovery_path (NsWindow *self);

G_END_DECLS
