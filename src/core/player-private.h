/* player-private.h: the inside of NsPlayer, shared by player.c (the index,
 * the cursor, flights and the event log), player-state.c (the state of
 * nodes and connections at the cursor) and player-ladder.c (the sequence
 * diagram). */
#pragma once

#include <glib.h>

#include "core/player.h"

G_BEGIN_DECLS

/* Flights are grouped in blocks of this many (in tx order) with the latest
 * end of each block, so frames_at skips blocks that are all over. */
#define NS_PLAYER_FLIGHT_BLOCK 64

enum {
  NS_PLAYER_COUNT_SENT,
  NS_PLAYER_COUNT_RECEIVED,
  NS_PLAYER_COUNT_LOST,
  NS_PLAYER_COUNT_QUEUE,
  NS_PLAYER_COUNT_DROPPED,
  NS_PLAYER_COUNT_RTX,
  NS_PLAYER_N_COUNTS
};

typedef struct {
  guint16  port;
  guint    event;    /* trace index from which it is bound (0: from the start) */
} NsPlayerUdpPort;

typedef struct {
  const char *id;            /* interned */
  const NsTopoNode *topo;    /* or NULL */
  gint        topo_index;    /* or -1 */
  guint       n_links;       /* links attached to it in the topology */
  GArray     *arp;           /* of guint: trace indexes of its NS_TRACE_ARP samples */
  GArray     *counts[NS_PLAYER_N_COUNTS]; /* of guint: trace indexes */
  GArray     *conns;         /* of guint: connection indexes */
  GArray     *udp;           /* of NsPlayerUdpPort: guessed from services and frames */
  GArray     *sockets;       /* of guint: trace indexes of its NS_TRACE_SOCKET samples */
  GArray     *routes;        /* of NsPlayerRoute, computed on first use */
} NsPlayerNodeIndex;

typedef struct {
  NsPlayerConn pub;
  GArray      *states;       /* of guint: trace indexes of its tcp events */
  GArray      *rtx;          /* of guint: trace indexes of its retransmit events */
  GArray      *samples;      /* of NsPlayerConnVars */
} NsPlayerConnIndex;

struct _NsPlayer {
  NsTrace          *trace;
  const NsTopology *topology;
  NsRun            *run;           /* owned, or NULL */

  GArray           *steps;         /* of NsPlayerStep */
  GArray           *flights;       /* of NsPlayerFlight, in tx order */
  GArray           *frame_flights; /* of guint: flights with a frame id, in frame id order */
  GArray           *block_end;     /* of gint64: latest t_end per NS_PLAYER_FLIGHT_BLOCK flights */
  gint64            max_flight;    /* longest flight */
  gint64            end_time;

  GPtrArray        *conns;         /* of NsPlayerConnIndex* */
  GHashTable       *conn_by_key;   /* "node|local|remote" (owned) -> index + 1 */
  GHashTable       *conn_by_pair;  /* "local|remote" (owned) -> index + 1 of the first */
  GPtrArray        *node_list;     /* of NsPlayerNodeIndex*, owned, in order of appearance */
  GHashTable       *nodes;         /* id -> NsPlayerNodeIndex* */
  GHashTable       *link_by_id;    /* id -> index + 1 in topology->links */
  GHashTable       *iface_nodes;   /* "node:iface" -> interned node id */
  GStringChunk     *strings;
  char            **haystacks;     /* lower-case search text per step, built on first search */
  GPtrArray        *auto_routes;   /* ns_routing_compute, on first use */
  gboolean          have_sockets;  /* the stacks recorded NS_TRACE_SOCKET: no guessing */

  gint64            time;
  gint              step;
  guint64           serial;
  NsPlayerChangedFunc changed;
  gpointer          changed_data;
  GDestroyNotify    changed_destroy;
};

/* player.c */
/* @text kept as long as the player (NULL stays NULL). */
const char        *ns_player_intern_text (NsPlayer *self, const char *text);
NsPlayerNodeIndex *ns_player_lookup_node (NsPlayer *self, const char *id);
/* Number of elements of the sorted guint array @arr that are < @limit. */
guint              ns_player_count_below (GArray *arr, guint limit);
/* Trace events with an index below this are visible at the cursor: the
 * cursor's step and the samples recorded right after it. */
guint              ns_player_cursor_cutoff (NsPlayer *self);
/* The first flight (in tx order) that starts after @t. */
guint              ns_player_flights_starting_after (NsPlayer *self, gint64 t);
/* The IPv4 source, destination and identification of a frame (which
 * identify one packet on all the hops it crosses, RFC 791); FALSE if it
 * carries no IPv4 packet. */
gboolean           ns_player_packet_ip_key (const NsPacket *packet, guint32 *src, guint32 *dst,
                                            guint16 *ip_id);
/* An IP packet as a hash-table key: (source, destination, identification)
 * names one packet on every hop it crosses (RFC 791). */
typedef struct {
  guint32 src, dst;
  guint16 id;
} NsPlayerPacketKey;
guint              ns_player_packet_key_hash (gconstpointer key);
gboolean           ns_player_packet_key_equal (gconstpointer a, gconstpointer b);
/* The connection (node, local, remote), or -1. */
gint               ns_player_conn_lookup (NsPlayer *self, const char *node, const char *local,
                                          const char *remote);

G_END_DECLS
