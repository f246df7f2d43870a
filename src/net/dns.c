/* dns.c: the TTL cache, query exchanges with retries, the stub resolver
 * and the dns-lookup action. (The server is in apps/dns-server.c.) */
#include "net/dns-private.h"

#include <string.h>

#include "net/udp.h"
#include "net/wire/icmp-wire.h"

/* ---- cache ---- */

typedef struct {
  GPtrArray *records;   /* of NsDnsRecord* */
  gint64     expires;
} CacheEntry;

struct _NsDnsCache {
  GHashTable *sets;     /* "name/type" (canonical) -> CacheEntry*; looked up, never iterated */
};

static void
cache_entry_free (CacheEntry *e)
{
  g_ptr_array_unref (e->records);
  g_free (e);
}

NsDnsCache *
ns_dns_cache_new (void)
{
  NsDnsCache *c = g_new0 (NsDnsCache, 1);

  c->sets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) cache_entry_free);
  return c;
}

void
ns_dns_cache_free (NsDnsCache *cache)
{
  if (cache == NULL)
    return;
  g_hash_table_unref (cache->sets);
  g_free (cache);
}

void
ns_dns_cache_clear (NsDnsCache *cache)
{
  g_hash_table_remove_all (cache->sets);
}

static char *
cache_key (const char *name, guint16 type)
{
  g_autofree char *canon = ns_dns_name_canonical (name);

  return g_strdup_printf ("%s/%u", canon, type);
}

/* RFC 2181 §8: a TTL with the top bit set counts as zero. */
static guint32
sane_ttl (guint32 ttl)
{
  return ttl > G_MAXINT32 ? 0 : ttl;
}

void
ns_dns_cache_put_section (NsDnsCache *cache, gint64 now, GPtrArray *section)
{
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) sets = g_hash_table_new (g_str_hash, g_str_equal);

  /* Group into RRsets in the order they appear (RFC 2181 §5). */
  for (guint i = 0; i < section->len; i++)
    {
      const NsDnsRecord *r = section->pdata[i];
      g_autofree char *key = NULL;
      CacheEntry *e;

      if (r->klass != NS_DNS_CLASS_IN || r->rdata != NULL
          || (r->type != NS_DNS_TYPE_A && r->type != NS_DNS_TYPE_NS
              && r->type != NS_DNS_TYPE_CNAME))
        continue;
      key = cache_key (r->name, r->type);
      e = g_hash_table_lookup (sets, key);
      if (e == NULL)
        {
          e = g_new0 (CacheEntry, 1);
          e->records = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_dns_record_free);
          e->expires = G_MAXINT64;
          g_hash_table_insert (sets, key, e);
          g_ptr_array_add (keys, g_steal_pointer (&key));
        }
      g_ptr_array_add (e->records, ns_dns_record_copy (r));
      /* RFC 2181 §5.2: an RRset has one TTL; use the smallest. */
      e->expires = MIN (e->expires, now + (gint64) sane_ttl (r->ttl) * NS_NSEC_PER_SEC);
    }
  for (guint i = 0; i < keys->len; i++)
    {
      CacheEntry *e = g_hash_table_lookup (sets, keys->pdata[i]);

      if (e->expires <= now)   /* TTL 0: use once, never cache (RFC 1035 §3.2.1) */
        cache_entry_free (e);
      else
        g_hash_table_replace (cache->sets, g_strdup (keys->pdata[i]), e);
    }
}

GPtrArray *
ns_dns_cache_get (NsDnsCache *cache, gint64 now, const char *name, guint16 type)
{
  g_autofree char *key = cache_key (name, type);
  CacheEntry *e = g_hash_table_lookup (cache->sets, key);
  GPtrArray *out;

  if (e == NULL)
    return NULL;
  if (e->expires <= now)
    {
      g_hash_table_remove (cache->sets, key);
      return NULL;
    }
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_dns_record_free);
  for (guint i = 0; i < e->records->len; i++)
    {
      NsDnsRecord *r = ns_dns_record_copy (e->records->pdata[i]);

      r->ttl = (guint32) ((e->expires - now) / NS_NSEC_PER_SEC);
      g_ptr_array_add (out, r);
    }
  return out;
}

