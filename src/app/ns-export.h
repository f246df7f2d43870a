/* ns-export.h: the drawing as PNG, SVG or PDF, at the drawing's own size
 * (its bounding box and a margin), whatever the window shows. */
#pragma once

#include <glib.h>

#include "core/topology.h"

G_BEGIN_DECLS

#define NS_EXPORT_MARGIN 24.0

/* "png", "svg" or "pdf". */
gboolean    ns_export_format_is_known (const char *format);
const char *ns_export_format_description (const char *format);

/* Size in points (1 world unit = 1 point) of the exported picture. */
void        ns_export_get_size (const NsTopology *topology,
                                double           *width_out,
                                double           *height_out);

gboolean    ns_export_to_file (const NsTopology *topology,
                               const char       *format,
                               const char       *path,
                               GError          **error);

G_END_DECLS
