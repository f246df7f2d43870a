/* ns-symbols.c: node symbols, labels and links drawn with cairo.
 *
 * Each kind of node has its own silhouette and colour so that a learner
 * tells them apart at a glance: a monitor for hosts, a flat box with
 * arrows going both ways for switches (frames are forwarded, not
 * routed), and the classic round router with four arrows. */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "ns-symbols.h"
#include "ns-run-style.h"

#include "core/activity.h"

#define LABEL_TOP        (NS_SYMBOLS_NODE_HALF_HEIGHT + 2.0)
#define LABEL_LINE       13.0
#define LABEL_MAX_ADDRS  3
#define LABEL_WIDTH      130.0
#define LABEL_MIN_SCALE  0.45
#define DETAIL_MIN_SCALE 0.25

typedef struct { double r, g, b; } Rgb;

static const Rgb host_fill    = { 0x35 / 255., 0x84 / 255., 0xe4 / 255. };
static const Rgb host_dark    = { 0x1a / 255., 0x5f / 255., 0xb4 / 255. };
static const Rgb switch_fill  = { 0x26 / 255., 0xa2 / 255., 0x69 / 255. };
static const Rgb switch_dark  = { 0x1b / 255., 0x7a / 255., 0x4e / 255. };
static const Rgb router_fill  = { 0xe6 / 255., 0x61 / 255., 0x00 / 255. };
static const Rgb router_dark  = { 0xb3 / 255., 0x4a / 255., 0x00 / 255. };
static const Rgb hub_fill     = { 0x81 / 255., 0x3d / 255., 0x9c / 255. };
static const Rgb hub_dark     = { 0x61 / 255., 0x35 / 255., 0x83 / 255. };
static const Rgb accent       = { 0x35 / 255., 0x84 / 255., 0xe4 / 255. };
static const Rgb text_main    = { 0x24 / 255., 0x1f / 255., 0x31 / 255. };
static const Rgb text_dim     = { 0x5e / 255., 0x5c / 255., 0x64 / 255. };
static const Rgb link_colour  = { 0x9a / 255., 0x99 / 255., 0x96 / 255. };

static void
set_rgb (cairo_t *cr, const Rgb *c, double alpha)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, alpha);
}

void
ns_symbols_options_init (NsSymbolsOptions *options)
{
  memset (options, 0, sizeof *options);
  options->scale = 1.0;
}

/* An arrow from (x0, y0) to (x1, y1) with its head at the end. */
static void
arrow (cairo_t *cr, double x0, double y0, double x1, double y1, double head)
{
  double angle = atan2 (y1 - y0, x1 - x0);

  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, x1 - cos (angle) * head * 0.6, y1 - sin (angle) * head * 0.6);
  cairo_stroke (cr);
  cairo_move_to (cr, x1, y1);
  cairo_line_to (cr, x1 - head * cos (angle - 0.5), y1 - head * sin (angle - 0.5));
  cairo_line_to (cr, x1 - head * cos (angle + 0.5), y1 - head * sin (angle + 0.5));
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
shadow (cairo_t *cr, double y, double rx)
{
  cairo_save (cr);
  cairo_translate (cr, 0, y);
  cairo_scale (cr, rx, 3.5);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.10);
  cairo_fill (cr);
}

static void
draw_host (cairo_t *cr, gboolean detail)
{
  if (detail)
    shadow (cr, 19, 16);
  /* Stand, then the monitor's frame and its screen. */
  set_rgb (cr, &host_dark, 1);
  cairo_move_to (cr, -4, 8);
  cairo_line_to (cr, 4, 8);
  cairo_line_to (cr, 6, 15);
  cairo_line_to (cr, -6, 15);
  cairo_close_path (cr);
  cairo_fill (cr);
  ns_run_style_rounded_rect (cr, -13, 14, 26, 4, 2);
  cairo_fill (cr);

  ns_run_style_rounded_rect (cr, -22, -19, 44, 29, 4);
  set_rgb (cr, &host_fill, 1);
  cairo_fill_preserve (cr);
  if (!detail)
    {
      cairo_new_path (cr);
      return;
    }
  set_rgb (cr, &host_dark, 1);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);

  {
    cairo_pattern_t *glass = cairo_pattern_create_linear (0, -15, 0, 6);

    cairo_pattern_add_color_stop_rgb (glass, 0, 0.86, 0.93, 1.0);
    cairo_pattern_add_color_stop_rgb (glass, 1, 0.64, 0.80, 0.97);
    ns_run_style_rounded_rect (cr, -18, -15, 36, 21, 2);
    cairo_set_source (cr, glass);
    cairo_fill (cr);
    cairo_pattern_destroy (glass);
  }
  /* A prompt on the screen: this machine runs programs. */
  set_rgb (cr, &host_dark, 0.85);
  cairo_set_line_width (cr, 1.6);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_move_to (cr, -13, -10);
  cairo_line_to (cr, -9, -6.5);
  cairo_line_to (cr, -13, -3);
  cairo_stroke (cr);
  cairo_move_to (cr, -6, -2.5);
  cairo_line_to (cr, 1, -2.5);
  cairo_stroke (cr);
}

