/* test-dns-wire.c: the DNS message codec (RFC 1035 §4) against byte vectors. */
#include <string.h>

#include "net/wire/dns-wire.h"

/* A standard query, RD set, for www.example.com A IN. */
static const guint8 query_bytes[] = {
  0x1a, 0x2b, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x03, 'w', 'w', 'w', 0x07, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0x03, 'c', 'o', 'm', 0x00,
  0x00, 0x01, 0x00, 0x01,
};

/* The answer: QR AA RD RA, www CNAME web.example.com, web A 10.0.1.80, with
 * every name compressed as an encoder that compresses greedily would. */
static const guint8 response_bytes[] = {
  0x1a, 0x2b, 0x85, 0x80, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,
  /* 12 */ 0x03, 'w', 'w', 'w', /* 16 */ 0x07, 'e', 'x', 'a', 'm', 'p', 'l', 'e',
  /* 24 */ 0x03, 'c', 'o', 'm', 0x00, 0x00, 0x01, 0x00, 0x01,
  /* 33 */ 0xc0, 0x0c, 0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10, 0x00, 0x06,
  /* 45 */ 0x03, 'w', 'e', 'b', 0xc0, 0x10,
  /* 51 */ 0xc0, 0x2d, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10, 0x00, 0x04,
  0x0a, 0x00, 0x01, 0x50,
};

static void
assert_bytes (GBytes *bytes, const guint8 *expected, gsize len)
{
  gsize n;
  const guint8 *d = g_bytes_get_data (bytes, &n);

  g_assert_cmpmem (d, n, expected, len);
}

static void
test_query_parse (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NsDnsMessage) m = ns_dns_message_parse (query_bytes, sizeof query_bytes, &error);
  const NsDnsQuestion *q;

  g_assert_no_error (error);
  g_assert_nonnull (m);
  g_assert_cmpuint (m->id, ==, 0x1a2b);
  g_assert_false (m->qr);
  g_assert_true (m->rd);
  g_assert_false (m->aa);
  g_assert_cmpuint (m->opcode, ==, 0);
  g_assert_cmpuint (m->questions->len, ==, 1);
  q = m->questions->pdata[0];
  g_assert_cmpstr (q->name, ==, "www.example.com");
  g_assert_cmpuint (q->type, ==, NS_DNS_TYPE_A);
  g_assert_cmpuint (q->klass, ==, NS_DNS_CLASS_IN);
}

static void
test_query_emit (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NsDnsMessage) m = ns_dns_message_new ();
  g_autoptr (GBytes) bytes = NULL;

  m->id = 0x1a2b;
  m->rd = TRUE;
  ns_dns_message_add_question (m, "www.example.com", NS_DNS_TYPE_A, NS_DNS_CLASS_IN);
  bytes = ns_dns_message_emit (m, &error);
  g_assert_no_error (error);
  assert_bytes (bytes, query_bytes, sizeof query_bytes);
}

static void
test_response_parse (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NsDnsMessage) m = ns_dns_message_parse (response_bytes, sizeof response_bytes,
                                                     &error);
  const NsDnsRecord *cname, *a;

  g_assert_no_error (error);
  g_assert_true (m->qr);
  g_assert_true (m->aa);
  g_assert_true (m->rd);
  g_assert_true (m->ra);
  g_assert_false (m->tc);
  g_assert_cmpuint (m->rcode, ==, NS_DNS_RCODE_NOERROR);
  g_assert_cmpuint (m->answers->len, ==, 2);
  cname = m->answers->pdata[0];
  g_assert_cmpstr (cname->name, ==, "www.example.com");
  g_assert_cmpuint (cname->type, ==, NS_DNS_TYPE_CNAME);
  g_assert_cmpuint (cname->ttl, ==, 3600);
  g_assert_cmpstr (cname->target, ==, "web.example.com");
  a = m->answers->pdata[1];
  g_assert_cmpstr (a->name, ==, "web.example.com");
  g_assert_cmpuint (a->type, ==, NS_DNS_TYPE_A);
  g_assert_cmphex (a->addr, ==, 0x0a000150);
}

