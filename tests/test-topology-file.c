/* test-topology-file.c: loading and saving topology files: every rule of
 * docs/file-format.md on a broken input, with the place and the words of the
 * complaint; round trips byte for byte; unknown fields kept. */
#include <glib/gstdio.h>
#include <string.h>

#include "core/topology-file.h"

#define NODE_A                                                                         \
  "{\"id\": \"a\", \"kind\": \"host\", \"interfaces\": [{\"name\": \"eth0\", \"ip\": " \
  "\"10.0.0.1/24\"}]}"
#define NODE_B                                                                         \
  "{\"id\": \"b\", \"kind\": \"host\", \"interfaces\": [{\"name\": \"eth0\", \"ip\": " \
  "\"10.0.0.2/24\"}]}"
#define NODE_R                                                                           \
  "{\"id\": \"r\", \"kind\": \"router\", \"interfaces\": [{\"name\": \"eth0\", \"ip\": " \
  "\"10.0.0.254/24\"}]}"
#define NODE_SW                                                                             \
  "{\"id\": \"sw\", \"kind\": \"switch\", \"interfaces\": [{\"name\": \"p1\"}, {\"name\": " \
  "\"p2\"}]}"
#define LINK_AB "{\"id\": \"l1\", \"a\": \"a:eth0\", \"b\": \"b:eth0\"}"

static char *
doc (const char *nodes, const char *links, const char *scenario)
{
  return g_strdup_printf ("{\"format\": \"netsketch\", \"version\": 1,\n\"nodes\": [%s],\n"
                          "\"links\": [%s],\n\"scenario\": [%s]}\n",
                          nodes, links, scenario);
}

/* Loads @data and checks it fails with a problem at @path whose message
 * holds @fragment, and that the GError names it too. */
static void
expect_problem (const char *data, gssize len, const char *path, const char *fragment)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  NsTopology *t = ns_topology_load_data_full (data, len, "bad.netsketch.json", &problems, &error);
  gboolean found = FALSE;

  g_assert_null (t);
  g_assert_error (error, NS_TOPOLOGY_ERROR, NS_TOPOLOGY_ERROR_INVALID);
  g_assert_nonnull (problems);
  g_assert_cmpuint (problems->len, >, 0);
  for (guint i = 0; i < problems->len; i++)
    {
      NsProblem *p = g_ptr_array_index (problems, i);

      if (g_strcmp0 (p->path, path) == 0 && strstr (p->message, fragment) != NULL)
        found = TRUE;
    }
  if (!found)
    g_error ("expected a problem at \"%s\" saying \"%s\", got:\n%s", path, fragment,
             error->message);
  g_assert_true (g_str_has_prefix (error->message, "bad.netsketch.json"));
  g_assert_nonnull (strstr (error->message, fragment));
}

typedef struct {
  const char *nodes, *links, *scenario;
  const char *path, *fragment;
} Case;

