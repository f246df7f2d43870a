/* test-activity.c: the `activity` of docs/file-format.md: loading and refusing
 * checks with the place named, the round trip, and grading every kind of
 * check and every `expect` condition, both passing and failing. */
#include <string.h>

#include "core/activity.h"
#include "core/topology-file.h"

/* A laptop behind a router, a DNS server and a web server; @gateway is the
 * laptop's gateway ("192.168.1.1" works, "192.168.1.254" does not). The
 * activity text is spliced in as the last member. */
static char *
document (const char *gateway, const char *activity)
{
  return g_strdup_printf (
    "{ \"format\": \"netsketch\", \"version\": 1, \"seed\": 5,\n"
    "  \"nodes\": [\n"
    "    { \"id\": \"laptop\", \"kind\": \"host\", \"x\": 0, \"y\": 0,\n"
    "      \"interfaces\": [ { \"name\": \"eth0\", \"ip\": \"192.168.1.10/24\" } ],\n"
    "      \"gateway\": \"%s\", \"dns\": [ \"10.0.0.53\" ] },\n"
    "    { \"id\": \"router\", \"kind\": \"router\", \"x\": 1, \"y\": 0,\n"
    "      \"interfaces\": [ { \"name\": \"eth0\", \"ip\": \"192.168.1.1/24\" },\n"
    "                      { \"name\": \"eth1\", \"ip\": \"10.0.0.1/24\" },\n"
    "                      { \"name\": \"eth2\", \"ip\": \"10.0.1.1/24\" } ] },\n"
    "    { \"id\": \"dns\", \"kind\": \"host\", \"x\": 2, \"y\": 0,\n"
    "      \"interfaces\": [ { \"name\": \"eth0\", \"ip\": \"10.0.0.53/24\" } ],\n"
    "      \"services\": [ { \"type\": \"dns-server\", \"port\": 53, \"records\": [\n"
    "        { \"name\": \"www.example.com\", \"type\": \"A\", \"value\": \"10.0.1.80\" } ] } ] "
    "},\n"
    "    { \"id\": \"web\", \"kind\": \"host\", \"x\": 3, \"y\": 0,\n"
    "      \"interfaces\": [ { \"name\": \"eth0\", \"ip\": \"10.0.1.80/24\" } ],\n"
    "      \"services\": [ { \"type\": \"http-server\", \"port\": 80, \"body_bytes\": 4000 },\n"
    "                    { \"type\": \"tcp-discard\", \"port\": 9 } ] }\n"
    "  ],\n"
    "  \"links\": [\n"
    "    { \"id\": \"l1\", \"a\": \"laptop:eth0\", \"b\": \"router:eth0\" },\n"
    "    { \"id\": \"l2\", \"a\": \"router:eth1\", \"b\": \"dns:eth0\" },\n"
    "    { \"id\": \"l3\", \"a\": \"router:eth2\", \"b\": \"web:eth0\" }\n"
    "  ],\n"
    "  \"scenario\": [\n"
    "    { \"at\": 0.5, \"node\": \"laptop\", \"do\": \"http-get\", \"url\": "
    "\"http://www.example.com/\" }\n"
    "  ],\n"
    "  \"activity\": %s\n"
    "}\n",
    gateway, activity);
}

static NsTopology *
load (const char *gateway, const char *activity)
{
  g_autofree char *text = document (gateway, activity);
  g_autoptr (GError) error = NULL;
  NsTopology *topology = ns_topology_load_data (text, -1, "lab.netsketch.json", &error);

  g_assert_no_error (error);
  g_assert_nonnull (topology->activity);
  return topology;
}

/* The error message loading @activity gives (it must be refused). */
static char *
refusal (const char *activity)
{
  g_autofree char *text = document ("192.168.1.1", activity);
  g_autoptr (GError) error = NULL;
  g_autoptr (NsTopology) topology = ns_topology_load_data (text, -1, "lab.netsketch.json", &error);

  g_assert_null (topology);
  g_assert_error (error, NS_TOPOLOGY_ERROR, NS_TOPOLOGY_ERROR_INVALID);
  return g_strdup (error->message);
}

