/* test-cli-exec.c: `netsketch-cli exec` as a user runs it (CONTRACT.md
 * §2b): what it prints is the console's output (§5), exit 0 when the
 * command ran, 2 with a usage line on stderr otherwise. The binary is
 * $NS_CLI; the topology file is in $NS_TEST_DATA. */
#include <string.h>
#include <sys/wait.h>

#include <glib.h>

typedef struct {
  int   status;
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

static Result
run_cli (const char *first, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  Result r = { 0 };
  int wait_status = 0;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("NS_CLI"));
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

static char *
console_file (void)
{
  return g_build_filename (g_getenv ("NS_TEST_DATA"), "console.netsketch.json", NULL);
}

static void
test_exec_ping (void)
{
  g_autofree char *file = console_file ();
  g_auto (Result) r = run_cli ("exec", file, "--node", "pc1", "--at", "1", "--", "ping", "-c",
                               "2", "www.example.com", NULL);
  g_auto (GStrv) lines = NULL;

  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 8);   /* 7 lines and the final newline */
  g_assert_cmpstr (lines[0], ==, "PING www.example.com (10.0.0.80) 56(84) bytes of data.");
  g_assert_true (g_regex_match_simple ("^64 bytes from 10\\.0\\.0\\.80: icmp_seq=1 ttl=63 "
                                       "time=[0-9.]+ ms$", lines[1], 0, 0));
  g_assert_cmpstr (lines[4], ==, "--- www.example.com ping statistics ---");
  g_assert_true (g_regex_match_simple ("^2 packets transmitted, 2 received, 0% packet loss, "
                                       "time [0-9]+ms$", lines[5], 0, 0));
  g_assert_cmpstr (lines[7], ==, "");
}

static void
test_exec_state_and_seed (void)
{
  g_autofree char *file = console_file ();
  g_auto (Result) before = run_cli ("exec", file, "--node", "pc1", "--", "arp", "-a", NULL);
  g_auto (Result) after = run_cli ("exec", file, "--node=pc1", "--at=11", "--", "arp", "-a", NULL);
  g_auto (Result) again = run_cli ("exec", file, "--node", "pc1", "--at", "11", "--", "arp", "-a",
                                   NULL);
  g_auto (Result) seeded = run_cli ("exec", file, "--node", "pc1", "--seed", "3", "--",
                                    "traceroute", "10.0.0.80", NULL);

  g_assert_cmpint (before.status, ==, 0);
  g_assert_cmpstr (before.out, ==, "");
  g_assert_cmpint (after.status, ==, 0);
  g_assert_true (g_str_has_prefix (after.out, "? (192.168.1.1) at "));
  /* Deterministic: the same file and time print the same. */
  g_assert_cmpstr (after.out, ==, again.out);
  g_assert_cmpint (seeded.status, ==, 0);
  g_assert_true (g_str_has_prefix (seeded.out, "traceroute to 10.0.0.80 (10.0.0.80)"));
}

static void
test_exec_errors (void)
{
  g_autofree char *file = console_file ();
  g_auto (Result) unknown = run_cli ("exec", file, "--node", "pc1", "--", "frobnicate", NULL);
  g_auto (Result) bad = run_cli ("exec", file, "--node", "pc1", "--", "ping", "-c", "0", "web",
                                 NULL);
  g_auto (Result) no_node = run_cli ("exec", file, "--", "ping", "web", NULL);
  g_auto (Result) switch_node = run_cli ("exec", file, "--node", "sw1", "--", "arp", "-a", NULL);
  g_auto (Result) bad_at = run_cli ("exec", file, "--node", "pc1", "--at", "soon", "--", "help",
                                    NULL);
  g_auto (Result) no_command = run_cli ("exec", file, "--node", "pc1", "--", NULL);
  g_auto (Result) no_file = run_cli ("exec", "/nonexistent.json", "--node", "pc1", "--", "help",
                                     NULL);
  g_auto (Result) ftp = run_cli ("exec", file, "--node", "pc1", "--", "ftp", "web", "a.txt",
                                 NULL);

  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_cmpstr (unknown.out, ==, "");
  g_assert_cmpstr (unknown.err, ==, "frobnicate: command not found\n"
                   "usage: COMMAND [ARG...] (type help for the list of commands)\n");
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_true (g_str_has_prefix (bad.err, "ping: invalid argument: '0'"));
  g_assert_nonnull (strstr (bad.err, "\nusage: ping "));
  g_assert_cmpint (no_node.status, ==, 2);
  g_assert_nonnull (strstr (no_node.err, "--node ID is required"));
  g_assert_nonnull (strstr (no_node.err, "usage: netsketch-cli exec FILE --node ID"));
  g_assert_cmpint (switch_node.status, ==, 2);
  g_assert_nonnull (strstr (switch_node.err, "no node \"sw1\" with a console"));
  g_assert_cmpint (bad_at.status, ==, 2);
  g_assert_nonnull (strstr (bad_at.err, "--at: 'soon'"));
  g_assert_cmpint (no_command.status, ==, 2);
  g_assert_cmpint (no_file.status, ==, 2);
  g_assert_nonnull (strstr (no_file.err, "/nonexistent.json"));
  /* ftp-get is an action a build may not have: said so, never a crash. */
  if (ftp.status != 0)
    {
      g_assert_cmpint (ftp.status, ==, 2);
      g_assert_true (g_str_has_prefix (ftp.err, "ftp: this build of Netsketch cannot run this "
                                       "command yet"));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/exec/ping", test_exec_ping);
  g_test_add_func ("/cli/exec/state-and-seed", test_exec_state_and_seed);
  g_test_add_func ("/cli/exec/errors", test_exec_errors);
  return g_test_run ();
}
