/* ns-export.c: cairo surfaces for PNG, SVG and PDF. */
#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <math.h>

#include "ns-symbols.h"
#include "ns-export.h"

/* PNG pixels per world unit: sharp on high-density screens and in print. */
#define PNG_SCALE 2.0

gboolean
ns_export_format_is_known (const char *format)
{
  return g_strcmp0 (format, "png") == 0 || g_strcmp0 (format, "svg") == 0
         || g_strcmp0 (format, "pdf") == 0;
}

const char *
ns_export_format_description (const char *format)
{
  if (g_strcmp0 (format, "png") == 0)
    return _("PNG Images");
  if (g_strcmp0 (format, "svg") == 0)
    return _("SVG Drawings");
  return _("PDF Documents");
}

static void
get_area (const NsTopology *topology, graphene_rect_t *area)
{
  if (!ns_symbols_get_bounds (topology, area))
    graphene_rect_init (area, 0, 0, 1, 1);
  graphene_rect_inset (area, -NS_EXPORT_MARGIN, -NS_EXPORT_MARGIN);
}

void
ns_export_get_size (const NsTopology *topology, double *width_out, double *height_out)
{
  graphene_rect_t area;

  get_area (topology, &area);
  *width_out = ceil (area.size.width);
  *height_out = ceil (area.size.height);
}

static void
draw (cairo_t *cr, const NsTopology *topology, double scale)
{
  graphene_rect_t area;
  NsSymbolsOptions options;

  get_area (topology, &area);
  cairo_scale (cr, scale, scale);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_translate (cr, -area.origin.x, -area.origin.y);
  ns_symbols_options_init (&options);
  /* Full detail, whatever the size. */
  options.scale = 1.0;
  ns_symbols_render (cr, topology, &options);
}

static gboolean
check_status (cairo_status_t status, const char *path, GError **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path,
               cairo_status_to_string (status));
  return FALSE;
}

gboolean
ns_export_to_file (const NsTopology *topology, const char *format, const char *path,
                   GError **error)
{
  double width, height;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (ns_export_format_is_known (format), FALSE);

  ns_export_get_size (topology, &width, &height);
  if (g_str_equal (format, "png"))
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) (width * PNG_SCALE),
                                          (int) (height * PNG_SCALE));
  else if (g_str_equal (format, "svg"))
    surface = cairo_svg_surface_create (path, width, height);
  else
    surface = cairo_pdf_surface_create (path, width, height);

  cr = cairo_create (surface);
  draw (cr, topology, g_str_equal (format, "png") ? PNG_SCALE : 1.0);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && g_str_equal (format, "png"))
    status = cairo_surface_write_to_png (surface, path);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return check_status (status, path, error);
}
