/* apps/http.c: http-server and http-get (RFC 9112 over RFC 9293 TCP). */
#include "config.h"

#include "net/apps/http.h"

#include <string.h>

#include "net/dns.h"
#include "net/tcp.h"
#include "net/wire/http-wire.h"

#define USER_AGENT "netsketch/" PACKAGE_VERSION
#define SERVER_NAME "netsketch/" PACKAGE_VERSION
/* How long http-get waits for the whole response, as a browser would. */
#define GET_TIMEOUT (30 * NS_NSEC_PER_SEC)

/* ---- URLs and the page ---- */

static gboolean
url_fail (GError **error, const char *url, const char *why)
{
  g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED, "URL “%s”: %s", url, why);
  return FALSE;
}

/* The port of a URL (RFC 3986 3.2.3: digits), 1..65535; else why not. */
static const char *
parse_port (const char *text, gsize n, guint16 *port_out)
{
  guint64 v = 0;

  if (n == 0)
    return "the ':' is followed by no port number";
  for (gsize i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return "the port is not a number";
      if (v <= 65535)
        v = v * 10 + (guint) (text[i] - '0');
    }
  if (v == 0 || v > 65535)
    return "the port must be from 1 to 65535";
  *port_out = (guint16) v;
  return NULL;
}

/* A host a URL can name here: an IPv4 address or a host name of labels
 * of letters, digits, '-' and '_' (RFC 1123 2.1), with no wildcard '*'
 * and not the root "." alone. */
static gboolean
host_is_valid (const char *host)
{
  guint32 addr;

  if (ns_ipv4_from_string (host, &addr))
    return TRUE;
  if (*host == '\0' || strcmp (host, ".") == 0 || !ns_dns_name_is_valid (host))
    return FALSE;
  for (const char *c = host; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '-' && *c != '_' && *c != '.')
      return FALSE;
  return TRUE;
}

gboolean
ns_http_parse_url (const char *url, char **host_out, guint16 *port_out, char **path_out,
                   GError **error)
{
  const char *p = url, *host_end, *path;
  const char *colon;
  guint16 port = NS_HTTP_DEFAULT_PORT;
  g_autofree char *host = NULL;

  if (url == NULL || *url == '\0')
    return url_fail (error, "", "it is empty");
  if (g_ascii_strncasecmp (p, "http://", 7) == 0)
    p += 7;
  else if (strstr (p, "://") != NULL)
    return url_fail (error, url, "only http:// is spoken here");
  path = strchr (p, '/');
  host_end = path != NULL ? path : p + strlen (p);
  /* RFC 9110 4.2.4: user information in an http URL is deprecated. */
  if (memchr (p, '@', (gsize) (host_end - p)) != NULL)
    return url_fail (error, url, "user information (user@host) is not allowed in an http URL");
  if (*p == '[')
    return url_fail (error, url, "IPv6 addresses are not spoken here: the host must be an "
                     "IPv4 address or a name");
  colon = memchr (p, ':', (gsize) (host_end - p));
  if (colon != NULL)
    {
      const char *why = parse_port (colon + 1, (gsize) (host_end - colon - 1), &port);

      if (why != NULL)
        return url_fail (error, url, why);
    }
  host = g_strndup (p, (gsize) ((colon != NULL ? colon : host_end) - p));
  if (!host_is_valid (host))
    return url_fail (error, url, "the host is not an IPv4 address or a host name");
  if (path != NULL)
    for (const char *c = path; *c != '\0'; c++)
      if ((guchar) *c <= 0x20 || *c == 0x7f)
        return url_fail (error, url, "the path holds a space or control character");
  *host_out = g_steal_pointer (&host);
  *port_out = port;
  *path_out = g_strdup (path != NULL ? path : "/");
  return TRUE;
}

/* No ':' in the body: a capture on a link where segments were reordered
 * (jitter) shows a body segment first, and Wireshark's HTTP dissector then
 * reads "text: more" lines as malformed headers. */
static const char body_pattern[] =
  "<p>Hello from the netsketch web server, a page of plain text to read "
  "in the packet inspector.</p>\n";

void
ns_http_body_fill (guint8 *buf, guint64 offset, gsize n)
{
  const gsize period = sizeof body_pattern - 1;

  for (gsize i = 0; i < n; i++)
    buf[i] = (guint8) body_pattern[(offset + i) % period];
}

/* ---- the server ---- */

typedef struct {
  guint64 body_bytes;
} HttpServer;

