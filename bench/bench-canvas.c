/* bench-canvas.c: drawing a 2,000-node, 2,500-link topology.
 *
 *   ./build/bench/bench-canvas [--frames N]
 *
 * Prints milliseconds per frame for the canvas as the window shows it
 * (1280x800, at 100 % and fitted to the window), rendered offscreen through
 * the widget's own snapshot and GSK's cairo renderer, and for the drawing
 * code alone on a cairo image surface. Also the time from reading the file
 * to the first frame. Goal: under 8 ms a frame, under 300 ms to open.
 * Times are the CPU time of the drawing thread. */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <time.h>

#include "core/topology-file.h"
#include "ns-canvas.h"
#include "ns-document.h"
#include "ns-symbols.h"

#define N_NODES  2000
#define N_LINKS  2500
#define WIDTH    1280
#define HEIGHT   800

/* A grid of LANs: each switch with hosts around it, switches joined by
 * routers, so that links cross the whole drawing as in a real one. */
static NsTopology *
make_topology (void)
{
  NsTopology *t = ns_topology_new ();
  guint n_links = 0;

  for (guint i = 0; i < N_NODES; i++)
    {
      g_autofree char *id = g_strdup_printf ("n%u", i);
      NsNodeKind kind = i % 10 == 0 ? NS_NODE_SWITCH : i % 10 == 5 ? NS_NODE_ROUTER : NS_NODE_HOST;
      NsTopoNode *node = ns_topo_node_new (id, kind);

      node->x = (i % 50) * 120.0;
      node->y = (i / 50) * 110.0;
      for (guint k = 0; k < 4; k++)
        {
          g_autofree char *name = g_strdup_printf ("eth%u", k);
          NsTopoIface *iface = ns_topo_iface_new (name);

          if (kind != NS_NODE_SWITCH && k == 0)
            {
              iface->has_addr = TRUE;
              iface->addr = (10u << 24) | (i + 1);
              iface->prefix_len = 16;
            }
          g_ptr_array_add (node->ifaces, iface);
        }
      g_ptr_array_add (t->nodes, node);
    }
  /* Each node to its right neighbour, then to the one below, until 2,500. */
  for (guint i = 0; i < N_NODES && n_links < N_LINKS; i++)
    for (guint dir = 0; dir < 2 && n_links < N_LINKS; dir++)
      {
        guint j = dir == 0 ? i + 1 : i + 50;
        g_autofree char *id = NULL;
        NsTopoLink *link;

        if (j >= N_NODES || (dir == 0 && j % 50 == 0))
          continue;
        id = g_strdup_printf ("l%u", n_links);
        link = ns_topo_link_new (id);
        link->a_node = g_strdup_printf ("n%u", i);
        link->a_iface = g_strdup_printf ("eth%u", dir * 2);
        link->b_node = g_strdup_printf ("n%u", j);
        link->b_iface = g_strdup_printf ("eth%u", dir * 2 + 1);
        if (n_links % 7 == 0)
          link->loss = 0.01;
        g_ptr_array_add (t->links, link);
        n_links++;
      }
  return t;
}

/* CPU time of this thread: what a frame costs, even when other programs
 * share the machine (wall-clock figures swing with the load). */
static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* The drawing code alone, as the canvas calls it for a view. */
static double
bench_cairo (const NsTopology *t, double zoom, double ox, double oy, guint frames)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  graphene_rect_t visible = GRAPHENE_RECT_INIT (ox, oy, WIDTH / zoom, HEIGHT / zoom);
  g_autoptr (NsSymbolsCache) cache = ns_symbols_cache_new ();
  double start = now_ms ();

  for (guint f = 0; f < frames; f++)
    {
      cairo_t *cr = cairo_create (surface);
      NsSymbolsOptions options;

      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_scale (cr, zoom, zoom);
      cairo_translate (cr, -ox, -oy);
      ns_symbols_render_grid (cr, &visible, zoom);
      ns_symbols_options_init (&options);
      options.scale = zoom;
      options.visible = &visible;
      options.cache = cache;
      ns_symbols_render (cr, t, &options);
      cairo_destroy (cr);
    }
  cairo_surface_flush (surface);
  cairo_surface_destroy (surface);
  return (now_ms () - start) / frames;
}

