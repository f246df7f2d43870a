/* test-http-wire.c: HTTP/1.1 heads (RFC 9112) parsed and written. */
#include <string.h>

#include "net/wire/http-wire.h"

static const char request_text[] =
  "GET /index.html HTTP/1.1\r\n"
  "Host: www.example.com\r\n"
  "User-Agent:   netsketch/0.1  \r\n"
  "Accept: */*\r\n"
  "\r\n";

static const char response_text[] =
  "HTTP/1.1 200 OK\r\n"
  "Content-Type: text/html; charset=utf-8\r\n"
  "Content-Length: 12\r\n"
  "\r\n"
  "hello world!";

static void
test_request_parse (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NsHttpRequest) req = NULL;
  gsize head_len = 0;
  NsHttpParseResult r;

  r = ns_http_request_parse ((const guint8 *) request_text, strlen (request_text), &req,
                             &head_len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (r, ==, NS_HTTP_PARSE_DONE);
  g_assert_cmpuint (head_len, ==, strlen (request_text));
  g_assert_cmpstr (req->method, ==, "GET");
  g_assert_cmpstr (req->target, ==, "/index.html");
  g_assert_cmpuint (req->version_minor, ==, 1);
  g_assert_cmpuint (req->fields->len, ==, 3);
  g_assert_cmpstr (ns_http_fields_get (req->fields, "host"), ==, "www.example.com");
  g_assert_cmpstr (ns_http_fields_get (req->fields, "User-Agent"), ==, "netsketch/0.1");
  g_assert_null (ns_http_fields_get (req->fields, "Content-Length"));
}

static void
test_request_emit (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NsHttpRequest) req = ns_http_request_new ("GET", "/index.html");
  g_autoptr (GBytes) bytes = NULL;
  const char *expected =
    "GET /index.html HTTP/1.1\r\nHost: www.example.com\r\nAccept: */*\r\n\r\n";

  ns_http_fields_add (req->fields, "Host", "www.example.com");
  ns_http_fields_add (req->fields, "Accept", "*/*");
  bytes = ns_http_request_emit (req, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), expected,
                   strlen (expected));
}

static void
test_response_parse (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NsHttpResponse) resp = NULL;
  gsize head_len = 0;
  guint64 length = 0;
  gboolean present = FALSE;
  NsHttpParseResult r;

  r = ns_http_response_parse ((const guint8 *) response_text, strlen (response_text), &resp,
                              &head_len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (r, ==, NS_HTTP_PARSE_DONE);
  g_assert_cmpuint (head_len, ==, strlen (response_text) - 12);
  g_assert_cmpuint (resp->status, ==, 200);
  g_assert_cmpstr (resp->reason, ==, "OK");
  g_assert_true (ns_http_fields_content_length (resp->fields, &length, &present, &error));
  g_assert_no_error (error);
  g_assert_true (present);
  g_assert_cmpuint (length, ==, 12);
}

static void
test_response_emit (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NsHttpResponse) resp = ns_http_response_new (404, NULL);
  g_autoptr (GBytes) bytes = NULL;
  const char *expected = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";

  ns_http_fields_add (resp->fields, "Content-Length", "0");
  bytes = ns_http_response_emit (resp, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), expected,
                   strlen (expected));
}

static void
test_emit_rejects_injection (void)
{
  g_autoptr (NsHttpRequest) req = ns_http_request_new ("GET", "/");
  g_autoptr (NsHttpRequest) bad_target = ns_http_request_new ("GET", "/a b");
  g_autoptr (NsHttpResponse) resp = ns_http_response_new (200, "OK\r\nX: y");
  g_autoptr (GError) e1 = NULL;
  g_autoptr (GError) e2 = NULL;
  g_autoptr (GError) e3 = NULL;
  GBytes *b;

  ns_http_fields_add (req->fields, "Host", "a\r\nEvil: 1");
  b = ns_http_request_emit (req, &e1);
  g_assert_null (b);
  g_assert_error (e1, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED);
  b = ns_http_request_emit (bad_target, &e2);
  g_assert_null (b);
  g_assert_error (e2, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED);
  b = ns_http_response_emit (resp, &e3);
  g_assert_null (b);
  g_assert_error (e3, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED);
}

