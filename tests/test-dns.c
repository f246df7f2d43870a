/* test-dns.c: zone answers as a pure function, then the stub resolver and
 * the dns-server (authoritative and recursive) on a small switched LAN. */
#include <string.h>

#include "net/dns.h"
#include "net/stack.h"
#include "net/switch.h"
#include "net/udp.h"
#include "sim/trace.h"

#define IP(a, b, c, d) ((guint32) (a) << 24 | (guint32) (b) << 16 | (guint32) (c) << 8 | (d))

/* ---- zones ---- */

static NsDnsZone *
zone_of (const char *const *rows)
{
  NsDnsZone *zone = ns_dns_zone_new ();

  for (guint i = 0; rows[i] != NULL; i += 3)
    {
      g_autoptr (GError) error = NULL;
      g_assert_true (ns_dns_zone_add (zone, rows[i], rows[i + 1], rows[i + 2], 300, &error));
      g_assert_no_error (error);
    }
  return zone;
}

static const char *const example_rows[] = {
  "www.example.com", "A", "10.0.1.80",
  "mail.example.com", "CNAME", "www.example.com",
  "example.com", "NS", "ns.example.com",
  "ns.example.com", "A", "10.0.0.53",
  "deep.sub.example.com", "A", "10.0.1.81",
  NULL,
};

static NsDnsMessage *
ask (NsDnsZone *zone, const char *name, guint16 type)
{
  g_autoptr (NsDnsMessage) q = ns_dns_message_new ();
  NsDnsMessage *resp;

  q->id = 0x4242;
  q->rd = TRUE;
  ns_dns_message_add_question (q, name, type, NS_DNS_CLASS_IN);
  resp = ns_dns_zone_answer (zone, q);
  g_assert_nonnull (resp);
  g_assert_true (resp->qr);
  g_assert_cmpuint (resp->id, ==, 0x4242);
  g_assert_true (resp->rd);
  return resp;
}

static const NsDnsRecord *
rec (GPtrArray *section, guint i)
{
  g_assert_cmpuint (i, <, section->len);
  return section->pdata[i];
}

static void
test_zone_authoritative (void)
{
  g_autoptr (NsDnsZone) zone = zone_of (example_rows);
  g_autoptr (NsDnsMessage) a = ask (zone, "WWW.example.com", NS_DNS_TYPE_A);
  g_autoptr (NsDnsMessage) cname = ask (zone, "mail.example.com", NS_DNS_TYPE_A);
  g_autoptr (NsDnsMessage) nx = ask (zone, "nowhere.example.com", NS_DNS_TYPE_A);
  g_autoptr (NsDnsMessage) nodata = ask (zone, "example.com", NS_DNS_TYPE_A);
  g_autoptr (NsDnsMessage) ent = ask (zone, "sub.example.com", NS_DNS_TYPE_A);
  g_autoptr (NsDnsMessage) ns = ask (zone, "example.com", NS_DNS_TYPE_NS);
  g_autoptr (NsDnsMessage) refused = ask (zone, "www.example.org", NS_DNS_TYPE_A);

  g_assert_true (a->aa);
  g_assert_cmpuint (a->rcode, ==, NS_DNS_RCODE_NOERROR);
  g_assert_cmpuint (a->answers->len, ==, 1);
  g_assert_cmphex (rec (a->answers, 0)->addr, ==, IP (10, 0, 1, 80));
  g_assert_cmpuint (rec (a->answers, 0)->ttl, ==, 300);
  g_assert_cmpstr (((NsDnsQuestion *) a->questions->pdata[0])->name, ==, "WWW.example.com");

  /* RFC 1034 §4.3.2 3.a: the CNAME, then the target's address. */
  g_assert_cmpuint (cname->answers->len, ==, 2);
  g_assert_cmpuint (rec (cname->answers, 0)->type, ==, NS_DNS_TYPE_CNAME);
  g_assert_cmpstr (rec (cname->answers, 0)->target, ==, "www.example.com");
  g_assert_cmphex (rec (cname->answers, 1)->addr, ==, IP (10, 0, 1, 80));

  g_assert_true (nx->aa);
  g_assert_cmpuint (nx->rcode, ==, NS_DNS_RCODE_NXDOMAIN);
  g_assert_cmpuint (nx->answers->len, ==, 0);

  g_assert_cmpuint (nodata->rcode, ==, NS_DNS_RCODE_NOERROR);
  g_assert_true (nodata->aa);
  g_assert_cmpuint (nodata->answers->len, ==, 0);
  /* An empty non-terminal exists (RFC 8020): NODATA, not NXDOMAIN. */
  g_assert_cmpuint (ent->rcode, ==, NS_DNS_RCODE_NOERROR);

  g_assert_cmpuint (ns->answers->len, ==, 1);
  g_assert_cmpstr (rec (ns->answers, 0)->target, ==, "ns.example.com");
  g_assert_cmpuint (ns->additional->len, ==, 1);
  g_assert_cmphex (rec (ns->additional, 0)->addr, ==, IP (10, 0, 0, 53));

  g_assert_false (refused->aa);
  g_assert_cmpuint (refused->rcode, ==, NS_DNS_RCODE_REFUSED);
}

