/* ns-ladder.c: the sequence diagram. Time runs downwards, but not to
 * scale: every moment at which a frame leaves or arrives gets its own row,
 * so a 2 ms handshake and the second of silence after it both read well;
 * long silences are marked with their length. */
#include "ns-ladder.h"

#include <glib/gi18n.h>

#include <math.h>

#include "ns-run-style.h"

#define ROW_H        22.0
#define TOP_PAD      14.0
#define GUTTER       84.0
#define HEADER_H     30.0
#define GAP_MARK_NS  (50 * G_TIME_SPAN_MILLISECOND * 1000)

/* ---- the scrolled body: draws only what is in view ---- */

#define NS_TYPE_LADDER_BODY (ns_ladder_body_get_type ())
G_DECLARE_FINAL_TYPE (NsLadderBody, ns_ladder_body, NS, LADDER_BODY, GtkWidget)

struct _NsLadderBody
{
  GtkWidget      parent_instance;
  NsLadder      *ladder;
  GtkAdjustment *vadjustment;   /* of the scrolled window */
};

G_DEFINE_FINAL_TYPE (NsLadderBody, ns_ladder_body, GTK_TYPE_WIDGET)

struct _NsLadder
{
  GtkWidget          parent_instance;

  NsPlayer          *player;          /* borrowed */
  NsPlayerLadder    *data;
  GArray            *times;           /* of gint64: distinct moments, one row each */
  GArray            *ys;              /* of double: each arrow's start and end y */
  double             max_span;        /* tallest arrow, px */
  cairo_surface_t   *dense_cache;
  guint              resync_id;
  double             cache_top, cache_width, cache_height;
  gint               selected_flight;
  gint               focus_conn;
  gboolean           only_conn;
  gboolean           show_switches;

  GtkWidget         *toolbar;
  GtkWidget         *only_check;
  GtkWidget         *header;
  GtkWidget         *scrolled;
  NsLadderBody      *body;
};

G_DEFINE_FINAL_TYPE (NsLadder, ns_ladder, GTK_TYPE_WIDGET)

