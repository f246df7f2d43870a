/* validate.c: the semantic rules of docs/file-format.md over a whole model. The
 * loader checks types and syntax; what is left here is everything the app
 * can get wrong too: ranges, identifiers, references between objects. */
#include "config.h"

#include "core/validate.h"

#include "core/json-scan.h"

#include <math.h>
#include <string.h>

#include "net/apps/http.h"
#include "net/udp.h"

/* The limits are in validate.h, where the app's fields read them too. */
#define MAX_DELAY_MS      NS_TOPO_MAX_DELAY_MS
#define MAX_BANDWIDTH     NS_TOPO_MAX_BANDWIDTH_MBPS
#define MAX_COORDINATE    NS_TOPO_MAX_COORDINATE
#define MAX_AT_SECONDS    NS_TOPO_MAX_AT_SECONDS
#define MAX_COUNT         NS_TOPO_MAX_COUNT
#define MAX_QUEUE         NS_TOPO_MAX_QUEUE
#define MAX_BYTES         NS_TOPO_MAX_BYTES
#define MAX_SEED          NS_TOPO_MAX_SEED
#define MAX_RECORD_TTL    NS_TOPO_MAX_RECORD_TTL
#define MIN_MTU           NS_TOPO_MIN_MTU
#define MAX_MTU           NS_TOPO_MAX_MTU

NsProblem *
ns_problem_new (const char *path, gint line, const char *message)
{
  NsProblem *problem = g_new0 (NsProblem, 1);

  problem->path = g_strdup (path != NULL ? path : "");
  problem->line = line;
  problem->message = g_strdup (message);
  return problem;
}

NsProblem *
ns_problem_new_printf (const char *path, gint line, const char *format, ...)
{
  NsProblem *problem;
  va_list args;

  va_start (args, format);
  problem = g_new0 (NsProblem, 1);
  problem->path = g_strdup (path != NULL ? path : "");
  problem->line = line;
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  return problem;
}

void
ns_problem_free (NsProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->path);
  g_free (problem->message);
  g_free (problem);
}

/* Bidirectional formatting characters (Unicode UAX #9 2.1-2.6): shown
 * raw they reorder the rest of the line ("Trojan Source", CVE-2021-42574). */
static gboolean
is_bidi_control (gunichar c)
{
  return c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e)
         || (c >= 0x2066 && c <= 0x2069);
}

char *
ns_text_escape_controls (const char *text)
{
  GString *out;
  const char *p;

  if (text == NULL)
    return NULL;
  out = g_string_sized_new (strlen (text));
  for (p = text; *p != '\0';)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* Not UTF-8 (a file name, say): the byte's value. */
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          p++;
          continue;
        }
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
        g_string_append_printf (out, "\\x%02x", c);
      else if (is_bidi_control (c))
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }
  return g_string_free (out, FALSE);
}

char *
ns_safe_file_stem (const char *text, const char *fallback)
{
  GString *out = g_string_new (NULL);
  const char *p;

  for (p = text != NULL ? text : ""; *p != '\0' && out->len < 100; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      /* No separator (the name must stay in the folder the user picks),
       * no control, bidi or reserved character of common file systems. */
      gboolean bad = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || is_bidi_control (c)
                     || strchr ("/\\:*?\"<>|", (int) c) != NULL;

      /* No leading dot (a hidden file, or ".." itself), space or dash. */
      if (out->len == 0 && (bad || c == '.' || c == ' ' || c == '-'))
        continue;
      if (bad)
        g_string_append_c (out, '-');
      else
        g_string_append_unichar (out, c);
    }
  while (out->len > 0 && (out->str[out->len - 1] == ' ' || out->str[out->len - 1] == '.'))
    g_string_truncate (out, out->len - 1);
  if (out->len == 0)
    g_string_append (out, fallback);
  return g_string_free (out, FALSE);
}

