/* ns-window-private.h: the window's fields, shared by ns-window.c (layout,
 * editing actions), ns-window-files.c (open, save, export, close,
 * recovery) and ns-window-run.c (simulating, the player). */
#pragma once

#include "ns-activity-pane.h"
#include "ns-canvas.h"
#include "ns-lesson-card.h"
#include "ns-properties.h"
#include "ns-run-panel.h"
#include "ns-scenario-editor.h"
#include "ns-window.h"

G_BEGIN_DECLS

struct _NsWindow
{
  GtkApplicationWindow parent_instance;

  NsDocument        *document;
  gulong             notify_modified_id;
  gulong             notify_file_id;
  gulong             changed_id;
  gulong             selection_id;
  GCancellable      *cancellable;

  char              *tool;              /* "select", "host", ... (win.tool) */
  gboolean           show_side_panel;   /* win.show-side-panel */
  char              *side_page;         /* win.side-page: "properties", "scenario" or
                                           "activity" */

  char              *recovery_path;
  guint              recovery_source;
  guint              toast_source;
  gboolean           close_confirmed;

  /* The run (ns-window-run.c). */
  NsRunPanel        *run_panel;          /* in bottom_area */
  guint              run_source;         /* pending re-simulation */
  char              *run_fingerprint;    /* what the run shown was made from */
  char              *run_problems;       /* why it cannot run, or NULL */
  int                run_bar_response;
  gint64             run_time;           /* the cursor's moment, kept across runs */
  gulong             run_paned_id;       /* until the player's height is placed */

  /* Template children. */
  GtkLabel          *title_label;
  GtkLabel          *subtitle_label;
  GtkMenuButton     *menu_button;
  GtkInfoBar        *recovery_bar;
  GtkLabel          *recovery_label;
  GtkInfoBar        *run_bar;
  GtkLabel          *run_label;
  GtkButton         *run_bar_button;
  GtkImage          *play_image;
  GtkLabel          *play_label;
  GtkOverlay        *canvas_overlay;
  GtkPaned          *outer_paned;
  GtkWidget         *main_box;
  NsCanvas          *canvas;
  GtkWidget         *empty_hint;
  GtkButton         *zoom_button;
  GtkRevealer       *toast_revealer;
  GtkLabel          *toast_label;
  GtkWidget         *side_panel;
  NsProperties      *properties;
  NsScenarioEditor  *scenario_editor;
  NsActivityPane    *activity_pane;
  GtkWidget         *bottom_area;

  NsLessonCard      *lesson_card;        /* first in side_panel */
};

/* ns-window-files.c */
void      _ns_window_class_add_file_actions (GtkWidgetClass *widget_class);
void      _ns_window_update_recovery (NsWindow *self);
void      _ns_window_drop_recovery (NsWindow *self);
gboolean  _ns_window_close_request (GtkWindow *window);

/* ns-window-console.c */
void      _ns_window_class_add_console_actions (GtkWidgetClass *widget_class);

/* ns-window-run.c */
void      _ns_window_setup_run (NsWindow *self);
void      _ns_window_dispose_run (NsWindow *self);
void      _ns_window_schedule_run (NsWindow *self);
void      _ns_window_reset_run (NsWindow *self);

G_END_DECLS
