/* ns-scenario-editor.h: the list of scenario actions (time, node, action,
 * parameters): add, remove, reorder and edit, each as a command. */
#pragma once

#include <gtk/gtk.h>

#include "ns-document.h"

G_BEGIN_DECLS

#define NS_TYPE_SCENARIO_EDITOR (ns_scenario_editor_get_type ())
G_DECLARE_FINAL_TYPE (NsScenarioEditor, ns_scenario_editor, NS, SCENARIO_EDITOR, GtkWidget)

GtkWidget *ns_scenario_editor_new (void);
void       ns_scenario_editor_set_document (NsScenarioEditor *self,
                                            NsDocument       *document);

G_END_DECLS
