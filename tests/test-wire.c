/* test-wire.c: the wire codecs of src/net/wire/ against bytes of real
 * packets (checked with Wireshark: no malformed field, no bad checksum), and
 * every malformed or truncated input rejected without reading out of bounds
 * (each truncation is copied into a buffer of exactly that size, so
 * AddressSanitizer sees any over-read). */
#include <string.h>

#include "net/wire/arp-wire.h"
#include "net/wire/checksum.h"
#include "net/wire/ethernet.h"
#include "net/wire/icmp-wire.h"
#include "net/wire/ipv4-wire.h"
#include "net/wire/udp-wire.h"

#define IP(a, b, c, d) ((guint32)(a) << 24 | (guint32)(b) << 16 | (guint32)(c) << 8 | (guint32)(d))

/* An ARP request, "who has 10.0.0.1? tell 10.0.0.5", padded to 60 bytes. */
static const guint8 arp_request_frame[60] = {
  0xff, 0xff, 0xff, 0xff, 0xff, 0xff,  /* destination: broadcast */
  0x02, 0x00, 0x00, 0x00, 0x00, 0x05,  /* source */
  0x08, 0x06,                          /* EtherType ARP */
  0x00, 0x01, 0x08, 0x00, 0x06, 0x04,  /* htype 1, ptype 0x0800, hlen 6, plen 4 */
  0x00, 0x01,                          /* op request */
  0x02, 0x00, 0x00, 0x00, 0x00, 0x05,  /* sha */
  0x0a, 0x00, 0x00, 0x05,              /* spa 10.0.0.5 */
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  /* tha unknown */
  0x0a, 0x00, 0x00, 0x01,              /* tpa 10.0.0.1 */
  /* 18 bytes of padding to the minimum frame */
};

/* An ARP reply, "10.0.0.1 is at 02:00:00:00:00:03". */
static const guint8 arp_reply[NS_ARP_HEADER_LEN] = {
  0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x02,
  0x02, 0x00, 0x00, 0x00, 0x00, 0x03, 0x0a, 0x00, 0x00, 0x01,
  0x02, 0x00, 0x00, 0x00, 0x00, 0x05, 0x0a, 0x00, 0x00, 0x05,
};

/* IPv4 header of an echo request 10.0.0.5 -> 10.0.1.80, DF, TTL 64. */
static const guint8 ping_ip[NS_IPV4_HEADER_LEN] = {
  0x45, 0x00, 0x00, 0x54,  /* v4, IHL 5, DSCP/ECN 0, total length 84 */
  0x12, 0x34, 0x40, 0x00,  /* id 0x1234, DF, offset 0 */
  0x40, 0x01, 0x13, 0x21,  /* TTL 64, ICMP, checksum 0x1321 */
  0x0a, 0x00, 0x00, 0x05,  /* 10.0.0.5 */
  0x0a, 0x00, 0x01, 0x50,  /* 10.0.1.80 */
};

/* IPv4 header of the reply: DF clear, TTL 62 after two routers. */
static const guint8 pong_ip[NS_IPV4_HEADER_LEN] = {
  0x45, 0x00, 0x00, 0x54, 0x43, 0x21, 0x00, 0x00,
  0x3e, 0x01, 0x24, 0x34, 0x0a, 0x00, 0x01, 0x50, 0x0a, 0x00, 0x00, 0x05,
};

/* The header of the IPv4 checksum example on Wikipedia, a captured UDP
 * packet 192.168.0.1 -> 192.168.0.199 with checksum 0xb861. */
static const guint8 captured_ip[NS_IPV4_HEADER_LEN] = {
  0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
  0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
};

/* ICMP echo request id 1 seq 2 (header; 56 data bytes 0x10..0x47 follow). */
static const guint8 ping_icmp_header[NS_ICMP_HEADER_LEN] = {
  0x08, 0x00, 0x3f, 0x28, 0x00, 0x01, 0x00, 0x02,
};

/* ICMP time exceeded from 10.0.0.1 about a traceroute probe (TTL 1, UDP
 * 49152 -> 33434): the quoted IP header and 8 bytes of its UDP header. */
static const guint8 ttl_exceeded_icmp[36] = {
  0x0b, 0x00, 0x0a, 0x8e, 0x00, 0x00, 0x00, 0x00,  /* type 11 code 0 */
  0x45, 0x00, 0x00, 0x3c, 0x00, 0x07, 0x40, 0x00,  /* quoted: total length 60 */
  0x01, 0x11, 0x64, 0x56, 0x0a, 0x00, 0x00, 0x05,  /* TTL 1, UDP */
  0x0a, 0x00, 0x01, 0x50,
  0xc0, 0x00, 0x82, 0x9a, 0x00, 0x28, 0xa7, 0xae,  /* quoted UDP header */
};

