/* dns.h: DNS on a stack: the stub resolver every host has, the
 * `dns-server` service (authoritative, optionally recursive) and the
 * `dns-lookup` action.
 *
 * The resolver (RFC 1034 §5.3.1, RFC 1123 §6.1.3.1) asks the host's
 * servers in order over UDP, each query from a random source port with a
 * random ID drawn from the run's generator (RFC 5452 §9.2), tries each
 * server NS_DNS_DEFAULT_TRIES times with a NS_DNS_DEFAULT_TIMEOUT timeout,
 * caches what it learns for the records' TTL (RFC 1035 §7.4) and follows
 * CNAMEs (RFC 1034 §3.6.2).
 *
 * The server answers authoritatively for its records: NXDOMAIN for names
 * in its zones that do not exist, a referral (NS in authority, glue A in
 * additional) for names it delegates, REFUSED for names outside its zones.
 * Its zones are inferred from the records, since the topology file has no
 * SOA: an NS record whose owner has no data of this server at or below it
 * (only glue) and no other NS record below it is a delegation, and its
 * parent is a zone; any other NS owner is a zone apex; the parent of any
 * other record's owner is a zone. A server with no NS record at all
 * declares no zone cut: it owns the whole name space (NXDOMAIN for any
 * name it lacks), as the one server of a learner's small network does,
 * unless it is recursive. Recursive
 * servers resolve other names iteratively from the root (RFC 1034 §5.3.3)
 * and cache by TTL. */
#pragma once

#include <glib.h>

#include "net/stack.h"
#include "net/wire/dns-wire.h"

G_BEGIN_DECLS

#define NS_DNS_DEFAULT_TIMEOUT (2 * NS_NSEC_PER_SEC)
#define NS_DNS_DEFAULT_TRIES   2
/* The longest CNAME chain followed (RFC 1034 §3.6.2 asks for a bound). */
#define NS_DNS_MAX_CNAMES      8

typedef enum {
  NS_DNS_OK,
  NS_DNS_ERR_NXDOMAIN,    /* the name does not exist (RCODE 3) */
  NS_DNS_ERR_NODATA,      /* the name exists but has no address */
  NS_DNS_ERR_TIMEOUT,     /* no server answered after the retries */
  NS_DNS_ERR_SERVFAIL,    /* the server failed to resolve it (RCODE 2) */
  NS_DNS_ERR_REFUSED,     /* the server refused to answer (RCODE 5) */
  NS_DNS_ERR_NO_SERVER,   /* the host has no DNS server configured */
  NS_DNS_ERR_BAD_NAME,    /* not a valid name */
  NS_DNS_ERR_LOOP,        /* CNAME chain longer than NS_DNS_MAX_CNAMES */
  NS_DNS_ERR_PORT_IN_USE, /* the source port asked for is taken */
} NsDnsStatus;

typedef struct {
  NsDnsStatus  status;
  const char  *name;        /* as asked */
  const char  *canonical;   /* after CNAMEs (== name when there were none) */
  guint32      addr;        /* NS_DNS_OK: the address, host byte order */
  guint32      ttl;         /* seconds the answer stays valid */
  guint32      server;      /* the server that answered, 0 for the cache */
  gboolean     from_cache;
  gint64       elapsed_ns;  /* from the request to the result */
  const char  *detail;      /* "10.0.1.80", "NXDOMAIN: no such name www.nowhere.test",
                               "timeout: no answer from 10.0.0.53 after 2 tries" */
} NsDnsResult;

/* Called once, always from a simulation event (never inside
 * ns_dns_resolve). @result is borrowed. */
typedef void (*NsDnsResolveFunc) (NsStack *stack, const NsDnsResult *result, gpointer user_data);

/* TRUE if @target is a name to resolve, FALSE for a dotted-quad address
 * (with or without ":port"). */
gboolean     ns_dns_is_name (const char *target);
const char  *ns_dns_status_to_string (NsDnsStatus status);   /* "NXDOMAIN", "timeout", ... */

/* The servers to ask, in order (copied). */
void         ns_dns_set_servers (NsStack *stack, const guint32 *servers, guint n);
/* Timeout per try and tries per server. */
void         ns_dns_set_retry (NsStack *stack, gint64 timeout_ns, guint tries);

/* Resolves @name to an IPv4 address (a dotted quad resolves to itself).
 * Returns a handle for ns_dns_cancel. */
guint        ns_dns_resolve (NsStack *stack, const char *name, NsDnsResolveFunc cb,
                             gpointer user_data);
/* The same from UDP source port @from_port (0: a random ephemeral port). */
guint        ns_dns_resolve_full (NsStack *stack, const char *name, guint16 from_port,
                                  NsDnsResolveFunc cb, gpointer user_data);
/* The callback of @handle will not be called. */
void         ns_dns_cancel (NsStack *stack, guint handle);
/* Forgets every cached answer of the stub resolver. */
void         ns_dns_flush_cache (NsStack *stack);

/* The `dns-lookup` action: resolves @name and reports `address` (string),
 * `time_ms` (double), `ttl` (uint32) and `server` (string), or the error. */
void         ns_dns_lookup_start (NsStack *stack, const char *name, guint16 from_port);
/* The same asking only @server (0: the host's servers), never the cache. */
void         ns_dns_lookup_start_at (NsStack *stack, const char *name, guint16 from_port,
                                     guint32 server);

/* ---- authoritative data, as a pure function ---- */

typedef struct _NsDnsZone NsDnsZone;

typedef enum {
  NS_DNS_ZONE_ANSWER,     /* authoritative: data, NODATA or NXDOMAIN */
  NS_DNS_ZONE_REFERRAL,   /* delegated below: NS in authority, glue */
  NS_DNS_ZONE_NOT_AUTH,   /* outside every zone of this server */
} NsDnsZoneResult;

NsDnsZone   *ns_dns_zone_new (void);
void         ns_dns_zone_free (NsDnsZone *zone);
/* Adds a record as the topology file writes it: @type "A" (value a dotted
 * quad), "CNAME" or "NS" (value a name). */
gboolean     ns_dns_zone_add (NsDnsZone *zone, const char *name, const char *type,
                              const char *value, guint32 ttl, GError **error);
/* Fills @response's answer, authority and additional sections and its AA
 * bit and RCODE for @qname/@qtype (REFUSED when NOT_AUTH). */
NsDnsZoneResult ns_dns_zone_lookup (NsDnsZone *zone, const char *qname, guint16 qtype,
                                    NsDnsMessage *response);
/* The whole response of a non-recursive server to @query (RFC 1035 §4.1.1
 * header rules: ID and RD copied, QR set; FORMERR unless exactly one
 * question, NOTIMP for another opcode). NULL if @query is a response. */
NsDnsMessage *ns_dns_zone_answer (NsDnsZone *zone, const NsDnsMessage *query);

/* ---- the dns-server service ---- */

typedef struct _NsDnsServer NsDnsServer;

/* Serves @zone (transfer full; NULL for none) on UDP @port. With
 * @recursive, queries with RD set for names outside the zones are
 * resolved iteratively from @root. The stack owns the server. NULL with
 * @error if the port is taken. */
NsDnsServer *ns_dns_server_start (NsStack *stack, guint16 port, NsDnsZone *zone,
                                  gboolean recursive, guint32 root, GError **error);

typedef struct {
  guint64 queries, answered, referrals, nxdomain, refused, formerr, malformed;
  guint64 upstream_queries, cache_hits;
} NsDnsServerStats;
const NsDnsServerStats *ns_dns_server_get_stats (NsDnsServer *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NsDnsZone, ns_dns_zone_free)

G_END_DECLS
