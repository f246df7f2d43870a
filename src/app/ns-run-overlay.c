/* ns-run-overlay.c: frames in flight, node states and tables over the
 * canvas. Everything is a pure function of the player's cursor, so
 * stepping back shows exactly what was there before. */
#include "ns-run-overlay.h"

#include <math.h>

#include "ns-symbols.h"
#include "ns-run-style.h"

typedef struct {
  gint            flight;
  graphene_rect_t rect;
} NsHitBox;

struct _NsRunOverlay
{
  GtkWidget           parent_instance;

  NsPlayer           *player;          /* borrowed */
  NsCanvas           *canvas;          /* weak */
  GtkEventController *motion;          /* on the canvas */
  GtkGesture         *click;           /* on the canvas */
  GArray             *frames;          /* of NsPlayerFrame: at the cursor */
  GArray             *hits;            /* of NsHitBox: as last drawn */
  gint                selected_flight;
  char               *hover_node;
  gboolean            show_legend;
  double              legend_width;

  /* The canvas's transform when last drawn: when it changes (pan, zoom)
   * the overlay is drawn again. */
  double              drawn_scale, drawn_ox, drawn_oy;

  /* Open sockets per node, for the cursor's step (they change only at
   * steps, not while frames glide between them). */
  GHashTable         *sockets;         /* node id -> GArray of NsPlayerSocket */
  GHashTable         *labels;          /* "style|protocol|text" -> NsLabelImage */
  GHashTable         *sprites;         /* "protocol|selected|resent|angle" -> cairo_surface_t */
  gint                sockets_step;
};

G_DEFINE_FINAL_TYPE (NsRunOverlay, ns_run_overlay, GTK_TYPE_WIDGET)

enum { FLIGHT_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* Sizes in widget pixels: packets and text stay readable at any zoom. */
#define GLYPH_W       18.0
#define GLYPH_H       11.0
#define LANE_GAP      3.0
#define MAX_LANES     4
#define SIDE_OFFSET   7.0

typedef struct {
  double scale, ox, oy;
} NsView;

static void
to_widget (const NsView *view,
           double        wx,
           double        wy,
           double       *x,
           double       *y)
{
  *x = wx * view->scale + view->ox;
  *y = wy * view->scale + view->oy;
}

static const NsTopology *
positions_topology (NsRunOverlay *self)
{
  NsDocument *document = self->canvas != NULL ? ns_canvas_get_document (self->canvas) : NULL;

  /* The drawing on screen, so that packets follow a node being moved; the
   * run's own copy otherwise. */
  if (document != NULL && ns_document_get_topology (document) != NULL)
    return ns_document_get_topology (document);
  return self->player != NULL ? ns_player_get_topology (self->player) : NULL;
}

static void
compute_view (NsRunOverlay *self,
              double        width,
              double        height,
              NsView       *view)
{
  const NsTopology *topology = positions_topology (self);
  graphene_rect_t b;

  if (self->canvas != NULL)
    {
      view->scale = ns_canvas_get_zoom (self->canvas);
      ns_canvas_world_to_widget (self->canvas, 0, 0, &view->ox, &view->oy);
      return;
    }
  view->scale = 1;
  view->ox = view->oy = 0;
  if (topology == NULL || !ns_symbols_get_bounds (topology, &b) || b.size.width <= 0
      || b.size.height <= 0)
    return;
  view->scale = MIN (width / b.size.width, height / b.size.height) * 0.92;
  view->ox = (width - b.size.width * view->scale) / 2 - b.origin.x * view->scale;
  view->oy = (height - b.size.height * view->scale) / 2 - b.origin.y * view->scale;
}

static GHashTable *
index_nodes (const NsTopology *topology)
{
  GHashTable *index = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; topology != NULL && i < topology->nodes->len; i++)
    {
      NsTopoNode *node = g_ptr_array_index (topology->nodes, i);

      g_hash_table_insert (index, node->id, node);
    }
  return index;
}

static PangoLayout *
make_layout (NsRunOverlay *self,
             double        points,
             gboolean      bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  PangoFontDescription *font = pango_font_description_copy (
    pango_context_get_font_description (pango_layout_get_context (layout)));

  pango_font_description_set_size (font, (int) (points * PANGO_SCALE));
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  return layout;
}

/* ---- frames ---- */

/* The frames in the air at the cursor, less those whose departure is a
 * later step at the same moment: stepping through simultaneous events (a
 * switch receiving and forwarding in the same nanosecond) shows each frame
 * leave at its own step. */
static void
collect_frames (NsRunOverlay *self)
{
  gint step = ns_player_get_step (self->player);
  guint kept = 0;

  ns_player_frames_at_cursor (self->player, self->frames);
  for (guint i = 0; i < self->frames->len; i++)
    {
      NsPlayerFrame *frame = &g_array_index (self->frames, NsPlayerFrame, i);

      if ((gint) frame->flight->tx_step <= step)
        g_array_index (self->frames, NsPlayerFrame, kept++) = *frame;
    }
  g_array_set_size (self->frames, kept);
}

typedef struct {
  const NsPlayerFrame *frame;
  double px, py;          /* where the packet is */
  double ux, uy;          /* direction of travel */
  gint   key;             /* link and direction: labels avoid each other within it */
} NsPlaced;

