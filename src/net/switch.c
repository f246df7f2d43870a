/* switch.c: a learning switch. */
#include "net/switch.h"

#include <string.h>

#include "net/wire/ethernet.h"
#include "sim/trace.h"

typedef struct {
  NsSwitch   *sw;
  guint       index;     /* in the switch's ports */
  const char *name;
  NsLink     *link;
  guint       end;
  gboolean    blocked;
} NsSwitchPort;

struct _NsSwitch {
  NsSim      *sim;
  const char *node_id;
  GPtrArray  *ports;     /* of NsSwitchPort* */
  GHashTable *table;     /* MAC (as guint64) -> port + 1 */
  guint64     flooded;
  gboolean    hub;       /* a repeater: no learning, every frame floods */
  gboolean    down;      /* switched off */
};

static guint64
mac_key (const guint8 mac[6])
{
  guint64 key = 0;

  for (guint i = 0; i < 6; i++)
    key = key << 8 | mac[i];
  return key;
}

NsSwitch *
ns_switch_new (NsSim *sim, const char *node_id)
{
  NsSwitch *self = g_new0 (NsSwitch, 1);

  self->sim = sim;
  self->node_id = g_intern_string (node_id);
  self->ports = g_ptr_array_new_with_free_func (g_free);
  self->table = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  return self;
}

NsSwitch *
ns_hub_new (NsSim *sim, const char *node_id)
{
  NsSwitch *self = ns_switch_new (sim, node_id);

  self->hub = TRUE;
  return self;
}

gboolean
ns_switch_is_hub (NsSwitch *self)
{
  return self->hub;
}

void
ns_switch_set_down (NsSwitch *self, gboolean down)
{
  self->down = down;
  g_hash_table_remove_all (self->table);
}

gboolean
ns_switch_is_down (NsSwitch *self)
{
  return self->down;
}

static gboolean
entry_on_port (gpointer key, gpointer value, gpointer user_data)
{
  return GPOINTER_TO_UINT (value) == GPOINTER_TO_UINT (user_data) + 1;
}

void
ns_switch_port_carrier (NsSwitch *self, guint port, gboolean up)
{
  g_hash_table_foreach_remove (self->table, entry_on_port, GUINT_TO_POINTER (port));
}

void
ns_switch_free (NsSwitch *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->ports);
  g_hash_table_unref (self->table);
  g_free (self);
}

guint
ns_switch_add_port (NsSwitch *self, const char *name)
{
  NsSwitchPort *port = g_new0 (NsSwitchPort, 1);

  port->sw = self;
  port->index = self->ports->len;
  port->name = g_intern_string (name);
  g_ptr_array_add (self->ports, port);
  return self->ports->len - 1;
}

static void
port_send (NsSwitchPort *port, NsPacket *frame)
{
  if (port->link != NULL && !port->blocked)
    ns_link_send (port->link, port->end, frame);
  else
    ns_packet_unref (frame);
}

static void
switch_deliver (NsLink *link, guint end, NsPacket *frame, gpointer user_data)
{
  NsSwitchPort *in = user_data;
  NsSwitch *self = in->sw;
  guint in_index = in->index;
  gint out = -1;

  if (self->down)
    {
      NsTrace *trace = ns_sim_get_trace (self->sim);
      NsTraceEvent *ev = trace ? ns_trace_append (trace, NS_TRACE_DROP, ns_sim_now (self->sim))
                               : NULL;

      if (ev != NULL)
        {
          ev->node = self->node_id;
          ev->reason = "down";
          ev->why = g_strdup_printf ("%s is switched off: the frame reaches a dead port and "
                                     "goes no further", self->node_id);
        }
      ns_packet_unref (frame);
      return;
    }
  if (frame->len < NS_ETHERNET_HEADER_LEN || self->hub)
    {
      /* A hub repeats the bits on every other port, whatever they are. */
      if (self->hub)
        for (guint i = 0; i < self->ports->len; i++)
          {
            NsSwitchPort *port = g_ptr_array_index (self->ports, i);

            if (i != in_index && port->link != NULL)
              ns_link_send (port->link, port->end, ns_packet_ref (frame));
          }
      ns_packet_unref (frame);
      return;
    }
  /* Learn where the source lives (802.1D 7.8); a station already known
   * on this port (nearly every frame) costs one lookup, no allocation. */
  if (!ns_ethernet_addr_is_multicast (frame->data + 6))
    {
      guint64 src = mac_key (frame->data + 6);

      if (GPOINTER_TO_UINT (g_hash_table_lookup (self->table, &src)) != in_index + 1)
        g_hash_table_replace (self->table, g_memdup2 (&src, sizeof src),
                              GUINT_TO_POINTER (in_index + 1));
    }
  if (!ns_ethernet_addr_is_multicast (frame->data))
    out = ns_switch_lookup (self, frame->data);
  if (out >= 0)
    {
      /* Known: forward, or filter if it is on the port it came from. */
      if ((guint) out != in_index)
        port_send (g_ptr_array_index (self->ports, out), frame);
      else
        ns_packet_unref (frame);
      return;
    }
  /* Broadcast or unknown: flood to every other port, in port order so the
   * run stays deterministic. */
  self->flooded++;
  for (guint i = 0; i < self->ports->len; i++)
    {
      NsSwitchPort *port = g_ptr_array_index (self->ports, i);

      if (i != in_index && port->link != NULL && !port->blocked)
        port_send (port, ns_packet_ref (frame));
    }
  ns_packet_unref (frame);
}

void
ns_switch_attach_link (NsSwitch *self, guint port, NsLink *link, guint end)
{
  NsSwitchPort *p = g_ptr_array_index (self->ports, port);
  g_autofree char *full = g_strdup_printf ("%s:%s", self->node_id, p->name);

  p->link = link;
  p->end = end;
  ns_link_attach (link, end, full, switch_deliver, p);
}

void
ns_switch_set_port_blocked (NsSwitch *self, guint port, gboolean blocked)
{
  ((NsSwitchPort *) g_ptr_array_index (self->ports, port))->blocked = blocked;
}

gboolean
ns_switch_port_blocked (NsSwitch *self, guint port)
{
  return ((NsSwitchPort *) g_ptr_array_index (self->ports, port))->blocked;
}

gint
ns_switch_lookup (NsSwitch *self, const guint8 mac[6])
{
  guint64 key = mac_key (mac);

  return GPOINTER_TO_INT (g_hash_table_lookup (self->table, &key)) - 1;
}

guint
ns_switch_n_ports (NsSwitch *self)
{
  return self->ports->len;
}

guint64
ns_switch_frames_flooded (NsSwitch *self)
{
  return self->flooded;
}
