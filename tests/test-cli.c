/* test-cli.c: netsketch-cli as a user runs it (docs/command-line.md): exit
 * codes, messages, result lines and the files it writes. The binary is
 * $NS_CLI; the topology files are in $NS_TEST_DATA. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

typedef struct {
  int   status;   /* exit status, or -1 if killed by a signal */
  char *out;
  char *err;
} Result;

static void
result_clear (Result *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static char *tmp_dir;

static const char *
cli_path (void)
{
  const char *path = g_getenv ("NS_CLI");

  g_assert_nonnull (path);
  return path;
}

static char *
data_file (const char *name)
{
  const char *dir = g_getenv ("NS_TEST_DATA");

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

static char *
tmp_file (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

/* Runs the command line with the NULL-terminated arguments. */
static Result
run_cli (const char *first, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  Result r = { 0 };
  int wait_status = 0;
  va_list args;

  g_ptr_array_add (argv, (char *) cli_path ());
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &r.out, &r.err, &wait_status, &error));
  g_assert_no_error (error);
  r.status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  return r;
}

static void
test_version_and_help (void)
{
  g_auto (Result) version = run_cli ("--version", NULL);
  g_auto (Result) help = run_cli ("--help", NULL);
  g_auto (Result) help_command = run_cli ("help", NULL);

  g_assert_cmpint (version.status, ==, 0);
  g_assert_true (g_str_has_prefix (version.out, "netsketch-cli "));
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "run FILE"));
  g_assert_nonnull (strstr (help.out, "check FILE"));
  g_assert_nonnull (strstr (help.out, "--pcap"));
  g_assert_nonnull (strstr (help.out, "--trace"));
  g_assert_cmpint (help_command.status, ==, 0);
  g_assert_cmpstr (help_command.out, ==, help.out);
}

/* Bad command lines: exit 2, a message on stderr, nothing on stdout. */
static void
test_bad_command_lines (void)
{
  g_autofree char *file = data_file ("cli-ping-routers.netsketch.json");
  const char *const cases[][6] = {
    { NULL },
    { "frobnicate", NULL },
    { "run", NULL },
    { "check", NULL },
    { "run", file, "extra", NULL },
    { "run", file, "--until", "soon", NULL },
    { "run", file, "--until", "-1", NULL },
    { "run", file, "--until", "nan", NULL },
    { "run", file, "--seed", "-3", NULL },
    { "run", file, "--seed", "12x", NULL },
    { "run", file, "--seed", "99999999999999999999999", NULL },
    { "run", file, "--bogus", NULL },
    { "run", file, "--pcap", NULL },
    { "check", file, "--pcap", "x.pcapng", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (Result) r = run_cli (cases[i][0], cases[i][1], cases[i][2], cases[i][3],
                                   cases[i][4], NULL);

      g_test_message ("case %u: %s %s %s", i, cases[i][0], cases[i][1], cases[i][2]);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_cmpstr (r.out, ==, "");
      g_assert_cmpuint (strlen (r.err), >, 0);
    }
}

static void
test_missing_file (void)
{
  g_auto (Result) run = run_cli ("run", "/nonexistent/x.netsketch.json", NULL);
  g_auto (Result) check = run_cli ("check", "/nonexistent/x.netsketch.json", NULL);

  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "x.netsketch.json"));
  g_assert_cmpint (check.status, ==, 1);
  g_assert_nonnull (strstr (check.out, "x.netsketch.json"));
}

