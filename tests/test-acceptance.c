/* test-acceptance.c: the project as an outsider checks it. The files in
 * tests/acceptance/ were written by hand from docs/file-format.md alone (routing
 * auto and static, switches, names as targets, defaults left out, fields in
 * any order); each runs through the code netsketch-cli uses
 * (ns_topology_load_file, ns_run_new, ns_run_execute, the JSON Lines of
 * trace-file.h), and the test asserts what the contract and issues 2, 3 and
 * 4 ("How it will be checked") promise, reading only the JSON Lines trace
 * as an outsider would. When tshark is installed the captures are checked
 * as ../shared/tools/check-pcap does; the broken files are also run through
 * the binary ($NS_CLI) for the exit codes. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "core/pcapng.h"
#include "core/run.h"
#include "core/topology-file.h"
#include "core/trace-file.h"
#include "sim/trace.h"

/* ---- running a file and reading its trace as JSON Lines ---- */

typedef struct {
  NsRun     *run;
  GPtrArray *events;   /* of JsonObject*, one a trace line */
  char      *jsonl;
} Outcome;

static void
outcome_free (Outcome *o)
{
  ns_run_free (o->run);
  g_ptr_array_unref (o->events);
  g_free (o->jsonl);
  g_free (o);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Outcome, outcome_free)

static char *
acceptance_file (const char *name)
{
  const char *data = g_getenv ("NS_TEST_DATA");

  g_assert_nonnull (data);
  return g_build_filename (data, "..", "acceptance", name, NULL);
}

static GPtrArray *
parse_jsonl (const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_autoptr (GError) error = NULL;
      JsonNode *root;

      if (lines[i][0] == '\0')
        {
          g_assert_null (lines[i + 1]);   /* only after the last line's '\n' */
          break;
        }
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      root = json_parser_get_root (parser);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
      g_ptr_array_add (events, json_object_ref (json_node_get_object (root)));
    }
  return events;
}

static Outcome *
run_path (const char *path, gboolean override_seed, guint64 seed, gint64 until_ns)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NsTopology) topology = ns_topology_load_file (path, &error);
  Outcome *o = g_new0 (Outcome, 1);

  g_assert_no_error (error);
  o->run = ns_run_new (topology, override_seed, seed, &error);
  g_assert_no_error (error);
  ns_run_execute (o->run, until_ns);
  o->jsonl = ns_trace_to_jsonl (ns_run_get_trace (o->run), NULL);
  o->events = parse_jsonl (o->jsonl);
  return o;
}

static Outcome *
run_named (const char *name)
{
  g_autofree char *path = acceptance_file (name);

  return run_path (path, FALSE, 0, NS_RUN_DEFAULT_UNTIL);
}

static const char *
str_of (JsonObject *ev, const char *field)
{
  JsonNode *node = json_object_get_member (ev, field);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
is_event (JsonObject *ev, const char *kind)
{
  return g_strcmp0 (str_of (ev, "event"), kind) == 0;
}

static double
num_of (JsonObject *ev, const char *field)
{
  JsonNode *node = json_object_get_member (ev, field);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_true (json_node_get_value_type (node) == G_TYPE_INT64
                 || json_node_get_value_type (node) == G_TYPE_DOUBLE);
  return json_node_get_double (node);
}

static gboolean
ok_of (JsonObject *ev)
{
  return json_object_get_boolean_member (ev, "ok");
}

/* The app events of @node doing @action, in order. */
static GPtrArray *
apps (Outcome *o, const char *node, const char *action)
{
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < o->events->len; i++)
    {
      JsonObject *ev = g_ptr_array_index (o->events, i);

      if (is_event (ev, "app") && g_strcmp0 (str_of (ev, "do"), action) == 0
          && (node == NULL || g_strcmp0 (str_of (ev, "node"), node) == 0))
        g_ptr_array_add (found, ev);
    }
  return found;
}

/* The one app event of @node's @action that ends it: the last one. */
static JsonObject *
final_app (Outcome *o, const char *node, const char *action)
{
  g_autoptr (GPtrArray) found = apps (o, node, action);

  g_assert_cmpuint (found->len, >, 0);
  return g_ptr_array_index (found, found->len - 1);
}

static guint
count_events (Outcome *o, const char *kind, const char *field, const char *value)
{
  guint n = 0;

  for (guint i = 0; i < o->events->len; i++)
    {
      JsonObject *ev = g_ptr_array_index (o->events, i);

      if (is_event (ev, kind) && (field == NULL || g_strcmp0 (str_of (ev, field), value) == 0))
        n++;
    }
  return n;
}

/* tx events on @link whose summary contains @what (NULL: all). */
static guint
count_tx (Outcome *o, const char *link, const char *what)
{
  guint n = 0;

  for (guint i = 0; i < o->events->len; i++)
    {
      JsonObject *ev = g_ptr_array_index (o->events, i);

      if (is_event (ev, "tx") && (link == NULL || g_strcmp0 (str_of (ev, "link"), link) == 0)
          && (what == NULL || strstr (str_of (ev, "summary"), what) != NULL))
        n++;
    }
  return n;
}

static double
last_time (Outcome *o)
{
  g_assert_cmpuint (o->events->len, >, 0);
  return num_of (g_ptr_array_index (o->events, o->events->len - 1), "t");
}

/* ---- docs/trace-format.md, checked on every trace ---- */

static void
assert_has (JsonObject *ev, const char *const *fields, const char *line)
{
  for (guint i = 0; fields[i] != NULL; i++)
    if (!json_object_has_member (ev, fields[i]))
      g_error ("trace line lacks `%s`: %s", fields[i], line);
}

static void
assert_str_fields (JsonObject *ev, const char *const *fields, const char *line)
{
  assert_has (ev, fields, line);
  for (guint i = 0; fields[i] != NULL; i++)
    if (str_of (ev, fields[i]) == NULL)
      g_error ("`%s` is not a string: %s", fields[i], line);
}

