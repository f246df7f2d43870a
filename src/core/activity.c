/* activity.c: the `activity` object of docs/file-format.md: model, reading
 * from the file's JSON tree with the loader's quality of messages (every
 * problem named by its JSON path), writing back, and the checks validated
 * against the document. Running the checks is in activity-grade.c. */
#include "config.h"

#include "core/activity.h"

#include <math.h>
#include <string.h>

#include "core/json-build.h"
#include "core/topology-file.h"
#include "core/validate.h"

/* ======================================================================
 * Model
 * ====================================================================== */

static void
expect_clear (NsExpect *e)
{
  g_clear_pointer (&e->hops_include, g_ptr_array_unref);
  g_clear_pointer (&e->hops_equal, g_ptr_array_unref);
  g_clear_pointer (&e->address, g_free);
  g_clear_pointer (&e->equals, json_node_unref);
  g_clear_pointer (&e->not_equals, json_node_unref);
}

static GPtrArray *
strings_copy (GPtrArray *list)
{
  GPtrArray *copy;

  if (list == NULL)
    return NULL;
  copy = g_ptr_array_new_full (list->len, g_free);
  for (guint i = 0; i < list->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (list, i)));
  return copy;
}

static JsonObject *
object_copy (JsonObject *object)
{
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonNode) copy = NULL;

  if (object == NULL)
    return NULL;
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, object);
  copy = ns_json_node_deep_copy (node);
  return json_object_ref (json_node_get_object (copy));
}

static void
expect_copy (NsExpect *to, const NsExpect *from)
{
  *to = *from;
  to->hops_include = strings_copy (from->hops_include);
  to->hops_equal = strings_copy (from->hops_equal);
  to->address = g_strdup (from->address);
  to->equals = from->equals != NULL ? ns_json_node_deep_copy (from->equals) : NULL;
  to->not_equals = from->not_equals != NULL ? ns_json_node_deep_copy (from->not_equals) : NULL;
}

NsCheck *
ns_check_new (NsCheckKind kind, const char *text)
{
  NsCheck *check = g_new0 (NsCheck, 1);

  check->kind = kind;
  check->text = g_strdup (text);
  check->points = 1;
  check->expect.status = -1;
  check->expect.bytes = -1;
  return check;
}

void
ns_check_free (NsCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->text);
  g_clear_pointer (&check->action, ns_topo_action_free);
  g_free (check->field);
  g_free (check->question);
  g_free (check->answer_from);
  expect_clear (&check->expect);
  g_clear_pointer (&check->extra, json_object_unref);
  g_free (check);
}

NsCheck *
ns_check_copy (const NsCheck *check)
{
  NsCheck *copy;

  g_return_val_if_fail (check != NULL, NULL);
  copy = ns_check_new (check->kind, check->text);
  copy->points = check->points;
  copy->action = check->action != NULL ? ns_topo_action_copy (check->action) : NULL;
  copy->field = g_strdup (check->field);
  copy->question = g_strdup (check->question);
  copy->answer_from = g_strdup (check->answer_from);
  expect_copy (&copy->expect, &check->expect);
  copy->extra = object_copy (check->extra);
  return copy;
}

NsActivity *
ns_activity_new (void)
{
  NsActivity *self = g_new0 (NsActivity, 1);

  self->locked = g_ptr_array_new_with_free_func (g_free);
  self->checks = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_check_free);
  return self;
}

void
ns_activity_free (NsActivity *self)
{
  if (self == NULL)
    return;
  g_free (self->title);
  g_free (self->instructions);
  g_clear_pointer (&self->locked, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->extra, json_object_unref);
  g_free (self);
}

NsActivity *
ns_activity_copy (const NsActivity *self)
{
  NsActivity *copy;

  g_return_val_if_fail (self != NULL, NULL);
  copy = ns_activity_new ();
  copy->title = g_strdup (self->title);
  copy->instructions = g_strdup (self->instructions);
  for (guint i = 0; i < self->locked->len; i++)
    g_ptr_array_add (copy->locked, g_strdup (g_ptr_array_index (self->locked, i)));
  for (guint i = 0; i < self->checks->len; i++)
    g_ptr_array_add (copy->checks, ns_check_copy (g_ptr_array_index (self->checks, i)));
  copy->extra = object_copy (self->extra);
  return copy;
}

gboolean
ns_activity_is_locked (const NsActivity *self, const char *id)
{
  if (self == NULL || id == NULL)
    return FALSE;
  for (guint i = 0; i < self->locked->len; i++)
    if (strcmp (g_ptr_array_index (self->locked, i), id) == 0)
      return TRUE;
  return FALSE;
}

gboolean
ns_activity_set_locked (NsActivity *self, const char *id, gboolean locked)
{
  g_return_val_if_fail (self != NULL && id != NULL, FALSE);
  if (ns_activity_is_locked (self, id) == locked)
    return FALSE;
  if (locked)
    {
      g_ptr_array_add (self->locked, g_strdup (id));
      return TRUE;
    }
  for (guint i = 0; i < self->locked->len; i++)
    if (strcmp (g_ptr_array_index (self->locked, i), id) == 0)
      g_ptr_array_remove_index (self->locked, i--);
  return TRUE;
}

