/* apps/http.h: the `http-server` service and the `http-get` action,
 * HTTP/1.1 (RFC 9112) over the stack's TCP.
 *
 * The server answers `GET /` (and `HEAD /`) with `200 OK`, a
 * `Content-Type: text/html` body of exactly `body_bytes` readable bytes and
 * its `Content-Length`; any other path gets `404 Not Found`, another
 * method `405`, a malformed request `400` and a close. Connections are
 * persistent (RFC 9112 §9.3): the server closes when the client does.
 *
 * The client resolves the URL's host by DNS when it is a name, connects,
 * sends `GET path HTTP/1.1` with `Host`, reads the response head and
 * Content-Length bytes of body, closes, and reports `status` (uint32),
 * `bytes` (uint64, body bytes), `time_ms` (double, from the start, DNS
 * included), `address` (string) and `url` (string). */
#pragma once

#include "net/stack.h"

G_BEGIN_DECLS

#define NS_HTTP_DEFAULT_PORT 80

/* `http://host[:port][/path]` (RFC 9110 §4.2.1; the scheme may be left
 * out). @path_out starts with '/'. Errors are NS_WIRE_ERROR_MALFORMED. */
gboolean  ns_http_parse_url (const char *url, char **host_out, guint16 *port_out,
                             char **path_out, GError **error);

/* The bytes of the page body from @offset: an HTML-ish text pattern, the
 * same for every server, so the client and the tests can check it. */
void      ns_http_body_fill (guint8 *buf, guint64 offset, gsize n);

/* Listens on @port; the stack owns the service. FALSE with @error if the
 * port is taken. */
gboolean  ns_http_server_start (NsStack *stack, guint16 port, guint64 body_bytes,
                                GError **error);

/* Starts the `http-get` action now. @from_port 0: an ephemeral port. */
void      ns_http_get_start (NsStack *stack, const char *url, guint16 from_port);

G_END_DECLS
