/* ns-run-panel.c: one player, one cursor, every view of the run. The
 * panel is the only one that changes what is selected: views tell it what
 * the learner chose (a row, an arrow, a packet) and it moves the cursor and
 * tells every view. */
#include "ns-run-panel.h"

#include <glib/gi18n.h>

#include <unistd.h>

#include "core/pcapng.h"
#include "core/validate.h"
#include "ns-problems-dialog.h"

struct _NsRunPanel
{
  GtkWidget           parent_instance;

  NsPlayer           *player;
  NsRunOverlay       *overlay;       /* owned (a reference) */
  GSimpleActionGroup *actions;
  gint                selected_flight;
  gint                shown_step;    /* the step the inspector follows */
  GCancellable       *cancellable;

  /* Template children. */
  NsPlayerBar        *player_bar;
  GtkPaned           *paned;
  GtkNotebook        *left_book;
  GtkNotebook        *right_book;
  NsEventLog         *event_log;
  NsLadder           *ladder;
  NsInspector        *inspector;
  NsTcpView          *tcp_view;
  NsDevicePanel      *device_panel;
};

G_DEFINE_FINAL_TYPE (NsRunPanel, ns_run_panel, GTK_TYPE_WIDGET)

static void
update_actions (NsRunPanel *self)
{
  gboolean has = self->player != NULL && ns_player_get_n_steps (self->player) > 0;
  gint step = has ? ns_player_get_step (self->player) : -1;
  const char *names[] = { "play", "step-forward", "step-back",     "start",
                          "end",  "export-pcap",  "open-wireshark" };
  gboolean enabled[] = {
    has,
    has && !ns_player_at_end (self->player),
    has && (step >= 0 || ns_player_get_time (self->player) > 0),
    has && (step >= 0 || ns_player_get_time (self->player) > 0),
    has && !ns_player_at_end (self->player),
    self->player != NULL,
    FALSE,
  };
  g_autofree char *wireshark = g_find_program_in_path ("wireshark");

  enabled[6] = enabled[5] && wireshark != NULL;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), names[i]);

      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled[i]);
    }
}

static char *
flight_heading (NsRunPanel           *self,
                const NsPlayerFlight *flight)
{
  g_autofree char *t = ns_player_format_time (flight->t_start);
  const char *fate = flight->queue_drop ? _("dropped: the sender's queue was full")
                     : flight->lost ? _("lost on the way")
                     : flight->arrived ? _("arrived")
                     : _("still on the way when the run ended");
  gsize len = flight->packet != NULL ? flight->packet->len : 0;
  g_autofree char *bytes =
    g_strdup_printf (ngettext ("%lu byte", "%lu bytes", (gulong)len), (gulong)len);
  g_autofree char *number = g_strdup_printf ("%" G_GUINT64_FORMAT, flight->frame);

  /* TRANSLATORS: frame number, time, link, sender, receiver, "N bytes", its fate, and maybe " · a
   * retransmission" */
  return g_strdup_printf (_("Frame %s · sent at %s on %s · %s → %s · %s · %s%s"),
                          number, t, flight->link, flight->from,
                          flight->to != NULL ? flight->to : "?", bytes,
                          fate, flight->retransmission ? _(" · a retransmission") : "");
}

/* The why of a frame: what sent it, and what became of it. */
static char *
flight_why (NsRunPanel           *self,
            const NsPlayerFlight *flight,
            gint                  step)
{
  const NsPlayerStep *tx = ns_player_get_step_info (self->player, flight->tx_step);
  const NsPlayerStep *end =
    flight->end_step >= 0 ? ns_player_get_step_info (self->player, flight->end_step) : NULL;
  const NsPlayerStep *here = step >= 0 ? ns_player_get_step_info (self->player, step) : NULL;

  if (here != NULL && here->why != NULL)
    return g_strdup (here->why);
  if (end != NULL && end->kind == NS_TRACE_DROP && end->why != NULL)
    return g_strdup (end->why);
  return g_strdup (tx != NULL ? tx->why : NULL);
}