char *
ns_problem_to_string (const NsProblem *problem, const char *display_name)
{
  GString *out = g_string_new (NULL);

  if (display_name != NULL && *display_name != '\0')
    {
      g_string_append (out, display_name);
      if (problem->line > 0)
        g_string_append_printf (out, ":%d", problem->line);
      g_string_append (out, ": ");
    }
  else if (problem->line > 0)
    g_string_append_printf (out, "line %d: ", problem->line);
  if (problem->path != NULL && *problem->path != '\0')
    {
      g_autofree char *path = ns_text_escape_controls (problem->path);

      g_string_append_printf (out, "%s: ", path);
    }
  /* Messages quote the file: its bytes must not drive the terminal
   * (ESC and OSC sequences) nor reorder the line (bidi overrides). */
  {
    g_autofree char *message = ns_text_escape_controls (problem->message);

    g_string_append (out, message);
  }
  return g_string_free (out, FALSE);
}

/* ---- helpers ---- */

/* Paths are built in one GString as the walk goes down and only copied
 * when there is a problem: a valid 2,000-node file allocates none. */
typedef struct {
  const NsTopology *topology;
  GPtrArray        *problems;
  GHashTable       *ids;         /* node id -> NsTopoNode* (first of equal ids) */
  GHashTable       *addresses;   /* guint32 address -> path of its first user (owned) */
  GString          *path;
} Checker;

static gsize
push_key (Checker *c, const char *key)
{
  return ns_json_path_push_key (c->path, key);
}

static gsize
push_index (Checker *c, const char *key, guint index)
{
  gsize mark = push_key (c, key);

  ns_json_path_push_index (c->path, index);
  return mark;
}

static void
pop (Checker *c, gsize mark)
{
  g_string_truncate (c->path, mark);
}

/* A problem at the current path, or at its member @field if not NULL. */
static void G_GNUC_PRINTF (3, 4)
add (Checker *c, const char *field, const char *format, ...)
{
  va_list args;
  NsProblem *problem = g_new0 (NsProblem, 1);

  if (field == NULL)
    problem->path = g_strdup (c->path->str);
  else if (c->path->len == 0)
    problem->path = g_strdup (field);
  else
    problem->path = g_strdup_printf ("%s.%s", c->path->str, field);
  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (c->problems, problem);
}

static gboolean
check_range (Checker *c, const char *field, double value, double min, double max)
{
  if (isfinite (value) && value >= min && value <= max)
    return TRUE;
  if (isfinite (value) && value < 0 && min == 0)
    add (c, field, "must not be negative (it is %g)", value);
  else
    add (c, field, "must be from %g to %g, not %g", min, max, value);
  return FALSE;
}

static gboolean
is_identifier (const char *text)
{
  /* ':' separates node and interface in link ends ("pc1:eth0"). */
  return text != NULL && *text != '\0' && strchr (text, ':') == NULL;
}

/* A DNS name: dot-separated labels of 1..63 characters, 253 in all
 * (RFC 1035 §2.3.4), letters, digits, '-' and '_'. A final dot is allowed. */
static gboolean
is_domain_name (const char *text)
{
  gsize len;
  gsize label = 0;

  if (text == NULL)
    return FALSE;
  len = strlen (text);
  if (len == 0 || len > 254 || (len == 254 && text[253] != '.'))
    return FALSE;
  if (strcmp (text, ".") == 0)
    return TRUE;
  for (gsize i = 0; i < len; i++)
    {
      char ch = text[i];

      if (ch == '.')
        {
          if (label == 0)
            return FALSE;
          label = 0;
        }
      else if (g_ascii_isalnum (ch) || ch == '-' || ch == '_' || ch == '*')
        {
          if (++label > 63)
            return FALSE;
        }
      else
        return FALSE;
    }
  return TRUE;
}

/* ---- nodes ---- */

static gboolean
on_own_network (const NsTopoNode *node, guint32 addr)
{
  for (guint i = 0; i < node->ifaces->len; i++)
    {
      NsTopoIface *iface = g_ptr_array_index (node->ifaces, i);
      guint32 mask = ns_prefix_mask (iface->prefix_len);

      if (iface->has_addr && iface->prefix_len <= 32 && (iface->addr & mask) == (addr & mask))
        return TRUE;
    }
  return FALSE;
}

