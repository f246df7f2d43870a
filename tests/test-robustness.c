/* test-robustness.c: what odd but legal files do to a run: a host talking
 * to itself (RFC 1122 3.3.4.2 local delivery, TCP self-connect). */
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "core/player.h"
#include "core/run.h"
#include "core/topology-file.h"
#include "core/trace-file.h"
#include "core/validate.h"
#include "net/stack.h"

/* One host that talks to its own address in every way a scenario can:
 * TCP to its echo, to a closed port, a self-connect (from_port = port),
 * HTTP, ping, UDP echo, DNS through its own server, HTTP by name. */
#define SELF_FILE(ADDR, PREFIX)                                                                  \
  "{ \"format\": \"netsketch\", \"version\": 1, \"seed\": 3,\n"                                  \
  "  \"nodes\": [\n"                                                                             \
  "    { \"id\": \"h\", \"kind\": \"host\",\n"                                                   \
  "      \"interfaces\": [ { \"name\": \"eth0\", \"ip\": \"" ADDR "/" PREFIX "\" } ],\n"         \
  "      \"dns\": [\"" ADDR "\"],\n"                                                             \
  "      \"services\": [ { \"type\": \"tcp-echo\", \"port\": 7 },\n"                             \
  "                      { \"type\": \"udp-echo\", \"port\": 7 },\n"                             \
  "                      { \"type\": \"http-server\", \"port\": 80, \"body_bytes\": 3000 },\n"   \
  "                      { \"type\": \"dns-server\", \"port\": 53, \"records\": [\n"             \
  "                        { \"name\": \"me.test\", \"type\": \"A\", \"value\": \"" ADDR         \
  "\" } ] } ] },\n"                                                                              \
  "    { \"id\": \"peer\", \"kind\": \"host\",\n"                                                \
  "      \"interfaces\": [ { \"name\": \"eth0\", \"ip\": \"10.9.0.6/24\" } ] } ],\n"             \
  "  \"links\": [ { \"id\": \"l1\", \"a\": \"h:eth0\", \"b\": \"peer:eth0\" } ],\n"              \
  "  \"scenario\": [\n"                                                                          \
  "    { \"at\": 0.0, \"node\": \"h\", \"do\": \"tcp-send\", \"target\": \"" ADDR                \
  ":7\", \"bytes\": 20000 },\n"                                                                  \
  "    { \"at\": 0.1, \"node\": \"h\", \"do\": \"tcp-send\", \"target\": \"" ADDR                \
  ":9\", \"bytes\": 10 },\n"                                                                     \
  "    { \"at\": 0.2, \"node\": \"h\", \"do\": \"tcp-send\", \"target\": \"" ADDR ":5000\",\n"   \
  "      \"from_port\": 5000, \"bytes\": 3000 },\n"                                              \
  "    { \"at\": 0.3, \"node\": \"h\", \"do\": \"http-get\", \"url\": \"http://" ADDR "/\" },\n" \
  "    { \"at\": 0.4, \"node\": \"h\", \"do\": \"ping\", \"target\": \"" ADDR                    \
  "\", \"count\": 2 },\n"                                                                        \
  "    { \"at\": 0.5, \"node\": \"h\", \"do\": \"udp-send\", \"target\": \"" ADDR                \
  ":7\", \"bytes\": 100, \"count\": 2 },\n"                                                      \
  "    { \"at\": 0.6, \"node\": \"h\", \"do\": \"dns-lookup\", \"name\": \"me.test\" },\n"       \
  "    { \"at\": 0.7, \"node\": \"h\", \"do\": \"http-get\", \"url\": \"http://me.test/\" } ] }\n"

static NsRun *
run_data (const char *data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NsTopology) topology = ns_topology_load_data (data, -1, "self.netsketch.json", &error);
  NsRun *run;

  g_assert_no_error (error);
  run = ns_run_new (topology, FALSE, 0, &error);
  g_assert_no_error (error);
  ns_run_execute (run, NS_RUN_DEFAULT_UNTIL);
  return run;
}

