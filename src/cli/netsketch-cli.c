/* netsketch-cli: the simulation with no display (docs/command-line.md).
 *
 *   netsketch-cli run FILE [--until SECONDS] [--seed N] [--pcap OUT.pcapng]
 *                          [--pcap-link LINK_ID]... [--trace OUT.jsonl]
 *                          [--tcp-vars] [--quiet]
 *   netsketch-cli check FILE
 *   netsketch-cli grade FILE
 *   netsketch-cli --help | --version
 *
 * Exit status: 0 when the run finished (whatever the actions' results) or
 * the file is valid; 1 when `check` found problems; 2 for a bad command
 * line, or an unreadable or invalid file given to `run`. `grade` exits 0
 * when every check passed, 1 when some failed, 2 for a file that cannot
 * be graded (invalid, or without an activity). Messages go to
 * stderr; results and `check`'s findings to stdout.
 *
 * Output is written with stdio, not g_print(): g_print() converts to the
 * locale's charset, and result lines and paths are UTF-8 (the "→" of a
 * summary) that must reach pipes unchanged. */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli-exec.h"
#include "core/activity.h"
#include "core/pcapng.h"
#include "core/run.h"
#include "core/topology-file.h"
#include "core/trace-file.h"
#include "core/validate.h"

enum {
  EXIT_OK = 0,
  EXIT_PROBLEMS = 1,
  EXIT_USAGE = 2,
};

/* The largest --until: the clock is a gint64 of nanoseconds (292 years);
 * a million seconds is far beyond any lesson and safe to convert. */
#define MAX_UNTIL_SECONDS 1e6

typedef struct {
  char     *until;
  char     *seed;
  char     *pcap;
  char     *trace;
  char    **pcap_links;
  gboolean  tcp_vars;
  gboolean  quiet;
  gboolean  version;
  char    **args;
} Options;

static void
options_clear (Options *o)
{
  g_free (o->until);
  g_free (o->seed);
  g_free (o->pcap);
  g_free (o->trace);
  g_strfreev (o->pcap_links);
  g_strfreev (o->args);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

/* Writes @text and a newline to @stream, each of its lines with control
 * and bidi characters escaped: messages quote the file (ids, names,
 * URLs), whose bytes must not drive the terminal (an ESC or OSC sequence
 * retitles it or clears the screen) nor reorder the line (U+202E). */
static void
put_line (FILE *stream, const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *safe = ns_text_escape_controls (lines[i]);

      fputs (safe, stream);
      fputc ('\n', stream);
    }
}

static void G_GNUC_PRINTF (1, 2)
say_error (const char *format, ...)
{
  va_list args;
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  line = g_strdup_printf ("netsketch-cli: %s", text);
  put_line (stderr, line);
}

static int
usage_error (const char *message)
{
  say_error ("%s", message);
  fputs ("Try 'netsketch-cli --help' for more information.\n", stderr);
  return EXIT_USAGE;
}