enum { ARROW_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

static int
compare_time (gconstpointer a,
              gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static double
y_of_time (NsLadder *self,
           gint64    t)
{
  guint n = self->times != NULL ? self->times->len : 0;
  guint lo = 0, hi = n;
  gint64 t0, t1;

  if (n == 0)
    return TOP_PAD;
  /* The last row at or before t, then part of the way to the next. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->times, gint64, mid) <= t)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    return TOP_PAD;
  t0 = g_array_index (self->times, gint64, lo - 1);
  if (lo == n)
    return TOP_PAD + (n - 1) * ROW_H;
  t1 = g_array_index (self->times, gint64, lo);
  return TOP_PAD + (lo - 1 + (double) (t - t0) / (double) (t1 - t0)) * ROW_H;
}

static double
content_height (NsLadder *self)
{
  return TOP_PAD * 2 + (self->times != NULL ? self->times->len : 0) * ROW_H;
}

static double
column_x (NsLadder *self,
          double    width,
          guint     col)
{
  guint n = MAX (1, self->data != NULL ? self->data->columns->len : 1);
  double w = (width - GUTTER) / n;

  return GUTTER + w * (col + 0.5);
}

static void
rebuild (NsLadder *self)
{
  g_clear_pointer (&self->data, ns_player_ladder_free);
  g_clear_pointer (&self->times, g_array_unref);
  g_clear_pointer (&self->ys, g_array_unref);
  g_clear_pointer (&self->dense_cache, cairo_surface_destroy);
  self->max_span = 0;
  if (self->player != NULL)
    {
      gint conn = self->only_conn ? self->focus_conn : -1;
      g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (gint64));

      self->data = ns_player_ladder_new (self->player, conn, !self->show_switches);
      for (guint i = 0; i < self->data->arrows->len; i++)
        {
          const NsPlayerArrow *a = &g_array_index (self->data->arrows, NsPlayerArrow, i);

          g_array_append_val (all, a->t_start);
          g_array_append_val (all, a->t_end);
        }
      g_array_sort (all, compare_time);
      self->times = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint i = 0; i < all->len; i++)
        if (i == 0 || g_array_index (all, gint64, i) != g_array_index (all, gint64, i - 1))
          g_array_append_val (self->times, g_array_index (all, gint64, i));
      self->ys = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * self->data->arrows->len);
      for (guint i = 0; i < self->data->arrows->len; i++)
        {
          const NsPlayerArrow *a = &g_array_index (self->data->arrows, NsPlayerArrow, i);
          double y0 = y_of_time (self, a->t_start), y1 = y_of_time (self, a->t_end);

          g_array_append_val (self->ys, y0);
          g_array_append_val (self->ys, y1);
          self->max_span = MAX (self->max_span, y1 - y0);
        }
    }
  gtk_widget_queue_resize (GTK_WIDGET (self->body));
  gtk_widget_queue_draw (self->header);
}

/* ---- drawing ---- */

static PangoLayout *
make_layout (GtkWidget *widget,
             double     points,
             gboolean   bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, NULL);
  PangoFontDescription *font = pango_font_description_copy (
    pango_context_get_font_description (pango_layout_get_context (layout)));

  pango_font_description_set_size (font, (int) (points * PANGO_SCALE));
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  return layout;
}

/* Labels that would cover one another are left out (the arrow stays):
 * in a busy stretch, what can be read is worth more than what cannot. */
#define MAX_LABELS 150

static gboolean
label_free (GArray                *placed,
            const graphene_rect_t *rect)
{
  if (placed->len >= MAX_LABELS)
    return FALSE;
  for (guint i = 0; i < placed->len; i++)
    if (graphene_rect_intersection (&g_array_index (placed, graphene_rect_t, i), rect, NULL))
      return FALSE;
  return TRUE;
}

static void
draw_arrow (NsLadder            *self,
            cairo_t             *cr,
            PangoLayout         *layout,
            guint                index,
            double               width,
            gint64               now,
            double               view_top,
            double               view_bottom,
            GArray              *placed)
{
  const NsPlayerArrow *a = &g_array_index (self->data->arrows, NsPlayerArrow, index);
  double x0 = column_x (self, width, a->from_col), x1 = column_x (self, width, a->to_col);
  double y0 = g_array_index (self->ys, double, 2 * index),
         y1 = g_array_index (self->ys, double, 2 * index + 1);
  gboolean selected = (gint) a->flight == self->selected_flight;
  /* What has not happened yet at the cursor is drawn faintly. */
  double alpha = a->t_start <= now ? 1.0 : 0.3;
  double angle = atan2 (y1 - y0, x1 - x0);
  g_autofree char *text = NULL;
  int tw, th;
  double mx, my;
  GdkRGBA c;

  /* Only the part in view is stroked: in a busy run an arrow can cross
   * thousands of rows. */
  {
    double top = MAX (y0, view_top), bottom = MIN (y1, view_bottom);
    double f0 = y1 > y0 ? (top - y0) / (y1 - y0) : 0, f1 = y1 > y0 ? (bottom - y0) / (y1 - y0) : 1;
    double cx0 = x0 + (x1 - x0) * f0, cy0 = y0 + (y1 - y0) * f0;
    double cx1 = x0 + (x1 - x0) * f1, cy1 = y0 + (y1 - y0) * f1;

    if (selected)
      {
        cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.3);
        cairo_set_line_width (cr, 7);
        cairo_move_to (cr, cx0, cy0);
        cairo_line_to (cr, cx1, cy1);
        cairo_stroke (cr);
      }
    ns_run_style_set_source (cr, a->protocol, alpha);
    cairo_set_line_width (cr, selected ? 2.4 : 1.6);
    if (a->lost)
      {
        static const double dash[] = { 5, 3 };

        cairo_set_dash (cr, dash, 2, 0);
      }
    cairo_move_to (cr, cx0, cy0);
    cairo_line_to (cr, cx1, cy1);
    cairo_stroke (cr);
    cairo_set_dash (cr, NULL, 0, 0);
  }
  if (y1 > view_bottom)
    return;
  if (a->lost)
    {
      ns_run_style_loss_rgba (&c);
      cairo_set_source_rgba (cr, c.red, c.green, c.blue, alpha);
      cairo_set_line_width (cr, 2.5);
      cairo_move_to (cr, x1 - 6, y1 - 6);
      cairo_line_to (cr, x1 + 6, y1 + 6);
      cairo_move_to (cr, x1 + 6, y1 - 6);
      cairo_line_to (cr, x1 - 6, y1 + 6);
      cairo_stroke (cr);
    }
  else
    {
      ns_run_style_set_source (cr, a->protocol, alpha);
      cairo_move_to (cr, x1, y1);
      cairo_line_to (cr, x1 - 9 * cos (angle - 0.4), y1 - 9 * sin (angle - 0.4));
      cairo_line_to (cr, x1 - 9 * cos (angle + 0.4), y1 - 9 * sin (angle + 0.4));
      cairo_close_path (cr);
      cairo_fill (cr);
    }
  /* The label over the middle of the arrow, if it has room. */
  if ((width - GUTTER) / MAX (1, self->data->columns->len) < 48 && !selected)
    return;
  text = a->lost ? g_strdup_printf ("✕ %s", a->label)
         : a->retransmission ? g_strdup_printf ("↻ %s", a->label) : g_strdup (a->label);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &tw, &th);
  mx = (x0 + x1) / 2 - tw / 2.0;
  /* Kept off the time gutter (it would hide the times) and inside the
   * view, when the label is wider than the arrow. */
  mx = MAX (GUTTER + 2, MIN (mx, width - tw - 2));
  my = (y0 + y1) / 2 - th - 1;
  if (my > view_bottom || my + th < view_top)
    return;
  {
    graphene_rect_t rect = GRAPHENE_RECT_INIT (mx - 2, my, tw + 4, th);

    if (!selected && !label_free (placed, &rect))
      return;
    g_array_append_val (placed, rect);
  }
  cairo_set_source_rgba (cr, 1, 1, 1, 0.85 * alpha);
  cairo_rectangle (cr, mx - 2, my, tw + 4, th);
  cairo_fill (cr);
  if (a->lost)
    ns_run_style_loss_rgba (&c);
  else if (a->retransmission)
    ns_run_style_retransmit_rgba (&c);
  else
    ns_run_style_protocol_rgba (a->protocol, &c);
  cairo_set_source_rgba (cr, c.red * 0.75, c.green * 0.75, c.blue * 0.75, alpha);
  cairo_move_to (cr, mx, my);
  pango_cairo_show_layout (cr, layout);
}

