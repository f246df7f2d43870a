/* activity-grade.c: running an activity's checks (docs/file-format.md).
 *
 * An action check is judged on its own run: the student's network is built
 * with the file's seed, the file's scenario runs until it is finished and
 * the network quiet, then, one second later, the check's action starts on
 * that settled network and the run goes on until it has its result. Each
 * check has a run of its own, so checks never disturb each other (one
 * check's traffic filling another's queue) and the result of one does not
 * depend on which others the teacher wrote. Same document, same results. */
#include "config.h"

#include "core/activity.h"

#include <string.h>

#include "core/run.h"
#include "core/scenario.h"
#include "sim/trace.h"

/* The pause between the end of the scenario and the check's action. */
#define CHECK_GAP_NS NS_NSEC_PER_SEC

void
ns_check_result_free (NsCheckResult *result)
{
  if (result == NULL)
    return;
  g_free (result->seen);
  g_free (result->answer);
  g_free (result->node);
  g_free (result->link);
  g_free (result);
}

static NsCheckResult *
result_new (NsCheckOutcome outcome)
{
  NsCheckResult *result = g_new0 (NsCheckResult, 1);

  result->outcome = outcome;
  return result;
}

/* ======================================================================
 * One run with the check's action at its end
 * ====================================================================== */

typedef struct {
  NsRun      *run;
  NsTopology *extra_scenario;   /* holds the check's action; outlives nothing but the run */
  GPtrArray  *extra_pending;    /* its scheduled action, which the run's events point at */
  guint       first;            /* trace index where the check's part starts */
  gint64      start;            /* ns */
  char       *error;            /* the network could not be built */
} CheckRun;

static void
check_run_clear (CheckRun *cr)
{
  g_clear_pointer (&cr->run, ns_run_free);
  g_clear_pointer (&cr->extra_pending, g_ptr_array_unref);
  g_clear_pointer (&cr->extra_scenario, ns_topology_free);
  g_clear_pointer (&cr->error, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CheckRun, check_run_clear)

static NsStack *
lookup_stack (const char *node_id, gpointer user_data)
{
  return ns_run_get_stack (user_data, node_id);
}

/* Runs @topology's scenario, then @action on the quiet network. */
static void
check_run_execute (CheckRun *cr, const NsTopology *topology, const NsTopoAction *action)
{
  g_autoptr (GError) error = NULL;
  NsTopoAction *copy;
  NsSim *sim;

  memset (cr, 0, sizeof *cr);
  cr->run = ns_run_new (topology, FALSE, 0, &error);
  if (cr->run == NULL)
    {
      cr->error = g_strdup_printf ("the network cannot run: %s", error->message);
      return;
    }
  ns_run_execute (cr->run, NS_RUN_DEFAULT_UNTIL);
  sim = ns_run_get_sim (cr->run);
  /* Whole milliseconds: the time reads well in the trace. */
  cr->start = (ns_sim_now (sim) + CHECK_GAP_NS + NS_NSEC_PER_MSEC - 1) / NS_NSEC_PER_MSEC
              * NS_NSEC_PER_MSEC;
  cr->first = ns_trace_len (ns_run_get_trace (cr->run));
  cr->extra_scenario = ns_topology_new ();
  copy = ns_topo_action_copy (action);
  copy->at = (double) cr->start / NS_NSEC_PER_SEC;
  g_ptr_array_add (cr->extra_scenario->scenario, copy);
  cr->extra_pending = ns_scenario_schedule (sim, cr->extra_scenario, lookup_stack, cr->run);
  ns_run_execute (cr->run, cr->start + NS_RUN_DEFAULT_UNTIL);
}

/* The index of the result (not a step) of @action at or after @first. */
static gint
find_result (NsTrace *trace, guint first, const NsTopoAction *action)
{
  for (guint i = first; i < ns_trace_len (trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (trace, i);

      if (ev->kind == NS_TRACE_APP && !ev->partial && g_strcmp0 (ev->node, action->node) == 0
          && g_strcmp0 (ev->action, action->action) == 0)
        return (gint) i;
    }
  return -1;
}

/* ======================================================================
 * Describing what the run showed
 * ====================================================================== */

/* The node of the drawing that owns @address, or NULL. */
static const char *
node_of_address (const NsTopology *topology, const char *address)
{
  guint32 addr;

  if (!ns_parse_ipv4 (address, &addr))
    return NULL;
  for (guint n = 0; n < topology->nodes->len; n++)
    {
      const NsTopoNode *node = g_ptr_array_index (topology->nodes, n);

      for (guint i = 0; i < node->ifaces->len; i++)
        {
          const NsTopoIface *iface = g_ptr_array_index (node->ifaces, i);

          if (iface->has_addr && iface->addr == addr)
            return node->id;
        }
    }
  return NULL;
}

/* The hops of a traceroute result, each "node (address)" where the
 * address is a node's, or the address, or "*". */
static GPtrArray *
result_hops (const NsTraceEvent *ev)
{
  GPtrArray *hops = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GVariant) list = ev->fields != NULL
    ? g_variant_lookup_value (ev->fields, "hops", G_VARIANT_TYPE ("as")) : NULL;

  for (gsize i = 0; list != NULL && i < g_variant_n_children (list); i++)
    {
      const char *hop = NULL;

      g_variant_get_child (list, i, "&s", &hop);
      g_ptr_array_add (hops, g_strdup (hop));
    }
  return hops;
}

static gboolean
hop_matches (const NsTopology *topology, const char *hop, const char *wanted)
{
  const char *node = node_of_address (topology, hop);

  return g_strcmp0 (hop, wanted) == 0 || g_strcmp0 (node, wanted) == 0;
}

static char *
hops_text (const NsTopology *topology, GPtrArray *hops)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < hops->len; i++)
    {
      const char *hop = g_ptr_array_index (hops, i);
      const char *node = node_of_address (topology, hop);
      guint run = 1;

      /* Thirty unanswered probes read better as one. */
      while (strcmp (hop, "*") == 0 && i + run < hops->len
             && strcmp (g_ptr_array_index (hops, i + run), "*") == 0)
        run++;
      if (i > 0)
        g_string_append (out, " → ");
      if (run > 2)
        {
          g_string_append_printf (out, "* (%u probes unanswered)", run);
          i += run - 1;
          continue;
        }
      g_string_append (out, node != NULL ? node : hop);
    }
  if (hops->len == 0)
    g_string_append (out, "no hop");
  return g_string_free (out, FALSE);
}

