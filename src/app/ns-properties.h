/* ns-properties.h: the side panel page showing the selection's settings
 * (a node, a link, or the document when nothing is selected). Every edit
 * is checked as it is typed and applied as a command. */
#pragma once

#include <gtk/gtk.h>

#include "ns-document.h"

G_BEGIN_DECLS

#define NS_TYPE_PROPERTIES (ns_properties_get_type ())
G_DECLARE_FINAL_TYPE (NsProperties, ns_properties, NS, PROPERTIES, GtkWidget)

GtkWidget  *ns_properties_new (void);
void        ns_properties_set_document (NsProperties *self,
                                        NsDocument   *document);
/* "document", "node", "link" or "multi": the page shown. */
const char *ns_properties_get_page (NsProperties *self);

G_END_DECLS