/* Beyond this many arrows in view, no single one can be read: they are
 * drawn as strokes by protocol (the picture of the traffic), in a few
 * cairo calls instead of thousands. */
#define DENSE_ARROWS 400

static guint
count_in_view (NsLadder *self,
               guint     first,
               double    top,
               double    bottom)
{
  guint n = 0;

  for (guint i = first; i < self->data->arrows->len; i++)
    {
      double y0 = g_array_index (self->ys, double, 2 * i),
             y1 = g_array_index (self->ys, double, 2 * i + 1);

      if (y0 > bottom)
        break;
      n += y1 >= top;
    }
  return n;
}

static void
draw_dense (NsLadder *self,
            cairo_t  *cr,
            guint     first,
            double    width,
            double    top,
            double    bottom)
{
  const char *protocols[] = { "ARP", "ICMP", "UDP", "TCP", "DNS", "HTTP", "Ethernet" };

  /* One fill per colour of thin quads: a single scan conversion, where a
   * stroke per arrow would cost thousands. */
  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  /* "past" is reused as: 0 the frames that arrived, 1 the lost ones. */
  for (guint p = 0; p < G_N_ELEMENTS (protocols); p++)
    for (guint past = 0; past < 2; past++)
      {
        gboolean any = FALSE;

        for (guint i = first; i < self->data->arrows->len; i++)
          {
            const NsPlayerArrow *a = &g_array_index (self->data->arrows, NsPlayerArrow, i);
            double y0 = g_array_index (self->ys, double, 2 * i),
                   y1 = g_array_index (self->ys, double, 2 * i + 1);
            double x0, x1, f0, f1, ax, ay, bx, by;

            if (y0 > bottom)
              break;
            if (y1 < top || a->lost != (gboolean) past)
              continue;
            if (ns_run_style_is_frame_protocol (a->protocol)
                  ? g_strcmp0 (a->protocol, protocols[p]) != 0
                  : p + 1 < G_N_ELEMENTS (protocols))
              continue;
            x0 = column_x (self, width, a->from_col);
            x1 = column_x (self, width, a->to_col);
            f0 = y1 > y0 ? (MAX (y0, top) - y0) / (y1 - y0) : 0;
            f1 = y1 > y0 ? (MIN (y1, bottom) - y0) / (y1 - y0) : 1;
            ax = x0 + (x1 - x0) * f0;
            ay = y0 + (y1 - y0) * f0;
            bx = x0 + (x1 - x0) * f1;
            by = y0 + (y1 - y0) * f1;
            cairo_move_to (cr, ax, ay - 0.6);
            cairo_line_to (cr, bx, by - 0.6);
            cairo_line_to (cr, bx + 1.2, by + 0.6);
            cairo_line_to (cr, ax + 1.2, ay + 0.6);
            cairo_close_path (cr);
            any = TRUE;
          }
        if (!any)
          continue;
        if (past)
          {
            GdkRGBA c;

            ns_run_style_loss_rgba (&c);
            gdk_cairo_set_source_rgba (cr, &c);
          }
        else
          ns_run_style_set_source (cr, protocols[p], 0.8);
        cairo_fill (cr);
      }
  cairo_restore (cr);
}

