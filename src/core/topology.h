/* topology.h: the document: nodes, links and the scenario, as in the
 * topology file of docs/file-format.md. The model holds parsed values; unknown
 * fields of each object are kept in `extra` so that a load/save round trip
 * loses nothing the app does not understand. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  NS_NODE_HOST,
  NS_NODE_ROUTER,
  NS_NODE_SWITCH,
  NS_NODE_HUB,       /* a layer-1 repeater: every frame to every other port */
} NsNodeKind;

/* A switch or a hub: a node of the link layer, with no IP. */
#define ns_node_kind_is_layer2(kind) ((kind) == NS_NODE_SWITCH || (kind) == NS_NODE_HUB)

typedef struct {
  char       *name;
  gboolean    has_addr;
  guint32     addr;        /* host byte order */
  guint       prefix_len;
  JsonObject *extra;       /* unknown fields, or NULL */
} NsTopoIface;

typedef struct {
  guint32  dest;           /* network, host byte order */
  guint    prefix_len;
  guint32  via;
  JsonObject *extra;
} NsTopoRoute;

typedef struct {
  char    *name;           /* e.g. www.example.com */
  char    *type;           /* A, CNAME, NS */
  char    *value;
  guint32  ttl;            /* default 300 */
  JsonObject *extra;       /* unknown fields, or NULL (added by core) */
} NsTopoRecord;

typedef struct {
  char *type; /* http-server, dns-server, tcp-echo, udp-echo, tcp-discard, udp-discard */
  guint16     port;
  guint64     body_bytes;  /* http-server; default 1000 */
  GPtrArray  *records;     /* of NsTopoRecord*, dns-server */
  gboolean    recursive;   /* dns-server */
  char       *root;        /* dns-server, address of the root server, or NULL */
  JsonObject *extra;
} NsTopoService;

typedef struct {
  char       *id;
  NsNodeKind  kind;
  char       *label;       /* or NULL */
  double      x, y;
  GPtrArray  *ifaces;      /* of NsTopoIface* */
  gboolean    has_gateway;
  guint32     gateway;
  GArray     *dns;         /* of guint32 */
  GPtrArray  *routes;      /* of NsTopoRoute* */
  GPtrArray  *services;    /* of NsTopoService* */
  JsonObject *extra;
} NsTopoNode;

typedef struct {
  char       *id;
  char       *a_node, *a_iface;
  char       *b_node, *b_iface;
  double      delay_ms;        /* default 1 */
  double      bandwidth_mbps;  /* default 100 */
  double      loss;            /* default 0 */
  GArray     *drop_nth;        /* of guint, 1-based */
  guint       queue_packets;   /* default 64 */
  guint       mtu;             /* default 1500 */
  double      jitter_ms;       /* default 0 */
  JsonObject *extra;
} NsTopoLink;

typedef struct {
  double      at;              /* seconds */
  char       *node;
  char       *action;          /* ping, dns-lookup, http-get, udp-send, tcp-send, traceroute */
  char       *target;          /* address, name, or addr:port / name:port; NULL if not given */
  char       *name;            /* dns-lookup */
  char       *url;             /* http-get */
  guint       count;           /* ping default 4, udp-send default 1 */
  double      interval_ms;     /* default 1000 for ping, 0 for udp-send */
  guint       ttl;             /* ping; 0 = default 64 */
  guint64     bytes;           /* udp-send, tcp-send */
  gint        from_port;       /* -1 = ephemeral */
  JsonObject *extra;
} NsTopoAction;

/* The lab of docs/file-format.md (core/activity.h). */
typedef struct _NsActivity NsActivity;

typedef struct {
  char       *title;
  char       *description;
  guint64     seed;            /* default 1 */
  gboolean    routing_auto;    /* default TRUE */
  GPtrArray  *nodes;           /* of NsTopoNode* */
  GPtrArray  *links;           /* of NsTopoLink* */
  GPtrArray  *scenario;        /* of NsTopoAction* */
  JsonObject *extra;
  NsActivity *activity;        /* or NULL */
} NsTopology;

NsTopology    *ns_topology_new (void);
void           ns_topology_free (NsTopology *self);
NsTopology    *ns_topology_copy (const NsTopology *self);

NsTopoNode    *ns_topo_node_new (const char *id, NsNodeKind kind);
void           ns_topo_node_free (NsTopoNode *node);
NsTopoNode    *ns_topo_node_copy (const NsTopoNode *node);
NsTopoIface   *ns_topo_iface_new (const char *name);
void           ns_topo_iface_free (NsTopoIface *iface);
NsTopoLink    *ns_topo_link_new (const char *id);   /* with the defaults above */
void           ns_topo_link_free (NsTopoLink *link);
NsTopoLink    *ns_topo_link_copy (const NsTopoLink *link);
NsTopoAction  *ns_topo_action_new (const char *node, const char *action);
void           ns_topo_action_free (NsTopoAction *action);
NsTopoAction  *ns_topo_action_copy (const NsTopoAction *action);
NsTopoService *ns_topo_service_new (const char *type, guint16 port);
void           ns_topo_service_free (NsTopoService *service);
void           ns_topo_record_free (NsTopoRecord *record);
void           ns_topo_route_free (NsTopoRoute *route);
/* Added by core: */
NsTopoIface   *ns_topo_iface_copy (const NsTopoIface *iface);
NsTopoService *ns_topo_service_copy (const NsTopoService *service);
NsTopoRecord  *ns_topo_record_new (const char *name, const char *type, const char *value);
NsTopoRecord  *ns_topo_record_copy (const NsTopoRecord *record);
NsTopoRoute   *ns_topo_route_new (guint32 dest, guint prefix_len, guint32 via);
NsTopoRoute   *ns_topo_route_copy (const NsTopoRoute *route);
gint           ns_topology_link_index (const NsTopology *self, const char *id);

NsTopoNode    *ns_topology_find_node (const NsTopology *self, const char *id);
gint           ns_topology_node_index (const NsTopology *self, const char *id);
NsTopoLink    *ns_topology_find_link (const NsTopology *self, const char *id);
NsTopoIface   *ns_topo_node_find_iface (const NsTopoNode *node, const char *name);
/* The index of interface @name in @node->ifaces, or -1. */
gint           ns_topo_node_iface_index (const NsTopoNode *node, const char *name);
/* The link attached to node:iface, or NULL. */
NsTopoLink    *ns_topology_link_at (const NsTopology *self, const char *node, const char *iface);

const char    *ns_node_kind_to_string (NsNodeKind kind);
gboolean       ns_node_kind_from_string (const char *text, NsNodeKind *kind_out);

/* "a.b.c.d/len" both ways. */
gboolean       ns_parse_cidr (const char *text, guint32 *addr_out, guint *prefix_out);
char          *ns_format_cidr (guint32 addr, guint prefix_len);
gboolean       ns_parse_ipv4 (const char *text, guint32 *addr_out);
char          *ns_format_ipv4 (guint32 addr);
guint32        ns_prefix_mask (guint prefix_len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NsTopology, ns_topology_free)

G_END_DECLS
