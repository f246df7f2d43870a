/* command.c: undo and redo (see command.h).
 *
 * A command is a list of steps; a step inserts, removes or replaces one
 * object of the document (a node, link or scenario action, the document's
 * properties, or the whole document) and keeps deep copies of the object
 * before and after. Doing a command runs its steps in order; undoing runs
 * them backwards with before and after exchanged. Copies are exact, so the
 * document returns to the same bytes; replacing swaps the contents of the
 * existing object so pointers to an edited node stay valid. */
#include "config.h"

#include "core/command.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "core/topology-file.h"

typedef enum {
  SLOT_PROPERTIES,
  SLOT_NODE,
  SLOT_LINK,
  SLOT_ACTION,
  SLOT_DOCUMENT,
} SlotKind;

/* The document's own fields, for SLOT_PROPERTIES. */
typedef struct {
  char    *title;
  char    *description;
  guint64  seed;
  gboolean routing_auto;
} Properties;

typedef struct {
  SlotKind kind;
  guint    index;
  gpointer before;   /* NULL: the step inserts */
  gpointer after;    /* NULL: the step removes */
} Step;

struct _NsCommand {
  char      *label;
  char      *merge_key;
  GPtrArray *steps;  /* of Step* */
};

struct _NsCommandStack {
  NsTopology    *topology;
  GPtrArray     *undo;        /* of NsCommand*, oldest first */
  GPtrArray     *redo;        /* of NsCommand*, next to redo last */
  gint           clean;       /* undo->len when clean; -1 unreachable */
  gboolean       can_merge;   /* the top of undo was just pushed */
  NsCommand     *group;
  guint          group_depth;
  NsCommandStackChangedFunc changed;
  gpointer       changed_data;
  GDestroyNotify changed_destroy;
};

/* ---- objects of each slot ---- */

static void
set_str (char **field, const char *value)
{
  char *copy = g_strdup (value);

  g_free (*field);
  *field = copy;
}

static void
properties_free (Properties *p)
{
  if (p == NULL)
    return;
  g_free (p->title);
  g_free (p->description);
  g_free (p);
}

static Properties *
properties_new (const char *title, const char *description, guint64 seed, gboolean routing_auto)
{
  Properties *p = g_new0 (Properties, 1);

  p->title = g_strdup (title);
  p->description = g_strdup (description);
  p->seed = seed;
  p->routing_auto = routing_auto;
  return p;
}

static gpointer
slot_copy (SlotKind kind, gconstpointer object)
{
  const Properties *p = object;

  switch (kind)
    {
    case SLOT_PROPERTIES:
      return properties_new (p->title, p->description, p->seed, p->routing_auto);
    case SLOT_NODE:
      return ns_topo_node_copy (object);
    case SLOT_LINK:
      return ns_topo_link_copy (object);
    case SLOT_ACTION:
      return ns_topo_action_copy (object);
    case SLOT_DOCUMENT:
    default:
      return ns_topology_copy (object);
    }
}

static void
slot_free (SlotKind kind, gpointer object)
{
  if (object == NULL)
    return;
  switch (kind)
    {
    case SLOT_PROPERTIES:
      properties_free (object);
      break;
    case SLOT_NODE:
      ns_topo_node_free (object);
      break;
    case SLOT_LINK:
      ns_topo_link_free (object);
      break;
    case SLOT_ACTION:
      ns_topo_action_free (object);
      break;
    case SLOT_DOCUMENT:
    default:
      ns_topology_free (object);
      break;
    }
}

static GPtrArray *
slot_array (NsTopology *t, SlotKind kind)
{
  switch (kind)
    {
    case SLOT_NODE:
      return t->nodes;
    case SLOT_LINK:
      return t->links;
    case SLOT_ACTION:
      return t->scenario;
    case SLOT_PROPERTIES:
    case SLOT_DOCUMENT:
    default:
      return NULL;
    }
}