static void
test_rules (void)
{
  static const Case cases[] = {
    /* addresses */
    { "{\"id\": \"a\", \"kind\": \"host\", \"interfaces\": [{\"name\": \"e\", \"ip\": "
      "\"10.0.0.300/24\"}]}",
      "", "", "nodes[0].interfaces[0].ip",
      "\"10.0.0.300/24\" is not an IPv4 address with a prefix (A.B.C.D/len)" },
    { "{\"id\": \"a\", \"kind\": \"host\", \"interfaces\": [{\"name\": \"e\", \"ip\": "
      "\"10.0.0.1/33\"}]}",
      "", "", "nodes[0].interfaces[0].ip", "not an IPv4 address with a prefix" },
    { "{\"id\": \"a\", \"kind\": \"host\", \"interfaces\": [{\"name\": \"e\", \"ip\": "
      "\"10.0.0.1\"}]}",
      "", "", "nodes[0].interfaces[0].ip", "not an IPv4 address with a prefix" },
    { NODE_A ", {\"id\": \"b\", \"kind\": \"host\", \"interfaces\": [{\"name\": \"e\", \"ip\": "
             "\"10.0.0.1/24\"}]}",
      "", "", "nodes[1].interfaces[0].ip",
      "address 10.0.0.1 is already used by nodes[0].interfaces[0]" },
    { "{\"id\": \"a\", \"kind\": \"host\", \"interfaces\": [], \"gateway\": \"1.2.3\"}", "", "",
      "nodes[0].gateway", "\"1.2.3\" is not an IPv4 address" },
    { "{\"id\": \"a\", \"kind\": \"host\", \"interfaces\": [], \"dns\": [\"10.0.0.53\", 7]}", "",
      "", "nodes[0].dns[1]", "expected an address string, not a number" },
    { "{\"id\": \"a\", \"kind\": \"router\", \"interfaces\": [], \"routes\": [{\"to\": "
      "\"10.0.0.0/8\"}]}",
      "", "", "nodes[0].routes[0].via", "missing" },
    { "{\"id\": \"a\", \"kind\": \"router\", \"interfaces\": [], \"routes\": [{\"to\": "
      "\"10.0.0.0/8\", \"via\": \"10.0.0.1\"}]}",
      "", "", "nodes[0].routes[0].via", "not on any network" },
    { "{\"id\": \"s\", \"kind\": \"switch\", \"interfaces\": [{\"name\": \"p1\", \"ip\": "
      "\"10.0.0.1/24\"}]}",
      "", "", "nodes[0].interfaces[0].ip", "switch" },
    /* ids and kinds */
    { NODE_A ", " NODE_A, "", "", "nodes[1].id", "duplicate node id \"a\"" },
    { "{\"kind\": \"host\", \"interfaces\": []}", "", "", "nodes[0].id", "missing" },
    { "{\"id\": \"a:b\", \"kind\": \"host\", \"interfaces\": []}", "", "", "nodes[0].id",
      "without ':'" },
    { "{\"id\": \"a\", \"kind\": \"bridge\", \"interfaces\": []}", "", "", "nodes[0].kind",
      "unknown kind \"bridge\"" },
    { "{\"id\": \"a\", \"interfaces\": []}", "", "", "nodes[0].kind", "missing" },
    { "{\"id\": \"a\", \"kind\": \"host\", \"interfaces\": [{\"name\": \"e\"}, {\"name\": \"e\"}]}",
      "", "", "nodes[0].interfaces[1].name", "duplicate interface name \"e\"" },
    { NODE_A ", " NODE_B, LINK_AB ", " LINK_AB, "", "links[1].id", "duplicate link id \"l1\"" },
    /* wrong types */
    { "{\"id\": \"a\", \"kind\": \"host\", \"x\": \"10\", \"interfaces\": []}", "", "",
      "nodes[0].x", "expected a number, not a string" },
    { "{\"id\": 3, \"kind\": \"host\", \"interfaces\": []}", "", "", "nodes[0].id",
      "expected a string, not a number" },
    { "{\"id\": \"a\", \"kind\": \"host\", \"interfaces\": {}}", "", "", "nodes[0].interfaces",
      "expected an array" },
    { "[]", "", "", "nodes[0]", "expected a node object" },
    { NODE_A ", " NODE_B,
      "{\"id\": \"l1\", \"a\": \"a:eth0\", \"b\": \"b:eth0\", \"delay_ms\": \"2\"}", "",
      "links[0].delay_ms", "expected a number, not a string" },
    { NODE_A ", " NODE_B, "{\"id\": \"l1\", \"a\": \"a:eth0\", \"b\": \"b:eth0\", \"mtu\": 1500.5}",
      "", "links[0].mtu", "expected an integer" },
    /* links */
    { NODE_A, "{\"id\": \"l1\", \"a\": \"a:eth0\", \"b\": \"ghost:eth0\"}", "", "links[0].b",
      "names node \"ghost\", which does not exist" },
    { NODE_A ", " NODE_B, "{\"id\": \"l1\", \"a\": \"a:eth9\", \"b\": \"b:eth0\"}", "",
      "links[0].a", "names interface \"eth9\"" },
    { NODE_A ", " NODE_B, "{\"id\": \"l1\", \"a\": \"a-eth0\", \"b\": \"b:eth0\"}", "",
      "links[0].a", "is not written node:interface" },
    { NODE_A ", " NODE_B, "{\"id\": \"l1\", \"a\": \"a:eth0\"}", "", "links[0].b", "missing" },
    { NODE_A ", " NODE_B ", " NODE_R,
      LINK_AB ", {\"id\": \"l2\", \"a\": \"r:eth0\", \"b\": \"a:eth0\"}", "", "links[1].b",
      "interface a:eth0 already has link l1" },
    { NODE_A, "{\"id\": \"l1\", \"a\": \"a:eth0\", \"b\": \"a:eth0\"}", "", "links[0].b",
      "two different interfaces" },
    { NODE_A ", " NODE_B,
      "{\"id\": \"l1\", \"a\": \"a:eth0\", \"b\": \"b:eth0\", \"delay_ms\": -1}", "",
      "links[0].delay_ms", "must not be negative" },
    { NODE_A ", " NODE_B,
      "{\"id\": \"l1\", \"a\": \"a:eth0\", \"b\": \"b:eth0\", \"bandwidth_mbps\": -5}", "",
      "links[0].bandwidth_mbps", "must not be negative" },
    { NODE_A ", " NODE_B,
      "{\"id\": \"l1\", \"a\": \"a:eth0\", \"b\": \"b:eth0\", \"bandwidth_mbps\": 0}", "",
      "links[0].bandwidth_mbps", "more than 0" },
    { NODE_A ", " NODE_B,
      "{\"id\": \"l1\", \"a\": \"a:eth0\", \"b\": \"b:eth0\", \"jitter_ms\": -1}", "",
      "links[0].jitter_ms", "must not be negative" },
    { NODE_A ", " NODE_B, "{\"id\": \"l1\", \"a\": \"a:eth0\", \"b\": \"b:eth0\", \"loss\": 1.01}",
      "", "links[0].loss", "must be from 0 to 1" },
    { NODE_A ", " NODE_B, "{\"id\": \"l1\", \"a\": \"a:eth0\", \"b\": \"b:eth0\", \"mtu\": 67}", "",
      "links[0].mtu", "must be from 68 to 9000" },
    { NODE_A ", " NODE_B, "{\"id\": \"l1\", \"a\": \"a:eth0\", \"b\": \"b:eth0\", \"mtu\": 9001}",
      "", "links[0].mtu", "must be from 68 to 9000" },
    { NODE_A ", " NODE_B,
      "{\"id\": \"l1\", \"a\": \"a:eth0\", \"b\": \"b:eth0\", \"queue_packets\": 0}", "",
      "links[0].queue_packets", "must be from 1" },
    { NODE_A ", " NODE_B,
      "{\"id\": \"l1\", \"a\": \"a:eth0\", \"b\": \"b:eth0\", \"drop_nth\": [2, 0]}", "",
      "links[0].drop_nth[1]", "counted from 1" },
    { NODE_A ", " NODE_B,
      "{\"id\": \"l1\", \"a\": \"a:eth0\", \"b\": \"b:eth0\", \"drop_nth\": [\"1\"]}", "",
      "links[0].drop_nth[0]", "expected an integer" },
    /* services */
    { "{\"id\": \"a\", \"kind\": \"host\", \"interfaces\": [], \"services\": [{\"type\": "
      "\"ftp\"}]}",
      "", "", "nodes[0].services[0].type", "unknown service type \"ftp\"" },
    { "{\"id\": \"a\", \"kind\": \"host\", \"interfaces\": [], \"services\": [{\"type\": "
      "\"udp-echo\", \"port\": 65536}]}",
      "", "", "nodes[0].services[0].port", "must be from 1 to 65535" },
    { "{\"id\": \"a\", \"kind\": \"host\", \"interfaces\": [], \"services\": [{\"type\": "
      "\"udp-echo\", \"port\": 0}]}",
      "", "", "nodes[0].services[0].port", "must be from 1 to 65535" },
    { "{\"id\": \"a\", \"kind\": \"host\", \"interfaces\": [], \"services\": [{\"type\": "
      "\"tcp-echo\"}, {\"type\": \"http-server\", \"port\": 7}]}",
      "", "", "nodes[0].services[1].port", "already taken" },
    { "{\"id\": \"a\", \"kind\": \"host\", \"interfaces\": [], \"services\": [{\"type\": "
      "\"dns-server\", \"records\": [{\"name\": \"x.org\", \"type\": \"MX\", \"value\": \"y\"}]}]}",
      "", "", "nodes[0].services[0].records[0].type", "not one of A, CNAME, NS" },
    { "{\"id\": \"a\", \"kind\": \"host\", \"interfaces\": [], \"services\": [{\"type\": "
      "\"dns-server\", \"records\": [{\"name\": \"x.org\", \"type\": \"A\", \"value\": "
      "\"x.org\"}]}]}",
      "", "", "nodes[0].services[0].records[0].value", "must be an IPv4 address" },
    { "{\"id\": \"a\", \"kind\": \"host\", \"interfaces\": [], \"services\": [{\"type\": "
      "\"dns-server\", \"recursive\": true}]}",
      "", "", "nodes[0].services[0].recursive", "needs \"root\"" },
    /* scenario */
    { NODE_A, "", "{\"node\": \"a\", \"do\": \"fly\"}", "scenario[0].do",
      "unknown action \"fly\"" },
    { NODE_A, "", "{\"node\": \"ghost\", \"do\": \"ping\", \"target\": \"10.0.0.2\"}",
      "scenario[0].node", "node \"ghost\" does not exist" },
    { NODE_SW, "", "{\"node\": \"sw\", \"do\": \"ping\", \"target\": \"10.0.0.2\"}",
      "scenario[0].node", "switch" },
    { NODE_A, "", "{\"node\": \"a\", \"do\": \"ping\"}", "scenario[0]", "needs a \"target\"" },
    { NODE_A, "", "{\"node\": \"a\", \"do\": \"traceroute\"}", "scenario[0]",
      "needs a \"target\"" },
    { NODE_A, "", "{\"node\": \"a\", \"do\": \"dns-lookup\"}", "scenario[0]", "needs a \"name\"" },
    { NODE_A, "", "{\"node\": \"a\", \"do\": \"http-get\"}", "scenario[0]", "needs a \"url\"" },
    { NODE_A, "", "{\"node\": \"a\", \"do\": \"http-get\", \"url\": \"ftp://x\"}",
      "scenario[0].url", "http://" },
    { NODE_A, "", "{\"node\": \"a\", \"do\": \"udp-send\"}", "scenario[0]", "needs a \"target\"" },
    { NODE_A, "", "{\"node\": \"a\", \"do\": \"udp-send\", \"target\": \"10.0.0.2\"}",
      "scenario[0].target", "ADDRESS:PORT" },
    { NODE_A, "", "{\"node\": \"a\", \"do\": \"tcp-send\", \"target\": \"10.0.0.2:0\"}",
      "scenario[0].target", "ADDRESS:PORT" },
    { NODE_A, "", "{\"at\": -0.5, \"node\": \"a\", \"do\": \"ping\", \"target\": \"b\"}",
      "scenario[0].at", "must not be negative" },
    { NODE_A, "", "{\"node\": \"a\", \"do\": \"ping\", \"target\": \"b\", \"ttl\": 256}",
      "scenario[0].ttl", "must be from 1 to 255" },
    { NODE_A, "", "{\"node\": \"a\", \"do\": \"ping\", \"target\": \"b\", \"count\": 0}",
      "scenario[0].count", "must be from 1" },
    { NODE_A, "", "{\"node\": \"a\", \"do\": \"ping\", \"target\": \"b\", \"from_port\": 70000}",
      "scenario[0].from_port", "must be from 1 to 65535" },
    { NODE_A, "", "{\"node\": \"a\"}", "scenario[0].do", "missing" },
    { NODE_A, "", "7", "scenario[0]", "expected a scenario action object" },
    /* huge numbers */
    { "{\"id\": \"a\", \"kind\": \"host\", \"x\": 1e308, \"interfaces\": []}", "", "", "nodes[0].x",
      "must be from" },
    { "{\"id\": \"a\", \"kind\": \"host\", \"x\": 1e400, \"interfaces\": []}", "", "", "nodes[0].x",
      "too large" },
    { "{\"id\": \"a\", \"kind\": \"host\", \"x\": 99999999999999999999999, \"interfaces\": []}", "",
      "", "nodes[0].x", "too large" },
    { NODE_A ", " NODE_B,
      "{\"id\": \"l1\", \"a\": \"a:eth0\", \"b\": \"b:eth0\", \"delay_ms\": 1e300}", "",
      "links[0].delay_ms", "must be from" },
    { NODE_A, "",
      "{\"node\": \"a\", \"do\": \"tcp-send\", \"target\": \"b:7\", \"bytes\": 9007199254740992}",
      "scenario[0].bytes", "must be from" },
    { "{\"id\": \"a\\u0000b\", \"kind\": \"host\", \"interfaces\": []}", "", "", "nodes[0].id",
      "U+0000" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *data = doc (cases[i].nodes, cases[i].links, cases[i].scenario);

      g_test_message ("case %u: %s", i, cases[i].path);
      expect_problem (data, -1, cases[i].path, cases[i].fragment);
    }
}

static void
test_header_rules (void)
{
  static const struct { const char *data; const char *path; const char *fragment;
  } cases[] = {
    { "{\"version\": 1}", "format", "missing" },
    { "{\"format\": \"nope\", \"version\": 1}", "format", "is not \"netsketch\"" },
    { "{\"format\": 1, \"version\": 1}", "format", "expected a string" },
    { "{\"format\": \"netsketch\"}", "version", "missing" },
    { "{\"format\": \"netsketch\", \"version\": 2}", "version", "version 2 is not supported" },
    { "{\"format\": \"netsketch\", \"version\": \"1\"}", "version", "expected the integer 1" },
    { "{\"format\": \"netsketch\", \"version\": 1, \"routing\": \"ospf\"}", "routing",
      "neither \"auto\" nor \"static\"" },
    { "{\"format\": \"netsketch\", \"version\": 1, \"seed\": -1}", "seed", "must not be negative" },
    { "{\"format\": \"netsketch\", \"version\": 1, \"seed\": 1.5}", "seed", "expected an integer" },
    { "{\"format\": \"netsketch\", \"version\": 1, \"seed\": 9007199254740993}", "seed",
      "too large" },
    { "{\"format\": \"netsketch\", \"version\": 1, \"nodes\": {}}", "nodes", "expected an array" },
    { "{\"format\": \"netsketch\", \"version\": 1, \"title\": 5}", "title", "expected a string" },
    { "[1, 2]", "", "must hold one JSON object" },
    { "\"netsketch\"", "", "must hold one JSON object" },
    { "", "", "empty" },
    { "  \n\t ", "", "empty" },
    { "{\"format\": \"netsketch\",", "format", "ends before the JSON value is complete" },
    { "{\"format\": \"netsketch\", \"version\": 1,}", "version", "may not come before '}'" },
    { "{'format': 'netsketch'}", "", "double quotes" },
    { "{\"format\": \"netsketch\"} {}", "", "after the end" },
    { "// hi\n{}", "", "no comments" },
    { "{\"a\": 01}", "a", "leading zeros" },
    { "{\"a\": \"x\ny\"}", "a", "control character" },
    { "{\"a\": \"\\ud800\"}", "a", "surrogate" },
    { "{\"a\": \"\\q\"}", "a", "bad escape" },
    { "{\"a\" 1}", "a", "expected ':'" },
    { "{\"a\": [1 2]}", "a[0]", "expected ',' or ']'" },
    { "{\"a\": tru}", "a", "expected a value" },
    { "{\"a\": -}", "a", "'-' must be followed by digits" },
    { "{\"a\": 1.}", "a", "decimal point" },
    { "{\"a\": 1e}", "a", "exponent" },
    { "{\"format\": \"netsketch\", \"version\": 1, \"format\": \"x\"}", "format",
      "\"format\" appears twice" },
    { "{\"a\": [{\"k\": 1, \"k\": 2}]}", "a[0].k", "appears twice" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("header case %u: %s", i, cases[i].data);
      expect_problem (cases[i].data, -1, cases[i].path, cases[i].fragment);
    }
}

/* Past 32 members the duplicate check switches to a hash table. */
static void
test_many_members (void)
{
  GString *s = g_string_new ("{\"format\": \"netsketch\", \"version\": 1");
  g_autoptr (NsTopology) t = NULL;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < 100; i++)
    g_string_append_printf (s, ", \"x%u\": %u", i, i);
  g_string_append_c (s, '}');
  t = ns_topology_load_data (s->str, -1, NULL, &error);
  g_string_truncate (s, s->len - 1);
  g_assert_no_error (error);
  g_assert_cmpuint (json_object_get_size (t->extra), ==, 100);
  g_string_append (s, ", \"x77\": 0}");
  expect_problem (s->str, -1, "x77", "\"x77\" appears twice");
  g_string_free (s, TRUE);
}

static void
test_binary (void)
{
  static const guint8 garbage[] = { 0x7b, 0x00, 0xff, 0xfe, 0x22, 0x80, 0x0a, 0x5d };
  static const char nul_inside[] = "{\"format\": \"netsk\0etch\"}";
  static const char bad_utf8[] = "{\"format\": \"netsketch\",\n\"title\": \"caf\xe9\"}";
  static const char bom[] = "\xef\xbb\xbf{\"format\": \"netsketch\", \"version\": 1}";
  g_autoptr (NsTopology) t = NULL;
  g_autoptr (GError) error = NULL;

  expect_problem ((const char *) garbage, sizeof garbage, "", "not valid UTF-8");
  expect_problem (nul_inside, sizeof nul_inside - 1, "", "not valid UTF-8");
  expect_problem (bad_utf8, -1, "", "byte 38 is not valid UTF-8");
  t = ns_topology_load_data (bom, -1, "bom", &error);
  g_assert_no_error (error);
  g_assert_nonnull (t);
}

static void
test_deep_nesting (void)
{
  gsize n = 200000;
  g_autofree char *data = g_malloc (2 * n + 1);

  memset (data, '[', n);
  memset (data + n, ']', n);
  data[2 * n] = '\0';
  expect_problem (data, -1, "", "nested more than 64 deep");
  /* Within the limit, deep nesting in an unknown field is read and kept. */
  {
    GString *ok = g_string_new ("{\"format\": \"netsketch\", \"version\": 1, \"deep\": ");
    g_autoptr (NsTopology) t = NULL;
    g_autoptr (GError) error = NULL;

    for (guint i = 0; i < 60; i++)
      g_string_append_c (ok, '[');
    for (guint i = 0; i < 60; i++)
      g_string_append_c (ok, ']');
    g_string_append_c (ok, '}');
    t = ns_topology_load_data (ok->str, -1, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (json_object_has_member (t->extra, "deep"));
    g_string_free (ok, TRUE);
  }
}

/* Every problem is reported, not just the first, each on its own line,
 * sorted by line, with the line of the value concerned. */
static void
test_all_problems (void)
{
  const char *data =
    "{\"format\": \"netsketch\", \"version\": 1,\n"        /* 1 */
    " \"nodes\": [\n"                                        /* 2 */
    "  {\"id\": \"a\", \"kind\": \"host\",\n"              /* 3 */
    "   \"interfaces\": [{\"name\": \"eth0\",\n"           /* 4 */
    "                    \"ip\": \"10.0.0.300/24\"}]},\n"  /* 5 */
    "  {\"id\": \"a\", \"kind\": \"bus\", \"interfaces\": []}\n" /* 6 */
    " ],\n"                                                  /* 7 */
    " \"links\": [{\"id\": \"l1\", \"a\": \"a:eth0\",\n"   /* 8 */
    "            \"b\": \"x:eth0\", \"loss\": 2}]\n"        /* 9 */
    "}\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_auto (GStrv) lines = NULL;
  NsTopology *t = ns_topology_load_data_full (data, -1, "bad.netsketch.json", &problems, &error);
  static const struct { const char *path; gint line; } expected[] = {
    { "nodes[0].interfaces[0].ip", 5 },
    { "nodes[1].kind", 6 },   /* type and format problems first on a line */
    { "nodes[1].id", 6 },
    { "links[0].b", 9 },
    { "links[0].loss", 9 },
  };

  g_assert_null (t);
  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < problems->len; i++)
    {
      NsProblem *p = g_ptr_array_index (problems, i);

      g_assert_cmpstr (p->path, ==, expected[i].path);
      g_assert_cmpint (p->line, ==, expected[i].line);
    }
  lines = g_strsplit (error->message, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, G_N_ELEMENTS (expected));
  g_assert_cmpstr (lines[0], ==, "bad.netsketch.json:5: nodes[0].interfaces[0].ip: "
                   "\"10.0.0.300/24\" is not an IPv4 address with a prefix (A.B.C.D/len)");
  g_assert_cmpstr (lines[3], ==, "bad.netsketch.json:9: links[0].b: x:eth0 names node \"x\", "
                   "which does not exist");
}

static void
test_missing_field_line (void)
{
  const char *data = "{\"format\": \"netsketch\", \"version\": 1,\n\"nodes\": [\n\n"
                     "  {\"kind\": \"host\", \"interfaces\": []}]}";
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  NsTopology *t = ns_topology_load_data_full (data, -1, "x", &problems, &error);
  NsProblem *p;

  g_assert_null (t);
  g_assert_cmpuint (problems->len, ==, 1);
  p = g_ptr_array_index (problems, 0);
  g_assert_cmpstr (p->path, ==, "nodes[0].id");
  /* The field is missing: the line is that of its object. */
  g_assert_cmpint (p->line, ==, 4);
}

static void
test_syntax_line (void)
{
  const char *data = "{\"format\": \"netsketch\",\n  \"version\": 1\n  \"nodes\": []}";
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  NsTopology *t = ns_topology_load_data_full (data, -1, "x.json", &problems, &error);

  g_assert_null (t);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpint (((NsProblem *) problems->pdata[0])->line, ==, 3);
  g_assert_cmpstr (error->message, ==,
                   "x.json:3: version: JSON syntax error at column 3: expected ',' or '}'");
}

static void
test_broken_files (void)
{
  static const struct { const char *file; const char *path; const char *fragment; } cases[] = {
    { "bad-address", "nodes[0].interfaces[0].ip", "\"10.0.0.300/24\" is not an IPv4 address" },
    { "bad-kind", "nodes[0].kind", "unknown kind" },
    { "bad-scenario", "scenario[0].do", "unknown action" },
    { "bad-services", "nodes[0].services[0].type", "unknown service type" },
    { "bad-version", "version", "not supported" },
    { "big-integer", "seed", "too large" },
    { "binary-garbage", "", "not valid UTF-8" },
    { "dangling-link", "links[0].b", "does not exist" },
    { "deep-nesting", "", "nested more than" },
    { "duplicate-ids", "nodes[1].id", "duplicate node id" },
    { "empty", "", "empty" },
    { "huge-coordinate", "nodes[0].x", "must be from" },
    { "huge-numbers", "seed", "too large" },
    { "invalid-utf8", "", "not valid UTF-8" },
    { "link-values", "links[0].loss", "must be from 0 to 1" },
    { "not-json", "", "JSON syntax error" },
    { "not-object", "", "one JSON object" },
    { "trailing-comma", "nodes", "may not come before" },
    { "truncated", "nodes[1].id", "ends before" },
    { "two-links-one-iface", "links[1].b", "already has link l1" },
    { "wrong-types", "nodes[0].x", "expected a number" },
  };
  const char *dir = g_getenv ("NS_TEST_DATA");

  if (dir == NULL)
    {
      g_test_skip ("NS_TEST_DATA not set");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.netsketch.json", cases[i].file);
      g_autofree char *path = g_build_filename (dir, "broken", name, NULL);
      g_autofree char *contents = NULL;
      gsize len;
      g_autoptr (GError) error = NULL;
      NsTopology *t;

      g_test_message ("%s", name);
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      expect_problem (contents, (gssize) len, cases[i].path, cases[i].fragment);
      t = ns_topology_load_file (path, &error);
      g_assert_null (t);
      g_assert_true (g_str_has_prefix (error->message, name));
    }
}

static void
test_missing_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;

  g_assert_null (ns_topology_load_file_full ("/nonexistent/x.netsketch.json", &problems, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_error (&error);
  /* An endless input is not even opened: only regular files are read. */
  if (g_file_test ("/dev/zero", G_FILE_TEST_EXISTS))
    {
      g_assert_null (ns_topology_load_file ("/dev/zero", &error));
      g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, "a device"));
      g_clear_error (&error);
    }
  g_assert_null (ns_topology_load_file ("/", &error));
  g_assert_nonnull (error);
}