static void
test_response_emit_compressed (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NsDnsMessage) m = ns_dns_message_new ();
  g_autoptr (GBytes) bytes = NULL;

  m->id = 0x1a2b;
  m->qr = m->aa = m->rd = m->ra = TRUE;
  ns_dns_message_add_question (m, "www.example.com", NS_DNS_TYPE_A, NS_DNS_CLASS_IN);
  /* Upper case must still compress against the lower case name (§2.3.3),
   * though the bytes written keep the first spelling. */
  g_ptr_array_add (m->answers, ns_dns_record_new_name ("WWW.Example.COM", NS_DNS_TYPE_CNAME,
                                                       3600, "web.example.com"));
  g_ptr_array_add (m->answers, ns_dns_record_new_a ("web.example.com", 3600, 0x0a000150));
  bytes = ns_dns_message_emit (m, &error);
  g_assert_no_error (error);
  assert_bytes (bytes, response_bytes, sizeof response_bytes);
}

static void
test_roundtrip_other_types (void)
{
  static const guint8 aaaa[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
  g_autoptr (GError) error = NULL;
  g_autoptr (NsDnsMessage) m = ns_dns_message_new ();
  g_autoptr (NsDnsMessage) back = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GBytes) again = NULL;
  const NsDnsRecord *r;

  m->id = 7;
  m->qr = TRUE;
  m->rcode = NS_DNS_RCODE_NXDOMAIN;
  m->z = 0x1;
  ns_dns_message_add_question (m, "v6.example.net", NS_DNS_TYPE_AAAA, NS_DNS_CLASS_IN);
  g_ptr_array_add (m->authority, ns_dns_record_new_name ("example.net", NS_DNS_TYPE_NS, 60,
                                                         "ns1.example.net"));
  g_ptr_array_add (m->additional, ns_dns_record_new_raw ("v6.example.net", NS_DNS_TYPE_AAAA,
                                                         NS_DNS_CLASS_IN, 60, aaaa, 16));
  /* An EDNS OPT pseudo-record: root name, class = UDP size (RFC 6891). */
  g_ptr_array_add (m->additional, ns_dns_record_new_raw ("", NS_DNS_TYPE_OPT, 1232, 0,
                                                         NULL, 0));
  bytes = ns_dns_message_emit (m, &error);
  g_assert_no_error (error);
  back = ns_dns_message_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->rcode, ==, NS_DNS_RCODE_NXDOMAIN);
  g_assert_cmpuint (back->z, ==, 1);
  r = back->authority->pdata[0];
  g_assert_cmpstr (r->target, ==, "ns1.example.net");
  r = back->additional->pdata[0];
  g_assert_cmpuint (r->type, ==, NS_DNS_TYPE_AAAA);
  g_assert_cmpmem (g_bytes_get_data (r->rdata, NULL), g_bytes_get_size (r->rdata), aaaa, 16);
  r = back->additional->pdata[1];
  g_assert_cmpstr (r->name, ==, "");
  g_assert_cmpuint (r->klass, ==, 1232);
  g_assert_cmpuint (g_bytes_get_size (r->rdata), ==, 0);
  again = ns_dns_message_emit (back, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (bytes, again));
}