static void
check_app_result_fields (JsonObject *ev, const char *line)
{
  const char *action = str_of (ev, "do");
  gboolean ok = ok_of (ev);

  g_assert_nonnull (action);
  /* The per-reply ping events carry rtt_ms (docs/trace-format.md). */
  if (g_str_equal (action, "ping") && ok && json_object_has_member (ev, "seq"))
    num_of (ev, "rtt_ms");
  if (g_str_equal (action, "dns-lookup") && ok)
    g_assert_nonnull (str_of (ev, "address"));
  if (g_str_equal (action, "http-get") && json_object_has_member (ev, "status"))
    {
      num_of (ev, "status");
      num_of (ev, "bytes");
    }
  if (g_str_equal (action, "http-get") && ok)
    g_assert_true (json_object_has_member (ev, "status"));
  if (g_str_equal (action, "tcp-send"))
    num_of (ev, "bytes");
  if (g_str_equal (action, "traceroute") && ok)
    {
      JsonNode *hops = json_object_get_member (ev, "hops");

      if (hops == NULL || !JSON_NODE_HOLDS_ARRAY (hops))
        g_error ("traceroute without a hops array: %s", line);
    }
}

/* Every line: `t` a number, never going back, and `event`; each kind with
 * the fields of docs/trace-format.md; `why` always on drop, retransmit and tcp;
 * tx frame numbers unique. */
static void
check_contract (Outcome *o)
{
  static const char *const tx_fields[] = { "link", "from", "summary", NULL };
  static const char *const rx_fields[] = { "link", "to", NULL };
  static const char *const tcp_fields[] = { "node", "local", "remote", "from", "to", "why", NULL };
  static const char *const retx_fields[] = { "node", "local", "remote", "cause", "why", NULL };
  static const char *const app_fields[] = { "node", "do", "detail", NULL };
  static const char *const drop_fields[] = { "reason", "why", NULL };
  g_autoptr (GHashTable) frames = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GArray) numbers = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto (GStrv) lines = g_strsplit (o->jsonl, "\n", -1);
  double prev_t = 0;

  g_array_set_size (numbers, o->events->len);
  for (guint i = 0; i < o->events->len; i++)
    {
      JsonObject *ev = g_ptr_array_index (o->events, i);
      const char *line = lines[i];
      const char *kind = str_of (ev, "event");
      double t = num_of (ev, "t");

      g_assert_nonnull (kind);
      g_assert_cmpfloat (t, >=, prev_t);
      prev_t = t;
      /* `t` and `event` come first, as trace-file.h promises. */
      g_assert_true (g_str_has_prefix (line, "{\"t\":"));
      if (g_str_equal (kind, "tx"))
        {
          assert_str_fields (ev, tx_fields, line);
          g_assert_cmpfloat (num_of (ev, "bytes"), >=, 60);
          g_array_index (numbers, gint64, i) = (gint64) num_of (ev, "frame");
          if (!g_hash_table_add (frames, &g_array_index (numbers, gint64, i)))
            g_error ("frame number used twice: %s", line);
        }
      else if (g_str_equal (kind, "rx"))
        {
          assert_str_fields (ev, rx_fields, line);
          num_of (ev, "frame");
        }
      else if (g_str_equal (kind, "drop"))
        {
          assert_str_fields (ev, drop_fields, line);
          if (!json_object_has_member (ev, "frame") && !json_object_has_member (ev, "node"))
            g_error ("drop with neither frame nor node: %s", line);
        }
      else if (g_str_equal (kind, "tcp"))
        assert_str_fields (ev, tcp_fields, line);
      else if (g_str_equal (kind, "retransmit"))
        {
          assert_str_fields (ev, retx_fields, line);
          num_of (ev, "seq");
          g_assert_true (g_str_equal (str_of (ev, "cause"), "rto")
                         || g_str_equal (str_of (ev, "cause"), "fast"));
        }
      else if (g_str_equal (kind, "app"))
        {
          assert_str_fields (ev, app_fields, line);
          g_assert_true (json_object_has_member (ev, "ok"));
          check_app_result_fields (ev, line);
        }
      else
        g_error ("event kind not in docs/trace-format.md: %s", line);
    }
}

/* The reasons docs/trace-format.md lists; others are reported, not refused (the
 * contract may be extended). */
static void
note_drop_reasons (Outcome *o)
{
  static const char *const listed[] = {
    "loss", "drop_nth", "queue", "ttl", "no-route", "no-arp", "checksum", NULL
  };

  for (guint i = 0; i < o->events->len; i++)
    {
      JsonObject *ev = g_ptr_array_index (o->events, i);

      if (is_event (ev, "drop") && !g_strv_contains (listed, str_of (ev, "reason")))
        g_test_message ("drop reason %s is not one docs/trace-format.md lists",
                        str_of (ev, "reason"));
    }
}

static Outcome *
run_checked (const char *name)
{
  Outcome *o = run_named (name);

  check_contract (o);
  note_drop_reasons (o);
  return o;
}

static void
assert_hops (JsonObject *ev, const char *const *expected)
{
  JsonArray *hops = json_object_get_array_member (ev, "hops");

  g_assert_cmpuint (json_array_get_length (hops), ==, g_strv_length ((char **) expected));
  for (guint i = 0; expected[i] != NULL; i++)
    g_assert_cmpstr (json_array_get_string_element (hops, i), ==, expected[i]);
}

/* Every reply of @node's ping has @ttl and an rtt_ms; @n replies. */
static void
assert_ping_replies (Outcome *o, const char *node, guint n, double ttl)
{
  g_autoptr (GPtrArray) events = apps (o, node, "ping");
  guint replies = 0;

  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *ev = g_ptr_array_index (events, i);

      if (!json_object_has_member (ev, "rtt_ms"))
        continue;
      g_assert_true (ok_of (ev));
      g_assert_cmpfloat (num_of (ev, "ttl"), ==, ttl);
      g_assert_cmpfloat (num_of (ev, "rtt_ms"), >, 0);
      replies++;
    }
  g_assert_cmpuint (replies, ==, n);
}

/* ---- ping, traceroute, switches, loss, seeds ---- */