/* ---- exchange ---- */

struct _NsDnsExchange {
  NsStack           *stack;
  NsUdpSocket       *sock;
  gint64             timeout;
  guint              tries;
  NsDnsExchangeFunc  cb;
  gpointer           user_data;
  GArray            *servers;     /* of guint32 */
  guint              server_idx;
  guint              try_no;
  guint16            id;
  char              *qname;
  guint16            qtype;
  gboolean           rd;
  NsEventId          timer;
  char              *icmp_note;   /* the last ICMP error, for the timeout text */
};

static guint32
current_server (NsDnsExchange *ex)
{
  return g_array_index (ex->servers, guint32, ex->server_idx);
}

static void exchange_timeout (NsSim *sim, gpointer data);

static void
exchange_send (NsDnsExchange *ex)
{
  NsSim *sim = ns_stack_get_sim (ex->stack);
  g_autoptr (NsDnsMessage) q = ns_dns_message_new ();
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;

  q->id = ex->id;
  q->rd = ex->rd;
  ns_dns_message_add_question (q, ex->qname, ex->qtype, NS_DNS_CLASS_IN);
  bytes = ns_dns_message_emit (q, &error);
  if (bytes != NULL)   /* names were checked before: this does not fail */
    ns_udp_sendto (ex->sock, current_server (ex), NS_DNS_PORT, g_bytes_get_data (bytes, NULL),
                   g_bytes_get_size (bytes), 0);
  ns_sim_clear_event (sim, &ex->timer);
  ex->timer = ns_sim_schedule (sim, ex->timeout, exchange_timeout, ex);
}

/* A fresh ID for each server (RFC 5452 §9.2: unpredictable). */
static void
exchange_send_new_id (NsDnsExchange *ex)
{
  ex->id = (guint16) ns_rng_range (ns_sim_rng (ns_stack_get_sim (ex->stack)), 0, 0xffff);
  ex->try_no = 0;
  exchange_send (ex);
}

static void
exchange_timeout (NsSim *sim, gpointer data)
{
  NsDnsExchange *ex = data;

  ex->timer = 0;
  /* RFC 1035 §4.2.1 / RFC 1536 §1: retransmit, then try the next server. */
  if (++ex->try_no < ex->tries)
    {
      exchange_send (ex);
      return;
    }
  if (ns_dns_exchange_next_server (ex))
    return;
  ex->cb (ex, 0, NULL, ex->user_data);
}

/* RFC 5452 §9.1: accept only an answer from the server asked, to the port
 * asked from, with our ID and our question. */
static gboolean
answer_matches (NsDnsExchange *ex, const NsDnsMessage *m)
{
  const NsDnsQuestion *q;

  if (!m->qr || m->id != ex->id || m->questions->len != 1)
    return FALSE;
  q = m->questions->pdata[0];
  return q->type == ex->qtype && ns_dns_name_equal (q->name, ex->qname);
}

static void
exchange_recv (NsUdpSocket *sock, guint32 src, guint16 src_port, const guint8 *payload,
               gsize len, gpointer user_data)
{
  NsDnsExchange *ex = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (NsDnsMessage) m = NULL;
  char buf[16];

  if (ex->servers == NULL || ex->server_idx >= ex->servers->len || ex->timer == 0
      || src != current_server (ex) || src_port != NS_DNS_PORT)
    return;
  m = ns_dns_message_parse (payload, len, &error);
  if (m == NULL)
    {
      ns_stack_drop (ex->stack, "malformed", "DNS answer from %s is malformed (%s): thrown away",
                     ns_ipv4_to_string (src, buf), error->message);
      return;
    }
  if (!answer_matches (ex, m))
    return;
  ns_sim_clear_event (ns_stack_get_sim (ex->stack), &ex->timer);
  ex->cb (ex, src, m, ex->user_data);   /* may free @ex */
}