static void
test_check_valid (void)
{
  static const struct { const char *file; const char *counts; } cases[] = {
    { "cli-ping-routers.netsketch.json", "valid (5 nodes, 4 links, 2 actions)" },
    { "cli-switched-lan.netsketch.json", "valid (4 nodes, 3 links, 2 actions)" },
    { "cli-lossy-link.netsketch.json", "valid (2 nodes, 1 link, 1 action)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *file = data_file (cases[i].file);
      g_autofree char *expected = g_strdup_printf ("%s: %s\n", file, cases[i].counts);
      g_auto (Result) r = run_cli ("check", file, NULL);

      g_assert_cmpint (r.status, ==, 0);
      g_assert_cmpstr (r.out, ==, expected);
    }
}

/* Every broken file: check says where and exits 1, run exits 2 with the
 * message on stderr, and neither crashes. */
static void
test_broken_files (void)
{
  g_autofree char *dir_path = data_file ("broken");
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_assert_cmpuint (names->len, >, 0);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *file = g_build_filename (dir_path, g_ptr_array_index (names, i), NULL);
      g_auto (Result) check = run_cli ("check", file, NULL);
      g_auto (Result) run = run_cli ("run", file, NULL);

      g_test_message ("%s", file);
      g_assert_cmpint (check.status, ==, 1);
      g_assert_nonnull (strstr (check.out, g_ptr_array_index (names, i)));
      g_assert_null (strstr (check.out, ": valid ("));
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_nonnull (strstr (run.err, g_ptr_array_index (names, i)));
    }
}

/* Parses every line of a trace, asserting each is an object with a
 * numeric `t` and an `event`; returns the objects. */
static GPtrArray *
read_trace (const char *path)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_true (g_str_has_suffix (text, "\n"));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_autoptr (GError) error = NULL;
      JsonObject *obj;

      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, &error));
      g_assert_no_error (error);
      obj = json_node_get_object (json_parser_get_root (parser));
      g_assert_nonnull (obj);
      g_assert_cmpint (json_node_get_value_type (json_object_get_member (obj, "t")), ==,
                       G_TYPE_DOUBLE);
      g_assert_true (g_strv_contains ((const char *const[]) { "tx", "rx", "drop", "tcp",
                                                              "retransmit", "app", NULL },
                                      json_object_get_string_member (obj, "event")));
      g_ptr_array_add (events, json_object_ref (obj));
    }
  return events;
}

static guint
count_events (GPtrArray *events, const char *kind, const char *reason)
{
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *obj = g_ptr_array_index (events, i);

      if (g_strcmp0 (json_object_get_string_member (obj, "event"), kind) == 0
          && (reason == NULL
              || g_strcmp0 (json_object_get_string_member_with_default (obj, "reason", ""),
                            reason) == 0))
        n++;
    }
  return n;
}

static guint32
rd32 (const guint8 *p)
{
  guint32 v;

  memcpy (&v, p, 4);
  return GUINT32_FROM_LE (v);
}

/* Counts a capture's interface and packet blocks (framing checked). */
static void
count_blocks (const char *path, guint *ifaces_out, guint *packets_out)
{
  g_autofree guint8 *data = NULL;
  gsize len, off = 0;

  *ifaces_out = *packets_out = 0;
  g_assert_true (g_file_get_contents (path, (char **) &data, &len, NULL));
  g_assert_cmpuint (len, >=, 28);
  g_assert_cmphex (rd32 (data), ==, 0x0A0D0D0A);
  g_assert_cmphex (rd32 (data + 8), ==, 0x1A2B3C4D);
  while (off < len)
    {
      guint32 total;

      g_assert_cmpuint (len - off, >=, 12);
      total = rd32 (data + off + 4);
      g_assert_cmpuint (total % 4, ==, 0);
      g_assert_cmpuint (total, <=, len - off);
      g_assert_cmpuint (rd32 (data + off + total - 4), ==, total);
      if (rd32 (data + off) == 1)
        (*ifaces_out)++;
      else if (rd32 (data + off) == 6)
        (*packets_out)++;
      off += total;
    }
}