/* Exchanges the contents of two objects of the same kind. */
#define SWAP_CONTENTS(type, a, b) \
  G_STMT_START                    \
  {                               \
    type tmp_ = *(type *)(a);     \
    *(type *)(a) = *(type *)(b);  \
    *(type *)(b) = tmp_;          \
  }                               \
  G_STMT_END

static void
swap_into (SlotKind kind, gpointer existing, gpointer fresh)
{
  switch (kind)
    {
    case SLOT_NODE:
      SWAP_CONTENTS (NsTopoNode, existing, fresh);
      break;
    case SLOT_LINK:
      SWAP_CONTENTS (NsTopoLink, existing, fresh);
      break;
    case SLOT_ACTION:
      SWAP_CONTENTS (NsTopoAction, existing, fresh);
      break;
    case SLOT_DOCUMENT:
      SWAP_CONTENTS (NsTopology, existing, fresh);
      break;
    case SLOT_PROPERTIES:
    default:
      g_assert_not_reached ();
    }
}

static void
set_properties (NsTopology *t, const Properties *p)
{
  g_free (t->title);
  t->title = g_strdup (p->title);
  g_free (t->description);
  t->description = g_strdup (p->description);
  t->seed = p->seed;
  t->routing_auto = p->routing_auto;
}

/* Puts @to in place of @from (either may be NULL: insert/remove). */
static void
step_run (NsTopology *t, const Step *step, gconstpointer from, gconstpointer to)
{
  GPtrArray *array = slot_array (t, step->kind);
  gpointer fresh;

  if (step->kind == SLOT_PROPERTIES)
    {
      set_properties (t, to);
      return;
    }
  if (step->kind == SLOT_DOCUMENT)
    {
      fresh = slot_copy (step->kind, to);
      swap_into (step->kind, t, fresh);
      slot_free (step->kind, fresh);
      return;
    }
  g_assert (array != NULL);
  if (from == NULL)
    {
      g_assert (step->index <= array->len);
      g_ptr_array_insert (array, (gint) step->index, slot_copy (step->kind, to));
    }
  else if (to == NULL)
    {
      g_assert (step->index < array->len);
      g_ptr_array_remove_index (array, step->index);
    }
  else
    {
      g_assert (step->index < array->len);
      fresh = slot_copy (step->kind, to);
      swap_into (step->kind, g_ptr_array_index (array, step->index), fresh);
      slot_free (step->kind, fresh);
    }
}

static void
step_free (Step *step)
{
  slot_free (step->kind, step->before);
  slot_free (step->kind, step->after);
  g_free (step);
}

/* ---- commands ---- */

static NsCommand *
command_new (const char *label)
{
  NsCommand *command = g_new0 (NsCommand, 1);

  command->label = g_strdup (label);
  command->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  return command;
}

/* Adds a step; @before and @after are taken. */
static void
command_add (NsCommand *command, SlotKind kind, guint index, gpointer before, gpointer after)
{
  Step *step = g_new0 (Step, 1);

  step->kind = kind;
  step->index = index;
  step->before = before;
  step->after = after;
  g_ptr_array_add (command->steps, step);
}

void
ns_command_free (NsCommand *command)
{
  if (command == NULL)
    return;
  g_free (command->label);
  g_free (command->merge_key);
  g_ptr_array_unref (command->steps);
  g_free (command);
}

const char *
ns_command_get_label (const NsCommand *command)
{
  g_return_val_if_fail (command != NULL, NULL);
  return command->label;
}

void
ns_command_set_merge_key (NsCommand *command, const char *key)
{
  g_return_if_fail (command != NULL);
  g_free (command->merge_key);
  command->merge_key = g_strdup (key);
}

static void
command_do (NsCommand *command, NsTopology *t)
{
  for (guint i = 0; i < command->steps->len; i++)
    {
      Step *step = g_ptr_array_index (command->steps, i);

      step_run (t, step, step->before, step->after);
    }
}