static gboolean
place_frame (NsRunOverlay        *self,
             const NsView        *view,
             GHashTable          *nodes,
             const NsPlayerFrame *frame,
             NsPlaced            *out)
{
  const NsPlayerFlight *flight = frame->flight;
  NsTopoNode *a = flight->from_node != NULL ? g_hash_table_lookup (nodes, flight->from_node) : NULL;
  NsTopoNode *b = flight->to_node != NULL ? g_hash_table_lookup (nodes, flight->to_node) : NULL;
  double ax, ay, bx, by, len, r0, travel;

  if (a == NULL)
    return FALSE;
  to_widget (view, a->x, a->y, &ax, &ay);
  if (b != NULL)
    to_widget (view, b->x, b->y, &bx, &by);
  else
    {
      bx = ax + 60;
      by = ay;
    }
  len = hypot (bx - ax, by - ay);
  if (len < 1)
    return FALSE;
  out->frame = frame;
  out->ux = (bx - ax) / len;
  out->uy = (by - ay) / len;
  /* From the edge of one symbol to the edge of the other, so a frame is
   * never hidden under a node. */
  r0 = MIN (NS_SYMBOLS_NODE_HALF_WIDTH / MAX (fabs (out->ux), 1e-6),
             NS_SYMBOLS_NODE_HALF_HEIGHT / MAX (fabs (out->uy), 1e-6)) * view->scale + GLYPH_W / 2;
  r0 = MIN (r0, len / 3);
  travel = len - 2 * r0;
  out->px = ax + out->ux * (r0 + frame->progress * travel) - out->uy * SIDE_OFFSET;
  out->py = ay + out->uy * (r0 + frame->progress * travel) + out->ux * SIDE_OFFSET;
  out->key = flight->link_index * 2 + (gint) flight->from_end;
  return TRUE;
}

static void
add_hit (NsRunOverlay *self,
         gint          flight,
         double        x,
         double        y,
         double        w,
         double        h)
{
  NsHitBox hit = { flight, GRAPHENE_RECT_INIT (x, y, w, h) };

  g_array_append_val (self->hits, hit);
}

