/* scenario.c: services and scenario actions. An action whose target is a
 * name is started once the host's resolver has turned it into an address. */
#include "core/scenario.h"

#include <string.h>

#include "net/apps/http.h"
#include "net/apps/ping.h"
#include "net/apps/tcp-apps.h"
#include "net/apps/traceroute.h"
#include "net/apps/udp-apps.h"
#include "net/dns.h"
#include "sim/trace.h"

typedef struct {
  NsStack            *stack;     /* the node's stack when the action runs */
  NsStackLookupFunc   lookup;
  gpointer            lookup_data;
  const NsTopoAction *action;
  char               *host;
  guint16             port;
  guint               tag;      /* the action's index + 1: stamped on its app events */
} NsPendingAction;

/* An optional number field an action carries beside the §1 fields (the
 * console's options, CONTRACT.md §5), or @def. */
static gint64
action_extra_int (const NsTopoAction *a, const char *name, gint64 def)
{
  JsonNode *node;

  if (a->extra == NULL || (node = json_object_get_member (a->extra, name)) == NULL
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return def;
  return json_node_get_int (node);
}

static gboolean
action_from_console (const NsTopoAction *a)
{
  return a->extra != NULL && json_object_has_member (a->extra, "from")
         && g_strcmp0 (json_object_get_string_member_with_default (a->extra, "from", ""),
                       "console") == 0;
}

static void
pending_action_free (gpointer data)
{
  NsPendingAction *pa = data;

  g_free (pa->host);
  g_free (pa);
}

gboolean
ns_scenario_split_target (const char *target, char **host_out, guint16 *port_out)
{
  const char *colon = target != NULL ? strrchr (target, ':') : NULL;
  guint64 port = 0;

  *host_out = NULL;
  *port_out = 0;
  if (target == NULL || *target == '\0')
    return FALSE;
  if (colon == NULL)
    {
      *host_out = g_strdup (target);
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &port, NULL) || colon == target)
    return FALSE;
  *host_out = g_strndup (target, (gsize) (colon - target));
  *port_out = (guint16) port;
  return TRUE;
}

/* A tcp-discard's `read_bytes_per_s` and `pause_reading` [from_s, to_s]
 * (docs/file-format.md; checked on load). */
static void
reader_params (const NsTopoService *service, NsTcpReaderParams *reader)
{
  JsonObject *extra = service->extra;

  if (extra == NULL)
    return;
  if (json_object_has_member (extra, "read_bytes_per_s"))
    reader->read_bytes_per_s = json_object_get_double_member (extra, "read_bytes_per_s");
  if (json_object_has_member (extra, "pause_reading"))
    {
      JsonNode *node = json_object_get_member (extra, "pause_reading");
      JsonArray *pair = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

      if (pair != NULL && json_array_get_length (pair) == 2)
        {
          reader->pause_from_ns =
            (gint64)(json_array_get_double_element (pair, 0) * NS_NSEC_PER_SEC);
          reader->pause_to_ns = (gint64)(json_array_get_double_element (pair, 1) * NS_NSEC_PER_SEC);
        }
    }
}

static gboolean
start_dns_server (NsStack *stack, const NsTopoNode *node, const NsTopoService *service,
                  GError **error)
{
  g_autoptr (NsDnsZone) zone = ns_dns_zone_new ();
  guint32 root = 0;

  for (guint r = 0; r < service->records->len; r++)
    {
      NsTopoRecord *rec = g_ptr_array_index (service->records, r);

      if (!ns_dns_zone_add (zone, rec->name, rec->type, rec->value, rec->ttl, error))
        {
          g_prefix_error (error, "%s: dns-server: ", node->id);
          return FALSE;
        }
    }
  if (service->root != NULL && !ns_ipv4_from_string (service->root, &root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s: dns-server: root \"%s\" is not an IPv4 address", node->id, service->root);
      return FALSE;
    }
  if (ns_dns_server_start (stack, service->port, g_steal_pointer (&zone), service->recursive,
                           root, error) == NULL)
    {
      g_prefix_error (error, "%s: ", node->id);
      return FALSE;
    }
  return TRUE;
}