/* At the interface's path. */
static void
check_iface (Checker *c, const NsTopoNode *node, const NsTopoIface *iface)
{
  const char *first;

  if (!is_identifier (iface->name))
    add (c, "name", "an interface needs a name without ':'");
  if (!iface->has_addr)
    return;
  if (ns_node_kind_is_layer2 (node->kind))
    {
      add (c, "ip", "a %s works at layer %d and has no IP address",
           ns_node_kind_to_string (node->kind), node->kind == NS_NODE_HUB ? 1 : 2);
      return;
    }
  if (iface->prefix_len > 32)
    {
      add (c, "ip", "prefix length %u is outside 0..32", iface->prefix_len);
      return;
    }
  /* A host part of all zeros or all ones is a warning, not an error
   * (ns_topology_warnings): Linux accepts it, and a lesson may show why
   * it is a bad idea. */
  first = g_hash_table_lookup (c->addresses, GUINT_TO_POINTER (iface->addr));
  if (first != NULL)
    {
      g_autofree char *text = ns_format_ipv4 (iface->addr);

      add (c, "ip", "address %s is already used by %s", text, first);
    }
  else
    g_hash_table_insert (c->addresses, GUINT_TO_POINTER (iface->addr), g_strdup (c->path->str));
}

static const char *
service_protocol (const char *type)
{
  static const char *const types[][2] = {
    { "http-server", "tcp" }, { "dns-server", "udp" },
    { "tcp-echo", "tcp" }, { "udp-echo", "udp" },
    { "tcp-discard", "tcp" }, { "udp-discard", "udp" },
  };

  for (guint i = 0; type != NULL && i < G_N_ELEMENTS (types); i++)
    if (strcmp (type, types[i][0]) == 0)
      return types[i][1];
  return NULL;
}

/* At the record's path. */
static void
check_record (Checker *c, const NsTopoRecord *record)
{
  if (!is_domain_name (record->name))
    add (c, "name", "\"%s\" is not a domain name", record->name ? record->name : "");
  if (g_strcmp0 (record->type, "A") == 0)
    {
      if (!ns_parse_ipv4 (record->value, NULL))
        add (c, "value", "an A record's value must be an IPv4 address, not \"%s\"",
             record->value ? record->value : "");
    }
  else if (g_strcmp0 (record->type, "CNAME") == 0 || g_strcmp0 (record->type, "NS") == 0)
    {
      if (!is_domain_name (record->value))
        add (c, "value", "a %s record's value must be a domain name, not \"%s\"",
             record->type, record->value ? record->value : "");
    }
  else
    add (c, "type", "record type \"%s\" is not one of A, CNAME, NS",
         record->type ? record->type : "");
  if (record->ttl > MAX_RECORD_TTL)
    add (c, "ttl", "must be from 0 to %u, not %u", MAX_RECORD_TTL, record->ttl);
}

/* At the service's path. */
static void
check_service (Checker *c, const NsTopoService *service, GHashTable *ports)
{
  const char *protocol = service_protocol (service->type);

  if (protocol == NULL)
    {
      add (c, "type", "unknown service type \"%s\" (known: http-server, dns-server, "
           "tcp-echo, udp-echo, tcp-discard, udp-discard)", service->type ? service->type : "");
      return;
    }
  if (service->port == 0)
    add (c, "port", "must be from 1 to 65535, not 0");
  else
    {
      /* One program per transport port: the port tells them apart. */
      guint key = (protocol[0] == 't' ? 0x10000u : 0) | service->port;

      if (g_hash_table_contains (ports, GUINT_TO_POINTER (key)))
        add (c, "port", "%s port %u is already taken by another service of this node",
             protocol, service->port);
      else
        g_hash_table_add (ports, GUINT_TO_POINTER (key));
    }
  if (service->root != NULL && !ns_parse_ipv4 (service->root, NULL))
    add (c, "root", "\"%s\" is not an IPv4 address", service->root);
  if (service->recursive && service->root == NULL)
    add (c, "recursive", "a recursive DNS server needs \"root\": the address of a root server");
  for (guint i = 0; service->records != NULL && i < service->records->len; i++)
    {
      gsize mark = push_index (c, "records", i);

      check_record (c, g_ptr_array_index (service->records, i));
      pop (c, mark);
    }
}

