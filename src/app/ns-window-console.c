/* ns-window-console.c: the window's host consoles (CONTRACT.md §5): a
 * column beside the drawing, one console per host, several at once
 * (win.open-console). Created on first use. */
#include "config.h"

#include <glib/gi18n.h>

#include "ns-console.h"
#include "ns-window-private.h"

#define CONSOLE_AREA_KEY "ns-console-area"

static GtkWidget *
console_area (NsWindow *self, gboolean create)
{
  GtkWidget *area = g_object_get_data (G_OBJECT (self), CONSOLE_AREA_KEY);

  if (area == NULL && create)
    {
      area = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      /* Beside the drawing, not over it: the drawing keeps the width. */
      gtk_widget_set_size_request (area, 380, -1);
      gtk_widget_set_hexpand (area, FALSE);
      gtk_widget_set_margin_start (area, 4);
      gtk_widget_set_margin_end (area, 4);
      gtk_widget_add_css_class (area, "console-area");
      gtk_box_insert_child_after (GTK_BOX (self->main_box), area,
                                  GTK_WIDGET (self->canvas_overlay));
      g_object_set_data (G_OBJECT (self), CONSOLE_AREA_KEY, area);
    }
  return area;
}

/* The host a console opens on: the selected host or router, else the
 * first host of the drawing, or NULL when there is none. */
static const char *
default_node (NsWindow *self)
{
  const NsTopology *topology = ns_document_get_topology (self->document);
  GHashTable *selected = ns_document_get_selected_nodes (self->document);
  const char *first = NULL;

  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const NsTopoNode *node = g_ptr_array_index (topology->nodes, i);

      if (node->kind == NS_NODE_SWITCH)
        continue;
      if (selected != NULL && g_hash_table_contains (selected, node->id))
        return node->id;
      if (first == NULL && node->kind == NS_NODE_HOST)
        first = node->id;
    }
  return first;
}

NsConsole *
ns_window_open_console (NsWindow   *self,
                        const char *node)
{
  GtkWidget *area;
  GtkWidget *console;
  const NsTopology *topology;
  const NsTopoNode *tn;

  g_return_val_if_fail (NS_IS_WINDOW (self), NULL);
  if (node == NULL || *node == '\0')
    node = default_node (self);
  topology = ns_document_get_topology (self->document);
  tn = node != NULL ? ns_topology_find_node (topology, node) : NULL;
  if (tn == NULL || tn->kind == NS_NODE_SWITCH)
    {
      ns_window_show_message (self, _("Select a host or a router first: a console belongs to one"));
      return NULL;
    }
  area = console_area (self, TRUE);
  /* One console per host: opening it again shows the same one. */
  for (GtkWidget *child = gtk_widget_get_first_child (area); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (NS_IS_CONSOLE (child) && g_strcmp0 (ns_console_get_node (NS_CONSOLE (child)), tn->id) == 0)
      {
        gtk_widget_grab_focus (child);
        return NS_CONSOLE (child);
      }
  console = ns_console_new (self->document, self->run_panel, tn->id);
  gtk_widget_set_vexpand (console, TRUE);
  gtk_box_append (GTK_BOX (area), console);
  gtk_widget_grab_focus (console);
  return NS_CONSOLE (console);
}

GList *
ns_window_get_consoles (NsWindow *self)
{
  GtkWidget *area = console_area (self, FALSE);
  GList *list = NULL;

  for (GtkWidget *child = area != NULL ? gtk_widget_get_first_child (area) : NULL; child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (NS_IS_CONSOLE (child))
      list = g_list_append (list, child);
  return list;
}

static void
open_console_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  const char *node = parameter != NULL ? g_variant_get_string (parameter, NULL) : NULL;

  ns_window_open_console (NS_WINDOW (widget), node);
}

void
_ns_window_class_add_console_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open-console", "s", open_console_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.open-console", "s", "");
}
