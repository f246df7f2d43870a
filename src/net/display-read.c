/* display-read.c: byte readers shared by the dissector and the summarizer
 * (display code: each is total, bounded, and never trusts a length or
 * pointer field). */
#include "net/display-read.h"

#include <string.h>

gboolean
ns_dns_name_read (const guint8 *msg, gsize len, gsize pos, GString *out, gsize *next_out,
                  const char **error_out)
{
  gsize next = 0, limit = pos, name_len = 0;
  gboolean jumped = FALSE;

  g_string_truncate (out, 0);
  for (;;)
    {
      guint l;

      if (pos >= len)
        return (*error_out = "the name runs past the end of the message"), FALSE;
      l = msg[pos];
      if ((l & 0xc0) == 0xc0)
        {
          gsize target;

          if (len - pos < 2)
            return (*error_out = "a compression pointer is cut off"), FALSE;
          target = (gsize) (l & 0x3f) << 8 | msg[pos + 1];
          /* RFC 1035 §4.1.4: a pointer names a prior occurrence. Requiring
           * it to point before everything read so far rules out loops. */
          if (target >= limit)
            return (*error_out = "a compression pointer does not point backwards (a loop)"), FALSE;
          if (!jumped)
            next = pos + 2;
          jumped = TRUE;
          pos = limit = target;
          continue;
        }
      if (l & 0xc0)
        return (*error_out = "a label has a reserved type (0x40 or 0x80)"), FALSE;
      if (l == 0)
        break;
      if (l > len - pos - 1)
        return (*error_out = "a label runs past the end of the message"), FALSE;
      /* RFC 1035 §2.3.4: 255 bytes at most. */
      name_len += l + 1;
      if (name_len > 255)
        return (*error_out = "the name is longer than 255 bytes"), FALSE;
      if (out->len)
        g_string_append_c (out, '.');
      ns_append_printable (out, msg + pos + 1, l);
      pos += 1 + l;
    }
  if (!jumped)
    next = pos + 1;
  if (out->len == 0)
    g_string_append (out, "<root>");
  *next_out = next;
  return TRUE;
}

const char *
ns_dns_type_name (guint16 type, char buf[16])
{
  static const struct { guint16 type; const char *name; } names[] = {
    { 1, "A" }, { 2, "NS" }, { 5, "CNAME" }, { 6, "SOA" }, { 12, "PTR" }, { 15, "MX" },
    { 16, "TXT" }, { 28, "AAAA" }, { 33, "SRV" }, { 41, "OPT" }, { 255, "ANY" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (names[i].type == type)
      return g_strlcpy (buf, names[i].name, 16), buf;
  g_snprintf (buf, 16, "TYPE%u", type);
  return buf;
}

const char *
ns_dns_rcode_name (guint rcode)
{
  static const char *names[] = {
    "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
  };

  return rcode < G_N_ELEMENTS (names) ? names[rcode] : "RCODE?";
}

gboolean
ns_http_looks_like (const guint8 *p, gsize len)
{
  static const char *starts[] = {
    "GET ", "POST ", "HEAD ", "PUT ", "DELETE ", "OPTIONS ", "PATCH ", "CONNECT ", "TRACE ",
    "HTTP/1.",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (starts); i++)
    {
      gsize n = strlen (starts[i]);

      if (len >= n && memcmp (p, starts[i], n) == 0)
        return TRUE;
    }
  return FALSE;
}

void
ns_append_printable (GString *out, const guint8 *p, gsize len)
{
  for (gsize i = 0; i < len; i++)
    {
      if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\')
        g_string_append_c (out, (char) p[i]);
      else
        g_string_append_printf (out, "\\x%02x", p[i]);
    }
}

gsize
ns_line_len (const guint8 *p, gsize len, gsize *eol_len_out)
{
  const guint8 *nl = memchr (p, '\n', len);
  gsize n;

  if (nl == NULL)
    {
      *eol_len_out = 0;
      return len;
    }
  n = (gsize) (nl - p);
  if (n > 0 && p[n - 1] == '\r')
    {
      *eol_len_out = 2;
      return n - 1;
    }
  *eol_len_out = 1;
  return n;
}