static void
test_name_escapes (void)
{
  /* A label holding a dot and a space: bytes "a.b c" (RFC 1035 §5.1). */
  static const guint8 bytes[] = {
    0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
    0x05, 'a', '.', 'b', ' ', 'c', 0x02, 'x', 'y', 0x00, 0x00, 0x01, 0x00, 0x01,
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (NsDnsMessage) m = ns_dns_message_parse (bytes, sizeof bytes, &error);
  g_autoptr (GBytes) out = NULL;
  const NsDnsQuestion *q;

  g_assert_no_error (error);
  q = m->questions->pdata[0];
  g_assert_cmpstr (q->name, ==, "a\\.b\\032c.xy");
  out = ns_dns_message_emit (m, &error);
  g_assert_no_error (error);
  assert_bytes (out, bytes, sizeof bytes);
}

static void
test_name_helpers (void)
{
  g_autofree char *canon = ns_dns_name_canonical ("WWW.Example.com.");

  g_assert_cmpstr (canon, ==, "www.example.com");
  g_assert_true (ns_dns_name_equal ("www.EXAMPLE.com", "www.example.com."));
  g_assert_false (ns_dns_name_equal ("www.example.com", "ww.example.com"));
  g_assert_true (ns_dns_name_is_subdomain ("www.example.com", "example.com"));
  g_assert_true (ns_dns_name_is_subdomain ("example.com", "example.com"));
  g_assert_true (ns_dns_name_is_subdomain ("example.com", ""));
  g_assert_false (ns_dns_name_is_subdomain ("wwwexample.com", "example.com"));
  g_assert_false (ns_dns_name_is_subdomain ("com", "example.com"));
  g_assert_cmpstr (ns_dns_name_parent ("www.example.com"), ==, "example.com");
  g_assert_cmpstr (ns_dns_name_parent ("com"), ==, "");
  g_assert_cmpstr (ns_dns_name_parent (""), ==, "");
  g_assert_cmpstr (ns_dns_name_parent ("a\\.b.c"), ==, "c");
  g_assert_true (ns_dns_name_is_valid ("www.example.com"));
  g_assert_true (ns_dns_name_is_valid ("www.example.com."));
  g_assert_true (ns_dns_name_is_valid (""));
  g_assert_false (ns_dns_name_is_valid ("a..b"));
  g_assert_false (ns_dns_name_is_valid (".a"));
  g_assert_false (ns_dns_name_is_valid ("a\\"));
  g_assert_false (ns_dns_name_is_valid ("a\\300"));
  g_assert_cmpstr (ns_dns_type_to_string (NS_DNS_TYPE_CNAME), ==, "CNAME");
  g_assert_cmpstr (ns_dns_type_to_string (99), ==, "TYPE99");
  g_assert_cmpstr (ns_dns_rcode_to_string (NS_DNS_RCODE_NXDOMAIN), ==, "NXDOMAIN");
}

static char *
long_name (guint labels, guint label_len)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < labels; i++)
    {
      if (i > 0)
        g_string_append_c (s, '.');
      for (guint j = 0; j < label_len; j++)
        g_string_append_c (s, 'a');
    }
  return g_string_free (s, FALSE);
}

static void
test_emit_invalid_names (void)
{
  /* 63 is the longest label; 4 labels of 61 are 4*62+1 = 249 bytes. */
  g_autofree char *label64 = long_name (1, 64);
  g_autofree char *label63 = long_name (1, 63);
  g_autofree char *name_ok = long_name (4, 61);
  g_autofree char *name_long = long_name (4, 63);   /* 257 bytes */
  const char *bad[] = { label64, name_long, "a..b" };
  const char *good[] = { label63, name_ok };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (NsDnsMessage) m = ns_dns_message_new ();
      g_autoptr (GBytes) bytes = NULL;

      ns_dns_message_add_question (m, bad[i], NS_DNS_TYPE_A, NS_DNS_CLASS_IN);
      bytes = ns_dns_message_emit (m, &error);
      g_assert_null (bytes);
      g_assert_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED);
    }
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (NsDnsMessage) m = ns_dns_message_new ();
      g_autoptr (NsDnsMessage) back = NULL;
      g_autoptr (GBytes) bytes = NULL;

      ns_dns_message_add_question (m, good[i], NS_DNS_TYPE_A, NS_DNS_CLASS_IN);
      bytes = ns_dns_message_emit (m, &error);
      g_assert_no_error (error);
      back = ns_dns_message_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   &error);
      g_assert_no_error (error);
      g_assert_cmpstr (((NsDnsQuestion *) back->questions->pdata[0])->name, ==, good[i]);
    }
}

/* ---- malformed messages ---- */

typedef struct {
  const char   *what;
  const guint8 *bytes;
  gsize         len;
  NsWireError   code;
} Malformed;

#define HDR(qd, an) 0x00, 0x01, 0x81, 0x00, 0x00, qd, 0x00, an, 0x00, 0x00, 0x00, 0x00