static void
command_undo (NsCommand *command, NsTopology *t)
{
  for (guint i = command->steps->len; i > 0; i--)
    {
      Step *step = g_ptr_array_index (command->steps, i - 1);

      step_run (t, step, step->after, step->before);
    }
}

/* Whether two nodes/links/actions would be written the same. */
static gboolean
same_json (JsonNode *a, JsonNode *b)
{
  gboolean equal = json_node_equal (a, b);

  json_node_unref (a);
  json_node_unref (b);
  return equal;
}

/* Replaces nodes[index] by @node (taken); also renames references when the
 * id changes. */
static void
add_node_replace (NsCommand *command, const NsTopology *t, guint index, NsTopoNode *node)
{
  NsTopoNode *old = g_ptr_array_index (t->nodes, index);
  const char *old_id = old->id;

  command_add (command, SLOT_NODE, index, ns_topo_node_copy (old), node);
  if (g_strcmp0 (old_id, node->id) == 0)
    return;
  for (guint i = 0; i < t->links->len; i++)
    {
      NsTopoLink *link = g_ptr_array_index (t->links, i);
      NsTopoLink *renamed;

      if (g_strcmp0 (link->a_node, old_id) != 0 && g_strcmp0 (link->b_node, old_id) != 0)
        continue;
      renamed = ns_topo_link_copy (link);
      if (g_strcmp0 (link->a_node, old_id) == 0)
        set_str (&renamed->a_node, node->id);
      if (g_strcmp0 (link->b_node, old_id) == 0)
        set_str (&renamed->b_node, node->id);
      command_add (command, SLOT_LINK, i, ns_topo_link_copy (link), renamed);
    }
  for (guint i = 0; i < t->scenario->len; i++)
    {
      NsTopoAction *action = g_ptr_array_index (t->scenario, i);
      NsTopoAction *renamed;

      if (g_strcmp0 (action->node, old_id) != 0)
        continue;
      renamed = ns_topo_action_copy (action);
      set_str (&renamed->node, node->id);
      command_add (command, SLOT_ACTION, i, ns_topo_action_copy (action), renamed);
    }
}

NsCommand *
ns_command_set_properties (const NsTopology *topology, const char *title, const char *description,
                           guint64 seed, gboolean routing_auto)
{
  NsCommand *command;

  g_return_val_if_fail (topology != NULL, NULL);
  if (g_strcmp0 (title, topology->title) == 0 &&
      g_strcmp0 (description, topology->description) == 0 && seed == topology->seed &&
      !routing_auto == !topology->routing_auto)
    return NULL;
  command = command_new (_("Change document properties"));
  command_add (command, SLOT_PROPERTIES, 0,
               properties_new (topology->title, topology->description, topology->seed,
                               topology->routing_auto),
               properties_new (title, description, seed, routing_auto));
  return command;
}

NsCommand *
ns_command_add_node (const NsTopology *topology, const NsTopoNode *node)
{
  static const char *const labels[] = { N_("Add host"), N_("Add router"), N_("Add switch") };
  NsCommand *command;

  g_return_val_if_fail (topology != NULL && node != NULL, NULL);
  command = command_new ((guint) node->kind < G_N_ELEMENTS (labels) ? _(labels[node->kind])
                                                                    : _("Add node"));
  command_add (command, SLOT_NODE, topology->nodes->len, NULL, ns_topo_node_copy (node));
  return command;
}

static gboolean
link_touches (const NsTopoLink *link, GHashTable *ids)
{
  return (link->a_node != NULL && g_hash_table_contains (ids, link->a_node)) ||
         (link->b_node != NULL && g_hash_table_contains (ids, link->b_node));
}