/* load → save → load → save gives the same bytes, for each file. */
static void
check_round_trip (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NsTopology) first = ns_topology_load_file (path, &error);
  g_autoptr (NsTopology) second = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  gsize a_len, b_len;

  g_test_message ("round trip %s", path);
  g_assert_no_error (error);
  a = ns_topology_to_data (first, &a_len);
  g_assert_cmpuint (a_len, ==, strlen (a));
  g_assert_true (g_str_has_suffix (a, "}\n"));
  second = ns_topology_load_data (a, (gssize) a_len, "saved", &error);
  g_assert_no_error (error);
  b = ns_topology_to_data (second, &b_len);
  g_assert_cmpstr (a, ==, b);
}

static void
round_trip_dir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL)
    return;
  /* Every topology file of the tests must be valid, but for those named
   * "...broken..." (tests/data/broken/ is not read: no recursion). */
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".netsketch.json") && strstr (name, "broken") == NULL)
      g_ptr_array_add (names, g_build_filename (dir, name, NULL));
  for (guint i = 0; i < names->len; i++)
    check_round_trip (g_ptr_array_index (names, i));
}

static void
test_round_trip_files (void)
{
  const char *dir = g_getenv ("NS_TEST_DATA");
  const char *examples = g_getenv ("NS_EXAMPLES_DIR");

  if (dir == NULL)
    {
      g_test_skip ("NS_TEST_DATA not set");
      return;
    }
  round_trip_dir (dir);
  if (examples != NULL)
    round_trip_dir (examples);
}

