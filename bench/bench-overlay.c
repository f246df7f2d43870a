/* bench-overlay.c: the animated run at 60 frames a second.
 *
 *   xvfb-run ./build/bench/bench-overlay [--frames N]
 *
 * A 200-node network (10 switches in a chain, 190 hosts around them) where
 * every host sends a burst of UDP datagrams at once over 40 ms links, so
 * that about 1,000 frames are in the air together. The player then plays
 * through that moment as the window does: each frame moves the cursor
 * (which syncs the timeline, the event log, the ladder and the TCP view),
 * renders the canvas overlay (1280x800) offscreen, and the visible page of
 * the sequence diagram. Prints milliseconds per frame; goal: under 16 ms. */
#include "config.h"

#include <gtk/gtk.h>

#include "core/run.h"
#include "core/topology-file.h"
#include "ns-run-panel.h"

#define N_SWITCHES  10
#define N_HOSTS     190
#define WIDTH       1280
#define HEIGHT      800
#define TARGET      1000

static char *
make_topology_json (void)
{
  GString *json =
    g_string_new ("{ \"format\": \"netsketch\", \"version\": 1, \"seed\": 3, \"nodes\": [");

  for (guint s = 0; s < N_SWITCHES; s++)
    {
      g_string_append_printf (
        json,
        "%s{ \"id\": \"sw%u\", \"kind\": \"switch\", \"x\": %u, \"y\": 400, \"interfaces\": [",
        s == 0 ? "" : ",", s, 150 + s * 330);
      for (guint p = 0; p < N_HOSTS / N_SWITCHES + 2; p++)
        g_string_append_printf (json, "%s{ \"name\": \"p%u\" }", p == 0 ? "" : ",", p);
      g_string_append (json, "] }");
    }
  for (guint h = 0; h < N_HOSTS; h++)
    {
      guint s = h % N_SWITCHES, k = h / N_SWITCHES;
      double angle = k * 2 * G_PI / (N_HOSTS / N_SWITCHES);

      g_string_append_printf (
        json,
        ",{ \"id\": \"h%u\", \"kind\": \"host\", \"x\": %d, \"y\": %d,"
        " \"interfaces\": [ { \"name\": \"eth0\", \"ip\": \"10.0.%u.%u/16\" } ] }",
        h, (int)(150 + s * 330 + 150 * cos (angle)), (int)(400 + 300 * sin (angle)), h / 200,
        h % 200 + 1);
    }
  g_string_append (json, "], \"links\": [");
  for (guint h = 0; h < N_HOSTS; h++)
    g_string_append_printf (
      json, "%s{ \"id\": \"a%u\", \"a\": \"h%u:eth0\", \"b\": \"sw%u:p%u\", \"delay_ms\": 40 }",
      h == 0 ? "" : ",", h, h, h % N_SWITCHES, h / N_SWITCHES);
  for (guint s = 0; s + 1 < N_SWITCHES; s++)
    g_string_append_printf (
      json, ",{ \"id\": \"c%u\", \"a\": \"sw%u:p%u\", \"b\": \"sw%u:p%u\", \"delay_ms\": 40 }", s,
      s, N_HOSTS / N_SWITCHES, s + 1, N_HOSTS / N_SWITCHES + 1);
  g_string_append (json, "], \"scenario\": [");
  for (guint h = 0; h < N_HOSTS; h++)
    g_string_append_printf (
      json,
      "%s{ \"at\": 0.0, \"node\": \"h%u\", \"do\": \"udp-send\", \"target\": \"10.0.%u.%u:9\","
      " \"bytes\": 200, \"count\": 8, \"interval_ms\": 2 }",
      h == 0 ? "" : ",", h, (h + 1) % N_HOSTS / 200, (h + 1) % N_HOSTS % 200 + 1);
  g_string_append (json, "] }");
  return g_string_free (json, FALSE);
}

/* The moment with the fewest frames in the air that still has TARGET. */
static gint64
busiest_moment (NsPlayer *player,
                guint    *n_out)
{
  g_autoptr (GArray) frames = g_array_new (FALSE, FALSE, sizeof (NsPlayerFrame));
  gint64 end = MIN (ns_player_get_end_time (player), 2 * (gint64) 1000000000), best = 0;
  guint best_n = 0;

  for (gint64 t = 0; t < end; t += 1000000)
    {
      guint n = ns_player_frames_at (player, t, frames);

      /* At least TARGET, as few above it as the run has. */
      if (best_n < TARGET ? n > best_n : (n >= TARGET && n < best_n))
        {
          best = t;
          best_n = n;
        }
    }
  *n_out = best_n;
  return best;
}

