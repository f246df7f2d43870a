/* test-app-run.c: the run in the window, under Xvfb: a bundled example is
 * simulated as soon as it is shown; Play and the step actions move the
 * cursor and every view follows; the player's keys work from the canvas
 * and not in a text field; raising a link's loss simulates again with the
 * cursor kept at the same moment; a broken edit shows its problems
 * instead of running, and undoing it brings the run back. */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "app-test-util.h"

#include "core/topology-file.h"
#include "ns-run-panel.h"
#include "ns-window-private.h"
#include "ns-window.h"

static NsWindow *
new_window (NsDocument *document)
{
  NsWindow *window = ns_window_new (NULL, document);

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static NsPlayer *
player_of (NsWindow *window)
{
  return ns_run_panel_get_player (ns_window_get_run_panel (window));
}

/* Runs the main loop until the run shown has @loss on link @link_id (or
 * 5 s pass); the re-simulation waits for edits to pause. */
static void
wait_for_loss (NsWindow   *window,
               const char *link_id,
               double      loss)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (5000, app_test_flag_cb, &timed_out);

  while (!timed_out)
    {
      NsPlayer *player = player_of (window);
      const NsTopology *topology = player != NULL ? ns_player_get_topology (player) : NULL;
      gboolean done = FALSE;

      for (guint i = 0; topology != NULL && i < topology->links->len; i++)
        {
          NsTopoLink *link = g_ptr_array_index (topology->links, i);

          if (g_str_equal (link->id, link_id) && link->loss == loss)
            done = TRUE;
        }
      if (done)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
}

static void
set_link_loss (NsDocument *document,
               guint       index,
               double      loss,
               double      delay_ms)
{
  const NsTopology *topology = ns_document_get_topology (document);
  NsTopoLink *link = ns_topo_link_copy (g_ptr_array_index (topology->links, index));

  link->loss = loss;
  link->delay_ms = delay_ms;
  g_assert_true (ns_document_push (document, ns_command_set_link (topology, link->id, link)));
  ns_topo_link_free (link);
}

static gboolean
run_action_enabled (NsWindow   *window,
                    const char *name)
{
  return g_action_group_get_action_enabled (
    ns_run_panel_get_actions (ns_window_get_run_panel (window)), name);
}

/* The example is simulated when the window shows it; the actions of the
 * header and the keys move one cursor that the log and inspector follow. */
static void
test_play_and_step (void)
{
  g_autoptr (NsDocument) document = app_test_load_example ("tcp-handshake.netsketch.json");
  NsWindow *window = new_window (document);
  NsRunPanel *panel = ns_window_get_run_panel (window);
  NsPlayer *player = player_of (window);
  NsPlayerBar *bar = ns_run_panel_get_player_bar (panel);
  gint64 before;

  g_assert_nonnull (player);
  g_assert_cmpuint (ns_player_get_n_steps (player), >, 10);
  g_assert_cmpint (ns_player_get_step (player), ==, -1);
  g_assert_true (gtk_widget_get_visible (ns_window_get_bottom_area (window)));
  /* The frames are drawn over the canvas, in its overlay. */
  g_assert_true (gtk_widget_get_parent (ns_run_panel_get_overlay (panel))
                 == GTK_WIDGET (window->canvas_overlay));
  g_assert_true (run_action_enabled (window, "export-pcap"));
  /* The drawing has the keys, so that Space plays at once. */
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window))
                 == GTK_WIDGET (ns_window_get_canvas (window)));

  /* Step forward three times through the window's action group. */
  for (guint i = 0; i < 3; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "run.step-forward", NULL));
  g_assert_cmpint (ns_player_get_step (player), ==, 2);
  g_assert_cmpint (ns_event_log_get_selected_step (ns_run_panel_get_event_log (panel)), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "run.step-back", NULL));
  g_assert_cmpint (ns_player_get_step (player), ==, 1);
  g_assert_cmpint (ns_event_log_get_selected_step (ns_run_panel_get_event_log (panel)), ==, 1);

  /* The first frame sent: the inspector takes it apart. */
  while (ns_player_get_step_info (player, ns_player_get_step (player))->flight < 0)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "run.step-forward", NULL));
  g_assert_cmpuint (ns_inspector_get_n_layers (ns_run_panel_get_inspector (panel)), >=, 2);
  g_assert_cmpstr (ns_inspector_get_layer_protocol (ns_run_panel_get_inspector (panel), 0), ==,
                   "Ethernet");

  /* Play: the button says Pause, and time goes on. */
  before = ns_player_get_time (player);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "run.play", NULL));
  g_assert_true (ns_player_bar_get_playing (bar));
  g_assert_cmpstr (gtk_label_get_label (window->play_label), ==, "Pause");
  ns_player_bar_advance (bar, 3 * NS_PLAYER_BAR_EVENT_USEC);
  g_assert_cmpint (ns_player_get_time (player), >, before);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "run.play", NULL));
  g_assert_false (ns_player_bar_get_playing (bar));
  g_assert_cmpstr (gtk_label_get_label (window->play_label), ==, "Play");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "run.end", NULL));
  g_assert_true (ns_player_at_end (player));
  g_assert_false (run_action_enabled (window, "step-forward"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "run.start", NULL));
  g_assert_cmpint (ns_player_get_step (player), ==, -1);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The window's key handler of the player (capture phase, so that it
 * comes before the canvas). */
