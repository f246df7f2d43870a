/* ns-activity-pane.h: the side panel page of a document's activity
 * (docs/file-format.md): its checks (the title and instructions are shown in
 * the window's lesson card, ns_activity_pane_get_texts), "Check my work" (run off
 * the main thread), the answers to question checks, and, for the teacher,
 * authoring: turning the document into an activity, adding checks from the
 * selection, locking objects. The student view hides what the checks
 * expect and the authoring tools. */
#pragma once

#include <gtk/gtk.h>

#include "core/activity.h"
#include "ns-document.h"

G_BEGIN_DECLS

#define NS_TYPE_ACTIVITY_PANE (ns_activity_pane_get_type ())
G_DECLARE_FINAL_TYPE (NsActivityPane, ns_activity_pane, NS, ACTIVITY_PANE, GtkWidget)

GtkWidget  *ns_activity_pane_new (void);
void        ns_activity_pane_set_document (NsActivityPane *self,
                                           NsDocument     *document);

/* "Check my work": grades every check in a worker thread; the rows show
 * the results when it is done, and the pane emits "checked". */
void        ns_activity_pane_check (NsActivityPane *self);
gboolean    ns_activity_pane_is_checking (NsActivityPane *self);
/* The last results (NsCheckResult*, one per check), or NULL. */
GPtrArray  *ns_activity_pane_get_results (NsActivityPane *self);
/* The text the pane shows for the score ("Score: 3 of 5"), or "". */
const char *ns_activity_pane_get_score_text (NsActivityPane *self);

/* Answers question check @index; TRUE if the answer matches the run's
 * (after a check run). */
gboolean    ns_activity_pane_answer (NsActivityPane *self,
                                     guint           index,
                                     const char     *answer);

void        ns_activity_pane_set_student_view (NsActivityPane *self,
                                               gboolean        student);
gboolean    ns_activity_pane_get_student_view (NsActivityPane *self);

/* The activity's title and instructions of @topology, in the user's
 * language where the file has them (docs/file-format.md); NULL without an
 * activity. */
void        ns_activity_pane_get_texts (NsActivityPane   *self,
                                        const NsTopology *topology,
                                        const char      **title_out,
                                        const char      **instructions_out);

/* ---- authoring (each one undo step) ---- */

/* Gives the document an empty activity titled after it. */
void        ns_activity_pane_create_activity (NsActivityPane *self);
void        ns_activity_pane_set_instructions (NsActivityPane *self,
                                               const char     *title,
                                               const char     *instructions);
/* Adds a check from the one selected node: "succeed" or "fail" (its first
 * scenario action must succeed or fail), "question" (the port or address
 * its first action used), or "field" (@field, relative to the node, e.g.
 * "gateway", must keep its current value). FALSE with a message in the
 * pane when the selection does not allow it. */
gboolean    ns_activity_pane_add_check (NsActivityPane *self,
                                        const char     *what,
                                        const char     *field);
void        ns_activity_pane_remove_check (NsActivityPane *self,
                                           guint           index);
/* Locks (or unlocks) the selected nodes and links. */
void        ns_activity_pane_lock_selection (NsActivityPane *self,
                                             gboolean        lock);

/* Whether @id (a node or link) of @document may not be edited. */
gboolean    ns_document_is_locked (NsDocument *document,
                                   const char *id);

G_END_DECLS
