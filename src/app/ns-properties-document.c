/* ns-properties-document.c: the document page of the properties
 * panel: title, description, seed, routing and the problems of the file. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/validate.h"
#include "ns-field.h"
#include "ns-properties-private.h"

#define MAX_PROBLEMS   50

static void
push_properties (NsProperties *self, const char *title, const char *description,
                 guint64 seed, gboolean routing_auto)
{
  const NsTopology *topology = ns_document_get_topology (self->document);

  ns_document_push (self->document,
                    ns_command_set_properties (topology, title, description, seed, routing_auto));
}

static void
apply_title (const Binding *b, const char *text)
{
  const NsTopology *t = ns_document_get_topology (b->self->document);

  push_properties (b->self, text[0] ? text : NULL, t->description, t->seed, t->routing_auto);
}

static void
apply_description (const Binding *b, const char *text)
{
  const NsTopology *t = ns_document_get_topology (b->self->document);

  push_properties (b->self, t->title, text[0] ? text : NULL, t->seed, t->routing_auto);
}

static void
apply_seed (const Binding *b, const char *text)
{
  const NsTopology *t = ns_document_get_topology (b->self->document);
  double value;

  if (ns_properties_parse_number (text, &value))
    push_properties (b->self, t->title, t->description, (guint64) value, t->routing_auto);
}

/* ---- the document page ---- */

static void
routing_changed_cb (GtkSwitch *sw, GParamSpec *pspec, NsProperties *self)
{
  const NsTopology *t;

  if (self->updating || self->document == NULL)
    return;
  t = ns_document_get_topology (self->document);
  push_properties (self, t->title, t->description, t->seed, gtk_switch_get_active (sw));
}

void
ns_properties_build_document_page (NsProperties *self)
{
  GtkWidget *sw_box;

  self->title_field = ns_properties_make_field (self, _("A name for this network"), NULL,
                                                apply_title, 0, 0, NULL, 0);
  self->description_field = ns_properties_make_field (self, _("What it shows"), NULL,
                                                      apply_description, 0, 0, NULL, 0);
  self->seed_field = ns_properties_make_field (self, NULL, ns_properties_check_integer, apply_seed,
                                               0, (double) NS_TOPO_MAX_SEED, NULL, 0);
  self->routing_switch = GTK_SWITCH (gtk_switch_new ());
  sw_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_halign (GTK_WIDGET (self->routing_switch), GTK_ALIGN_START);
  gtk_widget_set_valign (GTK_WIDGET (self->routing_switch), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->routing_switch),
                               _("Routers learn their routes from the drawing"));
  gtk_box_append (GTK_BOX (sw_box), GTK_WIDGET (self->routing_switch));
  g_signal_connect (self->routing_switch, "notify::active", G_CALLBACK (routing_changed_cb), self);

  ns_properties_grid_row (self->document_grid, 0, _("Title"), self->title_field);
  ns_properties_grid_row (self->document_grid, 1, _("Description"), self->description_field);
  ns_properties_grid_row (self->document_grid, 2, _("Random seed"), self->seed_field);
  ns_properties_grid_row (self->document_grid, 3, _("Automatic routing"), sw_box);
}

void
ns_properties_fill_document_page (NsProperties *self)
{
  const NsTopology *t = ns_document_get_topology (self->document);
  g_autoptr (GPtrArray) problems = ns_topology_validate (t);

  ns_field_set_text (self->title_field, t->title);
  ns_field_set_text (self->description_field, t->description);
  ns_properties_set_number (self->seed_field, (double) t->seed);
  gtk_switch_set_active (self->routing_switch, t->routing_auto);

  ns_properties_clear_list (self->problems_list);
  gtk_widget_set_visible (self->problems_heading, problems->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_list), problems->len > 0);
  for (guint i = 0; i < problems->len && i < MAX_PROBLEMS; i++)
    {
      const NsProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *text = ns_problem_to_string (problem, NULL);
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "problem-row");
      gtk_list_box_append (self->problems_list, label);
    }
}
