/* ns-window-run.c: the window's run. The document is simulated when it is
 * shown and again after every edit (docs/architecture.md: the app plays a recording, simulated
 * again after each edit), with the file's
 * seed, keeping the cursor at the same moment, so that a learner who
 * raises a link's loss sees the effect where they stand. The run panel under the canvas shows it;
 * its overlay draws the frames over the canvas. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/run.h"
#include "core/topology-file.h"
#include "core/validate.h"
#include "ns-problems-dialog.h"
#include "ns-window-private.h"

/* Edits come in bursts (a drag, typing a number): simulate once they
 * pause. */
#define RUN_DEBOUNCE_MS 150
/* Problems listed in the bar; the rest are behind "Details". */
#define RUN_BAR_MAX_PROBLEMS 3
/* How much of the height the canvas gets at first. */
#define RUN_BOTTOM_SHARE 0.42

enum {
  RUN_BAR_RESPONSE_DETAILS = 1,
  RUN_BAR_RESPONSE_SCENARIO,
};

/* What the simulation depends on: the document without its title and the
 * nodes' places, so that moving a node does not restart what is on screen
 * (the overlay follows the drawing's positions by itself). */
static char *
dup_fingerprint (const NsTopology *topology)
{
  g_autoptr (NsTopology) copy = ns_topology_copy (topology);

  g_clear_pointer (&copy->title, g_free);
  g_clear_pointer (&copy->description, g_free);
  for (guint i = 0; i < copy->nodes->len; i++)
    {
      NsTopoNode *node = g_ptr_array_index (copy->nodes, i);

      node->x = node->y = 0;
    }
  return ns_topology_to_data (copy, NULL);
}

/* ---- the bar over the canvas ---- */

static void
hide_run_bar (NsWindow *self)
{
  gtk_info_bar_set_revealed (self->run_bar, FALSE);
  g_clear_pointer (&self->run_problems, g_free);
}

static void
show_run_bar (NsWindow       *self,
              GtkMessageType  type,
              const char     *text,
              const char     *button_label,
              int             response)
{
  /* The text may quote the file: no control or bidi characters raw. */
  g_autofree char *safe = ns_text_escape_controls (text);

  gtk_info_bar_set_message_type (self->run_bar, type);
  gtk_label_set_label (self->run_label, safe);
  gtk_widget_set_visible (GTK_WIDGET (self->run_bar_button), button_label != NULL);
  if (button_label != NULL)
    {
      gtk_button_set_label (self->run_bar_button, button_label);
      self->run_bar_response = response;
    }
  gtk_info_bar_set_revealed (self->run_bar, TRUE);
}

static void
run_bar_button_cb (NsWindow *self)
{
  if (self->run_bar_response == RUN_BAR_RESPONSE_DETAILS && self->run_problems != NULL)
    ns_show_problems_dialog (GTK_WINDOW (self), _("This network cannot be simulated yet"),
                             self->run_problems);
  else if (self->run_bar_response == RUN_BAR_RESPONSE_SCENARIO)
    {
      g_object_set (self, "show-side-panel", TRUE, "side-page", "scenario", NULL);
    }
}

/* Lists what stops the run in the bar, instead of running. */
static void
show_problems (NsWindow  *self,
               GPtrArray *problems)
{
  g_autoptr (GString) all = g_string_new (NULL);
  g_autoptr (GString) some = g_string_new (NULL);
  g_autofree char *name = ns_document_dup_display_name (self->document);

  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *line = ns_problem_to_string (g_ptr_array_index (problems, i), NULL);

      g_string_append_printf (all, "%s\n", line);
      if (i < RUN_BAR_MAX_PROBLEMS)
        g_string_append_printf (some, "\n• %s", line);
    }
  if (problems->len > RUN_BAR_MAX_PROBLEMS)
    g_string_append_printf (some, "\n• %s", ngettext ("and %u more problem", "and %u more problems",
                                                     problems->len - RUN_BAR_MAX_PROBLEMS));
  g_string_prepend (some, _("The network cannot be simulated until this is fixed:"));
  show_run_bar (self, GTK_MESSAGE_WARNING, some->str,
                problems->len > RUN_BAR_MAX_PROBLEMS ? _ ("_Details") : NULL,
                RUN_BAR_RESPONSE_DETAILS);
  g_free (self->run_problems);
  self->run_problems = g_string_free (g_steal_pointer (&all), FALSE);
}

/* ---- simulating ---- */

/* Says that an edit was simulated, and what it changed: a newcomer who
 * raises a link's loss sees the run grow. */
static void
announce_rerun (NsWindow *self,
                guint     before,
                guint     after)
{
  g_autofree char *text = NULL;

  if (after == before)
    text =
      g_strdup_printf (ngettext ("Simulated again with your change: %u event, as before",
                                 "Simulated again with your change: %u events, as before", after),
                       after);
  else
    text =
      g_strdup_printf (ngettext ("Simulated again with your change: %u event (before: %u)",
                                 "Simulated again with your change: %u events (before: %u)", after),
                       after, before);
  ns_window_show_message (self, text);
}

