/* dns-server.c: authoritative zone data (a pure function from a query to
 * a response) and the dns-server service, recursive on demand. */
#include "net/dns-private.h"

#include <string.h>

#include "net/udp.h"

/* Upstream queries one recursive resolution may make before it gives up
 * (RFC 1035 §7.1 asks for a bound on the work per request). */
#define MAX_RECURSION_STEPS 20

/* ---- zone data ---- */

struct _NsDnsZone {
  GPtrArray *records;      /* of NsDnsRecord*, names canonical */
  gboolean   dirty;
  gboolean   recursive;    /* served by a recursive server: never owns the root alone */
  GPtrArray *apexes;       /* of char*: the zones this server owns */
  GPtrArray *delegations;  /* of char*: names delegated to other servers */
};

NsDnsZone *
ns_dns_zone_new (void)
{
  NsDnsZone *z = g_new0 (NsDnsZone, 1);

  z->records = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_dns_record_free);
  z->apexes = g_ptr_array_new_with_free_func (g_free);
  z->delegations = g_ptr_array_new_with_free_func (g_free);
  return z;
}

void
ns_dns_zone_free (NsDnsZone *zone)
{
  if (zone == NULL)
    return;
  g_ptr_array_unref (zone->records);
  g_ptr_array_unref (zone->apexes);
  g_ptr_array_unref (zone->delegations);
  g_free (zone);
}

gboolean
ns_dns_zone_add (NsDnsZone *zone, const char *name, const char *type, const char *value,
                 guint32 ttl, GError **error)
{
  g_autofree char *owner = NULL;
  guint16 t = 0;
  guint32 addr;

  if (name == NULL || !ns_dns_name_is_valid (name))
    {
      g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED,
                   "“%s” is not a valid DNS name", name != NULL ? name : "");
      return FALSE;
    }
  owner = ns_dns_name_canonical (name);
  if (type == NULL || !ns_dns_type_from_string (type, &t)
      || (t != NS_DNS_TYPE_A && t != NS_DNS_TYPE_NS && t != NS_DNS_TYPE_CNAME))
    {
      g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_UNSUPPORTED,
                   "record type “%s” is not one of A, CNAME, NS", type != NULL ? type : "");
      return FALSE;
    }
  if (t == NS_DNS_TYPE_A)
    {
      if (value == NULL || ns_dns_is_name (value) || strchr (value, ':') != NULL
          || !ns_ipv4_from_string (value, &addr))
        {
          g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED,
                       "A record of %s: “%s” is not an IPv4 address", name,
                       value != NULL ? value : "");
          return FALSE;
        }
      g_ptr_array_add (zone->records, ns_dns_record_new_a (owner, ttl, addr));
    }
  else
    {
      g_autofree char *target = NULL;

      if (value == NULL || !ns_dns_name_is_valid (value) || *value == '\0')
        {
          g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED,
                       "%s record of %s: “%s” is not a valid DNS name", type, name,
                       value != NULL ? value : "");
          return FALSE;
        }
      target = ns_dns_name_canonical (value);
      g_ptr_array_add (zone->records, ns_dns_record_new_name (owner, t, ttl, target));
    }
  zone->dirty = TRUE;
  return TRUE;
}

static gboolean
str_in (GPtrArray *names, const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (ns_dns_name_equal (names->pdata[i], name))
      return TRUE;
  return FALSE;
}

static void
add_unique (GPtrArray *names, const char *name)
{
  if (!str_in (names, name))
    g_ptr_array_add (names, g_strdup (name));
}

static gboolean
under_any (GPtrArray *names, const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (ns_dns_name_is_subdomain (name, names->pdata[i]))
      return TRUE;
  return FALSE;
}

/* Data: a record that is neither NS nor the glue A of an NS target. */
static gboolean
is_data (const NsDnsRecord *r, GPtrArray *ns_targets)
{
  return r->type != NS_DNS_TYPE_NS && !(r->type == NS_DNS_TYPE_A && str_in (ns_targets, r->name));
}

/* Infers the zone cuts (see dns.h): an NS owner with data of ours or
 * other NS owners below it is an apex of ours, one with only glue is a
 * delegation. */
