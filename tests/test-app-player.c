/* test-app-player.c: the run panel under Xvfb: a run of a small network
 * with one frame lost for certain, stepped through its actions; checks
 * that the event log's selected row is the cursor's step, that the
 * inspector takes the cursor's frame apart, that the overlay reports the
 * frames in the air, that a lost frame breaks up, that playback advances
 * event by event and in real time, and that a new run keeps the moment. */
#include "config.h"

#include <gtk/gtk.h>

#include "core/run.h"
#include "core/topology-file.h"
#include "ns-run-panel.h"

/* pc1 — sw1 — pc2; the third frame on l2 is lost for certain, so TCP has
 * to send something again. */
static const char topology_json[] =
  "{ \"format\": \"netsketch\", \"version\": 1, \"title\": \"test\", \"seed\": 7,"
  "  \"nodes\": ["
  "    { \"id\": \"pc1\", \"kind\": \"host\", \"x\": 100, \"y\": 100,"
  "      \"interfaces\": [ { \"name\": \"eth0\", \"ip\": \"10.0.0.1/24\" } ] },"
  "    { \"id\": \"sw1\", \"kind\": \"switch\", \"x\": 300, \"y\": 100,"
  "      \"interfaces\": [ { \"name\": \"p1\" }, { \"name\": \"p2\" } ] },"
  "    { \"id\": \"pc2\", \"kind\": \"host\", \"x\": 500, \"y\": 100,"
  "      \"interfaces\": [ { \"name\": \"eth0\", \"ip\": \"10.0.0.2/24\" } ],"
  "      \"services\": [ { \"type\": \"tcp-discard\", \"port\": 9 } ] } ],"
  "  \"links\": ["
  "    { \"id\": \"l1\", \"a\": \"pc1:eth0\", \"b\": \"sw1:p1\", \"delay_ms\": 5 },"
  "    { \"id\": \"l2\", \"a\": \"sw1:p2\", \"b\": \"pc2:eth0\", \"delay_ms\": 5, \"drop_nth\": "
  "[4] } ],"
  "  \"scenario\": ["
  "    { \"at\": 0.0, \"node\": \"pc1\", \"do\": \"tcp-send\", \"target\": \"10.0.0.2:9\", "
  "\"bytes\": 3000 } ] }";

typedef struct {
  GtkWidget  *window;
  NsRunPanel *panel;
  NsPlayer   *player;
} Fixture;

static NsRun *
make_run (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NsTopology) topology = ns_topology_load_data (topology_json, -1, "test", &error);
  NsRun *run;

  g_assert_no_error (error);
  run = ns_run_new (topology, FALSE, 0, &error);
  g_assert_no_error (error);
  ns_run_execute (run, NS_RUN_DEFAULT_UNTIL);
  return run;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->window = gtk_window_new ();
  f->panel = NS_RUN_PANEL (ns_run_panel_new ());
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->panel));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 500);
  ns_run_panel_attach_to_window (f->panel, GTK_WINDOW (f->window));
  ns_run_panel_set_run (f->panel, make_run ());
  f->player = ns_run_panel_get_player (f->panel);
  g_assert_nonnull (f->player);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
activate (Fixture    *f,
          const char *name)
{
  g_action_group_activate_action (ns_run_panel_get_actions (f->panel), name, NULL);
}

/* The first step that sends a frame of @protocol whose label starts with
 * @label (or any label), or -1. */
static gint
find_tx (NsPlayer   *player,
         const char *protocol,
         const char *label)
{
  for (guint i = 0; i < ns_player_get_n_steps (player); i++)
    {
      const NsPlayerStep *step = ns_player_get_step_info (player, i);
      const NsPlayerFlight *flight;

      if (step->kind != NS_TRACE_TX || g_strcmp0 (step->protocol, protocol) != 0)
        continue;
      flight = ns_player_get_flight (player, (guint) step->flight);
      if (label == NULL || g_str_has_prefix (flight->label, label))
        return (gint) i;
    }
  return -1;
}

/* The frames in the air at the cursor that have left by its step. */
static guint
count_frames (NsPlayer *player)
{
  g_autoptr (GArray) frames = g_array_new (FALSE, FALSE, sizeof (NsPlayerFrame));
  guint n = 0;

  ns_player_frames_at_cursor (player, frames);
  for (guint k = 0; k < frames->len; k++)
    if ((gint)g_array_index (frames, NsPlayerFrame, k).flight->tx_step
        <= ns_player_get_step (player))
      n++;
  return n;
}