/* At the node's path. */
static void
check_node_l3 (Checker *c, const NsTopoNode *node)
{
  if (ns_node_kind_is_layer2 (node->kind))
    {
      static const char *const what[] = { "gateway", "dns", "routes", "services" };
      gboolean has[] = { node->has_gateway, node->dns->len > 0, node->routes->len > 0,
                         node->services->len > 0 };

      for (guint i = 0; i < G_N_ELEMENTS (what); i++)
        if (has[i])
          add (c, what[i], "a %s works at layer %d and has no %s",
               ns_node_kind_to_string (node->kind), node->kind == NS_NODE_HUB ? 1 : 2, what[i]);
      return;
    }
  /* A gateway off every network is a warning (ns_topology_warnings). */
  for (guint i = 0; i < node->routes->len; i++)
    {
      NsTopoRoute *route = g_ptr_array_index (node->routes, i);
      gsize mark = push_index (c, "routes", i);

      if (route->prefix_len > 32)
        add (c, "to", "prefix length %u is outside 0..32", route->prefix_len);
      if (!on_own_network (node, route->via))
        {
          g_autofree char *text = ns_format_ipv4 (route->via);

          add (c, "via", "next hop %s is not on any network of this node's interfaces", text);
        }
      pop (c, mark);
    }
  if (node->services->len > 0)
    {
      g_autoptr (GHashTable) ports = g_hash_table_new (g_direct_hash, g_direct_equal);

      for (guint i = 0; i < node->services->len; i++)
        {
          gsize mark = push_index (c, "services", i);

          check_service (c, g_ptr_array_index (node->services, i), ports);
          pop (c, mark);
        }
    }
}

/* At the node's path. */
static void
check_node (Checker *c, const NsTopoNode *node)
{
  /* Names seen so far: a scan for a handful of interfaces, a table once
   * there are many (a switch of 40,000 ports took seconds quadratically). */
  g_autoptr (GHashTable) names = node->ifaces->len > 8
                                   ? g_hash_table_new (g_str_hash, g_str_equal) : NULL;

  if (!is_identifier (node->id))
    add (c, "id", "a node needs an id without ':'");
  else if (g_hash_table_contains (c->ids, node->id))
    add (c, "id", "duplicate node id \"%s\"", node->id);
  else
    g_hash_table_insert (c->ids, node->id, (gpointer) node);
  if ((guint) node->kind > NS_NODE_HUB)
    add (c, "kind", "unknown kind (known: host, router, switch, hub)");
  check_range (c, "x", node->x, -MAX_COORDINATE, MAX_COORDINATE);
  check_range (c, "y", node->y, -MAX_COORDINATE, MAX_COORDINATE);
  for (guint j = 0; j < node->ifaces->len; j++)
    {
      NsTopoIface *iface = g_ptr_array_index (node->ifaces, j);
      gsize mark = push_index (c, "interfaces", j);

      gboolean seen = FALSE;

      check_iface (c, node, iface);
      if (iface->name != NULL && names != NULL)
        seen = !g_hash_table_add (names, iface->name);
      for (guint k = 0; iface->name != NULL && names == NULL && k < j && !seen; k++)
        seen = g_strcmp0 (((NsTopoIface *) g_ptr_array_index (node->ifaces, k))->name,
                          iface->name) == 0;
      if (seen)
        add (c, "name", "duplicate interface name \"%s\" in node %s", iface->name,
             node->id ? node->id : "");
      pop (c, mark);
    }
  check_node_l3 (c, node);
}

static void
check_nodes (Checker *c)
{
  const NsTopology *t = c->topology;

  for (guint i = 0; i < t->nodes->len; i++)
    {
      gsize mark = push_index (c, "nodes", i);

      check_node (c, g_ptr_array_index (t->nodes, i));
      pop (c, mark);
    }
}

/* ---- links ---- */

/* At the link's path; @field is "a" or "b". */
static void
check_end (Checker *c, const NsTopoLink *link, const char *field, const char *node_id,
           const char *iface_name, GHashTable *used)
{
  const NsTopoNode *node;
  char *end;
  const char *other;

  if (node_id == NULL || iface_name == NULL)
    {
      add (c, field, "a link end is written \"node:interface\"");
      return;
    }
  node = g_hash_table_lookup (c->ids, node_id);
  if (node == NULL)
    {
      add (c, field, "%s:%s names node \"%s\", which does not exist", node_id, iface_name,
           node_id);
      return;
    }
  if (ns_topo_node_find_iface (node, iface_name) == NULL)
    {
      add (c, field, "%s:%s names interface \"%s\", which node %s does not have", node_id,
           iface_name, iface_name, node_id);
      return;
    }
  end = g_strconcat (node_id, ":", iface_name, NULL);
  other = g_hash_table_lookup (used, end);
  if (other != NULL)
    {
      add (c, field, "interface %s already has link %s (an interface has at most one link)",
           end, other);
      g_free (end);
    }
  else
    g_hash_table_insert (used, end, link->id ? link->id : "");
}