static void
draw_switch (cairo_t *cr, gboolean detail)
{
  if (detail)
    shadow (cr, 17, 24);
  ns_run_style_rounded_rect (cr, -26, -14, 52, 28, 6);
  set_rgb (cr, &switch_fill, 1);
  cairo_fill_preserve (cr);
  if (!detail)
    {
      cairo_new_path (cr);
      return;
    }
  set_rgb (cr, &switch_dark, 1);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);

  /* Frames go both ways: two lanes of opposite arrows. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 2.4);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  arrow (cr, -17, -5, 17, -5, 6.5);
  arrow (cr, 17, 4, -17, 4, 6.5);

  /* Ports along the bottom edge. */
  set_rgb (cr, &switch_dark, 1);
  for (int i = 0; i < 6; i++)
    {
      cairo_rectangle (cr, -18.5 + i * 6.5, 9, 4, 2.5);
    }
  cairo_fill (cr);
}

/* A hub: a flat box whose centre sends arrows out to every side, since it
 * repeats each frame on every other port. */
static void
draw_hub (cairo_t *cr, gboolean detail)
{
  if (detail)
    shadow (cr, 15, 22);
  ns_run_style_rounded_rect (cr, -24, -12, 48, 24, 3);
  set_rgb (cr, &hub_fill, 1);
  cairo_fill_preserve (cr);
  if (!detail)
    {
      cairo_new_path (cr);
      return;
    }
  set_rgb (cr, &hub_dark, 1);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 2.2);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  arrow (cr, -3, -1, -18, -1, 5);
  arrow (cr, 3, -1, 18, -1, 5);
  arrow (cr, 0, -2, 0, -9, 4);
  cairo_arc (cr, 0, -1, 2.6, 0, 2 * G_PI);
  cairo_fill (cr);

  /* Ports along the bottom edge. */
  set_rgb (cr, &hub_dark, 1);
  for (int i = 0; i < 5; i++)
    cairo_rectangle (cr, -15 + i * 6.5, 6.5, 4, 2.5);
  cairo_fill (cr);
}

static void
draw_router (cairo_t *cr, gboolean detail)
{
  if (detail)
    shadow (cr, 20, 18);
  cairo_arc (cr, 0, 0, 20, 0, 2 * G_PI);
  set_rgb (cr, &router_fill, 1);
  cairo_fill_preserve (cr);
  if (!detail)
    {
      cairo_new_path (cr);
      return;
    }
  set_rgb (cr, &router_dark, 1);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);

  /* Four arrows: two in, two out, as routers are usually drawn. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 2.4);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  arrow (cr, -15, -15 + 0.0, -4.5, -4.5, 6);
  arrow (cr, 15, 15, 4.5, 4.5, 6);
  arrow (cr, 3.5, -3.5, 14.5, -14.5, 6);
  arrow (cr, -3.5, 3.5, -14.5, 14.5, 6);
}

static const char *
node_title (const NsTopoNode *node)
{
  return node->label != NULL && node->label[0] != '\0' ? node->label : node->id;
}

static guint
count_addressed (const NsTopoNode *node)
{
  guint n = 0;

  for (guint i = 0; i < node->ifaces->len; i++)
    {
      const NsTopoIface *iface = g_ptr_array_index (node->ifaces, i);

      if (iface->has_addr)
        n++;
    }
  return n;
}

static guint
label_lines (const NsTopoNode *node)
{
  guint addrs = count_addressed (node);

  if (addrs > LABEL_MAX_ADDRS)
    addrs = LABEL_MAX_ADDRS + 1;  /* the "+N more" line */
  return 1 + addrs;
}

