/* topology-read.c: the topology file of docs/file-format.md, read into the
 * model (writing is in topology-write.c).
 *
 * Reading goes in stages, each reporting every problem it finds:
 *   1. bytes: empty file, UTF-8 (RFC 8259 §8.1 requires it);
 *   2. strict JSON syntax, bounded nesting, exact numbers, unique member
 *      names (json-scan.c builds an NsJson tree: see there why not
 *      json-glib's JsonParser);
 *   3. the tree becomes a model: types, formats (addresses), enumerations;
 *   4. the model is checked as a whole (validate.c): ranges, ids, references.
 * Problems get the line of their JSON path from a second scan. Nothing
 * half-loads: any problem means NULL. */
#include "config.h"

#include "core/topology-file.h"

#include "core/activity.h"
#include "core/json-scan.h"
#include "core/topology-file-private.h"
#include "core/tcp-options.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

G_DEFINE_QUARK (ns-topology-error-quark, ns_topology_error)

/* Problems after which reading stops adding more (a generated file can
 * repeat one mistake a million times). */
#define MAX_PROBLEMS 1000
/* Problems listed in the GError message. */
#define MAX_PROBLEMS_SHOWN 50

#define MAX_EXACT 9007199254740992.0

/* ======================================================================
 * Reading JSON into the model
 * ====================================================================== */

typedef struct {
  GPtrArray *problems;
  GString   *path;
  guint      quiet;    /* > 0: reading a placeholder, report nothing */
} Reader;

typedef gpointer (*ReadFunc) (Reader *r, const NsJson *json);

static void G_GNUC_PRINTF (3, 4)
report (Reader *r, const char *key, const char *format, ...)
{
  va_list args;
  NsProblem *problem;

  if (r->problems == NULL || r->quiet > 0 || r->problems->len >= MAX_PROBLEMS)
    return;
  problem = g_new0 (NsProblem, 1);
  if (key != NULL)
    problem->path = r->path->len > 0 ? g_strdup_printf ("%s.%s", r->path->str, key)
                                     : g_strdup (key);
  else
    problem->path = g_strdup (r->path->str);
  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (r->problems, problem);
}

static gsize
path_push_key (Reader *r, const char *key)
{
  return ns_json_path_push_key (r->path, key);
}

static gsize
path_push_index (Reader *r, guint index)
{
  return ns_json_path_push_index (r->path, index);
}

static void
path_pop (Reader *r, gsize mark)
{
  g_string_truncate (r->path, mark);
}

static const char *
describe (const NsJson *node)
{
  return ns_json_describe (node);
}

static gboolean
is_number (const NsJson *node)
{
  return node->type == NS_JSON_INT || node->type == NS_JSON_DOUBLE;
}

static double
number_of (const NsJson *node)
{
  return node->type == NS_JSON_INT ? (double) node->v.i : node->v.d;
}

/* The member @key of @obj, or NULL if absent. null counts as absent for
 * optional fields, so tools that write "label": null are read the same. */
static const NsJson *
member (const NsJson *obj, const char *key)
{
  const NsJson *node = ns_json_get (obj, key);

  if (node != NULL && node->type == NS_JSON_NULL)
    return NULL;
  return node;
}

static gboolean
read_string (Reader *r, const NsJson *obj, const char *key, gboolean required, char **out)
{
  const NsJson *node = member (obj, key);

  if (node == NULL)
    {
      if (required)
        report (r, key, "missing; \"%s\" is required here", key);
      return FALSE;
    }
  if (node->type != NS_JSON_STRING)
    {
      report (r, key, "expected a string, not %s", describe (node));
      return FALSE;
    }
  g_free (*out);
  *out = g_strdup (node->v.s);
  return TRUE;
}

static gboolean
read_number (Reader *r, const NsJson *obj, const char *key, double *out)
{
  const NsJson *node = member (obj, key);

  if (node == NULL)
    return FALSE;
  if (!is_number (node))
    {
      report (r, key, "expected a number, not %s", describe (node));
      return FALSE;
    }
  *out = number_of (node);
  return TRUE;
}

static gboolean
check_integer (Reader *r, const char *key, const NsJson *node, gint64 min, gint64 max,
               gint64 *out)
{
  double value;

  if (!is_number (node))
    {
      report (r, key, "expected an integer, not %s", describe (node));
      return FALSE;
    }
  value = number_of (node);
  if (value != floor (value))
    {
      report (r, key, "expected an integer, not %g", value);
      return FALSE;
    }
  if (value < (double) min || value > (double) max)
    {
      if (min == 0 && value < 0)
        report (r, key, "must not be negative (it is %.0f)", value);
      else
        report (r, key, "must be from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT ", not %.0f",
                min, max, value);
      return FALSE;
    }
  *out = (gint64) value;
  return TRUE;
}