/* Grades the one check of @check_json (an object) on the network with
 * @gateway and returns the result. */
static NsCheckResult *
grade_one (const char *gateway, const char *check_json)
{
  g_autofree char *activity = g_strdup_printf ("{ \"checks\": [ %s ] }", check_json);
  g_autoptr (NsTopology) topology = load (gateway, activity);

  return ns_activity_grade_check (topology, 0);
}

#define GOOD "192.168.1.1"
#define BAD "192.168.1.254"

static void
assert_outcome (const char *gateway, const char *check_json, NsCheckOutcome outcome,
                const char *seen_part)
{
  g_autoptr (NsCheckResult) result = grade_one (gateway, check_json);

  if (result->outcome != outcome)
    g_error ("%s on gateway %s: outcome %d, expected %d (seen: %s)", check_json, gateway,
             result->outcome, outcome, result->seen);
  if (seen_part != NULL && (result->seen == NULL || strstr (result->seen, seen_part) == NULL))
    g_error ("%s: seen \"%s\" lacks \"%s\"", check_json, result->seen, seen_part);
}

/* ---- loading ---- */

static void
test_load_model (void)
{
  g_autoptr (NsTopology) t = load (
    GOOD,
    "{ \"title\": \"Lab\", \"instructions\": \"Fix it.\", \"locked\": [\"web\", \"l3\"],\n"
    "  \"checks\": [\n"
    "    { \"text\": \"fetch\", \"node\": \"laptop\", \"do\": \"http-get\",\n"
    "      \"url\": \"http://www.example.com/\", \"expect\": \"ok\", \"points\": 2 },\n"
    "    { \"field\": \"nodes[laptop].gateway\", \"expect\": {\"equals\": \"192.168.1.1\"} },\n"
    "    { \"text\": \"port?\", \"question\": \"port\", \"node\": \"laptop\", \"do\": "
    "\"http-get\",\n"
    "      \"url\": \"http://www.example.com/\", \"answer_from\": \"local_port\" } ] }");
  const NsActivity *a = t->activity;
  const NsCheck *c0 = g_ptr_array_index (a->checks, 0);
  const NsCheck *c1 = g_ptr_array_index (a->checks, 1);
  const NsCheck *c2 = g_ptr_array_index (a->checks, 2);

  g_assert_cmpstr (a->title, ==, "Lab");
  g_assert_cmpstr (a->instructions, ==, "Fix it.");
  g_assert_true (ns_activity_is_locked (a, "web"));
  g_assert_true (ns_activity_is_locked (a, "l3"));
  g_assert_false (ns_activity_is_locked (a, "laptop"));
  g_assert_cmpuint (a->checks->len, ==, 3);
  g_assert_cmpint (c0->kind, ==, NS_CHECK_ACTION);
  g_assert_cmpuint (c0->points, ==, 2);
  g_assert_true (c0->expect.has_ok && c0->expect.ok);
  g_assert_cmpstr (c0->action->node, ==, "laptop");
  g_assert_cmpint (c1->kind, ==, NS_CHECK_FIELD);
  /* A check written without a text gets one saying what it checks. */
  g_assert_nonnull (strstr (c1->text, "nodes[laptop].gateway"));
  g_assert_cmpint (c2->kind, ==, NS_CHECK_QUESTION);
  g_assert_cmpstr (c2->answer_from, ==, "local_port");
  /* Questions count no points: only checks that can pass or fail do. */
  g_assert_cmpuint (ns_activity_max_points (a), ==, 3);
}

