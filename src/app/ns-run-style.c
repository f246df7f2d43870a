/* ns-run-style.c: shared colours and the legend. */
#include "ns-run-style.h"

#include <glib/gi18n.h>
#include <math.h>

const char *const ns_run_style_protocols[] = {
  "ARP", "ICMP", "UDP", "TCP", "DNS", "HTTP", NULL
};

typedef struct {
  const char *protocol;
  guint32     rgb;
  const char *meaning;
} NsStyleEntry;

/* Hues far enough apart to tell at a glance; red and orange are kept for
 * losses and retransmissions. */
static const NsStyleEntry entries[] = {
  { "ARP", 0xd19a00, N_ ("asks who owns an IP address on this network, to learn its MAC address") },
  { "ICMP", 0x8f3fb0,
    N_ ("IP's own messages: echo (ping) and error reports such as TTL exceeded") },
  { "UDP", 0x1c71d8, N_ ("delivers a datagram to a port: fast, with no guarantee") },
  { "TCP", 0x26a269, N_ ("a reliable, ordered byte stream between two ports") },
  { "DNS", 0x0f9ba8, N_ ("turns a name such as www.example.com into an address") },
  { "HTTP", 0xd0508c, N_ ("the web: a request for a page and the server's answer") },
  { "Ethernet", 0x6f7a8a,
    N_ ("carries the frame across one link, from MAC address to MAC address") },
  { "IPv4", 0x8a6a3c,
    N_ ("carries the packet across networks, from IP address to IP address, hop by hop") },
  { "Payload", 0x9a9996, N_ ("the application's bytes") },
};

static const NsStyleEntry *
find_entry (const char *protocol)
{
  for (guint i = 0; protocol != NULL && i < G_N_ELEMENTS (entries); i++)
    if (g_str_equal (entries[i].protocol, protocol))
      return &entries[i];
  return NULL;
}

static void
rgb_to_rgba (guint32 rgb, GdkRGBA *rgba_out)
{
  rgba_out->red = ((rgb >> 16) & 0xff) / 255.0f;
  rgba_out->green = ((rgb >> 8) & 0xff) / 255.0f;
  rgba_out->blue = (rgb & 0xff) / 255.0f;
  rgba_out->alpha = 1.0f;
}

gboolean
ns_run_style_is_frame_protocol (const char *protocol)
{
  for (guint i = 0; protocol != NULL && ns_run_style_protocols[i] != NULL; i++)
    if (g_str_equal (ns_run_style_protocols[i], protocol))
      return TRUE;
  return FALSE;
}

void
ns_run_style_protocol_rgba (const char *protocol,
                            GdkRGBA    *rgba_out)
{
  const NsStyleEntry *entry = find_entry (protocol);

  rgb_to_rgba (entry != NULL ? entry->rgb : 0x77767b, rgba_out);
}

void
ns_run_style_set_source (cairo_t    *cr,
                         const char *protocol,
                         double      alpha)
{
  GdkRGBA c;

  ns_run_style_protocol_rgba (protocol, &c);
  cairo_set_source_rgba (cr, c.red, c.green, c.blue, alpha);
}

void
ns_run_style_loss_rgba (GdkRGBA *rgba_out)
{
  rgb_to_rgba (0xe01b24, rgba_out);
}

void
ns_run_style_retransmit_rgba (GdkRGBA *rgba_out)
{
  rgb_to_rgba (0xf57900, rgba_out);
}

const char *
ns_run_style_layer_meaning (const char *protocol)
{
  const NsStyleEntry *entry = find_entry (protocol);

  return entry != NULL ? _(entry->meaning) : NULL;
}