static void
test_zone_referrals (void)
{
  static const char *const root_rows[] = {
    "com", "NS", "a.gtld.net",
    "a.gtld.net", "A", "10.0.0.2",
    NULL,
  };
  static const char *const com_rows[] = {
    "example.com", "NS", "ns.example.com",
    "ns.example.com", "A", "10.0.0.3",
    NULL,
  };
  g_autoptr (NsDnsZone) root = zone_of (root_rows);
  g_autoptr (NsDnsZone) com = zone_of (com_rows);
  g_autoptr (NsDnsMessage) r1 = ask (root, "www.example.com", NS_DNS_TYPE_A);
  g_autoptr (NsDnsMessage) r2 = ask (root, "nosuchtld", NS_DNS_TYPE_A);
  g_autoptr (NsDnsMessage) c1 = ask (com, "www.example.com", NS_DNS_TYPE_A);
  g_autoptr (NsDnsMessage) c2 = ask (com, "ns.example.com", NS_DNS_TYPE_A);
  g_autoptr (NsDnsMessage) c3 = ask (com, "example.org", NS_DNS_TYPE_A);
  g_autoptr (NsDnsMessage) c4 = ask (com, "other.com", NS_DNS_TYPE_A);

  /* The root owns "" and delegates com, with the glue of its server. */
  g_assert_false (r1->aa);
  g_assert_cmpuint (r1->rcode, ==, NS_DNS_RCODE_NOERROR);
  g_assert_cmpuint (r1->answers->len, ==, 0);
  g_assert_cmpuint (r1->authority->len, ==, 1);
  g_assert_cmpstr (rec (r1->authority, 0)->name, ==, "com");
  g_assert_cmpstr (rec (r1->authority, 0)->target, ==, "a.gtld.net");
  g_assert_cmpuint (r1->additional->len, ==, 1);
  g_assert_cmphex (rec (r1->additional, 0)->addr, ==, IP (10, 0, 0, 2));
  g_assert_cmpuint (r2->rcode, ==, NS_DNS_RCODE_NXDOMAIN);

  /* The com server owns com: example.com is delegated, glue included; the
   * glue name itself is answered with a referral too (it is not com's). */
  g_assert_cmpuint (c1->authority->len, ==, 1);
  g_assert_cmpstr (rec (c1->authority, 0)->name, ==, "example.com");
  g_assert_cmphex (rec (c1->additional, 0)->addr, ==, IP (10, 0, 0, 3));
  g_assert_false (c2->aa);
  g_assert_cmpuint (c2->authority->len, ==, 1);
  g_assert_cmpuint (c3->rcode, ==, NS_DNS_RCODE_REFUSED);
  g_assert_cmpuint (c4->rcode, ==, NS_DNS_RCODE_NXDOMAIN);
  g_assert_true (c4->aa);
}

/* A TLD server that lists its own NS and glue beside the delegation: it
 * owns com (its NS owner has another NS below it), not the root. */
static void
test_zone_own_ns (void)
{
  static const char *const rows[] = {
    "com", "NS", "ns.com",
    "ns.com", "A", "10.0.0.2",
    "example.com", "NS", "ns.example.com",
    "ns.example.com", "A", "10.0.0.3",
    NULL,
  };
  g_autoptr (NsDnsZone) zone = zone_of (rows);
  g_autoptr (NsDnsMessage) www = ask (zone, "www.example.com", NS_DNS_TYPE_A);
  g_autoptr (NsDnsMessage) ns = ask (zone, "com", NS_DNS_TYPE_NS);
  g_autoptr (NsDnsMessage) other = ask (zone, "example.org", NS_DNS_TYPE_A);
  g_autoptr (NsDnsMessage) nx = ask (zone, "nothere.com", NS_DNS_TYPE_A);

  g_assert_false (www->aa);
  g_assert_cmpstr (rec (www->authority, 0)->name, ==, "example.com");
  g_assert_cmphex (rec (www->additional, 0)->addr, ==, IP (10, 0, 0, 3));
  g_assert_true (ns->aa);
  g_assert_cmpstr (rec (ns->answers, 0)->target, ==, "ns.com");
  g_assert_cmphex (rec (ns->additional, 0)->addr, ==, IP (10, 0, 0, 2));
  g_assert_cmpuint (other->rcode, ==, NS_DNS_RCODE_REFUSED);
  g_assert_cmpuint (nx->rcode, ==, NS_DNS_RCODE_NXDOMAIN);
}