static void
test_steps (Fixture       *f,
            gconstpointer  data)
{
  NsEventLog *log = ns_run_panel_get_event_log (f->panel);
  NsRunOverlay *overlay = NS_RUN_OVERLAY (ns_run_panel_get_overlay (f->panel));

  g_assert_cmpuint (ns_player_get_n_steps (f->player), >, 10);
  g_assert_cmpuint (ns_event_log_get_n_rows (log), ==, ns_player_get_n_steps (f->player));
  g_assert_cmpint (ns_player_get_step (f->player), ==, -1);
  g_assert_cmpint (ns_event_log_get_selected_step (log), ==, -1);

  for (gint i = 0; i < 6; i++)
    {
      const NsPlayerStep *step;

      activate (f, "step-forward");
      g_assert_cmpint (ns_player_get_step (f->player), ==, i);
      /* The cursor's step is the selected row. */
      g_assert_cmpint (ns_event_log_get_selected_step (log), ==, i);
      /* The overlay shows exactly the frames in the air now. */
      g_assert_cmpuint (ns_run_overlay_get_n_frames (overlay), ==, count_frames (f->player));
      step = ns_player_get_step_info (f->player, (guint) i);
      if (step->kind == NS_TRACE_TX)
        {
          gboolean found = FALSE;

          /* A frame that has just left is on its link, and inspected. */
          for (guint k = 0; k < ns_run_overlay_get_n_frames (overlay); k++)
            found |= ns_run_overlay_get_frame_flight (overlay, k) == step->flight;
          g_assert_true (found);
          g_assert_cmpint (ns_run_panel_get_selected_flight (f->panel), ==, step->flight);
          g_assert_cmpstr (
            ns_inspector_get_layer_protocol (ns_run_panel_get_inspector (f->panel), 0), ==,
            "Ethernet");
        }
    }
  activate (f, "step-back");
  g_assert_cmpint (ns_player_get_step (f->player), ==, 4);
  g_assert_cmpint (ns_event_log_get_selected_step (log), ==, 4);
  activate (f, "end");
  g_assert_true (ns_player_at_end (f->player));
  g_assert_cmpint (ns_event_log_get_selected_step (log), ==,
                   (gint)ns_player_get_n_steps (f->player) - 1);
  activate (f, "start");
  g_assert_cmpint (ns_player_get_step (f->player), ==, -1);
  g_assert_cmpuint (ns_run_overlay_get_n_frames (overlay), ==, 0);
}

static void
test_log_moves_cursor (Fixture       *f,
                       gconstpointer  data)
{
  NsEventLog *log = ns_run_panel_get_event_log (f->panel);

  /* A row chosen in the log moves the cursor there. */
  g_signal_emit_by_name (log, "step-activated", 7u);
  g_assert_cmpint (ns_player_get_step (f->player), ==, 7);
  g_assert_cmpint (ns_event_log_get_selected_step (log), ==, 7);
  g_assert_cmpint (ns_player_get_time (f->player), ==, ns_player_get_step_info (f->player, 7)->t);
}

static void
test_filter (Fixture       *f,
             gconstpointer  data)
{
  NsEventLog *log = ns_run_panel_get_event_log (f->panel);
  guint n_all = ns_event_log_get_n_rows (log);
  guint n;

  ns_event_log_set_filter (log, "ARP", NULL, NULL);
  n = ns_event_log_get_n_rows (log);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <, n_all);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (
      ns_player_get_step_info (f->player, (guint)ns_event_log_get_row_step (log, i))->protocol, ==,
      "ARP");
  ns_event_log_set_filter (log, NULL, NULL, "SYN");
  g_assert_cmpuint (ns_event_log_get_n_rows (log), >, 0);
  g_assert_cmpuint (ns_event_log_get_n_rows (log), <, n_all);
  ns_event_log_set_filter (log, NULL, NULL, NULL);
  g_assert_cmpuint (ns_event_log_get_n_rows (log), ==, n_all);
}

static void
test_inspector (Fixture       *f,
                gconstpointer  data)
{
  NsInspector *inspector = ns_run_panel_get_inspector (f->panel);
  gint syn = find_tx (f->player, "TCP", "SYN");
  gsize offset, length;

  g_assert_cmpint (syn, >=, 0);
  ns_player_seek_step (f->player, syn);
  g_assert_cmpuint (ns_inspector_get_n_layers (inspector), >=, 3);
  g_assert_cmpstr (ns_inspector_get_layer_protocol (inspector, 0), ==, "Ethernet");
  g_assert_cmpstr (ns_inspector_get_layer_protocol (inspector, 1), ==, "IPv4");
  g_assert_cmpstr (ns_inspector_get_layer_protocol (inspector, 2), ==, "TCP");
  /* Selecting a field lights up its bytes: the TCP source port is bytes
   * 34-35 of the frame (14 Ethernet + 20 IPv4). */
  g_assert_true (ns_inspector_select_field (inspector, "TCP", "Source port"));
  g_assert_true (ns_inspector_get_highlight (inspector, &offset, &length));
  g_assert_cmpuint (offset, ==, 34);
  g_assert_cmpuint (length, ==, 2);
  g_assert_true (ns_inspector_select_field (inspector, "IPv4", "Time to live"));
  g_assert_true (ns_inspector_get_highlight (inspector, &offset, &length));
  g_assert_cmpuint (offset, ==, 22);
  g_assert_cmpuint (length, ==, 1);
  /* The TCP view follows the segment's connection. */
  g_assert_cmpint (ns_tcp_view_get_conn (ns_run_panel_get_tcp_view (f->panel)), ==,
                   ns_player_get_step_info (f->player, (guint) syn)->conn);
}

