/* http-wire.h: the head of an HTTP/1.1 message (RFC 9112): the request
 * line or status line and the header fields, up to the empty line.
 *
 * The parser is total and bounded: it looks at most NS_HTTP_MAX_HEAD bytes,
 * needs CRLF line ends, rejects whitespace before a field's colon (§5.1),
 * obsolete line folding (§5.2), control characters in a field value and a
 * Content-Length that is not one decimal number (RFC 9110 §8.6). The body
 * is not its business: the caller reads Content-Length bytes after the
 * head. Errors are in the NS_WIRE_ERROR domain. */
#pragma once

#include <glib.h>

#include "net/wire/wire.h"

G_BEGIN_DECLS

/* The longest head accepted (request line or status line plus fields). */
#define NS_HTTP_MAX_HEAD 8192
#define NS_HTTP_MAX_FIELDS 100

typedef struct {
  char *name;
  char *value;   /* without the leading and trailing whitespace */
} NsHttpField;

typedef struct {
  char      *method;
  char      *target;         /* request-target as sent: "/", "/index.html" */
  guint      version_minor;  /* HTTP/1.x */
  GPtrArray *fields;         /* of NsHttpField*, in order */
} NsHttpRequest;

typedef struct {
  guint      version_minor;
  guint      status;         /* 100..999 */
  char      *reason;
  GPtrArray *fields;
} NsHttpResponse;

typedef enum {
  NS_HTTP_PARSE_DONE,       /* a whole head was parsed */
  NS_HTTP_PARSE_NEED_MORE,  /* no empty line yet: wait for more bytes */
  NS_HTTP_PARSE_ERROR,      /* malformed, or no end within NS_HTTP_MAX_HEAD */
} NsHttpParseResult;

/* Parses the head at the start of @data. On DONE, *out is the head and
 * *head_len its length including the empty line: the body starts there. */
NsHttpParseResult ns_http_request_parse (const guint8 *data, gsize len, NsHttpRequest **out,
                                         gsize *head_len, GError **error);
NsHttpParseResult ns_http_response_parse (const guint8 *data, gsize len, NsHttpResponse **out,
                                          gsize *head_len, GError **error);

NsHttpRequest  *ns_http_request_new (const char *method, const char *target);
void            ns_http_request_free (NsHttpRequest *self);
NsHttpResponse *ns_http_response_new (guint status, const char *reason);
void            ns_http_response_free (NsHttpResponse *self);

/* Appends a field to @fields (a request's or response's). */
void            ns_http_fields_add (GPtrArray *fields, const char *name, const char *value);
/* The value of the first field called @name (case-insensitive), or NULL. */
const char     *ns_http_fields_get (GPtrArray *fields, const char *name);
/* Content-Length (RFC 9110 §8.6): FALSE with *present FALSE if there is
 * none; FALSE with @error if it is not a valid number or several values
 * disagree. */
gboolean        ns_http_fields_content_length (GPtrArray *fields, guint64 *length_out,
                                               gboolean *present, GError **error);

/* Writes the head with CRLF line ends and the final empty line. Fails if a
 * method, name, target or value holds a character it may not (CR, LF, ...). */
GBytes         *ns_http_request_emit (const NsHttpRequest *self, GError **error);
GBytes         *ns_http_response_emit (const NsHttpResponse *self, GError **error);

/* "OK", "Not Found", ... (RFC 9110 §15), "" for codes it does not know. */
const char     *ns_http_reason_phrase (guint status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NsHttpRequest, ns_http_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NsHttpResponse, ns_http_response_free)

G_END_DECLS