static void
exchange_icmp_error (NsUdpSocket *sock, guint32 from, guint8 type, guint8 code,
                     guint32 orig_dst, guint16 orig_dst_port, gpointer user_data)
{
  NsDnsExchange *ex = user_data;
  char buf[16];

  /* Kept for the timeout's text only: the try still runs to its timeout,
   * as a resolver that ignores ICMP would. */
  g_free (ex->icmp_note);
  if (type == NS_ICMP_DEST_UNREACH && code == NS_ICMP_UNREACH_PORT)
    ex->icmp_note = g_strdup_printf ("%s answered port unreachable: no DNS server listens there",
                                     ns_ipv4_to_string (from, buf));
  else
    ex->icmp_note = g_strdup_printf ("ICMP error type %u code %u from %s", type, code,
                                     ns_ipv4_to_string (from, buf));
}

NsDnsExchange *
ns_dns_exchange_new (NsStack *stack, guint16 from_port, gint64 timeout_ns, guint tries,
                     NsDnsExchangeFunc cb, gpointer user_data)
{
  NsDnsExchange *ex = g_new0 (NsDnsExchange, 1);

  ns_udp_attach (stack);
  ex->sock = ns_udp_bind (stack, from_port, exchange_recv, ex);
  if (ex->sock == NULL)
    {
      g_free (ex);
      return NULL;
    }
  ns_udp_socket_set_error_func (ex->sock, exchange_icmp_error);
  ex->stack = stack;
  ex->timeout = timeout_ns;
  ex->tries = MAX (tries, 1);
  ex->cb = cb;
  ex->user_data = user_data;
  return ex;
}

void
ns_dns_exchange_free (NsDnsExchange *ex)
{
  if (ex == NULL)
    return;
  ns_sim_clear_event (ns_stack_get_sim (ex->stack), &ex->timer);
  ns_udp_close (ex->sock);
  g_clear_pointer (&ex->servers, g_array_unref);
  g_free (ex->qname);
  g_free (ex->icmp_note);
  g_free (ex);
}

void
ns_dns_exchange_start (NsDnsExchange *ex, const guint32 *servers, guint n, const char *qname,
                       guint16 qtype, gboolean rd)
{
  g_return_if_fail (n > 0);
  g_clear_pointer (&ex->servers, g_array_unref);
  ex->servers = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n);
  g_array_append_vals (ex->servers, servers, n);
  ex->server_idx = 0;
  g_free (ex->qname);
  ex->qname = g_strdup (qname);
  ex->qtype = qtype;
  ex->rd = rd;
  g_clear_pointer (&ex->icmp_note, g_free);
  exchange_send_new_id (ex);
}

gboolean
ns_dns_exchange_next_server (NsDnsExchange *ex)
{
  ns_sim_clear_event (ns_stack_get_sim (ex->stack), &ex->timer);
  if (ex->servers == NULL || ex->server_idx + 1 >= ex->servers->len)
    {
      if (ex->servers != NULL)
        ex->server_idx = ex->servers->len;
      return FALSE;
    }
  ex->server_idx++;
  exchange_send_new_id (ex);
  return TRUE;
}

char *
ns_dns_exchange_describe_timeout (NsDnsExchange *ex)
{
  GString *s = g_string_new ("no answer from ");
  guint n = ex->servers != NULL ? ex->servers->len : 0;
  char buf[16];

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (s, i + 1 == n ? " or " : ", ");
      g_string_append (s, ns_ipv4_to_string (g_array_index (ex->servers, guint32, i), buf));
    }
  g_string_append_printf (s, " after %u tr%s%s", ex->tries, ex->tries == 1 ? "y" : "ies",
                          n > 1 ? " each" : "");
  if (ex->icmp_note != NULL)
    g_string_append_printf (s, " (%s)", ex->icmp_note);
  return g_string_free (s, FALSE);
}

