/* test-console.c: the host console (CONTRACT.md §5): the parser (every
 * command, every option, every usage error), the scenario action a command
 * becomes (saved and loaded back), and each output format against the real
 * tool's, with the lines stamped at the simulated times of their causes. */
#include <string.h>

#include "core/console.h"
#include "core/player.h"
#include "core/run.h"
#include "core/topology-file.h"

static NsTopology *
load_console_topology (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("NS_TEST_DATA"), "console.netsketch.json",
                                            NULL);
  g_autoptr (GError) error = NULL;
  NsTopology *topo = ns_topology_load_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (topo);
  return topo;
}

static NsConsoleCommand *
parse_ok (const char *line)
{
  g_autoptr (GError) error = NULL;
  NsConsoleCommand *cmd = ns_console_parse_line (line, &error);

  g_assert_no_error (error);
  g_assert_nonnull (cmd);
  return cmd;
}

/* Parsing @line fails with @code and a message whose first line is
 * @first and whose last line starts "usage:". */
static void
assert_parse_error (const char *line, NsConsoleError code, const char *first)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NsConsoleCommand) cmd = ns_console_parse_line (line, &error);
  g_auto (GStrv) lines = NULL;
  guint n;

  g_assert_null (cmd);
  g_assert_error (error, NS_CONSOLE_ERROR, (gint) code);
  lines = g_strsplit (error->message, "\n", -1);
  n = g_strv_length (lines);
  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpstr (lines[0], ==, first);
  g_assert_true (g_str_has_prefix (lines[n - 1], "usage:"));
}