static gboolean
read_integer (Reader *r, const NsJson *obj, const char *key, gint64 min, gint64 max,
              gint64 *out)
{
  const NsJson *node = member (obj, key);

  if (node == NULL)
    return FALSE;
  return check_integer (r, key, node, min, max, out);
}

static gboolean
read_bool (Reader *r, const NsJson *obj, const char *key, gboolean *out)
{
  const NsJson *node = member (obj, key);

  if (node == NULL)
    return FALSE;
  if (node->type != NS_JSON_BOOL)
    {
      report (r, key, "expected true or false, not %s", describe (node));
      return FALSE;
    }
  *out = node->v.b;
  return TRUE;
}

static gboolean
read_ipv4 (Reader *r, const NsJson *obj, const char *key, guint32 *out)
{
  g_autofree char *text = NULL;

  if (!read_string (r, obj, key, FALSE, &text))
    return FALSE;
  if (!ns_parse_ipv4 (text, out))
    {
      report (r, key, "\"%s\" is not an IPv4 address (A.B.C.D)", text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_cidr (Reader *r, const NsJson *obj, const char *key, gboolean required, guint32 *addr,
           guint *prefix)
{
  g_autofree char *text = NULL;

  if (!read_string (r, obj, key, required, &text))
    return FALSE;
  if (!ns_parse_cidr (text, addr, prefix))
    {
      report (r, key, "\"%s\" is not an IPv4 address with a prefix (A.B.C.D/len)", text);
      return FALSE;
    }
  return TRUE;
}

/* The array member @key, or NULL (absent, or reported as not an array). */
static const NsJson *
read_array (Reader *r, const NsJson *obj, const char *key)
{
  const NsJson *node = member (obj, key);

  if (node == NULL)
    return NULL;
  if (node->type != NS_JSON_ARRAY)
    {
      report (r, key, "expected an array [...], not %s", describe (node));
      return NULL;
    }
  return node;
}

static const NsJson *
expect_object (Reader *r, const NsJson *node, const char *what)
{
  if (node->type != NS_JSON_OBJECT)
    {
      report (r, NULL, "expected %s object {...}, not %s", what, describe (node));
      return NULL;
    }
  return node;
}

static gboolean
is_known (const char *key, const char *const *known)
{
  for (guint i = 0; known[i] != NULL; i++)
    if (strcmp (key, known[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Members of @obj for which @keep says so, in file order, or NULL. */
static JsonObject *
collect_members (const NsJson *obj, gboolean (*keep) (const char *key, gconstpointer data),
                 gconstpointer data)
{
  JsonObject *extra = NULL;

  for (guint i = 0; i < obj->n; i++)
    {
      const NsJsonMember *m = &obj->v.members[i];

      if (!keep (m->key, data))
        continue;
      if (extra == NULL)
        extra = json_object_new ();
      json_object_set_member (extra, m->key, ns_json_to_node (m->value));
    }
  return extra;
}

static gboolean
not_known (const char *key, gconstpointer known)
{
  return !is_known (key, known);
}

/* Members of @obj that are not in @known, in file order, or NULL. */
static JsonObject *
collect_extra (const NsJson *obj, const char *const *known)
{
  return collect_members (obj, not_known, known);
}

/* ---- objects of the model ---- */

static NsTopoIface *
read_iface (Reader *r, const NsJson *json)
{
  static const char *const known[] = { "name", "ip", NULL };
  const NsJson *obj = expect_object (r, json, "an interface");
  NsTopoIface *iface;

  if (obj == NULL)
    return NULL;
  iface = ns_topo_iface_new (NULL);
  read_string (r, obj, "name", TRUE, &iface->name);
  iface->has_addr = read_cidr (r, obj, "ip", FALSE, &iface->addr, &iface->prefix_len);
  iface->extra = collect_extra (obj, known);
  return iface;
}

static NsTopoRoute *
read_route (Reader *r, const NsJson *json)
{
  static const char *const known[] = { "to", "via", NULL };
  const NsJson *obj = expect_object (r, json, "a route");
  NsTopoRoute *route;

  if (obj == NULL)
    return NULL;
  route = ns_topo_route_new (0, 0, 0);
  read_cidr (r, obj, "to", TRUE, &route->dest, &route->prefix_len);
  if (member (obj, "via") == NULL)
    report (r, "via", "missing; a route needs \"via\": the next hop's address");
  else
    read_ipv4 (r, obj, "via", &route->via);
  route->extra = collect_extra (obj, known);
  return route;
}

static NsTopoRecord *
read_record (Reader *r, const NsJson *json)
{
  static const char *const known[] = { "name", "type", "value", "ttl", NULL };
  const NsJson *obj = expect_object (r, json, "a DNS record");
  NsTopoRecord *record;
  gint64 ttl;

  if (obj == NULL)
    return NULL;
  record = ns_topo_record_new (NULL, NULL, NULL);
  read_string (r, obj, "name", TRUE, &record->name);
  read_string (r, obj, "type", TRUE, &record->type);
  read_string (r, obj, "value", TRUE, &record->value);
  /* RFC 2181 §8: TTLs are unsigned 31-bit numbers. */
  if (read_integer (r, obj, "ttl", 0, G_MAXINT32, &ttl))
    record->ttl = (guint32) ttl;
  record->extra = collect_extra (obj, known);
  return record;
}

/* Reads each element of the array @key with @read_one into @out. An
 * element that is not an object is reported and read as an empty one, so
 * that the model keeps the file's indexes and later problems name the
 * right element. */
static void
read_list (Reader *r, const NsJson *obj, const char *key, const char *what, ReadFunc read_one,
           GPtrArray *out)
{
  static const NsJson placeholder = { NS_JSON_OBJECT, 0, { 0 } };
  const NsJson *array = read_array (r, obj, key);
  gsize mark;

  if (array == NULL)
    return;
  mark = path_push_key (r, key);
  /* A file repeating one mistake a million times is refused at the
   * problem cap, without building the rest of its model. */
  for (guint i = 0; i < array->n && (r->problems == NULL || r->problems->len < MAX_PROBLEMS); i++)
    {
      gsize item_mark = path_push_index (r, i);
      const NsJson *element = array->v.items[i];
      gpointer item;

      if (element->type == NS_JSON_OBJECT)
        item = read_one (r, element);
      else
        {
          report (r, NULL, "expected %s object {...}, not %s", what, describe (element));
          r->quiet++;
          item = read_one (r, &placeholder);
          r->quiet--;
        }
      if (item != NULL)
        g_ptr_array_add (out, item);
      path_pop (r, item_mark);
    }
  path_pop (r, mark);
}

static gboolean
service_has_field (const char *type, const char *key)
{
  if (strcmp (key, "type") == 0 || strcmp (key, "port") == 0)
    return TRUE;
  if (g_strcmp0 (type, "http-server") == 0)
    return strcmp (key, "body_bytes") == 0;
  if (g_strcmp0 (type, "dns-server") == 0)
    return strcmp (key, "records") == 0 || strcmp (key, "recursive") == 0 ||
           strcmp (key, "root") == 0;
  return FALSE;
}

gboolean
ns_topo_file_service_has_field (const char *type, const char *key)
{
  return service_has_field (type, key);
}

static gboolean
not_service_field (const char *key, gconstpointer type)
{
  return !service_has_field (type, key);
}

static guint16
default_port (const char *type)
{
  /* Well-known ports: HTTP 80, DNS 53 (RFC 1035 §4.2), echo 7 (RFC 862),
   * discard 9 (RFC 863). */
  if (g_strcmp0 (type, "http-server") == 0)
    return 80;
  if (g_strcmp0 (type, "dns-server") == 0)
    return 53;
  if (g_str_has_suffix (type ? type : "", "-echo"))
    return 7;
  if (g_str_has_suffix (type ? type : "", "-discard"))
    return 9;
  return 0;
}

/* docs/file-format.md: how slowly the application behind a TCP service reads.
 * The values stay in the service's extra fields (saved as written). */
static void
read_reader_options (Reader *r, const NsJson *obj)
{
  const NsJson *pair;
  double rate;

  if (read_number (r, obj, "read_bytes_per_s", &rate) && !(rate > 0 && rate <= 1e10))
    report (r, "read_bytes_per_s", "%g is out of range: expected bytes per second above 0",
            rate);
  pair = read_array (r, obj, "pause_reading");
  if (pair != NULL)
    {
      if (pair->n != 2 || !is_number (pair->v.items[0]) || !is_number (pair->v.items[1]))
        report (r, "pause_reading", "expected [from_s, to_s]: two numbers of seconds");
      else if (!(number_of (pair->v.items[0]) >= 0
                 && number_of (pair->v.items[0]) < number_of (pair->v.items[1])
                 && number_of (pair->v.items[1]) <= 1e6))
        report (r, "pause_reading", "expected [from_s, to_s] with 0 <= from_s < to_s");
    }
}

static NsTopoService *
read_service (Reader *r, const NsJson *json)
{
  const NsJson *obj = expect_object (r, json, "a service");
  NsTopoService *service;
  gint64 value;

  if (obj == NULL)
    return NULL;
  service = ns_topo_service_new (NULL, 0);
  read_string (r, obj, "type", TRUE, &service->type);
  service->port = default_port (service->type);
  if (read_integer (r, obj, "port", 1, 65535, &value))
    service->port = (guint16) value;
  if (service_has_field (service->type, "body_bytes") &&
      read_integer (r, obj, "body_bytes", 0, 1000000000, &value))
    service->body_bytes = (guint64) value;
  if (service_has_field (service->type, "records"))
    {
      read_list (r, obj, "records", "a DNS record", (ReadFunc) read_record, service->records);
      read_bool (r, obj, "recursive", &service->recursive);
      read_string (r, obj, "root", FALSE, &service->root);
    }
  service->extra = collect_members (obj, not_service_field, service->type);
  if (g_strcmp0 (service->type, "tcp-discard") == 0 || g_strcmp0 (service->type, "tcp-echo") == 0)
    read_reader_options (r, obj);
  return service;
}

static void
read_dns (Reader *r, const NsJson *obj, GArray *dns)
{
  const NsJson *array = read_array (r, obj, "dns");
  gsize mark;

  if (array == NULL)
    return;
  mark = path_push_key (r, "dns");
  for (guint i = 0; i < array->n; i++)
    {
      const NsJson *node = array->v.items[i];
      g_autofree char *key = g_strdup_printf ("[%u]", i);
      guint32 addr;

      g_string_append (r->path, key);
      if (node->type != NS_JSON_STRING)
        report (r, NULL, "expected an address string, not %s", describe (node));
      else if (!ns_parse_ipv4 (node->v.s, &addr))
        report (r, NULL, "\"%s\" is not an IPv4 address (A.B.C.D)", node->v.s);
      else
        g_array_append_val (dns, addr);
      g_string_truncate (r->path, r->path->len - strlen (key));
    }
  path_pop (r, mark);
}

static NsTopoNode *
read_node (Reader *r, const NsJson *json)
{
  static const char *const known[] = { "id", "kind", "label", "x", "y", "interfaces",
                                       "gateway", "dns", "routes", "services", NULL };
  const NsJson *obj = expect_object (r, json, "a node");
  NsTopoNode *node;
  g_autofree char *kind = NULL;

  if (obj == NULL)
    return NULL;
  node = ns_topo_node_new (NULL, NS_NODE_HOST);
  read_string (r, obj, "id", TRUE, &node->id);
  if (read_string (r, obj, "kind", TRUE, &kind) && !ns_node_kind_from_string (kind, &node->kind))
    report (r, "kind", "unknown kind \"%s\" (known: host, router, switch, hub)", kind);
  read_string (r, obj, "label", FALSE, &node->label);
  read_number (r, obj, "x", &node->x);
  read_number (r, obj, "y", &node->y);
  read_list (r, obj, "interfaces", "an interface", (ReadFunc) read_iface, node->ifaces);
  node->has_gateway = read_ipv4 (r, obj, "gateway", &node->gateway);
  read_dns (r, obj, node->dns);
  read_list (r, obj, "routes", "a route", (ReadFunc) read_route, node->routes);
  read_list (r, obj, "services", "a service", (ReadFunc) read_service, node->services);
  node->extra = collect_extra (obj, known);
  /* `tcp` (docs/file-format.md) stays in `extra`, so it is saved as written;
   * it is checked here and read again when a run builds the node. */
  if (node->extra != NULL && json_object_has_member (node->extra, "tcp"))
    {
      JsonObject *tcp = ns_tcp_options_find (node->extra);
      const char *bad_key = NULL;
      g_autofree char *message = NULL;
      NsTcpConfig config;

      if (tcp == NULL)
        report (r, "tcp", "expected an object of TCP options (docs/file-format.md)");
      else if (!ns_tcp_options_read (tcp, &config, &bad_key, &message))
        {
          g_autofree char *key = g_strdup_printf ("tcp.%s", bad_key);

          report (r, key, "%s", message);
        }
    }
  return node;
}

/* "node:iface" → two strings; the interface part may itself contain no
 * ':' (ids may not either, see validate.c). */
static void
read_end (Reader *r, const NsJson *obj, const char *key, char **node_out, char **iface_out)
{
  g_autofree char *text = NULL;
  const char *colon;

  if (!read_string (r, obj, key, TRUE, &text))
    return;
  colon = strchr (text, ':');
  if (colon == NULL || colon == text || colon[1] == '\0' || strchr (colon + 1, ':') != NULL)
    {
      report (r, key, "\"%s\" is not written node:interface (such as \"pc1:eth0\")", text);
      return;
    }
  *node_out = g_strndup (text, (gsize) (colon - text));
  *iface_out = g_strdup (colon + 1);
}

static void
read_drop_nth (Reader *r, const NsJson *obj, GArray *out)
{
  const NsJson *array = read_array (r, obj, "drop_nth");
  gsize mark;

  if (array == NULL)
    return;
  mark = path_push_key (r, "drop_nth");
  for (guint i = 0; i < array->n; i++)
    {
      g_autofree char *key = g_strdup_printf ("[%u]", i);
      gint64 value;

      g_string_append (r->path, key);
      value = 0;
      /* Frames are counted from 1 (docs/file-format.md). */
      if (is_number (array->v.items[i]) && number_of (array->v.items[i]) < 1)
        report (r, NULL, "must be a frame number counted from 1, not %g",
                number_of (array->v.items[i]));
      else if (check_integer (r, NULL, array->v.items[i], 1, G_MAXUINT, &value))
        {
          guint nth = (guint) value;

          g_array_append_val (out, nth);
        }
      g_string_truncate (r->path, r->path->len - strlen (key));
    }
  path_pop (r, mark);
}

static NsTopoLink *
read_link (Reader *r, const NsJson *json)
{
  static const char *const known[] = { "id", "a", "b", "delay_ms", "bandwidth_mbps", "loss",
                                       "drop_nth", "queue_packets", "mtu", "jitter_ms", NULL };
  const NsJson *obj = expect_object (r, json, "a link");
  NsTopoLink *link;
  gint64 value;

  if (obj == NULL)
    return NULL;
  link = ns_topo_link_new (NULL);
  read_string (r, obj, "id", TRUE, &link->id);
  read_end (r, obj, "a", &link->a_node, &link->a_iface);
  read_end (r, obj, "b", &link->b_node, &link->b_iface);
  read_number (r, obj, "delay_ms", &link->delay_ms);
  read_number (r, obj, "bandwidth_mbps", &link->bandwidth_mbps);
  read_number (r, obj, "loss", &link->loss);
  read_drop_nth (r, obj, link->drop_nth);
  if (read_integer (r, obj, "queue_packets", 1, 1000000, &value))
    link->queue_packets = (guint) value;
  if (read_integer (r, obj, "mtu", 68, 9000, &value))
    link->mtu = (guint) value;
  read_number (r, obj, "jitter_ms", &link->jitter_ms);
  link->extra = collect_extra (obj, known);
  return link;
}

/* The fields each action reads; any other member is kept in `extra`. */
static gboolean
action_has_field (const char *action, const char *key)
{
  static const char *const common[] = { "at", "node", "do", "from_port", NULL };
  static const struct { const char *action; const char *fields[5]; } table[] = {
    { "ping", { "target", "count", "interval_ms", "ttl", NULL } },
    { "traceroute", { "target", NULL } },
    { "dns-lookup", { "name", NULL } },
    { "http-get", { "url", NULL } },
    { "udp-send", { "target", "bytes", "count", "interval_ms", NULL } },
    { "tcp-send", { "target", "bytes", NULL } },
  };

  if (is_known (key, common))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (g_strcmp0 (action, table[i].action) == 0)
      return is_known (key, table[i].fields);
  return FALSE;
}

gboolean
ns_topo_file_action_has_field (const char *action, const char *key)
{
  return action_has_field (action, key);
}

static gboolean
not_action_field (const char *key, gconstpointer action)
{
  return !action_has_field (action, key);
}

static NsTopoAction *
read_action (Reader *r, const NsJson *json)
{
  const NsJson *obj = expect_object (r, json, "a scenario action");
  NsTopoAction *a;
  g_autofree char *what = NULL;
  gint64 value;

  if (obj == NULL)
    return NULL;
  read_string (r, obj, "do", TRUE, &what);
  a = ns_topo_action_new (NULL, what);
  read_number (r, obj, "at", &a->at);
  /* The node that "pulls the cable" of a link-down or link-up may be
   * left out (CONTRACT.md §1b). */
  read_string (r, obj, "node", !g_str_has_prefix (what ? what : "", "link-"), &a->node);
  if (action_has_field (what, "target"))
    read_string (r, obj, "target", FALSE, &a->target);
  if (action_has_field (what, "name"))
    read_string (r, obj, "name", FALSE, &a->name);
  if (action_has_field (what, "url"))
    read_string (r, obj, "url", FALSE, &a->url);
  if (action_has_field (what, "count") && read_integer (r, obj, "count", 1, 1000000, &value))
    a->count = (guint) value;
  if (action_has_field (what, "interval_ms"))
    read_number (r, obj, "interval_ms", &a->interval_ms);
  if (action_has_field (what, "ttl") && read_integer (r, obj, "ttl", 1, 255, &value))
    a->ttl = (guint) value;
  if (action_has_field (what, "bytes") && read_integer (r, obj, "bytes", 0, 1000000000, &value))
    a->bytes = (guint64) value;
  if (read_integer (r, obj, "from_port", 1, 65535, &value))
    a->from_port = (gint) value;
  a->extra = collect_members (obj, not_action_field, what);
  return a;
}

static void
read_header (Reader *r, const NsJson *obj, NsTopology *t)
{
  g_autofree char *format = NULL;
  g_autofree char *routing = NULL;
  const NsJson *version = member (obj, "version");
  gint64 value;

  if (member (obj, "format") == NULL)
    report (r, "format", "missing; a topology file has \"format\": \"netsketch\"");
  else if (read_string (r, obj, "format", TRUE, &format) && strcmp (format, "netsketch") != 0)
    report (r, "format", "\"%s\" is not \"netsketch\"", format);
  if (version == NULL)
    report (r, "version", "missing; this program reads \"version\": 1");
  else if (!is_number (version))
    report (r, "version", "expected the integer 1, not %s", describe (version));
  else if (number_of (version) != 1)
    report (r, "version", "version %g is not supported (this program reads version 1)",
            number_of (version));
  read_string (r, obj, "title", FALSE, &t->title);
  read_string (r, obj, "description", FALSE, &t->description);
  if (read_integer (r, obj, "seed", 0, (gint64) MAX_EXACT, &value))
    t->seed = (guint64) value;
  if (read_string (r, obj, "routing", FALSE, &routing))
    {
      if (strcmp (routing, "auto") == 0)
        t->routing_auto = TRUE;
      else if (strcmp (routing, "static") == 0)
        t->routing_auto = FALSE;
      else
        report (r, "routing", "\"%s\" is neither \"auto\" nor \"static\"", routing);
    }
}

static NsTopology *
read_topology (Reader *r, const NsJson *root)
{
  static const char *const known[] = { "format", "version", "title", "description", "seed",
                                       "routing", "nodes", "links", "scenario", "activity",
                                       NULL };
  const NsJson *obj;
  NsTopology *t;

  if (root->type != NS_JSON_OBJECT)
    {
      report (r, NULL, "the file must hold one JSON object {...}, not %s", describe (root));
      return NULL;
    }
  obj = root;
  t = ns_topology_new ();
  read_header (r, obj, t);
  read_list (r, obj, "nodes", "a node", (ReadFunc) read_node, t->nodes);
  read_list (r, obj, "links", "a link", (ReadFunc) read_link, t->links);
  read_list (r, obj, "scenario", "a scenario action", (ReadFunc) read_action, t->scenario);
  if (member (obj, "activity") != NULL)
    t->activity = ns_activity_from_json (member (obj, "activity"), "activity", r->problems);
  t->extra = collect_extra (obj, known);
  return t;
}

/* ---- single objects (command stack, copy/paste) ---- */

static gpointer
read_one_with_prefix (JsonNode *json, const char *path_prefix, GPtrArray *problems,
                      ReadFunc read_one, GDestroyNotify destroy)
{
  Reader r = { problems, g_string_new (path_prefix) };
  guint before = problems != NULL ? problems->len : 0;
  GPtrArray *own = NULL;
  g_autoptr (NsJsonDoc) doc = ns_json_doc_new ();
  gpointer item;

  if (problems == NULL)
    r.problems = own = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_problem_free);
  item = read_one (&r, ns_json_from_node (doc, json));
  if (item != NULL && r.problems->len > before)
    g_clear_pointer (&item, destroy);
  g_string_free (r.path, TRUE);
  if (own != NULL)
    g_ptr_array_unref (own);
  return item;
}

NsTopoNode *
ns_topo_node_from_json (JsonNode *json, const char *path_prefix, GPtrArray *problems)
{
  return read_one_with_prefix (json, path_prefix ? path_prefix : "", problems,
                               (ReadFunc) read_node, (GDestroyNotify) ns_topo_node_free);
}

NsTopoLink *
ns_topo_link_from_json (JsonNode *json, const char *path_prefix, GPtrArray *problems)
{
  return read_one_with_prefix (json, path_prefix ? path_prefix : "", problems,
                               (ReadFunc) read_link, (GDestroyNotify) ns_topo_link_free);
}

NsTopoAction *
ns_topo_action_from_json (JsonNode *json, const char *path_prefix, GPtrArray *problems)
{
  return read_one_with_prefix (json, path_prefix ? path_prefix : "", problems,
                               (ReadFunc) read_action, (GDestroyNotify) ns_topo_action_free);
}

/* ======================================================================
 * Loading
 * ====================================================================== */

static gint
line_at (const char *data, gsize offset)
{
  gint line = 1;

  for (gsize i = 0; i < offset; i++)
    line += data[i] == '\n';
  return line;
}

/* Stages 1-3: bytes, syntax, tree. Returns the root or NULL with a problem. */
static const NsJson *
parse_text (NsJsonDoc *doc, const char *data, gsize len, GPtrArray *problems)
{
  static const char *const object_lists[] = { "nodes", "a node", "links", "a link",
                                              "scenario", "a scenario action", NULL };
  const char *end = NULL;
  NsJsonScanError scan_error = { 0 };
  const NsJson *root;
  gsize i;

  for (i = 0; i < len && g_ascii_isspace (data[i]); i++)
    ;
  if (i == len)
    {
      g_ptr_array_add (problems, ns_problem_new ("", 0, "the file is empty"));
      return NULL;
    }
  /* RFC 8259 §8.1: JSON exchanged between systems is UTF-8. */
  if (!g_utf8_validate_len (data, len, &end))
    {
      gsize offset = (gsize) (end - data);

      g_ptr_array_add (problems, ns_problem_new_printf (
        "", line_at (data, offset),
        "byte %" G_GSIZE_FORMAT " is not valid UTF-8 text (0x%02x): the file must be UTF-8 "
        "JSON", offset + 1, (guchar) data[offset]));
      return NULL;
    }
  root = ns_json_parse_full (doc, data, len, NS_TOPOLOGY_MAX_DEPTH, object_lists, MAX_PROBLEMS,
                             &scan_error);
  if (root == NULL)
    {
      if (scan_error.syntax)
        g_ptr_array_add (problems, ns_problem_new_printf (
          scan_error.path, scan_error.line, "JSON syntax error at column %d: %s",
          scan_error.column, scan_error.message));
      else
        g_ptr_array_add (problems, ns_problem_new (scan_error.path, scan_error.line,
                                                   scan_error.message));
      ns_json_scan_error_clear (&scan_error);
    }
  return root;
}

static char *parent_path (const char *path);

/* Whether @path or a value enclosing it already has a problem. */
static gboolean
path_is_flagged (GHashTable *flagged, const char *path)
{
  g_autofree char *p = g_strdup (path);

  for (;;)
    {
      char *up;

      if (g_hash_table_contains (flagged, p))
        return TRUE;
      if (*p == '\0')
        return FALSE;
      up = parent_path (p);
      g_free (p);
      p = up;
    }
}

/* Adds the validator's @found to @problems, but not at a path the reader
 * already flagged: a value that could not be read leaves a default in the
 * model, and one complaint a place is enough. */
static void
merge_problems (GPtrArray *problems, GPtrArray *found)
{
  g_autoptr (GHashTable) flagged = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < problems->len; i++)
    g_hash_table_add (flagged, ((NsProblem *) g_ptr_array_index (problems, i))->path);
  for (guint i = 0; i < found->len && problems->len < MAX_PROBLEMS; i++)
    {
      NsProblem *problem = g_ptr_array_index (found, i);

      if (path_is_flagged (flagged, problem->path))
        continue;
      g_ptr_array_add (problems, ns_problem_new (problem->path, 0, problem->message));
    }
}

/* "nodes[3].interfaces[0]" → "nodes[3]"; "nodes" → "". */
static char *
parent_path (const char *path)
{
  const char *dot = strrchr (path, '.');
  const char *bracket = strrchr (path, '[');
  const char *cut = dot > bracket ? dot : bracket;

  return cut == NULL ? g_strdup ("") : g_strndup (path, (gsize) (cut - path));
}

/* Gives each problem without a line the line of its path, or of the
 * nearest enclosing value that exists (a missing field: its object). */
static void
find_lines (const char *data, gsize len, GPtrArray *problems)
{
  g_autoptr (GHashTable) lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < problems->len; i++)
    {
      NsProblem *problem = g_ptr_array_index (problems, i);
      char *path = g_strdup (problem->path);

      while (*path != '\0')
        {
          char *up = parent_path (path);

          if (!g_hash_table_contains (lines, path))
            g_hash_table_insert (lines, path, g_new0 (gint, 1));
          else
            g_free (path);
          path = up;
        }
      g_free (path);
    }
  ns_json_scan_find_lines (data, len, lines);
  for (guint i = 0; i < problems->len; i++)
    {
      NsProblem *problem = g_ptr_array_index (problems, i);
      char *path = g_strdup (problem->path);

      while (problem->line == 0 && *path != '\0')
        {
          char *up = parent_path (path);
          gint *line = g_hash_table_lookup (lines, path);

          problem->line = line != NULL ? *line : 0;
          g_free (path);
          path = up;
        }
      g_free (path);
    }
}

/* File order (GLib's sort is stable, so one line keeps reading order). */
static gint
problem_compare_lines (gconstpointer a, gconstpointer b)
{
  const NsProblem *x = *(NsProblem *const *) a;
  const NsProblem *y = *(NsProblem *const *) b;

  return (x->line > y->line) - (x->line < y->line);
}

char *
ns_problems_to_string (GPtrArray *problems, const char *display_name)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < problems->len && i < MAX_PROBLEMS_SHOWN; i++)
    {
      g_autofree char *line = ns_problem_to_string (g_ptr_array_index (problems, i),
                                                    display_name);

      if (i > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, line);
    }
  if (problems->len > MAX_PROBLEMS_SHOWN)
    g_string_append_printf (out, "\n%s: … and %u more problems", display_name,
                            problems->len - MAX_PROBLEMS_SHOWN);
  return g_string_free (out, FALSE);
}

NsTopology *
ns_topology_load_data_full (const char *data, gssize len, const char *display_name,
                            GPtrArray **problems_out, GError **error)
{
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify)ns_problem_free);
  g_autoptr (NsJsonDoc) doc = ns_json_doc_new ();
  const NsJson *root;
  NsTopology *topology = NULL;
  gsize size;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  if (display_name == NULL)
    display_name = "<data>";
  size = len < 0 ? strlen (data) : (gsize) len;
  /* A UTF-8 byte order mark is allowed and ignored (RFC 8259 §8.1). */
  if (size >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      size -= 3;
    }
  root = parse_text (doc, data, size, problems);
  if (root != NULL)
    {
      Reader r = { problems, g_string_new (NULL) };

      topology = read_topology (&r, root);
      g_string_free (r.path, TRUE);
      if (topology != NULL)
        {
          g_autoptr (GPtrArray) found = ns_topology_validate (topology);

          if (topology->activity != NULL)
            ns_activity_validate (topology->activity, topology, found);
          merge_problems (problems, found);
        }
      if (problems->len > 0)
        {
          find_lines (data, size, problems);
          g_ptr_array_sort (problems, problem_compare_lines);
        }
    }
  if (problems->len > 0)
    {
      g_autofree char *message = ns_problems_to_string (problems, display_name);

      g_clear_pointer (&topology, ns_topology_free);
      g_set_error_literal (error, NS_TOPOLOGY_ERROR, NS_TOPOLOGY_ERROR_INVALID, message);
    }
  if (problems_out != NULL)
    *problems_out = g_steal_pointer (&problems);
  return topology;
}

