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

  return node != NULL && node->topo != NULL && node->topo->kind == NS_NODE_SWITCH;
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

/* The hops that carried @hop's frame on from the switch it reached: one
 * per other port, the first unclaimed frame with the same bytes the switch
 * started after the arrival (a switch forwards in arrival order). */
static void
ladder_follow (LadderBuild *lb, const NsPlayerFlight *origin, const NsPlayerFlight *hop,
               guint depth)
{
  NsPlayer *self = lb->player;
  NsPlayerNodeIndex *sw = ns_player_lookup_node (self, hop->to_node);
  guint ports = sw != NULL && sw->topo != NULL ? sw->topo->ifaces->len : 1;
  g_autoptr (GPtrArray) seen_ifaces = g_ptr_array_new ();
  guint found = 0;

  if (!hop->arrived || depth > 64)
    {
      const char *to = node_of_dst_mac (self, hop->packet);

      ladder_add_arrow (lb, origin, hop, to != NULL ? to : hop->to_node);
      return;
    }
  for (guint i = ns_player_flights_starting_after (self, hop->t_end - 1);
       i < self->flights->len && found + 1 < ports && i < hop->index + 1 + 8192; i++)
    {
      NsPlayerFlight *g = &g_array_index (self->flights, NsPlayerFlight, i);

      if (lb->claimed[i] || g->tx_step <= (guint) hop->end_step || g->from_node != hop->to_node
          || g->from == hop->to || !same_bytes (g->packet, hop->packet)
          || g_ptr_array_find (seen_ifaces, g->from, NULL))
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

NsPlayerLadder *
ns_player_ladder_new (NsPlayer *self, gint conn, gboolean hide_switches)
{
  LadderBuild lb = { .player = self };

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
