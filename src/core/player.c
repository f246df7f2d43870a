/* player.c: the index over a recorded run, its cursor, its flights and
 * the event log. Everything is computed once in ns_player_new; queries are
 * binary searches over arrays sorted by time or trace index. */
#include "core/player-private.h"

#include <string.h>

#include "net/stack.h"
#include "net/summary.h"

/* ---- small helpers ---- */

const char *
ns_player_intern_text (NsPlayer *self, const char *text)
{
  return text != NULL ? g_string_chunk_insert_const (self->strings, text) : NULL;
}

static const char *
chunk_take (NsPlayer *self, char *text)
{
  const char *kept = ns_player_intern_text (self, text);

  g_free (text);
  return kept;
}

/* The node of "node:iface", interned. */
static const char *
iface_node (NsPlayer *self, const char *iface)
{
  const char *node, *colon;
  char *id;

  if (iface == NULL)
    return NULL;
  node = g_hash_table_lookup (self->iface_nodes, iface);
  if (node != NULL)
    return node;
  colon = strchr (iface, ':');
  id = g_strndup (iface, colon != NULL ? (gsize) (colon - iface) : strlen (iface));
  node = g_intern_string (id);
  g_free (id);
  g_hash_table_insert (self->iface_nodes, g_strdup (iface), (gpointer) node);
  return node;
}

static void
player_node_free (gpointer data)
{
  NsPlayerNodeIndex *node = data;

  g_array_unref (node->arp);
  for (guint i = 0; i < NS_PLAYER_N_COUNTS; i++)
    g_array_unref (node->counts[i]);
  g_array_unref (node->conns);
  g_array_unref (node->udp);
  g_array_unref (node->sockets);
  g_clear_pointer (&node->routes, g_array_unref);
  g_free (node);
}

static NsPlayerNodeIndex *
get_node (NsPlayer *self, const char *id)
{
  NsPlayerNodeIndex *node;

  if (id == NULL)
    return NULL;
  node = g_hash_table_lookup (self->nodes, id);
  if (node != NULL)
    return node;
  node = g_new0 (NsPlayerNodeIndex, 1);
  node->id = g_intern_string (id);
  node->topo_index = -1;
  node->arp = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < NS_PLAYER_N_COUNTS; i++)
    node->counts[i] = g_array_new (FALSE, FALSE, sizeof (guint));
  node->conns = g_array_new (FALSE, FALSE, sizeof (guint));
  node->udp = g_array_new (FALSE, FALSE, sizeof (NsPlayerUdpPort));
  node->sockets = g_array_new (FALSE, FALSE, sizeof (guint));
  g_ptr_array_add (self->node_list, node);
  g_hash_table_insert (self->nodes, (gpointer) node->id, node);
  return node;
}

NsPlayerNodeIndex *
ns_player_lookup_node (NsPlayer *self, const char *id)
{
  return id != NULL ? g_hash_table_lookup (self->nodes, id) : NULL;
}

static void
count (NsPlayer *self, const char *node_id, guint counter, guint event)
{
  NsPlayerNodeIndex *node = get_node (self, node_id);

  if (node != NULL)
    g_array_append_val (node->counts[counter], event);
}

/* Number of elements of the sorted guint array @arr that are < @limit. */
guint
ns_player_count_below (GArray *arr, guint limit)
{
  guint lo = 0, hi = arr->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (arr, guint, mid) < limit)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* ---- frames: the few header fields the index needs ---- */

typedef struct {
  gboolean ipv4;
  guint8   proto;
  guint32  src, dst;
  guint16  ip_id;
  gboolean has_ports;
  guint16  sport, dport;
  /* TCP */
  guint32  seq;
  guint8   flags;
  guint32  seg_len;        /* payload + SYN + FIN */
} FrameInfo;

#define TCP_FIN 0x01
#define TCP_SYN 0x02

static guint32
rd32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static guint16
rd16 (const guint8 *p)
{
  return (guint16) ((p[0] << 8) | p[1]);
}

/* Total: every length is checked before the bytes are read. */
static void
frame_info (const NsPacket *packet, FrameInfo *info)
{
  const guint8 *p;
  gsize len, ihl, total, l4_len, doff;

  memset (info, 0, sizeof *info);
  if (packet == NULL || packet->len < 14 + 20)
    return;
  p = packet->data;
  len = packet->len;
  if (rd16 (p + 12) != 0x0800 || (p[14] >> 4) != 4)
    return;
  ihl = (gsize) (p[14] & 0x0f) * 4;
  total = rd16 (p + 16);
  if (ihl < 20 || total < ihl || 14 + total > len)
    return;
  info->ipv4 = TRUE;
  info->ip_id = rd16 (p + 18);
  info->proto = p[23];
  info->src = rd32 (p + 26);
  info->dst = rd32 (p + 30);
  /* A later fragment carries no transport header (RFC 791). */
  if ((rd16 (p + 20) & 0x1fff) != 0)
    return;
  p += 14 + ihl;
  l4_len = total - ihl;
  if ((info->proto == 6 && l4_len >= 20) || (info->proto == 17 && l4_len >= 8))
    {
      info->has_ports = TRUE;
      info->sport = rd16 (p);
      info->dport = rd16 (p + 2);
    }
  if (info->proto != 6 || l4_len < 20)
    return;
  doff = (gsize) (p[12] >> 4) * 4;
  if (doff < 20 || doff > l4_len)
    return;
  info->seq = rd32 (p + 4);
  info->flags = p[13];
  info->seg_len = (guint32) (l4_len - doff) + ((info->flags & TCP_SYN) ? 1 : 0)
                  + ((info->flags & TCP_FIN) ? 1 : 0);
}

gboolean
ns_player_packet_ip_key (const NsPacket *packet, guint32 *src, guint32 *dst, guint16 *ip_id)
{
  FrameInfo fi;

  frame_info (packet, &fi);
  *src = fi.src;
  *dst = fi.dst;
  *ip_id = fi.ip_id;
  return fi.ipv4;
}

/* ---- construction: steps and flights ---- */