static gboolean
field_uint (const NsTraceEvent *ev, const char *key, guint64 *out)
{
  g_autoptr (GVariant) value = ev->fields != NULL ? g_variant_lookup_value (ev->fields, key, NULL)
                                                  : NULL;

  if (value == NULL)
    return FALSE;
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    *out = g_variant_get_uint32 (value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT64))
    *out = g_variant_get_uint64 (value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT32))
    *out = (guint64) MAX (g_variant_get_int32 (value), 0);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    *out = (guint64) MAX (g_variant_get_int64 (value), 0);
  else
    return FALSE;
  return TRUE;
}

static char *
field_string (const NsTraceEvent *ev, const char *key)
{
  char *text = NULL;

  if (ev->fields == NULL || !g_variant_lookup (ev->fields, key, "s", &text))
    return NULL;
  if (text[0] == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* The result in a few words: what a FAIL line says was seen. */
static char *
describe_result (const NsTopology *topology, const NsTraceEvent *ev)
{
  guint64 a, b;

  if (g_strcmp0 (ev->action, "ping") == 0 && field_uint (ev, "sent", &a)
      && field_uint (ev, "received", &b))
    return g_strdup_printf ("%" G_GUINT64_FORMAT " sent, %" G_GUINT64_FORMAT " received", a, b);
  if (g_strcmp0 (ev->action, "traceroute") == 0)
    {
      g_autoptr (GPtrArray) hops = result_hops (ev);
      g_autofree char *path = hops_text (topology, hops);

      return g_strdup_printf ("%s: %s", ev->ok ? "reached through" : "not reached; hops", path);
    }
  if (g_strcmp0 (ev->action, "http-get") == 0 && ev->ok && field_uint (ev, "status", &a)
      && field_uint (ev, "bytes", &b))
    return g_strdup_printf ("status %" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT " bytes", a, b);
  if (g_strcmp0 (ev->action, "dns-lookup") == 0 && ev->ok)
    {
      g_autofree char *address = field_string (ev, "address");

      return g_strdup_printf ("the answer was %s", address != NULL ? address : "empty");
    }
  return g_strdup (ev->detail != NULL ? ev->detail : ev->ok ? "it succeeded" : "it failed");
}

/* Why packets did not get through: the first drop after the check began,
 * in words, and the node or link where it happened. */
static char *
describe_first_drop (NsTrace *trace, guint first, guint last, char **node_out, char **link_out)
{
  for (guint i = first; i < last; i++)
    {
      const NsTraceEvent *ev = ns_trace_get (trace, i);
      const char *where;
      const char *reason;

      if (ev->kind != NS_TRACE_DROP)
        continue;
      where = ev->node != NULL ? ev->node : ev->link != NULL ? ev->link : "?";
      reason = ev->reason != NULL ? ev->reason : "";
      if (ev->node != NULL)
        *node_out = g_strdup (ev->node);
      else if (ev->link != NULL)
        *link_out = g_strdup (ev->link);
      if (strcmp (reason, "no-route") == 0)
        return g_strdup_printf ("no route at %s", where);
      if (strcmp (reason, "no-arp") == 0)
        return g_strdup_printf ("no ARP answer at %s", where);
      if (strcmp (reason, "ttl") == 0)
        return g_strdup_printf ("TTL ran out at %s", where);
      if (strcmp (reason, "loss") == 0 || strcmp (reason, "drop_nth") == 0)
        return g_strdup_printf ("lost on link %s", where);
      if (strcmp (reason, "queue") == 0)
        return g_strdup_printf ("queue full on link %s", where);
      if (strcmp (reason, "down") == 0)
        return g_strdup_printf ("%s is down", where);
      if (strcmp (reason, "no-port") == 0)
        return g_strdup_printf ("nothing listens on that port at %s", where);
      return g_strdup_printf ("dropped at %s (%s)", where, reason);
    }
  return NULL;
}

/* ======================================================================
 * Judging
 * ====================================================================== */

/* The conditions of @e that @ev does not meet, in words, or NULL. */
static char *
unmet_conditions (const NsTopology *topology, const NsExpect *e, const NsTraceEvent *ev)
{
  g_autoptr (GString) out = g_string_new (NULL);
  guint64 value;

  if ((e->has_ok && ev->ok != e->ok)
      || (!ev->ok && (e->status >= 0 || e->bytes >= 0 || e->address != NULL)))
    {
      g_autofree char *seen = describe_result (topology, ev);

      /* A failed action has no status, bytes or address to compare. */
      g_string_append_printf (out, "%s%s", ev->ok ? "it succeeded: " : "", seen);
      if (!ev->ok && e->hops_include == NULL && e->hops_equal == NULL)
        return g_string_free (g_steal_pointer (&out), FALSE);
    }
  if (e->hops_include != NULL || e->hops_equal != NULL)
    {
      g_autoptr (GPtrArray) hops = result_hops (ev);
      gboolean met = TRUE;

      for (guint i = 0; e->hops_include != NULL && i < e->hops_include->len; i++)
        {
          gboolean found = FALSE;

          for (guint h = 0; h < hops->len && !found; h++)
            found = hop_matches (topology, g_ptr_array_index (hops, h),
                                 g_ptr_array_index (e->hops_include, i));
          met &= found;
        }
      if (e->hops_equal != NULL)
        {
          met &= hops->len == e->hops_equal->len;
          for (guint h = 0; met && h < hops->len; h++)
            met &= hop_matches (topology, g_ptr_array_index (hops, h),
                                g_ptr_array_index (e->hops_equal, h));
        }
      if (!met)
        {
          g_autofree char *path = hops_text (topology, hops);

          g_string_append_printf (out, "%sthe hops were %s", out->len > 0 ? "; " : "", path);
        }
    }
  if (e->status >= 0 && (!field_uint (ev, "status", &value) || value != (guint64) e->status))
    {
      if (field_uint (ev, "status", &value))
        g_string_append_printf (out, "%sstatus %" G_GUINT64_FORMAT, out->len > 0 ? "; " : "",
                                value);
      else
        g_string_append_printf (out, "%sno HTTP answer (%s)", out->len > 0 ? "; " : "",
                                ev->detail != NULL ? ev->detail : "failed");
    }
  if (e->bytes >= 0 && (!field_uint (ev, "bytes", &value) || value != (guint64) e->bytes))
    g_string_append_printf (out, "%s%" G_GUINT64_FORMAT " bytes", out->len > 0 ? "; " : "",
                            field_uint (ev, "bytes", &value) ? value : 0);
  if (e->address != NULL)
    {
      g_autofree char *address = field_string (ev, "address");
      guint32 want = 0, got = 0;

      if (address == NULL || !ns_parse_ipv4 (address, &got) || !ns_parse_ipv4 (e->address, &want)
          || got != want)
        {
          if (address != NULL)
            g_string_append_printf (out, "%sthe address was %s", out->len > 0 ? "; " : "",
                                    address);
          else
            g_string_append_printf (out, "%sno address (%s)", out->len > 0 ? "; " : "",
                                    ev->detail != NULL ? ev->detail : "failed");
        }
    }
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

static NsCheckResult *
grade_action (const NsTopology *topology, const NsCheck *check)
{
  g_auto (CheckRun) cr = { 0 };
  NsTrace *trace;
  const NsTraceEvent *ev;
  NsCheckResult *result;
  g_autofree char *unmet = NULL;
  gint index;

  check_run_execute (&cr, topology, check->action);
  if (cr.error != NULL)
    {
      result = result_new (NS_CHECK_FAIL);
      result->seen = g_strdup (cr.error);
      return result;
    }
  trace = ns_run_get_trace (cr.run);
  index = find_result (trace, cr.first, check->action);
  if (index < 0)
    {
      result = result_new (NS_CHECK_FAIL);
      result->node = g_strdup (check->action->node);
      if (ns_run_get_stack (cr.run, check->action->node) == NULL)
        result->seen = g_strdup_printf ("%s is not a host or router of the drawing",
                                        check->action->node);
      else
        result->seen = g_strdup_printf ("%s %s did not finish", check->action->node,
                                        check->action->action);
      return result;
    }
  ev = ns_trace_get (trace, (guint) index);
  unmet = unmet_conditions (topology, &check->expect, ev);
  if (unmet == NULL)
    {
      result = result_new (NS_CHECK_PASS);
      result->seen = describe_result (topology, ev);
      return result;
    }
  result = result_new (NS_CHECK_FAIL);
  /* A failure that should have been a success: say where packets died. */
  if (!ev->ok)
    {
      g_autofree char *cause = describe_first_drop (trace, cr.first, (guint) index,
                                                    &result->node, &result->link);

      if (cause != NULL)
        result->seen = g_strdup_printf ("%s (%s)", unmet, cause);
    }
  if (result->seen == NULL)
    result->seen = g_steal_pointer (&unmet);
  if (result->node == NULL && result->link == NULL)
    result->node = g_strdup (check->action->node);
  return result;
}

/* ---- fields ---- */

static gboolean
json_equal (JsonNode *a, JsonNode *b)
{
  JsonNodeType ta = json_node_get_node_type (a), tb = json_node_get_node_type (b);

  if (ta != tb)
    return FALSE;
  if (ta == JSON_NODE_NULL)
    return TRUE;
  if (ta == JSON_NODE_VALUE)
    {
      GType va = json_node_get_value_type (a), vb = json_node_get_value_type (b);
      gboolean na = va == G_TYPE_INT64 || va == G_TYPE_DOUBLE;
      gboolean nb = vb == G_TYPE_INT64 || vb == G_TYPE_DOUBLE;

      if (na && nb)
        return json_node_get_double (a) == json_node_get_double (b);
      if (va != vb)
        return FALSE;
      if (va == G_TYPE_STRING)
        return g_strcmp0 (json_node_get_string (a), json_node_get_string (b)) == 0;
      if (va == G_TYPE_BOOLEAN)
        return json_node_get_boolean (a) == json_node_get_boolean (b);
      return FALSE;
    }
  if (ta == JSON_NODE_ARRAY)
    {
      JsonArray *xa = json_node_get_array (a), *xb = json_node_get_array (b);

      if (json_array_get_length (xa) != json_array_get_length (xb))
        return FALSE;
      for (guint i = 0; i < json_array_get_length (xa); i++)
        if (!json_equal (json_array_get_element (xa, i), json_array_get_element (xb, i)))
          return FALSE;
      return TRUE;
    }
  {
    JsonObject *oa = json_node_get_object (a), *ob = json_node_get_object (b);
    JsonObjectIter iter;
    const char *key;
    JsonNode *value;

    if (json_object_get_size (oa) != json_object_get_size (ob))
      return FALSE;
    json_object_iter_init (&iter, oa);
    while (json_object_iter_next (&iter, &key, &value))
      if (!json_object_has_member (ob, key)
          || !json_equal (value, json_object_get_member (ob, key)))
        return FALSE;
    return TRUE;
  }
}

/* A value as a person reads it: a string without quotes, the rest JSON. */
static char *
value_text (JsonNode *value)
{
  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (value));
  return json_to_string (value, FALSE);
}

/* The node or link a path starts at ("nodes[pc1]..." → pc1). */
static void
path_subject (const char *path, NsCheckResult *result)
{
  const char *open = strchr (path, '[');
  const char *close = open != NULL ? strchr (open, ']') : NULL;
  char *id;

  if (close == NULL)
    return;
  id = g_strndup (open + 1, (gsize) (close - open - 1));
  if (g_str_has_prefix (path, "nodes["))
    result->node = id;
  else if (g_str_has_prefix (path, "links["))
    result->link = id;
  else
    g_free (id);
}

static NsCheckResult *
grade_field (const NsTopology *topology, const NsCheck *check)
{
  g_autofree char *message = NULL;
  g_autoptr (JsonNode) value = ns_topology_read_path (topology, check->field, &message);
  g_autofree char *seen = value != NULL ? value_text (value) : NULL;
  gboolean pass = value != NULL;
  NsCheckResult *result;

  if (value != NULL && check->expect.equals != NULL)
    pass &= json_equal (value, check->expect.equals);
  if (value != NULL && check->expect.not_equals != NULL)
    pass &= !json_equal (value, check->expect.not_equals);
  result = result_new (pass ? NS_CHECK_PASS : NS_CHECK_FAIL);
  if (value == NULL)
    result->seen = g_steal_pointer (&message);
  else
    result->seen = g_strdup_printf ("it is %s", seen);
  if (!pass)
    path_subject (check->field, result);
  return result;
}

/* ---- questions ---- */

/* The index of the scenario action the question asks about (same node,
 * action and target), or -1: the student answers from the run they
 * watch, so the answer must come from that run when it has the action. */
static gint
scenario_match (const NsTopology *topology, const NsTopoAction *a, guint *nth_out)
{
  guint nth = 0;

  for (guint i = 0; i < topology->scenario->len; i++)
    {
      const NsTopoAction *s = g_ptr_array_index (topology->scenario, i);

      if (g_strcmp0 (s->node, a->node) != 0 || g_strcmp0 (s->action, a->action) != 0)
        continue;
      if (g_strcmp0 (s->target, a->target) == 0 && g_strcmp0 (s->name, a->name) == 0
          && g_strcmp0 (s->url, a->url) == 0)
        {
          *nth_out = nth;
          return (gint) i;
        }
      nth++;
    }
  return -1;
}

/* The port part of "addr:port". */
static char *
endpoint_port (const char *endpoint)
{
  const char *colon = endpoint != NULL ? strrchr (endpoint, ':') : NULL;

  return colon != NULL ? g_strdup (colon + 1) : NULL;
}

/* The answer @from in the run, looking from trace index @first (at time
 * @start) to the action's result at @index. */
static char *
answer_in_run (const NsTopology *topology, NsTrace *trace, guint first, guint index,
               const NsTopoAction *action, const char *from)
{
  const NsTraceEvent *ev = ns_trace_get (trace, index);
  guint64 value;

  if (strcmp (from, "local_port") == 0 || strcmp (from, "remote_port") == 0)
    {
      /* The connection the action opened: its first state change. */
      for (guint i = first; i <= index; i++)
        {
          const NsTraceEvent *tcp = ns_trace_get (trace, i);

          if (tcp->kind == NS_TRACE_TCP && g_strcmp0 (tcp->node, action->node) == 0
              && g_strcmp0 (tcp->to_state, "SYN-SENT") == 0)
            return endpoint_port (strcmp (from, "local_port") == 0 ? tcp->local : tcp->remote);
        }
      return NULL;
    }
  if (strcmp (from, "address") == 0)
    return field_string (ev, "address");
  if (strcmp (from, "hops") == 0)
    {
      g_autoptr (GPtrArray) hops = result_hops (ev);

      return ev->ok ? g_strdup_printf ("%u", hops->len) : NULL;
    }
  if (field_uint (ev, from, &value))
    return g_strdup_printf ("%" G_GUINT64_FORMAT, value);
  return NULL;
}

static NsCheckResult *
grade_question (const NsTopology *topology, const NsCheck *check)
{
  NsCheckResult *result = result_new (NS_CHECK_ASK);
  guint nth = 0;
  gint k = scenario_match (topology, check->action, &nth);

  if (k >= 0)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (NsRun) run = ns_run_new (topology, FALSE, 0, &error);
      const NsTopoAction *a = g_ptr_array_index (topology->scenario, k);
      NsTrace *trace;
      gint64 at = (gint64) (a->at * NS_NSEC_PER_SEC);
      guint first = 0;

      if (run == NULL)
        return result;
      ns_run_execute (run, NS_RUN_DEFAULT_UNTIL);
      trace = ns_run_get_trace (run);
      while (first < ns_trace_len (trace) && ns_trace_get (trace, first)->t < at)
        first++;
      /* The nth result of this node's action of that kind is this one's. */
      for (guint i = 0, seen = 0; i < ns_trace_len (trace); i++)
        {
          const NsTraceEvent *ev = ns_trace_get (trace, i);

          if (ev->kind != NS_TRACE_APP || ev->partial || g_strcmp0 (ev->node, a->node) != 0
              || g_strcmp0 (ev->action, a->action) != 0)
            continue;
          if (seen++ == nth)
            {
              result->answer = answer_in_run (topology, trace, first, i, a, check->answer_from);
              break;
            }
        }
      return result;
    }
  {
    g_auto (CheckRun) cr = { 0 };
    gint index;

    check_run_execute (&cr, topology, check->action);
    if (cr.error != NULL)
      return result;
    index = find_result (ns_run_get_trace (cr.run), cr.first, check->action);
    if (index >= 0)
      result->answer = answer_in_run (topology, ns_run_get_trace (cr.run), cr.first,
                                      (guint) index, check->action, check->answer_from);
  }
  return result;
}

/* ======================================================================
 * The activity
 * ====================================================================== */

NsCheckResult *
ns_activity_grade_check (const NsTopology *topology, guint index)
{
  const NsCheck *check;

  g_return_val_if_fail (topology != NULL && topology->activity != NULL, NULL);
  g_return_val_if_fail (index < topology->activity->checks->len, NULL);
  check = g_ptr_array_index (topology->activity->checks, index);
  switch (check->kind)
    {
    case NS_CHECK_FIELD:
      return grade_field (topology, check);
    case NS_CHECK_QUESTION:
      return grade_question (topology, check);
    case NS_CHECK_ACTION:
    default:
      return grade_action (topology, check);
    }
}

GPtrArray *
ns_activity_grade (const NsTopology *topology, GCancellable *cancellable)
{
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_check_result_free);

  g_return_val_if_fail (topology != NULL, results);
  for (guint i = 0; topology->activity != NULL && i < topology->activity->checks->len; i++)
    {
      if (g_cancellable_is_cancelled (cancellable))
        break;
      g_ptr_array_add (results, ns_activity_grade_check (topology, i));
    }
  return results;
}

