/* ns-application.h: the GtkApplication: one window per document, the
 * shared menus (examples, recent files), settings and crash recovery. */
#pragma once

#include <gtk/gtk.h>

#include "ns-document.h"

G_BEGIN_DECLS

#define NS_APPLICATION_ID "io.github.netsketch.Netsketch"

#define NS_TYPE_APPLICATION (ns_application_get_type ())
G_DECLARE_FINAL_TYPE (NsApplication, ns_application, NS, APPLICATION, GtkApplication)

NsApplication *ns_application_new (void);
/* Records the process start; with NETSKETCH_TIME_STARTUP set, the first
 * window prints the time to its first drawn frame and the app quits (used
 * to measure startup). */
void           ns_application_mark_start (void);
/* The application's settings, or NULL when the schema is not installed. */
GSettings     *ns_application_get_settings (NsApplication *self);
/* The bundled examples and the recent files, as menu sections. */
GMenuModel    *ns_application_get_examples_menu (NsApplication *self);
GMenuModel    *ns_application_get_recent_menu (NsApplication *self);
/* Where the bundled examples are (source tree or installed). */
const char    *ns_application_get_examples_dir (void);

/* Opens @file: presents the window already showing it, or loads it into
 * @parent when that shows a blank document, or into a new window. A broken
 * file is reported in a dialog over @parent (may be NULL) and nothing else
 * changes. Returns FALSE in that case. */
gboolean       ns_application_open_file (NsApplication *self,
                                         GFile         *file,
                                         GtkWindow     *parent);
/* Shows @document (taken) in @parent if that is blank, else in a new
 * window; returns the window. */
GtkWindow     *ns_application_show_document (NsApplication *self,
                                             NsDocument    *document,
                                             GtkWindow     *parent);

G_END_DECLS