static const guint8 m_short_header[] = { 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0 };
static const guint8 m_no_question[] = { HDR (1, 0) };
static const guint8 m_label_past_end[] = { HDR (1, 0), 0x05, 'a', 'b' };
static const guint8 m_no_terminator[] = { HDR (1, 0), 0x01, 'a' };
static const guint8 m_qtype_cut[] = { HDR (1, 0), 0x01, 'a', 0x00, 0x00, 0x01, 0x00 };
static const guint8 m_self_pointer[] = { HDR (1, 0), 0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01 };
static const guint8 m_loop_pointer[] = {
  HDR (1, 0), 0x01, 'a', 0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01
};
/* Two names pointing at each other: the answer's name points forward. */
static const guint8 m_forward_pointer[] = {
  HDR (1, 1), 0x01, 'a', 0xc0, 0x13, 0x00, 0x01, 0x00, 0x01,
  /* 19 */ 0x01, 'b', 0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01, 0, 0, 0, 1, 0x00, 0x04, 1, 2, 3, 4,
};
static const guint8 m_pointer_out_of_range[] = { HDR (1, 0), 0xc3, 0xff, 0x00, 0x01, 0x00, 0x01 };
static const guint8 m_pointer_into_header[] = {
  HDR (1, 1), 0x01, 'a', 0x00, 0x00, 0x01, 0x00, 0x01,
  0xc0, 0x02, 0x00, 0x01, 0x00, 0x01, 0, 0, 0, 1, 0x00, 0x04, 1, 2, 3, 4,
};
static const guint8 m_pointer_cut[] = { HDR (1, 0), 0x01, 'a', 0xc0 };
static const guint8 m_label_64[] = { HDR (1, 0), 0x40, 'a' };
static const guint8 m_label_reserved[] = { HDR (1, 0), 0x80, 'a' };
static const guint8 m_answer_missing[] = { HDR (1, 1), 0x01, 'a', 0x00, 0x00, 0x01, 0x00, 0x01 };
static const guint8 m_answer_fixed_cut[] = {
  HDR (1, 1), 0x01, 'a', 0x00, 0x00, 0x01, 0x00, 0x01, 0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01, 0, 0,
};
static const guint8 m_rdlength_past_end[] = {
  HDR (1, 1), 0x01, 'a', 0x00, 0x00, 0x01, 0x00, 0x01,
  0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01, 0, 0, 0, 1, 0x00, 0x08, 1, 2, 3, 4,
};
static const guint8 m_a_wrong_length[] = {
  HDR (1, 1), 0x01, 'a', 0x00, 0x00, 0x01, 0x00, 0x01,
  0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01, 0, 0, 0, 1, 0x00, 0x05, 1, 2, 3, 4, 5,
};
/* CNAME whose RDLENGTH (3) ends inside its name ("b" + pointer). */
static const guint8 m_cname_name_past_rdata[] = {
  HDR (1, 1), 0x01, 'a', 0x00, 0x00, 0x05, 0x00, 0x01,
  0xc0, 0x0c, 0x00, 0x05, 0x00, 0x01, 0, 0, 0, 1, 0x00, 0x03, 0x01, 'b', 0xc0, 0x0c,
};
/* CNAME whose RDLENGTH (5) is longer than its name (3 bytes). */
static const guint8 m_cname_rdata_slack[] = {
  HDR (1, 1), 0x01, 'a', 0x00, 0x00, 0x05, 0x00, 0x01,
  0xc0, 0x0c, 0x00, 0x05, 0x00, 0x01, 0, 0, 0, 1, 0x00, 0x05, 0x01, 'b', 0x00, 0xff, 0xff,
};