NsCommand *
ns_command_remove_nodes (const NsTopology *topology, const char *const *ids, guint n_ids)
{
  g_autoptr (GHashTable) set = g_hash_table_new (g_str_hash, g_str_equal);
  NsCommand *command;
  guint found = 0;

  g_return_val_if_fail (topology != NULL, NULL);
  for (guint i = 0; i < n_ids; i++)
    if (ns_topology_find_node (topology, ids[i]) != NULL && !g_hash_table_contains (set, ids[i]))
      {
        g_hash_table_add (set, (gpointer) ids[i]);
        found++;
      }
  if (found == 0)
    return NULL;
  command = command_new (NULL);
  command->label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Remove %u node",
                                                 "Remove %u nodes", found), found);
  /* Highest index first, so the indexes of the steps still to run hold;
   * undo re-inserts lowest first. Links go before their nodes. */
  for (guint i = topology->links->len; i > 0; i--)
    {
      NsTopoLink *link = g_ptr_array_index (topology->links, i - 1);

      if (link_touches (link, set))
        command_add (command, SLOT_LINK, i - 1, ns_topo_link_copy (link), NULL);
    }
  for (guint i = topology->nodes->len; i > 0; i--)
    {
      NsTopoNode *node = g_ptr_array_index (topology->nodes, i - 1);

      if (node->id != NULL && g_hash_table_contains (set, node->id))
        command_add (command, SLOT_NODE, i - 1, ns_topo_node_copy (node), NULL);
    }
  return command;
}

NsCommand *
ns_command_move_nodes (const NsTopology *topology, const char *const *ids, const double *xs,
                       const double *ys, guint n_ids)
{
  NsCommand *command = command_new (NULL);
  guint moved = 0;

  g_return_val_if_fail (topology != NULL, NULL);
  for (guint i = 0; i < n_ids; i++)
    {
      gint index = ns_topology_node_index (topology, ids[i]);
      NsTopoNode *node;
      NsTopoNode *after;

      if (index < 0)
        continue;
      node = g_ptr_array_index (topology->nodes, index);
      if (node->x == xs[i] && node->y == ys[i])
        continue;
      after = ns_topo_node_copy (node);
      after->x = xs[i];
      after->y = ys[i];
      command_add (command, SLOT_NODE, (guint) index, ns_topo_node_copy (node), after);
      moved++;
    }
  if (moved == 0)
    {
      ns_command_free (command);
      return NULL;
    }
  command->label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Move %u node",
                                                 "Move %u nodes", moved), moved);
  command->merge_key = g_strdup ("move");
  return command;
}

NsCommand *
ns_command_set_node (const NsTopology *topology, const char *id, const NsTopoNode *node)
{
  gint index;
  NsTopoNode *old;
  NsCommand *command;

  g_return_val_if_fail (topology != NULL && node != NULL, NULL);
  index = ns_topology_node_index (topology, id);
  if (index < 0)
    return NULL;
  old = g_ptr_array_index (topology->nodes, index);
  if (same_json (ns_topo_node_to_json (old), ns_topo_node_to_json (node)) &&
      old->x == node->x && old->y == node->y)
    return NULL;
  if (g_strcmp0 (id, node->id) != 0)
    {
      command = command_new (NULL);
      command->label = g_strdup_printf (_("Rename %s to %s"), id, node->id ? node->id : "");
    }
  else
    {
      command = command_new (NULL);
      command->label = g_strdup_printf (_("Edit %s"), id);
    }
  add_node_replace (command, topology, (guint) index, ns_topo_node_copy (node));
  return command;
}

NsCommand *
ns_command_rename_node (const NsTopology *topology, const char *id, const char *new_id)
{
  NsTopoNode *node;
  NsTopoNode *renamed;
  NsCommand *command;

  g_return_val_if_fail (topology != NULL, NULL);
  node = ns_topology_find_node (topology, id);
  if (node == NULL || g_strcmp0 (id, new_id) == 0)
    return NULL;
  renamed = ns_topo_node_copy (node);
  set_str (&renamed->id, new_id);
  command = ns_command_set_node (topology, id, renamed);
  ns_topo_node_free (renamed);
  return command;
}

