/* summary.c: one-line summaries, canvas labels and colouring protocol of a
 * frame. Called for every frame of a run, so it reads the headers in place
 * (through the wire codecs, checksums not verified: the summary says what a
 * frame is, the dissector says what is wrong with it) and allocates only
 * the strings it returns. */
#include "net/summary.h"

#include <string.h>

#include "net/display-read.h"
#include "net/wire/arp-wire.h"
#include "net/wire/ethernet.h"
#include "net/wire/icmp-wire.h"
#include "net/wire/ipv4-wire.h"
#include "net/wire/udp-wire.h"

#define PROTO_ICMP 1
#define PROTO_TCP  6
#define PROTO_UDP  17

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_PSH 0x08
#define TCP_ACK 0x10
#define TCP_URG 0x20
#define TCP_ECE 0x40
#define TCP_CWR 0x80

#define ARROW "\xe2\x86\x92"  /* U+2192 RIGHTWARDS ARROW */

typedef enum {
  KIND_MALFORMED,
  KIND_OTHER,       /* an EtherType or IP protocol not summarised */
  KIND_ARP,
  KIND_ICMP,
  KIND_UDP,
  KIND_TCP,
} Kind;

/* A frame read far enough to summarise it. */
typedef struct {
  Kind           kind;
  const char    *error;     /* KIND_MALFORMED: which layer */
  char          *error_text;
  NsEthernetHdr  eth;
  NsArpHdr       arp;
  NsIpv4Hdr      ip;
  guint16        sport, dport;
  /* ICMP */
  guint8         icmp_type, icmp_code;
  guint16        icmp_id, icmp_seq;
  const guint8  *quoted;
  gsize          quoted_len;
  /* TCP */
  guint32        seq, ack;
  guint8         flags;
  guint16        window;
  /* the application bytes (UDP or TCP payload) */
  const guint8  *app;
  gsize          app_len;
} Frame;

typedef struct {
  guint32 src, dst;
  guint16 sport, dport;
} Flow;

struct _NsSummarizer {
  GHashTable *isn;   /* Flow* -> initial sequence number of that direction */
};

static guint
flow_hash (gconstpointer key)
{
  const Flow *f = key;

  return f->src * 2654435761u ^ f->dst * 40503u ^ ((guint) f->sport << 16 | f->dport);
}

static gboolean
flow_equal (gconstpointer a, gconstpointer b)
{
  const Flow *x = a, *y = b;

  return x->src == y->src && x->dst == y->dst && x->sport == y->sport && x->dport == y->dport;
}

NsSummarizer *
ns_summarizer_new (void)
{
  NsSummarizer *self = g_new0 (NsSummarizer, 1);

  self->isn = g_hash_table_new_full (flow_hash, flow_equal, g_free, NULL);
  return self;
}

void
ns_summarizer_free (NsSummarizer *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->isn);
  g_free (self);
}

/* ---- reading ---- */

static void
read_tcp (Frame *f, const guint8 *p, gsize len)
{
  gsize hlen;

  if (len < 20)
    {
      f->kind = KIND_MALFORMED;
      f->error = "TCP segment shorter than its 20-byte header";
      return;
    }
  hlen = (gsize) (p[12] >> 4) * 4;
  if (hlen < 20 || hlen > len)
    {
      f->kind = KIND_MALFORMED;
      f->error = "TCP header length out of range";
      return;
    }
  f->kind = KIND_TCP;
  f->sport = ns_wire_get_u16 (p);
  f->dport = ns_wire_get_u16 (p + 2);
  f->seq = ns_wire_get_u32 (p + 4);
  f->ack = ns_wire_get_u32 (p + 8);
  f->flags = p[13];
  f->window = ns_wire_get_u16 (p + 14);
  f->app = p + hlen;
  f->app_len = len - hlen;
}