gboolean
ns_scenario_setup_node (NsStack *stack, const NsTopoNode *node, GError **error)
{
  if (node->dns->len > 0)
    ns_dns_set_servers (stack, (const guint32 *) node->dns->data, node->dns->len);
  for (guint i = 0; i < node->services->len; i++)
    {
      NsTopoService *service = g_ptr_array_index (node->services, i);
      gboolean ok = TRUE;

      if (g_strcmp0 (service->type, "dns-server") == 0)
        {
          if (!start_dns_server (stack, node, service, error))
            return FALSE;
          continue;
        }
      if (g_strcmp0 (service->type, "http-server") == 0)
        {
          if (!ns_http_server_start (stack, service->port, service->body_bytes, error))
            {
              g_prefix_error (error, "%s: ", node->id);
              return FALSE;
            }
          continue;
        }
      if (g_strcmp0 (service->type, "udp-echo") == 0)
        ok = ns_udp_echo_start (stack, service->port);
      else if (g_strcmp0 (service->type, "udp-discard") == 0)
        ok = ns_udp_discard_start (stack, service->port);
      else if (g_strcmp0 (service->type, "tcp-echo") == 0)
        {
          NsTcpReaderParams reader = { 0 };

          reader_params (service, &reader);
          ok = ns_tcp_echo_start_full (stack, service->port, &reader);
        }
      else if (g_strcmp0 (service->type, "tcp-discard") == 0)
        {
          NsTcpReaderParams reader = { 0 };

          reader_params (service, &reader);
          ok = ns_tcp_discard_start_full (stack, service->port, &reader);
        }
      if (!ok)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       "%s: service %s cannot use port %u: it is taken", node->id, service->type,
                       service->port);
          return FALSE;
        }
    }
  return TRUE;
}

/* Starts the action now that its target is an address. */
static void
start_action (NsPendingAction *pa, guint32 addr)
{
  const NsTopoAction *a = pa->action;
  const char *label = a->target != NULL ? a->target : "";

  if (g_strcmp0 (a->action, "ping") == 0)
    {
      NsPingParams params;

      ns_ping_params_init (&params, addr);
      if (a->count > 0)
        params.count = a->count;
      if (a->interval_ms > 0)
        params.interval_ns = (gint64) (a->interval_ms * NS_NSEC_PER_MSEC);
      params.ttl = (guint8) MIN (a->ttl, 255);
      params.data_len = (gsize) CLAMP (action_extra_int (a, "size", 56), 0, 65507);
      ns_ping_start (pa->stack, &params, label);
    }
  else if (g_strcmp0 (a->action, "traceroute") == 0)
    ns_traceroute_start_full (pa->stack, addr, label,
                              (guint) CLAMP (action_extra_int (a, "max_hops", 0), 0, 255),
                              (guint) CLAMP (action_extra_int (a, "probes", 1), 1, 10));
  else if (g_strcmp0 (a->action, "udp-send") == 0)
    {
      NsUdpSendParams params = {
        .target = addr, .port = pa->port,
        .from_port = a->from_port > 0 ? (guint16) a->from_port : 0,
        .bytes = (gsize) MIN (a->bytes, 65507), .count = a->count ? a->count : 1,
        .interval_ns = (gint64) (a->interval_ms * NS_NSEC_PER_MSEC),
      };
      ns_udp_send_start (pa->stack, &params, label);
    }
  else if (g_strcmp0 (a->action, "tcp-send") == 0)
    {
      NsTcpSendParams params = {
        .target = addr, .port = pa->port,
        .from_port = a->from_port > 0 ? (guint16) a->from_port : 0,
        .bytes = a->bytes,
      };
      ns_tcp_send_start (pa->stack, &params, label);
    }
  else
    ns_stack_report_app (pa->stack, a->action, FALSE, NULL, "%s: this action is not "
                         "supported yet", a->action);
}

/* A name target: the resolver answered. */
static void
name_resolved (NsStack *stack, const NsDnsResult *result, gpointer user_data)
{
  NsPendingAction *pa = user_data;
  guint old_tag = ns_stack_set_app_tag (stack, pa->tag);

  if (result->status == NS_DNS_OK)
    {
      /* The console prints the address a name stood for as ping(8) does
       * ("PING www.example.com (10.0.1.80)"), at the moment it is known. */
      if (action_from_console (pa->action))
        {
          char addr[16];

          ns_stack_report_app_step (stack, pa->action->action, TRUE,
                                    g_variant_new_parsed ("{'address': <%s>}",
                                                          ns_ipv4_to_string (result->addr, addr)),
                                    "%s is %s", pa->host, addr);
        }
      start_action (pa, result->addr);
    }
  else
    ns_stack_report_app (stack, pa->action->action, FALSE, NULL,
                         "%s %s: cannot resolve the name %s: %s", pa->action->action,
                         pa->action->target ? pa->action->target : pa->host, pa->host,
                         result->detail);
  ns_stack_set_app_tag (stack, old_tag);
}