static GOptionContext *
make_context (Options *o)
{
  const GOptionEntry entries[] = {
    { "until", 'u', 0, G_OPTION_ARG_STRING, &o->until,
      "run: stop after SECONDS of simulated time (default 60)", "SECONDS" },
    { "seed", 's', 0, G_OPTION_ARG_STRING, &o->seed,
      "run: use seed N instead of the file's", "N" },
    { "pcap", 'p', 0, G_OPTION_ARG_FILENAME, &o->pcap,
      "run: write every frame to a pcapng capture", "OUT.pcapng" },
    { "pcap-link", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->pcap_links,
      "run: put only this link's frames in the --pcap capture, in time order "
      "(repeatable)", "LINK_ID" },
    { "trace", 't', 0, G_OPTION_ARG_FILENAME, &o->trace,
      "run: write every event as JSON Lines", "OUT.jsonl" },
    { "tcp-vars", 0, 0, G_OPTION_ARG_NONE, &o->tcp_vars,
      "run: add tcp-vars events (cwnd, ssthresh, flight, rwnd, srtt, rto) to the trace",
      NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet,
      "run: print no result lines; check: print only problems", NULL },
    { "version", 'V', 0, G_OPTION_ARG_NONE, &o->version, "Print the version and exit", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->args, NULL,
      "COMMAND FILE" },
    { NULL },
  };
  GOptionContext *context = g_option_context_new (NULL);

  /* The positional arguments are described by G_OPTION_REMAINING's
   * arg_description: "Usage: netsketch-cli [OPTION…] COMMAND FILE". */

  g_option_context_set_summary (context,
    "Simulate a Netsketch topology file with no display.\n"
    "\n"
    "Commands:\n"
    "  run FILE     simulate until the scenario is done and the network is\n"
    "               quiet (or --until), print one line per action result\n"
    "  check FILE   validate FILE, print every problem; exit 1 if any\n"
    "  grade FILE   run the checks of FILE's activity, print PASS, FAIL or\n"
    "               QUESTION for each and the score; exit 0 if all passed,\n"
    "               1 if some failed\n"
    "  exec FILE --node ID [--at SECONDS] -- COMMAND [ARG...]\n"
    "               type COMMAND on host ID's console at --at (default 0),\n"
    "               print what the console shows (ping, traceroute, nslookup,\n"
    "               curl, arp -a, route, netstat -an, ipconfig, help, ...)");
  g_option_context_set_description (context,
    "Exit status: 0 run finished / file valid / all checks passed,\n"
    "1 check found problems / some checks failed,\n"
    "2 bad command line or unreadable or invalid file.");
  g_option_context_add_main_entries (context, entries, NULL);
  return context;
}

/* "SECONDS" as nanoseconds: a finite, non-negative decimal number. */
static gboolean
parse_until (const char *text, gint64 *ns_out)
{
  char *end = NULL;
  double seconds;

  if (text == NULL || *text == '\0' || g_ascii_isspace (*text))
    return FALSE;
  errno = 0;
  seconds = g_ascii_strtod (text, &end);
  if (errno != 0 || end == text || *end != '\0' || !isfinite (seconds) || seconds < 0
      || seconds > MAX_UNTIL_SECONDS)
    return FALSE;
  *ns_out = (gint64) llround (seconds * (double) NS_NSEC_PER_SEC);
  return TRUE;
}

static gboolean
parse_seed (const char *text, guint64 *seed_out)
{
  return text != NULL && g_ascii_isdigit (*text)
    && g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, seed_out, NULL);
}

/* The file's link ids in file order: one capture interface each. */
static GPtrArray *
link_names (const NsTopology *topology)
{
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; i < topology->links->len; i++)
    g_ptr_array_add (names, ((NsTopoLink *) g_ptr_array_index (topology->links, i))->id);
  g_ptr_array_add (names, NULL);
  return names;
}

static void
print_result_lines (NsRun *run)
{
  g_autoptr (GPtrArray) lines = ns_run_dup_result_lines (run);

  for (guint i = 0; i < lines->len; i++)
    {
      put_line (stdout, g_ptr_array_index (lines, i));
    }
  fflush (stdout);
}

/* Loads @path for `run`: any failure is printed and is exit status 2. */
static NsTopology *
load_for_run (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NsTopology) topology = ns_topology_load_file (path, &error);
  g_autoptr (GPtrArray) problems = NULL;

  if (topology == NULL)
    {
      if (error->domain == G_FILE_ERROR)
        say_error ("cannot read %s: %s", path, error->message);
      else
        put_line (stderr, error->message);
      return NULL;
    }
  /* The loader validates; this keeps `run` safe should it ever not. */
  problems = ns_topology_validate (topology);
  if (problems->len > 0)
    {
      g_autofree char *text = ns_problems_to_string (problems, path);

      put_line (stderr, text);
      return NULL;
    }
  return g_steal_pointer (&topology);
}