static void
test_run_ping_routers (void)
{
  g_autofree char *file = data_file ("cli-ping-routers.netsketch.json");
  g_autofree char *trace = tmp_file ("ping.jsonl");
  g_autofree char *pcap = tmp_file ("ping.pcapng");
  g_auto (Result) r = run_cli ("run", file, "--trace", trace, "--pcap", pcap, NULL);
  g_autoptr (GPtrArray) events = NULL;
  guint ifaces, packets, replies = 0;

  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  /* Three routers between the hosts: each reply arrives with TTL 64 - 3. */
  for (const char *p = r.out; (p = strstr (p, "ttl=61")) != NULL; p++)
    replies++;
  g_assert_cmpuint (replies, ==, 3);
  g_assert_nonnull (strstr (r.out, "10.0.1.1"));
  g_assert_nonnull (strstr (r.out, "10.0.23.2"));

  events = read_trace (trace);
  g_assert_cmpuint (count_events (events, "tx", NULL), >, 0);
  count_blocks (pcap, &ifaces, &packets);
  g_assert_cmpuint (ifaces, ==, 4);
  g_assert_cmpuint (packets, ==, count_events (events, "tx", NULL));
  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *obj = g_ptr_array_index (events, i);

      if (g_strcmp0 (json_object_get_string_member (obj, "event"), "tx") != 0)
        continue;
      g_assert_true (json_object_has_member (obj, "link"));
      g_assert_true (json_object_has_member (obj, "from"));
      g_assert_true (json_object_has_member (obj, "frame"));
      g_assert_true (json_object_has_member (obj, "bytes"));
      g_assert_cmpuint (strlen (json_object_get_string_member (obj, "summary")), >, 0);
    }
}

static void
test_run_quiet_and_until (void)
{
  g_autofree char *file = data_file ("cli-ping-routers.netsketch.json");
  g_auto (Result) quiet = run_cli ("run", file, "--quiet", NULL);
  g_auto (Result) early = run_cli ("run", file, "--until", "0.3", NULL);
  g_auto (Result) zero = run_cli ("run", file, "--until", "0", NULL);

  g_assert_cmpint (quiet.status, ==, 0);
  g_assert_cmpstr (quiet.out, ==, "");
  /* By 0.3 s only the first reply is back. */
  g_assert_cmpint (early.status, ==, 0);
  g_assert_nonnull (strstr (early.out, "seq=1"));
  g_assert_null (strstr (early.out, "seq=2"));
  g_assert_cmpint (zero.status, ==, 0);
  g_assert_null (strstr (zero.out, "ttl="));
}

static void
test_run_switched_lan (void)
{
  g_autofree char *file = data_file ("cli-switched-lan.netsketch.json");
  g_autofree char *trace = tmp_file ("lan.jsonl");
  g_auto (Result) r = run_cli ("run", file, "--trace", trace, NULL);
  g_autoptr (GPtrArray) events = NULL;

  g_assert_cmpint (r.status, ==, 0);
  events = read_trace (trace);
  g_assert_cmpuint (count_events (events, "drop", NULL), ==, 0);
  g_assert_cmpuint (count_events (events, "app", NULL), >=, 2);
  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *obj = g_ptr_array_index (events, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (obj, "do", ""), "udp-send") == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (obj, "node"), ==, "a");
          g_assert_true (json_object_get_boolean_member (obj, "ok"));
          g_assert_nonnull (strstr (r.out, json_object_get_string_member (obj, "detail")));
        }
    }
}