/* A dense page does not change as the cursor moves (only the cursor line
 * does), so it is drawn once per scroll position. */
static void
draw_dense_cached (NsLadder *self,
                   cairo_t  *cr,
                   guint     first,
                   double    width,
                   double    top,
                   double    height)
{
  if (self->dense_cache == NULL || self->cache_top != top || self->cache_width != width
      || self->cache_height != height)
    {
      cairo_t *ccr;

      g_clear_pointer (&self->dense_cache, cairo_surface_destroy);
      self->dense_cache =
        cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int)ceil (width), (int)ceil (height));
      ccr = cairo_create (self->dense_cache);
      cairo_translate (ccr, 0, -top);
      draw_dense (self, ccr, first, width, top - ROW_H, top + height + ROW_H);
      cairo_destroy (ccr);
      self->cache_top = top;
      self->cache_width = width;
      self->cache_height = height;
    }
  cairo_set_source_surface (cr, self->dense_cache, 0, top);
  cairo_paint (cr);
}

static guint
first_arrow_from (NsLadder *self,
                  double    y)
{
  guint lo = 0, hi = self->data->arrows->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->ys, double, 2 * mid) < y)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

void
ns_ladder_render (NsLadder *self,
                  cairo_t  *cr,
                  double    width,
                  double    top,
                  double    height)
{
  g_autoptr (PangoLayout) layout = NULL;
  g_autoptr (PangoLayout) small = NULL;
  g_autoptr (GArray) placed = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  gint64 now;
  double bottom = top + height, cy;
  guint first;

  g_return_if_fail (NS_IS_LADDER (self));

  if (self->data == NULL || self->data->columns->len == 0)
    return;
  layout = make_layout (GTK_WIDGET (self), 8.5, TRUE);
  small = make_layout (GTK_WIDGET (self), 8, FALSE);
  now = ns_player_get_time (self->player);
  /* Lifelines. */
  cairo_set_source_rgba (cr, 0.5, 0.5, 0.55, 0.45);
  cairo_set_line_width (cr, 1);
  for (guint c = 0; c < self->data->columns->len; c++)
    {
      double x = floor (column_x (self, width, c)) + 0.5;

      cairo_move_to (cr, x, top);
      cairo_line_to (cr, x, bottom);
    }
  cairo_stroke (cr);
  /* Times in the gutter, and the long silences. */
  for (guint i = (guint)MAX (0.0, floor ((top - TOP_PAD) / ROW_H));
       self->times != NULL && i < self->times->len; i++)
    {
      double y = TOP_PAD + i * ROW_H;
      gint64 t = g_array_index (self->times, gint64, i);
      g_autofree char *text = ns_player_format_time (t);

      if (y > bottom + ROW_H)
        break;
      pango_layout_set_text (small, text, -1);
      cairo_set_source_rgba (cr, 0.4, 0.4, 0.45, 1);
      cairo_move_to (cr, 6, y - 7);
      pango_cairo_show_layout (cr, small);
      if (i + 1 < self->times->len && g_array_index (self->times, gint64, i + 1) - t > GAP_MARK_NS)
        {
          g_autofree char *gap = g_strdup_printf (
            "⋯ %.3f s later", (g_array_index (self->times, gint64, i + 1) - t) / 1e9);

          pango_layout_set_text (small, gap, -1);
          cairo_set_source_rgba (cr, 0.55, 0.55, 0.6, 1);
          cairo_move_to (cr, GUTTER + 4, y + ROW_H / 2 - 6);
          pango_cairo_show_layout (cr, small);
        }
    }
  /* Arrows that can reach into view: the tallest arrow bounds how far back
   * one may start. */
  first = first_arrow_from (self, top - self->max_span - 1);
  if (count_in_view (self, first, top - ROW_H, bottom + ROW_H) > DENSE_ARROWS)
    draw_dense_cached (self, cr, first, width, top, height);
  else
    for (guint i = first; i < self->data->arrows->len; i++)
      {
        double y0 = g_array_index (self->ys, double, 2 * i),
               y1 = g_array_index (self->ys, double, 2 * i + 1);

        if (y0 > bottom + ROW_H)
          break;
        if (y1 >= top - ROW_H)
          draw_arrow (self, cr, layout, i, width, now, top - ROW_H, bottom + ROW_H, placed);
      }
  /* The cursor. */
  cy = y_of_time (self, now);
  cairo_set_source_rgba (cr, 0.11, 0.37, 0.71, 0.9);
  cairo_set_line_width (cr, 2);
  cairo_move_to (cr, 0, cy);
  cairo_line_to (cr, width, cy);
  cairo_stroke (cr);
}