/* A font for labels. On screen, the text of each label is shaped once and
 * kept (shaping is most of the cost of drawing text); exports shape as
 * they go. */
typedef struct {
  PangoLayout *base;       /* font and context */
  GHashTable  *shaped;     /* text -> PangoLayout, or NULL */
} LabelFont;

#define MAX_SHAPED 20000

static PangoLayout *
label_layout (LabelFont *font, const char *text)
{
  PangoLayout *layout;

  if (font->shaped == NULL)
    {
      pango_layout_set_text (font->base, text, -1);
      return font->base;
    }
  layout = g_hash_table_lookup (font->shaped, text);
  if (layout == NULL)
    {
      if (g_hash_table_size (font->shaped) >= MAX_SHAPED)
        g_hash_table_remove_all (font->shaped);
      layout = pango_layout_copy (font->base);
      pango_layout_set_text (layout, text, -1);
      g_hash_table_insert (font->shaped, g_strdup (text), layout);
    }
  return layout;
}

static void
show_centered (cairo_t *cr, LabelFont *font, const char *text, double y)
{
  PangoLayout *layout = label_layout (font, text);
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  cairo_move_to (cr, -(double) w / PANGO_SCALE / 2.0, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_labels (cairo_t *cr, LabelFont *title_layout, LabelFont *addr_layout,
             const NsTopoNode *node)
{
  double y = LABEL_TOP;
  guint shown = 0, addressed = count_addressed (node);

  set_rgb (cr, &text_main, 1);
  show_centered (cr, title_layout, node_title (node), y);
  y += LABEL_LINE + 1;

  set_rgb (cr, &text_dim, 1);
  for (guint i = 0; i < node->ifaces->len && shown < LABEL_MAX_ADDRS; i++)
    {
      const NsTopoIface *iface = g_ptr_array_index (node->ifaces, i);
      g_autofree char *cidr = NULL;

      if (!iface->has_addr)
        continue;
      cidr = ns_format_cidr (iface->addr, iface->prefix_len);
      show_centered (cr, addr_layout, cidr, y);
      y += LABEL_LINE;
      shown++;
    }
  if (addressed > shown)
    {
      /* TRANSLATORS: shown under a node when it has more addresses than fit */
      g_autofree char *more = g_strdup_printf (_("+%u more"),
                                               addressed - shown);
      show_centered (cr, addr_layout, more, y);
    }
}

void
ns_symbols_node_rect (const NsTopoNode *node, graphene_rect_t *rect_out)
{
  graphene_rect_init (rect_out,
                      node->x - NS_SYMBOLS_NODE_HALF_WIDTH,
                      node->y - NS_SYMBOLS_NODE_HALF_HEIGHT,
                      2 * NS_SYMBOLS_NODE_HALF_WIDTH,
                      2 * NS_SYMBOLS_NODE_HALF_HEIGHT);
}

/* Symbol and label together. */
static void
node_full_rect (const NsTopoNode *node, graphene_rect_t *rect_out)
{
  double h = LABEL_TOP + label_lines (node) * LABEL_LINE + 4;

  graphene_rect_init (rect_out,
                      node->x - LABEL_WIDTH / 2,
                      node->y - NS_SYMBOLS_NODE_HALF_HEIGHT,
                      LABEL_WIDTH,
                      NS_SYMBOLS_NODE_HALF_HEIGHT + h);
}

static double
text_width (LabelFont *font, const char *text)
{
  int w, h;

  pango_layout_get_size (label_layout (font, text), &w, &h);
  return (double) w / PANGO_SCALE;
}

/* The widest line under the node, so the highlight holds the label. */
static double
labels_width (LabelFont *title_layout, LabelFont *addr_layout, const NsTopoNode *node)
{
  double width = title_layout ? text_width (title_layout, node_title (node)) : 0;

  for (guint i = 0; addr_layout != NULL && i < node->ifaces->len; i++)
    {
      const NsTopoIface *iface = g_ptr_array_index (node->ifaces, i);
      g_autofree char *cidr = NULL;

      if (!iface->has_addr)
        continue;
      cidr = ns_format_cidr (iface->addr, iface->prefix_len);
      width = MAX (width, text_width (addr_layout, cidr));
    }
  return width;
}

static void
draw_selection (cairo_t *cr, const NsTopoNode *node, gboolean selected, gboolean hover,
                double label_width)
{
  double h = LABEL_TOP + label_lines (node) * LABEL_LINE + 6 + NS_SYMBOLS_NODE_HALF_HEIGHT;
  double w = MAX (68, label_width + 14);

  ns_run_style_rounded_rect (cr, -w / 2, -NS_SYMBOLS_NODE_HALF_HEIGHT - 4, w, h, 8);
  if (selected)
    {
      set_rgb (cr, &accent, 0.14);
      cairo_fill_preserve (cr);
      set_rgb (cr, &accent, 0.9);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }
  else if (hover)
    {
      set_rgb (cr, &accent, 0.07);
      cairo_fill (cr);
    }
}

static gboolean
in_set (GHashTable *set, const char *id)
{
  return set != NULL && g_hash_table_contains (set, id);
}

static void
node_position (const NsTopoNode *node, const NsSymbolsOptions *options, double *x, double *y)
{
  *x = node->x;
  *y = node->y;
  if (in_set (options->moving_nodes, node->id))
    {
      *x += options->move_dx;
      *y += options->move_dy;
    }
}

static GHashTable *
index_nodes (const NsTopology *topology)
{
  GHashTable *index = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < topology->nodes->len; i++)
    {
      NsTopoNode *node = g_ptr_array_index (topology->nodes, i);
      g_hash_table_insert (index, node->id, node);
    }
  return index;
}

static gboolean
segment_visible (const graphene_rect_t *visible, double x0, double y0, double x1, double y1)
{
  if (visible == NULL)
    return TRUE;
  return !(MAX (x0, x1) < visible->origin.x
           || MIN (x0, x1) > visible->origin.x + visible->size.width
           || MAX (y0, y1) < visible->origin.y
           || MIN (y0, y1) > visible->origin.y + visible->size.height);
}

static gboolean
link_is_lossy (const NsTopoLink *link)
{
  return link->loss > 0 || (link->drop_nth != NULL && link->drop_nth->len > 0);
}

static void
link_segment (const NsTopoLink *link, GHashTable *index, const NsSymbolsOptions *options,
              double *ax, double *ay, double *bx, double *by, gboolean *ok)
{
  const NsTopoNode *a = g_hash_table_lookup (index, link->a_node);
  const NsTopoNode *b = g_hash_table_lookup (index, link->b_node);

  *ok = FALSE;
  if (a == NULL || b == NULL)
    return;
  node_position (a, options, ax, ay);
  node_position (b, options, bx, by);
  *ok = segment_visible (options->visible, *ax, *ay, *bx, *by);
}

/* Plain links go into two paths (solid, dashed) stroked once each: one
 * stroke of 2,500 segments costs far less than 2,500 strokes. */
/* A small padlock centred at @x,@y: an object the activity locks
 * (docs/file-format.md), which the student cannot change. */
static void
draw_lock (cairo_t *cr, double x, double y)
{
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_new_sub_path (cr);
  cairo_arc (cr, 0, -2, 3.2, G_PI, 2 * G_PI);
  cairo_set_line_width (cr, 1.6);
  set_rgb (cr, &text_main, 1);
  cairo_stroke (cr);
  cairo_rectangle (cr, -4.6, -2, 9.2, 7);
  cairo_fill (cr);
  cairo_restore (cr);
}

static void
draw_link_locks (cairo_t *cr, const NsTopology *topology, GHashTable *index,
                 const NsSymbolsOptions *options)
{
  for (guint i = 0; topology->activity != NULL && i < topology->links->len; i++)
    {
      const NsTopoLink *link = g_ptr_array_index (topology->links, i);
      double ax, ay, bx, by;
      gboolean ok;

      if (!ns_activity_is_locked (topology->activity, link->id))
        continue;
      link_segment (link, index, options, &ax, &ay, &bx, &by, &ok);
      if (ok)
        draw_lock (cr, (ax + bx) / 2, (ay + by) / 2);
    }
}

static void
draw_links (cairo_t *cr, const NsTopology *topology, GHashTable *index,
            const NsSymbolsOptions *options)
{
  static const double dashes[] = { 7.0, 5.0 };
  gboolean detail = options->scale >= DETAIL_MIN_SCALE;

  /* Far out, links are hairlines: skip the caps, dashes and smoothing
   * nobody could see. */
  cairo_set_line_cap (cr, detail ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
  if (!detail)
    cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
  for (int pass = 0; pass < 2; pass++)
    {
      gboolean dashed = pass == 1;

      for (guint i = 0; i < topology->links->len; i++)
        {
          const NsTopoLink *link = g_ptr_array_index (topology->links, i);
          double ax, ay, bx, by;
          gboolean ok;

          if (link_is_lossy (link) != dashed)
            continue;
          link_segment (link, index, options, &ax, &ay, &bx, &by, &ok);
          if (!ok)
            continue;
          cairo_move_to (cr, ax, ay);
          cairo_line_to (cr, bx, by);
        }
      /* A lossy link is dashed: the learner sees where frames may vanish. */
      cairo_set_dash (cr, dashed && detail ? dashes : NULL, dashed && detail ? 2 : 0, 0);
      set_rgb (cr, &link_colour, 1);
      cairo_set_line_width (cr, detail ? 2.5 : 1.0 / options->scale);
      cairo_stroke (cr);
    }
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);

  /* The few selected or hovered links on top. */
  for (guint i = 0; i < topology->links->len; i++)
    {
      const NsTopoLink *link = g_ptr_array_index (topology->links, i);
      gboolean selected = in_set (options->selected_links, link->id);
      gboolean hover = g_strcmp0 (options->hover_link, link->id) == 0;
      double ax, ay, bx, by;
      gboolean ok;

      if (!selected && !hover)
        continue;
      link_segment (link, index, options, &ax, &ay, &bx, &by, &ok);
      if (!ok)
        continue;
      set_rgb (cr, &accent, selected ? 0.35 : 0.2);
      cairo_set_line_width (cr, 9);
      cairo_move_to (cr, ax, ay);
      cairo_line_to (cr, bx, by);
      cairo_stroke (cr);
      if (selected)
        {
          set_rgb (cr, &accent, 1);
          cairo_set_line_width (cr, 2.5);
          cairo_move_to (cr, ax, ay);
          cairo_line_to (cr, bx, by);
          cairo_stroke (cr);
        }
    }
}

static PangoLayout *
make_layout (cairo_t *cr, const char *font)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);
  cairo_font_options_t *fo = cairo_font_options_create ();

  /* Hinting would snap glyphs to device pixels at one zoom level only. */
  cairo_font_options_set_hint_metrics (fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pango_layout_get_context (layout), fo);
  /* Shaped in world units, whatever the zoom: one shaping serves every
   * zoom level, and the screen and the exports agree. */
  pango_context_set_matrix (pango_layout_get_context (layout), NULL);
  pango_layout_context_changed (layout);
  cairo_font_options_destroy (fo);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  return layout;
}