static void
show_flight (NsRunPanel *self,
             gint        flight_index,
             gint        step)
{
  const NsPlayerFlight *flight = ns_player_get_flight (self->player, flight_index);
  g_autofree char *heading = NULL;
  g_autofree char *why = NULL;

  if (flight == NULL || flight->packet == NULL)
    {
      ns_inspector_clear (self->inspector);
      return;
    }
  heading = flight_heading (self, flight);
  why = flight_why (self, flight, step);
  ns_inspector_show_frame (self->inspector, flight->packet->data, flight->packet->len, heading,
                           why);
}

/* The TCP tab and the ladder's "only this connection" follow the
 * connection of what the learner looks at. */
static void
focus_conn (NsRunPanel *self,
            gint        conn)
{
  if (conn < 0)
    return;
  ns_tcp_view_set_conn (self->tcp_view, conn);
  ns_ladder_set_focus_conn (self->ladder, ns_tcp_view_get_conn (self->tcp_view));
}

static void
set_selected_flight (NsRunPanel *self,
                     gint        flight)
{
  const NsPlayerFlight *f = flight >= 0 ? ns_player_get_flight (self->player, flight) : NULL;

  self->selected_flight = flight;
  ns_run_overlay_set_selected_flight (self->overlay, flight);
  ns_ladder_set_selected_flight (self->ladder, flight);
  if (f != NULL)
    focus_conn (self, f->conn);
}

/* The inspector follows the cursor: at each new step it shows that step's
 * frame, or the event itself. */
static void
follow_step (NsRunPanel *self)
{
  gint s = ns_player_get_step (self->player);
  const NsPlayerStep *step;

  if (s == self->shown_step)
    return;
  self->shown_step = s;
  if (s < 0)
    {
      set_selected_flight (self, -1);
      ns_inspector_clear (self->inspector);
      return;
    }
  step = ns_player_get_step_info (self->player, s);
  focus_conn (self, step->conn);
  if (step->flight >= 0)
    {
      set_selected_flight (self, step->flight);
      show_flight (self, step->flight, s);
    }
  else
    {
      g_autofree char *t = ns_player_format_time (step->t);
      g_autofree char *heading = g_strdup_printf (_("Event %d · %s · %s%s%s"), s + 1, t,
                                                  step->node != NULL ? step->node : "",
                                                  step->node != NULL ? ": " : "", step->text);

      set_selected_flight (self, -1);
      ns_inspector_show_event (self->inspector, heading, step->why);
    }
}

static guint cursor_changed_signal;

static void
on_player_changed (NsPlayer *player,
                   gpointer  user_data)
{
  NsRunPanel *self = user_data;

  ns_player_bar_sync (self->player_bar);
  ns_run_overlay_sync (self->overlay);
  ns_event_log_sync (self->event_log);
  ns_ladder_sync (self->ladder);
  ns_tcp_view_sync (self->tcp_view);
  ns_device_panel_sync (self->device_panel);
  follow_step (self);
  update_actions (self);
  g_signal_emit (self, cursor_changed_signal, 0);
}

void
ns_run_panel_set_run (NsRunPanel *self,
                      NsRun      *run)
{
  gint64 keep_time = -1;

  g_return_if_fail (NS_IS_RUN_PANEL (self));

  if (self->player != NULL)
    keep_time = ns_player_get_time (self->player);
  ns_player_bar_set_player (self->player_bar, NULL);
  ns_run_overlay_set_player (self->overlay, NULL);
  ns_event_log_set_player (self->event_log, NULL);
  ns_ladder_set_player (self->ladder, NULL);
  ns_tcp_view_set_player (self->tcp_view, NULL);
  ns_device_panel_set_player (self->device_panel, NULL);
  g_clear_pointer (&self->player, ns_player_free);
  self->selected_flight = -1;
  self->shown_step = G_MININT;
  ns_inspector_clear (self->inspector);

  if (run != NULL)
    {
      self->player = ns_player_new_for_run (run);
      /* An edit re-simulates: the learner stays at the same moment and
       * sees what changed there. */
      if (keep_time > 0)
        ns_player_seek_time (self->player, keep_time);
      ns_player_set_changed_func (self->player, on_player_changed, self, NULL);
    }
  ns_player_bar_set_player (self->player_bar, self->player);
  ns_run_overlay_set_player (self->overlay, self->player);
  ns_event_log_set_player (self->event_log, self->player);
  ns_ladder_set_player (self->ladder, self->player);
  ns_tcp_view_set_player (self->tcp_view, self->player);
  ns_device_panel_set_player (self->device_panel, self->player);
  if (self->player != NULL)
    on_player_changed (self->player, self);
  else
    {
      update_actions (self);
      g_signal_emit (self, cursor_changed_signal, 0);
    }
}