void
ns_run_style_rounded_rect (cairo_t *cr,
                           double   x,
                           double   y,
                           double   width,
                           double   height,
                           double   radius)
{
  radius = MIN (radius, MIN (width, height) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static double
legend_item (cairo_t     *cr,
             PangoLayout *layout,
             double       x,
             double       y,
             const char  *text,
             const GdkRGBA *color,
             int          mark,   /* 0 chip, 1 cross, 2 ring */
             gboolean     dark)
{
  int tw, th;

  cairo_set_source_rgba (cr, color->red, color->green, color->blue, 1);
  if (mark == 0)
    {
      ns_run_style_rounded_rect (cr, x, y + 3, 16, 10, 3);
      cairo_fill (cr);
    }
  else if (mark == 1)
    {
      cairo_set_line_width (cr, 2.2);
      cairo_move_to (cr, x + 3, y + 3);
      cairo_line_to (cr, x + 13, y + 13);
      cairo_move_to (cr, x + 13, y + 3);
      cairo_line_to (cr, x + 3, y + 13);
      cairo_stroke (cr);
    }
  else
    {
      cairo_set_line_width (cr, 2.2);
      cairo_new_sub_path (cr);
      cairo_arc (cr, x + 8, y + 8, 5, 0.3, 2 * G_PI - 0.3);
      cairo_stroke (cr);
    }
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &tw, &th);
  cairo_move_to (cr, x + 20, y + 8 - th / 2.0);
  if (dark)
    cairo_set_source_rgb (cr, 0.92, 0.92, 0.92);
  else
    cairo_set_source_rgb (cr, 0.15, 0.15, 0.17);
  pango_cairo_show_layout (cr, layout);
  return 20 + tw + 12;
}

double
ns_run_style_legend_width (PangoContext *context)
{
  g_autoptr (PangoLayout) layout = pango_layout_new (context);
  PangoFontDescription *font =
    pango_font_description_copy (pango_context_get_font_description (context));
  const char *extra[] = { _("lost"), _("sent again") };
  double w = 8;
  int tw, th;

  pango_font_description_set_size (font, 9 * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  for (guint i = 0; ns_run_style_protocols[i] != NULL; i++)
    {
      pango_layout_set_text (layout, ns_run_style_protocols[i], -1);
      pango_layout_get_pixel_size (layout, &tw, &th);
      w += 20 + tw + 12;
    }
  for (guint i = 0; i < G_N_ELEMENTS (extra); i++)
    {
      pango_layout_set_text (layout, extra[i], -1);
      pango_layout_get_pixel_size (layout, &tw, &th);
      w += 20 + tw + 12;
    }
  return w - 4;
}

void
ns_run_style_draw_legend (cairo_t      *cr,
                          PangoContext *context,
                          double        x,
                          double        y,
                          gboolean      dark,
                          double       *width_out,
                          double       *height_out)
{
  g_autoptr (PangoLayout) layout = pango_layout_new (context);
  PangoFontDescription *font =
    pango_font_description_copy (pango_context_get_font_description (context));
  GdkRGBA c;
  double cx = x + 8;
  double h = 26;

  pango_font_description_set_size (font, 9 * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  cairo_save (cr);
  cairo_push_group (cr);
  for (guint i = 0; ns_run_style_protocols[i] != NULL; i++)
    {
      ns_run_style_protocol_rgba (ns_run_style_protocols[i], &c);
      cx += legend_item (cr, layout, cx, y + 5, ns_run_style_protocols[i], &c, 0, dark);
    }
  ns_run_style_loss_rgba (&c);
  cx += legend_item (cr, layout, cx, y + 5, _("lost"), &c, 1, dark);
  ns_run_style_retransmit_rgba (&c);
  cx += legend_item (cr, layout, cx, y + 5, _("sent again"), &c, 2, dark);
  {
    cairo_pattern_t *items = cairo_pop_group (cr);

    if (dark)
      cairo_set_source_rgba (cr, 0.12, 0.12, 0.14, 0.85);
    else
      cairo_set_source_rgba (cr, 1, 1, 1, 0.88);
    ns_run_style_rounded_rect (cr, x, y, cx - x - 4, h, 6);
    cairo_fill_preserve (cr);
    cairo_set_source_rgba (cr, 0, 0, 0, 0.15);
    cairo_set_line_width (cr, 1);
    cairo_stroke (cr);
    cairo_set_source (cr, items);
    cairo_paint (cr);
    cairo_pattern_destroy (items);
  }
  cairo_restore (cr);
  if (width_out != NULL)
    *width_out = cx - x - 4;
  if (height_out != NULL)
    *height_out = h;
}

const char *
ns_run_style_mark_glyph (NsPlayerMark mark)
{
  switch (mark)
    {
    case NS_PLAYER_MARK_LOST:
      return "✕";
    case NS_PLAYER_MARK_RESENT:
      return "↻";
    case NS_PLAYER_MARK_FAILED:
      return "!";
    case NS_PLAYER_MARK_NONE:
    default:
      return "";
    }
}

gboolean
ns_run_style_mark_rgba (NsPlayerMark mark,
                        GdkRGBA     *rgba_out)
{
  switch (mark)
    {
    case NS_PLAYER_MARK_LOST:
    case NS_PLAYER_MARK_FAILED:
      ns_run_style_loss_rgba (rgba_out);
      return TRUE;
    case NS_PLAYER_MARK_RESENT:
      ns_run_style_retransmit_rgba (rgba_out);
      return TRUE;
    case NS_PLAYER_MARK_NONE:
    default:
      return FALSE;
    }
}

const char *
ns_run_style_mark_meaning (NsPlayerMark mark)
{
  switch (mark)
    {
    case NS_PLAYER_MARK_LOST:
      return _("✕ a frame or packet lost or thrown away");
    case NS_PLAYER_MARK_RESENT:
      return _("↻ a TCP segment sent again (this frame itself arrives unless a ✕ says otherwise)");
    case NS_PLAYER_MARK_FAILED:
      return _("! the program's action did not succeed");
    case NS_PLAYER_MARK_NONE:
    default:
      return NULL;
    }
}
