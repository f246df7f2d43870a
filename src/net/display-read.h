/* display-read.h: byte readers shared by the dissector and the
 * summarizer (display code: each is total, bounded, and never trusts a
 * length or pointer field). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Reads a domain name (RFC 1035 §3.1, compression §4.1.4) at @pos of the DNS
 * message @msg of @len bytes into @out (dotted, unprintable bytes escaped,
 * "<root>" for the root). A compression pointer must point before the
 * start of the labels being read, so a loop cannot occur; at most 255 bytes
 * of name. *@next_out: the byte after the name where it started. On failure
 * *@error_out is a static message. */
gboolean     ns_dns_name_read (const guint8 *msg, gsize len, gsize pos, GString *out,
                               gsize *next_out, const char **error_out);
/* "A", "NS", "CNAME", "SOA", "PTR", "MX", "TXT", "AAAA", ... or "TYPE%u" into @buf. */
const char  *ns_dns_type_name (guint16 type, char buf[16]);
/* Name of a DNS reply code (RFC 1035 §4.1.1): "NOERROR", "NXDOMAIN", ... */
const char  *ns_dns_rcode_name (guint rcode);
/* TRUE if @p starts like an HTTP/1.x request line or status line. */
gboolean     ns_http_looks_like (const guint8 *p, gsize len);
/* Appends @len bytes, printable ASCII as is, others as \xNN (valid UTF-8). */
void         ns_append_printable (GString *out, const guint8 *p, gsize len);
/* Length of the line at @p (up to, not including, CR LF or LF); *@eol_len_out
 * is 2, 1, or 0 when the bytes end before a line end. */
gsize        ns_line_len (const guint8 *p, gsize len, gsize *eol_len_out);

G_END_DECLS