NsPlayer *
ns_run_panel_get_player (NsRunPanel *self)
{
  g_return_val_if_fail (NS_IS_RUN_PANEL (self), NULL);

  return self->player;
}

GtkWidget *
ns_run_panel_get_overlay (NsRunPanel *self)
{
  g_return_val_if_fail (NS_IS_RUN_PANEL (self), NULL);

  return GTK_WIDGET (self->overlay);
}

void
ns_run_panel_set_canvas (NsRunPanel *self,
                         NsCanvas   *canvas)
{
  g_return_if_fail (NS_IS_RUN_PANEL (self));

  ns_run_overlay_set_canvas (self->overlay, canvas);
}

GActionGroup *
ns_run_panel_get_actions (NsRunPanel *self)
{
  g_return_val_if_fail (NS_IS_RUN_PANEL (self), NULL);

  return G_ACTION_GROUP (self->actions);
}

void
ns_run_panel_attach_to_window (NsRunPanel *self,
                               GtkWindow  *window)
{
  static const struct { const char *trigger; const char *action; } keys[] = {
    { "space", "run.play" },
    { "Right", "run.step-forward" },
    { "Left", "run.step-back" },
    { "Home", "run.start" },
    { "End", "run.end" },
  };
  GtkEventController *controller;

  g_return_if_fail (NS_IS_RUN_PANEL (self));
  g_return_if_fail (GTK_IS_WINDOW (window));

  gtk_widget_insert_action_group (GTK_WIDGET (window), "run", G_ACTION_GROUP (self->actions));
  controller = gtk_shortcut_controller_new ();
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (controller),
      gtk_shortcut_new (gtk_shortcut_trigger_parse_string (keys[i].trigger),
                        gtk_named_action_new (keys[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (window), controller);
}

void
ns_run_panel_select_flight (NsRunPanel *self,
                            gint        flight)
{
  g_return_if_fail (NS_IS_RUN_PANEL (self));

  if (self->player == NULL || flight >= (gint) ns_player_get_n_flights (self->player))
    return;
  set_selected_flight (self, flight);
  if (flight >= 0)
    show_flight (self, flight, -1);
  else
    ns_inspector_clear (self->inspector);
}

gint
ns_run_panel_get_selected_flight (NsRunPanel *self)
{
  g_return_val_if_fail (NS_IS_RUN_PANEL (self), -1);

  return self->selected_flight;
}

NsPlayerBar *
ns_run_panel_get_player_bar (NsRunPanel *self)
{
  return self->player_bar;
}

NsEventLog *
ns_run_panel_get_event_log (NsRunPanel *self)
{
  return self->event_log;
}

NsInspector *
ns_run_panel_get_inspector (NsRunPanel *self)
{
  return self->inspector;
}

NsLadder *
ns_run_panel_get_ladder (NsRunPanel *self)
{
  return self->ladder;
}

NsDevicePanel *
ns_run_panel_get_device_panel (NsRunPanel *self)
{
  g_return_val_if_fail (NS_IS_RUN_PANEL (self), NULL);

  return self->device_panel;
}

NsTcpView *
ns_run_panel_get_tcp_view (NsRunPanel *self)
{
  return self->tcp_view;
}

/* ---- what the views report ---- */

static void
on_step_activated (NsEventLog *log,
                   guint       step,
                   NsRunPanel *self)
{
  if (self->player == NULL)
    return;
  ns_player_bar_set_playing (self->player_bar, FALSE);
  ns_player_seek_step (self->player, (gint) step);
}

static void
on_flight_activated (NsRunOverlay *overlay,
                     guint         flight,
                     NsRunPanel   *self)
{
  ns_run_panel_select_flight (self, (gint) flight);
  gtk_notebook_set_current_page (self->right_book, 0);
}

static void
on_arrow_activated (NsLadder   *ladder,
                    guint       step,
                    guint       flight,
                    NsRunPanel *self)
{
  if (self->player == NULL)
    return;
  ns_player_bar_set_playing (self->player_bar, FALSE);
  ns_player_seek_step (self->player, (gint) step);
  ns_run_panel_select_flight (self, (gint) flight);
}

/* ---- actions ---- */

static void
play_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  NsRunPanel *self = user_data;

  ns_player_bar_set_playing (self->player_bar, !ns_player_bar_get_playing (self->player_bar));
}

/* Every move of the cursor by hand stops playback first. FALSE when there
 * is no run to move in. */
static gboolean
pause_for_move (NsRunPanel *self)
{
  if (self->player == NULL)
    return FALSE;
  ns_player_bar_set_playing (self->player_bar, FALSE);
  return TRUE;
}

static void
step_forward_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NsRunPanel *self = user_data;

  if (pause_for_move (self))
    ns_player_step_forward (self->player);
}