/* Unknown fields at every level come back, after the known ones, in the
 * order they were written. */
static void
test_extra_fields (void)
{
  const char *data =
    "{\"zeta\": 1, \"format\": \"netsketch\", \"version\": 1, \"app\": {\"zoom\": 1.5},\n"
    " \"nodes\": [{\"id\": \"a\", \"kind\": \"host\", \"colour\": \"#ff0000\",\n"
    "   \"interfaces\": [{\"name\": \"eth0\", \"ip\": \"10.0.0.1/24\", \"mac\": "
    "\"02:00:00:00:00:01\"}],\n"
    "   \"routes\": [{\"to\": \"10.1.0.0/16\", \"via\": \"10.0.0.9\", \"metric\": 5}],\n"
    "   \"services\": [{\"type\": \"tcp-echo\", \"port\": 7, \"note\": \"echo\", \"body_bytes\": "
    "5},\n"
    "                {\"type\": \"dns-server\", \"records\": [{\"name\": \"a.org\", \"type\": "
    "\"A\", \"value\": \"10.0.0.1\", \"class\": \"IN\"}]}]},\n"
    "  {\"id\": \"b\", \"kind\": \"host\", \"interfaces\": [{\"name\": \"eth0\", \"ip\": "
    "\"10.0.0.9/24\"}]}],\n"
    " \"links\": [{\"id\": \"l1\", \"a\": \"a:eth0\", \"b\": \"b:eth0\", \"style\": \"dashed\"}],\n"
    " \"scenario\": [{\"node\": \"a\", \"do\": \"tcp-send\", \"target\": \"b:7\", \"count\": 3, "
    "\"why\": null}]}\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (NsTopology) t = ns_topology_load_data (data, -1, "extra", &error);
  g_autofree char *out = NULL;
  static const char *const kept[] = {
    "\"zeta\": 1", "\"app\": { \"zoom\": 1.5 }", "\"colour\": \"#ff0000\"",
    "\"mac\": \"02:00:00:00:00:01\"", "\"metric\": 5", "\"note\": \"echo\"",
    "\"body_bytes\": 5", "\"class\": \"IN\"", "\"style\": \"dashed\"", "\"count\": 3",
    "\"why\": null",
  };

  g_assert_no_error (error);
  out = ns_topology_to_data (t, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_test_message ("kept %s", kept[i]);
      g_assert_nonnull (strstr (out, kept[i]));
    }
  /* Known fields first, in the contract's order; unknown after. */
  g_assert_true (g_str_has_prefix (out, "{\n  \"format\": \"netsketch\",\n  \"version\": 1,\n"));
  g_assert_true (strstr (out, "\"scenario\"") < strstr (out, "\"zeta\""));
  g_assert_true (strstr (out, "\"zeta\"") < strstr (out, "\"app\""));
}