/* ---- names and addresses ---- */

/* A dotted quad, strictly: four decimal numbers 0..255. */
static gboolean
parse_dotted_quad (const char *text, gsize len, guint32 *addr_out)
{
  guint32 addr = 0;
  guint parts = 0;
  gsize i = 0;

  while (parts < 4)
    {
      guint v = 0, digits = 0;

      while (i < len && g_ascii_isdigit (text[i]) && digits < 4)
        {
          v = v * 10 + (guint) (text[i++] - '0');
          digits++;
        }
      if (digits == 0 || digits > 3 || v > 255)
        return FALSE;
      addr = addr << 8 | v;
      if (++parts < 4 && (i >= len || text[i++] != '.'))
        return FALSE;
    }
  if (i != len)
    return FALSE;
  *addr_out = addr;
  return TRUE;
}

gboolean
ns_dns_is_name (const char *target)
{
  const char *colon;
  guint32 addr;

  if (target == NULL || *target == '\0')
    return FALSE;
  colon = strrchr (target, ':');
  return !parse_dotted_quad (target, colon != NULL ? (gsize) (colon - target) : strlen (target),
                             &addr);
}

const char *
ns_dns_status_to_string (NsDnsStatus status)
{
  switch (status)
    {
    case NS_DNS_OK: return "OK";
    case NS_DNS_ERR_NXDOMAIN: return "NXDOMAIN";
    case NS_DNS_ERR_NODATA: return "no address";
    case NS_DNS_ERR_TIMEOUT: return "timeout";
    case NS_DNS_ERR_SERVFAIL: return "SERVFAIL";
    case NS_DNS_ERR_REFUSED: return "REFUSED";
    case NS_DNS_ERR_NO_SERVER: return "no server";
    case NS_DNS_ERR_BAD_NAME: return "bad name";
    case NS_DNS_ERR_LOOP: return "CNAME loop";
    case NS_DNS_ERR_PORT_IN_USE: return "port in use";
    default: return "error";
    }
}

/* ---- the stub resolver ---- */

typedef struct {
  NsStack     *stack;
  GArray      *servers;     /* of guint32 */
  gint64       timeout;
  guint        tries;
  NsDnsCache  *cache;
  GHashTable  *requests;    /* handle -> Request*; looked up, never iterated */
  guint        next_handle;
} NsDnsResolver;

typedef struct {
  NsDnsResolver    *res;
  guint             handle;
  char             *name;
  char             *cur;         /* the name asked now (after CNAMEs) */
  guint             cnames;
  guint32           ttl;         /* smallest TTL along the chain */
  guint16           from_port;
  NsDnsResolveFunc  cb;
  gpointer          user_data;
  gint64            started;
  NsDnsExchange    *ex;
  NsEventId         begin;
  NsDnsStatus       soft_status; /* SERVFAIL / REFUSED seen from a server */
  guint32           soft_server;
  gboolean          asked;       /* a server was asked (else: all from cache) */
  guint32           server;      /* ask only this server, never the cache (0: as set) */
} Request;

static void
request_free (Request *req)
{
  ns_sim_clear_event (ns_stack_get_sim (req->res->stack), &req->begin);
  ns_dns_exchange_free (req->ex);
  g_free (req->name);
  g_free (req->cur);
  g_free (req);
}

static void
resolver_free (NsDnsResolver *res)
{
  g_hash_table_unref (res->requests);   /* frees the requests still pending */
  g_array_unref (res->servers);
  ns_dns_cache_free (res->cache);
  g_free (res);
}