static int
write_outputs (NsRun *run, const Options *o)
{
  g_autoptr (GError) error = NULL;

  if (o->pcap != NULL)
    {
      g_autoptr (GPtrArray) names = link_names (ns_run_get_topology (run));

      if (!ns_pcapng_write_file_links (ns_run_get_trace (run),
                                       (const char *const *) names->pdata,
                                       (const char *const *) o->pcap_links, o->pcap, &error))
        {
          say_error ("cannot write the capture %s: %s", o->pcap, error->message);
          return EXIT_USAGE;
        }
    }
  if (o->trace != NULL
      && !ns_trace_write_jsonl_file_full (ns_run_get_trace (run), o->trace, o->tcp_vars, &error))
    {
      say_error ("cannot write the trace %s: %s", o->trace, error->message);
      return EXIT_USAGE;
    }
  return EXIT_OK;
}

/* A streamed run's trace file: each event becomes its line as the run
 * goes, gathered into large writes (the file is replaced only when it is
 * complete, as g_file_replace does). */
typedef struct {
  GFileOutputStream *stream;
  NsSummarizer      *summarizer;
  GString           *buf;
  GError            *error;   /* the first write that failed */
  gboolean           tcp_vars;
} TraceOut;

#define TRACE_FLUSH_AT (256 * 1024)

static void
trace_out_flush (TraceOut *t)
{
  if (t->error == NULL && t->buf->len > 0)
    g_output_stream_write_all (G_OUTPUT_STREAM (t->stream), t->buf->str, t->buf->len, NULL,
                               NULL, &t->error);
  g_string_truncate (t->buf, 0);
}

static void
trace_out_event (const NsTraceEvent *ev, guint index, gpointer user_data)
{
  TraceOut *t = user_data;

  if (t->stream == NULL)
    return;
  if (ns_trace_event_append_json (ev, t->summarizer, t->buf)
      || (t->tcp_vars && ns_trace_tcp_vars_append_json (ev, t->buf)))
    g_string_append_c (t->buf, '\n');
  if (t->buf->len >= TRACE_FLUSH_AT)
    trace_out_flush (t);
}

/* The run is left for the operating system to reclaim at exit: freeing a
 * large recording block by block takes longer than the run. Kept here so
 * leak checkers see it still reachable (volatile: a static that is only
 * written would otherwise be optimised away, and the run with it). */
static NsRun *volatile run_at_exit;

