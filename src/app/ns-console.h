/* ns-console.h: a host's console (CONTRACT.md §5) in the window: a
 * transcript (GtkTextView) and a prompt. A command that sends traffic
 * becomes a scenario action at the cursor's time (one undo step, which also
 * drops this host's console commands after that time: typing in the past
 * replaces the future); the network is simulated again and plays on, and
 * each output line shows once the cursor reaches the event that causes it.
 * Read-only commands print the state at the cursor at once. Up/Down walk
 * the history, Tab completes commands, node names and addresses, Ctrl+C
 * stops a running ping. */
#pragma once

#include <gtk/gtk.h>

#include "ns-document.h"
#include "ns-run-panel.h"

G_BEGIN_DECLS

#define NS_TYPE_CONSOLE (ns_console_get_type ())
G_DECLARE_FINAL_TYPE (NsConsole, ns_console, NS, CONSOLE, GtkWidget)

/* A console on @node of @document, whose run @run_panel plays. */
GtkWidget  *ns_console_new (NsDocument *document, NsRunPanel *run_panel, const char *node);
const char *ns_console_get_node (NsConsole *self);

/* Types @line as if Enter was pressed on it. */
void        ns_console_submit (NsConsole *self, const char *line);
/* Re-reads the run and the cursor (after a re-simulation or a seek). */
void        ns_console_sync (NsConsole *self);
/* The transcript as shown. */
char       *ns_console_dup_text (NsConsole *self);
/* The prompt's text; setting it puts the cursor at its end. */
const char *ns_console_get_input (NsConsole *self);
void        ns_console_set_input (NsConsole *self, const char *text);
/* Up (-1) / Down (+1) through the history. */
void        ns_console_history_move (NsConsole *self, int direction);
/* Tab: completes the prompt's last word; returns the candidates when
 * there is more than one (NULL-terminated; free with g_strfreev). */
char      **ns_console_complete (NsConsole *self);
/* Ctrl+C: stops this console's ping that is running at the cursor; FALSE
 * if none runs. */
gboolean    ns_console_interrupt (NsConsole *self);
/* Shows the page the last curl (whose output is complete at the cursor)
 * received in the run panel's inspector: status, headers and body as
 * text. FALSE if there is none. */
gboolean    ns_console_show_page (NsConsole *self);

G_END_DECLS
