/* ns-document.c: the open document and its selection. */
#include "config.h"

#include <glib/gi18n.h>
#include <graphene.h>

#include "core/topology-file.h"
#include "ns-document.h"

struct _NsDocument
{
  GObject         parent_instance;

  NsTopology     *topology;
  NsCommandStack *stack;
  GFile          *file;
  GHashTable     *selected_nodes;
  GHashTable     *selected_links;
  gboolean        forced_modified;

  /* Last values notified, so that notify fires only on change. */
  gboolean        modified;
  gboolean        can_undo;
  gboolean        can_redo;
};

G_DEFINE_FINAL_TYPE (NsDocument, ns_document, G_TYPE_OBJECT)
G_DEFINE_QUARK (ns-document-error-quark, ns_document_error)

enum {
  PROP_0,
  PROP_FILE,
  PROP_MODIFIED,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

enum {
  CHANGED,
  SELECTION_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
prune_set (GHashTable *set, gboolean (*exists) (const NsTopology *, const char *),
           const NsTopology *topology)
{
  GHashTableIter iter;
  gpointer key;
  gboolean changed = FALSE;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!exists (topology, key))
      {
        g_hash_table_iter_remove (&iter);
        changed = TRUE;
      }
  return changed;
}

static gboolean
node_exists (const NsTopology *topology, const char *id)
{
  return ns_topology_find_node (topology, id) != NULL;
}

static gboolean
link_exists (const NsTopology *topology, const char *id)
{
  return ns_topology_find_link (topology, id) != NULL;
}

static void
update_flag (NsDocument *self, gboolean *field, gboolean value, guint prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
update_state (NsDocument *self)
{
  update_flag (self, &self->modified, ns_document_get_modified (self), PROP_MODIFIED);
  update_flag (self, &self->can_undo, ns_command_stack_can_undo (self->stack), PROP_CAN_UNDO);
  update_flag (self, &self->can_redo, ns_command_stack_can_redo (self->stack), PROP_CAN_REDO);
}

/* Called by the stack after each push, undo, redo and clean change: the
 * document changed, and ids in the selection may be gone. */
static void
stack_changed_cb (NsCommandStack *stack, gpointer user_data)
{
  NsDocument *self = user_data;
  gboolean pruned;

  pruned = prune_set (self->selected_nodes, node_exists, self->topology);
  pruned |= prune_set (self->selected_links, link_exists, self->topology);
  g_signal_emit (self, signals[CHANGED], 0);
  if (pruned)
    g_signal_emit (self, signals[SELECTION_CHANGED], 0);
  update_state (self);
}

static void
ns_document_dispose (GObject *object)
{
  NsDocument *self = NS_DOCUMENT (object);

  g_clear_object (&self->file);
  G_OBJECT_CLASS (ns_document_parent_class)->dispose (object);
}

static void
ns_document_finalize (GObject *object)
{
  NsDocument *self = NS_DOCUMENT (object);

  g_clear_pointer (&self->stack, ns_command_stack_free);
  g_clear_pointer (&self->topology, ns_topology_free);
  g_clear_pointer (&self->selected_nodes, g_hash_table_unref);
  g_clear_pointer (&self->selected_links, g_hash_table_unref);
  G_OBJECT_CLASS (ns_document_parent_class)->finalize (object);
}

static void
ns_document_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  NsDocument *self = NS_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, ns_document_get_modified (self));
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, ns_document_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, ns_document_can_redo (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ns_document_class_init (NsDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ns_document_dispose;
  object_class->finalize = ns_document_finalize;
  object_class->get_property = ns_document_get_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The topology changed (edit, undo, redo). */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SELECTION_CHANGED] = g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                             G_TYPE_NONE, 0);
}