static gint64
link_crossing_ns (NsPlayer *self, gint link_index, gsize bytes)
{
  const NsTopoLink *link;
  gint64 t = 0;

  if (self->topology == NULL || link_index < 0)
    return NS_NSEC_PER_MSEC;
  link = g_ptr_array_index (self->topology->links, link_index);
  if (link->bandwidth_mbps > 0)
    t = (gint64) ((double) bytes * 8.0 * 1000.0 / link->bandwidth_mbps);
  return t + (gint64) (link->delay_ms * (double) NS_NSEC_PER_MSEC);
}

static void
flight_place (NsPlayer *self, NsPlayerFlight *f)
{
  gint found = -1;

  f->link_index = -1;
  f->to = NULL;
  if (self->topology != NULL && f->link != NULL)
    found = GPOINTER_TO_INT (g_hash_table_lookup (self->link_by_id, f->link)) - 1;
  if (found >= 0)
    {
      const NsTopoLink *link = g_ptr_array_index (self->topology->links, found);
      g_autofree char *a = g_strdup_printf ("%s:%s", link->a_node, link->a_iface);
      g_autofree char *b = g_strdup_printf ("%s:%s", link->b_node, link->b_iface);

      f->link_index = found;
      f->from_end = g_strcmp0 (f->from, a) == 0 ? 0 : 1;
      f->to = g_intern_string (f->from_end == 0 ? b : a);
    }
  f->from_node = iface_node (self, f->from);
  f->to_node = iface_node (self, f->to);
}

static NsPlayerStep *
add_step (NsPlayer *self, guint event, const NsTraceEvent *ev)
{
  NsPlayerStep step = {
    .index = self->steps->len,
    .event = event,
    .t = ev->t,
    .kind = ev->kind,
    .node = ev->node,
    .why = ev->why,
    .flight = -1,
    .conn = -1,
  };

  g_array_append_val (self->steps, step);
  return &g_array_index (self->steps, NsPlayerStep, self->steps->len - 1);
}

static NsPlayerFlight *
add_flight (NsPlayer *self, NsSummarizer *summarizer, const NsTraceEvent *ev, guint step)
{
  NsPlayerFlight f = { 0 };
  char *summary = NULL, *label = NULL;
  const guint8 *data = ev->packet != NULL ? ev->packet->data : NULL;
  gsize len = ev->packet != NULL ? ev->packet->len : 0;

  f.index = self->flights->len;
  f.frame = ev->frame;
  f.link = ev->link;
  f.from = ev->iface;
  flight_place (self, &f);
  f.t_start = ev->t;
  f.t_end = ev->t + link_crossing_ns (self, f.link_index, len);
  f.lost_at = 1.0;
  f.t_lost = f.t_end;
  f.tx_step = step;
  f.end_step = -1;
  f.conn = -1;
  f.packet = ev->packet;
  f.why = ev->why;
  ns_summarizer_describe (summarizer, data != NULL ? data : (const guint8 *) "", len,
                          &summary, &label);
  f.summary = chunk_take (self, summary);
  f.label = chunk_take (self, label);
  f.protocol = ns_frame_protocol (data != NULL ? data : (const guint8 *) "", len);
  g_array_append_val (self->flights, f);
  if (f.frame != 0)
    g_array_append_val (self->frame_flights, f.index);
  return &g_array_index (self->flights, NsPlayerFlight, f.index);
}

