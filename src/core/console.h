/* console.h: the host console (CONTRACT.md §5). A learner types the
 * commands they know from their own computer; a command that sends traffic
 * becomes a scenario action at the cursor's time (marked
 * `"from": "console"`, with the command as typed), and its output is read
 * back from the recorded run, each line stamped with the simulated time of
 * the event that causes it. Commands that only read state print the state
 * at that time. Output follows the real tools' formats (docs/console.md).
 * GLib only. */
#pragma once

#include <glib.h>

#include "core/player.h"
#include "core/topology.h"

G_BEGIN_DECLS

#define NS_CONSOLE_ERROR (ns_console_error_quark ())
GQuark ns_console_error_quark (void);

typedef enum {
  NS_CONSOLE_ERROR_UNKNOWN,   /* no such command */
  NS_CONSOLE_ERROR_USAGE,     /* bad options or arguments */
  NS_CONSOLE_ERROR_UNSUPPORTED, /* the command's action is not in this build */
} NsConsoleError;

typedef enum {
  NS_CONSOLE_PING,
  NS_CONSOLE_TRACEROUTE,
  NS_CONSOLE_NSLOOKUP,
  NS_CONSOLE_CURL,
  NS_CONSOLE_FTP,
  NS_CONSOLE_NC,
  NS_CONSOLE_IPCONFIG,
  NS_CONSOLE_RENEW,
  NS_CONSOLE_ARP,
  NS_CONSOLE_ROUTE,
  NS_CONSOLE_NETSTAT,
  NS_CONSOLE_HELP,
} NsConsoleKind;

typedef struct {
  NsConsoleKind kind;
  char      *line;        /* the command as typed, arguments quoted where needed */
  char      *program;     /* the name typed ("tracert", "ip", ...) */
  /* Traffic commands: the action's `do` and fields (node and time unset). */
  char      *action;      /* "ping", "traceroute", "dns-lookup", "http-get", "ftp-get",
                             "tcp-send", "udp-send", "dhcp"; NULL for read-only commands */
  char      *target;      /* ping, traceroute, nc: host or host:port; ftp: host */
  char      *name;        /* nslookup */
  char      *server;      /* nslookup SERVER, or NULL */
  char      *url;         /* curl */
  char      *file;        /* ftp */
  guint      count;       /* ping -c (default 4) */
  double     interval_ms; /* ping -i (default 1000) */
  guint      ttl;         /* ping -t (0: default) */
  gint       size;        /* ping -s (default 56) */
  gboolean   dont_fragment; /* ping -M do */
  gboolean   udp;         /* nc -u */
  gboolean   headers;     /* curl -i */
} NsConsoleCommand;

/* Parses @argv (argv[0] the command). NULL with an NS_CONSOLE_ERROR whose
 * message is what the real tool says, then a line starting "usage:". */
NsConsoleCommand *ns_console_parse_argv (const char * const *argv, GError **error);
/* The same for a line as typed (shell-like quoting). */
NsConsoleCommand *ns_console_parse_line (const char *line, GError **error);
void              ns_console_command_free (NsConsoleCommand *cmd);

/* TRUE for a command that sends traffic (becomes a scenario action). */
gboolean          ns_console_command_is_action (const NsConsoleCommand *cmd);

/* The scenario action for a traffic command typed on @node at @at_s
 * seconds: `"from": "console"` and `"command"` kept in its extra fields. */
NsTopoAction     *ns_console_command_to_action (const NsConsoleCommand *cmd, const char *node,
                                                double at_s);
/* TRUE if @action was typed on a console. */
gboolean          ns_console_action_is_console (const NsTopoAction *action);
/* The command a console action was made from (its `command`, or one
 * rebuilt from its fields), or NULL. */
NsConsoleCommand *ns_console_command_from_action (const NsTopoAction *action);

/* One line of output at the simulated time that causes it. */
typedef struct {
  gint64  t;      /* ns */
  char   *text;
} NsConsoleLine;

void              ns_console_line_free (NsConsoleLine *line);

/* The output of @cmd typed on @node at @at_ns, from @player's run: for a
 * traffic command, the events of scenario action @action_index (which must
 * be the action ns_console_command_to_action made); for a read-only command,
 * the state at @at_ns (@action_index ignored; the player's cursor is moved
 * there). GPtrArray of NsConsoleLine, in time order. */
GPtrArray        *ns_console_output (NsPlayer *player, const char *node,
                                     const NsConsoleCommand *cmd, guint action_index,
                                     gint64 at_ns);

/* Types @cmd on @node's console at @at_s seconds of a copy of @topology
 * (with the seed @seed when @override_seed), runs the network and returns
 * the output (what `netsketch-cli exec` prints). NULL with an error when
 * the network cannot be built; NS_CONSOLE_ERROR_UNSUPPORTED when only the
 * command's action is what this build cannot run. */
GPtrArray        *ns_console_exec (const NsTopology *topology, const char *node,
                                   const NsConsoleCommand *cmd, double at_s,
                                   gboolean override_seed, guint64 seed, GError **error);

/* A round-trip time as iputils ping(8) prints it (3 significant digits:
 * "0.512", "4.21", "12.3", "123"), from microseconds. */
char             *ns_console_format_rtt (gint64 us);

/* The command names, for `help` and completion, NULL-terminated. */
const char * const *ns_console_command_names (void);

/* An HTTP response as the client received it (from the frames of the
 * run), for the browser view: NULL if none. */
typedef struct {
  guint   status;
  char   *head;     /* status line and headers, CRLF turned into LF */
  GBytes *body;
} NsConsoleHttpResponse;

NsConsoleHttpResponse *ns_console_http_response (NsPlayer *player, const char *node,
                                                 guint action_index);
void              ns_console_http_response_free (NsConsoleHttpResponse *resp);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NsConsoleCommand, ns_console_command_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NsConsoleHttpResponse, ns_console_http_response_free)

G_END_DECLS