static void run_action_tagged (NsPendingAction *pa);

static void
run_action (NsSim *sim, gpointer data)
{
  NsPendingAction *pa = data;
  guint old_tag;

  /* Looked up now, not when scheduled: a node that was power-cycled
   * (node-down, node-up) has a new stack since. */
  pa->stack = pa->lookup (pa->action->node, pa->lookup_data);
  if (pa->stack == NULL)
    return;
  old_tag = ns_stack_set_app_tag (pa->stack, pa->tag);
  run_action_tagged (pa);
  ns_stack_set_app_tag (pa->stack, old_tag);
}

static void
run_action_tagged (NsPendingAction *pa)
{
  guint32 addr;

  if (ns_stack_is_down (pa->stack))
    {
      ns_stack_report_app (pa->stack, pa->action->action, FALSE, NULL,
                           "%s: %s is switched off", pa->action->action,
                           ns_stack_get_node_id (pa->stack));
      return;
    }
  if (pa->host == NULL && g_strcmp0 (pa->action->action, "http-get") != 0)
    {
      ns_stack_report_app (pa->stack, pa->action->action, FALSE, NULL,
                           "%s: the target \"%s\" is not an address or a name with a port",
                           pa->action->action, pa->action->target ? pa->action->target : "");
      return;
    }
  if (g_strcmp0 (pa->action->action, "http-get") == 0)
    ns_http_get_start (pa->stack, pa->action->url,
                       pa->action->from_port > 0 ? (guint16) pa->action->from_port : 0);
  else if (g_strcmp0 (pa->action->action, "dns-lookup") == 0)
    {
      guint32 server = 0;
      JsonNode *node = pa->action->extra != NULL
                       ? json_object_get_member (pa->action->extra, "server") : NULL;

      if (node != NULL && json_node_get_value_type (node) == G_TYPE_STRING)
        ns_ipv4_from_string (json_node_get_string (node), &server);
      ns_dns_lookup_start_at (pa->stack, pa->host,
                              pa->action->from_port > 0 ? (guint16) pa->action->from_port : 0,
                              server);
    }
  else if (ns_ipv4_from_string (pa->host, &addr))
    start_action (pa, addr);
  else
    ns_dns_resolve (pa->stack, pa->host, name_resolved, pa);
}

gboolean
ns_scenario_action_is_failure (const char *action)
{
  return g_strcmp0 (action, "link-down") == 0 || g_strcmp0 (action, "link-up") == 0
         || g_strcmp0 (action, "node-down") == 0 || g_strcmp0 (action, "node-up") == 0;
}

