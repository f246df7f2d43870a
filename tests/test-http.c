/* test-http.c: the http-server service and the http-get action over TCP,
 * by name through a router, with the bytes on the wire checked. */
#include <string.h>

#include "net/apps/http.h"
#include "net/apps/tcp-apps.h"
#include "net/dns.h"
#include "net/stack.h"
#include "net/switch.h"
#include "net/tcp.h"
#include "net/wire/http-wire.h"
#include "sim/trace.h"

#define IP(a, b, c, d) ((guint32) (a) << 24 | (guint32) (b) << 16 | (guint32) (c) << 8 | (d))

static void
test_parse_url (void)
{
  const struct {
    const char *url, *host, *path;
    guint16 port;
  } good[] = {
    { "http://www.example.com/", "www.example.com", "/", 80 },
    { "http://www.example.com", "www.example.com", "/", 80 },
    { "HTTP://10.0.1.80:8080/a/b?c=d", "10.0.1.80", "/a/b?c=d", 8080 },
    { "www.example.com:81/x", "www.example.com", "/x", 81 },
  };
  const char *bad[] = {
    "", "https://www.example.com/", "http:///", "http://a..b/", "http://host:0/",
    "http://host:65536/", "http://host:8x/", "http://host/a b", "ftp://x/",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *host = NULL;
      g_autofree char *path = NULL;
      guint16 port = 0;
      g_autoptr (GError) error = NULL;

      g_assert_true (ns_http_parse_url (good[i].url, &host, &port, &path, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (host, ==, good[i].host);
      g_assert_cmpstr (path, ==, good[i].path);
      g_assert_cmpuint (port, ==, good[i].port);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      char *host = NULL, *path = NULL;
      guint16 port = 0;
      g_autoptr (GError) error = NULL;

      if (ns_http_parse_url (bad[i], &host, &port, &path, &error))
        g_error ("“%s” was accepted", bad[i]);
      g_assert_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED);
    }
}

static void
test_body_pattern (void)
{
  guint8 a[300], b[100];

  ns_http_body_fill (a, 0, sizeof a);
  ns_http_body_fill (b, 150, sizeof b);
  g_assert_cmpmem (a + 150, 100, b, 100);
  g_assert_cmpmem (a, 3, "<p>", 3);
  for (guint i = 0; i < sizeof a; i++)
    g_assert_true (g_ascii_isprint (a[i]) || a[i] == '\n');
}

/* ---- pc (10.0.0.10) -- r -- switch -- web (10.0.1.80), ns (10.0.1.53) ---- */

typedef struct {
  NsSim     *sim;
  NsTrace   *trace;
  GPtrArray *stacks;
  GPtrArray *links;
  NsSwitch  *sw;
  NsStack   *pc, *router, *web, *ns;
} Net;

static NsLink *
net_link (Net *net, const char *id)
{
  NsLinkParams params;
  NsLink *link;

  ns_link_params_init_default (&params);
  params.delay_ns = 2 * NS_NSEC_PER_MSEC;
  link = ns_link_new (net->sim, id, &params);
  g_ptr_array_add (net->links, link);
  return link;
}

static NsStack *
net_node (Net *net, const char *id, gboolean router)
{
  NsStack *stack = ns_stack_new (net->sim, id, router);

  g_ptr_array_add (net->stacks, stack);
  return stack;
}

static guint
net_iface (Net *net, NsStack *stack, const char *name, guint32 addr)
{
  guint8 mac[6] = { 0x02, 0, 0, 0, (guint8) net->stacks->len, (guint8) ns_stack_n_ifaces (stack) };

  return ns_stack_add_iface (stack, name, mac, addr, 24, 1500);
}

static NsStack *
net_lan_host (Net *net, const char *id, guint32 addr)
{
  NsStack *h = net_node (net, id, FALSE);
  guint e = net_iface (net, h, "eth0", addr);
  NsLink *link = net_link (net, id);

  ns_stack_add_connected_routes (h);
  ns_stack_add_route (h, 0, 0, IP (10, 0, 1, 1), -1, NS_ROUTE_STATIC);
  ns_stack_attach_link (h, e, link, 0);
  ns_switch_attach_link (net->sw, ns_switch_add_port (net->sw, id), link, 1);
  return h;
}

static void
net_init (Net *net, guint64 seed)
{
  static const char *const rows[][3] = {
    { "www.example.com", "A", "10.0.1.80" },
    { "example.com", "NS", "ns.example.com" },
    { "ns.example.com", "A", "10.0.1.53" },
  };
  NsDnsZone *zone = ns_dns_zone_new ();
  guint32 dns = IP (10, 0, 1, 53);
  NsLink *l1;
  guint e;

  net->sim = ns_sim_new (seed);
  net->trace = ns_trace_new ();
  ns_sim_set_trace (net->sim, net->trace);
  net->stacks = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_stack_free);
  net->links = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_link_free);
  net->sw = ns_switch_new (net->sim, "sw");

  net->pc = net_node (net, "pc", FALSE);
  e = net_iface (net, net->pc, "eth0", IP (10, 0, 0, 10));
  ns_stack_add_connected_routes (net->pc);
  ns_stack_add_route (net->pc, 0, 0, IP (10, 0, 0, 1), -1, NS_ROUTE_STATIC);
  net->router = net_node (net, "r", TRUE);
  net_iface (net, net->router, "eth0", IP (10, 0, 0, 1));
  net_iface (net, net->router, "eth1", IP (10, 0, 1, 1));
  ns_stack_add_connected_routes (net->router);
  l1 = net_link (net, "l1");
  ns_stack_attach_link (net->pc, e, l1, 0);
  ns_stack_attach_link (net->router, 0, l1, 1);
  {
    NsLink *l2 = net_link (net, "l2");
    ns_stack_attach_link (net->router, 1, l2, 0);
    ns_switch_attach_link (net->sw, ns_switch_add_port (net->sw, "r"), l2, 1);
  }
  net->web = net_lan_host (net, "web", IP (10, 0, 1, 80));
  net->ns = net_lan_host (net, "ns", dns);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_assert_true (ns_dns_zone_add (zone, rows[i][0], rows[i][1], rows[i][2], 300, NULL));
  g_assert_nonnull (ns_dns_server_start (net->ns, 53, zone, FALSE, 0, NULL));
  g_assert_true (ns_http_server_start (net->web, 80, 6000, NULL));
  g_assert_true (ns_http_server_start (net->web, 8080, 0, NULL));
  ns_dns_set_servers (net->pc, &dns, 1);
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