static void
ns_ladder_body_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  NsLadderBody *self = NS_LADDER_BODY (widget);
  double width = gtk_widget_get_width (widget);
  double top = self->vadjustment != NULL ? gtk_adjustment_get_value (self->vadjustment) : 0;
  double page = self->vadjustment != NULL ? gtk_adjustment_get_page_size (self->vadjustment)
                                          : gtk_widget_get_height (widget);
  cairo_t *cr;

  if (self->ladder == NULL || page <= 0)
    return;
  /* Only the part in view: the whole diagram of a long run would be a
   * surface far too big to allocate. */
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, top, width, page));
  ns_ladder_render (self->ladder, cr, width, top, page);
  cairo_destroy (cr);
}

static void
ns_ladder_body_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  NsLadderBody *self = NS_LADDER_BODY (widget);

  if (orientation == GTK_ORIENTATION_VERTICAL)
    *minimum = *natural = self->ladder != NULL ? (int) content_height (self->ladder) : 0;
  else
    *minimum = *natural = 240;
}

static void
ns_ladder_body_class_init (NsLadderBodyClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = ns_ladder_body_snapshot;
  widget_class->measure = ns_ladder_body_measure;
}

static void
ns_ladder_body_init (NsLadderBody *self)
{
}

static void
header_draw (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  NsLadder *self = user_data;
  g_autoptr (PangoLayout) layout = NULL;
  const NsTopology *topology;

  if (self->data == NULL)
    return;
  layout = make_layout (GTK_WIDGET (area), 9.5, TRUE);
  topology = ns_player_get_topology (self->player);
  for (guint c = 0; c < self->data->columns->len; c++)
    {
      const char *id = g_ptr_array_index (self->data->columns, c);
      NsTopoNode *node = topology != NULL ? ns_topology_find_node (topology, id) : NULL;
      double x = column_x (self, width, c);
      double colw = (width - GUTTER) / self->data->columns->len;
      const char *name = node != NULL && node->label != NULL ? node->label : id;
      int tw, th;

      /* "Data centre router" in a narrow column reads "Dat…": the short
       * name ("dc") is better, when it fits where the label does not. */
      pango_layout_set_width (layout, -1);
      pango_layout_set_text (layout, name, -1);
      pango_layout_get_pixel_size (layout, &tw, &th);
      if (tw > colw - 8)
        {
          pango_layout_set_text (layout, id, -1);
          pango_layout_get_pixel_size (layout, &tw, &th);
          pango_layout_set_text (layout, tw <= colw - 8 ? id : name, -1);
        }
      pango_layout_set_width (layout, (int) MAX (10, colw - 8) * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      pango_layout_get_pixel_size (layout, &tw, &th);
      ns_run_style_rounded_rect (cr, x - MIN (tw, colw - 8) / 2 - 8, 4, MIN (tw, colw - 8) + 16,
                                 height - 8, 6);
      cairo_set_source_rgba (cr, 0.5, 0.5, 0.55, 0.15);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0.15, 0.15, 0.18);
      cairo_move_to (cr, x - MAX (10, colw - 8) / 2, (height - th) / 2.0);
      pango_cairo_show_layout (cr, layout);
    }
}

/* ---- interaction ---- */

