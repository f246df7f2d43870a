/* cli-exec.c: `netsketch-cli exec FILE --node ID [--at SECONDS] [--seed N]
 * -- COMMAND [ARG...]` (CONTRACT.md §2b): types COMMAND on the console of
 * host ID at simulated time --at, runs the network and prints what the
 * app's console shows (§5), line by line.
 *
 * Exit status: 0 when the command ran (even if, like a ping that gets no
 * reply, it reports a failure); 2 for an unknown command, bad arguments, a
 * bad command line, or an unreadable or invalid file, with the message on
 * stderr. */
#include "cli/cli-exec.h"

#include <stdio.h>
#include <string.h>

#include "core/console.h"
#include "core/player.h"
#include "core/run.h"
#include "core/topology-file.h"
#include "core/validate.h"

#define EXEC_USAGE "usage: netsketch-cli exec FILE --node ID [--at SECONDS] [--seed N] -- " \
                   "COMMAND [ARG...]"

static int
exec_usage (const char *format, ...) G_GNUC_PRINTF (1, 2);

static int
exec_usage (const char *format, ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "netsketch-cli: exec: %s\n%s\n", msg, EXEC_USAGE);
  return 2;
}

static gboolean
parse_seconds (const char *text, double *out)
{
  char *end = NULL;
  double s;

  if (text == NULL || *text == '\0' || g_ascii_isspace (*text))
    return FALSE;
  s = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !(s >= 0) || s > 1e6)
    return FALSE;
  *out = s;
  return TRUE;
}

/* The value of "--name VALUE" or "--name=VALUE" at argv[*i], advancing
 * *i; NULL if argv[*i] is not that option. @missing is set when the
 * value is absent. */
static const char *
option_value (char **argv, int argc, int *i, const char *name, gboolean *missing)
{
  gsize n = strlen (name);

  if (strncmp (argv[*i], name, n) != 0)
    return NULL;
  if (argv[*i][n] == '=')
    return argv[*i] + n + 1;
  if (argv[*i][n] != '\0')
    return NULL;
  if (*i + 1 >= argc)
    {
      *missing = TRUE;
      return NULL;
    }
  (*i)++;
  return argv[*i];
}

int
ns_cli_exec (int argc, char **argv)
{
  const char *path = NULL, *node = NULL, *at_text = NULL, *seed_text = NULL;
  g_autoptr (GPtrArray) words = g_ptr_array_new ();
  g_autoptr (NsTopology) topology = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (NsConsoleCommand) cmd = NULL;
  g_autoptr (GPtrArray) lines = NULL;
  NsTopoNode *tn;
  double at_s = 0;
  guint64 seed = 0;
  int i;

  /* argv[0] is the program, argv[1] "exec". */
  for (i = 2; i < argc; i++)
    {
      gboolean missing = FALSE;
      const char *v;

      if (strcmp (argv[i], "--") == 0)
        {
          for (i++; i < argc; i++)
            g_ptr_array_add (words, argv[i]);
          break;
        }
      if ((v = option_value (argv, argc, &i, "--node", &missing)) != NULL)
        node = v;
      else if ((v = option_value (argv, argc, &i, "--at", &missing)) != NULL)
        at_text = v;
      else if ((v = option_value (argv, argc, &i, "--seed", &missing)) != NULL)
        seed_text = v;
      else if (missing)
        return exec_usage ("%s needs a value", argv[i]);
      else if (argv[i][0] == '-' && argv[i][1] == '-' && path != NULL && words->len == 0
               && node == NULL)
        return exec_usage ("unknown option '%s'", argv[i]);
      else if (path == NULL)
        path = argv[i];
      else if (argv[i][0] == '-' && words->len == 0 && (strcmp (argv[i], "--help") == 0))
        return exec_usage ("no help here");
      else
        /* No "--": the command starts at the first word that is not ours. */
        {
          for (; i < argc; i++)
            g_ptr_array_add (words, argv[i]);
          break;
        }
    }
  if (path == NULL)
    return exec_usage ("no FILE given");
  if (node == NULL)
    return exec_usage ("--node ID is required");
  if (at_text != NULL && !parse_seconds (at_text, &at_s))
    return exec_usage ("--at: '%s' is not a number of seconds (0 to 1e6)", at_text);
  if (seed_text != NULL && !g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT64, &seed, NULL))
    return exec_usage ("--seed: '%s' is not a whole number", seed_text);
  if (words->len == 0)
    return exec_usage ("no COMMAND given after --");
  g_ptr_array_add (words, NULL);

  topology = ns_topology_load_file_full (path, &problems, &error);
  if (topology == NULL)
    {
      fprintf (stderr, "netsketch-cli: %s: %s\n", path,
               error != NULL ? error->message : "cannot be loaded");
      return 2;
    }
  tn = ns_topology_find_node (topology, node);
  if (tn == NULL || tn->kind == NS_NODE_SWITCH)
    return exec_usage ("--node: %s has no node \"%s\" with a console (a host or a router)",
                       path, node);

  cmd = ns_console_parse_argv ((const char * const *) words->pdata, &error);
  if (cmd == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  lines = ns_console_exec (topology, node, cmd, at_s, seed_text != NULL, seed, &error);
  if (lines == NULL)
    {
      if (g_error_matches (error, NS_CONSOLE_ERROR, NS_CONSOLE_ERROR_UNSUPPORTED))
        fprintf (stderr, "%s\n", error->message);
      else
        fprintf (stderr, "netsketch-cli: %s: %s\n", path,
                 error != NULL ? error->message : "cannot build the network");
      return 2;
    }
  for (guint k = 0; k < lines->len; k++)
    {
      const NsConsoleLine *line = g_ptr_array_index (lines, k);

      fputs (line->text, stdout);
      fputc ('\n', stdout);
    }
  fflush (stdout);
  return 0;
}