static void
ns_document_init (NsDocument *self)
{
  self->selected_nodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->selected_links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

NsDocument *
ns_document_new_for_topology (NsTopology *topology, GFile *file)
{
  NsDocument *self = g_object_new (NS_TYPE_DOCUMENT, NULL);

  g_return_val_if_fail (topology != NULL, NULL);

  self->topology = topology;
  self->stack = ns_command_stack_new (self->topology);
  ns_command_stack_set_changed_func (self->stack, stack_changed_cb, self, NULL);
  g_set_object (&self->file, file);
  return self;
}

NsDocument *
ns_document_new (void)
{
  return ns_document_new_for_topology (ns_topology_new (), NULL);
}

const NsTopology *
ns_document_get_topology (NsDocument *self)
{
  g_return_val_if_fail (NS_IS_DOCUMENT (self), NULL);
  return self->topology;
}

GFile *
ns_document_get_file (NsDocument *self)
{
  g_return_val_if_fail (NS_IS_DOCUMENT (self), NULL);
  return self->file;
}

char *
ns_document_dup_display_name (NsDocument *self)
{
  g_return_val_if_fail (NS_IS_DOCUMENT (self), NULL);

  if (self->file != NULL)
    return g_file_get_basename (self->file);
  if (self->topology->title != NULL && self->topology->title[0] != '\0')
    return g_strdup (self->topology->title);
  return g_strdup (_("Untitled"));
}

gboolean
ns_document_get_modified (NsDocument *self)
{
  g_return_val_if_fail (NS_IS_DOCUMENT (self), FALSE);
  return self->forced_modified || ns_command_stack_is_dirty (self->stack);
}

void
ns_document_mark_modified (NsDocument *self)
{
  g_return_if_fail (NS_IS_DOCUMENT (self));
  self->forced_modified = TRUE;
  update_state (self);
}

gboolean
ns_document_is_blank (NsDocument *self)
{
  g_return_val_if_fail (NS_IS_DOCUMENT (self), FALSE);
  return self->file == NULL && !ns_document_get_modified (self)
         && self->topology->nodes->len == 0 && self->topology->scenario->len == 0
         && !ns_command_stack_can_undo (self->stack);
}

gboolean
ns_document_save (NsDocument *self, GFile *file, GError **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (NS_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Only local files can be saved"));
      return FALSE;
    }
  if (self->topology->activity != NULL)
    {
      /* An activity's checks name nodes, paths and actions that an edit
       * may have broken: read what would be written as the loader does
       * and write nothing that would not load (docs/file-format.md: a bad check
       * is refused). */
      g_autofree char *data = ns_topology_to_data (self->topology, NULL);
      g_autofree char *name = g_file_get_basename (file);
      g_autoptr (GError) invalid = NULL;
      NsTopology *again = ns_topology_load_data (data, -1, name, &invalid);

      if (again == NULL)
        {
          g_set_error (error, NS_DOCUMENT_ERROR, NS_DOCUMENT_ERROR_INVALID,
                       _("The file would not open again, so it was not saved. "
                         "Fix these first:\n%s"),
                       invalid->message);
          return FALSE;
        }
      ns_topology_free (again);
    }
  if (!ns_topology_save_file (self->topology, path, error))
    return FALSE;

  self->forced_modified = FALSE;
  if (self->file == NULL || !g_file_equal (self->file, file))
    {
      g_set_object (&self->file, file);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
    }
  ns_command_stack_set_clean (self->stack);
  update_state (self);
  return TRUE;
}

gboolean
ns_document_push (NsDocument *self, NsCommand *command)
{
  g_return_val_if_fail (NS_IS_DOCUMENT (self), FALSE);
  return ns_command_stack_push (self->stack, command);
}

void
ns_document_begin_group (NsDocument *self, const char *label)
{
  ns_command_stack_begin_group (self->stack, label);
}

void
ns_document_end_group (NsDocument *self)
{
  ns_command_stack_end_group (self->stack);
}

gboolean
ns_document_undo (NsDocument *self)
{
  return ns_command_stack_undo (self->stack);
}

gboolean
ns_document_redo (NsDocument *self)
{
  return ns_command_stack_redo (self->stack);
}

gboolean
ns_document_can_undo (NsDocument *self)
{
  return ns_command_stack_can_undo (self->stack);
}

gboolean
ns_document_can_redo (NsDocument *self)
{
  return ns_command_stack_can_redo (self->stack);
}

const char *
ns_document_get_undo_label (NsDocument *self)
{
  return ns_command_stack_get_undo_label (self->stack);
}

const char *
ns_document_get_redo_label (NsDocument *self)
{
  return ns_command_stack_get_redo_label (self->stack);
}

/* ---- selection ---- */

GHashTable *
ns_document_get_selected_nodes (NsDocument *self)
{
  return self->selected_nodes;
}

GHashTable *
ns_document_get_selected_links (NsDocument *self)
{
  return self->selected_links;
}

guint
ns_document_get_n_selected (NsDocument *self)
{
  return g_hash_table_size (self->selected_nodes) + g_hash_table_size (self->selected_links);
}

static void
selection_changed (NsDocument *self)
{
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

void
ns_document_select_none (NsDocument *self)
{
  if (ns_document_get_n_selected (self) == 0)
    return;
  g_hash_table_remove_all (self->selected_nodes);
  g_hash_table_remove_all (self->selected_links);
  selection_changed (self);
}

void
ns_document_select_all (NsDocument *self)
{
  for (guint i = 0; i < self->topology->nodes->len; i++)
    {
      const NsTopoNode *node = g_ptr_array_index (self->topology->nodes, i);
      g_hash_table_add (self->selected_nodes, g_strdup (node->id));
    }
  for (guint i = 0; i < self->topology->links->len; i++)
    {
      const NsTopoLink *link = g_ptr_array_index (self->topology->links, i);
      g_hash_table_add (self->selected_links, g_strdup (link->id));
    }
  selection_changed (self);
}

static void
select_in (NsDocument *self, GHashTable *set, const char *id, gboolean add, gboolean toggle)
{
  gboolean was = g_hash_table_contains (set, id);

  if (!add)
    {
      g_hash_table_remove_all (self->selected_nodes);
      g_hash_table_remove_all (self->selected_links);
    }
  if (toggle && was)
    g_hash_table_remove (set, id);
  else
    g_hash_table_add (set, g_strdup (id));
  selection_changed (self);
}

void
ns_document_select_node (NsDocument *self, const char *id, gboolean add, gboolean toggle)
{
  select_in (self, self->selected_nodes, id, add, toggle);
}

void
ns_document_select_link (NsDocument *self, const char *id, gboolean add, gboolean toggle)
{
  select_in (self, self->selected_links, id, add, toggle);
}

void
ns_document_select_area (NsDocument *self, double x0, double y0, double x1, double y1,
                         gboolean add)
{
  graphene_rect_t area;

  graphene_rect_init (&area, MIN (x0, x1), MIN (y0, y1), ABS (x1 - x0), ABS (y1 - y0));
  if (!add)
    {
      g_hash_table_remove_all (self->selected_nodes);
      g_hash_table_remove_all (self->selected_links);
    }
  for (guint i = 0; i < self->topology->nodes->len; i++)
    {
      const NsTopoNode *node = g_ptr_array_index (self->topology->nodes, i);

      if (graphene_rect_contains_point (&area, &GRAPHENE_POINT_INIT (node->x, node->y)))
        g_hash_table_add (self->selected_nodes, g_strdup (node->id));
    }
  /* A link is in the area when both of its ends are. */
  for (guint i = 0; i < self->topology->links->len; i++)
    {
      const NsTopoLink *link = g_ptr_array_index (self->topology->links, i);

      if (g_hash_table_contains (self->selected_nodes, link->a_node)
          && g_hash_table_contains (self->selected_nodes, link->b_node))
        g_hash_table_add (self->selected_links, g_strdup (link->id));
    }
  selection_changed (self);
}