/* Numbers are written in their shortest exact form. */
static void
test_numbers (void)
{
  const char *data = "{\"format\": \"netsketch\", \"version\": 1, \"seed\": 9007199254740992,\n"
                     " \"nodes\": [{\"id\": \"a\", \"kind\": \"host\", \"x\": 0.1, \"y\": -0.0, "
                     "\"interfaces\": [{\"name\": \"e\"}]},\n"
                     "           {\"id\": \"b\", \"kind\": \"host\", \"x\": 2.0, \"y\": "
                     "0.30000000000000004, \"interfaces\": [{\"name\": \"e\"}]}],\n"
                     " \"links\": [{\"id\": \"l\", \"a\": \"a:e\", \"b\": \"b:e\", \"delay_ms\": "
                     "1e-3, \"loss\": 0.25}]}";
  g_autoptr (GError) error = NULL;
  g_autoptr (NsTopology) t = ns_topology_load_data (data, -1, NULL, &error);
  g_autoptr (NsTopology) back = NULL;
  g_autofree char *out = NULL;
  NsTopoNode *b;

  g_assert_no_error (error);
  out = ns_topology_to_data (t, NULL);
  g_assert_nonnull (strstr (out, "\"seed\": 9007199254740992,"));
  g_assert_nonnull (strstr (out, "\"x\": 0.1,"));
  g_assert_nonnull (strstr (out, "\"y\": 0,"));
  g_assert_nonnull (strstr (out, "\"x\": 2,"));
  g_assert_nonnull (strstr (out, "\"y\": 0.30000000000000004,"));
  g_assert_nonnull (strstr (out, "\"delay_ms\": 0.001,"));
  g_assert_nonnull (strstr (out, "\"loss\": 0.25,"));
  back = ns_topology_load_data (out, -1, NULL, &error);
  g_assert_no_error (error);
  b = g_ptr_array_index (back->nodes, 1);
  g_assert_cmpfloat (b->y, ==, 0.1 + 0.2);
}