static double
distance_to_segment (double px,
                     double py,
                     double x0,
                     double y0,
                     double x1,
                     double y1)
{
  double dx = x1 - x0, dy = y1 - y0;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? CLAMP (((px - x0) * dx + (py - y0) * dy) / len2, 0, 1) : 0;

  return hypot (px - (x0 + t * dx), py - (y0 + t * dy));
}

gint
ns_ladder_arrow_at (NsLadder *self,
                    double    x,
                    double    y)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self->body));
  gint best = -1;
  double best_d = 8;

  g_return_val_if_fail (NS_IS_LADDER (self), -1);

  if (self->data == NULL)
    return -1;
  for (guint i = first_arrow_from (self, y - self->max_span - ROW_H); i < self->data->arrows->len;
       i++)
    {
      const NsPlayerArrow *a = &g_array_index (self->data->arrows, NsPlayerArrow, i);
      double y0 = g_array_index (self->ys, double, 2 * i),
             y1 = g_array_index (self->ys, double, 2 * i + 1);
      double x0 = column_x (self, width, a->from_col), x1 = column_x (self, width, a->to_col);
      double d;

      if (y0 > y + ROW_H)
        break;
      d = distance_to_segment (x, y, x0, y0, x1, y1);
      /* The label sits just above the middle of the arrow. */
      if (fabs (x - (x0 + x1) / 2) < 40 && y < (y0 + y1) / 2 && y > (y0 + y1) / 2 - 14)
        d = MIN (d, 2);
      if (d < best_d)
        {
          best_d = d;
          best = (gint) i;
        }
    }
  return best;
}

static void
on_body_pressed (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 NsLadder        *self)
{
  gint i = ns_ladder_arrow_at (self, x, y);
  const NsPlayerArrow *a;

  if (i < 0)
    return;
  a = &g_array_index (self->data->arrows, NsPlayerArrow, i);
  g_signal_emit (self, signals[ARROW_ACTIVATED], 0, a->step, a->flight);
}

/* ---- public ---- */

void
ns_ladder_set_player (NsLadder *self,
                      NsPlayer *player)
{
  g_return_if_fail (NS_IS_LADDER (self));

  self->player = player;
  self->selected_flight = -1;
  rebuild (self);
  ns_ladder_sync (self);
}

void
ns_ladder_sync (NsLadder *self)
{
  GtkAdjustment *adj = self->body->vadjustment;
  double y, value, page;

  g_return_if_fail (NS_IS_LADDER (self));

  gtk_widget_queue_draw (GTK_WIDGET (self->body));
  if (self->player == NULL || adj == NULL)
    return;
  /* Keep the cursor in sight, a third of the way down. */
  y = y_of_time (self, ns_player_get_time (self->player));
  value = gtk_adjustment_get_value (adj);
  page = gtk_adjustment_get_page_size (adj);
  if (page > 0 && (y < value + ROW_H || y > value + page - ROW_H))
    gtk_adjustment_set_value (adj, y - page / 3);
}

void
ns_ladder_set_selected_flight (NsLadder *self,
                               gint      flight)
{
  g_return_if_fail (NS_IS_LADDER (self));

  if (self->selected_flight == flight)
    return;
  self->selected_flight = flight;
  gtk_widget_queue_draw (GTK_WIDGET (self->body));
}

void
ns_ladder_set_focus_conn (NsLadder *self,
                          gint      conn)
{
  g_return_if_fail (NS_IS_LADDER (self));

  if (self->focus_conn == conn)
    return;
  self->focus_conn = conn;
  gtk_widget_set_sensitive (self->only_check, conn >= 0);
  if (self->only_conn)
    rebuild (self);
}

void
ns_ladder_set_only_conn (NsLadder *self,
                         gboolean  only)
{
  g_return_if_fail (NS_IS_LADDER (self));

  if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->only_check)) != only)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (self->only_check), only);
  if (self->only_conn == only)
    return;
  self->only_conn = only;
  rebuild (self);
  ns_ladder_sync (self);
}

void
ns_ladder_set_show_switches (NsLadder *self,
                             gboolean  show)
{
  g_return_if_fail (NS_IS_LADDER (self));

  if (self->show_switches == show)
    return;
  self->show_switches = show;
  rebuild (self);
  ns_ladder_sync (self);
}

double
ns_ladder_y_for_time (NsLadder *self,
                      gint64    t)
{
  g_return_val_if_fail (NS_IS_LADDER (self), 0);

  return y_of_time (self, t);
}