NsCommand *
ns_command_add_iface (const NsTopology *topology, const char *id, const NsTopoIface *iface)
{
  gint index;
  NsTopoNode *node;
  NsCommand *command;

  g_return_val_if_fail (topology != NULL && iface != NULL, NULL);
  index = ns_topology_node_index (topology, id);
  if (index < 0)
    return NULL;
  node = ns_topo_node_copy (g_ptr_array_index (topology->nodes, index));
  g_ptr_array_add (node->ifaces, ns_topo_iface_copy (iface));
  command = command_new (NULL);
  command->label =
    g_strdup_printf (_ ("Add interface %s to %s"), iface->name ? iface->name : "", id);
  add_node_replace (command, topology, (guint) index, node);
  return command;
}

static gint
iface_index (const NsTopoNode *node, const char *name)
{
  for (guint i = 0; name != NULL && i < node->ifaces->len; i++)
    if (g_strcmp0 (((NsTopoIface *) g_ptr_array_index (node->ifaces, i))->name, name) == 0)
      return (gint) i;
  return -1;
}

static gint
link_index_at (const NsTopology *t, const char *node, const char *iface)
{
  NsTopoLink *link = ns_topology_link_at (t, node, iface);

  for (guint i = 0; link != NULL && i < t->links->len; i++)
    if (g_ptr_array_index (t->links, i) == link)
      return (gint) i;
  return -1;
}

NsCommand *
ns_command_remove_iface (const NsTopology *topology, const char *id, const char *name)
{
  gint index, at, link;
  NsTopoNode *node;
  NsCommand *command;

  g_return_val_if_fail (topology != NULL, NULL);
  index = ns_topology_node_index (topology, id);
  if (index < 0)
    return NULL;
  at = iface_index (g_ptr_array_index (topology->nodes, index), name);
  if (at < 0)
    return NULL;
  command = command_new (NULL);
  command->label = g_strdup_printf (_("Remove interface %s of %s"), name, id);
  link = link_index_at (topology, id, name);
  if (link >= 0)
    command_add (command, SLOT_LINK, (guint) link,
                 ns_topo_link_copy (g_ptr_array_index (topology->links, link)), NULL);
  node = ns_topo_node_copy (g_ptr_array_index (topology->nodes, index));
  g_ptr_array_remove_index (node->ifaces, (guint) at);
  add_node_replace (command, topology, (guint) index, node);
  return command;
}

NsCommand *
ns_command_rename_iface (const NsTopology *topology, const char *id, const char *name,
                         const char *new_name)
{
  gint index, at, link;
  NsTopoNode *node;
  NsCommand *command;
  NsTopoIface *iface;

  g_return_val_if_fail (topology != NULL, NULL);
  index = ns_topology_node_index (topology, id);
  if (index < 0 || g_strcmp0 (name, new_name) == 0)
    return NULL;
  at = iface_index (g_ptr_array_index (topology->nodes, index), name);
  if (at < 0)
    return NULL;
  command = command_new (NULL);
  command->label = g_strdup_printf (_("Rename interface %s to %s"), name,
                                    new_name ? new_name : "");
  node = ns_topo_node_copy (g_ptr_array_index (topology->nodes, index));
  iface = g_ptr_array_index (node->ifaces, at);
  set_str (&iface->name, new_name);
  add_node_replace (command, topology, (guint) index, node);
  link = link_index_at (topology, id, name);
  if (link >= 0)
    {
      NsTopoLink *old = g_ptr_array_index (topology->links, link);
      NsTopoLink *renamed = ns_topo_link_copy (old);

      if (g_strcmp0 (old->a_node, id) == 0 && g_strcmp0 (old->a_iface, name) == 0)
        set_str (&renamed->a_iface, new_name);
      else
        set_str (&renamed->b_iface, new_name);
      command_add (command, SLOT_LINK, (guint) link, ns_topo_link_copy (old), renamed);
    }
  return command;
}

