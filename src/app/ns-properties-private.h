/* ns-properties-private.h: the inside of NsProperties, shared by
 * ns-properties.c (the widget, checks of field text, list actions) and the
 * files of its pages (ns-properties-document.c, ns-properties-node.c,
 * ns-properties-link.c). */
#pragma once

#include "ns-properties.h"

G_BEGIN_DECLS

struct _NsProperties
{
  GtkWidget     parent_instance;

  NsDocument   *document;
  gulong        changed_id;
  gulong        selection_id;
  char         *node_id;        /* shown on the node page */
  char         *link_id;        /* shown on the link page */
  char         *shape;          /* the node page's lists, as last built */
  gboolean      updating;

  /* Fields, built once. */
  GtkWidget    *title_field, *description_field, *seed_field;
  GtkSwitch    *routing_switch;
  GtkWidget    *id_field, *label_field;
  GtkDropDown  *kind_dropdown;
  GtkWidget    *gateway_field, *dns_field;
  GtkWidget    *delay_field, *bandwidth_field, *loss_field, *drop_field;
  GtkWidget    *queue_field, *mtu_field, *jitter_field;
  GtkWidget    *route_to_field, *route_via_field;
  GPtrArray    *row_fields;     /* fields inside list rows: (GtkWidget*, iface or index) */

  /* Template children. */
  GtkWidget    *scroller;
  GtkWidget    *document_page;
  GtkWidget    *node_page;
  GtkWidget    *link_page;
  GtkWidget    *multi_page;
  const char   *page;
  GtkGrid      *document_grid;
  GtkWidget    *problems_heading;
  GtkListBox   *problems_list;
  GtkImage     *node_icon;
  GtkLabel     *node_heading;
  GtkGrid      *node_grid;
  GtkWidget    *ifaces_heading;
  GtkListBox   *iface_list;
  GtkWidget    *add_iface_button;
  GtkLabel     *add_iface_label;
  GtkWidget    *ip_box;
  GtkGrid      *ip_grid;
  GtkLabel     *routes_hint;
  GtkListBox   *route_list;
  GtkListBox   *service_list;
  GtkLabel     *link_heading;
  GtkLabel     *link_ends;
  GtkGrid      *link_grid;
  GtkLabel     *multi_label;
  GMenuModel   *service_menu;
};

typedef struct _Binding Binding;
typedef gboolean (*CheckFunc) (const Binding *b, const char *text, char **problem);
typedef void     (*ApplyFunc) (const Binding *b, const char *text);

struct _Binding {
  NsProperties *self;
  CheckFunc     check;
  ApplyFunc     apply;
  double        min, max;    /* numbers */
  double        factor;      /* shown = stored * factor (loss in %) */
  char         *key;         /* interface name */
  guint         index;       /* service index */
};

/* ns-properties.c: fields and their checks (each puts a message in
 * *@problem when the text is refused). */
GtkWidget   *ns_properties_make_field (NsProperties *self, const char *placeholder,
                                       CheckFunc check, ApplyFunc apply, double min,
                                       double max, const char *key, guint index);
void         ns_properties_grid_row (GtkGrid *grid, int row, const char *label,
                                     GtkWidget *field);
void         ns_properties_set_number (GtkWidget *field, double value);
void         ns_properties_clear_list (GtkListBox *list);
gboolean     ns_properties_parse_number (const char *text, double *value_out);
GStrv        ns_properties_split_list (const char *text);
gboolean     ns_properties_check_number (const Binding *b, const char *text, char **problem);
gboolean     ns_properties_check_positive (const Binding *b, const char *text, char **problem);
gboolean     ns_properties_check_integer (const Binding *b, const char *text, char **problem);
gboolean     ns_properties_check_cidr (const Binding *b, const char *text, char **problem);
gboolean     ns_properties_check_cidr_optional (const Binding *b, const char *text,
                                                char **problem);
gboolean     ns_properties_check_ipv4 (const Binding *b, const char *text, char **problem);
gboolean     ns_properties_check_ipv4_optional (const Binding *b, const char *text,
                                                char **problem);
gboolean     ns_properties_check_ipv4_list (const Binding *b, const char *text, char **problem);
gboolean     ns_properties_check_index_list (const Binding *b, const char *text,
                                             char **problem);
gboolean     ns_properties_check_node_id (const Binding *b, const char *text, char **problem);

/* ns-properties-document.c */
void         ns_properties_build_document_page (NsProperties *self);
void         ns_properties_fill_document_page (NsProperties *self);

/* ns-properties-node.c */
void         ns_properties_build_node_page (NsProperties *self);
void         ns_properties_fill_node_page (NsProperties *self, const NsTopoNode *node);
/* A copy of the shown node to edit, and the command that puts it back. */
NsTopoNode  *ns_properties_dup_node (NsProperties *self);
void         ns_properties_push_node (NsProperties *self, NsTopoNode *copy);

/* ns-properties-link.c */
void         ns_properties_build_link_page (NsProperties *self);
void         ns_properties_fill_link_page (NsProperties *self, const NsTopoLink *link);

G_END_DECLS
