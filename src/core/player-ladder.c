/* player-ladder.c: the sequence (ladder) diagram: a column per node, an
 * arrow per frame, or per frame end to end across switches. */
#include "core/player-private.h"

#include <string.h>

/* ---- sequence (ladder) diagram ---- */

typedef struct {
  NsPlayer       *player;
  NsPlayerLadder *ladder;
  GHashTable     *columns;   /* node id -> TRUE */
  gboolean       *claimed;   /* per flight: a later hop of a frame already drawn */
} LadderBuild;

static gboolean
node_is_switch (NsPlayer *self, const char *id)
{
  NsPlayerNodeIndex *node = ns_player_lookup_node (self, id);

  return node != NULL && node->topo != NULL && ns_node_kind_is_layer2 (node->topo->kind);
}

/* The node a frame is addressed to, from the MAC core/run.c derives
 * (02:4e:53, node index, interface index + 1); NULL for a broadcast or any
 * other address. */
static const char *
node_of_dst_mac (NsPlayer *self, const NsPacket *packet)
{
  const guint8 *p;
  guint n;

  if (self->topology == NULL || packet == NULL || packet->len < 6)
    return NULL;
  p = packet->data;
  if (p[0] != 0x02 || p[1] != 0x4e || p[2] != 0x53)
    return NULL;
  n = ((guint) p[3] << 8) | p[4];
  if (n >= self->topology->nodes->len)
    return NULL;
  return g_intern_string (((const NsTopoNode *) g_ptr_array_index (self->topology->nodes, n))->id);
}

static gboolean
same_bytes (const NsPacket *a, const NsPacket *b)
{
  return a != NULL && b != NULL && a->len == b->len
         && (a == b || memcmp (a->data, b->data, a->len) == 0);
}

static void
ladder_add_arrow (LadderBuild *lb, const NsPlayerFlight *origin, const NsPlayerFlight *last,
                  const char *to_node)
{
  NsPlayerArrow arrow = {
    .from_node = origin->from_node,
    .to_node = to_node,
    .t_start = origin->t_start,
    .t_end = last->queue_drop ? last->t_start : last->t_end,
    .lost = last->lost,
    .retransmission = origin->retransmission,
    .label = origin->label,
    .protocol = origin->protocol,
    .step = origin->tx_step,
    .flight = origin->index,
  };

  if (arrow.from_node == NULL || arrow.to_node == NULL)
    return;
  g_hash_table_add (lb->columns, (gpointer) arrow.from_node);
  g_hash_table_add (lb->columns, (gpointer) arrow.to_node);
  g_array_append_val (lb->ladder->arrows, arrow);
}

/* How many copies of @frame a switch with @n_links links sends on: every
 * other port for a broadcast or multicast (the group bit, IEEE 802.3), one
 * for unicast (a learning switch that does not know the address yet floods
 * it, but only the copy towards the addressee matters). */
static guint
copies_expected (const NsPacket *frame, guint n_links)
{
  if (frame != NULL && frame->len >= 6 && (frame->data[0] & 1) != 0)
    return n_links > 1 ? n_links - 1 : 1;
  return 1;
}

/* The hops that carried @hop's frame on from the switch it reached: the
 * first unclaimed frames with the same bytes the switch started after the
 * arrival (a switch forwards in arrival order), one per port. */
static void
ladder_follow (LadderBuild *lb, const NsPlayerFlight *origin, const NsPlayerFlight *hop,
               guint depth)
{
  NsPlayer *self = lb->player;
  NsPlayerNodeIndex *sw = ns_player_lookup_node (self, hop->to_node);
  guint expected = copies_expected (hop->packet, sw != NULL ? sw->n_links : 2);
  const char *addressee = node_of_dst_mac (self, hop->packet);
  g_autoptr (GPtrArray) seen_ifaces = g_ptr_array_new ();
  guint first, found = 0;

  if (!hop->arrived || depth > 64)
    {
      ladder_add_arrow (lb, origin, hop, addressee != NULL ? addressee : hop->to_node);
      return;
    }
  /* Bounded: a switch forwards at once, unless its port's queue is long. */
  first = ns_player_flights_starting_after (self, hop->t_end - 1);
  for (guint i = first; i < self->flights->len && found < expected && i < first + 8192; i++)
    {
      NsPlayerFlight *g = &g_array_index (self->flights, NsPlayerFlight, i);

      if (g->t_start > hop->t_end + NS_NSEC_PER_SEC)
        break;
      if (lb->claimed[i] || g->tx_step <= (guint) hop->end_step || g->from_node != hop->to_node
          || g->from == hop->to || !same_bytes (g->packet, hop->packet)
          || g_ptr_array_find (seen_ifaces, g->from, NULL))
        continue;
      if (expected == 1 && addressee != NULL && g->to_node != addressee
          && !node_is_switch (self, g->to_node))
        continue;
      lb->claimed[i] = TRUE;
      g_ptr_array_add (seen_ifaces, (gpointer) g->from);
      found++;
      if (node_is_switch (self, g->to_node))
        ladder_follow (lb, origin, g, depth + 1);
      else
        ladder_add_arrow (lb, origin, g, g->to_node);
    }
}

