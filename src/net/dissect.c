/* dissect.c: the packet inspector's layer tree of a frame.
 *
 * Display code, self-contained: it reads every field straight from the
 * bytes (the codecs of wire/ reject what is malformed, but the inspector
 * must still show it), checks each range before reading, and records what
 * does not hold as a malformed layer or field. */
#include "net/dissect.h"

#include <stdarg.h>
#include <string.h>

#include "net/display-read.h"
#include "net/wire/checksum.h"
#include "net/wire/wire.h"

#define PROTO_ICMP 1
#define PROTO_TCP  6
#define PROTO_UDP  17

/* Bounds that keep a hostile message from making a huge tree. */
#define MAX_DNS_RECORDS  64
#define MAX_HTTP_LINES   100

typedef struct {
  const guint8 *frame;
  gsize         len;
  NsDissection *d;
  NsSummarizer *isns;  /* for relative TCP numbers, or NULL */
} Dis;

/* What the IP layer tells the transport dissectors. */
typedef struct {
  guint32   src;
  guint32   dst;
  gboolean  quoted;  /* inside an ICMP error: cut short on purpose */
} IpInfo;

/* ---- the tree ---- */

static void
field_free (gpointer data)
{
  NsDissectField *f = data;

  g_free (f->name);
  g_free (f->value);
  g_clear_pointer (&f->children, g_ptr_array_unref);
  g_free (f);
}

static void
layer_free (gpointer data)
{
  NsDissectLayer *l = data;

  g_free (l->title);
  g_free (l->error);
  g_ptr_array_unref (l->fields);
  g_free (l);
}

void
ns_dissection_free (NsDissection *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->layers);
  g_free (self);
}

static NsDissectLayer *
layer_add (Dis *dis, const char *protocol, gsize offset, gsize length, const char *title)
{
  NsDissectLayer *l = g_new0 (NsDissectLayer, 1);

  l->protocol = protocol;
  l->title = g_strdup (title);
  l->offset = offset;
  l->length = length;
  l->fields = g_ptr_array_new_with_free_func (field_free);
  g_ptr_array_add (dis->d->layers, l);
  return l;
}

static NsDissectField *
field_new (GPtrArray *list, const char *name, gsize offset, gsize length, const char *meaning,
           char *value)
{
  NsDissectField *f = g_new0 (NsDissectField, 1);

  f->name = g_strdup (name);
  f->value = value;
  f->meaning = meaning;
  f->offset = offset;
  f->length = length;
  g_ptr_array_add (list, f);
  return f;
}

static NsDissectField *field_add (NsDissectLayer *layer, const char *name, gsize offset,
                                  gsize length, const char *meaning, const char *format, ...)
                                  G_GNUC_PRINTF (6, 7);

static NsDissectField *
field_add (NsDissectLayer *layer, const char *name, gsize offset, gsize length,
           const char *meaning, const char *format, ...)
{
  va_list ap;
  char *value;

  va_start (ap, format);
  value = g_strdup_vprintf (format, ap);
  va_end (ap);
  return field_new (layer->fields, name, offset, length, meaning, value);
}

static NsDissectField *child_add (NsDissectField *parent, const char *name, gsize offset,
                                  gsize length, const char *meaning, const char *format, ...)
                                  G_GNUC_PRINTF (6, 7);

static NsDissectField *
child_add (NsDissectField *parent, const char *name, gsize offset, gsize length,
           const char *meaning, const char *format, ...)
{
  va_list ap;
  char *value;

  if (parent->children == NULL)
    parent->children = g_ptr_array_new_with_free_func (field_free);
  va_start (ap, format);
  value = g_strdup_vprintf (format, ap);
  va_end (ap);
  return field_new (parent->children, name, offset, length, meaning, value);
}

static void layer_malformed (NsDissectLayer *layer, gsize offset, gsize length,
                             const char *format, ...) G_GNUC_PRINTF (4, 5);

/* Flags @layer and adds a malformed field carrying the error text. */
static void
layer_malformed (NsDissectLayer *layer, gsize offset, gsize length, const char *format, ...)
{
  va_list ap;
  char *text;
  NsDissectField *f;

  va_start (ap, format);
  text = g_strdup_vprintf (format, ap);
  va_end (ap);
  layer->malformed = TRUE;
  if (layer->error == NULL)
    layer->error = g_strdup (text);
  f = field_new (layer->fields, "Malformed", offset, length, NULL, text);
  f->malformed = TRUE;
}

/* TRUE if bytes [pos, pos + n) lie before @end. Otherwise the layer is
 * truncated: malformed, unless it is a quoted header, which an ICMP error
 * cuts on purpose (RFC 792: IP header + 64 bits). */
static gboolean
need (NsDissectLayer *layer, gsize pos, gsize n, gsize end, gboolean quoted)
{
  if (pos <= end && n <= end - pos)
    return TRUE;
  if (!quoted)
    layer_malformed (layer, MIN (pos, end), end - MIN (pos, end),
                     "Truncated: %" G_GSIZE_FORMAT " bytes needed at offset %" G_GSIZE_FORMAT
                     ", the data ends at %" G_GSIZE_FORMAT, n, pos, end);
  return FALSE;
}

static char *
ip_string (const guint8 *p)
{
  return g_strdup_printf ("%u.%u.%u.%u", p[0], p[1], p[2], p[3]);
}

static char *
mac_string (const guint8 *p)
{
  return g_strdup_printf ("%02x:%02x:%02x:%02x:%02x:%02x", p[0], p[1], p[2], p[3], p[4], p[5]);
}

static const char *
yes_no (gboolean set)
{
  return set ? "Set (1)" : "Not set (0)";
}

static void
add_data_layer (Dis *dis, const char *what, gsize off, gsize end)
{
  g_autofree char *title = g_strdup_printf ("%s (%" G_GSIZE_FORMAT " bytes)", what, end - off);
  NsDissectLayer *layer = layer_add (dis, "Payload", off, end - off, title);
  GString *preview = g_string_new (NULL);

  ns_append_printable (preview, dis->frame + off, MIN (end - off, 48));
  if (end - off > 48)
    g_string_append (preview, "…");
  field_new (layer->fields, "Data", off, end - off,
             "the bytes the application handed down; the layers below carry them unread",
             g_string_free (preview, FALSE));
}

/* ---- HTTP ---- */