static void
test_malformed (void)
{
  static guint8 name_256[NS_DNS_HEADER_LEN + 300];
  static guint8 chain_256[NS_DNS_HEADER_LEN + 400];
  gsize name_256_len = 0, chain_len = 0;
  Malformed cases[] = {
    { "short header", m_short_header, sizeof m_short_header, NS_WIRE_ERROR_TRUNCATED },
    { "no question", m_no_question, sizeof m_no_question, NS_WIRE_ERROR_TRUNCATED },
    { "label past end", m_label_past_end, sizeof m_label_past_end, NS_WIRE_ERROR_TRUNCATED },
    { "no terminator", m_no_terminator, sizeof m_no_terminator, NS_WIRE_ERROR_TRUNCATED },
    { "qtype cut", m_qtype_cut, sizeof m_qtype_cut, NS_WIRE_ERROR_TRUNCATED },
    { "self pointer", m_self_pointer, sizeof m_self_pointer, NS_WIRE_ERROR_MALFORMED },
    { "loop pointer", m_loop_pointer, sizeof m_loop_pointer, NS_WIRE_ERROR_MALFORMED },
    { "forward pointer", m_forward_pointer, sizeof m_forward_pointer, NS_WIRE_ERROR_MALFORMED },
    { "pointer out of range", m_pointer_out_of_range, sizeof m_pointer_out_of_range,
      NS_WIRE_ERROR_MALFORMED },
    { "pointer into header", m_pointer_into_header, sizeof m_pointer_into_header,
      NS_WIRE_ERROR_MALFORMED },
    { "pointer cut", m_pointer_cut, sizeof m_pointer_cut, NS_WIRE_ERROR_TRUNCATED },
    { "label 64", m_label_64, sizeof m_label_64, NS_WIRE_ERROR_MALFORMED },
    { "label type 0x80", m_label_reserved, sizeof m_label_reserved, NS_WIRE_ERROR_MALFORMED },
    { "answer missing", m_answer_missing, sizeof m_answer_missing, NS_WIRE_ERROR_TRUNCATED },
    { "answer fixed fields cut", m_answer_fixed_cut, sizeof m_answer_fixed_cut,
      NS_WIRE_ERROR_TRUNCATED },
    { "rdlength past end", m_rdlength_past_end, sizeof m_rdlength_past_end,
      NS_WIRE_ERROR_TRUNCATED },
    { "A rdlength 5", m_a_wrong_length, sizeof m_a_wrong_length, NS_WIRE_ERROR_MALFORMED },
    { "CNAME past rdata", m_cname_name_past_rdata, sizeof m_cname_name_past_rdata,
      NS_WIRE_ERROR_TRUNCATED },
    { "CNAME rdata slack", m_cname_rdata_slack, sizeof m_cname_rdata_slack,
      NS_WIRE_ERROR_MALFORMED },
    { "name of 256 bytes", name_256, 0, NS_WIRE_ERROR_MALFORMED },
    { "name of 256 bytes through pointers", chain_256, 0, NS_WIRE_ERROR_MALFORMED },
  };

  /* A name of 4 labels of 63: 4*64 + 1 = 257 bytes. */
  memcpy (name_256, m_no_question, NS_DNS_HEADER_LEN);
  name_256_len = NS_DNS_HEADER_LEN;
  for (guint i = 0; i < 4; i++)
    {
      name_256[name_256_len++] = 63;
      memset (name_256 + name_256_len, 'x', 63);
      name_256_len += 63;
    }
  name_256[name_256_len++] = 0;
  name_256_len += 4;
  /* The same length reached by names that each add one 63-byte label in
   * front of the previous one, through legal backward pointers. */
  memcpy (chain_256, m_no_question, NS_DNS_HEADER_LEN);
  chain_256[5] = 4;   /* four questions */
  chain_len = NS_DNS_HEADER_LEN;
  for (guint i = 0, prev = 0; i < 4; i++)
    {
      guint start = (guint) chain_len;

      chain_256[chain_len++] = 63;
      memset (chain_256 + chain_len, 'y', 63);
      chain_len += 63;
      if (i == 0)
        chain_256[chain_len++] = 0;
      else
        {
          chain_256[chain_len++] = (guint8) (0xc0 | prev >> 8);
          chain_256[chain_len++] = (guint8) prev;
        }
      memcpy (chain_256 + chain_len, (const guint8[]) { 0, 1, 0, 1 }, 4);
      chain_len += 4;
      prev = start;
    }
  cases[G_N_ELEMENTS (cases) - 2].len = name_256_len;
  cases[G_N_ELEMENTS (cases) - 1].len = chain_len;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      /* A copy of exactly len bytes, so ASan sees any read past the end. */
      g_autofree guint8 *copy = g_memdup2 (cases[i].bytes, cases[i].len);
      NsDnsMessage *m = ns_dns_message_parse (copy, cases[i].len, &error);

      if (m != NULL || !g_error_matches (error, NS_WIRE_ERROR, cases[i].code))
        g_error ("case “%s”: expected error %d, got %s", cases[i].what, cases[i].code,
                 error != NULL ? error->message : "success");
    }
}

/* Three questions, each legal only through a chain of backward pointers:
 * the decoder must follow more than one pointer. */