/* One connection: requests are answered one after the other. */
typedef struct {
  guint64     body_bytes;
  GByteArray *in;
  GBytes     *head;        /* the response head being sent, or NULL */
  gsize       head_off;
  guint64     body_left;   /* body bytes still to queue */
  guint64     body_off;
  gboolean    close_after; /* a 400: close once the response is queued */
  gboolean    peer_closed;
} HttpConn;

static void
http_conn_free (HttpConn *hc)
{
  g_byte_array_unref (hc->in);
  g_clear_pointer (&hc->head, g_bytes_unref);
  g_free (hc);
}

/* The page for @target: 200 for "/", 404 for anything else. */
static NsHttpResponse *
build_response (HttpConn *hc, const NsHttpRequest *req, guint64 *body_len)
{
  g_autofree char *path = g_strndup (req->target, strcspn (req->target, "?#"));
  gboolean found = g_str_equal (path, "/");
  gboolean allowed = g_str_equal (req->method, "GET") || g_str_equal (req->method, "HEAD");
  guint status = !allowed ? 405 : found ? 200 : 404;
  NsHttpResponse *resp = ns_http_response_new (status, NULL);
  char len[32];

  *body_len = status == 200 ? hc->body_bytes : 0;
  if (status != 200)
    *body_len = (guint64) strlen (ns_http_reason_phrase (status)) + 1;
  g_snprintf (len, sizeof len, "%" G_GUINT64_FORMAT, *body_len);
  ns_http_fields_add (resp->fields, "Server", SERVER_NAME);
  ns_http_fields_add (resp->fields, "Content-Type",
                      status == 200 ? "text/html; charset=utf-8" : "text/plain; charset=utf-8");
  ns_http_fields_add (resp->fields, "Content-Length", len);
  if (status == 405)
    ns_http_fields_add (resp->fields, "Allow", "GET, HEAD");
  /* RFC 9110 §9.3.2: HEAD gets the same head and no body. */
  if (g_str_equal (req->method, "HEAD"))
    *body_len = 0;
  return resp;
}

/* Queues @resp's head, then @text (a short error page) if not NULL, else
 * @body_len bytes of the page. */
static void
queue_response (HttpConn *hc, NsHttpResponse *resp, const char *text, guint64 body_len)
{
  g_autoptr (GBytes) head = ns_http_response_emit (resp, NULL);
  GByteArray *all = g_byte_array_new ();

  g_byte_array_append (all, g_bytes_get_data (head, NULL), (guint) g_bytes_get_size (head));
  if (text != NULL)
    g_byte_array_append (all, (const guint8 *) text, (guint) strlen (text));
  g_clear_pointer (&hc->head, g_bytes_unref);
  hc->head = g_byte_array_free_to_bytes (all);
  hc->head_off = 0;
  hc->body_left = text != NULL ? 0 : body_len;
  hc->body_off = 0;
}

static void http_conn_next (NsTcpConn *conn, HttpConn *hc);

/* Queues as much of the response as the send buffer takes. */
static void
http_conn_flush (NsTcpConn *conn, HttpConn *hc)
{
  guint8 chunk[4096];

  if (hc->head != NULL && hc->head_off < g_bytes_get_size (hc->head))
    {
      const guint8 *d = g_bytes_get_data (hc->head, NULL);
      hc->head_off += ns_tcp_conn_send (conn, d + hc->head_off,
                                        g_bytes_get_size (hc->head) - hc->head_off);
      if (hc->head_off < g_bytes_get_size (hc->head))
        return;
    }
  while (hc->head != NULL && hc->body_left > 0)
    {
      gsize want = (gsize) MIN ((guint64) sizeof chunk, hc->body_left);
      gsize n;

      want = MIN (want, ns_tcp_conn_send_space (conn));
      if (want == 0)
        return;
      ns_http_body_fill (chunk, hc->body_off, want);
      n = ns_tcp_conn_send (conn, chunk, want);
      hc->body_off += n;
      hc->body_left -= n;
      if (n < want)
        return;
    }
  if (hc->head == NULL)
    return;
  g_clear_pointer (&hc->head, g_bytes_unref);
  if (hc->close_after || hc->peer_closed)
    ns_tcp_conn_close (conn);
  else
    http_conn_next (conn, hc);
}

static void
error_page (HttpConn *hc, guint status)
{
  g_autoptr (NsHttpResponse) resp = ns_http_response_new (status, NULL);
  g_autofree char *text = g_strdup_printf ("%s\n", resp->reason);
  char len[16];

  g_snprintf (len, sizeof len, "%" G_GSIZE_FORMAT, strlen (text));
  ns_http_fields_add (resp->fields, "Server", SERVER_NAME);
  ns_http_fields_add (resp->fields, "Content-Type", "text/plain; charset=utf-8");
  ns_http_fields_add (resp->fields, "Content-Length", len);
  /* RFC 9112 §9.6: say so when closing after this response. */
  ns_http_fields_add (resp->fields, "Connection", "close");
  queue_response (hc, resp, text, 0);
  hc->close_after = TRUE;
}

