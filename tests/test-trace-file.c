/* test-trace-file.c: the JSON Lines trace of docs/trace-format.md, line by line. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "core/trace-file.h"

static char *
seconds (gint64 t)
{
  GString *out = g_string_new ("");

  ns_trace_append_seconds (out, t);
  return g_string_free (out, FALSE);
}

static void
test_seconds (void)
{
  static const struct { gint64 t; const char *text; } cases[] = {
    { 0, "0.0" },
    { 1, "0.000000001" },
    { 1000000000, "1.0" },
    { 1500000000, "1.5" },
    { 12000417, "0.012000417" },
    { 60 * NS_NSEC_PER_SEC + 10, "60.00000001" },
    { -2500000000, "-2.5" },
    { G_MAXINT64, "9223372036.854775807" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = seconds (cases[i].t);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static char *
event_line (const NsTraceEvent *ev)
{
  g_autoptr (NsSummarizer) summarizer = ns_summarizer_new ();
  GString *out = g_string_new ("");

  ns_trace_event_append_json (ev, summarizer, out);
  return g_string_free (out, FALSE);
}

/* Parses @line as one JSON object, asserting it is valid. */
static JsonObject *
parse_object (const char *line)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonNode *root;

  g_assert_true (json_parser_load_from_data (parser, line, -1, &error));
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

static void
test_rx_drop_tcp_retransmit (void)
{
  NsTraceEvent rx = { .t = 2001000, .kind = NS_TRACE_RX, .frame = 7, .link = "l1",
                      .iface = "sw1:p1" };
  NsTraceEvent lost = { .t = 3 * NS_NSEC_PER_SEC, .kind = NS_TRACE_DROP, .frame = 9,
                        .link = "l2", .reason = "loss", .why = (char *) "lost at random" };
  NsTraceEvent ttl = { .t = 5, .kind = NS_TRACE_DROP, .node = "r2", .reason = "ttl",
                       .why = (char *) "TTL reached 0, RFC 791" };
  NsTraceEvent tcp = { .t = 1, .kind = NS_TRACE_TCP, .node = "pc1",
                       .local = "10.0.0.5:49152", .remote = "10.0.1.80:80",
                       .from_state = "CLOSED", .to_state = "SYN-SENT",
                       .why = (char *) "the app opened a connection" };
  NsTraceEvent re = { .t = 1000000000, .kind = NS_TRACE_RETRANSMIT, .node = "pc1",
                      .local = "10.0.0.5:49152", .remote = "10.0.1.80:80",
                      .seq = 4000000000u, .reason = "rto",
                      .why = (char *) "SYN sent again: timer (1 s) expired, RFC 6298 5.4" };
  static const char *const expected[] = {
    "{\"t\":0.002001,\"event\":\"rx\",\"link\":\"l1\",\"to\":\"sw1:p1\",\"frame\":7}",
    "{\"t\":3.0,\"event\":\"drop\",\"frame\":9,\"link\":\"l2\",\"reason\":\"loss\","
    "\"why\":\"lost at random\"}",
    "{\"t\":0.000000005,\"event\":\"drop\",\"node\":\"r2\",\"reason\":\"ttl\","
    "\"why\":\"TTL reached 0, RFC 791\"}",
    "{\"t\":0.000000001,\"event\":\"tcp\",\"node\":\"pc1\",\"local\":\"10.0.0.5:49152\","
    "\"remote\":\"10.0.1.80:80\",\"from\":\"CLOSED\",\"to\":\"SYN-SENT\","
    "\"why\":\"the app opened a connection\"}",
    "{\"t\":1.0,\"event\":\"retransmit\",\"node\":\"pc1\",\"local\":\"10.0.0.5:49152\","
    "\"remote\":\"10.0.1.80:80\",\"seq\":4000000000,\"cause\":\"rto\","
    "\"why\":\"SYN sent again: timer (1 s) expired, RFC 6298 5.4\"}",
  };
  const NsTraceEvent *events[] = { &rx, &lost, &ttl, &tcp, &re };

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    {
      g_autofree char *line = event_line (events[i]);
      g_autoptr (JsonObject) obj = parse_object (line);

      g_assert_cmpstr (line, ==, expected[i]);
    }
}