static NsPlayerFlight *
lookup_flight (NsPlayer *self, guint64 frame)
{
  guint lo = 0, hi = self->frame_flights->len;

  /* Frame ids are handed out as frames start, so they grow in tx order. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      guint fi = g_array_index (self->frame_flights, guint, mid);
      NsPlayerFlight *f = &g_array_index (self->flights, NsPlayerFlight, fi);

      if (f->frame == frame)
        return f;
      if (f->frame < frame)
        lo = mid + 1;
      else
        hi = mid;
    }
  return NULL;
}

static void
index_tx (NsPlayer *self, NsSummarizer *summarizer, guint event, const NsTraceEvent *ev)
{
  NsPlayerStep *step = add_step (self, event, ev);
  NsPlayerFlight *f = add_flight (self, summarizer, ev, step->index);

  step->node = f->from_node;
  step->flight = (gint) f->index;
  step->protocol = f->protocol;
  step->text = f->summary;
  count (self, f->from_node, NS_PLAYER_COUNT_SENT, event);
}

static void
index_rx (NsPlayer *self, guint event, const NsTraceEvent *ev)
{
  NsPlayerStep *step = add_step (self, event, ev);
  NsPlayerFlight *f = lookup_flight (self, ev->frame);

  step->node = iface_node (self, ev->iface);
  step->protocol = "Ethernet";
  if (f == NULL)
    {
      step->text = chunk_take (self, g_strdup_printf ("frame %" G_GUINT64_FORMAT " received on %s",
                                                       ev->frame, ev->iface));
      return;
    }
  f->t_end = ev->t;
  f->t_lost = ev->t;
  f->arrived = TRUE;
  f->end_step = (gint) step->index;
  if (ev->iface != NULL)
    {
      f->to = ev->iface;
      f->to_node = step->node;
    }
  step->flight = (gint) f->index;
  step->protocol = f->protocol;
  step->text = chunk_take (self, g_strdup_printf ("received on %s: %s", ev->iface, f->summary));
  count (self, step->node, NS_PLAYER_COUNT_RECEIVED, event);
}

/* A datagram a node sent to itself (RFC 1122 3.3.4.2): a step at the node,
 * with no flight, since nothing crosses a link. */
static void
index_local (NsPlayer *self, NsSummarizer *summarizer, guint event, const NsTraceEvent *ev)
{
  NsPlayerStep *step = add_step (self, event, ev);
  g_autofree char *summary = NULL;

  if (ev->packet == NULL)
    return;
  summary = ns_summarizer_summarize (summarizer, ev->packet->data, ev->packet->len);
  step->protocol = ns_frame_protocol (ev->packet->data, ev->packet->len);
  step->text = chunk_take (self, g_strdup_printf ("delivered inside %s, on no wire: %s",
                                                   ev->node != NULL ? ev->node : "?", summary));
}

static void
index_link_loss (NsPlayer *self, NsPlayerStep *step, const NsTraceEvent *ev, guint event)
{
  NsPlayerFlight *f = lookup_flight (self, ev->frame);

  step->notable = TRUE;
  step->protocol = "Ethernet";
  if (f == NULL)
    {
      step->text = chunk_take (self, g_strdup_printf ("frame %" G_GUINT64_FORMAT " lost (%s)",
                                                       ev->frame, ev->reason));
      return;
    }
  f->t_end = MAX (ev->t, f->t_start);
  f->lost = TRUE;
  f->lost_reason = ev->reason;
  f->lost_at = NS_PLAYER_LOST_AT;
  f->t_lost = f->t_start + (gint64) ((double) (f->t_end - f->t_start) * f->lost_at);
  f->end_step = (gint) step->index;
  if (ev->why != NULL)
    f->why = ev->why;
  step->node = f->from_node;
  step->flight = (gint) f->index;
  step->protocol = f->protocol;
  step->text = chunk_take (self, g_strdup_printf ("lost on link %s (%s): %s", ev->link,
                                                   ev->reason, f->summary));
  count (self, f->from_node, NS_PLAYER_COUNT_LOST, event);
}

static void
index_queue_drop (NsPlayer *self, NsSummarizer *summarizer, NsPlayerStep *step,
                  const NsTraceEvent *ev, guint event)
{
  NsPlayerFlight *f = add_flight (self, summarizer, ev, step->index);

  f->lost = TRUE;
  f->queue_drop = TRUE;
  f->lost_reason = "queue";
  f->lost_at = 0;
  f->t_lost = f->t_start;
  f->end_step = (gint) step->index;
  step->node = f->from_node != NULL ? f->from_node : ev->node;
  step->flight = (gint) f->index;
  step->protocol = f->protocol;
  step->text = chunk_take (self, g_strdup_printf ("queue of %s full, frame dropped: %s",
                                                   ev->iface, f->summary));
  count (self, step->node, NS_PLAYER_COUNT_QUEUE, event);
}

static void
index_drop (NsPlayer *self, NsSummarizer *summarizer, guint event, const NsTraceEvent *ev)
{
  NsPlayerStep *step = add_step (self, event, ev);

  step->notable = TRUE;
  step->mark = NS_PLAYER_MARK_LOST;
  if (ev->frame != 0)
    index_link_loss (self, step, ev, event);
  else if (g_strcmp0 (ev->reason, "queue") == 0 && ev->packet != NULL)
    index_queue_drop (self, summarizer, step, ev, event);
  else
    {
      step->protocol = "IPv4";
      step->text = chunk_take (self, g_strdup_printf ("packet dropped (%s)%s%s",
                                                       ev->reason != NULL ? ev->reason : "?",
                                                       ev->why != NULL ? ": " : "",
                                                       ev->why != NULL ? ev->why : ""));
      count (self, ev->node, NS_PLAYER_COUNT_DROPPED, event);
    }
}

/* ---- TCP connections ---- */

gint
ns_player_conn_lookup (NsPlayer *self, const char *node, const char *local, const char *remote)
{
  g_autofree char *key = g_strdup_printf ("%s|%s|%s", node, local, remote);

  return GPOINTER_TO_INT (g_hash_table_lookup (self->conn_by_key, key)) - 1;
}

static NsPlayerConnIndex *
get_conn (NsPlayer *self, const NsTraceEvent *ev)
{
  char *key;
  NsPlayerConnIndex *conn;
  gint found;

  if (ev->node == NULL || ev->local == NULL || ev->remote == NULL)
    return NULL;
  found = ns_player_conn_lookup (self, ev->node, ev->local, ev->remote);
  if (found >= 0)
    return g_ptr_array_index (self->conns, found);
  conn = g_new0 (NsPlayerConnIndex, 1);
  conn->pub.index = self->conns->len;
  conn->pub.node = g_intern_string (ev->node);
  conn->pub.local = g_intern_string (ev->local);
  conn->pub.remote = g_intern_string (ev->remote);
  conn->pub.peer = -1;
  conn->pub.t_first = ev->t;
  conn->pub.first_step = self->steps->len;
  conn->states = g_array_new (FALSE, FALSE, sizeof (guint));
  conn->rtx = g_array_new (FALSE, FALSE, sizeof (guint));
  conn->samples = g_array_new (FALSE, FALSE, sizeof (NsPlayerConnVars));
  g_ptr_array_add (self->conns, conn);
  key = g_strdup_printf ("%s|%s|%s", ev->node, ev->local, ev->remote);
  g_hash_table_insert (self->conn_by_key, key, GINT_TO_POINTER (conn->pub.index + 1));
  key = g_strdup_printf ("%s|%s", ev->local, ev->remote);
  if (!g_hash_table_contains (self->conn_by_pair, key))
    g_hash_table_insert (self->conn_by_pair, key, GINT_TO_POINTER (conn->pub.index + 1));
  else
    g_free (key);
  g_array_append_val (get_node (self, ev->node)->conns, conn->pub.index);
  return conn;
}

static void
player_conn_free (gpointer data)
{
  NsPlayerConnIndex *conn = data;

  g_array_unref (conn->states);
  g_array_unref (conn->rtx);
  g_array_unref (conn->samples);
  g_free (conn);
}

static void
index_tcp (NsPlayer *self, guint event, const NsTraceEvent *ev)
{
  NsPlayerStep *step = add_step (self, event, ev);
  NsPlayerConnIndex *conn = get_conn (self, ev);
  const char *port = ev->local != NULL ? strrchr (ev->local, ':') : NULL;

  step->protocol = "TCP";
  /* A listener has no peer: "port 80: CLOSED → LISTEN". */
  if (g_strcmp0 (ev->remote, "0.0.0.0:0") == 0 && port != NULL)
    step->text = chunk_take (self, g_strdup_printf ("port %s: %s → %s", port + 1,
                                                     ev->from_state, ev->to_state));
  else
    step->text = chunk_take (self, g_strdup_printf ("%s → %s: %s → %s", ev->local, ev->remote,
                                                     ev->from_state, ev->to_state));
  if (conn == NULL)
    return;
  step->conn = (gint) conn->pub.index;
  g_array_append_val (conn->states, event);
  conn->pub.t_last = ev->t;
  if (g_strcmp0 (ev->to_state, "LISTEN") == 0)
    conn->pub.listener = TRUE;
}

/* "10.0.0.5:49152" into its address and port (host order). */
static gboolean
parse_endpoint (const char *text, guint32 *addr_out, guint16 *port_out)
{
  const char *colon = text != NULL ? strrchr (text, ':') : NULL;
  g_autofree char *addr = NULL;
  guint64 port;

  if (colon == NULL)
    return FALSE;
  addr = g_strndup (text, (gsize) (colon - text));
  if (!ns_ipv4_from_string (addr, addr_out)
      || !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    return FALSE;
  *port_out = (guint16) port;
  return TRUE;
}

/* A retransmit event names the raw sequence number; the log, the canvas
 * and the ladder number a connection's bytes from its SYN, as Wireshark
 * does, so the learner reads one numbering everywhere (the inspector shows
 * the raw value beside the relative one). The why, written by the stack
 * with the raw number, is reworded the same way. */
static guint32
relative_seq (NsSummarizer *summarizer, const NsTraceEvent *ev, gboolean *known)
{
  guint32 src, dst, isn;
  guint16 sport, dport;

  *known = parse_endpoint (ev->local, &src, &sport) && parse_endpoint (ev->remote, &dst, &dport)
           && ns_summarizer_lookup_isn (summarizer, src, sport, dst, dport, &isn);
  return *known ? ev->seq - isn : ev->seq;
}

static const char *
relative_why (NsPlayer *self, const NsTraceEvent *ev, guint32 rel)
{
  g_autofree char *raw = g_strdup_printf ("seq=%u", ev->seq);
  g_autofree char *shown = g_strdup_printf ("seq=%u", rel);
  const char *at = ev->why != NULL ? strstr (ev->why, raw) : NULL;
  GString *why;

  if (at == NULL)
    return ev->why;
  why = g_string_new_len (ev->why, at - ev->why);
  g_string_append (why, shown);
  g_string_append (why, at + strlen (raw));
  return chunk_take (self, g_string_free (why, FALSE));
}

static void
index_retransmit (NsPlayer *self, NsSummarizer *summarizer, guint event, const NsTraceEvent *ev)
{
  NsPlayerStep *step = add_step (self, event, ev);
  NsPlayerConnIndex *conn = get_conn (self, ev);
  gboolean known;
  guint32 seq = relative_seq (summarizer, ev, &known);

  step->protocol = "TCP";
  step->notable = TRUE;
  step->mark = NS_PLAYER_MARK_RESENT;
  step->text = chunk_take (self, g_strdup_printf ("%s → %s: segment seq=%u sent again (%s)",
                                                   ev->local, ev->remote, seq,
                                                   ev->reason != NULL ? ev->reason : "?"));
  if (known)
    step->why = relative_why (self, ev, seq);
  count (self, ev->node, NS_PLAYER_COUNT_RTX, event);
  if (conn == NULL)
    return;
  step->conn = (gint) conn->pub.index;
  g_array_append_val (conn->rtx, event);
  conn->pub.t_last = ev->t;
}

static void
index_app (NsPlayer *self, guint event, const NsTraceEvent *ev)
{
  NsPlayerStep *step = add_step (self, event, ev);

  step->protocol = "App";
  step->notable = !ev->ok;
  step->mark = ev->ok ? NS_PLAYER_MARK_NONE : NS_PLAYER_MARK_FAILED;
  step->text = chunk_take (self, g_strdup_printf ("%s%s%s", ev->action != NULL ? ev->action : "app",
                                                   ev->detail != NULL ? ": " : "",
                                                   ev->detail != NULL ? ev->detail : ""));
  get_node (self, ev->node);
}

/* A cable pulled or plugged, a node switched off or on: a step the
 * learner sees, shown at the node (or, for a link, at its first end). */
static void
index_link (NsPlayer *self, guint event, const NsTraceEvent *ev)
{
  NsPlayerStep *step = add_step (self, event, ev);
  const NsTopoLink *link = ev->link != NULL && self->topology != NULL
                           ? ns_topology_find_link (self->topology, ev->link) : NULL;

  if (step->node == NULL && link != NULL)
    step->node = g_intern_string (link->a_node);
  step->protocol = "Link";
  step->notable = TRUE;
  step->text = chunk_take (self, ev->link != NULL
                           ? g_strdup_printf ("link %s %s", ev->link, ev->ok ? "up" : "down")
                           : g_strdup_printf ("node %s %s", ev->node, ev->ok ? "up" : "down"));
  if (step->node != NULL)
    get_node (self, step->node);
}

static void
index_tcp_vars (NsPlayer *self, guint event, const NsTraceEvent *ev)
{
  NsPlayerConnIndex *conn = get_conn (self, ev);
  const NsTraceTcpVars *r = ev->tcp_vars;
  NsPlayerConnVars v = { .t = ev->t, .event = event, .rto_deadline = -1 };

  if (conn == NULL)
    return;
  if (r != NULL)
    {
      v.state = r->state;
      v.iss = r->iss;
      v.irs = r->irs;
      v.snd_una = r->snd_una;
      v.snd_nxt = r->snd_nxt;
      v.snd_wnd = r->snd_wnd;
      v.rcv_nxt = r->rcv_nxt;
      v.rcv_wnd = r->rcv_wnd;
      v.cwnd = r->cwnd;
      v.ssthresh = r->ssthresh;
      v.flight_size = r->flight_size;
      v.srtt_ns = r->srtt_ns;
      v.rto_ns = r->rto_ns;
      v.rto_deadline = r->rto_deadline;
    }
  g_array_append_val (conn->samples, v);
  conn->pub.t_last = ev->t;
}

/* When the stack only says whether the retransmission timer runs, its
 * deadline follows from RFC 6298 §5: it (re)starts when it was off and a
 * segment goes out (5.1), when new data is acknowledged (5.3) and when it
 * expires (5.6), each time for the current RTO. */
static void
conn_timers (NsPlayer *self, NsPlayerConnIndex *conn)
{
  gint64 deadline = -1;
  guint32 una = 0;
  guint r = 0;

  for (guint i = 0; i < conn->samples->len; i++)
    {
      NsPlayerConnVars *v = &g_array_index (conn->samples, NsPlayerConnVars, i);
      gboolean expired = FALSE;

      while (r < conn->rtx->len && g_array_index (conn->rtx, guint, r) <= v->event)
        {
          const NsTraceEvent *ev = ns_trace_get (self->trace, g_array_index (conn->rtx, guint, r));

          expired |= g_strcmp0 (ev->reason, "rto") == 0;
          r++;
        }
      if (v->rto_deadline != G_MININT64)
        {
          deadline = v->rto_deadline;
          una = v->snd_una;
          continue;
        }
      if (deadline < 0 || expired || v->snd_una != una)
        deadline = v->t + v->rto_ns;
      v->rto_deadline = deadline;
      una = v->snd_una;
    }
}

static void
link_peers (NsPlayer *self)
{
  for (guint i = 0; i < self->conns->len; i++)
    {
      NsPlayerConnIndex *conn = g_ptr_array_index (self->conns, i);
      g_autofree char *key = g_strdup_printf ("%s|%s", conn->pub.remote, conn->pub.local);
      gint peer = GPOINTER_TO_INT (g_hash_table_lookup (self->conn_by_pair, key)) - 1;

      if (peer >= 0 && peer != (gint) i)
        conn->pub.peer = peer;
      conn_timers (self, conn);
    }
}

/* ---- second pass: connections and retransmissions of frames ---- */

guint
ns_player_packet_key_hash (gconstpointer p)
{
  const NsPlayerPacketKey *k = p;

  return k->src * 2654435761u ^ k->dst * 40503u ^ k->id;
}

gboolean
ns_player_packet_key_equal (gconstpointer a, gconstpointer b)
{
  const NsPlayerPacketKey *x = a, *y = b;

  return x->src == y->src && x->dst == y->dst && x->id == y->id;
}

/* The highest sequence number sent so far in each direction of each
 * connection, by "src:port>dst:port". */
typedef struct {
  guint32 max_end;
} SeqSpace;

static gboolean
segment_is_retransmission (GHashTable *spaces, const FrameInfo *fi)
{
  char key[64];
  SeqSpace *space;
  guint32 end = fi->seq + fi->seg_len;
  gboolean again;

  g_snprintf (key, sizeof key, "%08x:%u>%08x:%u", fi->src, fi->sport, fi->dst, fi->dport);
  space = g_hash_table_lookup (spaces, key);
  if (space == NULL)
    {
      space = g_new0 (SeqSpace, 1);
      space->max_end = end;
      g_hash_table_insert (spaces, g_strdup (key), space);
      return FALSE;
    }
  /* A SYN with another initial sequence number opens a new connection on
   * the same four numbers (RFC 9293 §3.4.1): a fresh sequence space. */
  if ((fi->flags & TCP_SYN) && fi->seq + 1 != space->max_end)
    {
      space->max_end = end;
      return FALSE;
    }
  again = (gint32) (fi->seq - space->max_end) < 0;
  if ((gint32) (end - space->max_end) > 0)
    space->max_end = end;
  return fi->seg_len > 0 && again;
}

static void
note_udp_port (NsPlayerNodeIndex *node, guint16 port, guint event)
{
  for (guint i = 0; i < node->udp->len; i++)
    if (g_array_index (node->udp, NsPlayerUdpPort, i).port == port)
      return;
  g_array_append_val (node->udp, ((NsPlayerUdpPort) { .port = port, .event = event }));
}

/* The retransmit event that sent @fi's segment again: the last one of
 * @conn for that sequence number before the frame left, or NULL. */
static const NsTraceEvent *
retransmit_event (NsPlayer *self, gint conn, const FrameInfo *fi, guint tx_event,
                  guint *event_out)
{
  NsPlayerConnIndex *c;

  if (conn < 0)
    return NULL;
  c = g_ptr_array_index (self->conns, conn);
  for (guint i = ns_player_count_below (c->rtx, tx_event); i-- > 0;)
    {
      const NsTraceEvent *ev = ns_trace_get (self->trace, g_array_index (c->rtx, guint, i));

      if (ev->seq == fi->seq)
        {
          *event_out = g_array_index (c->rtx, guint, i);
          return ev;
        }
    }
  return NULL;
}

static void
classify_flight (NsPlayer *self, NsPlayerFlight *f, GHashTable *packets, GHashTable *spaces)
{
  guint tx_event = g_array_index (self->steps, NsPlayerStep, f->tx_step).event;
  const NsTraceEvent *rtx;
  guint rtx_event = 0;
  FrameInfo fi;
  NsPlayerPacketKey key;
  gpointer first;
  char local[24], remote[24], a[16], b[16];
  g_autofree char *pair = NULL;

  frame_info (f->packet, &fi);
  if (!fi.ipv4 || !fi.has_ports)
    return;
  key = (NsPlayerPacketKey) { fi.src, fi.dst, fi.ip_id };
  if (fi.proto == 17)
    {
      /* The sender's UDP port is bound when it sends (the guess used when
       * the stack does not record binding). */
      if (f->from_node != NULL && !g_hash_table_contains (packets, &key))
        {
          g_hash_table_insert (packets, g_memdup2 (&key, sizeof key),
                               GUINT_TO_POINTER (f->index + 1));
          note_udp_port (get_node (self, f->from_node), fi.sport, tx_event);
        }
      return;
    }
  g_snprintf (local, sizeof local, "%s:%u", ns_ipv4_to_string (fi.src, a), fi.sport);
  g_snprintf (remote, sizeof remote, "%s:%u", ns_ipv4_to_string (fi.dst, b), fi.dport);
  pair = g_strdup_printf ("%s|%s", local, remote);
  f->conn = GPOINTER_TO_INT (g_hash_table_lookup (self->conn_by_pair, pair)) - 1;
  /* The same IP packet forwarded by routers keeps its identification
   * (RFC 791): later hops are what the first hop was. */
  if (g_hash_table_lookup_extended (packets, &key, NULL, &first))
    {
      const NsPlayerFlight *hop1 = &g_array_index (self->flights, NsPlayerFlight,
                                                   GPOINTER_TO_UINT (first) - 1);

      f->retransmission = hop1->retransmission;
      if (f->why == NULL)
        f->why = hop1->why;
      return;
    }
  f->retransmission = segment_is_retransmission (spaces, &fi);
  rtx = fi.seg_len > 0 ? retransmit_event (self, f->conn, &fi, tx_event, &rtx_event) : NULL;
  /* TCP said it sends it again right now, even if the first copy never
   * reached the wire (held back waiting for ARP). */
  if (rtx != NULL && rtx->t == f->t_start)
    {
      NsPlayerStep *step = &g_array_index (self->steps, NsPlayerStep,
                                           ns_player_step_for_event (self, rtx_event));

      f->retransmission = TRUE;
      if (step->flight < 0)
        step->flight = (gint) f->index;
    }
  /* The retransmit step's why: with the relative number the log uses. */
  if (f->retransmission && f->why == NULL && rtx != NULL)
    f->why = ns_player_get_step_info (self, ns_player_step_for_event (self, rtx_event))->why;
  g_hash_table_insert (packets, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (f->index + 1));
}

static void
classify_flights (NsPlayer *self)
{
  g_autoptr (GHashTable) packets = g_hash_table_new_full (ns_player_packet_key_hash,
                                                          ns_player_packet_key_equal, g_free, NULL);
  g_autoptr (GHashTable) spaces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < self->flights->len; i++)
    {
      classify_flight (self, &g_array_index (self->flights, NsPlayerFlight, i), packets, spaces);
    }
  /* Steps of frames take their flight's connection and mark. */
  for (guint i = 0; i < self->steps->len; i++)
    {
      NsPlayerStep *step = &g_array_index (self->steps, NsPlayerStep, i);
      const NsPlayerFlight *f;

      if (step->flight < 0)
        continue;
      f = &g_array_index (self->flights, NsPlayerFlight, step->flight);
      step->conn = f->conn;
      if (f->retransmission && step->kind == NS_TRACE_TX)
        {
          step->notable = TRUE;
          step->mark = NS_PLAYER_MARK_RESENT;
        }
    }
}

/* Services listening on UDP from the start of the run. */
static void
note_udp_services (NsPlayer *self)
{
  if (self->topology == NULL)
    return;
  for (guint n = 0; n < self->topology->nodes->len; n++)
    {
      const NsTopoNode *node = g_ptr_array_index (self->topology->nodes, n);

      /* "down": true switches a host off: its services never start. */
      if (node->extra != NULL
          && json_object_get_boolean_member_with_default (node->extra, "down", FALSE))
        continue;
      for (guint s = 0; s < node->services->len; s++)
        {
          const NsTopoService *svc = g_ptr_array_index (node->services, s);

          if (g_str_has_prefix (svc->type, "udp-") || g_strcmp0 (svc->type, "dns-server") == 0)
            note_udp_port (get_node (self, node->id), svc->port, 0);
        }
    }
}

static void
build_blocks (NsPlayer *self)
{
  gint64 block_end = G_MININT64;

  for (guint i = 0; i < self->flights->len; i++)
    {
      const NsPlayerFlight *f = &g_array_index (self->flights, NsPlayerFlight, i);

      self->max_flight = MAX (self->max_flight, f->t_end - f->t_start);
      self->end_time = MAX (self->end_time, f->t_end);
      block_end = MAX (block_end, f->t_end);
      if (i % NS_PLAYER_FLIGHT_BLOCK == NS_PLAYER_FLIGHT_BLOCK - 1 || i + 1 == self->flights->len)
        {
          g_array_append_val (self->block_end, block_end);
          block_end = G_MININT64;
        }
    }
}

static void
build_index (NsPlayer *self)
{
  g_autoptr (NsSummarizer) summarizer = ns_summarizer_new ();
  guint n = ns_trace_len (self->trace);

  for (guint i = 0; i < n; i++)
    {
      const NsTraceEvent *ev = ns_trace_get (self->trace, i);

      self->end_time = MAX (self->end_time, ev->t);
      switch (ev->kind)
        {
        case NS_TRACE_TX:
          index_tx (self, summarizer, i, ev);
          break;
        case NS_TRACE_RX:
          index_rx (self, i, ev);
          break;
        case NS_TRACE_DROP:
          index_drop (self, summarizer, i, ev);
          break;
        case NS_TRACE_TCP:
          index_tcp (self, i, ev);
          break;
        case NS_TRACE_RETRANSMIT:
          index_retransmit (self, summarizer, i, ev);
          break;
        case NS_TRACE_APP:
          index_app (self, i, ev);
          break;
        case NS_TRACE_LINK:
          index_link (self, i, ev);
          break;
        case NS_TRACE_ARP:
          if (ev->iface != NULL)
            g_array_append_val (get_node (self, iface_node (self, ev->iface))->arp, i);
          break;
        case NS_TRACE_TCP_VARS:
          index_tcp_vars (self, i, ev);
          break;
        case NS_TRACE_LOCAL:
          index_local (self, summarizer, i, ev);
          break;
        case NS_TRACE_SOCKET:
          if (ev->node != NULL && ev->local != NULL)
            g_array_append_val (get_node (self, ev->node)->sockets, i);
          self->have_sockets = TRUE;
          break;
        default:
          break;
        }
    }
  link_peers (self);
  classify_flights (self);
  note_udp_services (self);
  build_blocks (self);
}

NsPlayer *
ns_player_new (NsTrace *trace, const NsTopology *topology)
{
  NsPlayer *self;

  g_return_val_if_fail (trace != NULL, NULL);
  self = g_new0 (NsPlayer, 1);
  self->trace = trace;
  self->topology = topology;
  self->steps = g_array_new (FALSE, FALSE, sizeof (NsPlayerStep));
  self->flights = g_array_new (FALSE, FALSE, sizeof (NsPlayerFlight));
  self->frame_flights = g_array_new (FALSE, FALSE, sizeof (guint));
  self->block_end = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->conns = g_ptr_array_new_with_free_func (player_conn_free);
  self->conn_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->conn_by_pair = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->node_list = g_ptr_array_new_with_free_func (player_node_free);
  self->nodes = g_hash_table_new (g_str_hash, g_str_equal);
  self->link_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->iface_nodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->strings = g_string_chunk_new (64 * 1024);
  self->step = -1;
  if (topology != NULL)
    {
      for (guint i = 0; i < topology->links->len; i++)
        {
          const NsTopoLink *link = g_ptr_array_index (topology->links, i);

          if (!g_hash_table_contains (self->link_by_id, link->id))
            g_hash_table_insert (self->link_by_id, link->id, GINT_TO_POINTER (i + 1));
          if (link->a_node != NULL && link->b_node != NULL)
            {
              get_node (self, link->a_node)->n_links++;
              get_node (self, link->b_node)->n_links++;
            }
        }
      for (guint i = 0; i < topology->nodes->len; i++)
        {
          const NsTopoNode *tn = g_ptr_array_index (topology->nodes, i);
          NsPlayerNodeIndex *node = get_node (self, tn->id);

          if (node->topo == NULL)
            {
              node->topo = tn;
              node->topo_index = (gint) i;
            }
        }
    }
  build_index (self);
  return self;
}

NsPlayer *
ns_player_new_for_run (NsRun *run)
{
  NsPlayer *self;

  g_return_val_if_fail (run != NULL, NULL);
  self = ns_player_new (ns_run_get_trace (run), ns_run_get_topology (run));
  self->run = run;
  return self;
}

void
ns_player_free (NsPlayer *self)
{
  if (self == NULL)
    return;
  if (self->changed_destroy != NULL)
    self->changed_destroy (self->changed_data);
  g_array_unref (self->steps);
  g_array_unref (self->flights);
  g_array_unref (self->frame_flights);
  g_array_unref (self->block_end);
  g_ptr_array_unref (self->conns);
  g_hash_table_unref (self->conn_by_key);
  g_hash_table_unref (self->conn_by_pair);
  g_hash_table_unref (self->nodes);
  g_ptr_array_unref (self->node_list);
  g_hash_table_unref (self->link_by_id);
  g_hash_table_unref (self->iface_nodes);
  g_string_chunk_free (self->strings);
  if (self->haystacks != NULL)
    g_strfreev (self->haystacks);
  g_clear_pointer (&self->auto_routes, g_ptr_array_unref);
  g_clear_pointer (&self->run, ns_run_free);
  g_free (self);
}

NsTrace *
ns_player_get_trace (NsPlayer *self)
{
  return self->trace;
}

const NsTopology *
ns_player_get_topology (NsPlayer *self)
{
  return self->topology;
}

NsRun *
ns_player_get_run (NsPlayer *self)
{
  return self->run;
}

/* ---- steps ---- */

guint
ns_player_get_n_steps (NsPlayer *self)
{
  return self->steps->len;
}

const NsPlayerStep *
ns_player_get_step_info (NsPlayer *self, guint index)
{
  g_return_val_if_fail (index < self->steps->len, NULL);
  return &g_array_index (self->steps, NsPlayerStep, index);
}

gint
ns_player_step_at_time (NsPlayer *self, gint64 t)
{
  guint lo = 0, hi = self->steps->len;

  /* First step after t, minus one. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->steps, NsPlayerStep, mid).t <= t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return (gint) lo - 1;
}

gint
ns_player_step_for_event (NsPlayer *self, guint event)
{
  guint lo = 0, hi = self->steps->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->steps, NsPlayerStep, mid).event <= event)
        lo = mid + 1;
      else
        hi = mid;
    }
  return (gint) lo - 1;
}

gint64
ns_player_get_start_time (NsPlayer *self)
{
  return 0;
}

gint64
ns_player_get_end_time (NsPlayer *self)
{
  return self->end_time;
}

/* ---- cursor ---- */

static void
cursor_set (NsPlayer *self, gint64 t, gint step)
{
  if (self->time == t && self->step == step)
    return;
  self->time = t;
  self->step = step;
  self->serial++;
  if (self->changed != NULL)
    self->changed (self, self->changed_data);
}

gint64
ns_player_get_time (NsPlayer *self)
{
  return self->time;
}

gint
ns_player_get_step (NsPlayer *self)
{
  return self->step;
}

void
ns_player_seek_time (NsPlayer *self, gint64 t)
{
  t = CLAMP (t, 0, self->end_time);
  cursor_set (self, t, ns_player_step_at_time (self, t));
}

void
ns_player_seek_step (NsPlayer *self, gint index)
{
  index = CLAMP (index, -1, (gint) self->steps->len - 1);
  cursor_set (self, index < 0 ? 0 : g_array_index (self->steps, NsPlayerStep, index).t, index);
}

gboolean
ns_player_step_forward (NsPlayer *self)
{
  if (self->step + 1 >= (gint) self->steps->len)
    return FALSE;
  ns_player_seek_step (self, self->step + 1);
  return TRUE;
}

gboolean
ns_player_step_back (NsPlayer *self)
{
  const NsPlayerStep *cur;

  if (self->step < 0)
    {
      if (self->time == 0)
        return FALSE;
      ns_player_seek_step (self, -1);
      return TRUE;
    }
  /* Between steps, the first step back lands on the cursor's own step. */
  cur = &g_array_index (self->steps, NsPlayerStep, self->step);
  ns_player_seek_step (self, self->time > cur->t ? self->step : self->step - 1);
  return TRUE;
}

void
ns_player_seek_start (NsPlayer *self)
{
  ns_player_seek_step (self, -1);
}

void
ns_player_seek_end (NsPlayer *self)
{
  cursor_set (self, self->end_time, (gint) self->steps->len - 1);
}

gboolean
ns_player_at_end (NsPlayer *self)
{
  return self->step == (gint) self->steps->len - 1 && self->time >= self->end_time;
}

void
ns_player_set_changed_func (NsPlayer *self, NsPlayerChangedFunc func, gpointer user_data,
                            GDestroyNotify destroy)
{
  if (self->changed_destroy != NULL)
    self->changed_destroy (self->changed_data);
  self->changed = func;
  self->changed_data = user_data;
  self->changed_destroy = destroy;
}

guint64
ns_player_get_serial (NsPlayer *self)
{
  return self->serial;
}

/* Trace events with an index below this are visible at the cursor: the
 * cursor's step and the samples recorded right after it. */
guint
ns_player_cursor_cutoff (NsPlayer *self)
{
  if (self->step + 1 < (gint) self->steps->len)
    return g_array_index (self->steps, NsPlayerStep, self->step + 1).event;
  return ns_trace_len (self->trace);
}

/* ---- flights ---- */

guint
ns_player_get_n_flights (NsPlayer *self)
{
  return self->flights->len;
}

const NsPlayerFlight *
ns_player_get_flight (NsPlayer *self, guint index)
{
  g_return_val_if_fail (index < self->flights->len, NULL);
  return &g_array_index (self->flights, NsPlayerFlight, index);
}

const NsPlayerFlight *
ns_player_find_flight (NsPlayer *self, guint64 frame)
{
  return lookup_flight (self, frame);
}

static void
frame_position (const NsPlayerFlight *f, gint64 t, NsPlayerFrame *out)
{
  gint64 span = f->t_end - f->t_start;

  out->flight = f;
  out->broken = FALSE;
  out->breakup = 0;
  out->progress = span > 0 ? (double) (t - f->t_start) / (double) span : 1.0;
  out->progress = CLAMP (out->progress, 0.0, 1.0);
  if (!f->lost)
    return;
  if (f->queue_drop)
    out->progress = 0;
  else
    out->progress = MIN (out->progress, f->lost_at);
  if (t >= f->t_lost)
    {
      out->broken = TRUE;
      out->breakup = f->t_end > f->t_lost
        ? (double) (t - f->t_lost) / (double) (f->t_end - f->t_lost) : 1.0;
      out->breakup = CLAMP (out->breakup, 0.0, 1.0);
    }
}

/* Flights in tx order: the first that starts after @t. */
guint
ns_player_flights_starting_after (NsPlayer *self, gint64 t)
{
  guint lo = 0, hi = self->flights->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->flights, NsPlayerFlight, mid).t_start <= t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

guint
ns_player_frames_at (NsPlayer *self, gint64 t, GArray *out)
{
  guint end = ns_player_flights_starting_after (self, t);
  /* No flight lasts longer than max_flight: earlier starts are over. */
  guint begin = ns_player_flights_starting_after (self, t - self->max_flight - 1);

  g_array_set_size (out, 0);
  for (guint i = begin; i < end;)
    {
      guint block = i / NS_PLAYER_FLIGHT_BLOCK;

      if (i % NS_PLAYER_FLIGHT_BLOCK == 0 && g_array_index (self->block_end, gint64, block) < t)
        {
          i += NS_PLAYER_FLIGHT_BLOCK;
          continue;
        }
      {
        const NsPlayerFlight *f = &g_array_index (self->flights, NsPlayerFlight, i);

        if (f->t_end >= t)
          {
            NsPlayerFrame frame;

            frame_position (f, t, &frame);
            g_array_append_val (out, frame);
          }
      }
      i++;
    }
  return out->len;
}

guint
ns_player_frames_at_cursor (NsPlayer *self, GArray *out)
{
  return ns_player_frames_at (self, self->time, out);
}

/* ---- event log ---- */

static char *
step_haystack (NsPlayer *self, const NsPlayerStep *step)
{
  const char *label = step->flight >= 0
    ? g_array_index (self->flights, NsPlayerFlight, step->flight).label : NULL;
  char *joined = g_strjoin ("\n", step->text != NULL ? step->text : "",
                            step->why != NULL ? step->why : "",
                            label != NULL ? label : "",
                            step->node != NULL ? step->node : "", NULL);
  /* ASCII folding leaves the bytes of UTF-8 sequences ("→") alone, and
   * the needle is folded the same way. */
  char *lower = g_ascii_strdown (joined, -1);

  g_free (joined);
  return lower;
}

static gboolean
step_touches_node (NsPlayer *self, const NsPlayerStep *step, const char *node)
{
  const NsPlayerFlight *f;

  if (g_strcmp0 (step->node, node) == 0)
    return TRUE;
  if (step->flight < 0)
    return FALSE;
  f = &g_array_index (self->flights, NsPlayerFlight, step->flight);
  return g_strcmp0 (f->from_node, node) == 0 || g_strcmp0 (f->to_node, node) == 0;
}

GArray *
ns_player_filter_steps (NsPlayer *self, const char *protocol, const char *node, const char *text)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *needle = NULL;

  if (protocol != NULL && *protocol == '\0')
    protocol = NULL;
  if (node != NULL && *node == '\0')
    node = NULL;
  if (text != NULL && *text != '\0')
    needle = g_ascii_strdown (text, -1);
  if (needle != NULL && self->haystacks == NULL)
    {
      self->haystacks = g_new0 (char *, self->steps->len + 1);
      for (guint i = 0; i < self->steps->len; i++)
        self->haystacks[i] = step_haystack (self, &g_array_index (self->steps, NsPlayerStep, i));
    }
  for (guint i = 0; i < self->steps->len; i++)
    {
      const NsPlayerStep *step = &g_array_index (self->steps, NsPlayerStep, i);

      if (protocol != NULL && g_ascii_strcasecmp (step->protocol, protocol) != 0)
        continue;
      if (node != NULL && !step_touches_node (self, step, node))
        continue;
      if (needle != NULL && strstr (self->haystacks[i], needle) == NULL)
        continue;
      g_array_append_val (out, i);
    }
  return out;
}

GPtrArray *
ns_player_dup_protocols (NsPlayer *self)
{
  static const char *const order[] = { "ARP", "ICMP", "UDP", "TCP", "DNS", "HTTP", "Ethernet",
                                       "IPv4", "App" };
  gboolean seen[G_N_ELEMENTS (order)] = { FALSE };
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < self->steps->len; i++)
    {
      const char *p = g_array_index (self->steps, NsPlayerStep, i).protocol;

      for (guint j = 0; j < G_N_ELEMENTS (order); j++)
        if (g_strcmp0 (p, order[j]) == 0)
          seen[j] = TRUE;
    }
  for (guint j = 0; j < G_N_ELEMENTS (order); j++)
    if (seen[j])
      g_ptr_array_add (out, (gpointer) order[j]);
  return out;
}

char *
ns_player_format_time (gint64 t)
{
  return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%06" G_GINT64_FORMAT " s", t < 0 ? "-" : "",
                          ABS (t) / NS_NSEC_PER_SEC, (ABS (t) % NS_NSEC_PER_SEC) / 1000);
}