static int
command_run (const char *path, const Options *o)
{
  gint64 until_ns = NS_RUN_DEFAULT_UNTIL;
  guint64 seed = 0;
  g_autoptr (NsTopology) topology = NULL;
  g_autoptr (NsRun) run = NULL;
  g_autoptr (GError) error = NULL;

  if (o->until != NULL && !parse_until (o->until, &until_ns))
    {
      g_autofree char *msg = g_strdup_printf ("--until: '%s' is not a number of seconds "
                                              "(0 to %g)", o->until, MAX_UNTIL_SECONDS);

      return usage_error (msg);
    }
  if (o->seed != NULL && !parse_seed (o->seed, &seed))
    {
      g_autofree char *msg = g_strdup_printf ("--seed: '%s' is not a whole number "
                                              "from 0 to %" G_GUINT64_FORMAT,
                                              o->seed, G_MAXUINT64);

      return usage_error (msg);
    }
  if (o->pcap_links != NULL && o->pcap == NULL)
    return usage_error ("--pcap-link: it chooses the links of the --pcap capture; give --pcap too");
  if (o->tcp_vars && o->trace == NULL)
    return usage_error ("--tcp-vars: it adds events to the --trace file; give --trace too");
  topology = load_for_run (path);
  if (topology == NULL)
    return EXIT_USAGE;
  for (guint i = 0; o->pcap_links != NULL && o->pcap_links[i] != NULL; i++)
    if (ns_topology_link_index (topology, o->pcap_links[i]) < 0)
      {
        g_autofree char *msg = g_strdup_printf ("--pcap-link: %s has no link \"%s\"", path,
                                                o->pcap_links[i]);

        return usage_error (msg);
      }
  run = ns_run_new (topology, o->seed != NULL, seed, &error);
  if (run == NULL)
    {
      say_error ("%s: %s", path, error != NULL ? error->message : "cannot build the network");
      return EXIT_USAGE;
    }
  /* Without a capture (which groups frames link by link, so needs the
   * whole run) the events are written as they happen and forgotten:
   * memory stays bounded however long the run. */
  if (o->pcap == NULL)
    {
      g_autoptr (GFile) file = o->trace != NULL ? g_file_new_for_path (o->trace) : NULL;
      g_autoptr (NsSummarizer) summarizer = ns_summarizer_new ();
      g_autoptr (GString) buf = g_string_sized_new (TRACE_FLUSH_AT + 4096);
      TraceOut out = { NULL, summarizer, buf, NULL, o->tcp_vars };
      int status = EXIT_OK;

      if (file != NULL)
        {
          out.stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
          if (out.stream == NULL)
            {
              say_error ("cannot write the trace %s: %s", o->trace, error->message);
              return EXIT_USAGE;
            }
        }
      ns_run_stream_events (run, trace_out_event, &out);
      ns_run_execute (run, until_ns);
      if (!o->quiet)
        print_result_lines (run);
      if (out.stream != NULL)
        {
          trace_out_flush (&out);
          if (out.error == NULL)
            g_output_stream_close (G_OUTPUT_STREAM (out.stream), NULL, &out.error);
          else
            {
              /* Leave the old file (if any) in place rather than half a new one. */
              g_autoptr (GCancellable) cancel = g_cancellable_new ();

              g_cancellable_cancel (cancel);
              g_output_stream_close (G_OUTPUT_STREAM (out.stream), cancel, NULL);
            }
          if (out.error != NULL)
            {
              say_error ("cannot write the trace %s: %s", o->trace, out.error->message);
              status = EXIT_USAGE;
            }
          g_clear_error (&out.error);
          g_object_unref (out.stream);
        }
      run_at_exit = g_steal_pointer (&run);
      return status;
    }
  ns_run_execute (run, until_ns);
  if (!o->quiet)
    print_result_lines (run);
  if (ns_run_get_stop_note (run) != NULL)
    say_error ("%s: %s", path, ns_run_get_stop_note (run));
  run_at_exit = g_steal_pointer (&run);
  return write_outputs (run_at_exit, o);
}

static void
print_problems (const char *path, GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *line = ns_problem_to_string (g_ptr_array_index (problems, i), path);

      put_line (stdout, line);
    }
}

static int
command_check (const char *path, const Options *o)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (NsTopology) topology = ns_topology_load_file_full (path, &problems, &error);

  if (topology != NULL)
    {
      g_clear_pointer (&problems, g_ptr_array_unref);
      problems = ns_topology_validate (topology);
    }
  if (topology != NULL)
    {
      g_autoptr (GPtrArray) warnings = ns_topology_warnings (topology);

      for (guint i = 0; i < warnings->len; i++)
        {
          g_autofree char *line = ns_problem_to_string (g_ptr_array_index (warnings, i), path);

          printf ("warning: %s\n", line);
        }
    }
  if (problems != NULL && problems->len > 0)
    {
      print_problems (path, problems);
      fflush (stdout);
      return EXIT_PROBLEMS;
    }
  if (topology == NULL)
    {
      /* Nothing to list: the file could not be read at all. */
      g_autofree char *line = g_strdup_printf ("%s: %s", path,
                                               error != NULL ? error->message : "cannot be loaded");

      put_line (stdout, line);
      fflush (stdout);
      return EXIT_PROBLEMS;
    }
  if (!o->quiet)
    printf ("%s: valid (%u node%s, %u link%s, %u action%s)\n", path,
            topology->nodes->len, topology->nodes->len == 1 ? "" : "s",
            topology->links->len, topology->links->len == 1 ? "" : "s",
            topology->scenario->len, topology->scenario->len == 1 ? "" : "s");
  fflush (stdout);
  return EXIT_OK;
}