int
main (int   argc,
      char *argv[])
{
  guint n_frames = 240;
  g_autofree char *json = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (NsTopology) topology = NULL;
  NsRun *run;
  NsRunPanel *panel;
  GtkWidget *window;
  NsPlayer *player;
  cairo_surface_t *surface, *ladder_surface;
  gint64 t0, start, step_ns, elapsed, total_frames = 0, sim_start;
  guint in_air;
  double ladder_top = -1;

  g_setenv ("GTK_A11Y", "none", TRUE);
  if (argc == 3 && g_str_equal (argv[1], "--frames"))
    n_frames = (guint) g_ascii_strtoull (argv[2], NULL, 10);
  if (!gtk_init_check ())
    {
      g_printerr ("bench-overlay: no display (run it under xvfb-run)\n");
      return 1;
    }
  json = make_topology_json ();
  topology = ns_topology_load_data (json, -1, "bench", &error);
  if (topology == NULL)
    {
      g_printerr ("bench-overlay: %s\n", error->message);
      return 1;
    }
  sim_start = g_get_monotonic_time ();
  run = ns_run_new (topology, FALSE, 0, &error);
  if (run == NULL)
    {
      g_printerr ("bench-overlay: %s\n", error->message);
      return 1;
    }
  ns_run_execute (run, NS_RUN_DEFAULT_UNTIL);

  window = gtk_window_new ();
  panel = NS_RUN_PANEL (ns_run_panel_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (panel));
  ns_run_panel_set_run (panel, run);
  player = ns_run_panel_get_player (panel);
  g_print ("run: %u nodes, %u events, %u frames, simulated and loaded in %.0f ms\n",
           topology->nodes->len, ns_trace_len (ns_player_get_trace (player)),
           ns_player_get_n_flights (player), (g_get_monotonic_time () - sim_start) / 1000.0);

  start = busiest_moment (player, &in_air);
  g_print ("at %.3f s: %u frames in the air\n", start / 1e9, in_air);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  ladder_surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 300);
  /* Slow motion (1 µs of the run a frame) so that the number of frames
   * in the air stays near the target while every view still moves. */
  step_ns = 1000;
  ns_player_seek_time (player, start - step_ns * n_frames / 2);
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n_frames; i++)
    {
      cairo_t *cr = cairo_create (surface);
      cairo_t *lcr = cairo_create (ladder_surface);

      gint64 a, b, c;

      /* The cursor moves: every view syncs (player's changed callback). */
      a = g_get_monotonic_time ();
      ns_player_seek_time (player, ns_player_get_time (player) + step_ns);
      b = g_get_monotonic_time ();
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      ns_run_overlay_render (NS_RUN_OVERLAY (ns_run_panel_get_overlay (panel)), cr, WIDTH, HEIGHT);
      c = g_get_monotonic_time ();
      cairo_set_source_rgb (lcr, 1, 1, 1);
      cairo_paint (lcr);
      {
        double top;

        /* The page of the diagram around the cursor, scrolled only when
         * the cursor would leave it, as the widget does. */
        NsLadder *ladder = ns_run_panel_get_ladder (panel);
        double y = ns_ladder_y_for_time (ladder, ns_player_get_time (player));

        if (ladder_top < 0 || y < ladder_top + 22 || y > ladder_top + 300 - 22)
          ladder_top = MAX (0, y - 100);
        top = ladder_top;

        cairo_translate (lcr, 0, -top);
        ns_ladder_render (ladder, lcr, 600, top, 300);
      }
      if (g_getenv ("BENCH_VERBOSE") != NULL)
        g_print ("  sync %.2f ms, overlay %.2f ms, ladder %.2f ms\n", (b - a) / 1000.0,
                 (c - b) / 1000.0, (g_get_monotonic_time () - c) / 1000.0);
      total_frames +=
        ns_run_overlay_get_n_frames (NS_RUN_OVERLAY (ns_run_panel_get_overlay (panel)));
      cairo_destroy (lcr);
      cairo_destroy (cr);
    }
  elapsed = g_get_monotonic_time () - t0;
  g_print ("overlay + ladder + log sync: %.2f ms a frame over %u frames (%.0f frames in the air on "
           "average); goal < 16 ms\n",
           elapsed / 1000.0 / n_frames, n_frames, (double)total_frames / n_frames);
  if (g_getenv ("BENCH_PNG") != NULL)
    cairo_surface_write_to_png (surface, g_getenv ("BENCH_PNG"));

  cairo_surface_destroy (surface);
  cairo_surface_destroy (ladder_surface);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