/* No NS record at all: the server owns every name. */
static void
test_zone_flat (void)
{
  static const char *const rows[] = {
    "www.example.com", "A", "10.0.1.80",
    NULL,
  };
  g_autoptr (NsDnsZone) zone = zone_of (rows);
  g_autoptr (NsDnsZone) empty = ns_dns_zone_new ();
  g_autoptr (NsDnsMessage) other = ask (zone, "www.nowhere.test", NS_DNS_TYPE_A);
  g_autoptr (NsDnsMessage) com = ask (zone, "com", NS_DNS_TYPE_A);
  g_autoptr (NsDnsMessage) none = ask (empty, "www.example.com", NS_DNS_TYPE_A);

  g_assert_true (other->aa);
  g_assert_cmpuint (other->rcode, ==, NS_DNS_RCODE_NXDOMAIN);
  g_assert_cmpuint (com->rcode, ==, NS_DNS_RCODE_NOERROR);   /* an empty non-terminal */
  g_assert_cmpuint (none->rcode, ==, NS_DNS_RCODE_REFUSED);
}

static void
test_zone_header_rules (void)
{
  g_autoptr (NsDnsZone) zone = zone_of (example_rows);
  g_autoptr (NsDnsMessage) q = ns_dns_message_new ();
  g_autoptr (NsDnsMessage) r1 = NULL;
  g_autoptr (NsDnsMessage) r2 = NULL;
  g_autoptr (NsDnsMessage) r3 = NULL;
  g_autoptr (NsDnsMessage) loop = NULL;
  g_autoptr (NsDnsZone) loopy = NULL;
  static const char *const loop_rows[] = {
    "a.loop.test", "CNAME", "b.loop.test",
    "b.loop.test", "CNAME", "a.loop.test",
    NULL,
  };
  g_autoptr (GError) error = NULL;

  /* Two questions: FORMERR. */
  ns_dns_message_add_question (q, "www.example.com", NS_DNS_TYPE_A, NS_DNS_CLASS_IN);
  ns_dns_message_add_question (q, "mail.example.com", NS_DNS_TYPE_A, NS_DNS_CLASS_IN);
  r1 = ns_dns_zone_answer (zone, q);
  g_assert_cmpuint (r1->rcode, ==, NS_DNS_RCODE_FORMERR);
  /* An inverse query (opcode 1): NOTIMP. */
  g_ptr_array_set_size (q->questions, 1);
  q->opcode = 1;
  r2 = ns_dns_zone_answer (zone, q);
  g_assert_cmpuint (r2->rcode, ==, NS_DNS_RCODE_NOTIMP);
  g_assert_cmpuint (r2->opcode, ==, 1);
  /* A response is not answered. */
  q->opcode = 0;
  q->qr = TRUE;
  g_assert_null (ns_dns_zone_answer (zone, q));
  /* Another class: REFUSED. */
  q->qr = FALSE;
  ((NsDnsQuestion *) q->questions->pdata[0])->klass = 3;
  r3 = ns_dns_zone_answer (zone, q);
  g_assert_cmpuint (r3->rcode, ==, NS_DNS_RCODE_REFUSED);
  /* A CNAME loop ends. */
  loopy = zone_of (loop_rows);
  loop = ask (loopy, "a.loop.test", NS_DNS_TYPE_A);
  g_assert_cmpuint (loop->answers->len, ==, NS_DNS_MAX_CNAMES + 1);
  /* Bad records are refused. */
  g_assert_false (ns_dns_zone_add (loopy, "x.test", "MX", "y", 1, &error));
  g_clear_error (&error);
  g_assert_false (ns_dns_zone_add (loopy, "x.test", "A", "10.0.0.256", 1, &error));
  g_clear_error (&error);
  g_assert_false (ns_dns_zone_add (loopy, "x..test", "A", "10.0.0.1", 1, &error));
  g_clear_error (&error);
  g_assert_false (ns_dns_zone_add (loopy, "x.test", "CNAME", "a..b", 1, &error));
}

static void
test_is_name (void)
{
  g_assert_false (ns_dns_is_name ("10.0.1.80"));
  g_assert_false (ns_dns_is_name ("10.0.1.80:80"));
  g_assert_true (ns_dns_is_name ("www.example.com"));
  g_assert_true (ns_dns_is_name ("www.example.com:8080"));
  g_assert_true (ns_dns_is_name ("10.0.1"));
  g_assert_true (ns_dns_is_name ("10.0.1.256"));
  g_assert_true (ns_dns_is_name ("1.2.3.4.example"));
  g_assert_true (ns_dns_is_name ("localhost"));
  g_assert_false (ns_dns_is_name (""));
  g_assert_false (ns_dns_is_name (NULL));
}