static void
test_app_fields (void)
{
  GVariantBuilder hops;
  NsTraceEvent ev = { .t = 12400000, .kind = NS_TRACE_APP, .node = "pc1", .action = "ping",
                      .ok = TRUE, .detail = (char *) "reply from 10.0.1.80: seq=1 ttl=61" };
  g_autofree char *line = NULL;
  g_autoptr (JsonObject) obj = NULL;

  g_variant_builder_init (&hops, G_VARIANT_TYPE ("as"));
  g_variant_builder_add (&hops, "s", "10.0.0.1");
  g_variant_builder_add (&hops, "s", "10.0.1.80");
  ev.fields = g_variant_ref_sink (g_variant_new_parsed (
    "{'rtt_ms': <12.4>, 'seq': <uint32 1>, 'ttl': <byte 61>, "
    "'from': <'10.0.1.80'>, 'hops': %v, 'big': <uint64 18446744073709551615>, "
    "'neg': <int64 -3>, 'flag': <false>, 'third': <0.1>, "
    "'node': <'ignored: would be a duplicate key'>}",
    g_variant_builder_end (&hops)));
  line = event_line (&ev);
  g_assert_cmpstr (line, ==,
                   "{\"t\":0.0124,\"event\":\"app\",\"node\":\"pc1\",\"do\":\"ping\",\"ok\":true,"
                   "\"detail\":\"reply from 10.0.1.80: seq=1 ttl=61\",\"rtt_ms\":12.4,\"seq\":1,"
                   "\"ttl\":61,\"from\":\"10.0.1.80\",\"hops\":[\"10.0.0.1\",\"10.0.1.80\"],"
                   "\"big\":18446744073709551615,\"neg\":-3,\"flag\":false,\"third\":0.1}");
  obj = parse_object (line);
  g_assert_cmpfloat (json_object_get_double_member (obj, "rtt_ms"), ==, 12.4);
  g_assert_true (json_object_get_boolean_member (obj, "ok"));
  g_variant_unref (ev.fields);
}

static void
test_state_samples_left_out (void)
{
  NsTraceEvent arp = { .t = 0, .kind = NS_TRACE_ARP, .node = "pc1" };
  NsTraceEvent vars = { .t = 0, .kind = NS_TRACE_TCP_VARS, .node = "pc1" };
  NsTraceEvent rx = { .t = 0, .kind = NS_TRACE_RX };
  g_autoptr (GString) out = g_string_new ("");

  g_assert_false (ns_trace_event_in_jsonl (&arp));
  g_assert_false (ns_trace_event_in_jsonl (&vars));
  g_assert_true (ns_trace_event_in_jsonl (&rx));
  g_assert_false (ns_trace_event_append_json (&arp, NULL, out));
  g_assert_false (ns_trace_event_append_json (&vars, NULL, out));
  g_assert_cmpstr (out->str, ==, "");
}

/* Doubles are written plainly where that is readable, exponents only for
 * the very small and very large; every one reads back exactly. */
static void
test_app_numbers (void)
{
  NsTraceEvent ev = { .t = 0, .kind = NS_TRACE_APP, .node = "pc1", .action = "tcp-send",
                      .ok = TRUE, .detail = (char *) "done" };
  g_autofree char *line = NULL;
  g_autoptr (JsonObject) obj = NULL;

  ev.fields = g_variant_ref_sink (
    g_variant_new_parsed ("{'time_ms': <4000.0>, 'half': <0.5>, 'tiny': <1e-9>, 'huge': <2e20>, "
                          "'zero': <0.0>, 'third': <0.3333333333333333>}"));
  line = event_line (&ev);
  g_assert_nonnull (strstr (line, "\"time_ms\":4000,"));
  g_assert_nonnull (strstr (line, "\"half\":0.5,"));
  g_assert_nonnull (strstr (line, "\"tiny\":1e-09,"));
  g_assert_nonnull (strstr (line, "\"huge\":2e+20,"));
  g_assert_nonnull (strstr (line, "\"zero\":0,"));
  obj = parse_object (line);
  g_assert_cmpfloat (json_object_get_double_member (obj, "third"), ==, 0.3333333333333333);
  g_assert_cmpfloat (json_object_get_double_member (obj, "tiny"), ==, 1e-9);
  g_variant_unref (ev.fields);
}