/* Replaces the run shown by @run (NULL: none), at the same moment and
 * still playing if it was. */
static void
show_run (NsWindow *self,
          NsRun    *run)
{
  NsPlayer *player = ns_run_panel_get_player (self->run_panel);
  NsPlayerBar *bar = ns_run_panel_get_player_bar (self->run_panel);
  gboolean playing = ns_player_bar_get_playing (bar);
  guint before = player != NULL ? ns_player_get_n_steps (player) : 0;

  if (player != NULL)
    self->run_time = ns_player_get_time (player);
  ns_run_panel_set_run (self->run_panel, run);
  /* (While nothing happens in the network there is nothing to tell.) */
  if (player != NULL && run != NULL && before > 0)
    announce_rerun (self, before,
                    ns_player_get_n_steps (ns_run_panel_get_player (self->run_panel)));
  player = ns_run_panel_get_player (self->run_panel);
  if (player == NULL)
    return;
  if (self->run_time > 0)
    ns_player_seek_time (player, self->run_time);
  if (playing && !ns_player_at_end (player))
    ns_player_bar_set_playing (bar, TRUE);
}

static NsRun *
simulate (NsWindow *self)
{
  const NsTopology *topology = ns_document_get_topology (self->document);
  g_autoptr (GPtrArray) problems = ns_topology_validate (topology);
  g_autoptr (GError) error = NULL;
  NsRun *run;

  if (problems->len > 0)
    {
      show_problems (self, problems);
      return NULL;
    }
  run = ns_run_new (topology, FALSE, 0, &error);
  if (run == NULL)
    {
      show_run_bar (self, GTK_MESSAGE_WARNING, error->message, NULL, 0);
      return NULL;
    }
  ns_run_execute (run, NS_RUN_DEFAULT_UNTIL);
  if (topology->scenario->len == 0)
    show_run_bar (
      self, GTK_MESSAGE_INFO,
      _ ("Nothing happens in this network yet. Give a host something to do (a ping, a DNS lookup, "
         "a web page to fetch) in the Scenario tab, then press Play."),
      _ ("Open _Scenario"), RUN_BAR_RESPONSE_SCENARIO);
  else
    hide_run_bar (self);
  return run;
}

void
ns_window_simulate (NsWindow *self)
{
  const NsTopology *topology;
  g_autofree char *fingerprint = NULL;
  gboolean empty;

  g_return_if_fail (NS_IS_WINDOW (self));

  g_clear_handle_id (&self->run_source, g_source_remove);
  if (self->document == NULL || self->run_panel == NULL)
    return;
  topology = ns_document_get_topology (self->document);
  fingerprint = dup_fingerprint (topology);
  if (g_strcmp0 (fingerprint, self->run_fingerprint) == 0)
    return;
  g_free (self->run_fingerprint);
  self->run_fingerprint = g_steal_pointer (&fingerprint);

  /* An empty drawing has its own hint on the canvas, and one where nothing
   * happens the bar's: the player would only be an empty box under it. */
  empty = topology->nodes->len == 0;
  gtk_widget_set_visible (self->bottom_area, !empty && topology->scenario->len > 0);
  gtk_widget_set_visible (ns_run_panel_get_overlay (self->run_panel),
                          gtk_widget_get_visible (self->bottom_area));
  if (empty)
    {
      hide_run_bar (self);
      show_run (self, NULL);
      return;
    }
  show_run (self, simulate (self));
}

static gboolean
run_timeout_cb (gpointer user_data)
{
  NsWindow *self = user_data;

  self->run_source = 0;
  ns_window_simulate (self);
  return G_SOURCE_REMOVE;
}

void
_ns_window_schedule_run (NsWindow *self)
{
  if (self->run_panel == NULL)
    return;
  g_clear_handle_id (&self->run_source, g_source_remove);
  self->run_source = g_timeout_add (RUN_DEBOUNCE_MS, run_timeout_cb, self);
}

/* A new document starts at the beginning of its run. */
void
_ns_window_reset_run (NsWindow *self)
{
  g_clear_pointer (&self->run_fingerprint, g_free);
  ns_player_bar_set_playing (ns_run_panel_get_player_bar (self->run_panel), FALSE);
  ns_run_panel_set_run (self->run_panel, NULL);
  self->run_time = 0;
  ns_window_simulate (self);
  /* The drawing has the keys, so that Space plays at once (GTK would give
   * them to the first button of the side panel). */
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

NsRunPanel *
ns_window_get_run_panel (NsWindow *self)
{
  g_return_val_if_fail (NS_IS_WINDOW (self), NULL);

  return self->run_panel;
}

/* ---- the keys of the player ---- */

static gboolean
is_typing (NsWindow *self,
           guint     keyval)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus == NULL)
    return FALSE;
  if (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT_VIEW (focus))
    return TRUE;
  /* Space presses the focused button or check box of a form. */
  return keyval == GDK_KEY_space && gtk_widget_is_ancestor (focus, self->side_panel);
}