gboolean
ns_activity_uses_node (const NsActivity *self, const char *id)
{
  g_autofree char *prefix = NULL;

  if (self == NULL || id == NULL)
    return FALSE;
  prefix = g_strdup_printf ("nodes[%s]", id);
  for (guint i = 0; i < self->checks->len; i++)
    {
      const NsCheck *check = g_ptr_array_index (self->checks, i);
      GPtrArray *lists[] = { check->expect.hops_include, check->expect.hops_equal };

      if (check->action != NULL && g_strcmp0 (check->action->node, id) == 0)
        return TRUE;
      if (check->field != NULL && g_str_has_prefix (check->field, prefix))
        return TRUE;
      for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
        for (guint h = 0; lists[l] != NULL && h < lists[l]->len; h++)
          if (g_strcmp0 (g_ptr_array_index (lists[l], h), id) == 0)
            return TRUE;
    }
  return FALSE;
}

guint
ns_activity_max_points (const NsActivity *self)
{
  guint total = 0;

  for (guint i = 0; self != NULL && i < self->checks->len; i++)
    {
      const NsCheck *check = g_ptr_array_index (self->checks, i);

      if (check->kind != NS_CHECK_QUESTION)
        total += check->points;
    }
  return total;
}

/* ======================================================================
 * Reading
 * ====================================================================== */

#define MAX_POINTS 1000

typedef struct {
  GPtrArray *problems;
  GString   *path;
  guint      found;     /* problems this reader added */
} Reader;

static void G_GNUC_PRINTF (3, 4)
report (Reader *r, const char *key, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  r->found++;
  if (r->problems == NULL)
    return;
  if (key == NULL)
    g_ptr_array_add (r->problems, ns_problem_new (r->path->str, 0, message));
  else
    {
      g_autofree char *path = r->path->len > 0 ? g_strdup_printf ("%s.%s", r->path->str, key)
                                               : g_strdup (key);

      g_ptr_array_add (r->problems, ns_problem_new (path, 0, message));
    }
}

static gsize
push_key (Reader *r, const char *key)
{
  return ns_json_path_push_key (r->path, key);
}

static gsize
push_index (Reader *r, guint index)
{
  return ns_json_path_push_index (r->path, index);
}

static const char *
describe (const NsJson *node)
{
  return ns_json_describe (node);
}

/* The member @key, null counting as absent (as in the rest of the file). */
static const NsJson *
member (const NsJson *obj, const char *key)
{
  const NsJson *node = ns_json_get (obj, key);

  return node != NULL && node->type == NS_JSON_NULL ? NULL : node;
}

static gboolean
read_string (Reader *r, const NsJson *obj, const char *key, char **out)
{
  const NsJson *node = member (obj, key);

  if (node == NULL)
    return FALSE;
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
read_int (Reader *r, const NsJson *obj, const char *key, gint64 min, gint64 max, gint64 *out)
{
  const NsJson *node = member (obj, key);
  double value;

  if (node == NULL)
    return FALSE;
  if (node->type != NS_JSON_INT && node->type != NS_JSON_DOUBLE)
    {
      report (r, key, "expected an integer, not %s", describe (node));
      return FALSE;
    }
  value = node->type == NS_JSON_INT ? (double) node->v.i : node->v.d;
  if (value != floor (value) || value < (double) min || value > (double) max)
    {
      report (r, key, "must be a whole number from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT
              ", not %g", min, max, value);
      return FALSE;
    }
  *out = (gint64) value;
  return TRUE;
}

/* The length of the shortest edit from @a to @b, to suggest the name a
 * typing mistake meant ("hops_inclde" → "hops_include"). */
static guint
edit_distance (const char *a, const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *row = NULL;

  if (la > 64 || lb > 64)
    return G_MAXUINT;
  row = g_new (guint, lb + 1);
  for (gsize j = 0; j <= lb; j++)
    row[j] = (guint) j;
  for (gsize i = 1; i <= la; i++)
    {
      guint diagonal = row[0];

      row[0] = (guint) i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint above = row[j];
          guint best = MIN (above, row[j - 1]) + 1;

          best = MIN (best, diagonal + (a[i - 1] != b[j - 1]));
          diagonal = above;
          row[j] = best;
        }
    }
  return row[lb];
}

/* " (did you mean \"X\"?)" for a name close to one of @known, or "". */
static char *
suggestion (const char *name, const char *const *known)
{
  const char *best = NULL;
  guint best_distance = 3;

  for (guint i = 0; known[i] != NULL; i++)
    {
      guint d = edit_distance (name, known[i]);

      if (d < best_distance)
        {
          best_distance = d;
          best = known[i];
        }
    }
  return best != NULL ? g_strdup_printf (" (did you mean \"%s\"?)", best) : g_strdup ("");
}

static gboolean
is_in (const char *key, const char *const *list)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (g_strcmp0 (key, list[i]) == 0)
      return TRUE;
  return FALSE;
}