#define CACHE_HALF_WIDTH  30.0
#define CACHE_HALF_HEIGHT 26.0
#define N_KINDS           4

struct _NsSymbolsCache {
  double           scale;
  double           device_scale;
  cairo_surface_t *symbols[N_KINDS];
  LabelFont        title_font;
  LabelFont        addr_font;
};

NsSymbolsCache *
ns_symbols_cache_new (void)
{
  return g_new0 (NsSymbolsCache, 1);
}

static void
cache_clear (NsSymbolsCache *cache)
{
  for (guint i = 0; i < N_KINDS; i++)
    g_clear_pointer (&cache->symbols[i], cairo_surface_destroy);
}

static void
label_font_clear (LabelFont *font)
{
  g_clear_object (&font->base);
  g_clear_pointer (&font->shaped, g_hash_table_unref);
}

void
ns_symbols_cache_free (NsSymbolsCache *cache)
{
  if (cache == NULL)
    return;
  cache_clear (cache);
  label_font_clear (&cache->title_font);
  label_font_clear (&cache->addr_font);
  g_free (cache);
}

static void
draw_symbol (cairo_t *cr, NsNodeKind kind, gboolean detail)
{
  switch (kind)
    {
    case NS_NODE_HOST: draw_host (cr, detail); break;
    case NS_NODE_SWITCH: draw_switch (cr, detail); break;
    case NS_NODE_ROUTER: draw_router (cr, detail); break;
    case NS_NODE_HUB: draw_hub (cr, detail); break;
    default: break;
    }
}