static NsDnsResolver *
resolver_get (NsStack *stack)
{
  NsDnsResolver *res = ns_stack_get_slot (stack, NS_STACK_SLOT_DNS);

  if (res != NULL)
    return res;
  res = g_new0 (NsDnsResolver, 1);
  res->stack = stack;
  res->servers = g_array_new (FALSE, FALSE, sizeof (guint32));
  res->timeout = NS_DNS_DEFAULT_TIMEOUT;
  res->tries = NS_DNS_DEFAULT_TRIES;
  res->cache = ns_dns_cache_new ();
  res->requests = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) request_free);
  res->next_handle = 1;
  ns_stack_set_slot (stack, NS_STACK_SLOT_DNS, res, (GDestroyNotify) resolver_free);
  return res;
}

void
ns_dns_set_servers (NsStack *stack, const guint32 *servers, guint n)
{
  NsDnsResolver *res = resolver_get (stack);

  g_array_set_size (res->servers, 0);
  g_array_append_vals (res->servers, servers, n);
}

void
ns_dns_set_retry (NsStack *stack, gint64 timeout_ns, guint tries)
{
  NsDnsResolver *res = resolver_get (stack);

  res->timeout = timeout_ns;
  res->tries = MAX (tries, 1);
}

void
ns_dns_flush_cache (NsStack *stack)
{
  ns_dns_cache_clear (resolver_get (stack)->cache);
}

/* Calls back and forgets @req. @detail is taken. */
static void
request_finish (Request *req, NsDnsStatus status, guint32 addr, guint32 server, char *detail)
{
  NsDnsResolver *res = req->res;
  NsStack *stack = res->stack;
  guint handle = req->handle;
  NsDnsResult result = {
    .status = status,
    .name = req->name,
    .canonical = req->cur,
    .addr = addr,
    .ttl = status == NS_DNS_OK ? req->ttl : 0,
    .server = server,
    .from_cache = status == NS_DNS_OK && server == 0,
    .elapsed_ns = ns_sim_now (ns_stack_get_sim (stack)) - req->started,
    .detail = detail,
  };

  /* The request stays alive during the call (result borrows from it); the
   * callback may cancel it, which frees it. */
  req->cb (stack, &result, req->user_data);
  g_hash_table_remove (res->requests, GUINT_TO_POINTER (handle));
  g_free (detail);
}

static void
request_ok (Request *req, guint32 addr, guint32 server)
{
  char buf[16];

  request_finish (req, NS_DNS_OK, addr, server, g_strdup (ns_ipv4_to_string (addr, buf)));
}

/* Follows @cur through the CNAME and A records of @records (an answer
 * section or the cache). Returns TRUE when an address was found. */
static gboolean
follow_chain (Request *req, GPtrArray *records, guint32 *addr_out, gboolean *loop)
{
  gboolean moved = TRUE;

  while (moved)
    {
      moved = FALSE;
      for (guint i = 0; i < records->len; i++)
        {
          const NsDnsRecord *r = records->pdata[i];

          if (r->klass != NS_DNS_CLASS_IN || r->rdata != NULL
              || !ns_dns_name_equal (r->name, req->cur))
            continue;
          if (r->type == NS_DNS_TYPE_A)
            {
              req->ttl = MIN (req->ttl, sane_ttl (r->ttl));
              *addr_out = r->addr;
              return TRUE;
            }
          if (r->type == NS_DNS_TYPE_CNAME && r->target != NULL)
            {
              if (++req->cnames > NS_DNS_MAX_CNAMES)
                {
                  *loop = TRUE;
                  return FALSE;
                }
              req->ttl = MIN (req->ttl, sane_ttl (r->ttl));
              g_free (req->cur);
              req->cur = ns_dns_name_canonical (r->target);
              moved = TRUE;
              break;
            }
        }
    }
  return FALSE;
}

static void
finish_loop (Request *req)
{
  request_finish (req, NS_DNS_ERR_LOOP, 0, 0,
                  g_strdup_printf ("CNAME loop: the chain from %s is longer than %d names",
                                   req->name, NS_DNS_MAX_CNAMES));
}