static char *
join_names (const char *const *list)
{
  return g_strjoinv (", ", (char **) list);
}

static GPtrArray *
read_string_list (Reader *r, const NsJson *obj, const char *key)
{
  const NsJson *node = member (obj, key);
  GPtrArray *list;

  if (node == NULL)
    return NULL;
  if (node->type != NS_JSON_ARRAY)
    {
      report (r, key, "expected an array of strings [...], not %s", describe (node));
      return NULL;
    }
  list = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < node->n; i++)
    {
      const NsJson *item = node->v.items[i];

      if (item->type != NS_JSON_STRING || item->v.s[0] == '\0')
        {
          g_autofree char *at = g_strdup_printf ("%s[%u]", key, i);

          report (r, at, "expected a node id or an address (a string), not %s",
                  item->type == NS_JSON_STRING ? "an empty string" : describe (item));
          continue;
        }
      g_ptr_array_add (list, g_strdup (item->v.s));
    }
  return list;
}

/* The members a check may have besides its action's. */
static const char *const check_keys[] = { "text", "points", "expect", "field", "question",
                                          "answer_from", NULL };

static const char *const action_conditions[] = { "ok", "hops_include", "hops_equal", "status",
                                                 "bytes", "address", NULL };
static const char *const field_conditions[] = { "equals", "not_equals", NULL };

static const char *const question_kinds[] = { "port", "address", "number", "text", NULL };

/* Which result field each condition or answer reads, and which actions
 * give it (docs/trace-format.md: the `app` event's result fields). */