/* ---- on a network: hosts on one switch, 10.0.0.0/24 ---- */

typedef struct {
  NsSim     *sim;
  NsTrace   *trace;
  GPtrArray *stacks;
  GPtrArray *links;
  NsSwitch  *sw;
} Net;

static void
net_init (Net *net, guint64 seed)
{
  net->sim = ns_sim_new (seed);
  net->trace = ns_trace_new ();
  ns_sim_set_trace (net->sim, net->trace);
  net->stacks = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_stack_free);
  net->links = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_link_free);
  net->sw = ns_switch_new (net->sim, "sw");
}

static void
net_clear (Net *net)
{
  g_ptr_array_unref (net->stacks);
  ns_switch_free (net->sw);
  g_ptr_array_unref (net->links);
  ns_sim_free (net->sim);
  ns_trace_free (net->trace);
  ns_packet_pool_trim ();
}

static NsStack *
net_host (Net *net, const char *id, guint32 addr)
{
  NsStack *stack = ns_stack_new (net->sim, id, FALSE);
  guint8 mac[6] = { 0x02, 0, 0, 0, 0, (guint8) (net->stacks->len + 1) };
  NsLinkParams params;
  NsLink *link;
  guint e;

  g_ptr_array_add (net->stacks, stack);
  e = ns_stack_add_iface (stack, "eth0", mac, addr, 24, 1500);
  ns_stack_add_connected_routes (stack);
  ns_link_params_init_default (&params);
  params.delay_ns = NS_NSEC_PER_MSEC;
  link = ns_link_new (net->sim, id, &params);
  g_ptr_array_add (net->links, link);
  ns_stack_attach_link (stack, e, link, 0);
  ns_switch_attach_link (net->sw, ns_switch_add_port (net->sw, id), link, 1);
  return stack;
}

static void
net_dns_server (NsStack *stack, const char *const *rows, gboolean recursive, guint32 root)
{
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (ns_dns_server_start (stack, 53, rows != NULL ? zone_of (rows) : NULL,
                                         recursive, root, &error));
  g_assert_no_error (error);
}

typedef struct {
  gboolean    done;
  NsDnsStatus status;
  guint32     addr;
  gboolean    from_cache;
  gint64      elapsed;
  char       *detail;
  char       *canonical;
} Got;

static void
got_result (NsStack *stack, const NsDnsResult *r, gpointer user_data)
{
  Got *got = user_data;

  g_assert_false (got->done);
  got->done = TRUE;
  got->status = r->status;
  got->addr = r->addr;
  got->from_cache = r->from_cache;
  got->elapsed = r->elapsed_ns;
  got->detail = g_strdup (r->detail);
  got->canonical = g_strdup (r->canonical);
}

static void
got_clear (Got *got)
{
  g_free (got->detail);
  g_free (got->canonical);
  memset (got, 0, sizeof *got);
}

static void
resolve_and_run (Net *net, NsStack *stack, const char *name, gint64 for_ns, Got *got)
{
  got_clear (got);
  ns_dns_resolve (stack, name, got_result, got);
  g_assert_false (got->done);   /* never called back from inside */
  ns_sim_run_until (net->sim, ns_sim_now (net->sim) + for_ns);
  g_assert_true (got->done);
}