/* Parses the next request in the buffer, if it is complete, and answers. */
static void
http_conn_next (NsTcpConn *conn, HttpConn *hc)
{
  g_autoptr (NsHttpRequest) req = NULL;
  g_autoptr (NsHttpResponse) resp = NULL;
  g_autoptr (GError) error = NULL;
  gsize head_len = 0;
  guint64 req_body = 0, body_len = 0;
  gboolean present = FALSE;
  NsHttpParseResult r;

  if (hc->head != NULL || hc->close_after)
    return;
  r = ns_http_request_parse (hc->in->data, hc->in->len, &req, &head_len, &error);
  if (r == NS_HTTP_PARSE_NEED_MORE)
    {
      if (hc->peer_closed)
        ns_tcp_conn_close (conn);
      return;
    }
  if (r == NS_HTTP_PARSE_ERROR
      || (!ns_http_fields_content_length (req->fields, &req_body, &present, &error) && present))
    {
      error_page (hc, 400);   /* RFC 9112 §3: answer 400 and close */
      http_conn_flush (conn, hc);
      return;
    }
  if (hc->in->len - head_len < req_body)
    return;   /* wait for the request's body, then throw it away */
  g_byte_array_remove_range (hc->in, 0, (guint) (head_len + req_body));
  resp = build_response (hc, req, &body_len);
  if (resp->status != 200 && body_len > 0)
    {
      /* A short plain text body for errors: the reason phrase. */
      g_autofree char *text = g_strdup_printf ("%s\n", resp->reason);
      queue_response (hc, resp, text, 0);
    }
  else
    queue_response (hc, resp, NULL, body_len);
  http_conn_flush (conn, hc);
}

static void
http_conn_received (NsTcpConn *conn, const guint8 *data, gsize len, gpointer user_data)
{
  HttpConn *hc = user_data;

  if (len == 0)
    hc->peer_closed = TRUE;
  else if (hc->in->len + len > NS_HTTP_MAX_HEAD * 4)
    hc->peer_closed = TRUE;   /* far more than a request: stop reading */
  else
    g_byte_array_append (hc->in, data, (guint) len);
  http_conn_next (conn, hc);
}

static void
http_conn_sent (NsTcpConn *conn, gsize acked, gpointer user_data)
{
  HttpConn *hc = user_data;

  if (hc->head != NULL)
    http_conn_flush (conn, hc);
}

static void
http_conn_closed (NsTcpConn *conn, NsTcpError error, const char *why, gpointer user_data)
{
  http_conn_free (user_data);
}

static void
http_accept (NsTcpConn *listener, NsTcpConn *conn, gpointer user_data)
{
  static const NsTcpCallbacks callbacks = {
    .received = http_conn_received, .sent = http_conn_sent, .closed = http_conn_closed,
  };
  HttpServer *server = user_data;
  HttpConn *hc = g_new0 (HttpConn, 1);

  hc->body_bytes = server->body_bytes;
  hc->in = g_byte_array_new ();
  ns_tcp_conn_set_callbacks (conn, &callbacks, hc);
  /* As web servers do (nginx's tcp_nodelay): the last small segment of a
   * response must not wait for a delayed ACK (RFC 9293 §3.7.4). */
  ns_tcp_conn_set_nodelay (conn, TRUE);
}

gboolean
ns_http_server_start (NsStack *stack, guint16 port, guint64 body_bytes, GError **error)
{
  HttpServer *server = g_new0 (HttpServer, 1);

  server->body_bytes = body_bytes;
  if (ns_tcp_listen (stack, port, http_accept, NULL, server, error) == NULL)
    {
      g_free (server);
      return FALSE;
    }
  ns_stack_adopt (stack, server, g_free);
  return TRUE;
}

/* ---- the http-get action ---- */

typedef struct {
  NsStack        *stack;
  char           *url;
  char           *host;
  guint16         port;
  char           *path;
  guint16         from_port;
  guint32         addr;
  guint           dns_handle;
  NsTcpConn      *conn;          /* NULL once closed */
  GByteArray     *head;          /* response bytes until the head is parsed */
  NsHttpResponse *resp;
  guint64         length;        /* Content-Length */
  gboolean        have_length;
  guint64         body;          /* body bytes received */
  gint64          started;
  NsEventId       timer;
  gboolean        reported;
  guint           tag;           /* ns_stack_set_app_tag at the start */
} HttpGet;