/* UDP 10.0.0.5:49152 -> 10.0.1.80:7 carrying 200 bytes 0, 1, 2, ... 199. */
static const guint8 udp_header[NS_UDP_HEADER_LEN] = {
  0xc0, 0x00, 0x00, 0x07, 0x00, 0xd0, 0x55, 0xbb,
};

/* A copy of @data's first @len bytes in a buffer of exactly @len bytes. */
static guint8 *
exact_copy (const guint8 *data, gsize len)
{
  return len ? g_memdup2 (data, len) : g_malloc (1);
}

static guint8 *
ping_icmp_message (gsize *len_out)
{
  guint8 *msg = g_malloc (NS_ICMP_HEADER_LEN + 56);

  memcpy (msg, ping_icmp_header, NS_ICMP_HEADER_LEN);
  for (guint i = 0; i < 56; i++)
    msg[NS_ICMP_HEADER_LEN + i] = (guint8) (0x10 + i);
  *len_out = NS_ICMP_HEADER_LEN + 56;
  return msg;
}

static guint8 *
udp_datagram (gsize *len_out)
{
  guint8 *d = g_malloc (NS_UDP_HEADER_LEN + 200);

  memcpy (d, udp_header, NS_UDP_HEADER_LEN);
  for (guint i = 0; i < 200; i++)
    d[NS_UDP_HEADER_LEN + i] = (guint8) i;
  *len_out = NS_UDP_HEADER_LEN + 200;
  return d;
}

/* ---- checksum ---- */

static void
test_checksum_rfc1071 (void)
{
  /* RFC 1071 §3: these bytes sum to ddf2 (before the complement). */
  static const guint8 bytes[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
  guint32 sum;

  g_assert_cmphex (ns_checksum_partial (bytes, sizeof bytes, 0), ==, 0xddf2);
  g_assert_cmphex (ns_checksum (bytes, sizeof bytes), ==, 0x220d);
  /* Split at an even offset, the partial sums combine to the same. */
  sum = ns_checksum_partial (bytes, 4, 0);
  sum = ns_checksum_partial (bytes + 4, 4, sum);
  g_assert_cmphex (ns_checksum_finish (sum), ==, 0x220d);
  /* An odd last byte is padded with zero (RFC 1071 §4.1). */
  g_assert_cmphex (ns_checksum_partial (bytes, 7, 0), ==, 0xddf2 - 0xf7);
}

static void
test_checksum_captured (void)
{
  guint8 hdr[NS_IPV4_HEADER_LEN];

  g_assert_cmphex (ns_checksum (captured_ip, sizeof captured_ip), ==, 0);
  memcpy (hdr, captured_ip, sizeof hdr);
  hdr[10] = hdr[11] = 0;
  g_assert_cmphex (ns_checksum (hdr, sizeof hdr), ==, 0xb861);
  g_assert_cmphex (ns_checksum (ping_ip, sizeof ping_ip), ==, 0);
  g_assert_cmphex (ns_checksum (pong_ip, sizeof pong_ip), ==, 0);
}

/* ---- Ethernet ---- */

static void
test_ethernet_roundtrip (void)
{
  NsEthernetHdr eth;
  guint8 out[NS_ETHERNET_HEADER_LEN];
  char buf[18];
  g_autoptr (GError) error = NULL;

  g_assert_true (ns_ethernet_parse (arp_request_frame, sizeof arp_request_frame, &eth, &error));
  g_assert_no_error (error);
  g_assert_true (ns_ethernet_addr_is_broadcast (eth.dst));
  g_assert_true (ns_ethernet_addr_is_multicast (eth.dst));
  g_assert_false (ns_ethernet_addr_is_multicast (eth.src));
  g_assert_cmpstr (ns_ethernet_addr_to_string (eth.src, buf), ==, "02:00:00:00:00:05");
  g_assert_cmphex (eth.ethertype, ==, NS_ETHERTYPE_ARP);
  ns_ethernet_emit (&eth, out);
  g_assert_cmpmem (out, sizeof out, arp_request_frame, NS_ETHERNET_HEADER_LEN);
}

static void
test_ethernet_padding (void)
{
  g_assert_cmpuint (ns_ethernet_padding_len (14 + 28), ==, 18);
  g_assert_cmpuint (ns_ethernet_padding_len (0), ==, 60);
  g_assert_cmpuint (ns_ethernet_padding_len (59), ==, 1);
  g_assert_cmpuint (ns_ethernet_padding_len (60), ==, 0);
  g_assert_cmpuint (ns_ethernet_padding_len (1514), ==, 0);
}

static void
test_ethernet_malformed (void)
{
  guint8 frame[60];
  NsEthernetHdr eth;

  for (gsize len = 0; len < NS_ETHERNET_HEADER_LEN; len++)
    {
      g_autofree guint8 *copy = exact_copy (arp_request_frame, len);
      g_autoptr (GError) error = NULL;

      g_assert_false (ns_ethernet_parse (copy, len, &eth, &error));
      g_assert_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_TRUNCATED);
    }
  /* An 802.3 length in the type field is not Ethernet II. */
  memcpy (frame, arp_request_frame, sizeof frame);
  frame[12] = 0x00;
  frame[13] = 0x2e;
  {
    g_autoptr (GError) error = NULL;

    g_assert_false (ns_ethernet_parse (frame, sizeof frame, &eth, &error));
    g_assert_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_UNSUPPORTED);
  }
}