static void
zone_compute (NsDnsZone *zone)
{
  g_autoptr (GPtrArray) targets = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) owners = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) apex_ns = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *recs = zone->records;

  g_ptr_array_set_size (zone->apexes, 0);
  g_ptr_array_set_size (zone->delegations, 0);
  for (guint i = 0; i < recs->len; i++)
    {
      const NsDnsRecord *r = recs->pdata[i];
      if (r->type == NS_DNS_TYPE_NS)
        {
          add_unique (targets, r->target);
          add_unique (owners, r->name);
        }
    }
  /* No NS record: no zone cut is declared, so the server is the whole
   * name space it is asked about (a learner's one-server network). */
  if (owners->len == 0 && recs->len > 0 && !zone->recursive)
    {
      add_unique (zone->apexes, "");
      zone->dirty = FALSE;
      return;
    }
  for (guint i = 0; i < owners->len; i++)
    {
      gboolean has_data = FALSE;

      for (guint j = 0; j < recs->len && !has_data; j++)
        has_data = is_data (recs->pdata[j], targets)
                   && ns_dns_name_is_subdomain (((NsDnsRecord *) recs->pdata[j])->name,
                                                owners->pdata[i]);
      /* NS records below this one: this server holds the zone that
       * delegates them (a TLD server listing its own NS). */
      for (guint j = 0; j < owners->len && !has_data; j++)
        has_data = j != i && ns_dns_name_is_subdomain (owners->pdata[j], owners->pdata[i]);
      add_unique (has_data ? apex_ns : zone->delegations, owners->pdata[i]);
    }
  for (guint i = 0; i < apex_ns->len; i++)
    add_unique (zone->apexes, apex_ns->pdata[i]);
  for (guint i = 0; i < zone->delegations->len; i++)
    if (!under_any (apex_ns, zone->delegations->pdata[i]))
      add_unique (zone->apexes, ns_dns_name_parent (zone->delegations->pdata[i]));
  for (guint i = 0; i < recs->len; i++)
    {
      const NsDnsRecord *r = recs->pdata[i];
      if (is_data (r, targets) && !under_any (apex_ns, r->name))
        add_unique (zone->apexes, ns_dns_name_parent (r->name));
    }
  zone->dirty = FALSE;
}

/* The shortest apex of ours holding @name, or NULL. */
static const char *
zone_find_apex (NsDnsZone *zone, const char *name)
{
  const char *best = NULL;

  if (zone->dirty)
    zone_compute (zone);
  for (guint i = 0; i < zone->apexes->len; i++)
    {
      const char *a = zone->apexes->pdata[i];
      if (ns_dns_name_is_subdomain (name, a) && (best == NULL || strlen (a) < strlen (best)))
        best = a;
    }
  return best;
}

/* The highest delegation strictly below @apex holding @name, or NULL. */
static const char *
zone_find_cut (NsDnsZone *zone, const char *apex, const char *name)
{
  const char *best = NULL;

  for (guint i = 0; i < zone->delegations->len; i++)
    {
      const char *d = zone->delegations->pdata[i];
      if (!ns_dns_name_equal (d, apex) && ns_dns_name_is_subdomain (d, apex)
          && ns_dns_name_is_subdomain (name, d) && (best == NULL || strlen (d) < strlen (best)))
        best = d;
    }
  return best;
}

/* Copies the records of @name (of @type, or any type for ANY) into @to;
 * returns how many. */
static guint
copy_rrset (NsDnsZone *zone, const char *name, guint16 type, GPtrArray *to)
{
  guint n = 0;

  for (guint i = 0; i < zone->records->len; i++)
    {
      const NsDnsRecord *r = zone->records->pdata[i];
      if (ns_dns_name_equal (r->name, name) && (type == NS_DNS_TYPE_ANY || r->type == type))
        {
          g_ptr_array_add (to, ns_dns_record_copy (r));
          n++;
        }
    }
  return n;
}

/* RFC 1034 §4.3.2 step 3.b / §3.6.1: the glue addresses of the name
 * servers in @ns_records go to additional. */
static void
add_glue (NsDnsZone *zone, GPtrArray *ns_records, GPtrArray *additional)
{
  for (guint i = 0; i < ns_records->len; i++)
    {
      const NsDnsRecord *ns = ns_records->pdata[i];
      if (ns->type == NS_DNS_TYPE_NS)
        copy_rrset (zone, ns->target, NS_DNS_TYPE_A, additional);
    }
}