static cairo_surface_t *
cached_symbol (NsSymbolsCache *cache, NsNodeKind kind, double scale, double device_scale)
{
  if (cache->scale != scale || cache->device_scale != device_scale)
    {
      cache_clear (cache);
      cache->scale = scale;
      cache->device_scale = device_scale;
    }
  if ((guint) kind >= N_KINDS)
    return NULL;
  if (cache->symbols[kind] == NULL)
    {
      double px = scale * device_scale;
      cairo_surface_t *surface =
        cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (2 * CACHE_HALF_WIDTH * px),
                                    (int) ceil (2 * CACHE_HALF_HEIGHT * px));
      cairo_t *cr = cairo_create (surface);

      cairo_scale (cr, px, px);
      cairo_translate (cr, CACHE_HALF_WIDTH, CACHE_HALF_HEIGHT);
      draw_symbol (cr, kind, TRUE);
      cairo_destroy (cr);
      cairo_surface_set_device_scale (surface, device_scale, device_scale);
      cache->symbols[kind] = surface;
    }
  return cache->symbols[kind];
}

/* Copies the cached picture of a symbol, its centre at the current origin. */
static gboolean
paint_cached (cairo_t *cr, NsSymbolsCache *cache, NsNodeKind kind, double scale)
{
  double ds_x = 1, ds_y = 1, x = 0, y = 0;
  cairo_surface_t *symbol;

  cairo_surface_get_device_scale (cairo_get_target (cr), &ds_x, &ds_y);
  symbol = cached_symbol (cache, kind, scale, ds_x);
  if (symbol == NULL)
    return FALSE;
  cairo_user_to_device (cr, &x, &y);
  cairo_save (cr);
  cairo_identity_matrix (cr);
  /* Whole device pixels: the copy stays as sharp as the original. */
  x = round ((x - CACHE_HALF_WIDTH * scale) * ds_x) / ds_x;
  y = round ((y - CACHE_HALF_HEIGHT * scale) * ds_x) / ds_x;
  cairo_set_source_surface (cr, symbol, x, y);
  cairo_paint (cr);
  cairo_restore (cr);
  return TRUE;
}