static void
test_app_without_fields (void)
{
  NsTraceEvent ev = { .t = 0, .kind = NS_TRACE_APP, .node = "pc1", .action = "dns-lookup",
                      .ok = FALSE, .detail = NULL, .why = (char *) "no answer" };
  g_autofree char *line = event_line (&ev);

  g_assert_cmpstr (
    line, ==,
    "{\"t\":0.0,\"event\":\"app\",\"node\":\"pc1\",\"do\":\"dns-lookup\",\"ok\":false,"
    "\"detail\":\"\",\"why\":\"no answer\"}");
}

/* Quotes, backslashes, control characters, non-ASCII and invalid UTF-8:
 * the line is still one valid JSON object and the text survives. */
static void
test_escaping (void)
{
  NsTraceEvent ev = { .t = 0, .kind = NS_TRACE_APP, .node = "pc\"1", .action = "http-get",
                      .ok = TRUE, .detail = (char *) "a\\b \"q\"\n\t\x01 → ok" };
  NsTraceEvent bad = { .t = 0, .kind = NS_TRACE_APP, .node = "x", .action = "ping",
                       .ok = TRUE, .detail = (char *) "bad \xff\xfe bytes" };
  g_autofree char *line = event_line (&ev);
  g_autofree char *bad_line = event_line (&bad);
  g_autoptr (JsonObject) obj = parse_object (line);
  g_autoptr (JsonObject) bad_obj = parse_object (bad_line);

  g_assert_null (strchr (line, '\n'));
  g_assert_nonnull (strstr (line, "\"detail\":\"a\\\\b \\\"q\\\"\\n\\t\\u0001 → ok\""));
  g_assert_cmpstr (json_object_get_string_member (obj, "node"), ==, "pc\"1");
  g_assert_cmpstr (json_object_get_string_member (obj, "detail"), ==, "a\\b \"q\"\n\t\x01 → ok");
  g_assert_true (g_utf8_validate (bad_line, -1, NULL));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (bad_obj, "detail"), "bad "));
}

/* An ARP request from 02:4e:53:00:00:01 (10.0.0.5) for 10.0.0.1. */
static const guint8 arp_request[42] = {
  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x4e, 0x53, 0x00, 0x00, 0x01, 0x08, 0x06,
  0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
  0x02, 0x4e, 0x53, 0x00, 0x00, 0x01, 10, 0, 0, 5,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 10, 0, 0, 1,
};

static NsTrace *
sample_trace (void)
{
  NsTrace *trace = ns_trace_new ();
  NsTraceEvent *ev;

  ev = ns_trace_append (trace, NS_TRACE_TX, 0);
  ev->frame = 1;
  ev->link = "l1";
  ev->iface = "pc1:eth0";
  ev->packet = ns_packet_new_from_data (arp_request, sizeof arp_request);
  ev = ns_trace_append (trace, NS_TRACE_RX, 1003360);
  ev->frame = 1;
  ev->link = "l1";
  ev->iface = "r1:eth0";
  /* State samples for the app's views have no line in the file. */
  ev = ns_trace_append (trace, NS_TRACE_ARP, 1003360);
  ev->node = "r1";
  ev->local = "10.0.0.5";
  ev->remote = "02:4e:53:00:00:01";
  ev->ok = TRUE;
  ev = ns_trace_append_tcp_vars (trace, 1003360,
                                 &(NsTraceTcpVars) { .state = "ESTABLISHED", .cwnd = 1460,
                                                     .rto_deadline = -1 });
  ev->node = "r1";
  ev = ns_trace_append (trace, NS_TRACE_APP, 2000000000);
  ev->node = "pc1";
  ev->action = "udp-send";
  ev->ok = TRUE;
  ev->detail = g_strdup ("5 sent");
  ev->fields = g_variant_ref_sink (g_variant_new_parsed ("{'bytes': <uint64 1000>}"));
  return trace;
}