static void
check_link_values (Checker *c, const NsTopoLink *link)
{
  check_range (c, "delay_ms", link->delay_ms, 0, MAX_DELAY_MS);
  if (check_range (c, "bandwidth_mbps", link->bandwidth_mbps, 0, MAX_BANDWIDTH) &&
      link->bandwidth_mbps <= 0)
    add (c, "bandwidth_mbps", "must be more than 0");
  check_range (c, "loss", link->loss, 0, 1);
  check_range (c, "queue_packets", link->queue_packets, 1, MAX_QUEUE);
  check_range (c, "mtu", link->mtu, MIN_MTU, MAX_MTU);
  check_range (c, "jitter_ms", link->jitter_ms, 0, MAX_DELAY_MS);
  for (guint i = 0; link->drop_nth != NULL && i < link->drop_nth->len; i++)
    if (g_array_index (link->drop_nth, guint, i) == 0)
      {
        gsize mark = push_index (c, "drop_nth", i);

        add (c, NULL, "must be a frame number counted from 1, not 0");
        pop (c, mark);
      }
}

static void
check_links (Checker *c)
{
  g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const NsTopology *t = c->topology;

  for (guint i = 0; i < t->links->len; i++)
    {
      NsTopoLink *link = g_ptr_array_index (t->links, i);
      gsize mark = push_index (c, "links", i);

      if (!is_identifier (link->id))
        add (c, "id", "a link needs an id without ':'");
      else if (g_hash_table_contains (ids, link->id))
        add (c, "id", "duplicate link id \"%s\"", link->id);
      else
        g_hash_table_add (ids, link->id);
      check_end (c, link, "a", link->a_node, link->a_iface, used);
      if (g_strcmp0 (link->a_node, link->b_node) == 0 &&
          g_strcmp0 (link->a_iface, link->b_iface) == 0 && link->a_node != NULL)
        add (c, "b", "a link joins two different interfaces");
      else
        check_end (c, link, "b", link->b_node, link->b_iface, used);
      check_link_values (c, link);
      pop (c, mark);
    }
}

/* ---- scenario ---- */

/* A host to reach: an IPv4 address or a host name. Unlike a record's
 * owner, a host name has no wildcard '*' (RFC 4592 2.1.1: it only ever
 * matches, it is never asked for) and is not the root "." alone. */
static gboolean
is_host (const char *text)
{
  return ns_parse_ipv4 (text, NULL)
         || (is_domain_name (text) && strchr (text, '*') == NULL && strcmp (text, ".") != 0);
}

/* "\"a:b:7\" is not ..." with the reason; NULL when @target is HOST:PORT. */
static char *
target_problem (const char *target)
{
  const char *colon = strrchr (target, ':');
  g_autofree char *host = NULL;
  guint64 port;

  if (colon == NULL || colon[1] == '\0')
    return g_strdup_printf ("\"%s\" is not ADDRESS:PORT or NAME:PORT: the port is missing",
                            target);
  if (!g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &port, NULL))
    return g_strdup_printf ("\"%s\" is not ADDRESS:PORT or NAME:PORT: the port must be a "
                            "number from 1 to 65535", target);
  host = g_strndup (target, (gsize) (colon - target));
  if (!is_host (host))
    return g_strdup_printf ("\"%s\" is not ADDRESS:PORT or NAME:PORT: \"%s\" is neither an "
                            "IPv4 address nor a host name", target, host);
  return NULL;
}

