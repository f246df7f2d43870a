/* console.c: the console's command parser and its scenario actions
 * (CONTRACT.md §5). Usage errors are worded as the real tools word them
 * (iputils ping, traceroute, curl, ...), followed by a "usage:" line. */
#include "core/console.h"

#include <string.h>

G_DEFINE_QUARK (ns-console-error-quark, ns_console_error)

static const char * const command_names[] = {
  "arp", "curl", "dhclient", "dig", "ftp", "help", "ip", "ipconfig", "nc", "netstat",
  "nslookup", "ping", "route", "ss", "traceroute", "tracert", "wget", NULL,
};

const char * const *
ns_console_command_names (void)
{
  return command_names;
}

static const char *
usage_of (const char *program)
{
  static const struct { const char *name, *usage; } usages[] = {
    { "ping", "usage: ping [-c count] [-i interval] [-t ttl] [-s packetsize] [-M do|want|dont] "
              "destination" },
    { "traceroute", "usage: traceroute [-n] [-m max_ttl] [-q nqueries] host" },
    { "tracert", "usage: tracert [-d] [-h maximum_hops] target_name" },
    { "nslookup", "usage: nslookup name [server]" },
    { "dig", "usage: dig name [@server]" },
    { "curl", "usage: curl [-i] [-s] URL" },
    { "wget", "usage: wget URL" },
    { "ftp", "usage: ftp host file" },
    { "nc", "usage: nc [-u] host port" },
    { "ipconfig", "usage: ipconfig [/all | /renew]" },
    { "dhclient", "usage: dhclient [interface]" },
    { "ip", "usage: ip addr | ip route | ip neigh" },
    { "arp", "usage: arp -a" },
    { "route", "usage: route [-n]" },
    { "netstat", "usage: netstat -an | netstat -r" },
    { "ss", "usage: ss -tan" },
    { "help", "usage: help" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (usages); i++)
    if (strcmp (usages[i].name, program) == 0)
      return usages[i].usage;
  return "usage: COMMAND [ARG...] (type help for the list of commands)";
}

static gpointer
usage_error (GError **error, const char *program, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gpointer
usage_error (GError **error, const char *program, const char *format, ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, NS_CONSOLE_ERROR, NS_CONSOLE_ERROR_USAGE, "%s\n%s", msg,
               usage_of (program));
  return NULL;
}

void
ns_console_command_free (NsConsoleCommand *cmd)
{
  if (cmd == NULL)
    return;
  g_free (cmd->line);
  g_free (cmd->program);
  g_free (cmd->target);
  g_free (cmd->name);
  g_free (cmd->server);
  g_free (cmd->url);
  g_free (cmd->file);
  g_free (cmd);
}

/* ---- a small getopt: "-c 3", "-c3", "-an" (flags together) ---- */

typedef struct {
  const char * const *argv;
  guint       i;          /* next argument */
  const char *cluster;    /* rest of a "-abc" being read, or NULL */
  GPtrArray  *operands;   /* borrowed strings */
} Opts;

/* The next option letter, 0 at the end of the options (operands are
 * collected on the way: options and operands may be mixed, as with GNU
 * getopt), or '?' for "--"-style long options we do not know. */
static char
opts_next (Opts *o)
{
  while (o->cluster == NULL || *o->cluster == '\0')
    {
      const char *arg = o->argv[o->i];

      o->cluster = NULL;
      if (arg == NULL)
        return 0;
      o->i++;
      if (strcmp (arg, "--") == 0)
        {
          for (; o->argv[o->i] != NULL; o->i++)
            g_ptr_array_add (o->operands, (gpointer) o->argv[o->i]);
          return 0;
        }
      if (arg[0] != '-' || arg[1] == '\0')
        {
          g_ptr_array_add (o->operands, (gpointer) arg);
          continue;
        }
      o->cluster = arg + 1;
    }
  return *o->cluster++;
}

/* The value of the option just read: the rest of its cluster, or the next
 * argument; NULL if there is none. */
static const char *
opts_value (Opts *o)
{
  const char *v;

  if (o->cluster != NULL && *o->cluster != '\0')
    {
      v = o->cluster;
      o->cluster = NULL;
      return v;
    }
  o->cluster = NULL;
  v = o->argv[o->i];
  if (v != NULL)
    o->i++;
  return v;
}

static gboolean
parse_uint (const char *text, guint64 min, guint64 max, guint64 *out)
{
  return text != NULL && g_ascii_string_to_unsigned (text, 10, min, max, out, NULL);
}

/* ---- the commands ---- */

static NsConsoleCommand *
command_new (NsConsoleKind kind, const char *program, const char *action)
{
  NsConsoleCommand *cmd = g_new0 (NsConsoleCommand, 1);

  cmd->kind = kind;
  cmd->program = g_strdup (program);
  cmd->action = (char *) action;   /* static strings */
  cmd->count = 4;
  cmd->interval_ms = 1000;
  cmd->size = 56;
  return cmd;
}

static NsConsoleCommand *
parse_ping (const char * const *argv, GError **error)
{
  g_autoptr (GPtrArray) operands = g_ptr_array_new ();
  g_autoptr (NsConsoleCommand) cmd = command_new (NS_CONSOLE_PING, "ping", "ping");
  Opts o = { argv, 1, NULL, operands };
  char c;

  while ((c = opts_next (&o)) != 0)
    {
      const char *v = NULL;
      guint64 n;

      if (strchr ("citsM", c) != NULL && (v = opts_value (&o)) == NULL)
        return usage_error (error, "ping", "ping: option requires an argument -- '%c'", c);
      switch (c)
        {
        case 'c':
          if (!parse_uint (v, 1, 65535, &n))
            return usage_error (error, "ping", "ping: invalid argument: '%s': out of range: "
                                "1 <= value <= 65535", v);
          cmd->count = (guint) n;
          break;
        case 'i':
          {
            char *end = NULL;
            double s = g_ascii_strtod (v, &end);

            if (end == v || *end != '\0' || !(s > 0) || s > 3600)
              return usage_error (error, "ping", "ping: bad timing interval: %s", v);
            cmd->interval_ms = s * 1000;
          }
          break;
        case 't':
          if (!parse_uint (v, 1, 255, &n))
            return usage_error (error, "ping", "ping: invalid argument: '%s': out of range: "
                                "1 <= value <= 255", v);
          cmd->ttl = (guint) n;
          break;
        case 's':
          if (!parse_uint (v, 0, 65507, &n))
            return usage_error (error, "ping", "ping: invalid argument: '%s': out of range: "
                                "0 <= value <= 65507", v);
          cmd->size = (gint) n;
          break;
        case 'M':
          if (strcmp (v, "do") == 0)
            cmd->dont_fragment = TRUE;
          else if (strcmp (v, "dont") != 0 && strcmp (v, "want") != 0)
            return usage_error (error, "ping", "ping: wrong value for -M: do, dont, want are "
                                "valid ones.");
          break;
        case 'n':
          break;   /* numeric output: the console never looks names up backwards */
        default:
          return usage_error (error, "ping", "ping: invalid option -- '%c'", c);
        }
    }
  if (operands->len == 0)
    return usage_error (error, "ping", "ping: usage error: Destination address required");
  if (operands->len > 1)
    return usage_error (error, "ping", "ping: usage error: Only one destination address "
                        "allowed");
  cmd->target = g_strdup (g_ptr_array_index (operands, 0));
  return g_steal_pointer (&cmd);
}

static NsConsoleCommand *
parse_traceroute (const char * const *argv, GError **error)
{
  const char *program = argv[0];
  gboolean windows = strcmp (program, "tracert") == 0;
  g_autoptr (GPtrArray) operands = g_ptr_array_new ();
  g_autoptr (NsConsoleCommand) cmd = command_new (NS_CONSOLE_TRACEROUTE, program, "traceroute");
  Opts o = { argv, 1, NULL, operands };
  char c;

  cmd->count = 3;      /* probes per hop, as traceroute(8) and tracert */
  cmd->ttl = 30;       /* max hops */
  while ((c = opts_next (&o)) != 0)
    {
      const char *v;
      guint64 n;

      if ((!windows && (c == 'm' || c == 'q')) || (windows && c == 'h'))
        {
          if ((v = opts_value (&o)) == NULL)
            return usage_error (error, program, "%s: option requires an argument -- '%c'",
                                program, c);
          if (c == 'q' ? !parse_uint (v, 1, 10, &n) : !parse_uint (v, 1, 255, &n))
            return usage_error (error, program, c == 'q'
                                ? "%s: no more than 10 probes per hop" :
                                "%s: invalid maximum hop count: %s", program, v);
          if (c == 'q')
            cmd->count = (guint) n;
          else
            cmd->ttl = (guint) n;
        }
      else if ((!windows && c == 'n') || (windows && c == 'd'))
        continue;
      else
        return usage_error (error, program, "%s: invalid option -- '%c'", program, c);
    }
  if (operands->len != 1)
    return usage_error (error, program, operands->len == 0
                        ? "%s: a host to trace is required" : "%s: only one host, please",
                        program);
  cmd->target = g_strdup (g_ptr_array_index (operands, 0));
  return g_steal_pointer (&cmd);
}

static NsConsoleCommand *
parse_nslookup (const char * const *argv, GError **error)
{
  const char *program = argv[0];
  gboolean dig = strcmp (program, "dig") == 0;
  g_autoptr (GPtrArray) operands = g_ptr_array_new ();
  g_autoptr (NsConsoleCommand) cmd = command_new (NS_CONSOLE_NSLOOKUP, program, "dns-lookup");
  Opts o = { argv, 1, NULL, operands };
  const char *server = NULL;
  char c;

  if ((c = opts_next (&o)) != 0)
    return usage_error (error, program, "%s: invalid option -- '%c'", program, c);
  for (guint i = 0; i < operands->len; i++)
    {
      const char *arg = g_ptr_array_index (operands, i);

      if (dig && arg[0] == '@')
        server = arg + 1;
      else if (dig && (g_ascii_strcasecmp (arg, "A") == 0 || g_ascii_strcasecmp (arg, "IN") == 0))
        continue;
      else if (cmd->name == NULL)
        cmd->name = g_strdup (arg);
      else if (!dig && server == NULL)
        server = arg;
      else
        return usage_error (error, program, "%s: too many arguments", program);
    }
  if (cmd->name == NULL)
    return usage_error (error, program, "%s: a name to look up is required", program);
  if (server != NULL)
    {
      guint32 addr;

      if (!ns_parse_ipv4 (server, &addr))
        return usage_error (error, program, "%s: the server must be an IPv4 address, not "
                            "\"%s\"", program, server);
      cmd->server = g_strdup (server);
    }
  return g_steal_pointer (&cmd);
}

static NsConsoleCommand *
parse_curl (const char * const *argv, GError **error)
{
  const char *program = argv[0];
  gboolean wget = strcmp (program, "wget") == 0;
  g_autoptr (GPtrArray) operands = g_ptr_array_new ();
  g_autoptr (NsConsoleCommand) cmd = command_new (NS_CONSOLE_CURL, program, "http-get");
  Opts o = { argv, 1, NULL, operands };
  const char *url;
  char c;

  while ((c = opts_next (&o)) != 0)
    {
      if (!wget && c == 'i')
        cmd->headers = TRUE;
      else if ((!wget && c == 's') || (wget && c == 'q'))
        continue;
      else if (wget && c == 'S')
        cmd->headers = TRUE;
      else if (wget)
        return usage_error (error, program, "wget: invalid option -- '%c'", c);
      else
        return usage_error (error, program, "curl: option -%c: is unknown\n"
                            "curl: try 'curl --help' or 'curl --manual' for more information",
                            c);
    }
  if (operands->len == 0)
    return usage_error (error, program, wget ? "wget: missing URL" : "curl: no URL specified!");
  if (operands->len > 1)
    return usage_error (error, program, "%s: one URL at a time, please", program);
  url = g_ptr_array_index (operands, 0);
  /* curl guesses http:// for a URL without a scheme; only http is spoken. */
  if (strstr (url, "://") == NULL)
    cmd->url = g_strconcat ("http://", url, NULL);
  else if (g_ascii_strncasecmp (url, "http://", 7) == 0)
    cmd->url = g_strdup (url);
  else
    {
      g_autofree char *scheme = g_strndup (url, (gsize) (strstr (url, "://") - url));

      return usage_error (error, program, "%s: (1) Protocol \"%s\" not supported or disabled "
                          "in libcurl", program, scheme);
    }
  /* "http://host" has the path "/" (RFC 9110 §4.2.3). */
  if (strchr (cmd->url + 7, '/') == NULL)
    {
      char *with_path = g_strconcat (cmd->url, "/", NULL);

      g_free (cmd->url);
      cmd->url = with_path;
    }
  if (cmd->url[7] == '\0' || cmd->url[7] == '/')
    return usage_error (error, program, "%s: (3) URL using bad/illegal format or missing URL",
                        program);
  return g_steal_pointer (&cmd);
}

static NsConsoleCommand *
parse_simple_operands (const char * const *argv, NsConsoleKind kind, const char *action,
                       guint n_min, guint n_max, const char *flags, GPtrArray *operands,
                       gboolean *flag_seen, GError **error)
{
  Opts o = { argv, 1, NULL, operands };
  char c;

  while ((c = opts_next (&o)) != 0)
    {
      if (flags == NULL || strchr (flags, c) == NULL)
        return usage_error (error, argv[0], "%s: invalid option -- '%c'", argv[0], c);
      if (flag_seen != NULL)
        *flag_seen = TRUE;
    }
  if (operands->len < n_min || operands->len > n_max)
    return usage_error (error, argv[0], operands->len < n_min ? "%s: missing argument"
                                                              : "%s: too many arguments",
                        argv[0]);
  return command_new (kind, argv[0], action);
}

static NsConsoleCommand *
parse_ftp (const char * const *argv, GError **error)
{
  g_autoptr (GPtrArray) operands = g_ptr_array_new ();
  NsConsoleCommand *cmd = parse_simple_operands (argv, NS_CONSOLE_FTP, "ftp-get", 2, 2, NULL,
                                                 operands, NULL, error);

  if (cmd == NULL)
    return NULL;
  cmd->target = g_strdup (g_ptr_array_index (operands, 0));
  cmd->file = g_strdup (g_ptr_array_index (operands, 1));
  return cmd;
}

static NsConsoleCommand *
parse_nc (const char * const *argv, GError **error)
{
  g_autoptr (GPtrArray) operands = g_ptr_array_new ();
  gboolean udp = FALSE;
  g_autoptr (NsConsoleCommand) cmd = parse_simple_operands (argv, NS_CONSOLE_NC, "tcp-send", 2,
                                                            2, "u", operands, &udp, error);
  guint64 port;

  if (cmd == NULL)
    return NULL;
  if (!parse_uint (g_ptr_array_index (operands, 1), 1, 65535, &port))
    return usage_error (error, "nc", "nc: port number invalid: %s",
                        (const char *) g_ptr_array_index (operands, 1));
  cmd->udp = udp;
  cmd->action = udp ? "udp-send" : "tcp-send";
  cmd->target = g_strdup_printf ("%s:%u", (const char *) g_ptr_array_index (operands, 0),
                                 (guint) port);
  return g_steal_pointer (&cmd);
}

static NsConsoleCommand *
parse_ipconfig (const char * const *argv, GError **error)
{
  if (argv[1] == NULL || (g_ascii_strcasecmp (argv[1], "/all") == 0 && argv[2] == NULL))
    return command_new (NS_CONSOLE_IPCONFIG, "ipconfig", NULL);
  if (g_ascii_strcasecmp (argv[1], "/renew") == 0 && argv[2] == NULL)
    return command_new (NS_CONSOLE_RENEW, "ipconfig", "dhcp");
  return usage_error (error, "ipconfig", "Error: unrecognized or incomplete command line.");
}

static gboolean
is_prefix_of (const char *word, const char *full, gsize min)
{
  gsize n = strlen (word);

  return n >= min && n <= strlen (full) && strncmp (word, full, n) == 0;
}

static NsConsoleCommand *
parse_ip (const char * const *argv, GError **error)
{
  const char *obj = argv[1];

  if (obj != NULL && (argv[2] == NULL || strcmp (argv[2], "show") == 0 || strcmp (argv[2], "list")
                      == 0) && (argv[2] == NULL || argv[3] == NULL))
    {
      if (is_prefix_of (obj, "address", 1) || strcmp (obj, "addr") == 0)
        return command_new (NS_CONSOLE_IPCONFIG, "ip", NULL);
      if (is_prefix_of (obj, "route", 1))
        return command_new (NS_CONSOLE_ROUTE, "ip", NULL);
      if (is_prefix_of (obj, "neighbour", 1) || is_prefix_of (obj, "neighbor", 1))
        return command_new (NS_CONSOLE_ARP, "ip", NULL);
    }
  if (obj == NULL)
    return usage_error (error, "ip", "ip: an object is required");
  return usage_error (error, "ip", "Object \"%s\" is unknown, try \"ip help\".", obj);
}

static NsConsoleCommand *
parse_netstat (const char * const *argv, GError **error)
{
  const char *program = argv[0];
  gboolean ss = strcmp (program, "ss") == 0;
  g_autoptr (GPtrArray) operands = g_ptr_array_new ();
  Opts o = { argv, 1, NULL, operands };
  gboolean routes = FALSE;
  char c;

  while ((c = opts_next (&o)) != 0)
    {
      if (!ss && c == 'r')
        routes = TRUE;
      else if (strchr (ss ? "tuanl" : "tuan", c) == NULL)
        return usage_error (error, program, "%s: invalid option -- '%c'", program, c);
    }
  if (operands->len > 0)
    return usage_error (error, program, "%s: too many arguments", program);
  return command_new (routes ? NS_CONSOLE_ROUTE : NS_CONSOLE_NETSTAT, program, NULL);
}

NsConsoleCommand *
ns_console_parse_argv (const char * const *argv, GError **error)
{
  const char *program;
  NsConsoleCommand *cmd = NULL;

  g_return_val_if_fail (argv != NULL, NULL);
  program = argv[0];
  if (program == NULL || *program == '\0')
    {
      g_set_error (error, NS_CONSOLE_ERROR, NS_CONSOLE_ERROR_UNKNOWN,
                   "no command given\n%s", usage_of (""));
      return NULL;
    }
  if (strcmp (program, "ping") == 0)
    cmd = parse_ping (argv, error);
  else if (strcmp (program, "traceroute") == 0 || strcmp (program, "tracert") == 0)
    cmd = parse_traceroute (argv, error);
  else if (strcmp (program, "nslookup") == 0 || strcmp (program, "dig") == 0)
    cmd = parse_nslookup (argv, error);
  else if (strcmp (program, "curl") == 0 || strcmp (program, "wget") == 0)
    cmd = parse_curl (argv, error);
  else if (strcmp (program, "ftp") == 0)
    cmd = parse_ftp (argv, error);
  else if (strcmp (program, "nc") == 0)
    cmd = parse_nc (argv, error);
  else if (g_ascii_strcasecmp (program, "ipconfig") == 0)
    cmd = parse_ipconfig (argv, error);
  else if (strcmp (program, "dhclient") == 0)
    {
      g_autoptr (GPtrArray) operands = g_ptr_array_new ();

      cmd = parse_simple_operands (argv, NS_CONSOLE_RENEW, "dhcp", 0, 1, NULL, operands, NULL,
                                   error);
      if (cmd != NULL && operands->len == 1)
        cmd->name = g_strdup (g_ptr_array_index (operands, 0));
    }
  else if (strcmp (program, "ip") == 0)
    cmd = parse_ip (argv, error);
  else if (strcmp (program, "arp") == 0)
    {
      g_autoptr (GPtrArray) operands = g_ptr_array_new ();

      cmd = parse_simple_operands (argv, NS_CONSOLE_ARP, NULL, 0, 0, "anv", operands, NULL,
                                   error);
    }
  else if (strcmp (program, "route") == 0)
    {
      g_autoptr (GPtrArray) operands = g_ptr_array_new ();

      cmd = parse_simple_operands (argv, NS_CONSOLE_ROUTE, NULL, 0, 0, "n", operands, NULL,
                                   error);
    }
  else if (strcmp (program, "netstat") == 0 || strcmp (program, "ss") == 0)
    cmd = parse_netstat (argv, error);
  else if (strcmp (program, "help") == 0)
    {
      g_autoptr (GPtrArray) operands = g_ptr_array_new ();

      cmd = parse_simple_operands (argv, NS_CONSOLE_HELP, NULL, 0, 1, NULL, operands, NULL,
                                   error);
    }
  else
    {
      g_set_error (error, NS_CONSOLE_ERROR, NS_CONSOLE_ERROR_UNKNOWN,
                   "%s: command not found\n%s", program, usage_of (""));
      return NULL;
    }
  if (cmd == NULL)
    return NULL;
  {
    GString *line = g_string_new (NULL);

    for (guint i = 0; argv[i] != NULL; i++)
      {
        gboolean plain = argv[i][0] != '\0' && strpbrk (argv[i], " \t\n'\"\\$`*?&;|<>()") == NULL;
        g_autofree char *quoted = plain ? g_strdup (argv[i]) : g_shell_quote (argv[i]);

        if (i > 0)
          g_string_append_c (line, ' ');
        g_string_append (line, quoted);
      }
    cmd->line = g_string_free (line, FALSE);
  }
  return cmd;
}

NsConsoleCommand *
ns_console_parse_line (const char *line, GError **error)
{
  g_auto (GStrv) argv = NULL;
  g_autoptr (GError) shell_error = NULL;
  int argc = 0;

  if (line == NULL || !g_shell_parse_argv (line, &argc, &argv, &shell_error))
    {
      if (shell_error != NULL && shell_error->code != G_SHELL_ERROR_EMPTY_STRING)
        {
          g_set_error (error, NS_CONSOLE_ERROR, NS_CONSOLE_ERROR_USAGE, "%s\n%s",
                       shell_error->message, usage_of (""));
          return NULL;
        }
      g_set_error (error, NS_CONSOLE_ERROR, NS_CONSOLE_ERROR_UNKNOWN, "no command given\n%s",
                   usage_of (""));
      return NULL;
    }
  return ns_console_parse_argv ((const char * const *) argv, error);
}

gboolean
ns_console_command_is_action (const NsConsoleCommand *cmd)
{
  return cmd != NULL && cmd->action != NULL;
}

NsTopoAction *
ns_console_command_to_action (const NsConsoleCommand *cmd, const char *node, double at_s)
{
  NsTopoAction *a;

  g_return_val_if_fail (ns_console_command_is_action (cmd), NULL);
  a = ns_topo_action_new (node, cmd->action);
  a->at = at_s;
  a->extra = json_object_new ();
  json_object_set_string_member (a->extra, "from", "console");
  json_object_set_string_member (a->extra, "command", cmd->line);
  switch (cmd->kind)
    {
    case NS_CONSOLE_PING:
      a->target = g_strdup (cmd->target);
      a->count = cmd->count;
      a->interval_ms = cmd->interval_ms;
      a->ttl = cmd->ttl;
      if (cmd->size != 56)
        json_object_set_int_member (a->extra, "size", cmd->size);
      break;
    case NS_CONSOLE_TRACEROUTE:
      a->target = g_strdup (cmd->target);
      json_object_set_int_member (a->extra, "probes", cmd->count);
      json_object_set_int_member (a->extra, "max_hops", cmd->ttl);
      break;
    case NS_CONSOLE_NSLOOKUP:
      a->name = g_strdup (cmd->name);
      if (cmd->server != NULL)
        json_object_set_string_member (a->extra, "server", cmd->server);
      break;
    case NS_CONSOLE_CURL:
      a->url = g_strdup (cmd->url);
      break;
    case NS_CONSOLE_FTP:
      a->target = g_strdup (cmd->target);
      json_object_set_string_member (a->extra, "file", cmd->file);
      break;
    case NS_CONSOLE_NC:
      a->target = g_strdup (cmd->target);
      /* nc sends the line the learner would type: "hello" and a newline. */
      a->bytes = 6;
      a->count = 1;
      break;
    case NS_CONSOLE_RENEW:
      if (cmd->name != NULL)
        json_object_set_string_member (a->extra, "iface", cmd->name);
      break;
    default:
      break;
    }
  return a;
}

gboolean
ns_console_action_is_console (const NsTopoAction *action)
{
  return action != NULL && action->extra != NULL
         && json_object_has_member (action->extra, "from")
         && json_node_get_value_type (json_object_get_member (action->extra, "from"))
            == G_TYPE_STRING
         && strcmp (json_object_get_string_member (action->extra, "from"), "console") == 0;
}

NsConsoleCommand *
ns_console_command_from_action (const NsTopoAction *action)
{
  g_autofree char *line = NULL;

  if (action == NULL)
    return NULL;
  if (action->extra != NULL && json_object_has_member (action->extra, "command")
      && json_node_get_value_type (json_object_get_member (action->extra, "command"))
         == G_TYPE_STRING)
    {
      NsConsoleCommand *cmd = ns_console_parse_line (
        json_object_get_string_member (action->extra, "command"), NULL);

      if (cmd != NULL && g_strcmp0 (cmd->action, action->action) == 0)
        return cmd;
      ns_console_command_free (cmd);
    }
  /* No command kept (written by hand): the nearest command. */
  if (g_strcmp0 (action->action, "ping") == 0 && action->target != NULL)
    line = g_strdup_printf ("ping -c %u %s", action->count ? action->count : 4, action->target);
  else if (g_strcmp0 (action->action, "traceroute") == 0 && action->target != NULL)
    line = g_strdup_printf ("traceroute %s", action->target);
  else if (g_strcmp0 (action->action, "dns-lookup") == 0 && action->name != NULL)
    line = g_strdup_printf ("nslookup %s", action->name);
  else if (g_strcmp0 (action->action, "http-get") == 0 && action->url != NULL)
    line = g_strdup_printf ("curl %s", action->url);
  else
    return NULL;
  return ns_console_parse_line (line, NULL);
}

void
ns_console_line_free (NsConsoleLine *line)
{
  if (line == NULL)
    return;
  g_free (line->text);
  g_free (line);
}