static gboolean
name_exists (NsDnsZone *zone, const char *name)
{
  /* A name with no records but names below it (an empty non-terminal)
   * exists too: NODATA, not NXDOMAIN (RFC 8020). */
  for (guint i = 0; i < zone->records->len; i++)
    if (ns_dns_name_is_subdomain (((NsDnsRecord *) zone->records->pdata[i])->name, name))
      return TRUE;
  return FALSE;
}

static NsDnsZoneResult
zone_referral (NsDnsZone *zone, const char *cut, NsDnsMessage *response)
{
  copy_rrset (zone, cut, NS_DNS_TYPE_NS, response->authority);
  add_glue (zone, response->authority, response->additional);
  response->aa = FALSE;
  response->rcode = NS_DNS_RCODE_NOERROR;
  return NS_DNS_ZONE_REFERRAL;
}

NsDnsZoneResult
ns_dns_zone_lookup (NsDnsZone *zone, const char *qname, guint16 qtype, NsDnsMessage *response)
{
  g_autofree char *name = ns_dns_name_canonical (qname);
  const char *apex = zone_find_apex (zone, name);

  if (apex == NULL)
    {
      response->rcode = NS_DNS_RCODE_REFUSED;
      return NS_DNS_ZONE_NOT_AUTH;
    }
  response->aa = TRUE;
  response->rcode = NS_DNS_RCODE_NOERROR;
  /* RFC 1034 §4.3.2, step 3, following CNAMEs within our data. */
  for (guint hops = 0; hops <= NS_DNS_MAX_CNAMES; hops++)
    {
      const char *cut = zone_find_cut (zone, apex, name);
      g_autoptr (GPtrArray) cname =
        g_ptr_array_new_with_free_func ((GDestroyNotify)ns_dns_record_free);
      NsDnsRecord *c;

      if (cut != NULL)
        return response->answers->len == 0 ? zone_referral (zone, cut, response)
                                           : NS_DNS_ZONE_ANSWER;
      if (copy_rrset (zone, name, qtype, response->answers) > 0)
        {
          if (qtype == NS_DNS_TYPE_NS)
            add_glue (zone, response->answers, response->additional);
          return NS_DNS_ZONE_ANSWER;
        }
      if (qtype == NS_DNS_TYPE_CNAME || copy_rrset (zone, name, NS_DNS_TYPE_CNAME, cname) == 0)
        break;
      c = g_ptr_array_steal_index (cname, 0);
      g_free (name);
      name = g_strdup (c->target);
      g_ptr_array_add (response->answers, c);
      if ((apex = zone_find_apex (zone, name)) == NULL)
        return NS_DNS_ZONE_ANSWER;   /* the resolver follows it elsewhere */
    }
  /* RFC 6604: the RCODE speaks of the last name of the chain. */
  if (!name_exists (zone, name))
    response->rcode = NS_DNS_RCODE_NXDOMAIN;
  return NS_DNS_ZONE_ANSWER;
}

static NsDnsMessage *
response_for (const NsDnsMessage *query)
{
  NsDnsMessage *resp = ns_dns_message_new ();

  /* RFC 1035 §4.1.1: ID and RD are copied into the response. */
  resp->id = query->id;
  resp->qr = TRUE;
  resp->opcode = query->opcode;
  resp->rd = query->rd;
  return resp;
}

NsDnsMessage *
ns_dns_zone_answer (NsDnsZone *zone, const NsDnsMessage *query)
{
  NsDnsMessage *resp;
  const NsDnsQuestion *q;

  if (query->qr)
    return NULL;
  resp = response_for (query);
  if (query->opcode != 0)
    {
      resp->rcode = NS_DNS_RCODE_NOTIMP;
      return resp;
    }
  /* RFC 9619: a query carries exactly one question. */
  if (query->questions->len != 1)
    {
      resp->rcode = NS_DNS_RCODE_FORMERR;
      return resp;
    }
  q = query->questions->pdata[0];
  ns_dns_message_add_question (resp, q->name, q->type, q->klass);
  if (q->klass != NS_DNS_CLASS_IN && q->klass != NS_DNS_CLASS_ANY)
    resp->rcode = NS_DNS_RCODE_REFUSED;
  else if (zone == NULL)
    resp->rcode = NS_DNS_RCODE_REFUSED;
  else
    ns_dns_zone_lookup (zone, q->name, q->type, resp);
  return resp;
}