/* At the action's path. */
static void
check_action_fields (Checker *c, const NsTopoAction *a)
{
  const char *act = a->action;
  g_autofree char *problem = NULL, *host = NULL, *path = NULL;
  g_autoptr (GError) error = NULL;
  guint16 port;

  if (g_strcmp0 (act, "ping") == 0 || g_strcmp0 (act, "traceroute") == 0)
    {
      if (a->target == NULL)
        add (c, NULL, "%s needs a \"target\" (an address or a name)", act);
      else if (!is_host (a->target))
        add (c, "target", "\"%s\" is neither an IPv4 address nor a name", a->target);
    }
  else if (g_strcmp0 (act, "udp-send") == 0 || g_strcmp0 (act, "tcp-send") == 0)
    {
      if (a->target == NULL)
        add (c, NULL, "%s needs a \"target\" written ADDRESS:PORT or NAME:PORT", act);
      else if ((problem = target_problem (a->target)) != NULL)
        add (c, "target", "%s", problem);
      /* RFC 768 and RFC 791: a datagram's 65,535 bytes hold an IPv4
       * header (20) and a UDP header (8) besides the data. */
      if (g_strcmp0 (act, "udp-send") == 0 && a->bytes > NS_UDP_MAX_PAYLOAD)
        add (c, "bytes", "a UDP datagram carries at most %u bytes of data (65,535 less the "
             "IPv4 and UDP headers, RFC 768), not %" G_GUINT64_FORMAT, NS_UDP_MAX_PAYLOAD,
             a->bytes);
    }
  else if (g_strcmp0 (act, "dns-lookup") == 0)
    {
      if (a->name == NULL)
        add (c, NULL, "dns-lookup needs a \"name\"");
      else if (!is_host (a->name))
        add (c, "name", "\"%s\" is not a host name to look up", a->name);
    }
  else if (g_strcmp0 (act, "http-get") == 0)
    {
      if (a->url == NULL)
        add (c, NULL, "http-get needs a \"url\"");
      else if (!g_str_has_prefix (a->url, "http://") || a->url[7] == '\0' || a->url[7] == '/')
        add (c, "url", "\"%s\" is not an http:// URL with a host", a->url);
      else if (!ns_http_parse_url (a->url, &host, &port, &path, &error))
        /* The very judgement http-get makes when it runs. */
        add (c, "url", "%s", error->message);
    }
}

