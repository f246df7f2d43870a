/* fuzz-wire.c: one libFuzzer target per wire parser, chosen at build time
 * with -DNS_FUZZ_TARGET=N (see meson.build). Each feeds the bytes to the
 * parser and, where a parse succeeds, checks what it claims against the
 * buffer: a parser that says "valid" must never describe bytes it did not
 * have. */
#include <glib.h>

#include "net/wire/arp-wire.h"
#include "net/wire/dns-wire.h"
#include "net/wire/ethernet.h"
#include "net/wire/http-wire.h"
#include "net/wire/icmp-wire.h"
#include "net/wire/ipv4-wire.h"
#include "net/wire/tcp-wire.h"
#include "net/wire/udp-wire.h"

int LLVMFuzzerTestOneInput (const guint8 *data, gsize len);

#define ETHERNET 1
#define ARP      2
#define IPV4     3
#define ICMP     4
#define UDP      5
#define TCP      6
#define DNS      7
#define HTTP_REQ 8
#define HTTP_RES 9

static void
fuzz_one (const guint8 *data, gsize len)
{
  g_autoptr (GError) error = NULL;

#if NS_FUZZ_TARGET == ETHERNET
  NsEthernetHdr eth;
  if (ns_ethernet_parse (data, len, &eth, &error))
    g_assert_cmpuint (len, >=, NS_ETHERNET_HEADER_LEN);
#elif NS_FUZZ_TARGET == ARP
  NsArpHdr arp;
  guint8 out[NS_ARP_HEADER_LEN];
  if (ns_arp_parse (data, len, &arp, &error))
    {
      /* What parses, emits to the same bytes. */
      ns_arp_emit (&arp, out);
      g_assert_cmpmem (out, sizeof out, data, sizeof out);
    }
#elif NS_FUZZ_TARGET == IPV4
  NsIpv4Hdr ip;
  if (ns_ipv4_parse (data, len, &ip, &error))
    {
      g_assert_cmpuint (ip.total_len, <=, len);
      g_assert_cmpuint (ip.header_len, <=, ip.total_len);
    }
  g_clear_error (&error);
  ns_ipv4_parse_flags (data, len, NS_WIRE_PARSE_ALLOW_TRUNCATED, &ip, &error);
#elif NS_FUZZ_TARGET == ICMP
  NsIcmpHdr icmp;
  if (ns_icmp_parse (data, len, &icmp, &error))
    {
      NsIpv4Hdr quoted;
      const guint8 *transport;
      gsize transport_len;

      g_assert_true (icmp.data_len <= len);
      if (ns_icmp_is_error (icmp.type)
          && ns_icmp_parse_quoted (&icmp, &quoted, &transport, &transport_len, NULL))
        g_assert_true (transport >= data && transport + transport_len <= data + len);
    }
#elif NS_FUZZ_TARGET == UDP
  NsUdpHdr udp;
  if (ns_udp_parse (data, len, 0x0a000001, 0x0a000002, &udp, &error))
    g_assert_cmpuint (udp.length, <=, len);
#elif NS_FUZZ_TARGET == TCP
  NsTcpHeader tcp, again;
  guint8 out[60];
  char flags[32];
  gsize n;

  if (ns_tcp_header_parse (data, len, &tcp, &error))
    {
      /* What parses, emits (the options it knows) and parses back the same. */
      g_assert_cmpuint (tcp.header_len, <=, len);
      g_assert_cmpuint (ns_tcp_header_emit_len (&tcp), <=, sizeof out);
      n = ns_tcp_header_emit (&tcp, out);
      g_assert_cmpuint (n, ==, ns_tcp_header_emit_len (&tcp));
      g_assert_true (ns_tcp_header_parse (out, n, &again, NULL));
      g_assert_cmpuint (again.src_port, ==, tcp.src_port);
      g_assert_cmpuint (again.seq, ==, tcp.seq);
      g_assert_cmpuint (again.ack, ==, tcp.ack);
      g_assert_cmpuint (again.flags, ==, tcp.flags);
      g_assert_cmpuint (again.window, ==, tcp.window);
      g_assert_cmpint (again.has_mss, ==, tcp.has_mss);
      g_assert_cmpuint (again.mss, ==, tcp.mss);
      g_assert_cmpint (again.has_wscale, ==, tcp.has_wscale);
      g_assert_cmpuint (again.wscale, ==, tcp.wscale);
      g_assert_cmpint (again.sack_permitted, ==, tcp.sack_permitted);
      g_assert_cmpint (again.has_timestamps, ==, tcp.has_timestamps);
      g_assert_cmpuint (again.ts_val, ==, tcp.ts_val);
      g_assert_cmpuint (again.ts_ecr, ==, tcp.ts_ecr);
      ns_tcp_flags_to_string (tcp.flags, flags, sizeof flags);
      g_assert_true (g_utf8_validate (flags, -1, NULL));
      (void) ns_tcp_checksum_valid (data, len, 0x0a000001, 0x0a000002);
    }
#elif NS_FUZZ_TARGET == DNS
  NsDnsMessage *msg = ns_dns_message_parse (data, len, &error);
  if (msg != NULL)
    {
      /* Whatever parses re-encodes, and the encoding parses again. */
      g_autoptr (GBytes) bytes = ns_dns_message_emit (msg, NULL);

      if (bytes != NULL)
        {
          gsize n;
          const guint8 *again = g_bytes_get_data (bytes, &n);
          NsDnsMessage *msg2 = ns_dns_message_parse (again, n, NULL);

          g_autofree char *text = ns_dns_message_describe (msg);
          g_autofree char *text2 = NULL;

          g_assert_nonnull (msg2);
          text2 = ns_dns_message_describe (msg2);
          g_assert_cmpstr (text, ==, text2);
          ns_dns_message_free (msg2);
        }
      ns_dns_message_free (msg);
    }
#elif NS_FUZZ_TARGET == HTTP_REQ
  NsHttpRequest *req = NULL;
  gsize head_len = 0;
  if (ns_http_request_parse (data, len, &req, &head_len, &error) == NS_HTTP_PARSE_DONE)
    {
      /* What parses, emits, and the emitted head parses to the same fields. */
      g_autoptr (GBytes) head = NULL;
      guint64 length;
      gboolean present;

      g_assert_cmpuint (head_len, <=, len);
      ns_http_fields_content_length (req->fields, &length, &present, NULL);
      head = ns_http_request_emit (req, NULL);
      if (head != NULL)
        {
          NsHttpRequest *again = NULL;
          gsize n, again_len = 0;
          const guint8 *bytes = g_bytes_get_data (head, &n);

          g_assert_cmpint (ns_http_request_parse (bytes, n, &again, &again_len, NULL), ==,
                           NS_HTTP_PARSE_DONE);
          g_assert_cmpuint (again_len, ==, n);
          g_assert_cmpstr (again->method, ==, req->method);
          g_assert_cmpstr (again->target, ==, req->target);
          g_assert_cmpuint (again->fields->len, ==, req->fields->len);
          ns_http_request_free (again);
        }
      ns_http_request_free (req);
    }
#elif NS_FUZZ_TARGET == HTTP_RES
  NsHttpResponse *res = NULL;
  gsize head_len = 0;
  if (ns_http_response_parse (data, len, &res, &head_len, &error) == NS_HTTP_PARSE_DONE)
    {
      g_autoptr (GBytes) head = NULL;
      guint64 length;
      gboolean present;

      g_assert_cmpuint (head_len, <=, len);
      ns_http_fields_content_length (res->fields, &length, &present, NULL);
      head = ns_http_response_emit (res, NULL);
      if (head != NULL)
        {
          NsHttpResponse *again = NULL;
          gsize n, again_len = 0;
          const guint8 *bytes = g_bytes_get_data (head, &n);

          g_assert_cmpint (ns_http_response_parse (bytes, n, &again, &again_len, NULL), ==,
                           NS_HTTP_PARSE_DONE);
          g_assert_cmpuint (again_len, ==, n);
          g_assert_cmpuint (again->status, ==, res->status);
          g_assert_cmpstr (again->reason, ==, res->reason);
          g_assert_cmpuint (again->fields->len, ==, res->fields->len);
          ns_http_response_free (again);
        }
      ns_http_response_free (res);
    }
#else
#error "NS_FUZZ_TARGET names no target"
#endif
}

int
LLVMFuzzerTestOneInput (const guint8 *data, gsize len)
{
  fuzz_one (data, len);
  return 0;
}