static void
test_chain_static (void)
{
  g_autoptr (Outcome) o = run_checked ("chain3-static.netsketch.json");
  static const char *const hops[] = { "172.16.1.1", "192.0.2.2", "192.0.2.6", "172.16.2.20", NULL };
  g_autoptr (GPtrArray) bob = apps (o, "bob", "ping");
  JsonObject *trace = final_app (o, "alice", "traceroute");

  /* Three routers: 64 - 3. */
  assert_ping_replies (o, "alice", 3, 61);
  g_assert_true (ok_of (final_app (o, "alice", "ping")));
  g_assert_true (ok_of (trace));
  assert_hops (trace, hops);
  /* ttl 3 from bob dies at the third router (ra, 192.0.2.1 on the way
   * in), ttl 2 at the second (rb, 192.0.2.5). */
  g_assert_cmpuint (bob->len, ==, 5);
  g_assert_cmpstr (str_of (g_ptr_array_index (bob, 0), "from"), ==, "192.0.2.1");
  g_assert_cmpstr (str_of (g_ptr_array_index (bob, 1), "from"), ==, "192.0.2.1");
  g_assert_cmpstr (str_of (g_ptr_array_index (bob, 2), "from"), ==, "192.0.2.5");
  for (guint i = 0; i < bob->len; i++)
    g_assert_false (ok_of (g_ptr_array_index (bob, i)));
  g_assert_cmpuint (count_events (o, "drop", "reason", "ttl"), ==, 3 + 3);
  /* Done and quiet long before the 60 s limit. */
  g_assert_cmpfloat (last_time (o), <, 15);
}

static void
test_chain_auto (void)
{
  g_autoptr (Outcome) o = run_checked ("chain3-auto.netsketch.json");
  static const char *const hops[] = { "10.9.2.1", "10.9.11.1", "10.9.10.1", "10.9.0.2", NULL };

  assert_ping_replies (o, "left", 4, 61);
  g_assert_true (ok_of (final_app (o, "left", "ping")));
  g_assert_true (ok_of (final_app (o, "right", "traceroute")));
  assert_hops (final_app (o, "right", "traceroute"), hops);
  g_assert_cmpuint (count_events (o, "drop", NULL, NULL), ==, 3);   /* the probes' ttl */
}

static void
test_switched_lan (void)
{
  g_autoptr (Outcome) o = run_checked ("switched-lan.netsketch.json");
  g_autoptr (GPtrArray) sends = apps (o, "a", "udp-send");

  g_assert_cmpuint (sends->len, ==, 2);
  g_assert_true (ok_of (g_ptr_array_index (sends, 0)));
  g_assert_cmpfloat (num_of (g_ptr_array_index (sends, 0), "echoed"), ==, 4);
  g_assert_true (ok_of (g_ptr_array_index (sends, 1)));
  assert_ping_replies (o, "c", 2, 64);
  /* Three ARP exchanges: a request flooded to 3 ports, a reply on 2 links. */
  g_assert_cmpuint (count_tx (o, NULL, "ARP"), ==, 15);
  /* 4 echoed, 2 discarded, each crossing two links. */
  g_assert_cmpuint (count_tx (o, NULL, "UDP"), ==, 20);
  /* The echo came from port 7 back to from_port 40000. */
  g_assert_cmpuint (count_tx (o, "lb", "192.168.50.2:7 → 192.168.50.1:40000"), ==, 4);
  g_assert_cmpuint (count_events (o, "drop", NULL, NULL), ==, 0);
}

static void
test_lossy_udp (void)
{
  g_autoptr (Outcome) o = run_checked ("lossy-udp.netsketch.json");
  g_autoptr (GHashTable) lost = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint tx_udp = 0, rx_udp = 0, lost_udp = 0, tx_all = count_tx (o, "air", NULL);
  guint drops = 0;
  g_autoptr (GHashTable) udp_frames = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (guint i = 0; i < o->events->len; i++)
    {
      JsonObject *ev = g_ptr_array_index (o->events, i);

      if (is_event (ev, "drop") && g_strcmp0 (str_of (ev, "reason"), "loss") == 0)
        {
          g_assert_cmpstr (str_of (ev, "link"), ==, "air");
          g_hash_table_add (lost, GUINT_TO_POINTER ((guint) num_of (ev, "frame")));
          drops++;
        }
      else if (is_event (ev, "tx") && strstr (str_of (ev, "summary"), "UDP") != NULL)
        {
          g_hash_table_add (udp_frames, GUINT_TO_POINTER ((guint) num_of (ev, "frame")));
          tx_udp++;
        }
      else if (is_event (ev, "rx") && g_strcmp0 (str_of (ev, "to"), "dst:eth0") == 0
               && g_hash_table_contains (udp_frames,
                                         GUINT_TO_POINTER ((guint) num_of (ev, "frame"))))
        rx_udp++;
    }
  g_assert_cmpuint (tx_udp, ==, 1000);
  g_assert_cmpfloat (num_of (final_app (o, "src", "udp-send"), "sent"), ==, 1000);
  {
    GHashTableIter it;
    gpointer key;

    g_hash_table_iter_init (&it, lost);
    while (g_hash_table_iter_next (&it, &key, NULL))
      lost_udp += g_hash_table_contains (udp_frames, key);
  }
  /* Counted three ways an outsider might: about 30% each. */
  g_test_message ("loss: %u drops / %u tx; %u of %u datagrams received", drops, tx_all, rx_udp,
                  tx_udp);
  g_assert_cmpfloat ((double) drops / tx_all, >, 0.25);
  g_assert_cmpfloat ((double) drops / tx_all, <, 0.35);
  g_assert_cmpfloat ((double) lost_udp / tx_udp, >, 0.25);
  g_assert_cmpfloat ((double) lost_udp / tx_udp, <, 0.35);
  g_assert_cmpuint (rx_udp + lost_udp, ==, tx_udp);
  g_assert_cmpfloat (1.0 - (double) rx_udp / tx_udp, >, 0.25);
  g_assert_cmpfloat (1.0 - (double) rx_udp / tx_udp, <, 0.35);
}