static const char *
http_header_meaning (const char *name)
{
  static const struct { const char *name; const char *meaning; } known[] = {
    { "Host", "which web site on this server the client wants (many sites share an address)" },
    { "Content-Length", "how many bytes of body follow the empty line" },
    { "Content-Type", "what kind of data the body is (a MIME type)" },
    { "User-Agent", "the program that made the request" },
    { "Server", "the program that answered" },
    { "Connection", "whether the TCP connection stays open after this exchange" },
    { "Accept", "the kinds of data the client can use" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_ascii_strcasecmp (name, known[i].name) == 0)
      return known[i].meaning;
  return "a header: extra information about the request or response";
}

static void
http_first_line (NsDissectLayer *layer, const guint8 *p, gsize off, gsize n)
{
  const guint8 *sp1 = memchr (p, ' ', n);
  const guint8 *sp2 = sp1 ? memchr (sp1 + 1, ' ', n - (gsize) (sp1 + 1 - p)) : NULL;
  gsize a = sp1 ? (gsize) (sp1 - p) : n;
  gsize b = sp2 ? (gsize) (sp2 - p) : n;
  gboolean response = n >= 5 && memcmp (p, "HTTP/", 5) == 0;
  GString *s1 = g_string_new (NULL), *s2 = g_string_new (NULL), *s3 = g_string_new (NULL);

  ns_append_printable (s1, p, a);
  if (sp1)
    ns_append_printable (s2, sp1 + 1, b - a - 1);
  if (sp2)
    ns_append_printable (s3, sp2 + 1, n - b - 1);
  if (response)
    {
      field_new (layer->fields, "Version", off, a, "the HTTP version the server speaks",
                 g_string_free (s1, FALSE));
      field_new (
        layer->fields, "Status code", sp1 ? off + a + 1 : off + n, sp1 ? b - a - 1 : 0,
        "the result: 2xx success, 3xx go elsewhere, 4xx client's error, 5xx server's error",
        g_string_free (s2, FALSE));
      field_new (layer->fields, "Reason phrase", sp2 ? off + b + 1 : off + n, sp2 ? n - b - 1 : 0,
                 "the status code in words, for people", g_string_free (s3, FALSE));
    }
  else
    {
      field_new (layer->fields, "Method", off, a,
                 "what the client asks the server to do (GET: send me this)",
                 g_string_free (s1, FALSE));
      field_new (layer->fields, "Request URI", sp1 ? off + a + 1 : off + n, sp1 ? b - a - 1 : 0,
                 "which resource on the server, the path part of the URL",
                 g_string_free (s2, FALSE));
      field_new (layer->fields, "Version", sp2 ? off + b + 1 : off + n, sp2 ? n - b - 1 : 0,
                 "the HTTP version the client speaks", g_string_free (s3, FALSE));
    }
}

static void
http_header_line (NsDissectLayer *layer, const guint8 *p, gsize off, gsize n)
{
  const guint8 *colon = memchr (p, ':', n);
  GString *name = g_string_new (NULL), *value = g_string_new (NULL);
  gsize v;

  if (colon == NULL)
    {
      ns_append_printable (value, p, n);
      field_new (layer->fields, "Header", off, n, NULL, g_string_free (value, FALSE))->malformed =
        TRUE;
      g_string_free (name, TRUE);
      layer->malformed = TRUE;
      if (layer->error == NULL)
        layer->error = g_strdup ("an HTTP header line has no colon");
      return;
    }
  ns_append_printable (name, p, (gsize) (colon - p));
  for (v = (gsize) (colon - p) + 1; v < n && (p[v] == ' ' || p[v] == '\t'); v++)
    ;
  ns_append_printable (value, p + v, n - v);
  field_new (layer->fields, name->str, off, n, http_header_meaning (name->str),
             g_string_free (value, FALSE));
  g_string_free (name, TRUE);
}

static void
dissect_http (Dis *dis, gsize off, gsize end)
{
  NsDissectLayer *layer = layer_add (dis, "HTTP", off, end - off, "Hypertext Transfer Protocol");
  gsize pos = off;
  gboolean headers_done = FALSE;

  for (guint line = 0; line < MAX_HTTP_LINES && pos < end; line++)
    {
      gsize eol, n = ns_line_len (dis->frame + pos, end - pos, &eol);

      if (eol == 0)
        {
          field_add (layer, "Continued", pos, end - pos,
                     "the headers go on in the next TCP segment", "%" G_GSIZE_FORMAT " bytes",
                     end - pos);
          pos = end;
          break;
        }
      if (n == 0)
        {
          headers_done = TRUE;
          pos += eol;
          break;
        }
      if (line == 0)
        http_first_line (layer, dis->frame + pos, pos, n);
      else
        http_header_line (layer, dis->frame + pos, pos, n);
      pos += n + eol;
    }
  layer->header_len = pos - off;
  if (headers_done && pos < end)
    {
      GString *preview = g_string_new (NULL);

      ns_append_printable (preview, dis->frame + pos, MIN (end - pos, 48));
      g_string_append_printf (preview, "%s (%" G_GSIZE_FORMAT " bytes)",
                              end - pos > 48 ? "…" : "", end - pos);
      field_new (layer->fields, "Body", pos, end - pos,
                 "the content itself (a page, a picture), after the empty line",
                 g_string_free (preview, FALSE));
    }
}

/* ---- DNS ---- */

static const char *
dns_type_meaning (guint16 type)
{
  switch (type)
    {
    case 1: return "A: an IPv4 address";
    case 2: return "NS: the name server responsible for a zone";
    case 5: return "CNAME: this name is an alias of another name";
    case 28: return "AAAA: an IPv6 address";
    default: return "the kind of record";
    }
}

static void
dns_class_field (NsDissectField *parent, const guint8 *msg, gsize base, gsize pos)
{
  guint16 cls = ns_wire_get_u16 (msg + pos);

  child_add (parent, "Class", base + pos, 2, "the network family; IN (1) is the Internet",
             "%s (%u)", cls == 1 ? "IN" : "other", cls);
}

/* Reads the name at @pos into a field (with @name as its label). FALSE if
 * malformed (the layer is flagged). */
static gboolean
dns_name_field (NsDissectLayer *layer, NsDissectField *parent, const guint8 *msg, gsize msg_len,
                gsize base, gsize pos, gsize *next, GString *name_out)
{
  const char *error = NULL;

  if (!ns_dns_name_read (msg, msg_len, pos, name_out, next, &error))
    {
      layer_malformed (layer, base + pos, msg_len - MIN (pos, msg_len), "DNS name: %s", error);
      return FALSE;
    }
  child_add (parent, "Name", base + pos, *next - pos, "the domain name, label by label",
             "%s", name_out->str);
  return TRUE;
}

static gboolean
dns_question (NsDissectLayer *layer, NsDissectField *list, const guint8 *msg, gsize msg_len,
              gsize base, gsize *pos)
{
  g_autoptr (GString) name = g_string_new (NULL);
  NsDissectField *q =
    child_add (list, "Question", base + *pos, 0, "what the client asks", "%s", "");
  gsize next;
  guint16 type;
  char tbuf[16];

  if (!dns_name_field (layer, q, msg, msg_len, base, *pos, &next, name))
    return FALSE;
  if (!need (layer, base + next, 4, base + msg_len, FALSE))
    return FALSE;
  type = ns_wire_get_u16 (msg + next);
  child_add (q, "Type", base + next, 2, dns_type_meaning (type), "%s (%u)",
             ns_dns_type_name (type, tbuf), type);
  dns_class_field (q, msg, base, next + 2);
  g_free (q->value);
  q->value = g_strdup_printf ("%s: type %s", name->str, tbuf);
  q->length = next + 4 - *pos;
  *pos = next + 4;
  return TRUE;
}

static gboolean
dns_record (NsDissectLayer *layer, NsDissectField *list, const guint8 *msg, gsize msg_len,
            gsize base, gsize *pos)
{
  g_autoptr (GString) name = g_string_new (NULL);
  g_autoptr (GString) data = g_string_new (NULL);
  NsDissectField *r =
    child_add (list, "Record", base + *pos, 0,
               "one resource record: a name, its type, how long to keep it, its data", "%s", "");
  gsize next, rdata, rdlen;
  guint16 type;
  char tbuf[16];

  if (!dns_name_field (layer, r, msg, msg_len, base, *pos, &next, name))
    return FALSE;
  if (!need (layer, base + next, 10, base + msg_len, FALSE))
    return FALSE;
  type = ns_wire_get_u16 (msg + next);
  rdlen = ns_wire_get_u16 (msg + next + 8);
  rdata = next + 10;
  child_add (r, "Type", base + next, 2, dns_type_meaning (type), "%s (%u)",
             ns_dns_type_name (type, tbuf), type);
  dns_class_field (r, msg, base, next + 2);
  child_add (r, "Time to live", base + next + 4, 4,
             "seconds a resolver may keep this answer in its cache", "%u s",
             ns_wire_get_u32 (msg + next + 4));
  child_add (r, "Data length", base + next + 8, 2, "bytes of record data that follow", "%"
             G_GSIZE_FORMAT, rdlen);
  if (!need (layer, base + rdata, rdlen, base + msg_len, FALSE))
    return FALSE;
  if (type == 1 && rdlen == 4)
    {
      g_autofree char *addr = ip_string (msg + rdata);

      child_add (r, "Address", base + rdata, 4, "the IPv4 address the name stands for", "%s", addr);
      g_string_append (data, addr);
    }
  else if ((type == 2 || type == 5 || type == 12) && rdlen > 0)
    {
      gsize after;
      const char *error = NULL;

      if (!ns_dns_name_read (msg, rdata + rdlen, rdata, data, &after, &error))
        {
          layer_malformed (layer, base + rdata, rdlen, "DNS record data: %s", error);
          return FALSE;
        }
      child_add (r, type == 5 ? "Canonical name" : type == 2 ? "Name server" : "Domain name",
                 base + rdata, rdlen, dns_type_meaning (type), "%s", data->str);
    }
  else
    {
      ns_append_printable (data, msg + rdata, MIN (rdlen, 32));
      child_add (r, "Data", base + rdata, rdlen, "record data", "%s", data->str);
    }
  g_free (r->value);
  r->value = g_strdup_printf ("%s: type %s, %s", name->str, tbuf, data->str);
  r->length = rdata + rdlen - *pos;
  *pos = rdata + rdlen;
  return TRUE;
}

static void
dns_flags (NsDissectLayer *layer, const guint8 *msg, gsize base)
{
  guint16 flags = ns_wire_get_u16 (msg + 2);
  gboolean qr = (flags & 0x8000) != 0;
  NsDissectField *f = field_add (layer, "Flags", base + 2, 2,
                                 "what kind of message this is and how to treat it",
                                 "0x%04x (%s)", flags, qr ? "response" : "query");

  child_add (f, "Response", base + 2, 1, "0 for a question, 1 for an answer", "%s", yes_no (qr));
  child_add (f, "Opcode", base + 2, 1, "0: a standard query", "%u", (flags >> 11) & 0xf);
  child_add (f, "Authoritative", base + 2, 1,
             "the answer comes from a server responsible for the name, not from a cache",
             "%s", yes_no (flags & 0x0400));
  child_add (f, "Truncated", base + 2, 1, "the answer did not fit in one UDP datagram",
             "%s", yes_no (flags & 0x0200));
  child_add (f, "Recursion desired", base + 2, 1,
             "the client asks the server to find the answer for it", "%s", yes_no (flags & 0x0100));
  child_add (f, "Recursion available", base + 3, 1, "the server is willing to do that",
             "%s", yes_no (flags & 0x0080));
  child_add (f, "Reply code", base + 3, 1, "0: no error; 3 (NXDOMAIN): no such name",
             "%s (%u)", ns_dns_rcode_name (flags & 0xf), flags & 0xf);
}

/* @over_tcp: a 2-byte message length comes first (RFC 1035 §4.2.2). */
static void
dissect_dns (Dis *dis, gsize off, gsize end, gboolean over_tcp)
{
  NsDissectLayer *layer = layer_add (dis, "DNS", off, end - off, "Domain Name System");
  const guint8 *msg;
  gsize msg_len, pos = 12;
  static const char *sections[] = { "Queries", "Answers", "Authoritative nameservers",
                                    "Additional records" };
  static const char *meanings[] = {
    "the names asked about", "the records that answer the question",
    "the name servers responsible for the name", "extra records that may help (their addresses)",
  };
  guint counts[4];
  gboolean ok = TRUE;

  if (over_tcp)
    {
      gsize claimed;

      if (!need (layer, off, 2, end, FALSE))
        return;
      claimed = ns_wire_get_u16 (dis->frame + off);
      field_add (layer, "Length", off, 2, "over TCP, the bytes of the DNS message that follow",
                 "%" G_GSIZE_FORMAT, claimed);
      off += 2;
      end = MIN (end, off + claimed);
    }
  msg = dis->frame + off;
  msg_len = end - off;
  if (!need (layer, off, 12, end, FALSE))
    return;
  layer->header_len = off + 12 - layer->offset;
  field_add (layer, "Transaction ID", off, 2,
             "a number the client picks; the answer carries it back so it finds its question",
             "0x%04x", ns_wire_get_u16 (msg));
  dns_flags (layer, msg, off);
  g_free (layer->title);
  layer->title =
    g_strdup_printf ("Domain Name System (%s)", (msg[2] & 0x80) ? "response" : "query");
  for (guint s = 0; s < 4; s++)
    {
      counts[s] = ns_wire_get_u16 (msg + 4 + 2 * s);
      field_add (layer, s == 0 ? "Questions" : s == 1 ? "Answer RRs" : s == 2 ? "Authority RRs"
                 : "Additional RRs", off + 4 + 2 * s, 2, meanings[s], "%u", counts[s]);
    }
  for (guint s = 0; s < 4 && ok; s++)
    {
      NsDissectField *list;

      if (counts[s] == 0)
        continue;
      list = field_add (layer, sections[s], off + pos, 0, meanings[s], "%u", counts[s]);
      for (guint i = 0; i < counts[s] && ok; i++)
        {
          if (i == MAX_DNS_RECORDS)
            {
              child_add (list, "More", off + pos, 0, NULL, "%u records not shown", counts[s] - i);
              break;
            }
          if (pos >= msg_len)
            {
              layer_malformed (layer, end, 0,
                               "DNS %s: %u records announced, the message ends after %u",
                               sections[s], counts[s], i);
              ok = FALSE;
              break;
            }
          ok = s == 0 ? dns_question (layer, list, msg, msg_len, off, &pos)
                      : dns_record (layer, list, msg, msg_len, off, &pos);
        }
      list->length = off + pos - list->offset;
    }
}

/* ---- transports ---- */

static void
dissect_app (Dis *dis, guint16 sport, guint16 dport, gsize off, gsize end, gboolean tcp)
{
  const guint8 *p = dis->frame + off;

  if (off >= end)
    return;
  if (sport == 53 || dport == 53)
    {
      dissect_dns (dis, off, end, tcp);
      return;
    }
  if (tcp && (sport == 80 || dport == 80 || sport == 8080 || dport == 8080)
      && ns_http_looks_like (p, end - off))
    {
      dissect_http (dis, off, end);
      return;
    }
  add_data_layer (dis, tcp ? "TCP payload" : "UDP payload", off, end);
}

static void
add_checksum_field (NsDissectLayer *layer, gsize offset, guint16 stored, gboolean verified,
                    gboolean good, const char *meaning)
{
  NsDissectField *f;

  if (!verified)
    {
      field_add (layer, "Checksum", offset, 2, meaning, "0x%04x (not verified)", stored);
      return;
    }
  f = field_add (layer, "Checksum", offset, 2, meaning, "0x%04x (%s)", stored,
                 good ? "correct" : "wrong");
  if (!good)
    {
      f->malformed = TRUE;
      layer->malformed = TRUE;
      if (layer->error == NULL)
        layer->error = g_strdup ("bad checksum");
    }
}

static void
dissect_udp (Dis *dis, gsize off, gsize end, const IpInfo *ip)
{
  const guint8 *p = dis->frame + off;
  NsDissectLayer *layer = layer_add (dis, "UDP", off, end - off, "User Datagram Protocol");
  guint16 sport, dport, length, check;
  gsize data_end;

  layer->quoted = ip->quoted;
  if (!need (layer, off, 8, end, ip->quoted))
    return;
  layer->header_len = 8;
  sport = ns_wire_get_u16 (p);
  dport = ns_wire_get_u16 (p + 2);
  length = ns_wire_get_u16 (p + 4);
  check = ns_wire_get_u16 (p + 6);
  g_free (layer->title);
  layer->title =
    g_strdup_printf ("User Datagram Protocol, Src Port: %u, Dst Port: %u", sport, dport);
  field_add (layer, "Source port", off, 2, "the sending program's number on its host", "%u", sport);
  field_add (layer, "Destination port", off + 2, 2,
             "which program on the receiving host gets the datagram", "%u", dport);
  field_add (layer, "Length", off + 4, 2, "bytes of UDP header and data", "%u", length);
  if (ip->quoted)
    {
      add_checksum_field (layer, off + 6, check, FALSE, TRUE,
                          "detects damage; covers the addresses too (pseudo-header)");
      return;
    }
  if (length < 8 || length > end - off)
    {
      add_checksum_field (layer, off + 6, check, FALSE, TRUE, "detects damage");
      layer_malformed (layer, off + 4, 2, "UDP length %u is %s", length,
                       length < 8 ? "below the 8-byte header"
                                  : "beyond the bytes the IP packet holds");
      data_end = end;
    }
  else
    {
      data_end = off + length;
      if (check == 0)
        field_add (layer, "Checksum", off + 6, 2, "0 means the sender computed none (RFC 768)",
                   "0x0000 (none)");
      else
        add_checksum_field (layer, off + 6, check, TRUE,
                            ns_checksum_pseudo (ip->src, ip->dst, PROTO_UDP, p, length) == 0,
                            "detects damage; covers the addresses too (pseudo-header, RFC 768)");
    }
  layer->length = data_end - off;
  dissect_app (dis, sport, dport, off + 8, data_end, FALSE);
}

static void
tcp_option (NsDissectField *opts, const guint8 *p, gsize at, guint kind, guint len)
{
  switch (kind)
    {
    case 2:
      child_add (opts, "Maximum segment size", at, len,
                 "the largest segment data this host wants to receive (RFC 9293 §3.7.1)",
                 "%u bytes", len == 4 ? ns_wire_get_u16 (p + 2) : 0);
      break;
    case 3:
      child_add (opts, "Window scale", at, len,
                 "windows are multiplied by 2 to this power, for fast long links (RFC 7323)",
                 "shift %u (multiply by %u)", len == 3 ? p[2] : 0,
                 len == 3 && p[2] <= 14 ? 1u << p[2] : 0);
      break;
    case 4:
      child_add (opts, "SACK permitted", at, len,
                 "this host understands selective acknowledgements (RFC 2018)", "yes");
      break;
    case 5:
      {
        NsDissectField *sack = child_add (opts, "SACK", at, len,
                                          "blocks of data received beyond a gap (RFC 2018)",
                                          "%u block(s)", (len - 2) / 8);

        for (guint b = 0; 2 + 8 * (b + 1) <= len; b++)
          child_add (sack, "Block", at + 2 + 8 * b, 8,
                     "bytes left edge .. right edge (raw numbers) arrived", "%u-%u",
                     ns_wire_get_u32 (p + 2 + 8 * b), ns_wire_get_u32 (p + 6 + 8 * b));
      }
      break;
    case 8:
      child_add (opts, "Timestamps", at, len,
                 "the sender's clock and the last one it heard, to measure round trips (RFC 7323)",
                 "TSval %u, TSecr %u", len == 10 ? ns_wire_get_u32 (p + 2) : 0,
                 len == 10 ? ns_wire_get_u32 (p + 6) : 0);
      break;
    default:
      child_add (opts, "Unknown option", at, len, NULL, "kind %u, %u bytes", kind, len);
      break;
    }
}

static void
tcp_options (NsDissectLayer *layer, const guint8 *frame, gsize start, gsize end)
{
  NsDissectField *opts =
    field_add (layer, "Options", start, end - start, "extras agreed on in the handshake",
               "%" G_GSIZE_FORMAT " bytes", end - start);
  gsize pos = start;

  while (pos < end)
    {
      guint kind = frame[pos], len;

      if (kind == 0)
        {
          child_add (opts, "End of option list", pos, end - pos, "the options stop here", "EOL");
          return;
        }
      if (kind == 1)
        {
          child_add (opts, "No-operation", pos, 1, "padding that aligns the next option", "NOP");
          pos++;
          continue;
        }
      if (end - pos < 2 || frame[pos + 1] < 2 || frame[pos + 1] > end - pos)
        {
          layer_malformed (layer, pos, end - pos, "TCP option of kind %u has a bad length", kind);
          return;
        }
      len = frame[pos + 1];
      tcp_option (opts, frame + pos, pos, kind, len);
      pos += len;
    }
}

static void
tcp_flags (NsDissectLayer *layer, const guint8 *p, gsize off)
{
  static const struct { guint bit; const char *name; const char *meaning; } bits[] = {
    { 0x80, "CWR", "the sender slowed down after congestion was signalled (RFC 3168)" },
    { 0x40, "ECE", "a router on the path signalled congestion (RFC 3168)" },
    { 0x20, "URG", "the urgent pointer is meaningful" },
    { 0x10, "ACK", "the acknowledgment number is meaningful" },
    { 0x08, "PSH", "hand the data to the application at once" },
    { 0x04, "RST", "abort the connection" },
    { 0x02, "SYN", "synchronise sequence numbers: opens a connection" },
    { 0x01, "FIN", "the sender has no more data: closes its direction" },
  };
  GString *names = g_string_new (NULL);
  NsDissectField *f;

  for (gsize i = 0; i < G_N_ELEMENTS (bits); i++)
    if (p[13] & bits[i].bit)
      g_string_append_printf (names, "%s%s", names->len ? ", " : "", bits[i].name);
  f = field_add (layer, "Flags", off + 12, 2, "what this segment does in the connection",
                 "0x%03x (%s)", ns_wire_get_u16 (p + 12) & 0x1ff, names->len ? names->str : "none");
  for (gsize i = 0; i < G_N_ELEMENTS (bits); i++)
    child_add (f, bits[i].name, off + 13, 1, bits[i].meaning, "%s", yes_no (p[13] & bits[i].bit));
  g_free (layer->title);
  layer->title = g_strdup_printf ("Transmission Control Protocol, Src Port: %u, Dst Port: %u, "
                                  "Flags: %s", ns_wire_get_u16 (p), ns_wire_get_u16 (p + 2),
                                  names->len ? names->str : "none");
  g_string_free (names, TRUE);
}

/* A sequence or acknowledgment number, relative to the ISN of the
 * direction that numbers it (@src:@sport to @dst:@dport) when known. */
static void
tcp_number (Dis *dis, NsDissectLayer *layer, const char *name, gsize at, const char *meaning,
            guint32 src, guint16 sport, guint32 dst, guint16 dport)
{
  guint32 raw = ns_wire_get_u32 (dis->frame + at), isn;

  if (ns_summarizer_lookup_isn (dis->isns, src, sport, dst, dport, &isn))
    field_add (layer, name, at, 4, meaning, "%u (relative; raw %u)", raw - isn, raw);
  else
    field_add (layer, name, at, 4, meaning, "%u", raw);
}

static void
dissect_tcp (Dis *dis, gsize off, gsize end, const IpInfo *ip)
{
  const guint8 *p = dis->frame + off;
  NsDissectLayer *layer = layer_add (dis, "TCP", off, end - off, "Transmission Control Protocol");
  guint16 sport, dport;
  gsize hlen;

  layer->quoted = ip->quoted;
  if (!need (layer, off, 4, end, ip->quoted))
    return;
  sport = ns_wire_get_u16 (p);
  dport = ns_wire_get_u16 (p + 2);
  field_add (layer, "Source port", off, 2, "the sending program's number on its host", "%u", sport);
  field_add (layer, "Destination port", off + 2, 2,
             "which program on the receiving host gets the segment", "%u", dport);
  if (!need (layer, off + 4, 4, end, ip->quoted))
    return;
  tcp_number (dis, layer, "Sequence number", off + 4,
              "the number of the first data byte in this segment (a SYN counts as one)",
              ip->src, sport, ip->dst, dport);
  if (!need (layer, off + 8, 12, end, ip->quoted))
    return;
  hlen = (gsize) (p[12] >> 4) * 4;
  tcp_number (dis, layer, "Acknowledgment number", off + 8,
              "the next byte the sender expects to receive: all before it arrived",
              ip->dst, dport, ip->src, sport);
  field_add (layer, "Header length", off + 12, 1, "bytes of TCP header, options included",
             "%" G_GSIZE_FORMAT " bytes (data offset %u)", hlen, p[12] >> 4);
  tcp_flags (layer, p, off);
  field_add (layer, "Window", off + 14, 2,
             "how many more bytes the sender can receive now (flow control)", "%u",
             ns_wire_get_u16 (p + 14));
  if (hlen >= 20 && hlen <= end - off && !ip->quoted)
    add_checksum_field (layer, off + 16, ns_wire_get_u16 (p + 16), TRUE,
                        ns_checksum_pseudo (ip->src, ip->dst, PROTO_TCP, p, end - off) == 0,
                        "detects damage; covers the addresses too (pseudo-header, RFC 9293 §3.1)");
  else
    add_checksum_field (layer, off + 16, ns_wire_get_u16 (p + 16), FALSE, TRUE, "detects damage");
  field_add (layer, "Urgent pointer", off + 18, 2, "where urgent data ends, if URG is set",
             "%u", ns_wire_get_u16 (p + 18));
  if (hlen < 20)
    {
      layer_malformed (layer, off + 12, 1, "TCP header length %" G_GSIZE_FORMAT
                       " is below the minimum of 20", hlen);
      return;
    }
  if (!need (layer, off + 20, hlen - 20, end, ip->quoted))
    return;
  layer->header_len = hlen;
  if (hlen > 20)
    tcp_options (layer, dis->frame, off + 20, off + hlen);
  if (!ip->quoted)
    dissect_app (dis, sport, dport, off + hlen, end, TRUE);
}

static const char *
icmp_type_name (guint8 type)
{
  switch (type)
    {
    case 0: return "echo reply";
    case 3: return "destination unreachable";
    case 4: return "source quench";
    case 5: return "redirect";
    case 8: return "echo request";
    case 11: return "time exceeded";
    case 12: return "parameter problem";
    default: return "unknown type";
    }
}

static const char *
icmp_code_meaning (guint8 type, guint8 code)
{
  static const char *unreach[] = {
    "net unreachable: no route to the network",
    "host unreachable: the last router could not reach the host",
    "protocol unreachable: the host does not speak that protocol",
    "port unreachable: no program listens on that port",
    "fragmentation needed but the DF flag forbids it",
  };

  if (type == 3 && code < G_N_ELEMENTS (unreach))
    return unreach[code];
  if (type == 11)
    return code == 0 ? "TTL reached zero in transit: a router threw the packet away"
                     : "fragments did not all arrive in time";
  return "refines the type; 0 for echo";
}

static void dissect_ipv4 (Dis *dis, gsize off, gsize end, gboolean quoted, gsize *ip_end);

static void
dissect_icmp (Dis *dis, gsize off, gsize end, const IpInfo *ip)
{
  const guint8 *p = dis->frame + off;
  NsDissectLayer *layer =
    layer_add (dis, "ICMP", off, end - off, "Internet Control Message Protocol");
  guint8 type, code;

  layer->quoted = ip->quoted;
  if (!need (layer, off, 4, end, ip->quoted))
    return;
  type = p[0];
  code = p[1];
  g_free (layer->title);
  layer->title = g_strdup_printf ("Internet Control Message Protocol (%s)", icmp_type_name (type));
  field_add (layer, "Type", off, 1, "what kind of message: 8 echo request, 0 echo reply, "
             "3 unreachable, 11 time exceeded", "%u (%s)", type, icmp_type_name (type));
  field_add (layer, "Code", off + 1, 1, icmp_code_meaning (type, code), "%u", code);
  add_checksum_field (layer, off + 2, ns_wire_get_u16 (p + 2), !ip->quoted,
                      ns_checksum (p, end - off) == 0, "detects damage to the whole ICMP message");
  if (!need (layer, off + 4, 4, end, ip->quoted))
    return;
  layer->header_len = 8;
  if (type == 0 || type == 8)
    {
      field_add (layer, "Identifier", off + 4, 2, "tells apart several pings running at once",
                 "%u (0x%04x)", ns_wire_get_u16 (p + 4), ns_wire_get_u16 (p + 4));
      field_add (layer, "Sequence number", off + 6, 2,
                 "counts the pings, so a reply is matched to its request", "%u",
                 ns_wire_get_u16 (p + 6));
      if (end - off > 8)
        field_add (layer, "Data", off + 8, end - off - 8,
                   "filler the reply must echo back unchanged", "%" G_GSIZE_FORMAT " bytes",
                   end - off - 8);
      return;
    }
  if (type == 3 && code == 4)
    field_add (layer, "Next-hop MTU", off + 6, 2, "the largest packet the next link carries "
               "(RFC 1191)", "%u", ns_wire_get_u16 (p + 6));
  else
    field_add (layer, "Unused", off + 4, 4, "zero", "0x%08x", ns_wire_get_u32 (p + 4));
  if ((type == 3 || type == 11 || type == 4 || type == 5 || type == 12) && !ip->quoted)
    {
      gsize quoted_end;

      field_add (layer, "Quoted datagram", off + 8, end - off - 8,
                 "the start of the packet that caused this error: its IP header and 8 bytes",
                 "%" G_GSIZE_FORMAT " bytes", end - off - 8);
      dissect_ipv4 (dis, off + 8, end, TRUE, &quoted_end);
    }
  else if (end - off > 8)
    field_add (layer, "Data", off + 8, end - off - 8, NULL, "%" G_GSIZE_FORMAT " bytes",
               end - off - 8);
}

/* ---- IPv4 ---- */

static void
ipv4_checksum (NsDissectLayer *layer, const guint8 *p, gsize off, gsize hlen)
{
  guint8 copy[60];
  guint16 stored = ns_wire_get_u16 (p + 10);
  NsDissectField *f;

  memcpy (copy, p, hlen);
  copy[10] = copy[11] = 0;
  if (ns_checksum (p, hlen) == 0)
    {
      field_add (layer, "Header checksum", off + 10, 2,
                 "detects damage to the header; each router checks and recomputes it",
                 "0x%04x (correct)", stored);
      return;
    }
  f = field_add (layer, "Header checksum", off + 10, 2,
                 "detects damage to the header; each router checks and recomputes it",
                 "0x%04x (wrong, should be 0x%04x)", stored, ns_checksum (copy, hlen));
  f->malformed = TRUE;
  layer->malformed = TRUE;
  if (layer->error == NULL)
    layer->error = g_strdup ("bad IPv4 header checksum");
}

static const char *
ip_proto_name (guint8 proto)
{
  switch (proto)
    {
    case PROTO_ICMP: return "ICMP";
    case PROTO_TCP: return "TCP";
    case PROTO_UDP: return "UDP";
    default: return "unknown";
    }
}

static void
ipv4_fields (NsDissectLayer *layer, const guint8 *p, gsize off)
{
  guint16 frag = ns_wire_get_u16 (p + 6);
  NsDissectField *flags;

  field_add (layer, "Differentiated services", off + 1, 1,
             "DSCP: a priority class routers may honour; ECN: congestion signal bits",
             "DSCP %u, ECN %u", p[1] >> 2, p[1] & 3);
  field_add (layer, "Total length", off + 2, 2, "bytes of the whole packet, header and data",
             "%u", ns_wire_get_u16 (p + 2));
  field_add (layer, "Identification", off + 4, 2,
             "numbers the packet, so fragments of it can be put back together",
             "0x%04x (%u)", ns_wire_get_u16 (p + 4), ns_wire_get_u16 (p + 4));
  flags = field_add (layer, "Flags", off + 6, 1, "whether the packet may be cut into fragments",
                     "0x%x%s%s%s", frag >> 13, (frag & 0x4000) ? " (don't fragment)" : "",
                     (frag & 0x2000) ? " (more fragments)" : "", (frag & 0x6000) ? "" : " (none)");
  child_add (flags, "Don't fragment", off + 6, 1,
             "a router must not cut this packet; it drops it and says so instead",
             "%s", yes_no (frag & 0x4000));
  child_add (flags, "More fragments", off + 6, 1, "more pieces of the same packet follow",
             "%s", yes_no (frag & 0x2000));
  field_add (layer, "Fragment offset", off + 6, 2,
             "where this piece goes in the original packet, in units of 8 bytes", "%u",
             frag & 0x1fff);
  field_add (layer, "Time to live", off + 8, 1,
             "hops left before a router throws the packet away", "%u", p[8]);
  field_add (layer, "Protocol", off + 9, 1, "which protocol the data is for: 1 ICMP, 6 TCP, 17 UDP",
             "%s (%u)", ip_proto_name (p[9]), p[9]);
}

static void
dissect_ipv4 (Dis *dis, gsize off, gsize end, gboolean quoted, gsize *ip_end)
{
  const guint8 *p = dis->frame + off;
  NsDissectLayer *layer = layer_add (dis, "IPv4", off, end - off, quoted
                                     ? "Internet Protocol Version 4 (quoted)"
                                     : "Internet Protocol Version 4");

  g_autofree char *src = NULL, *dst = NULL;
  gsize hlen, total, pend;
  IpInfo info = { .quoted = quoted };
  guint16 frag;

  layer->quoted = quoted;
  *ip_end = end;
  if (!need (layer, off, 1, end, FALSE))
    return;
  hlen = (gsize) (p[0] & 0xf) * 4;
  field_add (layer, "Version", off, 1, "4 for IPv4: tells how to read the rest", "%u", p[0] >> 4);
  field_add (layer, "Header length", off, 1, "bytes of IP header, options included",
             "%" G_GSIZE_FORMAT " bytes (IHL %u)", hlen, p[0] & 0xf);
  if ((p[0] >> 4) != 4)
    {
      layer_malformed (layer, off, 1, "IP version %u is not 4", p[0] >> 4);
      return;
    }
  if (hlen < 20)
    {
      layer_malformed (layer, off, 1, "IPv4 header length %" G_GSIZE_FORMAT
                       " words is below the minimum of 5", hlen / 4);
      return;
    }
  if (!need (layer, off, hlen, end, FALSE))
    return;
  layer->header_len = hlen;
  ipv4_fields (layer, p, off);
  ipv4_checksum (layer, p, off, hlen);
  src = ip_string (p + 12);
  dst = ip_string (p + 16);
  field_add (layer, "Source address", off + 12, 4, "the host that sent the packet", "%s", src);
  field_add (layer, "Destination address", off + 16, 4, "the host the packet is for", "%s", dst);
  if (hlen > 20)
    field_add (layer, "Options", off + 20, hlen - 20, "rarely used extras; skipped",
               "%" G_GSIZE_FORMAT " bytes", hlen - 20);
  g_free (layer->title);
  layer->title = g_strdup_printf ("Internet Protocol Version 4%s, Src: %s, Dst: %s",
                                  quoted ? " (quoted)" : "", src, dst);

  total = ns_wire_get_u16 (p + 2);
  if (total < hlen)
    {
      layer_malformed (layer, off + 2, 2, "IPv4 total length %" G_GSIZE_FORMAT
                       " is less than its header length %" G_GSIZE_FORMAT, total, hlen);
      return;
    }
  if (total > end - off && !quoted)
    layer_malformed (layer, off + 2, 2, "IPv4 total length %" G_GSIZE_FORMAT " exceeds the %"
                     G_GSIZE_FORMAT " bytes present", total, end - off);
  pend = off + MIN (total, end - off);
  layer->length = pend - off;
  *ip_end = pend;
  info.src = ns_wire_get_u32 (p + 12);
  info.dst = ns_wire_get_u32 (p + 16);
  frag = ns_wire_get_u16 (p + 6);
  if ((frag & 0x3fff) != 0)
    {
      /* RFC 791 §3.2: only fragment zero starts with the transport header,
       * and even it holds only part of the datagram: no transport layer is
       * read from a fragment; the receiver puts the pieces back first. */
      g_autofree char *what = g_strdup_printf ("IPv4 fragment offset=%u%s", (frag & 0x1fff) * 8u,
                                               (frag & 0x2000) ? " MF" : "");

      add_data_layer (dis, what, off + hlen, pend);
      return;
    }
  if (p[9] == PROTO_ICMP)
    dissect_icmp (dis, off + hlen, pend, &info);
  else if (p[9] == PROTO_UDP)
    dissect_udp (dis, off + hlen, pend, &info);
  else if (p[9] == PROTO_TCP)
    dissect_tcp (dis, off + hlen, pend, &info);
  else if (pend > off + hlen)
    add_data_layer (dis, "IP payload", off + hlen, pend);
}

/* ---- ARP, Ethernet ---- */

static void
dissect_arp (Dis *dis, gsize off, gsize end)
{
  const guint8 *p = dis->frame + off;
  NsDissectLayer *layer = layer_add (dis, "ARP", off, MIN (end - off, 28),
                                     "Address Resolution Protocol");
  guint16 op;
  g_autofree char *sha = NULL, *spa = NULL, *tha = NULL, *tpa = NULL;

  if (!need (layer, off, 8, end, FALSE))
    return;
  op = ns_wire_get_u16 (p + 6);
  field_add (layer, "Hardware type", off, 2, "1: Ethernet addresses are being resolved",
             "%u", ns_wire_get_u16 (p));
  field_add (layer, "Protocol type", off + 2, 2, "0x0800: the addresses asked about are IPv4",
             "0x%04x", ns_wire_get_u16 (p + 2));
  field_add (layer, "Hardware size", off + 4, 1, "bytes of a MAC address", "%u", p[4]);
  field_add (layer, "Protocol size", off + 5, 1, "bytes of an IPv4 address", "%u", p[5]);
  field_add (layer, "Opcode", off + 6, 2,
             "1: request (who has this address?), 2: reply (I have it)", "%s (%u)",
             op == 1   ? "request"
             : op == 2 ? "reply"
                       : "unknown",
             op);
  g_free (layer->title);
  layer->title = g_strdup_printf ("Address Resolution Protocol (%s)",
                                  op == 1 ? "request" : op == 2 ? "reply" : "unknown");
  if (ns_wire_get_u16 (p) != 1 || ns_wire_get_u16 (p + 2) != 0x0800 || p[4] != 6 || p[5] != 4)
    {
      layer_malformed (layer, off, 6,
                       "ARP for other than Ethernet/IPv4 (RFC 826 fields 1/0x0800/6/4)");
      return;
    }
  if (!need (layer, off + 8, 20, end, FALSE))
    return;
  layer->header_len = 28;
  sha = mac_string (p + 8);
  spa = ip_string (p + 14);
  tha = mac_string (p + 18);
  tpa = ip_string (p + 24);
  field_add (layer, "Sender MAC address", off + 8, 6,
             "the asker's (or answerer's) Ethernet address", "%s", sha);
  field_add (layer, "Sender IP address", off + 14, 4, "the asker's (or answerer's) IPv4 address",
             "%s", spa);
  field_add (layer, "Target MAC address", off + 18, 6,
             "the address being looked for; zero in a request, since it is not known yet", "%s",
             tha);
  field_add (layer, "Target IP address", off + 24, 4, "the IPv4 address whose owner is wanted",
             "%s", tpa);
  if (op != 1 && op != 2)
    layer_malformed (layer, off + 6, 2, "ARP opcode %u is neither request (1) nor reply (2)", op);
}

static void
dissect_ethernet (Dis *dis)
{
  const guint8 *p = dis->frame;
  NsDissectLayer *layer = layer_add (dis, "Ethernet", 0, dis->len, "Ethernet II");
  g_autofree char *dst = NULL, *src = NULL;
  guint16 type;
  gsize payload_end = dis->len;

  if (!need (layer, 0, 14, dis->len, FALSE))
    return;
  layer->header_len = 14;
  dst = mac_string (p);
  src = mac_string (p + 6);
  type = ns_wire_get_u16 (p + 12);
  g_free (layer->title);
  layer->title =
    g_strdup_printf ("Ethernet II, Src: %s, Dst: %s%s", src, dst,
                     memcmp (p, "\xff\xff\xff\xff\xff\xff", 6) == 0 ? " (broadcast)" : "");
  field_add (layer, "Destination", 0, 6, "the network card this frame is for on this link; "
             "ff:ff:ff:ff:ff:ff means every card (broadcast)", "%s", dst);
  field_add (layer, "Source", 6, 6, "the network card that sent the frame onto this link", "%s",
             src);
  field_add (layer, "Type", 12, 2, "which protocol the payload is for: 0x0800 IPv4, 0x0806 ARP",
             "0x%04x (%s)", type, type == 0x0800 ? "IPv4" : type == 0x0806 ? "ARP" : "unknown");
  if (type == 0x0806)
    {
      dissect_arp (dis, 14, dis->len);
      payload_end = MIN (dis->len, 14 + 28);
    }
  else if (type == 0x0800)
    dissect_ipv4 (dis, 14, dis->len, FALSE, &payload_end);
  else if (dis->len > 14)
    add_data_layer (dis, "Ethernet payload", 14, dis->len);
  if (payload_end < dis->len)
    field_add (layer, "Padding", payload_end, dis->len - payload_end,
               "zero bytes filling the frame to Ethernet's 60-byte minimum",
               "%" G_GSIZE_FORMAT " bytes", dis->len - payload_end);
}

NsDissection *
ns_dissect_frame_relative (const guint8 *frame, gsize len, NsSummarizer *isns)
{
  NsDissection *d = g_new0 (NsDissection, 1);
  Dis dis = { .frame = frame, .len = frame ? len : 0, .d = d, .isns = isns };

  d->frame_len = dis.len;
  d->layers = g_ptr_array_new_with_free_func (layer_free);
  dissect_ethernet (&dis);
  return d;
}

NsDissection *
ns_dissect_frame (const guint8 *frame, gsize len)
{
  return ns_dissect_frame_relative (frame, len, NULL);
}

/* ---- lookups ---- */

const NsDissectLayer *
ns_dissection_find_layer (const NsDissection *self, const char *protocol)
{
  for (guint i = 0; i < self->layers->len; i++)
    {
      const NsDissectLayer *l = g_ptr_array_index (self->layers, i);

      if (g_strcmp0 (l->protocol, protocol) == 0)
        return l;
    }
  return NULL;
}

static const NsDissectField *
find_field (GPtrArray *list, const char *name)
{
  if (list == NULL)
    return NULL;
  for (guint i = 0; i < list->len; i++)
    {
      const NsDissectField *f = g_ptr_array_index (list, i);
      const NsDissectField *found;

      if (g_strcmp0 (f->name, name) == 0)
        return f;
      if ((found = find_field (f->children, name)) != NULL)
        return found;
    }
  return NULL;
}

const NsDissectField *
ns_dissect_layer_find_field (const NsDissectLayer *layer, const char *name)
{
  return find_field (layer->fields, name);
}

static gboolean
any_malformed (GPtrArray *list)
{
  if (list == NULL)
    return FALSE;
  for (guint i = 0; i < list->len; i++)
    {
      const NsDissectField *f = g_ptr_array_index (list, i);

      if (f->malformed || any_malformed (f->children))
        return TRUE;
    }
  return FALSE;
}

gboolean
ns_dissection_is_malformed (const NsDissection *self)
{
  for (guint i = 0; i < self->layers->len; i++)
    {
      const NsDissectLayer *l = g_ptr_array_index (self->layers, i);

      if (l->malformed || any_malformed (l->fields))
        return TRUE;
    }
  return FALSE;
}