/* The same seed gives the same bytes; another seed another run. */
static void
test_run_lossy_deterministic (void)
{
  g_autofree char *file = data_file ("cli-lossy-link.netsketch.json");
  g_autofree char *t1 = tmp_file ("l1.jsonl"), *t2 = tmp_file ("l2.jsonl");
  g_autofree char *t3 = tmp_file ("l3.jsonl");
  g_autofree char *p1 = tmp_file ("l1.pcapng"), *p2 = tmp_file ("l2.pcapng");
  g_auto (Result) a = run_cli ("run", file, "-q", "--trace", t1, "--pcap", p1, NULL);
  g_auto (Result) b = run_cli ("run", file, "-q", "--trace", t2, "--pcap", p2, NULL);
  g_auto (Result) c = run_cli ("run", file, "-q", "--trace", t3, "--seed", "1", NULL);
  g_autofree char *ta = NULL, *tb = NULL, *tc = NULL, *pa = NULL, *pb = NULL;
  gsize la, lb;
  g_autoptr (GPtrArray) events = NULL;
  guint lost;

  g_assert_cmpint (a.status, ==, 0);
  g_assert_cmpint (b.status, ==, 0);
  g_assert_cmpint (c.status, ==, 0);
  g_assert_true (g_file_get_contents (t1, &ta, NULL, NULL));
  g_assert_true (g_file_get_contents (t2, &tb, NULL, NULL));
  g_assert_true (g_file_get_contents (t3, &tc, NULL, NULL));
  g_assert_cmpstr (ta, ==, tb);
  g_assert_cmpstr (ta, !=, tc);
  g_assert_true (g_file_get_contents (p1, &pa, &la, NULL));
  g_assert_true (g_file_get_contents (p2, &pb, &lb, NULL));
  g_assert_cmpmem (pa, la, pb, lb);

  /* 200 datagrams over a link that loses 30%: about 60 lost. */
  events = read_trace (t1);
  lost = count_events (events, "drop", "loss");
  g_assert_cmpuint (lost, >=, 40);
  g_assert_cmpuint (lost, <=, 80);
}

/* Wireshark's own reading of the capture, when tshark is installed:
 * every frame decodes, with no malformed packet and no bad checksum. */
static void
test_run_tshark_reads_capture (void)
{
  g_autofree char *tshark = g_find_program_in_path ("tshark");
  g_autofree char *file = data_file ("cli-switched-lan.netsketch.json");
  g_autofree char *pcap = tmp_file ("lan.pcapng");
  g_autofree char *out = NULL, *bad = NULL;
  g_autoptr (GError) error = NULL;
  int wait_status = 0;
  const char *filter = "_ws.malformed || _ws.expert.severity == error || ip.checksum.status == 0 "
                       "|| udp.checksum.status == 0 || icmp.checksum.status == 0";

  if (tshark == NULL)
    {
      g_test_skip ("tshark is not installed");
      return;
    }
  {
    g_auto (Result) r = run_cli ("run", file, "-q", "--pcap", pcap, NULL);

    g_assert_cmpint (r.status, ==, 0);
  }
  {
    const char *argv[] = { tshark, "-n", "-r", pcap, "-o", "ip.check_checksum:TRUE",
                           "-o", "udp.check_checksum:TRUE", "-T", "fields", "-e", "frame.number",
                           NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                 NULL, &out, NULL, &wait_status, &error));
    g_assert_no_error (error);
    g_assert_true (WIFEXITED (wait_status) && WEXITSTATUS (wait_status) == 0);
    g_assert_true (g_str_has_prefix (out, "1\n"));
  }
  {
    const char *argv[] = { tshark, "-n", "-r", pcap, "-o", "ip.check_checksum:TRUE",
                           "-o", "udp.check_checksum:TRUE", "-Y", filter, "-T", "fields",
                           "-e", "frame.number", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                 NULL, &bad, NULL, &wait_status, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (bad, ==, "");
  }
}

static void
test_run_unwritable_output (void)
{
  g_autofree char *file = data_file ("cli-lossy-link.netsketch.json");
  g_auto (Result) r = run_cli ("run", file, "-q", "--trace", "/nonexistent/t.jsonl", NULL);

  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "/nonexistent/t.jsonl"));
}

