/* ns-problems-dialog.h: the dialog that lists what is wrong with a file. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Shows @problems (text, one a line) in a dialog over @parent. */
void        ns_show_problems_dialog (GtkWindow  *parent,
                                     const char *primary,
                                     const char *problems);

G_END_DECLS