static void
draw_glyph_shape (cairo_t    *cr,
                  const char *protocol,
                  gboolean    selected,
                  gboolean    resent,
                  double      angle,
                  double      alpha)
{
  GdkRGBA c;

  cairo_save (cr);
  cairo_rotate (cr, angle);
  if (selected)
    {
      ns_run_style_rounded_rect (cr, -GLYPH_W / 2 - 5, -GLYPH_H / 2 - 5, GLYPH_W + 10, GLYPH_H + 10,
                                 7);
      cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.35 * alpha);
      cairo_fill (cr);
    }
  ns_run_style_rounded_rect (cr, -GLYPH_W / 2, -GLYPH_H / 2, GLYPH_W, GLYPH_H, 3);
  ns_run_style_set_source (cr, protocol, alpha);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, selected ? 2.5 : 1.2);
  if (selected)
    cairo_set_source_rgba (cr, 0.05, 0.2, 0.45, alpha);
  else
    cairo_set_source_rgba (cr, 1, 1, 1, 0.9 * alpha);
  cairo_stroke (cr);
  /* An envelope's flap: it reads as "a packet", and shows which way it goes. */
  cairo_move_to (cr, -GLYPH_W / 2 + 2, -GLYPH_H / 2 + 2);
  cairo_line_to (cr, 0, 1);
  cairo_line_to (cr, GLYPH_W / 2 - 2, -GLYPH_H / 2 + 2);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.75 * alpha);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  if (resent)
    {
      ns_run_style_retransmit_rgba (&c);
      ns_run_style_rounded_rect (cr, -GLYPH_W / 2 - 3, -GLYPH_H / 2 - 3, GLYPH_W + 6, GLYPH_H + 6,
                                 5);
      cairo_set_source_rgba (cr, c.red, c.green, c.blue, alpha);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

#define SPRITE_SIZE     36
#define SPRITE_ANGLES   64

/* Packets are painted from small images made once per protocol, look and
 * direction: a thousand packets then cost a thousand quick copies rather
 * than a thousand shapes to fill and stroke. */
static void
draw_glyph (NsRunOverlay   *self,
            cairo_t        *cr,
            const NsPlaced *p,
            double          alpha)
{
  const NsPlayerFlight *flight = p->frame->flight;
  gboolean selected = (gint) flight->index == self->selected_flight;
  double angle = atan2 (p->uy, p->ux);
  guint bucket = (guint) lround ((angle + G_PI) / (2 * G_PI) * SPRITE_ANGLES) % SPRITE_ANGLES;
  g_autofree char *key = NULL;
  cairo_surface_t *sprite;

  if (alpha < 1)
    {
      cairo_save (cr);
      cairo_translate (cr, p->px, p->py);
      draw_glyph_shape (cr, flight->protocol, selected, flight->retransmission, angle, alpha);
      cairo_restore (cr);
      return;
    }
  key = g_strdup_printf ("%s|%d|%d|%u", flight->protocol, selected, flight->retransmission, bucket);
  sprite = g_hash_table_lookup (self->sprites, key);
  if (sprite == NULL)
    {
      int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
      cairo_t *scr;

      sprite =
        cairo_image_surface_create (CAIRO_FORMAT_ARGB32, SPRITE_SIZE * scale, SPRITE_SIZE * scale);
      cairo_surface_set_device_scale (sprite, scale, scale);
      scr = cairo_create (sprite);
      cairo_translate (scr, SPRITE_SIZE / 2.0, SPRITE_SIZE / 2.0);
      draw_glyph_shape (scr, flight->protocol, selected, flight->retransmission,
                        bucket * 2 * G_PI / SPRITE_ANGLES - G_PI, 1);
      cairo_destroy (scr);
      g_hash_table_insert (self->sprites, g_steal_pointer (&key), sprite);
    }
  cairo_set_source_surface (cr, sprite, round (p->px) - SPRITE_SIZE / 2.0,
                            round (p->py) - SPRITE_SIZE / 2.0);
  cairo_paint (cr);
}

static void
draw_cross (cairo_t *cr,
            double   x,
            double   y,
            double   size,
            double   alpha)
{
  GdkRGBA c;

  ns_run_style_loss_rgba (&c);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.9 * alpha);
  cairo_set_line_width (cr, 5);
  cairo_move_to (cr, x - size, y - size);
  cairo_line_to (cr, x + size, y + size);
  cairo_move_to (cr, x + size, y - size);
  cairo_line_to (cr, x - size, y + size);
  cairo_stroke (cr);
  cairo_set_source_rgba (cr, c.red, c.green, c.blue, alpha);
  cairo_set_line_width (cr, 2.6);
  cairo_move_to (cr, x - size, y - size);
  cairo_line_to (cr, x + size, y + size);
  cairo_move_to (cr, x + size, y - size);
  cairo_line_to (cr, x - size, y + size);
  cairo_stroke (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
}

/* A lost frame comes apart where it was lost: pieces fly off and fade. */
static void
draw_breakup (NsRunOverlay   *self,
              cairo_t        *cr,
              const NsPlaced *p)
{
  const NsPlayerFlight *flight = p->frame->flight;
  double k = p->frame->breakup;
  double alpha = 1 - 0.75 * k;

  if (flight->queue_drop)
    {
      /* Never left the sender: it falls off the end of the full queue. */
      NsPlaced fall = *p;

      fall.py += 18 * k;
      draw_glyph (self, cr, &fall, alpha);
      draw_cross (cr, fall.px, fall.py, 6, 1);
      return;
    }
  for (guint i = 0; i < 6; i++)
    {
      double angle = i * G_PI / 3 + 0.4 + flight->index % 5;
      double d = 4 + 22 * k;
      double x = p->px + cos (angle) * d;
      double y = p->py + sin (angle) * d;

      cairo_save (cr);
      cairo_translate (cr, x, y);
      cairo_rotate (cr, angle + 3 * k);
      cairo_rectangle (cr, -3, -2.5, 6, 5);
      ns_run_style_set_source (cr, flight->protocol, alpha);
      cairo_fill (cr);
      cairo_restore (cr);
    }
  draw_cross (cr, p->px, p->py, 6, 1);
}

static char *
frame_label (const NsPlayerFrame *frame)
{
  const NsPlayerFlight *flight = frame->flight;
  const char *label = flight->label != NULL ? flight->label : flight->protocol;

  if (flight->queue_drop)
    return g_strdup_printf ("✕ queue full: %s", label);
  if (frame->broken)
    return g_strdup_printf ("✕ lost: %s", label);
  if (flight->retransmission)
    return g_strdup_printf ("↻ %s (again)", label);
  return g_strdup (label);
}

/* More labels than this on the canvas at once are no longer read, only
 * seen: the rest of the frames go unlabelled (lost, resent and selected
 * ones are labelled first). */
#define MAX_LABELS 160

typedef struct {
  cairo_surface_t *surface;
  double           w, h;
} NsLabelImage;

static void
label_image_free (gpointer data)
{
  NsLabelImage *image = data;

  cairo_surface_destroy (image->surface);
  g_free (image);
}

typedef enum {
  LABEL_PLAIN,
  LABEL_BAD,
  LABEL_RESENT,
  LABEL_SELECTED,
  LABEL_CHIP,       /* a port on a node: light, with a border */
} NsLabelStyle;

/* A label drawn once and kept: at 60 frames a second the same few
 * hundred labels are painted over and over, and laying out text is what
 * costs. */
static NsLabelImage *
label_image (NsRunOverlay *self,
             PangoLayout  *layout,
             const char   *text,
             const char   *protocol,
             NsLabelStyle  style)
{
  g_autofree char *key = g_strdup_printf ("%d|%s|%s", style, protocol, text);
  NsLabelImage *image = g_hash_table_lookup (self->labels, key);
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  int tw, th;
  cairo_t *cr;
  GdkRGBA c;

  if (image != NULL)
    return image;
  if (g_hash_table_size (self->labels) > 4000)
    g_hash_table_remove_all (self->labels);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &tw, &th);
  image = g_new0 (NsLabelImage, 1);
  image->w = tw + 10;
  image->h = th + (style == LABEL_CHIP ? 2 : 4);
  image->surface = cairo_image_surface_create (
    CAIRO_FORMAT_ARGB32, (int)ceil ((image->w + 4) * scale), (int)ceil ((image->h + 4) * scale));
  cairo_surface_set_device_scale (image->surface, scale, scale);
  cr = cairo_create (image->surface);
  cairo_translate (cr, 2, 2);
  if (style == LABEL_CHIP)
    {
      ns_run_style_rounded_rect (cr, 0, 0, image->w, image->h, 4);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.92);
      cairo_fill_preserve (cr);
      ns_run_style_set_source (cr, protocol, 1);
      cairo_set_line_width (cr, 1.2);
      cairo_stroke (cr);
      cairo_move_to (cr, 5, 1);
      cairo_set_source_rgb (cr, 0.12, 0.12, 0.14);
      pango_cairo_show_layout (cr, layout);
      cairo_destroy (cr);
      g_hash_table_insert (self->labels, g_steal_pointer (&key), image);
      return image;
    }
  if (style == LABEL_BAD)
    ns_run_style_loss_rgba (&c);
  else
    ns_run_style_protocol_rgba (protocol, &c);
  ns_run_style_rounded_rect (cr, 0, 0, image->w, image->h, image->h / 2);
  cairo_set_source_rgba (cr, c.red, c.green, c.blue, 0.93);
  cairo_fill_preserve (cr);
  if (style == LABEL_SELECTED)
    {
      cairo_set_source_rgb (cr, 0.05, 0.2, 0.45);
      cairo_set_line_width (cr, 2.5);
    }
  else if (style == LABEL_RESENT)
    {
      ns_run_style_retransmit_rgba (&c);
      gdk_cairo_set_source_rgba (cr, &c);
      cairo_set_line_width (cr, 2);
    }
  else
    {
      cairo_set_source_rgba (cr, 1, 1, 1, 0.8);
      cairo_set_line_width (cr, 1);
    }
  cairo_stroke (cr);
  cairo_move_to (cr, 5, 2);
  cairo_set_source_rgb (cr, 1, 1, 1);
  pango_cairo_show_layout (cr, layout);
  cairo_destroy (cr);
  g_hash_table_insert (self->labels, g_steal_pointer (&key), image);
  return image;
}

