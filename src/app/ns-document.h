/* ns-document.h: one open document: the topology, its undo stack, the file
 * it lives in, and the selection that the canvas and the side panel share.
 * Every change to the topology goes through a command (core/command.h). */
#pragma once

#include <gio/gio.h>

#include "core/command.h"
#include "core/topology.h"

G_BEGIN_DECLS

#define NS_TYPE_DOCUMENT (ns_document_get_type ())
G_DECLARE_FINAL_TYPE (NsDocument, ns_document, NS, DOCUMENT, GObject)

#define NS_DOCUMENT_ERROR (ns_document_error_quark ())
GQuark ns_document_error_quark (void);

typedef enum {
  NS_DOCUMENT_ERROR_CONNECT,   /* two nodes cannot be joined */
  NS_DOCUMENT_ERROR_INVALID,   /* the file would not load again */
} NsDocumentError;

NsDocument       *ns_document_new (void);
/* Takes @topology. @file (may be NULL: untitled) is where it was read. */
NsDocument       *ns_document_new_for_topology (NsTopology *topology,
                                                GFile      *file);

/* The model: read it, never write it (push commands instead). */
const NsTopology *ns_document_get_topology (NsDocument *self);
GFile            *ns_document_get_file (NsDocument *self);
/* A name for the title bar: the file's basename, the document's title for
 * an untitled copy of an example, or "Untitled". */
char             *ns_document_dup_display_name (NsDocument *self);
gboolean          ns_document_get_modified (NsDocument *self);
/* Makes an untitled document count as changed until saved (a recovered
 * one). */
void              ns_document_mark_modified (NsDocument *self);
/* Untitled, unchanged and empty: a window showing it may be reused. */
gboolean          ns_document_is_blank (NsDocument *self);

/* Writes the document to @file atomically; on success it becomes the
 * document's file and the document is clean. A document with an activity
 * that would not load again (a check naming what an edit removed) is not
 * written: NS_DOCUMENT_ERROR_INVALID lists the loader's problems. */
gboolean          ns_document_save (NsDocument *self,
                                    GFile      *file,
                                    GError    **error);

/* Applies @command (taken; NULL is ignored) as one undo step. */
gboolean          ns_document_push (NsDocument *self,
                                    NsCommand  *command);
void              ns_document_begin_group (NsDocument *self,
                                           const char *label);
void              ns_document_end_group (NsDocument *self);
gboolean          ns_document_undo (NsDocument *self);
gboolean          ns_document_redo (NsDocument *self);
gboolean          ns_document_can_undo (NsDocument *self);
gboolean          ns_document_can_redo (NsDocument *self);
const char       *ns_document_get_undo_label (NsDocument *self);
const char       *ns_document_get_redo_label (NsDocument *self);

/* ---- selection (ids; the sets are owned by the document) ---- */
GHashTable       *ns_document_get_selected_nodes (NsDocument *self);
GHashTable       *ns_document_get_selected_links (NsDocument *self);
guint             ns_document_get_n_selected (NsDocument *self);
void              ns_document_select_none (NsDocument *self);
void              ns_document_select_all (NsDocument *self);
/* Selects @id (a node or link); @add keeps the rest of the selection,
 * @toggle removes it when it was selected. */
void              ns_document_select_node (NsDocument *self,
                                           const char *id,
                                           gboolean    add,
                                           gboolean    toggle);
void              ns_document_select_link (NsDocument *self,
                                           const char *id,
                                           gboolean    add,
                                           gboolean    toggle);
/* Selects the nodes whose symbol meets @x0,@y0-@x1,@y1 (world). */
void              ns_document_select_area (NsDocument *self,
                                           double      x0,
                                           double      y0,
                                           double      x1,
                                           double      y1,
                                           gboolean    add);

/* ---- edits (each one undo step) ---- */
/* Adds a node at @x,@y with a fresh id ("pc3", "sw1", "r2"); returns the id. */
char             *ns_document_add_node (NsDocument *self,
                                        NsNodeKind  kind,
                                        double      x,
                                        double      y);
/* Moves the nodes @ids by @dx,@dy (one drag: one step); locked ones stay. */
void              ns_document_move_nodes (NsDocument        *self,
                                          const char *const *ids,
                                          guint              n_ids,
                                          double             dx,
                                          double             dy);
/* Joins @a and @b with a new link, adding interfaces where none is free
 * and proposing addresses: the LAN already on a switch, or a fresh
 * 10.0.N.0/24. Returns the new link's id, or NULL when either node is
 * locked by the activity. */
char             *ns_document_connect (NsDocument *self,
                                       const char *a,
                                       const char *b,
                                       GError    **error);
/* Removes the selected nodes (with their links) and links, except what
 * the document's activity locks (a node with a locked link stays too) or
 * its checks use. */
void              ns_document_delete_selection (NsDocument *self);
/* Copies the selected nodes and the links between them, offset, with
 * fresh ids and no addresses; selects the copies. */
void              ns_document_duplicate_selection (NsDocument *self);

/* A fresh id "PREFIXn" not used by any node or link. */
char             *ns_document_dup_fresh_id (NsDocument *self,
                                            const char *prefix);

G_END_DECLS