static void
test_parse_commands (void)
{
  static const struct {
    const char   *line;
    NsConsoleKind kind;
    const char   *action;
  } cases[] = {
    { "ping 10.0.0.80", NS_CONSOLE_PING, "ping" },
    { "traceroute www.example.com", NS_CONSOLE_TRACEROUTE, "traceroute" },
    { "tracert www.example.com", NS_CONSOLE_TRACEROUTE, "traceroute" },
    { "nslookup www.example.com", NS_CONSOLE_NSLOOKUP, "dns-lookup" },
    { "dig www.example.com", NS_CONSOLE_NSLOOKUP, "dns-lookup" },
    { "curl http://www.example.com/", NS_CONSOLE_CURL, "http-get" },
    { "wget http://www.example.com/", NS_CONSOLE_CURL, "http-get" },
    { "ftp files notes.txt", NS_CONSOLE_FTP, "ftp-get" },
    { "nc 10.0.0.80 9", NS_CONSOLE_NC, "tcp-send" },
    { "nc -u 10.0.0.80 7", NS_CONSOLE_NC, "udp-send" },
    { "ipconfig", NS_CONSOLE_IPCONFIG, NULL },
    { "ipconfig /all", NS_CONSOLE_IPCONFIG, NULL },
    { "ip addr", NS_CONSOLE_IPCONFIG, NULL },
    { "ip a", NS_CONSOLE_IPCONFIG, NULL },
    { "ipconfig /renew", NS_CONSOLE_RENEW, "dhcp" },
    { "dhclient", NS_CONSOLE_RENEW, "dhcp" },
    { "arp -a", NS_CONSOLE_ARP, NULL },
    { "ip neigh", NS_CONSOLE_ARP, NULL },
    { "route", NS_CONSOLE_ROUTE, NULL },
    { "route -n", NS_CONSOLE_ROUTE, NULL },
    { "ip route", NS_CONSOLE_ROUTE, NULL },
    { "netstat -r", NS_CONSOLE_ROUTE, NULL },
    { "netstat -an", NS_CONSOLE_NETSTAT, NULL },
    { "ss -tan", NS_CONSOLE_NETSTAT, NULL },
    { "help", NS_CONSOLE_HELP, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (NsConsoleCommand) cmd = parse_ok (cases[i].line);

      g_assert_cmpint (cmd->kind, ==, cases[i].kind);
      g_assert_cmpstr (cmd->action, ==, cases[i].action);
      g_assert_cmpstr (cmd->line, ==, cases[i].line);
      g_assert_cmpint (ns_console_command_is_action (cmd), ==, cases[i].action != NULL);
    }
}

static void
test_parse_options (void)
{
  g_autoptr (NsConsoleCommand) ping = parse_ok ("ping -c 3 -i 0.5 -t 2 -s 100 -M do web");
  g_autoptr (NsConsoleCommand) joined = parse_ok ("ping -c3 -n web");
  g_autoptr (NsConsoleCommand) defaults = parse_ok ("ping web");
  g_autoptr (NsConsoleCommand) tr = parse_ok ("traceroute -n -m 5 -q 2 web");
  g_autoptr (NsConsoleCommand) win = parse_ok ("tracert -d -h 7 web");
  g_autoptr (NsConsoleCommand) ns = parse_ok ("nslookup www.example.com 10.0.0.53");
  g_autoptr (NsConsoleCommand) dig = parse_ok ("dig www.example.com @10.0.0.53");
  g_autoptr (NsConsoleCommand) curl = parse_ok ("curl -i -s www.example.com");
  g_autoptr (NsConsoleCommand) wget = parse_ok ("wget -S http://www.example.com:8080/a");
  g_autoptr (NsConsoleCommand) nc = parse_ok ("nc -u web 7");
  g_autoptr (NsConsoleCommand) ftp = parse_ok ("ftp files notes.txt");

  g_assert_cmpuint (ping->count, ==, 3);
  g_assert_cmpfloat (ping->interval_ms, ==, 500);
  g_assert_cmpuint (ping->ttl, ==, 2);
  g_assert_cmpint (ping->size, ==, 100);
  g_assert_true (ping->dont_fragment);
  g_assert_cmpstr (ping->target, ==, "web");
  g_assert_cmpuint (joined->count, ==, 3);
  g_assert_cmpuint (defaults->count, ==, 4);
  g_assert_cmpfloat (defaults->interval_ms, ==, 1000);
  g_assert_cmpint (defaults->size, ==, 56);
  g_assert_cmpuint (tr->ttl, ==, 5);
  g_assert_cmpuint (tr->count, ==, 2);
  g_assert_cmpuint (win->ttl, ==, 7);
  g_assert_cmpuint (win->count, ==, 3);
  g_assert_cmpstr (win->program, ==, "tracert");
  g_assert_cmpstr (ns->name, ==, "www.example.com");
  g_assert_cmpstr (ns->server, ==, "10.0.0.53");
  g_assert_cmpstr (dig->server, ==, "10.0.0.53");
  g_assert_true (curl->headers);
  g_assert_cmpstr (curl->url, ==, "http://www.example.com/");
  g_assert_true (wget->headers);
  g_assert_cmpstr (wget->url, ==, "http://www.example.com:8080/a");
  g_assert_true (nc->udp);
  g_assert_cmpstr (nc->target, ==, "web:7");
  g_assert_cmpstr (ftp->target, ==, "files");
  g_assert_cmpstr (ftp->file, ==, "notes.txt");
}

static void
test_parse_errors (void)
{
  static const struct {
    const char    *line;
    NsConsoleError code;
    const char    *first;
  } cases[] = {
    { "frobnicate x", NS_CONSOLE_ERROR_UNKNOWN, "frobnicate: command not found" },
    { "", NS_CONSOLE_ERROR_UNKNOWN, "no command given" },
    { "ping", NS_CONSOLE_ERROR_USAGE, "ping: usage error: Destination address required" },
    { "ping a b", NS_CONSOLE_ERROR_USAGE, "ping: usage error: Only one destination address "
      "allowed" },
    { "ping -x web", NS_CONSOLE_ERROR_USAGE, "ping: invalid option -- 'x'" },
    { "ping web -c", NS_CONSOLE_ERROR_USAGE, "ping: option requires an argument -- 'c'" },
    { "ping -c 0 web", NS_CONSOLE_ERROR_USAGE, "ping: invalid argument: '0': out of range: "
      "1 <= value <= 65535" },
    { "ping -c abc web", NS_CONSOLE_ERROR_USAGE, "ping: invalid argument: 'abc': out of range: "
      "1 <= value <= 65535" },
    { "ping -i 0 web", NS_CONSOLE_ERROR_USAGE, "ping: bad timing interval: 0" },
    { "ping -t 256 web", NS_CONSOLE_ERROR_USAGE, "ping: invalid argument: '256': out of range: "
      "1 <= value <= 255" },
    { "ping -s 70000 web", NS_CONSOLE_ERROR_USAGE, "ping: invalid argument: '70000': out of "
      "range: 0 <= value <= 65507" },
    { "ping -M maybe web", NS_CONSOLE_ERROR_USAGE, "ping: wrong value for -M: do, dont, want "
      "are valid ones." },
    { "traceroute", NS_CONSOLE_ERROR_USAGE, "traceroute: a host to trace is required" },
    { "traceroute a b", NS_CONSOLE_ERROR_USAGE, "traceroute: only one host, please" },
    { "traceroute -z web", NS_CONSOLE_ERROR_USAGE, "traceroute: invalid option -- 'z'" },
    { "traceroute -q 11 web", NS_CONSOLE_ERROR_USAGE, "traceroute: no more than 10 probes per "
      "hop" },
    { "traceroute -m 0 web", NS_CONSOLE_ERROR_USAGE, "traceroute: invalid maximum hop count: 0" },
    { "tracert -h", NS_CONSOLE_ERROR_USAGE, "tracert: option requires an argument -- 'h'" },
    { "nslookup", NS_CONSOLE_ERROR_USAGE, "nslookup: a name to look up is required" },
    { "nslookup a b c", NS_CONSOLE_ERROR_USAGE, "nslookup: too many arguments" },
    { "nslookup a server", NS_CONSOLE_ERROR_USAGE, "nslookup: the server must be an IPv4 "
      "address, not \"server\"" },
    { "nslookup -x a", NS_CONSOLE_ERROR_USAGE, "nslookup: invalid option -- 'x'" },
    { "curl", NS_CONSOLE_ERROR_USAGE, "curl: no URL specified!" },
    { "curl -z http://a/", NS_CONSOLE_ERROR_USAGE, "curl: option -z: is unknown" },
    { "curl ftp://a/", NS_CONSOLE_ERROR_USAGE, "curl: (1) Protocol \"ftp\" not supported or "
      "disabled in libcurl" },
    { "curl http:///x", NS_CONSOLE_ERROR_USAGE, "curl: (3) URL using bad/illegal format or "
      "missing URL" },
    { "wget", NS_CONSOLE_ERROR_USAGE, "wget: missing URL" },
    { "ftp files", NS_CONSOLE_ERROR_USAGE, "ftp: missing argument" },
    { "nc web", NS_CONSOLE_ERROR_USAGE, "nc: missing argument" },
    { "nc web 99999", NS_CONSOLE_ERROR_USAGE, "nc: port number invalid: 99999" },
    { "nc -z web 9", NS_CONSOLE_ERROR_USAGE, "nc: invalid option -- 'z'" },
    { "ipconfig /flushdns", NS_CONSOLE_ERROR_USAGE, "Error: unrecognized or incomplete command "
      "line." },
    { "ip link", NS_CONSOLE_ERROR_USAGE, "Object \"link\" is unknown, try \"ip help\"." },
    { "ip", NS_CONSOLE_ERROR_USAGE, "ip: an object is required" },
    { "arp -d 10.0.0.1", NS_CONSOLE_ERROR_USAGE, "arp: invalid option -- 'd'" },
    { "route add", NS_CONSOLE_ERROR_USAGE, "route: too many arguments" },
    { "netstat -x", NS_CONSOLE_ERROR_USAGE, "netstat: invalid option -- 'x'" },
    { "ping 'unbalanced", NS_CONSOLE_ERROR_USAGE, "Text ended before matching quote was found "
      "for '. (The text was “ping 'unbalanced”)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].line);
      assert_parse_error (cases[i].line, cases[i].code, cases[i].first);
    }
}

static void
test_action_round_trip (void)
{
  g_autoptr (NsTopology) topo = load_console_topology ();
  g_autoptr (NsConsoleCommand) cmd = parse_ok ("ping -c 2 -s 100 'www.example.com'");
  NsTopoAction *a = ns_console_command_to_action (cmd, "pc1", 1.5);
  g_autofree char *data = NULL;
  g_autoptr (NsTopology) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (NsConsoleCommand) again = NULL;
  const NsTopoAction *b;

  g_assert_cmpstr (a->action, ==, "ping");
  g_assert_cmpstr (a->node, ==, "pc1");
  g_assert_cmpfloat (a->at, ==, 1.5);
  g_assert_cmpuint (a->count, ==, 2);
  g_assert_true (ns_console_action_is_console (a));
  g_ptr_array_add (topo->scenario, a);
  data = ns_topology_to_data (topo, NULL);
  g_assert_nonnull (strstr (data, "\"from\" : \"console\"") != NULL
                    ? strstr (data, "\"from\" : \"console\"")
                    : strstr (data, "\"from\": \"console\""));
  back = ns_topology_load_data (data, -1, "saved", &error);
  g_assert_no_error (error);
  b = g_ptr_array_index (back->scenario, back->scenario->len - 1);
  g_assert_true (ns_console_action_is_console (b));
  again = ns_console_command_from_action (b);
  g_assert_nonnull (again);
  g_assert_cmpstr (again->line, ==, "ping -c 2 -s 100 www.example.com");
  g_assert_cmpint (again->size, ==, 100);
  /* A file's own actions are not the console's. */
  g_assert_false (ns_console_action_is_console (g_ptr_array_index (back->scenario, 0)));
}

/* Runs @line on @node at @at_s of the console topology. */
static GPtrArray *
exec_line (const char *node, double at_s, const char *line)
{
  g_autoptr (NsTopology) topo = load_console_topology ();
  g_autoptr (NsConsoleCommand) cmd = parse_ok (line);
  g_autoptr (GError) error = NULL;
  GPtrArray *out = ns_console_exec (topo, node, cmd, at_s, FALSE, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (out);
  for (guint i = 0; i < out->len; i++)
    {
      const NsConsoleLine *l = g_ptr_array_index (out, i);

      g_test_message ("[%.6f] %s", l->t / 1e9, l->text);
    }
  return out;
}

static const char *
text_at (GPtrArray *out, guint i)
{
  g_assert_cmpuint (i, <, out->len);
  return ((NsConsoleLine *) g_ptr_array_index (out, i))->text;
}

static gint64
time_at (GPtrArray *out, guint i)
{
  g_assert_cmpuint (i, <, out->len);
  return ((NsConsoleLine *) g_ptr_array_index (out, i))->t;
}

static void
assert_matches (const char *pattern, const char *text)
{
  if (!g_regex_match_simple (pattern, text, 0, 0))
    g_error ("\"%s\" does not match /%s/", text, pattern);
}

static void
test_format_rtt (void)
{
  static const struct { gint64 us; const char *text; } cases[] = {
    { 0, "0.000" }, { 512, "0.512" }, { 999, "0.999" }, { 1000, "1.00" }, { 4210, "4.21" },
    { 4214, "4.21" }, { 4215, "4.22" }, { 9994, "9.99" }, { 9995, "10.0" }, { 12345, "12.3" },
    { 99949, "99.9" }, { 99950, "100" }, { 123456, "123" }, { 2000000, "2000" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = ns_console_format_rtt (cases[i].us);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_ping_output (void)
{
  g_autoptr (GPtrArray) out = exec_line ("pc1", 1.0, "ping -c 3 10.0.0.80");

  /* PING line, 3 replies, blank, statistics (3 lines). */
  g_assert_cmpuint (out->len, ==, 8);
  g_assert_cmpstr (text_at (out, 0), ==, "PING 10.0.0.80 (10.0.0.80) 56(84) bytes of data.");
  g_assert_cmpint (time_at (out, 0), ==, NS_NSEC_PER_SEC);
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *pattern = g_strdup_printf ("^64 bytes from 10\\.0\\.0\\.80: icmp_seq=%u "
                                                  "ttl=63 time=[0-9]+(\\.[0-9]+)? ms$", i);

      assert_matches (pattern, text_at (out, i));
      /* Each reply at its own moment, one interval apart, after the request. */
      g_assert_cmpint (time_at (out, i), >, NS_NSEC_PER_SEC + (gint64) (i - 1) * NS_NSEC_PER_SEC);
      g_assert_cmpint (time_at (out, i), <, NS_NSEC_PER_SEC + (gint64) i * NS_NSEC_PER_SEC);
    }
  g_assert_cmpstr (text_at (out, 4), ==, "");
  g_assert_cmpstr (text_at (out, 5), ==, "--- 10.0.0.80 ping statistics ---");
  assert_matches ("^3 packets transmitted, 3 received, 0% packet loss, time 20[0-9][0-9]ms$",
                  text_at (out, 6));
  assert_matches ("^rtt min/avg/max/mdev = [0-9]+\\.[0-9]{3}/[0-9]+\\.[0-9]{3}/[0-9]+\\.[0-9]{3}/"
                  "[0-9]+\\.[0-9]{3} ms$", text_at (out, 7));
  /* The statistics come with the last reply. */
  g_assert_cmpint (time_at (out, 7), ==, time_at (out, 3));
}

static void
test_ping_name_and_errors (void)
{
  g_autoptr (GPtrArray) name = exec_line ("pc1", 0, "ping -c 1 -s 100 www.example.com");
  g_autoptr (GPtrArray) missing = exec_line ("pc1", 0, "ping nope.example.com");
  g_autoptr (GPtrArray) ttl = exec_line ("pc1", 0, "ping -c 2 -t 1 10.0.0.80");
  g_autoptr (GPtrArray) down = exec_line ("pc1", 0, "ping -c 2 10.0.0.99");

  g_assert_cmpstr (text_at (name, 0), ==,
                   "PING www.example.com (10.0.0.80) 100(128) bytes of data.");
  /* The name is known once the DNS answer is back. */
  g_assert_cmpint (time_at (name, 0), >, 0);
  assert_matches ("^108 bytes from 10\\.0\\.0\\.80: icmp_seq=1 ttl=63 time=", text_at (name, 1));
  g_assert_cmpstr (text_at (name, 3), ==, "--- www.example.com ping statistics ---");

  g_assert_cmpuint (missing->len, ==, 1);
  g_assert_cmpstr (text_at (missing, 0), ==, "ping: nope.example.com: Name or service not known");

  g_assert_cmpstr (text_at (ttl, 1), ==, "From 192.168.1.1 icmp_seq=1 Time to live exceeded");
  g_assert_cmpstr (text_at (ttl, 2), ==, "From 192.168.1.1 icmp_seq=2 Time to live exceeded");
  assert_matches ("^2 packets transmitted, 0 received, \\+2 errors, 100% packet loss, time "
                  "[0-9]+ms$", text_at (ttl, 5));
  g_assert_cmpuint (ttl->len, ==, 6);   /* no rtt line without replies */

  g_assert_cmpstr (text_at (down, 1), ==,
                   "From 192.168.1.1 icmp_seq=1 Destination Host Unreachable");
}

static void
test_traceroute_output (void)
{
  g_autoptr (GPtrArray) out = exec_line ("pc1", 0, "traceroute www.example.com");
  g_autoptr (GPtrArray) win = exec_line ("pc1", 0, "tracert 10.0.0.80");
  g_autoptr (GPtrArray) one = exec_line ("pc1", 0, "traceroute -q 1 -m 1 10.0.0.80");

  g_assert_cmpuint (out->len, ==, 3);
  g_assert_cmpstr (text_at (out, 0), ==,
                   "traceroute to www.example.com (10.0.0.80), 30 hops max, 60 byte packets");
  assert_matches ("^ 1  192\\.168\\.1\\.1 \\(192\\.168\\.1\\.1\\)  [0-9]+\\.[0-9]{3} ms  "
                  "[0-9]+\\.[0-9]{3} ms  [0-9]+\\.[0-9]{3} ms$", text_at (out, 1));
  assert_matches ("^ 2  10\\.0\\.0\\.80 \\(10\\.0\\.0\\.80\\)  [0-9.]+ ms  [0-9.]+ ms  "
                  "[0-9.]+ ms$", text_at (out, 2));
  g_assert_cmpint (time_at (out, 1), <, time_at (out, 2));

  g_assert_cmpstr (text_at (win, 0), ==, "Tracing route to 10.0.0.80 over a maximum of 30 hops");
  g_assert_cmpstr (text_at (win, 1), ==, "");
  assert_matches ("^  1 +[0-9<]+ ms +[0-9<]+ ms +[0-9<]+ ms  192\\.168\\.1\\.1$", text_at (win, 2));
  g_assert_cmpstr (text_at (win, win->len - 1), ==, "Trace complete.");

  g_assert_cmpuint (one->len, ==, 2);
  assert_matches ("^ 1  192\\.168\\.1\\.1 \\(192\\.168\\.1\\.1\\)  [0-9.]+ ms$", text_at (one, 1));
}

static void
test_nslookup_output (void)
{
  g_autoptr (GPtrArray) cname = exec_line ("pc1", 0, "nslookup www.example.com");
  g_autoptr (GPtrArray) plain = exec_line ("pc1", 0, "nslookup web.example.com 10.0.0.53");
  g_autoptr (GPtrArray) missing = exec_line ("pc1", 0, "nslookup nope.example.com");
  static const char * const cname_lines[] = {
    "Server:\t\t10.0.0.53", "Address:\t10.0.0.53#53", "",
    "www.example.com\tcanonical name = web.example.com.",
    "Name:\tweb.example.com", "Address: 10.0.0.80", "",
  };
  static const char * const plain_lines[] = {
    "Server:\t\t10.0.0.53", "Address:\t10.0.0.53#53", "",
    "Name:\tweb.example.com", "Address: 10.0.0.80", "",
  };
  static const char * const missing_lines[] = {
    "Server:\t\t10.0.0.53", "Address:\t10.0.0.53#53", "",
    "** server can't find nope.example.com: NXDOMAIN", "",
  };

  /* The server is authoritative: no "Non-authoritative answer:". */
  g_assert_cmpuint (cname->len, ==, G_N_ELEMENTS (cname_lines));
  for (guint i = 0; i < G_N_ELEMENTS (cname_lines); i++)
    g_assert_cmpstr (text_at (cname, i), ==, cname_lines[i]);
  g_assert_cmpuint (plain->len, ==, G_N_ELEMENTS (plain_lines));
  for (guint i = 0; i < G_N_ELEMENTS (plain_lines); i++)
    g_assert_cmpstr (text_at (plain, i), ==, plain_lines[i]);
  g_assert_cmpuint (missing->len, ==, G_N_ELEMENTS (missing_lines));
  for (guint i = 0; i < G_N_ELEMENTS (missing_lines); i++)
    g_assert_cmpstr (text_at (missing, i), ==, missing_lines[i]);
  /* At the moment the answer arrives: after two 2 ms and two 1 ms hops each way. */
  g_assert_cmpint (time_at (cname, 0), >, 6 * NS_NSEC_PER_MSEC);
}

static void
test_curl_output (void)
{
  g_autoptr (GPtrArray) page = exec_line ("pc1", 0, "curl -i http://www.example.com/");
  g_autoptr (GPtrArray) quiet = exec_line ("pc1", 0, "curl www.example.com");
  g_autoptr (GPtrArray) closed = exec_line ("pc1", 0, "curl http://10.0.0.80:81/");
  g_autoptr (GPtrArray) unknown = exec_line ("pc1", 0, "curl http://nope.example.com/");
  gboolean length = FALSE;

  g_assert_cmpstr (text_at (page, 0), ==, "HTTP/1.1 200 OK");
  for (guint i = 0; i < page->len; i++)
    length |= g_strcmp0 (text_at (page, i), "Content-Length: 3000") == 0;
  g_assert_true (length);
  assert_matches ("^\\(3000 bytes of body received in [0-9.]+ ms", text_at (page, page->len - 1));
  /* The head arrives before the whole body. */
  g_assert_cmpint (time_at (page, 0), <, time_at (page, page->len - 1));
  g_assert_cmpuint (quiet->len, ==, 1);
  assert_matches ("^curl: \\(7\\) Failed to connect to 10\\.0\\.0\\.80 port 81 after [0-9]+ ms: "
                  "Connection refused$", text_at (closed, 0));
  g_assert_cmpstr (text_at (unknown, 0), ==,
                   "curl: (6) Could not resolve host: nope.example.com");
}

static void
test_http_response (void)
{
  g_autoptr (NsTopology) topo = load_console_topology ();
  g_autoptr (NsConsoleCommand) cmd = parse_ok ("curl http://www.example.com/");
  g_autoptr (NsPlayer) player = NULL;
  g_autoptr (NsConsoleHttpResponse) resp = NULL;
  NsRun *run;

  g_ptr_array_add (topo->scenario, ns_console_command_to_action (cmd, "pc1", 0));
  run = ns_run_new (topo, FALSE, 0, NULL);
  g_assert_nonnull (run);
  ns_run_execute (run, NS_RUN_DEFAULT_UNTIL);
  player = ns_player_new_for_run (run);
  resp = ns_console_http_response (player, "pc1", topo->scenario->len - 1);
  g_assert_nonnull (resp);
  g_assert_cmpuint (resp->status, ==, 200);
  g_assert_true (g_str_has_prefix (resp->head, "HTTP/1.1 200 OK\n"));
  g_assert_cmpuint (g_bytes_get_size (resp->body), ==, 3000);
  /* The file's own action (a tcp-send) is no HTTP response. */
  g_assert_null (ns_console_http_response (player, "pc1", 0));
}

static void
test_state_commands (void)
{
  g_autoptr (GPtrArray) arp_before = exec_line ("pc1", 0, "arp -a");
  g_autoptr (GPtrArray) arp_after = exec_line ("pc1", 11, "arp -a");
  g_autoptr (GPtrArray) neigh = exec_line ("pc1", 11, "ip neigh");
  g_autoptr (GPtrArray) route = exec_line ("pc1", 0, "route");
  g_autoptr (GPtrArray) iproute = exec_line ("pc1", 0, "ip route");
  g_autoptr (GPtrArray) netstat = exec_line ("pc1", 10.5, "netstat -an");
  g_autoptr (GPtrArray) listen = exec_line ("web", 0, "netstat -an");
  g_autoptr (GPtrArray) ipconfig = exec_line ("pc1", 0, "ipconfig");
  g_autoptr (GPtrArray) ipaddr = exec_line ("pc1", 0, "ip addr");
  g_autoptr (GPtrArray) help = exec_line ("pc1", 0, "help");
  gboolean seen = FALSE;

  g_assert_cmpuint (arp_before->len, ==, 0);
  g_assert_cmpuint (arp_after->len, ==, 1);
  assert_matches ("^\\? \\(192\\.168\\.1\\.1\\) at ([0-9a-f]{2}:){5}[0-9a-f]{2} "
                  "\\[ether\\] on eth0$",
                  text_at (arp_after, 0));
  g_assert_cmpint (time_at (arp_after, 0), ==, 11 * NS_NSEC_PER_SEC);
  assert_matches ("^192\\.168\\.1\\.1 dev eth0 lladdr ([0-9a-f]{2}:){5}[0-9a-f]{2} REACHABLE$",
                  text_at (neigh, 0));

  g_assert_cmpstr (text_at (route, 0), ==, "Kernel IP routing table");
  g_assert_cmpstr (text_at (route, 1), ==, "Destination     Gateway         Genmask         "
                   "Flags Metric Ref    Use Iface");
  g_assert_cmpstr (text_at (route, 2), ==, "192.168.1.0     0.0.0.0         255.255.255.0   U     "
                   "0      0        0 eth0");
  g_assert_cmpstr (text_at (route, 3), ==, "0.0.0.0         192.168.1.1     0.0.0.0         UG    "
                   "0      0        0 eth0");
  g_assert_cmpstr (text_at (iproute, 0), ==,
                   "192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10");
  g_assert_cmpstr (text_at (iproute, 1), ==, "default via 192.168.1.1 dev eth0");

  g_assert_cmpstr (text_at (netstat, 0), ==, "Active Internet connections (servers and "
                   "established)");
  g_assert_cmpstr (text_at (netstat, 1), ==, "Proto Recv-Q Send-Q Local Address           "
                   "Foreign Address         State");
  assert_matches ("^tcp        0 +[0-9]+ 192\\.168\\.1\\.10:[0-9]+ +10\\.0\\.0\\.80:9 "
                  "+ESTABLISHED$",
                  text_at (netstat, 2));
  g_assert_cmpstr (text_at (listen, 2), ==, "tcp        0      0 0.0.0.0:9               "
                   "0.0.0.0:*               LISTEN");
  g_assert_cmpstr (text_at (listen, 3), ==, "tcp        0      0 0.0.0.0:80              "
                   "0.0.0.0:*               LISTEN");

  for (guint i = 0; i < ipconfig->len; i++)
    seen |= g_strcmp0 (text_at (ipconfig, i), "   IPv4 Address. . . . . . . . . . . : "
                       "192.168.1.10") == 0;
  g_assert_true (seen);
  seen = FALSE;
  for (guint i = 0; i < ipconfig->len; i++)
    seen |= g_strcmp0 (text_at (ipconfig, i), "   Default Gateway . . . . . . . . . : "
                       "192.168.1.1") == 0;
  g_assert_true (seen);
  g_assert_cmpstr (text_at (ipaddr, ipaddr->len - 1), ==,
                   "    inet 192.168.1.10/24 brd 192.168.1.255 scope global eth0");
  g_assert_cmpuint (help->len, >, 10);
}

static void
test_unsupported_action (void)
{
  g_autoptr (NsTopology) topo = load_console_topology ();
  g_autoptr (NsConsoleCommand) cmd = parse_ok ("nc -u 10.0.0.80 9");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) out = ns_console_exec (topo, "pc1", cmd, 0, FALSE, 0, &error);

  /* UDP to a port nobody listens on: refused, as nc reports it. */
  g_assert_no_error (error);
  g_assert_cmpuint (out->len, ==, 1);
  g_assert_cmpstr (text_at (out, 0), ==, "nc: read(net): Connection refused");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/console/parse/commands", test_parse_commands);
  g_test_add_func ("/console/parse/options", test_parse_options);
  g_test_add_func ("/console/parse/errors", test_parse_errors);
  g_test_add_func ("/console/action/round-trip", test_action_round_trip);
  g_test_add_func ("/console/format/rtt", test_format_rtt);
  g_test_add_func ("/console/output/ping", test_ping_output);
  g_test_add_func ("/console/output/ping-name-and-errors", test_ping_name_and_errors);
  g_test_add_func ("/console/output/traceroute", test_traceroute_output);
  g_test_add_func ("/console/output/nslookup", test_nslookup_output);
  g_test_add_func ("/console/output/curl", test_curl_output);
  g_test_add_func ("/console/output/http-response", test_http_response);
  g_test_add_func ("/console/output/state", test_state_commands);
  g_test_add_func ("/console/output/nc-udp", test_unsupported_action);
  return g_test_run ();
}
