/* ns-lesson-card.h: what the open file teaches, readable at once.
 *
 * The card shows a lesson (the file's title and description) and,
 * optionally, an activity (its title and instructions, docs/file-format.md) below
 * it. The texts wrap; a click on the heading collapses the card to one line
 * and another click brings it back. The window owns one card
 * (ns_window_get_lesson_card); anything else that has words for the
 * learner (an activity pane) puts them here rather than in a second card. */
#pragma once

#include <gtk/gtk.h>

#include "core/topology.h"

G_BEGIN_DECLS

#define NS_TYPE_LESSON_CARD (ns_lesson_card_get_type ())
G_DECLARE_FINAL_TYPE (NsLessonCard, ns_lesson_card, NS, LESSON_CARD, GtkWidget)

GtkWidget  *ns_lesson_card_new (void);

/* The lesson: @title and @body are plain text (NULL or "" for none). The
 * card hides itself when it has neither a lesson nor an activity. */
void        ns_lesson_card_set_lesson (NsLessonCard *self,
                                       const char   *title,
                                       const char   *body);
const char *ns_lesson_card_get_title (NsLessonCard *self);
const char *ns_lesson_card_get_body (NsLessonCard *self);

/* The activity's title and instructions, shown under the lesson with
 * their own heading; NULL @instructions removes the section. */
void        ns_lesson_card_set_activity (NsLessonCard *self,
                                         const char   *title,
                                         const char   *instructions);
const char *ns_lesson_card_get_activity_text (NsLessonCard *self);

/* Collapsed: only the heading line, with a button to bring the text back. */
void        ns_lesson_card_set_expanded (NsLessonCard *self,
                                         gboolean      expanded);
gboolean    ns_lesson_card_get_expanded (NsLessonCard *self);

/* The labels that hold the texts (for tests: they wrap, never ellipsize). */
GtkLabel   *ns_lesson_card_get_body_label (NsLessonCard *self);

/* The file's own translation of one of its texts (docs/file-format.md): @field
 * is "title", "description", or under the activity "activity.title",
 * "activity.instructions", in the first of the user's languages the file's
 * `i18n` object has; else @fallback (the plain field). */
const char *ns_lesson_translated (const NsTopology *topology,
                                  const char       *field,
                                  const char       *fallback);

G_END_DECLS