static void
label_font_init (LabelFont *font, cairo_t *cr, const char *description, gboolean keep)
{
  if (font->base == NULL)
    font->base = make_layout (cr, description);
  if (keep && font->shaped == NULL)
    font->shaped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

static const Rgb *
kind_colour (NsNodeKind kind)
{
  return kind == NS_NODE_SWITCH ? &switch_fill : kind == NS_NODE_ROUTER ? &router_fill
         : kind == NS_NODE_HUB ? &hub_fill : &host_fill;
}

/* Far out, a node is a few pixels: one filled path per kind. */
static void
draw_nodes_simple (cairo_t *cr, const NsTopology *topology, const NsSymbolsOptions *options)
{
  static const NsNodeKind kinds[] = { NS_NODE_HOST, NS_NODE_SWITCH, NS_NODE_ROUTER, NS_NODE_HUB };

  cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      for (guint i = 0; i < topology->nodes->len; i++)
        {
          const NsTopoNode *node = g_ptr_array_index (topology->nodes, i);
          double x, y;

          if (node->kind != kinds[k])
            continue;
          node_position (node, options, &x, &y);
          if (options->visible != NULL
              && !graphene_rect_contains_point (options->visible, &GRAPHENE_POINT_INIT (x, y)))
            continue;
          if (kinds[k] == NS_NODE_SWITCH)
            cairo_rectangle (cr, x - 26, y - 14, 52, 28);
          else if (kinds[k] == NS_NODE_HUB)
            cairo_rectangle (cr, x - 24, y - 12, 48, 24);
          else if (kinds[k] == NS_NODE_ROUTER)
            {
              cairo_move_to (cr, x, y - 22);
              cairo_line_to (cr, x + 22, y);
              cairo_line_to (cr, x, y + 22);
              cairo_line_to (cr, x - 22, y);
              cairo_close_path (cr);
            }
          else
            cairo_rectangle (cr, x - 22, y - 19, 44, 29);
        }
      set_rgb (cr, kind_colour (kinds[k]), 1);
      cairo_fill (cr);
    }
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);
  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const NsTopoNode *node = g_ptr_array_index (topology->nodes, i);
      double x, y;

      if (!in_set (options->selected_nodes, node->id))
        continue;
      node_position (node, options, &x, &y);
      cairo_rectangle (cr, x - 34, y - 28, 68, 56);
      set_rgb (cr, &accent, 0.9);
      cairo_set_line_width (cr, 2.0 / options->scale);
      cairo_stroke (cr);
    }
}