const char *
ns_scenario_action_string (const NsTopoAction *action, const char *key)
{
  JsonNode *node;

  if (action->extra == NULL || !json_object_has_member (action->extra, key))
    return NULL;
  node = json_object_get_member (action->extra, key);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

GPtrArray *
ns_scenario_schedule (NsSim *sim, const NsTopology *topology,
                      NsStackLookupFunc lookup, gpointer user_data)
{
  GPtrArray *pending = g_ptr_array_new_with_free_func (pending_action_free);

  for (guint i = 0; i < topology->scenario->len; i++)
    {
      const NsTopoAction *a = g_ptr_array_index (topology->scenario, i);
      NsStack *stack;
      NsPendingAction *pa;
      const char *target = a->target;

      if (ns_scenario_action_is_failure (a->action))
        continue;
      stack = lookup (a->node, user_data);
      if (stack == NULL)
        continue;
      pa = g_new0 (NsPendingAction, 1);
      pa->stack = stack;
      pa->lookup = lookup;
      pa->lookup_data = user_data;
      pa->action = a;
      pa->tag = i + 1;
      /* http-get parses and resolves its URL itself: no host to split. */
      if (g_strcmp0 (a->action, "dns-lookup") == 0)
        target = a->name;
      else if (g_strcmp0 (a->action, "http-get") == 0)
        target = NULL;
      if (target != NULL && !ns_scenario_split_target (target, &pa->host, &pa->port))
        g_clear_pointer (&pa->host, g_free);
      g_ptr_array_add (pending, pa);
      ns_sim_schedule_at (sim, (gint64) (a->at * NS_NSEC_PER_SEC), run_action, pa);
    }
  return pending;
}

/* The number of results (not steps) each node's action has given so far,
 * keyed "node\naction". */
static GHashTable *
count_results (NsTrace *trace, GHashTable *before)
{
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer known, value;

  if (before != NULL)
    {
      g_hash_table_iter_init (&iter, before);
      while (g_hash_table_iter_next (&iter, &known, &value))
        g_hash_table_insert (counts, g_strdup (known), value);
    }
  for (guint i = trace != NULL ? ns_trace_first_held (trace) : 0;
       trace != NULL && i < ns_trace_len (trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (trace, i);
      char *key;

      if (ev->kind != NS_TRACE_APP || ev->partial)
        continue;
      key = g_strconcat (ev->node, "\n", ev->action, NULL);
      g_hash_table_insert (counts, key, GUINT_TO_POINTER (
                             GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) + 1));
    }
  return counts;
}

/* The bytes acknowledged so far on @node's latest connection to port
 * @port, from the TCP samples of the trace (0 if it never connected). */
static guint64
tcp_bytes_acked (NsTrace *trace, GHashTable *acked, const char *node, guint16 port)
{
  g_autofree char *suffix = g_strdup_printf (":%u", port);
  g_autofree char *key = g_strdup_printf ("%s\n%u", node, port);
  const guint64 *before = acked != NULL ? g_hash_table_lookup (acked, key) : NULL;

  for (guint i = trace != NULL ? ns_trace_len (trace) : 0;
       i-- > (trace != NULL ? ns_trace_first_held (trace) : 0);)
    {
      const NsTraceEvent *ev = ns_trace_get (trace, i);

      if (ev->kind == NS_TRACE_TCP_VARS && g_strcmp0 (ev->node, node) == 0
          && ev->remote != NULL && g_str_has_suffix (ev->remote, suffix) && ev->tcp_vars != NULL)
        return ev->tcp_vars->bytes_acked;
    }
  return before != NULL ? *before : 0;
}

/* What an unfinished action reports: the fields its result always has. */
static GVariant *
unfinished_fields (NsSim *sim, GHashTable *acked, const NsTopoAction *a)
{
  g_autofree char *host = NULL;
  guint16 port = 0;

  if (g_strcmp0 (a->action, "tcp-send") != 0)
    return NULL;
  ns_scenario_split_target (a->target, &host, &port);
  return g_variant_new_parsed ("{'bytes': <%t>}",
                               tcp_bytes_acked (ns_sim_get_trace (sim), acked, a->node, port));
}

void
ns_scenario_report_unfinished (NsSim *sim, const NsTopology *topology,
                               NsStackLookupFunc lookup, gpointer user_data)
{
  ns_scenario_report_unfinished_with (sim, topology, lookup, user_data, NULL, NULL);
}

void
ns_scenario_report_unfinished_with (NsSim *sim, const NsTopology *topology,
                                    NsStackLookupFunc lookup, gpointer user_data,
                                    GHashTable *results, GHashTable *acked)
{
  g_autoptr (GHashTable) counts = count_results (ns_sim_get_trace (sim), results);
  double end = (double) ns_sim_now (sim) / NS_NSEC_PER_SEC;

  /* In scenario order: the first actions of a kind on a node are taken to
   * be the ones that gave the results (each app gives exactly one). */
  for (guint i = 0; i < topology->scenario->len; i++)
    {
      const NsTopoAction *a = g_ptr_array_index (topology->scenario, i);
      NsStack *stack;
      g_autofree char *key = NULL;
      guint done;
      const char *what = a->target ? a->target : a->name ? a->name : a->url ? a->url : "";

      /* The run reports the failures in time itself. */
      if (ns_scenario_action_is_failure (a->action))
        continue;
      stack = lookup (a->node, user_data);
      key = g_strconcat (a->node, "\n", a->action, NULL);
      done = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));
      if (stack == NULL)
        continue;
      ns_stack_set_app_tag (stack, i + 1);
      if (done > 0)
        {
          g_hash_table_insert (counts, g_steal_pointer (&key), GUINT_TO_POINTER (done - 1));
          ns_stack_set_app_tag (stack, 0);
          continue;
        }
      if (a->at > end)
        ns_stack_report_app (stack, a->action, FALSE, unfinished_fields (sim, acked, a),
                             "%s %s: not started: the run ended at %.3f s, before its time "
                             "(%.3f s)", a->action, what, end, a->at);
      else
        ns_stack_report_app (stack, a->action, FALSE, unfinished_fields (sim, acked, a),
                             "%s %s: not finished when the run ended at %.3f s", a->action, what,
                             end);
      ns_stack_set_app_tag (stack, 0);
    }
}