static void
test_seeds (void)
{
  g_autofree char *path = acceptance_file ("lossy-udp.netsketch.json");
  g_autoptr (Outcome) a = run_path (path, FALSE, 0, NS_RUN_DEFAULT_UNTIL);
  g_autoptr (Outcome) b = run_path (path, FALSE, 0, NS_RUN_DEFAULT_UNTIL);
  g_autoptr (Outcome) same = run_path (path, TRUE, 1234, NS_RUN_DEFAULT_UNTIL);   /* the file's */
  g_autoptr (Outcome) other = run_path (path, TRUE, 99, NS_RUN_DEFAULT_UNTIL);
  g_autoptr (Outcome) other2 = run_path (path, TRUE, 99, NS_RUN_DEFAULT_UNTIL);

  g_assert_cmpstr (a->jsonl, ==, b->jsonl);
  g_assert_cmpstr (a->jsonl, ==, same->jsonl);
  g_assert_cmpstr (other->jsonl, ==, other2->jsonl);
  g_assert_cmpstr (a->jsonl, !=, other->jsonl);
  g_assert_cmpuint (count_events (a, "drop", NULL, NULL), !=,
                    count_events (other, "drop", NULL, NULL));
}

static void
test_jitter_reorders (void)
{
  g_autoptr (Outcome) o = run_checked ("jitter-reorder.netsketch.json");
  g_autoptr (GHashTable) udp = g_hash_table_new (g_direct_hash, g_direct_equal);
  double prev = 0;
  guint overtaken = 0, received = 0;

  for (guint i = 0; i < o->events->len; i++)
    {
      JsonObject *ev = g_ptr_array_index (o->events, i);

      if (is_event (ev, "tx") && strstr (str_of (ev, "summary"), "UDP") != NULL)
        g_hash_table_add (udp, GUINT_TO_POINTER ((guint) num_of (ev, "frame")));
      else if (is_event (ev, "rx")
               && g_hash_table_contains (udp, GUINT_TO_POINTER ((guint) num_of (ev, "frame"))))
        {
          overtaken += num_of (ev, "frame") < prev;
          prev = MAX (prev, num_of (ev, "frame"));
          received++;
        }
    }
  g_assert_cmpuint (received, ==, 50);
  g_assert_cmpuint (overtaken, >, 0);
}

/* --until stops the run there; the rest never happens, and the action
 * still running says so. */
static void
test_until (void)
{
  g_autofree char *path = acceptance_file ("lossy-udp.netsketch.json");
  g_autoptr (Outcome) o = run_path (path, FALSE, 0, 2 * NS_NSEC_PER_SEC);
  JsonObject *result = NULL;

  g_assert_cmpfloat (last_time (o), <=, 2.0);
  g_assert_cmpuint (count_events (o, "app", NULL, NULL), ==, 1);
  for (guint i = 0; i < o->events->len; i++)
    if (is_event (g_ptr_array_index (o->events, i), "app"))
      result = g_ptr_array_index (o->events, i);
  g_assert_false (json_object_get_boolean_member (result, "ok"));
  g_assert_nonnull (strstr (str_of (result, "detail"), "not finished"));
  g_assert_cmpuint (count_tx (o, "air", "UDP"), <, 1000);
}

/* ---- TCP ---- */

/* The states @node's connection went through, "A>B>C". */
static char *
tcp_path (Outcome *o, const char *node, const char *remote_prefix)
{
  g_autoptr (GString) path = g_string_new (NULL);

  for (guint i = 0; i < o->events->len; i++)
    {
      JsonObject *ev = g_ptr_array_index (o->events, i);

      if (!is_event (ev, "tcp") || g_strcmp0 (str_of (ev, "node"), node) != 0
          || !g_str_has_prefix (str_of (ev, "remote"), remote_prefix))
        continue;
      if (path->len == 0)
        g_string_append (path, str_of (ev, "from"));
      g_string_append_printf (path, ">%s", str_of (ev, "to"));
    }
  return g_string_free (g_steal_pointer (&path), FALSE);
}

static void
test_tcp_drop_nth (void)
{
  g_autoptr (Outcome) o = run_checked ("tcp-drop-nth.netsketch.json");
  JsonObject *send = final_app (o, "client", "tcp-send");
  g_autofree char *client = tcp_path (o, "client", "10.20.2.80:9");
  g_autofree char *server = tcp_path (o, "server", "10.20.1.10:");
  guint nth = 0, dropped = 0;

  g_assert_true (ok_of (send));
  g_assert_cmpfloat (num_of (send, "bytes"), ==, 200000);
  g_assert_cmpstr (client, ==,
                   "CLOSED>SYN-SENT>ESTABLISHED>FIN-WAIT-1>FIN-WAIT-2>TIME-WAIT>CLOSED");
  g_assert_cmpstr (server, ==, "LISTEN>SYN-RECEIVED>ESTABLISHED>CLOSE-WAIT>LAST-ACK>CLOSED");
  /* drop_nth counts the link's frames over both directions: the 30th and
   * the 60th tx on core2 are the ones dropped. */
  for (guint i = 0; i < o->events->len; i++)
    {
      JsonObject *ev = g_ptr_array_index (o->events, i);

      if (is_event (ev, "tx") && g_strcmp0 (str_of (ev, "link"), "core2") == 0)
        {
          nth++;
          for (guint j = i + 1; j < o->events->len; j++)
            {
              JsonObject *d = g_ptr_array_index (o->events, j);

              if (is_event (d, "drop") && json_object_has_member (d, "frame")
                  && num_of (d, "frame") == num_of (ev, "frame"))
                {
                  g_assert_cmpstr (str_of (d, "reason"), ==, "drop_nth");
                  g_assert_true (nth == 30 || nth == 60);
                  dropped++;
                }
            }
        }
    }
  g_assert_cmpuint (dropped, ==, 2);
  g_assert_cmpuint (count_events (o, "drop", NULL, NULL), ==, 2);
  g_assert_cmpuint (count_events (o, "retransmit", NULL, NULL), >=, 2);
  g_assert_cmpuint (count_tx (o, "edge2", "[SYN]"), ==, 1);
  g_assert_cmpuint (count_tx (o, "edge2", "[SYN, ACK]"), ==, 1);
}

static void
test_tcp_lossy (void)
{
  g_autoptr (Outcome) o = run_checked ("tcp-lossy.netsketch.json");
  JsonObject *send = final_app (o, "h1", "tcp-send");

  g_assert_true (ok_of (send));
  g_assert_cmpfloat (num_of (send, "bytes"), ==, 50000);
  g_assert_cmpuint (count_events (o, "drop", "reason", "loss"), >, 5);
  g_assert_cmpuint (count_events (o, "retransmit", NULL, NULL), >, 0);
  /* from_port is the connection's local port. */
  g_assert_cmpuint (count_events (o, "tcp", "local", "10.30.0.1:33333"), >, 3);
}