/* ---- the service ---- */

struct _NsDnsServer {
  NsStack          *stack;
  NsUdpSocket      *sock;
  NsDnsZone        *zone;
  gboolean          recursive;
  guint32           root;
  NsDnsCache       *cache;
  GPtrArray        *recursions;   /* of Recursion*, in the order they began */
  NsDnsServerStats  stats;
};

typedef struct {
  NsDnsServer   *server;
  guint32        client;
  guint16        client_port;
  guint16        id;
  gboolean       rd;
  char          *qname;     /* as the client wrote it */
  guint16        qtype;
  char          *cur;       /* the name asked now (after CNAMEs) */
  char          *cut;       /* the zone whose servers are asked now */
  GPtrArray     *chain;     /* answer records gathered */
  guint          steps, cnames;
  NsDnsExchange *ex;
} Recursion;

static void
recursion_free (Recursion *rec)
{
  ns_dns_exchange_free (rec->ex);
  g_free (rec->qname);
  g_free (rec->cur);
  g_free (rec->cut);
  g_ptr_array_unref (rec->chain);
  g_free (rec);
}

static void
server_free (NsDnsServer *server)
{
  g_ptr_array_unref (server->recursions);
  ns_udp_close (server->sock);
  ns_dns_zone_free (server->zone);
  ns_dns_cache_free (server->cache);
  g_free (server);
}

/* RFC 1035 §4.2.1: over UDP at most 512 bytes; past that, drop additional
 * then everything but the question, and set TC. */
static void
server_send (NsDnsServer *server, guint32 dst, guint16 port, NsDnsMessage *resp)
{
  g_autoptr (GBytes) bytes = NULL;

  for (guint attempt = 0; attempt < 3; attempt++)
    {
      g_clear_pointer (&bytes, g_bytes_unref);
      bytes = ns_dns_message_emit (resp, NULL);
      if (bytes == NULL || g_bytes_get_size (bytes) <= NS_DNS_UDP_MAX)
        break;
      resp->tc = TRUE;
      g_ptr_array_set_size (resp->additional, 0);
      if (attempt == 1)
        {
          g_ptr_array_set_size (resp->answers, 0);
          g_ptr_array_set_size (resp->authority, 0);
        }
    }
  if (bytes == NULL)
    return;
  ns_udp_sendto (server->sock, dst, port, g_bytes_get_data (bytes, NULL),
                 g_bytes_get_size (bytes), 0);
  server->stats.answered++;
  if (resp->rcode == NS_DNS_RCODE_NXDOMAIN)
    server->stats.nxdomain++;
  else if (resp->rcode == NS_DNS_RCODE_REFUSED)
    server->stats.refused++;
  else if (resp->rcode == NS_DNS_RCODE_FORMERR)
    server->stats.formerr++;
}

static void
recursion_respond (Recursion *rec, guint8 rcode)
{
  NsDnsServer *server = rec->server;
  g_autoptr (NsDnsMessage) resp = ns_dns_message_new ();

  resp->id = rec->id;
  resp->qr = TRUE;
  resp->rd = rec->rd;
  resp->ra = TRUE;
  resp->rcode = rcode;
  ns_dns_message_add_question (resp, rec->qname, rec->qtype, NS_DNS_CLASS_IN);
  for (guint i = 0; i < rec->chain->len; i++)
    g_ptr_array_add (resp->answers, ns_dns_record_copy (rec->chain->pdata[i]));
  server_send (server, rec->client, rec->client_port, resp);
  g_ptr_array_remove (server->recursions, rec);   /* frees @rec */
}

/* Appends the records of @rrset to the chain. Returns TRUE if they end it
 * (records of the type asked); a CNAME moves rec->cur on. */
