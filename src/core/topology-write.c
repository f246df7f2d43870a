/* topology-write.c: the model written as the topology file of
 * docs/file-format.md.
 *
 * Writing builds an NsJson tree (fields in the contract's order, unknown
 * fields after them) and prints it with a small printer of our own, so that
 * numbers are written in their shortest exact form and the output is a pure
 * function of the model: load → save → load → save gives the same bytes. */
#include "config.h"

#include "core/topology-file.h"

#include "core/activity.h"
#include "core/json-build.h"
#include "core/json-scan.h"
#include "core/topology-file-private.h"

#include <math.h>
#include <string.h>

#define MAX_EXACT 9007199254740992.0

/* ======================================================================
 * Model to JSON
 * ====================================================================== */

static void
obj_address (NsJsonObj *o, const char *key, guint32 addr)
{
  char text[16];

  g_snprintf (text, sizeof text, "%u.%u.%u.%u", addr >> 24, (addr >> 16) & 0xff,
              (addr >> 8) & 0xff, addr & 0xff);
  ns_json_obj_add (o, key, ns_json_new_string (o->doc, text));
}

static void
obj_cidr (NsJsonObj *o, const char *key, guint32 addr, guint prefix_len)
{
  char text[20];

  g_snprintf (text, sizeof text, "%u.%u.%u.%u/%u", addr >> 24, (addr >> 16) & 0xff,
              (addr >> 8) & 0xff, addr & 0xff, prefix_len);
  ns_json_obj_add (o, key, ns_json_new_string (o->doc, text));
}

typedef NsJson *(*WriteFunc) (NsJsonDoc *doc, gconstpointer object);

