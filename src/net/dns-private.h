/* dns-private.h: what dns.c (the stub resolver) and apps/dns-server.c (the
 * server) share: the TTL cache and the query exchange with retries. */
#pragma once

#include "net/dns.h"

G_BEGIN_DECLS

/* ---- cache of RRsets by TTL (RFC 1035 §7.4, RFC 2181 §5) ---- */

typedef struct _NsDnsCache NsDnsCache;

NsDnsCache *ns_dns_cache_new (void);
void        ns_dns_cache_free (NsDnsCache *cache);
void        ns_dns_cache_clear (NsDnsCache *cache);
/* Stores the A, NS and CNAME records of @section, grouped in RRsets by
 * name and type; an RRset replaces the one cached before. */
void        ns_dns_cache_put_section (NsDnsCache *cache, gint64 now, GPtrArray *section);
/* The live RRset of @name/@type as new copies whose TTL is the time left,
 * or NULL. */
GPtrArray  *ns_dns_cache_get (NsDnsCache *cache, gint64 now, const char *name, guint16 type);

/* ---- one question asked of a list of servers ---- */

typedef struct _NsDnsExchange NsDnsExchange;

/* @response (borrowed) came from @server; NULL when every server timed
 * out. The callback may free or restart the exchange. */
typedef void (*NsDnsExchangeFunc) (NsDnsExchange *ex, guint32 server, NsDnsMessage *response,
                                   gpointer user_data);

/* A socket on @from_port (0: random ephemeral). NULL if it is taken. */
NsDnsExchange *ns_dns_exchange_new (NsStack *stack, guint16 from_port, gint64 timeout_ns,
                                    guint tries, NsDnsExchangeFunc cb, gpointer user_data);
void           ns_dns_exchange_free (NsDnsExchange *ex);
/* Asks @servers in order (copied), starting now, with a fresh ID. */
void           ns_dns_exchange_start (NsDnsExchange *ex, const guint32 *servers, guint n,
                                      const char *qname, guint16 qtype, gboolean rd);
/* Moves on to the next server after an answer that did not help; FALSE
 * (nothing sent) if there is none. */
gboolean       ns_dns_exchange_next_server (NsDnsExchange *ex);
/* "no answer from 10.0.0.53 after 2 tries" (for the servers tried). */
char          *ns_dns_exchange_describe_timeout (NsDnsExchange *ex);

G_END_DECLS