NsTopology *
ns_topology_load_data (const char *data, gssize len, const char *display_name, GError **error)
{
  return ns_topology_load_data_full (data, len, display_name, NULL, error);
}

/* Reads at most NS_TOPOLOGY_MAX_FILE_SIZE bytes of @path. Unlike
 * g_file_get_contents() it stops on endless or huge inputs (/dev/zero, a
 * pipe, a disk image opened by mistake) instead of filling memory. */
/* What @mode is, for a person, when it is not a regular file. */
static const char *
file_kind (mode_t mode)
{
  if (S_ISDIR (mode))
    return "a directory";
  if (S_ISFIFO (mode))
    return "a pipe (FIFO)";
  if (S_ISCHR (mode) || S_ISBLK (mode))
    return "a device";
  if (S_ISSOCK (mode))
    return "a socket";
  return "not a regular file";
}

/* Messages do not repeat @path: every caller names the file already
 * ("cannot read /tmp: it is a directory", not "/tmp: /tmp: ..."). */
static gboolean
read_file (const char *path, char **contents_out, gsize *len_out, GError **error)
{
  g_autoptr (GString) text = g_string_new (NULL);
  char buffer[65536];
  GStatBuf st;
  int fd;
  gssize n;

  /* Only a regular file is a document: a FIFO with no writer would block
   * the open for ever, a device may never end. Checked before opening,
   * and again on what was opened (the name may have changed between). */
  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                           g_strerror (saved));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   "it is %s, not a topology file", file_kind (st.st_mode));
      return FALSE;
    }
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                           g_strerror (saved));
      return FALSE;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   "it is %s, not a topology file", file_kind (st.st_mode));
      close (fd);
      return FALSE;
    }
  while ((n = read (fd, buffer, sizeof buffer)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                               g_strerror (saved));
          close (fd);
          return FALSE;
        }
      g_string_append_len (text, buffer, n);
      if (text->len > NS_TOPOLOGY_MAX_FILE_SIZE)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                       "larger than %d MiB, too large for a topology file",
                       NS_TOPOLOGY_MAX_FILE_SIZE >> 20);
          close (fd);
          return FALSE;
        }
    }
  close (fd);
  *len_out = text->len;
  *contents_out = g_string_free (g_steal_pointer (&text), FALSE);
  return TRUE;
}

NsTopology *
ns_topology_load_file_full (const char *path, GPtrArray **problems_out, GError **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);
  if (!read_file (path, &contents, &len, error))
    {
      if (problems_out != NULL)
        *problems_out = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_problem_free);
      return NULL;
    }
  name = g_path_get_basename (path);
  return ns_topology_load_data_full (contents, (gssize) len, name, problems_out, error);
}

NsTopology *
ns_topology_load_file (const char *path, GError **error)
{
  return ns_topology_load_file_full (path, NULL, error);
}