static void
remove_tmp_dir (void)
{
  g_autoptr (GDir) dir = g_dir_open (tmp_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (tmp_dir);
}

/* `grade` (docs/file-format.md): a line per check, the score, exit 0/1/2. */
static void
test_grade (void)
{
  g_autofree char *broken = data_file ("grade-broken.netsketch.json");
  g_autofree char *fixed = data_file ("grade-fixed.netsketch.json");
  g_autofree char *bad = data_file ("grade-broken-check.netsketch.json");
  g_autofree char *plain = data_file ("cli-ping-routers.netsketch.json");
  g_auto (Result) b = run_cli ("grade", broken, NULL);
  g_auto (Result) f = run_cli ("grade", fixed, NULL);
  g_auto (Result) x = run_cli ("grade", bad, NULL);
  g_auto (Result) none = run_cli ("grade", plain, NULL);
  g_auto (Result) quiet = run_cli ("grade", fixed, "--quiet", NULL);
  g_auto (Result) missing = run_cli ("grade", NULL);
  g_auto (Result) help = run_cli ("--help", NULL);
  g_auto (GStrv) lines = NULL;

  g_assert_cmpint (b.status, ==, 1);
  lines = g_strsplit (b.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 7);
  g_assert_cmpstr (lines[0], ==, "FAIL  The laptop opens http://www.example.com/: GET "
                   "http://www.example.com/ failed: cannot resolve www.example.com: timeout: "
                   "no answer from 10.0.0.53 after 2 tries (no ARP answer at laptop)");
  g_assert_cmpstr (lines[1], ==, "FAIL  A ping from the laptop to 10.0.1.80 gets replies: "
                   "3 sent, 0 received (no ARP answer at laptop)");
  g_assert_cmpstr (lines[2], ==, "PASS  Nobody answers at 10.0.1.99");
  g_assert_cmpstr (lines[3], ==, "FAIL  The laptop's gateway is 192.168.1.1: it is 192.168.1.254");
  g_assert_cmpstr (lines[4], ==, "QUESTION  Which source port did the laptop's browser use?");
  g_assert_cmpstr (lines[5], ==, "score: 1/5");
  g_assert_cmpstr (b.err, ==, "");

  g_assert_cmpint (f.status, ==, 0);
  g_assert_cmpstr (f.out, ==,
                   "PASS  The laptop opens http://www.example.com/\n"
                   "PASS  A ping from the laptop to 10.0.1.80 gets replies\n"
                   "PASS  Nobody answers at 10.0.1.99\n"
                   "PASS  The laptop's gateway is 192.168.1.1\n"
                   "QUESTION  Which source port did the laptop's browser use?\n"
                   "score: 5/5\n");

  /* A bad check is refused, naming the file, line and place. */
  g_assert_cmpint (x.status, ==, 2);
  g_assert_cmpstr (x.out, ==, "");
  g_assert_nonnull (strstr (x.err, "grade-broken-check.netsketch.json:"));
  g_assert_nonnull (strstr (x.err, "activity.checks[2].expect.hops_inclde: unknown condition"));

  g_assert_cmpint (none.status, ==, 2);
  g_assert_nonnull (strstr (none.err, "has no activity"));
  g_assert_cmpint (quiet.status, ==, 2);
  g_assert_cmpint (missing.status, ==, 2);
  g_assert_nonnull (strstr (help.out, "grade FILE"));
}

/* docs/command-line.md and docs/trace-format.md: --pcap-link writes only that link's frames,
 * in time order; --tcp-vars adds tcp-vars lines; the capture decodes the
 * Linux profile's options (RFC 7323, RFC 2018). Bad uses exit 2. */
static void
test_run_pcap_link_and_tcp_vars (void)
{
  g_autofree char *file = data_file ("cli-tcp-linux.netsketch.json");
  g_autofree char *pcap = tmp_file ("l2.pcapng");
  g_autofree char *trace = tmp_file ("vars.jsonl");
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  guint ifaces, packets, tx_l2 = 0, vars = 0, rtx = 0, vars_after_rtx = 0;
  guint64 cwnd_before = 0, ssthresh_after = G_MAXUINT64;

  {
    g_auto (Result) r = run_cli ("run", file, "-q", "--pcap", pcap, "--pcap-link", "l2",
                                 "--trace", trace, "--tcp-vars", NULL);

    g_assert_cmpint (r.status, ==, 0);
  }
  g_assert_true (g_file_get_contents (trace, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      JsonObject *obj;
      const char *kind;

      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      obj = json_node_get_object (json_parser_get_root (parser));
      kind = json_object_get_string_member (obj, "event");
      if (g_str_equal (kind, "tx")
          && g_str_equal (json_object_get_string_member (obj, "link"), "l2"))
        tx_l2++;
      else if (g_str_equal (kind, "retransmit"))
        rtx++;
      else if (g_str_equal (kind, "tcp-vars"))
        {
          static const char *const fields[] = { "node", "local", "remote", "cwnd", "ssthresh",
                                                "flight", "rwnd", "srtt_ms", "rto_ms" };

          for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
            g_assert_true (json_object_has_member (obj, fields[f]));
          vars++;
          if (!g_str_equal (json_object_get_string_member (obj, "node"), "pc1"))
            continue;
          if (rtx == 0)
            cwnd_before = (guint64) json_object_get_int_member (obj, "cwnd");
          else if (vars_after_rtx++ == 0)
            ssthresh_after = (guint64) json_object_get_int_member (obj, "ssthresh");
        }
    }
  g_assert_cmpuint (vars, >, 10);
  g_assert_cmpuint (rtx, >, 0);
  /* The fast retransmit's decrease shows: CUBIC's ssthresh is 0.7 cwnd
   * (RFC 9438 4.6). */
  g_assert_cmpuint (ssthresh_after, <, cwnd_before);
  count_blocks (pcap, &ifaces, &packets);
  g_assert_cmpuint (ifaces, ==, 1);
  g_assert_cmpuint (packets, ==, tx_l2);
  {
    g_autofree char *tshark = g_find_program_in_path ("tshark");
    g_autofree char *out = NULL;
    int wait_status = 0;
    const char *argv[] = { tshark, "-n", "-r", pcap, "-Y",
                           "tcp.options.wscale.shift == 7 && tcp.options.sack_perm "
                           "&& tcp.options.timestamp.tsval", "-T", "fields", "-e", "frame.number",
                           NULL };

    if (tshark != NULL)
      {
        g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                                     NULL, NULL, &out, NULL, &wait_status, NULL));
        /* The SYN and the SYN-ACK (after the ARP exchange). */
        g_assert_cmpstr (out, ==, "3\n4\n");
      }
  }
  {
    g_auto (Result) r = run_cli ("run", file, "--pcap-link", "l2", NULL);

    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "--pcap"));
  }
  {
    g_auto (Result) r = run_cli ("run", file, "--pcap", pcap, "--pcap-link", "nope", NULL);

    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "no link \"nope\""));
  }
  {
    g_auto (Result) r = run_cli ("run", file, "--tcp-vars", NULL);

    g_assert_cmpint (r.status, ==, 2);
  }
  {
    g_auto (Result) r = run_cli ("check", file, "--tcp-vars", NULL);

    g_assert_cmpint (r.status, ==, 2);
  }
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("test-cli-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  g_test_add_func ("/cli/version-and-help", test_version_and_help);
  g_test_add_func ("/cli/run-pcap-link-and-tcp-vars", test_run_pcap_link_and_tcp_vars);
  g_test_add_func ("/cli/bad-command-lines", test_bad_command_lines);
  g_test_add_func ("/cli/missing-file", test_missing_file);
  g_test_add_func ("/cli/check-valid", test_check_valid);
  g_test_add_func ("/cli/broken-files", test_broken_files);
  g_test_add_func ("/cli/run/ping-routers", test_run_ping_routers);
  g_test_add_func ("/cli/run/quiet-and-until", test_run_quiet_and_until);
  g_test_add_func ("/cli/run/switched-lan", test_run_switched_lan);
  g_test_add_func ("/cli/run/lossy-deterministic", test_run_lossy_deterministic);
  g_test_add_func ("/cli/run/tshark-reads-capture", test_run_tshark_reads_capture);
  g_test_add_func ("/cli/run/unwritable-output", test_run_unwritable_output);
  g_test_add_func ("/cli/grade", test_grade);
  ret = g_test_run ();
  remove_tmp_dir ();
  g_free (tmp_dir);
  return ret;
}