/* Labels placed so far, and a coarse grid saying which of them touch each
 * cell: a try is compared only with its neighbours. */
#define CELL      32
#define CELL_MAX  6

typedef struct {
  guint16 n;
  guint16 label[CELL_MAX];
} NsCell;

typedef struct {
  GArray  *rects;     /* of graphene_rect_t */
  NsCell  *cells;
  int      cols, rows;
  double   width, height;
} NsLabelSpace;

static void
cells_of (const NsLabelSpace    *space,
          const graphene_rect_t *rect,
          int                   *c0,
          int                   *r0,
          int                   *c1,
          int                   *r1)
{
  *c0 = CLAMP ((int) floor (rect->origin.x / CELL), 0, space->cols - 1);
  *r0 = CLAMP ((int) floor (rect->origin.y / CELL), 0, space->rows - 1);
  *c1 = CLAMP ((int) floor ((rect->origin.x + rect->size.width) / CELL), 0, space->cols - 1);
  *r1 = CLAMP ((int) floor ((rect->origin.y + rect->size.height) / CELL), 0, space->rows - 1);
}

static gboolean
label_fits (NsLabelSpace          *space,
            const graphene_rect_t *rect)
{
  int c0, r0, c1, r1;

  cells_of (space, rect, &c0, &r0, &c1, &r1);
  for (int r = r0; r <= r1; r++)
    for (int c = c0; c <= c1; c++)
      {
        const NsCell *cell = &space->cells[r * space->cols + c];

        /* A crowded cell: no room for one more. */
        if (cell->n > CELL_MAX)
          return FALSE;
        for (guint k = 0; k < cell->n; k++)
          if (graphene_rect_intersection (
                &g_array_index (space->rects, graphene_rect_t, cell->label[k]), rect, NULL))
            return FALSE;
      }
  return TRUE;
}

static void
label_take (NsLabelSpace          *space,
            const graphene_rect_t *rect)
{
  int c0, r0, c1, r1;

  cells_of (space, rect, &c0, &r0, &c1, &r1);
  for (int r = r0; r <= r1; r++)
    for (int c = c0; c <= c1; c++)
      {
        NsCell *cell = &space->cells[r * space->cols + c];

        if (cell->n < CELL_MAX)
          cell->label[cell->n] = (guint16) space->rects->len;
        if (cell->n <= CELL_MAX)
          cell->n++;
      }
  g_array_append_val (space->rects, *rect);
}

static gboolean
label_is_important (NsRunOverlay   *self,
                    const NsPlaced *p)
{
  const NsPlayerFlight *flight = p->frame->flight;

  return p->frame->broken || flight->queue_drop || flight->retransmission
         || (gint) flight->index == self->selected_flight;
}

static gboolean
draw_label (NsRunOverlay   *self,
            cairo_t        *cr,
            PangoLayout    *layout,
            const NsPlaced *p,
            NsLabelSpace   *placed)
{
  const NsPlayerFlight *flight = p->frame->flight;
  g_autofree char *text = frame_label (p->frame);
  gboolean bad = p->frame->broken || flight->queue_drop;
  NsLabelStyle style = (gint) flight->index == self->selected_flight ? LABEL_SELECTED
                       : bad ? LABEL_BAD : flight->retransmission ? LABEL_RESENT : LABEL_PLAIN;
  NsLabelImage *image = label_image (self, layout, text, flight->protocol, style);
  double w = image->w, h = image->h, nx = -p->uy, ny = p->ux, reach;

  /* Labels sit beside their packet, away from the link, on the side of
   * their direction; when one is taken, the next lane out. */
  reach = fabs (nx) * w / 2 + fabs (ny) * h / 2;
  for (guint k = 0; k < 2 * MAX_LANES; k++)
    {
      /* Its own side first, lane by lane; the other side of the link when
       * its own is full or off the edge. */
      guint lane = k / 2;
      double side = k % 2 == 0 ? 1 : -1;
      double d =
        side * (GLYPH_H / 2 + 4 + reach + lane * (fabs (nx) * w + fabs (ny) * h + LANE_GAP));
      double cx = p->px + nx * d;
      double cy = p->py + ny * d;
      graphene_rect_t rect = GRAPHENE_RECT_INIT (cx - w / 2, cy - h / 2, w, h);

      if (rect.origin.x < 0 || rect.origin.y < 0 || rect.origin.x + w > placed->width
          || rect.origin.y + h > placed->height)
        continue;
      if (label_fits (placed, &rect))
        {
          label_take (placed, &rect);
          cairo_set_source_surface (cr, image->surface, rect.origin.x - 2, rect.origin.y - 2);
          cairo_paint (cr);
          add_hit (self, flight->index, rect.origin.x, rect.origin.y, w, h);
          return TRUE;
        }
    }
  return FALSE;
}

