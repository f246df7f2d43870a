/* test-app-layout.c: the window as it opens on a school laptop
 * (1024x700): the canvas gets most of the height, the tool palette, the
 * side panel's switcher and the lesson card are whole; the lesson card
 * shows the file's title and description, wraps, folds and comes back
 * with one click; results wrap instead of ending in "…". */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "app-test-util.h"

#include "core/command.h"
#include "core/topology-file.h"
#include "ns-inspector.h"
#include "ns-lesson-card.h"
#include "ns-run-panel.h"
#include "ns-window-private.h"
#include "ns-window.h"

static NsWindow *
open_window (NsDocument *document,
             int         width,
             int         height)
{
  NsWindow *window = ns_window_new (NULL, document);
  gboolean timed_out = FALSE;
  guint id;

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  id = g_timeout_add (10000, app_test_flag_cb, &timed_out);
  while (!timed_out && ns_run_panel_get_player (ns_window_get_run_panel (window)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  /* The panes take their place once the window has its size. */
  app_test_spin (400);
  return window;
}

static graphene_rect_t
bounds_in (GtkWidget *widget,
           GtkWidget *window)
{
  graphene_rect_t b;

  g_assert_true (gtk_widget_compute_bounds (widget, window, &b));
  return b;
}

/* @inner lies whole inside @outer (to the pixel). */
static void
assert_inside (GtkWidget  *inner,
               GtkWidget  *outer,
               GtkWidget  *window,
               const char *what)
{
  graphene_rect_t i = bounds_in (inner, window), o = bounds_in (outer, window);

  g_test_message ("%s: %.0f,%.0f %.0fx%.0f in %.0f,%.0f %.0fx%.0f", what, i.origin.x, i.origin.y,
                  i.size.width, i.size.height, o.origin.x, o.origin.y, o.size.width, o.size.height);
  g_assert_true (gtk_widget_get_mapped (inner));
  g_assert_cmpfloat (i.origin.y, >=, o.origin.y - 0.5);
  g_assert_cmpfloat (i.origin.x, >=, o.origin.x - 0.5);
  g_assert_cmpfloat (i.origin.y + i.size.height, <=, o.origin.y + o.size.height + 0.5);
  g_assert_cmpfloat (i.origin.x + i.size.width, <=, o.origin.x + o.size.width + 0.5);
}

static GtkWidget *
find_by_type (GtkWidget *widget,
              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_by_type (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_label_with (GtkWidget  *widget,
                 const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget)
      && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_label_with (c, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* 1024x700: the canvas is the largest thing in the window, and what sits
 * on it or beside it is whole. */
static void
test_small_screen (void)
{
  g_autoptr (NsDocument) document = app_test_load_example ("tcp-handshake.netsketch.json");
  NsWindow *window = open_window (document, 1024, 700);
  GtkWidget *w = GTK_WIDGET (window);
  GtkWidget *canvas = GTK_WIDGET (ns_window_get_canvas (window));
  GtkWidget *palette = gtk_widget_get_first_child (GTK_WIDGET (window->canvas_overlay));
  graphene_rect_t c, bottom;
  GtkWidget *switcher;

  c = bounds_in (canvas, w);
  bottom = bounds_in (window->bottom_area, w);
  g_test_message ("canvas %.0fx%.0f, player and views %.0f high", c.size.width, c.size.height,
                  bottom.size.height);
  /* Most of the height under the header bar goes to the canvas. */
  g_assert_cmpfloat (c.size.height, >, bottom.size.height);
  g_assert_cmpfloat (c.size.height, >=, 330);
  /* The tool palette (the overlay's first child after the canvas). */
  while (palette != NULL && !gtk_widget_has_css_class (palette, "tool-palette"))
    palette = gtk_widget_get_next_sibling (palette);
  g_assert_nonnull (palette);
  assert_inside (palette, canvas, w, "tool palette");
  /* The side panel's Properties/Scenario switcher and the lesson's title. */
  switcher = find_label_with (window->side_panel, "Scenario");
  g_assert_nonnull (switcher);
  assert_inside (switcher, window->side_panel, w, "switcher");
  assert_inside (GTK_WIDGET (window->lesson_card), window->side_panel, w, "lesson card");
  /* The views below keep room for a few rows. */
  g_assert_cmpfloat (bottom.size.height, >=, 240);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_lesson_card (void)
{
  g_autoptr (NsDocument) document = app_test_load_example ("tcp-order.netsketch.json");
  NsWindow *window = open_window (document, 1024, 700);
  NsLessonCard *card = ns_window_get_lesson_card (window);
  const NsTopology *topology = ns_document_get_topology (document);
  GtkLabel *body = ns_lesson_card_get_body_label (card);
  GtkWidget *heading = find_by_type (GTK_WIDGET (card), GTK_TYPE_BUTTON);
  PangoLayout *layout;

  g_assert_cmpstr (ns_lesson_card_get_title (card), ==, topology->title);
  g_assert_cmpstr (ns_lesson_card_get_body (card), ==, topology->description);
  g_assert_nonnull (find_label_with (GTK_WIDGET (card), topology->title));
  /* The description is read at once: on several lines, never cut. */
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (body)));
  g_assert_cmpstr (gtk_label_get_text (body), ==, topology->description);
  g_assert_true (gtk_label_get_wrap (body));
  layout = gtk_label_get_layout (body);
  g_assert_false (pango_layout_is_ellipsized (layout));
  g_assert_cmpint (pango_layout_get_line_count (layout), >=, 4);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (body)), <=,
                   gtk_widget_get_width (window->side_panel));

  /* One click folds it to its heading, one more brings it back. */
  g_assert_nonnull (heading);
  g_signal_emit_by_name (heading, "clicked");
  app_test_spin (600);
  g_assert_false (ns_lesson_card_get_expanded (card));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (body)));
  g_assert_true (gtk_widget_get_mapped (heading));
  g_signal_emit_by_name (heading, "clicked");
  app_test_spin (600);
  g_assert_true (ns_lesson_card_get_expanded (card));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (body)));

  /* Editing the description updates the card. */
  g_assert_true (ns_document_push (
    document, ns_command_set_properties (topology, topology->title, "Watch segment 3 wait.",
                                         topology->seed, topology->routing_auto)));
  app_test_spin (50);
  g_assert_cmpstr (ns_lesson_card_get_body (card), ==, "Watch segment 3 wait.");

  /* An activity's instructions go in the same card. */
  ns_lesson_card_set_activity (card, "Find the lost segment",
                               "Step until a frame is lost, then explain why.");
  app_test_spin (50);
  g_assert_nonnull (find_label_with (GTK_WIDGET (card), "Find the lost segment"));
  g_assert_nonnull (find_label_with (GTK_WIDGET (card), "explain why"));
  ns_lesson_card_set_activity (card, NULL, NULL);
  app_test_spin (50);
  g_assert_null (find_label_with (GTK_WIDGET (card), "explain why"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A traceroute's result is long: the status line and the inspector's
 * heading wrap and show all of it. */
static void
test_results_wrap (void)
{
  g_autoptr (NsDocument) document = app_test_load_example ("ip-hop-by-hop.netsketch.json");
  NsWindow *window = open_window (document, 1024, 700);
  NsRunPanel *panel = ns_window_get_run_panel (window);
  NsPlayer *player = ns_run_panel_get_player (panel);
  gint found = -1;

  for (guint i = 0; i < ns_player_get_n_steps (player); i++)
    {
      const NsPlayerStep *step = ns_player_get_step_info (player, i);

      if (step->kind == NS_TRACE_APP && strstr (step->text, "traceroute") != NULL
          && strlen (step->text) > 60)
        found = (gint) i;
    }
  g_assert_cmpint (found, >=, 0);
  ns_player_seek_step (player, found);
  app_test_spin (300);
  {
    const NsPlayerStep *step = ns_player_get_step_info (player, (guint) found);
    GtkWidget *status = find_label_with (GTK_WIDGET (panel), step->text);
    GtkWidget *heading =
      find_label_with (GTK_WIDGET (ns_run_panel_get_inspector (panel)), step->text);

    g_test_message ("result: %s", step->text);
    g_assert_nonnull (status);
    g_assert_nonnull (heading);
    g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (status))));
    g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (heading))));
    g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (status)), ==, PANGO_ELLIPSIZE_NONE);
    g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (heading)), ==, PANGO_ELLIPSIZE_NONE);
    g_assert_true (gtk_label_get_wrap (GTK_LABEL (status)));
    g_assert_true (gtk_label_get_wrap (GTK_LABEL (heading)));
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return g_test_run ();
    }

  g_test_add_func ("/app/layout/small-screen", test_small_screen);
  g_test_add_func ("/app/layout/lesson-card", test_lesson_card);
  g_test_add_func ("/app/layout/results-wrap", test_results_wrap);
  return g_test_run ();
}