static void
read_transport (Frame *f, const guint8 *p, gsize len)
{
  NsUdpHdr udp;
  GError *error = NULL;

  switch (f->ip.proto)
    {
    case PROTO_ICMP:
      if (len < NS_ICMP_HEADER_LEN)
        {
          f->kind = KIND_MALFORMED;
          f->error = "ICMP message shorter than its 8-byte header";
          return;
        }
      f->kind = KIND_ICMP;
      f->icmp_type = p[0];
      f->icmp_code = p[1];
      f->icmp_id = ns_wire_get_u16 (p + 4);
      f->icmp_seq = ns_wire_get_u16 (p + 6);
      f->quoted = p + NS_ICMP_HEADER_LEN;
      f->quoted_len = len - NS_ICMP_HEADER_LEN;
      return;
    case PROTO_UDP:
      if (!ns_udp_parse_flags (p, len, 0, 0, NS_WIRE_PARSE_NO_CHECKSUM, &udp, &error))
        {
          f->kind = KIND_MALFORMED;
          f->error_text = g_strdup (error->message);
          g_error_free (error);
          return;
        }
      f->kind = KIND_UDP;
      f->sport = udp.src_port;
      f->dport = udp.dst_port;
      f->app = p + NS_UDP_HEADER_LEN;
      f->app_len = udp.length - NS_UDP_HEADER_LEN;
      return;
    case PROTO_TCP:
      read_tcp (f, p, len);
      return;
    default:
      f->kind = KIND_OTHER;
      return;
    }
}

static void
frame_read (Frame *f, const guint8 *data, gsize len)
{
  GError *error = NULL;
  const guint8 *p;
  gsize rest;

  memset (f, 0, sizeof *f);
  f->kind = KIND_MALFORMED;
  if (data == NULL || !ns_ethernet_parse (data, len, &f->eth, &error))
    goto fail;
  p = data + NS_ETHERNET_HEADER_LEN;
  rest = len - NS_ETHERNET_HEADER_LEN;
  if (f->eth.ethertype == NS_ETHERTYPE_ARP)
    {
      if (!ns_arp_parse (p, rest, &f->arp, &error))
        goto fail;
      f->kind = KIND_ARP;
      return;
    }
  if (f->eth.ethertype != NS_ETHERTYPE_IPV4)
    {
      f->kind = KIND_OTHER;
      return;
    }
  if (!ns_ipv4_parse_flags (p, rest, NS_WIRE_PARSE_NO_CHECKSUM, &f->ip, &error))
    goto fail;
  if (f->ip.frag_offset != 0 || f->ip.more_frags)
    {
      f->kind = KIND_OTHER;
      return;
    }
  read_transport (f, p + f->ip.header_len, f->ip.total_len - f->ip.header_len);
  return;

fail:
  f->error_text = error ? g_strdup (error->message) : g_strdup ("no frame");
  g_clear_error (&error);
}

static void
frame_clear (Frame *f)
{
  g_clear_pointer (&f->error_text, g_free);
}

static gboolean
port_is (const Frame *f, guint16 port)
{
  return f->sport == port || f->dport == port;
}

static gboolean
is_dns (const Frame *f)
{
  return (f->kind == KIND_UDP || f->kind == KIND_TCP) && port_is (f, 53) && f->app_len >= 12;
}

static gboolean
is_http (const Frame *f)
{
  return f->kind == KIND_TCP && (port_is (f, 80) || port_is (f, 8080))
         && ns_http_looks_like (f->app, f->app_len);
}

const char *
ns_frame_protocol (const guint8 *frame, gsize len)
{
  Frame f;
  const char *proto;

  frame_read (&f, frame, len);
  switch (f.kind)
    {
    case KIND_ARP: proto = "ARP"; break;
    case KIND_ICMP: proto = "ICMP"; break;
    case KIND_UDP: proto = is_dns (&f) ? "DNS" : "UDP"; break;
    case KIND_TCP:
      /* A segment carrying data of a web connection is HTTP (headers or
       * body); its handshake and bare ACKs are TCP. */
      if (is_dns (&f))
        proto = "DNS";
      else if ((port_is (&f, 80) || port_is (&f, 8080)) && f.app_len > 0)
        proto = "HTTP";
      else
        proto = "TCP";
      break;
    default: proto = "Ethernet"; break;
    }
  frame_clear (&f);
  return proto;
}

/* ---- TCP relative numbers ---- */

static void
track_syn (NsSummarizer *self, const Frame *f)
{
  Flow key = { f->ip.src, f->ip.dst, f->sport, f->dport };

  if (!(f->flags & TCP_SYN))
    return;
  /* A SYN sent again keeps its number; a new connection on the same
   * addresses and ports brings a new one (RFC 9293 §3.4.1). */
  g_hash_table_replace (self->isn, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (f->seq));
}

static guint32
relative (NsSummarizer *self, guint32 src, guint32 dst, guint16 sport, guint16 dport,
          guint32 value)
{
  guint32 isn;

  if (ns_summarizer_lookup_isn (self, src, sport, dst, dport, &isn))
    return value - isn;
  return value;
}