/* ---- nodes ---- */

static GArray *
sockets_of (NsRunOverlay *self,
            const char   *node)
{
  GArray *sockets;

  if (self->sockets_step != ns_player_get_step (self->player))
    {
      g_hash_table_remove_all (self->sockets);
      self->sockets_step = ns_player_get_step (self->player);
    }
  sockets = g_hash_table_lookup (self->sockets, node);
  if (sockets == NULL)
    {
      sockets = ns_player_dup_sockets (self->player, node);
      g_hash_table_insert (self->sockets, g_strdup (node), sockets);
    }
  return sockets;
}

/* The ports a host has open, as chips over its symbol: the address is the
 * building, the port the flat number. */
static void
draw_node_sockets (NsRunOverlay     *self,
                   cairo_t          *cr,
                   PangoLayout      *layout,
                   const NsView     *view,
                   const NsTopoNode *node,
                   NsLabelSpace     *space)
{
  GArray *sockets;
  double x, y;
  guint shown;

  /* Zoomed far out the chips would only cover one another (the canvas
   * leaves out its labels there too). */
  if (ns_node_kind_is_layer2 (node->kind) || view->scale < 0.45)
    return;
  sockets = sockets_of (self, node->id);
  if (sockets->len == 0)
    return;
  to_widget (view, node->x, node->y, &x, &y);
  y -= NS_SYMBOLS_NODE_HALF_HEIGHT * view->scale + 6;
  shown = MIN (sockets->len, 4);
  for (guint i = 0; i < shown + (sockets->len > shown ? 1 : 0); i++)
    {
      g_autofree char *text = NULL;
      const char *protocol = "Ethernet";
      NsLabelImage *image;

      if (i < shown)
        {
          const NsPlayerSocket *s = &g_array_index (sockets, NsPlayerSocket, i);

          protocol = s->protocol;
          text =
            g_strdup_printf ("%s :%u %s", s->protocol, s->port, s->state != NULL ? s->state : "");
        }
      else
        text = g_strdup_printf ("+%u more", sockets->len - shown);
      image = label_image (self, layout, text, protocol, LABEL_CHIP);
      y -= image->h + 2;
      cairo_set_source_surface (cr, image->surface, x - image->w / 2 - 2, y - 2);
      cairo_paint (cr);
      /* Packet labels keep clear of the ports. */
      label_take (space, &GRAPHENE_RECT_INIT (x - image->w / 2, y, image->w, image->h));
    }
}

static void
append_section (GString    *text,
                const char *title)
{
  g_string_append_printf (text, "%s<b>%s</b>", text->len > 0 ? "\n" : "", title);
}

static char *
hover_markup (NsRunOverlay     *self,
              const NsTopoNode *node)
{
  GString *text = g_string_new (NULL);
  g_autoptr (GArray) arp = ns_player_dup_arp_cache (self->player, node->id);
  g_autoptr (GArray) routes = ns_player_dup_routes (self->player, node->id);
  GArray *sockets = sockets_of (self, node->id);
  g_autofree char *now = ns_player_format_time (ns_player_get_time (self->player));
  NsPlayerCounters counters;

  g_autofree char *title = g_markup_escape_text (node->label != NULL ? node->label : node->id, -1);

  g_string_append_printf (text, "<big><b>%s</b></big>  <span alpha=\"60%%\">at %s</span>", title,
                          now);
  if (!ns_node_kind_is_layer2 (node->kind))
    {
      append_section (
        text, "ARP cache  <span alpha=\"60%\" weight=\"normal\">(IP address → MAC address)</span>");
      if (arp->len == 0)
        g_string_append (text, "\n  <i>empty: nothing learnt yet</i>");
      for (guint i = 0; i < arp->len; i++)
        {
          const NsPlayerArpEntry *e = &g_array_index (arp, NsPlayerArpEntry, i);

          g_string_append_printf (text, "\n  <tt>%-15s → %s</tt>", e->addr, e->mac);
        }
      append_section (text, "Routing table");
      for (guint i = 0; i < routes->len; i++)
        {
          const NsPlayerRoute *r = &g_array_index (routes, NsPlayerRoute, i);
          g_autofree char *dest = ns_format_cidr (r->dest, r->prefix_len);
          g_autofree char *via = r->via != 0 ? ns_format_ipv4 (r->via) : g_strdup ("direct");

          g_string_append_printf (text,
                                  "\n  <tt>%-18s via %-15s %s</tt> <span alpha=\"60%%\">%s</span>",
                                  dest, via, r->iface != NULL ? r->iface : "", r->origin);
        }
      append_section (text, "Open ports");
      if (sockets->len == 0)
        g_string_append (text, "\n  <i>none</i>");
      for (guint i = 0; i < sockets->len; i++)
        {
          const NsPlayerSocket *s = &g_array_index (sockets, NsPlayerSocket, i);

          g_string_append_printf (text, "\n  <tt>%s %5u</tt> %s%s%s", s->protocol, s->port,
                                  s->state, s->remote != NULL ? " with " : "",
                                  s->remote != NULL ? s->remote : "");
        }
    }
  ns_player_get_counters (self->player, node->id, &counters);
  append_section (text, "Counters");
  g_string_append_printf (
    text,
    "\n  frames sent %" G_GUINT64_FORMAT " · received %" G_GUINT64_FORMAT
    "\n  lost on a link %" G_GUINT64_FORMAT " · queue drops %" G_GUINT64_FORMAT
    "\n  packets dropped here %" G_GUINT64_FORMAT " · TCP retransmissions %" G_GUINT64_FORMAT,
    counters.frames_sent, counters.frames_received, counters.frames_lost, counters.queue_drops,
    counters.packets_dropped, counters.retransmissions);
  return g_string_free (text, FALSE);
}