/* The widget: snapshot → render node → pixels, as GTK does for a frame. */
static double
render_widget (GtkWidget *canvas, GskRenderer *renderer, guint frames)
{
  double start = now_ms ();

  for (guint f = 0; f < frames; f++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      g_autoptr (GskRenderNode) node = NULL;
      g_autoptr (GdkTexture) texture = NULL;

      GTK_WIDGET_GET_CLASS (canvas)->snapshot (canvas, snapshot);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        continue;
      texture = gsk_renderer_render_texture (renderer, node,
                                             &GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT));
    }
  return (now_ms () - start) / frames;
}

static void
wait_for_size (GtkWidget *widget)
{
  for (int i = 0; i < 500 && gtk_widget_get_width (widget) < WIDTH / 2; i++)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int argc, char *argv[])
{
  g_autoptr (NsTopology) t = make_topology ();
  g_autofree char *data = ns_topology_to_data (t, NULL);
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "bench-canvas.netsketch.json", NULL);
  g_autoptr (GError) error = NULL;
  guint frames = 100;
  double start, load_ms, fit_zoom;
  graphene_rect_t bounds;
  NsTopology *loaded;

  if (argc == 3 && g_str_equal (argv[1], "--frames"))
    frames = (guint) g_ascii_strtoull (argv[2], NULL, 10);
  frames = MAX (frames, 1);

  g_file_set_contents (path, data, -1, NULL);
  ns_symbols_get_bounds (t, &bounds);
  fit_zoom = MIN (WIDTH / bounds.size.width, HEIGHT / bounds.size.height);

  g_print ("topology: %u nodes, %u links\n", t->nodes->len, t->links->len);
  g_print ("cairo only, 100 %% view:     %.2f ms/frame\n",
           bench_cairo (t, 1.0, 600, 600, frames));
  g_print ("cairo only, fit to window:  %.2f ms/frame (zoom %.2f)\n",
           bench_cairo (t, fit_zoom, bounds.origin.x, bounds.origin.y, frames), fit_zoom);

  if (!gtk_init_check ())
    {
      g_print ("no display: widget figures skipped (run under xvfb-run)\n");
      g_unlink (path);
      return 0;
    }

  {
    GtkWidget *window = gtk_window_new ();
    GtkWidget *canvas = ns_canvas_new ();
    g_autoptr (GskRenderer) renderer = gsk_cairo_renderer_new ();
    g_autoptr (NsDocument) document = NULL;

    gsk_renderer_realize (renderer, NULL, &error);
    g_assert_no_error (error);
    gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
    gtk_window_set_child (GTK_WINDOW (window), canvas);
    gtk_window_present (GTK_WINDOW (window));
    wait_for_size (canvas);

    /* Open to first frame: read, parse, validate, draw once. */
    start = now_ms ();
    loaded = ns_topology_load_file (path, &error);
    g_assert_no_error (error);
    document = ns_document_new_for_topology (loaded, NULL);
    ns_canvas_set_document (NS_CANVAS (canvas), document);
    ns_canvas_fit (NS_CANVAS (canvas));
    render_widget (canvas, renderer, 1);
    load_ms = now_ms () - start;
    g_print ("open file to first frame:   %.1f ms\n", load_ms);

    g_print ("widget, fit to window:      %.2f ms/frame\n",
             render_widget (canvas, renderer, frames));
    ns_canvas_set_zoom (NS_CANVAS (canvas), 1.0);
    g_print ("widget, 100 %% view:         %.2f ms/frame\n",
             render_widget (canvas, renderer, frames));

    /* A drag: one node moved a little each frame, through the model. */
    start = now_ms ();
    for (guint f = 0; f < frames; f++)
      {
        const char *ids[] = { "n1025" };

        ns_document_move_nodes (document, ids, 1, 1, 0);
        render_widget (canvas, renderer, 1);
      }
    g_print ("drag a node (move + frame): %.2f ms/frame\n", (now_ms () - start) / frames);

    gsk_renderer_unrealize (renderer);
    gtk_window_destroy (GTK_WINDOW (window));
  }
  g_unlink (path);
  return 0;
}