static void
test_strings (void)
{
  const char *data = "{\"format\": \"netsketch\", \"version\": 1, \"title\": \"Caf\\u00e9 "
                     "\\\"quoted\\\"\\n\\t\\\\ \\ud83d\\ude00 \\u0001\","
                     " \"description\": \"한국어 설명\"}";
  g_autoptr (GError) error = NULL;
  g_autoptr (NsTopology) t = ns_topology_load_data (data, -1, NULL, &error);
  g_autoptr (NsTopology) back = NULL;
  g_autofree char *out = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (t->title, ==, "Café \"quoted\"\n\t\\ 😀 \001");
  out = ns_topology_to_data (t, NULL);
  g_assert_nonnull (strstr (out, "\"title\": \"Café \\\"quoted\\\"\\n\\t\\\\ 😀 \\u0001\""));
  g_assert_nonnull (strstr (out, "\"description\": \"한국어 설명\""));
  back = ns_topology_load_data (out, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->title, ==, t->title);
}

static void
test_save_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ns-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "saved.netsketch.json", NULL);
  g_autofree char *data = doc (NODE_A ", " NODE_B, LINK_AB, "");
  g_autoptr (NsTopology) t = ns_topology_load_data (data, -1, NULL, &error);
  g_autoptr (NsTopology) back = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *written = NULL;

  g_assert_no_error (error);
  g_assert_true (ns_topology_save_file (t, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
  expected = ns_topology_to_data (t, NULL);
  g_assert_cmpstr (written, ==, expected);
  back = ns_topology_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->links->len, ==, 1);
  g_assert_false (ns_topology_save_file (t, "/nonexistent-dir/x.json", &error));
  g_assert_nonnull (error);
  g_unlink (path);
  g_rmdir (dir);
}