static gboolean
flight_in_conn (NsPlayer *self, const NsPlayerFlight *f, gint conn)
{
  const NsPlayerConn *c;

  if (conn < 0)
    return TRUE;
  if (f->conn < 0)
    return FALSE;
  c = ns_player_get_conn (self, (guint) conn);
  return f->conn == conn || f->conn == c->peer;
}

static gint
ladder_column_compare (gconstpointer a, gconstpointer b, gpointer user_data)
{
  NsPlayer *self = user_data;
  const char *x = *(const char *const *) a, *y = *(const char *const *) b;
  NsPlayerNodeIndex *nx = ns_player_lookup_node (self, x), *ny = ns_player_lookup_node (self, y);
  const NsTopoNode *tx = nx != NULL ? nx->topo : NULL, *ty = ny != NULL ? ny->topo : NULL;

  if ((tx == NULL) != (ty == NULL))
    return tx == NULL ? 1 : -1;
  if (tx != NULL && tx->x != ty->x)
    return tx->x < ty->x ? -1 : 1;
  if (tx != NULL && tx->y != ty->y)
    return tx->y < ty->y ? -1 : 1;
  return strcmp (x, y);
}

static gint
arrow_compare (gconstpointer a, gconstpointer b)
{
  const NsPlayerArrow *x = a, *y = b;

  if (x->t_start != y->t_start)
    return x->t_start < y->t_start ? -1 : 1;
  if (x->step != y->step)
    return x->step < y->step ? -1 : 1;
  return x->t_end < y->t_end ? -1 : x->t_end > y->t_end;
}

static void
ladder_index_columns (LadderBuild *lb)
{
  NsPlayerLadder *ladder = lb->ladder;
  GHashTableIter iter;
  gpointer key;
  g_autoptr (GHashTable) col_of = g_hash_table_new (g_direct_hash, g_direct_equal);

  g_hash_table_iter_init (&iter, lb->columns);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ladder->columns, key);
  /* Sorted, so hash order never shows. */
  g_ptr_array_sort_with_data (ladder->columns, ladder_column_compare, lb->player);
  for (guint i = 0; i < ladder->columns->len; i++)
    g_hash_table_insert (col_of, g_ptr_array_index (ladder->columns, i), GUINT_TO_POINTER (i));
  for (guint i = 0; i < ladder->arrows->len; i++)
    {
      NsPlayerArrow *arrow = &g_array_index (ladder->arrows, NsPlayerArrow, i);

      arrow->from_col = GPOINTER_TO_UINT (g_hash_table_lookup (col_of, arrow->from_node));
      arrow->to_col = GPOINTER_TO_UINT (g_hash_table_lookup (col_of, arrow->to_node));
    }
  g_array_sort (ladder->arrows, arrow_compare);
}

/* The node that owns @addr in the topology (interned), or NULL. */
static const char *
node_of_addr (NsPlayer *self, guint32 addr)
{
  if (self->topology == NULL)
    return NULL;
  for (guint n = 0; n < self->topology->nodes->len; n++)
    {
      const NsTopoNode *node = g_ptr_array_index (self->topology->nodes, n);

      for (guint i = 0; i < node->ifaces->len; i++)
        {
          const NsTopoIface *iface = g_ptr_array_index (node->ifaces, i);

          if (iface->has_addr && iface->addr == addr)
            return g_intern_string (node->id);
        }
    }
  return NULL;
}

/* Joins the hops of each IP packet into one arrow. A hop continues a
 * packet's arrow when it leaves the node where the arrow's last hop
 * arrived, after that arrival (so a reused identification starts anew). */