static void
test_pointer_chain (void)
{
  static const guint8 bytes[] = {
    0, 1, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0,
    /* 12 */ 0x03, 'c', 'o', 'm', 0x00, 0x00, 0x02, 0x00, 0x01,
    /* 21 */ 0x07, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0xc0, 0x0c, 0x00, 0x02, 0x00, 0x01,
    /* 35 */ 0x03, 'w', 'w', 'w', 0xc0, 0x15, 0x00, 0x01, 0x00, 0x01,
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (NsDnsMessage) m = ns_dns_message_parse (bytes, sizeof bytes, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (((NsDnsQuestion *) m->questions->pdata[0])->name, ==, "com");
  g_assert_cmpstr (((NsDnsQuestion *) m->questions->pdata[1])->name, ==, "example.com");
  g_assert_cmpstr (((NsDnsQuestion *) m->questions->pdata[2])->name, ==, "www.example.com");
}

/* Every truncation and every single-byte corruption of a valid response
 * parses or fails cleanly (ASan/UBSan watch the reads). */
static void
test_mutations (void)
{
  for (gsize len = 0; len < sizeof response_bytes; len++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree guint8 *copy = g_memdup2 (response_bytes, len);
      NsDnsMessage *m = ns_dns_message_parse (copy, len, &error);

      g_assert_null (m);
      g_assert_nonnull (error);
    }
  for (gsize i = 0; i < sizeof response_bytes; i++)
    for (guint v = 0; v < 256; v += 17)
      {
        g_autoptr (GError) error = NULL;
        g_autofree guint8 *copy = g_memdup2 (response_bytes, sizeof response_bytes);
        NsDnsMessage *m;

        copy[i] = (guint8) v;
        m = ns_dns_message_parse (copy, sizeof response_bytes, &error);
        g_assert_true ((m == NULL) != (error == NULL));
        ns_dns_message_free (m);
      }
}

static void
test_describe (void)
{
  g_autoptr (NsDnsMessage) q = ns_dns_message_parse (query_bytes, sizeof query_bytes, NULL);
  g_autoptr (NsDnsMessage) r = ns_dns_message_parse (response_bytes, sizeof response_bytes, NULL);
  g_autofree char *qs = ns_dns_message_describe (q);
  g_autofree char *rs = ns_dns_message_describe (r);

  g_assert_cmpstr (qs, ==, "query 0x1a2b A www.example.com");
  g_assert_cmpstr (rs, ==, "response 0x1a2b A www.example.com: CNAME web.example.com A 10.0.1.80");
}

/* Unknown types print as TYPEnnn (RFC 3597 §5) without interning: a
 * quark is never freed, so types chosen by hostile messages must not
 * become quarks (found by fuzz-dns: GLib's quark table leaked as it grew). */
static void
test_unknown_type_names (void)
{
  const char *name = ns_dns_type_to_string (4242);

  g_assert_cmpstr (name, ==, "TYPE4242");
  g_assert_true (ns_dns_type_to_string (4242) == name);
  g_assert_cmpuint (g_quark_try_string ("TYPE4242"), ==, 0);
  for (guint type = 60000; type < 64000; type++)
    g_assert_true (g_str_has_prefix (ns_dns_type_to_string ((guint16) type), "TYPE"));
  g_assert_cmpuint (g_quark_try_string ("TYPE63999"), ==, 0);
  g_assert_cmpstr (ns_dns_type_to_string (NS_DNS_TYPE_CNAME), ==, "CNAME");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/net/dns-wire/query-parse", test_query_parse);
  g_test_add_func ("/net/dns-wire/query-emit", test_query_emit);
  g_test_add_func ("/net/dns-wire/response-parse", test_response_parse);
  g_test_add_func ("/net/dns-wire/response-emit-compressed", test_response_emit_compressed);
  g_test_add_func ("/net/dns-wire/roundtrip-other-types", test_roundtrip_other_types);
  g_test_add_func ("/net/dns-wire/name-escapes", test_name_escapes);
  g_test_add_func ("/net/dns-wire/name-helpers", test_name_helpers);
  g_test_add_func ("/net/dns-wire/emit-invalid-names", test_emit_invalid_names);
  g_test_add_func ("/net/dns-wire/malformed", test_malformed);
  g_test_add_func ("/net/dns-wire/pointer-chain", test_pointer_chain);
  g_test_add_func ("/net/dns-wire/mutations", test_mutations);
  g_test_add_func ("/net/dns-wire/describe", test_describe);
  g_test_add_func ("/net/dns-wire/unknown-type-names", test_unknown_type_names);
  return g_test_run ();
}