static void
test_lost_frame (Fixture       *f,
                 gconstpointer  data)
{
  NsRunOverlay *overlay = NS_RUN_OVERLAY (ns_run_panel_get_overlay (f->panel));
  NsLadder *ladder = ns_run_panel_get_ladder (f->panel);
  const NsPlayerFlight *lost = NULL;
  g_autoptr (GArray) frames = g_array_new (FALSE, FALSE, sizeof (NsPlayerFrame));
  gboolean broken = FALSE;
  cairo_surface_t *surface;
  cairo_t *cr;

  for (guint i = 0; i < ns_player_get_n_flights (f->player) && lost == NULL; i++)
    if (ns_player_get_flight (f->player, i)->lost)
      lost = ns_player_get_flight (f->player, i);
  g_assert_nonnull (lost);
  g_assert_cmpstr (lost->link, ==, "l2");
  /* Between where it was lost and the recorded drop, it is breaking up. */
  ns_player_seek_time (f->player, (lost->t_lost + lost->t_end) / 2);
  ns_player_frames_at_cursor (f->player, frames);
  for (guint k = 0; k < frames->len; k++)
    {
      const NsPlayerFrame *frame = &g_array_index (frames, NsPlayerFrame, k);

      if (frame->flight == lost)
        broken = frame->broken;
    }
  g_assert_true (broken);
  g_assert_cmpuint (ns_run_overlay_get_n_frames (overlay), ==, count_frames (f->player));
  /* The overlay draws it offscreen without a canvas, and a click where
   * nothing is finds nothing. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 400);
  cr = cairo_create (surface);
  ns_run_overlay_render (overlay, cr, 800, 400);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (ns_run_overlay_flight_at (overlay, 1, 1), ==, -1);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  /* The ladder has an arrow per frame between hosts, with pc1 and pc2. */
  g_assert_cmpuint (ns_ladder_get_n_columns (ladder), ==, 2);
  g_assert_cmpuint (ns_ladder_get_n_arrows (ladder), >, 5);
}

static void
test_playback (Fixture       *f,
               gconstpointer  data)
{
  NsPlayerBar *bar = ns_run_panel_get_player_bar (f->panel);

  /* Event by event: each event the same screen time. */
  ns_player_bar_set_speed (bar, 0);
  activate (f, "play");
  g_assert_true (ns_player_bar_get_playing (bar));
  ns_player_bar_advance (bar, NS_PLAYER_BAR_EVENT_USEC);
  g_assert_cmpint (ns_player_get_step (f->player), ==, 0);
  ns_player_bar_advance (bar, NS_PLAYER_BAR_EVENT_USEC);
  ns_player_bar_advance (bar, NS_PLAYER_BAR_EVENT_USEC);
  g_assert_cmpint (ns_player_get_step (f->player), ==, 2);
  activate (f, "play");
  g_assert_false (ns_player_bar_get_playing (bar));

  /* Real time at 1/10: 10 ms on screen is 1 ms of the run. */
  activate (f, "start");
  ns_player_bar_set_speed (bar, 0.1);
  ns_player_bar_set_playing (bar, TRUE);
  ns_player_bar_advance (bar, 10 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (ns_player_get_time (f->player), ==, 1000000);
  /* Playing to the end stops there. */
  ns_player_bar_set_speed (bar, 100);
  for (guint i = 0; i < 10000 && ns_player_bar_get_playing (bar); i++)
    ns_player_bar_advance (bar, 100 * G_TIME_SPAN_MILLISECOND);
  g_assert_false (ns_player_bar_get_playing (bar));
  g_assert_true (ns_player_at_end (f->player));
}

static void
test_replay_keeps_time (Fixture       *f,
                        gconstpointer  data)
{
  gint64 t;

  ns_player_seek_step (f->player, 9);
  t = ns_player_get_time (f->player);
  /* The drawing was edited and simulated again. */
  ns_run_panel_set_run (f->panel, make_run ());
  f->player = ns_run_panel_get_player (f->panel);
  g_assert_cmpint (ns_player_get_time (f->player), ==, t);
  g_assert_cmpint (ns_event_log_get_selected_step (ns_run_panel_get_event_log (f->panel)), ==,
                   ns_player_get_step (f->player));
}

/* Under AddressSanitizer: the caches fontconfig fills while the list
 * views lay out text are suppressed by library name (lsan-gui.supp), which
 * only works when their allocations are unwound fully. */
const char *__asan_default_options (void);

G_GNUC_UNUSED const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

int
main (int   argc,
      char *argv[])
{
  /* No session bus under a bare Xvfb: no accessibility bus either, or its
   * warning would be fatal. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return g_test_run ();
    }
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/app/player/steps", test_steps);
  ADD ("/app/player/log-moves-cursor", test_log_moves_cursor);
  ADD ("/app/player/filter", test_filter);
  ADD ("/app/player/inspector", test_inspector);
  ADD ("/app/player/lost-frame", test_lost_frame);
  ADD ("/app/player/playback", test_playback);
  ADD ("/app/player/replay-keeps-time", test_replay_keeps_time);
#undef ADD
  return g_test_run ();
}