static void
test_tcp_refused (void)
{
  g_autoptr (Outcome) o = run_checked ("tcp-rst.netsketch.json");
  JsonObject *send = final_app (o, "h1", "tcp-send");

  g_assert_false (ok_of (send));
  g_assert_cmpfloat (num_of (send, "bytes"), ==, 0);
  g_assert_nonnull (strstr (str_of (send, "detail"), "refused"));
  g_assert_cmpuint (count_tx (o, "wire", "RST"), ==, 1);
  /* The ephemeral port is from 49152 up (docs/file-format.md). */
  for (guint i = 0; i < o->events->len; i++)
    {
      JsonObject *ev = g_ptr_array_index (o->events, i);
      const char *local = str_of (ev, "local");

      if (is_event (ev, "tcp") && g_strcmp0 (str_of (ev, "node"), "h1") == 0)
        g_assert_cmpint (atoi (strrchr (local, ':') + 1), >=, 49152);
    }
}

/* TCP and HTTP over a jittery, lossy, slow link with a short queue: every
 * byte arrives; the capture (checked by tshark below) has no malformed
 * frame even where reordered body segments start a frame. */
static void
test_http_jitter_loss (void)
{
  g_autoptr (Outcome) o = run_checked ("http-jitter-loss.netsketch.json");
  JsonObject *get = final_app (o, "a", "http-get");
  JsonObject *send = final_app (o, "a", "tcp-send");

  g_assert_true (ok_of (get));
  g_assert_cmpfloat (num_of (get, "status"), ==, 200);
  g_assert_cmpfloat (num_of (get, "bytes"), ==, 30000);
  g_assert_true (ok_of (send));
  g_assert_cmpfloat (num_of (send, "bytes"), ==, 100000);
  g_assert_cmpuint (count_events (o, "drop", "reason", "loss"), >, 0);
  g_assert_cmpuint (count_events (o, "drop", "reason", "queue"), >, 0);
}

/* ---- DNS and HTTP ---- */

static void
test_http_by_name (void)
{
  g_autoptr (Outcome) o = run_checked ("http-by-name.netsketch.json");
  g_autoptr (GPtrArray) gets = apps (o, "laptop", "http-get");
  g_autoptr (GPtrArray) lookups = apps (o, "laptop", "dns-lookup");
  JsonObject *get, *missing;

  g_assert_cmpuint (gets->len, ==, 2);
  get = g_ptr_array_index (gets, 0);
  g_assert_true (ok_of (get));
  g_assert_cmpfloat (num_of (get, "status"), ==, 200);
  g_assert_cmpfloat (num_of (get, "bytes"), ==, 12345);
  missing = g_ptr_array_index (gets, 1);
  g_assert_false (ok_of (missing));
  g_assert_cmpfloat (num_of (missing, "status"), ==, 404);
  /* NXDOMAIN, then a CNAME followed to its address. */
  g_assert_cmpuint (lookups->len, ==, 2);
  g_assert_false (ok_of (g_ptr_array_index (lookups, 0)));
  g_assert_nonnull (strstr (str_of (g_ptr_array_index (lookups, 0), "detail"), "NXDOMAIN"));
  g_assert_true (ok_of (g_ptr_array_index (lookups, 1)));
  g_assert_cmpstr (str_of (g_ptr_array_index (lookups, 1), "address"), ==, "10.0.0.80");
  /* A ping by name: one router on the way. */
  assert_ping_replies (o, "laptop", 2, 63);
  g_assert_cmpuint (count_tx (o, "home", "DNS"), >=, 6);
  g_assert_cmpuint (count_tx (o, "w", "GET /"), >=, 2);
}

static void
test_dns_unreachable (void)
{
  g_autoptr (Outcome) o = run_checked ("dns-unreachable.netsketch.json");
  JsonObject *lookup = final_app (o, "pc", "dns-lookup");

  g_assert_false (ok_of (lookup));
  g_assert_nonnull (strstr (str_of (lookup, "detail"), "timeout"));
  /* Retried: more than one query went out. */
  g_assert_cmpuint (count_tx (o, "l", "10.99.0.53:53"), >=, 2);
}

static void
test_dns_recursive (void)
{
  g_autoptr (Outcome) o = run_checked ("dns-recursive.netsketch.json");
  g_autoptr (GPtrArray) lookups = apps (o, "client", "dns-lookup");
  static const char *const servers[] = { "10.2.0.100:53", "10.2.0.101:53", "10.2.0.102:53" };

  g_assert_cmpuint (lookups->len, ==, 2);
  g_assert_true (ok_of (g_ptr_array_index (lookups, 0)));
  g_assert_cmpstr (str_of (g_ptr_array_index (lookups, 0), "address"), ==, "10.1.1.99");
  g_assert_false (ok_of (g_ptr_array_index (lookups, 1)));
  g_assert_nonnull (strstr (str_of (g_ptr_array_index (lookups, 1), "detail"), "NXDOMAIN"));
  /* The resolver asked root, then com, then example.com. */
  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      g_autofree char *to = g_strdup_printf ("→ %s", servers[i]);

      g_assert_cmpuint (count_tx (o, NULL, to), >=, 1);
    }
}

/* Actions a node cannot do fail with a clear reason; a segment to a host
 * with no TCP service at all is answered with RST (RFC 9293 3.10.7.1),
 * not ICMP protocol unreachable. */
static void
test_cannot_do (void)
{
  g_autoptr (Outcome) o = run_checked ("cannot-do.netsketch.json");
  g_autoptr (GPtrArray) gets = apps (o, "h1", "http-get");
  JsonObject *lookup = final_app (o, "h1", "dns-lookup");

  g_assert_false (ok_of (lookup));
  g_assert_nonnull (strstr (str_of (lookup, "detail"), "DNS server"));
  g_assert_false (ok_of (final_app (o, "rt", "dns-lookup")));
  g_assert_false (ok_of (final_app (o, "h1", "ping")));
  assert_ping_replies (o, "rt", 1, 64);
  g_assert_cmpuint (gets->len, ==, 2);
  g_assert_false (ok_of (g_ptr_array_index (gets, 1)));
  g_assert_nonnull (strstr (str_of (g_ptr_array_index (gets, 1), "detail"), "RST"));
  g_assert_cmpuint (count_tx (o, "y", "[RST"), ==, 1);
  g_assert_cmpuint (count_tx (o, "y", "protocol unreachable"), ==, 0);
  g_assert_false (ok_of (final_app (o, "h2", "udp-send")));
}