static void
draw_nodes (cairo_t *cr, const NsTopology *topology, const NsSymbolsOptions *options)
{
  gboolean labels = options->scale >= LABEL_MIN_SCALE;
  gboolean detail = options->scale >= DETAIL_MIN_SCALE;
  LabelFont own_title = { 0 }, own_addr = { 0 };
  LabelFont *title_layout = NULL, *addr_layout = NULL;

  if (labels)
    {
      title_layout = options->cache ? &options->cache->title_font : &own_title;
      addr_layout = options->cache ? &options->cache->addr_font : &own_addr;
      label_font_init (title_layout, cr, "Sans Bold 8.5", options->cache != NULL);
      label_font_init (addr_layout, cr, "Monospace 7", options->cache != NULL);
    }

  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const NsTopoNode *node = g_ptr_array_index (topology->nodes, i);
      graphene_rect_t rect;
      double x, y;
      gboolean selected = in_set (options->selected_nodes, node->id);
      gboolean hover = g_strcmp0 (options->hover_node, node->id) == 0;

      node_position (node, options, &x, &y);
      node_full_rect (node, &rect);
      rect.origin.x += x - node->x;
      rect.origin.y += y - node->y;
      if (options->visible != NULL && !graphene_rect_intersection (&rect, options->visible, NULL))
        continue;

      cairo_save (cr);
      cairo_translate (cr, x, y);
      if (selected || hover)
        draw_selection (cr, node, selected, hover,
                        labels ? labels_width (title_layout, addr_layout, node) : 0);
      if (!detail || options->cache == NULL
          || !paint_cached (cr, options->cache, node->kind, options->scale))
        draw_symbol (cr, node->kind, detail);
      if (ns_activity_is_locked (topology->activity, node->id))
        draw_lock (cr, NS_SYMBOLS_NODE_HALF_WIDTH - 2, -NS_SYMBOLS_NODE_HALF_HEIGHT + 4);
      if (labels)
        draw_labels (cr, title_layout, addr_layout, node);
      cairo_restore (cr);
    }
  label_font_clear (&own_title);
  label_font_clear (&own_addr);
}

void
ns_symbols_render (cairo_t *cr, const NsTopology *topology, const NsSymbolsOptions *options)
{
  GHashTable *index = index_nodes (topology);

  cairo_save (cr);
  draw_links (cr, topology, index, options);
  if (options->scale >= DETAIL_MIN_SCALE)
    draw_link_locks (cr, topology, index, options);
  if (options->scale >= DETAIL_MIN_SCALE)
    draw_nodes (cr, topology, options);
  else
    draw_nodes_simple (cr, topology, options);
  cairo_restore (cr);
  g_hash_table_unref (index);
}