static void
step_back_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NsRunPanel *self = user_data;

  if (pause_for_move (self))
    ns_player_step_back (self->player);
}

static void
start_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NsRunPanel *self = user_data;

  if (pause_for_move (self))
    ns_player_seek_start (self->player);
}

static void
end_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NsRunPanel *self = user_data;

  if (pause_for_move (self))
    ns_player_seek_end (self->player);
}

/* The capture of the run: one interface per link of the drawing, in file
 * order, as the command line writes it (docs/command-line.md). */
static gboolean
write_capture (NsRunPanel  *self,
               const char  *path,
               GError     **error)
{
  const NsTopology *topology = ns_player_get_topology (self->player);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; topology != NULL && i < topology->links->len; i++)
    g_ptr_array_add (names, ((NsTopoLink *) g_ptr_array_index (topology->links, i))->id);
  g_ptr_array_add (names, NULL);
  return ns_pcapng_write_file (ns_player_get_trace (self->player),
                               (const char *const *)names->pdata, path, error);
}

static GtkWindow *
panel_window (NsRunPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
report_error (NsRunPanel *self,
              const char *primary,
              GError     *error)
{
  ns_show_problems_dialog (panel_window (self), primary, error->message);
}

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    NsRunPanel      *self)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->player != NULL)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      path = file != NULL ? g_file_get_path (file) : NULL;
      if (path != NULL && !write_capture (self, path, &error))
        report_error (self, _("The capture could not be saved"), error);
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
export_pcap_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  NsRunPanel *self = user_data;
  GtkFileChooserNative *dialog;
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  const NsTopology *topology = self->player != NULL ? ns_player_get_topology (self->player) : NULL;
  g_autofree char *name = NULL;

  dialog = gtk_file_chooser_native_new (_("Export the capture for Wireshark"), panel_window (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, "_Export", "_Cancel");
  gtk_file_filter_set_name (filter, "pcapng captures");
  gtk_file_filter_add_pattern (filter, "*.pcapng");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  {
    /* The title is the file's to choose: made a plain base name, so one
     * click on Export cannot write outside the folder shown. */
    g_autofree char *stem = ns_safe_file_stem (topology != NULL ? topology->title : NULL, "run");

    name = g_strdup_printf ("%s.pcapng", stem);
  }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_wireshark_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  NsRunPanel *self = user_data;
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "netsketch", NULL);
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) process = NULL;
  static guint counter;

  if (self->player == NULL)
    return;
  g_mkdir_with_parents (dir, 0700);
  path = g_strdup_printf ("%s/run-%d-%u.pcapng", dir, (int) getpid (), ++counter);
  if (!write_capture (self, path, &error))
    {
      report_error (self, _("The capture could not be written"), error);
      return;
    }
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "wireshark", path, NULL);
  if (process == NULL)
    report_error (self, _("Wireshark could not be started"), error);
}