/* `grade`: one line per check, then the score (docs/file-format.md). */
static int
command_grade (const char *path)
{
  g_autoptr (NsTopology) topology = load_for_run (path);
  g_autoptr (GPtrArray) results = NULL;
  const NsActivity *activity;
  gboolean all_passed = TRUE;

  if (topology == NULL)
    return EXIT_USAGE;
  activity = topology->activity;
  if (activity == NULL)
    {
      say_error ("%s has no activity to grade (no \"activity\" object with checks)", path);
      return EXIT_USAGE;
    }
  results = ns_activity_grade (topology, NULL);
  for (guint i = 0; i < results->len; i++)
    {
      const NsCheck *check = g_ptr_array_index (activity->checks, i);
      const NsCheckResult *result = g_ptr_array_index (results, i);
      g_autofree char *line = ns_check_result_to_line (check, result);

      all_passed &= result->outcome != NS_CHECK_FAIL;
      put_line (stdout, line);
    }
  printf ("score: %u/%u\n", ns_activity_score (activity, results),
          ns_activity_max_points (activity));
  fflush (stdout);
  return all_passed ? EXIT_OK : EXIT_PROBLEMS;
}

/* Options that only make sense for `run` are a usage error elsewhere, so
 * that a mistyped command does not silently ignore them. */
static const char *
run_only_option (const Options *o)
{
  if (o->until != NULL)
    return "--until";
  if (o->seed != NULL)
    return "--seed";
  if (o->pcap != NULL)
    return "--pcap";
  if (o->trace != NULL)
    return "--trace";
  if (o->pcap_links != NULL)
    return "--pcap-link";
  if (o->tcp_vars)
    return "--tcp-vars";
  return NULL;
}

static int
dispatch (GOptionContext *context, const Options *o)
{
  guint n = o->args != NULL ? g_strv_length (o->args) : 0;
  const char *command = n > 0 ? o->args[0] : NULL;
  g_autofree char *msg = NULL;

  if (command == NULL)
    return usage_error ("no command given (run, check or grade)");
  if (strcmp (command, "help") == 0 && n == 1)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      fputs (help, stdout);
      return EXIT_OK;
    }
  if (strcmp (command, "run") != 0 && strcmp (command, "check") != 0
      && strcmp (command, "grade") != 0)
    {
      msg = g_strdup_printf ("unknown command '%s' (run, check or grade)", command);
      return usage_error (msg);
    }
  if (n < 2)
    {
      msg = g_strdup_printf ("%s: no FILE given", command);
      return usage_error (msg);
    }
  if (n > 2)
    {
      msg = g_strdup_printf ("%s: one FILE only, unexpected '%s'", command, o->args[2]);
      return usage_error (msg);
    }
  if (strcmp (command, "check") == 0)
    {
      if (run_only_option (o) != NULL)
        {
          msg = g_strdup_printf ("%s applies to run, not check", run_only_option (o));
          return usage_error (msg);
        }
      return command_check (o->args[1], o);
    }
  if (strcmp (command, "grade") == 0)
    {
      if (run_only_option (o) != NULL || o->quiet)
        {
          msg = g_strdup_printf ("%s applies to run, not grade",
                                 o->quiet ? "--quiet" : run_only_option (o));
          return usage_error (msg);
        }
      return command_grade (o->args[1]);
    }
  return command_run (o->args[1], o);
}

int
main (int argc, char **argv)
{
  g_auto (Options) o = { 0 };
  g_autoptr (GOptionContext) context = make_context (&o);
  g_autoptr (GError) error = NULL;
  int status;

  /* The character set only (GLib's messages, the "…" of --help); numbers
   * keep the C locale's decimal point, as scripts reading them expect. */
  setlocale (LC_CTYPE, "");
  /* exec's COMMAND has options of its own ("ping -c 3"): it parses its
   * command line itself. */
  if (argc > 1 && strcmp (argv[1], "exec") == 0)
    {
      status = ns_cli_exec (argc, argv);
      ns_packet_pool_trim ();
      return status;
    }
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (error->message);
  if (o.version)
    {
      printf ("netsketch-cli %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }
  status = dispatch (context, &o);
  ns_packet_pool_trim ();
  return status;
}