/* ---- ARP ---- */

static void
test_arp_roundtrip (void)
{
  const guint8 *req = arp_request_frame + NS_ETHERNET_HEADER_LEN;
  NsArpHdr arp;
  guint8 out[NS_ARP_HEADER_LEN];
  g_autoptr (GError) error = NULL;
  static const guint8 mac5[6] = { 2, 0, 0, 0, 0, 5 };
  static const guint8 mac3[6] = { 2, 0, 0, 0, 0, 3 };
  static const guint8 zero[6] = { 0 };

  /* The request with the frame's padding behind it. */
  g_assert_true (
    ns_arp_parse (req, sizeof arp_request_frame - NS_ETHERNET_HEADER_LEN, &arp, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (arp.op, ==, NS_ARP_OP_REQUEST);
  g_assert_cmpmem (arp.sha, 6, mac5, 6);
  g_assert_cmphex (arp.spa, ==, IP (10, 0, 0, 5));
  g_assert_cmpmem (arp.tha, 6, zero, 6);
  g_assert_cmphex (arp.tpa, ==, IP (10, 0, 0, 1));
  ns_arp_emit (&arp, out);
  g_assert_cmpmem (out, sizeof out, req, NS_ARP_HEADER_LEN);

  g_assert_true (ns_arp_parse (arp_reply, sizeof arp_reply, &arp, &error));
  g_assert_cmpuint (arp.op, ==, NS_ARP_OP_REPLY);
  g_assert_cmpmem (arp.sha, 6, mac3, 6);
  g_assert_cmphex (arp.spa, ==, IP (10, 0, 0, 1));
  g_assert_cmpmem (arp.tha, 6, mac5, 6);
  g_assert_cmphex (arp.tpa, ==, IP (10, 0, 0, 5));
  memset (out, 0xaa, sizeof out);
  ns_arp_emit (&arp, out);
  g_assert_cmpmem (out, sizeof out, arp_reply, sizeof arp_reply);
}

static void
test_arp_malformed (void)
{
  static const struct { guint offset; guint8 value; gint code; } cases[] = {
    { 1, 6, NS_WIRE_ERROR_UNSUPPORTED },     /* htype 6 (IEEE 802) */
    { 2, 0x86, NS_WIRE_ERROR_UNSUPPORTED },  /* ptype 0x86dd (IPv6) */
    { 4, 8, NS_WIRE_ERROR_MALFORMED },       /* hlen 8 */
    { 5, 16, NS_WIRE_ERROR_MALFORMED },      /* plen 16 */
    { 7, 3, NS_WIRE_ERROR_MALFORMED },       /* op 3 (RARP) */
    { 7, 0, NS_WIRE_ERROR_MALFORMED },       /* op 0 */
  };
  NsArpHdr arp;

  for (gsize len = 0; len < NS_ARP_HEADER_LEN; len++)
    {
      g_autofree guint8 *copy = exact_copy (arp_reply, len);
      g_autoptr (GError) error = NULL;

      g_assert_false (ns_arp_parse (copy, len, &arp, &error));
      g_assert_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_TRUNCATED);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint8 bad[NS_ARP_HEADER_LEN];
      g_autoptr (GError) error = NULL;

      memcpy (bad, arp_reply, sizeof bad);
      bad[cases[i].offset] = cases[i].value;
      g_assert_false (ns_arp_parse (bad, sizeof bad, &arp, &error));
      g_assert_error (error, NS_WIRE_ERROR, cases[i].code);
    }
}

/* ---- IPv4 ---- */

static void
test_ipv4_roundtrip (void)
{
  NsIpv4Hdr ip;
  guint8 out[NS_IPV4_HEADER_LEN];
  guint8 packet[84] = { 0 };
  g_autoptr (GError) error = NULL;

  memcpy (packet, ping_ip, sizeof ping_ip);
  g_assert_true (ns_ipv4_parse (packet, sizeof packet, &ip, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ip.header_len, ==, 20);
  g_assert_cmpuint (ip.dscp, ==, 0);
  g_assert_cmpuint (ip.ecn, ==, 0);
  g_assert_cmpuint (ip.total_len, ==, 84);
  g_assert_cmphex (ip.id, ==, 0x1234);
  g_assert_true (ip.dont_frag);
  g_assert_false (ip.more_frags);
  g_assert_cmpuint (ip.frag_offset, ==, 0);
  g_assert_cmpuint (ip.ttl, ==, 64);
  g_assert_cmpuint (ip.proto, ==, 1);
  g_assert_cmphex (ip.checksum, ==, 0x1321);
  g_assert_cmphex (ip.src, ==, IP (10, 0, 0, 5));
  g_assert_cmphex (ip.dst, ==, IP (10, 0, 1, 80));
  ns_ipv4_emit (&ip, out);
  g_assert_cmpmem (out, sizeof out, ping_ip, sizeof ping_ip);

  /* Built from scratch: the reply's header. */
  ns_ipv4_hdr_init (&ip, IP (10, 0, 1, 80), IP (10, 0, 0, 5), 1, 62, 0x4321, 64);
  ns_ipv4_emit (&ip, out);
  g_assert_cmpmem (out, sizeof out, pong_ip, sizeof pong_ip);

  /* A header alone, its total length (115) beyond the buffer: an error,
   * unless parsed as a header quoted in an ICMP error. */
  g_assert_false (ns_ipv4_parse (captured_ip, sizeof captured_ip, &ip, NULL));
  g_assert_true (ns_ipv4_parse_flags (captured_ip, sizeof captured_ip,
                                      NS_WIRE_PARSE_ALLOW_TRUNCATED, &ip, &error));
  g_assert_cmpuint (ip.total_len, ==, 115);
  g_assert_cmphex (ip.src, ==, IP (192, 168, 0, 1));
  g_assert_cmphex (ip.dst, ==, IP (192, 168, 0, 199));
}

static void
test_ipv4_fields (void)
{
  /* DSCP 46 (EF), ECN 1, MF with offset 185 (1480 bytes): bit fields that
   * share bytes with others. */
  NsIpv4Hdr ip, back;
  guint8 out[NS_IPV4_HEADER_LEN];

  ns_ipv4_hdr_init (&ip, IP (1, 2, 3, 4), IP (5, 6, 7, 8), 17, 255, 0xbeef, 0);
  ip.dscp = 46;
  ip.ecn = 1;
  ip.more_frags = TRUE;
  ip.frag_offset = 185;
  ns_ipv4_emit (&ip, out);
  g_assert_cmphex (out[1], ==, 46 << 2 | 1);
  g_assert_cmphex (out[6], ==, 0x20);
  g_assert_cmphex (out[7], ==, 185);
  g_assert_true (ns_ipv4_parse (out, sizeof out, &back, NULL));
  g_assert_cmpuint (back.dscp, ==, 46);
  g_assert_cmpuint (back.ecn, ==, 1);
  g_assert_true (back.more_frags);
  g_assert_false (back.dont_frag);
  g_assert_cmpuint (back.frag_offset, ==, 185);
  g_assert_cmpuint (back.ttl, ==, 255);
}

static void
test_ipv4_options (void)
{
  /* IHL 6: a 4-byte option (NOP NOP NOP EOL) is skipped. */
  guint8 pkt[28] = { 0 };
  NsIpv4Hdr ip;
  g_autoptr (GError) error = NULL;

  memcpy (pkt, ping_ip, 20);
  pkt[0] = 0x46;
  pkt[3] = 28;
  pkt[20] = pkt[21] = pkt[22] = 1;
  pkt[23] = 0;
  pkt[10] = pkt[11] = 0;
  ns_wire_put_u16 (pkt + 10, ns_checksum (pkt, 24));
  g_assert_true (ns_ipv4_parse (pkt, sizeof pkt, &ip, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ip.header_len, ==, 24);
  g_assert_cmpuint (ip.total_len, ==, 28);
}

static void
expect_ipv4_error (const guint8 *pkt, gsize len, gint code, const char *fragment)
{
  g_autofree guint8 *copy = exact_copy (pkt, len);
  g_autoptr (GError) error = NULL;
  NsIpv4Hdr ip;

  g_assert_false (ns_ipv4_parse (copy, len, &ip, &error));
  g_assert_error (error, NS_WIRE_ERROR, code);
  if (fragment)
    g_assert_nonnull (strstr (error->message, fragment));
}

static void
set_ip_byte (guint8 *pkt, guint offset, guint8 value)
{
  pkt[offset] = value;
  pkt[10] = pkt[11] = 0;
  ns_wire_put_u16 (pkt + 10, ns_checksum (pkt, NS_IPV4_HEADER_LEN));
}

static void
test_ipv4_malformed (void)
{
  guint8 pkt[84] = { 0 };

  memcpy (pkt, ping_ip, sizeof ping_ip);
  /* Cut anywhere: header (TRUNCATED) or total length 84 lies. */
  for (gsize len = 0; len < sizeof pkt; len++)
    expect_ipv4_error (pkt, len, NS_WIRE_ERROR_TRUNCATED, NULL);

  set_ip_byte (pkt, 0, 0x44);   /* IHL 4, checksum correct */
  expect_ipv4_error (pkt, sizeof pkt, NS_WIRE_ERROR_MALFORMED,
                     "IPv4 header length 4 words is below the minimum of 5");
  set_ip_byte (pkt, 0, 0x40);
  expect_ipv4_error (pkt, sizeof pkt, NS_WIRE_ERROR_MALFORMED, "below the minimum");
  set_ip_byte (pkt, 0, 0x65);   /* version 6 */
  expect_ipv4_error (pkt, sizeof pkt, NS_WIRE_ERROR_MALFORMED, "version 6");
  set_ip_byte (
    pkt, 0, 0x4f); /* IHL 15 = 60 bytes: fits in 84, but total 84 ok; checksum of 60 bytes wrong */
  expect_ipv4_error (pkt, 40, NS_WIRE_ERROR_TRUNCATED, "header length 60");
  set_ip_byte (pkt, 0, 0x45);
  set_ip_byte (pkt, 3, 19);     /* total length below the header */
  expect_ipv4_error (pkt, sizeof pkt, NS_WIRE_ERROR_MALFORMED, "total length 19");
  set_ip_byte (pkt, 3, 85);     /* total length lies: one byte more than sent */
  expect_ipv4_error (pkt, sizeof pkt, NS_WIRE_ERROR_TRUNCATED, "total length 85");
  set_ip_byte (pkt, 3, 84);
  {
    NsIpv4Hdr ip;

    g_assert_true (ns_ipv4_parse (pkt, sizeof pkt, &ip, NULL));
  }
  /* Every single bit flipped in the header breaks the checksum (or a
   * length rule). */
  for (guint bit = 0; bit < 160; bit++)
    {
      g_autoptr (GError) error = NULL;
      NsIpv4Hdr ip;

      pkt[bit / 8] ^= (guint8) (1 << (bit % 8));
      g_assert_false (ns_ipv4_parse (pkt, sizeof pkt, &ip, &error));
      g_assert_nonnull (error);
      if (bit >= 32)  /* past version/IHL/total length: only the checksum */
        g_assert_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_CHECKSUM);
      pkt[bit / 8] ^= (guint8) (1 << (bit % 8));
    }
  /* Without the checksum check the flipped TTL is accepted. */
  {
    NsIpv4Hdr ip;

    pkt[8] = 63;
    g_assert_false (ns_ipv4_parse (pkt, sizeof pkt, &ip, NULL));
    g_assert_true (ns_ipv4_parse_flags (pkt, sizeof pkt, NS_WIRE_PARSE_NO_CHECKSUM, &ip, NULL));
    g_assert_cmpuint (ip.ttl, ==, 63);
  }
}

static void
test_ipv4_decrement_ttl (void)
{
  guint8 hdr[NS_IPV4_HEADER_LEN];
  guint8 full[NS_IPV4_HEADER_LEN];

  memcpy (hdr, captured_ip, sizeof hdr);
  /* All the way down, each step verifying and agreeing with a full
   * recomputation (up to the two forms of zero, 0x0000 and 0xffff). */
  for (guint ttl = 64; ttl > 1; ttl--)
    {
      guint16 incr, recomputed;

      g_assert_cmpuint (ns_ipv4_decrement_ttl (hdr), ==, ttl - 1);
      g_assert_cmpuint (hdr[8], ==, ttl - 1);
      g_assert_cmphex (ns_checksum (hdr, sizeof hdr), ==, 0);
      memcpy (full, hdr, sizeof full);
      full[10] = full[11] = 0;
      recomputed = ns_checksum (full, sizeof full);
      incr = ns_wire_get_u16 (hdr + 10);
      g_assert_true (incr == recomputed || (incr ^ recomputed) == 0xffff);
    }
  memcpy (hdr, ping_ip, sizeof hdr);
  ns_ipv4_decrement_ttl (hdr);
  ns_ipv4_decrement_ttl (hdr);
  g_assert_cmpuint (hdr[8], ==, 62);
  g_assert_cmphex (ns_wire_get_u16 (hdr + 10), ==, 0x1521);
}

/* ---- ICMP ---- */

static void
test_icmp_echo (void)
{
  gsize len;
  g_autofree guint8 *msg = ping_icmp_message (&len);
  g_autofree guint8 *out = g_malloc (len);
  g_autoptr (GError) error = NULL;
  NsIcmpHdr icmp;

  g_assert_true (ns_icmp_parse (msg, len, &icmp, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (icmp.type, ==, NS_ICMP_ECHO_REQUEST);
  g_assert_cmpuint (icmp.code, ==, 0);
  g_assert_cmphex (icmp.checksum, ==, 0x3f28);
  g_assert_cmpuint (icmp.echo_id, ==, 1);
  g_assert_cmpuint (icmp.echo_seq, ==, 2);
  g_assert_true (icmp.data == msg + 8);
  g_assert_cmpuint (icmp.data_len, ==, 56);
  g_assert_false (ns_icmp_is_error (icmp.type));
  g_assert_cmpuint (ns_icmp_buffer_len (&icmp), ==, len);
  ns_icmp_emit (&icmp, out);
  g_assert_cmpmem (out, len, msg, len);

  /* The reply: type 0, the same id, seq and data, checksum 0x4728. */
  icmp.type = NS_ICMP_ECHO_REPLY;
  ns_icmp_emit (&icmp, out);
  g_assert_cmphex (out[0], ==, 0);
  g_assert_cmphex (ns_wire_get_u16 (out + 2), ==, 0x4728);
  g_assert_cmpmem (out + 4, len - 4, msg + 4, len - 4);

  /* Emitting in place (data already behind the header) works too. */
  icmp.type = NS_ICMP_ECHO_REQUEST;
  icmp.data = msg + 8;
  ns_icmp_emit (&icmp, msg);
  g_assert_cmpmem (msg, 8, ping_icmp_header, 8);
}

static void
test_icmp_error (void)
{
  NsIcmpHdr icmp;
  NsIpv4Hdr ip;
  NsUdpHdr udp;
  const guint8 *transport;
  gsize transport_len;
  guint8 out[sizeof ttl_exceeded_icmp];
  guint8 probe[60] = { 0 };
  g_autoptr (GError) error = NULL;

  g_assert_true (ns_icmp_parse (ttl_exceeded_icmp, sizeof ttl_exceeded_icmp, &icmp, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (icmp.type, ==, NS_ICMP_TIME_EXCEEDED);
  g_assert_cmpuint (icmp.code, ==, NS_ICMP_EXCEEDED_TTL);
  g_assert_true (ns_icmp_is_error (icmp.type));
  g_assert_cmpuint (icmp.rest, ==, 0);
  g_assert_cmpuint (icmp.data_len, ==, 28);
  g_assert_true (ns_icmp_parse_quoted (&icmp, &ip, &transport, &transport_len, &error));
  g_assert_no_error (error);
  g_assert_cmphex (ip.src, ==, IP (10, 0, 0, 5));
  g_assert_cmphex (ip.dst, ==, IP (10, 0, 1, 80));
  g_assert_cmpuint (ip.ttl, ==, 1);
  g_assert_cmpuint (ip.proto, ==, 17);
  g_assert_cmpuint (ip.total_len, ==, 60);
  g_assert_cmpuint (transport_len, ==, 8);
  g_assert_true (ns_udp_parse_flags (transport, transport_len, 0, 0,
                                     NS_WIRE_PARSE_ALLOW_TRUNCATED, &udp, &error));
  g_assert_cmpuint (udp.src_port, ==, 49152);
  g_assert_cmpuint (udp.dst_port, ==, 33434);
  g_assert_cmpuint (udp.length, ==, 40);

  /* Emitting the error from its parts gives the same bytes. */
  memcpy (probe, ttl_exceeded_icmp + 8, 28);
  g_assert_cmpuint (ns_icmp_quote_len (probe, 28), ==, 28);
  g_assert_cmpuint (ns_icmp_quote_len (probe, sizeof probe), ==, sizeof probe);
  g_assert_cmpuint (ns_icmp_quote_len (probe, 24), ==, 24);
  g_assert_cmpuint (ns_icmp_quote_len (probe, 19), ==, 0);
  {
    /* RFC 1812 4.3.2.3: as much as fits in 576 bytes, not only 28. */
    guint8 big[1500] = { 0 };

    memcpy (big, probe, 20);
    g_assert_cmpuint (ns_icmp_quote_len (big, 100), ==, 100);
    g_assert_cmpuint (ns_icmp_quote_len (big, sizeof big), ==, 576 - 20 - 8);
  }
  icmp = (NsIcmpHdr) { .type = NS_ICMP_TIME_EXCEEDED, .code = 0, .data = probe, .data_len = 28 };
  ns_icmp_emit (&icmp, out);
  g_assert_cmpmem (out, sizeof out, ttl_exceeded_icmp, sizeof ttl_exceeded_icmp);

  /* An echo quotes nothing. */
  {
    gsize len;
    g_autofree guint8 *msg = ping_icmp_message (&len);
    g_autoptr (GError) err2 = NULL;

    g_assert_true (ns_icmp_parse (msg, len, &icmp, NULL));
    g_assert_false (ns_icmp_parse_quoted (&icmp, &ip, NULL, NULL, &err2));
    g_assert_error (err2, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED);
  }
}

static void
test_icmp_malformed (void)
{
  gsize len;
  g_autofree guint8 *msg = ping_icmp_message (&len);
  NsIcmpHdr icmp;

  for (gsize cut = 0; cut < len; cut++)
    {
      g_autofree guint8 *copy = exact_copy (msg, cut);
      g_autoptr (GError) error = NULL;

      g_assert_false (ns_icmp_parse (copy, cut, &icmp, &error));
      g_assert_error (
        error, NS_WIRE_ERROR,
        (cut < NS_ICMP_HEADER_LEN ? NS_WIRE_ERROR_TRUNCATED : NS_WIRE_ERROR_CHECKSUM));
    }
  msg[30] ^= 0x40;
  {
    g_autoptr (GError) error = NULL;

    g_assert_false (ns_icmp_parse (msg, len, &icmp, &error));
    g_assert_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_CHECKSUM);
  }
  /* A quoted datagram that is not IPv4. */
  {
    guint8 bad[sizeof ttl_exceeded_icmp];
    g_autoptr (GError) error = NULL;

    memcpy (bad, ttl_exceeded_icmp, sizeof bad);
    bad[8] = 0x44;  /* quoted IHL 4 */
    bad[2] = bad[3] = 0;
    ns_wire_put_u16 (bad + 2, ns_checksum (bad, sizeof bad));
    g_assert_true (ns_icmp_parse (bad, sizeof bad, &icmp, NULL));
    g_assert_false (ns_icmp_parse_quoted (&icmp, &(NsIpv4Hdr) { 0 }, NULL, NULL, &error));
    g_assert_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED);
  }
}

/* ---- UDP ---- */

static void
test_udp_roundtrip (void)
{
  gsize len;
  g_autofree guint8 *dgram = udp_datagram (&len);
  g_autofree guint8 *out = NULL;
  NsUdpHdr udp;
  g_autoptr (GError) error = NULL;

  g_assert_true (ns_udp_parse (dgram, len, IP (10, 0, 0, 5), IP (10, 0, 1, 80), &udp, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (udp.src_port, ==, 49152);
  g_assert_cmpuint (udp.dst_port, ==, 7);
  g_assert_cmpuint (udp.length, ==, 208);
  g_assert_cmphex (udp.checksum, ==, 0x55bb);
  g_assert_cmphex (ns_udp_checksum (IP (10, 0, 0, 5), IP (10, 0, 1, 80), dgram, len), ==, 0x55bb);

  out = g_memdup2 (dgram, len);
  memset (out, 0xee, NS_UDP_HEADER_LEN);
  ns_udp_emit (49152, 7, 200, out);
  g_assert_cmphex (ns_wire_get_u16 (out + 6), ==, 0);
  ns_udp_fill_checksum (out, len, IP (10, 0, 0, 5), IP (10, 0, 1, 80));
  g_assert_cmpmem (out, NS_UDP_HEADER_LEN, udp_header, NS_UDP_HEADER_LEN);

  /* Trailing bytes past the UDP length (padding) are ignored. */
  g_assert_true (ns_udp_parse (dgram, len, IP (10, 0, 0, 5), IP (10, 0, 1, 80), &udp, NULL));
}

static void
test_udp_checksum_zero (void)
{
  /* A datagram whose checksum computes to 0 is sent as 0xffff (RFC 768),
   * and 0xffff verifies. Find a 2-byte payload that makes it so. */
  guint8 d[10];
  guint32 src = IP (10, 0, 0, 1), dst = IP (10, 0, 0, 2);
  NsUdpHdr udp;

  ns_udp_emit (1000, 2000, 2, d);
  d[8] = d[9] = 0;
  {
    guint16 c = ns_udp_checksum (src, dst, d, sizeof d);

    /* Adding the checksum value as payload drives the sum to all ones. */
    ns_wire_put_u16 (d + 8, c);
  }
  g_assert_cmphex (ns_udp_checksum (src, dst, d, sizeof d), ==, 0xffff);
  ns_udp_fill_checksum (d, sizeof d, src, dst);
  g_assert_cmphex (ns_wire_get_u16 (d + 6), ==, 0xffff);
  g_assert_true (ns_udp_parse (d, sizeof d, src, dst, &udp, NULL));

  /* Checksum field 0: none sent, anything goes. */
  ns_wire_put_u16 (d + 6, 0);
  d[9] ^= 0xff;
  g_assert_true (ns_udp_parse (d, sizeof d, src, dst, &udp, NULL));
  g_assert_cmpuint (udp.checksum, ==, 0);
}

static void
test_udp_malformed (void)
{
  gsize len;
  g_autofree guint8 *dgram = udp_datagram (&len);
  guint32 src = IP (10, 0, 0, 5), dst = IP (10, 0, 1, 80);
  NsUdpHdr udp;

  for (gsize cut = 0; cut < len; cut++)
    {
      g_autofree guint8 *copy = exact_copy (dgram, cut);
      g_autoptr (GError) error = NULL;

      g_assert_false (ns_udp_parse (copy, cut, src, dst, &udp, &error));
      g_assert_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_TRUNCATED);
    }
  /* Wrong addresses in the pseudo-header. */
  {
    g_autoptr (GError) error = NULL;

    g_assert_false (ns_udp_parse (dgram, len, src, IP (10, 0, 1, 81), &udp, &error));
    g_assert_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_CHECKSUM);
  }
  /* A changed payload byte. */
  {
    g_autoptr (GError) error = NULL;

    dgram[100] ^= 1;
    g_assert_false (ns_udp_parse (dgram, len, src, dst, &udp, &error));
    g_assert_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_CHECKSUM);
    g_assert_true (
      ns_udp_parse_flags (dgram, len, src, dst, NS_WIRE_PARSE_NO_CHECKSUM, &udp, NULL));
    dgram[100] ^= 1;
  }
  /* Length below the header, and above the bytes received. */
  for (guint l = 0; l < 8; l++)
    {
      g_autoptr (GError) error = NULL;

      ns_wire_put_u16 (dgram + 4, (guint16) l);
      g_assert_false (ns_udp_parse (dgram, len, src, dst, &udp, &error));
      g_assert_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED);
    }
  {
    g_autoptr (GError) error = NULL;

    ns_wire_put_u16 (dgram + 4, 209);
    g_assert_false (ns_udp_parse (dgram, len, src, dst, &udp, &error));
    g_assert_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_TRUNCATED);
  }
  /* Quoted 8 bytes: any length is fine, nothing beyond 8 bytes is read. */
  {
    g_autofree guint8 *copy = exact_copy (dgram, 8);

    g_assert_true (ns_udp_parse_flags (copy, 8, 0, 0, NS_WIRE_PARSE_ALLOW_TRUNCATED, &udp, NULL));
    g_assert_cmpuint (udp.length, ==, 209);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/net/wire/checksum/rfc1071", test_checksum_rfc1071);
  g_test_add_func ("/net/wire/checksum/captured", test_checksum_captured);
  g_test_add_func ("/net/wire/ethernet/roundtrip", test_ethernet_roundtrip);
  g_test_add_func ("/net/wire/ethernet/padding", test_ethernet_padding);
  g_test_add_func ("/net/wire/ethernet/malformed", test_ethernet_malformed);
  g_test_add_func ("/net/wire/arp/roundtrip", test_arp_roundtrip);
  g_test_add_func ("/net/wire/arp/malformed", test_arp_malformed);
  g_test_add_func ("/net/wire/ipv4/roundtrip", test_ipv4_roundtrip);
  g_test_add_func ("/net/wire/ipv4/fields", test_ipv4_fields);
  g_test_add_func ("/net/wire/ipv4/options", test_ipv4_options);
  g_test_add_func ("/net/wire/ipv4/malformed", test_ipv4_malformed);
  g_test_add_func ("/net/wire/ipv4/decrement-ttl", test_ipv4_decrement_ttl);
  g_test_add_func ("/net/wire/icmp/echo", test_icmp_echo);
  g_test_add_func ("/net/wire/icmp/error", test_icmp_error);
  g_test_add_func ("/net/wire/icmp/malformed", test_icmp_malformed);
  g_test_add_func ("/net/wire/udp/roundtrip", test_udp_roundtrip);
  g_test_add_func ("/net/wire/udp/checksum-zero", test_udp_checksum_zero);
  g_test_add_func ("/net/wire/udp/malformed", test_udp_malformed);

  return g_test_run ();
}
