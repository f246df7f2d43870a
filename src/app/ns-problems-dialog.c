/* ns-problems-dialog.c: the dialog that lists what is wrong with a file
 * (or a network that cannot be simulated), one problem a line. */
#include "config.h"

#include <glib/gi18n.h>

#include "ns-problems-dialog.h"

#include "core/validate.h"

void
ns_show_problems_dialog (GtkWindow *parent, const char *primary, const char *problems)
{
  GtkWidget *dialog, *scrolled, *label, *area;

  dialog = gtk_message_dialog_new (parent, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", primary);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            _("The file was not opened. Fix these problems and "
                                              "try again:"));
  /* Every problem, with its place in the file, selectable for copying. */
  {
    /* One problem a line; each may quote the file: no control or bidi
     * characters raw. */
    g_auto (GStrv) lines = g_strsplit (problems, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      {
        char *safe = ns_text_escape_controls (lines[i]);

        g_free (lines[i]);
        lines[i] = safe;
      }
    {
      g_autofree char *text = g_strjoinv ("\n", lines);

      label = gtk_label_new (text);
    }
  }
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_add_css_class (label, "problems");
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 140);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_widget_set_size_request (scrolled, 460, -1);
  gtk_widget_add_css_class (scrolled, "card");
  area = gtk_message_dialog_get_message_area (GTK_MESSAGE_DIALOG (dialog));
  gtk_box_append (GTK_BOX (area), scrolled);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}