/* Answers from the cache what it can (CNAMEs and an address). */
static gboolean
request_from_cache (Request *req)
{
  gint64 now = ns_sim_now (ns_stack_get_sim (req->res->stack));

  for (;;)
    {
      g_autoptr (GPtrArray) a = ns_dns_cache_get (req->res->cache, now, req->cur, NS_DNS_TYPE_A);
      g_autoptr (GPtrArray) cname = NULL;
      guint32 addr = 0;
      gboolean loop = FALSE;

      if (a != NULL && follow_chain (req, a, &addr, &loop))
        {
          request_ok (req, addr, 0);
          return TRUE;
        }
      cname = ns_dns_cache_get (req->res->cache, now, req->cur, NS_DNS_TYPE_CNAME);
      if (cname == NULL)
        return FALSE;
      follow_chain (req, cname, &addr, &loop);
      if (loop)
        {
          finish_loop (req);
          return TRUE;
        }
    }
}

static void request_on_answer (NsDnsExchange *ex, guint32 server, NsDnsMessage *resp,
                               gpointer user_data);

/* Asks for req->cur: from the cache, else from the first server. */
static void
request_query (Request *req)
{
  NsDnsResolver *res = req->res;

  /* A lookup sent to a named server (nslookup NAME SERVER) asks it, as
   * nslookup(1) does, whatever the cache holds. */
  if (req->server == 0 && request_from_cache (req))
    return;
  if (req->server == 0 && res->servers->len == 0)
    {
      request_finish (req, NS_DNS_ERR_NO_SERVER, 0, 0,
                      g_strdup_printf ("no DNS server: %s has none configured to ask for %s",
                                       ns_stack_get_node_id (res->stack), req->cur));
      return;
    }
  if (req->ex == NULL)
    req->ex = ns_dns_exchange_new (res->stack, req->from_port, res->timeout, res->tries,
                                   request_on_answer, req);
  if (req->ex == NULL)
    {
      request_finish (req, NS_DNS_ERR_PORT_IN_USE, 0, 0,
                      g_strdup_printf ("UDP port %u is already in use on %s", req->from_port,
                                       ns_stack_get_node_id (res->stack)));
      return;
    }
  req->asked = TRUE;
  /* RFC 1123 §6.1.3.1: a stub resolver asks for recursion. */
  if (req->server != 0)
    ns_dns_exchange_start (req->ex, &req->server, 1, req->cur, NS_DNS_TYPE_A, TRUE);
  else
    ns_dns_exchange_start (req->ex, (const guint32 *) (gpointer) res->servers->data,
                           res->servers->len, req->cur, NS_DNS_TYPE_A, TRUE);
}

static void
request_on_timeout (Request *req)
{
  char buf[16];
  g_autofree char *what = ns_dns_exchange_describe_timeout (req->ex);

  if (req->soft_status == NS_DNS_ERR_SERVFAIL)
    request_finish (req, NS_DNS_ERR_SERVFAIL, 0, req->soft_server,
                    g_strdup_printf ("SERVFAIL: %s could not resolve %s, and %s",
                                     ns_ipv4_to_string (req->soft_server, buf), req->cur, what));
  else if (req->soft_status == NS_DNS_ERR_REFUSED)
    request_finish (req, NS_DNS_ERR_REFUSED, 0, req->soft_server,
                    g_strdup_printf ("REFUSED: %s refused to answer for %s, and %s",
                                     ns_ipv4_to_string (req->soft_server, buf), req->cur, what));
  else
    request_finish (req, NS_DNS_ERR_TIMEOUT, 0, 0, g_strdup_printf ("timeout: %s", what));
}

/* SERVFAIL, REFUSED, NOTIMP, FORMERR: RFC 1035 §7.3 says try another
 * server; the error is reported if none is left. */