/* The UDP ports of DNS frames put on the link of @node, from the trace. */
static guint
count_dns_frames (Net *net, const char *from_iface, guint16 *first_src_port)
{
  guint n = 0;

  for (guint i = 0; i < ns_trace_len (net->trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (net->trace, i);
      const guint8 *f;
      gsize ihl;
      g_autoptr (NsDnsMessage) m = NULL;

      if (ev->kind != NS_TRACE_TX || g_strcmp0 (ev->iface, from_iface) != 0 || ev->packet == NULL)
        continue;
      f = ev->packet->data;
      if (ev->packet->len < 14 + 20 + 8 || f[12] != 0x08 || f[13] != 0x00 || f[14 + 9] != 17)
        continue;
      ihl = (gsize) (f[14] & 0xf) * 4;
      if (ns_wire_get_u16 (f + 14 + ihl + 2) != 53 && ns_wire_get_u16 (f + 14 + ihl) != 53)
        continue;
      /* Every DNS payload on the wire parses. */
      m = ns_dns_message_parse (f + 14 + ihl + 8, ns_wire_get_u16 (f + 14 + ihl + 4) - 8, NULL);
      g_assert_nonnull (m);
      if (n++ == 0 && first_src_port != NULL)
        *first_src_port = ns_wire_get_u16 (f + 14 + ihl);
    }
  return n;
}

static void
test_stub_authoritative (void)
{
  Net net;
  NsStack *pc, *ns;
  guint32 server = IP (10, 0, 0, 53);
  Got got = { 0 };
  guint16 port = 0;

  net_init (&net, 7);
  pc = net_host (&net, "pc", IP (10, 0, 0, 10));
  ns = net_host (&net, "ns", server);
  net_dns_server (ns, example_rows, FALSE, 0);
  ns_dns_set_servers (pc, &server, 1);

  resolve_and_run (&net, pc, "www.example.com", NS_NSEC_PER_SEC, &got);
  g_assert_cmpint (got.status, ==, NS_DNS_OK);
  g_assert_cmphex (got.addr, ==, IP (10, 0, 1, 80));
  g_assert_false (got.from_cache);
  g_assert_cmpstr (got.detail, ==, "10.0.1.80");
  g_assert_cmpuint (count_dns_frames (&net, "pc:eth0", &port), ==, 1);
  g_assert_cmpuint (count_dns_frames (&net, "ns:eth0", NULL), ==, 1);
  /* RFC 6335 §6: a source port from the ephemeral range. */
  g_assert_cmpuint (port, >=, 49152);

  /* Within the TTL the cache answers, with no frame sent. */
  resolve_and_run (&net, pc, "WWW.example.com.", NS_NSEC_PER_SEC, &got);
  g_assert_cmpint (got.status, ==, NS_DNS_OK);
  g_assert_true (got.from_cache);
  g_assert_cmpint (got.elapsed, ==, 0);
  g_assert_cmpuint (count_dns_frames (&net, "pc:eth0", NULL), ==, 1);

  /* An alias: the CNAME is followed and cached with it. */
  resolve_and_run (&net, pc, "mail.example.com", NS_NSEC_PER_SEC, &got);
  g_assert_cmpint (got.status, ==, NS_DNS_OK);
  g_assert_cmpstr (got.canonical, ==, "www.example.com");
  g_assert_cmpuint (count_dns_frames (&net, "pc:eth0", NULL), ==, 2);

  /* After the TTL (300 s from the last answer) it asks again. */
  ns_sim_run_until (net.sim, 310 * NS_NSEC_PER_SEC);
  resolve_and_run (&net, pc, "www.example.com", NS_NSEC_PER_SEC, &got);
  g_assert_false (got.from_cache);
  g_assert_cmpuint (count_dns_frames (&net, "pc:eth0", NULL), ==, 3);

  resolve_and_run (&net, pc, "www.nowhere.example.com", NS_NSEC_PER_SEC, &got);
  g_assert_cmpint (got.status, ==, NS_DNS_ERR_NXDOMAIN);
  g_assert_cmpstr (got.detail, ==, "NXDOMAIN: no such name www.nowhere.example.com");

  resolve_and_run (&net, pc, "www.example.org", NS_NSEC_PER_SEC, &got);
  g_assert_cmpint (got.status, ==, NS_DNS_ERR_REFUSED);
  g_assert_cmpstr (got.detail, ==, "REFUSED: 10.0.0.53 refused to answer for www.example.org");

  resolve_and_run (&net, pc, "example.com", NS_NSEC_PER_SEC, &got);
  g_assert_cmpint (got.status, ==, NS_DNS_ERR_NODATA);

  resolve_and_run (&net, pc, "10.1.2.3", NS_NSEC_PER_SEC, &got);
  g_assert_cmpint (got.status, ==, NS_DNS_OK);
  g_assert_cmphex (got.addr, ==, IP (10, 1, 2, 3));

  resolve_and_run (&net, pc, "bad..name", NS_NSEC_PER_SEC, &got);
  g_assert_cmpint (got.status, ==, NS_DNS_ERR_BAD_NAME);

  got_clear (&got);
  net_clear (&net);
}

static void
test_stub_timeout_and_fallback (void)
{
  Net net;
  NsStack *pc, *ns;
  guint32 dead = IP (10, 0, 0, 99), alive = IP (10, 0, 0, 53);
  guint32 both[2] = { dead, alive };
  Got got = { 0 };

  net_init (&net, 3);
  pc = net_host (&net, "pc", IP (10, 0, 0, 10));
  ns = net_host (&net, "ns", alive);
  net_dns_server (ns, example_rows, FALSE, 0);

  ns_dns_set_servers (pc, &dead, 1);
  resolve_and_run (&net, pc, "www.example.com", 10 * NS_NSEC_PER_SEC, &got);
  g_assert_cmpint (got.status, ==, NS_DNS_ERR_TIMEOUT);
  g_assert_cmpstr (got.detail, ==, "timeout: no answer from 10.0.0.99 after 2 tries");
  /* Two tries of 2 s each. */
  g_assert_cmpint (got.elapsed, ==, 2 * NS_DNS_DEFAULT_TIMEOUT);

  /* The first server is dead: after its two tries, the second answers. */
  ns_dns_set_servers (pc, both, 2);
  resolve_and_run (&net, pc, "www.example.com", 10 * NS_NSEC_PER_SEC, &got);
  g_assert_cmpint (got.status, ==, NS_DNS_OK);
  g_assert_cmpint (got.elapsed, >, 2 * NS_DNS_DEFAULT_TIMEOUT);
  g_assert_cmpint (got.elapsed, <, 2 * NS_DNS_DEFAULT_TIMEOUT + NS_NSEC_PER_SEC);

  /* A host that is up but runs no DNS server answers port unreachable;
   * the resolver still waits out its tries and says so. */
  ns_dns_set_servers (pc, (guint32[]) { IP (10, 0, 0, 10) }, 1);
  ns_dns_set_servers (ns, (guint32[]) { IP (10, 0, 0, 10) }, 1);
  resolve_and_run (&net, ns, "www.example.com", 10 * NS_NSEC_PER_SEC, &got);
  g_assert_cmpint (got.status, ==, NS_DNS_ERR_TIMEOUT);
  g_assert_nonnull (strstr (got.detail, "port unreachable"));

  got_clear (&got);
  net_clear (&net);
}

static const char *const root_rows[] = {
  "com", "NS", "a.gtld.net",
  "a.gtld.net", "A", "10.0.0.2",
  NULL,
};
static const char *const com_rows[] = {
  "example.com", "NS", "ns.example.com",
  "ns.example.com", "A", "10.0.0.3",
  NULL,
};
static const char *const leaf_rows[] = {
  "example.com", "NS", "ns.example.com",
  "ns.example.com", "A", "10.0.0.3",
  "www.example.com", "CNAME", "web.example.com",
  "web.example.com", "A", "10.0.1.80",
  "ftp.example.com", "A", "10.0.1.21",
  NULL,
};

static void
test_recursive (void)
{
  Net net;
  NsStack *pc, *resolver;
  NsDnsServer *rs;
  guint32 rserver = IP (10, 0, 0, 53);
  g_autoptr (GError) error = NULL;
  Got got = { 0 };

  net_init (&net, 11);
  pc = net_host (&net, "pc", IP (10, 0, 0, 10));
  net_dns_server (net_host (&net, "root", IP (10, 0, 0, 1)), root_rows, FALSE, 0);
  net_dns_server (net_host (&net, "tld", IP (10, 0, 0, 2)), com_rows, FALSE, 0);
  net_dns_server (net_host (&net, "leaf", IP (10, 0, 0, 3)), leaf_rows, FALSE, 0);
  resolver = net_host (&net, "resolver", rserver);
  rs = ns_dns_server_start (resolver, 53, NULL, TRUE, IP (10, 0, 0, 1), &error);
  g_assert_no_error (error);
  ns_dns_set_servers (pc, &rserver, 1);

  /* root -> com -> example.com, then the alias' target from the cache of
   * the delegation: straight to the example.com server. */
  resolve_and_run (&net, pc, "www.example.com", 5 * NS_NSEC_PER_SEC, &got);
  g_assert_cmpint (got.status, ==, NS_DNS_OK);
  g_assert_cmphex (got.addr, ==, IP (10, 0, 1, 80));
  g_assert_cmpstr (got.canonical, ==, "web.example.com");
  g_assert_cmpuint (count_dns_frames (&net, "root:eth0", NULL), ==, 1);
  g_assert_cmpuint (count_dns_frames (&net, "tld:eth0", NULL), ==, 1);
  g_assert_cmpuint (count_dns_frames (&net, "leaf:eth0", NULL), ==, 1);
  g_assert_cmpuint (ns_dns_server_get_stats (rs)->upstream_queries, ==, 3);

  /* The delegation is cached: another name of example.com goes to its
   * server directly. */
  resolve_and_run (&net, pc, "ftp.example.com", 5 * NS_NSEC_PER_SEC, &got);
  g_assert_cmphex (got.addr, ==, IP (10, 0, 1, 21));
  g_assert_cmpuint (count_dns_frames (&net, "root:eth0", NULL), ==, 1);
  g_assert_cmpuint (count_dns_frames (&net, "leaf:eth0", NULL), ==, 2);

  /* A recursive server with a local name of its own answers it and still
   * resolves the others. */
  {
    static const char *const local_rows[] = { "printer.home", "A", "10.0.0.99", NULL };
    NsStack *home = net_host (&net, "home", IP (10, 0, 0, 54));
    guint32 home_addr = IP (10, 0, 0, 54);

    net_dns_server (home, local_rows, TRUE, IP (10, 0, 0, 1));
    ns_dns_set_servers (pc, &home_addr, 1);
    resolve_and_run (&net, pc, "printer.home", 5 * NS_NSEC_PER_SEC, &got);
    g_assert_cmphex (got.addr, ==, IP (10, 0, 0, 99));
    resolve_and_run (&net, pc, "ftp.example.com", 5 * NS_NSEC_PER_SEC, &got);
    g_assert_true (got.from_cache);
    ns_dns_flush_cache (pc);
    resolve_and_run (&net, pc, "ftp.example.com", 5 * NS_NSEC_PER_SEC, &got);
    g_assert_cmphex (got.addr, ==, IP (10, 0, 1, 21));
    ns_dns_set_servers (pc, &rserver, 1);
  }

  /* A second client question for a cached answer: no upstream query. */
  ns_dns_flush_cache (pc);
  resolve_and_run (&net, pc, "www.example.com", 5 * NS_NSEC_PER_SEC, &got);
  g_assert_cmpint (got.status, ==, NS_DNS_OK);
  g_assert_cmpuint (ns_dns_server_get_stats (rs)->upstream_queries, ==, 4);
  g_assert_cmpuint (ns_dns_server_get_stats (rs)->cache_hits, ==, 1);

  resolve_and_run (&net, pc, "nope.example.com", 5 * NS_NSEC_PER_SEC, &got);
  g_assert_cmpint (got.status, ==, NS_DNS_ERR_NXDOMAIN);
  resolve_and_run (&net, pc, "www.example.net", 5 * NS_NSEC_PER_SEC, &got);
  g_assert_cmpint (got.status, ==, NS_DNS_ERR_NXDOMAIN);

  got_clear (&got);
  net_clear (&net);
}

static void
test_lookup_action (void)
{
  Net net;
  NsStack *pc, *ns;
  guint32 server = IP (10, 0, 0, 53);
  const char *addr = NULL;
  guint found = 0;

  net_init (&net, 5);
  pc = net_host (&net, "pc", IP (10, 0, 0, 10));
  ns = net_host (&net, "ns", server);
  net_dns_server (ns, example_rows, FALSE, 0);
  ns_dns_set_servers (pc, &server, 1);
  ns_dns_lookup_start (pc, "www.example.com", 5353);
  ns_dns_lookup_start (pc, "www.nowhere.example.com", 0);
  ns_sim_run_until (net.sim, 2 * NS_NSEC_PER_SEC);
  for (guint i = 0; i < ns_trace_len (net.trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (net.trace, i);

      if (ev->kind != NS_TRACE_APP)
        continue;
      g_assert_cmpstr (ev->action, ==, "dns-lookup");
      g_test_message ("%s", ev->detail);
      if (ev->ok)
        {
          g_assert_true (g_variant_lookup (ev->fields, "address", "&s", &addr));
          g_assert_cmpstr (addr, ==, "10.0.1.80");
        }
      else
        g_assert_cmpstr (ev->detail, ==, "NXDOMAIN: no such name www.nowhere.example.com");
      found++;
    }
  g_assert_cmpuint (found, ==, 2);
  {
    guint16 port = 0;
    count_dns_frames (&net, "pc:eth0", &port);
    g_assert_cmpuint (port, ==, 5353);
  }
  net_clear (&net);
}

/* The same seed gives the same ports and IDs; another seed others. */
static guint16
first_query_id (guint64 seed, guint16 *port)
{
  Net net;
  NsStack *pc, *ns;
  guint32 server = IP (10, 0, 0, 53);
  guint16 id = 0;

  net_init (&net, seed);
  pc = net_host (&net, "pc", IP (10, 0, 0, 10));
  ns = net_host (&net, "ns", server);
  net_dns_server (ns, example_rows, FALSE, 0);
  ns_dns_set_servers (pc, &server, 1);
  ns_dns_lookup_start (pc, "www.example.com", 0);
  ns_sim_run_until (net.sim, NS_NSEC_PER_SEC);
  for (guint i = 0; i < ns_trace_len (net.trace) && id == 0; i++)
    {
      const NsTraceEvent *ev = ns_trace_get (net.trace, i);

      if (ev->kind == NS_TRACE_TX && g_strcmp0 (ev->iface, "pc:eth0") == 0
          && ev->packet->len > 14 + 20 + 8 + 2 && ev->packet->data[23] == 17)
        {
          *port = ns_wire_get_u16 (ev->packet->data + 34);
          id = ns_wire_get_u16 (ev->packet->data + 42);
        }
    }
  net_clear (&net);
  return id;
}

static void
test_deterministic_random (void)
{
  guint16 p1 = 0, p2 = 0, p3 = 0;
  guint16 a = first_query_id (1, &p1);
  guint16 b = first_query_id (1, &p2);
  guint16 c = first_query_id (2, &p3);

  g_assert_cmpuint (a, ==, b);
  g_assert_cmpuint (p1, ==, p2);
  g_assert_true (a != c || p1 != p3);
}

static void
ignore_recv (NsUdpSocket *sock, guint32 src, guint16 src_port, const guint8 *payload, gsize len,
             gpointer user_data)
{
}

/* A malformed query gets FORMERR (RFC 1035 §4.1.1) and is counted. */
static void
test_server_formerr (void)
{
  static const guint8 bad[] = { 0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0,
                                0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01 };
  Net net;
  NsStack *pc, *ns;
  NsUdpSocket *sock;
  guint found = 0;

  net_init (&net, 5);
  pc = net_host (&net, "pc", IP (10, 0, 0, 10));
  ns = net_host (&net, "ns", IP (10, 0, 0, 53));
  net_dns_server (ns, example_rows, FALSE, 0);
  ns_udp_attach (pc);
  sock = ns_udp_bind (pc, 40000, ignore_recv, NULL);
  ns_udp_sendto (sock, IP (10, 0, 0, 53), 53, bad, sizeof bad, 0);
  ns_sim_run_until (net.sim, NS_NSEC_PER_SEC);
  g_assert_cmpuint (ns_stack_get_stats (ns)->malformed, ==, 1);
  for (guint i = 0; i < ns_trace_len (net.trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (net.trace, i);

      if (ev->kind == NS_TRACE_TX && g_strcmp0 (ev->iface, "ns:eth0") == 0
          && ev->packet->len >= 42 + 12 && ev->packet->data[23] == 17)
        {
          const guint8 *d = ev->packet->data + 42;
          g_assert_cmphex (ns_wire_get_u16 (d), ==, 0x1234);
          g_assert_cmphex (ns_wire_get_u16 (d + 2), ==, 0x8101);   /* QR RD, FORMERR */
          found++;
        }
    }
  g_assert_cmpuint (found, ==, 1);
  ns_udp_close (sock);
  net_clear (&net);
}

/* Corrupted queries (every byte of a query, a few values each): the server
 * answers or drops each one and keeps serving. */
static void
test_server_mutations (void)
{
  g_autoptr (NsDnsMessage) q = ns_dns_message_new ();
  g_autoptr (GBytes) bytes = NULL;
  Net net;
  NsStack *pc, *ns;
  NsUdpSocket *sock;
  guint32 server = IP (10, 0, 0, 53);
  Got got = { 0 };
  gsize n;
  const guint8 *d;

  q->id = 99;
  q->rd = TRUE;
  ns_dns_message_add_question (q, "mail.example.com", NS_DNS_TYPE_A, NS_DNS_CLASS_IN);
  bytes = ns_dns_message_emit (q, NULL);
  d = g_bytes_get_data (bytes, &n);
  net_init (&net, 5);
  pc = net_host (&net, "pc", IP (10, 0, 0, 10));
  ns = net_host (&net, "ns", server);
  net_dns_server (ns, example_rows, TRUE, IP (10, 0, 0, 10));
  ns_udp_attach (pc);
  sock = ns_udp_bind (pc, 40000, ignore_recv, NULL);
  for (gsize i = 0; i < n; i++)
    for (guint v = 0; v < 256; v += 51)
      {
        g_autofree guint8 *copy = g_memdup2 (d, n);

        copy[i] = (guint8) v;
        ns_udp_sendto (sock, server, 53, copy, n, 0);
      }
  ns_udp_sendto (sock, server, 53, d, 5, 0);   /* shorter than a header */
  ns_sim_run_until (net.sim, 20 * NS_NSEC_PER_SEC);
  ns_dns_set_servers (pc, &server, 1);
  resolve_and_run (&net, pc, "mail.example.com", NS_NSEC_PER_SEC, &got);
  g_assert_cmpint (got.status, ==, NS_DNS_OK);
  got_clear (&got);
  ns_udp_close (sock);
  net_clear (&net);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/net/dns/zone-authoritative", test_zone_authoritative);
  g_test_add_func ("/net/dns/zone-referrals", test_zone_referrals);
  g_test_add_func ("/net/dns/zone-own-ns", test_zone_own_ns);
  g_test_add_func ("/net/dns/zone-flat", test_zone_flat);
  g_test_add_func ("/net/dns/zone-header-rules", test_zone_header_rules);
  g_test_add_func ("/net/dns/is-name", test_is_name);
  g_test_add_func ("/net/dns/stub-authoritative", test_stub_authoritative);
  g_test_add_func ("/net/dns/stub-timeout-and-fallback", test_stub_timeout_and_fallback);
  g_test_add_func ("/net/dns/recursive", test_recursive);
  g_test_add_func ("/net/dns/lookup-action", test_lookup_action);
  g_test_add_func ("/net/dns/deterministic-random", test_deterministic_random);
  g_test_add_func ("/net/dns/server-formerr", test_server_formerr);
  g_test_add_func ("/net/dns/server-mutations", test_server_mutations);
  return g_test_run ();
}