NsCommand *
ns_command_add_link (const NsTopology *topology, const NsTopoLink *link)
{
  NsCommand *command;

  g_return_val_if_fail (topology != NULL && link != NULL, NULL);
  command = command_new (_("Add link"));
  command_add (command, SLOT_LINK, topology->links->len, NULL, ns_topo_link_copy (link));
  return command;
}

NsCommand *
ns_command_remove_links (const NsTopology *topology, const char *const *ids, guint n_ids)
{
  g_autoptr (GHashTable) set = g_hash_table_new (g_str_hash, g_str_equal);
  NsCommand *command;
  guint found = 0;

  g_return_val_if_fail (topology != NULL, NULL);
  for (guint i = 0; i < n_ids; i++)
    if (ns_topology_find_link (topology, ids[i]) != NULL && !g_hash_table_contains (set, ids[i]))
      {
        g_hash_table_add (set, (gpointer) ids[i]);
        found++;
      }
  if (found == 0)
    return NULL;
  command = command_new (NULL);
  command->label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Remove %u link",
                                                 "Remove %u links", found), found);
  for (guint i = topology->links->len; i > 0; i--)
    {
      NsTopoLink *link = g_ptr_array_index (topology->links, i - 1);

      if (link->id != NULL && g_hash_table_contains (set, link->id))
        command_add (command, SLOT_LINK, i - 1, ns_topo_link_copy (link), NULL);
    }
  return command;
}

NsCommand *
ns_command_set_link (const NsTopology *topology, const char *id, const NsTopoLink *link)
{
  gint index;
  NsTopoLink *old;
  NsCommand *command;

  g_return_val_if_fail (topology != NULL && link != NULL, NULL);
  index = ns_topology_link_index (topology, id);
  if (index < 0)
    return NULL;
  old = g_ptr_array_index (topology->links, index);
  if (same_json (ns_topo_link_to_json (old), ns_topo_link_to_json (link)))
    return NULL;
  command = command_new (NULL);
  command->label = g_strdup_printf (_("Edit link %s"), id);
  command_add (command, SLOT_LINK, (guint) index, ns_topo_link_copy (old),
               ns_topo_link_copy (link));
  return command;
}

NsCommand *
ns_command_add_action (const NsTopology *topology, gint index, const NsTopoAction *action)
{
  NsCommand *command;
  guint at;

  g_return_val_if_fail (topology != NULL && action != NULL, NULL);
  at = index < 0 || (guint) index > topology->scenario->len ? topology->scenario->len
                                                            : (guint) index;
  command = command_new (_("Add scenario action"));
  command_add (command, SLOT_ACTION, at, NULL, ns_topo_action_copy (action));
  return command;
}

NsCommand *
ns_command_remove_action (const NsTopology *topology, guint index)
{
  NsCommand *command;

  g_return_val_if_fail (topology != NULL, NULL);
  if (index >= topology->scenario->len)
    return NULL;
  command = command_new (_("Remove scenario action"));
  command_add (command, SLOT_ACTION, index,
               ns_topo_action_copy (g_ptr_array_index (topology->scenario, index)), NULL);
  return command;
}

NsCommand *
ns_command_move_action (const NsTopology *topology, guint from, guint to)
{
  NsCommand *command;
  NsTopoAction *action;

  g_return_val_if_fail (topology != NULL, NULL);
  if (from >= topology->scenario->len)
    return NULL;
  to = MIN (to, topology->scenario->len - 1);
  if (from == to)
    return NULL;
  action = g_ptr_array_index (topology->scenario, from);
  command = command_new (_("Move scenario action"));
  command_add (command, SLOT_ACTION, from, ns_topo_action_copy (action), NULL);
  command_add (command, SLOT_ACTION, to, NULL, ns_topo_action_copy (action));
  return command;
}