gboolean
ns_summarizer_lookup_isn (NsSummarizer *self, guint32 src, guint16 sport, guint32 dst,
                          guint16 dport, guint32 *isn_out)
{
  Flow key = { src, dst, sport, dport };
  gpointer isn;

  if (self == NULL || !g_hash_table_lookup_extended (self->isn, &key, NULL, &isn))
    return FALSE;
  *isn_out = GPOINTER_TO_UINT (isn);
  return TRUE;
}

static guint32
rel_seq (NsSummarizer *self, const Frame *f)
{
  return relative (self, f->ip.src, f->ip.dst, f->sport, f->dport, f->seq);
}

static guint32
rel_ack (NsSummarizer *self, const Frame *f)
{
  return relative (self, f->ip.dst, f->ip.src, f->dport, f->sport, f->ack);
}

/* ---- text ---- */

static void
append_ip (GString *s, guint32 a)
{
  g_string_append_printf (s, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);
}

static void
append_endpoints (GString *s, const Frame *f)
{
  append_ip (s, f->ip.src);
  g_string_append_printf (s, ":%u " ARROW " ", f->sport);
  append_ip (s, f->ip.dst);
  g_string_append_printf (s, ":%u ", f->dport);
}

static void
append_tcp_flags (GString *s, guint8 flags)
{
  /* Wireshark's order. */
  static const struct { guint8 bit; const char *name; } names[] = {
    { TCP_FIN, "FIN" }, { TCP_SYN, "SYN" }, { TCP_RST, "RST" }, { TCP_PSH, "PSH" },
    { TCP_ACK, "ACK" }, { TCP_URG, "URG" }, { TCP_ECE, "ECE" }, { TCP_CWR, "CWR" },
  };
  gboolean first = TRUE;

  g_string_append_c (s, '[');
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (flags & names[i].bit)
      {
        g_string_append_printf (s, "%s%s", first ? "" : ", ", names[i].name);
        first = FALSE;
      }
  g_string_append_c (s, ']');
}

static void
append_tcp_numbers (GString *s, NsSummarizer *self, const Frame *f)
{
  g_string_append_c (s, ' ');
  append_tcp_flags (s, f->flags);
  g_string_append_printf (s, " seq=%u", rel_seq (self, f));
  if (f->flags & TCP_ACK)
    g_string_append_printf (s, " ack=%u", rel_ack (self, f));
  g_string_append_printf (s, " win=%u", f->window);
  if (f->app_len > 0)
    g_string_append_printf (s, " len=%" G_GSIZE_FORMAT, f->app_len);
}

/* The first line of an HTTP message, printable, at most 80 bytes. */
static void
append_http_line (GString *s, const Frame *f)
{
  gsize eol, n = ns_line_len (f->app, f->app_len, &eol);

  ns_append_printable (s, f->app, MIN (n, 80));
}

/* "DNS query 0x1a2b A? www.example.com" / "DNS response 0x1a2b A
 * www.example.com = 10.0.1.80". @label: the short form instead. */