static void
request_on_failure (Request *req, guint32 server, guint8 rcode)
{
  char buf[16];

  if (req->soft_status == NS_DNS_OK)
    {
      req->soft_status = rcode == NS_DNS_RCODE_REFUSED ? NS_DNS_ERR_REFUSED : NS_DNS_ERR_SERVFAIL;
      req->soft_server = server;
    }
  if (ns_dns_exchange_next_server (req->ex))
    return;
  if (rcode == NS_DNS_RCODE_REFUSED)
    request_finish (req, NS_DNS_ERR_REFUSED, 0, server,
                    g_strdup_printf ("REFUSED: %s refused to answer for %s",
                                     ns_ipv4_to_string (server, buf), req->cur));
  else
    request_finish (req, NS_DNS_ERR_SERVFAIL, 0, server,
                    g_strdup_printf ("%s: %s could not resolve %s",
                                     rcode == NS_DNS_RCODE_SERVFAIL ? "SERVFAIL"
                                     : ns_dns_rcode_to_string (rcode),
                                     ns_ipv4_to_string (server, buf), req->cur));
}

static void
request_on_answer (NsDnsExchange *ex, guint32 server, NsDnsMessage *resp, gpointer user_data)
{
  Request *req = user_data;
  g_autofree char *asked = g_strdup (req->cur);
  guint32 addr = 0;
  gboolean loop = FALSE;

  if (resp == NULL)
    {
      request_on_timeout (req);
      return;
    }
  if (resp->rcode == NS_DNS_RCODE_NXDOMAIN)
    {
      request_finish (req, NS_DNS_ERR_NXDOMAIN, 0, server,
                      g_strcmp0 (req->cur, req->name) == 0
                        ? g_strdup_printf ("NXDOMAIN: no such name %s", req->name)
                        : g_strdup_printf ("NXDOMAIN: no such name %s (an alias of %s)",
                                           req->cur, req->name));
      return;
    }
  if (resp->rcode != NS_DNS_RCODE_NOERROR)
    {
      request_on_failure (req, server, resp->rcode);
      return;
    }
  ns_dns_cache_put_section (req->res->cache, ns_sim_now (ns_stack_get_sim (req->res->stack)),
                            resp->answers);
  if (follow_chain (req, resp->answers, &addr, &loop))
    request_ok (req, addr, server);
  else if (loop)
    finish_loop (req);
  else if (!ns_dns_name_equal (asked, req->cur))
    request_query (req);   /* RFC 1034 §5.3.3: ask again for the alias' target */
  else
    request_finish (req, NS_DNS_ERR_NODATA, 0, server,
                    g_strdup_printf ("no address: %s exists but has no A record", req->cur));
}

static void
request_begin (NsSim *sim, gpointer data)
{
  Request *req = data;
  guint32 addr;

  req->begin = 0;
  if (parse_dotted_quad (req->name, strlen (req->name), &addr))
    {
      request_ok (req, addr, 0);
      return;
    }
  if (!ns_dns_name_is_valid (req->name) || req->name[0] == '\0')
    {
      request_finish (req, NS_DNS_ERR_BAD_NAME, 0, 0,
                      g_strdup_printf ("bad name: “%s” is not a valid DNS name", req->name));
      return;
    }
  request_query (req);
}

guint
ns_dns_resolve_full (NsStack *stack, const char *name, guint16 from_port, NsDnsResolveFunc cb,
                     gpointer user_data)
{
  NsDnsResolver *res = resolver_get (stack);
  Request *req = g_new0 (Request, 1);
  NsSim *sim = ns_stack_get_sim (stack);

  req->res = res;
  req->handle = res->next_handle++;
  req->name = g_strdup (name);
  req->cur = ns_dns_name_canonical (name);
  req->ttl = G_MAXUINT32;
  req->from_port = from_port;
  req->cb = cb;
  req->user_data = user_data;
  req->started = ns_sim_now (sim);
  g_hash_table_insert (res->requests, GUINT_TO_POINTER (req->handle), req);
  /* Never call back from inside this function. */
  req->begin = ns_sim_schedule (sim, 0, request_begin, req);
  return req->handle;
}