NsCommand *
ns_command_set_action (const NsTopology *topology, guint index, const NsTopoAction *action)
{
  NsTopoAction *old;
  NsCommand *command;

  g_return_val_if_fail (topology != NULL && action != NULL, NULL);
  if (index >= topology->scenario->len)
    return NULL;
  old = g_ptr_array_index (topology->scenario, index);
  if (same_json (ns_topo_action_to_json (old), ns_topo_action_to_json (action)) &&
      old->count == action->count && old->interval_ms == action->interval_ms)
    return NULL;
  command = command_new (_("Edit scenario action"));
  command_add (command, SLOT_ACTION, index, ns_topo_action_copy (old),
               ns_topo_action_copy (action));
  return command;
}

NsCommand *
ns_command_replace_all (const NsTopology *topology, const NsTopology *replacement,
                        const char *label)
{
  NsCommand *command;

  g_return_val_if_fail (topology != NULL && replacement != NULL, NULL);
  command = command_new (label != NULL ? label : _("Change document"));
  command_add (command, SLOT_DOCUMENT, 0, ns_topology_copy (topology),
               ns_topology_copy (replacement));
  return command;
}

/* ---- the stack ---- */

NsCommandStack *
ns_command_stack_new (NsTopology *topology)
{
  NsCommandStack *self;

  g_return_val_if_fail (topology != NULL, NULL);
  self = g_new0 (NsCommandStack, 1);
  self->topology = topology;
  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_command_free);
  self->redo = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_command_free);
  self->clean = 0;
  return self;
}

void
ns_command_stack_free (NsCommandStack *self)
{
  if (self == NULL)
    return;
  if (self->changed_destroy != NULL)
    self->changed_destroy (self->changed_data);
  g_ptr_array_unref (self->undo);
  g_ptr_array_unref (self->redo);
  ns_command_free (self->group);
  g_free (self);
}

NsTopology *
ns_command_stack_get_topology (NsCommandStack *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->topology;
}

void
ns_command_stack_set_changed_func (NsCommandStack *self, NsCommandStackChangedFunc func,
                                   gpointer user_data, GDestroyNotify destroy)
{
  g_return_if_fail (self != NULL);
  if (self->changed_destroy != NULL)
    self->changed_destroy (self->changed_data);
  self->changed = func;
  self->changed_data = user_data;
  self->changed_destroy = destroy;
}

static void
emit_changed (NsCommandStack *self)
{
  if (self->changed != NULL)
    self->changed (self, self->changed_data);
}

/* Whether @next only carries on @top (same objects replaced, same key). */
static gboolean
can_merge (const NsCommand *top, const NsCommand *next)
{
  if (top->merge_key == NULL || g_strcmp0 (top->merge_key, next->merge_key) != 0 ||
      top->steps->len != next->steps->len)
    return FALSE;
  for (guint i = 0; i < top->steps->len; i++)
    {
      Step *a = g_ptr_array_index (top->steps, i);
      Step *b = g_ptr_array_index (next->steps, i);

      if (a->kind != b->kind || a->index != b->index || a->before == NULL ||
          a->after == NULL || b->before == NULL || b->after == NULL)
        return FALSE;
    }
  return TRUE;
}

/* Keeps @top's "before" and takes @next's "after"; frees @next. */
static void
merge_into (NsCommand *top, NsCommand *next)
{
  for (guint i = 0; i < top->steps->len; i++)
    {
      Step *a = g_ptr_array_index (top->steps, i);
      Step *b = g_ptr_array_index (next->steps, i);

      slot_free (a->kind, a->after);
      a->after = g_steal_pointer (&b->after);
    }
  set_str (&top->label, next->label);
  ns_command_free (next);
}

static void
record (NsCommandStack *self, NsCommand *command)
{
  NsCommand *top = self->undo->len > 0 ? g_ptr_array_index (self->undo, self->undo->len - 1)
                                       : NULL;