/* Many actions at once on one host, some aimed at itself: each has its
 * own ephemeral port, a traceroute to our own address stops at hop 1, and
 * the run ends once everything is done (not at 60 s). */
static void
test_one_host_many (void)
{
  g_autoptr (Outcome) o = run_checked ("one-host-many.netsketch.json");
  static const char *const self[] = { "10.0.0.1", NULL };
  g_autoptr (GPtrArray) gets = apps (o, "a", "http-get");
  g_autoptr (GHashTable) ports = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *trace = final_app (o, "a", "traceroute");

  g_assert_true (ok_of (trace));
  assert_hops (trace, self);
  g_assert_cmpuint (gets->len, ==, 2);
  for (guint i = 0; i < gets->len; i++)
    {
      g_assert_true (ok_of (g_ptr_array_index (gets, i)));
      g_assert_cmpfloat (num_of (g_ptr_array_index (gets, i), "bytes"), ==, 1000);
    }
  g_assert_cmpfloat (num_of (final_app (o, "a", "tcp-send"), "bytes"), ==, 1000000);
  for (guint i = 0; i < o->events->len; i++)
    {
      JsonObject *ev = g_ptr_array_index (o->events, i);

      if (is_event (ev, "tcp") && g_strcmp0 (str_of (ev, "to"), "SYN-SENT") == 0)
        g_assert_true (g_hash_table_add (ports, (gpointer) str_of (ev, "local")));
    }
  g_assert_cmpuint (g_hash_table_size (ports), ==, 3);
  g_assert_false (ok_of (final_app (o, "a", "udp-send")));
  g_assert_false (ok_of (final_app (o, "a", "dns-lookup")));
  g_assert_cmpfloat (last_time (o), <, 10);
}

/* The big example of docs/file-format.md loads, keeps every field, and runs. */
static void
test_contract_example (void)
{
  const char *data = g_getenv ("NS_TEST_DATA");
  g_autofree char *path = g_build_filename (data, "contract.netsketch.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (NsTopology) topology = ns_topology_load_file (path, &error);
  g_autoptr (Outcome) o = NULL;
  NsTopoLink *link;
  NsTopoNode *web;

  g_assert_no_error (error);
  g_assert_cmpuint (topology->nodes->len, ==, 5);
  g_assert_cmpuint (topology->scenario->len, ==, 6);
  g_assert_cmpuint (topology->seed, ==, 42);
  link = ns_topology_find_link (topology, "l1");
  g_assert_cmpfloat (link->delay_ms, ==, 2);
  g_assert_cmpuint (link->queue_packets, ==, 64);
  g_assert_cmpuint (link->mtu, ==, 1500);
  web = ns_topology_find_node (topology, "web");
  g_assert_cmpuint (web->services->len, ==, 3);
  g_assert_cmpuint (((NsTopoService *) g_ptr_array_index (web->services, 0))->body_bytes, ==, 6000);
  o = run_path (path, FALSE, 0, NS_RUN_DEFAULT_UNTIL);
  check_contract (o);
  g_assert_cmpuint (count_events (o, "app", NULL, NULL), >, 0);
}

/* ---- broken files ---- */

static const struct {
  const char *file;
  const char *place;   /* the JSON path the message must name */
} broken[] = {
  { "action-on-switch.netsketch.json", "scenario[0].node" },
  { "bad-octet.netsketch.json", "nodes[0].gateway" },
  { "bad-prefix.netsketch.json", "nodes[0].interfaces[0].ip" },
  { "bad-record.netsketch.json", "nodes[0].services[0].records[0].type" },
  { "bad-routing.netsketch.json", "routing" },
  { "dangling-iface.netsketch.json", "links[0].b" },
  { "dangling-node.netsketch.json", "links[0].b" },
  { "deep-arrays.netsketch.json", ":1:" },
  { "dup-link.netsketch.json", "links[1].id" },
  { "dup-node.netsketch.json", "nodes[1].id" },
  { "garbage.netsketch.json", ":1:" },
  { "huge-count.netsketch.json", "scenario[0].count" },
  { "huge-port.netsketch.json", "scenario[0].target" },
  { "huge-seed.netsketch.json", "seed" },
  { "loss-above-one.netsketch.json", "links[0].loss" },
  { "negative-at.netsketch.json", "scenario[0].at" },
  { "not-json.netsketch.json", ":1:" },
  { "scenario-unknown-action.netsketch.json", "scenario[0].do" },
  { "scenario-unknown-node.netsketch.json", "scenario[0].node" },
  { "switch-with-ip.netsketch.json", "nodes[0].interfaces[0].ip" },
  { "truncated.netsketch.json", ":1:" },
  { "version-2.netsketch.json", "version" },
  { "wrong-format.netsketch.json", "format" },
  { "wrong-type-delay.netsketch.json", "links[0].delay_ms" },
  { "wrong-type-nodes.netsketch.json", "nodes" },
};

static void
test_broken_load (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autofree char *name = g_build_filename ("broken", broken[i].file, NULL);
      g_autofree char *path = acceptance_file (name);
      g_autoptr (GError) error = NULL;
      g_autoptr (NsTopology) topology = ns_topology_load_file (path, &error);

      g_test_message ("%s: %s", broken[i].file, error != NULL ? error->message : "(loaded)");
      g_assert_null (topology);
      g_assert_error (error, NS_TOPOLOGY_ERROR, NS_TOPOLOGY_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, broken[i].file));
      g_assert_nonnull (strstr (error->message, broken[i].place));
    }
}

/* ---- through the binary: exit codes, --quiet, and tshark on the captures ---- */

typedef struct {
  int   status;
  char *out;
  char *err;
} Spawned;

static Spawned
spawn (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  Spawned r = { 0 };
  int wait_status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &r.out, &r.err, &wait_status, &error));
  g_assert_no_error (error);
  r.status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  return r;
}