static NsJson *
list_to_json (NsJsonDoc *doc, GPtrArray *list, WriteFunc write_one)
{
  guint n = list != NULL ? list->len : 0;
  g_autofree NsJson **items = g_new (NsJson *, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    items[i] = write_one (doc, g_ptr_array_index (list, i));
  return ns_json_new_array (doc, items, n);
}

static NsJson *
iface_to_json (NsJsonDoc *doc, const NsTopoIface *iface)
{
  NsJsonObj o;

  ns_json_obj_init (&o, doc);
  ns_json_obj_string (&o, "name", iface->name ? iface->name : "");
  if (iface->has_addr)
    obj_cidr (&o, "ip", iface->addr, iface->prefix_len);
  ns_json_obj_extra (&o, iface->extra);
  return ns_json_obj_finish (&o);
}

static NsJson *
route_to_json (NsJsonDoc *doc, const NsTopoRoute *route)
{
  NsJsonObj o;

  ns_json_obj_init (&o, doc);
  obj_cidr (&o, "to", route->dest, route->prefix_len);
  obj_address (&o, "via", route->via);
  ns_json_obj_extra (&o, route->extra);
  return ns_json_obj_finish (&o);
}

static NsJson *
record_to_json (NsJsonDoc *doc, const NsTopoRecord *record)
{
  NsJsonObj o;

  ns_json_obj_init (&o, doc);
  ns_json_obj_string (&o, "name", record->name ? record->name : "");
  ns_json_obj_string (&o, "type", record->type ? record->type : "");
  ns_json_obj_string (&o, "value", record->value ? record->value : "");
  ns_json_obj_int (&o, "ttl", record->ttl);
  ns_json_obj_extra (&o, record->extra);
  return ns_json_obj_finish (&o);
}

static NsJson *
service_to_json (NsJsonDoc *doc, const NsTopoService *service)
{
  NsJsonObj o;

  ns_json_obj_init (&o, doc);
  ns_json_obj_string (&o, "type", service->type ? service->type : "");
  ns_json_obj_int (&o, "port", service->port);
  if (ns_topo_file_service_has_field (service->type, "body_bytes"))
    ns_json_obj_int (&o, "body_bytes", (gint64) MIN (service->body_bytes, (guint64) G_MAXINT64));
  if (ns_topo_file_service_has_field (service->type, "records"))
    {
      ns_json_obj_add (&o, "records",
                       list_to_json (doc, service->records, (WriteFunc) record_to_json));
      if (service->recursive)
        {
          NsJson *yes = ns_json_new (doc, NS_JSON_BOOL);

          yes->v.b = TRUE;
          ns_json_obj_add (&o, "recursive", yes);
        }
      ns_json_obj_string (&o, "root", service->root);
    }
  ns_json_obj_extra (&o, service->extra);
  return ns_json_obj_finish (&o);
}

static NsJson *
dns_to_json (NsJsonDoc *doc, GArray *dns)
{
  g_autofree NsJson **items = g_new (NsJson *, MAX (dns->len, 1));

  for (guint i = 0; i < dns->len; i++)
    {
      guint32 addr = g_array_index (dns, guint32, i);
      char text[16];

      g_snprintf (text, sizeof text, "%u.%u.%u.%u", addr >> 24, (addr >> 16) & 0xff,
                  (addr >> 8) & 0xff, addr & 0xff);
      items[i] = ns_json_new_string (doc, text);
    }
  return ns_json_new_array (doc, items, dns->len);
}

static NsJson *
node_to_json (NsJsonDoc *doc, const NsTopoNode *node)
{
  NsJsonObj o;

  ns_json_obj_init (&o, doc);
  ns_json_obj_string (&o, "id", node->id ? node->id : "");
  ns_json_obj_string (&o, "kind", ns_node_kind_to_string (node->kind));
  ns_json_obj_string (&o, "label", node->label);
  ns_json_obj_double (&o, "x", node->x);
  ns_json_obj_double (&o, "y", node->y);
  ns_json_obj_add (&o, "interfaces", list_to_json (doc, node->ifaces, (WriteFunc) iface_to_json));
  if (node->has_gateway)
    obj_address (&o, "gateway", node->gateway);
  if (node->dns->len > 0)
    ns_json_obj_add (&o, "dns", dns_to_json (doc, node->dns));
  if (node->routes->len > 0)
    ns_json_obj_add (&o, "routes", list_to_json (doc, node->routes, (WriteFunc) route_to_json));
  if (node->services->len > 0)
    ns_json_obj_add (&o, "services",
                     list_to_json (doc, node->services, (WriteFunc) service_to_json));
  ns_json_obj_extra (&o, node->extra);
  return ns_json_obj_finish (&o);
}

static NsJson *
link_to_json (NsJsonDoc *doc, const NsTopoLink *link)
{
  g_autofree char *a = g_strconcat (link->a_node ? link->a_node : "", ":",
                                    link->a_iface ? link->a_iface : "", NULL);
  g_autofree char *b = g_strconcat (link->b_node ? link->b_node : "", ":",
                                    link->b_iface ? link->b_iface : "", NULL);
  NsJsonObj o;

  ns_json_obj_init (&o, doc);
  ns_json_obj_string (&o, "id", link->id ? link->id : "");
  ns_json_obj_string (&o, "a", a);
  ns_json_obj_string (&o, "b", b);
  ns_json_obj_double (&o, "delay_ms", link->delay_ms);
  ns_json_obj_double (&o, "bandwidth_mbps", link->bandwidth_mbps);
  ns_json_obj_double (&o, "loss", link->loss);
  if (link->drop_nth != NULL && link->drop_nth->len > 0)
    {
      g_autofree NsJson **items = g_new (NsJson *, link->drop_nth->len);

      for (guint i = 0; i < link->drop_nth->len; i++)
        {
          items[i] = ns_json_new (doc, NS_JSON_INT);
          items[i]->v.i = g_array_index (link->drop_nth, guint, i);
        }
      ns_json_obj_add (&o, "drop_nth", ns_json_new_array (doc, items, link->drop_nth->len));
    }
  ns_json_obj_int (&o, "queue_packets", link->queue_packets);
  ns_json_obj_int (&o, "mtu", link->mtu);
  if (link->jitter_ms != 0)
    ns_json_obj_double (&o, "jitter_ms", link->jitter_ms);
  ns_json_obj_extra (&o, link->extra);
  return ns_json_obj_finish (&o);
}

static NsJson *
action_to_json (NsJsonDoc *doc, const NsTopoAction *a)
{
  const char *what = a->action;
  NsJsonObj o;

  ns_json_obj_init (&o, doc);
  ns_json_obj_double (&o, "at", a->at);
  if (a->node != NULL || !g_str_has_prefix (what ? what : "", "link-"))
    ns_json_obj_string (&o, "node", a->node ? a->node : "");
  ns_json_obj_string (&o, "do", what ? what : "");
  if (ns_topo_file_action_has_field (what, "target"))
    ns_json_obj_string (&o, "target", a->target);
  if (ns_topo_file_action_has_field (what, "name"))
    ns_json_obj_string (&o, "name", a->name);
  if (ns_topo_file_action_has_field (what, "url"))
    ns_json_obj_string (&o, "url", a->url);
  if (ns_topo_file_action_has_field (what, "bytes") && a->bytes > 0)
    ns_json_obj_int (&o, "bytes", (gint64) MIN (a->bytes, (guint64) G_MAXINT64));
  if (ns_topo_file_action_has_field (what, "count"))
    ns_json_obj_int (&o, "count", a->count);
  if (ns_topo_file_action_has_field (what, "interval_ms"))
    ns_json_obj_double (&o, "interval_ms", a->interval_ms);
  if (ns_topo_file_action_has_field (what, "ttl") && a->ttl > 0)
    ns_json_obj_int (&o, "ttl", a->ttl);
  if (a->from_port >= 0)
    ns_json_obj_int (&o, "from_port", a->from_port);
  ns_json_obj_extra (&o, a->extra);
  return ns_json_obj_finish (&o);
}

static NsJson *
topology_to_json (NsJsonDoc *doc, const NsTopology *t)
{
  NsJsonObj o;

  ns_json_obj_init (&o, doc);
  ns_json_obj_string (&o, "format", "netsketch");
  ns_json_obj_int (&o, "version", 1);
  ns_json_obj_string (&o, "title", t->title);
  ns_json_obj_string (&o, "description", t->description);
  ns_json_obj_int (&o, "seed", (gint64) MIN (t->seed, (guint64) G_MAXINT64));
  ns_json_obj_string (&o, "routing", t->routing_auto ? "auto" : "static");
  ns_json_obj_add (&o, "nodes", list_to_json (doc, t->nodes, (WriteFunc) node_to_json));
  ns_json_obj_add (&o, "links", list_to_json (doc, t->links, (WriteFunc) link_to_json));
  ns_json_obj_add (&o, "scenario", list_to_json (doc, t->scenario, (WriteFunc) action_to_json));
  if (t->activity != NULL)
    ns_json_obj_add (&o, "activity", ns_activity_to_json (doc, t->activity));
  ns_json_obj_extra (&o, t->extra);
  return ns_json_obj_finish (&o);
}

JsonNode *
ns_topo_node_to_json (const NsTopoNode *node)
{
  g_autoptr (NsJsonDoc) doc = ns_json_doc_new ();

  g_return_val_if_fail (node != NULL, NULL);
  return ns_json_to_node (node_to_json (doc, node));
}

JsonNode *
ns_topo_link_to_json (const NsTopoLink *link)
{
  g_autoptr (NsJsonDoc) doc = ns_json_doc_new ();

  g_return_val_if_fail (link != NULL, NULL);
  return ns_json_to_node (link_to_json (doc, link));
}

JsonNode *
ns_topo_action_to_json (const NsTopoAction *action)
{
  g_autoptr (NsJsonDoc) doc = ns_json_doc_new ();

  g_return_val_if_fail (action != NULL, NULL);
  return ns_json_to_node (action_to_json (doc, action));
}

/* ======================================================================
 * Printing JSON
 * ====================================================================== */

/* Objects and arrays of plain values that fit this width go on one line,
 * as in the examples of docs/file-format.md. */
#define INLINE_WIDTH 72

static void
print_string (GString *out, const char *text)
{
  const char *run = text;

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        default:
          g_string_append_printf (out, "\\u%04x", c);
        }
    }
  g_string_append (out, run);
  g_string_append_c (out, '"');
}