static void
test_round_trip (void)
{
  g_autoptr (NsTopology) t = load (
    GOOD,
    "{ \"title\": \"Lab\", \"locked\": [\"web\"], \"future\": {\"x\": 1},\n"
    "  \"checks\": [\n"
    "    { \"text\": \"a\", \"node\": \"laptop\", \"do\": \"traceroute\", \"target\": "
    "\"10.0.1.80\",\n"
    "      \"expect\": {\"hops_include\": [\"router\"], \"ok\": true} },\n"
    "    { \"text\": \"b\", \"field\": \"links[l1].delay_ms\", \"expect\": {\"not_equals\": 5},\n"
    "      \"hint\": \"kept\" },\n"
    "    { \"text\": \"c\", \"node\": \"laptop\", \"do\": \"ping\", \"target\": \"10.0.1.99\",\n"
    "      \"expect\": \"fail\", \"points\": 3 } ] }");
  g_autofree char *once = ns_topology_to_data (t, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (NsTopology) again = ns_topology_load_data (once, -1, "saved", &error);
  g_autofree char *twice = NULL;
  g_autoptr (NsTopology) copy = NULL;
  g_autofree char *thrice = NULL;

  g_assert_no_error (error);
  twice = ns_topology_to_data (again, NULL);
  g_assert_cmpstr (once, ==, twice);
  g_assert_nonnull (strstr (once, "\"hops_include\": [\"router\"]"));
  g_assert_nonnull (strstr (once, "\"expect\": \"fail\""));
  g_assert_nonnull (strstr (once, "\"hint\": \"kept\""));
  g_assert_nonnull (strstr (once, "\"future\""));
  g_assert_nonnull (strstr (once, "\"points\": 3"));
  /* The check's action runs after the scenario: no "at" is invented. */
  g_assert_null (strstr (strstr (once, "\"activity\""), "\"at\""));
  copy = ns_topology_copy (again);
  thrice = ns_topology_to_data (copy, NULL);
  g_assert_cmpstr (once, ==, thrice);
}

typedef struct {
  const char *activity;
  const char *expected;   /* part of the message: the place, then what is wrong */
} Refusal;

static void
test_refusals (void)
{
  static const Refusal cases[] = {
    { "{ \"checks\": [ {\"text\": \"x\", \"node\": \"laptop\", \"do\": \"ping\", \"target\": "
      "\"10.0.1.80\", \"expect\": \"ok\"},\n"
      "  {\"text\": \"y\", \"node\": \"laptop\", \"do\": \"ping\", \"target\": \"10.0.1.80\", "
      "\"expect\": \"ok\"},\n"
      "  {\"text\": \"z\", \"node\": \"laptop\", \"do\": \"traceroute\", \"target\": "
      "\"10.0.1.80\", \"expect\": {\"hops_inclde\": [\"router\"]}} ] }",
      "activity.checks[2].expect.hops_inclde: unknown condition \"hops_inclde\" (did you mean "
      "\"hops_include\"?)" },
    { "{ \"checks\": [ {\"text\": \"x\", \"node\": \"pc9\", \"do\": \"ping\", \"target\": "
      "\"10.0.1.80\", \"expect\": \"ok\"} ] }",
      "activity.checks[0].node: node \"pc9\" does not exist" },
    { "{ \"checks\": [ {\"text\": \"x\", \"field\": \"nodes[pc9].gateway\", \"expect\": "
      "{\"equals\": \"1.2.3.4\"}} ] }",
      "activity.checks[0].field: node \"pc9\" does not exist" },
    { "{ \"checks\": [ {\"text\": \"x\", \"field\": \"nodes[laptop].gatway\", \"expect\": "
      "{\"equals\": \"1.2.3.4\"}} ] }",
      "activity.checks[0].field: \"gatway\" is not a field of a node (did you mean \"gateway\"?)" },
    { "{ \"checks\": [ {\"text\": \"x\", \"field\": \"nodes[laptop.gateway\", \"expect\": "
      "{\"equals\": \"1.2.3.4\"}} ] }",
      "activity.checks[0].field: \"nodes[laptop.gateway\": \"[\" at character 6" },
    { "{ \"checks\": [ {\"text\": \"x\", \"field\": \"nodes[laptop].interfaces[eth7].ip\", "
      "\"expect\": {\"equals\": \"1.2.3.4/24\"}} ] }",
      "activity.checks[0].field: interface \"eth7\" does not exist" },
    { "{ \"checks\": [ {\"text\": \"x\", \"node\": \"laptop\", \"do\": \"ping\", \"target\": "
      "\"10.0.1.80\", \"expect\": {\"status\": 200}} ] }",
      "activity.checks[0].expect.status: \"status\" is a result of http-get, not of ping" },
    { "{ \"checks\": [ {\"text\": \"x\", \"node\": \"laptop\", \"do\": \"ping\", \"target\": "
      "\"10.0.1.80\", \"expect\": \"okay\"} ] }",
      "activity.checks[0].expect: \"okay\" is not \"ok\", \"fail\"" },
    { "{ \"checks\": [ {\"text\": \"x\", \"node\": \"laptop\", \"do\": \"ping\", \"target\": "
      "\"10.0.1.80\"} ] }",
      "activity.checks[0]: missing \"expect\"" },
    { "{ \"checks\": [ {\"text\": \"x\", \"node\": \"laptop\", \"do\": \"traceroute\", \"target\": "
      "\"10.0.1.80\", \"expect\": {\"hops_include\": [\"r9\"]}} ] }",
      "activity.checks[0].expect.hops_include[0]: \"r9\" is neither a node" },
    { "{ \"locked\": [\"web\", \"l9\"], \"checks\": [] }",
      "activity.locked[1]: \"l9\" is neither a node nor a link" },
    { "{ \"checks\": [ {\"text\": \"x\", \"question\": \"port\", \"node\": \"laptop\", \"do\": "
      "\"http-get\", \"url\": \"http://www.example.com/\"} ] }",
      "activity.checks[0]: missing \"answer_from\"" },
    { "{ \"checks\": [ {\"text\": \"x\", \"question\": \"port\", \"node\": \"laptop\", \"do\": "
      "\"ping\", \"target\": \"10.0.1.80\", \"answer_from\": \"local_port\"} ] }",
      "activity.checks[0].answer_from: \"local_port\" is a result of" },
    { "{ \"checks\": [ {\"text\": \"x\", \"node\": \"laptop\", \"do\": \"fly\", \"expect\": "
      "\"ok\"} ] }",
      "activity.checks[0].do: unknown action \"fly\"" },
    { "{ \"checks\": [ {\"text\": \"x\"} ] }",
      "activity.checks[0]: a check needs \"node\" and \"do\"" },
    { "{ \"checks\": [ {\"text\": \"x\", \"node\": \"laptop\", \"do\": \"ping\", \"target\": "
      "\"10.0.1.80\", \"expect\": \"ok\", \"points\": -1} ] }",
      "activity.checks[0].points: must be a whole number from 0 to 1000" },
    { "[]", "activity: expected an activity object" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message = refusal (cases[i].activity);

      if (strstr (message, cases[i].expected) == NULL)
        g_error ("case %u: \"%s\" does not contain \"%s\"", i, message, cases[i].expected);
      /* The file and the line are named too, as for every other problem. */
      g_assert_true (g_str_has_prefix (message, "lab.netsketch.json:"));
    }
}

/* ---- grading: each kind, each condition, passing and failing ---- */

static void
test_expect_ok_fail (void)
{
  const char *ping = "{\"text\": \"p\", \"node\": \"laptop\", \"do\": \"ping\", "
                     "\"target\": \"10.0.1.80\", \"expect\": \"ok\"}";
  const char *unreachable = "{\"text\": \"u\", \"node\": \"laptop\", \"do\": \"ping\", "
                            "\"target\": \"10.0.1.80\", \"expect\": \"fail\"}";
  const char *in_object = "{\"text\": \"o\", \"node\": \"laptop\", \"do\": \"ping\", "
                          "\"target\": \"10.0.1.80\", \"expect\": {\"ok\": false}}";

  assert_outcome (GOOD, ping, NS_CHECK_PASS, "4 sent, 4 received");
  /* What was seen instead, and where the packets died. */
  assert_outcome (BAD, ping, NS_CHECK_FAIL, "4 sent, 0 received (no ARP answer at laptop)");
  assert_outcome (BAD, unreachable, NS_CHECK_PASS, NULL);
  assert_outcome (GOOD, unreachable, NS_CHECK_FAIL, "it succeeded: 4 sent, 4 received");
  assert_outcome (BAD, in_object, NS_CHECK_PASS, NULL);
  assert_outcome (GOOD, in_object, NS_CHECK_FAIL, "it succeeded");
}

static void
test_expect_hops (void)
{
  const char *include = "{\"text\": \"h\", \"node\": \"laptop\", \"do\": \"traceroute\", "
                        "\"target\": \"10.0.1.80\", \"expect\": {\"hops_include\": [\"router\"]}}";
  const char *by_address =
    "{\"text\": \"h\", \"node\": \"laptop\", \"do\": \"traceroute\", "
    "\"target\": \"10.0.1.80\", \"expect\": {\"hops_include\": [\"192.168.1.1\"]}}";
  const char *not_there = "{\"text\": \"h\", \"node\": \"laptop\", \"do\": \"traceroute\", "
                          "\"target\": \"10.0.1.80\", \"expect\": {\"hops_include\": [\"dns\"]}}";
  const char *equal =
    "{\"text\": \"h\", \"node\": \"laptop\", \"do\": \"traceroute\", "
    "\"target\": \"10.0.1.80\", \"expect\": {\"hops_equal\": [\"router\", \"web\"]}}";
  const char *unequal = "{\"text\": \"h\", \"node\": \"laptop\", \"do\": \"traceroute\", "
                        "\"target\": \"10.0.1.80\", \"expect\": {\"hops_equal\": [\"web\"]}}";

  assert_outcome (GOOD, include, NS_CHECK_PASS, "reached through: router → web");
  assert_outcome (GOOD, by_address, NS_CHECK_PASS, NULL);
  assert_outcome (BAD, include, NS_CHECK_FAIL, "the hops were * (30 probes unanswered)");
  assert_outcome (GOOD, not_there, NS_CHECK_FAIL, "the hops were router → web");
  assert_outcome (GOOD, equal, NS_CHECK_PASS, NULL);
  assert_outcome (GOOD, unequal, NS_CHECK_FAIL, "the hops were router → web");
}

static void
test_expect_status_bytes_address (void)
{
  assert_outcome (
    GOOD,
    "{\"text\": \"s\", \"node\": \"laptop\", \"do\": \"http-get\", "
    "\"url\": \"http://www.example.com/\", \"expect\": {\"status\": 200, \"bytes\": 4000}}",
    NS_CHECK_PASS, "status 200, 4000 bytes");
  assert_outcome (GOOD, "{\"text\": \"s\", \"node\": \"laptop\", \"do\": \"http-get\", "
                  "\"url\": \"http://www.example.com/\", \"expect\": {\"status\": 404}}",
                  NS_CHECK_FAIL, "status 200");
  assert_outcome (GOOD, "{\"text\": \"b\", \"node\": \"laptop\", \"do\": \"http-get\", "
                  "\"url\": \"http://www.example.com/\", \"expect\": {\"bytes\": 5}}",
                  NS_CHECK_FAIL, "4000 bytes");
  assert_outcome (BAD, "{\"text\": \"s\", \"node\": \"laptop\", \"do\": \"http-get\", "
                  "\"url\": \"http://www.example.com/\", \"expect\": {\"status\": 200}}",
                  NS_CHECK_FAIL, "cannot resolve www.example.com");
  assert_outcome (GOOD, "{\"text\": \"t\", \"node\": \"laptop\", \"do\": \"tcp-send\", "
                  "\"target\": \"10.0.1.80:9\", \"bytes\": 3000, \"expect\": {\"bytes\": 3000}}",
                  NS_CHECK_PASS, NULL);
  assert_outcome (GOOD, "{\"text\": \"d\", \"node\": \"laptop\", \"do\": \"dns-lookup\", "
                  "\"name\": \"www.example.com\", \"expect\": {\"address\": \"10.0.1.80\"}}",
                  NS_CHECK_PASS, "the answer was 10.0.1.80");
  assert_outcome (GOOD, "{\"text\": \"d\", \"node\": \"laptop\", \"do\": \"dns-lookup\", "
                  "\"name\": \"www.example.com\", \"expect\": {\"address\": \"10.0.1.81\"}}",
                  NS_CHECK_FAIL, "the address was 10.0.1.80");
  assert_outcome (GOOD, "{\"text\": \"d\", \"node\": \"laptop\", \"do\": \"dns-lookup\", "
                  "\"name\": \"nowhere.example.com\", \"expect\": {\"address\": \"10.0.1.80\"}}",
                  NS_CHECK_FAIL, "nowhere.example.com");
}

static void
test_field_checks (void)
{
  assert_outcome (GOOD, "{\"text\": \"g\", \"field\": \"nodes[laptop].gateway\", "
                  "\"expect\": {\"equals\": \"192.168.1.1\"}}", NS_CHECK_PASS, "it is 192.168.1.1");
  assert_outcome (BAD, "{\"text\": \"g\", \"field\": \"nodes[laptop].gateway\", "
                  "\"expect\": {\"equals\": \"192.168.1.1\"}}", NS_CHECK_FAIL,
                  "it is 192.168.1.254");
  assert_outcome (GOOD, "{\"text\": \"g\", \"field\": \"nodes[laptop].gateway\", "
                  "\"expect\": {\"not_equals\": \"192.168.1.254\"}}", NS_CHECK_PASS, NULL);
  /* Selection by id, by name, by index; numbers compare as numbers. */
  assert_outcome (GOOD, "{\"text\": \"i\", \"field\": \"nodes[router].interfaces[eth2].ip\", "
                  "\"expect\": {\"equals\": \"10.0.1.1/24\"}}", NS_CHECK_PASS, NULL);
  assert_outcome (GOOD, "{\"text\": \"i\", \"field\": \"nodes[3].services[0].body_bytes\", "
                  "\"expect\": {\"equals\": 4000.0}}", NS_CHECK_PASS, NULL);
  assert_outcome (GOOD, "{\"text\": \"r\", \"field\": \"nodes[dns].services[dns-server]."
                  "records[www.example.com].value\", \"expect\": {\"equals\": \"10.0.1.80\"}}",
                  NS_CHECK_PASS, NULL);
  assert_outcome (GOOD, "{\"text\": \"d\", \"field\": \"nodes[laptop].dns\", "
                  "\"expect\": {\"equals\": [\"10.0.0.53\"]}}", NS_CHECK_PASS, NULL);
  /* A field the student has yet to set, and a record yet to add. */
  assert_outcome (GOOD, "{\"text\": \"n\", \"field\": \"nodes[web].gateway\", "
                  "\"expect\": {\"equals\": \"10.0.1.1\"}}", NS_CHECK_FAIL, "is not set");
  assert_outcome (GOOD, "{\"text\": \"m\", \"field\": \"nodes[dns].services[dns-server]."
                  "records[mail.example.com].value\", \"expect\": {\"equals\": \"10.0.1.80\"}}",
                  NS_CHECK_FAIL, "does not exist");
}

static void
test_question (void)
{
  /* The scenario's own fetch: the answer comes from the run the student
   * watches (the first ephemeral port). */
  g_autoptr (NsCheckResult) from_scenario = grade_one (GOOD,
    "{\"text\": \"q\", \"question\": \"port\", \"node\": \"laptop\", \"do\": \"http-get\", "
    "\"url\": \"http://www.example.com/\", \"answer_from\": \"local_port\"}");
  g_autoptr (NsCheckResult) remote = grade_one (GOOD,
    "{\"text\": \"q\", \"question\": \"port\", \"node\": \"laptop\", \"do\": \"http-get\", "
    "\"url\": \"http://www.example.com/\", \"answer_from\": \"remote_port\"}");
  g_autoptr (NsCheckResult) address = grade_one (GOOD,
    "{\"text\": \"q\", \"question\": \"address\", \"node\": \"laptop\", \"do\": \"dns-lookup\", "
    "\"name\": \"www.example.com\", \"answer_from\": \"address\"}");
  g_autoptr (NsCheckResult) none = grade_one (BAD,
    "{\"text\": \"q\", \"question\": \"address\", \"node\": \"laptop\", \"do\": \"dns-lookup\", "
    "\"name\": \"www.example.com\", \"answer_from\": \"address\"}");
  g_autoptr (NsCheck) check = ns_check_new (NS_CHECK_QUESTION, "q");
  guint64 port = 0;

  g_assert_cmpint (from_scenario->outcome, ==, NS_CHECK_ASK);
  g_assert_nonnull (from_scenario->answer);
  g_assert_true (g_ascii_string_to_unsigned (from_scenario->answer, 10, 49152, 65535, &port,
                                             NULL));
  g_assert_true (ns_check_answer_matches (check, from_scenario, from_scenario->answer));
  g_assert_false (ns_check_answer_matches (check, from_scenario, "80"));
  g_assert_cmpstr (remote->answer, ==, "80");
  g_assert_true (ns_check_answer_matches (check, remote, " 80 "));
  g_assert_true (ns_check_answer_matches (check, remote, "080"));
  /* A dns-lookup is not in the scenario: its own run decides. */
  g_assert_cmpstr (address->answer, ==, "10.0.1.80");
  g_assert_true (ns_check_answer_matches (check, address, "10.0.1.80"));
  g_assert_false (ns_check_answer_matches (check, address, "10.0.1.8"));
  /* No answer to compare with: nothing matches. */
  g_assert_null (none->answer);
  g_assert_false (ns_check_answer_matches (check, none, ""));
}

static void
test_score_and_lines (void)
{
  g_autoptr (NsTopology) t =
    load (BAD, "{ \"checks\": [\n"
               "    { \"text\": \"fetch\", \"node\": \"laptop\", \"do\": \"http-get\",\n"
               "      \"url\": \"http://www.example.com/\", \"expect\": \"ok\", \"points\": 2 },\n"
               "    { \"text\": \"no such host\", \"node\": \"laptop\", \"do\": \"ping\", "
               "\"target\": \"10.0.1.99\",\n"
               "      \"expect\": \"fail\", \"points\": 3 },\n"
               "    { \"text\": \"port?\", \"question\": \"port\", \"node\": \"laptop\", \"do\": "
               "\"http-get\",\n"
               "      \"url\": \"http://www.example.com/\", \"answer_from\": \"local_port\" } ] }");
  g_autoptr (GPtrArray) results = ns_activity_grade (t, NULL);
  g_autoptr (GCancellable) cancelled = g_cancellable_new ();
  g_autoptr (GPtrArray) none = NULL;
  g_autofree char *l0 = NULL, *l1 = NULL, *l2 = NULL;

  g_assert_cmpuint (results->len, ==, 3);
  g_assert_cmpuint (ns_activity_score (t->activity, results), ==, 3);
  g_assert_cmpuint (ns_activity_max_points (t->activity), ==, 5);
  l0 = ns_check_result_to_line (g_ptr_array_index (t->activity->checks, 0),
                                g_ptr_array_index (results, 0));
  l1 = ns_check_result_to_line (g_ptr_array_index (t->activity->checks, 1),
                                g_ptr_array_index (results, 1));
  l2 = ns_check_result_to_line (g_ptr_array_index (t->activity->checks, 2),
                                g_ptr_array_index (results, 2));
  g_assert_true (g_str_has_prefix (l0, "FAIL  fetch: GET http://www.example.com/ failed"));
  g_assert_cmpstr (l1, ==, "PASS  no such host");
  g_assert_cmpstr (l2, ==, "QUESTION  port?");
  g_cancellable_cancel (cancelled);
  none = ns_activity_grade (t, cancelled);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_deterministic (void)
{
  const char *check = "{\"text\": \"p\", \"node\": \"laptop\", \"do\": \"ping\", "
                      "\"target\": \"10.0.1.80\", \"expect\": \"fail\"}";
  g_autoptr (NsCheckResult) a = grade_one (GOOD, check);
  g_autoptr (NsCheckResult) b = grade_one (GOOD, check);

  g_assert_cmpint (a->outcome, ==, b->outcome);
  g_assert_cmpstr (a->seen, ==, b->seen);
}

static void
test_locking (void)
{
  g_autoptr (NsActivity) a = ns_activity_new ();
  g_autoptr (NsTopology) t =
    load (GOOD, "{ \"checks\": [\n"
                "    { \"text\": \"p\", \"node\": \"laptop\", \"do\": \"traceroute\", \"target\": "
                "\"10.0.1.80\",\n"
                "      \"expect\": {\"hops_include\": [\"router\"]} },\n"
                "    { \"text\": \"f\", \"field\": \"nodes[dns].services[0].port\", \"expect\": "
                "{\"equals\": 53} } ] }");

  g_assert_true (ns_activity_uses_node (t->activity, "laptop"));
  g_assert_true (ns_activity_uses_node (t->activity, "router"));
  g_assert_true (ns_activity_uses_node (t->activity, "dns"));
  g_assert_false (ns_activity_uses_node (t->activity, "web"));
  g_assert_false (ns_activity_uses_node (t->activity, "dn"));

  g_assert_true (ns_activity_set_locked (a, "pc1", TRUE));
  g_assert_false (ns_activity_set_locked (a, "pc1", TRUE));
  g_assert_true (ns_activity_is_locked (a, "pc1"));
  g_assert_true (ns_activity_set_locked (a, "pc1", FALSE));
  g_assert_false (ns_activity_is_locked (a, "pc1"));
  g_assert_false (ns_activity_set_locked (a, "pc1", FALSE));
}

/* The bundled activities: the file a student gets fails exactly the checks
 * the lesson is about (P pass, F fail, Q question), its solution passes
 * them all. */
static void
test_bundled_activities (void)
{
  static const struct { const char *name; const char *broken; } cases[] = {
    { "activity-wrong-gateway", "PFFF" },
    { "activity-dns-record", "FFPP" },
    { "activity-separate-groups", "FFFPF" },
    { "activity-which-port", "FFQQ" },
  };
  const char *dir = g_getenv ("NS_EXAMPLES_DIR");

  g_assert_nonnull (dir);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint solved = 0; solved < 2; solved++)
      {
        g_autofree char *file = g_strconcat (cases[i].name, ".netsketch.json", NULL);
        g_autofree char *path = solved ? g_build_filename (dir, "solutions", file, NULL)
                                       : g_build_filename (dir, file, NULL);
        g_autoptr (GError) error = NULL;
        g_autoptr (NsTopology) t = ns_topology_load_file (path, &error);
        g_autoptr (GPtrArray) results = NULL;
        g_autoptr (GString) got = g_string_new (NULL);
        g_autoptr (GString) want = g_string_new (NULL);

        g_assert_no_error (error);
        g_assert_nonnull (t->activity);
        g_assert_nonnull (t->activity->title);
        g_assert_nonnull (t->activity->instructions);
        g_assert_cmpuint (t->activity->locked->len, >, 0);
        results = ns_activity_grade (t, NULL);
        for (guint c = 0; c < results->len; c++)
          {
            const NsCheckResult *r = g_ptr_array_index (results, c);
            char broken_mark = cases[i].broken[c];

            g_string_append_c (got, r->outcome == NS_CHECK_PASS ? 'P'
                                    : r->outcome == NS_CHECK_FAIL ? 'F' : 'Q');
            g_string_append_c (want, solved && broken_mark != 'Q' ? 'P' : broken_mark);
            /* A question's answer is always decided by the run. */
            if (r->outcome == NS_CHECK_ASK)
              g_assert_nonnull (r->answer);
          }
        g_test_message ("%s%s: %s", solved ? "solutions/" : "", file, got->str);
        g_assert_cmpstr (got->str, ==, want->str);
        if (solved)
          g_assert_cmpuint (ns_activity_score (t->activity, results), ==,
                            ns_activity_max_points (t->activity));
        else
          g_assert_cmpuint (ns_activity_score (t->activity, results), <,
                            ns_activity_max_points (t->activity));
      }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/activity/load", test_load_model);
  g_test_add_func ("/core/activity/round-trip", test_round_trip);
  g_test_add_func ("/core/activity/refusals", test_refusals);
  g_test_add_func ("/core/activity/expect-ok-fail", test_expect_ok_fail);
  g_test_add_func ("/core/activity/expect-hops", test_expect_hops);
  g_test_add_func ("/core/activity/expect-status-bytes-address", test_expect_status_bytes_address);
  g_test_add_func ("/core/activity/field", test_field_checks);
  g_test_add_func ("/core/activity/question", test_question);
  g_test_add_func ("/core/activity/score-and-lines", test_score_and_lines);
  g_test_add_func ("/core/activity/deterministic", test_deterministic);
  g_test_add_func ("/core/activity/locking", test_locking);
  g_test_add_func ("/core/activity/bundled", test_bundled_activities);
  return g_test_run ();
}
