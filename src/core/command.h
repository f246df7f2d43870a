/* command.h: undo and redo over a document.
 *
 * Every change the app makes to an NsTopology goes through a command pushed
 * on the document's NsCommandStack. A command records the JSON (as in the
 * file) of each object it touches, before and after, and undoing puts the
 * "before" back: undo and redo restore the document byte for byte as
 * ns_topology_to_data() writes it.
 *
 * Constructors take the document as it is now (the stack's topology) and
 * return NULL when what they name does not exist or when nothing would
 * change. They do not modify the document: ns_command_stack_push() does.
 *
 * Pointers into the document: a node, link or action that is edited in place
 * (set, move, rename) keeps its address across push/undo/redo; added and
 * removed ones do not, and array indexes shift. After the "changed" callback,
 * look objects up again by id (ns_topology_find_node) rather than keeping
 * pointers. */
#pragma once

#include <glib.h>

#include "core/topology.h"

G_BEGIN_DECLS

typedef struct _NsCommand      NsCommand;
typedef struct _NsCommandStack NsCommandStack;

typedef void (*NsCommandStackChangedFunc) (NsCommandStack *stack, gpointer user_data);

/* ---- commands ---------------------------------------------------------- */

void        ns_command_free (NsCommand *command);
const char *ns_command_get_label (const NsCommand *command);
/* Commands with the same non-NULL merge key pushed one after the other (with
 * no undo in between) become one undo step: the first's "before" and the
 * last's "after". ns_command_move_nodes() sets "move" by default; give a key
 * per drag (e.g. "move-17") so two drags stay two steps. */
void        ns_command_set_merge_key (NsCommand *command, const char *key);

/* Document properties: title and description (NULL = none), seed, routing. */
NsCommand  *ns_command_set_properties (const NsTopology *topology, const char *title,
                                       const char *description, guint64 seed,
                                       gboolean routing_auto);

/* Appends a copy of @node ("Add host"). */
NsCommand  *ns_command_add_node (const NsTopology *topology, const NsTopoNode *node);
/* Removes the nodes and every link attached to them ("Remove 3 nodes").
 * Scenario actions naming them stay (validation flags them). */
NsCommand  *ns_command_remove_nodes (const NsTopology *topology, const char *const *ids,
                                     guint n_ids);
/* Moves each node ids[i] to (xs[i], ys[i]) ("Move 3 nodes"). */
NsCommand  *ns_command_move_nodes (const NsTopology *topology, const char *const *ids,
                                   const double *xs, const double *ys, guint n_ids);
/* Replaces node @id by a copy of @node (any field: label, kind, interfaces,
 * gateway, dns, routes, services, x/y, extra). When node->id differs from
 * @id the node is renamed and the links and scenario actions naming it
 * follow ("Rename pc1 to laptop"). Interfaces that disappear keep their
 * links (validation flags them): use ns_command_remove_iface() to drop an
 * interface with its link, ns_command_rename_iface() to rename one. */
NsCommand  *ns_command_set_node (const NsTopology *topology, const char *id,
                                 const NsTopoNode *node);
NsCommand  *ns_command_rename_node (const NsTopology *topology, const char *id,
                                    const char *new_id);
/* Adds a copy of @iface to node @id. */
NsCommand  *ns_command_add_iface (const NsTopology *topology, const char *id,
                                  const NsTopoIface *iface);
/* Removes interface @name of node @id and the link attached to it. */
NsCommand  *ns_command_remove_iface (const NsTopology *topology, const char *id,
                                     const char *name);
/* Renames interface @name of node @id; the link attached to it follows. */
NsCommand  *ns_command_rename_iface (const NsTopology *topology, const char *id,
                                     const char *name, const char *new_name);

/* Appends a copy of @link ("Add link"). */
NsCommand  *ns_command_add_link (const NsTopology *topology, const NsTopoLink *link);
NsCommand  *ns_command_remove_links (const NsTopology *topology, const char *const *ids,
                                     guint n_ids);
/* Replaces link @id by a copy of @link (delay, loss, ... or endpoints/id). */
NsCommand  *ns_command_set_link (const NsTopology *topology, const char *id,
                                 const NsTopoLink *link);

/* Scenario. @index -1 (or past the end) appends. */
NsCommand  *ns_command_add_action (const NsTopology *topology, gint index,
                                   const NsTopoAction *action);
NsCommand  *ns_command_remove_action (const NsTopology *topology, guint index);
/* Moves the action at @from so that it ends at index @to. */
NsCommand  *ns_command_move_action (const NsTopology *topology, guint from, guint to);
NsCommand  *ns_command_set_action (const NsTopology *topology, guint index,
                                   const NsTopoAction *action);

/* Replaces the whole document by a copy of @replacement (e.g. "Paste",
 * "Auto-arrange", or any edit not covered above). */
NsCommand  *ns_command_replace_all (const NsTopology *topology, const NsTopology *replacement,
                                    const char *label);

/* ---- the stack --------------------------------------------------------- */

/* The stack edits @topology in place; it does not own it (the caller keeps
 * it alive longer than the stack). A new stack is clean. */
NsCommandStack *ns_command_stack_new (NsTopology *topology);
void            ns_command_stack_free (NsCommandStack *self);
NsTopology     *ns_command_stack_get_topology (NsCommandStack *self);

/* Called after every push, undo, redo, clear and clean-state change. */
void            ns_command_stack_set_changed_func (NsCommandStack *self,
                                                   NsCommandStackChangedFunc func,
                                                   gpointer user_data,
                                                   GDestroyNotify destroy);

/* Applies @command (taking it; NULL is ignored and gives FALSE) and records
 * it for undo; drops the redo list. Returns TRUE when the document changed. */
gboolean        ns_command_stack_push (NsCommandStack *self, NsCommand *command);
gboolean        ns_command_stack_undo (NsCommandStack *self);
gboolean        ns_command_stack_redo (NsCommandStack *self);
gboolean        ns_command_stack_can_undo (NsCommandStack *self);
gboolean        ns_command_stack_can_redo (NsCommandStack *self);
/* Label of the step undo/redo would take, or NULL ("Undo Move 3 nodes"). */
const char     *ns_command_stack_get_undo_label (NsCommandStack *self);
const char     *ns_command_stack_get_redo_label (NsCommandStack *self);

/* Pushes between begin and end become one undo step labelled @label
 * (e.g. connecting two nodes: add interfaces, add the link). Nests. */
void            ns_command_stack_begin_group (NsCommandStack *self, const char *label);
void            ns_command_stack_end_group (NsCommandStack *self);

/* The document as saved: is_dirty() is FALSE until the next push/undo/redo
 * moves away from this point (and TRUE again if undo goes behind it). */
void            ns_command_stack_set_clean (NsCommandStack *self);
gboolean        ns_command_stack_is_dirty (NsCommandStack *self);
/* Forgets all history (after loading a new document); marks clean. */
void            ns_command_stack_clear (NsCommandStack *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NsCommand, ns_command_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NsCommandStack, ns_command_stack_free)

G_END_DECLS