static void
print_int (GString *out, gint64 value)
{
  char buffer[24];
  guint64 magnitude = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;
  gsize i = sizeof buffer;

  do
    {
      buffer[--i] = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude > 0);
  if (value < 0)
    buffer[--i] = '-';
  g_string_append_len (out, buffer + i, (gssize) (sizeof buffer - i));
}

/* The shortest decimal text that reads back as exactly @value. Integral
 * values print without a fraction, so 2.0 and 2 are the same text. */
static void
print_double (GString *out, double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      /* The validator rejects these; JSON has no spelling for them. */
      g_string_append (out, "null");
      return;
    }
  if (value == 0)
    {
      g_string_append_c (out, '0');
      return;
    }
  if (value == floor (value) && fabs (value) <= MAX_EXACT)
    {
      print_int (out, (gint64) value);
      return;
    }
  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  g_string_append (out, buffer);
}

static void
print_scalar (GString *out, const NsJson *node)
{
  switch (node->type)
    {
    case NS_JSON_STRING:
      print_string (out, node->v.s);
      break;
    case NS_JSON_BOOL:
      g_string_append (out, node->v.b ? "true" : "false");
      break;
    case NS_JSON_INT:
      print_int (out, node->v.i);
      break;
    case NS_JSON_DOUBLE:
      print_double (out, node->v.d);
      break;
    case NS_JSON_NULL:
    case NS_JSON_ARRAY:
    case NS_JSON_OBJECT:
    default:
      g_string_append (out, "null");
      break;
    }
}