static guint
resolve_at (NsStack *stack, const char *name, guint16 from_port, guint32 server,
            NsDnsResolveFunc cb, gpointer user_data)
{
  guint handle = ns_dns_resolve_full (stack, name, from_port, cb, user_data);
  Request *req = g_hash_table_lookup (resolver_get (stack)->requests, GUINT_TO_POINTER (handle));

  if (req != NULL)
    req->server = server;
  return handle;
}

guint
ns_dns_resolve (NsStack *stack, const char *name, NsDnsResolveFunc cb, gpointer user_data)
{
  return ns_dns_resolve_full (stack, name, 0, cb, user_data);
}

void
ns_dns_cancel (NsStack *stack, guint handle)
{
  NsDnsResolver *res = ns_stack_get_slot (stack, NS_STACK_SLOT_DNS);

  if (res != NULL && handle != 0)
    g_hash_table_remove (res->requests, GUINT_TO_POINTER (handle));
}

/* ---- the dns-lookup action ---- */

typedef struct {
  NsStack *stack;
  guint    handle;
  guint    tag;      /* ns_stack_set_app_tag at the start */
} Lookup;

static void
lookup_free (gpointer data)
{
  Lookup *lk = data;

  if (lk->handle != 0)
    ns_dns_cancel (lk->stack, lk->handle);
  g_free (lk);
}

static void
lookup_report (NsStack *stack, const NsDnsResult *r, gpointer user_data)
{
  Lookup *lk = user_data;
  char addr[16], server[16];
  double ms = (double) r->elapsed_ns / (double) NS_NSEC_PER_MSEC;
  g_autofree char *alias = NULL;
  g_autofree char *source = NULL;

  lk->handle = 0;
  if (r->status != NS_DNS_OK)
    {
      ns_stack_report_app (stack, "dns-lookup", FALSE,
                           g_variant_new_parsed ("{'name': <%s>, 'error': <%s>, 'time_ms': <%d>}",
                                                 r->name, ns_dns_status_to_string (r->status),
                                                 ms),
                           "%s", r->detail);
      return;
    }
  ns_ipv4_to_string (r->addr, addr);
  if (!ns_dns_name_equal (r->canonical, r->name))
    alias = g_strdup_printf (" (an alias of %s)", r->canonical);
  source = r->from_cache
             ? g_strdup ("from the cache")
             : g_strdup_printf ("answer from %s", ns_ipv4_to_string (r->server, server));
  ns_stack_report_app (stack, "dns-lookup", TRUE,
                       g_variant_new_parsed ("{'name': <%s>, 'address': <%s>, 'time_ms': <%d>, "
                                             "'ttl': <%u>, 'server': <%s>}",
                                             r->name, addr, ms, r->ttl,
                                             r->from_cache ? "cache" : server),
                       "%s is %s%s (%s, %.3f ms, TTL %u s)", r->name, addr,
                       alias != NULL ? alias : "", source, ms, r->ttl);
}

static void
lookup_done (NsStack *stack, const NsDnsResult *r, gpointer user_data)
{
  Lookup *lk = user_data;
  guint old_tag = ns_stack_set_app_tag (stack, lk->tag);

  lookup_report (stack, r, user_data);
  ns_stack_set_app_tag (stack, old_tag);
}

void
ns_dns_lookup_start (NsStack *stack, const char *name, guint16 from_port)
{
  ns_dns_lookup_start_at (stack, name, from_port, 0);
}

void
ns_dns_lookup_start_at (NsStack *stack, const char *name, guint16 from_port, guint32 server)
{
  Lookup *lk = g_new0 (Lookup, 1);

  lk->stack = stack;
  lk->tag = ns_stack_get_app_tag (stack);
  ns_stack_adopt (stack, lk, lookup_free);
  lk->handle = resolve_at (stack, name, from_port, server, lookup_done, lk);
}
