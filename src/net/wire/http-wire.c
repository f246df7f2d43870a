/* http-wire.c: HTTP/1.1 message heads (RFC 9112 §2-§5, RFC 9110 §5). */
#include "net/wire/http-wire.h"

#include <string.h>

static void
field_free (NsHttpField *f)
{
  g_free (f->name);
  g_free (f->value);
  g_free (f);
}

static GPtrArray *
fields_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
}

void
ns_http_fields_add (GPtrArray *fields, const char *name, const char *value)
{
  NsHttpField *f = g_new0 (NsHttpField, 1);

  f->name = g_strdup (name);
  f->value = g_strdup (value);
  g_ptr_array_add (fields, f);
}

const char *
ns_http_fields_get (GPtrArray *fields, const char *name)
{
  for (guint i = 0; i < fields->len; i++)
    {
      const NsHttpField *f = fields->pdata[i];
      if (g_ascii_strcasecmp (f->name, name) == 0)
        return f->value;
    }
  return NULL;
}

NsHttpRequest *
ns_http_request_new (const char *method, const char *target)
{
  NsHttpRequest *r = g_new0 (NsHttpRequest, 1);

  r->method = g_strdup (method);
  r->target = g_strdup (target);
  r->version_minor = 1;
  r->fields = fields_new ();
  return r;
}

void
ns_http_request_free (NsHttpRequest *self)
{
  if (self == NULL)
    return;
  g_free (self->method);
  g_free (self->target);
  g_ptr_array_unref (self->fields);
  g_free (self);
}

NsHttpResponse *
ns_http_response_new (guint status, const char *reason)
{
  NsHttpResponse *r = g_new0 (NsHttpResponse, 1);

  r->version_minor = 1;
  r->status = status;
  r->reason = g_strdup (reason != NULL ? reason : ns_http_reason_phrase (status));
  r->fields = fields_new ();
  return r;
}

void
ns_http_response_free (NsHttpResponse *self)
{
  if (self == NULL)
    return;
  g_free (self->reason);
  g_ptr_array_unref (self->fields);
  g_free (self);
}

/* ---- character classes (RFC 9110 §5.6.2, §5.5) ---- */