/* The contract's defaults: fields left out take them. */
static void
test_defaults_read (void)
{
  g_autofree char *data = doc (
    NODE_A ", " NODE_B ", {\"id\": \"c\", \"kind\": \"host\", \"interfaces\": [], \"services\": ["
           "{\"type\": \"http-server\"}, {\"type\": \"udp-discard\"}]}",
    LINK_AB, "{\"node\": \"a\", \"do\": \"ping\", \"target\": \"b\"}");
  g_autoptr (GError) error = NULL;
  g_autoptr (NsTopology) t = ns_topology_load_data (data, -1, NULL, &error);
  NsTopoLink *link;
  NsTopoAction *ping;
  NsTopoNode *c;

  g_assert_no_error (error);
  g_assert_true (t->routing_auto);
  g_assert_cmpuint (t->seed, ==, 1);
  link = g_ptr_array_index (t->links, 0);
  g_assert_cmpfloat (link->delay_ms, ==, 1);
  g_assert_cmpfloat (link->bandwidth_mbps, ==, 100);
  g_assert_cmpuint (link->queue_packets, ==, 64);
  g_assert_cmpuint (link->mtu, ==, 1500);
  ping = g_ptr_array_index (t->scenario, 0);
  g_assert_cmpfloat (ping->at, ==, 0);
  g_assert_cmpuint (ping->count, ==, 4);
  g_assert_cmpint (ping->from_port, ==, -1);
  c = g_ptr_array_index (t->nodes, 2);
  g_assert_cmpuint (((NsTopoService *) c->services->pdata[0])->port, ==, 80);
  g_assert_cmpuint (((NsTopoService *) c->services->pdata[1])->port, ==, 9);
}

/* The validator over a model built in code (as the app edits it). */
static void
test_validate_model (void)
{
  g_autoptr (NsTopology) t = ns_topology_new ();
  NsTopoNode *a = ns_topo_node_new ("a", NS_NODE_HOST);
  NsTopoNode *b = ns_topo_node_new ("a", NS_NODE_HOST);
  NsTopoLink *link = ns_topo_link_new ("l1");
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GPtrArray) none = NULL;
  g_autofree char *text = NULL;

  g_ptr_array_add (a->ifaces, ns_topo_iface_new ("eth0"));
  g_ptr_array_add (t->nodes, a);
  g_ptr_array_add (t->nodes, b);
  link->a_node = g_strdup ("a");
  link->a_iface = g_strdup ("eth0");
  link->b_node = g_strdup ("zz");
  link->b_iface = g_strdup ("eth0");
  link->loss = 2;
  g_ptr_array_add (t->links, link);
  problems = ns_topology_validate (t);
  g_assert_cmpuint (problems->len, ==, 3);
  g_assert_cmpstr (((NsProblem *) problems->pdata[0])->path, ==, "nodes[1].id");
  g_assert_cmpstr (((NsProblem *) problems->pdata[1])->path, ==, "links[0].b");
  g_assert_cmpstr (((NsProblem *) problems->pdata[2])->path, ==, "links[0].loss");
  g_assert_cmpint (((NsProblem *) problems->pdata[0])->line, ==, 0);
  text = ns_problem_to_string (problems->pdata[0], NULL);
  g_assert_cmpstr (text, ==, "nodes[1].id: duplicate node id \"a\"");
  g_free (b->id);
  b->id = g_strdup ("zz");
  g_ptr_array_add (b->ifaces, ns_topo_iface_new ("eth0"));
  link->loss = 0.5;
  none = ns_topology_validate (t);
  g_assert_cmpuint (none->len, ==, 0);
}

/* Many problems are listed up to a limit, with the rest counted. */
static void
test_many_problems (void)
{
  GString *s = g_string_new ("{\"format\": \"netsketch\", \"version\": 1, \"nodes\": [");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  NsTopology *t;

  for (guint i = 0; i < 5000; i++)
    g_string_append (s, i == 0 ? "1" : ", 1");
  g_string_append (s, "]}");
  t = ns_topology_load_data_full (s->str, (gssize) s->len, "many", &problems, &error);
  g_assert_null (t);
  g_assert_cmpuint (problems->len, ==, 1000);
  g_assert_nonnull (strstr (error->message, "and 950 more problems"));
  g_string_free (s, TRUE);
}