static void
ladder_join_hops (LadderBuild *lb)
{
  NsPlayer *self = lb->player;
  GArray *hops = lb->ladder->arrows;
  g_autoptr (GArray) joined = g_array_new (FALSE, FALSE, sizeof (NsPlayerArrow));
  g_autoptr (GArray) dests = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr (GHashTable) open = g_hash_table_new_full (ns_player_packet_key_hash,
                                                          ns_player_packet_key_equal, g_free, NULL);

  for (guint i = 0; i < hops->len; i++)
    {
      const NsPlayerArrow *hop = &g_array_index (hops, NsPlayerArrow, i);
      const NsPlayerFlight *f = &g_array_index (self->flights, NsPlayerFlight, hop->flight);
      NsPlayerPacketKey key = { 0 };
      gpointer found;

      if (ns_player_packet_ip_key (f->packet, &key.src, &key.dst, &key.id)
          && g_hash_table_lookup_extended (open, &key, NULL, &found))
        {
          NsPlayerArrow *a = &g_array_index (joined, NsPlayerArrow, GPOINTER_TO_UINT (found));

          if (!a->lost && a->to_node == hop->from_node && hop->t_start >= a->t_end)
            {
              a->to_node = hop->to_node;
              a->t_end = hop->t_end;
              a->lost = hop->lost;
              continue;
            }
        }
      g_array_append_val (joined, *hop);
      g_array_append_val (dests, key.dst);
      if (key.src != 0 || key.dst != 0)
        g_hash_table_insert (open, g_memdup2 (&key, sizeof key),
                             GUINT_TO_POINTER (joined->len - 1));
    }
  /* A packet lost on the way points at where it was going. */
  g_hash_table_remove_all (lb->columns);
  for (guint i = 0; i < joined->len; i++)
    {
      NsPlayerArrow *a = &g_array_index (joined, NsPlayerArrow, i);
      const char *dest = a->lost ? node_of_addr (self, g_array_index (dests, guint32, i)) : NULL;

      if (dest != NULL)
        a->to_node = dest;
      g_hash_table_add (lb->columns, (gpointer) a->from_node);
      g_hash_table_add (lb->columns, (gpointer) a->to_node);
    }
  g_array_set_size (hops, 0);
  g_array_append_vals (hops, joined->data, joined->len);
}

NsPlayerLadder *
ns_player_ladder_new (NsPlayer *self, gint conn, gboolean hide_switches)
{
  return ns_player_ladder_new_full (self, conn,
                                    hide_switches ? NS_PLAYER_LADDER_HIDE_SWITCHES : 0);
}

NsPlayerLadder *
ns_player_ladder_new_full (NsPlayer *self, gint conn, NsPlayerLadderFlags flags)
{
  LadderBuild lb = { .player = self };
  gboolean hide_switches = (flags & (NS_PLAYER_LADDER_HIDE_SWITCHES
                                     | NS_PLAYER_LADDER_END_TO_END)) != 0;

  g_return_val_if_fail (conn < (gint) self->conns->len, NULL);
  lb.ladder = g_new0 (NsPlayerLadder, 1);
  lb.ladder->columns = g_ptr_array_new ();
  lb.ladder->arrows = g_array_new (FALSE, FALSE, sizeof (NsPlayerArrow));
  /* Keys are interned node ids. */
  lb.columns = g_hash_table_new (g_direct_hash, g_direct_equal);
  lb.claimed = g_new0 (gboolean, self->flights->len + 1);
  for (guint i = 0; i < self->flights->len; i++)
    {
      const NsPlayerFlight *f = &g_array_index (self->flights, NsPlayerFlight, i);

      if (lb.claimed[i] || !flight_in_conn (self, f, conn))
        continue;
      if (!hide_switches)
        ladder_add_arrow (&lb, f, f, f->to_node);
      else if (node_is_switch (self, f->from_node))
        continue;   /* a frame sent by a switch itself is not a hop of anyone's */
      else if (!node_is_switch (self, f->to_node))
        ladder_add_arrow (&lb, f, f, f->to_node);
      else
        ladder_follow (&lb, f, f, 0);
    }
  if (flags & NS_PLAYER_LADDER_END_TO_END)
    ladder_join_hops (&lb);
  ladder_index_columns (&lb);
  g_hash_table_unref (lb.columns);
  g_free (lb.claimed);
  return lb.ladder;
}

void
ns_player_ladder_free (NsPlayerLadder *ladder)
{
  if (ladder == NULL)
    return;
  g_ptr_array_unref (ladder->columns);
  g_array_unref (ladder->arrows);
  g_free (ladder);
}