static gboolean
is_container (const NsJson *node)
{
  return node->type == NS_JSON_ARRAY || node->type == NS_JSON_OBJECT;
}

/* Prints @node on one line if it holds only plain values (an object may
 * hold arrays of plain values) and ends before @limit; else returns FALSE
 * having printed part of it (the caller truncates). */
static gboolean
print_inline (GString *out, const NsJson *node, gboolean in_object, gsize limit)
{
  if (node->type == NS_JSON_ARRAY)
    {
      g_string_append_c (out, '[');
      for (guint i = 0; i < node->n && out->len <= limit; i++)
        {
          if (is_container (node->v.items[i]))
            return FALSE;
          if (i > 0)
            g_string_append (out, ", ");
          print_scalar (out, node->v.items[i]);
        }
      g_string_append_c (out, ']');
    }
  else if (node->type == NS_JSON_OBJECT)
    {
      if (in_object)
        return FALSE;
      g_string_append (out, "{ ");
      for (guint i = 0; i < node->n && out->len <= limit; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          print_string (out, node->v.members[i].key);
          g_string_append (out, ": ");
          if (!print_inline (out, node->v.members[i].value, TRUE, limit))
            return FALSE;
        }
      g_string_append (out, " }");
    }
  else
    print_scalar (out, node);
  return out->len <= limit;
}

static void
print_indent (GString *out, guint indent)
{
  for (guint i = 0; i < indent; i++)
    g_string_append (out, "  ");
}

static gboolean
try_inline (GString *out, const NsJson *node)
{
  gsize start = out->len;

  if (print_inline (out, node, FALSE, start + INLINE_WIDTH))
    return TRUE;
  g_string_truncate (out, start);
  return FALSE;
}

static void print_value (GString *out, const NsJson *node, guint indent);

static void
print_array (GString *out, const NsJson *array, guint indent)
{
  if (array->n == 0)
    {
      g_string_append (out, "[]");
      return;
    }
  g_string_append (out, "[\n");
  for (guint i = 0; i < array->n; i++)
    {
      print_indent (out, indent + 1);
      print_value (out, array->v.items[i], indent + 1);
      g_string_append (out, i + 1 < array->n ? ",\n" : "\n");
    }
  print_indent (out, indent);
  g_string_append_c (out, ']');
}

static void
print_object (GString *out, const NsJson *obj, guint indent)
{
  if (obj->n == 0)
    {
      g_string_append (out, "{}");
      return;
    }
  g_string_append (out, "{\n");
  for (guint i = 0; i < obj->n; i++)
    {
      print_indent (out, indent + 1);
      print_string (out, obj->v.members[i].key);
      g_string_append (out, ": ");
      print_value (out, obj->v.members[i].value, indent + 1);
      g_string_append (out, i + 1 < obj->n ? ",\n" : "\n");
    }
  print_indent (out, indent);
  g_string_append_c (out, '}');
}

/* Nesting is bounded: the model's own objects are 6 deep, and unknown
 * fields come from files held to NS_TOPOLOGY_MAX_DEPTH. */
static void
print_value (GString *out, const NsJson *node, guint indent)
{
  if (indent > 0 && try_inline (out, node))
    return;
  if (node->type == NS_JSON_ARRAY)
    print_array (out, node, indent);
  else if (node->type == NS_JSON_OBJECT)
    print_object (out, node, indent);
  else
    print_scalar (out, node);
}

char *
ns_topology_to_data (const NsTopology *self, gsize *len_out)
{
  g_autoptr (NsJsonDoc) doc = NULL;
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);
  doc = ns_json_doc_new ();
  out = g_string_sized_new (4096);
  print_value (out, topology_to_json (doc, self), 0);
  g_string_append_c (out, '\n');
  if (len_out != NULL)
    *len_out = out->len;
  return g_string_free (out, FALSE);
}

gboolean
ns_topology_save_file (const NsTopology *self, const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize len;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  data = ns_topology_to_data (self, &len);
  /* Writes a temporary file and renames it over @path, so a crash leaves
   * either the old file or the new one, never half of one. */
  return g_file_set_contents_full (path, data, (gssize) len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}