static void
http_get_free (gpointer data)
{
  HttpGet *hg = data;

  /* The stack is going away: leave the connection to TCP's teardown. */
  if (hg->conn != NULL)
    ns_tcp_conn_set_callbacks (hg->conn, NULL, NULL);
  if (hg->dns_handle != 0)
    ns_dns_cancel (hg->stack, hg->dns_handle);
  ns_sim_clear_event (ns_stack_get_sim (hg->stack), &hg->timer);
  g_free (hg->url);
  g_free (hg->host);
  g_free (hg->path);
  g_clear_pointer (&hg->head, g_byte_array_unref);
  g_clear_pointer (&hg->resp, ns_http_response_free);
  g_free (hg);
}

static double
http_get_ms (HttpGet *hg)
{
  return (double) (ns_sim_now (ns_stack_get_sim (hg->stack)) - hg->started)
         / (double) NS_NSEC_PER_MSEC;
}

static void
http_get_fail (HttpGet *hg, const char *why)
{
  char addr[16];
  guint old_tag;

  if (hg->reported)
    return;
  hg->reported = TRUE;
  ns_sim_clear_event (ns_stack_get_sim (hg->stack), &hg->timer);
  old_tag = ns_stack_set_app_tag (hg->stack, hg->tag);
  ns_stack_report_app (hg->stack, "http-get", FALSE,
                       g_variant_new_parsed ("{'url': <%s>, 'address': <%s>, 'bytes': <%t>, "
                                             "'time_ms': <%d>}", hg->url,
                                             hg->addr != 0 ? ns_ipv4_to_string (hg->addr, addr)
                                                           : "", hg->body, http_get_ms (hg)),
                       "GET %s failed: %s", hg->url, why);
  ns_stack_set_app_tag (hg->stack, old_tag);
}

static void
http_get_done (HttpGet *hg)
{
  char addr[16];
  guint status = hg->resp->status;
  guint old_tag;

  if (hg->reported)
    return;
  hg->reported = TRUE;
  ns_sim_clear_event (ns_stack_get_sim (hg->stack), &hg->timer);
  old_tag = ns_stack_set_app_tag (hg->stack, hg->tag);
  ns_stack_report_app (hg->stack, "http-get", status >= 200 && status < 400,
                       g_variant_new_parsed ("{'url': <%s>, 'address': <%s>, 'status': <%u>, "
                                             "'bytes': <%t>, 'time_ms': <%d>}",
                                             hg->url, ns_ipv4_to_string (hg->addr, addr),
                                             (guint32) status, hg->body, http_get_ms (hg)),
                       "GET %s: %u %s, %" G_GUINT64_FORMAT " bytes of body from %s:%u in %.3f ms",
                       hg->url, status, hg->resp->reason, hg->body, addr, hg->port,
                       http_get_ms (hg));
  ns_stack_set_app_tag (hg->stack, old_tag);
  /* Done reading: close our side (the server closes when we do). */
  if (hg->conn != NULL)
    ns_tcp_conn_close (hg->conn);
}