static GtkEventController *
find_run_keys (NsWindow *window)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller)
          && gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        return controller;
    }
  return NULL;
}

static gboolean
press (GtkEventController *keys,
       guint               keyval,
       GdkModifierType     state)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (keys, "key-pressed", keyval, 0, state, &handled);
  return handled;
}

static GtkWidget *
find_text (GtkWidget *widget)
{
  if (GTK_IS_TEXT (widget) && gtk_widget_get_visible (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = gtk_widget_get_visible (child) ? find_text (child) : NULL;

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Space, the arrows, Home and End drive the player while the canvas has
 * the focus, and are left to a text field of the side panel. */
static void
test_keys (void)
{
  g_autoptr (NsDocument) document = app_test_load_example ("tcp-handshake.netsketch.json");
  NsWindow *window = new_window (document);
  NsPlayer *player = player_of (window);
  NsPlayerBar *bar = ns_run_panel_get_player_bar (ns_window_get_run_panel (window));
  GtkEventController *keys = find_run_keys (window);
  GtkWidget *text = find_text (window->side_panel);

  g_assert_nonnull (keys);
  g_assert_nonnull (text);
  gtk_widget_grab_focus (GTK_WIDGET (ns_window_get_canvas (window)));
  g_assert_true (press (keys, GDK_KEY_Right, 0));
  g_assert_true (press (keys, GDK_KEY_Right, 0));
  g_assert_cmpint (ns_player_get_step (player), ==, 1);
  g_assert_true (press (keys, GDK_KEY_Left, 0));
  g_assert_cmpint (ns_player_get_step (player), ==, 0);
  g_assert_true (press (keys, GDK_KEY_End, 0));
  g_assert_true (ns_player_at_end (player));
  g_assert_true (press (keys, GDK_KEY_Home, 0));
  g_assert_cmpint (ns_player_get_step (player), ==, -1);
  g_assert_true (press (keys, GDK_KEY_space, 0));
  g_assert_true (ns_player_bar_get_playing (bar));
  g_assert_true (press (keys, GDK_KEY_space, 0));
  g_assert_false (ns_player_bar_get_playing (bar));
  /* With Shift the arrows are the canvas's again (nudging the selection). */
  g_assert_false (press (keys, GDK_KEY_Right, GDK_SHIFT_MASK));
  g_assert_cmpint (ns_player_get_step (player), ==, -1);

  /* Typing in the side panel: the keys are the text's. */
  gtk_widget_grab_focus (text);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == text);
  g_assert_false (press (keys, GDK_KEY_space, 0));
  g_assert_false (press (keys, GDK_KEY_Right, 0));
  g_assert_false (press (keys, GDK_KEY_Home, 0));
  g_assert_false (ns_player_bar_get_playing (bar));
  g_assert_cmpint (ns_player_get_step (player), ==, -1);
  gtk_window_destroy (GTK_WINDOW (window));
}

static double
canvas_top (NsWindow *window)
{
  graphene_rect_t bounds;

  g_assert_true (
    gtk_widget_compute_bounds (GTK_WIDGET (window->canvas), GTK_WIDGET (window), &bounds));
  return bounds.origin.y;
}

static GtkWidget *
find_column_view (GtkWidget *widget)
{
  if (GTK_IS_COLUMN_VIEW (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_column_view (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether the event log shows its selected row (scrolled to it). */
static gboolean
log_shows_selected (NsWindow *window)
{
  NsEventLog *log = ns_run_panel_get_event_log (ns_window_get_run_panel (window));
  GtkWidget *view = find_column_view (GTK_WIDGET (log));
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  gint step = ns_event_log_get_selected_step (log);
  guint n = ns_event_log_get_n_rows (log);
  double row_h, y;
  guint row = 0;

  while (row < n && ns_event_log_get_row_step (log, row) != step)
    row++;
  g_assert_cmpuint (row, <, n);
  row_h = gtk_adjustment_get_upper (adj) / n;
  y = row * row_h;
  return y + row_h >= gtk_adjustment_get_value (adj)
         && y <= gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj);
}

/* Whether the log comes to show its selected row within a few seconds
 * (scrolling waits for layout, which a loaded machine delays). */
static gboolean
log_comes_to_show_selected (NsWindow *window)
{
  for (guint i = 0; i < 50; i++)
    {
      if (log_shows_selected (window))
        return TRUE;
      app_test_spin (100);
    }
  return log_shows_selected (window);
}

/* Raising a link's loss simulates again, a moment later, with the same
 * seed and the cursor at the same time. */
static void
test_edit_keeps_time (void)
{
  g_autoptr (NsDocument) document = app_test_load_example ("tcp-handshake.netsketch.json");
  NsWindow *window = new_window (document);
  NsPlayer *player = player_of (window);
  gint64 t;
  guint64 seed_steps = ns_player_get_n_steps (player);
  NsTopoLink *link = g_ptr_array_index (ns_document_get_topology (document)->links, 0);
  g_autofree char *link_id = g_strdup (link->id);
  double delay = link->delay_ms;

  ns_player_seek_step (player, 12);
  t = ns_player_get_time (player);
  g_assert_cmpint (t, >, 0);

  set_link_loss (document, 0, 0.5, delay);
  /* Not at once: the edit may be one of many (a drag, typing). */
  g_assert_cmpuint (window->run_source, !=, 0);
  g_assert_cmpuint (ns_player_get_n_steps (player_of (window)), ==, seed_steps);
  wait_for_loss (window, link_id, 0.5);
  player = player_of (window);
  g_assert_cmpint (ns_player_get_time (player), ==, t);
  g_assert_nonnull (strstr (gtk_label_get_label (window->toast_label), "Simulated again"));
  g_assert_cmpint (
    ns_event_log_get_selected_step (ns_run_panel_get_event_log (ns_window_get_run_panel (window))),
    ==, ns_player_get_step (player));

  /* Undo: the same seed gives the very same run back. */
  g_assert_true (ns_document_undo (document));
  ns_window_simulate (window);
  player = player_of (window);
  g_assert_cmpuint (ns_player_get_n_steps (player), ==, seed_steps);
  g_assert_cmpint (ns_player_get_time (player), ==, t);
  g_assert_cmpint (ns_player_get_step (player), ==, ns_player_step_at_time (player, t));

  /* Moving a node changes nothing the simulation depends on: the run
   * shown stays (and so does what the learner selected). */
  {
    const char *ids[] = {
      ((NsTopoNode *)g_ptr_array_index (ns_document_get_topology (document)->nodes, 0))->id
    };

    ns_document_move_nodes (document, ids, 1, 40, 0);
    ns_window_simulate (window);
    g_assert_true (player_of (window) == player);
  }
  /* Nor does the title. */
  {
    const NsTopology *topology = ns_document_get_topology (document);

    g_assert_true (ns_document_push (document, ns_command_set_properties (topology, "Another title",
                                                                          NULL, topology->seed,
                                                                          topology->routing_auto)));
  }
  ns_window_simulate (window);
  g_assert_true (player_of (window) == player);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The event log follows the cursor to a row far down the list, and
 * again after an edit replaced the run under it (without GTK warning
 * that it scrolled a list it had not laid out yet). */
static gint
log_selected_step (NsWindow *window)
{
  return ns_event_log_get_selected_step (
    ns_run_panel_get_event_log (ns_window_get_run_panel (window)));
}

static void
test_log_follows_cursor (void)
{
  g_autoptr (NsDocument) document = app_test_load_example ("full-story.netsketch.json");
  NsWindow *window = new_window (document);
  NsTopoLink *link = g_ptr_array_index (ns_document_get_topology (document)->links, 0);
  g_autofree char *link_id = g_strdup (link->id);
  NsPlayer *player = player_of (window);

  app_test_spin (300);
  ns_player_seek_step (player, (gint) ns_player_get_n_steps (player) - 20);
  g_assert_true (log_comes_to_show_selected (window));

  set_link_loss (document, 0, 0.25, link->delay_ms);
  wait_for_loss (window, link_id, 0.25);
  /* The log catches up with the new run within a few frames; a loaded
   * machine (or a sanitizer build) takes longer than an idle one. */
  for (guint k = 0; k < 50 && log_selected_step (window) != ns_player_get_step (player_of (window));
       k++)
    app_test_spin (100);
  g_assert_cmpint (log_selected_step (window), ==, ns_player_get_step (player_of (window)));
  g_assert_true (log_comes_to_show_selected (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A broken document shows its problems instead of running; fixing it
 * brings the run back at the moment the learner was at. */
static void
test_problems (void)
{
  g_autoptr (NsDocument) document = app_test_load_example ("dns-and-web.netsketch.json");
  NsWindow *window = new_window (document);
  NsTopoLink *link = g_ptr_array_index (ns_document_get_topology (document)->links, 0);
  double loss = link->loss;
  double delay = link->delay_ms;
  gint64 t;

  ns_player_seek_step (player_of (window), 5);
  t = ns_player_get_time (player_of (window));

  set_link_loss (document, 0, 7.0, delay);   /* a probability above 1 */
  ns_window_simulate (window);
  g_assert_null (player_of (window));
  g_assert_true (gtk_info_bar_get_revealed (window->run_bar));
  g_assert_nonnull (strstr (gtk_label_get_label (window->run_label), "loss"));
  g_assert_false (run_action_enabled (window, "play"));
  g_assert_false (run_action_enabled (window, "export-pcap"));

  g_assert_true (ns_document_undo (document));
  ns_window_simulate (window);
  g_assert_nonnull (player_of (window));
  g_assert_false (gtk_info_bar_get_revealed (window->run_bar));
  g_assert_cmpint (ns_player_get_time (player_of (window)), ==, t);
  g_assert_cmpfloat (
    ((NsTopoLink *)g_ptr_array_index (ns_player_get_topology (player_of (window))->links, 0))->loss,
    ==, loss);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* An empty drawing has no player under it, nor one where nothing happens:
 * a bar says to give the network something to do. */
static void
test_empty (void)
{
  g_autoptr (NsDocument) document = ns_document_new ();
  NsWindow *window = new_window (document);
  g_autofree char *id = NULL;
  double top;

  g_assert_false (gtk_widget_get_visible (ns_window_get_bottom_area (window)));
  g_assert_null (player_of (window));
  g_assert_false (run_action_enabled (window, "play"));

  app_test_spin (200);
  top = canvas_top (window);
  id = ns_document_add_node (document, NS_NODE_HOST, 100, 100);
  ns_window_simulate (window);
  /* The bar floats over the canvas: the node just placed stays under
   * the pointer. */
  app_test_spin (600);
  g_assert_cmpfloat (canvas_top (window), ==, top);
  g_assert_false (gtk_widget_get_visible (ns_window_get_bottom_area (window)));
  g_assert_nonnull (player_of (window));
  g_assert_cmpuint (ns_player_get_n_steps (player_of (window)), ==, 0);
  g_assert_true (gtk_info_bar_get_revealed (window->run_bar));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->run_bar_button)));
  g_signal_emit_by_name (window->run_bar_button, "clicked");
  {
    g_autofree char *page = NULL;

    g_object_get (window, "side-page", &page, NULL);
    g_assert_cmpstr (page, ==, "scenario");
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Opening another document starts its run from the beginning. */
static void
test_replace_document (void)
{
  g_autoptr (NsDocument) first = app_test_load_example ("tcp-handshake.netsketch.json");
  g_autoptr (NsDocument) second = app_test_load_example ("dns-and-web.netsketch.json");
  NsWindow *window = new_window (first);

  ns_player_seek_step (player_of (window), 8);
  ns_window_set_document (window, second);
  g_assert_nonnull (player_of (window));
  g_assert_cmpint (ns_player_get_step (player_of (window)), ==, -1);
  g_assert_cmpint (ns_player_get_time (player_of (window)), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  /* No GL: the drivers Mesa loads while the display opens keep memory
   * that LeakSanitizer cannot trace back to a suppression (and the tests
   * draw with cairo anyway). */
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return g_test_run ();
    }

  g_test_add_func ("/app/run/play-and-step", test_play_and_step);
  g_test_add_func ("/app/run/keys", test_keys);
  g_test_add_func ("/app/run/edit-keeps-time", test_edit_keeps_time);
  g_test_add_func ("/app/run/log-follows-cursor", test_log_follows_cursor);
  g_test_add_func ("/app/run/problems", test_problems);
  g_test_add_func ("/app/run/empty", test_empty);
  g_test_add_func ("/app/run/replace-document", test_replace_document);
  return g_test_run ();
}