guint
ns_activity_score (const NsActivity *self, GPtrArray *results)
{
  guint score = 0;

  for (guint i = 0; self != NULL && results != NULL && i < results->len
       && i < self->checks->len; i++)
    {
      const NsCheck *check = g_ptr_array_index (self->checks, i);
      const NsCheckResult *result = g_ptr_array_index (results, i);

      if (check->kind != NS_CHECK_QUESTION && result->outcome == NS_CHECK_PASS)
        score += check->points;
    }
  return score;
}

gboolean
ns_check_answer_matches (const NsCheck *check, const NsCheckResult *result, const char *answer)
{
  g_autofree char *given = NULL;
  guint32 a, b;
  guint64 x, y;

  g_return_val_if_fail (check != NULL && result != NULL, FALSE);
  if (result->answer == NULL || answer == NULL)
    return FALSE;
  given = g_strstrip (g_strdup (answer));
  if (ns_parse_ipv4 (given, &a) && ns_parse_ipv4 (result->answer, &b))
    return a == b;
  if (g_ascii_string_to_unsigned (given, 10, 0, G_MAXUINT64, &x, NULL)
      && g_ascii_string_to_unsigned (result->answer, 10, 0, G_MAXUINT64, &y, NULL))
    return x == y;
  return g_ascii_strcasecmp (given, result->answer) == 0;
}

char *
ns_check_result_to_line (const NsCheck *check, const NsCheckResult *result)
{
  switch (result->outcome)
    {
    case NS_CHECK_PASS:
      return g_strdup_printf ("PASS  %s", check->text);
    case NS_CHECK_FAIL:
      return g_strdup_printf ("FAIL  %s: %s", check->text, result->seen ? result->seen : "");
    case NS_CHECK_ASK:
    default:
      return g_strdup_printf ("QUESTION  %s", check->text);
    }
}