/* Every proper prefix of a head needs more bytes; none is an error. */
static void
test_incremental (void)
{
  gsize total = strlen (request_text);

  for (gsize n = 0; n < total; n++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree guint8 *copy = g_memdup2 (request_text, n);
      NsHttpRequest *req = NULL;
      gsize head_len = 0;

      g_assert_cmpint (ns_http_request_parse (copy, n, &req, &head_len, &error), ==,
                       NS_HTTP_PARSE_NEED_MORE);
      g_assert_no_error (error);
      g_assert_null (req);
    }
}

static void
test_leading_empty_lines (void)
{
  const char *text = "\r\n\r\nGET / HTTP/1.0\r\n\r\n";
  g_autoptr (NsHttpRequest) req = NULL;
  gsize head_len = 0;

  g_assert_cmpint (ns_http_request_parse ((const guint8 *) text, strlen (text), &req, &head_len,
                                          NULL), ==, NS_HTTP_PARSE_DONE);
  g_assert_cmpstr (req->target, ==, "/");
  g_assert_cmpuint (req->version_minor, ==, 0);
  g_assert_cmpuint (head_len, ==, strlen (text));
}

static void
test_malformed_requests (void)
{
  const char *cases[] = {
    "GET / HTTP/1.1\nHost: a\r\n\r\n",           /* bare LF */
    "GET / HTTP/1.1\r\nHost : a\r\n\r\n",         /* space before colon (§5.1) */
    "GET / HTTP/1.1\r\nHost: a\r\n b\r\n\r\n",    /* obs-fold (§5.2) */
    "GET / HTTP/1.1\r\nHost a\r\n\r\n",           /* no colon */
    "GET / HTTP/1.1\r\n: a\r\n\r\n",              /* empty name */
    "GET / HTTP/1.1\r\nX: a\x01" "b\r\n\r\n",     /* control character */
    "GET / HTTP/2.0\r\n\r\n",                     /* not HTTP/1.x */
    "GET /\r\n\r\n",                              /* HTTP/0.9 style */
    "GET  / HTTP/1.1\r\n\r\n",                    /* empty target */
    "G(T / HTTP/1.1\r\n\r\n",                     /* method not a token */
    "GET / HTTP/1.1 \r\n\r\n",                    /* trailing space */
    "GET / HTTP/1.1\r\nA: 1\rB: 2\r\n\r\n",       /* bare CR */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree guint8 *copy = g_memdup2 (cases[i], strlen (cases[i]));
      NsHttpRequest *req = NULL;
      gsize head_len = 0;
      NsHttpParseResult r = ns_http_request_parse (copy, strlen (cases[i]), &req, &head_len,
                                                   &error);

      if (r != NS_HTTP_PARSE_ERROR)
        g_error ("case %u (%s) was not rejected", i, cases[i]);
      g_assert_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED);
      g_assert_null (req);
    }
}

static void
test_malformed_responses (void)
{
  const char *cases[] = {
    "HTTP/1.1 20 OK\r\n\r\n",
    "HTTP/1.1 099 Hm\r\n\r\n",
    "HTTP/1.1 200OK\r\n\r\n",
    "HTTP/1.1 2x0 OK\r\n\r\n",
    "HTTX/1.1 200 OK\r\n\r\n",
    "HTTP/1.1 200 O\x7fK\r\n\r\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      NsHttpResponse *resp = NULL;
      gsize head_len = 0;

      g_assert_cmpint (ns_http_response_parse ((const guint8 *) cases[i], strlen (cases[i]),
                                               &resp, &head_len, &error), ==,
                       NS_HTTP_PARSE_ERROR);
      g_assert_nonnull (error);
      g_assert_null (resp);
    }
}

static void
test_head_too_long (void)
{
  g_autofree guint8 *big = g_malloc (NS_HTTP_MAX_HEAD + 10);
  g_autoptr (GError) error = NULL;
  NsHttpRequest *req = NULL;
  gsize head_len = 0;

  memcpy (big, "GET / HTTP/1.1\r\nX: ", 19);
  memset (big + 19, 'a', NS_HTTP_MAX_HEAD + 10 - 19);
  g_assert_cmpint (ns_http_request_parse (big, NS_HTTP_MAX_HEAD + 10, &req, &head_len, &error),
                   ==, NS_HTTP_PARSE_ERROR);
  g_assert_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED);
}