static void
test_object_json (void)
{
  g_autofree char *data = doc (NODE_A ", " NODE_B, LINK_AB,
                               "{\"node\": \"a\", \"do\": \"ping\", \"target\": \"b\"}");
  g_autoptr (GError) error = NULL;
  g_autoptr (NsTopology) t = ns_topology_load_data (data, -1, NULL, &error);
  g_autoptr (JsonNode) node_json = ns_topo_node_to_json (t->nodes->pdata[0]);
  g_autoptr (JsonNode) link_json = ns_topo_link_to_json (t->links->pdata[0]);
  g_autoptr (JsonNode) action_json = ns_topo_action_to_json (t->scenario->pdata[0]);
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify)ns_problem_free);
  NsTopoNode *node = ns_topo_node_from_json (node_json, "nodes[0]", problems);
  NsTopoLink *link = ns_topo_link_from_json (link_json, NULL, problems);
  NsTopoAction *action = ns_topo_action_from_json (action_json, NULL, problems);
  g_autoptr (JsonNode) bad = json_from_string ("{\"id\": 5, \"kind\": \"host\"}", NULL);

  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpstr (node->id, ==, "a");
  g_assert_cmpstr (link->b_node, ==, "b");
  g_assert_cmpstr (action->target, ==, "b");
  g_assert_null (ns_topo_node_from_json (bad, "nodes[7]", problems));
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (((NsProblem *) problems->pdata[0])->path, ==, "nodes[7].id");
  ns_topo_node_free (node);
  ns_topo_link_free (link);
  ns_topo_action_free (action);
}

/* docs/file-format.md: a node's `tcp` options are checked, with the place and
 * what is wrong; a good object loads and is saved as written. */
static void
test_tcp_options (void)
{
  static const struct { const char *tcp, *path, *fragment;
  } bad[] = {
    { "\"fast\"", "nodes[0].tcp", "expected an object of TCP options" },
    { "{\"congestion\": \"bbr\"}", "nodes[0].tcp.congestion",
      "unknown value \"bbr\" (known: newreno, cubic)" },
    { "{\"profile\": \"windows\"}", "nodes[0].tcp.profile", "unknown value \"windows\"" },
    { "{\"initial_window\": 0}", "nodes[0].tcp.initial_window", "out of range" },
    { "{\"initial_window\": 2.5}", "nodes[0].tcp.initial_window", "whole number" },
    { "{\"sack\": 1}", "nodes[0].tcp.sack", "expected true or false" },
    { "{\"window_scaling\": \"yes\"}", "nodes[0].tcp.window_scaling", "expected true or false" },
    { "{\"rto_min_ms\": -5}", "nodes[0].tcp.rto_min_ms", "out of range" },
    { "{\"delayed_ack_ms\": 600}", "nodes[0].tcp.delayed_ack_ms", "out of range" },
    { "{\"timestamps\": null}", "nodes[0].tcp.timestamps", "expected true or false" },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (NsTopology) t = NULL;
  g_autofree char *good = NULL, *saved = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *node = g_strdup_printf (
        "{\"id\": \"a\", \"kind\": \"host\", \"interfaces\": [], \"tcp\": %s}", bad[i].tcp);
      g_autofree char *data = doc (node, "", "");

      expect_problem (data, -1, bad[i].path, bad[i].fragment);
    }
  {
    static const struct { const char *fields, *path, *fragment;
    } svc[] = {
      { "\"read_bytes_per_s\": 0", "nodes[0].services[0].read_bytes_per_s", "out of range" },
      { "\"read_bytes_per_s\": \"slow\"", "nodes[0].services[0].read_bytes_per_s",
        "expected a number" },
      { "\"pause_reading\": [3]", "nodes[0].services[0].pause_reading", "two numbers" },
      { "\"pause_reading\": [4, 2]", "nodes[0].services[0].pause_reading", "from_s < to_s" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (svc); i++)
      {
        g_autofree char *node = g_strdup_printf (
          "{\"id\": \"a\", \"kind\": \"host\", \"interfaces\": [], \"services\": "
          "[{\"type\": \"tcp-discard\", \"port\": 9, %s}]}", svc[i].fields);
        g_autofree char *data = doc (node, "", "");

        expect_problem (data, -1, svc[i].path, svc[i].fragment);
      }
  }
  good =
    doc ("{\"id\": \"a\", \"kind\": \"host\", \"interfaces\": [], "
         "\"tcp\": {\"profile\": \"linux\", \"congestion\": \"newreno\", \"rto_min_ms\": 300}}",
         "", "");
  t = ns_topology_load_data (good, -1, "good.netsketch.json", &error);
  g_assert_no_error (error);
  saved = ns_topology_to_data (t, NULL);
  g_assert_nonnull (strstr (saved, "\"profile\""));
  g_assert_nonnull (strstr (saved, "\"rto_min_ms\""));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/topology-file/rules", test_rules);
  g_test_add_func ("/core/topology-file/tcp-options", test_tcp_options);
  g_test_add_func ("/core/topology-file/header-and-syntax", test_header_rules);
  g_test_add_func ("/core/topology-file/binary", test_binary);
  g_test_add_func ("/core/topology-file/many-members", test_many_members);
  g_test_add_func ("/core/topology-file/deep-nesting", test_deep_nesting);
  g_test_add_func ("/core/topology-file/all-problems", test_all_problems);
  g_test_add_func ("/core/topology-file/missing-field-line", test_missing_field_line);
  g_test_add_func ("/core/topology-file/syntax-line", test_syntax_line);
  g_test_add_func ("/core/topology-file/broken-files", test_broken_files);
  g_test_add_func ("/core/topology-file/missing-file", test_missing_file);
  g_test_add_func ("/core/topology-file/round-trip", test_round_trip_files);
  g_test_add_func ("/core/topology-file/extra-fields", test_extra_fields);
  g_test_add_func ("/core/topology-file/numbers", test_numbers);
  g_test_add_func ("/core/topology-file/strings", test_strings);
  g_test_add_func ("/core/topology-file/save-file", test_save_file);
  g_test_add_func ("/core/topology-file/defaults", test_defaults_read);
  g_test_add_func ("/core/topology-file/validate-model", test_validate_model);
  g_test_add_func ("/core/topology-file/many-problems", test_many_problems);
  g_test_add_func ("/core/topology-file/object-json", test_object_json);
  return g_test_run ();
}
