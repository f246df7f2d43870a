/* test-tcp-wire.c: the TCP header codec, byte for byte. */
#include <string.h>

#include "net/wire/tcp-wire.h"

/* A SYN from 10.0.0.1:49152 to 10.0.0.2:80, seq 0x01020304, window 65535,
 * options MSS 1460, NOP, WS 7, NOP, NOP, SACK-permitted, NOP, NOP, TS. */
static const guint8 syn_bytes[] = {
  0xc0, 0x00, 0x00, 0x50,             /* ports */
  0x01, 0x02, 0x03, 0x04,             /* seq */
  0x00, 0x00, 0x00, 0x00,             /* ack */
  0xb0, 0x02, 0xff, 0xff,             /* offset 11 words, SYN, window */
  0x00, 0x00, 0x00, 0x00,             /* checksum, urgent */
  0x02, 0x04, 0x05, 0xb4,             /* MSS 1460 */
  0x01, 0x03, 0x03, 0x07,             /* NOP, WS 7 */
  0x01, 0x01, 0x04, 0x02,             /* NOP NOP SACK-permitted */
  0x01, 0x01, 0x08, 0x0a,             /* NOP NOP TS */
  0x00, 0x00, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x00,
};

static void
test_parse_syn (void)
{
  NsTcpHeader h;
  GError *error = NULL;

  g_assert_true (ns_tcp_header_parse (syn_bytes, sizeof syn_bytes, &h, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (h.src_port, ==, 49152);
  g_assert_cmpuint (h.dst_port, ==, 80);
  g_assert_cmpuint (h.seq, ==, 0x01020304);
  g_assert_cmpuint (h.ack, ==, 0);
  g_assert_cmpuint (h.header_len, ==, 44);
  g_assert_cmpuint (h.flags, ==, NS_TCP_SYN);
  g_assert_cmpuint (h.window, ==, 65535);
  g_assert_true (h.has_mss);
  g_assert_cmpuint (h.mss, ==, 1460);
  g_assert_true (h.has_wscale);
  g_assert_cmpuint (h.wscale, ==, 7);
  g_assert_true (h.sack_permitted);
  g_assert_true (h.has_timestamps);
  g_assert_cmpuint (h.ts_val, ==, 42);
  g_assert_cmpuint (h.ts_ecr, ==, 0);
}

static void
test_emit_roundtrip (void)
{
  NsTcpHeader h, back;
  guint8 buf[NS_TCP_HEADER_MAX_LEN];
  gsize n;

  g_assert_true (ns_tcp_header_parse (syn_bytes, sizeof syn_bytes, &h, NULL));
  n = ns_tcp_header_emit (&h, buf);
  g_assert_cmpuint (n, ==, sizeof syn_bytes);
  g_assert_cmpmem (buf, n, syn_bytes, sizeof syn_bytes);
  g_assert_true (ns_tcp_header_parse (buf, n, &back, NULL));
  g_assert_cmpuint (back.mss, ==, 1460);
}

static void
test_emit_plain (void)
{
  static const guint8 expect[] = {
    0x00, 0x07, 0xc0, 0x01, 0xff, 0xff, 0xff, 0xfe, 0x00, 0x00, 0x10, 0x00,
    0x50, 0x11, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00,
  };
  NsTcpHeader h = {
    .src_port = 7, .dst_port = 49153, .seq = 0xfffffffe, .ack = 0x1000,
    .flags = NS_TCP_FIN | NS_TCP_ACK, .window = 8192,
  };
  guint8 buf[NS_TCP_HEADER_MAX_LEN];

  g_assert_cmpuint (ns_tcp_header_emit_len (&h), ==, 20);
  g_assert_cmpuint (ns_tcp_header_emit (&h, buf), ==, 20);
  g_assert_cmpmem (buf, 20, expect, sizeof expect);
}

static void
test_checksum (void)
{
  /* A segment with payload "hi", checksum over the pseudo-header of
   * 10.0.0.1 -> 10.0.0.2. Worked by hand: RFC 1071 sum of the pseudo
   * header, header and data. */
  guint8 seg[22];
  NsTcpHeader h = { .src_port = 1234, .dst_port = 80, .seq = 1, .ack = 2,
                    .flags = NS_TCP_ACK | NS_TCP_PSH, .window = 100 };
  guint32 src = 0x0a000001, dst = 0x0a000002;
  guint32 sum = 0;

  ns_tcp_header_emit (&h, seg);
  seg[20] = 'h';
  seg[21] = 'i';
  ns_tcp_checksum_fill (seg, sizeof seg, src, dst);
  g_assert_true (ns_tcp_checksum_valid (seg, sizeof seg, src, dst));
  /* Recompute independently, word by word. */
  {
    guint16 words[] = { 0x0a00, 0x0001, 0x0a00, 0x0002, 0x0006, 22 };
    for (guint i = 0; i < G_N_ELEMENTS (words); i++)
      sum += words[i];
    for (guint i = 0; i < sizeof seg; i += 2)
      if (i != 16)
        sum += (guint32) seg[i] << 8 | seg[i + 1];
    while (sum >> 16)
      sum = (sum & 0xffff) + (sum >> 16);
    g_assert_cmpuint ((guint16) ~sum, ==, (guint32) seg[16] << 8 | seg[17]);
  }
  seg[21] ^= 1;
  g_assert_false (ns_tcp_checksum_valid (seg, sizeof seg, src, dst));
  seg[21] ^= 1;
  g_assert_false (ns_tcp_checksum_valid (seg, sizeof seg, src, dst + 1));
}

static void
expect_error (const guint8 *data, gsize len, gint code)
{
  NsTcpHeader h;
  GError *error = NULL;

  g_assert_false (ns_tcp_header_parse (data, len, &h, &error));
  g_assert_error (error, NS_TCP_WIRE_ERROR, code);
  g_clear_error (&error);
}

static void
test_malformed (void)
{
  guint8 buf[sizeof syn_bytes];

  /* Every truncation of the header is refused, never read past. */
  for (gsize len = 0; len < 20; len++)
    {
      g_autofree guint8 *copy = g_memdup2 (syn_bytes, MAX (len, 1));

      expect_error (len ? copy : NULL, len, NS_TCP_WIRE_ERROR_TRUNCATED);
    }
  for (gsize len = 20; len < 44; len++)
    {
      g_autofree guint8 *copy = g_memdup2 (syn_bytes, len);

      expect_error (copy, len, NS_TCP_WIRE_ERROR_BAD_OFFSET);
    }
  /* Data offset below 5 words. */
  memcpy (buf, syn_bytes, sizeof buf);
  buf[12] = 0x40;
  expect_error (buf, sizeof buf, NS_TCP_WIRE_ERROR_BAD_OFFSET);
  /* MSS with length 3. */
  memcpy (buf, syn_bytes, sizeof buf);
  buf[21] = 3;
  expect_error (buf, sizeof buf, NS_TCP_WIRE_ERROR_BAD_OPTION);
  /* An option of length 0 (would loop forever) and one running past the
   * header. */
  memcpy (buf, syn_bytes, sizeof buf);
  buf[20] = 99;
  buf[21] = 0;
  expect_error (buf, sizeof buf, NS_TCP_WIRE_ERROR_BAD_OPTION);
  memcpy (buf, syn_bytes, sizeof buf);
  buf[32] = 99;
  buf[33] = 13;
  expect_error (buf, sizeof buf, NS_TCP_WIRE_ERROR_BAD_OPTION);
  /* A kind byte with no room for its length. */
  memcpy (buf, syn_bytes, sizeof buf);
  memset (buf + 32, NS_TCP_OPT_NOP, 11);
  buf[43] = 2;
  expect_error (buf, sizeof buf, NS_TCP_WIRE_ERROR_BAD_OPTION);
}

static void
test_options_unknown_and_eol (void)
{
  guint8 buf[28];
  NsTcpHeader h;

  memcpy (buf, syn_bytes, 20);
  buf[12] = 0x70;
  /* unknown kind 30 of length 4, then EOL and garbage after it */
  buf[20] = 30; buf[21] = 4; buf[22] = 0xaa; buf[23] = 0xbb;
  buf[24] = 0; buf[25] = 2; buf[26] = 1; buf[27] = 1;
  g_assert_true (ns_tcp_header_parse (buf, sizeof buf, &h, NULL));
  g_assert_false (h.has_mss);
  g_assert_cmpuint (h.header_len, ==, 28);
}

static void
test_flags_text (void)
{
  char buf[32];

  g_assert_cmpstr (ns_tcp_flags_to_string (NS_TCP_SYN | NS_TCP_ACK, buf, sizeof buf), ==,
                   "SYN,ACK");
  g_assert_cmpstr (ns_tcp_flags_to_string (NS_TCP_FIN | NS_TCP_PSH | NS_TCP_ACK, buf,
                                           sizeof buf), ==, "FIN,PSH,ACK");
  g_assert_cmpstr (ns_tcp_flags_to_string (0, buf, sizeof buf), ==, "");
  g_assert_cmpstr (ns_tcp_flags_to_string (0xff, buf, 8), ==, "SYN,RST");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/net/tcp-wire/parse-syn", test_parse_syn);
  g_test_add_func ("/net/tcp-wire/emit-roundtrip", test_emit_roundtrip);
  g_test_add_func ("/net/tcp-wire/emit-plain", test_emit_plain);
  g_test_add_func ("/net/tcp-wire/checksum", test_checksum);
  g_test_add_func ("/net/tcp-wire/malformed", test_malformed);
  g_test_add_func ("/net/tcp-wire/options-unknown-eol", test_options_unknown_and_eol);
  g_test_add_func ("/net/tcp-wire/flags-text", test_flags_text);
  return g_test_run ();
}