/* Space, Left, Right, Home and End drive the player wherever the focus is
 * (before the canvas, which would pan with Space and nudge the selection
 * with the arrows: with Shift they still nudge), except while the learner
 * types in a field or works a menu, and when there is nothing to play. */
static gboolean
run_key_pressed_cb (GtkEventControllerKey *controller,
                    guint                  keyval,
                    guint                  keycode,
                    GdkModifierType        state,
                    NsWindow              *self)
{
  static const struct { guint keyval; const char *action; } keys[] = {
    { GDK_KEY_space, "play" },
    { GDK_KEY_KP_Space, "play" },
    { GDK_KEY_Right, "step-forward" },
    { GDK_KEY_Left, "step-back" },
    { GDK_KEY_Home, "start" },
    { GDK_KEY_End, "end" },
  };
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (self));
  GActionGroup *actions;
  NsPlayer *player;

  if (self->run_panel == NULL)
    return FALSE;
  actions = ns_run_panel_get_actions (self->run_panel);
  player = ns_run_panel_get_player (self->run_panel);
  if ((state & gtk_accelerator_get_default_mod_mask ()) != 0
      || player == NULL || ns_player_get_n_steps (player) == 0
      || (event != NULL && gdk_event_get_surface (event) != surface)
      || is_typing (self, keyval))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (keys[i].keyval == keyval)
      {
        if (g_action_group_get_action_enabled (actions, keys[i].action))
          g_action_group_activate_action (actions, keys[i].action, NULL);
        return TRUE;
      }
  return FALSE;
}

/* ---- the Play button ---- */

static void
playing_changed_cb (NsWindow *self)
{
  gboolean playing = ns_player_bar_get_playing (ns_run_panel_get_player_bar (self->run_panel));

  gtk_image_set_from_icon_name (self->play_image, playing ? "media-playback-pause-symbolic"
                                                          : "media-playback-start-symbolic");
  gtk_label_set_label (self->play_label, playing ? _("Pause") : _("Play"));
}

/* The canvas keeps most of the height; the player gets the rest, fixed
 * once the window has its size, so that the canvas does not jump when the
 * views below change their content. */
static void
paned_max_position_cb (NsWindow *self)
{
  int max = 0;
  int height = gtk_widget_get_height (GTK_WIDGET (self->outer_paned));

  g_object_get (self->outer_paned, "max-position", &max, NULL);
  if (height < 200 || !gtk_widget_get_visible (self->bottom_area))
    return;
  /* The player, the log and the inspector get 42 % of the height, but
   * at least enough for a few rows of the log on a 700-pixel school
   * laptop and no more than they use on a large screen. */
  gtk_paned_set_position (self->outer_paned,
                          MIN (max, height - CLAMP ((int) (height * RUN_BOTTOM_SHARE), 250, 460)));
  /* The canvas got smaller: show the whole drawing in what is left. */
  ns_canvas_fit (self->canvas);
  g_clear_signal_handler (&self->run_paned_id, self->outer_paned);
}

void
_ns_window_setup_run (NsWindow *self)
{
  GtkEventController *keys;

  self->run_panel = NS_RUN_PANEL (ns_run_panel_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->run_panel), TRUE);
  gtk_box_append (GTK_BOX (self->bottom_area), GTK_WIDGET (self->run_panel));
  /* The frames lie on the drawing, under the tools and the zoom box. */
  gtk_overlay_add_overlay (self->canvas_overlay, ns_run_panel_get_overlay (self->run_panel));
  gtk_widget_insert_after (ns_run_panel_get_overlay (self->run_panel),
                           GTK_WIDGET (self->canvas_overlay), GTK_WIDGET (self->canvas));
  ns_run_panel_set_canvas (self->run_panel, self->canvas);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "run",
                                  ns_run_panel_get_actions (self->run_panel));

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (run_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  g_signal_connect_object (ns_run_panel_get_player_bar (self->run_panel), "notify::playing",
                           G_CALLBACK (playing_changed_cb), self, G_CONNECT_SWAPPED);
  self->run_paned_id = g_signal_connect_swapped (self->outer_paned, "notify::max-position",
                                                G_CALLBACK (paned_max_position_cb), self);
  g_signal_connect_swapped (self->run_bar_button, "clicked", G_CALLBACK (run_bar_button_cb), self);
  playing_changed_cb (self);
}

void
_ns_window_dispose_run (NsWindow *self)
{
  g_clear_handle_id (&self->run_source, g_source_remove);
  if (self->run_panel != NULL)
    {
      ns_player_bar_set_playing (ns_run_panel_get_player_bar (self->run_panel), FALSE);
      ns_run_panel_set_run (self->run_panel, NULL);
    }
  self->run_panel = NULL;
  g_clear_pointer (&self->run_fingerprint, g_free);
  g_clear_pointer (&self->run_problems, g_free);
}