static gboolean
condition_fits (const char *condition, const char *action)
{
  static const struct { const char *condition; const char *actions[6]; } table[] = {
    { "hops_include", { "traceroute", NULL } },
    { "hops_equal", { "traceroute", NULL } },
    { "hops", { "traceroute", NULL } },
    { "status", { "http-get", NULL } },
    { "bytes", { "http-get", "tcp-send", "udp-send", "ftp-get", NULL } },
    { "address", { "dns-lookup", "http-get", "dhcp", NULL } },
    { "local_port", { "http-get", "tcp-send", "ftp-get", NULL } },
    { "remote_port", { "http-get", "tcp-send", "ftp-get", NULL } },
    { "received", { "ping", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (strcmp (table[i].condition, condition) == 0)
      return is_in (action, table[i].actions);
  return TRUE;
}

static const char *
condition_actions (const char *condition)
{
  if (g_str_has_prefix (condition, "hops"))
    return "traceroute";
  if (strcmp (condition, "status") == 0)
    return "http-get";
  if (strcmp (condition, "bytes") == 0)
    return "http-get, tcp-send, udp-send";
  if (strcmp (condition, "address") == 0)
    return "dns-lookup, http-get";
  if (strcmp (condition, "received") == 0)
    return "ping";
  return "http-get, tcp-send";
}

static const char *const answer_sources[] = { "local_port", "remote_port", "address", "status",
                                              "bytes", "hops", "received", NULL };

/* At the check's path. */
static void
read_expect (Reader *r, const NsJson *obj, NsCheck *check)
{
  const NsJson *json = member (obj, "expect");
  const char *action = check->action != NULL ? check->action->action : NULL;
  NsExpect *e = &check->expect;
  gsize mark;

  if (check->kind == NS_CHECK_QUESTION)
    {
      if (json != NULL)
        report (r, "expect", "a question check has no \"expect\": the run decides the "
                "answer (see \"answer_from\")");
      return;
    }
  if (json == NULL)
    {
      report (r, NULL, check->kind == NS_CHECK_FIELD
              ? "missing \"expect\": a field check needs \"expect\": {\"equals\": VALUE}"
              : "missing \"expect\": an action check needs \"expect\": \"ok\", \"fail\" or "
                "an object of conditions");
      return;
    }
  if (json->type == NS_JSON_STRING)
    {
      if (check->kind == NS_CHECK_FIELD)
        report (r, "expect", "a field check expects {\"equals\": VALUE}, not \"%s\"", json->v.s);
      else if (strcmp (json->v.s, "ok") == 0 || strcmp (json->v.s, "fail") == 0)
        {
          e->is_word = TRUE;
          e->has_ok = TRUE;
          e->ok = strcmp (json->v.s, "ok") == 0;
        }
      else
        report (r, "expect", "\"%s\" is not \"ok\", \"fail\" or an object of conditions "
                "(ok, hops_include, hops_equal, status, bytes, address)", json->v.s);
      return;
    }
  if (json->type != NS_JSON_OBJECT)
    {
      report (r, "expect", "expected \"ok\", \"fail\" or an object {...}, not %s",
              describe (json));
      return;
    }
  mark = push_key (r, "expect");
  if (json->n == 0)
    report (r, NULL, "no condition given (%s)", check->kind == NS_CHECK_FIELD
            ? "equals, not_equals" : "ok, hops_include, hops_equal, status, bytes, address");
  for (guint i = 0; i < json->n; i++)
    {
      const char *key = json->v.members[i].key;
      const NsJson *value = json->v.members[i].value;
      const char *const *known = check->kind == NS_CHECK_FIELD ? field_conditions
                                                               : action_conditions;
      gint64 number;

      if (!is_in (key, known))
        {
          g_autofree char *hint = suggestion (key, known);
          g_autofree char *list = join_names (known);

          report (r, key, "unknown condition \"%s\"%s; a%s check knows: %s", key, hint,
                  check->kind == NS_CHECK_FIELD ? " field" : "n action", list);
          continue;
        }
      if (check->kind == NS_CHECK_FIELD)
        {
          JsonNode **slot = strcmp (key, "equals") == 0 ? &e->equals : &e->not_equals;

          g_clear_pointer (slot, json_node_unref);
          *slot = ns_json_to_node (value);
          continue;
        }
      if (action != NULL && !condition_fits (key, action))
        {
          report (r, key, "\"%s\" is a result of %s, not of %s", key,
                  condition_actions (key), action);
          continue;
        }
      if (strcmp (key, "ok") == 0)
        {
          if (value->type != NS_JSON_BOOL)
            report (r, key, "expected true or false, not %s", describe (value));
          else
            {
              e->has_ok = TRUE;
              e->ok = value->v.b;
            }
        }
      else if (strcmp (key, "hops_include") == 0 || strcmp (key, "hops_equal") == 0)
        {
          GPtrArray *list = read_string_list (r, json, key);
          GPtrArray **slot = strcmp (key, "hops_include") == 0 ? &e->hops_include
                                                               : &e->hops_equal;

          if (list != NULL && list->len == 0 && value->n == 0)
            report (r, key, "the list is empty: name at least one node or address");
          g_clear_pointer (slot, g_ptr_array_unref);
          *slot = list;
        }
      else if (strcmp (key, "status") == 0)
        {
          if (read_int (r, json, key, 100, 599, &number))
            e->status = (gint) number;
        }
      else if (strcmp (key, "bytes") == 0)
        {
          if (read_int (r, json, key, 0, (gint64) 1 << 53, &number))
            e->bytes = number;
        }
      else if (strcmp (key, "address") == 0)
        {
          if (read_string (r, json, key, &e->address) && !ns_parse_ipv4 (e->address, NULL))
            report (r, key, "\"%s\" is not an IPv4 address (A.B.C.D)", e->address);
        }
    }
  g_string_truncate (r->path, mark);
}

/* A text for a check written without one: what it checks, in words. */
static char *
default_text (const NsCheck *check)
{
  const NsTopoAction *a = check->action;
  const char *what;

  if (check->kind == NS_CHECK_FIELD)
    return g_strdup_printf ("%s is as expected", check->field ? check->field : "");
  what = a->target ? a->target : a->name ? a->name : a->url ? a->url : "";
  if (check->kind == NS_CHECK_QUESTION)
    return g_strdup_printf ("%s %s %s: what is its %s?", a->node ? a->node : "",
                            a->action ? a->action : "", what,
                            check->answer_from ? check->answer_from : "result");
  return g_strdup_printf ("%s %s %s %s", a->node ? a->node : "", a->action ? a->action : "",
                          what, check->expect.has_ok && !check->expect.ok ? "fails" : "succeeds");
}

static gboolean
not_check_key (const char *key)
{
  return !is_in (key, check_keys);
}

/* The check's own members less the check's keys: its action. */
static JsonNode *
action_members (const NsJson *obj)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  for (guint i = 0; i < obj->n; i++)
    if (not_check_key (obj->v.members[i].key))
      json_object_set_member (object, obj->v.members[i].key,
                              ns_json_to_node (obj->v.members[i].value));
  json_node_take_object (node, object);
  return node;
}

static NsCheck *
read_check (Reader *r, const NsJson *obj)
{
  g_autoptr (NsCheck) check = NULL;
  gboolean has_field = member (obj, "field") != NULL;
  gboolean has_question = member (obj, "question") != NULL;
  gboolean has_action = member (obj, "do") != NULL || member (obj, "node") != NULL;
  guint before = r->found;
  gint64 points;

  if (obj->type != NS_JSON_OBJECT)
    {
      report (r, NULL, "expected a check object {...}, not %s", describe (obj));
      return NULL;
    }
  if (has_field && (has_action || has_question))
    {
      report (r, "field", "a check is either a field check (\"field\") or an action "
              "(\"node\", \"do\"), not both");
      return NULL;
    }
  if (!has_field && !has_action && !has_question)
    {
      report (r, NULL, "a check needs \"node\" and \"do\" (an action to run), \"field\" (a "
              "JSON path to read) or \"question\"");
      return NULL;
    }
  check = ns_check_new (has_field ? NS_CHECK_FIELD
                        : has_question ? NS_CHECK_QUESTION : NS_CHECK_ACTION, NULL);
  read_string (r, obj, "text", &check->text);
  if (read_int (r, obj, "points", 0, MAX_POINTS, &points))
    check->points = (guint) points;
  if (has_field)
    {
      if (read_string (r, obj, "field", &check->field) && check->field[0] == '\0')
        report (r, "field", "the path is empty");
      for (guint i = 0; i < obj->n; i++)
        {
          const char *key = obj->v.members[i].key;

          if (is_in (key, check_keys))
            continue;
          if (check->extra == NULL)
            check->extra = json_object_new ();
          json_object_set_member (check->extra, key, ns_json_to_node (obj->v.members[i].value));
        }
    }
  else
    {
      g_autoptr (JsonNode) members = action_members (obj);

      check->action = ns_topo_action_from_json (members, r->path->str, r->problems);
      if (check->action == NULL)
        {
          r->found++;
          return NULL;
        }
    }
  if (has_question)
    {
      const NsJson *from = member (obj, "answer_from");

      if (read_string (r, obj, "question", &check->question)
          && !is_in (check->question, question_kinds))
        {
          g_autofree char *list = join_names (question_kinds);

          report (r, "question", "\"%s\" is not a kind of answer (%s)", check->question, list);
        }
      if (from == NULL)
        report (r, NULL, "missing \"answer_from\": which result of the action is the answer "
                "(local_port, remote_port, address, status, bytes, hops, received)");
      else if (read_string (r, obj, "answer_from", &check->answer_from))
        {
          if (!is_in (check->answer_from, answer_sources))
            {
              g_autofree char *hint = suggestion (check->answer_from, answer_sources);
              g_autofree char *list = join_names (answer_sources);

              report (r, "answer_from", "unknown result \"%s\"%s (known: %s)",
                      check->answer_from, hint, list);
            }
          else if (!condition_fits (check->answer_from, check->action->action))
            report (r, "answer_from", "\"%s\" is a result of %s, not of %s", check->answer_from,
                    condition_actions (check->answer_from), check->action->action);
        }
    }
  else if (member (obj, "answer_from") != NULL)
    report (r, "answer_from", "only a question check has \"answer_from\"");
  read_expect (r, obj, check);
  if (r->found > before)
    return NULL;
  if (check->text == NULL)
    check->text = default_text (check);
  return g_steal_pointer (&check);
}

NsActivity *
ns_activity_from_json (const NsJson *json, const char *path, GPtrArray *problems)
{
  static const char *const known[] = { "title", "instructions", "locked", "checks", NULL };
  Reader r = { problems, g_string_new (path) };
  g_autoptr (NsActivity) self = NULL;
  const NsJson *checks;

  g_return_val_if_fail (json != NULL, NULL);
  if (json->type != NS_JSON_OBJECT)
    {
      report (&r, NULL, "expected an activity object {...}, not %s", describe (json));
      g_string_free (r.path, TRUE);
      return NULL;
    }
  self = ns_activity_new ();
  read_string (&r, json, "title", &self->title);
  read_string (&r, json, "instructions", &self->instructions);
  if (member (json, "locked") != NULL)
    {
      GPtrArray *locked = read_string_list (&r, json, "locked");

      if (locked != NULL)
        {
          g_ptr_array_unref (self->locked);
          self->locked = locked;
        }
    }
  checks = member (json, "checks");
  if (checks != NULL && checks->type != NS_JSON_ARRAY)
    report (&r, "checks", "expected an array of checks [...], not %s", describe (checks));
  else if (checks != NULL)
    {
      gsize outer = push_key (&r, "checks");

      for (guint i = 0; i < checks->n; i++)
        {
          gsize mark = push_index (&r, i);
          NsCheck *check = read_check (&r, checks->v.items[i]);

          if (check != NULL)
            g_ptr_array_add (self->checks, check);
          g_string_truncate (r.path, mark);
        }
      g_string_truncate (r.path, outer);
    }
  for (guint i = 0; i < json->n; i++)
    {
      const char *key = json->v.members[i].key;

      if (is_in (key, known))
        continue;
      if (self->extra == NULL)
        self->extra = json_object_new ();
      json_object_set_member (self->extra, key, ns_json_to_node (json->v.members[i].value));
    }
  g_string_free (r.path, TRUE);
  return r.found > 0 ? NULL : g_steal_pointer (&self);
}

/* ======================================================================
 * Writing
 * ====================================================================== */


static NsJson *
strings_to_json (NsJsonDoc *doc, GPtrArray *list)
{
  g_autofree NsJson **items = g_new (NsJson *, MAX (list->len, 1));

  for (guint i = 0; i < list->len; i++)
    items[i] = ns_json_new_string (doc, g_ptr_array_index (list, i));
  return ns_json_new_array (doc, items, list->len);
}

static NsJson *
expect_to_json (NsJsonDoc *doc, const NsExpect *e)
{
  NsJsonObj o;

  if (e->is_word)
    return ns_json_new_string (doc, e->ok ? "ok" : "fail");
  ns_json_obj_init (&o, doc);
  if (e->has_ok)
    ns_json_obj_bool (&o, "ok", e->ok);
  if (e->hops_include != NULL)
    ns_json_obj_add (&o, "hops_include", strings_to_json (doc, e->hops_include));
  if (e->hops_equal != NULL)
    ns_json_obj_add (&o, "hops_equal", strings_to_json (doc, e->hops_equal));
  if (e->status >= 0)
    ns_json_obj_int (&o, "status", e->status);
  if (e->bytes >= 0)
    ns_json_obj_int (&o, "bytes", e->bytes);
  ns_json_obj_string (&o, "address", e->address);
  if (e->equals != NULL)
    ns_json_obj_add (&o, "equals", ns_json_from_node (doc, e->equals));
  if (e->not_equals != NULL)
    ns_json_obj_add (&o, "not_equals", ns_json_from_node (doc, e->not_equals));
  return ns_json_obj_finish (&o);
}

static NsJson *
check_to_json (NsJsonDoc *doc, const NsCheck *check)
{
  NsJsonObj o;

  ns_json_obj_init (&o, doc);
  ns_json_obj_string (&o, "text", check->text);
  if (check->kind == NS_CHECK_FIELD)
    ns_json_obj_string (&o, "field", check->field);
  if (check->kind == NS_CHECK_QUESTION)
    ns_json_obj_string (&o, "question", check->question);
  if (check->action != NULL)
    {
      g_autoptr (JsonNode) action = ns_topo_action_to_json (check->action);
      JsonObjectIter iter;
      const char *key;
      JsonNode *value;

      /* A check runs after the scenario: an "at" of 0 says nothing. */
      json_object_iter_init_ordered (&iter, json_node_get_object (action));
      while (json_object_iter_next_ordered (&iter, &key, &value))
        if (!(strcmp (key, "at") == 0 && check->action->at == 0) && !ns_json_obj_has (&o, key))
          ns_json_obj_add (&o, ns_json_doc_strdup (doc, key), ns_json_from_node (doc, value));
    }
  if (check->kind != NS_CHECK_QUESTION)
    ns_json_obj_add (&o, "expect", expect_to_json (doc, &check->expect));
  else
    ns_json_obj_string (&o, "answer_from", check->answer_from);
  if (check->points != 1)
    ns_json_obj_int (&o, "points", check->points);
  ns_json_obj_extra (&o, check->extra);
  return ns_json_obj_finish (&o);
}

NsJson *
ns_activity_to_json (NsJsonDoc *doc, const NsActivity *self)
{
  g_autofree NsJson **checks = NULL;
  NsJsonObj o;

  g_return_val_if_fail (self != NULL, NULL);
  ns_json_obj_init (&o, doc);
  ns_json_obj_string (&o, "title", self->title);
  ns_json_obj_string (&o, "instructions", self->instructions);
  if (self->locked->len > 0)
    ns_json_obj_add (&o, "locked", strings_to_json (doc, self->locked));
  checks = g_new (NsJson *, MAX (self->checks->len, 1));
  for (guint i = 0; i < self->checks->len; i++)
    checks[i] = check_to_json (doc, g_ptr_array_index (self->checks, i));
  ns_json_obj_add (&o, "checks", ns_json_new_array (doc, checks, self->checks->len));
  ns_json_obj_extra (&o, self->extra);
  return ns_json_obj_finish (&o);
}

/* ======================================================================
 * JSON paths into the model ("nodes[pc1].interfaces[eth0].ip")
 * ====================================================================== */

/* What kind of object of the format a value is, to know its fields. */
typedef enum {
  OBJ_OTHER,
  OBJ_ROOT,
  OBJ_NODE,
  OBJ_IFACE,
  OBJ_ROUTE,
  OBJ_SERVICE,
  OBJ_RECORD,
  OBJ_LINK,
  OBJ_ACTION,
} ObjKind;

/* The fields of each object, those of docs/file-format.md: a path
 * may end on one the file does not set (yet: the student's work may). */
static const char *const *
fields_of (ObjKind kind)
{
  static const char *const root[] = { "format", "version", "title", "description", "seed",
                                      "routing", "nodes", "links", "scenario", "activity",
                                      "i18n", NULL };
  static const char *const node[] = { "id", "kind", "label", "x", "y", "interfaces", "gateway",
                                      "dns", "routes", "services", "tcp", "nat", "stp",
                                      "bridge_priority", "down", NULL };
  static const char *const iface[] = { "name", "ip", "vlan", "trunk", "native_vlan", "stp_cost",
                                       "dhcp", "dhcp_relay", "vlans", NULL };
  static const char *const route[] = { "to", "via", NULL };
  static const char *const service[] = { "type", "port", "body_bytes", "records", "recursive",
                                         "root", "pool", "prefix", "gateway", "dns", "lease_s",
                                         "files", "close", "read_bytes_per_s", "pause_reading",
                                         NULL };
  static const char *const record[] = { "name", "type", "value", "ttl", NULL };
  static const char *const link[] = { "id", "a", "b", "delay_ms", "bandwidth_mbps", "loss",
                                      "drop_nth", "queue_packets", "mtu", "jitter_ms", NULL };
  static const char *const action[] = { "at", "node", "do", "target", "count", "interval_ms",
                                        "ttl", "name", "url", "bytes", "from_port", "iface",
                                        "file", "mode", "link", "from", "write_bytes",
                                        "write_interval_ms", NULL };

  switch (kind)
    {
    case OBJ_ROOT:
      return root;
    case OBJ_NODE:
      return node;
    case OBJ_IFACE:
      return iface;
    case OBJ_ROUTE:
      return route;
    case OBJ_SERVICE:
      return service;
    case OBJ_RECORD:
      return record;
    case OBJ_LINK:
      return link;
    case OBJ_ACTION:
      return action;
    case OBJ_OTHER:
    default:
      return NULL;
    }
}

/* The kind of the items of list @key in an object of kind @parent. */
static ObjKind
item_kind (ObjKind parent, const char *key)
{
  static const struct { ObjKind parent; const char *key; ObjKind item; } table[] = {
    { OBJ_ROOT, "nodes", OBJ_NODE },
    { OBJ_ROOT, "links", OBJ_LINK },
    { OBJ_ROOT, "scenario", OBJ_ACTION },
    { OBJ_NODE, "interfaces", OBJ_IFACE },
    { OBJ_NODE, "routes", OBJ_ROUTE },
    { OBJ_NODE, "services", OBJ_SERVICE },
    { OBJ_SERVICE, "records", OBJ_RECORD },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (table[i].parent == parent && strcmp (table[i].key, key) == 0)
      return table[i].item;
  return OBJ_OTHER;
}

static const char *
kind_name (ObjKind kind)
{
  static const char *const names[] = { "this value", "the file", "a node", "an interface",
                                       "a route", "a service", "a DNS record", "a link",
                                       "a scenario action" };

  return names[kind];
}

/* The field that names an item of a list, for `[id]` selection. */
static const char *const name_fields[] = { "id", "name", "type", "to", NULL };

typedef enum {
  PATH_FOUND,
  PATH_ABSENT,    /* well formed, names something the document does not have (now) */
  PATH_BAD,       /* not a path, or one through something that is no object or list */
} PathStatus;

typedef struct {
  PathStatus  status;
  const NsJson *value;  /* FOUND */
  char       *message;  /* ABSENT, BAD */
  gboolean    must_exist;  /* ABSENT: a node, link or interface of the drawing, which a
                              check may not name unless it exists */
} PathResult;

static gboolean
is_key_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '-';
}

static const NsJson *
select_item (const NsJson *list, const char *selector)
{
  guint64 index;

  if (g_ascii_string_to_unsigned (selector, 10, 0, G_MAXUINT, &index, NULL))
    return index < list->n ? list->v.items[index] : NULL;
  for (guint i = 0; i < list->n; i++)
    {
      const NsJson *item = list->v.items[i];

      for (guint f = 0; name_fields[f] != NULL; f++)
        {
          const NsJson *name = ns_json_get (item, name_fields[f]);

          if (name != NULL && name->type == NS_JSON_STRING && strcmp (name->v.s, selector) == 0)
            return item;
        }
    }
  return NULL;
}

static void
walk_path (const NsJson *root, const char *path, PathResult *out)
{
  const NsJson *cur = root;
  ObjKind kind = OBJ_ROOT;
  const char *p = path;

  memset (out, 0, sizeof *out);
  for (;;)
    {
      const char *start = p;
      g_autofree char *key = NULL;
      const NsJson *child;

      while (is_key_char (*p))
        p++;
      if (p == start)
        {
          out->status = PATH_BAD;
          out->message = g_strdup_printf ("\"%s\" is not a JSON path such as "
                                          "nodes[pc1].gateway: a field name is expected at "
                                          "character %u", path, (guint) (start - path) + 1);
          return;
        }
      key = g_strndup (start, (gsize) (p - start));
      if (cur->type != NS_JSON_OBJECT)
        {
          out->status = PATH_BAD;
          out->message = g_strdup_printf ("\"%.*s\" is %s, which has no field \"%s\"",
                                          (int) (start - path - 1), path, describe (cur), key);
          return;
        }
      child = member (cur, key);
      if (child == NULL)
        {
          const char *const *known = fields_of (kind);

          out->status = PATH_ABSENT;
          if (known != NULL && !is_in (key, known))
            {
              g_autofree char *hint = suggestion (key, known);

              out->status = PATH_BAD;
              out->message = g_strdup_printf ("\"%s\" is not a field of %s%s", key,
                                              kind_name (kind), hint);
            }
          else
            out->message = g_strdup_printf ("%.*s is not set", (int) (p - path), path);
          return;
        }
      while (*p == '[')
        {
          const char *close = strchr (p, ']');
          g_autofree char *selector = NULL;
          ObjKind next = item_kind (kind, key);

          if (close == NULL || close == p + 1)
            {
              out->status = PATH_BAD;
              out->message = g_strdup_printf ("\"%s\": \"[\" at character %u needs an index or "
                                              "an id and a \"]\"", path, (guint) (p - path) + 1);
              return;
            }
          selector = g_strndup (p + 1, (gsize) (close - p - 1));
          if (child->type != NS_JSON_ARRAY)
            {
              out->status = PATH_BAD;
              out->message = g_strdup_printf ("%.*s is %s, not a list to select [%s] from",
                                              (int) (p - path), path, describe (child), selector);
              return;
            }
          p = close + 1;
          child = select_item (child, selector);
          if (child == NULL)
            {
              out->status = PATH_ABSENT;
              out->must_exist = next == OBJ_NODE || next == OBJ_LINK || next == OBJ_IFACE;
              out->message = g_strdup_printf ("%s \"%s\" does not exist (%.*s)",
                                              next == OBJ_NODE ? "node"
                                              : next == OBJ_LINK ? "link"
                                              : next == OBJ_IFACE ? "interface" : "item",
                                              selector, (int) (p - path), path);
              return;
            }
          kind = next;
          key[0] = '\0';
        }
      if (key[0] != '\0')
        kind = OBJ_OTHER;
      cur = child;
      if (*p == '\0')
        {
          out->status = PATH_FOUND;
          out->value = cur;
          return;
        }
      if (*p != '.')
        {
          out->status = PATH_BAD;
          out->message = g_strdup_printf ("\"%s\": unexpected \"%c\" at character %u", path, *p,
                                          (guint) (p - path) + 1);
          return;
        }
      p++;
    }
}

/* The document as the file would hold it: paths read what a teacher sees
 * in the file, defaults and unknown fields included. */
static const NsJson *
document_tree (NsJsonDoc *doc, const NsTopology *topology, char **text_out)
{
  gsize len = 0;
  NsJsonScanError error = { 0 };
  const NsJson *root;

  *text_out = ns_topology_to_data (topology, &len);
  root = ns_json_parse (doc, *text_out, len, NS_TOPOLOGY_MAX_DEPTH, &error);
  ns_json_scan_error_clear (&error);
  return root;
}

JsonNode *
ns_topology_read_path (const NsTopology *topology, const char *path, char **message_out)
{
  g_autoptr (NsJsonDoc) doc = ns_json_doc_new ();
  g_autofree char *text = NULL;
  const NsJson *root = document_tree (doc, topology, &text);
  PathResult result;

  if (root == NULL)
    {
      *message_out = g_strdup ("the document cannot be read");
      return NULL;
    }
  walk_path (root, path, &result);
  if (result.status == PATH_FOUND)
    return ns_json_to_node (result.value);
  *message_out = g_steal_pointer (&result.message);
  return NULL;
}

/* ======================================================================
 * Validation against the document
 * ====================================================================== */

static gboolean
is_node_or_address (const NsTopology *topology, const char *text)
{
  return ns_topology_find_node (topology, text) != NULL || ns_parse_ipv4 (text, NULL);
}

static void
check_hops (const NsTopology *topology, GPtrArray *hops, const char *path, GPtrArray *problems)
{
  for (guint i = 0; hops != NULL && i < hops->len; i++)
    {
      const char *hop = g_ptr_array_index (hops, i);

      if (!is_node_or_address (topology, hop))
        {
          g_autofree char *at = g_strdup_printf ("%s[%u]", path, i);

          g_ptr_array_add (problems, ns_problem_new_printf (
            at, 0, "\"%s\" is neither a node of the drawing nor an IPv4 address", hop));
        }
    }
}

void
ns_activity_validate (const NsActivity *self, const NsTopology *topology, GPtrArray *problems)
{
  g_autoptr (NsJsonDoc) doc = NULL;
  g_autofree char *text = NULL;
  const NsJson *root = NULL;

  g_return_if_fail (self != NULL && topology != NULL && problems != NULL);
  for (guint i = 0; i < self->locked->len; i++)
    {
      const char *id = g_ptr_array_index (self->locked, i);

      if (ns_topology_find_node (topology, id) == NULL
          && ns_topology_find_link (topology, id) == NULL)
        {
          g_autofree char *at = g_strdup_printf ("activity.locked[%u]", i);

          g_ptr_array_add (problems, ns_problem_new_printf (
            at, 0, "\"%s\" is neither a node nor a link of the drawing", id));
        }
    }
  for (guint i = 0; i < self->checks->len; i++)
    {
      const NsCheck *check = g_ptr_array_index (self->checks, i);
      g_autofree char *at = g_strdup_printf ("activity.checks[%u]", i);

      if (check->action != NULL)
        {
          g_autofree char *hops = NULL;

          ns_topology_validate_action (topology, check->action, at, problems);
          hops = g_strdup_printf ("%s.expect.hops_include", at);
          check_hops (topology, check->expect.hops_include, hops, problems);
          g_free (hops);
          hops = g_strdup_printf ("%s.expect.hops_equal", at);
          check_hops (topology, check->expect.hops_equal, hops, problems);
        }
      if (check->kind == NS_CHECK_FIELD && check->field != NULL)
        {
          g_autofree char *field = g_strdup_printf ("%s.field", at);
          PathResult result;

          if (doc == NULL)
            {
              doc = ns_json_doc_new ();
              root = document_tree (doc, topology, &text);
            }
          if (root == NULL)
            continue;
          walk_path (root, check->field, &result);
          if (result.status == PATH_BAD || (result.status == PATH_ABSENT && result.must_exist))
            g_ptr_array_add (problems, ns_problem_new (field, 0, result.message));
          g_free (result.message);
        }
    }
}