static void
draw_hover_card (NsRunOverlay *self,
                 cairo_t      *cr,
                 const NsView *view,
                 GHashTable   *nodes,
                 double        width,
                 double        height)
{
  NsTopoNode *node =
    self->hover_node != NULL ? g_hash_table_lookup (nodes, self->hover_node) : NULL;
  g_autoptr (PangoLayout) layout = NULL;
  g_autofree char *markup = NULL;
  double x, y, w, h;
  int tw, th;

  if (node == NULL)
    return;
  layout = make_layout (self, 9, FALSE);
  markup = hover_markup (self, node);
  pango_layout_set_markup (layout, markup, -1);
  pango_layout_get_pixel_size (layout, &tw, &th);
  w = tw + 20;
  h = th + 16;
  to_widget (view, node->x, node->y, &x, &y);
  /* Above the node and its port chips, clear of the canvas's own tooltip
   * (which opens below the pointer); below it when there is no room. */
  if (y - NS_SYMBOLS_NODE_HALF_HEIGHT * view->scale - 40 - h >= 6)
    {
      x = CLAMP (x - w / 2, 6, MAX (6, width - w - 6));
      y = y - NS_SYMBOLS_NODE_HALF_HEIGHT * view->scale - 40 - h;
    }
  else
    {
      double right = x + NS_SYMBOLS_NODE_HALF_WIDTH * view->scale + 150;

      /* Beside it, past where the tooltip opens; on the left if the right
       * has no room. */
      x = right + w <= width - 6 ? right
                                 : MAX (6, x - NS_SYMBOLS_NODE_HALF_WIDTH * view->scale - 16 - w);
      y = CLAMP (y - h / 2, 6, MAX (6, height - h - 6));
    }
  ns_run_style_rounded_rect (cr, x + 2, y + 3, w, h, 8);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.15);
  cairo_fill (cr);
  ns_run_style_rounded_rect (cr, x, y, w, h, 8);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.97);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.2);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  cairo_move_to (cr, x + 10, y + 8);
  cairo_set_source_rgb (cr, 0.12, 0.12, 0.14);
  pango_cairo_show_layout (cr, layout);
}