static gboolean
recursion_take (Recursion *rec, GPtrArray *rrset, gboolean *loop)
{
  gboolean done = FALSE;

  for (guint i = 0; i < rrset->len; i++)
    {
      NsDnsRecord *r = rrset->pdata[i];

      if (!ns_dns_name_equal (r->name, rec->cur))
        continue;
      if (r->type == rec->qtype || rec->qtype == NS_DNS_TYPE_ANY)
        {
          g_ptr_array_add (rec->chain, ns_dns_record_copy (r));
          done = TRUE;
        }
    }
  if (done)
    return TRUE;
  for (guint i = 0; i < rrset->len; i++)
    {
      NsDnsRecord *r = rrset->pdata[i];

      if (r->type == NS_DNS_TYPE_CNAME && ns_dns_name_equal (r->name, rec->cur))
        {
          g_ptr_array_add (rec->chain, ns_dns_record_copy (r));
          g_free (rec->cur);
          rec->cur = ns_dns_name_canonical (r->target);
          *loop = ++rec->cnames > NS_DNS_MAX_CNAMES;
          return *loop ? FALSE : recursion_take (rec, rrset, loop);
        }
    }
  return FALSE;
}

/* Answers from the cache what it can. TRUE if the recursion is over. */
static gboolean
recursion_from_cache (Recursion *rec)
{
  gint64 now = ns_sim_now (ns_stack_get_sim (rec->server->stack));

  for (;;)
    {
      g_autoptr (GPtrArray) set = ns_dns_cache_get (rec->server->cache, now, rec->cur, rec->qtype);
      gboolean loop = FALSE;

      if (set != NULL && recursion_take (rec, set, &loop))
        {
          rec->server->stats.cache_hits++;
          recursion_respond (rec, NS_DNS_RCODE_NOERROR);
          return TRUE;
        }
      g_clear_pointer (&set, g_ptr_array_unref);
      set = ns_dns_cache_get (rec->server->cache, now, rec->cur, NS_DNS_TYPE_CNAME);
      if (set == NULL)
        return FALSE;
      recursion_take (rec, set, &loop);
      if (loop)
        {
          recursion_respond (rec, NS_DNS_RCODE_SERVFAIL);
          return TRUE;
        }
    }
}

/* The addresses of the cached name servers of @zone_name. */
static GArray *
cached_servers (NsDnsServer *server, gint64 now, const char *zone_name)
{
  g_autoptr (GPtrArray) ns = ns_dns_cache_get (server->cache, now, zone_name, NS_DNS_TYPE_NS);
  GArray *addrs = g_array_new (FALSE, FALSE, sizeof (guint32));

  for (guint i = 0; ns != NULL && i < ns->len; i++)
    {
      const NsDnsRecord *r = ns->pdata[i];
      g_autoptr (GPtrArray) a = ns_dns_cache_get (server->cache, now, r->target, NS_DNS_TYPE_A);

      for (guint j = 0; a != NULL && j < a->len; j++)
        g_array_append_val (addrs, ((NsDnsRecord *) a->pdata[j])->addr);
    }
  return addrs;
}

static void recursion_on_answer (NsDnsExchange *ex, guint32 from, NsDnsMessage *resp,
                                 gpointer user_data);

/* RFC 1034 §5.3.3 step 2: start from the closest zone whose servers we
 * know, the root if none. */
static void
recursion_next (Recursion *rec)
{
  NsDnsServer *server = rec->server;
  gint64 now = ns_sim_now (ns_stack_get_sim (server->stack));
  g_autoptr (GArray) addrs = NULL;
  const char *name = rec->cur;

  if (recursion_from_cache (rec))
    return;
  if (++rec->steps > MAX_RECURSION_STEPS)
    {
      recursion_respond (rec, NS_DNS_RCODE_SERVFAIL);
      return;
    }
  for (;;)
    {
      g_clear_pointer (&addrs, g_array_unref);
      addrs = cached_servers (server, now, name);
      if (addrs->len > 0 || *name == '\0')
        break;
      name = ns_dns_name_parent (name);
    }
  if (addrs->len == 0)
    g_array_append_val (addrs, server->root);
  g_free (rec->cut);
  rec->cut = g_strdup (name);
  server->stats.upstream_queries++;
  ns_dns_exchange_start (rec->ex, (const guint32 *) (gpointer) addrs->data, addrs->len,
                         rec->cur, rec->qtype, FALSE);
}

/* A referral must bring us strictly closer to the name, inside the zone
 * we asked about (the bailiwick rule of RFC 2181 §5.4.1), with glue. */