void
ns_symbols_render_grid (cairo_t *cr, const graphene_rect_t *area, double scale)
{
  double step = NS_SYMBOLS_GRID;
  double x0, y0, x1, y1;

  /* A grid finer than 8 device pixels is noise: widen it. */
  while (step * scale < 8)
    step *= 5;
  x0 = floor (area->origin.x / step) * step;
  y0 = floor (area->origin.y / step) * step;
  x1 = area->origin.x + area->size.width;
  y1 = area->origin.y + area->size.height;

  cairo_save (cr);
  cairo_set_line_width (cr, 1.0 / scale);
  for (int major = 0; major < 2; major++)
    {
      double s = major ? step * 5 : step;
      double sx = floor (area->origin.x / s) * s, sy = floor (area->origin.y / s) * s;

      for (double x = major ? sx : x0; x <= x1; x += s)
        {
          cairo_move_to (cr, x, area->origin.y);
          cairo_line_to (cr, x, y1);
        }
      for (double y = major ? sy : y0; y <= y1; y += s)
        {
          cairo_move_to (cr, area->origin.x, y);
          cairo_line_to (cr, x1, y);
        }
      cairo_set_source_rgba (cr, 0.24, 0.22, 0.27, major ? 0.07 : 0.035);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

gboolean
ns_symbols_get_bounds (const NsTopology *topology, graphene_rect_t *bounds_out)
{
  gboolean any = FALSE;

  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const NsTopoNode *node = g_ptr_array_index (topology->nodes, i);
      graphene_rect_t rect;

      node_full_rect (node, &rect);
      if (!any)
        *bounds_out = rect;
      else
        graphene_rect_union (bounds_out, &rect, bounds_out);
      any = TRUE;
    }
  return any;
}

NsTopoNode *
ns_symbols_node_at (const NsTopology *topology, double x, double y)
{
  /* Last drawn is on top: search backwards. */
  for (guint i = topology->nodes->len; i > 0; i--)
    {
      NsTopoNode *node = g_ptr_array_index (topology->nodes, i - 1);
      graphene_rect_t rect;

      ns_symbols_node_rect (node, &rect);
      if (graphene_rect_contains_point (&rect, &GRAPHENE_POINT_INIT (x, y)))
        return node;
    }
  return NULL;
}

static double
distance_to_segment (double px, double py, double ax, double ay, double bx, double by)
{
  double dx = bx - ax, dy = by - ay;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;

  t = CLAMP (t, 0, 1);
  return hypot (px - (ax + t * dx), py - (ay + t * dy));
}

NsTopoLink *
ns_symbols_link_at (const NsTopology *topology, double x, double y, double tolerance)
{
  NsTopoLink *best = NULL;
  double best_d = tolerance;

  for (guint i = 0; i < topology->links->len; i++)
    {
      NsTopoLink *link = g_ptr_array_index (topology->links, i);
      const NsTopoNode *a = ns_topology_find_node (topology, link->a_node);
      const NsTopoNode *b = ns_topology_find_node (topology, link->b_node);
      double d;

      if (a == NULL || b == NULL)
        continue;
      d = distance_to_segment (x, y, a->x, a->y, b->x, b->y);
      if (d <= best_d)
        {
          best = link;
          best_d = d;
        }
    }
  return best;
}

const char *
ns_symbols_kind_name (NsNodeKind kind)
{
  switch (kind)
    {
    case NS_NODE_SWITCH: return _("Switch");
    case NS_NODE_ROUTER: return _("Router");
    case NS_NODE_HUB: return _("Hub");
    case NS_NODE_HOST:
    default: return _("Host");
    }
}

char *
ns_symbols_link_tooltip (const NsTopoLink *link)
{
  GString *s = g_string_new (NULL);

  g_autofree char *head = g_markup_printf_escaped ("<b>%s</b>  %s:%s ↔ %s:%s\n", link->id,
                                                  link->a_node, link->a_iface, link->b_node,
                                                  link->b_iface);

  g_string_append (s, head);
  g_string_append_printf (s, _("Delay %g ms, bandwidth %g Mbit/s"),
                          link->delay_ms, link->bandwidth_mbps);
  g_string_append_c (s, '\n');
  g_string_append_printf (s, _("Loss %g %%"), link->loss * 100.0);
  if (link->jitter_ms > 0)
    {
      g_string_append (s, ", ");
      g_string_append_printf (s, _("jitter %g ms"), link->jitter_ms);
    }
  if (link->drop_nth != NULL && link->drop_nth->len > 0)
    {
      g_string_append (s, ", ");
      g_string_append (s, _("drops frames"));
      for (guint i = 0; i < link->drop_nth->len; i++)
        g_string_append_printf (s, "%s%u", i ? ", " : " ",
                                g_array_index (link->drop_nth, guint, i));
    }
  return g_string_free (s, FALSE);
}