static gboolean
is_tchar (guint8 c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+-.^_`|~", c) != NULL);
}

static gboolean
is_token (const guint8 *s, gsize n)
{
  if (n == 0)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!is_tchar (s[i]))
      return FALSE;
  return TRUE;
}

/* field-vchar, SP and HTAB; obs-text (0x80-0xff) is allowed. */
static gboolean
is_value_char (guint8 c)
{
  return c == '\t' || c == ' ' || (c >= 0x21 && c != 0x7f);
}

static gboolean
is_target_char (guint8 c)
{
  return c > 0x20 && c != 0x7f;
}

static gboolean
fail (GError **error, const char *message)
{
  g_set_error_literal (error, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED, message);
  return FALSE;
}

/* ---- head framing ---- */

/* Finds the empty line ending the head. */
static NsHttpParseResult
find_head (const guint8 *data, gsize len, gsize start, gsize *end_out, GError **error)
{
  gsize limit = MIN (len, (gsize) NS_HTTP_MAX_HEAD);

  for (gsize i = start; i + 4 <= limit; i++)
    if (data[i] == '\r' && data[i + 1] == '\n' && data[i + 2] == '\r' && data[i + 3] == '\n')
      {
        *end_out = i + 2;   /* just past the last field line's CRLF */
        return NS_HTTP_PARSE_DONE;
      }
  if (len >= NS_HTTP_MAX_HEAD)
    {
      g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED,
                   "HTTP head is longer than %d bytes", NS_HTTP_MAX_HEAD);
      return NS_HTTP_PARSE_ERROR;
    }
  return NS_HTTP_PARSE_NEED_MORE;
}

/* The line starting at *pos (before @end), without its CRLF; a CR or LF
 * alone inside it is an error (RFC 9112 §2.2). */
static gboolean
next_line (const guint8 *data, gsize end, gsize *pos, gsize *line_len, GError **error)
{
  for (gsize i = *pos; i < end; i++)
    {
      if (data[i] == '\r' && i + 1 < end && data[i + 1] == '\n')
        {
          *line_len = i - *pos;
          return TRUE;
        }
      if (data[i] == '\r' || data[i] == '\n')
        return fail (error, "HTTP line holds a bare CR or LF");
    }
  return fail (error, "HTTP line has no CRLF end");
}

static gboolean
parse_field (const guint8 *line, gsize n, GPtrArray *fields, GError **error)
{
  const guint8 *colon = memchr (line, ':', n);
  gsize vs, ve;
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;

  if (n > 0 && (line[0] == ' ' || line[0] == '\t'))
    return fail (error, "HTTP field uses obsolete line folding (RFC 9112 §5.2)");
  if (colon == NULL)
    return fail (error, "HTTP field line has no colon");
  /* RFC 9112 §5.1: no whitespace between the name and the colon. */
  if (!is_token (line, (gsize) (colon - line)))
    return fail (error, "HTTP field name is not a token");
  vs = (gsize) (colon - line) + 1;
  ve = n;
  while (vs < ve && (line[vs] == ' ' || line[vs] == '\t'))
    vs++;
  while (ve > vs && (line[ve - 1] == ' ' || line[ve - 1] == '\t'))
    ve--;
  for (gsize i = vs; i < ve; i++)
    if (!is_value_char (line[i]))
      return fail (error, "HTTP field value holds a control character");
  if (fields->len >= NS_HTTP_MAX_FIELDS)
    return fail (error, "HTTP head has too many fields");
  name = g_strndup ((const char *) line, (gsize) (colon - line));
  value = g_strndup ((const char *) line + vs, ve - vs);
  ns_http_fields_add (fields, name, value);
  return TRUE;
}

/* Frames the head and parses its field lines; @first and @first_len give the
 * start line. */
static NsHttpParseResult
parse_head (const guint8 *data, gsize len, gboolean request, const guint8 **first,
            gsize *first_len, GPtrArray *fields, gsize *head_len, GError **error)
{
  gsize start = 0, end = 0, pos;
  NsHttpParseResult r;

  /* RFC 9112 §2.2: a server should ignore empty lines before the
   * request line. */
  while (request && start + 1 < len && data[start] == '\r' && data[start + 1] == '\n')
    start += 2;
  r = find_head (data, len, start, &end, error);
  if (r != NS_HTTP_PARSE_DONE)
    return r;
  pos = start;
  if (!next_line (data, end, &pos, first_len, error))
    return NS_HTTP_PARSE_ERROR;
  *first = data + pos;
  pos += *first_len + 2;
  while (pos < end)
    {
      gsize n;

      if (!next_line (data, end, &pos, &n, error)
          || !parse_field (data + pos, n, fields, error))
        return NS_HTTP_PARSE_ERROR;
      pos += n + 2;
    }
  *head_len = end + 2;
  return NS_HTTP_PARSE_DONE;
}

/* "HTTP/1.x" (RFC 9112 §2.3); only major version 1 is spoken here. */
static gboolean
parse_version (const guint8 *s, gsize n, guint *minor)
{
  if (n != 8 || memcmp (s, "HTTP/1.", 7) != 0 || !g_ascii_isdigit (s[7]))
    return FALSE;
  *minor = (guint) (s[7] - '0');
  return TRUE;
}

static gboolean
parse_request_line (const guint8 *line, gsize n, NsHttpRequest *req, GError **error)
{
  const guint8 *sp1 = memchr (line, ' ', n);
  const guint8 *sp2;
  gsize mlen, tlen;

  if (sp1 == NULL)
    return fail (error, "HTTP request line has no space");
  mlen = (gsize) (sp1 - line);
  sp2 = memchr (sp1 + 1, ' ', n - mlen - 1);
  if (sp2 == NULL)
    return fail (error, "HTTP request line has no version");
  tlen = (gsize) (sp2 - sp1 - 1);
  /* RFC 9112 §3: method SP request-target SP HTTP-version. */
  if (!is_token (line, mlen))
    return fail (error, "HTTP method is not a token");
  if (tlen == 0)
    return fail (error, "HTTP request target is empty");
  for (gsize i = 0; i < tlen; i++)
    if (!is_target_char (sp1[1 + i]))
      return fail (error, "HTTP request target holds a space or control character");
  if (!parse_version (sp2 + 1, n - mlen - tlen - 2, &req->version_minor))
    return fail (error, "HTTP request line does not end in HTTP/1.x");
  req->method = g_strndup ((const char *) line, mlen);
  req->target = g_strndup ((const char *) sp1 + 1, tlen);
  return TRUE;
}

static gboolean
parse_status_line (const guint8 *line, gsize n, NsHttpResponse *resp, GError **error)
{
  gsize rs;

  /* RFC 9112 §4: HTTP-version SP 3DIGIT SP [reason-phrase]. */
  if (n < 12 || !parse_version (line, 8, &resp->version_minor) || line[8] != ' ')
    return fail (error, "HTTP status line does not start with HTTP/1.x");
  if (!g_ascii_isdigit (line[9]) || !g_ascii_isdigit (line[10]) || !g_ascii_isdigit (line[11])
      || line[9] == '0')
    return fail (error, "HTTP status code is not three digits");
  resp->status = (guint) ((line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0'));
  if (n > 12 && line[12] != ' ')
    return fail (error, "HTTP status code is not followed by a space");
  rs = n > 12 ? 13 : 12;
  for (gsize i = rs; i < n; i++)
    if (!is_value_char (line[i]))
      return fail (error, "HTTP reason phrase holds a control character");
  resp->reason = g_strndup ((const char *) line + rs, n - rs);
  return TRUE;
}

NsHttpParseResult
ns_http_request_parse (const guint8 *data, gsize len, NsHttpRequest **out, gsize *head_len,
                       GError **error)
{
  g_autoptr (NsHttpRequest) req = g_new0 (NsHttpRequest, 1);
  const guint8 *line = NULL;
  gsize line_len = 0;
  NsHttpParseResult r;

  req->fields = fields_new ();
  r = parse_head (data, len, TRUE, &line, &line_len, req->fields, head_len, error);
  if (r != NS_HTTP_PARSE_DONE)
    return r;
  if (!parse_request_line (line, line_len, req, error))
    return NS_HTTP_PARSE_ERROR;
  *out = g_steal_pointer (&req);
  return NS_HTTP_PARSE_DONE;
}

NsHttpParseResult
ns_http_response_parse (const guint8 *data, gsize len, NsHttpResponse **out, gsize *head_len,
                        GError **error)
{
  g_autoptr (NsHttpResponse) resp = g_new0 (NsHttpResponse, 1);
  const guint8 *line = NULL;
  gsize line_len = 0;
  NsHttpParseResult r;

  resp->fields = fields_new ();
  r = parse_head (data, len, FALSE, &line, &line_len, resp->fields, head_len, error);
  if (r != NS_HTTP_PARSE_DONE)
    return r;
  if (!parse_status_line (line, line_len, resp, error))
    return NS_HTTP_PARSE_ERROR;
  *out = g_steal_pointer (&resp);
  return NS_HTTP_PARSE_DONE;
}

/* One Content-Length value: a list of equal decimal numbers is accepted
 * as that number (RFC 9110 §8.6). */
static gboolean
parse_length_value (const char *value, guint64 *out, gboolean *have, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (value, ",", -1);

  if (parts[0] == NULL)
    return fail (error, "HTTP Content-Length is empty");
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *p = g_strstrip (parts[i]);
      guint64 v = 0;

      if (*p == '\0')
        return fail (error, "HTTP Content-Length is empty");
      for (; *p != '\0'; p++)
        {
          if (!g_ascii_isdigit (*p))
            return fail (error, "HTTP Content-Length is not a number");
          if (v > (G_MAXUINT64 - 9) / 10)
            return fail (error, "HTTP Content-Length is too large");
          v = v * 10 + (guint64) (*p - '0');
        }
      if (*have && v != *out)
        return fail (error, "HTTP Content-Length values disagree");
      *out = v;
      *have = TRUE;
    }
  return TRUE;
}

gboolean
ns_http_fields_content_length (GPtrArray *fields, guint64 *length_out, gboolean *present,
                               GError **error)
{
  gboolean have = FALSE;
  guint64 v = 0;

  for (guint i = 0; i < fields->len; i++)
    {
      const NsHttpField *f = fields->pdata[i];

      if (g_ascii_strcasecmp (f->name, "Content-Length") == 0
          && !parse_length_value (f->value, &v, &have, error))
        {
          *present = TRUE;
          return FALSE;
        }
    }
  *present = have;
  *length_out = v;
  return have;
}

/* ---- writing ---- */

static GBytes *
emit_fail (GError **error, const char *message)
{
  fail (error, message);
  return NULL;
}

static gboolean
write_fields (GString *s, GPtrArray *fields, GError **error)
{
  for (guint i = 0; i < fields->len; i++)
    {
      const NsHttpField *f = fields->pdata[i];
      gsize vn = strlen (f->value);

      if (!is_token ((const guint8 *) f->name, strlen (f->name)))
        return fail (error, "HTTP field name is not a token");
      for (gsize j = 0; j < vn; j++)
        if (!is_value_char ((guint8) f->value[j]))
          return fail (error, "HTTP field value holds a control character");
      g_string_append_printf (s, "%s: %s\r\n", f->name, f->value);
    }
  g_string_append (s, "\r\n");
  return TRUE;
}

GBytes *
ns_http_request_emit (const NsHttpRequest *self, GError **error)
{
  g_autoptr (GString) s = g_string_new (NULL);
  gsize tn = strlen (self->target);

  if (!is_token ((const guint8 *) self->method, strlen (self->method)))
    return emit_fail (error, "HTTP method is not a token");
  if (tn == 0)
    return emit_fail (error, "HTTP request target is empty");
  for (gsize i = 0; i < tn; i++)
    if (!is_target_char ((guint8) self->target[i]))
      return emit_fail (error, "HTTP request target holds a space or control character");
  g_string_append_printf (s, "%s %s HTTP/1.%u\r\n", self->method, self->target,
                          MIN (self->version_minor, 9u));
  if (!write_fields (s, self->fields, error))
    return NULL;
  return g_string_free_to_bytes (g_steal_pointer (&s));
}

GBytes *
ns_http_response_emit (const NsHttpResponse *self, GError **error)
{
  g_autoptr (GString) s = g_string_new (NULL);
  const char *reason = self->reason != NULL ? self->reason : "";

  if (self->status < 100 || self->status > 999)
    return emit_fail (error, "HTTP status code is not three digits");
  for (const char *p = reason; *p != '\0'; p++)
    if (!is_value_char ((guint8) *p))
      return emit_fail (error, "HTTP reason phrase holds a control character");
  g_string_append_printf (s, "HTTP/1.%u %03u %s\r\n", MIN (self->version_minor, 9u),
                          self->status, reason);
  if (!write_fields (s, self->fields, error))
    return NULL;
  return g_string_free_to_bytes (g_steal_pointer (&s));
}

const char *
ns_http_reason_phrase (guint status)
{
  switch (status)
    {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "";
    }
}