static const NsTraceEvent *
find_app (Net *net, guint nth)
{
  for (guint i = 0; i < ns_trace_len (net->trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (net->trace, i);
      if (ev->kind == NS_TRACE_APP && g_strcmp0 (ev->action, "http-get") == 0 && nth-- == 0)
        return ev;
    }
  g_error ("no http-get result %u", nth);
  return NULL;
}

/* The TCP payload bytes sent from @iface from/to @port, in order (the
 * links here lose nothing, so the order sent is the stream's order). */
static GByteArray *
tcp_stream (Net *net, const char *iface, guint16 src_port, guint16 *other_port)
{
  GByteArray *out = g_byte_array_new ();

  for (guint i = 0; i < ns_trace_len (net->trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (net->trace, i);
      const guint8 *f;
      gsize ihl, total, thl;

      if (ev->kind != NS_TRACE_TX || g_strcmp0 (ev->iface, iface) != 0 || ev->packet->len < 54)
        continue;
      f = ev->packet->data;
      if (f[12] != 0x08 || f[13] != 0 || f[23] != NS_IP_PROTO_TCP)
        continue;
      ihl = (gsize) (f[14] & 0xf) * 4;
      total = ns_wire_get_u16 (f + 16);
      if (ns_wire_get_u16 (f + 14 + ihl) != src_port)
        continue;
      if (other_port != NULL)
        *other_port = ns_wire_get_u16 (f + 14 + ihl + 2);
      thl = (gsize) (f[14 + ihl + 12] >> 4) * 4;
      g_byte_array_append (out, f + 14 + ihl + thl, (guint) (total - ihl - thl));
    }
  return out;
}

static void
test_get_by_name (void)
{
  Net net;
  const NsTraceEvent *ev;
  guint32 status = 0;
  guint64 bytes = 0;
  double ms = 0;
  const char *addr = NULL;
  g_autoptr (GByteArray) response = NULL;
  g_autoptr (GByteArray) request = NULL;
  g_autoptr (NsHttpResponse) resp = NULL;
  g_autoptr (NsHttpRequest) req = NULL;
  guint16 client_port = 0;
  gsize head_len = 0;
  g_autofree guint8 *expected = g_malloc (6000);

  net_init (&net, 42);
  ns_http_get_start (net.pc, "http://www.example.com/", 0);
  ns_sim_run_until (net.sim, 10 * NS_NSEC_PER_SEC);
  ev = find_app (&net, 0);
  g_test_message ("%s", ev->detail);
  g_assert_true (ev->ok);
  g_assert_true (g_variant_lookup (ev->fields, "status", "u", &status));
  g_assert_true (g_variant_lookup (ev->fields, "bytes", "t", &bytes));
  g_assert_true (g_variant_lookup (ev->fields, "time_ms", "d", &ms));
  g_assert_true (g_variant_lookup (ev->fields, "address", "&s", &addr));
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (bytes, ==, 6000);
  g_assert_cmpstr (addr, ==, "10.0.1.80");
  g_assert_cmpfloat (ms, >, 0);

  /* The server's bytes: a real status line, headers, exactly 6000 bytes. */
  response = tcp_stream (&net, "web:eth0", 80, &client_port);
  g_assert_cmpint (ns_http_response_parse (response->data, response->len, &resp, &head_len,
                                           NULL), ==, NS_HTTP_PARSE_DONE);
  g_assert_cmpmem (response->data, 17, "HTTP/1.1 200 OK\r\n", 17);
  g_assert_cmpstr (ns_http_fields_get (resp->fields, "Content-Length"), ==, "6000");
  g_assert_cmpstr (ns_http_fields_get (resp->fields, "Content-Type"), ==,
                   "text/html; charset=utf-8");
  g_assert_cmpuint (response->len - head_len, ==, 6000);
  ns_http_body_fill (expected, 0, 6000);
  g_assert_cmpmem (response->data + head_len, 6000, expected, 6000);

  /* The client's request, with Host. */
  g_assert_cmpuint (client_port, >=, 49152);
  request = tcp_stream (&net, "pc:eth0", client_port, NULL);
  g_assert_cmpint (ns_http_request_parse (request->data, request->len, &req, &head_len, NULL),
                   ==, NS_HTTP_PARSE_DONE);
  g_assert_cmpuint (head_len, ==, request->len);
  g_assert_cmpstr (req->method, ==, "GET");
  g_assert_cmpstr (req->target, ==, "/");
  g_assert_cmpstr (ns_http_fields_get (req->fields, "Host"), ==, "www.example.com");
  g_assert_cmpmem (request->data, 16, "GET / HTTP/1.1\r\n", 16);
  net_clear (&net);
}

static void
test_get_errors (void)
{
  Net net;
  const NsTraceEvent *ev;
  guint32 status = 0;
  guint64 bytes = 99;
  guint16 other = 0;
  g_autoptr (GByteArray) request = NULL;

  net_init (&net, 1);
  ns_http_get_start (net.pc, "http://www.example.com/missing", 0);
  ns_http_get_start (net.pc, "http://10.0.1.80:8080/", 10010);
  ns_http_get_start (net.pc, "http://10.0.1.80:81/", 0);
  ns_http_get_start (net.pc, "http://www.nowhere.example.com/", 0);
  ns_http_get_start (net.pc, "gopher://x/", 0);
  /* A server that reads and never answers (RFC 863 discard). */
  g_assert_true (ns_tcp_discard_start (net.web, 9));
  ns_http_get_start (net.pc, "http://10.0.1.80:9/", 0);
  ns_sim_run_until (net.sim, 40 * NS_NSEC_PER_SEC);

  /* Results come in the order they finish; find each by its URL. */
  for (guint i = 0; i < 6; i++)
    {
      const char *url = NULL;

      ev = find_app (&net, i);
      g_test_message ("%s", ev->detail);
      g_assert_true (g_variant_lookup (ev->fields, "url", "&s", &url));
      if (g_str_equal (url, "http://www.example.com/missing"))
        {
          g_assert_false (ev->ok);
          g_assert_true (g_variant_lookup (ev->fields, "status", "u", &status));
          g_assert_true (g_variant_lookup (ev->fields, "bytes", "t", &bytes));
          g_assert_cmpuint (status, ==, 404);
          g_assert_cmpuint (bytes, ==, strlen ("Not Found\n"));
        }
      else if (g_str_equal (url, "http://10.0.1.80:8080/"))
        {
          g_assert_true (ev->ok);
          g_assert_true (g_variant_lookup (ev->fields, "bytes", "t", &bytes));
          g_assert_cmpuint (bytes, ==, 0);
        }
      else if (g_str_equal (url, "http://10.0.1.80:81/"))
        {
          g_assert_false (ev->ok);
          g_assert_false (g_variant_lookup (ev->fields, "status", "u", &status));
        }
      else if (g_str_equal (url, "http://www.nowhere.example.com/"))
        {
          g_assert_false (ev->ok);
          g_assert_nonnull (strstr (ev->detail, "NXDOMAIN: no such name www.nowhere.example.com"));
        }
      else if (g_str_equal (url, "http://10.0.1.80:9/"))
        {
          g_assert_false (ev->ok);
          g_assert_nonnull (strstr (ev->detail, "timeout: no complete response after 30 s"));
          g_assert_cmpint (ev->t, ==, 30 * NS_NSEC_PER_SEC);
        }
      else
        {
          g_assert_cmpstr (url, ==, "gopher://x/");
          g_assert_false (ev->ok);
        }
    }
  /* from_port is the client's port; Host carries a port other than 80. */
  request = tcp_stream (&net, "pc:eth0", 10010, &other);
  g_assert_cmpuint (other, ==, 8080);
  g_assert_nonnull (g_strstr_len ((const char *) request->data, request->len,
                                  "\r\nHost: 10.0.1.80:8080\r\n"));
  net_clear (&net);
}

/* A raw client: HEAD, a 404, then garbage (400 and a close). */
typedef struct {
  GByteArray *in;
  gboolean    closed;
} Raw;

static void
raw_connected (NsTcpConn *conn, gpointer user_data)
{
  static const char text[] =
    "HEAD / HTTP/1.1\r\nHost: web\r\n\r\n"
    "GET /nope HTTP/1.1\r\nHost: web\r\n\r\n"
    "BAD REQUEST\r\n\r\n";

  ns_tcp_conn_send (conn, (const guint8 *) text, strlen (text));
}

static void
raw_received (NsTcpConn *conn, const guint8 *data, gsize len, gpointer user_data)
{
  Raw *raw = user_data;

  if (len == 0)
    ns_tcp_conn_close (conn);
  else
    g_byte_array_append (raw->in, data, (guint) len);
}

static void
raw_closed (NsTcpConn *conn, NsTcpError error, const char *why, gpointer user_data)
{
  ((Raw *) user_data)->closed = TRUE;
}

static void
expect_response (GByteArray *in, gsize *pos, guint status, const char *length, gsize body)
{
  g_autoptr (NsHttpResponse) resp = NULL;
  gsize head_len = 0;

  g_assert_cmpint (ns_http_response_parse (in->data + *pos, in->len - *pos, &resp, &head_len,
                                           NULL), ==, NS_HTTP_PARSE_DONE);
  g_assert_cmpuint (resp->status, ==, status);
  g_assert_cmpstr (ns_http_fields_get (resp->fields, "Content-Length"), ==, length);
  *pos += head_len + body;
  g_assert_cmpuint (*pos, <=, in->len);
}

static void
test_server_pipeline (void)
{
  static const NsTcpCallbacks callbacks = {
    .connected = raw_connected, .received = raw_received, .closed = raw_closed,
  };
  Net net;
  Raw raw = { g_byte_array_new (), FALSE };
  gsize pos = 0;

  net_init (&net, 9);
  g_assert_nonnull (ns_tcp_connect (net.pc, IP (10, 0, 1, 80), 80, 0, &callbacks, &raw, NULL));
  ns_sim_run_until (net.sim, 10 * NS_NSEC_PER_SEC);
  g_assert_true (raw.closed);
  expect_response (raw.in, &pos, 200, "6000", 0);          /* HEAD: no body */
  expect_response (raw.in, &pos, 404, "10", 10);           /* "Not Found\n" */
  expect_response (raw.in, &pos, 400, "12", 12);           /* "Bad Request\n", then close */
  g_assert_cmpuint (pos, ==, raw.in->len);
  g_byte_array_unref (raw.in);
  net_clear (&net);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/net/http/parse-url", test_parse_url);
  g_test_add_func ("/net/http/body-pattern", test_body_pattern);
  g_test_add_func ("/net/http/get-by-name", test_get_by_name);
  g_test_add_func ("/net/http/get-errors", test_get_errors);
  g_test_add_func ("/net/http/server-pipeline", test_server_pipeline);
  return g_test_run ();
}