static void
test_tx_and_whole_trace (void)
{
  g_autoptr (NsTrace) trace = sample_trace ();
  gsize len;
  g_autofree char *text = ns_trace_to_jsonl (trace, &len);
  g_autofree char *again = ns_trace_to_jsonl (trace, NULL);
  g_auto (GStrv) lines = NULL;
  g_autoptr (JsonObject) tx = NULL;
  g_autoptr (JsonObject) app = NULL;

  g_assert_cmpuint (len, ==, strlen (text));
  g_assert_cmpstr (text, ==, again);
  g_assert_true (g_str_has_suffix (text, "}\n"));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[3], ==, "");

  g_assert_true (g_str_has_prefix (lines[0], "{\"t\":0.0,\"event\":\"tx\",\"link\":\"l1\","
                                   "\"from\":\"pc1:eth0\",\"frame\":1,\"bytes\":42,"
                                   "\"summary\":\""));
  tx = parse_object (lines[0]);
  g_assert_cmpint (json_object_get_int_member (tx, "bytes"), ==, 42);
  g_assert_nonnull (strstr (json_object_get_string_member (tx, "summary"), "ARP"));
  g_assert_cmpuint (json_object_get_size (tx), ==, 7);

  g_assert_cmpstr (lines[1], ==,
                   "{\"t\":0.00100336,\"event\":\"rx\",\"link\":\"l1\",\"to\":\"r1:eth0\","
                   "\"frame\":1}");
  app = parse_object (lines[2]);
  g_assert_cmpint (json_object_get_int_member (app, "bytes"), ==, 1000);
  g_assert_cmpfloat (json_object_get_double_member (app, "t"), ==, 2.0);
}

static void
test_write_file (void)
{
  g_autoptr (NsTrace) trace = sample_trace ();
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-trace-file-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "t.jsonl", NULL);
  g_autofree char *expected = ns_trace_to_jsonl (trace, NULL);
  g_autofree char *contents = NULL;
  g_autoptr (NsTrace) empty = ns_trace_new ();

  g_assert_true (ns_trace_write_jsonl_file (trace, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, expected);
  g_clear_pointer (&contents, g_free);

  /* An empty trace is an empty file, and it replaces the old one. */
  g_assert_true (ns_trace_write_jsonl_file (empty, path, &error));
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, "");
  g_remove (path);
  g_rmdir (dir);

  g_assert_false (ns_trace_write_jsonl_file (trace, "/nonexistent-dir/t.jsonl", &error));
  g_assert_nonnull (error);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/trace-file/seconds", test_seconds);
  g_test_add_func ("/core/trace-file/rx-drop-tcp-retransmit", test_rx_drop_tcp_retransmit);
  g_test_add_func ("/core/trace-file/app-fields", test_app_fields);
  g_test_add_func ("/core/trace-file/app-numbers", test_app_numbers);
  g_test_add_func ("/core/trace-file/app-without-fields", test_app_without_fields);
  g_test_add_func ("/core/trace-file/state-samples-left-out", test_state_samples_left_out);
  g_test_add_func ("/core/trace-file/escaping", test_escaping);
  g_test_add_func ("/core/trace-file/tx-and-whole-trace", test_tx_and_whole_trace);
  g_test_add_func ("/core/trace-file/write-file", test_write_file);
  ret = g_test_run ();
  ns_packet_pool_trim ();
  return ret;
}