guint
ns_ladder_get_n_arrows (NsLadder *self)
{
  g_return_val_if_fail (NS_IS_LADDER (self), 0);

  return self->data != NULL ? self->data->arrows->len : 0;
}

guint
ns_ladder_get_n_columns (NsLadder *self)
{
  g_return_val_if_fail (NS_IS_LADDER (self), 0);

  return self->data != NULL ? self->data->columns->len : 0;
}

/* The view's size is known only once it is on screen: keep the cursor in
 * sight then. */
static gboolean
resync_idle (gpointer data)
{
  NsLadder *self = data;

  self->resync_id = 0;
  ns_ladder_sync (self);
  return G_SOURCE_REMOVE;
}

static void
on_map (GtkWidget *widget,
        NsLadder  *self)
{
  if (self->resync_id == 0)
    self->resync_id = g_idle_add (resync_idle, self);
}

static void
on_switches_toggled (GtkCheckButton *button,
                     NsLadder       *self)
{
  ns_ladder_set_show_switches (self, gtk_check_button_get_active (button));
}

static void
on_only_toggled (GtkCheckButton *button,
                 NsLadder       *self)
{
  ns_ladder_set_only_conn (self, gtk_check_button_get_active (button));
}

GtkWidget *
ns_ladder_new (void)
{
  return g_object_new (NS_TYPE_LADDER, NULL);
}

static void
ns_ladder_dispose (GObject *object)
{
  NsLadder *self = NS_LADDER (object);
  GtkWidget *child;

  self->player = NULL;
  g_clear_handle_id (&self->resync_id, g_source_remove);
  g_clear_pointer (&self->data, ns_player_ladder_free);
  g_clear_pointer (&self->times, g_array_unref);
  g_clear_pointer (&self->ys, g_array_unref);
  g_clear_pointer (&self->dense_cache, cairo_surface_destroy);
  if (self->body != NULL)
    {
      self->body->ladder = NULL;
      self->body = NULL;
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (ns_ladder_parent_class)->dispose (object);
}

static void
ns_ladder_class_init (NsLadderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ns_ladder_dispose;

  /* An arrow was clicked: (step that sent it, flight). */
  signals[ARROW_ACTIVATED] = g_signal_new ("arrow-activated", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ladder");
}

static void
ns_ladder_init (NsLadder *self)
{
  GtkWidget *switches;
  GtkGesture *click;

  self->selected_flight = -1;
  self->focus_conn = -1;
  gtk_orientable_set_orientation (
    GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))), GTK_ORIENTATION_VERTICAL);

  self->toolbar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_start (self->toolbar, 8);
  gtk_widget_set_margin_top (self->toolbar, 4);
  switches = gtk_check_button_new_with_label (_("Show switches"));
  gtk_widget_set_tooltip_text (
    switches, _ ("Draw a column for each switch too. Without them, a frame crossing a switch is "
                 "one arrow from its sender to its receiver."));
  g_signal_connect (switches, "toggled", G_CALLBACK (on_switches_toggled), self);
  gtk_box_append (GTK_BOX (self->toolbar), switches);
  self->only_check = gtk_check_button_new_with_label (_("Only this TCP connection"));
  gtk_widget_set_tooltip_text (self->only_check,
                               _ ("Show only the segments of the connection shown in the TCP tab"));
  gtk_widget_set_sensitive (self->only_check, FALSE);
  g_signal_connect (self->only_check, "toggled", G_CALLBACK (on_only_toggled), self);
  gtk_box_append (GTK_BOX (self->toolbar), self->only_check);
  gtk_widget_set_parent (self->toolbar, GTK_WIDGET (self));

  self->header = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->header), (int) HEADER_H);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->header), header_draw, self, NULL);
  gtk_widget_set_parent (self->header, GTK_WIDGET (self));

  self->body = g_object_new (NS_TYPE_LADDER_BODY, NULL);
  self->body->ladder = self;
  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (self->scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), GTK_WIDGET (self->body));
  self->body->vadjustment =
    gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled));
  /* Scrolling shows other rows: draw them. */
  g_signal_connect_swapped (self->body->vadjustment, "value-changed",
                            G_CALLBACK (gtk_widget_queue_draw), self->body);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (on_body_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->body), GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->body), "pointer");
  g_signal_connect (self, "map", G_CALLBACK (on_map), self);
}