static const GActionEntry action_entries[] = {
  { .name = "play", .activate = play_activated },
  { .name = "step-forward", .activate = step_forward_activated },
  { .name = "step-back", .activate = step_back_activated },
  { .name = "start", .activate = start_activated },
  { .name = "end", .activate = end_activated },
  { .name = "export-pcap", .activate = export_pcap_activated },
  { .name = "open-wireshark", .activate = open_wireshark_activated },
};

/* ---- life ---- */

GtkWidget *
ns_run_panel_new (void)
{
  return g_object_new (NS_TYPE_RUN_PANEL, NULL);
}

static void
ns_run_panel_dispose (GObject *object)
{
  NsRunPanel *self = NS_RUN_PANEL (object);

  if (self->player != NULL)
    ns_run_panel_set_run (self, NULL);
  if (self->overlay != NULL)
    {
      ns_run_overlay_set_canvas (self->overlay, NULL);
      g_clear_object (&self->overlay);
    }
  g_clear_object (&self->actions);
  gtk_widget_dispose_template (GTK_WIDGET (self), NS_TYPE_RUN_PANEL);
  /* The template's unnamed outer box too. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (ns_run_panel_parent_class)->dispose (object);
}

static void
ns_run_panel_class_init (NsRunPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ns_run_panel_dispose;

  /* The cursor moved or the run was replaced (the host consoles follow). */
  cursor_changed_signal = g_signal_new ("cursor-changed", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 0);

  g_type_ensure (NS_TYPE_PLAYER_BAR);
  g_type_ensure (NS_TYPE_EVENT_LOG);
  g_type_ensure (NS_TYPE_LADDER);
  g_type_ensure (NS_TYPE_INSPECTOR);
  g_type_ensure (NS_TYPE_TCP_VIEW);
  g_type_ensure (NS_TYPE_DEVICE_PANEL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/netsketch/Netsketch/ns-run-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, NsRunPanel, player_bar);
  gtk_widget_class_bind_template_child (widget_class, NsRunPanel, paned);
  gtk_widget_class_bind_template_child (widget_class, NsRunPanel, left_book);
  gtk_widget_class_bind_template_child (widget_class, NsRunPanel, right_book);
  gtk_widget_class_bind_template_child (widget_class, NsRunPanel, event_log);
  gtk_widget_class_bind_template_child (widget_class, NsRunPanel, ladder);
  gtk_widget_class_bind_template_child (widget_class, NsRunPanel, inspector);
  gtk_widget_class_bind_template_child (widget_class, NsRunPanel, tcp_view);
  gtk_widget_class_bind_template_child (widget_class, NsRunPanel, device_panel);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "runpanel");
}

/* The log gets 42 % of the width once the panel has one: on a wide
 * screen its "What happened" column is read whole, on a small one the
 * inspector keeps room for its fields. Only the first time: after that
 * the divider stays where the learner puts it. */
static void
paned_width_cb (GtkPaned   *paned,
                GParamSpec *pspec,
                NsRunPanel *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (paned));

  if (width < 200)
    return;
  gtk_paned_set_position (paned, MAX (300, width * 42 / 100));
  g_signal_handlers_disconnect_matched (paned, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

static void
ns_run_panel_init (NsRunPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->selected_flight = -1;
  self->shown_step = G_MININT;
  self->overlay = g_object_ref_sink (NS_RUN_OVERLAY (ns_run_overlay_new ()));
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), action_entries,
                                   G_N_ELEMENTS (action_entries), self);
  /* The panel's own buttons find the actions here; the window gets them
   * too from ns_run_panel_attach_to_window. */
  gtk_widget_insert_action_group (GTK_WIDGET (self), "run", G_ACTION_GROUP (self->actions));
  g_signal_connect (self->event_log, "step-activated", G_CALLBACK (on_step_activated), self);
  g_signal_connect (self->overlay, "flight-activated", G_CALLBACK (on_flight_activated), self);
  g_signal_connect (self->ladder, "arrow-activated", G_CALLBACK (on_arrow_activated), self);
  gtk_paned_set_position (self->paned, 440);
  g_signal_connect (self->paned, "notify::max-position", G_CALLBACK (paned_width_cb), self);
  update_actions (self);
}