static void
append_dns (GString *s, const Frame *f, gboolean label)
{
  const guint8 *msg = f->app;
  gsize len = f->app_len, pos = 12, next;
  g_autoptr (GString) qname = g_string_new (NULL);
  g_autoptr (GString) name = g_string_new (NULL);
  g_autoptr (GString) data = g_string_new (NULL);
  g_autoptr (GString) short_text = g_string_new (NULL);
  const char *error = NULL;
  gboolean response;
  guint qd, an, ns, rcode, shown = 0;
  guint16 qtype = 0;
  char tbuf[16], qbuf[16];

  if (f->kind == KIND_TCP)
    {
      /* RFC 1035 §4.2.2: a 2-byte length first over TCP. */
      msg += 2;
      len -= 2;
    }
  response = (msg[2] & 0x80) != 0;
  rcode = msg[3] & 0x0f;
  qd = ns_wire_get_u16 (msg + 4);
  an = ns_wire_get_u16 (msg + 6);
  ns = ns_wire_get_u16 (msg + 8);
  if (!label)
    g_string_append_printf (s, "DNS %s 0x%04x", response ? "response" : "query",
                            ns_wire_get_u16 (msg));
  else
    g_string_append (s, "DNS");
  if (qd > 0 && ns_dns_name_read (msg, len, pos, qname, &next, &error) && len - next >= 4)
    {
      qtype = ns_wire_get_u16 (msg + next);
      pos = next + 4;
    }
  else
    {
      g_string_append (s, qd > 0 ? " (malformed question)" : "");
      return;
    }
  for (guint i = 1; i < qd; i++)
    {
      if (!ns_dns_name_read (msg, len, pos, name, &next, &error) || len - next < 4)
        return;
      pos = next + 4;
    }
  ns_dns_type_name (qtype, tbuf);
  if (!response)
    {
      g_string_append_printf (s, " %s? %s", tbuf, qname->str);
      return;
    }
  if (rcode != 0)
    {
      g_string_append_printf (s, " %s", ns_dns_rcode_name (rcode));
      if (!label)
        g_string_append_printf (s, " %s? %s", tbuf, qname->str);
      return;
    }
  /* Answers, then (when there are none) the referral in the authority
   * section. */
  for (guint i = 0; i < an + ns && i < 16; i++)
    {
      guint16 type, rdlen;

      if (!ns_dns_name_read (msg, len, pos, name, &next, &error) || len - next < 10)
        break;
      type = ns_wire_get_u16 (msg + next);
      rdlen = ns_wire_get_u16 (msg + next + 8);
      if (rdlen > len - next - 10)
        break;
      pos = next + 10 + rdlen;
      if (i >= an && (shown > 0 || type != 2))
        break;
      g_string_truncate (data, 0);
      if (type == 1 && rdlen == 4)
        g_string_append_printf (data, "%u.%u.%u.%u", msg[next + 10], msg[next + 11],
                                msg[next + 12], msg[next + 13]);
      else if ((type == 2 || type == 5) && rdlen > 0)
        {
          gsize after;

          if (!ns_dns_name_read (msg, next + 10 + rdlen, next + 10, data, &after, &error))
            break;
        }
      else
        g_string_append_printf (data, "(%u bytes)", rdlen);
      ns_dns_type_name (type, tbuf);
      if (label)
        {
          /* The first record, unless an address ends a CNAME chain. */
          if (shown == 0 || type == 1)
            {
              g_string_truncate (short_text, 0);
              g_string_append_printf (short_text, " %s%s %s", i >= an ? "referral " : "", tbuf,
                                      data->str);
            }
          shown++;
          continue;
        }
      if (i >= an)  /* a referral: say what was asked */
        g_string_append_printf (s, " %s? %s referral", ns_dns_type_name (qtype, qbuf), qname->str);
      g_string_append_printf (s, "%s%s %s = %s", shown ? ", " : " ", tbuf, name->str, data->str);
      shown++;
    }
  if (label && shown > 0)
    g_string_append (s, short_text->str);
  else if (shown == 0)
    {
      if (label)
        g_string_append (s, " no answer");
      else
        g_string_append_printf (s, " %s? %s: no answer", tbuf, qname->str);
    }
}

static const char *
icmp_error_text (guint8 type, guint8 code, gboolean label)
{
  static const char *unreach[] = {
    "net unreachable", "host unreachable", "protocol unreachable", "port unreachable",
    "fragmentation needed",
  };

  if (type == NS_ICMP_TIME_EXCEEDED)
    return label       ? "TTL exceeded"
           : code == 0 ? "TTL expired in transit"
                       : "fragment reassembly time exceeded";
  if (type == NS_ICMP_DEST_UNREACH)
    return code < G_N_ELEMENTS (unreach) ? unreach[code] : "unreachable";
  return NULL;
}

/* "about 10.0.0.5:49152 → 10.0.1.80:33434 UDP": which packet an ICMP error
 * is about, from its quoted header. */
static void
append_quoted (GString *s, const Frame *f)
{
  NsIpv4Hdr ip;
  const guint8 *t;

  if (!ns_ipv4_parse_flags (f->quoted, f->quoted_len,
                            NS_WIRE_PARSE_ALLOW_TRUNCATED | NS_WIRE_PARSE_NO_CHECKSUM, &ip, NULL))
    return;
  t = f->quoted + ip.header_len;
  g_string_append (s, " about ");
  append_ip (s, ip.src);
  if ((ip.proto == PROTO_UDP || ip.proto == PROTO_TCP) && f->quoted_len - ip.header_len >= 4)
    g_string_append_printf (s, ":%u", ns_wire_get_u16 (t));
  g_string_append (s, " " ARROW " ");
  append_ip (s, ip.dst);
  if ((ip.proto == PROTO_UDP || ip.proto == PROTO_TCP) && f->quoted_len - ip.header_len >= 4)
    g_string_append_printf (s, ":%u", ns_wire_get_u16 (t + 2));
  g_string_append_printf (s, " %s", ip.proto == PROTO_UDP ? "UDP" : ip.proto == PROTO_TCP ? "TCP"
                          : ip.proto == PROTO_ICMP ? "ICMP" : "IP");
  if (ip.proto == PROTO_ICMP && f->quoted_len - ip.header_len >= 8
      && (t[0] == NS_ICMP_ECHO_REQUEST || t[0] == NS_ICMP_ECHO_REPLY))
    g_string_append_printf (s, " echo %s seq=%u",
                            t[0] == NS_ICMP_ECHO_REQUEST ? "request" : "reply",
                            ns_wire_get_u16 (t + 6));
}