static gboolean
recursion_follow_referral (Recursion *rec, NsDnsMessage *resp)
{
  NsDnsServer *server = rec->server;
  gint64 now = ns_sim_now (ns_stack_get_sim (server->stack));
  const NsDnsRecord *ns = NULL;
  g_autoptr (GPtrArray) glue = g_ptr_array_new ();
  g_autoptr (GArray) addrs = NULL;

  for (guint i = 0; i < resp->authority->len && ns == NULL; i++)
    if (((NsDnsRecord *) resp->authority->pdata[i])->type == NS_DNS_TYPE_NS)
      ns = resp->authority->pdata[i];
  if (ns == NULL || ns_dns_name_equal (ns->name, rec->cut)
      || !ns_dns_name_is_subdomain (ns->name, rec->cut)
      || !ns_dns_name_is_subdomain (rec->cur, ns->name))
    return FALSE;
  for (guint i = 0; i < resp->additional->len; i++)
    {
      NsDnsRecord *a = resp->additional->pdata[i];
      for (guint j = 0; j < resp->authority->len; j++)
        {
          NsDnsRecord *n = resp->authority->pdata[j];
          if (a->type == NS_DNS_TYPE_A && n->type == NS_DNS_TYPE_NS && n->target != NULL
              && ns_dns_name_equal (n->name, ns->name) && ns_dns_name_equal (a->name, n->target))
            {
              g_ptr_array_add (glue, a);
              break;
            }
        }
    }
  ns_dns_cache_put_section (server->cache, now, resp->authority);
  ns_dns_cache_put_section (server->cache, now, glue);
  addrs = cached_servers (server, now, ns->name);
  return addrs->len > 0;
}

static void
recursion_on_answer (NsDnsExchange *ex, guint32 from, NsDnsMessage *resp, gpointer user_data)
{
  Recursion *rec = user_data;
  g_autofree char *asked = g_strdup (rec->cur);
  gboolean loop = FALSE;

  if (resp == NULL)   /* every server of the zone timed out */
    {
      recursion_respond (rec, NS_DNS_RCODE_SERVFAIL);
      return;
    }
  if (resp->rcode == NS_DNS_RCODE_NXDOMAIN)
    {
      recursion_respond (rec, NS_DNS_RCODE_NXDOMAIN);
      return;
    }
  if (resp->rcode != NS_DNS_RCODE_NOERROR)
    {
      if (!ns_dns_exchange_next_server (ex))
        recursion_respond (rec, NS_DNS_RCODE_SERVFAIL);
      return;
    }
  ns_dns_cache_put_section (rec->server->cache, ns_sim_now (ns_stack_get_sim (rec->server->stack)),
                            resp->answers);
  if (recursion_take (rec, resp->answers, &loop))
    recursion_respond (rec, NS_DNS_RCODE_NOERROR);
  else if (loop)
    recursion_respond (rec, NS_DNS_RCODE_SERVFAIL);
  else if (!ns_dns_name_equal (asked, rec->cur))
    recursion_next (rec);   /* an alias: resolve its target */
  else if (resp->answers->len == 0 && resp->authority->len > 0 && !resp->aa)
    {
      if (recursion_follow_referral (rec, resp))
        recursion_next (rec);
      else if (!ns_dns_exchange_next_server (ex))
        recursion_respond (rec, NS_DNS_RCODE_SERVFAIL);   /* lame or glueless */
    }
  else
    recursion_respond (rec, NS_DNS_RCODE_NOERROR);   /* NODATA */
}

static gboolean
recursion_pending (NsDnsServer *server, guint32 client, guint16 port, guint16 id)
{
  for (guint i = 0; i < server->recursions->len; i++)
    {
      const Recursion *r = server->recursions->pdata[i];
      if (r->client == client && r->client_port == port && r->id == id)
        return TRUE;
    }
  return FALSE;
}