/* A string field the model keeps in the action's `extra`. */
static const char *
extra_string (const NsTopoAction *a, const char *key)
{
  JsonNode *node;

  if (a->extra == NULL || !json_object_has_member (a->extra, key))
    return NULL;
  node = json_object_get_member (a->extra, key);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* link-down, link-up, node-down, node-up (CONTRACT.md §1b). */
static void
check_failure_action (Checker *c, const NsTopoAction *a)
{
  check_range (c, "at", a->at, 0, MAX_AT_SECONDS);
  if (g_str_has_prefix (a->action, "link-"))
    {
      const char *link = extra_string (a, "link");

      if (link == NULL)
        add (c, NULL, "%s needs a \"link\": the id of the link whose cable is pulled or "
             "plugged", a->action);
      else if (ns_topology_find_link (c->topology, link) == NULL)
        add (c, "link", "link \"%s\" does not exist", link);
      if (a->node != NULL && !g_hash_table_contains (c->ids, a->node))
        add (c, "node", "node \"%s\" does not exist", a->node);
      return;
    }
  if (a->node == NULL || !g_hash_table_contains (c->ids, a->node))
    add (c, "node", "node \"%s\" does not exist", a->node ? a->node : "");
}

/* At the action's path. */
static void
check_action (Checker *c, const NsTopoAction *a)
{
  static const char *const actions[] = { "ping", "traceroute", "dns-lookup", "http-get",
                                         "udp-send", "tcp-send" };
  const NsTopoNode *node = a->node != NULL ? g_hash_table_lookup (c->ids, a->node) : NULL;
  gboolean known = FALSE;

  if (g_strcmp0 (a->action, "link-down") == 0 || g_strcmp0 (a->action, "link-up") == 0
      || g_strcmp0 (a->action, "node-down") == 0 || g_strcmp0 (a->action, "node-up") == 0)
    {
      check_failure_action (c, a);
      return;
    }
  check_range (c, "at", a->at, 0, MAX_AT_SECONDS);
  if (node == NULL)
    add (c, "node", "node \"%s\" does not exist", a->node ? a->node : "");
  else if (ns_node_kind_is_layer2 (node->kind))
    add (c, "node", "%s is a %s, which runs no programs", a->node,
         ns_node_kind_to_string (node->kind));
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    known |= g_strcmp0 (a->action, actions[i]) == 0;
  if (!known)
    {
      add (c, "do", "unknown action \"%s\" (known: ping, traceroute, dns-lookup, "
           "http-get, udp-send, tcp-send, link-down, link-up, node-down, node-up)",
           a->action ? a->action : "");
      return;
    }
  check_action_fields (c, a);
  if (a->count < 1 || a->count > MAX_COUNT)
    add (c, "count", "must be from 1 to %d, not %u", MAX_COUNT, a->count);
  check_range (c, "interval_ms", a->interval_ms, 0, MAX_DELAY_MS);
  if (a->ttl > 255)
    add (c, "ttl", "must be from 1 to 255, not %u", a->ttl);
  if (a->bytes > MAX_BYTES)
    add (c, "bytes", "must be at most %" G_GUINT64_FORMAT, MAX_BYTES);
  if (a->from_port == 0 || a->from_port > 65535 || a->from_port < -1)
    add (c, "from_port", "must be from 1 to 65535, not %d", a->from_port);
}

GPtrArray *
ns_topology_validate (const NsTopology *self)
{
  Checker c = { self, g_ptr_array_new_with_free_func ((GDestroyNotify) ns_problem_free) };

  g_return_val_if_fail (self != NULL, c.problems);
  c.ids = g_hash_table_new (g_str_hash, g_str_equal);
  c.addresses = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  c.path = g_string_sized_new (64);
  if (self->seed > MAX_SEED)
    add (&c, "seed", "must be at most 2^53");
  check_nodes (&c);
  check_links (&c);
  for (guint i = 0; i < self->scenario->len; i++)
    {
      gsize mark = push_index (&c, "scenario", i);

      check_action (&c, g_ptr_array_index (self->scenario, i));
      pop (&c, mark);
    }
  g_hash_table_unref (c.ids);
  g_hash_table_unref (c.addresses);
  g_string_free (c.path, TRUE);
  return c.problems;
}

void
ns_topology_validate_action (const NsTopology *self, const NsTopoAction *action,
                             const char *path, GPtrArray *problems)
{
  Checker c = { self, problems };

  g_return_if_fail (self != NULL && action != NULL && problems != NULL);
  c.ids = g_hash_table_new (g_str_hash, g_str_equal);
  c.path = g_string_new (path);
  for (guint i = self->nodes->len; i-- > 0;)
    {
      NsTopoNode *node = g_ptr_array_index (self->nodes, i);

      if (node->id != NULL)
        g_hash_table_insert (c.ids, node->id, node);
    }
  check_action (&c, action);
  g_hash_table_unref (c.ids);
  g_string_free (c.path, TRUE);
}

/* ---- warnings: legal but surprising (CONTRACT.md §2b) ---- */

static void
warn_addresses (Checker *c, const NsTopoNode *node)
{
  for (guint j = 0; j < node->ifaces->len; j++)
    {
      NsTopoIface *iface = g_ptr_array_index (node->ifaces, j);
      gsize mark = push_index (c, "interfaces", j);
      guint32 host;

      if (iface->has_addr && iface->prefix_len <= 30 && !ns_node_kind_is_layer2 (node->kind))
        {
          host = iface->addr & ~ns_prefix_mask (iface->prefix_len);
          /* RFC 1122 §3.2.1.3: all-zeros and all-ones host parts name the
           * network and its broadcast, never one interface. */
          if (host == 0 || host == ~ns_prefix_mask (iface->prefix_len))
            {
              g_autofree char *text = ns_format_cidr (iface->addr, iface->prefix_len);

              if (host == 0)
                add (c, "ip", "%s is the address of the network itself, not of an interface "
                     "(RFC 1122 3.2.1.3): packets to it are taken as meant for the whole "
                     "network", text);
              else
                add (c, "ip", "%s is the network's broadcast address, not an interface's "
                     "(RFC 1122 3.2.1.3): packets to it reach every host of the network", text);
            }
        }
      pop (c, mark);
    }
  if (!ns_node_kind_is_layer2 (node->kind) && node->has_gateway
      && !on_own_network (node, node->gateway))
    {
      g_autofree char *text = ns_format_ipv4 (node->gateway);

      add (c, "gateway", "gateway %s is not on any network of this node's interfaces: the "
           "node cannot reach it, so it has no way out", text);
    }
}

static guint
uf_find (guint *parent, guint i)
{
  while (parent[i] != i)
    i = parent[i] = parent[parent[i]];
  return i;
}

/* Interfaces joined at layer 2 (by links, switches and hubs) in different
 * subnets cannot talk to each other without a router. */
static void
warn_lans (Checker *c)
{
  const NsTopology *t = c->topology;
  g_autofree guint *base = g_new0 (guint, t->nodes->len + 1);
  g_autofree guint *parent = NULL;
  g_autofree gint *first = NULL;
  guint n_ifaces;

  for (guint i = 0; i < t->nodes->len; i++)
    base[i + 1] = base[i] + ((NsTopoNode *) g_ptr_array_index (t->nodes, i))->ifaces->len;
  n_ifaces = base[t->nodes->len];
  parent = g_new (guint, n_ifaces + 1);
  first = g_new (gint, n_ifaces + 1);
  for (guint v = 0; v < n_ifaces; v++)
    {
      parent[v] = v;
      first[v] = -1;
    }
  for (guint i = 0; i < t->nodes->len; i++)
    {
      NsTopoNode *node = g_ptr_array_index (t->nodes, i);

      for (guint j = 1; ns_node_kind_is_layer2 (node->kind) && j < node->ifaces->len; j++)
        parent[uf_find (parent, base[i] + j)] = uf_find (parent, base[i]);
    }
  for (guint l = 0; l < t->links->len; l++)
    {
      NsTopoLink *link = g_ptr_array_index (t->links, l);
      gint a = ns_topology_node_index (t, link->a_node);
      gint b = ns_topology_node_index (t, link->b_node);
      gint ai, bi;

      if (a < 0 || b < 0)
        continue;
      ai = ns_topo_node_iface_index (g_ptr_array_index (t->nodes, a), link->a_iface);
      bi = ns_topo_node_iface_index (g_ptr_array_index (t->nodes, b), link->b_iface);
      if (ai >= 0 && bi >= 0)
        parent[uf_find (parent, base[a] + (guint) ai)] = uf_find (parent, base[b] + (guint) bi);
    }
  for (guint i = 0; i < t->nodes->len; i++)
    {
      NsTopoNode *node = g_ptr_array_index (t->nodes, i);

      for (guint j = 0; j < node->ifaces->len; j++)
        {
          NsTopoIface *iface = g_ptr_array_index (node->ifaces, j);
          guint root = uf_find (parent, base[i] + j);
          guint k, other_node;
          NsTopoNode *other;
          NsTopoIface *oi;
          guint32 mask;

          if (!iface->has_addr || iface->prefix_len > 32 || ns_node_kind_is_layer2 (node->kind))
            continue;
          if (first[root] < 0)
            {
              first[root] = (gint) (base[i] + j);
              continue;
            }
          k = (guint) first[root];
          for (other_node = 0; base[other_node + 1] <= k; other_node++)
            ;
          other = g_ptr_array_index (t->nodes, other_node);
          oi = g_ptr_array_index (other->ifaces, k - base[other_node]);
          mask = ns_prefix_mask (MIN (iface->prefix_len, oi->prefix_len));
          if (iface->prefix_len != oi->prefix_len || (iface->addr & mask) != (oi->addr & mask))
            {
              g_autofree char *mine = ns_format_cidr (iface->addr, iface->prefix_len);
              g_autofree char *theirs = ns_format_cidr (oi->addr, oi->prefix_len);
              gsize mark = push_index (c, "nodes", i);
              gsize mark2 = push_index (c, "interfaces", j);

              add (c, "ip", "%s is on the same LAN as %s:%s (%s) but in another subnet: they "
                   "cannot talk to each other without a router", mine, other->id, oi->name,
                   theirs);
              pop (c, mark2);
              pop (c, mark);
            }
        }
    }
}

GPtrArray *
ns_topology_warnings (const NsTopology *self)
{
  Checker c = { self, g_ptr_array_new_with_free_func ((GDestroyNotify) ns_problem_free) };

  g_return_val_if_fail (self != NULL, c.problems);
  c.path = g_string_sized_new (64);
  for (guint i = 0; i < self->nodes->len; i++)
    {
      gsize mark = push_index (&c, "nodes", i);

      warn_addresses (&c, g_ptr_array_index (self->nodes, i));
      pop (&c, mark);
    }
  warn_lans (&c);
  g_string_free (c.path, TRUE);
  return c.problems;
}