static void
spawned_clear (Spawned *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

static void
test_broken_cli (void)
{
  const char *cli = g_getenv ("NS_CLI");

  g_assert_nonnull (cli);
  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autofree char *name = g_build_filename ("broken", broken[i].file, NULL);
      g_autofree char *path = acceptance_file (name);
      const char *check_argv[] = { cli, "check", path, NULL };
      const char *run_argv[] = { cli, "run", path, NULL };
      Spawned check = spawn (check_argv);
      Spawned run = spawn (run_argv);

      g_test_message ("%s", broken[i].file);
      g_assert_cmpint (check.status, ==, 1);
      g_assert_nonnull (strstr (check.out, broken[i].place));
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_nonnull (strstr (run.err, broken[i].file));
      g_assert_nonnull (strstr (run.err, broken[i].place));
      spawned_clear (&check);
      spawned_clear (&run);
    }
}

static void
test_cli_quiet_and_outputs (void)
{
  const char *cli = g_getenv ("NS_CLI");
  g_autofree char *path = acceptance_file ("chain3-static.netsketch.json");
  g_autofree char *dir = g_dir_make_tmp ("ns-accept-XXXXXX", NULL);
  g_autofree char *trace = g_build_filename (dir, "t.jsonl", NULL);
  g_autofree char *pcap = g_build_filename (dir, "p.pcapng", NULL);
  const char *quiet_argv[] = { cli, "run", path, "--quiet", "--trace", trace, "--pcap", pcap,
                               NULL };
  const char *loud_argv[] = { cli, "run", path, "--seed", "3", "--until", "100", NULL };
  const char *check_argv[] = { cli, "check", path, NULL };
  Spawned quiet = spawn (quiet_argv);
  Spawned loud = spawn (loud_argv);
  Spawned check = spawn (check_argv);
  g_autoptr (Outcome) o = run_named ("chain3-static.netsketch.json");
  g_autofree char *written = NULL;

  g_assert_cmpint (quiet.status, ==, 0);
  g_assert_cmpstr (quiet.out, ==, "");
  g_assert_cmpint (loud.status, ==, 0);
  g_assert_nonnull (strstr (loud.out, "ttl=61"));
  g_assert_cmpint (check.status, ==, 0);
  /* The CLI's trace is the library's, byte for byte. */
  g_assert_true (g_file_get_contents (trace, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, o->jsonl);
  g_assert_true (g_file_test (pcap, G_FILE_TEST_IS_REGULAR));
  spawned_clear (&quiet);
  spawned_clear (&loud);
  spawned_clear (&check);
  g_unlink (trace);
  g_unlink (pcap);
  g_rmdir (dir);
}

/* What check-pcap counts, with its display filters and preferences. */
static guint
tshark_count (const char *pcap, const char *filter)
{
  const char *argv[] = {
    "tshark", "-r", pcap, "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
    "-o", "udp.check_checksum:TRUE", "-o", "tcp.analyze_sequence_numbers:TRUE",
    "-Y", filter, "-T", "fields", "-e", "frame.number", NULL
  };
  Spawned r = spawn (argv);
  g_auto (GStrv) lines = NULL;
  guint n = 0;

  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    n += g_ascii_isdigit (lines[i][0]);
  spawned_clear (&r);
  return n;
}

/* The frames of one link as a capture of their own (what Wireshark shows
 * with a filter on the interface, analysed alone). */
static char *
tshark_one_link (const char *pcap, const char *link, const char *dir)
{
  g_autofree char *filter = g_strdup_printf ("frame.interface_name == \"%s\"", link);
  g_autofree char *name = g_strdup_printf ("%s.pcapng", link);
  char *out = g_build_filename (dir, name, NULL);
  const char *argv[] = { "tshark", "-r", pcap, "-Y", filter, "-w", out, NULL };
  Spawned r = spawn (argv);

  g_assert_cmpint (r.status, ==, 0);
  spawned_clear (&r);
  return out;
}

static const char *const malformed_or_bad =
  "_ws.malformed || _ws.expert.severity == error || ip.checksum.status == 0"
  " || tcp.checksum.status == 0 || udp.checksum.status == 0 || icmp.checksum.status == 0";

typedef struct {
  const char *file;
  const char *filter;
  guint       count;
} PcapClaim;

static const PcapClaim pcap_claims[] = {
  { "chain3-static.netsketch.json", "arp", 8 },
  { "chain3-static.netsketch.json", "icmp.type == 0", 16 },
  { "chain3-static.netsketch.json", "icmp.type == 11", 14 },
  { "chain3-auto.netsketch.json", "arp", 8 },
  { "chain3-auto.netsketch.json", "icmp.type == 0", 20 },
  { "chain3-auto.netsketch.json", "icmp.type == 11", 6 },
  { "switched-lan.netsketch.json", "arp", 15 },
  { "switched-lan.netsketch.json", "udp && !dns && !icmp", 20 },
  { "switched-lan.netsketch.json", "icmp.type == 8", 4 },
  { "lossy-udp.netsketch.json", "udp && !dns && !icmp", 1000 },
  { "lossy-udp.netsketch.json", "frame.comment contains \"lost\"", 312 },
  { "tcp-drop-nth.netsketch.json", "tcp.flags.syn == 1 && tcp.flags.ack == 0 && !icmp", 4 },
  { "tcp-drop-nth.netsketch.json", "tcp.flags.syn == 1 && tcp.flags.ack == 1 && !icmp", 4 },
  { "tcp-drop-nth.netsketch.json", "tcp.flags.fin == 1 && !icmp", 8 },
  { "tcp-drop-nth.netsketch.json", "frame.comment contains \"drop_nth\"", 2 },
  { "tcp-rst.netsketch.json", "tcp.flags.reset == 1 && !icmp", 1 },
  { "http-by-name.netsketch.json", "dns.flags.response == 0 && !icmp", 9 },
  { "http-by-name.netsketch.json", "dns.flags.response == 1 && !icmp", 9 },
  { "dns-recursive.netsketch.json", "dns.flags.response == 1 && !icmp", 14 },
  { "dns-unreachable.netsketch.json", "icmp.type == 3", 2 },
  { "cannot-do.netsketch.json", "tcp.flags.reset == 1 && !icmp", 2 },
};

static const char *const pcap_files[] = {
  "chain3-static.netsketch.json", "chain3-auto.netsketch.json", "switched-lan.netsketch.json",
  "lossy-udp.netsketch.json", "tcp-drop-nth.netsketch.json", "tcp-lossy.netsketch.json",
  "tcp-rst.netsketch.json", "http-by-name.netsketch.json", "dns-unreachable.netsketch.json",
  "dns-recursive.netsketch.json", "jitter-reorder.netsketch.json", "cannot-do.netsketch.json",
  "one-host-many.netsketch.json", "http-jitter-loss.netsketch.json",
};

static char *
write_capture (const char *name, const char *dir)
{
  g_autoptr (Outcome) o = run_named (name);
  const NsTopology *topology = ns_run_get_topology (o->run);
  g_autoptr (GPtrArray) links = g_ptr_array_new ();
  g_autofree char *base = g_strdup_printf ("%s.pcapng", name);
  char *pcap = g_build_filename (dir, base, NULL);
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < topology->links->len; i++)
    g_ptr_array_add (links, ((NsTopoLink *) g_ptr_array_index (topology->links, i))->id);
  g_ptr_array_add (links, NULL);
  g_assert_true (ns_pcapng_write_file (ns_run_get_trace (o->run),
                                       (const char *const *) links->pdata, pcap, &error));
  g_assert_no_error (error);
  return pcap;
}