void
ns_run_overlay_render (NsRunOverlay *self,
                       cairo_t      *cr,
                       double        width,
                       double        height)
{
  const NsTopology *topology;
  g_autoptr (GHashTable) nodes = NULL;
  g_autoptr (PangoLayout) label_layout = NULL;
  g_autoptr (PangoLayout) chip_layout = NULL;
  g_autoptr (GArray) placed = NULL;
  NsLabelSpace space;
  NsView view;

  g_return_if_fail (NS_IS_RUN_OVERLAY (self));

  g_array_set_size (self->hits, 0);
  if (self->player == NULL)
    return;
  topology = positions_topology (self);
  compute_view (self, width, height, &view);
  self->drawn_scale = view.scale;
  self->drawn_ox = view.ox;
  self->drawn_oy = view.oy;
  nodes = index_nodes (topology);
  chip_layout = make_layout (self, 7.5, FALSE);
  label_layout = make_layout (self, 8.5, TRUE);
  space.rects = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  space.cols = (int) (width / CELL) + 1;
  space.rows = (int) (height / CELL) + 1;
  space.cells = g_new0 (NsCell, space.cols * space.rows);
  space.width = width;
  space.height = height;
  for (guint i = 0; topology != NULL && i < topology->nodes->len; i++)
    {
      NsTopoNode *node = g_ptr_array_index (topology->nodes, i);
      double x, y;

      draw_node_sockets (self, cr, chip_layout, &view, node, &space);
      /* Packet labels keep clear of the node and its name and addresses
       * too. */
      to_widget (&view, node->x, node->y, &x, &y);
      label_take (&space, &GRAPHENE_RECT_INIT (x - NS_SYMBOLS_NODE_HALF_WIDTH * view.scale,
                                               y - NS_SYMBOLS_NODE_HALF_HEIGHT * view.scale,
                                               2 * NS_SYMBOLS_NODE_HALF_WIDTH * view.scale,
                                               2 * NS_SYMBOLS_NODE_HALF_HEIGHT * view.scale));
      /* The name and addresses under it, wider than the symbol. */
      label_take (&space, &GRAPHENE_RECT_INIT (
                            x - 60 * view.scale, y + NS_SYMBOLS_NODE_HALF_HEIGHT * view.scale,
                            120 * view.scale, (16 + 12 * MIN (node->ifaces->len, 4)) * view.scale));
    }

  collect_frames (self);
  placed = g_array_sized_new (FALSE, FALSE, sizeof (NsPlaced), self->frames->len);
  for (guint i = 0; i < self->frames->len; i++)
    {
      NsPlaced p;

      if (place_frame (self, &view, nodes, &g_array_index (self->frames, NsPlayerFrame, i), &p))
        g_array_append_val (placed, p);
    }
  /* Packets first, then every label above all packets. */
  for (guint i = 0; i < placed->len; i++)
    {
      NsPlaced *p = &g_array_index (placed, NsPlaced, i);

      if (p->frame->broken || p->frame->flight->queue_drop)
        draw_breakup (self, cr, p);
      else
        draw_glyph (self, cr, p, 1);
      add_hit (self, p->frame->flight->index, p->px - GLYPH_W / 2 - 3, p->py - GLYPH_W / 2 - 3,
               GLYPH_W + 6, GLYPH_W + 6);
    }
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0, drawn = 0; i < placed->len && drawn < MAX_LABELS; i++)
      {
        NsPlaced *p = &g_array_index (placed, NsPlaced, i);

        if (label_is_important (self, p) == (pass == 0))
          drawn += draw_label (self, cr, label_layout, p, &space);
      }
  g_array_unref (space.rects);
  g_free (space.cells);

  /* Top right: the window keeps its tools on the left and its zoom box at
   * the bottom. */
  if (self->show_legend)
    {
      PangoContext *context = pango_layout_get_context (label_layout);

      if (self->legend_width <= 0)
        self->legend_width = ns_run_style_legend_width (context);
      ns_run_style_draw_legend (cr, context, MAX (12, width - self->legend_width - 12), 12, FALSE,
                                NULL, NULL);
    }
  draw_hover_card (self, cr, &view, nodes, width, height);
}

static void
ns_run_overlay_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  NsRunOverlay *self = NS_RUN_OVERLAY (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (self->player == NULL)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  ns_run_overlay_render (self, cr, width, height);
  cairo_destroy (cr);
}

/* ---- the canvas's events ---- */

gint
ns_run_overlay_flight_at (NsRunOverlay *self,
                          double        x,
                          double        y)
{
  g_return_val_if_fail (NS_IS_RUN_OVERLAY (self), -1);

  /* Labels are drawn last, so the last box hit is the one on top. */
  for (guint i = self->hits->len; i-- > 0;)
    {
      NsHitBox *hit = &g_array_index (self->hits, NsHitBox, i);

      if (graphene_rect_contains_point (&hit->rect, &GRAPHENE_POINT_INIT (x, y)))
        return hit->flight;
    }
  return -1;
}

static void
on_canvas_pressed (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   NsRunOverlay    *self)
{
  gint flight = self->player != NULL ? ns_run_overlay_flight_at (self, x, y) : -1;

  if (flight < 0)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  ns_run_overlay_set_selected_flight (self, flight);
  g_signal_emit (self, signals[FLIGHT_ACTIVATED], 0, (guint) flight);
}

static void
on_canvas_motion (GtkEventControllerMotion *motion,
                  double                    x,
                  double                    y,
                  NsRunOverlay             *self)
{
  const NsTopology *topology = positions_topology (self);
  NsTopoNode *node = NULL;
  double wx, wy;

  if (self->player == NULL || self->canvas == NULL || topology == NULL)
    return;
  ns_canvas_widget_to_world (self->canvas, x, y, &wx, &wy);
  node = ns_symbols_node_at (topology, wx, wy);
  ns_run_overlay_set_hover_node (self, node != NULL ? node->id : NULL);
}

static void
on_canvas_leave (GtkEventControllerMotion *motion,
                 NsRunOverlay             *self)
{
  ns_run_overlay_set_hover_node (self, NULL);
}

