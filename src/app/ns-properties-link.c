/* ns-properties-link.c: the link page of the properties panel:
 * delay, bandwidth, loss, jitter, queue, MTU and dropped frames. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/validate.h"
#include "ns-field.h"
#include "ns-properties-private.h"


static NsTopoLink *
dup_link (NsProperties *self)
{
  const NsTopoLink *link = ns_topology_find_link (ns_document_get_topology (self->document),
                                                  self->link_id);

  return link != NULL ? ns_topo_link_copy (link) : NULL;
}


static void
push_link (NsProperties *self, NsTopoLink *copy)
{
  g_autofree char *id = g_strdup (self->link_id);

  if (copy == NULL)
    return;
  ns_document_push (self->document,
                    ns_command_set_link (ns_document_get_topology (self->document), id, copy));
  ns_topo_link_free (copy);
}


typedef enum {
  LINK_DELAY, LINK_BANDWIDTH, LINK_LOSS, LINK_QUEUE, LINK_MTU, LINK_JITTER,
} LinkField;

static void
apply_link_number (const Binding *b, const char *text)
{
  NsTopoLink *copy = dup_link (b->self);
  double value;

  if (copy == NULL || !ns_properties_parse_number (text, &value))
    {
      g_clear_pointer (&copy, ns_topo_link_free);
      return;
    }
  value /= b->factor;
  switch ((LinkField) b->index)
    {
    case LINK_DELAY: copy->delay_ms = value; break;
    case LINK_BANDWIDTH: copy->bandwidth_mbps = value; break;
    case LINK_LOSS: copy->loss = value; break;
    case LINK_QUEUE: copy->queue_packets = (guint) value; break;
    case LINK_MTU: copy->mtu = (guint) value; break;
    case LINK_JITTER: copy->jitter_ms = value; break;
    default: break;
    }
  push_link (b->self, copy);
}

static void
apply_drop_nth (const Binding *b, const char *text)
{
  NsTopoLink *copy = dup_link (b->self);
  g_auto (GStrv) parts = ns_properties_split_list (text);

  if (copy == NULL)
    return;
  g_array_set_size (copy->drop_nth, 0);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 value;

      if (g_ascii_string_to_unsigned (parts[i], 10, 1, G_MAXUINT32, &value, NULL))
        {
          guint v = (guint) value;
          g_array_append_val (copy->drop_nth, v);
        }
    }
  push_link (b->self, copy);
}

/* ---- the link page ---- */

void
ns_properties_build_link_page (NsProperties *self)
{
  struct { const char *label; LinkField field; CheckFunc check; double min, max; } rows[] = {
    { N_("Delay (ms)"), LINK_DELAY, ns_properties_check_number, 0, NS_TOPO_MAX_DELAY_MS },
    { N_("Bandwidth (Mbit/s)"), LINK_BANDWIDTH, ns_properties_check_positive, 0,
      NS_TOPO_MAX_BANDWIDTH_MBPS },
    { N_("Loss (%)"), LINK_LOSS, ns_properties_check_number, 0, 100 },
    { N_("Queue (packets)"), LINK_QUEUE, ns_properties_check_integer, 1, NS_TOPO_MAX_QUEUE },
    { N_("MTU (bytes)"), LINK_MTU, ns_properties_check_integer, NS_TOPO_MIN_MTU,
      NS_TOPO_MAX_MTU },
    { N_("Jitter (ms)"), LINK_JITTER, ns_properties_check_number, 0, NS_TOPO_MAX_DELAY_MS },
  };
  GtkWidget **fields[] = { &self->delay_field, &self->bandwidth_field, &self->loss_field,
                           &self->queue_field, &self->mtu_field, &self->jitter_field };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      GtkWidget *field = ns_properties_make_field (self, NULL, rows[i].check, apply_link_number,
                                                   rows[i].min, rows[i].max, NULL, rows[i].field);
      Binding *b = g_object_get_data (G_OBJECT (field), "binding");

      if (rows[i].field == LINK_LOSS)
        b->factor = 100.0;
      *fields[i] = field;
      ns_properties_grid_row (self->link_grid, i, _(rows[i].label), field);
    }
  self->drop_field = ns_properties_make_field (self, _("None, or frame numbers: 3, 7"),
                                               ns_properties_check_index_list, apply_drop_nth,
                                               0, 0, NULL, 0);
  gtk_widget_set_tooltip_text (self->drop_field,
                               _("These frames are always lost, counted from 1 over both "
                                 "directions"));
  ns_properties_grid_row (self->link_grid, G_N_ELEMENTS (rows), _("Drop frames"), self->drop_field);
}

void
ns_properties_fill_link_page (NsProperties *self, const NsTopoLink *link)
{
  g_autofree char *ends = g_strdup_printf ("%s:%s ↔ %s:%s", link->a_node, link->a_iface,
                                           link->b_node, link->b_iface);
  g_autofree char *heading = g_strdup_printf (_("Link %s"), link->id);
  GString *drops = g_string_new (NULL);

  gtk_label_set_label (self->link_heading, heading);
  gtk_label_set_label (self->link_ends, ends);
  ns_properties_set_number (self->delay_field, link->delay_ms);
  ns_properties_set_number (self->bandwidth_field, link->bandwidth_mbps);
  ns_properties_set_number (self->loss_field, link->loss * 100.0);
  ns_properties_set_number (self->queue_field, link->queue_packets);
  ns_properties_set_number (self->mtu_field, link->mtu);
  ns_properties_set_number (self->jitter_field, link->jitter_ms);
  for (guint i = 0; link->drop_nth != NULL && i < link->drop_nth->len; i++)
    g_string_append_printf (drops, "%s%u", i ? ", " : "", g_array_index (link->drop_nth, guint, i));
  ns_field_set_text (self->drop_field, drops->str);
  g_string_free (drops, TRUE);
}