static void
recursion_start (NsDnsServer *server, guint32 client, guint16 port, const NsDnsMessage *query)
{
  const NsDnsQuestion *q = query->questions->pdata[0];
  Recursion *rec;

  /* A retransmitted query joins the resolution already under way. */
  if (recursion_pending (server, client, port, query->id))
    return;
  rec = g_new0 (Recursion, 1);
  rec->server = server;
  rec->client = client;
  rec->client_port = port;
  rec->id = query->id;
  rec->rd = query->rd;
  rec->qname = g_strdup (q->name);
  rec->qtype = q->type;
  rec->cur = ns_dns_name_canonical (q->name);
  rec->chain = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_dns_record_free);
  g_ptr_array_add (server->recursions, rec);
  rec->ex = ns_dns_exchange_new (server->stack, 0, NS_DNS_DEFAULT_TIMEOUT, NS_DNS_DEFAULT_TRIES,
                                 recursion_on_answer, rec);
  if (rec->ex == NULL)
    {
      recursion_respond (rec, NS_DNS_RCODE_SERVFAIL);
      return;
    }
  recursion_next (rec);
}

/* A message too broken to parse: FORMERR if its header is a query's
 * (RFC 1035 §4.1.1), else nothing. */
static void
server_on_malformed (NsDnsServer *server, guint32 src, guint16 src_port, const guint8 *payload,
                     gsize len, const GError *error)
{
  g_autoptr (NsDnsMessage) hdr = ns_dns_message_new ();
  char buf[16];

  server->stats.malformed++;
  ns_stack_drop (server->stack, "malformed", "DNS query from %s is malformed (%s)",
                 ns_ipv4_to_string (src, buf), error->message);
  if (!ns_dns_header_parse (payload, len, hdr, NULL) || hdr->qr)
    return;
  hdr->qr = TRUE;
  hdr->aa = hdr->tc = hdr->ra = FALSE;
  hdr->z = 0;
  hdr->rcode = NS_DNS_RCODE_FORMERR;
  server_send (server, src, src_port, hdr);
}

static void
server_recv (NsUdpSocket *sock, guint32 src, guint16 src_port, const guint8 *payload, gsize len,
             gpointer user_data)
{
  NsDnsServer *server = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (NsDnsMessage) query = ns_dns_message_parse (payload, len, &error);
  g_autoptr (NsDnsMessage) resp = NULL;

  if (query == NULL)
    {
      server_on_malformed (server, src, src_port, payload, len, error);
      return;
    }
  resp = ns_dns_zone_answer (server->zone, query);
  if (resp == NULL)   /* a response: not ours to answer */
    return;
  server->stats.queries++;
  resp->ra = server->recursive;
  /* RFC 1034 §4.3.2: recursion when asked for and offered; authoritative
   * answers are given as they are. */
  if (server->recursive && query->rd && resp->rcode != NS_DNS_RCODE_FORMERR
      && resp->rcode != NS_DNS_RCODE_NOTIMP && !resp->aa
      && ((NsDnsQuestion *) query->questions->pdata[0])->klass == NS_DNS_CLASS_IN)
    {
      recursion_start (server, src, src_port, query);
      return;
    }
  if (resp->authority->len > 0 && resp->answers->len == 0 && !resp->aa)
    server->stats.referrals++;
  server_send (server, src, src_port, resp);
}

NsDnsServer *
ns_dns_server_start (NsStack *stack, guint16 port, NsDnsZone *zone, gboolean recursive,
                     guint32 root, GError **error)
{
  NsDnsServer *server = g_new0 (NsDnsServer, 1);

  ns_udp_attach (stack);
  server->sock = ns_udp_bind (stack, port, server_recv, server);
  if (server->sock == NULL)
    {
      g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_UNSUPPORTED,
                   "UDP port %u is already in use on %s", port, ns_stack_get_node_id (stack));
      ns_dns_zone_free (zone);
      g_free (server);
      return NULL;
    }
  server->stack = stack;
  server->zone = zone != NULL ? zone : ns_dns_zone_new ();
  /* A resolver with a few local names still resolves the rest. */
  server->zone->recursive = recursive;
  server->zone->dirty = TRUE;
  server->recursive = recursive && root != 0;
  server->root = root;
  server->cache = ns_dns_cache_new ();
  server->recursions = g_ptr_array_new_with_free_func ((GDestroyNotify) recursion_free);
  ns_stack_adopt (stack, server, (GDestroyNotify) server_free);
  return server;
}

const NsDnsServerStats *
ns_dns_server_get_stats (NsDnsServer *server)
{
  return &server->stats;
}