static void
summarize_icmp (GString *s, const Frame *f)
{
  const char *err = icmp_error_text (f->icmp_type, f->icmp_code, FALSE);

  append_ip (s, f->ip.src);
  g_string_append (s, " " ARROW " ");
  append_ip (s, f->ip.dst);
  if (f->icmp_type == NS_ICMP_ECHO_REQUEST || f->icmp_type == NS_ICMP_ECHO_REPLY)
    g_string_append_printf (s, " ICMP echo %s id=%u seq=%u ttl=%u",
                            f->icmp_type == NS_ICMP_ECHO_REQUEST ? "request" : "reply",
                            f->icmp_id, f->icmp_seq, f->ip.ttl);
  else if (err)
    {
      g_string_append_printf (s, " ICMP %s (%s)", f->icmp_type == NS_ICMP_TIME_EXCEEDED
                              ? "time exceeded" : "destination unreachable", err);
      append_quoted (s, f);
    }
  else
    g_string_append_printf (s, " ICMP type %u code %u", f->icmp_type, f->icmp_code);
}

static void
summarize (NsSummarizer *self, const Frame *f, GString *s, gsize len)
{
  char mac[18];

  switch (f->kind)
    {
    case KIND_MALFORMED:
      g_string_append_printf (s, "malformed frame (%" G_GSIZE_FORMAT " bytes): %s", len,
                              f->error_text ? f->error_text : f->error);
      break;
    case KIND_OTHER:
      if (f->eth.ethertype == NS_ETHERTYPE_IPV4)
        {
          append_ip (s, f->ip.src);
          g_string_append (s, " " ARROW " ");
          append_ip (s, f->ip.dst);
          /* A fragment has no transport header to summarize, except the
           * first, which holds only part of the datagram (RFC 791 §3.2). */
          if (f->ip.more_frags || f->ip.frag_offset)
            g_string_append_printf (s, " IPv4 fragment offset=%u%s id=%u proto=%u len=%u",
                                    f->ip.frag_offset * 8u, f->ip.more_frags ? " MF" : "",
                                    f->ip.id, f->ip.proto, f->ip.total_len);
          else
            g_string_append_printf (s, " IPv4 proto=%u len=%u", f->ip.proto, f->ip.total_len);
        }
      else
        g_string_append_printf (s, "Ethernet type 0x%04x, %" G_GSIZE_FORMAT " bytes",
                                f->eth.ethertype, len);
      break;
    case KIND_ARP:
      g_string_append (s, "ARP ");
      if (f->arp.op == NS_ARP_OP_REQUEST)
        {
          g_string_append (s, "who has ");
          append_ip (s, f->arp.tpa);
          g_string_append (s, "? tell ");
          append_ip (s, f->arp.spa);
        }
      else
        {
          append_ip (s, f->arp.spa);
          g_string_append_printf (s, " is at %s", ns_ethernet_addr_to_string (f->arp.sha, mac));
        }
      break;
    case KIND_ICMP:
      summarize_icmp (s, f);
      break;
    case KIND_UDP:
      append_endpoints (s, f);
      if (is_dns (f))
        append_dns (s, f, FALSE);
      else
        g_string_append_printf (s, "UDP len=%" G_GSIZE_FORMAT, f->app_len);
      break;
    case KIND_TCP:
      append_endpoints (s, f);
      if (is_http (f))
        {
          /* A status line names HTTP itself ("HTTP/1.1 200 OK"). */
          if (f->app_len < 5 || memcmp (f->app, "HTTP/", 5) != 0)
            g_string_append (s, "HTTP ");
          append_http_line (s, f);
        }
      else if (is_dns (f) && f->app_len >= 14)
        append_dns (s, f, FALSE);
      else
        g_string_append (s, "TCP");
      append_tcp_numbers (s, self, f);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
label_tcp (NsSummarizer *self, const Frame *f, GString *s)
{
  if (f->flags & TCP_RST)
    g_string_append (s, "RST");
  else if ((f->flags & (TCP_SYN | TCP_ACK)) == (TCP_SYN | TCP_ACK))
    g_string_append (s, "SYN-ACK");
  else if (f->flags & TCP_SYN)
    g_string_append (s, "SYN");
  else if (f->flags & TCP_FIN)
    g_string_append (s, (f->flags & TCP_ACK) ? "FIN-ACK" : "FIN");
  else if (f->app_len > 0 && is_http (f))
    {
      gsize eol, n = ns_line_len (f->app, f->app_len, &eol);
      const guint8 *sp = memchr (f->app, ' ', n);
      const guint8 *sp2 = sp ? memchr (sp + 1, ' ', n - (gsize) (sp + 1 - f->app)) : NULL;

      g_string_append (s, "HTTP ");
      if (n >= 5 && memcmp (f->app, "HTTP/", 5) == 0 && sp)
        ns_append_printable (s, sp + 1, MIN (n - (gsize) (sp + 1 - f->app), 40));   /* "200 OK" */
      else
        ns_append_printable (s, f->app, MIN (sp2 ? (gsize) (sp2 - f->app) : n, 40)); /* "GET /" */
    }
  else if (f->app_len > 0 && is_dns (f) && f->app_len >= 14)
    append_dns (s, f, TRUE);
  else if (f->app_len > 0)
    g_string_append_printf (s, "seq %u (%" G_GSIZE_FORMAT " B)", rel_seq (self, f), f->app_len);
  else
    g_string_append_printf (s, "ACK %u", rel_ack (self, f));
}

static void
label (NsSummarizer *self, const Frame *f, GString *s)
{
  switch (f->kind)
    {
    case KIND_MALFORMED:
      g_string_append (s, "malformed");
      break;
    case KIND_OTHER:
      if (f->eth.ethertype == NS_ETHERTYPE_IPV4 && (f->ip.more_frags || f->ip.frag_offset))
        g_string_append_printf (s, "IP fragment @%u%s", f->ip.frag_offset * 8u,
                                f->ip.more_frags ? " MF" : "");
      else
        g_string_append (s, f->eth.ethertype == NS_ETHERTYPE_IPV4 ? "IP" : "frame");
      break;
    case KIND_ARP:
      g_string_append (s, f->arp.op == NS_ARP_OP_REQUEST ? "ARP who-has " : "ARP reply ");
      append_ip (s, f->arp.op == NS_ARP_OP_REQUEST ? f->arp.tpa : f->arp.spa);
      break;
    case KIND_ICMP:
      if (f->icmp_type == NS_ICMP_ECHO_REQUEST)
        g_string_append_printf (s, "ping seq %u", f->icmp_seq);
      else if (f->icmp_type == NS_ICMP_ECHO_REPLY)
        g_string_append_printf (s, "ping reply seq %u", f->icmp_seq);
      else if (icmp_error_text (f->icmp_type, f->icmp_code, TRUE))
        g_string_append (s, icmp_error_text (f->icmp_type, f->icmp_code, TRUE));
      else
        g_string_append_printf (s, "ICMP %u", f->icmp_type);
      break;
    case KIND_UDP:
      if (is_dns (f))
        append_dns (s, f, TRUE);
      else
        g_string_append_printf (s, "UDP %" G_GSIZE_FORMAT " B", f->app_len);
      break;
    case KIND_TCP:
      label_tcp (self, f, s);
      break;
    default:
      g_assert_not_reached ();
    }
}

void
ns_summarizer_describe (NsSummarizer *self, const guint8 *frame, gsize len,
                        char **summary_out, char **label_out)
{
  Frame f;

  frame_read (&f, frame, len);
  if (f.kind == KIND_TCP && self)
    track_syn (self, &f);
  if (summary_out)
    {
      GString *s = g_string_sized_new (96);

      summarize (self, &f, s, len);
      *summary_out = g_string_free (s, FALSE);
    }
  if (label_out)
    {
      GString *s = g_string_sized_new (32);

      label (self, &f, s);
      *label_out = g_string_free (s, FALSE);
    }
  frame_clear (&f);
}

char *
ns_summarizer_summarize (NsSummarizer *self, const guint8 *frame, gsize len)
{
  char *summary;

  ns_summarizer_describe (self, frame, len, &summary, NULL);
  return summary;
}

char *
ns_summarizer_label (NsSummarizer *self, const guint8 *frame, gsize len)
{
  char *text;

  ns_summarizer_describe (self, frame, len, NULL, &text);
  return text;
}