static void
test_content_length (void)
{
  const struct {
    const char *values[3];
    gboolean ok, present;
    guint64 length;
  } cases[] = {
    { { "42" }, TRUE, TRUE, 42 },
    { { "42", "42" }, TRUE, TRUE, 42 },
    { { "42, 42" }, TRUE, TRUE, 42 },
    { { NULL }, FALSE, FALSE, 0 },
    { { "42", "43" }, FALSE, TRUE, 0 },
    { { "4 2" }, FALSE, TRUE, 0 },
    { { "-1" }, FALSE, TRUE, 0 },
    { { "" }, FALSE, TRUE, 0 },
    { { "0x10" }, FALSE, TRUE, 0 },
    { { "99999999999999999999999" }, FALSE, TRUE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (NsHttpResponse) resp = ns_http_response_new (200, NULL);
      GPtrArray *fields = resp->fields;
      g_autoptr (GError) error = NULL;
      guint64 length = 0;
      gboolean present = FALSE, ok;

      for (guint j = 0; j < 3 && cases[i].values[j] != NULL; j++)
        ns_http_fields_add (fields, "content-length", cases[i].values[j]);
      ok = ns_http_fields_content_length (fields, &length, &present, &error);
      g_assert_cmpint (ok, ==, cases[i].ok);
      g_assert_cmpint (present, ==, cases[i].present);
      if (ok)
        g_assert_cmpuint (length, ==, cases[i].length);
      g_assert_true ((error != NULL) == (cases[i].present && !cases[i].ok));
    }
}

/* Every single-byte corruption of a request and a response head parses
 * or fails cleanly, never reading past the buffer (ASan watches). */
static void
test_mutations (void)
{
  const char *texts[] = { request_text, response_text };

  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    {
      gsize n = strlen (texts[t]);

      for (gsize i = 0; i < n; i++)
        for (guint v = 0; v < 256; v += 5)
          {
            g_autoptr (GError) error = NULL;
            g_autofree guint8 *copy = g_memdup2 (texts[t], n);
            gsize head_len = 0;
            NsHttpParseResult r;

            copy[i] = (guint8) v;
            if (t == 0)
              {
                g_autoptr (NsHttpRequest) req = NULL;
                r = ns_http_request_parse (copy, n, &req, &head_len, &error);
                g_assert_true ((r == NS_HTTP_PARSE_DONE) == (req != NULL));
              }
            else
              {
                g_autoptr (NsHttpResponse) resp = NULL;
                r = ns_http_response_parse (copy, n, &resp, &head_len, &error);
                g_assert_true ((r == NS_HTTP_PARSE_DONE) == (resp != NULL));
              }
            g_assert_true ((r == NS_HTTP_PARSE_ERROR) == (error != NULL));
            if (r == NS_HTTP_PARSE_DONE)
              g_assert_cmpuint (head_len, <=, n);
          }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/net/http-wire/request-parse", test_request_parse);
  g_test_add_func ("/net/http-wire/request-emit", test_request_emit);
  g_test_add_func ("/net/http-wire/response-parse", test_response_parse);
  g_test_add_func ("/net/http-wire/response-emit", test_response_emit);
  g_test_add_func ("/net/http-wire/emit-rejects-injection", test_emit_rejects_injection);
  g_test_add_func ("/net/http-wire/incremental", test_incremental);
  g_test_add_func ("/net/http-wire/leading-empty-lines", test_leading_empty_lines);
  g_test_add_func ("/net/http-wire/malformed-requests", test_malformed_requests);
  g_test_add_func ("/net/http-wire/malformed-responses", test_malformed_responses);
  g_test_add_func ("/net/http-wire/head-too-long", test_head_too_long);
  g_test_add_func ("/net/http-wire/content-length", test_content_length);
  g_test_add_func ("/net/http-wire/mutations", test_mutations);
  return g_test_run ();
}