/* Called as the canvas draws: a pan or zoom moves everything. */
static void
canvas_drawn (NsCanvas *canvas,
              cairo_t  *cr,
              gpointer  user_data)
{
  NsRunOverlay *self = user_data;
  double ox, oy;

  if (self->player == NULL)
    return;
  ns_canvas_world_to_widget (canvas, 0, 0, &ox, &oy);
  if (ox != self->drawn_ox || oy != self->drawn_oy
      || ns_canvas_get_zoom (canvas) != self->drawn_scale)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
detach_canvas (NsRunOverlay *self)
{
  if (self->canvas == NULL)
    return;
  gtk_widget_remove_controller (GTK_WIDGET (self->canvas), self->motion);
  gtk_widget_remove_controller (GTK_WIDGET (self->canvas), GTK_EVENT_CONTROLLER (self->click));
  ns_canvas_set_drawn_func (self->canvas, NULL, NULL, NULL);
  g_object_remove_weak_pointer (G_OBJECT (self->canvas), (gpointer *) &self->canvas);
  self->canvas = NULL;
  self->motion = NULL;
  self->click = NULL;
}

void
ns_run_overlay_set_canvas (NsRunOverlay *self,
                           NsCanvas     *canvas)
{
  g_return_if_fail (NS_IS_RUN_OVERLAY (self));
  g_return_if_fail (canvas == NULL || NS_IS_CANVAS (canvas));

  if (self->canvas == canvas)
    return;
  detach_canvas (self);
  if (canvas == NULL)
    return;
  self->canvas = canvas;
  g_object_add_weak_pointer (G_OBJECT (canvas), (gpointer *) &self->canvas);
  self->motion = gtk_event_controller_motion_new ();
  g_signal_connect (self->motion, "motion", G_CALLBACK (on_canvas_motion), self);
  g_signal_connect (self->motion, "leave", G_CALLBACK (on_canvas_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (canvas), self->motion);
  /* Capture phase: a click on a packet is ours before the canvas starts
   * a rubber band; any other click is left to the canvas. */
  self->click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->click), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (self->click),
                                              GTK_PHASE_CAPTURE);
  g_signal_connect (self->click, "pressed", G_CALLBACK (on_canvas_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (canvas), GTK_EVENT_CONTROLLER (self->click));
  ns_canvas_set_drawn_func (canvas, canvas_drawn, self, NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ns_run_overlay_set_player (NsRunOverlay *self,
                           NsPlayer     *player)
{
  g_return_if_fail (NS_IS_RUN_OVERLAY (self));

  self->player = player;
  self->selected_flight = -1;
  g_clear_pointer (&self->hover_node, g_free);
  g_hash_table_remove_all (self->sockets);
  self->sockets_step = G_MININT;
  g_array_set_size (self->frames, 0);
  g_array_set_size (self->hits, 0);
  ns_run_overlay_sync (self);
}

void
ns_run_overlay_sync (NsRunOverlay *self)
{
  g_return_if_fail (NS_IS_RUN_OVERLAY (self));

  /* The frames are known now, before the next draw: tests ask for them. */
  if (self->player != NULL)
    collect_frames (self);
  else
    g_array_set_size (self->frames, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ns_run_overlay_set_selected_flight (NsRunOverlay *self,
                                    gint          flight)
{
  g_return_if_fail (NS_IS_RUN_OVERLAY (self));

  if (self->selected_flight == flight)
    return;
  self->selected_flight = flight;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gint
ns_run_overlay_get_selected_flight (NsRunOverlay *self)
{
  g_return_val_if_fail (NS_IS_RUN_OVERLAY (self), -1);

  return self->selected_flight;
}

void
ns_run_overlay_set_hover_node (NsRunOverlay *self,
                               const char   *node)
{
  g_return_if_fail (NS_IS_RUN_OVERLAY (self));

  if (g_strcmp0 (self->hover_node, node) == 0)
    return;
  g_free (self->hover_node);
  self->hover_node = g_strdup (node);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
ns_run_overlay_get_hover_node (NsRunOverlay *self)
{
  g_return_val_if_fail (NS_IS_RUN_OVERLAY (self), NULL);

  return self->hover_node;
}

void
ns_run_overlay_set_show_legend (NsRunOverlay *self,
                                gboolean      show)
{
  g_return_if_fail (NS_IS_RUN_OVERLAY (self));

  self->show_legend = show;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
ns_run_overlay_get_n_frames (NsRunOverlay *self)
{
  g_return_val_if_fail (NS_IS_RUN_OVERLAY (self), 0);

  return self->frames->len;
}

gint
ns_run_overlay_get_frame_flight (NsRunOverlay *self,
                                 guint         index)
{
  g_return_val_if_fail (NS_IS_RUN_OVERLAY (self), -1);

  if (index >= self->frames->len)
    return -1;
  return g_array_index (self->frames, NsPlayerFrame, index).flight->index;
}

GtkWidget *
ns_run_overlay_new (void)
{
  return g_object_new (NS_TYPE_RUN_OVERLAY, NULL);
}

static void
ns_run_overlay_dispose (GObject *object)
{
  NsRunOverlay *self = NS_RUN_OVERLAY (object);

  detach_canvas (self);
  self->player = NULL;
  G_OBJECT_CLASS (ns_run_overlay_parent_class)->dispose (object);
}

static void
ns_run_overlay_finalize (GObject *object)
{
  NsRunOverlay *self = NS_RUN_OVERLAY (object);

  g_array_unref (self->frames);
  g_array_unref (self->hits);
  g_hash_table_unref (self->sockets);
  g_hash_table_unref (self->labels);
  g_hash_table_unref (self->sprites);
  g_free (self->hover_node);
  G_OBJECT_CLASS (ns_run_overlay_parent_class)->finalize (object);
}

static void
ns_run_overlay_class_init (NsRunOverlayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ns_run_overlay_dispose;
  object_class->finalize = ns_run_overlay_finalize;
  widget_class->snapshot = ns_run_overlay_snapshot;

  /* A frame was clicked on the canvas: (flight index). */
  signals[FLIGHT_ACTIVATED] = g_signal_new ("flight-activated", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 1, G_TYPE_UINT);
  gtk_widget_class_set_css_name (widget_class, "runoverlay");
}

static void
ns_run_overlay_init (NsRunOverlay *self)
{
  self->frames = g_array_new (FALSE, FALSE, sizeof (NsPlayerFrame));
  self->hits = g_array_new (FALSE, FALSE, sizeof (NsHitBox));
  self->sockets =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_array_unref);
  self->sockets_step = G_MININT;
  self->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, label_image_free);
  self->sprites =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)cairo_surface_destroy);
  self->selected_flight = -1;
  self->show_legend = TRUE;
  /* The canvas under it keeps every pointer event. */
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}