  /* A clean point in the redo list can never be reached again. */
  if (self->clean > (gint) self->undo->len)
    self->clean = -1;
  g_ptr_array_set_size (self->redo, 0);
  if (top != NULL && self->can_merge && self->clean != (gint) self->undo->len &&
      can_merge (top, command))
    merge_into (top, command);
  else
    g_ptr_array_add (self->undo, command);
  self->can_merge = TRUE;
}

gboolean
ns_command_stack_push (NsCommandStack *self, NsCommand *command)
{
  g_return_val_if_fail (self != NULL, FALSE);
  if (command == NULL)
    return FALSE;
  command_do (command, self->topology);
  if (self->group != NULL)
    {
      g_ptr_array_extend_and_steal (self->group->steps, g_steal_pointer (&command->steps));
      command->steps = g_ptr_array_new ();
      ns_command_free (command);
    }
  else
    record (self, command);
  emit_changed (self);
  return TRUE;
}

gboolean
ns_command_stack_undo (NsCommandStack *self)
{
  NsCommand *command;

  g_return_val_if_fail (self != NULL, FALSE);
  if (self->group != NULL || self->undo->len == 0)
    return FALSE;
  command = g_ptr_array_steal_index (self->undo, self->undo->len - 1);
  command_undo (command, self->topology);
  g_ptr_array_add (self->redo, command);
  self->can_merge = FALSE;
  emit_changed (self);
  return TRUE;
}

gboolean
ns_command_stack_redo (NsCommandStack *self)
{
  NsCommand *command;

  g_return_val_if_fail (self != NULL, FALSE);
  if (self->group != NULL || self->redo->len == 0)
    return FALSE;
  command = g_ptr_array_steal_index (self->redo, self->redo->len - 1);
  command_do (command, self->topology);
  g_ptr_array_add (self->undo, command);
  self->can_merge = FALSE;
  emit_changed (self);
  return TRUE;
}

gboolean
ns_command_stack_can_undo (NsCommandStack *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->group == NULL && self->undo->len > 0;
}

gboolean
ns_command_stack_can_redo (NsCommandStack *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->group == NULL && self->redo->len > 0;
}

const char *
ns_command_stack_get_undo_label (NsCommandStack *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  if (self->undo->len == 0)
    return NULL;
  return ((NsCommand *) g_ptr_array_index (self->undo, self->undo->len - 1))->label;
}

const char *
ns_command_stack_get_redo_label (NsCommandStack *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  if (self->redo->len == 0)
    return NULL;
  return ((NsCommand *) g_ptr_array_index (self->redo, self->redo->len - 1))->label;
}

void
ns_command_stack_begin_group (NsCommandStack *self, const char *label)
{
  g_return_if_fail (self != NULL);
  if (self->group_depth++ == 0)
    self->group = command_new (label);
}

void
ns_command_stack_end_group (NsCommandStack *self)
{
  NsCommand *group;

  g_return_if_fail (self != NULL);
  g_return_if_fail (self->group_depth > 0);
  if (--self->group_depth > 0)
    return;
  group = g_steal_pointer (&self->group);
  if (group->steps->len == 0)
    {
      ns_command_free (group);
      return;
    }
  record (self, group);
  self->can_merge = FALSE;
  emit_changed (self);
}

void
ns_command_stack_set_clean (NsCommandStack *self)
{
  g_return_if_fail (self != NULL);
  self->clean = (gint) self->undo->len;
  self->can_merge = FALSE;
  emit_changed (self);
}

gboolean
ns_command_stack_is_dirty (NsCommandStack *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  if (self->group != NULL && self->group->steps->len > 0)
    return TRUE;
  return self->clean != (gint) self->undo->len;
}

void
ns_command_stack_clear (NsCommandStack *self)
{
  g_return_if_fail (self != NULL);
  g_ptr_array_set_size (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
  self->clean = 0;
  self->can_merge = FALSE;
  emit_changed (self);
}
