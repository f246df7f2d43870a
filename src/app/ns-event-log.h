/* ns-event-log.h: every step of a run in a list (time, node, protocol,
 * what happened), filterable by protocol and node and searchable. The
 * cursor's step is always the selected row; selecting a row moves the
 * cursor there ("step-activated"). */
#pragma once

#include <gtk/gtk.h>

#include "core/player.h"

G_BEGIN_DECLS

#define NS_TYPE_EVENT_LOG (ns_event_log_get_type ())
G_DECLARE_FINAL_TYPE (NsEventLog, ns_event_log, NS, EVENT_LOG, GtkWidget)

GtkWidget *ns_event_log_new (void);
/* Borrowed; NULL empties the list. */
void       ns_event_log_set_player (NsEventLog *self,
                                    NsPlayer   *player);
/* Selects (and scrolls to) the cursor's step; call after every cursor
 * change. */
void       ns_event_log_sync (NsEventLog *self);
/* Filters: @protocol ("DNS"; NULL or "" for all), @node (NULL for all),
 * @text (searched in the summary and the why; NULL or "" for all). The
 * filter widgets show them. */
void       ns_event_log_set_filter (NsEventLog *self,
                                    const char *protocol,
                                    const char *node,
                                    const char *text);
guint      ns_event_log_get_n_rows (NsEventLog *self);
/* The step shown in row @row, or -1. */
gint       ns_event_log_get_row_step (NsEventLog *self,
                                      guint       row);
/* The step of the selected row, or -1. */
gint       ns_event_log_get_selected_step (NsEventLog *self);

G_END_DECLS