static void
http_get_connected (NsTcpConn *conn, gpointer user_data)
{
  HttpGet *hg = user_data;
  g_autoptr (NsHttpRequest) req = ns_http_request_new ("GET", hg->path);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *host = hg->port == NS_HTTP_DEFAULT_PORT
                            ? g_strdup (hg->host)
                            : g_strdup_printf ("%s:%u", hg->host, hg->port);

  /* RFC 9112 §3.2: Host is required in HTTP/1.1 requests. */
  ns_http_fields_add (req->fields, "Host", host);
  ns_http_fields_add (req->fields, "User-Agent", USER_AGENT);
  ns_http_fields_add (req->fields, "Accept", "*/*");
  bytes = ns_http_request_emit (req, &error);
  if (bytes == NULL)
    {
      http_get_fail (hg, error->message);
      ns_tcp_conn_close (conn);
      return;
    }
  ns_tcp_conn_send (conn, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* Parses the head once it is complete; the rest of the buffer is body. */
static gboolean
http_get_parse_head (HttpGet *hg)
{
  g_autoptr (GError) error = NULL;
  gsize head_len = 0;
  gboolean present = FALSE;
  NsHttpParseResult r;

  r = ns_http_response_parse (hg->head->data, hg->head->len, &hg->resp, &head_len, &error);
  if (r == NS_HTTP_PARSE_NEED_MORE)
    return FALSE;
  if (r == NS_HTTP_PARSE_ERROR
      || (!ns_http_fields_content_length (hg->resp->fields, &hg->length, &present, &error)
          && present))
    {
      g_autofree char *why = g_strdup_printf ("malformed response (%s)", error->message);
      http_get_fail (hg, why);
      ns_tcp_conn_abort (hg->conn);
      hg->conn = NULL;
      return FALSE;
    }
  hg->have_length = present;
  /* RFC 9112 §6.3: 1xx, 204 and 304 have no body. */
  if (hg->resp->status < 200 || hg->resp->status == 204 || hg->resp->status == 304)
    {
      hg->have_length = TRUE;
      hg->length = 0;
    }
  hg->body = hg->head->len - head_len;
  g_clear_pointer (&hg->head, g_byte_array_unref);
  return TRUE;
}

static void
http_get_received (NsTcpConn *conn, const guint8 *data, gsize len, gpointer user_data)
{
  HttpGet *hg = user_data;

  if (hg->reported)
    return;
  if (len == 0)
    {
      /* Without Content-Length the body ends with the connection
       * (RFC 9112 §6.3 rule 8). */
      if (hg->resp != NULL && !hg->have_length)
        http_get_done (hg);
      else
        http_get_fail (hg, hg->resp == NULL ? "the server closed before its response"
                                            : "the server closed before the whole body came");
      return;
    }
  if (hg->resp == NULL)
    {
      if (hg->head->len + len > NS_HTTP_MAX_HEAD + 65536)
        len = 0;
      g_byte_array_append (hg->head, data, (guint) len);
      if (!http_get_parse_head (hg))
        return;
    }
  else
    hg->body += len;
  if (hg->have_length && hg->body >= hg->length)
    http_get_done (hg);
}

static void
http_get_closed (NsTcpConn *conn, NsTcpError error, const char *why, gpointer user_data)
{
  HttpGet *hg = user_data;
  g_autofree char *reason = NULL;

  hg->conn = NULL;
  if (hg->reported)
    return;
  reason = why != NULL ? g_strdup (why) : g_strdup (ns_tcp_error_to_string (error));
  http_get_fail (hg, reason);
}

static void
http_get_connect (HttpGet *hg)
{
  static const NsTcpCallbacks callbacks = {
    .connected = http_get_connected, .received = http_get_received, .closed = http_get_closed,
  };
  g_autoptr (GError) error = NULL;

  hg->conn = ns_tcp_connect (hg->stack, hg->addr, hg->port, hg->from_port, &callbacks, hg,
                             &error);
  if (hg->conn == NULL)
    http_get_fail (hg, error->message);
}

static void
http_get_resolved (NsStack *stack, const NsDnsResult *r, gpointer user_data)
{
  HttpGet *hg = user_data;

  hg->dns_handle = 0;
  if (r->status != NS_DNS_OK)
    {
      g_autofree char *why = g_strdup_printf ("cannot resolve %s: %s", hg->host, r->detail);
      http_get_fail (hg, why);
      return;
    }
  hg->addr = r->addr;
  http_get_connect (hg);
}

static void
http_get_timeout (NsSim *sim, gpointer data)
{
  HttpGet *hg = data;
  g_autofree char *why = g_strdup_printf ("timeout: no complete response after %d s",
                                          (int) (GET_TIMEOUT / NS_NSEC_PER_SEC));

  hg->timer = 0;
  if (hg->dns_handle != 0)
    ns_dns_cancel (hg->stack, hg->dns_handle);
  hg->dns_handle = 0;
  http_get_fail (hg, why);
  if (hg->conn != NULL)
    ns_tcp_conn_abort (hg->conn);
  hg->conn = NULL;
}

void
ns_http_get_start (NsStack *stack, const char *url, guint16 from_port)
{
  HttpGet *hg = g_new0 (HttpGet, 1);
  g_autoptr (GError) error = NULL;

  hg->stack = stack;
  hg->tag = ns_stack_get_app_tag (stack);
  hg->url = g_strdup (url);
  hg->from_port = from_port;
  hg->head = g_byte_array_new ();
  hg->started = ns_sim_now (ns_stack_get_sim (stack));
  ns_stack_adopt (stack, hg, http_get_free);
  hg->timer = ns_sim_schedule (ns_stack_get_sim (stack), GET_TIMEOUT, http_get_timeout, hg);
  if (!ns_http_parse_url (url, &hg->host, &hg->port, &hg->path, &error))
    {
      http_get_fail (hg, error->message);
      return;
    }
  if (ns_dns_is_name (hg->host))
    hg->dns_handle = ns_dns_resolve (stack, hg->host, http_get_resolved, hg);
  else
    {
      ns_ipv4_from_string (hg->host, &hg->addr);
      http_get_connect (hg);
    }
}