/* The final (not partial) app result of @action; @nth counts from 0. */
static const NsTraceEvent *
app_result (NsRun *run, const char *action, guint nth)
{
  NsTrace *trace = ns_run_get_trace (run);

  for (guint i = 0; i < ns_trace_len (trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (trace, i);

      if (ev->kind == NS_TRACE_APP && !ev->partial && g_strcmp0 (ev->action, action) == 0
          && nth-- == 0)
        return ev;
    }
  return NULL;
}

static gboolean
has_tcp_change (NsRun *run, const char *local, const char *from, const char *to)
{
  NsTrace *trace = ns_run_get_trace (run);

  for (guint i = 0; i < ns_trace_len (trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (trace, i);

      if (ev->kind == NS_TRACE_TCP && g_strcmp0 (ev->local, local) == 0
          && g_strcmp0 (ev->remote, local) == 0 && g_strcmp0 (ev->from_state, from) == 0
          && g_strcmp0 (ev->to_state, to) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
check_self_run (const char *data, const char *addr)
{
  g_autoptr (NsRun) run = run_data (data);
  NsTrace *trace = ns_run_get_trace (run);
  g_autofree char *self_port = g_strdup_printf ("%s:5000", addr);
  g_autoptr (NsPlayer) player = NULL;
  g_autofree char *jsonl = NULL;
  guint n_local = 0, n_tx = 0, n_local_steps = 0;

  /* Every action completes as on a real host. */
  g_assert_true (app_result (run, "tcp-send", 0)->ok);
  g_assert_false (app_result (run, "tcp-send", 1)->ok);
  g_assert_nonnull (strstr (app_result (run, "tcp-send", 1)->detail, "refused"));
  g_assert_true (app_result (run, "tcp-send", 2)->ok);
  g_assert_true (app_result (run, "http-get", 0)->ok);
  g_assert_true (app_result (run, "ping", 0)->ok);
  g_assert_true (app_result (run, "udp-send", 0)->ok);
  g_assert_true (app_result (run, "dns-lookup", 0)->ok);
  g_assert_true (app_result (run, "http-get", 1)->ok);

  /* The self-connect is Linux's: a simultaneous open (RFC 9293 3.5). */
  g_assert_true (has_tcp_change (run, self_port, "SYN-SENT", "SYN-RECEIVED"));
  g_assert_true (has_tcp_change (run, self_port, "SYN-RECEIVED", "ESTABLISHED"));

  /* Nothing of it goes onto the wire; every datagram is a local event. */
  for (guint i = 0; i < ns_trace_len (trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (trace, i);

      n_tx += ev->kind == NS_TRACE_TX;
      if (ev->kind == NS_TRACE_LOCAL)
        {
          n_local++;
          g_assert_cmpstr (ev->node, ==, "h");
          g_assert_cmpstr (ev->iface, ==, "h:eth0");
          g_assert_nonnull (ev->packet);
          g_assert_nonnull (strstr (ev->why, "RFC 1122 3.3.4.2"));
        }
    }
  g_assert_cmpuint (n_tx, ==, 0);
  g_assert_cmpuint (n_local, >, 20);

  /* The app's player has a step for each; the JSON Lines trace keeps to
   * the event kinds of docs/trace-format.md (a reader checking them must not
   * meet a new one), so nothing of it appears there but its results. */
  jsonl = ns_trace_to_jsonl (trace, NULL);
  g_assert_null (strstr (jsonl, "\"event\":\"local\""));
  g_assert_null (strstr (jsonl, "\"event\":\"tx\""));
  player = ns_player_new (trace, ns_run_get_topology (run));
  for (guint i = 0; i < ns_player_get_n_steps (player); i++)
    {
      const NsPlayerStep *step = ns_player_get_step_info (player, i);

      if (step->kind == NS_TRACE_LOCAL)
        {
          n_local_steps++;
          g_assert_true (g_str_has_prefix (step->text, "delivered inside h, on no wire: "));
        }
    }
  g_assert_cmpuint (n_local_steps, ==, n_local);
}

/* RFC 1122 3.3.4.2: what a host sends to its own address is delivered
 * inside it. Once a crash (a connection freed under its own SYN). */
static void
test_local_delivery (void)
{
  check_self_run (SELF_FILE ("10.9.0.5", "24"), "10.9.0.5");
}

/* The same through an interface numbered with the limited broadcast
 * address: odd, legal, and once a crash too. */
static void
test_local_delivery_all_ones (void)
{
  check_self_run (SELF_FILE ("255.255.255.255", "32"), "255.255.255.255");
}

/* Same file, same events. */
static void
test_local_delivery_deterministic (void)
{
  g_autoptr (NsRun) a = run_data (SELF_FILE ("10.9.0.5", "24"));
  g_autoptr (NsRun) b = run_data (SELF_FILE ("10.9.0.5", "24"));
  g_autofree char *ja = ns_trace_to_jsonl (ns_run_get_trace (a), NULL);
  g_autofree char *jb = ns_trace_to_jsonl (ns_run_get_trace (b), NULL);

  g_assert_cmpstr (ja, ==, jb);
}

/* MAC addresses stay unique past 255 interfaces on a node and 65,536
 * nodes (they once wrapped: e0 and e256 answered ARP for each other), and
 * the first ones keep the form every capture so far shows. */
static void
test_mac_unique (void)
{
  GString *s = g_string_new ("{\"format\": \"netsketch\", \"version\": 1, \"nodes\": [");
  g_autoptr (GError) error = NULL;
  g_autoptr (NsTopology) topology = NULL;
  g_autoptr (NsRun) run = NULL;
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  NsStack *stack;
  guint32 ordinal = 0;
  guint8 m[6];

  /* A host of 300 interfaces, through a run. */
  g_string_append (s, "{\"id\": \"big\", \"kind\": \"host\", \"interfaces\": [");
  for (guint i = 0; i < 300; i++)
    g_string_append_printf (s, "%s{\"name\": \"e%u\"}", i > 0 ? ", " : "", i);
  g_string_append (s, "]}]}");
  topology = ns_topology_load_data (s->str, (gssize) s->len, "macs", &error);
  g_assert_no_error (error);
  g_string_free (s, TRUE);
  run = ns_run_new (topology, FALSE, 0, &error);
  g_assert_no_error (error);
  stack = ns_run_get_stack (run, "big");
  g_assert_cmpmem (ns_stack_iface_mac (stack, 0), 6, "\x02\x4e\x53\x00\x00\x01", 6);
  g_assert_true (memcmp (ns_stack_iface_mac (stack, 0), ns_stack_iface_mac (stack, 256), 6) != 0);

  /* Every interface of 70,000 nodes of 1 to 300 interfaces. */
  for (guint n = 0; n < 70000; n++)
    for (guint i = 0; i < (n % 1000 == 0 ? 300u : 1u); i++)
      {
        char *text;

        ns_run_derive_mac (n, i, ordinal++, m);
        text =
          g_strdup_printf ("%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
        /* Unicast, locally administered (IEEE 802 bits 0 and 1). */
        g_assert_cmpuint (m[0] & 3, ==, 2);
        if (!g_hash_table_add (seen, text))
          g_error ("node %u interface %u: MAC %s given twice", n, i, text);
      }
  ns_run_derive_mac (1, 0, 0, m);
  g_assert_cmpmem (m, 6, "\x02\x4e\x53\x00\x01\x01", 6);
}

/* `check` judges every value `run` would refuse, with the reason `run`
 * gives: nothing passes the one and fails the other. */
static void
test_check_judges_like_run (void)
{
  static const struct { const char *action, *path, *fragment;
  } cases[] = {
    { "\"do\": \"tcp-send\", \"target\": \"a:b:7\"", "scenario[0].target", "\"a:b\" is neither" },
    { "\"do\": \"tcp-send\", \"target\": \"10.0.0.2:0\"", "scenario[0].target", "from 1 to 65535" },
    { "\"do\": \"udp-send\", \"target\": \"*:7\"", "scenario[0].target", "\"*\" is neither" },
    { "\"do\": \"udp-send\", \"target\": \".:7\"", "scenario[0].target", "\".\" is neither" },
    { "\"do\": \"http-get\", \"url\": \"http://10.0.0.2:0/\"", "scenario[0].url",
      "must be from 1 to 65535" },
    { "\"do\": \"http-get\", \"url\": \"http://10.0.0.2:99999/\"", "scenario[0].url",
      "must be from 1 to 65535" },
    { "\"do\": \"http-get\", \"url\": \"http://10.0.0.2:8x/\"", "scenario[0].url", "not a number" },
    { "\"do\": \"http-get\", \"url\": \"http://user@10.0.0.2/\"", "scenario[0].url",
      "user information" },
    { "\"do\": \"http-get\", \"url\": \"http://[::1]/\"", "scenario[0].url", "IPv6" },
    { "\"do\": \"http-get\", \"url\": \"http://*/\"", "scenario[0].url",
      "not an IPv4 address or a host name" },
    { "\"do\": \"dns-lookup\", \"name\": \"*\"", "scenario[0].name", "not a host name" },
    { "\"do\": \"dns-lookup\", \"name\": \".\"", "scenario[0].name", "not a host name" },
    { "\"do\": \"ping\", \"target\": \"*\"", "scenario[0].target", "neither" },
    { "\"do\": \"udp-send\", \"target\": \"10.0.0.2:7\", \"bytes\": 1e9", "scenario[0].bytes",
      "at most 65507" },
    { "\"do\": \"udp-send\", \"target\": \"10.0.0.2:7\", \"bytes\": 65508", "scenario[0].bytes",
      "at most 65507" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *data =
        g_strdup_printf ("{\"format\": \"netsketch\", \"version\": 1, \"nodes\": ["
                         "{\"id\": \"a\", \"kind\": \"host\", \"interfaces\": [{\"name\": "
                         "\"eth0\", \"ip\": \"10.0.0.1/24\"}]},"
                         "{\"id\": \"b\", \"kind\": \"host\", \"interfaces\": [{\"name\": "
                         "\"eth0\", \"ip\": \"10.0.0.2/24\"}]}],"
                         "\"links\": [{\"id\": \"l\", \"a\": \"a:eth0\", \"b\": \"b:eth0\"}],"
                         "\"scenario\": [{\"at\": 0, \"node\": \"a\", %s}]}",
                         cases[i].action);
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) problems = NULL;
      NsTopology *t = ns_topology_load_data_full (data, -1, "c", &problems, &error);
      gboolean found = FALSE;

      g_assert_null (t);
      for (guint k = 0; k < problems->len; k++)
        {
          NsProblem *p = g_ptr_array_index (problems, k);

          found |= g_str_equal (p->path, cases[i].path) && strstr (p->message, cases[i].fragment);
        }
      if (!found)
        g_error ("%s: expected \"%s\" at %s, got %s", cases[i].action, cases[i].fragment,
                 cases[i].path, error->message);
    }
}

/* Messages that quote the file escape control and bidi characters: an id
 * holding an OSC sequence must not retitle the terminal. */
static void
test_escaped_messages (void)
{
  const char *data =
    "{\"format\": \"netsketch\", \"version\": 1, \"nodes\": ["
    "{\"id\": \"a\", \"kind\": \"host\", \"interfaces\": [{\"name\": \"eth0\"}]}],"
    "\"links\": [{\"id\": \"l\", \"a\": \"a:eth0\","
    " \"b\": \"\\u001b]0;PWNED\\u0007\\u009b2J\\u202eabc:eth0\"}]}";
  g_autoptr (GError) error = NULL;
  NsTopology *t = ns_topology_load_data (data, -1, "esc", &error);
  g_autofree char *plain = ns_text_escape_controls ("caf\xc3\xa9 \xe2\x86\x92 ok\\");
  g_autofree char *bad = ns_text_escape_controls ("a\xff" "b\x7f\xe2\x81\xa6");

  g_assert_null (t);
  g_assert_nonnull (strstr (error->message, "\\x1b]0;PWNED\\x07\\x9b2J\\u202eabc"));
  for (const char *p = error->message; *p != '\0'; p++)
    g_assert_cmpuint ((guchar) *p, >=, (p[0] == '\n' ? 0x0a : 0x20));
  g_assert_null (strstr (error->message, "\xe2\x80\xae"));
  /* Everything else is kept as it is. */
  g_assert_cmpstr (plain, ==, "caf\xc3\xa9 \xe2\x86\x92 ok\\");
  g_assert_cmpstr (bad, ==, "a\\xffb\\x7f\\u2066");
}

/* Only a regular file is opened: a FIFO with no writer once blocked
 * `check` for ever; and the message does not repeat the path. */
static void
test_not_regular_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ns-robust-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "pipe.netsketch.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) error2 = NULL;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_null (ns_topology_load_file (fifo, &error));
  g_assert_nonnull (strstr (error->message, "pipe"));
  g_assert_null (strstr (error->message, dir));
  g_assert_null (ns_topology_load_file (dir, &error2));
  g_assert_nonnull (strstr (error2->message, "directory"));
  g_assert_null (strstr (error2->message, dir));
  g_remove (fifo);
  g_rmdir (dir);
}

/* A title suggests a base name that stays in the folder picked: "Export
 * Capture…" once wrote where ../../tmp/x/pwned pointed. */
static void
test_safe_file_stem (void)
{
  static const struct { const char *title, *stem; } cases[] = {
    { "../../../../tmp/x/pwned", "tmp-x-pwned" },
    { "/etc/passwd", "etc-passwd" },
    { ".hidden", "hidden" },
    { "..", "run" },
    { "", "run" },
    { "a\\b:c*d?", "a-b-c-d-" },
    { "evil\xe2\x80\xaegpj.exe", "evil-gpj.exe" },
    { "Two LANs and a DNS server", "Two LANs and a DNS server" },
    { "\xeb\x82\xb4 \xeb\xa9\x94\xec\x8b\x9c\xec\xa7\x80.",
      "\xeb\x82\xb4 \xeb\xa9\x94\xec\x8b\x9c\xec\xa7\x80" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *stem = ns_safe_file_stem (cases[i].title, "run");

      g_assert_cmpstr (stem, ==, cases[i].stem);
      g_assert_null (strchr (stem, '/'));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/robustness/local-delivery", test_local_delivery);
  g_test_add_func ("/robustness/local-delivery-all-ones", test_local_delivery_all_ones);
  g_test_add_func ("/robustness/local-delivery-deterministic", test_local_delivery_deterministic);
  g_test_add_func ("/robustness/mac-unique", test_mac_unique);
  g_test_add_func ("/robustness/check-judges-like-run", test_check_judges_like_run);
  g_test_add_func ("/robustness/escaped-messages", test_escaped_messages);
  g_test_add_func ("/robustness/not-regular-file", test_not_regular_file);
  g_test_add_func ("/robustness/safe-file-stem", test_safe_file_stem);
  return g_test_run ();
}