static void
test_pcap_tshark (void)
{
  g_autofree char *tshark = g_find_program_in_path ("tshark");
  g_autofree char *dir = NULL;
  g_autoptr (GPtrArray) written = NULL;

  if (tshark == NULL)
    {
      g_test_skip ("tshark is not installed (apt-get install tshark)");
      return;
    }
  dir = g_dir_make_tmp ("ns-accept-pcap-XXXXXX", NULL);
  written = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (pcap_files); i++)
    {
      g_autofree char *pcap = write_capture (pcap_files[i], dir);

      g_test_message ("%s", pcap_files[i]);
      g_assert_cmpuint (tshark_count (pcap, malformed_or_bad), ==, 0);
      for (guint k = 0; k < G_N_ELEMENTS (pcap_claims); k++)
        if (g_str_equal (pcap_claims[k].file, pcap_files[i]))
          {
            g_test_message ("  %s", pcap_claims[k].filter);
            g_assert_cmpuint (tshark_count (pcap, pcap_claims[k].filter), ==,
                              pcap_claims[k].count);
          }
      if (g_str_equal (pcap_files[i], "tcp-drop-nth.netsketch.json"))
        {
          /* Each link alone reads like a capture on that wire: the lost
           * frames' link shows exactly two retransmissions; the HTTP of
           * the other file is dissected on every link. */
          g_autofree char *core2 = tshark_one_link (pcap, "core2", dir);

          g_assert_cmpuint (tshark_count (core2, "tcp.analysis.retransmission"), ==, 2);
          g_assert_cmpuint (tshark_count (core2, "tcp.flags.fin == 1"), ==, 2);
          g_ptr_array_add (written, g_steal_pointer (&core2));
        }
      if (g_str_equal (pcap_files[i], "http-by-name.netsketch.json"))
        {
          g_autofree char *home = tshark_one_link (pcap, "home", dir);

          g_assert_cmpuint (tshark_count (home, "http.request"), ==, 2);
          g_assert_cmpuint (tshark_count (home, "http.response"), ==, 2);
          g_assert_cmpuint (tshark_count (home, "http.response.code == 200"), ==, 1);
          g_assert_cmpuint (tshark_count (home, "http.content_length == 12345"), ==, 1);
          g_assert_cmpuint (tshark_count (home, "tcp.reassembled.length == 12452"), ==, 1);
          g_assert_cmpuint (tshark_count (home, "http.host == \"www.example.com\""), ==, 2);
          g_assert_cmpuint (tshark_count (home, "dns.a == 10.0.0.80"), ==, 2);
          g_assert_cmpuint (tshark_count (home, "dns.flags.rcode == 3"), ==, 1);
          g_assert_cmpuint (tshark_count (home, malformed_or_bad), ==, 0);
          g_ptr_array_add (written, g_steal_pointer (&home));
        }
      g_ptr_array_add (written, g_steal_pointer (&pcap));
    }
  for (guint i = 0; i < written->len; i++)
    g_unlink (g_ptr_array_index (written, i));
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/acceptance/ping/chain-static", test_chain_static);
  g_test_add_func ("/acceptance/ping/chain-auto", test_chain_auto);
  g_test_add_func ("/acceptance/udp/switched-lan", test_switched_lan);
  g_test_add_func ("/acceptance/udp/lossy", test_lossy_udp);
  g_test_add_func ("/acceptance/udp/jitter-reorders", test_jitter_reorders);
  g_test_add_func ("/acceptance/run/seeds", test_seeds);
  g_test_add_func ("/acceptance/run/until", test_until);
  g_test_add_func ("/acceptance/tcp/drop-nth", test_tcp_drop_nth);
  g_test_add_func ("/acceptance/tcp/lossy", test_tcp_lossy);
  g_test_add_func ("/acceptance/tcp/refused", test_tcp_refused);
  g_test_add_func ("/acceptance/tcp/http-jitter-loss", test_http_jitter_loss);
  g_test_add_func ("/acceptance/dns/http-by-name", test_http_by_name);
  g_test_add_func ("/acceptance/dns/unreachable", test_dns_unreachable);
  g_test_add_func ("/acceptance/dns/recursive", test_dns_recursive);
  g_test_add_func ("/acceptance/run/cannot-do", test_cannot_do);
  g_test_add_func ("/acceptance/run/one-host-many", test_one_host_many);
  g_test_add_func ("/acceptance/file/contract-example", test_contract_example);
  g_test_add_func ("/acceptance/file/broken", test_broken_load);
  g_test_add_func ("/acceptance/cli/broken", test_broken_cli);
  g_test_add_func ("/acceptance/cli/quiet-and-outputs", test_cli_quiet_and_outputs);
  g_test_add_func ("/acceptance/pcap/tshark", test_pcap_tshark);
  return g_test_run ();
}
