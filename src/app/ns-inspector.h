/* ns-inspector.h: one frame taken apart: every layer as a tree of fields
 * (field, value, what it means), a hex dump where the selected field's
 * bytes light up, a picture of the encapsulation (data inside the segment
 * inside the packet inside the frame) and the event's `why`. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NS_TYPE_INSPECTOR (ns_inspector_get_type ())
G_DECLARE_FINAL_TYPE (NsInspector, ns_inspector, NS, INSPECTOR, GtkWidget)

GtkWidget  *ns_inspector_new (void);

/* Shows @frame (copied). @heading is the line above it ("Frame 12 · 1.002
 * s · l1 · pc1:eth0 →"), @why the cause of the event, or NULL. */
void        ns_inspector_show_frame (NsInspector  *self,
                                     const guint8 *frame,
                                     gsize         len,
                                     const char   *heading,
                                     const char   *why);
/* An event with no frame (a TCP state change, an app result). */
void        ns_inspector_show_event (NsInspector *self,
                                     const char  *heading,
                                     const char  *why);
void        ns_inspector_clear (NsInspector *self);

/* What is shown, for tests and for other views. */
guint       ns_inspector_get_n_layers (NsInspector *self);
const char *ns_inspector_get_layer_protocol (NsInspector *self,
                                             guint        index);
/* Selects the first field named @field of layer @protocol (the row in the
 * tree, the bytes in the dump); FALSE if there is none. */
gboolean    ns_inspector_select_field (NsInspector *self,
                                       const char  *protocol,
                                       const char  *field);
/* The bytes highlighted in the hex dump; FALSE if none. */
gboolean    ns_inspector_get_highlight (NsInspector *self,
                                        gsize       *offset_out,
                                        gsize       *length_out);

G_END_DECLS
